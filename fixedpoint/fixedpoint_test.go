package fixedpoint

import (
	"errors"
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

var selu mapping.Activation = mapping.StandardSELU

// TestFixedPoint01: α01, λ01 make (0, 1) the fixed point at ω = 0, τ = 1
// (paper eq. 14), with ℋ's norm 0.787673360465715 (paper-facts.md §4).
func TestFixedPoint01(t *testing.T) {
	r, err := Find(selu, 0, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Mu) > 1e-15 || math.Abs(r.Nu-1) > 1e-15 {
		t.Errorf("fixed point (%g, %.17g), want (0, 1)", r.Mu, r.Nu)
	}
	if math.Abs(r.H.Norm-0.787673360465715) > 1e-12 || !r.Stable || !r.Contracting {
		t.Errorf("norm %.17g stable %v contracting %v", r.H.Norm, r.Stable, r.Contracting)
	}
}

// TestTheorem1Box: for (ω, τ) in Theorem 1's domain the fixed point lies in
// μ ∈ [−0.03106, 0.06773], ν ∈ [0.80009, 1.48617] (paper-facts.md §5), and
// g contracts there.
func TestTheorem1Box(t *testing.T) {
	for _, omega := range []float64{-0.1, 0, 0.1} {
		for _, tau := range []float64{0.95, 1, 1.1} {
			r, err := Find(selu, omega, tau, nil)
			if err != nil {
				t.Fatal(err)
			}
			if r.Mu < -0.03106 || r.Mu > 0.06773 || r.Nu < 0.80009 || r.Nu > 1.48617 || !r.Contracting || !r.Stable {
				t.Errorf("ω=%g τ=%g: fixed point (%g, %g) norm %g radius %g", omega, tau, r.Mu, r.Nu, r.H.Norm, r.H.Radius)
			}
			m, _ := mapping.Evaluate(selu, r.Mu, r.Nu, omega, tau, mapping.Auto)
			if math.Abs(m.Mean-r.Mu) > 1e-15 || math.Abs(m.Var-r.Nu) > 1e-15*r.Nu {
				t.Errorf("ω=%g τ=%g: g(p) − p = (%g, %g)", omega, tau, m.Mean-r.Mu, m.Var-r.Nu)
			}
		}
	}
}

// TestPyTorchGain: PyTorch's calculate_gain('selu') = 3/4 gives τ = 0.5625;
// the fixed point moves to about (−0.028, 0.027) (issue 8) and attracts
// (spectral radius < 1) although ℋ's norm exceeds 1 (issue 3).
func TestPyTorchGain(t *testing.T) {
	r, err := Find(selu, 0, 0.5625, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Mu+0.028) > 0.001 || math.Abs(r.Nu-0.027) > 0.001 {
		t.Errorf("fixed point (%g, %g)", r.Mu, r.Nu)
	}
	if !r.Stable || r.Contracting || !(r.H.Norm > 1) {
		t.Errorf("radius %g norm %g: want stable and not contracting", r.H.Radius, r.H.Norm)
	}
	steps, reached, err := Orbit(mapping.Map{F: selu, Omega: 0, Tau: 0.5625}, Point{0, 1}, r.Point, 1e-8, 10000, nil)
	if err != nil || !reached || steps < 10 {
		t.Errorf("orbit from (0, 1): %d steps, reached %v, %v", steps, reached, err)
	}
}

func TestNoFixedPoint(t *testing.T) {
	for _, c := range []struct{ omega, tau float64 }{{0.5, 3}, {-0.5, 0.3}} {
		_, err := Find(selu, c.omega, c.tau, nil)
		if !errors.Is(err, ErrNoFixedPoint) {
			t.Errorf("ω=%g τ=%g: err = %v, want ErrNoFixedPoint", c.omega, c.tau, err)
		}
	}
	if _, err := Find(selu, 0, -1, nil); err == nil || errors.Is(err, ErrNoFixedPoint) {
		t.Errorf("τ < 0: err = %v, want an input error", err)
	}
}

func TestOrbitPath(t *testing.T) {
	g := mapping.Map{F: selu, Omega: 0, Tau: 1}
	var path []Point
	steps, reached, err := Orbit(g, Point{0.5, 2}, Point{0, 1}, 1e-6, 1000, &path)
	if err != nil || !reached || len(path) != steps+1 || path[0] != (Point{0.5, 2}) {
		t.Fatalf("steps %d reached %v path %d err %v", steps, reached, len(path), err)
	}
	// ℋ's spectral radius at (0, 1) is 0.78265: the distance shrinks by
	// about that factor per layer.
	if steps < 20 || steps > 80 {
		t.Errorf("%d steps from (0.5, 2) to 1e-6", steps)
	}
}

func TestFindNoAlloc(t *testing.T) {
	allocs := testing.AllocsPerRun(20, func() { Find(selu, 0.1, 1.05, nil) })
	if allocs != 0 {
		t.Errorf("Find allocates %v times", allocs)
	}
}

// BenchmarkFixedPoint: one fixed point (issue 3: ≤ 20 µs, 0 allocs).
func BenchmarkFixedPoint(b *testing.B) {
	for _, c := range []struct {
		name       string
		omega, tau float64
	}{{"theorem1", 0.1, 1.05}, {"pytorch", 0, 0.5625}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Find(selu, c.omega, c.tau, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
