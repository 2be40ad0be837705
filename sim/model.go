package sim

import (
	"math"
	"slices"
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
	onset    int32 // week a scheduled onset is due, -1 none
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
}

// present reports whether somebody is doing the job this week.
func (s *slot) present() bool { return s.filled || s.agency }

// Model is one replication of one scenario: the LA, its families and
// workers, and the counters. Build it with New, advance it with Step.
type Model struct {
	p    Params
	keys Keys
	cal  [52]bool // term week?

	families   []family
	childAge   []uint8
	childSch   []int32
	schools    []school
	schoolFams []uint32 // pupil families per school, school by school
	slots      []slot
	roles      []Role
	roleNames  []string
	roleClass  []int // index of each role in CaseloadRoles, -1 for others
	teamNames  []string

	active  []uint32 // families whose state can change this week, sorted
	pending []uint32 // families activated this week, merged at week end
	onsets  onsetQueue
	scratch []uint32 // merge buffer for the active list
	queue   []uint32 // families waiting for an assessment, in arrival order

	// statutory team
	posts, employed int
	agencyFTE       float64
	traineeLoad     float64 // statutory FTE spent supervising trainees

	week     int // absolute week, 0 at the start of the warm-up
	measured bool
	obs      Observer
	acc      accounts
	work     Work
}

// Children returns the number of children in the LA.
func (m *Model) Children() int { return len(m.childAge) }

// Families returns the number of families.
func (m *Model) Families() int { return len(m.families) }

// Schools returns the number of schools.
func (m *Model) Schools() int { return len(m.schools) }

// New builds replication rep of scenario p under the master seed. The
// population and schools depend only on the LA parameters, the seed and the
// replication, never on the school-based workforce, so scenarios compared on
// the same seed share the same families.
func New(p Params, seed uint64, rep int, obs Observer) *Model {
	m := &Model{p: p, keys: NewKeys(seed, rep), obs: obs}
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
	m.onsets = newOnsetQueue(m.totalWeeks()+1, len(m.families))
	m.seedStocks()
	for i := range m.families {
		f := &m.families[i]
		if f.need == 0 && f.stage == StageNone {
			m.scheduleOnset(uint32(i), 0)
		} else {
			m.activate(uint32(i))
		}
	}
	m.mergePending()
	m.acc.init(m)
	return m
}

func (m *Model) totalWeeks() int { return m.p.WarmupWeeks + 52*m.p.Years }

// termWeek reports whether absolute week w is in term.
func (m *Model) termWeek(w int) bool { return m.cal[w%52] }

func (m *Model) buildSchools() {
	la := m.p.LA
	s := m.keys.Stream(0, 0, PurposeBuild)
	locFSM := make([]float64, la.Localities)
	for l := range locFSM {
		locFSM[l] = s.Beta(la.FSMMean, la.FSMSpread)
	}
	counts := [NumSchoolTypes]int{la.Schools.Primary, la.Schools.Secondary, la.Schools.Special, la.Schools.AP}
	for typ, n := range counts {
		for i := range n {
			loc := i % la.Localities
			fsm := math.Min(0.95, math.Max(0.01, locFSM[loc]+la.Schools.DeprivationNoise*s.Normal()))
			m.schools = append(m.schools, school{
				typ: uint8(typ), locality: uint16(loc), fsm: fsm,
				confidence:    s.Beta(la.ConfidenceMean, la.ConfidenceSpread),
				receptiveness: s.Beta(la.ReceptivenessMean, la.ReceptivenessSD),
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
	bySchool := make([][]int32, NumSchoolTypes*la.Localities)
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
	cum := cumulative(la.FamilySize)
	meanSize := 0.0
	for k, w := range la.FamilySize {
		meanSize += float64(k+1) * w
	}
	m.families = make([]family, 0, int(float64(la.Children)/meanSize*1.05)+16)
	m.childAge = make([]uint8, 0, la.Children)
	m.childSch = make([]int32, 0, la.Children)
	for len(m.childAge) < la.Children {
		n := pick(cum, s.Float64()) + 1
		n = min(n, la.Children-len(m.childAge))
		loc := s.IntN(la.Localities)
		f := family{first: uint32(len(m.childAge)), n: uint8(n), locality: uint16(loc),
			main: -1, due: -1, since: -1, referred: -1, worker: -1, onset: -1}
		if s.Bernoulli(locFSM[loc]) {
			f.flags |= flagDeprived
		}
		special := s.Bernoulli(la.Schools.SpecialShare)
		ap := !special && s.Bernoulli(la.Schools.APShare)
		eldest := -1
		for range n {
			age := s.IntN(18)
			sch := int32(-1)
			if age >= la.SchoolAgeMin && age <= la.SchoolAgeMax {
				typ := Primary
				switch {
				case special && la.Schools.Special > 0:
					typ = Special
				case ap && la.Schools.AP > 0 && age >= la.SecondaryAge:
					typ = AltProvision
				case age >= la.SecondaryAge:
					typ = Secondary
				}
				cands := bySchool[typ*la.Localities+loc]
				if len(cands) > 0 {
					// siblings share a school of the same phase
					sch = cands[int(mix(m.keys.base^(uint64(len(m.families))<<3|uint64(typ)))%uint64(len(cands)))]
				}
				if sch >= 0 && age > eldest {
					eldest, f.main = age, sch
				}
			}
			m.childAge = append(m.childAge, uint8(age))
			m.childSch = append(m.childSch, sch)
		}
		f.mainType = NumSchoolTypes
		if f.main >= 0 {
			f.mainType = m.schools[f.main].typ
		}
		m.families = append(m.families, f)
	}
	m.indexPupilFamilies()
}

// indexPupilFamilies lists each school's pupil families (each family once
// per school) in one flat array, in two passes: count, then fill.
func (m *Model) indexPupilFamilies() {
	counts := make([]int32, len(m.schools)+1)
	last := make([]int32, len(m.schools))
	for i := range last {
		last[i] = -1
	}
	visit := func(fill bool) {
		for i := range m.families {
			f := &m.families[i]
			for c := f.first; c < f.first+uint32(f.n); c++ {
				sc := m.childSch[c]
				if sc < 0 || last[sc] == int32(i) {
					continue
				}
				last[sc] = int32(i)
				if fill {
					k := m.schools[sc].famFirst + m.schools[sc].famN
					m.schoolFams[k] = uint32(i)
					m.schools[sc].famN++
				} else {
					counts[sc]++
				}
			}
		}
	}
	visit(false)
	var total int32
	for i := range m.schools {
		m.schools[i].famFirst = total
		total += counts[i]
	}
	m.schoolFams = make([]uint32, total)
	for i := range last {
		last[i] = -1
	}
	visit(true)
	for _, sc := range m.childSch {
		if sc >= 0 {
			m.schools[sc].roll++
		}
	}
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

func (m *Model) buildStatutory() {
	st := &m.p.Statutory
	m.posts = int(math.Round(st.Posts))
	m.employed = int(math.Round(float64(m.posts) * (1 - st.VacancyRate)))
	m.agencyFTE = st.AgencyCover * float64(m.posts-m.employed)
}

// statutoryFTE is the case-holding capacity this week: employed workers plus
// agency cover.
func (m *Model) statutoryFTE() float64 { return float64(m.employed) + m.agencyFTE }

// seedStocks starts the need levels at the model's steady state
// (need.initial_shares, measured by tools/calibrate) and the statutory
// stocks at the census figures, so that the warm-up starts near steady
// state.
func (m *Model) seedStocks() {
	nd := &m.p.Need
	cum := [2][]float64{cumulative(nd.InitialShares[:]), cumulative(nd.InitialSharesDeprived[:])}
	s := m.keys.Stream(2, 0, PurposeBuild)
	for i := range m.families {
		f := &m.families[i]
		d := 0
		if f.flags&flagDeprived != 0 {
			d = 1
		}
		f.need = uint8(pick(cum[d], s.Float64()))
	}
	per := float64(m.Children()) / 10000
	targets := []struct {
		stage Stage
		n     float64
		need  uint8
	}{
		{StageCLA, m.p.Pipeline.InitialCLA * per, 2},
		{StageCP, m.p.Pipeline.InitialCP * per, 3},
		{StageCIN, m.p.Pipeline.InitialCIN * per, 2},
	}
	for _, tg := range targets {
		placed := 0
		for tries := 0; float64(placed) < tg.n && tries < 50*len(m.families); tries++ {
			f := &m.families[s.IntN(len(m.families))]
			if f.stage != StageNone {
				continue
			}
			if f.need < tg.need {
				f.need = tg.need
			}
			f.stage = tg.stage
			f.since = -int32(s.IntN(52))
			placed += int(f.n)
		}
	}
}

// NeedShares returns the shares of families at need 0-3 without and with
// deprivation, among families with no open statutory case: the quantity
// need.initial_shares describes.
func (m *Model) NeedShares() (plain, deprived [4]float64) {
	var n [2]float64
	for i := range m.families {
		f := &m.families[i]
		if f.stage != StageNone {
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

// activate marks a family as one whose state can change; it joins the
// active list at the end of the week.
func (m *Model) activate(i uint32) {
	f := &m.families[i]
	if f.flags&flagActive != 0 {
		return
	}
	f.flags |= flagActive
	if f.onset >= 0 {
		m.onsets.remove(int(f.onset), i)
		f.onset = -1
	}
	m.pending = append(m.pending, i)
}

// scheduleOnset draws the week a family with no need first develops need.
// The onset hazard of a family with no need is constant, so the waiting
// time is geometric and the family is not touched until then.
func (m *Model) scheduleOnset(i uint32, week int) {
	f := &m.families[i]
	h := m.p.Need.Onset
	if f.flags&flagDeprived != 0 {
		h *= m.p.Need.DeprivedRR
	}
	s := m.keys.Stream(uint64(i), week, PurposeOnset)
	at := week + s.Geometric(h)
	if at >= len(m.onsets.head) {
		f.onset = -1
		return
	}
	f.onset = int32(at)
	m.onsets.push(at, i)
}

// mergePending merges this week's newly active families into the sorted
// active list, so the weekly loop visits families in index order.
func (m *Model) mergePending() {
	if len(m.pending) == 0 {
		return
	}
	slices.Sort(m.pending)
	n := len(m.active)
	m.active = append(m.active, m.pending...)
	if n > 0 && m.active[n-1] > m.active[n] {
		m.scratch = append(m.scratch[:0], m.active[n:]...)
		mergeSorted(m.active, n, m.scratch)
	}
	m.pending = m.pending[:0]
}

// mergeSorted merges the sorted runs a[:n] and b (a copy of a[n:]) into a,
// backwards, in place.
func mergeSorted(a []uint32, n int, b []uint32) {
	i, j, k := n-1, len(b)-1, len(a)-1
	for j >= 0 {
		if i >= 0 && a[i] > b[j] {
			a[k] = a[i]
			i--
		} else {
			a[k] = b[j]
			j--
		}
		k--
	}
}
