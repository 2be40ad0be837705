// Durations and ages as the DfE census counts them: how long assessments,
// enquiries, plans and care episodes last, in the census's bands, and the
// ages of the children starting to be looked after and looked after at 31
// March. MODEL.md §4.2 sets each census definition beside the model's.

package sim

import (
	"math"

	"github.com/caseload/caseload/detmath"
)

// Duration stages of durations.csv.
const (
	DurAssessment = iota
	DurS47ToICPC
	DurCINPlan
	DurCPPlan
	DurCareEpisode
	DurCINEpisode
	NumDurStages
)

// DurationStageNames are the stage names of durations.csv.
var DurationStageNames = [NumDurStages]string{"assessment", "s47_to_icpc", "cin_plan", "cp_plan", "care_episode", "cin_episode"}

// Duration statuses: episodes that ended in the measured years, and
// episodes open at the census week.
const (
	DurEnded = iota
	DurOpen
	NumDurStatuses
)

// DurationStatusNames are the status names of durations.csv.
var DurationStatusNames = [NumDurStatuses]string{"ended", "open_at_census"}

// maxDurBands is the most bands of any stage.
const maxDurBands = 9

// DurationBands are the band names of each stage: assessments in working
// days as in CIN census table C2, section 47 to ICPC in working days as in
// table C4, plans and care episodes by length as in table D7, and
// episodes of need (referral to closure) by length as in table B5.
var DurationBands = [NumDurStages][]string{
	DurAssessment:  {"0", "1-10", "11-20", "21-30", "31-40", "41-45", "46-50", "51-60", "61+"},
	DurS47ToICPC:   {"0-10", "11-15", "16-20", "21+"},
	DurCINPlan:     lengthBands,
	DurCPPlan:      lengthBands,
	DurCareEpisode: lengthBands,
	DurCINEpisode:  lengthBands,
}

var lengthBands = []string{"le3m", "3to6m", "6to12m", "1to2y", "ge2y"}

// band upper limits (inclusive): working days, and weeks for lengths
// (3 months = 13 weeks, 6 months = 26, a year = 52, two years = 104).
var (
	assessmentDayTops = [...]int{0, 10, 20, 30, 40, 45, 50, 60}
	s47DayTops        = [...]int{10, 15, 20}
	lengthWeekTops    = [...]int{13, 26, 52, 104}
)

// assessmentDaysMax is the longest assessment of the open-ended band 61+
// of table C2, in working days (assumption: few run past 90).
const assessmentDaysMax = 90

// Durations counts children by stage, status and band, summed over the
// measured years (open episodes over the census weeks).
type Durations [NumDurStages][NumDurStatuses][maxDurBands]float64

// Shares returns the share of each band among the children of a stage and
// status (zeros when there are none).
func (d *Durations) Shares(stage, status int) []float64 {
	n := len(DurationBands[stage])
	out := make([]float64, n)
	var sum float64
	for _, x := range d[stage][status][:n] {
		sum += x
	}
	if sum > 0 {
		for b := range n {
			out[b] = d[stage][status][b] / sum
		}
	}
	return out
}

func bandOf(tops []int, x int) int {
	for b, t := range tops {
		if x <= t {
			return b
		}
	}
	return len(tops)
}

// workingDays is a duration of whole weeks in working days: the last week
// is cut short by 0-4 days drawn from u in [0, 1), so that a stage timed
// in weeks spreads over the days of the census bands.
func workingDays(weeks int, u float64) int {
	return max(0, 5*weeks-int(u*5))
}

// drawAssessmentDays draws an assessment's length in working days from the
// published mix (pipeline.assessment_days), uniform within its band.
func (m *Model) drawAssessmentDays(s *Stream) int {
	return drawInBand(m.assessCum, assessmentDayTops[:], 0, assessmentDaysMax, s)
}

// drawCPLength draws the week of a CP plan's ending review from the
// published mix of lengths (pipeline.cp_length), uniform within its band;
// the 2+ years band runs to three years (assumption).
// pipeline.cp_length_scale stretches or shortens the drawn length (an
// LA's plans last longer or shorter than England's), at least a week.
func (m *Model) drawCPLength(s *Stream) int {
	return m.scaleCPLength(drawInBand(m.cpCum, lengthWeekTops[:], 1, 3*weeksPerYear, s))
}

// scaleCPLength is a CP plan's length in weeks stretched or shortened by
// pipeline.cp_length_scale, at least a week.
func (m *Model) scaleCPLength(w int) int {
	if k := m.p.Pipeline.CPLengthScale; k != 1 {
		w = max(1, int(math.Round(float64(w)*k)))
	}
	return w
}

// drawCINLength draws the week a CIN plan opened by an assessment or
// enquiry ends from pipeline.cin_length, uniform within its band; the 2+
// years band runs to pipeline.cin_length_max.
func (m *Model) drawCINLength(s *Stream) int {
	return drawInBand(m.cinCum, lengthWeekTops[:], 1, m.cinLast, s)
}

// cinLastWeek is the longest CIN plan of drawn length in weeks
// (pipeline.cin_length_max), past the top of the 1-2 years band.
func cinLastWeek(pl *Pipeline) int {
	return max(lengthWeekTops[len(lengthWeekTops)-1]+1, int(math.Round(float64(pl.CINLengthMax*weeksPerYear))))
}

// openLengths are the cumulative shares of the bands of the lengths of
// the plans open at a steady state, given the shares of the plans started
// (or ended) in each band of lengthWeekTops (the last running to last
// weeks): at a steady state the plans open at a moment are the plans
// started in each band in proportion to its share times its length, so
// each band's share is weighted by its mean length (drawInBand draws
// uniformly within a band). Stocks seeded from these, with a uniform part
// of each length already passed (seedStocks), hold as many plans a year
// later as at the start; drawn as new plans' lengths, the short ones,
// two thirds of CIN plans, would end in the first weeks, and the children
// in need of the first year would be a fifth fewer than where they settle
// (TestStartingStocksHoldTheirLevel).
func openLengths(shares []float64, last int) []float64 {
	w := make([]float64, len(shares))
	for b, x := range shares {
		lo, hi := bandRange(b, lengthWeekTops[:], 1, last)
		w[b] = float64(x * float64(lo+hi) / 2)
	}
	return cumulative(w)
}

// drawInBandOpen is drawInBand for the length of a plan open at a steady
// state, from openLengths' shares: within its band a whole length l is
// drawn in proportion to l, by inverting the band's cumulative weight
// l(l+1)/2 - (lo-1)lo/2.
func drawInBandOpen(openCum []float64, tops []int, first, last int, s *Stream) int {
	lo, hi := bandRange(pick(openCum, s.Float64()), tops, first, last)
	a, z := float64(lo-1)*float64(lo)/2, float64(hi)*float64(hi+1)/2
	c := a + float64(s.Float64()*(z-a))
	l := int(math.Floor(float64(math.Sqrt(1+float64(8*c))-1)/2)) + 1
	return min(hi, max(lo, l))
}

// drawInBand draws a band from its cumulative shares, then a whole number
// uniform within it: band b runs from tops[b-1]+1 (first for the first
// band) to tops[b] (last for the band past the last top).
func drawInBand(cum []float64, tops []int, first, last int, s *Stream) int {
	lo, hi := bandRange(pick(cum, s.Float64()), tops, first, last)
	return lo + s.IntN(hi-lo+1)
}

// bandRange is the first and last whole number of band b: tops[b-1]+1
// (first for the first band) to tops[b] (last for the band past the last
// top).
func bandRange(b int, tops []int, first, last int) (lo, hi int) {
	lo, hi = first, last
	if b > 0 {
		lo = tops[b-1] + 1
	}
	if b < len(tops) {
		hi = tops[b]
	}
	return lo, hi
}

// ended counts an episode of a family's children that ended this week,
// with its length in weeks.
func (a *accounts) ended(stage int, f *family, weeks int) {
	if stage == DurAssessment || stage == DurS47ToICPC {
		panic("sim: ended is for lengths in weeks")
	}
	a.dur[stage][DurEnded][bandOf(lengthWeekTops[:], weeks)] += float64(f.n)
}

// endedDays counts an assessment or enquiry that ended, in working days.
func (a *accounts) endedDays(stage int, f *family, days int) {
	tops := assessmentDayTops[:]
	if stage == DurS47ToICPC {
		tops = s47DayTops[:]
	}
	a.dur[stage][DurEnded][bandOf(tops, days)] += float64(f.n)
	if stage == DurAssessment {
		a.assessDays[min(days, assessmentDaysMax)] += float64(f.n)
	}
}

// lengthStage is the duration stage of a plan or care, -1 for others.
func lengthStage(s Stage) int {
	switch s {
	case StageCIN:
		return DurCINPlan
	case StageCP:
		return DurCPPlan
	case StageCLA:
		return DurCareEpisode
	}
	return -1
}

// Age bands of the looked-after statistics.
const (
	AgeUnder1 = iota
	Age1to4
	Age5to9
	Age10to15
	Age16Plus
	NumAgeBands
)

// AgeBandNames are the suffixes of the age-band metrics.
var AgeBandNames = [NumAgeBands]string{"lt1", "1to4", "5to9", "10to15", "16plus"}

func ageBand(age int) int {
	switch {
	case age < 1:
		return AgeUnder1
	case age < 5:
		return Age1to4
	case age < 10:
		return Age5to9
	case age < 16:
		return Age10to15
	}
	return Age16Plus
}

// careAgeRR is the family's rate ratio of entering care: the highest of
// pipeline.care_age_rr over the age bands of its children (the family
// moves as one, MODEL.md §4, and the child most at risk decides).
func (m *Model) careAgeRR(f *family) float64 {
	rr := 0.0
	for c := f.first; c < f.first+uint32(f.n); c++ {
		rr = max(rr, m.p.Pipeline.CareAgeRR[ageBand(m.ageOf(c))])
	}
	return rr
}

// countAges adds a family's children to age bands.
func (m *Model) countAges(f *family, bands *[NumAgeBands]float64) {
	for c := f.first; c < f.first+uint32(f.n); c++ {
		bands[ageBand(m.ageOf(c))]++
	}
}

// censusScan counts, at the census week, the episodes open (by length so
// far) and the looked-after children by age: one pass over the families a
// year. Every open case is an open episode of need, from its referral.
func (m *Model) censusScan() {
	a := &m.acc
	for i := range m.families {
		f := &m.families[i]
		if f.stage == StageNone {
			continue
		}
		a.dur[DurCINEpisode][DurOpen][bandOf(lengthWeekTops[:], m.week-int(m.episode[i]))] += float64(f.n)
		switch f.stage {
		case StageWaiting:
		case StageAssessment:
			days := workingDays(m.week-int(f.since), 0)
			a.dur[DurAssessment][DurOpen][bandOf(assessmentDayTops[:], days)] += float64(f.n)
		case StageS47:
			days := workingDays(m.week-int(f.since), 0)
			a.dur[DurS47ToICPC][DurOpen][bandOf(s47DayTops[:], days)] += float64(f.n)
		default:
			a.dur[lengthStage(f.stage)][DurOpen][bandOf(lengthWeekTops[:], m.week-int(f.since))] += float64(f.n)
			if f.stage == StageCLA {
				m.countAges(f, &a.claAges)
			}
		}
	}
	a.claAges[Age16Plus] += float64(m.uascCount())
}

// ageOf is child c's age this week. Ages are kept lazily: childAge holds
// each child's age at week 0 (the first September) and every 52 weeks,
// each September, every child is a year older. A young person who reaches
// 18 leaves children's services and a baby is born into the family in
// their place (age 0), so the number of children stays the same.
func (m *Model) ageOf(c uint32) int {
	return (int(m.childAge[c]) + m.ageYear) % childAges
}

// newAgeYear makes every child a year older (September). The chances of a
// crisis and of care from a CP plan depend on the children's ages
// (pipeline.care_age_rr) at the highest need only, so the sleeping
// families at that need whose bounds change are rescheduled (wakes.go),
// those the look-ahead found no event for before the end of the run too.
func (m *Model) newAgeYear() {
	m.atRisk, m.atRiskH = m.atRisk[:0], m.atRiskH[:0]
	for i := range m.families {
		f := &m.families[i]
		if f.need == maxNeed && asleepUnderBounds(f) {
			m.atRisk = append(m.atRisk, uint32(i))
			m.atRiskH = append(m.atRiskH, m.sleepHazards(f))
		}
	}
	m.ageYear = m.week / weeksPerYear
	for k, i := range m.atRisk {
		f := &m.families[i]
		if h := m.sleepHazards(f); h != m.atRiskH[k] {
			m.unschedule(i, f)
			m.scheduleWakeUnder(i, m.week, &h)
		}
	}
}

// leaveCareAt18 is the September pass: a family looked after whose child
// reaches 18 this week leaves care (the family's children move together,
// MODEL.md §4). Only the families with a child reaching 18 (m.adults) are
// looked at.
func (m *Model) leaveCareAt18() {
	for _, i := range m.adults[(m.week/weeksPerYear)%childAges] {
		f := &m.families[i]
		if f.stage != StageCLA {
			continue
		}
		m.activate(i)
		m.acc.flow(FCareLeavers, f)
		m.acc.flow(FCareLeavers18, f)
		f.need = min(f.need, leaverNeed)
		m.close(i, f)
	}
}

// newSchoolYear moves the children between schools each September: a
// child joins a roll at la.school_age_min, moves to secondary at
// la.secondary_age and leaves the roll after la.school_age_max; the rolls,
// the families' main schools and each school's list of pupil families
// follow. Only the families with a child at one of those ages (m.movers)
// are looked at; the list of pupil families is merged, in family order. A
// sleeping family whose bounds changed with its school (wakes.go) is
// rescheduled, one the look-ahead found no event for before the end of the
// run too.
func (m *Model) newSchoolYear() {
	movers := m.movers[(m.week/weeksPerYear)%childAges]
	if y := m.years; y != nil && !y.recording {
		if r := y.lookup(m, movers); r != nil {
			m.copySchoolYear(r, movers)
			y.copied++
			return
		}
		m.years = nil // families not those of the record: this scenario makes its own Septembers
	}
	old, next := m.pupils, m.pupils2[:0]
	k := 0 // the next pupil pair of old
	for _, i := range movers {
		for k < len(old) && uint32(old[k]) < i {
			next = append(next, old[k])
			k++
		}
		for k < len(old) && uint32(old[k]) == i {
			m.schools[old[k]>>32].famN-- // the family's old schools
			k++
		}
		f := &m.families[i]
		asleep := asleepUnderBounds(f)
		var before sleepHazards
		if asleep {
			before = m.sleepHazards(f)
		}
		// each child leaves its roll and joins its new one, and the
		// family is listed at its new schools
		main := f.main
		r := newRoster()
		for c := f.first; c < f.first+uint32(f.n); c++ {
			if sch := m.childSch[c]; sch >= 0 {
				m.schools[sch].roll--
			}
			age := m.ageOf(c)
			sch := m.schoolFor(int(i), f, age)
			m.childSch[c] = sch
			if m.enrol(&r, sch, age) {
				next = append(next, uint64(sch)<<32|uint64(i))
				m.schools[sch].famN++
			}
		}
		r.setMain(m, f)
		m.rescheduleAtSchool(i, f, asleep, main, &before)
	}
	next = append(next, old[k:]...)
	m.pupils, m.pupils2 = next, old
	m.placePupilFamilies() // famN counted the pairs dropped and added
	if y := m.years; y != nil && y.recording {
		y.record(m, movers)
	}
}

// rescheduleAtSchool reschedules a family that was asleep under bounds
// before (asleep) with main school main, once its main school for the new
// school year is set, where its bounds changed. Of what the bounds read,
// only the main school changes in September's moves (the ages changed in
// newAgeYear): with the same main school they are the same values, and
// differ from before only where one is NaN, which the test before !=
// before keeps.
func (m *Model) rescheduleAtSchool(i uint32, f *family, asleep bool, main int32, before *sleepHazards) {
	if asleep && (f.main != main || *before != *before) {
		if h := m.sleepHazards(f); h != *before {
			m.unschedule(i, f)
			m.scheduleWakeUnder(i, m.week, &h)
		}
	}
}

// uascArrivals brings this week's unaccompanied asylum-seeking children
// into care (uasc.*): they are looked after on arrival, not through a
// referral, and leave care at 18.
func (m *Model) uascArrivals() {
	u := &m.p.UASC
	s := m.keys.Stream(0, m.week, PurposeUASC)
	// leavers first: the ring holds each child's leaving week
	k := 0
	for _, w := range m.uasc {
		if int(w) > m.week {
			m.uasc[k] = w
			k++
		} else {
			m.acc.uascLeave()
		}
	}
	m.uasc = m.uasc[:k]
	mean := u.EntriesPer10k * float64(m.Children()) / perTenThousand / weeksPerYear
	for n := s.Poisson(mean); n > 0; n-- {
		// weeks to the 18th birthday: one to two years at 16, up to one at 17
		stay := 1 + s.IntN(weeksPerYear)
		age := 17
		if s.Bernoulli(u.Age16Share) {
			stay += weeksPerYear
			age = 16
		}
		m.uasc = append(m.uasc, int32(m.week+stay))
		m.acc.uascEntry(age)
		if m.rec != nil {
			m.rec.uascEntry(m.week, age, m.week+stay)
		}
	}
}

func (m *Model) uascCount() int { return len(m.uasc) }

// seedUASC starts the looked-after UASC at their steady state: the
// arrivals of the last two years still in care.
func (m *Model) seedUASC() {
	u := &m.p.UASC
	s := m.keys.Stream(3, 0, PurposeBuild)
	mean := u.EntriesPer10k * float64(m.Children()) / perTenThousand / weeksPerYear
	for back := 2 * weeksPerYear; back > 0; back-- {
		for n := s.Poisson(mean); n > 0; n-- {
			stay := 1 + s.IntN(weeksPerYear)
			if s.Bernoulli(u.Age16Share) {
				stay += weeksPerYear
			}
			if stay > back {
				m.uasc = append(m.uasc, int32(stay-back))
			}
		}
	}
}

// demand is the multiplier of every referral route in week w (demand.*):
// the trend compounded from the first measured week, and the shock, a
// step or a linear ramp to its full size.
func (m *Model) demand(w int) float64 {
	d := &m.p.Demand
	t := w - m.p.WarmupWeeks
	if t < 0 || (d.Trend == 0 && d.Shock == 0) {
		return 1
	}
	x := detmath.Pow(1+d.Trend, float64(t)/weeksPerYear)
	if t >= d.ShockWeek {
		ramp := 1.0
		if d.ShockRampWeeks > 0 {
			ramp = min(1, float64(t-d.ShockWeek+1)/float64(d.ShockRampWeeks))
		}
		x *= 1 + float64(d.Shock*ramp)
	}
	return x
}

// demandMax is the largest demand multiplier of the run: the bound of the
// referral hazards of a sleeping family (wakes.go).
func (m *Model) demandMax() float64 {
	hi := 1.0
	for w := m.p.WarmupWeeks; w <= m.totalWeeks(); w++ {
		hi = max(hi, m.demand(w))
	}
	return hi
}

// assessmentMedian is the median working days of the assessments
// completed (the lowest number of days with half of them at or below).
func (a *accounts) assessmentMedian() float64 {
	total := sumOf(a.assessDays[:])
	var acc float64
	for d, n := range a.assessDays {
		acc += n
		if total > 0 && acc >= total/2 {
			return float64(d)
		}
	}
	return 0
}

// add adds the counts of another area.
func (d *Durations) add(o *Durations) {
	for s := range d {
		for t := range d[s] {
			for b := range d[s][t] {
				d[s][t][b] += o[s][t][b]
			}
		}
	}
}
