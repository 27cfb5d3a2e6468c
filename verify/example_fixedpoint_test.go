package verify_test

import (
	"fmt"

	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

// PyTorch's SELU gain 3/4 (weight statistics ω = 0, τ = 0.5625): the fixed
// point of g is proved to exist, to be unique in its box and to attract,
// although ℋ's spectral norm there exceeds 1 (g is not a Euclidean
// contraction near it).
func ExampleCertifyFixedPoint() {
	r, err := verify.CertifyFixedPoint(mapping.Alpha01, mapping.Lambda01, 0, 0.5625, nil)
	if err != nil {
		panic(err)
	}
	fmt.Printf("mu* in [%.10f, %.10f], nu* in [%.10f, %.10f]\n", r.Mu[0], r.Mu[1], r.Nu[0], r.Nu[1])
	fmt.Printf("spectral radius <= %.6f: %v\n", r.Radius[1], r.Stability)
	fmt.Printf("spectral norm >= %.6f: contracting %v\n", r.Norm[0], r.Contracting)
	// Output:
	// mu* in [-0.0284180810, -0.0284180810], nu* in [0.0267643294, 0.0267643294]
	// spectral radius <= 0.940593: attracting
	// spectral norm >= 1.030967: contracting false
}
