package mapping

import "math"

// Erfcx returns the scaled complementary error function e^{x²}·erfc(x).
//
// It is finite wherever the true value is (below x ≈ −26.6, e^{x²} exceeds
// the float64 range and +Inf is returned) and accurate to a few ulps on the
// whole line (measured against mpmath in erfcx_test.go):
//
//   - 0 ≤ x < 12: piecewise polynomials (28 intervals, degree ≤ 12) fitted
//     to mpmath values by testdata/gen_erfcx.py (erfcx_table.go);
//   - x ≥ 12: the asymptotic series 1/(x√π)·Σ (−1)^k (2k−1)!!/(2x²)^k
//     (Abramowitz & Stegun 7.1.23), 16 terms: the next is below 1e-22;
//   - x < 0: 2e^{x²} − erfcx(−x), with e^{x²} formed from the exact split
//     x² = hi + lo (FMA) so that rounding x² costs no accuracy. The
//     difference cannot cancel: 2e^{x²} ≥ 2 and erfcx(−x) ≤ 1.
func Erfcx(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return math.NaN()
	case x < 0:
		return 2*expSquare(x) - erfcxPositive(-x)
	default:
		return erfcxPositive(x)
	}
}

// erfcxPositive is Erfcx for x ≥ 0.
func erfcxPositive(x float64) float64 {
	if x >= 12 {
		return erfcxAsymptotic(x)
	}
	// The interval's centre c and half-width h are dyadic, so v = (x − c)/h
	// is exact.
	var i int
	var c, invH float64
	switch {
	case x < 4:
		k := int(x * 4)
		i, c, invH = k, float64(k)/4+0.125, 8
	case x < 8:
		k := int((x - 4) * 2)
		i, c, invH = 16+k, 4+float64(k)/2+0.25, 4
	default:
		k := int(x - 8)
		i, c, invH = 24+k, 8.5+float64(k), 2
	}
	v := (x - c) * invH
	p := erfcxPolys[i]
	s := p[len(p)-1]
	for k := len(p) - 2; k >= 0; k-- {
		s = math.FMA(s, v, p[k])
	}
	return s
}

// expSquare returns e^{x²} with x² split exactly as hi + lo.
func expSquare(x float64) float64 {
	hi := x * x
	lo := math.FMA(x, x, -hi)
	e := math.Exp(hi)
	if math.IsInf(e, 1) {
		return e
	}
	return e + e*lo
}

// invSqrtPi is 1/√π.
const invSqrtPi = 0.564189583547756286948079451560772585844050629328998856844085721710642468441493414486743660202107363443

func erfcxAsymptotic(x float64) float64 {
	v := 1 / (2 * x * x) // 0 once x² overflows, which is then exact enough
	// Horner form of 1 − v + 3v² − 15v³ + … (coefficients (2k−1)!!).
	s := 1.0
	for k := 16; k >= 1; k-- {
		s = 1 - float64(2*k-1)*v*s
	}
	return invSqrtPi / x * s
}
