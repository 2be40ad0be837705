// Referral sources: how hidden need comes to light (the school-based
// worker, school staff, everyone else) and the contacts about families with
// no need at the threshold.

package sim

// Referral sources (MODEL.md §4).
const (
	SourceSchool = iota
	SourcePolice
	SourceHealth
	SourceLA
	SourceIndividual
	SourceOther
	// SourceSchoolWorker is a school-based worker referring need they
	// found or were consulted about: counted apart from school staff
	// (SourceSchool), though both are the school's referrals
	// (referrals_school).
	SourceSchoolWorker
	NumSources
)

// SourceNames are the output names of the referral sources.
var SourceNames = [NumSources]string{"school", "police", "health", "la_services", "individual", "other", "school_worker"}

// fromSchool reports whether a source is the school's: its staff or its
// school-based worker.
func fromSchool(source int) bool { return source == SourceSchool || source == SourceSchoolWorker }

// detect runs the routes by which hidden need comes to light: the
// school-based worker (pathways B and C), school staff in term time, and
// the other sources at any time. A woken family's uniforms come in d, and
// the true hazards never exceed the bounds they were drawn under.
func (m *Model) detect(i uint32, f *family, d *weekDraws) {
	if f.need == 0 {
		return
	}
	ref := &m.p.Referral
	// a woken family's uniforms are read only for the routes that can
	// notice it this week, and its stream of the week is made only for a
	// route that notices it; a family stepped awake draws the four
	// uniforms from the stream first
	var s Stream
	var uWorker, uSchool, uOther, uSource float64
	if d == nil {
		s = m.keys.Stream(uint64(i), m.week, PurposeReferral)
		uWorker, uSchool, uOther, uSource = s.Float64(), s.Float64(), s.Float64(), s.Float64()
	}
	n := m.noticeHazards(f)
	if n.worker > 0 && d.atOr(drawWorker, uWorker) < n.worker {
		if d != nil {
			s = m.keys.Stream(uint64(i), m.week, PurposeReferral)
		}
		m.acc.flow(FSchoolIdentified, f)
		m.workerTakes(i, f, n.slot, &s)
		return
	}
	if n.school > 0 && d.atOr(drawSchool, uSchool) < n.school {
		if d != nil {
			s = m.keys.Stream(uint64(i), m.week, PurposeReferral)
		}
		if n.slot >= 0 && int(f.need) <= m.holdLevel(n.slot) && s.Bernoulli(n.effect*m.p.Effects.InSchoolHandling) && m.workerTakes(i, f, n.slot, &s) {
			return
		}
		// pathway A at every level of need: staff bring the concern to
		// the worker, who refers it or takes it on
		if cut := m.p.Effects.StaffReferralCut; n.slot >= 0 && cut > 0 && s.Bernoulli(n.effect*cut) && m.workerTakes(i, f, n.slot, &s) {
			return
		}
		m.refer(i, f, SourceSchool, m.schoolQuality(&m.schools[f.main]))
		return
	}
	if n.other > 0 && d.atOr(drawOther, uOther) < n.other {
		m.refer(i, f, m.otherSource(d.atOr(drawSource, uSource)), ref.OtherQuality)
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
		n.worker = float64(n.effect*m.detectRate(f.main)) + float64(m.schools[f.main].group*m.p.Effects.GroupDetect)
	}
	if f.main >= 0 && m.termWeek(m.week) {
		sc := &m.schools[f.main]
		n.school = min(1, m.demandW*ref.School[f.need]*max(0, 1+float64(ref.ConfidenceGain*(sc.confidence-m.p.LA.ConfidenceMean))))
	}
	n.other = min(1, m.demandW*ref.Other[f.need])
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

// schoolQuality is the quality of a referral by school staff: their
// safeguarding confidence, raised by the worker's consultation (pathway A).
func (m *Model) schoolQuality(sc *school) float64 {
	q := m.p.Referral.SchoolQuality + (sc.confidence - m.p.LA.ConfidenceMean) + float64(m.p.Effects.QualityGain*sc.effect)
	return min(1, max(0, q))
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

// laWideStream is the stream index of the LA-wide contacts of
// noNeedReferrals: far above any school's index, so it never shares a
// stream with a school's contacts.
const laWideStream = 1 << 40

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
			mean := m.demandW * ref.NoNeedSchool * float64(sc.roll) / perTenThousand * (1 - float64(m.p.Effects.NoNeedCut*sc.effect))
			for n := s.Poisson(mean); n > 0; n-- {
				fi := m.schoolFams[int(sc.famFirst)+s.IntN(int(sc.famN))]
				m.noNeedReferral(fi, SourceSchool, m.schoolQuality(sc))
			}
		}
	}
	s := m.keys.Stream(laWideStream, m.week, PurposeNoNeed)
	u := s.Float64()
	for n := s.Poisson(m.demandW * ref.NoNeedOther * float64(m.Children()) / perTenThousand); n > 0; n-- {
		fi := uint32(s.IntN(len(m.families)))
		m.noNeedReferral(fi, m.otherSource(u), ref.OtherQuality)
		u = s.Float64()
	}
}

func (m *Model) noNeedReferral(i uint32, source int, quality float64) {
	f := &m.families[i]
	if f.stage != StageNone || f.need != 0 || f.support != SupportNone || f.n == 0 {
		return // f.n == 0: a family that has left (births.go)
	}
	m.refer(i, f, source, quality)
}
