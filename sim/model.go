package sim

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	"github.com/caseload/caseload/detmath"
)

// Stage is where a family stands in the statutory pipeline (MODEL.md §4).
// A family is in exactly one stage; all its children move with it.
type Stage uint8

// Stages. StageNone means no open statutory case.
const (
	StageNone Stage = iota
	StageWaiting
	StageAssessment
	StageS47
	StageCIN
	StageCP
	StageCLA
	NumStages
)

// StageNames are the output names of the stages.
var StageNames = [NumStages]string{"none", "waiting", "assessment", "s47", "cin_plan", "cp_plan", "cla"}

// Support is the non-statutory help a family with no open case receives.
type Support uint8

// Kinds of non-statutory support.
const (
	SupportNone Support = iota
	SupportEarlyHelp
	SupportIntensive
	SupportMonitoring
	NumSupports
)

// SupportNames are the output names of the kinds of support.
var SupportNames = [NumSupports]string{"none", "early_help", "school_intensive", "school_monitoring"}

const (
	flagDeprived uint8 = 1 << iota
	flagActive
	flagCoWork
	flagCrisis
	flagWoken    // woken from the wake queue for a week that may hold an event of hidden need
	flagSpecial  // the children go to a special school
	flagAP       // the children of secondary age go to alternative provision
	flagAssessed // the enquiry under way follows a completed assessment
)

// family is one household. Need, stage and support are properties of the
// family and touch all its children.
type family struct {
	first    uint32 // index of the first child in the child arrays
	n        uint8  // number of children
	need     uint8
	stage    Stage
	support  Support
	flags    uint8
	locality uint16
	main     int32 // school of the eldest pupil, -1 when none is on a roll
	mainType uint8 // type of the main school, NumSchoolTypes when none
	due      int32 // week the current stage or support ends (timer)
	since    int32 // week the current stage began
	referred int32 // week of the last referral, -1 never
	worker   int32 // school-based worker slot holding casework or co-work, -1 none
	wake     int32 // week the family is next due to be stepped while asleep (wakes.go), -1 none
	sw       int32 // statutory post holding the open case (statworkers.go), -1 none
	wd       uint8 // working days of the assessment under way
}

// school is one school with its staff and any school-based worker.
type school struct {
	typ           uint8
	locality      uint16
	roll          int32
	fsm           float64
	confidence    float64
	receptiveness float64
	integration   float64
	slot          int32   // worker slot covering this school, -1 none
	effect        float64 // integration × dose this week, 0-1
	group         float64 // integration × reach of group work this week, 0-1
	famFirst      int32   // index into School.families of its first pupil family
	famN          int32
}

// slot is one school-based worker post.
type slot struct {
	team, role int
	fte        float64
	schools    []int32
	filled     bool // an employed worker is in post
	agency     bool // vacant but covered by an agency worker
	freeHours  float64
	intensive  int
	monitoring int
	cowork     int
	// young people below the need threshold in the worker's casework
	// (role sub_threshold_intake): intensive, then monitoring
	subIntensive, subMonitoring int
}

// present reports whether somebody is doing the job this week.
func (s *slot) present() bool { return s.filled || s.agency }

// Model is one replication of one scenario: the LA, its families and
// workers, and the counters. Build it with New, advance it with Step.
type Model struct {
	p    Params
	keys Keys
	cal  [weeksPerYear]bool // term week?

	families   []family
	childAge   []uint8
	childSch   []int32
	schools    []school
	schoolFams []uint32 // pupil families per school, school by school
	pupils     []uint64 // (school, family) pairs while building, in family order
	slots      []slot
	roles      []Role
	roleNames  []string
	roleClass  []int // index of each role in CaseloadRoles, -1 for others
	teamNames  []string

	awake    []uint64       // families stepped this week: a bitset by family index
	onsetNow []uint64       // of those, the ones whose need arose this week in the wake queue (wake): a bitset by family index
	nAwake   int            // families in awake
	pending  []uint32       // families activated this week, admitted at week end
	wakes    wakeQueue      // sleeping families by the week they are next stepped
	onsetLog [2]onsetHazard // without and with deprivation
	queue    []uint32       // families waiting for an assessment, in arrival order

	// statutory team
	posts, employed int
	agencyFTE       float64
	traineeLoad     float64   // statutory FTE spent supervising trainees
	bySchool        [][]int32 // schools by type and locality
	// families with a child who joins, changes or leaves a roll, and with
	// a child who reaches 18, in the Septembers of years ≡ y (mod 18)
	movers, adults [childAges][]uint32
	pupils2        []uint64     // the next pupils list, swapped with pupils
	years          *schoolYears // the Septembers' moves shared with the other scenarios of a warm-up (schoolyears.go); nil but in SimulateShared
	ageYear        int          // school years since week 0: the children's ages (ageOf)
	atRisk         []uint32     // September: sleeping families at the highest need
	atRiskH        []sleepHazards
	sposts         []statPost
	staffed        []int32 // posts with a worker (employed or agency)
	swNext, swPrev []int32 // per family: the caseload list of its worker
	episode        []int32 // per family: week its open case's episode of need began (its referral)

	leftChildren int // children of the families that have left (births.go)
	bornExtra    int // births beyond replacement so far (negative: births short of it)

	uasc      []int32   // week each looked-after UASC leaves care
	assessCum []float64 // cumulative pipeline.assessment_days
	cpCum     []float64 // cumulative pipeline.cp_length
	cinCum    []float64 // cumulative pipeline.cin_length
	cinLast   int       // the longest CIN plan of drawn length, weeks (cinLastWeek)
	demandHi  float64   // the largest demand multiplier of the run
	demandW   float64   // the demand multiplier of this week

	week     int // absolute week, 0 at the start of the warm-up
	measured bool
	obs      Observer
	sched    scheduleObserver // obs, where it is also told of each family put to sleep (tests); nil in runs
	stepAll  bool             // every family stepped every week, none asleep: the process the wake queue must match (tests, everyWeekObserver); false in runs
	rec      *Recorder        // nil unless records are asked for (recorder.go)
	acc      accounts
	work     Work
}

// Children returns the number of children in the LA.
func (m *Model) Children() int { return len(m.childAge) - m.leftChildren }

// Families returns the number of families.
func (m *Model) Families() int { return len(m.families) }

// Schools returns the number of schools.
func (m *Model) Schools() int { return len(m.schools) }

// New builds replication rep of scenario p under the master seed. The
// population and schools depend only on the LA parameters, the seed and the
// replication, never on the school-based workforce, so scenarios compared on
// the same seed share the same families.
func New(p Params, seed uint64, rep int, obs Observer) *Model {
	return build(p, seed, rep, obs, nil)
}

// build is New, reusing the large arrays of spare (a finished model, or
// nil): every element the new model reads it first writes.
func build(p Params, seed uint64, rep int, obs Observer, spare *Model) *Model {
	m := &Model{p: p, keys: NewKeys(seed, rep), obs: obs}
	m.sched, _ = obs.(scheduleObserver)
	if o, ok := obs.(everyWeekObserver); ok {
		m.stepAll = o.stepsEveryFamily()
	}
	if spare != nil {
		m.families, m.childAge, m.childSch = spare.families[:0], spare.childAge[:0], spare.childSch[:0]
		m.pupils, m.schoolFams = spare.pupils[:0], spare.schoolFams[:0]
		m.schools = spare.schools[:0]
		m.wakes, m.awake, m.onsetNow = spare.wakes, spare.awake[:0], spare.onsetNow[:0]
		m.pending, m.queue = spare.pending[:0], spare.queue[:0]
		m.pupils2, m.uasc = spare.pupils2[:0], spare.uasc[:0]
		m.sposts, m.staffed = spare.sposts[:0], spare.staffed[:0]
		m.swNext, m.swPrev = spare.swNext[:0], spare.swPrev[:0]
		m.episode = spare.episode[:0]
		m.atRisk, m.atRiskH = spare.atRisk[:0], spare.atRiskH[:0]
		m.movers, m.adults = spare.movers, spare.adults
	}
	for w := range m.cal {
		m.cal[w] = true
	}
	for _, h := range p.Calendar.HolidayWeeks {
		m.cal[h-1] = false
	}
	m.buildSchools()
	m.buildFamilies()
	m.buildWorkforce()
	m.buildStatutory()
	m.wakes.reset(m.totalWeeks()+1, len(m.families))
	m.awake = slices.Grow(m.awake[:0], (len(m.families)+63)/64)[:(len(m.families)+63)/64]
	clear(m.awake)
	m.onsetNow = slices.Grow(m.onsetNow[:0], len(m.awake))[:len(m.awake)]
	clear(m.onsetNow)
	m.demandHi, m.demandW = m.demandMax(), m.demand(0)
	m.onsetLog = m.onsetHazards()
	m.assessCum = cumulative(p.Pipeline.AssessmentDays[:])
	m.cpCum = cumulative(p.Pipeline.CPLength[:])
	m.cinCum = cumulative(p.Pipeline.CINLength[:])
	m.cinLast = cinLastWeek(&p.Pipeline)
	m.episode = slices.Grow(m.episode[:0], len(m.families))[:len(m.families)]
	clear(m.episode)
	m.seedStocks() // dates the episodes of the cases open at the start
	m.seedUASC()
	for i := range m.families {
		if f := &m.families[i]; caseHolding(f.stage) {
			m.allocateWorker(uint32(i), f)
		}
	}
	for i := range m.families {
		f := &m.families[i]
		switch {
		case m.stepAll || !sleeps(f):
			m.activate(uint32(i))
		case f.need == 0 && f.stage == StageNone:
			m.scheduleOnset(uint32(i), 0)
		default:
			m.scheduleWake(uint32(i), 0)
		}
	}
	m.admitPending()
	m.acc.init(m)
	return m
}

func (m *Model) totalWeeks() int { return m.p.WarmupWeeks + weeksPerYear*m.p.Years }

// termWeek reports whether absolute week w is in term.
func (m *Model) termWeek(w int) bool { return m.cal[w%weeksPerYear] }

// A school's FSM share is kept within [minSchoolFSM, maxSchoolFSM]: no
// school in England has none or all of its pupils eligible (assumption).
const minSchoolFSM, maxSchoolFSM = 0.01, 0.95

// childAges are the ages 0–17 of the children of the model, the population
// of the DfE rates per 10,000 children.
const childAges = 18

func (m *Model) buildSchools() {
	la := m.p.LA
	s := m.keys.Stream(0, 0, PurposeBuild)
	locFSM := make([]float64, la.Localities)
	for l := range locFSM {
		locFSM[l] = s.Beta(la.FSMMean, la.FSMSpread)
	}
	counts := [NumSchoolTypes]int{la.Schools.Primary, la.Schools.Secondary, la.Schools.Special, la.Schools.AlternativeProvision}
	m.schools = slices.Grow(m.schools[:0], counts[0]+counts[1]+counts[2]+counts[3])
	for typ, n := range counts {
		for i := range n {
			loc := i % la.Localities
			fsm := math.Min(maxSchoolFSM, math.Max(minSchoolFSM, locFSM[loc]+float64(la.Schools.DeprivationNoise*s.Normal())))
			m.schools = append(m.schools, school{
				typ: uint8(typ), locality: uint16(loc), fsm: fsm,
				confidence:    s.Beta(la.ConfidenceMean, la.ConfidenceSpread),
				receptiveness: s.Beta(la.ReceptivenessMean, la.ReceptivenessSpread),
				slot:          -1,
			})
		}
	}
}

// schoolsOf returns the schools of a type in a locality, falling back to the
// whole LA when the locality has none of that type.
func (m *Model) schoolsOf(typ int, loc int) []int32 {
	var out, all []int32
	for i, sc := range m.schools {
		if int(sc.typ) != typ {
			continue
		}
		all = append(all, int32(i))
		if int(sc.locality) == loc {
			out = append(out, int32(i))
		}
	}
	if len(out) == 0 {
		return all
	}
	return out
}

func (m *Model) buildFamilies() {
	la := m.p.LA
	s := m.keys.Stream(1, 0, PurposeBuild)
	locFSM := make([]float64, la.Localities)
	m.bySchool = make([][]int32, NumSchoolTypes*la.Localities)
	bySchool := m.bySchool
	for l := range la.Localities {
		var sum float64
		var k int
		for _, sc := range m.schools {
			if int(sc.locality) == l {
				sum += sc.fsm
				k++
			}
		}
		locFSM[l] = la.FSMMean
		if k > 0 {
			locFSM[l] = sum / float64(k)
		}
		for typ := range NumSchoolTypes {
			bySchool[typ*la.Localities+l] = m.schoolsOf(typ, l)
		}
	}
	sizes := newPicker(cumulative(la.FamilySize))
	meanSize := 0.0
	for k, w := range la.FamilySize {
		meanSize += float64(float64(k+1) * w)
	}
	m.families = slices.Grow(m.families[:0], int(float64(la.Children)/meanSize*1.05)+16)
	fams := int(float64(la.Children)/meanSize) + 16
	for y := range childAges {
		// about a third of families have a child at a roll's threshold age
		// in a given year, and one in eight a child reaching 18
		m.movers[y] = slices.Grow(m.movers[y][:0], fams*2/5)
		m.adults[y] = slices.Grow(m.adults[y][:0], fams/7)
	}
	m.childAge = slices.Grow(m.childAge[:0], la.Children)
	m.childSch = slices.Grow(m.childSch[:0], la.Children)
	m.pupils = slices.Grow(m.pupils[:0], la.Children/2) // about one pupil family per two children
	// bit y of moveAt[age] and adultAt[age]: a child of that age in week 0
	// reaches a roll's threshold age, or 18, in the Septembers of years ≡ y
	// (mod 18); worked out once per age rather than once per child
	var moveAt, adultAt [childAges]uint32
	for age := range childAges {
		for _, t := range []int{la.SchoolAgeMin, la.SecondaryAge, la.SchoolAgeMax + 1} {
			moveAt[age] |= 1 << (((t-age)%childAges + childAges) % childAges)
		}
		adultAt[age] = 1 << ((childAges - age) % childAges)
	}
	// the children are written in place and the lists of movers and
	// adults appended to through local copies of their headers, which the
	// compiler keeps off the model in this hot loop
	ages, schs := m.childAge[:la.Children], m.childSch[:la.Children]
	movers, adults := m.movers, m.adults
	for c := 0; c < la.Children; {
		n := sizes.pick(s.Float64()) + 1
		n = min(n, la.Children-c)
		loc := s.IntN(la.Localities)
		f := family{first: uint32(c), n: uint8(n), locality: uint16(loc),
			main: -1, due: -1, since: -1, referred: -1, worker: -1, wake: -1, sw: -1}
		if s.Bernoulli(locFSM[loc]) {
			f.flags |= flagDeprived
		}
		if s.Bernoulli(la.Schools.SpecialShare) {
			f.flags |= flagSpecial
		} else if s.Bernoulli(la.Schools.AlternativeProvisionShare) {
			f.flags |= flagAP
		}
		fi := len(m.families)
		var moves, adult uint32 // bit y: in Septembers of years ≡ y (mod 18)
		r := newRoster()
		for range n {
			age := s.IntN(childAges)
			sch := m.schoolFor(fi, &f, age)
			ages[c], schs[c] = uint8(age), sch
			c++
			if m.enrol(&r, sch, age) {
				m.pupils = append(m.pupils, uint64(sch)<<32|uint64(fi))
			}
			moves |= moveAt[age]
			adult |= adultAt[age]
		}
		for b := moves; b != 0; b &= b - 1 {
			y := bits.TrailingZeros32(b)
			movers[y] = append(movers[y], uint32(fi))
		}
		for b := adult; b != 0; b &= b - 1 {
			y := bits.TrailingZeros32(b)
			adults[y] = append(adults[y], uint32(fi))
		}
		r.setMain(m, &f)
		m.families = append(m.families, f)
	}
	m.childAge, m.childSch = ages, schs
	m.movers, m.adults = movers, adults
	m.indexPupilFamilies()
	// the pupil lists of later Septembers: room for rolls that grow a
	// little. Both are sized from the length, never from the other's
	// capacity: the two lists swap every September and pass from one
	// model to the next (Workspace), and sizing one from the other's
	// capacity let append's growth compound from LA to LA
	// (TestWorkspaceMemoryStaysBounded).
	room := len(m.pupils) + len(m.pupils)/8
	m.pupils = slices.Grow(m.pupils, room-len(m.pupils))
	m.pupils2 = slices.Grow(m.pupils2[:0], room)
	m.atRisk = slices.Grow(m.atRisk[:0], len(m.families)/50)
	m.atRiskH = slices.Grow(m.atRiskH[:0], len(m.families)/50)
}

// schoolFor is the school of a child of family fi at an age: none below
// la.school_age_min or above la.school_age_max; else a primary, from
// la.secondary_age a secondary, or the special school or alternative
// provision of the family. Siblings share a school of the same phase: the
// school is a hash of the family and the type.
func (m *Model) schoolFor(fi int, f *family, age int) int32 {
	la := &m.p.LA
	if age < la.SchoolAgeMin || age > la.SchoolAgeMax {
		return -1
	}
	typ := Primary
	switch {
	case f.flags&flagSpecial != 0 && la.Schools.Special > 0:
		typ = Special
	case f.flags&flagAP != 0 && la.Schools.AlternativeProvision > 0 && age >= la.SecondaryAge:
		typ = AltProvision
	case age >= la.SecondaryAge:
		typ = Secondary
	}
	cands := m.bySchool[typ*la.Localities+int(f.locality)]
	if len(cands) == 0 {
		return -1
	}
	return cands[int(mix(m.keys.base^(uint64(fi)<<3|uint64(typ)))%uint64(len(cands)))]
}

// roster is what is gathered of a family's pupils child by child, to
// place them (enrol): the school of its eldest pupil so far and the types
// of school it is already listed at.
type roster struct {
	main   int32
	eldest int
	seen   uint8 // bit t: listed at a school of type t
}

func newRoster() roster { return roster{main: -1, eldest: -1} }

// enrol adds a child at school sch (none when negative), aged age, to the
// school's roll, and reports whether the school is new to the family: the
// caller lists the family there (a pupil pair), so that the family is
// listed once at each of its schools, in the order of its children.
// Siblings at one type of school share the school (schoolFor), so a type
// new to the family is a school new to it.
func (m *Model) enrol(r *roster, sch int32, age int) bool {
	if sch < 0 {
		return false
	}
	sc := &m.schools[sch]
	sc.roll++
	if age > r.eldest {
		r.eldest, r.main = age, sch
	}
	bit := uint8(1) << sc.typ
	if r.seen&bit != 0 {
		return false
	}
	r.seen |= bit
	return true
}

// setMain sets the family's main school, that of its eldest pupil, once
// all its children are enrolled.
func (r *roster) setMain(m *Model, f *family) {
	f.main, f.mainType = r.main, NumSchoolTypes
	if r.main >= 0 {
		f.mainType = m.schools[r.main].typ
	}
}

// indexPupilFamilies lists each school's pupil families (each family once
// per school, in family order) in one flat array, from the (school,
// family) pairs of m.pupils: count, then place.
func (m *Model) indexPupilFamilies() {
	schools := m.schools // local: the loop stores into schools
	for i := range schools {
		schools[i].famN = 0
	}
	for _, p := range m.pupils {
		schools[p>>32].famN++
	}
	m.placePupilFamilies()
}

// placePupilFamilies is indexPupilFamilies once each school's famN holds
// its number of pupil pairs (newSchoolYear keeps the counts up to date as
// it changes the pairs, and leaves them so).
func (m *Model) placePupilFamilies() {
	schools, pupils := m.schools, m.pupils
	var total int32
	for i := range schools {
		sc := &schools[i]
		sc.famFirst = total
		total += sc.famN
		sc.famN = 0
	}
	fams := slices.Grow(m.schoolFams[:0], int(total))[:total]
	for _, p := range pupils {
		sc := &schools[p>>32]
		fams[sc.famFirst+sc.famN] = uint32(p)
		sc.famN++
	}
	m.schoolFams = fams
}

func cumulative(w []float64) []float64 {
	out := make([]float64, len(w))
	var sum float64
	for _, x := range w {
		sum += x
	}
	var acc float64
	for i, x := range w {
		acc += x / sum
		out[i] = acc
	}
	return out
}

func pick(cum []float64, u float64) int {
	i, _ := slices.BinarySearch(cum, u)
	return min(i, len(cum)-1)
}

// picker is pick for the short tables the build draws from once per
// family (family sizes, starting need), where a scan from the front is a
// few comparisons against a binary search's call and bookkeeping. The scan
// stops at the first entry not below u in cmp order, which is the index
// slices.BinarySearch finds whenever the table is sorted in that order, as
// cumulative's tables are for weights that are all finite and at least 0
// (or all NaN when they sum to 0). A table that is not sorted (a negative
// weight) keeps the binary search, so every draw gives the index pick
// gives.
type picker struct {
	cum    []float64
	sorted bool
}

func newPicker(cum []float64) picker {
	return picker{cum: cum, sorted: len(cum) > 0 && slices.IsSorted(cum)}
}

func (p picker) pick(u float64) int {
	if !p.sorted {
		return pickUnsorted(p.cum, u)
	}
	i := 0
	for i < len(p.cum)-1 && cmp.Less(p.cum[i], u) {
		i++
	}
	return i
}

// pickUnsorted is pick, kept out of line (the binary search would be
// inlined into it) so that the scan of picker.pick stays short.
//
//go:noinline
func pickUnsorted(cum []float64, u float64) int { return pick(cum, u) }

func (m *Model) buildStatutory() {
	st := &m.p.Statutory
	m.posts = max(1, int(math.Round(st.Posts))) // posts > 0: at least one (TestAFractionOfAPostIsOne)
	m.employed = int(math.Round(float64(m.posts) * (1 - st.VacancyRate)))
	m.buildPosts()
}

// statutoryFTE is the case-holding capacity this week: employed workers plus
// agency cover.
func (m *Model) statutoryFTE() float64 { return float64(m.employed) + m.agencyFTE }

// seedStocks starts the need levels at the model's steady state
// (need.initial_shares, measured by tools/calibrate) and the statutory
// stocks at the census figures, each family's need drawn from the need
// of its stage at the steady state (pipeline.initial_need_*), so that the
// warm-up starts near steady state.
func (m *Model) seedStocks() {
	nd := &m.p.Need
	cum := [2]picker{newPicker(cumulative(nd.InitialShares[:])), newPicker(cumulative(nd.InitialSharesDeprived[:]))}
	s := m.keys.Stream(2, 0, PurposeBuild)
	for i := range m.families {
		f := &m.families[i]
		d := 0
		if f.flags&flagDeprived != 0 {
			d = 1
		}
		f.need = uint8(cum[d].pick(s.Float64()))
	}
	per := float64(m.Children()) / perTenThousand
	pl := &m.p.Pipeline
	targets := []struct {
		stage Stage
		n     float64
		need  picker
	}{
		{StageCLA, pl.InitialCLA * per, newPicker(cumulative(pl.InitialNeedCLA[:]))},
		{StageCP, pl.InitialCP * per, newPicker(cumulative(pl.InitialNeedCP[:]))},
		{StageCIN, pl.InitialCIN * per, newPicker(cumulative(pl.InitialNeedCIN[:]))},
	}
	// a looked-after family leaves care when one of its children reaches
	// 18 and a baby is born in its place: at the start, a family whose
	// youngest child is a years old has been open to care for 52a weeks,
	// and at the steady state of a constant leaving hazard h it is looked
	// after in proportion to 1 - e^(-52ah) (the chance of entering care is
	// small beside h). Families are drawn with that weight, so the ages of
	// the looked-after start as at the steady state, and as many leave at
	// 18 in the first years as later (TestLAStartsAtItsSteadyState).
	var exposed [childAges]float64
	for a := range exposed {
		exposed[a] = 1 - detmath.Exp(-float64(weeksPerYear*a)*m.p.Pipeline.CareLeave)
		if float64(weeksPerYear*(childAges-1))*m.p.Pipeline.CareLeave < 1e-9 {
			// no leaving but at 18: the limit of a small h, in
			// proportion to the weeks open to care (with every weight
			// 0, no looked-after family would be placed at all)
			exposed[a] = float64(a) / (childAges - 1)
		}
	}
	// a plan open at a steady state is more likely a long one, in
	// proportion to its length, and is found uniformly within it: the
	// bands of the open plans' lengths are weighted by their means
	// (openLengths), and the weeks already passed drawn within the length
	cpOpen, cinOpen := openLengths(pl.CPLength[:], 3*weeksPerYear), openLengths(pl.CINLength[:], m.cinLast)
	for _, tg := range targets {
		placed := 0
		for tries := 0; float64(placed) < tg.n && tries < 50*len(m.families); tries++ {
			j := s.IntN(len(m.families))
			f := &m.families[j]
			if f.stage != StageNone {
				continue
			}
			if tg.stage == StageCLA && s.Float64() >= exposed[m.youngest(f)] {
				continue
			}
			f.need = uint8(tg.need.pick(s.Float64()))
			f.stage = tg.stage
			switch {
			case tg.stage == StageCP:
				// a plan of a length drawn as an open one's (drawCPLength
				// of the open plans), part of it passed
				w := m.scaleCPLength(drawInBandOpen(cpOpen, lengthWeekTops[:], 1, 3*weeksPerYear, &s))
				f.since = -int32(s.IntN(w))
				f.due = f.since + int32(w)
			case tg.stage == StageCIN && f.need < maxNeed:
				// as a plan an assessment opens (openCIN), ending when the
				// episode of need reaches its length, drawn as an open
				// one's, part of it passed
				w := drawInBandOpen(cinOpen, lengthWeekTops[:], 1, m.cinLast, &s)
				f.since = -int32(s.IntN(w))
				f.due = f.since + int32(w)
			case tg.stage == StageCLA:
				f.since = -int32(m.carePassed(&s, m.youngest(f)))
			default:
				// CIN at the highest need, closed at a weekly rate
				// (pipeline.cin_end_high) that no time passed changes
				f.since = -int32(s.IntN(weeksPerYear))
			}
			m.episode[j] = f.since // the episode of need began with the stage
			placed += int(f.n)
		}
	}
}

// carePassed draws the weeks a starting looked-after family has been in
// care, given the age a of its youngest child: at a steady state where
// care is left at the weekly rate h (pipeline.care_leave) and entered at
// a steady rate over the 52a weeks the family has been open to it, the
// weeks passed t of those still in care have density in proportion to
// e^(-ht) on [0, 52a) (uniform with h 0), drawn by inversion.
func (m *Model) carePassed(s *Stream, a int) int {
	span := float64(weeksPerYear * max(1, a))
	u := s.Float64()
	h := m.p.Pipeline.CareLeave
	if float64(h*span) < 1e-9 {
		// no leaving (or so little that 1 - e^(-h·span) would round
		// away): uniform, the limit of a small h
		return int(float64(u * span))
	}
	t := -detmath.Log(1-float64(u*(1-detmath.Exp(-float64(h*span))))) / h
	return min(int(span)-1, int(t))
}

// youngest is the age of a family's youngest child.
func (m *Model) youngest(f *family) int {
	a := childAges
	for _, x := range m.childAge[f.first : f.first+uint32(f.n)] {
		a = min(a, int(x))
	}
	return min(a, childAges-1)
}

// shares4 are counts as shares; with no count, none (all 0), as
// NeedShares gives for a group with no family.
func shares4(n [4]float64) [4]float64 {
	t := n[0] + n[1] + n[2] + n[3]
	if t == 0 {
		return n
	}
	for k := range n {
		n[k] /= t
	}
	return n
}

// reaches18 says whether one of a family's children is 17 now, and so
// reaches 18 at the next September (childAge holds the ages at week 0:
// ageOf).
func (m *Model) reaches18(f *family) bool {
	for c := f.first; c < f.first+uint32(f.n); c++ {
		if m.ageOf(c) == childAges-1 {
			return true
		}
	}
	return false
}

// NeedShares returns the shares of families at need 0-3 without and with
// deprivation, among families with no open statutory case (and not gone
// from the LA): the quantity need.initial_shares describes.
func (m *Model) NeedShares() (plain, deprived [4]float64) {
	var n [2]float64
	for i := range m.families {
		f := &m.families[i]
		if f.stage != StageNone || f.n == 0 {
			continue
		}
		if f.flags&flagDeprived != 0 {
			deprived[f.need]++
			n[1]++
		} else {
			plain[f.need]++
			n[0]++
		}
	}
	for k := range 4 {
		plain[k] /= max(1, n[0])
		deprived[k] /= max(1, n[1])
	}
	return plain, deprived
}

// State is the model's state now as a start (StartState): its need
// shares (NeedShares) and the children on CIN plans, on CP plans and
// looked after per 10k children, the looked-after as they will be after
// the September pass when the next week is a September.
func (m *Model) State() StartState {
	var s StartState
	s.Shares, s.SharesDeprived = m.NeedShares()
	// at the end of a school year (the week before a September), a family
	// looked after whose child reaches 18 next week leaves care then: the
	// start of a model is a September, after that pass
	september := m.week > 0 && m.week%weeksPerYear == 0
	var stock [NumStages]float64
	var need [NumStages][4]float64 // families by stage and need
	for i := range m.families {
		f := &m.families[i]
		if f.stage == StageCLA && september && m.reaches18(f) {
			continue
		}
		stock[f.stage] += float64(f.n)
		need[f.stage][f.need]++
	}
	per := float64(max(1, m.Children())) / perTenThousand
	s.CIN, s.CP, s.CLA = stock[StageCIN]/per, stock[StageCP]/per, stock[StageCLA]/per
	s.NeedCIN, s.NeedCP, s.NeedCLA = shares4(need[StageCIN]), shares4(need[StageCP]), shares4(need[StageCLA])
	return s
}

// activate wakes a family whose state can be changed by others (a
// referral, a case): it is taken off the wake queue and joins the awake
// set at the end of the week.
func (m *Model) activate(i uint32) {
	f := &m.families[i]
	if f.flags&flagActive != 0 {
		return
	}
	f.flags |= flagActive
	m.unschedule(i, f)
	m.pending = append(m.pending, i)
}

// admitPending adds this week's newly active families to the awake set,
// a bitset over the families, so the weekly loop visits them in index
// order without sorting.
func (m *Model) admitPending() {
	for _, i := range m.pending {
		m.awake[i>>6] |= 1 << (i & 63)
	}
	m.nAwake += len(m.pending)
	m.pending = m.pending[:0]
}
