package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/explore"
	"github.com/caseload/caseload/sim"
	"github.com/caseload/caseload/trial"
	"github.com/spf13/cobra"
)

// trialOptions are the flags of trial.
type trialOptions struct {
	spec    trial.Spec
	out     string
	resume  string
	sets    []string
	workers int
	quiet   bool
}

func (o *trialOptions) addFlags(c *cobra.Command) {
	f := c.Flags()
	f.IntVar(&o.spec.Schools, "schools", 0, "schools randomised in each trial, over all its LAs (default: every eligible school of one LA)")
	f.IntVar(&o.spec.LAs, "las", 0, "local authorities the schools come from (default: as few as hold them)")
	f.IntVar(&o.spec.Years, "years", 2, "years of follow-up from randomisation")
	f.StringVar(&o.spec.Outcome, "outcome", "s47_enquiries", "the outcome: "+strings.Join(sim.SchoolFlowNames[:], ", "))
	f.IntVar(&o.spec.Trials, "trials", 100, "simulated trials")
	f.IntVar(&o.spec.Bands, "bands", 2, "deprivation strata within each LA")
	f.BoolVar(&o.spec.Baseline, "baseline", true, "adjust the estimate for each school's rate before the trial")
	f.StringVar(&o.spec.Team, "team", "", "the scenario's team to evaluate (needed when it has several)")
	f.Uint64Var(&o.spec.Seed, "seed", 1, "master seed; every random draw derives from it")
	f.StringVar(&o.out, "out", "", "results folder (default results/trial-<scenario>-seed<seed>)")
	f.StringVar(&o.resume, "resume", "", "finish a stopped trial run in this folder without redoing its finished trials")
	f.StringArrayVar(&o.sets, "set", nil, "override a config key: --set key=value (repeatable)")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "runs in parallel")
	f.BoolVar(&o.quiet, "quiet", false, "no progress bar and no table")
}

// trialManifest records how a trial run was made, to repeat it.
type trialManifest struct {
	Command   []string       `json:"command"`
	Kind      string         `json:"kind"`
	Scenario  string         `json:"scenario"`
	Sets      []string       `json:"sets"`
	Design    trial.Spec     `json:"design"`
	Team      string         `json:"team"`
	PerLA     []int          `json:"schools_per_la"`
	Version   string         `json:"version"`
	GoVersion string         `json:"go_version"`
	Config    map[string]any `json:"config"`
}

func newTrialCommand(stdout, stderr io.Writer, args, env []string) *cobra.Command {
	var o trialOptions
	c := &cobra.Command{
		Use:   "trial SCENARIO.yaml --schools N --years Y --outcome METRIC --trials T",
		Short: "Virtual cluster-randomised trials of a school-based team: estimates, power and bias",
		Long: `trial evaluates the scenario's school-based team as a cluster-randomised
trial would (the SWIS trial, MODEL.md §6). In each simulated trial, N
eligible schools (of the team's school types) are drawn from copies of the
scenario's LA, randomised half to the team and half to usual practice within
strata of LA and deprivation, and followed for Y years. The incidence rate
ratio of the outcome per 1,000 pupils is estimated by Poisson regression
with stratum effects (and, with --baseline, each school's rate before the
trial) and a cluster-robust 95% interval. Every trial is also run with no
team anywhere on the same random numbers, so the effect the model actually
produced is known. Over T trials it reports the power, the spread of the
estimates, their bias and the coverage of their intervals.`,
		Args: exactScenarios(1),
		RunE: func(_ *cobra.Command, pos []string) error {
			return runTrial(stdout, stderr, pos[0], env, o, args)
		},
	}
	o.addFlags(c)
	return c
}

func runTrial(stdout, stderr io.Writer, scenario string, env []string, o trialOptions, args []string) error {
	if o.workers < 1 {
		return usageError{fmt.Errorf("--workers %d: expected at least 1", o.workers)}
	}
	sc, err := config.Load(scenario, env, o.sets)
	if err != nil {
		return err
	}
	d, err := trial.New(sc.Params, o.spec)
	var te *trial.Error
	if errors.As(err, &te) {
		return usageError{fmt.Errorf("%s: %w", scenario, err)}
	} else if err != nil {
		return err
	}
	dir, err := resultsFolder(o.out, o.resume, "trial", scenario, o.spec.Seed)
	if err != nil {
		return err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	bar := explore.NewProgress(stderr, o.quiet)
	res, err := trial.Run(d, trial.Options{Workers: o.workers, Dir: dir, Resume: o.resume != "", Stop: ctx.Done(), Progress: bar.Update})
	bar.Finish()
	if folderError(err) {
		return usageError{err}
	}
	if errors.Is(err, batch.ErrStopped) {
		done := explore.Folder{Dir: dir, Items: "trials"}.Finished()
		return errInterrupted{fmt.Sprintf("stopped: %d of %d trials finished and kept in %s; finish with: caseload %s --resume %s",
			done, d.Trials, dir, strings.Join(args, " "), dir)}
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
		if err := explore.WriteFile(filepath.Join(dir, f.name), f.write); err != nil {
			return err
		}
	}
	m := trialManifest{Command: append([]string{"caseload"}, args...), Kind: "trial", Scenario: scenario, Sets: o.sets,
		Design: d.Spec, Team: d.TeamName, PerLA: d.PerLA, Version: version(), GoVersion: goVersion(),
		Config: config.Resolved(sc.Params)}
	if err := explore.WriteJSON(filepath.Join(dir, "manifest.json"), m); err != nil {
		return err
	}
	if !o.quiet {
		if err := d.Table(stdout, sum); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "results written to %s\n", dir)
	return nil
}
