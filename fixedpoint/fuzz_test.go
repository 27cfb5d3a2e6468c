package fixedpoint

import (
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

var nanBits = math.Float64frombits(0x7ff8000000000001)

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

// FuzzFind: a returned fixed point has ν > 0, finite values and a residual
// within its ResidualTol.
func FuzzFind(f *testing.F) {
	f.Add(uint8(0), mapping.Alpha01, mapping.Lambda01, 0.0, 1.0, 0.0, 0.0, int16(0), 0.0)
	f.Add(uint8(1), 1.0, 1.0, 0.0, 0.5, 0.0, 0.0, int16(0), 0.0)
	f.Add(uint8(0), mapping.Alpha01, mapping.Lambda01, 0.0, 1.0, 0.0, 0.0, int16(0), 62.0)
	f.Add(uint8(2), 0.0, 0.0, -1.0, 0.5, 0.0, 0.0, int16(-1), 0.0)
	f.Add(uint8(3), 0.0, 0.0, 0.0, 100.0, 0.0, 0.0, int16(10), 1e-3)
	f.Add(uint8(0), mapping.Alpha01, mapping.Lambda01, 10.0, 100.0, 1.0, 2.0, int16(100), 1e-10)
	f.Add(uint8(1), 1.0, 1.0, 1e300, 1e300, 1e-300, 1e-300, int16(5), 0.0)
	f.Add(uint8(0), nanBits, nanBits, nanBits, nanBits, nanBits, nanBits, int16(0), nanBits)
	f.Add(uint8(3), 0.0, 0.0, -5.0, 1.0, math.SmallestNonzeroFloat64, math.SmallestNonzeroFloat64, int16(0), 0.0)
	f.Fuzz(func(t *testing.T, k uint8, alpha, lambda, omega, tau, fromMu, fromNu float64, maxIter int16, tol float64) {
		act := fuzzActivation(k, alpha, lambda)
		s := &Settings{From: Point{fromMu, fromNu}, MaxIter: int(maxIter), Tol: tol}
		r, err := Find(act, omega, tau, s)
		if err != nil {
			return
		}
		res := math.Hypot(r.Residual.Mu, r.Residual.Nu)
		if !(r.Nu > 0) || math.IsInf(r.Nu, 0) || math.IsNaN(r.Mu) || math.IsInf(r.Mu, 0) || !(res <= r.ResidualTol) || !(r.ResidualTol <= 1e-2) {
			t.Fatalf("%s ω=%v τ=%v: %+v", act.Name(), omega, tau, r)
		}
	})
}

// FuzzOrbit: Orbit returns (also for negative maxIter), takes at most
// maxIter steps, and the path has steps+1 points.
func FuzzOrbit(f *testing.F) {
	f.Add(uint8(0), mapping.Alpha01, mapping.Lambda01, 0.0, 1.0, 0.0, 2.0, 0.0, 1.0, 1e-6, int16(100))
	f.Add(uint8(0), mapping.Alpha01, mapping.Lambda01, 0.0, 1.0, 0.0, 2.0, 0.0, 1.0, 1e-6, int16(-1))
	f.Add(uint8(2), 0.0, 0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 1.0, -1.0, int16(10))
	f.Add(uint8(3), 0.0, 0.0, 1e300, 1e-300, 1.0, 1.0, 0.0, 1.0, nanBits, int16(3))
	f.Add(uint8(1), 1.0, 1.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1e-3, int16(3))
	f.Add(uint8(0), 1.0, 1.0, 0.0, 1.0, math.MaxFloat64, math.SmallestNonzeroFloat64, 0.0, 1.0, 1e-3, int16(3))
	f.Fuzz(func(t *testing.T, k uint8, alpha, lambda, omega, tau, mu, nu, tmu, tnu, tol float64, maxIter int16) {
		g := mapping.Map{F: fuzzActivation(k, alpha, lambda), Omega: omega, Tau: tau}
		var path []Point
		steps, reached, err := Orbit(g, Point{mu, nu}, Point{tmu, tnu}, tol, int(maxIter), &path)
		if maxIter < 0 && err == nil {
			t.Fatalf("maxIter %d: no error", maxIter)
		}
		if err != nil {
			return
		}
		if steps > int(maxIter) || steps < 0 || len(path) != steps+1 || reached && steps > int(maxIter) {
			t.Fatalf("steps %d (max %d), path %d", steps, maxIter, len(path))
		}
		for _, p := range path[1:] {
			if !(p.Nu >= 0) || math.IsInf(p.Nu, 0) || math.IsNaN(p.Mu) || math.IsInf(p.Mu, 0) {
				t.Fatalf("orbit visits %+v", p)
			}
		}
	})
}
