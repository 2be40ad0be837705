package trial

import (
	"fmt"
	"io"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/sim"
)

// Outcomes runs d's trials once, in memory, and analyses every
// school-level flow (sim.SchoolFlowNames) on the same runs: what running
// the trial once per outcome would give, each outcome's trials being the
// same simulated trials. It is how the evidence sets are checked against
// the SWIS trial on every outcome at once (MODEL.md §6; EvidenceTable).
func Outcomes(d *Design, workers int) [sim.NumSchoolFlows]Summary {
	type job struct{ t, j, arm int }
	var jobs []job
	for t := range d.Trials {
		for j := range d.LAs {
			for arm := range 2 {
				jobs = append(jobs, job{t, j, arm})
			}
		}
	}
	allocs := make([][]Allocation, d.Trials)
	outs := make([][][2][]sim.SchoolOutcome, d.Trials)
	for t := range d.Trials {
		allocs[t] = make([]Allocation, d.LAs)
		for j := range d.LAs {
			allocs[t][j] = d.Randomise(t, j)
		}
		outs[t] = make([][2][]sim.SchoolOutcome, d.LAs)
	}
	batch.Pool(len(jobs), workers, nil, nil, func(i int, ws *sim.Workspace) {
		jb := jobs[i]
		out := ws.Simulate(d.arm(allocs[jb.t][jb.j], jb.arm == 1), d.laSeed(jb.j), jb.t)
		outs[jb.t][jb.j][jb.arm] = out.Schools
	})
	var sums [sim.NumSchoolFlows]Summary
	for k := range sim.NumSchoolFlows {
		dk := *d
		dk.outcome, dk.Outcome = k, sim.SchoolFlowNames[k]
		as := make([]Analysis, d.Trials)
		for t := range d.Trials {
			as[t] = dk.Analyse(dk.assemble(t, allocs[t], outs[t]))
		}
		sums[k] = dk.Summarise(as)
	}
	return sums
}

// WriteOutcomes writes a markdown table of every outcome's true rate
// ratio, its spread over the trials, and the design's power.
func WriteOutcomes(w io.Writer, sums [sim.NumSchoolFlows]Summary) error {
	if _, err := fmt.Fprintln(w, "| outcome | true rate ratio | middle 95% of trials | median estimate | median SE of log ratio | power |\n| --- | --- | --- | --- | --- | --- |"); err != nil {
		return err
	}
	for k, s := range sums {
		if _, err := fmt.Fprintf(w, "| %s | %.3f | %.3f–%.3f | %.3f | %.3f | %d/%d (%.0f%%) |\n", sim.SchoolFlowNames[k],
			s.TrueIRR, s.TrueLo, s.TrueHi, s.Median, s.MedianSE, s.Power.K, s.Power.N, 100*s.Power.Value); err != nil {
			return err
		}
	}
	return nil
}

// Deployment is what a scenario's school-based team did where it worked,
// on common random numbers: each replication is run as it is and with no
// team, on the same seed and replication.
type Deployment struct {
	Reps    int
	Schools int // schools covered, in the first replication
	// Ratio of each school-level flow in the covered schools: their
	// pupils with the outcome as run over the same schools' pupils with no
	// team, pooled over the replications.
	Ratio [sim.NumSchoolFlows]float64
	// CareWeeks is the ratio of the LA's weeks in care (care_weeks), as
	// run over no team.
	CareWeeks float64
}

// Deploy runs scenario p with its team and without, reps replications
// each under seed, and compares the covered schools (MODEL.md §6: the
// pilots of seed 004 compared their schools with schools without a
// worker).
func Deploy(p sim.Params, seed uint64, reps, workers int) Deployment {
	none := p
	none.SchoolWorkforce.Teams = map[string]sim.Team{}
	outs := make([][2]sim.Outcome, reps)
	batch.Pool(2*reps, workers, nil, nil, func(i int, ws *sim.Workspace) {
		q := p
		if i%2 == 1 {
			q = none
		}
		outs[i/2][i%2] = ws.Simulate(q, seed, i/2)
	})
	d := Deployment{Reps: reps}
	var with, without [sim.NumSchoolFlows]float64
	var cw [2]float64
	k := sim.MetricIndex("care_weeks")
	for r, o := range outs {
		for i, sc := range o[0].Schools {
			if !sc.Covered {
				continue
			}
			if r == 0 {
				d.Schools++
			}
			for f := range sim.NumSchoolFlows {
				with[f] += sc.Counts[f]
				without[f] += o[1].Schools[i].Counts[f]
			}
		}
		cw[0] += o[0].Values[k]
		cw[1] += o[1].Values[k]
	}
	for f := range sim.NumSchoolFlows {
		d.Ratio[f] = ratio(with[f], without[f])
	}
	d.CareWeeks = ratio(cw[0], cw[1])
	return d
}
