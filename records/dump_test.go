package records

import (
	"os"
	"path/filepath"
	"testing"
)

// TestDump writes one LA's records to $CASELOAD_RECORDS_DIR when set (for
// scripts/records-check.sh without a full run).
func TestDump(t *testing.T) {
	dir := os.Getenv("CASELOAD_RECORDS_DIR")
	if dir == "" {
		t.Skip("CASELOAD_RECORDS_DIR not set")
	}
	files, _ := generate(t, testParams(20000), 1, 0)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
