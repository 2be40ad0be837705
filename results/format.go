package results

import (
	"math"
	"strconv"
	"strings"

	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/sim"
)

// unit says how a table row shows its numbers.
type unit struct {
	scale          float64 // multiplies the stored value
	decimals       int
	prefix, suffix string
	diffSuffix     string // the suffix of differences, if not suffix
}

var (
	count   = unit{scale: 1}
	rate    = unit{scale: 1, decimals: 1}
	percent = unit{scale: 100, decimals: 1, suffix: "%", diffSuffix: " pp"}
	money   = unit{scale: 1e-6, decimals: 2, prefix: "£", suffix: "m"}
)

// unitOf is how the tables show a metric of a kind (sim.MetricKind).
func unitOf(k sim.MetricKind) unit {
	switch k {
	case sim.KindCount, sim.KindStock, sim.KindSchools:
		return count
	case sim.KindShare:
		return percent
	case sim.KindCost:
		return money
	}
	return rate // rates, caseloads, FTE and weeks: one decimal
}

// RoughBelow is the replications under which intervals are marked rough
// (report.RoughFewer, the page's).
const RoughBelow = report.RoughFewer

const (
	dash        = "–"
	roughMark   = "*"
	identical   = "0 (identical)"
	missingCell = "n/a"
)

// level formats a value, e.g. "1,234" or "£12.34m".
func (u unit) level(v float64) string { return u.format(v, false, false) }

// diff formats a difference with its sign, e.g. "+12" or "-£0.20m".
func (u unit) diff(v float64) string { return u.format(v, true, false) }

// format writes v in the unit. signed puts "+" before positive values;
// bare leaves out the prefix and suffix, as inside an interval whose
// mean already shows them.
func (u unit) format(v float64, signed, bare bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return dash
	}
	s := u.magnitude(v)
	sign := ""
	switch {
	case zero(s):
	case v < 0:
		sign = "-"
	case signed:
		sign = "+"
	}
	if bare {
		return sign + s
	}
	suffix := u.suffix
	if signed && u.diffSuffix != "" {
		suffix = u.diffSuffix
	}
	return sign + u.prefix + s + suffix
}

func (u unit) magnitude(v float64) string {
	return thousands(strconv.FormatFloat(math.Abs(v*u.scale), 'f', u.decimals, 64))
}

func zero(s string) bool { return strings.Trim(s, "0.,") == "" }

// thousands puts commas between groups of three digits of the whole part.
func thousands(s string) string {
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// levelCell is "mean [lo–hi]", with the interval marked or replaced when
// there are too few replications to trust it.
func levelCell(s Stat, u unit) string {
	if s.N == 0 {
		return dash
	}
	if s.N < 2 {
		return u.level(s.Mean) + " [" + dash + "]"
	}
	return u.level(s.Mean) + " [" + Span(u.format(s.Lo, false, true), u.format(s.Hi, false, true)) + "]" + rough(s.N)
}

// Span joins an interval's ends with a dash, or with " to " where an end
// is negative: "-6–69" would read as a subtraction.
func Span(lo, hi string) string {
	if strings.HasPrefix(lo, "-") || strings.HasPrefix(hi, "-") {
		return lo + " to " + hi
	}
	return lo + dash + hi
}

// diffCell is "+d [lo to hi]": a dash between signed numbers reads as a
// minus sign.
func diffCell(s Stat, same bool, u unit) string {
	switch {
	case same:
		return identical
	case s.N == 0:
		return dash
	case s.N < 2:
		return u.diff(s.Mean) + " [" + dash + "]"
	}
	return u.shown(s.Mean, false) + " [" + u.shown(s.Lo, true) + " to " + u.shown(s.Hi, true) + "]" + rough(s.N)
}

// shown formats a difference or an end of its interval (bare), signed: one
// that the unit's decimals round to 0 but is not 0 gets the decimals that
// show its first digit (up to four more), so that its side of 0 can be
// read ("+5 [-0.5 to +11]", not "[0 to +11]"; "-0.15 [-0.2 to -0.1]",
// not "0 [-0.2 to -0.1]"). One that still rounds to 0 with four more is
// written 0, unsigned: it is below anything the table resolves, most often
// the rounding error of a sum of paired differences that cancel (a mean of
// 5.7e-15 children), and "+0" or "-0.0 pp" would read as a change.
func (u unit) shown(v float64, bare bool) string {
	s := u.format(v, true, bare)
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) || !zero(u.magnitude(v)) {
		return s
	}
	w := u
	for w.decimals < u.decimals+4 && zero(w.magnitude(v)) {
		w.decimals++
	}
	if zero(w.magnitude(v)) {
		return s
	}
	return w.format(v, true, bare)
}

func rough(n int) string {
	if n < RoughBelow {
		return roughMark
	}
	return ""
}

// MetricValue formats a value of a metric as the report's tables show it,
// in the unit of the metric's kind in the registry: "4,196", "52.4",
// "23.0%", "£68.67m". An unknown metric is shown as a rate.
func MetricValue(metric string, v float64) string { return metricUnit(metric).level(v) }

// MetricCell formats a mean and its interval as the report's tables do,
// "mean [lo–hi]" in the metric's unit, without the mark for few
// replications; with fewer than 2 replications the interval is a dash.
func MetricCell(metric string, s Stat) string {
	u := metricUnit(metric)
	if s.N < 2 || math.IsNaN(s.Lo) || math.IsNaN(s.Hi) {
		if s.N == 0 {
			return dash
		}
		return u.level(s.Mean) + " [" + dash + "]"
	}
	return strings.TrimSuffix(levelCell(s, u), roughMark)
}

func metricUnit(metric string) unit {
	if m, ok := sim.LookupMetric(metric); ok {
		return unitOf(m.Kind)
	}
	return rate
}

// Grouped writes a count rounded to a whole number with commas between
// groups of three digits, as the tables write counts: 37,627.
func Grouped(v float64) string { return count.level(v) }
