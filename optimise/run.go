package optimise

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"github.com/caseload/caseload/sensitivity"
	"slices"
	"sync"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/sim"
)

// Runner searches the deployments of a scenario within a budget, each
// candidate simulated on the same seed and replications (common random
// numbers), each replication kept on disk as soon as it is done, so that
// a stopped search resumes where it stopped: the search is deterministic,
// so a resume makes the same candidates and reads back what it ran.
type Runner struct {
	Base      sim.Params  // the scenario; its teams are replaced by each candidate's
	Reference *sim.Params // --against: run once per replication; nil for none
	Space     config.Space
	Budget    float64 // pounds a year
	Objective string  // a metric, or diff_<metric> with a reference
	Maximise  bool
	Seed      uint64
	Workers   int
	Dir       string
	Resume    bool
	Stop      <-chan struct{}
	Progress  func(done, total int)
	Log       *outdir.Invocation
	// Build is the program's build, recorded in the folder's state: a
	// --resume by another build is refused (outdir.ErrOtherBuild).
	Build string

	items outdir.Items
	ref   [][]float64 // the reference's metrics at each replication run
	runs  int64
}

// Options are the search options the space gives.
func (r *Runner) Options() Options {
	s := r.Space
	return Options{Initial: s.Initial, Refine: s.Refine, Reps: s.Reps, MaxReps: s.MaxReps, Rounds: s.Rounds, Race: s.Race, Seed: uint64(s.Seed)}
}

// Sims is the most simulations the search makes: the candidates' bound
// (Options.Sims) and, with a reference, its replications.
func (r *Runner) Sims() int64 {
	n := r.Options().Sims()
	if r.Reference != nil {
		n += int64(r.Space.MaxReps)
	}
	return n * int64(max(1, r.Base.National.LAs))
}

// Deploy is the deployment of a point of the cube.
func (r *Runner) Deploy(u []float64) Deployment { return Decode(r.Space, r.Base, r.Budget, u) }

// Items is the search's results folder: each replication of each
// candidate (and of the reference) under evaluations/.
func (r *Runner) Items() outdir.Items {
	h := sha256.New()
	space := r.Space
	space.File = "" // the same space from another file is the same search
	for _, v := range []any{config.Resolved(r.Base), space, r.Budget, r.Objective, r.Maximise, r.Seed, r.Reference != nil} {
		b, _ := json.Marshal(v)
		h.Write(b)
	}
	if r.Reference != nil {
		b, _ := json.Marshal(config.Resolved(*r.Reference))
		h.Write(b)
	}
	o := r.Options()
	return outdir.Items{Dir: r.Dir, Name: "evaluations", State: outdir.State{Kind: "optimise",
		Fingerprint: hex.EncodeToString(h.Sum(nil)), Count: (o.Initial + o.Refine + 1) * o.MaxReps, Metrics: sim.MetricNames(), Build: r.Build}}
}

// index is the item of replication rep of candidate c (-1: the reference).
func (r *Runner) index(c, rep int) int { return (c+1)*r.Space.MaxReps + rep }

// Run opens the folder and searches.
func (r *Runner) Run() (Result, error) {
	r.items = r.Items()
	if err := r.items.Open(r.Resume, r.Log); err != nil {
		return Result{}, err
	}
	k, diff := objectiveIndex(r.Objective)
	if k < 0 || (diff && r.Reference == nil) {
		return Result{}, fmt.Errorf("optimise: objective %q: expected a metric, or diff_<metric> with a reference", r.Objective)
	}
	p := Problem{
		Dim:      Dim(r.Space),
		Cost:     func(u []float64) float64 { return r.Deploy(u).Cost(r.Base) },
		Feasible: func(u []float64) bool { return r.Deploy(u).Feasible(r.Base) },
		Run:      func(cands []*Candidate, want map[int]int) error { return r.evaluate(cands, want, k, diff) },
	}
	return Search(p, r.Options())
}

// AnyFeasible reports whether any deployment of the search's initial
// design is feasible within the budget: if none is, the search can run
// nothing (its refinements start from feasible candidates), which the
// caller can say before making a results folder.
func (r *Runner) AnyFeasible() (bool, error) {
	pts, err := sensitivity.Sobol(r.Space.Initial, Dim(r.Space))
	if err != nil {
		return false, err
	}
	for _, u := range pts {
		if r.Deploy(u).Feasible(r.Base) {
			return true, nil
		}
	}
	return false, nil
}

// Runs is the number of simulations run (not read back from the folder).
func (r *Runner) Runs() int64 { return r.runs }

// objectiveIndex is the registry position of the objective's metric and
// whether it is a paired difference from the reference.
func objectiveIndex(name string) (int, bool) {
	if k := sim.MetricIndex(name); k >= 0 {
		return k, false
	}
	const prefix = "diff_"
	if len(name) > len(prefix) && name[:len(prefix)] == prefix {
		return sim.MetricIndex(name[len(prefix):]), true
	}
	return -1, false
}

// evaluate brings each candidate in want to its replications: what the
// folder holds is read back, the rest simulated (the reference first
// where a paired difference needs it).
func (r *Runner) evaluate(cands []*Candidate, want map[int]int, k int, diff bool) error {
	type job struct{ c, rep int }
	var jobs []job
	most := 0
	for c, n := range want {
		most = max(most, n)
		for rep := len(cands[c].Values); rep < n; rep++ {
			jobs = append(jobs, job{c, rep})
		}
	}
	if diff {
		for rep := len(r.ref); rep < most; rep++ {
			jobs = append(jobs, job{-1, rep})
		}
	}
	// a fixed order, whatever the map's
	sortJobs := func(a, b job) int {
		if a.c != b.c {
			return a.c - b.c
		}
		return a.rep - b.rep
	}
	slicesSort(jobs, sortJobs)
	vals := make([][]float64, len(jobs))
	var todo []int
	for i, jb := range jobs {
		var v []float64
		if outdir.ReadKept(r.items, r.index(jb.c, jb.rep), &v) == nil && len(v) == len(sim.MetricNames()) {
			vals[i] = v
			continue
		}
		todo = append(todo, i)
	}
	params := map[int]sim.Params{}
	for _, i := range todo {
		c := jobs[i].c
		if _, ok := params[c]; ok {
			continue
		}
		if c < 0 {
			params[c] = *r.Reference
		} else {
			params[c] = r.Deploy(cands[c].U).Params(r.Base)
		}
	}
	var mu sync.Mutex
	var werr error
	done := 0
	stopped := batch.Pool(len(todo), r.Workers, r.Stop, nil, func(x int, ws *sim.Workspace) {
		i := todo[x]
		jb := jobs[i]
		out := ws.Simulate(params[jb.c], r.Seed, jb.rep)
		mu.Lock()
		defer mu.Unlock()
		kept, err := outdir.Keep(r.items, r.index(jb.c, jb.rep), out.Values)
		if err != nil && werr == nil {
			werr = err
		}
		vals[i] = kept
		r.runs++
		done++
		if r.Progress != nil {
			r.Progress(done, len(todo))
		}
	})
	switch {
	case werr != nil:
		return werr
	case stopped:
		return batch.ErrStopped
	}
	for i, jb := range jobs {
		if jb.c < 0 {
			r.ref = append(r.ref, vals[i])
		}
	}
	for i, jb := range jobs {
		if jb.c < 0 {
			continue
		}
		v := vals[i][k]
		if diff {
			v -= r.ref[jb.rep][k]
		}
		if r.Maximise {
			v = -v
		}
		cands[jb.c].Values = append(cands[jb.c].Values, v)
	}
	return nil
}

func slicesSort[T any](x []T, cmp func(a, b T) int) { slices.SortFunc(x, cmp) }
