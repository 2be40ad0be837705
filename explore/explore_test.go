package explore

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
)

func writeDesign(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "design.yaml")
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Bad design files are errors naming the file, the key and the value.
func TestDesignErrors(t *testing.T) {
	for _, c := range []struct{ name, body, want string }{
		{"unknown top key", "method: grid\nfactorz: []\n", "factorz"},
		{"unknown method", "method: spiral\nfactors:\n  - {key: statutory.posts, low: 1, high: 2}\n", "spiral"},
		{"unknown factor key", "factors:\n  - {key: statutory.postz, low: 1, high: 2}\n", "statutory.postz"},
		{"section as factor", "factors:\n  - {key: statutory, low: 1, high: 2}\n", "statutory"},
		{"high below low", "factors:\n  - {key: statutory.posts, low: 3, high: 2}\n", "factors[0].high"},
		{"range on a word", "factors:\n  - {key: effects.evidence, low: 1, high: 2}\n", "factors[0].low"},
		{"no factors", "method: grid\n", "factors"},
		{"lhs without samples", "method: lhs\nfactors:\n  - {key: statutory.posts, low: 1, high: 2}\n", "samples"},
		{"point of wrong length", "method: points\nfactors:\n  - {key: statutory.posts, low: 1, high: 2}\npoints:\n  - [1, 2]\n", "points[0]"},
		{"odd morris levels", "morris: {levels: 3}\nfactors:\n  - {key: statutory.posts, low: 1, high: 2}\n", "morris.levels"},
		{"bad grid levels", "factors:\n  - {key: statutory.posts, low: 1, high: 2, levels: 0}\n", "key factors[0].levels"},
		{"morris trajectories not a number", "morris: {trajectories: many}\nfactors:\n  - {key: statutory.posts, low: 1, high: 2}\n", "key morris.trajectories"},
		{"factor key not a word", "factors:\n  - {key: 7, low: 1, high: 2}\n", "key factors[0].key"},
		{"factor twice", "factors:\n  - {key: statutory.posts, low: 1, high: 2}\n  - {key: statutory.posts, low: 1, high: 2}\n", "factors[1].key"},
		{"malformed", "factors: [\n", "design.yaml"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadDesign(writeDesign(t, c.body))
			if err == nil || !errors.Is(err, config.ErrInvalid) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "design.yaml") {
				t.Fatalf("error %v; want one naming design.yaml and %q", err, c.want)
			}
		})
	}
}

// A grid has every combination, the last factor fastest; integer keys get
// whole numbers; listed values come as given.
func TestSweepPoints(t *testing.T) {
	d, err := LoadDesign(writeDesign(t, `
factors:
  - {key: statutory.max_wait_weeks, low: 1, high: 4, levels: 3}
  - {key: effects.evidence, values: [trial, pilots]}
`))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range d.SweepPoints() {
		got = append(got, strings.Join(p.Values, ","))
	}
	want := []string{"1,trial", "1,pilots", "3,trial", "3,pilots", "4,trial", "4,pilots"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("grid %v, want %v", got, want)
	}
	d.Method, d.Samples = MethodLHS, 5
	if n := len(d.SweepPoints()); n != 5 {
		t.Fatalf("lhs gave %d points", n)
	}
	if !reflect.DeepEqual(d.SweepPoints(), d.SweepPoints()) {
		t.Fatal("lhs is not deterministic")
	}
}

func smallJob(t *testing.T, dir string, values ...string) Job {
	t.Helper()
	f, err := NewFactor("statutory.posts")
	if err != nil {
		t.Fatal(err)
	}
	var pts []Point
	for _, v := range values {
		pts = append(pts, Point{Values: []string{v}})
	}
	return Job{Kind: "sweep", Scenario: "../scenarios/baseline.yaml", Factors: []Factor{f}, Points: pts,
		Sets: []string{"la.children=3000", "la.localities=1", "la.schools.primary=4", "la.schools.secondary=1",
			"la.schools.special=0", "la.schools.alternative_provision=0", "years=1", "warmup_weeks=10"},
		Seed: 3, Reps: 2, Workers: 2, Dir: dir}
}

// A stopped run keeps its finished points; resuming it runs only the
// rest and gives the same results as a run that was never stopped.
func TestStopAndResume(t *testing.T) {
	whole := smallJob(t, filepath.Join(t.TempDir(), "whole"), "5", "6", "7", "8")
	params, err := Prepare(whole)
	if err != nil {
		t.Fatal(err)
	}
	want, err := Run(whole, params, false)
	if err != nil {
		t.Fatal(err)
	}
	part := smallJob(t, filepath.Join(t.TempDir(), "part"), "5", "6", "7", "8")
	stop := make(chan struct{})
	part.Workers = 1
	part.Stop = stop
	part.Progress = func(done, total int) {
		if done == 2 {
			close(stop)
		}
	}
	if _, err := Run(part, params, false); !errors.Is(err, batch.ErrStopped) {
		t.Fatalf("stopped run: %v", err)
	}
	kept, _ := os.ReadDir(filepath.Join(part.Dir, "points"))
	if len(kept) == 0 || len(kept) == 4 {
		t.Fatalf("%d points kept after the stop", len(kept))
	}
	part.Stop, part.Progress = nil, nil
	got, err := Run(part, params, true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatal("the resumed run differs from the whole run")
	}
	other := smallJob(t, part.Dir, "5", "6", "7", "9")
	op, _ := Prepare(other)
	if _, err := Run(other, op, true); !errors.Is(err, outdir.ErrOtherJob) {
		t.Fatalf("resuming with other points: %v", err)
	}
	if _, err := Run(whole, params, false); err == nil {
		t.Fatal("a fresh run into a folder that holds a run was allowed")
	}
}

// A factor value the key does not accept is an error naming the design.
func TestPrepareBlamesTheDesign(t *testing.T) {
	j := smallJob(t, t.TempDir(), "-5")
	j.Design = "d.yaml"
	_, err := Prepare(j)
	if err == nil || !strings.Contains(err.Error(), "d.yaml") || !strings.Contains(err.Error(), "statutory.posts") {
		t.Fatalf("error %v", err)
	}
}

// A factor of a team the scenario lacks, which would make one that fails
// on a key the factor does not set, names the design's factor and says
// the team is not the scenario's; a factor of a team it has is blamed
// only for its own key.
func TestPrepareBlamesANewTeam(t *testing.T) {
	for team, want := range map[string]string{"nope": "school_workforce.teams.nope is not the scenario's", "embedded": ""} {
		j := smallJob(t, t.TempDir(), "1")
		j.Scenario, j.Design = "../scenarios/embedded.yaml", "d.yaml"
		f, err := NewFactor("school_workforce.teams." + team + ".fte")
		if err != nil {
			t.Fatal(err)
		}
		j.Factors = []Factor{f}
		_, err = Prepare(j)
		switch {
		case want == "" && err != nil:
			t.Errorf("team %s: %v", team, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), "d.yaml") || !strings.Contains(err.Error(), "factors[0].key") || !strings.Contains(err.Error(), want)):
			t.Errorf("team %s: error %v, want one naming d.yaml, factors[0] and %q", team, err, want)
		}
	}
}

// A misspelt team in a design is offered the team the scenario has, in
// the design's words: the user gave no --set, so the message speaks of
// none; the same for size's --vary.
func TestPrepareOffersTheNearestTeamInTheDesignsWords(t *testing.T) {
	for _, design := range []string{"d.yaml", ""} {
		j := smallJob(t, t.TempDir(), "1")
		j.Scenario, j.Design = "../scenarios/embedded.yaml", design
		f, err := NewFactor("school_workforce.teams.embeded.fte")
		if err != nil {
			t.Fatal(err)
		}
		j.Factors = []Factor{f}
		_, err = Prepare(j)
		where, by := "d.yaml", "in the design (school_workforce.teams.embedded)"
		if design == "" {
			where, by = "--vary", "in --vary (school_workforce.teams.embedded)"
		}
		if err == nil {
			t.Fatalf("%s: a misspelt team was accepted", where)
		}
		msg := err.Error()
		for _, want := range []string{where, "school_workforce.teams.embeded is not the scenario's", "if you meant the existing team embedded, name it so " + by} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s: error %q lacks %q", where, msg, want)
			}
		}
		if strings.Contains(msg, "--set") && design != "" || strings.Contains(msg, "a --set of one of its keys made it") {
			t.Errorf("%s: error %q speaks of a --set the user did not give", where, msg)
		}
	}
}

// A design that makes a new team with every key it needs is blamed, for a
// value of its own that fails, on that value's factor.
func TestPrepareBlamesTheFailingFactorOfANewTeam(t *testing.T) {
	j := smallJob(t, t.TempDir())
	j.Design = "d.yaml" // on the baseline, which has no team
	j.Factors = []Factor{{Key: "school_workforce.teams.new.role", Values: []string{"qualified"}, kind: reflect.String}}
	for _, k := range []string{"schools_per_worker", "fte"} {
		f, err := NewFactor("school_workforce.teams.new." + k)
		if err != nil {
			t.Fatal(err)
		}
		j.Factors = append(j.Factors, f)
	}
	j.Points = []Point{{Values: []string{"qualified", "2", "2"}}}
	if _, err := Prepare(j); err != nil {
		t.Fatalf("a new team with every key: %v", err)
	}
	j.Points = []Point{{Values: []string{"qualified", "2", "0.1"}}}
	if _, err := Prepare(j); err == nil || !strings.Contains(err.Error(), "factors[2] (school_workforce.teams.new.fte)") || !strings.Contains(err.Error(), "value 0.1") {
		t.Errorf("fte 0.1: %v, want factors[2] blamed for its value 0.1", err)
	}
}

// A design may set a team's role to a role that --set made at some of
// its points only: the role must be a team's at some point, not at each,
// whatever the order of the factors; one no point's team has is an error.
func TestPrepareRoleMadeBySet(t *testing.T) {
	role := Factor{Key: "school_workforce.teams.embedded.role", Values: []string{"qualified", "senior"}, kind: reflect.String}
	cost := Factor{Key: "school_workforce.roles.senior.annual_cost", Values: []string{"40000", "50000"}, kind: reflect.Float64}
	for _, c := range []struct {
		name    string
		sets    []string
		factors []Factor
		points  [][]string
		want    string // "" when it prepares
	}{
		{"by --set", []string{"school_workforce.roles.senior.annual_cost=50000"}, []Factor{role}, [][]string{{"qualified"}, {"senior"}}, ""},
		{"by a factor first", nil, []Factor{cost, role}, [][]string{{"40000", "qualified"}, {"50000", "senior"}}, ""},
		{"by a factor last", nil, []Factor{role, cost}, [][]string{{"qualified", "40000"}, {"senior", "50000"}}, ""},
		{"at no point", []string{"school_workforce.roles.senior.annual_cost=50000"}, []Factor{role}, [][]string{{"qualified"}, {"qualified"}}, "no team has as its role"},
		{"a factor's, at no point", nil, []Factor{cost}, [][]string{{"40000"}}, "d.yaml: key factors[0] (school_workforce.roles.senior.annual_cost)"},
	} {
		j := smallJob(t, t.TempDir())
		j.Scenario, j.Design = "../scenarios/embedded.yaml", "d.yaml"
		j.Sets = append(j.Sets, c.sets...)
		j.Factors = c.factors
		j.Points = nil
		for _, v := range c.points {
			j.Points = append(j.Points, Point{Values: v})
		}
		_, err := Prepare(j)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestTargets(t *testing.T) {
	tg, err := ParseTarget("statutory_weeks_over_cap <= 0.1")
	if err != nil || !tg.Met(0.1) || tg.Met(0.11) {
		t.Fatalf("%v %v", tg, err)
	}
	for _, bad := range []string{"", "nosuch <= 1", "referrals ~ 1", "referrals <= x", "a b"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("target %q accepted", bad)
		}
	}
	// a misspelt metric is offered the nearest, a diff_ one its nearest diff_
	for bad, near := range map[string]string{
		"statutory_week_over_cap <= 0.1": "did you mean statutory_weeks_over_cap?",
		"diff_s47_enquirie <= -5":        "did you mean diff_s47_enquiries?",
	} {
		if _, err := ParseTarget(bad); err == nil || !strings.Contains(err.Error(), near) {
			t.Errorf("target %q: %v, want %q", bad, err, near)
		}
	}
	if _, err := ParseTarget("zzz <= 1"); err == nil || strings.Contains(err.Error(), "did you mean") {
		t.Errorf("target zzz: %v, want no metric offered", err)
	}
	res := []PointResult{{Values: []string{"1"}, Reps: [][]float64{row(30), row(25)}}, {Values: []string{"2"}, Reps: [][]float64{row(20), row(24)}}}
	tg = Target{Metric: "statutory_caseload_mean", Op: "<=", Value: 22}
	rows, answer := Size(res, tg, nan())
	if answer != 1 || rows[0].Meets || !rows[1].Meets || rows[1].Share != 0.5 {
		t.Fatalf("by the mean: answer %d, rows %+v", answer, rows)
	}
	if _, answer := Size(res, tg, 0.9); answer != -1 {
		t.Fatalf("with prob 0.9: answer %d", answer)
	}
}

func TestSobolRangeWarning(t *testing.T) {
	names := []string{"a", "b", "c"}
	if w := rangeWarning(names, []float64{0.1, -0.01, 0.3}, []float64{0.2, 0.1, 0.9}); len(w) != 1 || !strings.Contains(w[0], "for b:") {
		t.Fatalf("S1 interval below 0: %v", w)
	}
	if w := rangeWarning(names, []float64{0.1, 0.2, 0.3}, []float64{0.2, 1.05, 0.9}); len(w) != 1 || !strings.Contains(w[0], "for b:") {
		t.Fatalf("ST interval above 1: %v", w)
	}
	if w := rangeWarning(names, []float64{0, 0.2, 0.3}, []float64{0.2, 1, 0.9}); w != nil {
		t.Fatalf("indices within range warned: %v", w)
	}
}

// A shard reads back only its own points' files, not the other shards'
// (a Sobol study holds thousands, and every shard would read them all):
// run into a folder that holds every point, shard 2 of 2 reads its two.
func TestShardReadsOnlyItsPoints(t *testing.T) {
	j := smallJob(t, filepath.Join(t.TempDir(), "shared"), "5", "6", "7", "8")
	params, err := Prepare(j)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Run(j, params, false); err != nil {
		t.Fatal(err)
	}
	mine := func(i int) bool { return i%2 == 1 }
	shard := j
	shard.Only, shard.Shared = mine, true
	if err := shard.Folder(params).OpenShared(nil); err != nil {
		t.Fatal(err)
	}
	var read []string
	defer func(f func(outdir.Items, int, any) error) { readPoint = f }(readPoint)
	readPoint = func(it outdir.Items, i int, v any) error {
		read = append(read, filepath.Base(it.Path(i)))
		return outdir.ReadKept(it, i, v)
	}
	if _, err := Run(shard, params, true); err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Base(j.Folder(params).Path(1)), filepath.Base(j.Folder(params).Path(3))}
	if !reflect.DeepEqual(read, want) {
		t.Errorf("the shard read %v, want its own points %v", read, want)
	}
}

// A reference takes every override but the school-based workforce's,
// however the key is written (--set reads keys lower-cased).
func TestReferenceSets(t *testing.T) {
	got := ReferenceSets([]string{"years=2", "school_workforce.budget_fte=10", " SCHOOL_WORKFORCE.teams.core.fte=3", "Statutory.posts=150"})
	if want := []string{"years=2", "Statutory.posts=150"}; !slices.Equal(got, want) {
		t.Errorf("ReferenceSets = %q, want %q", got, want)
	}
}

// The sweep's table says, as run's and compare's do, when its intervals
// rest on too few replications (README, Statistics).
func TestSweepTableMarksRoughIntervals(t *testing.T) {
	f, err := NewFactor("statutory.posts")
	if err != nil {
		t.Fatal(err)
	}
	point := func(reps int) []PointResult {
		p := PointResult{Values: []string{"150"}}
		for r := range reps {
			p.Reps = append(p.Reps, row(float64(20+r)))
		}
		return []PointResult{p}
	}
	for reps, want := range map[int]string{1: "1 replication was run", 4: "intervals are rough", 10: ""} {
		var b strings.Builder
		if err := SweepTable(&b, []Factor{f}, point(reps), []string{"statutory_caseload_mean"}); err != nil {
			t.Fatal(err)
		}
		switch {
		case want == "" && (strings.Contains(b.String(), "rough") || strings.Contains(b.String(), "replication was run")):
			t.Errorf("%d replications: %q, want no note", reps, b.String())
		case want != "" && !strings.Contains(b.String(), want):
			t.Errorf("%d replications: %q, want %q", reps, b.String(), want)
		}
	}
}
