package sensitivity

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
)

// The coverage tests run the whole procedure (design, model, indices and
// intervals) many times with different seeds on functions whose indices
// are known exactly, and count how often each 95% interval holds the true
// value. A short version runs in every test run; CASELOADTEST_LONG=1 (make
// test-long) runs many more seeds and holds the rates to a tighter band.

// longTests reports whether the long statistical checks are asked for.
// The variable is not a CASELOAD_* one: those are configuration keys,
// and the program refuses one that names no key.
func longTests() bool { return os.Getenv("CASELOADTEST_LONG") != "" }

// coverage is how often each interval held the truth over a set of seeds.
type coverage struct {
	names []string
	hits  []int
	n     int
}

func (c *coverage) add(i int, lo, hi, truth float64) {
	if lo <= truth && truth <= hi {
		c.hits[i]++
	}
}

func (c *coverage) rate(i int) float64 { return float64(c.hits[i]) / float64(c.n) }

// overall is the coverage pooled over every interval.
func (c *coverage) overall() float64 {
	var h int
	for _, x := range c.hits {
		h += x
	}
	return float64(h) / float64(c.n*len(c.hits))
}

func (c *coverage) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pooled %.3f over %d seeds;", c.overall(), c.n)
	for i, name := range c.names {
		fmt.Fprintf(&b, " %s %.3f", name, c.rate(i))
	}
	return b.String()
}

// testFunction is a model with known Sobol indices.
type testFunction struct {
	name    string
	f       func([]float64) float64
	factors []Factor // nil: the unit cube
	k       int
	s1, st  []float64
}

func piBox(k int) []Factor {
	fs := make([]Factor, k)
	for i := range fs {
		fs[i] = Factor{Name: fmt.Sprintf("x%d", i+1), Low: -math.Pi, High: math.Pi}
	}
	return fs
}

func testFunctions() []testFunction {
	is1, ist := ishigamiIndices()
	gs1, gst := gIndices(gA)
	return []testFunction{
		{"Ishigami", ishigami, piBox(3), 3, is1, ist},
		{"G", gFunction(gA), nil, len(gA), gs1, gst},
	}
}

// sobolCoverage runs the Sobol procedure with base rows and reps
// repetitions under seeds seeds and counts how often each interval holds
// the analytic index.
func sobolCoverage(tf testFunction, base, reps, seeds int) *coverage {
	c := &coverage{n: seeds, hits: make([]int, 2*tf.k)}
	for i := range tf.k {
		c.names = append(c.names, fmt.Sprintf("S1_%d", i+1))
	}
	for i := range tf.k {
		c.names = append(c.names, fmt.Sprintf("ST_%d", i+1))
	}
	for s := range seeds {
		d, err := NewSobolDesign(base, tf.k, reps, rand.NewPCG(uint64(s), 9))
		if err != nil {
			panic(err)
		}
		res, err := SobolIndices(d, evaluate(tf.f, tf.factors, d.Points()), nil)
		if err != nil {
			panic(err)
		}
		for i := range tf.k {
			c.add(i, res.S1Lo[i], res.S1Hi[i], tf.s1[i])
			c.add(tf.k+i, res.STLo[i], res.STHi[i], tf.st[i])
		}
	}
	return c
}

// coverageRuns gives the number of seeds and the accepted band of each
// coverage rate: a short check for every test run and a long one for
// CASELOADTEST_LONG. With 1000 seeds a rate's standard error at 95% is 0.7
// points, so 0.90 is over 6 standard errors below; with 4000 it is 0.34
// points and the band narrows to [0.925, 0.975], the pooled rate to
// [0.935, 0.965].
func coverageRuns() (seeds int, lo, hi, pooledLo, pooledHi float64) {
	if longTests() {
		return 4000, 0.925, 0.975, 0.935, 0.965
	}
	return 1000, 0.90, 0.99, 0.925, 0.975
}

func checkCoverage(t *testing.T, what string, c *coverage) {
	t.Helper()
	_, lo, hi, plo, phi := coverageRuns()
	t.Logf("%s: %s", what, c)
	if p := c.overall(); p < plo || p > phi {
		t.Errorf("%s: pooled coverage %.3f outside [%.3f, %.3f]", what, p, plo, phi)
	}
	for i, name := range c.names {
		if r := c.rate(i); r < lo || r > hi {
			t.Errorf("%s: %s coverage %.3f outside [%.3f, %.3f]", what, name, r, lo, hi)
		}
	}
}

// TestSobolCoverage checks that the default Sobol design's 95% intervals
// hold the analytic indices at close to the nominal rate.
func TestSobolCoverage(t *testing.T) {
	seeds, _, _, _, _ := coverageRuns()
	for _, tf := range testFunctions() {
		c := sobolCoverage(tf, DefaultSobolBase, DefaultSobolRepetitions, seeds)
		checkCoverage(t, fmt.Sprintf("Sobol %s, base %d, %d repetitions", tf.name, DefaultSobolBase, DefaultSobolRepetitions), c)
	}
}

// TestMorrisCoverage checks that the default Morris design's 95% mu*
// intervals hold the true mu* of the grid at close to the nominal rate.
func TestMorrisCoverage(t *testing.T) {
	seeds, _, _, _, _ := coverageRuns()
	for _, tf := range testFunctions() {
		c := morrisCoverage(tf, DefaultMorrisTrajectories, DefaultMorrisLevels, seeds)
		checkCoverage(t, fmt.Sprintf("Morris %s, %d trajectories, %d levels", tf.name, DefaultMorrisTrajectories, DefaultMorrisLevels), c)
	}
}

// TestCoverageSweep prints coverage against design size; it is how the
// defaults were chosen. It runs only when CASELOAD_COVERAGE_SWEEP is set
// (a minute or so).
func TestCoverageSweep(t *testing.T) {
	if os.Getenv("CASELOAD_COVERAGE_SWEEP") == "" {
		t.Skip("set CASELOAD_COVERAGE_SWEEP=1 to print coverage against design size")
	}
	lowest := func(c *coverage) float64 {
		lo := 1.0
		for i := range c.hits {
			lo = math.Min(lo, c.rate(i))
		}
		return lo
	}
	for _, tf := range testFunctions() {
		for _, base := range []int{8, 16, 32, 64, 128} {
			for _, reps := range []int{4, 8, 16} {
				c := sobolCoverage(tf, base, reps, 1000)
				t.Logf("Sobol %s base %d repetitions %d: lowest %.3f, %s", tf.name, base, reps, lowest(c), c)
			}
		}
		for _, r := range []int{10, 20, 40} {
			c := morrisCoverage(tf, r, DefaultMorrisLevels, 2000)
			t.Logf("Morris %s trajectories %d: lowest %.3f, %s", tf.name, r, lowest(c), c)
		}
	}
}

// morrisTruth is the mu* that Morris trajectories on a p-level grid
// estimate: the mean absolute elementary effect of each factor over its
// step's start level l (uniform on the lower half of the grid; a step
// down from l+p/2 has the same absolute effect as the step up from l) and
// the levels of the other factors, which at any point of a trajectory are
// independent and uniform over the grid (see [NewMorris]). It enumerates
// every case, p^k/2 per factor. constant[i] reports that factor i's
// absolute effect is the same in every case (up to rounding), so that any
// set of trajectories gives it exactly and its interval has no width.
func morrisTruth(f func([]float64) float64, factors []Factor, k, p int) (mu []float64, constant []bool) {
	top := float64(p - 1)
	jump := p / 2
	delta := float64(p) / (2 * top)
	mu = make([]float64, k)
	constant = make([]bool, k)
	level := make([]int, k)
	u := make([]float64, k)
	at := func() float64 {
		for j, l := range level {
			u[j] = float64(l) / top
		}
		x := u
		if factors != nil {
			x = Scale(factors, u)
		}
		return f(x)
	}
	for i := range k {
		var sum float64
		lo, hi := math.Inf(1), math.Inf(-1)
		cases := 0
		// Odometer over every level combination with factor i in the lower half.
		for j := range level {
			level[j] = 0
		}
		for {
			y0 := at()
			level[i] += jump
			e := math.Abs(at()-y0) / delta
			sum += e
			lo, hi = math.Min(lo, e), math.Max(hi, e)
			level[i] -= jump
			cases++
			j := k - 1
			for ; j >= 0; j-- {
				level[j]++
				limit := p
				if j == i {
					limit = jump
				}
				if level[j] < limit {
					break
				}
				level[j] = 0
			}
			if j < 0 {
				break
			}
		}
		mu[i] = sum / float64(cases)
		constant[i] = hi-lo <= 1e-9*math.Abs(mu[i])
	}
	return mu, constant
}

// morrisCoverage runs the Morris procedure with r trajectories on a
// p-level grid under seeds seeds and counts how often each mu* interval
// holds the true mu*. Factors whose absolute effect is constant are left
// out: their mu* is exact and their interval has no width (Ishigami's x2
// on a 4-level grid, where sin² takes the values 0 and 3/4 at the two
// ends of every step).
func morrisCoverage(tf testFunction, r, p, seeds int) *coverage {
	truth, constant := morrisTruth(tf.f, tf.factors, tf.k, p)
	c := &coverage{n: seeds}
	var kept []int
	for i := range tf.k {
		if !constant[i] {
			kept = append(kept, i)
			c.names = append(c.names, fmt.Sprintf("mu*_%d", i+1))
		}
	}
	c.hits = make([]int, len(kept))
	for s := range seeds {
		d, err := NewMorris(r, tf.k, p, rand.NewPCG(uint64(s), 10))
		if err != nil {
			panic(err)
		}
		res, err := MorrisIndices(d, evaluate(tf.f, tf.factors, d.Points), nil)
		if err != nil {
			panic(err)
		}
		for j, i := range kept {
			c.add(j, res.MuStarLo[i], res.MuStarHi[i], truth[i])
		}
	}
	return c
}

func TestMorrisTruthMatchesManyTrajectories(t *testing.T) {
	// The enumerated mu* is what a very long run of trajectories averages to.
	for _, tf := range testFunctions() {
		truth, _ := morrisTruth(tf.f, tf.factors, tf.k, 4)
		d, err := NewMorris(20000, tf.k, 4, rand.NewPCG(1, 2))
		if err != nil {
			t.Fatal(err)
		}
		res, err := MorrisIndices(d, evaluate(tf.f, tf.factors, d.Points), nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range tf.k {
			t.Logf("%s factor %d: mu* %.4f [%.4f, %.4f] from 20000 trajectories, enumerated %.4f", tf.name, i+1, res.MuStar[i], res.MuStarLo[i], res.MuStarHi[i], truth[i])
			if tol := 0.02*truth[i] + 1e-9; math.Abs(res.MuStar[i]-truth[i]) > tol {
				t.Errorf("%s factor %d: mu* %.4f from 20000 trajectories, enumerated %.4f", tf.name, i+1, res.MuStar[i], truth[i])
			}
		}
	}
}
