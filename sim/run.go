package sim

// Observer is told about each simulated week, after the week's step. It
// must not change the model.
type Observer interface {
	Week(week int, m *Model)
}

// Outcome is what one replication produces: one value per metric (in the
// order of MetricNames), the weekly series of the measured weeks (in the
// order of SeriesNames) and the stock-and-flow ledger.
type Outcome struct {
	Values []float64
	Weekly [][NumSeries]float64
	Ledger Ledger
	Work   Work
	// Schools holds, for each school, the number of its pupils in each
	// school-level flow over the measured years and over the warm-up: what
	// a school-level evaluation would measure.
	Schools []SchoolOutcome
	// Durations counts children by stage, status and band of the census
	// durations (census.go), for durations.csv.
	Durations Durations
}

// School-level flows, in the order of SchoolOutcome.Counts.
const (
	SchoolReferrals = iota
	SchoolS17
	SchoolS47
	SchoolCPStarts
	SchoolCareEntries
	NumSchoolFlows
)

// SchoolFlowNames are the metric names of the school-level flows.
var SchoolFlowNames = [NumSchoolFlows]string{"referrals", "s17_assessments", "s47_enquiries", "cp_plan_starts", "care_entries"}

// SchoolOutcome is one school: its type, roll, FSM share, whether a
// school-based worker covered it, and the number of its pupils in each
// flow over the whole measured period (Counts) and over the warm-up, before
// any school-based worker starts (Baseline).
type SchoolOutcome struct {
	Type     int
	Roll     int
	FSM      float64
	Covered  bool
	Counts   [NumSchoolFlows]float64
	Baseline [NumSchoolFlows]float64
}

// SchoolLayout is what is known of a school before a run: its type,
// locality and FSM share.
type SchoolLayout struct {
	Type     int
	Locality int
	FSM      float64
}

// Layout returns the schools replication rep of scenario p will have
// under the master seed, without building the families or running
// anything: what a trial needs to randomise schools before it starts.
func Layout(p Params, seed uint64, rep int) []SchoolLayout {
	m := &Model{p: p, keys: NewKeys(seed, rep)}
	m.buildSchools()
	out := make([]SchoolLayout, len(m.schools))
	for i, sc := range m.schools {
		out[i] = SchoolLayout{Type: int(sc.typ), Locality: int(sc.locality), FSM: sc.fsm}
	}
	return out
}

// Work counts what a run did, for performance figures.
type Work struct {
	Weeks       int64 // weeks simulated, warm-up included
	FamilyWeeks int64 // families stepped (awake or woken), summed over weeks
	ChildWeeks  int64 // children × weeks: what a per-child loop would touch
}

// Simulate runs replication rep of scenario p under the master seed and
// returns its outcome. It does no I/O and reads no clock: the same
// arguments give the same outcome, bit for bit.
func Simulate(p Params, seed uint64, rep int) Outcome {
	m := New(p, seed, rep, nil)
	m.Run()
	return m.acc.finish(m)
}

// Workspace lends the memory of one finished model to the next, so that a
// worker running many replications allocates and clears its large arrays
// (families, children, queues) once rather than every time. The zero value
// is ready to use; a Workspace is for one goroutine at a time.
type Workspace struct {
	spare *Model
	base  *Model      // the warmed model of SimulateShared (snapshot.go)
	years schoolYears // the Septembers' moves of SimulateShared (schoolyears.go)
}

// Simulate is the package's Simulate, reusing the workspace's memory: the
// same arguments give the same outcome, bit for bit.
func (w *Workspace) Simulate(p Params, seed uint64, rep int) Outcome {
	m := build(p, seed, rep, nil, w.spare)
	m.Run()
	o := m.acc.finish(m)
	w.spare = m
	return o
}

// Finish returns the outcome of a model that has run all its weeks.
func (m *Model) Finish() Outcome {
	if !m.Done() {
		panic("sim: Finish before the last week")
	}
	return m.acc.finish(m)
}
