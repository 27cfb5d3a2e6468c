package jacobian

import (
	"math"
	"math/big"
	"math/cmplx"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/mat"

	"github.com/snnanalyze/snnanalyze/mapping"
)

var selu mapping.Activation = mapping.StandardSELU

// TestPaperFixedPoint: at (0, 1), ω = 0, τ = 1, α01, λ01 the authors'
// Mathematica notebook gives ℋ = [[0, 0.08883475510689011],
// [0, 0.7826478831968123]] with largest singular value 0.787673360465715
// (paper-facts.md §4; the paper prints 0.088834 and 0.7877).
func TestPaperFixedPoint(t *testing.T) {
	want := Matrix{{0, 0.08883475510689011}, {0, 0.7826478831968123}}
	for _, m := range []mapping.Method{mapping.Auto, mapping.ClosedForm, mapping.Quadrature} {
		r, err := At(selu, 0, 1, 0, 1, Variance, &Settings{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		for i := range 2 {
			for j := range 2 {
				if math.Abs(r.M[i][j]-want[i][j]) > 1e-12*math.Max(math.Abs(want[i][j]), 1e-3*0.787673360465715) {
					t.Errorf("%v: H[%d][%d] = %.17g, want %.17g", m, i, j, r.M[i][j], want[i][j])
				}
			}
		}
		if math.Abs(r.Norm-0.787673360465715) > 1e-12 {
			t.Errorf("%v: norm %.17g, want 0.787673360465715", m, r.Norm)
		}
	}
}

// TestPaperGridMaxima: the paper's grid maximum 0.9912524171058772 is the
// norm of 𝒥 (mean, second moment) at (−0.1, −0.1, 0.8, 1.25); Mathematica's
// maximum of ℋ's norm on Theorem 1's domain is 0.8976083584089181 at
// (−0.1, −0.1, 0.8, 1.1) (paper-facts.md §5).
func TestPaperGridMaxima(t *testing.T) {
	j, err := At(selu, -0.1, 0.8, -0.1, 1.25, SecondMoment, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(j.Norm-0.9912524171058772) > 1e-12 {
		t.Errorf("norm of J at the corner: %.17g, want 0.9912524171058772", j.Norm)
	}
	h, _ := At(selu, -0.1, 0.8, -0.1, 1.25, Variance, nil)
	if !(h.Norm < j.Norm) {
		t.Errorf("norm of H %.17g should be below that of J %.17g there", h.Norm, j.Norm)
	}
	h, _ = At(selu, -0.1, 0.8, -0.1, 1.1, Variance, nil)
	if math.Abs(h.Norm-0.8976083584089181) > 1e-12 {
		t.Errorf("norm of H at (-0.1, -0.1, 0.8, 1.1): %.17g, want 0.8976083584089181", h.Norm)
	}
}

// TestFiniteDifferences cross-checks both evaluators with gonum's central
// differences of g, for every activation, to the accuracy differences allow.
func TestFiniteDifferences(t *testing.T) {
	acts := []mapping.Activation{selu, mapping.ELU{Alpha: 1}, mapping.ReLU{}, mapping.Tanh{}, mapping.SELU{Alpha: 3, Lambda: 0.5}}
	points := [][4]float64{{0, 1, 0.3, 1}, {0.4, 0.7, -0.8, 1.3}, {-1, 2, 0.5, 0.9}, {2, 0.5, 1, 2}, {0.1, 1.5, 0.1, 1.1}}
	for _, f := range acts {
		for _, p := range points {
			for _, of := range []Of{Variance, SecondMoment} {
				r, err := At(f, p[0], p[1], p[2], p[3], of, &Settings{Method: mapping.Quadrature})
				if err != nil {
					t.Fatal(err)
				}
				g := func(out, x []float64) {
					e, err := mapping.Evaluate(f, x[0], x[1], p[2], p[3], mapping.Quadrature)
					if err != nil {
						panic(err)
					}
					out[0] = e.Mean
					if of == Variance {
						out[1] = e.Var
					} else {
						out[1] = e.Second
					}
				}
				var jac mat.Dense
				jac.ReuseAs(2, 2)
				fd.Jacobian(&jac, g, []float64{p[0], p[1]}, &fd.JacobianSettings{Formula: fd.Central, Step: 1e-5})
				for i := range 2 {
					for j := range 2 {
						// Central differences with h = 1e-5: error ~h² plus rounding ~1e-16/h.
						if d := math.Abs(jac.At(i, j) - r.M[i][j]); d > 1e-8*math.Max(1, math.Abs(r.M[i][j])) {
							t.Errorf("%s %v %v: entry %d%d = %.12g, finite differences %.12g", f.Name(), p, of, i, j, r.M[i][j], jac.At(i, j))
						}
					}
				}
				if _, isCF := f.(mapping.ClosedFormer); isCF {
					c, _ := At(f, p[0], p[1], p[2], p[3], of, &Settings{Method: mapping.ClosedForm})
					for i := range 2 {
						for j := range 2 {
							if d := math.Abs(c.M[i][j] - r.M[i][j]); d > 1e-13*math.Max(math.Abs(r.M[i][j]), 1e-3*r.Norm) {
								t.Errorf("%s %v %v: closed form %.17g, quadrature %.17g", f.Name(), p, of, c.M[i][j], r.M[i][j])
							}
						}
					}
				}
			}
		}
	}
}

func TestMatrixFunctions(t *testing.T) {
	cases := []struct {
		m      Matrix
		s1, s2 float64
		l1, l2 complex128
	}{
		// Diagonal, symmetric, rotation-like and defective matrices with
		// singular values and eigenvalues worked out by hand.
		{Matrix{{3, 0}, {0, -2}}, 3, 2, 3, -2},
		{Matrix{{2, 1}, {1, 2}}, 3, 1, 3, 1},
		{Matrix{{0, -1}, {1, 0}}, 1, 1, complex(0, 1), complex(0, -1)},
		{Matrix{{1, 1}, {0, 1}}, (1 + math.Sqrt(5)) / 2, (math.Sqrt(5) - 1) / 2, 1, 1},
		{Matrix{{0, 0.08883475510689011}, {0, 0.7826478831968123}}, math.Hypot(0.08883475510689011, 0.7826478831968123), 0, 0.7826478831968123, 0},
	}
	for _, c := range cases {
		s1, s2 := SingularValues(c.m)
		if math.Abs(s1-c.s1) > 4e-16*c.s1 || math.Abs(s2-c.s2) > 4e-16*c.s1 {
			t.Errorf("%v: singular values %v, %v; want %v, %v", c.m, s1, s2, c.s1, c.s2)
		}
		l1, l2 := Eigenvalues(c.m)
		if cmplx.Abs(l1-c.l1) > 1e-15 || cmplx.Abs(l2-c.l2) > 1e-15 {
			t.Errorf("%v: eigenvalues %v, %v; want %v, %v", c.m, l1, l2, c.l1, c.l2)
		}
		if r := SpectralRadius(c.m); math.Abs(r-math.Max(cmplx.Abs(c.l1), cmplx.Abs(c.l2))) > 1e-15 {
			t.Errorf("%v: spectral radius %v", c.m, r)
		}
	}
	// Against gonum's SVD on random matrices.
	for k := 0; k < 50; k++ {
		a := Matrix{{math.Sin(float64(k)), math.Cos(3 * float64(k))}, {math.Sin(7*float64(k)) * 5, math.Cos(float64(k*k)) / 3}}
		var svd mat.SVD
		svd.Factorize(mat.NewDense(2, 2, []float64{a[0][0], a[0][1], a[1][0], a[1][1]}), mat.SVDNone)
		v := svd.Values(nil)
		s1, s2 := SingularValues(a)
		if math.Abs(s1-v[0]) > 1e-14*v[0] || math.Abs(s2-v[1]) > 1e-14*v[0] {
			t.Errorf("%v: %v, %v; gonum SVD %v", a, s1, s2, v)
		}
	}
}

func TestBadInput(t *testing.T) {
	if _, err := At(selu, 0, -1, 0, 1, Variance, nil); err == nil {
		t.Error("nu < 0: no error")
	}
	if _, err := At(mapping.Tanh{}, 0, 1, 0, 1, Variance, &Settings{Method: mapping.ClosedForm}); err == nil {
		t.Error("tanh closed form: no error")
	}
}

func TestAtNoAlloc(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() { At(selu, 0.05, 1.1, 0.1, 1.05, Variance, nil) })
	if allocs != 0 {
		t.Errorf("At allocates %v times", allocs)
	}
}

// BenchmarkJacobianClosedForm: ℋ and its norm by the closed form at a point
// of Theorem 1's domain (issue 3: ≤ 300 ns).
func BenchmarkJacobianClosedForm(b *testing.B) {
	s := &Settings{Method: mapping.ClosedForm}
	var sink float64
	for b.Loop() {
		r, _ := At(selu, 0.05, 1.1, 0.1, 1.05, Variance, s)
		sink += r.Norm
	}
	_ = sink
}

func BenchmarkJacobianAuto(b *testing.B) {
	var sink float64
	for b.Loop() {
		r, _ := At(selu, 0.05, 1.1, 0.1, 1.05, Variance, nil)
		sink += r.Norm
	}
	_ = sink
}

func BenchmarkJacobianQuadrature(b *testing.B) {
	s := &Settings{Method: mapping.Quadrature}
	var sink float64
	for b.Loop() {
		r, _ := At(selu, 0.05, 1.1, 0.1, 1.05, Variance, s)
		sink += r.Norm
	}
	_ = sink
}

// TestSmallSingularValue: σ2 ≪ σ1 keeps its relative accuracy (the
// difference form of eq. 69 cancels to 0 there). Exact references: the
// singular values of diag(x, y) are |x|, |y|; of a triangular [[x, b], [0, y]]
// their product is |xy|.
func TestSmallSingularValue(t *testing.T) {
	for _, c := range []struct {
		m      Matrix
		s1, s2 float64
	}{
		{Matrix{{1e300, 0}, {0, 1}}, 1e300, 1},
		{Matrix{{1, 0}, {0, -1e-300}}, 1, 1e-300},
		{Matrix{{0, 2}, {3e-200, 0}}, 2, 3e-200},
	} {
		s1, s2 := SingularValues(c.m)
		if math.Abs(s1-c.s1) > 4e-16*c.s1 || math.Abs(s2-c.s2) > 4e-16*c.s2 {
			t.Errorf("%v: singular values %v, %v, want %v, %v", c.m, s1, s2, c.s1, c.s2)
		}
	}
	m := Matrix{{1e300, 0.5}, {0, 2}}
	s1, s2 := SingularValues(m)
	if p := s1 * s2; math.Abs(p-2e300) > 1e-15*2e300 {
		t.Errorf("%v: σ1σ2 = %v, want |det| = 2e300", m, p)
	}
}

// TestWideRangeMatrices: entries spread over the whole float64 range keep
// their small eigenvalue and singular value (found by an adversarial trial:
// the discriminant's square underflowed, and scaling flushed small entries).
// References: triangular matrices have their diagonal as eigenvalues; the
// singular values are from 80-digit decimal arithmetic on eq. 69.
func TestWideRangeMatrices(t *testing.T) {
	rel := func(got, want float64) float64 { return math.Abs(got-want) / math.Abs(want) }
	if r := SpectralRadius(Matrix{{1, 0}, {1e200, 0}}); r != 1 {
		t.Errorf("radius of [[1, 0], [1e200, 0]] = %v, want 1", r)
	}
	l1, l2 := Eigenvalues(Matrix{{1, 0}, {-9.4e181, -6.3e-19}})
	if real(l1) != 1 || rel(real(l2), -6.3e-19) > 1e-15 || imag(l1) != 0 || imag(l2) != 0 {
		t.Errorf("eigenvalues of [[1, 0], [-9.4e181, -6.3e-19]] = %v, %v, want 1, -6.3e-19", l1, l2)
	}
	l1, l2 = Eigenvalues(Matrix{{1, 0}, {1e200, 1e-250}})
	if real(l1) != 1 || rel(real(l2), 1e-250) > 1e-15 {
		t.Errorf("eigenvalues of [[1, 0], [1e200, 1e-250]] = %v, %v, want 1, 1e-250", l1, l2)
	}
	for _, c := range []struct {
		m      Matrix
		s1, s2 float64
	}{
		{Matrix{{5.33832678108059e-102, 1}, {2.660242192656517e-07, 3.4415312263829217e+218}}, 3.4415312263829217e+218, 5.33832678108059e-102},
		{Matrix{{-7.05e-85, 1}, {-8.49e167, -8.58e307}}, 8.58e307, 7.05e-85},
	} {
		s1, s2 := SingularValues(c.m)
		if rel(s1, c.s1) > 4e-16 || rel(s2, c.s2) > 4e-15 {
			t.Errorf("%v: singular values %v, %v, want %v, %v", c.m, s1, s2, c.s1, c.s2)
		}
		if n := SpectralNorm(c.m); n != s1 {
			t.Errorf("%v: SpectralNorm %v != σ1 %v", c.m, n, s1)
		}
	}
}

// TestMatrixRandomWideRange: on 50,000 random matrices with entries from
// 1e-300 to 1e300 in modulus (a fifth of them 0), σ1·σ2 and |λ1·λ2| equal
// |det| (computed exactly with math/big) to 1e-12 relative wherever the
// smaller value is a normal float64, and the spectral radius never exceeds
// the spectral norm.
func TestMatrixRandomWideRange(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	ent := func() float64 {
		if rnd.IntN(5) == 0 {
			return 0
		}
		return (2*rnd.Float64() - 1) * math.Pow(10, float64(rnd.IntN(600)-300))
	}
	bf := func(x float64) *big.Float { return new(big.Float).SetPrec(2200).SetFloat64(x) }
	for range 50000 {
		m := Matrix{{ent(), ent()}, {ent(), ent()}}
		d := new(big.Float).SetPrec(2200).Sub(new(big.Float).Mul(bf(m[0][0]), bf(m[1][1])), new(big.Float).Mul(bf(m[0][1]), bf(m[1][0])))
		det, _ := d.Float64()
		det = math.Abs(det)
		normal := func(small float64) bool { return det > 1e-290 && det < 1e290 && small > 1e-300 }
		s1, s2 := SingularValues(m)
		if normal(det/s1) && !(math.Abs(s1*s2-det) <= 1e-12*det) {
			t.Fatalf("%v: σ1σ2 = %v, |det| = %v", m, s1*s2, det)
		}
		l1, l2 := Eigenvalues(m)
		if imag(l1) == 0 && normal(det/math.Abs(real(l1))) && !(math.Abs(math.Abs(real(l1)*real(l2))-det) <= 1e-12*det) {
			t.Fatalf("%v: |λ1λ2| = %v, |det| = %v", m, real(l1)*real(l2), det)
		}
		if r, n := SpectralRadius(m), SpectralNorm(m); r > n*(1+1e-15) {
			t.Fatalf("%v: radius %v > norm %v", m, r, n)
		}
	}
}
