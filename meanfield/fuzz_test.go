package meanfield

import (
	"errors"
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// FuzzMapAt: for any net-input statistics the map accepts and any c, the
// correlation map of SELU (monotone increasing, f′ > 0) returns finite
// values with
//
//   - |c̃| ≤ 1 (Cauchy–Schwarz), with 1e-12 for rounding;
//   - c̃ of the sign of c (Cov(c) = x∫₀^c E_w[f′f′] dw with E[f′f′] > 0);
//   - a slope ≥ 0 (it is x·E[f′f′]/ν̃);
//
// and the Price and quadrature routes agree within 1e-12 of ν̃ where the
// Price route is used.
func FuzzMapAt(f *testing.F) {
	for _, s := range [][3]float64{{0, 1, 0.5}, {0.3, 4, 0.99}, {-2, 8, -0.9}, {1, 1e-8, 0.1}, {30, 1e4, 0.999999}, {-30, 1, -1}} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, y, x, c float64) {
		m, err := NewMapNormal(mapping.StandardSELU, y, x)
		if err != nil {
			return // outside the domain: refused
		}
		v, err := m.At(c)
		if err != nil {
			if checkC(c) == nil && !isOverflow(err) {
				t.Fatalf("At(%v) at (y, x) = (%v, %v): %v", c, y, x, err)
			}
			return
		}
		if !finite(v.Centred) || math.Abs(v.Centred) > 1+1e-12 {
			t.Fatalf("(y, x, c) = (%v, %v, %v): c~ = %v", y, x, c, v.Centred)
		}
		if c > 0 && v.Centred < 0 || c < 0 && v.Centred > 0 {
			t.Fatalf("(y, x, c) = (%v, %v, %v): c~ = %v has the wrong sign", y, x, c, v.Centred)
		}
		s, err := m.Slope(c)
		if err != nil || !finite(s) || s < 0 {
			t.Fatalf("(y, x, c) = (%v, %v, %v): slope %v, %v", y, x, c, s, err)
		}
		if inPriceDomain(y, x) && c > priceMinC && c < 1 && c != 0 {
			p, _ := m.covariance(c, false)
			m.route = closedRoute
			q, _ := m.covariance(c, false)
			m.route = autoRoute
			if d := math.Abs(p-q) / m.Moments.Var; d > 1e-12 {
				t.Fatalf("(y, x, c) = (%v, %v, %v): Price/auto %v, quadrature %v (%.2g of nu~)", y, x, c, p, q, d)
			}
		}
	})
}

func isOverflow(err error) bool { return errors.Is(err, mapping.ErrOverflow) }
