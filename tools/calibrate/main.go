// Command calibrate fits the free parameters of the need process, the
// referral routes and the pipeline so that the baseline scenario reproduces
// the MODEL.md §5 figures (sim.CalibrationTargets) and the census figures
// (sim.CensusTargets). It prints the fitted
// values; the defaults in sim/defaults.go come from runs of it:
//
//	go run ./tools/calibrate -reps 4 -iter 400
//	go run ./tools/calibrate -reps 4 -iter 300 -only pipeline.cin_length,pipeline.cin_end_high,statutory.posts
//
// -only fits the named knobs (names or prefixes, each naming at least
// one) and holds the rest at the defaults; -measure reports the defaults,
// as they are, against the targets. Both
// end with the steady state the fitted values start from (the mean over
// the replications of the state at the end), for need.initial_shares and
// pipeline.initial_*.
package main

import (
	"flag"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
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
	// the bands of pipeline.cin_length, as weights: apply scales them to
	// shares
	{"pipeline.cin_length[0]", func(p *sim.Params) *float64 { return &p.Pipeline.CINLength[0] }},
	{"pipeline.cin_length[1]", func(p *sim.Params) *float64 { return &p.Pipeline.CINLength[1] }},
	{"pipeline.cin_length[2]", func(p *sim.Params) *float64 { return &p.Pipeline.CINLength[2] }},
	{"pipeline.cin_length[3]", func(p *sim.Params) *float64 { return &p.Pipeline.CINLength[3] }},
	{"pipeline.cin_length[4]", func(p *sim.Params) *float64 { return &p.Pipeline.CINLength[4] }},
}

// minBand is the least weight a band of pipeline.cin_length starts the
// search from: the search is on a log scale, where a band of 0 could not
// move.
const minBand = 0.01

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
	only := flag.String("only", "", "comma-separated knob names or prefixes (pipeline.cin_length, statutory.posts): fit only these, holding the rest at the defaults")
	flag.Parse()
	if *only != "" {
		var names, unknown []string
		for _, pre := range strings.Split(*only, ",") {
			if pre = strings.TrimSpace(pre); pre != "" {
				names = append(names, pre)
			}
		}
		named := func(k knob) bool {
			return slices.ContainsFunc(names, func(pre string) bool { return strings.HasPrefix(k.name, pre) })
		}
		kept := slices.DeleteFunc(slices.Clone(knobs), func(k knob) bool { return !named(k) })
		// every name must name a knob: a misspelt one among good ones
		// would otherwise leave its knob held without a word
		for _, pre := range names {
			if !slices.ContainsFunc(knobs, func(k knob) bool { return strings.HasPrefix(k.name, pre) }) {
				unknown = append(unknown, pre)
			}
		}
		if len(kept) == 0 || len(unknown) > 0 {
			what := *only
			if len(unknown) > 0 {
				what = strings.Join(unknown, ",")
			}
			fmt.Fprintf(os.Stderr, "calibrate: -only: %q names no knob; the knobs are:\n", what)
			for _, k := range knobs {
				fmt.Fprintln(os.Stderr, "  "+k.name)
			}
			os.Exit(2)
		}
		knobs = kept
	}
	base := sim.Defaults()
	x0 := make([]float64, len(knobs))
	for i, k := range knobs {
		v := *k.get(&base)
		if strings.HasPrefix(k.name, "pipeline.cin_length") {
			v = math.Max(minBand, v)
		}
		x0[i] = math.Log(v)
	}
	apply := func(x []float64) sim.Params {
		p := sim.Defaults()
		if *measure {
			// the defaults as they are: x0 starts a band of cin_length
			// under minBand at minBand
			p.WarmupWeeks = *warmup
			return p
		}
		p.Referral.School = base.Referral.School
		p.Referral.Other = base.Referral.Other
		for i, k := range knobs {
			*k.get(&p) = math.Exp(x[i])
		}
		// level 3 referral rates keep their ratio to level 2
		p.Referral.School[3] = p.Referral.School[2] * base.Referral.School[3] / base.Referral.School[2]
		p.Referral.Other[3] = p.Referral.Other[2] * base.Referral.Other[3] / base.Referral.Other[2]
		p.Pipeline.S47ToICPC = math.Min(0.99, p.Pipeline.S47ToICPC)
		var t float64
		for _, w := range p.Pipeline.CINLength {
			t += w
		}
		for b := range p.Pipeline.CINLength {
			p.Pipeline.CINLength[b] /= t
		}
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
	best := apply(res.X)
	for _, k := range knobs {
		fmt.Printf("%-26s %.6g\n", k.name, *k.get(&best))
	}
	v := eval(apply(res.X))
	for _, t := range sim.CalibrationTargets {
		fmt.Printf("%-26s target %8.2f simulated %8.2f\n", t.Metric, t.Value, sim.TargetValue(t.Metric, v))
	}
	for _, t := range sim.CensusTargets {
		fmt.Printf("%-30s target %8.3f simulated %8.3f\n", t.Metric, t.Value, sim.TargetValue(t.Metric, v))
	}
	fmt.Printf("emergency share %.3f\n", v[emergency]/v[care])
	// the steady state, for need.initial_shares and the starting stocks:
	// the mean over the replications of the state at the end of each
	st := startMean(apply(res.X), *seed, *reps)
	fmt.Printf("need.initial_shares          %.4f\n", st.Shares)
	fmt.Printf("need.initial_shares_deprived %.4f\n", st.SharesDeprived)
	fmt.Printf("pipeline.initial_need_cin    %.4f\n", st.NeedCIN)
	fmt.Printf("pipeline.initial_need_cp     %.4f\n", st.NeedCP)
	fmt.Printf("pipeline.initial_need_cla    %.4f\n", st.NeedCLA)
	fmt.Printf("pipeline.initial_cin %.1f, initial_cp %.1f, initial_cla %.1f (per 10k)\n", st.CIN, st.CP, st.CLA)
}

// startMean is the mean of the models' states at the end of reps
// replications (sim.StartState): stocks per 10k and shares of need, each
// averaged.
func startMean(p sim.Params, seed uint64, reps int) sim.StartState {
	var sum sim.StartState
	add := func(dst *[4]float64, x [4]float64) {
		for k := range x {
			dst[k] += x[k] / float64(reps)
		}
	}
	for r := range reps {
		m := sim.New(p, seed, r, nil)
		m.Run()
		st := m.State()
		sum.CIN += st.CIN / float64(reps)
		sum.CP += st.CP / float64(reps)
		sum.CLA += st.CLA / float64(reps)
		add(&sum.Shares, st.Shares)
		add(&sum.SharesDeprived, st.SharesDeprived)
		add(&sum.NeedCIN, st.NeedCIN)
		add(&sum.NeedCP, st.NeedCP)
		add(&sum.NeedCLA, st.NeedCLA)
	}
	return sum
}
