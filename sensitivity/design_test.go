package sensitivity

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestFullGrid(t *testing.T) {
	tests := []struct {
		name   string
		levels []int
		want   [][]float64
	}{
		{"single level sits mid-cube", []int{1}, [][]float64{{0.5}}},
		{"2x3 last fastest", []int{2, 3}, [][]float64{
			{0, 0}, {0, 0.5}, {0, 1},
			{1, 0}, {1, 0.5}, {1, 1},
		}},
		{"3x1x2", []int{3, 1, 2}, [][]float64{
			{0, 0.5, 0}, {0, 0.5, 1},
			{0.5, 0.5, 0}, {0.5, 0.5, 1},
			{1, 0.5, 0}, {1, 0.5, 1},
		}},
		{"empty", nil, nil},
		{"zero levels", []int{2, 0}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FullGrid(tc.levels); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("FullGrid(%v) = %v, want %v", tc.levels, got, tc.want)
			}
		})
	}
	// The count is the product of the levels.
	if got := len(FullGrid([]int{4, 5, 3, 2})); got != 120 {
		t.Errorf("4x5x3x2 grid has %d rows, want 120", got)
	}
}

func TestFullGridVisitsEveryDiscreteLevel(t *testing.T) {
	for m := 1; m <= 9; m++ {
		levels := make([]float64, m)
		for i := range levels {
			levels[i] = float64(10 * i)
		}
		f := []Factor{{Name: "d", Levels: levels}}
		for i, row := range FullGrid([]int{m}) {
			if got := Scale(f, row)[0]; got != levels[i] {
				t.Errorf("m=%d: grid row %d maps to %v, want %v", m, i, got, levels[i])
			}
		}
	}
}

func TestScale(t *testing.T) {
	factors := []Factor{
		{Name: "rate", Low: 2, High: 6},
		{Name: "staff", Levels: []float64{10, 20, 30, 40}},
	}
	tests := []struct {
		u, want []float64
	}{
		{[]float64{0, 0}, []float64{2, 10}},
		{[]float64{0.5, 0.5}, []float64{4, 30}},
		{[]float64{0.25, 0.2499}, []float64{3, 10}},
		{[]float64{0.999, 0.75}, []float64{5.996, 40}},
		{[]float64{1, 1}, []float64{6, 40}},
		{[]float64{-0.1, 1.2}, []float64{2, 40}},
	}
	for _, tc := range tests {
		got := Scale(factors, tc.u)
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("Scale(%v) = %v, want %v", tc.u, got, tc.want)
				break
			}
		}
	}
}

func TestValidateFactors(t *testing.T) {
	tests := []struct {
		name    string
		factors []Factor
		ok      bool
	}{
		{"fine", []Factor{{Name: "a", Low: 0, High: 1}, {Name: "b", Levels: []float64{1, 2}}}, true},
		{"none", nil, false},
		{"unnamed", []Factor{{Low: 0, High: 1}}, false},
		{"duplicate", []Factor{{Name: "a", High: 1}, {Name: "a", High: 2}}, false},
		{"reversed", []Factor{{Name: "a", Low: 2, High: 1}}, false},
		{"infinite", []Factor{{Name: "a", High: math.Inf(1)}}, false},
		{"NaN level", []Factor{{Name: "a", Levels: []float64{math.NaN()}}}, false},
	}
	for _, tc := range tests {
		if err := ValidateFactors(tc.factors); (err == nil) != tc.ok {
			t.Errorf("%s: ValidateFactors error = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestLatinHypercube(t *testing.T) {
	for _, tc := range []struct{ n, k int }{{1, 1}, {7, 3}, {100, 5}, {1000, 2}} {
		pts := LatinHypercube(tc.n, tc.k, rand.NewPCG(1, 2))
		if len(pts) != tc.n {
			t.Fatalf("n=%d: got %d points", tc.n, len(pts))
		}
		for j := 0; j < tc.k; j++ {
			count := make([]int, tc.n)
			for _, p := range pts {
				if p[j] < 0 || p[j] >= 1 {
					t.Fatalf("coordinate %v outside [0,1)", p[j])
				}
				count[int(p[j]*float64(tc.n))]++
			}
			for s, c := range count {
				if c != 1 {
					t.Fatalf("n=%d k=%d dim %d: stratum %d holds %d points", tc.n, tc.k, j, s, c)
				}
			}
		}
	}
	a := LatinHypercube(50, 4, rand.NewPCG(9, 9))
	b := LatinHypercube(50, 4, rand.NewPCG(9, 9))
	c := LatinHypercube(50, 4, rand.NewPCG(9, 10))
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed gave different Latin hypercubes")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same Latin hypercube")
	}
	if LatinHypercube(0, 3, rand.NewPCG(1, 1)) != nil {
		t.Error("n=0 should give nil")
	}
}
