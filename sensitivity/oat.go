package sensitivity

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Swing is the one-at-a-time effect of one factor: the output with the factor
// at its low and at its high value, the others held at the base point.
type Swing struct {
	// Name is the factor's name.
	Name string
	// Low and High are the factor values used (see [OATPoints]).
	Low, High float64
	// YLow and YHigh are the outputs at those values.
	YLow, YHigh float64
	// Range is |YHigh - YLow|, the length of the factor's tornado bar.
	Range float64
}

// OATPoints returns the 1+2k runs of a one-at-a-time design in factor units:
// the base point first, then for each factor in order the base point with
// that factor at its low value and the base point with it at its high value.
// Low and high are [Factor.Bounds]: Low and High for a continuous factor, the
// smallest and largest level for a discrete one. base is given in factor
// units. It panics if len(base) != len(factors).
func OATPoints(factors []Factor, base []float64) [][]float64 {
	if len(base) != len(factors) {
		panic(fmt.Sprintf("sensitivity: OATPoints got a base of %d values for %d factors", len(base), len(factors)))
	}
	pts := make([][]float64, 0, 1+2*len(factors))
	pts = append(pts, slices.Clone(base))
	for i, f := range factors {
		lo, hi := f.Bounds()
		low, high := slices.Clone(base), slices.Clone(base)
		low[i], high[i] = lo, hi
		pts = append(pts, low, high)
	}
	return pts
}

// OAT turns outputs y, ordered as [OATPoints] (y[0] at the base point), into
// one [Swing] per factor, sorted by Range from largest to smallest, ties
// broken by name. It fails when len(y) != 1+2*len(factors) or an output
// needed is not finite.
func OAT(factors []Factor, y []float64) ([]Swing, error) {
	if len(y) != 1+2*len(factors) {
		return nil, fmt.Errorf("sensitivity: %d outputs for a one-at-a-time design of %d runs", len(y), 1+2*len(factors))
	}
	swings := make([]Swing, len(factors))
	for i, f := range factors {
		yl, yh := y[1+2*i], y[2+2*i]
		if math.IsNaN(yl) || math.IsInf(yl, 0) || math.IsNaN(yh) || math.IsInf(yh, 0) {
			return nil, fmt.Errorf("sensitivity: output for factor %q is not finite", f.Name)
		}
		lo, hi := f.Bounds()
		swings[i] = Swing{Name: f.Name, Low: lo, High: hi, YLow: yl, YHigh: yh, Range: math.Abs(yh - yl)}
	}
	slices.SortStableFunc(swings, func(a, b Swing) int {
		if c := cmp.Compare(b.Range, a.Range); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	return swings, nil
}
