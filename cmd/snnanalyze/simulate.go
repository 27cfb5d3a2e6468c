package main

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/internal/initscheme"
	"github.com/snnanalyze/snnanalyze/simulate"
)

// Limits of simulate: the weights W·W·D and the activations S·W, 8 bytes each.
const (
	simMaxWidth   = simulate.MaxWidth
	simMaxDepth   = simulate.MaxDepth
	simMaxSamples = simulate.MaxSamples
	simMaxBytes   = simulate.MaxBytes
)

var simulateCommand = &command{
	name:    "simulate",
	summary: "propagate random inputs through a random SELU network and compare with iterated g",
	usage:   "--depth D --width W [--init NAME] [--samples S] [--seed K] [--dropout RATE] [--mu0 M] [--nu0 V] [--format text|json|csv]",
	long: `
Draws a dense SELU network of --depth layers of --width units (fan_in =
fan_out = W) with weights from --init, feeds --samples inputs whose units are
i.i.d. N(--mu0, --nu0), and prints per layer the empirical mean and variance
of the activations (pooled over units and samples) beside the prediction of
the mapping g iterated from (μ₀, ν₀). With --dropout RATE > 0 each layer's
activations go through alpha dropout (training mode) with the a, b of the
fixed point (0, 1), and the prediction applies the same dropout's moments.

The prediction uses the REALISED statistics of each layer's weights: ω = the
mean over units of Σᵢ wᵢ and τ = the mean over units of Σᵢ wᵢ², not the
scheme's expectations. g assumes one (ω, τ) for every unit; a finite layer has
its own, scattered around E[ω] = 0, E[τ] = nσ² by O(1/√W), and the layer
average is the single pair that best describes the layer, so that what is
left between the curves is the finite-width error of the mean-field picture
(units that share inputs are not independent, per-unit ω and τ vary), not
the draw of the weights. The same --seed gives the same output.

The "+spread" columns (JSON spread_mean, spread_var) add what the single
(ω, τ) leaves out: unit j's net input has mean μωⱼ, so pooled over units its
variance is ντ + μ²·Var(ωⱼ) (Var(ωⱼ) ≈ τ), i.e. g evaluated at
ν + μ²·Var(ωⱼ)/τ. It matters where μ² is not small against ν (PyTorch's
SELU gain, or --mu0 away from 0); near (0, 1) the two agree.`,
	examples: []string{
		"snnanalyze simulate --depth 32 --width 512",
		"snnanalyze simulate --depth 16 --width 256 --init pytorch-selu --seed 2",
		"snnanalyze simulate --depth 20 --width 128 --dropout 0.1 --format json",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var o simOptions
		var format string
		depth := intFlag{p: &o.depth, min: 1, max: simMaxDepth}
		width := intFlag{p: &o.width, min: 1, max: simMaxWidth}
		samples := intFlag{p: &o.samples, min: 1, max: simMaxSamples}
		o.samples = 256
		fs.Var(&depth, "depth", fmt.Sprintf("number of layers D (1 to %d)", simMaxDepth))
		fs.Var(&width, "width", fmt.Sprintf("units per layer W (1 to %d)", simMaxWidth))
		fs.StringVar(&o.init, "init", "lecun-normal", "initialisation scheme ("+strings.Join(initscheme.Names(), "|")+")")
		fs.Var(&samples, "samples", fmt.Sprintf("number of random inputs S (1 to %d)", simMaxSamples))
		fs.Uint64Var(&o.seed, "seed", 1, "seed of the random numbers (weights, inputs, dropout)")
		floatVar(fs, &o.rate, "dropout", 0, func(v float64) bool { return v >= 0 && v < 1 }, "a number in [0, 1)", "alpha-dropout rate after each layer (0: none)")
		floatVar(fs, &o.mu0, "mu0", 0, func(v float64) bool { return math.Abs(v) <= 1e3 }, "a number in [-1000, 1000]", "mean μ₀ of the input units")
		floatVar(fs, &o.nu0, "nu0", 1, func(v float64) bool { return v > 0 && v <= 1e6 }, "a number in (0, 1e6]", "variance ν₀ of the input units")
		formatVar(fs, &format)
		return func(out, errw io.Writer) error {
			if !fs.Changed("depth") {
				return usagef("--depth: required, an integer in [1, %d]", simMaxDepth)
			}
			if !fs.Changed("width") {
				return usagef("--width: required, an integer in [1, %d]", simMaxWidth)
			}
			if err := o.check(); err != nil {
				return err
			}
			layers, err := simulate.Run(o.network())
			if err != nil {
				return failError{err.Error()}
			}
			return writeSimulate(out, &o, layers, format)
		}
	},
}

type simOptions struct {
	depth, width, samples int
	init                  string
	seed                  uint64
	rate, mu0, nu0        float64
	scheme                initscheme.Scheme
}

func (o *simOptions) check() error {
	s, ok := initscheme.Lookup(o.init)
	if !ok {
		return usagef("--init: want one of %s (got %q)", strings.Join(initscheme.Names(), ", "), o.init)
	}
	o.scheme = s
	w := float64(o.width)
	if w*w*float64(o.depth)*8 > simMaxBytes {
		return usagef("--width, --depth: width*width*depth*8 bytes of weights must be at most 1e9 (got %g)", w*w*float64(o.depth)*8)
	}
	if work := float64(o.depth) * float64(o.samples) * w * w; work > simulate.MaxWork {
		return usagef("--depth, --samples, --width: depth*samples*width^2 must be at most %g multiply-adds, about 12 s (got %g)", float64(simulate.MaxWork), work)
	}
	if 2*w*float64(o.samples)*8 > simMaxBytes {
		return usagef("--samples, --width: 2*samples*width*8 bytes of activations must be at most 1e9 (got %g)", 2*w*float64(o.samples)*8)
	}
	return nil
}

// network returns the library's description of the network.
func (o *simOptions) network() simulate.Network {
	return simulate.Network{Depth: o.depth, Width: o.width, Init: o.init, Samples: o.samples,
		Mu0: o.mu0, Nu0: o.nu0, Seed: o.seed, Dropout: o.rate}
}

func writeSimulate(out io.Writer, o *simOptions, layers []simulate.Layer, format string) error {
	errs := simulate.MaxErrors(layers)
	recs := make([]*record, len(layers))
	for i, L := range layers {
		recs[i] = layerRecord(L)
	}
	rec := &record{}
	rec.add("init", o.scheme.Name)
	rec.add("depth", o.depth)
	rec.add("width", o.width)
	rec.add("samples", o.samples)
	rec.add("seed", fmt.Sprint(o.seed))
	rec.add("dropout", o.rate)
	rec.add("mu0", o.mu0)
	rec.add("nu0", o.nu0)
	rec.add("max_abs_mean_error", errs.Mean)
	rec.add("max_rel_var_error", errs.Var)
	rec.add("max_abs_mean_error_spread", errs.SpreadMean)
	rec.add("max_rel_var_error_spread", errs.SpreadVar)
	rec.add("layers", recs)
	if err := rec.checkFinite(); err != nil {
		return err
	}
	switch format {
	case "json":
		fmt.Fprintln(out, rec.json())
	case "csv":
		fmt.Fprintln(out, recs[0].csvHeader())
		for _, r := range recs {
			fmt.Fprintln(out, r.csvRow())
		}
	default:
		fmt.Fprintf(out, "random SELU network: depth %d, width %d, init %s, %d samples, seed %d", o.depth, o.width, o.scheme.Name, o.samples, o.seed)
		if o.rate > 0 {
			fmt.Fprintf(out, ", alpha dropout %s", fmtFloat(o.rate))
		}
		fmt.Fprintf(out, "\ninputs i.i.d. N(%s, %s); theory: g iterated with each layer's realised omega, tau\n\n", fmtFloat(o.mu0), fmtFloat(o.nu0))
		fmt.Fprintf(out, "%5s  %9s %9s  %10s %10s %10s  %10s %10s %10s\n", "layer", "omega", "tau", "mean", "theory", "+spread", "var", "theory", "+spread")
		for _, L := range layers {
			fmt.Fprintf(out, "%5d  %9.5f %9.5f  %10.5f %10.5f %10.5f  %10.5f %10.5f %10.5f\n", L.Layer, L.Omega, L.Tau, L.Mean, L.TheoryMean, L.SpreadMean, L.Var, L.TheoryVar, L.SpreadVar)
		}
		fmt.Fprintf(out, "\ntheory:  largest |mean - theory| = %.3g, largest |var/theory - 1| = %.3g\n", errs.Mean, errs.Var)
		fmt.Fprintf(out, "+spread: largest |mean - theory| = %.3g, largest |var/theory - 1| = %.3g\n", errs.SpreadMean, errs.SpreadVar)
	}
	return nil
}

func layerRecord(L simulate.Layer) *record {
	r := &record{}
	r.add("layer", L.Layer)
	r.add("mean", L.Mean)
	r.add("var", L.Var)
	r.add("theory_mean", L.TheoryMean)
	r.add("theory_var", L.TheoryVar)
	r.add("omega", L.Omega)
	r.add("tau", L.Tau)
	r.add("omega_var_units", L.OmegaVar)
	r.add("spread_mean", L.SpreadMean)
	r.add("spread_var", L.SpreadVar)
	return r
}
