package mapping

import "math"

// sqrt2OverPi is √(2/π).
const sqrt2OverPi = 0.797884560802865355879892119868763736951717262329869315331851659341315851798603677002504667814613872

// epsilon is the unit roundoff of float64, 2^−53.
const epsilon = 1.0 / (1 << 53)

// ClosedForm returns the moments of SELU(z), z ~ N(y, x), from the paper's
// closed forms (eqs. 11–13; paper-facts.md §2) written with Erfcx so that
// they stay finite for every x > 0: the products e^{…}·erfc(…) become
// e^{−y²/(2x)}·erfcx(…) where the erfc argument is positive. ν̃ is ξ̃ − μ̃², as
// in the paper, and loses digits where ν̃ ≪ μ̃²; the returned relative error
// estimates (of μ̃ relative to max(|μ̃|, √ν̃), of ξ̃ and of ν̃) say how many. They
// are first-order bounds of the rounding in each term, including the
// amplification of rounded arguments of exp and erfc, times a safety factor.
func (f SELU) ClosedForm(y, x float64) (m Moments, relErr Moments) {
	var t cfTerms
	m = f.closedForm(y, x, &t)
	return m, f.closedFormError(y, x, m, &t)
}

// cfTerms are the terms of the closed form, kept for its error bound.
type cfTerms struct {
	e0, e0c, e1, e2, g    float64 // erfc(y/r), erfc(−y/r), E1, E2, G
	gauss                 float64 // e^{−y²/(2x)}
	q, u0, amp1, amp2, yy float64
}

// closedForm evaluates the moments (the fast path of grid scans).
func (f SELU) closedForm(y, x float64, t *cfTerms) Moments {
	v := NewVariance(x)
	return f.closedFormAt(y, &v, t)
}

// Variance holds what the closed form needs of the net input's variance
// x = ντ, so that many means y can be evaluated at one x (grid scans) without
// repeating its square root and divisions.
type Variance struct {
	x, s, invR, inv2x, invS float64
}

// NewVariance prepares x > 0.
func NewVariance(x float64) Variance {
	s := math.Sqrt(x)
	return Variance{x: x, s: s, invR: 1 / (math.Sqrt2 * s), inv2x: 0.5 / x, invS: 1 / s}
}

func (f SELU) closedFormAt(y float64, v *Variance, t *cfTerms) Moments {
	u1, u2 := t.prepare(y, v)
	t.gauss = math.Exp(-t.q)
	t.g = sqrt2OverPi * v.s * t.gauss
	if !t.common(u1, u2) {
		t.uncommon(y, v, u1, u2)
		return f.combine(y, v, t)
	}
	r0, r1, r2 := erfcx3(math.Abs(t.u0), u1, u2)
	t.terms(u1, u2, r0, r1, r2)
	return f.combine(y, v, t)
}

// closedFormPair is closedFormAt at two points, with the two computations
// interleaved step by step so that each waits only for its own results
// (one evaluation is a chain of dependent steps, sqrt, exp, polynomials;
// two independent ones fill the time of one). The results are those of
// closedFormAt at each point.
func (f SELU) closedFormPair(y0, y1 float64, v0, v1 *Variance, t0, t1 *cfTerms) (Moments, Moments) {
	a1, a2 := t0.prepare(y0, v0)
	b1, b2 := t1.prepare(y1, v1)
	t0.gauss = math.Exp(-t0.q)
	t1.gauss = math.Exp(-t1.q)
	t0.g = sqrt2OverPi * v0.s * t0.gauss
	t1.g = sqrt2OverPi * v1.s * t1.gauss
	if !t0.common(a1, a2) || !t1.common(b1, b2) {
		return f.closedFormAt(y0, v0, t0), f.closedFormAt(y1, v1, t1)
	}
	r0, r1, r2 := erfcx3(math.Abs(t0.u0), a1, a2)
	s0, s1, s2 := erfcx3(math.Abs(t1.u0), b1, b2)
	t0.terms(a1, a2, r0, r1, r2)
	t1.terms(b1, b2, s0, s1, s2)
	return f.combine(y0, v0, t0), f.combine(y1, v1, t1)
}

// prepare computes y²/(2x) and the erfc arguments u0 = y/r, and returns
// u1 = (y + x)/r, u2 = (y + 2x)/r.
func (t *cfTerms) prepare(y float64, v *Variance) (u1, u2 float64) {
	t.q = y * y * v.inv2x // y²/(2x)
	t.u0 = y * v.invR
	return (y + v.x) * v.invR, (y + 2*v.x) * v.invR
}

// common reports whether the three erfcx arguments are in [0, 12), where
// erfcx3 evaluates them (the usual case).
func (t *cfTerms) common(u1, u2 float64) bool {
	a0 := math.Abs(t.u0)
	return a0 < 12 && u1 >= 0 && u1 < 12 && u2 >= 0 && u2 < 12
}

// terms sets E0, E0c, E1, E2 from erfcx(|u0|), erfcx(u1), erfcx(u2).
//
// e0 = erfc(y/r) = 2Φ(−y/s) and e0c = erfc(−y/r) = 2 − e0. Since
// (y/r)² = y²/(2x), erfc(|y|/r) = e^{−y²/(2x)}·erfcx(|y|/r); the other one
// follows by a subtraction that cannot cancel (its result is ≥ 1).
func (t *cfTerms) terms(u1, u2, r0, r1, r2 float64) {
	if t.u0 >= 0 {
		t.e0 = t.gauss * r0
		t.e0c = 2 - t.e0
	} else {
		t.e0c = t.gauss * r0
		t.e0 = 2 - t.e0c
	}
	t.e1, t.amp1 = t.gauss*r1, t.q+2*u1+2
	t.e2, t.amp2 = t.gauss*r2, t.q+2*u2+2
}

// uncommon sets the terms where an erfcx argument is outside [0, 12): one
// Erfcx at a time, and e^{p}·erfc(u) for u < 0 (expErfc).
func (t *cfTerms) uncommon(y float64, v *Variance, u1, u2 float64) {
	if t.u0 >= 0 {
		t.e0 = t.gauss * Erfcx(t.u0)
		t.e0c = 2 - t.e0
	} else {
		t.e0c = t.gauss * Erfcx(-t.u0)
		t.e0 = 2 - t.e0c
	}
	x := v.x
	t.e1, t.amp1 = expErfc(y+x/2, u1, t.gauss, t.q)
	t.e2, t.amp2 = expErfc(2*(y+x), u2, t.gauss, t.q)
}

// combine forms the moments from the terms.
func (f SELU) combine(y float64, v *Variance, t *cfTerms) Moments {
	a, l := f.Alpha, f.Lambda
	var m Moments
	// μ̃ = ½λ(−α·E0 + y·E0c + α·E1 + G); (−(α+y)·erfc(y/r) + 2y of eq. 11,
	// regrouped to avoid the cancellation of 2y against y·erfc(y/r)).
	m.Mean = 0.5 * l * (-a*t.e0 + y*t.e0c + a*t.e1 + t.g)
	// ξ̃ = ½λ²((y² + x)·E0c + α²(−2E1 + E2 + E0) + y·G).
	t.yy = y*y + v.x
	m.Second = 0.5 * l * l * (t.yy*t.e0c + a*a*(-2*t.e1+t.e2+t.e0) + y*t.g)
	m.Var = m.Second - m.Mean*m.Mean
	return m
}

// closedFormError bounds the rounding error of each term: a few ulps plus
// the amplification of its rounded exp/erfc arguments, times a safety factor.
// The bounds are relative (μ̃'s to max(|μ̃|, √ν̃)) and capped at 1.
func (f SELU) closedFormError(y, x float64, m Moments, t *cfTerms) Moments {
	a, l := f.Alpha, f.Lambda
	ampErfc := 2*t.u0*t.u0 + 1 // |d ln erfc(u)/du|·|u| ≤ 2u² + 1
	t0 := a * t.e0 * ampErfc
	t0c := math.Abs(y) * t.e0c * ampErfc
	t1 := a * t.e1 * t.amp1
	tg := t.g * (t.q + 1)
	errMean := epsilon * 0.5 * l * (t0 + t0c + t1 + tg + 4*(a*t.e0+math.Abs(y)*t.e0c+a*t.e1+t.g))
	errSecond := epsilon * 0.5 * l * l * (t.yy*t.e0c*(ampErfc+4) +
		a*a*((2*t.e1)*(t.amp1+4)+t.e2*(t.amp2+4)+t.e0*(ampErfc+4)) + math.Abs(y)*t.g*(t.q+5))
	const safety = 2
	errMean *= safety
	errSecond *= safety
	errVar := errSecond + 2*math.Abs(m.Mean)*errMean + 4*epsilon*math.Abs(m.Second)
	return Moments{
		Mean:   capRel(errMean, math.Max(math.Abs(m.Mean), math.Sqrt(math.Abs(m.Var)))),
		Second: capRel(errSecond, math.Abs(m.Second)),
		Var:    capRel(errVar, math.Abs(m.Var)),
	}
}

// capRel returns err/scale, at least ε (no result is better than its
// rounding) and at most 1 (no correct digit).
func capRel(err, scale float64) float64 {
	r := err / scale
	if !(r <= 1) { // also NaN, from 0/0
		return 1
	}
	return math.Max(r, epsilon)
}

// expErfc returns e^{p}·erfc(u) for the closed form, where p = u² − y²/(2x)
// and gauss = e^{−y²/(2x)}, and the amplification of rounding in its
// arguments. For u ≥ 0 it is gauss·erfcx(u) (no overflow of e^{p}); for u < 0
// it is e^{p}·erfc(u), where p < 0 (no overflow, no underflow of erfc).
func expErfc(p, u, gauss, q float64) (v, amp float64) {
	if u >= 0 {
		return gauss * Erfcx(u), q + 2*u + 2
	}
	return math.Exp(p) * math.Erfc(u), math.Abs(p) + 2*u*u + 2
}
