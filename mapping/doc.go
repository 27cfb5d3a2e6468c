// Package mapping computes the mapping g : (μ, ν) ↦ (μ̃, ν̃) of self-normalizing
// networks (Klambauer et al. 2017, eqs. 3–5): with net input z ~ N(μω, ντ),
//
//	μ̃ = E[f(z)],  ξ̃ = E[f(z)²],  ν̃ = Var f(z) = ξ̃ − μ̃²,
//
// for an activation f (SELU, ELU, ReLU, tanh) and weight statistics ω = Σwᵢ,
// τ = Σwᵢ².
//
// Two independent evaluators are provided. Quadrature integrates the
// definitions with package quadrature and computes ν̃ from exact increments,
// so it stays accurate where ν̃ ≪ μ̃². ClosedForm evaluates the paper's closed
// forms (eqs. 11–13) for SELU, ELU and ReLU, written with Erfcx so that they
// are finite for every input; it is the fast path of grid scans, and it
// reports a rounding-error bound, which is large where ξ̃ − μ̃² cancels. Auto,
// the default, takes the closed form where that bound is below 1e-14 and the
// quadrature elsewhere.
package mapping
