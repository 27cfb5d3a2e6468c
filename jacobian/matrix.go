package jacobian

import (
	"math"
	"math/cmplx"
)

// Matrix is a real 2×2 matrix, indexed [row][column].
type Matrix [2][2]float64

// SingularValues returns the singular values σ1 ≥ σ2 ≥ 0 of a:
//
//	σ1,2 = ½(√((a+d)² + (c−b)²) ± √((a−d)² + (b+c)²))
//
// (the paper's eq. 69, after Blinn), σ1 evaluated on a scaled by a power of
// two (exact) so that its largest entry is in [½, 1): nothing over- or
// underflows for entries from subnormal to MaxFloat64, and σ1 ≥ max|entry|
// is accurate to a few ulps. σ2 is |det a|/σ1 (σ1σ2 = |det a|), with the
// determinant formed from the entries' mantissas and exponents separately
// and without cancellation (det), so it keeps its own relative accuracy
// where σ2 ≪ σ1 (the difference form above would lose it) down to the
// subnormal range. σ1 is +Inf only where the true value exceeds
// MaxFloat64; non-finite entries give non-finite results.
func SingularValues(a Matrix) (s1, s2 float64) {
	s1 = SpectralNorm(a)
	switch {
	case !(s1 > 0): // zero, or NaN entries
		return s1, s1
	case moderate(a):
		return s1, math.Min(s1, math.Abs(diffOfProducts(a[0][0], a[1][1], a[0][1], a[1][0]))/s1)
	}
	// σ2 = |det|/σ1 with both as mantissa and exponent.
	m, k := det(a)
	fs, es := math.Frexp(s1)
	if math.IsInf(s1, 0) {
		b, e := scaled(a)
		fs = 0.5 * (hypot(b[0][0]+b[1][1], b[1][0]-b[0][1]) + hypot(b[0][0]-b[1][1], b[0][1]+b[1][0]))
		es = e
	}
	return s1, math.Min(s1, math.Ldexp(math.Abs(m)/fs, k-es))
}

// moderate reports whether every nonzero entry of a lies in [1e-140, 1e140]
// in modulus: then no sum or product of two entries over- or underflows,
// and the direct formulas are exact to rounding (the common case, kept
// fast: grid scans evaluate millions of matrices).
func moderate(a Matrix) bool {
	ok := func(v float64) bool { v = math.Abs(v); return v == 0 || v >= 1e-140 && v <= 1e140 }
	return ok(a[0][0]) && ok(a[0][1]) && ok(a[1][0]) && ok(a[1][1])
}

// det returns the determinant of a as m·2^k with |m| < 4 (or 0): each
// product's mantissas are multiplied and its exponents added, the smaller
// product is aligned to the larger, and the difference is formed with
// Kahan's FMA algorithm, so nothing over- or underflows and nothing
// cancels beyond the rounding of the result.
func det(a Matrix) (m float64, k int) {
	fa, ea := math.Frexp(a[0][0])
	fd, ed := math.Frexp(a[1][1])
	fb, eb := math.Frexp(a[0][1])
	fc, ec := math.Frexp(a[1][0])
	e1, e2 := ea+ed, eb+ec
	if fa == 0 || fd == 0 {
		e1 = math.MinInt32
	}
	if fb == 0 || fc == 0 {
		e2 = math.MinInt32
	}
	if e1 == math.MinInt32 && e2 == math.MinInt32 {
		return 0, 0
	}
	if e1 >= e2 {
		// fb·fc·2^(e2−e1) below 2^−1074 is negligible against fa·fd ≥ ¼.
		return diffOfProducts(fa, fd, math.Ldexp(fb, max(e2-e1, -2000)), fc), e1
	}
	return diffOfProducts(math.Ldexp(fa, max(e1-e2, -2000)), fd, fb, fc), e2
}

// scaled returns a·2^−e with e chosen so that the largest |entry| is in
// [½, 1) (e = 0 for the zero matrix and for non-finite entries). The scaling
// is exact unless an entry is below 2^−1074 times the largest, where it is
// negligible against it.
func scaled(a Matrix) (Matrix, int) {
	m := math.Max(math.Max(math.Abs(a[0][0]), math.Abs(a[0][1])), math.Max(math.Abs(a[1][0]), math.Abs(a[1][1])))
	if m == 0 || math.IsInf(m, 0) || math.IsNaN(m) {
		return a, 0
	}
	_, e := math.Frexp(m)
	for i := range 2 {
		for j := range 2 {
			a[i][j] = math.Ldexp(a[i][j], -e)
		}
	}
	return a, e
}

// hypot is √(x² + y²): directly where the squares can neither overflow nor
// lose precision to underflow, else math.Hypot (slower, scaled).
func hypot(x, y float64) float64 {
	// If the larger square is a normal number far from overflow, a smaller
	// square that underflows is negligible against it.
	if m := math.Max(math.Abs(x), math.Abs(y)); m < 1e150 && m > 1e-140 {
		return math.Sqrt(x*x + y*y)
	}
	return math.Hypot(x, y)
}

// SpectralNorm returns the largest singular value of a (the operator 2-norm;
// gonum's mat.Norm(A, 2) is the Frobenius norm, not this).
func SpectralNorm(a Matrix) float64 {
	// Directly (hypot guards its own squares); only where a sum of two
	// entries overflows is the matrix scaled first. Grid scans evaluate
	// millions of these.
	if n := 0.5 * (hypot(a[0][0]+a[1][1], a[1][0]-a[0][1]) + hypot(a[0][0]-a[1][1], a[0][1]+a[1][0])); !math.IsInf(n, 0) {
		return n
	}
	b, e := scaled(a)
	p := hypot(b[0][0]+b[1][1], b[1][0]-b[0][1])
	q := hypot(b[0][0]-b[1][1], b[0][1]+b[1][0])
	return math.Ldexp(0.5*(p+q), e)
}

// Eigenvalues returns the eigenvalues of a, the one of larger modulus first.
// The discriminant is formed as (a−d)² + 4bc, which does not cancel when the
// eigenvalues are close, and the smaller real root as det/λ1. a is first
// balanced (b·2^k, c·2^−k, a similarity, so the eigenvalues are unchanged)
// and scaled by a power of two like SingularValues, so the result is finite
// and accurate for entries from subnormal to MaxFloat64 (±Inf only where the
// true value exceeds MaxFloat64).
func Eigenvalues(a Matrix) (l1, l2 complex128) {
	if a[0][1] == 0 || a[1][0] == 0 {
		// Triangular: the eigenvalues are the diagonal, exactly (scaling
		// might flush a small one to zero next to a large off-diagonal).
		x, y := a[0][0], a[1][1]
		if math.Abs(y) > math.Abs(x) {
			x, y = y, x
		}
		return complex(x, 0), complex(y, 0)
	}
	if moderate(a) {
		return eigenvalues(a, 0, a)
	}
	b, e := balanced(a)
	return eigenvalues(b, e, a)
}

// balanced returns a balanced (off-diagonal exponents equalized by a
// diagonal similarity with powers of two: bc, and so the eigenvalues, stay
// the same) and scaled by 2^−e (see scaled).
func balanced(a Matrix) (Matrix, int) {
	if a[0][1] != 0 && a[1][0] != 0 {
		_, eb := math.Frexp(a[0][1])
		_, ec := math.Frexp(a[1][0])
		if k := (ec - eb) / 2; k != 0 {
			a[0][1] = math.Ldexp(a[0][1], k)
			a[1][0] = math.Ldexp(a[1][0], -k)
		}
	}
	return scaled(a)
}

// eigenvalues returns the eigenvalues of a = b·2^e, where b is a balanced
// and scaled (entries of modulus ≤ 1), or b = a, e = 0 for a moderate a. The discriminant (b11−b22)² +
// 4·b12·b21 is formed directly where its terms cannot underflow to
// nothing, and otherwise its square root without squaring, as
// hypot(b11−b22, 2√(b12·b21)) or
// √((|b11−b22| − 2√(−b12·b21))·(|b11−b22| + 2√(−b12·b21))). The smaller real root is det a/λ1,
// with the determinant of a itself (det: the scaling may have flushed tiny
// entries of b to zero, and a triangular a's small eigenvalue is one).
func eigenvalues(b Matrix, e int, a Matrix) (l1, l2 complex128) {
	tr := b[0][0] + b[1][1]
	dd := b[0][0] - b[1][1]
	var sq float64
	if math.Abs(dd) > 1e-150 || math.Abs(b[0][1]*b[1][0]) > 1e-300 {
		// The squares cannot underflow to nothing: the direct form, which
		// rounds least.
		disc := dd*dd + 4*b[0][1]*b[1][0]
		if disc < 0 {
			im := math.Ldexp(0.5*math.Sqrt(-disc), e)
			re := math.Ldexp(tr/2, e)
			return complex(re, im), complex(re, -im)
		}
		sq = math.Sqrt(disc)
	} else {
		dd = math.Abs(dd)
		sb := 2 * math.Sqrt(math.Abs(b[0][1])) * math.Sqrt(math.Abs(b[1][0])) // 2√|b12·b21|
		switch {
		case math.Signbit(b[0][1]) == math.Signbit(b[1][0]) || sb == 0:
			sq = math.Hypot(dd, sb)
		case dd >= sb:
			sq = math.Sqrt(dd-sb) * math.Sqrt(dd+sb)
		default:
			im := math.Ldexp(0.5*math.Sqrt(sb-dd)*math.Sqrt(sb+dd), e)
			re := math.Ldexp(tr/2, e)
			return complex(re, im), complex(re, -im)
		}
	}
	r := 0.5 * (tr + math.Copysign(sq, tr))
	if r == 0 {
		return 0, 0
	}
	if e == 0 && moderate(a) {
		return complex(r, 0), complex(diffOfProducts(a[0][0], a[1][1], a[0][1], a[1][0])/r, 0)
	}
	m, k := det(a)
	return complex(math.Ldexp(r, e), 0), complex(math.Ldexp(m/r, k-e), 0)
}

// SpectralRadius returns the largest modulus of an eigenvalue of a: g
// attracts locally at a fixed point where ℋ's spectral radius is below 1.
// Computed on the balanced, scaled matrix (see Eigenvalues), it is finite
// for finite entries unless the true value exceeds MaxFloat64, and at most
// SpectralNorm(a) up to a few ulps.
func SpectralRadius(a Matrix) float64 {
	l1, l2 := Eigenvalues(a)
	if imag(l1) == 0 {
		return math.Max(math.Abs(real(l1)), math.Abs(real(l2)))
	}
	return cmplx.Abs(l1)
}

// diffOfProducts returns a·b − c·d accurately (Kahan's algorithm with FMA).
func diffOfProducts(a, b, c, d float64) float64 {
	w := d * c
	e := math.FMA(-d, c, w)
	f := math.FMA(a, b, -w)
	return f + e
}
