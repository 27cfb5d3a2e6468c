package main

import (
	"fmt"
	"io"
	"math"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/meanfield"
)

func init() { commands = append(commands, gradientCommand, correlationCommand) }

// maxDepth bounds --depth.
const maxDepth = 1000000

var gradientCommand = &command{
	name:    "gradient",
	summary: "the backward factor χ₁ = τ·E[f′(z)²] and the growth of gradients over depth",
	usage:   "[--omega W] [--tau T] [--mu M --nu V] [--depth L] [--format text|json|csv]",
	long: `
Prints E[f′(z)], E[f′(z)²] and χ₁ = τ·E[f′(z)²] for the net input
z ~ N(μω, ντ): under the gradient-independence assumption (the weights of the
backward pass independent of the forward pass; outgoing weight statistics
equal to the incoming ω, τ), the second moment of a zero-mean gradient is
multiplied by χ₁ per layer, so by χ₁^L over --depth L layers. A mean of the
gradient is multiplied by ω·E[f′] per layer. Without --mu and --nu the point
is the fixed point of g for (--omega, --tau), found as by the fixedpoint
command; there, ν̃ = ν and χ₁ ≥ 1 for every activation (the Gaussian Poincaré
inequality Var f(z) ≤ ντ·E[f′(z)²]; see docs/gradients.md).

SELU, ELU and ReLU use closed forms (erfc/erfcx); tanh is integrated.`,
	examples: []string{
		"snnanalyze gradient",
		"snnanalyze gradient --tau 0.5625 --depth 32",
		"snnanalyze gradient --mu 0 --nu 1 --tau 0.5625",
		"snnanalyze gradient --activation relu --tau 2 --format json",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var s statFlags
		var format string
		s.define(fs)
		depth := intFlag{p: new(int), min: 1, max: maxDepth}
		*depth.p = 100
		fs.Var(&depth, "depth", fmt.Sprintf("layers L for the growth χ₁^L (1 to %d)", maxDepth))
		formatVar(fs, &format)
		return func(out, errw io.Writer) error {
			return runGradient(out, &s, fs.Changed("mu"), fs.Changed("nu"), *depth.p, format)
		}
	},
}

// atPoint resolves (μ, ν): the given point, or the fixed point of g for
// (ω, τ) when neither --mu nor --nu is given.
func atPoint(s *statFlags, f mapping.Activation, muSet, nuSet bool) (atFixed bool, err error) {
	if muSet != nuSet {
		return false, usagef("--mu and --nu go together (without both, the point is the fixed point of g)")
	}
	if !muSet {
		if err := checkWeights(s); err != nil {
			return false, err
		}
		fp, err := fixedpoint.Find(f, s.omega, s.tau, nil)
		if err != nil {
			return false, fixedPointError(err)
		}
		s.mu, s.nu = fp.Mu, fp.Nu
	}
	return !muSet, s.checkNormal()
}

func runGradient(out io.Writer, s *statFlags, muSet, nuSet bool, depth int, format string) error {
	f, err := s.activationFunc()
	if err != nil {
		return err
	}
	atFixed, err := atPoint(s, f, muSet, nuSet)
	if err != nil {
		return err
	}
	b, err := meanfield.BackwardAt(f, s.mu, s.nu, s.omega, s.tau)
	if err != nil {
		return usageError{err.Error()}
	}
	growth := b.Growth(depth)
	if math.IsInf(growth, 0) || growth == 0 {
		return usagef("--depth: chi1^%d = %s^%d is outside the range of float64; choose a smaller depth", depth, fmtFloat(b.Chi1), depth)
	}
	rec := &record{}
	rec.add("activation", f.Name())
	addActivationParams(rec, f)
	rec.add("mu", s.mu)
	rec.add("nu", s.nu)
	rec.add("omega", s.omega)
	rec.add("tau", s.tau)
	rec.add("at_fixed_point", atFixed)
	rec.add("mean_fprime", b.MeanFPrime)
	rec.add("second_fprime", b.SecondFPrime)
	rec.add("chi1", b.Chi1)
	if e := b.EFoldLayers(); math.IsInf(e, 0) {
		rec.add("efold_layers", null{})
	} else {
		rec.add("efold_layers", e)
	}
	rec.add("regime", regime(b.Chi1))
	rec.add("depth", depth)
	rec.add("growth", growth)
	rec.add("mean_factor", b.MeanFactor)
	return rec.emit(out, format, nil, func() {
		fmt.Fprintf(out, "backward factor of the gradient (gradient independence)\n")
		writeActivationLine(out, f)
		where := ""
		if atFixed {
			where = "  (the fixed point of g)"
		}
		fmt.Fprintf(out, "at          mu = %s, nu = %s%s\n", fmtFloat(s.mu), fmtFloat(s.nu), where)
		fmt.Fprintf(out, "weights     omega = %s, tau = %s\n\n", fmtFloat(s.omega), fmtFloat(s.tau))
		fmt.Fprintf(out, "E[f'(z)]          %s\n", fmtFloat(b.MeanFPrime))
		fmt.Fprintf(out, "E[f'(z)^2]        %s\n", fmtFloat(b.SecondFPrime))
		fmt.Fprintf(out, "chi1 = tau*E[f'^2]  %s\n", fmtFloat(b.Chi1))
		if e := b.EFoldLayers(); !math.IsInf(e, 0) {
			fmt.Fprintf(out, "e-fold every       %.4g layers\n", e)
		}
		fmt.Fprintf(out, "growth over %d layers  chi1^%d = %.6g\n", depth, depth, growth)
		fmt.Fprintf(out, "mean factor        omega*E[f'] = %s per layer\n\n", fmtFloat(b.MeanFactor))
		fmt.Fprintf(out, "verdict: %s\n", gradientVerdict(b.Chi1))
	})
}

func regime(chi1 float64) string {
	switch {
	case chi1 > 1:
		return "growing"
	case chi1 < 1:
		return "vanishing"
	}
	return "neutral"
}

func gradientVerdict(chi1 float64) string {
	switch {
	case chi1 > 1:
		return "chi1 > 1: the gradient's second moment grows with depth (towards the input)"
	case chi1 < 1:
		return "chi1 < 1: the gradient's second moment shrinks with depth (towards the input)"
	}
	return "chi1 = 1: the gradient's second moment is preserved"
}
