package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
)

// The drawings themselves are tested in package figure; these tests are the
// command line's part: flags, errors, files.

// parseOpts defines a command's flags on a fresh set and parses args.
func parseOpts[T any](t testing.TB, define func(*pflag.FlagSet) T, args ...string) T {
	t.Helper()
	fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
	o := define(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestFigureBadInput: bad usage exits 2 with one line on stderr that names
// the flag, and leaves no file.
func TestFigureBadInput(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "f.png")
	cases := []struct {
		args []string
		want string // in the message
	}{
		{[]string{"field"}, "-o/--output"},
		{[]string{"basin", "-o", filepath.Join(dir, "f.pdf")}, "unknown extension"},
		{[]string{"normmap", "-o", filepath.Join(dir, "f")}, "unknown extension"},
		{[]string{"field", "-o", filepath.Join(dir, "missing", "f.png")}, "does not exist"},
		{[]string{"field", "-o", png, "--nu-range", "0:1"}, "--nu-range"},
		{[]string{"basin", "-o", png, "--nu-range", "-1:2"}, "0 < A < B"},
		{[]string{"normmap", "-o", png, "--mu-range", "1:1"}, "--mu-range"},
		{[]string{"normmap", "-o", png, "--mu-range", "1:nan"}, "--mu-range"},
		{[]string{"basin", "-o", png, "--tol", "0"}, "--tol"},
		{[]string{"basin", "-o", png, "--grid", "1"}, "--grid"},
		{[]string{"field", "-o", png, "--width", "4"}, "--width"},
		{[]string{"field", "-o", png, "--width", "20", "--dpi", "1000"}, "pixels"},
		{[]string{"field", "-o", png, "--tau", "0"}, "--tau"},
		{[]string{"field", "-o", png, "--from", "0,-1"}, "--from"},
		{[]string{"field", "-o", png, "--background", "sky"}, "--background"},
		{[]string{"normmap", "-o", png, "--nu-range", "1e-200:1", "--tau", "1e-200"}, "--nu-range"},
		{[]string{"normmap", "-o", png, "extra"}, "unexpected argument"},
		{[]string{"normmap", "-o", dir + "/"}, "unknown extension"},
		{[]string{"cobweb"}, "-o/--output"},
		{[]string{"cobweb", "-o", png, "--from", "0"}, "--from"},
		{[]string{"cobweb", "-o", png, "--from", "-1"}, "--from"},
		{[]string{"cobweb", "-o", png, "--from", "nan"}, "--from"},
		{[]string{"cobweb", "-o", png, "--from", "1e300", "--tau", "1"}, "--from"},
		{[]string{"cobweb", "-o", png, "--from", "1e5", "--tau", "1e8"}, "--from"},
		{[]string{"cobweb", "-o", png, "--nu-range", "0:1"}, "--nu-range"},
		{[]string{"cobweb", "-o", png, "--nu-range", "2:1"}, "--nu-range"},
		{[]string{"cobweb", "-o", png, "--mu-range", "0:1"}, "--mu-range"},
		{[]string{"cobweb", "-o", png, "--mu", "inf"}, "--mu"},
		{[]string{"cobweb", "-o", png, "--steps", "0"}, "--steps"},
		{[]string{"cobweb", "-o", png, "--grid", "5000"}, "--grid"},
		{[]string{"cobweb", "-o", png, "--tau", "1e-200", "--nu-range", "1e-200:1"}, "--nu-range"},
		{[]string{"cobweb", "-o", png, "--mu", "1e6", "--omega", "10"}, "--omega"},
		{[]string{"cobweb", "-o", png, "--lambda", "0"}, "--lambda"},
		{[]string{"cmap"}, "-o/--output"},
		{[]string{"cmap", "-o", png, "--from", "1.5"}, "--from"},
		{[]string{"cmap", "-o", png, "--from", "nan"}, "--from"},
		{[]string{"cmap", "-o", png, "--c-range", "0.5:0.2"}, "--c-range"},
		{[]string{"cmap", "-o", png, "--c-range", "-2:1"}, "--c-range"},
		{[]string{"cmap", "-o", png, "--c-range", "0:inf"}, "--c-range"},
		{[]string{"cmap", "-o", png, "--mu", "0.5"}, "--mu and --nu"},
		{[]string{"cmap", "-o", png, "--mu", "0", "--nu", "0"}, "--nu"},
		{[]string{"cmap", "-o", png, "--mu", "1e6", "--nu", "1", "--omega", "10"}, "--mu, --omega"},
		{[]string{"cmap", "-o", png, "--tau", "1e13"}, "--tau"},
		{[]string{"cmap", "-o", png, "--steps", "0"}, "--steps"},
		{[]string{"cmap", "-o", png, "--grid", "1"}, "--grid"},
		{[]string{"cmap", "-o", png, "--activation", "relu", "--mu", "-30", "--omega", "1", "--nu", "1e-8"}, "--mu, --nu, --omega, --tau"},
		{[]string{"cmap", "-o", filepath.Join(dir, "c.jpg")}, "unknown extension"},
		{[]string{"phase"}, "-o/--output"},
		{[]string{"phase", "-o", png, "--grid", "401"}, "--grid"},
		{[]string{"phase", "-o", png, "--grid", "1"}, "--grid"},
		{[]string{"phase", "-o", png, "--plane", "mu-nu"}, "--plane"},
		{[]string{"phase", "-o", png, "--tau-range", "0:2"}, "--tau-range"},
		{[]string{"phase", "-o", png, "--tau-range", "2:1"}, "--tau-range"},
		{[]string{"phase", "-o", png, "--omega-range", "-1:nan"}, "--omega-range"},
		{[]string{"phase", "-o", png, "--omega-range", "-1e7:1"}, "--omega-range"},
		{[]string{"phase", "-o", png, "--alpha-range", "0:2", "--plane", "alpha-lambda"}, "--alpha-range"},
		{[]string{"phase", "-o", png, "--lambda-range", "1:1e7", "--plane", "alpha-lambda"}, "--lambda-range"},
		{[]string{"phase", "-o", png, "--alpha-range", "1:2"}, "--alpha-range does not apply"},
		{[]string{"phase", "-o", png, "--tau", "0.9"}, "--tau does not apply"},
		{[]string{"phase", "-o", png, "--plane", "alpha-lambda", "--tau-range", "1:2"}, "--tau-range does not apply"},
		{[]string{"phase", "-o", png, "--plane", "alpha-lambda", "--alpha", "1"}, "--alpha does not apply"},
		{[]string{"phase", "-o", png, "--plane", "alpha-lambda", "--activation", "elu"}, "--activation"},
		{[]string{"phase", "-o", png, "--plane", "alpha-lambda", "--tau", "0"}, "--tau"},
		{[]string{"phase", "-o", png, "--nu", "1"}, "--mu and --nu"},
		{[]string{"phase", "-o", png, "--mu", "2", "--nu", "1", "--omega-range", "-1e6:1e6", "--tau-range", "1:2"}, "--mu, --nu"},
		{[]string{"phase", "-o", png, "--mu", "0", "--nu", "1e-300", "--tau-range", "1e-13:1"}, "--tau-range"},
		{[]string{"phase", "-o", png, "--width", "60"}, "--width"},
	}
	for _, c := range cases {
		code, out, errw := runCLI(c.args...)
		if code != 2 || out != "" || strings.Count(errw, "\n") != 1 || !strings.Contains(errw, c.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q (want exit 2, one line naming %q)", c.args, code, out, errw, c.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("%v left %d files in the folder", c.args, len(entries))
		}
	}
}

// TestFigureHelp: each figure command has a long help with examples.
func TestFigureHelp(t *testing.T) {
	for _, name := range []string{"field", "basin", "normmap", "cobweb", "cmap", "phase"} {
		code, out, _ := runCLI("help", name)
		if code != 0 || !strings.Contains(out, "Examples:\n  snnanalyze "+name+" -o ") || !strings.Contains(out, "--width") || len(out) < 1500 {
			t.Errorf("help %s (exit %d):\n%s", name, code, out)
		}
	}
	code, out, _ := runCLI("help")
	if code != 0 || !strings.Contains(out, "basin") || !strings.Contains(out, "normmap") || !strings.Contains(out, "field") || !strings.Contains(out, "cobweb") ||
		!strings.Contains(out, "cmap") || !strings.Contains(out, "phase") {
		t.Errorf("overview lacks the figure commands:\n%s", out)
	}
}

// TestFiguresDeterministic: the same inputs give the same bytes, PNG and
// SVG, and no NaN or Inf reaches an SVG.
func TestFiguresDeterministic(t *testing.T) {
	dir := t.TempDir()
	for _, c := range [][]string{
		{"field", "--grid", "7", "--from", "0.3,1.5", "--background", "norm"},
		{"field", "--grid", "5", "--background", "step", "--log-nu", "--nu-range", "0.01:100", "--mu-range", "-5:5", "--omega", "2"},
		{"basin", "--grid", "40", "--omega", "0.5"},
		{"normmap", "--grid", "40", "--of", "second-moment", "--log-nu"},
		{"normmap", "--grid", "30", "--omega", "1", "--mu-range", "-1e5:1e5", "--nu-range", "1e-6:1e6", "--log-nu"},
		{"cobweb", "--from", "16", "--from", "0.02", "--tau", "0.9"},
		{"cobweb", "--linear", "--nu-range", "0.5:3", "--from", "2.5", "--omega", "0.5", "--mu", "1", "--grid", "50"},
		{"cmap", "--from", "0.9", "--from", "-0.8", "--grid", "100"},
		{"cmap", "--uncentred", "--tau", "0.5625", "--c-range", "0.95:1", "--from", "0.96", "--grid", "50"},
		{"phase", "--grid", "30"},
		{"phase", "--grid", "20", "--plane", "alpha-lambda", "--mu", "0", "--nu", "1", "--omega", "0.1"},
	} {
		for _, ext := range []string{".png", ".svg"} {
			var first []byte
			for k := range 2 {
				file := filepath.Join(dir, "f"+strconv.Itoa(k)+ext)
				code, _, errw := runCLI(append(c, "-o", file, "--width", "8", "--height", "5", "--dpi", "60")...)
				if code != 0 {
					t.Fatalf("%v: exit %d: %s", c, code, errw)
				}
				data, _ := os.ReadFile(file)
				if k == 0 {
					first = data
				} else if !bytes.Equal(first, data) {
					t.Errorf("%v %s: two runs differ", c, ext)
				}
			}
			if ext == ".svg" && (bytes.Contains(first, []byte("NaN")) || bytes.Contains(first, []byte("Inf"))) {
				t.Errorf("%v: NaN or Inf in the SVG", c)
			}
			if ext == ".png" {
				if _, err := png.Decode(bytes.NewReader(first)); err != nil {
					t.Errorf("%v: %v", c, err)
				}
			}
		}
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// TestFigureDefaults: the commands' default flags draw what package
// figure draws from zero options (the library documents the same defaults),
// byte for byte.
func TestFigureDefaults(t *testing.T) {
	page := figure.Page{Width: 8, Height: 5, DPI: 50}
	svg := func(f *figure.Figure, err error) []byte {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := f.WriteSVG(&b, page); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	cli := svg(fieldFigure(parseOpts(t, newFieldOptions, "-o", "x.svg")))
	lib := svg(figure.Field(figure.FieldOptions{}))
	if !bytes.Equal(cli, lib) {
		t.Error("field: the command's defaults differ from figure.FieldOptions{}")
	}
	cli = svg(normmapFigure(parseOpts(t, newNormmapOptions, "-o", "x.svg", "--grid", "40")))
	lib = svg(figure.NormMap(figure.NormMapOptions{Grid: 40}))
	if !bytes.Equal(cli, lib) {
		t.Error("normmap: the command's defaults differ from figure.NormMapOptions{}")
	}
	cli = svg(cobwebFigure(parseOpts(t, newCobwebOptions, "-o", "x.svg")))
	lib = svg(figure.Cobweb(figure.CobwebOptions{}))
	if !bytes.Equal(cli, lib) {
		t.Error("cobweb: the command's defaults differ from figure.CobwebOptions{}")
	}
	cli = svg(cmapFigure(parseOpts(t, newCmapOptions, "-o", "x.svg")))
	lib = svg(figure.CMap(figure.CMapOptions{}))
	if !bytes.Equal(cli, lib) {
		t.Error("cmap: the command's defaults differ from figure.CMapOptions{}")
	}
	cli = svg(phaseFigure(parseOpts(t, newPhaseOptions, "-o", "x.svg", "--grid", "30"), nil, nil))
	lib = svg(figure.Phase(figure.PhaseOptions{Grid: 30}))
	if !bytes.Equal(cli, lib) {
		t.Error("phase: the command's defaults differ from figure.PhaseOptions{}")
	}
	f, _, err := basinFigure(parseOpts(t, newBasinOptions, "-o", "x.svg", "--grid", "40"), nil, nil)
	cli = svg(f, err)
	f, _, err = figure.Basin(figure.BasinOptions{Grid: 40})
	lib = svg(f, err)
	if !bytes.Equal(cli, lib) {
		t.Error("basin: the command's defaults differ from figure.BasinOptions{}")
	}
}

// TestFigureFileMode: a figure is readable by all (0644), although it is
// written through a private temporary file.
func TestFigureFileMode(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f.svg")
	if code, _, errw := runCLI("normmap", "-o", file, "--grid", "10"); code != 0 {
		t.Fatal(errw)
	}
	st, err := os.Stat(file)
	if err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, %v", st.Mode(), err)
	}
}

// TestBasinNoFixedPoint: without a fixed point there is no basin: exit 1,
// no file.
func TestBasinNoFixedPoint(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "b.png")
	code, _, errw := runCLI("basin", "-o", file, "--tau", "0.01", "--grid", "10")
	if code != 1 || !strings.Contains(errw, "no fixed point") {
		t.Errorf("exit %d: %s", code, errw)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("file written")
	}
}

// TestCmapNoFixedPoint: without --mu and --nu, a g without a fixed point is
// a failed computation (exit 1), and no file is written.
func TestCmapNoFixedPoint(t *testing.T) {
	file := filepath.Join(t.TempDir(), "c.png")
	code, _, errw := runCLI("cmap", "-o", file, "--tau", "0.01")
	if code != 1 || !strings.Contains(errw, "no fixed point") {
		t.Errorf("exit %d: %s", code, errw)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("file written")
	}
}
