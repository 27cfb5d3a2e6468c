package verify

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"

	"github.com/snnanalyze/snnanalyze/internal/interval"
	"github.com/snnanalyze/snnanalyze/jacobian"
)

// CertifySettings are optional settings of Certify; nil means the defaults.
type CertifySettings struct {
	// Gap: a box is not split further once its bound is within Gap of the
	// best value found (default 1e-5 · max(1, |best|); at most a quarter of
	// the margin between the best value and Threshold).
	Gap float64
	// MaxBoxes bounds the boxes evaluated (default DefaultMaxBoxes); past it
	// the result is Partial, with a bound that is still rigorous but looser.
	MaxBoxes int64
	// Threshold is the claim: the maximum is below it (or the minimum above
	// it). When a point violates it, Certify stops and returns that point.
	// NaN means no claim.
	Threshold float64
	// Workers is the number of goroutines (default all cores).
	Workers int
	// Progress, if not nil, is called after each level of subdivision.
	Progress func(boxes int64, bound, best float64)
	// Stop, if not nil, ends the search early when closed (Partial result).
	Stop <-chan struct{}
}

// CertifyResult is a rigorous bound of a quantity over a whole box.
type CertifyResult struct {
	// Bound: every point of the box has a value ≤ Bound (for a maximum; ≥
	// for a minimum). It covers the rounding of every operation (outward
	// rounding) and α, λ within one ulp of the given float64 values.
	Bound float64
	// Best is the most extreme value evaluated, at BestAt: the true extreme
	// lies between Best and Bound.
	Best   float64
	BestAt [4]float64
	// Boxes is the number of boxes evaluated, Leaves the number of leaves of
	// the certificate (the partition; of the half μ ≤ 0 when the other half
	// is its mirror image).
	Boxes  int64
	Leaves int
	// Partial: stopped by MaxBoxes or Stop before every box met the gap.
	Partial bool
	// Violated: a point violates Threshold (it is BestAt); Bound is then
	// Best, and there is no Certificate.
	Violated bool
	// Certificate is the partition, for Check (see EncodeCertificate).
	Certificate *Certificate
}

// Certificate is a partition of a box by repeated bisection, with an
// upper bound (in the maximised sign) on every leaf. The upper half of a
// split may instead be the mirror image of the lower half under
// (μ, ω) ↦ (−μ, −ω) (mirrorable).
type Certificate struct {
	Problem Problem
	Root    [4][2]float64 // the box after widening each end outward by 1 ulp
	// Tree is the bisection tree in preorder: a digit 0–3 splits the box at
	// the midpoint of that axis (lower half first), 'L' is a leaf, and 'M'
	// in place of the upper half of a μ split of a box symmetric in μ and ω
	// is the mirror image of the lower half (no leaves of its own).
	Tree string
	// Leaves holds each leaf's bound in the order of Tree, in the quantity's
	// own sign (upper bounds for maxima, lower bounds for minima).
	Leaves []float64
	// Bound is the claimed bound: max of the leaves (min for minima).
	Bound float64
}

// sign makes every quantity a maximisation: value·sign is maximised.
func (q Quantity) sign() float64 {
	if q.IsMax() {
		return 1
	}
	return -1
}

// params returns α and λ as intervals one ulp around the float64 values, so
// that a certificate covers the exact published constants.
func (pr *Problem) params() (a, l interval.I) {
	return interval.Point(pr.F.Alpha).Widen(1), interval.Point(pr.F.Lambda).Widen(1)
}

// Enclose returns an interval that contains the quantity's value at every
// point of the box b, with an enclosure of its gradient in (μ, ω, ν, τ) over
// b (interval arithmetic with outward rounding and automatic
// differentiation).
func (pr *Problem) Enclose(b [4][2]float64) (interval.D, error) {
	if err := pr.Validate(); err != nil {
		return interval.D{}, err
	}
	if err := BoxFromAxes(b).Validate(); err != nil {
		return interval.D{}, err
	}
	return pr.enclose(b)
}

// enclose is Enclose without the checks (Certify and Check validate once).
func (pr *Problem) enclose(b [4][2]float64) (interval.D, error) {
	M := interval.Var(interval.I{Lo: b[0][0], Hi: b[0][1]}, 0)
	W := interval.Var(interval.I{Lo: b[1][0], Hi: b[1][1]}, 1)
	N := interval.Var(interval.I{Lo: b[2][0], Hi: b[2][1]}, 2)
	T := interval.Var(interval.I{Lo: b[3][0], Hi: b[3][1]}, 3)
	a, l := pr.params()
	A, L := interval.Const(a), interval.Const(l)
	if pr.Quantity.backward() {
		// χ₁ = τ·E[f′²] or E[f′]: only the backward closed forms.
		isMean := pr.Quantity == MinMeanFPrime || pr.Quantity == MaxMeanFPrime
		mean, second, err := encloseBackward(A, L, interval.DMul(M, W), interval.DMul(N, T), isMean)
		if err != nil {
			return interval.D{}, err
		}
		r := mean
		if !isMean {
			r = interval.DMul(T, second)
		}
		if !r.V.Finite() {
			return interval.D{}, errEnclosure
		}
		return r, nil
	}
	e, err := encloseSELU(A, L, interval.DMul(M, W), interval.DMul(N, T))
	if err != nil {
		return interval.D{}, err
	}
	var r interval.D
	switch pr.Quantity {
	case MaxSpectralNorm:
		r2y, r2x := e.varY, e.varX
		if pr.Of == jacobian.SecondMoment {
			r2y, r2x = e.secondY, e.secondX
		}
		r = spectralNormIv(interval.DMul(W, e.meanY), interval.DMul(T, e.meanX), interval.DMul(W, r2y), interval.DMul(T, r2x))
	case MinMuTilde, MaxMuTilde:
		r = e.mean
	case MinNuTilde, MaxNuTilde:
		r = e.variance
	default:
		r = interval.DSub(e.variance, N)
	}
	if !r.V.Finite() {
		return interval.D{}, errEnclosure
	}
	return r, nil
}

// signedUpper is an interval's bound in the maximised sign.
func (pr *Problem) signedUpper(iv interval.I) float64 {
	if pr.Quantity.IsMax() {
		return iv.Hi
	}
	return -iv.Lo
}

// boxBound returns a rigorous bound (in the maximised sign) of the quantity
// over b: the smaller of its direct enclosure over b and a mean-value form
// taken one axis at a time (Hansen's form).
//
// The form fixes the axes one by one. Let C be b with the axes fixed so far
// at their chosen values cₖ (at first C = b), and G an enclosure of the
// gradient over C. The next axis is one along which the signed gradient
// keeps one sign on C (f is monotone along it: cₖ is the end where f is
// largest and the axis adds nothing), else the one with the largest
// |Gₖ|·wₖ. For every point p of C, f(p) − f(p with pₖ = cₖ) = ∂ₖf(ζ)·(pₖ − cₖ)
// for some ζ in C, at most max(b·(hi − cₖ), −a·(cₖ − lo)) when the signed
// ∂ₖf lies in [a, b] (a ≤ 0 ≤ b) on C; cₖ is Baumann's centre
// (b·hi − a·lo)/(b − a), which makes that term smallest (the upper end
// when a = 0). C then shrinks to the face pₖ = cₖ, is enclosed again (its
// gradient enclosure is tighter: fewer axes vary), and so on until C is the
// point c. The bound is f(c), enclosed at c, plus the terms. While every
// axis fixed so far is monotone, C's own enclosure bounds f over b too.
//
// It also returns each axis's weight for choosing the split, its term (0 for
// a monotone axis: halving it leaves the bound of the half at that end
// unchanged), and the probe: b's centre with the leading monotone axes
// moved to the ends where f is largest (its value is at least the
// centre's), moved into the problem's box (b may reach one ulp beyond it).
func (pr *Problem) boxBound(b [4][2]float64) (bound float64, weight [4]float64, probe [4]float64, err error) {
	d, err := pr.enclose(b)
	if err != nil {
		return 0, weight, probe, err
	}
	bound, weight, probe = pr.hansen(b, d)
	return bound, weight, probe, nil
}

// up rounds a float64 result up by one ulp (so that it is at least the
// exact value of the operation that gave it).
func up(v float64) float64 { return math.Nextafter(v, math.Inf(1)) }

// signedGrad is the gradient enclosure along axis k in the maximised sign.
func (pr *Problem) signedGrad(d interval.D, k int) interval.I {
	if pr.Quantity.sign() < 0 {
		return interval.Neg(d.G[k])
	}
	return d.G[k]
}

// baumann returns Baumann's centre of [lo, hi] for a signed derivative in
// g, and the term max(b·(hi − c), −a·(c − lo)) with a = min(g.Lo, 0),
// b = max(g.Hi, 0), rounded up; the term is 0 when f is monotone (a = 0 or
// b = 0: c is the end where f is largest).
func baumann(lo, hi float64, g interval.I) (c, term float64) {
	a, b := math.Min(g.Lo, 0), math.Max(g.Hi, 0)
	switch {
	case a == 0:
		return hi, 0
	case b == 0:
		return lo, 0
	}
	c = lo + (hi-lo)/2
	if v := (b*hi - a*lo) / (b - a); v >= lo && v <= hi { // else (overflow) the midpoint
		c = v
	}
	// (hi − c) and (c − lo), rounded up, times b and −a, rounded up.
	return c, math.Max(up(b*up(hi-c)), up(-a*up(c-lo)))
}

// hansen is boxBound given the enclosure d over b.
func (pr *Problem) hansen(b [4][2]float64, d interval.D) (bound float64, weight [4]float64, probe [4]float64) {
	bound = pr.signedUpper(d.V)
	probe = pr.centre(b)
	if !d.Finite() {
		for k := range weight {
			weight[k] = b[k][1] - b[k][0]
		}
		return bound, weight, probe
	}
	cur := b
	var left []int // the axes of cur that still vary
	for k := range 4 {
		if b[k][1] > b[k][0] {
			left = append(left, k)
		}
	}
	var terms float64
	monotone := true // every axis fixed so far is monotone
	for len(left) > 0 {
		// The next axis: a monotone one, else the largest |Gₖ|·wₖ.
		next, nextW, nextMono := -1, -1.0, false
		for i, k := range left {
			g := pr.signedGrad(d, k)
			mono := g.Lo >= 0 || g.Hi <= 0
			w := math.Max(math.Abs(g.Lo), math.Abs(g.Hi)) * (cur[k][1] - cur[k][0])
			if next < 0 || (mono && !nextMono) || (mono == nextMono && w > nextW) {
				next, nextW, nextMono = i, w, mono
			}
		}
		k := left[next]
		left = append(left[:next], left[next+1:]...)
		ck, t := baumann(cur[k][0], cur[k][1], pr.signedGrad(d, k))
		terms = up(terms + t)
		weight[k] = t
		cur[k] = [2]float64{ck, ck}
		monotone = monotone && t == 0
		if monotone {
			probe[k] = pr.clamp(k, ck)
		}
		dn, err := pr.enclose(cur)
		if err != nil || !dn.Finite() {
			// Keep the gradient over the larger box: it encloses this one's
			// too. Without an enclosure at the last point there is no form.
			continue
		}
		d = dn
		if len(left) == 0 || monotone {
			bound = math.Min(bound, up(pr.signedUpper(d.V)+terms))
		}
	}
	return bound, weight, probe
}

// centre returns the centre of b moved into the problem's box (b may reach
// one ulp beyond it).
func (pr *Problem) centre(b [4][2]float64) [4]float64 {
	var c [4]float64
	for k := range 4 {
		c[k] = pr.clamp(k, b[k][0]+(b[k][1]-b[k][0])/2)
	}
	return c
}

// clamp moves v into the problem's range of axis k.
func (pr *Problem) clamp(k int, v float64) float64 {
	r := pr.Box.Axes()[k]
	return math.Min(math.Max(v, r[0]), r[1])
}

// searchBound is what Certify evaluates on a box: boxBound, unless the
// box is hopeless, i.e. the mean-value form over the whole box exceeds the
// value at the centre by more than hopeless times the room left under
// threshold (the bound a box must meet to be a leaf, from the levels
// before). Such a box would almost always be split anyway (on the paper's
// checks, 55 of the 33,757 boxes called hopeless would have met threshold
// with Hansen's form), so its other enclosures are skipped: it gets the
// direct enclosure as its (rigorous) bound and |∂ₖf(b)|·wₖ as its weights
// (full is false). This only decides how the search spends its work: a box
// that becomes a leaf gets boxBound's bound (Certify re-evaluates it), so
// every leaf's bound is the one Check re-derives.
func (pr *Problem) searchBound(b [4][2]float64, threshold float64) (bx certBox, err error) {
	bx.b = b
	d, err := pr.enclose(b)
	if err != nil {
		return bx, err
	}
	sg := pr.Quantity.sign()
	c := pr.centre(b)
	v, err := pr.Value(c)
	if err != nil {
		return bx, err
	}
	if d.Finite() && !math.IsInf(threshold, -1) {
		var plain float64
		var weight [4]float64
		for k := range 4 {
			if w := b[k][1] - b[k][0]; w > 0 {
				_, t := baumann(b[k][0], b[k][1], pr.signedGrad(d, k))
				plain += t
				g := d.G[k]
				weight[k] = math.Max(math.Abs(g.Lo), math.Abs(g.Hi)) * w
			}
		}
		if room := math.Max(threshold-sg*v, 0); plain > hopeless*room {
			bx.upper, bx.grad, bx.probe, bx.value, bx.done = pr.signedUpper(d.V), weight, c, sg*v, true
			return bx, nil
		}
	}
	bx.upper, bx.grad, bx.probe = pr.hansen(b, d)
	bx.value = sg * v
	if bx.probe != c {
		if v, err = pr.Value(bx.probe); err != nil {
			return bx, err
		}
		bx.value = sg * v
	}
	bx.done, bx.full = true, true
	return bx, nil
}

// hopeless is the factor of searchBound.
const hopeless = 2

type certBox struct {
	done   bool // evaluated
	mirror bool // the mirror image of its sibling under (μ, ω) ↦ (−μ, −ω): not evaluated
	full   bool // upper is boxBound's (else the direct enclosure: searchBound)
	b      [4][2]float64
	parent int32
	split  int8 // −1 leaf, else axis
	upper  float64
	probe  [4]float64 // a point of the box (boxBound)
	value  float64    // signed value at probe
	grad   [4]float64 // split weights (boxBound)
}

// Assumes says what a certified bound rests on: IEEE-754 binary64
// arithmetic and nothing else. Every operation's result is moved one float64
// outward; exp, erfc and erfcx are enclosed by internal/interval's series
// and continued fractions with proved truncation bounds (docs/rigour.md),
// not by a library function.
const Assumes = "IEEE-754 binary64 arithmetic (+, -, *, /, sqrt, fma) and nothing else: exp, erfc and erfcx enclosed by series and continued fractions with proved remainders (docs/rigour.md); alpha, lambda and the box's ends as given, each widened by one ulp"

// reproduceUlps is how far above a leaf's re-derived bound its recorded
// bound may lie, in ulps of max(|bound|, 1): the same code on another
// platform (where the compiler may fuse a multiply and an add) can round a
// few operations differently.
const reproduceUlps = 64

// ulp returns the spacing of float64 numbers at v.
func ulp(v float64) float64 {
	v = math.Abs(v)
	return math.Nextafter(v, math.Inf(1)) - v
}

// DefaultMaxBoxes bounds a certification's work: about 15 s on two cores
// (a box costs 100 to 130 µs of CPU: one to five enclosures, boxBound and
// searchBound); the paper's checks need at most 36,013 (theorem3-a).
const DefaultMaxBoxes = 250_000

// minGap is the smallest gap, relative to max(1, |best|), that Certify aims
// for: the float64 evaluation is accurate to about 1e-14, and its interval
// enclosures cannot shrink below their rounding, so a smaller gap would only
// split boxes to no effect.
const minGap = 1e-13

// Certify bounds the quantity over the whole continuous box by branch and
// bound: each box is bounded by boxBound (interval arithmetic, Hansen's
// mean-value form with monotone axes); boxes whose bound is not within Gap
// of the best value found are bisected (along the axis whose term of the
// form is largest) until every box is, or MaxBoxes is reached. When the box
// is symmetric in μ and ω, only the half μ ≤ 0 is searched and the
// certificate covers the other half as its mirror image (mirrorable).
// Subdivision proceeds level by level and each box's decision depends only
// on the best value of the previous levels, so the result does not depend
// on the number of workers.
func (pr *Problem) Certify(s *CertifySettings) (CertifyResult, error) {
	set := CertifySettings{Threshold: math.NaN()}
	if s != nil {
		set = *s
	}
	if !(set.Gap >= 0) || math.IsInf(set.Gap, 0) || set.MaxBoxes < 0 || set.Workers < 0 || math.IsInf(set.Threshold, 0) {
		return CertifyResult{}, fmt.Errorf("certify: Gap must be finite and >= 0, MaxBoxes and Workers >= 0 (0: the defaults), Threshold finite or NaN; got %v, %d, %d, %v",
			set.Gap, set.MaxBoxes, set.Workers, set.Threshold)
	}
	if set.MaxBoxes <= 0 {
		set.MaxBoxes = DefaultMaxBoxes
	}
	workers := set.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if err := pr.Validate(); err != nil {
		return CertifyResult{}, err
	}
	sg := pr.Quantity.sign()
	root := pr.Box.Axes()
	for i := range root {
		root[i][0] = math.Nextafter(root[i][0], math.Inf(-1))
		root[i][1] = math.Nextafter(root[i][1], math.Inf(1))
	}
	if root[2][0] <= 0 || root[3][0] <= 0 {
		return CertifyResult{}, errors.New("nu and tau ranges must stay > 0")
	}
	var res CertifyResult
	// Best value: the 16 corners and the centre of the (unwidened) box.
	best, bestAt := math.Inf(-1), [4]float64{}
	ax := pr.Box.Axes()
	for c := 0; c < 17; c++ {
		var p [4]float64
		for i := range 4 {
			if c == 16 {
				p[i] = ax[i][0] + (ax[i][1]-ax[i][0])/2
			} else {
				p[i] = ax[i][(c>>i)&1]
			}
		}
		v, err := pr.Value(p)
		if err != nil {
			return res, err
		}
		if sv := sg * v; sv > best {
			best, bestAt = sv, p
		}
	}
	gap := set.Gap
	if gap <= 0 {
		gap = 1e-5 * math.Max(1, math.Abs(best))
	}
	if t := sg * set.Threshold; t > best {
		// Aim to prove the claim: leave a quarter of the margin unused.
		gap = math.Min(gap, (t-best)/4)
	}
	gap = math.Max(gap, minGap*math.Max(1, math.Abs(best)))
	violated := func() bool {
		return !math.IsNaN(set.Threshold) && best >= sg*set.Threshold
	}

	boxes := []certBox{{b: root, parent: -1}}
	level := []int32{0}
	if mirrorable(pr.Quantity, root) {
		// The quantity is the same at (−μ, −ω): search the half μ ≤ 0 and
		// let the half μ ≥ 0 be its mirror image.
		lo, hi := bisect(root, 0)
		boxes[0].split = 0
		boxes = append(boxes, certBox{b: lo, parent: 0}, certBox{b: hi, parent: 0, split: -1, mirror: true})
		level = []int32{1}
	}
	leafMax := math.Inf(-1)
	var evaluated int64
	partial := false
	for len(level) > 0 && !violated() {
		if evaluated+int64(len(level)) > set.MaxBoxes || stopped(set.Stop) {
			partial = true
			break
		}
		// Evaluate this level in parallel; results go to fixed slots.
		var wg sync.WaitGroup
		errs := make([]error, workers)
		for w := range workers {
			wg.Go(func() {
				for k := w; k < len(level); k += workers {
					bx := &boxes[level[k]]
					r, err := pr.searchBound(bx.b, best+gap)
					if err != nil {
						errs[w] = fmt.Errorf("box %v: %w", bx.b, err)
						return
					}
					r.parent = bx.parent
					*bx = r
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return res, err
			}
		}
		evaluated += int64(len(level))
		for _, id := range level {
			bx := &boxes[id]
			if bx.value > best {
				best, bestAt = bx.value, bx.probe
			}
		}
		if violated() {
			break
		}
		var next []int32
		frontier := math.Inf(-1)
		for _, id := range level {
			bx := &boxes[id]
			axis := -1
			if bx.upper > best+gap {
				axis = splitAxis(bx, root)
			}
			if axis < 0 {
				// Within the gap, or no axis can be halved in float64 (the
				// box is as small as it gets and its bound stands): a leaf,
				// with boxBound's bound.
				if err := pr.makeFull(bx); err != nil {
					return res, err
				}
				bx.split = -1
				leafMax = math.Max(leafMax, bx.upper)
				continue
			}
			frontier = math.Max(frontier, bx.upper)
			bx.split = int8(axis)
			lo, hi := bisect(bx.b, axis)
			boxes = append(boxes, certBox{b: lo, parent: id}, certBox{b: hi, parent: id})
			next = append(next, int32(len(boxes)-2), int32(len(boxes)-1))
		}
		level = next
		if set.Progress != nil {
			set.Progress(evaluated, sg*math.Max(leafMax, frontier), sg*best)
		}
	}
	res.Boxes = evaluated
	res.Best, res.BestAt = sg*best, bestAt
	res.Partial = partial || (len(level) > 0 && !violated())
	res.Violated = violated()
	if res.Violated {
		// A point breaks the claim: that is the result; there is no bound
		// to certify.
		res.Bound = res.Best
		return res, nil
	}
	// The boxes of a level not evaluated yet are dropped: their parent,
	// evaluated with its own rigorous bound, becomes a leaf again, so that
	// every leaf's bound is the one its box gives (and Check reproduces it).
	if evaluated == 0 {
		return res, ErrStopped // nothing evaluated: no bound
	}
	for _, id := range level {
		if p := boxes[id].parent; p >= 0 {
			if err := pr.makeFull(&boxes[p]); err != nil {
				return res, err
			}
			boxes[p].split = -1
		}
	}
	cert := buildCertificate(pr, root, boxes)
	res.Certificate = cert
	res.Leaves = len(cert.Leaves)
	res.Bound = cert.Bound
	return res, nil
}

// makeFull gives a box evaluated by searchBound (or not evaluated) the
// bound of boxBound.
func (pr *Problem) makeFull(bx *certBox) error {
	if bx.full {
		return nil
	}
	upper, _, _, err := pr.boxBound(bx.b)
	if err != nil {
		return fmt.Errorf("box %v: %w", bx.b, err)
	}
	if bx.done {
		upper = math.Min(bx.upper, upper)
	}
	bx.upper, bx.full, bx.done = upper, true, true
	return nil
}

// Mirrored reports whether the certificate covers part of its box by a
// mirror image (its tree has an 'M').
func (c *Certificate) Mirrored() bool { return strings.ContainsRune(c.Tree, 'M') }

// mirrorable reports whether a certificate may cover the half μ ≥ 0 of box
// b by the mirror image of the half μ ≤ 0: b's μ and ω ranges are symmetric
// about 0 (so the midpoint of μ is 0 exactly and (μ, ω) ↦ (−μ, −ω) maps one
// half onto the other) and the quantity takes the same value at (−μ, −ω).
// Every quantity does: the moments depend on μ and ω only through μω, and
// ℋ(−μ, −ω) = ℋ(μ, ω)·diag(−1, 1) (the column ∂/∂μ = ω·∂/∂y changes sign),
// which has the same singular values; likewise 𝒥. χ₁ and E[f′] depend on
// μ and ω only through μω too.
func mirrorable(q Quantity, b [4][2]float64) bool {
	if int(q) < 0 || int(q) >= len(quantityNames) {
		return false
	}
	return b[0][0] == -b[0][1] && b[1][0] == -b[1][1] && b[0][1] > 0
}

// splitAxis chooses the axis to halve: the largest |∂f/∂axis|·width at the
// box, or where the gradient vanishes the relatively widest axis; only axes
// whose midpoint lies strictly inside the range can be halved. It returns
// −1 when none can.
func splitAxis(bx *certBox, root [4][2]float64) int {
	axis := -1
	for i := range 4 {
		if !splittable(bx.b[i]) {
			continue
		}
		if axis < 0 || bx.grad[i] > bx.grad[axis] {
			axis = i
		}
	}
	if axis >= 0 && bx.grad[axis] == 0 {
		// Flat at the centre: split the relatively widest axis.
		rel := func(i int) float64 { return (bx.b[i][1] - bx.b[i][0]) / (root[i][1] - root[i][0]) }
		for i := range 4 {
			if splittable(bx.b[i]) && rel(i) > rel(axis) {
				axis = i
			}
		}
	}
	return axis
}

// splittable reports whether the midpoint of r lies strictly between its
// ends (so that halving makes two smaller ranges).
func splittable(r [2]float64) bool {
	mid := r[0] + (r[1]-r[0])/2
	return r[0] < mid && mid < r[1]
}

// stopped reports whether c is closed (a nil channel never is).
func stopped(c <-chan struct{}) bool {
	if c == nil {
		return false
	}
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// bisect splits b at the midpoint of axis.
func bisect(b [4][2]float64, axis int) (lo, hi [4][2]float64) {
	m := b[axis][0] + (b[axis][1]-b[axis][0])/2
	lo, hi = b, b
	lo[axis][1] = m
	hi[axis][0] = m
	return lo, hi
}

// buildCertificate writes the tree in preorder.
func buildCertificate(pr *Problem, root [4][2]float64, boxes []certBox) *Certificate {
	children := make([][2]int32, len(boxes))
	for i := range children {
		children[i] = [2]int32{-1, -1}
	}
	for i := 1; i < len(boxes); i++ {
		p := boxes[i].parent
		if children[p][0] < 0 {
			children[p][0] = int32(i)
		} else {
			children[p][1] = int32(i)
		}
	}
	c := &Certificate{Problem: *pr, Root: root}
	var tree strings.Builder
	sg := pr.Quantity.sign()
	bound := math.Inf(-1)
	stack := []int32{0}
	for len(stack) > 0 {
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		bx := &boxes[id]
		if bx.mirror {
			tree.WriteByte('M')
			continue
		}
		if bx.split < 0 || children[id][0] < 0 {
			tree.WriteByte('L')
			c.Leaves = append(c.Leaves, sg*bx.upper)
			bound = math.Max(bound, bx.upper)
			continue
		}
		tree.WriteByte(byte('0' + bx.split))
		stack = append(stack, children[id][1], children[id][0])
	}
	c.Tree = tree.String()
	c.Bound = sg * bound
	return c
}

// Check re-verifies a certificate independently of the search that made it:
// it rebuilds every leaf box by bisecting the root as the tree says, encloses
// the quantity on it again, and checks that the enclosure respects the leaf's
// recorded bound and that the claimed bound covers every leaf. The leaves,
// with the mirror images the tree names (only where mirrorable allows
// them), cover the root by construction. It returns the number of leaves
// checked.
func (c *Certificate) Check() (int, error) {
	pr := c.Problem
	if err := pr.Validate(); err != nil {
		return 0, err
	}
	if math.IsNaN(c.Bound) || math.IsInf(c.Bound, 0) {
		return 0, fmt.Errorf("the claimed bound %v is not finite", c.Bound)
	}
	sg := pr.Quantity.sign()
	pos, leaf := 0, 0
	maxLeaf := math.Inf(-1)
	var walk func(b [4][2]float64) error
	walk = func(b [4][2]float64) error {
		if pos >= len(c.Tree) {
			return errors.New("certificate tree ends early")
		}
		ch := c.Tree[pos]
		pos++
		if ch == 'L' {
			if leaf >= len(c.Leaves) {
				return errors.New("certificate has fewer leaf bounds than leaves")
			}
			got, _, _, err := pr.boxBound(b)
			if err != nil {
				return err
			}
			want := sg * c.Leaves[leaf]
			if math.IsNaN(want) || math.IsInf(want, 0) {
				return fmt.Errorf("leaf %d: recorded bound %v is not finite", leaf, c.Leaves[leaf])
			}
			// The bound must be reproduced: not below it (that would claim
			// more than the enclosure gives), nor above it by more than the
			// rounding of another platform's arithmetic (a bound raised after
			// the fact is not the run's).
			if got > want {
				return fmt.Errorf("leaf %d %v: enclosure bound %.17g exceeds the recorded %.17g", leaf, b, sg*got, c.Leaves[leaf])
			}
			if want-got > reproduceUlps*ulp(math.Max(math.Abs(want), 1)) {
				return fmt.Errorf("leaf %d %v: the recorded bound %.17g is not the enclosure's %.17g", leaf, b, c.Leaves[leaf], sg*got)
			}
			if want > sg*c.Bound {
				return fmt.Errorf("leaf %d: recorded bound %.17g is not covered by the claimed bound %.17g", leaf, c.Leaves[leaf], c.Bound)
			}
			maxLeaf = math.Max(maxLeaf, want)
			leaf++
			return nil
		}
		axis := int(ch - '0')
		if axis < 0 || axis > 3 {
			return fmt.Errorf("bad tree symbol %q", ch)
		}
		if !splittable(b[axis]) {
			return fmt.Errorf("the tree halves the %s range %v, which cannot be halved", AxisNames[axis], b[axis])
		}
		lo, hi := bisect(b, axis)
		if err := walk(lo); err != nil {
			return err
		}
		if pos < len(c.Tree) && c.Tree[pos] == 'M' {
			// The upper half is the mirror image of the lower one.
			if axis != 0 || !mirrorable(pr.Quantity, b) {
				return fmt.Errorf("a mirror image (M) must be the upper half of a mu split of a box symmetric in mu and omega, not of %v split along %s", b, AxisNames[axis])
			}
			pos++
			return nil
		}
		return walk(hi)
	}
	// The root is the problem's box widened by one ulp at each end, as
	// Certify makes it.
	for i, r := range pr.Box.Axes() {
		lo, hi := math.Nextafter(r[0], math.Inf(-1)), math.Nextafter(r[1], math.Inf(1))
		if c.Root[i][0] != lo || c.Root[i][1] != hi {
			return 0, fmt.Errorf("the certificate's root %s range %v is not the box's %v widened by one ulp", AxisNames[i], c.Root[i], r)
		}
	}
	if err := walk(c.Root); err != nil {
		return leaf, err
	}
	if pos != len(c.Tree) || leaf != len(c.Leaves) {
		return leaf, errors.New("certificate has trailing data")
	}
	if maxLeaf != sg*c.Bound {
		return leaf, fmt.Errorf("the claimed bound %.17g is not the largest leaf bound %.17g", c.Bound, sg*maxLeaf)
	}
	return leaf, nil
}
