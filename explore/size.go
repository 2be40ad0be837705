package explore

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/results"
)

// Target is a condition on a metric: METRIC OP VALUE.
type Target struct {
	Metric string
	Op     string
	Value  float64
}

var ops = []string{"<=", ">=", "<", ">"}

// ParseTarget reads a target such as "statutory_weeks_over_cap <= 0.1".
func ParseTarget(s string) (Target, error) {
	f := strings.Fields(s)
	fail := func(expected string) error {
		return &config.Error{File: "--target", Key: "target", Value: s, Expected: expected, Err: config.ErrInvalid}
	}
	if len(f) != 3 {
		return Target{}, fail("'METRIC OP VALUE', e.g. 'statutory_weeks_over_cap <= 0.1'")
	}
	if MetricIndex(f[0]) < 0 {
		expected := "a metric name (see summary.csv or the README), not " + f[0]
		if near := NearestMetric(f[0]); near != "" {
			expected += " (did you mean " + near + "?)"
		}
		return Target{}, fail(expected)
	}
	op := f[1]
	if op != "<=" && op != ">=" && op != "<" && op != ">" {
		return Target{}, fail("an operator among " + strings.Join(ops, " "))
	}
	v, err := strconv.ParseFloat(f[2], 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return Target{}, fail("a finite number after the operator")
	}
	return Target{Metric: f[0], Op: op, Value: v}, nil
}

// Met reports whether x meets the target.
func (t Target) Met(x float64) bool {
	switch t.Op {
	case "<=":
		return x <= t.Value
	case ">=":
		return x >= t.Value
	case "<":
		return x < t.Value
	}
	return x > t.Value
}

func (t Target) String() string { return fmt.Sprintf("%s %s %s", t.Metric, t.Op, num(t.Value)) }

// SizeRow is one value of the varied key: the target metric there, the
// share of replications that meet the target with its 95% Wilson interval
// (inside [0, 1]), and whether the value meets it.
type SizeRow struct {
	Value            string
	Summary          Summary
	Share            float64
	ShareLo, ShareHi float64
	Meets            bool
}

// Size evaluates the target at every point, in order of the varied value.
// Without prob the mean must meet the target; with prob, at least that
// share of replications must. The answer is the first (smallest) value
// that meets it, or -1.
func Size(res []PointResult, t Target, prob float64) ([]SizeRow, int) {
	k := MetricIndex(t.Metric)
	rows := make([]SizeRow, len(res))
	answer := -1
	for i, r := range res {
		met := 0
		for _, v := range r.Reps {
			if t.Met(v[k]) {
				met++
			}
		}
		row := SizeRow{Value: r.Values[0], Summary: Summarise(r, k), Share: float64(met) / float64(len(r.Reps))}
		row.ShareLo, row.ShareHi = results.WilsonInterval(met, len(r.Reps), 0.95)
		if math.IsNaN(prob) {
			row.Meets = t.Met(row.Summary.Mean)
		} else {
			row.Meets = row.Share >= prob
		}
		rows[i] = row
		if row.Meets && answer < 0 {
			answer = i
		}
	}
	return rows, answer
}

// GridPoints returns the values from lo to hi in steps of step (hi
// included when it falls on a step), for a key of the given factor.
func GridPoints(f Factor, lo, hi, step float64) []Point {
	var out []Point
	seen := map[string]bool{}
	for i := 0; ; i++ {
		x := lo + float64(float64(i)*step)
		if x > hi+float64(1e-9*math.Max(1, math.Abs(hi))) {
			break
		}
		v := f.text(x)
		if !seen[v] {
			seen[v] = true
			out = append(out, Point{Values: []string{v}})
		}
	}
	return out
}

// SizeTable renders the curve of the target metric against the varied key.
func SizeTable(w io.Writer, key string, t Target, prob float64, rows []SizeRow, answer int) error {
	var body [][]string
	for _, r := range rows {
		meets := "no"
		if r.Meets {
			meets = "yes"
		}
		share := fmt.Sprintf("%.0f%%", 100*r.Share)
		if !math.IsNaN(r.ShareLo) {
			share += fmt.Sprintf(" [%.0f–%.0f%%]", 100*r.ShareLo, 100*r.ShareHi)
		}
		body = append(body, []string{r.Value, cell(r.Summary), share, meets})
	}
	fmt.Fprintf(w, "%s against %s (mean [95%% interval] over replications; shares of replications with Wilson intervals)\n", t.Metric, key)
	if err := results.RenderRows(w, []string{key, t.Metric, "replications meeting target", "meets"}, body); err != nil {
		return err
	}
	rule := "the mean meets " + t.String()
	if !math.IsNaN(prob) {
		rule = fmt.Sprintf("%s in at least %.0f%% of replications", t, 100*prob)
	}
	if answer < 0 {
		fmt.Fprintf(w, "No value of %s in the range meets the target (%s); widen --from/--to.\n", key, rule)
		return nil
	}
	fmt.Fprintf(w, "Answer: %s = %s is the smallest value tried where %s.\n", key, rows[answer].Value, rule)
	return nil
}

// NewFactor returns a factor for a key given on the command line.
func NewFactor(key string) (Factor, error) {
	kind, expected := config.KeyKind(key)
	if expected != "" {
		return Factor{}, &config.Error{File: "--vary", Key: key, Value: key, Expected: expected, Err: config.ErrInvalid}
	}
	if kind.String() != "int" && kind.String() != "float64" {
		return Factor{}, &config.Error{File: "--vary", Key: key, Value: key, Expected: "a key that holds a number", Err: config.ErrInvalid}
	}
	return Factor{Key: key, kind: kind}, nil
}
