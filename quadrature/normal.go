package quadrature

import (
	"math"
)

// Function is a real function that is analytic between its breakpoints.
//
// The quadrature never forms f(x+h) − f(x) by subtraction: Increment must
// return that difference accurately (for example λα·eˣ·expm1(h) on SELU's
// negative branch), which is what keeps the variance free of cancellation.
type Function interface {
	// Value returns f(x).
	Value(x float64) float64
	// Increment returns f(x+h) − f(x), accurate to a few ulps of the result.
	Increment(x, h float64) float64
	// Breakpoints returns the points where f is not analytic (kinks), in
	// increasing order. The caller must not modify the slice.
	Breakpoints() []float64
	// Scale returns a length over which f (and f², which the variance
	// integrates) varies smoothly away from its breakpoints: f is analytic in
	// a strip of about this half-width, and grows no faster than e^{|x|/Scale}.
	// It sets the smallest panel next to a breakpoint when the normal's
	// standard deviation is large. +Inf means piecewise polynomial.
	Scale() float64
}

// Tuning constants of the layout, in the standardized variable t = (z − m)/s.
const (
	// truncDrop: a piece is cut where φ has dropped by e^{-truncDrop} from its
	// value at the piece's end nearest the mean (e^{-46} ≈ 1.1e-20).
	truncDrop = 46.0
	// panelDrop: the largest drop of log φ across one Gauss–Legendre panel.
	panelDrop = 16.0
	// tailSkip: pieces starting beyond |t| = 38.5 carry mass below
	// φ(38.5) ≈ 1e-323, which is not representable.
	tailSkip = 38.5
	// halfLineMaxStart: half-lines that start within this distance of the
	// mean use the half-normal rule with the factor e^{−c·u − c²/2}.
	halfLineMaxStart = 3.0
	// halfLineFree: a piece longer than this is integrated as a
	// half-line: the 24-point half-normal rule's largest node is 10.16 and
	// φ(11)/φ(0) ≈ 5e-27, so its nodes never reach the far breakpoint.
	halfLineFree = 11.0
	// halfLineMaxTilt: the half-normal rule is used only while s/Scale is at
	// most this; beyond, f varies too fast for a 24-point rule.
	halfLineMaxTilt = 4.0
	// gradeFirst: the first panel next to a graded end is gradeFirst·Scale/s
	// long; the following ones double.
	gradeFirst = 1.0
)

// layout walks nodes t and weights w with Σ w·h(t) ≈ E[h(T)], T ~ N(0, 1),
// and accumulates, at each node, either Σ w·d and Σ w·d² for the increments
// d = f(m + s·t) − f(m) − shift, or Σ w·g(m + s·t). Nothing is stored, so
// nothing is allocated.
type layout struct {
	f     Function
	g     func(float64) float64
	g4    func(h float64) [4]float64
	sum4  [4]float64
	m, s  float64
	shift float64 // subtracted from the scaled increments (second pass)
	inv   float64 // 1/S, a power of two: increments are summed as (f(m+h) − f(m))/S
	n     int     // nodes visited

	sum, sum2 float64
}

func (l *layout) add(t, w float64) {
	l.n++
	if w == 0 {
		return
	}
	if l.g4 != nil {
		v := l.g4(l.s * t)
		for k := range v {
			l.sum4[k] += w * v[k]
		}
		return
	}
	if l.g != nil {
		l.sum += w * l.g(l.m+l.s*t)
		return
	}
	d := l.f.Increment(l.m, l.s*t)*l.inv - l.shift
	l.sum += w * d
	l.sum2 += w * d * d
}

// moments runs the layout for f and returns E[f(Z)] and Var f(Z). The
// variance is Σw·d² − (Σw·d)² about f(m); where that would cancel (the mean
// of d is not small against its spread) a second pass about the mean makes
// it a two-pass variance.
//
// The increments are scaled by a power of two S near their size
// (incrementScale) and the variance is rebuilt as (v·S)·S, so that it does
// not underflow where the increments' squares would (SELU far below its
// kink: f(m + h) − f(m) = λα·e^m·(e^h − 1) with e^{2m} below the smallest
// double while Var f(Z) = λ²α²e^{2m+s²}(e^{s²} − 1) is not).
func (l *layout) moments(rs ruleSet, f Function, m, s float64) (mean, variance float64) {
	breaks, scale := f.Breakpoints(), f.Scale()
	S, inv := incrementScale(f, m, s)
	*l = layout{f: f, m: m, s: s, inv: inv}
	l.fill(rs, m, s, breaks, scale)
	d1, v := l.sum, l.sum2-l.sum*l.sum
	if l.sum*l.sum > cancelRatio*l.sum2 {
		*l = layout{f: f, m: m, s: s, inv: inv, shift: d1}
		l.fill(rs, m, s, breaks, scale)
		v = l.sum2 - l.sum*l.sum
	}
	return f.Value(m) + d1*S, (v * S) * S
}

// incrementScale returns a power of two S near the size of the terms
// w·(f(m + h) − f(m))² that carry the variance, and 1/S (both exact). Where
// the increments at h = ±s are between 1e-100 and 1e100 (every ordinary
// case) S = 1: nothing changes. Otherwise S is the largest of
// |f(m + st) − f(m)|·e^{−t²/4} over t = −38, −36, …, 38 (the square root of
// the integrand's size, up to the rule's weights); S = 1 if that is 0.
func incrementScale(f Function, m, s float64) (S, inv float64) {
	d := math.Max(math.Abs(f.Increment(m, s)), math.Abs(f.Increment(m, -s)))
	if d > 1e-100 && d < 1e100 {
		return 1, 1
	}
	d = 0
	for t := -38.0; t <= 38; t += 2 {
		d = math.Max(d, math.Abs(f.Increment(m, s*t))*math.Exp(-t*t/4))
	}
	if !(d > 0) || math.IsInf(d, 0) {
		return 1, 1
	}
	_, e := math.Frexp(d)
	e = max(min(e, 1000), -1000) // S and 1/S stay normal doubles
	return math.Ldexp(1, e), math.Ldexp(1, -e)
}

// cancelRatio: above (Σw·d)² = cancelRatio·Σw·d², the one-pass variance
// Σw·d² − (Σw·d)² would amplify the rounding of Σw·d² by more than 4/3.
const cancelRatio = 0.25

// ruleSet selects the high or the low orders.
type ruleSet struct {
	half, leg, legShort *Rule
}

func highRules() ruleSet {
	r := cached()
	return ruleSet{&r.half, &r.leg, &r.legShort}
}

func lowRules() ruleSet {
	r := cached()
	return ruleSet{&r.halfLow, &r.legLow, &r.legShort}
}

// invSqrt2Pi is 1/√(2π).
const invSqrt2Pi = 0.398942280401432677939946059934381868475858631164934657665925829670657925899

// fill lays out nodes for N(m, s²) split at the breakpoints of f.
func (l *layout) fill(rs ruleSet, m, s float64, breaks []float64, scale float64) {
	// Split points in t: the mean (0) and every breakpoint that matters.
	var splits [16]float64
	ns := 0
	splits[ns] = 0
	ns++
	grow := s / scale // 1/tScale: the increments may grow like e^{|u|·grow} towards a breakpoint (piece)
	for _, b := range breaks {
		t := (b - m) / s
		// A breakpoint far out is dropped — unless the increments may grow
		// towards it, so that the mass sits near |u| = grow (SELU far below
		// its kink, tanh saturated, with a wide net input), where the piece
		// that ends at it must reach.
		if math.Abs(t) >= tailSkip+grow || t == 0 {
			continue
		}
		if ns == len(splits) {
			panic("quadrature: too many breakpoints")
		}
		splits[ns] = t
		ns++
	}
	// Insertion sort (tiny).
	for i := 1; i < ns; i++ {
		for j := i; j > 0 && splits[j] < splits[j-1]; j-- {
			splits[j], splits[j-1] = splits[j-1], splits[j]
		}
	}
	tScale := scale / s // f's scale in units of t
	// Pieces left of the mean, mirrored so that u = −t ≥ 0, and right of it.
	for i := 0; i <= ns; i++ {
		var lo, hi float64
		if i == 0 {
			lo = math.Inf(-1)
		} else {
			lo = splits[i-1]
		}
		if i == ns {
			hi = math.Inf(1)
		} else {
			hi = splits[i]
		}
		if hi <= 0 {
			// u = −t: near end −hi, far end −lo.
			l.piece(rs, -1, -hi, -lo, hi != 0, !math.IsInf(lo, 0), tScale)
		} else {
			l.piece(rs, 1, lo, hi, lo != 0, !math.IsInf(hi, 0), tScale)
		}
	}
}

// piece lays out the piece u ∈ [near, far] (0 ≤ near < far ≤ ∞) of t = dir·u.
// nearKink and farKink tell whether those ends are breakpoints of f.
func (l *layout) piece(rs ruleSet, dir, near, far float64, nearKink, farKink bool, tScale float64) {
	if near >= tailSkip {
		return
	}
	if far-near >= halfLineFree && near <= halfLineMaxStart && 1/tScale <= halfLineMaxTilt {
		// Half-normal rule: ∫_0^∞ h(near+v) φ(near+v) dv
		//   = ½ Σ W_i h(near+X_i) e^{−near·X_i − near²/2}.
		c := math.Exp(-near * near / 2)
		for i, x := range rs.half.X {
			l.add(dir*(near+x), 0.5*rs.half.W[i]*c*math.Exp(-near*x))
		}
		return
	}
	// On a piece that ends at a breakpoint, the squared increments may grow
	// like e^{|z − m|/Scale} towards it (SELU's exponential branch when the
	// kink is right of the mean; tanh saturated on either side of 0, where
	// (tanh(m + h) − tanh m)² ≈ 4e^{−4m}(1 − e^{−2h})² grows like e^{4|h|}
	// towards 0, within tanh's 1/Scale = 5): the integrand is then at most
	// φ(u)·e^{u/tScale}, which peaks at u = 1/tScale. Elsewhere the
	// increments stay bounded or grow polynomially. (Growth assumed on the
	// side where f does not have it only costs nodes.)
	centre := 0.0
	if farKink {
		// Beyond far the peak does not matter: the integrand then grows
		// over the whole piece, and its mass is at far.
		centre = math.Min(1/tScale, far)
	}
	d := math.Max(near-centre, 0)
	cut := centre + math.Sqrt(d*d+2*truncDrop)
	if far > cut {
		far = cut
		farKink = false
	}
	if !(far > near) {
		return
	}
	grade := gradeFirst * tScale
	if farKink {
		mid := (near + far) / 2
		l.graded(rs, dir, near, mid, grade, centre)
		l.graded(rs, dir, far, mid, grade, centre)
		return
	}
	l.graded(rs, dir, near, far, grade, centre)
}

// graded lays out Gauss–Legendre panels from u = from towards u = to, the
// first one at most h0 long and each next one twice as long. No panel spans
// a change of log φ(u − centre) above panelDrop: from distance d to the
// centre, a panel of length h ≤ √(d² + 2·panelDrop) − d changes it by at most
// panelDrop, whichever way it goes.
func (l *layout) graded(rs ruleSet, dir, from, to, h0, centre float64) {
	step := h0
	if !(step > 0) || math.IsInf(step, 1) {
		step = math.Inf(1)
	}
	pos := from
	for pos != to {
		d := math.Abs(pos - centre)
		h := math.Min(step, math.Sqrt(d*d+2*panelDrop)-d)
		var next float64
		if to > from {
			next = math.Min(pos+h, to)
		} else {
			next = math.Max(pos-h, to)
		}
		a, b := math.Min(pos, next), math.Max(pos, next)
		l.panel(rs, dir, a, b, step)
		pos = next
		step *= 2
	}
}

// panel adds a Gauss–Legendre panel on u ∈ [a, b] with the weight φ folded in.
func (l *layout) panel(rs ruleSet, dir, a, b, step float64) {
	r := rs.leg
	drop := (b*b - a*a) / 2
	if drop <= 1 && b-a <= 1 && b-a <= step/2 {
		r = rs.legShort
	}
	half, mid := (b-a)/2, (a+b)/2
	for i, x := range r.X {
		u := mid + half*x
		l.add(dir*u, half*r.W[i]*invSqrt2Pi*math.Exp(-u*u/2))
	}
}

// Normal computes expectations over N(m, s²) with the cached rules.
// The zero value is ready to use.
type Normal struct{}

// Moments returns E[f(Z)] and Var f(Z) for Z ~ N(m, s²), s > 0.
//
// The integral is split at the mean and at f's breakpoints. Half-lines next to
// the mean use a 24-point half-normal Gaussian rule; other pieces use 20-point
// Gauss–Legendre panels, graded towards breakpoints and limited by the decay
// of φ; each rule converges exponentially on its analytic piece. The variance
// is accumulated about f(m) from f's exact increments, with a second pass
// about the mean where needed, so it keeps its relative accuracy when
// Var f(Z) ≪ E[f(Z)]².
// It does not allocate.
func (Normal) Moments(f Function, m, s float64) (mean, variance float64) {
	var l layout
	return l.moments(highRules(), f, m, s)
}

// MomentsError is Moments with an error estimate: the same layout with lower
// orders (16-point half-normal, 13-point Gauss–Legendre panels) is evaluated
// too, and the differences are returned. They measure the error of the
// low-order results and, since the high orders converge faster, overestimate
// the error of the returned high-order values.
func (Normal) MomentsError(f Function, m, s float64) (mean, variance, errMean, errVariance float64) {
	var l layout
	mean, variance = l.moments(highRules(), f, m, s)
	m2, v2 := l.moments(lowRules(), f, m, s)
	return mean, variance, math.Abs(mean - m2), math.Abs(variance - v2)
}

// Expectation returns E[g(Z)] for Z ~ N(m, s²), s > 0, where g is analytic
// between the given breakpoints (sorted) and varies on the given scale (as in
// Function.Scale). It allocates nothing beyond what g does.
func (Normal) Expectation(g func(float64) float64, m, s float64, breaks []float64, scale float64) float64 {
	l := layout{g: g, m: m, s: s}
	l.fill(highRules(), m, s, breaks, scale)
	return l.sum
}

// Expectation4 returns E[g(Z − m)] for Z ~ N(m, s²) and a vector integrand
// with four components, where g receives the offset h = Z − m (so that the
// caller can form exact increments f(m + h) − f(m)). Breakpoints and scale are
// those of the functions g is made of (as in Function).
func (Normal) Expectation4(g func(h float64) [4]float64, m, s float64, breaks []float64, scale float64) [4]float64 {
	l := layout{g4: g, m: m, s: s}
	l.fill(highRules(), m, s, breaks, scale)
	return l.sum4
}

// nodes returns how many nodes the layout for these inputs has (for tests
// and benchmarks of the layout's cost).
func nodes(m, s float64, breaks []float64, scale float64) int {
	l := layout{g: func(float64) float64 { return 0 }, m: m, s: s}
	l.fill(highRules(), m, s, breaks, scale)
	return l.n
}
