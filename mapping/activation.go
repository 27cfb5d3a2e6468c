package mapping

import (
	"errors"
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/quadrature"
)

// The published SELU parameters for the fixed point (μ, ν) = (0, 1) at
// ω = 0, τ = 1 (paper eq. 14; bioinf-jku/SNNs TF_1_x/selu.py, which prints
// them to 32 digits). Go rounds these decimal constants to the nearest
// float64 (paper-facts.md §3).
const (
	Alpha01  = 1.6732632423543772848170429916717
	Lambda01 = 1.0507009873554804934193349852946
)

// Activation is a function applied to the net input z ~ N(μω, ντ).
// Besides what the quadrature needs (value, exact increment, breakpoints,
// scale), it provides its derivative for the Jacobian.
type Activation interface {
	quadrature.Function
	// Name is the activation's command-line name, e.g. "selu".
	Name() string
	// Deriv returns f'(x); at a breakpoint, the derivative from the right.
	Deriv(x float64) float64
	// Deriv2 returns f''(x) away from the breakpoints (the smooth part of
	// the distributional second derivative).
	Deriv2(x float64) float64
	// DerivJump returns f'(b+) − f'(b−) at the breakpoint b: the weight of
	// the delta function in f''.
	DerivJump(b float64) float64
}

// kinkAtZero is the breakpoint list of SELU, ELU and ReLU.
var kinkAtZero = []float64{0}

// SELU is λ·x for x > 0 and λα(eˣ − 1) for x ≤ 0 (paper eq. 2).
type SELU struct {
	Alpha, Lambda float64
}

// StandardSELU is SELU with the published α01, λ01.
var StandardSELU = SELU{Alpha: Alpha01, Lambda: Lambda01}

// Name implements Activation.
func (SELU) Name() string { return "selu" }

// Value implements quadrature.Function.
func (f SELU) Value(x float64) float64 {
	if x > 0 {
		return f.Lambda * x
	}
	return f.Lambda * f.Alpha * math.Expm1(x)
}

// Increment implements quadrature.Function: f(x+h) − f(x) without
// cancellation. On the negative branch it is λα·eˣ·expm1(h).
func (f SELU) Increment(x, h float64) float64 {
	xh := x + h
	switch {
	case x > 0 && xh > 0:
		return f.Lambda * h
	case x <= 0 && xh <= 0:
		return f.Lambda * f.Alpha * expIncrement(x, h)
	default:
		// The branches have opposite signs: the difference is a sum of
		// magnitudes and has no cancellation.
		return f.Value(xh) - f.Value(x)
	}
}

// expIncrement returns e^{x+h} − eˣ for x, x+h ≤ 0.
func expIncrement(x, h float64) float64 {
	if h < 700 {
		return math.Exp(x) * math.Expm1(h)
	}
	// eˣ underflows while e^h would overflow: factor out e^{x+h} ≤ 1.
	return -math.Exp(x+h) * math.Expm1(-h)
}

// Breakpoints implements quadrature.Function.
func (SELU) Breakpoints() []float64 { return kinkAtZero }

// Scale implements quadrature.Function: f² contains e^{2x}, which varies on
// the scale ½; without the exponential branch (α = 0) f is piecewise linear.
func (f SELU) Scale() float64 {
	if f.Alpha == 0 {
		return math.Inf(1)
	}
	return 0.5
}

// Deriv implements Activation.
func (f SELU) Deriv(x float64) float64 {
	if x >= 0 {
		return f.Lambda
	}
	return f.Lambda * f.Alpha * math.Exp(x)
}

// Deriv2 implements Activation.
func (f SELU) Deriv2(x float64) float64 {
	if x > 0 {
		return 0
	}
	return f.Lambda * f.Alpha * math.Exp(x)
}

// DerivJump implements Activation: f' jumps from λα to λ at 0.
func (f SELU) DerivJump(b float64) float64 {
	if b != 0 {
		return 0
	}
	return f.Lambda * (1 - f.Alpha)
}

// Validate reports whether α and λ are in the accepted ranges
// α ∈ [0, MaxAlpha], λ ∈ [MinLambda, MaxLambda] (an ErrParameter otherwise).
// It does not allocate unless it fails.
func (f SELU) Validate() error {
	// The negated comparisons also reject NaN.
	if !(f.Alpha >= 0 && f.Alpha <= MaxAlpha) {
		return fmt.Errorf("%w: alpha = %v", ErrParameter, f.Alpha)
	}
	if !(f.Lambda >= MinLambda && f.Lambda <= MaxLambda) {
		return fmt.Errorf("%w: lambda = %v", ErrParameter, f.Lambda)
	}
	return nil
}

// Accepted SELU/ELU parameters: α ∈ [0, MaxAlpha], λ ∈ [MinLambda, MaxLambda].
// The design's accuracy goal is stated for α, λ ∈ [0.1, 10]; the moments
// scale exactly with λ and α enters linearly, so the relative accuracy holds
// on the wider range as long as nothing over- or underflows: with
// |μω| ≤ 1e6 and ντ ≤ 1e12, ξ̃ ≤ λ²(μω² + ντ + α²) ≤ 1e12·(1e12 + 1e12 + 1e12)
// stays far below MaxFloat64 (and ℋ's entries, ∝ λ²α², too), and λ ≥ 1e-6
// keeps λ² ≥ 1e-12 so that ν̃ ≈ λ²ντ stays normal down to ντ = 1e-296.
const (
	MaxAlpha  = 1e6
	MinLambda = 1e-6
	MaxLambda = 1e6
)

// ErrParameter is returned (wrapped with the value) for activation parameters
// outside the accepted ranges.
var ErrParameter = errors.New("SELU/ELU parameters must be finite with alpha in [0, 1e6] and lambda in [1e-6, 1e6]")

// CheckActivation validates the parameters of the activations of this
// package (SELU and ELU; ReLU and tanh have none). Other implementations of
// Activation are accepted as they are. It does not allocate unless it fails.
func CheckActivation(f Activation) error {
	switch a := f.(type) {
	case nil:
		return errors.New("mapping: nil activation")
	case SELU:
		return a.Validate()
	case *SELU:
		if a == nil {
			return errors.New("mapping: nil activation")
		}
		return a.Validate()
	case ELU:
		return a.selu().Validate()
	case *ELU:
		if a == nil {
			return errors.New("mapping: nil activation")
		}
		return a.selu().Validate()
	case interface{ Validate() error }:
		return a.Validate()
	}
	return nil
}

// CheckMethod reports whether m is one of Auto, Quadrature, ClosedForm.
func CheckMethod(m Method) error {
	switch m {
	case Auto, Quadrature, ClosedForm:
		return nil
	}
	return fmt.Errorf("mapping: unknown method %v", m)
}

// ELU is x for x > 0 and α(eˣ − 1) for x ≤ 0 (Clevert et al. 2016): SELU with λ = 1.
type ELU struct {
	Alpha float64
}

func (f ELU) selu() SELU { return SELU{Alpha: f.Alpha, Lambda: 1} }

// Name implements Activation.
func (ELU) Name() string { return "elu" }

// Value implements quadrature.Function.
func (f ELU) Value(x float64) float64 { return f.selu().Value(x) }

// Increment implements quadrature.Function.
func (f ELU) Increment(x, h float64) float64 { return f.selu().Increment(x, h) }

// Breakpoints implements quadrature.Function.
func (ELU) Breakpoints() []float64 { return kinkAtZero }

// Scale implements quadrature.Function.
func (f ELU) Scale() float64 { return f.selu().Scale() }

// Deriv implements Activation.
func (f ELU) Deriv(x float64) float64 { return f.selu().Deriv(x) }

// Deriv2 implements Activation.
func (f ELU) Deriv2(x float64) float64 { return f.selu().Deriv2(x) }

// DerivJump implements Activation.
func (f ELU) DerivJump(b float64) float64 { return f.selu().DerivJump(b) }

// ReLU is max(x, 0).
type ReLU struct{}

// Name implements Activation.
func (ReLU) Name() string { return "relu" }

// Value implements quadrature.Function.
func (ReLU) Value(x float64) float64 { return math.Max(x, 0) }

// Increment implements quadrature.Function.
func (ReLU) Increment(x, h float64) float64 {
	xh := x + h
	switch {
	case x > 0 && xh > 0:
		return h
	case x <= 0 && xh <= 0:
		return 0
	default:
		return math.Max(xh, 0) - math.Max(x, 0)
	}
}

// Breakpoints implements quadrature.Function.
func (ReLU) Breakpoints() []float64 { return kinkAtZero }

// Scale implements quadrature.Function: piecewise linear.
func (ReLU) Scale() float64 { return math.Inf(1) }

// Deriv implements Activation.
func (ReLU) Deriv(x float64) float64 {
	if x >= 0 {
		return 1
	}
	return 0
}

// Deriv2 implements Activation.
func (ReLU) Deriv2(float64) float64 { return 0 }

// DerivJump implements Activation: f' jumps from 0 to 1 at 0.
func (ReLU) DerivJump(b float64) float64 {
	if b != 0 {
		return 0
	}
	return 1
}

// Tanh is the hyperbolic tangent.
type Tanh struct{}

// Name implements Activation.
func (Tanh) Name() string { return "tanh" }

// Value implements quadrature.Function.
func (Tanh) Value(x float64) float64 { return math.Tanh(x) }

// Increment implements quadrature.Function. tanh(b) − tanh(a) =
// sinh(b − a)/(cosh a·cosh b); written with e^{−2|·|} so that it neither
// overflows nor cancels when a and b are large and of one sign.
func (Tanh) Increment(x, h float64) float64 {
	xh := x + h
	if (x >= 0) != (xh >= 0) {
		return math.Tanh(xh) - math.Tanh(x) // opposite signs: no cancellation
	}
	sign := 1.0
	a, b := x, xh
	if x < 0 {
		// tanh is odd: tanh(b) − tanh(a) = −(tanh(−b) − tanh(−a)).
		sign, a, b = -1, -x, -xh
	}
	// For a, b ≥ 0: tanh(y) = 1 − 2/(1 + e^{2y}), so
	// tanh(b) − tanh(a) = 2(e^{−2a} − e^{−2b}) / ((1 + e^{−2a})(1 + e^{−2b}))
	//                   = 2e^{−2a}·(−expm1(−2(b − a))) / (...).
	// b − a is sign·h exactly; the rounded b only enters e^{−2b}.
	// tanh b − tanh a = 2(e^{−2a} − e^{−2b}) / ((1 + e^{−2a})(1 + e^{−2b})), with
	// the difference factored at the larger of a, b only: e^{−2min}·expm1
	// would overflow (∞·0) once |h| > 355 with min(a, b) large.
	ea, eb := math.Exp(-2*a), math.Exp(-2*b)
	d := sign * h // b − a, without the rounding of x + h
	var diff float64
	if d >= 0 {
		diff = ea * -math.Expm1(-2*d) // e^{−2a}(1 − e^{−2(b−a)})
	} else {
		diff = -eb * -math.Expm1(2*d) // −e^{−2b}(1 − e^{−2(a−b)})
	}
	return sign * 2 * diff / ((1 + ea) * (1 + eb))
}

// tanhBreak splits the integral at tanh's inflection point, where it changes
// fastest (tanh is analytic; this is not a kink).
var tanhBreak = []float64{0}

// Breakpoints implements quadrature.Function.
func (Tanh) Breakpoints() []float64 { return tanhBreak }

// Scale implements quadrature.Function: tanh has poles at ±iπ/2.
func (Tanh) Scale() float64 { return 0.2 }

// Deriv implements Activation: sech²x = 4e^{−2|x|}/(1 + e^{−2|x|})², which
// neither overflows nor cancels.
func (Tanh) Deriv(x float64) float64 {
	e := math.Exp(-2 * math.Abs(x))
	return 4 * e / ((1 + e) * (1 + e))
}

// Deriv2 implements Activation: −2·tanh x·sech²x.
func (t Tanh) Deriv2(x float64) float64 { return -2 * math.Tanh(x) * t.Deriv(x) }

// DerivJump implements Activation: tanh is smooth (its breakpoint only
// splits the integral).
func (Tanh) DerivJump(float64) float64 { return 0 }

// ActivationNames lists the names accepted by ParseActivation.
var ActivationNames = []string{"selu", "elu", "relu", "tanh"}

// ParseActivation returns the activation with the given name; alpha and lambda
// apply to SELU (both) and ELU (alpha only).
func ParseActivation(name string, alpha, lambda float64) (Activation, error) {
	switch name {
	case "selu":
		f := SELU{Alpha: alpha, Lambda: lambda}
		if err := f.Validate(); err != nil {
			return nil, err
		}
		return f, nil
	case "elu":
		f := SELU{Alpha: alpha, Lambda: 1}
		if err := f.Validate(); err != nil {
			return nil, err
		}
		return ELU{Alpha: alpha}, nil
	case "relu":
		return ReLU{}, nil
	case "tanh":
		return Tanh{}, nil
	}
	return nil, fmt.Errorf("unknown activation %q (accepted: selu, elu, relu, tanh)", name)
}
