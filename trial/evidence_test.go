package trial

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
)

// Each evidence set against its evidence (MODEL.md §3.8, §6), with the
// model's own virtual trial. The SWIS design (268 secondary schools in 21
// LAs, two years) with 30 trials runs with CASELOADTEST_LONG=1 (a few
// minutes on two cores); every test run has a fast version of 2 trials,
// which checks the true rate ratios and the power they imply.
//
//	CASELOADTEST_LONG=1 go test ./trial -run TestEvidence -v

func longTests() bool { return os.Getenv("CASELOADTEST_LONG") != "" }

func loadScenario(t *testing.T, name string, sets ...string) sim.Params {
	t.Helper()
	sc, err := config.Load(filepath.Join("..", "scenarios", name), nil, sets)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Params
}

// impliedPower is the power of a two-sided 5% test of a log ratio whose
// estimate is normal about log(irr) with standard error se.
func impliedPower(irr, se float64) float64 {
	z := math.Abs(math.Log(irr)) / se
	phi := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
	return phi(z-1.959963984540054) + phi(-z-1.959963984540054)
}

func swisDesign(t *testing.T, p sim.Params, trials int) [sim.NumSchoolFlows]Summary {
	t.Helper()
	d, err := New(p, Spec{Schools: 268, LAs: 21, Years: 2, Outcome: "s47_enquiries", Trials: trials, Bands: 2, Baseline: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return Outcomes(d, 2)
}

// Under the trial set (the default), a SWIS-sized trial has a true section
// 47 rate ratio near +5.5% (inside the trial's interval −4.5% to +16.6%),
// and effects on referrals, section 17 assessments and care entries that
// it detects in at most one trial in four, while the school-based workers
// make referrals of their own (the work moves to them).
func TestEvidenceTrialSWIS(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the SWIS design")
	}
	trials := 2
	if longTests() {
		trials = 30
	}
	s := swisDesign(t, loadScenario(t, "swis.yaml"), trials)
	for k, x := range s {
		t.Logf("%s: true %.3f (%.3f–%.3f), median estimate %.3f, se %.3f, power %d/%d, implied %.2f",
			sim.SchoolFlowNames[k], x.TrueIRR, x.TrueLo, x.TrueHi, x.Median, x.MedianSE, x.Power.K, x.Power.N, impliedPower(x.TrueIRR, x.MedianSE))
	}
	if x := s[sim.SchoolS47].TrueIRR; !(x > 1.025 && x < 1.085) {
		t.Errorf("section 47: true rate ratio %.3f, want 1.055 ± 0.03 (SWIS: 1.055, 95%% CI 0.955–1.166)", x)
	}
	for _, k := range []int{sim.SchoolReferrals, sim.SchoolS17, sim.SchoolCareEntries} {
		x := s[k]
		// the implied power of 2 trials allows for their spread (at most
		// 0.4); with 30 trials the measured power itself is checked
		if p := impliedPower(x.TrueIRR, x.MedianSE); p > 0.4 || (longTests() && p > 0.3) {
			t.Errorf("%s: true rate ratio %.3f with se %.3f implies power %.2f, want at most 0.4 (0.3 over 30 trials)", sim.SchoolFlowNames[k], x.TrueIRR, x.MedianSE, p)
		}
		if longTests() && x.Power.Value > 0.25 {
			t.Errorf("%s: power %d/%d, want at most 1 trial in 4 (SWIS: no significant effect)", sim.SchoolFlowNames[k], x.Power.K, x.Power.N)
		}
	}
}

// Under the pilots set the same design goes the pilots' way: fewer
// section 47 enquiries and section 17 assessments.
func TestEvidencePilotsSWISDesign(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the SWIS design")
	}
	s := swisDesign(t, loadScenario(t, "swis.yaml", "effects.evidence=pilots"), 2)
	for _, k := range []int{sim.SchoolS47, sim.SchoolS17} {
		if x := s[k].TrueIRR; !(x < 0.98) {
			t.Errorf("pilots set, SWIS design: %s true rate ratio %.3f, want a fall of more than 2%%", sim.SchoolFlowNames[k], x)
		}
	}
}

// The three pilots of seed 004 in their own LAs, with their deployments,
// for about 10 months: fewer section 47 enquiries in Lambeth and
// Southampton, fewer section 17 assessments in Stockport, and no change in
// days in care.
func TestEvidencePilotsInTheirLAs(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three LAs")
	}
	reps := 4
	if longTests() {
		reps = 20
	}
	cases := []struct {
		scenario string
		schools  int
		outcome  int
	}{
		{"pilot-lambeth.yaml", 8, sim.SchoolS47},
		{"pilot-southampton.yaml", 18, sim.SchoolS47},
		{"pilot-stockport.yaml", 11, sim.SchoolS17},
	}
	for _, c := range cases {
		d := Deploy(loadScenario(t, c.scenario), 1, reps, 2)
		t.Logf("%s: %d schools, ratios %.3f, care weeks %.4f", c.scenario, d.Schools, d.Ratio, d.CareWeeks)
		if d.Schools != c.schools {
			t.Errorf("%s: %d schools covered, want %d (seed 004)", c.scenario, d.Schools, c.schools)
		}
		if !(d.Ratio[c.outcome] < 1) {
			t.Errorf("%s: %s ratio %.3f in the pilot schools, want a fall (seed 004)", c.scenario, sim.SchoolFlowNames[c.outcome], d.Ratio[c.outcome])
		}
		if math.Abs(d.CareWeeks-1) > 0.01 {
			t.Errorf("%s: weeks in care ratio %.4f, want within 1%% of no change (seed 004)", c.scenario, d.CareWeeks)
		}
	}
}
