package verify

import (
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/meanfield"
)

// Box is a domain in (μ, ω, ν, τ): each axis is a closed range [lo, hi].
type Box struct {
	Mu, Omega, Nu, Tau [2]float64
}

// Axes returns the four ranges in the order μ, ω, ν, τ.
func (b Box) Axes() [4][2]float64 { return [4][2]float64{b.Mu, b.Omega, b.Nu, b.Tau} }

// BoxFromAxes is the inverse of Axes.
func BoxFromAxes(a [4][2]float64) Box { return Box{a[0], a[1], a[2], a[3]} }

// AxisNames are the parameter names in the order of Axes.
var AxisNames = [4]string{"mu", "omega", "nu", "tau"}

// BoxError is an unusable box or claim: Axes lists the axes at fault (0 μ,
// 1 ω, 2 ν, 3 τ; none for α, λ).
type BoxError struct {
	Axes []int
	Msg  string
}

func (e *BoxError) Error() string { return e.Msg }

// Validate reports whether the box is usable: finite ranges with lo ≤ hi,
// a finite width, and ν, τ > 0.
func (b Box) Validate() error {
	for i, r := range b.Axes() {
		if math.IsNaN(r[0]) || math.IsNaN(r[1]) || math.IsInf(r[0], 0) || math.IsInf(r[1], 0) {
			return &BoxError{[]int{i}, fmt.Sprintf("%s range must be finite, got [%v, %v]", AxisNames[i], r[0], r[1])}
		}
		if r[0] > r[1] {
			return &BoxError{[]int{i}, fmt.Sprintf("%s range is reversed: [%v, %v]", AxisNames[i], r[0], r[1])}
		}
		if math.IsInf(r[1]-r[0], 0) {
			return &BoxError{[]int{i}, fmt.Sprintf("%s range [%v, %v] is wider than float64 can represent", AxisNames[i], r[0], r[1])}
		}
	}
	if !(b.Nu[0] > 0) {
		return &BoxError{[]int{2}, fmt.Sprintf("nu range must be > 0 (a variance), got [%v, %v]", b.Nu[0], b.Nu[1])}
	}
	if !(b.Tau[0] > 0) {
		return &BoxError{[]int{3}, fmt.Sprintf("tau range must be > 0, got [%v, %v]", b.Tau[0], b.Tau[1])}
	}
	return nil
}

// Limits of a Problem. The evaluators are tested for α, λ ∈ [0.1, 10]
// (design notes, "Ranges to hold everywhere"); the net input N(μω, ντ) must
// be one mapping.Normal evaluates: |μω| ≤ 1e6, ντ ∈ [1e-300, 1e12].
const (
	MinParam    = 0.1
	MaxParam    = 10
	maxAbsMean  = 1e6
	minVariance = 1e-300
	maxVariance = 1e12
)

// checkKind reports whether the quantity and the Jacobian are known ones.
func (pr *Problem) checkKind() error {
	if int(pr.Quantity) < 0 || int(pr.Quantity) >= len(quantityNames) {
		return &BoxError{nil, fmt.Sprintf("unknown quantity %d", int(pr.Quantity))}
	}
	if err := pr.Of.Check(); err != nil {
		return &BoxError{nil, err.Error()}
	}
	return nil
}

// Validate reports whether the problem can be evaluated on its whole box:
// a valid box, α and λ in [MinParam, MaxParam], and a net input that
// mapping evaluates at every point (the extremes of μω and ντ over a box
// are at its corners).
func (pr *Problem) Validate() error {
	if err := pr.Box.Validate(); err != nil {
		return err
	}
	for _, p := range []struct {
		name string
		v    float64
	}{{"alpha", pr.F.Alpha}, {"lambda", pr.F.Lambda}} {
		if !(p.v >= MinParam && p.v <= MaxParam) {
			return &BoxError{nil, fmt.Sprintf("%s must be in [%g, %g] (the range the evaluators are tested on), got %v", p.name, float64(MinParam), float64(MaxParam), p.v)}
		}
	}
	if err := pr.checkKind(); err != nil {
		return err
	}
	b := pr.Box
	for _, mu := range b.Mu {
		for _, w := range b.Omega {
			if y := mu * w; !(math.Abs(y) <= maxAbsMean) {
				return &BoxError{[]int{0, 1}, fmt.Sprintf("|mu*omega| reaches %.3g at a corner of the box; at most %g", math.Abs(y), float64(maxAbsMean))}
			}
		}
	}
	if x := b.Nu[0] * b.Tau[0]; !(x >= minVariance) {
		return &BoxError{[]int{2, 3}, fmt.Sprintf("nu*tau falls to %.3g at a corner of the box; at least %g", x, float64(minVariance))}
	}
	if x := b.Nu[1] * b.Tau[1]; !(x <= maxVariance) {
		return &BoxError{[]int{2, 3}, fmt.Sprintf("nu*tau reaches %.3g at a corner of the box; at most %g", x, float64(maxVariance))}
	}
	return nil
}

// Quantity is what a check bounds over a box.
type Quantity int

const (
	// MaxSpectralNorm is the largest singular value of ℋ (or 𝒥).
	MaxSpectralNorm Quantity = iota
	MinMuTilde
	MaxMuTilde
	MinNuTilde
	MaxNuTilde
	// MaxNuTildeMinusNu: Theorem 2 claims ν̃ − ν < 0.
	MaxNuTildeMinusNu
	// MinNuTildeMinusNu: Theorem 3 claims ν̃ − ν > 0.
	MinNuTildeMinusNu
	// MinChi1 and MaxChi1 are the extremes of the backward factor
	// χ₁ = τ·E[f′(z)²], z ~ N(μω, ντ): the per-layer factor of the
	// gradient's second moment under gradient independence (package
	// meanfield). χ₁ > 1: the gradient grows towards the input.
	MinChi1
	MaxChi1
	// MinMeanFPrime and MaxMeanFPrime are the extremes of E[f′(z)]; the
	// mean of the backpropagated gradient is multiplied by ω·E[f′(z)] per
	// layer.
	MinMeanFPrime
	MaxMeanFPrime
)

var quantityNames = [...]string{"max_spectral_norm", "min_mu_tilde", "max_mu_tilde", "min_nu_tilde", "max_nu_tilde", "max_nu_tilde_minus_nu", "min_nu_tilde_minus_nu",
	"min_chi1", "max_chi1", "min_mean_fprime", "max_mean_fprime"}

// String returns the name used in verify's JSON.
func (q Quantity) String() string {
	if q < 0 || int(q) >= len(quantityNames) {
		return fmt.Sprintf("Quantity(%d)", int(q))
	}
	return quantityNames[q]
}

// IsMax reports whether the quantity is a maximum (else a minimum).
func (q Quantity) IsMax() bool {
	switch q {
	case MaxSpectralNorm, MaxMuTilde, MaxNuTilde, MaxNuTildeMinusNu, MaxChi1, MaxMeanFPrime:
		return true
	}
	return false
}

// Problem is a quantity over a box for SELU with given α, λ. Of selects ℋ or
// 𝒥 for MaxSpectralNorm.
type Problem struct {
	Quantity Quantity
	Box      Box
	F        mapping.SELU
	Of       jacobian.Of
}

// Value returns the quantity's integrand at a point p = (μ, ω, ν, τ),
// accurate to about 1e-14 relative (closed form where its error bound allows,
// quadrature elsewhere). It does not allocate on the closed-form path.
func (pr *Problem) Value(p [4]float64) (float64, error) {
	if err := pr.checkKind(); err != nil {
		return 0, err
	}
	if err := pr.F.Validate(); err != nil {
		return 0, err
	}
	y, x, err := mapping.Normal(p[0], p[2], p[1], p[3])
	if err != nil {
		return 0, err
	}
	v, err := pr.valueYX(y, x, p[1], p[2], p[3])
	if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
		err = fmt.Errorf("%v is not finite at (mu, omega, nu, tau) = (%v, %v, %v, %v)", pr.Quantity, p[0], p[1], p[2], p[3])
	}
	return v, err
}

// valueYX evaluates at y = μω, x = ντ (the moments depend on nothing else);
// ω, ν, τ enter the Jacobian's scaling and ν̃ − ν.
func (pr *Problem) valueYX(y, x, omega, nu, tau float64) (float64, error) {
	if pr.Quantity == MaxSpectralNorm {
		m, d, e := pr.F.ClosedFormDerivatives(y, x)
		h := assembleYX(m, d, omega, tau, pr.Of)
		n := jacobian.SpectralNorm(h)
		if derivAccurate(h, e, omega, tau, n, pr.Of) {
			return n, nil
		}
		r, err := jacobian.At(pr.F, y, x, 1, 1, pr.Of, nil) // μ = y, ω = 1, ν = x, τ = 1
		if err != nil {
			return 0, err
		}
		return jacobian.SpectralNorm(Scaled(r.M, omega, tau)), nil
	}
	if pr.Quantity.backward() {
		return pr.backwardYX(y, x, tau)
	}
	e := pr.F.Evaluate(y, x)
	switch pr.Quantity {
	case MinMuTilde, MaxMuTilde:
		return e.Mean, nil
	case MinNuTilde, MaxNuTilde:
		return e.Var, nil
	default:
		return e.Var - nu, nil
	}
}

// backward reports whether the quantity is one of the backward map's: χ₁
// or E[f′].
func (q Quantity) backward() bool {
	return q == MinChi1 || q == MaxChi1 || q == MinMeanFPrime || q == MaxMeanFPrime
}

// backwardYX evaluates χ₁ = τ·E[f′²] or E[f′] at y = μω, x = ντ with
// meanfield's closed forms (sums of positive erfc/erfcx terms, within
// 7e-16 of the mpmath references of meanfield/testdata).
func (pr *Problem) backwardYX(y, x, tau float64) (float64, error) {
	mean, second, err := meanfield.DerivMoments(&pr.F, y, x)
	if err != nil {
		return 0, err
	}
	if pr.Quantity == MinMeanFPrime || pr.Quantity == MaxMeanFPrime {
		return mean, nil
	}
	return tau * second, nil
}

// Scaled returns the Jacobian at weights (ω, τ) from the one computed with
// ω = τ = 1 at the same (y, x): columns scale by ω and τ.
func Scaled(m jacobian.Matrix, omega, tau float64) jacobian.Matrix {
	return jacobian.Matrix{{omega * m[0][0], tau * m[0][1]}, {omega * m[1][0], tau * m[1][1]}}
}

func assembleYX(m mapping.Moments, d mapping.Derivatives, omega, tau float64, of jacobian.Of) jacobian.Matrix {
	if of == jacobian.SecondMoment {
		return jacobian.Matrix{{omega * d.MeanY, tau * d.MeanX}, {omega * d.SecondY, tau * d.SecondX}}
	}
	return jacobian.Matrix{{omega * d.MeanY, tau * d.MeanX}, {omega * d.VarY, tau * d.VarX}}
}

// derivAccurate: every entry's bound within 1e-13 of max(|entry|, 1e-3·norm).
func derivAccurate(h jacobian.Matrix, e mapping.DerivativesError, omega, tau, norm float64, of jacobian.Of) bool {
	r2y, r2x := e.VarY, e.VarX
	if of == jacobian.SecondMoment {
		r2y, r2x = e.SecondY, e.SecondX
	}
	errs := [4]float64{math.Abs(omega) * e.MeanY, tau * e.MeanX, math.Abs(omega) * r2y, tau * r2x}
	ents := [4]float64{h[0][0], h[0][1], h[1][0], h[1][1]}
	for k := range errs {
		if !(errs[k] <= 1e-13*math.Max(math.Abs(ents[k]), 1e-3*norm)) {
			return false
		}
	}
	return true
}

// Better reports whether value a is more extreme than b for the quantity.
func (q Quantity) Better(a, b float64) bool {
	if q.IsMax() {
		return a > b
	}
	return a < b
}
