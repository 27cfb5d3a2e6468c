package main

// The flags the figure commands (field, basin, normmap, cobweb, cmap, phase) share, their checks
// and the output file. The figures themselves are drawn by package figure.

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

func init() {
	commands = append(commands, fieldCommand, basinCommand, normmapCommand, cobwebCommand, cmapCommand, phaseCommand)
}

// figOptions are the flags every figure command shares.
type figOptions struct {
	output        string
	width, height float64 // inches
	dpi           int
	mu, nu        windowFlag
	logNu         bool
	s             statFlags
}

// figDefaults are a command's default window and size.
type figDefaults struct {
	mu, nu        [2]float64
	width, height float64
}

// Limits of the figure flags.
const (
	maxPixels = 10000 // per side of a PNG
	maxWindow = 1e6   // |μ| and ν bounds of a window
)

func (o *figOptions) define(fs *pflag.FlagSet, d figDefaults) {
	o.definePage(fs, d)
	o.mu = windowFlag{axis: "mu", r: d.mu}
	o.nu = windowFlag{axis: "nu", r: d.nu}
	fs.Var(&o.mu, "mu-range", "the window's μ range A:B (x axis)")
	fs.Var(&o.nu, "nu-range", "the window's ν range A:B, 0 < A (y axis)")
	fs.BoolVar(&o.logNu, "log-nu", false, "log scale on the ν axis")
	floatVar(fs, &o.s.omega, "omega", 0, anyFinite, "a finite number", "weight sum ω = Σ wᵢ")
	floatVar(fs, &o.s.tau, "tau", 1, positive, "a finite number > 0", "weight square sum τ = Σ wᵢ²")
	o.s.defineActivation(fs)
}

// definePage defines the output file and page flags: -o, --width,
// --height, --dpi.
func (o *figOptions) definePage(fs *pflag.FlagSet, d figDefaults) {
	fs.StringVarP(&o.output, "output", "o", "", "the figure's file: .png or .svg (required)")
	floatVar(fs, &o.width, "width", d.width, func(v float64) bool { return v >= 5 && v <= 50 }, "inches in [5, 50]", "width in inches")
	floatVar(fs, &o.height, "height", d.height, func(v float64) bool { return v >= 3 && v <= 50 }, "inches in [3, 50]", "height in inches")
	dpi := intFlag{p: &o.dpi, min: 20, max: 1200}
	o.dpi = 100
	fs.Var(&dpi, "dpi", "PNG resolution in pixels per inch (20 to 1200; the PNG is width·dpi × height·dpi pixels)")
}

// check validates the combination of flags before any work: the output
// path (folder exists and is writable, extension known), the image size and
// the window. It returns the output format ("png" or "svg").
func (o *figOptions) check() (string, error) {
	format, err := o.checkPage()
	if err != nil {
		return "", err
	}
	for _, mu := range o.mu.r {
		for _, nu := range o.nu.r {
			if _, _, err := mapping.Normal(mu, nu, o.s.omega, o.s.tau); err != nil {
				return "", usagef("--mu-range, --nu-range, --omega, --tau: the window's corner (%s, %s) gives a net input g cannot evaluate (need |mu*omega| <= 1e6 and nu*tau in [1e-300, 1e12])", fmtFloat(mu), fmtFloat(nu))
			}
		}
	}
	return format, nil
}

// checkPage validates the output path, the image size and the activation,
// and returns the output format ("png" or "svg").
func (o *figOptions) checkPage() (string, error) {
	format, err := checkOutput(o.output)
	if err != nil {
		return "", err
	}
	if format == "png" {
		if w, h := o.width*float64(o.dpi), o.height*float64(o.dpi); w > maxPixels || h > maxPixels {
			return "", usagef("--width, --height, --dpi: the PNG would be %.0f × %.0f pixels; at most %d per side", w, h, maxPixels)
		}
	}
	if _, err := o.s.activationFunc(); err != nil {
		return "", err
	}
	return format, nil
}

// checkOutput refuses a missing path, an unknown extension or a folder that
// does not exist or cannot be written, before any work.
func checkOutput(path string) (string, error) {
	if path == "" {
		return "", usagef("-o/--output FILE is required (a .png or .svg file)")
	}
	ext := strings.ToLower(filepath.Ext(path))
	if ext != ".png" && ext != ".svg" {
		return "", usagef("-o/--output: unknown extension %q in %q (accepted: .png, .svg)", ext, path)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return "", usagef("-o/--output: %q is a folder", path)
	}
	if err := checkWritable(path); err != nil {
		return "", usagef("-o/--output: %s", strings.TrimPrefix(err.Error(), "--certificate: "))
	}
	return ext[1:], nil
}

// windowFlag parses a window range A:B with A < B (and 0 < A for ν).
type windowFlag struct {
	axis string
	r    [2]float64
}

func (f *windowFlag) String() string { return fmtFloat(f.r[0]) + ":" + fmtFloat(f.r[1]) }
func (f *windowFlag) Type() string   { return "A:B" }
func (f *windowFlag) want() string {
	if f.axis == "nu" {
		return fmt.Sprintf("want A:B with 0 < A < B <= %g (ν is a variance), B - A at least %g of max(|A|, |B|)", float64(maxWindow), figure.MinRelWidth)
	}
	return fmt.Sprintf("want A:B with -%g <= A < B <= %g, B - A at least %g of max(|A|, |B|)", float64(maxWindow), float64(maxWindow), figure.MinRelWidth)
}
func (f *windowFlag) Set(s string) error {
	parts := strings.Split(s, ":")
	if len(parts) != 2 {
		return fmt.Errorf("%s", f.want())
	}
	a, err1 := parseNumber(parts[0])
	b, err2 := parseNumber(parts[1])
	lo := -maxWindow
	if f.axis == "nu" {
		lo = 0
	}
	if err1 != nil || err2 != nil || !(a < b) || !(a >= lo) || !(b <= maxWindow) || f.axis == "nu" && !(a > 0) ||
		!(b-a >= figure.MinRelWidth*math.Max(math.Abs(a), math.Abs(b))) {
		return fmt.Errorf("%s", f.want())
	}
	f.r = [2]float64{a, b}
	return nil
}

// pointsFlag is a repeatable MU,NU flag.
type pointsFlag struct{ p []fixedpoint.Point }

func (f *pointsFlag) String() string {
	var s []string
	for _, p := range f.p {
		s = append(s, fmtFloat(p.Mu)+","+fmtFloat(p.Nu))
	}
	return strings.Join(s, " ")
}
func (f *pointsFlag) Type() string { return "MU,NU" }
func (f *pointsFlag) Set(s string) error {
	var one pointFlag
	if err := one.Set(s); err != nil {
		return err
	}
	f.p = append(f.p, one.p)
	return nil
}

// mapOf returns g for the flags.
func (o *figOptions) mapOf() mapping.Map {
	f, _ := o.s.activationFunc() // checked by check
	return mapping.Map{F: f, Omega: o.s.omega, Tau: o.s.tau}
}

// window returns the window of the flags.
func (o *figOptions) window() figure.Window {
	return figure.Window{Mu: o.mu.r, Nu: o.nu.r, LogNu: o.logNu}
}

// save writes the figure in the format atomically, readable by all.
// draw takes the result of a command's flag check (its own check method,
// which may add to figOptions.check), builds the figure and writes it to the
// output file (atomically), then says so on out.
func (o *figOptions) draw(out io.Writer, format string, err error, build func() (*figure.Figure, error)) error {
	if err != nil {
		return err
	}
	fig, err := build()
	if err != nil {
		return err
	}
	if err := o.save(fig, format); err != nil {
		return err
	}
	fmt.Fprintf(out, "wrote %s\n", o.output)
	return nil
}

func (o *figOptions) save(fig *figure.Figure, format string) error {
	var buf bytes.Buffer
	if err := fig.Write(&buf, format, figure.Page{Width: o.width, Height: o.height, DPI: o.dpi}); err != nil {
		return err
	}
	if err := writeFileAtomic(o.output, buf.Bytes()); err != nil {
		return failError{fmt.Sprintf("-o/--output: %v", err)}
	}
	// writeFileAtomic's temporary file is private (0600); a figure is not.
	os.Chmod(o.output, 0o644)
	return nil
}
