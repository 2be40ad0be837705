package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
)

// newCalibrationCommand prints the calibration targets of MODEL.md §5
// beside what a scenario (normally the baseline) simulates, as Markdown.
func newCalibrationCommand(g globals) *cobra.Command {
	var o runOptions
	var fo fitOptions
	c := &cobra.Command{
		Use:   "calibration [SCENARIO.yaml]",
		Short: "Compare a scenario (default: the baseline) with the published figures it is calibrated to",
		Long: `calibration prints, as Markdown, each published figure for England it is
calibrated to (docs/calibration.md) beside what the scenario simulates. The
default scenario is scenarios/baseline.yaml, looked for in the working
folder and then beside the program (bin/caseload finds ../scenarios).
With --out it also writes a results folder: calibration.md beside a run's
files (summary.csv, weekly.csv, manifest.json, ...) and report; --quiet
prints no table.

With --la NAME (or la.area in the scenario) it prints the LA's own
published figures (per 10,000 children; a suppressed one from its
statistical neighbours, with a note) beside what the LA simulates, with
95% intervals and the LA's tolerance.

With --fit-las it fits the parameters of every LA to its own figures and
writes the fitted table (dfe/fitted.csv, shipped in the program when it is
rebuilt; make calibrate-las); with --la as well, only that LA's row.`,
		Example: `  caseload calibration --reps 20 > docs/calibration.md
  caseload calibration --la Stockport --reps 8
  caseload calibration --fit-las          (make calibrate-las; minutes)
  caseload calibration scenarios/baseline.yaml --set need.onset=0.003 --out results/calibration
  (every key --set takes: caseload params)`,
		Args: atMost(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if fo.on {
				return runFitLAs(cmd.Context(), o, fo, g, args)
			}
			if cmd.Flags().Changed("fit-out") {
				return usageError{fmt.Errorf("--fit-out %s: taken only with --fit-las, which writes the fitted table", fo.out)}
			}
			return runCalibration(cmd.Context(), o, g, args)
		},
	}
	o.addFlags(c, 20)
	fo.addFlags(c)
	c.Flags().Lookup("out").Usage = "also write a results folder: calibration.md beside a run's files and report (default: print only)"
	return c
}

// defaultScenario is the baseline scenario, found from the working
// folder or from the program's own folder.
func defaultScenario() (string, error) {
	const rel = "scenarios/baseline.yaml"
	tried := []string{rel}
	if fi, err := os.Stat(rel); err == nil && fi.Mode().IsRegular() {
		return rel, nil
	}
	if exe, err := os.Executable(); err == nil {
		dir := filepath.Dir(exe)
		for _, p := range []string{filepath.Join(dir, "..", rel), filepath.Join(dir, rel)} {
			tried = append(tried, p)
			if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() {
				return p, nil
			}
		}
	}
	return "", usageError{fmt.Errorf("no default scenario: %s not found (tried %s); run from the caseload folder, or name the scenario: caseload calibration path/to/baseline.yaml",
		rel, strings.Join(tried, ", "))}
}

func runCalibration(ctx context.Context, o runOptions, g globals, args []string) error {
	if err := o.check(); err != nil {
		return err
	}
	path := ""
	if len(args) == 1 {
		path = args[0]
	} else {
		p, err := defaultScenario()
		if err != nil {
			return err
		}
		path = p
	}
	sc, err := config.Load(path, g.env, o.overrides())
	if err == nil {
		err = checkLoaded(g.env, sc)
	}
	if err != nil {
		return err
	}
	if err := o.simLimit.check(mulCap(int64(o.reps), units(sc.Params)), fmt.Sprintf("%d replications%s", o.reps, lasPart([]sim.Params{sc.Params}))); err != nil {
		return err
	}
	var out *outdir.Folder
	if o.out != "" {
		if out, err = openOut(o.out); err != nil {
			return err
		}
		defer out.Close()
		if err := results.CheckFolder(out, calibrationMD); err != nil {
			return usageError{err}
		}
	}
	res, err := batch.Run([]sim.Params{sc.Params}, o.seed, o.reps, batch.Options{Workers: o.workers, Stop: ctx.Done()})
	if errors.Is(err, batch.ErrStopped) {
		return errInterrupted{"stopped before the end: nothing written"}
	}
	if err != nil {
		return err
	}
	outs := res[0].Outcomes
	if out != nil {
		if err := writeCalibrationFolder(out, path, o, sc, outs, g); err != nil {
			return fmt.Errorf("writing results: %w", err)
		}
	}
	if !o.quiet {
		if sc.Area != nil && sc.Params.National.LAs == 0 {
			writeLACalibration(g.stdout, path, o, sc, outs)
		} else {
			writeCalibration(g.stdout, path, o, outs)
		}
	}
	if out != nil {
		fmt.Fprintf(g.stderr, "results written to %s\n", o.out)
	}
	return nil
}

// calibrationMD is the report in a calibration results folder.
const calibrationMD = results.CalibrationMD

// writeCalibrationFolder writes the calibration folder atomically: the
// files of a run of the scenario (summary, weekly and replication results,
// the report rendered from them) and calibration.md, the table printed.
func writeCalibrationFolder(out *outdir.Folder, path string, o runOptions, sc *config.Scenario, outs []sim.Outcome, g globals) error {
	p := sc.Params
	cfg := config.Resolved(p)
	rep := results.Summarize([]results.Scenario{{Name: p.Name, File: path, Children: childrenOf(p), Config: cfg, Outcomes: outs,
		Place: sc.Place, Notes: sc.Notes}})
	m := outdir.Manifest{Kind: "calibration", Scenario: path, Sets: o.overrides(), Seed: o.seed, Reps: o.reps, Years: p.Years,
		Version: version(), GoVersion: goVersion(), Arch: arch(), Config: cfg}
	var md bytes.Buffer
	if sc.Area != nil && p.National.LAs == 0 {
		writeLACalibration(&md, path, o, sc, outs)
	} else {
		writeCalibration(&md, path, o, outs)
	}
	if err := rep.AddFiles(results.File{Name: calibrationMD, Data: md.Bytes()}); err != nil {
		return err
	}
	return rep.WriteTo(out, m, g.invocation(false))
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
		mean, interval := targetStat(t.Metric, outs)
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
shown as they are; MODEL.md §3.12 sets each census definition beside the
model's.

`, 100*sim.CalibrationTolerance)
	fmt.Fprintln(w, "| figure | target | simulated (95% interval) | difference | tolerance | within | source |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | :---: | --- |")
	for _, t := range sim.CensusTargets {
		mean, interval := targetStat(t.Metric, outs)
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

// targetStat is a calibration figure's mean over the replications and its
// 95% interval, written as the table shows it: the interval its kind
// chooses (results.DescribeMetric), as summary.csv gives it.
func targetStat(metric string, outs []sim.Outcome) (mean float64, interval string) {
	x := make([]float64, len(outs))
	for r, out := range outs {
		x[r] = sim.TargetValue(metric, out.Values)
	}
	d := results.DescribeMetric(sim.TargetKind(metric), x)
	if len(x) < 2 {
		return d.Mean, "–"
	}
	return d.Mean, fmt.Sprintf("%s–%s", num(d.Lo), num(d.Hi))
}
