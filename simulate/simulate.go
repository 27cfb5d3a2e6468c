package simulate

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/snnanalyze/snnanalyze/internal/initscheme"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// Limits of a network: the weights Width·Width·Depth and the activations
// 2·Samples·Width, 8 bytes each.
const (
	MaxWidth   = 4096
	MaxDepth   = 10000
	MaxSamples = 100000
	MaxBytes   = 1e9
	// MaxWork bounds Depth·Samples·Width² multiply-adds: about 12 s on two
	// cores (BenchmarkSimulate32x512 does 2.1e9 in 0.5 s).
	MaxWork = 5e10
)

// Network describes a random network and its inputs.
type Network struct {
	// Depth is the number of layers, Width the units per layer (fan-in =
	// fan-out = Width).
	Depth, Width int
	// Init names the initialisation scheme of the weights (Schemes lists
	// them).
	Init string
	// Samples is the number of random inputs, whose units are i.i.d.
	// N(Mu0, Nu0).
	Samples  int
	Mu0, Nu0 float64
	// Seed seeds the random numbers: the inputs first, then per layer the
	// weights and the dropout mask.
	Seed uint64
	// Dropout is the alpha-dropout rate after each layer (0: none), with the
	// a, b of the fixed point (0, 1) (training mode).
	Dropout float64
}

// Schemes returns the names of the initialisation schemes.
func Schemes() []string { return initscheme.Names() }

// Layer is one layer's measurement beside the theory.
type Layer struct {
	Layer int
	// Omega and Tau are the realised weight statistics: the means over units
	// of Σᵢ wᵢ and Σᵢ wᵢ²; OmegaVar is the variance over units of Σᵢ wᵢ.
	Omega, Tau, OmegaVar float64
	// Mean and Var are the activations' empirical moments, pooled over units
	// and samples.
	Mean, Var float64
	// TheoryMean and TheoryVar are g iterated from (Mu0, Nu0) with each
	// layer's realised (ω, τ).
	TheoryMean, TheoryVar float64
	// SpreadMean and SpreadVar add the units' spread of ω: pooled over units,
	// the net input has variance ντ + μ²·Var(ωⱼ), so g is evaluated at
	// ν + μ²·Var(ωⱼ)/τ.
	SpreadMean, SpreadVar float64
}

// Validate reports whether the network can be run.
func (n Network) Validate() error {
	if _, ok := initscheme.Lookup(n.Init); !ok {
		return fmt.Errorf("unknown initialisation scheme %q", n.Init)
	}
	switch {
	case n.Depth < 1 || n.Depth > MaxDepth:
		return fmt.Errorf("depth must be in [1, %d], got %d", MaxDepth, n.Depth)
	case n.Width < 1 || n.Width > MaxWidth:
		return fmt.Errorf("width must be in [1, %d], got %d", MaxWidth, n.Width)
	case n.Samples < 1 || n.Samples > MaxSamples:
		return fmt.Errorf("samples must be in [1, %d], got %d", MaxSamples, n.Samples)
	case !(n.Nu0 > 0) || math.IsInf(n.Nu0, 0) || math.IsNaN(n.Mu0) || math.IsInf(n.Mu0, 0):
		return fmt.Errorf("the inputs need a finite mean and a finite variance > 0, got N(%g, %g)", n.Mu0, n.Nu0)
	case !(n.Dropout >= 0 && n.Dropout < 1):
		return fmt.Errorf("dropout rate must be in [0, 1), got %g", n.Dropout)
	}
	w := float64(n.Width)
	if w*w*float64(n.Depth)*8 > MaxBytes {
		return fmt.Errorf("weights of %g bytes, more than %g", w*w*float64(n.Depth)*8, float64(MaxBytes))
	}
	if 2*w*float64(n.Samples)*8 > MaxBytes {
		return fmt.Errorf("activations of %g bytes, more than %g", 2*w*float64(n.Samples)*8, float64(MaxBytes))
	}
	if work := float64(n.Depth) * float64(n.Samples) * w * w; work > MaxWork {
		return fmt.Errorf("depth*samples*width^2 = %g multiply-adds, more than %g (about 12 s)", work, float64(MaxWork))
	}
	return nil
}

// ErrTheory is returned (wrapped) when g cannot be evaluated at a layer.
var ErrTheory = errors.New("g cannot be evaluated")

// Run draws the network, propagates the inputs and returns each layer's
// measurement and prediction. The same Network gives the same result.
func Run(n Network) ([]Layer, error) {
	if err := n.Validate(); err != nil {
		return nil, err
	}
	scheme, _ := initscheme.Lookup(n.Init)
	rnd := rand.New(rand.NewPCG(n.Seed, 0x5eed5e1))
	f := mapping.StandardSELU
	var drop mapping.AlphaDropout
	if n.Dropout > 0 {
		var err error
		drop, err = mapping.NewAlphaDropout(n.Dropout, f.Alpha, f.Lambda, 0, 1)
		if err != nil {
			return nil, err
		}
	}
	S, W := n.Samples, n.Width
	x := mat.NewDense(S, W, nil)
	in := distuv.Normal{Mu: n.Mu0, Sigma: math.Sqrt(n.Nu0), Src: rnd}
	xd := x.RawMatrix().Data
	for i := range xd {
		xd[i] = in.Rand()
	}
	z := mat.NewDense(S, W, nil)
	mu, nu := n.Mu0, n.Nu0
	smu, snu := mu, nu
	layers := make([]Layer, 0, n.Depth)
	for l := 1; l <= n.Depth; l++ {
		w := scheme.Sample(W, W, rnd)
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
		if n.Dropout > 0 {
			for i, v := range zd {
				if rnd.Float64() < n.Dropout {
					v = drop.AlphaPrime
				}
				zd[i] = drop.A*v + drop.B
			}
		}
		m, v := meanVar(zd)
		g := mapping.Map{F: f, Omega: omega, Tau: tau}
		th, err := g.Apply(mu, nu)
		if err != nil {
			return nil, fmt.Errorf("layer %d: %w at (%g, %g): %v", l, ErrTheory, mu, nu, err)
		}
		mu, nu = th.Mean, th.Var
		if n.Dropout > 0 {
			mu, nu = drop.Moments(mu, nu)
		}
		// Pooled over units, unit j's net input is N(μωⱼ, ντ): the mixture
		// over j has mean μω̄ and variance ντ + μ²·Var(ωⱼ), so g at
		// ν' = ν + μ²·Var(ωⱼ)/τ gives the pooled moments.
		sp, err := g.Apply(smu, snu+smu*smu*omegaVar/tau)
		if err != nil {
			return nil, fmt.Errorf("layer %d: %w at (%g, %g): %v", l, ErrTheory, smu, snu, err)
		}
		smu, snu = sp.Mean, sp.Var
		if n.Dropout > 0 {
			smu, snu = drop.Moments(smu, snu)
		}
		layers = append(layers, Layer{Layer: l, Omega: omega, Tau: tau, Mean: m, Var: v, TheoryMean: mu, TheoryVar: nu,
			OmegaVar: omegaVar, SpreadMean: smu, SpreadVar: snu})
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

// Errors are the largest deviations of the measurement from the theory over
// the layers: |mean − theory| and |var/theory − 1|, without and with the
// units' spread of ω.
type Errors struct {
	Mean, Var             float64
	SpreadMean, SpreadVar float64
}

// MaxErrors returns the largest deviations over the layers.
func MaxErrors(layers []Layer) Errors {
	var e Errors
	for _, L := range layers {
		e.Mean = math.Max(e.Mean, math.Abs(L.Mean-L.TheoryMean))
		e.Var = math.Max(e.Var, math.Abs(L.Var/L.TheoryVar-1))
		e.SpreadMean = math.Max(e.SpreadMean, math.Abs(L.Mean-L.SpreadMean))
		e.SpreadVar = math.Max(e.SpreadVar, math.Abs(L.Var/L.SpreadVar-1))
	}
	return e
}
