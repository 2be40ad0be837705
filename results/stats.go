package results

import (
	"math"
	"slices"

	"github.com/caseload/caseload/detmath"
	"github.com/caseload/caseload/sim"
)

// Describe summarises a sample: the number of values and
// detmath.Describe's mean, sample SD and Student t 95% interval for the
// mean. It is the one mean/SD/interval of the project's reports.
func Describe(x []float64) Stat {
	s := Stat{N: len(x)}
	s.Mean, s.SD, s.Lo, s.Hi = detmath.Describe(x)
	return s
}

// MeanInterval is detmath.MeanInterval: the Student t interval at
// confidence conf for the mean of n values with this mean and sample SD.
func MeanInterval(mean, sd float64, n int, conf float64) (lo, hi float64) {
	return detmath.MeanInterval(mean, sd, n, conf)
}

// DescribeMetric summarises one metric of the registry over replications.
// It is where a metric's kind chooses its interval (detmath.DescribeLevel;
// the report, which this package imports, calls that too): shares
// (sim.KindShare) take the logit-scale interval, which stays inside
// [0, 1]; every other kind Describe's t interval, cut at 0. Every metric
// of the registry is a level that cannot be negative (a count, rate,
// stock, caseload, duration, FTE, number of schools or cost: sim's
// TestMetricsNeverNegative), so neither can the mean of its replications.
// A difference between scenarios is no level and is not cut (Describe).
func DescribeMetric(kind sim.MetricKind, x []float64) Stat {
	s := Stat{N: len(x)}
	s.Mean, s.SD, s.Lo, s.Hi = detmath.DescribeLevel(x, kind == sim.KindShare)
	return s
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
