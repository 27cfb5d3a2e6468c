package verify

import (
	"math"
	"slices"
	"testing"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// Exact extremes of the named checks. They sit at corners of the domains;
// the values are the closed forms at those corners evaluated with mpmath at
// 50 digits for the float64 α01, λ01 (see docs/theorem1.md), which agree with
// the Mathematica notebook's (paper-facts.md §5–6) except where its
// optimiser stopped inside the box: max μ̃ (7e-12), max ν̃ (8e-10) and
// theorem3-a (1e-7).
var exactExtremes = []struct {
	name  string
	q     Quantity
	value float64
	at    [4]float64
}{
	{"theorem1", MaxSpectralNorm, 0.8976083584089181, [4]float64{-0.1, -0.1, 0.8, 1.1}}, // Mathematica notebook
	{"mapping", MinMuTilde, -0.031060501792217658803, [4]float64{-0.1, 0.1, 0.8, 0.95}},
	{"mapping", MaxMuTilde, 0.067725101689878593077, [4]float64{-0.1, -0.1, 1.5, 1.1}},
	{"mapping", MinNuTilde, 0.80371175767911269277, [4]float64{-0.1, 0.1, 0.8, 0.95}},
	{"mapping", MaxNuTilde, 1.4815749582711645837, [4]float64{-0.1, -0.1, 1.5, 1.1}},
	{"theorem2", MaxNuTildeMinusNu, -0.11974428995599461297, [4]float64{-1, -0.1, 3, 1.25}},
	{"theorem3-a", MinNuTildeMinusNu, 0.0077360832105860173341, [4]float64{-0.1, -0.1, 0.02, 0.8}},
	{"theorem3-b", MinNuTildeMinusNu, 0.011029274204420187713, [4]float64{-0.1, -0.1, 0.02, 0.9}},
}

// TestGridExactExtremes: grid scans (which include the corners) find the
// exact extremes to 1e-12 (issue 5).
func TestGridExactExtremes(t *testing.T) {
	for _, c := range exactExtremes {
		var claim *Claim
		for _, cl := range NamedClaims(c.name) {
			if cl.Quantity == c.q && claim == nil && (c.q != MaxSpectralNorm || cl.Of == jacobian.Variance) {
				claim = &cl
			}
		}
		if claim == nil {
			t.Fatalf("%s has no %v", c.name, c.q)
		}
		r, err := claim.Scan(Grid{Points: [4]int{9, 9, 9, 9}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(r.Value-c.value) > 1e-12*math.Max(1, math.Abs(c.value)) {
			t.Errorf("%s %v: grid %.17g, exact %.17g", c.name, c.q, r.Value, c.value)
		}
		// The extreme is attained at a corner, possibly its mirror image
		// (the moments depend on μω).
		if r.At[2] != c.at[2] || r.At[3] != c.at[3] || r.At[0]*r.At[1] != c.at[0]*c.at[1] {
			t.Errorf("%s %v: at %v, want %v", c.name, c.q, r.At, c.at)
		}
	}
}

// TestPaperGridMaximum: the paper's Lemma 12 grid maximum 0.9912524171058772
// is the norm of 𝒥 at (−0.1, −0.1, 0.8, 1.25), a corner of the extended
// domain (paper-facts.md §5). A coarse grid with the same corners finds it.
func TestPaperGridMaximum(t *testing.T) {
	pr := Problem{Quantity: MaxSpectralNorm, Box: Theorem1ExtendedBox, F: mapping.StandardSELU, Of: jacobian.SecondMoment}
	r, err := pr.Scan(Grid{Points: [4]int{5, 7, 5, 6}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(r.Value-0.9912524171058772) > 1e-12 || r.At != [4]float64{-0.1, -0.1, 0.8, 1.25} {
		t.Errorf("max norm of J: %.17g at %v", r.Value, r.At)
	}
}

// TestScanDeterministic: the same result for any number of workers, and
// shards that together cover the grid.
func TestScanDeterministic(t *testing.T) {
	pr := Problem{Quantity: MaxSpectralNorm, Box: Theorem1Box, F: mapping.StandardSELU}
	g := Grid{Points: [4]int{7, 8, 9, 10}}
	ref, err := pr.Scan(g, &ScanSettings{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{2, 3, 7} {
		r, _ := pr.Scan(g, &ScanSettings{Workers: w})
		if r != ref {
			t.Errorf("workers %d: %+v, want %+v", w, r, ref)
		}
	}
	best, points := math.Inf(-1), int64(0)
	for k := range 3 {
		r, err := pr.Scan(g, &ScanSettings{Shard: k, Shards: 3})
		if err != nil {
			t.Fatal(err)
		}
		best = math.Max(best, r.Value)
		points += r.Points
	}
	if best != ref.Value || points != ref.Points || points != 7*8*9*10 {
		t.Errorf("shards: best %v points %d; whole grid %v, %d", best, points, ref.Value, ref.Points)
	}
}

// TestCertifyTheorem1Extended: the contraction step of the paper's proof,
// certified with a bound ≤ 0.9891 (the attained maximum is 0.98903; the
// paper's proof gives 0.99999), and the certificate re-checks.
func TestCertifyTheorem1Extended(t *testing.T) {
	if testing.Short() {
		t.Skip("certification takes a few seconds")
	}
	pr := Problem{Quantity: MaxSpectralNorm, Box: Theorem1ExtendedBox, F: mapping.StandardSELU}
	r, err := pr.Certify(&CertifySettings{Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Partial || r.Violated || !(r.Bound <= 0.9891) || r.Bound < r.Best {
		t.Fatalf("bound %.10g best %.10g partial %v violated %v", r.Bound, r.Best, r.Partial, r.Violated)
	}
	// The best point is the corner where the grid finds the maximum.
	if r.BestAt != [4]float64{-0.1, -0.1, 0.8, 1.25} {
		t.Errorf("best at %v", r.BestAt)
	}
	t.Logf("bound %.10g, best %.10g, %d boxes, %d leaves", r.Bound, r.Best, r.Boxes, r.Leaves)
	n, err := r.Certificate.Check()
	if err != nil || n != r.Leaves {
		t.Errorf("certificate check: %d leaves, %v", n, err)
	}
	// A tampered certificate fails.
	bad := *r.Certificate
	bad.Leaves = append([]float64(nil), bad.Leaves...)
	bad.Leaves[len(bad.Leaves)/2] -= 0.05
	if _, err := bad.Check(); err == nil {
		t.Error("a certificate with a lowered leaf bound passed the check")
	}
	bad = *r.Certificate
	bad.Tree = bad.Tree[:len(bad.Tree)-1]
	if _, err := bad.Check(); err == nil {
		t.Error("a truncated certificate passed the check")
	}
}

// TestCertifyNamedChecks: every named claim is certified, except Lemma 13's
// printed lower bound −0.03106 of μ̃, which the exact minimum
// −0.0310605018 violates (an erratum, docs/errata.md), and g(Ω) ⊆ Ω on the
// extended domain, where ν̃ leaves [0.8, 1.5] (0.7016 at τ = 0.8, 1.636 at
// τ = 1.25).
func TestCertifyNamedChecks(t *testing.T) {
	if testing.Short() {
		t.Skip("certification takes a few seconds")
	}
	violated := map[string][]Quantity{"mapping": {MinMuTilde}, "theorem1-extended": {MinNuTilde, MaxNuTilde}}
	for _, name := range []string{"theorem1", "theorem1-extended", "mapping", "theorem2", "theorem3-b"} {
		for _, c := range NamedClaims(name) {
			r, err := c.Certify(&CertifySettings{Threshold: c.Limit, Gap: 1e-4})
			if err != nil {
				t.Fatal(err)
			}
			wantViolated := slices.Contains(violated[name], c.Quantity)
			if r.Violated != wantViolated || (!wantViolated && (r.Partial || !c.Holds(r.Bound))) {
				t.Errorf("%s %v: bound %.10g best %.10g violated %v partial %v", name, c.Quantity, r.Bound, r.Best, r.Violated, r.Partial)
			}
			// The bound is on the right side of every exact extreme.
			for _, e := range exactExtremes {
				if e.name == name && e.q == c.Quantity && !r.Violated {
					if (c.Quantity.IsMax() && r.Bound < e.value) || (!c.Quantity.IsMax() && r.Bound > e.value) {
						t.Errorf("%s %v: bound %.17g excludes the exact extreme %.17g", name, c.Quantity, r.Bound, e.value)
					}
				}
			}
		}
	}
}

// TestUserBoxFails: contraction on ω ∈ [−1, 1] fails, with the failing point.
func TestUserBoxFails(t *testing.T) {
	b := Box{Mu: [2]float64{-1, 1}, Omega: [2]float64{-1, 1}, Nu: [2]float64{0.8, 1.5}, Tau: [2]float64{0.9, 1.1}}
	cl := UserClaims("contraction", b, mapping.StandardSELU, jacobian.Variance)[0]
	r, err := cl.Certify(&CertifySettings{Threshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Violated || !(r.Best >= 1) {
		t.Fatalf("contraction on omega in [-1, 1]: violated %v best %v", r.Violated, r.Best)
	}
	v, _ := cl.Value(r.BestAt)
	if v != r.Best {
		t.Errorf("failing point %v has value %v, reported %v", r.BestAt, v, r.Best)
	}
	if err := (Box{Mu: [2]float64{1, -1}, Omega: [2]float64{0, 0}, Nu: [2]float64{1, 1}, Tau: [2]float64{1, 1}}).Validate(); err == nil {
		t.Error("reversed range accepted")
	}
	if err := (Box{Mu: [2]float64{0, 0}, Omega: [2]float64{0, 0}, Nu: [2]float64{0, 1}, Tau: [2]float64{1, 1}}).Validate(); err == nil {
		t.Error("nu = 0 accepted")
	}
}

// BenchmarkTheorem1Grid50: max spectral norm of ℋ on the 50⁴ grid of
// Theorem 1's Ω on all cores (issue 5: ≤ 0.3 s; issue 17: 10× faster than
// NumPy, testdata/bench_numpy_scans.py), skipping the (ν, τ) pairs bounded
// below the maximum.
func BenchmarkTheorem1Grid50(b *testing.B) { benchTheorem1Grid50(b, false) }

// BenchmarkTheorem1Grid50Exhaustive is the same scan evaluating every point.
func BenchmarkTheorem1Grid50Exhaustive(b *testing.B) { benchTheorem1Grid50(b, true) }

func benchTheorem1Grid50(b *testing.B, exhaustive bool) {
	pr := Problem{Quantity: MaxSpectralNorm, Box: Theorem1Box, F: mapping.StandardSELU}
	var r ScanResult
	for b.Loop() {
		var err error
		if r, err = pr.Scan(Grid{Points: [4]int{50, 50, 50, 50}}, &ScanSettings{Exhaustive: exhaustive}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.Evaluated), "evaluated")
}

// BenchmarkCertifyTheorem1Extended: the certified contraction bound.
func BenchmarkCertifyTheorem1Extended(b *testing.B) {
	benchCertify(b, Problem{Quantity: MaxSpectralNorm, Box: Theorem1ExtendedBox, F: mapping.StandardSELU}, 1)
}

// BenchmarkCertifyTheorem3a: the check that needed the most boxes
// (326,235 before Hansen's form, Baumann's centres and the mirror image).
func BenchmarkCertifyTheorem3a(b *testing.B) {
	benchCertify(b, Problem{Quantity: MinNuTildeMinusNu, Box: theorem3Box(0.02, 0.16, 0.8), F: mapping.StandardSELU}, 0)
}

// benchCertify certifies pr against threshold, reporting the boxes
// evaluated.
func benchCertify(b *testing.B, pr Problem, threshold float64) {
	var boxes int64
	for b.Loop() {
		r, err := pr.Certify(&CertifySettings{Threshold: threshold})
		if err != nil {
			b.Fatal(err)
		}
		boxes = r.Boxes
	}
	b.ReportMetric(float64(boxes), "boxes")
}
