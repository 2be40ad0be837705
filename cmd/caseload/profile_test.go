package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caseload/caseload/outdir"
)

// profileNames reads a CPU profile (gzipped protobuf, as runtime/pprof
// writes it) and returns its uncompressed bytes, whose string table holds
// the names of the functions sampled.
func profileNames(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s is not a gzipped profile: %v", path, err)
	}
	b, err := io.ReadAll(z)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

// --cpuprofile writes the command's CPU profile when it succeeds, and
// leaves the results as they are without it; a command that fails leaves
// no profile (and no temporary file); a FILE that cannot be written is bad
// input, named, before anything runs.
func TestCPUProfileFlag(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"run", scenario("embedded.yaml"), "--reps", "2", "--quiet"}, smallLA...)
	prof := filepath.Join(dir, "cpu.prof")
	mustRun(t, nil, append(args, "--out", filepath.Join(dir, "plain"))...)
	mustRun(t, nil, append(args, "--out", filepath.Join(dir, "profiled"), "--cpuprofile", prof)...)
	sameFiles(t, filepath.Join(dir, "plain"), filepath.Join(dir, "profiled"))
	// a short run may take no sample: the sample types are always there
	if b := profileNames(t, prof); !bytes.Contains(b, []byte("cpu")) || !bytes.Contains(b, []byte("nanoseconds")) {
		t.Errorf("the profile is not a CPU profile (%d bytes)", len(b))
	}

	failed := filepath.Join(dir, "failed.prof")
	if r := runCLI(t, nil, "run", filepath.Join(dir, "nonesuch.yaml"), "--cpuprofile", failed); r.code != exitBadInput {
		t.Fatalf("a missing scenario: exit %d, %s", r.code, r.stderr)
	}
	if _, err := os.Stat(failed); err == nil {
		t.Error("a failed command left a profile")
	}

	// an earlier profile is replaced, and the profile is readable as the
	// results are
	mustRun(t, nil, append(args, "--out", filepath.Join(dir, "again"), "--cpuprofile", prof)...)
	if st, err := os.Stat(prof); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("the profile: %v, %v; want mode 0644", st, err)
	}

	out := filepath.Join(dir, "never")
	input := filepath.Join(dir, "mine.yaml") // a file of one's own, a scenario say
	os.WriteFile(input, []byte("extends: baseline.yaml\n"), 0o644)
	archive := filepath.Join(dir, "mine.gz") // gzip data that is not a profile
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("hello, a file of one's own\n"))
	zw.Close()
	os.WriteFile(archive, gz.Bytes(), 0o644)
	for _, c := range []struct{ path, says string }{
		{filepath.Join(dir, "no", "such", "cpu.prof"), "cannot write in"},
		{dir, "is a folder"},
		{filepath.Join(out, "cpu.prof"), "is in the results folder"}, // the folder would hold a file caseload did not write
		{out, "is in the results folder"},
		{input, "exists and is not a CPU profile"},
		{archive, "exists and is not a CPU profile"},
		{filepath.Join(dir, "plain", "charts", "cpu.prof"), "is in the results folder"}, // another command's results folder, not --out
	} {
		r := runCLI(t, nil, append(args, "--out", out, "--cpuprofile", c.path)...)
		if r.code != exitBadInput || !strings.Contains(r.stderr, "--cpuprofile "+c.path) || !strings.Contains(r.stderr, c.says) {
			t.Errorf("--cpuprofile %s: exit %d, %s", c.path, r.code, r.stderr)
		}
		if _, err := os.Stat(out); err == nil {
			t.Errorf("--cpuprofile %s: results written", c.path)
		}
	}
	// the results folder by another name (a symbolic link to it)
	plain, link := filepath.Join(dir, "plain"), filepath.Join(dir, "link")
	os.Symlink(plain, link)
	if r := runCLI(t, nil, append(args, "--out", plain, "--cpuprofile", filepath.Join(link, "cpu.prof"))...); r.code != exitBadInput || !strings.Contains(r.stderr, "is in the results folder") {
		t.Errorf("--cpuprofile through a link to --out: exit %d, %s", r.code, r.stderr)
	}
	sameFiles(t, plain, filepath.Join(dir, "profiled"))
	// a folder with a manifest.json of its own (a web project's) is no
	// results folder: a profile may go there
	proj := filepath.Join(dir, "proj", "sub")
	os.MkdirAll(proj, 0o755)
	os.WriteFile(filepath.Join(dir, "proj", "manifest.json"), []byte(`{"name":"app"}`), 0o644)
	mustRun(t, nil, "--cpuprofile", filepath.Join(proj, "cpu.prof"), "validate", scenario("baseline.yaml"))
	if _, err := os.Stat(filepath.Join(proj, "cpu.prof")); err != nil {
		t.Errorf("no profile beside another project's manifest.json: %v", err)
	}
	if b, _ := os.ReadFile(archive); !bytes.Equal(b, gz.Bytes()) {
		t.Error("the gzip file was replaced")
	}
	if b, _ := os.ReadFile(input); string(b) != "extends: baseline.yaml\n" {
		t.Errorf("the scenario file now holds %q", b)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	if len(left) > 0 {
		t.Errorf("temporary profiles left behind: %v", left)
	}
}

// A shard profiled and one not are the same configuration: the profile is
// not part of what merge runs again (the last shard's command line), and
// the merged folder is the one-machine run's. A log whose command line has
// the flag all the same is refused, with nothing left behind.
func TestCPUProfileShard(t *testing.T) {
	dir := t.TempDir()
	args := append([]string{"run", scenario("embedded.yaml"), "--reps", "4", "--quiet"}, smallLA...)
	whole, shared := filepath.Join(dir, "whole"), filepath.Join(dir, "shared")
	mustRun(t, nil, append(args, "--out", whole)...)
	mustRun(t, nil, append(args, "--out", shared, "--shard", "0/2")...)
	mustRun(t, nil, append(args, "--out", shared, "--shard", "1/2", "--cpuprofile", filepath.Join(dir, "1.prof"))...)
	lines := bytes.Split(bytes.TrimSpace(readFile(t, filepath.Join(shared, outdir.LogName))), []byte("\n"))
	var last outdir.Invocation
	if err := json.Unmarshal(lines[len(lines)-1], &last); err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(last.Command, "--cpuprofile") || slices.ContainsFunc(last.Rerun, func(a string) bool { return strings.Contains(a, "cpuprofile") }) {
		t.Fatalf("the log should show the flag in the command, not in what merge runs again: %q, %q", last.Command, last.Rerun)
	}
	tampered := filepath.Join(dir, "tampered")
	if err := os.CopyFS(tampered, os.DirFS(shared)); err != nil {
		t.Fatal(err)
	}
	b := readFile(t, filepath.Join(tampered, outdir.LogName))
	b = bytes.Replace(b, []byte(`"rerun":["run"`), []byte(`"rerun":["run","--cpuprofile=`+filepath.Join(dir, "x.prof")+`"`), -1)
	os.WriteFile(filepath.Join(tampered, outdir.LogName), b, 0o644)
	if r := runCLI(t, nil, "merge", tampered, "--quiet"); r.code != exitBadInput || !strings.Contains(r.stderr, "cpuprofile") {
		t.Errorf("merge of a log whose command line profiles: exit %d, %s", r.code, r.stderr)
	}
	mustRun(t, nil, "merge", shared, "--quiet", "--cpuprofile", filepath.Join(dir, "merge.prof"))
	sameFiles(t, whole, shared)
	for _, f := range []string{"1.prof", "merge.prof"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s: no profile", f)
		}
	}
	left, _ := filepath.Glob(filepath.Join(dir, "*", ".*.tmp*"))
	more, _ := filepath.Glob(filepath.Join(dir, ".*.tmp*"))
	if left = append(left, more...); len(left) > 0 {
		t.Errorf("temporary profiles left behind: %v", left)
	}
}

// A panic while profiling is still an internal error, and leaves no
// profile and no temporary file.
func TestCPUProfilePanic(t *testing.T) {
	beforeCommand = func(name string) {
		if name == "validate" {
			panic("injected")
		}
	}
	t.Cleanup(func() { beforeCommand = nil })
	dir := t.TempDir()
	if r := runCLI(t, nil, "validate", scenario("baseline.yaml"), "--cpuprofile", filepath.Join(dir, "cpu.prof")); r.code != exitInternal {
		t.Fatalf("exit %d, want %d: %s", r.code, exitInternal, r.stderr)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("left behind: %v", left)
	}
}

// The profile the program is built with (default.pgo, make pgo) is a CPU
// profile of the model's weekly step: a profile of something else would
// optimise the wrong code.
func TestDefaultPGOProfilesTheModel(t *testing.T) {
	b := profileNames(t, "default.pgo")
	for _, fn := range []string{"sim.(*Model).stepFamily", "sim.skipWeeks", "sim.(*Model).scheduleWakeUnder", "sim.(*Model).buildFamilies", "sim.(*Model).newSchoolYear"} {
		if !bytes.Contains(b, []byte(fn)) {
			t.Errorf("default.pgo has no samples of %s: rebuild it with make pgo", fn)
		}
	}
}
