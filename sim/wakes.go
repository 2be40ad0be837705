package sim

import "math"

// Most families are asleep in any week: they have no open case and no
// support, so nothing outside them can change them, and their weekly
// hazards are known in advance. Such a family is not stepped every week:
// the week it is next due is drawn once and it waits in the wake queue.
//
//   - A family with no need has a constant onset hazard: its onset week is
//     geometric (scheduleOnset).
//   - A family with hidden need (need above zero) can have its need move,
//     a crisis, or be noticed by a school-based worker, by school staff in
//     term time or by anyone else. The hazards of the last two depend on
//     the week (term or holiday) and on the worker's effect and the staff's
//     confidence at its school, which change from week to week. Each is
//     bounded by a value fixed in advance (hiddenHazards), so the first
//     week in which any bounded event could happen is drawn once
//     (scheduleHidden). In that week the family is stepped as every other,
//     with the week's uniforms drawn given that at least one bounded event
//     happens (wokenDraws); the true hazards decide what happens. If
//     nothing does, the family goes back to sleep (thinning).
//
// The bounds depend only on the family, the parameters of the need process
// and of referral, and the calendar, never on the school-based workforce,
// so scenarios compared on the same seed wake the same families in the
// same weeks with the same uniforms until their paths part.

// wakeQueue holds, for each week of the run, the sleeping families due to
// be stepped in that week. The lists are doubly linked through two arrays
// indexed by family, so scheduling and cancelling cost O(1) and the weekly
// step allocates nothing.
type wakeQueue struct {
	head       []int32 // per week: first family, or -1
	next, prev []int32 // per family
}

func newWakeQueue(weeks, families int) wakeQueue {
	q := wakeQueue{head: make([]int32, weeks), next: make([]int32, families), prev: make([]int32, families)}
	for w := range q.head {
		q.head[w] = -1
	}
	return q
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

// wake takes this week's sleeping families off the queue: a family with no
// need develops need and sleeps again with hidden need; a family with
// hidden need joins this week's step.
func (m *Model) wake() {
	for i := m.wakes.take(m.week); i >= 0; {
		f := &m.families[i]
		next := m.wakes.next[i]
		f.wake = -1 // already off the list
		if f.need == 0 {
			f.need = 1
			m.scheduleHidden(uint32(i), m.week+1)
		} else {
			f.flags |= flagActive | flagWoken
			m.pending = append(m.pending, uint32(i))
		}
		i = next
	}
	m.mergePending()
}

// scheduleOnset draws the week a family with no need first develops need.
// The onset hazard of a family with no need is constant, so the waiting
// time is geometric.
func (m *Model) scheduleOnset(i uint32, week int) {
	f := &m.families[i]
	h := m.p.Need.Onset
	if f.flags&flagDeprived != 0 {
		h *= m.p.Need.DeprivedRR
	}
	s := m.keys.Stream(uint64(i), week, PurposeOnset)
	m.sleep(i, week+s.Geometric(h))
}

// hiddenHazards are the weekly chances of the events a family with hidden
// need can have, the last three at their largest.
type hiddenHazards struct {
	need   float64 // need moves up or down: exact (no support)
	crisis float64 // a crisis: exact
	other  float64 // noticed by other sources: exact
	school float64 // noticed by school staff, in term: at full staff confidence
	worker float64 // noticed by a school-based worker, in term in the measured years: at full effect
}

func (m *Model) hiddenHazards(f *family) hiddenHazards {
	nd, ref := &m.p.Need, &m.p.Referral
	n := f.need
	rr := 1.0
	if f.flags&flagDeprived != 0 {
		rr = nd.DeprivedRR
	}
	var h hiddenHazards
	if n < 3 {
		h.need = nd.Escalate[n-1] * rr
	} else {
		h.crisis = math.Min(1, nd.Crisis*rr)
	}
	h.need = math.Min(1, h.need+nd.Resolve[n-1])
	h.other = ref.Other[n]
	if f.main >= 0 {
		h.school = math.Min(1, ref.School[n]*math.Max(0, 1+ref.ConfidenceGain*(1-m.p.LA.ConfidenceMean)))
		h.worker = m.detectRate(f.main)
	}
	return h
}

// scheduleHidden draws the first week from week on in which a family with
// hidden need could have an event, by inversion of its survival through
// the weeks, and puts it to sleep until then.
func (m *Model) scheduleHidden(i uint32, from int) {
	f := &m.families[i]
	h := m.hiddenHazards(f)
	quiet := (1 - h.need) * (1 - h.crisis) * (1 - h.other)
	// chance of a quiet week: [term][measured]
	q := [2][2]float64{{quiet, quiet}, {quiet * (1 - h.school), quiet * (1 - h.school) * (1 - h.worker)}}
	s := m.keys.Stream(uint64(i), from, PurposeWake)
	target := 1 - s.Float64() // the family wakes once its chance of staying quiet falls below this
	surv := 1.0
	end, warm := len(m.wakes.head), m.p.WarmupWeeks
	for w := from; w < end; w++ {
		t, ms := 0, 0
		if m.termWeek(w) {
			t = 1
		}
		if w >= warm {
			ms = 1
		}
		surv *= q[t][ms]
		if surv < target {
			m.sleep(i, w)
			return
		}
	}
	f.wake = -1
}

// weekDraws are the uniforms that decide a week of a family with hidden
// need: its need move, a crisis, and the routes by which it is noticed.
type weekDraws struct{ need, crisis, worker, school, other, source float64 }

// wokenDraws draws the uniforms of a woken family's week given that at
// least one bounded event happens: the need move first, then each route in
// turn given that it or a later one fires; once one fires, the rest are
// drawn freely.
func (m *Model) wokenDraws(i uint32, f *family) weekDraws {
	h := m.hiddenHazards(f)
	var b [4]float64 // bounds this week: crisis, worker, school, other
	b[0], b[3] = h.crisis, h.other
	if m.termWeek(m.week) {
		b[2] = h.school
		if m.measured {
			b[1] = h.worker
		}
	}
	var rest [5]float64 // chance that at least one of b[k:] fires
	for k := 3; k >= 0; k-- {
		rest[k] = 1 - (1-b[k])*(1-rest[k+1])
	}
	s := m.keys.Stream(uint64(i), m.week, PurposeWoken)
	var u [6]float64
	for k := range u {
		u[k] = s.Float64()
	}
	d := weekDraws{source: u[5]}
	x := u[0] * (1 - (1-h.need)*(1-rest[0]))
	if x < h.need {
		d.need = x
	} else {
		d.need = h.need + (x-h.need)/rest[0]
		for k := range 4 {
			y := u[k+1] * rest[k]
			if y < b[k] {
				u[k+1] = y
				break
			}
			u[k+1] = b[k] + (y-b[k])/rest[k+1]
		}
	}
	d.crisis, d.worker, d.school, d.other = u[1], u[2], u[3], u[4]
	return d
}

// crisisDraw is the uniform of the week's crisis: the woken family's, or
// the next from the need stream.
func (d *weekDraws) crisisDraw(s *Stream) float64 {
	if d != nil {
		return d.crisis
	}
	return s.Float64()
}
