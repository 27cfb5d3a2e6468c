package verify

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal output of enclosures: the ends are rounded outwards (the lower
// end down, the upper end up), so the printed interval contains the
// computed one and every claim about it stays true. (Used by the
// conclusions of this package and by the command line's certified
// outputs.)

// decimalDigits returns the significant digits to print [lo, hi] with: the
// last printed digit is at most a tenth of the width (outward rounding then
// widens it by at most a fifth), between 2 and 17.
func decimalDigits(lo, hi float64) int {
	mag := math.Max(math.Abs(lo), math.Abs(hi))
	w := hi - lo
	if !(w > 0) || mag == 0 {
		return 17
	}
	n := int(math.Floor(math.Log10(mag))) - (int(math.Floor(math.Log10(w))) - 1) + 1
	return min(max(n, 2), 17)
}

// FormatEnclosure formats [lo, hi] as "[lo', hi']" with lo' ≤ lo and hi' ≥ hi
// in decimal, with decimalDigits significant digits.
func FormatEnclosure(lo, hi float64) string {
	n := decimalDigits(lo, hi)
	a, b := OutwardDecimal(new(big.Float).SetFloat64(lo), new(big.Float).SetFloat64(hi), n)
	return "[" + a + ", " + b + "]"
}

// OutwardDecimal returns decimal strings for lo rounded down and hi rounded
// up to n significant digits.
func OutwardDecimal(lo, hi *big.Float, n int) (string, string) {
	return DirectedDecimal(lo, n, false), DirectedDecimal(hi, n, true)
}

// DirectedDecimal returns x rounded to n significant decimal digits towards
// +∞ (up) or −∞, exactly: x's nearest n-digit decimal is compared with x as
// a rational number and moved by one unit in its last digit if it lies on
// the wrong side.
func DirectedDecimal(x *big.Float, n int, up bool) string {
	if x.Sign() == 0 {
		return "0"
	}
	m, e10 := nearestDecimal(x, n)
	r := new(big.Rat).SetInt(m)
	p := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(e10))), nil))
	if e10 >= 0 {
		r.Mul(r, p)
	} else {
		r.Quo(r, p)
	}
	xr, _ := x.Rat(nil)
	sign := int64(m.Sign())
	switch c := r.Cmp(xr); {
	case up && c < 0:
		m.Add(m, big.NewInt(1))
	case !up && c > 0:
		m.Sub(m, big.NewInt(1))
	}
	// ±10…0 moved towards 0 is ±9…9 with a digit less: x lies between
	// ±(10ⁿ − ½)·10^(e10−1) and ±10ⁿ·10^(e10−1) (its nearest n-digit
	// decimal is ±10…0), so ±(10ⁿ − 1)·10^(e10−1) is the directed result.
	if m.Sign() == 0 || len(new(big.Int).Abs(m).String()) < n {
		m.Mul(m, big.NewInt(10))
		m.Add(m, big.NewInt(9*sign))
		e10--
	}
	// 9.99 moved up is 10.00: keep n digits.
	if ten := big.NewInt(10); len(new(big.Int).Abs(m).String()) > n && new(big.Int).Rem(m, ten).Sign() == 0 {
		m.Quo(m, ten)
		e10++
	}
	return formatScaled(m, e10)
}

// nearestDecimal returns m and e10 with m·10^e10 the n-significant-digit
// decimal nearest to x (big.Float.Text's rounding, half to even, of x's
// exact value); m carries the sign.
func nearestDecimal(x *big.Float, n int) (*big.Int, int) {
	s := x.Text('e', n-1) // e.g. "-1.2345e-02"
	mant, exp, _ := strings.Cut(s, "e")
	e, _ := strconv.Atoi(exp)
	m, _ := new(big.Int).SetString(strings.Replace(mant, ".", "", 1), 10)
	return m, e - (n - 1)
}

// CertifiedDigits returns the decimal that every number of [lo, hi] rounds
// to at the most significant digits possible, at most maxDigits (rounding
// is monotone, so when both ends round to the same decimal every number
// between them does), and its number of digits; "" and 0 when not even one
// digit is shared.
func CertifiedDigits(lo, hi *big.Float, maxDigits int) (string, int) {
	for n := maxDigits; n >= 1; n-- {
		if lo.Text('e', n-1) == hi.Text('e', n-1) {
			m, e10 := nearestDecimal(lo, n)
			return formatScaled(m, e10), n
		}
	}
	return "", 0
}

func abs(k int) int {
	if k < 0 {
		return -k
	}
	return k
}

// formatScaled writes m·10^e10 as a plain decimal (scientific notation when
// its leading digit is below 1e-6 or above 1e21, or below 1e-4 with at most
// three digits, as for widths).
func formatScaled(m *big.Int, e10 int) string {
	sign := ""
	if m.Sign() < 0 {
		sign = "-"
	}
	d := new(big.Int).Abs(m).String()
	if m.Sign() == 0 {
		return "0"
	}
	lead := len(d) - 1 + e10 // exponent of the leading digit
	if lead < -6 || lead > 21 || lead < -4 && len(d) <= 3 {
		t := d[1:]
		if t != "" {
			t = "." + t
		}
		return sign + d[:1] + t + "e" + strconv.Itoa(lead)
	}
	if e10 >= 0 {
		return sign + d + strings.Repeat("0", e10)
	}
	if len(d) <= -e10 {
		d = strings.Repeat("0", -e10-len(d)+1) + d
	}
	k := len(d) + e10
	return sign + d[:k] + "." + d[k:]
}
