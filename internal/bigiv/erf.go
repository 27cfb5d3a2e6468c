package bigiv

import (
	"math"
	"math/big"
)

// seriesMax is where erfc and erfcx switch from the power series (|v| <
// seriesMax) to the continued fraction (|v| ≥ seriesMax): at 4 both need
// about 100 terms at 128 bits.
const seriesMax = 4

// dawsonSeries encloses, for an exact u ≥ 0 at precision w,
//
//	S(u) = e^{u²}·∫_0^u e^{−t²} dt = Σ_{n≥0} 2ⁿ·u^(2n+1)/(2n+1)!!,
//
// so that erf(u) = (2/√π)·e^{−u²}·S(u) (Abramowitz and Stegun 7.1.6).
//
// Proof of the series: S′(u) = 1 + 2u·S(u) with S(0) = 0; a power series
// Σ c_m u^m solves it iff c_1 = 1, c_{2n+3} = 2c_{2n+1}/(2n+3) and the even
// coefficients vanish, which gives c_{2n+1} = 2ⁿ/(2n+1)!!; the series is
// entire, so it is S.
//
// Remainder: the terms t_n are positive and t_{n+1}/t_n = 2u²/(2n+3)
// decreases in n. If q = 2u²/(2N+3) ≤ ½, the terms from index N on sum to
// at most t_N·(1 + q + q² + …) ≤ 2t_N. The sum stops at the first N with
// q ≤ ½ and t_N < 2^−(w+2)·(partial sum) and adds [0, 2t_N]. All terms are
// positive: the lower end sums them with every operation rounded down, the
// upper end with every operation rounded up (and the upper bound of t_N).
func dawsonSeries(u *big.Float, w uint) *I {
	sum := New(w)
	if u.Sign() == 0 {
		return sum
	}
	rc := recips(w)
	sc := scratchPool.Get().(*scratch)
	defer scratchPool.Put(sc)
	for _, upper := range []bool{false, true} {
		mode := big.ToNegativeInf
		if upper {
			mode = big.ToPositiveInf
		}
		t1, t2 := sc.f[0].SetPrec(w).SetMode(mode), sc.f[1].SetPrec(w).SetMode(mode)
		s1, s2 := sc.f[2].SetPrec(w).SetMode(mode), sc.f[3].SetPrec(w).SetMode(mode)
		x2 := sc.f[4].SetPrec(w).SetMode(mode)
		x2.Mul(u, u)
		x2.SetMantExp(x2, 1) // 2u², rounded in the sum's direction
		fourX2 := sc.f[5].SetPrec(w).SetMode(big.ToPositiveInf)
		fourX2.Mul(u, u)
		fourX2.SetMantExp(fourX2, 2) // ≥ 4u²
		eps := sc.f[6].SetPrec(64).SetMode(big.ToPositiveInf)
		odd := sc.f[7].SetPrec(64)
		t1.Set(u)
		s1.Set(u)
		for n := 0; ; n++ {
			if 2*n+3 >= maxRecip {
				panic("bigiv: dawsonSeries needs more terms than the reciprocal table has")
			}
			t2.Mul(t1, x2)
			r := &rc[2*n+3].lo
			if upper {
				r = &rc[2*n+3].hi
			}
			t1.Mul(t2, r)                                                // t_{n+1}
			if N := n + 1; fourX2.Cmp(odd.SetInt64(int64(2*N+3))) <= 0 { // q_N ≤ ½
				if eps.SetMantExp(s1, -int(w)-2); t1.Cmp(eps) < 0 {
					if upper {
						t2.SetMantExp(t1, 1)
						s2.Add(s1, t2)
						s1, s2 = s2, s1
					}
					break
				}
			}
			s2.Add(s1, t1)
			s1, s2 = s2, s1
		}
		if upper {
			up(&sum.hi).Set(s1)
		} else {
			down(&sum.lo).Set(s1)
		}
	}
	return sum
}

// cfErfcx encloses erfcx(u) for an exact u > 0 at precision w by the
// Laplace continued fraction, with a bound of its tail.
//
// Proof. For k ≥ 0 let I_k = ∫_u^∞ (t−u)^k e^{−t²} dt > 0. Integrating
// (t−u)^k·2t·e^{−t²} by parts, and writing 2t = 2(t−u) + 2u,
//
//	2I_1 + 2u·I_0 = e^{−u²},   2I_{k+1} + 2u·I_k = k·I_{k−1}  (k ≥ 1).
//
// With ρ_k = I_k/I_{k−1} > 0 this is ρ_k = k/(2(u + ρ_{k+1})) and
// erfcx(u) = (2/√π)e^{u²}I_0 = 1/(√π·(u + ρ_1)). Since ρ_{k+1} > 0,
// ρ_k < k/(2u) for every k. Starting from the interval [0, (n+1)/(2u)],
// which contains ρ_{n+1}, and applying ρ ↦ k/(2(u + ρ)) for k = n, …, 1 in
// interval arithmetic (inclusion-monotone) gives an interval that contains
// ρ_1, whatever n: n only decides the width. n is doubled until u + ρ_1 is
// enclosed to a relative width of 2^−(w−4).
func cfErfcx(u *big.Float, w uint) *I {
	uf, _ := u.Float64()
	wf := float64(w)
	// Levels needed at 160 bits (measured): about 500/u for u ≤ 30, and
	// w/(2·log₂u) beyond; the loop below doubles n when that is too few.
	n := int64(math.Max(wf/(2*math.Log2(math.Max(uf, 2)))+2, (wf/160)*(wf/160)*500/uf))
	n = max(n, 4)
	U := New(w).SetBig(u, u)
	tol := new(big.Float).SetPrec(w)
	for {
		rho := New(w)
		top := New(w).SetInt64(n + 1)
		top.Quo(top, U)
		top.Ldexp(top, -1)
		up(&rho.hi).Set(&top.hi) // [0, (n+1)/(2u)]
		den := New(w)
		for k := n; k >= 1; k-- {
			den.Add(U, rho)
			den.Ldexp(den, 1)
			rho.SetInt64(k)
			rho.Quo(rho, den)
		}
		den.Add(U, rho)
		up(tol).SetMantExp(&den.lo, -int(w)+4)
		if den.Width().Cmp(tol) <= 0 || n > 1<<20 {
			d := den.Mul(den, constsAt(w).sqrtPi)
			r := New(w).SetInt64(1)
			r.Quo(r, d)
			return r
		}
		n *= 2
	}
}

// workPrec is the working precision of erfc and erfcx at |v| = uf: guard
// bits plus, below seriesMax, the bits lost to cancellation in 1 − erf(u) and
// e^{u²} − e^{u²}erf(u) (erfc(u) ≥ e^{−u²}/(√π(u+1)), so at most
// 1.443u² + log₂(√π(u+1)) + 1 bits), rounded up to a multiple of 64.
func workPrec(p uint, uf float64) uint {
	w := p + 24
	if uf < seriesMax {
		w += uint(1.443*uf*uf) + 8
	}
	return roundPrec(w)
}

// erfcPoint sets z (precision p) to an enclosure of erfc(v) and g to one of
// e^{−v²}, for an exact v: for |v| < seriesMax,
// erfc(±u) = 1 ∓ (2/√π)e^{−u²}S(u) (dawsonSeries); beyond,
// erfc(u) = e^{−u²}erfcx(u) (cfErfcx) and erfc(−u) = 2 − erfc(u). v² is
// exact (at twice v's precision).
func erfcPoint(z, g *I, v *big.Float, p uint) {
	u := new(big.Float).Abs(v)
	uf, _ := u.Float64()
	w := workPrec(p, uf)
	u2 := new(big.Float).SetPrec(2*max(u.Prec(), 64)).Mul(u, u) // exact
	u2.Neg(u2)
	ge := new(I)
	if err := expPoint(ge, u2, w); err != nil {
		panic("bigiv: e^{-u^2} cannot overflow") // −u² ≤ 0 < MaxExpArg
	}
	var r *I
	if uf < seriesMax {
		s := dawsonSeries(u, w)
		s.Mul(s, ge)
		s.Mul(s, constsAt(w).twoOverSqrtPi) // erf(u)
		r = New(w).SetInt64(1)
		if v.Sign() >= 0 {
			r.Sub(r, s)
		} else {
			r.Add(r, s)
		}
	} else {
		r = cfErfcx(u, w)
		r.Mul(r, ge)
		if v.Sign() < 0 {
			r.Sub(New(w).SetInt64(2), r)
		}
	}
	if r.lo.Sign() < 0 { // erfc > 0
		down(&r.lo).SetInt64(0)
	}
	z.SetPrec(p)
	z.Set(r)
	if g != nil {
		g.SetPrec(p)
		g.Set(ge)
	}
}

// erfcxPoint sets z (precision p) to an enclosure of erfcx(v) = e^{v²}erfc(v)
// for an exact v: for |v| < seriesMax, erfcx(±u) = e^{u²} ∓ (2/√π)S(u);
// beyond, cfErfcx(u) and erfcx(−u) = 2e^{u²} − erfcx(u). It returns
// ErrRange for v < −√MaxExpArg (e^{v²} leaves big.Float's range).
func erfcxPoint(z *I, v *big.Float, p uint) error {
	u := new(big.Float).Abs(v)
	uf, _ := u.Float64()
	w := workPrec(p, uf)
	var r *I
	if uf < seriesMax || v.Sign() < 0 {
		u2 := new(big.Float).SetPrec(2*max(u.Prec(), 64)).Mul(u, u) // exact
		e := new(I)
		if err := expPoint(e, u2, w); err != nil {
			return err
		}
		if uf < seriesMax {
			s := dawsonSeries(u, w)
			s.Mul(s, constsAt(w).twoOverSqrtPi)
			if v.Sign() >= 0 {
				r = e.Sub(e, s)
			} else {
				r = e.Add(e, s)
			}
		} else {
			e.Ldexp(e, 1)
			r = e.Sub(e, cfErfcx(u, w))
		}
	} else {
		r = cfErfcx(u, w)
	}
	if r.lo.Sign() < 0 { // erfcx > 0
		down(&r.lo).SetInt64(0)
	}
	z.SetPrec(p)
	z.Set(r)
	return nil
}

// erfcEnds encloses erfc over x and e^{−v²} at x's two ends (ga at lo, gb
// at hi; gb = ga for a point). erfc decreases, so the lower end of the
// enclosure comes from x's upper end and the upper end from x's lower end.
// When x is narrow, 2·δ·(|hi| + 1) ≤ 2^−p with δ = hi − lo, one evaluation
// at hi serves: erfc(lo) = erfc(hi) + (2/√π)∫_lo^hi e^{−t²}dt, and on
// [lo, hi] e^{−t²} ≤ e^{−hi²}·e^{|hi² − t²|} ≤ 2e^{−hi²}, so
// erfc(lo) ≤ erfc(hi) + 2.3·δ·e^{−hi²} (2·2/√π < 2.3).
func erfcEnds(z *I, x *I, p uint) (ga, gb *I) {
	a, gb := new(I), new(I)
	erfcPoint(a, gb, &x.hi, p)
	if x.IsPoint() {
		z.Set(a)
		return gb, gb
	}
	d := x.Width()
	m := new(big.Float).Abs(&x.hi)
	add(m, m, big.NewFloat(1), false)
	m.Mul(m, d)
	if m.MantExp(nil) <= -int(p)-1 {
		e := up(new(big.Float).SetPrec(p)).Mul(d, &gb.hi)
		e.Mul(e, big.NewFloat(2.3))
		down(&z.lo).Set(&a.lo)
		add(up(&z.hi), &a.hi, e, false)
		return nil, gb
	}
	b, ga := new(I), new(I)
	erfcPoint(b, ga, &x.lo, p)
	down(&z.lo).Set(&a.lo)
	up(&z.hi).Set(&b.hi)
	return ga, gb
}

// Erfc sets z = {erfc(v) : v ∈ x} (erfcEnds).
func (z *I) Erfc(x *I) *I {
	p := z.lo.Prec()
	if p == 0 {
		p = max(x.lo.Prec(), x.hi.Prec())
		z.SetPrec(p) // no-op if z is x
	}
	erfcEnds(z, x, p)
	return z
}

// Erfcx sets z = {erfcx(v) : v ∈ x}, erfcx(v) = e^{v²}erfc(v). erfcx
// decreases on the whole line (erfcx′(v) = 2v·erfcx(v) − 2/√π, negative for
// v ≤ 0, and for v > 0 because erfcx(v) < 1/(√π·v) by cfErfcx's
// representation), so the ends come from x's upper and lower ends. It
// returns ErrRange (z unchanged) when x reaches below −√MaxExpArg.
func (z *I) Erfcx(x *I) (*I, error) {
	p := z.lo.Prec()
	if p == 0 {
		p = max(x.lo.Prec(), x.hi.Prec())
		z.SetPrec(p) // no-op if z is x
	}
	b := new(I)
	if err := erfcxPoint(b, &x.lo, p); err != nil {
		return z, err
	}
	if x.IsPoint() {
		return z.Set(b), nil
	}
	a := new(I)
	if err := erfcxPoint(a, &x.hi, p); err != nil {
		return z, err
	}
	down(&z.lo).Set(&a.lo)
	up(&z.hi).Set(&b.hi)
	return z, nil
}
