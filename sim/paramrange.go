package sim

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
)

// Range is the set of values a numeric parameter accepts, declared once in
// the `range` struct tag beside the parameter's key, unit and source. The
// tag is an interval with a closed ([, ]) or open ((, )) end on each side,
// optionally followed by why the bound is where it is:
//
//	range:"[0,1]"                      a probability
//	range:"(0,80]"                     above 0, at most 80
//	range:"[100,20000000] memory ..."  with the reason for the bound
//
// Both ends are finite, so NaN and ±Inf are outside every range. For a
// whole-number field both ends must be whole. For a list, every element
// must lie in the range. Validation (package config) reads every field's
// range, and docs/parameters.md shows it (ParamDoc.Range).
type Range struct {
	Lo, Hi         float64
	LoOpen, HiOpen bool
	Whole          bool   // the field holds whole numbers
	Why            string // why the bound is there, if the tag says
}

// ParseRange reads a range tag; whole says whether the field holds whole
// numbers.
func ParseRange(tag string, whole bool) (Range, error) {
	tag = strings.TrimSpace(tag)
	end := strings.IndexAny(tag, "])")
	if len(tag) < 5 || (tag[0] != '[' && tag[0] != '(') || end < 0 {
		return Range{}, fmt.Errorf("range %q: expected [lo,hi], with ( or ) for an open end", tag)
	}
	lo, hi, ok := strings.Cut(tag[1:end], ",")
	if !ok {
		return Range{}, fmt.Errorf("range %q: expected two ends separated by a comma", tag)
	}
	r := Range{LoOpen: tag[0] == '(', HiOpen: tag[end] == ')', Whole: whole, Why: strings.TrimSpace(tag[end+1:])}
	var err error
	if r.Lo, err = strconv.ParseFloat(strings.TrimSpace(lo), 64); err != nil {
		return Range{}, fmt.Errorf("range %q: low end: %w", tag, err)
	}
	if r.Hi, err = strconv.ParseFloat(strings.TrimSpace(hi), 64); err != nil {
		return Range{}, fmt.Errorf("range %q: high end: %w", tag, err)
	}
	switch {
	case math.IsInf(r.Lo, 0) || math.IsInf(r.Hi, 0) || math.IsNaN(r.Lo) || math.IsNaN(r.Hi):
		return Range{}, fmt.Errorf("range %q: expected finite ends", tag)
	case r.Lo > r.Hi || (r.Lo == r.Hi && (r.LoOpen || r.HiOpen)):
		return Range{}, fmt.Errorf("range %q: empty", tag)
	case whole && (r.Lo != math.Trunc(r.Lo) || r.Hi != math.Trunc(r.Hi) || r.LoOpen || r.HiOpen):
		return Range{}, fmt.Errorf("range %q: a whole-number field needs whole, closed ends", tag)
	case whole && (math.Abs(r.Lo) > 1<<53 || math.Abs(r.Hi) > 1<<53):
		return Range{}, fmt.Errorf("range %q: ends beyond 2^53", tag)
	}
	return r, nil
}

// Contains reports whether x is in the range; NaN never is.
func (r Range) Contains(x float64) bool {
	if r.Whole && x != math.Trunc(x) {
		return false
	}
	above := x > r.Lo || (!r.LoOpen && x == r.Lo)
	below := x < r.Hi || (!r.HiOpen && x == r.Hi)
	return above && below
}

// String is the interval as written in docs/parameters.md, e.g. "[0, 1]".
func (r Range) String() string {
	open, close := "[", "]"
	if r.LoOpen {
		open = "("
	}
	if r.HiOpen {
		close = ")"
	}
	return open + rangeNum(r.Lo) + ", " + rangeNum(r.Hi) + close
}

// Expected says in words what the range accepts, for error messages: "a
// number from 0 to 1", or for a list "numbers from 0 to 1".
func (r Range) Expected(list bool) string {
	noun := "a number"
	if r.Whole {
		noun = "a whole number"
	}
	if list {
		noun = strings.TrimPrefix(noun, "a ") + "s"
	}
	lo, hi := rangeNum(r.Lo), rangeNum(r.Hi)
	var s string
	switch {
	case !r.LoOpen && !r.HiOpen:
		s = fmt.Sprintf("%s from %s to %s", noun, lo, hi)
	case r.LoOpen && !r.HiOpen:
		s = fmt.Sprintf("%s greater than %s and at most %s", noun, lo, hi)
	case !r.LoOpen && r.HiOpen:
		s = fmt.Sprintf("%s from %s to below %s", noun, lo, hi)
	default:
		s = fmt.Sprintf("%s strictly between %s and %s", noun, lo, hi)
	}
	if r.Why != "" {
		s += " (" + r.Why + ")"
	}
	return s
}

// Outside returns values just outside the range on each side, for tests:
// the nearest whole numbers for a whole-number field, else the ends
// themselves where open or the next representable numbers beyond them.
func (r Range) Outside() []float64 {
	if r.Whole {
		return []float64{r.Lo - 1, r.Hi + 1}
	}
	lo, hi := math.Nextafter(r.Lo, math.Inf(-1)), math.Nextafter(r.Hi, math.Inf(1))
	if r.LoOpen {
		lo = r.Lo
	}
	if r.HiOpen {
		hi = r.Hi
	}
	return []float64{lo, hi}
}

func rangeNum(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// FieldRange is the declared range of a struct field holding numbers (an
// int or float64, or a list of them), or false for fields of other kinds.
// A numeric field without a well-formed range tag is a programming error:
// TestEveryNumberHasARange finds it.
func FieldRange(f reflect.StructField) (Range, bool, error) {
	t := f.Type
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	if t.Kind() != reflect.Int && t.Kind() != reflect.Float64 {
		return Range{}, false, nil
	}
	tag, ok := f.Tag.Lookup("range")
	if !ok {
		return Range{}, true, fmt.Errorf("field %s (key %s) holds numbers but has no range tag", f.Name, f.Tag.Get("key"))
	}
	r, err := ParseRange(tag, t.Kind() == reflect.Int)
	return r, true, err
}
