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
	// Schools holds, for each school, counts over the measured years of
	// the flows about families whose eldest pupil attends it: what a
	// school-level evaluation would measure.
	Schools []SchoolOutcome
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
// school-based worker covered it, and its counts (children, whole
// measured period).
type SchoolOutcome struct {
	Type    int
	Roll    int
	FSM     float64
	Covered bool
	Counts  [NumSchoolFlows]float64
}

// Work counts what a run did, for performance figures.
type Work struct {
	Weeks       int64 // weeks simulated, warm-up included
	FamilyWeeks int64 // active families stepped, summed over weeks
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
type Workspace struct{ spare *Model }

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
