package sim

import "testing"

// Posts take contiguous runs of covered schools in locality order; a
// budget team covers whole localities in turn, whatever the school types.
func TestClustersFollowLocalities(t *testing.T) {
	for _, sel := range []string{SelectMostDeprived, SelectBudget} {
		p := Defaults()
		p.SchoolWorkforce.Teams = map[string]Team{"t": {Role: "qualified", FTE: 5, SchoolsPerWorker: 5, Selection: sel}}
		p.SchoolWorkforce.BudgetFTE = 5
		m := New(p, 1, 0, nil)
		last := -1
		for k, sl := range m.slots {
			first := int(m.schools[sl.schools[0]].locality)
			if first < last {
				t.Fatalf("%s: post %d starts in locality %d after one that ended in %d", sel, k, first, last)
			}
			for _, sc := range sl.schools {
				loc := int(m.schools[sc].locality)
				if loc < last {
					t.Fatalf("%s: post %d goes back to locality %d", sel, k, loc)
				}
				last = loc
			}
		}
		if sel != SelectBudget {
			continue
		}
		var types [NumSchoolTypes]int
		covered, full := 0, 0
		for loc := range p.LA.Localities {
			n, in := 0, 0
			for _, sc := range m.schools {
				if int(sc.locality) == loc {
					n++
					if sc.slot >= 0 {
						in++
						types[sc.typ]++
					}
				}
			}
			covered += in
			if in == n {
				full++
			} else if in > 0 && covered != 25 {
				t.Fatalf("locality %d partly covered (%d of %d) before the budget ran out", loc, in, n)
			}
		}
		if covered != 25 || full == 0 || types[Primary] == 0 || types[Secondary] == 0 {
			t.Fatalf("budget team covers %d schools, %d whole localities, by type %v", covered, full, types)
		}
	}
}
