package results

import (
	"math"
	"os"
	"testing"

	"github.com/caseload/caseload/sim"
	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

func TestMain(m *testing.M) {
	// Table widths must not depend on the tester's locale: East Asian
	// locales count "–", "Δ" and "£" as two columns. The width package
	// reads the environment when it is initialised, so set the rule too.
	os.Setenv("RUNEWIDTH_EASTASIAN", "0")
	twwidth.SetOptions(twwidth.Options{EastAsianWidth: false})
	os.Exit(m.Run())
}

// outcome makes an outcome whose metrics are 0 except those given.
func outcome(t testing.TB, vals map[string]float64) sim.Outcome {
	t.Helper()
	names := sim.MetricNames()
	v := make([]float64, len(names))
	idx := indexOf(names)
	for name, x := range vals {
		k, ok := idx[name]
		if !ok {
			t.Fatalf("no metric %q", name)
		}
		v[k] = x
	}
	return sim.Outcome{Values: v}
}

// series makes outcomes with one metric taking the given values.
func series(t testing.TB, metric string, xs ...float64) []sim.Outcome {
	t.Helper()
	outs := make([]sim.Outcome, len(xs))
	for i, x := range xs {
		outs[i] = outcome(t, map[string]float64{metric: x})
	}
	return outs
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// fixture is a small two-scenario report with plausible numbers for an
// LA of 80,000 children: a baseline and a school-based team.
func fixture(t testing.TB, reps int) []Scenario {
	t.Helper()
	base := map[string]float64{
		"referrals_other": 3305, "referrals_school": 905, "s17_assessments": 3620, "s47_enquiries": 1310,
		"icpcs": 421, "cp_plan_starts": 362, "cin_plan_starts": 1504, "care_entries": 231, "rereferrals": 884,
		"cin_stock": 2650, "cp_stock": 331, "cla_stock": 561,
		"statutory_caseload_mean": 17.4, "statutory_caseload_p95": 21.2, "statutory_weeks_over_cap": 0.231,
		"cost_statutory_staff": 11.2e6, "cost_statutory": 21.5e6, "cost_early_help": 6.1e6, "cost_care": 41.3e6,
	}
	team := map[string]float64{
		"referrals_school": 0.8, "s47_enquiries": 0.95, "icpcs": 0.97, "care_entries": 0.96,
		"statutory_caseload_mean": 0.97, "statutory_weeks_over_cap": 0.7, "cost_care": 0.98,
	}
	mk := func(name string, scale map[string]float64, extra map[string]float64) Scenario {
		s := Scenario{Name: name, File: "scenarios/" + name + ".toml", Children: 80000,
			Config: map[string]any{"name": name, "years": 3}}
		for r := range reps {
			s.Outcomes = append(s.Outcomes, outcome(t, fixtureValues(base, scale, extra, r)))
		}
		return s
	}
	extra := map[string]float64{"school_worker_caseload_mean": 11.2, "school_worker_caseload_p95": 14,
		"school_worker_weeks_full": 0.12, "school_worker_fte": 24.5, "schools_covered": 30,
		"cost_school_workforce": 1.35e6}
	return []Scenario{mk("baseline", nil, nil), mk("school_team", team, extra)}
}

func fixtureValues(base, scale, extra map[string]float64, r int) map[string]float64 {
	v := map[string]float64{}
	jitter := 1 + 0.02*float64((r*7)%5-2)
	for k, x := range base {
		f, ok := scale[k]
		if !ok {
			f = 1
		} else {
			f *= 1 + 0.01*float64((r*3)%4-1)
		}
		v[k] = x * f * jitter
	}
	for k, x := range extra {
		v[k] = x * jitter
	}
	v["referrals"] = v["referrals_school"] + v["referrals_other"]
	for _, k := range []string{"referrals", "referrals_school", "referrals_other", "s17_assessments", "s47_enquiries", "icpcs",
		"cp_plan_starts", "cin_plan_starts", "care_entries", "rereferrals", "cin_stock", "cp_stock", "cla_stock"} {
		v[k+"_per_10k"] = v[k] * 10000 / 80000
	}
	for _, c := range sim.CostComponents() {
		v[sim.CostTotal] += v[c]
	}
	return v
}
