package report

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
)

// PowerCSV is the power curve a trial folder holds when trial was given
// several sizes (--schools 100,268,600).
const PowerCSV = "power.csv"

// power reads power.csv and the indexes of its columns schools, las,
// power, low, high and mde; a nil table when the folder has none.
func (f *folder) power() (*table, []int, error) {
	t, err := readTable(f.dir, PowerCSV)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	c, err := t.need("schools", "las", "power", "low", "high", "mde")
	if err != nil {
		return nil, nil, err
	}
	return t, c, nil
}

// powerChart draws the power of each trial size with its 95% interval,
// and the 80% line, from power.csv; false when the folder has none.
func (f *folder) powerChart() (chart, bool, error) {
	t, c, err := f.power()
	if t == nil || err != nil {
		return chart{}, false, err
	}
	p := newPlot("Power by trial size", "schools randomised", "power (share of trials finding the effect)")
	s := newShapes()
	var xs, ys []float64
	for _, r := range t.rows {
		x, pw, lo, hi := num(r[c[0]]), num(r[c[2]]), num(r[c[3]]), num(r[c[4]])
		if math.IsNaN(x) || math.IsNaN(pw) {
			continue
		}
		s.line(x, lo, x, hi, palette[0], 1.5, false)
		s.dot(x, pw, palette[0], 3.5, false)
		xs, ys = append(xs, x), append(ys, pw)
	}
	if len(xs) == 0 {
		return chart{}, false, nil
	}
	s.path(xs, ys, alpha(palette[0], 0x88), 1)
	marks := newShapes()
	marks.line(xs[0], 0.8, xs[len(xs)-1], 0.8, grey, 1, true)
	s.extend(math.NaN(), 1)
	p.Add(s, marks)
	p.Legend.Add("80% power, a common aim", swatch{grey, 'x'})
	p.X.Tick.Marker = plainTicks{}
	p.Y.Tick.Marker = plainTicks{}
	p.Y.Min, p.Y.Max = 0, 1.1
	padX(p, 0.04)
	caption := fmt.Sprintf("The power of the trial at each size tried (%d sizes), with its Wilson 95%% interval over the simulated trials; power.csv also gives the minimum detectable rate ratio at 80%% power of each size.", len(xs))
	return chart{name: "trial-power-curve", title: "Power by trial size", caption: caption, p: p, w: chartW, h: chartH}, true, nil
}

// optimiseDoc is the page of an optimise folder: the front of cost against
// the objective, the best deployment, and the front as a table.
func (d *doc) optimiseDoc() {
	f := d.f
	t := f.pareto
	c, _ := t.need("cost", "mean", "ci95_low", "ci95_high", "best", "deployment")
	obj := f.man.Extra["objective"]
	d.title = "The best deployment for £" + f.man.Extra["budget"] + " a year"
	p := newPlot("Cost against "+obj, "cost (£ a year)", obj)
	s := newShapes()
	var xs, ys []float64
	var out [][]cell
	for _, r := range t.rows {
		x, m, lo, hi := num(r[c[0]]), num(r[c[1]]), num(r[c[2]]), num(r[c[3]])
		col := palette[0]
		if r[c[4]] == "true" {
			col = palette[2]
			d.summary = append(d.summary, fmt.Sprintf("The best deployment found costs £%s a year: %s, with %s %s (95%% interval %s to %s).",
				figure(x), r[c[5]], obj, figure(m), figure(lo), figure(hi)))
		}
		if !math.IsNaN(lo) {
			s.line(x, lo, x, hi, col, 1.5, false)
		}
		s.dot(x, m, col, 3.5, false)
		xs, ys = append(xs, x), append(ys, m)
		out = append(out, []cell{numCell(x, figure(x)), numCell(m, figure(m)), numCell(lo, figure(lo)), numCell(hi, figure(hi)), txt(r[c[4]]), txt(r[c[5]])})
	}
	if len(xs) > 0 {
		s.path(xs, ys, alpha(palette[0], 0x88), 1)
		p.Add(s)
		p.X.Tick.Marker = plainTicks{}
		p.Y.Tick.Marker = plainTicks{}
		padX(p, 0.04)
		headroom(p, 0.2)
		d.charts = append(d.charts, chart{name: "optimise-front", title: "Cost against " + obj,
			caption: "Each deployment on the front (none cheaper does better), its mean " + obj + " with a 95% interval over its replications; green is the best found within the budget.",
			p:       p, w: chartW, h: chartH})
	}
	header := []string{"Cost (£ a year)", obj + ": mean", "95% low", "95% high", "Best", "Deployment"}
	d.tables = append(d.tables, tbl{title: "The front of cost against " + obj, sheet: "Front", header: header, rows: out})
}

// AvoidedCSV is compare's file of net costs per outcome avoided.
const AvoidedCSV = "avoided.csv"

// avoidedTable shows avoided.csv, where the folder has one: each
// scenario's net cost per outcome avoided with its Fieller interval, or
// why there is none.
func (d *doc) avoidedTable() {
	t, err := readTable(d.f.dir, AvoidedCSV)
	if err != nil {
		return
	}
	c, err := t.need("scenario", "metric", "net_cost_mean", "avoided_mean", "estimate", "ci95_low", "ci95_high", "status")
	if err != nil {
		return
	}
	header := []string{"Scenario", "Ratio", "Net cost (£ a year)", "Avoided a year", "£ per one avoided", "95% low", "95% high", "Status"}
	var out [][]cell
	for _, r := range t.rows {
		row := []cell{txt(r[c[0]]), txt(r[c[1]])}
		for _, k := range c[2:7] {
			v := num(r[k])
			row = append(row, numCell(v, figure(v)))
		}
		out = append(out, append(row, txt(r[c[7]])))
	}
	d.tables = append(d.tables, tbl{title: "Net cost per outcome avoided", sheet: "Avoided", header: header, rows: out})
}

// powerTable is the power curve as a table, for the page and the
// workbook: each size's power with its 95% interval and its minimum
// detectable rate ratio at 80% power (power.csv); false when the folder
// has none.
func (f *folder) powerTable() (tbl, bool, error) {
	t, c, err := f.power()
	if t == nil || err != nil {
		return tbl{}, false, err
	}
	var rows [][]cell
	for _, r := range t.rows {
		schools, las, pw, lo, hi, mde := num(r[c[0]]), num(r[c[1]]), num(r[c[2]]), num(r[c[3]]), num(r[c[4]]), num(r[c[5]])
		rows = append(rows, []cell{numCell(schools, figure(schools)), numCell(las, figure(las)), numCell(pw, percent(pw)),
			numCell(lo, percent(lo)), numCell(hi, percent(hi)), numCell(mde, figure(mde))})
	}
	return tbl{title: "Power by trial size", sheet: "Power curve",
		note:   "Power is the share of simulated trials whose interval excludes no effect, with its Wilson 95% interval; the minimum detectable rate ratio is the smallest effect (below 1) a trial of that size finds with 80% power.",
		header: []string{"Schools", "LAs", "Power", "95% low", "95% high", "Minimum detectable rate ratio at 80% power"}, rows: rows}, true, nil
}
