package config

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/caseload/caseload/sim"
)

// Space is a search space of deployments for caseload optimise: which
// worker types, selection rules and ratios a team may have, how many
// teams a mix may hold, what share of the budget may be left unspent, and
// the size of the search (optimise package comment).
type Space struct {
	File       string
	Roles      []string   // worker types a team may be
	Selections []string   // most_deprived and/or budget
	Ratio      [2]float64 // schools_per_worker, low and high (searched on a log scale)
	Teams      int        // most teams in a mix
	Spend      [2]float64 // share of the budget spent, low and high
	Initial    int        // space-filling candidates
	Refine     int        // candidates near the front
	Reps       int        // replications of every candidate
	MaxReps    int        // replications a raced candidate may reach
	Rounds     int        // racing rounds
	Race       int        // close candidates raced each round
	Seed       int
}

// DefaultSpace is the space searched without --space: qualified and
// support workers, most-deprived selection, 1 to 25 schools a worker, up
// to two teams, half to all of the budget spent.
func DefaultSpace() Space {
	return Space{Roles: []string{sim.RoleQualified, sim.RoleSupport}, Selections: []string{sim.SelectMostDeprived},
		Ratio: [2]float64{1, 25}, Teams: 2, Spend: [2]float64{0.5, 1},
		Initial: 16, Refine: 8, Reps: 4, MaxReps: 16, Rounds: 2, Race: 4, Seed: 1}
}

var spaceKeys = []string{"roles", "selections", "schools_per_worker", "teams", "spend", "initial", "refine", "reps", "max_reps", "rounds", "race", "seed"}

// spaceSelections are the selection rules whose FTE a budget sets.
var spaceSelections = []string{sim.SelectMostDeprived, sim.SelectBudget}

// LoadSpace reads a space file strictly: every key known, every value in
// range, each role one the scenario p defines. Problems are *Error naming
// the file, the key, the value and what was expected.
func LoadSpace(path string, p sim.Params) (Space, error) {
	raw, err := readYAMLFile(path)
	if err != nil {
		return Space{}, err
	}
	s := DefaultSpace()
	s.File = path
	r := reader{file: path}
	r.unknown(raw, "", spaceKeys...)
	if r.err != nil { // the prefix of unknown is for sections; name the key plainly
		for _, k := range sortedNames(raw) {
			if !slices.Contains(spaceKeys, k) {
				return Space{}, bad(path, k, orEmpty(raw[k]), "one of the keys "+strings.Join(spaceKeys, ", "))
			}
		}
	}
	s.Roles = r.words(raw, "roles", s.Roles, p.SchoolWorkforce.RoleNames())
	s.Selections = r.words(raw, "selections", s.Selections, spaceSelections)
	s.Ratio = r.span(raw, "schools_per_worker", s.Ratio, 0.01, 10000)
	s.Spend = r.span(raw, "spend", s.Spend, 0.01, 1)
	r.integer(raw, "", "teams", &s.Teams, 1, 5)
	r.integer(raw, "", "initial", &s.Initial, 2, 4096)
	r.integer(raw, "", "refine", &s.Refine, 0, 4096)
	r.integer(raw, "", "reps", &s.Reps, 2, 1000)
	r.integer(raw, "", "max_reps", &s.MaxReps, 2, 10000)
	r.integer(raw, "", "rounds", &s.Rounds, 0, 20)
	r.integer(raw, "", "race", &s.Race, 0, 100)
	r.integer(raw, "", "seed", &s.Seed, 0, math.MaxInt32)
	if r.err == nil && s.MaxReps < s.Reps {
		r.fail("max_reps", s.MaxReps, fmt.Sprintf("at least reps (%d)", s.Reps))
	}
	return s, r.err
}

// words reads a non-empty list of distinct words, each among allowed.
func (r *reader) words(m map[string]any, key string, def, allowed []string) []string {
	v, ok := m[key]
	if !ok {
		return def
	}
	list, isList := v.([]any)
	if !isList || len(list) == 0 {
		r.fail(key, orEmpty(v), "a non-empty list, of "+strings.Join(allowed, ", "))
		return def
	}
	var out []string
	for _, x := range list {
		w, isStr := x.(string)
		if key == "roles" {
			w = strings.ToLower(w) // role names are not case-sensitive
		}
		if !isStr || !slices.Contains(allowed, w) || slices.Contains(out, w) {
			r.fail(key, orEmpty(v), "a list of distinct words, each one of "+strings.Join(allowed, ", "))
			return def
		}
		out = append(out, w)
	}
	return out
}

// span reads a section {low, high} within [lo, hi], low at most high.
func (r *reader) span(m map[string]any, key string, def [2]float64, lo, hi float64) [2]float64 {
	sec, ok := r.section(m, key)
	if !ok {
		return def
	}
	r.unknown(sec, key, "low", "high")
	out := def
	for i, k := range []string{"low", "high"} {
		v, given := sec[k]
		if !given {
			continue
		}
		x, isNum := toFloat(v)
		if !isNum || math.IsNaN(x) || x < lo || x > hi {
			r.fail(key+"."+k, orEmpty(v), fmt.Sprintf("a number from %s to %s", num(lo), num(hi)))
			return def
		}
		out[i] = x
	}
	if out[0] > out[1] {
		r.fail(key+".low", out[0], fmt.Sprintf("at most high (%s)", num(out[1])))
	}
	return out
}
