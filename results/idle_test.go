package results

import (
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

// Workers carrying fewer families per FTE than half their roles'
// intensive caps are said to carry little casework; at or above it, or
// with no case-holding worker, nothing is said.
func TestIdleNote(t *testing.T) {
	p := sim.Defaults()
	p.SchoolWorkforce.Teams = map[string]sim.Team{"t": {Role: sim.RoleQualified, FTE: 5, SchoolsPerWorker: 1, Selection: sim.SelectMostDeprived}}
	limit := IdleCaseloadShare * p.SchoolWorkforce.Roles[sim.RoleQualified].IntensiveCap
	if got := IdleThreshold(p); got != limit || limit != 6 {
		t.Fatalf("threshold %v, want %v (half the qualified role's cap of 12)", got, limit)
	}
	light := series(t, "school_worker_caseload_mean", 4, 5)
	n := IdleNote(p, light)
	if w := "carry 4.5 families per FTE (the mean over the replications), under 6.0"; !strings.Contains(n, w) {
		t.Errorf("note %q lacks %q", n, w)
	}
	// what their hours go to is said from the hours, not assumed
	for _, c := range []struct {
		casework, cowork float64
		want, not        string
	}{
		{0.08, 0.03, "take 11% of their hours (school_worker_hours_share_*): most of their time goes to consultation", ""},
		{0.55, 0.05, "take 60% of their hours (school_worker_hours_share_*)", "most of their time"},
	} {
		outs := []sim.Outcome{
			outcome(t, map[string]float64{"school_worker_caseload_mean": 4, "school_worker_hours_share_casework": c.casework, "school_worker_hours_share_co_work": c.cowork}),
			outcome(t, map[string]float64{"school_worker_caseload_mean": 5, "school_worker_hours_share_casework": c.casework, "school_worker_hours_share_co_work": c.cowork}),
		}
		n := IdleNote(p, outs)
		if !strings.Contains(n, c.want) || (c.not != "" && strings.Contains(n, c.not)) {
			t.Errorf("casework %.0f%% of hours: note %q; want %q and not %q", 100*(c.casework+c.cowork), n, c.want, c.not)
		}
	}
	if n := IdleNote(p, series(t, "school_worker_caseload_mean", 6, 9)); n != "" {
		t.Errorf("7.5 families per FTE: %q", n)
	}
	// the threshold weighs each team's role by its FTE
	p.SchoolWorkforce.Teams["s"] = sim.Team{Role: sim.RoleSupport, FTE: 15, SchoolsPerWorker: 1, Selection: sim.SelectMostDeprived}
	want := IdleCaseloadShare * (5*12 + 15*8) / 20.0
	if got := IdleThreshold(p); got != want {
		t.Errorf("mixed teams: threshold %v, want %v", got, want)
	}
	// no team, or only staff trainers (who hold no cases): nothing to say
	none := sim.Defaults()
	if IdleThreshold(none) != 0 || IdleNote(none, light) != "" {
		t.Error("a scenario with no school-based team is said to have idle workers")
	}
	none.SchoolWorkforce.Teams = map[string]sim.Team{"tr": {Role: sim.RoleTraining, FTE: 2, SchoolsPerWorker: 10, Selection: sim.SelectMostDeprived}}
	if IdleNote(none, series(t, "school_worker_caseload_mean", 0, 0)) != "" {
		t.Error("staff trainers, who hold no cases, are said to be idle")
	}
}
