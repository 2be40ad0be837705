package config

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/caseload/caseload/sim"
)

// EnvPrefix starts the name of every environment variable that overrides a key.
const EnvPrefix = "CASELOAD_"

// SetOrigin is the Origin (and Error.File) of values given with --set.
const SetOrigin = "--set"

const evidenceKey = "effects.evidence"

// EnvName is the environment variable that overrides a dotted key, e.g.
// school_workforce.teams.core.fte -> CASELOAD_SCHOOL_WORKFORCE_TEAMS_CORE_FTE.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// envAssignments reads the CASELOAD_<KEY> variables of the keys that
// exist. Any other CASELOAD_ variable is an error, unless it names a field
// of a team or role that this scenario does not have (it may be meant for
// another scenario of the same comparison).
func envAssignments(keys []string, env []string) ([]assignment, error) {
	vars := map[string][]string{} // each CASELOAD_ variable's values, in the order given
	var names []string
	for _, kv := range env {
		if name, value, ok := strings.Cut(kv, "="); ok && strings.HasPrefix(name, EnvPrefix) {
			if _, dup := vars[name]; !dup {
				names = append(names, name)
			}
			vars[name] = append(vars[name], value)
		}
	}
	var out []assignment
	known := map[string]bool{}
	envNames := make([]string, len(keys))
	// a team or role named with "-" (a-embedded), which no shell can
	// export in a variable's name, may be written with "_" instead, unless
	// that spelling is another key's (a team a_embedded beside it)
	spelled := map[string][]string{} // each "_" spelling: the keys it could name
	for i, key := range keys {
		name := EnvName(key)
		envNames[i], known[name] = name, true
		alt := strings.ReplaceAll(name, "-", "_")
		spelled[alt] = append(spelled[alt], key)
	}
	for _, key := range keys {
		name := EnvName(key)
		spellings := []string{name}
		if alt := strings.ReplaceAll(name, "-", "_"); alt != name {
			if vs, has := vars[alt]; has && len(spelled[alt]) > 1 {
				return nil, &Error{File: "environment", Key: alt, Value: vs[len(vs)-1], Err: ErrInvalid,
					Expected: fmt.Sprintf("one key, but it names %s; write the name with its \"-\" (%s)", strings.Join(spelled[alt], " and "), name)}
			}
			spellings = append(spellings, alt)
			known[alt] = true
		}
		name, value, err := envValue(key, spellings, vars)
		if err != nil {
			return nil, err
		}
		if name == "" {
			continue
		}
		a, err := textAssignment(key, value, "environment "+name)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	slices.Sort(names)
	for _, name := range names {
		if known[name] || namedEntryField(name) {
			continue
		}
		expected := "a CASELOAD_<KEY> variable naming a config key (the dotted key in capitals, _ for .)"
		if near := nearestKey(name, envNames); near != "" {
			expected += "; did you mean " + near + "?"
		}
		return nil, &Error{File: "environment", Key: name, Value: vars[name][len(vars[name])-1], Expected: expected, Err: ErrInvalid}
	}
	return out, nil
}

// envValue is the variable, of a key's spellings (its own name first,
// then the "_" spelling of a "-" in it), that sets the key, and its
// value: the last value of the first spelling given. A key given more
// than one value, by one variable given twice or by both spellings, is an
// error that lists every value and says which would apply. name is ""
// where the environment does not set the key. A process's own
// environment (os.Environ) never holds a name twice: Go's runtime keeps
// the first of a name given twice and drops the rest, as getenv takes the
// first; a variable given twice reaches here only from an env list a
// caller builds (Load's env), and the two spellings of a "-" from any.
func envValue(key string, spellings []string, vars map[string][]string) (name, value string, err error) {
	var given []string // NAME="value", each as given
	var values []string
	for _, sp := range spellings {
		for _, v := range vars[sp] {
			if name == "" || sp == name {
				value = v
			}
			if !slices.Contains(values, v) {
				values = append(values, v)
			}
			given = append(given, fmt.Sprintf("%s=%q", sp, v))
		}
		if name == "" && len(vars[sp]) > 0 {
			name = sp
		}
	}
	if len(values) < 2 {
		return name, value, nil
	}
	var vars1 []string
	for _, sp := range spellings {
		if len(vars[sp]) > 0 {
			vars1 = append(vars1, sp)
		}
	}
	var why []string
	if len(vars[name]) > 1 {
		why = append(why, "the last given")
	}
	if len(vars1) > 1 {
		why = append(why, `the spelling with "-" is taken before the one with "_"`)
	}
	return "", "", &Error{File: "environment " + strings.Join(vars1, " and "), Key: key, Value: givenValues(values), Err: ErrInvalid,
		Expected: fmt.Sprintf("one value, but the environment gives %s; %s=%q would apply (%s)", andList(given), name, value, strings.Join(why, "; "))}
}

// andList joins items as a sentence does: "a", "a and b", "a, b and c".
func andList(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// CheckEntryVars is an error for a CASELOAD_ variable of a team's or
// role's key that none of a command's scenarios has. Loading one
// scenario lets such a variable pass where the scenario has no such team
// or role (it may be meant for another scenario of the same comparison);
// once every scenario of the command is loaded, one that none of them
// has names a team or role that none has, a misspelt name most often. A
// variable that a --set of the same key outranks still names a key the
// scenario has.
func CheckEntryVars(env []string, scs ...*Scenario) error {
	known := map[string]bool{}
	entries := map[string]bool{}
	for _, sc := range scs {
		for _, section := range []string{"teams", "roles"} {
			for _, n := range entryNames(sc.Params.SchoolWorkforce, section) {
				if sc.setMade["school_workforce."+section+"."+n] {
					continue // the environment is read before --set makes it
				}
				entries[strings.TrimSuffix(section, "s")+" "+n] = true
				for _, field := range entryFields(section) {
					name := EnvName("school_workforce." + section + "." + n + "." + field)
					known[name], known[strings.ReplaceAll(name, "-", "_")] = true, true
				}
			}
		}
	}
	for _, kv := range env {
		name, value, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, EnvPrefix) || known[name] || !namedEntryField(name) {
			continue
		}
		have := slices.Sorted(maps.Keys(entries))
		expected := "a team or role of the scenario: it has none"
		if len(scs) > 1 {
			expected = "a team or role of one of the scenarios: they have none"
		}
		if len(have) > 0 {
			expected = strings.Replace(expected, "none", strings.Join(have, ", "), 1)
		}
		return &Error{File: "environment", Key: name, Value: value, Err: ErrInvalid,
			Expected: expected + " (a CASELOAD_ variable sets a key of a team or role that a scenario has; --set can make a new one)"}
	}
	return nil
}

// setMade lists the teams and roles of p (school_workforce.teams.NAME)
// that --set made: those that neither the defaults nor the files (own,
// the workforce they give) have. No CASELOAD_ variable can make one or
// reach one (the environment is read before --set), and such an entry has
// the defaults' values in every key --set did not give.
func setMade(p sim.Params, own sim.Workforce) map[string]bool {
	made := map[string]bool{}
	for _, section := range []string{"teams", "roles"} {
		for _, n := range entryNames(p.SchoolWorkforce, section) {
			if !slices.Contains(entryNames(own, section), n) {
				made["school_workforce."+section+"."+n] = true
			}
		}
	}
	return made
}

// entryNames are the names of a workforce's teams or roles (section
// "teams" or "roles").
func entryNames(w sim.Workforce, section string) []string {
	if section == "teams" {
		return slices.Collect(maps.Keys(w.Teams))
	}
	return slices.Collect(maps.Keys(w.Roles))
}

// namedEntryField reports whether an environment variable names a field
// of some team or role: CASELOAD_SCHOOL_WORKFORCE_TEAMS_<NAME>_<FIELD>.
func namedEntryField(name string) bool {
	for _, section := range []string{"teams", "roles"} {
		prefix := EnvName("school_workforce." + section + ".")
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		for _, field := range entryFields(section) {
			if n, ok := strings.CutSuffix(rest, "_"+strings.ToUpper(field)); ok && n != "" {
				return true
			}
		}
	}
	return false
}

// entryFields are the keys of one team or role.
func entryFields(section string) []string {
	var t reflect.Type
	if section == "teams" {
		t = reflect.TypeFor[sim.Team]()
	} else {
		t = reflect.TypeFor[sim.Role]()
	}
	return fieldKeys(t)
}

// setAssignments reads --set key=value overrides, in order; a later one
// wins. A set may name a team or role that no file defines.
func setAssignments(sets []string) ([]assignment, error) {
	var out []assignment
	for _, s := range sets {
		key, value, ok := strings.Cut(s, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		if !ok || key == "" {
			return nil, &Error{File: SetOrigin, Value: s, Expected: "key=value, e.g. la.children=50000", Err: ErrInvalid}
		}
		a, err := textAssignment(key, value, SetOrigin)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}

// build applies assignments in order onto the defaults. The evidence set
// named by the strongest source replaces all effects first, so that every
// explicitly given effect, from any source, still applies on top of it.
func build(as []assignment) (sim.Params, map[string]string, error) {
	p := sim.Defaults()
	if ev, ok := lastEvidence(as); ok {
		name := ev.value.String()
		set, known := sim.EvidenceSets()[name]
		if !known {
			return p, nil, &Error{File: ev.origin, Key: evidenceKey, Value: name,
				Expected: "one of " + strings.Join(evidenceNames(), ", "), Err: ErrInvalid}
		}
		p.Effects = set
	}
	origin := map[string]string{}
	for _, a := range as {
		origin[a.key] = a.origin
	}
	p = apply(p, as)
	// a team names its role as the roles section names it, whose names
	// are not case-sensitive (read lowercased): so is the team's role
	for name, t := range p.SchoolWorkforce.Teams {
		t.Role = strings.ToLower(t.Role)
		p.SchoolWorkforce.Teams[name] = t
	}
	return p, origin, nil
}

// apply sets every assignment on p, in order.
func apply(p sim.Params, as []assignment) sim.Params {
	target := reflect.ValueOf(&p).Elem()
	for _, a := range as {
		assign(target, a.path, a.value)
	}
	return p
}

func lastEvidence(as []assignment) (assignment, bool) {
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].key == evidenceKey {
			return as[i], true
		}
	}
	return assignment{}, false
}

// evidenceNames lists the evidence sets, the default first.
func evidenceNames() []string {
	names := []string{sim.EvidenceTrial}
	for _, n := range sortedNames(sim.EvidenceSets()) {
		if n != sim.EvidenceTrial {
			names = append(names, n)
		}
	}
	return names
}

// assign sets the leaf at path, creating a role or team entry on first use.
func assign(v reflect.Value, path []string, value reflect.Value) {
	if len(path) == 0 {
		v.Set(value)
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		f, _ := fieldByKey(v.Type(), path[0])
		assign(v.FieldByIndex(f.Index), path[1:], value)
	case reflect.Map:
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		name := reflect.ValueOf(path[0])
		entry := reflect.New(v.Type().Elem()).Elem()
		if cur := v.MapIndex(name); cur.IsValid() {
			entry.Set(cur)
		} else {
			entry.Set(newEntry(v.Type().Elem(), path[0]))
		}
		assign(entry, path[1:], value)
		v.SetMapIndex(name, entry)
	}
}

// newEntry is the starting value of a role or team a scenario adds. A role
// named like a shipped role starts from it, so a scenario can change one
// field of "qualified" without restating the rest. A team starts empty but
// with selection most_deprived, so a team given only role, fte and
// schools_per_worker goes to the schools with the highest need.
func newEntry(t reflect.Type, name string) reflect.Value {
	switch t {
	case reflect.TypeFor[sim.Role]():
		return reflect.ValueOf(sim.DefaultRoles()[name])
	case reflect.TypeFor[sim.Team]():
		return reflect.ValueOf(sim.Team{Selection: sim.SelectMostDeprived})
	}
	return reflect.Zero(t)
}
