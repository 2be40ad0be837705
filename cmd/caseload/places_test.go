package main

import (
	"html"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/sim"
)

// calibration --la shows the LA's published figures beside what it
// simulates, with intervals, its tolerance and its fitted parameters.
func TestCalibrationLA(t *testing.T) {
	r := mustRun(t, nil, "calibration", scenario("baseline.yaml"), "--la", "Rutland", "--reps", "2", "--years", "1")
	for _, w := range []string{"# Calibration of Rutland (E06000017, 857)", "Fitted parameters", "Tolerance ±19%",
		"| `referrals_per_10k` | 480.5 |", "`care_entries_per_10k`", "–"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("output lacks %q:\n%s", w, r.stdout)
		}
	}
	if n := strings.Count(r.stdout, "\n| `"); n != len(sim.TargetMetrics) {
		t.Errorf("%d rows of figures", n)
	}
	// a suppressed figure: the neighbours stand in, and the table says so
	r = mustRun(t, nil, "calibration", scenario("baseline.yaml"), "--la", "Isles of Scilly", "--reps", "2", "--years", "1")
	if !strings.Contains(r.stdout, "cla_at31 z: the mean of") || !strings.Contains(r.stdout, "not held\nto a tolerance") {
		t.Errorf("Scilly:\n%s", r.stdout)
	}
}

// --fit-las --la NAME refits one LA's row and writes the table atomically;
// --fit-las refuses a scenario and --set.
func TestFitLAsOne(t *testing.T) {
	out := filepath.Join(t.TempDir(), "fitted.csv")
	r := mustRun(t, nil, "calibration", "--fit-las", "--la", "Rutland", "--fit-out", out, "--quiet")
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ft, err := dfe.ReadFitTable(out, f)
	if err != nil {
		t.Fatal(err)
	}
	row, ok := ft.Row("E06000017")
	if !ok || len(ft.Rows) != len(dfe.LAs().LAs) || ft.Build != sim.FitBuild() || ft.Source != dfe.ShippedBlob() {
		t.Fatalf("table: %d rows, build %s, source %s; Rutland %v", len(ft.Rows), ft.Build, ft.Source, ok)
	}
	if !fitWithin(row) {
		t.Errorf("Rutland refitted: %+v", row)
	}
	_ = r
	if r := runCLI(t, nil, "calibration", "--fit-las", scenario("baseline.yaml")); r.code != exitBadInput || !strings.Contains(r.stderr, "expected no scenario") {
		t.Errorf("--fit-las with a scenario: exit %d, %s", r.code, r.stderr)
	}
	if r := runCLI(t, nil, "calibration", "--fit-las", "--set", "need.onset=0.01"); r.code != exitBadInput || !strings.Contains(r.stderr, "expected no --set") {
		t.Errorf("--fit-las with --set: exit %d, %s", r.code, r.stderr)
	}
}

// compare --neighbours runs a deployment in the LA and in each of its
// statistical neighbours against each one's own baseline.
func TestCompareNeighbours(t *testing.T) {
	out := filepath.Join(t.TempDir(), "nb")
	r := mustRun(t, nil, "compare", scenario("baseline.yaml"), scenario("embedded.yaml"), "--la", "Rutland", "--neighbours", "--reps", "2", "--years", "1", "--out", out)
	rows := readCSV(t, filepath.Join(out, neighboursCSV))
	la, _ := dfe.LAs().Find("Rutland")
	if len(rows) != 2+len(la.Neighbours) || rows[1][1] != "Rutland" || rows[1][2] != "the LA" || rows[2][2] != "neighbour 1" {
		t.Fatalf("rows: %d, first %v", len(rows), rows[1][:3])
	}
	nb, _ := dfe.LAs().ByCode(la.Neighbours[0])
	if rows[2][0] != nb.Code {
		t.Errorf("neighbour 1 is %s, want %s", rows[2][0], nb.Code)
	}
	h := strings.Join(rows[0], ",")
	for _, w := range []string{"s47_enquiries_change_per_10k", "s47_enquiries_change_low", "care_entries_change_pct", "cost_total_change", "school_worker_fte_per_10k"} {
		if !strings.Contains(h, w) {
			t.Errorf("header lacks %s", w)
		}
	}
	// Shropshire and Hampshire, whose fits took values far from England's,
	// are marked, with the key; Wiltshire is not
	for _, w := range []string{"| Shropshire" + report.CautionMark + " | neighbour 3 |", "| Hampshire" + report.CautionMark + " | neighbour 5 |", "| Wiltshire | neighbour 1 |", report.CautionLine} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("table lacks %q:\n%s", w, r.stdout)
		}
	}
	for _, w := range []string{"# Rutland and its statistical neighbours", "In places like Rutland", "neighbours' median"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("table lacks %q:\n%s", w, r.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
		t.Error(err)
	}
	// the run writes its report, as every command that writes a results
	// folder does; caseload report renders the same page from the folder:
	// every LA, a chart of each figure and the cost, where the LA lies
	// among its neighbours
	written := readFile(t, filepath.Join(out, report.HTMLFile))
	mustRun(t, nil, "report", out)
	page := string(readFile(t, filepath.Join(out, report.HTMLFile)))
	if page != string(written) {
		t.Error("caseload report's page differs from the one the run wrote")
	}
	for _, w := range []string{"<h1>Rutland and its statistical neighbours: embedded against baseline</h1>", "neighbours&#39; median", "over 2 replications, seed 1",
		`id="chart-neighbours-care_entries"`, `id="chart-neighbours-cost_total"`, "Notes, by LA", "common random numbers"} {
		if !strings.Contains(page, w) {
			t.Errorf("report.html lacks %q", w)
		}
	}
	for _, row := range rows[1:] {
		head := ">" + html.EscapeString(row[1]) + " (" + row[2] + ")"
		if !strings.Contains(page, head+"</h3>") && !strings.Contains(page, head+report.CautionMark+"</h3>") {
			t.Errorf("report.html lacks %s's notes", row[1])
		}
	}
	if _, err := os.Stat(filepath.Join(out, report.WorkbookFile)); err != nil {
		t.Error(err)
	}
	// the folder, report and all, takes the command again
	mustRun(t, nil, "compare", scenario("baseline.yaml"), scenario("embedded.yaml"), "--la", "Rutland", "--neighbours", "--reps", "2", "--years", "1", "--out", out, "--quiet")
	if r := runCLI(t, nil, "compare", scenario("embedded.yaml"), "--neighbours"); r.code != exitBadInput || !strings.Contains(r.stderr, "expected --la NAME") {
		t.Errorf("--neighbours without --la: exit %d, %s", r.code, r.stderr)
	}
}

// A bad figures file is bad input: exit 2, naming the file, the key and
// the value.
func TestFiguresFileExit(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "s.yaml"), []byte("extends: "+abs(t, scenario("baseline.yaml"))+"\nla:\n  area: Stockport\n  figures_file: mine.yaml\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("referrals: lots\n"), 0o644)
	r := runCLI(t, nil, "validate", filepath.Join(dir, "s.yaml"))
	if r.code != exitBadInput || !strings.Contains(r.stderr, "mine.yaml") || !strings.Contains(r.stderr, "key referrals") || !strings.Contains(r.stderr, `"lots"`) {
		t.Errorf("exit %d: %s", r.code, r.stderr)
	}
}

// Every command that builds a scenario takes --la NAME, and params shows
// the values the scenario resolves to in that LA.
func TestEveryScenarioCommandTakesLA(t *testing.T) {
	root := newRootCommand(globals{stdout: io.Discard, stderr: io.Discard})
	n := 0
	for _, c := range root.Commands() {
		if !strings.Contains(c.Use, "SCENARIO") && !strings.Contains(c.Use, ".yaml") {
			continue
		}
		n++
		if c.Flags().Lookup("la") == nil {
			t.Errorf("%s takes a scenario but has no --la", c.Name())
		}
	}
	if n < 9 {
		t.Errorf("%d commands take a scenario, expected run, compare, validate, params, calibration, sweep, sensitivity, size, trial and optimise", n)
	}
	r := mustRun(t, nil, "params", scenario("baseline.yaml"), "--la", "Stockport")
	if !strings.Contains(r.stdout, "| `la.area` |") || !strings.Contains(r.stdout, " | Stockport | ") {
		t.Errorf("params --la Stockport does not show the area:\n%.2000s", r.stdout)
	}
}

// --la and --set share one list in command-line order whichever comes
// first: a --set after --la neither drops the LA nor is lost, on every
// command that takes both; an empty --la is refused; params --la with no
// scenario builds the defaults for the LA.
func TestLABeforeSet(t *testing.T) {
	root := newRootCommand(globals{stdout: io.Discard, stderr: io.Discard})
	for _, c := range root.Commands() {
		if c.Flags().Lookup("la") == nil || c.Flags().Lookup("set") == nil {
			continue
		}
		if err := c.Flags().Parse([]string{"--la", "Rutland", "--set", "years=1", "--la", "Stockport", "--set", "la.children=50000"}); err != nil {
			t.Fatalf("%s: %v", c.Name(), err)
		}
		got := c.Flags().Lookup("set").Value.String()
		if want := "[la.area=Rutland,years=1,la.area=Stockport,la.children=50000]"; got != want {
			t.Errorf("%s: --set %s, want %s", c.Name(), got, want)
		}
		// merge runs a shard's command again with the same list
		if got, want := strings.Join(rerunArgs(c, nil), " "), c.Name()+" --set=la.area=Rutland --set=years=1 --set=la.area=Stockport --set=la.children=50000"; got != want {
			t.Errorf("rerun: %s, want %s", got, want)
		}
	}
	// --la alone (no --set) is not lost either
	for _, c := range newRootCommand(globals{stdout: io.Discard, stderr: io.Discard}).Commands() {
		if c.Flags().Lookup("la") == nil || c.Flags().Lookup("set") == nil {
			continue
		}
		if err := c.Flags().Parse([]string{"--la", "Rutland"}); err != nil {
			t.Fatalf("%s: %v", c.Name(), err)
		}
		if got, want := strings.Join(rerunArgs(c, nil), " "), c.Name()+" --set=la.area=Rutland"; got != want {
			t.Errorf("rerun of --la alone: %s, want %s", got, want)
		}
	}
	out := filepath.Join(t.TempDir(), "run")
	mustRun(t, nil, "run", scenario("baseline.yaml"), "--la", "Rutland", "--set", "years=1", "--reps", "1", "--out", out, "--quiet")
	if m := string(readFile(t, filepath.Join(out, "manifest.json"))); !strings.Contains(m, `"area": "Rutland"`) {
		t.Errorf("run --la Rutland --set years=1: the manifest lacks the area:\n%.3000s", m)
	}
	// an unknown or reorganised LA is blamed on --la, which the user
	// typed, not on the --set it stands for
	for _, c := range []struct{ name, want string }{
		{"Nowhere", "nearest names"},
		{"Rutlandx", `"Rutland"`},
		{"Cumbria", `reorganised into "Cumberland" and "Westmorland and Furness"`},
	} {
		x := filepath.Join(t.TempDir(), "x")
		r := runCLI(t, nil, "run", scenario("baseline.yaml"), "--la", c.name, "--set", "years=1", "--out", x)
		if r.code != exitBadInput || !strings.Contains(r.stderr, `"`+c.name+`" for "--la"`) || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stderr, "--set") {
			t.Errorf("--la %s --set years=1: exit %d, %s", c.name, r.code, r.stderr)
		}
		if _, err := os.Stat(x); !os.IsNotExist(err) {
			t.Errorf("--la %s: the results folder was made (%v)", c.name, err)
		}
	}
	if r := runCLI(t, nil, "params", "--la", ""); r.code != exitBadInput || !strings.Contains(r.stderr, `"--la"`) {
		t.Errorf(`--la "": exit %d, %s`, r.code, r.stderr)
	}
	r := mustRun(t, nil, "params", "--la", "Stockport")
	if !strings.Contains(r.stdout, " | Stockport | ") || !strings.Contains(r.stdout, " | 64910 | ") {
		t.Errorf("params --la Stockport:\n%.2000s", r.stdout)
	}
}

// params shows the values a run would take: with no scenario, the
// defaults as the environment and --set change them, checked as a
// scenario's are (a bad CASELOAD_ value is refused, not ignored).
func TestParamsTakesTheEnvironmentAndSet(t *testing.T) {
	r := mustRun(t, []string{"CASELOAD_LA_CHILDREN=5000"}, "params")
	if !strings.Contains(r.stdout, "| `la.children` |") || !strings.Contains(r.stdout, " | 5000 | ") {
		t.Errorf("CASELOAD_LA_CHILDREN=5000 params:\n%.1500s", r.stdout)
	}
	r = mustRun(t, nil, "params", scenario("baseline.yaml"), "--set", "years=1")
	if !strings.Contains(r.stdout, "| `years` | years | [1, 50] | 1 |") {
		t.Errorf("params --set years=1: %.3000s", r.stdout)
	}
	if r := runCLI(t, []string{"CASELOAD_YEARS=abc"}, "params"); r.code != exitBadInput || !strings.Contains(r.stderr, "CASELOAD_YEARS") {
		t.Errorf("CASELOAD_YEARS=abc params: exit %d, %s", r.code, r.stderr)
	}
}

// A comparison of a real LA (--la) says which LA it is (name and code) and
// that its parameters are fitted to its own published figures: in the
// terminal's notes, in manifest.json, and in the report's title and summary.
func TestCompareLANamesThePlace(t *testing.T) {
	out := filepath.Join(t.TempDir(), "stockport")
	r := mustRun(t, nil, "compare", scenario("baseline.yaml"), scenario("embedded.yaml"), "--la", "Stockport",
		"--reps", "2", "--years", "1", "--out", out)
	place := "Stockport (E08000007, LA 356), a real local authority: its parameters are fitted to its own published figures"
	if !strings.Contains(r.stdout, "Notes:\n  Local authority: "+place) {
		t.Errorf("terminal lacks the place:\n%s", r.stdout)
	}
	man, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(man), `"place": "`+place) != 2 || !strings.Contains(string(man), `"notes": [`) {
		t.Errorf("manifest lacks the place or the notes of both scenarios:\n%.2000s", man)
	}
	mustRun(t, nil, "report", out)
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"<h1>Comparison of baseline and embedded (Stockport)</h1>", "Local authority: Stockport (E08000007, LA 356)",
		"fitted to its own published figures (DfE children&#39;s social care statistics"} {
		if !strings.Contains(string(page), w) {
			t.Errorf("report lacks %q", w)
		}
	}
	// without --la the report names no place
	plain := filepath.Join(t.TempDir(), "england")
	mustRun(t, nil, "compare", scenario("baseline.yaml"), scenario("embedded.yaml"), "--reps", "2", "--years", "1", "--out", plain, "--quiet")
	mustRun(t, nil, "report", plain)
	if page, _ := os.ReadFile(filepath.Join(plain, "report.html")); strings.Contains(string(page), "Local authority:") {
		t.Error("a run of the typical LA names a local authority")
	}
}

// Workers with little casework are flagged in the terminal, manifest.json
// and the report (results.IdleNote); workers who find more families
// (detection raised) are not.
func TestIdleWorkersFlagged(t *testing.T) {
	const note = "school-based workers carry "
	out := filepath.Join(t.TempDir(), "light")
	r := mustRun(t, nil, "run", scenario("embedded.yaml"), "--reps", "2", "--years", "1", "--out", out)
	if !strings.Contains(r.stdout, "Notes:\n  "+note) || !strings.Contains(r.stdout, "of their hours (school_worker_hours_share_*)") {
		t.Errorf("terminal lacks the note:\n%s", r.stdout)
	}
	man, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	if !strings.Contains(string(man), note) {
		t.Error("manifest lacks the note")
	}
	mustRun(t, nil, "report", out)
	if page, _ := os.ReadFile(filepath.Join(out, "report.html")); !strings.Contains(string(page), note) {
		t.Error("report lacks the note")
	}
	busy := filepath.Join(t.TempDir(), "busy")
	r = mustRun(t, nil, "run", scenario("embedded.yaml"), "--reps", "2", "--years", "1", "--out", busy,
		"--set", "effects.detect_primary=0.1", "--set", "effects.detect_secondary=0.1")
	if strings.Contains(r.stdout, note) {
		t.Errorf("busy workers flagged:\n%s", r.stdout)
	}
}

// With la.figures_file the notes say which figures were the user's and
// which the published table's, in the terminal, manifest.json and the
// report; figures implausible for the LA's size are refused naming the
// file, the key, the value and what was expected.
func TestOwnFiguresNoted(t *testing.T) {
	dir := t.TempDir()
	s := filepath.Join(dir, "s.yaml")
	os.WriteFile(s, []byte("extends: "+abs(t, scenario("baseline.yaml"))+"\nla:\n  area: Stockport\n  figures_file: mine.yaml\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("children: 60000\nreferrals: 4200\ns47: 1500\n"), 0o644)
	out := filepath.Join(dir, "out")
	r := mustRun(t, nil, "run", s, "--reps", "2", "--years", "1", "--out", out)
	mustRun(t, nil, "report", out)
	man, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	page, _ := os.ReadFile(filepath.Join(out, "report.html"))
	for where, text := range map[string]string{"terminal": r.stdout, "manifest": string(man), "report": strings.ReplaceAll(string(page), "&#39;", "'")} {
		for _, w := range []string{"the user's figures (this file) replace the published ones: children 64910 → 60000, referrals 3676 → 4200, section47 1079 → 1500",
			"the published table's figures (DfE, dfe/las.csv) stand for the rest: nfa, cp_starts", "fitted to its own figures, those in the figures file mine.yaml (the user's)"} {
			if !strings.Contains(text, w) {
				t.Errorf("%s lacks %q", where, w)
			}
		}
	}
	os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("children: 60000\nreferrals: 42000\n"), 0o644)
	r = runCLI(t, nil, "run", s, "--reps", "2", "--years", "1", "--out", filepath.Join(dir, "bad"))
	for _, w := range []string{"mine.yaml", "key referrals", "value 42000", "for 60000 children"} {
		if r.code != exitBadInput || !strings.Contains(r.stderr, w) {
			t.Errorf("implausible referrals: exit %d, stderr lacks %q: %s", r.code, w, r.stderr)
		}
	}
}
