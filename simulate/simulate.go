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
	"github.com/snnanalyze/snnanalyze/meanfield"
)

// Limits of a network: the weights Width·Width·Depth (8 bytes each, kept
// for the backward pass), the activations 4·Samples·Width (8 bytes each: two
// buffers for the inputs, two for their partners) and the derivatives
// Depth·Samples·Width (4 bytes each, kept for the backward pass).
const (
	MaxWidth   = 4096
	MaxDepth   = 10000
	MaxSamples = 100000
	MaxBytes   = 1e9
	// MaxWork bounds 3·Depth·Samples·Width² multiply-adds (the forward pass
	// of the inputs, of their partners and the backward pass): 8 times the
	// 6.3e9 of 32 layers of 512 units with 256 samples, which take 3.8 to
	// 4.1 s of CPU (the forward pass alone 1.3 to 1.5 s, 0.92 s wall on two
	// idle cores), so about 20 s on two cores.
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
	// C0 is the correlation, in [−1, 1], of each input with its partner:
	// partner unit i is Mu0 + C0·(xᵢ − Mu0) + √(1 − C0²)·ηᵢ with ηᵢ i.i.d.
	// N(0, Nu0), so that the pair's units are jointly normal, each
	// N(Mu0, Nu0), with correlation C0.
	C0 float64
	// Seed seeds the random numbers: the inputs first, then per layer the
	// weights and the dropout mask; the partners (and their dropout masks)
	// and the output gradient have streams of their own, so that they do not
	// change the forward pass.
	Seed uint64
	// Dropout is the alpha-dropout rate after each layer (0: none), with the
	// a, b of the fixed point (0, 1) (training mode: every sample, partners
	// included, gets its own mask).
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

	// Chi1 is the layer's backward factor in theory: τ·E[f′(z)²] at the
	// predicted input statistics (μ, ν) of the layer (the previous layer's
	// TheoryMean, TheoryVar) and its realised (ω, τ); with dropout, times
	// a²q (the derivative of a·x̂ + b is a·f′ on kept units, 0 on dropped
	// ones).
	Chi1 float64
	// Grad is the measured second moment of the gradient with respect to
	// the layer's activations (the mean over samples and units of its
	// squared entries), divided by the same at the output layer (so that
	// Grad = 1 at the last layer). TheoryGrad is χ₁ iterated: the product of
	// Chi1 over the layers above this one. LnGrad and TheoryLnGrad are their
	// natural logarithms, which never over- or underflow.
	Grad, TheoryGrad     float64
	LnGrad, TheoryLnGrad float64
	// SpreadChi1, SpreadGrad and SpreadLnGrad are Chi1, TheoryGrad and
	// TheoryLnGrad with the units' spread of ω, as SpreadMean and SpreadVar:
	// at (μ, ν + μ²·Var(ωⱼ)/τ) of the "+spread" iteration.
	SpreadChi1, SpreadGrad, SpreadLnGrad float64
	// Corr is the measured correlation of the activations of each input and
	// its partner: centred at the layer's mean over both inputs of every
	// pair and all units, Cov/Var pooled over units and pairs. TheoryCorr is
	// the centred correlation map c̃ iterated from C0 at the predicted
	// (μ, ν) and the realised (ω, τ) (with dropout: times a²q²·ν̃/ν̃_dropout,
	// the two inputs' masks being independent).
	Corr, TheoryCorr float64
	// SpreadCorr is TheoryCorr with the units' spread of ω: the offsets
	// μωⱼ, common to both inputs, add μ²·Var(ωⱼ) to the net inputs'
	// covariance as to their variance, so the map is taken at the pooled
	// correlation (cν + μ²·Var(ωⱼ)/τ)/(ν + μ²·Var(ωⱼ)/τ).
	SpreadCorr float64
}

// Result is a run's measurements: the layers 1 to Depth, and the inputs
// (layer 0).
type Result struct {
	Layers []Layer
	// OutputGradSecond is the measured second moment of the random output
	// gradient (i.i.d. N(0, 1) entries; 1 up to sampling), the normaliser of
	// Grad.
	OutputGradSecond float64
	// InputGrad and TheoryInputGrad are Grad and TheoryGrad for the gradient
	// with respect to the inputs (layer 0), with their logarithms.
	InputGrad, TheoryInputGrad, SpreadInputGrad       float64
	InputLnGrad, TheoryInputLnGrad, SpreadInputLnGrad float64
	// InputCorr is the measured correlation of the inputs and their
	// partners; TheoryInputCorr is C0.
	InputCorr, TheoryInputCorr float64
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
	case !(n.C0 >= -1 && n.C0 <= 1):
		return fmt.Errorf("the correlation c0 of the pairs must be in [-1, 1], got %g", n.C0)
	case !(n.Dropout >= 0 && n.Dropout < 1):
		return fmt.Errorf("dropout rate must be in [0, 1), got %g", n.Dropout)
	}
	if b := WeightBytes(n.Depth, n.Width); b > MaxBytes {
		return fmt.Errorf("weights of %g bytes, more than %g", b, float64(MaxBytes))
	}
	if b := ActivationBytes(n.Samples, n.Width); b > MaxBytes {
		return fmt.Errorf("activations of %g bytes, more than %g", b, float64(MaxBytes))
	}
	if b := DerivativeBytes(n.Depth, n.Samples, n.Width); b > MaxBytes {
		return fmt.Errorf("stored derivatives of %g bytes, more than %g", b, float64(MaxBytes))
	}
	if w := Work(n.Depth, n.Samples, n.Width); w > MaxWork {
		return fmt.Errorf("3*depth*samples*width^2 = %g multiply-adds, more than %g (about 20 s)", w, float64(MaxWork))
	}
	return nil
}

// WeightBytes is the memory of the weights kept for the backward pass,
// 8·Depth·Width².
func WeightBytes(depth, width int) float64 {
	w := float64(width)
	return 8 * w * w * float64(depth)
}

// ActivationBytes is the memory of the activation buffers, 4·8·Samples·Width
// (input and output of a layer, for the inputs and for their partners; the
// backward pass reuses two of them).
func ActivationBytes(samples, width int) float64 { return 32 * float64(width) * float64(samples) }

// DerivativeBytes is the memory of the derivatives f′(z) kept for the
// backward pass, 4·Depth·Samples·Width (float32: their rounding, 6e-8
// relative, is far below the sampling error of what they measure).
func DerivativeBytes(depth, samples, width int) float64 {
	return 4 * float64(depth) * float64(samples) * float64(width)
}

// Work is the number of multiply-adds of a run, 3·Depth·Samples·Width².
func Work(depth, samples, width int) float64 {
	w := float64(width)
	return 3 * float64(depth) * float64(samples) * w * w
}

// ErrTheory is returned (wrapped) when g cannot be evaluated at a layer.
var ErrTheory = errors.New("g cannot be evaluated")

// ErrConstant is returned (wrapped) when a layer's activations, of the
// inputs and their partners, are all equal in float64: their correlation is
// undefined.
var ErrConstant = errors.New("the activations of the inputs and their partners are all equal: their correlation is undefined")

// Streams of the random numbers: the forward pass's (inputs, weights,
// dropout masks) as before the backward pass and the pairs existed, and
// one each for the partners and for the output gradient.
const (
	streamForward  = 0x5eed5e1
	streamPartner  = 0x5eed5e2
	streamGradient = 0x5eed5e3
)

// Run draws the network, propagates the inputs and their partners,
// backpropagates a random output gradient, and returns each layer's
// measurement and prediction. The same Network gives the same result, on
// any number of cores (gonum's matrix product sums every entry in the same
// order whatever the number of workers; every other loop is serial).
func Run(n Network) (Result, error) {
	if err := n.Validate(); err != nil {
		return Result{}, err
	}
	scheme, _ := initscheme.Lookup(n.Init)
	rnd := rand.New(rand.NewPCG(n.Seed, streamForward))
	rndPair := rand.New(rand.NewPCG(n.Seed, streamPartner))
	f := mapping.StandardSELU
	var drop mapping.AlphaDropout
	if n.Dropout > 0 {
		var err error
		drop, err = mapping.NewAlphaDropout(n.Dropout, f.Alpha, f.Lambda, 0, 1)
		if err != nil {
			return Result{}, err
		}
	}
	S, W, D := n.Samples, n.Width, n.Depth
	x := mat.NewDense(S, W, nil)
	in := distuv.Normal{Mu: n.Mu0, Sigma: math.Sqrt(n.Nu0), Src: rnd}
	xd := x.RawMatrix().Data
	for i := range xd {
		xd[i] = in.Rand()
	}
	// Partners: x₂ = μ₀ + c₀(x − μ₀) + √(1 − c₀²)·η, η ~ N(0, ν₀).
	x2 := mat.NewDense(S, W, nil)
	x2d := x2.RawMatrix().Data
	eta := distuv.Normal{Sigma: math.Sqrt(n.Nu0), Src: rndPair}
	sq := math.Sqrt((1 - n.C0) * (1 + n.C0))
	for i, v := range xd {
		x2d[i] = n.Mu0 + n.C0*(v-n.Mu0) + sq*eta.Rand()
	}
	res := Result{InputCorr: pairCorr(xd, x2d), TheoryInputCorr: n.C0}
	var x0 []float64
	if testHook != nil {
		x0 = append(x0, xd...)
	}
	if math.IsNaN(res.InputCorr) {
		return Result{}, fmt.Errorf("inputs: %w", ErrConstant)
	}
	z := mat.NewDense(S, W, nil)
	z2 := mat.NewDense(S, W, nil)
	weights := make([]*mat.Dense, D)
	fprime := make([]float32, D*S*W)
	mu, nu := n.Mu0, n.Nu0
	smu, snu := mu, nu
	c, sc := n.C0, n.C0
	layers := make([]Layer, 0, D)
	for l := 1; l <= D; l++ {
		w := scheme.Sample(W, W, rnd)
		weights[l-1] = w
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

		// The inputs: activation, derivative (kept), dropout.
		z.Mul(x, w.T())
		zd := z.RawMatrix().Data
		fp := fprime[(l-1)*S*W : l*S*W]
		activate(f, zd, fp)
		if n.Dropout > 0 {
			dropout(drop, n.Dropout, rnd, zd, fp)
		}
		// The partners, with masks of their own.
		z2.Mul(x2, w.T())
		zd2 := z2.RawMatrix().Data
		activate(f, zd2, nil)
		if n.Dropout > 0 {
			dropout(drop, n.Dropout, rndPair, zd2, nil)
		}
		m, v := meanVar(zd)
		corr := pairCorr(zd, zd2)
		if math.IsNaN(corr) {
			return Result{}, fmt.Errorf("layer %d: %w", l, ErrConstant)
		}

		// Theory: the correlation map and the backward factor at the
		// predicted (μ, ν) before g moves them; with the units' spread of ω
		// (see below) at ν' and at the pooled correlation c' of the net
		// inputs, (cν + μ²·Var(ωⱼ)/τ)/ν': the offsets μωⱼ are common to
		// both inputs of a pair.
		var dp *mapping.AlphaDropout
		if n.Dropout > 0 {
			dp = &drop
		}
		var chi1, schi1 float64
		var err error
		c, chi1, err = pairTheory(f, dp, mu, nu, omega, tau, c)
		if err != nil {
			return Result{}, fmt.Errorf("layer %d: %w", l, err)
		}
		sadd := smu * smu * omegaVar / tau
		sc, schi1, err = pairTheory(f, dp, smu, snu+sadd, omega, tau, (sc*snu+sadd)/(snu+sadd))
		if err != nil {
			return Result{}, fmt.Errorf("layer %d (+spread): %w", l, err)
		}

		g := mapping.Map{F: f, Omega: omega, Tau: tau}
		th, err := g.Apply(mu, nu)
		if err != nil {
			return Result{}, fmt.Errorf("layer %d: %w at (%g, %g): %v", l, ErrTheory, mu, nu, err)
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
			return Result{}, fmt.Errorf("layer %d: %w at (%g, %g): %v", l, ErrTheory, smu, snu, err)
		}
		smu, snu = sp.Mean, sp.Var
		if n.Dropout > 0 {
			smu, snu = drop.Moments(smu, snu)
		}
		layers = append(layers, Layer{Layer: l, Omega: omega, Tau: tau, Mean: m, Var: v, TheoryMean: mu, TheoryVar: nu,
			OmegaVar: omegaVar, SpreadMean: smu, SpreadVar: snu, Chi1: chi1, SpreadChi1: schi1, Corr: corr, TheoryCorr: c, SpreadCorr: sc})
		x, z = z, x
		x2, z2 = z2, x2
	}

	// Backward: δ_D i.i.d. N(0, 1); δ_{l−1} = (δ_l ⊙ f′(z_l)) W_l. The
	// buffer holds δ·2^−scale: after every layer it is rescaled by a power
	// of two (exact) so that it neither over- nor underflows at any depth,
	// and the logarithms of the second moments carry the scale.
	rndGrad := rand.New(rand.NewPCG(n.Seed, streamGradient))
	delta, tmp := x, z
	dd, td := delta.RawMatrix().Data, tmp.RawMatrix().Data
	for i := range dd {
		dd[i] = rndGrad.NormFloat64()
	}
	res.OutputGradSecond = meanSquare(dd)
	var deltaOut []float64
	if testHook != nil {
		deltaOut = append(deltaOut, dd...)
	}
	lnOut := math.Log(res.OutputGradSecond)
	scale := rescale(dd, res.OutputGradSecond)
	var theoryLn, spreadLn float64
	layers[D-1].LnGrad = 0
	for l := D; l >= 1; l-- {
		L := &layers[l-1]
		L.TheoryLnGrad, L.SpreadLnGrad = theoryLn, spreadLn
		for i, p := range fprime[(l-1)*S*W : l*S*W] {
			td[i] = dd[i] * float64(p)
		}
		delta.Mul(tmp, weights[l-1])
		ms := meanSquare(dd)
		ln := math.Log(ms) + float64(2*scale)*math.Ln2 - lnOut
		theoryLn += math.Log(L.Chi1)
		spreadLn += math.Log(L.SpreadChi1)
		if l > 1 {
			layers[l-2].LnGrad = ln
		} else {
			res.InputLnGrad = ln
		}
		scale += rescale(dd, ms)
	}
	if testHook != nil {
		in := make([]float64, len(dd))
		for i, v := range dd {
			in[i] = math.Ldexp(v, scale)
		}
		testHook(x0, weights, deltaOut, in)
	}
	res.TheoryInputLnGrad, res.SpreadInputLnGrad = theoryLn, spreadLn
	res.InputGrad, res.TheoryInputGrad, res.SpreadInputGrad = math.Exp(res.InputLnGrad), math.Exp(theoryLn), math.Exp(spreadLn)
	for i := range layers {
		L := &layers[i]
		L.Grad, L.TheoryGrad, L.SpreadGrad = math.Exp(L.LnGrad), math.Exp(L.TheoryLnGrad), math.Exp(L.SpreadLnGrad)
	}
	res.Layers = layers
	return res, nil
}

// testHook, if not nil, receives the inputs, the weights, the output
// gradient and the gradient with respect to the inputs (tests check the
// backward pass against finite differences).
var testHook func(x0 []float64, weights []*mat.Dense, deltaOut, deltaIn []float64)

// pairTheory returns the centred correlation c̃ of the activations and the
// backward factor χ₁ = τ·E[f′(z)²] of a layer with weights (ω, τ) whose
// inputs have mean μ, variance ν and, for two inputs, correlation c; with
// dropout (drop not nil) after the activation, a·x̂ + b with independent
// masks for the two inputs: Cov becomes a²q²·Cov(f(z₁), f(z₂)), the variance
// the dropout's, and χ₁ is multiplied by a²q (the derivative is a·f′ on kept
// units, 0 on dropped ones).
func pairTheory(f mapping.SELU, drop *mapping.AlphaDropout, mu, nu, omega, tau, c float64) (cNew, chi1 float64, err error) {
	mp, err := meanfield.NewMap(f, mu, nu, omega, tau)
	if err != nil {
		return 0, 0, fmt.Errorf("%w at (%g, %g): %v", ErrTheory, mu, nu, err)
	}
	c = math.Max(-1, math.Min(1, c))
	cv, err := mp.At(c)
	if err != nil {
		return 0, 0, fmt.Errorf("%w at (%g, %g), c = %g: %v", ErrTheory, mu, nu, c, err)
	}
	cNew = cv.Centred
	chi1 = tau * mp.DerivSecond
	if drop != nil {
		_, vd := drop.Moments(mp.Moments.Mean, mp.Moments.Var)
		q := drop.Q
		cNew = drop.A * drop.A * q * q * cNew * mp.Moments.Var / vd
		chi1 *= drop.A * drop.A * q
	}
	return cNew, chi1, nil
}

// activate overwrites z with f(z) and, if fp is not nil, stores f′(z) in it.
func activate(f mapping.SELU, z []float64, fp []float32) {
	if fp == nil {
		for i, v := range z {
			z[i] = f.Value(v)
		}
		return
	}
	for i, v := range z {
		fp[i] = float32(f.Deriv(v))
		z[i] = f.Value(v)
	}
}

// dropout applies alpha dropout to a with the random numbers of rnd (one
// per entry, in order) and, if fp is not nil, multiplies the stored
// derivatives by the derivative of the dropout: a on kept units, 0 on
// dropped ones.
func dropout(drop mapping.AlphaDropout, rate float64, rnd *rand.Rand, a []float64, fp []float32) {
	for i, v := range a {
		kept := true
		if rnd.Float64() < rate {
			v, kept = drop.AlphaPrime, false
		}
		a[i] = drop.A*v + drop.B
		if fp != nil {
			if kept {
				fp[i] *= float32(drop.A)
			} else {
				fp[i] = 0
			}
		}
	}
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

// pairCorr returns the centred correlation of a and b entry by entry,
// pooled: with m the mean of all entries of both, Σ(a−m)(b−m) over
// ½Σ((a−m)² + (b−m)²). NaN if every entry equals m.
func pairCorr(a, b []float64) float64 {
	var m float64
	for i := range a {
		m += a[i] + b[i]
	}
	m /= float64(2 * len(a))
	var cov, v float64
	for i := range a {
		da, db := a[i]-m, b[i]-m
		cov += da * db
		v += da*da + db*db
	}
	if v == 0 {
		return math.NaN()
	}
	return cov / (v / 2)
}

// meanSquare returns the mean of the squares of d.
func meanSquare(d []float64) float64 {
	var s float64
	for _, v := range d {
		s += v * v
	}
	return s / float64(len(d))
}

// rescale multiplies d by 2^−e, with e the integer nearest below ½·log₂ ms
// (ms is d's mean square; exact, a power of two), and returns e, so that
// d's mean square is brought into [1/4, 2). For ms = 0 or not finite it does
// nothing and returns 0.
func rescale(d []float64, ms float64) int {
	if !(ms > 0) || math.IsInf(ms, 0) {
		return 0
	}
	_, e := math.Frexp(ms)
	e /= 2
	if e == 0 {
		return 0
	}
	for i := range d {
		d[i] = math.Ldexp(d[i], -e)
	}
	return e
}

// Errors are the largest deviations of the measurement from the theory over
// the layers: |mean − theory| and |var/theory − 1|, and over the layers and
// the inputs (layer 0) |grad/theory − 1| and |corr − theory|, without and
// with the units' spread of ω.
type Errors struct {
	Mean, Var              float64
	SpreadMean, SpreadVar  float64
	Grad, Corr             float64
	SpreadGrad, SpreadCorr float64
}

// MaxErrors returns the largest deviations over the layers. The gradient's
// is computed from the logarithms, |e^{ln grad − ln theory} − 1|, finite
// whatever the depth.
func (r Result) MaxErrors() Errors {
	var e Errors
	for _, L := range r.Layers {
		e.Mean = math.Max(e.Mean, math.Abs(L.Mean-L.TheoryMean))
		e.Var = math.Max(e.Var, math.Abs(L.Var/L.TheoryVar-1))
		e.SpreadMean = math.Max(e.SpreadMean, math.Abs(L.Mean-L.SpreadMean))
		e.SpreadVar = math.Max(e.SpreadVar, math.Abs(L.Var/L.SpreadVar-1))
		e.Grad = math.Max(e.Grad, math.Abs(math.Expm1(L.LnGrad-L.TheoryLnGrad)))
		e.Corr = math.Max(e.Corr, math.Abs(L.Corr-L.TheoryCorr))
		e.SpreadGrad = math.Max(e.SpreadGrad, math.Abs(math.Expm1(L.LnGrad-L.SpreadLnGrad)))
		e.SpreadCorr = math.Max(e.SpreadCorr, math.Abs(L.Corr-L.SpreadCorr))
	}
	e.Grad = math.Max(e.Grad, math.Abs(math.Expm1(r.InputLnGrad-r.TheoryInputLnGrad)))
	e.SpreadGrad = math.Max(e.SpreadGrad, math.Abs(math.Expm1(r.InputLnGrad-r.SpreadInputLnGrad)))
	e.Corr = math.Max(e.Corr, math.Abs(r.InputCorr-r.TheoryInputCorr))
	e.SpreadCorr = math.Max(e.SpreadCorr, math.Abs(r.InputCorr-r.TheoryInputCorr))
	return e
}
