package train

import (
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// Throughput of training (forward, backward and SGD update of one batch of
// 128) at the paper's largest network: depth 32, width 784, MNIST's 784
// inputs and 10 classes. Run with
//
//	go test ./train -run '^$' -bench Throughput -benchtime 3x
//
// BenchmarkThroughputBareGemm is the reference: the same three matrix
// products per layer (forward z = x·W, ∂W = xᵀ·∂z, ∂x = ∂z·Wᵀ) through
// gonum's blas64 and nothing else, the floor of what any implementation on
// gonum's Dgemm can reach.
func benchStep(b *testing.B, kind Kind) {
	n, err := New(Config{Kind: kind, Depth: 32, Width: 784, Inputs: 784, Classes: 10, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	x, y := randomBatch(128, 784, 10, 1)
	for b.Loop() {
		n.Step(x, y, 1e-5)
	}
	b.ReportMetric(128*float64(b.N)/b.Elapsed().Seconds(), "images/s")
}

func BenchmarkThroughputSNN(b *testing.B)       { benchStep(b, SNN) }
func BenchmarkThroughputBatchNorm(b *testing.B) { benchStep(b, BatchNormReLU) }

func BenchmarkThroughputBareGemm(b *testing.B) {
	const depth, width, rows = 32, 784, 128
	x, _ := randomBatch(rows, width, 10, 1)
	w, _ := randomBatch(width, width, 10, 2)
	dw := newGeneral(width, width)
	zs := make([]blas64.General, depth)
	for i := range zs {
		zs[i] = newGeneral(rows, width)
	}
	dz, da := newGeneral(rows, width), newGeneral(rows, width)
	for b.Loop() {
		in := x
		for l := range depth {
			blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, in, w, 0, zs[l])
			in = zs[l]
		}
		for l := depth - 1; l >= 0; l-- {
			blas64.Gemm(blas.Trans, blas.NoTrans, 1, x, dz, 0, dw)
			if l > 0 {
				blas64.Gemm(blas.NoTrans, blas.Trans, 1, dz, w, 0, da)
			}
		}
	}
	b.ReportMetric(128*float64(b.N)/b.Elapsed().Seconds(), "images/s")
}
