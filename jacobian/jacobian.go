package jacobian

import (
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// Of selects the Jacobian.
type Of int

const (
	// Variance selects ℋ = ∂(μ̃, ν̃)/∂(μ, ν), the Jacobian of g.
	Variance Of = iota
	// SecondMoment selects 𝒥 = ∂(μ̃, ξ̃)/∂(μ, ν).
	SecondMoment
)

// String returns the command-line name.
func (o Of) String() string {
	switch o {
	case Variance:
		return "variance"
	case SecondMoment:
		return "second-moment"
	}
	return fmt.Sprintf("Of(%d)", int(o))
}

// Check reports whether o is Variance or SecondMoment.
func (o Of) Check() error {
	if o != Variance && o != SecondMoment {
		return fmt.Errorf("jacobian: unknown Jacobian %v (Variance or SecondMoment)", o)
	}
	return nil
}

// Result is a Jacobian at a point with what is derived from it.
type Result struct {
	Of Of
	M  Matrix // the Jacobian, rows (μ̃, ν̃) or (μ̃, ξ̃), columns (μ, ν)
	// Moments is g at the point (with Auto, from mapping's default evaluator).
	Moments mapping.Moments
	Method  mapping.Method // ClosedForm or Quadrature
	Norm    float64        // largest singular value
	Radius  float64        // spectral radius
}

// Settings are optional settings of At; nil means the defaults.
type Settings struct {
	// Method is the evaluator: Auto (default) takes SELU's closed form where
	// every entry's rounding-error bound is below Tolerance relative to
	// max(|entry|, 1e-3·‖M‖), and the quadrature elsewhere.
	Method mapping.Method
	// Tolerance for Auto; 0 means 1e-13 (a tenth of the accuracy goal).
	Tolerance float64
}

// At returns ℋ (of = Variance) or 𝒥 (of = SecondMoment) of g for activation
// f at (μ, ν) with weight statistics (ω, τ). It does not allocate.
//
// Domain: the inputs as mapping.Normal, f as mapping.CheckActivation
// (mapping.ErrParameter), settings.Tolerance in [0, 1]. A result with a nil
// error is finite (else ErrOverflow: for ω, τ near MaxFloat64 the entries
// or the norm exceed float64) with ν̃, ξ̃ ≥ 0.
func At(f mapping.Activation, mu, nu, omega, tau float64, of Of, settings *Settings) (Result, error) {
	y, x, err := mapping.Normal(mu, nu, omega, tau)
	if err != nil {
		return Result{}, err
	}
	if err := mapping.CheckActivation(f); err != nil {
		return Result{}, err
	}
	if err := of.Check(); err != nil {
		return Result{}, err
	}
	method, tol := mapping.Auto, 1e-13
	if settings != nil {
		method = settings.Method
		if !(settings.Tolerance >= 0 && settings.Tolerance <= 1) { // also NaN
			return Result{}, fmt.Errorf("jacobian: tolerance must be in [0, 1], got %v", settings.Tolerance)
		}
		if settings.Tolerance > 0 {
			tol = settings.Tolerance
		}
	}
	r, err := at(f, y, x, omega, tau, of, method, tol)
	if err != nil {
		return r, err
	}
	return checkResult(r)
}

// ErrOverflow is mapping.ErrOverflow: ℋ or its norm is not representable.
var ErrOverflow = mapping.ErrOverflow

// checkResult enforces At's contract: ν̃, ξ̃ ≥ 0 (negative values are
// rounding noise of values ≥ 0) and every number finite, else ErrOverflow
// (ω or τ so large that an entry or the norm exceeds MaxFloat64).
func checkResult(r Result) (Result, error) {
	if r.Moments.Var < 0 {
		r.Moments.Var = 0
	}
	if r.Moments.Second < 0 {
		r.Moments.Second = 0
	}
	ok := finite(r.Norm) && finite(r.Radius) && finite(r.Moments.Mean) && finite(r.Moments.Second) && finite(r.Moments.Var)
	for i := range 2 {
		for j := range 2 {
			ok = ok && finite(r.M[i][j])
		}
	}
	if !ok {
		return Result{}, fmt.Errorf("%w: Jacobian %v, norm %v", ErrOverflow, r.M, r.Norm)
	}
	return r, nil
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return v-v == 0 }

func at(f mapping.Activation, y, x, omega, tau float64, of Of, method mapping.Method, tol float64) (Result, error) {
	sf, isSELU := asSELU(f)
	switch method {
	case mapping.ClosedForm:
		if !isSELU {
			return Result{}, fmt.Errorf("%s has no closed-form Jacobian", f.Name())
		}
		m, d, _ := sf.ClosedFormDerivatives(y, x)
		return assemble(m, d, omega, tau, of, mapping.ClosedForm), nil
	case mapping.Quadrature:
		m, d := mapping.QuadratureDerivatives(f, y, x)
		return assemble(m, d, omega, tau, of, mapping.Quadrature), nil
	case mapping.Auto:
		if isSELU {
			m, d, e := sf.ClosedFormDerivatives(y, x)
			r := assemble(m, d, omega, tau, of, mapping.ClosedForm)
			if accurate(r, e, omega, tau, tol) {
				// The derivatives are accurate; the moments must be too (the
				// closed form's ν̃ = ξ̃ − μ̃² may cancel where its derivatives
				// do not): take them from the default evaluator.
				// (f is already an interface value: no allocation.)
				if ev, err := mapping.EvaluateNormal(f, y, x, mapping.Auto); err == nil {
					r.Moments = ev.Moments
				}
				return r, nil
			}
		}
		m, d := mapping.QuadratureDerivatives(f, y, x)
		return assemble(m, d, omega, tau, of, mapping.Quadrature), nil
	}
	return Result{}, fmt.Errorf("unknown method %v", method)
}

// asSELU returns the SELU form of SELU, ELU and ReLU.
func asSELU(f mapping.Activation) (mapping.SELU, bool) {
	switch a := f.(type) {
	case mapping.SELU:
		return a, true
	case mapping.ELU:
		return mapping.SELU{Alpha: a.Alpha, Lambda: 1}, true
	case mapping.ReLU:
		return mapping.SELU{Alpha: 0, Lambda: 1}, true
	}
	return mapping.SELU{}, false
}

// assemble builds the Jacobian from the derivatives in (y, x).
func assemble(m mapping.Moments, d mapping.Derivatives, omega, tau float64, of Of, method mapping.Method) Result {
	r := Result{Of: of, Moments: m, Method: method}
	r.M[0] = [2]float64{omega * d.MeanY, tau * d.MeanX}
	if of == SecondMoment {
		r.M[1] = [2]float64{omega * d.SecondY, tau * d.SecondX}
	} else {
		r.M[1] = [2]float64{omega * d.VarY, tau * d.VarX}
	}
	r.Norm = SpectralNorm(r.M)
	r.Radius = SpectralRadius(r.M)
	return r
}

// accurate reports whether every entry's error bound is within tol of
// max(|entry|, 1e-3·‖M‖), the accuracy measure of the Jacobian.
func accurate(r Result, e mapping.DerivativesError, omega, tau, tol float64) bool {
	floor := 1e-3 * r.Norm
	row2y, row2x := e.VarY, e.VarX
	if r.Of == SecondMoment {
		row2y, row2x = e.SecondY, e.SecondX
	}
	errs := Matrix{{math.Abs(omega) * e.MeanY, tau * e.MeanX}, {math.Abs(omega) * row2y, tau * row2x}}
	for i := range 2 {
		for j := range 2 {
			if !(errs[i][j] <= tol*math.Max(math.Abs(r.M[i][j]), floor)) {
				return false
			}
		}
	}
	return true
}
