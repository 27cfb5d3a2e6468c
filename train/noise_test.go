package train

import (
	"math"
	"math/rand/v2"
	"testing"
)

// pow10 returns the losses 10^y[e], with L[0] = 7 (the untrained loss, which
// the measures skip).
func pow10(y []float64) []float64 {
	l := []float64{7}
	for _, v := range y {
		l = append(l, math.Pow(10, v))
	}
	return l
}

func TestNoiseVarianceByHand(t *testing.T) {
	// y = 0, 1, 0, 1, 0: second differences −2, 2, −2, so 12 / (6·3) = 2/3;
	// first differences ±1 with mean 0: 4 / 3.
	l := pow10([]float64{0, 1, 0, 1, 0})
	if got := NoiseVariance(l); math.Abs(got-2.0/3) > 1e-15 {
		t.Errorf("NoiseVariance = %.17g, want 2/3", got)
	}
	if got := StepVariance(l); math.Abs(got-4.0/3) > 1e-15 {
		t.Errorf("StepVariance = %.17g, want 4/3", got)
	}
	// A constant rate on the log axis is no noise, however fast: 3·10^(−0.37e).
	var y []float64
	for e := range 30 {
		y = append(y, math.Log10(3)-0.37*float64(e))
	}
	if got := NoiseVariance(pow10(y)); got > 1e-28 {
		t.Errorf("NoiseVariance of a straight line = %g, want 0", got)
	}
	if got := StepVariance(pow10(y)); got > 1e-28 {
		t.Errorf("StepVariance of a straight line = %g, want 0", got)
	}
	// A parabola y = 0.01e² has second differences 0.02: 0.02²/6.
	y = y[:0]
	for e := range 30 {
		y = append(y, 0.01*float64(e*e))
	}
	if got, want := NoiseVariance(pow10(y)), 0.0004/6; math.Abs(got-want) > 1e-12*want {
		t.Errorf("NoiseVariance of a parabola = %.17g, want %.17g", got, want)
	}
}

// TestNoiseVarianceUnbiased: on a linear trend plus independent Gaussian
// noise of variance σ², NoiseVariance estimates σ² and StepVariance 2σ².
// The pseudo-residuals (Δ²ε)/√6 have variance σ² and correlations −2/3
// (lag 1) and 1/6 (lag 2), so the estimate of n of them has a standard
// deviation of σ²·√(2(1 + 2·(4/9) + 2·(1/36))/n) = σ²·√(3.89/n): 1.4 % for
// n = 20,000. The tolerance is 5 of those.
func TestNoiseVarianceUnbiased(t *testing.T) {
	const n, sigma = 20000, 0.1
	rng := rand.New(rand.NewPCG(3, 4))
	y := make([]float64, n)
	for e := range y {
		y[e] = -0.5 - 1e-4*float64(e) + sigma*rng.NormFloat64()
	}
	l := pow10(y)
	tol := 5 * math.Sqrt(3.89/n)
	if got := NoiseVariance(l) / (sigma * sigma); math.Abs(got-1) > tol {
		t.Errorf("NoiseVariance / σ² = %.4f, want 1 ± %.3f", got, tol)
	}
	// Δε has variance 2σ², lag-1 correlation −1/2: sd 2σ²·√(2(1 + 2/4)/n).
	tol = 5 * math.Sqrt(3.0/n)
	if got := StepVariance(l) / (2 * sigma * sigma); math.Abs(got-1) > tol {
		t.Errorf("StepVariance / 2σ² = %.4f, want 1 ± %.3f", got, tol)
	}
}

func TestNoiseVarianceUndefined(t *testing.T) {
	for _, l := range [][]float64{
		nil, {1}, {3, 2, 1}, // fewer than three losses after L[0]
		{3, 2, 1, 0}, {3, 2, -1, 1}, {3, 2, math.Inf(1), 1}, {3, 2, math.NaN(), 1, 1},
	} {
		if v := NoiseVariance(l); !math.IsNaN(v) {
			t.Errorf("NoiseVariance(%v) = %g, want NaN", l, v)
		}
		if v := StepVariance(l); !math.IsNaN(v) {
			t.Errorf("StepVariance(%v) = %g, want NaN", l, v)
		}
	}
	// L[0] is skipped: a zero there does not matter.
	if v := NoiseVariance([]float64{0, 1, 1, 1}); v != 0 {
		t.Errorf("NoiseVariance with L[0] = 0: %g, want 0", v)
	}
	if got := Rises([]float64{3, 2, 2.5, 1, 1, 1.5}); got != 2 {
		t.Errorf("Rises = %d, want 2", got)
	}
}
