package mapping

import (
	"errors"
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/quadrature"
)

// Moments of f(z) for z ~ N(μω, ντ): the mean μ̃, the second moment ξ̃ and the
// variance ν̃ (paper eqs. 4–5 and 11–13).
type Moments struct {
	Mean   float64 // μ̃ = E[f(z)]
	Second float64 // ξ̃ = E[f(z)²]
	Var    float64 // ν̃ = Var f(z) = ξ̃ − μ̃²
}

// Method selects how the moments are evaluated.
type Method int

const (
	// Auto picks the most accurate evaluator for the inputs: the closed form
	// where its error estimate is below AutoTolerance, the quadrature elsewhere.
	Auto Method = iota
	// Quadrature integrates the definitions (package quadrature).
	Quadrature
	// ClosedForm uses the paper's closed forms (SELU, ELU and ReLU only).
	ClosedForm
)

// AutoTolerance is the closed form's relative error bound up to which Auto
// uses it: a tenth of the 1e-13 accuracy goal.
const AutoTolerance = 1e-14

// String returns the command-line name of the method.
func (m Method) String() string {
	switch m {
	case Auto:
		return "auto"
	case Quadrature:
		return "quadrature"
	case ClosedForm:
		return "closed-form"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// ClosedFormer is implemented by activations with a closed form for their
// moments: the moments of f(z), z ~ N(y, x), and relative error estimates.
type ClosedFormer interface {
	ClosedForm(y, x float64) (m Moments, relErr Moments)
}

// ClosedForm implements ClosedFormer (ELU is SELU with λ = 1).
func (f ELU) ClosedForm(y, x float64) (Moments, Moments) { return f.selu().ClosedForm(y, x) }

// ClosedForm implements ClosedFormer (ReLU is SELU with α = 0, λ = 1).
// μ̃ = E[max(z, 0)] ≥ 0: a negative closed-form value (s·φ(u) + y·Φ(u)
// cancels for u = y/s ≪ 0, down to subnormal noise such as −8.9e-321 at
// y = −8624, s = 224) is clamped to 0, which is closer to the true value.
func (ReLU) ClosedForm(y, x float64) (Moments, Moments) {
	m, e := SELU{Alpha: 0, Lambda: 1}.ClosedForm(y, x)
	m.Mean = math.Max(m.Mean, 0)
	return m, e
}

// Input errors. They are returned wrapped with the offending value.
var (
	ErrMean     = errors.New("mu and omega must be finite, with |mu*omega| <= 1e6")
	ErrVariance = errors.New("nu and tau must be finite and > 0, with nu*tau in [1e-300, 1e12]")
	ErrMethod   = errors.New("this activation has no closed form")
)

// Limits of the inputs that can be evaluated in float64: beyond them the
// moments over- or underflow. (The accuracy is tested on the ranges in
// design.md: ντ ∈ [1e-8, 1e4], |μω| ≤ 30.)
const (
	maxAbsMean  = 1e6
	minVariance = 1e-300
	maxVariance = 1e12
)

// Normal returns the mean y = μω and variance x = ντ of the net input, or an
// error when they cannot be evaluated.
func Normal(mu, nu, omega, tau float64) (y, x float64, err error) {
	for _, v := range [...]float64{mu, nu, omega, tau} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return 0, 0, fmt.Errorf("input %v is not a finite number", v)
		}
	}
	if !(nu > 0) || !(tau > 0) {
		return 0, 0, fmt.Errorf("%w (nu=%v, tau=%v)", ErrVariance, nu, tau)
	}
	y, x = mu*omega, nu*tau
	if math.Abs(y) > maxAbsMean || math.IsInf(y, 0) {
		return 0, 0, fmt.Errorf("%w (mu*omega=%v)", ErrMean, y)
	}
	if !(x >= minVariance && x <= maxVariance) {
		return 0, 0, fmt.Errorf("%w (nu*tau=%v)", ErrVariance, x)
	}
	return y, x, nil
}

// Evaluation is the result of Evaluate.
type Evaluation struct {
	Moments
	// Method is the evaluator that produced the moments (never Auto).
	Method Method
	// RelErr are error estimates relative to max(|μ̃|, √ν̃), ξ̃ and ν̃: for the
	// closed form from its rounding analysis, for the quadrature from
	// comparing two orders (zero where not computed).
	RelErr Moments
}

// Evaluate returns the moments of f(z), z ~ N(μω, ντ). The inputs must pass
// Normal (finite, ν, τ > 0, |μω| ≤ 1e6, ντ ∈ [1e-300, 1e12]) and f
// CheckActivation (ErrParameter); otherwise the error says which failed. A
// result returned with a nil error is finite with ξ̃, ν̃ ≥ 0; ErrOverflow is
// returned if it is not (only possible for activations of other packages).
func Evaluate(f Activation, mu, nu, omega, tau float64, method Method) (Evaluation, error) {
	y, x, err := Normal(mu, nu, omega, tau)
	if err != nil {
		return Evaluation{}, err
	}
	return EvaluateNormal(f, y, x, method)
}

// ErrOverflow is returned (wrapped) when a result is not representable in
// float64.
var ErrOverflow = errors.New("result overflows float64")

// CheckNormal returns an error unless y = μω and x = ντ are in the domain of
// Normal: |y| ≤ 1e6, x ∈ [1e-300, 1e12]. It does not allocate unless it
// fails.
func CheckNormal(y, x float64) error {
	if !(math.Abs(y) <= maxAbsMean) { // also NaN
		return fmt.Errorf("%w (mu*omega=%v)", ErrMean, y)
	}
	if !(x >= minVariance && x <= maxVariance) {
		return fmt.Errorf("%w (nu*tau=%v)", ErrVariance, x)
	}
	return nil
}

// EvaluateNormal is Evaluate with the net input's mean y and variance x given
// (domain as CheckNormal; f as CheckActivation). It does not allocate.
func EvaluateNormal(f Activation, y, x float64, method Method) (Evaluation, error) {
	if err := CheckNormal(y, x); err != nil {
		return Evaluation{}, err
	}
	if err := CheckActivation(f); err != nil {
		return Evaluation{}, err
	}
	ev, err := evaluateNormal(f, y, x, method)
	if err != nil {
		return ev, err
	}
	return checkResult(ev)
}

// checkResult enforces the contract on a result: ξ̃ and ν̃ are ≥ 0 (a
// negative value is rounding noise of a true value ≥ 0, so 0 is closer to it;
// its error estimate then says 100 %), and everything is finite.
func checkResult(ev Evaluation) (Evaluation, error) {
	if ev.Var < 0 {
		ev.Var, ev.RelErr.Var = 0, 1
	}
	if ev.Second < 0 {
		ev.Second, ev.RelErr.Second = 0, 1
	}
	if !finite(ev.Mean) || !finite(ev.Second) || !finite(ev.Var) {
		return Evaluation{}, fmt.Errorf("%w: moments (%v, %v, %v)", ErrOverflow, ev.Mean, ev.Second, ev.Var)
	}
	return ev, nil
}

// finite reports whether v is neither NaN nor ±Inf.
func finite(v float64) bool { return v-v == 0 }

func evaluateNormal(f Activation, y, x float64, method Method) (Evaluation, error) {
	cf, hasCF := f.(ClosedFormer)
	switch method {
	case ClosedForm:
		if !hasCF {
			return Evaluation{}, ErrMethod
		}
		m, e := cf.ClosedForm(y, x)
		return Evaluation{Moments: m, Method: ClosedForm, RelErr: e}, nil
	case Quadrature:
		return quadratureMoments(f, y, x, false), nil
	case Auto:
		var best Evaluation
		if hasCF {
			m, e := cf.ClosedForm(y, x)
			best = Evaluation{Moments: m, Method: ClosedForm, RelErr: e}
			if worst(e) <= AutoTolerance {
				return best, nil
			}
		}
		q := quadratureMoments(f, y, x, true)
		if hasCF && worst(best.RelErr) < worst(q.RelErr) {
			return best, nil
		}
		return q, nil
	}
	return Evaluation{}, fmt.Errorf("unknown method %v", method)
}

// Evaluate is EvaluateNormal(f, y, x, Auto) without boxing f into an
// interface: no allocation on the closed-form path. It does not validate:
// the caller guarantees CheckNormal(y, x) and f.Validate() (outside them the
// result is unspecified, possibly NaN). ν̃ is clamped to ≥ 0.
func (f SELU) Evaluate(y, x float64) Evaluation {
	ev := f.evaluate(y, x)
	if ev.Var < 0 {
		ev.Var, ev.RelErr.Var = 0, 1
	}
	return ev
}

// EvaluateWithin is Evaluate with the closed form accepted wherever its
// relative error bound is at most tol (Evaluate's is AutoTolerance). With
// tol = 1e-13, the accuracy goal itself, it spares the quadrature where the
// bound falls between a tenth of the goal and the goal (fixedpoint.Basin,
// whose step counts do not depend on such digits).
func (f SELU) EvaluateWithin(y, x, tol float64) Evaluation {
	ev := f.evaluateWithin(y, x, tol)
	if ev.Var < 0 {
		ev.Var, ev.RelErr.Var = 0, 1
	}
	return ev
}

func (f SELU) evaluate(y, x float64) Evaluation { return f.evaluateWithin(y, x, AutoTolerance) }

func (f SELU) evaluateWithin(y, x, tol float64) Evaluation {
	m, e := f.ClosedForm(y, x)
	cf := Evaluation{Moments: m, Method: ClosedForm, RelErr: e}
	if worst(e) <= tol {
		return cf
	}
	q := quadratureMoments(f, y, x, true)
	if worst(cf.RelErr) < worst(q.RelErr) {
		return cf
	}
	return q
}

func worst(e Moments) float64 {
	w := math.Max(e.Mean, math.Max(e.Second, e.Var))
	if math.IsNaN(w) {
		return math.Inf(1)
	}
	return w
}

// quadratureMoments integrates the definitions; withError also runs the
// lower orders to estimate the error.
func quadratureMoments(f Activation, y, x float64, withError bool) Evaluation {
	var q quadrature.Normal
	s := math.Sqrt(x)
	var mean, v, em, ev float64
	if withError {
		mean, v, em, ev = q.MomentsError(f, y, s)
	} else {
		mean, v = q.Moments(f, y, s)
	}
	ev2 := Evaluation{
		Moments: Moments{Mean: mean, Second: v + mean*mean, Var: v},
		Method:  Quadrature,
	}
	if withError {
		ev2.RelErr = Moments{
			Mean:   capRel(em, math.Max(math.Abs(mean), math.Sqrt(v))),
			Second: capRel(ev+2*math.Abs(mean)*em, v+mean*mean),
			Var:    capRel(ev, v),
		}
	}
	return ev2
}

// Map is the mapping g : (μ, ν) ↦ (μ̃, ν̃) of one layer with activation F and
// weight statistics ω = Σwᵢ, τ = Σwᵢ² (paper eq. 3).
type Map struct {
	F          Activation
	Omega, Tau float64
	Method     Method
}

// Apply returns g(μ, ν) and the second moment ξ̃.
func (g Map) Apply(mu, nu float64) (Moments, error) {
	e, err := Evaluate(g.F, mu, nu, g.Omega, g.Tau, g.Method)
	return e.Moments, err
}

// QuadratureWithError evaluates the moments of f(z), z ~ N(y, x), by
// quadrature with an error estimate from two orders compared.
func QuadratureWithError(f Activation, y, x float64) Evaluation {
	return quadratureMoments(f, y, x, true)
}
