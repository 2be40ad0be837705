package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"

	"github.com/caseload/caseload/config"
	"github.com/spf13/cobra"
)

// Exit statuses (documented in the help text and the README).
const (
	exitOK       = 0
	exitFailure  = 1
	exitBadInput = 2
)

// usageError marks a problem with the command line itself.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// run executes the command line and returns the exit status. It is the
// whole program minus os.Exit, so tests can drive it.
func run(stdout, stderr io.Writer, args, env []string) int {
	root := newRootCommand(stdout, stderr, args, env)
	root.SetArgs(args)
	err := root.Execute()
	var stopped errInterrupted
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &stopped):
		fmt.Fprintln(stderr, "caseload:", err)
		return exitInterrupted
	case errors.Is(err, config.ErrInvalid), errors.As(err, new(usageError)):
		fmt.Fprintln(stderr, "caseload:", err)
		return exitBadInput
	default:
		fmt.Fprintln(stderr, "caseload:", err)
		return exitFailure
	}
}

// args is the command line after the program name; a run records it in
// its manifest.
func newRootCommand(stdout, stderr io.Writer, args, env []string) *cobra.Command {
	root := &cobra.Command{
		Use:   "caseload",
		Short: "Simulate school-based social work and its effect on children's social care",
		Long: `caseload is an agent-based simulation of one local authority's schools,
families and social workers. It projects referrals, assessments, child
protection, care entries, caseloads and costs under different deployments
of school-based social workers.

Exit status: 0 success, 1 a run failed, 2 bad input (nothing is written),
130 stopped by Ctrl-C (sweep, sensitivity, size, trial: finished points
or trials are kept; finish with --resume).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		newRunCommand(stdout, stderr, args, env),
		newCompareCommand(stdout, stderr, args, env),
		newValidateCommand(stdout, env),
		newParamsCommand(stdout, env),
		newCalibrationCommand(stdout, env),
		newSweepCommand(stdout, stderr, args, env),
		newSensitivityCommand(stdout, stderr, args, env),
		newSizeCommand(stdout, stderr, args, env),
		newTrialCommand(stdout, stderr, args, env),
		newReportCommand(stdout),
		newDataCommand(stdout),
	)
	return root
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
	rev := revision
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			rev = s.Value[:12]
		}
		if s.Key == "vcs.modified" && s.Value == "true" {
			rev += "+modified"
		}
	}
	if rev != "" {
		v += " (" + rev + ")"
	}
	return v
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
