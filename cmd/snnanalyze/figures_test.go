package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

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

// pageLayout lays a figure out on a PNG canvas of the options' size, as
// render does.
func pageLayout(f *figure, o *figOptions) layout {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(o.width)*vg.Inch, vg.Length(o.height)*vg.Inch), vgimg.UseDPI(o.dpi))
	return f.layout(draw.New(c))
}

// pixel converts a page point to PNG pixel coordinates (y down).
func pixel(pt vg.Point, o *figOptions) image.Point {
	hpx := int(o.height*float64(o.dpi) + 0.5)
	return image.Point{X: int(float64(pt.X) / 72 * float64(o.dpi)), Y: hpx - 1 - int(float64(pt.Y)/72*float64(o.dpi))}
}

// dataPoint returns the page point of (μ, ν) on the figure's data canvas.
func dataPoint(f *figure, l layout, mu, nu float64) vg.Point {
	trX, trY := f.plot.Transforms(&l.data)
	return vg.Point{X: trX(mu), Y: trY(nu)}
}

func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { return math.Abs(float64(x>>8)-float64(y)) <= float64(tol) }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
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
	for _, name := range []string{"field", "basin", "normmap"} {
		code, out, _ := runCLI("help", name)
		if code != 0 || !strings.Contains(out, "Examples:\n  snnanalyze "+name+" -o ") || !strings.Contains(out, "--width") || len(out) < 1500 {
			t.Errorf("help %s (exit %d):\n%s", name, code, out)
		}
	}
	code, out, _ := runCLI("help")
	if code != 0 || !strings.Contains(out, "basin") || !strings.Contains(out, "normmap") || !strings.Contains(out, "field") {
		t.Errorf("overview lacks the figure commands:\n%s", out)
	}
}

// TestFieldArrowDirections: each arrow points from x toward g(x) in page
// coordinates, computed here from the axes' scales (linear μ, log ν) and
// g evaluated independently with mapping.Evaluate; lengths are
// proportional to the page-space steps, the longest 0.9 grid cell.
func TestFieldArrowDirections(t *testing.T) {
	o := parseOpts(t, newFieldOptions, "-o", "x.png", "--grid", "9", "--omega", "0.3", "--tau", "1.05",
		"--mu-range", "-1:1", "--nu-range", "0.05:5", "--log-nu")
	fig, arrows, err := fieldFigure(o)
	if err != nil {
		t.Fatal(err)
	}
	l := pageLayout(fig, &o.figOptions)
	got, ok, factor := fieldArrows(fig.plot, l.data, arrows.d)
	w, h := float64(l.data.Max.X-l.data.Min.X), float64(l.data.Max.Y-l.data.Min.Y)
	cell := math.Min(w, h) / 9
	f := mapping.StandardSELU
	mus := fixedpoint.CellAxis{Lo: -1, Hi: 1, N: 9}.Points()
	nus := fixedpoint.CellAxis{Lo: 0.05, Hi: 5, N: 9, Log: true}.Points()
	longest := 0.0
	for i, nu := range nus {
		for j, mu := range mus {
			k := i*9 + j
			e, err := mapping.Evaluate(f, mu, nu, 0.3, 1.05, mapping.Quadrature)
			if err != nil || !ok[k] {
				t.Fatalf("cell %d: %v %v", k, err, ok[k])
			}
			// The step on the page: μ scaled by the width over the μ range,
			// log ν by the height over the log range.
			dx := (e.Mean - mu) / 2 * w
			dy := math.Log(e.Var/nu) / math.Log(100) * h
			a := got[k]
			ax, ay := float64(a.tip.X-a.tail.X), float64(a.tip.Y-a.tail.Y)
			if math.Abs(float64(a.tail.X)-(float64(l.data.Min.X)+(mu+1)/2*w)) > 1e-9 {
				t.Errorf("cell %d: tail x %v", k, a.tail.X)
			}
			if dAng := math.Remainder(math.Atan2(ay, ax)-math.Atan2(dy, dx), 2*math.Pi); math.Abs(dAng) > 1e-7 {
				t.Errorf("cell (%d, %d): arrow angle off by %g rad", i, j, dAng)
			}
			if r := math.Hypot(ax, ay) / math.Hypot(dx, dy); math.Abs(r-factor) > 1e-7*factor {
				t.Errorf("cell (%d, %d): length ratio %g, want the common factor %g", i, j, r, factor)
			}
			longest = math.Max(longest, math.Hypot(ax, ay))
		}
	}
	if math.Abs(longest-0.9*cell) > 1e-9*cell {
		t.Errorf("longest arrow %g, want 0.9 cell = %g", longest, 0.9*cell)
	}
	// The axes' scales differ a lot here: the page angle differs from the
	// data-space angle for most arrows, so the check above has teeth.
}

// svgPaths returns the coordinates of the SVG paths stroked in a colour.
func svgPaths(svg, hex string) [][]float64 {
	re := regexp.MustCompile(`<path d="([^"]*)" style="fill:none;stroke:` + hex + `;`)
	num := regexp.MustCompile(`-?[0-9.]+(e-?[0-9]+)?`)
	var out [][]float64
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		var xs []float64
		for _, s := range num.FindAllString(m[1], -1) {
			v, _ := strconv.ParseFloat(s, 64)
			xs = append(xs, v)
		}
		out = append(out, xs)
	}
	return out
}

// TestFieldSVG checks the drawn arrows in the SVG file itself: one per
// grid point (plus the legend's), and their directions against g, with
// the data-to-page map read off the drawn Ω outline (corners (±0.1, 0.8),
// (±0.1, 1.5)).
func TestFieldSVG(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "field.svg")
	const n = 11
	code, out, errw := runCLI("field", "-o", file, "--grid", strconv.Itoa(n), "--omega", "0.3", "--mu-range", "-1:1", "--nu-range", "0.05:5", "--log-nu")
	if code != 0 || !strings.Contains(out, file) {
		t.Fatalf("exit %d: %s", code, errw)
	}
	data, _ := os.ReadFile(file)
	svg := string(data)
	if strings.Contains(svg, "NaN") || strings.Contains(svg, "Inf") {
		t.Error("NaN or Inf in the SVG")
	}
	arrows := svgPaths(svg, "#1B2A49")
	if len(arrows) != n*n+1 {
		t.Fatalf("%d arrows drawn, want %d (grid) + 1 (legend)", len(arrows), n*n)
	}
	omega := svgPaths(svg, "#E7298A")
	if len(omega) < 1 || len(omega[0]) != 10 {
		t.Fatalf("Ω outline not found: %v", omega)
	}
	// Ω's corners: (−0.1, 0.8), (0.1, 0.8), (0.1, 1.5), (−0.1, 1.5).
	o := omega[0]
	xA := (o[2] - o[0]) / 0.2               // page x per unit of μ
	xB := o[0] + 0.1*xA                     // page x of μ = 0
	yA := (o[5] - o[3]) / math.Log(1.5/0.8) // page y per unit of log ν
	yB := o[3] - math.Log(0.8)*yA           // page y of ν = 1
	page := func(mu, nu float64) (float64, float64) { return xA*mu + xB, yA*math.Log(nu) + yB }
	mus := fixedpoint.CellAxis{Lo: -1, Hi: 1, N: n}.Points()
	nus := fixedpoint.CellAxis{Lo: 0.05, Hi: 5, N: n, Log: true}.Points()
	checked := 0
	for i, nu := range nus {
		for j, mu := range mus {
			a := arrows[i*n+j] // drawn in grid order
			px, py := page(mu, nu)
			if math.Abs(a[0]-px) > 0.05 || math.Abs(a[1]-py) > 0.05 {
				t.Fatalf("arrow (%d, %d) starts at (%g, %g), want (%g, %g)", i, j, a[0], a[1], px, py)
			}
			if math.Hypot(a[2]-a[0], a[3]-a[1]) < 5 {
				continue // too short for the SVG's 5 digits to fix the angle
			}
			e, _ := mapping.Evaluate(mapping.StandardSELU, mu, nu, 0.3, 1, mapping.Quadrature)
			qx, qy := page(e.Mean, e.Var)
			dAng := math.Remainder(math.Atan2(a[3]-a[1], a[2]-a[0])-math.Atan2(qy-py, qx-px), 2*math.Pi)
			if math.Abs(dAng) > 0.01 {
				t.Errorf("arrow (%d, %d): direction off by %g rad", i, j, dAng)
			}
			checked++
		}
	}
	if checked < n*n/2 {
		t.Errorf("only %d arrows long enough to check", checked)
	}
}

// TestBasinPNG decodes the PNG and checks colours where the library says
// what happens: a start that converges within --max-iter is coloured by its
// step count (viridis), one that does not is grey, and the Ω outline and
// the fixed point are where they belong.
func TestBasinPNG(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "basin.png")
	args := []string{"-o", file, "--grid", "50", "--tol", "1e-3", "--max-iter", "25", "--width", "8", "--height", "5", "--dpi", "100"}
	code, _, errw := runCLI(append([]string{"basin"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	data, _ := os.ReadFile(file)
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 500 {
		t.Fatalf("PNG is %v, want 800 × 500 pixels", b)
	}
	o := parseOpts(t, newBasinOptions, args...)
	fig, res, err := basinFigure(o, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := pageLayout(fig, &o.figOptions)
	// The range of counts of converged starts sets the colour scale.
	lo, hi := int32(1<<30), int32(0)
	for k, st := range res.Status {
		if st == fixedpoint.BasinConverged {
			lo, hi = min(lo, res.Iterations[k]), max(hi, res.Iterations[k])
		}
	}
	grad := viridis(float64(lo), float64(hi))
	g := mapping.Map{F: mapping.StandardSELU, Omega: 0, Tau: 1}
	mus := fixedpoint.CellAxis{Lo: -1, Hi: 1, N: 50}.Points()
	nus := fixedpoint.CellAxis{Lo: 0.01, Hi: 4, N: 50}.Points()
	var sawConv, sawGrey bool
	for _, i := range []int{2, 10, 12, 20, 45} {
		for _, j := range []int{5, 40} {
			n, st, _ := fixedpoint.Classify(g, fixedpoint.Point{Mu: 0, Nu: 1}, fixedpoint.Point{Mu: mus[j], Nu: nus[i]}, &fixedpoint.BasinSettings{Tol: 1e-3, MaxIter: 25})
			want := basinColors[st]
			if st == fixedpoint.BasinConverged {
				want = grad.color(float64(n))
				sawConv = true
			} else if st == fixedpoint.BasinNotConverged {
				sawGrey = true
			}
			px := pixel(dataPoint(fig, l, mus[j], nus[i]), &o.figOptions)
			if c := img.At(px.X, px.Y); !near(c, want, 6) {
				t.Errorf("start (%g, %g), %v in %d steps: pixel %v is %v, want %v", mus[j], nus[i], st, n, px, c, want)
			}
		}
	}
	if !sawConv || !sawGrey {
		t.Errorf("the test points should include both converged and not converged starts")
	}
	// Ω's left edge at μ = −0.1, halfway up.
	px := pixel(dataPoint(fig, l, -0.1, 1.15), &o.figOptions)
	if c := img.At(px.X, px.Y); !near(c, omegaColor, 40) {
		t.Errorf("Ω outline pixel %v is %v, want about %v", px, c, omegaColor)
	}
	// The fixed point's marker: black centre, white disc around it.
	px = pixel(dataPoint(fig, l, 0, 1), &o.figOptions)
	if c := img.At(px.X, px.Y); !near(c, color.RGBA{0, 0, 0, 255}, 60) {
		t.Errorf("fixed point centre %v is %v", px, c)
	}
	if c := img.At(px.X+4, px.Y); !near(c, color.RGBA{255, 255, 255, 255}, 30) {
		t.Errorf("fixed point disc %v is %v", px, c)
	}
}

// TestBasinSVGImage decodes the heat map embedded in the SVG: one pixel per
// start, row 0 at the top, coloured by what the library says of the start;
// the image is labelled PNG and stretched to the data area.
func TestBasinSVGImage(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "basin.svg")
	const n = 16
	code, _, errw := runCLI("basin", "-o", file, "--grid", strconv.Itoa(n), "--omega", "1", "--nu-range", "0.1:3", "--mu-range", "-2:2", "--max-iter", "300")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errw)
	}
	data, _ := os.ReadFile(file)
	m := regexp.MustCompile(`<image preserveAspectRatio="none"[^>]*xlink:href="data:image/png;base64,([^"]*)"`).FindAllSubmatch(data, -1)
	if len(m) != 2 || bytes.Contains(data, []byte("image/jpg")) {
		t.Fatalf("%d PNG images (heat map and colour bar expected)", len(m))
	}
	raw, err := base64.StdEncoding.DecodeString(string(m[0][1]))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || img.Bounds().Dx() != n || img.Bounds().Dy() != n {
		t.Fatalf("heat map %v, %v", img.Bounds(), err)
	}
	// ω = τ = 1: (0, 1) is an unstable fixed point; negative means collapse,
	// positive ones diverge (TestBasinStatuses in package fixedpoint).
	g := mapping.Map{F: mapping.StandardSELU, Omega: 1, Tau: 1}
	fp, _ := fixedpoint.Find(g.F, 1, 1, nil)
	mus := fixedpoint.CellAxis{Lo: -2, Hi: 2, N: n}.Points()
	nus := fixedpoint.CellAxis{Lo: 0.1, Hi: 3, N: n}.Points()
	seen := map[fixedpoint.BasinStatus]bool{}
	for i := 0; i < n; i += 5 {
		for j := 0; j < n; j += 3 {
			_, st, _ := fixedpoint.Classify(g, fp.Point, fixedpoint.Point{Mu: mus[j], Nu: nus[i]}, &fixedpoint.BasinSettings{MaxIter: 300})
			seen[st] = true
			if st == fixedpoint.BasinConverged {
				continue
			}
			if c := img.At(j, n-1-i); !near(c, basinColors[st], 0) {
				t.Errorf("start (%g, %g) %v: pixel %v, want %v", mus[j], nus[i], st, c, basinColors[st])
			}
		}
	}
	if !seen[fixedpoint.BasinDiverged] || !seen[fixedpoint.BasinCollapsed] {
		t.Errorf("statuses seen: %v", seen)
	}
}

// TestNormmapContour: along μ = 1 at ω = 0.5 the norm of ℋ crosses 1 at a
// ν found here by bisection with jacobian.At; the drawn contour passes
// within a grid cell of it, and the PNG is dark there.
func TestNormmapContour(t *testing.T) {
	const n = 120
	args := []string{"--grid", strconv.Itoa(n), "--omega", "0.5", "--mu-range", "-3:3", "--nu-range", "0.01:5", "--dpi", "100"}
	o := parseOpts(t, newNormmapOptions, append([]string{"-o", "x.png"}, args...)...)
	fig, lines, err := normmapFigure(o)
	if err != nil {
		t.Fatal(err)
	}
	norm := func(nu float64) float64 {
		r, err := jacobian.At(mapping.StandardSELU, 1, nu, 0.5, 1, jacobian.Variance, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r.Norm
	}
	a, b := 0.05, 5.0
	if !(norm(a) > 1 && norm(b) < 1) {
		t.Fatalf("no sign change: %g, %g", norm(a), norm(b))
	}
	for b-a > 1e-12 {
		if m := (a + b) / 2; norm(m) > 1 {
			a = m
		} else {
			b = m
		}
	}
	want := (a + b) / 2
	var crossings []float64
	for _, line := range lines {
		for k := 0; k+1 < len(line); k++ {
			p, q := line[k], line[k+1]
			if (p.Mu-1)*(q.Mu-1) <= 0 && p.Mu != q.Mu {
				crossings = append(crossings, p.Nu+(1-p.Mu)/(q.Mu-p.Mu)*(q.Nu-p.Nu))
			}
		}
	}
	cell := 4.99 / n
	found := false
	for _, c := range crossings {
		if math.Abs(c-want) <= cell {
			found = true
		}
	}
	if !found {
		t.Errorf("norm = 1 at (1, %.6f) by bisection; contour crosses μ = 1 at %v (cell %g)", want, crossings, cell)
	}
	// In the image: the 2.2 pt black line at (1, want).
	dir := t.TempDir()
	file := filepath.Join(dir, "n.png")
	if code, _, errw := runCLI(append([]string{"normmap", "-o", file}, args...)...); code != 0 {
		t.Fatal(errw)
	}
	data, _ := os.ReadFile(file)
	img, _ := png.Decode(bytes.NewReader(data))
	l := pageLayout(fig, &o.figOptions)
	px := pixel(dataPoint(fig, l, 1, want), &o.figOptions)
	dark := false
	for dy := -1; dy <= 1; dy++ {
		if near(img.At(px.X, px.Y+dy), color.RGBA{0, 0, 0, 255}, 80) {
			dark = true
		}
	}
	if !dark {
		t.Errorf("no contour at pixel %v: %v", px, img.At(px.X, px.Y))
	}
	// Far from the contour: blue above (norm < 1), red below-right.
	if c := img.At(pixel(dataPoint(fig, l, -2.5, 4), &o.figOptions).X, pixel(dataPoint(fig, l, -2.5, 4), &o.figOptions).Y); !bluish(c) {
		t.Errorf("(−2.5, 4) should be blue (norm %g): %v", norm(4), c)
	}
	if p := pixel(dataPoint(fig, l, -0.5, 0.05), &o.figOptions); !reddish(img.At(p.X, p.Y)) {
		t.Errorf("(−0.5, 0.05) should be red: %v", img.At(p.X, p.Y))
	}
}

func bluish(c color.Color) bool  { r, _, b, _ := c.RGBA(); return b > r+0x1000 }
func reddish(c color.Color) bool { r, _, b, _ := c.RGBA(); return r > b+0x1000 }

// TestNormmapContourOmega0: at ω = 0 the norm depends on ν only; the
// contour is the horizontal line at the ν where it is 1.
func TestNormmapContourOmega0(t *testing.T) {
	o := parseOpts(t, newNormmapOptions, "-o", "x.svg", "--grid", "40")
	_, lines, err := normmapFigure(o)
	if err != nil {
		t.Fatal(err)
	}
	a, b := 0.05, 1.0
	for b-a > 1e-12 {
		m := (a + b) / 2
		r, _ := jacobian.At(mapping.StandardSELU, 0, m, 0, 1, jacobian.Variance, nil)
		if r.Norm > 1 {
			a = m
		} else {
			b = m
		}
	}
	if len(lines) != 1 || len(lines[0]) != 40 {
		t.Fatalf("%d lines", len(lines))
	}
	for _, p := range lines[0] {
		if math.Abs(p.Nu-a) > 3.99/40 {
			t.Errorf("contour point %v, want ν = %g", p, a)
		}
	}
}

// TestContourLines: the level set of x² + y² is a closed circle.
func TestContourLines(t *testing.T) {
	ax := fixedpoint.CellAxis{Lo: -2, Hi: 2, N: 81}
	xs := ax.Points()
	v := make([]float64, 81*81)
	valid := make([]bool, len(v))
	for i, y := range xs {
		for j, x := range xs {
			v[i*81+j] = x*x + y*y
			valid[i*81+j] = true
		}
	}
	lines := contourLines(v, valid, ax, ax, 1)
	if len(lines) != 1 {
		t.Fatalf("%d lines, want 1", len(lines))
	}
	l := lines[0]
	if l[0] != l[len(l)-1] || len(l) < 50 {
		t.Errorf("not a closed loop: %d points, %v … %v", len(l), l[0], l[len(l)-1])
	}
	for _, p := range l {
		if r := math.Hypot(p.Mu, p.Nu); math.Abs(r-1) > 0.01 {
			t.Errorf("point %v at radius %g", p, r)
		}
	}
	// Invalid cells break the line; the result is the same every time.
	valid[40*81+60] = false
	a, b := contourLines(v, valid, ax, ax, 1), contourLines(v, valid, ax, ax, 1)
	if len(a) != 1 || a[0][0] == a[0][len(a[0])-1] || len(a) != len(b) || len(a[0]) != len(b[0]) {
		t.Errorf("with a hole: %d lines", len(a))
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

func TestNiceTicks(t *testing.T) {
	var labels []string
	for _, tk := range (niceTicks{}).Ticks(-0.4, 0.4) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if strings.Join(labels, " ") != "-0.4 -0.3 -0.2 -0.1 0.0 0.1 0.2 0.3 0.4" {
		t.Errorf("labels %v", labels)
	}
}

// benchFigure runs a figure command with its defaults.
func benchFigure(b *testing.B, name, ext string) {
	file := filepath.Join(b.TempDir(), name+ext)
	for b.Loop() {
		if code, _, errw := runCLI(name, "-o", file); code != 0 {
			b.Fatal(errw)
		}
	}
}

func BenchmarkFieldPNG(b *testing.B)   { benchFigure(b, "field", ".png") }
func BenchmarkFieldSVG(b *testing.B)   { benchFigure(b, "field", ".svg") }
func BenchmarkBasinPNG(b *testing.B)   { benchFigure(b, "basin", ".png") }
func BenchmarkBasinSVG(b *testing.B)   { benchFigure(b, "basin", ".svg") }
func BenchmarkNormmapPNG(b *testing.B) { benchFigure(b, "normmap", ".png") }
func BenchmarkNormmapSVG(b *testing.B) { benchFigure(b, "normmap", ".svg") }
