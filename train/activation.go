package train

import (
	"math"
	"math/rand/v2"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// SELU is λ01·x for x ≥ 0 and λ01·α01·(eˣ − 1) for x < 0 (paper eq. 2), as
// the official utils.selu computes it: scale·where(x ≥ 0, x, α·elu(x)).
func SELU(x float64) float64 {
	if x >= 0 {
		return mapping.Lambda01 * x
	}
	return mapping.Lambda01 * mapping.Alpha01 * math.Expm1(x)
}

// SELUDeriv is SELU's derivative: λ01 for x ≥ 0 (the branch TensorFlow's
// where takes at 0) and λ01·α01·eˣ for x < 0.
func SELUDeriv(x float64) float64 {
	if x >= 0 {
		return mapping.Lambda01
	}
	return mapping.Lambda01 * mapping.Alpha01 * math.Exp(x)
}

// ReLU is max(x, 0); its derivative is taken as 0 at 0 (TensorFlow's).
func ReLU(x float64) float64 { return math.Max(x, 0) }

// AlphaPrime is α′ = −λ01·α01, SELU's limit at −∞, the value alpha dropout
// sets dropped units to (paper section "New Dropout Technique"; the default
// alpha of the official dropout_selu, −1.7580993408473766).
const AlphaPrime = -mapping.Lambda01 * mapping.Alpha01

// DropoutParams returns alpha dropout's affine correction a, b for the
// dropout rate (keep probability q = 1 − rate), the value alpha given to
// dropped units and the fixed point (mean, variance) to preserve, as the
// official dropout_selu computes them:
//
//	a = √(var / (q((1 − q)(alpha − mean)² + var)))
//	b = mean − a(q·mean + (1 − q)·alpha)
func DropoutParams(rate, alpha, mean, variance float64) (a, b float64) {
	q := 1 - rate
	a = math.Sqrt(variance / (q * ((1-q)*(alpha-mean)*(alpha-mean) + variance)))
	b = mean - a*(q*mean+(1-q)*alpha)
	return a, b
}

// DropoutSELU is the official dropout_selu in training mode with its
// defaults (alpha = α′, fixed point (0, 1)): each x[i] is kept with
// probability 1 − rate, else set to α′, and the result is a·x + b. It
// writes the factor ∂out/∂x (a or 0) to mask when mask is not nil, for the
// backward pass. A rate of 0 leaves x as it is (the official returns x when
// keep_prob is 1). It panics unless 0 ≤ rate < 1.
//
// The keep decision is floor(q + u) with u uniform in [0, 1), as in the
// official code: a unit is kept when u ≥ rate.
func DropoutSELU(x []float64, rate float64, rng *rand.Rand, mask []float64) {
	if !(rate >= 0 && rate < 1) {
		panic("train: dropout rate outside [0, 1)")
	}
	if rate == 0 {
		for i := range mask {
			mask[i] = 1
		}
		return
	}
	a, b := DropoutParams(rate, AlphaPrime, 0, 1)
	q := 1 - rate
	for i, v := range x {
		keep := math.Floor(q+rng.Float64()) == 1
		if keep {
			x[i] = a*v + b
		} else {
			x[i] = a*AlphaPrime + b
		}
		if mask != nil {
			if keep {
				mask[i] = a
			} else {
				mask[i] = 0
			}
		}
	}
}
