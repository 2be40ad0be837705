package results

import (
	"math"
	"math/rand/v2"
	"testing"
)

// A net cost exactly proportional to what is avoided has no uncertainty
// in the ratio: Fieller's interval closes on it.
func TestCostPerAvoidedExact(t *testing.T) {
	avoided := []float64{10, 12, 9, 14, 11}
	net := make([]float64, len(avoided))
	for i, a := range avoided {
		net[i] = 37000 * a
	}
	r := CostPerAvoided(net, avoided)
	if r.Status != RatioBounded || math.Abs(r.Estimate-37000) > 1e-6 || math.Abs(r.Lo-37000) > 1e-3 || math.Abs(r.Hi-37000) > 1e-3 {
		t.Errorf("got %+v, want 37000 [37000, 37000]", r)
	}
}

// Where the outcome's interval includes zero there is no bounded ratio:
// 'none avoided' on a mean of zero or fewer, 'unbounded' above zero; an
// outcome that rises avoids nothing.
func TestCostPerAvoidedNone(t *testing.T) {
	net := []float64{1000, 1200, 900, 1100}
	for _, c := range []struct {
		avoided []float64
		status  string
	}{
		{[]float64{0, 0, 0, 0}, RatioNone},
		{[]float64{-3, 2, -1, 1}, RatioNone},
		{[]float64{3, -2, 1, 1}, RatioUnbounded},
		{[]float64{-5, -6, -4, -5}, RatioNone},
		{[]float64{5}, RatioTooFew},
	} {
		r := CostPerAvoided(net, c.avoided)
		if r.Status != c.status {
			t.Errorf("avoided %v: status %q, want %q", c.avoided, r.Status, c.status)
		}
		if c.status != RatioBounded && (!math.IsNaN(r.Lo) || !math.IsNaN(r.Hi)) {
			t.Errorf("avoided %v: interval [%v, %v], want none", c.avoided, r.Lo, r.Hi)
		}
	}
}

// Fieller's interval covers the true ratio about 95% of the time over many
// seeded samples of correlated costs and outcomes.
func TestCostPerAvoidedCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const trials, n, ratio = 4000, 20, 25000.0
	hit := 0
	for range trials {
		net, avoided := make([]float64, n), make([]float64, n)
		for i := range n {
			a := 8 + 3*rng.NormFloat64()
			avoided[i] = a
			net[i] = ratio*8 + 0.4*ratio*(a-8) + 40000*rng.NormFloat64()
		}
		r := CostPerAvoided(net, avoided)
		if r.Status == RatioBounded && r.Lo <= ratio && ratio <= r.Hi {
			hit++
		}
	}
	if cov := float64(hit) / trials; cov < 0.935 || cov > 0.965 {
		t.Errorf("coverage %.3f, want 0.95 ± 0.015", cov)
	}
}

// compare's ratios pair replications: a scenario compared with itself
// avoids nothing.
func TestAvoidedOfItself(t *testing.T) {
	sc := fixture(t, 3)
	sc[1] = sc[0]
	sc[1].Name = "again"
	for _, x := range Summarize(sc).Avoided() {
		if x.Status != RatioNone || x.Net != 0 {
			t.Errorf("%s of a scenario against itself: %+v, want none avoided at no net cost", x.Name, x)
		}
	}
}
