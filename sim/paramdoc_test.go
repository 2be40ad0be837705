package sim

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// Every shipped value has a source of its own: each role's fields cite that
// role (not one source for all roles), each evidence set's pathway values
// are labelled as assumptions with what they were chosen to reproduce, and
// no row is left with the generic text of a struct tag.
func TestParamSources(t *testing.T) {
	docs := ParamDocs(Defaults())
	for _, d := range docs {
		if strings.TrimSpace(d.Source) == "" {
			t.Errorf("%s has no source", d.Key)
		}
		if strings.Contains(d.Source, "each shipped role cites") || strings.Contains(d.Source, "each set cites") {
			t.Errorf("%s keeps the generic source %q", d.Key, d.Source)
		}
	}
	roleKeys := keysOf(reflect.TypeFor[Role]())
	for name := range DefaultRoles() {
		for _, k := range roleKeys {
			if roleSources[name][k] == "" {
				t.Errorf("role %s: no source for %s", name, k)
			}
		}
		if len(roleSources[name]) != len(roleKeys) {
			t.Errorf("role %s: %d sources for %d fields", name, len(roleSources[name]), len(roleKeys))
		}
	}
	if len(roleSources) != len(DefaultRoles()) {
		t.Errorf("sources for %d roles, %d shipped", len(roleSources), len(DefaultRoles()))
	}
	effectKeys := keysOf(reflect.TypeFor[Effects]())
	sets := EvidenceSets()
	tv, pv := reflect.ValueOf(sets[EvidenceTrial]), reflect.ValueOf(sets[EvidencePilots])
	for i, k := range effectKeys {
		src, ok := evidenceSources[k]
		tag := reflect.TypeFor[Effects]().Field(i).Tag.Get("src")
		if strings.Contains(tag, "evidence set") != ok && k != "evidence" {
			t.Errorf("effects.%s: tag %q but evidence source given: %v", k, tag, ok)
		}
		if k != "evidence" && !reflect.DeepEqual(tv.Field(i).Interface(), pv.Field(i).Interface()) && !ok {
			t.Errorf("effects.%s differs between the sets but has no evidence source", k)
		}
		if ok && (!strings.HasPrefix(src.trial, "assumption") || !strings.HasPrefix(src.pilots, "assumption")) {
			t.Errorf("effects.%s: evidence sources must be labelled assumptions: %q, %q", k, src.trial, src.pilots)
		}
	}
	for k := range evidenceSources {
		if !slices.Contains(effectKeys, k) {
			t.Errorf("evidence source for unknown key effects.%s", k)
		}
	}
}

// The shipped caseload caps lie within the figures their sources give:
// seed 001 case study 6 (qualified: 10-12 intensive, 20-25 monitoring) and
// case study 4 (support workers: 8-30 young people each).
func TestRoleCapsWithinSources(t *testing.T) {
	r := DefaultRoles()
	q, s := r[RoleQualified], r[RoleSupport]
	if q.IntensiveCap < 10 || q.IntensiveCap > 12 || q.MonitoringCap < 20 || q.MonitoringCap > 25 {
		t.Errorf("qualified caps %v intensive, %v monitoring; case study 6 gives 10-12 and 20-25", q.IntensiveCap, q.MonitoringCap)
	}
	if all := s.IntensiveCap + s.MonitoringCap; all < 8 || all > 30 {
		t.Errorf("support worker caps add to %v; case study 4 gives 8-30", all)
	}
	if q.MaxLevel != 3 || s.MaxLevel != 2 || r[RoleTrainee].MaxLevel != 2 || r[RoleTraining].MaxLevel != 0 {
		t.Errorf("max levels %v, %v, %v, %v; seed 001 gives 3 for qualified, 2 for support and trainees, 0 for training",
			q.MaxLevel, s.MaxLevel, r[RoleTrainee].MaxLevel, r[RoleTraining].MaxLevel)
	}
}

// A scenario's own values say so: the pilots set cites the pilots, and a
// changed role cap or pathway value names the default it replaced.
func TestParamSourcesOfAScenario(t *testing.T) {
	p := Defaults()
	p.Effects = EvidenceSets()[EvidencePilots]
	p.Effects.DetectPrimary = 0.07
	roles := DefaultRoles()
	q := roles[RoleQualified]
	q.IntensiveCap = 15
	roles[RoleQualified] = q
	p.SchoolWorkforce.Roles = roles
	src := map[string]string{}
	for _, d := range ParamDocs(p) {
		src[d.Key] = d.Source
	}
	if got, want := src["effects.quality_gain"], evidenceSources["quality_gain"].pilots; got != want {
		t.Errorf("effects.quality_gain under pilots cites %q, want %q", got, want)
	}
	if got := src["effects.detect_primary"]; !strings.HasPrefix(got, "scenario choice (the pilots set has 0.02: ") {
		t.Errorf("changed effects.detect_primary cites %q", got)
	}
	if got := src["school_workforce.roles.qualified.intensive_cap"]; !strings.HasPrefix(got, "scenario choice (default 12: seed 001 case study 6") {
		t.Errorf("changed qualified intensive cap cites %q", got)
	}
	if got, want := src["school_workforce.roles.qualified.monitoring_cap"], roleSources[RoleQualified]["monitoring_cap"]; got != want {
		t.Errorf("unchanged qualified monitoring cap cites %q, want %q", got, want)
	}
}

// The table of evidence sets has every pathway parameter with both values.
func TestEvidenceDocs(t *testing.T) {
	docs := EvidenceDocs()
	if want := len(keysOf(reflect.TypeFor[Effects]())) - 1; len(docs) != want {
		t.Fatalf("%d rows, want %d (every effects key but evidence)", len(docs), want)
	}
	for _, d := range docs {
		if d.Key == "effects.quality_gain" && (d.Trial != "0.1" || d.Pilots != "0.6") {
			t.Errorf("quality_gain: trial %s, pilots %s; want 0.1 and 0.6", d.Trial, d.Pilots)
		}
		if d.TrialSource == "" || d.PilotsSource == "" {
			t.Errorf("%s has no source", d.Key)
		}
	}
}

func keysOf(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		out = append(out, t.Field(i).Tag.Get("key"))
	}
	return out
}

// Every field that holds numbers declares a well-formed range, and every
// shipped value (the defaults, both evidence sets, every shipped role) lies
// within it, so validation accepts what the program ships.
func TestEveryNumberHasARange(t *testing.T) {
	for _, typ := range []reflect.Type{reflect.TypeFor[Params](), reflect.TypeFor[Role](), reflect.TypeFor[Team]()} {
		checkRanges(t, typ)
	}
	p := Defaults()
	inRange(t, reflect.ValueOf(p), "")
	for name, set := range EvidenceSets() {
		inRange(t, reflect.ValueOf(set), "effects("+name+").")
	}
	for name, r := range DefaultRoles() {
		inRange(t, reflect.ValueOf(r), "roles."+name+".")
	}
}

func checkRanges(t *testing.T, typ reflect.Type) {
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Tag.Get("key") == "" {
			continue
		}
		if f.Type.Kind() == reflect.Struct {
			checkRanges(t, f.Type)
			continue
		}
		if _, numeric, err := FieldRange(f); err != nil {
			t.Error(err)
		} else if !numeric && f.Tag.Get("range") != "" {
			t.Errorf("%s: a range on a field that holds no numbers", f.Tag.Get("key"))
		}
	}
}

func inRange(t *testing.T, v reflect.Value, prefix string) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		key := prefix + f.Tag.Get("key")
		fv := v.Field(i)
		switch f.Type.Kind() {
		case reflect.Struct:
			inRange(t, fv, key+".")
			continue
		case reflect.Map:
			for _, k := range fv.MapKeys() {
				inRange(t, fv.MapIndex(k), key+"."+k.String()+".")
			}
			continue
		}
		r, numeric, _ := FieldRange(f)
		if !numeric {
			continue
		}
		for _, x := range numbers(fv) {
			if !r.Contains(x) {
				t.Errorf("%s: shipped value %v outside %s", key, x, r)
			}
		}
	}
}

func numbers(v reflect.Value) []float64 {
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		var out []float64
		for i := range v.Len() {
			out = append(out, numbers(v.Index(i))...)
		}
		return out
	case reflect.Int:
		return []float64{float64(v.Int())}
	}
	return []float64{v.Float()}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		tag      string
		whole    bool
		in, out  []float64
		expected string
		bad      bool
	}{
		{tag: "[0,1]", in: []float64{0, 0.5, 1}, out: []float64{-1e-300, math.Nextafter(1, 2), math.NaN(), math.Inf(1)}, expected: "a number from 0 to 1"},
		{tag: "(0,80]", in: []float64{1e-300, 80}, out: []float64{0, 80.0000001}, expected: "a number greater than 0 and at most 80"},
		{tag: "[0,1)", in: []float64{0}, out: []float64{1}, expected: "a number from 0 to below 1"},
		{tag: "(0, 1) why not", in: []float64{0.5}, out: []float64{0, 1}, expected: "a number strictly between 0 and 1 (why not)"},
		{tag: "[1,50]", whole: true, in: []float64{1, 50}, out: []float64{0, 51, 2.5}, expected: "a whole number from 1 to 50"},
		{tag: "[0,inf]", bad: true},
		{tag: "[1,0]", bad: true},
		{tag: "(1,1]", bad: true},
		{tag: "[0.5,2]", whole: true, bad: true},
		{tag: "0,1", bad: true},
		{tag: "[0;1]", bad: true},
	}
	for _, tc := range tests {
		r, err := ParseRange(tc.tag, tc.whole)
		if tc.bad {
			if err == nil {
				t.Errorf("%q: accepted", tc.tag)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.tag, err)
			continue
		}
		for _, x := range tc.in {
			if !r.Contains(x) {
				t.Errorf("%q refuses %v", tc.tag, x)
			}
		}
		for _, x := range append(tc.out, r.Outside()...) {
			if r.Contains(x) {
				t.Errorf("%q accepts %v", tc.tag, x)
			}
		}
		if got := r.Expected(false); got != tc.expected {
			t.Errorf("%q: expected %q, want %q", tc.tag, got, tc.expected)
		}
	}
}
