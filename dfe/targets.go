package dfe

import (
	"fmt"
	"strings"
)

// TargetMeasures are the figures each LA is fitted to (per 10,000
// children): referrals, section 47 enquiries, CP plans started, CP plans
// at 31 March, children looked after at 31 March and children starting to
// be looked after.
var TargetMeasures = []Measure{Referrals, Section47, CPStarts, CPAt31, CLAAt31, CLAStarting}

// Target is one figure an LA is fitted to, per 10,000 children.
type Target struct {
	Measure Measure
	Per10k  float64
	Year    int
	// Neighbours is the number of statistical neighbours whose mean
	// stands in for a figure the LA has none of (0: the LA's own).
	Neighbours int
	Note       string
}

// Targets are the LA's figures of TargetMeasures per 10,000 of its
// children. A figure the LA has none of (suppressed or missing in every
// year) is the mean, per 10,000, of its statistical neighbours that have
// it, with a note; an LA with neither gets England's rate.
func (t *Table) Targets(la LA) []Target {
	out := make([]Target, len(TargetMeasures))
	for i, m := range TargetMeasures {
		if v, ok := per10k(la, m); ok {
			out[i] = Target{Measure: m, Per10k: v, Year: la.Figures[m].Year}
			continue
		}
		var sum float64
		var names []string
		seen := map[string]bool{}
		for _, code := range la.Neighbours {
			nb, ok := t.ByCode(code)
			if !ok || seen[nb.Code] {
				continue
			}
			seen[nb.Code] = true
			if v, ok := per10k(nb, m); ok {
				sum += v
				names = append(names, nb.Name)
			}
		}
		if len(names) > 0 {
			out[i] = Target{Measure: m, Per10k: sum / float64(len(names)), Neighbours: len(names),
				Note: fmt.Sprintf("%s %s: the mean of %d statistical neighbours per 10k (%s)", m.Key(), codeText(la.Figures[m].Code), len(names), strings.Join(names, "; "))}
			continue
		}
		v, _ := per10k(t.England, m)
		out[i] = Target{Measure: m, Per10k: v, Note: fmt.Sprintf("%s %s and no statistical neighbour has it: England's rate", m.Key(), codeText(la.Figures[m].Code))}
	}
	return out
}

// per10k is the LA's figure of m per 10,000 of its children.
func per10k(la LA, m Measure) (float64, bool) {
	v, ok := la.Value(m)
	c, cok := la.Value(Children)
	if !ok || !cok || c <= 0 {
		return 0, false
	}
	return v / c * 1e4, true
}
