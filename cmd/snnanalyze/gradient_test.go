package main

import (
	"encoding/json"
	"math"
	"testing"
)

// TestGradientJSON: the keys of the issue (#14) and χ₁ at the paper's fixed
// point, λ²(½ + α²e²Φ(−2)) = 1.07157… (meanfield's tests check all digits).
func TestGradientJSON(t *testing.T) {
	code, out, errw := runCLI("gradient", "--depth", "10", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"chi1", "mean_fprime", "second_fprime", "efold_layers", "growth"} {
		if _, ok := r[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	chi1 := r["chi1"].(float64)
	if math.Abs(chi1-1.07157) > 5e-6 {
		t.Errorf("chi1 = %v", chi1)
	}
	if g := r["growth"].(float64); math.Abs(g-math.Pow(chi1, 10)) > 1e-15*g {
		t.Errorf("growth = %v, want chi1^10", g)
	}
}

// TestCorrelationJSON: the keys of the issue and one entry per --c.
func TestCorrelationJSON(t *testing.T) {
	code, out, errw := runCLI("correlation", "--c", "-0.5", "--c", "1", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"map", "fixed_points", "slopes", "depth_scales", "phase"} {
		if _, ok := r[k]; !ok {
			t.Errorf("key %q missing", k)
		}
	}
	m := r["map"].([]any)
	if len(m) != 2 {
		t.Fatalf("map has %d entries", len(m))
	}
	e := m[1].(map[string]any)
	if e["c"].(float64) != 1 || e["c_tilde"].(float64) != 1 || e["c_tilde_uncentred"].(float64) != 1 {
		t.Errorf("c = 1: %v", e)
	}
	if r["phase"] != "chaotic" {
		t.Errorf("phase %v at the paper's fixed point (chi1 = 1.0716 > 1)", r["phase"])
	}
}
