package fixedpoint_test

import (
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
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

// At τ = 0.5625 ℋ's spectral norm is above 1, yet its spectral radius is
// below 1, so some norm makes g a contraction near the fixed point. The
// eigenvectors of ℋ give one: with V = [v₁ v₂], ‖x‖_V = ‖V⁻¹x‖₂ is a norm
// whose matrix norm of ℋ is ‖V⁻¹ℋV‖₂ = ρ(ℋ). At ω = 0, ℋ depends on ν
// only, so a scan of ν over the ν range of a V-ball around the fixed point
// checks the norm on the whole ball (a grid scan, not a proof).
// docs/exercises.md, exercise 4, shows this code.
func ExampleFind_eigenvectorNorm() {
	const tau = 0.5625
	r, err := fixedpoint.Find(mapping.StandardSELU, 0, tau, nil)
	if err != nil {
		panic(err)
	}
	h := r.H.M // [[0, b], [0, d]] at ω = 0
	b, d := h[0][1], h[1][1]
	// Eigenvectors: v₁ = (1, 0) for the eigenvalue 0, v₂ = (b, d) for d.
	v := jacobian.Matrix{{1, b}, {0, d}}
	vInv := jacobian.Matrix{{1, -b / d}, {0, 1 / d}}
	normV := func(m jacobian.Matrix) float64 {
		return jacobian.SpectralNorm(mul(vInv, mul(m, v)))
	}
	fmt.Printf("at the fixed point: Euclidean norm %.4f, V-norm %.4f, spectral radius %.4f\n", r.H.Norm, normV(h), r.H.Radius)
	// The V-ball of radius f·ν*/d around p* spans ν in [ν*(1 − f), ν*(1 + f)]:
	// δ = V·x has δν = d·x₂.
	const f = 0.2
	worst := 0.0
	for k := 0; k <= 200; k++ {
		nu := r.Nu * (1 - f + 2*f*float64(k)/200)
		j, err := jacobian.At(mapping.StandardSELU, r.Mu, nu, 0, tau, jacobian.Variance, nil)
		if err != nil {
			panic(err)
		}
		worst = math.Max(worst, normV(j.M))
	}
	fmt.Printf("largest V-norm of H for nu in [%.4f, %.4f]: %.4f\n", r.Nu*(1-f), r.Nu*(1+f), worst)
	// Output:
	// at the fixed point: Euclidean norm 1.0310, V-norm 0.9406, spectral radius 0.9406
	// largest V-norm of H for nu in [0.0214, 0.0321]: 0.9602
}

// mul returns the matrix product ab.
func mul(a, b jacobian.Matrix) jacobian.Matrix {
	var c jacobian.Matrix
	for i := range 2 {
		for j := range 2 {
			c[i][j] = a[i][0]*b[0][j] + a[i][1]*b[1][j]
		}
	}
	return c
}
