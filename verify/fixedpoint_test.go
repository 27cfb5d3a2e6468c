package verify

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/internal/interval"
	"github.com/snnanalyze/snnanalyze/internal/refdata"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// inDecimal reports whether the decimal reference value s lies in [lo, hi],
// compared exactly (s read at 200 bits, far beyond its 25 digits, so the
// comparison does not round it to a float64 first).
func inDecimal(t *testing.T, s string, b [2]float64) bool {
	t.Helper()
	v, _, err := big.ParseFloat(s, 10, 200, big.ToNearestEven)
	if err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return v.Cmp(big.NewFloat(b[0])) >= 0 && v.Cmp(big.NewFloat(b[1])) <= 0
}

// TestCertifyFixedPointReferences: every fixed point of
// testdata/fixedpoints.csv (mpmath findroot on the integrals, 60 digits) is
// certified, lies in its box, and ℋ, its spectral radius and norm there
// (mpmath, from the integrals) lie in the certified enclosures; the
// certified stability agrees with the reference radius.
func TestCertifyFixedPointReferences(t *testing.T) {
	rows := refdata.Rows(t, "fixedpoints.csv")
	widest := 0.0
	for _, row := range rows {
		alpha, lambda := refdata.Float(t, row["alpha"]), refdata.Float(t, row["lambda"])
		omega, tau := refdata.Float(t, row["omega"]), refdata.Float(t, row["tau"])
		from := fixedpoint.Point{Mu: refdata.Float(t, row["mu_star"]), Nu: refdata.Float(t, row["nu_star"])}
		r, err := CertifyFixedPoint(alpha, lambda, omega, tau, &FixedPointSettings{Find: &fixedpoint.Settings{From: from}})
		if err != nil {
			t.Errorf("ω=%g τ=%g: %v", omega, tau, err)
			continue
		}
		if !inDecimal(t, row["mu_star"], r.Mu) || !inDecimal(t, row["nu_star"], r.Nu) {
			t.Errorf("ω=%g τ=%g: (%s, %s) outside the box %v × %v", omega, tau, row["mu_star"], row["nu_star"], r.Mu, r.Nu)
		}
		if !inDecimal(t, row["mu_star"], r.ProofMu) || !inDecimal(t, row["nu_star"], r.ProofNu) {
			t.Errorf("ω=%g τ=%g: reference outside the Krawczyk box", omega, tau)
		}
		for i, k := range [2][2]string{{"H11", "H12"}, {"H21", "H22"}} {
			for j, key := range k {
				if !inDecimal(t, row[key], r.H[i][j]) {
					t.Errorf("ω=%g τ=%g: %s = %s outside %v", omega, tau, key, row[key], r.H[i][j])
				}
			}
		}
		if !inDecimal(t, row["spectral_radius"], r.Radius) || !inDecimal(t, row["H_norm"], r.Norm) {
			t.Errorf("ω=%g τ=%g: radius %s, norm %s outside %v, %v", omega, tau, row["spectral_radius"], row["H_norm"], r.Radius, r.Norm)
		}
		want := Attracting
		if refdata.Float(t, row["spectral_radius"]) > 1 {
			want = Unstable
		}
		if r.Stability != want {
			t.Errorf("ω=%g τ=%g: %v, want %v (radius %v)", omega, tau, r.Stability, want, r.Radius)
		}
		widest = math.Max(widest, math.Max((r.Mu[1]-r.Mu[0])/math.Sqrt(from.Nu), (r.Nu[1]-r.Nu[0])/from.Nu))
	}
	// The boxes are as narrow as the enclosures allow: the widest relative
	// width measured is 2.7e-8 (ω = 0, τ = 0.5, where ℋ's norm is 8.6 and
	// ν* = 1.3e-4; elsewhere at most 2.1e-11); 1e-6 leaves room for other
	// platforms' rounding.
	if widest > 1e-6 {
		t.Errorf("widest box %.2g relative, want at most 1e-6", widest)
	}
	t.Logf("%d fixed points certified; widest box %.2g relative", len(rows), widest)
}

// TestCertifyFixedPointTargets: for the (α, λ) of testdata/alphalambda.csv
// (60-digit solutions, rounded to float64 here), the certified box holds
// the target (μ, ν) itself: the box is certified for every α, λ within one
// ulp of the doubles, which includes the exact solutions, whose fixed point
// the target is. The notebook convention ω = τ = 1 gives unstable points.
func TestCertifyFixedPointTargets(t *testing.T) {
	for _, row := range refdata.Rows(t, "alphalambda.csv") {
		alpha, lambda := refdata.Float(t, row["alpha"]), refdata.Float(t, row["lambda"])
		omega, tau := refdata.Float(t, row["omega"]), refdata.Float(t, row["tau"])
		from := fixedpoint.Point{Mu: refdata.Float(t, row["target_mu"]), Nu: refdata.Float(t, row["target_nu"])}
		r, err := CertifyFixedPoint(alpha, lambda, omega, tau, &FixedPointSettings{Find: &fixedpoint.Settings{From: from}})
		if err != nil {
			t.Errorf("row %s: %v", row["id"], err)
			continue
		}
		if !inDecimal(t, row["target_mu"], r.Mu) || !inDecimal(t, row["target_nu"], r.Nu) {
			t.Errorf("row %s: target (%s, %s) outside %v × %v", row["id"], row["target_mu"], row["target_nu"], r.Mu, r.Nu)
		}
		if !inDecimal(t, row["spectral_radius"], r.Radius) || !inDecimal(t, row["H_norm"], r.Norm) {
			t.Errorf("row %s: radius %s, norm %s outside %v, %v", row["id"], row["spectral_radius"], row["H_norm"], r.Radius, r.Norm)
		}
		want := Attracting
		if row["region"] == "notebook" {
			want = Unstable // radius 1.077 to 1.108 (testdata/README.md)
		}
		if r.Stability != want {
			t.Errorf("row %s: %v, want %v", row["id"], r.Stability, want)
		}
	}
}

// TestCertifyFixedPointPyTorch: PyTorch's SELU gain 3/4 (τ = 0.5625) at
// ω = 0: the fixed point (−0.0284, 0.0268) is attracting (radius 0.9406,
// testdata/fixedpoints.csv) although ℋ's spectral norm is 1.031 > 1 there,
// both proved.
func TestCertifyFixedPointPyTorch(t *testing.T) {
	r, err := CertifyFixedPoint(mapping.Alpha01, mapping.Lambda01, 0, 0.5625, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Stability != Attracting || r.Contracting || !(r.Norm[0] > 1) || !(r.Radius[1] < 0.941) {
		t.Errorf("stability %v, contracting %v, norm %v, radius %v", r.Stability, r.Contracting, r.Norm, r.Radius)
	}
	if !(r.Mu[0] < -0.0284 && r.Mu[1] > -0.02842 && r.Nu[0] > 0.0267 && r.Nu[1] < 0.0268) {
		t.Errorf("box %v × %v", r.Mu, r.Nu)
	}
}

// TestCertifyFixedPointRefuses: bad inputs are errors (not ErrNotCertified),
// a missing fixed point is fixedpoint.ErrNoFixedPoint, and nothing is
// claimed then.
func TestCertifyFixedPointRefuses(t *testing.T) {
	for _, c := range []struct {
		alpha, lambda, omega, tau float64
		noFixed                   bool
	}{
		{math.NaN(), 1, 0, 1, false},
		{1, math.Inf(1), 0, 1, false},
		{mapping.Alpha01, mapping.Lambda01, math.NaN(), 1, false},
		{mapping.Alpha01, mapping.Lambda01, 0, -1, false},
		{mapping.Alpha01, mapping.Lambda01, 0, 0, false},
		{mapping.Alpha01, mapping.Lambda01, 0, 3, true},   // variance grows without bound
		{mapping.Alpha01, mapping.Lambda01, 0, 0.3, true}, // variance collapses to 0
	} {
		_, err := CertifyFixedPoint(c.alpha, c.lambda, c.omega, c.tau, nil)
		if err == nil {
			t.Errorf("%v: no error", c)
			continue
		}
		if errors.Is(err, ErrNotCertified) || errors.Is(err, fixedpoint.ErrNoFixedPoint) != c.noFixed {
			t.Errorf("%v: %v", c, err)
		}
	}
}

// TestSpectralRadiusBounds: point matrices with known eigenvalues (real,
// complex, defective) and a wide interval matrix whose members' radii
// range over a known interval.
func TestSpectralRadiusBounds(t *testing.T) {
	pt := func(a, b, c, d float64) [2][2]interval.I {
		return [2][2]interval.I{{interval.Point(a), interval.Point(b)}, {interval.Point(c), interval.Point(d)}}
	}
	for _, c := range []struct {
		h      [2][2]interval.I
		radius float64
	}{
		{pt(0, 0.5, -0.5, 0), 0.5},       // ±0.5i
		{pt(0.3, -0.4, 0.4, 0.3), 0.5},   // 0.3 ± 0.4i
		{pt(0, -0.42, 0, 0.94), 0.94},    // triangular
		{pt(-0.9, 0, 0, 0.2), 0.9},       // negative eigenvalue dominates
		{pt(2, 1, 0, 2), 2},              // defective (t²/4 = δ)
		{pt(1, 2, 3, 4), 5.372281323269}, // (5 + √33)/2
	} {
		b := spectralRadiusBounds(c.h)
		if !(b[0] <= c.radius*(1+1e-12) && c.radius*(1-1e-12) <= b[1]) || b[1]-b[0] > 1e-7*c.radius {
			t.Errorf("%v: bounds %v, want about %v", c.h, b, c.radius)
		}
	}
	// [[a, 0], [0, d]] with a ∈ [0.5, 0.6], d ∈ [−0.7, −0.2]: radii from 0.5
	// to 0.7. The bounds must contain [0.5, 0.7].
	h := [2][2]interval.I{{{Lo: 0.5, Hi: 0.6}, interval.Point(0)}, {interval.Point(0), {Lo: -0.7, Hi: -0.2}}}
	if b := spectralRadiusBounds(h); !(b[0] <= 0.5 && b[1] >= 0.7) {
		t.Errorf("bounds %v do not contain [0.5, 0.7]", b)
	}
}
