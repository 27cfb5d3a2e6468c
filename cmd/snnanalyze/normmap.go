package main

import (
	"io"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
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
	// At most 1000 points a side: a default figure has fewer pixels than that.
	grid := intFlag{p: &o.grid, min: 2, max: 1000}
	o.grid = 300
	fs.Var(&grid, "grid", "grid points per axis (2 to 1000)")
	choiceVar(fs, &o.of, "of", "variance", []string{"variance", "second-moment"}, "the Jacobian: ℋ (mean, variance) or 𝒥 (mean, second moment)")
	return o
}

type normmapOptions struct {
	figOptions
	grid int
	of   string
}

// normmapFigure draws the norm map for the flags.
func normmapFigure(o *normmapOptions) (*figure.Figure, error) {
	of := jacobian.Variance
	if o.of == "second-moment" {
		of = jacobian.SecondMoment
	}
	fig, err := figure.NormMap(figure.NormMapOptions{Map: o.mapOf(), Window: o.window(), Grid: o.grid, Of: of})
	if err != nil {
		return nil, usagef("--mu-range, --nu-range: %v", err)
	}
	return fig, nil
}

func runNormmap(out io.Writer, o *normmapOptions) error {
	format, err := o.check()
	return o.draw(out, format, err, func() (*figure.Figure, error) { return normmapFigure(o) })
}
