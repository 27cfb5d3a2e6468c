package meanfield

import (
	"errors"
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/quadrature"
)

// Map is the correlation map of one layer at the input statistics (μ, ν)
// with weights (ω, τ): net inputs z₁, z₂ ~ N(μω, ντ) with correlation c.
// Its methods are safe for concurrent use.
type Map struct {
	f      mapping.Activation
	p      selu // closed-form parameters, if closed
	closed bool
	y, x   float64 // μω, ντ
	s      float64 // √x
	route  route
	a0     float64 // the Price route's A(0) (price.go), if closed
	// Moments of f(z): μ̃, ξ̃, ν̃ (mapping.EvaluateNormal).
	Moments mapping.Moments
	// DerivMean and DerivSecond are E[f′(z)] and E[f′(z)²].
	DerivMean, DerivSecond float64
}

// ErrDegenerate is returned when ν̃ = Var f(z) is zero in float64 (f is
// constant on the net input's range, e.g. ReLU far below its kink): the
// correlation of f(z₁) and f(z₂) is undefined.
var ErrDegenerate = errors.New("Var f(z) is 0 in float64: the correlation is undefined")

// NewMap prepares the correlation map at (μ, ν) with weights (ω, τ); the
// domain is mapping.Normal's and mapping.CheckActivation's.
func NewMap(f mapping.Activation, mu, nu, omega, tau float64) (*Map, error) {
	y, x, err := mapping.Normal(mu, nu, omega, tau)
	if err != nil {
		return nil, err
	}
	return NewMapNormal(f, y, x)
}

// The correlation map's domain: |μω| ≤ MaxMean, ντ ≤ MaxVariance (and
// mapping's). It is where the map is tested (the domain, #14: the
// routes agree with each other and with mpmath there, docs/gradients.md).
// Beyond, saturated activations put the covariance's mass far out in the
// tails (tanh at |μω| = 100, SELU at μω = −300 gave c̃ > 1) or make the
// nested quadrature slow (tanh at ντ = 1e8: seconds per c).
const (
	MaxMean     = 30
	MaxVariance = 1e4
)

// ErrDomain is returned (wrapped) for net-input statistics outside the
// correlation map's domain.
var ErrDomain = errors.New("the correlation map is computed for |mu*omega| <= 30 and nu*tau <= 1e4")

// NewMapNormal is NewMap with the net input's mean y = μω and variance
// x = ντ given.
func NewMapNormal(f mapping.Activation, y, x float64) (*Map, error) {
	if err := mapping.CheckNormal(y, x); err != nil {
		return nil, err
	}
	if !(math.Abs(y) <= MaxMean && x <= MaxVariance) {
		return nil, fmt.Errorf("%w (mu*omega = %v, nu*tau = %v)", ErrDomain, y, x)
	}
	ev, err := mapping.EvaluateNormal(f, y, x, mapping.Auto)
	if err != nil {
		return nil, err
	}
	if !(ev.Var > 0) {
		return nil, fmt.Errorf("%w (mu*omega = %v, nu*tau = %v)", ErrDegenerate, y, x)
	}
	dm, ds, err := DerivMoments(f, y, x)
	if err != nil {
		return nil, err
	}
	m := &Map{f: f, y: y, x: x, s: math.Sqrt(x), Moments: ev.Moments, DerivMean: dm, DerivSecond: ds}
	m.p, m.closed = seluOf(f)
	if m.closed {
		m.a0 = priceA0(y, x)
	}
	return m, nil
}

// Value is the correlation map at one c.
type Value struct {
	C         float64 // the input correlation c
	Centred   float64 // c̃ = Cov(f(z₁), f(z₂))/ν̃
	Uncentred float64 // E[f(z₁)f(z₂)]/E[f(z)²]
	Cov       float64 // Cov(f(z₁), f(z₂))
	Product   float64 // E[f(z₁)f(z₂)] = Cov + μ̃²
	// Nested reports that the inner expectation was integrated by
	// quadrature (no closed form for f, or the closed form's rounding bound
	// was above 1e-14 of the covariance).
	Nested bool
}

// ErrCorrelation is returned (wrapped) for c outside [−1, 1] or NaN.
var ErrCorrelation = errors.New("the correlation c must be in [-1, 1]")

func checkC(c float64) error {
	if !(c >= -1 && c <= 1) {
		return fmt.Errorf("%w (got %v)", ErrCorrelation, c)
	}
	return nil
}

// At returns the correlation map at c ∈ [−1, 1].
func (m *Map) At(c float64) (Value, error) {
	if err := checkC(c); err != nil {
		return Value{}, err
	}
	cov, nested := m.covariance(c, false)
	v := Value{C: c, Cov: cov, Nested: nested}
	mo := m.Moments
	v.Centred = cov / mo.Var
	v.Product = cov + mo.Mean*mo.Mean
	if mm := mo.Mean * mo.Mean; math.Abs(v.Product) < productCancel*mm {
		// Cov ≈ −μ̃²: the sum has lost more than 6 bits. The direct sum
		// is taken if its own terms cancel less (ReLU's are all ≥ 0).
		p, mag, err := m.directProduct(c)
		if err != nil {
			return Value{}, err
		}
		if mag < math.Abs(cov)+mm {
			v.Product = p
		}
	}
	v.Uncentred = v.Product / mo.Second
	if !finite(v.Centred) || !finite(v.Product) || !finite(v.Uncentred) {
		return Value{}, fmt.Errorf("%w: correlation map at c = %v", mapping.ErrOverflow, c)
	}
	return v, nil
}

// DerivProduct returns E[f′(z₁)f′(z₂)] at correlation c.
func (m *Map) DerivProduct(c float64) (float64, error) {
	if err := checkC(c); err != nil {
		return 0, err
	}
	v, _ := m.covariance(c, true)
	return v, nil
}

// Slope returns dc̃/dc at c: by Price's theorem, d/dc E[f(z₁)f(z₂)] =
// ντ·E[f′(z₁)f′(z₂)], so the slope is ντ·E[f′(z₁)f′(z₂)]/ν̃; at c = 0 it is
// ντ·E[f′]²/ν̃ and at c = 1 ντ·E[f′²]/ν̃ (χ₁ at a fixed point of g, where
// ν̃ = ν). The uncentred map's slope is the same with ξ̃ for ν̃.
func (m *Map) Slope(c float64) (float64, error) {
	d, err := m.DerivProduct(c)
	if err != nil {
		return 0, err
	}
	return m.x * d / m.Moments.Var, nil
}

// covariance returns Cov(f(z₁), f(z₂)) (deriv false) or E[f′(z₁)f′(z₂)]
// (deriv true) at correlation c, and whether the inner expectation was
// integrated by quadrature.
func (m *Map) covariance(c float64, deriv bool) (float64, bool) {
	switch c {
	case 1:
		if deriv {
			return m.DerivSecond, false
		}
		return m.Moments.Var, false
	case 0:
		if deriv {
			return m.DerivMean * m.DerivMean, false
		}
		return 0, false
	}
	if m.closed && (m.route == autoRoute || m.route == priceRoute) && inPriceDomain(m.y, m.x) && c >= priceMinC {
		v, mag := m.p.priceCov(m.y, m.x, c, m.DerivMean, m.a0, deriv)
		// The rounding bound of the sum, with a safety factor 8 (each term
		// is a product of a few correctly rounded operations and of exp,
		// erfcx and expm1 within a few ulps).
		scale := math.Abs(v)
		if !deriv {
			scale = math.Max(scale, 1e-2*m.Moments.Var)
		}
		if m.route == priceRoute || 8*epsilon*mag <= autoTol*scale {
			return v, false
		}
	}
	f, y, s := m.f, m.y, m.s
	nodes, b := m.outerNodes(c, math.Inf(1))
	scale := f.Scale()

	if deriv {
		var sum float64
		for _, n := range nodes {
			a := y + c*s*n.t
			var g float64
			switch {
			case b == 0:
				g = f.Deriv(a)
			case m.closed:
				g = m.p.innerDeriv(a, b*b)
			default:
				g = quadrature.Normal{}.Expectation(f.Deriv, a, b, f.Breakpoints(), scale)
			}
			sum += n.w * f.Deriv(y+s*n.t) * g
		}
		return sum, !(b == 0 || m.closed)
	}

	// Pass 1: D = f(y + s·t) − f(y) from exact increments, and its mean.
	d := make([]float64, len(nodes))
	var dbar float64
	for i, n := range nodes {
		d[i] = f.Increment(y, s*n.t)
		dbar += n.w * d[i]
	}
	if b == 0 {
		var sdg, sd, sg float64
		for i, n := range nodes {
			g := f.Increment(y, c*s*n.t)
			dd := d[i] - dbar
			sdg += n.w * dd * g
			sd += n.w * dd
			sg += n.w * g
		}
		return sdg - sd*sg, false
	}
	if m.closed && m.route != nestedRoute {
		v := b * b
		f0, mag0 := m.p.innerMean(y, v)
		var sdg, sd, sg, errSum float64
		for i, n := range nodes {
			fa, mag := m.p.innerMean(y+c*s*n.t, v)
			g := fa - f0
			dd := d[i] - dbar
			sdg += n.w * dd * g
			sd += n.w * dd
			sg += n.w * g
			errSum += n.w * math.Abs(dd) * (mag + mag0)
		}
		cov := sdg - sd*sg
		// The inner closed form's rounding bound, with a safety factor 2.
		errCov := 2 * epsilon * errSum
		if debugErr != nil {
			debugErr(errCov, cov)
		}
		if m.route == closedRoute || m.route == autoRoute && errCov <= autoTol*math.Max(math.Abs(cov), 1e-2*m.Moments.Var) {
			return cov, false
		}
	}
	// Nested: G(t) = E[f(w + d) − f(w)], w ~ N(y, b²), d = c·s·t, by
	// quadrature with exact increments.
	br := f.Breakpoints()
	inner := make([]float64, 0, 2*len(br))
	var sdg, sd, sg float64
	for i, n := range nodes {
		dz := c * s * n.t
		inner = inner[:0]
		for _, k := range br {
			inner = append(inner, k, k-dz)
		}
		sortSmall(inner)
		g := quadrature.Normal{}.Expectation(func(w float64) float64 { return f.Increment(w, dz) }, y, b, inner, scale)
		dd := d[i] - dbar
		sdg += n.w * dd * g
		sd += n.w * dd
		sg += n.w * g
	}
	return sdg - sd*sg, true
}

// outerNodes returns the outer rule in t (z₁ = μω + s·t) at correlation c
// ≠ 0, split at the kinks of f(z₁) and where the inner mean crosses them
// (the integrand smooth on the scale free elsewhere), and the inner
// standard deviation b = s√(1 − c²) (0 where negligible).
func (m *Map) outerNodes(c, free float64) ([]node, float64) {
	f, y, s := m.f, m.y, m.s
	b := s * math.Sqrt((1-c)*(1+c))
	if !(b > 0) || b < 1e-300 {
		b = 0
	}
	scale := f.Scale()
	var splits [8]split
	ns := 0
	for _, k := range f.Breakpoints() {
		if ns+2 > len(splits) {
			break
		}
		splits[ns] = split{t: (k - y) / s, h0: scale / s, grow: s / scale}
		ns++
		h0 := scale / (s * math.Abs(c))
		if b > 0 {
			h0 = math.Min(h0, b/(s*math.Abs(c)))
		}
		splits[ns] = split{t: (k - y) / (s * c), h0: h0, smoothed: true}
		ns++
	}
	return layoutNodes(make([]node, 0, 128), splits[:ns], free), b
}

// directProduct returns E[f(z₁)f(z₂)] as the outer rule's sum of
// f(z₁)·E[f(z₂) | z₁], the inner mean by mapping.EvaluateNormal (accurate
// to its own relative tolerance however small it is). At uses it where
// Cov + μ̃² cancels: there the sum keeps only the absolute accuracy of Cov,
// while the direct sum of an integrand of one sign (ReLU's) keeps its
// relative accuracy.
func (m *Map) directProduct(c float64) (sum, mag float64, err error) {
	if c == 0 {
		p := m.Moments.Mean * m.Moments.Mean
		return p, p, nil
	}
	f, y, s := m.f, m.y, m.s
	// Away from the kinks the product still varies on the scale b/(s|c|)
	// of E[f(z₂) | z₁] (a Gaussian tail where the covariance's integrand
	// is dominated by other terms): no half-line rule across it.
	nodes, b := m.outerNodes(c, math.Max(math.Sqrt((1-c)*(1+c))/math.Abs(c), 1e-8))
	for _, n := range nodes {
		fz := f.Value(y + s*n.t)
		if fz == 0 {
			continue
		}
		a := y + c*s*n.t
		g := f.Value(a)
		if b > 0 {
			ev, err := mapping.EvaluateNormal(f, a, b*b, mapping.Auto)
			if err != nil {
				return 0, 0, err
			}
			g = ev.Mean
		}
		sum += n.w * fz * g
		mag += math.Abs(n.w * fz * g)
	}
	return sum, mag, nil
}

func sortSmall(v []float64) {
	for i := 1; i < len(v); i++ {
		for j := i; j > 0 && v[j] < v[j-1]; j-- {
			v[j], v[j-1] = v[j-1], v[j]
		}
	}
}

// productCancel: At tries the direct sum of E[f(z₁)f(z₂)] where |Cov + μ̃²|
// is below productCancel·μ̃² (6 bits lost to cancellation: with Cov to
// 1e-15, the sum would be left with 6.4e-14).
const productCancel = 1.0 / 64

// autoTol: the closed-form route is taken where its rounding bound is below
// autoTol of max(|Cov|, ν̃/100); the nested quadrature elsewhere.
const autoTol = 1e-13

// epsilon is the unit roundoff of float64, 2^−53.
const epsilon = 1.0 / (1 << 53)

// sqrt2OverPi is √(2/π).
const sqrt2OverPi = 0.797884560802865355879892119868763736951717262329869315331851659341315851798603677002504667814613872

// innerMean returns E[f(a + √v·T)], T ~ N(0, 1), by the closed form of the
// paper's eq. 11 (as mapping's, regrouped without the cancellation of 2a
// against a·erfc), and a bound of its absolute rounding error in units of
// ε: each term's size times the amplification of the rounding of its
// arguments (e^{−q} with q = a²/(2v) rounded: q + 2; e^{p}·erfc(u) with u < 0:
// |p| + 2; erfcx and erfc(u < 0) are well conditioned), plus a few ulps of
// the sum.
func (f selu) innerMean(a, v float64) (mean, errUlps float64) {
	r := math.Sqrt(2 * v)
	q := a * a / (2 * v)
	gauss := math.Exp(-q)
	u0 := a / r
	e0, e0c := erfcPair(u0, gauss)
	small := math.Min(e0, e0c)
	u1 := (a + v) / r
	e1 := expErfc(a+v/2, u1, gauss)
	amp1 := q + 2
	if u1 < 0 {
		amp1 = math.Abs(a+v/2) + 2
	}
	g := sqrt2OverPi * math.Sqrt(v) * gauss
	l, al := f.lambda, f.alpha
	mean = 0.5 * l * (-al*e0 + a*e0c + al*e1 + g)
	errSmall := small*(q+2) + 2 // e0 and e0c share it (the other is 2 − small)
	errUlps = 0.5 * l * ((al+math.Abs(a))*errSmall + al*e1*amp1 + g*(q+2) +
		4*(al*e0+math.Abs(a)*e0c+al*e1+g))
	return mean, errUlps
}

// innerDeriv returns E[f′(a + √v·T)] = ½λ(erfc(−a/r) + α·e^{a + v/2}·erfc((a + v)/r)).
func (f selu) innerDeriv(a, v float64) float64 {
	r := math.Sqrt(2 * v)
	gauss := math.Exp(-a * a / (2 * v))
	_, e0c := erfcPair(a/r, gauss)
	e1 := expErfc(a+v/2, (a+v)/r, gauss)
	return 0.5 * f.lambda * (e0c + f.alpha*e1)
}

var debugErr func(e, c float64)

// route selects how the inner expectation is evaluated (tests compare them).
type route int

const (
	autoRoute route = iota
	closedRoute
	nestedRoute
	priceRoute
)
