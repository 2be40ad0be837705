package trial

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// With one stratum and no adjustment the Poisson estimate is exactly the
// ratio of the two arms' pooled rates.
func TestEstimateIsRatioOfRates(t *testing.T) {
	rows := []Row{
		{Count: 12, Exposure: 1.1, Treated: true},
		{Count: 7, Exposure: 0.9, Treated: true},
		{Count: 30, Exposure: 2.2, Treated: true},
		{Count: 10, Exposure: 1.0},
		{Count: 25, Exposure: 1.5},
		{Count: 4, Exposure: 0.6},
	}
	e := EstimateIRR(rows, false)
	want := (49.0 / 4.2) / (39.0 / 3.1)
	if !e.OK || math.Abs(e.IRR-want) > 1e-9 {
		t.Fatalf("IRR %v (ok %v), want %v", e.IRR, e.OK, want)
	}
	if !(e.Lo < e.IRR && e.IRR < e.Hi) || e.DF != 4 || e.P <= 0 || e.P >= 1 {
		t.Fatalf("interval [%v, %v], df %d, p %v", e.Lo, e.Hi, e.DF, e.P)
	}
}

func TestEstimateNotEstimable(t *testing.T) {
	cases := map[string][]Row{
		"no events in the intervention arm": {{Count: 0, Exposure: 1, Treated: true}, {Count: 0, Exposure: 1, Treated: true}, {Count: 3, Exposure: 1}, {Count: 2, Exposure: 1}},
		"no degrees of freedom":             {{Count: 2, Exposure: 1, Treated: true}, {Count: 3, Exposure: 1}},
		"arm confounded with stratum":       {{Count: 2, Exposure: 1, Treated: true, Stratum: 1}, {Count: 4, Exposure: 1, Treated: true, Stratum: 1}, {Count: 3, Exposure: 1}, {Count: 5, Exposure: 1}},
	}
	for name, rows := range cases {
		if e := EstimateIRR(rows, false); e.OK {
			t.Errorf("%s: estimated %v", name, e.IRR)
		}
	}
}

// Strata with no events are left out: they do not change the estimate.
func TestEstimateDropsEmptyStrata(t *testing.T) {
	rows := []Row{
		{Count: 12, Exposure: 1.1, Treated: true}, {Count: 7, Exposure: 0.9, Treated: true},
		{Count: 10, Exposure: 1.0}, {Count: 25, Exposure: 1.5}, {Count: 9, Exposure: 1.0},
	}
	with := append(rows[:len(rows):len(rows)], Row{Count: 0, Exposure: 1, Treated: true, Stratum: 5}, Row{Count: 0, Exposure: 2, Stratum: 5})
	a, b := EstimateIRR(rows, false), EstimateIRR(with, false)
	if a.IRR != b.IRR || a.SE != b.SE || b.Schools != 5 {
		t.Fatalf("empty stratum changed the estimate: %+v vs %+v", a, b)
	}
}

// simulated draws a stratified trial with over-dispersed school rates: a
// gamma frailty of shape k around each stratum's rate, and the arm's true
// rate ratio. The prior rate shares the frailty, as a school's rate before
// a trial does.
func simulated(rng *rand.Rand, schools, strata int, irr, k float64) []Row {
	rows := make([]Row, schools)
	g := distuv.Gamma{Alpha: k, Beta: k, Src: rng}
	for i := range rows {
		s := i % strata
		exposure := 0.4 + rng.Float64()
		rate := 8 * math.Exp(0.3*float64(s-strata/2)) * g.Rand()
		treated := (i/strata)%2 == 0
		mean := rate * exposure
		if treated {
			mean *= irr
		}
		prior := distuv.Poisson{Lambda: rate * exposure, Src: rng}.Rand()
		rows[i] = Row{Count: distuv.Poisson{Lambda: mean, Src: rng}.Rand(), Exposure: exposure, Treated: treated,
			Stratum: s, Prior: math.Log((prior + 0.5) / exposure)}
	}
	return rows
}

// Over many simulated trials with over-dispersed counts, the estimator is
// unbiased on the log scale, its 95% intervals cover the true ratio in
// about 95% of trials, and under no effect it rejects in about 5%: the
// robust variance is what makes this hold (a naive Poisson variance would
// cover far less often with this much over-dispersion).
func TestEstimateCalibrated(t *testing.T) {
	const trials = 2000
	for _, tc := range []struct {
		irr    float64
		adjust bool
	}{{0.8, false}, {1, false}, {0.8, true}, {1, true}} {
		rng := rand.New(rand.NewPCG(7, uint64(tc.irr*100)))
		var sumLog float64
		var covered, rejected, naiveCovered, n int
		var sumSE float64
		for range trials {
			rows := simulated(rng, 80, 4, tc.irr, 3)
			e := EstimateIRR(rows, tc.adjust)
			if !e.OK {
				continue
			}
			n++
			sumLog += e.LogIRR
			sumSE += e.SE
			if e.Lo <= tc.irr && tc.irr <= e.Hi {
				covered++
			}
			if e.P < 0.05 {
				rejected++
			}
			if math.Abs(e.LogIRR-math.Log(tc.irr)) <= 1.96*e.ModelSE {
				naiveCovered++
			}
		}
		if n < trials*99/100 {
			t.Fatalf("irr %v: only %d of %d estimable", tc.irr, n, trials)
		}
		bias := sumLog/float64(n) - math.Log(tc.irr)
		cover := float64(covered) / float64(n)
		if math.Abs(bias) > 0.02 {
			t.Errorf("irr %v adjust %v: bias on the log scale %.4f", tc.irr, tc.adjust, bias)
		}
		if cover < 0.93 || cover > 0.97 {
			t.Errorf("irr %v adjust %v: coverage %.3f, want 0.93-0.97", tc.irr, tc.adjust, cover)
		}
		if tc.irr == 1 {
			if r := float64(rejected) / float64(n); r < 0.03 || r > 0.07 {
				t.Errorf("adjust %v: false positive rate %.3f, want 0.03-0.07", tc.adjust, r)
			}
		}
		if nc := float64(naiveCovered) / float64(n); nc > cover-0.05 {
			t.Errorf("irr %v adjust %v: naive Poisson intervals cover %.3f against %.3f: the data are not over-dispersed enough to test the robust variance", tc.irr, tc.adjust, nc, cover)
		}
		t.Logf("irr %v adjust %v: bias %.4f, coverage %.3f, mean SE %.4f, rejected %.3f", tc.irr, tc.adjust, bias, cover, sumSE/float64(n), float64(rejected)/float64(n))
	}
}

// Adjusting for the prior rate, which shares each school's frailty, makes
// the estimate more precise.
func TestEstimateAdjustmentGainsPrecision(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	var plain, adjusted float64
	for range 300 {
		rows := simulated(rng, 80, 4, 0.8, 3)
		plain += EstimateIRR(rows, false).SE
		adjusted += EstimateIRR(rows, true).SE
	}
	if adjusted >= 0.9*plain {
		t.Fatalf("mean SE adjusted %.4f, unadjusted %.4f: no gain from the prior rate", adjusted/300, plain/300)
	}
}
