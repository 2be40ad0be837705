// The statutory pipeline: stage moves, the outcomes of assessments and
// enquiries, plans and care.

package sim

import (
	"math"
)

// setStage moves a family to a new stage and records the move.
func (m *Model) setStage(i uint32, f *family, to Stage, due int) {
	if to == StageNone {
		m.endCoWork(f)
	}
	if k := lengthStage(f.stage); k >= 0 && m.measured && f.stage != to {
		m.acc.ended(k, f, m.week-int(f.since))
	}
	switch {
	case f.stage == StageNone && to != StageNone:
		m.episode[i] = int32(m.week) // a case opens: its episode of need begins
	case f.stage != StageNone && to == StageNone && m.measured && lengthStage(f.stage) >= 0:
		// an episode of need as the CIN census counts it (table B5): a
		// case closed from a plan or care; one closed at or after an
		// assessment or enquiry with no further action (reason RC8) is
		// not a child in need and is left out, as are referrals with no
		// further action
		m.acc.ended(DurCINEpisode, f, m.week-int(m.episode[i]))
	}
	switch {
	case caseHolding(to) && !caseHolding(f.stage):
		m.allocateWorker(i, f)
	case !caseHolding(to) && caseHolding(f.stage):
		m.unlink(i, f)
	}
	if m.rec != nil && f.stage != to {
		m.rec.add(m, i, EvStage, f.stage, to, 0)
	}
	m.acc.move(f, f.stage, to)
	f.stage = to
	f.since = int32(m.week)
	f.due = int32(due)
	if to != StageNone {
		m.endSupport(f)
	}
}

// weeksFrom draws a duration with the given mean (geometric, at least 1).
func weeksFrom(s *Stream, mean float64) int { return s.Geometric(1 / math.Max(1, mean)) }

// stepStage runs the statutory stage timers and weekly hazards. A woken
// family's uniforms for the hazards of a plan or care come in d.
func (m *Model) stepStage(i uint32, f *family, d *weekDraws) {
	pl := &m.p.Pipeline
	switch f.stage {
	case StageAssessment, StageS47:
		if int(f.due) > m.week {
			return // the outcome comes at the timer
		}
	case StageCIN, StageCP, StageCLA:
	default:
		return // no timer and no hazard: no case, or waiting for triage
	}
	s := m.keys.Stream(uint64(i), m.week, PurposeStage)
	switch f.stage {
	case StageAssessment:
		m.assessmentOutcome(i, f, &s)
	case StageS47:
		m.s47Outcome(i, f, &s)
	case StageCIN:
		u := d.stageDraw(0, &s)
		end := cinEnd(pl, f.need)
		if f.due >= 0 {
			end = 0 // a plan of drawn length ends at its timer
		}
		switch {
		case u < end:
			m.close(i, f)
		case f.need == maxNeed && u < end+pl.CINEscalate:
			m.acc.flow(FStrategy, f)
			m.toS47(i, f, false)
		case f.due >= 0 && int(f.due) <= m.week && f.need < maxNeed:
			// the plan ends at its drawn length, the need it was for met
			// with chance pipeline.cin_need_met
			if s.Bernoulli(pl.CINNeedMet) {
				f.need = min(f.need, 1)
			}
			m.close(i, f)
		}
	case StageCP:
		u := d.stageDraw(0, &s)
		if f.need == maxNeed && u < m.cpToCare(f) {
			m.toCare(i, f, false)
			return
		}
		if m.week < int(f.due) {
			return
		}
		if d.stageDraw(1, &s) < cpEnd(pl, f.need) {
			m.toCIN(i, f)
		}
	case StageCLA:
		if d.stageDraw(0, &s) < pl.CareLeave {
			m.acc.flow(FCareLeavers, f)
			f.need = min(f.need, leaverNeed)
			m.close(i, f)
		}
	}
}

// An assessment or enquiry perceives need as a score (need plus noise)
// and reads it as the nearest level: the cut points lie halfway between
// levels (MODEL.md §3.4; assumption).
const (
	perceivedHarm     = 2.5 // level 3: strategy discussion; a conference after an enquiry from pipeline.conference_threshold (default this)
	perceivedInNeed   = 1.5 // level 2: a child in need plan
	perceivedSomeNeed = 0.5 // level 1: closed with early help offered
)

// leaverNeed is the highest need of a child leaving care: the plan that
// ends in leaving care leaves at most low need (assumption).
const leaverNeed = 1

// assessmentOutcome decides a finished section 17 assessment.
func (m *Model) assessmentOutcome(i uint32, f *family, s *Stream) {
	m.acc.flow(FS17, f)
	if m.rec != nil {
		m.rec.add(m, i, EvAssessed, f.stage, f.stage, 0)
	}
	if m.measured {
		m.acc.endedDays(DurAssessment, f, int(f.wd))
	}
	score := float64(f.need) + float64(m.p.FrontDoor.AssessmentNoise*s.Normal())
	switch {
	case score >= perceivedHarm:
		m.acc.flow(FStrategy, f)
		if s.Bernoulli(m.p.FrontDoor.StrategyToS47) {
			m.toS47(i, f, false)
			f.flags |= flagAssessed
		} else {
			m.openCIN(i, f, s)
		}
	case score >= perceivedInNeed && s.Bernoulli(m.p.Pipeline.CINPlanShare):
		m.openCIN(i, f, s)
	case score >= perceivedSomeNeed:
		m.acc.flow(FAssessedNoPlan, f)
		m.close(i, f)
		m.offerEarlyHelp(i, f, s)
	default:
		m.acc.flow(FAssessedNoPlan, f)
		m.close(i, f)
	}
}

// s47Outcome decides a finished section 47 enquiry: an initial child
// protection conference, a CIN plan, or closure.
func (m *Model) s47Outcome(i uint32, f *family, s *Stream) {
	pl := &m.p.Pipeline
	if f.flags&flagAssessed == 0 {
		// an enquiry not following an assessment is carried out as one
		// (Working Together 2023): it counts as an assessment completed;
		// its length is the enquiry's, not timed as an assessment, so it
		// is left out of the assessment durations
		m.acc.flow(FS17, f)
		if m.rec != nil {
			m.rec.add(m, i, EvAssessed, f.stage, f.stage, 0)
		}
	}
	f.flags &^= flagAssessed
	score := float64(f.need) + float64(m.p.FrontDoor.AssessmentNoise*s.Normal())
	switch {
	case score >= pl.ConferenceThreshold && s.Bernoulli(pl.S47ToICPC):
		m.acc.flow(FICPC, f)
		if m.rec != nil {
			m.rec.add(m, i, EvICPC, f.stage, f.stage, 0)
		}
		if m.measured {
			m.acc.endedDays(DurS47ToICPC, f, workingDays(m.week-int(f.since), s.Float64()))
		}
		if s.Bernoulli(pl.ICPCToCP) {
			m.acc.flow(FCPStarts, f)
			m.setStage(i, f, StageCP, m.week+m.drawCPLength(s))
			m.tryCoWork(f)
		} else {
			m.openCIN(i, f, s)
		}
	case score >= perceivedInNeed:
		m.openCIN(i, f, s)
	default:
		m.close(i, f)
	}
}

func (m *Model) toS47(i uint32, f *family, emergency bool) {
	m.acc.flow(FS47, f)
	f.flags &^= flagAssessed
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

// openCIN opens a CIN plan where an assessment or enquiry found need: below
// the highest need the length of the episode of need (from its referral)
// is drawn from pipeline.cin_length, and the plan ends when the episode
// reaches it (at the earliest a week after the plan opens), the need it
// was for met with chance pipeline.cin_need_met (stepStage), unless need
// is 3 by then.
func (m *Model) openCIN(i uint32, f *family, s *Stream) {
	m.toCIN(i, f)
	if f.need < maxNeed {
		f.due = int32(max(m.week+1, int(m.episode[i])+m.drawCINLength(s)))
	}
}

func (m *Model) toCare(i uint32, f *family, emergency bool) {
	m.acc.flow(FCareEntries, f)
	m.countAges(f, &m.acc.entryAges)
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
