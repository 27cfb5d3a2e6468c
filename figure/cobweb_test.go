package figure

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

// TestCobwebFixedPoint: at ω = 0 the curve's crossing with the diagonal is
// g's fixed point ν* and its slope ∂ν̃/∂ν is ℋ₂₂ there, against
// testdata/fixedpoints.csv (mpmath findroot on the integrals, 25 digits,
// float64 α01, λ01; rows 0, 18, 19, 21, 22).
func TestCobwebFixedPoint(t *testing.T) {
	for _, c := range []struct {
		tau, nu, slope float64
	}{
		{1, 0.9999999999999993882253058, 0.7826478831968128707496449},
		{0.5625, 0.02676432940205228094071899, 0.9405930916033023489584983},
		{0.8, 0.4107096831560318612037165, 0.8204272446168332924506446},
		{1.25, 2.178855643166540568560817, 0.777470079544234744042146},
		{2, 18.45990082076791289228071, 0.8761655587124138337041109},
	} {
		_, d, err := cobweb(CobwebOptions{Map: mapping.Map{Tau: c.tau}, Nu: [2]float64{0.001, 30}})
		if err != nil {
			t.Fatal(err)
		}
		if len(d.fixed) != 1 {
			t.Fatalf("τ = %g: %d fixed points, want 1: %+v", c.tau, len(d.fixed), d.fixed)
		}
		fp := d.fixed[0]
		// ν* to a few ulps (bisection to adjacent floats; ν̃ − ν is
		// evaluated to about 1e-15 relative), the slope to 1e-12.
		if math.Abs(fp.Nu-c.nu) > 1e-13*c.nu || math.Abs(fp.Slope-c.slope) > 1e-12 {
			t.Errorf("τ = %g: ν* = %.17g slope %.17g, want %.17g and %.17g", c.tau, fp.Nu, fp.Slope, c.nu, c.slope)
		}
	}
}

// TestCobwebTheorems: at the defaults the curve is below the diagonal on
// Theorem 2's ν interval and above it on Theorem 3's (the theorems'
// statements at ω = 0, τ = 1), and the figure names both intervals.
func TestCobwebTheorems(t *testing.T) {
	f, d, err := cobweb(CobwebOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t2 := verify.Theorem2Box.Nu
	t3 := [2]float64{0.02, 0.24} // Theorem 3 (b)'s ν range
	for k, nu := range d.nus {
		v := d.nuTildes[k]
		if nu >= t2[0] && nu <= t2[1] && !(v < nu) || nu >= t3[0] && nu <= t3[1] && !(v > nu) {
			t.Errorf("ν = %g: ν̃ = %g on the wrong side of the diagonal", nu, v)
		}
	}
	if len(d.fixed) != 1 || math.Abs(d.fixed[0].Nu-1) > 1e-14 {
		t.Errorf("fixed points %+v, want ν* = 1", d.fixed)
	}
	caption := strings.Join(f.Caption, " ")
	for _, want := range []string{"ν in [3, 16], μ in [−1, 1], ω in [−0.1, 0.1], τ in [0.8, 1.25]", "ν in [0.02, 0.16], τ in [0.8, 1.25], or ν in [0.02, 0.24], τ in [0.9, 1.25]", "No theorem covers ν in (0.24, 0.8) or (1.5, 3)"} {
		if !strings.Contains(caption, want) {
			t.Errorf("caption lacks %q:\n%s", want, caption)
		}
	}
}

// TestCobwebOrbit: every step of a cobweb is ν̃ of the previous one,
// checked with the quadrature (the other evaluator), and it stops at the
// fixed point.
func TestCobwebOrbit(t *testing.T) {
	_, d, err := cobweb(CobwebOptions{From: []float64{16, 0.02}})
	if err != nil {
		t.Fatal(err)
	}
	for _, web := range d.webs {
		for i := 1; i < len(web); i++ {
			e, err := mapping.Evaluate(mapping.StandardSELU, 0, web[i-1], 0, 1, mapping.Quadrature)
			if err != nil || math.Abs(e.Var-web[i]) > 1e-13*web[i] {
				t.Fatalf("step %d from %g: %g, quadrature %g (%v)", i, web[i-1], web[i], e.Var, err)
			}
		}
		if last := web[len(web)-1]; math.Abs(last-1) > 1e-6 || len(web) > 100 {
			t.Errorf("from %g: ends at %g after %d steps", web[0], last, len(web)-1)
		}
	}
	// A slice at ω ≠ 0 holds μ fixed.
	_, d, err = cobweb(CobwebOptions{Map: mapping.Map{Omega: 0.5}, Mu: 1, From: []float64{5}, Steps: 3})
	if err != nil {
		t.Fatal(err)
	}
	if web := d.webs[0]; len(web) != 4 {
		t.Errorf("3 steps drawn as %d", len(web)-1)
	} else if e, _ := mapping.Evaluate(mapping.StandardSELU, 1, web[0], 0.5, 1, mapping.Quadrature); math.Abs(e.Var-web[1]) > 1e-13*web[1] {
		t.Errorf("slice at μ = 1: %g, want %g", web[1], e.Var)
	}
}

// TestCobwebBadOptions: what cannot be drawn is an error.
func TestCobwebBadOptions(t *testing.T) {
	for name, o := range map[string]CobwebOptions{
		"ν ≤ 0":      {Nu: [2]float64{0, 1}},
		"empty ν":    {Nu: [2]float64{2, 2}},
		"NaN ν":      {Nu: [2]float64{1, math.NaN()}},
		"NaN μ":      {Mu: math.NaN()},
		"τ < 0":      {Map: mapping.Map{Tau: -1}},
		"grid":       {Grid: MaxGrid + 1},
		"steps":      {Steps: -1},
		"start":      {From: []float64{-1}},
		"start NaN":  {From: []float64{math.NaN()}},
		"no g at ν":  {Nu: [2]float64{1e-300, 1e-299}, Map: mapping.Map{Tau: 1e-100}},
		"activation": {Map: mapping.Map{F: mapping.SELU{Alpha: -1, Lambda: 1}}},
	} {
		if _, err := Cobweb(o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// No crossing in the window: drawn, and the legend says so.
	f, err := Cobweb(CobwebOptions{Nu: [2]float64{3, 16}, From: []float64{10}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.WriteSVG(&buf, Page{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("no fixed point")) {
		t.Error("the legend does not say that there is no fixed point in the window")
	}
}
