package optimise

import (
	"fmt"
	"math"
	"strings"

	"github.com/caseload/caseload/detmath"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
)

// Deployment is a mix of teams bought with a share of a budget.
type Deployment struct {
	Spend float64 // share of the budget spent
	Teams []Team
}

// Team is one team of a deployment.
type Team struct {
	Role      string
	Ratio     float64 // schools per worker
	Selection string
	Share     float64 // of the money spent
	FTE       float64
}

// Dim is the dimension of a space's cube: the share spent, the number of
// teams, then for each team its role, ratio, selection and share.
func Dim(s config.Space) int { return 2 + 4*s.Teams }

// pick is the element of xs that u in [0, 1] falls on.
func pick[T any](xs []T, u float64) T {
	return xs[min(len(xs)-1, int(u*float64(len(xs))))]
}

// Decode turns a point of the cube into a deployment of a budget in
// pounds a year: the teams' shares of the money spent are their weights
// (0.05 + u, so that no team's share vanishes) over the sum, and each
// team's FTE is its money at its role's annual cost, rounded down to a
// hundredth of an FTE (so a deployment never costs more than the
// budget). Ratios are searched on a log scale and kept to two significant
// figures.
func Decode(s config.Space, p sim.Params, budget float64, u []float64) Deployment {
	d := Deployment{Spend: s.Spend[0] + float64((s.Spend[1]-s.Spend[0])*u[0])}
	n := 1 + min(s.Teams-1, int(u[1]*float64(s.Teams)))
	var weights float64
	for i := range n {
		weights += 0.05 + u[2+4*i+3]
	}
	for i := range n {
		v := u[2+4*i : 2+4*i+4]
		lr := detmath.Log(s.Ratio[0]) + float64(v[1]*(detmath.Log(s.Ratio[1])-detmath.Log(s.Ratio[0])))
		t := Team{Role: pick(s.Roles, v[0]), Ratio: sig2(detmath.Exp(lr)), Selection: pick(s.Selections, v[2]),
			Share: (0.05 + v[3]) / weights}
		cost := p.SchoolWorkforce.Roles[t.Role].AnnualCost
		if cost > 0 {
			t.FTE = math.Floor(d.Spend*budget*t.Share/cost*100) / 100
		}
		d.Teams = append(d.Teams, t)
	}
	return d
}

func sig2(x float64) float64 {
	if x <= 0 {
		return x
	}
	e := math.Pow10(detmath.Decade(x) - 1)
	return math.Round(x/e) * e
}

// Params is the scenario p with its teams replaced by the deployment's
// (named t1, t2, ... in the order of the mix) and budget_fte their FTE.
func (d Deployment) Params(p sim.Params) sim.Params {
	w := p.SchoolWorkforce
	w.Teams = map[string]sim.Team{}
	total := 0.0
	for i, t := range d.Teams {
		w.Teams[fmt.Sprintf("t%d", i+1)] = sim.Team{Role: t.Role, FTE: t.FTE, SchoolsPerWorker: t.Ratio, Selection: t.Selection}
		total += t.FTE
	}
	w.Budget = 0
	w.BudgetFTE = math.Ceil(total*100) / 100
	p.SchoolWorkforce = w
	return p
}

// Cost is the deployment's yearly cost at its roles' annual cost.
func (d Deployment) Cost(p sim.Params) float64 {
	var c float64
	for _, t := range d.Teams {
		c += float64(t.FTE * p.SchoolWorkforce.Roles[t.Role].AnnualCost)
	}
	return c
}

// String describes the deployment: each team as role FTE @ ratio
// (selection), joined by " + ".
func (d Deployment) String() string {
	parts := make([]string, len(d.Teams))
	for i, t := range d.Teams {
		parts[i] = fmt.Sprintf("%s %s FTE at %s schools each (%s)", t.Role, num(t.FTE), num(t.Ratio), t.Selection)
	}
	return strings.Join(parts, " + ")
}

func num(x float64) string { return fmt.Sprint(math.Round(x*1000) / 1000) }

// Feasible reports whether the deployment makes a valid scenario: every
// team has FTE and covers at least a school (config.Validate).
func (d Deployment) Feasible(p sim.Params) bool {
	for _, t := range d.Teams {
		if t.FTE <= 0 {
			return false
		}
	}
	return config.Validate(d.Params(p), nil) == nil
}
