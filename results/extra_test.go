package results

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAddFiles: files added to a report appear in the folder, under their
// subfolders, and a name leaving the folder is refused.
func TestAddFiles(t *testing.T) {
	r := Summarize(fixture(t, 2))
	if err := r.AddFiles(File{"records/a/x.csv", []byte("x\n")}, File{"records/y.xml", []byte("<y/>")}); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "out")
	if err := r.Write(dir, Manifest{}, nil); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{"records/a/x.csv": "x\n", "records/y.xml": "<y/>"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || string(b) != want {
			t.Errorf("%s: %q, %v; want %q", name, b, err, want)
		}
	}
	for _, bad := range []string{"", "../x", "/tmp/x", "a/../../x", "a//b"} {
		if err := Summarize(fixture(t, 2)).AddFiles(File{bad, nil}); err == nil {
			t.Errorf("name %q accepted", bad)
		}
	}
}
