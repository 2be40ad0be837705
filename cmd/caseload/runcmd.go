package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
)

// scenarioOptions are the flags of run and compare.
type scenarioOptions struct {
	runOptions
	shardOptions
}

func newRunCommand(g globals) *cobra.Command {
	var o scenarioOptions
	c := &cobra.Command{
		Use:   "run SCENARIO.yaml",
		Short: "Run Monte Carlo replications of one scenario",
		Example: `  caseload run scenarios/embedded.yaml --reps 20 --out results/embedded
  caseload run scenarios/baseline.yaml --set statutory.posts=60 --years 3
  (every key --set takes: caseload params)`,
		Args: exactScenarios(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.resolve(cmd, args, g); err != nil {
				return err
			}
			return runRun(cmd.Context(), o, g, args)
		},
	}
	o.addFlags(c, 20)
	c.Flags().Lookup("out").Usage = "results folder (default results/<scenario>-seed<seed>)"
	o.addShardFlags(c)
	o.addRecordFlags(c)
	return c
}

func newCompareCommand(g globals) *cobra.Command {
	var o scenarioOptions
	var neighbours bool
	c := &cobra.Command{
		Use:   "compare A.yaml B.yaml ...",
		Short: "Run scenarios side by side on common random numbers",
		Long: `compare runs every scenario with the same seed, the same families and the
same random numbers for each family and week, and reports each scenario's
paired difference from the first with its 95% interval, and the net cost
of each per section 47 enquiry, care entry and week in care it avoids
(avoided.csv). --budget gives every scenario the same budget in pounds a
year (school_workforce.budget), so staffing models are compared at equal
cost without a file per model. --neighbours with --la NAME runs a deployment
in the LA and in each of its statistical neighbours: what it would do in
places like the LA.`,
		Example: `  caseload compare scenarios/baseline.yaml scenarios/embedded.yaml --reps 50
  caseload compare --budget 500000 scenarios/baseline.yaml scenarios/core-offer.yaml scenarios/micro-cluster.yaml scenarios/embedded.yaml
  caseload compare scenarios/embedded.yaml --la Stockport --neighbours --reps 10
  (every key --set takes: caseload params)`,
		Args: func(cmd *cobra.Command, args []string) error {
			if neighbours {
				return positional(1)(cmd, args)
			}
			return positional(2)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := o.resolve(cmd, args, g); err != nil {
				return err
			}
			if neighbours {
				return runNeighbours(cmd.Context(), o, g, args)
			}
			return runCompare(cmd.Context(), o, g, args)
		},
	}
	c.Flags().BoolVar(&neighbours, "neighbours", false, "with --la NAME: run the deployment (the last file) against the baseline (the first file, or scenarios/baseline.yaml) in the LA and in each of its statistical neighbours, and write neighbours.csv, neighbours.md and their report (report.html, charts/, results.xlsx)")
	o.addFlags(c, 20)
	c.Flags().Lookup("out").Usage = "results folder (default results/compare-seed<seed>; with --neighbours, results/neighbours-<LA>-seed<seed>)"
	o.addShardFlags(c)
	o.addRecordFlags(c)
	c.Flags().Float64Var(&o.budget, "budget", 0, "pounds a year for every scenario's school-based workforce (sets school_workforce.budget; 0: as the files say)")
	return c
}

// runRun runs one scenario's replications and writes its results folder.
func runRun(ctx context.Context, o scenarioOptions, g globals, args []string) error {
	return runScenarios(ctx, o, g, args, "run")
}

// runCompare runs scenarios on common random numbers and writes their
// results folder, with each one's paired difference from the first.
func runCompare(ctx context.Context, o scenarioOptions, g globals, args []string) error {
	return runScenarios(ctx, o, g, args, "compare")
}

// validateOptions are the flags of validate.
type validateOptions struct{ sets []string }

func newValidateCommand(g globals) *cobra.Command {
	var o validateOptions
	c := &cobra.Command{
		Use:     "validate SCENARIO.yaml ...",
		Short:   "Check scenario files without running them",
		Example: "  caseload validate scenarios/*.yaml\n  (every key a file may set: caseload params)",
		Args:    positional(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd.Context(), o, g, args)
		},
	}
	addSetAndLAFlags(c, &o.sets)
	return c
}

// runValidate checks every file given, not stopping at the first bad one:
// each is said ok or its problem named. What is checked of the files
// together (checkLoaded) comes before any is said ok: a CASELOAD_
// variable or a --set that none of them takes is an error of the whole
// command, and no file is said ok beside it.
func runValidate(_ context.Context, o validateOptions, g globals, args []string) error {
	var bad fileErrors
	var good []*config.Scenario
	var said strings.Builder
	for _, path := range args {
		sc, err := config.Load(path, g.env, o.sets)
		if errors.Is(err, config.ErrInterrupted) {
			fmt.Fprint(g.stdout, said.String()) // the files checked before
			return err
		}
		if err != nil {
			bad = append(bad, err)
			continue
		}
		good = append(good, sc)
		fmt.Fprintf(&said, "%s: ok (scenario %q, %d children, %s)\n",
			path, sc.Params.Name, childrenOf(sc.Params), results.Plural(sc.Params.Years, "measured year"))
		for _, n := range sc.Notes {
			fmt.Fprintf(&said, "  note: %s\n", n)
		}
	}
	if len(bad) == 0 {
		// the files are checked together, as a comparison of them loads them
		if err := checkLoaded(g.env, good...); err != nil {
			return err
		}
	}
	fmt.Fprint(g.stdout, said.String())
	switch len(bad) {
	case 0:
		return nil
	case 1:
		return bad[0]
	}
	return bad
}

// fileErrors are the problems of several files, one a line; errors.Is and
// errors.As see each.
type fileErrors []error

func (e fileErrors) Error() string {
	lines := make([]string, len(e))
	for i, err := range e {
		lines[i] = err.Error()
	}
	return strings.Join(lines, "\ncaseload: ") // the first line's prefix is the caller's
}

func (e fileErrors) Unwrap() []error { return e }

// loaded is one scenario file, resolved.
type loaded struct {
	path string
	sc   *config.Scenario
}

// loadAll loads every file before anything runs. Scenarios are told apart
// by name in tables and files, so a name met again (the same file twice,
// say, to check that a scenario compared with itself differs by nothing)
// is numbered: embedded, embedded#2.
func loadAll(paths, env, sets []string) ([]loaded, error) {
	var out []loaded
	seen := map[string]int{}
	for _, path := range paths {
		sc, err := config.Load(path, env, sets)
		if err != nil {
			return nil, err
		}
		name := sc.Params.Name
		for seen[name] > 0 {
			seen[sc.Params.Name]++
			name = fmt.Sprintf("%s#%d", sc.Params.Name, seen[sc.Params.Name])
		}
		seen[name]++
		sc.Params.Name = name
		out = append(out, loaded{path, sc})
	}
	scs := make([]*config.Scenario, len(out))
	for i, l := range out {
		scs[i] = l.sc
	}
	if err := checkLoaded(env, scs...); err != nil {
		return nil, err
	}
	return out, nil
}

// childrenOf is the number of children a scenario simulates.
func childrenOf(p sim.Params) int {
	if p.National.LAs == 0 {
		return p.LA.Children
	}
	n := 0
	for _, la := range sim.NationalLAs(p) {
		n += la.LA.Children
	}
	return n
}

// openOut opens the results folder before anything runs: it must be a
// folder (or not exist), be free of another writer's lock, and have a
// parent that can be created. Every problem is bad input.
func openOut(dir string) (*outdir.Folder, error) {
	f, err := outdir.Open(dir)
	if err != nil {
		return nil, usageError{err}
	}
	return f, nil
}

// runScenarios loads and checks every file and the results folder before
// running anything, runs the replications, and writes the results folder
// atomically. Ctrl-C stops it with nothing written.
func runScenarios(ctx context.Context, o scenarioOptions, g globals, paths []string, verb string) error {
	if err := o.check(); err != nil {
		return err
	}
	if o.merge != "" {
		if o.out != "" {
			return usageError{errors.New("--merge takes no --out")}
		}
		o.out = o.merge
	}
	scens, err := loadAll(paths, g.env, o.overrides())
	if err != nil {
		return err
	}
	params := make([]sim.Params, len(scens))
	var sims int64
	for i, s := range scens {
		params[i] = s.sc.Params
		sims += mulCap(int64(o.reps), units(s.sc.Params))
	}
	if err := o.simLimit.check(sims, fmt.Sprintf("%d scenario(s) × %d replications%s", len(scens), o.reps, lasPart(params))); err != nil {
		return err
	}
	dir := o.out
	if dir == "" {
		name := verb
		if verb == "run" {
			name = config.SafeName(params[0].Name)
		}
		dir = filepath.Join("results", fmt.Sprintf("%s-seed%d", name, o.seed))
	}
	items := replicationItems(dir, verb, o.seed, o.reps, scens, o.identity)
	if o.shardOf.on() {
		return runScenarioShard(ctx, o, g, params, items)
	}
	out, err := openOut(dir)
	if err != nil {
		return err
	}
	defer out.Close()
	var outcomes []batch.Result
	if o.merge != "" {
		// the replications are in the folder, written by its shards; the
		// folder is replaced whole, so it may hold nothing else
		if err := items.CheckOwn(); err != nil {
			return usageError{err}
		}
		if outcomes, err = readReplications(params, o.seed, items); err != nil {
			return err
		}
	} else {
		// refuse a folder a run may not replace before spending time on runs
		if err := results.CheckFolder(out); err != nil {
			return usageError{err}
		}
		bar := outdir.NewProgress(g.stderr, o.quiet)
		// Lean: each replication is folded into what the files read as it
		// finishes, so that England over many replications fits in memory
		outcomes, err = batch.Run(params, o.seed, o.reps, batch.Options{Workers: o.workers, Progress: bar.Update, Stop: ctx.Done(), Lean: true})
		bar.Finish()
		if errors.Is(err, batch.ErrStopped) {
			return errInterrupted{fmt.Sprintf("stopped before the end: nothing written to %s", dir)}
		}
		if err != nil {
			return err
		}
	}
	input := make([]results.Scenario, len(scens))
	man := results.Manifest{Kind: verb, Seed: o.seed, Reps: o.reps, Years: params[0].Years,
		Version: version(), GoVersion: goVersion(), Arch: arch()}
	for i, s := range scens {
		cfg := config.Resolved(s.sc.Params)
		notes := s.sc.Notes
		if n := results.IdleNote(s.sc.Params, outcomes[i].Outcomes); n != "" {
			notes = append(slices.Clone(notes), n)
		}
		input[i] = results.Scenario{Name: s.sc.Params.Name, File: s.path,
			Children: childrenOf(s.sc.Params), Config: cfg, Outcomes: outcomes[i].Outcomes,
			Place: s.sc.Place, Notes: notes}
		for j, la := range outcomes[i].LAs {
			a := results.Area{Name: la.Name, Children: la.LA.Children}
			if outcomes[i].AreaValues != nil {
				a.Values = outcomes[i].AreaValues[j]
			} else {
				a.Outcomes = outcomes[i].Areas[j]
			}
			input[i].Areas = append(input[i].Areas, a)
		}
		man.Scenarios = append(man.Scenarios, results.ManifestScenario{Name: s.sc.Params.Name, File: s.path, Config: cfg, Place: s.sc.Place, Notes: notes})
	}
	report := results.Summarize(input)
	if o.merge != "" {
		// the shards' lines of the log stay, before the merge's
		if err := report.KeepLog(dir); err != nil {
			return err
		}
	}
	if o.recOn {
		files, err := recordFiles(params, outcomes, o.seed, o.records, o.workers, ctx.Done())
		if errors.Is(err, batch.ErrStopped) || ctx.Err() != nil {
			// a signal while the records were made: as during the run
			return errInterrupted{fmt.Sprintf("stopped before the end: nothing written to %s", dir)}
		}
		if err != nil {
			return err
		}
		if err := report.AddFiles(files...); err != nil {
			return err
		}
	}
	// A signal during the write no longer stops it: the write is short and
	// atomic, and finishing it is what the user wants kept.
	if err := report.WriteTo(out, man, g.invocation(false)); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if !o.quiet {
		if err := report.Table(g.stdout); err != nil {
			return err
		}
	}
	fmt.Fprintf(g.stdout, "results written to %s\n", dir)
	return nil
}

// checkLoaded is what a command checks once every scenario it runs is
// loaded: a CASELOAD_ variable of a team or role that none has
// (config.CheckEntryVars), and a role that --set made that no team of
// them has (config.CheckSetRoles).
func checkLoaded(env []string, scs ...*config.Scenario) error {
	if err := config.CheckEntryVars(env, scs...); err != nil {
		return err
	}
	return config.CheckSetRoles(scs...)
}
