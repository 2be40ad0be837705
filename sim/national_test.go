package sim

import (
	"math"
	"reflect"
	"runtime"
	"sync"
	"testing"
)

func england() Params {
	p := Defaults()
	p.Name = "england"
	p.National.LAs = 152
	return p
}

// England is 152 LAs that differ in size, deprivation, threshold and
// staffing, adding up to the national child population.
func TestNationalLayout(t *testing.T) {
	las := NationalLAs(england())
	if len(las) != 152 {
		t.Fatalf("%d LAs", len(las))
	}
	var children, schools int
	minC, maxC := math.MaxInt, 0
	thr := map[float64]bool{}
	for _, la := range las {
		children += la.LA.Children
		s := la.LA.Schools
		schools += s.Primary + s.Secondary + s.Special + s.AlternativeProvision
		minC, maxC = min(minC, la.LA.Children), max(maxC, la.LA.Children)
		thr[la.FrontDoor.Threshold] = true
		if la.National.LAs != 0 {
			t.Fatal("an LA of a country is itself national")
		}
	}
	if math.Abs(float64(children)/12.2e6-1) > 0.01 {
		t.Errorf("%d children, want 12.2 million ± 1%%", children)
	}
	if mean := 12.2e6 / 152; float64(minC) > 0.5*mean || float64(maxC) < 2*mean {
		t.Errorf("LA sizes %d to %d do not vary", minC, maxC)
	}
	if math.Abs(float64(schools)/(152*142)-1) > 0.05 {
		t.Errorf("%d schools, want about %d", schools, 152*142)
	}
	if len(thr) < 100 {
		t.Errorf("only %d distinct thresholds", len(thr))
	}
	if !reflect.DeepEqual(las, NationalLAs(england())) {
		t.Error("the layout is not deterministic")
	}
}

// Combining one LA gives that LA back; combining two identical LAs
// doubles the counts and keeps the rates and means.
func TestCombine(t *testing.T) {
	p := smallLA()
	o := Simulate(p, 1, 0)
	one := Combine([]Outcome{o}, []int{p.LA.Children})
	two := Combine([]Outcome{o, o}, []int{p.LA.Children, p.LA.Children})
	for k, name := range metricNames {
		if d := math.Abs(one.Values[k] - o.Values[k]); d > 1e-9*math.Max(1, math.Abs(o.Values[k])) {
			t.Errorf("%s: one LA combined %v, alone %v", name, one.Values[k], o.Values[k])
		}
		want := o.Values[k]
		if metrics[k].Combine == CombineSum {
			want *= 2
		}
		if d := math.Abs(two.Values[k] - want); d > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s: two LAs combined %v, want %v", name, two.Values[k], want)
		}
	}
}

// England's baseline reproduces the national figures of MODEL.md §5
// within ±10%, from one replication of all 153 real LAs.
func TestEnglandCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("runs all of England")
	}
	p := realEngland()
	las := NationalLAs(p)
	outs := make([]Outcome, len(las))
	children := make([]int, len(las))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				outs[j] = Simulate(las[j], LASeed(2025, j), 0)
				children[j] = las[j].LA.Children
			}
		})
	}
	for j := range las {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	v := Combine(outs, children).Values
	for _, tg := range CalibrationTargets {
		got := TargetValue(tg.Metric, v)
		if rel := got/tg.Value - 1; math.Abs(rel) > CalibrationTolerance {
			t.Errorf("England %s: simulated %.2f, target %.2f: off by %+.1f%%", tg.Metric, got, tg.Value, 100*rel)
		}
	}
}
