package jacobian

import (
	"math"
	"testing"

	"github.com/snnanalyze/snnanalyze/internal/refdata"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// Reference tables of testdata/.
var (
	readRows = refdata.Rows
	num      = refdata.Float
)

// TestJacobianReferences: ℋ and 𝒥 within 1e-12 of testdata/jacobian.csv
// (mpmath, derivatives of the integrals, checked two ways), relative to
// max(|entry|, 1e-3·‖ℋ‖), and the spectral norms within 1e-12 relative
// (issue 3), for the default evaluator.
func TestJacobianReferences(t *testing.T) {
	const tol = 1e-12 // issue 3, "Acceptance"
	rows := readRows(t, "jacobian.csv")
	if len(rows) < 40 {
		t.Fatalf("only %d reference rows", len(rows))
	}
	worstEntry, worstNorm := 0.0, 0.0
	for _, row := range rows {
		f := mapping.SELU{Alpha: num(t, row["alpha"]), Lambda: num(t, row["lambda"])}
		mu, omega, nu, tau := num(t, row["mu"]), num(t, row["omega"]), num(t, row["nu"]), num(t, row["tau"])
		for _, of := range []Of{Variance, SecondMoment} {
			r, err := At(f, mu, nu, omega, tau, of, nil)
			if err != nil {
				t.Fatal(err)
			}
			p := "H"
			if of == SecondMoment {
				p = "J"
			}
			want := Matrix{{num(t, row[p+"11"]), num(t, row[p+"12"])}, {num(t, row[p+"21"]), num(t, row[p+"22"])}}
			norm := num(t, row[p+"_norm"])
			for i := range 2 {
				for j := range 2 {
					e := math.Abs(r.M[i][j]-want[i][j]) / math.Max(math.Abs(want[i][j]), 1e-3*norm)
					if r.M[i][j] == want[i][j] {
						e = 0
					}
					worstEntry = math.Max(worstEntry, e)
					if e > tol {
						t.Errorf("row %s %s (%g, %g, %g, %g): %s%d%d = %.17g, want %.17g (rel %.1e, %v)", row["id"], row["region"], mu, omega, nu, tau, p, i+1, j+1, r.M[i][j], want[i][j], e, r.Method)
					}
				}
			}
			e := math.Abs(r.Norm-norm) / norm
			worstNorm = math.Max(worstNorm, e)
			if e > tol {
				t.Errorf("row %s: %s norm %.17g, want %.17g", row["id"], p, r.Norm, norm)
			}
		}
	}
	t.Logf("%d points: worst entry error %.1e, worst norm error %.1e", len(rows), worstEntry, worstNorm)
}
