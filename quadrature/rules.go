package quadrature

import (
	"fmt"
	"math"
	"math/big"
	"sync"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/mat"
)

// Rule is a fixed quadrature rule: ∫ f(x) w(x) dx ≈ Σ W[i]·f(X[i]) on the rule's
// reference domain and weight.
type Rule struct {
	X, W []float64
}

// Legendre returns the n-point Gauss–Legendre rule on [-1, 1] (weight 1),
// computed by gonum's quad.Legendre (Bogaert's iteration-free algorithm).
func Legendre(n int) Rule {
	if n < 1 {
		panic("quadrature: Legendre order must be positive")
	}
	r := Rule{X: make([]float64, n), W: make([]float64, n)}
	quad.Legendre{}.FixedLocations(r.X, r.W, -1, 1)
	return r
}

// HalfNormal returns the n-point Gaussian rule for the half-normal density
// 2φ(u) = √(2/π)·e^{−u²/2} on [0, ∞): Σ W[i]·f(X[i]) is exact for polynomials
// of degree up to 2n−1, and Σ W[i] = 1.
//
// The rule is built by Golub–Welsch: the recurrence coefficients come from
// the moments M_k = E|Z|^k by the Chebyshev algorithm (Gautschi, "Orthogonal
// Polynomials: Computation and Approximation", 2004, §2.1.7), run in 1024-bit
// arithmetic because the moment map is badly conditioned; the nodes are the
// eigenvalues of the Jacobi matrix (gonum's mat.EigenSym), polished by Newton's
// method on the orthonormal recurrence; the weights are the Christoffel numbers
// 1/Σ_k p_k(x)², which keeps small weights accurate to a few ulps.
func HalfNormal(n int) Rule {
	if n < 1 || n > 100 {
		panic("quadrature: HalfNormal order must be in [1, 100]")
	}
	a, b := halfNormalRecurrence(n)
	// Jacobi matrix: diagonal a_k, off-diagonal √b_k.
	j := mat.NewSymDense(n, nil)
	for k := 0; k < n; k++ {
		j.SetSym(k, k, a[k])
		if k+1 < n {
			j.SetSym(k, k+1, math.Sqrt(b[k+1]))
		}
	}
	var es mat.EigenSym
	if !es.Factorize(j, false) {
		panic("quadrature: eigen decomposition of the Jacobi matrix failed")
	}
	r := Rule{X: es.Values(nil), W: make([]float64, n)}
	for i, x := range r.X {
		// Newton polish of p_n(x) = 0.
		for it := 0; it < 3; it++ {
			p, dp, _ := orthonormal(a, b, n, x)
			if dp == 0 {
				break
			}
			x -= p / dp
		}
		r.X[i] = x
		_, _, sumsq := orthonormal(a, b, n, x)
		r.W[i] = 1 / sumsq
	}
	return r
}

// orthonormal evaluates the orthonormal polynomial p_n at x by the three-term
// recurrence √b_{k+1} p_{k+1} = (x − a_k) p_k − √b_k p_{k−1}, with p_0 = 1
// (the measure has mass 1). It returns p_n(x), p_n'(x) and Σ_{k<n} p_k(x)².
func orthonormal(a, b []float64, n int, x float64) (p, dp, sumsq float64) {
	pPrev, p := 0.0, 1.0
	dPrev, d := 0.0, 0.0
	sumsq = 0
	for k := 0; k < n; k++ {
		sumsq += p * p
		var sbk float64
		if k > 0 {
			sbk = math.Sqrt(b[k])
		}
		var sbk1 float64
		if k+1 < len(b) {
			sbk1 = math.Sqrt(b[k+1])
		} else {
			sbk1 = 1 // p_n is only needed up to scale for its root
		}
		pNext := ((x-a[k])*p - sbk*pPrev) / sbk1
		dNext := (p + (x-a[k])*d - sbk*dPrev) / sbk1
		pPrev, p = p, pNext
		dPrev, d = d, dNext
	}
	return p, d, sumsq
}

// halfNormalRecurrence returns a_k, b_k (k = 0..n) of the monic orthogonal
// polynomials for the half-normal density: π_{k+1} = (x − a_k)π_k − b_kπ_{k−1}.
// b has n+1 entries so that √b_n can scale p_n.
func halfNormalRecurrence(n int) (a, b []float64) {
	const prec = 1024
	m := 2*n + 2
	nf := func() *big.Float { return new(big.Float).SetPrec(prec) }
	// Moments of the half-normal density: M_0 = 1, M_1 = √(2/π),
	// M_k = (k−1)·M_{k−2}.
	pi, _, err := big.ParseFloat(pi100, 10, prec, big.ToNearestEven)
	if err != nil {
		panic(err)
	}
	mom := make([]*big.Float, m+1)
	mom[0] = nf().SetInt64(1)
	mom[1] = nf().Sqrt(nf().Quo(nf().SetInt64(2), pi))
	for k := 2; k <= m; k++ {
		mom[k] = nf().Mul(mom[k-2], nf().SetInt64(int64(k-1)))
	}
	// Chebyshev algorithm: sigma_{k,l} = ∫ π_k(x) x^l dμ.
	N := n + 1
	alpha := make([]*big.Float, N)
	beta := make([]*big.Float, N)
	prev := make([]*big.Float, 2*N) // sigma_{k-2,·}
	cur := make([]*big.Float, 2*N)  // sigma_{k-1,·}
	for l := 0; l < 2*N; l++ {
		prev[l] = nf()
		cur[l] = nf().Set(mom[l])
	}
	alpha[0] = nf().Quo(mom[1], mom[0])
	beta[0] = nf().Set(mom[0])
	for k := 1; k < N; k++ {
		next := make([]*big.Float, 2*N)
		for l := range next {
			next[l] = nf()
		}
		for l := k; l < 2*N-k; l++ {
			t := nf().Sub(cur[l+1], nf().Mul(alpha[k-1], cur[l]))
			next[l] = t.Sub(t, nf().Mul(beta[k-1], prev[l]))
		}
		alpha[k] = nf().Sub(nf().Quo(next[k+1], next[k]), nf().Quo(cur[k], cur[k-1]))
		beta[k] = nf().Quo(next[k], cur[k-1])
		prev, cur = cur, next
	}
	a = make([]float64, N)
	b = make([]float64, N)
	for k := 0; k < N; k++ {
		a[k], _ = alpha[k].Float64()
		b[k], _ = beta[k].Float64()
		if !(b[k] > 0) {
			panic(fmt.Sprintf("quadrature: non-positive recurrence coefficient b_%d", k))
		}
	}
	return a, b
}

// pi100 is π to 100 decimal places (OEIS A000796).
const pi100 = "3.1415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679"

// Cached rules, computed once on first use.
var (
	rulesOnce sync.Once
	rules     struct {
		half, halfLow Rule // half-normal, high and low order
		leg, legLow   Rule // Gauss–Legendre, high and low order
		legShort      Rule // Gauss–Legendre for easy (short, flat) panels
	}
)

// Orders of the cached rules. The high orders give the results; the low
// orders exist to estimate their error (two orders compared).
const (
	halfOrder     = 24
	halfLowOrder  = 16
	legOrder      = 20
	legLowOrder   = 13
	legShortOrder = 10
)

func cached() *struct {
	half, halfLow Rule
	leg, legLow   Rule
	legShort      Rule
} {
	rulesOnce.Do(func() {
		rules.half = HalfNormal(halfOrder)
		rules.halfLow = HalfNormal(halfLowOrder)
		rules.leg = Legendre(legOrder)
		rules.legLow = Legendre(legLowOrder)
		rules.legShort = Legendre(legShortOrder)
	})
	return &rules
}
