package train

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/diff/fd"
)

// TestBatchNormForward: in training, each column comes out with mean β and
// variance γ²·var/(var + ε) (the normalisation's definition); the running
// statistics move by (1 − momentum) toward the batch's; in inference the
// running statistics are used.
func TestBatchNormForward(t *testing.T) {
	x, _ := randomBatch(50, 3, 2, 1)
	for i := range x.Rows {
		x.Data[i*3+1] = 5 + 3*x.Data[i*3+1] // a column far from (0, 1)
	}
	bn := NewBatchNorm(3)
	copy(bn.Gamma, []float64{1, 2, 0.5})
	copy(bn.Beta, []float64{0, -1, 3})
	y := newGeneral(50, 3)
	bn.Forward(x, y, true, true)
	for j := range 3 {
		mx, vx := colMeanVar(x, j)
		my, vy := colMeanVar(y, j)
		if math.Abs(my-bn.Beta[j]) > 1e-13 {
			t.Errorf("column %d: mean %g, want β = %g", j, my, bn.Beta[j])
		}
		if want := bn.Gamma[j] * bn.Gamma[j] * vx / (vx + 1e-3); math.Abs(vy-want) > 1e-12*want {
			t.Errorf("column %d: variance %g, want %g", j, vy, want)
		}
		if math.Abs(bn.RunMean[j]-0.01*mx) > 1e-15 || math.Abs(bn.RunVar[j]-(0.99+0.01*vx)) > 1e-14 {
			t.Errorf("column %d: running (%g, %g), want (%g, %g)", j, bn.RunMean[j], bn.RunVar[j], 0.01*mx, 0.99+0.01*vx)
		}
	}
	// Inference: y = γ(x − m)/√(v + ε) + β with the running m, v.
	bn.Forward(x, y, false, false)
	for i := range 3 {
		for j := range 3 {
			want := bn.Gamma[j]*(x.Data[i*3+j]-bn.RunMean[j])/math.Sqrt(bn.RunVar[j]+1e-3) + bn.Beta[j]
			if math.Abs(y.Data[i*3+j]-want) > 1e-14*math.Max(1, math.Abs(want)) {
				t.Errorf("inference (%d, %d): %g, want %g", i, j, y.Data[i*3+j], want)
			}
		}
	}
}

func colMeanVar(m blas64.General, j int) (mean, variance float64) {
	for i := range m.Rows {
		mean += m.Data[i*m.Stride+j]
	}
	mean /= float64(m.Rows)
	for i := range m.Rows {
		d := m.Data[i*m.Stride+j] - mean
		variance += d * d
	}
	return mean, variance / float64(m.Rows)
}

// TestBatchNormBackward holds Backward against central differences of
// L = Σ cᵢⱼ·yᵢⱼ with random weights c, in x, γ and β.
func TestBatchNormBackward(t *testing.T) {
	x, _ := randomBatch(7, 4, 2, 3)
	c, _ := randomBatch(7, 4, 2, 4)
	bn := NewBatchNorm(4)
	rng := rand.New(rand.NewPCG(8, 8))
	for j := range 4 {
		bn.Gamma[j] = 1 + 0.5*rng.NormFloat64()
		bn.Beta[j] = rng.NormFloat64()
	}
	y := newGeneral(7, 4)
	loss := func() float64 {
		bn.Forward(x, y, true, false)
		s := 0.0
		for i, v := range y.Data {
			s += c.Data[i] * v
		}
		return s
	}
	loss()
	dx := newGeneral(7, 4)
	bn.Backward(c, dx)
	gotG, gotB := slices.Clone(bn.DGamma), slices.Clone(bn.DBeta)
	for _, p := range []struct {
		name string
		v    []float64
		got  []float64
	}{{"x", x.Data, dx.Data}, {"gamma", bn.Gamma, gotG}, {"beta", bn.Beta, gotB}} {
		want := make([]float64, len(p.v))
		fd.Gradient(want, func(v []float64) float64 {
			old := slices.Clone(p.v)
			copy(p.v, v)
			l := loss()
			copy(p.v, old)
			return l
		}, slices.Clone(p.v), &fd.Settings{Formula: fd.Central, Step: 1e-6})
		for i := range want {
			if math.Abs(p.got[i]-want[i]) > 1e-7*math.Max(1, math.Abs(want[i])) {
				t.Errorf("%s[%d]: backward %.10g, finite differences %.10g", p.name, i, p.got[i], want[i])
			}
		}
	}
}
