package jacobian

import (
	"errors"
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// TestMatrixScaling: Eigenvalues(diag(1e200, 2e200)) gave (+Inf, NaN) and
// SpectralRadius(diag(1e-200, 2e-200)) gave 1.5e-200 (the squares over- and
// underflowed); the routines now scale by a power of two (exact) first.
func TestMatrixScaling(t *testing.T) {
	for _, s := range []float64{1e-320, 1e-300, 1e-200, 1, 1e200, 1e300, math.MaxFloat64 / 4} {
		a := Matrix{{s, 0}, {0, 2 * s}}
		l1, l2 := Eigenvalues(a)
		if l1 != complex(2*s, 0) || l2 != complex(s, 0) {
			t.Errorf("diag(%g, %g): eigenvalues %v %v", s, 2*s, l1, l2)
		}
		if r := SpectralRadius(a); r != 2*s {
			t.Errorf("diag(%g, %g): radius %v", s, 2*s, r)
		}
		if s1, s2 := SingularValues(a); s1 != 2*s || math.Abs(s2-s) > 4e-16*s {
			t.Errorf("diag(%g, %g): singular values %v %v", s, 2*s, s1, s2)
		}
	}
	// Off-diagonal entries far apart: eigenvalues ±√(bc) = ±1.
	a := Matrix{{0, 1e300}, {1e-300, 0}}
	if r := SpectralRadius(a); math.Abs(r-1) > 1e-15 {
		t.Errorf("radius %v, want 1", r)
	}
	if n := SpectralNorm(a); n != 1e300 {
		t.Errorf("norm %v, want 1e300", n)
	}
	// Rotation·scale: complex eigenvalues of modulus s·√2.
	for _, s := range []float64{1e-310, 1e300} {
		a := Matrix{{s, -s}, {s, s}}
		if r, n := SpectralRadius(a), SpectralNorm(a); math.Abs(r-s*math.Sqrt2) > 4e-16*s*math.Sqrt2 || r > n*(1+4e-16) {
			t.Errorf("s = %g: radius %v norm %v", s, r, n)
		}
	}
}

// TestAtContract: At validates α, λ (mapping.ErrParameter) and Tolerance, and
// reports overflow (ω = 1e300 at μ = 1e-300 gave a non-finite norm).
func TestAtContract(t *testing.T) {
	for _, f := range []mapping.SELU{{Alpha: math.NaN(), Lambda: 1}, {Alpha: 1, Lambda: math.Inf(1)}, {Alpha: 1e300, Lambda: 1}, {Alpha: 1, Lambda: -1}} {
		if _, err := At(f, 0, 1, 0, 1, Variance, nil); !errors.Is(err, mapping.ErrParameter) {
			t.Errorf("%+v: err %v", f, err)
		}
	}
	for _, tol := range []float64{math.NaN(), -1, math.Inf(1), 2} {
		if _, err := At(mapping.StandardSELU, 0, 1, 0, 1, Variance, &Settings{Tolerance: tol}); err == nil {
			t.Errorf("tolerance %v: no error", tol)
		}
	}
	for _, of := range []Of{Variance, SecondMoment} {
		for _, c := range [][4]float64{{1e-300, 1, 1e300, 1}, {1e-300, 1e-300, 1e300, 1e300}, {1, 1e-300, 1, 1e300}, {0, 1e-308, 0, 1e308}} {
			r, err := At(mapping.StandardSELU, c[0], c[1], c[2], c[3], of, nil)
			if err != nil {
				if !errors.Is(err, ErrOverflow) {
					t.Errorf("%v: %v", c, err)
				}
				continue
			}
			if !finite(r.Norm) || !finite(r.Radius) || r.Moments.Var < 0 {
				t.Errorf("%v: %+v", c, r)
			}
		}
	}
}
