package main

import (
	"io"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
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

// backgrounds are the values of --background.
var backgrounds = map[string]figure.Background{"none": figure.NoBackground, "step": figure.StepBackground, "norm": figure.NormBackground}

// fieldFigure draws the field for the flags.
func fieldFigure(o *fieldOptions) (*figure.Figure, error) {
	fig, err := figure.Field(figure.FieldOptions{
		Map: o.mapOf(), Window: o.window(), Grid: o.grid,
		From: o.from.p, OrbitSteps: o.orbitSteps, Background: backgrounds[o.background],
	})
	if err != nil {
		return nil, usagef("--mu-range, --nu-range: %v", err)
	}
	return fig, nil
}

func runField(out io.Writer, o *fieldOptions) error {
	format, err := o.check()
	return o.draw(out, format, err, func() (*figure.Figure, error) { return fieldFigure(o) })
}
