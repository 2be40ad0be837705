package results

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/caseload/caseload/sim"
)

func TestWilsonIntervalKnownValues(t *testing.T) {
	// Values from R: prop.test(x, n, correct = FALSE)$conf.int, which is
	// binom::binom.wilson's interval.
	for _, tc := range []struct {
		x, n   int
		conf   float64
		lo, hi float64
	}{
		{7, 10, 0.95, 0.3967781, 0.8922087},
		{0, 10, 0.95, 0, 0.2775328},
		{10, 10, 0.95, 0.7224672, 1},
		{1, 20, 0.95, 0.008881449, 0.2361312},
		{45, 100, 0.95, 0.3561454, 0.5475540},
		{7, 10, 0.90, 0.4416998, 0.8731234},
	} {
		lo, hi := WilsonInterval(tc.x, tc.n, tc.conf)
		if !near(lo, tc.lo, 5e-7) || !near(hi, tc.hi, 5e-7) {
			t.Errorf("WilsonInterval(%d, %d, %g) = [%.7f, %.7f], want [%.7f, %.7f]", tc.x, tc.n, tc.conf, lo, hi, tc.lo, tc.hi)
		}
	}
}

func TestWilsonIntervalBounds(t *testing.T) {
	for n := 1; n <= 60; n++ {
		for x := 0; x <= n; x++ {
			for _, conf := range []float64{0.5, 0.9, 0.95, 0.999} {
				lo, hi := WilsonInterval(x, n, conf)
				p := float64(x) / float64(n)
				if !(0 <= lo && lo <= p && p <= hi && hi <= 1) {
					t.Fatalf("WilsonInterval(%d, %d, %g) = [%v, %v]: not 0 <= lo <= %v <= hi <= 1", x, n, conf, lo, hi, p)
				}
			}
		}
	}
	for _, tc := range []struct {
		x, n int
		conf float64
	}{{0, 0, 0.95}, {-1, 5, 0.95}, {6, 5, 0.95}, {2, 5, 0}, {2, 5, 1}, {2, 5, math.NaN()}} {
		if lo, hi := WilsonInterval(tc.x, tc.n, tc.conf); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("WilsonInterval(%d, %d, %g) = [%v, %v], want NaN", tc.x, tc.n, tc.conf, lo, hi)
		}
	}
}

// TestWilsonIntervalCoverage checks that the interval holds the true
// probability about as often as it says, over many seeded binomial draws.
func TestWilsonIntervalCoverage(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	const trials = 4000
	for _, p := range []float64{0.03, 0.2, 0.5, 0.9} {
		for _, n := range []int{20, 100} {
			cover := 0
			for range trials {
				x := 0
				for range n {
					if rng.Float64() < p {
						x++
					}
				}
				if lo, hi := WilsonInterval(x, n, 0.95); lo <= p && p <= hi {
					cover++
				}
			}
			c := float64(cover) / trials
			if c < 0.90 || c > 0.99 {
				t.Errorf("p %.2f, n %d: coverage %.3f outside [0.90, 0.99]", p, n, c)
			}
		}
	}
}

func TestLogitMeanIntervalKnownValues(t *testing.T) {
	// Worked by hand from the definition: m = mean, se = sd/sqrt(n),
	// expit(logit(m) ± t(n-1) se/(m(1-m))).
	for _, tc := range []struct {
		xs     []float64
		lo, hi float64
	}{
		{[]float64{0.1, 0.2, 0.3}, 0.05026469, 0.54147739},
		{[]float64{0, 0, 0, 0.05, 0, 0.1, 0, 0, 0, 0}, 0.00296316, 0.07238270},
		{[]float64{1, 1, 0.9, 1, 0.97}, 0.81718282, 0.99682495},
	} {
		lo, hi := LogitMeanInterval(tc.xs, 0.95)
		if !near(lo, tc.lo, 5e-8) || !near(hi, tc.hi, 5e-8) {
			t.Errorf("LogitMeanInterval(%v) = [%.8f, %.8f], want [%.8f, %.8f]", tc.xs, lo, hi, tc.lo, tc.hi)
		}
	}
	// Where the plain t-interval would cross 0 or 1, this one does not.
	for _, xs := range [][]float64{{0, 0, 0, 0.05, 0, 0.1, 0, 0, 0, 0}, {1, 1, 0.9, 1, 0.97}} {
		d := Describe(xs)
		lo, hi := LogitMeanInterval(xs, 0.95)
		if d.Lo >= 0 && d.Hi <= 1 {
			t.Errorf("%v: the t-interval [%v, %v] stays in [0, 1]; the case shows nothing", xs, d.Lo, d.Hi)
		}
		if lo <= 0 || hi >= 1 {
			t.Errorf("%v: logit interval [%v, %v] reaches 0 or 1", xs, lo, hi)
		}
	}
}

func TestLogitMeanIntervalEdges(t *testing.T) {
	for _, xs := range [][]float64{{0, 0, 0}, {1, 1}, {0.4, 0.4, 0.4}} {
		lo, hi := LogitMeanInterval(xs, 0.95)
		if lo != xs[0] || hi != xs[0] {
			t.Errorf("LogitMeanInterval(%v) = [%v, %v], want the value itself at both ends", xs, lo, hi)
		}
	}
	for _, xs := range [][]float64{nil, {0.5}, {0.2, 1.1}, {-0.1, 0.5}, {0.3, math.NaN()}} {
		if lo, hi := LogitMeanInterval(xs, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
			t.Errorf("LogitMeanInterval(%v) = [%v, %v], want NaN", xs, lo, hi)
		}
	}
	if lo, _ := LogitMeanInterval([]float64{0.1, 0.2}, 1); !math.IsNaN(lo) {
		t.Error("conf 1 accepted")
	}
}

// TestLogitMeanIntervalProperties draws many small samples of shares,
// many of them at 0 or 1, and checks that every interval lies in [0, 1]
// and holds the sample mean; and that over the draws the interval holds
// the true mean at close to the nominal rate.
func TestLogitMeanIntervalProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 2))
	for _, tc := range []struct {
		name string
		// draw gives one replication's share: the fraction of 52 weeks
		// over a cap, each week over it with probability p.
		p float64
		n int
	}{{"rare", 0.02, 10}, {"rare, more replications", 0.02, 40}, {"middling", 0.3, 10}, {"common", 0.97, 20}} {
		const trials = 3000
		cover := 0
		for range trials {
			xs := make([]float64, tc.n)
			for i := range xs {
				over := 0
				for range 52 {
					if rng.Float64() < tc.p {
						over++
					}
				}
				xs[i] = float64(over) / 52
			}
			lo, hi := LogitMeanInterval(xs, 0.95)
			var m float64
			for _, x := range xs {
				m += x
			}
			m /= float64(len(xs))
			if !(0 <= lo && lo <= m && m <= hi && hi <= 1) {
				t.Fatalf("%s: interval [%v, %v] for mean %v of %v", tc.name, lo, hi, m, xs)
			}
			if lo <= tc.p && tc.p <= hi {
				cover++
			}
		}
		c := float64(cover) / trials
		t.Logf("%s: coverage %.3f", tc.name, c)
		if c < 0.88 || c > 0.99 {
			t.Errorf("%s: coverage %.3f outside [0.88, 0.99]", tc.name, c)
		}
	}
}

// A level's interval is the t interval cut at 0, its mean and SD
// untouched; a share's stays on the logit scale; a difference (Describe)
// keeps its negative end.
func TestDescribeMetricCutsLevelsAtZero(t *testing.T) {
	rare := []float64{0, 0, 0, 1, 0, 0, 0, 0, 0, 2} // a rare event in a small LA
	whole := Describe(rare)
	if !(whole.Lo < 0) {
		t.Fatalf("the test's sample should reach below 0: %+v", whole)
	}
	for _, k := range []sim.MetricKind{sim.KindCount, sim.KindRate, sim.KindStock, sim.KindCaseload, sim.KindWeeks, sim.KindFTE, sim.KindSchools, sim.KindCost, sim.KindDays} {
		s := DescribeMetric(k, rare)
		if s.Lo != 0 || s.Hi != whole.Hi || s.Mean != whole.Mean || s.SD != whole.SD || s.N != whole.N {
			t.Errorf("%s: %+v, want %+v with Lo 0", k, s, whole)
		}
	}
	if s := DescribeMetric(sim.KindCount, []float64{3, 4, 5}); s != Describe([]float64{3, 4, 5}) {
		t.Errorf("an interval above 0 was changed: %+v", s)
	}
	shares := []float64{0, 0, 0.1, 0, 0}
	s := DescribeMetric(sim.KindShare, shares)
	if lo, hi := LogitMeanInterval(shares, 0.95); s.Lo != lo || s.Hi != hi {
		t.Errorf("share: [%v, %v], want the logit interval [%v, %v]", s.Lo, s.Hi, lo, hi)
	}
	if one := DescribeMetric(sim.KindCount, []float64{2}); !math.IsNaN(one.Lo) || !math.IsNaN(one.Hi) {
		t.Errorf("one replication: %+v, want no interval", one)
	}
}
