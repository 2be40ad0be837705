package sim

import (
	"fmt"
	"reflect"
	"strings"
)

// ParamDoc is one row of the parameter table: a config key with its unit,
// the values it accepts (its Range, empty for text and on/off keys), its
// default value and source (or the word "assumption").
type ParamDoc struct {
	Key, Unit, Range, Default, Source string
}

// ParamDocs lists every parameter of p (normally Defaults()) in struct
// order, with map entries (roles, teams) under their names in sorted order.
// The fields of a shipped role cite that role's own sources (roleSources),
// and the pathway parameters cite the evidence set p.Effects.Evidence names
// (evidenceSources); a value a scenario changed says so and gives the
// default it replaced.
func ParamDocs(p Params) []ParamDoc {
	var out []ParamDoc
	walkDocs(reflect.ValueOf(p), "", &out)
	roles := docValues(reflect.ValueOf(Workforce{Roles: DefaultRoles()}), "school_workforce.")
	set, known := EvidenceSets()[p.Effects.Evidence]
	setValues := docValues(reflect.ValueOf(Params{Effects: set}), "")
	for i := range out {
		d := &out[i]
		if name, field, ok := roleField(d.Key); ok {
			if src, shipped := roleSources[name][field]; shipped {
				d.Source = sourceOf(d.Default, roles[d.Key], src, "default")
			}
			continue
		}
		field, _ := strings.CutPrefix(d.Key, "effects.")
		if es, ok := evidenceSources[field]; ok && known && strings.HasPrefix(d.Key, "effects.") {
			src := es.trial
			if p.Effects.Evidence == EvidencePilots {
				src = es.pilots
			}
			d.Source = sourceOf(d.Default, setValues[d.Key], src, "the "+p.Effects.Evidence+" set has")
		}
	}
	return out
}

// sourceOf is the source of a value: src when it is the shipped value,
// else the scenario's choice, naming the shipped value and its source.
func sourceOf(value, shipped, src, what string) string {
	if value == shipped {
		return src
	}
	return "scenario choice (" + what + " " + shipped + ": " + src + ")"
}

// EvidenceDoc is one row of the table of evidence sets: a pathway
// parameter with its value and source in each set.
type EvidenceDoc struct {
	Key, Unit, Trial, Pilots, TrialSource, PilotsSource string
}

// EvidenceDocs lists the pathway parameters that the evidence sets
// (EvidenceSets) give, in struct order, with both sets' values side by
// side.
func EvidenceDocs() []EvidenceDoc {
	sets := EvidenceSets()
	trial := ParamDocs(Params{Effects: sets[EvidenceTrial]})
	pilots := ParamDocs(Params{Effects: sets[EvidencePilots]})
	var out []EvidenceDoc
	for i, d := range trial {
		field, ok := strings.CutPrefix(d.Key, "effects.")
		if !ok || field == "evidence" {
			continue
		}
		out = append(out, EvidenceDoc{Key: d.Key, Unit: d.Unit, Trial: d.Default, Pilots: pilots[i].Default,
			TrialSource: d.Source, PilotsSource: pilots[i].Source})
	}
	return out
}

// roleField splits school_workforce.roles.<name>.<field>.
func roleField(key string) (name, field string, ok bool) {
	rest, ok := strings.CutPrefix(key, "school_workforce.roles.")
	if !ok {
		return "", "", false
	}
	name, field, ok = strings.Cut(rest, ".")
	return name, field, ok
}

// docValues maps each key under v (with prefix) to its formatted value.
func docValues(v reflect.Value, prefix string) map[string]string {
	var docs []ParamDoc
	walkDocs(v, prefix, &docs)
	out := make(map[string]string, len(docs))
	for _, d := range docs {
		out[d.Key] = d.Default
	}
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
			*out = append(*out, ParamDoc{Key: full, Unit: f.Tag.Get("unit"), Range: docRange(f), Default: formatValue(fv), Source: f.Tag.Get("src")})
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

// docRange is the Range column of a field: the interval and why it is
// bounded there, if the tag says.
func docRange(f reflect.StructField) string {
	r, numeric, err := FieldRange(f)
	if !numeric || err != nil {
		return ""
	}
	if r.Why != "" {
		return r.String() + " (" + r.Why + ")"
	}
	return r.String()
}
