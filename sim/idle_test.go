package sim

import (
	"fmt"
	"testing"
	"time"
)

// withIdleChildren is p with k times the children doing the same work: the
// hazards and rates per child or per 10,000 children that bring a family
// to need or to the front door are divided by k, and so are the shares of
// families with need and the stocks at the start, so the families with
// something happening stay about as many, and the children added are
// children with nothing happening. Schools, posts and everything per case
// are unchanged.
func withIdleChildren(p Params, k float64) Params {
	p.LA.Children = int(float64(p.LA.Children) * k)
	p.Need.Onset /= k
	p.Referral.NoNeedSchool /= k
	p.Referral.NoNeedOther /= k
	p.UASC.EntriesPer10k /= k
	p.Pipeline.InitialCIN /= k
	p.Pipeline.InitialCP /= k
	p.Pipeline.InitialCLA /= k
	for _, sh := range []*[4]float64{&p.Need.InitialShares, &p.Need.InitialSharesDeprived} {
		sh[0] = 1
		for l := 1; l < 4; l++ {
			sh[l] /= k
			sh[0] -= sh[l]
		}
	}
	return p
}

// TestStepCostFlatInIdleChildren: twice the children with nothing
// happening leave the families the weekly step visits about the same
// (Work.FamilyWeeks within 15%), while the children a per-child loop would
// touch (Work.ChildWeeks) double. Ageing (ages are kept by date
// arithmetic, ageOf), the September moves (only the families with a child
// at a threshold age) and the statutory workers (only cases) add no visit
// per idle child. BenchmarkIdleChildren gives the times.
func TestStepCostFlatInIdleChildren(t *testing.T) {
	if testing.Short() {
		t.Skip("two LAs of 20,000 and 40,000 children over three years")
	}
	p := Defaults()
	p.LA.Children = 20000
	p.Statutory.Posts /= 4
	p.Years, p.WarmupWeeks = 2, 52
	var fw, cw [2]float64
	for i, k := range []float64{1, 2} {
		for rep := range 2 {
			m := New(withIdleChildren(p, k), 5, rep, nil)
			m.Run()
			w := m.acc.finish(m).Work
			fw[i] += float64(w.FamilyWeeks)
			cw[i] += float64(w.ChildWeeks)
		}
	}
	if r := cw[1] / cw[0]; r < 1.99 || r > 2.01 {
		t.Fatalf("child-weeks ratio %.3f, want 2: the population did not double", r)
	}
	t.Logf("families stepped %.0f and %.0f, children-weeks %.0f and %.0f", fw[0], fw[1], cw[0], cw[1])
	if r := fw[1] / fw[0]; r < 0.85 || r > 1.15 {
		t.Errorf("families stepped: %.0f with twice the idle children against %.0f, ratio %.3f, want about 1", fw[1], fw[0], r)
	}
}

// BenchmarkIdleChildren measures the weekly step of the typical LA with
// 1, 2 and 4 times the children doing the same work (withIdleChildren).
// ns/op is an ordinary week: a step cost that does not grow with idle
// children is about flat across the three. The September step (ages,
// school moves, leaving care at 18), once in 52 weeks, is left out of
// ns/op and reported apart as september-µs: it looks at every family once
// and moves the families with a child at a roll's threshold age, so it
// does grow with the children.
func BenchmarkIdleChildren(b *testing.B) {
	for _, k := range []float64{1, 2, 4} {
		b.Run(fmt.Sprintf("children-x%g", k), func(b *testing.B) {
			p := withIdleChildren(Defaults(), k)
			p.Years, p.WarmupWeeks = 20, 52
			warm := func() *Model {
				m := New(p, 1, 0, nil)
				for m.week < p.WarmupWeeks+8 {
					m.Step()
				}
				return m
			}
			m := warm()
			var active, weeks, septembers float64
			var sept time.Duration
			for b.Loop() {
				if m.Done() {
					b.StopTimer()
					m = warm()
					b.StartTimer()
				}
				if m.week%weeksPerYear == 0 {
					b.StopTimer()
					t0 := time.Now()
					m.Step()
					sept += time.Since(t0)
					septembers++
					b.StartTimer()
					continue
				}
				m.Step()
				active += float64(m.nAwake)
				weeks++
			}
			b.ReportMetric(active/weeks, "awake-families")
			if septembers > 0 {
				b.ReportMetric(float64(sept.Microseconds())/septembers, "september-µs")
			}
		})
	}
}
