package dfe

import (
	"bytes"
	"errors"
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

// A published file cut short, left with its header only, or holding
// figures that contradict each other is refused, naming the file: the
// table it would make has LAs without figures, or the wrong ones.
func TestImportRefusesDamagedFiles(t *testing.T) {
	src := realDir(t)
	const c1 = "c1_children_in_need_referrals_2013_to_2025.csv"
	const sn = "sn_model_2025_wide.csv"
	lines := func(t *testing.T, dir, name string) []string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return strings.SplitAfter(string(b), "\n")
	}
	write := func(t *testing.T, dir, name string, ls []string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.Join(ls, "")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// field k of a CSV line without quoted commas (the lines changed here)
	setField := func(line string, k int, v string) string {
		f := strings.Split(strings.TrimRight(line, "\r\n"), ",")
		f[k] = v
		return strings.Join(f, ",") + "\n"
	}
	for name, tc := range map[string]struct {
		damage func(t *testing.T, dir string)
		file   string
		says   string
	}{
		"referrals header only": {func(t *testing.T, dir string) { write(t, dir, c1, lines(t, dir, c1)[:1]) }, "c1_children_in_need_referrals", "at least 90%"},
		"referrals cut short":   {func(t *testing.T, dir string) { write(t, dir, c1, lines(t, dir, c1)[:100]) }, "c1_children_in_need_referrals", "at least 90%"},
		"neighbours cut short":  {func(t *testing.T, dir string) { write(t, dir, sn, lines(t, dir, sn)[:50]) }, "sn_model", "ten statistical neighbours"},
		"referrals twice, differently": {func(t *testing.T, dir string) {
			ls := lines(t, dir, c1)
			for _, l := range ls {
				if strings.HasPrefix(l, "2025,") && strings.Contains(l, ",Local authority,") {
					write(t, dir, c1, append(ls, setField(l, 11, "99999")))
					return
				}
			}
			t.Fatal("no LA line of 2025")
		}, "c1_children_in_need_referrals", "one figure for LA"},
		"an LA its own neighbour": {func(t *testing.T, dir string) {
			ls := lines(t, dir, sn)
			ls[1] = setField(ls[1], 4, strings.SplitN(ls[1], ",", 2)[0])
			write(t, dir, sn, ls)
		}, "sn_model", "an LA other than"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			es, err := os.ReadDir(src)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range es {
				b, err := os.ReadFile(filepath.Join(src, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
			}
			tc.damage(t, dir)
			out := filepath.Join(t.TempDir(), "las.csv")
			err = Import(dir, out)
			if !errors.Is(err, ErrBadFile) || !strings.Contains(err.Error(), tc.file) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("err %v, want %v naming %s and %q", err, ErrBadFile, tc.file, tc.says)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("a table was written")
			}
		})
	}
}
