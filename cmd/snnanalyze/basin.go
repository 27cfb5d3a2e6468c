package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
	"github.com/snnanalyze/snnanalyze/fixedpoint"
)

var basinCommand = &command{
	name:    "basin",
	summary: "figure: the attraction basin of the fixed point, steps of g to reach it from every start",
	usage:   "-o FILE.png|FILE.svg [--grid N] [--tol T] [--max-iter N] [--mu-range A:B] [--nu-range A:B] [--log-nu] [--omega W] [--tau T] [flags]",
	long: `
Iterates g from every start (μ, ν) of an N × N grid (cell centres of the
window) and colours each start by the number of steps of g (layers) it
takes to come within --tol of the fixed point (μ*, ν*): |μ − μ*| <= tol·√ν*
and |ν − ν*| <= tol·ν*. Starts that do not get there have their own
colours, with their counts in the legend:
  not converged        --max-iter steps without reaching it (grey)
  diverged             ν grew above 1e6·max(ν*, 1) (red)
  collapsed            ν fell below 1e-30·min(ν*, 1): all units saturate (light blue)
  converged elsewhere  the orbit stalled away from (μ*, ν*) (brown)
The fixed point (white disc) and the (μ, ν) part of Theorem 1's Ω
(magenta) are drawn on top.

At ω = 0 the map g does not depend on μ (the net input's mean is μω), so
the counts depend on ν only and the picture is made of horizontal bands;
try --omega 0.5 for a basin with structure in μ. The computation uses all
cores (each start on its own: the same picture for any number of cores);
at ω = 0 each row's orbit is followed once after the first step, which
gives the same counts, and near the fixed point g is evaluated by Taylor
polynomials accurate to the closed form's rounding. --width and --height
are in inches; a PNG has width·dpi × height·dpi pixels. Exit code 1 when
g has no fixed point with ν > 0 for these (ω, τ).`,
	examples: []string{
		"snnanalyze basin -o basin.png",
		"snnanalyze basin -o basin.svg --log-nu --nu-range 0.001:10",
		"snnanalyze basin -o basin.png --omega 0.5 --mu-range -3:3 --nu-range 0.01:5 --grid 200",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		o := newBasinOptions(fs)
		return func(out, errw io.Writer) error { return runBasin(out, errw, o) }
	},
}

// newBasinOptions defines the basin command's flags.
func newBasinOptions(fs *pflag.FlagSet) *basinOptions {
	o := &basinOptions{}
	o.define(fs, figDefaults{mu: [2]float64{-1, 1}, nu: [2]float64{0.01, 4}, width: 9.6, height: 6.4})
	// At most 800 starts a side: a default figure has fewer pixels than
	// that, and at ω ≠ 0 the time grows with the square (about 20 s at 800).
	grid := intFlag{p: &o.grid, min: 2, max: 800}
	o.grid = 400
	fs.Var(&grid, "grid", "starts per axis (2 to 800)")
	floatVar(fs, &o.tol, "tol", 1e-6, func(v float64) bool { return v >= 1e-12 && v <= 0.5 }, "a number in [1e-12, 0.5]", "distance to the fixed point that counts as reached (μ relative to √ν*, ν relative to ν*)")
	maxIter := intFlag{p: &o.maxIter, min: 1, max: 1000000}
	o.maxIter = 1000
	fs.Var(&maxIter, "max-iter", "the most steps of g per start (1 to 1000000)")
	return o
}

type basinOptions struct {
	figOptions
	grid, maxIter int
	tol           float64
}

func runBasin(out, errw io.Writer, o *basinOptions) error {
	format, err := o.check()
	if err != nil {
		return err
	}
	// Ctrl-C stops the work; nothing is written.
	interrupted, release := signal.NotifyContext(context.Background(), os.Interrupt)
	defer release()
	stop := interrupted.Done()
	var progress func(done, total int)
	if isTerminal(errw) {
		start := time.Now()
		progress = func(done, total int) {
			if time.Since(start) > 2*time.Second {
				fmt.Fprintf(errw, "\rbasin: %d of %d rows, %.0f s   ", done, total, time.Since(start).Seconds())
			}
		}
	}
	fig, b, err := basinFigure(o, stop, progress)
	if progress != nil {
		fmt.Fprint(errw, "\r\033[K")
	}
	if err != nil {
		return err
	}
	if b.Partial {
		return failError{"interrupted: no file written"}
	}
	if err := o.save(fig, format); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", o.output)
	return nil
}

// basinFigure computes the basin and draws it for the flags.
func basinFigure(o *basinOptions, stop <-chan struct{}, progress func(done, total int)) (*figure.Figure, fixedpoint.BasinResult, error) {
	fig, b, err := figure.Basin(figure.BasinOptions{
		Map: o.mapOf(), Window: o.window(), Grid: o.grid,
		Tol: o.tol, MaxIter: o.maxIter, Stop: stop, Progress: progress,
	})
	switch {
	case errors.Is(err, figure.ErrNoFixedPoint):
		return nil, b, failError{fmt.Sprintf("g has no fixed point with ν > 0 for ω = %s, τ = %s (see 'snnanalyze fixedpoint'): no basin to draw", fmtFloat(o.s.omega), fmtFloat(o.s.tau))}
	case err != nil:
		return nil, b, usagef("--mu-range, --nu-range: %v", err)
	}
	return fig, b, nil
}
