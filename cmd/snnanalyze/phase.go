package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

var phaseCommand = &command{
	name:    "phase",
	summary: "figure: the order/chaos phase diagram over (τ, ω) or SELU's (α, λ): χ₁, the fixed point's stability, the edge of chaos",
	usage:   "-o FILE.png|FILE.svg [--plane tau-omega|alpha-lambda] [--tau-range A:B] [--omega-range A:B] [--mu M --nu V] [--grid N] [flags]",
	long: `
Colours each cell of an N × N grid over a plane of parameters by
χ₁ = τ·E[f′(z)²], z ~ N(μω, ντ), the factor by which the gradient's second
moment grows per layer (gradient independence; see gradient): white at 1,
blue below (ordered: gradients shrink), red above (chaotic: they grow).
The regions:
  coloured (full)   g has a stable fixed point (spectral radius of ℋ < 1)
  coloured (faded)  g's fixed point is unstable (spectral radius >= 1)
  sand              no fixed point found (Newton from (0, 1), as the
                    fixedpoint command; a collapsing or exploding variance)
  dark grey         χ₁ not computable (overflow)
The solid line is the edge of chaos χ₁ = 1, the dashed line where the
spectral radius of ℋ is 1 (marching squares on the grid). Marked: the
paper's weights (ω, τ) = (0, 1) (square) and PyTorch's SELU gain 3/4,
τ = 0.5625 (triangle).

--plane tau-omega (the default) puts τ = Σwᵢ² on the horizontal axis
(--tau-range, default 0.3:2) and ω = Σwᵢ on the vertical one (--omega-range,
default -1.2:1.2), for the activation of --activation, --alpha, --lambda.
--plane alpha-lambda puts SELU's α (--alpha-range, default 0.5:3) and λ
(--lambda-range, default 0.8:1.4) on the axes, at --omega and --tau, and
marks α01, λ01.

Without --mu and --nu, χ₁ is taken at the fixed point of g of each cell,
where it is at least 1 for every activation (the Gaussian Poincaré
inequality; see docs/gradients.md): there is no ordered region and no edge
of chaos, which the legend says. With --mu and --nu (e.g. standardised
inputs, --mu 0 --nu 1: the first layers of a network) χ₁ is taken there.

The scan uses all cores; each cell is computed on its own, so the picture
does not depend on their number. A cell costs a few µs to about 1 ms
(Newton's 50 steps where there is no fixed point): the default window and
grid need about 1.3 s of CPU, shared by the cores, --grid 400 about 20 s.
--width and --height are in inches; a PNG has width·dpi × height·dpi
pixels.`,
	examples: []string{
		"snnanalyze phase -o phase.png",
		"snnanalyze phase -o phase.png --mu 0 --nu 1",
		"snnanalyze phase -o phase.svg --plane alpha-lambda --alpha-range 1:2.5 --lambda-range 0.9:1.2",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		o := newPhaseOptions(fs)
		return func(out, errw io.Writer) error {
			o.changed = fs.Changed
			return runPhase(out, errw, o)
		}
	},
}

type phaseOptions struct {
	figOptions
	plane   string
	ranges  [4]boundedRange // tau, omega, alpha, lambda
	grid    int
	changed func(name string) bool
}

// newPhaseOptions defines the phase command's flags.
func newPhaseOptions(fs *pflag.FlagSet) *phaseOptions {
	o := &phaseOptions{changed: func(string) bool { return false }}
	o.definePage(fs, figDefaults{width: 9.6, height: 6.4})
	choiceVar(fs, &o.plane, "plane", "tau-omega", []string{"tau-omega", "alpha-lambda"}, "the plane: τ and ω, or SELU's α and λ")
	o.ranges = [4]boundedRange{
		{r: [2]float64{0.3, 2}, lo: 0, hi: 1e12, open: true, want: "0 < A < B <= 1e12"},
		{r: [2]float64{-1.2, 1.2}, lo: -1e6, hi: 1e6, want: "-1e6 <= A < B <= 1e6"},
		{r: [2]float64{0.5, 3}, lo: 0, hi: mapping.MaxAlpha, open: true, want: fmt.Sprintf("0 < A < B <= %g", mapping.MaxAlpha)},
		{r: [2]float64{0.8, 1.4}, lo: mapping.MinLambda, hi: mapping.MaxLambda, want: fmt.Sprintf("%g <= A < B <= %g", mapping.MinLambda, mapping.MaxLambda)},
	}
	fs.Var(&o.ranges[0], "tau-range", "τ range A:B of the tau-omega plane (horizontal axis)")
	fs.Var(&o.ranges[1], "omega-range", "ω range A:B of the tau-omega plane (vertical axis)")
	fs.Var(&o.ranges[2], "alpha-range", "α range A:B of the alpha-lambda plane (horizontal axis)")
	fs.Var(&o.ranges[3], "lambda-range", "λ range A:B of the alpha-lambda plane (vertical axis)")
	o.s.define(fs)
	grid := intFlag{p: &o.grid, min: 2, max: figure.MaxPhaseGrid}
	o.grid = 100
	fs.Var(&grid, "grid", fmt.Sprintf("cells per axis (2 to %d)", figure.MaxPhaseGrid))
	return o
}

// boundedRange parses A:B within [lo, hi] (lo excluded if open), with
// B − A at least figure.MinRelWidth of max(|A|, |B|).
type boundedRange struct {
	r      [2]float64
	lo, hi float64
	open   bool
	want   string
}

func (f *boundedRange) String() string { return fmtFloat(f.r[0]) + ":" + fmtFloat(f.r[1]) }
func (f *boundedRange) Type() string   { return "A:B" }
func (f *boundedRange) Set(s string) error {
	want := fmt.Errorf("want A:B with %s, B - A at least %g of max(|A|, |B|)", f.want, figure.MinRelWidth)
	a, b, ok := strings.Cut(s, ":")
	if !ok {
		return want
	}
	lo, err1 := parseNumber(a)
	hi, err2 := parseNumber(b)
	if err1 != nil || err2 != nil || !(lo < hi && lo >= f.lo && hi <= f.hi) || f.open && !(lo > f.lo) ||
		!(hi-lo >= figure.MinRelWidth*math.Max(math.Abs(lo), math.Abs(hi))) {
		return want
	}
	f.r = [2]float64{lo, hi}
	return nil
}

// check validates the combination of flags before any work and returns the
// output format.
func (o *phaseOptions) check() (string, error) {
	format, err := o.checkPage()
	if err != nil {
		return "", err
	}
	// Flags of the other plane, and the parameters that are the axes.
	notHere := []string{"alpha-range", "lambda-range", "omega", "tau"}
	if o.plane == "alpha-lambda" {
		notHere = []string{"tau-range", "omega-range", "alpha", "lambda"}
		if o.s.activation != "selu" {
			return "", usagef("--plane alpha-lambda: the axes are SELU's α and λ; --activation must be selu (got %s)", o.s.activation)
		}
	}
	for _, name := range notHere {
		if o.changed(name) {
			return "", usagef("--%s does not apply to --plane %s (an axis of it, or of the other plane)", name, o.plane)
		}
	}
	if o.changed("mu") != o.changed("nu") {
		return "", usagef("--mu and --nu go together (without both, χ₁ is taken at the fixed point of g)")
	}
	if o.plane == "alpha-lambda" {
		if err := checkWeights(&o.s); err != nil {
			return "", err
		}
	}
	if o.changed("mu") {
		// The net input N(μω, ντ) at the window's extreme (ω, τ).
		omegas, taus, flags := o.ranges[1].r, o.ranges[0].r, "--omega-range, --tau-range"
		if o.plane == "alpha-lambda" {
			omegas, taus, flags = [2]float64{o.s.omega, o.s.omega}, [2]float64{o.s.tau, o.s.tau}, "--omega, --tau"
		}
		for _, w := range omegas {
			for _, t := range taus {
				if _, _, err := mapping.Normal(o.s.mu, o.s.nu, w, t); err != nil {
					return "", usagef("--mu, --nu, %s: at ω = %s, τ = %s the net input cannot be evaluated (need |mu*omega| <= 1e6 and nu*tau in [1e-300, 1e12])", flags, fmtFloat(w), fmtFloat(t))
				}
			}
		}
	}
	return format, nil
}

// libOptions returns the library's options for the flags.
func (o *phaseOptions) libOptions() figure.PhaseOptions {
	po := figure.PhaseOptions{Map: o.mapOf(), Grid: o.grid, X: o.ranges[0].r, Y: o.ranges[1].r}
	if o.plane == "alpha-lambda" {
		po.Plane, po.X, po.Y = figure.AlphaLambda, o.ranges[2].r, o.ranges[3].r
	}
	if o.changed("mu") {
		po.At = &fixedpoint.Point{Mu: o.s.mu, Nu: o.s.nu}
	}
	return po
}

// phaseFigure draws the phase diagram for the flags.
func phaseFigure(o *phaseOptions, stop <-chan struct{}, progress func(done, total int)) (*figure.Figure, error) {
	po := o.libOptions()
	po.Stop, po.Progress = stop, progress
	fig, err := figure.Phase(po)
	switch {
	case errors.Is(err, figure.ErrStopped):
		return nil, failError{"interrupted: no file written"}
	case err != nil:
		return nil, usagef("--%s-range, --%s-range: %v", phaseAxesOf(o.plane)[0], phaseAxesOf(o.plane)[1], err)
	}
	return fig, nil
}

// phaseAxesOf names the axes of a plane.
func phaseAxesOf(plane string) [2]string {
	if plane == "alpha-lambda" {
		return [2]string{"alpha", "lambda"}
	}
	return [2]string{"tau", "omega"}
}

func runPhase(out, errw io.Writer, o *phaseOptions) error {
	format, err := o.check()
	if err != nil {
		return err
	}
	// Ctrl-C stops the scan; nothing is written.
	interrupted, release := signal.NotifyContext(context.Background(), os.Interrupt)
	defer release()
	var progress func(done, total int)
	if isTerminal(errw) {
		start := time.Now()
		progress = func(done, total int) {
			if time.Since(start) > 2*time.Second {
				fmt.Fprintf(errw, "\rphase: %d of %d rows, %.0f s   ", done, total, time.Since(start).Seconds())
			}
		}
	}
	fig, err := phaseFigure(o, interrupted.Done(), progress)
	if progress != nil {
		fmt.Fprint(errw, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if err := o.save(fig, format); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", o.output)
	return nil
}
