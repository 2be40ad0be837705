package sensitivity

import (
	"errors"
	"fmt"
	"math"
)

// Factor is one model input. A factor is either continuous, ranging over
// [Low, High], or discrete, taking one of the values in Levels. A factor with
// a non-empty Levels slice is discrete and its Low and High are ignored.
type Factor struct {
	// Name identifies the factor in results and tables.
	Name string
	// Low and High bound a continuous factor.
	Low, High float64
	// Levels lists the values of a discrete factor, in the order in which
	// the unit interval is divided among them.
	Levels []float64
}

// Discrete reports whether the factor takes values from Levels.
func (f Factor) Discrete() bool { return len(f.Levels) > 0 }

// Bounds returns the smallest and largest value the factor can take: Low and
// High for a continuous factor, the minimum and maximum of Levels for a
// discrete one.
func (f Factor) Bounds() (lo, hi float64) {
	if !f.Discrete() {
		return f.Low, f.High
	}
	lo, hi = f.Levels[0], f.Levels[0]
	for _, v := range f.Levels[1:] {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	return lo, hi
}

// At maps one unit-interval coordinate u onto the factor. A continuous factor
// gives Low + u*(High-Low); a discrete factor with m levels gives
// Levels[floor(u*m)], so each level owns an equal share of the interval.
// u is clamped to [0, 1] first, and u = 1 gives High or the last level.
func (f Factor) At(u float64) float64 {
	if math.IsNaN(u) {
		return math.NaN()
	}
	u = math.Max(0, math.Min(1, u))
	if !f.Discrete() {
		return f.Low + float64(u*(f.High-f.Low))
	}
	m := len(f.Levels)
	i := int(u * float64(m))
	if i >= m {
		i = m - 1
	}
	return f.Levels[i]
}

// Scale maps a unit-hypercube point u onto the factors, coordinate by
// coordinate, with [Factor.At]. It panics if len(u) != len(factors).
func Scale(factors []Factor, u []float64) []float64 {
	if len(u) != len(factors) {
		panic(fmt.Sprintf("sensitivity: Scale got a point of %d coordinates for %d factors", len(u), len(factors)))
	}
	x := make([]float64, len(u))
	for i, f := range factors {
		x[i] = f.At(u[i])
	}
	return x
}

// ScaleAll applies [Scale] to every row of a unit-hypercube design.
func ScaleAll(factors []Factor, points [][]float64) [][]float64 {
	out := make([][]float64, len(points))
	for i, u := range points {
		out[i] = Scale(factors, u)
	}
	return out
}

// Names returns the factor names in order.
func Names(factors []Factor) []string {
	names := make([]string, len(factors))
	for i, f := range factors {
		names[i] = f.Name
	}
	return names
}

// ValidateFactors checks that there is at least one factor, that names are
// non-empty and distinct, that continuous bounds are finite with
// Low <= High, and that discrete levels are finite.
func ValidateFactors(factors []Factor) error {
	if len(factors) == 0 {
		return errors.New("sensitivity: no factors")
	}
	seen := make(map[string]bool, len(factors))
	for i, f := range factors {
		if f.Name == "" {
			return fmt.Errorf("sensitivity: factor %d has no name", i+1)
		}
		if seen[f.Name] {
			return fmt.Errorf("sensitivity: factor name %q is used twice", f.Name)
		}
		seen[f.Name] = true
		if f.Discrete() {
			for _, v := range f.Levels {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return fmt.Errorf("sensitivity: factor %q has a level that is not finite", f.Name)
				}
			}
			continue
		}
		if math.IsNaN(f.Low) || math.IsInf(f.Low, 0) || math.IsNaN(f.High) || math.IsInf(f.High, 0) {
			return fmt.Errorf("sensitivity: factor %q has a bound that is not finite", f.Name)
		}
		if f.Low > f.High {
			return fmt.Errorf("sensitivity: factor %q has Low %g above High %g", f.Name, f.Low, f.High)
		}
	}
	return nil
}

// defaultNames returns names unless it is nil, in which case it makes
// "x1", ..., "xk". It reports an error when a non-nil slice has the wrong
// length.
func defaultNames(names []string, k int) ([]string, error) {
	if names == nil {
		out := make([]string, k)
		for i := range out {
			out[i] = fmt.Sprintf("x%d", i+1)
		}
		return out, nil
	}
	if len(names) != k {
		return nil, fmt.Errorf("sensitivity: %d names for %d factors", len(names), k)
	}
	return append([]string(nil), names...), nil
}
