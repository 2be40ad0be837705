package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseload/caseload/sim"
)

// FuzzLoad feeds arbitrary bytes to the scenario decoder: it never panics,
// every refusal is bad input naming the file, and a scenario it accepts
// validates again and builds a model. `go test` runs the seeds; The
// accepted scenario is then run small (runTiny). `go test` runs the
// seeds; `make fuzz` searches further.
func FuzzLoad(f *testing.F) {
	for _, seed := range []string{
		"name: a\n",
		"la:\n  children: 5000\n  schools: {primary: 6, secondary: 2, special: 1, alternative_provision: 1}\n",
		team,
		"school_workforce:\n  budget_fte: 10\n  teams:\n    a:\n      role: support\n      fte: 2\n      schools_per_worker: 4\n      selection: list\n      schools: [0, 5, 130]\n",
		"la:\n  Children: 1\n  children: 2\n",
		"name: a\n---\nname: b\n",
		"a: [[[[[[[[]]]]]]]]\n",
		billionLaughs,
		"name: \"../x\"\n",
		"extends: /dev/zero\n",
		"la: {children: 1e19}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "s.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		sc, err := Load(path, nil, nil)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		if err := Validate(sc.Params, sc.Origin); err != nil {
			t.Fatalf("accepted, then invalid: %v", err)
		}
		if sc.Params.National.LAs == 0 && sc.Params.LA.Children <= 100_000 {
			sim.New(sc.Params, 1, 0, nil).PlanTeams()
		}
		runTiny(t, path)
	})
}

// tinyRun are the overrides under which the fuzz tests run what they
// accept: one year, no warm-up and one small LA.
var tinyRun = []string{"years=1", "warmup_weeks=0", "la.children=1000", "national.las=0"}

// runTiny runs one replication of an accepted scenario made tiny: the
// model must neither panic nor hang on anything validation lets through.
// A scenario that the tiny overrides make invalid (more schools than a
// small LA holds, say) is not run; that refusal must still name a key.
func runTiny(t *testing.T, path string) {
	t.Helper()
	small, err := Load(path, nil, tinyRun)
	if err != nil {
		if !strings.Contains(err.Error(), "key ") {
			t.Fatalf("tiny overrides refused without naming a key: %v", err)
		}
		return
	}
	sim.New(small.Params, 1, 0, nil).Run()
}

// FuzzLoadDesign does the same for design files (explore.FuzzDesignRun
// also runs their points): a design it accepts has a
// point count within the limit for every analysis.
func FuzzLoadDesign(f *testing.F) {
	for _, seed := range []string{
		posts,
		"method: lhs\nsamples: 7\n" + posts,
		"method: points\n" + posts + "points:\n  - [160]\n",
		"factors:\n  - {key: effects.evidence, values: [trial, pilots]}\n  - {key: years, values: [1, 2]}\n",
		"sobol: {base: 1048576}\n" + posts,
		"factors:\n  - {key: statutory.posts, low: .nan, high: 1}\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(t.TempDir(), "d.yaml")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := LoadDesign(path)
		if err != nil {
			if !strings.Contains(err.Error(), path) {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		for _, a := range []string{AnalysisSweep, AnalysisOAT, AnalysisMorris, AnalysisSobol} {
			if n := d.Count(a); n < 1 || n > MaxDesignPoints {
				t.Fatalf("%s: %d points", a, n)
			}
		}

	})
}
