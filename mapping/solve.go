package mapping

import (
	"errors"
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/quadrature"
)

// AlphaLambda is a solution of SolveAlphaLambda.
type AlphaLambda struct {
	Alpha, Lambda float64
	// Residual is g(μ*, ν*) − (μ*, ν*) with the solved α, λ: Mean holds
	// μ̃ − μ*, Var holds ν̃ − ν*.
	Residual Moments
	// Reachable is the open interval of μ*/√ν* that some α > 0 reaches at
	// this (ω, τ, ν*): from α → ∞ (Reachable[0]) to α → 0 (Reachable[1]).
	Reachable [2]float64
	// Iterations is the number of Newton steps that polished α.
	Iterations int
}

// ErrUnreachable is returned (wrapped) when no α > 0 reaches the target.
var ErrUnreachable = errors.New("target fixed point cannot be reached with alpha > 0")

// seluParts are the four integrals that make up SELU's moments at λ = 1
// (from the closed form's terms):
//
//	μ̃ = λ(A + αB),  ξ̃ = λ²(C + α²D),
//	A = E[z; z > 0], B = E[eᶻ − 1; z ≤ 0], C = E[z²; z > 0], D = E[(eᶻ − 1)²; z ≤ 0].
type seluParts struct{ a, b, c, d float64 }

func partsAt(y, x float64) seluParts {
	var t cfTerms
	SELU{Alpha: 1, Lambda: 1}.closedForm(y, x, &t)
	return seluParts{
		a: 0.5 * (y*t.e0c + t.g),
		b: 0.5 * (t.e1 - t.e0),
		c: 0.5 * (t.yy*t.e0c + y*t.g),
		d: 0.5 * (t.e2 - 2*t.e1 + t.e0),
	}
}

// ratio returns μ̃/√ν̃ at λ = 1 (it does not depend on λ) and its derivative
// in α, from the parts.
func (p seluParts) ratio(alpha float64) (r, dr float64) {
	m := p.a + alpha*p.b
	v := p.c + alpha*alpha*p.d - m*m
	dv := 2*alpha*p.d - 2*m*p.b
	sv := math.Sqrt(v)
	return m / sv, (p.b*v - 0.5*m*dv) / (v * sv)
}

// SolveAlphaLambda returns the SELU parameters α > 0, λ > 0 for which
// (μ*, ν*) is a fixed point of g at weight statistics (ω, τ): μ̃ = μ*,
// ν̃ = ν* (paper eq. 14 for (0, 1) at ω = 0, τ = 1).
//
// μ̃ is linear and ξ̃ quadratic in λ, so μ̃/√ν̃ does not depend on λ: α solves
// the one-dimensional equation μ̃/√ν̃ = μ*/√ν* (at λ = 1), and then
// λ = √(ν*/ν̃). With the parts A..D of SELU's moments the equation is the
// quadratic (1+ρ²)(A + αB)² = ρ²(C + α²D), ρ = μ*/√ν*; its root is polished
// by Newton's method on the accurate (cancellation-free) moments until the
// step is below an ulp. For μ* = 0 the root is α = −A/B. Where the parts
// cancel (tiny or lopsided ντ) and Newton does not converge, α is found by
// bisection on log α with the accurate moments.
//
// Domain: the inputs as Normal. Errors: ErrUnreachable (wrapped, with the
// interval Reachable of μ*/√ν* over α > 0) when no α > 0 reaches the target;
// ErrParameter when the solution's α or λ lies outside the accepted ranges
// (see SELU.Validate); an error when the solution, plugged back, does not
// reproduce (μ*, ν*) to solveTolerance. A nil error guarantees
// |μ̃ − μ*| ≤ 1e-10·max(|μ*|, √ν*) and |ν̃ − ν*| ≤ 1e-10·ν* with the returned
// α, λ (by mapping's default evaluator).
func SolveAlphaLambda(mu, nu, omega, tau float64) (AlphaLambda, error) {
	y, x, err := Normal(mu, nu, omega, tau)
	if err != nil {
		return AlphaLambda{}, err
	}
	p := partsAt(y, x)
	rho := mu / math.Sqrt(nu)
	var sol AlphaLambda
	// α → ∞: the negative branch alone; α → 0: ReLU's ratio.
	sol.Reachable = reachable(p, y, x)
	if !(rho > sol.Reachable[0] && rho < sol.Reachable[1]) {
		return sol, fmt.Errorf("%w: mu/sqrt(nu) = %.6g must lie in (%.6g, %.6g) at omega = %g, tau = %g, nu = %g",
			ErrUnreachable, rho, sol.Reachable[0], sol.Reachable[1], omega, tau, nu)
	}
	alpha := -p.a / p.b
	if rho != 0 {
		// (1+ρ²)(A + αB)² − ρ²(C + α²D) = qa·α² + qb·α + qc.
		k := 1 + rho*rho
		qa := k*p.b*p.b - rho*rho*p.d
		qb := 2 * k * p.a * p.b
		qc := k*p.a*p.a - rho*rho*p.c
		alpha = math.NaN()
		disc := qb*qb - 4*qa*qc
		if disc >= 0 {
			sq := math.Sqrt(disc)
			for _, r := range [2]float64{(-qb + sq) / (2 * qa), (-qb - sq) / (2 * qa)} {
				if r > 0 && (p.a+r*p.b > 0) == (rho > 0) {
					alpha = r
				}
			}
		}
		if math.IsNaN(alpha) {
			alpha = bisectAlpha(p, rho)
		}
	}
	// Newton polish on the accurate moments (Auto: quadrature where the
	// closed form's ξ̃ − μ̃² would cancel).
	for it := 1; it <= 8; it++ {
		e := SELU{Alpha: alpha, Lambda: 1}.evaluate(y, x)
		_, dr := p.ratio(alpha)
		step := (e.Mean/math.Sqrt(e.Var) - rho) / dr
		sol.Iterations = it
		if !(math.Abs(step) > 0.5*ulp(alpha)) {
			break
		}
		alpha -= step
		if !(alpha > 0) {
			break // the parts cancel: bisection below
		}
	}
	if !sol.finish(alpha, mu, nu, y, x) && !sol.lambdaOut() {
		// The parts' derivative misled Newton: bisect on the accurate ratio.
		alpha, err = bisectAccurate(y, x, rho)
		if err != nil {
			return sol, err
		}
		if !sol.finish(alpha, mu, nu, y, x) && !sol.lambdaOut() {
			return sol, fmt.Errorf("%w: alpha = %g, lambda = %g reproduce the target (%g, %g) only to residual (%.3g, %.3g)",
				ErrUnreachable, sol.Alpha, sol.Lambda, mu, nu, sol.Residual.Mean, sol.Residual.Var)
		}
	}
	if err := (SELU{Alpha: sol.Alpha, Lambda: sol.Lambda}).Validate(); err != nil {
		return sol, fmt.Errorf("solution out of range: %w", err)
	}
	return sol, nil
}

// solveTolerance: the relative residual that SolveAlphaLambda guarantees.
// Valid solutions reach a few ulps (rounding of g); 1e-10 leaves room for
// the ill-conditioned corners and still catches a wrong root.
const solveTolerance = 1e-10

// finish sets α, λ and the residual and reports whether the residual is
// within solveTolerance.
func (sol *AlphaLambda) finish(alpha, mu, nu, y, x float64) bool {
	if !(alpha > 0 && alpha <= MaxAlpha) {
		sol.Alpha = alpha
		return false
	}
	e := SELU{Alpha: alpha, Lambda: 1}.evaluate(y, x)
	sol.Alpha, sol.Lambda = alpha, math.Sqrt(nu/e.Var)
	if !(sol.Lambda >= MinLambda && sol.Lambda <= MaxLambda) {
		return false
	}
	r := SELU{Alpha: sol.Alpha, Lambda: sol.Lambda}.evaluate(y, x)
	sol.Residual = Moments{Mean: r.Mean - mu, Second: r.Second - (nu + mu*mu), Var: r.Var - nu}
	return math.Abs(sol.Residual.Mean) <= solveTolerance*math.Max(math.Abs(mu), math.Sqrt(nu)) &&
		math.Abs(sol.Residual.Var) <= solveTolerance*nu
}

// lambdaOut reports whether the solution's λ is outside the accepted range
// (ν̃ at λ = 1 too far from ν*), which Validate then reports.
func (sol *AlphaLambda) lambdaOut() bool {
	return sol.Alpha > 0 && sol.Alpha <= MaxAlpha && !(sol.Lambda >= MinLambda && sol.Lambda <= MaxLambda)
}

// bisectAccurate finds α ∈ (0, MaxAlpha] with μ̃/√ν̃ = ρ at λ = 1 by bisection
// on log α, with the accurate moments (the ratio decreases in α).
func bisectAccurate(y, x, rho float64) (float64, error) {
	ratio := func(alpha float64) float64 {
		e := SELU{Alpha: alpha, Lambda: 1}.evaluate(y, x)
		return e.Mean / math.Sqrt(e.Var)
	}
	// minAlphaSearch: below it α·B is lost against A in every ratio
	// that float64 can tell from ReLU's.
	const minAlphaSearch = 1e-300
	lo, hi := minAlphaSearch, MaxAlpha
	if ratio(hi) > rho {
		return 0, fmt.Errorf("%w: reaching mu/sqrt(nu) = %g needs alpha > %g", ErrParameter, rho, MaxAlpha)
	}
	if !(ratio(lo) >= rho) { // also NaN: g's variance underflows
		return 0, fmt.Errorf("%w: mu/sqrt(nu) = %g would need alpha < %g, which float64 cannot resolve at mu*omega = %g, nu*tau = %g",
			ErrUnreachable, rho, lo, y, x)
	}
	for range 200 { // log2(ln(1e306)/2^-52) < 62 halvings reach an ulp
		mid := math.Sqrt(lo) * math.Sqrt(hi)
		if mid <= lo || mid >= hi {
			break
		}
		if ratio(mid) > rho {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Sqrt(lo) * math.Sqrt(hi), nil
}

// reachable returns the limits of μ̃/√ν̃ (λ = 1) for α → ∞ (the negative
// branch e^z − 1 on z ≤ 0 alone) and α → 0 (ReLU): mean over standard
// deviation of each branch. The parts give them where neither the parts
// themselves (differences of erfc terms) nor the variances C − A², D − B²
// lose more than 4 bits to cancellation (each kept difference is at least
// 1/16 of the sum of the magnitudes of its terms); elsewhere (ντ tiny against
// 1 or against μω²) the quadrature's cancellation-free moments give them.
// Limits beyond float64 are clamped to ±MaxFloat64, and 0/0 (both moments
// underflow: the ratio tends to 0) gives 0.
func reachable(p seluParts, y, x float64) [2]float64 {
	var t cfTerms
	SELU{Alpha: 1, Lambda: 1}.closedForm(y, x, &t)
	const keep = 1.0 / 16 // at most 4 bits lost: error ≤ 16·(a few ulps)
	var r [2]float64
	bOK := math.Abs(t.e1-t.e0) >= keep*(t.e1+t.e0)
	dOK := t.e2-2*t.e1+t.e0 >= keep*(t.e2+2*t.e1+t.e0)
	if v := p.d - p.b*p.b; bOK && dOK && v > 0 && v >= keep*p.d {
		r[0] = p.b / math.Sqrt(v)
	} else {
		r[0] = branchRatio(negBranch{}, y, x)
	}
	aOK := math.Abs(y*t.e0c+t.g) >= keep*(math.Abs(y)*t.e0c+t.g)
	cOK := math.Abs(t.yy*t.e0c+y*t.g) >= keep*(t.yy*t.e0c+math.Abs(y)*t.g)
	if v := p.c - p.a*p.a; aOK && cOK && v > 0 && v >= keep*p.c {
		r[1] = p.a / math.Sqrt(v)
	} else {
		r[1] = branchRatio(ReLU{}, y, x)
	}
	return r
}

// branchRatio is E[f(z)]/√Var f(z), z ~ N(y, x), by quadrature.
func branchRatio(f quadrature.Function, y, x float64) float64 {
	mean, v := quadrature.Normal{}.Moments(f, y, math.Sqrt(x))
	if !(v > 0) || mean == 0 {
		if mean == 0 {
			return 0
		}
		return math.Copysign(math.MaxFloat64, mean)
	}
	r := mean / math.Sqrt(v)
	if math.IsInf(r, 0) {
		return math.Copysign(math.MaxFloat64, r)
	}
	return r
}

// negBranch is the negative branch of ELU with α = 1: e^z − 1 for z ≤ 0 and
// 0 above (the α → ∞ limit of SELU/α).
type negBranch struct{}

func (negBranch) Value(x float64) float64 { return math.Expm1(math.Min(x, 0)) }

func (n negBranch) Increment(x, h float64) float64 {
	xh := x + h
	switch {
	case x > 0 && xh > 0:
		return 0
	case x <= 0 && xh <= 0:
		return expIncrement(x, h)
	default:
		return n.Value(xh) - n.Value(x) // opposite signs: no cancellation
	}
}

func (negBranch) Breakpoints() []float64 { return kinkAtZero }

func (negBranch) Scale() float64 { return 0.5 } // as SELU's: e^z on z ≤ 0

func ulp(v float64) float64 {
	v = math.Abs(v)
	return math.Nextafter(v, math.Inf(1)) - v
}

// AlphaDropout are the parameters of alpha dropout (paper §"New Dropout
// Technique"; bioinf-jku/SNNs selu.py): dropped units are set to α′ = −λα,
// then a·x + b restores the fixed point's mean and variance.
type AlphaDropout struct {
	Q          float64 // keep probability, 1 − rate
	AlphaPrime float64 // α′ = −λα, the value of dropped units
	A, B       float64 // the affine correction a·x + b
}

// NewAlphaDropout returns the alpha-dropout parameters for dropout rate
// rate ∈ [0, 1) (keep probability q = 1 − rate) with SELU parameters α, λ and
// the fixed point (μ*, ν*) of the activations:
//
//	a = √(ν* / (q((1 − q)(α′ − μ*)² + ν*))),  b = μ* − a(qμ* + (1 − q)α′)
//
// (selu.py; for (0, 1) this is a = (q + α′²q(1 − q))^{−1/2}, b = −a(1 − q)α′).
//
// Domain: α, λ as SELU.Validate (ErrParameter), μ* finite, ν* finite and
// > 0. a is computed with hypot, so (α′ − μ*)² cannot overflow; ErrOverflow
// is returned if a or b is not a finite number or a underflows to 0.
func NewAlphaDropout(rate, alpha, lambda, mu, nu float64) (AlphaDropout, error) {
	if !(rate >= 0 && rate < 1) {
		return AlphaDropout{}, fmt.Errorf("dropout rate must be in [0, 1), got %v", rate)
	}
	if err := (SELU{Alpha: alpha, Lambda: lambda}).Validate(); err != nil {
		return AlphaDropout{}, err
	}
	if !(nu > 0) || math.IsInf(nu, 0) || math.IsNaN(mu) || math.IsInf(mu, 0) {
		return AlphaDropout{}, fmt.Errorf("fixed point needs a finite mean and a variance > 0, got (%v, %v)", mu, nu)
	}
	q := 1 - rate
	ap := -lambda * alpha
	d := ap - mu
	var a float64
	if ad := math.Abs(d); ad < 1e150 && nu < 1e300 && nu > 1e-300 && (ad > 1e-150 || ad == 0) {
		// Far from over- and underflow (d² and the sum are normal or d = 0):
		// the documented formula, operation for operation.
		a = math.Sqrt(nu / (q * ((1-q)*d*d + nu)))
	} else {
		// a = √(ν/q) / √((1 − q)d² + ν) without forming d².
		a = math.Sqrt(nu/q) / math.Hypot(math.Sqrt(1-q)*d, math.Sqrt(nu))
	}
	b := mu - a*(q*mu+(1-q)*ap)
	if !(a > 0) || math.IsInf(a, 0) || !finite(b) {
		return AlphaDropout{}, fmt.Errorf("%w: alpha dropout a = %v, b = %v at rate %v, alpha' = %v, fixed point (%v, %v)",
			ErrOverflow, a, b, rate, ap, mu, nu)
	}
	return AlphaDropout{Q: q, AlphaPrime: ap, A: a, B: b}, nil
}

// Moments returns the mean and variance of a·x̂ + b, where x̂ is x (mean μ,
// variance ν) kept with probability q and set to α′ otherwise: the check
// that the parameters restore (μ*, ν*). The variance is formed without
// squaring μ − α′ alone, so it does not overflow when a² times it is finite.
// Like the math package's functions it has no error: for μ, ν outside its
// domain (finite μ, finite ν ≥ 0) the result is NaN.
func (d AlphaDropout) Moments(mu, nu float64) (mean, variance float64) {
	q, ap := d.Q, d.AlphaPrime
	m := q*mu + (1-q)*ap
	// Var x̂ = q·ν + q(1 − q)(μ − α′)² (law of total variance).
	dm := mu - ap
	if ad := math.Abs(dm); ad < 1e150 && nu < 1e300 && nu > 1e-300 && (ad > 1e-150 || ad == 0) {
		// Far from over- and underflow: the direct formula.
		v := q*nu + q*(1-q)*dm*dm
		return d.A*m + d.B, d.A * d.A * v
	}
	sd := d.A * math.Sqrt(q) * math.Hypot(math.Sqrt(nu), math.Sqrt(1-q)*dm)
	return d.A*m + d.B, sd * sd
}

// bisectAlpha brackets the root of ratio(α) = ρ on a log scale (ratio
// decreases from α → 0 to α → ∞) when the quadratic's roots were lost to
// rounding.
func bisectAlpha(p seluParts, rho float64) float64 {
	lo, hi := 1e-12, 1e12
	for range 200 {
		mid := math.Sqrt(lo * hi)
		if r, _ := p.ratio(mid); r > rho {
			lo = mid
		} else {
			hi = mid
		}
	}
	return math.Sqrt(lo * hi)
}
