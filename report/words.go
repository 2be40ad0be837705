package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/caseload/caseload/detmath"
	"github.com/caseload/caseload/sim"
)

// metricInfo is the plain label and unit of a metric or weekly series.
type metricInfo struct{ label, unit string }

var knownMetrics = map[string]metricInfo{
	"referrals":                   {"Referrals to children's social care", "children a year"},
	"referrals_school":            {"Referrals from schools", "children a year"},
	"referrals_other":             {"Referrals from every source but schools", "children a year"}, // not referrals_from_other, the census's "other" source
	"rereferrals":                 {"Re-referrals within 12 months", "children a year"},
	"s17_assessments":             {"Section 17 assessments", "children a year"},
	"strategy_discussions":        {"Strategy discussions", "children a year"},
	"s47_enquiries":               {"Section 47 enquiries", "children a year"},
	"icpcs":                       {"Initial child protection conferences", "children a year"},
	"cp_plan_starts":              {"Child protection plans started", "children a year"},
	"cin_plan_starts":             {"Child in need plans started", "children a year"},
	"care_entries":                {"Children entering care", "children a year"},
	"care_entries_planned":        {"Planned entries to care", "children a year"},
	"care_entries_emergency":      {"Emergency entries to care", "children a year"},
	"care_leavers":                {"Children leaving care", "children a year"},
	"early_help_starts":           {"Early help started", "children a year"},
	"school_casework_starts":      {"School-based casework started", "children a year"},
	"cin_stock":                   {"Children in need", "children at 31 March"},
	"cp_stock":                    {"Children on protection plans", "children at 31 March"},
	"cla_stock":                   {"Children looked after", "children at 31 March"},
	"waiting_stock":               {"Waiting for assessment", "children at 31 March"},
	"statutory_caseload_mean":     {"Statutory caseload", "children per social worker"},
	"statutory_caseload_p95":      {"Statutory caseload, 95th centile week", "children per social worker"},
	"statutory_weeks_over_cap":    {"Weeks with statutory caseload over the cap", "share of weeks"},
	"school_worker_caseload_mean": {"School-based caseload", "families per worker"},
	"school_worker_weeks_full":    {"Weeks with school-based workers full", "share of weeks"},
	"assessment_wait_weeks_mean":  {"Wait for assessment", "weeks"},
	"statutory_fte_mean":          {"Statutory social workers in post", "FTE"},
	"school_worker_fte":           {"School-based workers", "FTE"},
	"schools_covered":             {"Schools with a school-based worker", "schools"},
	"cost_school_workforce":       {"Cost: school-based workforce", "£ a year"},
	"cost_statutory_staff":        {"Cost: statutory social workers", "£ a year"},
	"cost_statutory":              {"Cost: statutory casework", "£ a year"},
	"cost_early_help":             {"Cost: early help", "£ a year"},
	"cost_care":                   {"Cost: children in care", "£ a year"},
	"cost_total":                  {"Total cost", "£ a year"},
	// weekly series
	"statutory_caseload":     {"Statutory caseload", "children per social worker"},
	"school_worker_caseload": {"School-based caseload", "families per worker"},
	"school_share":           {"Share of referrals from schools", "share"},
}

// info returns the label and unit of a metric, series or target.
func info(name string) metricInfo {
	if m, ok := knownMetrics[name]; ok {
		return m
	}
	if base, ok := strings.CutSuffix(name, "_per_10k"); ok {
		m := info(base)
		if strings.Contains(m.unit, "31 March") || strings.HasSuffix(base, "_stock") {
			return metricInfo{m.label, "per 10,000 children at 31 March"}
		}
		return metricInfo{m.label, "per 10,000 children a year"}
	}
	if name == "" {
		return metricInfo{"", ""}
	}
	// a paired difference from an --against reference (sweep, sensitivity,
	// size, optimise): its metric's label and unit, as a change (What was
	// run names the reference)
	if base, ok := strings.CutPrefix(name, "diff_"); ok && base != "" {
		m := info(base)
		return metricInfo{"Change in " + lowerFirst(m.label), m.unit}
	}
	// every other metric: its label and unit in the registry (docs/metrics.md)
	if m, ok := sim.LookupMetric(name); ok {
		label := m.Label
		if label == "" {
			label = strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "_", " ")
		}
		return metricInfo{plainLabel(label, m.Unit), m.Unit}
	}
	label := strings.ReplaceAll(name, "_", " ")
	label = strings.ToUpper(label[:1]) + label[1:]
	unit := "children a year"
	switch {
	case strings.HasSuffix(name, "_stock"):
		unit = "children at 31 March"
	case strings.Contains(name, "caseload"):
		unit = "per worker"
	}
	return metricInfo{label, unit}
}

// labelWords are the short forms in metric names and terminal labels,
// written out for a page or a workbook.
var labelWords = strings.NewReplacer(
	"le3m", "within 3 months", "3to6m", "3 to 6 months", "6to12m", "6 to 12 months", "1to2y", "1 to 2 years", "ge2y", "2 years or more",
	"lt1", "under 1", "1to4", "1 to 4", "5to9", "5 to 9", "10to15", "10 to 15", "16plus", "16 and over",
	"group_work", "group work", "co_work", "co-work", "0-17", "0–17")

// plainLabel is a registry label as people read it: short forms written
// out, and no unit in brackets where the unit column gives it.
func plainLabel(label, unit string) string {
	label = labelWords.Replace(label)
	return strings.TrimSuffix(label, " ("+unit+")")
}

// isCost reports whether a metric is in pounds.
func isCost(name string) bool { return strings.HasPrefix(name, "cost_") }

// money writes pounds for people: £0.42m, £35.2m, £8,400.
func money(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return figure(v)
	}
	sign := ""
	if v < 0 {
		sign, v = "−", -v
	}
	switch {
	case v >= 1e9:
		return fmt.Sprintf("%s£%.2fbn", sign, v/1e9)
	case v >= 1e8:
		return fmt.Sprintf("%s£%.0fm", sign, v/1e6)
	case v >= 1e7:
		return fmt.Sprintf("%s£%.1fm", sign, v/1e6)
	case v >= 1e5:
		return fmt.Sprintf("%s£%.2fm", sign, v/1e6)
	}
	return sign + "£" + grouped(math.Round(v))
}

// grouped writes a whole number with thousands separators.
func grouped(v float64) string {
	s := fmt.Sprintf("%.0f", math.Abs(v))
	var b strings.Builder
	if v < 0 && s != "0" {
		b.WriteString("−")
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// figure writes a number with as many digits as a reader needs: whole
// numbers with separators from 100, three significant figures below.
func figure(v float64) string {
	switch a := math.Abs(v); {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	case a >= 100 || (v == math.Trunc(v) && a < 1e15):
		return grouped(math.Round(v))
	case a >= 10:
		return strings.Replace(fmt.Sprintf("%.1f", v), "-", "−", 1)
	case a >= 1:
		return strings.Replace(fmt.Sprintf("%.2f", v), "-", "−", 1)
	case a == 0:
		return "0"
	}
	return strings.Replace(fmt.Sprintf("%.3g", v), "-", "−", 1)
}

// value writes a metric's value in its unit.
func value(metric string, v float64) string {
	if isCost(metric) {
		return money(v)
	}
	if strings.HasPrefix(info(metric).unit, "share") {
		return percent(v)
	}
	return figure(v)
}

// signed writes a difference with its sign (none for exactly 0). A
// difference of shares is in percentage points, "+2.4 pp", as the
// terminal's tables write it: "+2.4%" would read as a relative change.
func signed(metric string, v float64) string {
	s := value(metric, v)
	if strings.HasPrefix(info(metric).unit, "share") && strings.HasSuffix(s, "%") {
		s = strings.TrimSuffix(s, "%") + " pp"
	}
	if v > 0 {
		return "+" + s
	}
	return s
}

func percent(v float64) string {
	if math.IsNaN(v) {
		return "–"
	}
	p := 100 * v
	out := fmt.Sprintf("%.1f%%", p)
	if math.Abs(p) >= 10 || p == 0 {
		out = fmt.Sprintf("%.0f%%", p)
	}
	if strings.Trim(out, "-0.%") == "" {
		return strings.TrimPrefix(out, "-") // no negative zero
	}
	return strings.Replace(out, "-", "−", 1)
}

// interval writes a 95% interval, [lo to hi].
func interval(metric string, s stat) string {
	if math.IsNaN(s.Lo) || math.IsNaN(s.Hi) {
		return "[no interval: one replication]"
	}
	return "[" + value(metric, s.Lo) + " to " + value(metric, s.Hi) + "]"
}

// glossary explains the terms users meet in the reports.
var glossary = [][2]string{
	{"Replication", "One run of the model with its own random numbers. Results are the mean over replications; the spread between them is the uncertainty the model's chance events create."},
	{"95% interval", "The range that holds the true mean of the model's results with 95% confidence, given the replications run (Student's t). More replications give a narrower interval. It is not a range of futures: for that, see the bands."},
	{"Band (fan chart)", "The darker band holds the middle 50% of replications in each week, the lighter one the middle 90%; the line is the median replication."},
	{"Paired difference", "Scenarios are run on common random numbers: replication r of each meets the same families and events. The difference from the first scenario (or from the reference scenario given with --against) is taken replication by replication, which makes it far more precise than the difference of two separate means."},
	{"Financial year", "April to March (2025-26 is 1 April 2025 to 31 March 2026). Weeks are given to the financial year in which they start; the first and last years may be part years."},
	{"Model year", "52 weeks from the first measured week (after the warm-up the model uses to settle)."},
	{"Swing (one at a time)", "How far a metric moves when one factor goes from the low to the high end of its range with every other factor at the scenario's value."},
	{"μ* (Morris)", "The mean absolute elementary effect: the change in the metric when one factor moves by one step of its grid, scaled to the whole of its range, averaged over many starting points: how much the factor matters."},
	{"σ (Morris)", "The spread of those effects: a large σ means the factor's effect depends on the other factors (interactions) or is not linear."},
	{"S1 (Sobol first-order index)", "The share of the variance of the metric that the factor explains on its own."},
	{"ST (Sobol total index)", "The share of the variance the factor explains with all its interactions; ST well above S1 means the factor acts through other factors. Estimates near zero can come out slightly negative by chance."},
	{"IRR", "Incidence rate ratio: the rate of the outcome in schools with the team divided by the rate in schools without. 1 is no effect; 0.9 is 10% fewer."},
	{"Power", "The share of simulated trials whose 95% interval excludes no effect: the chance that a real trial of this design would find the effect."},
	{"Coverage", "The share of trials whose 95% interval holds the effect the model really produced. A sound analysis covers about 95%."},
	{"Bias", "How far the typical estimate is from the effect the model really produced (a ratio: 1 is unbiased)."},
}

// lowerFirst puts a label inside a sentence.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// estimate writes a mean and its 95% interval to one precision, enough to
// tell the ends of the interval apart (two significant figures of its
// width): "+3.1 a year [+0.4 to +5.7]". With sign, positive values carry
// a plus.
func estimate(metric string, s stat, sign bool) (mean, ci string) {
	w := s.Hi - s.Lo
	if w == 0 && s.Lo == s.Mean {
		// every replication gave the same value
		if sign {
			return signed(metric, s.Mean), ""
		}
		return value(metric, s.Mean), ""
	}
	if isCost(metric) || strings.HasPrefix(info(metric).unit, "share") || math.IsNaN(w) || w <= 0 {
		if sign {
			return signed(metric, s.Mean), "[" + signed(metric, s.Lo) + " to " + signed(metric, s.Hi) + "]"
		}
		return value(metric, s.Mean), interval(metric, s)
	}
	f := precise(metric, w, sign)
	return f(s.Mean), "[" + f(s.Lo) + " to " + f(s.Hi) + "]"
}

// precise writes values of a metric (not a cost or share) to the
// precision estimate gives an interval of width w: enough to tell its
// ends apart (two significant figures of the width). With sign, positive
// values carry a plus.
func precise(metric string, w float64, sign bool) func(float64) string {
	if isCost(metric) || strings.HasPrefix(info(metric).unit, "share") || math.IsNaN(w) || w <= 0 {
		if sign {
			return func(v float64) string { return signed(metric, v) }
		}
		return func(v float64) string { return value(metric, v) }
	}
	d := min(3, max(0, 1-detmath.Decade(w)))
	return func(v float64) string {
		var out string
		if d == 0 {
			out = grouped(math.Round(v))
		} else {
			out = strings.Replace(fmt.Sprintf("%.*f", d, v), "-", "−", 1)
		}
		if strings.Trim(out, "−0.") == "" {
			if v != 0 && !math.IsNaN(v) && math.Abs(v) >= 1e-6*w {
				// a value that rounds to nothing keeps its sign and
				// figures: −0.4, not 0 (nor the −0 of a rounded −0.4);
				// below a millionth of the interval's width it is the
				// arithmetic's rounding, not a difference, and reads 0
				out = figure(v)
			} else {
				out = strings.TrimPrefix(out, "−")
			}
		}
		if sign && v > 0 && strings.Trim(out, "0.") != "" {
			out = "+" + out
		}
		return out
	}
}
