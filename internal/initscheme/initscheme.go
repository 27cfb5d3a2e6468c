package initscheme

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// TruncStd is the standard deviation of a standard normal truncated to
// [−2, 2]: the constant by which Keras's VarianceScaling (distribution
// "truncated_normal") divides the stddev (keras/src/initializers/
// random_initializers.py: "constant taken from scipy.stats.truncnorm.std(
// a=-2, b=2, loc=0., scale=1.)").
const TruncStd = 0.87962566103423978

// Kind is the family of the weight distribution.
type Kind int

const (
	Normal     Kind = iota // N(0, σ²)
	Uniform                // U(−a, a), σ² = a²/3
	Truncated              // N(0, s²) truncated to [−2s, 2s]
	Orthogonal             // rows/columns of a Haar orthogonal matrix, gain 1
)

// Scheme is a named initialisation scheme.
type Scheme struct {
	Name   string
	Kind   Kind
	Source string // the documentation the formula comes from
	// The nominal variance is Num/Den(fan_in, fan_out): Var w for Normal and
	// Uniform (a² = 3·Num/Den), s² of the untruncated normal for Truncated
	// (divided by TruncStd² when Corrected); unused for Orthogonal. Keeping the
	// ratio lets τ = n·Num/Den be exact when Den = n (0.5625 for pytorch-selu).
	Num       float64
	Den       func(fanIn, fanOut float64) float64
	Corrected bool
}

func fanIn(fi, fo float64) float64    { return fi }
func fanInOut(fi, fo float64) float64 { return fi + fo }

// Schemes lists the supported schemes.
var Schemes = []Scheme{
	{Name: "lecun-normal", Kind: Normal,
		// TF/Keras docs, tf.keras.initializers.LecunNormal: "stddev = sqrt(1 /
		// fan_in)"; the SNN paper (Klambauer et al. 2017, §"Initialization"):
		// E[w] = 0, Var w = 1/n. Keras itself draws it truncated and corrected
		// (that is truncated-normal below: same variance, other 4th moment).
		Source: "Keras LecunNormal / SNN paper: N(0, 1/fan_in)",
		Num:    1, Den: fanIn},
	{Name: "lecun-uniform", Kind: Uniform,
		// Keras docs, LecunUniform: "U(-limit, limit), limit = sqrt(3 / fan_in)".
		Source: "Keras LecunUniform: U(±sqrt(3/fan_in))",
		Num:    1, Den: fanIn},
	{Name: "truncated-normal", Kind: Truncated,
		// Keras VarianceScaling(scale=1, mode="fan_in",
		// distribution="truncated_normal"): "stddev = sqrt(scale / n) /
		// .87962566103423978", then truncated at 2 stddev; variance 1/fan_in.
		Source: "Keras VarianceScaling truncated_normal (= Keras LecunNormal): stddev sqrt(1/fan_in)/0.87962566103423978, truncated at ±2 stddev",
		Num:    1, Den: fanIn, Corrected: true},
	{Name: "truncated-normal-uncorrected", Kind: Truncated,
		// tf.compat.v1.truncated_normal_initializer(stddev=sqrt(1/fan_in)) (TF docs:
		// "values more than two standard deviations from the mean are
		// discarded and re-drawn"): no correction, variance TruncStd²/fan_in.
		Source: "TF truncated_normal_initializer(stddev=sqrt(1/fan_in)): truncated at ±2 stddev, no correction",
		Num:    1, Den: fanIn},
	{Name: "pytorch-selu", Kind: Normal,
		// PyTorch docs, torch.nn.init.kaiming_normal_(mode="fan_in",
		// nonlinearity="selu"): "std = gain / sqrt(fan_mode)", and
		// calculate_gain("selu") = 3/4.
		Source: "torch.nn.init.kaiming_normal_(mode='fan_in', nonlinearity='selu'): std = (3/4)/sqrt(fan_in)",
		Num:    0.5625, Den: fanIn},
	{Name: "xavier-normal", Kind: Normal,
		// PyTorch docs, xavier_normal_: "std = gain * sqrt(2 / (fan_in +
		// fan_out))" (gain 1); Keras GlorotNormal: "stddev = sqrt(2 / (fan_in
		// + fan_out))" (Keras truncates it; this is PyTorch's untruncated one).
		Source: "torch.nn.init.xavier_normal_ (gain 1): N(0, 2/(fan_in+fan_out))",
		Num:    2, Den: fanInOut},
	{Name: "xavier-uniform", Kind: Uniform,
		// PyTorch docs, xavier_uniform_: "a = gain * sqrt(6 / (fan_in +
		// fan_out))"; Keras GlorotUniform: "limit = sqrt(6 / (fan_in + fan_out))".
		Source: "torch.nn.init.xavier_uniform_ (gain 1) / Keras GlorotUniform: U(±sqrt(6/(fan_in+fan_out)))",
		Num:    2, Den: fanInOut},
	{Name: "orthogonal", Kind: Orthogonal,
		// PyTorch docs, orthogonal_ (Saxe et al. 2013), gain 1; Keras
		// Orthogonal(gain=1): a (semi-)orthogonal fan_out × fan_in matrix from
		// the QR decomposition of a Gaussian matrix (Haar distributed).
		Source: "torch.nn.init.orthogonal_ / Keras Orthogonal, gain 1 (Haar, from QR of a Gaussian matrix)"},
}

// Names returns the scheme names (with the aliases glorot-normal, glorot-uniform).
func Names() []string {
	var n []string
	for _, s := range Schemes {
		n = append(n, s.Name)
	}
	return append(n, "glorot-normal", "glorot-uniform")
}

// Lookup returns the scheme called name.
func Lookup(name string) (Scheme, bool) {
	switch name {
	case "glorot-normal":
		name = "xavier-normal"
	case "glorot-uniform":
		name = "xavier-uniform"
	}
	for _, s := range Schemes {
		if s.Name == name {
			return s, true
		}
	}
	return Scheme{}, false
}

// truncMoments returns E[Z²] and E[Z⁴] for Z standard normal conditioned on
// |Z| ≤ b: with Z0 = 2Φ(b) − 1 and integration by parts,
// ∫z²φ = Z0 − 2bφ(b), ∫z⁴φ = 3∫z²φ − 2b³φ(b).
func truncMoments(b float64) (m2, m4 float64) {
	phi := math.Exp(-b*b/2) / math.Sqrt(2*math.Pi)
	z0 := math.Erf(b / math.Sqrt2)
	i2 := z0 - 2*b*phi
	i4 := 3*i2 - 2*b*b*b*phi
	return i2 / z0, i4 / z0
}

// Stats are the exact moments of one unit's weight statistics.
type Stats struct {
	Var       float64 // σ² = Var w (the mean weight is 0)
	OmegaMean float64 // E[ω], ω = Σwᵢ
	OmegaStd  float64 // std of ω
	TauMean   float64 // E[τ], τ = Σwᵢ²
	TauStd    float64 // std of τ
	// OmegaExact: ω is exactly normal (normal weights); otherwise ω is a sum
	// of n i.i.d. terms, normal only approximately (central limit theorem).
	OmegaExact bool
}

// Stats returns the moments of ω and τ for one unit with n = fanIn inputs.
// For Orthogonal, a row of a fan_out × fan_in Haar matrix: if fan_out ≤
// fan_in it is uniform on the unit sphere (τ = 1 exactly, Var ω = 1);
// otherwise it is fan_in coordinates of a uniform unit vector of R^fan_out, so
// τ ~ Beta(fan_in/2, (fan_out − fan_in)/2) and Var ω = fan_in/fan_out.
func (s Scheme) Stats(fanIn, fanOut int) Stats {
	n, m := float64(fanIn), float64(fanOut)
	var v, varW2 float64 // Var w and Var(w²)
	st := Stats{}
	switch s.Kind {
	case Normal:
		v = s.Num / s.Den(n, m)
		st.TauMean = s.Num * (n / s.Den(n, m))
		varW2 = 2 * v * v // E w⁴ = 3σ⁴
		st.OmegaExact = true
	case Uniform:
		// a² = 3σ²: E w⁴ = a⁴/5, Var w² = a⁴/5 − a⁴/9 = 4a⁴/45 = 4σ⁴/5.
		v = s.Num / s.Den(n, m)
		st.TauMean = s.Num * (n / s.Den(n, m))
		varW2 = 0.8 * v * v
	case Truncated:
		s2 := s.Num / s.Den(n, m)
		if s.Corrected {
			s2 /= TruncStd * TruncStd
		}
		m2, m4 := truncMoments(2)
		v = s2 * m2
		st.TauMean = n * v
		varW2 = s2 * s2 * (m4 - m2*m2)
	case Orthogonal:
		if fanOut <= fanIn {
			st.Var = 1 / n
			st.OmegaStd = 1
			st.TauMean = 1
			return st
		}
		st.Var = 1 / m
		st.OmegaStd = math.Sqrt(n / m)
		st.TauMean = n / m
		st.TauStd = math.Sqrt(2 * n * (m - n) / (m * m * (m + 2)))
		return st
	}
	st.Var = v
	st.OmegaStd = math.Sqrt(n * v)
	st.TauStd = math.Sqrt(n * varW2)
	return st
}

// Sample fills a fanOut × fanIn weight matrix (row j: the weights of unit j)
// drawn from the scheme with the random source src.
func (s Scheme) Sample(fanIn, fanOut int, src rand.Source) *mat.Dense {
	w := mat.NewDense(fanOut, fanIn, nil)
	data := w.RawMatrix().Data
	n, m := float64(fanIn), float64(fanOut)
	switch s.Kind {
	case Normal:
		d := distuv.Normal{Mu: 0, Sigma: math.Sqrt(s.Num / s.Den(n, m)), Src: src}
		for i := range data {
			data[i] = d.Rand()
		}
	case Uniform:
		a := math.Sqrt(3 * s.Num / s.Den(n, m))
		d := distuv.Uniform{Min: -a, Max: a, Src: src}
		for i := range data {
			data[i] = d.Rand()
		}
	case Truncated:
		// TF's truncated normal: values beyond 2 stddev are re-drawn.
		sc := math.Sqrt(s.Num / s.Den(n, m))
		if s.Corrected {
			sc /= TruncStd
		}
		d := distuv.Normal{Mu: 0, Sigma: 1, Src: src}
		for i := range data {
			z := d.Rand()
			for math.Abs(z) > 2 {
				z = d.Rand()
			}
			data[i] = sc * z
		}
	case Orthogonal:
		// As torch.nn.init.orthogonal_: QR of a Gaussian (rows × cols with
		// rows ≥ cols, transposed otherwise), Q's columns multiplied by the
		// signs of R's diagonal, which makes Q Haar distributed.
		r, c := fanOut, fanIn
		if r < c {
			r, c = c, r
		}
		g := mat.NewDense(r, c, nil)
		d := distuv.Normal{Mu: 0, Sigma: 1, Src: src}
		gd := g.RawMatrix().Data
		for i := range gd {
			gd[i] = d.Rand()
		}
		var qr mat.QR
		qr.Factorize(g)
		var rr mat.Dense
		qr.RTo(&rr)
		q := mat.NewDense(r, c, nil)
		if r == c {
			qr.QTo(q)
			for j := 0; j < c; j++ {
				if rr.At(j, j) < 0 {
					for i := 0; i < r; i++ {
						q.Set(i, j, -q.At(i, j))
					}
				}
			}
		} else {
			// Thin Q without forming the r × r one (gonum has no Q·B):
			// Q·D = G·(D·R)⁻¹ with D = sign(diag R), the same sign correction.
			rt := mat.NewTriDense(c, mat.Upper, nil)
			for i := 0; i < c; i++ {
				sg := math.Copysign(1, rr.At(i, i))
				for j := i; j < c; j++ {
					rt.SetTri(i, j, sg*rr.At(i, j))
				}
			}
			var inv mat.TriDense
			if err := inv.InverseTri(rt); err != nil {
				panic(err)
			}
			q.Mul(g, &inv)
		}
		for i := 0; i < r; i++ {
			for j := 0; j < c; j++ {
				if fanOut >= fanIn {
					w.Set(i, j, q.At(i, j))
				} else {
					w.Set(j, i, q.At(i, j))
				}
			}
		}
	default:
		panic(fmt.Sprintf("initscheme: unknown kind %d", s.Kind))
	}
	return w
}
