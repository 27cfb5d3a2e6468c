package verify_test

import (
	"fmt"
	"math"

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
	// Bounds printed with 6 decimals, rounded outwards.
	down := func(v float64) float64 { return math.Floor(v*1e6) / 1e6 }
	up := func(v float64) float64 { return math.Ceil(v*1e6) / 1e6 }
	fmt.Printf("mu* in [%.6f, %.6f], nu* in [%.6f, %.6f]\n", down(r.Mu[0]), up(r.Mu[1]), down(r.Nu[0]), up(r.Nu[1]))
	fmt.Printf("spectral radius <= %.6f: %v\n", up(r.Radius[1]), r.Stability)
	fmt.Printf("spectral norm >= %.6f: contracting %v\n", down(r.Norm[0]), r.Contracting)
	// Output:
	// mu* in [-0.028419, -0.028418], nu* in [0.026764, 0.026765]
	// spectral radius <= 0.940594: attracting
	// spectral norm >= 1.030966: contracting false
}
