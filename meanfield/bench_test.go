package meanfield

import (
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// benchmarkAt times one evaluation of c̃ at the paper's fixed point
// (μ, ν, ω, τ) = (0, 1, 0, 1), c = 0.5, by the given route.
func benchmarkAt(b *testing.B, r route) {
	m, err := NewMap(mapping.StandardSELU, 0, 1, 0, 1)
	if err != nil {
		b.Fatal(err)
	}
	m.route = r
	for b.Loop() {
		if _, err := m.At(0.5); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAtAuto(b *testing.B)   { benchmarkAt(b, autoRoute) }
func BenchmarkAtClosed(b *testing.B) { benchmarkAt(b, closedRoute) }
func BenchmarkAtNested(b *testing.B) { benchmarkAt(b, nestedRoute) }

func BenchmarkBackward(b *testing.B) {
	for b.Loop() {
		if _, err := BackwardAt(mapping.StandardSELU, 0, 1, 0, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAtPrice(b *testing.B) { benchmarkAt(b, priceRoute) }
