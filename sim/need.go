// Need: its weekly moves between levels, the hazards that drive them, and
// the crisis at the highest level.

package sim

// stepNeed moves the family's need level: escalation and resolution
// hazards, raised by deprivation and bent by support; a crisis at level 3.
// A woken family's uniforms come in d; otherwise d is nil.
func (m *Model) stepNeed(i uint32, f *family, d *weekDraws) {
	var u float64
	if d != nil {
		u = d.at(drawNeed)
	} else {
		// the week's wake draw, whose lowest slot is the need move of a
		// sleeping family: awake or asleep, a family's need moves on the
		// same numbers (wakes.go)
		u = m.keys.Weekly(uint64(i), PurposeWake).Float64(m.week)
	}
	up, down := m.needHazards(f)
	switch {
	case u < up:
		f.need++
	case u < up+down:
		f.need--
	}
	if f.need == maxNeed && f.stage != StageCLA {
		var s Stream // the first of the week's need stream, for a family stepped awake
		if d == nil {
			s = m.keys.Stream(uint64(i), m.week, PurposeNeed)
		}
		uc := d.crisisDraw(&s)
		if uc < m.crisisHazard(f) {
			f.flags |= flagCrisis
		}
	}
}

// maxNeed is the highest need level: risk of significant harm, the level of
// the section 47 threshold and of crises (MODEL.md §3.2: levels 0–3).
const maxNeed = 3

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
	up *= max(0, 1-float64(nd.SupportEscalate*(sup+m.groupSupport(f))))
	down *= 1 + float64(nd.SupportResolve*sup)
	return up, down
}

// unbentNeedHazards are the chances that need rises and falls before any
// support bends them: raised by deprivation.
func (m *Model) unbentNeedHazards(f *family) (up, down float64) {
	return m.unbentNeedHazardsAt(f, m.demandW)
}

// unbentNeedHazardsAt is unbentNeedHazards under demand multiplier demand
// (demand.*), which scales the onset of need.
func (m *Model) unbentNeedHazardsAt(f *family, demand float64) (up, down float64) {
	nd := &m.p.Need
	rr := m.riskRatio(f)
	switch f.need {
	case 0:
		up = min(1, nd.Onset*rr*demand)
	case 1, 2:
		up = nd.Escalate[f.need-1] * rr
	}
	if f.need > 0 {
		down = nd.Resolve[f.need-1]
	}
	return up, down
}

// groupSupport is what group work at its eldest pupil's school does for a
// family with need and no other help: it holds need back from escalating
// (a light, preventive touch: it does not speed resolution as casework
// does, nor delay the onset of need in a family with none, whose onset the
// wake queue draws at its full rate).
func (m *Model) groupSupport(f *family) float64 {
	if f.need == 0 || f.support != SupportNone || f.stage != StageNone || f.main < 0 {
		return 0
	}
	return m.p.Effects.GroupSupport * m.schools[f.main].group
}

// crisisHazard is the weekly chance of a crisis at the highest need.
func (m *Model) crisisHazard(f *family) float64 {
	return m.p.Need.Crisis * m.riskRatio(f) * m.careAgeRR(f)
}

// cpToCare is the weekly chance a CP plan at the highest need steps up to
// care.
func (m *Model) cpToCare(f *family) float64 { return min(1, m.p.Pipeline.CPToCare*m.careAgeRR(f)) }

// crisis is an emergency: the family enters care through a strategy
// discussion and section 47 enquiry, from wherever it was.
func (m *Model) crisis(i uint32, f *family) {
	switch f.stage {
	case StageNone:
		m.endSupport(f)
		m.acc.referral(m, f, SourcePolice)
		if m.rec != nil {
			m.rec.add(m, i, EvReferral, f.stage, f.stage, SourcePolice)
		}
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
