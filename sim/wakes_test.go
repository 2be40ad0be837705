package sim

import (
	"math"
	"testing"
)

// A woken family's uniforms are drawn given that at least one bounded
// event happens: every woken week has one, and each event happens with its
// chance divided by the chance of any.
func TestWokenDrawsAreConditional(t *testing.T) {
	m := New(withTeam(smallLA(), "e", RoleQualified, 2, 1), 1, 0, nil)
	for m.week <= m.p.WarmupWeeks {
		m.Step()
	}
	for !m.termWeek(m.week) {
		m.Step()
	}
	var f *family
	for i := range m.families {
		if m.families[i].main >= 0 {
			f = &m.families[i]
			break
		}
	}
	const n = 200000
	for need := uint8(1); need <= 3; need++ {
		f.need = need
		h := m.hiddenHazards(f)
		any := 1 - (1-h.need)*(1-h.crisis)*(1-h.worker)*(1-h.school)*(1-h.other)
		var moved, crisis, worker, school, other, none float64
		for i := range n {
			d := m.wokenDraws(uint32(i), f)
			a, b, c, e, g := d.need < h.need, d.crisis < h.crisis, d.worker < h.worker, d.school < h.school, d.other < h.other
			for _, x := range []struct {
				hit bool
				sum *float64
			}{{a, &moved}, {b, &crisis}, {c, &worker}, {e, &school}, {g, &other}} {
				if x.hit {
					*x.sum++
				}
			}
			if !a && !b && !c && !e && !g {
				none++
			}
		}
		if none > 0 {
			t.Errorf("need %d: %v woken weeks with no bounded event", need, none)
		}
		for _, c := range []struct {
			name     string
			got, haz float64
		}{{"need move", moved, h.need}, {"crisis", crisis, h.crisis}, {"worker", worker, h.worker}, {"school", school, h.school}, {"other", other, h.other}} {
			want := c.haz / any
			if se := math.Sqrt(want * (1 - want) / n); math.Abs(c.got/n-want) > 5*se+1e-12 {
				t.Errorf("need %d %s: %.4f of woken weeks, want %.4f", need, c.name, c.got/n, want)
			}
		}
	}
}
