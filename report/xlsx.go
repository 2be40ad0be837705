package report

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Sheet names of the workbook that are not tables of the page.
const (
	sheetWeekly     = "Weekly"
	sheetAbout      = "About"
	sheetDictionary = "Data dictionary"
)

// weeklyWide are the series of the Weekly sheet, one column per scenario,
// with a native chart each.
var weeklyWide = []string{"referrals", "s47_enquiries", "care_entries", "statutory_caseload"}

// workbook lays the results out for spreadsheet users: the tables of the
// page with every row, the weekly series with real dates and native
// charts, how the results were made, and a data dictionary.
func (d *doc) workbook() ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	w := &book{x: x}
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	title, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	date := "yyyy-mm-dd"
	dateStyle, _ := x.NewStyle(&excelize.Style{CustomNumFmt: &date})
	w.bold, w.title, w.date = bold, title, dateStyle
	for _, t := range d.tables {
		if t.sheet == "" {
			continue
		}
		w.table(t.sheet, t.title, t.note, t.header, t.rows)
		if t.sheet == "Summary" && d.f.weekly != nil {
			w.weekly(d)
		}
	}
	w.charts(d)
	w.about(d)
	w.dictionary(d)
	if w.err != nil {
		return nil, fmt.Errorf("report: workbook: %w", w.err)
	}
	if err := x.DeleteSheet("Sheet1"); err != nil {
		return nil, err
	}
	x.SetActiveSheet(0)
	// fixed document dates, so that the same folder gives the same workbook
	// contents
	if err := x.SetDocProps(&excelize.DocProperties{Creator: "caseload", Created: "2025-01-01T00:00:00Z", Modified: "2025-01-01T00:00:00Z", Title: d.title}); err != nil {
		return nil, err
	}
	b, err := x.WriteToBuffer()
	if err != nil {
		return nil, err
	}
	return canonicalXLSX(b.Bytes())
}

// contentOverride is one entry of [Content_Types].xml: a default by
// file extension or an override for one part.
var contentOverride = regexp.MustCompile(`<(Default Extension|Override PartName)="[^"]*" ContentType="[^"]*"></(Default|Override)>`)

// canonicalXLSX rewrites a workbook so that the same content always gives
// the same bytes: the library lists the parts of [Content_Types].xml in an
// order that varies from one write to the next (it walks a map), so the
// entries are sorted (defaults before overrides, as the names sort); the archive keeps its order of entries and their fixed
// dates.
func canonicalXLSX(b []byte) ([]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if f.Name == "[Content_Types].xml" {
			parts := contentOverride.FindAllString(string(body), -1)
			rest := contentOverride.ReplaceAllString(string(body), "")
			slices.Sort(parts)
			at := strings.LastIndex(rest, "</Types>")
			if at < 0 {
				return nil, fmt.Errorf("results.xlsx: [Content_Types].xml has no </Types>")
			}
			body = []byte(rest[:at] + strings.Join(parts, "") + rest[at:])
		}
		h := f.FileHeader
		w, err := zw.CreateHeader(&zip.FileHeader{Name: h.Name, Method: zip.Deflate, Modified: h.Modified})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(body); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// numFormat is the Excel number format that shows a cell as the page
// does: pounds, percentages, or the page's number of decimals.
func numFormat(c cell) string {
	if !c.isNum || c.text == "" {
		return ""
	}
	t := strings.TrimLeft(c.text, "+−-")
	switch {
	case strings.HasPrefix(t, "£"):
		return `"£"#,##0`
	case strings.HasSuffix(t, "%"):
		return "0.0%"
	case strings.Contains(t, "e"), strings.Contains(t, "-") && len(t) == 10:
		return ""
	}
	if i := strings.IndexByte(t, '.'); i >= 0 {
		return "#,##0." + strings.Repeat("0", len(t)-i-1)
	}
	return "#,##0"
}

func (w *book) style(nf string) int {
	if id, ok := w.styles[nf]; ok {
		return id
	}
	id, err := w.x.NewStyle(&excelize.Style{CustomNumFmt: &nf})
	w.check(err)
	if w.styles == nil {
		w.styles = map[string]int{}
	}
	w.styles[nf] = id
	return id
}

type book struct {
	styles            map[string]int
	x                 *excelize.File
	err               error
	bold, title, date int
	sheets            []string
}

func (w *book) check(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

func (w *book) sheet(name string) string {
	if len(name) > 31 {
		name = name[:31]
	}
	if !slices.Contains(w.sheets, name) {
		_, err := w.x.NewSheet(name)
		w.check(err)
		w.sheets = append(w.sheets, name)
	}
	return name
}

func cellName(col, row int) string {
	n, _ := excelize.CoordinatesToCellName(col, row)
	return n
}

// table writes a title, a note, a header row and the rows from row 4,
// freezing the header and the first column.
func (w *book) table(sheet, title, note string, header []string, rows [][]cell) {
	s := w.sheet(sheet)
	w.check(w.x.SetCellValue(s, "A1", title))
	w.check(w.x.SetCellStyle(s, "A1", "A1", w.title))
	if note != "" {
		w.check(w.x.SetCellValue(s, "A2", note))
	}
	hdr := make([]any, len(header))
	for i, h := range header {
		hdr[i] = h
	}
	w.check(w.x.SetSheetRow(s, "A4", &hdr))
	w.check(w.x.SetCellStyle(s, "A4", cellName(len(header), 4), w.bold))
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, c := range r {
			if c.isNum {
				vals[j] = c.v
			} else {
				vals[j] = c.text
			}
		}
		w.check(w.x.SetSheetRow(s, cellName(1, 5+i), &vals))
	}
	// number formats as the page shows them (£, %, its decimals); the
	// cells keep their full values. The long weekly sheet keeps Excel's
	// general format.
	if len(rows) <= 5000 {
		for i, r := range rows {
			for j, c := range r {
				if nf := numFormat(c); nf != "" {
					w.check(w.x.SetCellStyle(s, cellName(j+1, 5+i), cellName(j+1, 5+i), w.style(nf)))
				}
			}
		}
	}
	for j, h := range header {
		if (h == "Week starting" || h == "Starts" || h == "Ends") && len(rows) > 0 {
			w.check(w.x.SetCellStyle(s, cellName(j+1, 5), cellName(j+1, 4+len(rows)), w.date))
		}
	}
	w.check(w.x.SetColWidth(s, "A", "A", 34))
	if len(header) > 1 {
		last, _ := excelize.ColumnNumberToName(len(header))
		w.check(w.x.SetColWidth(s, "B", last, 14))
	}
	w.check(w.x.SetPanes(s, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 4, TopLeftCell: "B5", ActivePane: "bottomRight"}))
}

// weekly writes the headline weekly series wide, one column per series
// and scenario (the mean over replications), with real dates, and a
// native line chart of each series.
func (w *book) weekly(d *doc) {
	f := d.f
	header := []string{"Week", "Week starting", "Financial year"}
	type colRef struct{ series, scenario string }
	var cols []colRef
	for _, s := range weeklyWide {
		for _, sc := range f.scenarios {
			if len(f.weekly[sc][s]) > 0 {
				cols = append(cols, colRef{s, sc})
				header = append(header, info(s).label+": "+sc)
			}
		}
	}
	n := 0
	for _, c := range cols {
		n = max(n, len(f.weekly[c.scenario][c.series]))
	}
	var rows [][]cell
	for k := range n {
		dt := d.cal.week(k + 1)
		r := []cell{numCell(float64(k+1), ""), {v: excelDate(dt), isNum: true}, txt(financialYear(dt))}
		for _, c := range cols {
			b := f.weekly[c.scenario][c.series]
			if k < len(b) {
				r = append(r, numCell(b[k].Mean, ""))
			} else {
				r = append(r, txt(""))
			}
		}
		rows = append(rows, r)
	}
	w.table(sheetWeekly, "Weekly series: mean over replications", "Each week's mean over replications, by the date the week starts. The 'Weekly (all)' sheet has every series with its quantiles.", header, rows)
	// one chart per series, below one another to the right of the data
	anchorCol, _ := excelize.ColumnNumberToName(len(header) + 2)
	for i, s := range weeklyWide {
		var series []excelize.ChartSeries
		for j, c := range cols {
			if c.series != s {
				continue
			}
			col, _ := excelize.ColumnNumberToName(4 + j)
			series = append(series, excelize.ChartSeries{
				Name:       fmt.Sprintf("'%s'!$%s$4", sheetWeekly, col),
				Categories: fmt.Sprintf("'%s'!$B$5:$B$%d", sheetWeekly, 4+n),
				Values:     fmt.Sprintf("'%s'!$%s$5:$%s$%d", sheetWeekly, col, col, 4+n),
				Marker:     excelize.ChartMarker{Symbol: "none"},
			})
		}
		if len(series) == 0 {
			continue
		}
		w.check(w.x.AddChart(sheetWeekly, fmt.Sprintf("%s%d", anchorCol, 4+18*i), &excelize.Chart{
			Type:   excelize.Line,
			Series: series,
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: info(s).label + " each week (" + weeklyUnit(s) + ")"}}},
			XAxis:  excelize.ChartAxis{NumFmt: excelize.ChartNumFmt{CustomNumFmt: "mmm yyyy"}, TickLabelSkip: 13},
			Legend: excelize.ChartLegend{Position: "bottom"},
			Format: excelize.GraphicOptions{ScaleX: 1.4, ScaleY: 1.1},
		}))
	}
}

// charts adds a native chart of the headline result of the exploring
// commands beside its table.
func (w *book) charts(d *doc) {
	for _, t := range d.tables {
		n := len(t.rows)
		if n == 0 {
			continue
		}
		ref := func(col int) string {
			c, _ := excelize.ColumnNumberToName(col)
			return fmt.Sprintf("'%s'!$%s$5:$%s$%d", t.sheet, c, c, 4+n)
		}
		name := func(col int) string {
			c, _ := excelize.ColumnNumberToName(col)
			return fmt.Sprintf("'%s'!$%s$4", t.sheet, c)
		}
		var ch *excelize.Chart
		switch {
		case t.sheet == "Size":
			ch = &excelize.Chart{Type: excelize.Line, Series: []excelize.ChartSeries{{Name: name(2), Categories: ref(1), Values: ref(2)}}}
		case t.sheet == "Sensitivity" && d.f.kind == KindOAT:
			ch = &excelize.Chart{Type: excelize.Bar, Series: []excelize.ChartSeries{{Name: name(10), Categories: ref(1), Values: ref(10)}}}
		case t.sheet == "Sensitivity" && d.f.kind == KindMorris:
			ch = &excelize.Chart{Type: excelize.Bar, Series: []excelize.ChartSeries{{Name: name(2), Categories: ref(1), Values: ref(2)}, {Name: name(6), Categories: ref(1), Values: ref(6)}}}
		case t.sheet == "Sensitivity" && d.f.kind == KindSobol:
			ch = &excelize.Chart{Type: excelize.Bar, Series: []excelize.ChartSeries{{Name: name(2), Categories: ref(1), Values: ref(2)}, {Name: name(5), Categories: ref(1), Values: ref(5)}}}
		case t.sheet == "Calibration":
			ch = &excelize.Chart{Type: excelize.Bar, Series: []excelize.ChartSeries{{Name: name(3), Categories: ref(1), Values: ref(3)}, {Name: name(4), Categories: ref(1), Values: ref(4)}}}
		case t.sheet == "Sweep":
			ch = &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{{Name: name(len(t.header) - 14), Categories: ref(1), Values: ref(len(t.header) - 14)}}}
		case t.sheet == "Trials":
			irr, tr := slices.Index(t.header, "irr")+1, slices.Index(t.header, "true_irr")+1
			if irr > 0 && tr > 0 {
				ch = &excelize.Chart{Type: excelize.Scatter, Series: []excelize.ChartSeries{{Name: name(irr), Categories: ref(tr), Values: ref(irr), Marker: excelize.ChartMarker{Symbol: "circle"}, Line: excelize.LineOptions{Width: 0}}}}
			}
		}
		if ch == nil {
			continue
		}
		ch.Title = excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: t.title}}}
		ch.Legend = excelize.ChartLegend{Position: "bottom"}
		ch.Format = excelize.GraphicOptions{ScaleX: 1.3, ScaleY: 1.2}
		col, _ := excelize.ColumnNumberToName(len(t.header) + 2)
		w.check(w.x.AddChart(t.sheet, col+"4", ch))
	}
}

// about writes the summary in words, the notes and what was run.
func (w *book) about(d *doc) {
	s := w.sheet(sheetAbout)
	w.check(w.x.SetCellValue(s, "A1", d.title))
	w.check(w.x.SetCellStyle(s, "A1", "A1", w.title))
	row := 3
	put := func(a, b string) {
		w.check(w.x.SetCellValue(s, cellName(1, row), a))
		if b != "" {
			w.check(w.x.SetCellValue(s, cellName(2, row), b))
		}
		row++
	}
	for _, line := range d.summary {
		put(line, "")
	}
	for _, line := range d.method {
		put(line, "")
	}
	for _, line := range d.notes {
		put(line, "")
	}
	row++
	put("What was run", "")
	w.check(w.x.SetCellStyle(s, cellName(1, row-1), cellName(1, row-1), w.bold))
	for _, kv := range d.run {
		put(kv[0], kv[1])
	}
	w.check(w.x.SetColWidth(s, "A", "A", 28))
	w.check(w.x.SetColWidth(s, "B", "B", 90))
}

// dictionary explains every sheet, column, metric and term.
func (w *book) dictionary(d *doc) {
	var rows [][]cell
	add := func(a, b, c, e string) { rows = append(rows, []cell{txt(a), txt(b), txt(c), txt(e)}) }
	for _, t := range d.tables {
		if t.sheet == "" {
			continue
		}
		add(t.sheet, "", t.title+". "+t.note, "")
		for _, h := range t.header {
			add(t.sheet, h, columnMeaning(h), "")
		}
	}
	if d.f.weekly != nil {
		add(sheetWeekly, "", "The headline weekly series, one column per series and scenario, with native charts.", "")
	}
	add(sheetAbout, "", "The summary in words and what was run (scenario, evidence set, seed, replications, version).", "")
	seen := map[string]bool{}
	for _, m := range append(slices.Clone(d.f.metrics), d.f.series...) {
		if seen[m] {
			continue
		}
		seen[m] = true
		in := info(m)
		add("metric", m, in.label, in.unit)
	}
	for _, g := range glossary {
		add("term", g[0], g[1], "")
	}
	w.table(sheetDictionary, "Data dictionary", "Every sheet and column of this workbook, the metrics and series by their keys, and the terms used.", []string{"Sheet", "Column or key", "Meaning", "Unit"}, rows)
	w.check(w.x.SetColWidth(sheetDictionary, "A", "B", 28))
	w.check(w.x.SetColWidth(sheetDictionary, "C", "C", 90))
	w.check(w.x.SetColWidth(sheetDictionary, "D", "D", 28))
}

func columnMeaning(h string) string {
	switch {
	case strings.HasSuffix(h, "95% low"):
		return "lower end of the 95% interval"
	case strings.HasSuffix(h, "95% high"):
		return "upper end of the 95% interval"
	case strings.Contains(h, " − "):
		return "paired difference from the first scenario (mean over replications)"
	case strings.HasSuffix(h, ": mean"):
		return "mean over replications"
	case h == "Week starting":
		return "the Monday each measured week starts (calendar.start_date)"
	case h == "Financial year":
		return "April to March, by the date the week starts"
	case h == "Metric":
		return "the metric in plain words"
	case h == "Unit":
		return "the unit of the row's values"
	case h == "Key":
		return "the metric's name in the CSV files and in --metric and --target"
	case h == "Low" || h == "High":
		return "lower or upper end of the range the last column names: a 95% interval, or the middle 95% of the trials"
	case h == "Low to high":
		return "what Low and High span: the 95% interval of a proportion, or the middle 95% of the trials' values (a spread, not an interval)"
	}
	return h
}
