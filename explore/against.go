package explore

import (
	"fmt"
	"strings"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
)

// Effects as metrics. A job with Against runs, at every design point, the
// reference scenario beside the point on the same seed and replications,
// and so on the same random numbers (common random numbers: replication r
// of both uses the same streams for every family and week). Each point's
// replications then carry, after every metric of the registry, its paired
// difference from the reference, as the metric diff_<name> (the point's
// value less the reference's).
//
// What the reference shares with the point: every override (--set and the
// point's own values) except those of school_workforce, which describe
// the deployment under study and may name teams the reference lacks. So a
// factor such as statutory.posts or effects.casework_support moves both
// sides alike, and its diff_ metric is the effect at that value; a factor
// of school_workforce moves only the scenario.

// DiffPrefix begins the name of a paired difference from the reference.
const DiffPrefix = "diff_"

// MetricNames are the metrics of the job's points: the registry's, then,
// with Against, diff_<name> of each.
func (j Job) MetricNames() []string {
	names := sim.MetricNames()
	if j.Against == "" {
		return names
	}
	for _, n := range sim.MetricNames() {
		names = append(names, DiffPrefix+n)
	}
	return names
}

// MetricIndex is the position of a metric in a point's values: a metric
// of the registry, or diff_<metric> after them all; -1 for no metric.
// Whether a point has the diff_ metrics depends on its job's Against.
func MetricIndex(name string) int {
	if k := sim.MetricIndex(name); k >= 0 {
		return k
	}
	if rest, ok := strings.CutPrefix(name, DiffPrefix); ok {
		if k := sim.MetricIndex(rest); k >= 0 {
			return len(sim.MetricNames()) + k
		}
	}
	return -1
}

// NearestMetric is the metric, or diff_<metric>, within two edits of a
// name that is none (statutory_week_over_cap: statutory_weeks_over_cap),
// or "": what a misspelt metric most likely meant.
func NearestMetric(name string) string {
	names := sim.MetricNames()
	if rest, ok := strings.CutPrefix(name, DiffPrefix); ok {
		if near := config.Nearest(rest, names); near != "" {
			return DiffPrefix + near
		}
		return ""
	}
	return config.Nearest(name, names)
}

// metricName is the name of metric k of a point's values.
func metricName(k int) string {
	names := sim.MetricNames()
	if k < len(names) {
		return names[k]
	}
	return DiffPrefix + names[k-len(names)]
}

// ReferenceSets are the overrides of a point that the reference takes:
// all but those of school_workforce, in any case (--set reads keys
// lower-cased).
func ReferenceSets(sets []string) []string {
	var out []string
	for _, s := range sets {
		if !strings.HasPrefix(strings.ToLower(strings.TrimSpace(s)), "school_workforce.") {
			out = append(out, s)
		}
	}
	return out
}

// prepareReferences loads the reference of every point.
func prepareReferences(j Job) ([]sim.Params, error) {
	out := make([]sim.Params, len(j.Points))
	for i, pt := range j.Points {
		sets := ReferenceSets(append(append([]string(nil), j.Sets...), pt.Sets(j.Factors)...))
		sc, err := config.Load(j.Against, j.Env, sets)
		if err != nil {
			return nil, j.blame(err)
		}
		sc.Params.Name = fmt.Sprintf("%s#ref%d", sc.Params.Name, i)
		out[i] = sc.Params
	}
	return out, nil
}

// withDiffs joins each point with its reference: the point's values, then
// each paired difference.
func withDiffs(points, refs []PointResult) []PointResult {
	out := make([]PointResult, len(points))
	for i, p := range points {
		r := PointResult{Index: p.Index, Values: p.Values}
		for rep, v := range p.Reps {
			row := append(append([]float64(nil), v...), make([]float64, len(v))...)
			for k := range v {
				row[len(v)+k] = v[k] - refs[i].Reps[rep][k]
			}
			r.Reps = append(r.Reps, row)
		}
		out[i] = r
	}
	return out
}
