package figure

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/meanfield"
)

// CMapOptions are the settings of CMap. The zero value draws the centred
// correlation map at the fixed point (0, 1) of g for ω = 0, τ = 1, SELU with
// α01, λ01, over c in [−1, 1].
type CMapOptions struct {
	// Map is the layer: its activation, ω and τ. A nil F is SELU with α01,
	// λ01 and a zero Tau is 1.
	Map mapping.Map
	// At is the input statistics (μ, ν); nil means the fixed point of g for
	// (ω, τ), found as fixedpoint.Find does from (0, 1).
	At *fixedpoint.Point
	// Uncentred draws E[f(z₁)f(z₂)]/E[f(z)²] (Poole et al.) instead of the
	// centred map (E[f(z₁)f(z₂)] − μ̃²)/ν̃.
	Uncentred bool
	// C is the c range of both axes, −1 ≤ C[0] < C[1] ≤ 1; zero means
	// [−1, 1].
	C [2]float64
	// Grid is the number of intervals of the curve (default 400, at most
	// MaxGrid).
	Grid int
	// From are the starts c₀ of the cobwebs drawn (default none).
	From []float64
	// Steps is the most steps drawn per cobweb (default 1000, at most
	// MaxCMapSteps); a cobweb stops within 1e-6 of a fixed point.
	Steps int
}

// MaxCMapSteps bounds CMapOptions.Steps.
const MaxCMapSteps = 100000

// cmapScanStep is the spacing of the scan of [−1, 1] for fixed points.
const cmapScanStep = 0.01

// cmapZeroTol: |c~(c) − c| at or below it counts as no sign (rounding of a
// correlation near a fixed point; c~ is accurate to about 1e-14).
const cmapZeroTol = 1e-12

// cmapFixed is a fixed point c* = c~(c*) of the drawn map.
type cmapFixed struct {
	C, Slope float64
}

// cmapData is what CMap computed, for tests.
type cmapData struct {
	at           fixedpoint.Point
	cs, values   []float64 // the curve
	fixed        []cmapFixed
	nearIdentity bool // |c~(c) − c| ≤ 1e-9 at every scanned c
	webs         [][]float64
}

// CMap draws the correlation map of one layer: two inputs whose activations
// have mean μ, variance ν and correlation c give net inputs z₁, z₂ ~
// N(μω, ντ) with correlation c, and c~(c) is the correlation of f(z₁) and
// f(z₂) (meanfield.Map), against the diagonal. Its fixed points (c = 0 and
// c = 1 for the centred map, c = 1 for the uncentred one, and any other
// found by a scan of [−1, 1] with step 0.01 and bisection) are marked with
// their slopes (dashed tangents; the legend gives each slope and whether it
// attracts), and a cobweb from each start of From goes up to the curve (one
// layer) and across to the diagonal. The error wraps ErrNoFixedPoint when
// At is nil and g has no fixed point.
func CMap(o CMapOptions) (*Figure, error) {
	f, _, err := cmap(o)
	return f, err
}

func cmap(o CMapOptions) (*Figure, *cmapData, error) {
	g, err := mapOf(o.Map)
	if err != nil {
		return nil, nil, err
	}
	r := o.C
	if r == [2]float64{} {
		r = [2]float64{-1, 1}
	}
	if !(r[0] >= -1 && r[0] < r[1] && r[1] <= 1) || !(r[1]-r[0] >= MinRelWidth) {
		return nil, nil, fmt.Errorf("figure: c range [%g, %g]: need −1 ≤ A < B ≤ 1 with B − A ≥ %g", r[0], r[1], MinRelWidth)
	}
	n, err := gridOf(o.Grid, 400)
	if err != nil {
		return nil, nil, err
	}
	steps := o.Steps
	if steps == 0 {
		steps = 1000
	}
	if steps < 1 || steps > MaxCMapSteps {
		return nil, nil, fmt.Errorf("figure: %d cobweb steps: need 1 to %d", steps, MaxCMapSteps)
	}
	for _, c := range o.From {
		if !(c >= -1 && c <= 1) {
			return nil, nil, fmt.Errorf("figure: cobweb start c = %g: need −1 ≤ c ≤ 1", c)
		}
	}
	d := &cmapData{}
	atFixed := o.At == nil
	if atFixed {
		fp, ok := fixedPointOf(g)
		if !ok {
			return nil, nil, fmt.Errorf("%w for ω = %g, τ = %g", ErrNoFixedPoint, g.Omega, g.Tau)
		}
		d.at = fp.Point
	} else {
		d.at = *o.At
	}
	m, err := meanfield.NewMap(g.F, d.at.Mu, d.at.Nu, g.Omega, g.Tau)
	if err != nil {
		return nil, nil, fmt.Errorf("figure: %w", err)
	}
	mo := m.Moments
	// h is the drawn map; its slope is the centred one's times ν~/ξ~ when
	// uncentred (the same derivative, another denominator).
	h := func(c float64) (float64, error) {
		v, err := m.At(c)
		if o.Uncentred {
			return v.Uncentred, err
		}
		return v.Centred, err
	}
	slope := func(c float64) float64 {
		s, err := m.Slope(c)
		if err != nil {
			return math.NaN()
		}
		if o.Uncentred {
			return s * mo.Var / mo.Second
		}
		return s
	}

	// The curve, ends included.
	d.cs, d.values = make([]float64, n+1), make([]float64, n+1)
	for k := range d.cs {
		c := r[0] + float64(k)/float64(n)*(r[1]-r[0])
		if k == n {
			c = r[1]
		}
		v, err := h(c)
		if err != nil {
			return nil, nil, fmt.Errorf("figure: %w", err)
		}
		d.cs[k], d.values[k] = c, v
	}
	known := []float64{0, 1}
	if o.Uncentred {
		known = []float64{1}
	}
	fixed, near, err := cmapFixedPoints(h, slope, known)
	if err != nil {
		return nil, nil, fmt.Errorf("figure: %w", err)
	}
	d.nearIdentity = near
	for _, c := range fixed {
		d.fixed = append(d.fixed, cmapFixed{C: c, Slope: slope(c)})
	}
	for _, c0 := range o.From {
		d.webs = append(d.webs, cmapOrbit(c0, d.fixed, steps, h))
	}

	// The picture.
	w := Window{Mu: r, Nu: r}
	p := NewPlot(w)
	p.X.Label.Text = "c (correlation of the two inputs)"
	diag, _ := plotter.NewLine(plotter.XYs{{X: r[0], Y: r[0]}, {X: r[1], Y: r[1]}})
	diag.Color, diag.Width = diagonalColor, vg.Points(1.4)
	p.Add(diag)
	line := make([]fixedpoint.Point, len(d.cs))
	for k, c := range d.cs {
		line[k] = fixedpoint.Point{Mu: c, Nu: d.values[k]}
	}
	curve := Polylines{Lines: [][]fixedpoint.Point{line}, Style: draw.LineStyle{Color: curveColor, Width: vg.Points(2.4)}}
	p.Add(curve)

	which, formula, what, knownText := "centred", "c~ = (E[f(z₁)f(z₂)] − μ~²)/ν~", "the correlation of f(z₁) and f(z₂)", "c = 0 and c = 1 are always fixed points"
	if o.Uncentred {
		which, formula, what, knownText = "uncentred", "c~ = E[f(z₁)f(z₂)]/E[f(z)²]", "the cosine similarity of f(z₁) and f(z₂) (Poole et al.'s correlation)", "c = 1 is always a fixed point (c = 0 only where μ~ = 0)"
	}
	where := fmt.Sprintf("at (μ, ν) = (%s, %s)", fmtShort(d.at.Mu), fmtShort(d.at.Nu))
	if atFixed {
		where = fmt.Sprintf("at the fixed point (μ, ν) = (%s, %s) of g", fmtShort(d.at.Mu), fmtShort(d.at.Nu))
	}
	title := fmt.Sprintf("The correlation map of two inputs, %s: c → c~(c)\n%s, %s", which, paramLine(g), where)
	fig := &Figure{Title: title, YLabel: "c~ (correlation one layer later)", Plot: p, Legend: NewLegend()}
	fig.Legend.Add(formula, curve)
	fig.Legend.Add("diagonal c~ = c", diag)

	tangentStyle := draw.LineStyle{Color: color.Black, Width: vg.Points(1.3), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
	u := 0.12 * (r[1] - r[0])
	for _, fp := range d.fixed {
		if !finite(fp.Slope) {
			continue
		}
		tan, _ := plotter.NewLine(plotter.XYs{{X: fp.C - u, Y: fp.C - fp.Slope*u}, {X: fp.C + u, Y: fp.C + fp.Slope*u}})
		tan.LineStyle = tangentStyle
		p.Add(tan)
	}
	for k, c0 := range o.From {
		col := orbitColors[k%len(orbitColors)]
		web := d.webs[k]
		xys := plotter.XYs{{X: web[0], Y: web[0]}}
		for i := 1; i < len(web); i++ {
			xys = append(xys, plotter.XY{X: web[i-1], Y: web[i]}, plotter.XY{X: web[i], Y: web[i]})
		}
		l, _ := plotter.NewLine(xys)
		l.Color, l.Width = col, vg.Points(1.5)
		first, _ := plotter.NewScatter(xys[:1])
		first.Color, first.Radius, first.Shape = col, vg.Points(4.5), draw.BoxGlyph{}
		p.Add(l, first)
		fig.Legend.Add(cmapWebLabel(c0, web, d.fixed, steps), l, first)
	}
	for _, fp := range d.fixed {
		p.Add(FixedMarker{fixedpoint.Point{Mu: fp.C, Nu: fp.C}})
	}
	for _, fp := range d.fixed {
		first, second := cmapFixedLabel(fp)
		fig.Legend.Add(first, FixedMarker{})
		fig.Legend.Add("   " + second)
	}
	fig.Legend.Add("tangent at c* (its slope)", tangentLegend{tangentStyle})
	if d.nearIdentity {
		fig.Legend.Add("c~(c) = c within 1e-9 at every scanned c:")
		fig.Legend.Add("   f is nearly linear on the net input's range")
	}
	if r != [2]float64{-1, 1} {
		fig.Legend.Add("(the fixed points listed are those in [−1, 1])")
	}

	s1 := fmt.Sprintf("The slope at c = 1 is ντ·E[f′(z)²]/%s = %s", map[bool]string{false: "ν~", true: "E[f(z)²]"}[o.Uncentred], fmtSig(slope(1), 6))
	if !o.Uncentred && atFixed {
		s1 += ", which is χ₁ = τ·E[f′(z)²] at a fixed point of g (ν~ = ν)"
	}
	s1 += ": above 1, inputs that are nearly equal separate with depth (the chaotic phase); below 1 they converge (ordered)."
	coincide := fmt.Sprintf("The centred and uncentred maps coincide where μ~ = 0; here μ~ = %s.", fmtShort(mo.Mean))
	fig.Caption = []string{
		fmt.Sprintf("Two inputs whose activations have mean μ, variance ν and correlation c give net inputs z₁, z₂ ~ N(μω, ντ) with correlation c; the curve is %s, %s, at %d values of c equally spaced on the window (μ~ = %s, ν~ = %s, E[f(z)²] = %s). %s",
			formula, what, len(d.cs), fmtShort(mo.Mean), fmtShort(mo.Var), fmtShort(mo.Second), coincide),
		"Where the curve crosses the diagonal is a fixed point c*; its slope dc~/dc (dashed tangent, value in the legend) multiplies a small deviation from c* at every layer: below 1 in size, c* attracts. " + s1 +
			fmt.Sprintf(" %s; others are found where c~(c) − c changes sign on a scan of [−1, 1] with step %s, refined by bisection.", knownText, fmtShort(cmapScanStep)),
		"A cobweb goes up to the curve (one layer: c to c~) and across to the diagonal (c~ is the next layer's c), until within 1e-6 of a fixed point.",
	}
	fixRange(p, w)
	return fig, d, nil
}

// cmapFixedPoints returns the fixed points of h on [−1, 1], increasing: the
// known ones, and any other where q(c) = (h(c) − c)/Π(c − k) (the product
// over the known fixed points k) changes sign between neighbouring points of
// a scan with step cmapScanStep, refined by bisection to 1e-15. Dividing by
// the known roots' factors keeps a root next to one of them (between it and
// the next scan point) from being hidden by its sign change; at a known root
// q is its limit (slope(k) − 1)/Π(k − k′). On the scan, |h(c) − c| ≤
// cmapZeroTol counts as no sign (rounding); the bisection uses the sign of
// h(c) − c itself, so that it stops where the rounding of h does. A pair of
// fixed points closer than the step can be missed. near reports that |h(c) − c| ≤ 1e-9 at every scanned point.
func cmapFixedPoints(h func(float64) (float64, error), slope func(float64) float64, known []float64) (roots []float64, near bool, err error) {
	// sign returns the sign of q(c) (0: none, or |h(c) − c| ≤ zeroTol) and
	// |h(c) − c|.
	sign := func(c, zeroTol float64) (int, float64, error) {
		var num, den float64 = 0, 1
		atKnown := false
		for _, k := range known {
			if c == k {
				atKnown = true
				continue
			}
			den *= c - k
		}
		var dev float64
		if atKnown {
			num = slope(c) - 1
			if !(math.Abs(num) > 1e-9) {
				num = 0 // neutral, or a slope not computable
			}
		} else {
			v, err := h(c)
			if err != nil {
				return 0, 0, err
			}
			num, dev = v-c, math.Abs(v-c)
			if dev <= zeroTol {
				num = 0
			}
		}
		switch q := num / den; {
		case q > 0:
			return 1, dev, nil
		case q < 0:
			return -1, dev, nil
		}
		return 0, dev, nil
	}
	roots = append(roots, known...)
	near = true
	steps := int(math.Round(2 / cmapScanStep))
	prevC, prevS := math.NaN(), 0
	for k := 0; k <= steps; k++ {
		c := -1 + float64(k)*cmapScanStep
		if k == steps {
			c = 1
		}
		if math.Abs(c) < cmapScanStep/2 {
			c = 0
		}
		s, dev, err := sign(c, cmapZeroTol)
		if err != nil {
			return nil, false, err
		}
		if dev > 1e-9 {
			near = false
		}
		if s == 0 {
			prevS = 0
			continue
		}
		if prevS == -s {
			a, b := prevC, c
			for b-a > 1e-15 {
				mid := a + (b-a)/2
				if !(mid > a && mid < b) {
					break
				}
				sm, _, err := sign(mid, 0)
				if err != nil {
					return nil, false, err
				}
				if sm == 0 {
					a, b = mid, mid
				} else if sm == prevS {
					a = mid
				} else {
					b = mid
				}
			}
			roots = append(roots, a+(b-a)/2)
		}
		prevC, prevS = c, s
	}
	sortSmall(roots)
	return roots, near, nil
}

// sortSmall sorts a few numbers in place.
func sortSmall(v []float64) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

// cmapOrbit iterates c ↦ c~(c) from c0 for at most steps steps, stopping
// within 1e-6 of a fixed point or where the map cannot be evaluated.
func cmapOrbit(c0 float64, fixed []cmapFixed, steps int, h func(float64) (float64, error)) []float64 {
	web := []float64{c0}
	c := c0
	for range steps {
		if cmapAt(c, fixed) >= 0 {
			break
		}
		v, err := h(c)
		if err != nil || !finite(v) {
			break
		}
		c = math.Max(-1, math.Min(1, v)) // a correlation; rounding may step past ±1
		web = append(web, c)
	}
	return web
}

// cmapAt returns the index of the fixed point within 1e-6 of c, or −1.
func cmapAt(c float64, fixed []cmapFixed) int {
	for i, fp := range fixed {
		if math.Abs(c-fp.C) <= 1e-6 {
			return i
		}
	}
	return -1
}

// cmapWebLabel is a cobweb's legend text.
func cmapWebLabel(c0 float64, web []float64, fixed []cmapFixed, maxSteps int) string {
	s := fmt.Sprintf("cobweb from c = %s: ", fmtSig(c0, -1))
	if i := cmapAt(web[len(web)-1], fixed); i >= 0 {
		return s + fmt.Sprintf("%d steps to c* = %s", len(web)-1, fmtShort(fixed[i].C))
	}
	if len(web)-1 == maxSteps {
		return s + fmt.Sprintf("%d steps, not at a c* yet", maxSteps)
	}
	return s + fmt.Sprintf("stops after %d steps (the map fails)", len(web)-1)
}

// cmapFixedLabel is a fixed point's legend text, two lines: its slope, then
// whether it attracts and its depth scale 1/|ln|slope||.
func cmapFixedLabel(fp cmapFixed) (string, string) {
	first := fmt.Sprintf("c* = %s, slope %s", fmtShort(fp.C), fmtSig(fp.Slope, 4))
	switch d := meanfield.DepthScale(fp.Slope); {
	case !finite(fp.Slope):
		return fmt.Sprintf("c* = %s", fmtShort(fp.C)), "slope not computable"
	case math.Abs(fp.Slope) < 1:
		return first, fmt.Sprintf("attracts: e-fold in %s layers", fmtSig(d, 3))
	case math.Abs(fp.Slope) > 1:
		return first, fmt.Sprintf("repels: e-fold in %s layers", fmtSig(-d, 3))
	}
	return first, "neutral (slope 1)"
}
