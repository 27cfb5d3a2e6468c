package main

// Shared machinery of the figure commands (field, basin, normmap): flags,
// output files, layout (plot, colour bar, legend, caption), colour maps,
// heat-map images and contours. The numbers come from the library
// (mapping.Map.Grid, fixedpoint.Basin, fixedpoint.NormGrid, fixedpoint.Orbit);
// this file only draws them.

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/spf13/pflag"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

func init() {
	commands = append(commands, fieldCommand, basinCommand, normmapCommand)
	// Sans-serif text reads better on slides than gonum's default serif.
	plot.DefaultFont.Variant = "Sans"
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
	fs.StringVarP(&o.output, "output", "o", "", "the figure's file: .png or .svg (required)")
	floatVar(fs, &o.width, "width", d.width, func(v float64) bool { return v >= 5 && v <= 50 }, "inches in [5, 50]", "width in inches")
	floatVar(fs, &o.height, "height", d.height, func(v float64) bool { return v >= 3 && v <= 50 }, "inches in [3, 50]", "height in inches")
	dpi := intFlag{p: &o.dpi, min: 20, max: 1200}
	o.dpi = 100
	fs.Var(&dpi, "dpi", "PNG resolution in pixels per inch (20 to 1200; the PNG is width·dpi × height·dpi pixels)")
	o.mu = windowFlag{axis: "mu", r: d.mu}
	o.nu = windowFlag{axis: "nu", r: d.nu}
	fs.Var(&o.mu, "mu-range", "the window's μ range A:B (x axis)")
	fs.Var(&o.nu, "nu-range", "the window's ν range A:B, 0 < A (y axis)")
	fs.BoolVar(&o.logNu, "log-nu", false, "log scale on the ν axis")
	floatVar(fs, &o.s.omega, "omega", 0, anyFinite, "a finite number", "weight sum ω = Σ wᵢ")
	floatVar(fs, &o.s.tau, "tau", 1, positive, "a finite number > 0", "weight square sum τ = Σ wᵢ²")
	o.s.defineActivation(fs)
}

// check validates the combination of flags before any work: the output
// path (folder exists and is writable, extension known), the image size and
// the window. It returns the output format ("png" or "svg").
func (o *figOptions) check() (string, error) {
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
	for _, mu := range o.mu.r {
		for _, nu := range o.nu.r {
			if _, _, err := mapping.Normal(mu, nu, o.s.omega, o.s.tau); err != nil {
				return "", usagef("--mu-range, --nu-range, --omega, --tau: the window's corner (%s, %s) gives a net input g cannot evaluate (need |mu*omega| <= 1e6 and nu*tau in [1e-300, 1e12])", fmtFloat(mu), fmtFloat(nu))
			}
		}
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
		return fmt.Sprintf("want A:B with 0 < A < B <= %g (ν is a variance)", float64(maxWindow))
	}
	return fmt.Sprintf("want A:B with -%g <= A < B <= %g", float64(maxWindow), float64(maxWindow))
}
func (f *windowFlag) Set(s string) error {
	parts := strings.Split(s, ":")
	if len(parts) != 2 {
		return fmt.Errorf("%s", f.want())
	}
	a, err1 := strconv.ParseFloat(strings.TrimSpace(parts[0]), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(parts[1]), 64)
	lo := -maxWindow
	if f.axis == "nu" {
		lo = 0
	}
	if err1 != nil || err2 != nil || !(a < b) || !(a >= lo) || !(b <= maxWindow) || f.axis == "nu" && !(a > 0) {
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

// axes returns the μ and ν axes of a grid with n cells per side over the
// window.
func (o *figOptions) axes(nMu, nNu int) (fixedpoint.CellAxis, fixedpoint.CellAxis) {
	return fixedpoint.CellAxis{Lo: o.mu.r[0], Hi: o.mu.r[1], N: nMu},
		fixedpoint.CellAxis{Lo: o.nu.r[0], Hi: o.nu.r[1], N: nNu, Log: o.logNu}
}

// mapOf returns g for the flags.
func (o *figOptions) mapOf() mapping.Map {
	f, _ := o.s.activationFunc() // checked by check
	return mapping.Map{F: f, Omega: o.s.omega, Tau: o.s.tau}
}

// paramLine describes ω, τ and the activation for titles.
func (o *figOptions) paramLine() string {
	s := fmt.Sprintf("ω = %s, τ = %s", fmtShort(o.s.omega), fmtShort(o.s.tau))
	switch o.s.activation {
	case "selu":
		if o.s.alpha == mapping.Alpha01 && o.s.lambda == mapping.Lambda01 {
			return s + ", SELU with α01, λ01"
		}
		return s + fmt.Sprintf(", SELU with α = %s, λ = %s", fmtShort(o.s.alpha), fmtShort(o.s.lambda))
	case "elu":
		return s + fmt.Sprintf(", ELU with α = %s", fmtShort(o.s.alpha))
	}
	return s + ", " + o.s.activation
}

// fmtShort formats a number with at most 6 significant digits.
func fmtShort(v float64) string {
	if math.Abs(v) < 1e-13 { // rounding noise of a zero (fixed points)
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// fixedPointOf finds the fixed point for the flags (ok false when there is
// none with ν > 0).
func (o *figOptions) fixedPointOf() (fixedpoint.Result, bool) {
	f, _ := o.s.activationFunc()
	r, err := fixedpoint.Find(f, o.s.omega, o.s.tau, nil)
	return r, err == nil
}

// ---- the figure and its layout ----

// Font sizes, chosen to stay readable on a slide.
const (
	titleSize   = 13
	labelSize   = 12
	tickSize    = 10.5
	legendSize  = 10.5
	captionSize = 9.5
)

// figure is a title, a plot with an optional colour bar and legend at its
// right, and a caption under it.
type figure struct {
	title   string // centred over the whole figure (may have several lines)
	yLabel  string // the y axis label, left of the plot
	plot    *plot.Plot
	bar     *colorBar // nil: none
	legend  plot.Legend
	caption []string // paragraphs, wrapped to the figure's width
}

// newPlot returns a plot styled for the figures, with the window as its
// exact data range (no padding, so that heat-map pixels fill the axes).
func newPlot(o *figOptions) *plot.Plot {
	p := plot.New()
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = labelSize
		a.Tick.Label.Font.Size = tickSize
		a.Padding = 0
	}
	p.X.Label.Text = "μ (mean of the inputs)"
	// The ν label is drawn by figure.draw: gonum reserves room for a
	// vertical label at the arithmetic centre of the axis range, which on a
	// log axis is far from the middle and shrinks the plot.
	p.X.Tick.Marker = niceTicks{}
	p.Y.Tick.Marker = niceTicks{}
	if o.logNu {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	p.X.Min, p.X.Max = o.mu.r[0], o.mu.r[1]
	p.Y.Min, p.Y.Max = o.nu.r[0], o.nu.r[1]
	return p
}

// yLabel is the ν axis label.
func yLabel(o *figOptions) string {
	if o.logNu {
		return "ν (variance of the inputs, log scale)"
	}
	return "ν (variance of the inputs)"
}

// fixRange sets the axes back to the window after plotters were added
// (gonum widens the range to the data).
func fixRange(p *plot.Plot, o *figOptions) {
	p.X.Min, p.X.Max = o.mu.r[0], o.mu.r[1]
	p.Y.Min, p.Y.Max = o.nu.r[0], o.nu.r[1]
}

func newLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font.Size = legendSize
	l.Top, l.Left = true, true
	l.ThumbnailWidth = vg.Points(22)
	l.Padding = vg.Points(4)
	return l
}

// layout splits the canvas: the main plot, the colour bar and legend column
// at its right, and the caption at the bottom.
type layout struct {
	main, bar, legend, caption draw.Canvas
	data                       draw.Canvas // the main plot's data area
	captionLines               []string    // the caption wrapped to the width
}

const (
	pad       = vg.Length(6)
	barColumn = vg.Inch * 1.15
)

func yLabelStyle() text.Style {
	return text.Style{
		Color: color.Black, Font: font.From(plot.DefaultFont, labelSize), Handler: plot.DefaultTextHandler,
		Rotation: math.Pi / 2, XAlign: draw.XCenter, YAlign: draw.YTop,
	}
}

func titleStyle() text.Style {
	return text.Style{
		Color: color.Black, Font: font.From(plot.DefaultFont, titleSize), Handler: plot.DefaultTextHandler,
		XAlign: draw.XCenter, YAlign: draw.YTop,
	}
}

func (f *figure) layout(c draw.Canvas) layout {
	var l layout
	if f.title != "" {
		c.Max.Y -= titleStyle().Rectangle(f.title).Size().Y + 2*pad
	}
	capStyle := captionStyle()
	lineH := capStyle.Rectangle("Mg").Size().Y * 1.15
	for _, para := range f.caption {
		l.captionLines = append(l.captionLines, wrapText(capStyle, para, c.Max.X-c.Min.X-4*pad)...)
	}
	capH := lineH*vg.Length(len(l.captionLines)) + 2*pad
	l.caption = c
	l.caption.Max.Y = c.Min.Y + capH
	body := c
	body.Min.Y += capH
	legW := vg.Length(0)
	if f.legend.Rectangle(body).Size().Y > 0 {
		legW = f.legend.Rectangle(body).Size().X + 5*pad
	}
	barW := vg.Length(0)
	if f.bar != nil {
		barW = barColumn
	}
	// The plot keeps at least half the width; a longer legend is clipped.
	legW = min(legW, (body.Max.X-body.Min.X)/2-barW)
	l.main = body
	l.main.Max.X -= legW + barW
	if f.yLabel != "" {
		l.main.Min.X += yLabelStyle().Rectangle(f.yLabel).Size().X + pad
	}
	l.data = f.plot.DataCanvas(l.main)
	l.bar = body
	l.bar.Min.X, l.bar.Max.X = l.main.Max.X, l.main.Max.X+barW
	l.bar.Min.Y, l.bar.Max.Y = l.data.Min.Y, l.data.Max.Y
	l.legend = body
	l.legend.Min.X = l.main.Max.X + barW + 2*pad
	l.legend.Max.Y = l.data.Max.Y
	return l
}

// wrapText breaks a paragraph into lines no wider than width.
func wrapText(sty text.Style, para string, width vg.Length) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(para) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if line != "" && sty.Rectangle(try).Size().X > width {
			lines = append(lines, line)
			try = w
		}
		line = try
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

func captionStyle() text.Style {
	return text.Style{
		Color:   color.Gray{Y: 40},
		Font:    font.From(plot.DefaultFont, captionSize),
		Handler: plot.DefaultTextHandler,
	}
}

func (f *figure) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	l := f.layout(c)
	if f.title != "" {
		c.FillText(titleStyle(), vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - pad}, f.title)
	}
	f.plot.Draw(l.main)
	if f.yLabel != "" {
		sty := yLabelStyle()
		c.FillText(sty, vg.Point{X: c.Min.X + pad, Y: (l.data.Min.Y + l.data.Max.Y) / 2}, f.yLabel)
	}
	if f.bar != nil {
		f.bar.draw(l.bar)
	}
	f.legend.Draw(l.legend)
	sty := captionStyle()
	lineH := sty.Rectangle("Mg").Size().Y * 1.15
	y := l.caption.Max.Y - pad - lineH
	for _, line := range l.captionLines {
		c.FillText(sty, vg.Point{X: c.Min.X + 2*pad, Y: y + lineH*0.25}, line)
		y -= lineH
	}
}

// render draws the figure in the format ("png" or "svg").
func (f *figure) render(format string, width, height float64, dpi int) ([]byte, error) {
	w, h := vg.Length(width)*vg.Inch, vg.Length(height)*vg.Inch
	var buf bytes.Buffer
	switch format {
	case "png":
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
		f.draw(draw.New(c))
		if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
			return nil, err
		}
	case "svg":
		c := vgsvg.New(w, h)
		f.draw(draw.New(c))
		if _, err := c.WriteTo(&buf); err != nil {
			return nil, err
		}
		return fixSVG(buf.Bytes()), nil
	default:
		return nil, usagef("-o/--output: unknown format %q (accepted: png, svg)", format)
	}
	return buf.Bytes(), nil
}

// fixSVG repairs three details of gonum's SVG output: embedded images are
// PNG but labelled image/jpg (librsvg, for one, then refuses to draw them);
// they keep SVG's default preserveAspectRatio, which letterboxes a heat map
// whose cells are not square on the page (and smooths its cells); and the
// font has no fallback. Liberation Sans has the metrics of Arial, so text
// keeps its measured width where Arial stands in.
func fixSVG(svg []byte) []byte {
	svg = bytes.ReplaceAll(svg, []byte("data:image/jpg;base64,"), []byte("data:image/png;base64,"))
	svg = bytes.ReplaceAll(svg, []byte("<image "), []byte(`<image preserveAspectRatio="none" image-rendering="optimizeSpeed" style="image-rendering:pixelated" `))
	return bytes.ReplaceAll(svg, []byte("font-family:Liberation Sans;"), []byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
}

// save renders the figure and writes it atomically.
func (f *figure) save(o *figOptions, format string) error {
	data, err := f.render(format, o.width, o.height, o.dpi)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(o.output, data); err != nil {
		return failError{fmt.Sprintf("-o/--output: %v", err)}
	}
	// writeFileAtomic's temporary file is private (0600); a figure is not.
	os.Chmod(o.output, 0o644)
	return nil
}

// ---- colour maps and the colour bar ----

// gradient is a colour map: linear interpolation (in sRGB) between colours
// at increasing positions in [0, 1], mapped onto [min, max]; for a diverging
// map the value pivot is placed at position pivotAt, the values below and
// above it spread linearly over the two sides.
type gradient struct {
	stops    []color.RGBA
	at       []float64 // positions of the stops in [0, 1]
	min, max float64
	pivot    float64 // value at position pivotAt (NaN: none)
	pivotAt  float64
}

// position maps a value to [0, 1].
func (g *gradient) position(v float64) float64 {
	var t float64
	switch {
	case !math.IsNaN(g.pivot) && v <= g.pivot:
		t = g.pivotAt * clamp01((v-g.min)/(g.pivot-g.min))
		if g.pivot <= g.min {
			t = g.pivotAt
		}
	case !math.IsNaN(g.pivot):
		t = g.pivotAt + (1-g.pivotAt)*clamp01((v-g.pivot)/(g.max-g.pivot))
		if g.max <= g.pivot {
			t = g.pivotAt
		}
	default:
		t = clamp01((v - g.min) / (g.max - g.min))
	}
	return t
}

func clamp01(t float64) float64 { return math.Max(0, math.Min(1, t)) }

// color returns the colour of a value (clamped to the range).
func (g *gradient) color(v float64) color.RGBA {
	t := g.position(v)
	k := 1
	for k < len(g.at)-1 && g.at[k] < t {
		k++
	}
	a, b := g.stops[k-1], g.stops[k]
	s := clamp01((t - g.at[k-1]) / (g.at[k] - g.at[k-1]))
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + s*(float64(y)-float64(x)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

func hexColor(s string) color.RGBA {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 255}
}

func evenly(hex ...string) ([]color.RGBA, []float64) {
	cs := make([]color.RGBA, len(hex))
	at := make([]float64, len(hex))
	for i, h := range hex {
		cs[i] = hexColor(h)
		at[i] = float64(i) / float64(len(hex)-1)
	}
	return cs, at
}

// viridis (matplotlib's default map, CC0) at 9 evenly spaced stops.
func viridis(min, max float64) *gradient {
	cs, at := evenly("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#fde725")
	return &gradient{stops: cs, at: at, min: min, max: max, pivot: math.NaN()}
}

// blueWhiteRed is ColorBrewer's RdBu (reversed) with white at pivot: blue
// below, red above.
func blueWhiteRed(min, max, pivot float64) *gradient {
	cs, at := evenly("#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b")
	return &gradient{stops: cs, at: at, min: min, max: max, pivot: pivot, pivotAt: 0.5}
}

// lightOranges is a light sequential map (ColorBrewer Oranges, first
// stops) that keeps black arrows readable on top of it.
func lightOranges(min, max float64) *gradient {
	cs, at := evenly("#fff5eb", "#fee6ce", "#fdd0a2", "#fdae6b", "#fd8d3c")
	return &gradient{stops: cs, at: at, min: min, max: max, pivot: math.NaN()}
}

// colorBar draws a gradient's scale next to the plot.
type colorBar struct {
	g     *gradient
	label string
	// ticks, if not nil, replace the automatic ticks.
	ticks []plot.Tick
}

func (b *colorBar) draw(c draw.Canvas) {
	x0 := c.Min.X + 2*pad
	w := vg.Points(14)
	h := c.Max.Y - c.Min.Y
	if h <= 0 {
		return
	}
	n := max(int(h.Points()), 2)
	img := image.NewRGBA(image.Rect(0, 0, 1, n))
	for i := range n {
		t := (float64(i) + 0.5) / float64(n)
		v := b.g.min + t*(b.g.max-b.g.min)
		img.SetRGBA(0, n-1-i, b.g.color(v))
	}
	rect := vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x0 + w, Y: c.Max.Y}}
	c.DrawImage(rect, img)
	c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)})
	c.Stroke(rect.Path())
	sty := text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, tickSize), Handler: plot.DefaultTextHandler, YAlign: draw.YCenter}
	ticks := b.ticks
	if ticks == nil {
		ticks = niceTicks{}.Ticks(b.g.min, b.g.max)
	}
	widest := vg.Length(0)
	for _, t := range ticks {
		if t.Value < b.g.min || t.Value > b.g.max {
			continue
		}
		y := c.Min.Y + h*vg.Length((t.Value-b.g.min)/(b.g.max-b.g.min))
		l := vg.Points(3)
		if t.IsMinor() {
			l = vg.Points(1.5)
		} else {
			pt := vg.Point{X: x0 + w + l + 2, Y: y}
			c.FillText(sty, pt, t.Label)
			widest = max(widest, sty.Rectangle(t.Label).Size().X)
		}
		c.StrokeLine2(draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)}, x0+w, y, x0+w+l, y)
	}
	ls := text.Style{Color: color.Black, Font: font.From(plot.DefaultFont, labelSize), Handler: plot.DefaultTextHandler,
		Rotation: math.Pi / 2, XAlign: draw.XCenter, YAlign: draw.YTop}
	c.FillText(ls, vg.Point{X: x0 + w + widest + vg.Points(10) + ls.Rectangle("M").Size().Y, Y: c.Min.Y + h/2}, b.label)
}

// niceTicks labels about 6 to 10 round values (steps 1, 2 or 5 times a
// power of 10) with unlabelled minor ticks between them.
type niceTicks struct{}

func (niceTicks) Ticks(min, max float64) []plot.Tick {
	if !(max > min) {
		return nil
	}
	raw := (max - min) / 7
	e := math.Floor(math.Log10(raw))
	base := math.Pow(10, e)
	step, minor := base, base/5
	for _, m := range []float64{2, 5, 10} {
		if raw > step*1.5 {
			step, minor = m*base, m*base/5
			if m == 5 {
				minor = base
			}
		}
	}
	decimals := -int(math.Floor(math.Log10(step) + 1e-9))
	if decimals < 0 {
		decimals = 0
	}
	var ts []plot.Tick
	for k := math.Ceil(min/minor - 1e-9); k*minor <= max+1e-9*minor; k++ {
		v := k * minor
		label := ""
		if r := math.Abs(v/step - math.Round(v/step)); r < 1e-6 {
			if math.Abs(v) < 1e-9*step {
				v = 0
			}
			label = strconv.FormatFloat(v, 'f', decimals, 64)
		}
		ts = append(ts, plot.Tick{Value: v, Label: label})
	}
	return ts
}

// logTicks marks 1, 2 and 5 times powers of 10 (labelled when they fit).
type logTicks struct{}

func (logTicks) Ticks(min, max float64) []plot.Tick {
	var ts []plot.Tick
	decades := math.Log10(max / min)
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		for _, m := range []float64{1, 2, 3, 4, 5, 6, 7, 8, 9} {
			v := m * math.Pow(10, e)
			if v < min*(1-1e-12) || v > max*(1+1e-12) {
				continue
			}
			label := ""
			if m == 1 || decades < 2.5 && (m == 2 || m == 5) {
				label = strconv.FormatFloat(v, 'g', 3, 64)
			}
			ts = append(ts, plot.Tick{Value: v, Label: label})
		}
	}
	return ts
}

// ---- plotters ----

// raster draws an image over the data rectangle [xmin, xmax] × [ymin, ymax]
// (data coordinates), pixel row 0 at the top. Its cells are uniform in the
// axes' scales (linear or log), so no resampling is needed.
type raster struct {
	img                    *image.RGBA
	xmin, xmax, ymin, ymax float64
}

func (r *raster) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	rect := vg.Rectangle{Min: vg.Point{X: trX(r.xmin), Y: trY(r.ymin)}, Max: vg.Point{X: trX(r.xmax), Y: trY(r.ymax)}}
	img := r.img
	// On a pixel canvas, resample to the device pixels by nearest neighbour
	// so that cells stay crisp (the canvas would interpolate bilinearly).
	if d, ok := deviceOf(c).(interface{ DPI() float64 }); ok {
		w := int(math.Round(rect.Size().X.Dots(d.DPI())))
		h := int(math.Round(rect.Size().Y.Dots(d.DPI())))
		if w > 0 && h > 0 && w <= 4*maxPixels && h <= 4*maxPixels {
			img = nearest(r.img, w, h)
		}
	}
	c.DrawImage(rect, img)
}

// deviceOf returns the device canvas under the crops of a draw.Canvas.
func deviceOf(c draw.Canvas) vg.Canvas {
	v := c.Canvas
	for {
		inner, ok := v.(draw.Canvas)
		if !ok {
			return v
		}
		v = inner.Canvas
	}
}

// nearest resamples an image to w × h pixels by nearest neighbour.
func nearest(src *image.RGBA, w, h int) *image.RGBA {
	sw, sh := src.Bounds().Dx(), src.Bounds().Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		sy := min((2*y+1)*sh/(2*h), sh-1)
		for x := range w {
			sx := min((2*x+1)*sw/(2*w), sw-1)
			i, j := src.PixOffset(sx, sy), dst.PixOffset(x, y)
			copy(dst.Pix[j:j+4], src.Pix[i:i+4])
		}
	}
	return dst
}

// heatImage colours the cells of a grid by value, invalid cells (valid
// false) in invalidColor; it returns the image and the number of invalid
// cells.
func heatImage(v []float64, valid []bool, nx, ny int, g *gradient) (*image.RGBA, int) {
	bad := 0
	img := cellImage(nx, ny, func(i, j int) color.RGBA {
		k := i*nx + j
		if !valid[k] {
			bad++
			return invalidColor
		}
		return g.color(v[k])
	})
	return img, bad
}

// validRange returns the smallest and largest valid value (0, 0 if none).
func validRange(v []float64, valid []bool) (lo, hi float64) {
	first := true
	for k, x := range v {
		if !valid[k] {
			continue
		}
		if first {
			lo, hi, first = x, x, false
		}
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// cellImage returns the image of a grid of nx × ny cells, cell (i, j) (row
// i of ν from the bottom, column j of μ) coloured by col.
func cellImage(nx, ny int, col func(i, j int) color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, nx, ny))
	for i := range ny {
		for j := range nx {
			img.SetRGBA(j, ny-1-i, col(i, j))
		}
	}
	return img
}

// Colours shared by the figures.
var (
	omegaColor   = hexColor("#e7298a") // Theorem 1's box Ω: magenta
	invalidColor = hexColor("#595959") // cells where nothing could be computed
	contourColor = color.RGBA{A: 255}  // the norm = 1 contour: black
)

// omegaBox draws the (μ, ν) part of Theorem 1's Ω, [−0.1, 0.1] × [0.8, 1.5].
func omegaBox() *plotter.Line {
	b := verify.Theorem1Box
	pts := plotter.XYs{{X: b.Mu[0], Y: b.Nu[0]}, {X: b.Mu[1], Y: b.Nu[0]}, {X: b.Mu[1], Y: b.Nu[1]}, {X: b.Mu[0], Y: b.Nu[1]}, {X: b.Mu[0], Y: b.Nu[0]}}
	l, _ := plotter.NewLine(pts)
	l.Color = omegaColor
	l.Width = vg.Points(2.2)
	return l
}

// addOmegaLegend adds the Ω outline to the legend, with a note when (ω, τ)
// or the activation lie outside Theorem 1's assumptions (then the theorem
// says nothing about this map).
func addOmegaLegend(l *plot.Legend, o *figOptions) {
	b := verify.Theorem1Box
	l.Add("Theorem 1's Ω = [−0.1, 0.1] × [0.8, 1.5]", omegaBox())
	if o.s.omega < b.Omega[0] || o.s.omega > b.Omega[1] || o.s.tau < b.Tau[0] || o.s.tau > b.Tau[1] || o.s.activation != "selu" ||
		o.s.alpha != mapping.Alpha01 || o.s.lambda != mapping.Lambda01 {
		l.Add("   (not applicable: Theorem 1 needs α01, λ01,")
		l.Add("   ω in [−0.1, 0.1] and τ in [0.95, 1.1])")
	}
}

// fixedMarker marks the fixed point: a white disc with a black ring.
type fixedMarker struct{ p fixedpoint.Point }

func (m fixedMarker) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pt := vg.Point{X: trX(m.p.Mu), Y: trY(m.p.Nu)}
	if !c.Contains(pt) {
		return
	}
	m.drawAt(&c, pt)
}

func (fixedMarker) drawAt(c *draw.Canvas, pt vg.Point) {
	r := vg.Points(5)
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.White, Radius: r, Shape: draw.CircleGlyph{}}, pt)
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.Black, Radius: r, Shape: draw.RingGlyph{}}, pt)
	c.DrawGlyphNoClip(draw.GlyphStyle{Color: color.Black, Radius: vg.Points(1.5), Shape: draw.CircleGlyph{}}, pt)
}

func (m fixedMarker) Thumbnail(c *draw.Canvas) { m.drawAt(c, c.Center()) }

// swatch is a legend thumbnail: a filled square with a thin outline.
type swatch struct{ c color.Color }

func (s swatch) Thumbnail(c *draw.Canvas) {
	ctr := c.Center()
	r := vg.Points(5.5)
	rect := vg.Rectangle{Min: vg.Point{X: ctr.X - r, Y: ctr.Y - r}, Max: vg.Point{X: ctr.X + r, Y: ctr.Y + r}}
	c.SetColor(s.c)
	c.Fill(rect.Path())
	c.SetLineStyle(draw.LineStyle{Color: color.Gray{Y: 90}, Width: vg.Points(0.5)})
	c.Stroke(rect.Path())
}

// addFixedLegend adds the fixed point to the legend.
func addFixedLegend(l *plot.Legend, r fixedpoint.Result) {
	l.Add(fmt.Sprintf("fixed point (μ*, ν*) = (%s, %s)", fmtShort(r.Mu), fmtShort(r.Nu)), fixedMarker{})
	if !r.Stable {
		l.Add(fmt.Sprintf("   unstable: spectral radius of H %s >= 1", fmtShort(r.H.Radius)))
	}
}

// ---- contours ----

// contourLines returns the level set {v = level} of a grid (v[i·nx + j] at
// (xs[j], ys[i])) as polylines in data coordinates, by marching squares with
// linear interpolation along the cell edges (in the axes' scales); cells
// with an invalid corner are skipped. Saddle cells are resolved by the cell
// centre's mean. The segments are joined in a fixed order, so the output
// is deterministic.
func contourLines(v []float64, valid []bool, ax, ay fixedpoint.CellAxis, level float64) [][]fixedpoint.Point {
	nx, ny := ax.N, ay.N
	type edge struct{ i, j, dir int } // dir 0: from (i, j) to (i, j+1); 1: to (i+1, j)
	type seg struct{ a, b edge }
	at := func(i, j int) float64 { return v[i*nx+j] }
	ok := func(i, j int) bool { return valid == nil || valid[i*nx+j] }
	var segs []seg
	for i := 0; i+1 < ny; i++ {
		for j := 0; j+1 < nx; j++ {
			if !ok(i, j) || !ok(i, j+1) || !ok(i+1, j) || !ok(i+1, j+1) {
				continue
			}
			// Corners counter-clockwise from bottom left: 0 (i, j), 1 (i, j+1),
			// 2 (i+1, j+1), 3 (i+1, j). Edges: 0 bottom, 1 right, 2 top, 3 left.
			c := 0
			for k, p := range [4][2]int{{i, j}, {i, j + 1}, {i + 1, j + 1}, {i + 1, j}} {
				if at(p[0], p[1]) >= level {
					c |= 1 << k
				}
			}
			e := [4]edge{{i, j, 0}, {i, j + 1, 1}, {i + 1, j, 0}, {i, j, 1}}
			add := func(a, b int) { segs = append(segs, seg{e[a], e[b]}) }
			switch c {
			case 1, 14:
				add(3, 0)
			case 2, 13:
				add(0, 1)
			case 3, 12:
				add(3, 1)
			case 4, 11:
				add(1, 2)
			case 6, 9:
				add(0, 2)
			case 7, 8:
				add(3, 2)
			case 5, 10:
				mid := (at(i, j)+at(i, j+1)+at(i+1, j)+at(i+1, j+1))/4 >= level
				if (c == 5) == mid {
					add(3, 2)
					add(0, 1)
				} else {
					add(3, 0)
					add(1, 2)
				}
			}
		}
	}
	// Where the level crosses an edge, in data coordinates.
	pos := func(e edge) fixedpoint.Point {
		i2, j2 := e.i, e.j+1
		if e.dir == 1 {
			i2, j2 = e.i+1, e.j
		}
		v1, v2 := at(e.i, e.j), at(i2, j2)
		t := 0.5
		if v1 != v2 {
			t = clamp01((level - v1) / (v2 - v1))
		}
		return fixedpoint.Point{Mu: axisAt(ax, float64(e.j)+t*float64(j2-e.j)), Nu: axisAt(ay, float64(e.i)+t*float64(i2-e.i))}
	}
	// Join the segments into polylines: each edge point belongs to at most
	// two segments (one per adjacent cell).
	ends := map[edge][]int{}
	for k, s := range segs {
		ends[s.a] = append(ends[s.a], k)
		ends[s.b] = append(ends[s.b], k)
	}
	used := make([]bool, len(segs))
	next := func(e edge, from int) int {
		for _, k := range ends[e] {
			if k != from && !used[k] {
				return k
			}
		}
		return -1
	}
	var lines [][]fixedpoint.Point
	for k0 := range segs {
		if used[k0] {
			continue
		}
		used[k0] = true
		chain := []edge{segs[k0].a, segs[k0].b}
		// forward from b
		for cur, e := k0, segs[k0].b; ; {
			k := next(e, cur)
			if k < 0 {
				break
			}
			used[k] = true
			e = segs[k].a
			if e == chain[len(chain)-1] {
				e = segs[k].b
			}
			chain = append(chain, e)
			cur = k
		}
		// backward from a
		var back []edge
		for cur, e := k0, segs[k0].a; ; {
			k := next(e, cur)
			if k < 0 {
				break
			}
			used[k] = true
			if segs[k].a == e {
				e = segs[k].b
			} else {
				e = segs[k].a
			}
			back = append(back, e)
			cur = k
		}
		line := make([]fixedpoint.Point, 0, len(back)+len(chain))
		for i := len(back) - 1; i >= 0; i-- {
			line = append(line, pos(back[i]))
		}
		for _, e := range chain {
			line = append(line, pos(e))
		}
		lines = append(lines, line)
	}
	return lines
}

// axisAt returns the data coordinate of a fractional cell index of an axis
// (k = 0 is the first cell's centre), linear in the axis's scale.
func axisAt(a fixedpoint.CellAxis, k float64) float64 {
	t := (k + 0.5) / float64(a.N)
	if a.Log {
		return math.Exp(math.Log(a.Lo) + t*(math.Log(a.Hi)-math.Log(a.Lo)))
	}
	return a.Lo + t*(a.Hi-a.Lo)
}

// polylines draws contour lines.
type polylines struct {
	lines [][]fixedpoint.Point
	style draw.LineStyle
}

func (pl polylines) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, line := range pl.lines {
		pts := make([]vg.Point, len(line))
		for i, q := range line {
			pts[i] = vg.Point{X: trX(q.Mu), Y: trY(q.Nu)}
		}
		c.StrokeLines(pl.style, c.ClipLinesXY(pts)...)
	}
}

func (pl polylines) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(pl.style, c.Min.X, y, c.Max.X, y)
}
