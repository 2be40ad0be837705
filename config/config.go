// Package config turns scenario files, CASELOAD_* environment variables and
// --set overrides into a validated sim.Params.
//
// Every value is traced to where it came from, and every bad input is
// reported as an *Error that names the file, the dotted key, the value and
// what was expected, so a user can fix a scenario without reading Go.
package config

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/caseload/caseload/sim"
)

// ErrInvalid is wrapped by every *Error, so callers can tell bad input (exit
// status for usage errors) from failures of the program itself.
var ErrInvalid = errors.New("invalid configuration")

// Error is a bad-input error: File is a path, "environment CASELOAD_X",
// "--set" or "defaults"; Key is the dotted config key (empty for problems
// with a whole file); Value is the offending value (nil when there is none).
type Error struct {
	File     string
	Key      string
	Value    any
	Expected string
	Err      error
}

func (e *Error) Error() string {
	var parts []string
	if e.File != "" {
		parts = append(parts, e.File)
	}
	if e.Key != "" {
		parts = append(parts, "key "+e.Key)
	}
	if vs, ok := e.Value.(givenValues); ok {
		quoted := make([]string, len(vs))
		for i, v := range vs {
			quoted[i] = strconv.Quote(v)
		}
		parts = append(parts, "values "+andList(quoted))
	} else if e.Value != nil {
		parts = append(parts, "value "+formatValue(e.Value))
	}
	if e.Expected != "" {
		parts = append(parts, "expected "+e.Expected)
	}
	if e.Err != nil && e.Err != ErrInvalid {
		parts = append(parts, e.Err.Error())
	}
	return strings.Join(parts, ": ")
}

// Unwrap gives the underlying cause (a read or parse error), if any.
func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrInvalid) hold even when Err is a parse error.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Scenario is one resolved and validated scenario.
type Scenario struct {
	Params sim.Params
	Files  []string          // files read, the base first, as given/resolved paths
	Origin map[string]string // dotted key -> a file path, "environment CASELOAD_X" or "--set"
	// Notes say what la.area, la.schools_file and a hand-set la.children
	// set, scaled or left alone, for the command to show.
	Notes []string
	// Area is the LA la.area built (nil for none): its figures, the
	// targets per 10k its parameters were fitted to, and its fit.
	Area *sim.Area
	// Place says which LA the scenario is built for (name and code) and
	// what its parameters are fitted to; empty when la.area is unset.
	Place string

	setMade map[string]bool // the teams and roles --set made (setMade)
}

// Load reads a scenario file, following `extends:`, applies CASELOAD_*
// environment variables and --set key=value overrides, decodes strictly onto
// sim.Defaults(), validates, and returns the scenario.
// Precedence: sets > env > file(s) > defaults; a child file beats its base.
//
// Each file is checked on its own, so a bad value in a base file is an error
// even where a child overrides it. effects.evidence is the exception in
// order: the strongest source's evidence set is laid down first and every
// effect key given anywhere applies on top of it. Origin holds only keys
// that some source set; effects filled in by an evidence set are not in it.
func Load(path string, env []string, sets []string) (*Scenario, error) {
	layers, err := readScenario(path)
	if err != nil {
		return nil, err
	}
	return load(layers, env, sets)
}

// LoadDefaults is Load with no scenario file: the defaults with the
// environment's and --set's overrides (caseload params --la NAME).
func LoadDefaults(env []string, sets []string) (*Scenario, error) {
	return load(nil, env, sets)
}

func load(layers []layer, env []string, sets []string) (*Scenario, error) {
	var files []string
	var assigned []assignment
	for _, l := range layers {
		as, err := fileAssignments(l)
		if err != nil {
			return nil, err
		}
		files = append(files, l.file)
		assigned = append(assigned, as...)
	}
	// Team and role names come from the files, so the environment can
	// only be looked up once the files are applied.
	own := apply(sim.Defaults(), assigned)
	fromEnv, err := envAssignments(Keys(own), env)
	if err != nil {
		return nil, err
	}
	fromSets, err := setAssignments(sets)
	if err != nil {
		return nil, err
	}
	assigned = append(append(assigned, fromEnv...), fromSets...)
	assigned, notes, area, err := places(assigned)
	if err != nil {
		return nil, err
	}
	p, origin, err := build(assigned)
	if err != nil {
		return nil, err
	}
	if p, err = SpendBudget(p, origin); err != nil {
		return nil, err
	}
	made := setMade(p, own.SchoolWorkforce)
	if err := validate(p, origin, made); err != nil {
		return nil, err
	}
	return &Scenario{Params: p, Files: files, Origin: origin, Notes: notes, Area: area, Place: PlaceLine(area, p.LA.FiguresFile), setMade: made}, nil
}

// givenValues are the values a key is given at once, where it takes one
// (a variable given twice): an Error shows them as `values "1" and "2"`.
type givenValues []string

// formatValue renders a value the way a user would write it in a scenario.
func formatValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []float64:
		return formatValue(toAny(x))
	case []int:
		return formatValue(toAny(x))
	case []string:
		return formatValue(toAny(x))
	case map[string]any:
		return "a section of keys " + strings.Join(sortedNames(x), ", ")
	}
	return fmt.Sprint(v)
}

func toAny[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}
