// Support: its strength, early help and school casework, and co-work of
// statutory cases by school-based workers.

package sim

// supportStrength is the help a family gets this week, 0-1+: from early
// help, school casework or a statutory plan (thinner when statutory
// caseloads exceed the cap), plus co-work by a school-based worker.
func (m *Model) supportStrength(f *family) float64 {
	e := &m.p.Effects
	var s float64
	switch f.support {
	case SupportEarlyHelp:
		s = e.EarlyHelpSupport
	case SupportIntensive, SupportMonitoring:
		if f.worker >= 0 && m.slots[f.worker].present() {
			s = e.CaseworkSupport
			if f.support == SupportMonitoring {
				s = e.MonitoringSupport
			}
		}
	}
	thin := m.acc.capacityFactor
	switch f.stage {
	case StageCIN, StageAssessment, StageS47:
		s = max(s, e.CINSupport*thin)
	case StageCP, StageCLA:
		s = max(s, e.CPSupport*thin)
	}
	if f.flags&flagCoWork != 0 {
		s += e.CoWorkSupport
	}
	return s
}

func (m *Model) startSupport(i uint32, f *family, kind Support, worker int32, weeks int) {
	m.acc.support(f, f.support, kind)
	switch kind {
	case SupportIntensive:
		m.slots[worker].intensive++
	case SupportMonitoring:
		m.slots[worker].monitoring++
	}
	if worker >= 0 {
		m.makeRoom(worker)
	}
	f.support = kind
	f.worker = worker
	f.due = int32(m.week + weeks)
	m.activate(i)
}

func (m *Model) endSupport(f *family) {
	switch f.support {
	case SupportIntensive:
		m.slots[f.worker].intensive--
	case SupportMonitoring:
		m.slots[f.worker].monitoring--
	}
	if f.support != SupportNone {
		m.acc.support(f, f.support, SupportNone)
		f.support = SupportNone
		if f.flags&flagCoWork == 0 {
			f.worker = -1
		}
	}
}

// earlyHelpReferNeed is the need at which an early help worker may refer
// the family to the front door (pipeline.early_help_escalate, a weekly
// chance, applies from this level: MODEL.md §3.4; assumption).
const earlyHelpReferNeed = 2

// stepSupport runs early help and school casework: escalation to the front
// door when need rises beyond what the worker may hold, and endings.
func (m *Model) stepSupport(i uint32, f *family) {
	if f.support == SupportNone {
		return
	}
	s := m.keys.Stream(uint64(i), m.week, PurposeSchoolWork)
	switch f.support {
	case SupportEarlyHelp:
		if f.need >= earlyHelpReferNeed && s.Bernoulli(m.p.Pipeline.EarlyHelpEscalate) {
			m.endSupport(f)
			m.refer(i, f, SourceLA, m.p.Referral.WorkerQuality)
			return
		}
	case SupportIntensive, SupportMonitoring:
		if int(f.need) > m.holdLevel(f.worker) {
			m.endSupport(f)
			m.ownAssessment(i, f)
			m.refer(i, f, SourceSchoolWorker, m.p.Referral.WorkerQuality)
			return
		}
	}
	if int(f.due) > m.week {
		return
	}
	if f.support == SupportIntensive && m.canTakeMonitoring(f.worker) {
		w := f.worker
		m.endSupport(f)
		m.startSupport(i, f, SupportMonitoring, w, weeksFrom(&s, m.p.SchoolWorkforce.MonitoringWeeks))
		return
	}
	m.endSupport(f)
}

// workerTakes is what a school-based worker does with need they have found:
// casework within their role's level if there is room and the family
// consents; a well-informed referral when need is above what the worker
// holds (the evidence set's hold level, the role's maximum level, and
// always at need 3), and for the share 1 − effects.hold_share of need at
// exactly that level. It reports whether the worker acted.
func (m *Model) workerTakes(i uint32, f *family, si int32, s *Stream) bool {
	hold := m.holdLevel(si)
	if int(f.need) > hold || (int(f.need) == hold && m.p.Effects.HoldShare < 1 && !s.Bernoulli(m.p.Effects.HoldShare)) {
		m.ownAssessment(i, f)
		m.refer(i, f, SourceSchoolWorker, m.p.Referral.WorkerQuality)
		return true
	}
	if !s.Bernoulli(m.consentRate(f.main)) {
		return false
	}
	switch {
	case m.canTakeIntensive(si):
		m.startSupport(i, f, SupportIntensive, si, weeksFrom(s, m.p.SchoolWorkforce.InterventionWeeks))
	case m.canTakeMonitoring(si):
		m.startSupport(i, f, SupportMonitoring, si, weeksFrom(s, m.p.SchoolWorkforce.MonitoringWeeks))
	default:
		return false
	}
	m.acc.flow(FCaseworkStarts, f)
	m.ownAssessment(i, f)
	return true
}

// ownAssessment counts the school-based worker's own assessment of a
// family they take on or refer, for the share school_workforce.own_assessment
// of them (seeds 001, 002): the assessment work moves to the worker and is
// not a section 17 assessment of the front door.
func (m *Model) ownAssessment(i uint32, f *family) {
	if sh := m.p.SchoolWorkforce.OwnAssessment; sh > 0 {
		s := m.keys.Stream(uint64(i), m.week, PurposeOwnAssessment)
		if s.Bernoulli(sh) {
			m.acc.flow(FSchoolWorkerAssessments, f)
		}
	}
}

func (m *Model) consentRate(sc int32) float64 {
	if m.schools[sc].typ == Primary {
		return m.p.Effects.ConsentPrimary
	}
	return m.p.Effects.ConsentSecondary
}

// holdLevel is the highest need a worker in slot si holds as casework
// rather than referring: the evidence set's hold level, never above the
// role's maximum level nor at the section 47 threshold.
func (m *Model) holdLevel(si int32) int {
	return min(m.p.Effects.HoldLevel, m.roles[m.slots[si].role].MaxLevel, maxNeed-1)
}

// tryCoWork lets a qualified school-based worker at the family's school
// co-work a CIN or CP case (MODEL.md §3, direct work).
func (m *Model) tryCoWork(f *family) {
	if f.flags&flagCoWork != 0 || f.main < 0 {
		return
	}
	eff, si := m.schoolEffect(f.main)
	if si < 0 || eff <= 0 || !m.canCoWork(si) {
		return
	}
	m.slots[si].cowork++
	f.flags |= flagCoWork
	f.worker = si
	m.acc.coWork(f, true)
	m.acc.flow(FCoWorkStarts, f)
}

func (m *Model) endCoWork(f *family) {
	if f.flags&flagCoWork != 0 {
		m.acc.coWork(f, false)
		m.slots[f.worker].cowork--
		f.flags &^= flagCoWork
		f.worker = -1
	}
}
