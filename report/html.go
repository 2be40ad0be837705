package report

import (
	"bytes"
	"html"
	"html/template"
)

func htmlEscape(s string) string { return html.EscapeString(s) }

type pageChart struct {
	Name, Title, Caption string
	SVG                  template.HTML
}

type pageTable struct {
	Title, Note string
	Header      []string
	TextCol     []bool // columns of words, aligned left
	Rows        [][]cell
	More        int // rows left to the workbook
}

type page struct {
	Title    string
	Summary  []string
	Notes    []string
	Charts   []pageChart
	Tables   []pageTable
	Run      [][2]string
	Glossary [][2]string
	Files    bool
	Method   []string  // how the figures were made
	ByLA     []laNotes // notes under each LA's name
}

// html renders the page: one file with its style sheet and charts inside,
// that fetches nothing.
func (d *doc) html(svgs [][]byte) ([]byte, error) {
	p := page{Title: d.title, Summary: d.summary, Notes: d.notes, Run: d.run, Glossary: glossary, Method: d.method, ByLA: d.byLA}
	for i, c := range d.charts {
		p.Charts = append(p.Charts, pageChart{Name: c.name, Title: c.title, Caption: c.caption, SVG: template.HTML(inline(svgs[i], c.title))})
	}
	for _, t := range d.tables {
		if t.pageRows < 0 {
			continue
		}
		rows := t.rows
		if t.pageRows > 0 && t.pageRows < len(rows) {
			rows = rows[:t.pageRows]
		}
		text := make([]bool, len(t.header))
		for j := range text {
			text[j] = len(rows) > 0 && j < len(rows[0]) && !rows[0][j].isNum
		}
		p.Tables = append(p.Tables, pageTable{Title: t.title, Note: t.note, Header: t.header, TextCol: text, Rows: rows, More: len(t.rows) - len(rows)})
	}
	var b bytes.Buffer
	if err := pageTemplate.Execute(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
:root { --ink: #1d1d1f; --muted: #5a5a5f; --rule: #d8d8dc; --band: #f4f5f7; --accent: #0072b2; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 "Liberation Sans", Arial, Helvetica, sans-serif; }
main { max-width: 74rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.3rem; margin: 2.5rem 0 .75rem; padding-top: .5rem; border-top: 2px solid var(--ink); }
h3 { font-size: 1.05rem; margin: 1.75rem 0 .4rem; }
p, li { max-width: 46rem; }
.summary { max-width: 60rem; background: var(--band); border-left: 4px solid var(--accent); padding: .75rem 1rem; margin: 0 0 1rem; }
.summary ul { margin: 0; padding-left: 1.2rem; }
.summary li { margin: .35rem 0; }
.note { color: var(--muted); font-size: .9rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; font-size: .95rem; }
a { color: var(--accent); }
figure { margin: 1.5rem 0 2rem; break-inside: avoid; page-break-inside: avoid; }
.plot { overflow-x: auto; -webkit-overflow-scrolling: touch; }
svg.chart { display: block; width: 100%; height: auto; max-width: 48rem; }
svg.chart text { font-family: "Liberation Sans", Arial, Helvetica, sans-serif !important; }
figcaption { font-size: .9rem; color: var(--muted); margin-top: .4rem; max-width: 46rem; }
.scroll { display: inline-block; max-width: 100%; overflow-x: auto; -webkit-overflow-scrolling: touch; border: 1px solid var(--rule); margin: .5rem 0 .5rem; vertical-align: top; }
table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; }
th, td { padding: .3rem .55rem; border-bottom: 1px solid var(--rule); text-align: right; white-space: nowrap; vertical-align: top; }
th { background: var(--band); font-weight: 600; position: sticky; top: 0; white-space: normal; min-width: 5.5rem; max-width: 11rem; vertical-align: bottom; }
th:first-child, td:first-child { text-align: left; position: sticky; left: 0; background: #fff; }
th:first-child { background: var(--band); z-index: 1; }
td.text, th.text { text-align: left; }
dl.run { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; font-size: .9rem; }
dl.run dt { font-weight: 600; }
dl.run dd { margin: 0; overflow-wrap: anywhere; }
dl.glossary dt { font-weight: 600; margin-top: .6rem; }
dl.glossary dd { margin: 0 0 0 1rem; max-width: 44rem; }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  main { padding: 1rem .5rem 2rem; }
  h1 { font-size: 1.35rem; }
  dl.run { grid-template-columns: 1fr; }
  dl.run dd { margin-bottom: .4rem; }
}
@media print {
  @page { size: A4; margin: 15mm 12mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-before: page; page-break-before: always; }
  h2.first { break-before: auto; page-break-before: auto; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .scroll { overflow: visible; border: 0; }
  table { font-size: 7.5pt; }
  th, td { padding: .15rem .3rem; white-space: normal; }
  th { position: static; }
  th:first-child, td:first-child { position: static; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  svg.chart { max-width: 100%; min-width: 0; }
  .plot { overflow: visible; }
  a { color: inherit; text-decoration: none; }
}
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
<section class="summary" aria-label="Summary">
<ul>
{{- range .Summary}}
<li>{{.}}</li>
{{- end}}
</ul>
</section>
{{- range .Notes}}
<p class="note">{{.}}</p>
{{- end}}
<nav aria-label="Contents"><ul>{{if .Charts}}<li><a href="#charts">Charts</a></li>{{end}}{{if .Tables}}<li><a href="#tables">Tables</a></li>{{end}}{{if .ByLA}}<li><a href="#by-la">Notes, by LA</a></li>{{end}}{{if .Method}}<li><a href="#method">Method</a></li>{{end}}<li><a href="#run">What was run</a></li><li><a href="#terms">Terms</a></li></ul></nav>
{{- if .Charts}}
<h2 id="charts" class="first">Charts</h2>
{{- range .Charts}}
<figure id="chart-{{.Name}}">
<div class="plot">{{.SVG}}</div>
<figcaption>{{.Caption}} <a href="charts/{{.Name}}.png">PNG</a> · <a href="charts/{{.Name}}.svg">SVG</a></figcaption>
</figure>
{{- end}}
{{- end}}
{{- if .Tables}}
<h2 id="tables">Tables</h2>
{{- range .Tables}}
<h3>{{.Title}}</h3>
{{- if .Note}}
<p class="note">{{.Note}}</p>
{{- end}}
<div class="scroll"><table>
<thead><tr>{{$t := .}}{{range $j, $h := .Header}}<th scope="col"{{if index $t.TextCol $j}} class="text"{{end}}>{{$h}}</th>{{end}}</tr></thead>
<tbody>
{{- range .Rows}}
<tr>{{range .}}<td{{if not .IsNum}} class="text"{{end}}>{{.Text}}</td>{{end}}</tr>
{{- end}}
</tbody>
</table></div>
{{- if .More}}
<p class="note">{{.More}} more rows in results.xlsx.</p>
{{- end}}
{{- end}}
{{- end}}
{{- if .ByLA}}
<h2 id="by-la">Notes, by LA</h2>
{{- range .ByLA}}
<h3>{{.Title}}</h3>
<ul>
{{- range .Lines}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- end}}
{{- if .Method}}
<h2 id="method">Method</h2>
{{- range .Method}}
<p>{{.}}</p>
{{- end}}
{{- end}}
<h2 id="run">What was run</h2>
<dl class="run">
{{- range .Run}}
<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>
{{- end}}
</dl>
<p class="note">The same results as a workbook: <a href="results.xlsx">results.xlsx</a>. Rebuild this page, the charts and the workbook from the folder with <code>caseload report FOLDER</code>.</p>
<h2 id="terms">Terms</h2>
<dl class="glossary">
{{- range .Glossary}}
<dt>{{index . 0}}</dt><dd>{{index . 1}}</dd>
{{- end}}
</dl>
</main>
</body>
</html>
`))

// Text and IsNum let the template read cells.
func (c cell) Text() string { return c.text }
func (c cell) IsNum() bool  { return c.isNum }
