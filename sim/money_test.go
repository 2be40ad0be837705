package sim

import (
	"math"
	"testing"
)

// The horizon totals add the measured years up: with no inflation the
// undiscounted total is the annual mean times the years, for every cost
// heading; the present value discounts each later year, so it is smaller
// and no smaller than the last year's factor allows; uprating raises it.
func TestHorizonCosts(t *testing.T) {
	p := withTeam(smallLA(), "t", RoleQualified, 2, 3)
	p.Years = 3
	o := Simulate(p, 7, 0)
	for _, h := range []string{"cost_school_workforce", "cost_statutory", "cost_statutory_staff", "cost_early_help", "cost_care", "cost_total"} {
		annual, total, pv := value(o, h), value(o, h+"_horizon"), value(o, h+"_horizon_pv")
		if math.Abs(total-3*annual) > 1e-6*math.Max(1, total) {
			t.Errorf("%s_horizon = %v, want 3 × %v", h, total, annual)
		}
		if annual > 0 && !(pv < total && pv > total/math.Pow(1.035, 2)) {
			t.Errorf("%s_horizon_pv = %v, want between %v and %v", h, pv, total/math.Pow(1.035, 2), total)
		}
	}
	var sum float64
	for _, h := range []string{"cost_school_workforce", "cost_statutory", "cost_statutory_staff", "cost_early_help", "cost_care"} {
		sum += value(o, h+"_horizon_pv")
	}
	if got := value(o, "cost_total_horizon_pv"); math.Abs(got-sum) > 1e-6*got {
		t.Errorf("cost_total_horizon_pv = %v, want the headings' sum %v", got, sum)
	}
	// inflation equal to the discount rate cancels it
	p.Costs.Inflation, p.Costs.DiscountRate = 3.5, 3.5
	q := Simulate(p, 7, 0)
	if a, b := value(q, "cost_total_horizon_pv"), value(o, "cost_total_horizon"); math.Abs(a-b) > 1e-6*b {
		t.Errorf("inflation = discount rate: present value %v, want the undiscounted total at price-year prices %v", a, b)
	}
	if value(q, "cost_total_horizon") <= value(o, "cost_total_horizon") {
		t.Error("inflation of 3.5% did not raise the undiscounted horizon total")
	}
	if value(q, "cost_total") != value(o, "cost_total") {
		t.Error("inflation changed the annual figure, which stays at price-year prices")
	}
}

func TestYearFactor(t *testing.T) {
	for _, c := range []struct {
		t        int
		inf, r   float64
		discount bool
		want     float64
	}{
		{0, 2, 3.5, true, 1},
		{1, 0, 3.5, true, 1 / 1.035},
		{2, 2, 3.5, false, 1.02 * 1.02},
		{2, 2, 3.5, true, 1.02 * 1.02 / (1.035 * 1.035)},
	} {
		if got := YearFactor(c.t, c.inf, c.r, c.discount); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("YearFactor(%d, %v, %v, %v) = %v, want %v", c.t, c.inf, c.r, c.discount, got, c.want)
		}
	}
}

// The cost components (CostComponents) are every cost heading once, each
// a registered cost metric, and in every replication they add up to
// cost_total within rounding: with no team, with a team, and with agency
// cover, so the rows a table shows above the total account for all of it.
func TestCostComponentsAddUp(t *testing.T) {
	comps := CostComponents()
	if len(comps) != NumCosts {
		t.Fatalf("%d cost components for %d cost headings", len(comps), NumCosts)
	}
	seen := map[string]bool{}
	for _, c := range comps {
		m, ok := LookupMetric(c)
		if !ok || m.Kind != KindCost || m.Unit != "£ a year" {
			t.Errorf("cost component %q is not a registered cost a year", c)
		}
		if seen[c] {
			t.Errorf("cost component %q listed twice", c)
		}
		seen[c] = true
	}
	// every other cost a year is the total: nothing is left out of the list
	for _, m := range Metrics() {
		if m.Kind == KindCost && m.Unit == "£ a year" && !seen[m.Name] && m.Name != CostTotal {
			t.Errorf("cost metric %q is in no component and is not the total", m.Name)
		}
	}
	agency := smallLA()
	agency.Statutory.VacancyRate, agency.Statutory.AgencyCover = 0.2, 0.8
	for name, p := range map[string]Params{
		"no team":  smallLA(),
		"team":     withTeam(smallLA(), "t", RoleQualified, 2, 3),
		"agency":   agency,
		"one year": func() Params { q := withTeam(smallLA(), "t", RoleSupport, 3, 2); q.Years = 1; return q }(),
	} {
		for rep := range 4 {
			o := Simulate(p, 11, rep)
			var sum float64
			for _, c := range comps {
				sum += value(o, c)
			}
			if tot := value(o, CostTotal); tot <= 0 || math.Abs(tot-sum) > 1e-9*tot {
				t.Errorf("%s, replication %d: cost_total %v, the components add to %v", name, rep, tot, sum)
			}
		}
	}
}
