// The recorder: the events of one replication, child by child, kept only
// when asked (Model.Record), for record-level returns (package records).

package sim

// EventKind is what happened to a family (or a UASC child) in a week.
type EventKind uint8

// Kinds of recorded event.
const (
	EvReferral  EventKind = iota // a referral; Arg is the source (SourceNames)
	EvStage                      // a move between statutory stages, From to To
	EvAssessed                   // an assessment completed (a flow of s17_assessments)
	EvICPC                       // an initial child protection conference
	EvUASCEntry                  // a UASC child looked after; Family is the UASC number, Arg the age, Until the week they leave care
)

// Event is one recorded event. Week is the absolute model week (0 at the
// start of the warm-up).
type Event struct {
	Week     int32
	Family   uint32
	Until    int32
	Kind     EventKind
	From, To Stage
	Arg      uint8
}

// Recorder keeps the events of one model run in the order they happen.
// The model touches it only when one is attached (Model.Record), so a run
// without one pays a nil check per event.
type Recorder struct {
	Events []Event
	uascN  uint32
}

// Record attaches r to the model: the statutory cases open at that
// moment (the initial stocks, at week 0) and the UASC looked after are
// recorded first as moves and entries in the current week, then every
// event as it happens. Attach before the first Step.
func (m *Model) Record(r *Recorder) {
	m.rec = r
	for i := range m.families {
		if f := &m.families[i]; f.stage != StageNone {
			r.Events = append(r.Events, Event{Week: int32(m.week), Family: uint32(i), Kind: EvStage, From: StageNone, To: f.stage})
		}
	}
	for _, until := range m.uasc {
		r.uascEntry(m.week, 17, int(until))
	}
}

func (r *Recorder) add(m *Model, i uint32, k EventKind, from, to Stage, arg uint8) {
	r.Events = append(r.Events, Event{Week: int32(m.week), Family: i, Kind: k, From: from, To: to, Arg: arg})
}

func (r *Recorder) uascEntry(week, age, until int) {
	r.Events = append(r.Events, Event{Week: int32(week), Family: r.uascN, Kind: EvUASCEntry, Arg: uint8(age), Until: int32(until)})
	r.uascN++
}

// FamilyChildren returns the index of family i's first child and its
// number of children; the children are first, first+1, ... A family that
// has left the LA (births.go: always one whose only child reached 18)
// keeps its one child here, for the records of its events before it left.
func (m *Model) FamilyChildren(i uint32) (first uint32, n int) {
	f := &m.families[i]
	if f.n == 0 {
		return f.first, 1
	}
	return f.first, int(f.n)
}

// ChildAge0 is child c's age at week 0 (the first September). Every 52
// weeks the child is a year older; at 18 a baby takes the child's place
// (ageOf), so in week w the child at index c has age (ChildAge0 + w/52)
// mod 18 and is the (ChildAge0 + w/52)/18-th born there.
func (m *Model) ChildAge0(c uint32) int { return int(m.childAge[c]) }

// ChildSchool is the school of child c now (-1 when on no roll).
func (m *Model) ChildSchool(c uint32) int { return int(m.childSch[c]) }

// Params returns the model's parameters.
func (m *Model) Params() *Params { return &m.p }

// MeasuredWeeks returns the first measured week and the number of weeks
// simulated in all.
func (m *Model) MeasuredWeeks() (first, total int) { return m.p.WarmupWeeks, m.totalWeeks() }

// ChildAges is the number of single years of age a child passes through.
const ChildAges = childAges
