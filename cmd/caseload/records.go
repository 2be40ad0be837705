package main

import (
	"fmt"
	"math"
	"path"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/records"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
)

// recordJob is one replication of one LA of one scenario to write
// records for.
type recordJob struct {
	scen, la, rep int
	p             sim.Params
	seed          uint64
	dir           string // under the results folder
	want          sim.Outcome
}

// recordFiles runs the replications asked for again with a recorder and
// returns their records, under records/ (records/<scenario>/ when there is
// more than one scenario, rep<k>/ when more than one replication, la<code>/
// for each LA of a national scenario). Each rerun must give the outcome
// the run gave for that replication: the records are that replication's.
// A signal (stop closed) ends it between replications with
// batch.ErrStopped.
func recordFiles(params []sim.Params, res []batch.Result, seed uint64, reps, workers int, stop <-chan struct{}) ([]results.File, error) {
	var jobs []recordJob
	for s, p := range params {
		base := "records"
		if len(params) > 1 {
			base = path.Join(base, config.SafeName(p.Name))
		}
		for r := range reps {
			dir := base
			if reps > 1 {
				dir = path.Join(dir, fmt.Sprintf("rep%03d", r+1))
			}
			if p.National.LAs == 0 {
				jobs = append(jobs, recordJob{s, -1, r, p, seed, dir, res[s].Outcomes[r]})
				continue
			}
			for j, q := range res[s].LAs {
				jobs = append(jobs, recordJob{s, j, r, q, sim.LASeed(seed, j), path.Join(dir, "la"+laCodeOf(q, j)), sim.Outcome{Values: res[s].AreaValuesOf(j, r)}})
			}
		}
	}
	out := make([][]results.File, len(jobs))
	errs := make([]error, len(jobs))
	if batch.Pool(len(jobs), workers, stop, nil, func(i int, _ *sim.Workspace) {
		j := jobs[i]
		code := laCodeOf(j.p, max(j.la, 0))
		files, o, err := records.Generate(j.p, j.seed, j.rep, records.Options{LACode: code})
		if err != nil {
			errs[i] = err
			return
		}
		for k, v := range o.Values {
			if w := j.want.Values[k]; v != w && !(math.IsNaN(v) && math.IsNaN(w)) {
				errs[i] = fmt.Errorf("records of %s replication %d: %s is %v, the run gave %v", j.p.Name, j.rep+1, sim.MetricNames()[k], v, w)
				return
			}
		}
		for _, f := range files {
			out[i] = append(out[i], results.File{Name: path.Join(j.dir, f.Name), Data: f.Data})
		}
	}) {
		return nil, batch.ErrStopped
	}
	var all []results.File
	for i := range jobs {
		if errs[i] != nil {
			return nil, errs[i]
		}
		all = append(all, out[i]...)
	}
	return all, nil
}

// laCodeOf is the LA code in the header of an LA's returns: the real
// three-digit code of an LA built from its published figures (la.area),
// else the synthetic code of the j-th LA (records.LACode).
func laCodeOf(p sim.Params, j int) string {
	if p.LA.Area != "" {
		if la, err := dfe.LAs().Find(p.LA.Area); err == nil && la.OldCode != "" {
			return la.OldCode
		}
	}
	return records.LACode(j)
}
