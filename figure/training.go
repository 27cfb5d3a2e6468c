package figure

import (
	"errors"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Curve is one learning curve: Y[e] at epoch e (values that are not finite
// or not positive are left out of a log axis, breaking the line).
type Curve struct {
	Label  string
	Color  color.Color
	Y      []float64
	Dashed bool
	// X, if not nil, are the abscissae of Y (default: 0, 1, 2, …).
	X []float64
}

// Figure1Colors are the colours of the paper's Figure 1 (the official
// figure1/create_plots.ipynb: matplotlib's bwr colour map at 0.05, 0.15,
// 0.25 for BatchNorm depth 8, 16, 32 and 0.75, 0.85, 0.95 for SNN depth
// 8, 16, 32; bwr runs linearly from blue (0, 0, 1) through white to red,
// sampled from its 256-entry table: entry ⌊256x⌋ of 255).
func Figure1Colors() (batchNorm, snn [3]color.RGBA) {
	bwr := func(x float64) color.RGBA {
		t := math.Floor(256*x) / 255
		to8 := func(v float64) uint8 { return uint8(math.Round(255 * v)) }
		if t < 0.5 {
			return color.RGBA{R: to8(2 * t), G: to8(2 * t), B: 255, A: 255}
		}
		return color.RGBA{R: 255, G: to8(2 * (1 - t)), B: to8(2 * (1 - t)), A: 255}
	}
	for i, x := range []float64{0.05, 0.15, 0.25} {
		batchNorm[i] = bwr(x)
	}
	for i, x := range []float64{0.75, 0.85, 0.95} {
		snn[i] = bwr(x)
	}
	return batchNorm, snn
}

// LossCurvesOptions are the options of LossCurves.
type LossCurvesOptions struct {
	Curves  []Curve
	Title   string
	YLabel  string // default "training loss (cross-entropy, log scale)"
	XLabel  string // default "epoch"
	LinearY bool   // a linear y axis (default: log)
	Caption []string
}

// LossCurves draws learning curves against the epoch on a log y axis (the
// layout of the paper's Figure 1), or any curves on a linear y axis with
// LinearY.
func LossCurves(o LossCurvesOptions) (*Figure, error) {
	if len(o.Curves) == 0 {
		return nil, errors.New("figure: no curves")
	}
	p := NewPlot(Window{Mu: [2]float64{0, 1}, Nu: [2]float64{1, 10}, LogNu: true})
	p.X.Label.Text = "epoch"
	if o.XLabel != "" {
		p.X.Label.Text = o.XLabel
	}
	lo, hi, minX, maxX := math.Inf(1), math.Inf(-1), math.Inf(1), 1.0
	leg := NewLegend()
	for _, c := range o.Curves {
		var pts plotter.XYs
		var segs []plotter.XYs
		for e, y := range c.Y {
			x := float64(e)
			if c.X != nil {
				x = c.X[e]
			}
			if !(y > 0 || o.LinearY && y <= 0) || math.IsInf(y, 0) {
				if len(pts) > 0 {
					segs = append(segs, pts)
				}
				pts = nil
				continue
			}
			pts = append(pts, plotter.XY{X: x, Y: y})
			lo, hi = math.Min(lo, y), math.Max(hi, y)
			minX, maxX = math.Min(minX, x), math.Max(maxX, x)
		}
		if len(pts) > 0 {
			segs = append(segs, pts)
		}
		var first *plotter.Line
		for _, s := range segs {
			l, err := plotter.NewLine(s)
			if err != nil {
				return nil, fmt.Errorf("figure: %v", err)
			}
			l.Color = c.Color
			l.Width = vg.Points(1.3)
			if c.Dashed {
				l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			}
			p.Add(l)
			if first == nil {
				first = l
			}
		}
		if first == nil {
			first = &plotter.Line{}
			first.Color = c.Color
			first.Width = vg.Points(1.3)
			if c.Dashed {
				first.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			}
		}
		leg.Add(c.Label, first)
	}
	if math.IsInf(minX, 1) {
		minX = 0
	}
	p.X.Min, p.X.Max = math.Min(0, minX), maxX
	p.X.Tick.Marker = NiceTicks{}
	if o.LinearY {
		if math.IsInf(lo, 1) {
			lo, hi = 0, 1
		}
		pad := 0.05 * math.Max(hi-lo, 1e-9*math.Max(1, math.Abs(hi)))
		p.Y.Min, p.Y.Max = lo-pad, hi+pad
		p.Y.Scale = plot.LinearScale{}
		p.Y.Tick.Marker = NiceTicks{}
	} else {
		if math.IsInf(lo, 1) {
			lo, hi = 0.1, 10
		}
		if hi <= lo*1.01 {
			lo, hi = lo/1.2, hi*1.2
		}
		// Whole decades when the range spans more than one, else a margin.
		if hi/lo > 10 {
			lo, hi = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
		} else {
			lo, hi = lo/1.1, hi*1.1
		}
		p.Y.Min, p.Y.Max = lo, hi
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = LogTicks{}
	}
	yl := o.YLabel
	if yl == "" {
		yl = "training loss (cross-entropy, log scale)"
	}
	return &Figure{Title: o.Title, YLabel: yl, Plot: p, Legend: leg, Caption: o.Caption}, nil
}
