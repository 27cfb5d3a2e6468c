package verify

import (
	"errors"
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/internal/interval"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// FixedPointSettings are optional settings of CertifyFixedPoint; nil means
// the defaults.
type FixedPointSettings struct {
	// Find are the settings of the float64 search (fixedpoint.Find) whose
	// result is the centre of the box; nil means its defaults.
	Find *fixedpoint.Settings
}

// Stability is what a certified bound on the spectral radius of ℋ at a fixed
// point proves.
type Stability int

const (
	// Undecided: the bounds on the spectral radius contain 1.
	Undecided Stability = iota
	// Attracting: the spectral radius is below 1 (proved), so the fixed
	// point is locally asymptotically stable (Ostrowski's theorem: g is C¹
	// near it, and some norm makes g a contraction on a neighbourhood).
	Attracting
	// Unstable: the spectral radius is above 1 (proved): an eigenvalue of
	// modulus > 1, so orbits leave every small neighbourhood along it.
	Unstable
)

func (s Stability) String() string {
	switch s {
	case Attracting:
		return "attracting"
	case Unstable:
		return "unstable"
	}
	return "undecided"
}

// CertifiedFixedPoint is a box in (μ, ν) proved to contain exactly one fixed
// point of g, with certified bounds on ℋ there.
type CertifiedFixedPoint struct {
	// Approx is the float64 fixed point (fixedpoint.Find) the test started
	// from.
	Approx fixedpoint.Result
	// Mu and Nu are the box [Mu[0], Mu[1]] × [Nu[0], Nu[1]] that contains
	// exactly one fixed point of g for every α, λ within one ulp of the
	// given ones: the Krawczyk box narrowed by Krawczyk iterations (each
	// iterate contains every fixed point of the box before it).
	Mu, Nu [2]float64
	// ProofMu × ProofNu is the box of the Krawczyk test itself,
	// K(X) ⊂ int(X); g has no other fixed point in it.
	ProofMu, ProofNu [2]float64
	// H encloses ℋ = ∂(μ̃, ν̃)/∂(μ, ν) on the box: H[i][j] = [lo, hi].
	H [2][2][2]float64
	// Radius and Norm bound the spectral radius and the spectral norm of ℋ
	// at the fixed point: Radius[0] ≤ ρ(ℋ) ≤ Radius[1], and the same for the
	// largest singular value (they bound it over the whole box).
	Radius, Norm [2]float64
	// Stability is what Radius proves.
	Stability Stability
	// Contracting: Norm[1] < 1, so g is a Euclidean contraction on the box.
	Contracting bool
	// Inflations is the number of box sizes tried before the test
	// succeeded, Narrowings the Krawczyk iterations that narrowed it.
	Inflations, Narrowings int
}

// FixedPointAssumes says what CertifyFixedPoint's results rest on.
const FixedPointAssumes = "IEEE-754 binary64 arithmetic and nothing else (exp, erfc and erfcx enclosed by series and continued fractions with proved remainders, docs/rigour.md); omega and tau exactly as given; alpha and lambda as given, each widened by one ulp"

// ErrNotCertified is returned (wrapped with the reason) when the Krawczyk
// test cannot prove a box with exactly one fixed point.
var ErrNotCertified = errors.New("fixed point not certified")

// fixedPointRadii are the half-widths tried for the Krawczyk box, relative
// to ν̂ for ν and, for μ, to √ν̂·min(1, √τ/|ω|): the scale on which the net
// input's mean y = μω moves against its standard deviation √(ντ) (with a
// large |ω|, a box as wide in μ as in √ν would move y by far more than g's
// curvature allows). From near the rounding of g upwards; the first that
// passes is kept, so the box is as small as the enclosures allow.
var fixedPointRadii = [...]float64{1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3}

// maxNarrowings bounds the Krawczyk iterations that narrow the box.
const maxNarrowings = 20

// CertifyFixedPoint proves that a box in (μ, ν) contains exactly one fixed
// point of g for SELU(α, λ) at weight statistics (ω, τ), and bounds the
// spectral radius and norm of ℋ there.
//
// It starts from the float64 fixed point p̂ of fixedpoint.Find and applies
// the Krawczyk test (Krawczyk 1969; Moore, Kearfott and Cloud, Introduction
// to Interval Analysis, 2009, §8.2) to f(p) = g(p) − p on boxes X = p̂ ± r:
//
//	K(X) = p̂ − C·f(p̂) + (I − C·f′(X))·(X − p̂),
//
// with C ≈ (ℋ(p̂) − I)⁻¹ in float64, f(p̂) enclosed in interval arithmetic and
// f′(X) = ℋ(X) − I from interval enclosures of ℋ over X: ∂μ̃/∂μ = ω·∂μ̃/∂y,
// ∂μ̃/∂ν = τ·∂μ̃/∂x, and the same for ν̃, with y = μω, x = ντ (paper
// appendix A3.4.1). If K(X) ⊂ interior(X), g has exactly one fixed point in
// X; α and λ enter as intervals one ulp wide, so this holds for every α, λ
// in them. The box is then narrowed by X ← K(X) ∩ X.
//
// The spectral radius of ℋ at the fixed point lies between bounds derived
// from interval enclosures of the trace t and determinant δ of ℋ on the box:
// the eigenvalues are t/2 ± √(t²/4 − δ) (real when t²/4 ≥ δ, else complex of
// modulus √δ). The spectral norm is bounded by the paper's eq. 69.
//
// Errors: the inputs as mapping.SELU.Validate and mapping.Normal (bad input);
// fixedpoint.Find's error (it wraps fixedpoint.ErrNoFixedPoint); or
// ErrNotCertified, wrapped with the reason (g's enclosure fails on the box,
// or no box passes the test: a fixed point too ill-conditioned, or
// ℋ − I nearly singular).
func CertifyFixedPoint(alpha, lambda, omega, tau float64, s *FixedPointSettings) (CertifiedFixedPoint, error) {
	var r CertifiedFixedPoint
	f := mapping.SELU{Alpha: alpha, Lambda: lambda}
	if err := f.Validate(); err != nil {
		return r, err
	}
	if _, _, err := mapping.Normal(0, 1, omega, tau); err != nil {
		return r, err
	}
	var fs *fixedpoint.Settings
	if s != nil {
		fs = s.Find
	}
	approx, err := fixedpoint.Find(f, omega, tau, fs)
	if err != nil {
		return r, err
	}
	r.Approx = approx
	p := krawczyk{
		a:     interval.Const(interval.Point(alpha).Widen(1)),
		l:     interval.Const(interval.Point(lambda).Widen(1)),
		omega: omega, tau: tau,
		c: [2]float64{approx.Mu, approx.Nu},
	}
	if err := p.prepare(); err != nil {
		return r, err
	}
	var X [2]interval.I
	ok := false
	var lastErr error
	muScale := math.Sqrt(p.c[1])
	if a := math.Abs(omega); a > math.Sqrt(tau) {
		muScale = math.Sqrt(p.c[1]) * (math.Sqrt(tau) / a)
	}
	for i, rel := range fixedPointRadii {
		r.Inflations = i + 1
		rad := [2]float64{rel * muScale, rel * p.c[1]}
		X = [2]interval.I{
			{Lo: p.c[0] - rad[0], Hi: p.c[0] + rad[0]},
			{Lo: p.c[1] - rad[1], Hi: p.c[1] + rad[1]},
		}
		K, err := p.operator(X)
		if err != nil {
			lastErr = err
			continue
		}
		if interior(K[0], X[0]) && interior(K[1], X[1]) {
			ok = true
			r.ProofMu, r.ProofNu = ends(X[0]), ends(X[1])
			X = [2]interval.I{intersect(K[0], X[0]), intersect(K[1], X[1])}
			break
		}
	}
	if !ok {
		if lastErr != nil {
			return r, fmt.Errorf("%w: around (%g, %g): %v", ErrNotCertified, p.c[0], p.c[1], lastErr)
		}
		return r, fmt.Errorf("%w: the Krawczyk test fails on every box around (%g, %g) up to relative radius %g (f' = H - I too close to singular, or the enclosures too wide)",
			ErrNotCertified, p.c[0], p.c[1], fixedPointRadii[len(fixedPointRadii)-1])
	}
	// Narrow: every fixed point in X lies in K(X), so X ∩ K(X) keeps the
	// one. K's centre must lie in X (the mean-value argument runs along the
	// segment from it to the fixed point, where f′(X) must hold): each step
	// is centred at the current box's midpoint, with f enclosed there anew.
	for range maxNarrowings {
		if err := p.center([2]float64{X[0].Mid(), X[1].Mid()}); err != nil {
			break
		}
		K, err := p.operator(X)
		if err != nil {
			break
		}
		n := [2]interval.I{intersect(K[0], X[0]), intersect(K[1], X[1])}
		if n == X {
			break
		}
		X = n
		r.Narrowings++
	}
	r.Mu, r.Nu = ends(X[0]), ends(X[1])

	H, err := p.jacobian(X)
	if err != nil {
		return r, fmt.Errorf("%w: %v", ErrNotCertified, err)
	}
	for i := range 2 {
		for j := range 2 {
			r.H[i][j] = ends(H[i][j])
		}
	}
	r.Radius = spectralRadiusBounds(H)
	n := spectralNormIv(interval.Const(H[0][0]), interval.Const(H[0][1]), interval.Const(H[1][0]), interval.Const(H[1][1])).V
	r.Norm = ends(n)
	if !n.Finite() || !(r.Radius[0] <= r.Radius[1]) || math.IsInf(r.Radius[1], 0) {
		return r, fmt.Errorf("%w: the box around (%g, %g) holds exactly one fixed point, but the bounds of H's spectral radius and norm overflow float64 (H's entries reach %.3g)",
			ErrNotCertified, p.c[0], p.c[1], maxAbs(H))
	}
	switch {
	case r.Radius[1] < 1:
		r.Stability = Attracting
	case r.Radius[0] > 1:
		r.Stability = Unstable
	}
	r.Contracting = r.Norm[1] < 1
	return r, nil
}

// krawczyk holds the data of the Krawczyk operator for f(p) = g(p) − p.
type krawczyk struct {
	a, l       interval.D // α, λ (constant intervals)
	omega, tau float64
	c          [2]float64    // the centre p̂
	fc         [2]interval.I // f(p̂)
	C          [2][2]float64 // ≈ (ℋ(p̂) − I)⁻¹
}

// jacobian encloses ℋ over the box X.
func (k *krawczyk) jacobian(X [2]interval.I) ([2][2]interval.I, error) {
	var H [2][2]interval.I
	if !(X[1].Lo > 0) {
		return H, fmt.Errorf("the box reaches nu <= 0")
	}
	W, T := interval.Point(k.omega), interval.Point(k.tau)
	e, err := encloseSELU(k.a, k.l, interval.Const(interval.Mul(W, X[0])), interval.Const(interval.Mul(T, X[1])))
	if err != nil {
		return H, err
	}
	H = [2][2]interval.I{
		{interval.Mul(W, e.meanY.V), interval.Mul(T, e.meanX.V)},
		{interval.Mul(W, e.varY.V), interval.Mul(T, e.varX.V)},
	}
	for _, row := range H {
		for _, v := range row {
			if !v.Finite() {
				return H, errEnclosure
			}
		}
	}
	return H, nil
}

// center sets the centre p̂ = c of the operator and encloses f(c).
func (k *krawczyk) center(c [2]float64) error {
	W, T := interval.Point(k.omega), interval.Point(k.tau)
	P := [2]interval.I{interval.Point(c[0]), interval.Point(c[1])}
	e, err := encloseSELU(k.a, k.l, interval.Const(interval.Mul(W, P[0])), interval.Const(interval.Mul(T, P[1])))
	if err != nil {
		return fmt.Errorf("%w: g at (%g, %g): %v", ErrNotCertified, c[0], c[1], err)
	}
	fc := [2]interval.I{interval.Sub(e.mean.V, P[0]), interval.Sub(e.variance.V, P[1])}
	if !fc[0].Finite() || !fc[1].Finite() {
		return fmt.Errorf("%w: the enclosure of g at (%g, %g) is not finite", ErrNotCertified, c[0], c[1])
	}
	k.c, k.fc = c, fc
	return nil
}

// prepare encloses f(p̂) and sets C from the midpoint of ℋ(p̂) − I.
func (k *krawczyk) prepare() error {
	if err := k.center(k.c); err != nil {
		return err
	}
	P := [2]interval.I{interval.Point(k.c[0]), interval.Point(k.c[1])}
	H, err := k.jacobian(P)
	if err != nil {
		return fmt.Errorf("%w: H at (%g, %g): %v", ErrNotCertified, k.c[0], k.c[1], err)
	}
	m00, m01 := H[0][0].Mid()-1, H[0][1].Mid()
	m10, m11 := H[1][0].Mid(), H[1][1].Mid()-1
	det := m00*m11 - m01*m10
	k.C = [2][2]float64{{m11 / det, -m01 / det}, {-m10 / det, m00 / det}}
	for _, row := range k.C {
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("%w: H - I is singular at (%g, %g) (an eigenvalue of H equals 1)", ErrNotCertified, k.c[0], k.c[1])
			}
		}
	}
	return nil
}

// operator returns K(X) = p̂ − C·f(p̂) + (I − C·(ℋ(X) − I))·(X − p̂); p̂
// must lie in X.
func (k *krawczyk) operator(X [2]interval.I) ([2]interval.I, error) {
	var K [2]interval.I
	H, err := k.jacobian(X)
	if err != nil {
		return K, err
	}
	// M = ℋ(X) − I.
	M := H
	M[0][0] = interval.Sub(M[0][0], ivOne)
	M[1][1] = interval.Sub(M[1][1], ivOne)
	var D [2]interval.I // X − p̂
	for j := range 2 {
		D[j] = interval.Sub(X[j], interval.Point(k.c[j]))
	}
	for i := range 2 {
		ci0, ci1 := interval.Point(k.C[i][0]), interval.Point(k.C[i][1])
		cf := interval.Add(interval.Mul(ci0, k.fc[0]), interval.Mul(ci1, k.fc[1]))
		acc := interval.Sub(interval.Point(k.c[i]), cf)
		for j := range 2 {
			delta := 0.0
			if i == j {
				delta = 1
			}
			rij := interval.Sub(interval.Point(delta), interval.Add(interval.Mul(ci0, M[0][j]), interval.Mul(ci1, M[1][j])))
			acc = interval.Add(acc, interval.Mul(rij, D[j]))
		}
		if !acc.Finite() {
			return K, errEnclosure
		}
		K[i] = acc
	}
	return K, nil
}

// spectralRadiusBounds returns lower and upper bounds of the spectral radius
// of every real matrix in the interval matrix H. With trace t ∈ T and
// determinant δ ∈ D, the eigenvalues are t/2 ± √(t²/4 − δ): for
// t²/4 ≥ δ they are real and ρ = |t|/2 + √(t²/4 − δ); otherwise complex
// conjugates and ρ = √δ. In every case ρ ≥ |t|/2 (|λ₁ + λ₂| ≤ 2ρ) and
// ρ ≥ √|δ| (|λ₁λ₂| ≤ ρ²).
func spectralRadiusBounds(H [2][2]interval.I) [2]float64 {
	T := interval.Add(H[0][0], H[1][1])
	D := interval.Sub(interval.Mul(H[0][0], H[1][1]), interval.Mul(H[0][1], H[1][0]))
	disc := interval.Sub(interval.Mul(interval.Point(0.25), interval.Sqr(T)), D)
	absT := interval.Abs(T)
	halfT := interval.Mul(ivHalf, absT)
	// Upper bound: the real case where it can occur, the complex case where
	// it can occur.
	hi := math.Inf(-1)
	if disc.Hi >= 0 {
		hi = interval.Add(halfT, interval.Sqrt(interval.I{Lo: math.Max(disc.Lo, 0), Hi: disc.Hi})).Hi
	}
	if disc.Lo < 0 {
		hi = math.Max(hi, interval.Sqrt(interval.I{Lo: math.Max(D.Lo, 0), Hi: math.Max(D.Hi, 0)}).Hi)
	}
	// Lower bound: the general ones, and the real case's when every matrix
	// has real eigenvalues.
	lo := math.Max(halfT.Lo, interval.Sqrt(interval.Abs(D)).Lo)
	if disc.Lo >= 0 {
		lo = math.Max(lo, interval.Add(halfT, interval.Sqrt(disc)).Lo)
	}
	return [2]float64{math.Max(lo, 0), hi}
}

// interior reports whether a lies in the interior of b.
func interior(a, b interval.I) bool { return a.Lo > b.Lo && a.Hi < b.Hi }

// intersect returns a ∩ b (a and b overlap).
func intersect(a, b interval.I) interval.I {
	return interval.I{Lo: math.Max(a.Lo, b.Lo), Hi: math.Min(a.Hi, b.Hi)}
}

func ends(a interval.I) [2]float64 { return [2]float64{a.Lo, a.Hi} }

// maxAbs is the largest magnitude in an interval matrix.
func maxAbs(H [2][2]interval.I) float64 {
	m := 0.0
	for _, row := range H {
		for _, v := range row {
			m = math.Max(m, math.Max(math.Abs(v.Lo), math.Abs(v.Hi)))
		}
	}
	return m
}
