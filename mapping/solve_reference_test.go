package mapping

import (
	"math"
	"math/big"
	"testing"
)

// ulpsFrom returns |v − ref| in units of the float64 spacing at v, with ref
// the reference's decimal digits parsed exactly enough (200 bits).
func ulpsFrom(t *testing.T, v float64, ref string) float64 {
	r, _, err := big.ParseFloat(ref, 10, 200, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	d := new(big.Float).SetPrec(200).Sub(new(big.Float).SetFloat64(v), r)
	f, _ := d.Float64()
	return math.Abs(f) / (math.Nextafter(math.Abs(v), math.Inf(1)) - math.Abs(v))
}

// TestSolveReferences: α, λ within 1e-13 of testdata/alphalambda.csv (mpmath
// root finding on the integrals) for every target (issue 4).
func TestSolveReferences(t *testing.T) {
	const tol = 1e-13 // issue 4, "Acceptance"
	rows := readCSV(t, "alphalambda.csv")
	worst, worstUlps := 0.0, 0.0
	for _, row := range rows {
		mu, nu := parse(t, row["target_mu"]), parse(t, row["target_nu"])
		omega, tau := parse(t, row["omega"]), parse(t, row["tau"])
		alpha, lambda := parse(t, row["alpha"]), parse(t, row["lambda"])
		s, err := SolveAlphaLambda(mu, nu, omega, tau)
		if err != nil {
			t.Errorf("(%g, %g) at (%g, %g): %v", mu, nu, omega, tau, err)
			continue
		}
		e := math.Max(math.Abs(s.Alpha-alpha)/alpha, math.Abs(s.Lambda-lambda)/lambda)
		worst = math.Max(worst, e)
		worstUlps = math.Max(worstUlps, math.Max(ulpsFrom(t, s.Alpha, row["alpha"]), ulpsFrom(t, s.Lambda, row["lambda"])))
		if e > tol {
			t.Errorf("(%g, %g) at (%g, %g): alpha %.17g lambda %.17g, want %.17g %.17g (rel %.1e)", mu, nu, omega, tau, s.Alpha, s.Lambda, alpha, lambda, e)
		}
	}
	if len(rows) < 8 {
		t.Errorf("only %d targets", len(rows))
	}
	// docs/numerics.md quotes the worst distance in ulps (3.72 when measured).
	t.Logf("%d targets: worst relative error %.1e, %.2f ulps", len(rows), worst, worstUlps)
}

// TestDropoutReferences: a, b within 1e-14 of testdata/dropout.csv (mpmath at
// 50 digits) for rates 0.05, 0.1, 0.2 (issue 4).
func TestDropoutReferences(t *testing.T) {
	const tol = 1e-14 // issue 4, "Acceptance"
	for _, row := range readCSV(t, "dropout.csv") {
		rate := parse(t, row["rate"])
		d, err := NewAlphaDropout(rate, parse(t, row["alpha"]), parse(t, row["lambda"]), parse(t, row["fixed_mu"]), parse(t, row["fixed_nu"]))
		if err != nil {
			t.Fatal(err)
		}
		a, b, ap := parse(t, row["a"]), parse(t, row["b"]), parse(t, row["alpha_prime"])
		if math.Abs(d.A-a) > tol || math.Abs(d.B-b) > tol || math.Abs(d.AlphaPrime-ap) > tol*math.Abs(ap) {
			t.Errorf("rate %g at (%s, %s): a %.17g b %.17g alpha' %.17g; want %.17g %.17g %.17g", rate, row["fixed_mu"], row["fixed_nu"], d.A, d.B, d.AlphaPrime, a, b, ap)
		}
	}
}
