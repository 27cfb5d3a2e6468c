package bigiv

import (
	"math"
	"math/big"
)

// MaxExpArg bounds the arguments of Exp: e^x for x > MaxExpArg is ErrRange
// (big.Float's exponents stop near 2^(2^31)). Below −MaxExpArg, e^x is
// enclosed by [0, 2^−1442695040] (e^−1e9 = 2^−1442695040.9…).
const MaxExpArg = 1e9

// expHalvings is s in e^r = (e^(r/2^s))^(2^s): with |r| ≤ ½ln 2 + tiny, the
// Taylor series runs at |r/2^s| < 0.0014.
const expHalvings = 8

// expPoint sets z (precision p) to an enclosure of e^v for an exact v.
//
// Algorithm and proof. Write v = k·ln 2 + r with an integer k (any k gives
// an exact identity e^v = 2^k·e^r; k = round(v/ln 2) makes |r| ≤ 0.35 and is
// picked in float64, which affects speed only). r is enclosed by interval
// arithmetic from an enclosure of ln 2 at precision w + 64 (|k| < 2^31, so
// k·ln 2 loses at most 32 bits). With t = r/2^s (s = expHalvings, exact),
// e^r = (e^t)^(2^s), and
//
//	e^t = Σ_{n=0}^{N} t^n/n! + R,  |R| ≤ Σ_{n>N} ρ^n/n! ≤ 2ρ^(N+1)/(N+1)!
//
// where ρ ≥ |t| and ρ ≤ 1: (N+1+j)! ≥ (N+1)!·(N+2)^j gives the geometric
// bound Σ_j (ρ/(N+2))^j ≤ 2. N is the first index with ρ^(N+1)/(N+1)! below
// 2^−(w+2). The sum (every term in interval arithmetic) plus [−R, R] is
// positive, and squaring s times an interval of positive numbers encloses
// the power. The final scaling by 2^k is exact.
func expPoint(z *I, v *big.Float, p uint) error {
	if v.Sign() == 0 {
		z.SetPrec(p)
		z.SetInt64(1)
		return nil
	}
	vf, _ := v.Float64()
	if vf > MaxExpArg {
		return ErrRange
	}
	z.SetPrec(p)
	if vf < -MaxExpArg {
		down(&z.lo).SetInt64(0)
		up(&z.hi).SetMantExp(big.NewFloat(1), -1442695040)
		return nil
	}
	w := p + 24
	k := int64(math.Round(vf / math.Ln2))
	// r = v − k·ln 2.
	kf := new(big.Float).SetInt64(k)
	r := New(w+64).SetBig(kf, kf)
	r.Mul(r, constsAt(w+64).ln2)
	r.Sub(new(I).SetBig(v, v), r)
	t := New(w).Set(r)
	t.Ldexp(t, -expHalvings)
	rho := t.MagHi()

	sum := New(w).SetInt64(1)
	term := New(w).SetInt64(1)
	bound := up(new(big.Float).SetPrec(w)).SetInt64(1) // ρ^n/n! rounded up
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(w)-2)
	nf := new(big.Float).SetPrec(64)
	for n := int64(1); ; n++ {
		term.Mul(term, t)
		term.QuoInt(term, n)
		sum.Add(sum, term)
		bound.Mul(bound, rho)
		bound.Quo(bound, nf.SetInt64(n+1)) // ρ^(n+1)/(n+1)!
		if bound.Cmp(eps) < 0 {
			bound.Mul(bound, nf.SetInt64(2))
			sum.Widen(sum, bound)
			break
		}
	}
	for range expHalvings {
		sum.Sqr(sum)
	}
	sum.Ldexp(sum, int(k))
	z.Set(sum)
	return nil
}

// SetPrec sets the precision of both ends to prec (rounding outwards).
func (z *I) SetPrec(prec uint) *I {
	down(&z.lo).SetPrec(prec)
	up(&z.hi).SetPrec(prec)
	return z
}

// Exp sets z = {e^v : v ∈ x} (exp increases: the lower end of the enclosure
// of e^lo and the upper end of that of e^hi; expPoint). It returns ErrRange
// (z unchanged) when x's upper end exceeds MaxExpArg.
func (z *I) Exp(x *I) (*I, error) {
	p := z.lo.Prec()
	if p == 0 {
		p = max(x.lo.Prec(), x.hi.Prec())
	}
	hi := new(I)
	if err := expPoint(hi, &x.hi, p); err != nil {
		return z, err
	}
	if x.IsPoint() {
		return z.Set(hi), nil
	}
	lo := new(I)
	if err := expPoint(lo, &x.lo, p); err != nil {
		return z, err
	}
	down(&z.lo).Set(&lo.lo)
	up(&z.hi).Set(&hi.hi)
	return z, nil
}
