package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// nonFinite matches a NaN or an infinity as the tool would print it.
var nonFinite = regexp.MustCompile(`(?i)\bnan\b|[+-]?\binf\b|infinity`)

// quoted matches a double-quoted string.
var quoted = regexp.MustCompile(`"[^"]*"`)

// TestHostileInvocations runs invocations a careless or hostile user might
// try, one per class of failure seen in an adversarial trial (hangs, panics,
// non-finite output, wrong numbers with exit 0, ignored options). Each must
// finish promptly with exit 0, 1 or 2, print no NaN or infinity, and, on
// exit 1 or 2, say why in exactly one line on stderr (2: naming a flag or
// the input at fault).
func TestHostileInvocations(t *testing.T) {
	dir := t.TempDir()
	out := func(name string) string { return filepath.Join(dir, name) }
	garbage := filepath.Join(dir, "garbage")
	os.Mkdir(garbage, 0o755)
	os.WriteFile(filepath.Join(garbage, "train-images-idx3-ubyte.gz"), []byte("\x1f\x8b not really gzip"), 0o644)
	box := []string{"--mu-range", "-0.1:0.1", "--omega-range", "-0.1:0.1", "--nu-range", "0.8:1.5", "--tau-range", "0.95:1.1"}
	cases := [][]string{
		// Overflow paths: results beyond float64, or NaN from inf·0.
		{"solve-alpha-lambda", "--omega", "1e300", "--mu", "1e-300", "--format", "json"},
		{"solve-alpha-lambda", "--omega", "1e300", "--mu", "1e-300", "--format", "csv"},
		{"solve-alpha-lambda", "--omega", "1e300", "--mu", "1e-300"},
		{"solve-alpha-lambda", "--tau", "1e-300", "--mu", "0.5"},
		{"solve-alpha-lambda", "--nu", "1e-16", "--mu", "0.9"},
		{"dropout", "--mu", "1e300", "--alpha", "1", "--lambda", "1", "--rate", "0.1"},
		{"dropout", "--mu", "1e300", "--alpha", "1", "--lambda", "1", "--rate", "0.1", "--format", "json"},
		{"map", "--mu", "1e6", "--omega", "1", "--nu", "1e-300", "--tau", "1", "--format", "json"},
		{"map", "--mu", "-1e6", "--omega", "1", "--nu", "1e12", "--activation", "tanh"},
		{"map", "--mu", "-30", "--omega", "1", "--nu", "1e-8", "--activation", "relu", "--format", "json"},
		{"map", "--mu", "-1e3", "--omega", "1e3", "--nu", "1e-6", "--activation", "elu", "--method", "both"},
		{"map", "--alpha", "1e300", "--lambda", "1e300", "--format", "json"},
		{"jacobian", "--mu", "1e-300", "--omega", "1e300", "--format", "json"},
		{"jacobian", "--tau", "1e12", "--format", "json"},
		{"jacobian", "--alpha", "1e300"},
		{"fixedpoint", "--tau", "1e12"},
		{"fixedpoint", "--tau", "1e-12", "--omega", "1e6"},
		{"fixedpoint", "--tau", "50", "--activation", "relu"},
		{"fixedpoint", "--tau", "3", "--activation", "tanh", "--format", "json"},
		{"init", "--scheme", "pytorch-selu", "--fan-in", "1"},
		// verify: parameters, boxes and modes.
		append([]string{"verify", "contraction", "--grid", "3", "--alpha", "1e300", "--format", "json"}, box...),
		append([]string{"verify", "contraction", "--grid", "3", "--lambda", "1e-300"}, box...),
		{"verify", "contraction", "--mu-range", "-1e308:1e308", "--omega-range", "0:1", "--nu-range", "1:2", "--tau-range", "1:2"},
		{"verify", "variance-increases", "--mu-range", "0:0", "--omega-range", "0:0", "--nu-range", "1e6:1e7", "--tau-range", "1e6:1e7"},
		{"verify", "contraction", "--mu-range", "0.1:0.1", "--omega-range", "0.1:0.1", "--nu-range", "1:1", "--tau-range", "1:1", "--certify", "--gap", "1e-12"},
		{"verify", "theorem1", "--shard", "5/100", "--grid", "2"},
		{"verify", "theorem1", "--certify", "--grid", "5"},
		{"verify", "--merge", "--shard", "1/2", "x.json"},
		{"verify", "--check-certificate", out("none.json"), "--grid", "3"},
		{"verify", "theorem1", "--certify", "--certificate", ""},
		{"verify", "theorem1", "--certify", "--certificate", "-"},
		{"verify", "theorem1", "--gap", "0.1"},
		{"verify", "mapping", "--of", "second-moment", "--grid", "3"},
		{"verify", "theorem1", "--grid", "100000"},
		// Figures: degenerate windows and sizes.
		{"field", "-o", out("a.png"), "--mu-range", "0.1:0.10000000000000002"},
		{"basin", "-o", out("b.png"), "--nu-range", "1:1.0000000000000002", "--grid", "10"},
		{"normmap", "-o", out("c.svg"), "--nu-range", "1e-300:1e-299", "--log-nu", "--grid", "10"},
		{"field", "-o", out("d.png"), "--tau", "1e12", "--grid", "5"},
		{"basin", "-o", out("e.png"), "--tau", "1e-12", "--omega", "1e6", "--grid", "5"},
		{"field", "-o", out("f.svg"), "--tau", "3", "--from", "0,1"},
		{"field", "-o", out("g.svg"), "--activation", "relu", "--from", "0,1", "--orbit-steps", "1"},
		{"normmap", "-o", out("h.png"), "--grid", "4000"},
		{"basin", "-o", out("i.png"), "--grid", "4000", "--omega", "0.5"},
		{"cobweb", "-o", out("j.png"), "--tau", "1e12", "--nu-range", "1e-13:1"},
		{"cobweb", "-o", out("k.svg"), "--nu-range", "1e-300:1e-299", "--from", "1e-300"},
		{"cobweb", "-o", out("l.png"), "--omega", "1e6", "--mu", "1", "--from", "1"},
		{"cobweb", "-o", out("m.png"), "--activation", "relu", "--from", "30", "--steps", "10000"},
		{"cobweb", "-o", out("n.png"), "--activation", "tanh", "--tau", "1e-12", "--from", "1e6", "--nu-range", "1e-3:1e6"},
		{"cobweb", "-o", out("o.svg"), "--alpha", "1e6", "--lambda", "10", "--from", "1", "--grid", "4000", "--steps", "10000"},
		{"cobweb", "-o", out("p.png"), "--linear", "--nu-range", "1:1.0000000000000002"},
		{"cobweb", "-o", out("q.png"), "--tau", "0.01", "--from", "1", "--steps", "10000"},
		{"cmap", "-o", out("r.png"), "--mu", "1e3", "--nu", "1e-300", "--omega", "1e3", "--from", "1", "--steps", "100000"},
		{"cmap", "-o", out("s.svg"), "--mu", "0", "--nu", "1e12", "--c-range", "0.999999:1", "--from", "0.9999999"},
		{"cmap", "-o", out("t.png"), "--alpha", "1e6", "--lambda", "1e6", "--grid", "4000"},
		{"cmap", "-o", out("u.png"), "--activation", "relu", "--tau", "2", "--from", "-1"},
		{"cmap", "-o", out("v.png"), "--c-range", "0.5:0.500000002", "--uncentred"},
		{"phase", "-o", out("w.png"), "--tau-range", "1e11:1e12", "--omega-range", "-1e6:1e6", "--grid", "8"},
		{"phase", "-o", out("x.svg"), "--tau-range", "1e-12:1e-11", "--grid", "8", "--mu", "1e-300", "--nu", "1e-300"},
		{"phase", "-o", out("y.png"), "--plane", "alpha-lambda", "--alpha-range", "1e5:1e6", "--lambda-range", "1e5:1e6", "--grid", "8"},
		{"phase", "-o", out("z.png"), "--activation", "tanh", "--grid", "6", "--mu", "0", "--nu", "1e12", "--tau-range", "0.5:1"},
		{"verify", "theorem1", "--grid", "316"},
		{"fixedpoint", "--max-iter", "1000000"},
		// fixedpoint --certify: overflowing H, no fixed point, bad flags.
		{"fixedpoint", "--certify", "--omega", "1e300"},
		{"fixedpoint", "--certify", "--omega", "1e300", "--format", "json"},
		{"fixedpoint", "--certify", "--tau", "1e12"},
		{"fixedpoint", "--certify", "--tau", "1e-12", "--omega", "1e6"},
		{"fixedpoint", "--certify", "--alpha", "1e6", "--lambda", "1e6"},
		{"fixedpoint", "--certify", "--omega", "-1e6", "--format", "csv"},
		{"fixedpoint", "--certify", "--activation", "tanh"},
		{"fixedpoint", "--certify", "--alpha", "NaN"},
		{"fixedpoint", "--certify", "--tau", "Inf"},
		{"fixedpoint", "--certify=maybe"},
		// solve-alpha-lambda --certify: extreme targets, digits.
		{"solve-alpha-lambda", "--certify", "--omega", "1e300", "--mu", "1e-300", "--format", "json"},
		{"solve-alpha-lambda", "--certify", "--tau", "1e12", "--format", "csv"},
		{"solve-alpha-lambda", "--certify", "--tau", "1e-300", "--mu", "0.5"},
		{"solve-alpha-lambda", "--certify", "--nu", "1e-16", "--mu", "0.9"},
		{"solve-alpha-lambda", "--certify", "--mu", "0.68", "--nu", "1"},
		{"solve-alpha-lambda", "--certify", "--digits", "300", "--nu", "1e-8"},
		{"solve-alpha-lambda", "--certify", "--digits", "NaN"},
		{"solve-alpha-lambda", "--digits", "20"},
		{"simulate", "--depth", "7", "--width", "4096", "--samples", "15000"},
		// train: impossible values and bad data, refused before any work.
		{"train", "--depths", "0"},
		{"train", "--depths", "8,,32"},
		{"train", "--lr", "-1e-5"},
		{"train", "--lr", "NaN"},
		{"train", "--lr", "Inf"},
		{"train", "--batch", "0"},
		{"train", "--epochs", "-3"},
		{"train", "--width", "100000"},
		{"train", "--depths", "256,256,256,256,256,256,256,256", "--width", "4096"},
		{"train", "--data", out("nosuch")},
		{"train", "--data", garbage},
		{"train", "--data", out("a.png")},
		{"train", "--watch-csv", out("w.csv")},
		{"train", "-o", out("t.pdf")},
		{"train", "--subset", "100", "--batch", "128"},
		// gradient and correlation: out-of-range values, degenerate maps.
		{"gradient", "--tau", "NaN"},
		{"gradient", "--nu", "Inf", "--mu", "0"},
		{"gradient", "--mu", "0"},
		{"gradient", "--depth", "0"},
		{"gradient", "--depth", "1000000", "--tau", "2"},
		{"gradient", "--tau", "1e12", "--format", "json"},
		{"gradient", "--mu", "1e6", "--omega", "2", "--nu", "1"},
		{"gradient", "--activation", "tanh", "--mu", "-1e6", "--omega", "1", "--nu", "1e-300", "--format", "csv"},
		{"correlation", "--c", "1.5"},
		{"correlation", "--c", "NaN"},
		{"correlation", "--c", "-Inf"},
		{"correlation", "--nosuch"},
		{"correlation", "--activation", "relu", "--mu", "-30", "--omega", "1", "--nu", "1e-8"},
		{"correlation", "--mu", "1e6", "--omega", "1", "--nu", "1e-300", "--format", "json"},
		{"correlation", "--mu", "0", "--nu", "1e12", "--c", "-1", "--c", "1", "--c", "0", "--format", "csv"},
		{"correlation", "--alpha", "1e300"},
		{"correlation", "--tau", "1e-12", "--omega", "1e6"},
		// The command line itself.
		{},
		{"help", "help"},
		{"help", "version"},
		{"help", "nosuch"},
		{"map", "--nosuch"},
		{"map", "--mu"},
		{"map", "--mu", "NaN"},
		{"map", "--nu", "-1"},
		{"map", "stray"},
		{"map", "--mu", "1_0"},
	}
	for _, args := range cases {
		done := make(chan struct{})
		var code int
		var stdout, stderr string
		go func() {
			defer close(done)
			code, stdout, stderr = runCLI(args...)
		}()
		select {
		case <-done:
		case <-time.After(60 * time.Second):
			t.Fatalf("%q: still running after 60 s", args)
		}
		line := strings.Join(args, " ")
		if code < 0 || code > 2 {
			t.Errorf("%q: exit %d", line, code)
		}
		// Quoted text is the user's own input, echoed.
		if nonFinite.MatchString(stdout) || nonFinite.MatchString(quoted.ReplaceAllString(stderr, "")) {
			t.Errorf("%q: non-finite number in the output:\n%s%s", line, stdout, stderr)
		}
		if code != 0 && stderr != "" && strings.Count(stderr, "\n") != 1 {
			t.Errorf("%q: exit %d with %d stderr lines:\n%s", line, code, strings.Count(stderr, "\n"), stderr)
		}
		if code == 2 && stderr == "" {
			t.Errorf("%q: exit 2 without a message", line)
		}
		if code == 1 && stderr == "" && !strings.Contains(stdout, "FAILS") && !strings.Contains(stdout, "PARTIAL") && !strings.Contains(stdout, "fails") {
			t.Errorf("%q: exit 1 without saying why", line)
		}
	}
	// A failed figure leaves no file behind.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".snnanalyze") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}
