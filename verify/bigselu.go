package verify

import (
	"math"
	"math/big"

	"github.com/snnanalyze/snnanalyze/internal/bigiv"
	"github.com/snnanalyze/snnanalyze/jacobian"
)

// This file is the numerical part of the independent checker
// (CheckIndependent): SELU's moments, their derivatives, the spectral norm
// and each Quantity in internal/bigiv's arbitrary-precision interval
// arithmetic. It uses none of the float64 evaluators (mapping,
// internal/interval, enclose.go): the formulas are the paper's closed forms
// (eqs. 11–13) and their derivatives (A3.4.1), written again here, with
// bigiv's own exp, erfc, erfcx and constants.

// bigEval evaluates quantities at one precision; not safe for concurrent
// use. The first error (a division by an interval containing 0, an
// argument outside bigiv's range) is kept in err and ends the evaluation.
type bigEval struct {
	prec uint
	err  error
	// Constants: √2, √(2/π), 1/√(2π), 1, 2 (bigiv's series and verified
	// square roots).
	sqrt2, sqrt2OverPi, invSqrt2Pi *bigiv.I
	one, two                       *bigiv.D
}

func newBigEval(prec uint) *bigEval {
	ev := &bigEval{prec: prec}
	ev.sqrt2 = bigiv.Sqrt2(prec)
	sp := bigiv.SqrtPi(prec)
	ev.sqrt2OverPi, _ = bigiv.New(prec).Quo(ev.sqrt2, sp)
	d := bigiv.New(prec).Mul(ev.sqrt2, sp)
	ev.invSqrt2Pi, _ = bigiv.New(prec).Quo(bigiv.New(prec).SetInt64(1), d)
	ev.one = bigiv.Const(bigiv.New(prec).SetInt64(1))
	ev.two = bigiv.Const(bigiv.New(prec).SetInt64(2))
	return ev
}

func (ev *bigEval) quo(a, b *bigiv.D) *bigiv.D {
	if ev.err != nil {
		return a
	}
	r, err := bigiv.DQuo(a, b)
	if err != nil {
		ev.err = err
		return a
	}
	return r
}

func (ev *bigEval) sqrt(a *bigiv.D) *bigiv.D {
	if ev.err != nil {
		return a
	}
	r, err := bigiv.DSqrt(a)
	if err != nil {
		ev.err = err
		return a
	}
	return r
}

func (ev *bigEval) exp(a *bigiv.D) *bigiv.D {
	if ev.err != nil {
		return a
	}
	r, err := bigiv.DExp(a)
	if err != nil {
		ev.err = err
		return a
	}
	return r
}

func (ev *bigEval) erfcx(a *bigiv.D) *bigiv.D {
	if ev.err != nil {
		return a
	}
	r, err := bigiv.DErfcx(a)
	if err != nil {
		ev.err = err
		return a
	}
	return r
}

// errBigRange: the same rule as the float64 path, for the same reason of
// tightness: e^p·erfc(u) as a product while p < 700, else
// e^{−y²/(2x)}·erfcx(u), which needs u ≥ 0.
var errBigRange = errorString("box outside the range of the independent checker (e^p·erfc(u) with p >= 700 and u < 0)")

type errorString string

func (e errorString) Error() string { return string(e) }

// expErfc encloses e^p·erfc(u), where p = u² − y²/(2x) and gauss =
// e^{−y²/(2x)}: the product of e^p and erfc(u) where p < 700 everywhere
// (the grouping the float64 evaluator uses, so that the dependency
// overestimate of this checker is not the larger one), and gauss·erfcx(u)
// elsewhere (u ≥ 0).
func (ev *bigEval) expErfc(p, u, gauss *bigiv.D) *bigiv.D {
	if ev.err != nil {
		return p
	}
	if p.V.HiFloat64() < 700 {
		return bigiv.DMul(ev.exp(p), bigiv.DErfc(u))
	}
	if u.V.Lo().Sign() >= 0 {
		return bigiv.DMul(gauss, ev.erfcx(u))
	}
	ev.err = errBigRange
	return p
}

// bigMoments are SELU's moments and their derivatives in (y, x), as
// enclosures with gradients in (μ, ω, ν, τ). Only those a quantity needs
// are set.
type bigMoments struct {
	mean, second, variance *bigiv.D
	meanY, meanX           *bigiv.D
	r2y, r2x               *bigiv.D // ∂ of the variance (ℋ) or of the second moment (𝒥)
}

// moments encloses, for z ~ N(y, x) with y ∈ Y, x ∈ X and SELU parameters
// α ∈ A, λ ∈ L, the moments (paper eqs. 11–13, with erfc(−t) = 2 − erfc(t)
// regrouped as in mapping's closed form):
//
//	μ̃ = ½λ(α(E1 − E0) + y·E0c + G)
//	ξ̃ = ½λ²((y² + x)·E0c + α²(E2 − 2E1 + E0) + y·G)
//	ν̃ = ξ̃ − μ̃²
//
// with s = √x, r = √2·s, E0 = erfc(y/r), E0c = erfc(−y/r),
// G = √(2/π)·s·e^{−y²/(2x)}, E1 = e^{y+x/2}·erfc((y+x)/r),
// E2 = e^{2(y+x)}·erfc((y+2x)/r), and their derivatives (paper A3.4.1; the
// heat equation ∂/∂x E[h(z)] = ½E[h″(z)]):
//
//	∂μ̃/∂y = ½λ(E0c + αE1)
//	∂μ̃/∂x = ¼λαE1 + ½λ(1 − α)·p0,   p0 = e^{−y²/(2x)}/√(2πx)
//	∂ξ̃/∂y = λ²(y·E0c + G) + λ²α²(E2 − E1)
//	∂ξ̃/∂x = ½λ²E0c + λ²α²(E2 − ½E1)
//	∂ν̃ = ∂ξ̃ − 2μ̃·∂μ̃.
func (ev *bigEval) moments(q Quantity, of jacobian.Of, A, L, Y, X *bigiv.D) bigMoments {
	var m bigMoments
	if X.V.Sign() <= 0 {
		ev.err = errBigRange
		return m
	}
	S := ev.sqrt(X)
	R := bigiv.DScale(ev.sqrt2, S)
	Q := ev.quo(bigiv.DSqr(Y), bigiv.DLdexp(X, 1))
	gauss := ev.exp(bigiv.DNeg(Q))
	U0 := ev.quo(Y, R)
	if ev.err != nil {
		return m
	}
	E0 := bigiv.DErfc(U0)
	E0c := bigiv.DSub(ev.two, E0) // erfc(−t) = 2 − erfc(t)
	G := bigiv.DScale(ev.sqrt2OverPi, bigiv.DMul(S, gauss))
	YX := bigiv.DAdd(Y, X)
	E1 := ev.expErfc(bigiv.DAdd(Y, bigiv.DLdexp(X, -1)), ev.quo(YX, R), gauss)
	E2 := ev.expErfc(bigiv.DLdexp(YX, 1), ev.quo(bigiv.DAdd(Y, bigiv.DLdexp(X, 1)), R), gauss)
	if ev.err != nil {
		return m
	}
	hl := bigiv.DLdexp(L, -1) // ½λ
	L2 := bigiv.DSqr(L)
	hl2 := bigiv.DLdexp(L2, -1) // ½λ²
	A2 := bigiv.DSqr(A)
	L2A2 := bigiv.DMul(L2, A2)

	needMean := q != MaxSpectralNorm || of != jacobian.SecondMoment
	needSecond := q == MinNuTilde || q == MaxNuTilde || q == MaxNuTildeMinusNu || q == MinNuTildeMinusNu
	if needMean {
		m.mean = bigiv.DMul(hl, bigiv.DAdd(bigiv.DAdd(bigiv.DMul(A, bigiv.DSub(E1, E0)), bigiv.DMul(Y, E0c)), G))
	}
	if needSecond {
		yy := bigiv.DAdd(bigiv.DSqr(Y), X)
		inner := bigiv.DAdd(bigiv.DSub(E2, bigiv.DLdexp(E1, 1)), E0)
		m.second = bigiv.DMul(hl2, bigiv.DAdd(bigiv.DAdd(bigiv.DMul(yy, E0c), bigiv.DMul(A2, inner)), bigiv.DMul(Y, G)))
		m.variance = bigiv.DSub(m.second, bigiv.DSqr(m.mean))
	}
	if q != MaxSpectralNorm {
		return m
	}
	p0 := ev.quo(bigiv.DScale(ev.invSqrt2Pi, gauss), S)
	m.meanY = bigiv.DMul(hl, bigiv.DAdd(E0c, bigiv.DMul(A, E1)))
	m.meanX = bigiv.DAdd(bigiv.DMul(bigiv.DLdexp(bigiv.DMul(L, A), -2), E1),
		bigiv.DMul(bigiv.DMul(hl, bigiv.DSub(ev.one, A)), p0))
	secondY := bigiv.DAdd(bigiv.DMul(L2, bigiv.DAdd(bigiv.DMul(Y, E0c), G)), bigiv.DMul(L2A2, bigiv.DSub(E2, E1)))
	secondX := bigiv.DAdd(bigiv.DMul(hl2, E0c), bigiv.DMul(L2A2, bigiv.DSub(E2, bigiv.DLdexp(E1, -1))))
	if of == jacobian.SecondMoment {
		m.r2y, m.r2x = secondY, secondX
		return m
	}
	twoMean := bigiv.DLdexp(m.mean, 1)
	m.r2y = bigiv.DSub(secondY, bigiv.DMul(twoMean, m.meanY))
	m.r2x = bigiv.DSub(secondX, bigiv.DMul(twoMean, m.meanX))
	return m
}

// expErfcx encloses e^p·erfc(u) = gauss·erfcx(u) (p = u² − y²/(2x),
// gauss = e^{−y²/(2x)}) in the grouping the float64 path uses for the
// backward quantities, for the same reason: gauss·erfcx(u) where u ≥ 0 on
// the whole box (no cancellation between e^p and erfc(u)), else the product
// e^p·erfc(u) (u < 0 somewhere: p < 700 is checked, not assumed).
func (ev *bigEval) expErfcx(p, u, gauss *bigiv.D) *bigiv.D {
	if ev.err != nil {
		return p
	}
	if u.V.Lo().Sign() >= 0 {
		return bigiv.DMul(gauss, ev.erfcx(u))
	}
	if p.V.HiFloat64() < 700 {
		return bigiv.DMul(ev.exp(p), bigiv.DErfc(u))
	}
	ev.err = errBigRange
	return p
}

// backward encloses E[f′(z)] (mean) or χ₁'s E[f′(z)²] (second) for
// z ~ N(y, x), y ∈ Y, x ∈ X, SELU with α ∈ A, λ ∈ L. With f′ = λ on z > 0,
// λα·eᶻ on z < 0, r = √(2x), and E[e^{kz}; z < 0] =
// e^{ky + k²x/2}·Φ(−(y + kx)/√x), Φ(t) = ½erfc(−t/√2):
//
//	E[f′]  = ½λ(erfc(−y/r) + α·e^{y + x/2}·erfc((y + x)/r))
//	E[f′²] = ½λ²(erfc(−y/r) + α²·e^{2(y + x)}·erfc((y + 2x)/r))
//
// with e^{ky + k²x/2}·erfc((y + kx)/r) = e^{−y²/(2x)}·erfcx((y + kx)/r).
// Here erfc(−y/r) is taken as 2 − erfc(y/r).
func (ev *bigEval) backward(mean bool, A, L, Y, X *bigiv.D) *bigiv.D {
	if X.V.Sign() <= 0 {
		ev.err = errBigRange
		return X
	}
	S := ev.sqrt(X)
	R := bigiv.DScale(ev.sqrt2, S)
	gauss := ev.exp(bigiv.DNeg(ev.quo(bigiv.DSqr(Y), bigiv.DLdexp(X, 1))))
	U0 := ev.quo(Y, R)
	if ev.err != nil {
		return X
	}
	E0c := bigiv.DSub(ev.two, bigiv.DErfc(U0))
	YX := bigiv.DAdd(Y, X)
	hl := bigiv.DLdexp(L, -1) // ½λ
	if mean {
		E1 := ev.expErfcx(bigiv.DAdd(Y, bigiv.DLdexp(X, -1)), ev.quo(YX, R), gauss)
		if ev.err != nil {
			return X
		}
		return bigiv.DMul(hl, bigiv.DAdd(E0c, bigiv.DMul(A, E1)))
	}
	E2 := ev.expErfcx(bigiv.DLdexp(YX, 1), ev.quo(bigiv.DAdd(YX, X), R), gauss)
	if ev.err != nil {
		return X
	}
	return bigiv.DMul(bigiv.DMul(hl, L), bigiv.DAdd(E0c, bigiv.DMul(bigiv.DSqr(A), E2)))
}

// spectralNorm encloses the largest singular value of [[a, b], [c, d]] by
// the paper's eq. 69: ½(√((a + d)² + (c − b)²) + √((a − d)² + (b + c)²)).
func (ev *bigEval) spectralNorm(a, b, c, d *bigiv.D) *bigiv.D {
	p := ev.sqrt(bigiv.DAdd(bigiv.DSqr(bigiv.DAdd(a, d)), bigiv.DSqr(bigiv.DSub(c, b))))
	q := ev.sqrt(bigiv.DAdd(bigiv.DSqr(bigiv.DSub(a, d)), bigiv.DSqr(bigiv.DAdd(b, c))))
	return bigiv.DLdexp(bigiv.DAdd(p, q), -1)
}

// params returns α and λ as the float64 intervals one ulp around the
// problem's values (what a certificate covers, as Problem.Certify states).
func (pr *Problem) bigParams() (alpha, lambda [2]float64) {
	w := func(v float64) [2]float64 {
		return [2]float64{math.Nextafter(v, math.Inf(-1)), math.Nextafter(v, math.Inf(1))}
	}
	return w(pr.F.Alpha), w(pr.F.Lambda)
}

// quantity encloses the problem's quantity over the box b (each axis an
// interval μ, ω, ν, τ), with its gradient when grad is set.
func (ev *bigEval) quantity(pr *Problem, b *[4]*bigiv.I, grad bool) (*bigiv.D, error) {
	ev.err = nil
	var v [4]*bigiv.D
	for k := range 4 {
		if grad {
			v[k] = bigiv.Var(b[k], k)
		} else {
			v[k] = bigiv.Const(b[k])
		}
	}
	M, W, Nn, T := v[0], v[1], v[2], v[3]
	al, la := pr.bigParams()
	A := bigiv.Const(bigiv.NewFloat64(ev.prec, al[0], al[1]))
	L := bigiv.Const(bigiv.NewFloat64(ev.prec, la[0], la[1]))
	var r *bigiv.D
	switch pr.Quantity {
	case MinMeanFPrime, MaxMeanFPrime:
		r = ev.backward(true, A, L, bigiv.DMul(M, W), bigiv.DMul(Nn, T))
	case MinChi1, MaxChi1:
		r = bigiv.DMul(T, ev.backward(false, A, L, bigiv.DMul(M, W), bigiv.DMul(Nn, T)))
	}
	if r != nil {
		if ev.err != nil {
			return nil, ev.err
		}
		return r, nil
	}
	m := ev.moments(pr.Quantity, pr.Of, A, L, bigiv.DMul(M, W), bigiv.DMul(Nn, T))
	if ev.err != nil {
		return nil, ev.err
	}
	switch pr.Quantity {
	case MaxSpectralNorm:
		r = ev.spectralNorm(bigiv.DMul(W, m.meanY), bigiv.DMul(T, m.meanX), bigiv.DMul(W, m.r2y), bigiv.DMul(T, m.r2x))
	case MinMuTilde, MaxMuTilde:
		r = m.mean
	case MinNuTilde, MaxNuTilde:
		r = m.variance
	default:
		r = bigiv.DSub(m.variance, Nn)
	}
	if ev.err != nil {
		return nil, ev.err
	}
	return r, nil
}

// signedHi returns the bound of an enclosure in the maximised sign: its
// upper end for a maximum, minus its lower end for a minimum (exact).
func signedHi(q Quantity, v *bigiv.I) *big.Float {
	if q.IsMax() {
		return v.Hi()
	}
	lo := v.Lo()
	return lo.Neg(lo)
}
