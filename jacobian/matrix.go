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
// (the paper's eq. 69, after Blinn), evaluated on a scaled by a power of two
// (exact) so that its largest entry is in [½, 1): nothing over- or
// underflows for entries from subnormal to MaxFloat64. σ1 ≥ max|entry| is
// accurate to a few ulps. σ2 is |det a|/σ1 (σ1σ2 = |det a|), with the
// determinant formed without cancellation, so it keeps its own relative
// accuracy where σ2 ≪ σ1 (the difference form above would lose it). σ1 is
// +Inf only where the true value exceeds MaxFloat64; NaN entries give NaN.
func SingularValues(a Matrix) (s1, s2 float64) {
	a, e := scaled(a)
	p := hypot(a[0][0]+a[1][1], a[1][0]-a[0][1])
	q := hypot(a[0][0]-a[1][1], a[0][1]+a[1][0])
	s1 = 0.5 * (p + q)
	if s1 > 0 {
		s2 = math.Min(s1, math.Abs(diffOfProducts(a[0][0], a[1][1], a[0][1], a[1][0]))/s1)
	}
	return math.Ldexp(s1, e), math.Ldexp(s2, e)
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
	s1, _ := SingularValues(a)
	return s1
}

// Eigenvalues returns the eigenvalues of a, the one of larger modulus first.
// The discriminant is formed as (a−d)² + 4bc, which does not cancel when the
// eigenvalues are close, and the smaller real root as det/λ1. a is first
// balanced (b·2^k, c·2^−k, a similarity, so the eigenvalues are unchanged)
// and scaled by a power of two like SingularValues, so the result is finite
// and accurate for entries from subnormal to MaxFloat64 (±Inf only where the
// true value exceeds MaxFloat64).
func Eigenvalues(a Matrix) (l1, l2 complex128) {
	b, e := balanced(a)
	l1, l2 = eigenvalues(b)
	return complex(math.Ldexp(real(l1), e), math.Ldexp(imag(l1), e)),
		complex(math.Ldexp(real(l2), e), math.Ldexp(imag(l2), e))
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

// eigenvalues is Eigenvalues for a matrix with entries of modulus ≤ 1.
func eigenvalues(a Matrix) (l1, l2 complex128) {
	tr := a[0][0] + a[1][1]
	det := diffOfProducts(a[0][0], a[1][1], a[0][1], a[1][0])
	dd := a[0][0] - a[1][1]
	disc := dd*dd + 4*a[0][1]*a[1][0]
	if disc < 0 {
		im := 0.5 * math.Sqrt(-disc)
		return complex(tr/2, im), complex(tr/2, -im)
	}
	r := 0.5 * (tr + math.Copysign(math.Sqrt(disc), tr))
	if r == 0 {
		return 0, 0
	}
	return complex(r, 0), complex(det/r, 0)
}

// SpectralRadius returns the largest modulus of an eigenvalue of a: g
// attracts locally at a fixed point where ℋ's spectral radius is below 1.
// Computed on the balanced, scaled matrix (see Eigenvalues), it is finite
// for finite entries unless the true value exceeds MaxFloat64, and at most
// SpectralNorm(a) up to a few ulps.
func SpectralRadius(a Matrix) float64 {
	b, e := balanced(a)
	l1, l2 := eigenvalues(b)
	if imag(l1) == 0 {
		return math.Ldexp(math.Max(math.Abs(real(l1)), math.Abs(real(l2))), e)
	}
	return math.Ldexp(cmplx.Abs(l1), e)
}

// diffOfProducts returns a·b − c·d accurately (Kahan's algorithm with FMA).
func diffOfProducts(a, b, c, d float64) float64 {
	w := d * c
	e := math.FMA(-d, c, w)
	f := math.FMA(a, b, -w)
	return f + e
}
