// Allocation: the statutory team's staffing and the allocation of waiting
// assessments under the caseload cap.

package sim

import (
	"math"
)

// stepStatutoryTeam runs turnover, recruitment and agency cover of the
// case-holding statutory social workers.
func (m *Model) stepStatutoryTeam() {
	st := &m.p.Statutory
	s := m.keys.Stream(0, m.week, PurposeStatutory)
	leave := s.Binomial(m.employed, st.Turnover/weeksPerYear)
	join := s.Binomial(m.posts-m.employed, 1/st.RecruitWeeks)
	m.employed += join - leave
	m.agencyFTE = st.AgencyCover * float64(m.posts-m.employed)
}

// allocateAssessments starts waiting assessments while the statutory
// caseload is under the cap; an assessment that has waited the maximum
// is allocated regardless. Waits are counted.
func (m *Model) allocateAssessments() {
	st := &m.p.Statutory
	fte := m.effectiveFTE()
	load := m.acc.openLoad(m)
	k := 0
	for _, i := range m.queue {
		f := &m.families[i]
		if f.stage != StageWaiting {
			continue
		}
		waited := m.week - int(f.since)
		if load/fte >= st.CaseloadCap && waited < st.MaxWaitWeeks {
			m.queue[k] = i
			k++
			continue
		}
		load += float64(f.n)
		m.acc.flow(FS17, f)
		m.acc.assessmentWait(f, waited)
		m.setStage(i, f, StageAssessment, m.week+m.duration(i, m.p.Pipeline.AssessmentWeeks))
	}
	clear(m.queue[k:])
	m.queue = m.queue[:k]
}

// effectiveFTE is the statutory case-holding FTE less any supervision of
// trainees that falls to the statutory team.
func (m *Model) effectiveFTE() float64 {
	return math.Max(1, m.statutoryFTE()-m.traineeLoad)
}
