package mapping

import "math"

// This file evaluates SELU's closed form along a grid row (one x = ντ, many
// y = μω) through its Taylor polynomial in y about the middle of the row's
// y range (Map.Grid's fast path): the closed form and its y-derivatives once
// per row (yDerivatives, as in Taylor), then two multiply-adds per degree
// and cell instead of an exp and three erfcx.
//
// Accuracy. μ̃ and ξ̃ are entire functions of y. Taylor's remainder of degree
// N on |y − yc| ≤ h is at most h^{N+1}/(N+1)!·max|f^{(N+1)}|, and the
// derivatives are bounded by the Gaussian smoothing alone:
// μ̃^{(N+1)} = dᴺ/dyᴺ E[f'] ≤ s⁻ᴺ·√(N!)·h1 and
// ξ̃^{(N+1)} = dᴺ⁻¹/dyᴺ⁻¹ E[(f²)”] ≤ s^{−(N−1)}·√((N−1)!)·h2 (s = √x; h1, h2
// the half-ranges of f' and (f²)”; E|Heₙ| ≤ √(n!)). The degree is the
// smallest for which this bound is below 1e-17 of the row's smallest scale
// (max(|μ̃|, √ν̃) for μ̃, ξ̃ for ξ̃, at its ends and middle), provided the
// first-order bound of the coefficients' rounding, summed over the row,
// stays within the closed form's own error bound at the middle
// (closedFormError); where no degree up to rowMaxDegree does, or the row is
// too short to gain, the cells are evaluated one by one. The coefficients
// decay, so Horner's rule adds only a few ulps: the cells agree with the
// closed form to its own rounding (TestGridRowInterpolant: within 2e-15 of
// the scales).

// rowMaxDegree is the largest degree of a row's polynomials.
const rowMaxDegree = 40

// rowMinCells is the shortest row worth a polynomial (one costs about what
// a dozen cells evaluated one by one cost).
const rowMinCells = 16

// rowInterp holds a row's Taylor coefficients of μ̃ and ξ̃ in y − yc.
type rowInterp struct {
	n          int
	yc         float64
	mean, secd [rowMaxDegree + 1]float64
}

// rowInterpolant prepares r for the row at variance v over [ya, yb]; false
// where the cells should be evaluated one by one (cells: how many).
func (f SELU) rowInterpolant(ya, yb float64, cells int, v *Variance, t *cfTerms, r *rowInterp) bool {
	w := yb - ya
	if !(w > 0) || math.IsInf(w, 0) || cells < rowMinCells {
		return false
	}
	a, l := f.Alpha, f.Lambda
	h1 := 0.5 * l * math.Max(1, a)
	h2 := 0.5 * (2*l*l*math.Max(1, a*a) + 0.25*l*l*a*a)
	half := w / 2
	yc := ya + half
	mc := f.closedFormAt(yc, v, t)
	ec := f.closedFormError(yc, v.x, mc, t) // the closed form's own error bound
	sm, ss := math.Inf(1), math.Inf(1)
	for _, m := range [3]Moments{mc, f.closedFormAt(ya, v, t), f.closedFormAt(yb, v, t)} {
		sm = math.Min(sm, math.Max(math.Abs(m.Mean), math.Sqrt(math.Max(m.Var, 0))))
		ss = math.Min(ss, m.Second)
	}
	if !(sm > 0 && ss > 0) {
		return false
	}
	// The smallest degree whose remainder bound passes.
	is := v.invS
	n := -1
	q := half // h^{N+1}/(N+1)!
	isN := 1.0
	sqrtFactN := 1.0 // √(N!)
	for k := 1; k <= rowMaxDegree; k++ {
		// Here N = k: q = h^{k+1}/(k+1)!, isN = s⁻ᵏ, sqrtFactN = √(k!).
		q *= half / float64(k+1)
		isN *= is
		sqrtFactN *= math.Sqrt(float64(k))
		bm := q * isN * sqrtFactN * h1
		bs := q * isN / is * sqrtFactN / math.Sqrt(float64(k)) * h2
		if k >= 2 && bm <= 1e-17*sm && bs <= 1e-17*ss {
			n = k
			break
		}
	}
	if n < 0 {
		return false
	}
	var dm, ds, dmErr, dsErr [rowMaxDegree + 1]float64
	f.yDerivatives(yc, v, mc, dm[:n+1], ds[:n+1], dmErr[:n+1], dsErr[:n+1])
	var em, es float64
	hk, invFact := 1.0, 1.0 // h^k/k!, 1/k!
	for k := 0; k <= n; k++ {
		if k > 0 {
			hk *= half / float64(k)
			invFact /= float64(k)
		}
		r.mean[k], r.secd[k] = dm[k]*invFact, ds[k]*invFact
		em += dmErr[k] * hk
		es += dsErr[k] * hk
	}
	if !(em <= ec.Mean*sm && es <= ec.Second*ss) {
		return false // the coefficients are less accurate than the closed form
	}
	r.n, r.yc = n, yc
	return true
}

// at4 evaluates the polynomials at four points by Horner's rule, the eight
// chains interleaved (each step of one chain waits for its previous step:
// eight at a time keep the multipliers busy).
func (r *rowInterp) at4(y *[4]float64, out *[4]Moments) {
	n := r.n
	cm, cs := r.mean[:n+1], r.secd[:n+1]
	d0, d1, d2, d3 := y[0]-r.yc, y[1]-r.yc, y[2]-r.yc, y[3]-r.yc
	m0, m1, m2, m3 := cm[n], cm[n], cm[n], cm[n]
	s0, s1, s2, s3 := cs[n], cs[n], cs[n], cs[n]
	for k := n - 1; k >= 0; k-- {
		a, b := cm[k], cs[k]
		m0, m1, m2, m3 = m0*d0+a, m1*d1+a, m2*d2+a, m3*d3+a
		s0, s1, s2, s3 = s0*d0+b, s1*d1+b, s2*d2+b, s3*d3+b
	}
	out[0] = Moments{Mean: m0, Second: s0, Var: s0 - m0*m0}
	out[1] = Moments{Mean: m1, Second: s1, Var: s1 - m1*m1}
	out[2] = Moments{Mean: m2, Second: s2, Var: s2 - m2*m2}
	out[3] = Moments{Mean: m3, Second: s3, Var: s3 - m3*m3}
}
