package verify

import (
	"math"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// Claim is one quantity over one box with what the paper claims about it.
type Claim struct {
	// Name of the check this claim belongs to (e.g. "theorem1").
	Name string
	Problem
	// Limit is the claimed bound: the maximum is below Limit (Quantity.IsMax)
	// or the minimum above it.
	Limit float64
	// Paper is the value the paper or the authors' notebook reports for this
	// extreme (NaN if none), and PaperSource says where.
	Paper       float64
	PaperSource string
	// PaperBound is the bound the paper's proof derives for this extreme
	// (NaN if none), and PaperBoundSource says how: what a certified bound
	// compares with.
	PaperBound       float64
	PaperBoundSource string
	// Part is the claim's role in a whole theorem (Conclude): PartContraction
	// and PartSelfMap are the hypotheses of Banach's fixed point theorem,
	// PartReference a quantity of the paper's proof shown beside them for
	// comparison and not needed by the conclusion; "" for a claim that is
	// not part of a theorem.
	Part string
}

// The parts of a whole theorem (Claim.Part).
const (
	PartContraction = "contraction"
	PartSelfMap     = "self-map"
	PartReference   = "reference"
	// PartRange: a minimum or maximum of a quantity on the check's box; the
	// check's range parts together enclose the quantity there.
	PartRange = "range"
	// PartFixedPoint: an extreme of a quantity on a box meant to hold the
	// fixed point of g for the box's ω and τ (both single values); the
	// conclusion proves that it does (CertifyFixedPoint) and then bounds the
	// quantity at the fixed point.
	PartFixedPoint = "fixed-point"
)

// Holds reports whether a value (the grid's extreme or a certified bound)
// satisfies the claim.
func (c Claim) Holds(v float64) bool {
	if c.Quantity.IsMax() {
		return v < c.Limit
	}
	return v > c.Limit
}

// The paper's domains (paper-facts.md §5–6).
var (
	// Theorem1Box is Theorem 1's Ω.
	Theorem1Box = Box{Mu: [2]float64{-0.1, 0.1}, Omega: [2]float64{-0.1, 0.1}, Nu: [2]float64{0.8, 1.5}, Tau: [2]float64{0.95, 1.1}}
	// Theorem1ExtendedBox is the domain of the proof's contraction step
	// (Lemma 12): τ ∈ [0.8, 1.25].
	Theorem1ExtendedBox = Box{Mu: [2]float64{-0.1, 0.1}, Omega: [2]float64{-0.1, 0.1}, Nu: [2]float64{0.8, 1.5}, Tau: [2]float64{0.8, 1.25}}
	// Theorem2Box is Ω⁺ of Theorem 2.
	Theorem2Box = Box{Mu: [2]float64{-1, 1}, Omega: [2]float64{-0.1, 0.1}, Nu: [2]float64{3, 16}, Tau: [2]float64{0.8, 1.25}}
)

func theorem3Box(nuLo, nuHi, tauLo float64) Box {
	return Box{Mu: [2]float64{-0.1, 0.1}, Omega: [2]float64{-0.1, 0.1}, Nu: [2]float64{nuLo, nuHi}, Tau: [2]float64{tauLo, 1.25}}
}

// CheckNames lists the named checks in the order of "all": the paper's
// theorems, then the backward factor χ₁ (package meanfield).
var CheckNames = []string{"theorem1", "theorem1-extended", "mapping", "theorem2", "theorem3-a", "theorem3-b", "theorem3-appendix-a", "theorem3-appendix-b",
	"chi1-fixed-point", "chi1-theorem1"}

// FixedPointBox is the box of chi1-fixed-point: (ω, τ) = (0, 1), the
// paper's weights, and (μ, ν) within 1e-12 of (0, 1), where the fixed
// point of g for the float64 α01, λ01 lies (CertifyFixedPoint proves it
// within about 1e-13; the conclusion checks that its box is inside this
// one).
var FixedPointBox = Box{Mu: [2]float64{-1e-12, 1e-12}, Omega: [2]float64{0, 0}, Nu: [2]float64{1 - 1e-12, 1 + 1e-12}, Tau: [2]float64{1, 1}}

// The limits of the χ₁ checks.
const (
	// chi1IssueHi: issue 14 states χ₁ = 1.07157… at the paper's fixed
	// point; chi1-fixed-point certifies those digits (χ₁ < 1.07158) beside
	// the claim χ₁ > 1.
	chi1IssueHi = 1.07158
	// The range of χ₁ and E[f′] on Theorem 1's Ω that docs/gradients.md
	// states: the certified bounds rounded outward to five significant
	// digits (χ₁ ∈ [0.9526686359…, 1.208970432…], E[f′] ∈
	// [0.9226383102…, 1.019763575…], verify chi1-theorem1 --certify);
	// chi1-theorem1 certifies that statement.
	chi1Omega0, chi1Omega1             = 0.95266, 1.2090
	meanFPrimeOmega0, meanFPrimeOmega1 = 0.92263, 1.0198
)

// The paper's contraction bound for 𝒥 on the extended domain: Lemma 12's
// grid maximum plus the Lipschitz term of Lemmas 10–11 (the paper rounds the
// sum to 0.99999, which it exceeds: docs/errata.md).
const (
	paperGridMaxJ = 0.9912524171058772
	// paperBoundJ is 0.9912524171058772 + 0.008747, the decimal sum (the
	// float64 sum rounds to …773).
	paperBoundJ = 0.9999994171058772
)

// NamedClaims returns the claims of a named check for SELU with α01, λ01,
// or nil for an unknown name. Spectral-norm claims carry their Jacobian
// (Problem.Of: ℋ or 𝒥).
//
// theorem1 and theorem1-extended are whole theorems (Conclude): Theorem 1
// on its domain, and the same statement on the extended domain of the
// paper's proof (τ ∈ [0.8, 1.25]). Each has the contraction part, max ‖ℋ‖₂
// < 1; the self-map part, g(Ω) ⊆ Ω: μ̃ ∈ [−0.1, 0.1] and ν̃ ∈ [0.8, 1.5];
// and, for comparison with the paper, the norm its proof bounds, ‖𝒥‖₂ on
// the extended domain (Lemma 12: the grid maximum
// 0.9912524171058772 is a norm of 𝒥).
func NamedClaims(name string) []Claim {
	f := mapping.StandardSELU
	nan := math.NaN()
	mk := func(part string, quantity Quantity, of jacobian.Of, box Box, limit, paper float64, src string) Claim {
		return Claim{Name: name, Problem: Problem{Quantity: quantity, Box: box, F: f, Of: of}, Limit: limit,
			Paper: paper, PaperSource: src, PaperBound: nan, Part: part}
	}
	q := func(quantity Quantity, box Box, limit, paper float64, src string) Claim {
		return mk("", quantity, jacobian.Variance, box, limit, paper, src)
	}
	// refJ is the norm of 𝒥 on the extended domain, with the paper's grid
	// maximum and its proof's bound.
	refJ := func() Claim {
		c := mk(PartReference, MaxSpectralNorm, jacobian.SecondMoment, Theorem1ExtendedBox, 1, paperGridMaxJ, "paper Lemma 12 grid maximum (a norm of J)")
		c.PaperBound, c.PaperBoundSource = paperBoundJ, "paper Lemma 12 grid maximum + Lemmas 10-11 Lipschitz term 0.008747"
		return c
	}
	// selfMap: g maps the box's (μ, ν) part, Ω's [−0.1, 0.1] × [0.8, 1.5],
	// into itself.
	selfMap := func(box Box, notebook bool) []Claim {
		p := [4]float64{nan, nan, nan, nan}
		src := ""
		if notebook {
			p = [4]float64{-0.031060501792217855, 0.06772510168266901, 0.8037117576791131, 1.4815749574896258}
			src = "Mathematica notebook (Minimize/Maximize)"
		}
		return []Claim{
			mk(PartSelfMap, MinMuTilde, jacobian.Variance, box, box.Mu[0], p[0], src),
			mk(PartSelfMap, MaxMuTilde, jacobian.Variance, box, box.Mu[1], p[1], src),
			mk(PartSelfMap, MinNuTilde, jacobian.Variance, box, box.Nu[0], p[2], src),
			mk(PartSelfMap, MaxNuTilde, jacobian.Variance, box, box.Nu[1], p[3], src),
		}
	}
	switch name {
	case "theorem1":
		c := []Claim{mk(PartContraction, MaxSpectralNorm, jacobian.Variance, Theorem1Box, 1, 0.8976083584089181, "Mathematica notebook, max of H's norm")}
		c = append(c, selfMap(Theorem1Box, true)...)
		return append(c, refJ())
	case "theorem1-extended":
		c := []Claim{mk(PartContraction, MaxSpectralNorm, jacobian.Variance, Theorem1ExtendedBox, 1, nan, "")}
		c = append(c, selfMap(Theorem1ExtendedBox, false)...)
		return append(c, refJ())
	case "mapping":
		// Lemma 13's printed bounds; the notebook's exact extremes.
		const src = "Mathematica notebook (Minimize/Maximize)"
		return []Claim{
			q(MinMuTilde, Theorem1Box, -0.03106, -0.031060501792217855, src),
			q(MaxMuTilde, Theorem1Box, 0.06773, 0.06772510168266901, src),
			q(MinNuTilde, Theorem1Box, 0.80009, 0.8037117576791131, src),
			q(MaxNuTilde, Theorem1Box, 1.48617, 1.4815749574896258, src),
		}
	case "theorem2":
		return []Claim{q(MaxNuTildeMinusNu, Theorem2Box, 0, -0.11974428995599151, "Mathematica notebook")}
	case "theorem3-a":
		return []Claim{q(MinNuTildeMinusNu, theorem3Box(0.02, 0.16, 0.8), 0, 0.007736183824689817, "Mathematica notebook")}
	case "theorem3-b":
		return []Claim{q(MinNuTildeMinusNu, theorem3Box(0.02, 0.24, 0.9), 0, 0.011029274204420056, "Mathematica notebook")}
	case "theorem3-appendix-a":
		return []Claim{q(MinNuTildeMinusNu, theorem3Box(0.05, 0.16, 0.8), 0, nan, "")}
	case "theorem3-appendix-b":
		return []Claim{q(MinNuTildeMinusNu, theorem3Box(0.05, 0.24, 0.9), 0, nan, "")}
	case "chi1-fixed-point":
		// χ₁ > 1 at the paper's fixed point (the chaotic phase), and the
		// digits issue 14 gives.
		return []Claim{
			mk(PartFixedPoint, MinChi1, jacobian.Variance, FixedPointBox, 1, nan, ""),
			mk(PartFixedPoint, MaxChi1, jacobian.Variance, FixedPointBox, chi1IssueHi, nan, ""),
		}
	case "chi1-theorem1":
		return []Claim{
			mk(PartRange, MinChi1, jacobian.Variance, Theorem1Box, chi1Omega0, nan, ""),
			mk(PartRange, MaxChi1, jacobian.Variance, Theorem1Box, chi1Omega1, nan, ""),
			mk(PartRange, MinMeanFPrime, jacobian.Variance, Theorem1Box, meanFPrimeOmega0, nan, ""),
			mk(PartRange, MaxMeanFPrime, jacobian.Variance, Theorem1Box, meanFPrimeOmega1, nan, ""),
		}
	}
	return nil
}

// UserKinds lists the kinds of checks on user boxes.
var UserKinds = []string{"contraction", "mapping", "variance-decreases", "variance-increases", "gradient-grows", "gradient-shrinks"}

// UserClaims returns the claims of a user check on box b with SELU f:
// contraction (max spectral norm < 1), mapping (g(b) inside b's μ and ν
// ranges), variance-decreases (ν̃ − ν < 0), variance-increases (ν̃ − ν > 0),
// gradient-grows (χ₁ > 1) or gradient-shrinks (χ₁ < 1).
func UserClaims(kind string, b Box, f mapping.SELU, of jacobian.Of) []Claim {
	mk := func(quantity Quantity, limit float64) Claim {
		return Claim{Name: kind, Problem: Problem{Quantity: quantity, Box: b, F: f, Of: of}, Limit: limit, Paper: math.NaN(), PaperBound: math.NaN()}
	}
	switch kind {
	case "contraction":
		return []Claim{mk(MaxSpectralNorm, 1)}
	case "mapping":
		return []Claim{mk(MinMuTilde, b.Mu[0]), mk(MaxMuTilde, b.Mu[1]), mk(MinNuTilde, b.Nu[0]), mk(MaxNuTilde, b.Nu[1])}
	case "variance-decreases":
		return []Claim{mk(MaxNuTildeMinusNu, 0)}
	case "variance-increases":
		return []Claim{mk(MinNuTildeMinusNu, 0)}
	case "gradient-grows":
		return []Claim{mk(MinChi1, 1)}
	case "gradient-shrinks":
		return []Claim{mk(MaxChi1, 1)}
	}
	return nil
}
