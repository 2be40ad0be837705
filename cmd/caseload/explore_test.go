package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

const gridDesign = `method: grid
factors:
  - {key: statutory.posts, low: 150, high: 200, levels: 6}
  - {key: front_door.threshold, low: 1.3, high: 1.6, levels: 4}
`

// A sweep stopped by Ctrl-C part-way keeps its finished points; --resume
// finishes it without redoing them, and the results are byte-identical to
// a sweep that was never stopped.
func TestSweepInterruptAndResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a sweep in a child process")
	}
	dir := t.TempDir()
	design := filepath.Join(dir, "grid.yaml")
	os.WriteFile(design, []byte(gridDesign), 0o644)
	args := func(out string, extra ...string) []string {
		a := []string{"sweep", filepath.Join(scenariosDir, "baseline.yaml"), "--design", design, "--reps", "2",
			"--seed", "4", "--set", "years=1", "--quiet"}
		return append(append(a, "--out", out), extra...)
	}
	whole := filepath.Join(dir, "whole")
	mustRun(t, nil, args(whole)...)

	part := filepath.Join(dir, "part")
	cmd := exec.Command(os.Args[0], args(part)...)
	cmd.Env = append(os.Environ(), "RUN_CASELOAD_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if entries, _ := os.ReadDir(filepath.Join(part, "points")); len(entries) > 0 {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no point finished within a minute")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != exitInterrupted {
		t.Fatalf("interrupted sweep: %v; stderr %s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "--resume "+part) {
		t.Fatalf("no resume advice: %s", stderr.String())
	}
	kept, _ := os.ReadDir(filepath.Join(part, "points"))
	if len(kept) == 0 || len(kept) >= 24 {
		t.Fatalf("%d of 24 points kept", len(kept))
	}
	if _, err := os.Stat(filepath.Join(part, "sweep.csv")); err == nil {
		t.Fatal("a stopped sweep wrote its final table")
	}
	mustRun(t, nil, args(part, "--resume", part)...)
	a, _ := os.ReadFile(filepath.Join(whole, "sweep.csv"))
	b, _ := os.ReadFile(filepath.Join(part, "sweep.csv"))
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Fatal("the resumed sweep differs from the whole one")
	}
}

// Each exploring command runs on a small LA and writes its table.
func TestExploreCommands(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte(`method: lhs
samples: 3
morris: {trajectories: 2, levels: 4}
sobol: {base: 4, repetitions: 2}
factors:
  - {key: need.crisis, low: 0.0009, high: 0.0017}
  - {key: effects.evidence, values: [trial, pilots]}
`), 0o644)
	scen := filepath.Join(scenariosDir, "embedded.yaml")
	for _, c := range []struct {
		name string
		args []string
		want []string
	}{
		{"sweep", []string{"sweep", scen, "--design", design}, []string{"sweep.csv", "manifest.json"}},
		{"oat", []string{"sensitivity", scen, "--design", design, "--method", "oat", "--metric", "care_entries"}, []string{"sensitivity.csv"}},
		{"morris", []string{"sensitivity", scen, "--design", design, "--method", "morris", "--metric", "s47_enquiries"}, []string{"sensitivity.csv"}},
		{"sobol", []string{"sensitivity", scen, "--design", design, "--method", "sobol", "--metric", "referrals"}, []string{"sensitivity.csv"}},
		{"size", []string{"size", scen, "--vary", "statutory.posts", "--target", "statutory_caseload_mean <= 20", "--from", "6", "--to", "12", "--step", "2"}, []string{"size.csv"}},
		// keys are not case-sensitive, in --vary as in --set
		{"size, key in capitals", []string{"size", scen, "--vary", "Statutory.POSTS", "--target", "statutory_caseload_mean <= 20", "--from", "6", "--to", "12", "--step", "2"}, []string{"size.csv"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, c.name)
			args := append(append(c.args, smallLA...), "--reps", "2", "--out", out)
			r := mustRun(t, nil, args...)
			for _, f := range c.want {
				if _, err := os.Stat(filepath.Join(out, f)); err != nil {
					t.Errorf("%s missing: %v", f, err)
				}
			}
			if !strings.Contains(r.stdout, "results written to") {
				t.Errorf("stdout: %s", r.stdout)
			}
		})
	}
	if a, b := readFile(t, filepath.Join(dir, "size", "size.csv")), readFile(t, filepath.Join(dir, "size, key in capitals", "size.csv")); !bytes.Equal(a, b) {
		t.Errorf("size.csv differs with --vary in capitals:\n%s\n%s", a, b)
	}
}

// Bad input to the exploring commands exits 2 and writes nothing.
func TestExploreBadInput(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("factors:\n  - {key: statutory.posts, low: -5, high: 10}\n"), 0o644)
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("factors:\n  - {key: statutory.posts, low: 5, high: 10}\n"), 0o644)
	scen := filepath.Join(scenariosDir, "baseline.yaml")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no design", []string{"sweep", scen}, "--design"},
		{"bad factor value", []string{"sweep", scen, "--design", design}, "d.yaml"},
		{"missing design", []string{"sweep", scen, "--design", filepath.Join(dir, "none.yaml")}, "none.yaml"},
		{"unknown method", []string{"sensitivity", scen, "--design", good, "--method", "tornado"}, "tornado"},
		{"unknown metric", []string{"sensitivity", scen, "--design", good, "--metric", "happiness"}, "happiness"},
		{"misspelt metric", []string{"sensitivity", scen, "--design", good, "--metric", "care_entries_per10k"}, "did you mean care_entries_per_10k?"},
		{"bad target", []string{"size", scen, "--vary", "statutory.posts", "--target", "x <= 1", "--from", "1", "--to", "2"}, "--target"},
		{"vary a word", []string{"size", scen, "--vary", "effects.evidence", "--target", "referrals <= 1", "--from", "1", "--to", "2"}, "effects.evidence"},
		{"no range", []string{"size", scen, "--vary", "statutory.posts", "--target", "referrals <= 1"}, "--from"},
		{"fractional ends for a whole-number key", []string{"size", scen, "--vary", "la.localities", "--target", "referrals <= 1", "--from", "1.4", "--to", "3.6", "--step", "1.1"}, "--from: key la.localities: value 1.4: expected a whole number"},
		{"fractional step for a whole-number key", []string{"size", scen, "--vary", "la.localities", "--target", "referrals <= 1", "--from", "1", "--to", "4", "--step", "1.5"}, "--step: key la.localities: value 1.5: expected a whole number"},
		{"vary beyond the budget", []string{"size", filepath.Join(scenariosDir, "embedded.yaml"), "--vary", "school_workforce.teams.embedded.fte", "--target", "referrals <= 1", "--from", "1", "--to", "10"},
			"--vary: key school_workforce.teams.embedded.fte: value 5.5"},
		{"bad prob", []string{"size", scen, "--vary", "statutory.posts", "--target", "referrals <= 1", "--from", "1", "--to", "2", "--prob", "1.5"}, "--prob"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(c.name, " ", "-"))
			r := runCLI(t, nil, append(c.args, "--out", out)...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want 2 naming %q", r.code, r.stderr, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("bad input left a results folder")
			}
		})
	}
	// folders: one in use, a resume of nothing, a resume of another run
	grid := filepath.Join(dir, "grid.yaml")
	os.WriteFile(grid, []byte("factors:\n  - {key: statutory.posts, low: 8, high: 9, levels: 2}\n"), 0o644)
	sweep := func(extra ...string) result {
		return runCLI(t, nil, append(append([]string{"sweep", scen, "--design", grid, "--reps", "1", "--quiet", "--set", "years=1"}, smallLA...), extra...)...)
	}
	used := filepath.Join(dir, "used")
	os.MkdirAll(used, 0o755)
	os.WriteFile(filepath.Join(used, "notes.txt"), []byte("keep"), 0o644)
	done := filepath.Join(dir, "done")
	if r := sweep("--out", done); r.code != exitOK {
		t.Fatalf("sweep: %d %s", r.code, r.stderr)
	}
	for name, c := range map[string]struct {
		args []string
		want string
	}{
		"folder in use":      {[]string{"--out", used}, "already holds files"},
		"resume nothing":     {[]string{"--resume", filepath.Join(dir, "nothing")}, "no run to resume"},
		"resume another run": {[]string{"--resume", done, "--seed", "2"}, "different run"},
	} {
		if r := sweep(c.args...); r.code != exitBadInput || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: exit %d, stderr %q; want 2 naming %q", name, r.code, r.stderr, c.want)
		}
	}
	if got := entries(t, used); len(got) != 1 {
		t.Errorf("the folder in use now holds %v", got)
	}
}

// The lines a sensitivity analysis prints under its table are kept in
// manifest.json (extra.analysis), and its report shows them: a warning
// (here, one replication per point leaves the noise unknown) in the
// summary beside the ranking, how the intervals were made in the method.
func TestSensitivityLinesInReport(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("morris: {trajectories: 2, levels: 4}\nfactors:\n  - {key: need.crisis, low: 0.0009, high: 0.0017}\n  - {key: statutory.posts, low: 8, high: 10}\n"), 0o644)
	out := filepath.Join(dir, "m")
	args := append([]string{"sensitivity", filepath.Join(scenariosDir, "embedded.yaml"), "--design", design, "--method", "morris",
		"--metric", "s47_enquiries", "--reps", "1", "--years", "1", "--out", out}, smallLA...)
	r := mustRun(t, nil, args...)
	analysis, _ := lookup(t, readManifest(t, out), "extra", "analysis").(string)
	lines := strings.Split(analysis, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "mu* interval: Student t") || !strings.HasPrefix(lines[1], "warning: one replication per point") {
		t.Fatalf("extra.analysis %q", analysis)
	}
	for _, l := range lines {
		if !strings.Contains(r.stdout, l+"\n") {
			t.Errorf("the terminal did not show %q", l)
		}
	}
	page := string(readFile(t, filepath.Join(out, "report.html")))
	summary, method, _ := strings.Cut(page, "Mu* interval: Student t")
	if method == "" || !strings.Contains(summary, "Caution: one replication per point") {
		t.Errorf("report.html: the warning is not in the summary, or the interval's line not after it")
	}
}
