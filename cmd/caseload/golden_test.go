package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

// TestGoldenRunSummary pins summary.csv of a whole run. A change in the
// model or the statistics shows here first; if it is intended, regenerate
// with go test ./cmd/caseload -update and review the diff.
func TestGoldenRunSummary(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	args := append([]string{"run", scenario("embedded.yaml"), "--seed", "7", "--reps", "3", "--quiet", "--out", out}, smallLA...)
	r := mustRun(t, nil, args...)
	if want := "results written to " + out + "\n"; r.stdout != want {
		t.Errorf("stdout with --quiet = %q, want %q", r.stdout, want)
	}
	golden(t, "embedded-summary.csv", readFile(t, filepath.Join(out, "summary.csv")))
}

// TestGoldenCompareTable pins the terminal tables of a small comparison.
func TestGoldenCompareTable(t *testing.T) {
	t.Setenv("RUNEWIDTH_EASTASIAN", "0") // see TestMain
	out := filepath.Join(t.TempDir(), "out")
	args := append([]string{"compare", scenario("baseline.yaml"), scenario("embedded.yaml"),
		"--seed", "7", "--reps", "3", "--out", out}, smallLA...)
	r := mustRun(t, nil, args...)
	if r.stderr != "" {
		t.Errorf("stderr = %q, want nothing", r.stderr)
	}
	// The results folder is a fresh temporary path on every run.
	golden(t, "compare-table.txt", []byte(strings.ReplaceAll(r.stdout, out, "OUT")))
}

// TestParams checks the parameter table, and that docs/parameters.md is
// exactly what `caseload params` prints (-update regenerates it).
func TestParams(t *testing.T) {
	r := mustRun(t, nil, "params")
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	if len(lines) < 3 || lines[0] != "| key | unit | range | default | source |" || lines[1] != "| --- | --- | --- | --- | --- |" {
		t.Fatalf("params does not start with a Markdown table header:\n%s", r.stdout)
	}
	for i, l := range lines[2:] {
		if l == "" {
			break // the table of evidence sets follows
		}
		if !strings.HasPrefix(l, "| `") || !strings.HasSuffix(l, " |") {
			t.Errorf("line %d is not a table row: %q", i+3, l)
		}
	}
	for _, row := range []string{"| key | unit | trial | pilots | source (trial) | source (pilots) |\n", "| `effects.quality_gain` | rise in referral quality at full effect | 0.1 | 0.6 | assumption, chosen so that"} {
		if !strings.Contains(r.stdout, row) {
			t.Errorf("params has no evidence-set row starting %q", row)
		}
	}
	for _, key := range []string{"la.children", "years", "effects.evidence", "school_workforce.budget_fte"} {
		if !strings.Contains(r.stdout, "| `"+key+"` |") {
			t.Errorf("params has no row for %s", key)
		}
	}

	t.Run("of a scenario", func(t *testing.T) {
		r := mustRun(t, nil, "params", scenario("embedded.yaml"))
		for _, row := range []string{"| `la.children` | children aged 0-17 | [100, 20000000] (memory and run time grow with children) | 80000 |", "| `school_workforce.teams.embedded.fte` |"} {
			if !strings.Contains(r.stdout, row) {
				t.Errorf("params of embedded.yaml has no row starting %q", row)
			}
		}
	})

	t.Run("docs/parameters.md", func(t *testing.T) {
		path := filepath.Join("..", "..", "docs", "parameters.md")
		if _, err := os.Stat(path); err != nil && !*update {
			t.Skipf("no %s: %v", path, err)
		}
		checkOrUpdate(t, path, []byte(r.stdout))
	})
}

// TestCalibration checks that the calibration table lists every target.
func TestCalibration(t *testing.T) {
	args := append([]string{"calibration", scenario("baseline.yaml"), "--reps", "2"}, smallLA...)
	r := mustRun(t, nil, args...)
	for _, want := range []string{
		"Scenario " + scenario("baseline.yaml") + " against the figures for England of MODEL.md §5, per 10,000",
		"| figure | target | simulated (95% interval) | difference | within tolerance | source |",
		"| --- | ---: | ---: | ---: | :---: | --- |",
	} {
		if !strings.Contains(r.stdout, want+"\n") {
			t.Errorf("calibration output has no line %q:\n%s", want, r.stdout)
		}
	}
	rows := 0
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasPrefix(l, "| `") {
			rows++
		}
	}
	if want := len(sim.CalibrationTargets) + len(sim.CensusTargets); rows != want {
		t.Errorf("%d target rows, want %d", rows, want)
	}
	targets := slices.Clone(sim.CalibrationTargets)
	for _, c := range sim.CensusTargets {
		targets = append(targets, c.Target)
	}
	for _, tg := range targets {
		if !strings.Contains(r.stdout, "| `"+tg.Metric+"` | ") {
			t.Errorf("calibration has no row for %s:\n%s", tg.Metric, r.stdout)
		}
	}

	t.Run("docs/calibration.md", func(t *testing.T) {
		if testing.Short() {
			t.Skip("runs 20 replications of the typical LA")
		}
		t.Chdir(filepath.Join("..", ".."))
		r := mustRun(t, nil, "calibration", "--reps", "20")
		checkOrUpdate(t, filepath.Join("docs", "calibration.md"), []byte(r.stdout))
	})
}

// A comparison shares the build and the warm-up between its scenarios
// (they differ only in the school-based workforce); each scenario's rows
// of summary.csv and weekly.csv are the same, byte for byte, as a run of
// that scenario alone, which shares nothing.
func TestCompareSharedEqualsRunsAlone(t *testing.T) {
	dir := t.TempDir()
	names := []string{"baseline", "core-offer", "micro-cluster", "embedded"}
	args := []string{"compare"}
	for _, n := range names {
		args = append(args, scenario(n+".yaml"))
	}
	args = append(append(args, "--seed", "3", "--reps", "3", "--quiet", "--out", filepath.Join(dir, "compare")), smallLA...)
	mustRun(t, nil, args...)
	for _, n := range names {
		out := filepath.Join(dir, n)
		mustRun(t, nil, append([]string{"run", scenario(n + ".yaml"), "--seed", "3", "--reps", "3", "--quiet", "--out", out}, smallLA...)...)
		for _, file := range []string{"summary.csv", "weekly.csv"} {
			rows := func(path string) []string {
				var out []string
				for _, l := range strings.Split(string(readFile(t, path)), "\n") {
					if strings.HasPrefix(l, n+",") {
						out = append(out, l)
					}
				}
				return out
			}
			// the comparison adds rows of differences from the first
			// scenario; the rows a run writes must be there, equal
			want := rows(filepath.Join(out, file))
			keys := map[string]bool{}
			key := func(l string) string { return l[:strings.LastIndexByte(l, ',')] }
			for _, l := range want {
				keys[key(l)] = true
			}
			var got []string
			for _, l := range rows(filepath.Join(dir, "compare", file)) {
				if keys[key(l)] {
					got = append(got, l)
				}
			}
			if len(want) == 0 || !slices.Equal(got, want) {
				t.Errorf("%s: the rows of %s in the comparison (%d) differ from its run alone (%d)", file, n, len(got), len(want))
			}
		}
	}
}
