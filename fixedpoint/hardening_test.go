package fixedpoint

import (
	"errors"
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// TestFindSettingsContract: Tol = 62, negative or NaN settings were accepted.
func TestFindSettingsContract(t *testing.T) {
	selu := mapping.StandardSELU
	for _, s := range []Settings{{Tol: 62}, {Tol: -1}, {Tol: math.NaN()}, {Tol: math.Inf(1)}, {MaxIter: -1}, {MaxIter: MaxIterLimit + 1},
		{From: Point{math.NaN(), 1}}, {From: Point{0, -1}}, {From: Point{math.Inf(1), 1}}} {
		if _, err := Find(selu, 0, 1, &s); err == nil {
			t.Errorf("%+v: no error", s)
		}
	}
	if _, err := Find(mapping.SELU{Alpha: math.NaN(), Lambda: 1}, 0, 1, nil); !errors.Is(err, mapping.ErrParameter) {
		t.Errorf("NaN alpha: %v", err)
	}
}

// TestFindResidualContract: ELU (α = 1) at ω = 0, τ = 0.5 returned
// (−8.5e-18, 7.4e-17) with residual (2e-9, 5e-8): Newton's steps became
// small while the variance collapsed, and the point is not a fixed point.
// Whatever Find returns now has its residual within ResidualTol.
func TestFindResidualContract(t *testing.T) {
	acts := []mapping.Activation{mapping.ReLU{}, mapping.ELU{Alpha: 1}, mapping.Tanh{}, mapping.StandardSELU}
	for _, f := range acts {
		for _, w := range [][2]float64{{0, 0.5}, {0, 1}, {1, 1}, {-1, 0.5}, {5, 1}, {0, 100}, {10, 100}, {2, 0.1}, {0, 1e6}, {1e3, 1e3}} {
			r, err := Find(f, w[0], w[1], nil)
			if err != nil {
				if !errors.Is(err, ErrNoFixedPoint) && !errors.Is(err, mapping.ErrOverflow) {
					t.Logf("%s %v: %v", f.Name(), w, err)
				}
				continue
			}
			if !(math.Hypot(r.Residual.Mu, r.Residual.Nu) <= r.ResidualTol) || !(r.Nu > 0) {
				t.Errorf("%s %v: %+v", f.Name(), w, r)
			}
		}
	}
	if r, err := Find(mapping.ELU{Alpha: 1}, 0, 0.5, nil); err == nil {
		t.Errorf("ELU at (0, 0.5): fixed point %+v", r.Point)
	}
}

// TestOrbitContract: a negative iteration limit never returned (steps ==
// maxIter was never true).
func TestOrbitContract(t *testing.T) {
	g := mapping.Map{F: mapping.StandardSELU, Omega: 0, Tau: 1}
	for _, n := range []int{-1, math.MinInt} {
		if _, _, err := Orbit(g, Point{0, 2}, Point{0, 1}, 1e-10, n, nil); err == nil {
			t.Errorf("maxIter %d: no error", n)
		}
	}
	for _, tol := range []float64{-1, math.NaN(), math.Inf(1)} {
		if _, _, err := Orbit(g, Point{0, 2}, Point{0, 1}, tol, 10, nil); err == nil {
			t.Errorf("tol %v: no error", tol)
		}
	}
	if _, _, err := Orbit(g, Point{0, 2}, Point{0, math.NaN()}, 1e-3, 10, nil); err == nil {
		t.Error("NaN target: no error")
	}
	if steps, reached, err := Orbit(g, Point{0, 2}, Point{0, 1}, 1e-3, 0, nil); err != nil || steps != 0 || reached {
		t.Errorf("maxIter 0: %d %v %v", steps, reached, err)
	}
}
