// Package fixedpoint finds and characterises the fixed points of the mapping
// g : (μ, ν) ↦ (μ̃, ν̃) of self-normalizing networks: Newton's method with
// safeguards (Find), stability from the Jacobian ℋ of g, orbits of g (Orbit),
// and the basin of attraction: how many steps of g bring each start of a
// grid to the fixed point (Basin, Classify).
//
// Stability is reported two ways because they differ: the spectral radius of
// ℋ below 1 means the fixed point attracts (locally, for iterated g); the
// spectral norm below 1 means g contracts in the Euclidean norm near it (the
// hypothesis of Banach's theorem in the paper's Theorem 1). At τ = 0.5625
// (PyTorch's SELU gain 3/4) the first holds and the second does not.
package fixedpoint
