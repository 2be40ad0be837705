package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A mode that cannot be sharded refuses --shard, and a shard from the
// environment, naming it and why (exit 2, nothing written), instead of
// running the whole job in every shard.
func TestShardRefusedWhereItCannot(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	curve := append([]string{"trial", scenario("swis.yaml"), "--schools", "8,10", "--years", "1", "--trials", "2", "--bands", "1", "--quiet", "--out", out}, smallLA...)
	for _, c := range []struct {
		name string
		env  []string
		args []string
		want []string
	}{
		{"power curve --shard", nil, append(curve, "--shard", "0/2"), []string{"--shard 0/2", "power curve", "cannot be sharded"}},
		{"power curve from Slurm", []string{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=2"}, curve, []string{"shard 1/2 (from the environment", "power curve", "--shard off"}},
		{"compare --neighbours --shard", nil, []string{"compare", scenario("embedded.yaml"), "--la", "Stockport", "--neighbours", "--reps", "2", "--out", out, "--shard", "1/2"},
			[]string{"--shard 1/2", "--neighbours cannot be sharded"}},
	} {
		r := runCLI(t, c.env, c.args...)
		if r.code != exitBadInput {
			t.Errorf("%s: exit %d, want 2\n%s", c.name, r.code, r.stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%s: %q does not say %q", c.name, r.stderr, w)
			}
		}
		if _, err := os.Stat(out); err == nil {
			t.Fatalf("%s: wrote %s", c.name, out)
		}
	}
	// --shard off in the same environment runs the curve on one machine
	mustRun(t, []string{"SLURM_ARRAY_TASK_ID=1", "SLURM_ARRAY_TASK_COUNT=2"}, append(curve, "--shard", "off")...)
}

// A Slurm array with a step (--array=0-15:4) is refused, naming the
// variable, its value and what is expected; a step of 1 is an array
// without one.
func TestShardSlurmStep(t *testing.T) {
	for _, c := range []struct {
		env  []string
		want string
	}{
		{[]string{"SLURM_ARRAY_TASK_ID=4", "SLURM_ARRAY_TASK_STEP=4", "SLURM_ARRAY_TASK_COUNT=4"}, "error"},
		{[]string{"SLURM_ARRAY_TASK_ID=4", "SLURM_ARRAY_TASK_STEP=4", "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_MAX=12"}, "error"},
		{[]string{"SLURM_ARRAY_TASK_ID=3", "SLURM_ARRAY_TASK_STEP=1", "SLURM_ARRAY_TASK_COUNT=4"}, "3/4"},
	} {
		s, err := parseShard("", c.env)
		got := s.String()
		if err != nil {
			got = "error"
			if !strings.Contains(err.Error(), "SLURM_ARRAY_TASK_STEP=4") || !strings.Contains(err.Error(), "expected 1") {
				t.Errorf("%v: %v does not name the step and what is expected", c.env, err)
			}
		}
		if got != c.want {
			t.Errorf("%v: got %s, want %s", c.env, got, c.want)
		}
	}
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, []string{"SLURM_ARRAY_TASK_ID=8", "SLURM_ARRAY_TASK_STEP=4", "SLURM_ARRAY_TASK_COUNT=4"},
		append([]string{"run", scenario("embedded.yaml"), "--reps", "2", "--quiet", "--out", out}, smallLA...)...)
	if r.code != exitBadInput || !strings.Contains(r.stderr, "SLURM_ARRAY_TASK_STEP=4") {
		t.Fatalf("an array with a step: exit %d, %s", r.code, r.stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a refused shard wrote its folder")
	}
}

// Every flag that decides what a shard computes or what the merge writes
// is part of the folder's configuration hash: a shard started with
// another value is refused (exit 2) before it writes an item; a flag that
// says only how it runs (--workers, --quiet, --max-sims) may differ.
func TestShardFlagsInConfiguration(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("method: lhs\nsamples: 3\nfactors:\n  - {key: statutory.posts, low: 8, high: 11}\n"), 0o644)
	run := append([]string{"run", scenario("embedded.yaml"), "--reps", "2", "--quiet"}, smallLA...)
	sens := append([]string{"sensitivity", scenario("embedded.yaml"), "--design", design, "--method", "oat", "--reps", "1", "--quiet"}, smallLA...)
	size := append([]string{"size", scenario("embedded.yaml"), "--vary", "statutory.posts", "--from", "6", "--to", "8", "--step", "2", "--reps", "1", "--quiet"}, smallLA...)
	trial := append([]string{"trial", scenario("swis.yaml"), "--schools", "8", "--years", "1", "--trials", "2", "--bands", "1", "--quiet"}, smallLA...)
	for i, c := range []struct {
		name        string
		base, a, b  []string
		sameAsFirst []string // another spelling of a's flags, or flags that do not count: accepted
	}{
		{"run --records", run, nil, []string{"--records"}, []string{"--workers", "1", "--max-sims", "999999"}},
		{"run --records-reps", run, []string{"--records", "--records-reps", "1"}, []string{"--records", "--records-reps", "2"}, []string{"--records"}},
		{"sensitivity --metric", sens, []string{"--metric", "referrals"}, []string{"--metric", "care_entries_per_10k"}, []string{"--metric=referrals"}},
		{"size --target", size, []string{"--target", "statutory_caseload_mean <= 20"}, []string{"--target", "statutory_caseload_mean <= 21"}, []string{"--target", "statutory_caseload_mean <= 20"}},
		{"size --prob", size, []string{"--target", "statutory_caseload_mean <= 20", "--prob", "0.5"}, []string{"--target", "statutory_caseload_mean <= 20", "--prob", "0.9"},
			[]string{"--target", "statutory_caseload_mean <= 20", "--prob", "0.50"}},
		{"trial --baseline", trial, nil, []string{"--baseline=false"}, []string{"--baseline=true"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			shared := filepath.Join(dir, fmt.Sprint("shared", i))
			args := func(extra []string, k int) []string {
				return append(append(append([]string(nil), c.base...), extra...), "--out", shared, "--shard", fmt.Sprintf("%d/3", k))
			}
			mustRun(t, nil, args(c.a, 0)...)
			before := entries(t, shared)
			r := runCLI(t, nil, args(c.b, 1)...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, "another configuration") {
				t.Fatalf("shard 1 with %v after shard 0 with %v: exit %d, %s", c.b, c.a, r.code, r.stderr)
			}
			if got := entries(t, shared); strings.Join(got, " ") != strings.Join(before, " ") {
				t.Fatalf("a refused shard changed the folder: %v, was %v", got, before)
			}
			mustRun(t, nil, args(c.sameAsFirst, 1)...)
		})
	}
}

// Each item's file says what it is: one cut short, altered, of another
// index or configuration, or of an unknown format, and a stray file among
// the items, are named by status (exit 2) and by merge (exit 2, nothing
// written) with what is wrong; a rerun of the shard redoes the damaged
// items, and the merge then gives a one-machine run's bytes. A second
// merge of a folder whose merged files were since altered says which
// (exit 2).
func TestShardDamagedItemsNamed(t *testing.T) {
	dir := t.TempDir()
	design := filepath.Join(dir, "d.yaml")
	os.WriteFile(design, []byte("method: grid\nfactors:\n  - {key: statutory.posts, low: 6, high: 12, levels: 7}\n"), 0o644)
	args := append([]string{"sweep", scenario("embedded.yaml"), "--design", design, "--reps", "1", "--quiet"}, smallLA...)
	whole, shared := filepath.Join(dir, "whole"), filepath.Join(dir, "shared")
	mustRun(t, nil, append(args, "--out", whole)...)
	for k := range 2 {
		mustRun(t, nil, append(args, "--out", shared, "--shard", fmt.Sprintf("%d/2", k))...)
	}
	if st := runCLI(t, nil, "status", shared); st.code != exitOK {
		t.Fatalf("status of a finished folder: exit %d\n%s", st.code, st.stdout)
	}
	pt := func(i int) string { return filepath.Join(shared, "points", fmt.Sprintf("%05d.json", i)) }
	b0 := readFile(t, pt(0))
	header, _, _ := bytes.Cut(b0, []byte("\n"))
	if !bytes.HasPrefix(header, []byte(`{"format":"caseload-item/1","config":"`)) || !bytes.Contains(header, []byte(`"index":0,`)) {
		t.Fatalf("an item's header: %s", header)
	}
	h2, p2, _ := bytes.Cut(readFile(t, pt(2)), []byte("\n"))
	damage := map[int][]byte{
		1: readFile(t, pt(2)),                                                                         // another item's file
		2: append(append(h2, '\n'), bytes.Replace(p2, []byte("1"), []byte("2"), 1)...),                // altered
		3: bytes.Replace(b0, []byte(`"index":0`), []byte(`"index":3`), 1)[:len(b0)-5],                 // cut short
		4: bytes.Replace(readFile(t, pt(4)), []byte("caseload-item/1"), []byte("caseload-item/9"), 1), // unknown format
		5: bytes.Replace(readFile(t, pt(5)), []byte(`"config":"`), []byte(`"config":"0`), 1),          // another configuration
	}
	for i, b := range damage {
		os.WriteFile(pt(i), b, 0o644)
	}
	stray := filepath.Join(shared, "points", "notes.txt")
	os.WriteFile(stray, []byte("mine"), 0o644)
	want := []string{
		pt(1) + ": holds item 2, expected item 1",
		pt(2) + ": altered",
		pt(3) + ": cut short",
		pt(4) + `: unknown format "caseload-item/9"`,
		pt(5) + ": written for configuration 0",
		stray + ": not an item",
	}
	st := runCLI(t, nil, "status", shared)
	if st.code != exitBadInput {
		t.Errorf("status of a damaged folder: exit %d, want 2", st.code)
	}
	m := runCLI(t, nil, "merge", shared, "--quiet")
	if m.code != exitBadInput {
		t.Errorf("merge of a damaged folder: exit %d, want 2", m.code)
	}
	for _, w := range want {
		if !strings.Contains(st.stdout, w) {
			t.Errorf("status does not say %q:\n%s", w, st.stdout)
		}
		if !strings.Contains(m.stderr, w) {
			t.Errorf("merge does not say %q:\n%s", w, m.stderr)
		}
	}
	if !strings.Contains(st.stdout, "shard 0/2: 2 4") || !strings.Contains(st.stdout, "shard 1/2: 1 3 5") {
		t.Errorf("status does not give each shard's damaged items:\n%s", st.stdout)
	}
	if _, err := os.Stat(filepath.Join(shared, "manifest.json")); err == nil {
		t.Fatal("a refused merge wrote the manifest")
	}
	os.Remove(stray)
	for k := range 2 {
		mustRun(t, nil, append(args, "--out", shared, "--shard", fmt.Sprintf("%d/2", k))...)
	}
	mustRun(t, nil, "merge", shared, "--quiet")
	sameFiles(t, whole, shared)
	// a merged file altered since the merge
	os.WriteFile(filepath.Join(shared, "sweep.csv"), []byte("x\n"), 0o644)
	for _, cmd := range []string{"merge", "status"} {
		r := runCLI(t, nil, cmd, shared)
		if r.code != exitBadInput || !strings.Contains(r.stderr, "sweep.csv altered") {
			t.Errorf("%s of a merged folder altered since: exit %d, %s", cmd, r.code, r.stderr)
		}
	}
	if b := readFile(t, filepath.Join(shared, "sweep.csv")); string(b) != "x\n" {
		t.Error("the refused merge rewrote sweep.csv")
	}
}
