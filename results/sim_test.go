package results

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

// smallLA is a scaled-down LA so that a replication takes a fraction of a
// second.
func smallLA() sim.Params {
	p := sim.Defaults()
	p.LA.Children = 8000
	p.LA.Schools.Primary, p.LA.Schools.Secondary, p.LA.Schools.Special, p.LA.Schools.AlternativeProvision = 11, 3, 1, 0
	p.Statutory.Posts = 18
	p.Years = 1
	p.WarmupWeeks = 20
	return p
}

func TestSimulatedRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the simulator")
	}
	p := smallLA()
	const seed, reps = 7, 2
	var outs []sim.Outcome
	for rep := range reps {
		outs = append(outs, sim.Simulate(p, seed, rep))
	}
	r := Summarize([]Scenario{
		{Name: "baseline", Children: p.LA.Children, Outcomes: outs},
		{Name: "again", Children: p.LA.Children, Outcomes: outs},
	})
	k := indexOf(sim.MetricNames())["referrals"]
	s, _ := r.Metric("baseline", "referrals")
	if want := (outs[0].Values[k] + outs[1].Values[k]) / 2; s.N != reps || !near(s.Mean, want, 1e-9*want) {
		t.Errorf("referrals %+v, want mean %v", s, want)
	}
	if d, _ := r.Diff("again", "cost_total"); d != (Stat{N: reps}) {
		t.Errorf("self-difference %+v", d)
	}
	dir := filepath.Join(t.TempDir(), "run")
	if err := r.Write(dir, Manifest{Seed: seed, Reps: reps, Years: p.Years}, nil); err != nil {
		t.Fatal(err)
	}
	weekly, _ := os.ReadFile(filepath.Join(dir, WeeklyCSV))
	if got, want := strings.Count(string(weekly), "\n"), 1+2*len(outs[0].Weekly)*sim.NumSeries; got != want {
		t.Errorf("weekly.csv has %d lines, want %d", got, want)
	}
	var b strings.Builder
	if err := r.Table(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "0 (identical)") {
		t.Errorf("table:\n%s", b.String())
	}
}
