package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// Exit statuses (documented in the help text and the README).
const (
	exitOK          = 0
	exitFailure     = 1
	exitBadInput    = 2
	exitInternal    = 3
	exitInterrupted = 130 // 128 + SIGINT
)

// usageError marks a problem with the command line itself.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// errInterrupted reports a run stopped by a signal.
type errInterrupted struct{ msg string }

func (e errInterrupted) Error() string { return e.msg }

// globals are what every command gets from the program: where to print,
// the environment (CASELOAD_* overrides) and the command line after the
// program name (for the invocation log).
type globals struct {
	stdout, stderr io.Writer
	env            []string // for configuration: without CASELOAD_SHARDS
	args           []string
	rawEnv         []string    // the whole environment (the scheduler's variables)
	prof           *cpuProfile // --cpuprofile; nil: no such flag (merge's run of a shard's command line)
}

// invocation is the line this command adds to a results folder's
// invocation log: with the CASELOAD_ variables and the working folder,
// what caseload merge and caseload rerun need to run it again.
func (g globals) invocation(resume bool) *outdir.Invocation {
	inv := outdir.NewInvocation(append([]string{"caseload"}, g.args...), version(), goVersion(), resume)
	for _, kv := range g.env {
		if strings.HasPrefix(kv, config.EnvPrefix) {
			inv.Env = append(inv.Env, kv)
		}
	}
	inv.Dir, _ = os.Getwd()
	return &inv
}

// beforeCommand, when set, is called with the command's name before it
// runs: the tests use it to inject a panic.
var beforeCommand func(name string)

// run executes the command line and returns the exit status. It is the
// whole program minus os.Exit, so tests can drive it: one context,
// cancelled by SIGINT or SIGTERM, is passed to every command, and a panic
// anywhere is reported as an internal error (status 3).
func run(stdout, stderr io.Writer, args, env []string) (code int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "caseload: internal error (a bug, not your input): %v\nversion %s, %s\n%s", p, version(), goVersion(), debug.Stack())
			code = exitInternal
		}
	}()
	pauseHook(env)
	config.SetInterrupt(ctx.Done())
	defer config.SetInterrupt(nil) // stop() above closes Done on return
	prof := &cpuProfile{}
	defer prof.finish(false) // after a panic: stop profiling, keep nothing
	root := newRootCommand(globals{stdout: stdout, stderr: stderr, env: configEnv(env), args: args, rawEnv: env, prof: prof})
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if perr := prof.finish(err == nil); err == nil {
		err = perr
	}
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "caseload:", err)
	var stopped errInterrupted
	switch {
	case errors.As(err, &stopped), errors.Is(err, config.ErrInterrupted):
		return exitInterrupted
	case errors.Is(err, config.ErrInvalid), errors.As(err, new(usageError)), isCobraUsage(err):
		return exitBadInput
	default:
		return exitFailure
	}
}

// isCobraUsage recognises the command-line errors cobra reports itself
// (an unknown command, a subcommand's misuse), which carry no type.
func isCobraUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "invalid argument", "flag needs an argument",
		"accepts ", "requires at least", "required flag"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

const rootLong = `caseload is an agent-based simulation of one local authority's schools,
families and social workers. It projects referrals, assessments, child
protection, care entries, caseloads and costs under different deployments
of school-based social workers.

Every key a scenario file, --set or a CASELOAD_* environment variable can
set is listed, with its unit, default and source, by: caseload params

Results folders (--out) are written atomically and locked while written;
each holds manifest.json (what was run, identical for a resumed and an
uninterrupted run) and invocations.log (one line per command that wrote it).
A command counts the simulations it will run before it starts and refuses
more than --max-sims (default 1,000,000).

Exit status:
  0    success; caseload status: every item is there and whole;
       caseload rerun: every file reproduced
  1    a run failed (its results could not be written, say);
       caseload status: items are missing; caseload rerun: a file
       differs or is missing
  2    bad input: a command, flag, scenario, design file, environment
       variable, --set value or --out folder; nothing is written;
       caseload status: the folder is damaged or not caseload's
  3    internal error: a bug, reported with the version; please report it
  130  stopped by Ctrl-C or SIGTERM; nothing half-written (sweep,
       sensitivity, size, trial and optimise keep finished points,
       trials or runs: finish with --resume; a shard keeps its finished
       items: run it again)`

func newRootCommand(g globals) *cobra.Command {
	root := &cobra.Command{
		Use:           "caseload",
		Short:         "Simulate school-based social work and its effect on children's social care",
		Long:          rootLong,
		Example:       "  caseload run scenarios/embedded.yaml --reps 20\n  caseload params",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
		Args:          noArgs,
		RunE:          func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			// the results folders the profile must not be written into
			var folders []string
			if f := cmd.Flags().Lookup("out"); f != nil && f.Changed {
				folders = append(folders, f.Value.String())
			}
			if cmd.Name() == "merge" && len(args) > 0 {
				folders = append(folders, args[0])
			}
			if err := g.prof.start(folders...); err != nil {
				return err
			}
			if beforeCommand != nil {
				beforeCommand(cmd.Name())
			}
			return nil
		},
	}
	if g.prof != nil {
		root.PersistentFlags().StringVar(&g.prof.path, "cpuprofile", "", "write a CPU profile of the command to `FILE` (for go tool pprof, and make pgo), when it succeeds")
	}
	root.SetOut(g.stdout)
	root.SetErr(g.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageError{unknownFlagError(c, flagValueError(err))} })
	root.SetHelpCommand(&cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(_ *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 {
				return usageError{fmt.Errorf("unknown help topic %q: expected a command (see caseload --help)", args)}
			}
			return cmd.Help()
		},
	})
	root.AddCommand(
		newRunCommand(g),
		newCompareCommand(g),
		newValidateCommand(g),
		newParamsCommand(g),
		newCalibrationCommand(g),
		newSweepCommand(g),
		newSensitivityCommand(g),
		newSizeCommand(g),
		newTrialCommand(g),
		newOptimiseCommand(g),
		newReportCommand(g),
		newDataCommand(g),
		newStatusCommand(g),
		newMergeCommand(g),
		newRerunCommand(g),
	)
	return root
}

// flagValueError rewrites pflag's error for a flag value that does not
// parse as the flag's number type ("strconv.ParseUint: parsing ...:
// invalid syntax") to say what the flag takes; other errors, those of
// flags that check their own values (--la) among them, are kept.
func flagValueError(err error) error {
	var bad *pflag.InvalidValueError
	var num *strconv.NumError
	if !errors.As(err, &bad) || !errors.As(err, &num) {
		return err
	}
	f := bad.GetFlag()
	want := "a number"
	switch f.Value.Type() {
	case "int", "int64", "int32":
		want = "a whole number"
	case "uint", "uint64", "uint32":
		want = "a whole number, 0 or more"
	case "intSlice":
		want = "whole numbers separated by commas"
	case "bool":
		want = "true or false"
	}
	if errors.Is(num.Err, strconv.ErrRange) {
		want += ", within range"
	}
	_, usage := pflag.UnquoteUsage(f)
	return fmt.Errorf("--%s %q: expected %s (%s)", f.Name, bad.GetValue(), want, usage)
}

// unknownFlagError adds to pflag's error for a flag the command does not
// have ("unknown flag: --repz") the nearest flag it has, and where to see
// them all; other errors are kept.
func unknownFlagError(c *cobra.Command, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "unknown flag: --")
	if !ok {
		return unknownShorthandError(c, err)
	}
	// a hidden or deprecated flag (sweep's --merge, which caseload merge
	// sets) is no flag --help lists, and none to point a user to; help's
	// flags are the program's (caseload help --repz): caseload --help
	// lists them, not caseload help --help
	names, path := listedFlags(c)
	if near := config.Nearest(name, names); near != "" {
		return fmt.Errorf("unknown flag --%s: did you mean --%s? (%s --help lists the flags)", name, near, path)
	}
	return fmt.Errorf("unknown flag --%s: expected a flag of those %s --help lists", name, path)
}

// listedFlags are the names of the flags c takes that --help lists (no
// hidden or deprecated one), and the path of the command whose --help
// lists them: help's flags are the program's.
func listedFlags(c *cobra.Command) (names []string, path string) {
	listed := func(f *pflag.Flag) {
		if !f.Hidden && f.Deprecated == "" {
			names = append(names, f.Name)
		}
	}
	c.Flags().VisitAll(listed)
	c.InheritedFlags().VisitAll(listed)
	path = c.CommandPath()
	if c.Name() == "help" && c.HasParent() {
		path = c.Parent().CommandPath()
	}
	return names, path
}

// unknownShorthandError rewrites pflag's error for a one-letter flag the
// command does not have ("unknown shorthand flag: 'z' in -z") in the form
// of unknownFlagError's. It suggests a flag only where one is plainly
// meant: a long flag written with one dash (-reps for --reps), or the
// letter of another command's flag (-v, caseload --version, given to
// caseload run). Other errors are kept.
func unknownShorthandError(c *cobra.Command, err error) error {
	rest, ok := strings.CutPrefix(err.Error(), "unknown shorthand flag: '")
	if !ok {
		return err
	}
	letter, arg, ok := strings.Cut(rest, "' in ")
	if !ok {
		return err
	}
	names, path := listedFlags(c)
	what := "unknown shorthand flag -" + letter
	if arg != "-"+letter {
		what += " (in " + arg + ")"
	}
	// -reps or -reps=3: a long flag given one dash
	if word, _, _ := strings.Cut(strings.TrimPrefix(arg, "-"), "="); len(word) > 1 {
		if near := config.Nearest(word, names); near != "" {
			return fmt.Errorf("%s: did you mean --%s? (%s --help lists the flags)", what, near, path)
		}
	}
	if other := shorthandElsewhere(c.Root(), letter); other != "" {
		return fmt.Errorf("%s: did you mean %s? (%s --help lists the flags)", what, other, path)
	}
	return fmt.Errorf("%s: expected a flag of those %s --help lists", what, path)
}

// shorthandElsewhere names the flag of another command whose shorthand is
// letter ("caseload --version (-v)"), or "" when none has it.
func shorthandElsewhere(root *cobra.Command, letter string) string {
	root.InitDefaultVersionFlag() // cobra adds -v only to the command it runs
	var found string
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		if found != "" || cmd.Hidden {
			return
		}
		cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if found == "" && f.Shorthand == letter && !f.Hidden && f.Deprecated == "" {
				found = fmt.Sprintf("%s --%s (-%s)", cmd.CommandPath(), f.Name, letter)
			}
		})
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
	return found
}

// noArgs refuses positional arguments where a command takes none.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		if cmd.HasSubCommands() {
			var names []string
			for _, c := range cmd.Commands() {
				if c.IsAvailableCommand() && c.Name() != "completion" {
					names = append(names, c.Name())
				}
			}
			return usageError{fmt.Errorf("unknown command %q: expected one of %s (see %s --help)", args[0], strings.Join(names, ", "), cmd.CommandPath())}
		}
		return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.Name(), args)}
	}
	return nil
}

// revision is the source revision, set at build time by the Makefile
// (-ldflags "-X main.revision=..."), for builds that carry no VCS stamp
// (go run, or -buildvcs=false).
var revision string

// version is the module version and the revision the binary was built
// from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	if rev := buildRevision(info); rev != "" {
		v += " (" + rev + ")"
	}
	return v
}

// buildRevision is the source revision the binary was built from, with
// "+modified" (or the Makefile's "-dirty") where the tree had changes not
// committed; "" where none is known.
func buildRevision(info *debug.BuildInfo) string {
	rev := revision
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			rev = s.Value[:12]
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			rev += "+modified"
		}
	}
	return rev
}

// buildID is the build a resumable or sharded folder records
// (outdir.State.Build) and holds every later shard or resume to
// (outdir.ErrOtherBuild): the version, and where it does not say which
// code the program was built from (neither a revision nor a released
// module version is known, or the tree had changes not committed:
// "+modified", "-dirty"), the first 12 hex
// digits of the SHA-256 of the executable, so that two builds of
// different uncommitted code are told apart. Builds of one committed
// revision for different processors (GOAMD64 v1 and v3, arm64), which
// write the same bytes (make arch-check), may share a folder. Worked out
// once.
var buildID = sync.OnceValue(buildIdentity)

func buildIdentity() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return version() + exeDigest()
	}
	rev := buildRevision(info)
	switch {
	case strings.HasSuffix(rev, "+modified") || strings.HasSuffix(rev, "-dirty"):
		return version() + exeDigest()
	case rev != "":
		return version()
	case info.Main.Version != "" && info.Main.Version != "(devel)" && !strings.HasSuffix(info.Main.Version, "+dirty"):
		return version() // a released module version (go install ...@v1.2.3) names its code
	}
	return version() + exeDigest()
}

// exeDigest is ", executable sha256 " and the first 12 hex digits of the
// SHA-256 of the running program's file (on Linux /proc/self/exe, the
// file the process runs even if its path has since been replaced), or
// ", executable unreadable" where it cannot be read.
func exeDigest() string {
	const unreadable = ", executable unreadable"
	f, err := os.Open("/proc/self/exe")
	if err != nil {
		path, err := os.Executable()
		if err != nil {
			return unreadable
		}
		if f, err = os.Open(path); err != nil {
			return unreadable
		}
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return unreadable
	}
	return ", executable sha256 " + hex.EncodeToString(h.Sum(nil))[:12]
}

func goVersion() string { return runtime.Version() }

// positional checks the number of scenario files.
func positional(min int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) < min {
			return usageError{fmt.Errorf("expected at least %d scenario file(s), got %d", min, len(args))}
		}
		return nil
	}
}

// exactScenarios checks that there are exactly n scenario files.
func exactScenarios(n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("expected %d scenario file, got %d: %q", n, len(args), args)}
		}
		return nil
	}
}

// exactArgs checks that there are exactly n arguments, what describes
// them ("one NAME, an LA's name ...").
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("expected %s, got %d: %q", what, len(args), args)}
		}
		return nil
	}
}

// atMost checks that there are at most n scenario files.
func atMost(n int) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > n {
			return usageError{fmt.Errorf("expected at most %d scenario file, got %d: %q", n, len(args), args)}
		}
		return nil
	}
}

// arch is the build's architecture settings, as the manifest records
// them: GOARCH and its level (GOAMD64, GOARM64 and the like), from the
// build information. Results do not depend on them (floating-point
// expressions that feed results are written so that no build fuses
// them), but a reader can see where a folder was made.
func arch() string {
	a := runtime.GOARCH
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return a
	}
	for _, s := range info.Settings {
		if strings.HasPrefix(s.Key, "GO") && strings.HasPrefix(strings.ToLower(s.Key), "go"+runtime.GOARCH) {
			a += " " + s.Key + "=" + s.Value
		}
	}
	return a
}
