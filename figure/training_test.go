package figure

import (
	"bytes"
	"image/color"
	"math"
	"testing"
)

// TestFigure1Colors: matplotlib's bwr at the official positions (bwr's
// table entry ⌊256x⌋/255, e.g. 0.05 → entry 12 → R = G = 24/255·255 = 24).
func TestFigure1Colors(t *testing.T) {
	bn, snn := Figure1Colors()
	want := [6]color.RGBA{{24, 24, 255, 255}, {76, 76, 255, 255}, {128, 128, 255, 255}, {255, 126, 126, 255}, {255, 76, 76, 255}, {255, 24, 24, 255}}
	got := [6]color.RGBA{bn[0], bn[1], bn[2], snn[0], snn[1], snn[2]}
	if got != want {
		t.Errorf("colours %v, want %v", got, want)
	}
}

func TestLossCurves(t *testing.T) {
	bn, snn := Figure1Colors()
	fig, err := LossCurves(LossCurvesOptions{Curves: []Curve{
		{Label: "BatchNorm Depth 8", Color: bn[0], Y: []float64{2.3, 1.1, math.NaN(), 0.5}},
		{Label: "SNN Depth 8", Color: snn[0], Y: []float64{2.3, 0.9, 0.4, 0.2}},
		{Label: "empty", Color: snn[1], Y: []float64{math.Inf(1)}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var a, b bytes.Buffer
	if err := fig.Write(&a, "png", Page{}); err != nil {
		t.Fatal(err)
	}
	fig.Write(&b, "png", Page{})
	if !bytes.Equal(a.Bytes(), b.Bytes()) || a.Len() < 1000 {
		t.Errorf("PNG of %d bytes, not reproducible", a.Len())
	}
	if _, err := LossCurves(LossCurvesOptions{}); err == nil {
		t.Error("no curves: no error")
	}
}

func TestLossCurvesLinear(t *testing.T) {
	fig, err := LossCurves(LossCurvesOptions{LinearY: true, XLabel: "layer", Curves: []Curve{
		{Label: "a", Color: color.Black, X: []float64{1, 2, 3}, Y: []float64{-0.5, 0, 1}},
		{Label: "b", Color: color.Black, X: []float64{1, 2, 3}, Y: []float64{1, 1, 1}, Dashed: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if fig.Plot.Y.Min > -0.5 || fig.Plot.Y.Max < 1 || fig.Plot.X.Max != 3 {
		t.Errorf("axes [%g, %g] × [%g, %g]", fig.Plot.X.Min, fig.Plot.X.Max, fig.Plot.Y.Min, fig.Plot.Y.Max)
	}
	var buf bytes.Buffer
	if err := fig.Write(&buf, "svg", Page{}); err != nil {
		t.Fatal(err)
	}
}
