package main

import (
	"sync"

	"github.com/caseload/caseload/sim"
)

// replicate runs reps replications of every scenario on a pool of workers.
// Replication r of every scenario draws from the same keyed streams
// (common random numbers), and each result lands in its own slot, so the
// output is the same whatever the number of workers.
func replicate(scens []sim.Params, seed uint64, reps, workers int) [][]sim.Outcome {
	out := make([][]sim.Outcome, len(scens))
	for i := range out {
		out[i] = make([]sim.Outcome, reps)
	}
	type job struct{ s, r int }
	jobs := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range jobs {
				out[j.s][j.r] = sim.Simulate(scens[j.s], seed, j.r)
			}
		})
	}
	for r := range reps {
		for s := range scens {
			jobs <- job{s, r}
		}
	}
	close(jobs)
	wg.Wait()
	return out
}
