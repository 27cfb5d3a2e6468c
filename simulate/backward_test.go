package simulate

import (
	"math"
	"os"
	"reflect"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/meanfield"
)

// TestBackwardFiniteDifferences holds the backward pass to central
// differences of L(x) = Σ δ_out·a_D(x), with a_D computed by plain loops
// from the same weights: the gradient with respect to the inputs must be
// ∂L/∂x. Tolerance: the stored derivatives are float32 (relative rounding
// 6e-8 per layer), the differences with h = 1e-6 err by h²·|L‴| and
// ε·|L|/h (about 1e-10 here); 1e-6 of the largest entry covers both.
func TestBackwardFiniteDifferences(t *testing.T) {
	const D, W, S = 3, 5, 2
	var x0, dOut, dIn []float64
	var ws []*mat.Dense
	testHook = func(x []float64, weights []*mat.Dense, out, in []float64) {
		x0, ws, dOut, dIn = append([]float64(nil), x...), weights, out, in
	}
	defer func() { testHook = nil }()
	if _, err := Run(Network{Depth: D, Width: W, Init: "lecun-normal", Samples: S, Nu0: 1, Seed: 3, C0: 0.5}); err != nil {
		t.Fatal(err)
	}
	f := mapping.StandardSELU
	loss := func(x []float64) float64 {
		var sum float64
		for s := range S {
			a := append([]float64(nil), x[s*W:(s+1)*W]...)
			for _, w := range ws {
				next := make([]float64, W)
				for j := range W {
					var z float64
					for i := range W {
						z += w.At(j, i) * a[i]
					}
					next[j] = f.Value(z)
				}
				a = next
			}
			for j := range W {
				sum += dOut[s*W+j] * a[j]
			}
		}
		return sum
	}
	var big float64
	for _, v := range dIn {
		big = math.Max(big, math.Abs(v))
	}
	const h = 1e-6
	for i := range x0 {
		xp := append([]float64(nil), x0...)
		xm := append([]float64(nil), x0...)
		xp[i] += h
		xm[i] -= h
		fd := (loss(xp) - loss(xm)) / (2 * h)
		if math.Abs(fd-dIn[i]) > 1e-6*big {
			t.Errorf("input %d: backward %.10g, finite difference %.10g", i, dIn[i], fd)
		}
	}
}

// gradTol is the derived tolerance of |grad/theory − 1| for LeCun-like
// weights: the finite-width error of χ₁ iterated is of order depth/width (a
// unit's backpropagated signal f′⊙δ is correlated with the very weights it
// goes back through, which gradient independence ignores; orthogonal
// weights, for which ‖Wᵀu‖ = ‖u‖ for every u, nearly remove it). Measured
// over 40 seeds at each of (D, W, S) = (8, 128, 256), (16, 128, 256),
// (32, 128, 256), (16, 256, 256), (16, 128, 1024) and (32, 256, 64): median
// 0.72 to 0.97·D/W, largest 2.17·D/W (TestFiniteWidthSurvey). The sampling
// error of a second moment from S·W entries, √(2/(S·W)) (0.0039 at
// S = 256, W = 512), is far smaller, and quadrupling S does not shrink the
// error.
func gradTol(depth, width int) float64 { return 2.5 * float64(depth) / float64(width) }

// corrTol is the tolerance of |corr − theory|, 3·√(D/(S·W)): a correlation
// estimated from S·W pairs is off by (1 − c²)/√(S·W) ≤ 1/√(S·W), and the
// error of one layer is carried on by the next ones (the map's slope is
// near 1), so that after D layers it has added up like a random walk to
// about √(D/(S·W)). Measured (TestFiniteWidthSurvey): the largest over 40
// seeds is 1.9 to 2.2·√(D/(S·W)) at each of the six sizes, 1.7 over 20 seeds
// at 32×512 (0.027); at 32×512 with S = 256 the tolerance, 0.047, is below
// the forward mean's 0.05.
func corrTol(depth, samples, width int) float64 {
	return 3 * math.Sqrt(float64(depth)/(float64(samples)*float64(width)))
}

// TestBackwardAndCorrelation: LeCun-normal networks near the paper's fixed
// point, seeds 1 to 8, within gradTol and corrTol; and the physics. χ₁ = 1.07157…
// at α01, λ01, ω = 0, τ = 1 (issue #14; meanfield's TestChi1PaperFixedPoint
// holds it to λ²(½ + α²e²Φ(−2))). A layer's realised ω is N(0, 1/W) (±0.09
// at W = 128) and its τ scatters by √(2)/W, which move g's fixed point and
// χ₁ with it: measured, every layer's χ₁ within 2.4% of 1.0716 and their
// product over 16 layers within 3.5% of 1.07157^16 (seeds 1 to 8); the test
// asks 3% and 5%. The gradient grows towards the inputs; the correlation
// decays from c₀ = 0.5 (the centred map's slope at 0 is 0.97).
func TestBackwardAndCorrelation(t *testing.T) {
	const D, W = 16, 128
	tol := gradTol(D, W)
	for seed := uint64(1); seed <= 8; seed++ {
		r, err := Run(Network{Depth: D, Width: W, Init: "lecun-normal", Samples: 256, Nu0: 1, Seed: seed, C0: 0.5})
		if err != nil {
			t.Fatal(err)
		}
		e := r.MaxErrors()
		if ct := corrTol(D, 256, W); e.Grad > tol || e.Corr > ct {
			t.Errorf("seed %d: |grad/theory - 1| = %.3g (tolerance %.3g), |corr - theory| = %.3g (tolerance %.3g)", seed, e.Grad, tol, e.Corr, ct)
		}
		for _, L := range r.Layers {
			if math.Abs(L.Chi1/1.07157-1) > 0.03 {
				t.Errorf("seed %d layer %d: chi1 = %v, want 1.0716 within 3%%", seed, L.Layer, L.Chi1)
			}
		}
		if p := r.TheoryInputGrad / math.Pow(1.07157, D); math.Abs(p-1) > 0.05 {
			t.Errorf("seed %d: product of chi1 over %d layers %v, want 1.07157^%d within 5%%", seed, D, r.TheoryInputGrad, D)
		}
		if low := math.Pow(1.07157, D) * (1 - tol); r.InputGrad < low || r.Layers[0].Grad < r.Layers[D-1].Grad {
			t.Errorf("seed %d: input grad %v (want >= %v), layer 1 %v, layer %d %v: not growing towards the inputs", seed, r.InputGrad, low, r.Layers[0].Grad, D, r.Layers[D-1].Grad)
		}
		if last := r.Layers[D-1]; last.TheoryCorr > 0.45 || last.Corr > 0.45+corrTol(D, 256, W) {
			t.Errorf("seed %d: correlation at layer %d %v (theory %v), want decayed below 0.45 from 0.5", seed, D, last.Corr, last.TheoryCorr)
		}
	}
}

// TestBackwardOtherNetworks: dropout (χ₁ times a²q ≈ 0.82: the gradient
// shrinks), PyTorch's gain and μ₀ = 0.5 (the units' spread of ω matters:
// the "+spread" theory holds, the plain one misses), orthogonal weights
// (the finite-width error nearly vanishes), and c₀ = 1, −1.
func TestBackwardOtherNetworks(t *testing.T) {
	run := func(n Network) Errors {
		t.Helper()
		if n.Init == "" {
			n.Init = "lecun-normal"
		}
		n.Samples, n.Seed = 256, 1
		if n.Nu0 == 0 {
			n.Nu0 = 1
		}
		r, err := Run(n)
		if err != nil {
			t.Fatal(err)
		}
		return r.MaxErrors()
	}
	if e := run(Network{Depth: 12, Width: 128, Dropout: 0.1, C0: 0.5}); e.Grad > gradTol(12, 128) || e.Corr > corrTol(12, 256, 128) {
		t.Errorf("dropout 0.1: %+v", e)
	}
	// Measured: +spread 0.038 (grad), 0.017 (corr); plain 0.198, 0.197.
	e := run(Network{Depth: 24, Width: 512, Init: "pytorch-selu", C0: 0.5})
	if e.SpreadGrad > gradTol(24, 512) || e.SpreadCorr > corrTol(24, 256, 512) || e.Grad < 2*e.SpreadGrad || e.Corr < 2*e.SpreadCorr {
		t.Errorf("pytorch-selu: %+v: want +spread within tolerance and the plain theory clearly worse", e)
	}
	if e := run(Network{Depth: 12, Width: 512, Mu0: 0.5, Nu0: 2, C0: 0.5}); e.SpreadGrad > gradTol(12, 512) || e.SpreadCorr > corrTol(12, 256, 512) {
		t.Errorf("mu0 = 0.5: %+v", e)
	}
	// Orthogonal: measured 0.0059 at 8×128, against 0.05 typical for LeCun
	// normal there.
	if e := run(Network{Depth: 8, Width: 128, Init: "orthogonal", C0: 0.5}); e.Grad > 0.1*gradTol(8, 128) || e.Corr > corrTol(8, 256, 128) {
		t.Errorf("orthogonal: %+v", e)
	}
	// c₀ = 1: the partner is the input, so both correlations are 1 exactly
	// at every layer.
	if e := run(Network{Depth: 8, Width: 64, C0: 1}); e.Corr != 0 {
		t.Errorf("c0 = 1: |corr - theory| = %v, want 0", e.Corr)
	}
	if e := run(Network{Depth: 8, Width: 128, C0: -1}); e.Corr > corrTol(8, 256, 128) {
		t.Errorf("c0 = -1: %+v", e)
	}
}

// TestBackwardDeep: 1000 layers with dropout 0.5, where χ₁ is multiplied by
// a²q = 1/(1 + α′²(1 − q)) = 0.39 (α′ = −λα = −1.758, q = 0.5), so the
// gradient's second moment falls by about 0.42 per layer (e^−870 in all,
// below float64's smallest number): the rescaled backward pass keeps every
// logarithm finite and no NaN appears. (At W = 8 a sample's gradient is
// exactly 0 from the first layer that drops all 8 of its units, probability
// 1/256 per layer; at W = 32 that is 2.3e-10.)
func TestBackwardDeep(t *testing.T) {
	r, err := Run(Network{Depth: 1000, Width: 32, Init: "lecun-normal", Samples: 4, Nu0: 1, Seed: 1, C0: 0.5, Dropout: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if !(r.TheoryInputLnGrad < -700) || math.IsInf(r.InputLnGrad, 0) || math.IsNaN(r.InputLnGrad) {
		t.Errorf("ln grad at the input %v, theory %v: want finite, theory below -700", r.InputLnGrad, r.TheoryInputLnGrad)
	}
	e := r.MaxErrors()
	for _, v := range []float64{e.Grad, e.Corr, e.SpreadGrad, e.SpreadCorr, r.InputGrad, r.TheoryInputGrad} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("not finite: %+v, input grad %v, theory %v", e, r.InputGrad, r.TheoryInputGrad)
		}
	}
}

// TestRunCores: the same result with 1, 2 and 4 workers (gonum's product
// is parallel over 64×64 blocks: 2×2 of them here).
func TestRunCores(t *testing.T) {
	n := Network{Depth: 3, Width: 128, Init: "lecun-normal", Samples: 128, Nu0: 1, Seed: 5, C0: 0.3, Dropout: 0.05}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var first Result
	for i, p := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(p)
		r, err := Run(n)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = r
		} else if !reflect.DeepEqual(r, first) {
			t.Errorf("GOMAXPROCS %d: a different result than with 1", p)
		}
	}
}

// TestForwardUnchanged: the partners and the output gradient have their own
// random streams, so the forward measurement does not depend on c₀.
func TestForwardUnchanged(t *testing.T) {
	n := Network{Depth: 4, Width: 32, Init: "lecun-normal", Samples: 16, Nu0: 1, Seed: 2, Dropout: 0.1, C0: 0.5}
	a, err := Run(n)
	if err != nil {
		t.Fatal(err)
	}
	n.C0 = -0.3
	b, _ := Run(n)
	for i := range a.Layers {
		la, lb := a.Layers[i], b.Layers[i]
		if la.Mean != lb.Mean || la.Var != lb.Var || la.Omega != lb.Omega || la.Grad != lb.Grad || la.Corr == lb.Corr {
			t.Errorf("layer %d: the forward pass or the gradient changed with c0, or the correlation did not", i+1)
		}
	}
}

// TestRunAllocs: no allocation per sample or per entry: a run allocates as
// often with 64 samples as with 8 (per layer: the weights, g and the
// correlation map; W = 16 keeps gonum's product serial).
func TestRunAllocs(t *testing.T) {
	count := func(s int) float64 {
		n := Network{Depth: 3, Width: 16, Init: "lecun-normal", Samples: s, Nu0: 1, Seed: 1, C0: 0.5, Dropout: 0.1}
		return testing.AllocsPerRun(3, func() {
			if _, err := Run(n); err != nil {
				t.Fatal(err)
			}
		})
	}
	if a, b := count(8), count(64); a != b {
		t.Errorf("%v allocations with 8 samples, %v with 64", a, b)
	}
}

func TestPairCorr(t *testing.T) {
	for _, c := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 2, 3}, []float64{1, 2, 3}, 1},
		{[]float64{1, 2, 3}, []float64{3, 2, 1}, -1},
		// m = 5/4; Σ(a−m)(b−m) = (−5/4)(−1/4) + (3/4)(3/4) = 7/8,
		// ½Σ((a−m)² + (b−m)²) = ½(25 + 9 + 1 + 9)/16 = 11/8: 7/11.
		{[]float64{0, 2}, []float64{1, 2}, 7.0 / 11},
	} {
		if got := pairCorr(c.a, c.b); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("pairCorr(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	if !math.IsNaN(pairCorr([]float64{2, 2}, []float64{2, 2})) {
		t.Error("constant data: want NaN")
	}
}

// TestFiniteWidthSurvey measures the errors behind gradTol and corrTol over
// 40 seeds at six sizes (about 2 minutes; SNN_SIMULATE_SURVEY=1 runs it)
// and fails if any run is outside them.
func TestFiniteWidthSurvey(t *testing.T) {
	if os.Getenv("SNN_SIMULATE_SURVEY") != "1" {
		t.Skip("SNN_SIMULATE_SURVEY=1 runs it")
	}
	for _, c := range [][3]int{{8, 128, 256}, {16, 128, 256}, {32, 128, 256}, {16, 256, 256}, {16, 128, 1024}, {32, 256, 64}} {
		var g, cr []float64
		for seed := uint64(1); seed <= 40; seed++ {
			r, err := Run(Network{Depth: c[0], Width: c[1], Init: "lecun-normal", Samples: c[2], Nu0: 1, Seed: seed, C0: 0.5})
			if err != nil {
				t.Fatal(err)
			}
			e := r.MaxErrors()
			g, cr = append(g, e.Grad), append(cr, e.Corr)
		}
		gm, cm := maxOf(g), maxOf(cr)
		b := float64(c[0]) / float64(c[1])
		t.Logf("D=%d W=%d S=%d: largest |grad/theory - 1| = %.3g = %.2f D/W, largest |corr - theory| = %.3g = %.2f sqrt(D/(S W))",
			c[0], c[1], c[2], gm, gm/b, cm, cm/(corrTol(c[0], c[2], c[1])/3))
		if gm > gradTol(c[0], c[1]) || cm > corrTol(c[0], c[2], c[1]) {
			t.Errorf("D=%d W=%d S=%d: outside the tolerances", c[0], c[1], c[2])
		}
	}
}

func maxOf(v []float64) float64 {
	m := math.Inf(-1)
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

// TestLinearNearZero holds meanfield's c̃ near c = 0 to Mehler's bound
// |c̃(c) − c̃′(0)·c| ≤ (1 − c̃′(0))·c² (an expansion with non-negative
// coefficients summing to 1), and checks that pairTheory returns that c̃.
func TestLinearNearZero(t *testing.T) {
	f := mapping.StandardSELU
	for _, p := range [][4]float64{{0, 1, 0, 1}, {0.3, 1.5, 0.2, 0.9}, {-0.03, 0.027, 0, 0.5625}} {
		m, err := meanfield.NewMap(f, p[0], p[1], p[2], p[3])
		if err != nil {
			t.Fatal(err)
		}
		s0, _ := m.Slope(0)
		for _, c := range []float64{-0.05, -1e-3, 1e-4, 1e-3, 5e-3, 0.05} {
			v, err := m.At(c)
			if err != nil {
				t.Fatal(err)
			}
			if d := math.Abs(v.Centred - s0*c); d > (1-s0)*c*c+1e-15 {
				t.Errorf("%v, c = %v: |c~ - slope*c| = %.3g > (1 - slope)c^2 = %.3g", p, c, d, (1-s0)*c*c)
			}
			got, _, err := pairTheory(f, nil, p[0], p[1], p[2], p[3], c)
			if err != nil {
				t.Fatal(err)
			}
			if got != v.Centred {
				t.Errorf("%v, c = %v: pairTheory %v, c~ %v", p, c, got, v.Centred)
			}
		}
	}
}
