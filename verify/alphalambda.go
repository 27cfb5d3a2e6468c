package verify

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/snnanalyze/snnanalyze/internal/bigiv"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// AlphaLambdaSettings are optional settings of CertifyAlphaLambda; nil
// means the defaults.
type AlphaLambdaSettings struct {
	// RelWidth is the relative width the enclosures of α and λ must reach
	// (default 1e-40, 40 digits); the working precision is doubled from 192
	// bits until they do.
	RelWidth float64
	// MaxPrec bounds the working precision in bits (default 8192).
	MaxPrec uint
}

// CertifiedAlphaLambda encloses the exact SELU parameters α > 0, λ > 0 that
// make (μ*, ν*) a fixed point of g at weight statistics (ω, τ).
type CertifiedAlphaLambda struct {
	// Alpha and Lambda are [lo, hi] enclosures: the exact α and λ lie in
	// them, and no other α > 0, λ > 0 solves the two equations.
	Alpha, Lambda [2]*big.Float
	// Prec is the working precision in bits that reached the width.
	Prec uint
	// Other is the quadratic's other root, which does not solve the system
	// (OtherReason says why), or nil when μ* = 0 (no quadratic).
	Other       *[2]*big.Float
	OtherReason string
}

// AlphaLambdaAssumes says what CertifyAlphaLambda's enclosures rest on.
const AlphaLambdaAssumes = "math/big's correctly rounded +, -, *, / in directed rounding modes, and the series and continued fractions of internal/bigiv (exp, erfc, erfcx, sqrt, pi with proved remainder bounds); mu, nu, omega, tau exactly as given (float64)"

// ErrAlphaLambdaNotCertified is returned (wrapped with the reason) when
// CertifyAlphaLambda cannot enclose a unique solution.
var ErrAlphaLambdaNotCertified = errors.New("alpha, lambda not certified")

// CertifyAlphaLambda encloses the exact α > 0, λ > 0 with μ̃ = μ* and
// ν̃ = ν* at (μ*, ν*, ω, τ) (paper eq. 14 for the default (0, 1, 0, 1)), in
// interval arithmetic on big.Float (package internal/bigiv, whose exp and
// erfc are series with proved remainder bounds).
//
// Method. With y = μ*ω and x = ν*τ (exact products), SELU's moments are
// μ̃ = λ(A + αB) and ξ̃ = λ²(C + α²D) with the parts (the closed form's
// terms at λ = 1, as mapping.SolveAlphaLambda uses them)
//
//	A = ½(y·erfc(−u₀) + √(2/π)·√x·e^{−y²/(2x)}),  B = ½(E₁ − erfc(u₀)),
//	C = ½((y² + x)·erfc(−u₀) + y·√(2/π)·√x·e^{−y²/(2x)}),
//	D = ½(E₂ − 2E₁ + erfc(u₀)),
//
// u₀ = y/√(2x), E₁ = e^{y+x/2}·erfc((y+x)/√(2x)), E₂ = e^{2(y+x)}·erfc((y+2x)/√(2x))
// (E₁, E₂ as e^{−y²/(2x)}·erfcx(…) when the argument is ≥ 0). With
// V(α) = C + α²D − (A + αB)² (ν̃ at λ = 1), the system is λ(A + αB) = μ*,
// λ²V(α) = ν*. For λ > 0 it is equivalent to R(α) = (A + αB)/√V(α) = ρ,
// ρ = μ*/√ν*, with V(α) > 0, and then λ = √(ν*/V(α)). Squared, R(α)² = ρ² is
// the quadratic (1 + ρ²)(A + αB)² = ρ²(C + α²D) in α, whose roots are
// enclosed by the quadratic formula in interval arithmetic; the solutions
// are exactly the roots with α > 0, V(α) > 0 and A + αB of the sign of ρ.
// Each root is decided in interval arithmetic, and the result is returned
// only if exactly one root qualifies and the other is proved not to. For
// μ* = 0 the equation is A + αB = 0, α = −A/B (B < 0 is checked). As a
// second, independent check, ψ(α) = (A + αB) − ρ√V(α) must change sign
// across the (slightly widened) enclosure of α, which proves a root there
// by the intermediate value theorem.
//
// The working precision starts at 192 bits and doubles until both
// enclosures are narrower than RelWidth (relative) or MaxPrec is passed.
//
// Errors: the inputs as mapping.Normal (bad input); ErrAlphaLambdaNotCertified,
// wrapped with the reason (no α > 0 reaches the target, both roots qualify,
// or the enclosures do not decide or reach the width).
func CertifyAlphaLambda(mu, nu, omega, tau float64, s *AlphaLambdaSettings) (res CertifiedAlphaLambda, err error) {
	// internal/bigiv panics when a series would need more terms than its
	// tables hold (very high precision on extreme inputs, e.g. ω = 1e300):
	// that is a limit of the enclosure, reported as not certified.
	defer func() {
		if r := recover(); r != nil {
			msg, ok := r.(string)
			if !ok || !strings.HasPrefix(msg, "bigiv:") {
				panic(r)
			}
			res, err = CertifiedAlphaLambda{}, fmt.Errorf("%w: %s", ErrAlphaLambdaNotCertified, msg)
		}
	}()
	return certifyAlphaLambda(mu, nu, omega, tau, s)
}

func certifyAlphaLambda(mu, nu, omega, tau float64, s *AlphaLambdaSettings) (CertifiedAlphaLambda, error) {
	var res CertifiedAlphaLambda
	if _, _, err := mapping.Normal(mu, nu, omega, tau); err != nil {
		return res, err
	}
	set := AlphaLambdaSettings{RelWidth: 1e-40, MaxPrec: 8192}
	if s != nil {
		if s.RelWidth != 0 {
			set.RelWidth = s.RelWidth
		}
		if s.MaxPrec != 0 {
			set.MaxPrec = s.MaxPrec
		}
	}
	if !(set.RelWidth > 0 && set.RelWidth < 1) || set.MaxPrec < 192 || set.MaxPrec > 1<<20 {
		return res, fmt.Errorf("certify alpha, lambda: RelWidth must be in (0, 1) and MaxPrec in [192, 2^20], got %v, %d", set.RelWidth, set.MaxPrec)
	}
	var lastErr error
	for p := uint(192); p <= set.MaxPrec; p *= 2 {
		r, err := alphaLambdaAt(mu, nu, omega, tau, p)
		if err != nil {
			var fatal fatalError
			if errors.As(err, &fatal) {
				return res, fmt.Errorf("%w: %v", ErrAlphaLambdaNotCertified, fatal.error)
			}
			lastErr = err
			continue
		}
		if relWidth(r.Alpha) <= set.RelWidth && relWidth(r.Lambda) <= set.RelWidth {
			return r, nil
		}
		lastErr = fmt.Errorf("the enclosures at %d bits are %.2g and %.2g wide (relative), want %g", p, relWidth(r.Alpha), relWidth(r.Lambda), set.RelWidth)
	}
	return res, fmt.Errorf("%w at (mu, nu, omega, tau) = (%g, %g, %g, %g) up to %d bits: %v", ErrAlphaLambdaNotCertified, mu, nu, omega, tau, set.MaxPrec, lastErr)
}

// fatalError is a proved negative result: more precision will not help.
type fatalError struct{ error }

// relWidth returns (hi − lo)/min(|lo|, |hi|) as a float64 (+Inf when the
// interval contains 0).
func relWidth(b [2]*big.Float) float64 {
	iv := bigiv.New(b[0].Prec()).SetBig(b[0], b[1])
	return iv.RelWidth()
}

// bigParts are the parts A, B, C, D of SELU's moments at λ = 1.
type bigParts struct{ a, b, c, d *bigiv.I }

// bigPartsAt encloses the parts at (y, x) at precision p.
func bigPartsAt(y, x *bigiv.I, p uint) (bigParts, error) {
	nw := func() *bigiv.I { return bigiv.New(p) }
	var pt bigParts
	s, err := nw().Sqrt(x)
	if err != nil {
		return pt, err
	}
	r := nw().Mul(bigiv.Sqrt2(p), s)
	q, err := nw().Quo(nw().Sqr(y), nw().Ldexp(x, 1)) // y²/(2x)
	if err != nil {
		return pt, err
	}
	gauss, err := nw().Exp(nw().Neg(q))
	if err != nil {
		return pt, err
	}
	u0, err := nw().Quo(y, r)
	if err != nil {
		return pt, err
	}
	e0 := nw().Erfc(u0)
	e0c := nw().Erfc(nw().Neg(u0))
	sq2pi, err := nw().Quo(bigiv.Sqrt2(p), bigiv.SqrtPi(p)) // √(2/π)
	if err != nil {
		return pt, err
	}
	g := nw().Mul(sq2pi, nw().Mul(s, gauss))
	// e^{pexp}·erfc(u), as e^{−y²/(2x)}·erfcx(u) when u ≥ 0 (pexp − u² =
	// −y²/(2x) for both terms).
	expErfc := func(pexp, num *bigiv.I) (*bigiv.I, error) {
		u, err := nw().Quo(num, r)
		if err != nil {
			return nil, err
		}
		if u.Sign() > 0 {
			ex, err := nw().Erfcx(u)
			if err != nil {
				return nil, err
			}
			return nw().Mul(gauss, ex), nil
		}
		e, err := nw().Exp(pexp)
		if err != nil {
			return nil, err
		}
		return nw().Mul(e, nw().Erfc(u)), nil
	}
	e1, err := expErfc(nw().Add(y, nw().Ldexp(x, -1)), nw().Add(y, x))
	if err != nil {
		return pt, err
	}
	e2, err := expErfc(nw().Ldexp(nw().Add(y, x), 1), nw().Add(y, nw().Ldexp(x, 1)))
	if err != nil {
		return pt, err
	}
	pt.a = nw().Ldexp(nw().Add(nw().Mul(y, e0c), g), -1)
	pt.b = nw().Ldexp(nw().Sub(e1, e0), -1)
	yy := nw().Add(nw().Sqr(y), x)
	pt.c = nw().Ldexp(nw().Add(nw().Mul(yy, e0c), nw().Mul(y, g)), -1)
	pt.d = nw().Ldexp(nw().Add(nw().Sub(e2, nw().Ldexp(e1, 1)), e0), -1)
	return pt, nil
}

// mean1 returns A + αB, and variance1 V(α) = C + α²D − (A + αB)².
func (pt bigParts) mean1(alpha *bigiv.I, p uint) *bigiv.I {
	return bigiv.New(p).Add(pt.a, bigiv.New(p).Mul(alpha, pt.b))
}

func (pt bigParts) variance1(alpha *bigiv.I, p uint) *bigiv.I {
	m := pt.mean1(alpha, p)
	v := bigiv.New(p).Add(pt.c, bigiv.New(p).Mul(bigiv.New(p).Sqr(alpha), pt.d))
	return v.Sub(v, bigiv.New(p).Sqr(m))
}

// alphaLambdaAt is one attempt at precision p.
func alphaLambdaAt(mu, nu, omega, tau float64, p uint) (CertifiedAlphaLambda, error) {
	var res CertifiedAlphaLambda
	nw := func() *bigiv.I { return bigiv.New(p) }
	// Exact products at ≥ 106 bits.
	y := nw().Mul(bigiv.Point(p, mu), bigiv.Point(p, omega))
	x := nw().Mul(bigiv.Point(p, nu), bigiv.Point(p, tau))
	pt, err := bigPartsAt(y, x, p)
	if err != nil {
		return res, err
	}
	M, N := bigiv.Point(p, mu), bigiv.Point(p, nu)
	sn, err := nw().Sqrt(N)
	if err != nil {
		return res, err
	}
	rho, err := nw().Quo(M, sn)
	if err != nil {
		return res, err
	}
	var alpha *bigiv.I
	if mu == 0 {
		// A + αB = 0: α = −A/B, a solution iff B < 0 < A.
		if pt.b.Sign() == 0 || pt.a.Sign() == 0 {
			return res, fmt.Errorf("the signs of A = %v and B = %v are not decided", pt.a, pt.b)
		}
		if pt.b.Sign() > 0 || pt.a.Sign() < 0 {
			return res, fatalError{fmt.Errorf("no alpha > 0 gives mean 0: A = %v, B = %v", pt.a, pt.b)}
		}
		if alpha, err = nw().Quo(pt.a, pt.b); err != nil {
			return res, err
		}
		alpha.Neg(alpha)
	} else {
		roots, err := quadraticRoots(pt, rho, p)
		if err != nil {
			return res, err
		}
		var ok [2]bool
		var why [2]string
		for i, r := range roots {
			if ok[i], why[i], err = qualifies(pt, r, rho, p); err != nil {
				return res, err
			}
		}
		switch {
		case ok[0] && ok[1]:
			return res, fatalError{fmt.Errorf("both roots of the quadratic, %v and %v, solve the system", roots[0], roots[1])}
		case !ok[0] && !ok[1]:
			return res, fatalError{fmt.Errorf("no alpha > 0 reaches mu/sqrt(nu) = %g at omega = %g, tau = %g, nu = %g (the roots %v: %s; %v: %s)",
				mu/math.Sqrt(nu), omega, tau, nu, roots[0], why[0], roots[1], why[1])}
		}
		k := 0
		if ok[1] {
			k = 1
		}
		alpha = roots[k]
		other := roots[1-k]
		res.Other = &[2]*big.Float{other.Lo(), other.Hi()}
		res.OtherReason = why[1-k]
	}
	if alpha.Sign() <= 0 {
		return res, fatalError{fmt.Errorf("the solution alpha %v is not > 0", alpha)}
	}
	// λ = √(ν*/V(α)) over the enclosure of α.
	v := pt.variance1(alpha, p)
	if v.Sign() <= 0 {
		return res, fmt.Errorf("V(alpha) = %v is not proved > 0", v)
	}
	l2, err := nw().Quo(N, v)
	if err != nil {
		return res, err
	}
	lambda, err := nw().Sqrt(l2)
	if err != nil {
		return res, err
	}
	if err := signChange(pt, alpha, rho, p); err != nil {
		return res, err
	}
	res.Alpha = [2]*big.Float{alpha.Lo(), alpha.Hi()}
	res.Lambda = [2]*big.Float{lambda.Lo(), lambda.Hi()}
	res.Prec = p
	return res, nil
}

// quadraticRoots encloses the two roots of qa·α² + qb·α + qc = 0 with
// qa = (1 + ρ²)B² − ρ²D, qb = 2(1 + ρ²)AB, qc = (1 + ρ²)A² − ρ²C, as
// q = −(qb + sign(qb)√Δ)/2, α₁ = q/qa, α₂ = qc/q (no cancellation), after
// proving qa ≠ 0, Δ = qb² − 4qa·qc > 0 and qb ≠ 0 (else the plain formula).
func quadraticRoots(pt bigParts, rho *bigiv.I, p uint) ([2]*bigiv.I, error) {
	nw := func() *bigiv.I { return bigiv.New(p) }
	var roots [2]*bigiv.I
	r2 := nw().Sqr(rho)
	k := nw().Add(bigiv.Point(p, 1), r2)
	qa := nw().Sub(nw().Mul(k, nw().Sqr(pt.b)), nw().Mul(r2, pt.d))
	qb := nw().Ldexp(nw().Mul(k, nw().Mul(pt.a, pt.b)), 1)
	qc := nw().Sub(nw().Mul(k, nw().Sqr(pt.a)), nw().Mul(r2, pt.c))
	if qa.Sign() == 0 {
		return roots, fmt.Errorf("the quadratic's leading coefficient %v is not proved nonzero", qa)
	}
	disc := nw().Sub(nw().Sqr(qb), nw().Ldexp(nw().Mul(qa, qc), 2))
	if disc.Sign() <= 0 {
		if disc.Hi().Sign() < 0 {
			return roots, fatalError{fmt.Errorf("the quadratic has no real root (discriminant %v): no alpha reaches the target", disc)}
		}
		return roots, fmt.Errorf("the discriminant %v is not proved > 0", disc)
	}
	sd, err := nw().Sqrt(disc)
	if err != nil {
		return roots, err
	}
	twoQa := nw().Ldexp(qa, 1)
	if qb.Sign() == 0 {
		r1, err := nw().Quo(nw().Sub(sd, qb), twoQa)
		if err != nil {
			return roots, err
		}
		r2, err := nw().Quo(nw().Neg(nw().Add(qb, sd)), twoQa)
		if err != nil {
			return roots, err
		}
		return [2]*bigiv.I{r1, r2}, nil
	}
	q := nw()
	if qb.Sign() > 0 {
		q.Add(qb, sd)
	} else {
		q.Sub(qb, sd)
	}
	q.Ldexp(q, -1)
	q.Neg(q)
	r1, err := nw().Quo(q, qa)
	if err != nil {
		return roots, err
	}
	r2b, err := nw().Quo(qc, q)
	if err != nil {
		return roots, err
	}
	return [2]*bigiv.I{r1, r2b}, nil
}

// qualifies decides whether the root r of the quadratic solves the system:
// r > 0, V(r) > 0 and A + rB of the sign of ρ. It returns an error when the
// enclosures do not decide.
func qualifies(pt bigParts, r, rho *bigiv.I, p uint) (bool, string, error) {
	if r.Hi().Sign() <= 0 {
		return false, "alpha <= 0", nil
	}
	m := pt.mean1(r, p)
	if ms := m.Sign(); ms != 0 && ms != rho.Sign() {
		return false, "the mean A + alpha*B has the wrong sign: it solves mu~/sqrt(nu~) = -mu/sqrt(nu)", nil
	}
	v := pt.variance1(r, p)
	if v.Hi().Sign() <= 0 {
		return false, "the variance at lambda = 1 is not positive", nil
	}
	if r.Sign() > 0 && m.Sign() == rho.Sign() && v.Sign() > 0 {
		return true, "", nil
	}
	return false, "", fmt.Errorf("the root %v is not decided (mean %v, variance %v)", r, m, v)
}

// signChange checks that ψ(α) = (A + αB) − ρ√V(α) has opposite signs at the
// ends of the α enclosure widened by 2^(40−p) relative (a root inside, by
// the intermediate value theorem, and by uniqueness the enclosed one).
func signChange(pt bigParts, alpha, rho *bigiv.I, p uint) error {
	nw := func() *bigiv.I { return bigiv.New(p) }
	delta := new(big.Float).SetPrec(p).SetMantExp(alpha.MagHi(), 40-int(p))
	wide := nw().Widen(alpha, delta)
	psi := func(a *big.Float) (*bigiv.I, error) {
		ai := nw().SetBig(a, a)
		v := pt.variance1(ai, p)
		sv, err := nw().Sqrt(v)
		if err != nil {
			return nil, err
		}
		return nw().Sub(pt.mean1(ai, p), nw().Mul(rho, sv)), nil
	}
	lo, err := psi(wide.Lo())
	if err != nil {
		return fmt.Errorf("sign check: %v", err)
	}
	hi, err := psi(wide.Hi())
	if err != nil {
		return fmt.Errorf("sign check: %v", err)
	}
	if lo.Sign()*hi.Sign() != -1 {
		return fmt.Errorf("sign check: psi = %v and %v at the ends of %v do not have opposite signs", lo, hi, wide)
	}
	return nil
}

// PublishedAlphaLambda is a published value of α and λ for a target fixed
// point, as printed by its source.
type PublishedAlphaLambda struct {
	Mu, Nu, Omega, Tau float64
	Alpha, Lambda      string // the decimals as published
	Source             string
	// Rounded: the source gives the exact values rounded to the digits
	// shown (the paper); false for a double-precision solver's output (the
	// notebook), whose last digits are rounding noise.
	Rounded bool
}

// PublishedAlphaLambdas are the published SELU parameters that
// CertifyAlphaLambda's results are compared with.
var PublishedAlphaLambdas = []PublishedAlphaLambda{
	// Paper eq. 14, and bioinf-jku/SNNs TF_1_x/selu.py, 32 digits.
	{0, 1, 0, 1, "1.6732632423543772848170429916717", "1.0507009873554804934193349852946", "paper eq. 14 and bioinf-jku/SNNs selu.py", true},
	// Paper appendix A5.
	{0, 2, 0, 1, "1.97126", "1.06071", "paper appendix A5", true},
	// bioinf-jku/SNNs TF_1_x/getSELUparameters.ipynb (sympy nsolve in
	// double precision, ω = τ = 1: the same as ω = 0 for a zero mean).
	{0, 1, 1, 1, "1.6732632423543778", "1.0507009873554805", "bioinf-jku/SNNs getSELUparameters.ipynb (double precision)", false},
	{-0.1, 2, 1, 1, "1.9769021954242014", "1.073851239616046", "bioinf-jku/SNNs getSELUparameters.ipynb (double precision)", false},
	{0, 2, 1, 1, "1.9712557503462642", "1.0607090761030131", "bioinf-jku/SNNs getSELUparameters.ipynb (double precision)", false},
}

// PublishedFor returns the published values for the target (μ*, ν*) at
// (ω, τ): those with the same μ*, ν* and the same net input μ*ω, ν*τ (the
// equations depend on ω, τ only through it).
func PublishedFor(mu, nu, omega, tau float64) []PublishedAlphaLambda {
	var out []PublishedAlphaLambda
	for _, p := range PublishedAlphaLambdas {
		if p.Mu == mu && p.Nu == nu && p.Mu*p.Omega == mu*omega && p.Nu*p.Tau == nu*tau {
			out = append(out, p)
		}
	}
	return out
}

// DigitsAgree returns how many significant digits of the decimal d are
// right for every number v in the enclosure [lo, hi]: the largest k, at
// most d's number of significant digits n, with |d − v| ≤ ½·10^(e−k+1),
// e the exponent of d's leading digit (d is v correctly rounded to k digits,
// up to ties). k = n means d is v correctly rounded; 0 means not even the
// leading digit is right. Comparisons are exact (big.Rat).
func DigitsAgree(lo, hi *big.Float, d string) (int, error) {
	dr, ok := new(big.Rat).SetString(d)
	if !ok {
		return 0, fmt.Errorf("not a decimal number: %q", d)
	}
	n := SignificantDigits(d)
	if dr.Sign() == 0 || n == 0 {
		return 0, fmt.Errorf("no significant digits in %q", d)
	}
	lr, _ := lo.Rat(nil)
	hr, _ := hi.Rat(nil)
	dist := new(big.Rat).Abs(new(big.Rat).Sub(dr, lr))
	if d2 := new(big.Rat).Abs(new(big.Rat).Sub(dr, hr)); d2.Cmp(dist) > 0 {
		dist = d2
	}
	// e: 10^e ≤ |d| < 10^(e+1).
	ad := new(big.Rat).Abs(dr)
	e := 0
	for ad.Cmp(pow10Rat(e)) < 0 {
		e--
	}
	for ad.Cmp(pow10Rat(e+1)) >= 0 {
		e++
	}
	for k := n; k >= 1; k-- {
		half := pow10Rat(e - k + 1)
		half.Quo(half, big.NewRat(2, 1))
		if dist.Cmp(half) <= 0 {
			return k, nil
		}
	}
	return 0, nil
}

// pow10Rat returns 10^k.
func pow10Rat(k int) *big.Rat {
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(k, -k))), nil)
	if k >= 0 {
		return new(big.Rat).SetInt(p)
	}
	return new(big.Rat).SetFrac(big.NewInt(1), p)
}

// SignificantDigits counts the significant digits of a plain decimal
// (leading zeros do not count; trailing zeros do).
func SignificantDigits(d string) int {
	n, started := 0, false
	for _, c := range d {
		switch {
		case c == 'e' || c == 'E':
			return n
		case c >= '1' && c <= '9':
			started = true
			n++
		case c == '0' && started:
			n++
		}
	}
	return n
}
