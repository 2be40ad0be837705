package sensitivity

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

// ishigami is the test function of Ishigami and Homma (1990) with a=7,
// b=0.1, defined on [-pi, pi]^3.
func ishigami(x []float64) float64 {
	const a, b = 7, 0.1
	return math.Sin(x[0]) + a*math.Pow(math.Sin(x[1]), 2) + b*math.Pow(x[2], 4)*math.Sin(x[0])
}

// ishigamiIndices returns the analytic first-order and total indices.
func ishigamiIndices() (s1, st []float64) {
	const a, b = 7.0, 0.1
	pi4 := math.Pow(math.Pi, 4)
	v1 := 0.5 * math.Pow(1+b*pi4/5, 2)
	v2 := a * a / 8
	v13 := b * b * pi4 * pi4 * (1.0/18 - 1.0/50)
	v := v1 + v2 + v13
	return []float64{v1 / v, v2 / v, 0}, []float64{(v1 + v13) / v, v2 / v, v13 / v}
}

// gFunction is the Sobol G-function on [0,1]^k, prod (|4x-2|+a)/(1+a).
func gFunction(a []float64) func([]float64) float64 {
	return func(x []float64) float64 {
		y := 1.0
		for i, ai := range a {
			y *= (math.Abs(4*x[i]-2) + ai) / (1 + ai)
		}
		return y
	}
}

// gIndices returns the analytic first-order and total indices of the
// G-function: V_i = 1/(3(1+a_i)^2), V = prod(1+V_i) - 1.
func gIndices(a []float64) (s1, st []float64) {
	vi := make([]float64, len(a))
	prod := 1.0
	for i, ai := range a {
		vi[i] = 1 / (3 * (1 + ai) * (1 + ai))
		prod *= 1 + vi[i]
	}
	v := prod - 1
	s1 = make([]float64, len(a))
	st = make([]float64, len(a))
	for i := range a {
		s1[i] = vi[i] / v
		st[i] = vi[i] * prod / (1 + vi[i]) / v
	}
	return s1, st
}

var gA = []float64{0, 1, 4.5, 9, 99, 99, 99, 99}

// evaluate runs f on every design point after mapping it onto factors
// (nil factors: the unit cube itself).
func evaluate(f func([]float64) float64, factors []Factor, pts [][]float64) []float64 {
	y := make([]float64, len(pts))
	for i, p := range pts {
		if factors != nil {
			p = Scale(factors, p)
		}
		y[i] = f(p)
	}
	return y
}

func TestSobolIndicesAnalytic(t *testing.T) {
	// With a large design the mean over repetitions must be close to the
	// analytic indices, and the intervals must be narrow.
	for _, tf := range testFunctions() {
		t.Run(tf.name, func(t *testing.T) {
			d, err := NewSobolDesign(1<<11, tf.k, 4, rand.NewPCG(11, 12))
			if err != nil {
				t.Fatal(err)
			}
			res, err := SobolIndices(d, evaluate(tf.f, tf.factors, d.Points()), nil)
			if err != nil {
				t.Fatal(err)
			}
			const tol = 0.02
			for i := 0; i < tf.k; i++ {
				t.Logf("%s: S1 %.4f [%.4f, %.4f] (true %.4f)  ST %.4f [%.4f, %.4f] (true %.4f)",
					res.Names[i], res.S1[i], res.S1Lo[i], res.S1Hi[i], tf.s1[i],
					res.ST[i], res.STLo[i], res.STHi[i], tf.st[i])
				if e := math.Abs(res.S1[i] - tf.s1[i]); e > tol {
					t.Errorf("S1[%d] = %.4f, analytic %.4f (error %.4f > %.2f)", i, res.S1[i], tf.s1[i], e, tol)
				}
				if e := math.Abs(res.ST[i] - tf.st[i]); e > tol {
					t.Errorf("ST[%d] = %.4f, analytic %.4f (error %.4f > %.2f)", i, res.ST[i], tf.st[i], e, tol)
				}
				if w := math.Max(res.S1Hi[i]-res.S1Lo[i], res.STHi[i]-res.STLo[i]); w > 4*tol {
					t.Errorf("factor %d: interval %.4f wide, want at most %.2f", i, w, 4*tol)
				}
			}
		})
	}
}

func TestSaltelliEstimateUnscrambled(t *testing.T) {
	// One plain Sobol sample of 2^13 rows estimates the indices well.
	for _, tf := range testFunctions() {
		d, err := NewSaltelli(1<<13, tf.k, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		s1, st, _, err := d.Estimate(evaluate(tf.f, tf.factors, d.Points()))
		if err != nil {
			t.Fatal(err)
		}
		for i := range tf.k {
			if math.Abs(s1[i]-tf.s1[i]) > 0.02 || math.Abs(st[i]-tf.st[i]) > 0.02 {
				t.Errorf("%s factor %d: S1 %.4f ST %.4f, analytic %.4f %.4f", tf.name, i, s1[i], st[i], tf.s1[i], tf.st[i])
			}
		}
	}
}

func TestSaltelliDesignLayout(t *testing.T) {
	const n, k = 16, 3
	d, err := NewSaltelli(n, k, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	base, _ := Sobol(n, 2*k)
	pts := d.Points()
	if len(pts) != n*(k+2) || d.Runs() != n*(k+2) {
		t.Fatalf("%d points, Runs %d, want %d", len(pts), d.Runs(), n*(k+2))
	}
	for r := 0; r < n; r++ {
		if !reflect.DeepEqual(pts[r], base[r][:k]) {
			t.Fatalf("row %d of A is %v, want %v", r, pts[r], base[r][:k])
		}
		if !reflect.DeepEqual(pts[n+r], base[r][k:]) {
			t.Fatalf("row %d of B is %v, want %v", r, pts[n+r], base[r][k:])
		}
		for i := 0; i < k; i++ {
			row := pts[(2+i)*n+r]
			for j := 0; j < k; j++ {
				want := base[r][j]
				if j == i {
					want = base[r][k+j]
				}
				if row[j] != want {
					t.Fatalf("AB_%d row %d col %d = %v, want %v", i, r, j, row[j], want)
				}
			}
		}
	}
	// Split inverts the order of Points.
	y := make([]float64, d.Runs())
	for i := range y {
		y[i] = float64(i)
	}
	yA, yB, yAB, err := d.Split(y)
	if err != nil {
		t.Fatal(err)
	}
	if yA[3] != 3 || yB[3] != n+3 || yAB[2][5] != float64(4*n+5) {
		t.Errorf("Split misplaced outputs: %v %v %v", yA[3], yB[3], yAB[2][5])
	}
	if _, _, _, err := d.Split(y[1:]); err == nil {
		t.Error("Split accepted the wrong number of outputs")
	}
}

func TestSaltelliErrors(t *testing.T) {
	for _, tc := range []struct {
		name      string
		n, k      int
		scrambled bool
		src       rand.Source
	}{
		{"too few rows", 1, 2, false, nil},
		{"no factors", 8, 0, false, nil},
		{"too many factors", 8, MaxSobolDim/2 + 1, false, nil},
		{"scrambled without source", 8, 2, true, nil},
	} {
		if _, err := NewSaltelli(tc.n, tc.k, tc.scrambled, tc.src); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	for _, tc := range []struct {
		name    string
		n, k, r int
		src     rand.Source
	}{
		{"one repetition", 8, 2, 1, rand.NewPCG(1, 1)},
		{"no source", 8, 2, 4, nil},
		{"too few rows", 1, 2, 4, rand.NewPCG(1, 1)},
	} {
		if _, err := NewSobolDesign(tc.n, tc.k, tc.r, tc.src); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	d, _ := NewSobolDesign(8, 2, 3, rand.NewPCG(1, 1))
	y := make([]float64, d.Runs())
	for i := range y {
		y[i] = float64(i % 7)
	}
	if _, err := SobolIndices(d, y, []string{"one"}); err == nil {
		t.Error("wrong number of names accepted")
	}
	if _, err := SobolIndices(d, y[1:], nil); err == nil {
		t.Error("wrong number of outputs accepted")
	}
	y[3] = math.NaN()
	if _, err := SobolIndices(d, y, nil); err == nil {
		t.Error("NaN output accepted")
	}
	if _, _, _, err := d.Reps[0].Estimate(y[:d.Reps[0].Runs()]); err == nil {
		t.Error("Estimate accepted a NaN output")
	}
}

func TestSobolDesignLayout(t *testing.T) {
	// Repetitions are the same Sobol base sample under different digital
	// shifts, laid end to end; the shifts come from the source alone.
	const n, k, r = 16, 3, 4
	d, err := NewSobolDesign(n, k, r, rand.NewPCG(3, 3))
	if err != nil {
		t.Fatal(err)
	}
	pts := d.Points()
	if len(pts) != r*n*(k+2) || d.Runs() != len(pts) {
		t.Fatalf("%d points, Runs %d, want %d", len(pts), d.Runs(), r*n*(k+2))
	}
	src := rand.NewPCG(3, 3)
	for rep := range r {
		want, _ := NewSaltelli(n, k, true, src)
		if !reflect.DeepEqual(pts[rep*n*(k+2):(rep+1)*n*(k+2)], want.Points()) {
			t.Fatalf("repetition %d is not the shifted Saltelli design", rep)
		}
	}
	if reflect.DeepEqual(d.Reps[0].A, d.Reps[1].A) {
		t.Error("two repetitions share their shift")
	}
	// Outputs of repetition 2 alone move only its estimate.
	y := evaluate(ishigami, piBox(k), pts)
	a, _ := SobolIndices(d, y, nil)
	per := n * (k + 2)
	for i := per; i < 2*per; i++ {
		y[i] *= 2
	}
	b, _ := SobolIndices(d, y, nil)
	if !(a.VarY < b.VarY) {
		t.Errorf("doubling repetition 2's outputs did not raise VarY: %v, %v", a.VarY, b.VarY)
	}
}

func TestSobolIndicesDeterministic(t *testing.T) {
	run := func(seed uint64) SobolResult {
		d, err := NewSobolDesign(64, 3, 5, rand.NewPCG(seed, 0))
		if err != nil {
			t.Fatal(err)
		}
		res, err := SobolIndices(d, evaluate(ishigami, piBox(3), d.Points()), nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b, c := run(5), run(5), run(6)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seeds gave different results")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave identical results")
	}
	for i := range a.S1 {
		if !(a.S1Lo[i] <= a.S1[i] && a.S1[i] <= a.S1Hi[i] && a.STLo[i] <= a.ST[i] && a.ST[i] <= a.STHi[i]) {
			t.Errorf("factor %d: estimate outside its own interval", i)
		}
	}
}
