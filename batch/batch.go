// Package batch runs replications of scenarios on a pool of workers, on
// common random numbers, and expands national scenarios into their LAs.
// Results are placed by index, so they do not depend on the number of
// workers or the order in which jobs finish.
package batch

import (
	"sync"

	"github.com/caseload/caseload/sim"
)

// unit is one simulated LA of a scenario: the scenario itself, or one LA
// of a national scenario with its own seed.
type unit struct {
	params sim.Params
	seed   uint64
}

// units expands a scenario into the LAs it simulates.
func units(p sim.Params, seed uint64) []unit {
	if p.National.LAs == 0 {
		return []unit{{p, seed}}
	}
	las := sim.NationalLAs(p)
	out := make([]unit, len(las))
	for j, q := range las {
		out[j] = unit{q, sim.LASeed(seed, j)}
	}
	return out
}

// Result is what Replicate returns for one scenario: the outcome of each
// replication (national for a national scenario) and, for a national
// scenario, its LAs and each LA's outcomes by replication.
type Result struct {
	Outcomes []sim.Outcome
	Areas    [][]sim.Outcome // [la][replication]; nil for a single LA
	LAs      []sim.Params
}

// Replicate runs reps replications of every scenario on a pool of workers.
// Replication r of every scenario draws from the same keyed streams
// (common random numbers), and each result lands in its own slot, so the
// output is the same whatever the number of workers.
func Replicate(scens []sim.Params, seed uint64, reps, workers int) []Result {
	us := make([][]unit, len(scens))
	raw := make([][][]sim.Outcome, len(scens)) // [scenario][la][rep]
	type job struct{ s, u, r int }
	var jobs []job
	for s, p := range scens {
		us[s] = units(p, seed)
		raw[s] = make([][]sim.Outcome, len(us[s]))
		for u := range us[s] {
			raw[s][u] = make([]sim.Outcome, reps)
		}
	}
	for r := range reps {
		for s := range scens {
			for u := range us[s] {
				jobs = append(jobs, job{s, u, r})
			}
		}
	}
	ch := make(chan job)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range ch {
				un := us[j.s][j.u]
				raw[j.s][j.u][j.r] = sim.Simulate(un.params, un.seed, j.r)
			}
		})
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
	out := make([]Result, len(scens))
	for s := range scens {
		if len(us[s]) == 1 && scens[s].National.LAs == 0 {
			out[s] = Result{Outcomes: raw[s][0]}
			continue
		}
		children := make([]int, len(us[s]))
		las := make([]sim.Params, len(us[s]))
		for u, un := range us[s] {
			children[u] = un.params.LA.Children
			las[u] = un.params
		}
		out[s] = Result{Outcomes: make([]sim.Outcome, reps), Areas: raw[s], LAs: las}
		for r := range reps {
			per := make([]sim.Outcome, len(us[s]))
			for u := range us[s] {
				per[u] = raw[s][u][r]
			}
			out[s].Outcomes[r] = sim.Combine(per, children)
		}
	}
	return out
}
