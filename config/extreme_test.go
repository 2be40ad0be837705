package config

import (
	"errors"
	"testing"

	"github.com/caseload/caseload/sim"
)

// Values at the ends of their ranges, alone or together, either fail
// validation (a rule that ties keys together) or run without a panic: the
// bounds keep every accepted scenario feasible. (An LA at the upper bound
// of la.children is feasible but takes a minute; it is not run here.)
func TestExtremeValuesRun(t *testing.T) {
	cases := map[string]func(p *sim.Params){
		"many localities": func(p *sim.Params) { p.LA.Children = 100; p.LA.Localities = 65535 },
		"many schools": func(p *sim.Params) {
			p.LA.Children = 100
			p.LA.Schools.Primary = 50000
			p.LA.Schools.Secondary = 50000
			p.LA.Schools.Special = 50000
			p.LA.Schools.AlternativeProvision = 50000
		},
		"no schools but ap": func(p *sim.Params) {
			p.LA.Schools.Primary = 1
			p.LA.Schools.Secondary = 0
			p.LA.Schools.Special = 0
			p.LA.Schools.AlternativeProvision = 0
		},
		"huge team": func(p *sim.Params) {
			p.SchoolWorkforce.BudgetFTE = 100000
			p.SchoolWorkforce.Teams = map[string]sim.Team{"a": {Role: "qualified", FTE: 100000, SchoolsPerWorker: 10000, Selection: "most_deprived"}}
		},
		"tiny ratio": func(p *sim.Params) {
			p.SchoolWorkforce.BudgetFTE = 100000
			p.SchoolWorkforce.Teams = map[string]sim.Team{"a": {Role: "qualified", FTE: 0, SchoolsPerWorker: 0.0001, Selection: "all"}}
		},
		"max posts":  func(p *sim.Params) { p.Statutory.Posts = 1000000 },
		"tiny posts": func(p *sim.Params) { p.Statutory.Posts = 1e-300 },
		"max costs": func(p *sim.Params) {
			p.Costs.CPWeek = 1e7
			p.Costs.StatutoryFTE = 1e7
			p.Costs.PlacementWeekly = []float64{1e7, 1e7, 1e7, 1e7}
		},
		"extreme need": func(p *sim.Params) {
			p.Need.Onset = 1
			p.Need.DeprivedRR = 100
			p.Need.Crisis = 1
			p.Need.SupportResolve = 100
		},
		"max warmup":   func(p *sim.Params) { p.LA.Children = 100; p.WarmupWeeks = 520; p.Years = 50 },
		"min children": func(p *sim.Params) { p.LA.Children = 100 },
		"threshold":    func(p *sim.Params) { p.FrontDoor.Threshold = -5; p.FrontDoor.Bias = 10; p.FrontDoor.Noise = 20 },
		"gatekeeping": func(p *sim.Params) {
			p.FrontDoor.Gatekeeping = true
			p.FrontDoor.GatekeepingSlope = 100
			p.Statutory.CaseloadCap = 1e-9
		},
		"national": func(p *sim.Params) {
			p.National.LAs = 1000
			p.National.Children = 10000
			p.Years = 1
			p.WarmupWeeks = 0
		},
		"national sd": func(p *sim.Params) {
			p.National.LAs = 10
			p.National.Children = 100000
			p.National.SizeSD = 2
			p.National.StaffingSD = 1
			p.National.ThresholdSD = 2
			p.National.FSMSD = 0.3
			p.Years = 1
		},
	}
	for name, f := range cases {
		p := sim.Defaults()
		f(&p)
		if err := Validate(p, nil); err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("%s: %v", name, err)
			}
			continue
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", name, r)
				}
			}()
			sim.Simulate(p, 1, 0)
		}()
	}
}
