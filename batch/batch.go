// Package batch runs replications of scenarios on a pool of workers, on
// common random numbers, and expands national scenarios into their LAs.
// Results are placed by index, so they do not depend on the number of
// workers or the order in which jobs finish.
package batch

import (
	"errors"
	"fmt"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

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
	// AreaValues holds, in place of Areas in a lean run (Options.Lean),
	// each LA's metric values: [la][replication].
	AreaValues [][][]float64
}

// AreaValuesOf is LA u's metric values in replication r, from Areas or,
// in a lean run, AreaValues.
func (r *Result) AreaValuesOf(u, rep int) []float64 {
	if r.AreaValues != nil {
		return r.AreaValues[u][rep]
	}
	return r.Areas[u][rep].Values
}

// Replicate runs reps replications of every scenario on a pool of workers.
// Replication r of every scenario draws from the same keyed streams
// (common random numbers), and each result lands in its own slot, so the
// output is the same whatever the number of workers.
func Replicate(scens []sim.Params, seed uint64, reps, workers int) []Result {
	out, _ := Run(scens, seed, reps, Options{Workers: workers})
	return out
}

// ErrStopped is returned by Run when Options.Stop closed before every
// scenario finished.
var ErrStopped = errors.New("batch: stopped before the end")

// Options control Run. The zero value runs on one worker.
type Options struct {
	Workers int // parallel workers; at least 1
	// Stop, once closed, keeps Run from starting further jobs; jobs under
	// way finish and scenarios already complete are reported.
	Stop <-chan struct{}
	// Skip reports scenarios that need not run (finished earlier); their
	// Result is left empty.
	Skip func(s int) bool
	// Done is called once a scenario's every job has finished, one call
	// at a time, from a worker goroutine.
	Done func(s int, r Result)
	// Progress is called after each job with the jobs done and in all,
	// one call at a time.
	Progress func(done, total int)
	// Reps, when not nil, runs only the replications it accepts (one
	// shard's); the others are left as zero outcomes.
	Reps func(r int) bool
	// RepDone, when not nil, is called once replication r of every
	// scenario not skipped has finished, with its outcomes by scenario and
	// LA ([scenario][la]; nil for a skipped scenario), one call at a time.
	// Once it has been called, Run keeps nothing of replication r: the
	// scenarios' Results hold zero outcomes in its place, so that a
	// caller that keeps replications elsewhere needs no memory for them.
	RepDone func(r int, outs [][]sim.Outcome)
	// Lean keeps of each finished replication only what the results
	// files read: a national replication is combined as soon as its LAs
	// are done, and of each LA only its metric values are kept
	// (Result.AreaValues, for areas.csv, in place of Areas); no outcome
	// keeps its schools. A national run then holds about 200 kB per
	// replication (the national weekly series and 1.2 kB per LA) instead
	// of megabytes. Ignored with RepDone.
	Lean bool
}

// Run runs reps replications of every scenario not skipped, scenario by
// scenario (so that scenarios finish one after another and can be
// checkpointed), on common random numbers. Scenarios that differ only in
// keys that act after the warm-up (sim.SharesWarmup) run together, as one
// job per LA and replication that builds and warms the model once and
// continues each scenario from a copy (sim.Workspace.SimulateShared): the
// outcomes are the same, bit for bit, and such scenarios finish together.
func Run(scens []sim.Params, seed uint64, reps int, o Options) ([]Result, error) {
	us := make([][]unit, len(scens))
	raw := make([][][]sim.Outcome, len(scens)) // [scenario][la][rep]
	left := make([]int, len(scens))
	for s, p := range scens {
		if o.Skip != nil && o.Skip(s) {
			continue
		}
		us[s] = units(p, seed)
	}
	// with Lean, national replications are combined as they finish, from
	// the LAs of the replications under way (pending), and each LA keeps
	// its values alone (vals)
	lean := o.Lean && o.RepDone == nil
	nat := make([][]sim.Outcome, len(scens))  // [scenario][rep]
	vals := make([][][][]float64, len(scens)) // [scenario][la][rep]
	unitLeft := make([][]int, len(scens))     // [scenario][rep]: LAs still running
	pending := map[[2]int][]sim.Outcome{}     // {scenario, rep}: its LAs so far
	for s, p := range scens {
		if us[s] == nil {
			continue
		}
		if lean && p.National.LAs > 0 {
			nat[s], unitLeft[s] = make([]sim.Outcome, reps), make([]int, reps)
			for r := range reps {
				unitLeft[s][r] = len(us[s])
			}
			vals[s] = make([][][]float64, len(us[s]))
			for u := range us[s] {
				vals[s][u] = make([][]float64, reps)
			}
			continue
		}
		raw[s] = make([][]sim.Outcome, len(us[s]))
		for u := range us[s] {
			raw[s][u] = make([]sim.Outcome, reps)
		}
	}
	groups := shareGroups(us)
	type job struct{ g, u, r int }
	var jobs []job
	total := 0
	repLeft := make([]int, reps)
	for r := range reps {
		if o.Reps != nil && !o.Reps(r) {
			continue
		}
		for g, members := range groups {
			for u := range us[members[0]] {
				jobs = append(jobs, job{g, u, r})
				for _, s := range members {
					left[s]++
				}
				total += len(members)
				repLeft[r] += len(members)
			}
		}
	}
	// Jobs go scenario by scenario, so that scenarios finish one after
	// another, unless replications are kept one by one (RepDone). Within
	// a scenario (and within a replication), the largest LAs go first, so
	// that no worker is left running a large LA alone at the end.
	size := func(j job) int { return us[groups[j.g][0]][j.u].params.LA.Children }
	slices.SortStableFunc(jobs, func(a, b job) int {
		if o.RepDone == nil && a.g != b.g {
			return a.g - b.g
		}
		if a.r != b.r {
			return a.r - b.r
		}
		if a.g != b.g {
			return a.g - b.g
		}
		return size(b) - size(a)
	})
	out := make([]Result, len(scens))
	var mu sync.Mutex
	done := 0
	// keep stores the outcome of LA u of scenario s in replication r; in
	// a lean run, what the results files read of it
	keep := func(s, u, r int, o sim.Outcome) {
		if !lean {
			raw[s][u][r] = o
			return
		}
		o.Schools = nil
		if nat[s] == nil {
			raw[s][u][r] = o
			return
		}
		vals[s][u][r] = o.Values
		k := [2]int{s, r}
		per := pending[k]
		if per == nil {
			per = make([]sim.Outcome, len(us[s]))
			pending[k] = per
		}
		per[u] = o
		if unitLeft[s][r]--; unitLeft[s][r] == 0 {
			nat[s][r] = sim.Combine(per, unitChildren(us[s]))
			nat[s][r].Schools = nil
			delete(pending, k)
		}
	}
	finish := func(j job, outs []sim.Outcome) {
		mu.Lock()
		defer mu.Unlock()
		for k, s := range groups[j.g] {
			keep(s, j.u, j.r, outs[k])
			done++
			left[s]--
			repLeft[j.r]--
		}
		if repLeft[j.r] == 0 && o.RepDone != nil {
			outs := make([][]sim.Outcome, len(scens))
			for s := range scens {
				if raw[s] == nil {
					continue
				}
				outs[s] = make([]sim.Outcome, len(raw[s]))
				for u := range raw[s] {
					outs[s][u], raw[s][u][j.r] = raw[s][u][j.r], sim.Outcome{}
				}
			}
			o.RepDone(j.r, outs)
		}
		for _, s := range groups[j.g] {
			if left[s] == 0 {
				if nat[s] != nil {
					out[s] = Result{Outcomes: nat[s], AreaValues: vals[s], LAs: unitParams(us[s])}
				} else {
					out[s] = assemble(scens[s], us[s], raw[s], reps)
				}
				if o.Done != nil {
					o.Done(s, out[s])
				}
			}
		}
		if o.Progress != nil {
			o.Progress(done, total)
		}
	}
	stopped := Pool(len(jobs), o.Workers, o.Stop, nil, func(i int, ws *sim.Workspace) {
		j := jobs[i]
		members := groups[j.g]
		if started != nil {
			started(members[0], j.u, j.r)
		}
		ps := make([]sim.Params, len(members))
		for k, s := range members {
			ps[k] = us[s][j.u].params
		}
		finish(j, ws.SimulateShared(ps, us[members[0]][j.u].seed, j.r))
	})
	if stopped {
		return out, ErrStopped
	}
	return out, nil
}

// started, when not nil, is told of each job as a worker starts it (the
// first scenario of its group, the LA, the replication): for tests.
var started func(s, u, r int)

// maxShared is the most scenarios one job continues from a warmed model:
// enough to share the build and warm-up among a comparison's scenarios
// or a sweep's points, few enough that a large sweep keeps every worker
// busy and a job's outcomes stay small.
const maxShared = 8

// shareGroups puts the scenarios to run (us[s] not nil) into groups that
// share the build and the warm-up of every LA (sim.SharesWarmup, with the
// same seeds), in the order of their first scenario; a scenario that
// shares with none is a group of its own.
func shareGroups(us [][]unit) [][]int {
	keys := make([]string, len(us))
	for s, un := range us {
		if un == nil {
			continue
		}
		var k strings.Builder
		for _, x := range un {
			wk := sim.WarmupKey(x.params)
			if wk == "" {
				k.Reset()
				break
			}
			fmt.Fprintf(&k, "%d\x00%s\x00", x.seed, wk)
		}
		keys[s] = k.String()
	}
	var groups [][]int
	open := map[string]int{} // key → the group still taking scenarios
	for s, un := range us {
		if un == nil {
			continue
		}
		if g, ok := open[keys[s]]; ok && keys[s] != "" {
			groups[g] = append(groups[g], s)
			if len(groups[g]) == maxShared {
				delete(open, keys[s])
			}
			continue
		}
		open[keys[s]] = len(groups)
		groups = append(groups, []int{s})
	}
	return groups
}

// Pool runs job(0), job(1), ... job(n-1) on a pool of workers (at least
// one), handing the jobs out in order. Each worker has its own
// sim.Workspace, passed to its jobs, so that a model's memory is lent from
// one run to the next. prepare, when not nil, runs on the caller's
// goroutine just before job i is handed out, so that what it sets up is
// visible to the job. Once stop closes no further job is handed out; jobs
// under way finish, and Pool reports that it stopped early.
func Pool(n, workers int, stop <-chan struct{}, prepare func(i int), job func(i int, ws *sim.Workspace)) (stopped bool) {
	ch := make(chan int)
	var wg sync.WaitGroup
	// A panic in a job is caught on its worker and raised again on the
	// caller's goroutine once the pool has stopped, so that the program's
	// top level can report it (a panic on a worker would end the program
	// there). The worker keeps draining the jobs, without running them.
	var panicked atomic.Pointer[workerPanic]
	for range max(1, workers) {
		wg.Go(func() {
			var ws sim.Workspace
			for i := range ch {
				if panicked.Load() != nil {
					continue
				}
				func() {
					defer func() {
						if p := recover(); p != nil {
							panicked.CompareAndSwap(nil, &workerPanic{p, debug.Stack()})
						}
					}()
					job(i, &ws)
				}()
			}
		})
	}
	defer func() {
		if p := panicked.Load(); p != nil {
			panic(fmt.Sprintf("%v\n(on a worker)\n%s", p.value, p.stack))
		}
	}()
	for i := range n {
		if stop != nil {
			select {
			case <-stop:
				stopped = true
			default:
			}
		}
		if stopped || panicked.Load() != nil {
			break
		}
		if prepare != nil {
			prepare(i)
		}
		ch <- i
	}
	close(ch)
	wg.Wait()
	return stopped
}

// workerPanic is a panic caught on a worker, with its stack.
type workerPanic struct {
	value any
	stack []byte
}

// Assemble is the Result of scenario p run under the master seed from
// its outcomes by LA and replication (raw[la][replication]; one LA for
// a scenario that is not national), as Run would have returned it: how
// replications kept one by one (Options.RepDone) are put together again.
func Assemble(p sim.Params, seed uint64, raw [][]sim.Outcome) (Result, error) {
	us := units(p, seed)
	if len(raw) != len(us) {
		return Result{}, fmt.Errorf("batch: %s has %d LAs, the outcomes %d", p.Name, len(us), len(raw))
	}
	reps := len(raw[0])
	for _, r := range raw {
		if len(r) != reps {
			return Result{}, fmt.Errorf("batch: %s: LAs with different numbers of replications", p.Name)
		}
	}
	return assemble(p, us, raw, reps), nil
}

// assemble turns a scenario's raw outcomes into its Result, combining the
// LAs of a national scenario replication by replication.
func assemble(p sim.Params, us []unit, raw [][]sim.Outcome, reps int) Result {
	if p.National.LAs == 0 {
		return Result{Outcomes: raw[0]}
	}
	children := unitChildren(us)
	res := Result{Outcomes: make([]sim.Outcome, reps), Areas: raw, LAs: unitParams(us)}
	for r := range reps {
		if raw[0][r].Values == nil {
			continue // not run here (another shard's) or kept elsewhere (RepDone)
		}
		per := make([]sim.Outcome, len(us))
		for u := range us {
			per[u] = raw[u][r]
		}
		res.Outcomes[r] = sim.Combine(per, children)
	}
	return res
}

func unitChildren(us []unit) []int {
	children := make([]int, len(us))
	for u, un := range us {
		children[u] = un.params.LA.Children
	}
	return children
}

func unitParams(us []unit) []sim.Params {
	las := make([]sim.Params, len(us))
	for u, un := range us {
		las[u] = un.params
	}
	return las
}
