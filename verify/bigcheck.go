package verify

import (
	"fmt"
	"math"
	"math/big"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/snnanalyze/snnanalyze/internal/bigiv"
	"github.com/snnanalyze/snnanalyze/jacobian"
)

// IndependentSettings are optional settings of CheckIndependent; nil means
// the defaults.
type IndependentSettings struct {
	// Prec is the precision in bits (default and minimum
	// DefaultIndependentPrec, at most 1024).
	Prec uint
	// MaxDepth is how often a leaf whose recorded bound the checker does
	// not reproduce at once is bisected further, at most (default
	// DefaultIndependentDepth, at most 16).
	MaxDepth int
	// Workers is the number of goroutines (default all cores). The result
	// does not depend on it.
	Workers int
	// Progress, if not nil, is called from the calling goroutine about
	// four times a second with the leaves checked so far.
	Progress func(done, total int)
	// Stop, if not nil, ends the check early when closed (the result is
	// then Interrupted and not accepted).
	Stop <-chan struct{}
}

const (
	// DefaultIndependentPrec is the independent checker's precision (bits).
	DefaultIndependentPrec = 128
	// DefaultIndependentDepth is its default subdivision depth.
	DefaultIndependentDepth = 6
	// maxListedFailures bounds IndependentResult.Failures.
	maxListedFailures = 100
)

// IndependentAssumes says what a certificate accepted by CheckIndependent
// rests on.
const IndependentAssumes = "math/big's correctly rounded +, -, *, / in the directed rounding modes; " +
	"the checker's own exp, erfc, erfcx, square root, pi and ln 2 with proved error bounds (internal/bigiv; docs/verify.md); " +
	"alpha and lambda each widened by one ulp, the root box as given"

// LeafFailure is a leaf whose recorded bound the independent checker does
// not reproduce.
type LeafFailure struct {
	// Leaf is the leaf's index in the certificate's order, Box its box.
	Leaf int           `json:"leaf"`
	Box  [4][2]float64 `json:"box"`
	// Recorded is the certificate's bound, Checker the checker's bound on
	// the box where it failed (rounded outwards to float64, in the
	// quantity's sign; 0 when the evaluation failed).
	Recorded float64 `json:"recorded"`
	Checker  float64 `json:"checker"`
	Error    string  `json:"error"`
}

// IndependentResult is what CheckIndependent proved, or why it did not.
type IndependentResult struct {
	// Accepted: the tree is well formed and covers Root, Root contains the
	// problem's box widened by one ulp at each end, every leaf's recorded
	// bound is reproduced, and Bound is the largest leaf bound (smallest
	// for a minimum). Then Quantity ≤ Bound (≥ for a minimum) at every
	// point of Root, for every α in Alpha and λ in Lambda.
	Accepted bool
	Quantity Quantity
	Of       jacobian.Of
	Root     [4][2]float64
	// Alpha and Lambda are the parameter intervals covered: the float64
	// neighbours of the problem's values.
	Alpha, Lambda [2]float64
	Bound         float64
	// Leaves is the number of leaves; Subdivided, how many of them the
	// checker bisected further to reproduce their bound.
	Leaves     int
	Subdivided int
	// Prec is the precision used (bits).
	Prec uint
	// Reasons say why the certificate is not accepted (empty if it is).
	Reasons []string
	// Failed is the number of leaves not reproduced; Failures lists the
	// first of them (at most 100) in leaf order.
	Failed   int
	Failures []LeafFailure
	// Interrupted: Stop was closed before every leaf was checked.
	Interrupted bool
}

// CheckIndependent re-checks a certificate with an evaluator that shares no
// numerical code with the one that made it: interval arithmetic on math/big
// floats with directed rounding (internal/bigiv), with its own exp, erfc,
// erfcx and constants, and its own implementation of the closed forms,
// their derivatives and the three bounds of a box (direct enclosure,
// mean-value form around the centre, monotone corner). It rebuilds every
// leaf box from the tree (a digit halves that axis at the float64 midpoint
// lo + (hi − lo)/2, which must lie strictly inside, so that the halves
// cover the box), bounds the quantity on it and accepts the leaf only if
// that bound is at least as good as the recorded one (no slack). A leaf it
// cannot reproduce at once is bisected further, up to MaxDepth times, and
// accepted if every part's bound is. The leaves are checked in parallel;
// the result does not depend on the number of workers. An error is
// returned only for a problem that cannot be evaluated at all
// (Problem.Validate) or bad settings.
func CheckIndependent(c *Certificate, s *IndependentSettings) (IndependentResult, error) {
	set := IndependentSettings{}
	if s != nil {
		set = *s
	}
	if set.Prec == 0 {
		set.Prec = DefaultIndependentPrec
	}
	if set.MaxDepth == 0 {
		set.MaxDepth = DefaultIndependentDepth
	}
	if set.Prec < DefaultIndependentPrec || set.Prec > 1024 || set.MaxDepth < 0 || set.MaxDepth > 16 || set.Workers < 0 {
		return IndependentResult{}, fmt.Errorf("independent check: Prec must be in [%d, 1024] (0: default), MaxDepth in [0, 16], Workers >= 0; got %d, %d, %d",
			DefaultIndependentPrec, set.Prec, set.MaxDepth, set.Workers)
	}
	workers := set.Workers
	if workers == 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	pr := c.Problem
	if err := pr.Validate(); err != nil {
		return IndependentResult{}, err
	}
	res := IndependentResult{Quantity: pr.Quantity, Of: pr.Of, Root: c.Root, Bound: c.Bound, Prec: set.Prec}
	res.Alpha, res.Lambda = pr.bigParams()
	reject := func(format string, a ...any) { res.Reasons = append(res.Reasons, fmt.Sprintf(format, a...)) }

	// The root: finite, ordered, and containing the box widened by one ulp
	// at each end (as Certify makes it), so that the decimal box is covered.
	rootOK := true
	for i, r := range pr.Box.Axes() {
		lo, hi := c.Root[i][0], c.Root[i][1]
		if !finite(lo) || !finite(hi) || !(lo <= hi) {
			reject("the root's %s range [%v, %v] is not a finite range", AxisNames[i], lo, hi)
			rootOK = false
			continue
		}
		wlo, whi := math.Nextafter(r[0], math.Inf(-1)), math.Nextafter(r[1], math.Inf(1))
		if lo > wlo || hi < whi {
			reject("the root's %s range [%v, %v] does not contain the box's [%v, %v] widened by one ulp", AxisNames[i], lo, hi, r[0], r[1])
		}
	}
	var leaves [][4][2]float64
	if rootOK {
		var err error
		if leaves, err = treeLeaves(c.Root, c.Tree); err != nil {
			reject("%v", err)
		}
	}
	res.Leaves = len(leaves)
	if len(res.Reasons) == 0 && len(leaves) != len(c.Leaves) {
		reject("the tree has %d leaves, the certificate lists %d leaf bounds", len(leaves), len(c.Leaves))
	}
	sg := pr.Quantity.sign()
	if len(res.Reasons) == 0 {
		if !finite(c.Bound) {
			reject("the claimed bound %v is not finite", c.Bound)
		}
		worst := math.Inf(-1)
		for i, v := range c.Leaves {
			if !finite(v) {
				reject("leaf %d: the recorded bound %v is not finite", i, v)
				break
			}
			worst = math.Max(worst, sg*v)
		}
		if len(res.Reasons) == 0 && worst != sg*c.Bound {
			what := "largest"
			if sg < 0 {
				what = "smallest"
			}
			reject("the claimed bound %.17g is not the %s leaf bound %.17g", c.Bound, what, sg*worst)
		}
	}
	if len(res.Reasons) > 0 {
		// A certificate that is not well formed is not evaluated.
		return res, nil
	}

	// Every leaf, in parallel; each leaf's outcome goes to its own slot.
	type outcome struct {
		done, ok, subdivided bool
		fail                 LeafFailure
	}
	out := make([]outcome, len(leaves))
	var next, done atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			ev := newBigEval(set.Prec)
			for {
				if stopped(set.Stop) {
					return
				}
				i := int(next.Add(1) - 1)
				if i >= len(leaves) {
					return
				}
				o := &out[i]
				rec := sg * c.Leaves[i]
				r := ev.checkLeaf(&pr, leaves[i], c.Root, rec, set.MaxDepth)
				o.ok, o.subdivided, o.done = r.ok, r.evals > 1, true
				if !r.ok {
					o.fail = LeafFailure{Leaf: i, Box: leaves[i], Recorded: c.Leaves[i], Error: r.err}
					if r.bound != nil {
						o.fail.Checker = sg * upFloat64(r.bound)
					}
				}
				done.Add(1)
			}
		})
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	if set.Progress != nil {
		tick := time.NewTicker(250 * time.Millisecond)
	wait:
		for {
			select {
			case <-finished:
				break wait
			case <-tick.C:
				set.Progress(int(done.Load()), len(leaves))
			}
		}
		tick.Stop()
		set.Progress(int(done.Load()), len(leaves))
	}
	<-finished

	for i := range out {
		o := &out[i]
		if !o.done {
			res.Interrupted = true
			continue
		}
		if o.subdivided {
			res.Subdivided++
		}
		if !o.ok {
			res.Failed++
			if len(res.Failures) < maxListedFailures {
				res.Failures = append(res.Failures, o.fail)
			}
		}
	}
	if res.Interrupted {
		reject("interrupted: %d of %d leaves checked", done.Load(), len(leaves))
	}
	if res.Failed > 0 {
		f := res.Failures[0]
		reject("%d of %d leaves not reproduced (the first: leaf %d)", res.Failed, len(leaves), f.Leaf)
	}
	res.Accepted = len(res.Reasons) == 0
	return res, nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// upFloat64 returns the smallest float64 ≥ v.
func upFloat64(v *big.Float) float64 {
	f, acc := v.Float64()
	if acc == big.Below {
		f = math.Nextafter(f, math.Inf(1))
	}
	return f
}

// treeLeaves rebuilds the leaf boxes of a bisection tree in preorder (the
// certificate format: a digit 0–3 halves that axis at the float64 midpoint
// lo + (hi − lo)/2, lower half first; 'L' is a leaf; 'M' stands for the
// upper half of a μ split of a box whose μ and ω ranges are symmetric about
// 0, covered as the mirror image of the lower half). Every midpoint must
// lie strictly inside its range, so that the two halves are smaller and
// together cover it; then the leaves and the mirror images cover the root.
//
// Why a mirror image needs no leaves of its own: for such a box the μ
// midpoint is exactly 0, and (μ, ω) ↦ (−μ, −ω) maps the upper half onto the
// lower one. Every quantity takes the same value at both points: the
// moments depend on μ and ω only through y = μω, and the Jacobians'
// columns are ω·∂/∂y and τ·∂/∂x, so the first changes sign, which leaves
// the singular values unchanged.
func treeLeaves(root [4][2]float64, tree string) ([][4][2]float64, error) {
	type open struct {
		b        [4][2]float64
		mirrorOK bool // the upper half of a μ split of a symmetric box
	}
	var leaves [][4][2]float64
	stack := []open{{b: root}}
	pos := 0
	for len(stack) > 0 {
		if pos >= len(tree) {
			return nil, fmt.Errorf("the tree ends early (after %d symbols, %d boxes still open)", pos, len(stack))
		}
		o := stack[len(stack)-1]
		b := o.b
		stack = stack[:len(stack)-1]
		ch := tree[pos]
		pos++
		switch {
		case ch == 'L':
			leaves = append(leaves, b)
			continue
		case ch == 'M':
			if !o.mirrorOK {
				return nil, fmt.Errorf("a mirror image (M) at position %d is not the upper half of a mu split of a box symmetric in mu and omega", pos-1)
			}
			continue
		case ch < '0' || ch > '3':
			return nil, fmt.Errorf("bad tree symbol %q at position %d", ch, pos-1)
		}
		k := int(ch - '0')
		lo, hi := b[k][0], b[k][1]
		m := lo + (hi-lo)/2
		if !(lo < m && m < hi) {
			return nil, fmt.Errorf("the tree halves the %s range [%v, %v] at position %d, which float64 cannot halve", AxisNames[k], lo, hi, pos-1)
		}
		l, h := b, b
		l[k][1] = m
		h[k][0] = m
		symmetric := k == 0 && b[0][0] == -b[0][1] && b[1][0] == -b[1][1] && m == 0
		stack = append(stack, open{b: h, mirrorOK: symmetric}, open{b: l}) // the lower half is next
	}
	if pos != len(tree) {
		return nil, fmt.Errorf("the tree has %d symbols after its last leaf", len(tree)-pos)
	}
	return leaves, nil
}

// leafOutcome is the checker's verdict on one leaf.
type leafOutcome struct {
	ok    bool
	evals int        // boxes bounded (1: the leaf itself sufficed)
	depth int        // the subdivision depth allowed
	bound *big.Float // on failure: the bound of the box that failed (nil if its evaluation failed)
	err   string
}

// checkLeaf bounds the quantity on the leaf box b (float64 ends) and
// compares with the recorded bound rec (in the maximised sign), bisecting
// up to maxDepth times where needed.
func (ev *bigEval) checkLeaf(pr *Problem, b, root [4][2]float64, rec float64, maxDepth int) (o leafOutcome) {
	defer func() {
		// big.Float panics (big.ErrNaN) on ∞ − ∞ and the like, which only
		// an evaluation beyond big.Float's exponents could produce: the leaf
		// is then not reproduced.
		if r := recover(); r != nil {
			o = leafOutcome{err: fmt.Sprintf("on the leaf: the evaluation failed (%v)", r)}
		}
	}()
	var box [4]*bigiv.I
	for k := range 4 {
		box[k] = bigiv.NewFloat64(ev.prec, b[k][0], b[k][1])
	}
	recBig := new(big.Float).SetFloat64(rec) // exact
	o = leafOutcome{depth: maxDepth}
	ev.refine(pr, &box, root, recBig, maxDepth, &o)
	if !o.ok && o.err == "" {
		o.err = "the checker's bound exceeds the recorded one"
	}
	return o
}

// refine sets o.ok if the quantity's bound on box (or, bisecting up to
// depth more times, on every part of it) is ≤ rec in the maximised sign.
// It stops at the first part that fails at full depth.
func (ev *bigEval) refine(pr *Problem, box *[4]*bigiv.I, root [4][2]float64, rec *big.Float, depth int, o *leafOutcome) {
	o.evals++
	bound, weight, err := ev.boxBound(pr, box)
	if err == nil && bound.Cmp(rec) <= 0 {
		o.ok = true
		return
	}
	axis := -1
	if depth > 0 {
		axis = splitAxisBig(box, weight, root)
	}
	if axis < 0 {
		o.ok = false
		where := "on the leaf"
		if o.evals > 1 {
			where = fmt.Sprintf("bisected %d times, on its part %v", o.depth-depth, boxString(box))
		}
		if err != nil {
			o.err = fmt.Sprintf("%s: %v", where, err)
			return
		}
		o.bound = bound
		rel := "above"
		if !pr.Quantity.IsMax() {
			rel = "below"
		}
		sg := pr.Quantity.sign()
		r, _ := rec.Float64()
		o.err = fmt.Sprintf("%s: the checker's bound %.17g is %s the recorded %.17g", where, sg*upFloat64(bound), rel, sg*r)
		return
	}
	m := box[axis].Mid()
	lo, hi := *box, *box
	lo[axis] = new(bigiv.I).SetBig(box[axis].Lo(), m)
	hi[axis] = new(bigiv.I).SetBig(m, box[axis].Hi())
	ev.refine(pr, &lo, root, rec, depth-1, o)
	if !o.ok {
		return
	}
	ev.refine(pr, &hi, root, rec, depth-1, o)
}

// splitAxisBig returns the axis to halve: the largest |∂f/∂x_k|·width_k
// (weight), or where no weight is known or all are 0 the axis widest
// relative to the root; only axes whose midpoint lies strictly inside can
// be halved (−1 if none can).
func splitAxisBig(box *[4]*bigiv.I, weight [4]*big.Float, root [4][2]float64) int {
	axis := -1
	var best *big.Float
	for k := range 4 {
		m := box[k].Mid()
		if !(box[k].Lo().Cmp(m) < 0 && m.Cmp(box[k].Hi()) < 0) {
			continue
		}
		w := weight[k]
		if w == nil || w.Sign() == 0 {
			continue
		}
		if best == nil || w.Cmp(best) > 0 {
			axis, best = k, w
		}
	}
	if axis >= 0 {
		return axis
	}
	bestRel := -1.0
	for k := range 4 {
		m := box[k].Mid()
		if !(box[k].Lo().Cmp(m) < 0 && m.Cmp(box[k].Hi()) < 0) {
			continue
		}
		w, _ := box[k].Width().Float64()
		rel := w / (root[k][1] - root[k][0])
		if rel > bestRel {
			axis, bestRel = k, rel
		}
	}
	return axis
}

// boxString formats a box for messages (ends rounded to 17 digits).
func boxString(box *[4]*bigiv.I) string {
	s := ""
	for k, iv := range box {
		if k > 0 {
			s += ", "
		}
		s += fmt.Sprintf("%s [%.17g, %.17g]", AxisNames[k], iv.LoFloat64(), iv.HiFloat64())
	}
	return s
}

// boxBound returns a rigorous bound, in the maximised sign, of the quantity
// over box: the tightest of
//
//  1. the direct enclosure of the quantity over the box;
//  2. where every partial derivative keeps one sign on the box (the
//     quantity is monotone in each variable), the enclosure at the corner
//     where it is largest: the maximum over the box is the value there;
//  3. otherwise the mean-value form f(c) + Σ_k sup|∂_k f|·r_k, with f(c)
//     enclosed at the centre c (the ends' midpoint rounded to nearest, a
//     point of the box) and r_k = max(c_k − lo_k, hi_k − c_k) rounded up,
//     which holds since f(x) − f(c) = ∇f(ξ)·(x − c) for a ξ between them.
//
// It also returns each axis's weight sup|∂_k f|·width_k (nil where the
// gradient is not bounded), for choosing a split.
func (ev *bigEval) boxBound(pr *Problem, box *[4]*bigiv.I) (*big.Float, [4]*big.Float, error) {
	var weight [4]*big.Float
	d, err := ev.quantity(pr, box, true)
	if err != nil {
		return nil, weight, err
	}
	q := pr.Quantity
	bound := signedHi(q, d.V)
	if d.Unbounded {
		return bound, weight, nil
	}
	monotone := true
	var corner [4]*bigiv.I
	var mag [4]*big.Float
	for k := range 4 {
		g := d.G[k]
		lo, hi := box[k].Lo(), box[k].Hi()
		if g == nil { // f does not depend on x_k
			corner[k] = new(bigiv.I).SetBig(lo, lo)
			weight[k] = new(big.Float)
			mag[k] = new(big.Float)
			continue
		}
		gs := g
		if !q.IsMax() {
			gs = new(bigiv.I).Neg(g)
		}
		switch {
		case gs.Lo().Sign() >= 0:
			corner[k] = new(bigiv.I).SetBig(hi, hi)
		case gs.Hi().Sign() <= 0:
			corner[k] = new(bigiv.I).SetBig(lo, lo)
		default:
			monotone = false
		}
		mag[k] = g.MagHi()
		weight[k] = new(big.Float).SetPrec(ev.prec).SetMode(big.ToPositiveInf).Mul(mag[k], box[k].Width())
	}
	if monotone {
		if dc, err := ev.quantity(pr, &corner, false); err == nil {
			if v := signedHi(q, dc.V); v.Cmp(bound) < 0 {
				bound = v
			}
		}
		return bound, weight, nil
	}
	if h := ev.sequentialBound(pr, box, d); h != nil && h.Cmp(bound) < 0 {
		bound = h
	}
	var c [4]*bigiv.I
	mv := new(big.Float).SetPrec(ev.prec + 64).SetMode(big.ToPositiveInf)
	for k := range 4 {
		m := box[k].Mid()
		c[k] = new(bigiv.I).SetBig(m, m)
		r := new(big.Float).SetPrec(ev.prec).SetMode(big.ToPositiveInf).Sub(m, box[k].Lo())
		if r2 := new(big.Float).SetPrec(ev.prec).SetMode(big.ToPositiveInf).Sub(box[k].Hi(), m); r2.Cmp(r) > 0 {
			r = r2
		}
		t := new(big.Float).SetPrec(ev.prec).SetMode(big.ToPositiveInf).Mul(mag[k], r)
		mv.Add(mv, t)
	}
	if dc, err := ev.quantity(pr, &c, false); err == nil {
		mv.Add(mv, signedHi(q, dc.V))
		if mv.Cmp(bound) < 0 {
			bound = mv
		}
	}
	return bound, weight, nil
}

// sequentialBound is the mean-value form taken one axis at a time (the
// checker's own statement of it): let C be the box with the axes fixed so
// far at chosen values c_k (at first C is the box) and G the gradient
// enclosure over C. Take next an axis along which the signed derivative
// keeps one sign on C, if any (f is monotone along it on C: c_k is the end
// where f is largest and the axis adds nothing), else the one with the
// largest sup|G_k|·width_k, with c_k Baumann's centre. For p in C,
// f(p) − f(p with p_k = c_k) = ∂_k f(ζ)·(p_k − c_k) for a ζ in C, at most
// max(b·(hi − c_k), −a·(c_k − lo)) when the signed ∂_k f lies in [a, b]
// (a ≤ 0 ≤ b). C shrinks to the face p_k = c_k, its enclosure is taken
// again, and so on; the bound is the enclosure at the last point plus the
// terms, and while every axis fixed so far is monotone, the enclosure of C
// itself plus the terms (zero) bounds f over the box too. It returns nil
// when an enclosure fails.
func (ev *bigEval) sequentialBound(pr *Problem, box *[4]*bigiv.I, d *bigiv.D) *big.Float {
	q := pr.Quantity
	cur := *box
	signed := func(g *bigiv.I) *bigiv.I {
		if q.IsMax() {
			return g
		}
		return new(bigiv.I).Neg(g)
	}
	var left []int
	for k := range 4 {
		if d.G[k] != nil && box[k].Lo().Cmp(box[k].Hi()) < 0 {
			left = append(left, k)
		}
	}
	terms := new(big.Float).SetPrec(ev.prec + 64).SetMode(big.ToPositiveInf)
	var best *big.Float
	monotone := true
	for len(left) > 0 {
		next, nextMono := -1, false
		var nextW *big.Float
		for i, k := range left {
			if d.G[k] == nil {
				next, nextMono = i, true
				break
			}
			g := signed(d.G[k])
			mono := g.Lo().Sign() >= 0 || g.Hi().Sign() <= 0
			w := new(big.Float).SetPrec(ev.prec).SetMode(big.ToPositiveInf).Mul(g.MagHi(), cur[k].Width())
			if next < 0 || (mono && !nextMono) || (mono == nextMono && w.Cmp(nextW) > 0) {
				next, nextW, nextMono = i, w, mono
			}
		}
		k := left[next]
		left = append(left[:next], left[next+1:]...)
		lo, hi := cur[k].Lo(), cur[k].Hi()
		var c *big.Float
		if d.G[k] == nil {
			c = lo
		} else {
			g := signed(d.G[k])
			switch {
			case g.Lo().Sign() >= 0:
				c = hi
			case g.Hi().Sign() <= 0:
				c = lo
			default:
				// Baumann's centre (b·hi − a·lo)/(b − a) for the signed
				// derivative in [a, b], a < 0 < b, makes the term smallest;
				// any c in [lo, hi] is valid, the midpoint if it falls out.
				c = cur[k].Mid()
				nb := func() *big.Float { return new(big.Float).SetPrec(ev.prec) }
				num := nb().Sub(nb().Mul(g.Hi(), hi), nb().Mul(g.Lo(), lo))
				if v := nb().Quo(num, nb().Sub(g.Hi(), g.Lo())); v.Cmp(lo) >= 0 && v.Cmp(hi) <= 0 {
					c = v
				}
				up := func() *big.Float { return new(big.Float).SetPrec(ev.prec).SetMode(big.ToPositiveInf) }
				t1 := up().Mul(g.Hi(), up().Sub(hi, c))
				t2 := up().Mul(new(big.Float).Neg(g.Lo()), up().Sub(c, lo))
				if t2.Cmp(t1) > 0 {
					t1 = t2
				}
				terms.Add(terms, t1)
				monotone = false
			}
		}
		cur[k] = new(bigiv.I).SetBig(c, c)
		dn, err := ev.quantity(pr, &cur, true)
		if err != nil {
			return best
		}
		if dn.Unbounded && len(left) > 0 {
			return best
		}
		d = dn
		if len(left) == 0 || monotone {
			v := new(big.Float).SetPrec(ev.prec+64).SetMode(big.ToPositiveInf).Add(signedHi(q, d.V), terms)
			if best == nil || v.Cmp(best) < 0 {
				best = v
			}
		}
	}
	return best
}
