package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// Background is what Field colours under its arrows.
type Background int

const (
	// NoBackground leaves the plot white.
	NoBackground Background = iota
	// StepBackground is the step length |g(x) − x| in window units: Δμ over
	// the μ range and Δν over the ν range (Δ log ν over the log range on a
	// log axis), the step as the page shows it up to the aspect ratio.
	StepBackground
	// NormBackground is the spectral norm of ℋ, the Jacobian of g (white at
	// 1, blue below: g contracts there), with its contour at 1.
	NormBackground
)

// FieldOptions are the settings of Field. The zero value draws the paper's
// Figure 2.
type FieldOptions struct {
	// Map is g. A nil F is SELU with α01, λ01 and a zero Tau is 1, so the
	// zero Map is the paper's (ω = 0, τ = 1).
	Map mapping.Map
	// Window is the region shown; a zero range means μ in [−0.4, 0.4] and ν
	// in [0.6, 1.7], around Theorem 1's Ω.
	Window Window
	// Grid is the number of arrows per axis (default 15).
	Grid int
	// From are the starts of the orbits drawn (default none).
	From []fixedpoint.Point
	// OrbitSteps is the most steps of g drawn per orbit (default 100); an
	// orbit stops within 1e-6 of the fixed point.
	OrbitSteps int
	// Background is the colour map under the arrows (default none).
	Background Background
}

// fieldWindow is Field's default window.
var fieldWindow = Window{Mu: [2]float64{-0.4, 0.4}, Nu: [2]float64{0.6, 1.7}}

// fieldGrid is g on the arrow grid.
type fieldGrid struct {
	mu, nu   CellAxis
	from, to []fixedpoint.Point // x and g(x), cell k = i·nμ + j
	ok       []bool             // g(x) drawable
}

func computeField(g mapping.Map, ax, ay CellAxis) (*fieldGrid, error) {
	mus, nus := ax.Points(), ay.Points()
	m := make([]mapping.Moments, len(mus)*len(nus))
	if err := g.Grid(mus, nus, 0, m); err != nil {
		return nil, err
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

// orbitColors are the colours of the orbits, in the order of From.
var orbitColors = []color.RGBA{hexColor("#ff7f0e"), hexColor("#2ca02c"), hexColor("#9467bd"), hexColor("#17becf"), hexColor("#8c564b"), hexColor("#bcbd22")}

// Field draws the vector field of g, the paper's Figure 2: an arrow at each
// point x of a Grid × Grid grid (cell centres of the window) toward g(x),
// directions taken on the page in the axes' own scales and lengths the
// steps times one common factor (the longest arrow is 0.9 grid cell); the
// fixed point, Theorem 1's Ω, the orbits from From and the Background.
func Field(o FieldOptions) (*Figure, error) {
	f, _, err := field(o)
	return f, err
}

// field builds the field figure; the arrow plotter is returned for tests.
func field(o FieldOptions) (*Figure, *arrowPlotter, error) {
	g, w, n, err := setup(o.Map, o.Window, fieldWindow, o.Grid, 15)
	if err != nil {
		return nil, nil, err
	}
	steps := o.OrbitSteps
	if steps == 0 {
		steps = 100
	}
	if steps < 0 || steps > fixedpoint.MaxOrbitIter {
		return nil, nil, fmt.Errorf("figure: %d orbit steps: need 1 to %d", steps, fixedpoint.MaxOrbitIter)
	}
	if o.Background < NoBackground || o.Background > NormBackground {
		return nil, nil, fmt.Errorf("figure: unknown background %d", o.Background)
	}
	for _, p := range o.From {
		if !finite(p.Mu) || !finite(p.Nu) || !(p.Nu > 0) {
			return nil, nil, fmt.Errorf("figure: orbit start (%g, %g): need finite μ and ν > 0", p.Mu, p.Nu)
		}
	}
	ax, ay := w.axes(n, n)
	d, err := computeField(g, ax, ay)
	if err != nil {
		return nil, nil, err
	}
	fp, hasFP := fixedPointOf(g)
	title := "Vector field of the mean/variance map g of one layer"
	if g.Omega == 0 && g.Tau == 1 && isSELU01(g.F) {
		title += " (the paper's Figure 2)"
	}
	title += "\n" + paramLine(g)
	p := NewPlot(w)
	fig := &Figure{Title: title, YLabel: yLabel(w), Plot: p, Legend: NewLegend()}

	bx, by := w.axes(200, 200)
	switch o.Background {
	case StepBackground:
		err = stepBackground(g, fig, bx, by)
	case NormBackground:
		err = normBackground(g, fig, bx, by)
	}
	if err != nil {
		return nil, nil, err
	}
	arrows := &arrowPlotter{d: d}
	p.Add(arrows)
	p.Add(OmegaBox())
	fig.Legend.Add(fmt.Sprintf("step from x toward g(x) (%d × %d grid)", n, n), arrows)
	AddOmegaLegend(&fig.Legend, g)
	for k, start := range o.From {
		col := orbitColors[k%len(orbitColors)]
		line, pts, first, label := orbitPlot(g, start, fp, hasFP, steps, col)
		if line == nil {
			fig.Legend.Add(label)
			continue
		}
		p.Add(line, pts, first)
		fig.Legend.Add(label, line, first)
	}
	if hasFP {
		p.Add(FixedMarker{fp.Point})
		AddFixedPointLegend(&fig.Legend, fp)
	} else {
		fig.Legend.Add("no fixed point with ν > 0 found")
	}
	fixRange(p, w)
	fig.Caption = []string{
		"Arrows: from each grid point x toward g(x), drawn on the page (in the axes' own scales): each arrow is the step g(x) − x times one common factor, so length is proportional to the step length; the longest arrow is 0.9 grid cell.",
		"μ, ν: mean and variance of a layer's inputs; g maps them to those of its outputs. Orbits: x, g(x), g(g(x)), ... joined by straight lines (a square marks the start), until within 1e-6 of the fixed point (μ relative to √ν*, ν to ν*).",
	}
	return fig, arrows, nil
}

// orbitPlot returns the orbit from start (at most maxSteps steps, ending
// within 1e-6 of the fixed point if there is one and it gets there) as a
// line with points, a square at the start, and its legend text. Where not
// even the start can be drawn, the plotters are nil and the text says why.
func orbitPlot(g mapping.Map, start fixedpoint.Point, fp fixedpoint.Result, hasFP bool, maxSteps int, col color.RGBA) (*plotter.Line, *plotter.Scatter, *plotter.Scatter, string) {
	var path []fixedpoint.Point
	var steps int
	var reached bool
	var err error
	if hasFP {
		steps, reached, err = fixedpoint.Orbit(g, start, fp.Point, 1e-6, maxSteps, &path)
	} else {
		// No fixed point to reach: iterate maxSteps steps.
		path = append(path, start)
		for p := start; steps < maxSteps; steps++ {
			m, e := g.Apply(p.Mu, p.Nu)
			if e != nil {
				err = e
				break
			}
			p = fixedpoint.Point{Mu: m.Mean, Nu: m.Var}
			path = append(path, p)
		}
	}
	label := fmt.Sprintf("orbit from (%s, %s): ", fmtShort(start.Mu), fmtShort(start.Nu))
	xys := make(plotter.XYs, 0, len(path))
	for _, q := range path {
		if !finite(q.Mu) || !finite(q.Nu) || !(q.Nu > 0) {
			break
		}
		xys = append(xys, plotter.XY{X: q.Mu, Y: q.Nu})
	}
	if len(xys) == 0 {
		return nil, nil, nil, label + "g cannot be evaluated there"
	}
	line, pts, _ := plotter.NewLinePoints(xys)
	line.Color, line.Width = col, vg.Points(1.6)
	pts.Color, pts.Radius, pts.Shape = col, vg.Points(2.6), draw.CircleGlyph{}
	first, _ := plotter.NewScatter(xys[:1])
	first.Color, first.Radius, first.Shape = col, vg.Points(4.5), draw.BoxGlyph{}
	switch {
	case err != nil:
		label += fmt.Sprintf("g fails after %d steps", steps)
	case reached:
		label += fmt.Sprintf("%d steps", steps)
	case !hasFP:
		label += fmt.Sprintf("%d steps (no fixed point to reach)", steps)
	default:
		label += fmt.Sprintf("%d steps, not there yet", steps)
	}
	return line, pts, first, label
}

// stepBackground adds the colour map of the step length |g(x) − x| in
// window units (StepBackground).
func stepBackground(g mapping.Map, fig *Figure, ax, ay CellAxis) error {
	mus, nus := ax.Points(), ay.Points()
	m := make([]mapping.Moments, len(mus)*len(nus))
	if err := g.Grid(mus, nus, 0, m); err != nil {
		return err
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
	grad := LightOranges(0, math.Max(hi, 1e-300))
	img, bad := HeatImage(v, valid, ax.N, ay.N, grad)
	fig.Plot.Add(raster(img, ax, ay))
	fig.Bar = &ColorBar{Gradient: grad, Label: "step |g(x) − x| (window units)"}
	if bad > 0 {
		fig.Legend.Add(fmt.Sprintf("g not computable (%d cells)", bad), Swatch{InvalidColor})
	}
	return nil
}

// normBackground adds the colour map of ℋ's spectral norm and its contour
// at 1 (NormBackground).
func normBackground(g mapping.Map, fig *Figure, ax, ay CellAxis) error {
	r, err := jacobian.NormGrid(g, ax.Points(), ay.Points(), nil)
	if err != nil {
		return err
	}
	lo, hi := validRange(r.Norm, r.Valid)
	grad := BlueWhiteRed(lo, math.Max(hi, lo+1e-9), 1)
	img, bad := HeatImage(r.Norm, r.Valid, ax.N, ay.N, grad)
	fig.Plot.Add(raster(img, ax, ay))
	fig.Bar = &ColorBar{Gradient: grad, Label: "spectral norm of H"}
	cont := Polylines{Lines: ContourLines(r.Norm, r.Valid, ax, ay, 1), Style: draw.LineStyle{Color: contourColor, Width: vg.Points(1.8), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}}}
	fig.Plot.Add(cont)
	fig.Legend.Add("spectral norm of H = 1", cont)
	if bad > 0 {
		fig.Legend.Add(fmt.Sprintf("H not computable (%d cells)", bad), Swatch{InvalidColor})
	}
	return nil
}
