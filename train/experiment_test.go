package train

import (
	"context"
	"math"
	"testing"
)

// synthetic returns n examples of 20 features whose label is the argmax of
// a fixed linear map (learnable), standardised inputs.
func synthetic(n int) *Dataset {
	x, _ := randomBatch(n, 20, 10, 5)
	d := &Dataset{X: x, Y: make([]uint8, n)}
	for i := range n {
		best, arg := math.Inf(-1), 0
		for k := range 10 {
			s := 0.0
			for j := range 20 {
				s += x.Data[i*20+j] * math.Sin(float64(3*j+7*k))
			}
			if s > best {
				best, arg = s, k
			}
		}
		d.Y[i] = uint8(arg)
	}
	return d
}

func TestExperimentLearns(t *testing.T) {
	e, err := NewExperiment(Setup{Depths: []int{2, 4}, Width: 20, Epochs: 6, LR: 0.01, Batch: 16, Seed: 1, Watch: 3}, synthetic(256))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, r := range e.Runs {
		if len(r.Loss) != 7 || r.Diverged >= 0 {
			t.Fatalf("%s: %d losses, diverged %d", r.Label(), len(r.Loss), r.Diverged)
		}
		if !(r.Loss[6] < 0.8*r.Loss[0]) {
			t.Errorf("%s: loss %g → %g, want a decrease", r.Label(), r.Loss[0], r.Loss[6])
		}
	}
	// Watched at epochs 0, 3, 6: 3 × (2 + 4) layers × 2 kinds.
	if len(e.Watched) != 36 {
		t.Fatalf("%d watched layers, want 36", len(e.Watched))
	}
	for _, w := range e.Watched {
		if w.Kind == SNN && (math.IsNaN(w.FixedNu) || math.IsNaN(w.Chi1)) {
			t.Errorf("SNN layer %+v without a fixed point or χ₁", w)
		}
		if w.Kind == BatchNormReLU && !math.IsNaN(w.FixedNu) {
			t.Errorf("BatchNorm layer with a fixed point")
		}
	}
}

// TestExperimentCancel: a cancelled run keeps the losses measured so far.
func TestExperimentCancel(t *testing.T) {
	e, err := NewExperiment(Setup{Depths: []int{2}, Width: 20, Epochs: 50, LR: 0.01, Batch: 16, Seed: 1}, synthetic(128))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	err = e.Run(ctx, func(p Progress) {
		if p.Epoch == 3 && p.Run == 1 {
			cancel()
		}
	})
	if err != context.Canceled {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	for _, r := range e.Runs {
		if len(r.Loss) != 4 {
			t.Errorf("%s: %d losses kept, want 4", r.Label(), len(r.Loss))
		}
	}
}

// TestWatchAtInitialisation: at the start an SNN layer of width 400 with
// N(0, 1/400) weights has τⱼ ≈ 1 ± √(2/400) and ωⱼ ~ N(0, 1) (so only
// about 8% of units have |ω| ≤ 0.1), and g's fixed point at the median is
// near (0, 1).
func TestWatchAtInitialisation(t *testing.T) {
	x, y := randomBatch(300, 400, 10, 3)
	e, err := NewExperiment(Setup{Depths: []int{3}, Kinds: []Kind{SNN}, Width: 400, Epochs: 0, LR: 1, Batch: 100, Watch: 1}, &Dataset{X: x, Y: y})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Run(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	for _, w := range e.Watched {
		if math.Abs(w.Tau[2]-1) > 0.03 || math.Abs(w.Omega[2]) > 0.2 {
			t.Errorf("layer %d: median ω %g, τ %g", w.Layer, w.Omega[2], w.Tau[2])
		}
		// P(|N(0,1)| ≤ 0.1) = 0.0797; 400 units: standard error 0.014.
		if math.Abs(w.InExt-0.0797) > 0.05 {
			t.Errorf("layer %d: fraction in the extended domain %g", w.Layer, w.InExt)
		}
		if math.Abs(w.FixedMu) > 0.1 || math.Abs(w.FixedNu-1) > 0.1 {
			t.Errorf("layer %d: fixed point (%g, %g)", w.Layer, w.FixedMu, w.FixedNu)
		}
		if math.Abs(w.Mu) > 0.15 || math.Abs(w.Nu-1) > 0.15 {
			t.Errorf("layer %d: activations (%g, %g), want near (0, 1)", w.Layer, w.Mu, w.Nu)
		}
	}
}
