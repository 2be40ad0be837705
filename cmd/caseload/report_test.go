package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every kind of results folder, made by the commands themselves on a
// small LA, gets a page, charts, a workbook and (where there are weekly
// results) annual.csv; the page fetches nothing and rebuilding it gives
// the same bytes.
func TestReportEveryKind(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte(`method: grid
factors:
  - key: statutory.posts
    low: 8
    high: 12
    levels: 2
  - key: need.crisis
    low: 0.001
    high: 0.0015
    levels: 2
morris:
  trajectories: 3
  levels: 4
sobol:
  base: 4
  repetitions: 2
`), 0o644)
	small := func(args ...string) []string {
		return append(append(args, "--quiet", "--years", "1"), smallLA...)
	}
	cases := []struct {
		name   string
		args   []string
		charts []string
		words  []string
	}{
		{"run", small("run", scenario("baseline.yaml"), "--reps", "3"),
			[]string{"costs", "fan-referrals", "caseload", "calibration"}, []string{"referrals a year", "published figures"}},
		{"compare", small("compare", scenario("baseline.yaml"), scenario("embedded.yaml"), "--reps", "3"),
			[]string{"differences", "costs", "fan-s47_enquiries", "caseload"}, []string{"embedded costs", "than baseline", "section 47 enquiries by"}},
		{"sweep", small("sweep", scenario("baseline.yaml"), "--design", design, "--reps", "2"),
			[]string{"sweep-care_entries_per_10k"}, []string{"4 points"}},
		{"oat", small("sensitivity", scenario("baseline.yaml"), "--design", design, "--method", "oat", "--reps", "2"),
			[]string{"tornado"}, []string{"moves most with"}},
		{"morris", small("sensitivity", scenario("baseline.yaml"), "--design", design, "--method", "morris", "--reps", "1"),
			[]string{"morris"}, []string{"matters most"}},
		{"sobol", small("sensitivity", scenario("baseline.yaml"), "--design", design, "--method", "sobol", "--reps", "1"),
			[]string{"sobol"}, []string{"of the variance"}},
		{"size", small("size", scenario("baseline.yaml"), "--vary", "statutory.posts", "--target", "statutory_weeks_over_cap <= 0.5", "--from", "4", "--to", "12", "--step", "4", "--reps", "2"),
			[]string{"size"}, []string{"statutory.posts"}},
		{"england", []string{"run", scenario("england.yaml"), "--reps", "1", "--years", "1", "--quiet", "--set", "national.places=", "--set", "national.las=10", "--set", "national.children=300000"},
			[]string{"areas-referrals_per_10k", "fan-referrals"}, []string{"local authorities"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, c.name)
			mustRun(t, nil, append(c.args, "--out", out)...)
			checkReport(t, out, c.charts, c.words)
		})
	}
	// the calibration command's folder: a run of the baseline whose
	// manifest names the command
	t.Run("calibration", func(t *testing.T) {
		out := filepath.Join(dir, "calibration")
		mustRun(t, nil, append(small("run", scenario("baseline.yaml"), "--reps", "3"), "--out", out)...)
		m := filepath.Join(out, "manifest.json")
		b := bytes.Replace(readFile(t, m), []byte(`"run"`), []byte(`"calibration"`), 1)
		os.WriteFile(m, b, 0o644)
		checkReport(t, out, []string{"calibration", "fan-referrals"}, []string{"Calibration: baseline", "published figures for England are reproduced"})
	})
	// a calibration of a real LA: its figures are not England's, so the
	// report does not set them beside England's
	t.Run("calibration of an LA", func(t *testing.T) {
		out := filepath.Join(dir, "calibration-la")
		mustRun(t, nil, "calibration", scenario("baseline.yaml"), "--la", "Rutland", "--reps", "2", "--years", "1", "--out", out)
		checkReport(t, out, []string{"fan-referrals"}, []string{"built for Rutland (la.area)", "not set beside England"})
		page := readFile(t, filepath.Join(out, "report.html"))
		if bytes.Contains(page, []byte("published figures for England are reproduced")) {
			t.Error("the report sets Rutland beside England's published figures")
		}
		if _, err := os.Stat(filepath.Join(out, "charts", "calibration.svg")); err == nil {
			t.Error("a calibration chart against England's figures was drawn")
		}
	})
	t.Run("trial", func(t *testing.T) {
		out := filepath.Join(dir, "trial")
		mustRun(t, nil, trialArgs(out)...)
		checkReport(t, out, []string{"trial-estimates", "trial-power"}, []string{"power"})
	})
}

var fetches = regexp.MustCompile(`(?i)<(script|link|img|iframe|object|embed)\b|url\(|(src|href)="(https?:)?//`)

func checkReport(t *testing.T, dir string, charts, words []string) {
	t.Helper()
	r := mustRun(t, nil, "report", dir)
	if !strings.Contains(r.stdout, "report written to") {
		t.Errorf("stdout: %s", r.stdout)
	}
	page := readFile(t, filepath.Join(dir, "report.html"))
	if m := fetches.Find(page); m != nil {
		t.Errorf("report.html would fetch something: %q", m)
	}
	for _, w := range append(words, "What was run", "<svg class=\"chart\"") {
		if !bytes.Contains(page, []byte(w)) {
			t.Errorf("report.html lacks %q", w)
		}
	}
	for _, c := range charts {
		for _, ext := range []string{".svg", ".png"} {
			if fi, err := os.Stat(filepath.Join(dir, "charts", c+ext)); err != nil || fi.Size() == 0 {
				t.Errorf("chart %s%s: %v", c, ext, err)
			}
		}
	}
	if fi, err := os.Stat(filepath.Join(dir, "results.xlsx")); err != nil || fi.Size() == 0 {
		t.Errorf("results.xlsx: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "weekly.csv")); err == nil {
		if rows := readCSV(t, filepath.Join(dir, "annual.csv")); len(rows) < 2 || rows[1][1] != "model year" {
			t.Errorf("annual.csv: %v", rows[:min(2, len(rows))])
		}
	}
	// results are built once and rendered again with the same bytes
	mustRun(t, nil, "report", dir)
	if again := readFile(t, filepath.Join(dir, "report.html")); !bytes.Equal(page, again) {
		t.Errorf("report.html differs when rebuilt")
	}
}

// A folder that is not a results folder is bad input: exit 2, and
// nothing is written into it.
func TestReportNotAResultsFolder(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o644)
	r := runCLI(t, nil, "report", dir)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "not a caseload results folder") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("folder now holds %v", got)
	}
	if r := runCLI(t, nil, "report", filepath.Join(dir, "missing")); r.code != exitBadInput {
		t.Errorf("missing folder: exit %d", r.code)
	}
	if r := runCLI(t, nil, "report"); r.code != exitBadInput {
		t.Errorf("no folder: exit %d", r.code)
	}
}

// A file of one's own in a results folder's charts/ is never lost: the
// report, a resumed run that ends with the report, and a run into the
// folder all refuse it (exit 2), naming it, and leave it where it is.
func TestStrangerInChartsKept(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("method: grid\nfactors:\n  - key: statutory.posts\n    low: 8\n    high: 12\n    levels: 2\n"), 0o644)
	small := func(args ...string) []string { return append(append(args, "--quiet", "--years", "1"), smallLA...) }
	runDir, sweepDir := filepath.Join(dir, "run"), filepath.Join(dir, "sweep")
	mustRun(t, nil, small("run", scenario("baseline.yaml"), "--reps", "2", "--out", runDir)...)
	mustRun(t, nil, small("sweep", scenario("baseline.yaml"), "--design", design, "--reps", "1", "--out", sweepDir)...)
	for name, args := range map[string][]string{
		"report":         {"report", runDir},
		"run":            small("run", scenario("baseline.yaml"), "--reps", "2", "--out", runDir),
		"resumed sweep":  small("sweep", scenario("baseline.yaml"), "--design", design, "--reps", "1", "--resume", sweepDir),
		"report (sweep)": {"report", sweepDir},
	} {
		folder := runDir
		if strings.Contains(name, "sweep") {
			folder = sweepDir
		}
		mine := filepath.Join(folder, "charts", "my-chart.svg")
		os.WriteFile(mine, []byte("mine"), 0o644)
		r := runCLI(t, nil, args...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, "charts/my-chart.svg") {
			t.Errorf("%s: exit %d, stderr %q", name, r.code, r.stderr)
		}
		if b, err := os.ReadFile(mine); string(b) != "mine" {
			t.Errorf("%s: my-chart.svg now %q (%v)", name, b, err)
		}
		os.Remove(mine)
	}
	// without it, each goes ahead
	mustRun(t, nil, "report", runDir)
	mustRun(t, nil, small("sweep", scenario("baseline.yaml"), "--design", design, "--reps", "1", "--resume", sweepDir)...)
}
