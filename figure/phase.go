package figure

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/meanfield"
)

// Plane is the pair of parameters a phase diagram varies.
type Plane int

const (
	// TauOmega: τ = Σwᵢ² horizontal, ω = Σwᵢ vertical, at the activation of
	// the options.
	TauOmega Plane = iota
	// AlphaLambda: SELU's α horizontal, λ vertical, at the options' ω and τ.
	AlphaLambda
)

// PhaseOptions are the settings of Phase. The zero value draws the (τ, ω)
// plane for SELU with α01, λ01, χ₁ at the fixed point of g.
type PhaseOptions struct {
	// Map is the layer. On the TauOmega plane its activation is used (nil:
	// SELU with α01, λ01) and its ω and τ are ignored; on the AlphaLambda
	// plane F must be nil or a SELU (its α and λ are ignored) and ω, τ are
	// used (a zero Tau is 1).
	Map mapping.Map
	// Plane is the plane drawn (default TauOmega).
	Plane Plane
	// X and Y are the ranges of the horizontal and vertical axes; zero means
	// τ in [0.3, 2] and ω in [−1.2, 1.2] (TauOmega), α in [0.5, 3] and λ in
	// [0.8, 1.4] (AlphaLambda).
	X, Y [2]float64
	// Grid is the number of cells per axis (default 100, at most
	// MaxPhaseGrid).
	Grid int
	// At is the input statistics (μ, ν) where χ₁ is evaluated; nil means at
	// the fixed point of g of each cell.
	At *fixedpoint.Point
	// Workers is the number of goroutines (default all cores); the figure
	// does not depend on it.
	Workers int
	// Stop, if not nil, ends the scan early when closed; Phase then returns
	// an error wrapping ErrStopped.
	Stop <-chan struct{}
	// Progress, if not nil, is called about every 200 ms with the rows of
	// cells done.
	Progress func(done, total int)
}

// ErrStopped is returned (wrapped) when PhaseOptions.Stop ended the scan.
var ErrStopped = errors.New("figure: stopped before the scan was complete")

// MaxPhaseGrid bounds PhaseOptions.Grid: a cell costs up to about 1 ms
// (Newton's 50 steps where there is no fixed point); the default window at
// 400 × 400 cells took 20 s of CPU.
const MaxPhaseGrid = 400

// Default windows of Phase.
var (
	tauOmegaWindow    = [2][2]float64{{0.3, 2}, {-1.2, 1.2}}
	alphaLambdaWindow = [2][2]float64{{0.5, 3}, {0.8, 1.4}}
)

// Cell statuses of the phase scan.
const (
	phaseStable   = iota // fixed point found, spectral radius of ℋ < 1
	phaseUnstable        // fixed point found, spectral radius ≥ 1
	phaseNoFixed         // fixedpoint.Find found none
	phaseNoChi           // χ₁ not computable (overflow)
	phaseStatuses
)

// Colours of the phase diagram besides χ₁'s.
var (
	noFixedColor  = hexColor("#d9c89e") // sand: no fixed point found
	orderedSwatch = hexColor("#4393c3") // BlueWhiteRed's blue and red
	chaoticSwatch = hexColor("#d6604d")
	fadeGrey      = color.RGBA{R: 0x8c, G: 0x8c, B: 0x8c, A: 0xff}
)

// phaseData is the scan: cell k = i·nx + j is (xs[j], ys[i]).
type phaseData struct {
	ax, ay   CellAxis
	chi1     []float64 // χ₁ (valid where status is not phaseNoChi, and at a fixed point also not phaseNoFixed)
	rho      []float64 // spectral radius of ℋ at the fixed point (where found)
	status   []uint8
	count    [phaseStatuses]int
	chiLines [][]fixedpoint.Point // χ₁ = 1
	rhoLines [][]fixedpoint.Point // ρ(ℋ) = 1
}

// cellMap returns the activation, ω and τ of the cell at (x, y).
func (o *PhaseOptions) cellMap(f mapping.Activation, x, y float64) (mapping.Activation, float64, float64) {
	if o.Plane == AlphaLambda {
		return mapping.SELU{Alpha: x, Lambda: y}, o.Map.Omega, o.Map.Tau
	}
	return f, y, x
}

// phaseScan fills the grid: at each cell, the fixed point of g (Newton from
// (0, 1), fixedpoint.Find), the spectral radius of ℋ there, and χ₁ =
// τ·E[f′(z)²] at that point or at o.At (meanfield.BackwardAt). Rows are
// shared among goroutines and each cell is computed on its own, so the
// result does not depend on the number of workers. It returns ErrStopped
// when o.Stop ended it.
func phaseScan(o *PhaseOptions, f mapping.Activation, ax, ay CellAxis) (*phaseData, error) {
	xs, ys := ax.Points(), ay.Points()
	n := len(xs) * len(ys)
	d := &phaseData{ax: ax, ay: ay, chi1: make([]float64, n), rho: make([]float64, n), status: make([]uint8, n)}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(ys))
	var done atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(ys); i += workers {
				select {
				case <-o.Stop: // a nil channel never is ready
					return
				default:
				}
				for j, x := range xs {
					k := i*len(xs) + j
					d.chi1[k], d.rho[k], d.status[k] = phaseCell(o, f, x, ys[i])
				}
				done.Add(1)
			}
		})
	}
	if o.Progress != nil {
		finished := make(chan struct{})
		go func() { wg.Wait(); close(finished) }()
		tick := time.NewTicker(200 * time.Millisecond)
		for waiting := true; waiting; {
			select {
			case <-finished:
				waiting = false
			case <-tick.C:
				o.Progress(int(done.Load()), len(ys))
			}
		}
		tick.Stop()
		o.Progress(int(done.Load()), len(ys))
	}
	wg.Wait()
	if int(done.Load()) < len(ys) {
		return nil, ErrStopped
	}
	for _, s := range d.status {
		d.count[s]++
	}
	chiValid := make([]bool, n)
	found := make([]bool, n)
	for k, s := range d.status {
		found[k] = s == phaseStable || s == phaseUnstable
		chiValid[k] = s != phaseNoChi && (s != phaseNoFixed || o.At != nil)
	}
	d.chiLines = ContourLines(d.chi1, chiValid, ax, ay, 1)
	d.rhoLines = ContourLines(d.rho, found, ax, ay, 1)
	return d, nil
}

// phaseCell computes one cell.
func phaseCell(o *PhaseOptions, f mapping.Activation, x, y float64) (chi1, rho float64, status uint8) {
	f, omega, tau := o.cellMap(f, x, y)
	status = phaseNoFixed
	var at fixedpoint.Point // where χ₁ is taken (a value: nothing escapes)
	have := o.At != nil
	if have {
		at = *o.At
	}
	if fp, err := fixedpoint.Find(f, omega, tau, nil); err == nil {
		rho, status = fp.H.Radius, phaseUnstable
		if fp.Stable {
			status = phaseStable
		}
		if !have {
			at, have = fp.Point, true
		}
	}
	if !have {
		return 0, rho, status
	}
	b, err := meanfield.BackwardAt(f, at.Mu, at.Nu, omega, tau)
	if err != nil {
		return 0, rho, phaseNoChi
	}
	return b.Chi1, rho, status
}

// Phase draws the order/chaos phase diagram over a plane of parameters
// (τ and ω by default; SELU's α and λ with AlphaLambda): each cell of a
// Grid × Grid grid is coloured by χ₁ = τ·E[f′(z)²], the factor of the
// gradient's second moment per layer (blue below 1: ordered, gradients
// shrink; red above: chaotic, they grow; white at 1), at the fixed point of
// g of that cell or at the given input statistics; faded where the fixed
// point is unstable (spectral radius of ℋ at least 1), sand where
// fixedpoint.Find finds none. The edge-of-chaos contour χ₁ = 1 is drawn
// solid, the stability boundary ρ(ℋ) = 1 dashed, with the paper's point and
// PyTorch's gain 3/4 (τ = 0.5625) marked.
func Phase(o PhaseOptions) (*Figure, error) {
	f, _, err := phase(o)
	return f, err
}

func phase(o PhaseOptions) (*Figure, *phaseData, error) {
	if o.Plane != TauOmega && o.Plane != AlphaLambda {
		return nil, nil, fmt.Errorf("figure: unknown plane %d", o.Plane)
	}
	f := o.Map.F
	if f == nil {
		f = mapping.StandardSELU
	}
	def := tauOmegaWindow
	if o.Plane == AlphaLambda {
		def = alphaLambdaWindow
		if _, ok := f.(mapping.SELU); !ok {
			return nil, nil, fmt.Errorf("figure: the (α, λ) plane needs SELU, got %s", f.Name())
		}
		if o.Map.Tau == 0 {
			o.Map.Tau = 1
		}
		if !finite(o.Map.Omega) || !finite(o.Map.Tau) || !(o.Map.Tau > 0) {
			return nil, nil, fmt.Errorf("figure: the (α, λ) plane needs a finite ω and τ > 0, got ω = %g, τ = %g", o.Map.Omega, o.Map.Tau)
		}
	} else if err := mapping.CheckActivation(f); err != nil {
		return nil, nil, fmt.Errorf("figure: %w", err)
	}
	if o.X == [2]float64{} {
		o.X = def[0]
	}
	if o.Y == [2]float64{} {
		o.Y = def[1]
	}
	w := Window{Mu: o.X, Nu: o.Y}
	for _, r := range [][2]float64{o.X, o.Y} {
		if !finite(r[0]) || !finite(r[1]) || !(r[0] < r[1]) || !(r[1]-r[0] >= MinRelWidth*math.Max(math.Abs(r[0]), math.Abs(r[1]))) {
			return nil, nil, fmt.Errorf("figure: range [%g, %g]: need finite A < B, B − A at least %g of max(|A|, |B|)", r[0], r[1], MinRelWidth)
		}
	}
	// Every corner must be a valid layer (the parameters are monotone along
	// the axes, so the whole window then is).
	for _, x := range o.X {
		for _, y := range o.Y {
			g, omega, tau := o.cellMap(f, x, y)
			if err := mapping.CheckActivation(g); err != nil {
				return nil, nil, fmt.Errorf("figure: at the window's corner (%g, %g): %w", x, y, err)
			}
			if _, _, err := mapping.Normal(0, 1, omega, tau); err != nil {
				return nil, nil, fmt.Errorf("figure: at the window's corner (%g, %g): %w", x, y, err)
			}
			if o.At != nil {
				if _, _, err := mapping.Normal(o.At.Mu, o.At.Nu, omega, tau); err != nil {
					return nil, nil, fmt.Errorf("figure: at the window's corner (%g, %g), (μ, ν) = (%g, %g): %w", x, y, o.At.Mu, o.At.Nu, err)
				}
			}
		}
	}
	n := o.Grid
	if n == 0 {
		n = 100
	}
	if n < 2 || n > MaxPhaseGrid {
		return nil, nil, fmt.Errorf("figure: phase grid %d: need 2 to %d", n, MaxPhaseGrid)
	}
	if o.Workers < 0 {
		return nil, nil, fmt.Errorf("figure: %d workers: need 0 (all cores) or more", o.Workers)
	}
	ax, ay := CellAxis{Lo: o.X[0], Hi: o.X[1], N: n}, CellAxis{Lo: o.Y[0], Hi: o.Y[1], N: n}
	d, err := phaseScan(&o, f, ax, ay)
	if err != nil {
		return nil, nil, err
	}

	// χ₁'s colours over the cells where it is drawn.
	drawn := func(k int) bool { return d.status[k] == phaseStable || d.status[k] == phaseUnstable }
	lo, hi, some := math.Inf(1), math.Inf(-1), false
	for k := range d.chi1 {
		if drawn(k) {
			lo, hi, some = math.Min(lo, d.chi1[k]), math.Max(hi, d.chi1[k]), true
		}
	}
	if !some {
		lo, hi = 0.9, 1.1
	}
	grad := BlueWhiteRed(math.Min(lo, 1), math.Max(math.Max(hi, 1), math.Min(lo, 1)+1e-9), 1)
	img := CellImage(n, n, func(i, j int) color.RGBA {
		k := i*n + j
		switch d.status[k] {
		case phaseStable:
			return grad.Color(d.chi1[k])
		case phaseUnstable:
			return fade(grad.Color(d.chi1[k]))
		case phaseNoFixed:
			return noFixedColor
		}
		return InvalidColor
	})

	p := NewPlot(w)
	p.Add(raster(img, ax, ay))
	chiCont := Polylines{Lines: d.chiLines, Style: draw.LineStyle{Color: contourColor, Width: vg.Points(2.2)}}
	rhoCont := Polylines{Lines: d.rhoLines, Style: draw.LineStyle{Color: contourColor, Width: vg.Points(1.6), Dashes: []vg.Length{vg.Points(6), vg.Points(3)}}}
	p.Add(chiCont, rhoCont)
	atText := "at the fixed point of g"
	if o.At != nil {
		atText = fmt.Sprintf("at (μ, ν) = (%s, %s)", fmtShort(o.At.Mu), fmtShort(o.At.Nu))
	}
	var title string
	var marks []phaseMark
	if o.Plane == TauOmega {
		p.X.Label.Text = "τ = Σ wᵢ² (weight square sum)"
		title = fmt.Sprintf("Order and chaos over the weight statistics: χ₁ = τ·E[f′(z)²] %s\n%s", atText, activationName(f))
		marks = []phaseMark{
			{1, 0, false, "the paper's weights ω = 0, τ = 1"},
			{0.5625, 0, true, "PyTorch's SELU gain 3/4: ω = 0, τ = 0.5625"},
		}
	} else {
		p.X.Label.Text = "α (SELU's negative saturation)"
		title = fmt.Sprintf("Order and chaos over SELU's α and λ: χ₁ = τ·E[f′(z)²] %s\nω = %s, τ = %s", atText, fmtShort(o.Map.Omega), fmtShort(o.Map.Tau))
		marks = []phaseMark{{mapping.Alpha01, mapping.Lambda01, false, "the paper's α01, λ01"}}
	}
	for _, m := range marks {
		p.Add(m)
	}
	fixRange(p, w)
	yLabel := "ω = Σ wᵢ (weight sum)"
	if o.Plane == AlphaLambda {
		yLabel = "λ (SELU's scale)"
	}
	fig := &Figure{Title: title, YLabel: yLabel, Plot: p, Legend: NewLegend(),
		Bar: &ColorBar{Gradient: grad, Label: "χ₁ " + atText + " (white: 1)"}}

	// Legend: regions with their cell counts, lines, marks.
	cells := func(c int) string { return fmt.Sprintf("%d cells", c) }
	var below, above int
	for k, s := range d.status {
		if s == phaseStable && d.chi1[k] < 1 {
			below++
		} else if s == phaseStable && d.chi1[k] > 1 {
			above++
		}
	}
	fig.Legend.Add("stable fixed point of g (ρ(H) < 1), coloured by χ₁:")
	fig.Legend.Add("   χ₁ < 1, ordered (gradients shrink): "+cells(below), Swatch{orderedSwatch})
	fig.Legend.Add("   χ₁ > 1, chaotic (gradients grow): "+cells(above), Swatch{chaoticSwatch})
	fig.Legend.Add("unstable fixed point (ρ(H) ≥ 1): faded, "+cells(d.count[phaseUnstable]), Swatch{fade(chaoticSwatch)})
	fig.Legend.Add("no fixed point found: "+cells(d.count[phaseNoFixed]), Swatch{noFixedColor})
	if c := d.count[phaseNoChi]; c > 0 {
		fig.Legend.Add("χ₁ not computable: "+cells(c), Swatch{InvalidColor})
	}
	if len(d.chiLines) > 0 {
		fig.Legend.Add("χ₁ = 1: the edge of chaos", chiCont)
	} else {
		fig.Legend.Add("χ₁ = 1 (edge of chaos): not on this grid", chiCont)
	}
	if len(d.rhoLines) > 0 {
		fig.Legend.Add("ρ(H) = 1: the fixed point turns unstable", rhoCont)
	}
	for _, m := range marks {
		fig.Legend.Add(m.label, m)
	}

	chiRange := "no cell has χ₁"
	if some {
		chiRange = fmt.Sprintf("χ₁ ranges from %s to %s over the cells with a fixed point", fmtSig(lo, 6), fmtSig(hi, 6))
	}
	fig.Caption = []string{
		fmt.Sprintf("%d × %d cells (centres). In each, the fixed point of g is sought by Newton's method from (μ, ν) = (0, 1), as snnanalyze fixedpoint does; ρ(H) is the spectral radius of H, the Jacobian of g, there (below 1: the fixed point attracts). χ₁ = τ·E[f′(z)²], z ~ N(μω, ντ), is the factor by which the gradient's second moment grows per layer (gradient independence), %s; %s.", n, n, atText, chiRange),
		"The solid line is χ₁ = 1, the edge of chaos, and the dashed line ρ(H) = 1 (marching squares on the grid: accurate to a fraction of a cell).",
	}
	if o.At == nil {
		fig.Caption = append(fig.Caption, "At a fixed point of g, χ₁ ≥ 1 for every activation: ν = ν~ = Var f(z) ≤ ντ·E[f′(z)²] (the Gaussian Poincaré inequality), with equality only for a linear f. A network that settles at its fixed point is never in the ordered phase; χ₁ < 1 is possible only away from it, e.g. at standardised inputs (μ, ν) = (0, 1) in the first layers (χ₁ at given input statistics: PhaseOptions.At, the command's --mu and --nu).")
	}
	return fig, d, nil
}

// fade mixes a colour half with grey: an unstable fixed point.
func fade(c color.RGBA) color.RGBA {
	mix := func(a, b uint8) uint8 { return uint8((int(a) + int(b) + 1) / 2) }
	return color.RGBA{mix(c.R, fadeGrey.R), mix(c.G, fadeGrey.G), mix(c.B, fadeGrey.B), 255}
}

// activationName names an activation for a title.
func activationName(f mapping.Activation) string {
	switch a := f.(type) {
	case mapping.SELU:
		if isSELU01(a) {
			return "SELU with α01, λ01"
		}
		return fmt.Sprintf("SELU with α = %s, λ = %s", fmtShort(a.Alpha), fmtShort(a.Lambda))
	case mapping.ELU:
		return fmt.Sprintf("ELU with α = %s", fmtShort(a.Alpha))
	}
	return f.Name()
}

// phaseMark is a marked point of the plane: a white square or triangle
// with a black outline; it is also its legend thumbnail.
type phaseMark struct {
	x, y     float64
	triangle bool
	label    string
}

// Plot implements plot.Plotter; a point outside the window is not drawn.
func (m phaseMark) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(m.x), Y: trY(m.y)}
	if c.Contains(pt) {
		m.drawAt(&c, pt)
	}
}

func (m phaseMark) drawAt(c *draw.Canvas, pt vg.Point) {
	r := vg.Points(5)
	var path vg.Path
	if m.triangle {
		r = vg.Points(6.5)
		path.Move(vg.Point{X: pt.X, Y: pt.Y + r})
		path.Line(vg.Point{X: pt.X - r*0.866, Y: pt.Y - r/2})
		path.Line(vg.Point{X: pt.X + r*0.866, Y: pt.Y - r/2})
	} else {
		path.Move(vg.Point{X: pt.X - r, Y: pt.Y - r})
		path.Line(vg.Point{X: pt.X + r, Y: pt.Y - r})
		path.Line(vg.Point{X: pt.X + r, Y: pt.Y + r})
		path.Line(vg.Point{X: pt.X - r, Y: pt.Y + r})
	}
	path.Close()
	c.SetColor(color.White)
	c.Fill(path)
	c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(1.5)})
	c.Stroke(path)
}

// Thumbnail implements plot.Thumbnailer.
func (m phaseMark) Thumbnail(c *draw.Canvas) { m.drawAt(c, c.Center()) }
