package sim

import (
	"math"
	"slices"
	"testing"
)

// Tests of the team selection rules (docs/MODEL.md §3.6), on the typical
// LA's 142 schools.

func planOf(t *testing.T, team Team) (TeamPlan, *Model) {
	t.Helper()
	p := Defaults()
	p.SchoolWorkforce.Teams = map[string]Team{"x": team}
	p.SchoolWorkforce.BudgetFTE = 200
	m := &Model{p: p, keys: NewKeys(1, 0)}
	m.buildSchools()
	plans := m.PlanTeams()
	if len(plans) != 1 {
		t.Fatalf("%d plans for one team", len(plans))
	}
	return plans[0], m
}

// most_deprived covers FTE × ratio schools, and every covered school has a
// higher FSM share than every eligible school left out.
func TestSelectMostDeprived(t *testing.T) {
	for _, types := range [][]string{nil, {"primary"}} {
		plan, m := planOf(t, Team{Role: RoleQualified, FTE: 2, SchoolsPerWorker: 5, Selection: SelectMostDeprived, SchoolTypes: types})
		if len(plan.Schools) != 10 || plan.FTE != 2 {
			t.Fatalf("types %v: %d schools at %v FTE, want 10 at 2", types, len(plan.Schools), plan.FTE)
		}
		lowest := math.Inf(1)
		for _, sc := range plan.Schools {
			lowest = math.Min(lowest, m.schools[sc].fsm)
		}
		team := m.p.SchoolWorkforce.Teams["x"]
		for i, sc := range m.schools {
			if !team.Eligible(int(sc.typ)) {
				if slices.Contains(plan.Schools, int32(i)) {
					t.Fatalf("types %v: covers ineligible %s school %d", types, SchoolTypeNames[sc.typ], i)
				}
				continue
			}
			if !slices.Contains(plan.Schools, int32(i)) && sc.fsm > lowest {
				t.Errorf("types %v: school %d (FSM %.3f) left out although a covered school has FSM %.3f", types, i, sc.fsm, lowest)
			}
		}
	}
}

// by_type covers every school of the listed types and no other, and the FTE
// is derived from their number at the ratio (the team's FTE is ignored).
func TestSelectByType(t *testing.T) {
	plan, m := planOf(t, Team{Role: RoleQualified, FTE: 99, SchoolsPerWorker: 2, Selection: SelectByType, SchoolTypes: []string{"secondary", "special"}})
	want := m.p.LA.Schools.Secondary + m.p.LA.Schools.Special
	if len(plan.Schools) != want {
		t.Errorf("%d schools covered, want the %d secondary and special schools", len(plan.Schools), want)
	}
	for _, sc := range plan.Schools {
		if typ := m.schools[sc].typ; typ != Secondary && typ != Special {
			t.Errorf("covers a %s school", SchoolTypeNames[typ])
		}
	}
	if wantFTE := float64(want) / 2; plan.FTE != wantFTE {
		t.Errorf("FTE %v, want %v (schools / ratio)", plan.FTE, wantFTE)
	}
	// the derived FTE is what the run deploys and reports
	p := smallLA()
	p.SchoolWorkforce.Teams = map[string]Team{"x": {Role: RoleQualified, SchoolsPerWorker: 1, Selection: SelectByType, SchoolTypes: []string{"secondary"}}}
	p.SchoolWorkforce.BudgetFTE = 10
	o := Simulate(p, 1, 0)
	if got := value(o, "school_worker_fte"); got != float64(p.LA.Schools.Secondary) {
		t.Errorf("school_worker_fte %v, want %d", got, p.LA.Schools.Secondary)
	}
	if got := value(o, "schools_covered"); got != float64(p.LA.Schools.Secondary) {
		t.Errorf("schools_covered %v, want %d", got, p.LA.Schools.Secondary)
	}
}

// budget covers as many eligible schools as the FTE covers at the ratio
// (all of them when the FTE is more than enough), at the team's FTE, and
// its workers' clusters lie within localities where the schools allow.
func TestSelectBudget(t *testing.T) {
	for _, c := range []struct {
		fte, ratio float64
		want       int
	}{{2, 5, 10}, {1.5, 25, 37}, {0.4, 5, 2}, {10, 25, 142}} {
		plan, _ := planOf(t, Team{Role: RoleSupport, FTE: c.fte, SchoolsPerWorker: c.ratio, Selection: SelectBudget})
		if len(plan.Schools) != c.want || plan.FTE != c.fte {
			t.Errorf("FTE %v at 1:%v: %d schools at %v FTE, want %d at %v", c.fte, c.ratio, len(plan.Schools), plan.FTE, c.want, c.fte)
		}
	}
	p := smallLA()
	p.SchoolWorkforce.Teams = map[string]Team{"x": {Role: RoleSupport, FTE: 2, SchoolsPerWorker: 4, Selection: SelectBudget}}
	p.SchoolWorkforce.BudgetFTE = 2
	m := New(p, 1, 0, nil)
	for k, sl := range m.slots {
		for j := 1; j < len(sl.schools); j++ {
			if m.schools[sl.schools[j]].locality < m.schools[sl.schools[j-1]].locality {
				t.Errorf("worker %d's schools are not in locality order", k)
			}
		}
	}
}

// A budget team takes whole localities in turn (docs/MODEL.md §3.6): ten
// schools fit in the first locality, so they all come from it.
func TestSelectBudgetLocalityOrder(t *testing.T) {
	plan, m := planOf(t, Team{Role: RoleSupport, FTE: 2, SchoolsPerWorker: 5, Selection: SelectBudget})
	first := -1
	for _, sc := range plan.Schools {
		if first < 0 {
			first = int(m.schools[sc].locality)
		}
		if int(m.schools[sc].locality) != first {
			t.Fatalf("budget team of 10 schools spans localities %d and %d; locality %d has more than 10 schools", first, m.schools[sc].locality, first)
		}
	}
}
