package mapping

import (
	"errors"
	"math"
	"testing"
)

// TestParameterContract: SELU/ELU parameters outside the accepted ranges
// (NaN, ±Inf, negative, absurdly large) are rejected by every entry point
// with ErrParameter, instead of NaN or negative moments with a nil error.
func TestParameterContract(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	bad := []SELU{{nan, 1}, {1, nan}, {inf, 1}, {1, inf}, {-1, 1}, {1, -1}, {1, 0},
		{1e300, 1}, {1, 1e300}, {MaxAlpha * 2, 1}, {1, MinLambda / 2}}
	for _, f := range bad {
		for _, m := range []Method{Auto, Quadrature, ClosedForm} {
			if _, err := Evaluate(f, 0, 1, 1, 1, m); !errors.Is(err, ErrParameter) {
				t.Errorf("Evaluate(%+v, %v): err %v, want ErrParameter", f, m, err)
			}
			if _, err := EvaluateNormal(f, 0, 1, m); !errors.Is(err, ErrParameter) {
				t.Errorf("EvaluateNormal(%+v, %v): err %v, want ErrParameter", f, m, err)
			}
		}
		if _, err := NewAlphaDropout(0.1, f.Alpha, f.Lambda, 0, 1); !errors.Is(err, ErrParameter) {
			t.Errorf("NewAlphaDropout(%+v): err %v, want ErrParameter", f, err)
		}
		if _, err := EvaluateNormal(ELU{Alpha: f.Alpha}, 0, 1, Auto); f.Validate() != nil && (SELU{f.Alpha, 1}).Validate() != nil && err == nil {
			t.Errorf("ELU{%v}: no error", f.Alpha)
		}
		out := make([]Moments, 1)
		if err := (Map{F: f, Omega: 1, Tau: 1}).Grid([]float64{0}, []float64{1}, 1, out); !errors.Is(err, ErrParameter) {
			t.Errorf("Grid(%+v): err %v, want ErrParameter", f, err)
		}
	}
	for _, f := range []SELU{{0, MinLambda}, {MaxAlpha, MaxLambda}, StandardSELU} {
		for _, c := range [][2]float64{{0, 1}, {-1e6, 1e12}, {1e6, 1e12}, {1e6, 1e-300}, {-30, 1e-8}} {
			ev, err := EvaluateNormal(f, c[0], c[1], Auto)
			if err != nil || !finite(ev.Mean) || !finite(ev.Var) || !(ev.Var >= 0) || !(ev.Second >= 0) {
				t.Errorf("%+v at %v: %+v, %v", f, c, ev, err)
			}
		}
	}
	// EvaluateNormal checks its net-input domain itself.
	for _, c := range [][2]float64{{nan, 1}, {0, nan}, {inf, 1}, {0, inf}, {0, 0}, {0, -1}, {2e6, 1}, {0, 1e-320}, {0, 1e13}} {
		if _, err := EvaluateNormal(StandardSELU, c[0], c[1], Auto); err == nil {
			t.Errorf("EvaluateNormal at %v: no error", c)
		}
	}
}

// TestNoNegativeVariance: in cancellation corners the closed form's
// ξ̃ − μ̃² is rounding noise that can be negative (ELU at μω = −37, ντ = 1
// gives −1.1e-16); no evaluator returns a negative ν̃ or ξ̃ with a nil error.
func TestNoNegativeVariance(t *testing.T) {
	for _, f := range []Activation{ReLU{}, ELU{Alpha: 1}, StandardSELU, Tanh{}} {
		for _, y := range []float64{-1e6, -700, -37, -30, -1, -1e-300, 0, 1e-300, 1, 37, 1e6} {
			for _, x := range []float64{1e-300, 1e-200, 1e-16, 1, 1e12} {
				for _, m := range []Method{Auto, Quadrature, ClosedForm} {
					ev, err := EvaluateNormal(f, y, x, m)
					if err == nil && !(ev.Var >= 0 && ev.Second >= 0 && finite(ev.Mean)) {
						t.Errorf("%s %v at (%g, %g): %+v", f.Name(), m, y, x, ev.Moments)
					}
				}
			}
		}
	}
}
