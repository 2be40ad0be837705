package batch

import (
	"testing"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sim"
)

// BenchmarkCompare runs make run's four scenarios of equal budget, ten
// replications of each per iteration on one worker, as compare runs them
// (sharing the build, the warm-up and the measured Septembers) and as four
// separate runs: the ratio of the two is the gain of sharing
// (PERFORMANCE.md; make bench measures it over 40 replications).
func BenchmarkCompare(b *testing.B) {
	var scens []sim.Params
	for _, f := range []string{"baseline", "core-offer", "micro-cluster", "embedded"} {
		sc, err := config.Load("../scenarios/"+f+".yaml", nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		scens = append(scens, sc.Params)
	}
	b.Run("shared", func(b *testing.B) {
		for b.Loop() {
			Replicate(scens, 1, 10, 1)
		}
	})
	b.Run("separate", func(b *testing.B) {
		for b.Loop() {
			for _, p := range scens {
				Replicate([]sim.Params{p}, 1, 10, 1)
			}
		}
	})
}
