package trial

import (
	"math"
	"slices"

	"github.com/caseload/caseload/detmath"
)

// Analysis is one trial analysed as its evaluators would, beside the
// effect the model produced in it.
type Analysis struct {
	Trial int
	Estimate
	// TrueIRR is what the team did to the intervention schools: their
	// pupils with the outcome as the trial ran over the same schools'
	// pupils had no school had the team, on the same random numbers.
	TrueIRR float64
	// Spillover is the same ratio over the control schools: what the team
	// did to schools without it (through shared statutory teams, say).
	Spillover float64
	// Rates per 1,000 pupils a year in each arm, as observed.
	RateTreated, RateControl float64
	Significant              bool // the 95% interval excludes 1
	Covers                   bool // the 95% interval contains TrueIRR
	SchoolsTreated           int
	SchoolsControl           int
	// the arms' totals (control, intervention): pupils with the outcome as
	// run and without the team, and pupils
	observed, counterfactual, pupils [2]float64
}

// Analyse estimates trial r's rate ratio: counts per 1,000 pupils a year,
// strata of LA and deprivation, and (with Spec.Baseline) each school's
// log rate over the warm-up before randomisation.
func (d *Design) Analyse(r Result) Analysis {
	a := Analysis{Trial: r.Trial}
	years := float64(d.Years)
	before := float64(d.control.WarmupWeeks) / 52
	obs, cf, pupils := &a.observed, &a.counterfactual, &a.pupils
	rows := make([]Row, 0, len(r.Schools))
	for _, s := range r.Schools {
		if s.Roll == 0 {
			continue // no pupils, no exposure
		}
		k := 0
		if s.Treated {
			k = 1
		}
		obs[k] += s.Count
		cf[k] += s.Counterfactual
		pupils[k] += float64(s.Roll)
		if s.Treated {
			a.SchoolsTreated++
		} else {
			a.SchoolsControl++
		}
		exposure := float64(s.Roll) * years / 1000
		prior := 0.0
		if before > 0 {
			prior = detmath.Log((s.Baseline + 0.5) / (float64(s.Roll) * before / 1000))
		}
		rows = append(rows, Row{Count: s.Count, Exposure: exposure, Treated: s.Treated, Stratum: s.Stratum, Prior: prior})
	}
	a.Estimate = EstimateIRR(rows, d.Baseline)
	a.TrueIRR, a.Spillover = ratio(obs[1], cf[1]), ratio(obs[0], cf[0])
	a.RateTreated = ratio(obs[1], pupils[1]*years/1000)
	a.RateControl = ratio(obs[0], pupils[0]*years/1000)
	if a.OK {
		a.Significant = a.Lo > 1 || a.Hi < 1
		a.Covers = a.Lo <= a.TrueIRR && a.TrueIRR <= a.Hi
	}
	return a
}

func ratio(a, b float64) float64 {
	if b == 0 {
		return math.NaN()
	}
	return a / b
}

// Summary is what many trials of one design say: how often the design
// detects an effect (power), how its estimates spread, and how they sit
// against the effect the model produced.
type Summary struct {
	Trials    int
	Estimable int // trials whose rate ratio could be estimated
	// Power is the share of all trials whose 95% interval excludes 1,
	// with its Wilson 95% interval; Benefit and Harm split them by the
	// direction of the estimate (a ratio below 1 is fewer pupils with
	// the outcome).
	Power           Share
	Benefit, Harm   int
	Median, Lo, Hi  float64 // median estimate and the middle 95% of estimates
	GeometricMean   float64 // of the estimates
	MedianSE        float64 // median robust standard error of the log ratio
	TrueIRR         float64 // pooled over trials: Σ count / Σ counterfactual in intervention schools
	TrueLo, TrueHi  float64 // middle 95% of the trials' own true ratios
	Bias            float64 // geometric mean of estimate / true ratio, trial by trial
	Coverage        Share   // share of estimable trials whose interval contains their true ratio
	Spillover       float64 // pooled ratio in control schools
	RateTreated     float64 // pooled rate per 1,000 pupils a year, intervention arm
	RateControl     float64 // pooled rate, control arm
	RateCounterfact float64 // pooled rate the intervention schools would have had without the team
	PupilsPerTrial  float64
	SchoolsPerTrial int
	StrataPerTrial  int
	FollowUpYears   int
	OverDispersion  float64 // median ratio of robust to model-based standard error
}

// Share is a proportion with its Wilson score 95% interval.
type Share struct {
	K, N          int
	Value, Lo, Hi float64
}

// NewShare returns k of n with its Wilson interval.
func NewShare(k, n int) Share {
	if n == 0 {
		nan := math.NaN()
		return Share{Value: nan, Lo: nan, Hi: nan}
	}
	const z = 1.959963984540054
	p, fn := float64(k)/float64(n), float64(n)
	centre := (p + z*z/(2*fn)) / (1 + z*z/fn)
	half := float64(z / (1 + z*z/fn) * math.Sqrt(p*(1-p)/fn+z*z/(4*fn*fn)))
	return Share{K: k, N: n, Value: p, Lo: math.Max(0, centre-half), Hi: math.Min(1, centre+half)}
}

// Summarise pools the analyses of every trial of d.
func (d *Design) Summarise(as []Analysis) Summary {
	s := Summary{Trials: len(as), SchoolsPerTrial: d.Schools, StrataPerTrial: d.LAs * d.Bands, FollowUpYears: d.Years}
	var est, trueIRR, bias, se, disp []float64
	var sig, covers int
	var obs, cf, pupils [2]float64 // control, intervention
	for _, a := range as {
		if !math.IsNaN(a.TrueIRR) && a.TrueIRR > 0 {
			trueIRR = append(trueIRR, a.TrueIRR)
		}
		for k := range 2 {
			obs[k] += a.observed[k]
			cf[k] += a.counterfactual[k]
			pupils[k] += a.pupils[k]
		}
		if !a.OK {
			continue
		}
		s.Estimable++
		est = append(est, a.IRR)
		se = append(se, a.SE)
		if a.ModelSE > 0 {
			disp = append(disp, a.SE/a.ModelSE)
		}
		if a.TrueIRR > 0 {
			bias = append(bias, detmath.Log(a.IRR/a.TrueIRR))
		}
		if a.Significant {
			sig++
			if a.IRR < 1 {
				s.Benefit++
			} else {
				s.Harm++
			}
		}
		if a.Covers {
			covers++
		}
	}
	s.Power = NewShare(sig, len(as))
	s.Coverage = NewShare(covers, s.Estimable)
	s.Median, s.Lo, s.Hi = quantiles(est)
	s.GeometricMean = geoMean(est)
	s.MedianSE, _, _ = quantiles(se)
	s.OverDispersion, _, _ = quantiles(disp)
	_, s.TrueLo, s.TrueHi = quantiles(trueIRR)
	s.TrueIRR = ratio(obs[1], cf[1])
	s.Spillover = ratio(obs[0], cf[0])
	years := float64(d.Years)
	s.RateTreated = ratio(obs[1], pupils[1]*years/1000)
	s.RateControl = ratio(obs[0], pupils[0]*years/1000)
	s.RateCounterfact = ratio(cf[1], pupils[1]*years/1000)
	s.PupilsPerTrial = (pupils[0] + pupils[1]) / float64(max(1, len(as)))
	s.Bias = math.NaN()
	if len(bias) > 0 {
		var m float64
		for _, b := range bias {
			m += b / float64(len(bias))
		}
		s.Bias = detmath.Exp(m)
	}
	return s
}

// quantiles returns the median and the 2.5% and 97.5% points of x (type 7
// interpolation), NaN when x is empty.
func quantiles(x []float64) (median, lo, hi float64) {
	if len(x) == 0 {
		nan := math.NaN()
		return nan, nan, nan
	}
	s := slices.Clone(x)
	slices.Sort(s)
	q := func(p float64) float64 {
		pos := float64(p * float64(len(s)-1))
		i := int(math.Floor(pos))
		j := min(i+1, len(s)-1)
		return s[i] + float64((s[j]-s[i])*(pos-float64(i)))
	}
	return q(0.5), q(0.025), q(0.975)
}

func geoMean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	var m float64
	for _, v := range x {
		m += detmath.Log(v) / float64(len(x))
	}
	return detmath.Exp(m)
}
