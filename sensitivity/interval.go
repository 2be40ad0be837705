package sensitivity

import (
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// ciLevel is the coverage of every interval in the package.
const ciLevel = 0.95

// tInterval returns the mean of x and the bounds of the two-sided ciLevel
// Student t interval for it on len(x)-1 degrees of freedom,
// mean ± t · sd/√n. With fewer than two values the bounds are NaN; any
// NaN in x makes everything NaN.
func tInterval(x []float64) (mean, lo, hi float64) {
	mean = stat.Mean(x, nil)
	if len(x) < 2 {
		return mean, math.NaN(), math.NaN()
	}
	sd := stat.StdDev(x, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(x) - 1)}.Quantile(1 - (1-ciLevel)/2)
	half := t * sd / math.Sqrt(float64(len(x)))
	return mean, mean - half, mean + half
}

// nanSlice returns a slice of n NaNs.
func nanSlice(n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = math.NaN()
	}
	return s
}
