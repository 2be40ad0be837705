package results

import (
	"io"
	"math"
	"strconv"
)

// AvoidedCSV is the file of net costs per outcome avoided that compare
// writes beside the summary: one row per scenario after the reference and
// per outcome.
const AvoidedCSV = "avoided.csv"

// Avoidable are the ratios of compare: the net cost (the paired
// difference of cost_total from the reference, £ a year) per unit of an
// outcome avoided (the reference's outcome less the scenario's, a year).
var Avoidable = []struct{ Name, Outcome string }{
	{"cost_per_s47_avoided", "s47_enquiries"},
	{"cost_per_care_entry_avoided", "care_entries"},
	{"cost_per_care_week_avoided", "care_weeks"},
}

// Statuses of a cost per outcome avoided.
const (
	RatioBounded   = "ratio"        // the avoided outcome's interval lies above zero: a Fieller interval
	RatioUnbounded = "unbounded"    // it includes zero, the mean above zero: the interval has no bound
	RatioNone      = "none avoided" // no more avoided than added, on the mean: no ratio is reported
	RatioTooFew    = "too few replications"
)

// Ratio is a net cost per outcome avoided with its 95% interval. Net and
// Avoided are the paired means of the numerator and the denominator.
// Estimate, Lo and Hi are NaN where Status says they do not exist.
type Ratio struct {
	Scenario, Name, Outcome string
	N                       int
	Net, Avoided            float64
	Estimate, Lo, Hi        float64
	Status                  string
}

// CostPerAvoided is the net cost per outcome avoided over n paired
// replications: net[i] is the scenario's cost less the reference's,
// avoided[i] the reference's outcome less the scenario's. The estimate is
// the ratio of the means. Its interval is Fieller's (1954): the θ for
// which mean(net) − θ·mean(avoided) is within t(0.975, n−1) standard
// errors of zero, using the variances and the covariance of the paired
// means. It is a bounded interval exactly when the avoided outcome's own
// t interval excludes zero; where that interval includes zero, the ratio
// is 'none avoided' (a mean of zero or fewer avoided) or 'unbounded'.
// Where the outcome rises significantly, nothing is avoided either.
func CostPerAvoided(net, avoided []float64) Ratio {
	n := min(len(net), len(avoided))
	r := Ratio{N: n, Estimate: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Net: math.NaN(), Avoided: math.NaN()}
	if n == 0 {
		r.Status = RatioTooFew
		return r
	}
	a, b := Describe(net[:n]), Describe(avoided[:n])
	r.Net, r.Avoided = a.Mean, b.Mean
	if allZero(avoided[:n]) || b.Mean <= 0 {
		r.Status = RatioNone
		return r
	}
	if n < 2 {
		r.Status = RatioTooFew
		r.Estimate = a.Mean / b.Mean
		return r
	}
	var cov float64
	for i := range n {
		cov += float64((net[i] - a.Mean) * (avoided[i] - b.Mean))
	}
	cov /= float64(n - 1)
	fn := float64(n)
	vaa, vbb, vab := a.SD*a.SD/fn, b.SD*b.SD/fn, cov/fn
	t := tQuantile(0.975, n-1)
	t2 := t * t
	r.Estimate = a.Mean / b.Mean
	q := float64(b.Mean*b.Mean) - float64(t2*vbb)
	if q <= 0 {
		r.Status = RatioUnbounded
		return r
	}
	mid := float64(a.Mean*b.Mean) - float64(t2*vab)
	disc := math.Max(0, float64(mid*mid)-float64(q*(float64(a.Mean*a.Mean)-float64(t2*vaa))))
	r.Lo, r.Hi = (mid-math.Sqrt(disc))/q, (mid+math.Sqrt(disc))/q
	r.Status = RatioBounded
	return r
}

// Avoided returns the net cost per outcome avoided of every scenario
// after the reference, for each of Avoidable, on the replications the
// scenario shares with the reference.
func (r *Report) Avoided() []Ratio {
	if len(r.scen) < 2 {
		return nil
	}
	cost := r.index["cost_total"]
	ref := r.scen[0].values
	var out []Ratio
	for _, s := range r.scen[1:] {
		n := min(len(ref), len(s.values))
		for _, av := range Avoidable {
			k := r.index[av.Outcome]
			net, avoided := make([]float64, n), make([]float64, n)
			for i := range n {
				net[i] = s.values[i][cost] - ref[i][cost]
				avoided[i] = ref[i][k] - s.values[i][k]
			}
			x := CostPerAvoided(net, avoided)
			x.Scenario, x.Name, x.Outcome = s.name, av.Name, av.Outcome
			out = append(out, x)
		}
	}
	return out
}

func (r *Report) writeAvoidedCSV(w io.Writer) error {
	header := []string{"scenario", "reference", "metric", "outcome", "n", "net_cost_mean", "avoided_mean", "estimate", "ci95_low", "ci95_high", "status"}
	return writeCSV(w, header, func(emit func(...string)) {
		for _, x := range r.Avoided() {
			emit(x.Scenario, r.Reference(), x.Name, x.Outcome, strconv.Itoa(x.N), FormatNum(x.Net), FormatNum(x.Avoided),
				FormatNum(x.Estimate), FormatNum(x.Lo), FormatNum(x.Hi), x.Status)
		}
	})
}
