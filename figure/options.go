package figure

import (
	"errors"
	"fmt"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// ErrNoFixedPoint is returned by Basin when g has no fixed point with ν > 0:
// there is no basin to draw.
var ErrNoFixedPoint = errors.New("figure: g has no fixed point with ν > 0")

// mapOf returns g with the defaults filled in (a nil F is SELU with α01,
// λ01, a zero τ is 1) and checks it.
func mapOf(g mapping.Map) (mapping.Map, error) {
	if g.F == nil {
		g.F = mapping.StandardSELU
	}
	if g.Tau == 0 {
		g.Tau = 1
	}
	if !finite(g.Omega) || !finite(g.Tau) || !(g.Tau > 0) {
		return g, fmt.Errorf("figure: g needs a finite ω and τ > 0, got ω = %g, τ = %g", g.Omega, g.Tau)
	}
	if v, ok := g.F.(interface{ Validate() error }); ok {
		if err := v.Validate(); err != nil {
			return g, fmt.Errorf("figure: %w", err)
		}
	}
	return g, nil
}

// MaxGrid bounds a figure's grid per axis: 16 million cells, some 80 MB of
// results and a 64 MB image.
const MaxGrid = 4000

// gridOf returns the grid size n, or def when it is 0.
func gridOf(n, def int) (int, error) {
	switch {
	case n == 0:
		return def, nil
	case n < 1 || n > MaxGrid:
		return 0, fmt.Errorf("figure: grid size %d: need 1 to %d", n, MaxGrid)
	}
	return n, nil
}

// fixedPointOf finds g's fixed point (ok false when there is none with
// ν > 0).
func fixedPointOf(g mapping.Map) (fixedpoint.Result, bool) {
	r, err := fixedpoint.Find(g.F, g.Omega, g.Tau, nil)
	return r, err == nil
}

// setup fills in the defaults of the options every figure shares and
// checks them.
func setup(g mapping.Map, w, defWindow Window, n, defGrid int) (mapping.Map, Window, int, error) {
	g, err := mapOf(g)
	if err != nil {
		return g, w, 0, err
	}
	w = w.withDefault(defWindow)
	if err := w.validate(); err != nil {
		return g, w, 0, err
	}
	n, err = gridOf(n, defGrid)
	return g, w, n, err
}
