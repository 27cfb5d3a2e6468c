package bigiv

// N is the number of variables a D carries partial derivatives for.
const N = 4

// D is an interval with enclosures of its partial derivatives: forward-mode
// automatic differentiation. If every input variable ranges over an
// interval (a box B), V contains the value and G[k] the partial derivative
// ∂/∂x_k at every point of B; a nil G[k] is an exact 0. Unbounded reports
// that the gradient could not be enclosed (√ of an interval reaching 0):
// then only V is meaningful.
//
// The functions on D return new values and do not modify their operands;
// the results take the precision prec given to Var and Const.
type D struct {
	V         *I
	G         [N]*I
	Unbounded bool
}

// Var returns the k-th input variable ranging over v (gradient e_k).
func Var(v *I, k int) *D {
	d := &D{V: new(I).Set(v)}
	d.G[k] = New(v.Prec()).SetInt64(1)
	return d
}

// Const returns a constant (zero gradient).
func Const(v *I) *D { return &D{V: new(I).Set(v)} }

// HasGrad reports whether any partial derivative is nonzero or unbounded.
func (x *D) HasGrad() bool {
	if x.Unbounded {
		return true
	}
	for _, g := range x.G {
		if g != nil {
			return true
		}
	}
	return false
}

// axpy returns a·x + b·y for gradient components (nil = 0; a or b nil means
// the term is absent).
func axpy(a, x, b, y *I) *I {
	var r *I
	if a != nil && x != nil {
		r = new(I).Mul(a, x)
	}
	if b != nil && y != nil {
		t := new(I).Mul(b, y)
		if r == nil {
			r = t
		} else {
			r.Add(r, t)
		}
	}
	return r
}

// DAdd returns x + y.
func DAdd(x, y *D) *D {
	r := &D{V: new(I).Add(x.V, y.V), Unbounded: x.Unbounded || y.Unbounded}
	for k := range N {
		switch {
		case x.G[k] == nil && y.G[k] == nil:
		case x.G[k] == nil:
			r.G[k] = new(I).Set(y.G[k])
		case y.G[k] == nil:
			r.G[k] = new(I).Set(x.G[k])
		default:
			r.G[k] = new(I).Add(x.G[k], y.G[k])
		}
	}
	return r
}

// DSub returns x − y.
func DSub(x, y *D) *D {
	r := &D{V: new(I).Sub(x.V, y.V), Unbounded: x.Unbounded || y.Unbounded}
	for k := range N {
		switch {
		case x.G[k] == nil && y.G[k] == nil:
		case x.G[k] == nil:
			r.G[k] = new(I).Neg(y.G[k])
		case y.G[k] == nil:
			r.G[k] = new(I).Set(x.G[k])
		default:
			r.G[k] = new(I).Sub(x.G[k], y.G[k])
		}
	}
	return r
}

// DNeg returns −x.
func DNeg(x *D) *D {
	r := &D{V: new(I).Neg(x.V), Unbounded: x.Unbounded}
	for k, g := range x.G {
		if g != nil {
			r.G[k] = new(I).Neg(g)
		}
	}
	return r
}

// DMul returns x·y; ∂(xy) = x∂y + y∂x.
func DMul(x, y *D) *D {
	r := &D{V: new(I).Mul(x.V, y.V), Unbounded: x.Unbounded || y.Unbounded}
	for k := range N {
		r.G[k] = axpy(x.V, y.G[k], y.V, x.G[k])
	}
	return r
}

// DScale returns c·x for an interval constant c.
func DScale(c *I, x *D) *D {
	r := &D{V: new(I).Mul(c, x.V), Unbounded: x.Unbounded}
	for k, g := range x.G {
		if g != nil {
			r.G[k] = new(I).Mul(c, g)
		}
	}
	return r
}

// DLdexp returns x·2^k (exact).
func DLdexp(x *D, k int) *D {
	r := &D{V: new(I).Ldexp(x.V, k), Unbounded: x.Unbounded}
	for i, g := range x.G {
		if g != nil {
			r.G[i] = new(I).Ldexp(g, k)
		}
	}
	return r
}

// DQuo returns x/y (ErrDivByZero if y's value contains 0);
// ∂(x/y) = (∂x − (x/y)∂y)/y.
func DQuo(x, y *D) (*D, error) {
	q, err := new(I).Quo(x.V, y.V)
	if err != nil {
		return nil, err
	}
	r := &D{V: q, Unbounded: x.Unbounded || y.Unbounded}
	for k := range N {
		var num *I
		switch {
		case x.G[k] == nil && y.G[k] == nil:
			continue
		case y.G[k] == nil:
			num = new(I).Set(x.G[k])
		default:
			num = new(I).Mul(q, y.G[k])
			if x.G[k] != nil {
				num.Sub(x.G[k], num)
			} else {
				num.Neg(num)
			}
		}
		if _, err := num.Quo(num, y.V); err != nil {
			return nil, err
		}
		r.G[k] = num
	}
	return r, nil
}

// DSqr returns x²; ∂(x²) = 2x∂x.
func DSqr(x *D) *D {
	r := &D{V: new(I).Sqr(x.V), Unbounded: x.Unbounded}
	var two *I
	for k, g := range x.G {
		if g != nil {
			if two == nil {
				two = new(I).Ldexp(x.V, 1)
			}
			r.G[k] = new(I).Mul(two, g)
		}
	}
	return r
}

// DSqrt returns √x (ErrDomain if x's value reaches below 0);
// ∂√x = ∂x/(2√x). Where x's value reaches 0 the gradient is not bounded:
// the result is Unbounded if x has a gradient.
func DSqrt(x *D) (*D, error) {
	s, err := new(I).Sqrt(x.V)
	if err != nil {
		return nil, err
	}
	r := &D{V: s, Unbounded: x.Unbounded}
	if !x.HasGrad() {
		return r, nil
	}
	if s.Sign() <= 0 {
		r.Unbounded = true
		return r, nil
	}
	den := new(I).Ldexp(s, 1)
	for k, g := range x.G {
		if g != nil {
			if r.G[k], err = new(I).Quo(g, den); err != nil {
				return nil, err
			}
		}
	}
	return r, nil
}

// DExp returns e^x (ErrRange past MaxExpArg); ∂e^x = e^x∂x.
func DExp(x *D) (*D, error) {
	e, err := new(I).Exp(x.V)
	if err != nil {
		return nil, err
	}
	r := &D{V: e, Unbounded: x.Unbounded}
	for k, g := range x.G {
		if g != nil {
			r.G[k] = new(I).Mul(e, g)
		}
	}
	return r, nil
}

// DErfc returns erfc(x); ∂erfc(x) = −(2/√π)e^{−x²}∂x. The range of e^{−x²}
// over x is that between its values at x's ends (which erfc's evaluation
// encloses anyway), and up to 1 if x contains 0.
func DErfc(x *D) *D {
	p := x.V.Prec()
	r := &D{V: New(p), Unbounded: x.Unbounded}
	ga, gb := erfcEnds(r.V, x.V, p)
	if !x.HasGrad() || x.Unbounded {
		return r
	}
	var d *I
	if ga == nil { // a narrow x: bound e^{−x²} directly
		d = new(I).Sqr(x.V)
		d.Neg(d)
		if _, err := d.Exp(d); err != nil {
			panic("bigiv: e^{-x^2} cannot overflow")
		}
	} else {
		d = new(I).Hull(ga, gb)
		if x.V.Sign() == 0 {
			up(&d.hi).SetInt64(1)
		}
	}
	d.Mul(d, constsAt(p).twoOverSqrtPi)
	d.Neg(d)
	for k, g := range x.G {
		if g != nil {
			r.G[k] = new(I).Mul(d, g)
		}
	}
	return r
}

// DErfcx returns erfcx(x) (ErrRange below −√MaxExpArg);
// ∂erfcx(x) = (2x·erfcx(x) − 2/√π)∂x.
func DErfcx(x *D) (*D, error) {
	v, err := new(I).Erfcx(x.V)
	if err != nil {
		return nil, err
	}
	r := &D{V: v, Unbounded: x.Unbounded}
	if !x.HasGrad() || x.Unbounded {
		return r, nil
	}
	d := new(I).Mul(x.V, v)
	d.Ldexp(d, 1)
	d.Sub(d, constsAt(x.V.Prec()).twoOverSqrtPi)
	for k, g := range x.G {
		if g != nil {
			r.G[k] = new(I).Mul(d, g)
		}
	}
	return r, nil
}
