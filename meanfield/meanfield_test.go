package meanfield

import (
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// TestChi1PaperFixedPoint: at the paper's fixed point (α01, λ01, ω = 0,
// τ = 1, μ = 0, ν = 1), χ₁ = λ²(½ + α²e²Φ(−2)) (E[f′²] split at the kink:
// λ²P(z > 0) + λ²α²E[e^{2z}; z ≤ 0] with E[e^{2z}; z ≤ 0] = e²Φ(−2)).
// Φ(−2) = ½erfc(√2) = 0.022750131948179207200282637166533437 (A&S 26.2,
// to 36 digits by mpmath.ncdf(-2)).
func TestChi1PaperFixedPoint(t *testing.T) {
	const phiMinus2 = 0.022750131948179207200282637166533437
	a, l := mapping.Alpha01, mapping.Lambda01
	want := l * l * (0.5 + a*a*math.E*math.E*phiMinus2)
	b, err := BackwardAt(mapping.StandardSELU, 0, 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if e := math.Abs(b.Chi1-want) / want; e > 4e-16 {
		t.Errorf("chi1 = %.17g, want %.17g (error %.2g)", b.Chi1, want, e)
	}
	// The 1.07157… (bioinf-jku's α01, λ01; issue #14).
	if math.Abs(b.Chi1-1.07157) > 5e-6 {
		t.Errorf("chi1 = %v, want 1.07157…", b.Chi1)
	}
}

// TestReLUArcCosine holds the ReLU correlation map against the arc-cosine
// kernel (Cho & Saul 2009, eq. 6 with n = 1): for z₁, z₂ ~ N(0, 1) with
// correlation c, E[relu(z₁)relu(z₂)] = (√(1 − c²) + (π − arccos c)·c)/(2π).
func TestReLUArcCosine(t *testing.T) {
	m, err := NewMap(mapping.ReLU{}, 0, 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []float64{-0.999999, -0.9, -0.5, -0.1, 0.1, 0.3, 0.5, 0.9, 0.99, 0.999999} {
		v, err := m.At(c)
		if err != nil {
			t.Fatal(err)
		}
		want := (math.Sqrt(1-c*c) + (math.Pi-math.Acos(c))*c) / (2 * math.Pi)
		// Relative to E[relu(z)²] = ½; acos and the formula round to a few ε.
		if e := math.Abs(v.Product-want) / 0.5; e > 1e-14 {
			t.Errorf("c = %v: E[relu relu] = %.17g, want %.17g (error %.2g)", c, v.Product, want, e)
		}
	}
}

// TestEndpoints: c̃(1) = 1 and c̃(0) = 0 exactly; c̃(c) is continuous at
// both (the rule's grading towards the smoothed kink).
func TestEndpoints(t *testing.T) {
	for _, f := range []mapping.Activation{mapping.StandardSELU, mapping.ReLU{}, mapping.ELU{Alpha: 1}, mapping.Tanh{}} {
		m, err := NewMap(f, 0.3, 1.5, 1, 0.9)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []float64{0, 1} {
			v, _ := m.At(c)
			if v.Centred != c {
				t.Errorf("%s: c~(%v) = %v", f.Name(), c, v.Centred)
			}
		}
		s1, _ := m.Slope(1)
		for _, d := range []float64{1e-6, 1e-9, 1e-12} {
			v, _ := m.At(1 - d)
			// c̃(1 − d) = 1 − slope·d + O(d^{3/2}) (the kink's √(1 − c)
			// term; the arc-cosine kernel shows it for ReLU), and c̃ is
			// rounded to a few 1e-16 (tanh, integrated twice, to 5e-14).
			if got := (1 - v.Centred) / d; math.Abs(got-s1) > 10*math.Sqrt(d)*s1+5e-14/d {
				t.Errorf("%s: (1 - c~(1-%g))/%g = %v, slope at 1 = %v", f.Name(), d, d, got, s1)
			}
		}
		v, _ := m.At(1e-8)
		s0, _ := m.Slope(0)
		if got := v.Centred / 1e-8; math.Abs(got-s0) > 1e-6 {
			t.Errorf("%s: c~(1e-8)/1e-8 = %v, slope at 0 = %v", f.Name(), got, s0)
		}
	}
}

// TestPoincare: at a fixed point of g, χ₁ ≥ 1 (the Gaussian Poincaré
// inequality Var f(z) ≤ Var z·E[f′(z)²] with ν̃ = ν), so the centred
// correlation map is never ordered there.
func TestPoincare(t *testing.T) {
	for _, w := range [][2]float64{{0, 1}, {0, 0.5625}, {0.1, 1.1}, {-0.1, 0.95}, {0, 1.25}, {0, 0.8}} {
		fp, err := fixedpoint.Find(mapping.StandardSELU, w[0], w[1], nil)
		if err != nil {
			t.Fatal(err)
		}
		b, err := BackwardAt(mapping.StandardSELU, fp.Mu, fp.Nu, w[0], w[1])
		if err != nil {
			t.Fatal(err)
		}
		if b.Chi1 < 1 {
			t.Errorf("(omega, tau) = %v: chi1 = %v < 1 at the fixed point", w, b.Chi1)
		}
		m, err := NewMap(mapping.StandardSELU, fp.Mu, fp.Nu, w[0], w[1])
		if err != nil {
			t.Fatal(err)
		}
		an, err := m.Analyze()
		if err != nil {
			t.Fatal(err)
		}
		if an.Phase != Chaotic || len(an.FixedPoints) != 2 {
			t.Errorf("(omega, tau) = %v: phase %v, fixed points %+v", w, an.Phase, an.FixedPoints)
		}
		// slope at 1 = χ₁ at the fixed point (ν̃ = ν to the fixed point's tolerance).
		if math.Abs(an.Slope1-b.Chi1) > 1e-12*b.Chi1 {
			t.Errorf("(omega, tau) = %v: slope at 1 %v, chi1 %v", w, an.Slope1, b.Chi1)
		}
	}
}

// TestErrors: inputs outside the domain are errors, never NaN.
func TestErrors(t *testing.T) {
	if _, err := NewMap(mapping.ReLU{}, -30, 1e-8, 1, 1); err == nil {
		t.Error("ReLU far below the kink: want ErrDegenerate")
	}
	m, _ := NewMap(mapping.StandardSELU, 0, 1, 0, 1)
	for _, c := range []float64{math.NaN(), 1.0000000000000002, -2, math.Inf(1)} {
		if _, err := m.At(c); err == nil {
			t.Errorf("c = %v: no error", c)
		}
	}
	if _, err := BackwardAt(mapping.StandardSELU, 0, -1, 0, 1); err == nil {
		t.Error("nu = -1: no error")
	}
}
