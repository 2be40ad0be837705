package report

import (
	"archive/zip"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// tinyFolder writes a two-scenario comparison of 60 measured weeks with
// fixed numbers: what caseload compare writes, in miniature.
func tinyFolder(t *testing.T, startDate string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "tiny")
	os.Mkdir(dir, 0o755)
	cal := ""
	if startDate != "" {
		cal = fmt.Sprintf(`"calendar": {"start_date": %q}, `, startDate)
	}
	manifest := fmt.Sprintf(`{"command": ["caseload", "compare", "a.yaml", "b.yaml"], "seed": 7, "reps": 4, "years": 1, "version": "v0 (test)", "go_version": "go1",
  "scenarios": [{"name": "baseline", "file": "a.yaml", "config": {%s"statutory": {"caseload_cap": 20}, "effects": {"evidence": "trial"}, "warmup_weeks": 52}},
                {"name": "embedded", "file": "b.yaml", "config": {}}]}`, cal)
	var sum, weekly strings.Builder
	sum.WriteString("scenario,metric,statistic,value\n")
	for i, sc := range []string{"baseline", "embedded"} {
		for k, m := range []string{"referrals", "s47_enquiries", "care_entries", "statutory_caseload_mean", "cost_school_workforce", "cost_statutory_staff", "cost_statutory", "cost_early_help", "cost_care", "cost_total", "cp_plan_starts"} {
			mean := float64(100*(k+1)) + float64(10*i)
			if strings.HasPrefix(m, "cost") {
				mean *= 1e5
			}
			fmt.Fprintf(&sum, "%s,%s,n,4\n%s,%s,mean,%g\n%s,%s,sd,%g\n%s,%s,ci95_low,%g\n%s,%s,ci95_high,%g\n", sc, m, sc, m, mean, sc, m, mean/10, sc, m, mean*0.9, sc, m, mean*1.1)
			if i == 1 {
				d := mean / 20
				fmt.Fprintf(&sum, "%s,%s,diff_mean,%g\n%s,%s,diff_sd,1\n%s,%s,diff_ci95_low,%g\n%s,%s,diff_ci95_high,%g\n", sc, m, d, sc, m, sc, m, d/2, sc, m, d*1.5)
			}
		}
	}
	weekly.WriteString("scenario,week,series,mean,p05,p25,p50,p75,p95\n")
	for i, sc := range []string{"baseline", "embedded"} {
		for w := 1; w <= 60; w++ {
			for k, s := range []string{"referrals", "s47_enquiries", "statutory_caseload"} {
				m := 50 + 10*float64(k) + 5*math.Sin(float64(w)/5) + 3*float64(i)
				fmt.Fprintf(&weekly, "%s,%d,%s,%g,%g,%g,%g,%g,%g\n", sc, w, s, m, m-8, m-3, m, m+3, m+8)
			}
		}
	}
	for name, body := range map[string]string{"manifest.json": manifest, "summary.csv": sum.String(), "weekly.csv": weekly.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// The fan chart of fixed weekly results is the golden SVG, byte for byte,
// and drawing it twice gives the same bytes.
func TestFanChartGolden(t *testing.T) {
	f, err := open(tinyFolder(t, "2025-09-01"))
	if err != nil {
		t.Fatal(err)
	}
	cal, _ := f.calendar()
	render := func() []byte {
		c, ok := f.fanChart(cal, "referrals")
		if !ok {
			t.Fatal("no fan chart")
		}
		b, err := c.svg()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	got := render()
	if again := render(); !bytes.Equal(got, again) {
		t.Fatal("the same chart gave different SVG")
	}
	golden := filepath.Join("testdata", "fan-referrals.svg")
	if *update {
		os.WriteFile(golden, got, 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./report -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("fan chart differs from %s (go test ./report -update rewrites it after a deliberate change)", golden)
	}
	for _, w := range []string{"Sep 2025", "Referrals to children", "baseline", "embedded"} {
		if !bytes.Contains(got, []byte(w)) {
			t.Errorf("SVG lacks %q", w)
		}
	}
}

// The workbook has its sheets in order, plain headers with units, real
// dates, and a native chart of each headline weekly series.
func TestWorkbookStructure(t *testing.T) {
	dir := tinyFolder(t, "2025-09-01")
	if err := Build(dir); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, WorkbookFile)
	x, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	wantSheets := []string{"Summary", "Weekly", "By year", "Weekly (all)", "About", "Data dictionary"}
	if got := x.GetSheetList(); !slices.Equal(got, wantSheets) {
		t.Errorf("sheets %v, want %v", got, wantSheets)
	}
	cells := map[string]string{
		"Summary!A4": "Metric", "Summary!B4": "Unit", "Summary!D4": "baseline: mean", "Summary!G4": "embedded: mean",
		"Summary!J4": "embedded − baseline", "Summary!A5": "Referrals to children's social care", "Summary!B5": "children a year",
		"Weekly!B4": "Week starting", "Weekly!C5": "2025-26", "By year!B5": "model year",
		"Data dictionary!A4": "Sheet",
	}
	for ref, want := range cells {
		sh, c, _ := strings.Cut(ref, "!")
		if got, _ := x.GetCellValue(sh, c); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	// the second week starts a week after the first, as a date cell
	if got, _ := x.GetCellValue("Weekly", "B6"); got != "2025-09-08" {
		t.Errorf("Weekly!B6 = %q, want 2025-09-08", got)
	}
	if got, _ := x.GetCellValue("Summary", "C5"); got != "baseline: mean" && got != "referrals" {
		t.Errorf("Summary!C5 = %q, want the key referrals", got)
	}
	if n := countCharts(t, path); n != 3 {
		t.Errorf("%d native charts, want 3 (referrals, section 47 enquiries, statutory caseload)", n)
	}
}

func countCharts(t *testing.T, path string) int {
	z, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	n := 0
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "xl/charts/chart") && strings.HasSuffix(f.Name, ".xml") {
			n++
		}
	}
	return n
}

// Weeks fall in the financial year in which they start; model years are
// 52 weeks from the first measured week.
func TestPeriods(t *testing.T) {
	c := calendar{start: mustDate(t, "2025-09-01")}
	got := c.periods(104)
	want := []period{
		{"model year", "1", 1, 52}, {"model year", "2", 53, 104},
		{"financial year", "2025-26", 1, 31}, {"financial year", "2026-27", 32, 83}, {"financial year", "2027-28", 84, 104},
		{"whole horizon", "all", 1, 104},
	}
	if !slices.Equal(got, want) {
		t.Errorf("periods %v, want %v", got, want)
	}
	if d := c.week(31).Format("2006-01-02"); d != "2026-03-30" {
		t.Errorf("week 31 starts %s", d)
	}
}

// annual.csv sums the flows and averages the levels of each period.
func TestAnnual(t *testing.T) {
	f, err := open(tinyFolder(t, "2026-04-06"))
	if err != nil {
		t.Fatal(err)
	}
	cal, _ := f.calendar()
	for _, r := range f.annual(cal) {
		if r.scenario != "baseline" || r.label != "1" {
			continue
		}
		var sum float64
		for _, b := range f.weekly["baseline"][r.series][:52] {
			sum += b.Mean
		}
		want := sum
		if r.series == "statutory_caseload" {
			want = sum / 52
		}
		if math.Abs(r.value-want) > 1e-6 { // values are rounded to six decimals
			t.Errorf("%s model year 1: %v, want %v", r.series, r.value, want)
		}
	}
	// starting on 6 April, the first financial year is a whole one
	ps := cal.periods(60)
	if ps[2].label != "2026-27" || ps[2].weeks() != 52 || ps[3].weeks() != 8 {
		t.Errorf("financial years %v", ps[2:])
	}
}

// A folder without a start date uses the default and says so.
func TestAssumedStartDate(t *testing.T) {
	dir := tinyFolder(t, "")
	if err := Build(dir); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, HTMLFile))
	if !bytes.Contains(page, []byte("records no calendar.start_date")) || !bytes.Contains(page, []byte("Monday 1 September 2025 (assumed")) {
		t.Error("the page does not say the start date is assumed")
	}
}

// Folders that are not results are refused, and nothing is written.
func TestNotResults(t *testing.T) {
	dir := t.TempDir()
	if err := Build(dir); !errors.Is(err, ErrNotResults) {
		t.Errorf("empty folder: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"kind": "sweep"}`), 0o644)
	if err := Build(dir); !errors.Is(err, ErrNotResults) || !strings.Contains(err.Error(), "sweep.csv") {
		t.Errorf("sweep without sweep.csv: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "manifest.json"), []byte(`{"command": ["caseload", "run"]}`), 0o644)
	os.WriteFile(filepath.Join(dir, "summary.csv"), []byte("a,b\n1,2\n"), 0o644)
	if err := Build(dir); !errors.Is(err, ErrNotResults) || !strings.Contains(err.Error(), `no column "scenario"`) {
		t.Errorf("summary.csv of another shape: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("the folder now holds %d entries", len(entries))
	}
}

// The page is one file that fetches nothing: its charts are inline.
func TestPageSelfContained(t *testing.T) {
	dir := tinyFolder(t, "2025-09-01")
	if err := Build(dir); err != nil {
		t.Fatal(err)
	}
	page, _ := os.ReadFile(filepath.Join(dir, HTMLFile))
	for _, bad := range []string{"<script", "<link", "<img", "url(", "@import", "http://", "https://"} {
		if bytes.Contains(bytes.ToLower(page), []byte(bad)) {
			t.Errorf("report.html contains %q", bad)
		}
	}
	if n := bytes.Count(page, []byte(`<svg class="chart"`)); n < 4 {
		t.Errorf("%d inline charts", n)
	}
	for _, w := range []string{"embedded costs", "child protection plans started by", "[", "@media print", "μ*", "Coverage", "Evidence set", "trial"} {
		if !bytes.Contains(page, []byte(w)) {
			t.Errorf("page lacks %q", w)
		}
	}
}

// buildPage builds the report of dir and returns its page.
func buildPage(t *testing.T, dir string) string {
	t.Helper()
	if err := Build(dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The page's results table shows every cost component (sim.CostComponents)
// before the total, and says that they add up to it.
func TestPageCostComponents(t *testing.T) {
	page := buildPage(t, tinyFolder(t, "2025-09-01"))
	total := strings.Index(page, ">"+info(sim.CostTotal).label+"<")
	if total < 0 {
		t.Fatalf("page lacks the row %q", info(sim.CostTotal).label)
	}
	for _, c := range sim.CostComponents() {
		if k := strings.Index(page, ">"+info(c).label+"<"); k < 0 || k > total {
			t.Errorf("page lacks the row %q before the total", info(c).label)
		}
	}
	if !strings.Contains(page, "is the sum of the cost rows above it") {
		t.Error("page does not say the cost rows add up to the total")
	}
}

func mustDate(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// A report stopped before it is written (Ctrl-C) writes nothing, and a
// stranger's file in charts/ stops it before anything is drawn; without
// either it is written.
func TestBuildStopAndStrangers(t *testing.T) {
	dir := tinyFolder(t, "2025-09-01")
	list := func() []string {
		var got []string
		filepath.WalkDir(dir, func(p string, _ fs.DirEntry, _ error) error { got = append(got, p); return nil })
		return got
	}
	before := list()
	stop := make(chan struct{})
	close(stop)
	if err := BuildStop(dir, stop); !errors.Is(err, ErrStopped) {
		t.Fatalf("stopped: err %v, want ErrStopped", err)
	}
	if got := list(); !slices.Equal(got, before) {
		t.Errorf("a stopped report wrote %v", got)
	}
	os.MkdirAll(filepath.Join(dir, ChartsDir), 0o755)
	mine := filepath.Join(dir, ChartsDir, "fan-mine.txt")
	os.WriteFile(mine, []byte("mine"), 0o644)
	if err := Build(dir); !errors.Is(err, outdir.ErrForeign) || !strings.Contains(err.Error(), "charts/fan-mine.txt") {
		t.Errorf("a stranger in charts/: err %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, HTMLFile)); err == nil {
		t.Error("the report was written beside a stranger in charts/")
	}
	os.Remove(mine)
	if err := Build(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"fan-referrals.svg", "costs.png", "sweep-care_entries_per_10k.svg", "areas-referrals_per_10k.png"} {
		if !IsChartFile(name) {
			t.Errorf("%s is a chart file", name)
		}
	}
	for _, name := range []string{"my-chart.svg", "fan-.svg", "fan-Mine.svg", "costs.svg.bak", "costs", "differences-x.png", "fan-referrals_2024.svg", "sweep-mine.png"} {
		if IsChartFile(name) {
			t.Errorf("%s is not a chart file", name)
		}
	}
}

// Every metric has the unit the registry gives it (docs/metrics.md), not
// a guess: shares, working days, horizon costs and counts at the end.
func TestMetricUnits(t *testing.T) {
	for name, want := range map[string]string{
		"rereferral_share":              "share",
		"assessment_duration_wd_median": "working days",
		"cost_total_horizon":            "£ over the horizon",
		"cost_total_horizon_pv":         "£ over the horizon, present value",
		"children_end":                  "children",
		"referrals":                     "children a year",
		"triage_nfa_per_10k":            "per 10,000 children a year",
		// a paired difference (--against) is in its metric's unit
		"diff_cost_total":            "£ a year",
		"diff_s47_enquiries_per_10k": "per 10,000 children a year",
		"diff_cla_stock":             "children at 31 March",
	} {
		if got := info(name).unit; got != want {
			t.Errorf("%s: unit %q, want %q", name, got, want)
		}
	}
	seen := map[metricInfo]string{}
	for _, m := range sim.Metrics() {
		in := info(m.Name)
		if in.unit == "" {
			t.Errorf("%s has no unit", m.Name)
		}
		if other, ok := seen[in]; ok {
			t.Errorf("%s and %s are both %q (%s): a reader cannot tell them apart", other, m.Name, in.label, in.unit)
		}
		seen[in] = m.Name
	}
}

// A difference that rounds to nothing at its interval's precision keeps
// its sign and figures, and an exact 0 has no sign.
func TestEstimateKeepsSmallSigns(t *testing.T) {
	for _, c := range []struct {
		s        stat
		mean, ci string
	}{
		{stat{Mean: -0.4, Lo: -8.13, Hi: 7.33}, "−0.4", "[−8 to +7]"},
		{stat{Mean: -19.8, Lo: -39.69, Hi: 0.094}, "−20", "[−40 to +0.094]"},
		{stat{Mean: 3.1, Lo: 0.4, Hi: 5.7}, "+3.1", "[+0.4 to +5.7]"},
	} {
		if mean, ci := estimate("referrals", c.s, true); mean != c.mean || ci != c.ci {
			t.Errorf("%+v: %s %s, want %s %s", c.s, mean, ci, c.mean, c.ci)
		}
	}
	if got := signed("care_entries", 0); got != "0" {
		t.Errorf("signed 0: %q", got)
	}
	// a difference of shares is in percentage points, as in the terminal
	mean, ci := estimate("statutory_weeks_over_cap", stat{Mean: 0.024, Lo: 0.001, Hi: 0.046}, true)
	if mean != "+2.4 pp" || ci != "[+0.1 pp to +4.6 pp]" {
		t.Errorf("share difference: %s %s, want +2.4 pp [+0.1 pp to +4.6 pp]", mean, ci)
	}
	if got := value("statutory_weeks_over_cap", 0.073); got != "7.3%" {
		t.Errorf("share level: %q, want 7.3%%", got)
	}
	if a, b := figure(math.Inf(1)), money(math.Inf(-1)); a != "∞" || b != "−∞" {
		t.Errorf("infinities: %q, %q", a, b)
	}
}

// Intervals over fewer than ten replications are marked rough, where they
// are over replications; not with one replication (no interval) nor in a
// screening or a search, whose intervals are over something else.
func TestRoughNote(t *testing.T) {
	rough := func(kind string, reps, trials int) bool {
		d := &doc{f: &folder{kind: kind, man: manifest{Reps: reps}}, trials: trials}
		d.roughNote()
		return len(d.notes) == 1 && strings.Contains(d.notes[0], "rough")
	}
	for _, c := range []struct {
		kind         string
		reps, trials int
		want         bool
	}{
		{KindCompare, 4, 0, true}, {KindCompare, 10, 0, false}, {KindRun, 1, 0, false}, {KindSweep, 3, 0, true},
		{KindOptimise, 4, 0, false}, {KindMorris, 2, 0, false}, {KindSobol, 2, 0, false}, {KindOAT, 2, 0, true},
		{KindTrial, 0, 5, true}, {KindTrial, 0, 1, false}, {KindTrial, 0, 100, false},
	} {
		if got := rough(c.kind, c.reps, c.trials); got != c.want {
			t.Errorf("%s, %d replications, %d trials: rough %v, want %v", c.kind, c.reps, c.trials, got, c.want)
		}
	}
	if got := percent(-0.0001); got != "0%" && got != "0.0%" {
		t.Errorf("percent of a negative zero: %q", got)
	}
	if got := percent(-0.12); got != "−12%" {
		t.Errorf("percent(-0.12) = %q, want the page's minus", got)
	}
	if got := info("referrals_other").label; got == info("referrals_from_other").label {
		t.Errorf("referrals_other and referrals_from_other share the label %q", got)
	}
}

// Labels read as words: no short forms of the metric names, and no unit
// repeated in brackets.
func TestPlainLabels(t *testing.T) {
	for name, want := range map[string]string{
		"cp_plans_ended_share_le3m":                    "within 3 months",
		"cp_plans_ended_share_ge2y":                    "2 years or more",
		"school_worker_hours_share_group_work_support": "group work",
		"assessment_duration_wd_median":                "Assessment duration, median",
	} {
		if got := info(name).label; !strings.Contains(got, want) {
			t.Errorf("%s: label %q, want it to hold %q", name, got, want)
		}
	}
	if got := info("assessment_duration_wd_median").label; strings.Contains(got, "(working days)") {
		t.Errorf("label %q repeats its unit", got)
	}
}

// A fan chart's axis label must fit the height of one of its panels: one
// too long ("children per social worker") was cut off and squeezed the
// plots of every panel but the last.
func TestFanAxisLabelsFitAPanel(t *testing.T) {
	for _, s := range fanSeries {
		if u := weeklyUnit(s); len([]rune(u)) > 20 {
			t.Errorf("%s: axis label %q is longer than 20 characters, taller than a panel", s, u)
		}
	}
}

// What was run names the school-based budget of a comparison at equal
// cost (compare --budget), which its manifest keeps only in each
// scenario's configuration.
func TestBudgets(t *testing.T) {
	sc := func(name string, budget float64) manifestScenario {
		return manifestScenario{Name: name, Config: map[string]any{"school_workforce": map[string]any{"budget": budget}}}
	}
	team := func(s manifestScenario) manifestScenario {
		s.Config["school_workforce"].(map[string]any)["teams"] = map[string]any{"a": map[string]any{"fte": 1.0}}
		return s
	}
	for _, c := range []struct {
		scs  []manifestScenario
		want string
	}{
		{[]manifestScenario{sc("baseline", 0), sc("embedded", 0)}, ""},
		{[]manifestScenario{sc("baseline", 500000), team(sc("embedded", 500000))}, "£500,000 a year for each scenario's school-based workers (school_workforce.budget); baseline has no team and spends none of it"},
		{[]manifestScenario{team(sc("core", 500000)), team(sc("embedded", 500000))}, "£500,000 a year for each scenario's school-based workers (school_workforce.budget)"},
		{[]manifestScenario{sc("embedded", 250000)}, "£250,000 a year for the school-based workers (school_workforce.budget)"},
		{[]manifestScenario{sc("baseline", 0), sc("embedded", 300000)}, "baseline: none; embedded: £300,000 a year (school_workforce.budget)"},
	} {
		if got := budgets(c.scs); got != c.want {
			t.Errorf("%v: %q, want %q", c.scs, got, c.want)
		}
	}
}
