package sensitivity

import (
	"math"

	"github.com/caseload/caseload/detmath"
)

// ciLevel is the coverage of every interval in the package.
const ciLevel = 0.95

// tInterval returns the mean of x and the bounds of the two-sided ciLevel
// Student t interval for it on len(x)-1 degrees of freedom,
// mean ± t · sd/√n. With fewer than two values the bounds are NaN; any
// NaN in x makes everything NaN.
func tInterval(x []float64) (mean, lo, hi float64) {
	mean = detmath.Mean(x)
	if len(x) < 2 {
		return mean, math.NaN(), math.NaN()
	}
	sd := detmath.StdDev(x)
	t := detmath.StudentTQuantile(1-(1-ciLevel)/2, float64(len(x)-1))
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
