package jacobian

import (
	"math"
	"slices"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// norm01 is ℋ's largest singular value at (0, 1) for ω = 0, τ = 1, α01, λ01
// (paper-facts.md §4).
const norm01 = 0.787673360465715

var g01 = mapping.Map{F: mapping.StandardSELU, Omega: 0, Tau: 1}

// cells returns the centres of n equal cells of [lo, hi] (equal in log scale
// if log), the grids the figures use.
func cells(lo, hi float64, n int, log bool) []float64 {
	pts := make([]float64, n)
	for k := range pts {
		t := (float64(k) + 0.5) / float64(n)
		if log {
			pts[k] = math.Exp(math.Log(lo) + t*(math.Log(hi)-math.Log(lo)))
		} else {
			pts[k] = lo + t*(hi-lo)
		}
	}
	return pts
}

// TestNormGrid: at (0, 1), ω = 0, τ = 1 the norm is 0.787673360465715
// (paper-facts.md §4); it does not depend on μ when ω = 0; other cells agree
// with At; the result does not depend on the workers.
func TestNormGrid(t *testing.T) {
	mus := []float64{-0.5, 0, 0.5}
	nus := []float64{0.5, 1, 2}
	r, err := NormGrid(g01, mus, nus, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Norm[1*3+1]; math.Abs(got-norm01) > 1e-13 || !r.Valid[4] {
		t.Errorf("norm at (0, 1) = %.17g, want %.17g", got, norm01)
	}
	for i := range nus {
		for j := range mus {
			if r.Norm[i*3+j] != r.Norm[i*3+1] {
				t.Errorf("ω = 0: the norm depends on μ at ν = %g", nus[i])
			}
		}
	}
	g := mapping.Map{F: mapping.StandardSELU, Omega: 0.1, Tau: 1.1}
	mus = cells(-2, 2, 13, false)
	nus = cells(0.01, 10, 11, true)
	one, _ := NormGrid(g, mus, nus, &NormGridSettings{Workers: 1})
	three, _ := NormGrid(g, mus, nus, &NormGridSettings{Workers: 3})
	if !slices.Equal(one.Norm, three.Norm) || !slices.Equal(one.Valid, three.Valid) {
		t.Error("1 and 3 workers differ")
	}
	h, _ := At(g.F, mus[4], nus[7], 0.1, 1.1, Variance, nil)
	if one.Norm[7*13+4] != h.Norm {
		t.Errorf("cell (7, 4) = %g, At %g", one.Norm[7*13+4], h.Norm)
	}
	j2, _ := NormGrid(g, mus, nus, &NormGridSettings{Of: SecondMoment})
	hj, _ := At(g.F, mus[4], nus[7], 0.1, 1.1, SecondMoment, nil)
	if j2.Norm[7*13+4] != hj.Norm {
		t.Errorf("𝒥: cell (7, 4) = %g, At %g", j2.Norm[7*13+4], hj.Norm)
	}
	if _, err := NormGrid(g, mus, []float64{0}, nil); err == nil {
		t.Error("ν = 0 accepted")
	}
}

func BenchmarkNormGrid300(b *testing.B) {
	g := mapping.Map{F: mapping.StandardSELU, Omega: 0.1, Tau: 1}
	mus := cells(-1, 1, 300, false)
	nus := cells(0.05, 3, 300, false)
	for b.Loop() {
		NormGrid(g, mus, nus, nil)
	}
}
