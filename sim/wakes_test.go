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
	const n = 100000
	for _, stage := range []Stage{StageNone, StageCIN, StageCP, StageCLA} {
		for need := uint8(0); need <= 3; need++ {
			if need == 0 && stage == StageNone {
				continue // onsets are geometric
			}
			f.stage, f.need, f.since = stage, need, int32(m.week-20)
			h := m.sleepHazards(f)
			b := h.week(m.week, true, true)
			none := 1.0
			for _, x := range b {
				none *= 1 - x
			}
			var hits [drawSource]float64
			var quiet float64
			for i := range n {
				d := m.wokenDraws(uint32(i), f)
				any := false
				for k := range b {
					if d[k] < b[k] {
						hits[k]++
						any = true
					}
				}
				if !any {
					quiet++
				}
			}
			if quiet > 0 {
				t.Errorf("%s need %d: %v woken weeks with no bounded event", StageNames[stage], need, quiet)
			}
			for k := range b {
				want := b[k] / (1 - none)
				if se := math.Sqrt(want * (1 - want) / n); math.Abs(hits[k]/n-want) > 5*se+1e-12 {
					t.Errorf("%s need %d draw %d: %.4f of woken weeks, want %.4f", StageNames[stage], need, k, hits[k]/n, want)
				}
			}
		}
	}
}
