package verify

import (
	"errors"
	"math"
	"math/big"
	"testing"

	"github.com/snnanalyze/snnanalyze/internal/refdata"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// absWidth returns hi − lo as a float64 (rounded up).
func absWidth(b [2]*big.Float) float64 {
	w := new(big.Float).SetPrec(64).SetMode(big.ToPositiveInf).Sub(b[1], b[0])
	v, _ := w.Float64()
	return v
}

// TestCertifyAlphaLambda01: the enclosures of α01, λ01 are narrower than
// 1e-30 and confirm the 32 published digits (paper eq. 14; bioinf-jku/SNNs
// selu.py: α01 = 1.6732632423543772848170429916717, λ01 =
// 1.0507009873554804934193349852946): every point of each enclosure rounds
// to them (so the published decimals are correctly rounded; a 32-digit
// decimal cannot lie in an enclosure 1e-57 wide). The float64 constants
// mapping.Alpha01, Lambda01 are the nearest doubles to every point of the
// enclosures, and mapping.SolveAlphaLambda is within 2 ulps.
func TestCertifyAlphaLambda01(t *testing.T) {
	r, err := CertifyAlphaLambda(0, 1, 0, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		enc       [2]*big.Float
		published string
		f64       float64
	}{
		{"alpha", r.Alpha, "1.6732632423543772848170429916717", mapping.Alpha01},
		{"lambda", r.Lambda, "1.0507009873554804934193349852946", mapping.Lambda01},
	} {
		if w := absWidth(c.enc); !(w < 1e-30) {
			t.Errorf("%s: width %g, want < 1e-30", c.name, w)
		}
		k, err := DigitsAgree(c.enc[0], c.enc[1], c.published)
		if err != nil || k != 32 {
			t.Errorf("%s: %d digits of %s agree with [%s, %s] (%v), want all 32", c.name, k, c.published, c.enc[0].Text('g', 40), c.enc[1].Text('g', 40), err)
		}
		// The nearest float64 of both ends is the constant: the constant is
		// within half an ulp of the exact value.
		for _, end := range c.enc {
			if v, _ := new(big.Float).Copy(end).SetMode(big.ToNearestEven).Float64(); v != c.f64 {
				t.Errorf("%s: the end %s rounds to %v, not to the constant %v", c.name, end.Text('g', 40), v, c.f64)
			}
		}
	}
	// One wrong last digit is detected.
	if k, _ := DigitsAgree(r.Alpha[0], r.Alpha[1], "1.6732632423543772848170429916718"); k != 31 {
		t.Errorf("a wrong 32nd digit: %d digits agree, want 31", k)
	}
	s, err := mapping.SolveAlphaLambda(0, 1, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Measured: α is 1 ulp above the nearest double, λ is it.
	if d := math.Abs(s.Alpha-mapping.Alpha01) / ulpOf(mapping.Alpha01); d > 2 {
		t.Errorf("SolveAlphaLambda's alpha %v is %v ulps from the certified value's nearest double", s.Alpha, d)
	}
	if d := math.Abs(s.Lambda-mapping.Lambda01) / ulpOf(mapping.Lambda01); d > 2 {
		t.Errorf("SolveAlphaLambda's lambda %v is %v ulps from the certified value's nearest double", s.Lambda, d)
	}
}

func ulpOf(v float64) float64 { return math.Nextafter(math.Abs(v), math.Inf(1)) - math.Abs(v) }

// TestCertifyAlphaLambdaReferences: every target of testdata/alphalambda.csv
// (mpmath findroot on the integrals, 60 digits, written with 25 significant
// digits): the enclosures agree with all 25 digits, are narrower than 1e-40
// relative, and the published values (paper appendix A5's α02, λ02 to 6
// digits; the notebook's double-precision outputs to at least 14) agree.
func TestCertifyAlphaLambdaReferences(t *testing.T) {
	for _, row := range refdata.Rows(t, "alphalambda.csv") {
		mu, nu := refdata.Float(t, row["target_mu"]), refdata.Float(t, row["target_nu"])
		omega, tau := refdata.Float(t, row["omega"]), refdata.Float(t, row["tau"])
		r, err := CertifyAlphaLambda(mu, nu, omega, tau, nil)
		if err != nil {
			t.Errorf("row %s: %v", row["id"], err)
			continue
		}
		for _, c := range []struct {
			enc [2]*big.Float
			ref string
		}{{r.Alpha, row["alpha"]}, {r.Lambda, row["lambda"]}} {
			if k, err := DigitsAgree(c.enc[0], c.enc[1], c.ref); err != nil || k != SignificantDigits(c.ref) {
				t.Errorf("row %s: %d digits of %s agree with [%s, %s]", row["id"], k, c.ref, c.enc[0].Text('g', 30), c.enc[1].Text('g', 30))
			}
			if w := relWidth(c.enc); !(w <= 1e-40) {
				t.Errorf("row %s: relative width %g", row["id"], w)
			}
		}
		for _, p := range PublishedFor(mu, nu, omega, tau) {
			// The notebook's double-precision outputs agree to 14.6 to 15.5
			// digits (testdata/README.md); rounded values to every digit.
			want := 14
			if p.Rounded {
				want = SignificantDigits(p.Alpha)
			}
			ka, _ := DigitsAgree(r.Alpha[0], r.Alpha[1], p.Alpha)
			kl, _ := DigitsAgree(r.Lambda[0], r.Lambda[1], p.Lambda)
			if ka < want || kl < want {
				t.Errorf("row %s: %s: %d and %d digits agree, want %d", row["id"], p.Source, ka, kl, want)
			}
		}
	}
}

// TestCertifyAlphaLambdaRefuses: bad inputs are plain errors; a target no
// α > 0 reaches (μ/√ν above ReLU's 0.683 at ω = 0, τ = 1) is a proved
// refusal; so is a mean of 0 with a net-input mean that no α can cancel.
func TestCertifyAlphaLambdaRefuses(t *testing.T) {
	for _, c := range []struct {
		mu, nu, omega, tau float64
		proved             bool
	}{
		{math.NaN(), 1, 0, 1, false},
		{0, -1, 0, 1, false},
		{0, 1, math.Inf(1), 1, false},
		{0.9, 1, 0, 1, true},
		{-0.9, 1, 0, 1, true},
	} {
		_, err := CertifyAlphaLambda(c.mu, c.nu, c.omega, c.tau, nil)
		if err == nil || errors.Is(err, ErrAlphaLambdaNotCertified) != c.proved {
			t.Errorf("%v: %v", c, err)
		}
	}
	if _, err := CertifyAlphaLambda(0, 1, 0, 1, &AlphaLambdaSettings{RelWidth: 2}); err == nil {
		t.Error("RelWidth 2 accepted")
	}
}

// TestCertifyAlphaLambdaDigits: 100 digits at the default target, with more
// precision, against testdata/alphalambda_digits.csv (mpmath, direct
// integration of the moments at 140 digits, checked against eq. 14's closed
// forms to 1e-120; gen_alphalambda_digits.py).
func TestCertifyAlphaLambdaDigits(t *testing.T) {
	r, err := CertifyAlphaLambda(0, 1, 0, 1, &AlphaLambdaSettings{RelWidth: 1e-105})
	if err != nil {
		t.Fatal(err)
	}
	if !(relWidth(r.Alpha) <= 1e-105 && relWidth(r.Lambda) <= 1e-105) {
		t.Errorf("widths %g, %g", relWidth(r.Alpha), relWidth(r.Lambda))
	}
	ref := map[string]string{}
	for _, row := range refdata.Rows(t, "alphalambda_digits.csv") {
		ref[row["name"]] = row["value"]
	}
	for _, c := range []struct {
		enc [2]*big.Float
		ref string
	}{{r.Alpha, ref["alpha01"]}, {r.Lambda, ref["lambda01"]}} {
		if k, err := DigitsAgree(c.enc[0], c.enc[1], c.ref); err != nil || k != 100 {
			t.Errorf("%d of 100 digits of %s agree with [%s, %s] (%v)", k, c.ref, c.enc[0].Text('g', 105), c.enc[1].Text('g', 105), err)
		}
	}
}

// TestDigitsAgree: exact comparisons at the rounding boundaries.
func TestDigitsAgree(t *testing.T) {
	f := func(s string) *big.Float {
		v, _, _ := big.ParseFloat(s, 10, 300, big.ToNearestEven)
		return v
	}
	for _, c := range []struct {
		lo, hi, d string
		want      int
	}{
		{"1.23449", "1.23451", "1.2345", 5},
		{"1.23449", "1.23456", "1.2345", 4},
		{"1.2344", "1.2346", "1.2345", 4}, // |d − v| ≤ 0.0001: 4 digits
		{"-0.0028418", "-0.0028418", "-0.002842", 4},
		{"9.996", "9.9961", "10.00", 4},
		{"2", "2", "3", 0},
	} {
		if k, err := DigitsAgree(f(c.lo), f(c.hi), c.d); err != nil || k != c.want {
			t.Errorf("[%s, %s] vs %s: %d (%v), want %d", c.lo, c.hi, c.d, k, err, c.want)
		}
	}
}
