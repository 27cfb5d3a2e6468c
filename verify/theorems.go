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
}

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

// CheckNames lists the named checks of Theorems in the order of "all".
var CheckNames = []string{"theorem1", "theorem1-extended", "mapping", "theorem2", "theorem3-a", "theorem3-b", "theorem3-appendix-a", "theorem3-appendix-b"}

// NamedClaims returns the claims of a named check for SELU with α01, λ01;
// of selects ℋ or 𝒥 for the spectral norm. It returns nil for an unknown
// name.
func NamedClaims(name string, of jacobian.Of) []Claim {
	f := mapping.StandardSELU
	nan := math.NaN()
	norm := func(box Box, paper float64, src string) Claim {
		return Claim{Name: name, Problem: Problem{Quantity: MaxSpectralNorm, Box: box, F: f, Of: of}, Limit: 1, Paper: paper, PaperSource: src}
	}
	q := func(quantity Quantity, box Box, limit, paper float64, src string) Claim {
		return Claim{Name: name, Problem: Problem{Quantity: quantity, Box: box, F: f, Of: of}, Limit: limit, Paper: paper, PaperSource: src}
	}
	switch name {
	case "theorem1":
		paper, src := nan, ""
		if of == jacobian.Variance {
			paper, src = 0.8976083584089181, "Mathematica notebook, max of H's norm"
		}
		return []Claim{norm(Theorem1Box, paper, src)}
	case "theorem1-extended":
		paper, src := nan, ""
		if of == jacobian.SecondMoment {
			paper, src = 0.9912524171058772, "paper Lemma 12 grid maximum (a norm of J)"
		}
		return []Claim{norm(Theorem1ExtendedBox, paper, src)}
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
	}
	return nil
}

// UserKinds lists the kinds of checks on user boxes.
var UserKinds = []string{"contraction", "mapping", "variance-decreases", "variance-increases"}

// UserClaims returns the claims of a user check on box b with SELU f:
// contraction (max spectral norm < 1), mapping (g(b) inside b's μ and ν
// ranges), variance-decreases (ν̃ − ν < 0) or variance-increases (ν̃ − ν > 0).
func UserClaims(kind string, b Box, f mapping.SELU, of jacobian.Of) []Claim {
	mk := func(quantity Quantity, limit float64) Claim {
		return Claim{Name: kind, Problem: Problem{Quantity: quantity, Box: b, F: f, Of: of}, Limit: limit, Paper: math.NaN()}
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
	}
	return nil
}
