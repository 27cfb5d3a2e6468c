package train

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// TestSELU holds SELU against package mapping's (an independent spelling
// of the same definition, paper eq. 2) and its derivative against central
// differences away from the kink.
func TestSELU(t *testing.T) {
	for _, x := range []float64{-30, -2, -0.5, -1e-9, 0, 1e-9, 0.5, 3} {
		if got, want := SELU(x), mapping.StandardSELU.Value(x); math.Abs(got-want) > 1e-15*math.Max(1, math.Abs(want)) {
			t.Errorf("SELU(%g) = %g, mapping says %g", x, got, want)
		}
		if x == 0 || math.Abs(x) < 1e-6 {
			continue
		}
		h := 1e-6
		fdv := (SELU(x+h) - SELU(x-h)) / (2 * h)
		if math.Abs(SELUDeriv(x)-fdv) > 1e-8 {
			t.Errorf("SELU'(%g) = %g, finite differences %g", x, SELUDeriv(x), fdv)
		}
	}
	if SELUDeriv(0) != mapping.Lambda01 {
		t.Errorf("SELU'(0) = %g, want λ01 (TensorFlow's where takes x ≥ 0)", SELUDeriv(0))
	}
}

// TestDropoutParams: the official selu.py's a, b for rate 0.05 and 0.1 at
// the fixed point (0, 1) equal the paper's closed form
// a = (q + α′²q(1 − q))^(−1/2), b = −a(1 − q)α′ (paper section "New
// Dropout Technique").
func TestDropoutParams(t *testing.T) {
	if math.Abs(AlphaPrime+1.7580993408473766) > 1e-15 {
		t.Errorf("α′ = %.17g, the official default is −1.7580993408473766", AlphaPrime)
	}
	for _, rate := range []float64{0.05, 0.1} {
		q := 1 - rate
		a, b := DropoutParams(rate, AlphaPrime, 0, 1)
		wa := 1 / math.Sqrt(q+AlphaPrime*AlphaPrime*q*(1-q))
		wb := -wa * (1 - q) * AlphaPrime
		if math.Abs(a-wa) > 1e-15 || math.Abs(b-wb) > 1e-15 {
			t.Errorf("rate %g: a, b = %g, %g; paper %g, %g", rate, a, b, wa, wb)
		}
	}
}

// TestDropoutSELUMoments: for inputs with mean 0 and variance 1 the output
// keeps mean 0 and variance 1 (what a, b are for), within sampling error,
// and about rate of the units are dropped.
func TestDropoutSELUMoments(t *testing.T) {
	const n = 400000
	rng := rand.New(rand.NewPCG(1, 1))
	x := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64()
	}
	mask := make([]float64, n)
	DropoutSELU(x, 0.1, rng, mask)
	m, v, dropped := 0.0, 0.0, 0
	for i, val := range x {
		m += val
		if mask[i] == 0 {
			dropped++
		}
	}
	m /= n
	for _, val := range x {
		v += (val - m) * (val - m)
	}
	v /= n
	// Standard errors: mean 1/√n = 0.0016, variance ≈ √(2/n)·(kurtosis
	// factor) ≈ 0.003, dropped fraction √(0.09/n) = 0.0005.
	if math.Abs(m) > 0.01 || math.Abs(v-1) > 0.02 || math.Abs(float64(dropped)/n-0.1) > 0.003 {
		t.Errorf("after alpha dropout 0.1: mean %g, variance %g, dropped %g", m, v, float64(dropped)/n)
	}
	y := []float64{1, 2}
	DropoutSELU(y, 0, rng, nil)
	if y[0] != 1 || y[1] != 2 {
		t.Errorf("rate 0 changed the input: %v", y)
	}
}
