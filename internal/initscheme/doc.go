// Package initscheme gives the weight statistics of common initialisation
// schemes of deep-learning frameworks, for one unit of a dense layer: the
// weight variance σ², the distribution of ω = Σwᵢ and τ = Σwᵢ² over the n =
// fan_in weights of the unit, and a sampler that draws a weight matrix.
//
// The formulas are those of the frameworks' documentation, cited at each
// scheme; the moments of ω and τ are exact (not simulated).
package initscheme
