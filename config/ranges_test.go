package config

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

// withTeam is the defaults with one valid team, so that the keys of a team
// and of every shipped role are walked too.
func withTeam() sim.Params {
	p := sim.Defaults()
	p.SchoolWorkforce.BudgetFTE = 10
	p.SchoolWorkforce.Teams = map[string]sim.Team{"core": {Role: sim.RoleQualified, FTE: 2, SchoolsPerWorker: 5, Selection: sim.SelectMostDeprived}}
	return p
}

// Every key that holds numbers refuses a value just outside its declared
// range, on each side, with an error naming the key and the value; a new
// parameter without a range fails TestEveryNumberHasARange in package sim,
// and one whose range is not enforced fails here.
func TestEveryKeyRefusesValuesOutsideItsRange(t *testing.T) {
	if err := Validate(withTeam(), nil); err != nil {
		t.Fatalf("the base case is invalid: %v", err)
	}
	checked := 0
	for _, key := range Keys(withTeam()) {
		path, typ, _ := resolveKey(key)
		f := leafOf(path)
		r, numeric, err := sim.FieldRange(f)
		if err != nil {
			t.Fatal(err)
		}
		if !numeric {
			continue
		}
		for _, x := range r.Outside() {
			p := withTeam()
			v := reflect.New(typ).Elem()
			switch typ.Kind() {
			case reflect.Slice:
				v = reflect.MakeSlice(typ, 1, 1)
				setNumber(v.Index(0), x)
			case reflect.Array:
				v.Set(reflect.ValueOf(leafValue(p, path)))
				setNumber(v.Index(0), x)
			default:
				setNumber(v, x)
			}
			assign(reflect.ValueOf(&p).Elem(), path, v)
			err := Validate(p, map[string]string{key: "s.yaml"})
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("%s = %v: accepted (range %s)", key, x, r)
				continue
			}
			text := formatValue(x)
			if r.Whole {
				text = formatValue(int(x))
			}
			if e.Key != key || !strings.Contains(err.Error(), text) || !strings.Contains(err.Error(), "s.yaml") {
				t.Errorf("%s = %s: error %q does not name the file, the key and the value", key, text, err)
			}
			checked++
		}
	}
	if checked < 2*150 {
		t.Errorf("only %d values checked", checked)
	}
}

func leafValue(p sim.Params, path []string) any {
	v := reflect.ValueOf(p)
	for _, name := range path {
		if v.Kind() == reflect.Map {
			v = v.MapIndex(reflect.ValueOf(name))
			continue
		}
		f, _ := fieldByKey(v.Type(), name)
		v = v.FieldByIndex(f.Index)
	}
	return v.Interface()
}

func setNumber(v reflect.Value, x float64) {
	if v.Kind() == reflect.Int {
		v.SetInt(int64(x))
		return
	}
	v.SetFloat(x)
}

func nan() float64 { return math.NaN() }
func inf() float64 { return math.Inf(1) }
