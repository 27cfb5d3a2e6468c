package jacobian

import (
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// TestContract: invalid Jacobian kinds, activations and methods found by an
// adversarial trial are refused, before any work.
func TestContract(t *testing.T) {
	for _, of := range []Of{-1, 5} {
		if _, err := At(mapping.StandardSELU, 0.1, 1, 1, 1, of, nil); err == nil {
			t.Errorf("At with %v", of)
		}
		if _, err := NormGrid(mapping.Map{F: mapping.StandardSELU, Tau: 1}, []float64{0}, []float64{1}, &NormGridSettings{Of: of}); err == nil {
			t.Errorf("NormGrid with %v", of)
		}
	}
	for _, g := range []mapping.Map{
		{F: nil, Tau: 1},
		{F: mapping.SELU{Alpha: math.NaN(), Lambda: 1}, Tau: 1},
		{F: mapping.StandardSELU, Tau: 1, Method: 7},
		{F: mapping.Tanh{}, Tau: 1, Method: mapping.ClosedForm},
	} {
		if _, err := NormGrid(g, []float64{0}, []float64{1}, nil); err == nil {
			t.Errorf("NormGrid with %+v", g)
		}
	}
	if _, err := mapping.Evaluate(&mapping.SELU{Alpha: -5, Lambda: 1}, 0, 1, 0, 1, mapping.Auto); err == nil {
		t.Error("Evaluate with a pointer to an invalid SELU")
	}
}
