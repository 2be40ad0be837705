package results

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/caseload/caseload/report"
	"github.com/caseload/caseload/sim"
)

// maxTableWidth is the terminal width the tables are laid out for; with
// many scenarios the columns go onto further tables of that width.
const maxTableWidth = 160

// line is one row of a terminal table.
type line struct {
	label  string
	metric string
	u      unit
	net    bool // shows the scenario's paired difference in its own column
}

type section struct {
	title string
	lines []line
}

// flowMetrics and stockMetrics are the rows of the two terminal tables;
// labels and units come from the metric registry (sim.Metrics). A rate
// per 10,000 right under its base is labelled as a sub-row.
var (
	flowMetrics = []string{
		"referrals", "referrals_per_10k",
		"referrals_school", "referrals_school_per_10k",
		"referrals_other", "referrals_other_per_10k",
		"s17_assessments", "s17_assessments_per_10k",
		"s47_enquiries", "s47_enquiries_per_10k",
		"icpcs", "icpcs_per_10k",
		"cp_plan_starts", "cp_plan_starts_per_10k",
		"cin_plan_starts", "cin_plan_starts_per_10k",
		"care_entries", "care_entries_per_10k",
		"rereferrals", "rereferrals_per_10k",
	}
	// The cost rows are every component of the total (sim.CostComponents)
	// and then the total, so the rows add up to it.
	stockMetrics = append([]string{
		"cin_stock", "cin_stock_per_10k",
		"cp_stock", "cp_stock_per_10k",
		"cla_stock", "cla_stock_per_10k",
		"statutory_caseload_mean", "statutory_caseload_p95", "statutory_weeks_over_cap",
		"school_worker_caseload_mean", "school_worker_caseload_p95", "school_worker_weeks_full",
		"school_worker_fte", "schools_covered",
	}, append(sim.CostComponents(), sim.CostTotal)...)
)

// metricLines are the table rows of the metrics.
func metricLines(names []string) []line {
	ls := make([]line, 0, len(names))
	for i, n := range names {
		m, ok := sim.LookupMetric(n)
		if !ok {
			panic("results: no metric " + n + " in the registry")
		}
		l := line{label: m.Label, metric: n, u: unitOf(m.Kind)}
		if m.Combine == sim.CombinePer10k && i > 0 && names[i-1] == m.Base {
			l.label = "  per 10,000 children"
		}
		ls = append(ls, l)
	}
	return ls
}

func (r *Report) stockLines() []line {
	ls := metricLines(stockMetrics)
	if len(r.scen) > 1 {
		ls = append(ls, line{label: "Net cost vs " + r.Reference(), metric: "cost_total", u: money, net: true})
	}
	return ls
}

func (r *Report) sections() []section {
	over := "mean [95% interval] over " + Plural(r.minReplications(), "replication")
	return []section{
		{"Flows a year: " + over, metricLines(flowMetrics)},
		{"Stocks at 31 March, caseloads and annual costs: " + over, r.stockLines()},
	}
}

// column is one column of a terminal table: a header and one cell a line.
type column struct {
	header string
	cells  []string
}

// columns are the reference's, then each other scenario's followed by its
// difference from the reference.
func (r *Report) columns(ls []line) []column {
	var cols []column
	for i := range r.scen {
		cols = append(cols, r.levelColumn(i, ls))
		if i > 0 {
			cols = append(cols, r.diffColumn(i, ls))
		}
	}
	return cols
}

func (r *Report) levelColumn(i int, ls []line) column {
	s := &r.scen[i]
	c := column{header: s.name}
	for _, l := range ls {
		k, ok := r.index[l.metric]
		switch {
		case !ok:
			c.cells = append(c.cells, missingCell)
		case l.net && s.diffs == nil:
			c.cells = append(c.cells, "")
		case l.net:
			c.cells = append(c.cells, diffCell(s.diffs[k], s.same[k], l.u))
		default:
			c.cells = append(c.cells, levelCell(s.stats[k], l.u))
		}
	}
	return c
}

func (r *Report) diffColumn(i int, ls []line) column {
	s := &r.scen[i]
	c := column{header: "Δ vs " + r.Reference()}
	for _, l := range ls {
		k, ok := r.index[l.metric]
		switch {
		case !ok:
			c.cells = append(c.cells, missingCell)
		case l.net:
			c.cells = append(c.cells, "")
		default:
			c.cells = append(c.cells, diffCell(s.diffs[k], s.same[k], l.u))
		}
	}
	return c
}

// Table renders the report as terminal tables for a commissioner: flows,
// then stocks, caseloads and costs, each under a title line, with the
// footnotes below. Scenarios sit side by side, each after the first with
// its difference from the first.
func (r *Report) Table(w io.Writer) error {
	ew := &errWriter{w: w}
	for _, sec := range r.sections() {
		labels := column{header: ""}
		for _, l := range sec.lines {
			labels.cells = append(labels.cells, l.label)
		}
		for i, page := range paginate(labels, r.columns(sec.lines)) {
			title := sec.title
			if i > 0 {
				title += " (continued)"
			}
			fmt.Fprintln(ew, title)
			if err := renderTable(ew, page); err != nil {
				return err
			}
			fmt.Fprintln(ew)
		}
	}
	for _, f := range r.Footnotes() {
		fmt.Fprintln(ew, f)
	}
	if short := r.InShort(); len(short) > 0 {
		fmt.Fprintln(ew)
		for _, l := range short {
			fmt.Fprintln(ew, l)
		}
	}
	WriteNotes(ew, r.ScenarioNotes())
	return ew.err
}

// WriteNotes writes notes under a terminal table: a blank line, "Notes:"
// and each line indented; nothing when there are none. Every command that
// prints a table shows its scenarios' notes so.
func WriteNotes(w io.Writer, lines []string) error {
	if len(lines) == 0 {
		return nil
	}
	ew := &errWriter{w: w}
	fmt.Fprintln(ew, "\nNotes:")
	for _, n := range lines {
		fmt.Fprintln(ew, "  "+n)
	}
	return ew.err
}

// PlaceNotes are the lines shown under the table of a command of one
// scenario (sweep, sensitivity, size, trial, optimise), as ScenarioNotes
// are a run's: the real LA it is built for and what its parameters are
// fitted to, then its notes, each once.
func PlaceNotes(place string, notes []string) []string {
	return report.NotesOf([]string{""}, []string{place}, [][]string{notes})
}

// ScenarioNotes are the lines the terminal shows under the table: the
// real LA each scenario is built for and what its parameters are fitted
// to ("Local authority: ..."), then each scenario's notes (what la.area,
// la.figures_file and la.schools_file set; warnings about its outputs).
// A line every scenario shares is shown once; one that only some have
// names them first.
func (r *Report) ScenarioNotes() []string {
	names, places, notes := make([]string, len(r.scen)), make([]string, len(r.scen)), make([][]string, len(r.scen))
	for i, s := range r.scen {
		names[i], places[i], notes[i] = s.name, s.place, s.notes
	}
	return report.NotesOf(names, places, notes)
}

// paginate lays the columns out in tables no wider than maxTableWidth,
// repeating the labels and the reference on each; a scenario is never
// split from its difference column.
func paginate(labels column, cols []column) [][]column {
	if len(cols) == 0 {
		return [][]column{{labels}}
	}
	base := []column{labels, cols[0]}
	baseWidth := 1 + width(labels) + width(cols[0])
	pages := [][]column{append([]column(nil), base...)}
	used := baseWidth
	for i := 1; i+1 < len(cols); i += 2 {
		w := width(cols[i]) + width(cols[i+1])
		last := len(pages) - 1
		if len(pages[last]) > len(base) && used+w > maxTableWidth {
			pages = append(pages, append([]column(nil), base...))
			last, used = last+1, baseWidth
		}
		pages[last] = append(pages[last], cols[i], cols[i+1])
		used += w
	}
	return pages
}

// width is the display width of a column with its padding and border;
// every character used is one cell wide.
func width(c column) int {
	w := utf8.RuneCountInString(c.header)
	for _, s := range c.cells {
		w = max(w, utf8.RuneCountInString(s))
	}
	return w + 3
}

func renderTable(w io.Writer, cols []column) error {
	header := make([]string, len(cols))
	for j, c := range cols {
		header[j] = c.header
	}
	rows := make([][]string, len(cols[0].cells))
	for i := range rows {
		rows[i] = make([]string, len(cols))
		for j, c := range cols {
			rows[i][j] = c.cells[i]
		}
	}
	return RenderRows(w, header, rows)
}

// RenderRows renders a table in the style of the report: the first
// column (labels) aligned left, the others (numbers) right.
func RenderRows(w io.Writer, header []string, rows [][]string) error {
	aligns := []tw.Align{tw.AlignLeft}
	for range header[1:] {
		aligns = append(aligns, tw.AlignRight)
	}
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithTrimSpace(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: aligns}),
	)
	t.Header(header)
	for _, row := range rows {
		if err := t.Append(row); err != nil {
			return err
		}
	}
	return t.Render()
}

// Plural is n and a noun, plural unless n is 1 ("1 replication", "3
// stray files").
func Plural(n int, noun string) string { return report.Plural(n, noun) }

// errWriter keeps the first write error so that the many small writes
// need not each be checked.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

// Footnotes explains the tables; Table prints them under the tables.
func (r *Report) Footnotes() []string {
	notes := []string{
		"Flows are annual totals; rates are per 10,000 children aged 0–17 a year.",
		"Stocks are at the census week (31 March), averaged over the measured years.",
		"Brackets: 95% interval for the mean over replications (Student t).",
		"Statutory caseloads are children per FTE, school-based caseloads families per FTE, over the measured weeks; costs are £m a year.",
		"Cost: total is the sum of the cost rows above it (statutory social workers: every statutory post at full employment cost, agency cover included).",
	}
	if len(r.scen) > 1 {
		ref := r.Reference()
		notes = append(notes,
			"Δ vs "+ref+": the difference from "+ref+", paired replication by replication (common random numbers);",
			"  shares of weeks differ in percentage points (pp).",
			"Net cost vs "+ref+": the paired difference in total cost; negative is a saving.")
	}
	switch n := r.minReplications(); {
	case n == 1:
		notes = append(notes, "intervals need at least 2 replications; 1 replication was run")
	case n < 2:
		notes = append(notes, "intervals need at least 2 replications; none were run")
	case n < RoughBelow:
		notes = append(notes, "* fewer than 10 replications: intervals are rough")
	}
	return notes
}
