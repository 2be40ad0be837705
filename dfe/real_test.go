package dfe

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite las.csv from the published files")

// realDir finds the published files of shared/data/dfe in a folder above
// the package, or skips: the program never reads them, only the tests.
func realDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("CASELOAD_DFE_DATA"); d != "" {
		return d
	}
	dir, _ := filepath.Abs(".")
	for range 5 {
		dir = filepath.Dir(dir)
		if c := filepath.Join(dir, "shared", "data", "dfe"); isDir(c) {
			return c
		}
	}
	t.Skip("the published files (shared/data/dfe) are not here; set CASELOAD_DFE_DATA")
	return ""
}

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

func buildReal(t *testing.T) *Table {
	t.Helper()
	tab, err := Build(os.DirFS(realDir(t)))
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// The shipped las.csv is what Import makes of the published files (run
// with -update to rebuild it).
func TestShippedTableIsBuiltFromTheFiles(t *testing.T) {
	dir := realDir(t)
	out := filepath.Join(t.TempDir(), "las.csv")
	if err := Import(dir, out); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("las.csv", got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(got, shipped) {
		t.Error("las.csv differs from the table built from the published files; run go test ./dfe -run TestShipped -update")
	}
}

// The LA rows add up to England's figures within DfE's rounding (the
// data README: referrals 2025 632,828 against 632,830, and so on).
func TestLARowsSumToEngland(t *testing.T) {
	tab := buildReal(t)
	want := map[Measure]float64{Children: 12183016, Referrals: 632830, Section47: 230590, CPStarts: 61840, CLAAt31: 81770}
	for m, eng := range want {
		sum, e, ok := tab.Sum(m)
		if !ok || e != eng {
			t.Errorf("%s: England %v, want %v", m.Key(), e, eng)
		}
		if math.Abs(sum-eng) > 15 {
			t.Errorf("%s: LAs add up to %v, England %v", m.Key(), sum, eng)
		}
	}
	if err := tab.Check(); err != nil {
		t.Error(err)
	}
}

// Check refuses a table whose LA rows fall short of England's, and lets
// through one where an LA's figure is suppressed.
func TestCheckSums(t *testing.T) {
	tab := buildReal(t)
	bad := *tab
	bad.LAs = append([]LA(nil), tab.LAs...)
	bad.LAs[0].Figures[Referrals].Value *= 20 // Hartlepool's 2,020 referrals become 40,400
	if err := bad.Check(); err == nil || !strings.Contains(err.Error(), "c1_children_in_need_referrals_*.csv") {
		t.Errorf("a table 6%% over: %v", err)
	}
	bad.LAs[0].Figures[Referrals] = Figure{Value: 2020, Year: 2024}
	if err := bad.Check(); err != nil {
		t.Errorf("an LA's figure from the year before: %v", err)
	}
	bad.LAs[0].Figures[Referrals] = Figure{Year: 2025, Code: "c"}
	if err := bad.Check(); err != nil {
		t.Errorf("an LA with no figure: %v", err)
	}
	bad.LAs = bad.LAs[:120]
	for i := range bad.LAs {
		bad.LAs[i].Figures[Referrals] = Figure{Value: 2000, Year: 2025}
	}
	if err := bad.Check(); err == nil {
		t.Error("LA rows far short of England's")
	}
}
