package trial

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"strconv"
	"sync"

	"github.com/caseload/caseload/detmath"

	"github.com/caseload/caseload/batch"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/results"
	"github.com/caseload/caseload/sim"
)

// Power curves: the same trial at several sizes. Size s, trial t draws its
// schools in LA j from the same layout (seed and replication) at every
// size, and the counterfactual run of LA j in trial t (no team anywhere,
// seed sim.LASeed(seed, j), replication t) does not depend on the size:
// it is run once and shared by every size that uses LA j. Only the
// intervention arms, whose allocation the size sets, are run per size.
// So a curve of k sizes costs one counterfactual per trial and LA of the
// largest design, plus one intervention run per size, trial and LA.

// CurveSims is the number of simulations RunSizes makes for ds: one
// counterfactual per trial and LA of the most LAs, and one intervention
// run per design, trial and LA.
func CurveSims(ds []*Design) int64 {
	var most, n int64
	for _, d := range ds {
		most = max(most, int64(d.Trials)*int64(d.LAs))
		n += int64(d.Trials) * int64(d.LAs)
	}
	return most + n
}

// CurveFolder is the results folder of a curve: every design's trials
// under trials/, design k's trial t as item k·trials + t; build is the
// program's, recorded in the folder's state (Options.Build).
func CurveFolder(ds []*Design, dir, build string) outdir.Items {
	h := sha256.New()
	n := 0
	for _, d := range ds {
		h.Write([]byte(d.fingerprint()))
		n += d.Trials
	}
	return outdir.Items{Dir: dir, Name: "trials",
		State: outdir.State{Kind: "trial", Fingerprint: hex.EncodeToString(h.Sum(nil)), Count: n, Metrics: []string{ds[0].Outcome}, Build: build}}
}

// RunSizes runs the trials of every design (the same scenario, seed,
// trials and outcome; sizes differ), sharing the counterfactual runs, and
// returns each design's results in trial order. It keeps each finished
// trial on disk as Run does, and resumes the same way.
func RunSizes(ds []*Design, o Options) ([][]Result, error) {
	f := CurveFolder(ds, o.Dir, o.Build)
	if err := f.Open(o.Resume, o.Log); err != nil {
		return nil, err
	}
	trials := ds[0].Trials
	res := make([][]Result, len(ds))
	done := make([][]bool, len(ds))
	for k, d := range ds {
		res[k], done[k] = make([]Result, trials), make([]bool, trials)
		for t := range trials {
			var r Result
			if outdir.ReadKept(f, k*trials+t, &r) == nil && r.Trial == t && len(r.Schools) == d.Schools {
				res[k][t], done[k][t] = r, true
			}
		}
	}
	// jobs: per trial and LA, the counterfactual and the intervention arms
	// of the unfinished sizes that have the LA; they share the build and
	// the warm-up, so each job builds and warms the model once
	type job struct{ t, j int }
	type arm struct{ k, t, j int } // k -1: the counterfactual
	var jobs []job
	arms := 0
	left := make([][]int, len(ds))
	for k := range ds {
		left[k] = make([]int, trials)
	}
	for t := range trials {
		need := 0
		for k, d := range ds {
			if !done[k][t] {
				need = max(need, d.LAs)
				left[k][t] = 2 * d.LAs
				arms += d.LAs
			}
		}
		for j := range need {
			jobs = append(jobs, job{t, j})
		}
		arms += need
	}
	var mu sync.Mutex
	ctrl := map[[2]int][]sim.SchoolOutcome{}
	treated := make([][][][]sim.SchoolOutcome, len(ds))
	allocs := make([][][]Allocation, len(ds))
	for k := range ds {
		treated[k] = make([][][]sim.SchoolOutcome, trials)
		allocs[k] = make([][]Allocation, trials)
	}
	var werr error
	finished := 0
	keep := func(k, t int) {
		d := ds[k]
		outs := make([][2][]sim.SchoolOutcome, d.LAs)
		for j := range d.LAs {
			outs[j] = [2][]sim.SchoolOutcome{ctrl[[2]int{t, j}], treated[k][t][j]}
		}
		kept, err := outdir.Keep(f, k*trials+t, d.assemble(t, allocs[k][t], outs))
		if err != nil && werr == nil {
			werr = err
		}
		res[k][t], treated[k][t] = kept, nil
	}
	finish := func(jb arm, out []sim.SchoolOutcome) {
		mu.Lock()
		defer mu.Unlock()
		finished++
		if jb.k < 0 {
			ctrl[[2]int{jb.t, jb.j}] = out
			for k, d := range ds {
				if !done[k][jb.t] && jb.j < d.LAs {
					if left[k][jb.t]--; left[k][jb.t] == 0 {
						keep(k, jb.t)
					}
				}
			}
		} else {
			treated[jb.k][jb.t][jb.j] = out
			if left[jb.k][jb.t]--; left[jb.k][jb.t] == 0 {
				keep(jb.k, jb.t)
			}
		}
		if o.Progress != nil {
			o.Progress(finished, arms)
		}
	}
	// a trial's sizes are randomised before its first job is handed out
	prepare := func(i int) {
		t := jobs[i].t
		for k, d := range ds {
			if done[k][t] || allocs[k][t] != nil {
				continue
			}
			a := make([]Allocation, d.LAs)
			for j := range d.LAs {
				a[j] = d.Randomise(t, j)
			}
			mu.Lock()
			allocs[k][t] = a
			treated[k][t] = make([][]sim.SchoolOutcome, d.LAs)
			mu.Unlock()
		}
	}
	stopped := batch.Pool(len(jobs), o.Workers, o.Stop, prepare, func(i int, ws *sim.Workspace) {
		jb := jobs[i]
		seed := ds[0].laSeed(jb.j)
		todo := []arm{{-1, jb.t, jb.j}}
		ps := []sim.Params{ds[0].control}
		shared := true
		for k, d := range ds {
			if done[k][jb.t] || jb.j >= d.LAs {
				continue
			}
			mu.Lock()
			a := allocs[k][jb.t][jb.j]
			mu.Unlock()
			p := d.arm(a, true)
			shared = shared && d.laSeed(jb.j) == seed && sim.SharesWarmup(ps[0], p)
			todo, ps = append(todo, arm{k, jb.t, jb.j}), append(ps, p)
		}
		if shared {
			for n, out := range ws.SimulateShared(ps, seed, jb.t) {
				finish(todo[n], out.Schools)
			}
			return
		}
		for n, p := range ps {
			finish(todo[n], ws.Simulate(p, ds[max(0, todo[n].k)].laSeed(jb.j), jb.t).Schools)
		}
	})
	switch {
	case werr != nil:
		return nil, werr
	case stopped:
		return nil, batch.ErrStopped
	}
	return res, nil
}

// PowerCSV is the file of a power curve.
const PowerCSV = "power.csv"

// zPower is z(0.975) + z(0.80): a two-sided 5% test with 80% power.
const zPower = 1.959963984540054 + 0.8416212335729143

// MDE is the minimum detectable rate ratio at 80% power for a two-sided
// 5% test, given the standard error of the log rate ratio the trials of
// a size achieved (their median cluster-robust SE): exp(−(z₀.₉₇₅ + z₀.₈)
// · SE), a reduction (a ratio below 1). NaN without a standard error.
func MDE(se float64) float64 {
	if !(se > 0) {
		return math.NaN()
	}
	return detmath.Exp(-zPower * se)
}

// WritePowerCSV writes the power curve: for each size, the schools and
// LAs, the power with its Wilson 95% interval and the minimum detectable
// rate ratio.
func WritePowerCSV(w io.Writer, ds []*Design, sums []Summary) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"schools", "las", "power", "low", "high", "mde"})
	for k, d := range ds {
		s := sums[k]
		cw.Write([]string{strconv.Itoa(d.Schools), strconv.Itoa(d.LAs), results.FormatNum(s.Power.Value),
			results.FormatNum(s.Power.Lo), results.FormatNum(s.Power.Hi), results.FormatNum(MDE(s.MedianSE))})
	}
	cw.Flush()
	return cw.Error()
}

// CheckSizes checks that designs differ only in their sizes.
func CheckSizes(ds []*Design) error {
	for _, d := range ds[1:] {
		if d.Trials != ds[0].Trials || d.Seed != ds[0].Seed || d.Outcome != ds[0].Outcome || d.Years != ds[0].Years {
			return fmt.Errorf("trial: the sizes of a curve must share trials, seed, outcome and years")
		}
	}
	return nil
}
