package interval

import "math"

// Rigorous enclosures of e^x, erfc and erfcx built from IEEE-754 operations
// alone: +, −, ×, ÷ and √ rounded to nearest, each result then moved one
// float64 outward (down, up), which covers its rounding error of at most
// half a spacing; exact operations (multiplication by a power of two with a
// normal result, floor, comparisons); and truncation errors bounded by the
// arguments written beside each series. No function of package math that
// approximates (Exp, Erfc, Log, …) is called here; a test (TestNoLibm)
// fails if one is. The proofs are collected in docs/rigour.md.

// Constants, each as the two float64 neighbours of the true value, checked
// against math/big series in TestConstants.
var (
	// ln2Hi has 32 significant bits (fdlibm's split of ln 2), so k·ln2Hi is
	// exact for every integer |k| < 2^21; ln2Lo encloses ln 2 − ln2Hi.
	ln2Hi = 6.93147180369123816490e-01 // 0x3FE62E42FEE00000
	ln2Lo = Point(1.9082149292705877e-10).Widen(1)
	// invSqrtPi encloses 1/√π, twoOverSqrtPi 2/√π (twice it, exactly).
	invSqrtPi     = Point(0.5641895835477563).Widen(1)
	twoOverSqrtPi = Point(1.1283791670955126).Widen(1)
)

// expRedMax bounds |r| after the reduction x = k·ln 2 + r: k is the nearest
// integer to x/ln 2 up to the rounding of x·(1/ln 2), so |r| ≤ ln 2 / 2 +
// 2^-40 < 0.3466. expRemainder bounds the Taylor remainder of e^r after the
// terms up to r^14/14!: by Lagrange, |R| = e^ξ|r|^15/15! for some ξ between
// 0 and r, ≤ e^0.3466·0.3466^15/15! = 1.354e-19 < 1.4e-19.
const (
	expRedMax    = 0.3466
	expTerms     = 14
	expRemainder = 1.4e-19
	// invLn2 is a float64 near 1/ln 2; its error only moves k by at most
	// one near half-integers, which the reduction's bound 0.3466 allows.
	invLn2 = 1.4426950408889634
	// For x ≥ expHuge, e^x > MaxFloat64 (ln MaxFloat64 = 709.78271289338);
	// for x ≤ expTiny, 0 < e^x < 2^-1074, the smallest positive float64
	// (ln 2^-1074 = −744.44).
	expHuge = 709.79
	expTiny = -745.2
)

// ExpPoint returns an interval that contains e^x. For NaN it returns
// [NaN, NaN]; beyond the float64 range it returns [MaxFloat64, +Inf] or
// [0, 2^-1074].
func ExpPoint(x float64) I { return expDD(x, 0) }

// expDD returns an interval that contains e^{hi+lo}, where lo is at most
// a spacing of hi (a double-double argument such as x² = hi + lo from
// sqrDD, so that the rounding of x² is not magnified by e^{x²}).
//
// Proof. Let k = floor(hi·invLn2 + 1/2) (exact integer, |k| ≤ 1076). Then
// hi + lo = k·ln2Hi + k·(ln 2 − ln2Hi) + r exactly defines r. The product
// p = k·ln2Hi is exact (32 + 11 bits < 53), t = hi − p is computed with its
// exact error e by TwoSum (Knuth, TAOCP vol. 2, 4.2.2), so
// r = t + e + lo − k·(ln 2 − ln2Hi) lies in the interval computed from ln2Lo
// with outward rounding. With |r| ≤ 0.3466, e^r lies in the Horner
// evaluation of 1 + r(1 + r/2(1 + … (1 + r/14))) plus
// [−expRemainder, expRemainder], computed with outward rounding; and
// e^x = 2^k·e^r, the scaling being exact when the result is normal and
// outward-rounded otherwise (scale2).
func expDD(hi, lo float64) I {
	switch {
	case hi != hi || lo != lo:
		return I{math.NaN(), math.NaN()}
	case hi >= expHuge:
		return I{math.MaxFloat64, math.Inf(1)}
	case hi <= expTiny:
		return I{0, math.SmallestNonzeroFloat64}
	case hi == 0 && lo == 0:
		return I{1, 1}
	}
	k := math.Floor(hi*invLn2 + 0.5)
	p := k * ln2Hi // exact
	t := hi - p
	// TwoSum: e is the exact error of t = fl(hi − p), so hi − p = t + e.
	bb := t - hi
	e := (hi - (t - bb)) + (-p - bb)
	r := Sub(Add(Add(Point(t), Point(e)), Point(lo)), Scale(k, ln2Lo))
	if !(math.Abs(r.Lo) <= expRedMax && math.Abs(r.Hi) <= expRedMax) {
		// Unreachable for finite arguments in range (the reduction bound
		// above; TestExpReductionBound); an enclosure that is still true.
		return I{0, math.Inf(1)}
	}
	// Horner: q = 1 + r·q/n for n = 14 … 1.
	q := I{1, 1}
	for n := expTerms; n >= 1; n-- {
		q = Add(I{1, 1}, divPos(Mul(r, q), float64(n)))
	}
	q = I{down(q.Lo - expRemainder), up(q.Hi + expRemainder)}
	return scale2(q, int(k))
}

// sqrDD returns x² = hi + lo exactly: hi = fl(x·x) and lo = x·x − hi, which
// FMA computes exactly (one rounding of an exactly representable value),
// unless x·x underflows, where lo is within the subnormal spacing and the
// callers' margins cover it.
func sqrDD(x float64) (hi, lo float64) {
	hi = x * x
	return hi, math.FMA(x, x, -hi)
}

// expNegSqr returns an interval that contains e^{−x²}.
func expNegSqr(x float64) I {
	hi, lo := sqrDD(x)
	return expDD(-hi, -lo)
}

// divPos returns a/n for a number n > 0.
func divPos(a I, n float64) I { return I{down(a.Lo / n), up(a.Hi / n)} }

// scale2 returns 2^k·a for a ≥ 0. Multiplying by a power of two is exact
// when the result is a normal float64; only subnormal, zero or infinite
// results are rounded, and those ends are moved outward.
func scale2(a I, k int) I {
	// 2^k as two normal factors: |k| ≤ 1076, so |k/2| and |k − k/2| ≤ 538.
	k1 := k / 2
	k2 := k - k1
	lo := a.Lo * pow2(k1) * pow2(k2)
	hi := a.Hi * pow2(k1) * pow2(k2)
	// a ∈ [0.7, 1.5], so a·2^k1 is normal and exact; only the second
	// product can leave the normal range.
	if lo < 0x1p-1022 || math.IsInf(lo, 1) {
		lo = max(down(lo), 0)
	}
	if hi < 0x1p-1022 {
		hi = up(hi)
	}
	return I{lo, hi}
}

// pow2 returns 2^k for −1022 ≤ k ≤ 1023 from its bits (exact).
func pow2(k int) float64 { return math.Float64frombits(uint64(k+1023) << 52) }

// Exp returns e^a (e^x increases).
func Exp(a I) I {
	return I{ExpPoint(a.Lo).Lo, ExpPoint(a.Hi).Hi}
}

// Below seriesMaxErfcx (erfcx) and seriesMaxErfc (erfc) the series is used,
// above them the continued fraction: the series loses relative accuracy to
// cancellation as x grows (about e^{x²}/erfcx(x) ulps: 3 at 0.5, 14 at 1),
// the continued fraction needs more terms as x shrinks (cfDepth).
const (
	seriesMaxErfcx = 0.5
	seriesMaxErfc  = 1.0
)

// ErfcxPoint returns an interval that contains erfcx(x) = e^{x²}·erfc(x) for
// x ≥ 0 (NaN for negative or NaN x, which callers never pass).
//
// Proof. For x ≤ 0.5: erfcx(x) = e^{x²} − (2/√π)·x·S(x²) (erfSum).
// For x > 0.5: the Laplace continued fraction (Abramowitz and Stegun 7.1.14;
// Cuyt et al., Handbook of Continued Fractions for Special Functions,
// 13.2.20a), √π·erfcx(x) = 1/(x + T₁) with Tₙ = (n/2)/(x + Tₙ₊₁), converges
// for x > 0 and every tail is positive, so Tₙ ∈ [0, (n/2)/x]. Starting from
// that interval at depth n and applying the recurrence in interval
// arithmetic encloses T₁ and hence erfcx(x), whatever n is; n only sets the
// width.
func ErfcxPoint(x float64) I {
	switch {
	case !(x >= 0):
		return I{math.NaN(), math.NaN()}
	case x <= seriesMaxErfcx:
		hi, lo := sqrDD(x)
		return Sub(expDD(hi, lo), Mul(twoOverSqrtPi, Scale(x, erfSum(Sqr(Point(x))))))
	}
	return erfcxCF(x)
}

// erfcxCF encloses erfcx(x) for x > 0 by the continued fraction (see
// ErfcxPoint).
func erfcxCF(x float64) I {
	X := Point(x)
	n := cfDepth(x)
	T := I{0, up(float64(n) / 2 / x)}
	for ; n >= 1; n-- {
		T = Div(Point(float64(n)/2), Add(X, T)) // n/2 is exact
	}
	return Div(invSqrtPi, Add(X, T))
}

// erfSum encloses S(x²) = Σₙ tₙ with t₀ = 1, tₙ = tₙ₋₁·2x²/(2n+1), for
// x² ∈ x2 ⊆ [0, 1.01]; then e^{x²}·erf(x) = (2/√π)·x·S (Abramowitz and
// Stegun 7.1.6: e^{x²}·erf(x) = (2/√π) Σₙ 2ⁿx^{2n+1}/(1·3⋯(2n+1))).
//
// Proof. The terms are positive and the ratio tₙ₊₁/tₙ = c/(2n+3), c = 2x²,
// decreases in n; once q = c/(2N+3) < 1, Σ_{n≥N} tₙ ≤ t_N/(1 − q). N is the
// first index where that bound (computed rounding upward from c's upper
// end) is below 2^-60; the first N terms are summed in Horner form,
// 1 + c/3·(1 + c/5·(1 + … (1 + c/(2N−1)))), where each level's rounding is
// damped by the factors c/(2n+1) < 1 of the levels outside it, and
// [0, t_N/(1 − q)] is added.
func erfSum(x2 I) I {
	c := Scale(2, x2)
	tN, n := 1.0, 0
	var tail float64
	for {
		n++
		tN = up(up(tN*c.Hi) / float64(2*n+1)) // ≥ tₙ
		if q := up(c.Hi / float64(2*n+3)); q < 1 {
			if tail = up(tN / down(1-q)); tail < 0x1p-60 || n > 200 {
				break
			}
		}
	}
	s := I{1, 1}
	for k := n - 1; k >= 1; k-- {
		s = Add(I{1, 1}, divPos(Mul(c, s), float64(2*k+1)))
	}
	return I{s.Lo, up(s.Hi + tail)}
}

// cfDepth is the depth of the continued fraction at x: about 200/x² terms
// bring the enclosure's width to the level of float64 rounding (measured in
// TestErfcWidth); the enclosure is valid for any depth.
func cfDepth(x float64) int {
	if x > 10 {
		return 12
	}
	return int(200/(x*x)) + 10
}

// Erfcx returns erfcx(a) for a ≥ 0 (erfcx decreases on [0, ∞)).
func Erfcx(a I) I {
	return I{ErfcxPoint(a.Hi).Lo, ErfcxPoint(a.Lo).Hi}
}

// ErfcPoint returns an interval that contains erfc(x).
//
// Proof. For 0 ≤ x ≤ 1: erfc(x) = 1 − (2/√π)·e^{−x²}·x·S(x²) (erfSum).
// For x > 1: erfc(x) = e^{−x²}·erfcx(x), erfcx by the continued fraction.
// For x < 0: erfc(x) = 2 − erfc(−x). Each step is an interval operation.
func ErfcPoint(x float64) I {
	switch {
	case x != x:
		return I{x, x}
	case x < 0:
		return Sub(I{2, 2}, ErfcPoint(-x))
	case x <= seriesMaxErfc:
		r := Sub(I{1, 1}, Mul(Mul(twoOverSqrtPi, expNegSqr(x)), Scale(x, erfSum(Sqr(Point(x))))))
		return I{max(r.Lo, 0), r.Hi}
	case x > 27.3:
		// x² > 745.2, so erfc(x) < e^{−x²}/(x√π) < e^{−745.2} < 2^-1074.
		return I{0, math.SmallestNonzeroFloat64}
	}
	r := Mul(expNegSqr(x), erfcxCF(x))
	return I{max(r.Lo, 0), r.Hi}
}

// Erfc returns erfc(a) (erfc decreases).
func Erfc(a I) I {
	return I{ErfcPoint(a.Hi).Lo, ErfcPoint(a.Lo).Hi}
}
