package sim

import (
	"math"
	"testing"
)

// The baseline reproduces the MODEL.md §5 figures within ±10% after the
// warm-up, averaged over replications, and the census figures
// (CensusTargets) within their tolerances.
func TestCalibration(t *testing.T) {
	if testing.Short() {
		t.Skip("calibration runs the full typical LA")
	}
	const reps = 16
	p := Defaults()
	sums := make([]float64, len(metricNames))
	for r := range reps {
		for k, v := range Simulate(p, 2025, r).Values {
			sums[k] += v / reps
		}
	}
	for _, tg := range CalibrationTargets {
		got := TargetValue(tg.Metric, sums)
		rel := got/tg.Value - 1
		t.Logf("%-26s target %8.2f simulated %8.2f (%+.1f%%)", tg.Metric, tg.Value, got, 100*rel)
		if math.Abs(rel) > CalibrationTolerance {
			t.Errorf("%s: simulated %.2f, target %.2f (%s): off by %+.1f%%, tolerance ±%.0f%%",
				tg.Metric, got, tg.Value, tg.Source, 100*rel, 100*CalibrationTolerance)
		}
	}
	for _, tg := range CensusTargets {
		got := TargetValue(tg.Metric, sums)
		t.Logf("%-30s target %8.3f simulated %8.3f", tg.Metric, tg.Value, got)
		if !tg.Within(got) {
			t.Errorf("%s: simulated %.3f, target %.3f (%s): outside its tolerance", tg.Metric, got, tg.Value, tg.Source)
		}
	}
}
