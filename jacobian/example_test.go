package jacobian_test

import (
	"fmt"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// ℋ, the Jacobian of g, at the paper's fixed point (μ, ν) = (0, 1) with
// ω = 0, τ = 1. The Mathematica notebook gives [[0, 0.08883475510689011],
// [0, 0.7826478831968123]] and the largest singular value 0.787673360465715.
func ExampleAt() {
	r, err := jacobian.At(mapping.StandardSELU, 0, 1, 0, 1, jacobian.Variance, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("H = [[%.12f, %.12f], [%.12f, %.12f]]\n", r.M[0][0], r.M[0][1], r.M[1][0], r.M[1][1])
	fmt.Printf("spectral norm %.12f, spectral radius %.12f\n", r.Norm, r.Radius)
	// Output:
	// H = [[0.000000000000, 0.088834755107], [0.000000000000, 0.782647883197]]
	// spectral norm 0.787673360466, spectral radius 0.782647883197
}
