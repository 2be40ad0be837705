package config

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/caseload/caseload/sim"
)

// The planner of validation (planTeams, on school counts, before any
// school exists) and the planner of the model (sim.Model.PlanTeams, on the
// schools built) agree on many random workforces: a team's FTE is the same
// where it is given, every count validation works out is at least the
// model's (so no derived FTE is underestimated and a team it finds with no
// school has none), and the counts are equal wherever validation says they
// are exact.
func TestPlannersAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 8))
	selections := []string{sim.SelectAll, sim.SelectByType, sim.SelectMostDeprived, sim.SelectBudget, sim.SelectList}
	checked, exact, empty := 0, 0, 0
	for trial := 0; checked < 300 && trial < 5000; trial++ {
		p := sim.Defaults()
		p.LA.Children = 2000
		p.LA.Localities = 1 + rng.IntN(4)
		p.LA.Schools.Primary = rng.IntN(12)
		p.LA.Schools.Secondary = 1 + rng.IntN(5)
		p.LA.Schools.Special = rng.IntN(3)
		p.LA.Schools.AlternativeProvision = rng.IntN(2)
		nSchools := p.LA.Schools.Primary + p.LA.Schools.Secondary + p.LA.Schools.Special + p.LA.Schools.AlternativeProvision
		p.SchoolWorkforce.BudgetFTE = 100000
		p.SchoolWorkforce.Teams = map[string]sim.Team{}
		for i := range 1 + rng.IntN(4) {
			tm := sim.Team{Role: sim.RoleQualified, Selection: selections[rng.IntN(len(selections))],
				SchoolsPerWorker: []float64{0.5, 1, 2, 3.5, 5, 25}[rng.IntN(6)], FTE: math.Round(rng.Float64()*40) / 10}
			for _, typ := range sim.SchoolTypeNames {
				if rng.IntN(3) == 0 {
					tm.SchoolTypes = append(tm.SchoolTypes, typ)
				}
			}
			if tm.Selection == sim.SelectByType && len(tm.SchoolTypes) == 0 {
				tm.SchoolTypes = []string{sim.SchoolTypeNames[rng.IntN(sim.NumSchoolTypes)]}
			}
			if tm.Selection == sim.SelectList {
				for range 1 + rng.IntN(6) {
					tm.Schools = append(tm.Schools, rng.IntN(nSchools))
				}
			}
			p.SchoolWorkforce.Teams[fmt.Sprintf("t%d", i)] = tm
		}
		plans := planTeams(p.SchoolWorkforce, p.LA.Schools)
		if Validate(p, nil) != nil {
			// refused workforces (a team with no school among them) are
			// still planned alike, as far as the model can build them
			if slices.ContainsFunc(plans, func(pl teamPlan) bool { return pl.schools == 0 }) {
				empty++
			}
			continue
		}
		checked++
		for seed := range uint64(3) {
			agree(t, trial, p, plans, sim.New(p, seed, 0, nil).PlanTeams(), &exact)
		}
	}
	if checked < 300 || exact < 300 || empty < 50 {
		t.Errorf("%d workforces checked, %d exact plans, %d refused for a team with no school: too few to tell", checked, exact, empty)
	}
}

func agree(t *testing.T, trial int, p sim.Params, plans []teamPlan, got []sim.TeamPlan, exact *int) {
	t.Helper()
	for i, pl := range plans {
		m := got[i]
		tm := p.SchoolWorkforce.Teams[pl.name]
		if m.Name != pl.name {
			t.Fatalf("team %d: %s in the model, %s in validation", i, m.Name, pl.name)
		}
		if pl.schools < len(m.Schools) {
			t.Errorf("trial %d, team %s (%s): validation counts %d schools, the model covers %d", trial, pl.name, tm.Selection, pl.schools, len(m.Schools))
		}
		if pl.fte < m.FTE-1e-9 {
			t.Errorf("trial %d, team %s (%s): validation FTE %v below the model's %v", trial, pl.name, tm.Selection, pl.fte, m.FTE)
		}
		if pl.exact {
			*exact++
			if pl.schools != len(m.Schools) || math.Abs(pl.fte-m.FTE) > 1e-9 {
				t.Errorf("trial %d, team %s (%s): exact plan %d schools, %v FTE; the model %d, %v", trial, pl.name, tm.Selection, pl.schools, pl.fte, len(m.Schools), m.FTE)
			}
		}
		if len(m.Schools) == 0 {
			t.Errorf("trial %d, team %s (%s): accepted but the model gives it no school", trial, pl.name, tm.Selection)
		}
	}
}
