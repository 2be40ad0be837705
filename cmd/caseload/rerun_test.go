package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseload/caseload/outdir"
)

// rerun runs the folder's command again, with the CASELOAD_ variables
// its log records, and finds every file the same; a file altered,
// removed or added since is named, and the exit status is 1 where the
// folder is not reproduced.
func TestRerun(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "c")
	env := []string{"CASELOAD_YEARS=1"}
	mustRun(t, env, "compare", scenario("baseline.yaml"), scenario("embedded.yaml"), "--reps", "2", "--out", dir, "--quiet")
	// the environment is the log's, not rerun's own
	r := mustRun(t, []string{"CASELOAD_YEARS=2"}, "rerun", dir)
	for _, w := range []string{"rerun of " + dir + ": caseload compare ", "--reps=2", "with CASELOAD_YEARS=1", "reproduced: the ", " files the run wrote have the same bytes as " + dir} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	// --out keeps the run
	again := filepath.Join(t.TempDir(), "again")
	mustRun(t, nil, "rerun", dir, "--out", again, "--workers", "1")
	if _, err := os.Stat(filepath.Join(again, "summary.csv")); err != nil {
		t.Error(err)
	}
	// a file altered, one removed, one of one's own
	f, err := os.OpenFile(filepath.Join(dir, "summary.csv"), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("x\n")
	f.Close()
	if err := os.Remove(filepath.Join(dir, "weekly.csv")); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "mine.txt"), []byte("notes\n"), 0o644)
	r = runCLI(t, nil, "rerun", dir)
	if r.code != exitFailure {
		t.Errorf("altered folder: exit %d, want %d\n%s%s", r.code, exitFailure, r.stdout, r.stderr)
	}
	for _, w := range []string{"not reproduced: 2 of the ", "differs: summary.csv", "missing in " + dir + ": weekly.csv", "only in " + dir + " (the run does not write it): mine.txt"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "differs: report.html") || strings.Contains(r.stdout, "differs: manifest.json") {
		t.Errorf("an unaltered file differs:\n%s", r.stdout)
	}
}

// A sharded folder is run again as its shards' shared command, on one
// machine, and reproduced: the merge's files are one machine's.
func TestRerunSharded(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	for _, k := range []string{"0/2", "1/2"} {
		mustRun(t, nil, "run", scenario("baseline.yaml"), "--reps", "3", "--years", "1", "--shard", k, "--out", dir, "--quiet")
	}
	mustRun(t, nil, "merge", dir, "--quiet")
	r := mustRun(t, nil, "rerun", dir)
	if !strings.Contains(r.stdout, "caseload run "+scenario("baseline.yaml")+" --reps=3 --years=1\n") || !strings.Contains(r.stdout, "reproduced: ") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
}

// A log written before the working folder and the variables were
// recorded is run here, with none, and says so; a log line caseload did
// not write, a command that writes no results folder, a folder that is
// not caseload's, and flags out of range are bad input.
func TestRerunBadInput(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	mustRun(t, nil, "run", scenario("baseline.yaml"), "--reps", "2", "--years", "1", "--out", dir, "--quiet")
	log := filepath.Join(dir, outdir.LogName)
	line := func(inv outdir.Invocation) {
		b, err := json.Marshal(inv)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(log, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	var inv outdir.Invocation
	if err := json.Unmarshal(b, &inv); err != nil {
		t.Fatal(err)
	}
	old := inv
	old.Env, old.Dir = nil, ""
	line(old)
	if r := mustRun(t, nil, "rerun", dir); !strings.Contains(r.stdout, "does not record the working folder") || !strings.Contains(r.stdout, "reproduced: ") {
		t.Errorf("an older log:\n%s", r.stdout)
	}
	// a working folder that is not here (another machine's): run here
	moved := inv
	moved.Dir = filepath.Join(t.TempDir(), "gone")
	line(moved)
	if r := mustRun(t, nil, "rerun", dir); !strings.Contains(r.stdout, "the folder the command ran in, "+moved.Dir+", is not here: run in the current folder") || !strings.Contains(r.stdout, "reproduced: ") {
		t.Errorf("a working folder not here:\n%s", r.stdout)
	}
	notOurs := t.TempDir()
	os.WriteFile(filepath.Join(notOurs, "manifest.json"), []byte(`{"name":"another program"}`), 0o644)
	report := inv
	report.Command = []string{"caseload", "report", dir}
	for _, c := range []struct {
		what string
		log  func()
		args []string
		want []string
	}{
		{"log not JSON", func() { os.WriteFile(log, []byte("caseload run x.yaml\n"), 0o644) }, []string{dir}, []string{log + ", line 1: ", "expected a JSON object"}},
		{"log empty", func() { os.WriteFile(log, nil, 0o644) }, []string{dir}, []string{log + ": empty"}},
		{"log gone", func() { os.Remove(log) }, []string{dir}, []string{log + ": it does not exist"}},
		{"a report's line", func() { line(report) }, []string{dir}, []string{"line 1: key command: ", "expected a command that writes a results folder", "not caseload report"}},
		{"no command", func() { i := inv; i.Command = []string{"caseload"}; line(i) }, []string{dir}, []string{"expected caseload and a command"}},
		{"not caseload's", func() { line(inv) }, []string{notOurs}, []string{notOurs + ": expected a folder caseload wrote"}},
		{"no folder", func() {}, []string{filepath.Join(notOurs, "none")}, []string{"it does not exist"}},
		{"the folder itself as --out", func() {}, []string{dir, "--out", dir}, []string{"expected another folder than the one compared"}},
		{"--out inside the folder", func() {}, []string{dir, "--out", filepath.Join(dir, "again")}, []string{"--out " + filepath.Join(dir, "again") + ": expected a folder outside " + dir}},
		{"--out holding the folder", func() {}, []string{dir, "--out", filepath.Dir(dir)}, []string{"and not one that holds it"}},
		{"workers 0", func() {}, []string{dir, "--workers", "0"}, []string{"--workers 0: expected 1 to 1,024"}},
	} {
		c.log()
		r := runCLI(t, nil, append([]string{"rerun"}, c.args...)...)
		if r.code != exitBadInput {
			t.Errorf("%s: exit %d, want %d\n%s", c.what, r.code, exitBadInput, r.stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: stderr lacks %q: %s", c.what, w, r.stderr)
			}
		}
	}
}

// The logged command line is run again as the program read it: a global
// flag before the command's name (--cpuprofile), --out=DIR, and --la
// alone among the flags it keeps; where and how it ran are left out.
func TestRerunCommandLine(t *testing.T) {
	for _, c := range []struct{ logged, want string }{
		{"caseload --cpuprofile p.out run a.yaml --reps 2 --out d", "run a.yaml --reps=2"},
		{"caseload --cpuprofile=p.out run --reps 2 a.yaml --out=d --quiet", "run a.yaml --reps=2"},
		{"caseload compare a.yaml --la Rutland --neighbours --workers 3 --out d", "compare a.yaml --set=la.area=Rutland --neighbours=true"},
		{"caseload sweep a.yaml --design g.yaml --resume d --shard 0/2", "sweep a.yaml --design=g.yaml"},
	} {
		got, err := rerunOf(&outdir.Invocation{Command: strings.Fields(c.logged)})
		if err != nil {
			t.Errorf("%s: %v", c.logged, err)
			continue
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("%s: runs again %s, want %s", c.logged, g, c.want)
		}
	}
}

// rerun from another folder runs the command in the folder the log
// records (its scenario paths are relative to it), and comes back to the
// current folder, the run reproduced or not; its temporary folder is
// removed either way.
func TestRerunElsewhere(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	mustRun(t, nil, "run", scenario("baseline.yaml"), "--reps", "2", "--years", "1", "--out", dir, "--quiet")
	ran, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	here := t.TempDir()
	t.Chdir(here)
	wd := func(what string) {
		t.Helper()
		if got, err := os.Getwd(); err != nil || got != here {
			t.Errorf("%s: working folder %s (%v), want %s", what, got, err, here)
		}
		if es, err := os.ReadDir(tmp); err != nil || len(es) > 0 {
			t.Errorf("%s: the temporary folder holds %v (%v)", what, es, err)
		}
	}
	if r := mustRun(t, nil, "rerun", dir); !strings.Contains(r.stdout, "reproduced: ") || !strings.Contains(r.stdout, "\n  in "+ran+"\n") {
		t.Errorf("stdout:\n%s", r.stdout)
	}
	wd("reproduced")
	// another build and machine kind: shown, not compared; the manifest
	// is compared by its values, not its layout
	path := filepath.Join(dir, "manifest.json")
	orig := readFile(t, path)
	var man map[string]any
	if err := json.Unmarshal(orig, &man); err != nil {
		t.Fatal(err)
	}
	man["version"], man["arch"] = "v9.9.9", "arm64"
	b, _ := json.Marshal(man)
	os.WriteFile(path, b, 0o644)
	r := mustRun(t, nil, "rerun", dir)
	for _, w := range []string{"written by v9.9.9, ", "another build", "machine kind arm64 then, ", "reproduced: "} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("another build: stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	man["seed"] = 2
	b, _ = json.Marshal(man)
	os.WriteFile(path, b, 0o644)
	if r := runCLI(t, nil, "rerun", dir); r.code != exitFailure || !strings.Contains(r.stdout, "differs: manifest.json") {
		t.Errorf("another seed in the manifest: exit %d, want %d\n%s", r.code, exitFailure, r.stdout)
	}
	os.WriteFile(path, orig, 0o644)
	os.WriteFile(filepath.Join(dir, "summary.csv"), []byte("x\n"), 0o644)
	if r := runCLI(t, nil, "rerun", dir); r.code != exitFailure {
		t.Errorf("altered: exit %d, want %d\n%s", r.code, exitFailure, r.stderr)
	}
	wd("not reproduced")
	// the run itself fails: a scenario the log names is not there
	log := filepath.Join(dir, outdir.LogName)
	b = readFile(t, log)
	os.WriteFile(log, []byte(strings.Replace(string(b), "baseline.yaml", "gone.yaml", 1)), 0o644)
	if r := runCLI(t, nil, "rerun", dir); r.code != exitBadInput || !strings.Contains(r.stderr, "gone.yaml") {
		t.Errorf("a scenario gone: exit %d, want %d\n%s", r.code, exitBadInput, r.stderr)
	}
	wd("the run failed")
}

// A calibration folder is run again without its line saying where it
// wrote (calibration's, on stderr): rerun's temporary folder is removed.
func TestRerunCalibration(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cal")
	mustRun(t, nil, "calibration", scenario("baseline.yaml"), "--reps", "2", "--years", "1", "--out", dir, "--quiet")
	r := mustRun(t, nil, "rerun", dir)
	if !strings.Contains(r.stdout, "reproduced: ") || strings.Contains(r.stderr, "results written to") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	kept := filepath.Join(t.TempDir(), "kept")
	if r := mustRun(t, nil, "rerun", dir, "--out", kept); !strings.Contains(r.stderr, "results written to "+kept) {
		t.Errorf("--out: stderr %q", r.stderr)
	}
}

// TestRerunInterrupted stops rerun once its run has finished, as a Ctrl-C
// then would: it exits 130 with no verdict, says whether the run is kept,
// and leaves no temporary folder.
func TestRerunInterrupted(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "r")
	mustRun(t, nil, append([]string{"run", scenario("baseline.yaml"), "--reps", "1", "--out", dir, "--quiet"}, smallLA...)...)
	afterRerunRun = func(stop func()) { stop() }
	t.Cleanup(func() { afterRerunRun = nil })
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	kept := filepath.Join(t.TempDir(), "kept")
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "stopped before the folders were compared: nothing kept"},
		{[]string{"--out", kept}, "stopped before the folders were compared: the run is kept in " + kept},
	} {
		r := runCLI(t, nil, append([]string{"rerun", dir}, c.args...)...)
		if r.code != exitInterrupted || !strings.Contains(r.stderr, c.want) {
			t.Errorf("rerun %v: exit %d, want %d; stderr %q, want %q", c.args, r.code, exitInterrupted, r.stderr, c.want)
		}
		if strings.Contains(r.stdout, "reproduced") {
			t.Errorf("rerun %v: a verdict after the stop:\n%s", c.args, r.stdout)
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("temporary folders left: %v", left)
	}
	if _, err := os.Stat(filepath.Join(kept, "summary.csv")); err != nil {
		t.Errorf("--out's run not kept: %v", err)
	}
}
