package sensitivity

import (
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestOAT(t *testing.T) {
	factors := []Factor{
		{Name: "a", Low: 0, High: 2},
		{Name: "b", Low: -1, High: 1},
		{Name: "c", Levels: []float64{5, 1, 3}},
		{Name: "d", Low: 10, High: 20},
	}
	base := []float64{1, 0, 3, 15}
	pts := OATPoints(factors, base)
	want := [][]float64{
		{1, 0, 3, 15},
		{0, 0, 3, 15}, {2, 0, 3, 15},
		{1, -1, 3, 15}, {1, 1, 3, 15},
		{1, 0, 1, 15}, {1, 0, 5, 15},
		{1, 0, 3, 10}, {1, 0, 3, 20},
	}
	if !reflect.DeepEqual(pts, want) {
		t.Fatalf("OATPoints = %v, want %v", pts, want)
	}
	// y = 3a - 4b^2 + c + 0*d: swings a 6, c 4, b 0 (symmetric), d 0.
	f := func(x []float64) float64 { return 3*x[0] - 4*x[1]*x[1] + x[2] }
	swings, err := OAT(factors, evaluate(f, nil, pts))
	if err != nil {
		t.Fatal(err)
	}
	wantSwings := []Swing{
		{Name: "a", Low: 0, High: 2, YLow: 3, YHigh: 9, Range: 6},
		{Name: "c", Low: 1, High: 5, YLow: 4, YHigh: 8, Range: 4},
		{Name: "b", Low: -1, High: 1, YLow: 2, YHigh: 2, Range: 0},
		{Name: "d", Low: 10, High: 20, YLow: 6, YHigh: 6, Range: 0},
	}
	if !reflect.DeepEqual(swings, wantSwings) {
		t.Errorf("OAT = %+v\nwant %+v", swings, wantSwings)
	}
	if _, err := OAT(factors, make([]float64, 3)); err == nil {
		t.Error("wrong output count accepted")
	}
	y := evaluate(f, nil, pts)
	y[4] = math.NaN()
	if _, err := OAT(factors, y); err == nil {
		t.Error("NaN output accepted")
	}
}

func TestNoiseWarning(t *testing.T) {
	tests := []struct {
		name     string
		noise    float64
		varY     float64
		indices  []float64
		warn     bool
		contains string
	}{
		{"quiet model", 0.01, 1, []float64{0.5, 0.3, 0.05}, false, ""},
		{"noise above 10%", 0.2, 1, []float64{0.5, 0.3}, true, "above the 10% limit"},
		// the indices already use each point's mean over its replications:
		// the advice is more of them, not averaging
		{"the advice", 0.2, 1, []float64{0.5, 0.3}, true, "more replications per point (--reps)"},
		{"noise above smallest index", 0.05, 1, []float64{0.5, 0.3, 0.02}, true, "larger than one index (0.02)"},
		{"two indices under noise", 0.05, 1, []float64{0.5, 0.01, 0.02}, true, "larger than 2 indices (the smallest 0.01)"},
		{"zero and negative indices ignored", 0.05, 1, []float64{0.5, 0, -0.01, math.NaN()}, false, ""},
		{"exactly 10% is allowed", 0.1, 1, nil, false, ""},
		{"no variance", 0.1, 0, nil, true, "cannot be compared"},
		{"NaN noise", math.NaN(), 1, nil, true, "cannot be compared"},
	}
	for _, tc := range tests {
		msg, warn := NoiseWarning(tc.noise, tc.varY, tc.indices)
		if warn != tc.warn || !strings.Contains(msg, tc.contains) || (warn && msg == "") || (!warn && msg != "") {
			t.Errorf("%s: NoiseWarning = %q, %v", tc.name, msg, warn)
		}
	}
}
