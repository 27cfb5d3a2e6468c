// Package jacobian computes the Jacobians of the mapping g of
// self-normalizing networks (paper A3.4.1) and what decides whether g
// contracts: singular values, eigenvalues, spectral norm and radius of 2×2
// matrices.
//
// Two Jacobians appear in the paper:
//
//	ℋ = ∂(μ̃, ν̃)/∂(μ, ν)   (mean, variance): the Jacobian of g itself,
//	𝒥 = ∂(μ̃, ξ̃)/∂(μ, ν)   (mean, second moment),
//
// related by ℋ11 = 𝒥11, ℋ12 = 𝒥12, ℋ21 = 𝒥21 − 2μ̃𝒥11, ℋ22 = 𝒥22 − 2μ̃𝒥12. The
// paper's computer-assisted bound 0.99125 is a norm of 𝒥 (paper-facts.md §5);
// Banach's theorem needs ℋ. Every function here says which one it returns.
//
// The entries come from exact derivative formulas: SELU's closed form
// (mapping.SELU.ClosedFormDerivatives) where its rounding-error bound is
// small, and otherwise differentiation under the integral through the
// quadrature (mapping.QuadratureDerivatives), which forms ℋ's second row
// without the cancellation of 𝒥21 − 2μ̃𝒥11. Finite differences are used only
// in tests.
//
// NormGrid fills a grid of (μ, ν) with the spectral norm of ℋ or 𝒥: the map
// of where g contracts (drawn by package figure's NormMap).
package jacobian
