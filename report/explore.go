package report

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// excelDate is a date as a spreadsheet's serial day number.
func excelDate(t time.Time) float64 {
	return t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24
}

var sweepMetrics = []string{"referrals_per_10k", "s47_enquiries_per_10k", "care_entries_per_10k", "statutory_caseload_mean", "cost_total"}

func (d *doc) sweepDoc() {
	f := d.f
	t := f.sweep
	mi := t.col("metric")
	factors := t.header[1:mi]
	d.title = "Sweep of " + joinNames(factors)
	points := map[string]bool{}
	for _, r := range t.rows {
		points[r[0]] = true
	}
	d.summary = append(d.summary, fmt.Sprintf("%d points of %s, each run with %s on common random numbers.", len(points), joinNames(factors), replications(f.man.Reps)))
	for _, m := range sweepMetrics {
		lo, hi := math.Inf(1), math.Inf(-1)
		var at [2]string
		for _, r := range t.rows {
			if r[mi] != m {
				continue
			}
			v := num(r[t.col("mean")])
			if v < lo {
				lo, at[0] = v, strings.Join(r[1:mi], ", ")
			}
			if v > hi {
				hi, at[1] = v, strings.Join(r[1:mi], ", ")
			}
		}
		if lo <= hi && (m == "care_entries_per_10k" || m == "cost_total") {
			in := info(m)
			unit := ""
			if !isCost(m) {
				unit = " " + in.unit
			}
			if value(m, lo) == value(m, hi) {
				d.summary = append(d.summary, fmt.Sprintf("%s is %s%s at every point (as shown).", in.label, value(m, lo), unit))
			} else {
				d.summary = append(d.summary, fmt.Sprintf("%s runs from %s%s (at %s = %s) to %s (at %s).", in.label, value(m, lo), unit, strings.Join(factors, ", "), at[0], value(m, hi), at[1]))
			}
		}
		d.add(f.sweepChart(m))
	}
	header := append([]string{"Point"}, factors...)
	for _, m := range sweepMetrics {
		header = append(header, info(m).label+" ("+info(m).unit+"): mean", "95% low", "95% high")
	}
	type key struct{ p, m string }
	vals := map[key][]string{}
	var order []string
	seen := map[string][]string{}
	c, _ := t.need("mean", "ci95_low", "ci95_high")
	for _, r := range t.rows {
		if _, ok := seen[r[0]]; !ok {
			order = append(order, r[0])
			seen[r[0]] = r[1:mi]
		}
		vals[key{r[0], r[mi]}] = []string{r[c[0]], r[c[1]], r[c[2]]}
	}
	var rows [][]cell
	for _, p := range order {
		row := []cell{txt(p)}
		for _, v := range seen[p] {
			row = append(row, numCell(num(v), v))
		}
		for _, m := range sweepMetrics {
			for _, s := range vals[key{p, m}] {
				row = append(row, numCell(num(s), value(m, num(s))))
			}
		}
		rows = append(rows, row)
	}
	d.tables = append(d.tables, tbl{title: "Points of the sweep", sheet: "Sweep", header: header, rows: rows,
		note: "Means over replications with 95% intervals; sweep.csv has every metric."})
}

func (d *doc) sensitivityDoc() {
	f := d.f
	factors, metric, rows := f.analysisRows()
	in := info(metric)
	d.title = "Sensitivity of " + lowerFirst(in.label)
	switch f.kind {
	case KindOAT:
		sw, _ := f.oatSwings()
		d.add(f.tornadoChart())
		if len(sw) > 0 {
			s := fmt.Sprintf("%s (%s) moves most with %s: from %s to %s as it goes from %s to %s",
				in.label, in.unit, sw[0].factor, figure(sw[0].low.Mean), figure(sw[0].high.Mean), sw[0].lowLabel, sw[0].hiLabel)
			if len(sw) > 1 {
				s += fmt.Sprintf("; then %s (a swing of %s)", sw[1].factor, figure(sw[1].swing))
			}
			d.summary = append(d.summary, s+".")
		}
		header := []string{"Factor", "Low", "Metric at low", "95% low", "95% high", "High", "Metric at high", "95% low", "95% high", "Swing", "Swing 95% low", "Swing 95% high"}
		var out [][]cell
		for _, o := range sw {
			out = append(out, []cell{txt(o.factor), numCell(num(o.lowLabel), o.lowLabel),
				numCell(o.low.Mean, figure(o.low.Mean)), numCell(o.low.Lo, figure(o.low.Lo)), numCell(o.low.Hi, figure(o.low.Hi)),
				numCell(num(o.hiLabel), o.hiLabel),
				numCell(o.high.Mean, figure(o.high.Mean)), numCell(o.high.Lo, figure(o.high.Lo)), numCell(o.high.Hi, figure(o.high.Hi)),
				numCell(o.swing, figure(o.swing)), numCell(o.swingLo, figure(o.swingLo)), numCell(o.swingHi, figure(o.swingHi))})
		}
		d.tables = append(d.tables, tbl{title: "One factor at a time", sheet: "Sensitivity", header: header, rows: out,
			note: "The metric with each factor alone at the low and the high end of its range, the others at the scenario's values; the swing is high minus low, with its 95% interval over the replications paired on common random numbers."})
	case KindMorris:
		d.add(f.morrisChart())
		best, second := "", ""
		for _, fa := range factors {
			if best == "" || rows[fa]["mu_star"].Mean > rows[best]["mu_star"].Mean {
				best, second = fa, best
			} else if second == "" || rows[fa]["mu_star"].Mean > rows[second]["mu_star"].Mean {
				second = fa
			}
		}
		s := fmt.Sprintf("Of %d factors, %s matters most to %s (μ* %s %s)", len(factors), best, strings.ToLower(in.label), figure(rows[best]["mu_star"].Mean), interval("", rows[best]["mu_star"]))
		if second != "" {
			s += fmt.Sprintf(", then %s (μ* %s)", second, figure(rows[second]["mu_star"].Mean))
		}
		d.summary = append(d.summary, s+".")
		header := []string{"Factor", "μ*", "μ* 95% low", "μ* 95% high", "μ", "σ"}
		var out [][]cell
		for _, fa := range factors {
			r := rows[fa]
			out = append(out, []cell{txt(fa), numCell(r["mu_star"].Mean, figure(r["mu_star"].Mean)), numCell(r["mu_star"].Lo, figure(r["mu_star"].Lo)),
				numCell(r["mu_star"].Hi, figure(r["mu_star"].Hi)), numCell(r["mu"].Mean, figure(r["mu"].Mean)), numCell(r["sigma"].Mean, figure(r["sigma"].Mean))})
		}
		d.tables = append(d.tables, tbl{title: "Morris screening", sheet: "Sensitivity", header: header, rows: out,
			note: "μ* is the mean absolute elementary effect, μ the mean signed effect and σ the spread of the effects (see the glossary)."})
	case KindSobol:
		d.add(f.sobolChart())
		best := factors[0]
		for _, fa := range factors {
			if rows[fa]["S1"].Mean > rows[best]["S1"].Mean {
				best = fa
			}
		}
		d.summary = append(d.summary, fmt.Sprintf("%s explains about %s of the variance of %s on its own (S1 %s %s) and %s with its interactions (ST).",
			best, percent(rows[best]["S1"].Mean), strings.ToLower(in.label), figure(rows[best]["S1"].Mean), interval("", rows[best]["S1"]), percent(rows[best]["ST"].Mean)))
		header := []string{"Factor", "S1", "S1 95% low", "S1 95% high", "ST", "ST 95% low", "ST 95% high"}
		var out [][]cell
		for _, fa := range factors {
			r := rows[fa]
			out = append(out, []cell{txt(fa), numCell(r["S1"].Mean, figure(r["S1"].Mean)), numCell(r["S1"].Lo, figure(r["S1"].Lo)), numCell(r["S1"].Hi, figure(r["S1"].Hi)),
				numCell(r["ST"].Mean, figure(r["ST"].Mean)), numCell(r["ST"].Lo, figure(r["ST"].Lo)), numCell(r["ST"].Hi, figure(r["ST"].Hi))})
		}
		d.tables = append(d.tables, tbl{title: "Sobol indices", sheet: "Sensitivity", header: header, rows: out,
			note: "First-order (S1) and total (ST) indices with 95% intervals from independent repetitions of the design (t on R−1 degrees of freedom)."})
	}
	if f.man.Reps > 0 {
		d.summary = append(d.summary, fmt.Sprintf("Each design point was run with %s; brackets give 95%% intervals.", replications(f.man.Reps)))
	}
	d.analysisLines()
}

// analysisLines are the lines the analysis printed under its table
// (manifest.json, extra.analysis): a warning that the noise or the
// design's size leaves the ranking unclear goes into the summary, beside
// the ranking it qualifies; the others (how the intervals were made, the
// base case) into the method.
func (d *doc) analysisLines() {
	text := d.f.man.Extra["analysis"]
	if text == "" {
		return
	}
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue
		}
		if w, ok := strings.CutPrefix(l, "warning: "); ok {
			d.summary = append(d.summary, sentence("Caution: "+w))
			continue
		}
		d.method = append(d.method, sentence(l))
	}
}

// sentence is a line of the analysis as a sentence: its first letter a
// capital, and a full stop unless it has one ("...; use --reps 2 or more."
// as "...separate them." already is).
func sentence(l string) string {
	r, n := utf8.DecodeRuneInString(l)
	l = string(unicode.ToUpper(r)) + l[n:]
	if !strings.HasSuffix(l, ".") {
		l += "."
	}
	return l
}

func (d *doc) sizeDoc() {
	f := d.f
	rows := f.sizeRows()
	metric, op, target := f.sizeTarget()
	vary := f.man.Extra["vary"]
	if vary == "" {
		vary = f.size.header[0]
	}
	d.title = "Sizing " + vary
	d.add(f.sizeChart())
	if a, ok := f.man.Extra["answer"]; ok {
		s := fmt.Sprintf("The smallest %s that meets the target %s %s %s is %s", vary, metric, op, figure(target), a)
		for _, r := range rows {
			if r.label == a {
				s += fmt.Sprintf(", where %s is %s %s", strings.ToLower(info(metric).label), value(metric, r.s.Mean), interval(metric, r.s))
			}
		}
		d.summary = append(d.summary, s+".")
	} else if len(rows) > 0 {
		d.summary = append(d.summary, fmt.Sprintf("No value of %s from %s to %s meets the target %s %s %s.", vary, rows[0].label, rows[len(rows)-1].label, metric, op, figure(target)))
	}
	header := []string{vary, info(metric).label + ": mean", "95% low", "95% high", "Share of replications meeting the target", "Meets the target"}
	var out [][]cell
	for _, r := range rows {
		meets := "no"
		if r.meets {
			meets = "yes"
		}
		out = append(out, []cell{numCell(r.x, r.label), numCell(r.s.Mean, value(metric, r.s.Mean)), numCell(r.s.Lo, value(metric, r.s.Lo)),
			numCell(r.s.Hi, value(metric, r.s.Hi)), numCell(r.share, percent(r.share)), txt(meets)})
	}
	d.tables = append(d.tables, tbl{title: "Values tried", sheet: "Size", header: header, rows: out})
}

var trialLabels = map[string]string{
	"trials": "Simulated trials", "estimable": "Trials with an estimate", "schools_per_trial": "Schools per trial",
	"pupils_per_trial": "Pupils per trial", "strata_per_trial": "Strata per trial", "follow_up_years": "Years of follow-up",
	"power": "Power", "significant_benefit": "Trials finding a significant benefit", "significant_harm": "Trials finding a significant rise",
	"irr_median": "Median estimated IRR", "irr_geometric_mean": "Geometric mean of the estimates", "se_log_irr_median": "Median standard error of log IRR",
	"over_dispersion": "Over-dispersion", "true_irr": "Effect the model produced (IRR)", "bias_ratio": "Bias (ratio of estimate to truth)",
	"coverage": "Coverage of the 95% intervals", "spillover_control": "Spillover to control schools (ratio)",
	"rate_intervention_per_1000":              "Outcome per 1,000 pupils a year, schools with the team",
	"rate_control_per_1000":                   "Outcome per 1,000 pupils a year, schools without",
	"rate_intervention_without_team_per_1000": "Outcome per 1,000 pupils a year, schools with the team had it not been there",
}

func (d *doc) trialDoc() {
	f := d.f
	var spec struct {
		Schools int    `json:"schools"`
		Years   int    `json:"years"`
		Outcome string `json:"outcome"`
		Trials  int    `json:"trials"`
		Seed    uint64 `json:"seed"`
	}
	_ = json.Unmarshal(f.man.Design, &spec)
	f.man.Seed = spec.Seed
	d.trialYears, d.trials = spec.Years, spec.Trials
	d.title = "Virtual trials of " + f.man.Team
	for _, c := range f.trialCharts() {
		d.charts = append(d.charts, c)
	}
	if c, ok, err := f.powerChart(); err == nil && ok {
		d.charts = append(d.charts, c)
	}
	if t, ok, err := f.powerTable(); err == nil && ok {
		d.tables = append(d.tables, t)
	}
	s := f.trialSum
	years := fmt.Sprintf("%d years", spec.Years)
	if spec.Years == 1 {
		years = "a year"
	}
	d.summary = append(d.summary, fmt.Sprintf("A cluster-randomised trial of %s in %s schools followed for %s detects its effect on %s with power %s %s.",
		f.man.Team, figure(s["schools_per_trial"].Mean), years, lowerFirst(info(spec.Outcome).label), percent(s["power"].Mean), pctInterval(s["power"])))
	d.summary = append(d.summary, fmt.Sprintf("The effect the model produced was an IRR of %s (the middle 95%% of the trials' own: %s to %s); the median estimate was %s (the middle 95%% of the estimates: %s to %s), and %s of the intervals held the true effect %s.",
		figure(s["true_irr"].Mean), figure(s["true_irr"].Lo), figure(s["true_irr"].Hi), figure(s["irr_median"].Mean), figure(s["irr_median"].Lo), figure(s["irr_median"].Hi),
		percent(s["coverage"].Mean), pctInterval(s["coverage"])))
	// power and coverage carry 95% intervals; the true ratio and the
	// median estimate the middle 95% of the trials, a spread, not an
	// interval (README, trial)
	header := []string{"Statistic", "Key", "Value", "Low", "High", "Low to high"}
	var out [][]cell
	for _, k := range f.trialOrd {
		v := s[k]
		label := trialLabels[k]
		if label == "" {
			label = strings.ReplaceAll(k, "_", " ")
		}
		show := figure
		if k == "power" || k == "coverage" {
			show = percent
		}
		span := ""
		switch {
		case k == "power" || k == "coverage":
			span = "95% interval"
		case !math.IsNaN(v.Lo) || !math.IsNaN(v.Hi):
			span = "middle 95% of the trials"
		}
		out = append(out, []cell{txt(label), txt(k), numCell(v.Mean, show(v.Mean)), numCell(v.Lo, show(v.Lo)), numCell(v.Hi, show(v.Hi)), txt(span)})
	}
	d.tables = append(d.tables, tbl{title: "The design over all trials", sheet: "Trial summary", header: header, rows: out})
	var trials [][]cell
	for _, r := range f.trials.rows {
		row := make([]cell, len(r))
		for i, v := range r {
			if x := num(v); !math.IsNaN(x) {
				row[i] = numCell(x, figure(x))
			} else {
				row[i] = txt(v)
			}
		}
		trials = append(trials, row)
	}
	d.tables = append(d.tables, tbl{title: "Every trial", sheet: "Trials", header: f.trials.header, rows: trials, pageRows: -1})
}

func pctInterval(s stat) string {
	if math.IsNaN(s.Lo) {
		return ""
	}
	return "[" + percent(s.Lo) + " to " + percent(s.Hi) + "]"
}
