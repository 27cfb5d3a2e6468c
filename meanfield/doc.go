// Package meanfield computes what the mean-field theory of deep networks
// asks of a layer beyond the mapping g : (μ, ν) ↦ (μ̃, ν̃) of package
// mapping: the backward factor of the gradient, the correlation map of two
// inputs, their fixed points, slopes and depth scales, and the order/chaos
// phase (Poole et al. 2016, "Exponential expressivity in deep neural networks
// through transient chaos"; Schoenholz et al. 2017, "Deep information
// propagation"), in the picture of Klambauer et al. (2017): the net input of
// a unit is z ~ N(μω, ντ) for inputs with mean μ and variance ν and weights
// with ω = Σwᵢ, τ = Σwᵢ².
//
// Backward: χ₁ = τ·E[f′(z)²] is the per-layer factor of the gradient's
// second moment under the gradient-independence assumption (the weights of
// the backward pass independent of the forward pass, layers as wide as they
// are deep, outgoing weight statistics equal to the incoming ones). With
// ω ≠ 0 the backpropagated signal acquires a mean, multiplied by ω·E[f′(z)]
// per layer (see Backward).
//
// Correlations: two inputs whose activations have mean μ, variance ν and
// correlation c give net inputs (z₁, z₂), both N(μω, ντ), with correlation
// c. The centred correlation map is c̃(c) = Cov(f(z₁), f(z₂))/ν̃ and the
// uncentred one E[f(z₁)f(z₂)]/E[f(z)²]; they coincide where μ̃ = 0.
//
// Bivariate expectations are computed by conditioning on z₁: given
// z₁ = μω + s·t (s = √(ντ)), z₂ ~ N(μω + s·c·t, s²(1 − c²)), whose inner
// expectation E[f(a + bT)] has a closed form for SELU, ELU and ReLU (the
// erfcx-based form of the paper's eq. 11) and is integrated by package
// quadrature otherwise. The outer variable t is integrated with
// Gauss–Legendre panels split at the activation's kinks and at the point
// where the inner mean crosses a kink, graded geometrically towards both, so
// that the rule converges exponentially on every piece (never a
// tensor-product Gauss–Hermite rule across the kink). The covariance is
// accumulated from exact increments f(μω + h) − f(μω) about the mean, so it
// keeps its relative accuracy when ν̃ ≪ μ̃².
package meanfield
