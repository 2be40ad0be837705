package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/olekukonko/tablewriter/pkg/twwidth"
)

// update rewrites the golden files (and docs/parameters.md) from the
// current output instead of comparing against them:
//
//	go test ./cmd/caseload -update
var update = flag.Bool("update", false, "rewrite golden files and docs/parameters.md")

func TestMain(m *testing.M) {
	// A test that needs the program in a process of its own (to send it a
	// signal) runs this test binary with RUN_CASELOAD_MAIN=1.
	if os.Getenv("RUN_CASELOAD_MAIN") == "1" {
		os.Exit(run(os.Stdout, os.Stderr, os.Args[1:], os.Environ()))
	}
	// Terminal tables must not depend on the tester's locale: East Asian
	// locales count "│", "–", "Δ" and "£" as two columns. The width package
	// reads the environment once, when it is initialised, so setting the
	// variable here is too late on its own; set the width rule directly.
	os.Setenv("RUNEWIDTH_EASTASIAN", "0")
	twwidth.SetOptions(twwidth.Options{EastAsianWidth: false})
	os.Exit(m.Run())
}

// scenariosDir is the repository's scenarios folder; tests run in
// cmd/caseload.
const scenariosDir = "../../scenarios"

// smallLA shrinks any scenario to an LA of 4,000 children and ten schools,
// one measured year after a short warm-up, so that a replication takes
// milliseconds. It matches testdata/small.yaml.
var smallLA = []string{
	"--set", "la.children=4000",
	"--set", "la.localities=2",
	"--set", "la.schools.primary=6",
	"--set", "la.schools.secondary=2",
	"--set", "la.schools.special=1",
	"--set", "la.schools.alternative_provision=1",
	"--set", "statutory.posts=9",
	"--set", "years=1",
	"--set", "warmup_weeks=20",
}

// result is what one call of run gave.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI runs the command line args with the environment env.
func runCLI(t *testing.T, env []string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(&stdout, &stderr, args, env)
	return result{code, stdout.String(), stderr.String()}
}

// mustRun runs args and fails the test unless the exit status is 0.
func mustRun(t *testing.T, env []string, args ...string) result {
	t.Helper()
	r := runCLI(t, env, args...)
	if r.code != exitOK {
		t.Fatalf("caseload %s: exit status %d, want 0\nstderr: %s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// scenario is the path of a shipped scenario file.
func scenario(name string) string { return filepath.Join(scenariosDir, name) }

// abs makes path absolute, for tests that change the working directory.
func abs(t *testing.T, path string) string {
	t.Helper()
	p, err := filepath.Abs(path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// readCSV reads a CSV file as records, the header first.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(readFile(t, path))).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) < 2 {
		t.Fatalf("%s: %d records, want a header and rows", path, len(recs))
	}
	return recs
}

// readManifest reads manifest.json as generic JSON.
func readManifest(t *testing.T, dir string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readFile(t, filepath.Join(dir, "manifest.json")), &m); err != nil {
		t.Fatalf("manifest.json: %v", err)
	}
	return m
}

// lookup follows keys through nested JSON objects.
func lookup(t *testing.T, v any, keys ...string) any {
	t.Helper()
	for i, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			t.Fatalf("%s: not an object", strings.Join(keys[:i], "."))
		}
		if v, ok = m[k]; !ok {
			t.Fatalf("no %s", strings.Join(keys[:i+1], "."))
		}
	}
	return v
}

// entries lists the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

// golden compares got with the file testdata/golden/name, or rewrites the
// file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	checkOrUpdate(t, filepath.Join("testdata", "golden", name), got)
}

// checkOrUpdate compares got with the file at path, or writes it there
// under -update.
func checkOrUpdate(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/caseload -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test ./cmd/caseload -update if the change is intended):\n%s",
			path, firstDifference(string(want), string(got)))
	}
}

// firstDifference describes the first line where want and got differ.
func firstDifference(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(wl), len(gl)) {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\n  want: %s\n  got:  %s", i+1, w, g)
		}
	}
	return "(no line differs)"
}
