package mapping

import (
	"errors"
	"math"
	"testing"
)

// Extreme inputs for the seed corpora: subnormals, ±MaxFloat64, NaN with a
// payload, and the cases of the adversarial trial.
var (
	nanBits   = math.Float64frombits(0x7ff8000000000001)
	subnormal = math.SmallestNonzeroFloat64
)

func fuzzActivation(k uint8, alpha, lambda float64) Activation {
	switch k % 4 {
	case 0:
		return SELU{Alpha: alpha, Lambda: lambda}
	case 1:
		return ELU{Alpha: alpha}
	case 2:
		return ReLU{}
	}
	return Tanh{}
}

// FuzzEvaluate: every activation and method; a nil error means finite
// moments with ξ̃, ν̃ ≥ 0 (and |μ̃| ≤ 1, ν̃ ≤ 1 for tanh, μ̃ ≥ 0 for ReLU).
func FuzzEvaluate(f *testing.F) {
	f.Add(uint8(0), uint8(0), Alpha01, Lambda01, 0.0, 1.0, 0.0, 1.0)
	f.Add(uint8(0), uint8(0), math.NaN(), 1.0, 0.0, 1.0, 0.0, 1.0)
	f.Add(uint8(0), uint8(1), 1e300, 1.0, 0.0, 1.0, 1.0, 1.0)
	f.Add(uint8(0), uint8(2), 1.0, -1.0, 0.0, 1.0, 1.0, 1.0)
	f.Add(uint8(1), uint8(2), 1.0, 1.0, -37.0, 1.0, 1.0, 1.0)
	f.Add(uint8(2), uint8(0), 0.0, 0.0, -1e6, 1e-300, 1.0, 1.0)
	f.Add(uint8(2), uint8(1), 0.0, 0.0, 1e6, 1e-300, 1.0, 1.0)
	f.Add(uint8(1), uint8(0), 1.0, 0.0, -1e6, 1.0, 1.0, 1e-300)
	f.Add(uint8(3), uint8(0), 0.0, 0.0, 1e6, 1e12, 1.0, 1.0)
	f.Add(uint8(3), uint8(1), 0.0, 0.0, -1e3, 1.0, 1.0, 1.0)
	f.Add(uint8(0), uint8(0), MaxAlpha, MaxLambda, -1e6, 1e12, 1.0, 1.0)
	f.Add(uint8(0), uint8(2), 0.0, MinLambda, 1e-300, 1e300, 1e300, 1e-300)
	f.Add(uint8(1), uint8(1), subnormal, 1.0, subnormal, subnormal, math.MaxFloat64, math.MaxFloat64)
	f.Add(uint8(0), uint8(0), nanBits, nanBits, nanBits, nanBits, nanBits, nanBits)
	f.Add(uint8(2), uint8(2), 1.0, 1.0, -math.MaxFloat64, 1.0, 1.0, -math.MaxFloat64)
	f.Fuzz(func(t *testing.T, k, method uint8, alpha, lambda, mu, nu, omega, tau float64) {
		act := fuzzActivation(k, alpha, lambda)
		m := Method(method % 3)
		ev, err := Evaluate(act, mu, nu, omega, tau, m)
		if err != nil {
			return
		}
		if !finite(ev.Mean) || !finite(ev.Second) || !finite(ev.Var) || !(ev.Var >= 0) || !(ev.Second >= 0) {
			t.Fatalf("%s %v at (%v, %v, %v, %v): %+v", act.Name(), m, mu, nu, omega, tau, ev.Moments)
		}
		switch act.(type) {
		case Tanh:
			if !(math.Abs(ev.Mean) <= 1 && ev.Var <= 1 && ev.Second <= 1) {
				t.Fatalf("tanh at (%v, %v, %v, %v): %+v", mu, nu, omega, tau, ev.Moments)
			}
		case ReLU:
			if !(ev.Mean >= 0) {
				t.Fatalf("relu at (%v, %v, %v, %v): %+v", mu, nu, omega, tau, ev.Moments)
			}
		}
	})
}

// FuzzSolveAlphaLambda: a solution reproduces the target (to 1e-10) with α,
// λ in the accepted ranges; an unreachable target reports a finite interval.
func FuzzSolveAlphaLambda(f *testing.F) {
	f.Add(0.0, 1.0, 0.0, 1.0)
	f.Add(-0.1, 2.0, 1.0, 1.0)
	f.Add(0.0, 1.0, 0.0, 1e-300)
	f.Add(1.0, 1.0, 0.0, 1e-300)
	f.Add(0.1, 1e-16, 1.0, 1.0)
	f.Add(0.0, 1e-16, 1.0, 1.0)
	f.Add(1e-300, 1.0, 1e300, 1.0)
	f.Add(0.5, 1.0, 1.0, 1e-300)
	f.Add(-0.5, 1e-300, 1e6, 1e300)
	f.Add(subnormal, subnormal, math.MaxFloat64, math.MaxFloat64)
	f.Add(nanBits, 1.0, 0.0, 1.0)
	f.Add(3.0, 0.01, 0.0, 1.0)
	f.Fuzz(func(t *testing.T, mu, nu, omega, tau float64) {
		sol, err := SolveAlphaLambda(mu, nu, omega, tau)
		if errors.Is(err, ErrUnreachable) && (!finite(sol.Reachable[0]) || !finite(sol.Reachable[1]) || sol.Reachable[0] > sol.Reachable[1]) {
			t.Fatalf("(%v, %v, %v, %v): reachable %v: %v", mu, nu, omega, tau, sol.Reachable, err)
		}
		if err != nil {
			return
		}
		if (SELU{sol.Alpha, sol.Lambda}).Validate() != nil {
			t.Fatalf("(%v, %v, %v, %v): alpha %v lambda %v out of range", mu, nu, omega, tau, sol.Alpha, sol.Lambda)
		}
		ev, err := Evaluate(SELU{sol.Alpha, sol.Lambda}, mu, nu, omega, tau, Auto)
		if err != nil {
			t.Fatalf("(%v, %v, %v, %v): solution does not evaluate: %v", mu, nu, omega, tau, err)
		}
		if math.Abs(ev.Mean-mu) > 1e-10*math.Max(math.Abs(mu), math.Sqrt(nu)) || math.Abs(ev.Var-nu) > 1e-10*nu {
			t.Fatalf("(%v, %v, %v, %v): alpha %v lambda %v give (%v, %v)", mu, nu, omega, tau, sol.Alpha, sol.Lambda, ev.Mean, ev.Var)
		}
	})
}

// FuzzAlphaDropout: finite a > 0 and b, and Moments restores (μ*, ν*).
func FuzzAlphaDropout(f *testing.F) {
	f.Add(0.1, Alpha01, Lambda01, 0.0, 1.0)
	f.Add(0.1, 1.0, 1.0, 1e300, 1.0)
	f.Add(0.1, 1.0, 1.0, -math.MaxFloat64, 1.0)
	f.Add(0.5, 1.0, 1.0, 0.0, math.MaxFloat64)
	f.Add(0.999999, MaxAlpha, MaxLambda, 1e-300, subnormal)
	f.Add(0.0, 0.0, MinLambda, 0.0, 1e-300)
	f.Add(nanBits, 1.0, 1.0, 0.0, 1.0)
	f.Add(0.1, math.NaN(), 1.0, 0.0, 1.0)
	f.Add(0.1, 1e300, 1.0, 0.0, 1.0)
	f.Fuzz(func(t *testing.T, rate, alpha, lambda, mu, nu float64) {
		d, err := NewAlphaDropout(rate, alpha, lambda, mu, nu)
		if err != nil {
			return
		}
		if !(d.A > 0) || !finite(d.A) || !finite(d.B) {
			t.Fatalf("%v: %+v", []float64{rate, alpha, lambda, mu, nu}, d)
		}
		m, v := d.Moments(mu, nu)
		am := math.Abs(d.A * (d.Q*mu + (1-d.Q)*d.AlphaPrime))
		if !(math.Abs(m-mu) <= 8*epsilon*(math.Abs(mu)+am)) || !(math.Abs(v-nu) <= 1e-13*nu) {
			t.Fatalf("%v: %+v restores (%v, %v)", []float64{rate, alpha, lambda, mu, nu}, d, m, v)
		}
	})
}
