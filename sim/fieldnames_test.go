package sim

import (
	"reflect"
	"strings"
	"testing"
)

// Every configuration field is named after its key: the key's words run
// together, whatever their case (key early_help_consent, field
// EarlyHelpConsent), so that code and scenario files speak alike.
func TestFieldNamesMatchKeys(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Map || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Pointer {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			key := f.Tag.Get("key")
			if key == "" {
				continue
			}
			if !strings.EqualFold(strings.ReplaceAll(key, "_", ""), f.Name) {
				t.Errorf("%s.%s has key %s%s", typ.Name(), f.Name, path, key)
			}
			walk(f.Type, path+key+".")
		}
	}
	walk(reflect.TypeFor[Params](), "")
}
