package report_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
)

// The report's calibration table gives each figure the interval summary.csv
// and the calibration command give it (results.DescribeMetric), bit for
// bit: a share's on the logit scale, a level's cut at 0, none from one
// replication.
func TestLevelCIMatchesDescribeMetric(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	samples := [][]float64{{0, 0, 0, 27.7, 0, 0, 0, 0, 0, 0}, {3, 4, 5}, {2}, {0.4, 0.4, 0.4}, {0, 0, 0.1, 0, 0}}
	for range 50 {
		x := make([]float64, 2+rng.IntN(20))
		for i := range x {
			x[i] = rng.Float64() * rng.Float64()
		}
		samples = append(samples, x)
	}
	same := func(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }
	for _, k := range []sim.MetricKind{sim.KindCount, sim.KindRate, sim.KindStock, sim.KindShare, sim.KindCost} {
		for _, x := range samples {
			m, sd, lo, hi := report.LevelCI(k, x)
			d := results.DescribeMetric(k, x)
			if !same(m, d.Mean) || !same(sd, d.SD) || !same(lo, d.Lo) || !same(hi, d.Hi) {
				t.Errorf("%s %v: report %v %v [%v, %v], results %+v", k, x, m, sd, lo, hi, d)
			}
		}
	}
	if _, _, lo, _ := report.LevelCI(sim.KindRate, []float64{0, 0, 0, 27.7, 0, 0, 0, 0, 0, 0}); lo != 0 {
		t.Errorf("a rare event's rate: low %v, want 0", lo)
	}
}
