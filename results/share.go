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

// LogitMeanInterval is a confidence interval, at level conf, for the mean
// of per-replication shares xs (each in [0, 1], such as the share of weeks
// a caseload was over its cap in each replication). It is the Student t
// interval with n−1 degrees of freedom built on the logit scale and mapped
// back:
//
//	m = mean(xs),  se = sd(xs)/√n,
//	logit(m) ± t · se / (m(1−m)),   then inverted with 1/(1+e^−x),
//
// where se/(m(1−m)) is the delta-method standard error of logit(m). The
// logit is taken of the mean, not of each share, so replications at
// exactly 0 or 1 need no adjustment and count as they are. The interval
// lies strictly inside (0, 1) and contains m, and for shares away from 0
// and 1 it is close to the plain t-interval m ± t·se.
//
// When every replication gives the same share (all 0, say), there is no
// spread to measure and the interval is that share at both ends, as the
// t-interval would be: the replications cannot resolve the share any
// finer. With fewer than two values, a value outside [0, 1] or NaN, or
// conf outside (0, 1), it gives NaN, NaN.
func LogitMeanInterval(xs []float64, conf float64) (lo, hi float64) {
	nan := math.NaN()
	if len(xs) < 2 || !(conf > 0 && conf < 1) {
		return nan, nan
	}
	for _, x := range xs {
		if !(x >= 0 && x <= 1) {
			return nan, nan
		}
	}
	if constant(xs) {
		return xs[0], xs[0]
	}
	m, sd := detmath.MeanStdDev(xs)
	n := float64(len(xs))
	t := detmath.StudentTQuantile(1-float64((1-conf)/2), n-1)
	half := t * sd / math.Sqrt(n) / (m * (1 - m))
	l := detmath.Log(m / (1 - m))
	lo, hi = expit(l-half), expit(l+half)
	return math.Min(lo, m), math.Max(hi, m)
}

// expit is the inverse of the logit, 1/(1+e^−x).
func expit(x float64) float64 { return 1 / (1 + detmath.Exp(-x)) }
