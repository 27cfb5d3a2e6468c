package figure

import (
	"fmt"
	"image/color"
	"math"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// BasinOptions are the settings of Basin. The zero value draws the basin of
// (0, 1) at ω = 0, τ = 1.
type BasinOptions struct {
	// Map is g. A nil F is SELU with α01, λ01 and a zero Tau is 1.
	Map mapping.Map
	// Window is the region of starts; a zero range means μ in [−1, 1] and ν
	// in [0.01, 4].
	Window Window
	// Grid is the number of starts per axis (default 400).
	Grid int
	// Tol: a start has reached the fixed point (μ*, ν*) when
	// |μ − μ*| ≤ Tol·√ν* and |ν − ν*| ≤ Tol·ν* (0 < Tol < 1; default 1e-6).
	Tol float64
	// MaxIter is the most steps of g per start (default 1000).
	MaxIter int
	// Stop, if not nil, ends the work early when closed: the result is then
	// Partial and the starts not done are drawn as not converged.
	Stop <-chan struct{}
	// Progress, if not nil, is called about every 200 ms with the rows of
	// starts done.
	Progress func(done, total int)
}

// basinWindow is the default window of Basin and NormMap.
var basinWindow = Window{Mu: [2]float64{-1, 1}, Nu: [2]float64{0.01, 4}}

// basinColors are the colours of the statuses other than converged.
var basinColors = map[fixedpoint.BasinStatus]color.RGBA{
	fixedpoint.BasinNotConverged: hexColor("#a6a6a6"),
	fixedpoint.BasinDiverged:     hexColor("#d62728"),
	fixedpoint.BasinCollapsed:    hexColor("#c6dbef"),
	fixedpoint.BasinElsewhere:    hexColor("#8c564b"),
}

// Basin draws the attraction basin of g's fixed point: it iterates g from
// every start of a Grid × Grid grid (cell centres of the window, all cores,
// fixedpoint.Basin) and colours each start by the steps it takes to come
// within Tol of the fixed point (viridis, over the counts that occur), or
// by what happened instead: not converged (grey), diverged (red), collapsed
// (light blue), converged elsewhere (brown). The fixed point and Theorem
// 1's Ω are drawn on top. It returns the figure and the counts; the error
// wraps ErrNoFixedPoint when g has no fixed point with ν > 0.
func Basin(o BasinOptions) (*Figure, fixedpoint.BasinResult, error) {
	g, w, n, err := setup(o.Map, o.Window, basinWindow, o.Grid, 400)
	if err != nil {
		return nil, fixedpoint.BasinResult{}, err
	}
	tol, maxIter := o.Tol, o.MaxIter
	if tol == 0 {
		tol = 1e-6
	}
	if maxIter == 0 {
		maxIter = 1000
	}
	if !(tol > 0 && tol < 1) || maxIter < 0 {
		return nil, fixedpoint.BasinResult{}, fmt.Errorf("figure: basin tolerance %g and %d steps: need 0 < Tol < 1 and MaxIter >= 1", tol, maxIter)
	}
	fp, ok := fixedPointOf(g)
	if !ok {
		return nil, fixedpoint.BasinResult{}, fmt.Errorf("%w for ω = %g, τ = %g", ErrNoFixedPoint, g.Omega, g.Tau)
	}
	ax, ay := w.axes(n, n)
	b, err := fixedpoint.Basin(g, fp.Point, ax.Points(), ay.Points(), &fixedpoint.BasinSettings{
		Tol: tol, MaxIter: maxIter, Stop: o.Stop, Progress: o.Progress,
	})
	if err != nil {
		return nil, b, err
	}
	var counts [5]int
	lo, hi := int32(math.MaxInt32), int32(0)
	for k, st := range b.Status {
		counts[st]++
		if st == fixedpoint.BasinConverged {
			lo, hi = min(lo, b.Iterations[k]), max(hi, b.Iterations[k])
		}
	}
	if counts[fixedpoint.BasinConverged] == 0 {
		lo, hi = 0, 1
	}
	// The colour scale spans the counts that occur, for contrast.
	grad := Viridis(float64(lo), math.Max(float64(hi), float64(lo)+1))
	img := CellImage(ax.N, ay.N, func(i, j int) color.RGBA {
		k := i*ax.N + j
		if st := b.Status[k]; st != fixedpoint.BasinConverged {
			return basinColors[st]
		}
		return grad.Color(float64(b.Iterations[k]))
	})

	title := fmt.Sprintf("Basin of attraction: steps of g from each start (μ, ν) to the fixed point\n%s", paramLine(g))
	p := NewPlot(w)
	p.Add(raster(img, ax, ay))
	p.Add(OmegaBox())
	p.Add(FixedMarker{fp.Point})
	fixRange(p, w)
	fig := &Figure{Title: title, YLabel: yLabel(w), Plot: p, Legend: NewLegend(), Bar: &ColorBar{Gradient: grad, Label: "steps of g to reach (μ*, ν*)", Ticks: IntTicks(grad.Min, grad.Max)}}
	AddFixedPointLegend(&fig.Legend, fp)
	AddOmegaLegend(&fig.Legend, g)
	fig.Legend.Add(fmt.Sprintf("converged: %d starts (colour bar)", counts[fixedpoint.BasinConverged]), Swatch{grad.Color((grad.Min + grad.Max) / 2)})
	for _, st := range []fixedpoint.BasinStatus{fixedpoint.BasinNotConverged, fixedpoint.BasinDiverged, fixedpoint.BasinCollapsed, fixedpoint.BasinElsewhere} {
		name := st.String()
		if st == fixedpoint.BasinNotConverged {
			name = fmt.Sprintf("not converged in %d steps", maxIter)
		}
		fig.Legend.Add(fmt.Sprintf("%s: %d starts", name, counts[st]), Swatch{basinColors[st]})
	}
	conv := "none converged"
	if counts[fixedpoint.BasinConverged] > 0 {
		conv = fmt.Sprintf("converged in %d to %d steps", lo, hi)
	}
	fig.Caption = []string{
		fmt.Sprintf("%d × %d starts at the cell centres; %s. Reached: |μ − μ*| <= tol·√ν* and |ν − ν*| <= tol·ν*, tol = %s, at most %d steps.", ax.N, ay.N, conv, fmtShort(tol), maxIter),
		fmt.Sprintf("Fixed point (μ*, ν*) = (%s, %s), spectral radius of H there %s: near it the distance shrinks by about that factor per step.", fmtShort(fp.Mu), fmtShort(fp.Nu), fmtShort(fp.H.Radius)),
	}
	return fig, b, nil
}
