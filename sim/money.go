package sim

import "github.com/caseload/caseload/detmath"

// Money over the horizon. The annual cost metrics are means a year at
// costs.price_year prices. The horizon metrics add the measured years up,
// year t (t = 0 for the first measured year) uprated by costs.inflation,
// (1 + inflation)^t, and the present values discount each year by
// costs.discount_rate, (1 + rate)^-t, as HM Treasury's Green Book does
// (the first year undiscounted).

// closeYear records the costs so far at the end of each measured year;
// the activity costs of assessments and enquiries, counted on the flows,
// are laid on the statutory heading.
func (a *accounts) closeYear(m *Model) {
	if len(a.statCase) == 0 || len(a.statCase)%weeksPerYear != 0 {
		return
	}
	c := a.costs
	c[CostStatutory] += float64(a.flows[FS17]*m.p.Costs.Assessment) + float64(a.flows[FS47]*m.p.Costs.S47)
	a.yearEnds = append(a.yearEnds, c)
}

// YearFactor is the factor on the costs of year t of the horizon (t from
// 0): uprated by inflation and, when discount is true, discounted at the
// discount rate, both in per cent a year.
func YearFactor(t int, inflation, rate float64, discount bool) float64 {
	f := detmath.Pow(1+inflation/100, float64(t))
	if discount {
		f /= detmath.Pow(1+rate/100, float64(t))
	}
	return f
}

// horizonCost is the cost of heading k (NumCosts: every heading) over the
// measured years, uprated and, when discount is true, discounted.
func (c *metricCtx) horizonCost(k int, discount bool) float64 {
	cs := &c.m.p.Costs
	var total float64
	var prev [NumCosts]float64
	for t, end := range c.a.yearEnds {
		for h := range NumCosts {
			if h == k || k == NumCosts {
				total += float64((end[h] - prev[h]) * YearFactor(t, cs.Inflation, cs.DiscountRate, discount))
			}
		}
		prev = end
	}
	return total
}
