package main

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/caseload/caseload/optimise"
)

const smallSpace = `roles: [qualified, support]
selections: [most_deprived]
schools_per_worker: {low: 1, high: 5}
teams: 2
spend: {low: 0.5, high: 1}
initial: 6
refine: 2
reps: 2
max_reps: 4
rounds: 1
race: 2
`

func optimiseArgs(t *testing.T, out string, extra ...string) []string {
	space := filepath.Join(t.TempDir(), "space.yaml")
	os.WriteFile(space, []byte(smallSpace), 0o644)
	args := []string{"optimise", scenario("typical-la.yaml"), "--budget", "186000", "--objective", "school_identified", "--maximise",
		"--space", space, "--seed", "2", "--quiet", "--out", out, "--set", "years=1"}
	return append(append(args, smallLA...), extra...)
}

// optimise writes the front and the best deployment within the budget;
// best.yaml validates from its own folder and costs at most the budget;
// a rerun with --resume reads every replication back and writes the
// same front.
func TestOptimise(t *testing.T) {
	out := filepath.Join(t.TempDir(), "opt")
	mustRun(t, nil, optimiseArgs(t, out)...)
	// status counts what the search kept, not slots it never used
	if st := mustRun(t, nil, "status", out); !strings.Contains(st.stdout, "evaluations kept") || !strings.Contains(st.stdout, "complete") || strings.Contains(st.stdout, "missing") {
		t.Errorf("status of a finished search:\n%s", st.stdout)
	}
	rows := readCSV(t, filepath.Join(out, "pareto.csv"))
	if !slices.Equal(rows[0][:6], []string{"candidate", "cost", "objective", "mean", "ci95_low", "ci95_high"}) {
		t.Fatalf("pareto.csv header %v", rows[0])
	}
	if len(rows) < 2 {
		t.Fatal("pareto.csv has no deployment")
	}
	best := 0
	prevCost, prevMean := -1.0, -1.0
	for _, r := range rows[1:] {
		cost, _ := strconv.ParseFloat(r[1], 64)
		mean, _ := strconv.ParseFloat(r[3], 64)
		if cost > 186000 {
			t.Errorf("deployment %s costs %v, above the budget", r[0], cost)
		}
		if cost < prevCost || mean <= prevMean {
			t.Errorf("front not ordered: cost %v after %v, objective %v after %v (maximised)", cost, prevCost, mean, prevMean)
		}
		prevCost, prevMean = cost, mean
		if r[7] == "true" {
			best++
		}
	}
	if best != 1 {
		t.Errorf("%d deployments marked best on the front, want 1", best)
	}
	first, err := os.ReadFile(filepath.Join(out, "pareto.csv"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("best.yaml validates from its folder", func(t *testing.T) {
		t.Chdir(out)
		r := mustRun(t, nil, "validate", "best.yaml")
		if !strings.Contains(r.stdout, "best.yaml: ok") {
			t.Errorf("validate: %q", r.stdout)
		}
	})
	t.Run("resume reads back", func(t *testing.T) {
		mustRun(t, nil, optimiseArgs(t, out, "--resume", out)...)
		again, _ := os.ReadFile(filepath.Join(out, "pareto.csv"))
		if !bytes.Equal(first, again) {
			t.Error("a resumed search wrote another front")
		}
	})
	for _, name := range []string{"candidates.csv", "report.html", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("no %s: %v", name, err)
		}
	}
}

// Bad input: exit 2 naming the flag or key, before anything runs.
func TestOptimiseBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name  string
		args  []string
		words string
	}{
		{"no budget", []string{"--objective", "care_entries"}, "--budget"},
		{"unknown metric", []string{"--budget", "100000", "--objective", "nonsense"}, "nonsense"},
		{"diff without against", []string{"--budget", "100000", "--objective", "diff_care_entries"}, "diff_care_entries"},
		{"too many sims", []string{"--budget", "100000", "--objective", "care_entries", "--max-sims", "10"}, "--max-sims"},
		{"national reference", []string{"--budget", "100000", "--objective", "diff_care_entries", "--against", scenario("england.yaml")}, "--against " + scenario("england.yaml") + ": national.las"},
	} {
		t.Run(c.name, func(t *testing.T) {
			args := append([]string{"optimise", scenario("typical-la.yaml"), "--out", filepath.Join(dir, c.name)}, c.args...)
			r := runCLI(t, nil, args...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, c.words) {
				t.Errorf("exit %d, stderr %q: want %d naming %s", r.code, r.stderr, exitBadInput, c.words)
			}
			if _, err := os.Stat(filepath.Join(dir, c.name)); err == nil {
				t.Error("bad input wrote a folder")
			}
		})
	}
	// a space whose every deployment the budget cannot buy runs nothing:
	// refused before a folder is made
	tight := filepath.Join(dir, "tight.yaml")
	os.WriteFile(tight, []byte("schools_per_worker: {low: 0.01, high: 0.02}\ninitial: 2\nrefine: 0\nreps: 2\nmax_reps: 2\nrounds: 0\n"), 0o644)
	out := filepath.Join(dir, "tight")
	r := runCLI(t, nil, append([]string{"optimise", scenario("typical-la.yaml"), "--budget", "200000", "--objective", "care_entries",
		"--space", tight, "--set", "years=1", "--out", out}, smallLA...)...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "no deployment of the search space is feasible") {
		t.Errorf("an infeasible space: exit %d, stderr %q", r.code, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an infeasible space wrote a folder")
	}
	space := filepath.Join(dir, "space.yaml")
	os.WriteFile(space, []byte("roles: [astronaut]\n"), 0o644)
	r = runCLI(t, nil, "optimise", scenario("typical-la.yaml"), "--budget", "100000", "--objective", "care_entries", "--space", space)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "roles") {
		t.Errorf("a space with an unknown role: exit %d, stderr %q", r.code, r.stderr)
	}
	// a role --set made is a worker type of the space: the deployments'
	// teams have it, not the scenario's (which they replace), so the
	// checks pass it and --max-sims is what stops the run; a role --set
	// made that the space does not name is a misspelt one
	os.WriteFile(space, []byte("roles: [senior]\n"), 0o644)
	senior := []string{"optimise", scenario("typical-la.yaml"), "--budget", "100000", "--objective", "care_entries", "--space", space,
		"--set", "school_workforce.roles.senior.annual_cost=50000", "--max-sims", "1", "--out", filepath.Join(dir, "senior")}
	if r = runCLI(t, nil, senior...); r.code != exitBadInput || !strings.Contains(r.stderr, "--max-sims 1") {
		t.Errorf("a space of a role --set made: exit %d, stderr %q, want the --max-sims error", r.code, r.stderr)
	}
	os.WriteFile(space, []byte("roles: [qualified]\n"), 0o644)
	misspelt := append(senior[:len(senior)-6:len(senior)-6], "--set", "school_workforce.roles.qualifed.annual_cost=50000", "--max-sims", "1", "--out", filepath.Join(dir, "misspelt"))
	if r = runCLI(t, nil, misspelt...); r.code != exitBadInput || !strings.Contains(r.stderr, "did you mean school_workforce.roles.qualified?") {
		t.Errorf("a misspelt role --set made: exit %d, stderr %q", r.code, r.stderr)
	}
}

// A known answer through the whole command: maximising the FTE bought
// (diff_school_worker_fte against the baseline, which has none) picks the
// cheaper worker type and spends near the whole budget, and the paired
// difference is exactly the deployment's FTE.
func TestOptimiseAgainstKnownAnswer(t *testing.T) {
	out := filepath.Join(t.TempDir(), "opt")
	args := optimiseArgs(t, out)
	for i, a := range args {
		if a == "school_identified" {
			args[i] = "diff_school_worker_fte"
		}
	}
	mustRun(t, nil, append(args, "--against", scenario("baseline.yaml"))...)
	found := false
	for _, r := range readCSV(t, filepath.Join(out, "pareto.csv"))[1:] {
		if r[7] != "true" {
			continue
		}
		found = true
		fte, _ := strconv.ParseFloat(r[3], 64)
		// the most FTE £186,000 buys: 4.89 support workers at £38,000
		if fte < 0.8*4.89 || fte > 4.9 {
			t.Errorf("best deployment %q has %v FTE, want near the 4.89 the budget buys of support workers", r[10], fte)
		}
		if !strings.Contains(r[10], "support") {
			t.Errorf("best deployment %q: want support workers, the cheaper type", r[10])
		}
		if r[4] != r[5] || r[4] != r[3] {
			t.Errorf("the FTE difference has an interval [%s, %s] around %s: want none, it is fixed", r[4], r[5], r[3])
		}
	}
	if !found {
		t.Error("no best deployment on the front")
	}
	// a maximised objective's zeros are 0, not -0 (the best's difference from itself)
	for _, f := range []string{"pareto.csv", "candidates.csv"} {
		for _, r := range readCSV(t, filepath.Join(out, f)) {
			if slices.Contains(r, "-0") {
				t.Errorf("%s row %v holds -0", f, r)
			}
		}
	}
}

// The same search on one worker and on two writes the same bytes.
func TestOptimiseWorkers(t *testing.T) {
	dir := t.TempDir()
	var files [2][]byte
	for i, w := range []string{"1", "2"} {
		out := filepath.Join(dir, w)
		mustRun(t, nil, optimiseArgs(t, out, "--workers", w)...)
		for _, name := range []string{"pareto.csv", "candidates.csv", "best.yaml"} {
			b, err := os.ReadFile(filepath.Join(out, name))
			if err != nil {
				t.Fatal(err)
			}
			files[i] = append(files[i], b...)
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("one worker and two wrote different results")
	}
}

// An objective's interval is the one its metric's kind chooses, in the
// metric's own sign: a level's cut at 0, maximised or not; a paired
// difference's whole.
func TestObjectiveInterval(t *testing.T) {
	rare := []float64{0, 0, 0, 0, 0, 0, 0, 3}
	neg := make([]float64, len(rare))
	for i, v := range rare {
		neg[i] = -v
	}
	if lo, hi := objectiveInterval("care_entries", &optimise.Candidate{Values: rare}, 1); lo != 0 || !(hi > 0) {
		t.Errorf("minimised level: [%v, %v], want it cut at 0", lo, hi)
	}
	if lo, hi := objectiveInterval("care_entries", &optimise.Candidate{Values: neg}, -1); lo != 0 || !(hi > 0) || math.Signbit(lo) {
		t.Errorf("maximised level: [%v, %v], want it cut at 0", lo, hi)
	}
	if lo, _ := objectiveInterval("diff_care_entries", &optimise.Candidate{Values: rare}, 1); !(lo < 0) {
		t.Errorf("a difference: low %v, want it whole (below 0)", lo)
	}
}
