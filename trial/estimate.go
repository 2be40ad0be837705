package trial

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
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
	x := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	off := make([]float64, n)
	for i, r := range rows {
		x.Set(i, strata[r.Stratum], 1)
		if r.Treated {
			x.Set(i, len(ids), 1)
		}
		if adjust {
			x.Set(i, len(ids)+1, r.Prior-priorMean)
		}
		y[i], off[i] = r.Count, math.Log(r.Exposure)
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
	se := math.Sqrt(v.At(k, k) * float64(n) / float64(n-p))
	est.ModelSE = math.Sqrt(inv.At(k, k))
	df := n - p
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(df)}
	q := t.Quantile(0.975)
	b := beta[k]
	est.OK, est.LogIRR, est.SE, est.DF = true, b, se, df
	est.IRR, est.Lo, est.Hi = math.Exp(b), math.Exp(b-float64(q*se)), math.Exp(b+float64(q*se))
	est.P = 2 * t.Survival(math.Abs(b)/se)
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

// fitPoisson fits the log-linear model by iteratively reweighted least
// squares, from the stratum rates with no arm effect. It returns the
// coefficients and fitted means.
func fitPoisson(x *mat.Dense, y, off []float64, ids []int, rows []Row, strata map[int]int) ([]float64, []float64, bool) {
	n, p := x.Dims()
	beta := make([]float64, p)
	count, exposure := make([]float64, len(ids)), make([]float64, len(ids))
	for _, r := range rows {
		count[strata[r.Stratum]] += r.Count
		exposure[strata[r.Stratum]] += r.Exposure
	}
	for s := range ids {
		beta[s] = math.Log(count[s] / exposure[s])
	}
	mu := make([]float64, n)
	eta := mat.NewVecDense(n, nil)
	xtwx := mat.NewSymDense(p, nil)
	xtwz := mat.NewVecDense(p, nil)
	var chol mat.Cholesky
	next := mat.NewVecDense(p, nil)
	for it := 1; it <= 100; it++ {
		eta.MulVec(x, mat.NewVecDense(p, beta))
		xtwx.Zero()
		xtwz.Zero()
		for i := range n {
			e := eta.AtVec(i) + off[i]
			mu[i] = math.Exp(e)
			z := e - off[i] + (y[i]-mu[i])/mu[i]
			row := x.RawRowView(i)
			for a := range p {
				if row[a] == 0 {
					continue
				}
				xtwz.SetVec(a, xtwz.AtVec(a)+float64(mu[i]*row[a]*z))
				for b := a; b < p; b++ {
					xtwx.SetSym(a, b, xtwx.At(a, b)+float64(mu[i]*row[a]*row[b]))
				}
			}
		}
		if !chol.Factorize(xtwx) {
			return nil, nil, false
		}
		if err := chol.SolveVecTo(next, xtwz); err != nil {
			return nil, nil, false
		}
		var change float64
		for a := range p {
			change = math.Max(change, math.Abs(next.AtVec(a)-beta[a]))
			beta[a] = next.AtVec(a)
		}
		if change < 1e-10 {
			eta.MulVec(x, mat.NewVecDense(p, beta))
			for i := range n {
				mu[i] = math.Exp(eta.AtVec(i) + off[i])
			}
			return beta, mu, true
		}
	}
	return nil, nil, false
}

// sandwich is the robust covariance of the coefficients, A⁻¹ B A⁻¹, with A
// the Fisher information Σ μᵢ xᵢxᵢ' and B the outer product of the score
// contributions Σ (yᵢ-μᵢ)² xᵢxᵢ'. It also returns A⁻¹, the model-based
// covariance.
func sandwich(x *mat.Dense, y, mu []float64) (*mat.Dense, *mat.SymDense, bool) {
	n, p := x.Dims()
	a := mat.NewSymDense(p, nil)
	b := mat.NewDense(p, p, nil)
	for i := range n {
		row := x.RawRowView(i)
		r2 := (y[i] - mu[i]) * (y[i] - mu[i])
		for j := range p {
			for k := range p {
				b.Set(j, k, b.At(j, k)+float64(r2*row[j]*row[k]))
				if k >= j {
					a.SetSym(j, k, a.At(j, k)+float64(mu[i]*row[j]*row[k]))
				}
			}
		}
	}
	var chol mat.Cholesky
	if !chol.Factorize(a) {
		return nil, nil, false
	}
	var inv mat.SymDense
	if err := chol.InverseTo(&inv); err != nil {
		return nil, nil, false
	}
	var v mat.Dense
	v.Mul(&inv, b)
	v.Mul(&v, &inv)
	return &v, &inv, true
}
