package main

import (
	"fmt"
	"io"
	"math"

	"github.com/spf13/pflag"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
)

var normmapCommand = &command{
	name:    "normmap",
	summary: "figure: the spectral norm of ℋ over (μ, ν), with its contour at 1 (where g stops contracting)",
	usage:   "-o FILE.png|FILE.svg [--grid N] [--of variance|second-moment] [--mu-range A:B] [--nu-range A:B] [--log-nu] [--omega W] [--tau T] [flags]",
	long: `
Colours every point (μ, ν) of an N × N grid (cell centres of the window) by
the spectral norm (largest singular value) of ℋ = ∂(μ̃, ν̃)/∂(μ, ν), the
Jacobian of g, at the given (ω, τ): white at 1, blue below (g contracts in
the Euclidean norm near that point, the hypothesis of the paper's Theorem 1)
and red above. The black line is the contour where the norm equals 1
(marching squares on the grid, linear interpolation along cell edges). The
fixed point (white disc) and the (μ, ν) part of Theorem 1's Ω (magenta) are
drawn on top; a norm below 1 all over Ω is what the theorem's contraction
step proves (for ω in [−0.1, 0.1], τ in [0.95, 1.1]).

--of second-moment maps 𝒥 = ∂(μ̃, ξ̃)/∂(μ, ν) instead, the matrix whose norm
the paper's grid search bounded. Cells where the Jacobian cannot be computed
are dark grey (listed in the legend). At ω = 0 the norm does not depend on
μ and the contour is a horizontal line. --width and --height are in inches;
a PNG has width·dpi × height·dpi pixels.`,
	examples: []string{
		"snnanalyze normmap -o normmap.png",
		"snnanalyze normmap -o normmap.svg --omega 0.5 --mu-range -3:3 --nu-range 0.01:5",
		"snnanalyze normmap -o normmap.png --log-nu --nu-range 0.001:100 --of second-moment",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		o := newNormmapOptions(fs)
		return func(out, errw io.Writer) error { return runNormmap(out, o) }
	},
}

// newNormmapOptions defines the normmap command's flags.
func newNormmapOptions(fs *pflag.FlagSet) *normmapOptions {
	o := &normmapOptions{}
	o.define(fs, figDefaults{mu: [2]float64{-1, 1}, nu: [2]float64{0.01, 4}, width: 9.6, height: 6.4})
	grid := intFlag{p: &o.grid, min: 2, max: 4000}
	o.grid = 300
	fs.Var(&grid, "grid", "grid points per axis (2 to 4000)")
	choiceVar(fs, &o.of, "of", "variance", []string{"variance", "second-moment"}, "the Jacobian: ℋ (mean, variance) or 𝒥 (mean, second moment)")
	return o
}

type normmapOptions struct {
	figOptions
	grid int
	of   string
}

func runNormmap(out io.Writer, o *normmapOptions) error {
	format, err := o.check()
	if err != nil {
		return err
	}
	fig, _, err := normmapFigure(o)
	if err != nil {
		return err
	}
	if err := fig.save(&o.figOptions, format); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", o.output)
	return nil
}

// normmapFigure computes the norm grid and builds the figure; it also
// returns the contour lines drawn (data coordinates).
func normmapFigure(o *normmapOptions) (*figure, [][]fixedpoint.Point, error) {
	ax, ay := o.axes(o.grid, o.grid)
	of, name := jacobian.Variance, "H = ∂(mean, variance)/∂(μ, ν), the Jacobian of g"
	if o.of == "second-moment" {
		of, name = jacobian.SecondMoment, "J = ∂(mean, second moment)/∂(μ, ν)"
	}
	r, err := jacobian.NormGrid(o.mapOf(), ax.Points(), ay.Points(), &jacobian.NormGridSettings{Of: of})
	if err != nil {
		return nil, nil, usagef("--mu-range, --nu-range: %v", err)
	}
	lo, hi := validRange(r.Norm, r.Valid)
	grad := blueWhiteRed(lo, math.Max(hi, lo+1e-9), 1)
	img, bad := heatImage(r.Norm, r.Valid, ax.N, ay.N, grad)
	lines := contourLines(r.Norm, r.Valid, ax, ay, 1)

	title := fmt.Sprintf("Spectral norm of %s\n%s", name, o.paramLine())
	p := newPlot(&o.figOptions)
	p.Add(&raster{img: img, xmin: ax.Lo, xmax: ax.Hi, ymin: ay.Lo, ymax: ay.Hi})
	cont := polylines{lines: lines, style: draw.LineStyle{Color: contourColor, Width: vg.Points(2.2)}}
	p.Add(cont)
	p.Add(omegaBox())
	fp, hasFP := o.fixedPointOf()
	if hasFP {
		p.Add(fixedMarker{fp.Point})
	}
	fixRange(p, &o.figOptions)
	sym := "H"
	if of == jacobian.SecondMoment {
		sym = "J"
	}
	fig := &figure{title: title, yLabel: yLabel(&o.figOptions), plot: p, legend: newLegend(), bar: &colorBar{g: grad, label: "spectral norm of " + sym + " (white: 1)"}}
	fig.legend.Add(fmt.Sprintf("norm of %s = 1", sym), cont)
	below := "norm < 1: g contracts near the point"
	if of == jacobian.SecondMoment {
		below = "norm < 1"
	}
	fig.legend.Add(below, swatch{grad.color(math.Min(lo, 0.999))})
	fig.legend.Add("norm > 1", swatch{grad.color(math.Max(hi, 1.001))})
	addOmegaLegend(&fig.legend, &o.figOptions)
	if hasFP {
		addFixedLegend(&fig.legend, fp)
	}
	if bad > 0 {
		fig.legend.Add(fmt.Sprintf("not computable: %d cells", bad), swatch{invalidColor})
	}
	minAt, maxAt := extremes(r)
	fig.caption = []string{
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
