// Package explore runs many variants of a scenario: parameter sweeps,
// sensitivity analyses and team sizing. A design file names config keys
// (factors) with their ranges or levels; each design point is the scenario
// with those keys overridden, run with its replications on common random
// numbers. Finished points are kept on disk as they complete, so a run
// that is stopped can be resumed without redoing them.
package explore

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sensitivity"
	"github.com/spf13/viper"
)

// Sampling methods of a sweep.
const (
	MethodGrid   = "grid"
	MethodLHS    = "lhs"
	MethodPoints = "points"
)

// Factor is one config key that a design varies: a continuous range
// [Low, High] (with Levels grid levels) or a list of Values.
type Factor struct {
	Key    string   `json:"key"`
	Low    float64  `json:"low,omitempty"`
	High   float64  `json:"high,omitempty"`
	Levels int      `json:"levels,omitempty"`
	Values []string `json:"values,omitempty"`
	kind   reflect.Kind
}

// Discrete reports whether the factor takes listed values.
func (f Factor) Discrete() bool { return len(f.Values) > 0 }

// Design is a parsed design file.
type Design struct {
	File    string     `json:"file"`
	Method  string     `json:"method"`
	Samples int        `json:"samples,omitempty"`
	Seed    uint64     `json:"seed"`
	Factors []Factor   `json:"factors"`
	Points  [][]string `json:"points,omitempty"`
	Morris  struct {
		Trajectories int `json:"trajectories"`
		Levels       int `json:"levels"`
	} `json:"morris"`
	Sobol struct {
		Base        int `json:"base"`
		Repetitions int `json:"repetitions"`
	} `json:"sobol"`
}

// designKeys are the keys a design file may have at its top level.
var designKeys = []string{"method", "samples", "seed", "factors", "points", "morris", "sobol"}

// LoadDesign reads and checks a design file. Every problem is a
// *config.Error naming the file, the key, the value and what was
// expected.
func LoadDesign(path string) (*Design, error) {
	v := viper.New()
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadInConfig(); err != nil {
		return nil, bad(path, "", "", "a readable YAML design file ("+err.Error()+")")
	}
	raw := v.AllSettings()
	for _, k := range sortedKeys(raw) {
		if !slices.Contains(designKeys, k) {
			return nil, bad(path, k, raw[k], "one of the keys "+strings.Join(designKeys, ", "))
		}
	}
	d := &Design{File: path, Method: MethodGrid, Seed: 1}
	d.Morris.Trajectories, d.Morris.Levels = sensitivity.DefaultMorrisTrajectories, sensitivity.DefaultMorrisLevels
	d.Sobol.Base, d.Sobol.Repetitions = sensitivity.DefaultSobolBase, sensitivity.DefaultSobolRepetitions
	r := reader{file: path}
	r.str(raw, "", "method", &d.Method)
	r.integer(raw, "", "samples", &d.Samples, 0, 1000000)
	var seed int
	if r.integer(raw, "", "seed", &seed, 0, math.MaxInt32) {
		d.Seed = uint64(seed)
	}
	if m, ok := r.section(raw, "morris"); ok {
		r.integer(m, "morris", "trajectories", &d.Morris.Trajectories, 2, 10000)
		r.integer(m, "morris", "levels", &d.Morris.Levels, 2, 100)
		r.unknown(m, "morris", "trajectories", "levels")
	}
	if m, ok := r.section(raw, "sobol"); ok {
		r.integer(m, "sobol", "base", &d.Sobol.Base, 4, 1<<20)
		r.integer(m, "sobol", "repetitions", &d.Sobol.Repetitions, 2, 1000)
		r.unknown(m, "sobol", "base", "repetitions")
	}
	d.Factors = r.factors(raw["factors"])
	d.Points = r.points(raw["points"], len(d.Factors))
	if r.err != nil {
		return nil, r.err
	}
	if err := d.check(); err != nil {
		return nil, err
	}
	return d, nil
}

func (d *Design) check() error {
	switch d.Method {
	case MethodGrid, MethodLHS, MethodPoints:
	default:
		return bad(d.File, "method", d.Method, "one of grid, lhs, points")
	}
	if len(d.Factors) == 0 {
		return bad(d.File, "factors", "", "at least one factor")
	}
	if d.Method == MethodLHS && d.Samples < 1 {
		return bad(d.File, "samples", d.Samples, "a number of points of at least 1 for method lhs")
	}
	if d.Method == MethodPoints && len(d.Points) == 0 {
		return bad(d.File, "points", "", "at least one point for method points")
	}
	if d.Morris.Levels%2 != 0 {
		return bad(d.File, "morris.levels", d.Morris.Levels, "an even number of levels")
	}
	seen := map[string]bool{}
	for i, f := range d.Factors {
		if seen[f.Key] {
			return bad(d.File, fmt.Sprintf("factors[%d].key", i), f.Key, "a key not already varied by another factor")
		}
		seen[f.Key] = true
	}
	return nil
}

// reader decodes the untyped YAML of a design, keeping the first error.
type reader struct {
	file string
	err  error
}

func (r *reader) fail(key string, value any, expected string) {
	if r.err == nil {
		r.err = bad(r.file, key, value, expected)
	}
}

// keyPath names key within the section at ("" at the top of the file).
func keyPath(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func (r *reader) str(m map[string]any, at, key string, dst *string) {
	v, ok := m[key]
	if !ok {
		return
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(keyPath(at, key), v, "a word")
		return
	}
	*dst = s
}

func (r *reader) integer(m map[string]any, at, key string, dst *int, lo, hi int) bool {
	v, ok := m[key]
	if !ok {
		return false
	}
	n, isNum := toFloat(v)
	if !isNum || n != math.Trunc(n) || n < float64(lo) || n > float64(hi) {
		r.fail(keyPath(at, key), v, fmt.Sprintf("a whole number from %d to %d", lo, hi))
		return false
	}
	*dst = int(n)
	return true
}

func (r *reader) section(m map[string]any, key string) (map[string]any, bool) {
	v, ok := m[key]
	if !ok {
		return nil, false
	}
	s, isMap := v.(map[string]any)
	if !isMap {
		r.fail(key, v, "a section of settings")
		return nil, false
	}
	return s, true
}

func (r *reader) unknown(m map[string]any, prefix string, known ...string) {
	for _, k := range sortedKeys(m) {
		if !slices.Contains(known, k) {
			r.fail(prefix+"."+k, m[k], "one of "+strings.Join(known, ", "))
		}
	}
}

func (r *reader) factors(raw any) []Factor {
	list, ok := raw.([]any)
	if raw != nil && !ok {
		r.fail("factors", raw, "a list of factors, each with a key and low/high or values")
		return nil
	}
	var out []Factor
	for i, item := range list {
		at := fmt.Sprintf("factors[%d]", i)
		m, ok := item.(map[string]any)
		if !ok {
			r.fail(at, item, "a factor: key, and low and high, or values")
			continue
		}
		f := Factor{Levels: 3}
		r.str(m, at, "key", &f.Key)
		f.Key = strings.ToLower(f.Key)
		r.unknown(m, at, "key", "low", "high", "levels", "values")
		kind, expected := config.KeyKind(f.Key)
		if expected != "" {
			r.fail(at+".key", f.Key, expected)
			continue
		}
		f.kind = kind
		if vals, has := m["values"]; has {
			f.Values = r.values(at+".values", vals)
		} else {
			f.Low, f.High = r.bound(m, at, "low", kind), r.bound(m, at, "high", kind)
			if f.High < f.Low {
				r.fail(at+".high", f.High, fmt.Sprintf("a number at least low (%s)", num(f.Low)))
			}
			r.integer(m, at, "levels", &f.Levels, 1, 1000)
		}
		out = append(out, f)
	}
	return out
}

func (r *reader) bound(m map[string]any, at, key string, kind reflect.Kind) float64 {
	v, ok := m[key]
	if !ok {
		r.fail(at+"."+key, "", "a number (or give values instead of low and high)")
		return 0
	}
	x, isNum := toFloat(v)
	if !isNum || (kind != reflect.Int && kind != reflect.Float64) {
		r.fail(at+"."+key, v, "a number, for a key that holds a number")
		return 0
	}
	return x
}

func (r *reader) values(at string, raw any) []string {
	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		r.fail(at, raw, "a non-empty list of values")
		return nil
	}
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = scalarText(v)
	}
	return out
}

func (r *reader) points(raw any, k int) [][]string {
	if raw == nil {
		return nil
	}
	list, ok := raw.([]any)
	if !ok {
		r.fail("points", raw, "a list of points, each a list of one value per factor")
		return nil
	}
	out := make([][]string, len(list))
	for i, item := range list {
		vals, ok := item.([]any)
		if !ok || len(vals) != k {
			r.fail(fmt.Sprintf("points[%d]", i), item, fmt.Sprintf("a list of %d values, one per factor", k))
			return nil
		}
		out[i] = make([]string, k)
		for j, v := range vals {
			out[i][j] = scalarText(v)
		}
	}
	return out
}

func scalarText(v any) string {
	if x, ok := toFloat(v); ok {
		return num(x)
	}
	return fmt.Sprint(v)
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func bad(file, key string, value any, expected string) error {
	return &config.Error{File: file, Key: key, Value: value, Expected: expected, Err: config.ErrInvalid}
}

// errDesign marks a design that cannot be used with a method.
var errDesign = errors.New("explore: design does not fit the method")
