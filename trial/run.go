package trial

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/sim"
)

// School is one school of a trial: where it is, how it was allocated, and
// how many of its pupils had the outcome.
type School struct {
	LA      int     `json:"la"`
	School  int     `json:"school"` // number within its LA
	Type    string  `json:"type"`
	FSM     float64 `json:"fsm"`
	Roll    int     `json:"roll"`
	Stratum int     `json:"stratum"`
	Treated bool    `json:"treated"`
	// Count is the school's pupils with the outcome over the follow-up, as
	// the trial ran; Counterfactual the same had no school had the team
	// (the same families and random numbers); Baseline over the warm-up,
	// before randomisation.
	Count          float64 `json:"count"`
	Counterfactual float64 `json:"counterfactual"`
	Baseline       float64 `json:"baseline"`
}

// Result is one finished trial: every school that took part.
type Result struct {
	Trial   int      `json:"trial"`
	Schools []School `json:"schools"`
}

// Options control Run.
type Options struct {
	Workers int    // parallel runs; at least 1
	Dir     string // results folder; Dir/trials holds each finished trial
	// Resume reads the trials already in Dir instead of running them; Dir
	// must hold the same trial design.
	Resume bool
	// Stop, once closed, keeps Run from starting further runs; finished
	// trials stay on disk and Run returns batch.ErrStopped.
	Stop     <-chan struct{}
	Progress func(done, total int) // runs done and in all
	// Log, if not nil, is added to the folder's invocation log when the
	// run starts or resumes.
	Log *outdir.Invocation
	// Build is the program's version, recorded in the folder's state: a
	// resume or a shard of another build is refused.
	Build string
	// Only, when not nil, runs only the trials it accepts (one shard's);
	// Shared says the folder is shared by shards writing it at once and
	// already opened by the caller (outdir.Items.OpenShared).
	Only   func(trial int) bool
	Shared bool
}

// Run runs every trial not yet finished in o.Dir: for each trial and LA,
// the intervention arm (the team in the schools allocated to it) and the
// counterfactual (no team anywhere) on the same seed and replication.
// Each trial is written to o.Dir/trials as soon as its runs are done.
// Results come back in trial order and do not depend on o.Workers.
func Run(d *Design, o Options) ([]Result, error) {
	f := d.Folder(o.Dir, o.Build)
	// a shard's folder is opened by the caller, under the folder's lock
	if !o.Shared {
		if err := f.Open(o.Resume, o.Log); err != nil {
			return nil, err
		}
	}
	results := make([]Result, d.Trials)
	done := make([]bool, d.Trials)
	for t := range d.Trials {
		var r Result
		if outdir.ReadKept(f, t, &r) == nil && r.Trial == t && len(r.Schools) == d.Schools {
			results[t], done[t] = r, true
		}
	}
	// a job runs both arms of one LA of one trial: they share the build
	// and the warm-up (the team starts after it), so the model is built
	// and warmed once and each arm continues from a copy
	type job struct{ t, j int }
	var jobs []job
	for t := range d.Trials {
		if done[t] || (o.Only != nil && !o.Only(t)) {
			continue
		}
		for j := range d.LAs {
			jobs = append(jobs, job{t, j})
		}
	}
	allocs := make([][]Allocation, d.Trials)
	outs := make([][][2][]sim.SchoolOutcome, d.Trials)
	left := make([]int, d.Trials)
	var mu sync.Mutex
	var werr error
	finished := 0
	finish := func(jb job) {
		mu.Lock()
		defer mu.Unlock()
		finished += 2
		if left[jb.t] -= 2; left[jb.t] == 0 {
			kept, err := outdir.Keep(f, jb.t, d.assemble(jb.t, allocs[jb.t], outs[jb.t]))
			if err != nil && werr == nil {
				werr = err
			}
			results[jb.t], outs[jb.t] = kept, nil
		}
		if o.Progress != nil {
			o.Progress(finished, 2*len(jobs))
		}
	}
	randomise := func(i int) {
		t := jobs[i].t
		if allocs[t] != nil {
			return
		}
		// a trial is randomised before its first run is handed out
		allocs[t] = make([]Allocation, d.LAs)
		for j := range d.LAs {
			allocs[t][j] = d.Randomise(t, j)
		}
		outs[t] = make([][2][]sim.SchoolOutcome, d.LAs)
		left[t] = 2 * d.LAs
	}
	stopped := batch.Pool(len(jobs), o.Workers, o.Stop, randomise, func(i int, ws *sim.Workspace) {
		jb := jobs[i]
		for arm, out := range simulateArms(ws, d.arm(allocs[jb.t][jb.j], false), d.arm(allocs[jb.t][jb.j], true), d.laSeed(jb.j), jb.t) {
			outs[jb.t][jb.j][arm] = out.Schools
		}
		finish(jb)
	})
	switch {
	case werr != nil:
		return nil, werr
	case stopped:
		return nil, batch.ErrStopped
	}
	return results, nil
}

// simulateArms runs the counterfactual and the intervention arm of one
// LA and replication: from one warmed model when they share the warm-up
// (sim.SharesWarmup), else each on its own. The outcomes are the same
// either way.
func simulateArms(ws *sim.Workspace, ctrl, treat sim.Params, seed uint64, rep int) []sim.Outcome {
	if sim.SharesWarmup(ctrl, treat) {
		return ws.SimulateShared([]sim.Params{ctrl, treat}, seed, rep)
	}
	return []sim.Outcome{ws.Simulate(ctrl, seed, rep), ws.Simulate(treat, seed, rep)}
}

// assemble gathers trial t's schools from its runs, LA by LA in the order
// of each allocation.
func (d *Design) assemble(t int, allocs []Allocation, outs [][2][]sim.SchoolOutcome) Result {
	r := Result{Trial: t}
	k := d.outcome
	for j, a := range allocs {
		for i, sc := range a.Schools {
			ctrl, tr := outs[j][0][sc], outs[j][1][sc]
			if tr.Covered != a.Treated[i] || ctrl.Covered {
				panic(fmt.Sprintf("trial: school %d of LA %d covered %v in the intervention arm, %v in the counterfactual, allocated %v",
					sc, j, tr.Covered, ctrl.Covered, a.Treated[i]))
			}
			r.Schools = append(r.Schools, School{LA: j, School: sc, Type: sim.SchoolTypeNames[tr.Type], FSM: tr.FSM,
				Roll: tr.Roll, Stratum: a.Strata[i], Treated: a.Treated[i],
				Count: tr.Counts[k], Counterfactual: ctrl.Counts[k], Baseline: tr.Baseline[k]})
		}
	}
	return r
}

// Folder is the trial run's results folder: its finished trials under
// trials/.
func (d *Design) Folder(dir, build string) outdir.Items {
	return outdir.Items{Dir: dir, Name: "trials",
		State: outdir.State{Kind: "trial", Fingerprint: d.fingerprint(), Count: d.Trials, Metrics: []string{d.Outcome}, Build: build}}
}

// fingerprint identifies a trial design: the spec as resolved, the team,
// the scenario's configuration and Identity.
func (d *Design) fingerprint() string {
	h := sha256.New()
	for _, v := range []any{d.Spec, d.TeamName, d.Team, d.PerLA, d.control, d.Identity} {
		b, err := json.Marshal(v)
		if err != nil {
			panic("trial: " + err.Error())
		}
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))
}
