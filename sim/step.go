package sim

import (
	"math"
	"math/bits"
)

// Referral sources (MODEL.md §4).
const (
	SourceSchool = iota
	SourcePolice
	SourceHealth
	SourceLA
	SourceIndividual
	SourceOther
	NumSources
)

// SourceNames are the output names of the referral sources.
var SourceNames = [NumSources]string{"school", "police", "health", "la_services", "individual", "other"}

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

// stepStatutoryTeam runs turnover, recruitment and agency cover of the
// case-holding statutory social workers.
func (m *Model) stepStatutoryTeam() {
	st := &m.p.Statutory
	s := m.keys.Stream(0, m.week, PurposeStatutory)
	leave := s.Binomial(m.employed, st.Turnover/52)
	join := s.Binomial(m.posts-m.employed, 1/st.RecruitWeeks)
	m.employed += join - leave
	m.agencyFTE = st.AgencyCover * float64(m.posts-m.employed)
}

// stepFamily advances one awake or woken family by a week and reports
// whether it stays awake.
func (m *Model) stepFamily(i uint32) bool {
	f := &m.families[i]
	var d *weekDraws
	var h sleepHazards
	var before sleepState
	if f.flags&flagWoken != 0 {
		f.flags &^= flagWoken
		h, before = m.sleepHazards(f), sleepStateOf(f)
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
	if !sleeps(f) {
		return true
	}
	f.flags &^= flagActive
	switch {
	case f.need == 0 && f.stage == StageNone:
		m.scheduleOnset(i, m.week+1)
	case d != nil && sleepStateOf(f) == before:
		m.scheduleWakeUnder(i, m.week+1, &h) // nothing changed: the same bounds
	default:
		m.scheduleWake(i, m.week+1)
	}
	return false
}

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
		s = math.Max(s, e.CINSupport*thin)
	case StageCP, StageCLA:
		s = math.Max(s, e.CPSupport*thin)
	}
	if f.flags&flagCoWork != 0 {
		s += e.CoWorkSupport
	}
	return s
}

// stepNeed moves the family's need level: escalation and resolution
// hazards, raised by deprivation and bent by support; a crisis at level 3.
// A woken family's uniforms come in d; otherwise d is nil.
func (m *Model) stepNeed(i uint32, f *family, d *weekDraws) {
	var s Stream
	var u float64
	if d != nil {
		u = d[drawNeed]
	} else {
		// the week's wake draw, whose lowest slot is the need move of a
		// sleeping family: awake or asleep, a family's need moves on the
		// same numbers (wakes.go)
		s = m.keys.Stream(uint64(i), m.week, PurposeNeed)
		u = m.keys.Weekly(uint64(i), PurposeWake).Float64(m.week)
	}
	up, down := m.needHazards(f)
	switch {
	case u < up:
		f.need++
	case u < up+down:
		f.need--
	}
	if f.need == 3 && f.stage != StageCLA {
		uc := d.crisisDraw(&s)
		if uc < m.crisisHazard(f) {
			f.flags |= flagCrisis
		}
	}
}

// riskRatio is the family's rate ratio of need onset and escalation.
func (m *Model) riskRatio(f *family) float64 {
	if f.flags&flagDeprived != 0 {
		return m.p.Need.DeprivedRR
	}
	return 1
}

// needHazards are this week's chances that the family's need rises and
// falls: raised by deprivation, bent by support and group work.
func (m *Model) needHazards(f *family) (up, down float64) {
	nd := &m.p.Need
	sup := m.supportStrength(f)
	up, down = m.unbentNeedHazards(f)
	up *= math.Max(0, 1-nd.SupportEscalate*(sup+m.groupSupport(f)))
	down *= 1 + nd.SupportResolve*sup
	return up, down
}

// unbentNeedHazards are the chances that need rises and falls before any
// support bends them: raised by deprivation.
func (m *Model) unbentNeedHazards(f *family) (up, down float64) {
	nd := &m.p.Need
	rr := m.riskRatio(f)
	switch f.need {
	case 0:
		up = nd.Onset * rr
	case 1, 2:
		up = nd.Escalate[f.need-1] * rr
	}
	if f.need > 0 {
		down = nd.Resolve[f.need-1]
	}
	return up, down
}

// groupSupport is what group work at its eldest pupil's school does for a
// family with no other help: it holds need back from escalating (a light,
// preventive touch: it does not speed resolution as casework does).
func (m *Model) groupSupport(f *family) float64 {
	if f.support != SupportNone || f.stage != StageNone || f.main < 0 {
		return 0
	}
	return m.p.Effects.GroupSupport * m.schools[f.main].group
}

// crisisHazard is the weekly chance of a crisis at the highest need.
func (m *Model) crisisHazard(f *family) float64 { return m.p.Need.Crisis * m.riskRatio(f) }

// crisis is an emergency: the family enters care through a strategy
// discussion and section 47 enquiry, from wherever it was.
func (m *Model) crisis(i uint32, f *family) {
	switch f.stage {
	case StageNone:
		m.endSupport(f)
		m.acc.referral(m, f, SourcePolice)
		m.acc.flow(FTriageStrategy, f)
		m.acc.flow(FStrategy, f)
		m.toS47(i, f, true)
	case StageWaiting, StageAssessment, StageCIN:
		m.acc.flow(FStrategy, f)
		m.toS47(i, f, true)
	case StageS47, StageCP:
		m.toCare(i, f, true)
	}
}

// setStage moves a family to a new stage and records the move.
func (m *Model) setStage(i uint32, f *family, to Stage, due int) {
	if to == StageNone {
		m.endCoWork(f)
	}
	m.acc.move(f, f.stage, to)
	f.stage = to
	f.since = int32(m.week)
	f.due = int32(due)
	if to != StageNone {
		m.endSupport(f)
	}
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

func (m *Model) endCoWork(f *family) {
	if f.flags&flagCoWork != 0 {
		m.acc.coWork(f, false)
		m.slots[f.worker].cowork--
		f.flags &^= flagCoWork
		f.worker = -1
	}
}

// weeksFrom draws a duration with the given mean (geometric, at least 1).
func weeksFrom(s *Stream, mean float64) int { return s.Geometric(1 / math.Max(1, mean)) }

// stepStage runs the statutory stage timers and weekly hazards. A woken
// family's uniforms for the hazards of a plan or care come in d.
func (m *Model) stepStage(i uint32, f *family, d *weekDraws) {
	pl := &m.p.Pipeline
	s := m.keys.Stream(uint64(i), m.week, PurposeStage)
	switch f.stage {
	case StageAssessment:
		if int(f.due) <= m.week {
			m.assessmentOutcome(i, f, &s)
		}
	case StageS47:
		if int(f.due) <= m.week {
			m.s47Outcome(i, f, &s)
		}
	case StageCIN:
		u := d.stageDraw(0, &s)
		end := cinEnd(pl, f.need)
		switch {
		case u < end:
			m.close(i, f)
		case f.need == 3 && u < end+pl.CINEscalate:
			m.acc.flow(FStrategy, f)
			m.toS47(i, f, false)
		}
	case StageCP:
		u := d.stageDraw(0, &s)
		if f.need == 3 && u < pl.CPToCare {
			m.toCare(i, f, false)
			return
		}
		if m.week-int(f.since) < pl.CPMinWeeks {
			return
		}
		if d.stageDraw(1, &s) < cpEnd(pl, f.need) {
			m.toCIN(i, f)
		}
	case StageCLA:
		if d.stageDraw(0, &s) < pl.CareLeave {
			m.acc.flow(FCareLeavers, f)
			f.need = min(f.need, 1)
			m.close(i, f)
		}
	}
}

// assessmentOutcome decides a finished section 17 assessment.
func (m *Model) assessmentOutcome(i uint32, f *family, s *Stream) {
	score := float64(f.need) + m.p.FrontDoor.AssessNoise*s.Normal()
	switch {
	case score >= 2.5:
		m.acc.flow(FStrategy, f)
		if s.Bernoulli(m.p.FrontDoor.StrategyToS47) {
			m.toS47(i, f, false)
		} else {
			m.toCIN(i, f)
		}
	case score >= 1.5 && s.Bernoulli(m.p.Pipeline.CINPlanShare):
		m.toCIN(i, f)
	case score >= 0.5:
		m.close(i, f)
		m.offerEarlyHelp(i, f, s)
	default:
		m.close(i, f)
	}
}

// s47Outcome decides a finished section 47 enquiry: an initial child
// protection conference, a CIN plan, or closure.
func (m *Model) s47Outcome(i uint32, f *family, s *Stream) {
	pl := &m.p.Pipeline
	score := float64(f.need) + m.p.FrontDoor.AssessNoise*s.Normal()
	switch {
	case score >= 2.5 && s.Bernoulli(pl.S47ToICPC):
		m.acc.flow(FICPC, f)
		if s.Bernoulli(pl.ICPCToCP) {
			m.acc.flow(FCPStarts, f)
			m.setStage(i, f, StageCP, -1)
			m.tryCoWork(f)
		} else {
			m.toCIN(i, f)
		}
	case score >= 1.5:
		m.toCIN(i, f)
	default:
		m.close(i, f)
	}
}

func (m *Model) toS47(i uint32, f *family, emergency bool) {
	m.acc.flow(FS47, f)
	m.setStage(i, f, StageS47, m.week+m.duration(i, m.p.Pipeline.S47Weeks))
	if emergency {
		m.toCare(i, f, true)
	}
}

// duration draws how long a statutory stage entered this week will last.
func (m *Model) duration(i uint32, mean float64) int {
	s := m.keys.Stream(uint64(i), m.week, PurposeDuration)
	return weeksFrom(&s, mean)
}

func (m *Model) toCIN(i uint32, f *family) {
	m.acc.flow(FCINStarts, f)
	m.setStage(i, f, StageCIN, -1)
	m.tryCoWork(f)
}

func (m *Model) toCare(i uint32, f *family, emergency bool) {
	m.acc.flow(FCareEntries, f)
	if emergency {
		m.acc.flow(FCareEntriesEmergency, f)
	} else {
		m.acc.flow(FCareEntriesPlanned, f)
	}
	m.setStage(i, f, StageCLA, -1)
}

// close ends a statutory case.
func (m *Model) close(i uint32, f *family) {
	m.setStage(i, f, StageNone, -1)
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

// offerEarlyHelp steps a family down to LA early help if it consents.
func (m *Model) offerEarlyHelp(i uint32, f *family, s *Stream) {
	if f.need == 0 || !s.Bernoulli(m.p.FrontDoor.EarlyHelpTake) {
		return
	}
	m.startSupport(i, f, SupportEarlyHelp, -1, weeksFrom(s, m.p.Pipeline.EarlyHelpWeeks))
	m.acc.flow(FEarlyHelpStarts, f)
}

func (m *Model) startSupport(i uint32, f *family, kind Support, worker int32, weeks int) {
	m.acc.support(f, f.support, kind)
	switch kind {
	case SupportIntensive:
		m.slots[worker].intensive++
	case SupportMonitoring:
		m.slots[worker].monitoring++
	}
	f.support = kind
	f.worker = worker
	f.due = int32(m.week + weeks)
	m.activate(i)
}

// stepSupport runs early help and school casework: escalation to the front
// door when need rises beyond what the worker may hold, and endings.
func (m *Model) stepSupport(i uint32, f *family) {
	if f.support == SupportNone {
		return
	}
	s := m.keys.Stream(uint64(i), m.week, PurposeSchoolWork)
	switch f.support {
	case SupportEarlyHelp:
		if f.need >= 2 && s.Bernoulli(m.p.Pipeline.EarlyHelpRefer) {
			m.endSupport(f)
			m.refer(i, f, SourceLA, m.p.Referral.WorkerQuality)
			return
		}
	case SupportIntensive, SupportMonitoring:
		if int(f.need) > m.holdLevel(f.worker) {
			m.endSupport(f)
			m.refer(i, f, SourceSchool, m.p.Referral.WorkerQuality)
			return
		}
	}
	if int(f.due) > m.week {
		return
	}
	if f.support == SupportIntensive && m.canTakeMonitoring(f.worker) {
		w := f.worker
		m.endSupport(f)
		m.startSupport(i, f, SupportMonitoring, w, weeksFrom(&s, m.p.Workforce.MonitoringWeeks))
		return
	}
	m.endSupport(f)
}

// detect runs the routes by which hidden need comes to light: the
// school-based worker (pathways B and C), school staff in term time, and
// the other sources at any time. A woken family's uniforms come in d, and
// the true hazards never exceed the bounds they were drawn under.
func (m *Model) detect(i uint32, f *family, d *weekDraws) {
	if f.need == 0 {
		return
	}
	ref := &m.p.Referral
	s := m.keys.Stream(uint64(i), m.week, PurposeReferral)
	var uWorker, uSchool, uOther, uSource float64
	if d != nil {
		uWorker, uSchool, uOther, uSource = d[drawWorker], d[drawSchool], d[drawOther], d[drawSource]
	} else {
		uWorker, uSchool, uOther, uSource = s.Float64(), s.Float64(), s.Float64(), s.Float64()
	}
	n := m.noticeHazards(f)
	if uWorker < n.worker {
		m.acc.flow(FSchoolIdentified, f)
		m.workerTakes(i, f, n.slot, &s)
		return
	}
	if uSchool < n.school {
		if n.slot >= 0 && int(f.need) <= m.holdLevel(n.slot) && s.Bernoulli(n.effect*m.p.Effects.InSchoolHandling) && m.workerTakes(i, f, n.slot, &s) {
			return
		}
		m.refer(i, f, SourceSchool, m.schoolQuality(&m.schools[f.main]))
		return
	}
	if uOther < n.other {
		m.refer(i, f, m.otherSource(uSource), ref.OtherQuality)
	}
}

// notice is this week's chance that each route notices a family's hidden
// need, with the school-based worker at its school (slot -1 for none) and
// that worker's effect.
type notice struct {
	worker, school, other float64
	slot                  int32
	effect                float64
}

// noticeHazards are the chances of the routes of detect: the school-based
// worker through casework and group work (pathways B and C), school staff
// in term time (more often when confident), anyone else.
func (m *Model) noticeHazards(f *family) notice {
	ref := &m.p.Referral
	var n notice
	n.effect, n.slot = m.schoolEffect(f.main)
	if n.slot >= 0 && m.roles[m.slots[n.slot].role].MaxLevel > 0 {
		n.worker = n.effect*m.detectRate(f.main) + m.schools[f.main].group*m.p.Effects.GroupDetect
	}
	if f.main >= 0 && m.termWeek(m.week) {
		sc := &m.schools[f.main]
		n.school = ref.School[f.need] * math.Max(0, 1+ref.ConfidenceGain*(sc.confidence-m.p.LA.ConfidenceMean))
	}
	n.other = ref.Other[f.need]
	return n
}

// detectRate is the weekly chance a fully effective worker notices hidden
// need in a family at this school: pathway B (parents) in primaries,
// pathway C (pupils) elsewhere.
func (m *Model) detectRate(sc int32) float64 {
	if m.schools[sc].typ == Primary {
		return m.p.Effects.DetectPrimary
	}
	return m.p.Effects.DetectSecondary
}

func (m *Model) consentRate(sc int32) float64 {
	if m.schools[sc].typ == Primary {
		return m.p.Effects.ConsentPrimary
	}
	return m.p.Effects.ConsentSecondary
}

// workerTakes is what a school-based worker does with need they have found:
// casework within their role's level if there is room and the family
// consents; a well-informed referral when need is above what the worker
// holds (the evidence set's hold level, the role's maximum level, and
// always at need 3). It reports whether the worker acted.
func (m *Model) workerTakes(i uint32, f *family, si int32, s *Stream) bool {
	if int(f.need) > m.holdLevel(si) {
		m.refer(i, f, SourceSchool, m.p.Referral.WorkerQuality)
		return true
	}
	if !s.Bernoulli(m.consentRate(f.main)) {
		return false
	}
	switch {
	case m.canTakeIntensive(si):
		m.startSupport(i, f, SupportIntensive, si, weeksFrom(s, m.p.Workforce.InterventionWeeks))
	case m.canTakeMonitoring(si):
		m.startSupport(i, f, SupportMonitoring, si, weeksFrom(s, m.p.Workforce.MonitoringWeeks))
	default:
		return false
	}
	m.acc.flow(FCaseworkStarts, f)
	return true
}

// holdLevel is the highest need a worker in slot si holds as casework
// rather than referring: the evidence set's hold level, never above the
// role's maximum level nor at the section 47 threshold.
func (m *Model) holdLevel(si int32) int {
	return min(m.p.Effects.HoldLevel, m.roles[m.slots[si].role].MaxLevel, 2)
}

// schoolQuality is the quality of a referral by school staff: their
// safeguarding confidence, raised by the worker's consultation (pathway A).
func (m *Model) schoolQuality(sc *school) float64 {
	q := m.p.Referral.SchoolQuality + (sc.confidence - m.p.LA.ConfidenceMean) + m.p.Effects.QualityGain*sc.effect
	return math.Min(1, math.Max(0, q))
}

func (m *Model) otherSource(u float64) int {
	sh := m.p.Referral.OtherShares
	var sum float64
	for _, x := range sh {
		sum += x
	}
	acc := 0.0
	for k, x := range sh {
		acc += x / sum
		if u < acc {
			return SourcePolice + k
		}
	}
	return SourceOther
}

// noNeedReferrals are contacts about families with no need at the
// threshold: from school staff in term time (fewer where the worker's
// consultation has raised confidence, pathway A) and from everyone else.
func (m *Model) noNeedReferrals() {
	ref := &m.p.Referral
	if m.termWeek(m.week) {
		for si := range m.schools {
			sc := &m.schools[si]
			if sc.famN == 0 {
				continue
			}
			s := m.keys.Stream(uint64(si), m.week, PurposeNoNeed)
			mean := ref.NoNeedSchool * float64(sc.roll) / 10000 * (1 - m.p.Effects.NoNeedCut*sc.effect)
			for n := s.Poisson(mean); n > 0; n-- {
				fi := m.schoolFams[int(sc.famFirst)+s.IntN(int(sc.famN))]
				m.noNeedReferral(fi, SourceSchool, m.schoolQuality(sc))
			}
		}
	}
	s := m.keys.Stream(1<<40, m.week, PurposeNoNeed)
	u := s.Float64()
	for n := s.Poisson(ref.NoNeedOther * float64(m.Children()) / 10000); n > 0; n-- {
		fi := uint32(s.IntN(len(m.families)))
		m.noNeedReferral(fi, m.otherSource(u), ref.OtherQuality)
		u = s.Float64()
	}
}

func (m *Model) noNeedReferral(i uint32, source int, quality float64) {
	f := &m.families[i]
	if f.stage != StageNone || f.need != 0 || f.support != SupportNone {
		return
	}
	m.refer(i, f, source, quality)
}

// refer is a referral to the front door and its triage (MODEL.md §4): the
// perceived severity is the need level plus noise that shrinks with quality,
// compared with the LA threshold (raised by gatekeeping under pressure).
func (m *Model) refer(i uint32, f *family, source int, quality float64) {
	fd := &m.p.FrontDoor
	m.acc.referral(m, f, source)
	s := m.keys.Stream(uint64(i), m.week, PurposeTriage)
	noise := fd.NoiseFloor + (fd.Noise-fd.NoiseFloor)*(1-quality)
	score := float64(f.need) + fd.Bias + noise*s.Normal()
	thr := fd.Threshold
	if fd.Gatekeeping {
		thr += fd.GatekeepSlope * math.Max(0, m.acc.pressure-1)
	}
	switch {
	case score >= thr+fd.S47Gap:
		m.acc.flow(FTriageStrategy, f)
		m.acc.flow(FStrategy, f)
		if s.Bernoulli(fd.StrategyToS47) {
			m.toS47(i, f, false)
		} else {
			m.toWaiting(i, f)
		}
	case score >= thr:
		m.acc.flow(FTriageAssessment, f)
		m.toWaiting(i, f)
	case score >= thr-fd.StepDownGap && f.need > 0:
		m.acc.flow(FTriageEarlyHelp, f)
		m.offerEarlyHelp(i, f, &s)
	default:
		m.acc.flow(FTriageNFA, f)
	}
	if f.stage != StageNone || f.support != SupportNone {
		m.activate(i)
	}
}

func (m *Model) toWaiting(i uint32, f *family) {
	m.setStage(i, f, StageWaiting, -1)
	m.queue = append(m.queue, i)
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
