package fixedpoint

import (
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// TestBasinOrbitContract: invalid maps, fixed points and settings found by
// an adversarial trial are refused instead of giving meaningless statuses
// or running without end.
func TestBasinOrbitContract(t *testing.T) {
	g := mapping.Map{F: mapping.StandardSELU, Omega: 0, Tau: 1}
	fp := Point{0, 1}
	if _, _, err := Orbit(g, fp, Point{5, 5}, 0, math.MaxInt, nil); err == nil {
		t.Error("Orbit with maxIter MaxInt")
	}
	for _, bad := range []mapping.Map{
		{F: nil, Tau: 1},
		{F: mapping.SELU{Alpha: math.NaN(), Lambda: 1}, Tau: 1},
		{F: mapping.SELU{Alpha: 1, Lambda: 0}, Tau: 1},
		{F: mapping.SELU{Alpha: -3, Lambda: 1}, Tau: 1},
		{F: mapping.StandardSELU, Tau: 1, Method: 7},
	} {
		if _, err := Basin(bad, fp, []float64{0}, []float64{1}, nil); err == nil {
			t.Errorf("Basin with %+v", bad)
		}
		if _, _, err := Classify(bad, fp, fp, nil); err == nil {
			t.Errorf("Classify with %+v", bad)
		}
	}
	for _, f := range []Point{{math.NaN(), 1}, {0, -1}, {0, 0}} {
		if _, _, err := Classify(g, f, Point{0, 1}, nil); err == nil {
			t.Errorf("Classify towards %+v", f)
		}
	}
	for _, s := range []BasinSettings{{Tol: math.NaN()}, {Tol: math.Inf(1)}, {Tol: 5}, {CollapseNu: math.NaN()},
		{DivergeNu: math.Inf(1)}, {StallTol: math.NaN()}, {MaxIter: MaxBasinIter + 1}, {Workers: -1}} {
		if _, err := Basin(g, fp, []float64{0}, []float64{1}, &s); err == nil {
			t.Errorf("Basin with %+v", s)
		}
	}
}
