// Triage: the front door's decision on a referral, and the step down to
// early help.

package sim

// refer is a referral to the front door and its triage (MODEL.md §4): the
// perceived severity is the need level plus noise that shrinks with quality,
// compared with the LA threshold (raised by gatekeeping under pressure).
func (m *Model) refer(i uint32, f *family, source int, quality float64) {
	fd := &m.p.FrontDoor
	m.acc.referral(m, f, source)
	if m.rec != nil {
		m.rec.add(m, i, EvReferral, f.stage, f.stage, uint8(source))
	}
	s := m.keys.Stream(uint64(i), m.week, PurposeTriage)
	noise := fd.NoiseFloor + float64((fd.Noise-fd.NoiseFloor)*(1-quality))
	score := float64(f.need) + fd.Bias + float64(noise*s.Normal())
	thr := fd.Threshold
	if fd.Gatekeeping {
		thr += float64(fd.GatekeepingSlope * max(0, m.acc.pressure-1))
	}
	// a school-based worker may raise need below the threshold as a child
	// protection concern (effects.concern_strategy)
	concern := source == SourceSchoolWorker && m.p.Effects.ConcernStrategy > 0 && int(f.need) < maxNeed && s.Bernoulli(m.p.Effects.ConcernStrategy)
	switch {
	case score >= thr+fd.S47Gap || concern:
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

// offerEarlyHelp steps a family down to LA early help if it consents.
func (m *Model) offerEarlyHelp(i uint32, f *family, s *Stream) {
	if f.need == 0 || !s.Bernoulli(m.p.FrontDoor.EarlyHelpConsent) {
		return
	}
	m.startSupport(i, f, SupportEarlyHelp, -1, weeksFrom(s, m.p.Pipeline.EarlyHelpWeeks))
	m.acc.flow(FEarlyHelpStarts, f)
}
