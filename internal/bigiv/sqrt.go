package bigiv

import "math/big"

// ulpOf returns one unit in the last place of v ≠ 0 at precision p:
// 2^(e−p) where |v| = m·2^e, ½ ≤ m < 1.
func ulpOf(v *big.Float, p uint) *big.Float {
	e := v.MantExp(nil)
	return new(big.Float).SetMantExp(big.NewFloat(1), e-int(p))
}

// sqrtDown sets z (precision p) to a number s ≤ √x with s ≥ 0, for x ≥ 0.
//
// Proof: big.Float.Sqrt gives a first guess s (it is accurate, but not
// documented to be correctly rounded in every mode). s has p significant
// bits, so s² has at most 2p and is computed exactly at precision 2p; while
// s² > x, s is lowered by one ulp. On return s² ≤ x, so s ≤ √x.
func sqrtDown(z, x *big.Float, p uint) *big.Float {
	down(z.SetPrec(p))
	if x.Sign() == 0 {
		return z.SetInt64(0)
	}
	z.Sqrt(x)
	sq := new(big.Float).SetPrec(2 * p)
	for {
		sq.Mul(z, z)
		if sq.Cmp(x) <= 0 {
			return z
		}
		z.Sub(z, ulpOf(z, p))
	}
}

// sqrtUp sets z (precision p) to a number s ≥ √x, for x ≥ 0: as sqrtDown,
// raising s by one ulp while s² < x (s² exact at precision 2p).
func sqrtUp(z, x *big.Float, p uint) *big.Float {
	up(z.SetPrec(p))
	if x.Sign() == 0 {
		return z.SetInt64(0)
	}
	z.Sqrt(x)
	sq := new(big.Float).SetPrec(2 * p)
	for {
		sq.Mul(z, z)
		if sq.Cmp(x) >= 0 {
			return z
		}
		z.Add(z, ulpOf(z, p))
	}
}

// Sqrt sets z = {√v : v ∈ x} for x ≥ 0 (ErrDomain, z unchanged, if x's
// lower end is negative). √ increases, so the ends are √lo rounded down and
// √hi rounded up, each checked by an exact squaring (sqrtDown, sqrtUp).
func (z *I) Sqrt(x *I) (*I, error) {
	if x.lo.Sign() < 0 {
		return z, ErrDomain
	}
	p := z.lo.Prec()
	if p == 0 {
		p = max(x.lo.Prec(), x.hi.Prec())
		z.SetPrec(p) // no-op if z is x
	}
	x = z.unalias(x)
	sqrtDown(&z.lo, &x.lo, p)
	sqrtUp(&z.hi, &x.hi, p)
	return z, nil
}
