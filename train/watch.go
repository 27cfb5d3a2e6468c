package train

import (
	"math"
	"slices"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// Theorem 1's domain of the weight statistics (paper, Theorem 1): ω in
// [−0.1, 0.1], τ in [0.95, 1.1]; its contraction part is proved on the
// extended τ in [0.8, 1.25] (paper, Lemma 12 and around).
const (
	OmegaMax           = 0.1
	TauLo, TauHi       = 0.95, 1.1
	TauLoExt, TauHiExt = 0.8, 1.25
)

// Quantiles are the levels at which LayerWatch summarises the units'
// weight statistics.
var Quantiles = [5]float64{0.05, 0.25, 0.5, 0.75, 0.95}

// LayerWatch is what the theory looks at in one hidden layer of one
// network at one epoch.
type LayerWatch struct {
	Epoch int
	Kind  Kind
	Depth int
	// Layer is the hidden layer, 1 to Depth.
	Layer int
	// Mu and Nu are the mean and variance of the layer's activations (its
	// outputs) over the fixed batch, pooled over units and examples.
	Mu, Nu float64
	// Omega and Tau are the Quantiles of the units' weight statistics
	// ωⱼ = Σᵢ wᵢⱼ and τⱼ = Σᵢ wᵢⱼ² (the weights into unit j).
	Omega, Tau [5]float64
	// In is the fraction of units with ω and τ in Theorem 1's domain;
	// InExt with τ in the extended range; InTau and InTauExt the fractions
	// with τ alone in the two ranges.
	In, InExt, InTau, InTauExt float64
	// FixedMu and FixedNu are the stable fixed point of g (SELU with α01,
	// λ01) at the layer's median ω and τ (SNN layers only; NaN when none
	// was found or for BatchNorm layers).
	FixedMu, FixedNu float64
	// Chi1 is the layer's backward factor in the mean-field picture with
	// measured ingredients: the mean of τⱼ times the mean of f′(z)² over
	// the batch (SNN layers only, NaN otherwise).
	Chi1 float64
}

// watch records the statistics of every hidden layer of r on the fixed
// batch.
func (e *Experiment) watch(r *Run) []LayerWatch {
	n := r.Net
	n.Forward(e.watchX, Training)
	out := make([]LayerWatch, n.Depth)
	omega := make([]float64, n.Width)
	tau := make([]float64, n.Width)
	for l := range n.Depth {
		w := &out[l]
		*w = LayerWatch{Epoch: e.Epoch, Kind: r.Kind, Depth: r.Depth, Layer: l + 1, FixedMu: math.NaN(), FixedNu: math.NaN(), Chi1: math.NaN()}
		a, z := n.Hidden(l)
		w.Mu, w.Nu = meanVar(a.Data)
		W := n.W[l]
		clear(omega)
		clear(tau)
		for i := range W.Rows {
			for j, v := range W.Data[i*W.Stride : i*W.Stride+W.Cols] {
				omega[j] += v
				tau[j] += v * v
			}
		}
		var in, inExt, inTau, inTauExt int
		for j := range omega {
			okO := math.Abs(omega[j]) <= OmegaMax
			okT := tau[j] >= TauLo && tau[j] <= TauHi
			okTE := tau[j] >= TauLoExt && tau[j] <= TauHiExt
			if okT {
				inTau++
			}
			if okTE {
				inTauExt++
			}
			if okO && okT {
				in++
			}
			if okO && okTE {
				inExt++
			}
		}
		u := float64(len(omega))
		w.In, w.InExt, w.InTau, w.InTauExt = float64(in)/u, float64(inExt)/u, float64(inTau)/u, float64(inTauExt)/u
		meanTau := 0.0
		for _, t := range tau {
			meanTau += t
		}
		meanTau /= u
		w.Omega = quantiles(omega)
		w.Tau = quantiles(tau)
		if r.Kind == SNN {
			if fp, err := fixedpoint.Find(mapping.StandardSELU, w.Omega[2], w.Tau[2], nil); err == nil && fp.Stable {
				w.FixedMu, w.FixedNu = fp.Mu, fp.Nu
			}
			s := 0.0
			for _, v := range z.Data {
				d := SELUDeriv(v)
				s += d * d
			}
			w.Chi1 = meanTau * s / float64(len(z.Data))
		}
	}
	return out
}

// meanVar returns the mean and the population variance of v.
func meanVar(v []float64) (float64, float64) {
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	s := 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return m, s / float64(len(v))
}

// quantiles returns v's Quantiles (linear interpolation between order
// statistics, numpy's default); v is sorted in place.
func quantiles(v []float64) [5]float64 {
	slices.Sort(v)
	var q [5]float64
	for k, p := range Quantiles {
		h := p * float64(len(v)-1)
		i := int(h)
		if i+1 < len(v) {
			q[k] = v[i] + (h-float64(i))*(v[i+1]-v[i])
		} else {
			q[k] = v[i]
		}
	}
	return q
}
