package interval

import "math"

// N is the number of variables a D carries derivatives for.
const N = 4

// D is an interval with an enclosure of its gradient: forward-mode automatic
// differentiation in interval arithmetic. If every input varies in a box B,
// V contains the value and G[k] the partial derivative ∂/∂xₖ at every point
// of B. This gives the mean-value form f(B) ⊆ f(c) + Σₖ G[k]·(Bₖ − cₖ), whose
// overestimation shrinks with the square of the box's width, and the
// monotonicity test (a G[k] without 0 means f is monotone in xₖ on B).
type D struct {
	V I
	G [N]I
}

// Var returns the k-th input variable ranging over v (gradient e_k).
func Var(v I, k int) D {
	d := D{V: v}
	d.G[k] = Point(1)
	return d
}

// Const returns a constant (zero gradient).
func Const(v I) D { return D{V: v} }

// DAdd returns a + b.
func DAdd(a, b D) D {
	r := D{V: Add(a.V, b.V)}
	for k := range r.G {
		r.G[k] = Add(a.G[k], b.G[k])
	}
	return r
}

// DSub returns a − b.
func DSub(a, b D) D {
	r := D{V: Sub(a.V, b.V)}
	for k := range r.G {
		r.G[k] = Sub(a.G[k], b.G[k])
	}
	return r
}

// DNeg returns −a.
func DNeg(a D) D {
	r := D{V: Neg(a.V)}
	for k := range r.G {
		r.G[k] = Neg(a.G[k])
	}
	return r
}

// DMul returns a·b; ∂(ab) = a∂b + b∂a.
func DMul(a, b D) D {
	r := D{V: Mul(a.V, b.V)}
	for k := range r.G {
		r.G[k] = Add(Mul(a.V, b.G[k]), Mul(b.V, a.G[k]))
	}
	return r
}

// DScale returns c·a for an interval constant c.
func DScale(c I, a D) D {
	r := D{V: Mul(c, a.V)}
	for k := range r.G {
		r.G[k] = Mul(c, a.G[k])
	}
	return r
}

// DDiv returns a/b (b must not contain 0); ∂(a/b) = (∂a − (a/b)∂b)/b.
func DDiv(a, b D) D {
	q := Div(a.V, b.V)
	r := D{V: q}
	for k := range r.G {
		r.G[k] = Div(Sub(a.G[k], Mul(q, b.G[k])), b.V)
	}
	return r
}

// DSqr returns a²; ∂(a²) = 2a∂a.
func DSqr(a D) D {
	r := D{V: Sqr(a.V)}
	two := Scale(2, a.V)
	for k := range r.G {
		r.G[k] = Mul(two, a.G[k])
	}
	return r
}

// DSqrt returns √a (a > 0); ∂√a = ∂a/(2√a). Where a reaches 0 the
// gradient is unbounded and is set to (−∞, ∞).
func DSqrt(a D) D {
	s := Sqrt(a.V)
	r := D{V: s}
	if !(s.Lo > 0) {
		for k := range r.G {
			r.G[k] = I{math.Inf(-1), math.Inf(1)}
		}
		return r
	}
	den := Scale(2, s)
	for k := range r.G {
		r.G[k] = Div(a.G[k], den)
	}
	return r
}

// DExp returns e^a; ∂e^a = e^a ∂a.
func DExp(a D) D {
	e := Exp(a.V)
	r := D{V: e}
	for k := range r.G {
		r.G[k] = Mul(e, a.G[k])
	}
	return r
}

// DErfc returns erfc(a); ∂erfc(a) = −(2/√π)e^{−a²}∂a.
func DErfc(a D) D {
	r := D{V: Erfc(a.V)}
	d := Neg(Mul(twoOverSqrtPi, Exp(Neg(Sqr(a.V)))))
	for k := range r.G {
		r.G[k] = Mul(d, a.G[k])
	}
	return r
}

// DErfcx returns erfcx(a) for a ≥ 0; ∂erfcx(a) = (2a·erfcx(a) − 2/√π)∂a.
func DErfcx(a D) D {
	v := Erfcx(a.V)
	r := D{V: v}
	d := Sub(Mul(Scale(2, a.V), v), twoOverSqrtPi)
	for k := range r.G {
		r.G[k] = Mul(d, a.G[k])
	}
	return r
}

// Finite reports whether the value and gradient are finite.
func (a D) Finite() bool {
	if !a.V.Finite() {
		return false
	}
	for _, g := range a.G {
		if !g.Finite() {
			return false
		}
	}
	return true
}
