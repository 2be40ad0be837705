// Command calibrate fits the free parameters of the need process, the
// referral routes and the pipeline so that the baseline scenario reproduces
// the MODEL.md §5 figures (sim.CalibrationTargets) and the census figures
// (sim.CensusTargets). It prints the fitted
// values; the defaults in sim/defaults.go come from a run of it:
//
//	go run ./tools/calibrate -reps 4 -iter 400
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"sync"

	"github.com/caseload/caseload/sim"
	"gonum.org/v1/gonum/optimize"
)

// knob is one fitted parameter, searched on a log scale.
type knob struct {
	name string
	get  func(*sim.Params) *float64
}

var knobs = []knob{
	{"need.onset", func(p *sim.Params) *float64 { return &p.Need.Onset }},
	{"need.escalate[0]", func(p *sim.Params) *float64 { return &p.Need.Escalate[0] }},
	{"need.escalate[1]", func(p *sim.Params) *float64 { return &p.Need.Escalate[1] }},
	{"need.crisis", func(p *sim.Params) *float64 { return &p.Need.Crisis }},
	{"referral.school[1]", func(p *sim.Params) *float64 { return &p.Referral.School[1] }},
	{"referral.school[2]", func(p *sim.Params) *float64 { return &p.Referral.School[2] }},
	{"referral.other[1]", func(p *sim.Params) *float64 { return &p.Referral.Other[1] }},
	{"referral.other[2]", func(p *sim.Params) *float64 { return &p.Referral.Other[2] }},
	{"referral.no_need_school", func(p *sim.Params) *float64 { return &p.Referral.NoNeedSchool }},
	{"referral.no_need_other", func(p *sim.Params) *float64 { return &p.Referral.NoNeedOther }},
	{"front_door.s47_gap", func(p *sim.Params) *float64 { return &p.FrontDoor.S47Gap }},
	{"pipeline.s47_to_icpc", func(p *sim.Params) *float64 { return &p.Pipeline.S47ToICPC }},
	{"pipeline.cp_end_high", func(p *sim.Params) *float64 { return &p.Pipeline.CPEndHigh }},
	{"pipeline.cp_to_care", func(p *sim.Params) *float64 { return &p.Pipeline.CPToCare }},
	{"pipeline.cin_end_high", func(p *sim.Params) *float64 { return &p.Pipeline.CINEndHigh }},
	{"statutory.posts", func(p *sim.Params) *float64 { return &p.Statutory.Posts }},
	{"need.resolve[0]", func(p *sim.Params) *float64 { return &p.Need.Resolve[0] }},
	{"pipeline.care_leave", func(p *sim.Params) *float64 { return &p.Pipeline.CareLeave }},
}

// censusLoss is the squared distance of the census figures
// (sim.CensusTargets) from their targets: relative for counts and rates,
// in tolerances for shares of bands, so that each figure at the edge of
// its tolerance weighs as a calibration figure 10% off.
func censusLoss(v []float64) float64 {
	var l float64
	for _, t := range sim.CensusTargets {
		got := sim.TargetValue(t.Metric, v)
		d := math.Log(math.Max(1e-6, got) / t.Value)
		if t.Points > 0 {
			d = (got - t.Value) / t.Points * math.Log(1+sim.CalibrationTolerance)
		}
		l += d * d
	}
	return l
}

func main() {
	reps := flag.Int("reps", 4, "replications per evaluation")
	iter := flag.Int("iter", 300, "function evaluations")
	seed := flag.Uint64("seed", 20250331, "master seed")
	measure := flag.Bool("measure", false, "skip the fit: report the current defaults against the targets")
	warmup := flag.Int("warmup", 312, "warm-up weeks: long, so the fit finds the steady state whatever the starting stocks")
	flag.Parse()
	base := sim.Defaults()
	x0 := make([]float64, len(knobs))
	for i, k := range knobs {
		x0[i] = math.Log(*k.get(&base))
	}
	apply := func(x []float64) sim.Params {
		p := sim.Defaults()
		p.Referral.School = base.Referral.School
		p.Referral.Other = base.Referral.Other
		for i, k := range knobs {
			*k.get(&p) = math.Exp(x[i])
		}
		// level 3 referral rates keep their ratio to level 2
		p.Referral.School[3] = p.Referral.School[2] * base.Referral.School[3] / base.Referral.School[2]
		p.Referral.Other[3] = p.Referral.Other[2] * base.Referral.Other[3] / base.Referral.Other[2]
		p.Pipeline.S47ToICPC = math.Min(0.99, p.Pipeline.S47ToICPC)
		p.WarmupWeeks = *warmup
		return p
	}
	eval := func(p sim.Params) []float64 {
		out := make([][]float64, *reps)
		var wg sync.WaitGroup
		for r := range *reps {
			wg.Go(func() { out[r] = sim.Simulate(p, *seed, r).Values })
		}
		wg.Wait()
		avg := make([]float64, len(out[0]))
		for _, v := range out {
			for k := range v {
				avg[k] += v[k] / float64(*reps)
			}
		}
		return avg
	}
	emergency := sim.MetricIndex("care_entries_emergency")
	care := sim.MetricIndex("care_entries")
	loss := func(x []float64) float64 {
		v := eval(apply(x))
		var l float64
		for _, t := range sim.CalibrationTargets {
			d := math.Log(math.Max(1e-6, sim.TargetValue(t.Metric, v)) / t.Value)
			l += d * d
		}
		l += censusLoss(v)
		// assumption: about a third of care entries are emergencies
		d := math.Log(math.Max(1e-6, v[emergency]/math.Max(1e-6, v[care])) / 0.33)
		l += 0.25 * d * d
		for i := range x {
			l += 0.002 * (x[i] - x0[i]) * (x[i] - x0[i])
		}
		return l
	}
	if *measure {
		*iter = 1
	}
	res, err := optimize.Minimize(optimize.Problem{Func: loss}, x0,
		&optimize.Settings{FuncEvaluations: *iter}, &optimize.NelderMead{SimplexSize: 0.3})
	if err != nil && res == nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if *measure {
		res.X, res.F = x0, loss(x0)
	}
	fmt.Printf("loss %.5f after %d evaluations\n", res.F, res.Stats.FuncEvaluations)
	for i, k := range knobs {
		fmt.Printf("%-26s %.6g\n", k.name, math.Exp(res.X[i]))
	}
	v := eval(apply(res.X))
	for _, t := range sim.CalibrationTargets {
		fmt.Printf("%-26s target %8.2f simulated %8.2f\n", t.Metric, t.Value, sim.TargetValue(t.Metric, v))
	}
	for _, t := range sim.CensusTargets {
		fmt.Printf("%-30s target %8.3f simulated %8.3f\n", t.Metric, t.Value, sim.TargetValue(t.Metric, v))
	}
	fmt.Printf("emergency share %.3f\n", v[emergency]/v[care])
	// the steady state of need, for need.initial_shares
	m := sim.New(apply(res.X), *seed, 0, nil)
	m.Run()
	st := m.State()
	fmt.Printf("need.initial_shares          %.4f\n", st.Shares)
	fmt.Printf("need.initial_shares_deprived %.4f\n", st.SharesDeprived)
	fmt.Printf("pipeline.initial_need_cin    %.4f\n", st.NeedCIN)
	fmt.Printf("pipeline.initial_need_cp     %.4f\n", st.NeedCP)
	fmt.Printf("pipeline.initial_need_cla    %.4f\n", st.NeedCLA)
	fmt.Printf("stocks at the end per 10k: CIN %.1f, CP %.1f, looked after %.1f\n", st.CIN, st.CP, st.CLA)
}
