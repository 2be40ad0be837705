package sim

import (
	"slices"
	"testing"
)

// TestSeptemberKeepsPupilIndex checks that the pupil lists newSchoolYear
// keeps up to date from September to September (rolls, main schools,
// pairs, the per-school counts and index) are those worked out afresh
// from the children's schools, and every child is at the school its age
// gives: with births level, and rising or falling with children on a roll
// from birth (la.school_age_min 0: a baby born in September joins it then).
func TestSeptemberKeepsPupilIndex(t *testing.T) {
	for _, c := range []struct{ growth float64 }{{0}, {5}, {-5}} {
		p := smallLA()
		p.Years = 3
		if c.growth != 0 {
			p.Population.BirthGrowth, p.LA.SchoolAgeMin = c.growth, 0
		}
		checkPupilIndex(t, p)
	}
}

func checkPupilIndex(t *testing.T, p Params) {
	t.Helper()
	m := New(p, 5, 1, nil)
	checked := 0
	for !m.Done() {
		m.Step()
		if m.week%weeksPerYear != 1 || m.week == 1 {
			continue
		}
		checked++
		rolls := make([]int32, len(m.schools))
		var pairs []uint64
		for fi := range m.families {
			f := &m.families[fi]
			main, eldest, seen := int32(-1), -1, uint8(0)
			for c := f.first; c < f.first+uint32(f.n); c++ {
				sch := m.childSch[c]
				if want := m.schoolFor(fi, f, m.ageOf(c)); sch != want {
					t.Fatalf("week %d: child %d at school %d, want %d", m.week, c, sch, want)
				}
				if sch < 0 {
					continue
				}
				rolls[sch]++
				if age := m.ageOf(c); age > eldest {
					eldest, main = age, sch
				}
				if typ := m.schools[sch].typ; seen&(1<<typ) == 0 {
					seen |= 1 << typ
					pairs = append(pairs, uint64(sch)<<32|uint64(fi))
				}
			}
			if f.main != main {
				t.Fatalf("week %d: family %d main school %d, want %d", m.week, fi, f.main, main)
			}
		}
		if !slices.Equal(pairs, m.pupils) {
			t.Fatalf("week %d: pupil pairs differ", m.week)
		}
		c := &Model{schools: slices.Clone(m.schools), pupils: pairs}
		c.indexPupilFamilies()
		for i := range m.schools {
			if m.schools[i].roll != rolls[i] {
				t.Fatalf("week %d: school %d roll %d, want %d", m.week, i, m.schools[i].roll, rolls[i])
			}
			if a, b := m.schools[i], c.schools[i]; a.famFirst != b.famFirst || a.famN != b.famN {
				t.Fatalf("week %d: school %d index (%d, %d), want (%d, %d)", m.week, i, a.famFirst, a.famN, b.famFirst, b.famN)
			}
		}
		if !slices.Equal(c.schoolFams, m.schoolFams) {
			t.Fatalf("week %d: school families differ", m.week)
		}
	}
	if checked == 0 {
		t.Fatal("no September checked")
	}
}
