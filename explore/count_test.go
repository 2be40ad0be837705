package explore

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/caseload/caseload/config"
)

// The count a command multiplies by its replications before it starts is
// the number of points each analysis then builds.
func TestCountMatchesPoints(t *testing.T) {
	path := filepath.Join(t.TempDir(), "d.yaml")
	body := "sobol: {base: 8, repetitions: 3}\nmorris: {trajectories: 5, levels: 4}\nfactors:\n" +
		"  - {key: statutory.posts, low: 150, high: 210, levels: 3}\n" +
		"  - {key: front_door.threshold, low: 1.3, high: 1.7, levels: 4}\n" +
		"  - {key: effects.evidence, values: [trial, pilots]}\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := LoadDesign(path)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.Count(config.AnalysisSweep), len(d.SweepPoints()); got != want {
		t.Errorf("sweep: count %d, points %d", got, want)
	}
	_, morris, err := d.MorrisDesign()
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Count(config.AnalysisMorris); got != len(morris) {
		t.Errorf("morris: count %d, points %d", got, len(morris))
	}
	_, sobol, err := d.SaltelliDesign()
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Count(config.AnalysisSobol); got != len(sobol) {
		t.Errorf("sobol: count %d, points %d", got, len(sobol))
	}
	resolved := map[string]any{"statutory": map[string]any{"posts": 180}, "front_door": map[string]any{"threshold": 1.5}, "effects": map[string]any{"evidence": "trial"}}
	oat, err := d.OATPoints(resolved)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.Count(config.AnalysisOAT); got != len(oat) {
		t.Errorf("oat: count %d, points %d", got, len(oat))
	}
}
