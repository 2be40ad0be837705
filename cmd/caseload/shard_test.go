package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/caseload/caseload/outdir"
)

// shardCases are the six commands that can be sharded, each small.
func shardCases(t *testing.T) []struct {
	name string
	args []string
} {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte(`method: lhs
samples: 5
sobol: {base: 4, repetitions: 2}
factors:
  - {key: need.crisis, low: 0.0009, high: 0.0017}
  - {key: statutory.posts, low: 8, high: 11}
`), 0o644)
	scen := scenario("embedded.yaml")
	small := func(a ...string) []string { return append(append(a, smallLA...), "--quiet") }
	return []struct {
		name string
		args []string
	}{
		{"run", small("run", scen, "--reps", "5", "--seed", "7")},
		{"compare", small("compare", scenario("baseline.yaml"), scen, "--reps", "4")},
		{"sweep", small("sweep", scen, "--design", design, "--reps", "2")},
		{"sensitivity", small("sensitivity", scen, "--design", design, "--method", "sobol", "--metric", "referrals", "--reps", "2")},
		{"size", small("size", scen, "--vary", "statutory.posts", "--target", "statutory_caseload_mean <= 20", "--from", "6", "--to", "12", "--step", "2", "--reps", "2")},
		{"trial", small("trial", scenario("swis.yaml"), "--schools", "8", "--years", "1", "--trials", "5", "--bands", "1", "--seed", "3")},
	}
}

// Shards writing one folder, merged, give every file of a run on one
// machine byte for byte, for every command that can be sharded; before
// the last shard, status names what is missing and the shard that runs
// it, and merge refuses.
func TestShardMergeEqualsOneMachine(t *testing.T) {
	for _, c := range shardCases(t) {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			whole, shared := filepath.Join(dir, "whole"), filepath.Join(dir, "shared")
			mustRun(t, nil, append(c.args, "--out", whole)...)
			for k := range 2 {
				r := mustRun(t, nil, append(c.args, "--out", shared, "--shard", fmt.Sprintf("%d/3", k))...)
				if !strings.Contains(r.stdout, "caseload merge "+shared) {
					t.Fatalf("shard %d says: %s", k, r.stdout)
				}
			}
			if _, err := os.Stat(filepath.Join(shared, "manifest.json")); err == nil {
				t.Fatal("a shard wrote the folder's manifest")
			}
			// status: exit 1, each missing item by shard with the command
			// that runs it, in the shards' folder
			st := runCLI(t, nil, "status", shared)
			wd, _ := os.Getwd()
			if st.code != exitFailure || !strings.Contains(st.stdout, "missing: 2") || !strings.Contains(st.stdout, "shard 2/3: 2") ||
				!strings.Contains(st.stdout, "cd "+shellQuote(wd)+" && caseload "+c.name) ||
				!strings.Contains(st.stdout, "--shard 2/3 --out "+shared) || !strings.Contains(st.stderr, "missing") {
				t.Fatalf("status: exit %d\n%s%s", st.code, st.stdout, st.stderr)
			}
			if r := runCLI(t, nil, "merge", shared); r.code != exitBadInput || !strings.Contains(r.stderr, "missing") {
				t.Fatalf("merge of an unfinished folder: exit %d, %s", r.code, r.stderr)
			}
			mustRun(t, nil, append(c.args, "--out", shared, "--shard", "2/3")...)
			if st := mustRun(t, nil, "status", shared); !strings.Contains(st.stdout, "complete") {
				t.Fatalf("status after every shard:\n%s", st.stdout)
			}
			if c.name == "run" || c.name == "compare" {
				// the merge replaces the folder whole: a file of one's own in it is refused, and kept
				mine := filepath.Join(shared, "mynotes.txt")
				os.WriteFile(mine, []byte("mine"), 0o644)
				if r := runCLI(t, nil, "merge", shared, "--quiet"); r.code != exitBadInput || !strings.Contains(r.stderr, "mynotes.txt") {
					t.Errorf("merge beside a file of one's own: exit %d, %s", r.code, r.stderr)
				}
				if b, _ := os.ReadFile(mine); string(b) != "mine" {
					t.Errorf("mynotes.txt now %q", b)
				}
				os.Remove(mine)
			}
			mustRun(t, nil, "merge", shared, "--quiet")
			sameFiles(t, whole, shared)
			if st := mustRun(t, nil, "status", shared); !strings.Contains(st.stdout, "complete") {
				t.Fatalf("status after the merge:\n%s", st.stdout)
			}
			// a second merge rewrites nothing, the log included
			log := readFile(t, filepath.Join(shared, "invocations.log"))
			if r := mustRun(t, nil, "merge", shared, "--quiet"); !strings.Contains(r.stdout, shared+": already merged") {
				t.Fatalf("second merge: %s", r.stdout)
			}
			if !bytes.Equal(log, readFile(t, filepath.Join(shared, "invocations.log"))) {
				t.Fatal("a second merge rewrote the log")
			}
			sameFiles(t, whole, shared)
			// the log keeps every shard's line, then the merge's
			var cmds []string
			for _, l := range strings.Split(strings.TrimSpace(string(readFile(t, filepath.Join(shared, "invocations.log")))), "\n") {
				var inv struct{ Command []string }
				if err := json.Unmarshal([]byte(l), &inv); err != nil {
					t.Fatalf("log line %q: %v", l, err)
				}
				cmds = append(cmds, strings.Join(inv.Command, " "))
			}
			if len(cmds) != 4 || !strings.Contains(cmds[0], "--shard 0/3") || !strings.Contains(cmds[2], "--shard 2/3") || !strings.Contains(cmds[3], "merge") {
				t.Errorf("invocations.log holds %d lines: %q; want the three shards' and the merge's", len(cmds), cmds)
			}
		})
	}
}

// A shard of another configuration (here another seed) or of another
// build is refused with bad input, before it runs anything.
func TestShardMismatchRefused(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	args := []string{"size", scenario("embedded.yaml"), "--vary", "statutory.posts", "--target", "statutory_caseload_mean <= 20",
		"--from", "6", "--to", "12", "--step", "2", "--reps", "1", "--quiet", "--out", shared}
	args = append(args, smallLA...)
	mustRun(t, nil, append(args, "--shard", "0/2")...)
	r := runCLI(t, nil, append(args, "--shard", "1/2", "--seed", "9")...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "another configuration") {
		t.Fatalf("another seed: exit %d, %s", r.code, r.stderr)
	}
	r = runCLI(t, nil, append(args, "--shard", "1/2", "--set", "need.crisis=0.001")...)
	if r.code != exitBadInput {
		t.Fatalf("another configuration: exit %d, %s", r.code, r.stderr)
	}
	// another build: the state records the build that started the folder
	var st outdir.State
	if err := outdir.ReadJSON(filepath.Join(shared, outdir.StateName), &st); err != nil {
		t.Fatal(err)
	}
	st.Build = "v0.0.0-other (0123456789ab)"
	outdir.WriteJSON(filepath.Join(shared, outdir.StateName), st)
	r = runCLI(t, nil, append(args, "--shard", "1/2")...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "another build") {
		t.Fatalf("another build: exit %d, %s", r.code, r.stderr)
	}
	if es, _ := os.ReadDir(filepath.Join(shared, "points")); len(es) != 2 {
		t.Fatalf("%d points after refused shards, want shard 0/2's 2", len(es))
	}
}

// A damaged item (a replication's file overwritten, a point's cut short)
// counts as missing: status names its shard, merge refuses (exit 2), and
// the shard run again redoes it, after which merge gives the one-machine
// run's files.
func TestShardRedoesADamagedItem(t *testing.T) {
	for _, c := range shardCases(t) {
		if c.name != "run" && c.name != "sweep" {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			whole, shared := filepath.Join(dir, "whole"), filepath.Join(dir, "shared")
			mustRun(t, nil, append(c.args, "--out", whole)...)
			for k := range 2 {
				mustRun(t, nil, append(c.args, "--out", shared, "--shard", fmt.Sprintf("%d/2", k))...)
			}
			items, _ := filepath.Glob(filepath.Join(shared, "*", "00000.*"))
			if len(items) != 1 {
				t.Fatalf("items: %v", items)
			}
			b := readFile(t, items[0])
			os.WriteFile(items[0], b[:len(b)/2], 0o644)
			if st := runCLI(t, nil, "status", shared); st.code != exitBadInput || !strings.Contains(st.stdout, "missing: 0") ||
				!strings.Contains(st.stdout, "shard 0/2") || !strings.Contains(st.stdout, "damaged: "+items[0]+": cut short") {
				t.Fatalf("status of a damaged item: exit %d\n%s", st.code, st.stdout)
			}
			if r := runCLI(t, nil, "merge", shared, "--quiet"); r.code != exitBadInput || !strings.Contains(r.stderr, "damaged: "+items[0]+": cut short") {
				t.Fatalf("merge beside a damaged item: exit %d, %s", r.code, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(shared, "manifest.json")); err == nil {
				t.Fatal("a refused merge wrote the manifest")
			}
			mustRun(t, nil, append(c.args, "--out", shared, "--shard", "0/2")...)
			mustRun(t, nil, "merge", shared, "--quiet")
			sameFiles(t, whole, shared)
		})
	}
}

// A shard run again runs only its missing items: a finished item's file
// is left alone, a removed one is written again.
func TestShardRerunDoesOnlyMissing(t *testing.T) {
	dir := t.TempDir()
	shared := filepath.Join(dir, "shared")
	args := append([]string{"run", scenario("embedded.yaml"), "--reps", "6", "--quiet", "--out", shared, "--shard", "1/2"}, smallLA...)
	mustRun(t, nil, args...)
	reps := filepath.Join(shared, "reps")
	if got := entries(t, reps); strings.Join(got, " ") != "00001.gob 00003.gob 00005.gob" {
		t.Fatalf("shard 1/2 of 6 wrote %v", got)
	}
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(reps, "00001.gob"), old, old)
	os.Remove(filepath.Join(reps, "00003.gob"))
	mustRun(t, nil, args...)
	fi, err := os.Stat(filepath.Join(reps, "00001.gob"))
	if err != nil || !fi.ModTime().Equal(old) {
		t.Fatal("the rerun wrote a replication it had")
	}
	if _, err := os.Stat(filepath.Join(reps, "00003.gob")); err != nil {
		t.Fatal("the rerun did not write the missing replication")
	}
}

// The shard comes from the scheduler's environment when --shard is not
// given; --shard wins; bad values are bad input.
func TestShardFromEnvironment(t *testing.T) {
	for _, c := range []struct {
		flag string
		env  []string
		want string // K/N, "" for not sharded, or "error"
	}{
		{"", nil, ""},
		{"", []string{"SLURM_ARRAY_TASK_ID=3", "SLURM_ARRAY_TASK_COUNT=4"}, "3/4"},
		{"", []string{"SLURM_ARRAY_TASK_ID=6", "SLURM_ARRAY_TASK_MIN=5", "SLURM_ARRAY_TASK_MAX=8"}, "1/4"},
		{"", []string{"SLURM_ARRAY_TASK_ID=6", "SLURM_ARRAY_TASK_MIN=5", "SLURM_ARRAY_TASK_MAX=8", "SLURM_ARRAY_TASK_COUNT=4"}, "1/4"},
		{"", []string{"SLURM_ARRAY_TASK_ID=4", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX=8", "SLURM_ARRAY_TASK_COUNT=3"}, "error"}, // --array=0-8:4
		{"", []string{"SLURM_ARRAY_TASK_ID=4"}, "error"},
		{"", []string{"SLURM_ARRAY_TASK_ID=4", "SLURM_ARRAY_TASK_COUNT=4"}, "error"},
		{"", []string{"JOB_COMPLETION_INDEX=2", "CASELOAD_SHARDS=5"}, "2/5"},
		{"", []string{"JOB_COMPLETION_INDEX=2"}, "error"},
		{"", []string{"JOB_COMPLETION_INDEX=5", "CASELOAD_SHARDS=5"}, "error"},
		{"", []string{"JOB_COMPLETION_INDEX=x", "CASELOAD_SHARDS=5"}, "error"},
		{"1/2", []string{"JOB_COMPLETION_INDEX=2", "CASELOAD_SHARDS=5"}, "1/2"},
		{"off", []string{"SLURM_ARRAY_TASK_ID=3", "SLURM_ARRAY_TASK_COUNT=4"}, ""},
		{"0/1", nil, "0/1"},
		{"2/2", nil, "error"},
		{"-1/2", nil, "error"},
		{"1/0", nil, "error"},
		{"1", nil, "error"},
		{"a/b", nil, "error"},
	} {
		s, err := parseShard(c.flag, c.env)
		got := ""
		switch {
		case err != nil:
			got = "error"
		case s.on():
			got = s.String()
		}
		if got != c.want {
			t.Errorf("--shard %q %v: got %s (%v), want %s", c.flag, c.env, got, err, c.want)
		}
	}
	// through the command line: bad input, exit 2, nothing written
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, []string{"JOB_COMPLETION_INDEX=1"}, append([]string{"run", scenario("embedded.yaml"), "--out", out}, smallLA...)...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "CASELOAD_SHARDS") {
		t.Fatalf("JOB_COMPLETION_INDEX alone: exit %d, %s", r.code, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused shard wrote its folder")
	}
}

// The Kubernetes Indexed Job contract: N processes started at once, each
// given only JOB_COMPLETION_INDEX and CASELOAD_SHARDS (as deploy/k8s
// does), share one folder; caseload merge then gives a one-machine run's
// bytes.
func TestIndexedJobProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	design := filepath.Join(dir, "grid.yaml")
	os.WriteFile(design, []byte("method: grid\nfactors:\n  - {key: statutory.posts, low: 6, high: 12, levels: 7}\n"), 0o644)
	args := func(out string) []string {
		return append([]string{"sweep", scenario("embedded.yaml"), "--design", design, "--reps", "2", "--quiet", "--workers", "1", "--out", out}, smallLA...)
	}
	whole, shared := filepath.Join(dir, "whole"), filepath.Join(dir, "shared")
	mustRun(t, nil, args(whole)...)
	const n = 3
	var cmds []*exec.Cmd
	var errs []*bytes.Buffer
	for k := range n {
		cmd := exec.Command(os.Args[0], args(shared)...)
		cmd.Env = append(os.Environ(), "RUN_CASELOAD_MAIN=1", fmt.Sprintf("JOB_COMPLETION_INDEX=%d", k), fmt.Sprintf("CASELOAD_SHARDS=%d", n))
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, errs = append(cmds, cmd), append(errs, &stderr)
	}
	for k, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("index %d: %v\n%s", k, err, errs[k])
		}
	}
	mustRun(t, nil, "merge", shared, "--quiet")
	sameFiles(t, whole, shared)
	noDebris(t, dir, "grid.yaml", "shared", "whole")
}

// Shards of a sweep --against, whose points' references fall to other
// shards (3 points and their 3 references over 2 shards), finish and merge
// to the one-machine files; a shard used to stop with an internal error
// joining a point to a reference it had not run.
func TestShardAgainst(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("method: grid\nfactors:\n  - key: statutory.posts\n    low: 8\n    high: 12\n    levels: 3\n"), 0o644)
	args := append([]string{"sweep", scenario("embedded.yaml"), "--design", design, "--against", scenario("baseline.yaml"), "--reps", "2", "--years", "1", "--quiet"}, smallLA...)
	whole, shared := filepath.Join(dir, "whole"), filepath.Join(dir, "shared")
	mustRun(t, nil, append(args, "--out", whole)...)
	for k := range 2 {
		mustRun(t, nil, append(args, "--out", shared, "--shard", fmt.Sprintf("%d/2", k))...)
	}
	mustRun(t, nil, "merge", shared, "--quiet")
	sameFiles(t, whole, shared)
}

// A build whose revision does not name its code (a test binary has none)
// carries the digest of its own executable in the build a folder's state
// records: two builds of different uncommitted code are two builds. The
// version the manifest shows leaves it out.
func TestVersionNamesUncommittedBuilds(t *testing.T) {
	path, err := os.Executable()
	if err != nil {
		t.Skip(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	sum := sha256.Sum256(b)
	want := ", executable sha256 " + hex.EncodeToString(sum[:])[:12]
	if v := buildID(); v != version()+want {
		t.Errorf("build %q, want %q", v, version()+want)
	}
	// a committed revision names the code: no digest, so builds of it for
	// other processors may share a folder
	defer func(r string) { revision = r }(revision)
	revision = "0123456789ab"
	if v := buildIdentity(); v != version() || !strings.HasSuffix(v, "(0123456789ab)") {
		t.Errorf("committed build %q, want %q", v, version())
	}
	revision = "0123456789ab-dirty"
	if v := buildIdentity(); v != version()+want {
		t.Errorf("dirty build %q, want %q", v, version()+want)
	}
}

// otherBuild is this test program with a byte added to its file: the
// same code, another executable, as a build of other uncommitted code
// would be. It skips where the program's file cannot be read.
func otherBuild(t *testing.T) string {
	b, err := os.ReadFile(os.Args[0])
	if err != nil {
		t.Skip(err)
	}
	other := filepath.Join(t.TempDir(), "other")
	if err := os.WriteFile(other, append(b, 0), 0o755); err != nil {
		t.Fatal(err)
	}
	return other
}

// runProgram runs prog as the program with args, giving its exit status
// and standard error.
func runProgram(t *testing.T, prog string, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(prog, args...)
	cmd.Env = append(os.Environ(), "RUN_CASELOAD_MAIN=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil && cmd.ProcessState == nil {
		t.Fatal(err)
	}
	return cmd.ProcessState.ExitCode(), stderr.String()
}

// A shard run by another build of uncommitted code (another executable)
// refuses the folder the first build started, exit 2, naming the build
// that started it; so does a --resume of an optimise or a power curve.
func TestAnotherUncommittedBuildRefuses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	other := otherBuild(t)
	refuses := func(t *testing.T, first, second []string) {
		t.Helper()
		if code, stderr := runProgram(t, os.Args[0], first...); code != 0 {
			t.Fatalf("first: exit %d\n%s", code, stderr)
		}
		code, stderr := runProgram(t, other, second...)
		if code != 2 || !strings.Contains(stderr, "another build") || !strings.Contains(stderr, buildID()) {
			t.Errorf("another build: exit %d, want 2 naming the first build %q\n%s", code, buildID(), stderr)
		}
	}
	t.Run("shard", func(t *testing.T) {
		shared := filepath.Join(t.TempDir(), "shared")
		args := append([]string{"run", scenario("baseline.yaml"), "--reps", "2", "--quiet", "--workers", "1", "--out", shared}, smallLA...)
		refuses(t, append(slices.Clone(args), "--shard", "0/2"), append(slices.Clone(args), "--shard", "1/2"))
	})
	t.Run("optimise", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "opt")
		args := optimiseArgs(t, out)
		resume := slices.Clone(args)
		for i, a := range resume {
			if a == "--out" {
				resume[i] = "--resume"
			}
		}
		refuses(t, args, resume)
	})
	t.Run("power curve", func(t *testing.T) {
		out := filepath.Join(t.TempDir(), "curve")
		args := append([]string{"trial", scenario("swis.yaml"), "--schools", "4,8", "--las", "2,4", "--years", "1", "--trials", "2",
			"--bands", "1", "--seed", "2", "--quiet"}, smallLA...)
		refuses(t, append(slices.Clone(args), "--out", out), append(slices.Clone(args), "--resume", out))
	})
}
