package config

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/caseload/caseload/sim"
)

// assignment sets one leaf key to a value already converted to its Go type.
// Decoding is split from applying so that the evidence set, chosen by the
// strongest source, can be laid down before any single effect is applied.
type assignment struct {
	key    string
	path   []string
	value  reflect.Value
	origin string
	// derived marks a value that la.area, la.schools_file or a hand-set
	// la.children stands for, rather than one a source states (places.go).
	derived bool
}

var paramsType = reflect.TypeFor[sim.Params]()

// fileAssignments decodes the settings of one file strictly: every key must
// exist in Params and every value must have the field's type.
func fileAssignments(l layer) ([]assignment, error) {
	var out []assignment
	err := walkSettings(paramsType, nil, l.settings, l.file, &out)
	return out, err
}

func walkSettings(t reflect.Type, path []string, raw any, file string, out *[]assignment) error {
	key := strings.Join(path, ".")
	if !isSection(t) {
		v, ok := convert(areaNumber(key, raw), t, false)
		if !ok {
			return badValue(file, key, raw, t, false)
		}
		*out = append(*out, assignment{key: key, path: path, value: v, origin: file})
		return nil
	}
	if raw == nil { // `la:` with nothing under it would silently change nothing
		return &Error{File: file, Key: key, Value: "", Err: ErrInvalid,
			Expected: sectionExpected(t) + " (the value is empty; remove the key to keep the values of the base file or the defaults)"}
	}
	m, ok := raw.(map[string]any)
	if !ok {
		return &Error{File: file, Key: key, Value: raw, Expected: sectionExpected(t), Err: ErrInvalid}
	}
	// `la: {}` or a team's `core: {}` changes nothing either, nor makes the
	// team; an empty section of named entries (teams: {}) is how a
	// resolved configuration writes none, and a whole file of {} is empty
	if len(m) == 0 && len(path) > 0 && t.Kind() == reflect.Struct {
		return &Error{File: file, Key: key, Value: "{}", Err: ErrInvalid,
			Expected: sectionExpected(t) + " (the section is empty; remove the key to keep the values of the base file or the defaults)"}
	}
	for _, name := range sortedNames(m) {
		sub := append(slices.Clip(path), name)
		ct, _, expected := child(t, name)
		if expected != "" {
			return &Error{File: file, Key: strings.Join(sub, "."), Value: m[name], Expected: expected, Err: ErrInvalid}
		}
		if err := walkSettings(ct, sub, m[name], file, out); err != nil {
			return err
		}
	}
	return nil
}

// textAssignment decodes one value given as text (environment or --set).
func textAssignment(key, text, origin string) (assignment, error) {
	path, t, expected := resolveKey(key)
	if expected != "" {
		return assignment{}, &Error{File: origin, Key: key, Value: text, Expected: expected, Err: ErrInvalid}
	}
	if strings.TrimSpace(text) == "" && t.Kind() != reflect.String {
		// refused as an empty value in a file is; "[]" is an empty list
		hint := " (the value is empty)"
		if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
			hint = " (the value is empty; for an empty list write [])"
		}
		return assignment{}, &Error{File: origin, Key: key, Value: text, Err: ErrInvalid, Expected: describe(t) + hint}
	}
	v, ok := convert(text, t, true)
	if !ok {
		return assignment{}, badValue(origin, key, text, t, true)
	}
	return assignment{key: key, path: path, value: v, origin: origin}, nil
}

// resolveKey finds the leaf a dotted key names; map levels (roles, teams)
// take any name, so a key may name an entry that does not exist yet.
func resolveKey(key string) ([]string, reflect.Type, string) {
	path, t, _, expected := walkKey(key)
	return path, t, expected
}

// walkKey is resolveKey with the struct field the key ends at, whose tags
// say its unit and source.
func walkKey(key string) ([]string, reflect.Type, reflect.StructField, string) {
	path := strings.Split(key, ".")
	t := paramsType
	var f reflect.StructField
	for i, name := range path {
		if !isSection(t) {
			return nil, nil, f, "a key that ends at " + strings.Join(path[:i], ".")
		}
		var expected string
		if t, f, expected = child(t, name); expected != "" {
			return nil, nil, f, expected
		}
	}
	if isSection(t) {
		return nil, nil, f, "a key of a single value, not the section " + key
	}
	return path, t, f, ""
}

// child is the type under name in a section, with its struct field (none
// for a map's entry), or what was expected instead.
func child(t reflect.Type, name string) (reflect.Type, reflect.StructField, string) {
	if t.Kind() == reflect.Map {
		if strings.TrimSpace(name) == "" {
			return nil, reflect.StructField{}, "a non-empty name"
		}
		return t.Elem(), reflect.StructField{}, ""
	}
	if f, ok := fieldByKey(t, name); ok {
		return f.Type, f, ""
	}
	return nil, reflect.StructField{}, unknownKeyExpected(t, name)
}

func fieldByKey(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if f := t.Field(i); f.Tag.Get("key") == key {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func fieldKeys(t reflect.Type) []string {
	var keys []string
	for i := range t.NumField() {
		if k := t.Field(i).Tag.Get("key"); k != "" {
			keys = append(keys, k)
		}
	}
	return keys
}

func isSection(t reflect.Type) bool {
	return t.Kind() == reflect.Struct || t.Kind() == reflect.Map
}

func sectionExpected(t reflect.Type) string {
	if t.Kind() == reflect.Map {
		return "a section of named entries"
	}
	return "a section with keys " + strings.Join(fieldKeys(t), ", ")
}

// unknownKeyExpected lists the keys valid at this level, with the nearest
// one first when the key looks like a misspelling.
func unknownKeyExpected(t reflect.Type, name string) string {
	keys := fieldKeys(t)
	list := strings.Join(keys, ", ")
	if near := nearestKey(name, keys); near != "" {
		return fmt.Sprintf("a known key (did you mean %s?); keys here: %s", near, list)
	}
	return "a known key, one of " + list + " (see docs/parameters.md)"
}

// Nearest is the one of names within two edits of name (the nearest, the
// first of equals), or "": what a misspelt name most likely meant. A name
// that every letter of would have to change (x for la) means none of them.
func Nearest(name string, names []string) string {
	near := nearestKey(name, names)
	if near != "" && editDistance(name, near) >= len(name) {
		return ""
	}
	return near
}

// nearestKey returns the key within two edits of name, if there is one.
func nearestKey(name string, keys []string) string {
	best, bestDist := "", 3
	for _, k := range keys {
		if d := editDistance(name, k); d < bestDist {
			best, bestDist = k, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

func badValue(origin, key string, raw any, t reflect.Type, text bool) error {
	expected := describe(t)
	if isDateKey(key) {
		expected = dateExpected // 20250901 unquoted reads as a number
	}
	if text && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
		expected += " separated by commas"
	}
	if raw == nil {
		expected += " (the value is empty; remove the key to keep the value of the base file or the defaults)"
		raw = ""
	}
	return &Error{File: origin, Key: key, Value: raw, Expected: expected, Err: ErrInvalid}
}

// dateExpected is what a date key (unit "date ...") takes.
const dateExpected = "a date written YYYY-MM-DD, such as 2025-09-01"

// isDateKey reports whether key names a field whose unit is a date.
func isDateKey(key string) bool {
	_, _, f, expected := walkKey(key)
	return expected == "" && strings.HasPrefix(f.Tag.Get("unit"), "date")
}

// describe names a field type the way a scenario author thinks of it.
func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float64:
		return "a number"
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false (yes/no, on/off, 1/0)"
	case reflect.String:
		return "text"
	case reflect.Array:
		return fmt.Sprintf("a list of %d %s", t.Len(), plural(t.Elem()))
	case reflect.Slice:
		return "a list of " + plural(t.Elem())
	}
	return sectionExpected(t)
}

func plural(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Float64:
		return "numbers"
	case reflect.Int:
		return "whole numbers"
	case reflect.Bool:
		return "true/false values"
	}
	return "names"
}

// convert turns a raw value into type t. YAML values must already be of the
// right kind (quoted "5" is text, not a number); text values from the
// environment or --set are parsed.
func convert(raw any, t reflect.Type, text bool) (reflect.Value, bool) {
	if t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		return convertList(raw, t, text)
	}
	return convertScalar(raw, t, text)
}

func convertList(raw any, t reflect.Type, text bool) (reflect.Value, bool) {
	items, ok := raw.([]any)
	if s, isText := raw.(string); text && isText {
		items, ok = splitList(s), true
	}
	if !ok || (t.Kind() == reflect.Array && len(items) != t.Len()) {
		return reflect.Value{}, false
	}
	out := reflect.New(t).Elem()
	if t.Kind() == reflect.Slice && len(items) > 0 {
		out = reflect.MakeSlice(t, len(items), len(items))
	}
	for i, item := range items {
		v, ok := convertScalar(item, t.Elem(), text)
		if !ok {
			return reflect.Value{}, false
		}
		out.Index(i).Set(v)
	}
	return out, true
}

// splitList reads "a,b,c", optionally written "[a, b, c]".
func splitList(s string) []any {
	s = strings.TrimSpace(s)
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]"))
	if s == "" {
		return nil
	}
	var items []any
	for part := range strings.SplitSeq(s, ",") {
		items = append(items, strings.TrimSpace(part))
	}
	return items
}

func convertScalar(raw any, t reflect.Type, text bool) (reflect.Value, bool) {
	if s, ok := raw.(string); ok && text {
		if raw, ok = parseText(s, t.Kind()); !ok {
			return reflect.Value{}, false
		}
	}
	var v any
	ok := false
	switch t.Kind() {
	case reflect.Float64:
		v, ok = number(raw)
	case reflect.Int:
		v, ok = wholeNumber(raw)
	case reflect.Bool:
		switch r := raw.(type) {
		case bool:
			v, ok = r, true
		case string: // on, yes, "true" in a file
			v, ok = parseBool(r)
		case int: // 1 or 0 in a file, as on the command line
			v, ok = r == 1, r == 0 || r == 1
		}
	case reflect.String:
		switch r := raw.(type) {
		case string:
			v, ok = r, true
		case time.Time:
			// a date left unquoted in YAML (start_date: 2025-09-01) is read
			// as a timestamp: the date it names, when it names no time
			h, m, sec := r.Clock()
			v, ok = r.Format(time.DateOnly), h == 0 && m == 0 && sec == 0 && r.Nanosecond() == 0
		}
	}
	if !ok {
		return reflect.Value{}, false
	}
	return reflect.ValueOf(v).Convert(t), true
}

// parseText reads a text value as the kind the field needs.
func parseText(s string, kind reflect.Kind) (any, bool) {
	s2 := strings.TrimSpace(s)
	switch kind {
	case reflect.Float64:
		f, err := strconv.ParseFloat(s2, 64)
		return f, err == nil
	case reflect.Int:
		base := 10 // 010 is ten, as decimal reads it in a file
		if l := strings.ToLower(strings.TrimLeft(s2, "+-")); strings.HasPrefix(l, "0x") || strings.HasPrefix(l, "0o") || strings.HasPrefix(l, "0b") {
			base = 0 // 0x1388, 0o10, 0b101, as a file takes them
		}
		if n, err := strconv.ParseInt(s2, base, 64); err == nil {
			return n, true
		}
		f, err := strconv.ParseFloat(s2, 64)
		return f, err == nil
	case reflect.Bool:
		return parseBool(s2)
	}
	return s2, true // trimmed, as YAML trims a plain value
}

// parseBool reads an on/off setting in any of its usual spellings, the
// same from a file, --set, the environment or a design: true or false,
// yes or no, on or off, 1 or 0, t or f, in any case.
func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on", "1", "t", "y":
		return true, true
	case "false", "no", "off", "0", "f", "n":
		return false, true
	}
	return false, false
}

// number accepts any finite YAML number: ints are fine for float fields.
func number(raw any) (float64, bool) {
	var f float64
	switch x := raw.(type) {
	case float64:
		f = x
	case int:
		f = float64(x)
	case int64:
		f = float64(x)
	case uint64:
		f = float64(x)
	default:
		return 0, false
	}
	return f, !math.IsNaN(f) && !math.IsInf(f, 0)
}

// wholeNumber accepts integers, and floats only without a fractional part.
func wholeNumber(raw any) (int, bool) {
	switch x := raw.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	}
	f, ok := number(raw)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, false
	}
	return int(f), true
}

func sortedNames[V any](m map[string]V) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}
