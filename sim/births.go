// Births: each September the young people reaching 18 leave and as many
// babies are born in their place (ageOf), so the population is stable;
// population.birth_growth makes births follow a growth rate instead. A rise
// brings new families, each with a baby; a fall lets some families whose
// only child reaches 18 leave with no baby born.

package sim

import (
	"math"
	"slices"
)

// births is the September pass of population.birth_growth: the births of
// the k-th September of the measured years are the stable level (the
// children reaching 18, LA.Children/18 a year) times (1 + g)^k, so the
// run's births beyond the stable level reach birthsTarget(k). A fall
// beyond the families that can leave this September is made up in later
// ones. Nothing is drawn when birth_growth is 0.
func (m *Model) births() {
	if m.p.Population.BirthGrowth == 0 {
		return
	}
	first := (max(m.p.WarmupWeeks, 1) + weeksPerYear - 1) / weeksPerYear // the first measured September
	k := m.week/weeksPerYear - first + 1
	if k <= 0 {
		return
	}
	s := m.keys.Stream(laWideStream, m.week, PurposeBirth)
	switch n := m.birthsTarget(k) - m.bornExtra; {
	case n > 0:
		m.addBabies(n, &s)
		m.bornExtra += n
	case n < 0:
		m.bornExtra -= m.leaveAt18(-n, &s)
	}
}

// birthsTarget is the births beyond the stable level over the first k
// measured Septembers: LA.Children/18 × Σ_{j=1..k} ((1 + g)^j − 1).
func (m *Model) birthsTarget(k int) int {
	g := 1 + m.p.Population.BirthGrowth/100
	f, sum := 1.0, 0.0
	for range k {
		f = float64(f * g)
		sum += f - 1
	}
	stable := float64(m.p.LA.Children) / childAges
	return int(math.Round(float64(stable * sum)))
}

// addBabies brings n new families, each with a baby (age 0 this
// September): each takes the locality, deprivation and school kind
// (special, alternative provision) of a family drawn at random, starts
// with no need, and is scheduled for onset like any family. The baby
// joins a roll in the September it reaches la.school_age_min (m.movers),
// or now where that is 0: this September's moves (newSchoolYear) are
// made, so it is placed here, at the end of the pupil pairs, which are in
// family order.
func (m *Model) addBabies(n int, s *Stream) {
	la := &m.p.LA
	age := (childAges - m.ageYear%childAges) % childAges // the age at week 0 that is 0 now
	before := len(m.families)
	onRoll := la.SchoolAgeMin == 0
	for range n {
		like := &m.families[s.IntN(before)]
		fi := uint32(len(m.families))
		m.families = append(m.families, family{first: uint32(len(m.childAge)), n: 1, locality: like.locality,
			flags: like.flags & (flagDeprived | flagSpecial | flagAP), main: -1, mainType: NumSchoolTypes,
			due: -1, since: -1, referred: -1, worker: -1, wake: -1, sw: -1})
		m.childAge = append(m.childAge, uint8(age))
		m.childSch = append(m.childSch, -1)
		if onRoll {
			f, r := &m.families[fi], newRoster()
			sch := m.schoolFor(int(fi), f, 0)
			m.childSch[len(m.childSch)-1] = sch
			if m.enrol(&r, sch, 0) {
				m.pupils = append(m.pupils, uint64(sch)<<32|uint64(fi))
				m.schools[sch].famN++
			}
			r.setMain(m, f)
		}
		var moves uint32
		for _, t := range []int{la.SchoolAgeMin, la.SecondaryAge, la.SchoolAgeMax + 1} {
			moves |= 1 << (((t-age)%childAges + childAges) % childAges)
		}
		for y := range childAges {
			if moves&(1<<y) != 0 {
				m.movers[y] = append(m.movers[y], fi)
			}
		}
		m.adults[(childAges-age)%childAges] = append(m.adults[(childAges-age)%childAges], fi)
		m.wakes.next = append(m.wakes.next, -1)
		m.wakes.prev = append(m.wakes.prev, -1)
		m.swNext = append(m.swNext, -1)
		m.swPrev = append(m.swPrev, -1)
		m.episode = append(m.episode, 0)
		for len(m.awake)*64 < len(m.families) {
			m.awake = append(m.awake, 0)
			m.onsetNow = append(m.onsetNow, 0)
		}
	}
	if onRoll {
		m.placePupilFamilies() // famN counted the pairs added
	}
	m.acc.pupilSch = m.childSch
	m.acc.population(float64(n))
	for i := before; i < len(m.families); i++ {
		m.scheduleOnset(uint32(i), m.week)
	}
}

// leaveAt18 lets up to n families leave the LA whose only child reached
// 18 this September, with no baby born in its place, choosing at random
// among those with no open case, support or school-based worker and not
// stepped this week; it returns how many left. A family that leaves keeps
// its place in the arrays with no children (n = 0) and is never stepped
// again.
func (m *Model) leaveAt18(n int, s *Stream) int {
	var cands []uint32
	for _, i := range m.adults[(m.week/weeksPerYear)%childAges] {
		f := &m.families[i]
		if f.n == 1 && f.stage == StageNone && f.support == SupportNone && f.worker < 0 && f.sw < 0 &&
			f.flags&(flagActive|flagWoken) == 0 {
			cands = append(cands, i)
		}
	}
	left, offRoll := 0, false
	for k, i := range cands { // n of the candidates, each set of n equally likely
		if left == n {
			break
		}
		if s.Float64()*float64(len(cands)-k) >= float64(n-left) {
			continue
		}
		f := &m.families[i]
		m.unschedule(i, f)
		if sch := m.childSch[f.first]; sch >= 0 {
			// the baby that would have been born in its place joined a
			// roll this September (la.school_age_min 0): off it again
			m.schools[sch].roll--
			m.childSch[f.first] = -1
			f.main, f.mainType = -1, NumSchoolTypes
			offRoll = true
		}
		f.need, f.n = 0, 0
		m.leftChildren++
		left++
	}
	if offRoll { // the families that left leave the pupil pairs
		m.pupils = slices.DeleteFunc(m.pupils, func(p uint64) bool { return m.families[uint32(p)].n == 0 })
		m.indexPupilFamilies()
	}
	m.acc.population(-float64(left))
	return left
}

// population books children who join (n > 0) or leave (n < 0) the
// population with no stage and no support.
func (a *accounts) population(n float64) {
	a.stock[StageNone] += n
	a.supStock[SupportNone] += n
	if n > 0 {
		a.ledger.Born += n
	} else {
		a.ledger.Left -= n
	}
}
