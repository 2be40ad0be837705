package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// Step records one move along a Morris trajectory: the factor (0-based) that
// changes and the direction of the change, +1 or -1.
type Step struct {
	// Factor is the 0-based index of the factor that moves.
	Factor int
	// Sign is +1 for a move up by Delta and -1 for a move down.
	Sign int
}

// MorrisDesign is a set of R Morris trajectories (Morris 1991) over K factors
// on a P-level grid of the unit cube, {0, 1/(P-1), ..., 1}. Each trajectory
// is K+1 points; consecutive points differ in exactly one factor, by
// Delta = P/(2(P-1)), and every factor moves exactly once. The grid includes
// the upper face u = 1, which [Scale] maps onto High or the last level.
type MorrisDesign struct {
	// R is the number of trajectories, K the number of factors and P the
	// number of grid levels.
	R, K, P int
	// Delta is the step length in unit-cube terms, P/(2(P-1)).
	Delta float64
	// Points holds the R*(K+1) runs, trajectory after trajectory.
	Points [][]float64
	// Steps[t][j] is the move from point j to point j+1 of trajectory t.
	Steps [][]Step
}

// NewMorris draws r trajectories for k factors on a p-level grid from src.
// For each trajectory the factors move in a random order, each in a random
// direction, from a random grid point chosen so that the move stays on the
// grid; every grid level is then equally likely for every coordinate, as in
// Morris's randomised orientation matrix. p must be even (so that Delta is
// a whole number of grid steps) and at least 2; r and k must be positive.
func NewMorris(r, k, p int, src rand.Source) (*MorrisDesign, error) {
	switch {
	case r < 1:
		return nil, fmt.Errorf("sensitivity: Morris design needs at least 1 trajectory, got %d", r)
	case k < 1:
		return nil, fmt.Errorf("sensitivity: Morris design needs at least 1 factor, got %d", k)
	case p < 2 || p%2 != 0:
		return nil, fmt.Errorf("sensitivity: Morris grid needs an even number of levels of at least 2, got %d", p)
	case src == nil:
		return nil, errors.New("sensitivity: Morris design needs a random source")
	}
	rng := rand.New(src)
	jump := p / 2
	top := float64(p - 1)
	d := &MorrisDesign{
		R: r, K: k, P: p,
		Delta:  float64(p) / (2 * top),
		Points: make([][]float64, 0, r*(k+1)),
		Steps:  make([][]Step, r),
	}
	level := make([]int, k)
	sign := make([]int, k)
	emit := func() {
		row := make([]float64, k)
		for i, l := range level {
			row[i] = float64(l) / top
		}
		d.Points = append(d.Points, row)
	}
	for t := 0; t < r; t++ {
		for i := 0; i < k; i++ {
			l := rng.IntN(jump)
			if rng.IntN(2) == 0 {
				sign[i], level[i] = 1, l
			} else {
				sign[i], level[i] = -1, l+jump
			}
		}
		order := rng.Perm(k)
		steps := make([]Step, k)
		emit()
		for j, f := range order {
			level[f] += sign[f] * jump
			steps[j] = Step{Factor: f, Sign: sign[f]}
			emit()
		}
		d.Steps[t] = steps
	}
	return d, nil
}

// MorrisResult holds the elementary-effect screening measures, one entry
// per factor.
type MorrisResult struct {
	// Names labels the factors.
	Names []string
	// Mu is the mean elementary effect; effects of opposite sign cancel.
	Mu []float64
	// MuStar is the mean absolute elementary effect (Campolongo et al.
	// 2007), the measure to rank factors by.
	MuStar []float64
	// Sigma is the sample standard deviation of the elementary effects, a
	// sign of interaction or non-linearity; NaN with a single trajectory.
	Sigma []float64
	// MuStarLo and MuStarHi bound the 95% Student t interval of MuStar
	// over the trajectories, the lower bound at least 0; NaN with a single
	// trajectory.
	MuStarLo, MuStarHi []float64
}

// MorrisIndices computes elementary effects from outputs y ordered as
// d.Points. The elementary effect of factor i at a step of trajectory t is
//
//	EE_i = (y(x + s*Delta*e_i) - y(x)) / (s*Delta),  s = ±1,
//
// a difference quotient in unit-cube coordinates, so effects of different
// factors are comparable whatever their units. Use
// [MorrisResult.PerUnit] to express them per unit of each factor instead.
// Each factor has one effect per trajectory; Mu, MuStar and Sigma summarise
// the R of them. The trajectories are independent draws, so MuStar is a
// mean of R independent absolute effects and its interval is the Student t
// interval on R-1 degrees of freedom, MuStar ± t(0.975, R-1) · sd/√R, where
// sd is the standard deviation of the absolute effects, with its lower
// bound raised to 0 where it falls below (mu* cannot be negative, so this
// changes no coverage). It covers the mu* of the design's grid, the mean absolute effect over every start point and
// direction the trajectories can take.
//
// names labels the factors; nil gives x1, x2, .... MorrisIndices fails when
// y or names do not fit the design or when some output is not finite.
func MorrisIndices(d *MorrisDesign, y []float64, names []string) (MorrisResult, error) {
	k, r := d.K, d.R
	if len(y) != r*(k+1) {
		return MorrisResult{}, fmt.Errorf("sensitivity: %d outputs for a Morris design of %d runs", len(y), r*(k+1))
	}
	if err := finite(y); err != nil {
		return MorrisResult{}, err
	}
	names, err := defaultNames(names, k)
	if err != nil {
		return MorrisResult{}, err
	}
	// ee[i][t] is factor i's effect on trajectory t.
	ee := make([][]float64, k)
	for i := range ee {
		ee[i] = make([]float64, r)
	}
	for t, steps := range d.Steps {
		base := t * (k + 1)
		for j, s := range steps {
			ee[s.Factor][t] = (y[base+j+1] - y[base+j]) / (float64(s.Sign) * d.Delta)
		}
	}
	res := MorrisResult{
		Names:    names,
		Mu:       make([]float64, k),
		MuStar:   make([]float64, k),
		Sigma:    make([]float64, k),
		MuStarLo: nanSlice(k),
		MuStarHi: nanSlice(k),
	}
	fr := float64(r)
	for i, e := range ee {
		var sum float64
		for _, v := range e {
			sum += v
		}
		mu := sum / fr
		res.Mu[i] = mu
		abs := make([]float64, r)
		for t, v := range e {
			abs[t] = math.Abs(v)
		}
		res.MuStar[i], res.MuStarLo[i], res.MuStarHi[i] = tInterval(abs)
		// mu* is a mean of absolute values: no bound below 0 holds anything
		// the interval should cover.
		res.MuStarLo[i] = math.Max(0, res.MuStarLo[i])
		if r < 2 {
			res.Sigma[i] = math.NaN()
			continue
		}
		var ss float64
		for _, v := range e {
			ss += float64((v - mu) * (v - mu))
		}
		res.Sigma[i] = math.Sqrt(ss / (fr - 1))
	}
	return res, nil
}

// PerUnit returns a copy of the result with every effect divided by its
// factor's span (High-Low, or the spread of the levels), turning unit-cube
// effects into effects per unit of each factor. The rescaling is exact for
// continuous factors and a linear approximation for discrete ones, whose
// levels need not be evenly spaced. Factors with zero span get NaN. It panics if len(factors) differs from the number of factors in r.
func (r MorrisResult) PerUnit(factors []Factor) MorrisResult {
	if len(factors) != len(r.Mu) {
		panic(fmt.Sprintf("sensitivity: PerUnit got %d factors for %d effects", len(factors), len(r.Mu)))
	}
	out := MorrisResult{
		Names:    append([]string(nil), r.Names...),
		Mu:       make([]float64, len(r.Mu)),
		MuStar:   make([]float64, len(r.Mu)),
		Sigma:    make([]float64, len(r.Mu)),
		MuStarLo: make([]float64, len(r.Mu)),
		MuStarHi: make([]float64, len(r.Mu)),
	}
	for i, f := range factors {
		lo, hi := f.Bounds()
		span := hi - lo
		if span == 0 {
			span = math.NaN()
		}
		out.Mu[i] = r.Mu[i] / span
		out.MuStar[i] = r.MuStar[i] / span
		out.Sigma[i] = r.Sigma[i] / span
		out.MuStarLo[i] = r.MuStarLo[i] / span
		out.MuStarHi[i] = r.MuStarHi[i] / span
	}
	return out
}
