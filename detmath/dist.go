package detmath

import (
	"math"
	"slices"
)

// StudentTSurvival returns P(T > t) for Student's t distribution with nu
// > 0 degrees of freedom, the same bits on every architecture, accurate
// in both tails.
func StudentTSurvival(t, nu float64) float64 {
	switch {
	case t != t || !(nu > 0):
		return math.NaN()
	case math.IsInf(t, 1):
		return 0
	case math.IsInf(t, -1):
		return 1
	case t < 0:
		return 1 - StudentTSurvival(-t, nu)
	}
	t2 := float64(t * t)
	// P(|T| > t) = I_x(nu/2, 1/2) with x = nu/(nu+t²) and 1-x = t²/(nu+t²).
	return float64(0.5 * regIncBeta(nu/2, 0.5, nu/(nu+t2), t2/(nu+t2)))
}

// StudentTCDF returns P(T ≤ t) for Student's t distribution with nu > 0
// degrees of freedom, the same bits on every architecture.
func StudentTCDF(t, nu float64) float64 { return StudentTSurvival(-t, nu) }

// studentTLogPDF is the log density of Student's t with nu degrees of
// freedom at t.
func studentTLogPDF(t, nu float64) float64 {
	// pdf = (1 + t²/nu)^(-(nu+1)/2) / (sqrt(nu)·B(nu/2, 1/2))
	norm := -float64(0.5*Log(nu)) - LogBeta(nu/2, 0.5)
	return norm - float64(float64((nu+1)/2)*Log1p(float64(t*t)/nu))
}

// StudentTQuantile returns the p-quantile of Student's t distribution with
// nu > 0 degrees of freedom, the same bits on every architecture: Newton's
// method on the survival function from a normal-based start, kept inside
// a bracket that bisection shrinks when a step would leave it.
func StudentTQuantile(p, nu float64) float64 {
	switch {
	case p != p || p < 0 || p > 1 || !(nu > 0):
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	case p == 0.5:
		return 0
	case p < 0.5:
		return -studentTUpper(p, nu)
	}
	return studentTUpper(1-p, nu)
}

// studentTUpper returns the t > 0 with P(T > t) = s, for 0 < s < 1/2.
func studentTUpper(s, nu float64) float64 {
	z := NormalQuantile(1 - s)
	if s < 1e-300 {
		z = math.Sqrt(float64(-2 * Log(s)))
	}
	// A Cornish-Fisher start, good for large nu; the bracket mends the rest.
	t := z + float64((float64(z*float64(z*z))+z)/float64(4*nu))
	lo, hi := 0.0, math.Inf(1)
	for range 400 {
		f := StudentTSurvival(t, nu) - s
		if f > 0 {
			lo = t
		} else {
			hi = t
		}
		if f == 0 {
			return t
		}
		// The survival function falls with slope -pdf(t).
		next := t + f/Exp(studentTLogPDF(t, nu))
		if !(next > lo && next < hi) {
			if math.IsInf(hi, 1) {
				next = float64(2 * math.Max(t, 1))
			} else {
				next = lo + float64(0.5*(hi-lo))
			}
		}
		if math.Abs(next-t) <= float64(4e-16*math.Abs(t)) || next == lo || next == hi {
			return next
		}
		t = next
	}
	return t
}

// Mean returns the arithmetic mean of x, summed from the first element to
// the last; NaN for an empty slice.
func Mean(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// Variance returns the unbiased sample variance of x (divisor n-1), by two
// passes with each square rounded on its own; NaN for fewer than two
// values.
func Variance(x []float64) float64 {
	n := len(x)
	if n < 2 {
		return math.NaN()
	}
	m := Mean(x)
	var ss, comp float64
	for _, v := range x {
		d := v - m
		ss += float64(d * d)
		comp += d
	}
	// The compensation removes the rounding error of the mean.
	return (ss - float64(comp*comp)/float64(n)) / float64(n-1)
}

// StdDev returns the square root of Variance(x).
func StdDev(x []float64) float64 { return math.Sqrt(Variance(x)) }

// MeanStdDev returns Mean(x) and StdDev(x).
func MeanStdDev(x []float64) (mean, sd float64) { return Mean(x), StdDev(x) }

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
	if slices.Min(xs) == slices.Max(xs) {
		return xs[0], xs[0]
	}
	m, sd := MeanStdDev(xs)
	n := float64(len(xs))
	t := StudentTQuantile(1-float64((1-conf)/2), n-1)
	half := t * sd / math.Sqrt(n) / (m * (1 - m))
	l := Log(m / (1 - m))
	lo, hi = expit(l-half), expit(l+half)
	return math.Min(lo, m), math.Max(hi, m)
}

// expit is the inverse of the logit, 1/(1+e^−x).
func expit(x float64) float64 { return 1 / (1 + Exp(-x)) }

// Describe is the one mean, SD and interval of the project's reports: the
// mean, the sample SD (n−1 denominator) and the Student t 95% interval for
// the mean (n−1 degrees of freedom) of x. SD, lo and hi are NaN when there
// are fewer than two values (and the mean too when there are none); a
// constant sample has SD 0 and the interval [x, x] (summing a repeated
// value need not give n times it exactly, so its mean would carry a
// spurious spread of a few ulps).
func Describe(x []float64) (mean, sd, lo, hi float64) {
	nan := math.NaN()
	switch {
	case len(x) == 0:
		return nan, nan, nan, nan
	case len(x) == 1:
		return x[0], nan, nan, nan
	case slices.Min(x) == slices.Max(x):
		return x[0], 0, x[0], x[0]
	}
	mean, sd = MeanStdDev(x)
	lo, hi = MeanInterval(mean, sd, len(x), 0.95)
	return mean, sd, lo, hi
}

// MeanInterval is the two-sided Student t interval at confidence conf for
// the mean of n values with this mean and sample SD: mean ± t(1−(1−conf)/2,
// n−1) · sd/√n. It is NaN for n < 2.
func MeanInterval(mean, sd float64, n int, conf float64) (lo, hi float64) {
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	half := float64(StudentTQuantile(1-float64((1-conf)/2), float64(n-1)) * sd / math.Sqrt(float64(n)))
	return mean - half, mean + half
}

// DescribeLevel is Describe for a level of the model, a quantity that
// cannot be negative: a share's interval is on the logit scale
// (LogitMeanInterval), which stays inside [0, 1]; any other level's is the
// t interval cut at 0. A t interval can reach below 0 for a rare event in
// a small LA (care entries in the Isles of Scilly: 13.6 per 10,000 [−0.5
// to 27.7] over 10 replications); cut at 0, it still holds the true mean
// whenever the whole interval does, since that mean is not negative, so
// the cut keeps its coverage.
func DescribeLevel(x []float64, share bool) (mean, sd, lo, hi float64) {
	mean, sd, lo, hi = Describe(x)
	switch {
	case share && len(x) > 1:
		lo, hi = LogitMeanInterval(x, 0.95)
	case lo < 0:
		lo = 0
	}
	return mean, sd, lo, hi
}
