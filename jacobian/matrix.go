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
// (the paper's eq. 69, after Blinn), with hypot so that nothing overflows.
// Since σ1 ≥ max|entry|, σ1 is accurate to a few ulps.
func SingularValues(a Matrix) (s1, s2 float64) {
	p := hypot(a[0][0]+a[1][1], a[1][0]-a[0][1])
	q := hypot(a[0][0]-a[1][1], a[0][1]+a[1][0])
	return 0.5 * (p + q), 0.5 * math.Abs(p-q)
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
// eigenvalues are close, and the smaller real root as det/λ1.
func Eigenvalues(a Matrix) (l1, l2 complex128) {
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
