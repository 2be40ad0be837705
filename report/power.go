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

// powerChart draws the power of each trial size with its 95% interval,
// and the 80% line, from power.csv; false when the folder has none.
func (f *folder) powerChart() (chart, bool, error) {
	t, err := readTable(f.dir, PowerCSV)
	if errors.Is(err, fs.ErrNotExist) {
		return chart{}, false, nil
	}
	if err != nil {
		return chart{}, false, err
	}
	c, err := t.need("schools", "las", "power", "low", "high", "mde")
	if err != nil {
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
