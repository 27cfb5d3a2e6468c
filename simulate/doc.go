// Package simulate runs random dense SELU networks at initialisation and
// sets each layer's measurements beside the mean-field theory iterated with
// that layer's realised weight statistics (ω, τ): the activations' mean and
// variance beside the mapping g; the second moment of a backpropagated
// random gradient beside the backward factor χ₁ = τ·E[f′(z)²] iterated
// (package meanfield); the correlation of two inputs' activations beside
// the centred correlation map c̃ iterated.
//
// It tests the paper's mean-field picture on finite networks: g assumes one
// (ω, τ) for every unit and independent units; a finite layer has per-unit
// statistics scattered around their expectations, and its units share
// inputs. What is left between measurement and theory is that finite-width
// error, not the draw of the weights. For the gradient it also contains
// what gradient independence leaves out: the backward pass goes through the
// transposes of the forward weights, on which the stored f′(z) depend.
package simulate
