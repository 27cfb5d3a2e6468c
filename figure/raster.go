package figure

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// CellAxis is a grid axis over the window [Lo, Hi]: N points at the centres of
// N equal cells, equal in log scale if Log (then 0 < Lo). A heat map whose
// pixels are the cells fills the window exactly.
type CellAxis struct {
	Lo, Hi float64
	N      int
	Log    bool
}

// Validate reports whether the axis describes a non-empty window.
func (a CellAxis) Validate() error {
	switch {
	case math.IsNaN(a.Lo) || math.IsNaN(a.Hi) || math.IsInf(a.Lo, 0) || math.IsInf(a.Hi, 0):
		return fmt.Errorf("axis bounds must be finite, got [%g, %g]", a.Lo, a.Hi)
	case !(a.Lo < a.Hi):
		return fmt.Errorf("axis needs Lo < Hi, got [%g, %g]", a.Lo, a.Hi)
	case a.N < 1:
		return fmt.Errorf("axis needs at least one point, got %d", a.N)
	case a.Log && !(a.Lo > 0):
		return fmt.Errorf("a log axis needs 0 < Lo, got [%g, %g]", a.Lo, a.Hi)
	}
	return nil
}

// Points returns the cell centres, increasing. On a log axis they are the
// geometric centres, exp(log Lo + (k + ½)·(log Hi − log Lo)/N).
func (a CellAxis) Points() []float64 {
	pts := make([]float64, a.N)
	for k := range pts {
		pts[k] = a.at(float64(k))
	}
	return pts
}

// at returns the data coordinate of a fractional cell index (k = 0 is the
// first cell's centre), linear in the axis's scale.
func (a CellAxis) at(k float64) float64 {
	t := (k + 0.5) / float64(a.N)
	if a.Log {
		return math.Exp(math.Log(a.Lo) + t*(math.Log(a.Hi)-math.Log(a.Lo)))
	}
	return a.Lo + t*(a.Hi-a.Lo)
}

// Raster is a plotter that draws an image over the data rectangle
// [XMin, XMax] × [YMin, YMax], pixel row 0 at the top. Its cells are taken
// as uniform in the axes' scales (linear or log), as CellAxis lays them
// out, so no resampling is needed; on a pixel canvas they are enlarged by
// nearest neighbour and stay crisp.
type Raster struct {
	Image                  *image.RGBA
	XMin, XMax, YMin, YMax float64
}

// Plot implements plot.Plotter.
func (r *Raster) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	rect := vg.Rectangle{Min: vg.Point{X: trX(r.XMin), Y: trY(r.YMin)}, Max: vg.Point{X: trX(r.XMax), Y: trY(r.YMax)}}
	img := r.Image
	// On a pixel canvas, resample to the device pixels by nearest neighbour
	// so that cells stay crisp (the canvas would interpolate bilinearly).
	if d, ok := deviceOf(c).(interface{ DPI() float64 }); ok {
		w := int(math.Round(rect.Size().X.Dots(d.DPI())))
		h := int(math.Round(rect.Size().Y.Dots(d.DPI())))
		if w > 0 && h > 0 && w <= 4*maxPixels && h <= 4*maxPixels {
			img = nearest(r.Image, w, h)
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

// InvalidColor is the colour of the cells where nothing could be computed
// (dark grey).
var InvalidColor = color.RGBA{R: 0x59, G: 0x59, B: 0x59, A: 0xff}

// HeatImage colours the cells of an nx × ny grid by value (v[i·nx + j] is
// column j, row i from the bottom), the cells where valid is false (valid
// nil: all are valid) or whose value is NaN in InvalidColor; it returns the
// image and the number of invalid cells. It panics unless len(v) (and
// len(valid), if not nil) is nx·ny: a programmer error.
func HeatImage(v []float64, valid []bool, nx, ny int, g *Gradient) (*image.RGBA, int) {
	if nx < 0 || ny < 0 || len(v) != nx*ny || valid != nil && len(valid) != nx*ny {
		panic("figure: HeatImage needs nx·ny values")
	}
	bad := 0
	img := CellImage(nx, ny, func(i, j int) color.RGBA {
		k := i*nx + j
		if valid != nil && !valid[k] || math.IsNaN(v[k]) {
			bad++
			return InvalidColor
		}
		return g.Color(v[k])
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

// CellImage returns the image of a grid of nx × ny cells, cell (i, j) (row
// i of ν from the bottom, column j of μ) coloured by col: one pixel per
// cell, for a Raster.
func CellImage(nx, ny int, col func(i, j int) color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, nx, ny))
	for i := range ny {
		for j := range nx {
			img.SetRGBA(j, ny-1-i, col(i, j))
		}
	}
	return img
}

// raster returns the Raster of an image over the cells of two axes.
func raster(img *image.RGBA, ax, ay CellAxis) *Raster {
	return &Raster{Image: img, XMin: ax.Lo, XMax: ax.Hi, YMin: ay.Lo, YMax: ay.Hi}
}
