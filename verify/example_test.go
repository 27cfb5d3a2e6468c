package verify_test

import (
	"fmt"

	"github.com/snnanalyze/snnanalyze/verify"
)

// The contraction step of the paper's Theorem 1: ℋ's spectral norm stays
// below 1 on the whole domain Ω, proved by a certified bound (interval
// arithmetic on an adaptive partition), and the certificate re-checked. The
// notebook's maximum is 0.8976083584089181.
func ExampleProblem_Certify() {
	claim := verify.NamedClaims("theorem1")[0]
	r, err := claim.Certify(&verify.CertifySettings{Threshold: claim.Limit})
	if err != nil {
		panic(err)
	}
	fmt.Printf("max ‖H‖ on Ω ≤ %.6f (best point %.6f): claim < %g holds: %v\n", r.Bound, r.Best, claim.Limit, claim.Holds(r.Bound))
	leaves, err := r.Certificate.Check()
	fmt.Printf("certificate re-checked: %v leaves, error %v\n", leaves == r.Leaves, err)
	// Output:
	// max ‖H‖ on Ω ≤ 0.897615 (best point 0.897608): claim < 1 holds: true
	// certificate re-checked: true leaves, error <nil>
}
