package verify

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/jacobian"
)

// FuzzCheckIndependent feeds arbitrary certificate files to the
// independent checker. It must not panic, and a certificate it accepts as
// proving its claim must bound the quantity at the corners and the centre
// of the claim's box (evaluated by the float64 path, to 1e-12).
func FuzzCheckIndependent(f *testing.F) {
	claim := UserClaims("contraction", Box{Mu: [2]float64{0, 0.01}, Omega: [2]float64{0, 0.01}, Nu: [2]float64{1, 1.01}, Tau: [2]float64{1, 1.01}},
		NamedClaims("theorem1")[0].F, jacobian.Variance)[0]
	r, err := claim.Certify(&CertifySettings{Threshold: claim.Limit, Gap: 0.05})
	if err != nil {
		f.Fatal(err)
	}
	good, _ := json.Marshal(NewCertificateFile(r.Certificate, claim))
	f.Add(good)
	f.Add([]byte(`{"name":"theorem1","quantity":"max_spectral_norm","tree":"L","leaves":[0.5],"bound":0.5,"limit":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var cf CertificateFile
		if json.Unmarshal(data, &cf) != nil || len(cf.Tree) > 64 {
			return // long trees only cost time
		}
		c, err := cf.CheckIndependent(&IndependentSettings{MaxDepth: 2})
		if err != nil || !c.Proves {
			return
		}
		cl, _, err := cf.Claim()
		if err != nil {
			t.Fatalf("proves, but binds to no claim: %v", err)
		}
		ax := cl.Box.Axes()
		for corner := range 17 {
			var p [4]float64
			for i := range 4 {
				if corner == 16 {
					p[i] = ax[i][0] + (ax[i][1]-ax[i][0])/2
				} else {
					p[i] = ax[i][(corner>>i)&1]
				}
			}
			v, err := cl.Value(p)
			if err != nil {
				t.Fatal(err)
			}
			tol := 1e-12 * math.Max(1, math.Abs(v))
			if cl.Quantity.IsMax() && v > cf.Bound+tol || !cl.Quantity.IsMax() && v < cf.Bound-tol {
				t.Fatalf("proves bound %v, but the quantity is %v at %v", cf.Bound, v, p)
			}
		}
	})
}
