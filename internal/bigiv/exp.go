package bigiv

import (
	"math"
	"math/big"
	"sync"
)

// MaxExpArg bounds the arguments of Exp: e^x for x > MaxExpArg is ErrRange
// (big.Float's exponents stop near 2^(2^31)).
const MaxExpArg = 1e9

// MinExpArg: below it, e^x is enclosed by [0, 2^−1442695] (e^−1e6 =
// 2^−1442695.04…), which keeps the exponents of later products and sums far
// from big.Float's limits.
const MinExpArg = -1e6

// expHalvings is s in e^r = (e^(r/2^s))^(2^s): with |r| ≤ ½ln 2 + tiny, the
// Taylor series runs at |r/2^s| < 0.0014.
const expHalvings = 8

// roundPrec rounds a working precision up to a multiple of 64 bits, so that
// the caches of constants and reciprocals hold few precisions.
func roundPrec(w uint) uint { return (w + 63) &^ 63 }

// scratch is reusable storage for the series loops (from scratchPool).
type scratch struct {
	f [8]big.Float
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// maxRecip is the size of the reciprocal tables.
const maxRecip = 1024

var (
	recipMu    sync.Mutex // serialises computing
	recipCache sync.Map   // uint → []I
)

// recips returns enclosures of 1/n, n = 1 … maxRecip−1, at precision w
// (index n; computed once per precision; read-only).
func recips(w uint) []I {
	if r, ok := recipCache.Load(w); ok {
		return r.([]I)
	}
	recipMu.Lock()
	defer recipMu.Unlock()
	if r, ok := recipCache.Load(w); ok {
		return r.([]I)
	}
	r := make([]I, maxRecip)
	one := new(big.Float).SetInt64(1)
	n := new(big.Float).SetPrec(64)
	for i := 1; i < maxRecip; i++ {
		n.SetInt64(int64(i))
		down(r[i].lo.SetPrec(w)).Quo(one, n)
		up(r[i].hi.SetPrec(w)).Quo(one, n)
	}
	recipCache.Store(w, r)
	return r
}

// expSeries sets z (precision w) to a lower bound (upper false) or an
// upper bound (upper true) of e^a for an exact 0 ≤ a ≤ 1/256:
//
//	e^a = Σ_{n=0}^{N} a^n/n! + R,  0 ≤ R ≤ Σ_{n>N} a^n/n! ≤ 2a^(N+1)/(N+1)!
//
// ((N+1+j)! ≥ (N+1)!·(N+2)^j and a ≤ 1, so the tail is at most a geometric
// series of ratio ½). All terms are positive, so rounding every operation
// down gives a lower bound of the partial sum, hence of e^a; rounding up
// and adding 2·(an upper bound of a^(N+1)/(N+1)!) gives an upper bound. N
// is the first index whose next term is below 2^−(w+2).
func expSeries(z, a *big.Float, w uint, upper bool, rc []I, sc *scratch) {
	mode := big.ToNegativeInf
	if upper {
		mode = big.ToPositiveInf
	}
	t1, t2 := sc.f[0].SetPrec(w).SetMode(mode), sc.f[1].SetPrec(w).SetMode(mode)
	s1, s2 := sc.f[2].SetPrec(w).SetMode(mode), sc.f[3].SetPrec(w).SetMode(mode)
	eps := sc.f[4].SetPrec(64).SetMantExp(big.NewFloat(1), -int(w)-2)
	t1.SetInt64(1)
	s1.SetInt64(1)
	for n := 1; ; n++ {
		// Term n is at most 2^−8n: w − 8n + 16 bits keep its rounding far
		// below 2^−w (directed rounding keeps the bound whatever the
		// precision).
		if pn := int(w) - 8*n + 16; pn >= 64 {
			t1.SetPrec(uint(pn))
			t2.SetPrec(uint(pn))
		}
		t2.Mul(t1, a)
		r := &rc[n].lo
		if upper {
			r = &rc[n].hi
		}
		t1.Mul(t2, r) // a^n/n!
		if t1.Cmp(eps) < 0 {
			if upper {
				t2.SetMantExp(t1, 1)
				s2.Add(s1, t2)
				s1, s2 = s2, s1
			}
			break
		}
		s2.Add(s1, t1)
		s1, s2 = s2, s1
	}
	z.SetPrec(w).SetMode(mode).Set(s1)
}

// expPoint sets z (precision p) to an enclosure of e^v for an exact v.
//
// Algorithm and proof. Write v = k·ln 2 + r with an integer k (any k gives
// an exact identity e^v = 2^k·e^r; k = round(v/ln 2) makes |r| ≤ 0.35 and is
// picked in float64, which affects speed only). r is enclosed by interval
// arithmetic from an enclosure of ln 2 at precision w + 64 (|k| < 2^31, so
// k·ln 2 loses at most 32 bits). With t = r/2^s (s = expHalvings, exact),
// e^r = (e^t)^(2^s). e^t is enclosed by expSeries: for the lower end at t's
// lower end tl, the lower bound of e^tl if tl ≥ 0, else 1/(upper bound of
// e^−tl) rounded down; the upper end likewise. Squaring s times a range of
// positive numbers with directed rounding, and scaling by 2^k (exact),
// encloses e^v.
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
	if vf < MinExpArg {
		down(&z.lo).SetInt64(0)
		up(&z.hi).Set(new(big.Float).SetMantExp(big.NewFloat(1), -1442695))
		return nil
	}
	w := roundPrec(p + 24)
	k := int64(math.Round(vf / math.Ln2))
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	var tl, th big.Float
	if k == 0 {
		tl.SetMantExp(v, -expHalvings) // exact
		th.Set(&tl)
	} else {
		// r = v − k·ln 2.
		kf := new(big.Float).SetInt64(k)
		r := New(w+64).SetBig(kf, kf)
		r.Mul(r, constsAt(w+64).ln2)
		r.Sub(new(I).SetBig(v, v), r)
		tl.SetMantExp(&r.lo, -expHalvings)
		th.SetMantExp(&r.hi, -expHalvings)
	}
	rc := recips(w)
	var lo, hi big.Float
	if tl.Sign() >= 0 {
		expSeries(&lo, &tl, w, false, rc, sc)
	} else {
		a := new(big.Float).Neg(&tl)
		expSeries(&lo, a, w, true, rc, sc)
		down(&lo).Quo(big.NewFloat(1), &lo)
	}
	if th.Sign() >= 0 {
		expSeries(&hi, &th, w, true, rc, sc)
	} else {
		a := new(big.Float).Neg(&th)
		expSeries(&hi, a, w, false, rc, sc)
		up(&hi).Quo(big.NewFloat(1), &hi)
	}
	lt, ht := sc.f[5].SetPrec(w).SetMode(big.ToNegativeInf), sc.f[6].SetPrec(w).SetMode(big.ToPositiveInf)
	for range expHalvings {
		lt.Mul(&lo, &lo)
		lo.Set(lt)
		ht.Mul(&hi, &hi)
		hi.Set(ht)
	}
	lo.SetMantExp(&lo, int(k)) // exact
	hi.SetMantExp(&hi, int(k))
	down(&z.lo).Set(&lo) // rounded to z's precision p
	up(&z.hi).Set(&hi)
	return nil
}

// SetPrec sets the precision of both ends to prec (rounding outwards).
func (z *I) SetPrec(prec uint) *I {
	down(&z.lo).SetPrec(prec)
	up(&z.hi).SetPrec(prec)
	return z
}

// Exp sets z = {e^v : v ∈ x}. exp increases: the lower end comes from the
// enclosure of e^lo and the upper end from that of e^hi (expPoint). When x
// is narrow, δ = hi − lo ≤ 2^−prec, one evaluation at hi serves: e^lo =
// e^hi·e^−δ ≥ e^hi·(1 − δ). It returns ErrRange (z unchanged) when x's
// upper end exceeds MaxExpArg.
func (z *I) Exp(x *I) (*I, error) {
	p := z.lo.Prec()
	if p == 0 {
		p = max(x.lo.Prec(), x.hi.Prec())
		z.SetPrec(p) // no-op if z is x
	}
	hi := new(I)
	if err := expPoint(hi, &x.hi, p); err != nil {
		return z, err
	}
	if x.IsPoint() {
		return z.Set(hi), nil
	}
	d := x.Width()
	if d.MantExp(nil) <= -int(p) { // δ < 2^−p
		f := add(down(new(big.Float).SetPrec(p)), big.NewFloat(1), d, true)
		down(&z.lo).Mul(&hi.lo, f)
		up(&z.hi).Set(&hi.hi)
		return z, nil
	}
	lo := new(I)
	if err := expPoint(lo, &x.lo, p); err != nil {
		return z, err
	}
	down(&z.lo).Set(&lo.lo)
	up(&z.hi).Set(&hi.hi)
	return z, nil
}
