package figure

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/meanfield"
)

// TestCMapPaperPoint: at the defaults (the paper's fixed point) the centred
// map's fixed points are c = 0 and c = 1 only, with the slopes of
// meanfield/testdata/meanfield.csv (mpmath, row 0: slope0 and slope1 = χ₁),
// and the figure names them.
func TestCMapPaperPoint(t *testing.T) {
	f, d, err := cmap(CMapOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []cmapFixed{{0, 0.9706803523007102566}, {1, 1.071574992455799110054078}}
	if len(d.fixed) != 2 {
		t.Fatalf("fixed points %+v, want c = 0 and 1", d.fixed)
	}
	for i, w := range want {
		if got := d.fixed[i]; got.C != w.C || math.Abs(got.Slope-w.Slope) > 1e-12 {
			t.Errorf("fixed point %+v, want %+v", got, w)
		}
	}
	var buf bytes.Buffer
	if err := f.WriteSVG(&buf, Page{}); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"c* = 0, slope 0.9707", "attracts: e-fold in 33.6 layers", "c* = 1, slope 1.072", "repels: e-fold in 14.5 layers"} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("the legend lacks %q", s)
		}
	}
}

// TestCMapFixedPoints: the centred map's fixed points and slopes are
// meanfield's Analyze (its own scan, step 0.05) at other points, and the
// uncentred map's fixed point next to c = 1 (closer to it than the scan's
// step) is found: c̃(c*) = c* to 1e-14, with c̃ − c of opposite signs on
// either side.
func TestCMapFixedPoints(t *testing.T) {
	for _, c := range []struct {
		g  mapping.Map
		at *fixedpoint.Point
	}{
		{mapping.Map{Tau: 0.5625}, nil},
		{mapping.Map{Omega: 0.5, Tau: 1.5}, nil},
		{mapping.Map{Omega: 1, Tau: 0.8}, &fixedpoint.Point{Mu: 0.5, Nu: 2}},
		{mapping.Map{F: mapping.ELU{Alpha: 1}, Tau: 2}, &fixedpoint.Point{Mu: 0.3, Nu: 1}},
		{mapping.Map{F: mapping.ReLU{}, Tau: 2}, &fixedpoint.Point{Mu: 1, Nu: 1}},
	} {
		_, d, err := cmap(CMapOptions{Map: c.g, At: c.at, Grid: 50})
		if err != nil {
			t.Fatal(err)
		}
		g, _ := mapOf(c.g)
		m, err := meanfield.NewMap(g.F, d.at.Mu, d.at.Nu, g.Omega, g.Tau)
		if err != nil {
			t.Fatal(err)
		}
		an, err := m.Analyze()
		if err != nil {
			t.Fatal(err)
		}
		if len(an.FixedPoints) != len(d.fixed) {
			t.Fatalf("%+v: fixed points %+v, Analyze %+v", c.g, d.fixed, an.FixedPoints)
		}
		for i, fp := range an.FixedPoints {
			if math.Abs(fp.C-d.fixed[i].C) > 1e-13 || math.Abs(fp.Slope-d.fixed[i].Slope) > 1e-13 {
				t.Errorf("%+v: fixed point %+v, Analyze %+v", c.g, d.fixed[i], fp)
			}
		}
	}

	_, d, err := cmap(CMapOptions{Map: mapping.Map{Tau: 0.5625}, Uncentred: true, Grid: 50})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := meanfield.NewMap(mapping.StandardSELU, d.at.Mu, d.at.Nu, 0, 0.5625)
	h := func(c float64) float64 { v, _ := m.At(c); return v.Uncentred - c }
	if len(d.fixed) != 2 || d.fixed[1].C != 1 {
		t.Fatalf("uncentred fixed points %+v, want one in (0.99, 1) and c = 1", d.fixed)
	}
	cs := d.fixed[0].C
	if !(cs > 0.99 && cs < 1) || math.Abs(h(cs)) > 1e-14 || !(h(cs-1e-6) > 0 && h(cs+1e-6) < 0) {
		t.Errorf("uncentred c* = %.17g: c̃ − c = %g there, %g and %g either side", cs, h(cs), h(cs-1e-6), h(cs+1e-6))
	}
	// Its slope is the centred map's times ν̃/E[f²].
	s, _ := m.Slope(cs)
	if want := s * m.Moments.Var / m.Moments.Second; math.Abs(d.fixed[0].Slope-want) > 1e-15 || !(want < 1) {
		t.Errorf("uncentred slope at c* %.17g, want %.17g (< 1)", d.fixed[0].Slope, want)
	}
}

// TestCMapNearIdentity: where f is linear on the net input's range (SELU at
// μω = 10, ντ = 1e-6) c̃(c) = c everywhere: no spurious fixed point, and
// the legend says why.
func TestCMapNearIdentity(t *testing.T) {
	f, d, err := cmap(CMapOptions{Map: mapping.Map{Omega: 1}, At: &fixedpoint.Point{Mu: 10, Nu: 1e-6}, Grid: 20})
	if err != nil {
		t.Fatal(err)
	}
	if !d.nearIdentity || len(d.fixed) != 2 {
		t.Errorf("near identity %v, fixed points %+v", d.nearIdentity, d.fixed)
	}
	var buf bytes.Buffer
	f.WriteSVG(&buf, Page{})
	if !strings.Contains(buf.String(), "nearly linear") {
		t.Error("the legend does not say that the map is nearly the identity")
	}
}

// TestCMapOrbit: every step of a cobweb is c̃ of the previous one, it stops
// within 1e-6 of a fixed point, and the legend counts its steps.
func TestCMapOrbit(t *testing.T) {
	f, d, err := cmap(CMapOptions{From: []float64{0.9, -0.8, 1}, C: [2]float64{-1, 1}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := meanfield.NewMap(mapping.StandardSELU, d.at.Mu, d.at.Nu, 0, 1)
	for _, web := range d.webs[:2] {
		for i := 1; i < len(web); i++ {
			if v, _ := m.At(web[i-1]); v.Centred != web[i] {
				t.Fatalf("step %d from %g: %g, want %g", i, web[i-1], web[i], v.Centred)
			}
		}
		// c = 0 attracts at the rate 0.9707: about ln(1e-6/0.9)/ln(0.9707)
		// = 461 steps from 0.9 (the slope is larger away from 0).
		if last := web[len(web)-1]; math.Abs(last) > 1e-6 || len(web) > 1000 {
			t.Errorf("from %g: ends at %g after %d steps", web[0], last, len(web)-1)
		}
	}
	if len(d.webs[2]) != 1 {
		t.Errorf("from the fixed point c = 1: %d steps", len(d.webs[2])-1)
	}
	var buf bytes.Buffer
	f.WriteSVG(&buf, Page{})
	if want := "cobweb from c = 0.9: " + strconv.Itoa(len(d.webs[0])-1) + " steps to c* = 0"; !strings.Contains(buf.String(), want) {
		t.Errorf("the legend lacks %q", want)
	}
}

// TestCMapBadOptions: what cannot be drawn is an error; no fixed point of g
// is ErrNoFixedPoint.
func TestCMapBadOptions(t *testing.T) {
	for name, o := range map[string]CMapOptions{
		"c range reversed": {C: [2]float64{0.5, -0.5}},
		"c range > 1":      {C: [2]float64{0, 1.5}},
		"c range NaN":      {C: [2]float64{math.NaN(), 1}},
		"start":            {From: []float64{1.01}},
		"start NaN":        {From: []float64{math.NaN()}},
		"steps":            {Steps: MaxCMapSteps + 1},
		"grid":             {Grid: MaxGrid + 1},
		"ν ≤ 0":            {At: &fixedpoint.Point{Mu: 0, Nu: 0}},
		"degenerate":       {Map: mapping.Map{F: mapping.ReLU{}, Omega: 1}, At: &fixedpoint.Point{Mu: -30, Nu: 1e-8}},
		"τ < 0":            {Map: mapping.Map{Tau: -1}},
	} {
		if _, err := CMap(o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, err := CMap(CMapOptions{Map: mapping.Map{Tau: 0.01}}); !errors.Is(err, ErrNoFixedPoint) {
		t.Errorf("τ = 0.01: %v, want ErrNoFixedPoint", err)
	}
}
