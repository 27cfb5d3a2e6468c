package train

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/blas/blas64"
)

// Setup is one run of the Figure 1 experiment: a network of each kind and
// depth, trained on the same data with the same hyperparameters.
type Setup struct {
	// Depths are the numbers of hidden layers (the paper: 8, 16, 32).
	Depths []int
	// Kinds are the architectures (default: BatchNormReLU and SNN).
	Kinds []Kind
	// Width is the units per hidden layer (the paper: 784).
	Width int
	// Epochs is the number of passes of SGD over the training set.
	Epochs int
	// LR is SGD's learning rate on the summed batch loss (the paper: 1e-5).
	LR float64
	// Batch is the batch size (the paper: 128); a last partial batch is
	// dropped, in training and in the loss, as the official code does.
	Batch int
	// Seed seeds the weights and the order of the batches.
	Seed uint64
	// Watch, if positive, records the statistics of the theory (Watch)
	// every Watch epochs and after the last; WatchRows is the size of the
	// fixed batch they are measured on (default min(512, training set)).
	Watch, WatchRows int
}

// Run is one network of the experiment and its learning curve.
type Run struct {
	Kind  Kind
	Depth int
	Net   *Network
	// Loss[e] is the mean cross-entropy over the training set (its full
	// batches, in a fixed order, BatchNorm in training mode, as the
	// official run.py measures it) before epoch e; Loss[Epochs] is after
	// the last epoch.
	Loss []float64
	// Diverged is the epoch whose loss was not finite (−1: none). The run
	// stops there.
	Diverged int
	order    []int
	rng      *rand.Rand
}

// Label returns the legend of the run, e.g. "SNN Depth 16".
func (r *Run) Label() string { return fmt.Sprintf("%v Depth %d", r.Kind, r.Depth) }

// Experiment runs a Setup on a training set.
type Experiment struct {
	Setup
	Data *Dataset
	Runs []*Run
	// Watched are the recorded statistics, in order of epoch, run, layer.
	Watched []LayerWatch
	// Epoch is the number of epochs completed.
	Epoch int

	bx     blas64.General
	by     []uint8
	watchX blas64.General
	watchY []uint8
}

// NewExperiment builds the networks of s for the training set data.
func NewExperiment(s Setup, data *Dataset) (*Experiment, error) {
	if len(s.Kinds) == 0 {
		s.Kinds = []Kind{BatchNormReLU, SNN}
	}
	switch {
	case len(s.Depths) == 0:
		return nil, errors.New("train: no depths")
	case s.Epochs < 0:
		return nil, fmt.Errorf("train: %d epochs", s.Epochs)
	case !(s.LR > 0) || math.IsInf(s.LR, 0):
		return nil, fmt.Errorf("train: learning rate %g: need a finite number > 0", s.LR)
	case s.Batch < 1 || s.Batch > data.Len():
		return nil, fmt.Errorf("train: batch %d for %d training examples: need 1 to %d", s.Batch, data.Len(), data.Len())
	case s.Watch < 0:
		return nil, fmt.Errorf("train: watch every %d epochs", s.Watch)
	}
	if s.WatchRows <= 0 {
		s.WatchRows = 512
	}
	s.WatchRows = min(s.WatchRows, data.Len())
	e := &Experiment{Setup: s, Data: data}
	for i, k := range s.Kinds {
		for j, d := range s.Depths {
			seed := s.Seed*1_000_003 + uint64(i)*1000 + uint64(j)
			n, err := New(Config{Kind: k, Depth: d, Width: s.Width, Inputs: data.X.Cols, Classes: 10, Seed: seed})
			if err != nil {
				return nil, err
			}
			r := &Run{Kind: k, Depth: d, Net: n, Diverged: -1, rng: rand.New(rand.NewPCG(seed, 0x5e1f_0004))}
			r.order = make([]int, data.Len())
			for i := range r.order {
				r.order[i] = i
			}
			e.Runs = append(e.Runs, r)
		}
	}
	e.bx = newGeneral(s.Batch, data.X.Cols)
	e.by = make([]uint8, s.Batch)
	w := data.Head(s.WatchRows)
	e.watchX, e.watchY = w.X, w.Y
	return e, nil
}

// batch copies the examples idx into the batch buffers.
func (e *Experiment) batch(idx []int) (blas64.General, []uint8) {
	c := e.Data.X.Cols
	for i, k := range idx {
		copy(e.bx.Data[i*c:(i+1)*c], e.Data.X.Data[k*e.Data.X.Stride:k*e.Data.X.Stride+c])
		e.by[i] = e.Data.Y[k]
	}
	return e.bx, e.by
}

// evaluate returns the mean training loss of r (full batches, in order).
func (e *Experiment) evaluate(ctx context.Context, r *Run) (float64, error) {
	nb := e.Data.Len() / e.Batch
	total := 0.0
	for b := range nb {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		X := e.Data.X
		x := blas64.General{Rows: e.Batch, Cols: X.Cols, Stride: X.Stride, Data: X.Data[b*e.Batch*X.Stride : (b+1)*e.Batch*X.Stride]}
		total += r.Net.Loss(x, e.Data.Y[b*e.Batch:(b+1)*e.Batch], Training)
	}
	return total / float64(nb*e.Batch), nil
}

// trainEpoch runs one epoch of SGD on r in a shuffled order.
func (e *Experiment) trainEpoch(ctx context.Context, r *Run) error {
	r.rng.Shuffle(len(r.order), func(i, j int) { r.order[i], r.order[j] = r.order[j], r.order[i] })
	for b := 0; b+e.Batch <= len(r.order); b += e.Batch {
		if err := ctx.Err(); err != nil {
			return err
		}
		x, y := e.batch(r.order[b : b+e.Batch])
		r.Net.Step(x, y, e.LR)
	}
	return nil
}

// Progress is reported after each network's share of an epoch.
type Progress struct {
	// Epoch is the epoch under way (0-based) and Run the network just done.
	Epoch, Run int
	// Done is the fraction of the whole experiment done.
	Done    float64
	Elapsed time.Duration
}

// Run runs the remaining epochs: for each epoch, each network's loss (and
// the watched statistics when due), then its epoch of training; after the
// last epoch, the final losses. It stops when ctx is done and returns
// ctx's error, keeping every loss measured so far; progress, if not nil,
// is called after each network's epoch.
func (e *Experiment) Run(ctx context.Context, progress func(Progress)) error {
	start := time.Now()
	total := float64((e.Epochs + 1) * len(e.Runs))
	for ; e.Epoch <= e.Epochs; e.Epoch++ {
		for i, r := range e.Runs {
			if r.Diverged >= 0 {
				continue
			}
			if len(r.Loss) == e.Epoch {
				loss, err := e.evaluate(ctx, r)
				if err != nil {
					return err
				}
				r.Loss = append(r.Loss, loss)
				if math.IsNaN(loss) || math.IsInf(loss, 0) {
					r.Diverged = e.Epoch
					continue
				}
				if e.Watch > 0 && (e.Epoch%e.Watch == 0 || e.Epoch == e.Epochs) {
					e.Watched = append(e.Watched, e.watch(r)...)
				}
			}
			if e.Epoch < e.Epochs {
				if err := e.trainEpoch(ctx, r); err != nil {
					return err
				}
			}
			if progress != nil {
				progress(Progress{Epoch: e.Epoch, Run: i, Done: (float64(e.Epoch*len(e.Runs)) + float64(i+1)) / total, Elapsed: time.Since(start)})
			}
		}
	}
	e.Epoch = e.Epochs
	return nil
}
