package sim

import (
	"math"
	"reflect"
	"testing"
)

// withBirthGrowth is p with births following a growth rate (% a year).
func withBirthGrowth(p Params, g float64) Params {
	p.Population.BirthGrowth = g
	return p
}

// TestBirthGrowth: with population.birth_growth the children of the LA
// grow (or fall) by the births beyond (or short of) the stable level,
// exactly as birthsTarget gives them and as the ledger books them; the
// youngest cohort is the stable cohort times (1 + g)^years (4 standard
// deviations of the cohort sizes the build draws); with no growth the
// population is what it was at the start.
func TestBirthGrowth(t *testing.T) {
	for _, g := range []float64{0, 10, -5} {
		p := withBirthGrowth(Defaults(), g)
		p.Years, p.WarmupWeeks = 3, 52
		m := New(p, 11, 0, nil)
		m.Run()
		o := m.acc.finish(m)
		n := p.LA.Children
		want := float64(n) / childAges * (math.Pow(1+g/100, 3) - 1)
		target := m.birthsTarget(3)
		sum := 0.0
		for j := 1.0; j <= 3; j++ {
			sum += math.Pow(1+g/100, j) - 1
		}
		if math.Abs(float64(target)-float64(n)/childAges*sum) > 1 {
			t.Errorf("birth_growth %v: births beyond the stable level %d, want %.1f", g, target, float64(n)/childAges*sum)
		}
		if got := m.Children() - n; got != target {
			t.Errorf("birth_growth %v: %d children more than at the start, want %d", g, got, target)
		}
		if got := o.Values[MetricIndex("children_end")]; got != float64(n+target) {
			t.Errorf("birth_growth %v: children_end %v, want %d", g, got, n+target)
		}
		if got := int(o.Ledger.Born - o.Ledger.Left); got != target {
			t.Errorf("birth_growth %v: ledger born %v − left %v, want %d", g, o.Ledger.Born, o.Ledger.Left, target)
		}
		babies := 0
		for i := range m.families {
			f := &m.families[i]
			for c := f.first; c < f.first+uint32(f.n); c++ {
				if m.ageOf(c) == 0 {
					babies++
				}
			}
		}
		stable := float64(n) / childAges
		if sd := math.Sqrt(stable); math.Abs(float64(babies)-stable-want) > 4*sd {
			t.Errorf("birth_growth %v: %d children aged 0, want %.0f ± %.0f", g, babies, stable+want, 4*sd)
		}
		if g != 0 && !reflect.DeepEqual(Simulate(p, 11, 0), o) {
			t.Errorf("birth_growth %v: a second run differs", g)
		}
	}
}

// TestBirthGrowthNewFamiliesLive: the families a rise in births brings
// are families like the others: some of them come to need and are
// referred within a long run, and reusing a workspace after a run with
// births leaves the next run as a fresh model's.
func TestBirthGrowthNewFamiliesLive(t *testing.T) {
	p := withBirthGrowth(smallLA(), 10)
	p.Years = 6
	p.Need.Onset *= 4 // more onsets, so that a small LA shows them
	m := New(p, 3, 0, nil)
	before := 0
	for !m.Done() {
		if m.week == p.WarmupWeeks {
			before = len(m.families)
		}
		m.Step()
	}
	need, referred := 0, 0
	for i := before; i < len(m.families); i++ {
		f := &m.families[i]
		if f.need > 0 {
			need++
		}
		if f.referred >= 0 {
			referred++
		}
	}
	if len(m.families) == before || need == 0 || referred == 0 {
		t.Errorf("%d new families: %d with need, %d referred; want some of each", len(m.families)-before, need, referred)
	}
	var ws Workspace
	ws.Simulate(p, 5, 0)
	q := smallLA()
	if got, want := ws.Simulate(q, 5, 1), Simulate(q, 5, 1); !reflect.DeepEqual(got, want) {
		t.Error("a workspace reused after a run with births differs from a fresh model")
	}
}
