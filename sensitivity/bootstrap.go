package sensitivity

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/stat"
)

// ciLevel is the coverage of every bootstrap interval in the package.
const ciLevel = 0.95

// percentileInterval returns the equal-tailed ciLevel percentile interval of
// the bootstrap replicates in reps (Efron 1979), using linear interpolation
// between order statistics. Non-finite replicates are dropped; with fewer
// than two finite replicates the interval is (NaN, NaN). reps is reordered.
func percentileInterval(reps []float64) (lo, hi float64) {
	finite := reps[:0]
	for _, v := range reps {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			finite = append(finite, v)
		}
	}
	if len(finite) < 2 {
		return math.NaN(), math.NaN()
	}
	sort.Float64s(finite)
	tail := (1 - ciLevel) / 2
	return stat.Quantile(tail, stat.LinInterp, finite, nil),
		stat.Quantile(1-tail, stat.LinInterp, finite, nil)
}

// nanSlice returns a slice of n NaNs.
func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
