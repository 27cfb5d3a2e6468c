package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// runCLI runs the program in-process.
func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errw bytes.Buffer
	code = run(args, &out, &errw)
	return code, out.String(), errw.String()
}

func TestMapJSON(t *testing.T) {
	for _, method := range []string{"auto", "quadrature", "closed-form", "both"} {
		code, out, errw := runCLI("map", "--mu", "0.1", "--omega", "0.1", "--nu", "1.5", "--tau", "1.1", "--method", method, "--format", "json")
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", method, code, errw)
		}
		var got map[string]any
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatalf("%s: output is not JSON: %v\n%s", method, err, out)
		}
		for _, k := range []string{"mu_tilde", "xi_tilde", "nu_tilde"} {
			if _, ok := got[k].(float64); !ok {
				t.Errorf("%s: JSON key %q missing or not a number", method, k)
			}
		}
		// g(0.1, 1.5) at ω = 0.1, τ = 1.1 is the Theorem 1 corner where μ̃
		// and ν̃ are largest. The Mathematica notebook's Maximize reports
		// 0.06772510168266901 and 1.4815749574896258 "near" it
		// (paper-facts.md §5): an optimiser's point slightly inside the box,
		// hence the 1e-10 tolerance. The exact corner values are checked
		// against the mpmath references in package mapping.
		if mu := got["mu_tilde"].(float64); math.Abs(mu-0.06772510168266901) > 1e-10 {
			t.Errorf("%s: mu_tilde = %v", method, mu)
		}
		if nu := got["nu_tilde"].(float64); math.Abs(nu-1.4815749574896258) > 1e-8 {
			t.Errorf("%s: nu_tilde = %v", method, nu)
		}
		if method == "both" {
			for _, k := range []string{"quadrature", "closed_form", "difference"} {
				if _, ok := got[k].(map[string]any); !ok {
					t.Errorf("both: key %q missing", k)
				}
			}
		}
	}
}

func TestMapFormats(t *testing.T) {
	code, out, _ := runCLI("map", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 2 || !strings.Contains(lines[0], "mu_tilde") ||
		len(strings.Split(lines[0], ",")) != len(strings.Split(lines[1], ",")) {
		t.Errorf("csv output (exit %d):\n%s", code, out)
	}
	code, out, _ = runCLI("map")
	if code != 0 || !strings.Contains(out, "nu~") || !strings.Contains(out, "method      closed-form") {
		t.Errorf("text output (exit %d):\n%s", code, out)
	}
	code, out, _ = runCLI("map", "--mu", "-30", "--omega", "1", "--nu", "1e-8")
	if code != 0 || !strings.Contains(out, "method      quadrature") {
		t.Errorf("a cancellation corner should use the quadrature (exit %d):\n%s", code, out)
	}
	code, out, _ = runCLI("map", "--activation", "tanh", "--format", "json")
	if code != 0 || !strings.Contains(out, `"method": "quadrature"`) {
		t.Errorf("tanh (exit %d):\n%s", code, out)
	}
}

// TestMapBadInput: every bad input exits 2 with one line on stderr that
// names the flag and the accepted range, and prints nothing on stdout.
func TestMapBadInput(t *testing.T) {
	cases := []struct {
		args []string
		want string // must appear in the error line
	}{
		{[]string{"--nu", "0"}, "--nu"},
		{[]string{"--nu", "-1"}, "> 0"},
		{[]string{"--nu", "NaN"}, "--nu"},
		{[]string{"--tau", "0"}, "--tau"},
		{[]string{"--tau", "-2"}, "--tau"},
		{[]string{"--mu", "Inf"}, "--mu"},
		{[]string{"--mu", "-Inf"}, "finite"},
		{[]string{"--omega", "nan"}, "--omega"},
		{[]string{"--lambda", "0"}, "--lambda"},
		{[]string{"--lambda", "-1"}, "--lambda"},
		{[]string{"--alpha", "-1"}, "--alpha"},
		{[]string{"--mu", "abc"}, "--mu"},
		{[]string{"--mu", ""}, "--mu"},
		{[]string{"--format", "xml"}, "--format"},
		{[]string{"--method", "magic"}, "--method"},
		{[]string{"--activation", "gelu"}, "--activation"},
		{[]string{"--bogus"}, "unknown flag"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"--nu", "1e-200", "--tau", "1e-200"}, "--nu, --tau"},
		{[]string{"--mu", "1e300", "--omega", "1e300"}, "--mu, --omega"},
		{[]string{"--activation", "tanh", "--method", "closed-form"}, "--method"},
	}
	for _, c := range cases {
		code, out, errw := runCLI(append([]string{"map"}, c.args...)...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2", c.args, code)
		}
		if out != "" {
			t.Errorf("%v: printed %q on stdout", c.args, out)
		}
		if strings.Count(errw, "\n") != 1 || !strings.Contains(errw, c.want) || !strings.HasPrefix(errw, "snnanalyze map: ") {
			t.Errorf("%v: stderr %q, want one line naming %q", c.args, errw, c.want)
		}
	}
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := runCLI("help", "map")
	if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "--method") {
		t.Errorf("help map (exit %d):\n%s", code, out)
	}
	code2, out2, _ := runCLI("map", "--help")
	if code2 != 0 || out2 != out {
		t.Error("map --help differs from help map")
	}
	code, out, _ = runCLI("--version")
	if code != 0 || !strings.HasPrefix(out, "snnanalyze "+version) {
		t.Errorf("--version: %q", out)
	}
	code, out, _ = runCLI("help")
	if code != 0 || !strings.Contains(out, "map") {
		t.Errorf("help: %q", out)
	}
	code, _, errw := runCLI("frobnicate")
	if code != 2 || !strings.Contains(errw, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errw)
	}
	code, _, errw = runCLI("help", "frobnicate")
	if code != 2 || strings.Count(errw, "\n") != 1 {
		t.Errorf("help of an unknown command: exit %d, %q", code, errw)
	}
	code, _, _ = runCLI()
	if code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}
}
