package results

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/caseload/caseload/sim"
)

var update = flag.Bool("update", false, "rewrite testdata/table.golden")

func render(t *testing.T, r *Report) string {
	t.Helper()
	var buf bytes.Buffer
	if err := r.Table(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestTableGolden(t *testing.T) {
	got := render(t, Summarize(fixture(t, 12)))
	golden := filepath.Join("testdata", "table.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./results -update)", err)
	}
	if got != string(want) {
		t.Errorf("table differs from %s (run go test ./results -update if intended):\n%s", golden, got)
	}
}

// The terminal table shows every cost component (sim.CostComponents)
// above the total, and in each scenario's column the components' means
// add up to the total's mean, so a reader can check the sum.
func TestTableCostsAddUp(t *testing.T) {
	r := Summarize(fixture(t, 12))
	out := render(t, r)
	total, _ := sim.LookupMetric(sim.CostTotal)
	at := strings.Index(out, "│ "+total.Label+" ")
	if at < 0 {
		t.Fatalf("no %q row:\n%s", total.Label, out)
	}
	for _, c := range sim.CostComponents() {
		m, _ := sim.LookupMetric(c)
		if k := strings.Index(out, "│ "+m.Label+" "); k < 0 || k > at {
			t.Errorf("no %q row above the total", m.Label)
		}
	}
	for _, sc := range []string{"baseline", "school_team"} {
		var sum float64
		for _, c := range sim.CostComponents() {
			st, _ := r.Metric(sc, c)
			sum += st.Mean
		}
		if st, _ := r.Metric(sc, sim.CostTotal); math.Abs(st.Mean-sum) > 1e-6*st.Mean {
			t.Errorf("%s: cost_total %v, the components add to %v", sc, st.Mean, sum)
		}
	}
}

func TestTableFits(t *testing.T) {
	sc := fixture(t, 12)
	for i := range 3 {
		extra := sc[1]
		extra.Name = "variant " + string(rune('a'+i))
		sc = append(sc, extra)
	}
	out := render(t, Summarize(sc))
	for _, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > maxTableWidth && !isFootnote(l) {
			t.Errorf("line of %d columns: %s", n, l)
		}
	}
	if !strings.Contains(out, "(continued)") || !strings.Contains(out, "variant c") {
		t.Errorf("five scenarios not paged:\n%s", out)
	}
}

func isFootnote(l string) bool { return !strings.ContainsAny(l, "│┌└├") }

func TestTableOneReplication(t *testing.T) {
	out := render(t, Summarize(fixture(t, 1)))
	for _, want := range []string{"intervals need at least 2 replications; 1 replication was run", "4,042 [–]", "0 (identical)",
		"In short: with one replication no change has a 95% interval, so this comparison cannot tell whether school_team lowers"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "fewer than 10 replications") || strings.Contains(out, "]*") {
		t.Errorf("rough-interval mark with one replication:\n%s", out)
	}
}

func TestTableThreeReplications(t *testing.T) {
	r := Summarize(fixture(t, 3))
	out := render(t, r)
	if !strings.Contains(out, "* fewer than 10 replications: intervals are rough") {
		t.Errorf("no rough footnote:\n%s", out)
	}
	if !strings.Contains(out, "]*") || strings.Contains(out, "intervals need at least 2") {
		t.Errorf("intervals not marked rough:\n%s", out)
	}
	for _, want := range []string{"per 10,000 children aged 0–17 a year", "census week"} {
		if !strings.Contains(strings.Join(r.Footnotes(), "\n"), want) {
			t.Errorf("footnotes lack %q", want)
		}
	}
}

func TestTableManyReplicationsNotRough(t *testing.T) {
	out := render(t, Summarize(fixture(t, 10)))
	if strings.Contains(out, "]*") || strings.Contains(out, "fewer than 10") {
		t.Errorf("ten replications marked rough:\n%s", out)
	}
}

func TestFormat(t *testing.T) {
	cases := []struct{ got, want string }{
		{count.level(1234.4), "1,234"},
		{count.level(-1234567.8), "-1,234,568"},
		{count.level(999.6), "1,000"},
		{rate.level(52.25), "52.2"},
		{percent.level(0.2314), "23.1%"},
		{percent.diff(-0.05), "-5.0 pp"},
		{money.level(69.9e6), "£69.90m"},
		{money.diff(-0.2e6), "-£0.20m"},
		{diffCell(Stat{N: 12, Mean: 0.3e6, Lo: -0.1e6, Hi: 0.7e6}, false, money), "+£0.30m [-0.10 to +0.70]"},
		{levelCell(Stat{N: 12, Mean: 0.25, Lo: 0.2, Hi: 0.3}, percent), "25.0% [20.0–30.0]"},
		{levelCell(Stat{N: 1, Mean: 7}, count), "7 [–]"},
		{levelCell(Stat{N: 3, Mean: 32, Lo: -6, Hi: 69}, count), "32 [-6 to 69]*"},
		{count.diff(0.2), "0"},
		{count.diff(3), "+3"},
		{levelCell(Stat{N: 12, Mean: 1234, Lo: 1200, Hi: 1270}, count), "1,234 [1,200–1,270]"},
		{levelCell(Stat{N: 3, Mean: 1234, Lo: 1200, Hi: 1270}, count), "1,234 [1,200–1,270]*"},
		{diffCell(Stat{N: 12, Mean: -12, Lo: -40, Hi: 20}, false, count), "-12 [-40 to +20]"},
		{diffCell(Stat{N: 12}, true, count), "0 (identical)"},
		{Grouped(37627.4), "37,627"},
		// an end rounded to 0 keeps the digit that says which side of 0
		// it lies: no clear difference, then a clear one
		{diffCell(Stat{N: 12, Mean: 5.1, Lo: -0.485, Hi: 10.75}, false, count), "+5 [-0.5 to +11]"},
		{diffCell(Stat{N: 12, Mean: 2.6, Lo: 0.1, Hi: 5.1}, false, count), "+3 [+0.1 to +5]"},
		{diffCell(Stat{N: 12, Mean: 0.01, Lo: -0.004, Hi: 0.02}, false, rate), "+0.01 [-0.004 to +0.02]"},
		{diffCell(Stat{N: 12, Mean: 1e3, Lo: -4e3, Hi: 6e3}, false, money), "+£0.001m [-0.004 to +0.01]"},
		// below four more decimals than the unit's: 0, unsigned, as the
		// rounding error of paired differences that cancel is
		{diffCell(Stat{N: 12, Mean: 0, Lo: -1e-9, Hi: 0}, false, count), "0 [0 to 0]"},
		{diffCell(Stat{N: 20, Mean: 5.684341886080802e-15, Lo: -0.38, Hi: 0.38}, false, count), "0 [-0.4 to +0.4]"},
		{diffCell(Stat{N: 20, Mean: -1e-18, Lo: -0.013, Hi: 0.013}, false, percent), "0.0 pp [-1.3 to +1.3]"},
		{diffCell(Stat{N: 20, Mean: -400, Lo: -0.4, Hi: 3}, false, money), "-£0.0004m [0.00 to +0.000003]"},
		{diffCell(Stat{N: 12, Mean: -0.15, Lo: -0.2, Hi: -0.1}, false, count), "-0.1 [-0.2 to -0.1]"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// Cells outside the report use the report's formats: thousands grouped,
// money in £m, shares as percentages, whatever the size of the number.
func TestMetricCell(t *testing.T) {
	for _, c := range []struct {
		metric string
		s      Stat
		want   string
	}{
		{"referrals", Stat{N: 4, Mean: 199479.4, Lo: 198000, Hi: 200958.8}, "199,479 [198,000–200,959]"},
		{"cost_total", Stat{N: 4, Mean: 34.29e6, Lo: 33.1e6, Hi: 35.48e6}, "£34.29m [33.10–35.48]"},
		{"statutory_weeks_over_cap", Stat{N: 12, Mean: 0.23, Lo: 0.226, Hi: 0.235}, "23.0% [22.6–23.5]"},
		{"statutory_caseload_mean", Stat{N: 3, Mean: 17.31, Lo: 16.04, Hi: 18.58}, "17.3 [16.0–18.6]"},
		{"cp_stock", Stat{N: 1, Mean: 330, Lo: math.NaN(), Hi: math.NaN()}, "330 [–]"},
		{"cp_stock", Stat{}, "–"},
	} {
		if got := MetricCell(c.metric, c.s); got != c.want {
			t.Errorf("%s %+v: %q, want %q", c.metric, c.s, got, c.want)
		}
	}
	if got := MetricValue("cost_care", 2.69494e6); got != "£2.69m" {
		t.Errorf("MetricValue: %q", got)
	}
}

// Counts in words agree with their numbers: status's damaged items and
// stray files, a Sobol interval's degrees of freedom, validate's measured
// years.
func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n          int
		noun, want string
	}{
		{0, "stray file", "0 stray files"}, {1, "stray file", "1 stray file"}, {3, "stray file", "3 stray files"},
		{1, "degree", "1 degree"}, {2, "degree", "2 degrees"}, {5, "degree", "5 degrees"},
	} {
		if got := Plural(c.n, c.noun); got != c.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", c.n, c.noun, got, c.want)
		}
	}
}
