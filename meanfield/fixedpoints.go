package meanfield

import (
	"fmt"
	"math"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// FixedPoint is a fixed point c* = c̃(c*) of the centred correlation map.
type FixedPoint struct {
	C     float64
	Slope float64 // dc̃/dc at c*
	// DepthScale is −1/ln|Slope|: the number of layers over which a small
	// deviation from c* shrinks (positive) or grows (negative) by a factor e
	// (±Inf where |Slope| = 1, 0 where Slope = 0).
	DepthScale float64
	Stable     bool // |Slope| < 1
}

// DepthScale returns −1/ln|slope| (Schoenholz et al. 2017, eq. 9): positive
// for a contracting direction, negative for an expanding one.
func DepthScale(slope float64) float64 { return -1 / math.Log(math.Abs(slope)) }

// Phase is the order/chaos verdict of the correlation map.
type Phase int

const (
	// Ordered: c = 1 is a stable fixed point (slope below 1): nearby inputs
	// converge.
	Ordered Phase = iota
	// EdgeOfChaos: the slope at c = 1 is 1 (to within 1e-9).
	EdgeOfChaos
	// Chaotic: c = 1 is unstable (slope above 1; χ₁ > 1 at a fixed point of
	// g): nearby inputs decorrelate.
	Chaotic
)

// String returns the phase's name as the command line prints it.
func (p Phase) String() string {
	switch p {
	case Ordered:
		return "ordered"
	case EdgeOfChaos:
		return "edge of chaos"
	case Chaotic:
		return "chaotic"
	}
	return fmt.Sprintf("Phase(%d)", int(p))
}

// edgeTol is how close to 1 the slope at c = 1 counts as the edge of chaos.
const edgeTol = 1e-9

// PhaseOf returns the phase for the slope of the centred map at c = 1.
func PhaseOf(slope1 float64) Phase {
	switch {
	case math.Abs(slope1-1) <= edgeTol:
		return EdgeOfChaos
	case slope1 > 1:
		return Chaotic
	}
	return Ordered
}

// Analysis is what the correlation map says at one point.
type Analysis struct {
	// FixedPoints of the centred map in [−1, 1], increasing: always c = 0
	// and c = 1, and any other found by FixedPoints' scan.
	FixedPoints []FixedPoint
	// Slope0 = ντ·E[f′]²/ν̃ and Slope1 = ντ·E[f′²]/ν̃ are the centred map's
	// slopes at c = 0 and c = 1; UncentredSlope1 = ντ·E[f′²]/ξ̃ is the
	// uncentred map's slope at c = 1.
	Slope0, Slope1, UncentredSlope1 float64
	// Phase is PhaseOf(Slope1).
	Phase Phase
	// NearIdentity: c̃(c) − c stayed below 1e-9·|c(1 − c)| at every scanned c
	// (f is linear on the net input's range): every c is nearly fixed and no
	// other fixed point is reported.
	NearIdentity bool
}

// scanStep is the spacing of the scan for fixed points other than 0 and 1.
const scanStep = 0.05

// Analyze finds the fixed points of the centred correlation map and its
// slopes there, and the phase. Fixed points besides c = 0 and c = 1 are
// found where (c̃(c) − c)/(c(1 − c)) changes sign between the points of a
// scan of [−1, 1) with step 0.05, refined by bisection to 1e-15; a pair of
// fixed points closer than the step can be missed. (For the centred map of
// two equally distributed net inputs, c̃ is convex on [0, 1] and
// c̃(c) ≥ c on [−1, 0] — Mehler's expansion has non-negative coefficients
// — so no other fixed point is expected; the scan checks it.)
func (m *Map) Analyze() (Analysis, error) {
	var an Analysis
	x, mo := m.x, m.Moments
	an.Slope0 = x * m.DerivMean * m.DerivMean / mo.Var
	an.Slope1 = x * m.DerivSecond / mo.Var
	an.UncentredSlope1 = x * m.DerivSecond / mo.Second
	an.Phase = PhaseOf(an.Slope1)
	if !finite(an.Slope0) || !finite(an.Slope1) || !finite(an.UncentredSlope1) {
		return Analysis{}, fmt.Errorf("%w: slopes of the correlation map", mapping.ErrOverflow)
	}
	rho := func(c float64) (float64, error) {
		v, err := m.At(c)
		if err != nil {
			return 0, err
		}
		den := c * (1 - c)
		if c < 0 {
			den = -c * (1 - c) // keeps the sign convention of (0, 1)
		}
		return (v.Centred - c) / math.Abs(den), nil
	}
	var cs []float64
	for c := -1.0; c < 1-scanStep/2; c += scanStep {
		if math.Abs(c) < scanStep/2 {
			continue
		}
		cs = append(cs, c)
	}
	vals := make([]float64, len(cs))
	near := true
	for i, c := range cs {
		r, err := rho(c)
		if err != nil {
			return Analysis{}, err
		}
		vals[i] = r
		if math.Abs(r) > edgeTol {
			near = false
		}
	}
	an.NearIdentity = near
	fps := []float64{0, 1}
	if !near {
		for i := 0; i+1 < len(cs); i++ {
			a, b := cs[i], cs[i+1]
			if a < 0 && b > 0 {
				continue // 0 is known
			}
			ra, rb := vals[i], vals[i+1]
			if math.Abs(ra) <= edgeTol || math.Abs(rb) <= edgeTol || (ra > 0) == (rb > 0) {
				continue
			}
			for it := 0; it < 100 && b-a > 1e-15; it++ {
				mid := (a + b) / 2
				rm, err := rho(mid)
				if err != nil {
					return Analysis{}, err
				}
				if (rm > 0) == (ra > 0) {
					a, ra = mid, rm
				} else {
					b = mid
				}
			}
			fps = append(fps, (a+b)/2)
		}
	}
	sortSmall(fps)
	for _, c := range fps {
		var s float64
		switch c {
		case 0:
			s = an.Slope0
		case 1:
			s = an.Slope1
		default:
			var err error
			if s, err = m.Slope(c); err != nil {
				return Analysis{}, err
			}
		}
		an.FixedPoints = append(an.FixedPoints, FixedPoint{C: c, Slope: s, DepthScale: DepthScale(s), Stable: math.Abs(s) < 1})
	}
	return an, nil
}

// VarianceDepthScales returns the eigenvalues of ℋ, the Jacobian of g, at
// (μ, ν) with weights (ω, τ) (package jacobian), and the depth scales
// −1/ln|λ| of the directions they belong to: at a fixed point of g, the
// number of layers over which a deviation of (μ, ν) along that direction
// shrinks by a factor e.
func VarianceDepthScales(f mapping.Activation, mu, nu, omega, tau float64) (eig [2]complex128, scales [2]float64, err error) {
	r, err := jacobian.At(f, mu, nu, omega, tau, jacobian.Variance, nil)
	if err != nil {
		return eig, scales, err
	}
	eig[0], eig[1] = jacobian.Eigenvalues(r.M)
	for i, l := range eig {
		scales[i] = DepthScale(math.Hypot(real(l), imag(l)))
	}
	return eig, scales, nil
}
