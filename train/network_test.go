package train

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/diff/fd"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// randomBatch returns rows × cols standard normal inputs and labels.
func randomBatch(rows, cols, classes int, seed uint64) (blas64.General, []uint8) {
	rng := rand.New(rand.NewPCG(seed, 99))
	x := newGeneral(rows, cols)
	for i := range x.Data {
		x.Data[i] = rng.NormFloat64()
	}
	y := make([]uint8, rows)
	for i := range y {
		y[i] = uint8(rng.IntN(classes))
	}
	return x, y
}

// params lists every trainable parameter slice of n with a name.
func params(n *Network) (names []string, ps [][]float64, grads [][]float64) {
	for l := range n.W {
		names = append(names, "W"+string(rune('0'+l)), "b"+string(rune('0'+l)))
		ps = append(ps, n.W[l].Data, n.B[l])
		grads = append(grads, n.DW[l].Data, n.DB[l])
	}
	for l, bn := range n.BN {
		names = append(names, "gamma"+string(rune('0'+l)), "beta"+string(rune('0'+l)))
		ps = append(ps, bn.Gamma, bn.Beta)
		grads = append(grads, bn.DGamma, bn.DBeta)
	}
	return names, ps, grads
}

// TestGradientsFiniteDifferences holds Backward's gradients against central
// differences of the summed loss (gonum's diff/fd), for both kinds, with
// nonzero biases and BatchNorm parameters so that every term is exercised.
func TestGradientsFiniteDifferences(t *testing.T) {
	for _, kind := range []Kind{SNN, BatchNormReLU} {
		n, err := New(Config{Kind: kind, Depth: 3, Width: 5, Inputs: 4, Classes: 3, Seed: 7})
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(3, 3))
		_, ps, _ := params(n)
		for _, p := range ps {
			for i := range p {
				p[i] += 0.3 * rng.NormFloat64()
			}
		}
		x, y := randomBatch(6, 4, 3, 11)
		n.Forward(x, Training)
		n.Backward(y)
		names, ps, grads := params(n)
		for k, p := range ps {
			want := make([]float64, len(p))
			f := func(v []float64) float64 {
				old := slices.Clone(p)
				copy(p, v)
				l := n.Loss(x, y, Training)
				copy(p, old)
				return l
			}
			// Step 1e-6 (central differences, error O(h²)·f''' plus
			// O(ε/h) rounding, about 1e-9 here).
			fd.Gradient(want, f, slices.Clone(p), &fd.Settings{Formula: fd.Central, Step: 1e-6})
			for i := range p {
				if d := math.Abs(grads[k][i] - want[i]); d > 1e-6*math.Max(1, math.Abs(want[i])) {
					t.Errorf("%v %s[%d]: backward %.10g, finite differences %.10g", kind, names[k], i, grads[k][i], want[i])
				}
			}
		}
	}
}

// TestGradientsWithDropout repeats the check with alpha dropout, the mask
// held fixed by reseeding the dropout stream before every pass.
func TestGradientsWithDropout(t *testing.T) {
	n, err := New(Config{Kind: SNN, Depth: 2, Width: 6, Inputs: 3, Classes: 4, Dropout: 0.2, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	reseed := func() { n.dropRNG = rand.New(rand.NewPCG(1, 2)) }
	x, y := randomBatch(5, 3, 4, 2)
	reseed()
	n.Forward(x, Training)
	n.Backward(y)
	names, ps, grads := params(n)
	for k, p := range ps {
		want := make([]float64, len(p))
		fd.Gradient(want, func(v []float64) float64 {
			old := slices.Clone(p)
			copy(p, v)
			reseed()
			l := n.Loss(x, y, Training)
			copy(p, old)
			return l
		}, slices.Clone(p), &fd.Settings{Formula: fd.Central, Step: 1e-6})
		for i := range p {
			if d := math.Abs(grads[k][i] - want[i]); d > 1e-6*math.Max(1, math.Abs(want[i])) {
				t.Errorf("%s[%d]: backward %.10g, finite differences %.10g", names[k], i, grads[k][i], want[i])
			}
		}
	}
}

// TestTinyNetworkByHand: one input x = 1, one hidden SELU unit with weight
// w0 = 0.5, two outputs with weights (1, −1), biases 0, label 0. By hand:
// z = 0.5, a = λ/2, logits (λ/2, −λ/2), loss = log(1 + e^(−λ)); with
// p1 = 1/(1 + e^λ): ∂L/∂logits = (−p1, p1), ∂L/∂W1 = a·(−p1, p1),
// ∂L/∂a = −p1 − p1 = −2p1, ∂L/∂w0 = x·λ·(−2p1) = −2λp1, ∂L/∂b0 = −2λp1.
// One SGD step with lr 0.1 moves w0 to 0.5 + 0.2λp1.
func TestTinyNetworkByHand(t *testing.T) {
	n, err := New(Config{Kind: SNN, Depth: 1, Width: 1, Inputs: 1, Classes: 2})
	if err != nil {
		t.Fatal(err)
	}
	n.W[0].Data[0] = 0.5
	copy(n.W[1].Data, []float64{1, -1})
	x := blas64.General{Rows: 1, Cols: 1, Stride: 1, Data: []float64{1}}
	y := []uint8{0}
	lam := mapping.Lambda01
	p1 := 1 / (1 + math.Exp(lam))
	n.Forward(x, Training)
	loss := n.Backward(y)
	check := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-15*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %.17g, by hand %.17g", name, got, want)
		}
	}
	check("loss", loss, math.Log1p(math.Exp(-lam)))
	check("dW1[0]", n.DW[1].Data[0], lam/2*-p1)
	check("dW1[1]", n.DW[1].Data[1], lam/2*p1)
	check("db1[0]", n.DB[1][0], -p1)
	check("dW0", n.DW[0].Data[0], -2*lam*p1)
	check("db0", n.DB[0][0], -2*lam*p1)
	n.Step(x, y, 0.1)
	check("w0 after a step", n.W[0].Data[0], 0.5+0.2*lam*p1)
}

// TestDeterministic: the same seed gives the same bytes after a few steps,
// with one core and with two (gonum's Dgemm goes parallel at this size).
func TestDeterministic(t *testing.T) {
	train := func(procs int) []float64 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		n, err := New(Config{Kind: BatchNormReLU, Depth: 2, Width: 300, Inputs: 300, Classes: 10, Seed: 9})
		if err != nil {
			t.Fatal(err)
		}
		x, y := randomBatch(128, 300, 10, 4)
		for range 3 {
			n.Step(x, y, 1e-3)
		}
		return slices.Concat(n.W[0].Data, n.W[1].Data, n.W[2].Data, n.BN[1].Gamma, n.BN[1].RunVar)
	}
	a, b, c := train(1), train(2), train(2)
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) || math.Float64bits(b[i]) != math.Float64bits(c[i]) {
			t.Fatalf("parameter %d differs: %v (1 core), %v and %v (2 cores)", i, a[i], b[i], c[i])
		}
	}
}

// TestInitialStatistics: the weights have the official variances
// (1/fan_in for SNN, 2/fan_in for BatchNorm, Glorot uniform's
// 2/(fan_in + fan_out) at the output) to within sampling error.
func TestInitialStatistics(t *testing.T) {
	for _, c := range []struct {
		kind  Kind
		scale float64
	}{{SNN, 1}, {BatchNormReLU, 2}} {
		n, err := New(Config{Kind: c.kind, Depth: 2, Width: 400, Inputs: 784, Classes: 10, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for l, w := range n.W {
			want := c.scale / float64(w.Rows)
			if l == len(n.W)-1 {
				want = 2 / float64(w.Rows+w.Cols)
			}
			v := 0.0
			for _, x := range w.Data {
				v += x * x
			}
			v /= float64(len(w.Data))
			// 4000+ samples: the relative standard error of a variance
			// estimate is √(2/N) (1.8 for uniform's lighter tails) < 2.3%.
			if math.Abs(v/want-1) > 0.07 {
				t.Errorf("%v layer %d: variance %g, want %g", c.kind, l, v, want)
			}
		}
	}
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []Config{
		{Kind: SNN, Depth: 0, Width: 4, Inputs: 4, Classes: 2},
		{Kind: SNN, Depth: 1, Width: 0, Inputs: 4, Classes: 2},
		{Kind: SNN, Depth: 1, Width: 4, Inputs: 4, Classes: 1},
		{Kind: SNN, Depth: 1, Width: 4, Inputs: 4, Classes: 2, Dropout: 1},
		{Kind: SNN, Depth: 1, Width: 4, Inputs: 4, Classes: 2, Dropout: math.NaN()},
		{Kind: BatchNormReLU, Depth: 1, Width: 4, Inputs: 4, Classes: 2, Dropout: 0.1},
		{Kind: Kind(7), Depth: 1, Width: 4, Inputs: 4, Classes: 2},
	} {
		if _, err := New(c); err == nil {
			t.Errorf("%+v: no error", c)
		}
	}
}
