package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"regexp"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

func init() {
	// Liberation Sans has the metrics of Arial and Helvetica, which stand
	// in for it where it is not installed.
	plot.DefaultFont = font.Font{Typeface: "Liberation", Variant: "Sans"}
}

// palette is the Okabe–Ito palette, told apart by people with the common
// colour-vision deficiencies.
var palette = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0x00, 0x9E, 0x73, 0xff}, // green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0x00, 0x00, 0x00, 0xff}, // black
	{0xF0, 0xE4, 0x42, 0xff}, // yellow
}

func colour(i int) color.NRGBA { return palette[i%len(palette)] }

func alpha(c color.NRGBA, a uint8) color.NRGBA { c.A = a; return c }

var (
	grey  = color.NRGBA{0x77, 0x77, 0x77, 0xff}
	light = color.NRGBA{0xdd, 0xdd, 0xdd, 0xff}
)

// chart is one figure of a report.
type chart struct {
	name    string // file name without extension
	title   string
	caption string
	p       *plot.Plot
	tiles   []*plot.Plot // panels one above another, under the title, when p is nil
	w, h    vg.Length
}

// draw draws the chart on a canvas.
func (c chart) draw(dc draw.Canvas) {
	if c.p != nil {
		c.p.Draw(dc)
		return
	}
	dc.FillPolygon(color.White, []vg.Point{dc.Min, {X: dc.Max.X, Y: dc.Min.Y}, dc.Max, {X: dc.Min.X, Y: dc.Max.Y}})
	title := newPlot("", "", "").Title.TextStyle
	title.Font.Size = vg.Points(13)
	top := vg.Points(22)
	dc.FillText(title, vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - vg.Points(4)}, c.title)
	rows := make([][]*plot.Plot, len(c.tiles))
	for i, p := range c.tiles {
		rows[i] = []*plot.Plot{p}
	}
	cs := plot.Align(rows, draw.Tiles{Rows: len(c.tiles), Cols: 1, PadTop: top, PadY: vg.Points(4), PadBottom: vg.Points(2), PadRight: vg.Points(4)}, dc)
	for i, p := range c.tiles {
		p.Draw(cs[i][0])
	}
}

func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = vg.Points(13)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.Legend.Top = true
	p.Legend.Left = true
	p.Legend.TextStyle.Font.Size = vg.Points(10)
	p.Legend.Padding = vg.Points(2)
	p.Legend.XOffs = vg.Points(6)
	p.Legend.YOffs = -vg.Points(4)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = vg.Points(11)
		a.Tick.Label.Font.Size = vg.Points(10)
	}
	return p
}

const (
	chartW = 16 * vg.Centimeter
	chartH = 9 * vg.Centimeter
)

// svg renders the chart as SVG: the same chart gives the same bytes.
func (c chart) svg() ([]byte, error) {
	cv := vgsvg.New(c.w, c.h)
	c.draw(draw.New(cv))
	var b bytes.Buffer
	if _, err := cv.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.name, err)
	}
	return b.Bytes(), nil
}

// png renders the chart at 150 dots per inch.
func (c chart) png() ([]byte, error) {
	cv := vgimg.NewWith(vgimg.UseWH(c.w, c.h), vgimg.UseDPI(150))
	c.draw(draw.New(outlinedText{cv}))
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(&b); err != nil {
		return nil, fmt.Errorf("chart %s: %w", c.name, err)
	}
	return b.Bytes(), nil
}

var svgNS = regexp.MustCompile(`\s+xmlns(:xlink)?="[^"]*"`)

var svgHead = regexp.MustCompile(`(?s)^<\?xml[^>]*\?>\s*(<!--.*?-->\s*)?<svg width="[^"]*" height="[^"]*"`)

// inline turns an SVG file into an element for an HTML page: no XML
// prologue, and a size set by the page's style sheet.
func inline(svg []byte, title string) []byte {
	out := svgHead.ReplaceAll(svg, []byte(`<svg class="chart" role="img" aria-label="`+htmlEscape(title)+`"`))
	// an HTML page needs no XML namespaces on inline SVG
	out = svgNS.ReplaceAll(out, nil)
	return out
}

// shapes is a plotter of rectangles, segments, dots and polygons in data
// coordinates, for the charts gonum's plotters do not draw directly
// (stacked bars that go below zero, intervals, bands).
type shapes struct {
	rects []rect
	segs  []seg
	dots  []dot
	polys []poly
	paths []polyline
	// range kept by the shapes; NaN when empty
	x0, x1, y0, y1 float64
}

type rect struct {
	x0, y0, x1, y1 float64
	fill           color.Color
}

type seg struct {
	x0, y0, x1, y1 float64
	c              color.Color
	width          vg.Length
	dashed         bool
}

type dot struct {
	x, y   float64
	c      color.Color
	radius vg.Length
	square bool
}

type polyline struct {
	pts   []vg.Point // data coordinates
	c     color.Color
	width vg.Length
}

type poly struct {
	pts  []vg.Point // data coordinates in X, Y
	fill color.Color
}

func newShapes() *shapes {
	return &shapes{x0: math.Inf(1), x1: math.Inf(-1), y0: math.Inf(1), y1: math.Inf(-1)}
}

func (s *shapes) extend(x, y float64) {
	if !math.IsNaN(x) && !math.IsInf(x, 0) {
		s.x0, s.x1 = math.Min(s.x0, x), math.Max(s.x1, x)
	}
	if !math.IsNaN(y) && !math.IsInf(y, 0) {
		s.y0, s.y1 = math.Min(s.y0, y), math.Max(s.y1, y)
	}
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func (s *shapes) rect(x0, y0, x1, y1 float64, fill color.Color) {
	if !finite(x0, y0, x1, y1) {
		return
	}
	s.rects = append(s.rects, rect{x0, y0, x1, y1, fill})
	s.extend(x0, y0)
	s.extend(x1, y1)
}

func (s *shapes) line(x0, y0, x1, y1 float64, c color.Color, width float64, dashed bool) {
	if !finite(x0, y0, x1, y1) {
		return
	}
	s.segs = append(s.segs, seg{x0, y0, x1, y1, c, vg.Points(width), dashed})
	s.extend(x0, y0)
	s.extend(x1, y1)
}

func (s *shapes) dot(x, y float64, c color.Color, radius float64, square bool) {
	if !finite(x, y) {
		return
	}
	s.dots = append(s.dots, dot{x, y, c, vg.Points(radius), square})
	s.extend(x, y)
}

// band fills between lo and hi over xs, skipping nothing: callers pass
// finite values.
func (s *shapes) band(xs, lo, hi []float64, fill color.Color) {
	var pts []vg.Point
	for i := range xs {
		if !finite(xs[i], lo[i], hi[i]) {
			return
		}
		pts = append(pts, vg.Point{X: vg.Length(xs[i]), Y: vg.Length(lo[i])})
		s.extend(xs[i], lo[i])
	}
	for i := len(xs) - 1; i >= 0; i-- {
		pts = append(pts, vg.Point{X: vg.Length(xs[i]), Y: vg.Length(hi[i])})
		s.extend(xs[i], hi[i])
	}
	s.polys = append(s.polys, poly{pts, fill})
}

// path draws a line through the points, broken where one is not finite.
func (s *shapes) path(xs, ys []float64, c color.Color, width float64) {
	var pts []vg.Point
	flush := func() {
		if len(pts) > 1 {
			s.paths = append(s.paths, polyline{pts, c, vg.Points(width)})
		}
		pts = nil
	}
	for i := range xs {
		if !finite(xs[i], ys[i]) {
			flush()
			continue
		}
		pts = append(pts, vg.Point{X: vg.Length(xs[i]), Y: vg.Length(ys[i])})
		s.extend(xs[i], ys[i])
	}
	flush()
}

func (s *shapes) Plot(c draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&c)
	for _, g := range s.polys {
		pts := make([]vg.Point, len(g.pts))
		for i, q := range g.pts {
			pts[i] = vg.Point{X: tx(float64(q.X)), Y: ty(float64(q.Y))}
		}
		c.FillPolygon(g.fill, c.ClipPolygonXY(pts))
	}
	for _, r := range s.rects {
		pts := []vg.Point{{X: tx(r.x0), Y: ty(r.y0)}, {X: tx(r.x1), Y: ty(r.y0)}, {X: tx(r.x1), Y: ty(r.y1)}, {X: tx(r.x0), Y: ty(r.y1)}}
		c.FillPolygon(r.fill, c.ClipPolygonXY(pts))
	}
	for _, l := range s.segs {
		sty := draw.LineStyle{Color: l.c, Width: l.width}
		if l.dashed {
			sty.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		c.StrokeLines(sty, c.ClipLinesXY([]vg.Point{{X: tx(l.x0), Y: ty(l.y0)}, {X: tx(l.x1), Y: ty(l.y1)}})...)
	}
	for _, l := range s.paths {
		pts := make([]vg.Point, len(l.pts))
		for i, q := range l.pts {
			pts[i] = vg.Point{X: tx(float64(q.X)), Y: ty(float64(q.Y))}
		}
		c.StrokeLines(draw.LineStyle{Color: l.c, Width: l.width}, c.ClipLinesXY(pts)...)
	}
	for _, d := range s.dots {
		var shape draw.GlyphDrawer = draw.CircleGlyph{}
		if d.square {
			shape = draw.BoxGlyph{}
		}
		pt := vg.Point{X: tx(d.x), Y: ty(d.y)}
		if c.Contains(pt) {
			c.DrawGlyph(draw.GlyphStyle{Color: d.c, Radius: d.radius, Shape: shape}, pt)
		}
	}
}

func (s *shapes) DataRange() (xmin, xmax, ymin, ymax float64) {
	if s.x0 > s.x1 {
		return 0, 1, 0, 1
	}
	return s.x0, s.x1, s.y0, s.y1
}

// swatch is a legend entry: a filled box, a line or a dot.
type swatch struct {
	c    color.Color
	kind byte // 'b' box, 'l' line, 'd' dot, 'x' dashed line
}

func (w swatch) Thumbnail(c *draw.Canvas) {
	switch w.kind {
	case 'b':
		c.FillPolygon(w.c, []vg.Point{{X: c.Min.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Min.Y}, {X: c.Max.X, Y: c.Max.Y}, {X: c.Min.X, Y: c.Max.Y}})
	case 'l', 'x':
		y := (c.Min.Y + c.Max.Y) / 2
		sty := draw.LineStyle{Color: w.c, Width: vg.Points(2)}
		if w.kind == 'x' {
			sty.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		c.StrokeLine2(sty, c.Min.X, y, c.Max.X, y)
	case 'd':
		c.DrawGlyph(draw.GlyphStyle{Color: w.c, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}, c.Center())
	}
}

// headroom raises the top of the y axis so that a legend in the top
// corner does not cover the data.
func headroom(p *plot.Plot, share float64) {
	p.Y.Max += float64((p.Y.Max - p.Y.Min) * share)
}

// monthTicks marks the first of the month on a time axis whose values
// are Unix seconds, every step months (chosen for about six labels).
type monthTicks struct{}

func (monthTicks) Ticks(lo, hi float64) []plot.Tick {
	t0 := time.Unix(int64(lo), 0).UTC()
	t1 := time.Unix(int64(hi), 0).UTC()
	months := (t1.Year()-t0.Year())*12 + int(t1.Month()) - int(t0.Month())
	step := 1
	for _, s := range []int{1, 2, 3, 6, 12, 24} {
		step = s
		if months/s <= 7 {
			break
		}
	}
	var ticks []plot.Tick
	m := time.Date(t0.Year(), t0.Month(), 1, 0, 0, 0, 0, time.UTC)
	if m.Before(t0) {
		m = m.AddDate(0, 1, 0)
	}
	for ; !m.After(t1); m = m.AddDate(0, 1, 0) {
		label := ""
		if (int(m.Month())-1)%step == 0 {
			label = m.Format("Jan 2006")
		}
		if step >= 3 && label == "" {
			continue
		}
		ticks = append(ticks, plot.Tick{Value: float64(m.Unix()), Label: label})
	}
	return ticks
}

// scaledTicks labels a £ axis in millions.
type scaledTicks struct {
	scale float64
}

func (s scaledTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = tickLabel(ticks[i].Value / s.scale)
		}
	}
	return ticks
}

// plainTicks labels numbers without exponents and with separators.
type plainTicks struct{}

func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = tickLabel(ticks[i].Value)
		}
	}
	return ticks
}

func tickLabel(v float64) string {
	if math.Abs(v) >= 1000 {
		return grouped(v)
	}
	s := fmt.Sprintf("%.4g", v)
	return s
}

// padX widens the x axis by a share of its range on each side, so that
// bars and intervals do not touch the frame.
func padX(p *plot.Plot, share float64) {
	w := p.X.Max - p.X.Min
	if w <= 0 {
		w = 1
	}
	p.X.Min -= float64(w * share)
	p.X.Max += float64(w * share)
}

// categoryRoom sets the y axis of a chart of n categories (at 0..n-1) to
// leave half a row above the top one and, below the bottom one, room for
// a legend of legendRows entries.
func categoryRoom(p *plot.Plot, n, legendRows int) {
	p.Y.Min = -0.6 - float64(0.45*float64(legendRows))
	p.Y.Max = float64(n) - 0.4
}
