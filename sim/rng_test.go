package sim

import (
	"math"
	"testing"
)

// Statistical properties of the keyed streams, over many keys, with
// tolerances of several standard errors.
func TestStreamDistributions(t *testing.T) {
	k := NewKeys(77, 1)
	const n = 200000
	var u, z, z2, g, po, po2 float64
	bins := make([]int, 10)
	for i := range n {
		s := k.Stream(uint64(i), i%300, PurposeNeed)
		x := s.Float64()
		u += x
		bins[int(x*10)]++
		y := s.Normal()
		z += y
		z2 += y * y
		g += float64(s.Geometric(0.1))
		c := float64(s.Poisson(3.5))
		po += c
		po2 += c * c
	}
	check := func(name string, got, want, tol float64) {
		if math.Abs(got-want) > tol {
			t.Errorf("%s = %.4f, want %.4f ± %.4f", name, got, want, tol)
		}
	}
	check("uniform mean", u/n, 0.5, 0.004)
	check("normal mean", z/n, 0, 0.012)
	check("normal variance", z2/n, 1, 0.015)
	check("geometric(0.1) mean", g/n, 10, 0.1)
	check("poisson(3.5) mean", po/n, 3.5, 0.025)
	check("poisson(3.5) variance", po2/n-(po/n)*(po/n), 3.5, 0.06)
	for b, c := range bins {
		check("uniform decile "+string(rune('0'+b)), float64(c)/n, 0.1, 0.004)
	}
}

// Streams with different keys differ, and the same key gives the same
// numbers.
func TestStreamKeys(t *testing.T) {
	k := NewKeys(1, 0)
	a, b := k.Stream(5, 10, PurposeNeed), k.Stream(5, 10, PurposeNeed)
	if a.Uint64() != b.Uint64() {
		t.Fatal("the same key gave different numbers")
	}
	seen := map[uint64]bool{}
	for _, s := range []Stream{k.Stream(5, 10, PurposeNeed), k.Stream(6, 10, PurposeNeed), k.Stream(5, 11, PurposeNeed),
		k.Stream(5, 10, PurposeStage), NewKeys(2, 0).Stream(5, 10, PurposeNeed), NewKeys(1, 1).Stream(5, 10, PurposeNeed)} {
		x := s.Uint64()
		if seen[x] {
			t.Fatal("two different keys gave the same first number")
		}
		seen[x] = true
	}
}

func TestPoissonLargeAndBinomial(t *testing.T) {
	k := NewKeys(3, 0)
	var sum, bsum float64
	const n = 20000
	for i := range n {
		s := k.Stream(uint64(i), 0, PurposeNoNeed)
		sum += float64(s.Poisson(400))
		bsum += float64(s.Binomial(1000, 0.3))
	}
	if m := sum / n; math.Abs(m-400) > 0.6 {
		t.Errorf("poisson(400) mean %v", m)
	}
	if m := bsum / n; math.Abs(m-300) > 0.6 {
		t.Errorf("binomial(1000, 0.3) mean %v", m)
	}
}

// Gamma draws have the shape's mean and variance (shapes below and above
// 1), and Beta draws the mean and standard deviation asked for, within
// several standard errors.
func TestGammaAndBeta(t *testing.T) {
	k := NewKeys(78, 1)
	const n = 100000
	for _, shape := range []float64{0.3, 1, 2.5, 40} {
		var m, m2 float64
		for i := range n {
			s := k.Stream(uint64(i), 0, PurposeBuild)
			x := s.Gamma(shape)
			if !(x >= 0) {
				t.Fatalf("Gamma(%v) = %v", shape, x)
			}
			m += x / n
			m2 += x * x / n
		}
		v := m2 - m*m
		// Standard errors: sqrt(shape/n) for the mean, sqrt((6·shape +
		// 2·shape²)/n) for the variance; each is held to five.
		if se := math.Sqrt(shape / n); math.Abs(m-shape) > 5*se {
			t.Errorf("Gamma(%v): mean %.4f, want %v ± %.4f", shape, m, shape, 5*se)
		}
		if se := math.Sqrt((6*shape + 2*shape*shape) / n); math.Abs(v-shape) > 5*se {
			t.Errorf("Gamma(%v): variance %.4f, want %v ± %.4f", shape, v, shape, 5*se)
		}
	}
	var m, m2 float64
	for i := range n {
		s := k.Stream(uint64(i), 1, PurposeBuild)
		x := s.Beta(0.3, 0.1)
		m += x / n
		m2 += x * x / n
	}
	if sd := math.Sqrt(m2 - m*m); math.Abs(m-0.3) > 0.002 || math.Abs(sd-0.1) > 0.002 {
		t.Errorf("Beta(0.3, 0.1): mean %.4f, sd %.4f", m, sd)
	}
}
