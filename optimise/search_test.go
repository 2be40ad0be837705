package optimise

import (
	"math"
	"math/rand/v2"
	"testing"
)

// knownProblem has its optimum at u = (1, 0.3, 0.7): the objective falls
// with spending (u0, the cost) and is a bowl in the other two coordinates,
// plus noise common to every candidate at a replication (as common random
// numbers give) and a little of each candidate's own.
func knownProblem(runs *int) Problem {
	common := func(r int) float64 { return rand.New(rand.NewPCG(uint64(r), 9)).NormFloat64() }
	return Problem{
		Dim:      3,
		Cost:     func(u []float64) float64 { return 1000 * u[0] },
		Feasible: func(u []float64) bool { return true },
		Run: func(cands []*Candidate, want map[int]int) error {
			for i, n := range want {
				c := cands[i]
				for r := len(c.Values); r < n; r++ {
					own := rand.New(rand.NewPCG(uint64(i), uint64(r))).NormFloat64()
					f := math.Pow(c.U[1]-0.3, 2) + math.Pow(c.U[2]-0.7, 2) - 0.3*c.U[0]
					c.Values = append(c.Values, f+common(r)+0.02*own)
					*runs++
				}
			}
			return nil
		},
	}
}

// Over several seeds, the search ends within a small regret of the known
// optimum, its front is sound, and racing spends replications on the best.
func TestSearchFindsKnownOptimum(t *testing.T) {
	truth := func(u []float64) float64 { return math.Pow(u[1]-0.3, 2) + math.Pow(u[2]-0.7, 2) - 0.3*u[0] }
	// Over 100 seeds the regret averages 0.022 and stays below 0.05; about
	// one seed in nine exceeds 0.04, so each seed is held to 0.06 and the
	// eight together to a mean of 0.03.
	var total float64
	for seed := uint64(1); seed <= 8; seed++ {
		runs := 0
		o := Options{Initial: 32, Refine: 32, Reps: 4, MaxReps: 32, Rounds: 4, Race: 6, Seed: seed}
		res, err := Search(knownProblem(&runs), o)
		if err != nil {
			t.Fatal(err)
		}
		b := res.Best
		regret := truth(b.U) - (-0.3)
		total += regret
		if regret > 0.06 {
			t.Errorf("seed %d: best at %v, regret %.3f, want within 0.06 of the optimum at (1, 0.3, 0.7)", seed, b.U, regret)
		}
		if int64(runs) > o.Sims() {
			t.Errorf("seed %d: %d replications run, more than the bound %d", seed, runs, o.Sims())
		}
		onFront := false
		for i, c := range res.Front {
			if i > 0 && !(c.Cost >= res.Front[i-1].Cost && pairedDiff(c, res.Front[i-1]) < 0) {
				t.Errorf("seed %d: front point %d (cost %v) does not beat the cheaper one before it", seed, i, c.Cost)
			}
			onFront = onFront || c == b
		}
		if !onFront {
			t.Errorf("seed %d: the best candidate is not on the front", seed)
		}
		// racing stops only when no candidate is close to the best, or
		// the close ones have all the replications they may have
		for _, c := range closeTo(res.Candidates, b)[:min(o.Race, len(closeTo(res.Candidates, b)))] {
			if len(c.Values) < o.MaxReps && len(b.Values) < o.MaxReps && o.Rounds > 0 && len(c.Values) == o.Reps {
				t.Errorf("seed %d: candidate %d is close to the best and was never raced", seed, c.Index)
			}
		}
	}
	if mean := total / 8; mean > 0.03 {
		t.Errorf("mean regret over the seeds %.3f, want at most 0.03", mean)
	}
}

// The same seed gives the same search.
func TestSearchDeterministic(t *testing.T) {
	var a, b int
	o := Options{Initial: 8, Refine: 8, Reps: 3, MaxReps: 12, Rounds: 2, Race: 3, Seed: 1}
	r1, _ := Search(knownProblem(&a), o)
	r2, _ := Search(knownProblem(&b), o)
	if r1.Best.Index != r2.Best.Index || a != b || len(r1.Candidates) != len(r2.Candidates) {
		t.Error("two searches with the same seed differ")
	}
}

// The front keeps only candidates that beat every cheaper one.
func TestFront(t *testing.T) {
	mk := func(i int, cost float64, vals ...float64) *Candidate {
		return &Candidate{Index: i, Cost: cost, Feasible: true, Values: vals}
	}
	cands := []*Candidate{mk(0, 10, 5), mk(1, 5, 6), mk(2, 20, 5.5), mk(3, 30, 4), mk(4, 1, 9), {Index: 5, Cost: 0, Feasible: false}}
	f := Front(cands)
	var got []int
	for _, c := range f {
		got = append(got, c.Index)
	}
	if want := []int{4, 1, 0, 3}; len(got) != len(want) || got[0] != 4 || got[1] != 1 || got[2] != 0 || got[3] != 3 {
		t.Errorf("front %v, want %v", got, want)
	}
}
