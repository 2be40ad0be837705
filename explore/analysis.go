package explore

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/caseload/caseload/detmath"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sensitivity"
	"github.com/caseload/caseload/sim"
)

// Summary is a metric at a point over its replications: mean, standard
// deviation and 95% interval of the mean (NaN with one replication).
type Summary struct {
	N                int
	Mean, SD, Lo, Hi float64
}

// Summarise summarises metric k over a point's replications. A metric of
// the registry takes the interval its kind chooses
// ([results.DescribeMetric]: on the logit scale for a share, so that it
// stays inside [0, 1]; otherwise the Student t interval on n-1 degrees of
// freedom, cut at 0); a difference from the reference (k past the
// registry) takes the t interval whole, since it may be negative.
func Summarise(r PointResult, k int) Summary {
	x := make([]float64, len(r.Reps))
	for i, v := range r.Reps {
		x[i] = v[k]
	}
	var d results.Stat
	if k < len(metricKinds) {
		d = results.DescribeMetric(metricKinds[k], x)
	} else {
		d = results.Describe(x)
	}
	return Summary{N: d.N, Mean: d.Mean, SD: d.SD, Lo: d.Lo, Hi: d.Hi}
}

// metricKinds is the kind of each metric of the registry, in its order.
var metricKinds = func() []sim.MetricKind {
	ms := sim.Metrics()
	k := make([]sim.MetricKind, len(ms))
	for i, m := range ms {
		k[i] = m.Kind
	}
	return k
}()

// WriteSweepCSV writes the tidy sweep table: one row per point and metric,
// with each factor's value, the mean, sd and 95% interval.
func WriteSweepCSV(w io.Writer, factors []Factor, res []PointResult) error {
	cw := csv.NewWriter(w)
	header := []string{"point"}
	for _, f := range factors {
		header = append(header, f.Key)
	}
	cw.Write(append(header, "metric", "mean", "sd", "ci95_low", "ci95_high"))
	for _, r := range res {
		if len(r.Reps) == 0 {
			continue
		}
		for k := range r.Reps[0] {
			m := metricName(k)
			s := Summarise(r, k)
			row := append([]string{strconv.Itoa(r.Index)}, r.Values...)
			cw.Write(append(row, m, results.FormatNum(s.Mean), results.FormatNum(s.SD), results.FormatNum(s.Lo), results.FormatNum(s.Hi)))
		}
	}
	cw.Flush()
	return cw.Error()
}

// SweepTable renders the headline metrics of every point for the terminal.
func SweepTable(w io.Writer, factors []Factor, res []PointResult, metrics []string) error {
	header := []string{"point"}
	for _, f := range factors {
		header = append(header, f.Key)
	}
	header = append(header, metrics...)
	var rows [][]string
	for _, r := range res {
		row := append([]string{strconv.Itoa(r.Index)}, r.Values...)
		for _, m := range metrics {
			row = append(row, results.MetricCell(m, results.Stat(Summarise(r, MetricIndex(m)))))
		}
		rows = append(rows, row)
	}
	if err := results.RenderRows(w, header, rows); err != nil {
		return err
	}
	// as under run's and compare's tables (README, Statistics)
	var note string
	switch n := minReps(res); {
	case n == 1:
		note = "intervals need at least 2 replications; 1 replication was run at each point"
	case n > 1 && n < results.RoughBelow:
		note = fmt.Sprintf("fewer than %d replications at each point: intervals are rough", results.RoughBelow)
	}
	if note != "" {
		_, err := fmt.Fprintln(w, note)
		return err
	}
	return nil
}

// cell is "mean [lo–hi]" with three significant figures or so; millions
// (costs in pounds) as 61.91m.
func cell(s Summary) string {
	if math.IsNaN(s.Lo) {
		return sig(s.Mean)
	}
	return sig(s.Mean) + " [" + results.Span(sig(s.Lo), sig(s.Hi)) + "]"
}

func sig(x float64) string {
	switch a := math.Abs(x); {
	case a >= 1e6:
		return strconv.FormatFloat(x/1e6, 'f', 2, 64) + "m"
	case a >= 1000:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	default:
		return strconv.FormatFloat(x, 'f', 3, 64)
	}
}

// Index is one sensitivity statistic of one factor, with its 95% interval
// where the method gives one.
type Index struct {
	Factor, Statistic string
	Value, Lo, Hi     float64
}

// Analysis is the result of a sensitivity method: the indices, ranked as
// the method ranks factors, and warnings to print under the table.
type Analysis struct {
	Method   string
	Metric   string
	Indices  []Index
	Warnings []string
}

// pointMeans is the mean of metric k at each point.
func pointMeans(res []PointResult, k int) []float64 {
	y := make([]float64, len(res))
	for i, r := range res {
		y[i] = r.Mean(k)
	}
	return y
}

// noiseVariance is the Monte Carlo variance of a point mean, averaged over
// points: what replication noise adds to the spread of the outputs.
func noiseVariance(res []PointResult, k int) float64 {
	var v float64
	n := 0
	for _, r := range res {
		if len(r.Reps) < 2 {
			continue
		}
		s := Summarise(r, k)
		v += s.SD * s.SD / float64(s.N)
		n++
	}
	if n == 0 {
		return math.NaN()
	}
	return v / float64(n)
}

// AnalyseOAT ranks the factors by the swing of the metric between their
// low and high values, the others at the scenario's own values.
func AnalyseOAT(factors []Factor, pts []Point, res []PointResult, metric string) (Analysis, error) {
	k := MetricIndex(metric)
	swings, err := sensitivity.OAT(units(factors), pointMeans(res, k))
	if err != nil {
		return Analysis{}, err
	}
	a := Analysis{Method: "oat", Metric: metric}
	idx := map[string]int{}
	for i, f := range factors {
		idx[f.Key] = i
	}
	for _, s := range swings {
		i := idx[s.Name]
		lo, hi := res[1+2*i], res[2+2*i]
		sw := pairedSwing(lo, hi, k)
		a.Indices = append(a.Indices,
			Index{s.Name, "low " + pts[1+2*i].Values[i], s.YLow, Summarise(lo, k).Lo, Summarise(lo, k).Hi},
			Index{s.Name, "high " + pts[2+2*i].Values[i], s.YHigh, Summarise(hi, k).Lo, Summarise(hi, k).Hi},
			Index{s.Name, "swing", s.YHigh - s.YLow, sw.Lo, sw.Hi})
	}
	a.Warnings = append(a.Warnings, fmt.Sprintf("base case: %s = %s", metric, sig(res[0].Mean(k))))
	switch n := minReps(res); {
	case n < 2:
		a.Warnings = append(a.Warnings, "warning: one replication per point: no interval, and nothing says whether a swing is told apart from the model's noise; use --reps 2 or more")
	case n < results.RoughBelow:
		a.Warnings = append(a.Warnings, fmt.Sprintf("intervals over %d replications a point (fewer than %d): rough", n, results.RoughBelow))
	}
	return a, nil
}

// minReps is the fewest replications of any point.
func minReps(res []PointResult) int {
	n := -1
	for _, r := range res {
		if n < 0 || len(r.Reps) < n {
			n = len(r.Reps)
		}
	}
	return max(n, 0)
}

// pairedSwing is the 95% interval of a swing: the points run on common
// random numbers, so the swing is the mean of the paired differences high
// minus low, replication by replication, with its Student t interval (no
// interval where the points have fewer than two replications in common).
func pairedSwing(lo, hi PointResult, k int) results.Stat {
	n := min(len(lo.Reps), len(hi.Reps))
	if n < 2 {
		return results.Stat{Lo: math.NaN(), Hi: math.NaN()}
	}
	d := make([]float64, n)
	for r := range d {
		d[r] = hi.Reps[r][k] - lo.Reps[r][k]
	}
	return results.Describe(d)
}

// AnalyseMorris gives mu*, mu and sigma of the elementary effects (in
// unit-cube terms: the change of the metric over a factor's whole range),
// with a Student t 95% interval for mu* over the independent trajectories,
// ranked by mu*.
func AnalyseMorris(d *Design, m *sensitivity.MorrisDesign, res []PointResult, metric string) (Analysis, error) {
	k := MetricIndex(metric)
	names := keys(d.Factors)
	r, err := sensitivity.MorrisIndices(m, pointMeans(res, k), names)
	if err != nil {
		return Analysis{}, err
	}
	a := Analysis{Method: "morris", Metric: metric}
	for _, i := range rank(r.MuStar) {
		a.Indices = append(a.Indices,
			Index{names[i], "mu_star", r.MuStar[i], r.MuStarLo[i], r.MuStarHi[i]},
			Index{names[i], "mu", r.Mu[i], math.NaN(), math.NaN()},
			Index{names[i], "sigma", r.Sigma[i], math.NaN(), math.NaN()})
	}
	a.Warnings = append([]string{fmt.Sprintf("mu* interval: Student t over %d independent trajectories (%d degrees of freedom), not below 0", m.R, m.R-1)},
		morrisNoise(res, k, m, names, r.MuStar)...)
	return a, nil
}

// morrisNoise names the factors whose mu* is below the replication noise
// of their own elementary effects. Points run on common random numbers, so
// the noise of an effect is that of the paired difference between the two
// points of a step, replication by replication: for each factor, the
// standard error of the mean difference over its steps, over the step
// length delta.
func morrisNoise(res []PointResult, k int, m *sensitivity.MorrisDesign, names []string, muStar []float64) []string {
	v := make([]float64, m.K)
	n := make([]int, m.K)
	for t := range m.R {
		for s, step := range m.Steps[t] {
			a, b := res[t*(m.K+1)+s], res[t*(m.K+1)+s+1]
			if len(a.Reps) < 2 || len(b.Reps) != len(a.Reps) {
				continue
			}
			d := make([]float64, len(a.Reps))
			for r := range d {
				d[r] = b.Reps[r][k] - a.Reps[r][k]
			}
			v[step.Factor] += detmath.Variance(d) / float64(len(d))
			n[step.Factor]++
		}
	}
	var under []string
	for i, ms := range muStar {
		if n[i] == 0 {
			return []string{"warning: one replication per point: the Monte Carlo noise of the model is not estimated, so nothing says whether a factor is told apart from it; use --reps 2 or more"}
		}
		noise := math.Sqrt(v[i]/float64(n[i])) / m.Delta
		if ms < noise {
			under = append(under, fmt.Sprintf("%s (mu* %s, noise %s)", names[i], sig(ms), sig(noise)))
		}
	}
	if len(under) == 0 {
		return nil
	}
	return []string{"warning: mu* below the replication noise of the factor's own effects (paired over replications), not told apart from noise: " +
		strings.Join(under, "; ") + ". More replications per point would separate them."}
}

// AnalyseSobol gives first-order and total Sobol indices, each the mean
// over the design's independent repetitions with a Student t 95% interval
// on R-1 degrees of freedom, ranked by the total index, and warns where
// replication noise is large against the variance the indices share out.
func AnalyseSobol(d *Design, s *sensitivity.SobolDesign, res []PointResult, metric string) (Analysis, error) {
	k := MetricIndex(metric)
	names := keys(d.Factors)
	r, err := sensitivity.SobolIndices(s, pointMeans(res, k), names)
	if err != nil {
		return Analysis{}, err
	}
	a := Analysis{Method: "sobol", Metric: metric}
	for _, i := range rank(r.ST) {
		a.Indices = append(a.Indices,
			Index{names[i], "S1", r.S1[i], r.S1Lo[i], r.S1Hi[i]},
			Index{names[i], "ST", r.ST[i], r.STLo[i], r.STHi[i]})
	}
	a.Warnings = append([]string{fmt.Sprintf("indices: mean of %d independently shifted Saltelli designs of %d base points; intervals: Student t on %s of freedom", s.R, s.N, results.Plural(s.R-1, "degree"))},
		noiseWarning(res, k, r.S1, r.VarY)...)
	a.Warnings = append(a.Warnings, rangeWarning(names, r.S1Hi, r.STLo)...)
	return a, nil
}

// rangeWarning names the factors whose indices are impossible beyond their
// intervals (a first-order index wholly below 0 or a total index wholly
// above 1): the estimators' sampling error is larger than the design
// allows; sobol.base should be raised.
func rangeWarning(names []string, s1Hi, stLo []float64) []string {
	var bad []string
	for i, n := range names {
		if s1Hi[i] < 0 || stLo[i] > 1 {
			bad = append(bad, n)
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return []string{"warning: indices outside [0, 1] beyond their intervals for " + strings.Join(bad, ", ") +
		": the design is too small for these estimates; raise sobol.base (runs grow as base × (factors + 2))"}
}

func noiseWarning(res []PointResult, k int, indices []float64, varY float64) []string {
	noise := noiseVariance(res, k)
	if math.IsNaN(noise) {
		return []string{"warning: one replication per point: the Monte Carlo noise of the model is not estimated, so nothing says whether a factor is told apart from it; use --reps 2 or more"}
	}
	if msg, warn := sensitivity.NoiseWarning(noise, varY, indices); warn {
		return []string{"warning: " + msg}
	}
	return nil
}

func keys(factors []Factor) []string {
	out := make([]string, len(factors))
	for i, f := range factors {
		out[i] = f.Key
	}
	return out
}

// rank orders indices by value, largest first (ties by position).
func rank(v []float64) []int {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && v[idx[j]] > v[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
	return idx
}

// WriteAnalysisCSV writes the indices in tidy form.
func WriteAnalysisCSV(w io.Writer, a Analysis) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"method", "metric", "factor", "statistic", "value", "ci95_low", "ci95_high"})
	for _, ix := range a.Indices {
		cw.Write([]string{a.Method, a.Metric, ix.Factor, ix.Statistic, results.FormatNum(ix.Value), results.FormatNum(ix.Lo), results.FormatNum(ix.Hi)})
	}
	cw.Flush()
	return cw.Error()
}

// AnalysisTable renders the indices for the terminal, then the warnings.
func AnalysisTable(w io.Writer, a Analysis) error {
	var rows [][]string
	for _, ix := range a.Indices {
		interval := ""
		if !math.IsNaN(ix.Lo) {
			interval = "[" + results.Span(sig(ix.Lo), sig(ix.Hi)) + "]"
		}
		rows = append(rows, []string{ix.Factor, ix.Statistic, sig(ix.Value), interval})
	}
	fmt.Fprintf(w, "Sensitivity of %s (%s)\n", a.Metric, a.Method)
	if err := results.RenderRows(w, []string{"factor", "statistic", "value", "95% interval"}, rows); err != nil {
		return err
	}
	for _, s := range a.Warnings {
		fmt.Fprintln(w, s)
	}
	return nil
}
