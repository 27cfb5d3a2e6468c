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
	i, v := erfcxReduce(x)
	return erfcxHorner(&erfcxCoef[i], v)
}

// erfcxReduce returns the polynomial piece i of 0 ≤ x < 12 and x's place
// v ∈ [−1, 1] in it. The interval's centre c and half-width h are dyadic, so
// v = (x − c)/h is exact.
func erfcxReduce(x float64) (int, float64) {
	switch {
	case x < 4:
		k := int(x * 4)
		return k, (x - (float64(k)/4 + 0.125)) * 8
	case x < 8:
		k := int((x - 4) * 2)
		return 16 + k, (x - (4 + float64(k)/2 + 0.25)) * 4
	default:
		k := int(x - 8)
		return 24 + k, (x - (8.5 + float64(k))) * 2
	}
}

// erfcxDegree is the largest degree among the pieces of erfcxPolys.
const erfcxDegree = 12

// erfcx3 is written out for degree 12: this fails to compile otherwise.
var _ = [1]int{}[erfcxDegree-12]

// erfcxCoef holds erfcxPolys with zeros above each piece's degree, so that
// every piece is evaluated by the same 12 steps (no loop whose length
// depends on x). The zeros change nothing: the first steps give
// FMA(0, v, 0) = 0 and then FMA(0, v, c) = c exactly, so the result is the
// one of Horner's rule on the piece's own coefficients.
var erfcxCoef = func() (t [len(erfcxPolys)][erfcxDegree + 1]float64) {
	for i, p := range erfcxPolys {
		copy(t[i][:], p)
	}
	return t
}()

// erfcxHorner evaluates a piece by Horner's rule with FMA.
func erfcxHorner(p *[erfcxDegree + 1]float64, v float64) float64 {
	s := p[erfcxDegree]
	for k := erfcxDegree - 1; k >= 0; k-- {
		s = math.FMA(s, v, p[k])
	}
	return s
}

// erfcx3 returns Erfcx at three points of [0, 12) with the three Horner
// chains interleaved, so that each waits for its own FMAs only (one chain is
// twelve dependent FMAs); the results are those of Erfcx. Written out: a
// loop keeps its counter on the stack around each FMA (math.FMA checks for
// the instruction at run time unless GOAMD64=v3).
func erfcx3(x0, x1, x2 float64) (float64, float64, float64) {
	i0, v0 := erfcxReduce(x0)
	i1, v1 := erfcxReduce(x1)
	i2, v2 := erfcxReduce(x2)
	p0, p1, p2 := &erfcxCoef[i0], &erfcxCoef[i1], &erfcxCoef[i2]
	s0, s1, s2 := p0[12], p1[12], p2[12] // erfcxDegree (checked below)
	s0, s1, s2 = math.FMA(s0, v0, p0[11]), math.FMA(s1, v1, p1[11]), math.FMA(s2, v2, p2[11])
	s0, s1, s2 = math.FMA(s0, v0, p0[10]), math.FMA(s1, v1, p1[10]), math.FMA(s2, v2, p2[10])
	s0, s1, s2 = math.FMA(s0, v0, p0[9]), math.FMA(s1, v1, p1[9]), math.FMA(s2, v2, p2[9])
	s0, s1, s2 = math.FMA(s0, v0, p0[8]), math.FMA(s1, v1, p1[8]), math.FMA(s2, v2, p2[8])
	s0, s1, s2 = math.FMA(s0, v0, p0[7]), math.FMA(s1, v1, p1[7]), math.FMA(s2, v2, p2[7])
	s0, s1, s2 = math.FMA(s0, v0, p0[6]), math.FMA(s1, v1, p1[6]), math.FMA(s2, v2, p2[6])
	s0, s1, s2 = math.FMA(s0, v0, p0[5]), math.FMA(s1, v1, p1[5]), math.FMA(s2, v2, p2[5])
	s0, s1, s2 = math.FMA(s0, v0, p0[4]), math.FMA(s1, v1, p1[4]), math.FMA(s2, v2, p2[4])
	s0, s1, s2 = math.FMA(s0, v0, p0[3]), math.FMA(s1, v1, p1[3]), math.FMA(s2, v2, p2[3])
	s0, s1, s2 = math.FMA(s0, v0, p0[2]), math.FMA(s1, v1, p1[2]), math.FMA(s2, v2, p2[2])
	s0, s1, s2 = math.FMA(s0, v0, p0[1]), math.FMA(s1, v1, p1[1]), math.FMA(s2, v2, p2[1])
	s0, s1, s2 = math.FMA(s0, v0, p0[0]), math.FMA(s1, v1, p1[0]), math.FMA(s2, v2, p2[0])
	return s0, s1, s2
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
