package train

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// Kind is the architecture of a network of Figure 1.
type Kind int

const (
	// SNN is a self-normalizing network: each hidden layer is dense, then
	// SELU with α01, λ01; weights N(0, 1/fan_in), biases 0.
	SNN Kind = iota
	// BatchNormReLU is the baseline: each hidden layer is dense, then ReLU,
	// then BatchNorm (after the activation, as the official run.py puts it);
	// weights N(0, 2/fan_in), biases 0.
	BatchNormReLU
)

// String returns the legend's name: "SNN" or "BatchNorm".
func (k Kind) String() string {
	if k == SNN {
		return "SNN"
	}
	return "BatchNorm"
}

// Config describes a network.
type Config struct {
	Kind Kind
	// Depth is the number of hidden layers (Figure 1: 8, 16, 32).
	Depth int
	// Width is the number of units per hidden layer (Figure 1: 784, the
	// input size).
	Width int
	// Inputs and Classes are the sizes of the input and the softmax output
	// (MNIST: 784 and 10).
	Inputs, Classes int
	// Dropout is the alpha-dropout rate after every hidden layer of an SNN
	// (DropoutSELU; 0: none, as in Figure 1). It must be 0 for
	// BatchNormReLU.
	Dropout float64
	// Seed seeds the weights and the dropout.
	Seed uint64
}

// MaxUnits bounds Width, Inputs and Classes, and MaxDepth the hidden
// layers: a network of the largest size holds some 4 GB of weights and
// gradients.
const (
	MaxUnits = 8192
	MaxDepth = 256
)

func (c Config) validate() error {
	switch {
	case c.Kind != SNN && c.Kind != BatchNormReLU:
		return fmt.Errorf("train: unknown network kind %d", c.Kind)
	case c.Depth < 1 || c.Depth > MaxDepth:
		return fmt.Errorf("train: depth %d: need 1 to %d hidden layers", c.Depth, MaxDepth)
	case c.Width < 1 || c.Width > MaxUnits || c.Inputs < 1 || c.Inputs > MaxUnits || c.Classes < 2 || c.Classes > MaxUnits:
		return fmt.Errorf("train: width %d, inputs %d, classes %d: need 1 to %d units (2 classes at least)", c.Width, c.Inputs, c.Classes, MaxUnits)
	case !(c.Dropout >= 0 && c.Dropout < 1):
		return fmt.Errorf("train: dropout rate %g: need [0, 1)", c.Dropout)
	case c.Dropout > 0 && c.Kind != SNN:
		return errors.New("train: alpha dropout is for SNNs only")
	}
	return nil
}

// Network is a dense feed-forward network of Figure 1 with a softmax output.
// Layer l (0 ≤ l < Depth) maps the previous layer's activations with W[l]
// (fan_in × fan_out, row-major: activations are rows) and B[l]; W[Depth]
// and B[Depth] give the logits.
type Network struct {
	Config
	W  []blas64.General
	B  [][]float64
	BN []*BatchNorm // one per hidden layer for BatchNormReLU, nil for SNN
	// DW and DB are the gradients of the summed loss of the last Backward.
	DW []blas64.General
	DB [][]float64

	dropRNG *rand.Rand
	ws      workspace
}

// workspace holds one batch's intermediate values.
type workspace struct {
	rows     int
	x        blas64.General   // the input of the last Forward
	z        []blas64.General // pre-activations; z[Depth] the logits
	h        []blas64.General // ReLU outputs before BatchNorm
	a        []blas64.General // hidden layers' outputs
	mask     []blas64.General // dropout's ∂out/∂in
	dA, dZ   blas64.General
	dLogits  blas64.General
	training bool
}

func newGeneral(r, c int) blas64.General {
	return blas64.General{Rows: r, Cols: c, Stride: c, Data: make([]float64, r*c)}
}

// New returns a network with its initial weights drawn from cfg.Seed: the
// hidden layers' N(0, s/fan_in) (s = 1 for SNN, 2 for BatchNormReLU, the
// official run.py's init_scale), the output layer's Glorot uniform
// U(−l, l), l = √(6/(fan_in + fan_out)) (TensorFlow's default for
// tf.layers.dense, which run.py leaves in place for the output), biases 0,
// BatchNorm's γ = 1, β = 0.
func New(cfg Config) (*Network, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	n := &Network{Config: cfg}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5e1f_0001))
	n.dropRNG = rand.New(rand.NewPCG(cfg.Seed, 0x5e1f_0002))
	scale := 1.0
	if cfg.Kind == BatchNormReLU {
		scale = 2
	}
	for l := 0; l <= cfg.Depth; l++ {
		in, out := cfg.Width, cfg.Width
		if l == 0 {
			in = cfg.Inputs
		}
		if l == cfg.Depth {
			out = cfg.Classes
		}
		w := newGeneral(in, out)
		if l < cfg.Depth {
			s := math.Sqrt(scale / float64(in))
			for i := range w.Data {
				w.Data[i] = s * rng.NormFloat64()
			}
		} else {
			lim := math.Sqrt(6 / float64(in+out))
			for i := range w.Data {
				w.Data[i] = lim * (2*rng.Float64() - 1)
			}
		}
		n.W = append(n.W, w)
		n.B = append(n.B, make([]float64, out))
		n.DW = append(n.DW, newGeneral(in, out))
		n.DB = append(n.DB, make([]float64, out))
		if cfg.Kind == BatchNormReLU && l < cfg.Depth {
			n.BN = append(n.BN, NewBatchNorm(out))
		}
	}
	return n, nil
}

// resize makes the workspace fit a batch of rows.
func (n *Network) resize(rows int) {
	if n.ws.rows == rows {
		return
	}
	ws := workspace{rows: rows}
	for l := 0; l <= n.Depth; l++ {
		out := n.Width
		if l == n.Depth {
			out = n.Classes
		}
		ws.z = append(ws.z, newGeneral(rows, out))
		if l < n.Depth {
			ws.a = append(ws.a, newGeneral(rows, out))
			if n.Kind == BatchNormReLU {
				ws.h = append(ws.h, newGeneral(rows, out))
			}
			if n.Dropout > 0 {
				ws.mask = append(ws.mask, newGeneral(rows, out))
			}
		}
	}
	ws.dA = newGeneral(rows, n.Width)
	ws.dZ = newGeneral(rows, n.Width)
	ws.dLogits = newGeneral(rows, n.Classes)
	n.ws = ws
}

// Mode is how Forward treats BatchNorm and dropout.
type Mode int

const (
	// Training uses the batch's statistics in BatchNorm and applies
	// dropout, as during a training step (the official run.py measures the
	// training loss this way, with is_training = True); the running
	// statistics are left as they are.
	Training Mode = iota
	// Inference uses BatchNorm's running statistics and no dropout.
	Inference
	// trainingStep is Training that also updates the running statistics.
	trainingStep
)

// Forward computes the logits of the batch x (rows × Inputs) and returns
// them (a view into the network's workspace, valid until the next call).
func (n *Network) Forward(x blas64.General, mode Mode) blas64.General {
	if x.Cols != n.Inputs || x.Rows < 1 {
		panic(fmt.Sprintf("train: input of %d × %d for a network of %d inputs", x.Rows, x.Cols, n.Inputs))
	}
	n.resize(x.Rows)
	ws := &n.ws
	ws.x = x
	ws.training = mode != Inference
	in := x
	for l := 0; l <= n.Depth; l++ {
		z := ws.z[l]
		blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, in, n.W[l], 0, z)
		addRow(z, n.B[l])
		if l == n.Depth {
			break
		}
		a := ws.a[l]
		switch n.Kind {
		case SNN:
			for i, v := range z.Data {
				a.Data[i] = SELU(v)
			}
			if n.Dropout > 0 && mode != Inference {
				DropoutSELU(a.Data, n.Dropout, n.dropRNG, ws.mask[l].Data)
			}
		case BatchNormReLU:
			h := ws.h[l]
			for i, v := range z.Data {
				h.Data[i] = ReLU(v)
			}
			n.BN[l].Forward(h, a, mode != Inference, mode == trainingStep)
		}
		in = a
	}
	return ws.z[n.Depth]
}

// addRow adds the row vector b to every row of m.
func addRow(m blas64.General, b []float64) {
	for i := range m.Rows {
		r := m.Data[i*m.Stride : i*m.Stride+m.Cols]
		for j := range r {
			r[j] += b[j]
		}
	}
}

// Hidden returns the output of hidden layer l (0-based) of the last
// Forward (a view, valid until the next call) and its pre-activation.
func (n *Network) Hidden(l int) (a, z blas64.General) { return n.ws.a[l], n.ws.z[l] }

// CrossEntropy returns the summed softmax cross-entropy of the logits
// against the labels, Σᵢ (log Σ_k exp zᵢₖ − zᵢ,yᵢ), and, if grad is not
// nil, writes its gradient softmax(zᵢ) − onehot(yᵢ) to grad. A label
// outside [0, classes) panics.
func CrossEntropy(logits blas64.General, labels []uint8, grad *blas64.General) float64 {
	if len(labels) != logits.Rows {
		panic("train: labels and logits differ in rows")
	}
	total := 0.0
	for i := range logits.Rows {
		r := logits.Data[i*logits.Stride : i*logits.Stride+logits.Cols]
		y := int(labels[i])
		if y >= len(r) {
			panic("train: label outside the classes")
		}
		m := r[0]
		for _, v := range r[1:] {
			m = math.Max(m, v)
		}
		s := 0.0
		for _, v := range r {
			s += math.Exp(v - m)
		}
		lse := m + math.Log(s)
		total += lse - r[y]
		if grad != nil {
			g := grad.Data[i*grad.Stride : i*grad.Stride+grad.Cols]
			for k, v := range r {
				g[k] = math.Exp(v - lse)
			}
			g[y] -= 1
		}
	}
	return total
}

// Loss returns the summed cross-entropy of the batch in the mode.
func (n *Network) Loss(x blas64.General, labels []uint8, mode Mode) float64 {
	return CrossEntropy(n.Forward(x, mode), labels, nil)
}

// Backward computes the gradients DW, DB (and BatchNorm's DGamma, DBeta)
// of the summed cross-entropy of the batch of the last Forward, which
// must have been in Training mode, and returns the loss.
func (n *Network) Backward(labels []uint8) float64 {
	ws := &n.ws
	if !ws.training {
		panic("train: Backward after an Inference Forward")
	}
	loss := CrossEntropy(ws.z[n.Depth], labels, &ws.dLogits)
	dz := ws.dLogits
	for l := n.Depth; l >= 0; l-- {
		in := ws.x
		if l > 0 {
			in = ws.a[l-1]
		}
		// ∂L/∂W = inᵀ·dz, ∂L/∂b = Σ rows of dz.
		blas64.Gemm(blas.Trans, blas.NoTrans, 1, in, dz, 0, n.DW[l])
		colSum(dz, n.DB[l])
		if l == 0 {
			break
		}
		// ∂L/∂a of layer l−1 = dz·Wᵀ, then back through its activation.
		blas64.Gemm(blas.NoTrans, blas.Trans, 1, dz, n.W[l], 0, ws.dA)
		k := l - 1
		z := ws.z[k]
		switch n.Kind {
		case SNN:
			if n.Dropout > 0 {
				for i, m := range ws.mask[k].Data {
					ws.dA.Data[i] *= m
				}
			}
			if n.Dropout > 0 {
				for i, v := range z.Data {
					ws.dZ.Data[i] = ws.dA.Data[i] * SELUDeriv(v)
				}
				break
			}
			// Without dropout a = SELU(z), and SELU′(z) = a + λα for
			// z < 0: no second exp.
			a := ws.a[k].Data
			for i, v := range z.Data {
				d := mapping.Lambda01
				if v < 0 {
					d = a[i] + mapping.Lambda01*mapping.Alpha01
				}
				ws.dZ.Data[i] = ws.dA.Data[i] * d
			}
		case BatchNormReLU:
			n.BN[k].Backward(ws.dA, ws.dZ)
			for i, v := range z.Data {
				if !(v > 0) {
					ws.dZ.Data[i] = 0
				}
			}
		}
		dz = ws.dZ
	}
	return loss
}

// colSum writes the sums of m's columns (over rows, in order) to s.
func colSum(m blas64.General, s []float64) {
	clear(s)
	for i := range m.Rows {
		for j, v := range m.Data[i*m.Stride : i*m.Stride+m.Cols] {
			s[j] += v
		}
	}
}

// Step trains on one batch: Forward in training mode (BatchNorm's running
// statistics move toward the batch's), Backward, and the SGD update
// w ← w − lr·∂L/∂w of every weight, bias and BatchNorm γ, β, where L is
// the summed cross-entropy of the batch (see the package comment). It
// returns L.
func (n *Network) Step(x blas64.General, labels []uint8, lr float64) float64 {
	n.Forward(x, trainingStep)
	loss := n.Backward(labels)
	for l := range n.W {
		axpy(-lr, n.DW[l].Data, n.W[l].Data)
		axpy(-lr, n.DB[l], n.B[l])
	}
	for _, bn := range n.BN {
		axpy(-lr, bn.DGamma, bn.Gamma)
		axpy(-lr, bn.DBeta, bn.Beta)
	}
	return loss
}

// axpy is y ← y + a·x.
func axpy(a float64, x, y []float64) {
	blas64.Axpy(a, blas64.Vector{N: len(x), Inc: 1, Data: x}, blas64.Vector{N: len(y), Inc: 1, Data: y})
}
