package results

import (
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
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

func flowLines() []line {
	flows := []struct{ label, metric string }{
		{"Referrals (all)", "referrals"},
		{"Referrals from schools", "referrals_school"},
		{"Referrals from other sources", "referrals_other"},
		{"Section 17 assessments", "s17_assessments"},
		{"Section 47 enquiries", "s47_enquiries"},
		{"Initial child protection conferences", "icpcs"},
		{"Child protection plans started", "cp_plan_starts"},
		{"Child in need plans started", "cin_plan_starts"},
		{"Care entries", "care_entries"},
		{"Re-referrals", "rereferrals"},
	}
	var ls []line
	for _, f := range flows {
		ls = append(ls, line{label: f.label, metric: f.metric, u: count},
			line{label: "  per 10,000 children", metric: f.metric + "_per_10k", u: rate})
	}
	return ls
}

func (r *Report) stockLines() []line {
	ls := []line{
		{label: "Children in need at 31 March", metric: "cin_stock", u: count},
		{label: "  per 10,000 children", metric: "cin_stock_per_10k", u: rate},
		{label: "Child protection plans at 31 March", metric: "cp_stock", u: count},
		{label: "  per 10,000 children", metric: "cp_stock_per_10k", u: rate},
		{label: "Children looked after at 31 March", metric: "cla_stock", u: count},
		{label: "  per 10,000 children", metric: "cla_stock_per_10k", u: rate},
		{label: "Statutory caseload per FTE, mean", metric: "statutory_caseload_mean", u: rate},
		{label: "Statutory caseload per FTE, 95th centile", metric: "statutory_caseload_p95", u: rate},
		{label: "Weeks with statutory caseload over cap", metric: "statutory_weeks_over_cap", u: percent},
		{label: "School-based caseload per FTE, mean", metric: "school_worker_caseload_mean", u: rate},
		{label: "School-based caseload per FTE, 95th centile", metric: "school_worker_caseload_p95", u: rate},
		{label: "Weeks with school-based workers at full caps", metric: "school_worker_weeks_full", u: percent},
		{label: "School-based workers (FTE)", metric: "school_worker_fte", u: rate},
		{label: "Schools covered", metric: "schools_covered", u: count},
		{label: "Cost: school-based workforce", metric: "cost_school_workforce", u: money},
		{label: "Cost: statutory social work", metric: "cost_statutory", u: money},
		{label: "Cost: early help", metric: "cost_early_help", u: money},
		{label: "Cost: care", metric: "cost_care", u: money},
		{label: "Cost: total", metric: "cost_total", u: money},
	}
	if len(r.scen) > 1 {
		ls = append(ls, line{label: "Net cost vs " + r.Reference(), metric: "cost_total", u: money, net: true})
	}
	return ls
}

func (r *Report) sections() []section {
	over := "mean [95% interval] over " + plural(r.minReplications(), "replication")
	return []section{
		{"Flows a year: " + over, flowLines()},
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
	return ew.err
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

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

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
	case n < roughBelow:
		notes = append(notes, "* fewer than 10 replications: intervals are rough")
	}
	return notes
}
