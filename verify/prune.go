package verify

import (
	"math"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// This file bounds the largest singular value of ℋ (or 𝒥) over all (μ, ω)
// pairs of a grid at one (ν, τ), a "slab", so that Scan can skip the slabs
// that cannot reach the grid maximum (two phases, see Scan). A skipped slab
// changes nothing in the result: its every point is below a value that some
// evaluated point attains.
//
// At fixed x = ντ the Jacobian's entries are functions of y = μω alone,
// scaled by ω (first column) and τ (second column):
//
//	M(μ, ω) = [[ω·F1(y), τ·F2(y)], [ω·F3(y), τ·F4(y)]],
//
// F1 = ∂μ̃/∂y, F2 = ∂μ̃/∂x, F3 = ∂ξ̃/∂y (or ∂ν̃/∂y), F4 = ∂ξ̃/∂x (or ∂ν̃/∂x).
// Replace each Fi by its linear interpolant ℓi between the ends ya, yb of the
// grid's y range; the error is at most (yb − ya)²/8·sup|Fi”| on [ya, yb].
// With ℓi, the matrix is affine in μ at fixed ω, and the largest singular
// value, a convex function of the matrix, is largest at μ's ends. So
//
//	max σ(M) ≤ max over grid ω, μ ∈ {μlo, μhi} of σ(M_lin) + ‖E‖_F,
//
// with E the entries' interpolation (and rounding) errors.
//
// The second derivatives come from the Gaussian smoothing: for a bounded g,
// dⁿ/dyⁿ E[g(y + sZ)] = s⁻ⁿ·E[g(y + sZ)·Heₙ(Z)] (differentiate the normal
// density; Heₙ are the probabilists' Hermite polynomials, s = √x), and since
// E[Heₙ(Z)] = 0 for n ≥ 1, |…| ≤ s⁻ⁿ·E|Heₙ(Z)|·(sup g − inf g)/2. SELU's f'
// lies in [0, λ·max(1, α)] and (f²)” in [−λ²α²/4, 2λ²·max(1, α²)] (on z < 0
// it is 2λ²α²(2t² − t), t = eᶻ ∈ (0, 1), smallest at t = ¼; (f²)' is
// continuous at 0, so there is no point mass). With the heat equation
// ∂/∂x = ½∂²/∂y² (paper A3.4.1 writes the same derivatives):
//
//	F1 = E[f'],       F1” = s⁻²E[f'·He₂]        |F1”| ≤ s⁻²·c2·h1
//	F2 = ½F1',        F2” = ½F1”'               |F2”| ≤ ½s⁻³·c3·h1
//	C = ∂ξ̃/∂y,        C”  = s⁻¹E[(f²)”·He₁]     |C”|  ≤ s⁻¹·c1·h2
//	D = ∂ξ̃/∂x = ½C',  D”  = ½C”'                |D”|  ≤ ½s⁻²·c2·h2
//
// with h1, h2 the half-ranges of f' and (f²)” and cₙ = E|Heₙ(Z)|. For ℋ,
// ∂ν̃/∂y = C − 2μ̃F1 and ∂ν̃/∂x = D − 2μ̃F2 with μ̃' = F1, μ̃” = F1' = 2F2:
//
//	(C − 2μ̃F1)” = C” − 6F1F1' − 2μ̃F1”
//	(D − 2μ̃F2)” = D” − 2(F1'F2 + 2F1F2' + μ̃F2”)
//
// bounded term by term with |F1| ≤ 2h1, |F1'| ≤ s⁻¹c1h1, |F2| ≤ ½s⁻¹c1h1,
// |F2'| ≤ ½s⁻²c2h1, and |μ̃| ≤ its larger end value on [ya, yb] (μ̃ increases
// with y: ∂μ̃/∂y = E[f'] > 0).

// E|Heₙ(Z)| for Z ~ N(0, 1), rounded up in the 15th digit (mpmath at 30
// digits: 0.797884560802865356, 0.967882898076573399, 1.51001300013047713;
// TestHermiteAbsMoments integrates them): E|Z| = √(2/π); E|Z² − 1| = 4φ(1);
// E|Z³ − 3Z| = 2(φ(0) + 4φ(√3)), from ∫ Heₙφ = −Heₙ₋₁φ between the roots of
// Heₙ (φ the normal density).
const (
	hermiteAbs1 = 0.797884560802866
	hermiteAbs2 = 0.967882898076574
	hermiteAbs3 = 1.510013000130478
)

// pruneMargin is the relative margin between a slab's bound and the value
// that must beat it before the slab is skipped. It covers the rounding of
// the bound's own arithmetic (a few ulps) and the difference between a
// grid point's evaluated value and its exact one (the scan accepts 1e-13 per
// entry, so at most about 3e-13 of the norm) three hundred times over.
const pruneMargin = 1e-10

// slabBounder bounds the largest singular value over the (μ, ω) grid at one
// (ν, τ) (see the file comment).
type slabBounder struct {
	f      mapping.SELU
	of     jacobian.Of
	ya, yb float64    // the smallest and largest y = μω of the grid
	muEnds [2]float64 // μ's ends
	omegas []float64
	// pairs[2j+e] is the grid pair (μ index, ω index) of muEnds[e] and
	// omegas[j], as an index into the (μ, ω) pairs (μ-major).
	pairs    []int32
	omegaAbs float64 // max |ω|
	h1, h2   float64 // half-ranges of f' and (f²)”
}

// newSlabBounder prepares the bound for grid axes mus, omegas (the (μ, ω)
// pairs in μ-major order) and the y range [ya, yb] of their products.
func newSlabBounder(f mapping.SELU, of jacobian.Of, mus, omegas []float64, ya, yb float64) *slabBounder {
	b := &slabBounder{f: f, of: of, ya: ya, yb: yb, omegas: omegas}
	b.muEnds = [2]float64{mus[0], mus[len(mus)-1]}
	b.pairs = make([]int32, 0, 2*len(omegas))
	for j, w := range omegas {
		b.pairs = append(b.pairs, int32(j), int32((len(mus)-1)*len(omegas)+j))
		b.omegaAbs = math.Max(b.omegaAbs, math.Abs(w))
	}
	a, l := f.Alpha, f.Lambda
	b.h1 = 0.5 * l * math.Max(1, a)
	b.h2 = 0.5 * (2*l*l*math.Max(1, a*a) + 0.25*l*l*a*a)
	return b
}

// entries returns the four entry functions F1…F4 of the Jacobian in (y, x)
// and their absolute error bounds.
func entries(d *mapping.Derivatives, e *mapping.DerivativesError, of jacobian.Of) (f, err [4]float64) {
	if of == jacobian.SecondMoment {
		return [4]float64{d.MeanY, d.MeanX, d.SecondY, d.SecondX}, [4]float64{e.MeanY, e.MeanX, e.SecondY, e.SecondX}
	}
	return [4]float64{d.MeanY, d.MeanX, d.VarY, d.VarX}, [4]float64{e.MeanY, e.MeanX, e.VarY, e.VarX}
}

// slabModel is the linear model of one slab: F_i(y) ≈ fa_i + slope_i·(y − ya)
// with the bound rem of ‖M − M_lin‖_F at every grid pair.
type slabModel struct {
	fa, slope [4]float64
	tau, rem  float64
}

// model returns the slab's model at variance x = v's, weight τ; ok is false
// where the closed form is not finite at the ends (then nothing is skipped).
func (b *slabBounder) model(v *mapping.Variance, x, tau float64) (sm slabModel, ok bool) {
	var m [2]mapping.Moments
	var d [2]mapping.Derivatives
	var e [2]mapping.DerivativesError
	b.f.ClosedFormDerivativesTo(b.ya, v, &m[0], &d[0], &e[0])
	b.f.ClosedFormDerivativesTo(b.yb, v, &m[1], &d[1], &e[1])
	fa, ea := entries(&d[0], &e[0], b.of)
	fb, eb := entries(&d[1], &e[1], b.of)
	sm.fa, sm.tau = fa, tau
	w := b.yb - b.ya
	for i := range 4 {
		if w > 0 {
			sm.slope[i] = (fb[i] - fa[i]) / w
		}
	}
	// Second-derivative bounds of F1…F4 on [ya, yb].
	is := 1 / math.Sqrt(x)
	h1, h2 := b.h1, b.h2
	k1 := is * is * hermiteAbs2 * h1
	k2 := 0.5 * is * is * is * hermiteAbs3 * h1
	k3 := is * hermiteAbs1 * h2
	k4 := 0.5 * is * is * hermiteAbs2 * h2
	if b.of == jacobian.Variance {
		f1 := 2 * h1                            // |F1|
		f1d := is * hermiteAbs1 * h1            // |F1'|
		f2 := 0.5 * f1d                         // |F2|
		f2d := 0.5 * is * is * hermiteAbs2 * h1 // |F2'|
		muAbs := math.Max(math.Abs(m[0].Mean), math.Abs(m[1].Mean)) * (1 + 1e-12)
		k3 += 6*f1*f1d + 2*muAbs*k1
		k4 += 2 * (2*f2*f2 + 2*f1*f2d + muAbs*k2)
	}
	interp := w * w / 8
	r := [4]float64{
		(interp*k1 + math.Max(ea[0], eb[0])) * b.omegaAbs,
		(interp*k2 + math.Max(ea[1], eb[1])) * tau,
		(interp*k3 + math.Max(ea[2], eb[2])) * b.omegaAbs,
		(interp*k4 + math.Max(ea[3], eb[3])) * tau,
	}
	sm.rem = math.Sqrt(r[0]*r[0] + r[1]*r[1] + r[2]*r[2] + r[3]*r[3])
	for i := range 4 {
		if !finite(sm.fa[i]) || !finite(sm.slope[i]) {
			return sm, false
		}
	}
	return sm, finite(sm.rem)
}

// at is the model's matrix at (μ, ω) with ω² replaced by w2 (w2 = ω² on the
// grid; see coarse).
func (sm *slabModel) at(mu, omega, w2, ya float64) jacobian.Matrix {
	// ω·(fa + s(μω − ya)) = ω(fa − s·ya) + s·μ·ω²; τ(fa + s(μω − ya)).
	var m jacobian.Matrix
	for r := range 2 {
		i, j := 2*r, 2*r+1
		m[r][0] = omega*(sm.fa[i]-sm.slope[i]*ya) + sm.slope[i]*mu*w2
		m[r][1] = sm.tau * (sm.fa[j] + sm.slope[j]*(mu*omega-ya))
	}
	return m
}

// coarse returns a bound of the slab from eight matrices: with ω² replaced
// by a variable w2 of its own, the model is affine in (ω, w2) at each end of
// μ, and its largest singular value is largest at a corner of
// [ωlo, ωhi] × [min ω², max ω²], a rectangle that holds every grid pair's
// (ω, ω²). It also returns the corner of the (μ, ω) grid where the model is
// largest, a grid pair to evaluate.
func (b *slabBounder) coarse(sm *slabModel) (float64, int) {
	wlo, whi := b.omegas[0], b.omegas[len(b.omegas)-1]
	sq := [2]float64{0, math.Max(wlo*wlo, whi*whi)}
	if wlo > 0 || whi < 0 {
		sq[0] = math.Min(wlo*wlo, whi*whi)
	}
	u := math.Inf(-1)
	for _, mu := range b.muEnds {
		for _, w := range [2]float64{wlo, whi} {
			for _, w2 := range sq {
				u = math.Max(u, jacobian.SpectralNorm(sm.at(mu, w, w2, b.ya)))
			}
		}
	}
	best, pair := math.Inf(-1), -1
	n := len(b.omegas)
	for k, p := range [4]int32{b.pairs[0], b.pairs[1], b.pairs[2*n-2], b.pairs[2*n-1]} {
		mu, w := b.muEnds[k&1], b.omegas[(k>>1)*(n-1)]
		if v := jacobian.SpectralNorm(sm.at(mu, w, w*w, b.ya)); v > best {
			best, pair = v, int(p)
		}
	}
	return bounded(u + sm.rem), max(pair, 0)
}

// fine returns a bound of the slab from the model at both ends of μ and
// every grid ω (2·len(omegas) matrices): at fixed ω the model is affine in
// μ, so its largest singular value is largest at an end.
func (b *slabBounder) fine(sm *slabModel) float64 {
	u := math.Inf(-1)
	for k := range b.pairs {
		mu, w := b.muEnds[k&1], b.omegas[k>>1]
		u = math.Max(u, jacobian.SpectralNorm(sm.at(mu, w, w*w, b.ya)))
	}
	return bounded(u + sm.rem)
}

// bounded maps NaN to +Inf (no bound).
func bounded(u float64) float64 {
	if math.IsNaN(u) {
		return math.Inf(1)
	}
	return u
}
