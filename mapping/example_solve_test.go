package mapping_test

import (
	"fmt"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// SELU's α and λ that make (μ, ν) = (0, 1) the fixed point of g at ω = 0,
// τ = 1 are the paper's α01, λ01 (eq. 14; selu.py prints them to 32 digits:
// 1.6732632423543772848…, 1.0507009873554804934…).
func ExampleSolveAlphaLambda() {
	s, err := mapping.SolveAlphaLambda(0, 1, 0, 1)
	if err != nil {
		panic(err)
	}
	fmt.Printf("alpha = %.15f, lambda = %.15f\n", s.Alpha, s.Lambda)
	// Output: alpha = 1.673263242354377, lambda = 1.050700987355480
}
