package interval

import (
	"math"
)

// I is a closed interval [Lo, Hi] of real numbers, Lo ≤ Hi.
type I struct {
	Lo, Hi float64
}

// Point returns the degenerate interval [v, v].
func Point(v float64) I { return I{v, v} }

// New returns [lo, hi]; it panics if lo > hi (a programmer error).
func New(lo, hi float64) I {
	if !(lo <= hi) {
		panic("interval: lo > hi or NaN")
	}
	return I{lo, hi}
}

// Widen returns [lo − k ulp, hi + k ulp].
func (a I) Widen(k int) I {
	for range k {
		a.Lo = math.Nextafter(a.Lo, math.Inf(-1))
		a.Hi = math.Nextafter(a.Hi, math.Inf(1))
	}
	return a
}

// up returns the next float64 above v (the same as math.Nextafter(v, +Inf),
// without its general case): a result rounded to nearest is within half a
// spacing of the exact value, so one step outward covers it.
func up(v float64) float64 {
	switch {
	case v > 0:
		if v > math.MaxFloat64 {
			return v // +Inf
		}
		return math.Float64frombits(math.Float64bits(v) + 1)
	case v < 0:
		return math.Float64frombits(math.Float64bits(v) - 1)
	case v == 0:
		return math.SmallestNonzeroFloat64
	}
	return v // NaN
}

// down returns the next float64 below v.
func down(v float64) float64 { return -up(-v) }

// Add returns a + b.
func Add(a, b I) I { return I{down(a.Lo + b.Lo), up(a.Hi + b.Hi)} }

// Sub returns a − b.
func Sub(a, b I) I { return I{down(a.Lo - b.Hi), up(a.Hi - b.Lo)} }

// Neg returns −a (exact).
func Neg(a I) I { return I{-a.Hi, -a.Lo} }

// Mul returns a·b.
func Mul(a, b I) I {
	// The end products that can be extreme, by the signs of the factors.
	switch {
	case a.Lo >= 0 && b.Lo >= 0:
		return I{down(a.Lo * b.Lo), up(a.Hi * b.Hi)}
	case a.Hi <= 0 && b.Hi <= 0:
		return I{down(a.Hi * b.Hi), up(a.Lo * b.Lo)}
	case a.Lo >= 0 && b.Hi <= 0:
		return I{down(a.Hi * b.Lo), up(a.Lo * b.Hi)}
	case a.Hi <= 0 && b.Lo >= 0:
		return I{down(a.Lo * b.Hi), up(a.Hi * b.Lo)}
	}
	p1, p2, p3, p4 := a.Lo*b.Lo, a.Lo*b.Hi, a.Hi*b.Lo, a.Hi*b.Hi
	return I{down(min(p1, p2, p3, p4)), up(max(p1, p2, p3, p4))}
}

// Scale returns c·a for a number c (exact c, e.g. a power of two or a
// constant already rounded on purpose; the product is still widened).
func Scale(c float64, a I) I { return Mul(Point(c), a) }

// Div returns a/b; b must not contain 0 (it panics: the caller must
// subdivide or refuse).
func Div(a, b I) I {
	if b.Lo <= 0 && b.Hi >= 0 {
		panic("interval: division by an interval containing 0")
	}
	q1, q2, q3, q4 := a.Lo/b.Lo, a.Lo/b.Hi, a.Hi/b.Lo, a.Hi/b.Hi
	return I{down(min(q1, q2, q3, q4)), up(max(q1, q2, q3, q4))}
}

// Sqr returns {x² : x ∈ a} (tighter than Mul(a, a)).
func Sqr(a I) I {
	switch {
	case a.Lo >= 0:
		return I{down(a.Lo * a.Lo), up(a.Hi * a.Hi)}
	case a.Hi <= 0:
		return I{down(a.Hi * a.Hi), up(a.Lo * a.Lo)}
	}
	m := max(-a.Lo, a.Hi)
	return I{0, up(m * m)}
}

// Sqrt returns √a for a ≥ 0 (negative parts, from rounding, are clipped to 0).
func Sqrt(a I) I {
	lo := max(a.Lo, 0)
	return I{max(down(math.Sqrt(lo)), 0), up(math.Sqrt(max(a.Hi, 0)))}
}

// Abs returns |a|.
func Abs(a I) I {
	switch {
	case a.Lo >= 0:
		return a
	case a.Hi <= 0:
		return Neg(a)
	}
	return I{0, max(-a.Lo, a.Hi)}
}

// Hull returns the smallest interval containing a and b.
func Hull(a, b I) I { return I{min(a.Lo, b.Lo), max(a.Hi, b.Hi)} }

// Mid returns the midpoint.
func (a I) Mid() float64 { return a.Lo/2 + a.Hi/2 }

// Width returns Hi − Lo.
func (a I) Width() float64 { return a.Hi - a.Lo }

// Contains reports whether v ∈ a.
func (a I) Contains(v float64) bool { return a.Lo <= v && v <= a.Hi }

// Finite reports whether both ends are finite numbers.
func (a I) Finite() bool {
	return !math.IsNaN(a.Lo) && !math.IsNaN(a.Hi) && !math.IsInf(a.Lo, 0) && !math.IsInf(a.Hi, 0)
}
