// Per-LA calibration: the parameters fitted to each LA's own figures
// (dfe/fitted.csv), and the fit.

package sim

import (
	"cmp"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/caseload/caseload/detmath"

	"github.com/caseload/caseload/dfe"
)

// LAFit are the parameters fitted to one LA (docs/MODEL.md §3.10), each
// relative to the national defaults, so that a change of the defaults
// carries through (refit with `make calibrate-las` to follow it exactly).
// A scenario built with la.area takes the fitted values as values of the
// defaults, and a fitted key it states itself wins (config says so in a
// note); England (national.places) applies them to the scenario's own
// values:
//
//   - Onset multiplies need.onset: the LA's need (mapped to referrals);
//   - S47Gap is added to front_door.s47_gap, up to s47GapMax: its
//     threshold for a strategy discussion (mapped to enquiries per
//     referral); beyond that, each further unit also multiplies
//     front_door.strategy_to_s47 by e^-0.5, since enquiries also follow
//     assessments that find harm, which the threshold does not reach;
//   - Conversion multiplies pipeline.s47_to_icpc and, once that reaches
//     1, pipeline.icpc_to_cp; once both are 1, what is left of it lowers
//     pipeline.conference_threshold by conferenceSlope times its log,
//     down to perceivedInNeed (CP plans started per enquiry);
//   - CPLength multiplies pipeline.cp_length_scale (CP plans at 31 March
//     per plan started);
//   - CareEntry multiplies pipeline.cp_to_care and need.crisis (children
//     starting to be looked after per CP plan);
//   - CareLeave multiplies pipeline.care_leave (children looked after at
//     31 March per child starting).
//
// Start is the LA's steady state under these values, measured by the fit
// (nil: none measured, and the LA starts from the national need shares
// and its census stocks).
type LAFit struct {
	Onset, S47Gap, Conversion, CPLength, CareEntry, CareLeave float64
	Start                                                     *StartState
}

// StartState is where an LA's model starts (need.initial_shares,
// need.initial_shares_deprived, pipeline.initial_cin, initial_cp and
// initial_cla, initial_need_cin, initial_need_cp, initial_need_cla): the
// shares of families with no open case at need 0-3, without and with
// deprivation, the children on CIN plans, on CP plans and looked after
// per 10k, and the shares of the families of each of those at need 0-3. The fit measures it at the end of each
// round's replications and starts the next round from it, so that an
// LA's fitted values match its own steady state, not the drift from the
// national start towards it (docs/MODEL.md §3.10).
type StartState struct {
	Shares, SharesDeprived   [4]float64
	CIN, CP, CLA             float64
	NeedCIN, NeedCP, NeedCLA [4]float64 // shares of the families of each stock at need 0-3
}

// values are a StartState as the columns of dfe.FitStart.
func (s StartState) values() []float64 {
	v := append(append([]float64(nil), s.Shares[:]...), s.SharesDeprived[:]...)
	v = append(v, s.CIN, s.CP, s.CLA)
	for _, n := range [][4]float64{s.NeedCIN, s.NeedCP, s.NeedCLA} {
		v = append(v, n[:]...)
	}
	return v
}

func startOf(v []float64) *StartState {
	if len(v) != len(dfe.FitStart) {
		return nil
	}
	s := &StartState{CIN: v[8], CP: v[9], CLA: v[10]}
	copy(s.Shares[:], v[:4])
	copy(s.SharesDeprived[:], v[4:8])
	copy(s.NeedCIN[:], v[11:15])
	copy(s.NeedCP[:], v[15:19])
	copy(s.NeedCLA[:], v[19:23])
	return s
}

// s47GapMax is the most the fit adds to front_door.s47_gap; beyond it the
// fitted value lowers front_door.strategy_to_s47.
const s47GapMax = 2

// NoFit leaves the base scenario's values as they are.
var NoFit = LAFit{Onset: 1, S47Gap: 0, Conversion: 1, CPLength: 1, CareEntry: 1, CareLeave: 1}

// FitRange is the range of each fitted value, as dfe.FitKnobs.
var FitRange = [6][2]float64{{0.05, 20}, {-2, 8}, {0.05, 12}, {0.1, 8}, {0.02, 50}, {0.02, 50}}

// conferenceSlope is how far pipeline.conference_threshold falls for each
// unit of the log of the conversion left once s47_to_icpc and icpc_to_cp
// are both 1 (assumption: the fit measures the slope it meets).
const conferenceSlope = 0.5

func (f LAFit) knobs() []float64 {
	return []float64{f.Onset, f.S47Gap, f.Conversion, f.CPLength, f.CareEntry, f.CareLeave}
}

func fitOf(x []float64) LAFit {
	return LAFit{Onset: x[0], S47Gap: x[1], Conversion: x[2], CPLength: x[3], CareEntry: x[4], CareLeave: x[5]}
}

// FitOfRow is the LAFit of a row of the fitted table.
func FitOfRow(r dfe.FitRow) LAFit {
	f := fitOf(r.Knobs)
	f.Start = startOf(r.Start)
	return f
}

// areaModel are the values of model parameters an Area sets besides its
// size, schools and workforce: the fitted values and the starting stocks.
type areaModel struct {
	Onset, S47Gap, StrategyToS47, S47ToICPC, ICPCToCP, Conference, CPLengthScale, CPToCare, Crisis, CareLeave float64
	InitialCIN, InitialCP, InitialCLA, UASCEntries                                                            float64
	InitialShares, InitialSharesDeprived, NeedCIN, NeedCP, NeedCLA                                            [4]float64
}

// areaModelKeys are the keys of areaModel, in its order.
var areaModelKeys = []string{"need.onset", "front_door.s47_gap", "front_door.strategy_to_s47", "pipeline.s47_to_icpc", "pipeline.icpc_to_cp",
	"pipeline.conference_threshold", "pipeline.cp_length_scale", "pipeline.cp_to_care", "need.crisis", "pipeline.care_leave",
	"pipeline.initial_cin", "pipeline.initial_cp", "pipeline.initial_cla", "uasc.entries_per_10k",
	"need.initial_shares", "need.initial_shares_deprived",
	"pipeline.initial_need_cin", "pipeline.initial_need_cp", "pipeline.initial_need_cla"}

// FittedKeys are the keys set by an LA's fitted parameters.
var FittedKeys = areaModelKeys[:10]

// StartKeys are the keys of the state an LA's model starts from: its
// steady state under its fitted values, measured by its fit (LAFit.Start),
// or, without one, the national need shares and its census stocks.
// They are areaModelKeys but the fitted ones and UASC arrivals.
var StartKeys = slices.Concat(areaModelKeys[10:13], areaModelKeys[14:])

func (a areaModel) values() []any {
	return []any{a.Onset, a.S47Gap, a.StrategyToS47, a.S47ToICPC, a.ICPCToCP, a.Conference, a.CPLengthScale, a.CPToCare, a.Crisis, a.CareLeave,
		a.InitialCIN, a.InitialCP, a.InitialCLA, a.UASCEntries, a.InitialShares, a.InitialSharesDeprived,
		a.NeedCIN, a.NeedCP, a.NeedCLA}
}

func (a areaModel) apply(p *Params) {
	p.Need.Onset, p.FrontDoor.S47Gap, p.FrontDoor.StrategyToS47 = a.Onset, a.S47Gap, a.StrategyToS47
	p.Pipeline.S47ToICPC, p.Pipeline.ICPCToCP, p.Pipeline.ConferenceThreshold = a.S47ToICPC, a.ICPCToCP, a.Conference
	p.Pipeline.CPLengthScale, p.Pipeline.CPToCare, p.Need.Crisis, p.Pipeline.CareLeave = a.CPLengthScale, a.CPToCare, a.Crisis, a.CareLeave
	p.Pipeline.InitialCIN, p.Pipeline.InitialCP, p.Pipeline.InitialCLA = a.InitialCIN, a.InitialCP, a.InitialCLA
	p.UASC.EntriesPer10k = a.UASCEntries
	p.Need.InitialShares, p.Need.InitialSharesDeprived = a.InitialShares, a.InitialSharesDeprived
	p.Pipeline.InitialNeedCIN, p.Pipeline.InitialNeedCP, p.Pipeline.InitialNeedCLA = a.NeedCIN, a.NeedCP, a.NeedCLA
}

// modelOf makes the model values of an LA from the base scenario, its fit
// and its targets (per 10k, as dfe.TargetMeasures; nil keeps the base's
// starting stocks). It starts at the fit's measured steady state
// (f.Start); without one, at the base's need shares, with CIN, CP and
// looked-after stocks the base's times the LA's referrals, CP plans and
// children looked after per 10k over England's (the start of a fit's
// first round). UASC arrivals are the base's times the LA's looked-after
// UASC per 10k over England's.
func modelOf(base Params, f LAFit, targets []dfe.Target, la dfe.LA) areaModel {
	b := base.Pipeline
	a := areaModel{
		Onset:         base.Need.Onset * f.Onset,
		S47Gap:        math.Max(0.05, base.FrontDoor.S47Gap+math.Min(f.S47Gap, s47GapMax)),
		StrategyToS47: base.FrontDoor.StrategyToS47 * detmath.Exp(-0.5*math.Max(0, f.S47Gap-s47GapMax)),
		CPLengthScale: math.Min(10, math.Max(0.1, b.CPLengthScale*f.CPLength)),
		CPToCare:      math.Min(1, b.CPToCare*f.CareEntry),
		Crisis:        math.Min(1, base.Need.Crisis*f.CareEntry),
		CareLeave:     math.Min(1, b.CareLeave*f.CareLeave),
		InitialCIN:    b.InitialCIN, InitialCP: b.InitialCP, InitialCLA: b.InitialCLA,
		UASCEntries:   base.UASC.EntriesPer10k,
		InitialShares: base.Need.InitialShares, InitialSharesDeprived: base.Need.InitialSharesDeprived,
		NeedCIN: b.InitialNeedCIN, NeedCP: b.InitialNeedCP, NeedCLA: b.InitialNeedCLA,
	}
	conv := b.S47ToICPC * b.ICPCToCP * f.Conversion
	a.S47ToICPC = math.Min(1, b.S47ToICPC*f.Conversion)
	a.ICPCToCP = b.ICPCToCP
	if a.S47ToICPC > 0 {
		a.ICPCToCP = math.Min(1, conv/a.S47ToICPC)
	}
	a.Conference = b.ConferenceThreshold
	if conv > 1 {
		a.Conference = math.Max(perceivedInNeed, math.Min(b.ConferenceThreshold, b.ConferenceThreshold-float64(conferenceSlope*detmath.Log(conv))))
	}
	eng := englandRates()
	if s := f.Start; s != nil {
		a.InitialShares, a.InitialSharesDeprived = s.Shares, s.SharesDeprived
		a.InitialCIN, a.InitialCP, a.InitialCLA = s.CIN, s.CP, s.CLA
		a.NeedCIN, a.NeedCP, a.NeedCLA = s.NeedCIN, s.NeedCP, s.NeedCLA
	} else if len(targets) == len(dfe.TargetMeasures) {
		a.InitialCIN = b.InitialCIN * targets[0].Per10k / eng[0]
		a.InitialCP = b.InitialCP * targets[3].Per10k / eng[3]
		a.InitialCLA = b.InitialCLA * targets[4].Per10k / eng[4]
	}
	if u, ok := la.Value(dfe.UASC); ok && eng[len(eng)-1] > 0 {
		c, _ := la.Value(dfe.Children)
		if c > 0 {
			a.UASCEntries = base.UASC.EntriesPer10k * (u / c * 1e4) / eng[len(eng)-1]
		}
	}
	return a
}

var (
	engOnce  sync.Once
	engRates []float64
)

// englandRates are England's figures of dfe.TargetMeasures per 10k, then
// its looked-after UASC per 10k summed over the LAs (England's own figure
// is not in the LAIT file).
func englandRates() []float64 {
	engOnce.Do(func() {
		t := dfe.LAs()
		c, _ := t.England.Value(dfe.Children)
		for _, m := range dfe.TargetMeasures {
			v, _ := t.England.Value(m)
			engRates = append(engRates, v/c*1e4)
		}
		var u, cu float64
		for _, la := range t.LAs {
			if x, ok := la.Value(dfe.UASC); ok {
				n, _ := la.Value(dfe.Children)
				u, cu = u+x, cu+n
			}
		}
		engRates = append(engRates, u/math.Max(1, cu)*1e4)
	})
	return engRates
}

// TargetMetrics are the metrics of dfe.TargetMeasures.
var TargetMetrics = []string{"referrals_per_10k", "s47_enquiries_per_10k", "cp_plan_starts_per_10k",
	"cp_stock_per_10k", "cla_stock_per_10k", "care_entries_per_10k"}

// FitTolerance is the tolerance of an LA's fitted figures: ±10% for an LA
// of more than 30,000 children; for a smaller one ±10% × √(30,000 /
// children), since the replication noise of a count grows as one over the
// square root of the children (±19% for Rutland's 8,000, ±12% for
// Hartlepool's 21,000). LAs of fewer than MinFitChildren are not fitted
// and not held to a tolerance (their figures are counts of a few children).
func FitTolerance(children int) float64 {
	if children > 30000 {
		return CalibrationTolerance
	}
	return CalibrationTolerance * math.Sqrt(30000/float64(max(1, children)))
}

// MinFitChildren is the fewest children of an LA fitted and held to its
// tolerance: the Isles of Scilly (319) and the City of London (847) are
// below it and keep the national parameters (notFittedNote).
const MinFitChildren = 5000

// FitOptions are the settings of a per-LA fit.
type FitOptions struct {
	Rounds int    // at most this many rounds of updates
	Reps   int    // replications per round (common random numbers) of an LA of 80,000 children (FitReps)
	Seed   uint64 // master seed of the replications
	Tol    float64
}

// DefaultFitOptions are those of the shipped table (`make calibrate-las`).
var DefaultFitOptions = FitOptions{Rounds: 16, Reps: 8, Seed: 20250331, Tol: 0.03}

// OnTheFlyFitOptions are those of a fit to the user's own figures
// (la.figures_file), made when the scenario is read: fewer replications,
// so that it takes seconds.
var OnTheFlyFitOptions = FitOptions{Rounds: 8, Reps: 2, Seed: 20250331, Tol: 0.03}

// DescribeFit says, in one line, each target per 10k beside what the fit
// simulated.
func DescribeFit(targets []dfe.Target, sim []float64) string {
	parts := make([]string, len(targets))
	for i, t := range targets {
		parts[i] = fmt.Sprintf("%s %.1f (target %.1f)", TargetMetrics[i], sim[i], t.Per10k)
	}
	return strings.Join(parts, ", ")
}

// FitReps is the replications that give an LA of this many children
// about the precision reps give the typical LA of 80,000: the replication
// noise of a small LA's figures is large (Rutland's enquiries vary by
// about a third from one replication to the next), so a smaller LA runs
// proportionally more, at most ten times as many. For an LA of 8,000 to
// 80,000 children its cost is about that of reps replications of the
// typical LA; a larger LA runs reps, each costing more (Kent's about 4.5
// times the typical LA's).
func FitReps(reps, children int) int {
	k := math.Round(80000 / float64(max(1, children)))
	return reps * int(math.Min(10, math.Max(1, k)))
}

// FitResult is the outcome of fitting one LA.
type FitResult struct {
	Fit       LAFit
	Simulated []float64 // per 10k at the fit, as TargetMetrics
	Rounds    int
}

// Simulated10k runs reps replications of p and gives the mean of each of
// TargetMetrics.
func Simulated10k(p Params, seed uint64, reps int) []float64 {
	out, _ := simulateFit(p, seed, reps)
	return out
}

// Resimulated is how far an LA built with its fitted parameters comes
// from each of its targets (TargetMetrics) on seed, over FitReps(reps, its
// children) replications: simulated over target less 1; and its children.
// TestFittedEveryLA and tools/lasbias read it.
func Resimulated(la dfe.LA, seed uint64, reps int) (off []float64, children int) {
	p := Defaults()
	a := AreaOf(p, la, dfe.LAs().England)
	a.Apply(&p)
	got := Simulated10k(p, seed, FitReps(reps, p.LA.Children))
	for i, tg := range a.Targets {
		off = append(off, got[i]/math.Max(tg.Per10k, 1e-9)-1)
	}
	return off, a.Children
}

// simulateFit is Simulated10k that also gives the mean of the states the
// replications end in.
func simulateFit(p Params, seed uint64, reps int) ([]float64, StartState) {
	out := make([]float64, len(TargetMetrics))
	var end StartState
	var ws Workspace
	w := 1 / float64(max(1, reps))
	for r := range reps {
		o := ws.Simulate(p, seed, r)
		for i, name := range TargetMetrics {
			out[i] += float64(TargetValue(name, o.Values) * w)
		}
		s := ws.spare.State()
		for k := range 4 {
			end.Shares[k] += float64(s.Shares[k] * w)
			end.SharesDeprived[k] += float64(s.SharesDeprived[k] * w)
			end.NeedCIN[k] += float64(s.NeedCIN[k] * w)
			end.NeedCP[k] += float64(s.NeedCP[k] * w)
			end.NeedCLA[k] += float64(s.NeedCLA[k] * w)
		}
		end.CIN, end.CP, end.CLA = end.CIN+float64(s.CIN*w), end.CP+float64(s.CP*w), end.CLA+float64(s.CLA*w)
	}
	// a replication with no family in a group (no deprived family
	// without a case, no family on a CP plan: a small LA) gives that
	// group's shares as none; the mean is of those that had some, and
	// where none had, the start the run was given
	pl := &p.Pipeline
	end.Shares = meanShares(end.Shares, p.Need.InitialShares)
	end.SharesDeprived = meanShares(end.SharesDeprived, p.Need.InitialSharesDeprived)
	end.NeedCIN = meanShares(end.NeedCIN, pl.InitialNeedCIN)
	end.NeedCP = meanShares(end.NeedCP, pl.InitialNeedCP)
	end.NeedCLA = meanShares(end.NeedCLA, pl.InitialNeedCLA)
	return out, end
}

// meanShares are a sum of shares over replications, some of which may
// have had none (all 0), as shares summing to 1; with none at all, else.
func meanShares(v, otherwise [4]float64) [4]float64 {
	t := v[0] + v[1] + v[2] + v[3]
	if t <= 0 {
		return otherwise
	}
	if math.Abs(t-1) <= 1e-9 {
		return v // every replication had some
	}
	return shares4(v)
}

// stockDrift is the largest change, as the absolute log of the ratio,
// of the CIN, CP and looked-after stocks from where a run started (p) to
// where it ended.
func stockDrift(p Params, end StartState) float64 {
	d := 0.0
	for _, v := range [][2]float64{{p.Pipeline.InitialCIN, end.CIN}, {p.Pipeline.InitialCP, end.CP}, {p.Pipeline.InitialCLA, end.CLA}} {
		d = math.Max(d, math.Abs(detmath.Log(math.Max(v[1], 1e-3)/math.Max(v[0], 1e-3))))
	}
	return d
}

// elasticity guesses, per fitted value, of the log of its figure (given the
// one before it in the chain) per unit of the value's log (the gap: per
// unit of the gap, negative), before the fit measures them.
var fitElasticity = []float64{0.9, -1.2, 0.9, 0.8, 0.8, -0.6}

// FitLA fits the LA's parameters to its targets: each round simulates
// FitReps(o.Reps, children) replications (twice as many after
// fitCoarseRounds) and moves each value by a Newton step on the log of
// the figure it is mapped to, given the figure before it (referrals;
// enquiries per referral; plans per enquiry; plans at 31 March per plan
// started; care entries per plan at 31 March; looked after at 31 March
// per entry), its slope measured from the rounds so far (the guess
// fitElasticity until two rounds differ) and its step at most a factor 3
// (1 for the gap). It stops when every figure is within o.Tol or after
// o.Rounds rounds, keeping the round nearest its targets.
func FitLA(base Params, la dfe.LA, targets []dfe.Target, o FitOptions) FitResult {
	r, _ := FitLAUntil(base, la, targets, o, nil)
	return r
}

// FitLAUntil is FitLA that stops before its next round once stop is
// closed, giving false (and the best round so far).
func FitLAUntil(base Params, la dfe.LA, targets []dfe.Target, o FitOptions, stop <-chan struct{}) (FitResult, bool) {
	params := func(f LAFit) Params {
		p := base
		a := areaOf(base, la, dfe.LAs().England, f, targets, true)
		a.Apply(&p)
		p.LA.Area = la.Code
		p.WarmupWeeks = max(p.WarmupWeeks, fitWarmupWeeks)
		return p
	}
	c, _ := la.Value(dfe.Children)
	if c < MinFitChildren {
		// a few children a year in each figure: a fit would chase their
		// noise to the ends of FitRange, so the national parameters stand,
		// from where they take the LA's census stocks
		p := params(NoFit)
		sim, end := simulateFit(p, fitSeed(o.Seed, la), FitReps(o.Reps, p.LA.Children))
		f := NoFit
		f.Start = &end
		return FitResult{Fit: f, Simulated: sim}, true
	}
	// a round is steady when its stocks end within this of where they
	// started: half the LA's tolerance, at least o.Tol
	steady := detmath.Log(1 + math.Max(o.Tol, FitTolerance(int(math.Round(c)))/2))
	x := NoFit.knobs()
	var start *StartState // the first round starts from the national start
	slope := append([]float64(nil), fitElasticity...)
	t := chainLogs(targetValues(targets))
	var prevX, prevY []float64
	best := FitResult{}
	bestErr := math.Inf(1)
	for round := 1; round <= o.Rounds; round++ {
		select {
		case <-stop:
			return best, false
		default:
		}
		f := fitOf(x)
		f.Start = start
		p := params(f)
		reps := FitReps(o.Reps, p.LA.Children)
		if round > fitCoarseRounds {
			reps *= 2 // finer once the first rounds have made the big steps
		}
		sim, end := simulateFit(p, fitSeed(o.Seed, la), reps)
		y := chainLogs(sim)
		worst := 0.0
		for i := range sim {
			worst = math.Max(worst, math.Abs(detmath.Log(math.Max(sim[i], 1e-3)/math.Max(targets[i].Per10k, 1e-3))))
		}
		drift := stockDrift(p, end)
		if e := roundMiss(worst, drift, steady); e < bestErr {
			bestErr = e
			f.Start = &end
			best = FitResult{Fit: f, Simulated: sim, Rounds: round}
		}
		if (worst < detmath.Log(1+o.Tol) && drift < steady) || round == o.Rounds {
			best.Rounds = round
			break
		}
		start = &end
		nx := make([]float64, len(x))
		for k := range x {
			if prevX != nil {
				dx := knobLog(k, x[k]) - knobLog(k, prevX[k])
				if math.Abs(dx) > 0.02 {
					s := (y[k] - prevY[k]) / dx
					if s*fitElasticity[k] > 0 { // the slope has the expected sign
						g := math.Abs(fitElasticity[k])
						slope[k] = math.Copysign(math.Min(4*g, math.Max(g/4, math.Abs(s))), fitElasticity[k])
					}
				}
			}
			step := (t[k] - y[k]) / slope[k]
			lim := detmath.Log(3)
			if k == 1 {
				lim = 1
			}
			step = math.Max(-lim, math.Min(lim, step))
			v := knobLog(k, x[k]) + step
			if k != 1 {
				v = detmath.Exp(v)
			}
			nx[k] = math.Min(FitRange[k][1], math.Max(FitRange[k][0], v))
		}
		prevX, prevY, x = x, y, nx
	}
	return best, true
}

// knobLog is the scale a fitted value moves on: the log of a multiplier,
// the gap itself.
func knobLog(k int, v float64) float64 {
	if k == 1 {
		return v
	}
	return detmath.Log(v)
}

// chainLogs are the logs of the figures given the one before (referrals;
// enquiries per referral; plans per enquiry; plans at 31 March per plan
// started; entries per plan at 31 March; looked after per entry).
func chainLogs(v []float64) []float64 {
	l := make([]float64, len(v))
	for i := range v {
		l[i] = detmath.Log(math.Max(v[i], 1e-3))
	}
	out := []float64{l[0], l[1] - l[0], l[2] - l[1], l[3] - l[2], l[5] - l[3], l[4] - l[5]}
	return out
}

func targetValues(ts []dfe.Target) []float64 {
	v := make([]float64, len(ts))
	for i, t := range ts {
		v[i] = t.Per10k
	}
	return v
}

// roundMiss is how far a round of a fit is from its LA, on the log
// scale, given its worst figure's miss and how far its stocks drifted: the
// best round is near its targets from a start near its own steady state,
// so a drift within steady counts for nothing and one beyond it adds to
// the miss, since a round whose stocks are still moving measures figures
// the LA will not keep. (Where one figure is beyond the model's reach, an
// early round still falling from the national start can come nearer it
// than any steady round and miss another figure by more: with the larger
// of the two as the miss, Solihull's fit kept such a round, care entries
// 27% over.)
func roundMiss(worst, drift, steady float64) float64 {
	return worst + math.Max(0, drift-steady)
}

// fitScheme names the fitting scheme; change it when the scheme changes
// in a way its options and slopes do not show.
const fitScheme = "newton-chain-7 (each LA on its own streams, fitSeed; a drift beyond steady adds to a round's miss; each round starts where the one before ended, warm-up fitWarmupWeeks; FitReps, doubled after fitCoarseRounds; conversion beyond 1 lowers the conference threshold; below MinFitChildren not fitted)"

// fitWarmupWeeks is the least warm-up of a round of a fit: an LA's
// looked-after children settle over years (a fitted care_leave of a half
// keeps a child six years or more, and the first years after the start
// carry its mix of ages and need), so each round runs four years before
// the years it measures, from where the round before ended, and measures
// the LA at its steady state (TestLAStartsAtItsSteadyState).
const fitWarmupWeeks = 4 * weeksPerYear

// fitCoarseRounds are the first rounds of a fit, run at o.Reps; later
// rounds run twice as many replications, so the fit ends nearer the LA's
// figures than the noise of a few replications allows.
const fitCoarseRounds = 3

// fitSeed is the master seed of an LA's fit: the fit's seed mixed with
// the LA's code, so that each LA is fitted on random streams of its own.
// On one shared seed every LA's fit took in the same draw of families, so
// on any other seed the LAs' figures moved together: England, the sum of
// its fitted LAs, came 0.5–4% under each of its six figures (CP plans at
// 31 March 4.1% under). With a seed each, the LAs' draws are independent
// and their errors cancel in a sum (England then comes −3.0% to +0.2%
// off; what is left is the first years after the start, docs/MODEL.md
// §3.10).
func fitSeed(seed uint64, la dfe.LA) uint64 {
	h := fnv.New64a()
	h.Write([]byte(la.Code))
	return mix(seed ^ h.Sum64())
}

// FitBuild is the fingerprint of what a fitted table depends on besides
// the table of LAs: the defaults of the model parameters, the fitting
// scheme, and the model itself, by what a small run of it gives
// (modelPrint), so that a change to the model's code that moves its
// figures makes the shipped fit stale too. A table fitted under another
// build is stale (TestFittedTable).
func FitBuild() string {
	p := Defaults()
	h := sha1.New()
	fmt.Fprintf(h, "%s|%v|%v|%v|%v|%v|%v|%v|%d|%d|%v|%v|%v|%s", fitScheme, p.LA, p.Need, p.Referral, p.FrontDoor, p.Pipeline, p.Statutory,
		p.UASC, p.Years, p.WarmupWeeks, p.Calendar, DefaultFitOptions, fitElasticity, modelPrint())
	return "defaults-" + hex.EncodeToString(h.Sum(nil))[:16]
}

// modelPrint is a hash of the figures a fit aims at (TargetMetrics) in
// one small run of the defaults (a tenth of the typical LA, a year after
// a year's warm-up), and of the state it ends in (StartState, which
// a fit measures as an LA's start): the same on every machine (the
// model's arithmetic is rounded the same everywhere: detmath), different
// after any change that moves one of them; a new metric or cost, which no
// fit reads, leaves it alone. Worked out once (a few milliseconds).
var modelPrint = sync.OnceValue(func() string {
	p := Defaults()
	f := 0.1
	p.LA.Children = int(float64(p.LA.Children) * f)
	s := &p.LA.Schools
	s.Primary, s.Secondary = max(1, int(float64(s.Primary)*f)), max(1, int(float64(s.Secondary)*f))
	s.Special, s.AlternativeProvision = int(float64(s.Special)*f), int(float64(s.AlternativeProvision)*f)
	p.Statutory.Posts *= f
	p.Years, p.WarmupWeeks = 1, weeksPerYear // ends at a September: State's September pass counts
	h := sha1.New()
	o := Simulate(p, 1, 0)
	for _, name := range TargetMetrics {
		fmt.Fprintf(h, "%x|", math.Float64bits(TargetValue(name, o.Values)))
	}
	// and the state it ends in, which a fit measures as an LA's start
	m := New(p, 1, 0, nil)
	m.Run()
	for _, v := range m.State().values() {
		fmt.Fprintf(h, "%x|", math.Float64bits(v))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
})

// FitAll fits every LA of the table on workers goroutines, largest first
// (so the long fits start early), and gives the fitted table in the
// table's order. progress, if set, is called after each LA, one call at a
// time.
// It gives nil if stop closes first.
func FitAll(base Params, tab *dfe.Table, o FitOptions, workers int, stop <-chan struct{}, progress func(done, total int, la dfe.LA, r FitResult)) *dfe.FitTable {
	n := len(tab.LAs)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	children := func(i int) float64 { c, _ := tab.LAs[i].Value(dfe.Children); return c }
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(children(b), children(a)) })
	rows := make([]dfe.FitRow, n)
	jobs := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	done := 0
	for range max(1, workers) {
		wg.Go(func() {
			for i := range jobs {
				la := tab.LAs[i]
				targets := tab.Targets(la)
				r := FitLA(base, la, targets, o)
				rows[i] = FitRowOf(la, targets, r)
				if progress != nil {
					mu.Lock()
					done++
					progress(done, n, la, r)
					mu.Unlock()
				}
			}
		})
	}
	stopped := false
	for _, i := range order {
		select {
		case jobs <- i:
		case <-stop:
			stopped = true
		}
		if stopped {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if stopped {
		return nil
	}
	f := &dfe.FitTable{Source: dfe.ShippedBlob(), Build: FitBuild(),
		How: fmt.Sprintf("caseload calibration --fit-las: at most %d rounds of %d replications (sim.FitReps: more for a small LA), seed %d mixed with each LA's code (sim.fitSeed), stopping within %.0f%%", o.Rounds, o.Reps, o.Seed, 100*o.Tol)}
	for _, r := range rows {
		f.Add(r)
	}
	return f
}

// FitRowOf is the row of the fitted table of an LA fitted to targets.
func FitRowOf(la dfe.LA, targets []dfe.Target, r FitResult) dfe.FitRow {
	c, _ := la.Value(dfe.Children)
	row := dfe.FitRow{Code: la.Code, Name: la.Name, Children: int(math.Round(c)), Knobs: r.Fit.knobs(),
		Target: targetValues(targets), Simulated: r.Simulated}
	if r.Fit.Start != nil {
		row.Start = r.Fit.Start.values()
	}
	for _, t := range targets {
		if t.Note != "" {
			row.Notes = append(row.Notes, t.Note)
		}
	}
	if c < MinFitChildren {
		row.Notes = append(row.Notes, notFittedNote(row.Children))
	}
	row.Notes = append(row.Notes, LimitNotes(r.Fit, targets, r.Simulated, row.Children)...)
	return row
}

// knobFigure is the figure (of TargetMetrics) each fitted value moves
// last in the chain of figures (chainLogs): the one its Newton step aims
// at.
var knobFigure = [6]int{0, 1, 2, 3, 5, 4}

// LimitNotes say which of an LA's figures its fit left outside the LA's
// tolerance because the value that moves the figure is at the end of its
// range (FitRange): a limit of the model, not of the fit. The looked-after
// children of an LA whose stock is many years of its entries are the
// usual case: families leave care when their eldest child reaches 18, so
// even with care_leave at its least the model's steady state holds fewer
// (docs/MODEL.md §3.10).
func LimitNotes(f LAFit, targets []dfe.Target, simulated []float64, children int) []string {
	if children < MinFitChildren || len(simulated) != len(targets) {
		return nil
	}
	tol := FitTolerance(children)
	var notes []string
	for k, v := range f.knobs() {
		r := FitRange[k]
		if v > r[0] && v < r[1] {
			continue
		}
		i := knobFigure[k]
		want := targets[i].Per10k
		if want <= 0 || math.Abs(simulated[i]/want-1) <= tol {
			continue
		}
		what := fmt.Sprintf("the fitted %s multiplier is at the end of its range (×%g, of ×%g to ×%g)", dfe.FitKnobs[k], v, r[0], r[1])
		if k == 1 {
			what = fmt.Sprintf("the fitted s47_gap is at the end of its range (%+g, of %g to %+g)", v, r[0], r[1])
		}
		notes = append(notes, fmt.Sprintf("%s %.1f per 10k at the fit against %.1f (%+.0f%%, tolerance ±%.0f%%): %s, "+limitPhrase,
			TargetMetrics[i], simulated[i], want, 100*(simulated[i]/want-1), 100*tol, what))
	}
	return notes
}

// The fixed phrases of LimitNotes, MissNotes and FarNotes, by which
// CautionNote knows them wherever they are quoted: LimitNotes' and
// MissNotes' end their notes, FarNotes' begins its note.
const (
	limitPhrase = "the nearest the model comes (docs/MODEL.md §3.10)"
	missPhrase  = "the fit came no nearer, so runs of the LA come about as far from this figure (docs/MODEL.md §3.10)"
	farPhrase   = "fitted values far from the national ones (×"
)

// CautionNote says whether a note (as an LA's notes quote it, after any
// prefix naming where it comes from) is one of LimitNotes, MissNotes or
// FarNotes: the LA's fit leaves a published figure out of reach, or meets
// its figures with values far from England's, so its results want more
// care than another LA's. The phrases are looked for where those notes
// put them (the end, or the start after a prefix "...: "), so that a
// user's text quoted in a note (a scenario's name, a file's) does not
// mark it.
func CautionNote(note string) bool {
	return strings.HasSuffix(note, limitPhrase) || strings.HasSuffix(note, missPhrase) ||
		strings.HasPrefix(note, farPhrase) || strings.Contains(note, ": "+farPhrase)
}

// FitNotes are what an LA's fit leaves a user to know: its figures out of
// reach at a limit (LimitNotes) and those the fit missed (MissNotes). The
// shipped fit's (AreaOf) and an on-the-fly fit's (la.figures_file) are
// told the same way.
func FitNotes(f LAFit, targets []dfe.Target, simulated []float64, children int) []string {
	return slices.Concat(LimitNotes(f, targets, simulated, children), MissNotes(f, targets, simulated, children),
		FarNotes(f, targets, dfe.LAs().Targets(dfe.LAs().England), children))
}

// FarFactor is how far from the national defaults (that many times, or
// that fraction) a fitted multiplier must be for FarNotes to tell a user
// of the LA (assumption: the SWIS trial's and the pilots' effects were
// measured in LAs whose rates are England's kind; a factor of 4 leaves
// out the ordinary spread of the fitted values, most within ×1/2 to ×2,
// and tells 15 of the 151 fitted LAs at the shipped fit).
const FarFactor = 4

// FarGap is the fitted s47_gap beyond which FarNotes tell a user of the
// LA: s47GapMax, past which the threshold alone could not give the LA's
// enquiries and the fit also lowered front_door.strategy_to_s47.
const FarGap = s47GapMax

// knobWhat is what each fitted value is mapped to (LAFit).
var knobWhat = [6]string{"referrals per 10k", "enquiries per referral", "CP plans started per enquiry",
	"CP plans at 31 March per plan started", "children starting care per CP plan at 31 March", "children looked after at 31 March per child starting"}

// FarNotes tell a user of an LA that its fit met its figures with values
// far from the national ones (FarFactor; for s47_gap, beyond FarGap or at
// the bottom of its range): what each value is mapped to, the LA's figure
// beside England's. The effects of school-based workers, measured in LAs
// of England's kind, are the model's extrapolation there (docs/MODEL.md
// §3.10). An LA whose fit raised both care entry and care leaving that
// far starts many children in care who stay briefly, and is told that the
// figures the model reads cannot say whose they are (of unaccompanied
// children it has only those looked after at 31 March). england are
// England's targets; nil for an LA not fitted (too small) or of no
// targets.
func FarNotes(f LAFit, targets, england []dfe.Target, children int) []string {
	if children < MinFitChildren || len(targets) != len(TargetMetrics) || len(england) != len(TargetMetrics) {
		return nil
	}
	figure := func(t []dfe.Target, k int) float64 {
		v := t[knobFigure[k]].Per10k
		if k > 0 {
			if before := t[knobFigure[k-1]].Per10k; before > 0 {
				return v / before
			}
			return math.NaN()
		}
		return v
	}
	var far []string
	for k, v := range f.knobs() {
		r := FitRange[k]
		switch {
		case k == 1 && (v > FarGap || v <= r[0]):
			far = append(far, fmt.Sprintf("s47_gap %+.2f", v))
		case k != 1 && (v >= FarFactor || v <= 1.0/FarFactor):
			far = append(far, fmt.Sprintf("%s ×%.2f", dfe.FitKnobs[k], v))
		default:
			continue
		}
		own, eng := figure(targets, k), figure(england, k)
		if !math.IsNaN(own) && !math.IsNaN(eng) {
			far[len(far)-1] += fmt.Sprintf(" (%s: %s, England's %s)", knobWhat[k], farFigure(own), farFigure(eng))
		}
	}
	if len(far) == 0 {
		return nil
	}
	note := fmt.Sprintf(farPhrase+"%d or more, ×1/%d or less; s47_gap beyond %+g or at its least, %g): %s: its figures are met by rates unlike England's, where the effects of school-based workers (measured in LAs of England's kind) are the model's extrapolation (docs/MODEL.md §3.10)",
		FarFactor, FarFactor, float64(FarGap), FitRange[1][0], strings.Join(far, ", "))
	if f.CareEntry >= FarFactor && f.CareLeave >= FarFactor {
		note += fmt.Sprintf("; %.2f children start care a year per child looked after at 31 March, against England's %.2f: many stay briefly, and the figures the model reads cannot say whether they are families' children or unaccompanied children moving on, whose arrivals it sets from the stock at 31 March alone (uasc.entries_per_10k), so its families are taken to enter and leave care far more often and a deployment's change in its care entries is likely overstated",
			targets[5].Per10k/targets[4].Per10k, england[5].Per10k/england[4].Per10k)
	}
	return []string{note}
}

// MissNotes say which of an LA's figures its fit left outside the LA's
// tolerance where LimitNotes do not (the value that moves the figure is
// within its range): the fit's best round came no nearer, so the LA's runs
// come about as far from that figure. A user of the LA is told, as of a
// limit.
func MissNotes(f LAFit, targets []dfe.Target, simulated []float64, children int) []string {
	if children < MinFitChildren || len(simulated) != len(targets) {
		return nil
	}
	tol := FitTolerance(children)
	limited := map[int]bool{}
	for k, v := range f.knobs() {
		if r := FitRange[k]; v <= r[0] || v >= r[1] {
			limited[knobFigure[k]] = true
		}
	}
	var notes []string
	for i, tg := range targets {
		want := tg.Per10k
		if limited[i] || want <= 0 || math.Abs(simulated[i]/want-1) <= tol {
			continue
		}
		notes = append(notes, fmt.Sprintf("%s %.1f per 10k at the fit against %.1f (%+.0f%%, tolerance ±%.0f%%): "+missPhrase,
			TargetMetrics[i], simulated[i], want, 100*(simulated[i]/want-1), 100*tol))
	}
	return notes
}

// farFigure writes a figure of FarNotes: whole from 100, else 3
// significant figures.
func farFigure(v float64) string {
	if math.Abs(v) >= 100 {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

// notFittedNote says why an LA keeps the national parameters.
func notFittedNote(children int) string {
	return fmt.Sprintf("not fitted: %d children, fewer than %d, too few for its figures to fix six parameters (a handful of children a year); the national parameters", children, MinFitChildren)
}
