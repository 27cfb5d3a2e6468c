package figure

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Window is the (μ, ν) region a figure shows: μ on the x axis, ν on the y
// axis, on a log scale if LogNu. A zero range means the figure's default.
type Window struct {
	Mu, Nu [2]float64
	LogNu  bool
}

// MinRelWidth is the narrowest window a figure draws, relative to the
// magnitude of its ends: its cells (up to a few thousand a side) and ticks
// must be distinct float64 numbers.
const MinRelWidth = 1e-9

// validate reports whether the window can be drawn: finite bounds, A < B
// with B − A ≥ MinRelWidth·max(|A|, |B|), and 0 < A for ν.
func (w Window) validate() error {
	for _, r := range [][2]float64{w.Mu, w.Nu} {
		if !finite(r[0]) || !finite(r[1]) || !(r[0] < r[1]) || !finite(r[1]-r[0]) {
			return fmt.Errorf("figure: window μ [%g, %g], ν [%g, %g]: each range needs finite A < B", w.Mu[0], w.Mu[1], w.Nu[0], w.Nu[1])
		}
		if !(r[1]-r[0] >= MinRelWidth*math.Max(math.Abs(r[0]), math.Abs(r[1]))) {
			return fmt.Errorf("figure: window range [%g, %g] is narrower than %g of its magnitude", r[0], r[1], MinRelWidth)
		}
	}
	if !(w.Nu[0] > 0) {
		return fmt.Errorf("figure: window ν [%g, %g]: ν is a variance, it needs 0 < A", w.Nu[0], w.Nu[1])
	}
	return nil
}

// withDefault fills the zero ranges of w from d.
func (w Window) withDefault(d Window) Window {
	if w.Mu == [2]float64{} {
		w.Mu = d.Mu
	}
	if w.Nu == [2]float64{} {
		w.Nu = d.Nu
	}
	return w
}

// axes returns the μ and ν axes of a grid with nMu × nNu cells over w.
func (w Window) axes(nMu, nNu int) (CellAxis, CellAxis) {
	return CellAxis{Lo: w.Mu[0], Hi: w.Mu[1], N: nMu}, CellAxis{Lo: w.Nu[0], Hi: w.Nu[1], N: nNu, Log: w.LogNu}
}

// Page is the size of the written figure. Zero fields mean the defaults:
// 9.6 × 6.4 inches at 100 dots per inch (a 960 × 640 PNG).
type Page struct {
	Width, Height float64 // inches
	DPI           int     // PNG pixels per inch; an SVG does not use it
}

// maxPixels bounds a PNG's side.
const maxPixels = 10000

func (p Page) withDefaults() (Page, error) {
	if p.Width == 0 {
		p.Width = 9.6
	}
	if p.Height == 0 {
		p.Height = 6.4
	}
	if p.DPI == 0 {
		p.DPI = 100
	}
	if !(p.Width >= 1 && p.Height >= 1 && p.DPI >= 10) || math.IsInf(p.Width, 0) || math.IsInf(p.Height, 0) {
		return p, fmt.Errorf("figure: page %g × %g inches at %d dpi: need finite sizes of at least 1 inch and 10 dpi", p.Width, p.Height, p.DPI)
	}
	return p, nil
}

// Figure is a title, a plot with a colour bar and a legend at its right,
// and a caption under it: the layout of every figure of snnanalyze. Field,
// Basin and NormMap fill one in; its fields may be changed before it is
// written.
type Figure struct {
	// Title is centred over the whole figure (it may have several lines).
	Title string
	// YLabel is the y axis label, drawn left of the plot.
	YLabel string
	// Plot is the main plot, styled by NewPlot.
	Plot *plot.Plot
	// Bar, if not nil, is drawn between the plot and the legend.
	Bar *ColorBar
	// Legend is drawn right of the plot (NewLegend styles it).
	Legend plot.Legend
	// Caption is paragraphs, wrapped to the figure's width.
	Caption []string
}

// Font sizes, chosen to stay readable on a slide.
const (
	titleSize   = 13
	labelSize   = 12
	tickSize    = 10.5
	legendSize  = 10.5
	captionSize = 9.5
)

// sans is the figures' typeface: sans-serif text reads better on slides
// than gonum's default serif. It is set on every text style, so that
// gonum's plot.DefaultFont is left as it is.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// NewPlot returns a plot styled for the figures (sans-serif text, round
// ticks, log ticks on a log ν axis, μ's axis label) with the window as its
// exact data range, without padding, so that heat-map cells fill the axes.
// The ν label is the Figure's YLabel. Plotters added later widen the range
// to their data; the figures set it back to the window before drawing.
func NewPlot(w Window) *plot.Plot {
	p := plot.New()
	p.Title.TextStyle.Font = font.From(sans, p.Title.TextStyle.Font.Size)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = font.From(sans, labelSize)
		a.Tick.Label.Font = font.From(sans, tickSize)
		a.Padding = 0
	}
	p.X.Label.Text = "μ (mean of the inputs)"
	// The ν label is drawn by Figure.Draw: gonum reserves room for a
	// vertical label at the arithmetic centre of the axis range, which on a
	// log axis is far from the middle and shrinks the plot.
	p.X.Tick.Marker = NiceTicks{}
	p.Y.Tick.Marker = NiceTicks{}
	if w.LogNu {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = LogTicks{}
	}
	fixRange(p, w)
	return p
}

// yLabel is the ν axis label.
func yLabel(w Window) string {
	if w.LogNu {
		return "ν (variance of the inputs, log scale)"
	}
	return "ν (variance of the inputs)"
}

// fixRange sets the axes back to the window after plotters were added
// (gonum widens the range to the data).
func fixRange(p *plot.Plot, w Window) {
	p.X.Min, p.X.Max = w.Mu[0], w.Mu[1]
	p.Y.Min, p.Y.Max = w.Nu[0], w.Nu[1]
}

// NewLegend returns a legend styled for the figures: sans-serif, at the top
// left of its column.
func NewLegend() plot.Legend {
	l := plot.NewLegend()
	l.TextStyle.Font = font.From(sans, legendSize)
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
		Color: color.Black, Font: font.From(sans, labelSize), Handler: plot.DefaultTextHandler,
		Rotation: math.Pi / 2, XAlign: draw.XCenter, YAlign: draw.YTop,
	}
}

func titleStyle() text.Style {
	return text.Style{
		Color: color.Black, Font: font.From(sans, titleSize), Handler: plot.DefaultTextHandler,
		XAlign: draw.XCenter, YAlign: draw.YTop,
	}
}

func captionStyle() text.Style {
	return text.Style{
		Color:   color.Gray{Y: 40},
		Font:    font.From(sans, captionSize),
		Handler: plot.DefaultTextHandler,
	}
}

func (f *Figure) layout(c draw.Canvas) layout {
	var l layout
	if f.Title != "" {
		c.Max.Y -= titleStyle().Rectangle(f.Title).Size().Y + 2*pad
	}
	capStyle := captionStyle()
	lineH := capStyle.Rectangle("Mg").Size().Y * 1.15
	for _, para := range f.Caption {
		l.captionLines = append(l.captionLines, wrapText(capStyle, para, c.Max.X-c.Min.X-4*pad)...)
	}
	capH := lineH*vg.Length(len(l.captionLines)) + 2*pad
	l.caption = c
	l.caption.Max.Y = c.Min.Y + capH
	body := c
	body.Min.Y += capH
	legW := vg.Length(0)
	if f.Legend.Rectangle(body).Size().Y > 0 {
		legW = f.Legend.Rectangle(body).Size().X + 5*pad
	}
	barW := vg.Length(0)
	if f.Bar != nil {
		barW = barColumn
	}
	// The plot keeps at least half the width; a longer legend is clipped.
	legW = min(legW, (body.Max.X-body.Min.X)/2-barW)
	l.main = body
	l.main.Max.X -= legW + barW
	if f.YLabel != "" {
		l.main.Min.X += yLabelStyle().Rectangle(f.YLabel).Size().X + pad
	}
	l.data = f.Plot.DataCanvas(l.main)
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

// Draw draws the figure on c: a white background, the title, the plot with
// its y label, the colour bar, the legend and the caption.
func (f *Figure) Draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	l := f.layout(c)
	if f.Title != "" {
		c.FillText(titleStyle(), vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: c.Max.Y - pad}, f.Title)
	}
	f.Plot.Draw(l.main)
	if f.YLabel != "" {
		sty := yLabelStyle()
		c.FillText(sty, vg.Point{X: c.Min.X + pad, Y: (l.data.Min.Y + l.data.Max.Y) / 2}, f.YLabel)
	}
	if f.Bar != nil {
		f.Bar.Draw(l.bar)
	}
	f.Legend.Draw(l.legend)
	sty := captionStyle()
	lineH := sty.Rectangle("Mg").Size().Y * 1.15
	y := l.caption.Max.Y - pad - lineH
	for _, line := range l.captionLines {
		c.FillText(sty, vg.Point{X: c.Min.X + 2*pad, Y: y + lineH*0.25}, line)
		y -= lineH
	}
}

// WritePNG writes the figure as a PNG of p.Width·p.DPI × p.Height·p.DPI
// pixels (at most 10000 per side). The same figure gives the same bytes.
func (f *Figure) WritePNG(w io.Writer, p Page) error {
	p, err := p.withDefaults()
	if err != nil {
		return err
	}
	if wpx, hpx := p.Width*float64(p.DPI), p.Height*float64(p.DPI); wpx > maxPixels || hpx > maxPixels {
		return fmt.Errorf("figure: the PNG would be %.0f × %.0f pixels; at most %d per side", wpx, hpx, maxPixels)
	}
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(p.Width)*vg.Inch, vg.Length(p.Height)*vg.Inch), vgimg.UseDPI(p.DPI))
	f.Draw(draw.New(c))
	_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// WriteSVG writes the figure as an SVG of p.Width × p.Height inches, text
// kept as text (Liberation Sans, with Arial and Helvetica as fallbacks) and
// heat maps embedded as PNG images, one pixel per cell. The same figure
// gives the same bytes.
func (f *Figure) WriteSVG(w io.Writer, p Page) error {
	p, err := p.withDefaults()
	if err != nil {
		return err
	}
	c := vgsvg.New(vg.Length(p.Width)*vg.Inch, vg.Length(p.Height)*vg.Inch)
	f.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return err
	}
	_, err = w.Write(fixSVG(buf.Bytes()))
	return err
}

// ErrFormat is returned by Write for a format other than "png" and "svg".
var ErrFormat = errors.New("figure: unknown format (accepted: png, svg)")

// Write writes the figure in the format "png" (WritePNG) or "svg"
// (WriteSVG).
func (f *Figure) Write(w io.Writer, format string, p Page) error {
	switch format {
	case "png":
		return f.WritePNG(w, p)
	case "svg":
		return f.WriteSVG(w, p)
	}
	return fmt.Errorf("%w: %q", ErrFormat, format)
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

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// fmtShort formats a number with at most 6 significant digits.
func fmtShort(v float64) string {
	if math.Abs(v) < 1e-13 { // rounding noise of a zero (fixed points)
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// fmtSig formats a number with the given significant digits.
func fmtSig(v float64, digits int) string { return strconv.FormatFloat(v, 'g', digits, 64) }
