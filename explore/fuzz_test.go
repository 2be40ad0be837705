package explore

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
)

// tinyRun makes every point a small, short run: one year, no warm-up and
// a small LA, applied after the point's own values so that a point on
// years or la.children still runs small.
var tinyRun = []string{"years=1", "warmup_weeks=0", "la.children=1000", "national.las=0"}

// FuzzDesignRun feeds arbitrary bytes to the design decoder and runs what
// it accepts: the sweep's first and last points, each applied to a small
// scenario for one replication. A design never panics; a refusal names
// the design file; a point the scenario's rules refuse names a key.
// `go test` runs the seeds; `make fuzz` searches further.
func FuzzDesignRun(f *testing.F) {
	for _, seed := range []string{
		"factors:\n  - {key: statutory.posts, low: 1, high: 1000000, levels: 2}\n",
		"method: lhs\nsamples: 3\nfactors:\n  - {key: need.onset, low: 0, high: 1}\n  - {key: effects.hold_level, values: [1, 2]}\n",
		"method: points\nfactors:\n  - {key: school_workforce.budget_fte, values: [0, 100000]}\npoints:\n  - [0]\n  - [100000]\n",
		"factors:\n  - {key: front_door.threshold, low: 0, high: 3, levels: 3}\n  - {key: years, values: [1, 50]}\n",
		"factors:\n  - {key: la.children, low: 100, high: 20000000, levels: 2}\n",
		"sobol: {base: 4, repetitions: 2}\nfactors:\n  - {key: statutory.turnover, low: 0, high: 1}\n",
	} {
		f.Add([]byte(seed))
	}
	base := filepath.Join(f.TempDir(), "base.yaml")
	if err := os.WriteFile(base, []byte("name: fuzz\n"), 0o644); err != nil {
		f.Fatal(err)
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
		if d.Count(config.AnalysisSweep) > 10_000 {
			return // building a million points is what --max-sims guards, not a fuzzing matter
		}
		pts := d.SweepPoints()
		if len(pts) == 0 {
			t.Fatal("an accepted design has no points")
		}
		for _, pt := range []Point{pts[0], pts[len(pts)-1]} {
			sc, err := config.Load(base, nil, append(pt.Sets(d.Factors), tinyRun...))
			if err != nil {
				if !strings.Contains(err.Error(), "key ") {
					t.Fatalf("point %v refused without naming a key: %v", pt.Values, err)
				}
				continue
			}
			sim.New(sc.Params, 1, 0, nil).Run()
		}
	})
}
