// Package verify checks claims about the mapping g of self-normalizing
// networks over boxes in (μ, ω, ν, τ): the paper's Theorems 1–3 as a
// catalogue, and any user box.
//
// A check is a Claim: a Quantity (the largest spectral norm of ℋ or 𝒥, the
// extremes of μ̃ and ν̃, or of ν̃ − ν) over a Box, with the limit the paper
// states. It is decided one of two ways, and the result says which:
//
//   - Scan evaluates the quantity on a regular Grid (the paper's Lemma 12
//     spacings among them) and reports the extreme and where it is. A grid
//     scan says nothing about the points between the grid points; it is
//     never a proof.
//   - Certify bounds the quantity over the whole continuous box with interval
//     arithmetic and automatic differentiation on an adaptive bisection, and
//     returns a Certificate (the partition and each leaf's bound) that
//     Certificate.Check re-verifies.
package verify
