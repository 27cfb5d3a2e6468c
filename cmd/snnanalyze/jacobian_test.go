package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

func TestJacobianJSON(t *testing.T) {
	code, out, errw := runCLI("jacobian", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	var got struct {
		Jacobian       [][]float64 `json:"jacobian"`
		SpectralNorm   float64     `json:"spectral_norm"`
		SpectralRadius float64     `json:"spectral_radius"`
		Mu, Nu         float64
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	// Mathematica notebook (paper-facts.md §4): ℋ(0, 1) and its norm.
	if len(got.Jacobian) != 2 || math.Abs(got.Jacobian[0][1]-0.08883475510689011) > 1e-14 ||
		math.Abs(got.Jacobian[1][1]-0.7826478831968123) > 1e-14 || math.Abs(got.SpectralNorm-0.787673360465715) > 1e-14 {
		t.Errorf("jacobian %v norm %v", got.Jacobian, got.SpectralNorm)
	}
	if math.Abs(got.Mu) > 1e-15 || math.Abs(got.Nu-1) > 1e-15 {
		t.Errorf("not at the fixed point (0, 1): %v, %v", got.Mu, got.Nu)
	}
	for _, k := range []string{"jacobian", "spectral_norm", "spectral_radius", "mu", "nu"} {
		if !strings.Contains(out, `"`+k+`":`) {
			t.Errorf("missing key %q", k)
		}
	}
	// The paper's 0.99125 is the norm of 𝒥 at the extended domain's corner.
	code, out, _ = runCLI("jacobian", "--mu", "-0.1", "--omega", "-0.1", "--nu", "0.8", "--tau", "1.25", "--of", "second-moment", "--format", "json")
	if code != 0 || !strings.Contains(out, `"spectral_norm": 0.99125241710587`) {
		t.Errorf("J at the corner (exit %d): %s", code, out)
	}
}

func TestJacobianText(t *testing.T) {
	code, out, _ := runCLI("jacobian", "--tau", "0.5625")
	if code != 0 || !strings.Contains(out, "verdict: norm >= 1") || !strings.Contains(out, "stable (attracting)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, out, _ = runCLI("jacobian", "--format", "csv")
	if lines := strings.Split(strings.TrimSpace(out), "\n"); code != 0 || len(lines) != 2 {
		t.Errorf("csv (exit %d):\n%s", code, out)
	}
}

func TestFixedpointCommand(t *testing.T) {
	code, out, errw := runCLI("fixedpoint", "--tau", "0.5625", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"mu", "nu", "spectral_norm", "spectral_radius", "stable", "iterations"} {
		if _, ok := got[k]; !ok {
			t.Errorf("missing key %q", k)
		}
	}
	if got["stable"] != true || got["spectral_norm"].(float64) <= 1 {
		t.Errorf("τ = 0.5625: %v", got)
	}
	code, out, _ = runCLI("fixedpoint")
	if code != 0 || !strings.Contains(out, "mu*") || !strings.Contains(out, "verdict") {
		t.Errorf("text (exit %d):\n%s", code, out)
	}
	// No fixed point: exit 1 with what was tried.
	code, out, errw = runCLI("fixedpoint", "--omega", "0.5", "--tau", "3")
	if code != 1 || out != "" || !strings.Contains(errw, "no fixed point") || strings.Count(errw, "\n") != 1 {
		t.Errorf("no fixed point: exit %d, stdout %q, stderr %q", code, out, errw)
	}
}

func TestDynamicsBadInput(t *testing.T) {
	for _, args := range [][]string{
		{"jacobian", "--tau", "0"},
		{"jacobian", "--mu", "0.1"},
		{"jacobian", "--of", "mean"},
		{"jacobian", "--omega", "NaN"},
		{"jacobian", "--activation", "tanh", "--method", "closed-form", "--mu", "0", "--nu", "1"},
		{"fixedpoint", "--tau", "-1"},
		{"fixedpoint", "--from", "0"},
		{"fixedpoint", "--from", "0,-1"},
		{"fixedpoint", "--from", "a,b"},
		{"fixedpoint", "--max-iter", "0"},
		{"fixedpoint", "--max-iter", "1e9"},
		{"fixedpoint", "--tol", "1"},
		{"fixedpoint", "--mu", "1"},
	} {
		code, out, errw := runCLI(args...)
		if code != 2 || out != "" || strings.Count(errw, "\n") != 1 {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errw)
		}
	}
}
