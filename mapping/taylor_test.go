package mapping

import (
	"math"
	"testing"
)

// TestTaylorReference: each SELU row of testdata/moments.csv (mpmath at 60
// digits by direct integration) where the closed form is accurate, evaluated
// by a Taylor model whose centre is half a box away in both directions:
// within 1e-15 of the reference (μ̃ relative to max(|μ̃|, √ν̃), ξ̃ relative,
// ν̃ relative to max(ν̃, ξ̃·1e-15/1e-15)…: ν̃ = ξ̃ − μ̃² loses what ξ̃/ν̃ says).
func TestTaylorReference(t *testing.T) {
	tested := 0
	for _, p := range readMoments(t) {
		f, ok := p.f.(SELU)
		if !ok {
			continue
		}
		y, x := p.mu*p.omega, p.nu*p.tau
		if _, e := f.ClosedForm(y, x); worst(e) > AutoTolerance {
			continue
		}
		probe, ok := f.NewTaylor(y, x)
		if !ok {
			continue
		}
		tm, ok := f.NewTaylor(y-0.5*probe.ry, x+0.5*probe.rx)
		if !ok || !tm.In(y, x) {
			continue
		}
		tested++
		got, want := tm.Moments(y, x), p.want
		sm := math.Max(math.Abs(want.Mean), math.Sqrt(want.Var))
		if d := math.Abs(got.Mean-want.Mean) / sm; d > 1e-15 {
			t.Errorf("%v: mu~ %.17g, reference %.17g (%.2g)", p, got.Mean, want.Mean, d)
		}
		if d := math.Abs(got.Second-want.Second) / want.Second; d > 1e-15 {
			t.Errorf("%v: xi~ %.17g, reference %.17g (%.2g)", p, got.Second, want.Second, d)
		}
		if d := math.Abs(got.Var-want.Var) / want.Var; d > 1e-15*math.Max(1, want.Second/want.Var) {
			t.Errorf("%v: nu~ %.17g, reference %.17g (%.2g)", p, got.Var, want.Var, d)
		}
	}
	if tested < 30 {
		t.Errorf("only %d reference points tested", tested)
	}
	t.Logf("%d reference points", tested)
}

// TestTaylorAgainstClosedForm: inside its box the model agrees with the
// closed form to 2e-15 of the moments' scales (the closed form's own
// rounding is of that size: against mpmath at 40 digits, both were within
// 5e-16 at the points where they differed most), at the box's corners, edge
// midpoints and random points, around fixed points and other net inputs,
// for several α, λ; outside the box In is false.
func TestTaylorAgainstClosedForm(t *testing.T) {
	centres := [][2]float64{{0, 1}, {0, 2}, {-0.05, 0.8}, {0.3, 1.4}, {-0.4, 0.5}, {1.2, 3}, {0, 0.1}, {-2, 6}}
	params := []SELU{StandardSELU, {Alpha: 1.9712557503462642, Lambda: 1.0607090761030131}, {Alpha: 0.5, Lambda: 2}, {Alpha: 4, Lambda: 0.7}}
	r := uint64(7)
	rnd := func() float64 {
		r = r*6364136223846793005 + 1442695040888963407
		return 2*float64(r>>11)/(1<<53) - 1
	}
	built := 0
	for _, f := range params {
		for _, c := range centres {
			tm, ok := f.NewTaylor(c[0], c[1])
			if !ok {
				continue
			}
			built++
			worst := 0.0
			for k := range 400 {
				dy, dx := rnd(), rnd()
				if k < 9 {
					dy, dx = float64(k%3-1), float64(k/3-1) // corners and edge midpoints
				}
				y, x := c[0]+dy*tm.ry, c[1]+dx*tm.rx
				if !tm.In(y, x) {
					continue
				}
				got := tm.Moments(y, x)
				want, _ := f.ClosedForm(y, x)
				sm := math.Max(math.Abs(want.Mean), math.Sqrt(want.Var))
				e := math.Max(math.Abs(got.Mean-want.Mean)/sm, math.Abs(got.Second-want.Second)/want.Second)
				e = math.Max(e, math.Abs(got.Var-want.Var)/want.Var)
				worst = math.Max(worst, e)
			}
			if worst > 2e-15 {
				t.Errorf("%v at (%v, %v): %.3g from the closed form", f, c[0], c[1], worst)
			}
			if tm.In(c[0]+1.01*tm.ry, c[1]) || tm.In(c[0], c[1]-1.01*tm.rx) {
				t.Errorf("%v at (%v, %v): In outside the box", f, c[0], c[1])
			}
		}
	}
	if built < 20 { // the others: the closed form at the centre is not within AutoTolerance
		t.Errorf("only %d of %d models built", built, len(centres)*len(params))
	}
}

// TestTaylorIndex: the coefficient layout Taylor.Moments is written for:
// every monomial of total degree ≤ TaylorDegree has its own place, rows by
// the power of δx, and the written-out evaluation equals the plain double
// sum.
func TestTaylorIndex(t *testing.T) {
	seen := map[int]bool{}
	for b := 0; b <= TaylorDegree; b++ {
		for a := 0; a+b <= TaylorDegree; a++ {
			i := taylorIndex(a, b)
			if i < 0 || i >= taylorTerms || seen[i] {
				t.Fatalf("taylorIndex(%d, %d) = %d", a, b, i)
			}
			seen[i] = true
		}
	}
	if TaylorDegree != 8 || taylorIndex(0, 8) != 44 || taylorIndex(8, 0) != 8 {
		t.Fatal("Taylor.Moments is written out for TaylorDegree 8")
	}
	var tm Taylor
	for i := range tm.mean {
		tm.mean[i], tm.second[i] = 1/float64(i+1), float64(i%7)-3
	}
	tm.y0, tm.x0 = 0.25, 1.5
	y, x := 0.3, 1.43
	var m, s float64
	for b := 0; b <= TaylorDegree; b++ {
		for a := 0; a+b <= TaylorDegree; a++ {
			w := math.Pow(y-tm.y0, float64(a)) * math.Pow(x-tm.x0, float64(b))
			m += tm.mean[taylorIndex(a, b)] * w
			s += tm.second[taylorIndex(a, b)] * w
		}
	}
	got := tm.Moments(y, x)
	if math.Abs(got.Mean-m) > 1e-14 || math.Abs(got.Second-s) > 1e-14 {
		t.Errorf("Moments %v, %v; double sum %v, %v", got.Mean, got.Second, m, s)
	}
}
