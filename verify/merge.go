package verify

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
)

// PartError is an error in one part of a merge (Part is its index).
type PartError struct {
	Part int
	Err  error
}

func (e *PartError) Error() string { return fmt.Sprintf("part %d: %v", e.Part+1, e.Err) }
func (e *PartError) Unwrap() error { return e.Err }

// Merge combines the reports of the shards of one grid scan: for each check
// the most extreme value over the shards, with the points summed. It refuses
// (with a *PartError naming the part and the mismatch) anything that is not
// one consistent run: parts with other checks, boxes, α, λ, limits or grids,
// other shard counts, a shard given twice, point counts that do not match
// the grid, a claim whose name does not match the catalogue (BindClaim), or
// an extreme whose value is not the quantity at its point. A merged check
// holds when every shard is present, none was stopped early, and the merged
// extreme satisfies the claim; with shards missing it is partial.
func Merge(parts []Report) (Report, error) {
	if len(parts) == 0 {
		return Report{}, errors.New("no parts to merge")
	}
	n := len(parts[0].Checks)
	if n == 0 {
		return Report{}, &PartError{0, errors.New("holds no checks")}
	}
	shardOf := make([]int, len(parts)) // 0-based
	count := 0
	seen := map[int]int{}
	for i, p := range parts {
		if len(p.Checks) != n {
			return Report{}, &PartError{i, fmt.Errorf("holds %d checks and part 1 holds %d: they are not shards of one run", len(p.Checks), n)}
		}
		k, total, err := parseShard(p.Checks[0].Shard)
		if err != nil {
			return Report{}, &PartError{i, err}
		}
		if i == 0 {
			count = total
		} else if total != count {
			return Report{}, &PartError{i, fmt.Errorf("is shard %d of %d, part 1 of %d: they are not shards of one run", k+1, total, count)}
		}
		if j, dup := seen[k]; dup {
			return Report{}, &PartError{i, fmt.Errorf("is shard %d/%d again (so is part %d)", k+1, total, j+1)}
		}
		seen[k], shardOf[i] = i, k
		for c, r := range p.Checks {
			if r.Shard != p.Checks[0].Shard {
				return Report{}, &PartError{i, fmt.Errorf("holds checks of shards %s and %s", p.Checks[0].Shard, r.Shard)}
			}
			if f := differs(r, parts[0].Checks[c]); f != "" {
				return Report{}, &PartError{i, fmt.Errorf("check %d (%s %s) differs from part 1 in its %s: they are not shards of one run", c+1, r.Name, r.Quantity, f)}
			}
		}
	}
	res := NewReport()
	for c := range n {
		m, err := mergeCheck(parts, c, shardOf, count)
		if err != nil {
			return Report{}, err
		}
		res.Add(m)
	}
	res.Conclude()
	return res, nil
}

// differs names the first field that identifies a check in which a and b
// differ ("" if none).
func differs(a, b Result) string {
	switch {
	case a.Name != b.Name:
		return "name"
	case a.Quantity != b.Quantity:
		return "quantity"
	case a.Of != b.Of:
		return "Jacobian (of)"
	case !reflect.DeepEqual(a.Box, b.Box):
		return "box"
	case a.Alpha != b.Alpha || a.Lambda != b.Lambda:
		return "alpha or lambda"
	case a.Limit != b.Limit:
		return "limit"
	case a.Method != b.Method:
		return "method"
	case !reflect.DeepEqual(a.Grid, b.Grid):
		return "grid"
	case !slices.Equal(a.GridPoints, b.GridPoints):
		return "grid_points"
	case a.Part != b.Part:
		return "part"
	case a.SameAs != b.SameAs:
		return "same_as"
	}
	return ""
}

// parseShard reads "K/N" (1-based) as written by Claim.Run.
func parseShard(s string) (k, n int, err error) {
	if _, err := fmt.Sscanf(s, "%d/%d", &k, &n); err != nil || n < 1 || k < 1 || k > n || fmt.Sprintf("%d/%d", k, n) != s {
		return 0, 0, fmt.Errorf("is not a shard of a grid scan (shard %q; run verify with --shard K/N)", s)
	}
	return k - 1, n, nil
}

// mergeCheck merges check c of every part after checking each part's
// points, extreme and value against the grid and the claim.
func mergeCheck(parts []Report, c int, shardOf []int, count int) (Result, error) {
	ref := parts[0].Checks[c]
	if ref.Certified || ref.Method == "certified" || ref.Grid == nil {
		return Result{}, &PartError{0, errors.New("holds a certified check or one without its grid; only grid scans merge")}
	}
	claim, err := BindClaim(ref.Name, ref.Quantity, ref.Of, ref.Box, ref.Alpha, ref.Lambda, ref.Limit)
	if err != nil {
		return Result{}, &PartError{0, err}
	}
	axes, err := ref.Grid.Axes(claim.Box)
	if err != nil {
		return Result{}, &PartError{0, err}
	}
	want := []int{len(axes[0]), len(axes[1]), len(axes[2]), len(axes[3])}
	if !slices.Equal(ref.GridPoints, want) || ref.Method != ref.Grid.String() {
		return Result{}, &PartError{0, fmt.Errorf("check %d: grid_points %v or method %q do not match its grid (%v points)", c+1, ref.GridPoints, ref.Method, want)}
	}
	items, pairs := len(axes[2])*len(axes[3]), int64(len(axes[0])*len(axes[1]))
	if count > items {
		return Result{}, &PartError{0, fmt.Errorf("%d shards for a grid of %d (nu, tau) pairs", count, items)}
	}
	m := ref
	m.Points, m.Evaluated, m.Seconds, m.Partial = 0, 0, 0, false
	// In shard order, so that ties go to the first point in grid order as
	// in a whole scan, whatever the order of the parts.
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return shardOf[a] - shardOf[b] })
	for n, i := range order {
		r := parts[i].Checks[c]
		first, last := shardItems(items, shardOf[i], count)
		full := int64(last-first) * pairs
		if r.Points > full || (!r.Partial && r.Points != full) || r.Points <= 0 || r.Points%pairs != 0 {
			return Result{}, &PartError{i, fmt.Errorf("check %d: %d points, but shard %s of this grid has %d", c+1, r.Points, r.Shard, full)}
		}
		if r.Evaluated < 0 || r.Evaluated > r.Points {
			return Result{}, &PartError{i, fmt.Errorf("check %d: %d points evaluated of %d", c+1, r.Evaluated, r.Points)}
		}
		at, err := gridPoint(r.At, axes, first, last)
		if err != nil {
			return Result{}, &PartError{i, fmt.Errorf("check %d: %v", c+1, err)}
		}
		v, err := claim.Value(at)
		if err != nil {
			return Result{}, &PartError{i, err}
		}
		if !(math.Abs(v-r.Value) <= 1e-12*math.Max(1, math.Abs(v))) {
			return Result{}, &PartError{i, fmt.Errorf("check %d: value %v at %v is not the quantity there (%v)", c+1, r.Value, at, v)}
		}
		if err := gridResultFields(r, claim); err != nil {
			return Result{}, &PartError{i, fmt.Errorf("check %d: %v", c+1, err)}
		}
		m.Points += r.Points
		if r.Evaluated == 0 || n > 0 && m.Evaluated == 0 {
			m.Evaluated = 0 // a part that does not say: unknown
		} else {
			m.Evaluated += r.Evaluated
		}
		m.Seconds += r.Seconds
		m.Partial = m.Partial || r.Partial
		if n == 0 || claim.Quantity.Better(r.Value, m.Value) {
			m.Value, m.At, m.Bound = r.Value, r.At, r.Value
		}
	}
	m.Shard = fmt.Sprintf("merged %d of %d", len(parts), count)
	m.Paper, m.PaperSource = nil, ""
	if !math.IsNaN(claim.Paper) {
		p := claim.Paper
		m.Paper, m.PaperSource = &p, claim.PaperSource
	}
	m.PaperBound, m.PaperBoundSource = nil, ""
	if claim.PaperBoundSource != "" && !math.IsNaN(claim.PaperBound) {
		p := claim.PaperBound
		m.PaperBound, m.PaperBoundSource = &p, claim.PaperBoundSource
	}
	m.Part = claim.Part
	m.Margin = claim.margin(m.Value)
	m.Partial = m.Partial || len(parts) != count
	m.Holds = !m.Partial && claim.Holds(m.Value)
	return m, nil
}

// gridPoint checks that at is a point of the grid whose (ν, τ) pair lies in
// [first, last), and returns it.
func gridPoint(at map[string]float64, axes [4][]float64, first, last int) ([4]float64, error) {
	var p [4]float64
	var idx [4]int
	for i, name := range AxisNames {
		v, ok := at[name]
		if !ok {
			return p, fmt.Errorf("the extreme's point has no %s", name)
		}
		idx[i] = slices.Index(axes[i], v)
		if idx[i] < 0 {
			return p, fmt.Errorf("the extreme's %s = %v is not on the grid", name, v)
		}
		p[i] = v
	}
	if item := idx[2]*len(axes[3]) + idx[3]; item < first || item >= last {
		return p, errors.New("the extreme's (nu, tau) is not in this shard")
	}
	return p, nil
}

// gridResultFields checks the fields of a grid scan's result that Merge
// does not recompute: the bound is the extreme itself, the run time is a
// time, the paper's value is the catalogue's, and nothing of a certified
// run is there.
func gridResultFields(r Result, claim Claim) error {
	switch {
	case r.Bound != r.Value:
		return fmt.Errorf("bound %v is not the value %v (a grid scan's bound is its extreme)", r.Bound, r.Value)
	case !(r.Seconds >= 0 && r.Seconds < 1e7):
		return fmt.Errorf("seconds %v is not the run time of a shard", r.Seconds)
	case r.Boxes != 0 || r.Leaves != 0 || r.Violated || r.Certified || r.Assumes != "":
		return errors.New("holds fields of a certified run")
	}
	paper := math.NaN()
	if r.Paper != nil {
		paper = *r.Paper
	}
	if !(paper == claim.Paper || math.IsNaN(paper) && math.IsNaN(claim.Paper)) || r.PaperSource != claim.PaperSource {
		return fmt.Errorf("paper_value %v (%q) is not the catalogue's %v (%q)", paper, r.PaperSource, claim.Paper, claim.PaperSource)
	}
	wantBound := math.NaN()
	if claim.PaperBoundSource != "" {
		wantBound = claim.PaperBound
	}
	bound := math.NaN()
	if r.PaperBound != nil {
		bound = *r.PaperBound
	}
	if !(bound == wantBound || math.IsNaN(bound) && math.IsNaN(wantBound)) || r.PaperBoundSource != claim.PaperBoundSource {
		return fmt.Errorf("paper_bound %v (%q) is not the catalogue's %v (%q)", bound, r.PaperBoundSource, wantBound, claim.PaperBoundSource)
	}
	if r.Part != claim.Part {
		return fmt.Errorf("part %q is not the catalogue's %q", r.Part, claim.Part)
	}
	if m := claim.margin(r.Value); !(r.Margin == m) {
		return fmt.Errorf("margin %v is not the limit's distance %v from the value", r.Margin, m)
	}
	return nil
}
