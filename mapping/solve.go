package mapping

import (
	"errors"
	"fmt"
	"math"
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
// step is below an ulp. For μ* = 0 the root is α = −A/B.
func SolveAlphaLambda(mu, nu, omega, tau float64) (AlphaLambda, error) {
	y, x, err := Normal(mu, nu, omega, tau)
	if err != nil {
		return AlphaLambda{}, err
	}
	p := partsAt(y, x)
	rho := mu / math.Sqrt(nu)
	var sol AlphaLambda
	// α → 0: ReLU's ratio; α → ∞: the negative branch alone.
	sol.Reachable = [2]float64{p.b / math.Sqrt(p.d-p.b*p.b), p.a / math.Sqrt(p.c-p.a*p.a)}
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
			return sol, fmt.Errorf("%w: Newton left alpha > 0", ErrUnreachable)
		}
	}
	e := SELU{Alpha: alpha, Lambda: 1}.evaluate(y, x)
	sol.Alpha, sol.Lambda = alpha, math.Sqrt(nu/e.Var)
	r := SELU{Alpha: sol.Alpha, Lambda: sol.Lambda}.evaluate(y, x)
	sol.Residual = Moments{Mean: r.Mean - mu, Second: r.Second - (nu + mu*mu), Var: r.Var - nu}
	return sol, nil
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
func NewAlphaDropout(rate, alpha, lambda, mu, nu float64) (AlphaDropout, error) {
	if !(rate >= 0 && rate < 1) {
		return AlphaDropout{}, fmt.Errorf("dropout rate must be in [0, 1), got %v", rate)
	}
	if !(nu > 0) || math.IsInf(nu, 0) || math.IsNaN(mu) || math.IsInf(mu, 0) {
		return AlphaDropout{}, fmt.Errorf("fixed point needs a finite mean and a variance > 0, got (%v, %v)", mu, nu)
	}
	q := 1 - rate
	ap := -lambda * alpha
	d := ap - mu
	a := math.Sqrt(nu / (q * ((1-q)*d*d + nu)))
	b := mu - a*(q*mu+(1-q)*ap)
	return AlphaDropout{Q: q, AlphaPrime: ap, A: a, B: b}, nil
}

// Moments returns the mean and variance of a·x̂ + b, where x̂ is x (mean μ,
// variance ν) kept with probability q and set to α′ otherwise: the check
// that the parameters restore (μ*, ν*).
func (d AlphaDropout) Moments(mu, nu float64) (mean, variance float64) {
	q, ap := d.Q, d.AlphaPrime
	m := q*mu + (1-q)*ap
	// Var x̂ = q·ν + q(1 − q)(μ − α′)² (law of total variance).
	v := q*nu + q*(1-q)*(mu-ap)*(mu-ap)
	return d.A*m + d.B, d.A * d.A * v
}
