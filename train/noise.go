package train

import "math"

// The issue's criterion for Figure 1 is an "epoch-to-epoch variance of the
// loss", lower for the SNNs than for the BatchNorm networks. The loss is
// drawn on a log axis, so the measures below work on y[e] = log10 L[e], and
// they skip L[0], the loss of the untrained network: the first epoch's drop
// from the initialisation is a transient of every network, not noise.

// NoiseVariance is the declared noise measure of a learning curve: the
// variance of log10 L from epoch to epoch about its local trend, estimated
// from second differences (Gasser, Sroka & Jennen-Steinmetz 1986,
// Biometrika 73:625, the pseudo-residuals of equally spaced points),
//
//	σ̂² = Σ_{e=2}^{E−1} (y[e+1] − 2y[e] + y[e−1])² / (6·(E−2)),  y[e] = log10 L[e], e ≥ 1,
//
// for losses L[0..E]. If y[e] = t[e] + ε[e] with a trend t that is linear
// over any three epochs and independent noise ε of variance σ², the
// estimate's mean is σ² (the second difference of the noise has variance
// (1 + 4 + 1)·σ²); a curve that falls at a constant rate on the log axis
// has σ̂² = 0 however fast it falls, and a trend whose slope changes adds
// (Δ²t)² to the sum. StepVariance, the variance of the first differences,
// counts every change of the slope as noise instead.
//
// NaN if there are fewer than three losses after L[0] or one is not finite
// and positive.
func NoiseVariance(loss []float64) float64 {
	y, ok := logLosses(loss)
	if !ok || len(y) < 3 {
		return math.NaN()
	}
	s := 0.0
	for e := 1; e+1 < len(y); e++ {
		d := y[e+1] - 2*y[e] + y[e-1]
		s += d * d
	}
	return s / (6 * float64(len(y)-2))
}

// StepVariance is the sample variance of log10 L[e+1] − log10 L[e] over
// e ≥ 1: the first measure of the Figure 1 criterion, which counts a
// change of slope as variance (docs/training.md). NaN with fewer than two
// such steps or a loss that is not finite and positive.
func StepVariance(loss []float64) float64 {
	y, ok := logLosses(loss)
	if !ok || len(y) < 3 {
		return math.NaN()
	}
	n := len(y) - 1
	m := (y[n] - y[0]) / float64(n)
	s := 0.0
	for e := range n {
		d := y[e+1] - y[e] - m
		s += d * d
	}
	return s / float64(n-1)
}

// Rises counts the epochs after which the loss was higher than before.
func Rises(loss []float64) int {
	n := 0
	for e := 1; e < len(loss); e++ {
		if loss[e] > loss[e-1] {
			n++
		}
	}
	return n
}

// logLosses returns log10 L[e] for e ≥ 1, and false if a loss is not
// finite and positive.
func logLosses(loss []float64) ([]float64, bool) {
	if len(loss) < 2 {
		return nil, true
	}
	y := make([]float64, len(loss)-1)
	for i, l := range loss[1:] {
		if !(l > 0) || math.IsInf(l, 1) {
			return nil, false
		}
		y[i] = math.Log10(l)
	}
	return y, true
}
