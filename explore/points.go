package explore

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sensitivity"
)

// Point is one design point: one value per factor, as the text a --set
// override takes.
type Point struct {
	Values []string `json:"values"`
}

// Sets returns the --set overrides that make the point.
func (p Point) Sets(factors []Factor) []string {
	sets := make([]string, len(factors))
	for i, f := range factors {
		sets[i] = f.Key + "=" + p.Values[i]
	}
	return sets
}

// unit is the factor in the terms of package sensitivity: a continuous
// range, or the indices of its listed values.
func (f Factor) unit() sensitivity.Factor {
	if f.Discrete() {
		levels := make([]float64, len(f.Values))
		for i := range levels {
			levels[i] = float64(i)
		}
		return sensitivity.Factor{Name: f.Key, Levels: levels}
	}
	return sensitivity.Factor{Name: f.Key, Low: f.Low, High: f.High}
}

// text renders a factor value (in the units of unit()) for a --set:
// listed values by index, whole numbers for integer keys.
func (f Factor) text(x float64) string {
	if f.Discrete() {
		return f.Values[int(x)]
	}
	if f.kind == reflect.Int {
		return num(math.Round(x))
	}
	return num(x)
}

func units(factors []Factor) []sensitivity.Factor {
	out := make([]sensitivity.Factor, len(factors))
	for i, f := range factors {
		out[i] = f.unit()
	}
	return out
}

// fromUnitCube turns unit-hypercube points into design points.
func fromUnitCube(factors []Factor, us [][]float64) []Point {
	fs := units(factors)
	out := make([]Point, len(us))
	for i, u := range us {
		x := sensitivity.Scale(fs, u)
		out[i].Values = make([]string, len(factors))
		for j, f := range factors {
			out[i].Values[j] = f.text(x[j])
		}
	}
	return out
}

// SweepPoints returns the points of a sweep: the full grid (continuous
// factors at Levels evenly spaced values from Low to High, listed factors
// at each value; the last factor varies fastest), a Latin hypercube of
// Samples points, or the listed points.
func (d *Design) SweepPoints() []Point {
	switch d.Method {
	case MethodLHS:
		return fromUnitCube(d.Factors, sensitivity.LatinHypercube(d.Samples, len(d.Factors), rand.NewPCG(d.Seed, 1)))
	case MethodPoints:
		out := make([]Point, len(d.Points))
		for i, vals := range d.Points {
			out[i].Values = vals
		}
		return out
	}
	levels := make([]int, len(d.Factors))
	for i, f := range d.Factors {
		levels[i] = f.Levels
		if f.Discrete() {
			levels[i] = len(f.Values)
		}
	}
	grid := sensitivity.FullGrid(levels)
	out := make([]Point, len(grid))
	for i, u := range grid {
		out[i].Values = make([]string, len(d.Factors))
		for j, f := range d.Factors {
			if f.Discrete() {
				out[i].Values[j] = f.Values[int(math.Round(u[j]*float64(len(f.Values)-1)))]
			} else {
				out[i].Values[j] = f.text(f.Low + float64(u[j]*(f.High-f.Low)))
			}
		}
	}
	return out
}

// OATPoints returns the base point (the scenario's own values) and, for
// each factor, the base with that factor at its low and at its high.
func (d *Design) OATPoints(resolved map[string]any) ([]Point, error) {
	base := Point{Values: make([]string, len(d.Factors))}
	for i, f := range d.Factors {
		v, ok := config.Lookup(resolved, f.Key)
		if !ok {
			return nil, bad(d.File, fmt.Sprintf("factors[%d].key", i), f.Key, "a key the scenario has")
		}
		base.Values[i] = scalarText(v)
	}
	out := []Point{base}
	for i, f := range d.Factors {
		lo, hi := f.text(f.Low), f.text(f.High)
		if f.Discrete() {
			lo, hi = f.Values[0], f.Values[len(f.Values)-1]
		}
		for _, v := range []string{lo, hi} {
			p := Point{Values: append([]string(nil), base.Values...)}
			p.Values[i] = v
			out = append(out, p)
		}
	}
	return out, nil
}

// MorrisDesign returns the Morris trajectories of the design.
func (d *Design) MorrisDesign() (*sensitivity.MorrisDesign, []Point, error) {
	m, err := sensitivity.NewMorris(d.Morris.Trajectories, len(d.Factors), d.Morris.Levels, rand.NewPCG(d.Seed, 2))
	if err != nil {
		return nil, nil, bad(d.File, "morris", fmt.Sprintf("trajectories %d, levels %d", d.Morris.Trajectories, d.Morris.Levels), err.Error())
	}
	return m, fromUnitCube(d.Factors, m.Points), nil
}

// SaltelliDesign returns the design for Sobol indices: Sobol.Repetitions
// independent random digital shifts of a Saltelli design of Sobol.Base
// base points, R·N(k+2) runs in all, repetition after repetition. The
// shifts come from the design's seed, so the points are the same on every
// run and a resumed run finds its finished points where it left them.
func (d *Design) SaltelliDesign() (*sensitivity.SobolDesign, []Point, error) {
	s, err := sensitivity.NewSobolDesign(d.Sobol.Base, len(d.Factors), d.Sobol.Repetitions, rand.NewPCG(d.Seed, 3))
	if err != nil {
		return nil, nil, bad(d.File, "sobol", fmt.Sprintf("base %d, repetitions %d", d.Sobol.Base, d.Sobol.Repetitions), err.Error())
	}
	return s, fromUnitCube(d.Factors, s.Points()), nil
}
