package sim

// Flow is a counted movement of children (MODEL.md §4), counted in the
// measured years only.
type Flow int

// Flows. Each counts children (all children of the family concerned).
const (
	FReferrals Flow = iota
	FReferralsSchool
	FReferralsOther
	FRereferrals
	FTriageNFA
	FTriageEarlyHelp
	FTriageAssessment
	FTriageStrategy
	FS17
	FStrategy
	FS47
	FICPC
	FCPStarts
	FCINStarts
	FCareEntries
	FCareEntriesPlanned
	FCareEntriesEmergency
	FCareLeavers
	FEarlyHelpStarts
	FCaseworkStarts
	FSchoolIdentified
	FCoWorkStarts
	FAssessmentsDelayed
	FAssessedNoPlan
	FCareEntriesUASC
	FCareLeavers18
	FSchoolWorkerAssessments
	NumFlows
)

// Weekly series, recorded for every measured week.
const (
	WReferrals = iota
	WReferralsSchool
	WS47
	WCareEntries
	WCIN
	WCP
	WCLA
	WWaiting
	WStatutoryCaseload
	WSchoolCaseload
	// referrals by source (the school's are WReferralsSchool), then by the
	// type of school of the family's eldest pupil
	WReferralsBySource
	WReferralsByType = WReferralsBySource + OtherSources
	NumSeries        = WReferralsByType + NumSchoolTypes + 1
)

// SeriesNames are the names of the weekly series.
var SeriesNames = func() [NumSeries]string {
	names := [NumSeries]string{
		WReferrals: "referrals", WReferralsSchool: "referrals_school",
		WS47: "s47_enquiries", WCareEntries: "care_entries",
		WCIN: "cin_stock", WCP: "cp_stock", WCLA: "cla_stock", WWaiting: "waiting_stock",
		WStatutoryCaseload: "statutory_caseload", WSchoolCaseload: "school_worker_caseload",
	}
	for s := SourceSchool + 1; s <= SourceOther; s++ {
		names[WReferralsBySource+s-1] = "referrals_from_" + SourceNames[s]
	}
	for t, n := range append(SchoolTypeNames[:], "not_on_roll") {
		names[WReferralsByType+t] = "referrals_type_" + n
	}
	return names
}()

// Ledger is the stock-and-flow book of the statutory stages and of
// non-statutory support, in children: every move between stages is
// entered once, so Start + in − out = End for every stage.
type Ledger struct {
	Start    [NumStages]float64
	Moves    [NumStages][NumStages]float64
	SupStart [NumSupports]float64
	SupMoves [NumSupports][NumSupports]float64
	// End is filled from the ledger itself; Scan, from the families, so a
	// test can check that no move escaped the book.
	End, Scan       [NumStages]float64
	SupEnd, SupScan [NumSupports]float64
	// Born and Left are the children who joined or left the population
	// in the measured years besides the replacement of young people
	// reaching 18 (population.birth_growth, births.go), all with no stage
	// and no support.
	Born, Left float64
}

type accounts struct {
	stock    [NumStages]float64   // children per stage, always kept
	supStock [NumSupports]float64 // children per support kind
	cowork   float64              // co-worked children in case-holding stages

	pressure       float64 // statutory caseload / cap, last week
	capacityFactor float64 // min(1, cap / caseload), last week

	flows    [NumFlows]float64
	sources  [NumSources]float64
	byType   [2][NumSchoolTypes + 1]float64 // referrals, s47 by the type of the family's main school
	week     [NumSeries]float64
	weekly   [][NumSeries]float64
	census   [numCensus]float64
	censuses int
	waitSum  float64
	waitN    float64
	costs    [NumCosts]float64
	yearEnds [][NumCosts]float64 // costs so far at the end of each measured year (money.go)
	ledger   Ledger
	schools  [][NumSchoolFlows]float64 // per school, pupils in flows, measured period
	baseline [][NumSchoolFlows]float64 // the same over the warm-up
	pupilSch []int32                   // the model's child → school index
	statCase []float64
	schCase  []float64
	schFull  int
	// caseload per FTE of each role of CaseloadRoles, summed over the
	// measured weeks in which the role had workers in post, and those weeks
	roleCase  [len(CaseloadRoles)]float64
	roleWeeks [len(CaseloadRoles)]int
	fteSum    float64
	// time use and cases of school-based workers, by role of
	// CaseloadRoles and (last) all together (timeuse.go): hours by
	// activity, and intensive and monitoring cases per FTE summed over
	// the weeks with workers at work, and those weeks
	hours      [len(CaseloadRoles) + 1][NumActivities]float64
	intensive  [len(CaseloadRoles) + 1]float64
	monitoring [len(CaseloadRoles) + 1]float64
	caseWeeks  [len(CaseloadRoles) + 1]int

	dur           Durations
	assessDays    [assessmentDaysMax + 1]float64 // assessments completed by working days
	entryAges     [NumAgeBands]float64           // children starting to be looked after, by age
	claAges       [NumAgeBands]float64           // looked after at the census weeks, by age
	workerChanges float64                        // children whose statutory worker changed
	workerHist    [1001]float64                  // worker-weeks by caseload (children), the last all above
	workerWeeks   float64
	workerOver    float64 // worker-weeks over statutory.caseload_cap
}

// Stocks counted at the census week, summed over the measured years.
const (
	censusCIN = iota
	censusCP
	censusCLA
	censusEarlyHelp
	censusCasework
	censusWaiting
	censusUASC
	numCensus
)

// Cost headings.
const (
	CostSchoolWorkforce = iota
	CostStatutory
	CostEarlyHelp
	CostCare
	CostStatutoryStaff
	NumCosts
)

func (a *accounts) init(m *Model) {
	for i := range m.families {
		f := &m.families[i]
		a.stock[f.stage] += float64(f.n)
		a.supStock[f.support] += float64(f.n)
	}
	a.capacityFactor = 1
	a.schools = make([][NumSchoolFlows]float64, len(m.schools))
	a.baseline = make([][NumSchoolFlows]float64, len(m.schools))
	a.pupilSch = m.childSch
}

// school counts a flow about a family against the schools of its children:
// each child on a roll counts once at its own school, so that a school's
// count is of its pupils, as a school-level evaluation measures it.
func (a *accounts) school(f *family, k int) {
	if f.main < 0 {
		return
	}
	for _, sc := range a.pupilSch[f.first : f.first+uint32(f.n)] {
		if sc >= 0 {
			a.schools[sc][k]++
		}
	}
}

func (a *accounts) startMeasuring(m *Model) {
	a.ledger.Start = a.stock
	a.ledger.SupStart = a.supStock
	// flows count the measured years only
	a.flows = [NumFlows]float64{}
	a.sources = [NumSources]float64{}
	a.byType = [2][NumSchoolTypes + 1]float64{}
	a.week = [NumSeries]float64{}
	a.waitSum, a.waitN = 0, 0
	copy(a.baseline, a.schools)
	clear(a.schools)
	a.ledger.Moves = [NumStages][NumStages]float64{}
	a.ledger.SupMoves = [NumSupports][NumSupports]float64{}
	a.dur = Durations{}
	a.assessDays = [assessmentDaysMax + 1]float64{}
	a.entryAges, a.claAges = [NumAgeBands]float64{}, [NumAgeBands]float64{}
	a.workerChanges, a.workerWeeks, a.workerOver = 0, 0, 0
	a.workerHist = [len(a.workerHist)]float64{}
	weeks := weeksPerYear * m.p.Years
	a.weekly = make([][NumSeries]float64, 0, weeks)
	a.statCase = make([]float64, 0, weeks)
	a.schCase = make([]float64, 0, weeks)
}

func (a *accounts) flow(k Flow, f *family) {
	n := float64(f.n)
	a.flows[k] += n
	switch k {
	case FS17:
		a.school(f, SchoolS17)
	case FS47:
		a.week[WS47] += n
		a.byType[1][a.typeOf(f)] += n
		a.school(f, SchoolS47)
	case FCPStarts:
		a.school(f, SchoolCPStarts)
	case FCareEntries:
		a.week[WCareEntries] += n
		a.school(f, SchoolCareEntries)
	}
}

// typeOf is the type of the family's main school, or NumSchoolTypes when
// no child is on a roll. It needs the model's schools, so it is set by
// referral; flows use the cached type.
func (a *accounts) typeOf(f *family) int { return int(f.mainType) }

func (a *accounts) referral(m *Model, f *family, source int) {
	n := float64(f.n)
	a.flows[FReferrals] += n
	a.sources[source] += n
	a.week[WReferrals] += n
	if fromSchool(source) {
		a.flows[FReferralsSchool] += n
		a.week[WReferralsSchool] += n
	} else {
		a.flows[FReferralsOther] += n
		a.week[WReferralsBySource+source-1] += n
	}
	a.byType[0][a.typeOf(f)] += n
	a.week[WReferralsByType+a.typeOf(f)] += n
	a.school(f, SchoolReferrals)
	if f.referred >= 0 && m.week-int(f.referred) <= m.p.Need.RereferralWeeks {
		a.flows[FRereferrals] += n
	}
	f.referred = int32(m.week)
}

func (a *accounts) move(f *family, from, to Stage) {
	n := float64(f.n)
	a.stock[from] -= n
	a.stock[to] += n
	a.ledger.Moves[from][to] += n
	if f.flags&flagCoWork != 0 {
		if caseHolding(from) {
			a.cowork -= n
		}
		if caseHolding(to) {
			a.cowork += n
		}
	}
}

func (a *accounts) support(f *family, from, to Support) {
	n := float64(f.n)
	a.supStock[from] -= n
	a.supStock[to] += n
	a.ledger.SupMoves[from][to] += n
}

func (a *accounts) coWork(f *family, on bool) {
	if !caseHolding(f.stage) {
		return
	}
	if on {
		a.cowork += float64(f.n)
	} else {
		a.cowork -= float64(f.n)
	}
}

// uascEntry counts an unaccompanied asylum-seeking child starting to be
// looked after at age.
func (a *accounts) uascEntry(age int) {
	a.flows[FCareEntries]++
	a.flows[FCareEntriesUASC]++
	a.week[WCareEntries]++
	a.entryAges[ageBand(age)]++
}

// uascLeave counts an unaccompanied asylum-seeking child leaving care.
func (a *accounts) uascLeave() {
	a.flows[FCareLeavers]++
	a.flows[FCareLeavers18]++
}

func (a *accounts) assessmentWait(f *family, waited int) {
	n := float64(f.n)
	a.waitSum += float64(n * float64(waited))
	a.waitN += n
	if waited > 0 {
		a.flows[FAssessmentsDelayed] += n
	}
}

// caseHolding reports whether children in a stage sit on a statutory
// social worker's caseload.
func caseHolding(s Stage) bool { return s >= StageAssessment }

// openLoad is the weighted number of children on statutory caseloads: a
// co-worked case counts CaseWeight.
func (a *accounts) openLoad(m *Model) float64 {
	var load float64
	for s := StageAssessment; s < NumStages; s++ {
		load += a.stock[s]
	}
	return load - float64((1-m.p.Statutory.CoWorkCaseWeight)*a.cowork)
}

func (a *accounts) endWeek(m *Model) {
	st := &m.p.Statutory
	caseload := a.openLoad(m) / m.effectiveFTE()
	a.pressure = caseload / st.CaseloadCap
	a.capacityFactor = min(1, st.CaseloadCap/max(caseload, 1e-9))
	if !m.measured {
		a.week = [NumSeries]float64{}
		return
	}
	schLoad, schFTE, full, byRole := m.schoolCaseload()
	a.statCase = append(a.statCase, caseload)
	a.schCase = append(a.schCase, schLoad)
	if full {
		a.schFull++
	}
	for k, r := range byRole {
		if r[1] > 0 {
			a.roleCase[k] += r[0] / r[1]
			a.roleWeeks[k]++
		}
	}
	a.fteSum += m.statutoryFTE()
	a.workerWeek(m)
	a.workerLoads(m)
	uasc := float64(m.uascCount())
	a.week[WCIN] = a.cinStock() + uasc
	a.week[WCP] = a.stock[StageCP]
	a.week[WCLA] = a.stock[StageCLA] + uasc
	a.week[WWaiting] = a.stock[StageWaiting]
	a.week[WStatutoryCaseload] = caseload
	a.week[WSchoolCaseload] = schLoad
	a.weekly = append(a.weekly, a.week)
	a.week = [NumSeries]float64{}
	if m.week%weeksPerYear == m.p.Calendar.CensusWeek-1 {
		a.census[censusCIN] += a.cinStock() + uasc
		a.census[censusCP] += a.stock[StageCP]
		a.census[censusCLA] += a.stock[StageCLA] + uasc
		m.censusScan()
		a.census[censusEarlyHelp] += a.supStock[SupportEarlyHelp]
		a.census[censusCasework] += a.supStock[SupportIntensive] + a.supStock[SupportMonitoring]
		a.census[censusWaiting] += a.stock[StageWaiting]
		a.census[censusUASC] += uasc
		a.censuses++
	}
	a.weekCosts(m, schFTE)
	a.closeYear(m)
}

// cinStock is the children in need of the census: every child with an open
// case, from referral awaiting assessment to looked after.
func (a *accounts) cinStock() float64 {
	var n float64
	for s := StageWaiting; s < NumStages; s++ {
		n += a.stock[s]
	}
	return n
}

func (a *accounts) weekCosts(m *Model, _ float64) {
	c := &m.p.Costs
	for _, sl := range m.slots {
		cost := m.roles[sl.role].AnnualCost * sl.fte / weeksPerYear
		switch {
		case sl.filled:
			a.costs[CostSchoolWorkforce] += cost
		case sl.agency:
			a.costs[CostSchoolWorkforce] += float64(cost * (1 + c.AgencyPremium))
		}
	}
	a.costs[CostStatutory] += float64(a.stock[StageCIN]*c.CINWeek) + float64(a.stock[StageCP]*c.CPWeek)
	a.costs[CostStatutoryStaff] += float64((float64(m.employed)+float64(m.agencyFTE*(1+c.AgencyPremium)))*c.StatutoryFTE) / weeksPerYear
	a.costs[CostEarlyHelp] += float64(a.supStock[SupportEarlyHelp] * c.EarlyHelpWeek)
	var perWeek float64
	for k, sh := range c.PlacementShares {
		perWeek += float64(sh * c.PlacementWeekly[k])
	}
	a.costs[CostCare] += float64((a.stock[StageCLA] + float64(m.uascCount())) * perWeek)
}

// CaseloadRoles are the roles whose caseloads are reported on their own
// (school_worker_caseload_<role>_mean): MODEL.md §4 counts the caseloads of
// each worker type. Roles a scenario defines under other names count in
// the pooled school-based caseload only.
var CaseloadRoles = [...]string{RoleQualified, RoleSupport, RoleTrainee}

// schoolCaseload returns the school-based caseload (families in casework or
// co-work) per FTE in post, the FTE in post, and whether every worker with
// a caseload is at its caps; and, for each of CaseloadRoles, its cases and
// FTE in post.
func (m *Model) schoolCaseload() (perFTE, fte float64, full bool, byRole [len(CaseloadRoles)][2]float64) {
	var cases float64
	any := false
	allFull := true
	for i := range m.slots {
		sl := &m.slots[i]
		r := m.roles[sl.role]
		if r.TrainingOnly || !sl.present() {
			continue
		}
		any = true
		n := float64(sl.intensive + sl.monitoring + sl.cowork)
		fte += sl.fte
		cases += n
		if k := m.roleClass[sl.role]; k >= 0 {
			byRole[k][0] += n
			byRole[k][1] += sl.fte
		}
		if m.canTakeIntensive(int32(i)) || m.canTakeMonitoring(int32(i)) {
			allFull = false
		}
	}
	if fte > 0 {
		perFTE = cases / fte
	}
	return perFTE, fte, any && allFull, byRole
}

// finish closes the ledger and turns the counters into metric values.
func (a *accounts) finish(m *Model) Outcome {
	a.ledger.End = a.stock
	a.ledger.SupEnd = a.supStock
	for i := range m.families {
		f := &m.families[i]
		a.ledger.Scan[f.stage] += float64(f.n)
		a.ledger.SupScan[f.support] += float64(f.n)
	}
	v := a.metricValues(m)
	w := m.work
	w.Weeks = int64(m.week)
	w.ChildWeeks = int64(m.week) * int64(m.Children())
	schools := make([]SchoolOutcome, len(m.schools))
	for i, sc := range m.schools {
		schools[i] = SchoolOutcome{Type: int(sc.typ), Roll: int(sc.roll), FSM: sc.fsm, Covered: sc.slot >= 0, Counts: a.schools[i], Baseline: a.baseline[i]}
	}
	return Outcome{Values: v, Weekly: a.weekly, Ledger: a.ledger, Work: w, Schools: schools, Durations: a.dur}
}
