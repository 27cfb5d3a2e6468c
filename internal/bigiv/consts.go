package bigiv

import (
	"math/big"
	"sync"
)

// constants are enclosures of the constants the functions need, at one
// precision.
type constants struct {
	pi, ln2, sqrt2, sqrtPi, twoOverSqrtPi *I
}

var (
	constMu    sync.Mutex // serialises computing
	constCache sync.Map   // uint → *constants
)

// constsAt returns the constants at precision prec (computed once per
// precision; safe for concurrent use; the returned intervals must not be
// modified).
func constsAt(prec uint) *constants {
	if c, ok := constCache.Load(prec); ok {
		return c.(*constants)
	}
	constMu.Lock()
	defer constMu.Unlock()
	if c, ok := constCache.Load(prec); ok {
		return c.(*constants)
	}
	// 32 guard bits absorb the roundings of the series sums; the results
	// are rounded outwards to prec.
	w := prec + 32
	c := &constants{}
	c.pi = New(prec).Set(piSeries(w))
	c.ln2 = New(prec).Set(ln2Series(w))
	two := New(w).SetInt64(2)
	s2, _ := New(w).Sqrt(two)
	c.sqrt2 = New(prec).Set(s2)
	sp, _ := New(w).Sqrt(piSeries(w))
	c.sqrtPi = New(prec).Set(sp)
	q, _ := New(w).Quo(two, sp)
	c.twoOverSqrtPi = New(prec).Set(q)
	constCache.Store(prec, c)
	return c
}

// Pi returns an enclosure of π at precision prec (Machin's formula).
func Pi(prec uint) *I { return New(prec).Set(constsAt(prec).pi) }

// Ln2 returns an enclosure of ln 2 at precision prec.
func Ln2(prec uint) *I { return New(prec).Set(constsAt(prec).ln2) }

// Sqrt2 returns an enclosure of √2 at precision prec.
func Sqrt2(prec uint) *I { return New(prec).Set(constsAt(prec).sqrt2) }

// SqrtPi returns an enclosure of √π at precision prec.
func SqrtPi(prec uint) *I { return New(prec).Set(constsAt(prec).sqrtPi) }

// TwoOverSqrtPi returns an enclosure of 2/√π at precision prec.
func TwoOverSqrtPi(prec uint) *I { return New(prec).Set(constsAt(prec).twoOverSqrtPi) }

// arctanInv encloses arctan(1/m) for an integer m ≥ 2 at precision w:
//
//	arctan(1/m) = Σ_{k≥0} (−1)^k / ((2k+1)·m^(2k+1)).
//
// Remainder: the terms alternate in sign and decrease in magnitude to 0, so
// (Leibniz) the sum of the terms from index K on has the sign of term K and
// a magnitude at most |term K|. The partial sum of K terms plus
// [−|t_K|, |t_K|] therefore contains the value. Every term is computed in
// interval arithmetic.
func arctanInv(m int64, w uint) *I {
	pow := New(w).SetInt64(1)
	pow.QuoInt(pow, m) // 1/m^(2k+1), k = 0
	m2 := m * m
	sum := New(w)
	t := New(w)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(w)-4)
	for k := int64(0); ; k++ {
		t.QuoInt(pow, 2*k+1)
		if t.hi.Cmp(eps) < 0 {
			// t_K is the first omitted term: add [−t_K, t_K].
			return sum.Widen(sum, &t.hi)
		}
		if k%2 == 0 {
			sum.Add(sum, t)
		} else {
			sum.Sub(sum, t)
		}
		pow.QuoInt(pow, m2)
	}
}

// piSeries encloses π = 16·arctan(1/5) − 4·arctan(1/239) (Machin, 1706) at
// precision w.
func piSeries(w uint) *I {
	a := arctanInv(5, w)
	b := arctanInv(239, w)
	a.Ldexp(a, 4)
	b.Ldexp(b, 2)
	return a.Sub(a, b)
}

// ln2Series encloses ln 2 = 2·artanh(1/3) = Σ_{k≥0} 2/((2k+1)·3^(2k+1)) at
// precision w.
//
// Remainder: the terms t_k are positive and t_{k+1} ≤ t_k/9, so the terms
// from index K on sum to at most t_K·(1 + 1/9 + 1/81 + …) = (9/8)·t_K. The
// partial sum of K terms plus [0, (9/8)·t_K] contains the value.
func ln2Series(w uint) *I {
	pow := New(w).SetInt64(2)
	pow.QuoInt(pow, 3) // 2/3^(2k+1), k = 0
	sum := New(w)
	t := New(w)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(w)-4)
	for k := int64(0); ; k++ {
		t.QuoInt(pow, 2*k+1)
		if t.hi.Cmp(eps) < 0 {
			r := up(new(big.Float).SetPrec(w)).Mul(&t.hi, big.NewFloat(9.0/8))
			up(&sum.hi).Add(&sum.hi, r)
			return sum
		}
		sum.Add(sum, t)
		pow.QuoInt(pow, 9)
	}
}
