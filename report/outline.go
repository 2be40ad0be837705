package report

import (
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// outlinedText is a PNG canvas that draws text as filled glyph outlines,
// flattened here with every product rounded on its own. The glyph
// rasteriser behind vgimg's own text flattens curves in float32 with
// products that builds fuse differently (GOAMD64=v1 and v3, arm64), which
// changed a pixel or two of a chart's title between builds; the outline
// filler is fixed-point and gives the same pixels everywhere.
type outlinedText struct{ *vgimg.Canvas }

// glyphScale is the resolution of the outlines: sfnt scales a glyph to
// ppem in 26.6 fixed point, here 16 units a point, so one unit of a
// returned coordinate is 1/1024 of a point.
const (
	glyphScale = 16
	glyphUnit  = 64 * glyphScale
	// curveSteps is the number of straight pieces of each curve of a glyph.
	curveSteps = 12
)

// FillString fills text whose baseline starts at pt, in the current
// colour and under the current transform, like vgimg's FillString.
func (c outlinedText) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Size == 0 || f.Face == nil {
		return
	}
	var buf sfnt.Buffer
	ppem := fixed.Int26_6(float64(float64(f.Font.Size)*glyphUnit) + 0.5)
	var path vg.Path
	x := float64(pt.X)
	prev, first := sfnt.GlyphIndex(0), true
	for _, r := range s {
		g, err := f.Face.GlyphIndex(&buf, r)
		if err != nil {
			continue
		}
		if !first {
			if k, err := f.Face.Kern(&buf, prev, g, ppem, xfont.HintingNone); err == nil {
				x += float64(k) / glyphUnit
			}
		}
		prev, first = g, false
		segs, err := f.Face.LoadGlyph(&buf, g, ppem, nil)
		if err == nil {
			path = appendOutline(path, segs, x, float64(pt.Y))
		}
		if adv, err := f.Face.GlyphAdvance(&buf, g, ppem, xfont.HintingNone); err == nil {
			x += float64(adv) / glyphUnit
		}
	}
	if len(path) > 0 {
		c.Canvas.Fill(path)
	}
}

// appendOutline adds a glyph's contours to path, with the glyph's origin
// at (x0, y0) in points (sfnt's y axis points down, vg's up).
func appendOutline(path vg.Path, segs sfnt.Segments, x0, y0 float64) vg.Path {
	at := func(p fixed.Point26_6) (float64, float64) {
		return x0 + float64(p.X)/glyphUnit, y0 - float64(p.Y)/glyphUnit
	}
	open := false
	var px, py float64 // the pen
	for _, s := range segs {
		switch s.Op {
		case sfnt.SegmentOpMoveTo:
			if open {
				path.Close()
			}
			px, py = at(s.Args[0])
			path.Move(vg.Point{X: vg.Length(px), Y: vg.Length(py)})
			open = true
		case sfnt.SegmentOpLineTo:
			px, py = at(s.Args[0])
			path.Line(vg.Point{X: vg.Length(px), Y: vg.Length(py)})
		case sfnt.SegmentOpQuadTo:
			bx, by := at(s.Args[0])
			cx, cy := at(s.Args[1])
			for i := 1; i <= curveSteps; i++ {
				t := float64(i) / curveSteps
				u := 1 - t
				// (1-t)²·a + 2(1-t)t·b + t²·c
				wa, wb, wc := float64(u*u), float64(2*float64(u*t)), float64(t*t)
				x := float64(wa*px) + float64(wb*bx) + float64(wc*cx)
				y := float64(wa*py) + float64(wb*by) + float64(wc*cy)
				path.Line(vg.Point{X: vg.Length(x), Y: vg.Length(y)})
			}
			px, py = cx, cy
		case sfnt.SegmentOpCubeTo:
			bx, by := at(s.Args[0])
			cx, cy := at(s.Args[1])
			dx, dy := at(s.Args[2])
			for i := 1; i <= curveSteps; i++ {
				t := float64(i) / curveSteps
				u := 1 - t
				// (1-t)³·a + 3(1-t)²t·b + 3(1-t)t²·c + t³·d
				wa := float64(float64(u*u) * u)
				wb := float64(float64(3*float64(u*u)) * t)
				wc := float64(float64(3*u) * float64(t*t))
				wd := float64(float64(t*t) * t)
				x := float64(wa*px) + float64(wb*bx) + float64(wc*cx) + float64(wd*dx)
				y := float64(wa*py) + float64(wb*by) + float64(wc*cy) + float64(wd*dy)
				path.Line(vg.Point{X: vg.Length(x), Y: vg.Length(y)})
			}
			px, py = dx, dy
		}
	}
	if open {
		path.Close()
	}
	return path
}
