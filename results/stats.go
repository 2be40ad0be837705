package results

import (
	"math"
	"slices"

	"github.com/caseload/caseload/detmath"
	"github.com/caseload/caseload/sim"
)

// Describe summarises a sample: the number of values, the mean, the
// sample SD (n−1 denominator) and the Student t 95% interval for the mean
// (n−1 degrees of freedom). SD, Lo and Hi are NaN when n < 2 (and Mean
// too when n == 0); a constant sample has SD 0 and the interval [x, x].
// It is the one mean/SD/interval of the project's reports.
func Describe(x []float64) Stat {
	nan := math.NaN()
	s := Stat{N: len(x), Mean: nan, SD: nan, Lo: nan, Hi: nan}
	switch {
	case len(x) == 0:
		return s
	case len(x) == 1:
		s.Mean = x[0]
		return s
	case constant(x):
		// Summing a repeated value need not give n times it exactly, so
		// the mean would carry a spurious spread of a few ulps.
		return Stat{N: len(x), Mean: x[0], Lo: x[0], Hi: x[0]}
	}
	s.Mean, s.SD = detmath.MeanStdDev(x)
	s.Lo, s.Hi = MeanInterval(s.Mean, s.SD, len(x), 0.95)
	return s
}

// MeanInterval is the two-sided Student t interval at confidence conf for
// the mean of n values with this mean and sample SD: mean ± t(1−(1−conf)/2,
// n−1) · sd/√n. It is NaN for n < 2.
func MeanInterval(mean, sd float64, n int, conf float64) (lo, hi float64) {
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	half := float64(tQuantile(1-float64((1-conf)/2), n-1) * sd / math.Sqrt(float64(n)))
	return mean - half, mean + half
}

// DescribeMetric summarises one metric of the registry over replications.
// It is the one place where a metric's kind chooses its interval: shares
// (sim.KindShare, proportions in [0, 1]) take the logit-scale interval of
// [LogitMeanInterval], which stays inside [0, 1]; every other kind takes
// Describe's t interval, cut at 0. Every metric of the registry is a level
// that cannot be negative (a count, rate, stock, caseload, duration, FTE,
// number of schools or cost: sim's TestMetricsNeverNegative), so neither
// can the mean of its replications. A t interval can reach below 0 for a
// rare event in a small LA (care entries in the Isles of Scilly: 13.6 per
// 10,000 [−0.5 to 27.7] over 10 replications); cut at 0, it still holds
// the true mean whenever the whole interval does, since that mean is not
// negative, so the cut keeps its coverage. A difference between scenarios is no level and
// is not cut (Describe).
func DescribeMetric(kind sim.MetricKind, x []float64) Stat {
	s := Describe(x)
	switch {
	case kind == sim.KindShare && len(x) > 1:
		s.Lo, s.Hi = LogitMeanInterval(x, 0.95)
	case s.Lo < 0:
		s.Lo = 0
	}
	return s
}

func constant(x []float64) bool {
	for _, v := range x[1:] {
		if v != x[0] {
			return false
		}
	}
	return true
}

// tQuantile is the p point of Student's t with df degrees of freedom.
func tQuantile(p float64, df int) float64 {
	return detmath.StudentTQuantile(p, float64(df))
}

// bands gives the weekly spread across replications. Only the weeks that
// every replication has are summarised, so each band has the same n.
func bands(outs []sim.Outcome) [][sim.NumSeries]Band {
	if len(outs) == 0 {
		return nil
	}
	weeks := len(outs[0].Weekly)
	for _, o := range outs {
		weeks = min(weeks, len(o.Weekly))
	}
	b := make([][sim.NumSeries]Band, weeks)
	x := make([]float64, len(outs))
	for w := range weeks {
		for k := range sim.NumSeries {
			for i, o := range outs {
				x[i] = o.Weekly[w][k]
			}
			b[w][k] = band(x)
		}
	}
	return b
}

// band sorts x in place.
func band(x []float64) Band {
	slices.Sort(x) // puts any NaN first
	if math.IsNaN(x[0]) {
		nan := math.NaN()
		return Band{nan, nan, nan, nan, nan, nan}
	}
	q := func(p float64) float64 { return quantile(x, p) }
	return Band{Mean: detmath.Mean(x), P05: q(0.05), P25: q(0.25), P50: q(0.5), P75: q(0.75), P95: q(0.95)}
}

// quantile of sorted x: linear interpolation between order statistics at
// position p(n-1) (R's type 7, NumPy's and spreadsheets' default, and the
// definition sim uses for caseload percentiles). Unlike gonum's
// stat.LinInterp it gives the middle value as the median of an odd sample.
func quantile(sorted []float64, p float64) float64 {
	pos := float64(p * float64(len(sorted)-1))
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	return sorted[lo] + float64((sorted[hi]-sorted[lo])*(pos-float64(lo)))
}
