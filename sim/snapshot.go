// Snapshots after the warm-up: scenarios that differ only in keys that
// act from the end of the warm-up (tagged warmup:"idle" in Params: the
// school-based workforce and its pathways) build the LA and run the
// warm-up once, then continue each from a copy of the model. The outcome
// of each is the same, bit for bit, as a run of its own.

package sim

import (
	"fmt"
	"math"
	"reflect"
)

// WarmupKey returns a key that two scenarios share exactly when they can
// share the build and the warm-up: their parameters are equal but for the
// keys tagged warmup:"idle", and the school-based worker's wake bound fits
// its slot of the wake draw in both (wakes.go: a bound that does not moves
// every event of the families near a covered school, from the first
// week). The empty key is shared with nothing.
func WarmupKey(p Params) string {
	if !workerBoundFits(&p) {
		return ""
	}
	v := reflect.ValueOf(&p).Elem()
	zeroIdle(v)
	return fmt.Sprintf("%#v", v.Interface())
}

// SharesWarmup reports whether scenarios a and b can share the build and
// the warm-up: whether their warm-up keys (WarmupKey) are equal and not
// empty, found by comparing the parameters themselves (sameBesidesIdle),
// which is cheaper than writing out the keys.
func SharesWarmup(a, b Params) bool {
	if !workerBoundFits(&a) || !workerBoundFits(&b) {
		return false
	}
	return sameBesidesIdle(reflect.ValueOf(&a).Elem(), reflect.ValueOf(&b).Elem(), true)
}

// sameBesidesIdle reports whether a and b, values of one type, are equal
// as their warm-up keys would be: but for the struct fields tagged
// warmup:"idle" (where idle holds: the fields reached from Params through
// structs alone, as zeroIdle blanks them), numbers bit for bit (0 and -0
// differ, as they print), slices and maps nil or not alike and with the
// same elements.
func sameBesidesIdle(a, b reflect.Value, idle bool) bool {
	switch a.Kind() {
	case reflect.Struct:
		t := a.Type()
		for i := range t.NumField() {
			if idle && t.Field(i).Tag.Get("warmup") == "idle" {
				continue
			}
			if !sameBesidesIdle(a.Field(i), b.Field(i), idle) {
				return false
			}
		}
		return true
	case reflect.Slice, reflect.Array:
		if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !sameBesidesIdle(a.Index(i), b.Index(i), false) {
				return false
			}
		}
		return true
	case reflect.Map:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for it := a.MapRange(); it.Next(); {
			v := b.MapIndex(it.Key())
			if !v.IsValid() || !sameBesidesIdle(it.Value(), v, false) {
				return false
			}
		}
		return true
	case reflect.Float32, reflect.Float64:
		return math.Float64bits(a.Float()) == math.Float64bits(b.Float())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return a.Uint() == b.Uint()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.String:
		return a.String() == b.String()
	}
	panic("sim: the parameters hold a " + a.Kind().String() + ", which sameBesidesIdle cannot compare")
}

// zeroIdle sets every field tagged warmup:"idle" to its zero value,
// through nested structs.
func zeroIdle(v reflect.Value) {
	t := v.Type()
	for i := range t.NumField() {
		f := v.Field(i)
		switch {
		case t.Field(i).Tag.Get("warmup") == "idle":
			f.SetZero()
		case f.Kind() == reflect.Struct:
			zeroIdle(f)
		}
	}
}

// workerBoundFits reports whether the school-based worker's largest
// weekly chance of noticing a family (its wake bound) fits the worker's
// slot of the wake draw, or no team is deployed.
func workerBoundFits(p *Params) bool {
	if len(p.SchoolWorkforce.Teams) == 0 {
		return true
	}
	e := &p.Effects
	b := min(1, max(e.DetectPrimary, e.DetectSecondary)+e.GroupDetect)
	return b <= slotStart[drawWorker+1]-slotStart[drawWorker]
}

// Warmed reports whether the model stands at the end of its warm-up, not
// yet measuring: where scenarios sharing the warm-up part.
func (m *Model) Warmed() bool { return m.week == m.p.WarmupWeeks && !m.measured }

// RunWarmup advances the model to the end of its warm-up.
func (m *Model) RunWarmup() {
	for m.week < m.p.WarmupWeeks {
		m.Step()
	}
}

// Fork returns a copy of a warmed model (Warmed) continuing as scenario p,
// which must share the warm-up with the model's (SharesWarmup). The copy
// reuses the arrays of spare (a finished model, or nil) and shares no
// memory with m, which is left as it was. Run to the end, it gives the
// outcome of Simulate(p, seed, rep), bit for bit.
func (m *Model) Fork(p Params, spare *Model) *Model {
	c := m.clone(spare)
	c.Continue(p)
	return c
}

// Continue makes a warmed model (Warmed) continue as scenario p, which
// must share the warm-up with the model's (SharesWarmup): the school-based
// workforce is built for p, and the sleeping families whose wake depends
// on it look ahead again. It is Fork without the copy.
func (m *Model) Continue(p Params) {
	if !m.Warmed() {
		panic("sim: Continue on a model that is not at the end of its warm-up")
	}
	if m.rec != nil || m.obs != nil {
		panic("sim: Continue on a model with a recorder or an observer")
	}
	if !SharesWarmup(m.p, p) {
		panic("sim: Continue as a scenario that does not share the warm-up")
	}
	old := make([]bool, len(m.schools)) // covered by the warm-up's workforce
	for i := range m.schools {
		old[i] = m.schools[i].slot >= 0
		m.schools[i].slot = -1
	}
	m.p = p
	m.slots, m.roles, m.roleNames, m.roleClass, m.teamNames = m.slots[:0], m.roles[:0], nil, m.roleClass[:0], nil
	m.buildWorkforce()
	// Only the worker's event depends on the workforce, and its bound is 0
	// in the warm-up: a sleeping family with hidden need at a school
	// covered before or now found no event in the warm-up under either, so
	// its next wake is the first week with one from here on.
	for i := range m.families {
		f := &m.families[i]
		if f.flags&flagActive != 0 || f.stage != StageNone || f.need == 0 || f.main < 0 || !sleeps(f) {
			continue
		}
		if !old[f.main] && m.schools[f.main].slot < 0 {
			continue
		}
		m.unschedule(uint32(i), f)
		m.scheduleWake(uint32(i), m.week)
	}
}

// clone is a deep copy of the model, into the arrays of spare when not
// nil. TestCloneCopiesEveryField checks that it copies every field and
// shares no memory with m.
func (m *Model) clone(spare *Model) *Model {
	c := &Model{}
	if spare != nil {
		*c = *spare
	}
	d := *c // the spare's arrays, to reuse
	*c = *m // every value field
	c.families = cloneSlice(d.families, m.families)
	c.childAge = cloneSlice(d.childAge, m.childAge)
	c.childSch = cloneSlice(d.childSch, m.childSch)
	c.schools = cloneSlice(d.schools, m.schools)
	c.schoolFams = cloneSlice(d.schoolFams, m.schoolFams)
	c.pupils = cloneSlice(d.pupils, m.pupils)
	c.slots = cloneSlice(d.slots, m.slots)
	for k := range c.slots {
		c.slots[k].schools = cloneSlice(nil, m.slots[k].schools)
	}
	c.roles = cloneSlice(d.roles, m.roles)
	c.roleNames = cloneSlice(d.roleNames, m.roleNames)
	c.roleClass = cloneSlice(d.roleClass, m.roleClass)
	c.teamNames = cloneSlice(d.teamNames, m.teamNames)
	c.awake = cloneSlice(d.awake, m.awake)
	c.onsetNow = cloneSlice(d.onsetNow, m.onsetNow)
	c.pending = cloneSlice(d.pending, m.pending)
	c.wakes.head = cloneSlice(d.wakes.head, m.wakes.head)
	c.wakes.next = cloneSlice(d.wakes.next, m.wakes.next)
	c.wakes.prev = cloneSlice(d.wakes.prev, m.wakes.prev)
	c.queue = cloneSlice(d.queue, m.queue)
	c.bySchool = cloneSlice(d.bySchool, m.bySchool)
	for k := range c.bySchool {
		c.bySchool[k] = cloneSlice(nil, m.bySchool[k])
	}
	for y := range childAges {
		c.movers[y] = cloneSlice(d.movers[y], m.movers[y])
		c.adults[y] = cloneSlice(d.adults[y], m.adults[y])
	}
	c.pupils2 = cloneSlice(d.pupils2, m.pupils2)
	c.atRisk = cloneSlice(d.atRisk, m.atRisk)
	c.atRiskH = cloneSlice(d.atRiskH, m.atRiskH)
	c.sposts = cloneSlice(d.sposts, m.sposts)
	c.staffed = cloneSlice(d.staffed, m.staffed)
	c.swNext = cloneSlice(d.swNext, m.swNext)
	c.swPrev = cloneSlice(d.swPrev, m.swPrev)
	c.uasc = cloneSlice(d.uasc, m.uasc)
	c.assessCum = cloneSlice(d.assessCum, m.assessCum)
	c.cpCum = cloneSlice(d.cpCum, m.cpCum)
	c.cinCum = cloneSlice(d.cinCum, m.cinCum)
	c.episode = cloneSlice(d.episode, m.episode)
	if m.rec != nil {
		r := *m.rec
		r.Events = cloneSlice(nil, m.rec.Events)
		c.rec = &r
	}
	// the accounts' arrays are never reused: an outcome holds the weekly
	// series of its model
	a, da := &c.acc, &accounts{}
	a.weekly = cloneSlice(da.weekly, m.acc.weekly)
	a.yearEnds = cloneSlice(da.yearEnds, m.acc.yearEnds)
	a.schools = cloneSlice(da.schools, m.acc.schools)
	a.baseline = cloneSlice(da.baseline, m.acc.baseline)
	a.statCase = cloneSlice(da.statCase, m.acc.statCase)
	a.schCase = cloneSlice(da.schCase, m.acc.schCase)
	if m.acc.pupilSch != nil {
		a.pupilSch = c.childSch // the accounts read the model's own array
	}
	return c
}

// cloneSlice copies src into dst's array when it is large enough; nil
// stays nil.
func cloneSlice[T any](dst, src []T) []T {
	if src == nil {
		return nil
	}
	if dst == nil {
		dst = make([]T, 0, len(src))
	}
	return append(dst[:0], src...)
}

// SimulateShared runs replication rep of every scenario of ps, which must
// all share the warm-up with ps[0] (SharesWarmup), building and warming
// the model once and continuing each scenario from a copy. Outcome k is
// Simulate(ps[k], seed, rep), bit for bit.
func (w *Workspace) SimulateShared(ps []Params, seed uint64, rep int) []Outcome {
	out := make([]Outcome, len(ps))
	w.years.reset()
	if len(ps) == 1 {
		out[0] = w.Simulate(ps[0], seed, rep)
		return out
	}
	base := build(ps[0], seed, rep, nil, w.base)
	base.RunWarmup()
	for k, p := range ps {
		m := base
		if k < len(ps)-1 {
			m = base.clone(w.spare)
			w.spare = nil
		}
		m.Continue(p)
		// the first scenario makes the measured Septembers' school moves,
		// the others copy them (schoolyears.go); not where births fall,
		// which makes the families that leave the scenarios' own (the
		// parameter is not idle: the same in every scenario)
		if ps[0].Population.BirthGrowth >= 0 {
			w.years.recording = k == 0
			m.years = &w.years
		}
		m.Run()
		m.years = nil
		out[k] = m.acc.finish(m)
		if m != base {
			w.spare = m
		}
	}
	w.base = base
	return out
}
