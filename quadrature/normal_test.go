package quadrature

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
)

// halfNormalMoment returns E|Z|^k, Z ~ N(0, 1): (k−1)!! for even k and
// √(2/π)·(k−1)!! for odd k (the half-normal moments).
func halfNormalMoment(k int) float64 {
	m := 1.0
	if k%2 == 1 {
		m = math.Sqrt(2 / math.Pi)
	}
	for j := k - 1; j > 0; j -= 2 {
		m *= float64(j)
	}
	return m
}

// TestHalfNormalExact: the n-point rule integrates u^k exactly for k ≤ 2n−1.
func TestHalfNormalExact(t *testing.T) {
	for _, n := range []int{4, 16, 24, 40} {
		r := HalfNormal(n)
		for k := 0; k <= 2*n-1; k++ {
			var got float64
			for i, x := range r.X {
				got += r.W[i] * math.Pow(x, float64(k))
			}
			want := halfNormalMoment(k)
			// The sum of positive terms is accurate to a few ulps per term.
			if e := math.Abs(got-want) / want; e > 2e-14 {
				t.Errorf("n=%d: E|Z|^%d = %.17g, want %.17g (rel err %.1e)", n, k, got, want, e)
			}
		}
		for i := range r.X {
			if !(r.W[i] > 0) || (i > 0 && !(r.X[i] > r.X[i-1])) || !(r.X[0] > 0) {
				t.Fatalf("n=%d: nodes not positive and increasing or weights not positive", n)
			}
		}
	}
}

// TestHalfNormalKnown checks the 1- and 2-point rules against their closed
// forms: the 1-point node is the mean √(2/π); the 2-point nodes are the roots
// of the monic orthogonal polynomial x² − a x − b built from the first four
// moments (1, c, 1, 2c with c = √(2/π)).
func TestHalfNormalKnown(t *testing.T) {
	c := math.Sqrt(2 / math.Pi)
	r := HalfNormal(1)
	if math.Abs(r.X[0]-c) > 1e-16 || math.Abs(r.W[0]-1) > 1e-16 {
		t.Errorf("1-point rule %v, %v; want node %v weight 1", r.X, r.W, c)
	}
	// p(x) = x² + p1 x + p0 orthogonal to 1 and x: solve
	// [1 c; c 1] [p0 p1]ᵀ = −[1 2c]ᵀ.
	det := 1 - c*c
	p0 := (-1 + 2*c*c) / det
	p1 := (-2*c + c) / det
	disc := math.Sqrt(p1*p1 - 4*p0)
	want := []float64{(-p1 - disc) / 2, (-p1 + disc) / 2}
	r = HalfNormal(2)
	for i := range want {
		if math.Abs(r.X[i]-want[i]) > 4e-16*want[i] {
			t.Errorf("2-point node %d = %.17g, want %.17g", i, r.X[i], want[i])
		}
	}
}

// TestLayoutMoments: for every kind of layout (kink at the mean, near it, far
// in a tail, several kinks, narrow and wide normals) the nodes integrate the
// standard normal's moments E[T^k] = (k−1)!! (k even), 0 (k odd) for k ≤ 6.
func TestLayoutMoments(t *testing.T) {
	cases := []struct {
		m, s   float64
		breaks []float64
		scale  float64
	}{
		{0, 1, nil, math.Inf(1)},
		{0, 1, []float64{0}, 0.5},
		{0.3, 1, []float64{0}, 0.5},
		{-0.3, 1, []float64{0}, 0.5},
		{-5, 1, []float64{0}, 0.5},
		{5, 1, []float64{0}, 0.5},
		{-8, 1, []float64{0}, 0.5},
		{-30, 1, []float64{0}, 0.5},
		{30, 3, []float64{0}, 0.5},
		{0, 100, []float64{0}, 0.5},
		{-30, 100, []float64{0}, 0.5},
		{1e-3, 1e-4, []float64{0}, 0.5},
		{0, 1, []float64{-1, 0.5, 2}, 1},
	}
	for _, c := range cases {
		for k := 0; k <= 6; k++ {
			got := Normal{}.Expectation(func(z float64) float64 {
				return math.Pow((z-c.m)/c.s, float64(k))
			}, c.m, c.s, c.breaks, c.scale)
			want := 0.0
			if k%2 == 0 {
				want = halfNormalMoment(k)
			}
			// (z − m)/s re-rounds the node: allow 1e-14 absolute, and
			// ulp(m)/s more for a narrow normal far from 0.
			tol := 1e-14 + 8*math.Abs(c.m)*1.2e-16/c.s*float64(k)*math.Max(1, want)
			if math.Abs(got-want) > tol {
				t.Errorf("m=%g s=%g breaks=%v: E[T^%d] = %.17g, want %g", c.m, c.s, c.breaks, k, got, want)
			}
		}
	}
}

// expKink is ELU with α = 1: x for x > 0, eˣ − 1 below (a test function
// independent of package mapping).
type expKink struct{}

func (expKink) Value(x float64) float64 {
	if x > 0 {
		return x
	}
	return math.Expm1(x)
}
func (e expKink) Increment(x, h float64) float64 { return e.Value(x+h) - e.Value(x) }
func (expKink) Breakpoints() []float64           { return zeroBreak }

var zeroBreak = []float64{0}

func (expKink) Scale() float64 { return 0.5 }

// TestMomentsELU checks Moments on ELU(α = 1) against the closed form of its
// mean, which follows from E[e^Z; Z ≤ 0] = e^{m + s²/2}Φ(−(m + s²)/s) and
// E[Z; Z > 0] = mΦ(m/s) + sφ(m/s) (truncated-normal moments).
func TestMomentsELU(t *testing.T) {
	for _, c := range []struct{ m, s float64 }{{0, 1}, {0.5, 0.3}, {-1, 2}, {2, 0.5}} {
		Phi := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
		phi := func(x float64) float64 { return math.Exp(-x*x/2) / math.Sqrt(2*math.Pi) }
		want := c.m*Phi(c.m/c.s) + c.s*phi(c.m/c.s) +
			math.Exp(c.m+c.s*c.s/2)*Phi(-(c.m+c.s*c.s)/c.s) - Phi(-c.m/c.s)
		got, v := Normal{}.Moments(expKink{}, c.m, c.s)
		if math.Abs(got-want) > 1e-14 || !(v > 0) {
			t.Errorf("m=%g s=%g: mean %.17g, want %.17g; variance %g", c.m, c.s, got, want, v)
		}
		_, _, em, ev := Normal{}.MomentsError(expKink{}, c.m, c.s)
		if em > 1e-12 || ev > 1e-12 {
			t.Errorf("m=%g s=%g: error estimates %g, %g too large for a smooth case", c.m, c.s, em, ev)
		}
	}
}

// TestMomentsNoAlloc: Moments allocates nothing.
func TestMomentsNoAlloc(t *testing.T) {
	var f Function = expKink{}
	allocs := testing.AllocsPerRun(100, func() { Normal{}.Moments(f, 0.1, 1) })
	if allocs != 0 {
		t.Errorf("Moments allocates %v times per call", allocs)
	}
}

func TestNodeCounts(t *testing.T) {
	for _, c := range []struct{ m, s float64 }{{0, 1}, {0.01, 1.05}, {-30, 1}, {0, 100}, {-5, 1e-4}} {
		t.Logf("m=%g s=%g: %d nodes", c.m, c.s, nodes(c.m, c.s, []float64{0}, 0.5))
	}
}

func BenchmarkMoments(b *testing.B) {
	var f Function = expKink{}
	for _, c := range []struct{ m, s float64 }{{0.01, 1.05}, {-30, 1}} {
		b.Run(fmt.Sprintf("m=%g,s=%g", c.m, c.s), func(b *testing.B) {
			var sink float64
			for b.Loop() {
				m, _ := Normal{}.Moments(f, c.m, c.s)
				sink += m
			}
			_ = sink
		})
	}
}

// TestGaussHermiteAcrossKink documents why the line is split: Gauss–Hermite
// over the whole line (gonum's quad.Hermite, weight e^{−x²}) converges only
// algebraically across ELU's kink. The exact mean at m = 0, s = 1 is
// φ(0) + e^{1/2}Φ(−1) − ½ (truncated-normal moments).
func TestGaussHermiteAcrossKink(t *testing.T) {
	Phi := func(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }
	want := 1/math.Sqrt(2*math.Pi) + math.Exp(0.5)*Phi(-1) - 0.5
	f := expKink{}
	for _, n := range []int{20, 100, 300} {
		x, w := make([]float64, n), make([]float64, n)
		quad.Hermite{}.FixedLocations(x, w, math.Inf(-1), math.Inf(1))
		var got float64
		for i := range x {
			got += w[i] * f.Value(math.Sqrt2*x[i]) / math.Sqrt(math.Pi)
		}
		e := math.Abs(got - want)
		t.Logf("Gauss–Hermite, %d nodes: error %.1e", n, e)
		if e < 1e-8 {
			t.Errorf("Gauss–Hermite with %d nodes is accurate to %.1e across the kink; the split is no longer needed?", n, e)
		}
	}
	got, _ := Normal{}.Moments(f, 0, 1)
	t.Logf("split rules, %d nodes: error %.1e", nodes(0, 1, zeroBreak, 0.5), math.Abs(got-want))
	if math.Abs(got-want) > 1e-15 {
		t.Errorf("Moments error %.1e", math.Abs(got-want))
	}
}
