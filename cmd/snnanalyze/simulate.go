package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/spf13/pflag"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/snnanalyze/snnanalyze/internal/initscheme"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// Limits of simulate: the weights W·W·D and the activations S·W, 8 bytes each.
const (
	simMaxWidth   = 4096
	simMaxDepth   = 10000
	simMaxSamples = 100000
	simMaxBytes   = 1e9
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
			layers, err := simulate(&o)
			if err != nil {
				return err
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
	if 2*w*float64(o.samples)*8 > simMaxBytes {
		return usagef("--samples, --width: 2*samples*width*8 bytes of activations must be at most 1e9 (got %g)", 2*w*float64(o.samples)*8)
	}
	return nil
}

// simLayer is one layer's result.
type simLayer struct {
	layer                 int
	omega, tau            float64 // realised: means over units of Σw, Σw²
	mean, variance        float64 // empirical, over units and samples
	theoryMean, theoryVar float64 // g iterated with the realised ω, τ
	omegaVar              float64 // variance over units of Σᵢ wᵢ
	spreadMean, spreadVar float64 // the same with the units' spread of ω (see simulate)
}

// simulate runs the network. The random stream is one PCG seeded by --seed:
// the inputs first, then per layer the weights and the dropout mask.
func simulate(o *simOptions) ([]simLayer, error) {
	rnd := rand.New(rand.NewPCG(o.seed, 0x5eed5e1))
	f := mapping.StandardSELU
	var drop mapping.AlphaDropout
	if o.rate > 0 {
		var err error
		drop, err = mapping.NewAlphaDropout(o.rate, f.Alpha, f.Lambda, 0, 1)
		if err != nil {
			return nil, usagef("--dropout: %v", err)
		}
	}
	S, W := o.samples, o.width
	x := mat.NewDense(S, W, nil)
	in := distuv.Normal{Mu: o.mu0, Sigma: math.Sqrt(o.nu0), Src: rnd}
	xd := x.RawMatrix().Data
	for i := range xd {
		xd[i] = in.Rand()
	}
	z := mat.NewDense(S, W, nil)
	mu, nu := o.mu0, o.nu0
	smu, snu := mu, nu
	layers := make([]simLayer, 0, o.depth)
	for l := 1; l <= o.depth; l++ {
		w := o.scheme.Sample(W, W, rnd)
		var omega, tau, omega2 float64
		for j := range W {
			var oj float64
			for _, v := range w.RawRowView(j) {
				oj += v
				tau += v * v
			}
			omega += oj
			omega2 += oj * oj
		}
		omega /= float64(W)
		tau /= float64(W)
		omegaVar := math.Max(0, omega2/float64(W)-omega*omega)
		z.Mul(x, w.T())
		zd := z.RawMatrix().Data
		for i, v := range zd {
			zd[i] = f.Value(v)
		}
		if o.rate > 0 {
			for i, v := range zd {
				if rnd.Float64() < o.rate {
					v = drop.AlphaPrime
				}
				zd[i] = drop.A*v + drop.B
			}
		}
		m, v := meanVar(zd)
		g := mapping.Map{F: f, Omega: omega, Tau: tau}
		th, err := g.Apply(mu, nu)
		if err != nil {
			return nil, failError{fmt.Sprintf("layer %d: g at (%g, %g): %v", l, mu, nu, err)}
		}
		mu, nu = th.Mean, th.Var
		if o.rate > 0 {
			mu, nu = drop.Moments(mu, nu)
		}
		// Pooled over units, unit j's net input is N(μωⱼ, ντ): the mixture
		// over j has mean μω̄ and variance ντ + μ²·Var(ωⱼ), so g at
		// ν' = ν + μ²·Var(ωⱼ)/τ gives the pooled moments.
		sp, err := g.Apply(smu, snu+smu*smu*omegaVar/tau)
		if err != nil {
			return nil, failError{fmt.Sprintf("layer %d: g at (%g, %g): %v", l, smu, snu, err)}
		}
		smu, snu = sp.Mean, sp.Var
		if o.rate > 0 {
			smu, snu = drop.Moments(smu, snu)
		}
		layers = append(layers, simLayer{layer: l, omega: omega, tau: tau, mean: m, variance: v, theoryMean: mu, theoryVar: nu,
			omegaVar: omegaVar, spreadMean: smu, spreadVar: snu})
		x, z = z, x
	}
	return layers, nil
}

// meanVar returns the mean and the (population) variance of d, two-pass.
func meanVar(d []float64) (mean, variance float64) {
	for _, v := range d {
		mean += v
	}
	mean /= float64(len(d))
	for _, v := range d {
		variance += (v - mean) * (v - mean)
	}
	return mean, variance / float64(len(d))
}

func writeSimulate(out io.Writer, o *simOptions, layers []simLayer, format string) error {
	switch format {
	case "json":
		var b strings.Builder
		b.WriteString("[")
		for i, L := range layers {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(L.record().json())
		}
		b.WriteString("]")
		rec := &record{}
		rec.add("init", o.scheme.Name)
		rec.add("depth", o.depth)
		rec.add("width", o.width)
		rec.add("samples", o.samples)
		rec.add("seed", fmt.Sprint(o.seed))
		rec.add("dropout", o.rate)
		rec.add("mu0", o.mu0)
		rec.add("nu0", o.nu0)
		rec.add("max_abs_mean_error", maxMeanErr(layers))
		rec.add("max_rel_var_error", maxVarErr(layers))
		sm, sv := spreadErr(layers)
		rec.add("max_abs_mean_error_spread", sm)
		rec.add("max_rel_var_error_spread", sv)
		rec.add("layers", rawJSON(b.String()))
		fmt.Fprintln(out, rec.json())
	case "csv":
		fmt.Fprintln(out, layers[0].record().csvHeader())
		for _, L := range layers {
			fmt.Fprintln(out, L.record().csvRow())
		}
	default:
		fmt.Fprintf(out, "random SELU network: depth %d, width %d, init %s, %d samples, seed %d", o.depth, o.width, o.scheme.Name, o.samples, o.seed)
		if o.rate > 0 {
			fmt.Fprintf(out, ", alpha dropout %s", fmtFloat(o.rate))
		}
		fmt.Fprintf(out, "\ninputs i.i.d. N(%s, %s); theory: g iterated with each layer's realised omega, tau\n\n", fmtFloat(o.mu0), fmtFloat(o.nu0))
		fmt.Fprintf(out, "%5s  %9s %9s  %10s %10s %10s  %10s %10s %10s\n", "layer", "omega", "tau", "mean", "theory", "+spread", "var", "theory", "+spread")
		for _, L := range layers {
			fmt.Fprintf(out, "%5d  %9.5f %9.5f  %10.5f %10.5f %10.5f  %10.5f %10.5f %10.5f\n", L.layer, L.omega, L.tau, L.mean, L.theoryMean, L.spreadMean, L.variance, L.theoryVar, L.spreadVar)
		}
		fmt.Fprintf(out, "\ntheory:  largest |mean - theory| = %.3g, largest |var/theory - 1| = %.3g\n", maxMeanErr(layers), maxVarErr(layers))
		sm, sv := spreadErr(layers)
		fmt.Fprintf(out, "+spread: largest |mean - theory| = %.3g, largest |var/theory - 1| = %.3g\n", sm, sv)
	}
	return nil
}

func (L simLayer) record() *record {
	r := &record{}
	r.add("layer", L.layer)
	r.add("mean", L.mean)
	r.add("var", L.variance)
	r.add("theory_mean", L.theoryMean)
	r.add("theory_var", L.theoryVar)
	r.add("omega", L.omega)
	r.add("tau", L.tau)
	r.add("omega_var_units", L.omegaVar)
	r.add("spread_mean", L.spreadMean)
	r.add("spread_var", L.spreadVar)
	return r
}

func maxMeanErr(ls []simLayer) float64 {
	e := 0.0
	for _, L := range ls {
		e = math.Max(e, math.Abs(L.mean-L.theoryMean))
	}
	return e
}

func maxVarErr(ls []simLayer) float64 {
	e := 0.0
	for _, L := range ls {
		e = math.Max(e, math.Abs(L.variance/L.theoryVar-1))
	}
	return e
}

func spreadErr(ls []simLayer) (m, v float64) {
	for _, L := range ls {
		m = math.Max(m, math.Abs(L.mean-L.spreadMean))
		v = math.Max(v, math.Abs(L.variance/L.spreadVar-1))
	}
	return m, v
}
