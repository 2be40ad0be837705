// Package records turns the events of one replication (sim.Recorder) into
// the record-level returns local authorities already hold: the Children
// in Need census (XML, one file per collection year) and the SSDA903
// return for children looked after (CSV: header, episodes, UASC). The
// children, their identifiers and their characteristics are synthetic.
package records

import (
	"fmt"
	"time"

	"github.com/caseload/caseload/sim"
)

// Options say what to write.
type Options struct {
	LACode string // three digits, in the header of every return
}

// span is a stretch of weeks [start, end]; end -1 while open at the end
// of the run.
type span struct{ start, end int32 }

// s47 is an enquiry: its start, end and any conference.
type s47 struct {
	span
	icpc int32 // -1 none
}

// assessment is an assessment: started, and authorised (-1 not yet, or never).
type assessment struct {
	start, auth int32
}

// episode is one family-level case from referral to closure: the CIN
// census's CINdetails, with the care periods of the SSDA903 return.
type episode struct {
	family  uint32
	ref     int32
	source  int // sim source, -1 unknown (a case open at the start)
	close   int32
	reason  string
	nfa     bool
	assess  []assessment
	s47s    []s47
	cin, cp []span
	care    []span
}

// Set is the records of one replication of one LA.
type Set struct {
	m        *sim.Model
	opt      Options
	attr     sim.Records // the scenario's records.* (drawn attributes)
	cal      calendar
	episodes []*episode
	uasc     []sim.Event
	joined   int             // referrals about a family with an open case (written with the case, not as a referral)
	first    int             // first measured week
	total    int             // weeks run
	firstRef map[child]int32 // week of each child's first referral (dob)
}

// Build replays the events of rec, recorded on model m (which has run all
// its weeks), into cases.
func Build(m *sim.Model, rec *sim.Recorder, opt Options) (*Set, error) {
	first, total := m.MeasuredWeeks()
	cal, err := newCalendar(m.Params())
	if err != nil {
		return nil, err
	}
	s := &Set{m: m, opt: opt, attr: m.Params().Records, cal: cal, first: first, total: total}
	open := map[uint32]*episode{}
	stage := map[uint32]sim.Stage{}
	for _, ev := range rec.Events {
		w := ev.Week
		switch ev.Kind {
		case sim.EvUASCEntry:
			s.uasc = append(s.uasc, ev)
		case sim.EvReferral:
			if e := open[ev.Family]; e != nil && stage[ev.Family] != sim.StageNone {
				s.joined++ // a referral about a family with an open case joins it
				continue
			}
			e := &episode{family: ev.Family, ref: w, source: int(ev.Arg), close: w, nfa: true, reason: "RC8"}
			s.episodes = append(s.episodes, e)
			open[ev.Family] = e
		case sim.EvStage:
			e := open[ev.Family]
			if ev.From == sim.StageNone {
				if e == nil || !(e.nfa && e.ref == w) {
					e = &episode{family: ev.Family, ref: w, source: -1}
					s.episodes = append(s.episodes, e)
					open[ev.Family] = e
				}
				e.nfa, e.close, e.reason = false, -1, ""
			}
			stage[ev.Family] = ev.To
			endSpans(e, ev.From, w)
			switch ev.To {
			case sim.StageAssessment:
				e.assess = append(e.assess, assessment{w, -1})
			case sim.StageS47:
				e.s47s = append(e.s47s, s47{span{w, -1}, -1})
			case sim.StageCIN:
				e.cin = append(e.cin, span{w, -1})
			case sim.StageCP:
				e.cp = append(e.cp, span{w, -1})
			case sim.StageCLA:
				e.care = append(e.care, span{w, -1})
			case sim.StageNone:
				e.close = w
				e.reason = "RC7"
				if ev.From == sim.StageAssessment || ev.From == sim.StageS47 || ev.From == sim.StageWaiting {
					e.reason = "RC8"
				}
				delete(open, ev.Family)
			}
		case sim.EvAssessed:
			e := open[ev.Family]
			if e == nil {
				return nil, fmt.Errorf("records: an assessment completed in week %d for family %d with no open case", w, ev.Family)
			}
			if k := len(e.assess) - 1; ev.From == sim.StageAssessment && k >= 0 && e.assess[k].auth < 0 {
				e.assess[k].auth = w
			} else {
				// an enquiry carried out as an assessment: it starts with the enquiry
				start := w
				if k := len(e.s47s) - 1; k >= 0 {
					start = e.s47s[k].start
				}
				e.assess = append(e.assess, assessment{start, w})
			}
		case sim.EvICPC:
			if e := open[ev.Family]; e != nil && len(e.s47s) > 0 {
				e.s47s[len(e.s47s)-1].icpc = w
			}
		}
	}
	// the first referral of each child, which its birth date may not follow
	s.firstRef = map[child]int32{}
	for _, e := range s.episodes {
		for _, c := range s.childrenAt(e.family, e.ref) {
			if w, ok := s.firstRef[c]; !ok || e.ref < w {
				s.firstRef[c] = e.ref
			}
		}
	}
	return s, nil
}

// endSpans closes the span of the stage left in week w.
func endSpans(e *episode, from sim.Stage, w int32) {
	last := func(x []span) {
		if k := len(x) - 1; k >= 0 && x[k].end < 0 {
			x[k].end = w
		}
	}
	switch from {
	case sim.StageAssessment:
		// an assessment cut short by an emergency enquiry is not
		// completed: the enquiry is written as the assessment (Build)
		if k := len(e.assess) - 1; k >= 0 && e.assess[k].auth < 0 {
			e.assess = e.assess[:k]
		}
	case sim.StageS47:
		if k := len(e.s47s) - 1; k >= 0 && e.s47s[k].end < 0 {
			e.s47s[k].end = w
		}
	case sim.StageCIN:
		last(e.cin)
	case sim.StageCP:
		last(e.cp)
	case sim.StageCLA:
		last(e.care)
	}
}

// child is one synthetic child: an index in the model's child arrays and
// the generation born there (a baby takes the place of a young person who
// reaches 18).
type child struct {
	index uint32
	gen   int
}

// childrenAt are the children of family i in week w.
func (s *Set) childrenAt(i uint32, w int32) []child {
	first, n := s.m.FamilyChildren(i)
	out := make([]child, n)
	for k := range n {
		c := first + uint32(k)
		out[k] = child{c, (s.m.ChildAge0(c) + int(w)/52) / sim.ChildAges}
	}
	return out
}

// id is the child's synthetic LAchildID and CHILD: letters SY, the LA
// code and a number; UASC children are numbered apart (U).
func (s *Set) id(c child) string {
	return fmt.Sprintf("SY%s%07d", s.opt.LACode, uint64(c.index)*4+uint64(c.gen))
}

func (s *Set) uascID(k uint32) string { return fmt.Sprintf("SY%sU%06d", s.opt.LACode, k) }

// dob is the child's birth date: in the school year the child was born in
// (a child of age a in week 0 was born in the school year a+1 years
// before), on a day drawn from the child's identity, and no later than
// the child's first referral. The model knows a child's school year, not
// its day of birth: a baby of a family referred early in the baby's
// school year (or whose case the starting stocks date from before the
// warm-up) is born by the referral, not after it.
func (s *Set) dob(c child) time.Time {
	born := s.cal.year0 - s.m.ChildAge0(c.index) - 1 + sim.ChildAges*c.gen
	start := time.Date(born, time.September, 1, 0, 0, 0, 0, time.UTC)
	d := start.AddDate(0, 0, int(hash(uint64(c.index), uint64(c.gen), 1)%365))
	if w, ok := s.firstRef[c]; ok {
		if ref := s.cal.date(int(w)); ref.Before(d) {
			d = ref
		}
	}
	return d
}

// calendar maps model weeks to dates so that the census week of every
// year ends on 31 March: a model week is dated by its first day, and the
// day or two a calendar year has over 52 weeks falls between collection
// years.
type calendar struct {
	census0 int // absolute week of the first measured census
	year0c  int // calendar year of the first measured census (31 March)
	year0   int // calendar year of the September of week 0
}

func newCalendar(p *sim.Params) (calendar, error) {
	start, err := time.Parse(time.DateOnly, p.Calendar.StartDate)
	if err != nil {
		return calendar{}, fmt.Errorf("records: calendar.start_date %q: expected a date written YYYY-MM-DD", p.Calendar.StartDate)
	}
	cw := start.AddDate(0, 0, 7*(p.Calendar.CensusWeek-1))
	y := cw.Year()
	if cw.After(time.Date(y, time.March, 31, 0, 0, 0, 0, time.UTC)) {
		y++
	}
	w0 := start.AddDate(0, 0, -7*p.WarmupWeeks)
	y0 := w0.Year()
	if w0.Month() < time.July {
		y0--
	}
	return calendar{census0: p.WarmupWeeks + p.Calendar.CensusWeek - 1, year0c: y, year0: y0}, nil
}

// yearOf is the collection year (0 for the first measured census) that
// holds week w: the years end with their census week.
func (c calendar) yearOf(w int) int {
	d := w - c.census0
	if d <= 0 {
		return -((-d) / 52)
	}
	return (d + 51) / 52
}

// censusWeek is the absolute census week of collection year k.
func (c calendar) censusWeek(k int) int { return c.census0 + 52*k }

// censusDate is 31 March of collection year k.
func (c calendar) censusDate(k int) time.Time {
	return time.Date(c.year0c+k, time.March, 31, 0, 0, 0, 0, time.UTC)
}

// date is the first day of week w.
func (c calendar) date(w int) time.Time {
	k := c.yearOf(w)
	return c.censusDate(k).AddDate(0, 0, -7*(c.censusWeek(k)-w)-6)
}

// hash mixes a few integers into a well-spread 64-bit value
// (splitmix64 steps), for the draws of the synthetic attributes: each
// child's attributes depend only on its identity.
func hash(xs ...uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, x := range xs {
		h ^= x + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
		h ^= h >> 30
		h *= 0xbf58476d1ce4e5b9
		h ^= h >> 27
		h *= 0x94d049bb133111eb
		h ^= h >> 31
	}
	return h
}

// unit is a uniform in [0, 1) from a hash.
func unit(h uint64) float64 { return float64(h>>11) / (1 << 53) }

// pick draws an index from weights.
func pick(w []float64, u float64) int {
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	u *= sum
	for i, x := range w {
		if u < x {
			return i
		}
		u -= x
	}
	return len(w) - 1
}
