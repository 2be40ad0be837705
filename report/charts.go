package report

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/plot"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/sim"
	"gonum.org/v1/plot/vg"
)

// fanSeries are the weekly series drawn as fan charts, in order.
var fanSeries = []string{"referrals", "s47_enquiries", "care_entries", "statutory_caseload", "cla_stock", "school_worker_caseload"}

// fanChart draws one weekly series of every scenario, one panel each on
// a common scale: the median week by week with the middle 50% and 90% of
// replications shaded, and the reference scenario's median in grey on the
// other panels for comparison.
func (f *folder) fanChart(cal calendar, series string) (chart, bool) {
	in := info(series)
	var panels []*plot.Plot
	var names []string
	ref := f.weekly[f.scenarios[0]][series]
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, sc := range f.scenarios {
		w := f.weekly[sc][series]
		if len(w) == 0 || allZero(w) {
			continue
		}
		p := newPlot(sc, "", weeklyUnit(series))
		p.Title.TextStyle.Font.Size = vg.Points(10)
		p.X.Tick.Marker = monthTicks{}
		p.Y.Tick.Marker = plainTicks{}
		s := newShapes()
		xs := make([]float64, len(w))
		lo90, hi90, lo50, hi50, mid := make([]float64, len(w)), make([]float64, len(w)), make([]float64, len(w)), make([]float64, len(w)), make([]float64, len(w))
		for k, b := range w {
			xs[k] = float64(cal.week(k + 1).Unix())
			lo90[k], hi90[k], lo50[k], hi50[k], mid[k] = b.P05, b.P95, b.P25, b.P75, b.P50
		}
		c := colour(i)
		s.band(xs, lo90, hi90, alpha(c, 0x40))
		s.band(xs, lo50, hi50, alpha(c, 0x80))
		if i > 0 && len(ref) > 0 && !allZero(ref) {
			rm := make([]float64, min(len(ref), len(w)))
			for k := range rm {
				rm[k] = ref[k].P50
			}
			s.path(xs[:len(rm)], rm, grey, 0.8)
		}
		s.path(xs, mid, c, 1.4)
		p.Add(s)
		lo, hi = math.Min(lo, p.Y.Min), math.Max(hi, p.Y.Max)
		panels = append(panels, p)
		names = append(names, sc)
	}
	if len(panels) == 0 {
		return chart{}, false
	}
	if isFlow(series) {
		lo = 0
	}
	for i, p := range panels {
		p.Y.Min, p.Y.Max = lo, hi
		if i < len(panels)-1 {
			p.X.Tick.Label.Font.Size = 0
		} else {
			p.X.Label.Text = "week starting"
		}
	}
	caption := fmt.Sprintf("%s each week, one panel for each scenario on the same scale: the line is the median replication, the darker band the middle 50%% and the lighter band the middle 90%% of replications.", in.label)
	if len(panels) > 1 && names[0] == f.scenarios[0] {
		caption += fmt.Sprintf(" The grey line is the median of %s, for comparison.", f.scenarios[0])
	}
	h := vg.Length(1.2+float64(4.3*float64(len(panels)))) * vg.Centimeter
	if len(panels) == 1 {
		h = chartH
	}
	return chart{name: "fan-" + series, title: in.label + " each week", caption: caption,
		tiles: panels, w: chartW, h: h}, true
}

func weeklyUnit(series string) string {
	switch {
	case isFlow(series):
		return "children a week"
	case strings.HasSuffix(series, "_stock"):
		return "children"
	case series == "statutory_caseload":
		// "children per social worker" is taller than a panel of
		// several: cut off, it squeezed the panel's plot (the chart's
		// title says whose caseload it is)
		return "children per worker"
	}
	return info(series).unit
}

func allZero(w []band) bool {
	for _, b := range w {
		if b.P95 != 0 || b.Mean != 0 {
			return false
		}
	}
	return true
}

// headline are the metrics of the summary, the forest plot and the
// workbook's summary sheet, in order.
// The costs are every component of the total (sim.CostComponents) and
// the total, so they add up to it.
var headline = append([]string{
	"referrals", "referrals_school", "s47_enquiries", "cp_plan_starts", "care_entries",
	"cin_stock", "cp_stock", "cla_stock",
	"statutory_caseload_mean", "statutory_weeks_over_cap", "assessment_wait_weeks_mean",
	"school_worker_fte", "schools_covered",
}, append(sim.CostComponents(), sim.CostTotal)...)

// forestMetrics are the outcomes of the forest plot.
var forestMetrics = []string{"referrals", "s47_enquiries", "cp_plan_starts", "care_entries", "cla_stock", "statutory_caseload_mean", "cost_total"}

// forestChart draws each scenario's paired difference from the reference
// as a percentage of the reference's mean, with its 95% interval.
func (f *folder) forestChart() (chart, bool) {
	if len(f.scenarios) < 2 {
		return chart{}, false
	}
	ref := f.scenarios[0]
	p := newPlot("Difference from "+ref, "change from "+ref+" (%, 95% interval)", "")
	s := newShapes()
	var names []string
	row := 0
	// rows from the top: metric by metric, scenario by scenario
	type item struct {
		label string
		m     string
		sc    int
	}
	var items []item
	for _, m := range forestMetrics {
		base, ok := f.stats[ref][m]
		if !ok || base.Mean == 0 || math.IsNaN(base.Mean) {
			continue
		}
		for i, sc := range f.scenarios[1:] {
			items = append(items, item{info(m).label + " · " + sc, m, i + 1})
		}
	}
	if len(items) == 0 {
		return chart{}, false
	}
	for k := len(items) - 1; k >= 0; k-- {
		it := items[k]
		base := f.stats[ref][it.m].Mean
		d := f.diffs[f.scenarios[it.sc]][it.m]
		c := colour(it.sc)
		y := float64(row)
		s.line(100*d.Lo/base, y, 100*d.Hi/base, y, c, 2, false)
		s.dot(100*d.Mean/base, y, c, 3.5, true)
		names = append(names, it.label)
		row++
	}
	s.extend(0, math.NaN())
	intervalRows(p, s, names)
	padX(p, 0.04)
	categoryRoom(p, row, 0)
	return chart{name: "differences", title: "Difference from " + ref,
		caption: fmt.Sprintf("Paired difference of each scenario from %s, as a percentage of %s's mean, with its 95%% interval. An interval that crosses the dashed line at 0 is no clear difference.", ref, ref),
		p:       p, w: chartW, h: vg.Length(math.Max(7, 1.5+float64(0.55*float64(row)))) * vg.Centimeter}, true
}

// intervalRows finishes a chart of intervals, one row of s for each of
// names (from the bottom): a dashed line at 0 across the rows, the names
// on the y axis and plain numbers on the x axis.
func intervalRows(p *plot.Plot, s *shapes, names []string) {
	p.Add(s)
	zero := newShapes()
	zero.line(0, -0.5, 0, float64(len(names))-0.5, grey, 1, true)
	p.Add(zero)
	p.NominalY(names...)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.X.Tick.Marker = plainTicks{}
}

// costParts are the components of the total cost, stacked in the chart,
// and costColours their colours (palette indices; black, 6, is the total).
var (
	costParts   = sim.CostComponents()
	costColours = []int{2, 1, 3, 4, 5, 0, 7}
)

// costChart stacks the costs by component, one bar per scenario, with the
// total and its interval as a dot. For a comparison it stacks each
// scenario's difference from the reference by component (above zero what
// costs more, below what costs less) with the net difference.
func (f *folder) costChart() (chart, bool) {
	if _, ok := f.stats[f.scenarios[0]]["cost_total"]; !ok {
		return chart{}, false
	}
	diff := len(f.scenarios) > 1
	scens := f.scenarios
	title, ylabel := "Cost a year by component", "£m a year"
	caption := "Cost a year by component (stacked), with the total and its 95% interval as a black dot."
	if diff {
		scens = f.scenarios[1:]
		title, ylabel = "Cost a year: difference from "+f.scenarios[0], "£m a year more than "+f.scenarios[0]
		caption = fmt.Sprintf("Each scenario's cost a year minus %s's, by component: above zero what costs more, below zero what costs less. The black dot is the net difference with its 95%% interval.", f.scenarios[0])
	}
	p := newPlot(title, "", ylabel)
	p.Y.Tick.Marker = scaledTicks{1e6}
	s := newShapes()
	for i, sc := range scens {
		x := float64(i)
		up, down := 0.0, 0.0
		for k, part := range costParts {
			v := f.stats[sc][part].Mean
			if diff {
				v = f.diffs[sc][part].Mean
			}
			if math.IsNaN(v) || v == 0 {
				continue
			}
			c := colour(costColours[k%len(costColours)])
			if v > 0 {
				s.rect(x-0.3, up, x+0.3, up+v, c)
				up += v
			} else {
				s.rect(x-0.3, down+v, x+0.3, down, c)
				down += v
			}
		}
		tot := f.stats[sc]["cost_total"]
		if diff {
			tot = f.diffs[sc]["cost_total"]
		}
		s.line(x, tot.Lo, x, tot.Hi, palette[6], 1.5, false)
		s.dot(x, tot.Mean, palette[6], 3.5, false)
	}
	s.extend(math.NaN(), 0)
	p.Add(s)
	if diff {
		z := newShapes()
		z.line(-0.5, 0, float64(len(scens))-0.5, 0, grey, 0.8, false)
		p.Add(z)
	}
	for k, part := range costParts {
		p.Legend.Add(strings.TrimPrefix(info(part).label, "Cost: "), swatch{colour(costColours[k%len(costColours)]), 'b'})
	}
	p.Legend.Add("total", swatch{palette[6], 'd'})
	p.NominalX(scens...)
	p.X.Min, p.X.Max = -0.6, float64(len(scens))-0.4
	headroom(p, 0.35)
	return chart{name: "costs", title: title, caption: caption, p: p, w: chartW, h: chartH}, true
}

// caseloadChart draws the statutory caseload per social worker of each
// scenario against the cap: the box holds the middle 50% of replications
// and the whiskers the middle 90%, each averaged over the measured weeks.
func (f *folder) caseloadChart() (chart, bool) {
	capacity := configNumber(f.config(), "statutory.caseload_cap")
	p := newPlot("Statutory caseload against the cap", "", "children per social worker")
	s := newShapes()
	n := 0
	for i, sc := range f.scenarios {
		w := f.weekly[sc]["statutory_caseload"]
		if len(w) == 0 {
			continue
		}
		var b band
		for _, x := range w {
			b.P05 += x.P05 / float64(len(w))
			b.P25 += x.P25 / float64(len(w))
			b.P50 += x.P50 / float64(len(w))
			b.P75 += x.P75 / float64(len(w))
			b.P95 += x.P95 / float64(len(w))
		}
		x := float64(i)
		c := colour(i)
		s.line(x, b.P05, x, b.P95, c, 1.5, false)
		s.rect(x-0.25, b.P25, x+0.25, b.P75, alpha(c, 0x99))
		s.line(x-0.25, b.P50, x+0.25, b.P50, palette[6], 2, false)
		n++
	}
	if n == 0 {
		return chart{}, false
	}
	s.extend(math.NaN(), 0)
	p.Add(s)
	caption := "Statutory caseload per social worker in post, by scenario: the box holds the middle 50% of replications and the whiskers the middle 90%, each averaged over the measured weeks; the bar in the box is the median."
	if !math.IsNaN(capacity) {
		c := newShapes()
		c.line(-0.5, capacity, float64(len(f.scenarios))-0.5, capacity, palette[1], 1.5, true)
		p.Add(c)
		p.Legend.Add(fmt.Sprintf("cap (%s)", figure(capacity)), swatch{palette[1], 'x'})
		caption += fmt.Sprintf(" The dashed line is the caseload cap, %s children per worker (statutory.caseload_cap).", figure(capacity))
	}
	p.NominalX(f.scenarios...)
	p.X.Min, p.X.Max = -0.6, float64(len(f.scenarios))-0.4
	headroom(p, 0.2)
	return chart{name: "caseload", title: "Statutory caseload against the cap", caption: caption, p: p, w: chartW, h: chartH}, true
}

// analysisRows reads sensitivity.csv: factor → statistic → (value, lo, hi),
// factors in file order.
func (f *folder) analysisRows() ([]string, string, map[string]map[string]stat) {
	t := f.analysis
	c, _ := t.need("factor", "statistic", "value", "ci95_low", "ci95_high")
	mc := t.col("metric")
	metric := ""
	var factors []string
	out := map[string]map[string]stat{}
	for _, r := range t.rows {
		if mc >= 0 {
			metric = r[mc]
		}
		fa := r[c[0]]
		if out[fa] == nil {
			out[fa] = map[string]stat{}
			factors = append(factors, fa)
		}
		out[fa][r[c[1]]] = stat{Mean: num(r[c[2]]), SD: math.NaN(), Lo: num(r[c[3]]), Hi: num(r[c[4]])}
	}
	return factors, metric, out
}

// basePoint is the mean of a metric at point 0 of sweep.csv: the
// scenario's own values in a one-at-a-time design.
func (f *folder) basePoint(metric string) float64 {
	t := f.sweep
	c, err := t.need("point", "metric", "mean")
	if err != nil {
		return math.NaN()
	}
	for _, r := range t.rows {
		if r[c[0]] == "0" && r[c[1]] == metric {
			return num(r[c[2]])
		}
	}
	return math.NaN()
}

// oatSwing is one factor of a one-at-a-time analysis.
type oatSwing struct {
	factor            string
	lowLabel, hiLabel string
	low, high         stat
	swing             float64
	swingLo, swingHi  float64 // its paired 95% interval; NaN where the file has none
}

func (f *folder) oatSwings() ([]oatSwing, string) {
	factors, metric, rows := f.analysisRows()
	var out []oatSwing
	for _, fa := range factors {
		o := oatSwing{factor: fa, swing: math.NaN(), swingLo: math.NaN(), swingHi: math.NaN()}
		for st, v := range rows[fa] {
			switch {
			case strings.HasPrefix(st, "low "):
				o.lowLabel, o.low = strings.TrimPrefix(st, "low "), v
			case strings.HasPrefix(st, "high "):
				o.hiLabel, o.high = strings.TrimPrefix(st, "high "), v
			case st == "swing":
				o.swing, o.swingLo, o.swingHi = v.Mean, v.Lo, v.Hi
			}
		}
		out = append(out, o)
	}
	sort.SliceStable(out, func(i, j int) bool { return math.Abs(out[i].swing) > math.Abs(out[j].swing) })
	return out, metric
}

// tornadoChart draws the one-at-a-time swings, the largest on top: each
// bar runs from the metric at the low end of the factor's range to the
// metric at the high end, about the scenario's own value.
func (f *folder) tornadoChart() (chart, bool) {
	sw, metric := f.oatSwings()
	if len(sw) == 0 {
		return chart{}, false
	}
	base := f.basePoint(metric)
	in := info(metric)
	p := newPlot("What moves "+strings.ToLower(in.label[:1])+in.label[1:], in.label+" ("+in.unit+")", "")
	s := newShapes()
	var names []string
	for k := len(sw) - 1; k >= 0; k-- {
		o := sw[k]
		y := float64(len(sw) - 1 - k)
		from := base
		if math.IsNaN(from) {
			from = o.low.Mean
		}
		s.rect(math.Min(from, o.low.Mean), y-0.35, math.Max(from, o.low.Mean), y, palette[0])
		s.rect(math.Min(from, o.high.Mean), y, math.Max(from, o.high.Mean), y+0.35, palette[1])
		names = append(names, fmt.Sprintf("%s (%s–%s)", o.factor, o.lowLabel, o.hiLabel))
	}
	p.Add(s)
	if !math.IsNaN(base) {
		b := newShapes()
		b.line(base, -0.5, base, float64(len(sw))-0.5, palette[6], 1, true)
		p.Add(b)
	}
	p.NominalY(names...)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.X.Tick.Marker = plainTicks{}
	p.Legend.Add("factor at the low end of its range", swatch{palette[0], 'b'})
	p.Legend.Add("factor at the high end", swatch{palette[1], 'b'})
	p.Legend.Top, p.Legend.Left = false, false
	padX(p, 0.04)
	categoryRoom(p, len(sw), 2)
	return chart{name: "tornado", title: "One-at-a-time sensitivity",
		caption: fmt.Sprintf("%s when each factor alone is set to the low (blue) and the high (orange) end of its range, the widest swing on top; the dashed line is the scenario's own value (%s).", in.label, figure(base)),
		p:       p, w: chartW, h: vg.Length(math.Max(7, 2+float64(0.9*float64(len(sw))))) * vg.Centimeter}, true
}

// morrisChart plots each factor's μ* against its σ.
func (f *folder) morrisChart() (chart, bool) {
	factors, metric, rows := f.analysisRows()
	if len(factors) == 0 {
		return chart{}, false
	}
	in := info(metric)
	p := newPlot("Morris screening: "+in.label, "μ* (mean absolute effect, "+in.unit+")", "σ (spread of the effects)")
	s := newShapes()
	var labels []string
	var xs, ys []float64
	for i, fa := range factors {
		mu, sg := rows[fa]["mu_star"], rows[fa]["sigma"]
		s.line(mu.Lo, sg.Mean, mu.Hi, sg.Mean, alpha(colour(i), 0x88), 1.5, false)
		s.dot(mu.Mean, sg.Mean, colour(i), 4, false)
		labels, xs, ys = append(labels, fa), append(xs, mu.Mean), append(ys, sg.Mean)
		p.Legend.Add(fa, swatch{colour(i), 'd'})
	}
	s.extend(0, 0)
	p.Add(s)
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	padX(p, 0.04)
	headroom(p, 0.1+float64(0.07*float64(len(factors))))
	return chart{name: "morris", title: "Morris screening",
		caption: "Each factor's μ* (how much it moves the metric) against σ (how much its effect depends on the other factors), with the 95% interval of μ*. Factors near the origin matter little; factors far to the right matter most; high σ means interactions or a curved effect.",
		p:       p, w: chartW, h: 11 * vg.Centimeter}, true
}

// sobolChart draws the first-order and total indices with intervals.
func (f *folder) sobolChart() (chart, bool) {
	factors, metric, rows := f.analysisRows()
	if len(factors) == 0 {
		return chart{}, false
	}
	p := newPlot("Sobol indices: "+info(metric).label, "share of the variance", "")
	s := newShapes()
	var names []string
	for k := len(factors) - 1; k >= 0; k-- {
		fa := factors[k]
		y := float64(len(factors) - 1 - k)
		for j, st := range []string{"S1", "ST"} {
			v := rows[fa][st]
			off := 0.18 - float64(0.36*float64(j))
			c := colour(j)
			s.rect(0, y+off-0.15, v.Mean, y+off+0.15, alpha(c, 0xbb))
			s.line(v.Lo, y+off, v.Hi, y+off, palette[6], 1.2, false)
		}
		names = append(names, fa)
	}
	s.extend(0, math.NaN())
	p.Add(s)
	p.NominalY(names...)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.Legend.Add("S1: on its own", swatch{alpha(colour(0), 0xbb), 'b'})
	p.Legend.Add("ST: with interactions", swatch{alpha(colour(1), 0xbb), 'b'})
	p.Legend.Left = false
	p.Legend.Top = false
	padX(p, 0.04)
	categoryRoom(p, len(factors), 2)
	return chart{name: "sobol", title: "Sobol indices",
		caption: "The share of the variance of the metric each factor explains on its own (S1) and with its interactions (ST), with 95% intervals from independent repetitions of the design (t on R−1 degrees of freedom).",
		p:       p, w: chartW, h: vg.Length(math.Max(7, 2+float64(0.9*float64(len(factors))))) * vg.Centimeter}, true
}

// sizeRow is one value tried by size.
type sizeRow struct {
	label string
	x     float64
	s     stat
	share float64
	meets bool
}

func (f *folder) sizeRows() []sizeRow {
	t := f.size
	c, _ := t.need("mean", "ci95_low", "ci95_high", "share_meeting_target", "meets")
	var out []sizeRow
	for _, r := range t.rows {
		out = append(out, sizeRow{label: r[0], x: num(r[0]), s: stat{Mean: num(r[c[0]]), SD: math.NaN(), Lo: num(r[c[1]]), Hi: num(r[c[2]])},
			share: num(r[c[3]]), meets: r[c[4]] == "true"})
	}
	return out
}

// sizeTarget parses the manifest's target, 'METRIC OP VALUE'.
func (f *folder) sizeTarget() (metric, op string, v float64) {
	parts := strings.Fields(f.man.Extra["target"])
	if len(parts) != 3 {
		if len(f.size.rows) > 0 {
			if c := f.size.col("metric"); c >= 0 {
				return f.size.rows[0][c], "", math.NaN()
			}
		}
		return "", "", math.NaN()
	}
	return parts[0], parts[1], num(parts[2])
}

// sizeChart draws the target metric against the value tried, the target
// and the answer.
func (f *folder) sizeChart() (chart, bool) {
	rows := f.sizeRows()
	if len(rows) == 0 {
		return chart{}, false
	}
	metric, op, target := f.sizeTarget()
	vary := f.man.Extra["vary"]
	if vary == "" {
		vary = f.size.header[0]
	}
	in := info(metric)
	p := newPlot(in.label+" against "+vary, vary, in.unit)
	s := newShapes()
	var xs, ys []float64
	share := strings.HasPrefix(in.unit, "share")
	for i, r := range rows {
		if share {
			// a share lies in [0, 1] whatever a t interval of a few
			// replications says
			rows[i].s.Lo, rows[i].s.Hi = math.Max(0, r.s.Lo), math.Min(1, r.s.Hi)
			r = rows[i]
		}
		c := palette[0]
		if r.meets {
			c = palette[2]
		}
		s.line(r.x, r.s.Lo, r.x, r.s.Hi, c, 1.5, false)
		s.dot(r.x, r.s.Mean, c, 3.5, false)
		xs, ys = append(xs, r.x), append(ys, r.s.Mean)
	}
	s.path(xs, ys, alpha(palette[0], 0x88), 1)
	p.Add(s)
	lines := newShapes()
	caption := fmt.Sprintf("%s at each value of %s tried, with 95%% intervals; green where the target is met.", in.label, vary)
	if !math.IsNaN(target) {
		lines.line(xs[0], target, xs[len(xs)-1], target, palette[1], 1.5, true)
		p.Legend.Add(fmt.Sprintf("target %s %s", op, figure(target)), swatch{palette[1], 'x'})
		caption += fmt.Sprintf(" The dashed line is the target (%s %s %s).", metric, op, figure(target))
	}
	if a, ok := f.man.Extra["answer"]; ok {
		x := num(a)
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, r := range rows {
			lo, hi = math.Min(lo, r.s.Lo), math.Max(hi, r.s.Hi)
		}
		if !math.IsNaN(target) {
			lo, hi = math.Min(lo, target), math.Max(hi, target)
		}
		lines.line(x, lo, x, hi, palette[2], 1.5, true)
		p.Legend.Add("answer: "+a, swatch{palette[2], 'x'})
		caption += fmt.Sprintf(" The green dashed line is the answer, the smallest value that meets the target: %s.", a)
	} else {
		caption += " No value tried meets the target."
	}
	p.Add(lines)
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	padX(p, 0.04)
	headroom(p, 0.25)
	return chart{name: "size", title: "Sizing " + vary, caption: caption, p: p, w: chartW, h: chartH}, true
}

// trialCharts draws each trial's estimate against the effect the model
// produced, and the power and coverage of the design.
func (f *folder) trialCharts() []chart {
	t := f.trials
	c, _ := t.need("irr", "ci95_low", "ci95_high", "true_irr", "estimable", "significant")
	p := newPlot("Trial estimates against the truth", "effect the model produced (IRR)", "estimated IRR (95% interval)")
	s := newShapes()
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range t.rows {
		if r[c[4]] != "true" {
			continue
		}
		est, l, h, tr := num(r[c[0]]), num(r[c[1]]), num(r[c[2]]), num(r[c[3]])
		col := palette[0]
		if r[c[5]] == "true" {
			col = palette[1]
		}
		s.line(tr, l, tr, h, alpha(col, 0x66), 1, false)
		s.dot(tr, est, col, 2.5, false)
		lo, hi = math.Min(lo, tr), math.Max(hi, tr)
	}
	if lo > hi {
		return nil
	}
	pad := math.Max(0.01, (hi-lo)*0.1)
	ref := newShapes()
	ref.line(lo-pad, lo-pad, hi+pad, hi+pad, grey, 1, true)
	ref.line(lo-pad, 1, hi+pad, 1, palette[6], 0.6, false)
	p.Add(s, ref)
	p.Legend.Add("estimate equals the truth", swatch{grey, 'x'})
	p.Legend.Add("significant: interval excludes 1", swatch{palette[1], 'd'})
	p.Legend.Add("not significant", swatch{palette[0], 'd'})
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	headroom(p, 0.3)
	est := chart{name: "trial-estimates", title: "Trial estimates against the truth",
		caption: "Each simulated trial's estimated incidence rate ratio with its 95% interval, against the effect the model really produced in that trial (the same trial run with no team anywhere). Points on the dashed line are exact; orange trials would report a significant effect.",
		p:       p, w: chartW, h: 10 * vg.Centimeter}

	q := newPlot("Power and coverage", "", "share of trials")
	b := newShapes()
	var names []string
	for i, k := range []string{"power", "coverage"} {
		v, ok := f.trialSum[k]
		if !ok {
			continue
		}
		x := float64(len(names))
		b.rect(x-0.3, 0, x+0.3, v.Mean, alpha(colour(i), 0xbb))
		b.line(x, v.Lo, x, v.Hi, palette[6], 1.5, false)
		names = append(names, fmt.Sprintf("%s %s", k, percent(v.Mean)))
	}
	b.extend(math.NaN(), 1)
	marks := newShapes()
	marks.line(-0.5, 0.8, float64(len(names))-0.5, 0.8, grey, 1, true)
	marks.line(-0.5, 0.95, float64(len(names))-0.5, 0.95, palette[1], 1, true)
	q.Add(b, marks)
	q.NominalX(names...)
	q.X.Min, q.X.Max = -0.6, float64(len(names))-0.4
	q.Y.Min, q.Y.Max = 0, 1.15
	q.Legend.Add("80% power, a common aim", swatch{grey, 'x'})
	q.Legend.Add("95% coverage, a sound analysis", swatch{palette[1], 'x'})
	pow := chart{name: "trial-power", title: "Power and coverage",
		caption: "Power (the share of trials that find the effect) and coverage (the share of intervals that hold the true effect), with their 95% intervals over the simulated trials.",
		p:       q, w: chartW, h: chartH}
	return []chart{est, pow}
}

// calibrationRows computes each calibration target from the replications
// of the folder's first scenario.
type calibrationRow struct {
	metric, source string
	target         float64
	sim            stat
}

// englandChart draws each LA's figure for a metric, grouped by region
// where the results name real LAs (areas of the form "england/E08000007
// Stockport", whose codes the shipped table of LAs knows), and by size
// (fifths of the LAs by children) where they do not (a synthetic layout).
func (f *folder) englandChart(metric string) (chart, bool) {
	var as []area
	for _, a := range f.areas {
		if a.scenario == f.areas[0].scenario {
			if _, ok := a.stats[metric]; ok {
				as = append(as, a)
			}
		}
	}
	if len(as) < 2 {
		return chart{}, false
	}
	names, groupOf, byRegion := regionGroups(as)
	if !byRegion {
		names, groupOf = sizeGroups(as)
	}
	group := func(a area) int { return groupOf[a.name] }
	in := info(metric)
	xlabel, grouping := "LAs by size (children aged 0–17), smallest fifth first; the results name no real LAs", "grouped into fifths by the number of children (the results name no real LAs, so no region)"
	if byRegion {
		xlabel, grouping = "region", "grouped by region"
	}
	p := newPlot(in.label+" by local authority", xlabel, in.unit)
	s := newShapes()
	k := len(names)
	count := make([]int, k)
	for _, a := range as {
		g := group(a)
		// spread the dots across the group by their rank within it,
		// deterministically
		count[g]++
	}
	seen := make([]int, k)
	byGroup := make([][]float64, k)
	for _, a := range as {
		g := group(a)
		x := float64(g) - 0.35 + 0.7*(float64(seen[g])+0.5)/float64(count[g])
		seen[g]++
		st := a.stats[metric]
		s.dot(x, st.Mean, alpha(colour(g), 0xcc), 2.5, false)
		byGroup[g] = append(byGroup[g], st.Mean)
	}
	for g, vs := range byGroup {
		if len(vs) == 0 {
			continue
		}
		slices.Sort(vs)
		m := vs[len(vs)/2]
		if len(vs)%2 == 0 {
			m = (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
		}
		s.line(float64(g)-0.4, m, float64(g)+0.4, m, palette[6], 2, false)
	}
	s.extend(math.NaN(), 0)
	p.Add(s)
	p.X.Min, p.X.Max = -0.6, float64(k)-0.4
	p.Legend.Add("median of the group", swatch{palette[6], 'l'})
	p.Legend.Top, p.Legend.Left = false, true
	p.Y.Min -= float64(0.12 * (p.Y.Max - p.Y.Min))
	p.NominalX(names...)
	p.Y.Tick.Marker = plainTicks{}
	if isCost(metric) {
		p.Y.Tick.Marker = scaledTicks{1e6}
		p.Y.Label.Text = "£m a year"
	}
	return chart{name: "areas-" + metric, title: in.label + " by local authority",
		caption: fmt.Sprintf("%s (%s) in each of the %d local authorities, one dot each (the mean over replications), %s, with the median of each group.", in.label, in.unit, len(as), grouping),
		p:       p, w: chartW, h: chartH}, true
}

// regionGroups groups real LAs by their region (in the order of the
// shipped table's regions, sorted by name); ok is false unless every area
// names an LA code the table knows.
func regionGroups(as []area) (names []string, groupOf map[string]int, ok bool) {
	regionOf := map[string]string{}
	for _, a := range as {
		_, rest, _ := strings.Cut(a.name, "/")
		code, _, _ := strings.Cut(rest, " ")
		la, found := dfe.LAs().ByCode(code)
		if !found || la.Region == "" {
			return nil, nil, false
		}
		regionOf[a.name] = la.Region
	}
	for _, r := range regionOf {
		if !slices.Contains(names, r) {
			names = append(names, r)
		}
	}
	slices.Sort(names)
	groupOf = map[string]int{}
	for n, r := range regionOf {
		groupOf[n] = slices.Index(names, r)
	}
	for i, r := range names {
		if short, ok := regionShort[r]; ok {
			names[i] = short
		}
	}
	return names, groupOf, true
}

// regionShort are the regions' names short enough to sit side by side
// under a chart.
var regionShort = map[string]string{
	"East Midlands": "E Mids", "East of England": "East", "Inner London": "Inner Lon",
	"Outer London": "Outer Lon", "London": "London", "North East": "NE", "North West": "NW",
	"South East": "SE", "South West": "SW", "West Midlands": "W Mids",
	"Yorkshire and The Humber": "Yorks & H",
}

// sizeGroups groups LAs into fifths by their number of children, named by
// the range of children (thousands) each fifth covers.
func sizeGroups(as []area) (names []string, groupOf map[string]int) {
	sizes := make([]float64, len(as))
	for i, a := range as {
		sizes[i] = a.children
	}
	slices.Sort(sizes)
	cut := func(q float64) float64 { return sizes[min(len(sizes)-1, int(q*float64(len(sizes))))] }
	edges := []float64{cut(0.2), cut(0.4), cut(0.6), cut(0.8)}
	groupOf = map[string]int{}
	for _, a := range as {
		g := 0
		for g < len(edges) && a.children >= edges[g] {
			g++
		}
		groupOf[a.name] = g
	}
	lo := sizes[0]
	for g := range 5 {
		hi := sizes[len(sizes)-1]
		if g < len(edges) {
			hi = edges[g]
		}
		names = append(names, fmt.Sprintf("%s–%sk", figure(math.Round(lo/1000)), figure(math.Round(hi/1000))))
		lo = hi
	}
	return names, groupOf
}

// calibrationChart draws each simulated figure as a share of the
// published figure, with its interval and the tolerance band.
func calibrationChart(rows []calibrationRow, tolerance float64) (chart, bool) {
	if len(rows) == 0 {
		return chart{}, false
	}
	p := newPlot("Published beside simulated", "simulated as % of the published figure (95% interval)", "")
	s := newShapes()
	var names []string
	n := float64(len(rows))
	s.rect(100*(1-tolerance), -0.5, 100*(1+tolerance), n-0.5, alpha(palette[2], 0x30))
	for k := len(rows) - 1; k >= 0; k-- {
		r := rows[k]
		y := float64(len(rows) - 1 - k)
		s.line(100*r.sim.Lo/r.target, y, 100*r.sim.Hi/r.target, y, palette[0], 2, false)
		s.dot(100*r.sim.Mean/r.target, y, palette[0], 3.5, true)
		names = append(names, fmt.Sprintf("%s (%s)", info(r.metric).label, figure(r.target)))
	}
	ref := newShapes()
	ref.line(100, -0.5, 100, n-0.5, palette[6], 1, true)
	p.Add(s, ref)
	p.NominalY(names...)
	p.Y.Tick.Label.Font.Size = vg.Points(9)
	p.X.Tick.Marker = plainTicks{}
	padX(p, 0.04)
	categoryRoom(p, len(rows), 0)
	return chart{name: "calibration", title: "Published beside simulated",
		caption: fmt.Sprintf("Each simulated figure as a percentage of the published figure for England (in brackets), with its 95%% interval; the green band is the ±%.0f%% the calibration aims for.", 100*tolerance),
		p:       p, w: chartW, h: vg.Length(math.Max(7, 2+float64(0.7*n))) * vg.Centimeter}, true
}

// sweepChart draws a metric against the first factor of a sweep, one
// line for each combination of the other factors.
func (f *folder) sweepChart(metric string) (chart, bool) {
	t := f.sweep
	c, _ := t.need("point", "metric", "mean", "ci95_low", "ci95_high")
	mi := t.col("metric")
	if mi < 2 {
		return chart{}, false
	}
	factors := t.header[1:mi]
	groups := map[string][][3]float64{}
	var order []string
	for _, r := range t.rows {
		if r[c[1]] != metric {
			continue
		}
		x := num(r[1])
		key := strings.Join(r[2:mi], ", ")
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], [3]float64{x, num(r[c[2]]), 0})
		g := groups[key]
		g[len(g)-1][2] = num(r[c[4]]) - num(r[c[2]])
	}
	if len(order) == 0 || math.IsNaN(groups[order[0]][0][0]) {
		return chart{}, false
	}
	in := info(metric)
	p := newPlot(in.label+" across the sweep", factors[0], in.unit)
	s := newShapes()
	lines := len(order) <= 8
	for i, key := range order {
		g := groups[key]
		sort.Slice(g, func(a, b int) bool { return g[a][0] < g[b][0] })
		col := colour(i)
		if !lines {
			col = palette[0]
		}
		var xs, ys []float64
		// lines side by side are nudged apart so that their intervals show
		nudge := 0.0
		if lines && len(g) > 1 {
			nudge = float64((g[len(g)-1][0] - g[0][0]) * 0.008 * (float64(i) - float64(float64(len(order)-1)/2)))
		}
		for k := range g {
			g[k][0] += nudge
		}
		for _, v := range g {
			s.line(v[0], v[1]-v[2], v[0], v[1]+v[2], alpha(col, 0x88), 1.2, false)
			s.dot(v[0], v[1], col, 3, false)
			xs, ys = append(xs, v[0]), append(ys, v[1])
		}
		if lines {
			s.path(xs, ys, col, 1.2)
			if len(factors) > 1 {
				p.Legend.Add(strings.Join(factors[1:], ", ")+" = "+key, swatch{col, 'l'})
			}
		}
	}
	p.Add(s)
	p.X.Tick.Marker = plainTicks{}
	if isCost(metric) {
		p.Y.Tick.Marker = scaledTicks{1e6}
		p.Y.Label.Text = "£m a year"
	} else {
		p.Y.Tick.Marker = plainTicks{}
	}
	padX(p, 0.04)
	if lines && len(factors) > 1 {
		headroom(p, 0.1+float64(0.08*float64(len(order))))
	}
	return chart{name: "sweep-" + metric, title: in.label + " across the sweep",
		caption: fmt.Sprintf("%s at each point of the sweep against %s, with 95%% intervals.", in.label, factors[0]),
		p:       p, w: chartW, h: chartH}, true
}

var _ plot.Plotter = (*shapes)(nil)
