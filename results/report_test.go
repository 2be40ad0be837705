package results

import (
	"math"
	"slices"
	"strconv"
	"testing"

	"github.com/caseload/caseload/sim"
)

func TestTQuantile(t *testing.T) {
	// Tabulated 97.5% points of Student's t.
	for df, want := range map[int]float64{1: 12.706205, 2: 4.302653, 9: 2.262157, 29: 2.045230} {
		if got := tQuantile(0.975, df); !near(got, want, 1e-6) {
			t.Errorf("t(0.975, %d) = %v, want %v", df, got, want)
		}
	}
}

func TestSummarizeKnown(t *testing.T) {
	xs := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	r := Summarize([]Scenario{{Name: "a", Outcomes: series(t, "referrals", xs...)}})
	s, ok := r.Metric("a", "referrals")
	if !ok {
		t.Fatal("no referrals")
	}
	// mean 5.5; variance 82.5/9; half-width t(0.975, 9) sd / sqrt(10).
	sd := math.Sqrt(82.5 / 9)
	half := 2.262157 * sd / math.Sqrt(10)
	if s.N != 10 || s.Mean != 5.5 || !near(s.SD, sd, 1e-12) ||
		!near(s.Lo, 5.5-half, 1e-5) || !near(s.Hi, 5.5+half, 1e-5) {
		t.Errorf("got %+v, want n 10 mean 5.5 sd %v ci [%v, %v]", s, sd, 5.5-half, 5.5+half)
	}
	if !near(s.Lo, 3.334149, 1e-6) || !near(s.Hi, 7.665851, 1e-6) {
		t.Errorf("interval [%v, %v], want [3.334149, 7.665851]", s.Lo, s.Hi)
	}
}

func TestSummarizeThree(t *testing.T) {
	r := Summarize([]Scenario{{Name: "a", Outcomes: series(t, "cla_stock", 10, 12, 14)}})
	s, _ := r.Metric("a", "cla_stock")
	// sd 2; half-width 4.302653 * 2 / sqrt(3).
	half := 4.302653 * 2 / math.Sqrt(3)
	if s.Mean != 12 || s.SD != 2 || !near(s.Lo, 12-half, 1e-5) || !near(s.Hi, 12+half, 1e-5) {
		t.Errorf("got %+v", s)
	}
}

func TestConstantMetricHasNoSpread(t *testing.T) {
	r := Summarize([]Scenario{{Name: "a", Outcomes: series(t, "cla_stock", 0.1, 0.1, 0.1)}})
	s, _ := r.Metric("a", "cla_stock")
	if s != (Stat{N: 3, Mean: 0.1, SD: 0, Lo: 0.1, Hi: 0.1}) {
		t.Errorf("got %+v", s)
	}
}

func TestDiffWithItselfIsExactlyZero(t *testing.T) {
	outs := series(t, "referrals", 100.1, 205.7, 99.3, 1e9/3)
	r := Summarize([]Scenario{{Name: "base", Outcomes: outs}, {Name: "base", Outcomes: outs}})
	names := r.Scenarios()
	if !slices.Equal(names, []string{"base", "base (2)"}) {
		t.Fatalf("names %v", names)
	}
	for _, m := range r.Metrics() {
		d, ok := r.Diff("base (2)", m)
		if !ok || d != (Stat{N: 4}) || !r.Identical("base (2)", m) {
			t.Fatalf("%s: diff %+v ok %v identical %v", m, d, ok, r.Identical("base (2)", m))
		}
	}
	if _, ok := r.Diff("base", "referrals"); ok {
		t.Error("the reference has a difference from itself")
	}
}

func TestDiffOfShift(t *testing.T) {
	xs := []float64{3, 8, 1, 12, 40}
	ys := make([]float64, len(xs))
	for i, x := range xs {
		ys[i] = x + 5
	}
	r := Summarize([]Scenario{
		{Name: "a", Outcomes: series(t, "s47_enquiries", xs...)},
		{Name: "b", Outcomes: series(t, "s47_enquiries", ys...)},
	})
	d, _ := r.Diff("b", "s47_enquiries")
	if d != (Stat{N: 5, Mean: 5, SD: 0, Lo: 5, Hi: 5}) {
		t.Errorf("diff %+v, want mean 5 sd 0 [5, 5]", d)
	}
	if r.Identical("b", "s47_enquiries") || !r.Identical("b", "referrals") {
		t.Error("identical flags wrong")
	}
}

func TestDiffIsPaired(t *testing.T) {
	// Large spread between replications, small and steady effect: the
	// paired interval must be narrow.
	r := Summarize([]Scenario{
		{Name: "a", Outcomes: series(t, "referrals", 100, 200, 300)},
		{Name: "b", Outcomes: series(t, "referrals", 101, 203, 302)},
	})
	d, _ := r.Diff("b", "referrals")
	half := 4.302653 * 1 / math.Sqrt(3)
	if d.Mean != 2 || d.SD != 1 || !near(d.Lo, 2-half, 1e-5) || !near(d.Hi, 2+half, 1e-5) {
		t.Errorf("diff %+v", d)
	}
}

func TestSingleReplication(t *testing.T) {
	r := Summarize([]Scenario{{Name: "a", Outcomes: series(t, "referrals", 7)}})
	s, _ := r.Metric("a", "referrals")
	if s.N != 1 || s.Mean != 7 || !math.IsNaN(s.SD) || !math.IsNaN(s.Lo) || !math.IsNaN(s.Hi) {
		t.Errorf("got %+v", s)
	}
}

func TestUnknownNames(t *testing.T) {
	r := Summarize([]Scenario{{Name: "a", Outcomes: series(t, "referrals", 7)}})
	if _, ok := r.Metric("b", "referrals"); ok {
		t.Error("unknown scenario found")
	}
	if _, ok := r.Metric("a", "nonsense"); ok {
		t.Error("unknown metric found")
	}
}

func TestWeeklyBands(t *testing.T) {
	var outs []sim.Outcome
	for _, x := range []float64{5, 1, 4, 2, 3} {
		o := outcome(t, nil)
		var w1, w2 [sim.NumSeries]float64
		w1[sim.WCLA] = x
		w2[sim.WCLA] = 10 * x
		o.Weekly = [][sim.NumSeries]float64{w1, w2}
		outs = append(outs, o)
	}
	r := Summarize([]Scenario{{Name: "a", Outcomes: outs}})
	b, ok := r.Weekly("a")
	if !ok || len(b) != 2 {
		t.Fatalf("weeks %d", len(b))
	}
	// Type 7 on 1..5: position p*4.
	want := Band{Mean: 3, P05: 1.2, P25: 2, P50: 3, P75: 4, P95: 4.8}
	got := b[0][sim.WCLA]
	for _, pair := range [][2]float64{{got.Mean, want.Mean}, {got.P05, want.P05}, {got.P25, want.P25},
		{got.P50, want.P50}, {got.P75, want.P75}, {got.P95, want.P95}} {
		if !near(pair[0], pair[1], 1e-12) {
			t.Fatalf("band %+v, want %+v", got, want)
		}
	}
	if b[1][sim.WCLA].P50 != 30 || b[1][sim.WReferrals] != (Band{}) {
		t.Errorf("week 2: %+v", b[1])
	}
}

func TestSummarizePanicsOnShortOutcome(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	Summarize([]Scenario{{Name: "a", Outcomes: []sim.Outcome{{Values: []float64{1}}}}})
}

// MeanInterval is the t interval at any confidence, and Describe uses it
// at 95%.
func TestMeanInterval(t *testing.T) {
	// t(0.95, 4) = 2.131847: the 90% interval of 5 values.
	lo, hi := MeanInterval(10, 2, 5, 0.90)
	half := 2.131847 * 2 / math.Sqrt(5)
	if !near(lo, 10-half, 1e-6) || !near(hi, 10+half, 1e-6) {
		t.Errorf("90%% interval [%v, %v], want [%v, %v]", lo, hi, 10-half, 10+half)
	}
	if lo, hi := MeanInterval(10, 2, 1, 0.95); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("one value: [%v, %v], want NaN", lo, hi)
	}
	x := []float64{3, 5, 4, 8}
	s := Describe(x)
	lo, hi = MeanInterval(s.Mean, s.SD, 4, 0.95)
	if s.Lo != lo || s.Hi != hi {
		t.Errorf("Describe [%v, %v], MeanInterval [%v, %v]", s.Lo, s.Hi, lo, hi)
	}
}

// Every table row is a metric of the registry, shown in the unit of its
// kind and under the registry's label.
func TestTableRowsFromRegistry(t *testing.T) {
	for _, names := range [][]string{flowMetrics, stockMetrics} {
		for _, l := range metricLines(names) {
			m, ok := sim.LookupMetric(l.metric)
			if !ok {
				t.Fatalf("%s is not a metric", l.metric)
			}
			if l.u != unitOf(m.Kind) {
				t.Errorf("%s: unit %+v, kind %s", l.metric, l.u, m.Kind)
			}
			if l.label != m.Label && l.label != "  per 10,000 children" {
				t.Errorf("%s: label %q, registry %q", l.metric, l.label, m.Label)
			}
		}
	}
	if unitOf(sim.KindShare) != percent || unitOf(sim.KindCost) != money || unitOf(sim.KindCount) != count {
		t.Error("shares, costs and counts are not shown as percentages, money and whole numbers")
	}
}

// The files write plain decimals that read back exactly: no scientific
// notation for costs in millions or for tiny spreads.
func TestFormatNum(t *testing.T) {
	for v, want := range map[float64]string{
		2.69494e6: "2694940", 1.1884392858790695e6: "1188439.2858790695", 1.25e-7: "0.000000125",
		-3.5: "-3.5", 0: "0", 210.33333333333334: "210.33333333333334",
	} {
		got := FormatNum(v)
		if got != want {
			t.Errorf("FormatNum(%v) = %q, want %q", v, got, want)
		}
		if back, err := strconv.ParseFloat(got, 64); err != nil || back != v {
			t.Errorf("%q reads back as %v (%v), want %v", got, back, err, v)
		}
	}
	if FormatNum(math.NaN()) != "" || FormatNum(math.Inf(1)) != "" {
		t.Error("non-finite values are not empty")
	}
}
