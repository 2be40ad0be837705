package main

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Bounds on command-line numbers: each keeps a run feasible. They are
// stated in the flags' help and in the README.
const (
	maxReps    = 100_000
	maxWorkers = 1024
	maxYears   = 50 // as the scenario key years
	maxTrials  = 100_000
	maxLAs     = 1000
	maxSchools = 100_000
	maxBands   = 100
	maxBudget  = 1e10 // as the scenario key school_workforce.budget
	// defaultMaxSims is the default of --max-sims: the simulations (one
	// LA over the scenario's years) a command may run.
	defaultMaxSims = 1_000_000
)

// intIn checks that a flag's value lies in [lo, hi].
func intIn(flag string, v, lo, hi int) error {
	if v < lo || v > hi {
		return usageError{fmt.Errorf("--%s %d: expected a whole number from %d to %d", flag, v, lo, hi)}
	}
	return nil
}

// finite checks that a flag's value is a finite number.
func finite(flag string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return usageError{fmt.Errorf("--%s %v: expected a finite number", flag, v)}
	}
	return nil
}

// simLimit is the --max-sims flag every simulating command has.
type simLimit struct{ maxSims int64 }

func (l *simLimit) addFlags(c *cobra.Command) {
	c.Flags().Int64Var(&l.maxSims, "max-sims", defaultMaxSims,
		"refuse to start if the command would run more simulations (one LA over the scenario's years) than this")
}

// check refuses a command that would run more than --max-sims
// simulations; what says how the count came about.
func (l simLimit) check(sims int64, what string) error {
	if l.maxSims < 1 {
		return usageError{fmt.Errorf("--max-sims %d: expected at least 1", l.maxSims)}
	}
	if sims > l.maxSims {
		return usageError{fmt.Errorf("%s make %d simulations, more than --max-sims %d: run fewer, or raise --max-sims",
			what, sims, l.maxSims)}
	}
	return nil
}

// units is the number of LA simulations one replication of p makes.
func units(p sim.Params) int64 {
	return int64(max(1, p.National.LAs))
}

// lasPart is what the LAs add to a count of simulations (simLimit.check's
// account of how the count came about): "" when every configuration is a
// single LA, " × 153 LAs" when every one is a country of 153, and a word
// when their numbers differ.
func lasPart(ps []sim.Params) string {
	var n []int64
	for _, p := range ps {
		if u := units(p); !slices.Contains(n, u) {
			n = append(n, u)
		}
	}
	switch {
	case len(n) == 1 && n[0] == 1:
		return ""
	case len(n) == 1:
		return fmt.Sprintf(" × %d LAs", n[0])
	}
	return ", each national one × its LAs"
}

// mulCap multiplies counts, saturating instead of overflowing.
func mulCap(xs ...int64) int64 {
	p := int64(1)
	for _, x := range xs {
		if x <= 0 {
			return 0
		}
		if p > math.MaxInt64/x {
			return math.MaxInt64
		}
		p *= x
	}
	return p
}

// runOptions are the flags shared by run, compare and calibration.
type runOptions struct {
	simLimit
	reps    int
	seed    uint64
	out     string
	years   int
	sets    []string
	workers int
	quiet   bool
	budget  float64        // compare --budget: school_workforce.budget of every scenario (0: the files')
	records int            // replications whose records are written (--records-reps)
	recOn   bool           // --records
	flags   *pflag.FlagSet // the command's flags, to tell a flag given from its default
}

// addRecordFlags adds --records and --records-reps (run and compare).
func (o *runOptions) addRecordFlags(c *cobra.Command) {
	f := c.Flags()
	f.BoolVar(&o.recOn, "records", false, "write synthetic record-level returns (CIN census XML, SSDA903 CSV) of the first replication of each scenario into records/ of the results folder")
	f.IntVar(&o.records, "records-reps", 1, "with --records: the number of replications, from the first, whose records are written (1 to --reps)")
}

func (o *runOptions) addFlags(c *cobra.Command, defaultReps int) {
	f := c.Flags()
	o.flags = f
	f.IntVar(&o.reps, "reps", defaultReps, fmt.Sprintf("Monte Carlo replications per scenario (1 to %d)", maxReps))
	f.Uint64Var(&o.seed, "seed", 1, "master seed, 0 to 18446744073709551615; every random draw derives from it")
	f.StringVar(&o.out, "out", "", "results folder (default results/<scenario or compare>-seed<seed>)")
	f.IntVar(&o.years, "years", 0, fmt.Sprintf("measured years, 1 to %d (overrides the scenario's years)", maxYears))
	addSetAndLAFlags(c, &o.sets)
	f.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), fmt.Sprintf("replications run in parallel (1 to %d)", maxWorkers))
	f.BoolVar(&o.quiet, "quiet", false, "print no tables and no progress bar")
	o.simLimit.addFlags(c)
}

func (o *runOptions) check() error {
	if err := intIn("reps", o.reps, 1, maxReps); err != nil {
		return err
	}
	if err := intIn("workers", o.workers, 1, maxWorkers); err != nil {
		return err
	}
	if math.IsNaN(o.budget) || o.budget < 0 || o.budget > maxBudget {
		return usageError{fmt.Errorf("--budget %v: expected pounds a year from 0 to %v", o.budget, maxBudget)}
	}
	if o.recOn && (o.records < 1 || o.records > o.reps) {
		return usageError{fmt.Errorf("--records-reps %d: expected 1 to --reps (%d)", o.records, o.reps)}
	}
	if err := outGiven(o.flags, o.out); err != nil {
		return err
	}
	if !o.recOn && o.given("records-reps") {
		return usageError{fmt.Errorf("--records-reps %d: taken only with --records, which writes the records", o.records)}
	}
	if o.years != 0 || o.given("years") { // not given: the scenario's years
		return intIn("years", o.years, 1, maxYears)
	}
	return nil
}

// overrides are the --set values with --years last, so flags win.
func (o *runOptions) overrides() []string {
	sets := append([]string(nil), o.sets...)
	if o.years > 0 {
		sets = append(sets, "years="+strconv.Itoa(o.years))
	}
	if o.budget > 0 {
		sets = append(sets, "school_workforce.budget="+strconv.FormatFloat(o.budget, 'g', -1, 64))
	}
	return sets
}

// laFlag is --la NAME: the local authority a scenario is built for,
// shorthand for --set la.area=NAME, kept in its place among the --set
// values so that a later --set wins.
type laFlag struct{ sets *[]string }

func (f laFlag) String() string { return "" }
func (f laFlag) Type() string   { return "NAME" }
func (f laFlag) Set(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New("expected a local authority's name, ONS code or DfE number (names: caseload data list)")
	}
	if err := config.CheckArea(v); err != nil {
		return err
	}
	*f.sets = append(*f.sets, config.AreaOverride(v))
	return nil
}

// addLAFlag adds --la to a command whose --set values are sets.
func addLAFlag(c *cobra.Command, sets *[]string) {
	c.Flags().Var(laFlag{sets}, "la", "build the scenario for a real local authority, by name or code (--set la.area=NAME; names: caseload data list)")
}

// setFlag is --set key=value, repeatable. Each value is appended to the
// list --la also appends to, so the two keep their order on the command
// line whichever comes first (pflag's own string array would replace the
// list at the first --set, losing an --la before it).
type setFlag struct{ sets *[]string }

func (f setFlag) String() string { return "[" + strings.Join(*f.sets, ",") + "]" }
func (f setFlag) Type() string   { return "stringArray" }
func (f setFlag) Set(v string) error {
	*f.sets = append(*f.sets, v)
	return nil
}

// setFlag is a pflag.SliceValue, so that merge runs a shard's command
// again with each value (rerunArgs); the values of --la are among them.
func (f setFlag) Append(v string) error { return f.Set(v) }
func (f setFlag) Replace(vs []string) error {
	*f.sets = append((*f.sets)[:0], vs...)
	return nil
}
func (f setFlag) GetSlice() []string { return append([]string(nil), *f.sets...) }

// addSetAndLAFlags adds --set and --la, sharing the list sets.
func addSetAndLAFlags(c *cobra.Command, sets *[]string) {
	c.Flags().Var(setFlag{sets}, "set", "override a config key: --set key=value (repeatable; keys: caseload params)")
	addLAFlag(c, sets)
}

// given reports whether the flag was on the command line.
func (o *runOptions) given(flag string) bool { return o.flags != nil && o.flags.Changed(flag) }

// outGiven refuses an --out given empty, which would otherwise mean the
// default folder.
func outGiven(flags *pflag.FlagSet, out string) error {
	if flags != nil && flags.Changed("out") && strings.TrimSpace(out) == "" {
		return usageError{errors.New(`--out "": expected a folder to write the results to (leave --out out for the default)`)}
	}
	return nil
}
