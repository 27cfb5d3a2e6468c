package mapping

import (
	"errors"
	"math"
	"testing"
)

// TestSolveAlpha01: the target (0, 1) at ω = 0, τ = 1 gives α01, λ01 to 2
// ulp of the exact values 1.6732632423543772848170429916717 and
// 1.0507009873554804934193349852946 (selu.py; paper eq. 14).
func TestSolveAlpha01(t *testing.T) {
	s, err := SolveAlphaLambda(0, 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The exact values lie between doubles: measure in ulps from the
	// decimal, (exact − nearest double) taken from the 32-digit constants.
	const alphaExtra = 1.6732632423543772848170429916717 - 1.6732632423543772 // Go evaluates this exactly
	const lambdaExtra = 1.0507009873554804934193349852946 - 1.0507009873554805
	da := (s.Alpha - 1.6732632423543772 - alphaExtra) / ulp(Alpha01)
	dl := (s.Lambda - 1.0507009873554805 - lambdaExtra) / ulp(Lambda01)
	if math.Abs(da) > 2 || math.Abs(dl) > 2 {
		t.Errorf("alpha %.17g (%.2f ulp), lambda %.17g (%.2f ulp)", s.Alpha, da, s.Lambda, dl)
	}
	t.Logf("alpha01 off by %.2f ulp, lambda01 by %.2f ulp", da, dl)
}

// TestSolvePaper02: the paper's appendix A5 gives α02 = 1.97126 and
// λ02 = 1.06071 for the fixed point (0, 2).
func TestSolvePaper02(t *testing.T) {
	s, err := SolveAlphaLambda(0, 2, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(s.Alpha-1.97126) > 5e-6 || math.Abs(s.Lambda-1.06071) > 5e-6 {
		t.Errorf("(0, 2): alpha %v, lambda %v; paper 1.97126, 1.06071", s.Alpha, s.Lambda)
	}
}

// TestSolveNotebook: the official notebook (ω = τ = 1) prints
// (1.9769021954242014, 1.073851239616046) for (−0.1, 2) and
// (1.9712557503462642, 1.0607090761030131) for (0, 2) (paper-facts.md §3).
// Its nsolve is not exact to the last digit; 1e-12 is the bound.
func TestSolveNotebook(t *testing.T) {
	for _, c := range []struct{ mu, nu, alpha, lambda float64 }{
		{-0.1, 2, 1.9769021954242014, 1.073851239616046},
		{0, 2, 1.9712557503462642, 1.0607090761030131},
		{0, 1, 1.6732632423543778, 1.0507009873554805},
	} {
		s, err := SolveAlphaLambda(c.mu, c.nu, 1, 1)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(s.Alpha-c.alpha) > 1e-12 || math.Abs(s.Lambda-c.lambda) > 1e-12 {
			t.Errorf("(%g, %g): alpha %.17g lambda %.17g; notebook %.17g, %.17g", c.mu, c.nu, s.Alpha, s.Lambda, c.alpha, c.lambda)
		}
		if math.Abs(s.Residual.Mean) > 1e-15 || math.Abs(s.Residual.Var) > 4e-16*c.nu {
			t.Errorf("(%g, %g): residual %+v", c.mu, c.nu, s.Residual)
		}
	}
}

func TestSolveUnreachable(t *testing.T) {
	for _, c := range [][4]float64{{1, 0.01, 0, 1}, {-1, 0.01, 0, 1}, {3, 0.01, 0, 1}} {
		_, err := SolveAlphaLambda(c[0], c[1], c[2], c[3])
		if !errors.Is(err, ErrUnreachable) {
			t.Errorf("%v: err %v, want ErrUnreachable", c, err)
		}
	}
	for _, c := range [][4]float64{{0, 0, 0, 1}, {0, -1, 0, 1}, {0, 1, 0, 0}, {math.NaN(), 1, 0, 1}} {
		if _, err := SolveAlphaLambda(c[0], c[1], c[2], c[3]); err == nil {
			t.Errorf("%v: no error", c)
		}
	}
}

// TestAlphaDropoutRestores checks the dropout parameters by the moments after
// dropout (law of total variance), for several rates and fixed points.
func TestAlphaDropoutRestores(t *testing.T) {
	for _, rate := range []float64{0, 0.05, 0.1, 0.2, 0.5} {
		for _, fp := range [][2]float64{{0, 1}, {0, 2}, {-0.1, 1.5}} {
			d, err := NewAlphaDropout(rate, Alpha01, Lambda01, fp[0], fp[1])
			if err != nil {
				t.Fatal(err)
			}
			m, v := d.Moments(fp[0], fp[1])
			if math.Abs(m-fp[0]) > 1e-15 || math.Abs(v-fp[1]) > 1e-15*fp[1] {
				t.Errorf("rate %g fixed point %v: after dropout (%.17g, %.17g)", rate, fp, m, v)
			}
		}
	}
	// paper-facts.md §7: α′ = −λα = −1.7580993408473766 for α01, λ01.
	d, _ := NewAlphaDropout(0.1, Alpha01, Lambda01, 0, 1)
	if math.Abs(d.AlphaPrime+1.7580993408473766) > 4e-16 {
		t.Errorf("alpha' = %.17g", d.AlphaPrime)
	}
	for _, rate := range []float64{-0.1, 1, 1.5, math.NaN()} {
		if _, err := NewAlphaDropout(rate, Alpha01, Lambda01, 0, 1); err == nil {
			t.Errorf("rate %v: no error", rate)
		}
	}
}

func TestSolveNoAlloc(t *testing.T) {
	if a := testing.AllocsPerRun(20, func() { SolveAlphaLambda(0, 1, 0, 1) }); a != 0 {
		t.Errorf("SolveAlphaLambda allocates %v times", a)
	}
}

// BenchmarkSolveAlphaLambda: target (0, 1), ω = 0, τ = 1 (issue 4: ≤ 20 µs).
func BenchmarkSolveAlphaLambda(b *testing.B) {
	for b.Loop() {
		if _, err := SolveAlphaLambda(0, 1, 0, 1); err != nil {
			b.Fatal(err)
		}
	}
}
