package meanfield

import (
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/internal/refdata"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// TestCovSpots compares the covariance (auto and nested routes) with
// testdata/cov_spots.csv: mpmath tanh-sinh quadrature of the definition
// with the inner expectation in closed form (testdata/gen_cov_spots.py),
// at the points near c = ±1 where the outer layout was once 6.4e-11 off.
func TestCovSpots(t *testing.T) {
	rows := refdata.Local(t, "cov_spots.csv")
	if len(rows) < 10 {
		t.Fatalf("only %d rows", len(rows))
	}
	for _, r := range rows {
		y, x, c, want := refdata.Float(t, r["y"]), refdata.Float(t, r["x"]), refdata.Float(t, r["c"]), refdata.Float(t, r["cov"])
		m, err := NewMapNormal(mapping.StandardSELU, y, x)
		if err != nil {
			t.Fatal(err)
		}
		for _, rt := range []route{autoRoute, nestedRoute} {
			m.route = rt
			got, _ := m.covariance(c, false)
			// 1e-13 relative: the tolerance for E[f(z₁)f(z₂)], here
			// for the covariance itself (no μ̃² added to hide an error).
			if e := math.Abs(got-want) / math.Abs(want); !(e <= 1e-13) {
				t.Errorf("route %d, (y, x, c) = (%v, %v, %v): cov = %.17g, want %.17g (error %.2g)", rt, y, x, c, got, want, e)
			}
		}
	}
}

// TestPriceReLUArcCosine checks the Price route against the closed forms of
// ReLU at y = 0 (Cho and Saul 2009, "Kernel methods for deep learning",
// the arc-cosine kernel of degree 1 and 0):
//
//	Cov(c)      = x·(c/4 + (c·asin c + √(1 − c²) − 1)/(2π)),
//	E[f′f′](c)  = 1/4 + asin(c)/(2π).
func TestPriceReLUArcCosine(t *testing.T) {
	for _, x := range []float64{1e-6, 0.5, 1, 3, 8} {
		m, err := NewMapNormal(mapping.ReLU{}, 0, x)
		if err != nil {
			t.Fatal(err)
		}
		m.route = priceRoute
		for _, c := range []float64{-0.9, -0.5, -0.1, 1e-5, 0.3, 0.7, 0.99, 0.999999} {
			as := math.Asin(c)
			// √(1 − c²) − 1 = −c²/(1 + √(1 − c²)), without cancellation.
			wantCov := x * (c/4 + (c*as-c*c/(1+math.Sqrt((1-c)*(1+c))))/(2*math.Pi))
			wantD := 0.25 + as/(2*math.Pi)
			gotCov, _ := m.covariance(c, false)
			gotD, _ := m.covariance(c, true)
			// 1e-14: a few ulps of each closed form (evaluated in float64)
			// and of the 20-point rule's sum.
			if e := math.Abs(gotCov-wantCov) / math.Abs(wantCov); !(e <= 1e-14) {
				t.Errorf("x = %v, c = %v: Cov = %.17g, want %.17g (error %.2g)", x, c, gotCov, wantCov, e)
			}
			if e := math.Abs(gotD-wantD) / wantD; !(e <= 1e-14) {
				t.Errorf("x = %v, c = %v: E[f'f'] = %.17g, want %.17g (error %.2g)", x, c, gotD, wantD, e)
			}
		}
	}
}

// TestPriceAgreesWithNested compares the two independent routes — the
// integral over the correlation (Price) and the nested integral over the
// net inputs — over the Price route's domain, for SELU, ELU and ReLU: the
// covariance and E[f′f′] must agree within 1e-13 (measured: 4e-15 on a
// 14 × 8 × 17 grid). Skipped where the Price route's own rounding bound
// refuses it (then the auto route does not use it).
func TestPriceAgreesWithNested(t *testing.T) {
	acts := []mapping.Activation{mapping.StandardSELU, mapping.ELU{Alpha: 1}, mapping.ReLU{}}
	xs := []float64{1e-8, 0.1, 1, 4, 8}
	rs := []float64{-3, -1, -0.2, 0, 0.3, 1.5, 3}
	cs := []float64{-0.9, -0.5, -1e-3, 0.05, 0.5, 0.9, 0.98, 0.999}
	if testing.Short() {
		xs, rs = []float64{0.1, 4}, []float64{-1, 0.3}
	}
	worst := 0.0
	for _, f := range acts {
		for _, x := range xs {
			for _, r := range rs {
				y := r * math.Sqrt(x)
				m, err := NewMapNormal(f, y, x)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range cs {
					for _, deriv := range []bool{false, true} {
						m.route = priceRoute
						p, _ := m.covariance(c, deriv)
						_, mag := m.p.priceCov(y, x, c, m.DerivMean, m.a0, deriv)
						if 8*epsilon*mag > autoTol*math.Abs(p) {
							continue
						}
						m.route = nestedRoute
						if deriv {
							m.route = closedRoute // E[f′f′]'s inner closed form has no cancellation
						}
						q, _ := m.covariance(c, deriv)
						scale := math.Abs(p)
						if !deriv {
							scale = math.Max(scale, 1e-2*m.Moments.Var)
						}
						e := math.Abs(p-q) / scale
						worst = math.Max(worst, e)
						if !(e <= 1e-13) {
							t.Errorf("%s, (y, x, c) = (%v, %v, %v), deriv %v: Price %.17g, nested %.17g (%.2g)", f.Name(), y, x, c, deriv, p, q, e)
						}
					}
				}
			}
		}
	}
	t.Logf("largest difference %.2g", worst)
}

// TestProductReLUNearMinusOne: E[f(z₁)f(z₂)] for ReLU where it is far below
// μ̃² (c → −1), against testdata/eff_relu.csv (mpmath tanh-sinh quadrature
// of the definition, testdata/gen_eff_relu.py): 1e-13 relative, the issue's
// tolerance — which Cov + μ̃² alone missed by up to 100 % (docs/gradients.md).
func TestProductReLUNearMinusOne(t *testing.T) {
	rows := refdata.Local(t, "eff_relu.csv")
	if len(rows) < 6 {
		t.Fatalf("only %d rows", len(rows))
	}
	for _, r := range rows {
		y, x, c, want := refdata.Float(t, r["y"]), refdata.Float(t, r["x"]), refdata.Float(t, r["c"]), refdata.Float(t, r["e_ff"])
		m, err := NewMapNormal(mapping.ReLU{}, y, x)
		if err != nil {
			t.Fatal(err)
		}
		got, err := m.At(c)
		if err != nil {
			t.Fatal(err)
		}
		if e := math.Abs(got.Product-want) / want; !(e <= 1e-13) {
			t.Errorf("(y, x, c) = (%v, %v, %v): E[ff] = %.17g, want %.17g (error %.2g)", y, x, c, got.Product, want, e)
		}
	}
}
