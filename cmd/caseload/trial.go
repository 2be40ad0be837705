package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
	"github.com/caseload/caseload/trial"
	"github.com/spf13/cobra"
)

// trialOptions are the flags of trial.
type trialOptions struct {
	simLimit
	shardOptions
	spec    trial.Spec
	schools []int // --schools: one size, or several for a power curve
	las     []int // --las: one for every size, or one per size
	out     string
	resume  string
	sets    []string
	workers int
	quiet   bool
}

func (o *trialOptions) addFlags(c *cobra.Command) {
	f := c.Flags()
	f.IntSliceVar(&o.schools, "schools", nil, fmt.Sprintf("schools randomised in each trial, over all its LAs, 2 to %d (0 or none: every eligible school of one LA); a list such as 100,268,600 draws a power curve (power.csv)", maxSchools))
	f.IntSliceVar(&o.las, "las", nil, fmt.Sprintf("local authorities the schools come from, 1 to %d (0 or none: as few as hold them); with a list of sizes, one for all or one per size", maxLAs))
	f.IntVar(&o.spec.Years, "years", 2, fmt.Sprintf("years of follow-up from randomisation (1 to %d)", maxYears))
	f.StringVar(&o.spec.Outcome, "outcome", "s47_enquiries", "the outcome: "+strings.Join(sim.SchoolFlowNames[:], ", "))
	f.IntVar(&o.spec.Trials, "trials", 100, fmt.Sprintf("simulated trials (1 to %d)", maxTrials))
	f.IntVar(&o.spec.Bands, "bands", 2, fmt.Sprintf("deprivation strata within each LA (1 to %d)", maxBands))
	f.BoolVar(&o.spec.Baseline, "baseline", true, "adjust the estimate for each school's rate before the trial")
	f.StringVar(&o.spec.Team, "team", "", "the scenario's team to evaluate (needed when it has several)")
	f.Uint64Var(&o.spec.Seed, "seed", 1, "master seed, 0 to 18446744073709551615; every random draw derives from it")
	f.StringVar(&o.out, "out", "", "results folder (default results/trial-<scenario>-seed<seed>)")
	f.StringVar(&o.resume, "resume", "", "finish a stopped trial run in this folder without redoing its finished trials")
	addSetAndLAFlags(c, &o.sets)
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), fmt.Sprintf("runs in parallel (1 to %d)", maxWorkers))
	f.BoolVar(&o.quiet, "quiet", false, "no progress bar and no table")
	o.simLimit.addFlags(c)
	o.addShardFlags(c)
}

// check bounds the numbers trial.New does not: those that size memory.
func (o trialOptions) check() error {
	checks := []error{
		intIn("workers", o.workers, 1, maxWorkers),
		intIn("trials", o.spec.Trials, 1, maxTrials),
		intIn("years", o.spec.Years, 1, maxYears),
		intIn("bands", o.spec.Bands, 1, maxBands),
	}
	for _, n := range o.las {
		checks = append(checks, intIn("las", n, 0, maxLAs))
	}
	for _, n := range o.schools {
		checks = append(checks, intIn("schools", n, 0, maxSchools))
	}
	if len(o.las) > 1 && len(o.las) != len(o.schools) {
		checks = append(checks, usageError{fmt.Errorf("--las %s: expected one number, or one per size of --schools (%d)", joinInts(o.las, ","), len(o.schools))})
	}
	return firstError(checks)
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func newTrialCommand(g globals) *cobra.Command {
	var o trialOptions
	c := &cobra.Command{
		Use:   "trial SCENARIO.yaml --schools N --years Y --outcome METRIC --trials T",
		Short: "Virtual cluster-randomised trials of a school-based team: estimates, power and bias",
		Long: `trial evaluates the scenario's school-based team as a cluster-randomised
trial would (the SWIS trial, docs/MODEL.md §3.8). In each simulated trial, N
eligible schools (of the team's school types) are drawn from copies of the
scenario's LA, randomised half to the team and half to usual practice within
strata of LA and deprivation, and followed for Y years. The incidence rate
ratio of the outcome per 1,000 pupils is estimated by Poisson regression
with stratum effects (and, with --baseline, each school's rate before the
trial) and a cluster-robust 95% interval. Every trial is also run with no
team anywhere on the same random numbers, so the effect the model actually
produced is known. Over T trials it reports the power, the spread of the
estimates, their bias and the coverage of their intervals.`,
		Example: `  caseload trial scenarios/embedded.yaml --schools 40 --years 2 --trials 200
  (every key --set takes: caseload params)`,
		Args: exactScenarios(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outGiven(cmd.Flags(), o.out); err != nil {
				return err
			}
			if err := o.resolve(cmd, args, g); err != nil {
				return err
			}
			return shardEnd(runTrial(cmd.Context(), o, g, args))
		},
	}
	o.addFlags(c)
	return c
}

func runTrial(ctx context.Context, o trialOptions, g globals, args []string) error {
	scenario := args[0]
	if err := o.check(); err != nil {
		return err
	}
	if o.merge != "" {
		if o.resume != "" || o.out != "" {
			return usageError{errors.New("--merge takes no --out or --resume")}
		}
		o.resume = o.merge
	}
	if o.shardOf.on() && o.resume != "" {
		return usageError{errors.New("--shard and --resume: a shard finishes its own trials when run again with the same --shard and --out")}
	}
	sc, err := config.Load(scenario, g.env, o.sets)
	if err == nil {
		err = checkLoaded(g.env, sc)
	}
	if err != nil {
		return err
	}
	if len(o.schools) > 1 {
		if err := o.refuseShard("a power curve (--schools with several sizes)",
			"its sizes share their counterfactual runs, and its trials are kept by size, not as one shard's items"); err != nil {
			return err
		}
		return runPowerCurve(ctx, o, g, scenario, sc)
	}
	o.spec.Schools, o.spec.LAs = first(o.schools), first(o.las)
	d, err := trial.New(sc.Params, o.spec)
	var te *trial.Error
	if errors.As(err, &te) {
		return usageError{fmt.Errorf("%s: %w", scenario, err)}
	} else if err != nil {
		return err
	}
	if err := o.simLimit.check(mulCap(int64(d.Trials), int64(d.LAs), 2),
		fmt.Sprintf("%d trials × %d LAs × 2 arms", d.Trials, d.LAs)); err != nil {
		return err
	}
	dir, err := resultsFolder(o.out, o.resume, "trial", scenario, o.spec.Seed)
	if err != nil {
		return err
	}
	d.Identity = o.identity
	items := d.Folder(dir, buildID())
	topt := trial.Options{Workers: o.workers, Dir: dir, Resume: o.resume != "", Stop: ctx.Done(), Build: buildID()}
	var out *outdir.Folder
	if s := o.shardOf; s.on() {
		// a shard: the folder is shared; its state is checked (or
		// written) under the folder's lock, then the shard keeps its own
		if out, err = openShardOut(dir, s.k); err != nil {
			return err
		}
		err = items.OpenShared(g.shardInvocation(o.shardOptions))
		out.ReleaseFolder()
		if err != nil {
			out.Close()
			return usageError{err}
		}
		topt.Shared, topt.Only = true, s.mine
	} else {
		if out, err = openOut(dir); err != nil {
			return err
		}
		if err := items.Check(o.resume != ""); err != nil {
			out.Close()
			return usageError{err}
		}
		topt.Log = g.invocation(o.resume != "")
	}
	defer out.Close()
	bar := outdir.NewProgress(g.stderr, o.quiet)
	topt.Progress = bar.Update
	res, err := trial.Run(d, topt)
	bar.Finish()
	if folderError(err) {
		return usageError{err}
	}
	if errors.Is(err, batch.ErrStopped) && o.shardOf.on() {
		return errInterrupted{fmt.Sprintf("stopped: %d of %d trials finished and kept in %s; run shard %s again to finish its trials",
			items.Finished(), d.Trials, dir, o.shardOf)}
	}
	if err == nil && o.shardOf.on() {
		shardDone(g, o.shardOf, items, "trials")
		return nil
	}
	if errors.Is(err, batch.ErrStopped) {
		return errInterrupted{fmt.Sprintf("stopped: %d of %d trials finished and kept in %s; finish with: caseload %s --resume %s",
			items.Finished(), d.Trials, dir, strings.Join(g.args, " "), dir)}
	}
	if err != nil {
		return err
	}
	as := make([]trial.Analysis, len(res))
	for i, r := range res {
		as[i] = d.Analyse(r)
	}
	sum := d.Summarise(as)
	files := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"trials.csv", func(w io.Writer) error { return trial.WriteTrialsCSV(w, as) }},
		{"schools.csv", func(w io.Writer) error { return trial.WriteSchoolsCSV(w, res) }},
		{"summary.csv", func(w io.Writer) error { return trial.WriteSummaryCSV(w, sum) }},
	}
	for _, f := range files {
		if err := outdir.WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	m := outdir.Manifest{Kind: "trial", Scenario: scenario, Sets: o.sets, Seed: d.Spec.Seed,
		Design: d.Spec, Team: d.TeamName, PerLA: d.PerLA, Version: version(), GoVersion: goVersion(), Arch: arch(),
		Config: config.Resolved(sc.Params), Place: sc.Place, Notes: sc.Notes}
	if err := outdir.WriteJSON(filepath.Join(dir, results.ManifestJSON), m); err != nil {
		return err
	}
	if err := report.Build(dir); err != nil {
		return err
	}
	if !o.quiet {
		if err := d.Table(g.stdout, sum); err != nil {
			return err
		}
		if err := writeScenarioNotes(g.stdout, sc); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.stdout, "results written to %s\n", dir)
	return nil
}
