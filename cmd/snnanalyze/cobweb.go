package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
	"github.com/snnanalyze/snnanalyze/mapping"
)

var cobwebCommand = &command{
	name:    "cobweb",
	summary: "figure: the one-dimensional view ν ↦ ν̃(ν) against the diagonal, with a cobweb, the fixed point's slope and Theorems 2 and 3",
	usage:   "-o FILE.png|FILE.svg [--from NU]... [--nu-range A:B] [--linear] [--mu M] [--omega W] [--tau T] [--grid N] [--steps N] [flags]",
	long: `
Draws the variance one layer later, ν ↦ ν̃(μ, ν), as a curve against the
diagonal ν̃ = ν, on log–log axes (--linear for linear ones; both axes show
--nu-range). Where the curve crosses the diagonal is a fixed point ν*
(white disc), drawn with its tangent (dashed) and its slope ∂ν̃/∂ν in the
legend: near ν* a deviation of ν is multiplied by the slope at every layer,
so a slope below 1 in size means the fixed point attracts. On log–log axes
the slope at a crossing is the same number. Each --from NU draws a cobweb:
up to the curve (one layer), across to the diagonal (the output variance
becomes the next layer's input variance), and so on, until within 1e-6·ν*
of a fixed point or --steps steps.

Shaded are the ν intervals of the paper's theorems, as verify's catalogue
has them: Theorem 2 (ν̃ < ν for ν in [3, 16], blue), Theorem 3 (ν̃ > ν for ν
in [0.02, 0.16], or [0.02, 0.24] when τ >= 0.9, orange) and Theorem 1 (ν in
[0.8, 1.5], magenta). Each theorem assumes SELU with α01, λ01 and a box of
μ, ω and τ, which the caption states; the legend says when the given
(μ, ω, τ) or activation lie outside it.

At ω = 0 (the default) the net input N(μω, ντ) does not depend on μ: the
curve is g's ν component, the cobweb is g's own orbit, and the slope at ν*
is the spectral radius of ℋ (0.7826 at the defaults; see jacobian). At
ω ≠ 0 the curve is the slice at --mu, and the cobweb holds μ fixed, which g
does not (field draws both coordinates). --width and --height are in
inches; a PNG has width·dpi × height·dpi pixels. The same inputs give the
same bytes.`,
	examples: []string{
		"snnanalyze cobweb -o cobweb.png --from 16 --from 0.02",
		"snnanalyze cobweb -o cobweb.svg --linear --nu-range 0.5:3 --from 2.5",
		"snnanalyze cobweb -o cobweb.png --tau 0.5625 --nu-range 0.001:10 --from 1",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		o := newCobwebOptions(fs)
		return func(out, errw io.Writer) error { return runCobweb(out, o) }
	},
}

// newCobwebOptions defines the cobweb command's flags.
func newCobwebOptions(fs *pflag.FlagSet) *cobwebOptions {
	o := &cobwebOptions{}
	o.definePage(fs, figDefaults{width: 9.6, height: 6.4})
	fs.Var(&o.from, "from", "start ν₀ > 0 of a cobweb (repeatable)")
	o.nu = windowFlag{axis: "nu", r: [2]float64{0.01, 30}}
	fs.Var(&o.nu, "nu-range", "the ν range A:B of both axes, 0 < A")
	fs.BoolVar(&o.linear, "linear", false, "linear axes instead of log–log")
	floatVar(fs, &o.s.mu, "mu", 0, anyFinite, "a finite number", "input mean μ, held fixed along the curve (no effect at ω = 0)")
	floatVar(fs, &o.s.omega, "omega", 0, anyFinite, "a finite number", "weight sum ω = Σ wᵢ")
	floatVar(fs, &o.s.tau, "tau", 1, positive, "a finite number > 0", "weight square sum τ = Σ wᵢ²")
	o.s.defineActivation(fs)
	grid := intFlag{p: &o.grid, min: 2, max: figure.MaxGrid}
	o.grid = 400
	fs.Var(&grid, "grid", fmt.Sprintf("points on the curve (2 to %d)", figure.MaxGrid))
	steps := intFlag{p: &o.steps, min: 1, max: 10000}
	o.steps = 100
	fs.Var(&steps, "steps", "the most steps drawn per cobweb; a cobweb stops within 1e-6·ν* of a fixed point (1 to 10000)")
	return o
}

type cobwebOptions struct {
	figOptions
	from        nusFlag
	linear      bool
	grid, steps int
}

// nusFlag is a repeatable flag of variances ν > 0.
type nusFlag struct{ v []float64 }

func (f *nusFlag) String() string {
	var s []string
	for _, v := range f.v {
		s = append(s, fmtFloat(v))
	}
	return strings.Join(s, " ")
}
func (f *nusFlag) Type() string { return "NU" }
func (f *nusFlag) Set(s string) error {
	v, err := parseNumber(s)
	if err != nil || !(v > 0) || v > maxWindow {
		return fmt.Errorf("want a variance 0 < NU <= %g", float64(maxWindow))
	}
	f.v = append(f.v, v)
	return nil
}

// check validates the flags before any work and returns the output format.
func (o *cobwebOptions) check() (string, error) {
	format, err := o.checkPage()
	if err != nil {
		return "", err
	}
	for _, nu := range o.nu.r {
		if _, _, err := mapping.Normal(o.s.mu, nu, o.s.omega, o.s.tau); err != nil {
			return "", usagef("--mu, --nu-range, --omega, --tau: at (μ, ν) = (%s, %s) the net input cannot be evaluated (need |mu*omega| <= 1e6 and nu*tau in [1e-300, 1e12])", fmtFloat(o.s.mu), fmtFloat(nu))
		}
	}
	for _, nu := range o.from.v {
		if _, _, err := mapping.Normal(o.s.mu, nu, o.s.omega, o.s.tau); err != nil {
			return "", usagef("--from, --tau: at ν = %s the net input cannot be evaluated (need nu*tau in [1e-300, 1e12])", fmtFloat(nu))
		}
	}
	return format, nil
}

// cobwebFigure draws the cobweb figure for the flags.
func cobwebFigure(o *cobwebOptions) (*figure.Figure, error) {
	fig, err := figure.Cobweb(figure.CobwebOptions{
		Map: o.mapOf(), Mu: o.s.mu, Nu: o.nu.r, Linear: o.linear,
		Grid: o.grid, From: o.from.v, Steps: o.steps,
	})
	if err != nil {
		return nil, usagef("--nu-range, --mu, --omega, --tau: %v", err)
	}
	return fig, nil
}

func runCobweb(out io.Writer, o *cobwebOptions) error {
	format, err := o.check()
	return o.draw(out, format, err, func() (*figure.Figure, error) { return cobwebFigure(o) })
}
