// Package report renders a results folder, read from disk, as people read
// results: a self-contained web page (report.html) with charts and a plain
// summary, the charts as PNG and SVG files (charts/), an Excel workbook
// (results.xlsx), and the weekly results by model year and financial year
// (annual.csv). Results are built once by the commands that run the model
// and rendered here as many times as wanted; a compare --neighbours folder
// is rendered from its neighbours.csv and manifest.json (neighbours.go).
package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/caseload/caseload/detmath"
	"github.com/caseload/caseload/sim"
)

// Files the report adds to a results folder.
const (
	HTMLFile     = "report.html"
	WorkbookFile = "results.xlsx"
	ChartsDir    = "charts"
)

// Files lists what Build writes into a results folder (annual.csv only
// where the folder has weekly results).
var Files = []string{HTMLFile, WorkbookFile, AnnualCSV, ChartsDir}

// cell is a table entry: the text a person reads and, for numbers, the
// value the workbook stores.
type cell struct {
	text  string
	v     float64
	isNum bool
}

// dateCell is a date: written out on the page, a date in the workbook.
func dateCell(t time.Time) cell {
	return cell{text: t.Format("2 Jan 2006"), v: excelDate(t), isNum: true}
}

func txt(s string) cell                { return cell{text: s} }
func numCell(v float64, s string) cell { return cell{text: s, v: v, isNum: !math.IsNaN(v)} }

// tbl is a table of the report and, with all its rows, a sheet of the
// workbook.
type tbl struct {
	title, note string
	sheet       string // workbook sheet name; "" for the page only
	header      []string
	rows        [][]cell
	pageRows    int // rows shown on the page; 0 for all
}

// doc is everything the page and the workbook show.
type doc struct {
	f       *folder
	cal     calendar
	title   string
	summary []string
	notes   []string
	charts  []chart
	tables  []tbl
	run     [][2]string
	annual  []annualRow

	trialYears, trials int // a trial folder's follow-up and number of trials

	method []string  // how the figures were made, where the page says it
	byLA   []laNotes // a compare --neighbours folder's notes, by LA
}

// Build reads the results folder dir and writes into it report.html,
// results.xlsx, annual.csv (where the folder has weekly results) and the
// folder charts/ with every chart as PNG and SVG. Every file is written
// atomically; nothing is written if the folder cannot be read. A folder
// that is not a caseload results folder gives an error wrapping
// ErrNotResults.
func Build(dir string) error { return BuildStop(dir, nil) }

// ErrStopped is BuildStop's error when stop closes before the report is
// written: nothing is written.
var ErrStopped = errors.New("report: stopped before it was written")

// BuildStop is Build that gives up, writing nothing, once stop is closed
// (nil: never) before the files are written: it is checked between the
// charts, which take the time, and before the first file.
func BuildStop(dir string, stop <-chan struct{}) error {
	stopped := func() bool {
		select {
		case <-stop:
			return true
		default:
			return false
		}
	}
	d, err := load(dir)
	if err != nil {
		return err
	}
	if err := CheckCharts(dir); err != nil {
		return err
	}
	chartFiles := map[string][]byte{}
	var order []string
	svgs := make([][]byte, len(d.charts))
	for i, c := range d.charts {
		if stopped() {
			return ErrStopped
		}
		if !isChartName(c.name) {
			return fmt.Errorf("report: chart %q is not in chartNames", c.name)
		}
		svg, err := c.svg()
		if err != nil {
			return err
		}
		png, err := c.png()
		if err != nil {
			return err
		}
		svgs[i] = svg
		chartFiles[c.name+".svg"], chartFiles[c.name+".png"] = svg, png
		order = append(order, c.name+".svg", c.name+".png")
	}
	page, err := d.html(svgs)
	if err != nil {
		return err
	}
	book, err := d.workbook()
	if err != nil {
		return err
	}
	var annual []byte
	if len(d.annual) > 0 {
		if annual, err = csvBytes(func(w io.Writer) error { return writeAnnualCSV(w, d.annual, d.cal) }); err != nil {
			return err
		}
	}
	if stopped() {
		return ErrStopped
	}
	if err := writeDir(filepath.Join(dir, ChartsDir), chartFiles, order); err != nil {
		return err
	}
	if annual != nil {
		if err := writeAtomic(filepath.Join(dir, AnnualCSV), annual); err != nil {
			return err
		}
	}
	if err := writeAtomic(filepath.Join(dir, WorkbookFile), book); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, HTMLFile), page)
}

// load reads the folder and lays out the report.
func load(dir string) (*doc, error) {
	f, err := open(dir)
	if err != nil {
		return nil, err
	}
	cal, err := f.calendar()
	if err != nil {
		return nil, err
	}
	d := &doc{f: f, cal: cal}
	switch f.kind {
	case KindRun, KindCompare, KindEngland, KindCalibration:
		d.runLike()
		d.avoidedTable()
	case KindSweep:
		d.sweepDoc()
		d.placeAndNotes()
	case KindOAT, KindMorris, KindSobol:
		d.sensitivityDoc()
		d.placeAndNotes()
	case KindSize:
		d.sizeDoc()
		d.placeAndNotes()
	case KindTrial:
		d.trialDoc()
		d.placeAndNotes()
	case KindOptimise:
		d.optimiseDoc()
		d.placeAndNotes()
	case KindNeighbours:
		d.neighboursDoc()
	}
	d.whatWasRun()
	d.roughNote()
	return d, nil
}

// RoughFewer is the number of replications (or trials) below which the
// intervals are marked rough: on the page, and in the terminal tables
// (results, explore).
const RoughFewer = 10

// roughNote warns, on the page and in the workbook, that intervals from
// fewer than ten replications (or a trial's power and coverage from fewer
// than ten trials) are rough.
// Only where the intervals are over replications: not an optimise folder
// (its replications are the search's own, raced up as needed) nor Morris
// or Sobol screening (its intervals are over trajectories or repetitions
// of the design), and not for one replication or trial, which gives no
// interval at all (the page says so where one would be).
func (d *doc) roughNote() {
	switch f := d.f; {
	case f.kind == KindTrial:
		if d.trials > 1 && d.trials < RoughFewer {
			d.notes = append(d.notes, fmt.Sprintf("With %d trials (fewer than %d) the power and coverage and their intervals are rough: run more (--trials) before relying on them.", d.trials, RoughFewer))
		}
	case f.kind == KindOptimise || f.kind == KindMorris || f.kind == KindSobol:
	case f.man.Reps > 1 && f.man.Reps < RoughFewer:
		d.notes = append(d.notes, fmt.Sprintf("With %d replications (fewer than %d) the 95%% intervals are rough: run more (--reps) before relying on them.", f.man.Reps, RoughFewer))
	}
}

func (d *doc) add(c chart, ok bool) {
	if ok {
		d.charts = append(d.charts, c)
	}
}

// runLike lays out run, compare, national and calibration folders.
func (d *doc) runLike() {
	f := d.f
	switch f.kind {
	case KindCompare:
		d.title = "Comparison of " + joinNames(f.scenarios)
	case KindEngland:
		d.title = "England by local authority: " + f.scenarios[0]
	case KindCalibration:
		d.title = "Calibration: " + f.scenarios[0] + " beside the published figures"
	default:
		d.title = "Scenario " + f.scenarios[0]
	}
	calib := d.calibration()
	if f.kind == KindCalibration {
		d.calibrationSummary(calib)
		d.add(calibrationChart(calib, sim.CalibrationTolerance))
	}
	d.runSummary()
	d.placeAndNotes()
	if f.kind == KindEngland {
		d.englandSummary()
	}
	d.add(f.forestChart())
	d.add(f.costChart())
	for _, s := range fanSeries {
		d.add(f.fanChart(d.cal, s))
	}
	d.add(f.caseloadChart())
	if f.kind == KindEngland {
		for _, m := range englandMetrics {
			d.add(f.englandChart(m))
		}
	}
	if f.kind != KindCalibration && f.kind != KindEngland && len(f.scenarios) == 1 && f.scenarios[0] == "baseline" {
		d.add(calibrationChart(calib, sim.CalibrationTolerance))
		d.calibrationSummary(calib)
	}
	d.summaryTable()
	if f.weekly != nil {
		d.annual = f.annual(d.cal)
		d.annualTable()
		d.weeklyTable()
	}
	if len(calib) > 0 && (f.kind == KindCalibration || f.scenarios[0] == "baseline") {
		d.calibrationTable(calib)
	}
	if len(f.areas) > 0 {
		d.areasTable()
	}
	if d.cal.assumed {
		d.notes = append(d.notes, fmt.Sprintf("The results folder records no calendar.start_date (it was made before the key existed), so the first measured week is taken to start on %s, the key's default.", DefaultStartDate))
	}
}

// placeAndNotes says at the top of the summary which real local authority
// the scenarios are built for (name and code) and that its parameters
// are fitted to its own figures, as the terminal and the manifest say
// (config.PlaceLine), and names the place in the title; the scenarios'
// notes (manifest.json) go with the page's notes. A line every scenario
// shares is said once; one only some have names them. A folder of one
// scenario (sweep, sensitivity, size, trial, optimise) has its
// scenario's place and notes at the top of its manifest; a calibration
// folder has them with its scenario, as a run does.
func (d *doc) placeAndNotes() {
	f := d.f
	var places, notes [][2]string // scenario, line
	for _, s := range f.man.Scenarios {
		if s.Place != "" {
			places = append(places, [2]string{s.Name, PlacePrefix + s.Place + "."})
		}
		for _, x := range s.Notes {
			notes = append(notes, [2]string{s.Name, x})
		}
	}
	n := len(f.man.Scenarios)
	if n == 0 {
		n = 1
		if f.man.Place != "" {
			places = append(places, [2]string{"", PlacePrefix + f.man.Place + "."})
		}
		for _, x := range f.man.Notes {
			notes = append(notes, [2]string{"", x})
		}
	}
	lines := SharedNotes(n, places, joinNames)
	d.summary = append(slices.Clone(lines), d.summary...)
	d.notes = append(d.notes, SharedNotes(n, notes, joinNames)...)
	// one place, every scenario's: the title names it
	if len(lines) == 1 && strings.HasPrefix(lines[0], PlacePrefix) {
		if a, ok := configValue(f.config(), "la.area"); ok && a != nil && a != "" {
			d.title += fmt.Sprintf(" (%v)", a)
		}
	}
}

// PlacePrefix begins the note that names the real LA a scenario is built
// for (config.PlaceLine): in the terminal, the manifest's readers and the
// report alike.
const PlacePrefix = "Local authority: "

// SharedNotes are the notes of n scenarios, given in order as (scenario,
// note) pairs: each note once, in the order first given, and one that
// only some of the scenarios have after their names (join writes them).
// The terminal and the report list the scenarios' notes by it.
func SharedNotes(n int, notes [][2]string, join func([]string) string) []string {
	var order []string
	who := map[string][]string{}
	for _, p := range notes {
		sc, x := p[0], p[1]
		if _, ok := who[x]; !ok {
			order = append(order, x)
		}
		if !slices.Contains(who[x], sc) {
			who[x] = append(who[x], sc)
		}
	}
	lines := make([]string, len(order))
	for i, x := range order {
		if n > 1 && len(who[x]) < n {
			x = join(who[x]) + ": " + x
		}
		lines[i] = x
	}
	return lines
}

// NotesOf are the notes of the scenarios named names, each with its place
// (config.PlaceLine; "" for none) and notes: every place line
// (PlacePrefix), then every note, each once, a line only some of the
// scenarios have after their names (SharedNotes). The terminal and the
// report list a run's notes by it.
func NotesOf(names, places []string, notes [][]string) []string {
	var ns [][2]string // scenario, line
	for i, p := range places {
		if p != "" {
			ns = append(ns, [2]string{names[i], PlacePrefix + p})
		}
	}
	for i, x := range notes {
		for _, n := range x {
			ns = append(ns, [2]string{names[i], n})
		}
	}
	return SharedNotes(len(names), ns, func(names []string) string { return strings.Join(names, ", ") })
}

func joinNames(names []string) string { return listOf(names, " and ") }

// runSummary writes the plain-English summary of run and compare folders.
func (d *doc) runSummary() {
	f := d.f
	ref := f.scenarios[0]
	st := f.stats[ref]
	reps := f.repCount(ref)
	if len(f.scenarios) == 1 || f.kind == KindEngland {
		e := func(m string) string {
			mean, ci := estimate(m, st[m], false)
			return strings.TrimSpace(mean + " " + ci)
		}
		over := fmt.Sprintf("over %d replications", reps)
		if reps == 1 {
			over = "in one replication"
		}
		d.summary = append(d.summary, fmt.Sprintf("%s: %s, %s referrals a year, %s section 47 enquiries, %s children entering care and a total cost of %s a year.",
			ref, over, e("referrals"), e("s47_enquiries"), e("care_entries"), e("cost_total")))
		if _, ok := st["statutory_caseload_mean"]; ok {
			d.summary = append(d.summary, fmt.Sprintf("Statutory social workers carry %s children each on average; the caseload is over the cap in %s of weeks.",
				e("statutory_caseload_mean"), percent(st["statutory_weeks_over_cap"].Mean)))
		}
		return
	}
	d.summary = append(d.summary, f.verdict()...)
	for _, sc := range f.scenarios[1:] {
		df := f.diffs[sc]
		cost := df["cost_total"]
		var b strings.Builder
		switch {
		case cost.Lo > 0:
			fmt.Fprintf(&b, "%s costs %s a year more than %s %s", sc, money(cost.Mean), ref, interval("cost_total", cost))
		case cost.Hi < 0:
			fmt.Fprintf(&b, "%s costs %s a year less than %s %s", sc, money(-cost.Mean), ref, interval("cost_total", stat{Lo: -cost.Hi, Hi: -cost.Lo}))
		default:
			fmt.Fprintf(&b, "%s costs about the same as %s (%s a year %s)", sc, ref, signed("cost_total", cost.Mean), interval("cost_total", cost))
		}
		var parts, same []string
		// the flows a commissioner asks after, as the neighbours'
		// summary gives them: CP plans among them
		for _, m := range []string{"referrals", "s47_enquiries", "cp_plan_starts", "care_entries"} {
			x, ok := df[m]
			if !ok {
				continue
			}
			if x.Mean == 0 && x.Lo == 0 && x.Hi == 0 {
				same = append(same, lowerFirst(info(m).label))
				continue
			}
			verdict := ""
			if x.Lo <= 0 && x.Hi >= 0 {
				verdict = " (no clear difference)"
			}
			mean, ci := estimate(m, x, true)
			parts = append(parts, strings.TrimSpace(fmt.Sprintf("%s by %s a year %s", lowerFirst(info(m).label), mean, ci))+verdict)
		}
		if len(parts) > 0 {
			fmt.Fprintf(&b, ". It changes %s", strings.Join(parts, "; "))
		}
		if len(same) > 0 {
			fmt.Fprintf(&b, ". It leaves %s unchanged in every replication", joinNames(same))
		}
		b.WriteString(".")
		d.summary = append(d.summary, b.String())
	}
	d.summary = append(d.summary, fmt.Sprintf("Differences are paired: every scenario met the same families and chance events in each of %s; brackets give 95%% intervals.", replications(f.repCount(ref))))
}

// verdict is the comparison's answer in short (InShort), before each
// scenario's own lines, and the evidence set it rests on (EvidenceLine).
func (f *folder) verdict() []string {
	diff := func(sc, m string) (Change, bool) {
		// one replication gives no interval: its ends are NaN, or 0 and
		// 0 where the replication's difference is 0, which is no interval
		// either (the terminal's table, from the same Stat, says so)
		x, ok := f.diffs[sc][m]
		return Change{Lo: x.Lo, Mean: x.Mean, Hi: x.Hi}, ok && f.repCount(sc) != 1 && !math.IsNaN(x.Lo) && !math.IsNaN(x.Hi)
	}
	label := func(m string) string { return lowerFirst(info(m).label) }
	show := func(sc, m string) string {
		mean, ci := estimate(m, f.diffs[sc][m], true)
		out := strings.TrimSpace(mean + " a year " + ci)
		if b := f.stats[f.scenarios[0]][m].Mean; m != "cost_total" && b > 0 {
			out += " (" + strings.Replace(Percent(f.diffs[sc][m].Mean/b), "-", "−", 1) + " of " + f.scenarios[0] + "'s " + grouped(math.Round(b)) + ")"
		}
		return out
	}
	out := []string{InShort(f.scenarios[0], f.scenarios[1:], diff, label, show)}
	// the evidence set acts only through school-based workers: a scenario
	// without them has nothing it can change
	var names []string
	var configs []map[string]any
	for _, s := range f.man.Scenarios {
		if fte, ok := f.stats[s.Name][SchoolFTE]; !ok || !(fte.Mean <= 0) {
			names, configs = append(names, s.Name), append(configs, s.Config)
		}
	}
	if e := EvidenceLine(names, configs); e != "" {
		out = append(out, e)
	}
	return out
}

// replications is n and "replication", plural unless n is 1.
func replications(n int) string { return Plural(n, "replication") }

// Plural is n and a noun, plural unless n is 1 ("1 replication", "3
// stray files").
func Plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func (f *folder) repCount(sc string) int {
	if n := len(f.reps[sc]); n > 0 {
		return n
	}
	if f.man.Reps > 0 {
		return f.man.Reps
	}
	return 0
}

// summaryTable lays out every metric wide: metrics as rows; for each
// scenario its mean and interval, and for the others the paired
// difference and its interval.
func (d *doc) summaryTable() {
	f := d.f
	header := []string{"Metric", "Unit", "Key"}
	for _, sc := range f.scenarios {
		header = append(header, sc+": mean", sc+": 95% low", sc+": 95% high")
	}
	for _, sc := range f.scenarios[1:] {
		header = append(header, sc+" − "+f.scenarios[0], "difference: 95% low", "difference: 95% high")
	}
	row := func(m string) []cell {
		in := info(m)
		r := []cell{txt(in.label), txt(in.unit), txt(m)}
		for _, sc := range f.scenarios {
			s := f.stats[sc][m]
			r = append(r, numCell(s.Mean, value(m, s.Mean)), numCell(s.Lo, value(m, s.Lo)), numCell(s.Hi, value(m, s.Hi)))
		}
		for _, sc := range f.scenarios[1:] {
			s := f.diffs[sc][m]
			r = append(r, numCell(s.Mean, signed(m, s.Mean)), numCell(s.Lo, signed(m, s.Lo)), numCell(s.Hi, signed(m, s.Hi)))
		}
		return r
	}
	var rows [][]cell
	for _, m := range headline {
		if _, ok := f.stats[f.scenarios[0]][m]; ok {
			rows = append(rows, row(m))
		}
	}
	page := len(rows)
	for _, m := range f.metrics {
		if !slices.Contains(headline, m) {
			rows = append(rows, row(m))
		}
	}
	// the page: each scenario's mean and interval in one cell, then the
	// differences
	pageHeader := []string{"Metric", "Unit"}
	pageHeader = append(pageHeader, f.scenarios...)
	for _, sc := range f.scenarios[1:] {
		pageHeader = append(pageHeader, sc+" − "+f.scenarios[0])
	}
	var pageRows [][]cell
	for _, m := range headline {
		if _, ok := f.stats[f.scenarios[0]][m]; !ok {
			continue
		}
		in := info(m)
		r := []cell{txt(in.label), txt(in.unit)}
		for _, sc := range f.scenarios {
			mean, ci := estimate(m, f.stats[sc][m], false)
			r = append(r, numCell(f.stats[sc][m].Mean, strings.TrimSpace(mean+" "+ci)))
		}
		for _, sc := range f.scenarios[1:] {
			mean, ci := estimate(m, f.diffs[sc][m], true)
			r = append(r, numCell(f.diffs[sc][m].Mean, strings.TrimSpace(mean+" "+ci)))
		}
		pageRows = append(pageRows, r)
	}
	note := "Means over replications with their 95% intervals; differences are paired, replication by replication. Flows are a year's total averaged over the measured years; stocks are at 31 March; differences of shares are in percentage points (pp). " + info(sim.CostTotal).label + " is the sum of the cost rows above it."
	d.tables = append(d.tables, tbl{title: "Results a year, over the measured years", note: note + fmt.Sprintf(" The workbook's Summary sheet has all %d metrics, each figure in its own column.", len(f.metrics)),
		header: pageHeader, rows: pageRows})
	_ = page
	d.tables = append(d.tables, tbl{title: "Results a year, over the measured years", sheet: "Summary",
		note: note, header: header, rows: rows, pageRows: -1})
}

// annualTable lays out the weekly results by model year and financial
// year.
func (d *doc) annualTable() {
	f := d.f
	note := "Weekly results gathered into model years (52 weeks from the first measured week), financial years (April to March, by the date each week starts; the first and last may be part years) and the whole horizon. Flows are totals, levels the mean over the weeks; both are means over replications, without intervals (the results hold the spread of each week, not of each year). Costs are recorded only for the whole horizon."
	type key struct {
		sc, kind, label, series string
	}
	val := map[key]float64{}
	var periods []period
	seen := map[[2]string]bool{}
	for _, r := range d.annual {
		val[key{r.scenario, r.kind, r.label, r.series}] = r.value
		if k := [2]string{r.kind, r.label}; !seen[k] {
			seen[k] = true
			periods = append(periods, r.period)
		}
	}
	when := func(p period) []cell {
		return []cell{txt(p.kind), txt(p.label), numCell(float64(p.weeks()), fmt.Sprint(p.weeks())),
			dateCell(d.cal.week(p.first)), dateCell(d.cal.week(p.last).AddDate(0, 0, 6))}
	}
	// the page: one table for each headline flow, scenarios as columns
	for _, s := range []string{"referrals", "s47_enquiries", "care_entries"} {
		if !slices.Contains(f.series, s) {
			continue
		}
		header := append([]string{"Period", "Year", "Weeks", "Starts", "Ends"}, f.scenarios...)
		var rows [][]cell
		for _, p := range periods {
			r := when(p)
			for _, sc := range f.scenarios {
				v := val[key{sc, p.kind, p.label, s}]
				r = append(r, numCell(v, figure(math.Round(v))))
			}
			rows = append(rows, r)
		}
		d.tables = append(d.tables, tbl{title: info(s).label + " by year", note: note, header: header, rows: rows})
		note = ""
	}
	// the workbook: every series, one column each
	header := []string{"Scenario", "Period", "Year", "Weeks", "Starts", "Ends"}
	for _, s := range f.series {
		m := "total"
		if !isFlow(s) {
			m = "weekly mean"
		}
		header = append(header, info(s).label+" ("+m+")")
	}
	var rows [][]cell
	for _, sc := range f.scenarios {
		for _, p := range periods {
			r := append([]cell{txt(sc)}, when(p)...)
			for _, s := range f.series {
				v := val[key{sc, p.kind, p.label, s}]
				r = append(r, numCell(v, figure(v)))
			}
			rows = append(rows, r)
		}
	}
	d.tables = append(d.tables, tbl{title: "By model year, financial year and the whole horizon", sheet: "By year",
		note:   "Weekly results gathered into model years (52 weeks from the first measured week), financial years (April to March, by the date each week starts; the first and last may be part years) and the whole horizon. Flows are totals, levels the mean over the weeks; both are means over replications, without intervals (the results hold the spread of each week, not of each year). Costs are recorded only for the whole horizon. annual.csv has the same in long form.",
		header: header, rows: rows, pageRows: -1})
}

// weeklyTable is the workbook's weekly sheet: every week with its date.
func (d *doc) weeklyTable() {
	f := d.f
	header := []string{"Week", "Week starting", "Financial year", "Scenario", "Series", "Mean", "5%", "25%", "Median", "75%", "95%"}
	var rows [][]cell
	for _, sc := range f.scenarios {
		for _, s := range f.series {
			for k, b := range f.weekly[sc][s] {
				dt := d.cal.week(k + 1)
				rows = append(rows, []cell{numCell(float64(k+1), fmt.Sprint(k+1)), {text: dt.Format("2006-01-02"), v: excelDate(dt), isNum: true},
					txt(financialYear(dt)), txt(sc), txt(s),
					numCell(b.Mean, figure(b.Mean)), numCell(b.P05, figure(b.P05)), numCell(b.P25, figure(b.P25)),
					numCell(b.P50, figure(b.P50)), numCell(b.P75, figure(b.P75)), numCell(b.P95, figure(b.P95))})
			}
		}
	}
	d.tables = append(d.tables, tbl{title: "Weekly series", sheet: "Weekly (all)", header: header, rows: rows, pageRows: -1})
}

// calibration computes the calibration targets, England's published
// figures, from the replications of the first scenario; none when the
// scenario is built for a place of its own (la.area, la.figures_file, or
// national.places other than england), whose figures are not England's.
func (d *doc) calibration() []calibrationRow {
	f := d.f
	sc := f.scenarios[0]
	reps := f.reps[sc]
	if len(reps) == 0 || !slices.Equal(f.metrics, sim.MetricNames()) {
		return nil
	}
	for _, key := range []string{"la.area", "la.figures_file", "national.places"} {
		if v, ok := configValue(f.config(), key); ok && v != nil && v != "" && v != "england" {
			if f.kind == KindCalibration || f.scenarios[0] == "baseline" {
				d.notes = append(d.notes, fmt.Sprintf("The scenario is built for %v (%s), whose figures are not England's, so it is not set beside England's published figures here; caseload calibration --la sets it beside its own (calibration.md).", v, key))
			}
			return nil
		}
	}
	var out []calibrationRow
	for _, t := range sim.CalibrationTargets {
		x := make([]float64, len(reps))
		for r, vals := range reps {
			x[r] = sim.TargetValue(t.Metric, vals)
		}
		out = append(out, calibrationRow{metric: t.Metric, source: t.Source, target: t.Value, sim: levelCI(sim.TargetKind(t.Metric), x)})
	}
	return out
}

func (d *doc) calibrationSummary(rows []calibrationRow) {
	if len(rows) == 0 {
		return
	}
	in := 0
	var out []string
	for _, r := range rows {
		if math.Abs(r.sim.Mean/r.target-1) <= sim.CalibrationTolerance {
			in++
		} else {
			out = append(out, fmt.Sprintf("%s (%s against %s)", strings.ToLower(info(r.metric).label), figure(r.sim.Mean), figure(r.target)))
		}
	}
	s := fmt.Sprintf("%d of the %d published figures for England are reproduced within ±%.0f%%", in, len(rows), 100*sim.CalibrationTolerance)
	if len(out) > 0 {
		s += "; outside: " + joinNames(out)
	}
	d.summary = append(d.summary, s+".")
}

func (d *doc) calibrationTable(rows []calibrationRow) {
	header := []string{"Figure", "Key", "Published", "Simulated", "95% low", "95% high", "Difference", "Within ±10%", "Source"}
	var out [][]cell
	for _, r := range rows {
		rel := r.sim.Mean/r.target - 1
		ok := "yes"
		if math.Abs(rel) > sim.CalibrationTolerance {
			ok = "no"
		}
		out = append(out, []cell{txt(info(r.metric).label), txt(r.metric), numCell(r.target, figure(r.target)),
			numCell(r.sim.Mean, figure(r.sim.Mean)), numCell(r.sim.Lo, figure(r.sim.Lo)), numCell(r.sim.Hi, figure(r.sim.Hi)),
			numCell(rel, strings.Replace(fmt.Sprintf("%+.1f%%", 100*rel), "-", "−", 1)), txt(ok), txt(r.source)})
	}
	d.tables = append(d.tables, tbl{title: "Published beside simulated", sheet: "Calibration",
		note:   "Published figures for England per 10,000 children (MODEL.md §5) beside the simulated figures of the first scenario, computed from replications.csv.",
		header: header, rows: out})
}

// englandSummary describes the spread between local authorities.
func (d *doc) englandSummary() {
	f := d.f
	var vals []float64
	for _, a := range f.areas {
		if a.scenario == f.scenarios[0] {
			vals = append(vals, a.stats["referrals_per_10k"].Mean)
		}
	}
	if len(vals) == 0 {
		return
	}
	slices.Sort(vals)
	d.summary = append(d.summary, fmt.Sprintf("Across its %d local authorities, referrals run from %s to %s per 10,000 children a year (median %s).",
		len(vals), figure(vals[0]), figure(vals[len(vals)-1]), figure(vals[len(vals)/2])))
}

func (d *doc) areasTable() {
	f := d.f
	ms := []string{"referrals_per_10k", "s47_enquiries_per_10k", "cp_plan_starts_per_10k", "care_entries_per_10k", "cla_stock_per_10k", "statutory_caseload_mean", "cost_total"}
	header := []string{"Local authority", "Children"}
	for _, m := range ms {
		header = append(header, info(m).label+" ("+info(m).unit+")")
	}
	several := len(f.scenarios) > 1
	if several {
		header = append(header, "Scenario")
	}
	var rows [][]cell
	for _, a := range f.areas {
		r := []cell{txt(a.name), numCell(a.children, grouped(a.children))}
		for _, m := range ms {
			v := a.stats[m].Mean
			r = append(r, numCell(v, value(m, v)))
		}
		if several {
			r = append(r, txt(a.scenario))
		}
		rows = append(rows, r)
	}
	d.tables = append(d.tables, tbl{title: "Local authorities", sheet: "Local authorities",
		note:   "Each LA's mean over replications (areas.csv has every metric with its interval). Grouped by region where the results name real LAs.",
		header: header, rows: rows})
}

// whatWasRun lists how the results were made, from the manifest.
func (d *doc) whatWasRun() {
	m := d.f.man
	add := func(k, v string) {
		if v != "" {
			d.run = append(d.run, [2]string{k, v})
		}
	}
	add("Kind", d.f.kind)
	add("Command", strings.Join(m.Command, " "))
	cfg := d.f.config()
	if nb := d.f.nb; nb != nil {
		la := nb.rows[0]
		add("Local authority", fmt.Sprintf("%s (%s) and its %d statistical neighbours", la.name, la.code, len(nb.rows)-1))
		add("Baseline", fmt.Sprintf("%s (%s)", nb.baseline, nb.baseFile))
		add("Deployment", fmt.Sprintf("%s (%s)", nb.dep, nb.file))
		cfg = d.f.neighbourConfig()
	} else if len(m.Scenarios) > 0 {
		for _, s := range m.Scenarios {
			add("Scenario", fmt.Sprintf("%s (%s)", s.Name, s.File))
		}
	} else {
		add("Scenario", m.Scenario)
		if ref := m.Extra["against"]; ref != "" {
			add("Against", ref+": each diff_ metric is the value less this reference scenario's, replication by replication on the same random numbers")
		}
	}
	if len(m.Sets) > 0 {
		add("Overrides", strings.Join(m.Sets, "; "))
	}
	if d.f.nb == nil {
		add("School-based budget", budgets(m.Scenarios))
	}
	if v, ok := configValue(cfg, "effects.evidence"); ok {
		add("Evidence set", fmt.Sprint(v))
	}
	if m.Seed != 0 || m.Kind != KindTrial {
		add("Seed", fmt.Sprint(m.Seed))
	}
	if m.Reps > 0 {
		add("Replications", fmt.Sprint(m.Reps))
	}
	years := m.Years
	if years == 0 {
		years = int(configNumber(d.f.config(), "years"))
	}
	switch {
	case d.f.kind == KindTrial:
		add("Trials", fmt.Sprint(d.trials))
		add("Follow-up", fmt.Sprintf("%d year(s) from randomisation", d.trialYears))
	case years > 0:
		add("Measured years", fmt.Sprint(years))
	}
	if w := configNumber(d.f.config(), "warmup_weeks"); !math.IsNaN(w) && d.f.kind != KindTrial {
		add("Warm-up", fmt.Sprintf("%s weeks, not measured", figure(w)))
	}
	if d.f.weekly != nil {
		start := d.cal.start.Format("Monday 2 January 2006")
		if d.cal.assumed {
			start += " (assumed: not recorded in the folder)"
		}
		add("First measured week", start)
	}
	add("Version", m.Version)
	add("Go", m.GoVersion)
}

// budgets says what school_workforce.budget the scenarios of a run or
// compare folder had (compare --budget gives them all one, which the
// manifest keeps only in each scenario's configuration): one sum for all,
// each scenario's where they differ, or "" where none had one.
func budgets(scs []manifestScenario) string {
	var each []string
	same, some := true, false
	for i, s := range scs {
		b := configNumber(s.Config, "school_workforce.budget")
		if math.IsNaN(b) {
			b = 0
		}
		some = some || b > 0
		if i > 0 && b != configNumber(scs[0].Config, "school_workforce.budget") {
			same = false
		}
		pounds := "none"
		if b > 0 {
			pounds = "£" + grouped(b) + " a year"
		}
		each = append(each, s.Name+": "+pounds)
	}
	switch {
	case !some:
		return ""
	case same && len(scs) > 1:
		line := "£" + grouped(configNumber(scs[0].Config, "school_workforce.budget")) + " a year for each scenario's school-based workers (school_workforce.budget)"
		var none []string
		for _, s := range scs {
			t, _ := configValue(s.Config, "school_workforce.teams")
			if teams, _ := t.(map[string]any); len(teams) == 0 {
				none = append(none, s.Name)
			}
		}
		if len(none) > 0 {
			verb := map[bool]string{true: "has no team and spends", false: "have no team and spend"}[len(none) == 1]
			line += "; " + joinNames(none) + " " + verb + " none of it"
		}
		return line
	case same:
		return "£" + grouped(configNumber(scs[0].Config, "school_workforce.budget")) + " a year for the school-based workers (school_workforce.budget)"
	}
	return strings.Join(each, "; ") + " (school_workforce.budget)"
}

// levelCI is the mean and 95% interval of a calibration figure of the
// given kind, as results.DescribeMetric gives it in summary.csv and the
// calibration command (detmath.DescribeLevel; results imports this
// package): for a share the t interval on the logit scale, otherwise the
// t interval cut at 0, every figure being a level that cannot be negative.
func levelCI(kind sim.MetricKind, x []float64) stat {
	var s stat
	s.Mean, s.SD, s.Lo, s.Hi = detmath.DescribeLevel(x, kind == sim.KindShare)
	return s
}
