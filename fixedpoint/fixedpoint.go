package fixedpoint

import (
	"errors"
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// Point is a pair (μ, ν) of mean and variance.
type Point struct {
	Mu, Nu float64
}

// Settings are optional settings of Find; nil means the defaults.
type Settings struct {
	// From is the start of Newton's method; the zero value means (0, 1).
	From Point
	// MaxIter bounds the Newton steps (default 50).
	MaxIter int
	// Tol is the relative step size at which Newton stops: |Δμ| ≤ Tol·√ν and
	// |Δν| ≤ Tol·ν (default 1e-14; the step after that is below 1e-16).
	Tol float64
}

// Result is a fixed point of g with its stability.
type Result struct {
	Point
	// Iterations is the number of Newton steps taken.
	Iterations int
	// Residual is g(p) − p at the returned point, (μ̃ − μ)/√ν and (ν̃ − ν)/ν.
	Residual Point
	// H is the Jacobian ℋ of g at the fixed point.
	H jacobian.Result
	// Stable: the spectral radius of ℋ is below 1 (the point attracts).
	Stable bool
	// Contracting: the spectral norm of ℋ is below 1 (g contracts in the
	// Euclidean norm near the point).
	Contracting bool
	// ResidualTol is the bound that Find guarantees for the scaled residual:
	// |Residual| ≤ ResidualTol = max(stallResidual, 10·Tol), the step
	// tolerance with room for ‖ℋ − I‖ (|F| ≈ |(ℋ − I)δ|) near a fixed point,
	// or the rounding noise of evaluating g, whichever is larger.
	ResidualTol float64
}

// ErrNoFixedPoint is returned (wrapped with what was tried) when Newton's
// method does not converge to a point with ν > 0.
var ErrNoFixedPoint = errors.New("no fixed point found")

// Find returns a fixed point of g = Map{f, ω, τ}: Newton's method on
// F(p) = g(p) − p with Jacobian ℋ − I, each step halved until it keeps ν > 0
// and decreases |F| (scaled by √ν and ν); when no halving helps, the step is
// replaced by one application of g. It does not allocate on success.
//
// Domain: f as mapping.CheckActivation, (From, ω, τ) as mapping.Normal,
// MaxIter in [0, MaxIterLimit] and Tol in [0, MaxTol] (0 selects the
// defaults). A point is returned only if its scaled residual |g(p) − p| is
// within Result.ResidualTol; otherwise, and when Newton fails, the error
// wraps ErrNoFixedPoint and says why.
func Find(f mapping.Activation, omega, tau float64, settings *Settings) (Result, error) {
	from, maxIter, tol := Point{0, 1}, 50, 1e-14
	if settings != nil {
		if settings.From != (Point{}) {
			from = settings.From
		}
		if settings.MaxIter < 0 || settings.MaxIter > MaxIterLimit {
			return Result{}, fmt.Errorf("fixedpoint: MaxIter must be in [0, %d], got %d", MaxIterLimit, settings.MaxIter)
		}
		if settings.MaxIter > 0 {
			maxIter = settings.MaxIter
		}
		if !(settings.Tol >= 0 && settings.Tol <= MaxTol) { // also NaN
			return Result{}, fmt.Errorf("fixedpoint: Tol must be in [0, %g], got %v", MaxTol, settings.Tol)
		}
		if settings.Tol > 0 {
			tol = settings.Tol
		}
	}
	if _, _, err := mapping.Normal(from.Mu, from.Nu, omega, tau); err != nil {
		return Result{}, err
	}
	p := from
	// Far from the fixed point the closed form is accurate enough to steer
	// Newton and much faster; the last steps use the default evaluator,
	// whose moments keep every digit (the residual needs them).
	js := &fastSettings
	if _, isCF := f.(mapping.ClosedFormer); !isCF {
		js = nil
	}
	h, err := jacobian.At(f, p.Mu, p.Nu, omega, tau, jacobian.Variance, js)
	if err != nil {
		return Result{}, err
	}
	res := residual(p, h.Moments)
	// The best point so far, for when rounding noise stalls the iteration.
	bestP, bestH, bestRes, stalled := p, h, res, 0
	for it := 1; it <= maxIter; it++ {
		// Newton step: (ℋ − I)δ = −F.
		a := h.M
		a[0][0]--
		a[1][1]--
		fm, fv := h.Moments.Mean-p.Mu, h.Moments.Var-p.Nu
		det := a[0][0]*a[1][1] - a[0][1]*a[1][0]
		dm := (-fm*a[1][1] + fv*a[0][1]) / det
		dv := (-fv*a[0][0] + fm*a[1][0]) / det
		if math.IsNaN(dm) || math.IsNaN(dv) || math.IsInf(dm, 0) || math.IsInf(dv, 0) {
			dm, dv = fm, fv // singular: fall back to p ← g(p)
		}
		accepted := false
		var q Point
		var hq jacobian.Result
		for k, t := 0, 1.0; k < 40; k, t = k+1, t/2 {
			q = Point{p.Mu + t*dm, p.Nu + t*dv}
			if !(q.Nu > 0) {
				continue
			}
			hq, err = jacobian.At(f, q.Mu, q.Nu, omega, tau, jacobian.Variance, js)
			if err != nil {
				continue
			}
			if rq := residual(q, hq.Moments); norm(rq) < norm(res) || norm(rq) == 0 || t == 1 && small(dm, dv, q, tol*1e3) {
				accepted = true
				break
			}
		}
		if !accepted {
			// One step of g itself.
			q = Point{h.Moments.Mean, h.Moments.Var}
			if hq, err = jacobian.At(f, q.Mu, q.Nu, omega, tau, jacobian.Variance, js); err != nil {
				return Result{}, fmt.Errorf("%w: Newton from (%g, %g) left the valid region after %d steps", ErrNoFixedPoint, from.Mu, from.Nu, it)
			}
		}
		step := Point{q.Mu - p.Mu, q.Nu - p.Nu}
		p, h = q, hq
		res = residual(p, h.Moments)
		if js != nil && norm(res) < switchResidual {
			// Close: from now on evaluate g with every digit.
			js = nil
			if h, err = jacobian.At(f, p.Mu, p.Nu, omega, tau, jacobian.Variance, nil); err != nil {
				return Result{}, err
			}
			res = residual(p, h.Moments)
			bestP, bestH, bestRes, stalled = p, h, res, 0
			continue
		}
		if small(step.Mu, step.Nu, p, tol) || norm(res) <= 2*epsilon {
			// A small step is not enough: the residual must be small too
			// (else Newton goes on, and fails below if it stays large).
			if r, err := finish(p, h, res, it, tol); err == nil {
				return r, nil
			}
		}
		if norm(res) < 0.5*norm(bestRes) {
			bestP, bestH, bestRes, stalled = p, h, res, 0
		} else if stalled++; stalled >= 4 && norm(bestRes) <= stallResidual {
			// No progress below the noise of evaluating g: converged as far
			// as float64 allows.
			return finish(bestP, bestH, bestRes, it, tol)
		}
		if p.Nu < 1e-100 || p.Nu > 1e100 {
			break
		}
	}
	// The last point may be a fixed point already (the start was one, or
	// MaxIter ended the iteration right there): judge it with every digit.
	if p.Nu > 0 {
		if ha, err := jacobian.At(f, p.Mu, p.Nu, omega, tau, jacobian.Variance, nil); err == nil {
			if r, err := finish(p, ha, residual(p, ha.Moments), maxIter, tol); err == nil {
				return r, nil
			}
		}
	}
	switch {
	case p.Nu < 1e-8*from.Nu:
		return Result{}, fmt.Errorf("%w with nu > 0: from (%g, %g) the variance collapses towards 0 (nu = %.3g after %d steps)",
			ErrNoFixedPoint, from.Mu, from.Nu, p.Nu, maxIter)
	case p.Nu > 1e8*from.Nu:
		return Result{}, fmt.Errorf("%w: from (%g, %g) the variance grows without bound (nu = %.3g after %d steps)",
			ErrNoFixedPoint, from.Mu, from.Nu, p.Nu, maxIter)
	}
	return Result{}, fmt.Errorf("%w: Newton from (%g, %g) did not converge in %d steps (last point (%g, %g), residual %.1e)",
		ErrNoFixedPoint, from.Mu, from.Nu, maxIter, p.Mu, p.Nu, norm(res))
}

// fastSettings evaluate ℋ and g by the closed form only.
var fastSettings = jacobian.Settings{Method: mapping.ClosedForm}

// switchResidual: below this scaled residual Newton switches from the
// closed form to the default evaluator.
const switchResidual = 1e-8

// stallResidual: a Newton iteration that stops improving with a scaled
// residual below this has reached the rounding noise of g.
const stallResidual = 1e-13

// epsilon is the unit roundoff of float64, 2^−53.
const epsilon = 1.0 / (1 << 53)

// Limits of Settings: MaxIterLimit bounds the work (each step evaluates ℋ
// up to 41 times); a step tolerance above MaxTol would stop Newton before
// the point is a fixed point in any useful sense.
const (
	MaxIterLimit = 100000
	MaxTol       = 1e-3
)

// finish returns the result if its residual is within the guaranteed bound,
// else ErrNoFixedPoint: Newton's steps can become small while g(p) − p does
// not (the variance collapsing towards 0, where ℋ − I is nearly singular).
func finish(p Point, h jacobian.Result, res Point, it int, tol float64) (Result, error) {
	r := Result{
		Point: p, Iterations: it, Residual: res, H: h,
		Stable: h.Radius < 1, Contracting: h.Norm < 1,
		ResidualTol: math.Max(stallResidual, 10*tol),
	}
	if !(norm(res) <= r.ResidualTol) {
		return Result{}, fmt.Errorf("%w: Newton stalled at (%g, %g) with residual %.1e above its tolerance %.1e (the variance collapses towards 0?)",
			ErrNoFixedPoint, p.Mu, p.Nu, norm(res), r.ResidualTol)
	}
	return r, nil
}

// residual is g(p) − p scaled: ((μ̃ − μ)/√ν, (ν̃ − ν)/ν).
func residual(p Point, m mapping.Moments) Point {
	return Point{(m.Mean - p.Mu) / math.Sqrt(p.Nu), (m.Var - p.Nu) / p.Nu}
}

func norm(r Point) float64 { return math.Hypot(r.Mu, r.Nu) }

func small(dm, dv float64, p Point, tol float64) bool {
	return math.Abs(dm) <= tol*math.Sqrt(p.Nu) && math.Abs(dv) <= tol*p.Nu
}

// MaxOrbitIter bounds Orbit's steps (a second or so of work, and the path's
// memory, at most 16 MB).
const MaxOrbitIter = 1_000_000

// Orbit iterates g = Map{f, ω, τ} from start until the point is within tol
// of target (|μ − μ*| ≤ tol·√ν*, |ν − ν*| ≤ tol·ν*) or maxIter steps are taken.
// It returns the number of steps and whether target was reached; if path is
// not nil, the visited points (start first) are appended to it.
//
// Domain: maxIter ≥ 0, tol ≥ 0 and finite, target finite with ν* > 0, and
// every visited point valid for g.Apply (its error is returned).
func Orbit(g mapping.Map, start, target Point, tol float64, maxIter int, path *[]Point) (steps int, reached bool, err error) {
	if maxIter < 0 || maxIter > MaxOrbitIter {
		return 0, false, fmt.Errorf("fixedpoint: Orbit needs maxIter in [0, %d], got %d", MaxOrbitIter, maxIter)
	}
	if err := mapping.CheckActivation(g.F); err != nil {
		return 0, false, err
	}
	if !(tol >= 0) || math.IsInf(tol, 0) {
		return 0, false, fmt.Errorf("fixedpoint: Orbit needs a finite tol >= 0, got %v", tol)
	}
	if !(target.Nu > 0) || math.IsInf(target.Nu, 0) || math.IsNaN(target.Mu) || math.IsInf(target.Mu, 0) {
		return 0, false, fmt.Errorf("fixedpoint: Orbit needs a finite target with nu > 0, got (%v, %v)", target.Mu, target.Nu)
	}
	p := start
	if path != nil {
		*path = append(*path, p)
	}
	for steps = 0; ; steps++ {
		if math.Abs(p.Mu-target.Mu) <= tol*math.Sqrt(target.Nu) && math.Abs(p.Nu-target.Nu) <= tol*target.Nu {
			return steps, true, nil
		}
		if steps == maxIter {
			return steps, false, nil
		}
		m, err := g.Apply(p.Mu, p.Nu)
		if err != nil {
			return steps, false, err
		}
		p = Point{m.Mean, m.Var}
		if path != nil {
			*path = append(*path, p)
		}
	}
}
