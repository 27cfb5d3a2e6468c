package meanfield_test

import (
	"fmt"

	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/meanfield"
)

// The backward factor at the paper's fixed point (μ, ν) = (0, 1) with ω = 0,
// τ = 1: gradients grow by 7 % per layer.
func ExampleBackwardAt() {
	b, err := meanfield.BackwardAt(mapping.StandardSELU, 0, 1, 0, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("chi1 = %.6f, e-fold every %.2f layers\n", b.Chi1, b.EFoldLayers())
	// Output: chi1 = 1.071575, e-fold every 14.47 layers
}

// The correlation map at the same point, and its phase.
func ExampleMap_Analyze() {
	m, err := meanfield.NewMap(mapping.StandardSELU, 0, 1, 0, 1)
	if err != nil {
		panic(err)
	}
	v, _ := m.At(0.5)
	an, _ := m.Analyze()
	fmt.Printf("c~(0.5) = %.6f; phase %v\n", v.Centred, an.Phase)
	for _, p := range an.FixedPoints {
		fmt.Printf("c* = %v: slope %.4f, stable %v\n", p.C, p.Slope, p.Stable)
	}
	// Output:
	// c~(0.5) = 0.490569; phase chaotic
	// c* = 0: slope 0.9707, stable true
	// c* = 1: slope 1.0716, stable false
}
