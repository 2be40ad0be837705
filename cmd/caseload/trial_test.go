package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// trialArgs runs the SWIS scenario's team on a small LA of two
// secondaries: four LAs of two schools each.
func trialArgs(out string, extra ...string) []string {
	args := []string{"trial", scenario("swis.yaml"), "--schools", "8", "--years", "1", "--trials", "3",
		"--bands", "1", "--seed", "3", "--quiet", "--out", out}
	return append(append(args, smallLA...), extra...)
}

// A trial writes its files, and the same seed gives the same bytes
// whatever the number of workers.
func TestTrialCommand(t *testing.T) {
	dir := t.TempDir()
	one := filepath.Join(dir, "one")
	r := mustRun(t, nil, trialArgs(one, "--workers", "1")...)
	if !strings.Contains(r.stdout, "results written to") {
		t.Fatalf("stdout: %s", r.stdout)
	}
	two := filepath.Join(dir, "two")
	mustRun(t, nil, trialArgs(two, "--workers", "2")...)
	for _, f := range []string{"trials.csv", "schools.csv", "summary.csv"} {
		a, b := readFile(t, filepath.Join(one, f)), readFile(t, filepath.Join(two, f))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Fatalf("%s differs between 1 and 2 workers", f)
		}
	}
	if rows := readCSV(t, filepath.Join(one, "schools.csv")); len(rows) != 1+3*8 {
		t.Fatalf("schools.csv has %d rows, want a header and 24", len(rows))
	}
	m := readManifest(t, one)
	if lookup(t, m, "design", "las") != 4.0 || lookup(t, m, "team") != "swis" {
		t.Fatalf("manifest design: %v", m["design"])
	}
	// the table, for a reader
	r = mustRun(t, nil, append(trialArgs(filepath.Join(dir, "table")), "--quiet=false")...)
	for _, want := range []string{"Power", "Effect the model produced", "Coverage", "rough"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

// Bad trial designs exit 2, say what was expected and write nothing.
func TestTrialBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown outcome", []string{"--outcome", "happiness"}, "--outcome happiness: expected one of referrals"},
		{"too many schools", []string{"--schools", "9", "--las", "4"}, "--schools 9: expected at most 8"},
		{"one school", []string{"--schools", "1"}, "--schools 1"},
		{"no trials", []string{"--trials", "0"}, "--trials 0"},
		{"no follow-up", []string{"--years", "0"}, "--years 0"},
		{"too many bands", []string{"--bands", "2"}, "--bands 2"},
		{"unknown team", []string{"--team", "hub"}, "--team hub: expected a team of the scenario: swis"},
		{"bad --set", []string{"--set", "need.crisis=-1"}, "need.crisis"},
		{"no workers", []string{"--workers", "0"}, "--workers 0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
			r := runCLI(t, nil, trialArgs(out, c.args...)...)
			if r.code != exitBadInput || !strings.Contains(r.stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want 2 naming %q", r.code, r.stderr, c.want)
			}
			if _, err := os.Stat(out); err == nil {
				t.Fatal("bad input left a results folder")
			}
		})
	}
	r := runCLI(t, nil, "trial", scenario("baseline.yaml"), "--out", filepath.Join(dir, "baseline"))
	if r.code != exitBadInput || !strings.Contains(r.stderr, "has none") {
		t.Fatalf("a scenario with no team: exit %d, %q", r.code, r.stderr)
	}
}
