package explore

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/caseload/caseload/config"
	"github.com/caseload/caseload/sensitivity"
	"github.com/caseload/caseload/sim"
)

// The Sobol sizes of a design file: defaults, and bad values named.
func TestSobolDesignSizes(t *testing.T) {
	d, err := LoadDesign(writeDesign(t, "factors:\n  - {key: statutory.posts, low: 1, high: 2}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if d.Sobol.Base != sensitivity.DefaultSobolBase || d.Sobol.Repetitions != sensitivity.DefaultSobolRepetitions ||
		d.Morris.Trajectories != sensitivity.DefaultMorrisTrajectories || d.Morris.Levels != sensitivity.DefaultMorrisLevels {
		t.Errorf("defaults: sobol %+v, morris %+v", d.Sobol, d.Morris)
	}
	for _, c := range []struct{ name, body, want string }{
		{"one repetition", "sobol: {repetitions: 1}\n", "sobol.repetitions"},
		{"repetitions not a number", "sobol: {repetitions: some}\n", "sobol.repetitions"},
		{"bootstrap is gone", "sobol: {bootstrap: 500}\n", "sobol.bootstrap"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadDesign(writeDesign(t, c.body+"factors:\n  - {key: statutory.posts, low: 1, high: 2}\n"))
			if err == nil || !errors.Is(err, config.ErrInvalid) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v; want one naming %q", err, c.want)
			}
		})
	}
}

// linearResults gives each point one replication whose statutory caseload
// is 3·posts/100 + 1000·crisis, a model with known Sobol indices.
func linearResults(pts []Point) []PointResult {
	res := make([]PointResult, len(pts))
	for i, p := range pts {
		posts, _ := strconv.ParseFloat(p.Values[0], 64)
		crisis, _ := strconv.ParseFloat(p.Values[1], 64)
		res[i] = PointResult{Index: i, Values: p.Values, Reps: [][]float64{row(3*posts/100 + 1000*crisis), row(3*posts/100 + 1000*crisis)}}
	}
	return res
}

// A Sobol analysis runs R independent repetitions of the Saltelli design,
// the same points for the same seed, and its indices and intervals come
// out right on a model whose indices are known.
func TestSobolAnalysis(t *testing.T) {
	d, err := LoadDesign(writeDesign(t, `seed: 4
sobol: {base: 32, repetitions: 6}
factors:
  - {key: statutory.posts, low: 100, high: 300}
  - {key: need.crisis, low: 0.001, high: 0.003}
`))
	if err != nil {
		t.Fatal(err)
	}
	s, pts, err := d.SaltelliDesign()
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 6*32*4 || s.R != 6 {
		t.Fatalf("%d points, %d repetitions; want %d and 6", len(pts), s.R, 6*32*4)
	}
	_, again, _ := d.SaltelliDesign()
	if !reflect.DeepEqual(pts, again) {
		t.Fatal("the same design gave different points")
	}
	a, err := AnalyseSobol(d, s, linearResults(pts), "statutory_caseload_mean")
	if err != nil {
		t.Fatal(err)
	}
	// Var(3 posts/100) = 9·200²/12/100², Var(1000 crisis) = 0.002²·10⁶/12;
	// posts is an integer key, whose rounding changes its variance by
	// under 1e-4 of it.
	v1, v2 := 9*4.0/12, 4.0/12
	want := map[string]float64{"statutory.posts": v1 / (v1 + v2), "need.crisis": v2 / (v1 + v2)}
	for _, ix := range a.Indices {
		w := want[ix.Factor]
		t.Logf("%s %s %.4f [%.4f, %.4f], analytic %.4f", ix.Factor, ix.Statistic, ix.Value, ix.Lo, ix.Hi, w)
		if math.Abs(ix.Value-w) > 0.05 || !(ix.Lo <= w && w <= ix.Hi) || ix.Hi-ix.Lo > 0.2 {
			t.Errorf("%s %s = %.4f [%.4f, %.4f], analytic %.4f", ix.Factor, ix.Statistic, ix.Value, ix.Lo, ix.Hi, w)
		}
	}
	if len(a.Warnings) == 0 || !strings.Contains(a.Warnings[0], "mean of 6 independently shifted Saltelli designs of 32 base points") ||
		!strings.Contains(a.Warnings[0], "5 degrees of freedom") {
		t.Errorf("the table does not say what its intervals are: %q", a.Warnings)
	}
	if a.Indices[0].Factor != "statutory.posts" {
		t.Errorf("ranking starts with %s", a.Indices[0].Factor)
	}
}

// Intervals for shares stay inside [0, 1]: the share of replications
// meeting the target, and the mean of a metric that is a share of weeks,
// where the plain t-interval would have gone below 0 or above 1.
func TestSizeSharesInsideUnit(t *testing.T) {
	k := sim.MetricIndex("statutory_weeks_over_cap")
	rep := func(x float64) []float64 {
		v := make([]float64, len(sim.MetricNames()))
		v[k] = x
		return v
	}
	rare := []float64{0, 0, 0, 0.05, 0, 0.1, 0, 0, 0, 0}
	common := []float64{1, 1, 0.9, 1, 0.97}
	var res []PointResult
	for i, xs := range [][]float64{rare, common, {0, 0, 0}} {
		p := PointResult{Values: []string{strconv.Itoa(i)}}
		for _, x := range xs {
			p.Reps = append(p.Reps, rep(x))
		}
		res = append(res, p)
	}
	tg := Target{Metric: "statutory_weeks_over_cap", Op: "<=", Value: 0.02}
	rows, _ := Size(res, tg, 0.8)
	for i, r := range rows {
		s := r.Summary
		if !(0 <= s.Lo && s.Lo <= s.Mean && s.Mean <= s.Hi && s.Hi <= 1) {
			t.Errorf("row %d: mean %v interval [%v, %v] not inside [0, 1]", i, s.Mean, s.Lo, s.Hi)
		}
		if !(0 <= r.ShareLo && r.ShareLo <= r.Share && r.Share <= r.ShareHi && r.ShareHi <= 1) {
			t.Errorf("row %d: share %v interval [%v, %v] not inside [0, 1]", i, r.Share, r.ShareLo, r.ShareHi)
		}
	}
	// Rare: 8 of 10 replications meet the target.
	if rows[0].Share != 0.8 || math.Abs(rows[0].ShareLo-0.4901625) > 1e-6 || math.Abs(rows[0].ShareHi-0.9433178) > 1e-6 {
		t.Errorf("8 of 10: share %v [%v, %v], want 0.8 [0.4901625, 0.9433178]", rows[0].Share, rows[0].ShareLo, rows[0].ShareHi)
	}
	// All meet: the Wilson interval ends at 1 exactly.
	if rows[2].Share != 1 || rows[2].ShareHi != 1 || rows[2].ShareLo >= 1 {
		t.Errorf("3 of 3: share %v [%v, %v]", rows[2].Share, rows[2].ShareLo, rows[2].ShareHi)
	}
	var b strings.Builder
	if err := SizeTable(&b, "x", tg, 0.8, rows, 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "80% [49–94%]") || strings.Contains(b.String(), "-0.0") {
		t.Errorf("size table:\n%s", b.String())
	}
	// Other metrics keep the plain t-interval, cut at 0 (a level cannot
	// be negative); a difference from the reference is not cut.
	k = sim.MetricIndex("statutory_caseload_mean")
	other := PointResult{Reps: [][]float64{row(11), row(12), row(13)}}
	if s := Summarise(other, k); math.Abs(s.Lo-(12-4.302652729749464/math.Sqrt(3))) > 1e-9 || math.Abs(s.Hi-(12+4.302652729749464/math.Sqrt(3))) > 1e-9 {
		t.Errorf("t-interval [%v, %v]", s.Lo, s.Hi)
	}
	low := PointResult{Reps: [][]float64{row(1), row(2), row(3)}}
	if s := Summarise(low, k); s.Lo != 0 || math.Abs(s.Hi-(2+4.302652729749464/math.Sqrt(3))) > 1e-9 {
		t.Errorf("t-interval reaching below 0: [%v, %v], want it cut at 0", s.Lo, s.Hi)
	}
	n := len(sim.MetricNames())
	diff := PointResult{Reps: [][]float64{row(1), row(2), row(3)}}
	for i := range diff.Reps {
		diff.Reps[i] = append(diff.Reps[i], diff.Reps[i]...) // the differences follow the metrics
	}
	if s := Summarise(diff, n+k); math.Abs(s.Lo-(2-4.302652729749464/math.Sqrt(3))) > 1e-9 {
		t.Errorf("a difference's t-interval low %v, want it whole", s.Lo)
	}
}
