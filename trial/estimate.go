package trial

import (
	"math"
	"slices"

	"github.com/caseload/caseload/detmath"
)

// Row is one school in the analysis of a trial: its count of the outcome
// over the follow-up, its exposure (pupil-years in thousands, so that
// rates are per 1,000 pupils a year), its arm and stratum, and, where the
// analysis adjusts for it, its rate before the trial.
type Row struct {
	Count    float64
	Exposure float64
	Treated  bool
	Stratum  int
	// Prior is the school's log rate before the trial; used when the
	// estimate is adjusted for it.
	Prior float64
}

// Estimate is the incidence rate ratio of the intervention arm against
// the control arm with its 95% interval and two-sided p-value. OK is
// false when the ratio cannot be estimated: no events in one arm, or no
// degrees of freedom left for the variance.
type Estimate struct {
	OK      bool
	IRR     float64
	Lo, Hi  float64
	P       float64
	LogIRR  float64
	SE      float64 // robust standard error of LogIRR
	ModelSE float64 // the Poisson model's own standard error, for contrast
	DF      int     // degrees of freedom of the t reference distribution
	Schools int     // schools that carried information (in strata with events)
}

// EstimateIRR fits a Poisson regression of the counts on the arm, a fixed
// effect for each stratum and (with adjust) the prior log rate, with the
// log exposure as offset, and takes the variance of the arm's coefficient
// from the cluster-robust (sandwich) estimator with each school as a
// cluster and a small-sample factor n/(n-p): the analysis of a
// cluster-randomised trial at the level of the cluster, valid whatever
// the over-dispersion of the counts between schools (it is a generalised
// estimating equation with an independence working correlation). The
// interval and p-value use Student's t with n-p degrees of freedom.
// Strata with no events carry no information on the ratio and are left
// out.
func EstimateIRR(rows []Row, adjust bool) Estimate {
	rows = informative(rows)
	var events [2]float64
	strata := map[int]int{}
	var ids []int
	for _, r := range rows {
		events[arm(r)] += r.Count
		if _, ok := strata[r.Stratum]; !ok {
			strata[r.Stratum] = 0
			ids = append(ids, r.Stratum)
		}
	}
	slices.Sort(ids)
	for i, id := range ids {
		strata[id] = i
	}
	est := Estimate{Schools: len(rows)}
	if events[0] == 0 || events[1] == 0 {
		return est
	}
	// columns: stratum intercepts (one per stratum), arm, prior
	p := len(ids) + 1
	if adjust {
		p++
	}
	n := len(rows)
	if n-p < 1 {
		return est
	}
	var priorMean float64
	for _, r := range rows {
		priorMean += r.Prior / float64(n)
	}
	x := design{n: n, p: p, v: make([]float64, n*p)}
	y := make([]float64, n)
	off := make([]float64, n)
	for i, r := range rows {
		row := x.row(i)
		row[strata[r.Stratum]] = 1
		if r.Treated {
			row[len(ids)] = 1
		}
		if adjust {
			row[len(ids)+1] = r.Prior - priorMean
		}
		y[i], off[i] = r.Count, detmath.Log(r.Exposure)
	}
	beta, mu, ok := fitPoisson(x, y, off, ids, rows, strata)
	if !ok {
		return est
	}
	v, inv, ok := sandwich(x, y, mu)
	if !ok {
		return est
	}
	k := len(ids)
	se := math.Sqrt(v[k*p+k] * float64(n) / float64(n-p))
	est.ModelSE = math.Sqrt(inv[k*p+k])
	df := n - p
	q := detmath.StudentTQuantile(0.975, float64(df))
	b := beta[k]
	est.OK, est.LogIRR, est.SE, est.DF = true, b, se, df
	est.IRR, est.Lo, est.Hi = detmath.Exp(b), detmath.Exp(b-float64(q*se)), detmath.Exp(b+float64(q*se))
	est.P = 2 * detmath.StudentTSurvival(math.Abs(b)/se, float64(df))
	if se == 0 {
		est.P = 0
	}
	return est
}

func arm(r Row) int {
	if r.Treated {
		return 1
	}
	return 0
}

// informative drops the schools of strata with no events: their fixed
// effect would run off to minus infinity and they say nothing about the
// ratio.
func informative(rows []Row) []Row {
	total := map[int]float64{}
	for _, r := range rows {
		total[r.Stratum] += r.Count
	}
	return slices.DeleteFunc(slices.Clone(rows), func(r Row) bool { return total[r.Stratum] == 0 })
}

// design is the n×p design matrix of the regression, row-major.
type design struct {
	n, p int
	v    []float64
}

func (x design) row(i int) []float64 { return x.v[i*x.p : (i+1)*x.p] }

// linear returns x·beta + off, each product rounded on its own.
func (x design) linear(beta, off []float64) []float64 {
	eta := make([]float64, x.n)
	for i := range x.n {
		var s float64
		for a, v := range x.row(i) {
			s += float64(v * beta[a])
		}
		eta[i] = s + off[i]
	}
	return eta
}

// fitPoisson fits the log-linear model by iteratively reweighted least
// squares, from the stratum rates with no arm effect. It returns the
// coefficients and fitted means.
func fitPoisson(x design, y, off []float64, ids []int, rows []Row, strata map[int]int) ([]float64, []float64, bool) {
	n, p := x.n, x.p
	beta := make([]float64, p)
	count, exposure := make([]float64, len(ids)), make([]float64, len(ids))
	for _, r := range rows {
		count[strata[r.Stratum]] += r.Count
		exposure[strata[r.Stratum]] += r.Exposure
	}
	for s := range ids {
		beta[s] = detmath.Log(count[s] / exposure[s])
	}
	mu := make([]float64, n)
	xtwx := make([]float64, p*p)
	xtwz := make([]float64, p)
	for it := 1; it <= 100; it++ {
		eta := x.linear(beta, off)
		clear(xtwx)
		clear(xtwz)
		for i := range n {
			e := eta[i]
			mu[i] = detmath.Exp(e)
			z := e - off[i] + (y[i]-mu[i])/mu[i]
			row := x.row(i)
			for a := range p {
				if row[a] == 0 {
					continue
				}
				xtwz[a] += float64(float64(mu[i]*row[a]) * z)
				for b := 0; b <= a; b++ {
					xtwx[a*p+b] += float64(float64(mu[i]*row[a]) * row[b])
				}
			}
		}
		l, ok := detmath.Cholesky(xtwx, p)
		if !ok {
			return nil, nil, false
		}
		next := detmath.CholeskySolve(l, p, xtwz)
		var change float64
		for a := range p {
			if math.IsNaN(next[a]) || math.IsInf(next[a], 0) {
				return nil, nil, false
			}
			change = math.Max(change, math.Abs(next[a]-beta[a]))
			beta[a] = next[a]
		}
		if change < 1e-10 {
			for i, e := range x.linear(beta, off) {
				mu[i] = detmath.Exp(e)
			}
			return beta, mu, true
		}
	}
	return nil, nil, false
}

// sandwich is the robust covariance of the coefficients, A⁻¹ B A⁻¹, with A
// the Fisher information Σ μᵢ xᵢxᵢ' and B the outer product of the score
// contributions Σ (yᵢ-μᵢ)² xᵢxᵢ'. It also returns A⁻¹, the model-based
// covariance. Both are p×p, row-major.
func sandwich(x design, y, mu []float64) (v, inv []float64, ok bool) {
	n, p := x.n, x.p
	a := make([]float64, p*p)
	b := make([]float64, p*p)
	for i := range n {
		row := x.row(i)
		r2 := float64((y[i] - mu[i]) * (y[i] - mu[i]))
		for j := range p {
			for k := range p {
				b[j*p+k] += float64(float64(r2*row[j]) * row[k])
				if k <= j {
					a[j*p+k] += float64(float64(mu[i]*row[j]) * row[k])
				}
			}
		}
	}
	l, ok := detmath.Cholesky(a, p)
	if !ok {
		return nil, nil, false
	}
	inv = detmath.CholeskyInverse(l, p)
	v = detmath.MatMul(detmath.MatMul(inv, b, p, p, p), inv, p, p, p)
	return v, inv, true
}
