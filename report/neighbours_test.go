package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/outdir"
	"github.com/caseload/caseload/sim"
)

// nbLAs are the LAs of the neighbours fixture: the LA, then three
// neighbours, nearest first.
var nbLAs = [][2]string{{"E08000029", "Solihull"}, {"E08000007", "Stockport"}, {"E06000050", "Cheshire West and Chester"}, {"E10000031", "Warwickshire"}}

// neighboursFolder writes a small compare --neighbours folder as the
// command writes it (report.NeighbourColumns, manifest.json with a
// baseline and a deployment for each LA), with made-up figures: the
// first neighbour's referrals fall clear of 0, the second's rise.
func neighboursFolder(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "nb")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(strings.Join(NeighbourColumns(), ",") + "\n")
	man := outdir.Manifest{Kind: KindNeighbours, Sets: []string{"la.area=Solihull"}, Seed: 7, Reps: 4, Years: 1, Version: "v0 (test)", GoVersion: "go1",
		Extra: map[string]string{"la": nbLAs[0][0], "baseline": "scenarios/baseline.yaml", "deployment": "scenarios/embedded.yaml"}}
	for k, la := range nbLAs {
		children := 40000 * (k + 1)
		fmt.Fprintf(&b, "%s,%s,%s,%d,5.0000,%.4f", la[0], la[1], NeighbourRole(k), children, 5e4/float64(children))
		for i := range NeighbourMetrics {
			mean := -0.5 + 0.1*float64(i) + 0.2*float64(k)
			lo, hi := mean-0.4, mean+0.4
			if i == 0 && k == 1 {
				lo, hi = -1.2, -0.2
			}
			if i == 0 && k == 2 {
				mean, lo, hi = 0.5, 0.1, 0.9
			}
			fmt.Fprintf(&b, ",%.4f,%.4f,%.4f,%.4f,%.4f", 100*float64(i+1), mean, lo, hi, mean/float64(i+1))
		}
		fmt.Fprintf(&b, ",%.4f,%.4f,%.4f\n", 300000+1e4*float64(k), 200000.0, 400000+1e4*float64(k))
		for _, name := range []string{"baseline", "embedded"} {
			man.Scenarios = append(man.Scenarios, outdir.ManifestScenario{Name: la[1] + ": " + name, File: "scenarios/" + name + ".yaml",
				Config: map[string]any{"effects": map[string]any{"evidence": "trial"}, "calendar": map[string]any{"start_date": "2025-09-01"}},
				Place:  la[1] + " (" + la[0] + "), a real local authority",
				Notes:  []string{fmt.Sprintf(`la.area %q (--set): %s has note %d`, la[0], la[1], k)}})
		}
	}
	mb, err := json.Marshal(man)
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{"manifest.json": string(mb), NeighboursCSV: b.String(), NeighboursMD: "# Solihull\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// A compare --neighbours folder gets a page with a headline, a chart per
// figure and the cost with every LA (the LA first, shaded), the summary
// of where the LA lies among its neighbours, the table, each LA's notes
// and the method; and a workbook of the same.
func TestNeighboursReport(t *testing.T) {
	dir := neighboursFolder(t)
	page := buildPage(t, dir)
	for _, w := range []string{
		"<title>Solihull and its statistical neighbours: embedded against baseline</title>",
		"in Solihull and in each of its 3 statistical neighbours", "over 4 replications, seed 7; evidence set trial",
		"neighbours&#39; median", "1 of 3 fall, 1 rise (95% intervals clear of 0)", "0 of 3 cost less, 3 cost more",
		"common random numbers", "DfE&#39;s children&#39;s services statistical neighbours model", "(this run has 3 of them)", "95% interval",
		"Notes, by LA", "Stockport has note 1", "Local authority: Warwickshire (E10000031), a real local authority",
		"The deployment&#39;s effect in each LA",
	} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	if strings.Contains(page, "la.area &#34;") {
		t.Error("a note keeps the origin that names its LA again")
	}
	for _, bad := range []string{"<script", "<link", "<img", "http://", "https://"} {
		if strings.Contains(strings.ToLower(page), bad) {
			t.Errorf("page holds %q", bad)
		}
	}
	// the table lists the LAs in order, the LA first
	table := page[strings.Index(page, "<table>"):]
	last := -1
	for _, la := range nbLAs {
		i := strings.Index(table, "<td class=\"text\">"+htmlEscape(la[1])+"</td>")
		if i < 0 || i < last {
			t.Errorf("table: %s at %d, after %d", la[1], i, last)
		}
		last = i
	}
	for _, m := range append(slices.Clone(NeighbourMetrics), "cost_total") {
		fig := regexp.MustCompile(`(?s)<figure id="chart-neighbours-` + m + `">.*?</figure>`).FindString(page)
		if fig == "" {
			t.Errorf("no chart of %s", m)
			continue
		}
		// each LA labelled, the LA on top (drawn last, nearest the top)
		for _, la := range nbLAs {
			if !strings.Contains(fig, htmlEscape(la[1])) {
				t.Errorf("chart of %s lacks %s", m, la[1])
			}
		}
		if !strings.Contains(fig, "Solihull (the LA)") || !strings.Contains(fig, "Stockport (neighbour 1)") {
			t.Errorf("chart of %s: rows not labelled with their roles", m)
		}
		for _, ext := range []string{".svg", ".png"} {
			if _, err := os.Stat(filepath.Join(dir, ChartsDir, "neighbours-"+m+ext)); err != nil {
				t.Error(err)
			}
		}
	}
	x, err := excelize.OpenFile(filepath.Join(dir, WorkbookFile))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if got, want := x.GetSheetList(), []string{"Neighbours", "Notes by LA", "About", "Data dictionary"}; !slices.Equal(got, want) {
		t.Errorf("sheets %v, want %v", got, want)
	}
	for ref, want := range map[string]string{"A5": "E08000029", "B8": "Warwickshire", "C6": "neighbour 1", "B4": "Local authority", "D4": "Caution (†)", "D8": "", "E4": "Children"} {
		if got, _ := x.GetCellValue("Neighbours", ref); got != want {
			t.Errorf("Neighbours!%s = %q, want %q", ref, got, want)
		}
	}
}

// The chart of a figure shades the LA's row and draws a dashed line at 0.
func TestNeighbourChart(t *testing.T) {
	f, err := open(neighboursFolder(t))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := f.neighbourChart(0)
	if !ok {
		t.Fatal("no chart")
	}
	svg, err := c.svg()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(svg, []byte("stroke-dasharray")) {
		t.Error("no dashed line at 0")
	}
	// the shaded band, the LA's label and its interval (in the LA's
	// colour) lie on one row
	band := regexp.MustCompile(`d="M[0-9.]+,([0-9.]+)L[0-9.]+,[0-9.]+L[0-9.]+,([0-9.]+)L[^"]*" style="fill:#0071B1;fill-opacity:0.13`).FindSubmatch(svg)
	label := regexp.MustCompile(`y="-([0-9.]+)" transform="scale\(1, -1\)"\s+style="[^"]*">Solihull \(the LA\)</text>`).FindSubmatch(svg)
	line := regexp.MustCompile(`d="M[0-9.]+,([0-9.]+)L[0-9.]+,[0-9.]+" style="fill:none;stroke:#0072B2;stroke-width:2"`).FindSubmatch(svg)
	if band == nil || label == nil || line == nil {
		t.Fatalf("the LA's row: band %q, label %q, interval %q", band, label, line)
	}
	y0, y1 := num(string(band[1])), num(string(band[2]))
	for what, y := range map[string]float64{"label": num(string(label[1])), "interval": num(string(line[1]))} {
		if y < y0 || y > y1 {
			t.Errorf("the LA's %s at %g, outside its shaded row %g to %g", what, y, y0, y1)
		}
	}
	if n := len(c.p.Y.Tick.Marker.Ticks(c.p.Y.Min, c.p.Y.Max)); n != len(nbLAs) {
		t.Errorf("%d rows, want %d", n, len(nbLAs))
	}
	// rows from the bottom: the last neighbour first, the LA on top
	if ticks := c.p.Y.Tick.Marker.Ticks(c.p.Y.Min, c.p.Y.Max); ticks[len(ticks)-1].Label != "Solihull (the LA)" || ticks[0].Label != "Warwickshire (neighbour 3)" {
		t.Errorf("rows %v: want the LA on top and the furthest neighbour at the bottom", ticks)
	}
}

// A damaged neighbours folder is refused as not a results folder,
// naming the file, the line or key and the value, and nothing is
// written.
func TestNeighboursHostile(t *testing.T) {
	edit := func(name, old, new string) func(t *testing.T, dir string) {
		return func(t *testing.T, dir string) {
			p := filepath.Join(dir, name)
			b, _ := os.ReadFile(p)
			if !bytes.Contains(b, []byte(old)) {
				t.Fatalf("%s lacks %q", name, old)
			}
			os.WriteFile(p, bytes.Replace(b, []byte(old), []byte(new), 1), 0o644)
		}
	}
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		file   string
		want   []string
	}{
		{"truncated", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, NeighboursCSV))
			os.WriteFile(filepath.Join(dir, NeighboursCSV), b[:len(b)/2], 0o644)
		}, NeighboursCSV, []string{"cut short"}},
		{"ragged", func(t *testing.T, dir string) {
			appendLine(t, filepath.Join(dir, NeighboursCSV), "E09000001,City,neighbour 4")
		}, NeighboursCSV, []string{"same number of fields"}},
		{"column missing", edit(NeighboursCSV, "cla_stock_change_low", "cla_stock_change_lo"), NeighboursCSV, []string{`no column "cla_stock_change_low"`}},
		{"not a number", edit(NeighboursCSV, "5.0000,", "five,"), NeighboursCSV, []string{"line 2", "column school_worker_fte", `value "five"`, "expected a number"}},
		{"interval not a number", edit(NeighboursCSV, ",-0.9000,", ",NaN,"), NeighboursCSV, []string{"line 2", "column referrals_change_low", `value "NaN"`, "expected a number from -1e12 to 1e12 or nothing"}},
		{"a change beyond any LA's", edit(NeighboursCSV, ",-0.5000,-0.9000,-0.1000,", ",-1e308,-1e308,-0.1000,"), NeighboursCSV, []string{"line 2", "column referrals_change_per_10k", `value "-1e308"`, "expected a number from -1e12 to 1e12"}},
		{"workers negative", edit(NeighboursCSV, ",5.0000,", ",-5.0000,"), NeighboursCSV, []string{"line 2", "column school_worker_fte", `value "-5.0000"`, "expected a number from 0 to 1e12"}},
		{"interval without its mean", edit(NeighboursCSV, ",-0.5000,-0.9000,-0.1000,", ",-0.5000,-0.1000,-0.9000,"), NeighboursCSV, []string{"line 2", "columns referrals_change_low, referrals_change_per_10k and referrals_change_high", `values "-0.1000", "-0.5000" and "-0.9000"`, "expected a 95% interval that holds its mean"}},
		{"interval with one end", edit(NeighboursCSV, ",-0.5000,-0.9000,-0.1000,", ",-0.5000,,-0.1000,"), NeighboursCSV, []string{"line 2", `values "", "-0.5000" and "-0.1000"`, "or empty at both ends"}},
		{"more children than England", edit(NeighboursCSV, ",40000,", ",99999999999,"), NeighboursCSV, []string{"line 2", "column children", `value "99999999999"`, "from 1 to England's"}},
		{"children not whole", edit(NeighboursCSV, ",40000,", ",4e4x,"), NeighboursCSV, []string{"line 2", "column children", `value "4e4x"`, "whole number"}},
		{"LAs out of order", edit(NeighboursCSV, "neighbour 2", "neighbour 7"), NeighboursCSV, []string{"line 4", "column role", `value "neighbour 7"`, `expected "neighbour 2"`}},
		{"an LA twice", edit(NeighboursCSV, "E10000031", "E08000007"), NeighboursCSV, []string{"line 5", `la_code: value "E08000007" again (line 3)`}},
		{"no rows", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, NeighboursCSV), []byte(strings.Join(NeighbourColumns(), ",")+"\n"), 0o644)
		}, NeighboursCSV, []string{"no rows"}},
		{"no table", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, NeighboursCSV)) }, "", []string{"compare-neighbours manifest but no neighbours.csv"}},
		{"manifest of another command", edit("manifest.json", `"kind":"compare-neighbours"`, `"kind":"run"`), "", []string{"run manifest but no summary.csv", "holds neighbours.csv", `expected manifest.json's kind "compare-neighbours"`}},
		{"manifest of another LA", edit("manifest.json", `"la":"E08000029"`, `"la":"E08000007"`), "manifest.json", []string{"key extra.la", `value "E08000007"`, `expected "E08000029"`}},
		{"manifest without replications", edit("manifest.json", `"reps":4`, `"reps":0`), "manifest.json", []string{"key reps", "value 0"}},
		{"manifest short of scenarios", edit("manifest.json", `{"name":"Warwickshire: embedded"`, `{"name":"Warwickshire: embedded","x":[]},{"name":"more"`), "manifest.json", []string{"key scenarios", "9 entries", "expected 8"}},
		{"manifest's LAs out of order", edit("manifest.json", `"name":"Stockport: baseline"`, `"name":"Kent: baseline"`), "manifest.json", []string{"key scenarios[2].name", `value "Kent: baseline"`, `expected "Stockport: "`}},
		{"manifest truncated", func(t *testing.T, dir string) {
			b, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
			os.WriteFile(filepath.Join(dir, "manifest.json"), b[:len(b)/2], 0o644)
		}, "manifest.json", []string{"unexpected end"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := neighboursFolder(t)
			tc.damage(t, dir)
			before := listing(t, filepath.Dir(dir))
			err := Build(dir)
			if !errors.Is(err, ErrNotResults) {
				t.Fatalf("Build: %v, want ErrNotResults", err)
			}
			want := append([]string{filepath.Join(dir, tc.file)}, tc.want...)
			for _, w := range want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
			if after := listing(t, filepath.Dir(dir)); !slices.Equal(before, after) {
				t.Errorf("the folder changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

// A neighbours.csv saved again by a spreadsheet, with a byte-order mark
// and CRLF line ends, gives the same page.
func TestNeighboursSavedBySpreadsheet(t *testing.T) {
	want := buildPage(t, neighboursFolder(t))
	dir := neighboursFolder(t)
	p := filepath.Join(dir, NeighboursCSV)
	b, _ := os.ReadFile(p)
	os.WriteFile(p, append([]byte("\ufeff"), bytes.ReplaceAll(b, []byte("\n"), []byte("\r\n"))...), 0o644)
	if got := buildPage(t, dir); got != want {
		t.Error("the page differs")
	}
}

// The neighbours' median and range are written to the precision of their
// own range, not to that of the LA's interval: a small LA's wide interval
// had rounded them to whole numbers (+1 for +0.5).
func TestNeighboursSummaryPrecision(t *testing.T) {
	dir := neighboursFolder(t)
	p := filepath.Join(dir, NeighboursCSV)
	b, _ := os.ReadFile(p)
	os.WriteFile(p, bytes.Replace(b, []byte(",-0.5000,-0.9000,-0.1000,"), []byte(",-0.5000,-60.0000,59.0000,"), 1), 0o644)
	page := buildPage(t, dir)
	if w := "Solihull −1 [−60 to &#43;59]; neighbours&#39; median &#43;0.10, from −0.30 to &#43;0.50;"; !strings.Contains(page, w) {
		t.Errorf("page lacks %q", w)
	}
}

// SpreadOf gives the median (the mean of the middle two of an even
// number), the range and the changes clear of 0 either way.
func TestSpreadOf(t *testing.T) {
	s := SpreadOf([]float64{3, -1, 2, 0}, []float64{1, -2, -1, -0.5}, []float64{4, -0.5, 3, 0.5})
	if s.Median != 1 || s.Min != -1 || s.Max != 3 || s.Fall != 1 || s.Rise != 1 || s.N != 4 {
		t.Errorf("%+v", s)
	}
	if s := SpreadOf([]float64{2, 5, 1}, []float64{0, 0, 0}, []float64{3, 6, 2}); s.Median != 2 || s.Fall != 0 || s.Rise != 0 {
		t.Errorf("%+v", s)
	}
}

// An LA whose notes say its fit leaves a figure out of reach or took
// values far from England's (sim.CautionNote) is marked † in the charts
// and the table, and the page says what the mark means; the others are
// not marked, and a folder with no such LA has no key.
func TestNeighboursCaution(t *testing.T) {
	dir := neighboursFolder(t)
	if page := buildPage(t, dir); strings.Contains(page, "†") {
		t.Error("a folder with no LA to take care over has a mark")
	}
	dir = neighboursFolder(t)
	path := filepath.Join(dir, "manifest.json")
	var man outdir.Manifest
	mb, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(mb, &man); err != nil {
		t.Fatal(err)
	}
	far := sim.FarNotes(sim.LAFit{Onset: 1, Conversion: 1, CPLength: 1, CareEntry: 8, CareLeave: 10}, dfe.LAs().Targets(dfe.LAs().LAs[0]), dfe.LAs().Targets(dfe.LAs().England), 50000)
	if len(far) != 1 {
		t.Fatalf("FarNotes: %q", far)
	}
	for k := range man.Scenarios {
		if strings.HasPrefix(man.Scenarios[k].Name, "Warwickshire: ") {
			man.Scenarios[k].Notes = append(man.Scenarios[k].Notes, `la.area "Warwickshire" (--set): `+far[0])
		}
	}
	if mb, err = json.Marshal(man); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, mb, 0o644); err != nil {
		t.Fatal(err)
	}
	page := buildPage(t, dir)
	for _, w := range []string{"Warwickshire (neighbour 3)" + CautionMark, `<td class="text">Warwickshire` + CautionMark + `</td>`, htmlEscape(CautionLine)} {
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %q", w)
		}
	}
	// the workbook, whose About sheet has the key, marks the LA on its
	// Notes by LA sheet, and in the Neighbours sheet's own column
	x, err := excelize.OpenFile(filepath.Join(dir, WorkbookFile))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	notes, err := x.GetRows("Notes by LA")
	if err != nil {
		t.Fatal(err)
	}
	marked := false
	for _, row := range notes {
		if len(row) > 0 && strings.HasPrefix(row[0], "Warwickshire") {
			marked = row[0] == "Warwickshire"+CautionMark
			if !marked {
				break
			}
		} else if len(row) > 0 && strings.HasSuffix(row[0], CautionMark) {
			t.Errorf("Notes by LA: %q is marked", row[0])
		}
	}
	if !marked {
		t.Error("Notes by LA does not mark Warwickshire")
	}
	sheet, err := x.GetRows("Neighbours")
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range sheet[4:] { // under the title, the note and the header
		if want := map[bool]string{true: "†"}[row[1] == "Warwickshire"]; len(row) < 4 || row[3] != want {
			t.Errorf("Neighbours: %q's Caution is %q, want %q", row[1], row[3], want)
		}
	}
	for _, la := range nbLAs[:3] {
		if strings.Contains(page, la[1]+CautionMark) || strings.Contains(page, la[1]+" ("+NeighbourRole(slices.Index(nbLAs, la))+")"+CautionMark) {
			t.Errorf("%s is marked", la[1])
		}
	}
}
