package simulate

import (
	"math"
	"reflect"
	"testing"
)

// TestRunTolerances: on a 16-layer, 128-wide LeCun-normal network the
// measured moments stay within |mean − theory| ≤ 0.05 and
// |var/theory − 1| ≤ 0.1 of g iterated (the acceptance tolerances of the
// simulate command).
func TestRunTolerances(t *testing.T) {
	res, err := Run(Network{Depth: 16, Width: 128, Init: "lecun-normal", Samples: 256, Nu0: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	layers := res.Layers
	if len(layers) != 16 {
		t.Fatalf("%d layers, want 16", len(layers))
	}
	e := res.MaxErrors()
	if e.Mean > 0.05 || e.Var > 0.1 {
		t.Errorf("errors %+v beyond 0.05 (mean), 0.1 (variance)", e)
	}
}

func TestRunDeterministic(t *testing.T) {
	n := Network{Depth: 4, Width: 32, Init: "orthogonal", Samples: 20, Nu0: 2, Seed: 7, Dropout: 0.1}
	a, err := Run(n)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Run(n)
	if !reflect.DeepEqual(a, b) {
		t.Error("same network, different result")
	}
	n.Seed = 8
	c, _ := Run(n)
	if reflect.DeepEqual(a, c) {
		t.Error("seeds 7 and 8 give the same result")
	}
}

func TestValidate(t *testing.T) {
	ok := Network{Depth: 2, Width: 8, Init: "lecun-normal", Samples: 4, Nu0: 1}
	for _, bad := range []func(*Network){
		func(n *Network) { n.Depth = 0 },
		func(n *Network) { n.Width = MaxWidth + 1 },
		func(n *Network) { n.Samples = 0 },
		func(n *Network) { n.Init = "he" },
		func(n *Network) { n.Nu0 = 0 },
		func(n *Network) { n.Mu0 = math.NaN() },
		func(n *Network) { n.Dropout = 1 },
		func(n *Network) { n.Depth, n.Width = MaxDepth, MaxWidth },
	} {
		n := ok
		bad(&n)
		if _, err := Run(n); err == nil {
			t.Errorf("%+v: no error", n)
		}
	}
	if _, err := Run(ok); err != nil {
		t.Error(err)
	}
}

// BenchmarkSimulate32x512 measures the simulate command's acceptance size
// (32 layers of 512 units, 256 samples).
func BenchmarkSimulate32x512(b *testing.B) {
	n := Network{Depth: 32, Width: 512, Init: "lecun-normal", Samples: 256, Nu0: 1, Seed: 1}
	for b.Loop() {
		if _, err := Run(n); err != nil {
			b.Fatal(err)
		}
	}
}
