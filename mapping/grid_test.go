package mapping

import (
	"math"
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
	// The rows are row polynomials here: within the closed form's rounding
	// (TestGridRowInterpolant).
	if c := ref[5*len(mus)+3]; math.Abs(c.Mean-m.Mean) > 5e-15*math.Sqrt(m.Var) || math.Abs(c.Second-m.Second) > 5e-15*m.Second {
		t.Errorf("grid cell %+v differs from Apply %+v", c, m)
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

// TestGridRowInterpolant: rows long enough for a row polynomial give the
// closed form's moments to 5e-15 of their scales (μ̃ relative to
// max(|μ̃|, √ν̃), ξ̃ relative), the closed form's own rounding (at the two
// cells where they differed most, 2.1e-15 and 3.2e-15, mpmath at 40 digits
// put the polynomial within 3e-16 and the closed form 2e-15 and 3.5e-15 of
// the truth; TestRowReference compares with mpmath), on windows from narrow to wide (where rows fall back to
// evaluating each cell), for several α, λ, ω, τ; and the grid is the same
// for 1 and 3 workers.
func TestGridRowInterpolant(t *testing.T) {
	cases := []struct {
		f            SELU
		omega, tau   float64
		mu, nu       [2]float64
		n            int
		interpolated bool // at least one row
	}{
		{StandardSELU, 0.5, 1, [2]float64{-1, 1}, [2]float64{0.5, 2}, 200, true},
		{StandardSELU, 0.1, 1.2, [2]float64{-3, 3}, [2]float64{0.01, 4}, 150, true},
		{StandardSELU, 1, 1, [2]float64{-10, 10}, [2]float64{0.01, 50}, 120, false},
		{SELU{Alpha: 0.5, Lambda: 2}, -0.7, 0.8, [2]float64{-2, 1}, [2]float64{0.2, 5}, 101, false},
		{SELU{Alpha: 0.5, Lambda: 2}, -0.2, 0.8, [2]float64{-1, 1}, [2]float64{0.5, 5}, 101, true},
		{SELU{Alpha: 4, Lambda: 0.7}, 2, 1.5, [2]float64{-1, 1}, [2]float64{1e-3, 1}, 90, false},
	}
	for _, c := range cases {
		g := Map{F: c.f, Omega: c.omega, Tau: c.tau, Method: ClosedForm}
		mus, nus := linspace(c.mu[0], c.mu[1], c.n), linspace(c.nu[0], c.nu[1], 40)
		out := make([]Moments, len(mus)*len(nus))
		if err := g.Grid(mus, nus, 1, out); err != nil {
			t.Fatal(err)
		}
		other := make([]Moments, len(out))
		if err := g.Grid(mus, nus, 3, other); err != nil {
			t.Fatal(err)
		}
		rows := 0
		worst := 0.0
		for i, nu := range nus {
			x := nu * c.tau
			v := NewVariance(x)
			var ri rowInterp
			var ct cfTerms
			if c.f.rowInterpolant(c.mu[0]*c.omega, c.mu[1]*c.omega, len(mus), &v, &ct, &ri) || c.f.rowInterpolant(c.mu[1]*c.omega, c.mu[0]*c.omega, len(mus), &v, &ct, &ri) {
				rows++
			}
			for j, mu := range mus {
				k := i*len(mus) + j
				if out[k] != other[k] {
					t.Fatalf("%+v: cell (%v, %v) differs between 1 and 3 workers", c, mu, nu)
				}
				want, err := g.Apply(mu, nu)
				if err != nil {
					t.Fatal(err)
				}
				got := out[k]
				sm := math.Max(math.Abs(want.Mean), math.Sqrt(want.Var))
				e := math.Max(math.Abs(got.Mean-want.Mean)/sm, math.Abs(got.Second-want.Second)/want.Second)
				worst = math.Max(worst, e)
				if e > 5e-15 || got.Var < 0 {
					t.Fatalf("%+v: cell (%v, %v): %+v, closed form %+v (%.2g)", c, mu, nu, got, want, e)
				}
			}
		}
		t.Logf("omega %v: %d of %d rows interpolated, worst %.2g", c.omega, rows, len(nus), worst)
		if c.interpolated != (rows > 0) {
			t.Errorf("%+v: %d rows interpolated", c, rows)
		}
	}
}

// TestRowReference: the row polynomial against testdata/moments.csv (mpmath
// at 60 digits by direct integration): each SELU row where the closed form
// is accurate, inside a row of half-width 0.3·√x about a centre 0.1·√x away,
// within 1e-15 (μ̃ relative to max(|μ̃|, √ν̃), ξ̃ relative).
func TestRowReference(t *testing.T) {
	tested := 0
	for _, p := range readMoments(t) {
		f, ok := p.f.(SELU)
		if !ok {
			continue
		}
		y, x := p.mu*p.omega, p.nu*p.tau
		if _, e := f.ClosedForm(y, x); worst(e) > AutoTolerance {
			continue
		}
		v := NewVariance(x)
		c := y + 0.1*v.s
		var r rowInterp
		var ct cfTerms
		if !f.rowInterpolant(c-0.3*v.s, c+0.3*v.s, 200, &v, &ct, &r) {
			continue
		}
		tested++
		var ys [4]float64
		var ms [4]Moments
		ys[0] = y
		r.at4(&ys, &ms)
		got := ms[0]
		want := p.want
		sm := math.Max(math.Abs(want.Mean), math.Sqrt(want.Var))
		if d := math.Abs(got.Mean-want.Mean) / sm; d > 1e-15 {
			t.Errorf("%v: mu~ %.17g, reference %.17g (%.2g)", p, got.Mean, want.Mean, d)
		}
		if d := math.Abs(got.Second-want.Second) / want.Second; d > 1e-15 {
			t.Errorf("%v: xi~ %.17g, reference %.17g (%.2g)", p, got.Second, want.Second, d)
		}
	}
	if tested < 30 {
		t.Errorf("only %d reference points tested", tested)
	}
	t.Logf("%d reference points", tested)
}
