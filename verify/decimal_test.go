package verify

import (
	"math"
	"math/big"
	"testing"
)

// TestDirectedDecimal: the ends are rounded outwards, exactly, with n
// significant digits, including carries (9.99 → 10.0) and tiny numbers.
func TestDirectedDecimal(t *testing.T) {
	for _, c := range []struct {
		x        float64
		n        int
		down, up string
	}{
		{0.1, 3, "0.100", "0.101"}, // 0.1 is 0.1000000000000000055…
		{-0.1, 3, "-0.101", "-0.100"},
		{1, 4, "1.000", "1.000"},
		{9.995, 3, "9.99", "10.0"},
		{-0.028418080990702088, 6, "-0.0284181", "-0.0284180"},
		{1.5e-20, 2, "1.5e-20", "1.6e-20"}, // 1.5e-20 is 1.50000000000000014…e-20
		{1e-20, 2, "9.9e-21", "1.0e-20"},   // 1e-20 is 9.99999999999999945…e-21
		{123456789, 3, "123000000", "124000000"},
	} {
		x := new(big.Float).SetFloat64(c.x)
		if d, u := DirectedDecimal(x, c.n, false), DirectedDecimal(x, c.n, true); d != c.down || u != c.up {
			t.Errorf("%v at %d digits: %s, %s; want %s, %s", c.x, c.n, d, u, c.down, c.up)
		}
	}
	// Random checks: down ≤ x ≤ up, exactly.
	for i := range 2000 {
		v := math.Ldexp(float64(i*7919%1000+1)/997, i%120-60)
		if i%3 == 0 {
			v = -v
		}
		x := new(big.Float).SetFloat64(v)
		xr, _ := x.Rat(nil)
		for _, n := range []int{2, 5, 9, 17} {
			d, _ := new(big.Rat).SetString(DirectedDecimal(x, n, false))
			u, _ := new(big.Rat).SetString(DirectedDecimal(x, n, true))
			if d.Cmp(xr) > 0 || u.Cmp(xr) < 0 {
				t.Fatalf("%v at %d digits: %s, %s", v, n, d.FloatString(30), u.FloatString(30))
			}
		}
	}
}
