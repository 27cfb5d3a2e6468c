package meanfield

import (
	"math"
	"sort"
	"sync"

	"github.com/snnanalyze/snnanalyze/quadrature"
)

// Tuning of the outer rule, in the standardized variable t = (z₁ − μω)/s
// (the same choices as package quadrature's layout).
const (
	// truncDrop: a piece is cut where φ has dropped by e^{−46} (1e-20) from
	// its value at the piece's end nearest the mean.
	truncDrop = 46.0
	// panelDrop: at most this drop of log φ across one panel.
	panelDrop = 16.0
	// tailSkip: pieces beyond |t| = 38.5 carry mass below φ(38.5) ≈ 1e-323.
	tailSkip = 38.5
	// legOrder: points of the Gauss–Legendre rule on each panel.
	legOrder = 20
	// halfOrder: points of the half-normal rule (quadrature.HalfNormal) on
	// a half-line that starts within halfLineMaxStart of the mean and on
	// which the integrand varies on scales of at least halfLineMinScale;
	// its largest node is 10.16, so a piece longer than halfLineFree is a
	// half-line to it.
	halfOrder        = 24
	halfLineMaxStart = 3.0
	halfLineMinScale = 0.5
	halfLineFree     = 11.0
	// halfLineFeature: a half-line rule starts at least this far (width
	// included) from a smoothed kink. At 0.5 the rule missed one at distance
	// 0.3 and width 0.2 by 1.5e-11 relative (SELU, μω = 0.6, ντ = 4,
	// c = 0.98; found against the Price route and mpmath); at 1 the nested
	// and Price routes agree within 4e-15 over TestPriceAgreesWithNested's
	// grid.
	halfLineFeature = 1.0
	// halfLineMaxTilt: no half-line rule where the integrand may grow
	// faster than e^{4u} (quadrature/normal.go's limit).
	halfLineMaxTilt = 4.0
)

var (
	legOnce sync.Once
	leg     quadrature.Rule
	half    quadrature.Rule
)

func rules() {
	legOnce.Do(func() {
		leg = quadrature.Legendre(legOrder)
		half = quadrature.HalfNormal(halfOrder)
	})
}

func legendre() *quadrature.Rule {
	rules()
	return &leg
}

func halfNormal() *quadrature.Rule {
	rules()
	return &half
}

// split is a point where the outer integrand is not analytic (a kink or a
// jump of f at z₁, or, for c = ±1, of f at z₂) or nearly so (where the
// inner mean crosses a kink of f: the inner expectation is smooth on the
// scale h0 there). Panels next to it start h0 long and double.
type split struct {
	t, h0 float64
	// smoothed marks a kink of the inner expectation smoothed over h0 (not
	// a kink of f at z₁): its analytic continuation grows fast within h0, so
	// a half-line rule is used only at least halfLineFeature away from it.
	smoothed bool
	hs       float64 // after merging: the smallest h0 of the smoothed kinks here
	// grow: towards a kink of f, the integrand may grow like e^{grow·|u|}
	// (SELU's exponential branch, tanh saturated: grow = s/Scale bounds
	// the rate of f's increments, and of the product of two); its mass
	// then sits near |u| = grow, not at the mean (quadrature/normal.go
	// does the same for one variable).
	grow float64
}

// node is one point of the outer rule: t and its weight (φ folded in).
type node struct{ t, w float64 }

// invSqrt2Pi is 1/√(2π).
const invSqrt2Pi = 0.398942280401432677939946059934381868475858631164934657665925829670657925899

// layoutNodes returns the nodes of a rule for E[h(T)], T ~ N(0, 1), where h
// is analytic between the given splits (and smooth on the scale free away
// from them), appending to buf.
func layoutNodes(buf []node, splits []split, free float64) []node {
	// Keep the splits that matter, merge coincident ones.
	ss := make([]split, 0, len(splits)+1)
	for _, s := range splits {
		if math.Abs(s.t) < tailSkip+s.grow && !math.IsNaN(s.t) {
			ss = append(ss, s)
		}
	}
	sort.Slice(ss, func(i, j int) bool { return ss[i].t < ss[j].t })
	merged := ss[:0]
	for _, s := range ss {
		if n := len(merged); n > 0 && math.Abs(s.t-merged[n-1].t) <= 1e-14*math.Max(1, math.Abs(s.t)) {
			merged[n-1].h0 = math.Min(merged[n-1].h0, s.h0)
			merged[n-1].grow = math.Max(merged[n-1].grow, s.grow)
			if s.smoothed {
				merged[n-1].smoothed = true
				merged[n-1].hs = math.Min(merged[n-1].hs, s.h0)
			}
			continue
		}
		s.hs = math.Inf(1)
		if s.smoothed {
			s.hs = s.h0
		}
		merged = append(merged, s)
	}
	ss = merged
	// A feature of width h0 at distance d from a split must be resolved by
	// the panels graded towards that split: its first panel is at most
	// h0 + d (splits closer than the width of a smoothed kink).
	for i := range ss {
		for j := range ss {
			ss[i].h0 = math.Min(ss[i].h0, ss[j].h0+math.Abs(ss[i].t-ss[j].t))
		}
	}
	// Pieces: between consecutive points of {mean, splits}; the mean (t = 0)
	// is a piece end without grading unless a split sits there.
	type end struct {
		t, h0 float64 // h0 = +Inf: not a kink
		feat  float64 // distance plus width of the nearest smoothed kink
		grow  float64 // split.grow
	}
	feature := func(t float64) float64 {
		d := math.Inf(1)
		for _, s := range ss {
			if s.smoothed {
				d = math.Min(d, s.hs+math.Abs(s.t-t))
			}
		}
		return d
	}
	// The mean is a piece end too; a feature of width h0 at distance d
	// from it must be resolved by the panels graded towards it (its first
	// panel at most h0 + d), or a half-line rule starting there would
	// integrate a nearly-kinked function as if it were smooth.
	meanH := math.Inf(1)
	for _, s := range ss {
		meanH = math.Min(meanH, s.h0+math.Abs(s.t))
	}
	ends := []end{{math.Inf(-1), math.Inf(1), math.Inf(1), 0}}
	meanDone := false
	for _, s := range ss {
		if !meanDone && s.t > 0 {
			ends = append(ends, end{0, meanH, feature(0), 0})
			meanDone = true
		}
		if s.t == 0 {
			meanDone = true
		}
		ends = append(ends, end{s.t, s.h0, feature(s.t), s.grow})
	}
	if !meanDone {
		ends = append(ends, end{0, meanH, feature(0), 0})
	}
	ends = append(ends, end{math.Inf(1), math.Inf(1), math.Inf(1), 0})
	for i := 0; i+1 < len(ends); i++ {
		lo, hi := ends[i], ends[i+1]
		if hi.t <= 0 {
			// Mirror: u = −t, near end −hi.t.
			buf = piece(buf, -1, -hi.t, -lo.t, hi.h0, lo.h0, hi.feat, lo.grow, free)
		} else {
			buf = piece(buf, 1, lo.t, hi.t, lo.h0, hi.h0, lo.feat, hi.grow, free)
		}
	}
	return buf
}

// piece lays out u ∈ [near, far] (0 ≤ near < far ≤ ∞) of t = dir·u, graded
// from each end with a finite first length; featNear is the distance plus
// width of the smoothed kink nearest to near, growFar the growth rate of the
// integrand towards far (split.grow).
func piece(buf []node, dir, near, far, hNear, hFar, featNear, growFar, free float64) []node {
	if near >= tailSkip {
		return buf
	}
	// Towards a kink the integrand is at most φ(u)·e^{growFar·u}, which
	// peaks at u = growFar: cut and grade about that centre.
	centre := 0.0
	if !math.IsInf(far, 1) {
		centre = math.Min(growFar, far) // beyond far: mass at far
	}
	if far-near >= halfLineFree && near <= halfLineMaxStart && math.Min(hNear, free) >= halfLineMinScale && featNear >= halfLineFeature && centre <= halfLineMaxTilt {
		// ∫_0^∞ h(near+v) φ(near+v) dv = ½ Σ W_i h(near+X_i) e^{−near·X_i − near²/2}.
		r := halfNormal()
		c := math.Exp(-near * near / 2)
		for i, x := range r.X {
			buf = append(buf, node{dir * (near + x), 0.5 * r.W[i] * c * math.Exp(-near*x)})
		}
		return buf
	}
	d := math.Max(near-centre, 0)
	cut := centre + math.Sqrt(d*d+2*truncDrop)
	if far > cut {
		far, hFar = cut, math.Inf(1)
	}
	if !(far > near) {
		return buf
	}
	hNear, hFar = math.Min(hNear, free), math.Min(hFar, free)
	if !math.IsInf(hFar, 1) && !math.IsInf(hNear, 1) {
		// Meet where the panels graded from either end are about as long
		// (a panel at distance d from an end is about d + h0 long).
		mid := near + math.Min(math.Max((far-near+hFar-hNear)/2, 0), far-near)
		if mid > near {
			buf = graded(buf, dir, near, mid, hNear, centre)
		}
		if mid < far {
			buf = graded(buf, dir, far, mid, hFar, centre)
		}
		return buf
	}
	if !math.IsInf(hFar, 1) {
		return graded(buf, dir, far, near, hFar, centre)
	}
	return graded(buf, dir, near, far, hNear, centre)
}

// graded lays out panels from u = from towards u = to, the first at most h0
// long, each next one twice as long, none spanning a change of
// log φ(u − centre) above panelDrop.
func graded(buf []node, dir, from, to, h0, centre float64) []node {
	r := legendre()
	step := h0
	if !(step > 0) {
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
		half, mid := (b-a)/2, (a+b)/2
		for i, x := range r.X {
			u := mid + half*x
			buf = append(buf, node{dir * u, half * r.W[i] * invSqrt2Pi * math.Exp(-u*u/2)})
		}
		pos = next
		step *= 2
	}
	return buf
}
