package mapping

import (
	"errors"
	"math"
	"testing"
)

// TestAlphaDropoutOverflow: (α′ − μ*)² overflowed for μ* = 1e300 and gave
// non-finite a, b with a nil error; now a is formed with hypot.
func TestAlphaDropoutOverflow(t *testing.T) {
	for _, c := range [][2]float64{{1e300, 1}, {-1e300, 1}, {math.MaxFloat64, 1}, {0, 1e300}, {1e-300, 1e-300}, {0, math.SmallestNonzeroFloat64}, {1e200, 1e-300}} {
		d, err := NewAlphaDropout(0.1, 1, 1, c[0], c[1])
		if err != nil {
			if !errors.Is(err, ErrOverflow) {
				t.Errorf("%v: err %v", c, err)
			}
			continue
		}
		if !finite(d.A) || !finite(d.B) || !(d.A > 0) {
			t.Errorf("%v: %+v", c, d)
		}
		m, v := d.Moments(c[0], c[1])
		if math.Abs(m-c[0]) > 1e-12*(math.Abs(c[0])+math.Abs(d.AlphaPrime)+math.Sqrt(c[1])) || math.Abs(v-c[1]) > 1e-12*c[1] {
			t.Errorf("%v: %+v restores (%g, %g)", c, d, m, v)
		}
	}
	for _, c := range [][2]float64{{math.NaN(), 1}, {math.Inf(1), 1}, {0, 0}, {0, math.Inf(1)}, {0, math.NaN()}} {
		if _, err := NewAlphaDropout(0.1, 1, 1, c[0], c[1]); err == nil {
			t.Errorf("%v: no error", c)
		}
	}
}

// TestSolveReachableStable: at tiny ντ the parts A..D cancel; the interval
// was reported as (NaN, 0.683332) at τ = 1e-300 and too narrow at ν = 1e-16.
// At μω = 0 the branches are linear near 0, so both limits tend to ∓0.6833
// (the ratio of ReLU on N(0, 1)).
func TestSolveReachableStable(t *testing.T) {
	const relu0 = 0.6833316961214809 // E[z⁺]/sd(z⁺), z ~ N(0, 1): golden value
	for _, c := range [][4]float64{{0, 1, 0, 1e-300}, {0, 1e-16, 1, 1}, {0, 1, 1, 1e-300}} {
		sol, err := SolveAlphaLambda(c[0], c[1], c[2], c[3])
		r := sol.Reachable
		if math.Abs(r[0]+relu0) > 1e-6 || math.Abs(r[1]-relu0) > 1e-6 {
			t.Errorf("%v: reachable %v", c, r)
		}
		if err != nil && !errors.Is(err, ErrParameter) { // λ = 1e150 at τ = 1e-300
			t.Errorf("%v: %v", c, err)
		}
		checkSolution(t, c, sol, err)
	}
	// Unreachable targets report a finite interval.
	for _, c := range [][4]float64{{1, 1, 0, 1e-300}, {0.5, 1, 1, 1e-300}, {0.1, 1e-16, 1, 1}, {-0.1, 1e-16, 1, 1}, {-1, 1, 1e300, 1e-300}} {
		sol, err := SolveAlphaLambda(c[0], c[1], c[2], c[3])
		if err == nil {
			checkSolution(t, c, sol, err)
			continue
		}
		if !finite(sol.Reachable[0]) || !finite(sol.Reachable[1]) {
			t.Errorf("%v: reachable %v (%v)", c, sol.Reachable, err)
		}
	}
}

// checkSolution plugs α, λ back into g.
func checkSolution(t *testing.T, c [4]float64, sol AlphaLambda, err error) {
	t.Helper()
	if err != nil {
		return
	}
	y, x := c[0]*c[2], c[1]*c[3]
	ev, err := EvaluateNormal(SELU{sol.Alpha, sol.Lambda}, y, x, Auto)
	if err != nil {
		t.Errorf("%v: solution %+v does not evaluate: %v", c, sol, err)
		return
	}
	if math.Abs(ev.Mean-c[0]) > 1e-10*math.Max(math.Abs(c[0]), math.Sqrt(c[1])) || math.Abs(ev.Var-c[1]) > 1e-10*c[1] {
		t.Errorf("%v: alpha %v lambda %v give (%v, %v)", c, sol.Alpha, sol.Lambda, ev.Mean, ev.Var)
	}
}
