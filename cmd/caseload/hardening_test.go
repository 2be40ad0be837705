package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/caseload/caseload/outdir"
)

// tree lists every path under root with its size, to check that a
// command wrote nothing anywhere.
func tree(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, _ := d.Info()
		out = append(out, p+" "+strconv.FormatInt(fi.Size(), 10))
		return nil
	})
	return out
}

const smallGrid = "factors:\n  - {key: statutory.posts, low: 8, high: 9, levels: 2}\n"

// commandLineCases are the command-line classes of bad input (run by
// TestHostile): an unknown command, wrong numbers of arguments, flag
// values out of their bounds or not finite, simulation counts over
// --max-sims, an --out that is a file or a symbolic link for every
// command that writes, a base scenario made invalid by --set or the
// environment in sweep and size.
func commandLineCases(t *testing.T) []hostileCase {
	small := abs(t, filepath.Join("testdata", "small.yaml"))
	swis := abs(t, scenario("swis.yaml"))
	england := abs(t, scenario("england.yaml"))
	tests := []struct {
		name string
		args []string // $IN is the input folder (design.yaml, afile), $OUT the results folder
		env  []string
		want []string
	}{
		{"unknown command", []string{"frobnicate"}, nil, []string{`unknown command "frobnicate"`, "report", "status", "merge", "data"}},
		{"unknown command of data", []string{"data", "frobnicate"}, nil, []string{`unknown command "frobnicate"`, "expected one of import, list, show", "caseload data --help"}},
		{"data show with no name", []string{"data", "show"}, nil, []string{"expected one NAME", "got 0"}},
		{"data import with two folders", []string{"data", "import", "$IN", "$IN"}, nil, []string{"expected one DIR", "got 2"}},
		{"run with no scenario", []string{"run"}, nil, []string{"expected 1 scenario file, got 0"}},
		{"run with two scenarios", []string{"run", small, small}, nil, []string{"expected 1 scenario file, got 2"}},
		{"compare with one", []string{"compare", small}, nil, []string{"at least 2 scenario"}},
		{"params with two", []string{"params", small, small}, nil, []string{"at most 1", "got 2"}},
		{"calibration with two", []string{"calibration", small, small}, nil, []string{"at most 1", "got 2"}},
		{"sweep with two", []string{"sweep", small, small, "--design", "$IN/design.yaml"}, nil, []string{"expected 1 scenario file, got 2"}},
		{"unknown flag of run", []string{"run", small, "--colour", "red"}, nil, []string{"--colour"}},
		{"text for a number", []string{"run", small, "--reps", "many"}, nil, []string{"--reps", `"many"`, "expected a whole number", "replications"}},
		{"a fraction for a whole number", []string{"trial", swis, "--trials", "2.5"}, nil, []string{`--trials "2.5"`, "expected a whole number"}},
		{"text for a list of numbers", []string{"trial", swis, "--schools", "100,many"}, nil, []string{`--schools "100,many"`, "whole numbers separated by commas"}},
		{"text for a float", []string{"compare", small, small, "--budget", "lots"}, nil, []string{`--budget "lots"`, "expected a number"}},
		{"huge reps", []string{"run", small, "--reps", "100001"}, nil, []string{"--reps 100001", "from 1 to 100000"}},
		{"huge workers", []string{"compare", small, small, "--workers", "5000"}, nil, []string{"--workers 5000", "from 1 to 1024"}},
		{"years over 50", []string{"run", small, "--years", "51"}, nil, []string{"--years 51", "from 1 to 50"}},
		{"negative seed", []string{"run", small, "--seed", "-1"}, nil, []string{"--seed", `"-1"`, "expected a whole number, 0 or more", "18446744073709551615"}},
		{"max-sims run", []string{"run", small, "--reps", "20", "--max-sims", "10"}, nil, []string{"20 replications make 20 simulations", "--max-sims 10"}},
		{"max-sims compare", []string{"compare", small, small, "--reps", "6", "--max-sims", "10"}, nil, []string{"12 simulations", "--max-sims 10"}},
		{"max-sims national", []string{"run", england, "--reps", "5", "--max-sims", "100"}, nil, []string{"1 scenario(s) × 5 replications × 153 LAs make 765 simulations", "--max-sims 100"}},
		{"max-sims national and local", []string{"compare", england, small, "--reps", "5", "--max-sims", "100"}, nil, []string{"2 scenario(s) × 5 replications, each national one × its LAs make 770 simulations"}},
		{"max-sims zero", []string{"run", small, "--max-sims", "0"}, nil, []string{"--max-sims 0"}},
		{"max-sims sweep", []string{"sweep", small, "--design", "$IN/design.yaml", "--reps", "6", "--max-sims", "5"}, nil, []string{"2 points × 6 replications", "--max-sims 5"}},
		{"max-sims trial", []string{"trial", swis, "--trials", "50", "--max-sims", "10"}, nil, []string{"50 trials", "--max-sims 10"}},
		{"max-sims calibration", []string{"calibration", small, "--reps", "20", "--max-sims", "3", "--out", "$OUT"}, nil, []string{"--max-sims 3"}},
		{"trials zero", []string{"trial", small, "--trials", "0"}, nil, []string{"--trials 0", "from 1 to 100000"}},
		{"trials huge", []string{"trial", small, "--trials", "1000000000"}, nil, []string{"--trials 1000000000", "from 1 to 100000"}},
		{"las huge", []string{"trial", small, "--las", "100000"}, nil, []string{"--las 100000", "from 0 to 1000"}},
		{"schools huge", []string{"trial", small, "--schools", "2000000000"}, nil, []string{"--schools 2000000000", "from 0 to 100000"}},
		{"bands huge", []string{"trial", small, "--bands", "1000"}, nil, []string{"--bands 1000", "from 1 to 100"}},
		{"trial workers zero", []string{"trial", small, "--workers", "0"}, nil, []string{"--workers 0"}},
		{"size from NaN", []string{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "NaN", "--to", "10"}, nil, []string{"--from NaN", "finite"}},
		{"size to Inf", []string{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "1", "--to", "+Inf"}, nil, []string{"--to +Inf", "finite"}},
		{"size tiny step", []string{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "1", "--to", "10", "--step", "1e-300"}, nil, []string{"--step", "value 1e-300", "at most 1000000"}},
		{"size negative step", []string{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "1", "--to", "10", "--step", "-1"}, nil, []string{"--step -1", "positive"}},
		{"size prob NaN", []string{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "1", "--to", "10", "--prob", "NaN"}, nil, []string{"--prob NaN"}},
		{"size from above to", []string{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "10", "--to", "1"}, nil, []string{"--from 10 --to 1"}},
		{"sweep base broken by --set", []string{"sweep", small, "--design", "$IN/design.yaml", "--set", "statutory.turnover=2"}, nil, []string{"--set", "key statutory.turnover", "value 2"}},
		{"size base broken by env", []string{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "8", "--to", "9"},
			[]string{"CASELOAD_STATUTORY_TURNOVER=2"}, []string{"CASELOAD_STATUTORY_TURNOVER", "value 2"}},
		{"run --out cannot be created", []string{"run", small, "--out", "$IN/afile/sub"}, nil, []string{"$IN/afile/sub", "cannot be created"}},
		{"run --out holds other files", []string{"run", small, "--out", "$IN"}, nil, []string{"$IN", "not a caseload run"}},
		{"sweep --out holds other files", []string{"sweep", small, "--design", "$IN/design.yaml", "--out", "$IN"}, nil, []string{"$IN", "already holds files"}},
		{"trial --out holds other files", []string{"trial", swis, "--trials", "2", "--out", "$IN"}, nil, []string{"$IN", "already holds files"}},
		{"calibration --out holds other files", []string{"calibration", small, "--out", "$IN"}, nil, []string{"$IN", "not a caseload run"}},
		{"resume of nothing", []string{"sweep", small, "--design", "$IN/design.yaml", "--resume", "$IN"}, nil, []string{"$IN", "no run to resume"}},
		{"optimise without --budget", []string{"optimise", small, "--objective", "care_entries"}, nil, []string{"--budget is required", "pounds a year"}},
		{"sensitivity bad method", []string{"sensitivity", small, "--design", "$IN/design.yaml", "--method", "guess"}, nil, []string{"--method guess"}},
	}
	// --out naming a file, and a symbolic link, for every command that writes
	for _, c := range [][]string{
		{"run", small},
		{"compare", small, small},
		{"sweep", small, "--design", "$IN/design.yaml"},
		{"sensitivity", small, "--design", "$IN/design.yaml"},
		{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1", "--from", "8", "--to", "9"},
		{"trial", swis, "--trials", "2"},
		{"calibration", small},
	} {
		tests = append(tests, struct {
			name string
			args []string
			env  []string
			want []string
		}{c[0] + " --out a file", append(slices.Clone(c), "--out", "$IN/afile"), nil, []string{"$IN/afile", "is not a folder", "it is a file"}},
			struct {
				name string
				args []string
				env  []string
				want []string
			}{c[0] + " --out a symlink", append(slices.Clone(c), "--out", "$IN/alink"), nil, []string{"$IN/alink", "symbolic link"}})
	}
	var out []hostileCase
	for _, tc := range tests {
		out = append(out, hostileCase{name: tc.name, args: tc.args, env: tc.env, want: tc.want})
	}
	return out
}

// A panic anywhere is an internal error: exit 3, with the version, never
// the status of bad input.
func TestPanicIsInternalError(t *testing.T) {
	beforeCommand = func(name string) {
		if name == "validate" {
			panic("injected")
		}
	}
	t.Cleanup(func() { beforeCommand = nil })
	r := runCLI(t, nil, "validate", scenario("baseline.yaml"))
	if r.code != exitInternal {
		t.Errorf("exit status %d, want %d", r.code, exitInternal)
	}
	for _, w := range []string{"internal error", "injected", "version " + version()} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr does not contain %q: %s", w, r.stderr)
		}
	}
}

// A second writer on the same --out is refused (exit 2) naming the
// holder's pid, for a run and for a sweep, and writes nothing.
func TestConcurrentWriterRefused(t *testing.T) {
	small := abs(t, filepath.Join("testdata", "small.yaml"))
	swis := abs(t, scenario("swis.yaml"))
	root := t.TempDir()
	design := filepath.Join(root, "design.yaml")
	os.WriteFile(design, []byte(smallGrid), 0o644)
	out := filepath.Join(root, "out")
	held, err := outdir.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	for _, args := range [][]string{
		{"run", small, "--reps", "1", "--out", out},
		{"sweep", small, "--design", design, "--reps", "1", "--out", out},
		append([]string{"trial", swis, "--trials", "1", "--schools", "8", "--bands", "1", "--out", out}, smallLA...),
	} {
		before := tree(t, root)
		r := runCLI(t, nil, args...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, "pid "+strconv.Itoa(os.Getpid())) {
			t.Errorf("%s: exit %d, stderr %q; want 2 naming pid %d", args[0], r.code, r.stderr, os.Getpid())
		}
		if after := tree(t, root); !slices.Equal(before, after) {
			t.Errorf("%s: files changed:\nbefore %v\nafter  %v", args[0], before, after)
		}
	}
}

// --quiet leaves only the line that says where the results are, for
// every command that prints tables.
func TestQuiet(t *testing.T) {
	small := abs(t, filepath.Join("testdata", "small.yaml"))
	root := t.TempDir()
	design := filepath.Join(root, "design.yaml")
	os.WriteFile(design, []byte(smallGrid), 0o644)
	for i, args := range [][]string{
		{"run", small, "--reps", "2"},
		{"sweep", small, "--design", design, "--reps", "2"},
		{"sensitivity", small, "--design", design, "--reps", "2", "--method", "oat"},
		{"size", small, "--vary", "statutory.posts", "--target", "cost_total <= 1e12", "--from", "8", "--to", "9", "--step", "1", "--reps", "2"},
		append([]string{"trial", abs(t, scenario("swis.yaml")), "--trials", "2", "--years", "1", "--schools", "8", "--bands", "1"}, smallLA...),
	} {
		out := filepath.Join(root, "out"+strconv.Itoa(i))
		r := mustRun(t, nil, append(args, "--quiet", "--out", out)...)
		if want := "results written to " + out + "\n"; r.stdout != want {
			t.Errorf("%s --quiet: stdout %q, want %q", args[0], r.stdout, want)
		}
	}
	out := filepath.Join(root, "calib")
	r := mustRun(t, nil, "calibration", small, "--reps", "2", "--quiet", "--out", out)
	if r.stdout != "" {
		t.Errorf("calibration --quiet: stdout %q", r.stdout)
	}
	want := []string{"annual.csv", "calibration.md", "charts", "durations.csv", "invocations.log", "manifest.json", "replications.csv", "report.html", "results.xlsx", "summary.csv", "summary.json", "weekly.csv"}
	if got := entries(t, out); !slices.Equal(got, want) {
		t.Errorf("calibration --out holds %v", got)
	}
	if !bytes.Contains(readFile(t, filepath.Join(out, "calibration.md")), []byte("| figure | target |")) {
		t.Error("calibration.md holds no table")
	}
}

// The default scenario of calibration is found from any working folder
// where the program sits beside the scenarios, and otherwise the error
// says how to fix it.
func TestCalibrationDefaultScenarioElsewhere(t *testing.T) {
	t.Chdir(t.TempDir())
	r := runCLI(t, nil, "calibration", "--reps", "1")
	if r.code != exitBadInput || !strings.Contains(r.stderr, "name the scenario") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
}

// startMain runs the program in a child process with the test hook env.
func startMain(t *testing.T, env []string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(append(os.Environ(), "RUN_CASELOAD_MAIN=1"), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, &stderr
}

// waitFor polls cond until it holds, or fails the test after a minute.
func waitFor(t *testing.T, cmd *exec.Cmd, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("not reached within a minute: %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func kill(cmd *exec.Cmd) {
	cmd.Process.Kill()
	cmd.Wait()
}

// sameFiles checks that dir holds the files of want, byte for byte, but
// for the invocation log, and nothing else.
func sameFiles(t *testing.T, want, dir string) {
	t.Helper()
	var a, b []string
	filepath.WalkDir(want, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != outdir.LogName {
			rel, _ := filepath.Rel(want, p)
			a = append(a, rel)
		}
		return nil
	})
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != outdir.LogName {
			rel, _ := filepath.Rel(dir, p)
			b = append(b, rel)
		}
		return nil
	})
	if !slices.Equal(a, b) {
		t.Fatalf("%s holds %v, want %v", dir, b, a)
	}
	for _, rel := range a {
		if x, y := readFile(t, filepath.Join(want, rel)), readFile(t, filepath.Join(dir, rel)); !bytes.Equal(x, y) {
			t.Errorf("%s differs from the uninterrupted run's:\n%s", rel, firstDifference(string(x), string(y)))
		}
	}
}

// noDebris checks that nothing but the results folders is left in parent
// and no temporary in them.
func noDebris(t *testing.T, parent string, keep ...string) {
	t.Helper()
	if got := entries(t, parent); !slices.Equal(got, keep) {
		t.Errorf("%s holds %v, want only %v", parent, got, keep)
	}
	filepath.WalkDir(parent, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			t.Errorf("temporary left: %s", p)
		}
		return nil
	})
}

// TestKillRun kills `run` (SIGKILL) early, while the new folder waits to
// be swapped in, and between the swap and the removal of the old one;
// each time the rerun gives files byte-identical to an uninterrupted run
// and leaves no debris, and there is never a moment with no folder once
// there was one.
func TestKillRun(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program in child processes")
	}
	root := t.TempDir()
	small := abs(t, filepath.Join("testdata", "small.yaml"))
	args := func(out, seed string) []string {
		return []string{"run", small, "--reps", "3", "--seed", seed, "--quiet", "--out", out}
	}
	ref := filepath.Join(root, "ref", "out")
	mustRun(t, nil, args(ref, "5")...)

	parent := filepath.Join(root, "p")
	out := filepath.Join(parent, "out")
	tmpWith := func(file string) func() bool {
		return func() bool {
			m, _ := filepath.Glob(filepath.Join(parent, ".out.tmp-*", file))
			return len(m) > 0
		}
	}
	// early: killed at once (before the folder is swapped in, at the
	// latest, where the hook holds it)
	cmd, _ := startMain(t, []string{pauseEnv + "=commit:5000"}, args(out, "5")...)
	time.Sleep(20 * time.Millisecond)
	kill(cmd)
	// during the final write of a first run: the complete folder waits
	cmd, _ = startMain(t, []string{pauseEnv + "=commit:5000"}, args(out, "5")...)
	waitFor(t, cmd, "new folder complete", tmpWith("manifest.json"))
	kill(cmd)
	if _, err := os.Stat(out); err == nil {
		t.Error("a folder appeared before its swap")
	}
	mustRun(t, nil, args(out, "6")...) // an older run to replace
	for _, moment := range []string{"commit", "swapped"} {
		cmd, _ = startMain(t, []string{pauseEnv + "=" + moment + ":5000"}, args(out, "5")...)
		if moment == "commit" {
			waitFor(t, cmd, "new folder complete", tmpWith("manifest.json"))
		} else {
			waitFor(t, cmd, "folders swapped", func() bool {
				b, _ := os.ReadFile(filepath.Join(out, "summary.csv"))
				return tmpWith("summary.csv")() && bytes.Equal(b, readFile(t, filepath.Join(ref, "summary.csv")))
			})
		}
		kill(cmd)
		if _, err := os.Stat(filepath.Join(out, "manifest.json")); err != nil {
			t.Errorf("killed at %s: no results folder: %v", moment, err)
		}
		mustRun(t, nil, args(out, "5")...)
		sameFiles(t, ref, out)
		noDebris(t, parent, "out")
		mustRun(t, nil, args(out, "6")...)
	}
}

// TestKillSweep kills a sweep (SIGKILL) after its first point, and while
// its final files are written; --resume then finishes it with files
// byte-identical to an uninterrupted sweep's and no debris.
func TestKillSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program in child processes")
	}
	root := t.TempDir()
	small := abs(t, filepath.Join("testdata", "small.yaml"))
	design := filepath.Join(root, "design.yaml")
	os.WriteFile(design, []byte("factors:\n  - {key: statutory.posts, low: 6, high: 9, levels: 4}\n"), 0o644)
	args := func(out string, extra ...string) []string {
		return append([]string{"sweep", small, "--design", design, "--reps", "2", "--seed", "3", "--quiet", "--out", out}, extra...)
	}
	ref := filepath.Join(root, "ref", "out")
	mustRun(t, nil, args(ref)...)

	parent := filepath.Join(root, "p")
	out := filepath.Join(parent, "out")
	// early: killed at once, then started again (resumed if it had begun)
	cmd, _ := startMain(t, []string{pauseEnv + "=file:300"}, args(out)...)
	time.Sleep(20 * time.Millisecond)
	kill(cmd)
	again := args(out)
	if _, err := os.Stat(filepath.Join(out, "state.json")); err == nil {
		again = args(out, "--resume", out)
	}
	mustRun(t, nil, again...)
	sameFiles(t, ref, out)
	noDebris(t, parent, "out")
	os.RemoveAll(out)
	// mid-run: each file write waits, so a point temporary is on disk
	cmd, _ = startMain(t, []string{pauseEnv + "=file:300"}, args(out)...)
	waitFor(t, cmd, "a point finished and another being written", func() bool {
		done, _ := os.ReadDir(filepath.Join(out, "points"))
		tmp, _ := filepath.Glob(filepath.Join(out, "points", ".*.tmp-*"))
		return len(done) >= 2 && len(tmp) > 0
	})
	kill(cmd)
	// the final write: killed while manifest.json is being written
	cmd, _ = startMain(t, []string{pauseEnv + "=file:300"}, args(out, "--resume", out)...)
	waitFor(t, cmd, "final files being written", func() bool {
		m, _ := filepath.Glob(filepath.Join(out, ".manifest.json.tmp-*"))
		return len(m) > 0
	})
	kill(cmd)
	mustRun(t, nil, args(out, "--resume", out)...)
	sameFiles(t, ref, out)
	noDebris(t, parent, "out")
	if n := bytes.Count(readFile(t, filepath.Join(out, outdir.LogName)), []byte("\n")); n != 3 {
		t.Errorf("invocation log has %d lines, want 3 (the run and two resumes)", n)
	}
}

// Ctrl-C stops run and compare with status 130, nothing written and no
// debris.
func TestInterruptRunAndCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program in child processes")
	}
	small := abs(t, filepath.Join("testdata", "small.yaml"))
	for _, args := range [][]string{
		{"run", small},
		{"compare", small, small},
	} {
		parent := t.TempDir()
		out := filepath.Join(parent, "out")
		cmd, stderr := startMain(t, nil, append(args, "--reps", "100000", "--workers", "1", "--quiet", "--out", out)...)
		waitFor(t, cmd, "lock taken", func() bool {
			_, err := os.Stat(filepath.Join(parent, ".out.lock"))
			return err == nil
		})
		time.Sleep(50 * time.Millisecond)
		cmd.Process.Signal(os.Interrupt)
		err := cmd.Wait()
		if code := cmd.ProcessState.ExitCode(); code != exitInterrupted {
			t.Errorf("%s: exit %d (%v), want %d; stderr %s", args[0], code, err, exitInterrupted, stderr)
		}
		if !strings.Contains(stderr.String(), "nothing written") {
			t.Errorf("%s: stderr %q", args[0], stderr)
		}
		if got := entries(t, parent); len(got) != 0 {
			t.Errorf("%s: left %v", args[0], got)
		}
	}
}

// Every command's help has an example and points to caseload params for
// the keys; the root help lists the exit statuses.
func TestHelp(t *testing.T) {
	for _, name := range []string{"run", "compare", "validate", "params", "calibration", "sweep", "sensitivity", "size", "trial"} {
		r := mustRun(t, nil, name, "--help")
		for _, w := range []string{"Examples:", "caseload params"} {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%s --help has no %q", name, w)
			}
		}
	}
	r := mustRun(t, nil, "--help")
	for _, w := range []string{"Exit status", "130", "internal error", "--max-sims",
		"caseload status: every item", "caseload status: items are missing", "caseload status: the folder is damaged"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("caseload --help has no %q", w)
		}
	}
	if r := runCLI(t, nil, "help", "frobnicate"); r.code != exitBadInput {
		t.Errorf("help of an unknown topic: exit %d", r.code)
	}
	mustRun(t, nil, "help", "run")
}

// TestKillTrial kills a trial run (SIGKILL) while a trial is being
// written; --resume then finishes it with files byte-identical to an
// uninterrupted run's and no debris.
func TestKillTrial(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the program in child processes")
	}
	root := t.TempDir()
	ref := filepath.Join(root, "ref", "out")
	mustRun(t, nil, trialArgs(ref, "--trials", "4", "--workers", "1")...)
	parent := filepath.Join(root, "p")
	out := filepath.Join(parent, "out")
	cmd, _ := startMain(t, []string{pauseEnv + "=file:300"}, trialArgs(out, "--trials", "4", "--workers", "1")...)
	waitFor(t, cmd, "a trial finished and another being written", func() bool {
		done, _ := os.ReadDir(filepath.Join(out, "trials"))
		tmp, _ := filepath.Glob(filepath.Join(out, "trials", ".*.tmp-*"))
		return len(done) >= 2 && len(tmp) > 0
	})
	kill(cmd)
	mustRun(t, nil, trialArgs(out, "--trials", "4", "--workers", "1", "--resume", out)...)
	sameFiles(t, ref, out)
	noDebris(t, parent, "out")
}
