package bigiv

import (
	"errors"
	"fmt"
	"math"
	"math/big"
)

// MinPrec is the smallest precision (bits) New accepts. The verify checker
// uses at least 128.
const MinPrec = 53

// ErrDivByZero is returned by Quo when the divisor contains 0.
var ErrDivByZero = errors.New("bigiv: division by an interval containing 0")

// ErrDomain is returned for an argument outside a function's domain (the
// square root of a negative number).
var ErrDomain = errors.New("bigiv: argument outside the domain")

// ErrRange is returned when a result would leave big.Float's exponent range
// (e^x for x > MaxExpArg).
var ErrRange = errors.New("bigiv: result outside big.Float's range")

// I is a closed interval [lo, hi] of real numbers with big.Float ends,
// lo ≤ hi, both finite. The zero value is [0, 0] with precision 0 (it takes
// its operands' precision when first set). Use *I; like big.Float, an I must
// not be copied by assignment.
type I struct {
	lo, hi big.Float
}

// down and up set the rounding mode of a lower and an upper end.
func down(z *big.Float) *big.Float { return z.SetMode(big.ToNegativeInf) }
func up(z *big.Float) *big.Float   { return z.SetMode(big.ToPositiveInf) }

// add sets z = x + y (x − y if sub) rounded in z's mode. big.Float aligns
// the operands exactly, which costs memory and time in proportion to the
// gap between their exponents (2^−1e6 + 1 would shift by a million bits).
// So when the exponents are more than Q + 4 apart, Q the larger of z's and
// the larger operand's precision, the smaller operand y is replaced by
// sign(y)·2^(e−Q−4), e the larger one's exponent: both it and y are
// smaller than a quarter of the spacing of precision-Q numbers next to the
// larger operand x, so x + y and x + proxy lie in the same open interval
// between neighbours of precision Q (or are both x ± such a fraction if x
// is one), and round to the same number of z's precision in every mode.
func add(z, x, y *big.Float, sub bool) *big.Float {
	if x.Sign() != 0 && y.Sign() != 0 {
		ex, ey := x.MantExp(nil), y.MantExp(nil)
		zp := z.Prec()
		if zp == 0 {
			zp = max(x.Prec(), y.Prec())
		}
		if q := int(max(zp, x.Prec())); ex-ey > q+4 {
			y = proxy(y, ex-q-4)
		} else if q := int(max(zp, y.Prec())); ey-ex > q+4 {
			x = proxy(x, ey-q-4)
		}
	}
	if sub {
		return z.Sub(x, y)
	}
	return z.Add(x, y)
}

// proxy returns sign(v)·2^e.
func proxy(v *big.Float, e int) *big.Float {
	p := new(big.Float).SetMantExp(big.NewFloat(1), e)
	if v.Sign() < 0 {
		p.Neg(p)
	}
	return p
}

// fix repairs z's ends after an operation that may have left big.Float's
// exponent range: big.Float rounds an underflow to 0 and an overflow to
// ±Inf whatever the rounding mode (its accuracy then says so). An upper end
// that fell to 0 below a positive result becomes the smallest positive
// big.Float, a lower end likewise; a lower end that overflowed to +Inf
// becomes the largest finite big.Float (an upper end at +Inf stays: it is a
// bound, and the next operation that meets it panics with big.ErrNaN or
// yields +Inf, which the callers treat as a failure).
func (z *I) fix() *I {
	set := func(f *big.Float, mant float64, exp int) {
		// SetMantExp would give f mant's precision and mode: set a copy.
		f.Set(new(big.Float).SetMantExp(big.NewFloat(mant), exp))
	}
	if z.hi.Sign() == 0 && z.hi.Acc() == big.Below {
		set(&z.hi, 1, big.MinExp)
	}
	if z.lo.Sign() == 0 && z.lo.Acc() == big.Above {
		set(&z.lo, -1, big.MinExp)
	}
	if z.lo.IsInf() && z.lo.Sign() > 0 {
		set(&z.lo, math.Nextafter(1, 0), big.MaxExp)
	}
	if z.hi.IsInf() && z.hi.Sign() < 0 {
		set(&z.hi, -math.Nextafter(1, 0), big.MaxExp)
	}
	return z
}

// New returns [0, 0] at precision prec; it panics if prec < MinPrec or
// prec > big.MaxPrec (a programmer error).
func New(prec uint) *I {
	if prec < MinPrec || prec > big.MaxPrec {
		panic(fmt.Sprintf("bigiv: precision %d outside [%d, %d]", prec, MinPrec, uint(big.MaxPrec)))
	}
	z := new(I)
	down(&z.lo).SetPrec(prec)
	up(&z.hi).SetPrec(prec)
	return z
}

// NewFloat64 returns the interval [lo, hi] of two float64 numbers at
// precision prec (exact when prec ≥ 53). It panics if an end is not finite
// or lo > hi.
func NewFloat64(prec uint, lo, hi float64) *I {
	return New(prec).SetFloat64(lo, hi)
}

// Point returns [v, v] at precision prec.
func Point(prec uint, v float64) *I { return NewFloat64(prec, v, v) }

// SetFloat64 sets z to [lo, hi], rounded outwards to z's precision (53 bits
// if z's precision is 0). It panics if an end is not finite or lo > hi.
func (z *I) SetFloat64(lo, hi float64) *I {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo > hi {
		panic(fmt.Sprintf("bigiv: [%v, %v] is not a finite interval", lo, hi))
	}
	down(&z.lo).SetFloat64(lo)
	up(&z.hi).SetFloat64(hi)
	return z
}

// SetInt64 sets z to [n, n], rounded outwards to z's precision (64 bits if
// z's precision is 0).
func (z *I) SetInt64(n int64) *I {
	down(&z.lo).SetInt64(n)
	up(&z.hi).SetInt64(n)
	return z
}

// SetBig sets z to [lo, hi], rounded outwards to z's precision (if z's
// precision is 0, the ends' own, exactly). It panics if an end is not
// finite or lo > hi.
func (z *I) SetBig(lo, hi *big.Float) *I {
	if lo.IsInf() || hi.IsInf() || lo.Cmp(hi) > 0 {
		panic("bigiv: SetBig: not a finite interval")
	}
	l, h := new(big.Float).Copy(lo), new(big.Float).Copy(hi) // they may be z's own ends
	down(&z.lo).Set(l)
	up(&z.hi).Set(h)
	return z
}

// Set sets z to x, rounded outwards to z's precision (x's if z's is 0).
func (z *I) Set(x *I) *I {
	if z != x {
		down(&z.lo).Set(&x.lo)
		up(&z.hi).Set(&x.hi)
	}
	return z
}

// Prec returns z's precision (of its lower end).
func (z *I) Prec() uint { return z.lo.Prec() }

// Lo returns a copy of the lower end.
func (x *I) Lo() *big.Float { return new(big.Float).Copy(&x.lo) }

// Hi returns a copy of the upper end.
func (x *I) Hi() *big.Float { return new(big.Float).Copy(&x.hi) }

// LoFloat64 returns the largest float64 ≤ the lower end (−Inf below the
// float64 range).
func (x *I) LoFloat64() float64 {
	v, acc := x.lo.Float64()
	if acc == big.Above {
		v = math.Nextafter(v, math.Inf(-1))
	}
	return v
}

// HiFloat64 returns the smallest float64 ≥ the upper end (+Inf above the
// float64 range).
func (x *I) HiFloat64() float64 {
	v, acc := x.hi.Float64()
	if acc == big.Below {
		v = math.Nextafter(v, math.Inf(1))
	}
	return v
}

// IsPoint reports whether lo = hi.
func (x *I) IsPoint() bool { return x.lo.Cmp(&x.hi) == 0 }

// Contains reports whether v ∈ x.
func (x *I) Contains(v *big.Float) bool { return x.lo.Cmp(v) <= 0 && v.Cmp(&x.hi) <= 0 }

// ContainsI reports whether y ⊆ x.
func (x *I) ContainsI(y *I) bool { return x.lo.Cmp(&y.lo) <= 0 && y.hi.Cmp(&x.hi) <= 0 }

// Sign returns 1 if x > 0 (lo > 0), −1 if x < 0 (hi < 0), else 0.
func (x *I) Sign() int {
	switch {
	case x.lo.Sign() > 0:
		return 1
	case x.hi.Sign() < 0:
		return -1
	}
	return 0
}

// Width returns hi − lo rounded up, at x's precision.
func (x *I) Width() *big.Float {
	return add(up(new(big.Float).SetPrec(x.hi.Prec())), &x.hi, &x.lo, true)
}

// RelWidth returns (hi − lo)/min(|lo|, |hi|) as a float64 (rounded up; +Inf
// when the interval contains 0), a measure of its tightness.
func (x *I) RelWidth() float64 {
	if x.Sign() == 0 {
		if x.lo.Sign() == 0 && x.hi.Sign() == 0 {
			return 0
		}
		return math.Inf(1)
	}
	m := new(big.Float).Abs(&x.lo)
	if a := new(big.Float).Abs(&x.hi); a.Cmp(m) < 0 {
		m = a
	}
	w := x.Width()
	r := up(new(big.Float).SetPrec(64)).Quo(w, m)
	v, _ := r.Float64()
	return v
}

// Mid returns the midpoint (lo + hi)/2 rounded to nearest at x's precision
// + 1 bits (exact when the ends are close: same exponent or one apart). It
// lies in x.
func (x *I) Mid() *big.Float {
	p := max(x.lo.Prec(), x.hi.Prec())
	m := new(big.Float).SetPrec(p+1).Add(&x.lo, &x.hi)
	return m.SetMantExp(m, -1)
}

// String formats the ends with 20 significant digits.
func (x *I) String() string {
	return "[" + x.lo.Text('g', 20) + ", " + x.hi.Text('g', 20) + "]"
}

// cmpAbs compares |a| and |b|.
func cmpAbs(a, b *big.Float) int {
	var s, t big.Float
	return s.Abs(a).Cmp(t.Abs(b))
}

// unalias returns x, or a copy of x when it is z (so that z can be written
// while x is still read).
func (z *I) unalias(x *I) *I {
	if z == x {
		return new(I).Set(x)
	}
	return x
}

// Add sets z = x + y.
func (z *I) Add(x, y *I) *I {
	add(down(&z.lo), &x.lo, &y.lo, false)
	add(up(&z.hi), &x.hi, &y.hi, false)
	return z.fix()
}

// Sub sets z = x − y.
func (z *I) Sub(x, y *I) *I {
	y = z.unalias(y)
	add(down(&z.lo), &x.lo, &y.hi, true)
	add(up(&z.hi), &x.hi, &y.lo, true)
	return z.fix()
}

// Neg sets z = −x (exact up to z's precision).
func (z *I) Neg(x *I) *I {
	x = z.unalias(x)
	down(&z.lo).Neg(&x.hi)
	up(&z.hi).Neg(&x.lo)
	return z
}

// Abs sets z = {|v| : v ∈ x}.
func (z *I) Abs(x *I) *I {
	switch x.Sign() {
	case 1:
		return z.Set(x)
	case -1:
		return z.Neg(x)
	}
	x = z.unalias(x)
	m := &x.hi
	if cmpAbs(&x.lo, &x.hi) > 0 {
		m = &x.lo
	}
	up(&z.hi).Abs(m)
	down(&z.lo).SetInt64(0)
	return z
}

// Ldexp sets z = x·2^k (exact unless the exponent leaves big.Float's range
// or z's precision is lower than x's; then rounded outwards).
func (z *I) Ldexp(x *I, k int) *I {
	// SetMantExp gives z x's precision and modes: restore z's.
	zl, zh := z.lo.Prec(), z.hi.Prec()
	z.lo.SetMantExp(&x.lo, k)
	z.hi.SetMantExp(&x.hi, k)
	if zl != 0 {
		down(&z.lo).SetPrec(zl)
	}
	if zh != 0 {
		up(&z.hi).SetPrec(zh)
	}
	down(&z.lo)
	up(&z.hi)
	return z.fix()
}

// Mul sets z = x·y: each end is the product of the operands' ends that
// bounds the product set, by the signs of x and y (nine cases), rounded
// outwards.
func (z *I) Mul(x, y *I) *I {
	x, y = z.unalias(x), z.unalias(y)
	a, b, c, d := &x.lo, &x.hi, &y.lo, &y.hi
	lo, hi := down(&z.lo), up(&z.hi)
	switch {
	case a.Sign() >= 0: // x ≥ 0
		switch {
		case c.Sign() >= 0:
			lo.Mul(a, c)
			hi.Mul(b, d)
		case d.Sign() <= 0:
			lo.Mul(b, c)
			hi.Mul(a, d)
		default:
			lo.Mul(b, c)
			hi.Mul(b, d)
		}
	case b.Sign() <= 0: // x ≤ 0
		switch {
		case c.Sign() >= 0:
			lo.Mul(a, d)
			hi.Mul(b, c)
		case d.Sign() <= 0:
			lo.Mul(b, d)
			hi.Mul(a, c)
		default:
			lo.Mul(a, d)
			hi.Mul(a, c)
		}
	default: // x contains 0 inside
		switch {
		case c.Sign() >= 0:
			lo.Mul(a, d)
			hi.Mul(b, d)
		case d.Sign() <= 0:
			lo.Mul(b, c)
			hi.Mul(a, c)
		default:
			t := new(big.Float).SetPrec(z.lo.Prec()).SetMode(big.ToNegativeInf).Mul(b, c)
			lo.Mul(a, d)
			if t.Cmp(lo) < 0 {
				lo.Set(t)
			}
			t.SetMode(big.ToPositiveInf).Mul(b, d)
			hi.Mul(a, c)
			if t.Cmp(hi) > 0 {
				hi.Set(t)
			}
		}
	}
	return z.fix()
}

// MulInt sets z = x·n for an integer n (n is exact at 64 bits).
func (z *I) MulInt(x *I, n int64) *I {
	f := new(big.Float).SetPrec(64).SetInt64(n)
	return z.Mul(x, new(I).SetBig(f, f))
}

// Quo sets z = x/y; y must not contain 0 (ErrDivByZero, z unchanged).
func (z *I) Quo(x, y *I) (*I, error) {
	if y.lo.Sign() <= 0 && y.hi.Sign() >= 0 {
		return z, ErrDivByZero
	}
	x, y = z.unalias(x), z.unalias(y)
	a, b, c, d := &x.lo, &x.hi, &y.lo, &y.hi
	lo, hi := down(&z.lo), up(&z.hi)
	if c.Sign() > 0 { // y > 0
		switch {
		case a.Sign() >= 0:
			lo.Quo(a, d)
			hi.Quo(b, c)
		case b.Sign() <= 0:
			lo.Quo(a, c)
			hi.Quo(b, d)
		default:
			lo.Quo(a, c)
			hi.Quo(b, c)
		}
		return z.fix(), nil
	}
	switch { // y < 0
	case a.Sign() >= 0:
		lo.Quo(b, d)
		hi.Quo(a, c)
	case b.Sign() <= 0:
		lo.Quo(b, c)
		hi.Quo(a, d)
	default:
		lo.Quo(b, d)
		hi.Quo(a, d)
	}
	return z.fix(), nil
}

// QuoInt sets z = x/n for an integer n ≠ 0 (it panics on 0).
func (z *I) QuoInt(x *I, n int64) *I {
	if n == 0 {
		panic("bigiv: QuoInt by 0")
	}
	f := new(big.Float).SetPrec(64).SetInt64(n)
	z.Quo(x, new(I).SetBig(f, f))
	return z
}

// Sqr sets z = {v² : v ∈ x} (tighter than Mul(x, x) when x contains 0).
func (z *I) Sqr(x *I) *I {
	x = z.unalias(x)
	lo, hi := down(&z.lo), up(&z.hi)
	switch {
	case x.lo.Sign() >= 0:
		lo.Mul(&x.lo, &x.lo)
		hi.Mul(&x.hi, &x.hi)
	case x.hi.Sign() <= 0:
		lo.Mul(&x.hi, &x.hi)
		hi.Mul(&x.lo, &x.lo)
	default:
		m := &x.hi
		if cmpAbs(&x.lo, &x.hi) > 0 {
			m = &x.lo
		}
		hi.Mul(m, m)
		lo.SetInt64(0)
	}
	return z.fix()
}

// Hull sets z to the smallest interval containing x and y.
func (z *I) Hull(x, y *I) *I {
	x, y = z.unalias(x), z.unalias(y)
	if x.lo.Cmp(&y.lo) <= 0 {
		down(&z.lo).Set(&x.lo)
	} else {
		down(&z.lo).Set(&y.lo)
	}
	if x.hi.Cmp(&y.hi) >= 0 {
		up(&z.hi).Set(&x.hi)
	} else {
		up(&z.hi).Set(&y.hi)
	}
	return z
}

// Widen sets z = [lo − e, hi + e] for e ≥ 0.
func (z *I) Widen(x *I, e *big.Float) *I {
	add(down(&z.lo), &x.lo, e, true)
	add(up(&z.hi), &x.hi, e, false)
	return z.fix()
}

// MagHi returns an upper bound of max(|lo|, |hi|) (a new big.Float).
func (x *I) MagHi() *big.Float {
	if cmpAbs(&x.lo, &x.hi) > 0 {
		return new(big.Float).Abs(&x.lo)
	}
	return new(big.Float).Abs(&x.hi)
}
