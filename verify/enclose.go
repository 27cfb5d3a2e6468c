package verify

import (
	"errors"
	"math"

	"github.com/snnanalyze/snnanalyze/internal/interval"
)

// Interval constants: the float64 neighbours around √2, √(2/π) and 1/√(2π).
var (
	ivSqrt2       = interval.Point(math.Sqrt2).Widen(1)
	ivSqrt2OverPi = interval.Point(0.7978845608028654).Widen(1) // √(2/π)
	ivInvSqrt2Pi  = interval.Point(0.3989422804014327).Widen(1) // 1/√(2π)
	ivHalf        = interval.Point(0.5)
	ivQuarter     = interval.Point(0.25)
	ivTwo         = interval.Point(2)
	ivOne         = interval.Point(1)
)

// errEnclosure is returned when a box leaves the range where the interval
// closed form is valid (e^{y + x/2} or e^{2(y + x)} could overflow, or x ≤ 0).
var errEnclosure = errors.New("box outside the range of the certified evaluator (needs nu*tau > 0 and the exponents y + x/2, 2(y + x) below 700, or positive erfc arguments)")

// enclosure holds enclosures of SELU's moments and their derivatives in
// (y, x) over a box, with their gradients in (μ, ω, ν, τ), from the same
// closed forms as mapping.SELU.ClosedForm and ClosedFormDerivatives,
// evaluated in interval arithmetic with automatic differentiation.
type enclosure struct {
	mean, second, variance interval.D
	meanY, meanX           interval.D
	secondY, secondX       interval.D
	varY, varX             interval.D
}

var (
	dHalf    = interval.Const(ivHalf)
	dQuarter = interval.Const(ivQuarter)
	dTwo     = interval.Const(ivTwo)
	dOne     = interval.Const(ivOne)
)

// expErfcIv encloses e^{p}·erfc(u) where p = u² − q: directly when p stays
// far from overflow, and as e^{−q}·erfcx(u) when u ≥ 0.
func expErfcIv(p, u, gauss interval.D) (interval.D, error) {
	if p.V.Hi < 700 {
		return interval.DMul(interval.DExp(p), interval.DErfc(u)), nil
	}
	if u.V.Lo >= 0 {
		return interval.DMul(gauss, interval.DErfcx(u)), nil
	}
	return interval.D{}, errEnclosure
}

// encloseSELU encloses the moments and derivatives for y ∈ Y, x ∈ X with
// SELU parameters α ∈ A, λ ∈ L.
func encloseSELU(A, L, Y, X interval.D) (enclosure, error) {
	var e enclosure
	if !(X.V.Lo > 0) {
		return e, errEnclosure
	}
	S := interval.DSqrt(X)
	R := interval.DScale(ivSqrt2, S)
	Q := interval.DDiv(interval.DSqr(Y), interval.DScale(ivTwo, X))
	gauss := interval.DExp(interval.DNeg(Q))
	U0 := interval.DDiv(Y, R)
	E0 := interval.DErfc(U0)
	E0c := interval.DErfc(interval.DNeg(U0))
	G := interval.DScale(ivSqrt2OverPi, interval.DMul(S, gauss))
	P1 := interval.DAdd(Y, interval.DScale(ivHalf, X))
	U1 := interval.DDiv(interval.DAdd(Y, X), R)
	E1, err := expErfcIv(P1, U1, gauss)
	if err != nil {
		return e, err
	}
	P2 := interval.DScale(ivTwo, interval.DAdd(Y, X))
	U2 := interval.DDiv(interval.DAdd(Y, interval.DScale(ivTwo, X)), R)
	E2, err := expErfcIv(P2, U2, gauss)
	if err != nil {
		return e, err
	}
	hl := interval.DMul(dHalf, L)
	L2 := interval.DSqr(L)
	hl2 := interval.DMul(dHalf, L2)
	A2 := interval.DSqr(A)

	// μ̃ = ½λ(α(E1 − E0) + y·E0c + G).
	e.mean = interval.DMul(hl, interval.DAdd(interval.DAdd(interval.DMul(A, interval.DSub(E1, E0)), interval.DMul(Y, E0c)), G))
	// ξ̃ = ½λ²((y² + x)·E0c + α²(E2 − 2E1 + E0) + y·G).
	yy := interval.DAdd(interval.DSqr(Y), X)
	inner := interval.DAdd(interval.DSub(E2, interval.DMul(dTwo, E1)), E0)
	e.second = interval.DMul(hl2, interval.DAdd(interval.DAdd(interval.DMul(yy, E0c), interval.DMul(A2, inner)), interval.DMul(Y, G)))
	e.variance = interval.DSub(e.second, interval.DSqr(e.mean))

	// Derivatives (mapping.SELU.ClosedFormDerivatives).
	p0 := interval.DDiv(interval.DScale(ivInvSqrt2Pi, gauss), S)
	e.meanY = interval.DMul(hl, interval.DAdd(E0c, interval.DMul(A, E1)))
	e.meanX = interval.DAdd(interval.DMul(interval.DMul(dQuarter, interval.DMul(L, A)), E1),
		interval.DMul(interval.DMul(hl, interval.DSub(dOne, A)), p0))
	e.secondY = interval.DAdd(interval.DMul(L2, interval.DAdd(interval.DMul(Y, E0c), G)), interval.DMul(interval.DMul(L2, A2), interval.DSub(E2, E1)))
	e.secondX = interval.DAdd(interval.DMul(hl2, E0c), interval.DMul(interval.DMul(L2, A2), interval.DSub(E2, interval.DMul(dHalf, E1))))
	twoMean := interval.DMul(dTwo, e.mean)
	e.varY = interval.DSub(e.secondY, interval.DMul(twoMean, e.meanY))
	e.varX = interval.DSub(e.secondX, interval.DMul(twoMean, e.meanX))
	return e, nil
}

// spectralNormIv encloses the largest singular value of the matrix
// [[a, b], [c, d]] by the paper's eq. 69.
func spectralNormIv(a, b, c, d interval.D) interval.D {
	p := interval.DSqrt(interval.DAdd(interval.DSqr(interval.DAdd(a, d)), interval.DSqr(interval.DSub(c, b))))
	q := interval.DSqrt(interval.DAdd(interval.DSqr(interval.DSub(a, d)), interval.DSqr(interval.DAdd(b, c))))
	return interval.DMul(dHalf, interval.DAdd(p, q))
}

// expErfcxIv encloses e^{p}·erfc(u) where p = u² − q and gauss = e^{−q}: as
// gauss·erfcx(u) where u ≥ 0 on the whole box, else (u < 0 somewhere, where
// p = u² − q stays below 700) as the product e^p·erfc(u). The first form is
// the one to use where both apply: erfcx(u) is monotone and gauss nearly
// constant on small boxes, so the value and the gradient are enclosed
// without the cancellation between e^p and erfc(u), whose logarithmic
// derivatives nearly cancel.
func expErfcxIv(p, u, gauss interval.D) (interval.D, error) {
	if u.V.Lo >= 0 {
		return interval.DMul(gauss, interval.DErfcx(u)), nil
	}
	if p.V.Hi < 700 {
		return interval.DMul(interval.DExp(p), interval.DErfc(u)), nil
	}
	return interval.D{}, errEnclosure
}

// encloseBackward encloses E[f′(z)] and E[f′(z)²] for z ~ N(y, x), y ∈ Y,
// x ∈ X, SELU with α ∈ A, λ ∈ L, with their gradients. f′ is λ for z > 0
// and λα·eᶻ for z < 0, so with r = √(2x) and Φ the normal distribution
// function,
//
//	E[f′]  = λ·Φ(y/√x) + λα·E[eᶻ; z < 0]
//	       = ½λ(erfc(−y/r) + α·e^{y + x/2}·erfc((y + x)/r)),
//	E[f′²] = λ²·Φ(y/√x) + λ²α²·E[e^{2z}; z < 0]
//	       = ½λ²(erfc(−y/r) + α²·e^{2(y + x)}·erfc((y + 2x)/r)),
//
// using E[e^{kz}; z < 0] = e^{ky + k²x/2}·Φ(−(y + kx)/√x) (complete the
// square) and Φ(t) = ½erfc(−t/√2). The first is ∂μ̃/∂y (paper A3.4.1).
// Both are sums of positive terms (no cancellation), and with
// u = (y + kx)/r, u² = y²/(2x) + ky + k²x/2, so
// e^{ky + k²x/2}·erfc(u) = e^{−y²/(2x)}·erfcx(u) (expErfcxIv); where u < 0,
// ky + k²x/2 < 0 and the product form cannot overflow.
func encloseBackward(A, L, Y, X interval.D, needMean bool) (mean, second interval.D, err error) {
	if !(X.V.Lo > 0) {
		return mean, second, errEnclosure
	}
	S := interval.DSqrt(X)
	R := interval.DScale(ivSqrt2, S)
	gauss := interval.DExp(interval.DNeg(interval.DDiv(interval.DSqr(Y), interval.DScale(ivTwo, X))))
	E0c := interval.DErfc(interval.DNeg(interval.DDiv(Y, R)))
	YX := interval.DAdd(Y, X)
	P2 := interval.DScale(ivTwo, YX)
	U2 := interval.DDiv(interval.DAdd(YX, X), R)
	E2, err := expErfcxIv(P2, U2, gauss)
	if err != nil {
		return mean, second, err
	}
	hl := interval.DMul(dHalf, L)
	second = interval.DMul(interval.DMul(hl, L), interval.DAdd(E0c, interval.DMul(interval.DSqr(A), E2)))
	if needMean {
		P1 := interval.DAdd(Y, interval.DScale(ivHalf, X))
		U1 := interval.DDiv(YX, R)
		E1, err := expErfcxIv(P1, U1, gauss)
		if err != nil {
			return mean, second, err
		}
		mean = interval.DMul(hl, interval.DAdd(E0c, interval.DMul(A, E1)))
	}
	return mean, second, nil
}
