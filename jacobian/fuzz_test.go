package jacobian

import (
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

var nanBits = math.Float64frombits(0x7ff8000000000001)

// ulps is the relative slack for comparing radius and norm: a few ulps.
const ulps = 8.0 / (1 << 53)

func fuzzActivation(k uint8, alpha, lambda float64) mapping.Activation {
	switch k % 4 {
	case 0:
		return mapping.SELU{Alpha: alpha, Lambda: lambda}
	case 1:
		return mapping.ELU{Alpha: alpha}
	case 2:
		return mapping.ReLU{}
	}
	return mapping.Tanh{}
}

// FuzzAt: a nil error means finite ℋ (or 𝒥), norm and radius, ν̃ ≥ 0 and
// radius ≤ norm up to a few ulps.
func FuzzAt(f *testing.F) {
	f.Add(uint8(0), uint8(0), uint8(0), mapping.Alpha01, mapping.Lambda01, 0.0, 1.0, 0.0, 1.0)
	f.Add(uint8(0), uint8(1), uint8(1), 1.0, 1.0, 1e-300, 1.0, 1e300, 1.0)
	f.Add(uint8(0), uint8(0), uint8(2), math.NaN(), 1.0, 0.0, 1.0, 0.0, 1.0)
	f.Add(uint8(2), uint8(0), uint8(0), 0.0, 0.0, -1e6, 1e-300, 1.0, 1.0)
	f.Add(uint8(1), uint8(1), uint8(0), 1.0, 0.0, 1.0, 1e-308, 1.0, 1e308)
	f.Add(uint8(3), uint8(0), uint8(1), 0.0, 0.0, 1e6, 1e12, 1.0, 1.0)
	f.Add(uint8(0), uint8(0), uint8(0), mapping.MaxAlpha, mapping.MaxLambda, -1e-300, 1e-300, 1e306, 1e300)
	f.Add(uint8(1), uint8(0), uint8(0), 1.0, 1.0, math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, math.MaxFloat64, math.MaxFloat64)
	f.Add(uint8(0), uint8(1), uint8(0), nanBits, nanBits, nanBits, nanBits, nanBits, nanBits)
	f.Fuzz(func(t *testing.T, k, of, method uint8, alpha, lambda, mu, nu, omega, tau float64) {
		act := fuzzActivation(k, alpha, lambda)
		s := &Settings{Method: mapping.Method(method % 3)}
		r, err := At(act, mu, nu, omega, tau, Of(of%2), s)
		if err != nil {
			return
		}
		ok := finite(r.Norm) && finite(r.Radius) && finite(r.Moments.Mean) && finite(r.Moments.Var) && r.Moments.Var >= 0 && r.Moments.Second >= 0
		for i := range 2 {
			for j := range 2 {
				ok = ok && finite(r.M[i][j])
			}
		}
		if !ok || r.Radius > r.Norm*(1+ulps) {
			t.Fatalf("%s at (%v, %v, %v, %v): %+v", act.Name(), mu, nu, omega, tau, r)
		}
	})
}

// FuzzMatrix: for finite entries the singular values and radius are not
// NaN, σ1 ≥ σ2 ≥ 0, radius ≤ σ1 up to a few ulps, and both are finite when
// the entries are at most MaxFloat64/4 (then σ1 ≤ 2·max|entry| fits).
func FuzzMatrix(f *testing.F) {
	f.Add(1e200, 0.0, 0.0, 2e200)
	f.Add(1e-200, 0.0, 0.0, 2e-200)
	f.Add(0.0, 1e300, 1e-300, 0.0)
	f.Add(math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64)
	f.Add(math.MaxFloat64, math.MaxFloat64, math.MaxFloat64, math.MaxFloat64)
	f.Add(math.MaxFloat64/4, -math.MaxFloat64/4, math.MaxFloat64/4, math.MaxFloat64/4)
	f.Add(1.0, 2.0, 3.0, 4.0)
	f.Add(nanBits, 0.0, 0.0, 1.0)
	f.Fuzz(func(t *testing.T, a, b, c, d float64) {
		m := Matrix{{a, b}, {c, d}}
		for _, v := range []float64{a, b, c, d} {
			if !finite(v) {
				return
			}
		}
		s1, s2 := SingularValues(m)
		n, r := SpectralNorm(m), SpectralRadius(m)
		l1, l2 := Eigenvalues(m)
		if math.IsNaN(s1) || math.IsNaN(s2) || math.IsNaN(r) || !(s1 >= s2) || !(s2 >= 0) || n != s1 {
			t.Fatalf("%v: s %v %v r %v", m, s1, s2, r)
		}
		for _, l := range []complex128{l1, l2} {
			if math.IsNaN(real(l)) || math.IsNaN(imag(l)) {
				t.Fatalf("%v: eigenvalues %v %v", m, l1, l2)
			}
		}
		if r > n*(1+ulps) && !math.IsInf(n, 0) {
			t.Fatalf("%v: radius %v > norm %v", m, r, n)
		}
		big := math.MaxFloat64 / 4
		if math.Abs(a) <= big && math.Abs(b) <= big && math.Abs(c) <= big && math.Abs(d) <= big && (!finite(n) || !finite(r)) {
			t.Fatalf("%v: norm %v radius %v", m, n, r)
		}
	})
}
