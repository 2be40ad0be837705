package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/explore"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
)

// exitInterrupted is the status of a run stopped by Ctrl-C (128 + SIGINT).
const exitInterrupted = 130

// errInterrupted reports a stopped run whose finished points are kept.
type errInterrupted struct{ msg string }

func (e errInterrupted) Error() string { return e.msg }

// exploreOptions are the flags shared by sweep, sensitivity and size.
type exploreOptions struct {
	runOptions
	resume string
}

func (o *exploreOptions) addFlags(c *cobra.Command) {
	o.runOptions.addFlags(c)
	c.Flags().Lookup("reps").DefValue = "10"
	o.reps = 10
	c.Flags().StringVar(&o.resume, "resume", "", "finish a stopped run in this folder without redoing its finished points")
}

// folder is where the run writes: --resume's folder, --out, or a default.
func (o *exploreOptions) folder(kind, scenario string) (string, error) {
	return resultsFolder(o.out, o.resume, kind, scenario, o.seed)
}

// resultsFolder is where a resumable run writes: the folder --resume
// names, --out, or results/<kind>-<scenario>-seed<seed>.
func resultsFolder(out, resume, kind, scenario string, seed uint64) (string, error) {
	if resume != "" {
		if out != "" && filepath.Clean(out) != filepath.Clean(resume) {
			return "", usageError{fmt.Errorf("--out %s and --resume %s name different folders", out, resume)}
		}
		return resume, nil
	}
	if out != "" {
		return out, nil
	}
	name := strings.TrimSuffix(filepath.Base(scenario), filepath.Ext(scenario))
	return filepath.Join("results", fmt.Sprintf("%s-%s-seed%d", kind, name, seed)), nil
}

// manifest records how an exploration was made, to repeat it.
type manifest struct {
	Command   []string          `json:"command"`
	Kind      string            `json:"kind"`
	Scenario  string            `json:"scenario"`
	Sets      []string          `json:"sets"`
	Design    *explore.Design   `json:"design,omitempty"`
	Factors   []explore.Factor  `json:"factors"`
	Points    []explore.Point   `json:"points"`
	Seed      uint64            `json:"seed"`
	Reps      int               `json:"reps"`
	Version   string            `json:"version"`
	GoVersion string            `json:"go_version"`
	Config    map[string]any    `json:"config"`
	Extra     map[string]string `json:"extra,omitempty"`
}

// runJob prepares, runs (or resumes) and returns the points of a job,
// with Ctrl-C stopping it cleanly.
func runJob(stderr io.Writer, j explore.Job, o exploreOptions, again string) ([]explore.PointResult, []sim.Params, error) {
	params, err := explore.Prepare(j)
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	bar := explore.NewProgress(stderr, o.quiet)
	j.Stop, j.Progress = ctx.Done(), bar.Update
	res, err := explore.Run(j, params, o.resume != "")
	bar.Finish()
	if folderError(err) {
		return nil, nil, usageError{err}
	}
	if errors.Is(err, batch.ErrStopped) {
		done := explore.Folder{Dir: j.Dir, Items: "points"}.Finished()
		return nil, nil, errInterrupted{fmt.Sprintf("stopped: %d of %d points finished and kept in %s; finish with: %s --resume %s",
			done, len(j.Points), j.Dir, again, j.Dir)}
	}
	return res, params, err
}

// folderError reports an unusable results folder: bad input, found
// before anything ran.
func folderError(err error) bool {
	return errors.Is(err, explore.ErrOtherJob) || errors.Is(err, explore.ErrNoRun) ||
		errors.Is(err, explore.ErrFolderInUse)
}

func (o exploreOptions) job(kind, scenario string, env []string) (explore.Job, error) {
	if err := o.check(); err != nil {
		return explore.Job{}, err
	}
	dir, err := o.folder(kind, scenario)
	if err != nil {
		return explore.Job{}, err
	}
	return explore.Job{Kind: kind, Scenario: scenario, Env: env, Sets: o.overrides(),
		Seed: o.seed, Reps: o.reps, Workers: o.workers, Dir: dir}, nil
}

func writeManifest(j explore.Job, d *explore.Design, params []sim.Params, args []string, extra map[string]string) error {
	m := manifest{Command: append([]string{"caseload"}, args...), Kind: j.Kind, Scenario: j.Scenario, Sets: j.Sets,
		Design: d, Factors: j.Factors, Points: j.Points, Seed: j.Seed, Reps: j.Reps,
		Version: version(), GoVersion: goVersion(), Extra: extra}
	if len(params) > 0 {
		base, err := config.Load(j.Scenario, j.Env, j.Sets)
		if err != nil {
			return err
		}
		m.Config = config.Resolved(base.Params)
	}
	return explore.WriteJSON(filepath.Join(j.Dir, "manifest.json"), m)
}

func newSweepCommand(stdout, stderr io.Writer, args, env []string) *cobra.Command {
	var o exploreOptions
	var design string
	c := &cobra.Command{
		Use:   "sweep SCENARIO.yaml --design DESIGN.yaml",
		Short: "Run every point of a design (grid, Latin hypercube or listed points) on common random numbers",
		Args:  exactScenarios(1),
		RunE: func(_ *cobra.Command, pos []string) error {
			if design == "" {
				return usageError{errors.New("--design is required")}
			}
			d, err := explore.LoadDesign(design)
			if err != nil {
				return err
			}
			j, err := o.job("sweep", pos[0], env)
			if err != nil {
				return err
			}
			j.Design, j.Factors, j.Points = design, d.Factors, d.SweepPoints()
			res, params, err := runJob(stderr, j, o, "caseload "+strings.Join(args, " "))
			if err != nil {
				return err
			}
			if err := explore.WriteFile(filepath.Join(j.Dir, "sweep.csv"), func(w io.Writer) error {
				return explore.WriteSweepCSV(w, j.Factors, res)
			}); err != nil {
				return err
			}
			if err := writeManifest(j, d, params, args, nil); err != nil {
				return err
			}
			if !o.quiet {
				if err := explore.SweepTable(stdout, j.Factors, res, headline); err != nil {
					return err
				}
			}
			fmt.Fprintf(stdout, "results written to %s\n", j.Dir)
			return nil
		},
	}
	o.addFlags(c)
	c.Flags().StringVar(&design, "design", "", "design file (YAML): factors, method, samples")
	return c
}

// headline are the metrics the sweep table shows.
var headline = []string{"referrals_per_10k", "s47_enquiries_per_10k", "care_entries_per_10k", "statutory_caseload_mean", "cost_total"}

func newSensitivityCommand(stdout, stderr io.Writer, args, env []string) *cobra.Command {
	var o exploreOptions
	var design, method, metric string
	c := &cobra.Command{
		Use:   "sensitivity SCENARIO.yaml --design DESIGN.yaml --method oat|morris|sobol --metric NAME",
		Short: "Which factors drive a metric: one-at-a-time swings, Morris screening or Sobol indices",
		Args:  exactScenarios(1),
		RunE: func(_ *cobra.Command, pos []string) error {
			if design == "" {
				return usageError{errors.New("--design is required")}
			}
			if sim.MetricIndex(metric) < 0 {
				return &config.Error{File: "--metric", Key: "metric", Value: metric, Expected: "a metric name such as care_entries_per_10k (see the README)", Err: config.ErrInvalid}
			}
			d, err := explore.LoadDesign(design)
			if err != nil {
				return err
			}
			j, err := o.job("sensitivity-"+method, pos[0], env)
			if err != nil {
				return err
			}
			j.Design, j.Factors = design, d.Factors
			analyse, err := sensitivityPoints(&j, d, method, env)
			if err != nil {
				return err
			}
			res, params, err := runJob(stderr, j, o, "caseload "+strings.Join(args, " "))
			if err != nil {
				return err
			}
			a, err := analyse(res, metric)
			if err != nil {
				return err
			}
			if err := explore.WriteFile(filepath.Join(j.Dir, "sensitivity.csv"), func(w io.Writer) error { return explore.WriteAnalysisCSV(w, a) }); err != nil {
				return err
			}
			if err := explore.WriteFile(filepath.Join(j.Dir, "sweep.csv"), func(w io.Writer) error { return explore.WriteSweepCSV(w, j.Factors, res) }); err != nil {
				return err
			}
			if err := writeManifest(j, d, params, args, map[string]string{"method": method, "metric": metric}); err != nil {
				return err
			}
			if err := explore.AnalysisTable(stdout, a); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "results written to %s\n", j.Dir)
			return nil
		},
	}
	o.addFlags(c)
	c.Flags().StringVar(&design, "design", "", "design file (YAML): the factors and their ranges")
	c.Flags().StringVar(&method, "method", "oat", "oat, morris or sobol")
	c.Flags().StringVar(&metric, "metric", "care_entries_per_10k", "the metric to explain")
	return c
}

// sensitivityPoints sets the job's points for a method and returns how to
// analyse their results.
func sensitivityPoints(j *explore.Job, d *explore.Design, method string, env []string) (func([]explore.PointResult, string) (explore.Analysis, error), error) {
	switch method {
	case "oat":
		base, err := config.Load(j.Scenario, env, j.Sets)
		if err != nil {
			return nil, err
		}
		pts, err := d.OATPoints(config.Resolved(base.Params))
		if err != nil {
			return nil, err
		}
		j.Points = pts
		return func(res []explore.PointResult, m string) (explore.Analysis, error) {
			return explore.AnalyseOAT(d.Factors, pts, res, m)
		}, nil
	case "morris":
		md, pts, err := d.MorrisDesign()
		if err != nil {
			return nil, err
		}
		j.Points = pts
		return func(res []explore.PointResult, m string) (explore.Analysis, error) {
			return explore.AnalyseMorris(d, md, res, m)
		}, nil
	case "sobol":
		sd, pts, err := d.SaltelliDesign()
		if err != nil {
			return nil, err
		}
		j.Points = pts
		return func(res []explore.PointResult, m string) (explore.Analysis, error) {
			return explore.AnalyseSobol(d, sd, res, m)
		}, nil
	}
	return nil, usageError{fmt.Errorf("--method %s: expected oat, morris or sobol", method)}
}

func newSizeCommand(stdout, stderr io.Writer, args, env []string) *cobra.Command {
	var o exploreOptions
	var vary, target string
	var prob, from, to, step float64
	c := &cobra.Command{
		Use:   "size SCENARIO.yaml --vary KEY --target 'METRIC OP VALUE' --from A --to B [--step S] [--prob P]",
		Short: "The smallest value of a key (a team's FTE, statutory posts) that meets a target",
		Long: `size runs the scenario at each value of KEY from --from to --to (in steps of
--step, default a tenth of the range) on common random numbers, prints the
target metric against KEY with 95% intervals, and the smallest value that
meets the target: by the mean, or with --prob P in at least a share P of
replications. Examples of targets: 'statutory_weeks_over_cap <= 0.1' (the
statutory caseload is at or under the cap in at least 90% of weeks),
'care_entries_per_10k <= 27', 'cost_total <= 65000000'.`,
		Args: exactScenarios(1),
		RunE: func(cmd *cobra.Command, pos []string) error {
			t, err := explore.ParseTarget(target)
			if err != nil {
				return err
			}
			f, err := explore.NewFactor(vary)
			if err != nil {
				return err
			}
			if !cmd.Flags().Changed("from") || !cmd.Flags().Changed("to") || to < from {
				return usageError{errors.New("--from and --to are required, with --from at most --to")}
			}
			if !cmd.Flags().Changed("step") {
				step = (to - from) / 10
			}
			if step <= 0 && to > from {
				return usageError{fmt.Errorf("--step %v: expected a positive step", step)}
			}
			if step <= 0 {
				step = 1
			}
			if _, err := config.SizeSteps(vary, from, to, step); err != nil {
				return err
			}
			if !cmd.Flags().Changed("prob") {
				prob = math.NaN()
			} else if prob <= 0 || prob > 1 {
				return usageError{fmt.Errorf("--prob %v: expected a share above 0 and at most 1", prob)}
			}
			j, err := o.job("size", pos[0], env)
			if err != nil {
				return err
			}
			j.Factors, j.Points = []explore.Factor{f}, explore.GridPoints(f, from, to, step)
			res, params, err := runJob(stderr, j, o, "caseload "+strings.Join(args, " "))
			if err != nil {
				return err
			}
			rows, answer := explore.Size(res, t, prob)
			if err := explore.WriteFile(filepath.Join(j.Dir, "size.csv"), func(w io.Writer) error { return writeSizeCSV(w, vary, t, rows) }); err != nil {
				return err
			}
			extra := map[string]string{"target": t.String(), "vary": vary}
			if answer >= 0 {
				extra["answer"] = rows[answer].Value
			}
			if err := writeManifest(j, nil, params, args, extra); err != nil {
				return err
			}
			if err := explore.SizeTable(stdout, vary, t, prob, rows, answer); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "results written to %s\n", j.Dir)
			return nil
		},
	}
	o.addFlags(c)
	c.Flags().StringVar(&vary, "vary", "", "the config key to size, e.g. statutory.posts or school_workforce.teams.core.fte")
	c.Flags().StringVar(&target, "target", "", "the target, 'METRIC OP VALUE' with OP one of <= >= < >")
	c.Flags().Float64Var(&prob, "prob", 0, "share of replications that must meet the target (default: the mean must)")
	c.Flags().Float64Var(&from, "from", 0, "smallest value tried")
	c.Flags().Float64Var(&to, "to", 0, "largest value tried")
	c.Flags().Float64Var(&step, "step", 0, "step between values (default a tenth of the range)")
	return c
}

func writeSizeCSV(w io.Writer, key string, t explore.Target, rows []explore.SizeRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{key, "metric", "mean", "sd", "ci95_low", "ci95_high", "share_meeting_target", "meets"})
	for _, r := range rows {
		s := r.Summary
		cw.Write([]string{r.Value, t.Metric, results.FormatNum(s.Mean), results.FormatNum(s.SD), results.FormatNum(s.Lo), results.FormatNum(s.Hi), results.FormatNum(r.Share), fmt.Sprint(r.Meets)})
	}
	cw.Flush()
	return cw.Error()
}
