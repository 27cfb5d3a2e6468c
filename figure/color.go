package figure

import (
	"image"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Gradient is a colour map: linear interpolation (in sRGB) between colours
// at increasing positions in [0, 1], mapped onto [Min, Max]. A diverging map
// (BlueWhiteRed) puts its pivot value at the middle colour and spreads the
// values below and above it linearly over the two sides.
type Gradient struct {
	// Min and Max are the values of the first and last colours.
	Min, Max float64
	stops    []color.RGBA
	at       []float64 // positions of the stops in [0, 1]
	pivot    float64   // value at position pivotAt (NaN: none)
	pivotAt  float64
}

// position maps a value to [0, 1].
func (g *Gradient) position(v float64) float64 {
	var t float64
	switch {
	case !math.IsNaN(g.pivot) && v <= g.pivot:
		t = g.pivotAt * clamp01((v-g.Min)/(g.pivot-g.Min))
		if g.pivot <= g.Min {
			t = g.pivotAt
		}
	case !math.IsNaN(g.pivot):
		t = g.pivotAt + (1-g.pivotAt)*clamp01((v-g.pivot)/(g.Max-g.pivot))
		if g.Max <= g.pivot {
			t = g.pivotAt
		}
	case g.Max > g.Min:
		t = clamp01((v - g.Min) / (g.Max - g.Min))
	default:
		t = 0.5 // a one-value (or invalid) range: its middle colour
	}
	if math.IsNaN(t) {
		t = 0.5
	}
	return t
}

func clamp01(t float64) float64 { return math.Max(0, math.Min(1, t)) }

// Color returns the colour of a value (clamped to [Min, Max]).
func (g *Gradient) Color(v float64) color.RGBA {
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

// hexColor parses "#rrggbb".
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

// Viridis is matplotlib's default map (CC0) at 9 evenly spaced stops, dark
// blue at min to yellow at max: the basin's step counts.
func Viridis(min, max float64) *Gradient {
	cs, at := evenly("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#fde725")
	return &Gradient{stops: cs, at: at, Min: min, Max: max, pivot: math.NaN()}
}

// BlueWhiteRed is ColorBrewer's RdBu (reversed) with white at pivot: blue
// below, red above (the spectral norms, pivot 1).
func BlueWhiteRed(min, max, pivot float64) *Gradient {
	cs, at := evenly("#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b")
	return &Gradient{stops: cs, at: at, Min: min, Max: max, pivot: pivot, pivotAt: 0.5}
}

// LightOranges is a light sequential map (ColorBrewer Oranges, first
// stops) that keeps dark arrows readable on top of it (the field's step
// lengths).
func LightOranges(min, max float64) *Gradient {
	cs, at := evenly("#fff5eb", "#fee6ce", "#fdd0a2", "#fdae6b", "#fd8d3c")
	return &Gradient{stops: cs, at: at, Min: min, Max: max, pivot: math.NaN()}
}

// ColorBar draws a gradient's scale: a vertical bar with ticks and a
// rotated label at its right.
type ColorBar struct {
	Gradient *Gradient
	Label    string
	// Ticks, if not nil, replace the automatic ticks (NiceTicks).
	Ticks []plot.Tick
}

// Draw draws the bar over the height of c, from its left edge.
func (b *ColorBar) Draw(c draw.Canvas) {
	g := b.Gradient
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
		v := g.Min + t*(g.Max-g.Min)
		img.SetRGBA(0, n-1-i, g.Color(v))
	}
	rect := vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x0 + w, Y: c.Max.Y}}
	c.DrawImage(rect, img)
	c.SetLineStyle(draw.LineStyle{Color: color.Black, Width: vg.Points(0.6)})
	c.Stroke(rect.Path())
	sty := text.Style{Color: color.Black, Font: font.From(sans, tickSize), Handler: plot.DefaultTextHandler, YAlign: draw.YCenter}
	ticks := b.Ticks
	if ticks == nil {
		ticks = NiceTicks{}.Ticks(g.Min, g.Max)
	}
	widest := vg.Length(0)
	for _, t := range ticks {
		if t.Value < g.Min || t.Value > g.Max {
			continue
		}
		y := c.Min.Y + h*vg.Length((t.Value-g.Min)/(g.Max-g.Min))
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
	ls := text.Style{Color: color.Black, Font: font.From(sans, labelSize), Handler: plot.DefaultTextHandler,
		Rotation: math.Pi / 2, XAlign: draw.XCenter, YAlign: draw.YTop}
	c.FillText(ls, vg.Point{X: x0 + w + widest + vg.Points(10) + ls.Rectangle("M").Size().Y, Y: c.Min.Y + h/2}, b.Label)
}
