package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
	"github.com/snnanalyze/snnanalyze/fixedpoint"
)

var cmapCommand = &command{
	name:    "cmap",
	summary: "figure: the correlation map c ↦ c̃(c) of two inputs against the diagonal, with its fixed points, slopes and cobwebs",
	usage:   "-o FILE.png|FILE.svg [--from C]... [--c-range A:B] [--uncentred] [--omega W] [--tau T] [--mu M --nu V] [--grid N] [--steps N] [flags]",
	long: `
Two inputs whose activations have mean μ, variance ν and correlation c give
net inputs z₁, z₂ ~ N(μω, ντ) with correlation c. Draws the centred
correlation map c̃(c) = (E[f(z₁)f(z₂)] − μ̃²)/ν̃, the correlation one layer
later, against the diagonal c̃ = c (both axes show --c-range, default
[−1, 1]); --uncentred draws E[f(z₁)f(z₂)]/E[f(z)²] (Poole et al.) instead.
The two coincide where μ̃ = 0, as at the paper's fixed point.

Where the curve crosses the diagonal is a fixed point c* (white disc), drawn
with its tangent (dashed); the legend gives its slope dc̃/dc, whether it
attracts (slope below 1 in size) and its depth scale, the layers per factor
e. c = 0 and c = 1 are always fixed points of the centred map (c = 1 of the
uncentred one); others are found by a scan of [−1, 1] with step 0.01 and
bisection, and all are listed even when the window is zoomed. The slope at
c = 1 is χ₁ at a fixed point of g: above 1, nearly equal inputs separate
with depth (chaotic), below 1 they converge (ordered). Each --from C draws a
cobweb: up to the curve (one layer) and across to the diagonal, until within
1e-6 of a fixed point or --steps steps.

Without --mu and --nu the point is the fixed point of g for (--omega,
--tau), as the correlation command takes it; exit code 1 when g has none.
Near the paper's point c̃ stays within 0.02 of c: zoom with --c-range
(e.g. 0.9:1) to see the cobweb. SELU, ELU and ReLU use the closed-form inner
expectation; tanh is integrated twice over (from half a second to several
seconds, depending on the point). --width and --height are in inches; a
PNG has width·dpi × height·dpi pixels. The same inputs give the same bytes.`,
	examples: []string{
		"snnanalyze cmap -o cmap.png --from 0.9 --from -0.8",
		"snnanalyze cmap -o cmap.svg --c-range 0.9:1 --from 0.999",
		"snnanalyze cmap -o cmap.png --tau 0.5625 --uncentred --c-range 0.95:1 --from 0.96",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		o := newCmapOptions(fs)
		return func(out, errw io.Writer) error {
			o.muSet, o.nuSet = fs.Changed("mu"), fs.Changed("nu")
			return runCmap(out, o)
		}
	},
}

type cmapOptions struct {
	figOptions
	from         corrFlag
	c            cRangeFlag
	uncentred    bool
	grid, steps  int
	muSet, nuSet bool
}

// newCmapOptions defines the cmap command's flags.
func newCmapOptions(fs *pflag.FlagSet) *cmapOptions {
	o := &cmapOptions{}
	o.definePage(fs, figDefaults{width: 9.6, height: 6.4})
	fs.Var(&o.from, "from", "start c₀ in [-1, 1] of a cobweb (repeatable)")
	o.c = cRangeFlag{r: [2]float64{-1, 1}}
	fs.Var(&o.c, "c-range", "the c range A:B of both axes, -1 <= A < B <= 1")
	fs.BoolVar(&o.uncentred, "uncentred", false, "draw the uncentred map E[f(z₁)f(z₂)]/E[f(z)²] instead of the centred one")
	o.s.define(fs)
	grid := intFlag{p: &o.grid, min: 2, max: figure.MaxGrid}
	o.grid = 400
	fs.Var(&grid, "grid", fmt.Sprintf("intervals of the curve (2 to %d)", figure.MaxGrid))
	steps := intFlag{p: &o.steps, min: 1, max: figure.MaxCMapSteps}
	o.steps = 1000
	fs.Var(&steps, "steps", fmt.Sprintf("the most steps drawn per cobweb; a cobweb stops within 1e-6 of a fixed point (1 to %d)", figure.MaxCMapSteps))
	return o
}

// cRangeFlag parses a correlation range A:B, −1 ≤ A < B ≤ 1.
type cRangeFlag struct{ r [2]float64 }

func (f *cRangeFlag) String() string { return fmtFloat(f.r[0]) + ":" + fmtFloat(f.r[1]) }
func (f *cRangeFlag) Type() string   { return "A:B" }
func (f *cRangeFlag) Set(s string) error {
	want := fmt.Errorf("want A:B with -1 <= A < B <= 1, B - A at least %g", figure.MinRelWidth)
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return want
	}
	lo, err1 := parseNumber(a)
	hi, err2 := parseNumber(b)
	if err1 != nil || err2 != nil || !(lo >= -1 && lo < hi && hi <= 1) || !(hi-lo >= figure.MinRelWidth) {
		return want
	}
	f.r = [2]float64{lo, hi}
	return nil
}

// check validates the flags before any work and returns the output format.
func (o *cmapOptions) check() (string, error) {
	format, err := o.checkPage()
	if err != nil {
		return "", err
	}
	if o.muSet != o.nuSet {
		return "", usagef("--mu and --nu go together (without both, the point is the fixed point of g)")
	}
	if o.muSet {
		return format, o.s.checkNormal()
	}
	return format, checkWeights(&o.s)
}

// cmapFigure draws the correlation map for the flags.
func cmapFigure(o *cmapOptions) (*figure.Figure, error) {
	var at *fixedpoint.Point
	if o.muSet {
		at = &fixedpoint.Point{Mu: o.s.mu, Nu: o.s.nu}
	}
	fig, err := figure.CMap(figure.CMapOptions{
		Map: o.mapOf(), At: at, Uncentred: o.uncentred, C: o.c.r,
		Grid: o.grid, From: o.from.v, Steps: o.steps,
	})
	switch {
	case errors.Is(err, figure.ErrNoFixedPoint):
		return nil, failError{fmt.Sprintf("g has no fixed point with ν > 0 for ω = %s, τ = %s (see 'snnanalyze fixedpoint'); give --mu and --nu to draw the map at another point", fmtFloat(o.s.omega), fmtFloat(o.s.tau))}
	case err != nil:
		return nil, usagef("--mu, --nu, --omega, --tau: %v", err)
	}
	return fig, nil
}

func runCmap(out io.Writer, o *cmapOptions) error {
	format, err := o.check()
	return o.draw(out, format, err, func() (*figure.Figure, error) { return cmapFigure(o) })
}
