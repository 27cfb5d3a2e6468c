package meanfield

import (
	"math"
	"sync"

	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/quadrature"
)

// The Price route: SELU's covariance as one integral over the correlation.
//
// Price's theorem, d/dc E[g(z₁)h(z₂)] = x·E[g′(z₁)h′(z₂)] for z₁, z₂ ~ N(y, x)
// with correlation c, applied twice to f = SELU/λ (f′ = 1{z>0} + α·e^z·1{z<0},
// f″ = α·v + (1 − α)·δ with v(z) = e^z·1{z<0}) gives
//
//	Cov(c) = x·c·E[f′]² + x²∫₀^c (c − w)·E_w[f″(z₁)f″(z₂)] dw.
//
// E_w[f″f″] = α²A + 2α(1 − α)V + (1 − α)²D with
//
//	D(w) = E_w[δ(z₁)δ(z₂)]  = e^{−y²/(x(1+w))} / (2πx√(1 − w²)),
//	V(w) = E_w[v(z₁)δ(z₂)]  = φ(y/s)/s · E[e^Z·1{Z<0}], Z ~ N(y(1 − w), x(1 − w²)),
//	A(w) = E_w[v(z₁)v(z₂)],
//
// D and V elementary (exp, erfcx). A is a bivariate normal integral, but v′ =
// v − δ makes it solve A′ = x(A − 2V + D), so that A(w) = e^{xw}A(0) +
// x∫₀^w e^{x(w−u)}(D − 2V)(u) du; exchanging the order of integration,
//
//	Cov(c) = x·c·E[f′]² + α²·A(0)·E₂(xc)
//	       + x∫₀^c [D·((1−α)²L + α²E₂(L)) − 2αV·((α−1)L + αE₂(L))] dw,
//
// L = x(c − w), E₂(L) = e^L − 1 − L, A(0) = E[v]². Its c-derivative gives
// E[f′(z₁)f′(z₂)] the same way with (L, E₂) replaced by (1, E₁), E₁(L) = e^L − 1.
// The substitution w = sin θ removes D's 1/√(1 − w²); what remains is smooth
// in θ on [0, asin c] and integrated by Gauss–Legendre. The covariance comes
// out directly — no E[f(z₁)f(z₂)] − μ̃² cancellation. (For ReLU, α = 0, this is
// the arc-cosine kernel of Cho and Saul, 2009; the tests check that.)

// priceOrder is the Gauss–Legendre order in θ. The integrand is smooth in θ
// on the route's domain (priceDomain); its accuracy there is measured
// against the quadrature route by TestPriceRoute.
var priceOrder = 20

var (
	priceOnce sync.Once
	priceRule quadrature.Rule
)

func priceLegendre() *quadrature.Rule {
	priceOnce.Do(func() { priceRule = quadrature.Legendre(priceOrder) })
	return &priceRule
}

// Price route domain: the net input's variance x ∈ [priceMinX, priceMaxX]
// and |y|/√x ≤ priceMaxRatio. Outside it the integrand in θ varies on scales
// that a fixed rule does not resolve (for large x, e^{x(c−w)} is
// concentrated within 1/x of w = 0; for large |y|/√x, e^{−y²/(x(1+w))} is
// a steep front), and the quadrature route is used. The bounds are where
// TestPriceRoute measured agreement within priceTol with the quadrature
// route, with margin.
const (
	priceMinX     = 1e-8
	priceMaxX     = 8
	priceMaxRatio = 3
	// priceMinC: towards c = −1 the front e^{−y²/(x(1+w))} steepens.
	priceMinC = -0.9
)

// inPriceDomain reports whether the Price route applies at (y, x).
func inPriceDomain(y, x float64) bool {
	return x >= priceMinX && x <= priceMaxX && math.Abs(y) <= priceMaxRatio*math.Sqrt(x)
}

// invTwoPi, invSqrt2Pi2, invSqrt2 are 1/(2π), 1/(2√(2π)) and 1/√2.
const (
	invTwoPi    = 0.159154943091895335768883763372514362034459645740456448747667344058896797634226535
	invSqrt2Pi2 = 0.199471140200716338969973029967190934237929315582467328832962914835328962949
	invSqrt2    = 0.707106781186547524400844362104849039284835937688474036588339868995366239231
)

// priceA0 returns A(0) = E[v(z)]² = (e^{y+x/2}·Φ(−q₀))², q₀ = (y + x)/√x,
// for q₀ ≥ 0 as (½e^{−y²/(2x)}·erfcx(q₀/√2))², which does not overflow.
func priceA0(y, x float64) float64 {
	q0 := (y + x) / math.Sqrt(x)
	var ev float64
	if q0 >= 0 {
		ev = 0.5 * math.Exp(-y*y/(2*x)) * mapping.Erfcx(q0/math.Sqrt2)
	} else {
		ev = math.Exp(y+x/2) * 0.5 * math.Erfc(q0/math.Sqrt2)
	}
	return ev * ev
}

// priceCov returns Cov(f(z₁), f(z₂)) (deriv false) or E[f′(z₁)f′(z₂)]
// (deriv true) at correlation c ∈ (−1, 1) by the Price route, for z ~
// N(y, x), and Σ|terms| (for a rounding bound). meanD is E[f′] (with λ)
// and a0 is priceA0(y, x).
func (f selu) priceCov(y, x, c, meanD, a0 float64, deriv bool) (v, mag float64) {
	a := f.alpha
	s := math.Sqrt(x)
	invX, invS := 1/x, 1/s
	l2 := f.lambda * f.lambda
	md := meanD / f.lambda // E[f′]/λ

	var t0, t1 float64
	if deriv {
		t0 = md * md
		t1 = a * a * a0 * expm1(x*c)
	} else {
		t0 = x * c * md * md
		t1 = a * a * a0 * e2(x*c)
	}
	sum, mag := t0+t1, math.Abs(t0)+math.Abs(t1)

	r := priceLegendre()
	h := math.Asin(c) / 2     // θ ∈ [0, 2h], θ = h(1 + X)
	kD0, kV0 := x*h, -2*a*x*h // the rule's factor h and the integrand's x, −2αx
	cD, cV := invTwoPi*invX, invSqrt2Pi2*invS
	node := func(w, cw, weight float64) {
		if cw < 0 {
			cw = 0 // cos θ ≥ 0 on [−π/2, π/2]; rounding may not know
		}
		L := x * (c - w)
		g := 1.0
		if y != 0 {
			g = math.Exp(-y * y * invX / (1 + w))
		}
		dc := g * cD // D(w)·cos θ
		// V(w)·cos θ; q₁ = (μ₁ + σ₁²)/σ₁ for Z's mean μ₁ = y(1 − w) and
		// variance σ₁² = x(1 − w²).
		var vc float64
		if cw > 0 {
			q1 := (y*(1-w) + x*cw*cw) * invS / cw
			if q1 >= 0 {
				vc = g * mapping.Erfcx(q1*invSqrt2) * cV * cw
			} else {
				vc = math.Exp(-y*y*invX/2+y*(1-w)+x*cw*cw/2) * math.Erfc(q1*invSqrt2) * cV * cw
			}
		}
		var kD, kV float64
		if deriv {
			e := expm1(L)
			kD = (1-a)*(1-a) + a*a*e
			kV = (a - 1) + a*e
		} else {
			e := e2(L)
			kD = (1-a)*(1-a)*L + a*a*e
			kV = (a-1)*L + a*e
		}
		td := kD0 * weight * dc * kD
		tv := kV0 * weight * vc * kV
		sum += td + tv
		mag += math.Abs(td) + math.Abs(tv)
	}
	// The nodes come in pairs θ = h ± u (the rule is symmetric): one sincos
	// of u serves both, by the addition theorems.
	sh, ch := math.Sincos(h)
	n := len(r.X)
	for i := 0; i < n/2; i++ {
		j := n - 1 - i // X[j] = −X[i] > 0
		su, cu := math.Sincos(h * r.X[j])
		node(sh*cu+ch*su, ch*cu-sh*su, r.W[j])
		node(sh*cu-ch*su, ch*cu+sh*su, r.W[i])
	}
	if n%2 == 1 {
		node(sh, ch, r.W[n/2])
	}
	return l2 * sum, l2 * mag
}

// expm1 is e^L − 1.
func expm1(L float64) float64 { return math.Expm1(L) }

// e2 returns e^L − 1 − L, by its Taylor series where expm1(L) − L would
// cancel: for |L| < 1/2, L²·Σ_{k=0}^{15} L^k/(k+2)! leaves a remainder below
// 2·(1/2)^16/18! < 5e-21 of the leading term L²/2. The polynomial is
// evaluated by Estrin's scheme (pairs, then powers L², L⁴, L⁸): the same
// sum as Horner's rule with a chain four multiply-adds long instead of
// fifteen.
func e2(L float64) float64 {
	if math.Abs(L) >= 0.5 {
		return math.Expm1(L) - L
	}
	f := &invFact
	L2 := L * L
	L4 := L2 * L2
	L8 := L4 * L4
	q0 := (f[2] + f[3]*L) + (f[4]+f[5]*L)*L2
	q1 := (f[6] + f[7]*L) + (f[8]+f[9]*L)*L2
	q2 := (f[10] + f[11]*L) + (f[12]+f[13]*L)*L2
	q3 := (f[14] + f[15]*L) + (f[16]+f[17]*L)*L2
	return ((q0 + q1*L4) + (q2+q3*L4)*L8) * L2
}

// invFact[k] is 1/k! rounded to nearest, k = 0…17.
var invFact = func() (v [18]float64) {
	f := 1.0
	for k := range v {
		if k > 0 {
			f *= float64(k) // exact: k! for k ≤ 17 has at most 34 significant bits
		}
		v[k] = 1 / f
	}
	return v
}()
