package sim

import (
	"math"
	"testing"
)

// TestPickerMatchesPick checks that the build's scan gives the index of the
// binary search for every table, sorted or not.
func TestPickerMatchesPick(t *testing.T) {
	tables := [][]float64{
		{0.44, 0.38, 0.13, 0.04, 0.01},
		{0.9391, 0.0346, 0.0248, 0.0015},
		{0, 0, 1, 0},
		{0, 0, 0},        // all NaN after cumulative
		{1, -0.5, 0.5},   // not sorted
		{0.2, 0, 0, 0.8}, // repeated values
		{1},
	}
	s := NewKeys(7, 0).Stream(0, 0, PurposeBuild)
	for _, w := range tables {
		cum := cumulative(w)
		p := newPicker(cum)
		us := []float64{0, 0.2, 0.44, 0.82, 0.999999, math.Nextafter(0.2, 1)}
		for range 2000 {
			us = append(us, s.Float64())
		}
		for _, u := range us {
			if got, want := p.pick(u), pick(cum, u); got != want {
				t.Fatalf("weights %v, u %v: picker %d, pick %d", w, u, got, want)
			}
		}
	}
	if got := newPicker(nil).pick(0.5); got != pick(nil, 0.5) {
		t.Fatalf("empty table: picker %d, pick %d", got, pick(nil, 0.5))
	}
}
