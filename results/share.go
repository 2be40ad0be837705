package results

import (
	"math"

	"github.com/caseload/caseload/detmath"
)

// Shares and probabilities live in [0, 1], and so must their intervals: a
// mean ± t·se interval for a share near 0 or 1 can reach below 0 or above 1.
// The two intervals here cannot.

// WilsonInterval is the Wilson score interval (Wilson 1927) for a binomial
// proportion: successes out of n independent trials, at confidence conf
// (0.95 for a 95% interval). It is the interval R's prop.test gives with
// correct = FALSE. With z the two-sided normal quantile and p = successes/n,
//
//	centre = (p + z²/2n) / (1 + z²/n)
//	half   = z/(1 + z²/n) · sqrt(p(1−p)/n + z²/4n²)
//
// and the interval is centre ± half, which lies inside [0, 1] and contains
// p whatever the counts; with no successes it starts at 0 and with all
// successes it ends at 1. Invalid input (n < 1, successes outside 0..n,
// conf outside (0, 1)) gives NaN, NaN.
func WilsonInterval(successes, n int, conf float64) (lo, hi float64) {
	if n < 1 || successes < 0 || successes > n || !(conf > 0 && conf < 1) {
		return math.NaN(), math.NaN()
	}
	z := detmath.NormalQuantile(1 - float64((1-conf)/2))
	fn := float64(n)
	p := float64(successes) / fn
	z2 := z * z
	d := 1 + z2/fn
	centre := (p + z2/(2*fn)) / d
	half := float64(z / d * math.Sqrt(p*(1-p)/fn+z2/(4*fn*fn)))
	lo, hi = centre-half, centre+half
	// The exact bounds at 0 and n successes are 0 and 1; rounding can miss
	// them by an ulp.
	if successes == 0 {
		lo = 0
	}
	if successes == n {
		hi = 1
	}
	return math.Max(0, math.Min(lo, p)), math.Min(1, math.Max(hi, p))
}

// LogitMeanInterval is detmath.LogitMeanInterval: the interval of a
// mean of per-replication shares, on the logit scale (kept there so that
// the report, which results imports, computes the same).
func LogitMeanInterval(xs []float64, conf float64) (lo, hi float64) {
	return detmath.LogitMeanInterval(xs, conf)
}
