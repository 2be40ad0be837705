package config

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caseload/caseload/sensitivity"
	"github.com/caseload/caseload/sim"
)

// Sampling methods of a sweep.
const (
	MethodGrid   = "grid"
	MethodLHS    = "lhs"
	MethodPoints = "points"
)

// Analyses a design can be run for, besides a sweep by its own method
// (see Design.Count).
const (
	AnalysisSweep  = "sweep"
	AnalysisOAT    = "oat"
	AnalysisMorris = "morris"
	AnalysisSobol  = "sobol"
)

// Bounds on design files, so that a design can be held in memory and
// counted before anything runs. The command multiplies a design's point
// count (Count) by the replications and refuses above its own limit.
const (
	// MaxDesignPoints is the most points a design may imply, for a
	// sweep and for each analysis: every point is held in memory with
	// one value per factor, and run with all its replications.
	MaxDesignPoints = 1_000_000
	// MaxFactors is the most factors a design may vary.
	MaxFactors = 50
	// MaxLevels is the most grid levels, or listed values, of one factor.
	MaxLevels = 1000
	// MaxMorrisTrajectories and MaxMorrisLevels bound a Morris design;
	// the point count (trajectories × (factors + 1)) is bounded as well.
	MaxMorrisTrajectories = 10000
	MaxMorrisLevels       = 100
	// MaxSobolBase and MaxSobolRepetitions bound a Sobol design; the
	// point count (repetitions × base × (factors + 2)) is bounded as well.
	MaxSobolBase        = 1 << 20
	MaxSobolRepetitions = 1000
)

// Factor is one config key that a design varies: a continuous range
// [Low, High] (with Levels grid levels) or a list of Values. Kind is the
// kind of value the key holds (reflect.Int, reflect.Float64, ...).
type Factor struct {
	Key    string
	Low    float64
	High   float64
	Levels int
	Values []string
	Kind   reflect.Kind
}

// Discrete reports whether the factor takes listed values.
func (f Factor) Discrete() bool { return len(f.Values) > 0 }

// Design is a decoded and checked design file.
type Design struct {
	File    string
	Method  string
	Samples int
	Seed    uint64
	Factors []Factor
	Points  [][]string
	Morris  struct{ Trajectories, Levels int }
	Sobol   struct{ Base, Repetitions int }
}

// designKeys are the keys a design file may have at its top level.
var designKeys = []string{"method", "samples", "seed", "factors", "points", "morris", "sobol"}

// LoadDesign reads and checks a design file with the same protections as
// a scenario file (a regular file of at most MaxFileBytes, one document,
// bounded nesting, no keys differing only in case, no unknown keys), and
// bounds every number in it: factor ranges lie within the ranges of their
// keys, listed values and points are values their keys accept, and no
// analysis of the design has more than MaxDesignPoints points. Every
// problem is an *Error naming the file, the key, the value and what was
// expected.
func LoadDesign(path string) (*Design, error) {
	raw, err := readYAMLFile(path)
	if err != nil {
		return nil, err
	}
	for _, k := range sortedNames(raw) {
		if !slices.Contains(designKeys, k) {
			return nil, bad(path, k, raw[k], "one of the keys "+strings.Join(designKeys, ", "))
		}
	}
	d := &Design{File: path, Method: MethodGrid, Seed: 1}
	d.Morris.Trajectories, d.Morris.Levels = sensitivity.DefaultMorrisTrajectories, sensitivity.DefaultMorrisLevels
	d.Sobol.Base, d.Sobol.Repetitions = sensitivity.DefaultSobolBase, sensitivity.DefaultSobolRepetitions
	r := reader{file: path}
	r.str(raw, "", "method", &d.Method)
	r.integer(raw, "", "samples", &d.Samples, 0, MaxDesignPoints)
	var seed int
	if r.integer(raw, "", "seed", &seed, 0, math.MaxInt32) {
		d.Seed = uint64(seed)
	}
	if m, ok := r.section(raw, "morris"); ok {
		r.integer(m, "morris", "trajectories", &d.Morris.Trajectories, 2, MaxMorrisTrajectories)
		r.integer(m, "morris", "levels", &d.Morris.Levels, 2, MaxMorrisLevels)
		r.unknown(m, "morris", "trajectories", "levels")
	}
	if m, ok := r.section(raw, "sobol"); ok {
		r.integer(m, "sobol", "base", &d.Sobol.Base, 4, MaxSobolBase)
		r.integer(m, "sobol", "repetitions", &d.Sobol.Repetitions, 2, MaxSobolRepetitions)
		r.unknown(m, "sobol", "base", "repetitions")
	}
	d.Factors = r.factors(raw["factors"])
	d.Points = r.points(raw["points"], d.Factors)
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
	if len(d.Factors) > MaxFactors {
		return bad(d.File, "factors", fmt.Sprintf("%d factors", len(d.Factors)), fmt.Sprintf("at most %d factors", MaxFactors))
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
	for _, c := range []struct{ analysis, key, value string }{
		{AnalysisSweep, "method", d.Method},
		{AnalysisMorris, "morris.trajectories", strconv.Itoa(d.Morris.Trajectories)},
		{AnalysisSobol, "sobol.base", strconv.Itoa(d.Sobol.Base)},
	} {
		if n := d.Count(c.analysis); n > MaxDesignPoints {
			return bad(d.File, c.key, c.value, fmt.Sprintf("a design of at most %d points (the %s design of these %d factors has %s)",
				MaxDesignPoints, c.analysis, len(d.Factors), countText(n)))
		}
	}
	return nil
}

// Count is the number of design points the design implies for an analysis:
// AnalysisSweep (the design's own method: the full grid, the Latin
// hypercube samples or the listed points), AnalysisOAT (the base and each
// factor at its low and its high: 1 + 2k), AnalysisMorris (trajectories ×
// (k + 1)) or AnalysisSobol (repetitions of the Saltelli design, repetitions × base × (k + 2)). A count
// above MaxDesignPoints is reported as MaxDesignPoints + 1 (it never
// overflows); an unknown analysis counts 0. Each point is run with every
// replication, so a command runs Count × reps simulations.
func (d *Design) Count(analysis string) int {
	k := len(d.Factors)
	capped := func(n float64) int {
		if n > MaxDesignPoints {
			return MaxDesignPoints + 1
		}
		return int(n)
	}
	switch analysis {
	case AnalysisOAT:
		return capped(1 + float64(2*float64(k)))
	case AnalysisMorris:
		return capped(float64(d.Morris.Trajectories) * float64(k+1))
	case AnalysisSobol:
		return capped(float64(d.Sobol.Repetitions) * float64(d.Sobol.Base) * float64(k+2))
	case AnalysisSweep:
		switch d.Method {
		case MethodLHS:
			return capped(float64(d.Samples))
		case MethodPoints:
			return capped(float64(len(d.Points)))
		}
		n := 1.0
		for _, f := range d.Factors {
			levels := f.Levels
			if f.Discrete() {
				levels = len(f.Values)
			}
			n *= float64(levels)
			if n > MaxDesignPoints {
				return MaxDesignPoints + 1
			}
		}
		return capped(n)
	}
	return 0
}

func countText(n int) string {
	if n > MaxDesignPoints {
		return fmt.Sprintf("more than %d", MaxDesignPoints)
	}
	return strconv.Itoa(n)
}

// SizeSteps checks the values a sizing run tries for key, from `from` to
// `to` in steps of `step`, and returns how many there are: the ends must be
// finite values the key accepts, from at most to, the step positive and
// finite, and the count at most MaxDesignPoints. Errors name the flag
// (--vary, --from, --to or --step) as their origin, the key and the value.
func SizeSteps(key string, from, to, step float64) (int, error) {
	path, t, expected := resolveKey(key)
	if expected != "" {
		return 0, &Error{File: "--vary", Key: key, Value: key, Expected: expected, Err: ErrInvalid}
	}
	if t.Kind() != reflect.Int && t.Kind() != reflect.Float64 {
		return 0, &Error{File: "--vary", Key: key, Value: key, Expected: "a key that holds a number", Err: ErrInvalid}
	}
	r, _, _ := sim.FieldRange(leafOf(path))
	for _, end := range []struct {
		flag string
		v    float64
	}{{"--from", from}, {"--to", to}, {"--step", step}} {
		// the values tried are rounded for a whole-number key: fractional
		// ends or steps would round to values outside --from to --to, as a
		// design's bounds would (bound)
		if t.Kind() == reflect.Int && end.v != math.Trunc(end.v) {
			return 0, &Error{File: end.flag, Key: key, Value: end.v, Expected: "a whole number, for " + key + ", which holds whole numbers", Err: ErrInvalid}
		}
		if end.flag != "--step" && !r.Contains(end.v) && !(r.Whole && r.Contains(math.Round(end.v))) {
			return 0, &Error{File: end.flag, Key: key, Value: end.v, Expected: r.Expected(false), Err: ErrInvalid}
		}
	}
	if from > to {
		return 0, &Error{File: "--to", Key: key, Value: to, Expected: fmt.Sprintf("a number at least --from (%s)", formatValue(from)), Err: ErrInvalid}
	}
	if !(step > 0) || math.IsInf(step, 0) {
		return 0, &Error{File: "--step", Key: key, Value: step, Expected: "a positive, finite step", Err: ErrInvalid}
	}
	n := math.Floor((to-from)/step+1e-9) + 1
	if n > MaxDesignPoints {
		return 0, &Error{File: "--step", Key: key, Value: step, Err: ErrInvalid,
			Expected: fmt.Sprintf("a step giving at most %d values from %s to %s (this one gives %s)", MaxDesignPoints, formatValue(from), formatValue(to), formatValue(n))}
	}
	return int(n), nil
}

// leafOf is the struct field a resolved key path ends at.
func leafOf(path []string) reflect.StructField {
	t := paramsType
	var f reflect.StructField
	for _, name := range path {
		if t.Kind() == reflect.Map {
			t = t.Elem()
			continue
		}
		f, _ = fieldByKey(t, name)
		t = f.Type
	}
	return f
}

// checkText reports what was expected when text is not a value key
// accepts: of its type, and within its range for a number.
func checkText(key, text string) string {
	_, t, expected := resolveKey(key)
	if expected != "" {
		return expected
	}
	path := strings.Split(key, ".")
	v, ok := convert(text, t, true)
	if !ok {
		return describe(t)
	}
	r, numeric, _ := sim.FieldRange(leafOf(path))
	if !numeric {
		return ""
	}
	if v.Kind() == reflect.Slice || v.Kind() == reflect.Array {
		for i := range v.Len() {
			if !r.Contains(number64(v.Index(i))) {
				return r.Expected(true)
			}
		}
		return ""
	}
	if !r.Contains(number64(v)) {
		return r.Expected(false)
	}
	return ""
}

// reader decodes the untyped YAML of a design, keeping the first error.
type reader struct {
	file string
	err  error
}

func bad(file, key string, value any, expected string) error {
	return &Error{File: file, Key: key, Value: value, Expected: expected, Err: ErrInvalid}
}

func (r *reader) fail(key string, value any, expected string) {
	if r.err == nil {
		r.err = bad(r.file, key, value, expected)
	}
}

func (r *reader) str(m map[string]any, at, key string, dst *string) {
	v, ok := m[key]
	if !ok {
		return
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(joinKey(at, key), orEmpty(v), "a word")
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
		r.fail(joinKey(at, key), orEmpty(v), fmt.Sprintf("a whole number from %d to %d", lo, hi))
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
		r.fail(key, orEmpty(v), "a section of settings")
		return nil, false
	}
	return s, true
}

func (r *reader) unknown(m map[string]any, prefix string, known ...string) {
	for _, k := range sortedNames(m) {
		if !slices.Contains(known, k) {
			r.fail(prefix+"."+k, orEmpty(m[k]), "one of "+strings.Join(known, ", "))
		}
	}
}

func (r *reader) factors(raw any) []Factor {
	list, ok := raw.([]any)
	if raw != nil && !ok {
		r.fail("factors", raw, "a list of factors, each with a key and low/high or values")
		return nil
	}
	if len(list) > MaxFactors {
		r.fail("factors", fmt.Sprintf("%d factors", len(list)), fmt.Sprintf("at most %d factors", MaxFactors))
		return nil
	}
	var out []Factor
	for i, item := range list {
		at := fmt.Sprintf("factors[%d]", i)
		m, ok := item.(map[string]any)
		if !ok {
			r.fail(at, orEmpty(item), "a factor: key, and low and high, or values")
			continue
		}
		f := Factor{Levels: 3}
		r.str(m, at, "key", &f.Key)
		f.Key = strings.ToLower(f.Key)
		r.unknown(m, at, "key", "low", "high", "levels", "values")
		kind, expected := KeyKind(f.Key)
		if expected != "" {
			r.fail(at+".key", f.Key, expected)
			continue
		}
		f.Kind = kind
		if vals, has := m["values"]; has {
			f.Values = r.values(at+".values", f.Key, vals)
		} else {
			f.Low, f.High = r.bound(m, at, "low", f.Key, kind), r.bound(m, at, "high", f.Key, kind)
			if f.High < f.Low {
				r.fail(at+".high", f.High, fmt.Sprintf("a number at least low (%s)", formatValue(f.Low)))
			}
			r.integer(m, at, "levels", &f.Levels, 1, MaxLevels)
		}
		out = append(out, f)
	}
	return out
}

// bound reads low or high: a finite number the factor's key accepts.
func (r *reader) bound(m map[string]any, at, key, param string, kind reflect.Kind) float64 {
	v, ok := m[key]
	if !ok {
		r.fail(at+"."+key, "", "a number (or give values instead of low and high)")
		return 0
	}
	x, isNum := toFloat(v)
	if !isNum || (kind != reflect.Int && kind != reflect.Float64) {
		r.fail(at+"."+key, orEmpty(v), "a number, for a key that holds a number")
		return 0
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		r.fail(at+"."+key, v, "a finite number")
		return 0
	}
	if kind == reflect.Int && x != math.Trunc(x) {
		// the points between are rounded to whole numbers: a fractional
		// end would round to a point outside the range asked for
		r.fail(at+"."+key, x, "a whole number, for "+param+", which holds whole numbers")
		return 0
	}
	rg, _, _ := sim.FieldRange(leafOf(strings.Split(param, ".")))
	if !rg.Contains(x) && !(rg.Whole && rg.Contains(math.Round(x))) {
		r.fail(at+"."+key, x, rg.Expected(false)+", the range of "+param)
		return 0
	}
	return x
}

// values reads the listed values of a factor: each one its key accepts.
func (r *reader) values(at, param string, raw any) []string {
	list, ok := raw.([]any)
	if !ok || len(list) == 0 {
		r.fail(at, orEmpty(raw), "a non-empty list of values")
		return nil
	}
	if len(list) > MaxLevels {
		r.fail(at, fmt.Sprintf("%d values", len(list)), fmt.Sprintf("at most %d values", MaxLevels))
		return nil
	}
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = scalarText(v)
		if expected := checkText(param, out[i]); expected != "" {
			r.fail(fmt.Sprintf("%s[%d]", at, i), orEmpty(v), expected+", a value of "+param)
		}
	}
	return out
}

// points reads the listed points: one value per factor, each one its
// factor's key accepts.
func (r *reader) points(raw any, factors []Factor) [][]string {
	if raw == nil {
		return nil
	}
	list, ok := raw.([]any)
	if !ok {
		r.fail("points", raw, "a list of points, each a list of one value per factor")
		return nil
	}
	if len(list) > MaxDesignPoints {
		r.fail("points", fmt.Sprintf("%d points", len(list)), fmt.Sprintf("at most %d points", MaxDesignPoints))
		return nil
	}
	k := len(factors)
	out := make([][]string, len(list))
	for i, item := range list {
		vals, ok := item.([]any)
		if !ok || len(vals) != k {
			r.fail(fmt.Sprintf("points[%d]", i), orEmpty(item), fmt.Sprintf("a list of %d values, one per factor", k))
			return nil
		}
		out[i] = make([]string, k)
		for j, v := range vals {
			out[i][j] = scalarText(v)
			if expected := checkText(factors[j].Key, out[i][j]); expected != "" {
				r.fail(fmt.Sprintf("points[%d][%d]", i, j), orEmpty(v), expected+", a value of "+factors[j].Key)
			}
		}
	}
	return out
}

// orEmpty shows an empty YAML value as "" in an error.
func orEmpty(v any) any {
	if v == nil {
		return ""
	}
	return v
}

// scalarText is a YAML value as the text a --set override takes.
func scalarText(v any) string {
	if x, ok := toFloat(v); ok {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	if v == nil {
		return ""
	}
	if list, ok := v.([]any); ok { // a list-valued key's value, as --set takes it
		parts := make([]string, len(list))
		for i, x := range list {
			parts[i] = scalarText(x)
		}
		return strings.Join(parts, ",")
	}
	if d, ok := v.(time.Time); ok && d.Equal(d.Truncate(24*time.Hour)) {
		return d.Format(time.DateOnly) // a date left unquoted, as a scenario file reads it
	}
	return fmt.Sprint(v)
}

// ScalarText is a value of a resolved configuration (see Resolved and
// Lookup) as the text a --set override takes.
func ScalarText(v any) string { return scalarText(v) }

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(x, 64)
		return f, err == nil
	}
	return 0, false
}
