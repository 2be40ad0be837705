package sim

import (
	"slices"

	"github.com/caseload/caseload/detmath"
)

// Most families are asleep in any week: nothing outside them can change
// them, and their weekly hazards are known in advance or bounded. Such a
// family is not stepped every week: the week it is next due is drawn once
// and it waits in the wake queue.
//
//   - A family with no need and no case has a constant onset hazard: its
//     onset week is geometric (scheduleOnset).
//   - A family with hidden need (no case, no support), on a CIN or CP plan
//     or looked after can have its need move, a crisis, a stage event (a
//     plan ending or escalating, entry to or leaving care) or, with no
//     case, be noticed by school staff in term time, by anyone else or by
//     a school-based worker. Some of these hazards change from week to
//     week: the support of a plan thins as statutory caseloads rise, group
//     work holds need back, and the worker's effect and the staff's
//     confidence at the school move. Each is bounded by a value fixed in
//     advance (sleepHazards), so the first week in which any bounded event
//     could happen is found once, by looking ahead through the family's
//     week-keyed draws (scheduleWake). In that week the family is stepped
//     as every other, with the week's uniforms drawn given that at least
//     one bounded event happens (wokenDraws); the true hazards decide what
//     happens. If nothing does, the family goes back to sleep (thinning).
//     This is the same process as stepping every week
//     (TestTrueHazardsWithinBounds checks the bounds).
//
// The bounds depend on the family, the parameters and the calendar, never
// on caseloads; on the school-based workforce only through the worker's
// own event, whose bound is 0 at a school no worker covers and which comes
// last, so that it moves no other event (see drawWorker). Scenarios
// compared on the same seed therefore wake the same families in the same
// weeks with the same uniforms until their paths part, and a scenario with
// no workers is the same run whatever the effect sizes
// (TestEffectSizesIdleWithoutWorkers).

// wakeQueue holds, for each week of the run, the sleeping families due to
// be stepped in that week. The lists are doubly linked through two arrays
// indexed by family, so scheduling and cancelling cost O(1) and the weekly
// step allocates nothing.
type wakeQueue struct {
	head       []int32 // per week: first family, or -1
	next, prev []int32 // per family
}

// reset empties the queue for a run of weeks and families, reusing its
// arrays; next and prev are written before they are read.
func (q *wakeQueue) reset(weeks, families int) {
	q.head = slices.Grow(q.head[:0], weeks)[:weeks]
	q.next = slices.Grow(q.next[:0], families)[:families]
	q.prev = slices.Grow(q.prev[:0], families)[:families]
	for w := range q.head {
		q.head[w] = -1
	}
}

func (q *wakeQueue) push(week int, i uint32) {
	h := q.head[week]
	q.next[i], q.prev[i] = h, -1
	if h >= 0 {
		q.prev[h] = int32(i)
	}
	q.head[week] = int32(i)
}

func (q *wakeQueue) remove(week int, i uint32) {
	n, p := q.next[i], q.prev[i]
	if p >= 0 {
		q.next[p] = n
	} else {
		q.head[week] = n
	}
	if n >= 0 {
		q.prev[n] = p
	}
}

// take detaches the list of a week and returns its first family (-1 when
// empty); follow next to walk it.
func (q *wakeQueue) take(week int) int32 {
	h := q.head[week]
	q.head[week] = -1
	return h
}

// sleep puts family i in the queue for week at, or nowhere when at is past
// the end of the run.
func (m *Model) sleep(i uint32, at int) {
	f := &m.families[i]
	if at >= len(m.wakes.head) {
		f.wake = -1
		return
	}
	f.wake = int32(at)
	m.wakes.push(at, i)
}

// unschedule takes a sleeping family off the queue, if it is on it (a
// family whose look-ahead found no event before the end of the run is
// asleep but on no list).
func (m *Model) unschedule(i uint32, f *family) {
	if f.wake >= 0 {
		m.wakes.remove(int(f.wake), i)
		f.wake = -1
	}
}

// wake takes this week's sleeping families off the queue: a family with no
// need develops need and sleeps again with hidden need; a family with
// hidden need, a plan or care joins this week's step.
func (m *Model) wake() {
	for i := m.wakes.take(m.week); i >= 0; {
		f := &m.families[i]
		next := m.wakes.next[i]
		f.wake = -1 // already off the list
		switch {
		case !sleeps(f):
			// asleep until its timer or a move of need (sleepsOnTimer):
			// stepped as an awake family
			f.flags |= flagActive
			m.pending = append(m.pending, uint32(i))
		case f.need == 0 && f.stage == StageNone:
			// onsets are drawn at the run's highest hazard (onsetLog: at
			// the highest demand, at least 1, and at most 1) and kept with
			// chance this week's hazard / that (thinning): in every week
			// below it, which under a falling demand is every measured
			// week, and under a rising one every warm-up week
			hi := m.onsetOf(f).p
			if up, _ := m.unbentNeedHazards(f); up < hi {
				// the second number of the week's onset stream: the first
				// drew the wait of a family at risk from this week
				// (scheduleOnset), which was short to bring it here
				s := m.keys.Stream(uint64(i), m.week, PurposeOnset)
				s.Float64()
				if s.Float64()*hi >= up {
					m.scheduleOnset(uint32(i), m.week+1)
					break
				}
			}
			// the need arises this week: a family stepped every week is
			// noticed at its new need in the week it arises (stepFamily:
			// stepNeed, then detect), so it is stepped this week, in its
			// place among the families, for the notices alone
			f.need = 1
			m.onsetNow[i>>6] |= 1 << (i & 63)
			f.flags |= flagActive
			m.pending = append(m.pending, uint32(i))
		case (f.stage == StageCP || f.stage == StageCIN) && int(f.due) == m.week:
			// the CP plan's review, or the drawn end of a CIN plan: a
			// timer, not a bounded event, so the family is stepped as an
			// awake one
			f.flags |= flagActive
			m.pending = append(m.pending, uint32(i))
		default:
			f.flags |= flagActive | flagWoken
			m.pending = append(m.pending, uint32(i))
		}
		i = next
	}
	m.admitPending()
}

// scheduleObserver is an Observer that is also told what each family is
// put to sleep under and, in a woken week, the bounds it is stepped under,
// so that a test can check every later week of the family against the
// bounds it was scheduled with (wakes_test.go), not bounds worked out
// again.
// The bounds are passed by value, so that the model's own, on the stack,
// do not escape to the heap through the interface.
type scheduleObserver interface {
	Observer
	// scheduled: family i sleeps from week from until its onset, under
	// bounds h, or on its timer with need bound timed
	scheduled(m *Model, i uint32, from int, kind sleepKind, h sleepHazards, timed float64)
	woken(m *Model, i uint32, h sleepHazards)
}

// everyWeekObserver is an Observer that asks for every family to be
// stepped every week, none asleep: the process the wake queue must be
// the same as, which a test compares it with (TestWakeQueueMatchesEveryWeek).
type everyWeekObserver interface {
	Observer
	stepsEveryFamily() bool
}

// sleepKind is what a family sleeps until (scheduleObserver).
type sleepKind uint8

const (
	sleepsUntilOnset sleepKind = iota + 1
	sleepsUnderBounds
	sleepsOnItsTimer
)

// scheduleOnset draws the week a family with no need first develops need,
// at risk from week week on. The onset hazard of a family with no need is
// constant, so the wait is geometric: a wait of one week is an onset in
// week week itself, as in a family stepped every week.
func (m *Model) scheduleOnset(i uint32, week int) {
	f := &m.families[i]
	if m.stepAll { // a family born into a model that sleeps none (everyWeekObserver)
		m.activate(i)
		return
	}
	if m.sched != nil {
		m.sched.scheduled(m, i, week, sleepsUntilOnset, sleepHazards{}, 0)
	}
	s := m.keys.Stream(uint64(i), week, PurposeOnset)
	switch h := m.onsetOf(f); {
	case h.p <= 0:
		f.wake = -1
	case h.p >= 1:
		m.sleep(i, week)
	case week == 0:
		// most families built with no need have no onset in the run: tell
		// them by the draw alone, short of the boundary, and skip the log
		if u := 1 - s.Float64(); u < h.past0 {
			f.wake = -1
		} else {
			m.sleep(i, geometricAt(u, h.log)-1)
		}
	default:
		m.sleep(i, week-1+s.geometricLog(h.log))
	}
}

// onsetHazard is the weekly onset hazard of a family with no need and its
// log(1 - p), worked out once per model.
// past0 is a draw below which a wait drawn in week 0 ends past the run:
// a wait of W weeks is an onset in week W − 1, past the K weeks of the run
// exactly when W ≥ K + 1, that is when log(u) < K log(1 − p); the margin
// keeps draws at the boundary to the logarithm.
type onsetHazard struct{ p, log, past0 float64 }

// onsetOf is the onset hazard of family f (deprived or not).
func (m *Model) onsetOf(f *family) onsetHazard {
	if f.flags&flagDeprived != 0 {
		return m.onsetLog[1]
	}
	return m.onsetLog[0]
}

func (m *Model) onsetHazards() [2]onsetHazard {
	var o [2]onsetHazard
	k := float64(len(m.wakes.head) - 1)
	for d, rr := range []float64{1, m.p.Need.DeprivedRR} {
		p := min(1, m.p.Need.Onset*rr*m.demandHi)
		l := detmath.Log1p(-p)
		o[d] = onsetHazard{p, l, detmath.Exp(k*l) * (1 - 1e-9)}
	}
	return o
}

// Uniforms of a family's week, in the order they are conditioned on. The
// school-based worker's event comes last: a woken family's events before
// the first to fire are drawn given that they do not fire, so the worker's
// bound, which is the only one that depends on the workforce (it is 0 at a
// school no worker covers), changes nothing else: a week woken for the
// worker alone is, but for the worker, a week in which nothing happens.
const (
	drawNeed   = iota // need moves
	drawCrisis        // a crisis
	drawStage         // the stage's first hazard (CIN end or escalation, CP to care, leaving care)
	drawStage2        // the stage's second hazard (CP end, after the minimum weeks)
	drawSchool        // noticed by school staff
	drawOther         // noticed by other sources
	drawWorker        // noticed by a school-based worker (casework or group work)
	drawSource        // which other source: never conditioned
	numDraws
)

// weekDraws are the uniforms that decide a woken family's week, drawn as
// they are read (at): uniform k is the k-th of the week in the family's
// PurposeWoken sequence, so a week reads only the uniforms its events
// need, each the same number whenever it is read.
type weekDraws struct {
	b     [drawSource]float64 // the week's bounds
	key   Weekly              // the family's PurposeWoken draws
	n     int                 // the week's first draw in them
	first int                 // the first event to fire
	x     float64             // its uniform, given that it fires
}

// sleepHazards are the largest weekly chances of the events a sleeping
// family can have, in the order of weekDraws; stage2 applies from week
// stage2From, worker and school in term weeks only, worker in the measured
// years only.
type sleepHazards struct {
	b          [drawSource]float64
	stage2From int
	// worked out with b (set), for the look-ahead and the woken week
	slotted bool      // every bound fits its slot
	lim     [8]uint64 // per slot: the wake draw's bits below which its event may fire (scheduleWakeUnder)
}

// sleepState is what a family's bounds depend on besides the parameters:
// while it is unchanged, so are the bounds.
type sleepState struct {
	need, flags uint8
	stage       Stage
	since       int32
}

func sleepStateOf(f *family) sleepState {
	return sleepState{f.need, f.flags & (flagDeprived | flagCoWork), f.stage, f.since}
}

// sleeps reports whether a family's week can be left to the wake queue:
// no support and either no case or a plan or care, whose hazards are
// bounded (sleepHazards).
func sleeps(f *family) bool {
	if f.support != SupportNone {
		return false
	}
	switch f.stage {
	case StageNone, StageCIN, StageCP, StageCLA:
		return true
	}
	return false
}

// asleepUnderBounds reports whether a family is in the wake queue (or
// past its end: a look-ahead that found no event before the end of the
// run leaves wake at -1) under bounds (sleepHazards), not until its onset
// nor on its timer.
func asleepUnderBounds(f *family) bool {
	return f.flags&flagActive == 0 && f.n > 0 && !(f.need == 0 && f.stage == StageNone) && sleeps(f)
}

// sleepsOnTimer reports whether a family that sleeps does not (sleeps)
// can still be left to the wake queue, stepped only in the weeks its need
// may move and at its timer: a section 17 assessment or section 47
// enquiry below the highest need, whose outcome comes at its timer, and
// early help below the need at which the worker may refer, which ends at
// its timer. Nothing else can happen to such a family in a week (no
// crisis below the highest need, no notice with a case or support open),
// and its need moves on the week's wake draw, awake or asleep (stepNeed):
// so a week the look-ahead passes over (scheduleTimed) is, in a family
// stepped every week, a week in which nothing happens, and the run is the
// same, bit for bit.
func sleepsOnTimer(f *family) bool {
	switch {
	case f.support == SupportNone && (f.stage == StageAssessment || f.stage == StageS47):
		return f.need < maxNeed
	case f.support == SupportEarlyHelp && f.stage == StageNone:
		return f.need < earlyHelpReferNeed
	}
	return false
}

// timedNeedBound is the largest weekly chance that the need of a family
// asleep on its timer (sleepsOnTimer) moves: the unbent hazards (at the
// run's highest demand for an onset), bent by the least support it can
// have for escalation and the most for resolution. Early help's support is
// fixed; an assessment's or enquiry's is that of a CIN plan thinned by
// statutory caseloads (supportStrength), between none and the full.
func (m *Model) timedNeedBound(f *family) float64 {
	e := &m.p.Effects
	if f.support == SupportEarlyHelp {
		return m.needMoveBound(f, e.EarlyHelpSupport, e.EarlyHelpSupport)
	}
	return m.needMoveBound(f, 0, e.CINSupport)
}

// needMoveBound is the largest weekly chance that a sleeping family's need
// moves when its support lies between supLo and supHi: the unbent hazards
// (the onset at the run's highest demand), escalation bent by the least
// support and resolution by the most, a co-worker's support added to both
// (a plan's co-working school-based worker stays through an enquiry it
// escalates to, and into care).
func (m *Model) needMoveBound(f *family, supLo, supHi float64) float64 {
	nd, e := &m.p.Need, &m.p.Effects
	if f.flags&flagCoWork != 0 {
		supLo += e.CoWorkSupport
		supHi += e.CoWorkSupport
	}
	up, down := m.unbentNeedHazardsAt(f, m.demandHi)
	return min(1, float64(up*max(0, 1-float64(nd.SupportEscalate*supLo)))+float64(down*(1+float64(nd.SupportResolve*supHi))))
}

// scheduleTimed puts a family asleep on its timer (sleepsOnTimer) in the
// queue for the first week from week from in which its need may move (its
// wake draw below timedNeedBound: stepNeed moves need when the draw is
// below the week's true chance), or for its timer's week if that comes
// first.
func (m *Model) scheduleTimed(i uint32, from int) {
	f := &m.families[i]
	// the draw's bits x fall below ⌈b·2^53⌉ exactly when x·2^-53 < b;
	// skipWeeks compares x with the limit of its slot, so every slot gets
	// the same limit, or its start where that is higher (never below)
	b := m.timedNeedBound(f)
	if m.sched != nil {
		m.sched.scheduled(m, i, from, sleepsOnItsTimer, sleepHazards{}, b)
	}
	lim0 := ceilBits(b)
	var lim [8]uint64
	for k := range lim {
		lim[k] = max(lim0, slotBits[min(k, len(slotBits)-1)])
	}
	stop := min(int(f.due), len(m.wakes.head))
	w, _ := skipWeeks(m.keys.Weekly(uint64(i), PurposeWake), from, stop, &lim)
	m.sleep(i, w)
}

// sleepHazards returns the bounds of a sleeping family's weekly hazards
// (the type sleepHazards), with its look-ahead limits.
func (m *Model) sleepHazards(f *family) sleepHazards {
	var h sleepHazards
	m.setSleepHazards(&h, f)
	return h
}

// setSleepHazards is sleepHazards written into h, for the look-ahead and
// the woken week, which need not copy the bounds.
func (m *Model) setSleepHazards(h *sleepHazards, f *family) {
	ref, pl, e := &m.p.Referral, &m.p.Pipeline, &m.p.Effects
	n := f.need
	// a plan's support lies between none and its full as statutory
	// caseloads thin it
	var supHi float64
	switch f.stage {
	case StageCIN:
		supHi = e.CINSupport
	case StageCP, StageCLA:
		supHi = e.CPSupport
	}
	*h = noHazards
	h.set(drawNeed, m.needMoveBound(f, 0, supHi))
	if n == 3 && f.stage != StageCLA {
		h.set(drawCrisis, min(1, m.crisisHazard(f)))
	}
	switch f.stage {
	case StageNone:
		if n > 0 {
			h.set(drawOther, min(1, m.demandHi*ref.Other[n]))
			if f.main >= 0 {
				h.set(drawSchool, min(1, m.demandHi*ref.School[n]*max(0, 1+float64(ref.ConfidenceGain*(1-m.p.LA.ConfidenceMean)))))
				if m.schools[f.main].slot >= 0 {
					// casework and group work at full effect, at a school a
					// worker covers: the last event, so its bound moves no other
					h.set(drawWorker, min(1, m.detectRate(f.main)+e.GroupDetect))
				}
			}
		}
	case StageCIN:
		if f.due < 0 { // a plan of drawn length ends at its timer (scheduleWakeUnder)
			h.set(drawStage, cinEnd(pl, n))
		}
		if n == 3 {
			h.set(drawStage, min(1, h.b[drawStage]+pl.CINEscalate))
		}
	case StageCP:
		if n == 3 {
			h.set(drawStage, m.cpToCare(f))
		}
		// past its review a plan at need 0-2 ends at once, at the review
		// (a timer: scheduleWakeUnder) or when need falls (an event)
		if n == 3 {
			h.set(drawStage2, cpEnd(pl, n))
		}
		h.stage2From = int(f.due)
	case StageCLA:
		h.set(drawStage, pl.CareLeave)
	}
	h.unslot()
}

// set sets the bound of event k to b, and with it slotted and lim: a
// bound fits its slot of width w exactly when ⌈b·2^53⌉ ≤ w·2^53, since
// w·2^53 is whole (the slots start at multiples of 2^-6); lim is explained
// in scheduleWakeUnder. A bound of 0 (or NaN) leaves the limit at the
// slot's start, as at the start (limOfZero). A bound set again must not be
// smaller: slotted, once false, stays false.
func (h *sleepHazards) set(k int, b float64) {
	h.b[k] = b
	lim := slotBits[k]
	if b > 0 {
		c := ceilBits(b)
		if c > slotBits[k+1]-lim {
			h.slotted = false
		}
		lim += c
	}
	h.lim[k] = lim
}

// limOfZero is lim when every bound is 0: each slot's start, and no limit
// for the last (the source draw, never conditioned).
var limOfZero = func() (t [8]uint64) {
	copy(t[:], slotBits[:drawSource])
	t[len(t)-1] = ^uint64(0)
	return t
}()

// noHazards are the bounds of a family with no event, which
// setSleepHazards starts from: one copy, not a clearing and a copy.
var noHazards = sleepHazards{slotted: true, lim: limOfZero}

// unslot, once the bounds are set, lifts every limit where a bound
// exceeds its slot: unslotted bounds skip no week.
func (h *sleepHazards) unslot() {
	if !h.slotted {
		h.lim = [8]uint64{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)}
	}
}

// week returns the bounds that apply in week w.
func (h *sleepHazards) week(w int, term, measured bool) [drawSource]float64 {
	b := h.b
	if w < h.stage2From {
		b[drawStage2] = 0
	}
	if !term {
		b[drawSchool], b[drawWorker] = 0, 0
	} else if !measured {
		b[drawWorker] = 0
	}
	return b
}

// slotStart places each event's share of a week's wake draw at a fixed
// place in [0, 1), so that the same draw picks the same event whatever the
// other events' bounds: scenarios whose families differ in need still share
// the weeks of, say, leaving care. An event whose bound exceeds its slot
// moves all events to consecutive places instead (still exact, less
// shared).
var slotStart = [drawSource + 1]float64{0, 22. / 64, 25. / 64, 38. / 64, 44. / 64, 51. / 64, 58. / 64, 1}

// slotOf maps int(u × 64) to the slot u falls in: the slots start at
// multiples of 1/64, so u × 64 is exact and needs no correction.
var slotOf = func() (t [64]uint8) {
	k := uint8(0)
	for j := range t {
		for float64(j)/64 >= slotStart[k+1] {
			k++
		}
		t[j] = k
	}
	return t
}()

func slotIn(u float64) int { return int(slotOf[int(u*64)]) }

// ceilBits is ⌈b·2^53⌉ for a bound b in [0, 1]: b·2^53 is exact, and so
// are its whole part and the comparison.
func ceilBits(b float64) uint64 {
	x := b * 0x1p53
	t := int64(x) // at most 2^53: a signed conversion is one instruction, an unsigned one a branch
	if float64(t) < x {
		t++
	}
	return uint64(t)
}

// slotBits is slotStart in units of 2^-53, the resolution of a draw.
var slotBits = func() (t [drawSource + 1]uint64) {
	for k, s := range slotStart {
		t[k] = uint64(s * 0x1p53)
	}
	return t
}()

// firstEvent reads a week's wake draw u under the week's bounds b: the
// first event, in the order of weekDraws, that fires (-1 for none) and its
// uniform given that it fires. Event k is first with chance b[k] times the
// chance that none before it fires, as in a week drawn event by event.
func firstEvent(b *[drawSource]float64, slotted bool, u float64) (int, float64) {
	if slotted {
		k := slotIn(u)
		x := u - slotStart[k]
		if x >= b[k] {
			return -1, 0
		}
		none := 1.0 // chance that no event before k fires
		for j := range k {
			none *= 1 - b[j]
		}
		if x >= b[k]*none {
			return -1, 0
		}
		return k, x / none
	}
	start, none := 0.0, 1.0
	for k := range b {
		if u < start+float64(b[k]*none) {
			return k, (u - start) / none
		}
		start += float64(b[k] * none)
		none *= 1 - b[k]
	}
	return -1, 0
}

// scheduleWake finds the first week from week on in which a sleeping
// family could have an event: the first whose week-keyed wake draw falls
// on an event under that week's bounds. The draws are those a week-by-week
// step would make, so scenarios share them week by week even after their
// paths part and meet again. The family sleeps until then.
func (m *Model) scheduleWake(i uint32, from int) {
	var h sleepHazards
	m.setSleepHazards(&h, &m.families[i])
	m.scheduleWakeUnder(i, from, &h)
}

// scheduleWakeUnder is scheduleWake with the family's bounds worked out.
func (m *Model) scheduleWakeUnder(i uint32, from int, h *sleepHazards) {
	f := &m.families[i]
	if m.sched != nil {
		m.sched.scheduled(m, i, from, sleepsUnderBounds, *h, 0)
	}
	key := m.keys.Weekly(uint64(i), PurposeWake)
	end, warm := len(m.wakes.head), m.p.WarmupWeeks
	stop := end
	if (f.stage == StageCP || f.stage == StageCIN) && int(f.due) >= from && int(f.due) < end {
		stop = int(f.due) // the CP plan's review, or the CIN plan's drawn end
	}
	// most weeks fall outside every event's largest share: told apart on
	// the draw's 53 bits, which key.Float64 scales by 2^-53 exactly, so
	// that u − slotStart[k] ≥ b[k] exactly when bits − the slot's start in
	// the same units ≥ ⌈b[k]·2^53⌉ (slotStart is in multiples of 2^-6),
	// that is bits ≥ lim[k] = the slot's start + ⌈b[k]·2^53⌉ (h.lim,
	// worked out with the bounds). Unslotted bounds skip no week.
	for w := from; ; w++ {
		var x uint64
		if w, x = skipWeeks(key, w, stop, &h.lim); w >= stop {
			break
		}
		u := float64(float64(x) * 0x1p-53) // key.Float64(w)
		b := h.week(w, m.termWeek(w), w >= warm)
		if k, _ := firstEvent(&b, h.slotted, u); k >= 0 {
			m.sleep(i, w)
			return
		}
	}
	if stop < end {
		m.sleep(i, stop)
		return
	}
	f.wake = -1
}

// skipWeeks returns the first week w in [from, stop) whose wake draw's
// bits x (key.bits(w)) fall below lim of their slot, and x; stop when
// none does. It is the look-ahead's inner loop, kept small so that it
// runs in registers: key.bits(w) is mix(key + w·γ), and the argument is
// stepped by γ (the same wrapping sum), four weeks at a time, which are
// tested in order.
func skipWeeks(key Weekly, from, stop int, lim *[8]uint64) (int, uint64) {
	const g = 0x9e3779b97f4a7c15
	const g2, g3, g4 = (2 * g) & (1<<64 - 1), (3 * g) & (1<<64 - 1), (4 * g) & (1<<64 - 1) // wrapping multiples
	z := uint64(key) + uint64(from)*g
	w := from
	for ; w+4 <= stop; w += 4 {
		x0, x1, x2, x3 := mix(z)>>11, mix(z+g)>>11, mix(z+g2)>>11, mix(z+g3)>>11
		switch {
		case x0 < lim[slotOf[x0>>47]&7]:
			return w, x0
		case x1 < lim[slotOf[x1>>47]&7]:
			return w + 1, x1
		case x2 < lim[slotOf[x2>>47]&7]:
			return w + 2, x2
		case x3 < lim[slotOf[x3>>47]&7]:
			return w + 3, x3
		}
		z += g4
	}
	for ; w < stop; w++ {
		if x := mix(z) >> 11; x < lim[slotOf[x>>47]&7] {
			return w, x
		}
		z += g
	}
	return stop, 0
}

// wokenDraws sets out the uniforms of a woken family's week given its
// wake draw: the first event to fire, with its uniform given that it
// fires; the events before it given that they do not; the rest freely
// (at).
func (m *Model) wokenDraws(i uint32, h *sleepHazards) weekDraws {
	d := weekDraws{b: h.week(m.week, m.termWeek(m.week), m.measured), key: m.keys.Weekly(uint64(i), PurposeWoken), n: m.week * numDraws}
	d.first, d.x = firstEvent(&d.b, h.slotted, m.keys.Weekly(uint64(i), PurposeWake).Float64(m.week))
	if d.first < 0 {
		panic("sim: a family woke in a week with no event")
	}
	return d
}

// at is the uniform of event k of the week (drawNeed … drawSource).
func (d *weekDraws) at(k int) float64 {
	if k == d.first {
		return d.x
	}
	u := d.key.Float64(d.n + k)
	if k < d.first {
		return d.b[k] + float64(u*(1-d.b[k]))
	}
	return u
}

// atOr is the woken family's uniform of event k, or u for a family
// stepped awake (d nil).
func (d *weekDraws) atOr(k int, u float64) float64 {
	if d != nil {
		return d.at(k)
	}
	return u
}

// crisisDraw is the uniform of the week's crisis: the woken family's, or
// the next from the need stream.
func (d *weekDraws) crisisDraw(s *Stream) float64 {
	if d != nil {
		return d.at(drawCrisis)
	}
	return s.Float64()
}

// stageDraw is the uniform of the stage's k-th hazard: the woken family's,
// or the next from the stage stream.
func (d *weekDraws) stageDraw(k int, s *Stream) float64 {
	if d != nil {
		return d.at(drawStage + k)
	}
	return s.Float64()
}

// cinEnd is the weekly chance a CIN plan ends at need n.
func cinEnd(pl *Pipeline, n uint8) float64 {
	if n <= 1 {
		return pl.CINEndLow
	}
	return pl.CINEndHigh
}

// cpEnd is the weekly chance a CP plan whose review length has passed
// ends at need n: at once unless the need is still the highest.
func cpEnd(pl *Pipeline, n uint8) float64 {
	if n == 3 {
		return pl.CPEndHigh
	}
	return 1
}
