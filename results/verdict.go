package results

import (
	"strings"

	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/sim"
)

// InShort is the comparison's answer in short (report.InShort) and the
// evidence set it rests on (report.EvidenceLine), as the terminal writes
// them under the tables; nothing for a single scenario.
func (r *Report) InShort() []string {
	if len(r.scen) < 2 {
		return nil
	}
	others := r.Scenarios()[1:]
	diff := func(sc, m string) (report.Change, bool) {
		s, ok := r.Diff(sc, m)
		if !ok || s.N < 2 {
			return report.Change{}, false
		}
		return report.Change{Lo: s.Lo, Mean: s.Mean, Hi: s.Hi}, true
	}
	label := func(m string) string {
		if x, ok := sim.LookupMetric(m); ok && x.Label != "" {
			return strings.ToLower(x.Label[:1]) + x.Label[1:]
		}
		return m
	}
	show := func(sc, m string) string {
		s, _ := r.Diff(sc, m)
		u := count
		if m == "cost_total" {
			u = money
		}
		out := u.shown(s.Mean, false) + " a year [" + u.shown(s.Lo, true) + " to " + u.shown(s.Hi, true) + "]"
		if b, ok := r.Metric(r.Reference(), m); ok && m != "cost_total" && b.Mean > 0 {
			out += " (" + report.Percent(s.Mean/b.Mean) + " of " + r.Reference() + "'s " + count.level(b.Mean) + ")"
		}
		return out
	}
	out := []string{report.InShort(r.Reference(), others, diff, label, show)}
	// the evidence set acts only through school-based workers: a scenario
	// without them has nothing it can change
	var names []string
	var configs []map[string]any
	for i, sc := range r.Scenarios() {
		if fte, ok := r.Metric(sc, report.SchoolFTE); !ok || fte.Mean > 0 {
			names, configs = append(names, sc), append(configs, r.scen[i].config)
		}
	}
	if e := report.EvidenceLine(names, configs); e != "" {
		out = append(out, e)
	}
	return out
}
