package figure

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// References of testdata/gen_phase.py (testdata/phase.txt: mpmath, the
// definitions integrated directly, bisection to 1e-30).
const (
	// tau0Ref: χ₁ = τ·E[f′(z)²] = 1 for z ~ N(0, τ), standardised inputs.
	tau0Ref = 0.9190645072916959905630003
	// omegaUpRef, omegaDownRef: the spectral radius of ℋ at the fixed point
	// (0, 1) of τ = 1 is 1.
	omegaUpRef   = 0.9016591072169710776941303
	omegaDownRef = -1.030787263087097077763626
)

// TestPhaseWorkers: the scan, and the figure's bytes, do not depend on the
// number of workers; the window has all three kinds of cells.
func TestPhaseWorkers(t *testing.T) {
	var ref *phaseData
	var refSVG []byte
	for _, w := range []int{1, 2, 5} {
		f, d, err := phase(PhaseOptions{Grid: 24, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.WriteSVG(&buf, Page{Width: 8, Height: 5}); err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref, refSVG = d, buf.Bytes()
			for _, s := range []int{phaseStable, phaseUnstable, phaseNoFixed} {
				if d.count[s] == 0 {
					t.Errorf("no cell of status %d in the default window", s)
				}
			}
			continue
		}
		if !slices.Equal(d.chi1, ref.chi1) || !slices.Equal(d.rho, ref.rho) || !slices.Equal(d.status, ref.status) {
			t.Errorf("%d workers: another scan than 1 worker", w)
		}
		if !bytes.Equal(buf.Bytes(), refSVG) {
			t.Errorf("%d workers: other bytes than 1 worker", w)
		}
	}
}

// TestPhaseEdgeOfChaos: with χ₁ at standardised inputs (μ, ν) = (0, 1),
// nothing depends on ω (μω = 0), and the contour χ₁ = 1 is the vertical
// line τ = tau0Ref across the whole ω range, ω = 0 included: within 5e-6 on
// a window of 31 cells 0.005 wide (measured 5.4e-7), and within 5e-5 on the
// default window with 60 cells 0.028 wide (measured 1.8e-5; marching
// squares interpolates χ₁ linearly between cell centres).
func TestPhaseEdgeOfChaos(t *testing.T) {
	at := &fixedpoint.Point{Mu: 0, Nu: 1}
	for _, c := range []struct {
		o   PhaseOptions
		tol float64
	}{
		{PhaseOptions{At: at, X: [2]float64{0.85, 1.005}, Y: [2]float64{-0.5, 0.5}, Grid: 31}, 5e-6},
		{PhaseOptions{At: at, Grid: 60}, 5e-5},
	} {
		_, d, err := phase(c.o)
		if err != nil {
			t.Fatal(err)
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		worst := 0.0
		for _, line := range d.chiLines {
			for _, p := range line {
				worst = math.Max(worst, math.Abs(p.Mu-tau0Ref))
				lo, hi = math.Min(lo, p.Nu), math.Max(hi, p.Nu)
			}
		}
		if len(d.chiLines) != 1 || worst > c.tol {
			t.Errorf("%+v: %d lines, off τ0 = %.10g by up to %.3g (tolerance %.3g)", c.o.X, len(d.chiLines), tau0Ref, worst, c.tol)
		}
		// The line runs between the first and last rows' centres, through ω = 0.
		h := (d.ay.Hi - d.ay.Lo) / float64(d.ay.N)
		if math.Abs(lo-(d.ay.Lo+h/2)) > 1e-12 || math.Abs(hi-(d.ay.Hi-h/2)) > 1e-12 {
			t.Errorf("%+v: the line spans ω in [%g, %g]", c.o.X, lo, hi)
		}
	}
}

// TestPhaseStabilityBoundary: at the fixed point of g, the dashed contour
// ρ(ℋ) = 1 crosses τ = 1 at omegaUpRef and omegaDownRef, within 1e-5
// (measured 2.7e-6 and 2e-8; cells 0.005 high; marching squares
// interpolates linearly along the column τ = 1, the first column's centre,
// where the fixed point is (0, 1) for every ω). Just below τ = 1 Newton
// finds no fixed point near the upper crossing, where ℋ − I is nearly
// singular.
func TestPhaseStabilityBoundary(t *testing.T) {
	for _, c := range []struct {
		y    [2]float64
		want float64
	}{
		{[2]float64{0.8, 1}, omegaUpRef},
		{[2]float64{-1.1, -0.9}, omegaDownRef},
	} {
		_, d, err := phase(PhaseOptions{X: [2]float64{0.99875, 1.09875}, Y: c.y, Grid: 40})
		if err != nil {
			t.Fatal(err)
		}
		if x := d.ax.Points()[0]; math.Abs(x-1) > 1e-15 {
			t.Fatalf("first column at τ = %.17g", x)
		}
		var got []float64
		for _, line := range d.rhoLines {
			for _, p := range line {
				if math.Abs(p.Mu-1) <= 1e-15 {
					got = append(got, p.Nu)
				}
			}
		}
		if len(got) != 1 || math.Abs(got[0]-c.want) > 1e-5 {
			t.Errorf("ρ(H) = 1 on τ = 1 at ω = %.8g; want once at %.8g", got, c.want)
		}
	}
}

// TestPhaseCells: the cells are the right (τ, ω) and (α, λ): the spectral
// radius of ℋ at the fixed point against testdata/fixedpoints.csv (mpmath;
// rows 2, 4, 31, 33), cell centres placed exactly on those points, and χ₁ at
// the paper's point against meanfield/testdata/meanfield.csv (row 0).
func TestPhaseCells(t *testing.T) {
	// Grid 2: the centres are at a quarter and three quarters of each range.
	_, d, err := phase(PhaseOptions{X: [2]float64{0.575, 1.475}, Y: [2]float64{-0.875, 0.625}, Grid: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{ // cell k = i·2 + j: (τ, ω) = (0.8 or 1.25, −0.5 or 0.25)
		0.8233678912418245181975661, // τ = 0.8, ω = −0.5 (row 2)
		0.7470536501228205560438654, // τ = 1.25, ω = −0.5 (row 4)
		0.8179299677491751973989525, // τ = 0.8, ω = 0.25 (row 31)
		0.8073674766649988338167976, // τ = 1.25, ω = 0.25 (row 33)
	}
	for k, w := range want {
		if d.status[k] != phaseStable || math.Abs(d.rho[k]-w) > 1e-12 {
			t.Errorf("cell %d: status %d, ρ = %.17g, want %.17g", k, d.status[k], d.rho[k], w)
		}
		if !(d.chi1[k] >= 1) {
			t.Errorf("cell %d: χ₁ = %g < 1 at a fixed point", k, d.chi1[k])
		}
	}
	a, l := mapping.Alpha01, mapping.Lambda01
	_, d, err = phase(PhaseOptions{Plane: AlphaLambda, X: [2]float64{a - 0.1, a + 0.3}, Y: [2]float64{l - 0.1, l + 0.3}, Grid: 2})
	if err != nil {
		t.Fatal(err)
	}
	const rho0, chi0 = 0.7826478831968128707496449, 1.071574992455799110054078
	if math.Abs(d.rho[0]-rho0) > 1e-12 || math.Abs(d.chi1[0]-chi0) > 1e-12 {
		t.Errorf("(α01, λ01): ρ = %.17g, χ₁ = %.17g; want %.17g, %.17g", d.rho[0], d.chi1[0], rho0, chi0)
	}
}

// TestPhaseNoOrderedRegion: at the fixed point of g, χ₁ ≥ 1 in every cell
// (the Gaussian Poincaré inequality: Var f(z) ≤ ντ·E[f′²] with ν~ = ν), so
// there is no χ₁ = 1 contour, and the figure says so.
func TestPhaseNoOrderedRegion(t *testing.T) {
	for _, o := range []PhaseOptions{{Grid: 40}, {Grid: 30, Plane: AlphaLambda}, {Grid: 20, Map: mapping.Map{F: mapping.ELU{Alpha: 1}}}} {
		f, d, err := phase(o)
		if err != nil {
			t.Fatal(err)
		}
		for k, s := range d.status {
			if (s == phaseStable || s == phaseUnstable) && d.chi1[k] < 1-1e-12 {
				t.Errorf("%+v: χ₁ = %.17g < 1 at a fixed point", o, d.chi1[k])
			}
		}
		if len(d.chiLines) != 0 {
			t.Errorf("%+v: a χ₁ = 1 contour at fixed points", o)
		}
		var buf bytes.Buffer
		f.WriteSVG(&buf, Page{})
		if !strings.Contains(buf.String(), "not on this grid") || !strings.Contains(strings.Join(f.Caption, " "), "Poincaré") {
			t.Errorf("%+v: the figure does not say why there is no edge of chaos", o)
		}
	}
}

// TestPhaseBadOptions: what cannot be drawn is an error.
func TestPhaseBadOptions(t *testing.T) {
	for name, o := range map[string]PhaseOptions{
		"plane":       {Plane: 7},
		"grid 1":      {Grid: 1},
		"grid big":    {Grid: MaxPhaseGrid + 1},
		"workers":     {Workers: -1},
		"reversed":    {X: [2]float64{2, 1}},
		"NaN":         {Y: [2]float64{0, math.NaN()}},
		"τ ≤ 0":       {X: [2]float64{0, 1}},
		"τ huge":      {X: [2]float64{1, 1e13}},
		"ω huge at μ": {Y: [2]float64{0, 1e7}, At: &fixedpoint.Point{Mu: 1, Nu: 1}},
		"ν ≤ 0":       {At: &fixedpoint.Point{Mu: 0, Nu: -1}},
		"α ≤ 0":       {Plane: AlphaLambda, X: [2]float64{-1, 1}},
		"λ huge":      {Plane: AlphaLambda, Y: [2]float64{1, 1e7}},
		"not SELU":    {Plane: AlphaLambda, Map: mapping.Map{F: mapping.ReLU{}}},
		"τ < 0 (αλ)":  {Plane: AlphaLambda, Map: mapping.Map{Tau: -1}},
		"activation":  {Map: mapping.Map{F: mapping.SELU{Alpha: -1, Lambda: 1}}},
	} {
		if _, err := Phase(o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestPhaseStopProgress: a closed Stop ends the scan with ErrStopped and no
// figure; Progress ends with every row done.
func TestPhaseStopProgress(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	if f, err := Phase(PhaseOptions{Grid: 10, Stop: stop}); !errors.Is(err, ErrStopped) || f != nil {
		t.Errorf("stopped scan: %v", err)
	}
	var last [2]int
	if _, err := Phase(PhaseOptions{Grid: 10, Progress: func(done, total int) { last = [2]int{done, total} }}); err != nil {
		t.Fatal(err)
	}
	if last != [2]int{10, 10} {
		t.Errorf("last progress %v, want 10 of 10 rows", last)
	}
}

// TestPhaseCellNoAlloc: a cell allocates nothing beyond what
// fixedpoint.Find does (none at ω = 0.1, τ = 1.05, TestFindNoAlloc's point),
// with χ₁ at the fixed point or at given statistics.
func TestPhaseCellNoAlloc(t *testing.T) {
	var f mapping.Activation = mapping.StandardSELU
	for _, o := range []*PhaseOptions{{}, {At: &fixedpoint.Point{Mu: 0, Nu: 1}}} {
		if a := testing.AllocsPerRun(20, func() { phaseCell(o, f, 1.05, 0.1) }); a != 0 {
			t.Errorf("At %v: %g allocations per cell", o.At, a)
		}
	}
}
