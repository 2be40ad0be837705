package sim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"
	"unsafe"
)

// everyMechanism is the small LA with every mechanism that acts after the
// warm-up switched on: qualified workers (casework, co-work, supervision
// of trainees), support workers with group work, trainees, a training-only
// team, demand that rises and jumps, gatekeeping.
func everyMechanism() Params {
	p := smallLA()
	p.Years = 2
	p.SchoolWorkforce.GroupShare = 0.2
	p.SchoolWorkforce.Teams = map[string]Team{
		"a": {Role: RoleQualified, FTE: 2, SchoolsPerWorker: 1, Selection: SelectMostDeprived},
		"b": {Role: RoleSupport, FTE: 1.5, SchoolsPerWorker: 2, Selection: SelectMostDeprived},
		"c": {Role: RoleTrainee, FTE: 1, SchoolsPerWorker: 2, Selection: SelectMostDeprived},
		"d": {Role: RoleTraining, FTE: 1, SchoolsPerWorker: 3, Selection: SelectMostDeprived},
	}
	p.SchoolWorkforce.BudgetFTE = 5.5
	p.Demand.Trend, p.Demand.Shock, p.Demand.ShockWeek, p.Demand.ShockRampWeeks = 0.05, 0.1, 20, 8
	p.FrontDoor.Gatekeeping = true
	return p
}

// sharingScenarios are scenarios that share the warm-up of everyMechanism
// but differ after it: no workers, other teams, other effect sizes.
func sharingScenarios() []Params {
	all := everyMechanism()
	none := all
	none.Name, none.SchoolWorkforce.Teams, none.SchoolWorkforce.BudgetFTE = "none", nil, 0
	one := withTeam(all, "e", RoleQualified, 3, 1)
	one.Name = "embedded"
	strong := all
	strong.Name = "strong"
	strong.Effects.DetectPrimary, strong.Effects.DetectSecondary = 0.06, 0.07
	strong.Effects.CaseworkSupport, strong.Effects.GroupSupport, strong.Effects.InSchoolHandling = 0.9, 0.5, 0.9
	strong.SchoolWorkforce.Turnover = 0.4
	return []Params{all, none, one, strong}
}

// Scenarios continued from one warmed model give the outcomes of runs of
// their own, bit for bit, on many replications, whichever scenario the
// shared warm-up was run as.
func TestSharedWarmupMatchesOwnRuns(t *testing.T) {
	ps := sharingScenarios()
	for _, p := range ps[1:] {
		if !SharesWarmup(ps[0], p) {
			t.Fatalf("%s does not share the warm-up of %s", p.Name, ps[0].Name)
		}
	}
	var ws Workspace
	reps := 12
	if testing.Short() {
		reps = 4
	}
	for r := range reps {
		order := slices.Clone(ps)
		rot := r % len(ps) // each scenario in turn runs the warm-up
		order = append(order[rot:], order[:rot]...)
		got := ws.SimulateShared(order, 7, r)
		for k, p := range order {
			if want := Simulate(p, 7, r); !reflect.DeepEqual(got[k], want) {
				t.Fatalf("replication %d: %s continued from %s's warm-up differs from its own run", r, p.Name, order[0].Name)
			}
		}
	}
}

// The scenarios after the first copy the school moves of every measured
// September from its record, and give their own runs' outcomes, with
// births rising too; with births falling, which the scenarios' cases
// decide (the families that leave), each makes its own, with the same
// outcomes.
func TestSharedSeptembers(t *testing.T) {
	ps := sharingScenarios()
	septembers := (ps[0].WarmupWeeks + ps[0].Years*weeksPerYear - 1) / weeksPerYear
	septembers -= (ps[0].WarmupWeeks - 1) / weeksPerYear // those in the measured years
	for _, c := range []struct {
		growth   float64
		onRollAt int // la.school_age_min: 0 puts babies on a roll as they are born
		copied   int
	}{{0, 5, (len(ps) - 1) * septembers}, {3, 5, (len(ps) - 1) * septembers}, {3, 0, (len(ps) - 1) * septembers}, {-8, 0, 0}} {
		order := slices.Clone(ps)
		for k := range order {
			order[k].Population.BirthGrowth, order[k].LA.SchoolAgeMin = c.growth, c.onRollAt
		}
		var ws Workspace
		for r := range 3 {
			got := ws.SimulateShared(order, 5, r)
			if ws.years.copied != c.copied {
				t.Errorf("births %+v%%, replication %d: %d Septembers copied, want %d", c.growth, r, ws.years.copied, c.copied)
			}
			for k, p := range order {
				if want := Simulate(p, 5, r); !reflect.DeepEqual(got[k], want) {
					t.Fatalf("births %+v%%, replication %d: %s continued from the shared warm-up differs from its own run", c.growth, r, p.Name)
				}
			}
		}
	}
	// a long run: the first maxSharedSeptembers measured Septembers copied,
	// the rest made by each scenario
	long := slices.Clone(ps)
	for k := range long {
		long[k].Years = maxSharedSeptembers + 2
	}
	var ws Workspace
	got := ws.SimulateShared(long, 5, 0)
	if want := (len(long) - 1) * maxSharedSeptembers; ws.years.copied != want {
		t.Errorf("%d measured years: %d Septembers copied, want %d", long[0].Years, ws.years.copied, want)
	}
	for k, p := range long {
		if !reflect.DeepEqual(got[k], Simulate(p, 5, 0)) {
			t.Fatalf("%d measured years: %s continued from the shared warm-up differs from its own run", p.Years, p.Name)
		}
	}
}

// A September's record is copied only by a model whose families are those
// it was made with.
func TestSchoolYearRecordRefusesOtherFamilies(t *testing.T) {
	p := everyMechanism()
	var y schoolYears
	y.reset()
	a := New(p, 2, 0, nil)
	b := New(p, 2, 0, nil)
	for range weeksPerYear {
		a.Step()
		b.Step()
	}
	movers := a.movers[(a.week/weeksPerYear)%childAges]
	y.record(a, movers)
	if y.lookup(b, b.movers[(b.week/weeksPerYear)%childAges]) == nil {
		t.Fatal("the record of a model refused by its twin")
	}
	i := movers[len(movers)/2]
	b.families[i].n--
	if y.lookup(b, b.movers[(b.week/weeksPerYear)%childAges]) != nil {
		t.Error("the record copied by a model with a family of other children")
	}
	b.families[i].n++
	b.families = append(b.families, family{})
	if y.lookup(b, b.movers[(b.week/weeksPerYear)%childAges]) != nil {
		t.Error("the record copied by a model with more families")
	}
	b.families = b.families[:len(b.families)-1]
	b.week++
	if y.lookup(b, b.movers[(b.week/weeksPerYear)%childAges]) != nil {
		t.Error("the record copied in another week")
	}
}

// Fork leaves the model it copies as it was: continuing the original after
// forking gives its own outcome.
func TestForkLeavesTheOriginal(t *testing.T) {
	ps := sharingScenarios()
	m := New(ps[0], 3, 1, nil)
	m.RunWarmup()
	f := m.Fork(ps[2], nil)
	f.Run()
	m.Continue(ps[0])
	m.Run()
	if !reflect.DeepEqual(m.Finish(), Simulate(ps[0], 3, 1)) {
		t.Fatal("the original differs from its own run after a fork ran")
	}
	if !reflect.DeepEqual(f.Finish(), Simulate(ps[2], 3, 1)) {
		t.Fatal("the fork differs from its own run")
	}
}

// The copy holds every field of the model, equal in value, and shares no
// memory with it: a field that clone forgot, or copied shallowly, fails
// here by name. Fields of kinds the walk cannot vouch for (maps, channels,
// functions, interfaces other than a nil observer) fail too, so that a new
// one must be thought about.
func TestCloneCopiesEveryField(t *testing.T) {
	p := everyMechanism()
	p.Years = 1
	m := New(p, 11, 2, nil)
	for range p.WarmupWeeks + 30 { // into the measured weeks: the accounts hold series
		m.Step()
	}
	m.Record(&Recorder{Events: []Event{{}}})
	c := m.clone(nil)
	own := map[uintptr]string{} // the copy's arrays, by address of their first element
	compareDeep(t, "Model", reflect.ValueOf(m).Elem(), reflect.ValueOf(c).Elem(), own)
	if unsafe.SliceData(c.acc.pupilSch) != unsafe.SliceData(c.childSch) {
		t.Error("the copy's accounts read another model's children")
	}
	// and a spare's arrays, reused, give the same copy
	spare := New(smallLA(), 1, 0, nil)
	spare.Run()
	c2 := m.clone(spare)
	compareDeep(t, "Model", reflect.ValueOf(m).Elem(), reflect.ValueOf(c2).Elem(), map[uintptr]string{})
}

// compareDeep walks a and b (an original and its copy) in step: values
// must be equal and slices and pointers must not share memory (but for
// the accounts' view of the children, checked by the caller).
func compareDeep(t *testing.T, path string, a, b reflect.Value, seen map[uintptr]string) {
	t.Helper()
	switch a.Kind() {
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			t.Errorf("%s: %v != %v", path, a.Bool(), b.Bool())
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			t.Errorf("%s: %d != %d", path, a.Int(), b.Int())
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			t.Errorf("%s: %d != %d", path, a.Uint(), b.Uint())
		}
	case reflect.Float64, reflect.Float32:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			t.Errorf("%s: %v != %v", path, a.Float(), b.Float())
		}
	case reflect.String:
		if a.String() != b.String() {
			t.Errorf("%s: %q != %q", path, a.String(), b.String())
		}
	case reflect.Array:
		for i := range a.Len() {
			compareDeep(t, fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), seen)
		}
	case reflect.Struct:
		if path == "Model.p" {
			return // the parameters are the caller's and read only
		}
		for i := range a.NumField() {
			compareDeep(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i), seen)
		}
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			t.Errorf("%s: nil %v, length %d in the original; nil %v, length %d in the copy", path, a.IsNil(), a.Len(), b.IsNil(), b.Len())
			return
		}
		if a.Len() > 0 && path != "Model.acc.pupilSch" {
			if a.Pointer() == b.Pointer() {
				t.Errorf("%s: the copy shares the original's array", path)
			}
		}
		for i := range a.Len() {
			compareDeep(t, fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i), seen)
		}
	case reflect.Pointer:
		if a.IsNil() != b.IsNil() {
			t.Errorf("%s: nil %v in the original, %v in the copy", path, a.IsNil(), b.IsNil())
			return
		}
		if !a.IsNil() {
			if a.Pointer() == b.Pointer() {
				t.Errorf("%s: the copy points to the original's value", path)
			}
			compareDeep(t, path, a.Elem(), b.Elem(), seen)
		}
	case reflect.Interface:
		if !a.IsNil() || !b.IsNil() {
			t.Errorf("%s: an interface the walk cannot copy-check (it must be nil for a fork)", path)
		}
	default:
		t.Errorf("%s: a field of kind %s, which clone and this walk do not handle", path, a.Kind())
	}
}

// idleLeaf is a numeric or text key tagged warmup:"idle" (or inside a
// tagged struct), with the index path to its field.
type idleLeaf struct {
	key   string
	index []int
	field reflect.StructField
}

func idleLeaves(t reflect.Type, prefix string, index []int, idle bool) []idleLeaf {
	var out []idleLeaf
	for i := range t.NumField() {
		f := t.Field(i)
		key := prefix + f.Tag.Get("key")
		in := idle || f.Tag.Get("warmup") == "idle"
		ix := append(slices.Clone(index), i)
		switch {
		case f.Type.Kind() == reflect.Struct:
			out = append(out, idleLeaves(f.Type, key+".", ix, in)...)
		case in:
			out = append(out, idleLeaf{key, ix, f})
		}
	}
	return out
}

// other is a value of a leaf other than v that stays in its range.
func other(t *testing.T, l idleLeaf, v reflect.Value) (reflect.Value, bool) {
	w := reflect.New(v.Type()).Elem()
	switch v.Kind() {
	case reflect.String:
		w.SetString(v.String() + "x")
		if l.key == "effects.evidence" {
			w.SetString(map[bool]string{true: EvidencePilots, false: EvidenceTrial}[v.String() == EvidenceTrial])
		}
	case reflect.Float64, reflect.Int:
		r, _, err := FieldRange(l.field)
		if err != nil {
			t.Fatal(err)
		}
		var x float64
		if v.Kind() == reflect.Float64 {
			x = v.Float()
		} else {
			x = float64(v.Int())
		}
		y := x / 2
		if x == 0 || y < r.Lo || (y == r.Lo && r.LoOpen) {
			y = x + math.Min(1, (r.Hi-x)/2)
		}
		if v.Kind() == reflect.Int {
			y = math.Round(y)
			if y == x {
				y = x + 1
			}
			if y > r.Hi {
				y = x - 1
			}
			w.SetInt(int64(y))
		} else {
			w.SetFloat(y)
		}
	case reflect.Map:
		return w, false // teams and roles: the scenarios of sharingScenarios
	default:
		t.Fatalf("%s: a tagged key of kind %s the test cannot vary", l.key, v.Kind())
	}
	return w, true
}

// Every key tagged warmup:"idle" leaves the warm-up alone: with the key at
// two values, the model at the end of the warm-up is the same (once each
// continues as the second value, which rebuilds the workforce and looks
// ahead again), and so is the outcome of the run. A key wrongly tagged
// fails here by name.
func TestIdleKeysLeaveTheWarmupAlone(t *testing.T) {
	base := everyMechanism()
	base.Years = 1
	leaves := idleLeaves(reflect.TypeFor[Params](), "", nil, false)
	if len(leaves) < 30 {
		t.Fatalf("only %d idle keys found", len(leaves))
	}
	tried := 0
	for _, l := range leaves {
		p2 := base
		p2.SchoolWorkforce.Teams, p2.SchoolWorkforce.Roles = base.SchoolWorkforce.Teams, base.SchoolWorkforce.Roles
		fv := reflect.ValueOf(&p2).Elem().FieldByIndex(l.index)
		w, ok := other(t, l, fv)
		if !ok {
			continue
		}
		fv.Set(w)
		if !SharesWarmup(base, p2) {
			t.Errorf("%s: tagged idle, yet %v and %v do not share the warm-up", l.key, reflect.ValueOf(base).FieldByIndex(l.index), w)
			continue
		}
		tried++
		a := New(base, 5, 3, nil)
		a.RunWarmup()
		b := New(p2, 5, 3, nil)
		b.RunWarmup()
		a.Continue(p2)
		b.Continue(p2)
		if d := warmDiff(a, b); d != "" {
			t.Errorf("%s: the warm-up differs between %v and %v: %s", l.key, reflect.ValueOf(base).FieldByIndex(l.index), w, d)
			continue
		}
		a.Run()
		if !reflect.DeepEqual(a.Finish(), Simulate(p2, 5, 3)) {
			t.Errorf("%s: continued from the warm-up of another value, the outcome differs", l.key)
		}
	}
	if tried < 30 {
		t.Errorf("only %d idle keys varied", tried)
	}
}

// warmDiff names a difference between two models at the end of the
// warm-up, "" for none: every field compared as TestCloneCopiesEveryField
// does, the wake queue as the set of families due each week (the order of
// a week's list is not part of the state: a week's families are stepped in
// index order) and empty lists the same as none.
func warmDiff(a, b *Model) string {
	da, db := dueSets(a), dueSets(b)
	if !reflect.DeepEqual(da, db) {
		return "the wake queue"
	}
	rt := &recordingT{}
	a2, b2 := a.clone(nil), b.clone(nil)
	for _, m := range []*Model{a2, b2} {
		m.wakes = wakeQueue{}
		for _, s := range []*[]slot{&m.slots} {
			if len(*s) == 0 {
				*s = nil
			}
		}
		if len(m.roles) == 0 {
			m.roles = nil
		}
		if len(m.roleClass) == 0 {
			m.roleClass = nil
		}
	}
	compareValues(rt, "Model", reflect.ValueOf(a2).Elem(), reflect.ValueOf(b2).Elem())
	return rt.first
}

func dueSets(m *Model) [][]int32 {
	out := make([][]int32, len(m.wakes.head))
	for w := range m.wakes.head {
		for i := m.wakes.head[w]; i >= 0; i = m.wakes.next[i] {
			out[w] = append(out[w], i)
		}
		slices.Sort(out[w])
	}
	return out
}

type recordingT struct{ first string }

// compareValues is compareDeep's equality alone, for two models built
// apart (which share no memory anyway).
func compareValues(t *recordingT, path string, a, b reflect.Value) {
	if t.first != "" {
		return
	}
	fail := func() { t.first = path }
	switch a.Kind() {
	case reflect.Bool:
		if a.Bool() != b.Bool() {
			fail()
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if a.Int() != b.Int() {
			fail()
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if a.Uint() != b.Uint() {
			fail()
		}
	case reflect.Float64, reflect.Float32:
		if math.Float64bits(a.Float()) != math.Float64bits(b.Float()) {
			fail()
		}
	case reflect.String:
		if a.String() != b.String() {
			fail()
		}
	case reflect.Array:
		for i := range a.Len() {
			compareValues(t, fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
		}
	case reflect.Struct:
		if path == "Model.p" {
			return
		}
		for i := range a.NumField() {
			compareValues(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
		}
	case reflect.Slice:
		if a.Len() != b.Len() {
			fail()
			return
		}
		for i := range a.Len() {
			compareValues(t, fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
		}
	case reflect.Pointer:
		if a.IsNil() != b.IsNil() {
			fail()
		} else if !a.IsNil() {
			compareValues(t, path, a.Elem(), b.Elem())
		}
	case reflect.Interface:
		if !a.IsNil() || !b.IsNil() {
			fail()
		}
	default:
		fail()
	}
}

// A key that acts in the warm-up is not shared, nor is a worker whose
// chance of noticing a family exceeds its slot of the wake draw (it moves
// every event of the families near its schools from the first week).
func TestWarmupKeyRefuses(t *testing.T) {
	p := everyMechanism()
	q := p
	q.Pipeline.CINEndLow *= 1.1
	if SharesWarmup(p, q) {
		t.Error("pipeline.cin_end_low acts in the warm-up, yet is shared")
	}
	q = p
	q.Effects.CINSupport /= 2
	if SharesWarmup(p, q) {
		t.Error("effects.cin_support acts in the warm-up, yet is shared")
	}
	q = p
	q.Effects.DetectSecondary = 0.2
	if WarmupKey(q) != "" || SharesWarmup(p, q) {
		t.Error("a worker's bound beyond its slot is shared")
	}
	q.SchoolWorkforce.Teams = nil
	if !SharesWarmup(p, q) {
		t.Error("with no team, the worker's bound cannot matter, yet the warm-up is not shared")
	}
}

// SharesWarmup, which compares the parameters, agrees with the equality of
// the keys (WarmupKey) by which the batch groups scenarios.
func TestSharesWarmupAgreesWithTheKeys(t *testing.T) {
	base := everyMechanism()
	vary := []func(*Params){
		func(*Params) {},
		func(p *Params) { p.Name = "other" },
		func(p *Params) { p.Effects.CaseworkSupport /= 2 },
		func(p *Params) { p.Effects.CINSupport /= 2 },
		func(p *Params) { p.SchoolWorkforce.Teams = nil },
		func(p *Params) { p.Effects.DetectSecondary = 0.2 },
		func(p *Params) { p.LA.Children++ },
		func(p *Params) { p.LA.FamilySize = slices.Clone(p.LA.FamilySize) },
		func(p *Params) { p.LA.FamilySize = append(slices.Clone(p.LA.FamilySize), 0) },
		func(p *Params) { p.Population.BirthGrowth = 1 },
		func(p *Params) { p.Population.BirthGrowth = math.Copysign(0, -1) }, // -0: a key of its own
		func(p *Params) { p.Effects.CaseworkSupport = math.Copysign(0, -1) },
		func(p *Params) { p.LA.FamilySize = nil },
		func(p *Params) { p.Years++ },
	}
	for i, f := range vary {
		for j, g := range vary {
			a, b := base, base
			f(&a)
			g(&b)
			ka := WarmupKey(a)
			if want := ka != "" && ka == WarmupKey(b); SharesWarmup(a, b) != want {
				t.Errorf("variations %d and %d: SharesWarmup %v, the keys say %v", i, j, !want, want)
			}
		}
	}
}
