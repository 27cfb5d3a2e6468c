package mapping

import "math"

// TaylorDegree is the total degree of Taylor's polynomials in (y, x)
// (Taylor.Moments is written out for it).
const TaylorDegree = 8

// Taylor is SELU's moments μ̃ and ξ̃ around one net input (y0, x0) as
// polynomials of total degree TaylorDegree in δy = y − y0 and δx = x − x0,
// on the box |δy| ≤ Ry, |δx| ≤ Rx where their truncation error is proved
// below 1e-16 of the moments' scale (max(|μ̃|, √ν̃) for μ̃, ξ̃ for ξ̃). Orbits of
// g near a fixed point spend most of their steps in such a box
// (fixedpoint.Basin); there one evaluation is 90 multiply-adds instead of
// an exp, three erfcx and an error bound.
//
// The coefficients are the exact derivatives at (y0, x0). Both moments are
// Gaussian averages E[h(y + √x·Z)], so ∂/∂x = ½∂²/∂y² (the heat equation)
// and every mixed derivative is a y-derivative: ∂ᵃ_y∂ᵇ_x = 2⁻ᵇ∂ᵃ⁺²ᵇ_y. With
// E0c, E1, E2 and p0 = e^{−y²/(2x)}/√(2πx) of the closed form (ClosedForm,
// ClosedFormDerivatives), E0c' = 2p0, E1' = E1 − 2p0, E2' = 2E2 − 2p0 and
// p0⁽ⁱ⁾ = (−1)ⁱ·s⁻ⁱ·Heᵢ(y/s)·p0 (s = √x, Heᵢ the probabilists' Hermite
// polynomials), so that
//
//	μ̃⁽ⁿ⁾ = ½λ(E0c⁽ⁿ⁻¹⁾ + α·E1⁽ⁿ⁻¹⁾)                       n ≥ 1
//	ξ̃⁽ⁿ⁾ = λ²·E0c⁽ⁿ⁻²⁾ + λ²α²(2·E2⁽ⁿ⁻²⁾ − E1⁽ⁿ⁻²⁾)         n ≥ 2
//
// (ξ̃' is ClosedFormDerivatives' ∂ξ̃/∂y). The truncation error is Taylor's
// remainder, Σ over a + b = TaylorDegree + 1 of
// sup|∂ᵃ⁺²ᵇ_y|·|δy|ᵃ|δx|ᵇ/(a!·b!·2ᵇ), with the y-derivatives bounded by the
// Gaussian smoothing alone: for a bounded h, dⁿ/dyⁿ E[h(y + sZ)] =
// s⁻ⁿ·E[h(y + sZ)·Heₙ(Z)], at most s⁻ⁿ·√(n!)·(sup h − inf h)/2 (Cauchy–Schwarz,
// E[Heₙ²] = n!, and E[Heₙ] = 0 for n ≥ 1), applied to SELU's f' ∈ [0,
// λ·max(1, α)] for μ̃ and (f²)” ∈ [−λ²α²/4, 2λ²·max(1, α²)] for ξ̃, with s at
// its smallest on the box.
type Taylor struct {
	y0, x0, ry, rx float64
	// the coefficients of δyᵃ·δxᵇ, a + b ≤ TaylorDegree, at taylorIndex(a, b)
	mean, second [taylorTerms]float64
}

// taylorTerms is the number of monomials of total degree ≤ TaylorDegree.
const taylorTerms = (TaylorDegree + 1) * (TaylorDegree + 2) / 2

// taylorIndex is where the coefficient of δyᵃ·δxᵇ is kept: by b, then a.
func taylorIndex(a, b int) int {
	// rows b' < b hold TaylorDegree + 1 − b' coefficients each
	return b*(TaylorDegree+1) - b*(b-1)/2 + a
}

// taylorRadii are the box sizes NewTaylor tries, largest first, as fractions
// ρ of the natural scales: Ry = ρ·√x0, Rx = ρ·x0.
var taylorRadii = [...]float64{0.04, 0.03, 0.022, 0.016, 0.011, 0.008, 0.0055, 0.004}

// NewTaylor returns the model around (y0, x0), with the largest box of
// taylorRadii whose truncation bound is below 1e-16 of the scales; ok is
// false where none is, or where the closed form at (y0, x0) is not within
// AutoTolerance, its accuracy where Auto takes it (then the caller evaluates
// g as usual).
func (f SELU) NewTaylor(y0, x0 float64) (t Taylor, ok bool) {
	if CheckNormal(y0, x0) != nil || f.Validate() != nil {
		return t, false
	}
	m, e := f.ClosedForm(y0, x0)
	if worst(e) > AutoTolerance || !(m.Var > 0) {
		return t, false
	}
	a, l := f.Alpha, f.Lambda
	h1 := 0.5 * l * math.Max(1, a)
	h2 := 0.5 * (2*l*l*math.Max(1, a*a) + 0.25*l*l*a*a)
	meanScale := math.Max(math.Abs(m.Mean), math.Sqrt(m.Var))

	// The y-derivatives at (y0, x0), orders 0 … 2·TaylorDegree, and
	// first-order bounds of their rounding errors.
	const n = 2*TaylorDegree + 1
	var dm, ds, dmErr, dsErr [n]float64
	v := NewVariance(x0)
	f.yDerivatives(y0, &v, m, dm[:], ds[:], dmErr[:], dsErr[:])

	// The largest box whose truncation bound and the rounding of the
	// coefficients beyond the constant one are both below 1e-16 of the
	// scales.
	pick := -1.0
	for _, rho := range taylorRadii {
		ry, rx := rho*math.Sqrt(x0), rho*x0
		is := 1 / math.Sqrt(x0-rx) // 1/s at its smallest s on the box
		var isPow [2*TaylorDegree + 3]float64
		isPow[0] = 1
		for k := 1; k < len(isPow); k++ {
			isPow[k] = isPow[k-1] * is
		}
		var tm, ts, em, es float64
		rxb := 1.0 // rxᵇ/(b!·2ᵇ)
		for b := 0; b <= TaylorDegree+1; b++ {
			w := rxb // ryᵃ·rxᵇ/(a!·b!·2ᵇ)
			for ai := 0; ai+b <= TaylorDegree+1; ai++ {
				k := ai + 2*b // the y-derivative's order
				switch {
				case ai+b == TaylorDegree+1:
					// Taylor's remainder: μ̃⁽ᵏ⁾ = dᵏ⁻¹/dyᵏ⁻¹ E[f'],
					// ξ̃⁽ᵏ⁾ = dᵏ⁻²/dyᵏ⁻² E[(f²)”], k ≥ TaylorDegree + 1 ≥ 3.
					tm += w * isPow[k-1] * sqrtFactorial[k-1] * h1
					ts += w * isPow[k-2] * sqrtFactorial[k-2] * h2
				case k > 0:
					em += w * dmErr[k]
					es += w * dsErr[k]
				}
				w *= ry / float64(ai+1)
			}
			rxb *= rx / (2 * float64(b+1))
		}
		if tm+em <= 1e-16*meanScale && ts+es <= 1e-16*m.Second {
			pick = rho
			break
		}
	}
	if pick < 0 {
		return t, false
	}
	t.y0, t.x0, t.ry, t.rx = y0, x0, pick*math.Sqrt(x0), pick*x0
	for b := 0; b <= TaylorDegree; b++ {
		for ai := 0; ai+b <= TaylorDegree; ai++ {
			w := 1 / (factorials[ai] * factorials[b] * math.Ldexp(1, b))
			t.mean[taylorIndex(ai, b)] = dm[ai+2*b] * w
			t.second[taylorIndex(ai, b)] = ds[ai+2*b] * w
		}
	}
	return t, true
}

// factorials[k] is k!, and sqrtFactorial[k] is √(k!) = √(E[Heₖ(Z)²]), for
// the orders NewTaylor uses.
var factorials, sqrtFactorial = func() (f, r [2*TaylorDegree + 4]float64) {
	f[0], r[0] = 1, 1
	for k := 1; k < len(f); k++ {
		f[k] = f[k-1] * float64(k)
		r[k] = math.Sqrt(f[k])
	}
	return f, r
}()

// In reports whether (y, x) is in the model's box.
func (t *Taylor) In(y, x float64) bool {
	return math.Abs(y-t.y0) <= t.ry && math.Abs(x-t.x0) <= t.rx
}

// Moments returns μ̃, ξ̃ and ν̃ = ξ̃ − μ̃² at (y, x) in the box (In): each
// power of δx's coefficient, a polynomial in δy, as a sum over the powers of
// δy (independent products), then Horner's rule in δx; written out for
// TaylorDegree = 8 (TestTaylorIndex checks the layout).
func (t *Taylor) Moments(y, x float64) Moments {
	dy, dx := y-t.y0, x-t.x0
	y2 := dy * dy
	y3 := y2 * dy
	y4 := y2 * y2
	y5 := y4 * dy
	y6 := y4 * y2
	y7 := y4 * y3
	y8 := y4 * y4
	c, d := &t.mean, &t.second
	m8 := c[44]
	s8 := d[44]
	m7 := c[42] + c[43]*dy
	s7 := d[42] + d[43]*dy
	m6 := c[39] + c[40]*dy + c[41]*y2
	s6 := d[39] + d[40]*dy + d[41]*y2
	m5 := c[35] + c[36]*dy + c[37]*y2 + c[38]*y3
	s5 := d[35] + d[36]*dy + d[37]*y2 + d[38]*y3
	m4 := c[30] + c[31]*dy + c[32]*y2 + c[33]*y3 + c[34]*y4
	s4 := d[30] + d[31]*dy + d[32]*y2 + d[33]*y3 + d[34]*y4
	m3 := c[24] + c[25]*dy + c[26]*y2 + c[27]*y3 + c[28]*y4 + c[29]*y5
	s3 := d[24] + d[25]*dy + d[26]*y2 + d[27]*y3 + d[28]*y4 + d[29]*y5
	m2 := c[17] + c[18]*dy + c[19]*y2 + c[20]*y3 + c[21]*y4 + c[22]*y5 + c[23]*y6
	s2 := d[17] + d[18]*dy + d[19]*y2 + d[20]*y3 + d[21]*y4 + d[22]*y5 + d[23]*y6
	m1 := c[9] + c[10]*dy + c[11]*y2 + c[12]*y3 + c[13]*y4 + c[14]*y5 + c[15]*y6 + c[16]*y7
	s1 := d[9] + d[10]*dy + d[11]*y2 + d[12]*y3 + d[13]*y4 + d[14]*y5 + d[15]*y6 + d[16]*y7
	m0 := c[0] + c[1]*dy + c[2]*y2 + c[3]*y3 + c[4]*y4 + c[5]*y5 + c[6]*y6 + c[7]*y7 + c[8]*y8
	s0 := d[0] + d[1]*dy + d[2]*y2 + d[3]*y3 + d[4]*y4 + d[5]*y5 + d[6]*y6 + d[7]*y7 + d[8]*y8
	m := (((((((m8*dx+m7)*dx+m6)*dx+m5)*dx+m4)*dx+m3)*dx+m2)*dx+m1)*dx + m0
	s := (((((((s8*dx+s7)*dx+s6)*dx+s5)*dx+s4)*dx+s3)*dx+s2)*dx+s1)*dx + s0
	return Moments{Mean: m, Second: s, Var: s - m*m}
}

// yDerivatives fills dm[k] and ds[k] with the k-th y-derivatives of μ̃ and ξ̃
// at (y0, x = v's variance), k < len(dm) ≤ maxYDerivatives, dm[0], ds[0]
// being m (the closed form there), and dmErr, dsErr with first-order bounds
// of their rounding errors (the recursions subtract terms of similar size
// where x is large). See Taylor for the formulas.
func (f SELU) yDerivatives(y0 float64, v *Variance, m Moments, dm, ds, dmErr, dsErr []float64) {
	n := len(dm)
	a, l := f.Alpha, f.Lambda
	var ct cfTerms
	f.closedFormAt(y0, v, &ct)
	s := v.s
	u := y0 / s
	p0 := ct.gauss * invSqrt2Pi * v.invS
	var p, pErr [maxYDerivatives]float64 // p0⁽ⁱ⁾ and its error bound
	he0, he1 := 1.0, u
	ha0, ha1 := 1.0, math.Abs(u) // the recursion run on magnitudes
	sPow := 1.0
	for i := range n {
		var he, ha float64
		switch i {
		case 0:
			he, ha = he0, ha0
		case 1:
			he, ha = he1, ha1
		default:
			he0, he1 = he1, u*he1-float64(i-1)*he0
			ha0, ha1 = ha1, math.Abs(u)*ha1+float64(i-1)*ha0
			he, ha = he1, ha1
		}
		w := sPow * p0 // (−1/s)ⁱ·p0
		sPow *= -1 / s
		p[i] = w * he
		pErr[i] = epsilon * float64(2*i+8) * math.Abs(w) * ha
	}
	dm[0], ds[0] = m.Mean, m.Second
	dmErr[0], dsErr[0] = 0, 0
	ds[1] = l*l*(y0*ct.e0c+ct.g) + l*l*a*a*(ct.e2-ct.e1)
	e0c, e1, e2 := ct.e0c, ct.e1, ct.e2 // the k-th derivatives, k = 0 first
	// The terms' errors as the closed form's error bound has them: a few
	// ulps times the amplification of their rounded arguments.
	r0 := epsilon * (2*ct.u0*ct.u0 + 5) * e0c
	r1, r2 := epsilon*(ct.amp1+4)*e1, epsilon*(ct.amp2+4)*e2
	for k := 0; k+1 < n; k++ {
		dm[k+1] = 0.5 * l * (e0c + a*e1)
		dmErr[k+1] = 0.5*l*(r0+a*r1) + 2*epsilon*math.Abs(dm[k+1])
		if k+2 < n {
			ds[k+2] = l*l*e0c + l*l*a*a*(2*e2-e1)
			dsErr[k+2] = l*l*(r0+a*a*(2*r2+r1)) + 4*epsilon*(l*l*math.Abs(e0c)+l*l*a*a*(2*math.Abs(e2)+math.Abs(e1)))
		}
		r0 = 2 * pErr[k]
		r1 += 2*pErr[k] + epsilon*(math.Abs(e1)+2*math.Abs(p[k]))
		r2 = 2*r2 + 2*pErr[k] + epsilon*(2*math.Abs(e2)+2*math.Abs(p[k]))
		e0c, e1, e2 = 2*p[k], e1-2*p[k], 2*e2-2*p[k]
	}
	dsErr[1] = 8 * epsilon * (l*l*(math.Abs(y0)*ct.e0c+ct.g) + l*l*a*a*(ct.e2+ct.e1))
}

// maxYDerivatives bounds the orders yDerivatives computes.
const maxYDerivatives = 48
