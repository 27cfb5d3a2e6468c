package mapping

import (
	"math"

	"github.com/snnanalyze/snnanalyze/quadrature"
)

// Derivatives are the partial derivatives of the moments with respect to the
// net input's mean y = μω and variance x = ντ; ∂/∂μ = ω·∂/∂y, ∂/∂ν = τ·∂/∂x
// (paper A3.4.1).
type Derivatives struct {
	MeanY, MeanX     float64 // ∂μ̃/∂y, ∂μ̃/∂x
	SecondY, SecondX float64 // ∂ξ̃/∂y, ∂ξ̃/∂x
	VarY, VarX       float64 // ∂ν̃/∂y, ∂ν̃/∂x
}

// DerivativesError are absolute error bounds of Derivatives (zero where not
// computed).
type DerivativesError = Derivatives

// ClosedFormDerivatives returns the moments of SELU(z), z ~ N(y, x), their
// derivatives, and absolute rounding-error bounds of the derivatives. The
// derivatives follow from d/dy E[h(z)] = E[h'(z)] and d/dx E[h(z)] = ½E[h”(z)]
// (the heat equation; h” includes the delta of SELU's kink):
//
//	∂μ̃/∂y = ½λ(E0c + αE1)
//	∂μ̃/∂x = ¼λαE1 + ½λ(1 − α)·p(0),   p(0) = e^{−y²/(2x)}/√(2πx)
//	∂ξ̃/∂y = λ²(y·E0c + G) + λ²α²(E2 − E1)
//	∂ξ̃/∂x = ½λ²E0c + λ²α²(E2 − ½E1)
//
// with E0c, E1, E2, G the terms of ClosedForm; ∂ν̃ = ∂ξ̃ − 2μ̃∂μ̃. The last
// subtraction cancels where μ̃ is large against ν̃'s derivatives; the error
// bounds say by how much.
func (f SELU) ClosedFormDerivatives(y, x float64) (Moments, Derivatives, DerivativesError) {
	v := NewVariance(x)
	return f.ClosedFormDerivativesAt(y, &v)
}

// ClosedFormDerivativesAt is ClosedFormDerivatives at x = v's variance: the
// fast path of grid scans, which evaluate many y at one x.
func (f SELU) ClosedFormDerivativesAt(y float64, v *Variance) (Moments, Derivatives, DerivativesError) {
	var m Moments
	var d Derivatives
	var e DerivativesError
	f.ClosedFormDerivativesTo(y, v, &m, &d, &e)
	return m, d, e
}

// ClosedFormDerivativesTo is ClosedFormDerivativesAt writing its results
// through pointers (no copies of the result structs in the hot loop).
func (f SELU) ClosedFormDerivativesTo(y float64, v *Variance, m *Moments, d *Derivatives, e *DerivativesError) {
	var t cfTerms
	*m = f.closedFormAt(y, v, &t)
	f.cfDerivatives(y, v, m, &t, d, e)
}

// invSqrt2Pi is 1/√(2π).
const invSqrt2Pi = 0.398942280401432677939946059934381868475858631164934657665925829670657925899

func (f SELU) cfDerivatives(y float64, v *Variance, m *Moments, t *cfTerms, d *Derivatives, e *DerivativesError) {
	a, l := f.Alpha, f.Lambda
	p0 := t.gauss * invSqrt2Pi * v.invS // normal density at z = 0
	d.MeanY = 0.5 * l * (t.e0c + a*t.e1)
	d.MeanX = 0.25*l*a*t.e1 + 0.5*l*(1-a)*p0
	d.SecondY = l*l*(y*t.e0c+t.g) + l*l*a*a*(t.e2-t.e1)
	d.SecondX = 0.5*l*l*t.e0c + l*l*a*a*(t.e2-0.5*t.e1)
	d.VarY = d.SecondY - 2*m.Mean*d.MeanY
	d.VarX = d.SecondX - 2*m.Mean*d.MeanX

	// Error bounds: each term's magnitude times its arguments' amplification
	// (as in closedFormError), a few ulps for the sums, safety factor 2.
	amp0 := 2*t.u0*t.u0 + 5
	a1, a2 := t.amp1+4, t.amp2+4
	e.MeanY = l * (t.e0c*amp0 + a*t.e1*a1)
	e.MeanX = l * (a*t.e1*a1 + math.Abs(1-a)*p0*(t.q+5))
	e.SecondY = l * l * (math.Abs(y)*t.e0c*amp0 + t.g*(t.q+5) + a*a*(t.e2*a2+t.e1*a1))
	e.SecondX = l * l * (t.e0c*amp0 + a*a*(t.e2*a2+t.e1*a1))
	const scale = 2 * epsilon // safety factor 2 times the unit roundoff
	e.MeanY *= scale
	e.MeanX *= scale
	e.SecondY *= scale
	e.SecondX *= scale
	mErr := math.Abs(m.Mean) * 8 * epsilon // μ̃'s error is tiny against its size here
	e.VarY = e.SecondY + 2*(math.Abs(m.Mean)*e.MeanY+mErr*math.Abs(d.MeanY)) + 4*epsilon*(math.Abs(d.SecondY)+2*math.Abs(m.Mean*d.MeanY))
	e.VarX = e.SecondX + 2*(math.Abs(m.Mean)*e.MeanX+mErr*math.Abs(d.MeanX)) + 4*epsilon*(math.Abs(d.SecondX)+2*math.Abs(m.Mean*d.MeanX))
}

// QuadratureDerivatives returns the moments of f(z), z ~ N(y, x), and their
// derivatives by differentiating under the integral, without cancellation:
//
//	∂μ̃/∂y = E[f'],  ∂μ̃/∂x = ½(E[f''] + Σ_b Δ_b p(b)),
//	∂ν̃/∂y = 2E[(f − μ̃)f'],  ∂ν̃/∂x = E[f'²] + E[(f − μ̃)f''] + Σ_b (f(b) − μ̃)Δ_b p(b),
//
// where f” is the smooth part, Δ_b = f'(b+) − f'(b−) at each breakpoint b
// and p the normal density; f − μ̃ is formed from exact increments. Then
// ∂ξ̃ = ∂ν̃ + 2μ̃∂μ̃.
func QuadratureDerivatives(f Activation, y, x float64) (Moments, Derivatives) {
	q := quadratureMoments(f, y, x, false)
	s := math.Sqrt(x)
	shift := q.Mean - f.Value(y) // E[f(z) − f(y)]
	v := quadrature.Normal{}.Expectation4(func(h float64) [4]float64 {
		z := y + h
		d := f.Increment(y, h) - shift // f(z) − μ̃
		d1, d2 := f.Deriv(z), f.Deriv2(z)
		return [4]float64{d1, d2, d * d1, d1*d1 + d*d2}
	}, y, s, f.Breakpoints(), f.Scale())
	var d Derivatives
	d.MeanY, d.MeanX = v[0], 0.5*v[1]
	d.VarY, d.VarX = 2*v[2], v[3]
	for _, b := range f.Breakpoints() {
		jump := f.DerivJump(b)
		if jump == 0 {
			continue
		}
		u := (b - y) / s
		p := math.Exp(-u*u/2) * invSqrt2Pi / s
		d.MeanX += 0.5 * jump * p
		d.VarX += (f.Increment(y, b-y) - shift) * jump * p
	}
	d.SecondY = d.VarY + 2*q.Mean*d.MeanY
	d.SecondX = d.VarX + 2*q.Mean*d.MeanX
	return q.Moments, d
}
