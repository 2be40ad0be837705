// Package results turns the replications of one or more scenarios into a
// report. The report is built once by Summarize and then rendered many
// ways: as a run folder of files (Write), as terminal tables (Table) or
// read number by number (Metric, Diff).
//
// Scenarios are assumed to be run on common random numbers: replication r
// of every scenario uses the same seed and random streams, so differences
// from the first (reference) scenario are taken replication by
// replication.
package results

import (
	"fmt"
	"math"
	"slices"

	"github.com/caseload/caseload/sim"
)

// Scenario is what the caller ran for one scenario.
type Scenario struct {
	Name     string         // scenario name
	File     string         // scenario file path
	Children int            // children in the LA (for reference)
	Config   map[string]any // fully resolved config (goes into the manifest)
	Place    string         // the real LA it is built for, and what it is fitted to (config.PlaceLine); "" for none
	Notes    []string       // notes for the terminal and the manifest (config.Scenario.Notes and the like)
	Outcomes []sim.Outcome  // in replication order
	Areas    []Area         // the LAs of a national scenario (written to areas.csv); nil otherwise
}

// Stat summarises one metric over replications: the number of
// replications, the mean, the sample standard deviation and the 95%
// interval for the mean. SD, Lo and Hi are NaN when N < 2 (and Mean
// too when N == 0).
type Stat struct {
	N                int
	Mean, SD, Lo, Hi float64
}

// Band is the spread of one weekly series in one week across
// replications: the mean and quantiles of the sorted values x[0..n-1],
// each the linear interpolation between order statistics at position
// p(n-1) (R's type 7, the default of R, NumPy and spreadsheets).
type Band struct {
	Mean, P05, P25, P50, P75, P95 float64
}

// Report is the summary of a run. It is immutable once built.
type Report struct {
	metrics []string
	index   map[string]int
	scen    []scenarioReport
	byName  map[string]int
	extra   []File // written beside the tables (extra.go)
	log     []byte // invocation log lines the folder's log starts with (KeepLog)
}

type scenarioReport struct {
	name, file string
	children   int
	config     map[string]any
	place      string
	notes      []string
	values     [][]float64 // [replication][metric]
	stats      []Stat      // per metric
	diffs      []Stat      // per metric; nil for the reference
	same       []bool      // per metric: every paired difference is exactly 0
	weekly     [][sim.NumSeries]Band
	durations  durationShares
	areas      []areaReport
}

// Summarize builds the report. The first scenario is the reference that
// the others are compared with. Every outcome must have one value per
// metric of sim.MetricNames (Summarize panics otherwise: it is a
// programming error). Repeated scenario names get " (2)", " (3)", ...
// appended so that every row of the output files is unambiguous. If
// scenarios have different numbers of replications, differences pair
// the replications they have in common.
func Summarize(scenarios []Scenario) *Report {
	names := sim.MetricNames()
	kinds := make([]sim.MetricKind, len(names))
	for k, m := range sim.Metrics() {
		kinds[k] = m.Kind
	}
	r := &Report{metrics: names, index: indexOf(names), byName: map[string]int{}}
	for i, s := range scenarios {
		sr := summarizeScenario(s, kinds)
		sr.name = r.uniqueName(s.Name, i)
		r.byName[sr.name] = i
		r.scen = append(r.scen, sr)
	}
	for i := 1; i < len(r.scen); i++ {
		r.scen[i].diffs, r.scen[i].same = pairedDiffs(r.scen[0].values, r.scen[i].values, len(names))
	}
	return r
}

func indexOf(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

func (r *Report) uniqueName(name string, i int) string {
	if name == "" {
		name = fmt.Sprintf("scenario %d", i+1)
	}
	u := name
	for k := 2; ; k++ {
		if _, taken := r.byName[u]; !taken {
			return u
		}
		u = fmt.Sprintf("%s (%d)", name, k)
	}
}

func summarizeScenario(s Scenario, kinds []sim.MetricKind) scenarioReport {
	nMetrics := len(kinds)
	sr := scenarioReport{file: s.File, children: s.Children, config: s.Config, place: s.Place, notes: slices.Clone(s.Notes)}
	for rep, o := range s.Outcomes {
		if len(o.Values) != nMetrics {
			panic(fmt.Sprintf("results: scenario %q replication %d has %d values, want %d",
				s.Name, rep, len(o.Values), nMetrics))
		}
		sr.values = append(sr.values, slices.Clone(o.Values))
	}
	sr.stats = make([]Stat, nMetrics)
	for k := range nMetrics {
		sr.stats[k] = DescribeMetric(kinds[k], metricValues(sr.values, k))
	}
	sr.weekly = bands(s.Outcomes)
	sr.durations = meanDurations(s.Outcomes)
	sr.areas = summarizeAreas(s.Areas, kinds)
	return sr
}

func metricValues(values [][]float64, k int) []float64 {
	x := make([]float64, len(values))
	for i, v := range values {
		x[i] = v[k]
	}
	return x
}

// pairedDiffs describes, per metric, the differences x - ref of the
// replications both scenarios have.
func pairedDiffs(ref, x [][]float64, nMetrics int) ([]Stat, []bool) {
	n := min(len(ref), len(x))
	diffs := make([]Stat, nMetrics)
	same := make([]bool, nMetrics)
	d := make([]float64, n)
	for k := range nMetrics {
		for i := range n {
			d[i] = x[i][k] - ref[i][k]
		}
		same[k] = n > 0 && allZero(d)
		diffs[k] = Describe(d) // a difference of shares is no share
		if same[k] {
			// Identical outcomes carry no uncertainty, whatever n is.
			diffs[k] = Stat{N: n}
		}
	}
	return diffs, same
}

func allZero(x []float64) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}

// Scenarios returns the scenario names, reference first.
func (r *Report) Scenarios() []string {
	names := make([]string, len(r.scen))
	for i, s := range r.scen {
		names[i] = s.name
	}
	return names
}

// Reference returns the name of the first scenario ("" if none).
func (r *Report) Reference() string {
	if len(r.scen) == 0 {
		return ""
	}
	return r.scen[0].name
}

// Metrics returns the metric names, in the order of sim.MetricNames.
func (r *Report) Metrics() []string { return slices.Clone(r.metrics) }

// Replications returns the number of replications of a scenario.
func (r *Report) Replications(scenario string) (int, bool) {
	s, ok := r.scenario(scenario)
	if !ok {
		return 0, false
	}
	return len(s.values), true
}

// Metric returns the summary of one metric of one scenario.
func (r *Report) Metric(scenario, metric string) (Stat, bool) {
	s, k, ok := r.lookup(scenario, metric)
	if !ok {
		return Stat{}, false
	}
	return s.stats[k], true
}

// Diff returns the paired difference of one metric of a scenario from the
// reference. It reports false for the reference itself.
func (r *Report) Diff(scenario, metric string) (Stat, bool) {
	s, k, ok := r.lookup(scenario, metric)
	if !ok || s.diffs == nil {
		return Stat{}, false
	}
	return s.diffs[k], true
}

// Identical reports whether a scenario's metric equals the reference's in
// every paired replication.
func (r *Report) Identical(scenario, metric string) bool {
	s, k, ok := r.lookup(scenario, metric)
	return ok && s.same != nil && s.same[k]
}

// Weekly returns the weekly quantile bands of a scenario, one row per
// measured week, columns in the order of sim.SeriesNames.
func (r *Report) Weekly(scenario string) ([][sim.NumSeries]Band, bool) {
	s, ok := r.scenario(scenario)
	if !ok {
		return nil, false
	}
	return slices.Clone(s.weekly), true
}

func (r *Report) scenario(name string) (*scenarioReport, bool) {
	i, ok := r.byName[name]
	if !ok {
		return nil, false
	}
	return &r.scen[i], true
}

func (r *Report) lookup(scenario, metric string) (*scenarioReport, int, bool) {
	s, ok := r.scenario(scenario)
	k, known := r.index[metric]
	return s, k, ok && known
}

// minReplications is the smallest number of replications of any scenario.
func (r *Report) minReplications() int {
	n := math.MaxInt
	for _, s := range r.scen {
		n = min(n, len(s.values))
	}
	if n == math.MaxInt {
		return 0
	}
	return n
}
