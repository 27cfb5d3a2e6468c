package main

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The golden files pin what the tool prints, byte for byte, so that a change
// of layout (moving code between packages) can be shown to change nothing:
//
//	testdata/golden/outputs.txt   every command line of README.md and docs/,
//	                              its exit code and output as written, and
//	                              its JSON output where the command has one
//	testdata/golden/figures.txt   SHA-256 of every figure of README.md and
//	                              docs/, in PNG and in SVG
//	testdata/golden/certificate.json  the certificate of verify theorem1
//	                              --certify
//
// Regenerate them with go test ./cmd/snnanalyze -run TestGolden -update
// (and look at the diff: a change there is a change of what users see).

// varying masks what changes from run to run: wall-clock times.
var varying = []struct {
	re   *regexp.Regexp
	repl string
}{
	{regexp.MustCompile(`"seconds": [0-9.e+-]+`), `"seconds": (time)`},
	{regexp.MustCompile(`(?m)^(  time +)[0-9.]+ s$`), `${1}(time) s`},
	{regexp.MustCompile(`re-checked in [0-9.]+ s`), `re-checked in (time) s`},
}

func maskVarying(s string) string {
	for _, v := range varying {
		s = v.re.ReplaceAllString(s, v.repl)
	}
	return s
}

// figureCommands draw to -o FILE.
var figureCommands = []string{"field", "basin", "normmap", "cobweb", "cmap", "phase"}

// outputFlag returns the index of the value of -o/--output in args (-1 if
// none).
func outputFlag(args []string) int {
	for i, a := range args {
		if (a == "-o" || a == "--output") && i+1 < len(args) {
			return i + 1
		}
		if strings.HasPrefix(a, "--output=") || strings.HasPrefix(a, "-o=") {
			return i
		}
	}
	return -1
}

// withFormat returns args with --format set to f (replacing a given one).
func withFormat(args []string, f string) []string {
	out := slices.Clone(args)
	for i, a := range out {
		if a == "--format" && i+1 < len(out) {
			out[i+1] = f
			return out
		}
		if strings.HasPrefix(a, "--format=") {
			out[i] = "--format=" + f
			return out
		}
	}
	return append(out, "--format", f)
}

// hasJSON reports whether the command has --format json.
func hasJSON(name string) bool {
	c := lookup(name)
	if c == nil {
		return false
	}
	fs, _ := c.flagSet()
	f := fs.Lookup("format")
	return f != nil && strings.Contains(f.Usage, "json")
}

func sha(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return "missing: " + err.Error()
	}
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// goldenOutputs runs the documented command lines in dir and returns the
// outputs and figure hashes.
func goldenOutputs(t *testing.T, cmds []docCommand, dir string, byLine map[string]string) (outputs, figures string) {
	var o, f strings.Builder
	seen := map[string]bool{}
	slow := os.Getenv("SNN_DOCS_SLOW") == "1"
	skipped := 0
	for _, c := range cmds {
		key := strings.Join(c.args, " ")
		if c.slow {
			// Slow lines (the paper's 3.4e9-point grid) are run, not recorded.
			if !slow {
				skipped++
			} else if code, _, errw := runCLI(c.args...); code != c.wantExit {
				t.Errorf("%s: %q exits %d, want %d\nstderr: %s", c.file, c.line, code, c.wantExit, errw)
			}
			continue
		}
		code, out, errw := runCLI(c.args...)
		if code != c.wantExit {
			t.Errorf("%s: %q exits %d, want %d\nstderr: %s", c.file, c.line, code, c.wantExit, errw)
		}
		if seen[key] || c.args[0] == "version" || c.args[0] == "--version" {
			continue
		}
		seen[key] = true
		byLine[key] = out
		fmt.Fprintf(&o, "=== snnanalyze %s\nexit %d\n%s", key, code, maskVarying(out))
		if c.stdout != "" {
			os.WriteFile(c.stdout, []byte(out), 0o644)
		}
		if slices.Contains(figureCommands, c.args[0]) {
			i := outputFlag(c.args)
			if i < 0 {
				continue
			}
			for _, ext := range []string{".png", ".svg"} {
				args := slices.Clone(c.args)
				name := filepath.Join(dir, "golden-figure"+ext)
				args[i] = name
				if strings.Contains(c.args[i], "=") {
					args[i] = c.args[i][:strings.Index(c.args[i], "=")+1] + name
				}
				if code, _, errw := runCLI(args...); code != 0 {
					t.Errorf("%s: exit %d: %s", strings.Join(args, " "), code, errw)
				}
				fmt.Fprintf(&f, "%s  %s (%s)\n", sha(name), key, ext[1:])
				os.Remove(name)
			}
			continue
		}
		if hasJSON(c.args[0]) {
			args := withFormat(c.args, "json")
			code, out, _ := runCLI(args...)
			fmt.Fprintf(&o, "--- json: exit %d\n%s", code, maskVarying(out))
		}
	}
	t.Logf("%d command lines run, %d slow ones skipped (set SNN_DOCS_SLOW=1)", len(cmds)-skipped, skipped)
	return o.String(), f.String()
}

// TestGolden runs every command line of README.md and docs/, checks its exit
// code (0, or 1 where the line says "# exits 1"), and compares its output,
// every documented figure (PNG and SVG) and one certificate with the
// committed golden files. Lines marked "# slow" (the paper's 3.4e9-point
// grid) run only with SNN_DOCS_SLOW=1.
func TestGolden(t *testing.T) {
	wd, _ := os.Getwd()
	golden := filepath.Join(wd, "testdata", "golden")
	cmds := docCommands(t)
	if len(cmds) < 20 {
		t.Fatalf("only %d command lines found in the docs", len(cmds))
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "docs", "figures"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)

	byLine := map[string]string{}
	outputs, figures := goldenOutputs(t, cmds, dir, byLine)
	checkTranscripts(t, wd, cmds, byLine)
	cert := filepath.Join(dir, "theorem1.cert.json")
	if code, _, errw := runCLI("verify", "theorem1", "--certify", "--certificate", cert); code != 0 {
		t.Fatalf("verify theorem1 --certify: exit %d: %s", code, errw)
	}
	certData, err := os.ReadFile(cert)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{"outputs.txt": outputs, "figures.txt": figures, "certificate.json": string(certData)}
	for _, name := range []string{"outputs.txt", "figures.txt", "certificate.json"} {
		path := filepath.Join(golden, name)
		if *update {
			if err := os.MkdirAll(golden, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(got[name]), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./cmd/snnanalyze -run TestGolden -update)", err)
		}
		if string(want) != got[name] {
			t.Errorf("%s differs from the tool's output: %s", name, firstDiff(string(want), got[name]))
		}
	}
}

// firstDiff describes the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := range max(len(w), len(g)) {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n  want %q\n  got  %q", i+1, a, b)
		}
	}
	return "same lines"
}
