package sensitivity

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
)

// SaltelliDesign is the sampling scheme for first-order and total Sobol
// indices of Saltelli (2002) and Saltelli et al. (2010). Two independent
// N x K matrices A and B are taken from one N x 2K base sample, and for each
// factor i the matrix AB[i] is A with column i replaced by column i of B.
// The model is evaluated N*(K+2) times in all. All points lie in [0,1)^K;
// map them onto factors with [Scale].
type SaltelliDesign struct {
	// N is the number of base rows and K the number of factors.
	N, K int
	// A and B are the two base matrices, N rows of K coordinates.
	A, B [][]float64
	// AB[i] is A with column i taken from B, for i = 0..K-1.
	AB [][][]float64
}

// NewSaltelli builds a Saltelli design from the first n points of the
// 2k-dimensional Sobol sequence: A is the first k columns and B the last k.
// With scrambled set, the base sample gets a random digital shift drawn from
// src (see [ScrambleSobol]) so that replicate designs differ; src is not used
// otherwise and may then be nil. Powers of two are the natural choice of n.
// It fails when n < 2, k < 1, or 2k exceeds [MaxSobolDim].
func NewSaltelli(n, k int, scrambled bool, src rand.Source) (*SaltelliDesign, error) {
	if n < 2 {
		return nil, fmt.Errorf("sensitivity: Saltelli design needs at least 2 base rows, got %d", n)
	}
	if k < 1 {
		return nil, fmt.Errorf("sensitivity: Saltelli design needs at least 1 factor, got %d", k)
	}
	if 2*k > MaxSobolDim {
		return nil, fmt.Errorf("sensitivity: Saltelli design for %d factors needs %d Sobol dimensions, more than the %d available", k, 2*k, MaxSobolDim)
	}
	if scrambled && src == nil {
		return nil, errors.New("sensitivity: scrambled Saltelli design needs a random source")
	}
	base, err := Sobol(n, 2*k)
	if err != nil {
		return nil, err
	}
	if scrambled {
		ScrambleSobol(base, src)
	}
	d := &SaltelliDesign{N: n, K: k, A: make([][]float64, n), B: make([][]float64, n), AB: make([][][]float64, k)}
	for r, row := range base {
		d.A[r] = row[:k:k]
		d.B[r] = row[k : 2*k : 2*k]
	}
	for i := 0; i < k; i++ {
		backing := make([]float64, n*k)
		m := make([][]float64, n)
		for r := range m {
			m[r] = backing[r*k : (r+1)*k : (r+1)*k]
			copy(m[r], d.A[r])
			m[r][i] = d.B[r][i]
		}
		d.AB[i] = m
	}
	return d, nil
}

// Runs returns the number of model evaluations the design needs, N*(K+2).
func (d *SaltelliDesign) Runs() int { return d.N * (d.K + 2) }

// Points returns every run of the design in a fixed order: the N rows of A,
// then the N rows of B, then the N rows of AB[0], ..., AB[K-1]. The rows are
// shared with the design, not copied. Model outputs in the same order are what
// [SaltelliDesign.Split] and [SobolIndices] expect.
func (d *SaltelliDesign) Points() [][]float64 {
	pts := make([][]float64, 0, d.Runs())
	pts = append(pts, d.A...)
	pts = append(pts, d.B...)
	for _, m := range d.AB {
		pts = append(pts, m...)
	}
	return pts
}

// Split cuts model outputs ordered as [SaltelliDesign.Points] into the
// outputs at A, at B and at each AB[i]. The returned slices share y's
// storage. It fails when len(y) is not N*(K+2).
func (d *SaltelliDesign) Split(y []float64) (yA, yB []float64, yAB [][]float64, err error) {
	if len(y) != d.Runs() {
		return nil, nil, nil, fmt.Errorf("sensitivity: %d outputs for a Saltelli design of %d runs", len(y), d.Runs())
	}
	n := d.N
	yA = y[:n:n]
	yB = y[n : 2*n : 2*n]
	yAB = make([][]float64, d.K)
	for i := range yAB {
		lo := (2 + i) * n
		yAB[i] = y[lo : lo+n : lo+n]
	}
	return yA, yB, yAB, nil
}

// Estimate computes one estimate of the first-order and total Sobol indices
// (Sobol 1993) from model outputs y ordered as [SaltelliDesign.Points].
//
// With f0 and Var(Y) the mean and (population) variance of the 2N outputs at
// A and B, the estimators are
//
//	V_i  = mean_r( (f(B)_r - f0) * (f(AB_i)_r - f(A)_r) )   (Saltelli et al. 2010)
//	VT_i = mean_r( (f(A)_r - f(AB_i)_r)^2 ) / 2             (Jansen 1999)
//	S1_i = V_i / Var(Y),  ST_i = VT_i / Var(Y).
//
// The first-order estimator is Saltelli's applied to outputs centred on f0:
// its expectation is unchanged, but adding a constant to Y no longer moves
// the estimate. Estimates are not clipped to [0, 1]; sampling error can push
// them slightly outside. A constant output gives NaN indices. Estimate fails
// when y does not fit the design or some output is not finite.
func (d *SaltelliDesign) Estimate(y []float64) (s1, st []float64, varY float64, err error) {
	yA, yB, yAB, err := d.Split(y)
	if err != nil {
		return nil, nil, 0, err
	}
	if err := finite(y); err != nil {
		return nil, nil, 0, err
	}
	k, n := d.K, d.N
	s1, st = make([]float64, k), make([]float64, k)
	// Two-pass mean and variance over the A and B outputs.
	var sum float64
	for r := 0; r < n; r++ {
		sum += yA[r] + yB[r]
	}
	mean := sum / float64(2*n)
	var ss float64
	for r := 0; r < n; r++ {
		a, b := yA[r]-mean, yB[r]-mean
		ss += float64(a*a) + float64(b*b)
	}
	varY = ss / float64(2*n)
	for i := 0; i < k; i++ {
		ab := yAB[i]
		var v1, vt float64
		for r := 0; r < n; r++ {
			diff := ab[r] - yA[r]
			v1 += float64((yB[r] - mean) * diff)
			vt += float64(diff * diff)
		}
		v1 /= float64(n)
		vt /= float64(2 * n)
		s1[i] = v1 / varY
		st[i] = vt / varY
	}
	return s1, st, varY, nil
}

// finite reports an error when some output is NaN or infinite.
func finite(y []float64) error {
	for _, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return errors.New("sensitivity: model output is not finite")
		}
	}
	return nil
}

// SobolDesign is R independent randomisations of one Saltelli design: the
// same N-point Sobol base sample, each time with its own random digital
// shift (see [ScrambleSobol]). Every repetition is a complete Saltelli
// design of N*(K+2) runs whose estimates are unbiased for the indices'
// numerators and independent of the other repetitions', so their spread
// measures the error of their mean (randomised quasi-Monte Carlo; Owen
// 1997, L'Ecuyer and Lemieux 2002). The model is evaluated R*N*(K+2) times.
type SobolDesign struct {
	// N is the number of base rows per repetition, K the number of factors
	// and R the number of repetitions.
	N, K, R int
	// Reps holds the R randomised Saltelli designs.
	Reps []*SaltelliDesign
}

// NewSobolDesign builds r independently shifted Saltelli designs of n base
// rows for k factors, drawing the shifts from src, so that equal sources
// give equal designs. It fails when r < 2 (an interval needs at least two
// repetitions), when src is nil, or for the reasons [NewSaltelli] fails.
func NewSobolDesign(n, k, r int, src rand.Source) (*SobolDesign, error) {
	if r < 2 {
		return nil, fmt.Errorf("sensitivity: Sobol design needs at least 2 repetitions, got %d", r)
	}
	if src == nil {
		return nil, errors.New("sensitivity: Sobol design needs a random source")
	}
	d := &SobolDesign{N: n, K: k, R: r, Reps: make([]*SaltelliDesign, r)}
	for i := range d.Reps {
		s, err := NewSaltelli(n, k, true, src)
		if err != nil {
			return nil, err
		}
		d.Reps[i] = s
	}
	return d, nil
}

// Runs returns the number of model evaluations the design needs, R*N*(K+2).
func (d *SobolDesign) Runs() int { return d.R * d.N * (d.K + 2) }

// Points returns every run of the design: the points of repetition 1 in
// the order of [SaltelliDesign.Points], then those of repetition 2, and so
// on. Model outputs in the same order are what [SobolIndices] expects.
func (d *SobolDesign) Points() [][]float64 {
	pts := make([][]float64, 0, d.Runs())
	for _, s := range d.Reps {
		pts = append(pts, s.Points()...)
	}
	return pts
}

// SobolResult holds first-order and total Sobol indices, one entry per
// factor, with the bounds of their 95% intervals.
type SobolResult struct {
	// Names labels the factors.
	Names []string
	// R is the number of repetitions the estimates average.
	R int
	// S1 is the first-order index: the share of Var(Y) explained by the
	// factor alone. It is the mean of the repetitions' estimates.
	S1 []float64
	// ST is the total index: the share of Var(Y) the factor is involved in,
	// interactions included; the mean of the repetitions' estimates.
	ST []float64
	// S1Lo, S1Hi, STLo and STHi bound the 95% Student t intervals.
	S1Lo, S1Hi, STLo, STHi []float64
	// VarY is the output variance, the mean over repetitions of the
	// variance over the rows of A and B.
	VarY float64
}

// SobolIndices estimates first-order and total Sobol indices from model
// outputs y ordered as [SobolDesign.Points]. Each repetition gives one
// estimate by [SaltelliDesign.Estimate]; the reported index is the mean of
// the R estimates and its interval the Student t interval on R-1 degrees of
// freedom, mean ± t(0.975, R-1) · sd/√R. The repetitions being independent,
// this interval is honest where a bootstrap over the rows of one
// quasi-random design is not (its rows are not independent draws).
// Estimates and bounds are not clipped to [0, 1].
//
// names labels the factors; nil gives x1, x2, .... SobolIndices fails when
// y or names do not fit the design or some output is not finite. A
// constant output gives NaN indices.
func SobolIndices(d *SobolDesign, y []float64, names []string) (SobolResult, error) {
	if len(y) != d.Runs() {
		return SobolResult{}, fmt.Errorf("sensitivity: %d outputs for a Sobol design of %d runs", len(y), d.Runs())
	}
	if err := finite(y); err != nil {
		return SobolResult{}, err
	}
	names, err := defaultNames(names, d.K)
	if err != nil {
		return SobolResult{}, err
	}
	k, per := d.K, d.N*(d.K+2)
	s1Reps, stReps := make([][]float64, k), make([][]float64, k)
	for i := range s1Reps {
		s1Reps[i], stReps[i] = make([]float64, d.R), make([]float64, d.R)
	}
	res := SobolResult{Names: names, R: d.R, S1: make([]float64, k), ST: make([]float64, k),
		S1Lo: make([]float64, k), S1Hi: make([]float64, k), STLo: make([]float64, k), STHi: make([]float64, k)}
	for r, s := range d.Reps {
		s1, st, v, err := s.Estimate(y[r*per : (r+1)*per])
		if err != nil {
			return SobolResult{}, err
		}
		res.VarY += v / float64(d.R)
		for i := range k {
			s1Reps[i][r], stReps[i][r] = s1[i], st[i]
		}
	}
	for i := range k {
		res.S1[i], res.S1Lo[i], res.S1Hi[i] = tInterval(s1Reps[i])
		res.ST[i], res.STLo[i], res.STHi[i] = tInterval(stReps[i])
	}
	return res, nil
}
