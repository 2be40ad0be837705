package config

import (
	"reflect"
	"slices"
	"strings"

	"github.com/caseload/caseload/sim"
)

// Keys returns every valid dotted key of p, including the keys of the roles
// and teams p has, sorted.
func Keys(p sim.Params) []string {
	var keys []string
	walkKeys(reflect.ValueOf(p), "", &keys)
	slices.Sort(keys)
	return keys
}

func walkKeys(v reflect.Value, key string, keys *[]string) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			if k := v.Type().Field(i).Tag.Get("key"); k != "" {
				walkKeys(v.Field(i), joinKey(key, k), keys)
			}
		}
	case reflect.Map:
		for _, name := range mapNames(v) {
			walkKeys(v.MapIndex(reflect.ValueOf(name)), joinKey(key, name), keys)
		}
	default:
		*keys = append(*keys, key)
	}
}

// Resolved returns the configuration p as nested maps keyed by config keys,
// the shape of a scenario file, for manifests: a file written from it loads
// back to p. Lists are plain slices (fixed-size arrays included) and empty
// lists are [] rather than null.
func Resolved(p sim.Params) map[string]any {
	return resolve(reflect.ValueOf(p)).(map[string]any)
}

func resolve(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Struct:
		out := map[string]any{}
		for i := range v.NumField() {
			if k := v.Type().Field(i).Tag.Get("key"); k != "" {
				out[k] = resolve(v.Field(i))
			}
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		for _, name := range mapNames(v) {
			out[name] = resolve(v.MapIndex(reflect.ValueOf(name)))
		}
		return out
	case reflect.Slice, reflect.Array:
		list := reflect.MakeSlice(reflect.SliceOf(v.Type().Elem()), v.Len(), v.Len())
		reflect.Copy(list, v)
		return list.Interface()
	}
	return v.Interface()
}

func joinKey(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func mapNames(m reflect.Value) []string {
	names := make([]string, 0, m.Len())
	for _, k := range m.MapKeys() {
		names = append(names, k.String())
	}
	slices.Sort(names)
	return names
}

// KeyKind reports the kind of value a dotted key holds (reflect.Int,
// reflect.Float64, reflect.String, reflect.Bool, or reflect.Slice/Array
// for lists), or, when the key names no single value, what was expected.
// Design files use it to check factors before anything runs.
func KeyKind(key string) (reflect.Kind, string) {
	_, t, expected := resolveKey(key)
	if expected != "" {
		return reflect.Invalid, expected
	}
	return t.Kind(), ""
}

// Lookup returns the value of a dotted key in a resolved configuration
// (see Resolved), or false when there is none.
func Lookup(resolved map[string]any, key string) (any, bool) {
	var cur any = resolved
	for _, name := range strings.Split(key, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[name]; !ok {
			return nil, false
		}
	}
	return cur, true
}
