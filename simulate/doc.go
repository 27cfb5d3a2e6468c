// Package simulate runs random dense SELU networks at initialisation and
// sets each layer's measured mean and variance beside the mapping g iterated
// with that layer's realised weight statistics (ω, τ).
//
// It tests the paper's mean-field picture on finite networks: g assumes one
// (ω, τ) for every unit and independent units; a finite layer has per-unit
// statistics scattered around their expectations, and its units share
// inputs. What is left between measurement and theory is that finite-width
// error, not the draw of the weights.
package simulate
