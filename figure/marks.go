package figure

import (
	"fmt"
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

// Colours shared by the figures.
var (
	omegaColor   = hexColor("#e7298a") // Theorem 1's box Ω: magenta
	contourColor = color.RGBA{A: 255}  // the norm = 1 contour: black
)

// OmegaBox returns the outline of the (μ, ν) part of Theorem 1's domain Ω,
// [−0.1, 0.1] × [0.8, 1.5] (verify.Theorem1Box), in magenta.
func OmegaBox() *plotter.Line {
	b := verify.Theorem1Box
	pts := plotter.XYs{{X: b.Mu[0], Y: b.Nu[0]}, {X: b.Mu[1], Y: b.Nu[0]}, {X: b.Mu[1], Y: b.Nu[1]}, {X: b.Mu[0], Y: b.Nu[1]}, {X: b.Mu[0], Y: b.Nu[0]}}
	l, _ := plotter.NewLine(pts)
	l.Color = omegaColor
	l.Width = vg.Points(2.2)
	return l
}

// AddOmegaLegend adds the Ω outline to the legend, with a note when g's
// (ω, τ) or activation lie outside Theorem 1's assumptions (then the
// theorem says nothing about this map).
func AddOmegaLegend(l *plot.Legend, g mapping.Map) {
	b := verify.Theorem1Box
	l.Add("Theorem 1's Ω = [−0.1, 0.1] × [0.8, 1.5]", OmegaBox())
	if g.Omega < b.Omega[0] || g.Omega > b.Omega[1] || g.Tau < b.Tau[0] || g.Tau > b.Tau[1] || !isSELU01(g.F) {
		l.Add("   (not applicable: Theorem 1 needs α01, λ01,")
		l.Add("   ω in [−0.1, 0.1] and τ in [0.95, 1.1])")
	}
}

// FixedMarker is a plotter that marks the fixed point: a white disc with a
// black ring and centre. It is also the legend's thumbnail of it.
type FixedMarker struct{ Point fixedpoint.Point }

// Plot implements plot.Plotter; a point outside the window is not drawn.
func (m FixedMarker) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(m.Point.Mu), Y: trY(m.Point.Nu)}
	if !c.Contains(pt) {
		return
	}
	m.drawAt(&c, pt)
}

func (FixedMarker) drawAt(c *draw.Canvas, pt vg.Point) {
	r := vg.Points(5)
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.White, Radius: r, Shape: draw.CircleGlyph{}}, pt)
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.Black, Radius: r, Shape: draw.RingGlyph{}}, pt)
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.Black, Radius: vg.Points(1.5), Shape: draw.CircleGlyph{}}, pt)
}

// Thumbnail implements plot.Thumbnailer.
func (m FixedMarker) Thumbnail(c *draw.Canvas) { m.drawAt(c, c.Center()) }

// AddFixedPointLegend adds the fixed point r to the legend, with its
// spectral radius when it is unstable.
func AddFixedPointLegend(l *plot.Legend, r fixedpoint.Result) {
	l.Add(fmt.Sprintf("fixed point (μ*, ν*) = (%s, %s)", fmtShort(r.Mu), fmtShort(r.Nu)), FixedMarker{})
	if !r.Stable {
		l.Add(fmt.Sprintf("   unstable: spectral radius of H %s >= 1", fmtShort(r.H.Radius)))
	}
}

// Swatch is a legend thumbnail: a filled square with a thin outline (the
// colours of a heat map).
type Swatch struct{ Color color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s Swatch) Thumbnail(c *draw.Canvas) {
	ctr := c.Center()
	r := vg.Points(5.5)
	rect := vg.Rectangle{Min: vg.Point{X: ctr.X - r, Y: ctr.Y - r}, Max: vg.Point{X: ctr.X + r, Y: ctr.Y + r}}
	c.SetColor(s.Color)
	c.Fill(rect.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(0.5)})
	c.Stroke(rect.Path())
}

// isSELU01 reports whether f is SELU with the paper's α01, λ01.
func isSELU01(f mapping.Activation) bool {
	s, ok := f.(mapping.SELU)
	return ok && s.Alpha == mapping.Alpha01 && s.Lambda == mapping.Lambda01
}

// paramLine describes g's ω, τ and activation for titles.
func paramLine(g mapping.Map) string {
	s := fmt.Sprintf("ω = %s, τ = %s", fmtShort(g.Omega), fmtShort(g.Tau))
	switch f := g.F.(type) {
	case mapping.SELU:
		if isSELU01(f) {
			return s + ", SELU with α01, λ01"
		}
		return s + fmt.Sprintf(", SELU with α = %s, λ = %s", fmtShort(f.Alpha), fmtShort(f.Lambda))
	case mapping.ELU:
		return s + fmt.Sprintf(", ELU with α = %s", fmtShort(f.Alpha))
	}
	return s + ", " + g.F.Name()
}
