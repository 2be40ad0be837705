package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// sweepDiffs runs a two-point sweep of scenario against ref and returns,
// per metric name, the diff_ means of sweep.csv in point order.
func sweepDiffs(t *testing.T, scenarioFile, ref string, design string) map[string][]float64 {
	t.Helper()
	dir := t.TempDir()
	d := filepath.Join(dir, "design.yaml")
	os.WriteFile(d, []byte(design), 0o644)
	out := filepath.Join(dir, "out")
	args := append([]string{"sweep", scenarioFile, "--design", d, "--against", ref, "--reps", "2", "--seed", "5",
		"--years", "1", "--quiet", "--out", out}, smallLA...)
	mustRun(t, nil, args...)
	recs := readCSV(t, filepath.Join(out, "sweep.csv"))
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	diffs := map[string][]float64{}
	for _, r := range recs[1:] {
		m := r[col["metric"]]
		if !strings.HasPrefix(m, "diff_") {
			continue
		}
		v, err := strconv.ParseFloat(r[col["mean"]], 64)
		if err != nil {
			t.Fatalf("%s mean %q", m, r[col["mean"]])
		}
		diffs[m] = append(diffs[m], v)
	}
	return diffs
}

// With the scenario as its own reference, every paired difference at
// every point is exactly 0: the reference runs on the same random numbers
// and takes the point's overrides.
func TestAgainstItselfDiffersByNothing(t *testing.T) {
	design := "method: grid\nfactors:\n  - {key: statutory.posts, low: 8, high: 12, levels: 2}\n"
	diffs := sweepDiffs(t, scenario("embedded.yaml"), scenario("embedded.yaml"), design)
	if len(diffs) < 100 {
		t.Fatalf("%d diff_ metrics, want one per metric of the registry", len(diffs))
	}
	for m, vs := range diffs {
		for i, v := range vs {
			if v != 0 {
				t.Errorf("point %d: %s = %v, want exactly 0", i, m, v)
			}
		}
	}
}

// Against the baseline, a factor of the deployment moves only the
// scenario: diff_school_worker_fte is the team's FTE at each point, while
// a shared factor moves both sides and the reference keeps no workers.
func TestAgainstBaselineMeasuresTheDeployment(t *testing.T) {
	design := "method: grid\nfactors:\n  - {key: school_workforce.teams.embedded.fte, low: 1, high: 2, levels: 2}\n"
	diffs := sweepDiffs(t, scenario("embedded.yaml"), scenario("baseline.yaml"), design)
	got := diffs["diff_school_worker_fte"]
	if len(got) != 2 || got[0] != 1 || got[1] != 2 {
		t.Errorf("diff_school_worker_fte = %v, want [1 2]", got)
	}
	if c := diffs["diff_cost_school_workforce"]; len(c) != 2 || !(c[1] > c[0] && c[0] > 0) {
		t.Errorf("diff_cost_school_workforce = %v, want positive and rising with FTE", c)
	}
}

// A diff_ metric without --against is bad input.
func TestDiffMetricNeedsAgainst(t *testing.T) {
	r := runCLI(t, nil, "size", scenario("embedded.yaml"), "--vary", "school_workforce.teams.embedded.fte",
		"--from", "1", "--to", "2", "--target", "diff_s47_enquiries <= -10")
	if r.code != exitBadInput || !strings.Contains(r.stderr, "diff_s47_enquiries") {
		t.Errorf("exit %d, stderr %q: want %d naming the metric", r.code, r.stderr, exitBadInput)
	}
}

// --max-sims counts the reference's runs: two points of two replications
// against a reference make eight simulations.
func TestAgainstCountsTheReference(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "design.yaml")
	os.WriteFile(d, []byte("method: grid\nfactors:\n  - {key: statutory.posts, low: 8, high: 12, levels: 2}\n"), 0o644)
	args := func(limit, out string) []string {
		return append([]string{"sweep", scenario("embedded.yaml"), "--design", d, "--against", scenario("baseline.yaml"),
			"--reps", "2", "--years", "1", "--quiet", "--max-sims", limit, "--out", filepath.Join(dir, out)}, smallLA...)
	}
	if r := runCLI(t, nil, args("7", "a")...); r.code != exitBadInput || !strings.Contains(r.stderr, "make 8 simulations") {
		t.Errorf("--max-sims 7: exit %d, stderr %q; want %d and a count of 8", r.code, r.stderr, exitBadInput)
	}
	mustRun(t, nil, args("8", "b")...)
}

// size sizes on an effect: the smallest team whose FTE difference from
// the baseline reaches 2 is the team of 2 FTE.
func TestSizeOnAnEffect(t *testing.T) {
	out := filepath.Join(t.TempDir(), "size")
	args := append([]string{"size", scenario("embedded.yaml"), "--vary", "school_workforce.teams.embedded.fte",
		"--from", "1", "--to", "3", "--step", "0.5", "--target", "diff_school_worker_fte >= 2", "--against", scenario("baseline.yaml"),
		"--reps", "2", "--years", "1", "--quiet", "--out", out}, smallLA...)
	mustRun(t, nil, args...)
	man := readManifest(t, out)
	if got := lookup(t, man, "extra", "answer"); got != "2" {
		t.Errorf("answer %v, want 2", got)
	}
	if got := lookup(t, man, "extra", "against"); got != scenario("baseline.yaml") {
		t.Errorf("manifest against = %v", got)
	}
}

// sensitivity ranks what drives an effect: against the baseline, the
// team's FTE swings diff_school_worker_fte by exactly its own range, and
// statutory.posts, applied to both sides, by nothing.
func TestSensitivityOfAnEffect(t *testing.T) {
	dir := t.TempDir()
	d := filepath.Join(dir, "oat.yaml")
	os.WriteFile(d, []byte("factors:\n  - {key: school_workforce.teams.embedded.fte, low: 1, high: 2}\n  - {key: statutory.posts, low: 8, high: 10}\n"), 0o644)
	out := filepath.Join(dir, "out")
	args := append([]string{"sensitivity", scenario("embedded.yaml"), "--design", d, "--method", "oat", "--metric", "diff_school_worker_fte",
		"--against", scenario("baseline.yaml"), "--reps", "2", "--years", "1", "--quiet", "--out", out}, smallLA...)
	mustRun(t, nil, args...)
	swing := map[string]string{}
	for _, r := range readCSV(t, filepath.Join(out, "sensitivity.csv"))[1:] {
		if r[3] == "swing" {
			swing[r[2]] = r[4]
		}
	}
	if swing["school_workforce.teams.embedded.fte"] != "1" || swing["statutory.posts"] != "0" {
		t.Errorf("swings %v, want 1 for the team's FTE and 0 for statutory.posts", swing)
	}
	// the report says what the difference is taken against, and reads the
	// metric as a change in its own unit, not as a count of children
	page, err := os.ReadFile(filepath.Join(out, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Against", scenario("baseline.yaml"), "Change in school-based workers", "FTE"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	if strings.Contains(string(page), "Diff school") {
		t.Error("report.html labels the paired difference with its raw name")
	}
}
