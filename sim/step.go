// The week: the order in which a step runs the mechanisms of the other
// files (sources.go, need.go, triage.go, pipeline.go, support.go,
// allocation.go) and which families it visits.

package sim

import (
	"math/bits"
)

const (
	// weeksPerYear: the model's year is 52 weekly steps, with the school
	// calendar and the census week on the same 52-week cycle (assumption:
	// the day or so over 52 weeks is ignored).
	weeksPerYear = 52
	// perTenThousand: rates are per 10,000 children aged 0–17, the unit of
	// the DfE children in need and looked-after statistics.
	perTenThousand = 10000
)

// Run advances the model through the warm-up and the measured years.
func (m *Model) Run() {
	for m.week < m.totalWeeks() {
		m.Step()
	}
}

// Done reports whether every week has been simulated.
func (m *Model) Done() bool { return m.week >= m.totalWeeks() }

// Step advances the model by one week. Its cost grows with the families
// that are awake (an open case or support, or woken this week: wakes.go),
// not with the whole population.
func (m *Model) Step() {
	if m.week == m.p.WarmupWeeks {
		m.measured = true
		m.acc.startMeasuring(m)
		m.startWorkforce()
	}
	if m.week > 0 && m.week%weeksPerYear == 0 {
		m.newAgeYear() // September: every child a year older
		m.leaveCareAt18()
		m.newSchoolYear()
		m.births()
	}
	m.demandW = m.demand(m.week)
	m.uascArrivals()
	m.stepStatutoryTeam()
	if m.measured {
		m.stepWorkforce()
	}
	m.wake()
	m.noNeedReferrals()
	m.work.FamilyWeeks += int64(m.nAwake)
	for wi := range m.awake {
		for x := m.awake[wi]; x != 0; x &= x - 1 {
			i := uint32(wi<<6 + bits.TrailingZeros64(x))
			if !m.stepFamily(i) {
				m.awake[wi] &^= 1 << (i & 63)
				m.nAwake--
			}
		}
	}
	m.allocateAssessments()
	m.admitPending()
	m.acc.endWeek(m)
	if m.obs != nil {
		m.obs.Week(m.week, m)
	}
	m.week++
}

// stepFamily advances one awake or woken family by a week and reports
// whether it stays awake.
func (m *Model) stepFamily(i uint32) bool {
	f := &m.families[i]
	var d *weekDraws
	var h sleepHazards
	var before sleepState
	if bit := uint64(1) << (i & 63); m.onsetNow[i>>6]&bit != 0 {
		// its need arose this week in the wake queue (wake): only the
		// week's notices are left
		m.onsetNow[i>>6] &^= bit
		if f.stage == StageNone && f.support == SupportNone {
			m.detect(i, f, nil)
		}
		return m.endWeek(i, f, nil, before, &h)
	}
	if f.flags&flagWoken != 0 {
		f.flags &^= flagWoken
		m.setSleepHazards(&h, f)
		if m.sched != nil {
			m.sched.woken(m, i, h)
		}
		before = sleepStateOf(f)
		w := m.wokenDraws(i, &h)
		d = &w
	}
	m.stepNeed(i, f, d)
	if f.flags&flagCrisis != 0 {
		f.flags &^= flagCrisis
		m.crisis(i, f)
	}
	m.stepStage(i, f, d)
	if f.stage == StageNone {
		m.stepSupport(i, f)
	}
	if f.stage == StageNone && f.support == SupportNone {
		m.detect(i, f, d)
	}
	return m.endWeek(i, f, d, before, &h)
}

// endWeek ends a stepped family's week: it stays awake, or sleeps on its
// timer, until its onset, or under its bounds (h, still those of a woken
// family whose state did not change). It reports whether it stays awake.
func (m *Model) endWeek(i uint32, f *family, d *weekDraws, before sleepState, h *sleepHazards) bool {
	if m.stepAll {
		return true
	}
	if !sleeps(f) {
		if !sleepsOnTimer(f) {
			return true
		}
		f.flags &^= flagActive
		m.scheduleTimed(i, m.week+1)
		return false
	}
	f.flags &^= flagActive
	switch {
	case f.need == 0 && f.stage == StageNone:
		m.scheduleOnset(i, m.week+1)
	case d != nil && sleepStateOf(f) == before:
		m.scheduleWakeUnder(i, m.week+1, h) // nothing changed: the same bounds
	default:
		m.scheduleWake(i, m.week+1)
	}
	return false
}
