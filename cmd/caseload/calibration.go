package main

import (
	"fmt"
	"io"
	"math"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// newCalibrationCommand prints the calibration targets of MODEL.md §5
// beside what a scenario (normally the baseline) simulates, as Markdown.
func newCalibrationCommand(stdout io.Writer, env []string) *cobra.Command {
	var o runOptions
	c := &cobra.Command{
		Use:   "calibration [SCENARIO.yaml]",
		Short: "Compare a scenario (default: the baseline) with the published figures it is calibrated to",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			if err := o.check(); err != nil {
				return err
			}
			path := "scenarios/baseline.yaml"
			if len(args) == 1 {
				path = args[0]
			}
			sc, err := config.Load(path, env, o.overrides())
			if err != nil {
				return err
			}
			outs := batch.Replicate([]sim.Params{sc.Params}, o.seed, o.reps, o.workers)[0].Outcomes
			writeCalibration(stdout, path, o, outs)
			return nil
		},
	}
	o.addFlags(c)
	return c
}

// writeCalibration prints the calibration report as a Markdown page: for
// the baseline with --reps 20 it is docs/calibration.md, byte for byte.
func writeCalibration(w io.Writer, path string, o runOptions, outs []sim.Outcome) {
	fmt.Fprintf(w, `# Calibration: target beside simulated

Scenario %s against the figures for England of MODEL.md §5, per 10,000
children aged 0–17 a year, over the measured years after the warm-up; %d
replications, seed %d; tolerance ±%.0f%%. Regenerate with:

`+"```"+`
go run ./cmd/caseload calibration --reps %d > docs/calibration.md
`+"```"+`

TestCalibration (cmd/caseload) checks that docs/calibration.md is this
output; the calibration tests in package sim assert every figure within
the tolerance on every `+"`make test`"+`. The fitted parameters and how they
were fitted are in [MODEL.md](MODEL.md) §3.9.

`, path, o.reps, o.seed, 100*sim.CalibrationTolerance, o.reps)
	fmt.Fprintln(w, "| figure | target | simulated (95% interval) | difference | within tolerance | source |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | :---: | --- |")
	for _, t := range sim.CalibrationTargets {
		x := make([]float64, len(outs))
		for r, out := range outs {
			x[r] = sim.TargetValue(t.Metric, out.Values)
		}
		mean, sd := stat.MeanStdDev(x, nil)
		interval := "–"
		if len(x) > 1 {
			h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(x) - 1)}.Quantile(0.975) * sd / math.Sqrt(float64(len(x)))
			interval = fmt.Sprintf("%s–%s", num(mean-h), num(mean+h))
		}
		rel := mean/t.Value - 1
		ok := "yes"
		if math.Abs(rel) > sim.CalibrationTolerance {
			ok = "**no**"
		}
		fmt.Fprintf(w, "| `%s` | %s | %s (%s) | %+.1f%% | %s | %s |\n", t.Metric, num(t.Value), num(mean), interval, 100*rel, ok, t.Source)
	}
	fmt.Fprintf(w, `
## Census figures the model is measured against

The figures of the CIN census and the looked-after statistics beyond the
nine above (sim.CensusTargets): counts and rates within ±%.0f%%, shares of
age and duration bands within the percentage points shown. Misses are
shown as they are; MODEL.md §4.2 sets each census definition beside the
model's.

`, 100*sim.CalibrationTolerance)
	fmt.Fprintln(w, "| figure | target | simulated (95% interval) | difference | tolerance | within | source |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | :---: | --- |")
	for _, t := range sim.CensusTargets {
		x := make([]float64, len(outs))
		for r, out := range outs {
			x[r] = sim.TargetValue(t.Metric, out.Values)
		}
		mean, sd := stat.MeanStdDev(x, nil)
		interval := "–"
		if len(x) > 1 {
			h := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(len(x) - 1)}.Quantile(0.975) * sd / math.Sqrt(float64(len(x)))
			interval = fmt.Sprintf("%s–%s", num(mean-h), num(mean+h))
		}
		diff, tol := fmt.Sprintf("%+.1f%%", 100*(mean/t.Value-1)), fmt.Sprintf("±%.0f%%", 100*sim.CalibrationTolerance)
		if t.Points > 0 {
			diff, tol = fmt.Sprintf("%+.1f pp", 100*(mean-t.Value)), fmt.Sprintf("±%.0f pp", 100*t.Points)
		}
		ok := "yes"
		if !t.Within(mean) {
			ok = "**no**"
		}
		fmt.Fprintf(w, "| `%s` | %s | %s (%s) | %s | %s | %s | %s |\n", t.Metric, num(t.Value), num(mean), interval, diff, tol, ok, t.Source)
	}
}

func num(x float64) string {
	if math.Abs(x) < 10 {
		return fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%.1f", x)
}
