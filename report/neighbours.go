package report

import (
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot/vg"

	"github.com/caseload/caseload/dfe"
	"github.com/caseload/caseload/sim"
)

// Files of a compare --neighbours results folder.
const (
	NeighboursCSV = "neighbours.csv"
	NeighboursMD  = "neighbours.md"
)

// NeighbourMetrics are the figures whose change a compare --neighbours
// run gives for each LA, per 10,000 children a year (stocks at 31 March),
// in the order of neighbours.csv.
var NeighbourMetrics = []string{"referrals", "s47_enquiries", "cp_plan_starts", "care_entries", "cla_stock"}

// neighbourCost is the figure whose change neighbours.csv gives in pounds
// a year, after NeighbourMetrics.
const neighbourCost = "cost_total"

// NeighbourColumns is the header of neighbours.csv: the LA, its size and
// school-based workforce, then for each of NeighbourMetrics the baseline
// per 10,000 children, the change with its 95% interval and the change in
// percent, then the change in total cost with its interval.
func NeighbourColumns() []string {
	h := []string{"la_code", "la_name", "role", "children", "school_worker_fte", "school_worker_fte_per_10k"}
	for _, m := range NeighbourMetrics {
		h = append(h, m+"_baseline_per_10k", m+"_change_per_10k", m+"_change_low", m+"_change_high", m+"_change_pct")
	}
	return append(h, neighbourCost+"_change", neighbourCost+"_change_low", neighbourCost+"_change_high")
}

// NeighbourRole is the role neighbours.csv gives the LA of row k (0, the
// LA itself; k, its k-th statistical neighbour, nearest first).
func NeighbourRole(k int) string {
	if k == 0 {
		return "the LA"
	}
	return fmt.Sprintf("neighbour %d", k)
}

// Spread is where the neighbours' changes of one figure lie: the median,
// least and greatest of their means, and how many fall or rise with a 95%
// interval clear of 0, of N.
type Spread struct {
	Median, Min, Max float64
	Fall, Rise, N    int
}

// SpreadOf is the spread of the changes of the neighbours, given as the
// means and 95% intervals of each (neighbours.md and the report alike).
func SpreadOf(mean, lo, hi []float64) Spread {
	s := Spread{N: len(mean), Median: math.NaN(), Min: math.NaN(), Max: math.NaN()}
	for i := range mean {
		if hi[i] < 0 {
			s.Fall++
		}
		if lo[i] > 0 {
			s.Rise++
		}
	}
	if len(mean) == 0 {
		return s
	}
	xs := slices.Clone(mean)
	slices.Sort(xs)
	s.Min, s.Max = xs[0], xs[len(xs)-1]
	s.Median = xs[len(xs)/2]
	if len(xs)%2 == 0 {
		s.Median = (xs[len(xs)/2-1] + xs[len(xs)/2]) / 2
	}
	return s
}

// NeighbourNotes are the notes of one LA of a compare --neighbours run:
// those of its baseline and its deployment (scenario names, place lines
// and notes, as NotesOf takes them), each once, a note only one of them
// has after its name, without the origin that names the LA again
// (OwnArea).
func NeighbourNotes(names, places [2]string, notes [2][]string) []string {
	if names[0] == names[1] {
		names[1] += "#2"
	}
	lines := NotesOf(names[:], places[:], notes[:])
	for i, n := range lines {
		lines[i] = OwnArea(n)
	}
	return lines
}

// OwnArea is a note under its LA's own heading without the origin that
// names the LA again (`la.area "E08000029" (--set): `), which compare
// --neighbours set, not the user.
func OwnArea(n string) string {
	if rest, ok := strings.CutPrefix(n, "la.area \""); ok {
		if _, after, ok := strings.Cut(rest, "): "); ok {
			return after
		}
	}
	return n
}

// maxNeighbourValue bounds every number of neighbours.csv either way: far
// beyond any LA's figures per 10,000 children and its cost in pounds a
// year, it refuses a damaged value before it overflows a chart's scale or
// fills the page with digits.
const maxNeighbourValue = 1e12

// neighbourRow is one LA of a compare --neighbours folder: a row of
// neighbours.csv and the LA's notes from manifest.json.
type neighbourRow struct {
	code, name, role string
	children         float64
	fte, ftePer10k   float64
	base, pct        []float64 // NeighbourMetrics order, per 10,000 children
	change           []stat    // NeighbourMetrics order, per 10,000 children
	cost             stat      // pounds a year
	notes            []string
	caution          bool // a note of the LA's fit wants care (sim.CautionNote)
}

// CautionMark follows the name of an LA whose fit leaves something to
// know (sim.CautionNote) in the charts and tables.
const CautionMark = " †"

// CautionLine is the page's and the charts' key to CautionMark.
const CautionLine = "† marks an LA whose fit leaves something to know: a published figure out of the model's reach, or values far from England's, where its change rests more on the model than on the evidence (Notes, by LA, says which)."

// neighbourSet is what a compare --neighbours folder holds: the LAs, the
// LA itself first, and the names of the two scenarios compared.
type neighbourSet struct {
	rows           []neighbourRow
	baseline, dep  string // scenario names
	baseFile, file string // and their files
}

// readNeighbours reads neighbours.csv and the LAs' scenarios in
// manifest.json, refusing a file caseload would not have written: a
// column missing, a cell that is not a number where one is expected, the
// LAs out of their order, or a manifest that does not match the table.
func (f *folder) readNeighbours() error {
	cols := NeighbourColumns()
	t, err := f.table(NeighboursCSV, cols...)
	if err != nil {
		return err
	}
	c, _ := t.need(cols...)
	if len(t.rows) == 0 {
		return fmt.Errorf("%s: no rows: expected the LA and its statistical neighbours: %w", t.name, ErrNotResults)
	}
	if most := len(dfe.LAs().LAs); len(t.rows) > most {
		return fmt.Errorf("%s: %d rows: expected at most %d, one for each LA of England: %w", t.name, len(t.rows), most, ErrNotResults)
	}
	seen := map[string]int{}
	ns := &neighbourSet{}
	most, _ := dfe.LAs().England.Value(dfe.Children)
	for i, r := range t.rows {
		line := i + 2
		var bad error
		// cell reads column k as a number within maxNeighbourValue,
		// negative only where a change may be; an empty cell (a statistic
		// that does not exist: the interval of one replication, the
		// percentage of a baseline of 0) is NaN where empty is allowed
		cell := func(k int, empty, negative bool) float64 {
			s := r[c[k]]
			if s == "" && empty {
				return math.NaN()
			}
			v, err := strconv.ParseFloat(s, 64)
			if (err != nil || math.IsNaN(v) || math.Abs(v) > maxNeighbourValue || (v < 0 && !negative)) && bad == nil {
				most := strings.Replace(fmt.Sprintf("%g", float64(maxNeighbourValue)), "e+", "e", 1)
				want := "a number from 0 to " + most
				if negative {
					want = "a number from -" + most + " to " + most
				}
				if empty {
					want += " or nothing"
				}
				bad = fmt.Errorf("%s: line %d: column %s: value %q: expected %s: %w", t.name, line, cols[k], s, want, ErrNotResults)
			}
			return v
		}
		// change reads a mean change and its 95% interval, from column k:
		// the interval holds the mean, or is empty at both ends
		change := func(k int) stat {
			st := stat{Mean: cell(k, false, true), SD: math.NaN(), Lo: cell(k+1, true, true), Hi: cell(k+2, true, true)}
			if bad == nil && (math.IsNaN(st.Lo) != math.IsNaN(st.Hi) || st.Lo > st.Mean || st.Mean > st.Hi) {
				bad = fmt.Errorf("%s: line %d: columns %s, %s and %s: values %q, %q and %q: expected a 95%% interval that holds its mean (low, mean, high in that order), or empty at both ends: %w",
					t.name, line, cols[k+1], cols[k], cols[k+2], r[c[k+1]], r[c[k]], r[c[k+2]], ErrNotResults)
			}
			return st
		}
		row := neighbourRow{code: r[c[0]], name: r[c[1]], role: r[c[2]]}
		if want := NeighbourRole(i); row.role != want {
			return fmt.Errorf("%s: line %d: column role: value %q: expected %q (the LA first, then its neighbours, nearest first): %w", t.name, line, row.role, want, ErrNotResults)
		}
		if row.code == "" || row.name == "" {
			return fmt.Errorf("%s: line %d: columns la_code and la_name: values %q and %q: expected an LA's code and name: %w", t.name, line, row.code, row.name, ErrNotResults)
		}
		if prev, ok := seen[row.code]; ok {
			return fmt.Errorf("%s: line %d: column la_code: value %q again (line %d): expected each LA once: %w", t.name, line, row.code, prev, ErrNotResults)
		}
		seen[row.code] = line
		if n, err := strconv.Atoi(r[c[3]]); err != nil || n < 1 || float64(n) > most {
			return fmt.Errorf("%s: line %d: column children: value %q: expected a whole number of children, from 1 to England's %.0f: %w", t.name, line, r[c[3]], most, ErrNotResults)
		} else {
			row.children = float64(n)
		}
		row.fte, row.ftePer10k = cell(4, false, false), cell(5, false, false)
		k := 6
		for range NeighbourMetrics {
			row.base = append(row.base, cell(k, false, false))
			row.change = append(row.change, change(k+1))
			row.pct = append(row.pct, cell(k+4, true, true))
			k += 5
		}
		row.cost = change(k)
		if bad != nil {
			return bad
		}
		ns.rows = append(ns.rows, row)
	}
	if err := f.readNeighbourManifest(ns); err != nil {
		return err
	}
	f.nb = ns
	for _, m := range NeighbourMetrics {
		f.metrics = append(f.metrics, m+"_per_10k")
	}
	f.metrics = append(f.metrics, neighbourCost)
	return nil
}

// readNeighbourManifest checks manifest.json against neighbours.csv (the
// LA, the replications, a baseline and a deployment for each LA) and
// takes from it the scenarios' names and files and each LA's notes.
func (f *folder) readNeighbourManifest(ns *neighbourSet) error {
	path := filepath.Join(f.dir, "manifest.json")
	m := f.man
	la := ns.rows[0]
	if got := m.Extra["la"]; got != la.code {
		return fmt.Errorf("%s: key extra.la: value %q: expected %q, the code of the LA on the first line of %s: %w", path, got, la.code, NeighboursCSV, ErrNotResults)
	}
	if m.Reps < 1 {
		return fmt.Errorf("%s: key reps: value %d: expected the number of replications, 1 or more: %w", path, m.Reps, ErrNotResults)
	}
	ns.baseFile, ns.file = m.Extra["baseline"], m.Extra["deployment"]
	ns.baseline, ns.dep = ns.baseFile, ns.file
	if want := 2 * len(ns.rows); len(m.Scenarios) != want {
		return fmt.Errorf("%s: key scenarios: %d entries: expected %d, a baseline and a deployment for each of the %d LAs of %s: %w", path, len(m.Scenarios), want, len(ns.rows), NeighboursCSV, ErrNotResults)
	}
	for i := range ns.rows {
		row := &ns.rows[i]
		var names, places [2]string
		var notes [2][]string
		for k := range 2 {
			s := m.Scenarios[2*i+k]
			name, ok := strings.CutPrefix(s.Name, row.name+": ")
			if !ok || name == "" {
				return fmt.Errorf("%s: key scenarios[%d].name: value %q: expected %q and the name of a scenario (line %d of %s is %s): %w", path, 2*i+k, s.Name, row.name+": ", i+2, NeighboursCSV, row.name, ErrNotResults)
			}
			names[k], places[k], notes[k] = name, s.Place, s.Notes
		}
		if i == 0 {
			ns.baseline, ns.dep = names[0], names[1]
		}
		row.notes = NeighbourNotes(names, places, notes)
		row.caution = slices.ContainsFunc(row.notes, sim.CautionNote)
	}
	return nil
}

// neighbourFigure is the change of one figure (an index of
// NeighbourMetrics, or len(NeighbourMetrics) for the cost) in an LA.
func (r neighbourRow) figure(i int) stat {
	if i == len(NeighbourMetrics) {
		return r.cost
	}
	return r.change[i]
}

// neighbourName is the name of figure i in neighbours.csv and its
// chart's file.
func neighbourName(i int) string {
	if i == len(NeighbourMetrics) {
		return neighbourCost
	}
	return NeighbourMetrics[i]
}

// neighbourKey is the metric of figure i: its label and unit (info).
func neighbourKey(i int) string {
	if i == len(NeighbourMetrics) {
		return neighbourCost
	}
	return NeighbourMetrics[i] + "_per_10k"
}

// laNotes are the notes of one LA, under its name.
type laNotes struct {
	Title string
	Lines []string
}

// label names an LA's row of the charts and tables.
func (r neighbourRow) label() string { return r.name + " (" + r.role + ")" + r.mark() }

// mark is CautionMark for an LA whose fit wants care, else nothing.
func (r neighbourRow) mark() string {
	if r.caution {
		return CautionMark
	}
	return ""
}

// anyCaution says whether some LA of the folder wants care.
func (ns *neighbourSet) anyCaution() bool {
	return slices.ContainsFunc(ns.rows, func(r neighbourRow) bool { return r.caution })
}

// neighboursDoc lays out a compare --neighbours folder: the deployment's
// effect in the LA and in each of its statistical neighbours.
func (d *doc) neighboursDoc() {
	f := d.f
	ns := f.nb
	la := ns.rows[0]
	nbs := ns.rows[1:]
	d.title = fmt.Sprintf("%s and its statistical neighbours: %s against %s", la.name, ns.dep, ns.baseline)
	evidence := ""
	if v, ok := configValue(f.neighbourConfig(), "effects.evidence"); ok && v != nil && v != "" {
		evidence = fmt.Sprintf("; evidence set %v", v)
	}
	d.summary = append(d.summary, fmt.Sprintf("The same deployment (%s) in %s and in each of its %d statistical neighbours, each against its own baseline (%s): the change per 10,000 children a year (children looked after: at 31 March) and in total cost a year, with 95%% intervals, over %d replications, seed %d%s.",
		ns.dep, la.name, len(nbs), ns.baseline, f.man.Reps, f.man.Seed, evidence))
	for i := range len(NeighbourMetrics) + 1 {
		m := neighbourKey(i)
		own := la.figure(i)
		w := own.Hi - own.Lo
		mean, lo, hi := make([]float64, len(nbs)), make([]float64, len(nbs)), make([]float64, len(nbs))
		for k, r := range nbs {
			s := r.figure(i)
			mean[k], lo[k], hi[k] = s.Mean, s.Lo, s.Hi
		}
		sp := SpreadOf(mean, lo, hi)
		if math.IsNaN(w) {
			w = sp.Max - sp.Min
		}
		show := precise(m, w, true)
		in := info(m)
		s := fmt.Sprintf("%s, %s: %s %s", in.label, in.unit, la.name, show(own.Mean))
		if !math.IsNaN(own.Lo) {
			s += " [" + show(own.Lo) + " to " + show(own.Hi) + "]"
		}
		if sp.N > 0 {
			fall, rise := "fall", "rise"
			if i == len(NeighbourMetrics) {
				fall, rise = "cost less", "cost more"
			}
			// the neighbours' changes to the precision of their own
			// range: a small LA's wide interval would round them away
			nshow := show
			if sp.Max > sp.Min {
				nshow = precise(m, sp.Max-sp.Min, true)
			}
			s += fmt.Sprintf("; neighbours' median %s, from %s to %s; %d of %d %s, %d %s (95%% intervals clear of 0)",
				nshow(sp.Median), nshow(sp.Min), nshow(sp.Max), sp.Fall, sp.N, fall, sp.Rise, rise)
		}
		d.summary = append(d.summary, s+".")
		d.add(f.neighbourChart(i))
	}
	if ns.anyCaution() {
		d.summary = append(d.summary, CautionLine)
	}
	d.method = []string{
		fmt.Sprintf("Each LA is built from its own published figures and fitted parameters, and the deployment (%s, %s) is run against that LA's own baseline (%s, %s). Within each LA the two are run on common random numbers: replication r of each meets the same families and chance events, and the change is taken replication by replication (a paired difference), which makes it far more precise than the difference of two separate means.",
			ns.dep, ns.file, ns.baseline, ns.baseFile),
		fmt.Sprintf("Brackets and bars are 95%% intervals for the mean change over the %d replications (Student's t); an interval clear of 0 is a clear fall or rise. Flows are a year's total averaged over the measured years, children looked after a stock at 31 March; both are per 10,000 children of the LA, so LAs of different sizes can be set side by side. Cost is the change in the LA's total cost in pounds a year.", f.man.Reps),
		fmt.Sprintf("A statistical neighbour is one of the ten LAs that DfE's children's services statistical neighbours model (2025; dfe/SOURCES.md) finds most like %s, listed nearest first%s. The deployment is the same in every LA (the same teams and FTE), so a smaller neighbour has more school-based workers per child (the table gives how many).", la.name, ranOf(len(nbs))),
	}
	d.neighboursTables()
}

// ranOf says how many neighbours the folder holds where it is not the
// ten the model lists (one missing from the table of LAs is left out).
func ranOf(n int) string {
	if n == 10 {
		return ""
	}
	return fmt.Sprintf(" (this run has %d of them)", n)
}

// neighbourConfig is the resolved configuration of the deployment in
// the LA (the second scenario of the manifest).
func (f *folder) neighbourConfig() map[string]any {
	if len(f.man.Scenarios) > 1 {
		return f.man.Scenarios[1].Config
	}
	return f.config()
}

// neighboursTables lays out the table of the page (each LA's change of
// every figure with its interval), the workbook's table of every column
// of neighbours.csv, and each LA's notes.
func (d *doc) neighboursTables() {
	ns := d.f.nb
	header := []string{"Local authority", "Role", "Children", "School-based workers per 10,000 children"}
	for i := range len(NeighbourMetrics) + 1 {
		header = append(header, info(neighbourKey(i)).label)
	}
	var rows [][]cell
	for _, r := range ns.rows {
		row := []cell{txt(r.name + r.mark()), txt(r.role), numCell(r.children, grouped(r.children)), numCell(r.ftePer10k, figure(r.ftePer10k))}
		for i := range len(NeighbourMetrics) + 1 {
			s := r.figure(i)
			mean, ci := estimate(neighbourKey(i), s, true)
			row = append(row, numCell(s.Mean, strings.TrimSpace(mean+" "+ci)))
		}
		rows = append(rows, row)
	}
	d.tables = append(d.tables, tbl{title: "The deployment's effect in each LA", header: header, rows: rows,
		note: fmt.Sprintf("The change from %s to %s in each LA, paired by replication, with its 95%% interval, per 10,000 children a year (children looked after: at 31 March; total cost: pounds a year); the LA first, then its statistical neighbours, nearest first. The workbook's Neighbours sheet has each LA's baseline, the change in percent and each figure in its own column.%s", ns.baseline, ns.dep, ns.cautionKey())})

	header = []string{"LA code", "Local authority", "Role", "Caution (†)", "Children", "School-based workers (FTE)", "School-based workers per 10,000 children"}
	for i := range NeighbourMetrics {
		in := info(neighbourKey(i))
		header = append(header, in.label+": "+ns.baseline+" ("+in.unit+")", in.label+": change", "95% low", "95% high", in.label+": change (%)")
	}
	header = append(header, info(neighbourCost).label+": change (£ a year)", "95% low", "95% high")
	rows = nil
	for _, r := range ns.rows {
		row := []cell{txt(r.code), txt(r.name), txt(r.role), txt(strings.TrimSpace(r.mark())), numCell(r.children, grouped(r.children)), numCell(r.fte, figure(r.fte)), numCell(r.ftePer10k, figure(r.ftePer10k))}
		for i := range NeighbourMetrics {
			c := r.change[i]
			row = append(row, numCell(r.base[i], figure(r.base[i])), numCell(c.Mean, figure(c.Mean)), numCell(c.Lo, figure(c.Lo)), numCell(c.Hi, figure(c.Hi)), numCell(r.pct[i], figure(r.pct[i])))
		}
		row = append(row, numCell(r.cost.Mean, signed(neighbourCost, r.cost.Mean)), numCell(r.cost.Lo, signed(neighbourCost, r.cost.Lo)), numCell(r.cost.Hi, signed(neighbourCost, r.cost.Hi)))
		rows = append(rows, row)
	}
	d.tables = append(d.tables, tbl{title: "The deployment's effect in each LA", sheet: "Neighbours", header: header, rows: rows, pageRows: -1,
		note: "Each LA's baseline and the change with its 95% interval, per 10,000 children a year (children looked after: at 31 March), and the change in total cost; neighbours.csv has the same figures. Caution holds † for an LA whose fit leaves something to know (Notes by LA says what), and is empty for the others."})

	rows = nil
	for _, r := range ns.rows {
		for _, n := range r.notes {
			rows = append(rows, []cell{txt(r.name + r.mark()), txt(r.role), txt(n)})
		}
		if len(r.notes) > 0 {
			d.byLA = append(d.byLA, laNotes{r.label(), r.notes})
		}
	}
	if len(rows) > 0 {
		d.tables = append(d.tables, tbl{title: "Notes, by LA", sheet: "Notes by LA", header: []string{"Local authority", "Role", "Note"}, rows: rows, pageRows: -1,
			note: "Each LA's notes: the real LA and what its parameters are fitted to, what its figures set, a figure beyond the model's reach, and values far from England's." + ns.cautionKey()})
	}
}

// neighbourChart draws the change of figure i (an index of
// NeighbourMetrics, or the cost) in each LA with its 95% interval, one row
// per LA: the LA on top, shaded, then its neighbours, nearest first.
func (f *folder) neighbourChart(i int) (chart, bool) {
	ns := f.nb
	m := neighbourKey(i)
	in := info(m)
	scale, xlabel := 1.0, "change, "+in.unit+" (95% interval)"
	if i == len(NeighbourMetrics) {
		scale, xlabel = 1e3, "change, £ thousand a year (95% interval)"
	}
	p := newPlot(in.label, xlabel, "")
	s := newShapes()
	n := len(ns.rows)
	lo, hi := 0.0, 0.0
	for _, r := range ns.rows {
		for _, v := range []float64{r.figure(i).Mean, r.figure(i).Lo, r.figure(i).Hi} {
			if finite(v) {
				lo, hi = math.Min(lo, v/scale), math.Max(hi, v/scale)
			}
		}
	}
	if hi-lo <= 0 {
		lo, hi = -1, 1
	}
	pad := float64(0.04 * (hi - lo))
	lo, hi = lo-pad, hi+pad
	var names []string
	for k := n - 1; k >= 0; k-- {
		r := ns.rows[k]
		st := r.figure(i)
		y := float64(n - 1 - k)
		c := palette[6]
		if k == 0 {
			c = palette[0]
			s.rect(lo, y-0.5, hi, y+0.5, alpha(palette[0], 0x22))
		}
		s.line(st.Lo/scale, y, st.Hi/scale, y, c, 2, false)
		s.dot(st.Mean/scale, y, c, 3.5, false)
		names = append(names, r.label())
	}
	intervalRows(p, s, names)
	p.X.Min, p.X.Max = lo, hi
	categoryRoom(p, n, 0)
	what := "per 10,000 children a year"
	if strings.Contains(in.unit, "31 March") {
		what = "per 10,000 children at 31 March"
	}
	if i == len(NeighbourMetrics) {
		what = "in pounds a year"
	}
	return chart{name: "neighbours-" + neighbourName(i), title: in.label,
		caption: fmt.Sprintf("%s: the change from %s to %s in each LA, %s, with its 95%% interval: %s on top (shaded), then its statistical neighbours, nearest first. An interval that crosses the dashed line at 0 is no clear change.%s",
			in.label, ns.baseline, ns.dep, what, ns.rows[0].name, ns.cautionKey()),
		p: p, w: chartW, h: vg.Length(math.Max(7, 1.8+float64(0.55*float64(n)))) * vg.Centimeter}, true
}

// cautionKey is CautionLine after a space where some LA wants care, for a
// chart's caption or a table's note; else nothing.
func (ns *neighbourSet) cautionKey() string {
	if ns.anyCaution() {
		return " " + CautionLine
	}
	return ""
}
