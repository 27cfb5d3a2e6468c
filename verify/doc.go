// Package verify checks claims about the mapping g of self-normalizing
// networks over boxes in (μ, ω, ν, τ): the paper's Theorems 1–3 as a
// catalogue, and any user box.
//
// A check is a Claim: a Quantity (the largest spectral norm of ℋ or 𝒥, the
// extremes of μ̃ and ν̃, or of ν̃ − ν, or of the backward factor
// χ₁ = τ·E[f′(z)²] and of E[f′(z)]) over a Box, for SELU with given α, λ,
// with the limit the paper (or the check) states. It is decided one of two ways, and every
// result says which:
//
//   - a grid scan (Problem.Scan) evaluates the quantity on a regular Grid —
//     the paper's Lemma 12 spacings among them — and reports the extreme and
//     where it is. It says nothing about the points between the grid
//     points; it is never a proof.
//   - a certified bound (Problem.Certify) bounds the quantity over the whole
//     continuous box with interval arithmetic and automatic differentiation
//     on an adaptive bisection, and returns a Certificate (the partition and
//     each leaf's bound) that Certificate.Check re-verifies, and
//     CheckIndependent re-verifies again with an evaluator of its own. What
//     a bound rests on is the constant Assumes (IndependentAssumes once the
//     independent checker accepts it).
//
// Contents:
//
//	Box, Quantity, Problem        a quantity over a box; Problem.Value at a
//	                              point; Problem.Validate, BoxError
//	Claim, NamedClaims,           the catalogue: theorem1, theorem1-extended
//	CheckNames, Theorem1Box, …    (whole theorems: contraction of ℋ, self-map,
//	                              the norm of 𝒥 the paper's proof bounds),
//	                              mapping (Lemma 13), theorem2, theorem3-a/b
//	                              and the appendix variants; chi1-fixed-point
//	                              (χ₁ > 1 at the paper's fixed point) and
//	                              chi1-theorem1 (χ₁ and E[f′] on Ω)
//	Report.Conclude, Conclusion   what a whole theorem's parts license
//	                              together (Banach's fixed point theorem), or
//	                              a check's ranges (at the fixed point, which
//	                              the Krawczyk test locates)
//	UserClaims, UserKinds         contraction, mapping, variance-decreases,
//	                              variance-increases, gradient-grows,
//	                              gradient-shrinks on any box
//	FormatEnclosure, …Decimal     enclosures in decimal, rounded outward
//	Grid, PaperSpacing, Scan      grid scans on all cores, in shards; the
//	                              largest spectral norm skips the (ν, τ)
//	                              pairs bounded below a value found
//	                              elsewhere (prune.go), with the result of
//	                              evaluating every point
//	Certify, Certificate, Check   certified bounds and their re-check
//	Claim.Run, Result, Report     one claim decided either way, as verify's
//	                              output (JSON, Report.WriteText)
//	Merge, PartError              the shards of one scan put together, or
//	                              refused when they are not one run
//	CertificateFile, BindClaim    certificates as files, bound to the claim
//	                              their name says
//	CertifyFixedPoint             a box proved to hold exactly one fixed point
//	                              of g (interval Krawczyk test), with
//	                              certified bounds on ℋ's spectral radius
//	                              and norm there (FixedPointAssumes)
//	CertifyAlphaLambda            enclosures of the exact α, λ for a target
//	                              fixed point in big.Float interval
//	                              arithmetic (internal/bigiv), with the
//	                              published values to compare (DigitsAgree)
//	CheckIndependent,             the independent checker: every leaf again
//	CertificateFile.Review        in math/big interval arithmetic
//	                              (internal/bigiv), sharing no numerical code
//	                              with the float64 path
package verify
