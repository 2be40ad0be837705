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
	piBox := func(k int) []Factor {
		fs := make([]Factor, k)
		for i := range fs {
			fs[i] = Factor{Name: string(rune('a' + i)), Low: -math.Pi, High: math.Pi}
		}
		return fs
	}
	is1, ist := ishigamiIndices()
	gs1, gst := gIndices(gA)
	tests := []struct {
		name      string
		k         int
		f         func([]float64) float64
		factors   []Factor
		s1, st    []float64
		scrambled bool
		// tol is the largest accepted |estimate - analytic| for every index.
		tol float64
		// minCover is how many of the 2k bootstrap intervals must hold the
		// analytic value; nominal 95% intervals from i.i.d. resampling are
		// conservative for a quasi-random design, so nearly all should.
		minCover int
	}{
		{"Ishigami", 3, ishigami, piBox(3), is1, ist, false, 0.02, 5},
		{"Ishigami scrambled", 3, ishigami, piBox(3), is1, ist, true, 0.02, 5},
		{"G-function", 8, gFunction(gA), nil, gs1, gst, false, 0.02, 14},
		{"G-function scrambled", 8, gFunction(gA), nil, gs1, gst, true, 0.02, 14},
	}
	const n = 1 << 13
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, err := NewSaltelli(n, tc.k, tc.scrambled, rand.NewPCG(11, 12))
			if err != nil {
				t.Fatal(err)
			}
			y := evaluate(tc.f, tc.factors, d.Points())
			res, err := SobolIndices(d, y, nil, 500, rand.NewPCG(3, 4))
			if err != nil {
				t.Fatal(err)
			}
			cover := 0
			var worst float64
			for i := 0; i < tc.k; i++ {
				e1 := math.Abs(res.S1[i] - tc.s1[i])
				et := math.Abs(res.ST[i] - tc.st[i])
				worst = math.Max(worst, math.Max(e1, et))
				if e1 > tc.tol {
					t.Errorf("S1[%d] = %.4f, analytic %.4f (error %.4f > %.2f)", i, res.S1[i], tc.s1[i], e1, tc.tol)
				}
				if et > tc.tol {
					t.Errorf("ST[%d] = %.4f, analytic %.4f (error %.4f > %.2f)", i, res.ST[i], tc.st[i], et, tc.tol)
				}
				if res.S1Lo[i] <= tc.s1[i] && tc.s1[i] <= res.S1Hi[i] {
					cover++
				}
				if res.STLo[i] <= tc.st[i] && tc.st[i] <= res.STHi[i] {
					cover++
				}
				t.Logf("%s: S1 %.4f [%.4f, %.4f] (true %.4f)  ST %.4f [%.4f, %.4f] (true %.4f)",
					res.Names[i], res.S1[i], res.S1Lo[i], res.S1Hi[i], tc.s1[i],
					res.ST[i], res.STLo[i], res.STHi[i], tc.st[i])
			}
			t.Logf("largest error %.4f; %d of %d intervals cover the analytic value", worst, cover, 2*tc.k)
			if cover < tc.minCover {
				t.Errorf("%d of %d bootstrap intervals hold the analytic value, want at least %d", cover, 2*tc.k, tc.minCover)
			}
		})
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
	d, _ := NewSaltelli(8, 2, false, nil)
	y := make([]float64, d.Runs())
	if _, err := SobolIndices(d, y, []string{"one"}, 0, nil); err == nil {
		t.Error("wrong number of names accepted")
	}
	if _, err := SobolIndices(d, y, nil, 10, nil); err == nil {
		t.Error("bootstrap without a source accepted")
	}
	y[3] = math.NaN()
	if _, err := SobolIndices(d, y, nil, 0, nil); err == nil {
		t.Error("NaN output accepted")
	}
}

func TestSobolIndicesDeterministic(t *testing.T) {
	run := func(seed uint64) SobolResult {
		d, err := NewSaltelli(256, 3, true, rand.NewPCG(seed, 0))
		if err != nil {
			t.Fatal(err)
		}
		res, err := SobolIndices(d, evaluate(ishigami, []Factor{
			{Name: "x1", Low: -math.Pi, High: math.Pi},
			{Name: "x2", Low: -math.Pi, High: math.Pi},
			{Name: "x3", Low: -math.Pi, High: math.Pi},
		}, d.Points()), nil, 100, rand.NewPCG(seed, 1))
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
	if !math.IsNaN(func() float64 {
		d, _ := NewSaltelli(8, 1, false, nil)
		r, _ := SobolIndices(d, make([]float64, d.Runs()), nil, 0, nil)
		return r.S1Lo[0]
	}()) {
		t.Error("interval without bootstrap should be NaN")
	}
}
