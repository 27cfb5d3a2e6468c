package figure

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// pageLayout lays a figure out on a PNG canvas of the page's size, as
// WritePNG does.
func pageLayout(f *Figure, p Page) layout {
	p, _ = p.withDefaults()
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(p.Width)*vg.Inch, vg.Length(p.Height)*vg.Inch), vgimg.UseDPI(p.DPI))
	return f.layout(draw.New(c))
}

// pixel converts a page point to PNG pixel coordinates (y down).
func pixel(pt vg.Point, p Page) image.Point {
	p, _ = p.withDefaults()
	hpx := int(p.Height*float64(p.DPI) + 0.5)
	return image.Point{X: int(float64(pt.X) / 72 * float64(p.DPI)), Y: hpx - 1 - int(float64(pt.Y)/72*float64(p.DPI))}
}

// dataPoint returns the page point of (μ, ν) on the figure's data canvas.
func dataPoint(f *Figure, l layout, mu, nu float64) vg.Point {
	trX, trY := f.Plot.Transforms(&l.data)
	return vg.Point{X: trX(mu), Y: trY(nu)}
}

func near(c color.Color, want color.RGBA, tol int) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { return math.Abs(float64(x>>8)-float64(y)) <= float64(tol) }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// TestFieldArrowDirections: each arrow points from x toward g(x) in page
// coordinates, computed here from the axes' scales (linear μ, log ν) and
// g evaluated independently with mapping.Evaluate; lengths are
// proportional to the page-space steps, the longest 0.9 grid cell.
func TestFieldArrowDirections(t *testing.T) {
	fig, arrows, err := field(FieldOptions{Map: mapping.Map{Omega: 0.3, Tau: 1.05}, Grid: 9,
		Window: Window{Mu: [2]float64{-1, 1}, Nu: [2]float64{0.05, 5}, LogNu: true}})
	if err != nil {
		t.Fatal(err)
	}
	l := pageLayout(fig, Page{})
	got, ok, factor := fieldArrows(fig.Plot, l.data, arrows.d)
	w, h := float64(l.data.Max.X-l.data.Min.X), float64(l.data.Max.Y-l.data.Min.Y)
	cell := math.Min(w, h) / 9
	f := mapping.StandardSELU
	mus := CellAxis{Lo: -1, Hi: 1, N: 9}.Points()
	nus := CellAxis{Lo: 0.05, Hi: 5, N: 9, Log: true}.Points()
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

// TestFieldSVG checks the drawn arrows in the SVG itself: one per
// grid point (plus the legend's), and their directions against g, with
// the data-to-page map read off the drawn Ω outline (corners (±0.1, 0.8),
// (±0.1, 1.5)).
func TestFieldSVG(t *testing.T) {
	const n = 11
	fig, err := Field(FieldOptions{Map: mapping.Map{Omega: 0.3}, Grid: n,
		Window: Window{Mu: [2]float64{-1, 1}, Nu: [2]float64{0.05, 5}, LogNu: true}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fig.WriteSVG(&buf, Page{}); err != nil {
		t.Fatal(err)
	}
	svg := buf.String()
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
	mus := CellAxis{Lo: -1, Hi: 1, N: n}.Points()
	nus := CellAxis{Lo: 0.05, Hi: 5, N: n, Log: true}.Points()
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
// what happens: a start that converges within MaxIter is coloured by its
// step count (viridis), one that does not is grey, and the Ω outline and
// the fixed point are where they belong.
func TestBasinPNG(t *testing.T) {
	page := Page{Width: 8, Height: 5, DPI: 100}
	fig, res, err := Basin(BasinOptions{Grid: 50, Tol: 1e-3, MaxIter: 25})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fig.WritePNG(&buf, page); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 500 {
		t.Fatalf("PNG is %v, want 800 × 500 pixels", b)
	}
	l := pageLayout(fig, page)
	// The range of counts of converged starts sets the colour scale.
	lo, hi := int32(1<<30), int32(0)
	for k, st := range res.Status {
		if st == fixedpoint.BasinConverged {
			lo, hi = min(lo, res.Iterations[k]), max(hi, res.Iterations[k])
		}
	}
	grad := Viridis(float64(lo), float64(hi))
	g := mapping.Map{F: mapping.StandardSELU, Omega: 0, Tau: 1}
	mus := CellAxis{Lo: -1, Hi: 1, N: 50}.Points()
	nus := CellAxis{Lo: 0.01, Hi: 4, N: 50}.Points()
	var sawConv, sawGrey bool
	for _, i := range []int{2, 10, 12, 20, 45} {
		for _, j := range []int{5, 40} {
			n, st, _ := fixedpoint.Classify(g, fixedpoint.Point{Mu: 0, Nu: 1}, fixedpoint.Point{Mu: mus[j], Nu: nus[i]}, &fixedpoint.BasinSettings{Tol: 1e-3, MaxIter: 25})
			want := basinColors[st]
			if st == fixedpoint.BasinConverged {
				want = grad.Color(float64(n))
				sawConv = true
			} else if st == fixedpoint.BasinNotConverged {
				sawGrey = true
			}
			px := pixel(dataPoint(fig, l, mus[j], nus[i]), page)
			if c := img.At(px.X, px.Y); !near(c, want, 6) {
				t.Errorf("start (%g, %g), %v in %d steps: pixel %v is %v, want %v", mus[j], nus[i], st, n, px, c, want)
			}
		}
	}
	if !sawConv || !sawGrey {
		t.Errorf("the test points should include both converged and not converged starts")
	}
	// Ω's left edge at μ = −0.1, halfway up.
	px := pixel(dataPoint(fig, l, -0.1, 1.15), page)
	if c := img.At(px.X, px.Y); !near(c, omegaColor, 40) {
		t.Errorf("Ω outline pixel %v is %v, want about %v", px, c, omegaColor)
	}
	// The fixed point's marker: black centre, white disc around it.
	px = pixel(dataPoint(fig, l, 0, 1), page)
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
	const n = 16
	fig, _, err := Basin(BasinOptions{Map: mapping.Map{Omega: 1}, Grid: n, MaxIter: 300,
		Window: Window{Mu: [2]float64{-2, 2}, Nu: [2]float64{0.1, 3}}})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fig.WriteSVG(&buf, Page{}); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
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
	mus := CellAxis{Lo: -2, Hi: 2, N: n}.Points()
	nus := CellAxis{Lo: 0.1, Hi: 3, N: n}.Points()
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
	fig, lines, err := normMap(NormMapOptions{Map: mapping.Map{Omega: 0.5}, Grid: n,
		Window: Window{Mu: [2]float64{-3, 3}, Nu: [2]float64{0.01, 5}}})
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
	page := Page{DPI: 100}
	var buf bytes.Buffer
	if err := fig.WritePNG(&buf, page); err != nil {
		t.Fatal(err)
	}
	img, _ := png.Decode(&buf)
	l := pageLayout(fig, page)
	px := pixel(dataPoint(fig, l, 1, want), page)
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
	if c := img.At(pixel(dataPoint(fig, l, -2.5, 4), page).X, pixel(dataPoint(fig, l, -2.5, 4), page).Y); !bluish(c) {
		t.Errorf("(−2.5, 4) should be blue (norm %g): %v", norm(4), c)
	}
	if p := pixel(dataPoint(fig, l, -0.5, 0.05), page); !reddish(img.At(p.X, p.Y)) {
		t.Errorf("(−0.5, 0.05) should be red: %v", img.At(p.X, p.Y))
	}
}

func bluish(c color.Color) bool  { r, _, b, _ := c.RGBA(); return b > r+0x1000 }
func reddish(c color.Color) bool { r, _, b, _ := c.RGBA(); return r > b+0x1000 }

// TestNormmapContourOmega0: at ω = 0 the norm depends on ν only; the
// contour is the horizontal line at the ν where it is 1.
func TestNormmapContourOmega0(t *testing.T) {
	_, lines, err := normMap(NormMapOptions{Grid: 40})
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
	ax := CellAxis{Lo: -2, Hi: 2, N: 81}
	xs := ax.Points()
	v := make([]float64, 81*81)
	valid := make([]bool, len(v))
	for i, y := range xs {
		for j, x := range xs {
			v[i*81+j] = x*x + y*y
			valid[i*81+j] = true
		}
	}
	lines := ContourLines(v, valid, ax, ax, 1)
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
	a, b := ContourLines(v, valid, ax, ax, 1), ContourLines(v, valid, ax, ax, 1)
	if len(a) != 1 || a[0][0] == a[0][len(a[0])-1] || len(a) != len(b) || len(a[0]) != len(b[0]) {
		t.Errorf("with a hole: %d lines", len(a))
	}
}

func TestNiceTicks(t *testing.T) {
	var labels []string
	for _, tk := range (NiceTicks{}).Ticks(-0.4, 0.4) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if strings.Join(labels, " ") != "-0.4 -0.3 -0.2 -0.1 0.0 0.1 0.2 0.3 0.4" {
		t.Errorf("labels %v", labels)
	}
}

// TestCellAxis: cell centres, linear and log, and bad axes.
func TestCellAxis(t *testing.T) {
	got := CellAxis{Lo: -1, Hi: 1, N: 4}.Points()
	if want := []float64{-0.75, -0.25, 0.25, 0.75}; !slices.Equal(got, want) {
		t.Errorf("linear centres %v, want %v", got, want)
	}
	// Log centres of [0.01, 100] in 4 cells: 10^(−2 + (k + ½)) .
	got = CellAxis{Lo: 0.01, Hi: 100, N: 4, Log: true}.Points()
	for k, v := range got {
		want := math.Pow(10, -1.5+float64(k))
		if math.Abs(v-want) > 1e-14*want {
			t.Errorf("log centre %d = %.17g, want %.17g", k, v, want)
		}
	}
	for _, a := range []CellAxis{{Lo: 1, Hi: 1, N: 3}, {Lo: 0, Hi: 1, N: 3, Log: true}, {Lo: 0, Hi: 1, N: 0}, {Lo: math.NaN(), Hi: 1, N: 2}} {
		if a.Validate() == nil {
			t.Errorf("%+v: no error", a)
		}
	}
	if err := (CellAxis{Lo: 0.01, Hi: 4, N: 400, Log: true}).Validate(); err != nil {
		t.Error(err)
	}
}

// TestFiguresDeterministic: the same options give the same bytes, PNG and
// SVG, and no NaN or Inf reaches an SVG.
func TestFiguresDeterministic(t *testing.T) {
	log := func(mu, nu [2]float64) Window { return Window{Mu: mu, Nu: nu, LogNu: true} }
	for name, build := range map[string]func() (*Figure, error){
		"field norm": func() (*Figure, error) {
			return Field(FieldOptions{Grid: 7, From: []fixedpoint.Point{{Mu: 0.3, Nu: 1.5}}, Background: NormBackground})
		},
		"field step": func() (*Figure, error) {
			return Field(FieldOptions{Grid: 5, Background: StepBackground, Map: mapping.Map{Omega: 2}, Window: log([2]float64{-5, 5}, [2]float64{0.01, 100})})
		},
		"basin": func() (*Figure, error) {
			f, _, err := Basin(BasinOptions{Grid: 40, Map: mapping.Map{Omega: 0.5}})
			return f, err
		},
		"normmap 𝒥": func() (*Figure, error) {
			return NormMap(NormMapOptions{Grid: 40, Of: jacobian.SecondMoment, Window: Window{LogNu: true}})
		},
		"cobweb": func() (*Figure, error) {
			return Cobweb(CobwebOptions{From: []float64{16, 0.02}, Map: mapping.Map{Tau: 1.1}})
		},
		"cobweb linear": func() (*Figure, error) {
			return Cobweb(CobwebOptions{Linear: true, Nu: [2]float64{0.5, 3}, From: []float64{2.5}, Map: mapping.Map{Omega: 0.5}, Mu: 1})
		},
		"cmap": func() (*Figure, error) {
			return CMap(CMapOptions{From: []float64{0.9, -0.8}, Map: mapping.Map{Tau: 0.9}, Grid: 100})
		},
		"cmap uncentred": func() (*Figure, error) {
			return CMap(CMapOptions{Uncentred: true, C: [2]float64{0.9, 1}, From: []float64{0.95}, Map: mapping.Map{Omega: 0.5}, At: &fixedpoint.Point{Mu: 1, Nu: 2}})
		},
		"phase": func() (*Figure, error) { return Phase(PhaseOptions{Grid: 30}) },
		"phase αλ at (0, 1)": func() (*Figure, error) {
			return Phase(PhaseOptions{Grid: 20, Plane: AlphaLambda, At: &fixedpoint.Point{Mu: 0, Nu: 1}, Map: mapping.Map{Omega: 0.1, Tau: 1.1}})
		},
		"normmap wide": func() (*Figure, error) {
			return NormMap(NormMapOptions{Grid: 30, Map: mapping.Map{Omega: 1}, Window: log([2]float64{-1e5, 1e5}, [2]float64{1e-6, 1e6})})
		},
	} {
		for _, format := range []string{"png", "svg"} {
			var out [2][]byte
			for k := range out {
				f, err := build()
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				var buf bytes.Buffer
				if err := f.Write(&buf, format, Page{Width: 8, Height: 5, DPI: 60}); err != nil {
					t.Fatalf("%s %s: %v", name, format, err)
				}
				out[k] = buf.Bytes()
			}
			if !bytes.Equal(out[0], out[1]) {
				t.Errorf("%s %s: two runs differ", name, format)
			}
			if format == "svg" && (bytes.Contains(out[0], []byte("NaN")) || bytes.Contains(out[0], []byte("Inf"))) {
				t.Errorf("%s: NaN or Inf in the SVG", name)
			}
			if format == "png" {
				if _, err := png.Decode(bytes.NewReader(out[0])); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
}

// TestBadOptions: options that cannot be drawn are errors, not panics or
// empty pictures.
func TestBadOptions(t *testing.T) {
	for name, err := range map[string]error{
		"ν ≤ 0":   func() error { _, err := Field(FieldOptions{Window: Window{Nu: [2]float64{-1, 2}}}); return err }(),
		"empty μ": func() error { _, err := NormMap(NormMapOptions{Window: Window{Mu: [2]float64{1, 1}}}); return err }(),
		"NaN μ": func() error {
			_, err := NormMap(NormMapOptions{Window: Window{Mu: [2]float64{0, math.NaN()}}})
			return err
		}(),
		"grid":  func() error { _, err := NormMap(NormMapOptions{Grid: -3}); return err }(),
		"τ < 0": func() error { _, err := Field(FieldOptions{Map: mapping.Map{Tau: -1}}); return err }(),
		"α < 0": func() error {
			_, err := Field(FieldOptions{Map: mapping.Map{F: mapping.SELU{Alpha: -1, Lambda: 1}}})
			return err
		}(),
		"start":      func() error { _, err := Field(FieldOptions{From: []fixedpoint.Point{{Mu: 0, Nu: -1}}}); return err }(),
		"background": func() error { _, err := Field(FieldOptions{Background: 9}); return err }(),
		"Jacobian":   func() error { _, err := NormMap(NormMapOptions{Of: 7}); return err }(),
		"tolerance":  func() error { _, _, err := Basin(BasinOptions{Tol: 2}); return err }(),
		"net input": func() error {
			_, err := NormMap(NormMapOptions{Window: Window{Nu: [2]float64{1e-200, 1}, LogNu: true}, Map: mapping.Map{Tau: 1e-200}})
			return err
		}(),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	_, _, err := Basin(BasinOptions{Grid: 10, Map: mapping.Map{Tau: 0.01}})
	if !errors.Is(err, ErrNoFixedPoint) {
		t.Errorf("τ = 0.01: %v, want ErrNoFixedPoint", err)
	}
	f, err := NormMap(NormMapOptions{Grid: 5})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Write(io.Discard, "pdf", Page{}); !errors.Is(err, ErrFormat) {
		t.Errorf("pdf: %v", err)
	}
	if err := f.WritePNG(io.Discard, Page{Width: 200}); err == nil {
		t.Error("a PNG 20000 pixels wide accepted")
	}
	if err := f.WriteSVG(io.Discard, Page{Width: -1}); err == nil {
		t.Error("a negative width accepted")
	}
}

// TestTitles: titles and legends name the map from the activation value, as
// the command line's flags describe it.
func TestTitles(t *testing.T) {
	for _, c := range []struct {
		g    mapping.Map
		want string
	}{
		{mapping.Map{}, "ω = 0, τ = 1, SELU with α01, λ01"},
		{mapping.Map{F: mapping.SELU{Alpha: 1.5, Lambda: 1.1}, Omega: 0.1, Tau: 0.95}, "ω = 0.1, τ = 0.95, SELU with α = 1.5, λ = 1.1"},
		{mapping.Map{F: mapping.ELU{Alpha: 1}}, "ω = 0, τ = 1, ELU with α = 1"},
		{mapping.Map{F: mapping.Tanh{}}, "ω = 0, τ = 1, tanh"},
	} {
		f, err := NormMap(NormMapOptions{Map: c.g, Grid: 4})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(f.Title, "\n"+c.want) {
			t.Errorf("title %q, want it to end with %q", f.Title, c.want)
		}
	}
	f, _ := Field(FieldOptions{Grid: 3})
	if !strings.Contains(f.Title, "(the paper's Figure 2)") {
		t.Errorf("title %q", f.Title)
	}
	f, _ = Field(FieldOptions{Grid: 3, Map: mapping.Map{Tau: 1.2}})
	if strings.Contains(f.Title, "Figure 2") {
		t.Errorf("τ = 1.2: title %q", f.Title)
	}
}

// TestDefaultFontKept: drawing does not change gonum's default font.
func TestDefaultFontKept(t *testing.T) {
	before := plot.DefaultFont
	f, _ := NormMap(NormMapOptions{Grid: 4})
	f.WriteSVG(io.Discard, Page{})
	if plot.DefaultFont != before {
		t.Errorf("plot.DefaultFont changed to %v", plot.DefaultFont)
	}
}

func benchFigure(b *testing.B, build func() (*Figure, error), format string) {
	for b.Loop() {
		f, err := build()
		if err != nil {
			b.Fatal(err)
		}
		if err := f.Write(io.Discard, format, Page{}); err != nil {
			b.Fatal(err)
		}
	}
}

func field0() (*Figure, error)   { return Field(FieldOptions{}) }
func normMap0() (*Figure, error) { return NormMap(NormMapOptions{}) }
func basin0() (*Figure, error) {
	f, _, err := Basin(BasinOptions{})
	return f, err
}

func cmap0() (*Figure, error)  { return CMap(CMapOptions{}) }
func phase0() (*Figure, error) { return Phase(PhaseOptions{}) }

// The benchmarks draw each figure with its defaults (the command line's).
func BenchmarkFieldPNG(b *testing.B)   { benchFigure(b, field0, "png") }
func BenchmarkFieldSVG(b *testing.B)   { benchFigure(b, field0, "svg") }
func BenchmarkBasinPNG(b *testing.B)   { benchFigure(b, basin0, "png") }
func BenchmarkBasinSVG(b *testing.B)   { benchFigure(b, basin0, "svg") }
func BenchmarkNormmapPNG(b *testing.B) { benchFigure(b, normMap0, "png") }
func BenchmarkNormmapSVG(b *testing.B) { benchFigure(b, normMap0, "svg") }
func BenchmarkCMapPNG(b *testing.B)    { benchFigure(b, cmap0, "png") }
func BenchmarkCMapSVG(b *testing.B)    { benchFigure(b, cmap0, "svg") }
func BenchmarkPhasePNG(b *testing.B)   { benchFigure(b, phase0, "png") }
func BenchmarkPhaseSVG(b *testing.B)   { benchFigure(b, phase0, "svg") }

// TestFieldOrbitWithoutFixedPoint: an orbit asked for where g has no fixed
// point with ν > 0 (τ = 3, τ = 0.01, ReLU) is drawn for its steps, and one
// that cannot start is named in the legend; neither panics.
func TestFieldOrbitWithoutFixedPoint(t *testing.T) {
	for _, g := range []mapping.Map{{Tau: 3}, {Tau: 0.01}, {F: mapping.ReLU{}, Tau: 1}} {
		fig, err := Field(FieldOptions{Map: g, From: []fixedpoint.Point{{Mu: 0, Nu: 1}, {Mu: 1e5, Nu: 1e5}}, OrbitSteps: 1})
		if err != nil {
			t.Fatalf("%+v: %v", g, err)
		}
		var buf bytes.Buffer
		if err := fig.WriteSVG(&buf, Page{}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "no fixed point to reach") {
			t.Errorf("%+v: the legend does not say that there is no fixed point", g)
		}
	}
}

// TestBuildingBlocksContract: the building blocks' edge cases found by an
// adversarial trial: a nil valid slice means all valid, a one-value colour
// range gives its middle colour, ticks of a range wider than MaxFloat64,
// orbit steps and pages out of range are errors.
func TestBuildingBlocksContract(t *testing.T) {
	if _, bad := HeatImage([]float64{0, 1, 2, 3}, nil, 2, 2, Viridis(0, 3)); bad != 0 {
		t.Errorf("nil valid: %d invalid cells", bad)
	}
	if c := Viridis(1, 1).Color(1); c == (color.RGBA{A: 255}) {
		t.Errorf("one-value range gives black")
	}
	if ts := (NiceTicks{}).Ticks(-1e308, 1e308); len(ts) == 0 {
		t.Error("no ticks on [-1e308, 1e308]")
	}
	if _, err := Field(FieldOptions{OrbitSteps: 1 << 40, From: []fixedpoint.Point{{Mu: 0, Nu: 1}}}); err == nil {
		t.Error("2^40 orbit steps accepted")
	}
	fig, err := Field(FieldOptions{Grid: 3})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := fig.WritePNG(&buf, Page{Width: 0.001, Height: 1, DPI: 100}); err == nil {
		t.Error("a 0.001-inch page accepted")
	}
}
