package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/report"
)

// caseload data import: a folder without the published files is bad
// input (exit 2) and writes nothing.
func TestDataImportBadFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "c1_children_in_need_referrals_2025.csv"), []byte("time_period\n2025\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "las.csv")
	var stdout, stderr bytes.Buffer
	if code := run(&stdout, &stderr, []string{"data", "import", dir, "--out", out}, nil); code != exitBadInput {
		t.Fatalf("exit %d, want 2: %s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), filepath.Join(dir, "ons_mid-year_population_estimates_*.csv")) {
		t.Errorf("stderr %q", stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Error("a failed import wrote the table")
	}
}

func TestDataShow(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(&stdout, &stderr, []string{"data", "show", "stockport"}, nil); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	for _, w := range []string{"Stockport (E08000007, 356), North West", "referrals", "statistical neighbours: ", `as --la "Stockport" builds it (on the defaults): Stockport (E08000007, LA 356): 64910 children`, "fitted need ×"} {
		if !strings.Contains(stdout.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, stdout.String())
		}
	}
	// an LA's fit notes are shown once, a note of its figures once
	stdout.Reset()
	if code := run(&stdout, &stderr, []string{"data", "show", "Kent"}, nil); code != exitOK || strings.Count(stdout.String(), "fitted values far from the national ones") != 1 {
		t.Errorf("Kent: exit %d\n%s", code, stdout.String())
	}
	stdout.Reset()
	if code := run(&stdout, &stderr, []string{"data", "show", "Isles of Scilly"}, nil); code != exitOK || strings.Count(stdout.String(), "cla_at31 z: the mean of 10 statistical neighbours") != 1 || !strings.Contains(stdout.String(), "not fitted: 319 children") ||
		!strings.Contains(stdout.String(), "319 children, FSM 3.2%, 1 statutory post; the national parameters, not fitted") || strings.Contains(stdout.String(), "fitted need ×") {
		t.Errorf("the Isles of Scilly: exit %d\n%s", code, stdout.String())
	}
	stdout.Reset()
	stderr.Reset()
	if code := run(&stdout, &stderr, []string{"data", "show", "Stokport"}, nil); code != exitBadInput || !strings.Contains(stderr.String(), `"Stockport"`) {
		t.Errorf("an unknown LA: exit %d, %q", code, stderr.String())
	}
	stdout.Reset()
	if code := run(&stdout, &stderr, []string{"data", "show", "pilots"}, nil); code != exitOK || strings.Count(stdout.String(), "statistical neighbours") != 3 {
		t.Errorf("the pilots: exit %d\n%s", code, stdout.String())
	}
}

// --set la.area (what --la stands for): a known LA is built from its
// figures, an unknown one is bad input naming the nearest LAs.
func TestValidateArea(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(&stdout, &stderr, []string{"validate", scenario("baseline.yaml"), "--set", "la.area=Stockport"}, nil); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "note: la.area \"Stockport\" (--set): Stockport (E08000007, LA 356)") {
		t.Errorf("stdout %q", stdout.String())
	}
	stdout.Reset()
	stderr.Reset()
	code := run(&stdout, &stderr, []string{"validate", scenario("baseline.yaml"), "--set", "la.area=Stokport"}, nil)
	if code != exitBadInput || !strings.Contains(stderr.String(), `key la.area: value "Stokport"`) || !strings.Contains(stderr.String(), `"Stockport"`) {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

// caseload data list: a line for every LA of the shipped table, each
// name one that --la finds as that LA, then the groups.
func TestDataList(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(&stdout, &stderr, []string{"data", "list"}, nil); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	tab := dfe.LAs()
	lines := strings.Split(stdout.String(), "\n")
	if len(lines) < len(tab.LAs)+1 {
		t.Fatalf("%d lines for %d LAs", len(lines), len(tab.LAs))
	}
	for i, la := range tab.LAs {
		fields := strings.Fields(lines[i+1])
		if !strings.HasPrefix(lines[i+1], la.Name+" ") || !slices.Contains(fields, la.Code) || !slices.Contains(fields, la.OldCode) {
			t.Errorf("line %d %q, want %s (%s, %s)", i+1, lines[i+1], la.Name, la.Code, la.OldCode)
		}
		if found, err := tab.Find(la.Name); err != nil || found.Code != la.Code {
			t.Errorf("%s: listed, but finding it gives %v, %v", la.Name, found.Code, err)
		}
	}
	// what each LA's parameters are: Kent's fit wants care, Stockport's
	// does not, the Isles of Scilly keep the national ones
	for _, c := range []struct{ name, want string }{{"Kent", "fitted" + report.CautionMark}, {"Stockport", "fitted"}, {"Isles of Scilly", "national"}} {
		i := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, c.name+" ") })
		if i < 0 || !strings.HasSuffix(lines[i], "  "+c.want) {
			t.Errorf("%s: line %q, want it to end %q", c.name, lines[max(i, 0)], c.want)
		}
	}
	if marked := strings.Count(stdout.String(), report.CautionMark+"\n"); marked != 15 {
		t.Errorf("%d LAs marked, want the 15 whose fit took values far from England's (Solihull's figure out of reach among them)", marked)
	}
	for _, g := range dfe.GroupNames() {
		if !strings.Contains(stdout.String(), "  "+g+": ") {
			t.Errorf("group %s not listed", g)
		}
	}
	if code := run(&stdout, &stderr, []string{"data", "list", "Stockport"}, nil); code != exitBadInput {
		t.Errorf("an argument: exit %d, want 2", code)
	}
}
