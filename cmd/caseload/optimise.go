package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/explore"
	"github.com/caseload/caseload/optimise"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
	"go.yaml.in/yaml/v3"
)

// optimiseOptions are the flags of optimise.
type optimiseOptions struct {
	simLimit
	budget    float64
	objective string
	maximise  bool
	space     string
	against   string
	seed      uint64
	out       string
	resume    string
	sets      []string
	workers   int
	quiet     bool
}

func newOptimiseCommand(g globals) *cobra.Command {
	var o optimiseOptions
	c := &cobra.Command{
		Use:   "optimise SCENARIO.yaml --budget POUNDS --objective METRIC [--space SPACE.yaml] [--against REF.yaml]",
		Short: "Search deployments of school-based workers within a budget for the best on a metric",
		Long: `optimise searches deployments of school-based workers (worker types,
schools per worker, selection rules, FTE and mixes of teams, as the space
allows) that cost at most --budget pounds a year, each simulated on the
same random numbers. It fills the space with a Sobol sequence, refines
near the front of cost against the objective, and races the candidates
close to the best with more replications (README: optimise). It writes
pareto.csv (every deployment on the front, with 95% intervals),
candidates.csv (every deployment tried) and best.yaml (the best deployment,
a scenario file that validates where it is written). The objective is
minimised unless --maximise; with --against it may be diff_<metric>, the
paired difference from the reference.`,
		Example: `  caseload optimise scenarios/typical-la.yaml --budget 500000 --objective care_entries
  caseload optimise scenarios/typical-la.yaml --budget 500000 --objective diff_cost_total --against scenarios/baseline.yaml --space scenarios/spaces/default.yaml`,
		Args: exactScenarios(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := outGiven(cmd.Flags(), o.out); err != nil {
				return err
			}
			if !cmd.Flags().Changed("budget") {
				return usageError{fmt.Errorf("--budget is required: the pounds a year the deployment may cost, above 0 and at most %.0f", maxBudget)}
			}
			return runOptimise(cmd.Context(), o, g, args)
		},
	}
	f := c.Flags()
	f.Float64Var(&o.budget, "budget", 0, "pounds a year the deployment may cost (required)")
	f.StringVar(&o.objective, "objective", "", "the metric to minimise (or maximise), or diff_<metric> with --against (required)")
	f.BoolVar(&o.maximise, "maximise", false, "maximise the objective instead of minimising it")
	f.StringVar(&o.space, "space", "", "search space file (YAML): roles, selections, schools_per_worker, teams, spend and the search's size (default: the space scenarios/spaces/default.yaml writes out)")
	f.StringVar(&o.against, "against", "", "reference scenario run on the same random numbers; makes diff_<metric> objectives")
	f.Uint64Var(&o.seed, "seed", 1, "master seed, 0 to 18446744073709551615; every random draw derives from it")
	f.StringVar(&o.out, "out", "", "results folder (default results/optimise-<scenario>-seed<seed>)")
	f.StringVar(&o.resume, "resume", "", "finish a stopped search in this folder without redoing its finished runs")
	addSetAndLAFlags(c, &o.sets)
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), fmt.Sprintf("runs in parallel (1 to %d); results do not depend on it", maxWorkers))
	f.BoolVar(&o.quiet, "quiet", false, "no progress bar and no table")
	o.simLimit.addFlags(c)
	return c
}

func runOptimise(ctx context.Context, o optimiseOptions, g globals, args []string) error {
	scenario := args[0]
	if err := intIn("workers", o.workers, 1, maxWorkers); err != nil {
		return err
	}
	if math.IsNaN(o.budget) || o.budget <= 0 || o.budget > maxBudget {
		return usageError{fmt.Errorf("--budget %v: expected pounds a year above 0 and at most %.0f", o.budget, maxBudget)}
	}
	if o.objective == "" {
		return usageError{errors.New("--objective is required: a metric such as care_entries, or diff_<metric> with --against")}
	}
	if err := (exploreOptions{against: o.against}).checkMetric("objective", o.objective); err != nil {
		return err
	}
	sc, err := config.Load(scenario, g.env, o.sets)
	if err != nil {
		return err
	}
	if sc.Params.National.LAs > 0 {
		return usageError{fmt.Errorf("%s: national.las %d: expected 0, a single LA (optimise deploys within one LA)", scenario, sc.Params.National.LAs)}
	}
	space := config.DefaultSpace()
	if o.space != "" {
		if space, err = config.LoadSpace(o.space, sc.Params); err != nil {
			return err
		}
	}
	for _, role := range space.Roles {
		if _, ok := sc.Params.SchoolWorkforce.Roles[role]; !ok {
			return usageError{fmt.Errorf("%s: role %q of the search space is not a role of the scenario", scenario, role)}
		}
	}
	r := &optimise.Runner{Base: sc.Params, Space: space, Budget: o.budget, Objective: o.objective, Maximise: o.maximise,
		Seed: o.seed, Workers: o.workers, Build: buildID()}
	var refNotes []string
	scs := []*config.Scenario{sc} // the scenarios a CASELOAD_ variable may be for
	if o.against != "" {
		ref, err := config.Load(o.against, g.env, explore.ReferenceSets(o.sets))
		if err != nil {
			return err
		}
		if ref.Params.National.LAs > 0 {
			return usageError{fmt.Errorf("--against %s: national.las %d: expected 0, a single LA like the scenario it is set against (optimise deploys within one LA)", o.against, ref.Params.National.LAs)}
		}
		r.Reference = &ref.Params
		refNotes = againstNotes(o.against, ref, sc)
		scs = append(scs, ref)
	}
	if err := config.CheckEntryVars(g.env, scs...); err != nil {
		return err
	}
	// the deployments' teams, not the scenario's, run: a role that --set
	// made is used where the search space names it
	var setRoles config.SetRoles
	setRoles.Add(sc)
	for _, role := range space.Roles {
		setRoles.Use(role)
	}
	if err := setRoles.Err(); err != nil {
		return err
	}
	if err := o.simLimit.check(r.Sims(), fmt.Sprintf("a search of %d + %d candidates, %d to %d replications each",
		space.Initial, space.Refine, space.Reps, space.MaxReps)); err != nil {
		return err
	}
	// a space with no feasible deployment runs nothing: said before a
	// folder is made
	if ok, err := r.AnyFeasible(); err != nil {
		return err
	} else if !ok {
		return usageError{errNoneFeasible(o.budget)}
	}
	dir, err := resultsFolder(o.out, o.resume, "optimise", scenario, o.seed)
	if err != nil {
		return err
	}
	out, err := openOut(dir)
	if err != nil {
		return err
	}
	defer out.Close()
	r.Dir, r.Resume = dir, o.resume != ""
	if err := r.Items().Check(r.Resume); err != nil {
		return usageError{err}
	}
	bar := outdir.NewProgress(g.stderr, o.quiet)
	r.Stop, r.Progress, r.Log = ctx.Done(), bar.Update, g.invocation(r.Resume)
	res, err := r.Run()
	bar.Finish()
	if folderError(err) {
		return usageError{err}
	}
	if errors.Is(err, batch.ErrStopped) {
		return errInterrupted{fmt.Sprintf("stopped: finished runs kept in %s; finish with: caseload %s --resume %s",
			dir, strings.Join(g.args, " "), dir)}
	}
	if err != nil {
		return err
	}
	if res.Best == nil {
		return usageError{errNoneFeasible(o.budget)}
	}
	best := r.Deploy(res.Best.U)
	bp := config.AbsolutePaths(best.Params(sc.Params), sc.Origin)
	bp.Name = config.SafeName(sc.Params.Name + " best")
	bp.Description = fmt.Sprintf("The best deployment found by caseload optimise for £%s a year on %s: %s.", results.FormatNum(o.budget), o.objective, best)
	sign := 1.0
	if o.maximise {
		sign = -1
	}
	files := map[string]func(io.Writer) error{
		"pareto.csv":     func(w io.Writer) error { return writeCandidates(w, r, res.Front, res.Best, sign) },
		"candidates.csv": func(w io.Writer) error { return writeCandidates(w, r, res.Candidates, res.Best, sign) },
		"best.yaml":      func(w io.Writer) error { return writeScenario(w, bp, scenario, o) },
	}
	for _, name := range []string{"pareto.csv", "candidates.csv", "best.yaml"} {
		if err := outdir.WriteFile(filepath.Join(dir, name), files[name]); err != nil {
			return err
		}
	}
	m := outdir.Manifest{Kind: "optimise", Scenario: scenario, Sets: o.sets, Seed: o.seed, Reps: space.Reps,
		Version: version(), GoVersion: goVersion(), Config: config.Resolved(sc.Params), Place: sc.Place, Notes: slices.Concat(sc.Notes, refNotes),
		Extra: map[string]string{"budget": results.FormatNum(o.budget), "objective": o.objective,
			"maximise": strconv.FormatBool(o.maximise), "against": o.against, "best": best.String(),
			"candidates": strconv.Itoa(len(res.Candidates))}}
	if err := outdir.WriteJSON(filepath.Join(dir, results.ManifestJSON), m); err != nil {
		return err
	}
	if err := report.Build(dir); err != nil {
		return err
	}
	if !o.quiet {
		lo, hi := objectiveInterval(o.objective, res.Best, sign)
		fmt.Fprintf(g.stdout, "best for £%s a year: %s\n  %s %s (95%% interval %s to %s), £%s a year, %d replications\n",
			results.FormatNum(o.budget), best, o.objective, fig(sign*res.Best.Mean()), fig(lo), fig(hi),
			fig(res.Best.Cost), len(res.Best.Values))
		feasible := 0
		for _, c := range res.Candidates {
			if c.Feasible && len(c.Values) > 0 {
				feasible++
			}
		}
		fmt.Fprintf(g.stdout, "%d deployments on the front of cost against %s (pareto.csv), %d tried, %d of them valid and run (candidates.csv; the rest gave a team no FTE or no school)\n",
			len(res.Front), o.objective, len(res.Candidates), feasible)
		if err := results.WriteNotes(g.stdout, slices.Concat(results.PlaceNotes(sc.Place, sc.Notes), refNotes)); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.stdout, "results written to %s\n", dir)
	return nil
}

func fig(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// objectiveInterval is the 95% interval of a candidate's objective in the
// metric's own sign (its values are turned by sign for --maximise): the
// interval the metric's kind chooses (results.DescribeMetric, so a level's
// is cut at 0, as in summary.csv), or for a paired difference from the
// reference (diff_<metric>) the t interval whole.
func objectiveInterval(objective string, c *optimise.Candidate, sign float64) (lo, hi float64) {
	x := make([]float64, len(c.Values))
	for i, v := range c.Values {
		x[i] = float64(sign*v) + 0 // +0: a zero turned by the sign is 0, not -0
	}
	var d results.Stat
	if m, ok := sim.LookupMetric(objective); ok {
		d = results.DescribeMetric(m.Kind, x)
	} else {
		d = results.Describe(x) // diff_<metric>
	}
	return d.Lo + 0, d.Hi + 0
}

// writeCandidates writes deployments with their cost and objective: the
// mean and 95% interval over their replications, and the paired
// difference from the best with its 95% interval (on the replications
// both have), in the metric's own sign.
func writeCandidates(w io.Writer, r *optimise.Runner, cands []*optimise.Candidate, best *optimise.Candidate, sign float64) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"candidate", "cost", "objective", "mean", "ci95_low", "ci95_high", "reps", "best", "spend", "teams", "deployment",
		"diff_best", "diff_best_low", "diff_best_high"})
	for _, c := range cands {
		if !c.Feasible || len(c.Values) == 0 {
			continue
		}
		d := r.Deploy(c.U)
		lo, hi := objectiveInterval(r.Objective, c, sign)
		dm, dlo, dhi := optimise.PairedFrom(c, best)
		dm, dlo, dhi = float64(sign*dm)+0, float64(sign*dlo)+0, float64(sign*dhi)+0
		if dlo > dhi {
			dlo, dhi = dhi, dlo
		}
		cw.Write([]string{strconv.Itoa(c.Index), results.FormatNum(math.Round(c.Cost)), r.Objective, results.FormatNum(float64(sign*c.Mean()) + 0),
			results.FormatNum(lo), results.FormatNum(hi), strconv.Itoa(len(c.Values)), strconv.FormatBool(c == best),
			results.FormatNum(math.Round(d.Spend*1000) / 1000), strconv.Itoa(len(d.Teams)), d.String(),
			results.FormatNum(dm), results.FormatNum(dlo), results.FormatNum(dhi)})
	}
	cw.Flush()
	return cw.Error()
}

// writeScenario writes p as a scenario file that stands alone (every key
// resolved, no extends), so that it validates wherever it is.
func writeScenario(w io.Writer, p sim.Params, scenario string, o optimiseOptions) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# The best deployment found by: caseload optimise %s --budget %s --objective %s",
		scenario, results.FormatNum(o.budget), o.objective)
	if o.maximise {
		b.WriteString(" --maximise")
	}
	if o.against != "" {
		fmt.Fprintf(&b, " --against %s", o.against)
	}
	fmt.Fprintf(&b, " --seed %d\n# Every key is written out, so the file needs no other; run it with caseload run best.yaml.\n", o.seed)
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(config.Resolved(p)); err != nil {
		return err
	}
	if err := enc.Close(); err != nil {
		return err
	}
	_, err := w.Write(b.Bytes())
	return err
}

// errNoneFeasible says that no deployment of the search space fits the
// budget.
func errNoneFeasible(budget float64) error {
	return fmt.Errorf("no deployment of the search space is feasible within --budget %v (each team must cover a school): raise the budget or widen the space", budget)
}
