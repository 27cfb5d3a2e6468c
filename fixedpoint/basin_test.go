package fixedpoint

import (
	"math"
	"slices"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// rho01 is the spectral radius of ℋ at (0, 1) for ω = 0, τ = 1, α01, λ01:
// ℋ = [[0, 0.08883475510689011], [0, 0.7826478831968123]] is triangular, so
// its eigenvalues are 0 and ℋ22 (paper-facts.md §4, Mathematica notebook).
const rho01 = 0.7826478831968123

var g01 = mapping.Map{F: mapping.StandardSELU, Omega: 0, Tau: 1}

// cells returns the centres of n equal cells of [lo, hi] (equal in log
// scale if log), the grids of the figures (figure.CellAxis).
func cells(lo, hi float64, n int, log bool) []float64 {
	pts := make([]float64, n)
	for k := range pts {
		t := (float64(k) + 0.5) / float64(n)
		if log {
			pts[k] = math.Exp(math.Log(lo) + t*(math.Log(hi)-math.Log(lo)))
		} else {
			pts[k] = lo + t*(hi-lo)
		}
	}
	return pts
}

// TestBasinAtFixedPoint: the start (0, 1) is the fixed point at ω = 0, τ = 1
// (α01, λ01 solve μ̃ = 0, ν̃ = 1 there, paper eq. 14): 0 steps.
func TestBasinAtFixedPoint(t *testing.T) {
	n, st, err := Classify(g01, Point{0, 1}, Point{0, 1}, nil)
	if err != nil || n != 0 || st != BasinConverged {
		t.Errorf("(0, 1): %d steps, %v, %v", n, st, err)
	}
}

// TestBasinLinearRate: near (0, 1) the error shrinks by ℋ's spectral radius
// 0.7826478831968123 per step (ℋ is triangular with ℋ11 = 0: after one step
// the μ error is ℋ12·δν and ν's error δν·ρⁿ), so a start (0, 1 + δ) needs
// the first n with δ·ρⁿ ≤ tol, ⌈log(tol/δ)/log ρ⌉ steps (second-order terms
// are O(δ²), far below the margin of one step).
func TestBasinLinearRate(t *testing.T) {
	for _, c := range []struct{ delta, tol float64 }{{1e-3, 1e-6}, {-1e-3, 1e-6}, {1e-2, 1e-8}, {1e-4, 1e-10}} {
		want := int(math.Ceil(math.Log(c.tol/math.Abs(c.delta)) / math.Log(rho01)))
		n, st, err := Classify(g01, Point{0, 1}, Point{0, 1 + c.delta}, &BasinSettings{Tol: c.tol})
		if err != nil || st != BasinConverged || n < want-1 || n > want+1 {
			t.Errorf("δ = %g, tol = %g: %d steps (%v, %v), want %d ± 1", c.delta, c.tol, n, st, err, want)
		}
	}
}

// TestBasinMatchesOrbit: Classify counts the same steps as Orbit, which
// iterates g through mapping.Evaluate (a separate code path).
func TestBasinMatchesOrbit(t *testing.T) {
	for _, omega := range []float64{0, 0.1, -0.5} {
		g := mapping.Map{F: mapping.StandardSELU, Omega: omega, Tau: 1.05}
		r, err := Find(mapping.StandardSELU, omega, 1.05, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, start := range []Point{{-0.9, 0.02}, {0.3, 3.7}, {0.05, 1.1}, {1, 1}} {
			want, reached, err := Orbit(g, start, r.Point, 1e-6, 1000, nil)
			n, st, err2 := Classify(g, r.Point, start, nil)
			if err != nil || err2 != nil || !reached || st != BasinConverged || n != want {
				t.Errorf("ω = %g from %v: Classify %d (%v), Orbit %d (%v)", omega, start, n, st, want, reached)
			}
		}
	}
}

// TestBasinStatuses: each status where it must occur.
func TestBasinStatuses(t *testing.T) {
	// Under ω = τ = 1 (the notebook's convention) (0, 1) is a fixed point of
	// g for α01, λ01 but repels (ℋ's spectral radius 1.0768 > 1): a negative
	// mean drives every unit into SELU's saturation (ν → 0), a positive one
	// grows without bound.
	g11 := mapping.Map{F: mapping.StandardSELU, Omega: 1, Tau: 1}
	r, err := Find(mapping.StandardSELU, 1, 1, nil)
	if err != nil || r.Stable {
		t.Fatalf("ω = τ = 1: %+v, %v", r, err)
	}
	for _, c := range []struct {
		start Point
		want  BasinStatus
	}{{Point{-1, 1}, BasinCollapsed}, {Point{1, 1}, BasinDiverged}, {Point{-1.5, 3}, BasinCollapsed}, {Point{0.5, 0.1}, BasinDiverged}} {
		_, st, err := Classify(g11, r.Point, c.start, nil)
		if err != nil || st != c.want {
			t.Errorf("ω = τ = 1 from %v: %v, want %v", c.start, st, c.want)
		}
	}
	// Measured against a point that is not the fixed point, orbits stall
	// at (0, 1): converged elsewhere.
	n, st, _ := Classify(g01, Point{0.5, 2}, Point{0.2, 0.5}, nil)
	if st != BasinElsewhere || n < 100 {
		t.Errorf("wrong target: %d steps, %v", n, st)
	}
	// Too few steps allowed.
	n, st, _ = Classify(g01, Point{0, 1}, Point{0.2, 0.5}, &BasinSettings{MaxIter: 5})
	if st != BasinNotConverged || n != 5 {
		t.Errorf("MaxIter 5: %d steps, %v", n, st)
	}
	// A variance far below the fixed point's collapses at once with a small
	// τ (ν̃ ≈ 0.3·ν for ν ≪ 1 at τ = 0.1).
	n, st, _ = Classify(mapping.Map{F: mapping.StandardSELU, Tau: 0.1}, Point{0, 1}, Point{0, 1e-20}, &BasinSettings{CollapseNu: 1e-25})
	if st != BasinCollapsed || n < 1 || n > 20 {
		t.Errorf("collapse: %d steps, %v", n, st)
	}
	if BasinElsewhere.String() != "converged elsewhere" || BasinStatus(9).String() != "BasinStatus(9)" {
		t.Errorf("names %q %q", BasinElsewhere, BasinStatus(9))
	}
}

// TestBasinDeterministic: the same counts for any number of workers, and the
// ω = 0 shortcut gives the counts of iterating every start.
func TestBasinDeterministic(t *testing.T) {
	mus := cells(-1, 1, 21, false)
	nus := cells(0.01, 4, 17, true)
	for _, omega := range []float64{0, 0.3} {
		g := mapping.Map{F: mapping.StandardSELU, Omega: omega, Tau: 1}
		r, err := Find(mapping.StandardSELU, omega, 1, nil)
		if err != nil {
			t.Fatal(err)
		}
		var first BasinResult
		for _, w := range []int{1, 2, 3, 7} {
			b, err := Basin(g, r.Point, mus, nus, &BasinSettings{Workers: w, MaxIter: 200})
			if err != nil {
				t.Fatal(err)
			}
			if w == 1 {
				first = b
				continue
			}
			if !slices.Equal(b.Iterations, first.Iterations) || !slices.Equal(b.Status, first.Status) {
				t.Errorf("ω = %g: %d workers differ from 1", omega, w)
			}
		}
		if omega == 0 {
			noShortcut = true
			slow, err := Basin(g, r.Point, mus, nus, &BasinSettings{MaxIter: 200})
			noShortcut = false
			if err != nil || !slices.Equal(slow.Iterations, first.Iterations) || !slices.Equal(slow.Status, first.Status) {
				t.Errorf("ω = 0: the shortcut differs from iterating every start")
			}
			// and with a budget that cuts orbits short
			noShortcut = true
			slow, _ = Basin(g, r.Point, mus, nus, &BasinSettings{MaxIter: 40})
			noShortcut = false
			fast, _ := Basin(g, r.Point, mus, nus, &BasinSettings{MaxIter: 40})
			if !slices.Equal(slow.Iterations, fast.Iterations) || !slices.Equal(slow.Status, fast.Status) {
				t.Errorf("ω = 0, MaxIter 40: the shortcut differs from iterating every start")
			}
		}
		// Cell (i, j) is the start (mus[j], nus[i]).
		i, j := 5, 13
		n, st, _ := Classify(g, r.Point, Point{mus[j], nus[i]}, &BasinSettings{MaxIter: 200})
		if k := i*len(mus) + j; int(first.Iterations[k]) != n || first.Status[k] != st {
			t.Errorf("ω = %g: cell (%d, %d) = %d %v, Classify %d %v", omega, i, j, first.Iterations[k], first.Status[k], n, st)
		}
	}
}

func TestBasinStopAndErrors(t *testing.T) {
	stop := make(chan struct{})
	close(stop)
	b, err := Basin(g01, Point{0, 1}, []float64{0, 1}, []float64{1, 2}, &BasinSettings{Stop: stop})
	if err != nil || !b.Partial || b.Status[0] != BasinNotConverged {
		t.Errorf("stopped: %+v, %v", b, err)
	}
	if _, err := Basin(g01, Point{0, 1}, []float64{0}, []float64{-1}, nil); err == nil {
		t.Error("ν = −1 accepted")
	}
	if _, err := Basin(g01, Point{0, 0}, []float64{0}, []float64{1}, nil); err == nil {
		t.Error("fixed point with ν = 0 accepted")
	}
	calls := 0
	if _, err := Basin(g01, Point{0, 1}, []float64{0}, []float64{1, 2}, &BasinSettings{Progress: func(done, total int) { calls++ }}); err != nil || calls == 0 {
		t.Errorf("progress called %d times, %v", calls, err)
	}
}

func TestClassifyNoAlloc(t *testing.T) {
	g := mapping.Map{F: mapping.StandardSELU, Omega: 0.1, Tau: 1}
	allocs := testing.AllocsPerRun(20, func() {
		Classify(g, Point{0, 1}, Point{0.5, 2}, nil)
	})
	if allocs != 0 {
		t.Errorf("%g allocations per orbit", allocs)
	}
}

func BenchmarkBasin400Omega0(b *testing.B) {
	mus := cells(-1, 1, 400, false)
	nus := cells(0.01, 4, 400, false)
	for b.Loop() {
		Basin(g01, Point{0, 1}, mus, nus, nil)
	}
}

// BenchmarkBasin100Omega01 is the general case (no shortcut): 10⁴ starts.
func BenchmarkBasin100Omega01(b *testing.B) {
	g := mapping.Map{F: mapping.StandardSELU, Omega: 0.1, Tau: 1}
	r, _ := Find(g.F, 0.1, 1, nil)
	mus := cells(-1, 1, 100, false)
	nus := cells(0.01, 4, 100, false)
	for b.Loop() {
		Basin(g, r.Point, mus, nus, nil)
	}
}

// TestBasinTolerance: Basin's closed form up to 1e-13 (basinTolerance) gives
// the counts and statuses of the default evaluator (Auto, 1e-14) at every
// start, on grids whose small-ν rows need the quadrature under Auto (the
// default window of the basin command, 120 × 120, at ω = 0.5 and at
// ω = −0.3, τ = 1.2).
func TestBasinTolerance(t *testing.T) {
	if testing.Short() {
		t.Skip("two basins of 14,400 starts, twice")
	}
	for _, g := range []mapping.Map{
		{F: mapping.StandardSELU, Omega: 0.5, Tau: 1},
		{F: mapping.StandardSELU, Omega: -0.3, Tau: 1.2},
	} {
		fp, err := Find(g.F, g.Omega, g.Tau, nil)
		if err != nil {
			t.Fatal(err)
		}
		mus, nus := cells(-1, 1, 120, false), cells(0.01, 4, 120, false)
		got, err := Basin(g, fp.Point, mus, nus, nil)
		if err != nil {
			t.Fatal(err)
		}
		basinTolerance = mapping.AutoTolerance
		want, err := Basin(g, fp.Point, mus, nus, nil)
		basinTolerance = 1e-13
		if err != nil {
			t.Fatal(err)
		}
		differ := 0
		for k := range want.Status {
			if got.Status[k] != want.Status[k] || got.Iterations[k] != want.Iterations[k] {
				differ++
			}
		}
		if differ != 0 {
			t.Errorf("omega %v: %d of %d starts differ from the default evaluator's", g.Omega, differ, len(want.Status))
		}
	}
}

// TestBasinTaylor: with the Taylor model near the fixed point, Basin gives
// the counts and statuses of evaluating g as usual at every step, at every
// start (the default window, 120 × 120, at ω = 0.5, at ω = −0.3, τ = 1.2,
// and at the fixed point (0, 2) of α02, λ02 at ω = 0.1), and Classify the
// same as Basin.
func TestBasinTaylor(t *testing.T) {
	if testing.Short() {
		t.Skip("three basins of 14,400 starts, twice")
	}
	selu02 := mapping.SELU{Alpha: 1.9712557503462642, Lambda: 1.0607090761030131} // getSeluParameters(0, 2), paper-facts.md §3
	for _, g := range []mapping.Map{
		{F: mapping.StandardSELU, Omega: 0.5, Tau: 1},
		{F: mapping.StandardSELU, Omega: -0.3, Tau: 1.2},
		{F: selu02, Omega: 0.1, Tau: 1},
	} {
		fp, err := Find(g.F, g.Omega, g.Tau, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e := newStepper(g, fp.Point); !e.taylorOK {
			t.Fatalf("omega %v: no Taylor model at the fixed point %v", g.Omega, fp.Point)
		}
		mus, nus := cells(-1, 1, 120, false), cells(0.01, 4, 120, false)
		got, err := Basin(g, fp.Point, mus, nus, nil)
		if err != nil {
			t.Fatal(err)
		}
		noTaylor = true
		want, err := Basin(g, fp.Point, mus, nus, nil)
		noTaylor = false
		if err != nil {
			t.Fatal(err)
		}
		differ := 0
		for k := range want.Status {
			if got.Status[k] != want.Status[k] || got.Iterations[k] != want.Iterations[k] {
				differ++
			}
		}
		if differ != 0 {
			t.Errorf("omega %v: %d of %d starts differ", g.Omega, differ, len(want.Status))
		}
		for _, k := range []int{0, 7777, 14399} {
			n, st, err := Classify(g, fp.Point, Point{mus[k%120], nus[k/120]}, nil)
			if err != nil || n != int(got.Iterations[k]) || st != got.Status[k] {
				t.Errorf("omega %v: Classify start %d: %d %v %v, Basin %d %v", g.Omega, k, n, st, err, got.Iterations[k], got.Status[k])
			}
		}
	}
}
