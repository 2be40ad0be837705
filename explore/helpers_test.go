package explore

import (
	"math"

	"github.com/caseload/caseload/sim"
)

// row is a replication whose statutory caseload is x and other metrics 0.
func row(x float64) []float64 {
	v := make([]float64, len(sim.MetricNames()))
	v[sim.MetricIndex("statutory_caseload_mean")] = x
	return v
}

func nan() float64 { return math.NaN() }
