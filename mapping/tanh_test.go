package mapping

import (
	"math"
	"testing"
)

// TestTanhLargeMean: Tanh.Increment formed e^{−2a}·expm1(2h) = 0·∞ = NaN for
// a > 355 and h < −355 on one side of 0, so tanh failed at large |μω| inside
// the accepted domain. tanh is bounded: its moments exist everywhere.
func TestTanhLargeMean(t *testing.T) {
	var f Tanh
	for _, x := range []float64{400, 1e3, 1e6} {
		for _, h := range []float64{-x / 2, -x + 1, -x, 1e3} {
			want := math.Tanh(x+h) - math.Tanh(x)
			if got := f.Increment(x, h); !(math.Abs(got-want) <= 1e-15*math.Max(math.Abs(want), 1e-300)) && !(got == want) {
				// compare against the direct difference where it does not cancel
				if math.Abs(want) > 1e-3 || math.IsNaN(got) {
					t.Errorf("Increment(%g, %g) = %v, want %v", x, h, got, want)
				}
			}
			if got := f.Increment(-x, -h); math.IsNaN(got) {
				t.Errorf("Increment(%g, %g) = NaN", -x, -h)
			}
		}
	}
	for _, y := range []float64{-1e6, -1e3, -400, 400, 1e3, 1e6} {
		for _, x := range []float64{1e-300, 1, 1e4, 1e12} {
			ev, err := EvaluateNormal(f, y, x, Auto)
			if err != nil || !(math.Abs(ev.Mean) <= 1) || !(ev.Var >= 0 && ev.Var <= 1) {
				t.Errorf("tanh at (%g, %g): %+v, %v", y, x, ev.Moments, err)
			}
		}
	}
}
