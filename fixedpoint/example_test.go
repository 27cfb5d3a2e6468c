package fixedpoint_test

import (
	"fmt"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// With PyTorch's SELU gain 3/4 (τ = 0.5625, ω = 0) the fixed point of g is
// stable (spectral radius of ℋ below 1) although ℋ's spectral norm is above
// 1, so the Euclidean-norm argument of the paper's Theorem 1 does not apply.
func ExampleFind() {
	r, err := fixedpoint.Find(mapping.StandardSELU, 0, 0.5625, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("fixed point (%.7f, %.7f)\n", r.Mu, r.Nu)
	fmt.Printf("spectral radius %.4f (stable: %v), spectral norm %.4f (contracting: %v)\n", r.H.Radius, r.Stable, r.H.Norm, r.Contracting)
	// Output:
	// fixed point (-0.0284181, 0.0267643)
	// spectral radius 0.9406 (stable: true), spectral norm 1.0310 (contracting: false)
}
