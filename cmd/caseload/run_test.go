package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/caseload/caseload/config"
)

// TestValidateShippedScenarios checks every file in scenarios/, one at a
// time and all at once.
func TestValidateShippedScenarios(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(scenariosDir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios found in %s (%v)", scenariosDir, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := mustRun(t, nil, "validate", f)
			if !strings.HasPrefix(r.stdout, f+": ok (scenario ") {
				t.Errorf("stdout = %q, want %q", r.stdout, f+": ok (scenario ...)")
			}
			if strings.Contains(r.stdout, " 1 measured years") {
				t.Errorf("stdout = %q: one measured year is not years", r.stdout)
			}
		})
	}
	t.Run("all at once", func(t *testing.T) {
		r := mustRun(t, nil, append([]string{"validate"}, files...)...)
		if n := strings.Count(r.stdout, ": ok ("); n != len(files) {
			t.Errorf("%d files reported ok, want %d:\n%s", n, len(files), r.stdout)
		}
	})
	// bad files among good ones: every file is checked, each bad one named
	t.Run("bad files among them", func(t *testing.T) {
		dir := t.TempDir()
		bad1, bad2 := filepath.Join(dir, "bad1.yaml"), filepath.Join(dir, "bad2.yaml")
		os.WriteFile(bad1, []byte("years: -1\n"), 0o644)
		os.WriteFile(bad2, []byte("la:\n  childern: 5\n"), 0o644)
		r := runCLI(t, nil, "validate", files[0], bad1, files[1], bad2)
		if r.code != exitBadInput || strings.Count(r.stdout, ": ok (") != 2 ||
			!strings.Contains(r.stderr, "caseload: "+bad1+": key years") || !strings.Contains(r.stderr, "caseload: "+bad2+": key la.childern") {
			t.Errorf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
		}
	})
	// what the files are checked for together (a CASELOAD_ variable or a
	// role --set made that none of them takes) fails the command before
	// any file is said ok
	for _, c := range []struct {
		name string
		env  []string
		args []string
	}{
		{"a variable none takes", []string{"CASELOAD_SCHOOL_WORKFORCE_TEAMS_EMBEDED_FTE=3"}, nil},
		{"a role none takes", nil, []string{"--set", "school_workforce.roles.qualifed.annual_cost=45000"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runCLI(t, c.env, append([]string{"validate", files[0], files[1]}, c.args...)...)
			if r.code != exitBadInput || r.stdout != "" || !strings.Contains(r.stderr, "EMBEDED") && !strings.Contains(r.stderr, "qualifed") {
				t.Errorf("exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
			}
		})
	}
}

// validate, interrupted while it reads a file (a fit to the LA's own
// figures), still says which files it found ok before, and stops with
// status 130.
func TestValidateInterrupted(t *testing.T) {
	dir := t.TempDir()
	slow := filepath.Join(dir, "own.yaml")
	os.WriteFile(slow, []byte("extends: "+abs(t, scenario("baseline.yaml"))+"\nla:\n  area: Rutland\n  figures_file: mine.yaml\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "mine.yaml"), []byte("children: 8100\nreferrals: 397\n"), 0o644) // figures no other test fits
	beforeCommand = func(name string) {
		if name == "validate" {
			stop := make(chan struct{})
			close(stop)
			config.SetInterrupt(stop) // as Ctrl-C does: the fit stops before its first round
		}
	}
	t.Cleanup(func() { beforeCommand = nil })
	first := scenario("baseline.yaml")
	r := runCLI(t, nil, "validate", first, slow, scenario("embedded.yaml"))
	if r.code != exitInterrupted || !strings.Contains(r.stderr, "interrupted") {
		t.Errorf("exit %d, want %d; stderr %s", r.code, exitInterrupted, r.stderr)
	}
	if !strings.HasPrefix(r.stdout, first+": ok (scenario ") || strings.Count(r.stdout, ": ok (") != 1 {
		t.Errorf("stdout %q, want %s said ok and no other file", r.stdout, first)
	}
}

// TestCompareWithItself compares a scenario with itself (the same file
// twice, and a copy that differs only in its name): on common random
// numbers every paired difference is 0.
func TestCompareWithItself(t *testing.T) {
	for _, c := range []struct{ second, name string }{
		{scenario("embedded.yaml"), "embedded#2"},
		{filepath.Join("testdata", "embedded-copy.yaml"), "embedded-copy"},
	} {
		t.Run(c.name, func(t *testing.T) { compareWithItself(t, c.second, c.name) })
	}
}

func compareWithItself(t *testing.T, second, name string) {
	out := filepath.Join(t.TempDir(), "out")
	args := append([]string{"compare", scenario("embedded.yaml"), second,
		"--seed", "3", "--reps", "3", "--quiet", "--out", out}, smallLA...)
	mustRun(t, nil, args...)

	recs := readCSV(t, filepath.Join(out, "summary.csv"))
	if want := []string{"scenario", "metric", "statistic", "value"}; !slices.Equal(recs[0], want) {
		t.Fatalf("summary.csv header %v, want %v", recs[0], want)
	}
	level := map[string]map[string]string{} // scenario -> metric/statistic -> value
	diffs := map[string]int{}
	for _, rec := range recs[1:] {
		scen, metric, stat, value := rec[0], rec[1], rec[2], rec[3]
		if level[scen] == nil {
			level[scen] = map[string]string{}
		}
		if !strings.HasPrefix(stat, "diff_") {
			level[scen][metric+"/"+stat] = value
			continue
		}
		if scen != name {
			t.Errorf("difference row for the reference %q: %v", scen, rec)
		}
		diffs[stat]++
		if stat == "diff_sd" {
			continue // 0 too, but only the mean and interval are promised
		}
		if v, err := strconv.ParseFloat(value, 64); err != nil || v != 0 {
			t.Errorf("%s %s = %q, want exactly 0", metric, stat, value)
		}
	}
	for _, stat := range []string{"diff_mean", "diff_ci95_low", "diff_ci95_high"} {
		if diffs[stat] == 0 {
			t.Errorf("summary.csv has no %s rows", stat)
		}
	}
	if !reflect.DeepEqual(level["embedded"], level[name]) {
		t.Error("the copy's statistics differ from the original's")
	}
	if len(level["embedded"]) == 0 {
		t.Error("no statistics for embedded")
	}
}

// TestDeterministicAcrossWorkers runs the same comparison on one worker
// and on two: every file but the invocation log is byte-identical (the
// manifest records no command line), and the log holds the command.
func TestDeterministicAcrossWorkers(t *testing.T) {
	tmp := t.TempDir()
	dirs := map[string]string{}
	cmdlines := map[string][]string{}
	for _, workers := range []string{"1", "2"} {
		dir := filepath.Join(tmp, "w"+workers)
		args := append([]string{"compare", scenario("baseline.yaml"), scenario("hub-and-spoke.yaml"),
			"--seed", "11", "--reps", "4", "--quiet", "--workers", workers, "--out", dir}, smallLA...)
		// enough primaries that the spokes have some the hub cannot take
		args = append(args, "--set", "la.schools.primary=40")
		mustRun(t, nil, args...)
		dirs[workers], cmdlines[workers] = dir, args
	}
	for _, name := range []string{"summary.csv", "summary.json", "weekly.csv", "replications.csv"} {
		a := readFile(t, filepath.Join(dirs["1"], name))
		b := readFile(t, filepath.Join(dirs["2"], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between --workers 1 and --workers 2:\n%s", name, firstDifference(string(a), string(b)))
		}
	}
	if a, b := entries(t, dirs["1"]), entries(t, dirs["2"]); !slices.Equal(a, b) {
		t.Errorf("files %v and %v differ", a, b)
	}

	if a, b := readFile(t, filepath.Join(dirs["1"], "manifest.json")), readFile(t, filepath.Join(dirs["2"], "manifest.json")); !bytes.Equal(a, b) {
		t.Errorf("manifest.json differs between --workers 1 and --workers 2:\n%s", firstDifference(string(a), string(b)))
	}
	// the command lines are in the invocation log, one line each
	for workers, dir := range dirs {
		var inv struct{ Command []string }
		if err := json.Unmarshal(readFile(t, filepath.Join(dir, "invocations.log")), &inv); err != nil {
			t.Fatalf("invocations.log: %v", err)
		}
		if want := append([]string{"caseload"}, cmdlines[workers]...); !slices.Equal(inv.Command, want) {
			t.Errorf("--workers %s: logged command %q, want %q", workers, inv.Command, want)
		}
	}
}

// TestPrecedence checks flags > environment > file > defaults, as recorded
// in the manifest's resolved configuration.
func TestPrecedence(t *testing.T) {
	file := filepath.Join("testdata", "precedence.yaml")
	tests := []struct {
		name     string
		env      []string
		args     []string
		turnover float64
		years    float64
	}{
		{name: "file", turnover: 0.11, years: 1},
		{name: "environment beats file", env: []string{"CASELOAD_STATUTORY_TURNOVER=0.22", "CASELOAD_YEARS=2"},
			turnover: 0.22, years: 2},
		{name: "--set beats environment", env: []string{"CASELOAD_STATUTORY_TURNOVER=0.22", "CASELOAD_YEARS=3"},
			args: []string{"--set", "statutory.turnover=0.33", "--set", "years=2"}, turnover: 0.33, years: 2},
		{name: "--set beats file", args: []string{"--set", "statutory.turnover=0.33"}, turnover: 0.33, years: 1},
		{name: "later --set wins", args: []string{"--set", "statutory.turnover=0.33", "--set", "statutory.turnover=0.44"},
			turnover: 0.44, years: 1},
		{name: "--years beats --set years and environment", env: []string{"CASELOAD_YEARS=3"},
			args: []string{"--years", "2", "--set", "years=3"}, turnover: 0.11, years: 2},
		{name: "other variables are ignored", env: []string{"HOME=/nowhere", "CASELOAD=1", "CASELOAD_STATUTORY_TURNOVER=0.22"},
			turnover: 0.22, years: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append([]string{"run", file, "--reps", "1", "--quiet", "--out", out}, tc.args...)
			mustRun(t, tc.env, args...)
			m := readManifest(t, out)
			scens := lookup(t, m, "scenarios").([]any)
			if len(scens) != 1 {
				t.Fatalf("%d scenarios in the manifest, want 1", len(scens))
			}
			cfg := lookup(t, scens[0], "config")
			if got := lookup(t, cfg, "statutory", "turnover"); got != tc.turnover {
				t.Errorf("statutory.turnover = %v, want %v", got, tc.turnover)
			}
			if got := lookup(t, cfg, "years"); got != tc.years {
				t.Errorf("config years = %v, want %v", got, tc.years)
			}
			if got := lookup(t, m, "years"); got != tc.years {
				t.Errorf("manifest years = %v, want %v", got, tc.years)
			}
			// The file's other settings survive the overrides.
			if got := lookup(t, cfg, "la", "children"); got != 4000.0 {
				t.Errorf("la.children = %v, want 4000 from the file", got)
			}
		})
	}
}

// TestOutReplacesFolder checks that a run into the folder of an earlier
// run replaces it whole and leaves nothing beside it, and that a folder
// holding anything else is refused (exit 2) and left as it was.
func TestOutReplacesFolder(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "out")
	args := append([]string{"run", filepath.Join("testdata", "small.yaml"), "--reps", "2", "--quiet", "--out", out}, smallLA...)
	mustRun(t, nil, append(args, "--seed", "9")...)
	if err := os.WriteFile(filepath.Join(out, "areas.csv"), []byte("old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, filepath.Join(out, "summary.csv"))
	r := mustRun(t, nil, args...)

	want := []string{"annual.csv", "charts", "durations.csv", "invocations.log", "manifest.json", "replications.csv", "report.html", "results.xlsx", "summary.csv", "summary.json", "weekly.csv"}
	if got := entries(t, out); !slices.Equal(got, want) {
		t.Errorf("%s holds %v, want exactly %v", out, got, want)
	}
	if b := readFile(t, filepath.Join(out, "summary.csv")); bytes.Equal(b, before) {
		t.Error("summary.csv was not rewritten")
	}
	if got := entries(t, parent); !slices.Equal(got, []string{"out"}) {
		t.Errorf("%s holds %v, want only out (no temporary or old copies)", parent, got)
	}
	if want := "results written to " + out + "\n"; r.stdout != want {
		t.Errorf("stdout = %q, want %q", r.stdout, want)
	}

	mine := filepath.Join(parent, "mine")
	os.MkdirAll(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "thesis.docx"), []byte("keep"), 0o644)
	args[len(args)-len(smallLA)-1] = mine
	r = runCLI(t, nil, args...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "thesis.docx") {
		t.Fatalf("a folder of other files: exit %d, %q", r.code, r.stderr)
	}
	if got := entries(t, mine); !slices.Equal(got, []string{"thesis.docx"}) {
		t.Errorf("%s holds %v after a refused run", mine, got)
	}
}

// TestDefaultOutFolder checks results/<name>-seed<seed> (and
// results/compare-seed<seed>) under the working directory, creating
// results/ where it does not exist.
func TestDefaultOutFolder(t *testing.T) {
	small := abs(t, filepath.Join("testdata", "small.yaml"))
	embedded := abs(t, scenario("embedded.yaml"))
	tests := []struct {
		name string
		args []string
		dir  string
	}{
		{"run", []string{"run", small, "--seed", "5"}, filepath.Join("results", "small-seed5")},
		{"run with the default seed", []string{"run", embedded}, filepath.Join("results", "embedded-seed1")},
		{"compare", []string{"compare", small, embedded, "--seed", "9"}, filepath.Join("results", "compare-seed9")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			wd := t.TempDir()
			t.Chdir(wd)
			args := append(append(tc.args, "--reps", "2", "--quiet"), smallLA...)
			r := mustRun(t, nil, args...)
			if _, err := os.Stat(filepath.Join(wd, tc.dir, "summary.csv")); err != nil {
				t.Errorf("no summary.csv in the default folder: %v", err)
			}
			if got := entries(t, wd); !slices.Equal(got, []string{"results"}) {
				t.Errorf("working directory holds %v, want only results", got)
			}
			if got, want := entries(t, filepath.Join(wd, "results")), []string{filepath.Base(tc.dir)}; !slices.Equal(got, want) {
				t.Errorf("results/ holds %v, want %v", got, want)
			}
			if want := "results written to " + tc.dir + "\n"; r.stdout != want {
				t.Errorf("stdout = %q, want %q", r.stdout, want)
			}
		})
	}
}
