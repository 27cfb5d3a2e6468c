package verify

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/meanfield"
)

// Grid is a regular grid over a box. Each axis has either Points points
// spread evenly from lo to hi (both included), or, where Spacing is positive,
// the points lo, lo + Δ, lo + 2Δ, … below hi and hi itself, so that the
// box's faces and corners are always on the grid.
type Grid struct {
	Points  [4]int     `json:"points"`
	Spacing [4]float64 `json:"spacing"`
}

// Axes returns the grid's points on each axis of box b (an error for an
// invalid box or grid).
func (g Grid) Axes(b Box) ([4][]float64, error) {
	var axes [4][]float64
	if err := b.Validate(); err != nil {
		return axes, err
	}
	for i, r := range b.Axes() {
		a, err := g.axis(i, r)
		if err != nil {
			return axes, err
		}
		axes[i] = a
	}
	return axes, nil
}

// shardItems returns the (ν, τ) pairs, by index, of shard k (0-based) of n
// of a grid with items pairs: [first, last).
func shardItems(items, k, n int) (first, last int) {
	return items * k / n, items * (k + 1) / n
}

// PaperSpacing are the grid spacings of the paper's Lemma 12 (Δμ, Δω, Δν,
// Δτ), used on Theorem 1's extended domain (about 3.3·10⁹ points).
var PaperSpacing = [4]float64{0.0068097371, 0.0008292885, 0.0009580840, 0.0007323095}

// ErrStopped is returned by Scan and Certify when they were stopped before
// any point or box was evaluated (there is nothing to report).
var ErrStopped = errors.New("stopped before anything was evaluated")

// ErrGridSize is returned (wrapped) by Scan for a grid of more than
// MaxGridPoints points.
var ErrGridSize = errors.New("grid too large")

// ErrShards is returned (wrapped) by Scan when there are more shards than
// (ν, τ) pairs to share among them.
var ErrShards = errors.New("too many shards")

// MaxGridPoints bounds a grid: the paper's Lemma 12 grid (3,396,720,096
// points; its largest spectral norm takes a few seconds on two cores, six
// minutes with every point evaluated) and a little more.
const MaxGridPoints = 4e9

// axis returns the points of axis i over r.
func (g Grid) axis(i int, r [2]float64) ([]float64, error) {
	lo, hi := r[0], r[1]
	d := g.Spacing[i]
	if math.IsNaN(d) || math.IsInf(d, 0) || d < 0 {
		return nil, fmt.Errorf("grid spacing of %s must be finite and >= 0, got %v", AxisNames[i], d)
	}
	if lo == hi {
		return []float64{lo}, nil
	}
	if d > 0 && !(lo+d > lo && hi-d < hi) {
		return nil, fmt.Errorf("grid spacing %g is below the float64 resolution of the %s range [%g, %g]", d, AxisNames[i], lo, hi)
	}
	if d > 0 {
		n := math.Floor((hi-lo)/d) + 1
		if n > 1e7 {
			return nil, fmt.Errorf("grid spacing %g is too fine for the %s range [%g, %g]", d, AxisNames[i], lo, hi)
		}
		pts := make([]float64, 0, int(n)+1)
		for k := 0; k < int(n); k++ {
			v := lo + float64(k)*d
			if v >= hi {
				break
			}
			pts = append(pts, v)
		}
		return append(pts, hi), nil
	}
	n := g.Points[i]
	if n < 2 || n > 1e7 {
		return nil, fmt.Errorf("grid points per axis must be in [2, 1e7], got %d", n)
	}
	// Each half is measured from its own end, so that a range symmetric
	// about 0 gives exactly symmetric points (and products μω that repeat).
	pts := make([]float64, n)
	for k := range pts {
		if 2*k < n {
			pts[k] = lo + (hi-lo)*float64(k)/float64(n-1)
		} else {
			pts[k] = hi - (hi-lo)*float64(n-1-k)/float64(n-1)
		}
	}
	return pts, nil
}

// ScanSettings are optional settings of Scan; nil means the defaults.
type ScanSettings struct {
	// Workers is the number of goroutines (default all cores).
	Workers int
	// Shard and Shards split the scan into Shards independent parts; this
	// scan does part Shard (0-based). The default is one part.
	Shard, Shards int
	// Progress, if not nil, is called about every 200 ms with the grid
	// points done and the total of this shard.
	Progress func(done, total int64)
	// Stop, if not nil, ends the scan early when closed; the result is then
	// marked Partial.
	Stop <-chan struct{}
	// Exhaustive evaluates every grid point. By default the largest
	// spectral norm skips the (ν, τ) slabs whose bound (prune.go) is below
	// a value found elsewhere; the result is the same either way.
	Exhaustive bool
}

// ScanResult is the extreme of a quantity on a grid.
type ScanResult struct {
	Value  float64    // the most extreme value found
	At     [4]float64 // where: (μ, ω, ν, τ)
	Points int64      // grid points covered: evaluated, or bounded below Value
	Total  int64      // grid points of this shard
	// Evaluated is the number of grid points whose value was computed
	// (Points where no slab was skipped).
	Evaluated int64
	Axis      [4]int // points per axis of the whole grid
	Partial   bool   // stopped before the end
}

// Scan returns the extreme of the quantity over the points of the grid and
// where it is attained. The work is shared among goroutines by (ν, τ) pairs;
// the reduction runs in grid order with ties going to the first point, so
// the result does not depend on the number of workers. Since the moments
// depend on (μ, ω) only through y = μω, each distinct y is evaluated once
// per (ν, τ) pair. For the largest spectral norm, the (ν, τ) pairs whose
// bound over all their (μ, ω) pairs is below a value attained elsewhere are
// not evaluated point by point (unless s.Exhaustive): the result is the one
// of evaluating every point, and Evaluated says how many were.
func (pr *Problem) Scan(g Grid, s *ScanSettings) (ScanResult, error) {
	var set ScanSettings
	if s != nil {
		set = *s
	}
	if err := pr.Validate(); err != nil {
		return ScanResult{}, err
	}
	var axes [4][]float64
	total := 1.0
	for i, r := range pr.Box.Axes() {
		a, err := g.axis(i, r)
		if err != nil {
			return ScanResult{}, err
		}
		axes[i] = a
		total *= float64(len(a))
	}
	if total > MaxGridPoints {
		return ScanResult{}, fmt.Errorf("%w: %.4g points, more than %.0g", ErrGridSize, total, float64(MaxGridPoints))
	}
	if set.Shards < 0 || set.Workers < 0 {
		return ScanResult{}, fmt.Errorf("shards and workers must be >= 0 (0: the default), got %d, %d", set.Shards, set.Workers)
	}
	if set.Shards == 0 {
		set.Shards = 1
	}
	if set.Shard < 0 || set.Shard >= set.Shards {
		return ScanResult{}, fmt.Errorf("shard %d of %d does not exist", set.Shard+1, set.Shards)
	}
	if items := len(axes[2]) * len(axes[3]); set.Shards > items {
		return ScanResult{}, fmt.Errorf("%w: %d shards for a grid of %d (nu, tau) pairs; use at most %d", ErrShards, set.Shards, items, items)
	}
	workers := set.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	// (μ, ω) pairs, visited in order of their product y = μω so that equal
	// products are neighbours and each distinct y is evaluated once per
	// (ν, τ) pair; ties in the extreme still go to the first pair in grid
	// order.
	mus, omegas := axes[0], axes[1]
	nPairs := len(mus) * len(omegas)
	order := make([]int32, nPairs)
	pairYs := make([]float64, nPairs)
	for p := range order {
		order[p] = int32(p)
		y := mus[p/len(omegas)] * omegas[p%len(omegas)]
		if y == 0 {
			y = 0 // −0 and +0 are one point
		}
		pairYs[p] = y
	}
	sort.Slice(order, func(a, b int) bool {
		ya, yb := pairYs[order[a]], pairYs[order[b]]
		return ya < yb || ya == yb && order[a] < order[b]
	})
	// (ν, τ) items of this shard.
	nItems := len(axes[2]) * len(axes[3])
	first, last := shardItems(nItems, set.Shard, set.Shards)
	type best struct {
		value float64
		pair  int // −1: skipped by its bound
		done  bool
	}
	results := make([]best, last-first)
	var doneItems atomic.Int64
	var errOnce sync.Once
	var firstErr error
	var failed atomic.Bool
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err })
		failed.Store(true)
	}
	stopped := func() bool {
		if set.Stop == nil {
			return false
		}
		select {
		case <-set.Stop:
			return true
		default:
			return false
		}
	}
	item := func(k int) (nu, tau, x float64) {
		nu, tau = axes[2][k/len(axes[3])], axes[3][k%len(axes[3])]
		return nu, tau, nu * tau
	}
	// parallel runs work(k) for every item k of the shard on the workers,
	// in no particular order, until the end, an error or a stop.
	parallel := func(work func(k int, c *cached) error) {
		var next atomic.Int64
		next.Store(int64(first))
		var wg sync.WaitGroup
		for range workers {
			wg.Go(func() {
				var c cached
				for {
					k := int(next.Add(1) - 1)
					if k >= last || stopped() || failed.Load() {
						return
					}
					if err := work(k, &c); err != nil {
						fail(err)
						return
					}
				}
			})
		}
		wg.Wait()
	}
	value := func(c *cached, p int, nu, tau, x float64) (float64, error) {
		v, err := pr.cachedValue(c, pairYs[p], x, omegas[p%len(omegas)], nu, tau)
		if err == nil && (math.IsNaN(v) || math.IsInf(v, 0)) {
			err = fmt.Errorf("%v is not finite at (mu, omega, nu, tau) = (%v, %v, %v, %v)", pr.Quantity, mus[p/len(omegas)], omegas[p%len(omegas)], nu, tau)
		}
		return v, err
	}

	var progressDone chan struct{}
	if set.Progress != nil {
		progressDone = make(chan struct{})
		go func() {
			t := time.NewTicker(200 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-progressDone:
					return
				case <-t.C:
					set.Progress(doneItems.Load()*int64(nPairs), int64(last-first)*int64(nPairs))
				}
			}
		}()
	}

	// Phase 1 (the largest spectral norm only): bound every slab (all (μ, ω)
	// pairs at one (ν, τ); prune.go), coarsely, and evaluate it at the
	// corner of the (μ, ω) grid where its model is largest. The largest of
	// those values is beaten by no slab whose bound is below it: the slabs
	// whose coarse bound reaches it get a fine bound, and those whose fine
	// bound still reaches it are evaluated at every point in phase 2. Each
	// step depends on the items alone, so the result does not depend on the
	// number of workers, and it is the one of evaluating every point: the
	// skipped slabs can neither beat nor tie it
	// (TestScanPrunedSameAsExhaustive).
	skip := make([]bool, last-first)
	var evaluated atomic.Int64
	if pr.Quantity == MaxSpectralNorm && !set.Exhaustive && len(mus) > 2 {
		ya, yb := pairYs[order[0]], pairYs[order[len(order)-1]]
		bounder := newSlabBounder(pr.F, pr.Of, mus, omegas, ya, yb)
		bounds := make([]float64, last-first)
		probes := make([]float64, last-first)
		parallel(func(k int, c *cached) error {
			nu, tau, x := item(k)
			c.v = mapping.NewVariance(x)
			sm, ok := bounder.model(&c.v, x, tau)
			u, p := math.Inf(1), 0
			if ok {
				u, p = bounder.coarse(&sm)
			}
			c.ok = false
			v, err := value(c, p, nu, tau, x)
			if err != nil {
				return err
			}
			bounds[k-first], probes[k-first] = u, v
			return nil
		})
		beat := math.Inf(-1)
		for _, v := range probes {
			beat = math.Max(beat, v)
		}
		below := func(u float64) bool { return u*(1+pruneMargin) < beat }
		if !failed.Load() && !stopped() {
			parallel(func(k int, c *cached) error {
				if below(bounds[k-first]) || math.IsInf(bounds[k-first], 1) {
					return nil
				}
				_, tau, x := item(k)
				c.v = mapping.NewVariance(x)
				if sm, ok := bounder.model(&c.v, x, tau); ok {
					bounds[k-first] = bounder.fine(&sm)
				}
				return nil
			})
		}
		if failed.Load() || stopped() {
			if progressDone != nil {
				close(progressDone)
			}
			if firstErr != nil {
				return ScanResult{}, firstErr
			}
			return ScanResult{}, ErrStopped
		}
		for k, u := range bounds {
			// A bound below its own slab's value would be wrong: never
			// skip on it.
			if below(u) && !(u*(1+pruneMargin) < probes[k]) {
				skip[k] = true
				results[k] = best{pair: -1, done: true}
				doneItems.Add(1)
				evaluated.Add(1)
			}
		}
	}

	// Phase 2: every point of the slabs not skipped.
	parallel(func(k int, c *cached) error {
		if skip[k-first] {
			return nil
		}
		nu, tau, x := item(k)
		c.v = mapping.NewVariance(x)
		b := best{pair: -1, done: true}
		c.ok = false
		for _, p32 := range order {
			p := int(p32)
			if c.ok && c.y != pairYs[p] {
				c.ok = false
			}
			v, err := value(c, p, nu, tau, x)
			if err != nil {
				return err
			}
			if b.pair < 0 || pr.Quantity.Better(v, b.value) || v == b.value && p < b.pair {
				b.value, b.pair = v, p
			}
		}
		results[k-first] = b
		doneItems.Add(1)
		evaluated.Add(int64(nPairs))
		return nil
	})
	if progressDone != nil {
		close(progressDone)
	}
	if firstErr != nil {
		return ScanResult{}, firstErr
	}
	res := ScanResult{Total: int64(last-first) * int64(nPairs), Evaluated: evaluated.Load()}
	for i := range 4 {
		res.Axis[i] = len(axes[i])
	}
	found := false
	for k, b := range results {
		if !b.done {
			res.Partial = true
			continue
		}
		res.Points += int64(nPairs)
		if b.pair < 0 {
			continue // skipped: below an evaluated value
		}
		if !found || pr.Quantity.Better(b.value, res.Value) {
			found = true
			item := first + k
			res.Value = b.value
			res.At = [4]float64{mus[b.pair/len(omegas)], omegas[b.pair%len(omegas)], axes[2][item/len(axes[3])], axes[3][item%len(axes[3])]}
		}
	}
	if !found {
		return res, ErrStopped
	}
	return res, nil
}

// cached holds the closed-form moments and derivatives at one (y, x).
type cached struct {
	ok bool
	y  float64
	v  mapping.Variance // of the current (ν, τ) pair
	m  mapping.Moments
	d  mapping.Derivatives
	e  mapping.DerivativesError
	ev mapping.Evaluation
	// E[f′] and E[f′²] (the backward quantities)
	fp, fp2 float64
	// relOK: every derivative's error bound is within 1e-13 of the
	// derivative itself, so the Jacobian is accurate at any ω, τ.
	relOK bool
	// quadrature Jacobian at ω = τ = 1, where the closed form is not accurate
	hq   jacobian.Matrix
	hqOK bool
}

func (pr *Problem) cachedValue(c *cached, y, x, omega, nu, tau float64) (float64, error) {
	if pr.Quantity.backward() {
		if !c.ok {
			var err error
			if c.fp, c.fp2, err = meanfield.DerivMoments(&pr.F, y, x); err != nil {
				return 0, err
			}
			c.ok, c.y = true, y
		}
		if pr.Quantity == MinMeanFPrime || pr.Quantity == MaxMeanFPrime {
			return c.fp, nil
		}
		return tau * c.fp2, nil
	}
	if pr.Quantity != MaxSpectralNorm {
		if !c.ok {
			c.ev = pr.F.Evaluate(y, x)
			c.ok, c.y = true, y
		}
		switch pr.Quantity {
		case MinMuTilde, MaxMuTilde:
			return c.ev.Mean, nil
		case MinNuTilde, MaxNuTilde:
			return c.ev.Var, nil
		}
		return c.ev.Var - nu, nil
	}
	if !c.ok {
		pr.F.ClosedFormDerivativesTo(y, &c.v, &c.m, &c.d, &c.e)
		c.ok, c.y = true, y
		c.hqOK = false
		r2y, r2x, e2y, e2x := c.d.VarY, c.d.VarX, c.e.VarY, c.e.VarX
		if pr.Of == jacobian.SecondMoment {
			r2y, r2x, e2y, e2x = c.d.SecondY, c.d.SecondX, c.e.SecondY, c.e.SecondX
		}
		c.relOK = c.e.MeanY <= 1e-13*math.Abs(c.d.MeanY) && c.e.MeanX <= 1e-13*math.Abs(c.d.MeanX) &&
			e2y <= 1e-13*math.Abs(r2y) && e2x <= 1e-13*math.Abs(r2x)
	}
	h := assembleYX(c.m, c.d, omega, tau, pr.Of)
	n := jacobian.SpectralNorm(h)
	if c.relOK || derivAccurate(h, c.e, omega, tau, n, pr.Of) {
		return n, nil
	}
	if !c.hqOK {
		r, err := jacobian.At(pr.F, y, x, 1, 1, pr.Of, &jacobian.Settings{Method: mapping.Quadrature})
		if err != nil {
			return 0, err
		}
		c.hq, c.hqOK = r.M, true
	}
	return jacobian.SpectralNorm(Scaled(c.hq, omega, tau)), nil
}
