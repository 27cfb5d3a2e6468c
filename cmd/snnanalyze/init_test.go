package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

func initJSON(t *testing.T, args ...string) map[string]any {
	t.Helper()
	code, out, errw := runCLI(append([]string{"init", "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errw)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: not JSON: %v\n%s", args, err, out)
	}
	return got
}

// TestInitPyTorchSELU: kaiming_normal_ with calculate_gain('selu') = 3/4 gives
// τ = 0.5625 exactly; the fixed point matches fixedpoint.Find at τ = 0.5625
// and the values `snnanalyze fixedpoint --tau 0.5625` prints (README.md).
func TestInitPyTorchSELU(t *testing.T) {
	ref, err := fixedpoint.Find(mapping.StandardSELU, 0, 0.5625, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"1", "100", "512", "1000"} {
		got := initJSON(t, "--scheme", "pytorch-selu", "--fan-in", n)
		if got["tau"].(float64) != 0.5625 {
			t.Errorf("fan-in %s: tau = %v, want exactly 0.5625", n, got["tau"])
		}
		fp := got["fixed_point"].(map[string]any)
		mu, nu := fp["mu"].(float64), fp["nu"].(float64)
		if math.Abs(mu-ref.Mu) > 1e-10 || math.Abs(nu-ref.Nu) > 1e-10 {
			t.Errorf("fan-in %s: fixed point (%v, %v), Find gives (%v, %v)", n, mu, nu, ref.Mu, ref.Nu)
		}
		// testdata/fixedpoints.csv row 18 (mpmath findroot on the integrals,
		// ω = 0, τ = 0.5625): (−0.028418080990702096, 0.026764329402052281).
		if math.Abs(mu-(-0.02841808099070209570805665)) > 1e-10 || math.Abs(nu-0.02676432940205228094071899) > 1e-10 {
			t.Errorf("fan-in %s: fixed point (%v, %v), want the mpmath reference (-0.028418080990702096, 0.026764329402052281)", n, mu, nu)
		}
		if got["stable"] != true || math.Abs(got["spectral_radius"].(float64)-0.9406) > 1e-4 || math.Abs(got["spectral_norm"].(float64)-1.031) > 1e-3 {
			t.Errorf("fan-in %s: stable %v radius %v norm %v, want true 0.9406 1.031", n, got["stable"], got["spectral_radius"], got["spectral_norm"])
		}
		// ω ~ N(0, n·(3/4)²/n): std 3/4; τ std √(n·2σ⁴) = 0.5625·√(2/n).
		om := got["omega"].(map[string]any)
		nf := map[string]float64{"1": 1, "100": 100, "512": 512, "1000": 1000}[n]
		if om["mean"].(float64) != 0 || math.Abs(om["std"].(float64)-0.75) > 1e-15 {
			t.Errorf("fan-in %s: omega %v, want mean 0, std 0.75", n, om)
		}
		if ts := got["tau_stats"].(map[string]any)["std"].(float64); math.Abs(ts-0.5625*math.Sqrt(2/nf)) > 1e-15 {
			t.Errorf("fan-in %s: tau std %v, want %v", n, ts, 0.5625*math.Sqrt(2/nf))
		}
	}
}

// TestInitUnitTau: schemes with E[τ] = 1 sit at the paper's fixed point (0, 1),
// reached in 0 layers.
func TestInitUnitTau(t *testing.T) {
	for _, s := range []string{"lecun-normal", "lecun-uniform", "orthogonal"} {
		got := initJSON(t, "--scheme", s, "--fan-in", "256")
		if got["tau"].(float64) != 1 {
			t.Errorf("%s: tau = %v, want exactly 1", s, got["tau"])
		}
		fp := got["fixed_point"].(map[string]any)
		if math.Abs(fp["mu"].(float64)) > 1e-12 || math.Abs(fp["nu"].(float64)-1) > 1e-12 || got["layers_to_1pct"].(float64) != 0 {
			t.Errorf("%s: fixed point %v, layers %v, want (0, 1), 0", s, fp, got["layers_to_1pct"])
		}
	}
	// Uncorrected truncation: E[τ] = 0.87962566103423978² (Keras's constant).
	got := initJSON(t, "--scheme", "truncated-normal-uncorrected", "--fan-in", "300")
	if want := 0.87962566103423978 * 0.87962566103423978; math.Abs(got["tau"].(float64)-want) > 1e-12 {
		t.Errorf("truncated-normal-uncorrected: tau = %v, want %v", got["tau"], want)
	}
	// Xavier with fan_out ≫ fan_in: τ = 2·10/1010, the variance collapses: exit 1.
	code, out, _ := runCLI("init", "--scheme", "xavier-normal", "--fan-in", "10", "--fan-out", "1000")
	if code != 1 || !strings.Contains(out, "no fixed point") {
		t.Errorf("xavier 10→1000: exit %d, want 1 with 'no fixed point'\n%s", code, out)
	}
	code, out, _ = runCLI("init", "--scheme", "pytorch-selu", "--fan-in", "64")
	if code != 0 || !strings.Contains(out, "verdict:") || !strings.Contains(out, "85 steps") {
		t.Errorf("text output: exit %d\n%s", code, out)
	}
}

// TestInitBadInput: exit 2, nothing on stdout, one line naming the flag.
func TestInitBadInput(t *testing.T) {
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"--scheme", "he-normal", "--fan-in", "10"}, "--scheme"},
		{[]string{"--fan-in", "10"}, "--scheme"},
		{[]string{"--scheme", "lecun-normal", "--fan-in", "0"}, "--fan-in"},
		{[]string{"--scheme", "lecun-normal", "--fan-in", "-3"}, "--fan-in"},
		{[]string{"--scheme", "lecun-normal"}, "--fan-in"},
		{[]string{"--scheme", "lecun-normal", "--fan-in", "10", "--fan-out", "0"}, "--fan-out"},
		{[]string{"--scheme", "lecun-normal", "--fan-in", "x"}, "--fan-in"},
	} {
		code, out, errw := runCLI(append([]string{"init"}, c.args...)...)
		if code != 2 || out != "" || !strings.Contains(errw, c.flag) || strings.Count(errw, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2, empty, one line naming %s", c.args, code, out, errw, c.flag)
		}
	}
}
