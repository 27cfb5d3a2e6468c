package mapping

import (
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/internal/refdata"
)

// TestSaturatedVariance: ν̃ where f is saturated and the variance's mass
// sits far from the mean (tanh at |μω| ≫ 1, SELU far below its kink with a
// wide net input), against testdata/saturated.csv (mpmath, gen_saturated.py).
// Before the layout followed the increments' growth towards the breakpoint
// (quadrature/normal.go), these were off by up to 5.6 % (tanh at (30, 4))
// and by a factor 10³⁸ (SELU at (−453, 127), underflow), each with an error
// estimate near 1e-16. 1e-13 relative: the tolerance of the closed forms.
func TestSaturatedVariance(t *testing.T) {
	rows := refdata.Local(t, "saturated.csv")
	if len(rows) < 7 {
		t.Fatalf("only %d rows", len(rows))
	}
	for _, r := range rows {
		var f Activation = Tanh{}
		if r["activation"] == "selu" {
			f = StandardSELU
		}
		y, x, want := refdata.Float(t, r["y"]), refdata.Float(t, r["x"]), refdata.Float(t, r["var"])
		ev, err := EvaluateNormal(f, y, x, Auto)
		if err != nil {
			t.Fatal(err)
		}
		e := math.Abs(ev.Var-want) / want
		if !(e <= 1e-13) {
			t.Errorf("%s at (%v, %v): nu~ = %.17g, want %.17g (error %.2g, estimate %.2g, %v)", r["activation"], y, x, ev.Var, want, e, ev.RelErr.Var, ev.Method)
		}
		// The error estimate must not claim more than is true.
		if e > 10*ev.RelErr.Var && e > 1e-15 {
			t.Errorf("%s at (%v, %v): error %.2g, but the estimate says %.2g", r["activation"], y, x, e, ev.RelErr.Var)
		}
	}
}
