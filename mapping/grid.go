package mapping

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"
)

// Grid evaluates g on the grid mus × nus at the map's (ω, τ): out[i*len(mus)+j]
// holds the moments at (mus[j], nus[i]). The rows are shared among workers
// goroutines (all cores if workers ≤ 0); each row is computed from its own ν
// and the μ axis alone, so the result does not depend on the number of
// workers. Neighbours in a row with the same μω (all of a row at ω = 0) are
// evaluated once. With Method ClosedForm it takes the fast path without
// error bounds: a row of at least 16 cells is, where one exists, the Taylor
// polynomial in μω of SELU's closed form about the row's middle, of the
// degree whose proved remainder is below 1e-17 of the moments (rowtaylor.go;
// it agrees with the closed form to the closed form's own rounding, and
// with mpmath to 1e-15: TestGridRowInterpolant, TestRowReference). The
// error, if any, is returned before any work if F's parameters
// (CheckActivation) or a row or column (Normal) is invalid. Every cell has
// ν̃ ≥ 0.
func (g Map) Grid(mus, nus []float64, workers int, out []Moments) error {
	if len(out) != len(mus)*len(nus) {
		panic("mapping: Grid output has the wrong length")
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, len(nus))
	if err := CheckActivation(g.F); err != nil {
		return err
	}
	// Check every row and column once; the cells then cannot fail.
	for _, nu := range nus {
		if _, _, err := Normal(0, nu, g.Omega, g.Tau); err != nil {
			return err
		}
	}
	for _, mu := range mus {
		if _, _, err := Normal(mu, 1, g.Omega, 1); err != nil {
			return err
		}
	}
	errs := make([]error, len(nus))
	// The range of μω over a row (the same for every row).
	yLo, yHi := math.Inf(1), math.Inf(-1)
	for _, mu := range mus {
		if y := mu * g.Omega; y < yLo {
			yLo = y
		}
		if y := mu * g.Omega; y > yHi {
			yHi = y
		}
	}
	cf, fast := g.F.(SELU)
	fast = fast && g.Method == ClosedForm
	var wg sync.WaitGroup
	// Rows are handed out one at a time, so that a worker whose core is
	// busy with other work leaves its rows to the others.
	var next atomic.Int64
	for range workers {
		wg.Go(func() {
			var t, t2 cfTerms
			var ri rowInterp
			for {
				i := int(next.Add(1) - 1)
				if i >= len(nus) {
					return
				}
				row := out[i*len(mus) : (i+1)*len(mus)]
				x := nus[i] * g.Tau
				v := NewVariance(x)
				if fast {
					if cf.rowInterpolant(yLo, yHi, len(mus), &v, &t, &ri) {
						var ys [4]float64
						var ms [4]Moments
						for j := 0; j < len(mus); j += 4 {
							for k := range ys {
								ys[k] = mus[min(j+k, len(mus)-1)] * g.Omega
							}
							ri.at4(&ys, &ms)
							for k := range ms {
								if j+k < len(mus) {
									row[j+k] = ms[k]
									clampVar(&row[j+k])
								}
							}
						}
						continue
					}
				}
				for j := 0; j < len(mus); j++ {
					y := mus[j] * g.Omega
					if j > 0 && y == mus[j-1]*g.Omega {
						// The same net input as the cell before (at ω = 0,
						// every cell of the row; −0 and +0 give the same
						// moments): the same moments.
						row[j] = row[j-1]
						continue
					}
					if fast {
						if y2 := 0.0; j+1 < len(mus) {
							if y2 = mus[j+1] * g.Omega; y2 != y {
								// Two cells at once: the same results, in
								// about the time of one.
								row[j], row[j+1] = cf.closedFormPair(y, y2, &v, &v, &t, &t2)
								clampVar(&row[j])
								clampVar(&row[j+1])
								j++
								continue
							}
						}
						row[j] = cf.closedFormAt(y, &v, &t)
						clampVar(&row[j])
						continue
					}
					e, err := EvaluateNormal(g.F, y, x, g.Method)
					if err != nil {
						errs[i] = err
						break
					}
					row[j] = e.Moments
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// clampVar sets a negative ν̃, rounding noise of a variance ≥ 0, to 0.
func clampVar(m *Moments) {
	if m.Var < 0 {
		m.Var = 0
	}
}
