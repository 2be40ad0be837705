package config

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/sim"
)

// Keys that make a scenario a real place.
const (
	areaKey        = "la.area"
	schoolsFileKey = "la.schools_file"
	placesKey      = "national.places"
	lasKey         = "national.las"
	childrenKey    = "la.children"
)

// MaxSchoolsFileBytes is the largest schools file read, 256 MiB: the whole
// Get Information about Schools download of England is about 70 MiB.
const MaxSchoolsFileBytes = 256 << 20

// AreaOverride is the --set override that --la NAME stands for.
func AreaOverride(name string) string { return areaKey + "=" + name }

// CheckArea says what is wrong with name as a value of la.area (what --la
// checks as it is read, so that its error names --la, not --set): nil for
// an LA that dfe/las.csv knows, otherwise what was expected.
func CheckArea(name string) error {
	_, err := findArea(assignment{key: areaKey, value: reflect.ValueOf(name)})
	var e *Error
	if errors.As(err, &e) {
		return errors.New("expected " + e.Expected)
	}
	return err
}

// PlaceLine is the line that says which real LA a scenario is built for
// (la.area: its name and codes) and what its parameters are fitted to:
// its own published figures (dfe/fitted.csv), the user's figures file
// (la.figures_file) with the published figures for the rest, or nothing
// (an LA too small to fit, or with no fitted row, keeps England's
// parameters). Empty for nil.
func PlaceLine(a *sim.Area, figuresFile string) string {
	if a == nil {
		return ""
	}
	s := fmt.Sprintf("%s (%s, LA %s), a real local authority: ", a.Name, a.Code, a.OldCode)
	switch {
	case figuresFile != "":
		return s + fmt.Sprintf("its parameters are fitted to its own figures, those in the figures file %s (the user's) and its published figures (DfE, dfe/las.csv) for any the file does not give, not to England's", figuresFile)
	case a.Fitted && a.Children < sim.MinFitChildren:
		return s + fmt.Sprintf("its size, schools and workforce are its own published figures, but with fewer than %d children it is too small to fit (a handful of children a year in each figure), so England's parameters stand", sim.MinFitChildren)
	case a.Fitted:
		return s + "its parameters are fitted to its own published figures (DfE children's social care statistics, dfe/fitted.csv), not to England's"
	}
	return s + "its size, schools and workforce are its own published figures, but it has no fitted parameters (no row in dfe/fitted.csv), so England's stand"
}

// childScaled are the keys that follow la.children: an LA's schools,
// localities and statutory posts grow with its children.
var childScaled = []string{"la.localities", "la.schools.primary", "la.schools.secondary",
	"la.schools.special", "la.schools.alternative_provision", "statutory.posts"}

// places turns la.area, la.schools_file and national.places into the
// values they stand for, placed so that anything a source states itself
// still wins: an area's figures go in before the first value of the
// source that names it (a schools file's likewise, so after an area of
// the same source); then a hand-set
// la.children scales what follows it (childScaled) unless it too was set.
// It returns the assignments and notes saying what was set, scaled or
// left alone.
func places(as []assignment) ([]assignment, []string, *sim.Area, error) {
	var notes []string
	base := sim.Defaults()
	var area *sim.Area
	if a, ok := last(as, areaKey); ok && a.value.String() != "" {
		la, err := findArea(a)
		if err != nil {
			return nil, nil, nil, err
		}
		origin := fmt.Sprintf("la.area %s (%s)", strconv.Quote(a.value.String()), a.origin)
		var ar sim.Area
		if ff, ok := last(as, figuresFileKey); ok && ff.value.String() != "" {
			own, note, err := ownFigures(ff, la)
			if err != nil {
				return nil, nil, nil, err
			}
			targets := dfe.LAs().Targets(own)
			r, err := fitOwn(own, targets)
			if err != nil {
				return nil, nil, nil, err
			}
			ar = sim.AreaWithFit(base, own, dfe.LAs().England, r.Fit)
			ffOrigin := fmt.Sprintf("la.figures_file %s (%s)", strconv.Quote(ff.value.String()), ff.origin)
			notes = append(notes, ffOrigin+": "+note)
			notes = append(notes, fmt.Sprintf("%s: parameters fitted on the fly to these figures (%d rounds of %d replications): %s",
				ffOrigin, r.Rounds, sim.OnTheFlyFitOptions.Reps, sim.DescribeFit(targets, r.Simulated)))
			c, _ := own.Value(dfe.Children)
			for _, n := range sim.FitNotes(r.Fit, targets, r.Simulated, int(math.Round(c))) {
				notes = append(notes, ffOrigin+": "+n)
			}
		} else {
			ar = sim.AreaOf(base, la, dfe.LAs().England)
		}
		area = &ar
		keys, values := ar.Settings()
		as = insertBefore(as, a.origin, derive(keys, values, origin))
		notes = append(notes, origin+": "+ar.String())
		for i, k := range keys {
			u, ok := last(as, k)
			if !ok || u.derived {
				continue
			}
			switch {
			case slices.Contains(sim.FittedKeys, k) && derivedValue(u.value.Interface()) == derivedValue(values[i]):
				// a design's base point, say, written back to fewer digits
				notes = append(notes, fmt.Sprintf("%s: %s %s (%s) is the LA's fitted value to six figures, %s", origin, k, formatValue(u.value.Interface()), u.origin, derivedValue(values[i])))
			case slices.Contains(sim.FittedKeys, k):
				n := fmt.Sprintf("%s: %s %s (%s) replaces the LA's fitted value %s", origin, k, formatValue(u.value.Interface()), u.origin, derivedValue(values[i]))
				if ar.Fit.Start != nil && !statesStart(as) {
					n += "; the LA still starts at the steady state of its fitted values, so its stocks move towards this value's level over the first years"
					if w := warmupWeeks(as); w < maxWarmupWeeks {
						n += fmt.Sprintf(" (a warm-up longer than this run's %d weeks, warmup_weeks, lets them move further before the measured years: docs/MODEL.md §3.1)", w)
					}
				}
				notes = append(notes, n)
			case slices.Contains(sim.StartKeys, k):
				from := "the national need shares and its census stocks"
				if ar.Fit.Start != nil {
					from = "its steady state, measured by its fit"
				}
				notes = append(notes, fmt.Sprintf("%s: %s %s (%s) replaces the LA's starting value %s (%s: docs/MODEL.md §3.10)", origin, k, formatValue(u.value.Interface()), u.origin, derivedValue(values[i]), from))
			}
		}
		for _, n := range ar.Notes {
			notes = append(notes, origin+": "+n)
		}
		notes = append(notes, fmt.Sprintf("%s: %.0f unaccompanied asylum-seeking children looked after set its UASC arrivals (uasc.entries_per_10k)", origin, ar.UASC))
	} else if ff, ok := last(as, figuresFileKey); ok && ff.value.String() != "" {
		return nil, nil, nil, &Error{File: ff.origin, Key: figuresFileKey, Value: ff.value.String(), Err: ErrInvalid,
			Expected: "la.area set too: the figures replace those of a named LA"}
	}
	if a, ok := last(as, schoolsFileKey); ok && a.value.String() != "" {
		code := ""
		if area != nil {
			code = area.OldCode
		}
		keys, values, path, note, err := schoolsFile(a, code)
		if err != nil {
			return nil, nil, nil, err
		}
		origin := fmt.Sprintf("la.schools_file %s (%s)", strconv.Quote(a.value.String()), a.origin)
		ins := derive(keys, values, origin)
		for i := range ins {
			ins[i].derived = false // real counts: a hand-set la.children does not scale them
		}
		as = insertBefore(as, a.origin, ins)
		// the resolved path, so a manifest written from the scenario finds it
		if abs, err := filepath.Abs(path); err == nil {
			as = append(as, derive([]string{schoolsFileKey}, []any{abs}, a.origin)...)
		}
		notes = append(notes, origin+": "+note)
	}
	as, notes = scaleChildren(as, base, notes)
	as, err := placesLAs(as)
	return as, notes, area, err
}

// areaNumber lets a file give la.area as an LA's number unquoted
// (area: 356), which YAML reads as a number.
func areaNumber(key string, raw any) any {
	if n, ok := raw.(int); ok && key == areaKey {
		return strconv.Itoa(n)
	}
	return raw
}

// findArea finds the LA of a la.area value, or an *Error with the nearest
// names.
func findArea(a assignment) (dfe.LA, error) {
	la, err := dfe.LAs().Find(a.value.String())
	var nf *dfe.NotFoundError
	if errors.As(err, &nf) && nf.Replaced {
		return la, &Error{File: a.origin, Key: areaKey, Value: a.value.String(), Err: ErrInvalid,
			Expected: "a current LA; it was reorganised into " + strings.Join(quoted(nf.Nearest), " and ")}
	}
	if errors.As(err, &nf) {
		return la, &Error{File: a.origin, Key: areaKey, Value: a.value.String(), Err: ErrInvalid,
			Expected: "the name, ONS code (E08000007) or 3-digit number (356) of an English LA with children's services; the nearest names are " + strings.Join(quoted(nf.Nearest), ", ")}
	}
	return la, err
}

func quoted(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strconv.Quote(s)
	}
	return out
}

// derive makes assignments of values to keys, marked as derived.
func derive(keys []string, values []any, origin string) []assignment {
	out := make([]assignment, len(keys))
	for i, k := range keys {
		path, t, _ := resolveKey(k)
		out[i] = assignment{key: k, path: path, value: reflect.ValueOf(values[i]).Convert(t), origin: origin, derived: true}
	}
	return out
}

func last(as []assignment, key string) (assignment, bool) {
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].key == key {
			return as[i], true
		}
	}
	return assignment{}, false
}

// insertBefore puts ins before the first assignment from origin.
func insertBefore(as []assignment, origin string, ins []assignment) []assignment {
	at := len(as)
	for i, a := range as {
		if a.origin == origin {
			at = i
			break
		}
	}
	return append(as[:at:at], append(ins, as[at:]...)...)
}

// scaleChildren scales the childScaled keys when la.children was set by
// hand. Each value is scaled by the children now over the children in
// effect where it was given: a default goes with the defaults' 80,000
// children, a base file's value with the base file's children, an area's
// with the area's. A value stated by the source that sets la.children, by
// a later one, or in the environment or --set, is the user's own and is
// left alone (as are a schools file's counts); the notes list both.
func scaleChildren(as []assignment, base sim.Params, notes []string) ([]assignment, []string) {
	ci := -1
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].key == childrenKey {
			ci = i
			break
		}
	}
	if ci < 0 || as[ci].derived {
		return as, notes
	}
	c := as[ci]
	children := int(c.value.Int())
	start := ci
	for i, a := range as {
		if a.origin == c.origin {
			start = i
			break
		}
	}
	if apply(base, as[:start]).LA.Children == children {
		return as, notes
	}
	origin := fmt.Sprintf("la.children %d (%s)", children, c.origin)
	var scaled, left []string
	var add []assignment
	for _, key := range childScaled {
		at := -1
		for i := len(as) - 1; i >= 0; i-- {
			if as[i].key == key {
				at = i
				break
			}
		}
		if at >= 0 && !as[at].derived && (at >= start || !isFile(as[at].origin)) {
			left = append(left, fmt.Sprintf("%s %s (%s)", key, formatValue(as[at].value.Interface()), as[at].origin))
			continue
		}
		given := apply(base, as[:at+1]) // the value and the children it was given with
		path, t, _ := resolveKey(key)
		from := valueAt(given, path)
		scale := float64(children) / float64(given.LA.Children)
		if scale == 1 {
			continue
		}
		var v reflect.Value
		if t.Kind() == reflect.Int {
			n := int(from.Int())
			x := int(float64(float64(n)*scale) + 0.5)
			if n >= 1 && key != "la.schools.special" && key != "la.schools.alternative_provision" {
				x = max(1, x)
			}
			v = reflect.ValueOf(x)
		} else {
			v = reflect.ValueOf(from.Float() * scale)
		}
		add = append(add, assignment{key: key, path: path, value: v.Convert(t), origin: origin, derived: true})
		scaled = append(scaled, fmt.Sprintf("%s %s → %s", key, noteValue(from.Interface()), noteValue(v.Interface())))
	}
	if len(scaled) > 0 {
		notes = append(notes, origin+": scaled with the children: "+strings.Join(scaled, ", "))
	}
	if len(left) > 0 {
		notes = append(notes, origin+": left as set, not scaled with the children: "+strings.Join(left, ", "))
	}
	notes = append(notes, origin+": the school-based workforce (school_workforce.*) is a scenario choice and is not scaled")
	return append(as, add...), notes
}

// isFile says an origin is a scenario file, not the environment or --set.
func isFile(origin string) bool {
	return origin != SetOrigin && !strings.HasPrefix(origin, "environment")
}

func valueAt(p sim.Params, path []string) reflect.Value {
	v := reflect.ValueOf(p)
	for _, name := range path {
		f, _ := fieldByKey(v.Type(), name)
		v = v.FieldByIndex(f.Index)
	}
	return v
}

// placesLAs checks national.places and sets national.las to the number of
// its LAs, or refuses a hand-set national.las that differs.
func placesLAs(as []assignment) ([]assignment, error) {
	a, ok := last(as, placesKey)
	if !ok || a.value.String() == "" {
		return as, nil
	}
	las, err := sim.Places(a.value.String())
	if err != nil {
		return nil, &Error{File: a.origin, Key: placesKey, Value: a.value.String(), Err: ErrInvalid,
			Expected: "england, one of the groups " + strings.Join(dfe.GroupNames(), ", ") + ", or empty for a synthetic layout"}
	}
	if n, ok := last(as, lasKey); ok && !n.derived && int(n.value.Int()) != len(las) && int(n.value.Int()) != 0 {
		return nil, &Error{File: n.origin, Key: lasKey, Value: n.value.Int(), Err: ErrInvalid,
			Expected: fmt.Sprintf("%d, the LAs of national.places %s (or set national.places empty for a synthetic layout of any number)", len(las), a.value.String())}
	}
	if n, ok := last(as, lasKey); ok && n.value.Int() == 0 {
		return as, nil // 0 runs the single LA, as ever
	}
	path, t, _ := resolveKey(lasKey)
	return append(as, assignment{key: lasKey, path: path, value: reflect.ValueOf(len(las)).Convert(t), origin: a.origin, derived: true}), nil
}

// schoolsFile reads the schools file of a la.schools_file assignment: the
// path relative to the folder of the scenario file that names it (or the
// working folder for --set and the environment), a regular file of at
// most MaxSchoolsFileBytes.
func schoolsFile(a assignment, code string) (keys []string, values []any, path, note string, err error) {
	name := a.value.String()
	path = name
	if !filepath.IsAbs(path) && !strings.HasPrefix(a.origin, "environment") && a.origin != SetOrigin {
		path = filepath.Join(filepath.Dir(a.origin), path)
	}
	bad := func(expected string, err error) error {
		return &Error{File: a.origin, Key: schoolsFileKey, Value: name, Expected: expected, Err: err}
	}
	if err := checkRegular(path); err != nil {
		return nil, nil, "", "", bad("a readable schools file (Get Information about Schools, edubasealldata*.csv)", err)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, "", "", bad("a readable schools file", pathCause(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSchoolsFileBytes+1))
	if err != nil {
		return nil, nil, "", "", bad("a readable schools file", pathCause(err))
	}
	if len(data) > MaxSchoolsFileBytes {
		return nil, nil, "", "", bad(fmt.Sprintf("a file of at most %d bytes (256 MiB)", MaxSchoolsFileBytes), ErrInvalid)
	}
	schools, skipped, err := dfe.ReadSchools(path, strings.NewReader(string(data)))
	if err != nil {
		return nil, nil, "", "", bad("a schools file in the layout of Get Information about Schools", err)
	}
	s, err := dfe.SchoolsOf(path, schools, skipped, code)
	if err != nil {
		return nil, nil, "", "", bad("a schools file in the layout of Get Information about Schools", err)
	}
	keys = []string{"la.schools.primary", "la.schools.secondary", "la.schools.special", "la.schools.alternative_provision"}
	values = []any{s.Count[dfe.PhasePrimary], s.Count[dfe.PhaseSecondary], s.Count[dfe.PhaseSpecial], s.Count[dfe.PhaseAP]}
	total := 0
	for _, n := range s.Pupils {
		total += n
	}
	if total > 0 {
		keys = append(keys, "la.schools.special_share", "la.schools.alternative_provision_share")
		values = append(values, float64(s.Pupils[dfe.PhaseSpecial])/float64(total), float64(s.Pupils[dfe.PhaseAP])/float64(total))
	}
	if s.FSMRoll > 0 {
		keys = append(keys, "la.fsm_mean")
		values = append(values, s.FSMPupils/float64(s.FSMRoll))
	}
	note = fmt.Sprintf("%s (%s): %d primary, %d secondary, %d special and %d alternative provision schools, %d pupils on their rolls",
		s.LAName, s.LACode, s.Count[0], s.Count[1], s.Count[2], s.Count[3], total)
	if len(s.Skipped) > 0 {
		var parts []string
		for _, why := range sortedNames(s.Skipped) {
			parts = append(parts, fmt.Sprintf("%d %s", s.Skipped[why], why))
		}
		note += "; left out: " + strings.Join(parts, ", ")
	}
	return keys, values, path, note + "; rolls set the special and AP shares and FSM, but each school's own roll is not used (pupils are shared between the schools of a phase in each locality)", nil
}

// AbsolutePaths gives p with its file keys (la.figures_file,
// la.schools_file) made absolute, each from the file that set it
// (origin, as Scenario.Origin), so that a scenario written elsewhere
// (optimise's best.yaml) reads the same files.
func AbsolutePaths(p sim.Params, origin map[string]string) sim.Params {
	abs := func(path *string, key string) {
		if *path == "" || filepath.IsAbs(*path) {
			return
		}
		if o := origin[key]; isFile(o) {
			*path = filepath.Join(filepath.Dir(o), *path)
		}
		if a, err := filepath.Abs(*path); err == nil {
			*path = a
		}
	}
	abs(&p.LA.FiguresFile, figuresFileKey)
	abs(&p.LA.SchoolsFile, schoolsFileKey)
	return p
}

// derivedValue writes a value the LA's figures gave (a product of
// fitted multipliers, a measured share) to six significant figures:
// 0.00163254, not 0.0016325399999999998.
func derivedValue(v any) string {
	six := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
	switch x := v.(type) {
	case float64:
		return six(x)
	case [4]float64:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = six(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return formatValue(v)
}

// maxWarmupWeeks is the longest warm-up warmup_weeks takes (its range).
var maxWarmupWeeks = func() int {
	f, _ := reflect.TypeFor[sim.Params]().FieldByName("WarmupWeeks")
	r, _, err := sim.FieldRange(f)
	if err != nil {
		panic(err)
	}
	return int(r.Hi)
}()

// statesStart says whether a source states one of the keys an LA's start
// is measured in (sim.StartKeys) itself: the LA then starts from that,
// not from its fitted steady state, and a note says so.
func statesStart(as []assignment) bool {
	return slices.ContainsFunc(sim.StartKeys, func(k string) bool {
		u, ok := last(as, k)
		return ok && !u.derived
	})
}

// warmupWeeks is the warm-up the assignments give (the default's where
// none states it).
func warmupWeeks(as []assignment) int {
	if w, ok := last(as, "warmup_weeks"); ok && w.value.CanInt() {
		return int(w.value.Int())
	}
	return sim.Defaults().WarmupWeeks
}

// noteValue is a scaled value as a note shows it: a number to four
// significant figures, or whole from 1,000 (statutory.posts 17.49 →
// 19642); the configuration keeps every digit (manifest.json).
func noteValue(v any) string {
	x, ok := v.(float64)
	switch {
	case !ok:
		return formatValue(v)
	case math.Abs(x) >= 1000:
		return strconv.FormatFloat(math.Round(x), 'f', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}
