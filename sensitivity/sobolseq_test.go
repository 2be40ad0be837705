package sensitivity

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestSobolFirstPoints(t *testing.T) {
	// Gray-code order with the origin skipped: these are points 2..8 of the
	// unscrambled sequence in dimensions 1 and 2.
	want := [][]float64{
		{0.5, 0.5},
		{0.75, 0.25},
		{0.25, 0.75},
		{0.375, 0.375},
		{0.875, 0.875},
		{0.625, 0.125},
		{0.125, 0.625},
	}
	got, err := Sobol(len(want), 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Errorf("point %d dim %d = %v, want %v", i+1, j+1, got[i][j], want[i][j])
			}
		}
	}
}

func TestSobolRangeAndMean(t *testing.T) {
	const n = 1 << 10
	pts, err := Sobol(n, MaxSobolDim)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != n {
		t.Fatalf("got %d points, want %d", len(pts), n)
	}
	for j := 0; j < MaxSobolDim; j++ {
		var sum float64
		for i, p := range pts {
			if p[j] < 0 || p[j] >= 1 {
				t.Fatalf("point %d dim %d = %v outside [0,1)", i, j+1, p[j])
			}
			sum += p[j]
		}
		// Points 1..2^10-1 are a (0,10,1)-net minus the origin, so the mean
		// is 0.5 - 2^-11 plus 2^-10 times point 2^10: within 1e-3 of 0.5.
		if mean := sum / n; math.Abs(mean-0.5) > 1e-3 {
			t.Errorf("dim %d mean %v, want within 1e-3 of 0.5", j+1, mean)
		}
	}
}

func TestSobolOneDimensionalStrata(t *testing.T) {
	// Prepending the skipped origin, the first 2^m points of every dimension
	// fall one in each interval [i/2^m, (i+1)/2^m).
	const m = 8
	pts, err := Sobol(1<<m-1, MaxSobolDim)
	if err != nil {
		t.Fatal(err)
	}
	for j := 0; j < MaxSobolDim; j++ {
		seen := make([]bool, 1<<m)
		seen[0] = true
		for _, p := range pts {
			c := int(p[j] * (1 << m))
			if seen[c] {
				t.Fatalf("dim %d: two points in stratum %d", j+1, c)
			}
			seen[c] = true
		}
	}
}

func TestSobolTwoDimensionalNet(t *testing.T) {
	// With the origin, the first 2^m points of dimensions 1 and 2 form a
	// (0,m,2)-net: every 2^a x 2^(m-a) box holds exactly one point.
	const m = 6
	pts, err := Sobol(1<<m-1, 2)
	if err != nil {
		t.Fatal(err)
	}
	pts = append([][]float64{{0, 0}}, pts...)
	for a := 0; a <= m; a++ {
		seen := map[[2]int]bool{}
		for _, p := range pts {
			box := [2]int{int(p[0] * float64(int(1)<<a)), int(p[1] * float64(int(1)<<(m-a)))}
			if seen[box] {
				t.Fatalf("a=%d: box %v holds two points", a, box)
			}
			seen[box] = true
		}
	}
}

func TestSobolErrors(t *testing.T) {
	for _, tc := range []struct{ n, k int }{{10, 0}, {10, MaxSobolDim + 1}, {-1, 2}} {
		if _, err := Sobol(tc.n, tc.k); err == nil {
			t.Errorf("Sobol(%d, %d) gave no error", tc.n, tc.k)
		}
	}
	if pts, err := Sobol(0, 3); err != nil || len(pts) != 0 {
		t.Errorf("Sobol(0, 3) = %v, %v", pts, err)
	}
}

// primitive reports whether the degree-s polynomial over GF(2) with bit
// pattern poly (bit i is the coefficient of x^i) is primitive, by finding the
// multiplicative order of x modulo it.
func primitive(poly uint32, s int) bool {
	if poly&1 == 0 {
		return false
	}
	period := uint32(1)<<s - 1
	x := uint32(1)
	for e := uint32(1); e <= period; e++ {
		x <<= 1
		if x&(1<<s) != 0 {
			x ^= poly
		}
		if x == 1 {
			return e == period
		}
	}
	return false
}

func TestJoeKuoTable(t *testing.T) {
	// The table must list every primitive polynomial of each degree, in
	// increasing order of a, with valid initial direction numbers.
	var want [][2]uint32
	for s := 1; s <= 8 && len(want) < len(joeKuo); s++ {
		for a := uint32(0); a < 1<<(s-1); a++ {
			if primitive(1<<s|a<<1|1, s) {
				want = append(want, [2]uint32{uint32(s), a})
			}
		}
	}
	if len(want) < len(joeKuo) {
		t.Fatalf("only %d primitive polynomials of degree <= 8, table has %d rows", len(want), len(joeKuo))
	}
	for d, row := range joeKuo {
		if row.s != want[d][0] || row.a != want[d][1] {
			t.Errorf("dimension %d: (s, a) = (%d, %d), want (%d, %d)", d+2, row.s, row.a, want[d][0], want[d][1])
		}
		if len(row.m) != int(row.s) {
			t.Errorf("dimension %d: %d direction numbers for degree %d", d+2, len(row.m), row.s)
		}
		for j, m := range row.m {
			if m%2 == 0 || m >= 1<<(j+1) {
				t.Errorf("dimension %d: m_%d = %d is not odd and below 2^%d", d+2, j+1, m, j+1)
			}
		}
	}
	if MaxSobolDim < 21 {
		t.Errorf("MaxSobolDim = %d, want at least 21", MaxSobolDim)
	}
}

func TestScrambleSobol(t *testing.T) {
	mk := func(seed uint64) [][]float64 {
		pts, err := Sobol(1<<10, 4)
		if err != nil {
			t.Fatal(err)
		}
		ScrambleSobol(pts, rand.NewPCG(seed, 1))
		return pts
	}
	a, b, c := mk(7), mk(7), mk(8)
	differ := false
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				t.Fatalf("same seed, point %d dim %d differs", i, j)
			}
			if a[i][j] != c[i][j] {
				differ = true
			}
			if a[i][j] < 0 || a[i][j] >= 1 {
				t.Fatalf("scrambled coordinate %v outside [0,1)", a[i][j])
			}
		}
	}
	if !differ {
		t.Error("different seeds gave the same scrambled design")
	}
	// A digital shift permutes the 1/2^10 strata, so the 1023 points after
	// the origin still occupy distinct strata and the mean stays near 0.5.
	for j := 0; j < 4; j++ {
		seen := map[int]bool{}
		var sum float64
		for _, p := range a[:1<<10-1] {
			c := int(p[j] * (1 << 10))
			if seen[c] {
				t.Fatalf("dim %d: stratum %d holds two shifted points", j+1, c)
			}
			seen[c] = true
			sum += p[j]
		}
		if mean := sum / (1<<10 - 1); math.Abs(mean-0.5) > 1e-3 {
			t.Errorf("dim %d: shifted mean %v not within 1e-3 of 0.5", j+1, mean)
		}
	}
}
