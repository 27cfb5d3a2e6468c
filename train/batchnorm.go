package train

import (
	"math"

	"gonum.org/v1/gonum/blas/blas64"
)

// BatchNorm normalises each unit (column) of a batch (rows) to mean 0 and
// variance 1 over the batch, then scales and shifts it: y = γ·x̂ + β with
// x̂ = (x − mean)/√(var + ε) (Ioffe and Szegedy 2015). In inference it uses
// the running statistics instead of the batch's. The defaults are those of
// tf.layers.batch_normalization, which the official run.py calls: momentum
// 0.99, ε = 1e-3, variance without Bessel's correction.
type BatchNorm struct {
	Gamma, Beta      []float64
	RunMean, RunVar  []float64
	Momentum, Eps    float64
	DGamma, DBeta    []float64 // gradients of the last Backward
	xhat             []float64 // x̂ of the last training Forward, rows × units
	invStd           []float64 // 1/√(var + ε) per unit of the last training Forward
	rows             int
	sum, sumSq, tmpV []float64
}

// NewBatchNorm returns a BatchNorm for units columns with γ = 1, β = 0,
// running mean 0 and running variance 1.
func NewBatchNorm(units int) *BatchNorm {
	bn := &BatchNorm{Momentum: 0.99, Eps: 1e-3}
	bn.Gamma = fill(make([]float64, units), 1)
	bn.Beta = make([]float64, units)
	bn.RunMean = make([]float64, units)
	bn.RunVar = fill(make([]float64, units), 1)
	bn.DGamma = make([]float64, units)
	bn.DBeta = make([]float64, units)
	bn.invStd = make([]float64, units)
	bn.sum = make([]float64, units)
	bn.sumSq = make([]float64, units)
	bn.tmpV = make([]float64, units)
	return bn
}

func fill(s []float64, v float64) []float64 {
	for i := range s {
		s[i] = v
	}
	return s
}

// Forward writes the normalised x to y (same shape; y may be x). With
// training it uses the batch's mean and variance, keeps x̂ for Backward and,
// if update, moves the running statistics toward the batch's:
// run ← momentum·run + (1 − momentum)·batch. Without training it uses the
// running statistics.
func (bn *BatchNorm) Forward(x, y blas64.General, training, update bool) {
	n, u := x.Rows, x.Cols
	if u != len(bn.Gamma) || y.Rows != n || y.Cols != u {
		panic("train: BatchNorm shape mismatch")
	}
	if !training {
		for j := range u {
			bn.tmpV[j] = 1 / math.Sqrt(bn.RunVar[j]+bn.Eps)
		}
		for i := range n {
			xr, yr := x.Data[i*x.Stride:i*x.Stride+u], y.Data[i*y.Stride:i*y.Stride+u]
			for j, v := range xr {
				yr[j] = bn.Gamma[j]*(v-bn.RunMean[j])*bn.tmpV[j] + bn.Beta[j]
			}
		}
		return
	}
	// Two passes in row order: the mean, then the variance about it.
	mean, vsum := bn.sum, bn.sumSq
	clear(mean)
	clear(vsum)
	for i := range n {
		for j, v := range x.Data[i*x.Stride : i*x.Stride+u] {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	for i := range n {
		for j, v := range x.Data[i*x.Stride : i*x.Stride+u] {
			d := v - mean[j]
			vsum[j] += d * d
		}
	}
	for j := range u {
		variance := vsum[j] / float64(n)
		bn.invStd[j] = 1 / math.Sqrt(variance+bn.Eps)
		if update {
			bn.RunMean[j] = bn.Momentum*bn.RunMean[j] + (1-bn.Momentum)*mean[j]
			bn.RunVar[j] = bn.Momentum*bn.RunVar[j] + (1-bn.Momentum)*variance
		}
	}
	if cap(bn.xhat) < n*u {
		bn.xhat = make([]float64, n*u)
	}
	bn.xhat = bn.xhat[:n*u]
	bn.rows = n
	for i := range n {
		xr, yr := x.Data[i*x.Stride:i*x.Stride+u], y.Data[i*y.Stride:i*y.Stride+u]
		hr := bn.xhat[i*u : (i+1)*u]
		for j, v := range xr {
			h := (v - mean[j]) * bn.invStd[j]
			hr[j] = h
			yr[j] = bn.Gamma[j]*h + bn.Beta[j]
		}
	}
}

// Backward takes ∂L/∂y of the last training Forward and writes ∂L/∂x to dx
// (dx may be dy), and ∂L/∂γ, ∂L/∂β to DGamma, DBeta:
//
//	∂L/∂x = γ/(n·σ) · (n·dy − Σ dy − x̂·Σ dy·x̂)
//
// with σ = √(var + ε) and the sums over the batch.
func (bn *BatchNorm) Backward(dy, dx blas64.General) {
	n, u := dy.Rows, dy.Cols
	if n != bn.rows || u != len(bn.Gamma) {
		panic("train: BatchNorm.Backward without a matching training Forward")
	}
	sdy, sdyx := bn.DBeta, bn.DGamma
	clear(sdy)
	clear(sdyx)
	for i := range n {
		hr := bn.xhat[i*u : (i+1)*u]
		for j, g := range dy.Data[i*dy.Stride : i*dy.Stride+u] {
			sdy[j] += g
			sdyx[j] += g * hr[j]
		}
	}
	fn := float64(n)
	for j := range u {
		bn.tmpV[j] = bn.Gamma[j] * bn.invStd[j] / fn
	}
	for i := range n {
		hr := bn.xhat[i*u : (i+1)*u]
		dyr, dxr := dy.Data[i*dy.Stride:i*dy.Stride+u], dx.Data[i*dx.Stride:i*dx.Stride+u]
		for j, g := range dyr {
			dxr[j] = bn.tmpV[j] * (fn*g - sdy[j] - hr[j]*sdyx[j])
		}
	}
}
