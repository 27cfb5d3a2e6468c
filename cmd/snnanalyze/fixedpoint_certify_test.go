package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestFixedpointCertify: PyTorch's τ = 0.5625 at ω = 0 is certified
// attracting although ℋ's norm exceeds 1 (testdata/fixedpoints.csv: radius
// 0.9405930916033023489584983, H_norm 1.031); the JSON has the certified
// box and bounds, and they contain the float64 fixed point and the
// reference values.
func TestFixedpointCertify(t *testing.T) {
	code, out, errw := runCLI("fixedpoint", "--omega", "0", "--tau", "0.5625", "--certify", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	var got struct {
		Mu, Nu    float64
		Certified struct {
			Mu, Nu         []float64
			KrawczykMu     []float64 `json:"krawczyk_mu"`
			KrawczykNu     []float64 `json:"krawczyk_nu"`
			SpectralRadius []float64 `json:"spectral_radius"`
			SpectralNorm   []float64 `json:"spectral_norm"`
			Stability      string
			Attracting     bool
			Contracting    bool
			Assumes        string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	c := got.Certified
	if len(c.Mu) != 2 || len(c.Nu) != 2 || !(c.Mu[0] <= got.Mu && got.Mu <= c.Mu[1] && c.Nu[0] <= got.Nu && got.Nu <= c.Nu[1]) {
		t.Errorf("box %v × %v does not hold the float64 point (%v, %v)", c.Mu, c.Nu, got.Mu, got.Nu)
	}
	if !(c.KrawczykMu[0] <= c.Mu[0] && c.Mu[1] <= c.KrawczykMu[1] && c.KrawczykNu[0] <= c.Nu[0] && c.Nu[1] <= c.KrawczykNu[1]) {
		t.Errorf("narrowed box %v × %v not inside the Krawczyk box %v × %v", c.Mu, c.Nu, c.KrawczykMu, c.KrawczykNu)
	}
	if !(c.SpectralRadius[0] <= 0.94059309160330235 && 0.94059309160330234 <= c.SpectralRadius[1]) || !(c.SpectralNorm[0] > 1) {
		t.Errorf("radius %v, norm %v", c.SpectralRadius, c.SpectralNorm)
	}
	if c.Stability != "attracting" || !c.Attracting || c.Contracting || !strings.Contains(c.Assumes, "IEEE-754") {
		t.Errorf("%+v", c)
	}
	code, out, _ = runCLI("fixedpoint", "--omega", "0", "--tau", "0.5625", "--certify")
	if code != 0 || !strings.Contains(out, "< 1: the fixed point attracts (proved)") || !strings.Contains(out, "> 1: g is not a Euclidean contraction") {
		t.Errorf("text (exit %d):\n%s", code, out)
	}
	code, out, _ = runCLI("fixedpoint", "--certify", "--format", "csv")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 || !strings.Contains(lines[0], "certified_mu_lo") ||
		strings.Count(lines[0], ",") != strings.Count(lines[1], ",") {
		t.Errorf("csv (exit %d):\n%s", code, out)
	}
	// The notebook's ω = τ = 1: unstable, proved (radius 1.0768,
	// testdata/alphalambda.csv).
	if code, out, _ = runCLI("fixedpoint", "--omega", "1", "--tau", "1", "--certify"); code != 0 || !strings.Contains(out, "unstable (proved)") {
		t.Errorf("omega = tau = 1 (exit %d):\n%s", code, out)
	}
}

// TestFixedpointCertifyRefuses: exit 1 with the reason when there is no
// fixed point or the enclosures fail; exit 2 for an activation without the
// closed form.
func TestFixedpointCertifyRefuses(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--tau", "3"}, 1, "no fixed point"},
		{[]string{"--omega", "1e300"}, 1, "not certified"},
		{[]string{"--activation", "tanh"}, 2, "--certify"},
		{[]string{"--certify=maybe"}, 2, "--certify"},
	} {
		code, out, errw := runCLI(append([]string{"fixedpoint", "--certify"}, c.args...)...)
		if code != c.code || out != "" || !strings.Contains(errw, c.want) || strings.Count(errw, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", c.args, code, out, errw)
		}
	}
}

// TestFixedpointCertifyBadFlags: NaN, infinities and out-of-range values
// are one-line errors naming the flag, exit 2.
func TestFixedpointCertifyBadFlags(t *testing.T) {
	for _, c := range [][2]string{
		{"--alpha", "NaN"}, {"--lambda", "Inf"}, {"--tau", "-Inf"}, {"--omega", "NaN"},
		{"--tau", "0"}, {"--lambda", "1e300"}, {"--from", "0,NaN"}, {"--certify", "maybe"},
	} {
		code, _, errw := runCLI("fixedpoint", "--certify", c[0]+"="+c[1])
		if code != 2 || !strings.Contains(errw, c[0]) || strings.Count(errw, "\n") != 1 {
			t.Errorf("%s=%s: exit %d, stderr %q", c[0], c[1], code, errw)
		}
	}
}
