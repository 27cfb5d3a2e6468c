package figure

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// NormMapOptions are the settings of NormMap. The zero value maps ℋ's norm
// at ω = 0, τ = 1.
type NormMapOptions struct {
	// Map is g. A nil F is SELU with α01, λ01 and a zero Tau is 1.
	Map mapping.Map
	// Window is the region shown; a zero range means μ in [−1, 1] and ν in
	// [0.01, 4].
	Window Window
	// Grid is the number of grid points per axis (default 300).
	Grid int
	// Of is the Jacobian: ℋ (jacobian.Variance, the default) or 𝒥
	// (jacobian.SecondMoment).
	Of jacobian.Of
}

// NormMap draws the spectral norm of ℋ = ∂(μ̃, ν̃)/∂(μ, ν), the Jacobian of
// g (or of 𝒥), over a Grid × Grid grid (cell centres of the window,
// jacobian.NormGrid): white at 1, blue below (g contracts near the point),
// red above, with the contour where the norm is 1 (ContourLines), the
// fixed point and Theorem 1's Ω.
func NormMap(o NormMapOptions) (*Figure, error) {
	f, _, err := normMap(o)
	return f, err
}

// normMap builds the norm map; it also returns the contour lines drawn
// (data coordinates).
func normMap(o NormMapOptions) (*Figure, [][]fixedpoint.Point, error) {
	g, w, n, err := setup(o.Map, o.Window, basinWindow, o.Grid, 300)
	if err != nil {
		return nil, nil, err
	}
	ax, ay := w.axes(n, n)
	of, name := o.Of, "H = ∂(mean, variance)/∂(μ, ν), the Jacobian of g"
	switch of {
	case jacobian.Variance:
	case jacobian.SecondMoment:
		name = "J = ∂(mean, second moment)/∂(μ, ν)"
	default:
		return nil, nil, fmt.Errorf("figure: unknown Jacobian %d", of)
	}
	r, err := jacobian.NormGrid(g, ax.Points(), ay.Points(), &jacobian.NormGridSettings{Of: of})
	if err != nil {
		return nil, nil, err
	}
	lo, hi := validRange(r.Norm, r.Valid)
	grad := BlueWhiteRed(lo, math.Max(hi, lo+1e-9), 1)
	img, bad := HeatImage(r.Norm, r.Valid, ax.N, ay.N, grad)
	lines := ContourLines(r.Norm, r.Valid, ax, ay, 1)

	title := fmt.Sprintf("Spectral norm of %s\n%s", name, paramLine(g))
	p := NewPlot(w)
	p.Add(raster(img, ax, ay))
	cont := Polylines{Lines: lines, Style: draw.LineStyle{Color: contourColor, Width: vg.Points(2.2)}}
	p.Add(cont)
	p.Add(OmegaBox())
	fp, hasFP := fixedPointOf(g)
	if hasFP {
		p.Add(FixedMarker{fp.Point})
	}
	fixRange(p, w)
	sym := "H"
	if of == jacobian.SecondMoment {
		sym = "J"
	}
	fig := &Figure{Title: title, YLabel: yLabel(w), Plot: p, Legend: NewLegend(), Bar: &ColorBar{Gradient: grad, Label: "spectral norm of " + sym + " (white: 1)"}}
	fig.Legend.Add(fmt.Sprintf("norm of %s = 1", sym), cont)
	below := "norm < 1: g contracts near the point"
	if of == jacobian.SecondMoment {
		below = "norm < 1"
	}
	fig.Legend.Add(below, Swatch{grad.Color(math.Min(lo, 0.999))})
	fig.Legend.Add("norm > 1", Swatch{grad.Color(math.Max(hi, 1.001))})
	AddOmegaLegend(&fig.Legend, g)
	if hasFP {
		AddFixedPointLegend(&fig.Legend, fp)
	}
	if bad > 0 {
		fig.Legend.Add(fmt.Sprintf("not computable: %d cells", bad), Swatch{InvalidColor})
	}
	minAt, maxAt := extremes(r)
	fig.Caption = []string{
		fmt.Sprintf("%d × %d grid (cell centres). Norm from %s at (μ, ν) = (%s, %s) to %s at (%s, %s). The black line is where it equals 1 (marching squares).",
			ax.N, ay.N, fmtSig(lo, 4), fmtShort(minAt.Mu), fmtShort(minAt.Nu), fmtSig(hi, 4), fmtShort(maxAt.Mu), fmtShort(maxAt.Nu)),
		"Spectral norm = largest singular value. Below 1, g shrinks small displacements in every direction (a contraction); the paper's Theorem 1 needs it on Ω.",
	}
	return fig, lines, nil
}

// extremes returns where the norm grid is smallest and largest.
func extremes(r jacobian.NormGridResult) (minAt, maxAt fixedpoint.Point) {
	first := true
	var lo, hi float64
	for k, v := range r.Norm {
		if !r.Valid[k] {
			continue
		}
		p := fixedpoint.Point{Mu: r.Mus[k%len(r.Mus)], Nu: r.Nus[k/len(r.Mus)]}
		if first || v < lo {
			lo, minAt = v, p
		}
		if first || v > hi {
			hi, maxAt = v, p
		}
		first = false
	}
	return minAt, maxAt
}
