package fixedpoint

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// This file computes the attraction basin of the fixed point on a grid of
// starts (Basin, Classify): how many steps of g each start takes to reach it,
// or what happens instead. g itself on a grid is mapping.Map.Grid, orbits are
// Orbit and ℋ's spectral norm on a grid is jacobian.NormGrid.

// BasinStatus is what iterating g does from one start.
type BasinStatus uint8

const (
	// BasinConverged: the orbit came within the tolerance of the fixed point.
	BasinConverged BasinStatus = iota
	// BasinNotConverged: MaxIter steps were taken without reaching it.
	BasinNotConverged
	// BasinDiverged: ν grew above DivergeNu or |μ| above 1e6 (or μω, ντ
	// beyond what g can evaluate, see mapping.Normal).
	BasinDiverged
	// BasinCollapsed: ν fell below CollapseNu, or g could not be evaluated
	// at a tiny variance.
	BasinCollapsed
	// BasinElsewhere: the orbit stalled (a step below StallTol, relative)
	// away from the fixed point: it converged to another fixed point.
	BasinElsewhere
)

var basinStatusNames = [...]string{"converged", "not converged", "diverged", "collapsed", "converged elsewhere"}

func (s BasinStatus) String() string {
	if int(s) < len(basinStatusNames) {
		return basinStatusNames[s]
	}
	return fmt.Sprintf("BasinStatus(%d)", int(s))
}

// BasinSettings are optional settings of Basin; nil or zero fields mean the
// defaults.
type BasinSettings struct {
	// Tol: a start has converged when |μ − μ*| ≤ Tol·√ν* and
	// |ν − ν*| ≤ Tol·ν* (as in Orbit). Default 1e-6.
	Tol float64
	// MaxIter bounds the steps of g per start (default 1000).
	MaxIter int
	// DivergeNu: ν above it counts as diverged (default 1e6·max(ν*, 1)).
	DivergeNu float64
	// CollapseNu: ν below it counts as collapsed (default 1e-30·min(ν*, 1),
	// at least 1e-300: a standard deviation below 1e-15 of the fixed
	// point's is zero to float64 precision).
	CollapseNu float64
	// StallTol: a step with |Δμ| ≤ StallTol·√ν and |Δν| ≤ StallTol·ν away
	// from the fixed point means the orbit converged elsewhere (default
	// 1e-13, a few hundred times the rounding noise of g; keep Tol ≫
	// StallTol).
	StallTol float64
	// Workers is the number of goroutines (default all cores). The result
	// does not depend on it.
	Workers int
	// Progress, if not nil, is called about every 200 ms with the rows done.
	Progress func(done, total int)
	// Stop, if not nil, ends the work early when closed; the result is then
	// marked Partial and the rows not done are BasinNotConverged with 0
	// iterations.
	Stop <-chan struct{}
}

// MaxBasinStarts bounds a basin's grid: 16 million starts (4000 a side).
const MaxBasinStarts = 16_000_000

// MaxBasinIter bounds BasinSettings.MaxIter (the counts are int32, and a
// million steps per start is far beyond any convergence worth drawing).
const MaxBasinIter = 1_000_000

// check validates the settings (zero fields mean the defaults).
func (s *BasinSettings) check() error {
	if s == nil {
		return nil
	}
	bad := func(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) || v < 0 }
	switch {
	case bad(s.Tol) || s.Tol >= 1:
		return fmt.Errorf("fixedpoint: basin Tol must be in [0, 1), got %v", s.Tol)
	case s.MaxIter < 0 || s.MaxIter > MaxBasinIter:
		return fmt.Errorf("fixedpoint: basin MaxIter must be in [0, %d], got %d", MaxBasinIter, s.MaxIter)
	case bad(s.DivergeNu) || bad(s.CollapseNu) || bad(s.StallTol) || s.StallTol >= 1:
		return fmt.Errorf("fixedpoint: basin DivergeNu, CollapseNu must be finite and >= 0, StallTol in [0, 1), got %v, %v, %v", s.DivergeNu, s.CollapseNu, s.StallTol)
	case s.Workers < 0:
		return fmt.Errorf("fixedpoint: basin Workers must be >= 0, got %d", s.Workers)
	}
	return nil
}

// checkMap validates g and the fixed point for Basin and Classify.
func checkMap(g mapping.Map, fixed Point) error {
	if err := mapping.CheckActivation(g.F); err != nil {
		return err
	}
	if err := mapping.CheckMethod(g.Method); err != nil {
		return err
	}
	if _, ok := g.F.(mapping.ClosedFormer); g.Method == mapping.ClosedForm && !ok {
		return mapping.ErrMethod
	}
	if _, _, err := mapping.Normal(fixed.Mu, fixed.Nu, g.Omega, g.Tau); err != nil {
		return fmt.Errorf("fixed point: %w", err)
	}
	return nil
}

func (s *BasinSettings) withDefaults(fixed Point) BasinSettings {
	var set BasinSettings
	if s != nil {
		set = *s
	}
	if set.Tol <= 0 {
		set.Tol = 1e-6
	}
	if set.MaxIter <= 0 {
		set.MaxIter = 1000
	}
	if set.DivergeNu <= 0 {
		set.DivergeNu = 1e6 * math.Max(fixed.Nu, 1)
	}
	if set.CollapseNu <= 0 {
		set.CollapseNu = math.Max(1e-30*math.Min(fixed.Nu, 1), 1e-300)
	}
	if set.StallTol <= 0 {
		set.StallTol = 1e-13
	}
	if set.Workers <= 0 {
		set.Workers = runtime.GOMAXPROCS(0)
	}
	return set
}

// BasinResult is the attraction basin of a fixed point on a grid of starts.
// Cell k = i·len(Mus) + j is the start (Mus[j], Nus[i]).
type BasinResult struct {
	Mus, Nus []float64
	// Fixed is the fixed point the orbits are measured against.
	Fixed Point
	// Iterations is the number of steps of g taken: to converge, or until
	// the status was decided.
	Iterations []int32
	Status     []BasinStatus
	// Partial: Stop ended the work early.
	Partial bool
}

// Basin iterates g from every start (μ, ν) of the grid mus × nus until the
// orbit is within s.Tol of fixed, and records the number of steps and what
// happened (BasinStatus). Each start is iterated on its own (rows are shared
// among goroutines), so the result does not depend on the number of workers;
// there is no allocation per step. g is evaluated with g.Method; with Auto
// and SELU, by SELU's closed form where its error bound is below the
// accuracy goal 1e-13 (basinTolerance), the quadrature elsewhere, and in a
// small box around the fixed point, where orbits spend most of their steps,
// by Taylor polynomials of the moments accurate to the closed form's
// rounding (mapping.Taylor). Neither changes a count on the grids tested
// (TestBasinTolerance, TestBasinTaylor). At ω = 0, where g does not depend
// on μ, each row's orbit is followed once after the first step (the same
// counts, far faster). The error, if any, is returned before any work when a
// start cannot be evaluated.
func Basin(g mapping.Map, fixed Point, mus, nus []float64, s *BasinSettings) (BasinResult, error) {
	if err := s.check(); err != nil {
		return BasinResult{}, err
	}
	if err := checkMap(g, fixed); err != nil {
		return BasinResult{}, err
	}
	if n := float64(len(mus)) * float64(len(nus)); n > MaxBasinStarts {
		return BasinResult{}, fmt.Errorf("fixedpoint: a basin of %g starts, more than %g", n, float64(MaxBasinStarts))
	}
	set := s.withDefaults(fixed)
	for _, nu := range nus {
		if _, _, err := mapping.Normal(0, nu, g.Omega, g.Tau); err != nil {
			return BasinResult{}, err
		}
	}
	for _, mu := range mus {
		if _, _, err := mapping.Normal(mu, 1, g.Omega, 1); err != nil {
			return BasinResult{}, err
		}
	}
	res := BasinResult{
		Mus: mus, Nus: nus, Fixed: fixed,
		Iterations: make([]int32, len(mus)*len(nus)),
		Status:     make([]BasinStatus, len(mus)*len(nus)),
	}
	ev := newStepper(g, fixed)
	// At ω = 0, g does not depend on μ (μ̃ and ν̃ depend on μ only through
	// μω): after the first step every start of a row is at the same point,
	// whose orbit is then followed once per row. The counts are those of
	// iterating each start (TestBasinShortcut).
	shortcut := g.Omega == 0 && !noShortcut
	rowDone := make([]bool, len(nus))
	var done atomic.Int64
	var wg sync.WaitGroup
	workers := min(set.Workers, max(len(nus), 1))
	// Rows are handed out one at a time, so that a worker whose core is
	// busy with other work leaves its rows to the others.
	var next atomic.Int64
	for range workers {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(nus) || stopped(set.Stop) {
					return
				}
				row := Point{0, nus[i]}
				var tail stepResult
				if shortcut {
					tail = ev.afterFirst(row, fixed, &set)
				}
				for j, mu := range mus {
					k := i*len(mus) + j
					var n int
					var st BasinStatus
					if shortcut {
						n, st = ev.classifyRow(Point{mu, nus[i]}, fixed, &set, tail)
					} else {
						n, st = ev.classify(Point{mu, nus[i]}, fixed, &set, set.MaxIter)
					}
					res.Iterations[k], res.Status[k] = int32(n), st
				}
				rowDone[i] = true
				done.Add(1)
			}
		})
	}
	if set.Progress != nil {
		tick := time.NewTicker(200 * time.Millisecond)
		finished := make(chan struct{})
		go func() { wg.Wait(); close(finished) }()
	loop:
		for {
			select {
			case <-finished:
				break loop
			case <-tick.C:
				set.Progress(int(done.Load()), len(nus))
			}
		}
		tick.Stop()
		set.Progress(int(done.Load()), len(nus))
	} else {
		wg.Wait()
	}
	for i, ok := range rowDone {
		if !ok {
			res.Partial = true
			for j := range mus {
				res.Status[i*len(mus)+j] = BasinNotConverged
			}
		}
	}
	return res, nil
}

// Classify iterates g from start as Basin does for one cell and returns the
// steps taken and the status.
func Classify(g mapping.Map, fixed, start Point, s *BasinSettings) (int, BasinStatus, error) {
	if err := s.check(); err != nil {
		return 0, BasinNotConverged, err
	}
	if err := checkMap(g, fixed); err != nil {
		return 0, BasinNotConverged, err
	}
	if _, _, err := mapping.Normal(start.Mu, start.Nu, g.Omega, g.Tau); err != nil {
		return 0, BasinNotConverged, err
	}
	set := s.withDefaults(fixed)
	e := newStepper(g, fixed)
	n, st := e.classify(start, fixed, &set, set.MaxIter)
	return n, st, nil
}

// near is the convergence test of Orbit.
func near(p, target Point, tol float64) bool {
	return math.Abs(p.Mu-target.Mu) <= tol*math.Sqrt(target.Nu) && math.Abs(p.Nu-target.Nu) <= tol*target.Nu
}

// stepper evaluates g without boxing SELU into an interface per step.
type stepper struct {
	g      mapping.Map
	sf     mapping.SELU
	isSELU bool
	// near the fixed point (Auto only): SELU's moments as Taylor
	// polynomials (mapping.Taylor, accurate to the closed form's rounding),
	// where orbits spend most of their steps
	taylor   mapping.Taylor
	taylorOK bool
}

// newStepper returns the stepper of g for orbits towards fixed.
func newStepper(g mapping.Map, fixed Point) stepper {
	sf, ok := g.F.(mapping.SELU)
	e := stepper{g: g, sf: sf, isSELU: ok && g.Method != mapping.Quadrature}
	if e.isSELU && g.Method == mapping.Auto && !noTaylor {
		if y, x, err := mapping.Normal(fixed.Mu, fixed.Nu, g.Omega, g.Tau); err == nil {
			e.taylor, e.taylorOK = sf.NewTaylor(y, x)
		}
	}
	return e
}

// apply returns g(p), or the status that ends the orbit when g cannot be
// evaluated at p (diverged or collapsed).
func (e *stepper) apply(p Point) (Point, BasinStatus, bool) {
	if e.taylorOK {
		// In the model's box (inside the domain mapping.Normal accepts;
		// NaN is outside), the net input Normal would return.
		if y, x := p.Mu*e.g.Omega, p.Nu*e.g.Tau; e.taylor.In(y, x) {
			m := e.taylor.Moments(y, x)
			return Point{m.Mean, m.Var}, BasinConverged, true
		}
	}
	y, x, err := mapping.Normal(p.Mu, p.Nu, e.g.Omega, e.g.Tau)
	if err != nil {
		return Point{}, failStatus(p.Mu*e.g.Omega, p.Nu*e.g.Tau), false
	}
	var m mapping.Moments
	switch {
	case e.isSELU && e.g.Method == mapping.ClosedForm:
		m, _ = e.sf.ClosedForm(y, x)
	case e.isSELU:
		m = e.sf.EvaluateWithin(y, x, basinTolerance).Moments
	default:
		ev, err := mapping.EvaluateNormal(e.g.F, y, x, e.g.Method)
		if err != nil {
			return Point{}, failStatus(y, x), false
		}
		m = ev.Moments
	}
	if math.IsNaN(m.Mean) || math.IsNaN(m.Var) || math.IsInf(m.Mean, 0) || math.IsInf(m.Var, 0) {
		return Point{}, failStatus(y, x), false
	}
	return Point{m.Mean, m.Var}, BasinConverged, true
}

// failStatus says why g failed at a net input N(y, x): a huge mean or
// variance is divergence, a tiny variance collapse.
func failStatus(y, x float64) BasinStatus {
	if x < 1 && math.Abs(y) <= 1e6 {
		return BasinCollapsed
	}
	return BasinDiverged
}

// basinTolerance is the closed form's error bound up to which Basin takes it
// with Method Auto: the accuracy goal 1e-13 (mapping.AutoTolerance keeps a
// tenth of it). Between the two, Auto would integrate by quadrature, some
// forty times the cost, where orbits start at small ν (1.3 % of the steps of
// the default basin at ω = 0.5, a third of its time); a step count does not
// depend on such digits (TestBasinTolerance: the same counts). A variable
// for that test only.
var basinTolerance = 1e-13

// noTaylor disables the Taylor model near the fixed point (for its test).
var noTaylor = false

// noShortcut disables Basin's ω = 0 shortcut (for its test).
var noShortcut = false

// classify iterates g from p for at most maxIter steps.
func (e *stepper) classify(p, fixed Point, set *BasinSettings, maxIter int) (int, BasinStatus) {
	for it := 0; ; it++ {
		if near(p, fixed, set.Tol) {
			return it, BasinConverged
		}
		if it == maxIter {
			return it, BasinNotConverged
		}
		q, st, ok := e.step(p, fixed, set)
		if !ok {
			return it + 1, st
		}
		p = q
	}
}

// step is one step of classify: g(p), or the status that ends the orbit.
func (e *stepper) step(p, fixed Point, set *BasinSettings) (Point, BasinStatus, bool) {
	q, st, ok := e.apply(p)
	if !ok {
		return q, st, false
	}
	st, ok = check(p, q, fixed, set)
	return q, st, ok
}

// check decides whether the step p → q ends the orbit, and how.
func check(p, q, fixed Point, set *BasinSettings) (BasinStatus, bool) {
	switch {
	case q.Nu > set.DivergeNu || math.Abs(q.Mu) > 1e6:
		return BasinDiverged, false
	case !(q.Nu >= set.CollapseNu):
		return BasinCollapsed, false
	case math.Abs(q.Mu-p.Mu) <= set.StallTol*math.Sqrt(q.Nu) && math.Abs(q.Nu-p.Nu) <= set.StallTol*q.Nu && !near(q, fixed, set.Tol):
		return BasinElsewhere, false
	}
	return BasinConverged, true
}

// stepResult is the first step from a row's starts (ω = 0) and the orbit
// after it.
type stepResult struct {
	q      Point
	ok     bool
	st     BasinStatus // why the first step ends the orbit when !ok
	n      int         // steps after the first
	tailSt BasinStatus
}

// afterFirst takes the first step from (0, ν) (the same point for every μ
// at ω = 0) and follows the orbit from there.
func (e *stepper) afterFirst(row, fixed Point, set *BasinSettings) stepResult {
	q, st, ok := e.apply(row)
	r := stepResult{q: q, ok: ok, st: st}
	if !ok || set.MaxIter == 0 {
		return r
	}
	r.n, r.tailSt = e.classify(q, fixed, set, set.MaxIter-1)
	return r
}

// classifyRow is classify for a start of a row at ω = 0, given the row's
// first step.
func (e *stepper) classifyRow(p, fixed Point, set *BasinSettings, t stepResult) (int, BasinStatus) {
	if near(p, fixed, set.Tol) {
		return 0, BasinConverged
	}
	if set.MaxIter == 0 {
		return 0, BasinNotConverged
	}
	if !t.ok {
		return 1, t.st
	}
	if st, ok := check(p, t.q, fixed, set); !ok {
		return 1, st
	}
	return 1 + t.n, t.tailSt
}

// stopped reports whether c is closed (a nil channel never is).
func stopped(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}
