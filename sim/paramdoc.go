package sim

import (
	"fmt"
	"reflect"
	"strings"
)

// ParamDoc is one row of the parameter table: a config key with its unit,
// default value and source (or the word "assumption").
type ParamDoc struct {
	Key, Unit, Default, Source string
}

// ParamDocs lists every parameter of p (normally Defaults()) in struct
// order, with map entries (roles, teams) under their names in sorted order.
func ParamDocs(p Params) []ParamDoc {
	var out []ParamDoc
	walkDocs(reflect.ValueOf(p), "", &out)
	return out
}

func walkDocs(v reflect.Value, prefix string, out *[]ParamDoc) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		key := f.Tag.Get("key")
		if key == "" {
			continue
		}
		full := prefix + key
		fv := v.Field(i)
		switch {
		case f.Type.Kind() == reflect.Struct:
			walkDocs(fv, full+".", out)
		case f.Type.Kind() == reflect.Map:
			if fv.Len() == 0 {
				// document the fields of an entry under a placeholder name
				walkDocs(reflect.New(f.Type.Elem()).Elem(), full+".<name>.", out)
				continue
			}
			for _, name := range sortedKeys(fv) {
				walkDocs(fv.MapIndex(reflect.ValueOf(name)), full+"."+name+".", out)
			}
		default:
			*out = append(*out, ParamDoc{Key: full, Unit: f.Tag.Get("unit"), Default: formatValue(fv), Source: f.Tag.Get("src")})
		}
	}
}

func sortedKeys(m reflect.Value) []string {
	var keys []string
	for _, k := range m.MapKeys() {
		keys = append(keys, k.String())
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

func formatValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = formatValue(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case reflect.Float64:
		return fmt.Sprintf("%.6g", v.Float())
	default:
		return fmt.Sprint(v.Interface())
	}
}
