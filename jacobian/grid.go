package jacobian

import (
	"fmt"
	"math"
	"runtime"
	"sync"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// This file fills grids of ℋ's (or 𝒥's) spectral norm, the maps of where g
// contracts (the command line's normmap figure draws them).

// MaxGridCells bounds NormGrid's grid: 16 million cells (4000 a side), some
// 150 MB of results.
const MaxGridCells = 16_000_000

// NormGridSettings are optional settings of NormGrid; nil means the defaults.
type NormGridSettings struct {
	// Of selects ℋ (Variance, the default) or 𝒥.
	Of Of
	// Workers is the number of goroutines (default all cores). The result
	// does not depend on it.
	Workers int
}

// NormGridResult is the spectral norm of a Jacobian of g on a grid. Cell
// k = i·len(Mus) + j is (Mus[j], Nus[i]).
type NormGridResult struct {
	Mus, Nus []float64
	// Norm is the largest singular value; 0 where Valid is false.
	Norm []float64
	// Valid is false where the Jacobian could not be evaluated or is not
	// finite.
	Valid []bool
}

// NormGrid returns the spectral norm of ℋ (or 𝒥) of g at every point of the
// grid mus × nus, at g's (ω, τ). The Jacobian is At with g.Method
// (Auto: exact closed-form derivatives where their error bound allows, the
// quadrature elsewhere). Rows are shared among goroutines and each cell is
// computed on its own, so the result does not depend on the number of
// workers. The error, if any, is returned before any work when a row or
// column cannot be evaluated.
func NormGrid(g mapping.Map, mus, nus []float64, s *NormGridSettings) (NormGridResult, error) {
	var set NormGridSettings
	if s != nil {
		set = *s
	}
	if set.Workers <= 0 {
		set.Workers = runtime.GOMAXPROCS(0)
	}
	if err := mapping.CheckActivation(g.F); err != nil {
		return NormGridResult{}, err
	}
	if err := mapping.CheckMethod(g.Method); err != nil {
		return NormGridResult{}, err
	}
	if _, hasCF := g.F.(mapping.ClosedFormer); g.Method == mapping.ClosedForm && !hasCF {
		return NormGridResult{}, mapping.ErrMethod
	}
	if err := set.Of.Check(); err != nil {
		return NormGridResult{}, err
	}
	if n := float64(len(mus)) * float64(len(nus)); n > MaxGridCells {
		return NormGridResult{}, fmt.Errorf("jacobian: a grid of %g cells, more than %g", n, float64(MaxGridCells))
	}
	for _, nu := range nus {
		if _, _, err := mapping.Normal(0, nu, g.Omega, g.Tau); err != nil {
			return NormGridResult{}, err
		}
	}
	for _, mu := range mus {
		if _, _, err := mapping.Normal(mu, 1, g.Omega, 1); err != nil {
			return NormGridResult{}, err
		}
	}
	res := NormGridResult{Mus: mus, Nus: nus, Norm: make([]float64, len(mus)*len(nus)), Valid: make([]bool, len(mus)*len(nus))}
	js := &Settings{Method: g.Method}
	workers := min(set.Workers, max(len(nus), 1))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(nus); i += workers {
				for j, mu := range mus {
					k := i*len(mus) + j
					r, err := At(g.F, mu, nus[i], g.Omega, g.Tau, set.Of, js)
					if err != nil || math.IsNaN(r.Norm) || math.IsInf(r.Norm, 0) {
						continue
					}
					res.Norm[k], res.Valid[k] = r.Norm, true
				}
			}
		})
	}
	wg.Wait()
	return res, nil
}
