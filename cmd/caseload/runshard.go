package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/sim"
)

// A sharded run or compare keeps each replication in its own file,
// reps/NNNNN.gob (gob keeps every float64 exactly, NaN included), in a
// folder with state.json; caseload merge reads them back and writes the
// folder whole, as a run on one machine writes it.

// repFile is one replication of every scenario, by scenario and LA.
type repFile struct {
	Rep      int
	Outcomes [][]sim.Outcome
}

// replicationItems is the shared folder of a sharded run or compare: its
// fingerprint covers the kind, seed, replications, every scenario's
// name, file and resolved configuration, and the command's flags that
// decide what is computed or written (identity: flagIdentity).
func replicationItems(dir, verb string, seed uint64, reps int, scens []loaded, identity string) outdir.Items {
	h := sha256.New()
	fmt.Fprintf(h, "%s|%d|%d|%q|", verb, seed, reps, identity)
	for _, s := range scens {
		b, _ := json.Marshal(config.Resolved(s.sc.Params))
		fmt.Fprintf(h, "%q|%q|", s.sc.Params.Name, s.path)
		h.Write(b)
	}
	name, ext, _ := itemsOf(verb)
	return outdir.Items{Dir: dir, Name: name, Ext: ext, State: outdir.State{Kind: verb,
		Fingerprint: hex.EncodeToString(h.Sum(nil)), Count: reps, Metrics: sim.MetricNames(), Build: buildID()}}
}

// runScenarioShard runs shard K/N's replications not yet in the shared
// folder, each written to its own file as soon as every scenario (and
// every LA) of it is done.
func runScenarioShard(ctx context.Context, o scenarioOptions, g globals, params []sim.Params, items outdir.Items) error {
	s := o.shardOf
	out, err := openShardOut(items.Dir, s.k)
	if err != nil {
		return err
	}
	defer out.Close()
	err = items.OpenShared(g.shardInvocation(o.shardOptions))
	out.ReleaseFolder()
	if err != nil {
		return usageError{err}
	}
	var werr error
	bar := outdir.NewProgress(g.stderr, o.quiet)
	_, err = batch.Run(params, o.seed, o.reps, batch.Options{Workers: o.workers, Progress: bar.Update, Stop: ctx.Done(),
		Reps: func(r int) bool {
			if !s.mine(r) {
				return false
			}
			return !items.Has(r) // not yet run, or its file damaged
		},
		RepDone: func(r int, outs [][]sim.Outcome) {
			var buf bytes.Buffer
			err := gob.NewEncoder(&buf).Encode(repFile{Rep: r, Outcomes: outs})
			if err == nil {
				err = items.WriteItem(r, buf.Bytes())
			}
			if err != nil && werr == nil {
				werr = err
			}
		},
	})
	bar.Finish()
	switch {
	case werr != nil:
		return werr
	case errors.Is(err, batch.ErrStopped):
		return errInterrupted{fmt.Sprintf("stopped: %d of %d replications finished and kept in %s; run shard %s again to finish its replications",
			items.Finished(), o.reps, items.Dir, s)}
	case err != nil:
		return err
	}
	shardDone(g, s, items, "replications")
	return nil
}

// readReplications reads every replication of a sharded folder back into
// what batch.Run returns on one machine.
func readReplications(params []sim.Params, seed uint64, items outdir.Items) ([]batch.Result, error) {
	if err := items.Check(true); err != nil {
		return nil, usageError{err}
	}
	if err := itemsComplete(items, "merge"); err != nil {
		return nil, err
	}
	reps := items.State.Count
	raw := make([][][]sim.Outcome, len(params)) // [scenario][la][rep]
	for r := range reps {
		var rf repFile
		b, err := items.ReadItem(r)
		if err != nil {
			return nil, usageError{err}
		}
		err = gob.NewDecoder(bytes.NewReader(b)).Decode(&rf)
		if err == nil && (rf.Rep != r || len(rf.Outcomes) != len(params)) {
			err = fmt.Errorf("holds replication %d of %d scenarios, expected replication %d of %d", rf.Rep, len(rf.Outcomes), r, len(params))
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", items.Path(r), err)
		}
		for s, outs := range rf.Outcomes {
			if raw[s] == nil {
				raw[s] = make([][]sim.Outcome, len(outs))
				for u := range outs {
					raw[s][u] = make([]sim.Outcome, reps)
				}
			}
			if len(outs) != len(raw[s]) {
				return nil, fmt.Errorf("%s: scenario %d has %d LAs, expected %d", items.Path(r), s, len(outs), len(raw[s]))
			}
			for u, oc := range outs {
				raw[s][u][r] = oc
			}
		}
	}
	res := make([]batch.Result, len(params))
	for s, p := range params {
		var err error
		if res[s], err = batch.Assemble(p, seed, raw[s]); err != nil {
			return nil, err
		}
	}
	return res, nil
}
