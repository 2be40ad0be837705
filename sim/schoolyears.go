// The school moves of the measured Septembers, made once for the
// scenarios that share a warm-up (SimulateShared) and copied by the rest.

package sim

// Which school each child goes to in a September, and so the rolls, the
// families' main schools and each school's list of pupil families, follow
// from the children's ages and the families' localities and kinds of
// school alone (schoolFor): nothing a scenario does after the warm-up
// changes them, but a family that leaves (births.go, a fall in births),
// which the scenario's cases decide. So, of the scenarios that continue
// from one warm-up, the first makes each September's moves (newSchoolYear)
// and records them, and the others copy them, keeping their own part: a
// sleeping family whose bounds change with its main school is rescheduled
// in each. A scenario copies a September only where its families are the
// ones the record was made with (the same number, and every moving family
// with the same children); otherwise, and from then on, it makes its own.

// maxSharedSeptembers is the most Septembers a record holds: each holds
// every child's school and the pupil lists (about 11 bytes a child), so
// the record of a long run would outgrow the model it serves; later
// Septembers each scenario makes itself.
const maxSharedSeptembers = 10

// schoolYears is the record of the measured Septembers of one shared
// warm-up: made by the first scenario, read by the others (SimulateShared).
type schoolYears struct {
	recording bool         // the scenario running makes the record
	years     []schoolYear // by September, in order
	n         int          // Septembers recorded
	copied    int          // Septembers copied by the other scenarios (tests)
}

// schoolYear is one September's moves.
type schoolYear struct {
	week       int
	families   int       // len(Model.families)
	moverKids  []uint8   // each moving family's number of children
	main       []int32   // each moving family's main school after
	childSch   []int32   // every child's school after
	pupils     []uint64  // the pupil pairs after
	schoolFams []uint32  // the pupil families of each school after
	rolls      []rollsOf // each school's roll and list of pupil families after
}

type rollsOf struct{ roll, famFirst, famN int32 }

// reset readies the record for a new shared warm-up.
func (y *schoolYears) reset() { y.n, y.recording, y.copied = 0, true, 0 }

// record keeps the September just made by newSchoolYear while fewer than
// maxSharedSeptembers are kept.
func (y *schoolYears) record(m *Model, movers []uint32) {
	if y.n == maxSharedSeptembers {
		return
	}
	if y.n == len(y.years) {
		y.years = append(y.years, schoolYear{})
	}
	r := &y.years[y.n]
	y.n++
	r.week, r.families = m.week, len(m.families)
	r.moverKids, r.main = r.moverKids[:0], r.main[:0]
	for _, i := range movers {
		f := &m.families[i]
		r.moverKids = append(r.moverKids, f.n)
		r.main = append(r.main, f.main)
	}
	r.childSch = append(r.childSch[:0], m.childSch...)
	r.pupils = append(r.pupils[:0], m.pupils...)
	r.schoolFams = append(r.schoolFams[:0], m.schoolFams...)
	r.rolls = r.rolls[:0]
	for k := range m.schools {
		sc := &m.schools[k]
		r.rolls = append(r.rolls, rollsOf{sc.roll, sc.famFirst, sc.famN})
	}
}

// lookup returns the record of this September where the model's families
// are those it was made with, and nil otherwise.
func (y *schoolYears) lookup(m *Model, movers []uint32) *schoolYear {
	for k := range y.years[:y.n] {
		r := &y.years[k]
		if r.week != m.week {
			continue
		}
		if r.families != len(m.families) || len(r.moverKids) != len(movers) || len(r.childSch) != len(m.childSch) || len(r.rolls) != len(m.schools) {
			return nil
		}
		for j, i := range movers {
			if m.families[i].n != r.moverKids[j] {
				return nil
			}
		}
		return r
	}
	return nil
}

// copySchoolYear makes this September's moves from the record r: each
// moving family takes its main school, a sleeping one whose bounds change
// with it rescheduled as newSchoolYear does, and the children's schools,
// rolls and lists of pupil families are copied.
func (m *Model) copySchoolYear(r *schoolYear, movers []uint32) {
	for j, i := range movers {
		f := &m.families[i]
		ros := roster{main: r.main[j]}
		if !asleepUnderBounds(f) {
			ros.setMain(m, f)
			continue
		}
		before, main := m.sleepHazards(f), f.main
		ros.setMain(m, f)
		m.rescheduleAtSchool(i, f, true, main, &before)
	}
	copy(m.childSch, r.childSch) // in place: the accounts read this array
	m.pupils, m.pupils2 = append(m.pupils2[:0], r.pupils...), m.pupils
	m.schoolFams = append(m.schoolFams[:0], r.schoolFams...)
	for k := range m.schools {
		sc := &m.schools[k]
		sc.roll, sc.famFirst, sc.famN = r.rolls[k].roll, r.rolls[k].famFirst, r.rolls[k].famN
	}
}
