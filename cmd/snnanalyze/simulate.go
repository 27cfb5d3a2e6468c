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
	usage:   "--depth D --width W [--init NAME] [--samples S] [--seed K] [--dropout RATE] [--mu0 M] [--nu0 V] [--c0 C] [--format text|json|csv]",
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
SELU gain, or --mu0 away from 0); near (0, 1) the two agree.

Backward: a random output gradient (i.i.d. N(0, 1) entries, one per sample
and output unit) is backpropagated through the same network: the transposed
weights times f′(z) at the stored net inputs (with dropout, times the
dropout's a on kept units and 0 on dropped ones). "grad" (JSON grad) is the
mean over samples and units of the squared gradient with respect to the
layer's activations, divided by the same at the last layer (grad = 1
there); row 0 (JSON input_grad) is the gradient with respect to the inputs.
Its theory (theory_grad) is χ₁ iterated: the product, over the layers
above, of each layer's χ₁ = τ·E[f′(z)²] (JSON chi1; times a²q with dropout)
at the layer's predicted (μ, ν) and realised (ω, τ). χ₁ > 1 makes grad grow
towards the inputs.

Pairs: every input has a partner with correlation --c0 (unit by unit,
jointly normal, both N(μ₀, ν₀)), propagated through the same network with
its own dropout masks. "corr" is the centred correlation of an input's and
its partner's activations across units, pooled over the pairs: Cov/Var about
the layer's mean over both inputs of every pair. Its theory (theory_corr) is
the centred correlation map c̃ (snnanalyze correlation) iterated from c₀ at
each layer's predicted (μ, ν) and realised (ω, τ).

Their "+spread" columns (JSON spread_grad, spread_corr, spread_chi1) use the
"+spread" (μ, ν); the offsets μωⱼ are common to both inputs of a pair, so
the map is taken at the pooled correlation (cν + μ²·Var(ωⱼ)/τ)/(ν +
μ²·Var(ωⱼ)/τ) of the net inputs.

The finite-width error of the gradient grows like depth/width (in part
because gradient independence ignores that f′(z), z = Wa, depends on the
weights W the gradient goes back through); docs/gradients.md has the
measured errors. A run is three
passes (the inputs, their partners, the gradient): 3·D·S·W² multiply-adds.`,
	examples: []string{
		"snnanalyze simulate --depth 32 --width 512",
		"snnanalyze simulate --depth 16 --width 256 --init pytorch-selu --seed 2",
		"snnanalyze simulate --depth 20 --width 128 --dropout 0.1 --format json",
		"snnanalyze simulate --depth 32 --width 512 --c0 0.99 --format csv",
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
		floatVar(fs, &o.c0, "c0", 0.5, func(v float64) bool { return v >= -1 && v <= 1 }, "a number in [-1, 1]", "correlation c₀ of each input with its partner")
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
			res, err := simulate.Run(o.network())
			if err != nil {
				return failError{err.Error()}
			}
			return writeSimulate(out, &o, res, format)
		}
	},
}

type simOptions struct {
	depth, width, samples int
	init                  string
	seed                  uint64
	rate, mu0, nu0, c0    float64
	scheme                initscheme.Scheme
}

func (o *simOptions) check() error {
	s, ok := initscheme.Lookup(o.init)
	if !ok {
		return usagef("--init: want one of %s (got %q)", strings.Join(initscheme.Names(), ", "), o.init)
	}
	o.scheme = s
	if b := simulate.WeightBytes(o.depth, o.width); b > simMaxBytes {
		return usagef("--width, --depth: width*width*depth*8 bytes of weights must be at most 1e9 (got %g)", b)
	}
	if work := simulate.Work(o.depth, o.samples, o.width); work > simulate.MaxWork {
		return usagef("--depth, --samples, --width: 3*depth*samples*width^2 (forward, partner and backward passes) must be at most %g multiply-adds, about 20 s (got %g)", float64(simulate.MaxWork), work)
	}
	if b := simulate.ActivationBytes(o.samples, o.width); b > simMaxBytes {
		return usagef("--samples, --width: 4*samples*width*8 bytes of activations (inputs and partners) must be at most 1e9 (got %g)", b)
	}
	if b := simulate.DerivativeBytes(o.depth, o.samples, o.width); b > simMaxBytes {
		return usagef("--depth, --samples, --width: depth*samples*width*4 bytes of derivatives kept for the backward pass must be at most 1e9 (got %g)", b)
	}
	return nil
}

// network returns the library's description of the network.
func (o *simOptions) network() simulate.Network {
	return simulate.Network{Depth: o.depth, Width: o.width, Init: o.init, Samples: o.samples,
		Mu0: o.mu0, Nu0: o.nu0, C0: o.c0, Seed: o.seed, Dropout: o.rate}
}

func writeSimulate(out io.Writer, o *simOptions, res simulate.Result, format string) error {
	layers := res.Layers
	errs := res.MaxErrors()
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
	rec.add("c0", o.c0)
	rec.add("max_abs_mean_error", errs.Mean)
	rec.add("max_rel_var_error", errs.Var)
	rec.add("max_abs_mean_error_spread", errs.SpreadMean)
	rec.add("max_rel_var_error_spread", errs.SpreadVar)
	rec.add("max_rel_grad_error", errs.Grad)
	rec.add("max_abs_corr_error", errs.Corr)
	rec.add("max_rel_grad_error_spread", errs.SpreadGrad)
	rec.add("max_abs_corr_error_spread", errs.SpreadCorr)
	rec.add("output_grad_second_moment", res.OutputGradSecond)
	rec.add("input_grad", res.InputGrad)
	rec.add("theory_input_grad", res.TheoryInputGrad)
	rec.add("spread_input_grad", res.SpreadInputGrad)
	rec.add("input_corr", res.InputCorr)
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
		fmt.Fprintf(out, "\nbackward: a random output gradient, i.i.d. N(0, 1), backpropagated; grad = its mean square with respect\n")
		fmt.Fprintf(out, "to the layer's activations over that at layer %d (layer 0: the inputs); theory = chi1 iterated\n", o.depth)
		fmt.Fprintf(out, "pairs: each input with a partner of correlation c0 = %s; corr = their centred correlation across\n", fmtFloat(o.c0))
		fmt.Fprintf(out, "units, pooled over pairs; theory = the correlation map c~ iterated from c0\n\n")
		fmt.Fprintf(out, "%5s  %9s  %11s %11s %11s  %10s %10s %10s\n", "layer", "chi1", "grad", "theory", "+spread", "corr", "theory", "+spread")
		fmt.Fprintf(out, "%5d  %9s  %#11.5g %#11.5g %#11.5g  %10.5f %10.5f %10.5f\n", 0, "", res.InputGrad, res.TheoryInputGrad, res.SpreadInputGrad, res.InputCorr, res.TheoryInputCorr, res.TheoryInputCorr)
		for _, L := range layers {
			fmt.Fprintf(out, "%5d  %9.5f  %#11.5g %#11.5g %#11.5g  %10.5f %10.5f %10.5f\n", L.Layer, L.Chi1, L.Grad, L.TheoryGrad, L.SpreadGrad, L.Corr, L.TheoryCorr, L.SpreadCorr)
		}
		fmt.Fprintf(out, "\ntheory:  largest |grad/theory - 1| = %.3g, largest |corr - theory| = %.3g (layers 0 to %d)\n", errs.Grad, errs.Corr, o.depth)
		fmt.Fprintf(out, "+spread: largest |grad/theory - 1| = %.3g, largest |corr - theory| = %.3g\n", errs.SpreadGrad, errs.SpreadCorr)
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
	r.add("chi1", L.Chi1)
	r.add("grad", L.Grad)
	r.add("theory_grad", L.TheoryGrad)
	r.add("corr", L.Corr)
	r.add("theory_corr", L.TheoryCorr)
	r.add("spread_chi1", L.SpreadChi1)
	r.add("spread_grad", L.SpreadGrad)
	r.add("spread_corr", L.SpreadCorr)
	return r
}
