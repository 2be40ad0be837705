package config

import (
	"reflect"
	"slices"

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
