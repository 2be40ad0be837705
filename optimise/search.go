// Package optimise searches deployments of school-based workers for the
// best within a budget. The search is generic over a unit cube (Search);
// space.go maps a point of the cube to a deployment, run.go simulates it
// on common random numbers and keeps each replication on disk.
//
// The method, in three stages:
//
//  1. Space filling: Initial points of a Sobol sequence over the cube
//     (sensitivity.Sobol), each run for Reps replications. A Sobol
//     sequence covers the cube evenly in every dimension and every
//     projection, which a random sample does not.
//  2. Refinement near the front: the candidates on the front of cost
//     against the objective (none cheaper is better) are the parents of
//     Refine new points, each a parent moved by a normal step of sd 0.1
//     in every coordinate (clamped to the cube), the parents taken in
//     turn from the best; they too run for Reps replications.
//  3. Racing: the best candidate by mean and every candidate whose paired
//     difference from it (on the replications both have, so on common
//     random numbers) has a 95% t interval that includes zero are close;
//     up to Race of them, the nearest first, with the best, have their
//     replications doubled (at most MaxReps). This repeats for Rounds
//     rounds or until no candidate is close. Replications go where
//     candidates are hard to tell apart, not to those clearly worse.
//     Last, the candidates on the front are brought to the best's
//     replications, so that the front's means are on the same
//     replications.
//
// The objective is minimised; a quantity to maximise is negated by the
// caller. Every random choice comes from Seed, so a search is
// reproducible, and resumable where its evaluations are kept.
package optimise

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/caseload/caseload/detmath"
	"github.com/caseload/caseload/sensitivity"
)

// Options size a search.
type Options struct {
	Initial int    // space-filling points
	Refine  int    // points near the front
	Reps    int    // replications of every candidate
	MaxReps int    // replications a raced candidate may reach
	Rounds  int    // racing rounds
	Race    int    // close candidates raced each round, besides the best
	Seed    uint64 // of the refinement steps
}

// Candidate is one point of the cube, its cost and, when feasible, the
// objective at each replication run.
type Candidate struct {
	Index    int
	U        []float64
	Cost     float64
	Feasible bool
	Values   []float64 // objective at replications 0, 1, ...
}

// Mean is the candidate's mean objective.
func (c *Candidate) Mean() float64 {
	var s float64
	for _, v := range c.Values {
		s += v
	}
	return s / float64(len(c.Values))
}

// Interval is the 95% t interval of the candidate's mean objective (NaN
// with fewer than two replications).
func (c *Candidate) Interval() (lo, hi float64) {
	return tInterval(c.Values)
}

func tInterval(x []float64) (lo, hi float64) {
	n := len(x)
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	var m, ss float64
	for _, v := range x {
		m += v
	}
	m /= float64(n)
	for _, v := range x {
		ss += float64((v - m) * (v - m))
	}
	half := float64(detmath.StudentTQuantile(0.975, float64(n-1)) * math.Sqrt(ss/float64(n-1)/float64(n)))
	return m - half, m + half
}

// Problem is what a search explores: the cube's dimension, each point's
// cost and feasibility, and a way to run replications.
type Problem struct {
	Dim      int
	Cost     func(u []float64) float64
	Feasible func(u []float64) bool
	// Run brings every candidate named in want to the number of
	// replications given, appending to its Values.
	Run func(cands []*Candidate, want map[int]int) error
}

// Result is a finished search: every candidate in the order made, the
// front of cost against the objective (cheapest first) and the best.
type Result struct {
	Candidates []*Candidate
	Front      []*Candidate
	Best       *Candidate
}

// Search runs the three stages on p.
func Search(p Problem, o Options) (Result, error) {
	var cands []*Candidate
	add := func(u []float64) {
		c := &Candidate{Index: len(cands), U: u, Cost: p.Cost(u), Feasible: p.Feasible(u)}
		cands = append(cands, c)
	}
	pts, err := sensitivity.Sobol(o.Initial, p.Dim)
	if err != nil {
		return Result{}, err
	}
	for _, u := range pts {
		add(u)
	}
	if err := runAll(p, cands, o.Reps); err != nil {
		return Result{}, err
	}
	rng := rand.New(rand.NewPCG(o.Seed, 0x6f7074))
	parents := Front(cands)
	if len(parents) > 0 {
		b := bestOf(parents)
		slices.SortStableFunc(parents, func(x, y *Candidate) int { return cmp.Compare(pairedDiff(x, b), pairedDiff(y, b)) })
	}
	if len(parents) > 0 {
		for i := range o.Refine {
			par := parents[i%len(parents)]
			u := make([]float64, p.Dim)
			for d := range u {
				u[d] = math.Min(1, math.Max(0, par.U[d]+float64(0.1*normal(rng))))
			}
			add(u)
		}
	}
	if err := runAll(p, cands, o.Reps); err != nil {
		return Result{}, err
	}
	for range o.Rounds {
		best := bestOf(cands)
		if best == nil {
			break
		}
		close := closeTo(cands, best)
		if len(close) > o.Race {
			close = close[:o.Race]
		}
		if len(close) == 0 {
			break
		}
		want := map[int]int{}
		for _, c := range append(close, best) {
			if n := min(o.MaxReps, 2*len(c.Values)); n > len(c.Values) {
				want[c.Index] = n
			}
		}
		if len(want) == 0 {
			break
		}
		if err := p.Run(cands, want); err != nil {
			return Result{}, err
		}
	}
	// the front is reported at the best's replications, so that its means
	// are compared on the same replications (and so its common noise
	// cancels in their differences): its members are brought up to them,
	// and the front found again, until it holds (at most three times)
	for range 3 {
		best := bestOf(cands)
		if best == nil {
			break
		}
		want := map[int]int{}
		for _, c := range Front(cands) {
			if len(c.Values) < len(best.Values) {
				want[c.Index] = len(best.Values)
			}
		}
		if len(want) == 0 {
			break
		}
		if err := p.Run(cands, want); err != nil {
			return Result{}, err
		}
	}
	return Result{Candidates: cands, Front: Front(cands), Best: bestOf(cands)}, nil
}

func runAll(p Problem, cands []*Candidate, reps int) error {
	want := map[int]int{}
	for _, c := range cands {
		if c.Feasible && len(c.Values) < reps {
			want[c.Index] = reps
		}
	}
	if len(want) == 0 {
		return nil
	}
	return p.Run(cands, want)
}

// pairedDiff is the mean of a's objective less b's over the replications
// both have: on common random numbers, the comparison that cancels the
// noise they share (a plain difference of means would not, where one has
// more replications than the other).
func pairedDiff(a, b *Candidate) float64 {
	n := min(len(a.Values), len(b.Values))
	var s float64
	for r := range n {
		s += a.Values[r] - b.Values[r]
	}
	return s / float64(n)
}

// PairedFrom is the mean of c's objective less b's over the replications
// both have, with its 95% t interval (NaN with fewer than two; 0 for c
// itself).
func PairedFrom(c, b *Candidate) (mean, lo, hi float64) {
	n := min(len(c.Values), len(b.Values))
	d := make([]float64, n)
	for r := range n {
		d[r] = c.Values[r] - b.Values[r]
	}
	lo, hi = tInterval(d)
	return pairedDiff(c, b), lo, hi
}

// bestOf is the feasible candidate that beats every other on their paired
// difference (the first made among equals).
func bestOf(cands []*Candidate) *Candidate {
	var best *Candidate
	for _, c := range cands {
		if c.Feasible && len(c.Values) > 0 && (best == nil || pairedDiff(c, best) < 0) {
			best = c
		}
	}
	return best
}

// closeTo lists the candidates whose paired difference from best has a
// 95% interval including zero, nearest mean first.
func closeTo(cands []*Candidate, best *Candidate) []*Candidate {
	var out []*Candidate
	for _, c := range cands {
		if c == best || !c.Feasible || len(c.Values) == 0 {
			continue
		}
		n := min(len(c.Values), len(best.Values))
		d := make([]float64, n)
		for r := range n {
			d[r] = c.Values[r] - best.Values[r]
		}
		lo, hi := tInterval(d)
		if math.IsNaN(lo) || (lo <= 0 && 0 <= hi) {
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(a, b *Candidate) int { return cmp.Compare(pairedDiff(a, best), pairedDiff(b, best)) })
	return out
}

// Front is the feasible candidates that no other beats on both cost and
// objective, cheapest first: each is better, on the paired difference,
// than every cheaper one on the front.
func Front(cands []*Candidate) []*Candidate {
	var ok []*Candidate
	for _, c := range cands {
		if c.Feasible && len(c.Values) > 0 {
			ok = append(ok, c)
		}
	}
	slices.SortStableFunc(ok, func(a, b *Candidate) int { return cmp.Compare(a.Cost, b.Cost) })
	var front []*Candidate
	for i, c := range ok {
		// among candidates of equal cost, only the best may enter
		beaten := false
		for _, d := range ok[:i] {
			if pairedDiff(c, d) >= 0 {
				beaten = true
				break
			}
		}
		for _, d := range ok[i+1:] {
			if d.Cost == c.Cost && pairedDiff(d, c) < 0 {
				beaten = true
				break
			}
		}
		if !beaten {
			front = append(front, c)
		}
	}
	return front
}

// Sims is the most replications a search of o runs (the reference's
// replications are the caller's).
func (o Options) Sims() int64 {
	// every candidate at most MaxReps (raced, or on the front at the
	// best's replications), and none below Reps
	return int64(o.Initial+o.Refine) * int64(max(o.Reps, o.MaxReps))
}

// normal is a standard normal draw by inversion of a uniform strictly
// inside (0, 1), the same bits on every architecture (rand's NormFloat64
// goes through math.Exp and math.Log).
func normal(rng *rand.Rand) float64 {
	return detmath.NormalQuantile((float64(rng.Uint64()>>11) + 0.5) * 0x1p-53)
}
