package meanfield

import (
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/quadrature"
)

// DerivMoments returns E[f′(z)] and E[f′(z)²] for z ~ N(y, x) (y = μω,
// x = ντ). For SELU, ELU and ReLU they have closed forms,
//
//	E[f′]  = ½λ(erfc(−y/r) + α·e^{y + x/2}·erfc((y + x)/r)),
//	E[f′²] = ½λ²(erfc(−y/r) + α²·e^{2(y + x)}·erfc((y + 2x)/r)),   r = √(2x),
//
// (the first is ∂μ̃/∂y of the paper's A3.4.1), written with erfcx so that
// they stay finite for every x. Both are sums of positive terms: no
// cancellation. Other activations are integrated by package quadrature.
// The domain is mapping.CheckNormal's and mapping.CheckActivation's.
func DerivMoments(f mapping.Activation, y, x float64) (mean, second float64, err error) {
	if err := mapping.CheckNormal(y, x); err != nil {
		return 0, 0, err
	}
	if err := mapping.CheckActivation(f); err != nil {
		return 0, 0, err
	}
	if p, ok := seluOf(f); ok {
		mean, second = p.derivMoments(y, x)
	} else {
		s := math.Sqrt(x)
		var q quadrature.Normal
		br, sc := f.Breakpoints(), f.Scale()
		mean = q.Expectation(f.Deriv, y, s, br, sc)
		second = q.Expectation(func(z float64) float64 { d := f.Deriv(z); return d * d }, y, s, br, sc)
	}
	if !finite(mean) || !finite(second) {
		return 0, 0, fmt.Errorf("%w: E[f'] = %v, E[f'^2] = %v", mapping.ErrOverflow, mean, second)
	}
	return mean, second, nil
}

// selu is SELU's parameters (ELU: λ = 1; ReLU: α = 0, λ = 1).
type selu struct{ alpha, lambda float64 }

// seluOf returns the closed-form parameters of f, if it has them.
func seluOf(f mapping.Activation) (selu, bool) {
	switch a := f.(type) {
	case mapping.SELU:
		return selu{a.Alpha, a.Lambda}, true
	case *mapping.SELU:
		return selu{a.Alpha, a.Lambda}, true
	case mapping.ELU:
		return selu{a.Alpha, 1}, true
	case *mapping.ELU:
		return selu{a.Alpha, 1}, true
	case mapping.ReLU, *mapping.ReLU:
		return selu{0, 1}, true
	}
	return selu{}, false
}

// erfcPair returns erfc(u) and erfc(−u) for u = y/√(2x), with gauss = e^{−y²/(2x)}:
// the small one as gauss·erfcx(|u|), the other as 2 minus it (≥ 1, no
// cancellation).
func erfcPair(u, gauss float64) (e, ec float64) {
	if u >= 0 {
		e = gauss * mapping.Erfcx(u)
		return e, 2 - e
	}
	ec = gauss * mapping.Erfcx(-u)
	return 2 - ec, ec
}

// expErfc returns e^{p}·erfc(u) where p = u² − y²/(2x) and gauss = e^{−y²/(2x)}
// (as in mapping's closed form): gauss·erfcx(u) for u ≥ 0 (no overflow of
// e^p); e^p·erfc(u) for u < 0, where p < 0.
func expErfc(p, u, gauss float64) float64 {
	if u >= 0 {
		return gauss * mapping.Erfcx(u)
	}
	return math.Exp(p) * math.Erfc(u)
}

func (f selu) derivMoments(y, x float64) (mean, second float64) {
	r := math.Sqrt(2 * x)
	gauss := math.Exp(-y * y / (2 * x))
	_, e0c := erfcPair(y/r, gauss)
	e1 := expErfc(y+x/2, (y+x)/r, gauss)
	e2 := expErfc(2*(y+x), (y+2*x)/r, gauss)
	l, a := f.lambda, f.alpha
	mean = 0.5 * l * (e0c + a*e1)
	second = 0.5 * l * l * (e0c + a*a*e2)
	return mean, second
}

// Backward is the backward map of one layer at (μ, ν) with weights (ω, τ).
//
// Under gradient independence, a gradient δ at the layer's outputs with
// per-unit mean m and variance v becomes, at its inputs, g_j = Σᵢ wᵢⱼ f′(zᵢ) δᵢ
// with
//
//	E[g] = ω·E[f′]·m,    Var g = τ·E[f′²]·v + τ·Var(f′)·m²
//
// (the column sums of the weights taken equal to the row sums ω, τ). For a
// zero-mean gradient the second moment is multiplied by χ₁ = τ·E[f′²] per
// layer; a mean is multiplied by ω·E[f′], so its square grows or shrinks by
// (ω·E[f′])² and the second moment by max(χ₁, (ω·E[f′])²) in the long run.
type Backward struct {
	MeanFPrime   float64 // E[f′(z)]
	SecondFPrime float64 // E[f′(z)²]
	Chi1         float64 // τ·E[f′(z)²]
	MeanFactor   float64 // ω·E[f′(z)], the factor of the gradient's mean
}

// BackwardAt returns the backward map at (μ, ν) for weights (ω, τ); the
// domain is mapping.Normal's.
func BackwardAt(f mapping.Activation, mu, nu, omega, tau float64) (Backward, error) {
	y, x, err := mapping.Normal(mu, nu, omega, tau)
	if err != nil {
		return Backward{}, err
	}
	m, s, err := DerivMoments(f, y, x)
	if err != nil {
		return Backward{}, err
	}
	b := Backward{MeanFPrime: m, SecondFPrime: s, Chi1: tau * s, MeanFactor: omega * m}
	if !finite(b.Chi1) || !finite(b.MeanFactor) {
		return Backward{}, fmt.Errorf("%w: chi1 = %v", mapping.ErrOverflow, b.Chi1)
	}
	return b, nil
}

// EFoldLayers returns the number of layers over which the gradient's second
// moment changes by a factor e, 1/|ln χ₁| (+Inf at χ₁ = 1).
func (b Backward) EFoldLayers() float64 { return 1 / math.Abs(math.Log(b.Chi1)) }

// Growth returns χ₁^L, the factor of the gradient's second moment over L
// layers (zero-mean gradient).
func (b Backward) Growth(layers int) float64 { return math.Pow(b.Chi1, float64(layers)) }

func finite(v float64) bool { return v-v == 0 }
