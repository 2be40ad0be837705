// Allocation: the statutory team's staffing and the allocation of waiting
// assessments under the caseload cap.

package sim

// stepStatutoryTeam runs turnover, recruitment and agency cover of the
// case-holding statutory social workers.
func (m *Model) stepStatutoryTeam() { m.stepPosts() }

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
		m.acc.assessmentWait(f, waited)
		s := m.keys.Stream(uint64(i), m.week, PurposeDuration)
		days := m.drawAssessmentDays(&s)
		// a same-day assessment is decided at the next step, as are
		// those of up to five working days
		m.setStage(i, f, StageAssessment, m.week+max(1, (days+4)/5))
		f.wd = uint8(days)
	}
	clear(m.queue[k:])
	m.queue = m.queue[:k]
}

// effectiveFTE is the statutory case-holding FTE less any supervision of
// trainees that falls to the statutory team.
func (m *Model) effectiveFTE() float64 {
	return max(1, m.statutoryFTE()-m.traineeLoad)
}
