package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func decode(t *testing.T, out string) map[string]any {
	t.Helper()
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	return got
}

func TestSolveCommand(t *testing.T) {
	code, out, errw := runCLI("solve-alpha-lambda", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	got := decode(t, out)
	for _, k := range []string{"alpha", "lambda", "spectral_norm", "stable"} {
		if _, ok := got[k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	// α01, λ01 (selu.py) to 2 ulp.
	if a := got["alpha"].(float64); math.Abs(a-1.6732632423543772) > 4.5e-16 {
		t.Errorf("alpha %v", a)
	}
	if l := got["lambda"].(float64); math.Abs(l-1.0507009873554805) > 4.5e-16 {
		t.Errorf("lambda %v", l)
	}
	if got["stable"] != true {
		t.Error("(0, 1) reported unstable")
	}
	// The notebook's (−0.1, 2) under ω = τ = 1 (paper-facts.md §3): its
	// printed values, and unstable.
	code, out, _ = runCLI("solve-alpha-lambda", "--mu", "-0.1", "--nu", "2", "--notebook", "--format", "json")
	got = decode(t, out)
	if code != 0 || math.Abs(got["alpha"].(float64)-1.9769021954242014) > 1e-12 ||
		math.Abs(got["lambda"].(float64)-1.073851239616046) > 1e-12 || got["stable"] != false ||
		!(got["spectral_radius"].(float64) > 1) {
		t.Errorf("notebook (-0.1, 2) (exit %d): %v", code, got)
	}
	code, out, _ = runCLI("solve-alpha-lambda", "--nu", "2")
	if code != 0 || !strings.Contains(out, "verdict: stable") || !strings.Contains(out, "alpha             1.97125575034626") {
		t.Errorf("(0, 2) text (exit %d):\n%s", code, out)
	}
}

func TestDropoutCommand(t *testing.T) {
	code, out, errw := runCLI("dropout", "--rate", "0.1", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	got := decode(t, out)
	// For (0, 1): a = (q + α′²q(1 − q))^(−1/2), b = −a(1 − q)α′ with q = 0.9,
	// α′ = −1.7580993408473766 (paper-facts.md §7).
	q, ap := 0.9, -1.7580993408473766
	a := 1 / math.Sqrt(q+ap*ap*q*(1-q))
	b := -a * (1 - q) * ap
	if math.Abs(got["a"].(float64)-a) > 1e-15 || math.Abs(got["b"].(float64)-b) > 1e-15 {
		t.Errorf("a, b = %v, %v; want %v, %v", got["a"], got["b"], a, b)
	}
	if math.Abs(got["check_mean"].(float64)) > 1e-15 || math.Abs(got["check_var"].(float64)-1) > 1e-15 {
		t.Errorf("check %v, %v", got["check_mean"], got["check_var"])
	}
	// A fixed point without α, λ: they are solved first.
	code, out, _ = runCLI("dropout", "--rate", "0.05", "--nu", "2")
	if code != 0 || !strings.Contains(out, "solved for this fixed point") || !strings.Contains(out, "variance = 2") {
		t.Errorf("dropout --nu 2 (exit %d):\n%s", code, out)
	}
}

func TestSolveDropoutBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"solve-alpha-lambda", "--mu", "1", "--nu", "0.01"},
		{"solve-alpha-lambda", "--nu", "0"},
		{"solve-alpha-lambda", "--nu", "-2"},
		{"solve-alpha-lambda", "--tau", "0"},
		{"solve-alpha-lambda", "--mu", "NaN"},
		{"solve-alpha-lambda", "--notebook", "--omega", "0"},
		{"dropout", "--rate", "1"},
		{"dropout", "--rate", "-0.1"},
		{"dropout", "--rate", "NaN"},
		{"dropout", "--alpha", "2"},
		{"dropout", "--nu", "0"},
	} {
		code, out, errw := runCLI(args...)
		if code != 2 || out != "" || strings.Count(errw, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errw)
		}
	}
	_, _, errw := runCLI("solve-alpha-lambda", "--mu", "1", "--nu", "0.01")
	if !strings.Contains(errw, "must lie in (") {
		t.Errorf("unreachable target: the error should name the interval: %q", errw)
	}
}
