package report

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/detmath"
	"github.com/caseload/caseload/sim"
)

// VerdictFlows are the flows a comparison's answer in short weighs: those
// a commissioner asks after.
var VerdictFlows = []string{"referrals", "s47_enquiries", "cp_plan_starts", "care_entries"}

// Change is a scenario's paired difference from the reference in a
// metric, with its 95% interval.
type Change struct{ Lo, Mean, Hi float64 }

// InShort is a comparison's answer in a sentence, for the terminal and the
// report alike: for each of VerdictFlows, the scenario of others that
// lowers it most among those that lower it clearly (the interval of the
// change below 0), with its change and its change in total cost; the
// flows none lowers clearly; the clear rises (interval above 0), by flow;
// or, where no change has an interval (one replication), that nothing
// can be told. diff gives a scenario's change in a metric and false where
// it has none or no interval, label a metric's name in a sentence, and
// show a scenario's change in a metric (the flows' and cost_total) as the
// caller writes numbers.
func InShort(ref string, others []string, diff func(sc, m string) (Change, bool), label func(m string) string, show func(sc, m string) string) string {
	var falls, rises, none []string
	intervals := false
	for _, m := range VerdictFlows {
		best, bestMean := "", 0.0
		var up []string
		for _, sc := range others {
			x, ok := diff(sc, m)
			if !ok {
				continue
			}
			intervals = true
			if x.Hi < 0 && (best == "" || x.Mean < bestMean) {
				best, bestMean = sc, x.Mean
			}
			if x.Lo > 0 {
				up = append(up, sc)
			}
		}
		if len(up) > 0 {
			rises = append(rises, fmt.Sprintf("%s under %s", label(m), joinNames(up)))
		}
		if best == "" {
			none = append(none, label(m))
			continue
		}
		falls = append(falls, fmt.Sprintf("%s: %s, %s, at %s in total cost", label(m), best, show(best, m), show(best, "cost_total")))
	}
	if !intervals {
		return fmt.Sprintf("In short: with one replication no change has a 95%% interval, so this comparison cannot tell whether %s lowers %s against %s; run it again with --reps 2 or more.",
			orList(others), orList(none), ref)
	}
	var s string
	if len(falls) == 0 {
		s = fmt.Sprintf("In short: %s against %s (no 95%% interval of a change lies below 0).", noneLowers(others, orList(none)), ref)
	} else {
		s = "In short, the largest clear fall against " + ref + " in each flow that a scenario clearly lowers: " + strings.Join(falls, "; ") + "."
		if len(none) > 0 {
			s += fmt.Sprintf(" None clearly lowers %s.", orList(none))
		}
	}
	if len(rises) > 0 {
		s += " Clear rises: " + strings.Join(rises, "; ") + "."
	}
	return s
}

// SchoolFTE is the metric of a scenario's school-based workers (FTE): the
// evidence set acts through them alone, so the callers of EvidenceLine
// leave out the scenarios where it is 0.
const SchoolFTE = "school_worker_fte"

// EvidenceLine says which evidence set (effects.evidence) the scenarios'
// effects come from, and that another can change the answer, with the
// --set that tries it; empty when no configuration says. names and
// configs are the scenarios' names and resolved configurations: those
// with school-based workers, as no other has anything the set changes.
func EvidenceLine(names []string, configs []map[string]any) string {
	sets := map[string][]string{}
	var order []string
	for i, cfg := range configs {
		v, ok := configValue(cfg, "effects.evidence")
		if !ok {
			continue
		}
		e := fmt.Sprint(v)
		if _, seen := sets[e]; !seen {
			order = append(order, e)
		}
		sets[e] = append(sets[e], names[i])
	}
	switch len(order) {
	case 0:
		return ""
	case 1:
		var other []string
		for _, k := range slices.Sorted(maps.Keys(sim.EvidenceSets())) {
			if k != order[0] {
				other = append(other, k)
			}
		}
		return fmt.Sprintf("The effects of school-based workers are the %s evidence set's (effects.evidence); the studies disagree, and another set can change this answer: run the comparison again with --set effects.evidence=%s to see.", order[0], strings.Join(other, " or "))
	}
	var parts []string
	for _, e := range order {
		parts = append(parts, fmt.Sprintf("%s's the %s evidence set's", joinNames(sets[e]), e))
	}
	return "The effects of school-based workers differ between the scenarios: " + strings.Join(parts, ", ") + " (effects.evidence); the studies disagree, and a difference between these scenarios may be the evidence's rather than the deployment's."
}

// noneLowers says that none of the scenarios names clearly lowers what.
func noneLowers(names []string, what string) string {
	switch len(names) {
	case 1:
		return names[0] + " does not clearly lower " + what
	case 2:
		return "neither " + names[0] + " nor " + names[1] + " clearly lowers " + what
	}
	return "none of " + joinNames(names) + " clearly lowers " + what
}

// orList joins names as a list with "or" before the last: "a, b or c"
// (joinNames: "a, b and c").
func orList(names []string) string { return listOf(names, " or ") }

func listOf(names []string, last string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + last + names[len(names)-1]
}

// Percent writes a relative change with its sign, to two significant
// figures under 10% and whole percents above: +12%, -1.5%, -0.13%,
// +0.031%, -0.00033% (a clear fall of 0.05 in 15,000 is not -0.000%); one
// that rounds up to the next power of ten has the figures of that power:
// +10%, not +10.0%; +1.0%, not +1.00%.
func Percent(x float64) string {
	v := 100 * x
	d := 0
	if a := math.Abs(v); a > 0 && a < 10 {
		e := detmath.Decade(a)
		d = 1 - e
		if r, err := strconv.ParseFloat(strconv.FormatFloat(a, 'f', d, 64), 64); err == nil && r >= math.Pow10(e+1) {
			d--
		}
	}
	return fmt.Sprintf("%+.*f%%", d, v)
}
