package config

import (
	"fmt"
	"math"
	"slices"

	"github.com/caseload/caseload/sim"
)

// SpendBudget turns school_workforce.budget, in pounds a year, into FTE.
// Teams whose FTE is derived (selection all, by_type or list) are costed
// first, at their role's annual_cost; the pounds left buy the teams whose
// FTE is stated (most_deprived, budget), in the ratio of their stated fte
// (equal shares where every one is 0), each FTE at its role's annual cost,
// rounded down to a thousandth of an FTE so that the teams never cost more
// than the budget. budget_fte becomes the FTE the budget buys. A budget of
// 0 changes nothing. Load calls it before Validate; a budget below the
// derived teams' cost is an error under school_workforce.budget.
func SpendBudget(p sim.Params, origin map[string]string) (sim.Params, error) {
	c := &checker{origin: origin}
	c.checkRanges(p)
	if c.err != nil || p.SchoolWorkforce.Budget == 0 {
		return p, nil // Validate reports the range problem under its key
	}
	p = spendBudget(c, p)
	if c.err != nil {
		return p, c.err
	}
	return p, nil
}

func spendBudget(c *checker, p sim.Params) sim.Params {
	w := p.SchoolWorkforce
	roles := w.RoleNames()
	for _, name := range w.TeamNames() {
		if t := w.Teams[name]; !slices.Contains(roles, t.Role) || t.SchoolsPerWorker <= 0 {
			return p // Validate names the team's problem
		}
	}
	var fixed, weights, unit float64 // derived teams' cost; stated teams' fte, and their cost at that fte
	var stated []string
	for _, pl := range planTeams(w, p.LA.Schools) {
		t := w.Teams[pl.name]
		cost := w.Roles[t.Role].AnnualCost
		if pl.derived {
			fixed += float64(pl.fte * cost)
			continue
		}
		stated = append(stated, pl.name)
		weights += t.FTE
		unit += float64(t.FTE * cost)
	}
	key := "school_workforce.budget"
	if fixed > w.Budget {
		c.fail(c.fileOf(key), key, w.Budget, fmt.Sprintf("at least £%s a year, the cost of the teams whose FTE their schools set (selection all, by_type or list)", num(math.Ceil(fixed))))
		return p
	}
	left := w.Budget - fixed
	if len(stated) > 0 {
		free := true // every stated team's role costs nothing
		for _, name := range stated {
			free = free && w.Roles[w.Teams[name].Role].AnnualCost <= 0
		}
		if free {
			c.fail(c.fileOf(key), key, w.Budget, "a budget for teams whose roles cost something: the annual_cost of every role of the teams it pays for (selection most_deprived or budget) is 0, so it buys no FTE")
			return p
		}
	}
	equal := weights == 0
	if equal {
		unit = 0
		for _, name := range stated {
			unit += w.Roles[w.Teams[name].Role].AnnualCost
		}
	}
	teams := make(map[string]sim.Team, len(w.Teams))
	total := 0.0
	for name, t := range w.Teams {
		teams[name] = t
	}
	for _, pl := range planTeams(w, p.LA.Schools) {
		if pl.derived {
			total += pl.fte
		}
	}
	need := 0.0 // the least budget that buys each stated team the FTE to cover a school
	for _, name := range stated {
		t := teams[name]
		share := t.FTE
		if equal {
			share = 1
		}
		fte := 0.0
		if unit > 0 {
			fte = math.Floor(share*left/unit*1000) / 1000
		}
		// a team covers at least one school: fte × schools_per_worker ≥ 1
		if least := math.Ceil(1000/float64(t.SchoolsPerWorker)) / 1000; fte < least && share > 0 {
			need = max(need, fixed+least*unit/share)
		}
		t.FTE = fte
		teams[name] = t
		total += fte
	}
	if need > 0 {
		c.fail(c.fileOf(key), key, w.Budget, fmt.Sprintf("at least £%s a year, enough for each team whose FTE the budget sets (selection most_deprived or budget) to cover a school (fte × schools_per_worker at least 1)", num(math.Ceil(need))))
		return p
	}
	w.Teams = teams
	w.BudgetFTE = math.Ceil(total*1000) / 1000
	// the FTE bought must be FTE the keys take: said of the budget, which
	// the user set, not of budget_fte
	path, _, _ := resolveKey("school_workforce.budget_fte")
	if rg, _, _ := sim.FieldRange(leafOf(path)); !rg.Contains(w.BudgetFTE) {
		c.fail(c.fileOf(key), key, w.Budget, fmt.Sprintf("a budget that buys FTE within the range of budget_fte (%s): it buys %s FTE", rg.Expected(false), num(w.BudgetFTE)))
		return p
	}
	p.SchoolWorkforce = w
	return p
}

// WorkforceCost is the yearly cost of a scenario's school-based teams at
// their roles' annual_cost, all posts filled: what school_workforce.budget
// is spent on.
func WorkforceCost(p sim.Params) float64 {
	w := p.SchoolWorkforce
	var cost float64
	for _, pl := range planTeams(w, p.LA.Schools) {
		cost += float64(pl.fte * w.Roles[w.Teams[pl.name].Role].AnnualCost)
	}
	return cost
}
