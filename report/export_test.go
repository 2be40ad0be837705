package report

import "github.com/caseload/caseload/sim"

// LevelCI is levelCI for the external tests: mean, SD and interval.
func LevelCI(kind sim.MetricKind, x []float64) (mean, sd, lo, hi float64) {
	s := levelCI(kind, x)
	return s.Mean, s.SD, s.Lo, s.Hi
}
