package sensitivity

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestMorrisDesignStructure(t *testing.T) {
	for _, tc := range []struct{ r, k, p int }{{1, 1, 2}, {5, 3, 4}, {20, 8, 6}, {10, 4, 8}} {
		d, err := NewMorris(tc.r, tc.k, tc.p, rand.NewPCG(1, 1))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Points) != tc.r*(tc.k+1) || len(d.Steps) != tc.r {
			t.Fatalf("%+v: %d points and %d step lists", tc, len(d.Points), len(d.Steps))
		}
		wantDelta := float64(tc.p) / (2 * float64(tc.p-1))
		if d.Delta != wantDelta {
			t.Errorf("Delta = %v, want %v", d.Delta, wantDelta)
		}
		for tr := 0; tr < tc.r; tr++ {
			moved := make([]bool, tc.k)
			for j, s := range d.Steps[tr] {
				x0, x1 := d.Points[tr*(tc.k+1)+j], d.Points[tr*(tc.k+1)+j+1]
				for i := range x0 {
					// Every coordinate is on the grid.
					if l := x1[i] * float64(tc.p-1); math.Abs(l-math.Round(l)) > 1e-9 || x1[i] < 0 || x1[i] > 1 {
						t.Fatalf("coordinate %v is off the %d-level grid", x1[i], tc.p)
					}
					diff := x1[i] - x0[i]
					if i == s.Factor {
						if math.Abs(diff-float64(s.Sign)*wantDelta) > 1e-12 {
							t.Fatalf("factor %d moved by %v, want %v", i, diff, float64(s.Sign)*wantDelta)
						}
					} else if diff != 0 {
						t.Fatalf("factor %d moved at a step of factor %d", i, s.Factor)
					}
				}
				if moved[s.Factor] {
					t.Fatalf("factor %d moved twice in trajectory %d", s.Factor, tr)
				}
				moved[s.Factor] = true
			}
		}
	}
	for _, tc := range []struct{ r, k, p int }{{0, 2, 4}, {2, 0, 4}, {2, 2, 3}, {2, 2, 0}} {
		if _, err := NewMorris(tc.r, tc.k, tc.p, rand.NewPCG(1, 1)); err == nil {
			t.Errorf("NewMorris(%d, %d, %d) gave no error", tc.r, tc.k, tc.p)
		}
	}
	if _, err := NewMorris(2, 2, 4, nil); err == nil {
		t.Error("NewMorris without a source gave no error")
	}
}

func TestMorrisLinear(t *testing.T) {
	// On y = sum c_i x_i every elementary effect is c_i, so mu = mu* (up to
	// sign) = c_i and sigma = 0, to rounding error only (1e-12).
	c := []float64{3, -2, 0.5, 0, 10}
	d, err := NewMorris(12, len(c), 4, rand.NewPCG(2, 3))
	if err != nil {
		t.Fatal(err)
	}
	y := evaluate(func(x []float64) float64 {
		var s float64
		for i, v := range x {
			s += c[i] * v
		}
		return s
	}, nil, d.Points)
	res, err := MorrisIndices(d, y, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, ci := range c {
		if math.Abs(res.Mu[i]-ci) > 1e-12 || math.Abs(res.MuStar[i]-math.Abs(ci)) > 1e-12 || res.Sigma[i] > 1e-12 {
			t.Errorf("factor %d: mu %v mu* %v sigma %v, want %v, %v, 0", i, res.Mu[i], res.MuStar[i], res.Sigma[i], ci, math.Abs(ci))
		}
		if math.Abs(res.MuStarLo[i]-math.Abs(ci)) > 1e-12 || math.Abs(res.MuStarHi[i]-math.Abs(ci)) > 1e-12 {
			t.Errorf("factor %d: mu* interval [%v, %v], want the point %v", i, res.MuStarLo[i], res.MuStarHi[i], math.Abs(ci))
		}
	}
	// Per unit of a factor spanning [0, 4], the effect is a quarter.
	fs := []Factor{{Name: "a", High: 4}, {Name: "b", High: 4}, {Name: "c", High: 4}, {Name: "d", High: 4}, {Name: "e", High: 4}}
	pu := res.PerUnit(fs)
	if math.Abs(pu.Mu[0]-0.75) > 1e-12 {
		t.Errorf("per-unit mu = %v, want 0.75", pu.Mu[0])
	}
}

func TestMorrisGFunctionRanking(t *testing.T) {
	// Sobol's G-function with a = (0, 1, 4.5, 9, 99, 99, 99, 99): factors 1
	// and 2 must lead the mu* ranking and the four a=99 factors must trail it.
	d, err := NewMorris(40, len(gA), 4, rand.NewPCG(7, 7))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8"}
	res, err := MorrisIndices(d, evaluate(gFunction(gA), nil, d.Points), names)
	if err != nil {
		t.Fatal(err)
	}
	order := make([]int, len(gA))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return -cmpFloat(res.MuStar[a], res.MuStar[b]) })
	for i, f := range order {
		t.Logf("rank %d: %s mu* %.4f [%.4f, %.4f] mu %.4f sigma %.4f", i+1, names[f],
			res.MuStar[f], res.MuStarLo[f], res.MuStarHi[f], res.Mu[f], res.Sigma[f])
	}
	if top := []int{order[0], order[1]}; !(slices.Contains(top, 0) && slices.Contains(top, 1)) {
		t.Errorf("top two by mu* are %v, want factors 0 and 1", top)
	}
	for _, f := range order[4:] {
		if gA[f] != 99 {
			t.Errorf("factor %d (a=%v) ranked among the last four", f, gA[f])
		}
	}
	for i := range gA {
		if !(res.MuStarLo[i] <= res.MuStar[i] && res.MuStar[i] <= res.MuStarHi[i]) {
			t.Errorf("factor %d: mu* %v outside its interval [%v, %v]", i, res.MuStar[i], res.MuStarLo[i], res.MuStarHi[i])
		}
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestMorrisDeterministicAndErrors(t *testing.T) {
	run := func(seed uint64) (*MorrisDesign, MorrisResult) {
		d, err := NewMorris(10, 3, 4, rand.NewPCG(seed, 0))
		if err != nil {
			t.Fatal(err)
		}
		res, err := MorrisIndices(d, evaluate(ishigami, []Factor{
			{Name: "x1", Low: -math.Pi, High: math.Pi},
			{Name: "x2", Low: -math.Pi, High: math.Pi},
			{Name: "x3", Low: -math.Pi, High: math.Pi},
		}, d.Points), nil)
		if err != nil {
			t.Fatal(err)
		}
		return d, res
	}
	d1, r1 := run(3)
	d2, r2 := run(3)
	d3, _ := run(4)
	if !reflect.DeepEqual(d1, d2) || !reflect.DeepEqual(r1, r2) {
		t.Error("same seeds gave different Morris designs or results")
	}
	if reflect.DeepEqual(d1, d3) {
		t.Error("different seeds gave the same Morris design")
	}
	y := make([]float64, len(d1.Points))
	if _, err := MorrisIndices(d1, y[1:], nil); err == nil {
		t.Error("wrong output count accepted")
	}
	y[0] = math.Inf(1)
	if _, err := MorrisIndices(d1, y, nil); err == nil {
		t.Error("infinite output accepted")
	}
	one, _ := NewMorris(1, 2, 4, rand.NewPCG(1, 1))
	res, err := MorrisIndices(one, make([]float64, 3), nil)
	if err != nil || !math.IsNaN(res.Sigma[0]) || !math.IsNaN(res.MuStarLo[0]) {
		t.Errorf("single trajectory: sigma %v, mu* low %v, err %v; want NaN, NaN, nil", res.Sigma, res.MuStarLo, err)
	}
}

func TestMorrisIntervalNotBelowZero(t *testing.T) {
	// The second factor acts only when both factors are at their top
	// level, so most of its elementary effects are 0 and, on a few
	// trajectories, the t-interval would reach below 0, which mu* cannot.
	f := func(x []float64) float64 {
		if x[0] == 1 && x[1] == 1 {
			return x[0] + 0.01
		}
		return x[0]
	}
	tried := 0
	for seed := uint64(1); seed <= 200; seed++ {
		d, err := NewMorris(5, 2, 4, rand.NewPCG(seed, 4))
		if err != nil {
			t.Fatal(err)
		}
		y := evaluate(f, nil, d.Points)
		var abs []float64
		for tr, steps := range d.Steps {
			for j, s := range steps {
				if s.Factor == 1 {
					b := tr * 3
					abs = append(abs, math.Abs((y[b+j+1]-y[b+j])/(float64(s.Sign)*d.Delta)))
				}
			}
		}
		if _, lo, _ := tInterval(abs); !(lo < 0) {
			continue
		}
		tried++
		res, err := MorrisIndices(d, y, nil)
		if err != nil {
			t.Fatal(err)
		}
		if res.MuStarLo[1] != 0 || !(res.MuStarHi[1] > res.MuStar[1]) || !(res.MuStar[1] > 0) {
			t.Errorf("seed %d: mu* %v [%v, %v], want the low bound at 0", seed, res.MuStar[1], res.MuStarLo[1], res.MuStarHi[1])
		}
	}
	if tried == 0 {
		t.Fatal("no seed gave a t-interval reaching below 0")
	}
}
