package mapping

import (
	"testing"
)

func linspace(a, b float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = a + (b-a)*float64(i)/float64(n-1)
	}
	return v
}

// TestGridDeterministic: the grid does not depend on the number of workers,
// and each cell equals a single evaluation.
func TestGridDeterministic(t *testing.T) {
	g := Map{F: StandardSELU, Omega: 0.07, Tau: 1.1, Method: ClosedForm}
	mus, nus := linspace(-0.5, 0.5, 31), linspace(0.5, 2, 17)
	ref := make([]Moments, len(mus)*len(nus))
	if err := g.Grid(mus, nus, 1, ref); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 3, 8} {
		out := make([]Moments, len(ref))
		if err := g.Grid(mus, nus, w, out); err != nil {
			t.Fatal(err)
		}
		for k := range out {
			if out[k] != ref[k] {
				t.Fatalf("workers=%d: cell %d differs", w, k)
			}
		}
	}
	m, err := g.Apply(mus[3], nus[5])
	if err != nil {
		t.Fatal(err)
	}
	if m != ref[5*len(mus)+3] {
		t.Errorf("grid cell %+v differs from Apply %+v", ref[5*len(mus)+3], m)
	}
	if err := g.Grid(mus, []float64{1, -1}, 0, make([]Moments, 2*len(mus))); err == nil {
		t.Error("negative nu in the grid: no error")
	}
}

// TestGridOmegaZero: at ω = 0 a row is evaluated once, and every cell still
// equals its own evaluation (μ < 0 gives μω = −0, the others +0), for both
// the closed form and the default evaluator.
func TestGridOmegaZero(t *testing.T) {
	for _, method := range []Method{ClosedForm, Auto} {
		g := Map{F: StandardSELU, Omega: 0, Tau: 1.3, Method: method}
		mus, nus := linspace(-0.5, 0.5, 9), linspace(0.05, 3, 7)
		out := make([]Moments, len(mus)*len(nus))
		if err := g.Grid(mus, nus, 0, out); err != nil {
			t.Fatal(err)
		}
		for i, nu := range nus {
			for j, mu := range mus {
				m, err := g.Apply(mu, nu)
				if err != nil {
					t.Fatal(err)
				}
				if out[i*len(mus)+j] != m {
					t.Errorf("%v: cell (%v, %v) = %+v, Apply %+v", method, mu, nu, out[i*len(mus)+j], m)
				}
			}
		}
	}
}

// BenchmarkGrid200 is g on the 200×200 grid μ ∈ [−0.5, 0.5], ν ∈ [0.5, 2] at
// ω = 0, τ = 1 with the closed form, on all cores (issue 2).
func BenchmarkGrid200(b *testing.B) {
	g := Map{F: StandardSELU, Omega: 0, Tau: 1, Method: ClosedForm}
	mus, nus := linspace(-0.5, 0.5, 200), linspace(0.5, 2, 200)
	out := make([]Moments, len(mus)*len(nus))
	for b.Loop() {
		if err := g.Grid(mus, nus, 0, out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGrid200Omega is g on the 200×200 grid μ ∈ [−1, 1], ν ∈ [0.5, 2]
// at ω = 0.5, τ = 1 with the closed form, on all cores: 40,000 distinct net
// inputs, no shortcut from ω = 0 (issue 17).
func BenchmarkGrid200Omega(b *testing.B) {
	g := Map{F: StandardSELU, Omega: 0.5, Tau: 1, Method: ClosedForm}
	mus, nus := linspace(-1, 1, 200), linspace(0.5, 2, 200)
	out := make([]Moments, len(mus)*len(nus))
	for b.Loop() {
		if err := g.Grid(mus, nus, 0, out); err != nil {
			b.Fatal(err)
		}
	}
}
