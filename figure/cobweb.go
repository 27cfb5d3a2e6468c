package figure

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

// CobwebOptions are the settings of Cobweb. The zero value draws
// ν ↦ ν̃(ν) at ω = 0, τ = 1 for SELU with α01, λ01, ν in [0.01, 30] on
// log–log axes.
type CobwebOptions struct {
	// Map is g. A nil F is SELU with α01, λ01 and a zero Tau is 1.
	Map mapping.Map
	// Mu is the input mean μ, held fixed along the curve (default 0). At
	// ω = 0 the net input's mean μω is 0 whatever μ is, and ν̃ does not
	// depend on it.
	Mu float64
	// Nu is the ν range of both axes, 0 < Nu[0] < Nu[1]; zero means
	// [0.01, 30], where the fixed point (0, 1) and the ν intervals of
	// Theorems 2 and 3 are all visible.
	Nu [2]float64
	// Linear draws linear axes instead of log–log ones.
	Linear bool
	// Grid is the number of points on the curve (default 400, at most
	// MaxGrid), equally spaced in the axes' scale.
	Grid int
	// From are the starts ν₀ of the cobwebs drawn (default none).
	From []float64
	// Steps is the most steps drawn per cobweb (default 100); a cobweb
	// stops within 1e-6·ν* of a fixed point ν*.
	Steps int
}

// cobwebRange is Cobweb's default ν range.
var cobwebRange = [2]float64{0.01, 30}

// Colours of the cobweb figure.
var (
	curveColor    = hexColor("#1b2a49")
	diagonalColor = color.Gray{Y: 120}
	theorem1Band  = hexColor("#f7d4e8") // light magenta, as Ω in the other figures
	theorem2Band  = hexColor("#cfe1f2")
	theorem3aBand = hexColor("#fdd0a2")
	theorem3bBand = hexColor("#feead6")
)

// cobwebFixed is a crossing of the curve with the diagonal.
type cobwebFixed struct {
	Nu    float64 // ν* with ν~(ν*) = ν*
	Slope float64 // dν~/dν at ν* (NaN if it cannot be computed)
}

// cobwebData is what Cobweb computed, for tests.
type cobwebData struct {
	nus, nuTildes []float64 // the curve's points (NaN where g fails)
	fixed         []cobwebFixed
	webs          [][]float64 // ν₀, ν₁, … of each cobweb
}

// Cobweb draws the one-dimensional view of g: the variance one layer later,
// ν ↦ ν̃(μ, ν) at fixed μ, ω, τ, against the diagonal ν̃ = ν. Where the
// curve crosses the diagonal is a fixed point ν*, marked with its slope
// ∂ν̃/∂ν (a dashed tangent): near ν* a deviation of ν is multiplied by the
// slope at every layer. A cobweb from each start ν₀ of From goes up to the
// curve (one layer) and across to the diagonal (the output variance is the
// next layer's input variance), and so on. Shaded are the ν intervals of the
// paper's Theorems 1, 2 and 3 (verify's catalogue), with a note in the
// legend where μ, ω, τ or the activation lie outside a theorem's domain.
//
// At ω = 0 the curve is g's ν component for every μ, the cobweb is g's own
// orbit and the slope at ν* is the spectral radius of ℋ there. At ω ≠ 0 it
// is the slice at the given μ, and the cobweb holds μ fixed, which g does
// not (Field draws both coordinates).
func Cobweb(o CobwebOptions) (*Figure, error) {
	f, _, err := cobweb(o)
	return f, err
}

func cobweb(o CobwebOptions) (*Figure, *cobwebData, error) {
	g, err := mapOf(o.Map)
	if err != nil {
		return nil, nil, err
	}
	r := o.Nu
	if r == [2]float64{} {
		r = cobwebRange
	}
	if !finite(r[0]) || !finite(r[1]) || !(r[0] > 0 && r[0] < r[1]) || !(r[1]-r[0] >= MinRelWidth*r[1]) {
		return nil, nil, fmt.Errorf("figure: ν range [%g, %g]: need finite 0 < A < B with B − A at least %g of B", r[0], r[1], MinRelWidth)
	}
	if !finite(o.Mu) {
		return nil, nil, fmt.Errorf("figure: μ = %g: need a finite mean", o.Mu)
	}
	n, err := gridOf(o.Grid, 400)
	if err != nil {
		return nil, nil, err
	}
	steps := o.Steps
	if steps == 0 {
		steps = 100
	}
	if steps < 0 || steps > fixedpoint.MaxOrbitIter {
		return nil, nil, fmt.Errorf("figure: %d cobweb steps: need 1 to %d", steps, fixedpoint.MaxOrbitIter)
	}
	for _, nu := range o.From {
		if !finite(nu) || !(nu > 0) {
			return nil, nil, fmt.Errorf("figure: cobweb start ν = %g: need a finite ν > 0", nu)
		}
	}
	h := func(nu float64) (float64, bool) {
		m, err := g.Apply(o.Mu, nu)
		return m.Var, err == nil && finite(m.Var) && m.Var >= 0
	}

	// The curve, on points equally spaced in the axes' scale, ends included.
	d := &cobwebData{nus: make([]float64, n+1), nuTildes: make([]float64, n+1)}
	bad := 0
	for k := range d.nus {
		t := float64(k) / float64(n)
		nu := r[0] + t*(r[1]-r[0])
		if !o.Linear {
			nu = math.Exp(math.Log(r[0]) + t*(math.Log(r[1])-math.Log(r[0])))
		}
		if k == n {
			nu = r[1]
		}
		d.nus[k] = nu
		d.nuTildes[k] = math.NaN()
		if v, ok := h(nu); ok {
			d.nuTildes[k] = v
		} else {
			bad++
		}
	}
	if bad == len(d.nus) {
		return nil, nil, fmt.Errorf("figure: g cannot be evaluated anywhere on ν in [%g, %g] at μ = %g, ω = %g, τ = %g", r[0], r[1], o.Mu, g.Omega, g.Tau)
	}
	d.fixed = cobwebFixedPoints(g, o.Mu, d, h)
	for _, nu0 := range o.From {
		d.webs = append(d.webs, cobwebOrbit(nu0, d.fixed, steps, h))
	}

	w := Window{Mu: r, Nu: r, LogNu: !o.Linear}
	p := NewPlot(w)
	scale := ", log scale"
	if o.Linear {
		scale = ""
	} else {
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = LogTicks{}
	}
	p.X.Label.Text = "ν (variance of the inputs" + scale + ")"

	// Theorems' ν intervals (verify's catalogue), under everything else.
	t1 := verify.Theorem1Box
	t2 := verify.NamedClaims("theorem2")[0].Box
	t3a := verify.NamedClaims("theorem3-a")[0].Box
	t3b := verify.NamedClaims("theorem3-b")[0].Box
	t3app := verify.NamedClaims("theorem3-appendix-a")[0].Box
	bands := []band{
		{t1.Nu[0], t1.Nu[1], theorem1Band},
		{t2.Nu[0], t2.Nu[1], theorem2Band},
		{t3a.Nu[1], t3b.Nu[1], theorem3bBand},
		{t3a.Nu[0], t3a.Nu[1], theorem3aBand},
	}
	for _, b := range bands {
		p.Add(b)
	}
	diag, _ := plotter.NewLine(plotter.XYs{{X: r[0], Y: r[0]}, {X: r[1], Y: r[1]}})
	diag.Color, diag.Width = diagonalColor, vg.Points(1.4)
	p.Add(diag)
	curve := Polylines{Style: draw.LineStyle{Color: curveColor, Width: vg.Points(2.4)}}
	var run []fixedpoint.Point
	for k, nu := range d.nus {
		if math.IsNaN(d.nuTildes[k]) || !o.Linear && !(d.nuTildes[k] > 0) {
			if len(run) > 1 {
				curve.Lines = append(curve.Lines, run)
			}
			run = nil
			continue
		}
		run = append(run, fixedpoint.Point{Mu: nu, Nu: d.nuTildes[k]})
	}
	if len(run) > 1 {
		curve.Lines = append(curve.Lines, run)
	}
	p.Add(curve)

	title := "The one-dimensional view: the variance one layer later, ν → ν~(ν)\n" + paramLine(g)
	if g.Omega != 0 {
		title += ", μ = " + fmtShort(o.Mu) + " held fixed"
	}
	fig := &Figure{Title: title, YLabel: "ν~ (variance of the outputs" + scale + ")", Plot: p, Legend: NewLegend()}
	fig.Legend.Add("ν~(ν): variance one layer later", curve)
	fig.Legend.Add("diagonal ν~ = ν", diag)

	// Fixed points and their tangents.
	tangentStyle := draw.LineStyle{Color: color.Black, Width: vg.Points(1.3), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	for _, fp := range d.fixed {
		if !finite(fp.Slope) {
			continue
		}
		var a, b plotter.XY
		if o.Linear {
			u := 0.12 * (r[1] - r[0])
			a, b = plotter.XY{X: fp.Nu - u, Y: fp.Nu - fp.Slope*u}, plotter.XY{X: fp.Nu + u, Y: fp.Nu + fp.Slope*u}
		} else {
			// On log–log axes the slope at a crossing is the same number:
			// d log ν̃ / d log ν = (ν/ν̃)·∂ν̃/∂ν = ∂ν̃/∂ν where ν̃ = ν.
			u := 0.12 * math.Log(r[1]/r[0])
			a = plotter.XY{X: fp.Nu * math.Exp(-u), Y: fp.Nu * math.Exp(-fp.Slope*u)}
			b = plotter.XY{X: fp.Nu * math.Exp(u), Y: fp.Nu * math.Exp(fp.Slope*u)}
		}
		if !o.Linear && !(a.Y > 0 && b.Y > 0 && finite(a.Y) && finite(b.Y)) {
			continue
		}
		tan, _ := plotter.NewLine(plotter.XYs{a, b})
		tan.LineStyle = tangentStyle
		p.Add(tan)
	}
	for k, nu0 := range o.From {
		col := orbitColors[k%len(orbitColors)]
		web := d.webs[k]
		var xys plotter.XYs
		xys = append(xys, plotter.XY{X: web[0], Y: web[0]})
		for i := 1; i < len(web); i++ {
			xys = append(xys, plotter.XY{X: web[i-1], Y: web[i]}, plotter.XY{X: web[i], Y: web[i]})
		}
		line, _ := plotter.NewLine(xys)
		line.Color, line.Width = col, vg.Points(1.5)
		first, _ := plotter.NewScatter(xys[:1])
		first.Color, first.Radius, first.Shape = col, vg.Points(4.5), draw.BoxGlyph{}
		p.Add(line, first)
		fig.Legend.Add(cobwebLabel(nu0, web, d.fixed, steps), line, first)
	}
	for _, fp := range d.fixed {
		// FixedMarker draws at (Point.Mu, Point.Nu) = (x, y) = (ν*, ν*).
		p.Add(FixedMarker{fixedpoint.Point{Mu: fp.Nu, Nu: fp.Nu}})
	}
	for _, fp := range d.fixed {
		slope := "slope not computable"
		if finite(fp.Slope) {
			slope = "slope " + fmtSig(fp.Slope, 4)
		}
		fig.Legend.Add(fmt.Sprintf("fixed point ν* = %s, %s", fmtShort(fp.Nu), slope), FixedMarker{})
	}
	if len(d.fixed) == 0 {
		fig.Legend.Add("no fixed point ν* in the window")
	} else {
		fig.Legend.Add("tangent at ν* (its slope)", tangentLegend{tangentStyle})
	}
	if bad > 0 {
		fig.Legend.Add(fmt.Sprintf("g not computable at %d of %d points", bad, len(d.nus)))
	}
	fig.Legend.Add("Theorem 2: ν~ < ν on ν in "+interval(t2.Nu), Swatch{theorem2Band})
	addApplies(&fig.Legend, t2, o.Mu, g)
	fig.Legend.Add("Theorem 3: ν~ > ν on ν in "+interval(t3a.Nu), Swatch{theorem3aBand})
	fig.Legend.Add("   and in "+interval(t3b.Nu)+" if τ ≥ "+fmtShort(t3b.Tau[0]), Swatch{theorem3bBand})
	addApplies(&fig.Legend, t3a, o.Mu, g)
	fig.Legend.Add("Theorem 1: ν in "+interval(t1.Nu), Swatch{theorem1Band})
	addApplies(&fig.Legend, t1, o.Mu, g)

	what := fmt.Sprintf("The curve is ν~ at μ = %s for %d values of ν, equally spaced in the axis's scale; the cobweb goes up to the curve (one layer: ν to ν~) and across to the diagonal (ν~ is the next layer's ν), and stops within 1e-6·ν* of a fixed point ν*.", fmtShort(o.Mu), len(d.nus))
	if g.Omega == 0 {
		what += " At ω = 0 the net input N(μω, ντ) does not depend on μ: the curve is g's ν component and the cobweb is g's own orbit."
	} else {
		what += " At ω ≠ 0 ν~ depends on μ too: this is the slice at the given μ, and the cobweb holds μ fixed, which g does not (the field figure shows both coordinates)."
	}
	slope := "Where the curve crosses the diagonal ν~ = ν is a fixed point; the slope dν~/dν there (dashed tangent; on log–log axes the same number) multiplies a small deviation of ν at every layer: below 1 in size, the fixed point attracts."
	if g.Omega == 0 {
		slope += " At ω = 0 the slope is also the spectral radius of H, the Jacobian of g."
	}
	fig.Caption = []string{
		what,
		slope,
		fmt.Sprintf("Shaded: the ν intervals of the paper's theorems, each proved for SELU with α01, λ01 on a box in (μ, ω, ν, τ). Theorem 2: ν~ < ν for ν in %s, μ in %s, ω in %s, τ in %s. Theorem 3: ν~ > ν for μ, ω in %s and ν in %s, τ in %s, or ν in %s, τ in %s (the appendix and the proof use ν ≥ %s). Theorem 1 (the fixed point attracts): ν in %s, μ, ω in %s, τ in %s. No theorem covers ν in (%s, %s) or (%s, %s).",
			interval(t2.Nu), interval(t2.Mu), interval(t2.Omega), interval(t2.Tau),
			interval(t3a.Mu), interval(t3a.Nu), interval(t3a.Tau), interval(t3b.Nu), interval(t3b.Tau), fmtShort(t3app.Nu[0]),
			interval(t1.Nu), interval(t1.Mu), interval(t1.Tau),
			fmtShort(t3b.Nu[1]), fmtShort(t1.Nu[0]), fmtShort(t1.Nu[1]), fmtShort(t2.Nu[0])),
	}
	fixRange(p, w)
	return fig, d, nil
}

// cobwebFixedPoints finds the crossings of the curve with the diagonal:
// sign changes of ν̃ − ν between neighbouring curve points, refined by
// bisection (on log ν) to adjacent floats, with the slope ∂ν̃/∂ν from ℋ.
func cobwebFixedPoints(g mapping.Map, mu float64, d *cobwebData, h func(float64) (float64, bool)) []cobwebFixed {
	sign := func(nu, v float64) int {
		switch {
		case v > nu:
			return 1
		case v < nu:
			return -1
		}
		return 0
	}
	var roots []float64
	prev := -1
	for k, nu := range d.nus {
		v := d.nuTildes[k]
		if math.IsNaN(v) {
			prev = -1
			continue
		}
		s := sign(nu, v)
		if s == 0 {
			roots = append(roots, nu)
			prev = -1
			continue
		}
		if prev >= 0 && sign(d.nus[prev], d.nuTildes[prev]) == -s {
			roots = append(roots, bisect(d.nus[prev], nu, s, h, sign))
		}
		prev = k
	}
	out := make([]cobwebFixed, 0, len(roots))
	for _, nu := range roots {
		slope := math.NaN()
		if j, err := jacobian.At(g.F, mu, nu, g.Omega, g.Tau, jacobian.Variance, nil); err == nil {
			slope = j.M[1][1]
		}
		out = append(out, cobwebFixed{Nu: nu, Slope: slope})
	}
	return out
}

// bisect narrows [a, b] (ν̃ − ν of sign −sb at a, sb at b) to adjacent
// floats and returns the end where |ν̃ − ν| is smaller.
func bisect(a, b float64, sb int, h func(float64) (float64, bool), sign func(nu, v float64) int) float64 {
	for range 200 {
		m := math.Sqrt(a) * math.Sqrt(b)
		if !(m > a && m < b) {
			m = a + (b-a)/2
		}
		if !(m > a && m < b) {
			break
		}
		v, ok := h(m)
		if !ok {
			break
		}
		switch sign(m, v) {
		case 0:
			return m
		case sb:
			b = m
		default:
			a = m
		}
	}
	va, oka := h(a)
	vb, okb := h(b)
	if oka && (!okb || math.Abs(va-a) <= math.Abs(vb-b)) {
		return a
	}
	return b
}

// cobwebOrbit iterates ν ↦ ν̃ from nu0 for at most steps steps, stopping
// within 1e-6·ν* of a fixed point, where g fails, or where ν leaves (0, ∞).
func cobwebOrbit(nu0 float64, fixed []cobwebFixed, steps int, h func(float64) (float64, bool)) []float64 {
	web := []float64{nu0}
	at := func(nu float64) bool {
		for _, fp := range fixed {
			if math.Abs(nu-fp.Nu) <= 1e-6*fp.Nu {
				return true
			}
		}
		return false
	}
	nu := nu0
	for range steps {
		if at(nu) {
			break
		}
		v, ok := h(nu)
		if !ok || !(v > 0) {
			break
		}
		nu = v
		web = append(web, nu)
	}
	return web
}

// cobwebLabel is a cobweb's legend text.
func cobwebLabel(nu0 float64, web []float64, fixed []cobwebFixed, maxSteps int) string {
	s := fmt.Sprintf("cobweb from ν = %s: ", fmtShort(nu0))
	last := web[len(web)-1]
	for _, fp := range fixed {
		if math.Abs(last-fp.Nu) <= 1e-6*fp.Nu {
			return s + fmt.Sprintf("%d steps to ν*", len(web)-1)
		}
	}
	if len(web)-1 == maxSteps {
		return s + fmt.Sprintf("%d steps, not at a ν* yet", maxSteps)
	}
	return s + fmt.Sprintf("stops after %d steps (g fails or ν → 0)", len(web)-1)
}

// band is a plotter that shades the x interval [lo, hi] over the plot's
// height.
type band struct {
	lo, hi float64
	color  color.Color
}

// Plot implements plot.Plotter; the part outside the x range is not drawn.
func (b band) Plot(c draw.Canvas, p *plot.Plot) {
	lo, hi := math.Max(b.lo, p.X.Min), math.Min(b.hi, p.X.Max)
	if !(lo < hi) {
		return
	}
	trX, _ := p.Transforms(&c)
	rect := vg.Rectangle{Min: vg.Point{X: trX(lo), Y: c.Min.Y}, Max: vg.Point{X: trX(hi), Y: c.Max.Y}}
	c.SetColor(b.color)
	c.Fill(rect.Path())
}

// tangentLegend is the legend thumbnail of a tangent: a short dashed line.
type tangentLegend struct{ style draw.LineStyle }

// Thumbnail implements plot.Thumbnailer.
func (t tangentLegend) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(t.style, c.Min.X, y, c.Max.X, y)
}

// addApplies adds a note to the legend when μ, g's ω, τ or activation lie
// outside a theorem's box (the theorem then says nothing about this curve);
// the caption states the boxes.
func addApplies(l *plot.Legend, b verify.Box, mu float64, g mapping.Map) {
	if isSELU01(g.F) && mu >= b.Mu[0] && mu <= b.Mu[1] && g.Omega >= b.Omega[0] && g.Omega <= b.Omega[1] && g.Tau >= b.Tau[0] && g.Tau <= b.Tau[1] {
		return
	}
	l.Add("   (does not apply here: its domain is in the caption)")
}

// interval formats [a, b] with typographic minus signs.
func interval(r [2]float64) string {
	return strings.ReplaceAll("["+fmtShort(r[0])+", "+fmtShort(r[1])+"]", "-", "−")
}
