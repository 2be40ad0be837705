package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/explore"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
)

// runOptions are the flags shared by run and compare.
type runOptions struct {
	reps    int
	seed    uint64
	out     string
	years   int
	sets    []string
	workers int
	quiet   bool
	records int // replications whose records are written (--records, --records-reps)
	recOn   bool
}

func (o *runOptions) addFlags(c *cobra.Command) {
	f := c.Flags()
	f.IntVar(&o.reps, "reps", 20, "Monte Carlo replications per scenario")
	f.Uint64Var(&o.seed, "seed", 1, "master seed; every random draw derives from it")
	f.StringVar(&o.out, "out", "", "results folder (default results/<scenario or compare>-seed<seed>)")
	f.IntVar(&o.years, "years", 0, "measured years (overrides the scenario's years)")
	f.StringArrayVar(&o.sets, "set", nil, "override a config key: --set key=value (repeatable)")
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "replications run in parallel")
	f.BoolVar(&o.quiet, "quiet", false, "print no tables and no progress bar")
	f.BoolVar(&o.recOn, "records", false, "write synthetic record-level returns (CIN census XML, SSDA903 CSV) of the first replication of each scenario into records/ of the results folder")
	f.IntVar(&o.records, "records-reps", 1, "with --records: the number of replications, from the first, whose records are written")
}

func (o *runOptions) check() error {
	switch {
	case o.reps < 1:
		return usageError{fmt.Errorf("--reps %d: expected at least 1", o.reps)}
	case o.workers < 1:
		return usageError{fmt.Errorf("--workers %d: expected at least 1", o.workers)}
	case o.records < 1 || o.records > o.reps:
		return usageError{fmt.Errorf("--records-reps %d: expected 1 to --reps (%d)", o.records, o.reps)}
	case o.years < 0:
		return usageError{fmt.Errorf("--years %d: expected a positive number of years", o.years)}
	}
	return nil
}

// overrides are the --set values with --years last, so flags win.
func (o *runOptions) overrides() []string {
	sets := append([]string(nil), o.sets...)
	if o.years > 0 {
		sets = append(sets, "years="+strconv.Itoa(o.years))
	}
	return sets
}

func newRunCommand(stdout, stderr io.Writer, cmdline, env []string) *cobra.Command {
	var o runOptions
	c := &cobra.Command{
		Use:   "run SCENARIO.yaml",
		Short: "Run Monte Carlo replications of one scenario",
		Args:  exactScenarios(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return runScenarios(stdout, stderr, args, env, o, "run", cmdline)
		},
	}
	o.addFlags(c)
	return c
}

func newCompareCommand(stdout, stderr io.Writer, cmdline, env []string) *cobra.Command {
	var o runOptions
	c := &cobra.Command{
		Use:   "compare A.yaml B.yaml ...",
		Short: "Run scenarios side by side on common random numbers",
		Long: `compare runs every scenario with the same seed, the same families and the
same random numbers for each family and week, and reports each scenario's
paired difference from the first with its 95% interval.`,
		Args: positional(2),
		RunE: func(_ *cobra.Command, args []string) error {
			return runScenarios(stdout, stderr, args, env, o, "compare", cmdline)
		},
	}
	o.addFlags(c)
	return c
}

func exactScenarios(n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("expected %d scenario file, got %d", n, len(args))}
		}
		return nil
	}
}

func newValidateCommand(stdout io.Writer, env []string) *cobra.Command {
	var sets []string
	c := &cobra.Command{
		Use:   "validate SCENARIO.yaml ...",
		Short: "Check scenario files without running them",
		Args:  positional(1),
		RunE: func(_ *cobra.Command, args []string) error {
			for _, path := range args {
				sc, err := config.Load(path, env, sets)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "%s: ok (scenario %q, %d children, %d measured years)\n",
					path, sc.Params.Name, childrenOf(sc.Params), sc.Params.Years)
			}
			return nil
		},
	}
	c.Flags().StringArrayVar(&sets, "set", nil, "override a config key: --set key=value (repeatable)")
	return c
}

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

// runScenarios loads and checks every file before running anything, runs
// the replications, and writes the results folder atomically. cmdline is
// the command line after the program name, for the manifest.
func runScenarios(stdout, stderr io.Writer, paths, env []string, o runOptions, verb string, cmdline []string) error {
	if err := o.check(); err != nil {
		return err
	}
	scens, err := loadAll(paths, env, o.overrides())
	if err != nil {
		return err
	}
	params := make([]sim.Params, len(scens))
	for i, s := range scens {
		params[i] = s.sc.Params
	}
	dir := o.out
	if dir == "" {
		name := verb
		if verb == "run" {
			name = config.SafeName(params[0].Name)
		}
		dir = filepath.Join("results", fmt.Sprintf("%s-seed%d", name, o.seed))
	}
	// refuse a folder a run may not replace before spending time on runs
	if err := results.CheckDir(dir); err != nil {
		return usageError{err}
	}
	bar := explore.NewProgress(stderr, o.quiet)
	outcomes, err := batch.Run(params, o.seed, o.reps, batch.Options{Workers: o.workers, Progress: bar.Update})
	bar.Finish()
	if err != nil {
		return err
	}
	input := make([]results.Scenario, len(scens))
	man := results.Manifest{
		Command: append([]string{"caseload"}, cmdline...),
		Seed:    o.seed, Reps: o.reps, Years: params[0].Years,
		Version: version(), GoVersion: goVersion(),
	}
	for i, s := range scens {
		cfg := config.Resolved(s.sc.Params)
		input[i] = results.Scenario{Name: s.sc.Params.Name, File: s.path,
			Children: childrenOf(s.sc.Params), Config: cfg, Outcomes: outcomes[i].Outcomes}
		for j, la := range outcomes[i].LAs {
			input[i].Areas = append(input[i].Areas, results.Area{Name: la.Name, Children: la.LA.Children, Outcomes: outcomes[i].Areas[j]})
		}
		man.Scenarios = append(man.Scenarios, results.ManifestScenario{Name: s.sc.Params.Name, File: s.path, Config: cfg})
	}
	report := results.Summarize(input)
	if o.recOn {
		files, err := recordFiles(params, outcomes, o.seed, o.records, o.workers)
		if err != nil {
			return err
		}
		if err := report.AddFiles(files...); err != nil {
			return err
		}
	}
	// The folder is written beside itself and renamed into place, so its
	// parent (results/ for the default) must exist first.
	if err := os.MkdirAll(filepath.Dir(filepath.Clean(dir)), 0o755); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if err := report.Write(dir, man); err != nil {
		return fmt.Errorf("writing results: %w", err)
	}
	if !o.quiet {
		if err := report.Table(stdout); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "results written to %s\n", dir)
	return nil
}
