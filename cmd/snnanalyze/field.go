package main

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"github.com/spf13/pflag"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

var fieldCommand = &command{
	name:    "field",
	summary: "figure: the vector field of g, arrows from (μ, ν) toward g(μ, ν) (the paper's Figure 2)",
	usage:   "-o FILE.png|FILE.svg [--grid N] [--from MU,NU]... [--background none|step|norm] [--mu-range A:B] [--nu-range A:B] [--log-nu] [--omega W] [--tau T] [flags]",
	long: `
Draws an arrow at each point x = (μ, ν) of an N × N grid (cell centres of the
window), pointing from x toward g(x) = (μ̃, ν̃). Directions are computed on
the page, from the axes' own scales (linear or log), so an arrow points where
g maps in the drawn coordinates even when the axes' scales differ. Lengths
show relative step sizes: every arrow is the step g(x) − x on the page
multiplied by one common factor, chosen so that the longest arrow is 0.9
grid cell (the caption prints the factor). Short arrows near the fixed point
mean small steps.

Also drawn: the fixed point of g (white disc), the (μ, ν) part of Theorem 1's
domain Ω = [−0.1, 0.1] × [0.8, 1.5] (magenta; the theorem needs ω in
[−0.1, 0.1] and τ in [0.95, 1.1], and the legend says when it does not
apply), orbits x, g(x), g(g(x)), … from each --from point, and with
--background a colour map of the step length |g(x) − x| in window units
(each axis divided by its range, log ν on a log axis) or of the spectral norm
of ℋ, the Jacobian of g (blue < 1 < red), with a colour bar.

The defaults reproduce the paper's Figure 2 (ω = 0, τ = 1, α01, λ01) on a
window around Ω. --width and --height are in inches; a PNG has width·dpi ×
height·dpi pixels. The format follows the extension of -o (.png or .svg).
The same inputs give the same bytes.`,
	examples: []string{
		"snnanalyze field -o field.png",
		"snnanalyze field -o field.svg --from 0.3,1.6 --from -0.35,0.65 --background step",
		"snnanalyze field -o field.png --omega 0.1 --tau 1.1 --mu-range -1:1 --nu-range 0.05:4 --log-nu --background norm",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		o := newFieldOptions(fs)
		return func(out, errw io.Writer) error { return runField(out, o) }
	},
}

// newFieldOptions defines the field command's flags.
func newFieldOptions(fs *pflag.FlagSet) *fieldOptions {
	o := &fieldOptions{}
	o.define(fs, figDefaults{mu: [2]float64{-0.4, 0.4}, nu: [2]float64{0.6, 1.7}, width: 9.6, height: 6.4})
	grid := intFlag{p: &o.grid, min: 2, max: 100}
	o.grid = 15
	fs.Var(&grid, "grid", "arrows per axis (2 to 100)")
	fs.Var(&o.from, "from", "start of an orbit MU,NU (repeatable)")
	steps := intFlag{p: &o.orbitSteps, min: 1, max: 10000}
	o.orbitSteps = 100
	fs.Var(&steps, "orbit-steps", "the most steps of g drawn per orbit; an orbit stops within 1e-6 of the fixed point (1 to 10000)")
	choiceVar(fs, &o.background, "background", "none", []string{"none", "step", "norm"}, "colour map under the arrows")
	return o
}

type fieldOptions struct {
	figOptions
	grid, orbitSteps int
	from             pointsFlag
	background       string
}

// fieldGrid is g on the arrow grid.
type fieldGrid struct {
	mu, nu   fixedpoint.CellAxis
	from, to []fixedpoint.Point // x and g(x), cell k = i·nμ + j
	ok       []bool             // g(x) drawable
}

func computeField(o *fieldOptions) (*fieldGrid, error) {
	ax, ay := o.axes(o.grid, o.grid)
	mus, nus := ax.Points(), ay.Points()
	m := make([]mapping.Moments, len(mus)*len(nus))
	g := o.mapOf()
	if err := g.Grid(mus, nus, 0, m); err != nil {
		return nil, usagef("--mu-range, --nu-range: %v", err)
	}
	d := &fieldGrid{mu: ax, nu: ay, from: make([]fixedpoint.Point, len(m)), to: make([]fixedpoint.Point, len(m)), ok: make([]bool, len(m))}
	for i, nu := range nus {
		for j, mu := range mus {
			k := i*len(mus) + j
			d.from[k] = fixedpoint.Point{Mu: mu, Nu: nu}
			d.to[k] = fixedpoint.Point{Mu: m[k].Mean, Nu: m[k].Var}
			d.ok[k] = finite(m[k].Mean) && finite(m[k].Var) && m[k].Var > 0
		}
	}
	return d, nil
}

// arrow is one arrow on the page (canvas coordinates).
type arrow struct{ tail, tip vg.Point }

// fieldArrows returns the arrows on the data canvas c of plot p: each from
// x toward g(x), the step g(x) − x taken on the page (through the plot's
// transforms, so in the drawn coordinates whatever the axes' scales) and
// multiplied by one factor that makes the longest arrow 0.9 grid cell. It
// also returns that factor (page length of an arrow / page length of its
// step). Cells where g(x) is not drawable get no arrow (ok false).
func fieldArrows(p *plot.Plot, c draw.Canvas, d *fieldGrid) (arrows []arrow, ok []bool, factor float64) {
	trX, trY := p.Transforms(&c)
	cell := math.Min(float64(c.Max.X-c.Min.X)/float64(d.mu.N), float64(c.Max.Y-c.Min.Y)/float64(d.nu.N))
	steps := make([][2]float64, len(d.from))
	longest := 0.0
	for k := range d.from {
		if !d.ok[k] {
			continue
		}
		dx := float64(trX(d.to[k].Mu) - trX(d.from[k].Mu))
		dy := float64(trY(d.to[k].Nu) - trY(d.from[k].Nu))
		steps[k] = [2]float64{dx, dy}
		longest = math.Max(longest, math.Hypot(dx, dy))
	}
	factor = 0
	if longest > 0 {
		factor = 0.9 * cell / longest
	}
	arrows = make([]arrow, len(d.from))
	ok = make([]bool, len(d.from))
	for k := range d.from {
		if !d.ok[k] {
			continue
		}
		tail := vg.Point{X: trX(d.from[k].Mu), Y: trY(d.from[k].Nu)}
		arrows[k] = arrow{tail: tail, tip: vg.Point{X: tail.X + vg.Length(factor*steps[k][0]), Y: tail.Y + vg.Length(factor*steps[k][1])}}
		ok[k] = true
	}
	return arrows, ok, factor
}

var arrowColor = hexColor("#1b2a49")

// arrowPlotter draws the field's arrows and remembers the factor.
type arrowPlotter struct {
	d      *fieldGrid
	factor float64
}

func (a *arrowPlotter) Plot(c draw.Canvas, p *plot.Plot) {
	arrows, ok, factor := fieldArrows(p, c, a.d)
	a.factor = factor
	sty := draw.LineStyle{Color: arrowColor, Width: vg.Points(1.1)}
	for k, ar := range arrows {
		if ok[k] {
			drawArrow(&c, sty, ar)
		}
	}
}

func (a *arrowPlotter) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	drawArrow(c, draw.LineStyle{Color: arrowColor, Width: vg.Points(1.1)}, arrow{vg.Point{X: c.Min.X, Y: y}, vg.Point{X: c.Max.X, Y: y}})
}

// drawArrow strokes one path: the shaft, then the two sides of the head
// (length min(35 % of the arrow, 6 pt), 25° each side).
func drawArrow(c *draw.Canvas, sty draw.LineStyle, a arrow) {
	dx, dy := float64(a.tip.X-a.tail.X), float64(a.tip.Y-a.tail.Y)
	l := math.Hypot(dx, dy)
	var path vg.Path
	path.Move(a.tail)
	path.Line(a.tip)
	if l > 0 {
		h := math.Min(0.35*l, 6)
		ang := math.Atan2(dy, dx)
		for _, s := range []float64{-1, 1} {
			t := ang + math.Pi - s*25*math.Pi/180
			path.Move(vg.Point{X: a.tip.X + vg.Length(h*math.Cos(t)), Y: a.tip.Y + vg.Length(h*math.Sin(t))})
			path.Line(a.tip)
		}
	}
	c.SetLineStyle(sty)
	c.Stroke(path)
}

// orbitColors are the colours of the orbits, in the order of --from.
var orbitColors = []color.RGBA{hexColor("#ff7f0e"), hexColor("#2ca02c"), hexColor("#9467bd"), hexColor("#17becf"), hexColor("#8c564b"), hexColor("#bcbd22")}

func runField(out io.Writer, o *fieldOptions) error {
	format, err := o.check()
	if err != nil {
		return err
	}
	fig, _, err := fieldFigure(o)
	if err != nil {
		return err
	}
	if err := fig.save(&o.figOptions, format); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", o.output)
	return nil
}

// fieldFigure builds the field figure; the arrow plotter is returned for
// tests.
func fieldFigure(o *fieldOptions) (*figure, *arrowPlotter, error) {
	d, err := computeField(o)
	if err != nil {
		return nil, nil, err
	}
	fp, hasFP := o.fixedPointOf()
	title := "Vector field of the mean/variance map g of one layer"
	if o.s.omega == 0 && o.s.tau == 1 && o.s.activation == "selu" && o.s.alpha == mapping.Alpha01 && o.s.lambda == mapping.Lambda01 {
		title += " (the paper's Figure 2)"
	}
	title += "\n" + o.paramLine()
	p := newPlot(&o.figOptions)
	fig := &figure{title: title, yLabel: yLabel(&o.figOptions), plot: p, legend: newLegend()}

	ax, ay := o.axes(200, 200)
	switch o.background {
	case "step":
		err = stepBackground(o, fig, ax, ay)
	case "norm":
		err = normBackground(o, fig, ax, ay)
	}
	if err != nil {
		return nil, nil, err
	}
	arrows := &arrowPlotter{d: d}
	p.Add(arrows)
	p.Add(omegaBox())
	fig.legend.Add(fmt.Sprintf("step from x toward g(x) (%d × %d grid)", o.grid, o.grid), arrows)
	addOmegaLegend(&fig.legend, &o.figOptions)
	for n, start := range o.from.p {
		col := orbitColors[n%len(orbitColors)]
		line, pts, first, label := orbitPlot(o, start, fp, hasFP, col)
		p.Add(line, pts, first)
		fig.legend.Add(label, line, first)
	}
	if hasFP {
		p.Add(fixedMarker{fp.Point})
		addFixedLegend(&fig.legend, fp)
	} else {
		fig.legend.Add("no fixed point with ν > 0 found")
	}
	fixRange(p, &o.figOptions)
	fig.caption = []string{
		"Arrows: from each grid point x toward g(x), drawn on the page (in the axes' own scales): each arrow is the step g(x) − x times one common factor, so length is proportional to the step length; the longest arrow is 0.9 grid cell.",
		"μ, ν: mean and variance of a layer's inputs; g maps them to those of its outputs. Orbits: x, g(x), g(g(x)), ... joined by straight lines (a square marks the start), until within 1e-6 of the fixed point (μ relative to √ν*, ν to ν*).",
	}
	return fig, arrows, nil
}

func fmtSig(v float64, digits int) string { return strconv.FormatFloat(v, 'g', digits, 64) }

// orbitPlot returns the orbit from start (at most --orbit-steps steps, ending
// within 1e-6 of the fixed point if it gets there) as a line with points,
// a square at the start, and its legend text.
func orbitPlot(o *fieldOptions, start fixedpoint.Point, fp fixedpoint.Result, hasFP bool, col color.RGBA) (*plotter.Line, *plotter.Scatter, *plotter.Scatter, string) {
	g := o.mapOf()
	var path []fixedpoint.Point
	target, tol := start, -1.0 // never reached: iterate --orbit-steps steps
	if hasFP {
		target, tol = fp.Point, 1e-6
	}
	steps, reached, err := fixedpoint.Orbit(g, start, target, tol, o.orbitSteps, &path)
	xys := make(plotter.XYs, 0, len(path))
	for _, q := range path {
		if finite(q.Mu) && finite(q.Nu) && q.Nu > 0 {
			xys = append(xys, plotter.XY{X: q.Mu, Y: q.Nu})
		}
	}
	line, pts, _ := plotter.NewLinePoints(xys)
	line.Color, line.Width = col, vg.Points(1.6)
	pts.Color, pts.Radius, pts.Shape = col, vg.Points(2.6), draw.CircleGlyph{}
	first, _ := plotter.NewScatter(xys[:1])
	first.Color, first.Radius, first.Shape = col, vg.Points(4.5), draw.BoxGlyph{}
	label := fmt.Sprintf("orbit from (%s, %s): ", fmtShort(start.Mu), fmtShort(start.Nu))
	switch {
	case err != nil:
		label += fmt.Sprintf("g fails after %d steps", steps)
	case reached:
		label += fmt.Sprintf("%d steps", steps)
	default:
		label += fmt.Sprintf("%d steps, not there yet", steps)
	}
	return line, pts, first, label
}

// stepBackground adds the colour map of the step length |g(x) − x| in
// window units: Δμ over the μ range and Δν over the ν range (Δ log ν over
// the log range on a log axis), the step as the page shows it up to the
// aspect ratio.
func stepBackground(o *fieldOptions, fig *figure, ax, ay fixedpoint.CellAxis) error {
	mus, nus := ax.Points(), ay.Points()
	m := make([]mapping.Moments, len(mus)*len(nus))
	if err := o.mapOf().Grid(mus, nus, 0, m); err != nil {
		return usagef("--mu-range, --nu-range: %v", err)
	}
	v := make([]float64, len(m))
	valid := make([]bool, len(m))
	for i, nu := range nus {
		for j, mu := range mus {
			k := i*len(mus) + j
			dmu := (m[k].Mean - mu) / (ax.Hi - ax.Lo)
			dnu := (m[k].Var - nu) / (ay.Hi - ay.Lo)
			if ay.Log {
				dnu = math.Log(m[k].Var/nu) / math.Log(ay.Hi/ay.Lo)
			}
			v[k] = math.Hypot(dmu, dnu)
			valid[k] = finite(v[k]) && m[k].Var > 0
		}
	}
	_, hi := validRange(v, valid)
	grad := lightOranges(0, math.Max(hi, 1e-300))
	img, bad := heatImage(v, valid, ax.N, ay.N, grad)
	fig.plot.Add(&raster{img: img, xmin: ax.Lo, xmax: ax.Hi, ymin: ay.Lo, ymax: ay.Hi})
	fig.bar = &colorBar{g: grad, label: "step |g(x) − x| (window units)"}
	if bad > 0 {
		fig.legend.Add(fmt.Sprintf("g not computable (%d cells)", bad), swatch{invalidColor})
	}
	return nil
}

// normBackground adds the colour map of ℋ's spectral norm (white at 1, blue
// below: g contracts there) and its contour at 1.
func normBackground(o *fieldOptions, fig *figure, ax, ay fixedpoint.CellAxis) error {
	r, err := jacobian.NormGrid(o.mapOf(), ax.Points(), ay.Points(), nil)
	if err != nil {
		return usagef("--mu-range, --nu-range: %v", err)
	}
	lo, hi := validRange(r.Norm, r.Valid)
	grad := blueWhiteRed(lo, math.Max(hi, lo+1e-9), 1)
	img, bad := heatImage(r.Norm, r.Valid, ax.N, ay.N, grad)
	fig.plot.Add(&raster{img: img, xmin: ax.Lo, xmax: ax.Hi, ymin: ay.Lo, ymax: ay.Hi})
	fig.bar = &colorBar{g: grad, label: "spectral norm of H"}
	cont := polylines{lines: contourLines(r.Norm, r.Valid, ax, ay, 1), style: draw.LineStyle{Color: contourColor, Width: vg.Points(1.8), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}}}
	fig.plot.Add(cont)
	fig.legend.Add("spectral norm of H = 1", cont)
	if bad > 0 {
		fig.legend.Add(fmt.Sprintf("H not computable (%d cells)", bad), swatch{invalidColor})
	}
	return nil
}
