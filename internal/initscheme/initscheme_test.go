package initscheme

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestTruncStd checks Keras's constant 0.87962566103423978 (the std of a
// standard normal truncated to [−2, 2], scipy.stats.truncnorm.std(-2, 2)) by
// integrating the density directly with Simpson's rule, independently of the
// closed form in truncMoments.
func TestTruncStd(t *testing.T) {
	const k = 200000
	h := 4.0 / k
	var i0, i2, i4 float64
	for j := 0; j <= k; j++ {
		z := -2 + float64(j)*h
		w := 2.0
		switch {
		case j == 0 || j == k:
			w = 1
		case j%2 == 1:
			w = 4
		}
		p := w * math.Exp(-z*z/2)
		i0 += p
		i2 += p * z * z
		i4 += p * z * z * z * z
	}
	std := math.Sqrt(i2 / i0)
	if math.Abs(std-TruncStd) > 1e-12 {
		t.Errorf("integral gives std %.17g, Keras constant %.17g", std, TruncStd)
	}
	m2, m4 := truncMoments(2)
	if math.Abs(m2-i2/i0) > 1e-12 || math.Abs(m4-i4/i0) > 1e-12 {
		t.Errorf("truncMoments = %g, %g; integral %g, %g", m2, m4, i2/i0, i4/i0)
	}
}

// TestVariances checks σ² and E[τ] against the frameworks' published formulas.
func TestVariances(t *testing.T) {
	for _, n := range []int{1, 3, 100, 512, 784} {
		for _, m := range []int{1, 10, 512, 1000} {
			fi, fo := float64(n), float64(m)
			want := map[string]float64{
				"lecun-normal":  1 / fi,                           // Keras/TF: stddev = sqrt(1/fan_in)
				"lecun-uniform": math.Pow(math.Sqrt(3/fi), 2) / 3, // limit sqrt(3/fan_in), Var U(−a, a) = a²/3
				// Keras VarianceScaling truncated_normal: corrected to scale/fan_in.
				"truncated-normal":             1 / fi,
				"truncated-normal-uncorrected": 0.87962566103423978 * 0.87962566103423978 / fi,
				"pytorch-selu":                 0.75 * 0.75 / fi, // calculate_gain('selu') = 3/4
				"xavier-normal":                2 / (fi + fo),    // std = sqrt(2/(fan_in+fan_out))
				"xavier-uniform":               math.Pow(math.Sqrt(6/(fi+fo)), 2) / 3,
				"orthogonal":                   1 / math.Max(fi, fo),
			}
			for name, v := range want {
				s, ok := Lookup(name)
				if !ok {
					t.Fatalf("no scheme %s", name)
				}
				st := s.Stats(n, m)
				if math.Abs(st.Var-v) > 1e-14*v {
					t.Errorf("%s(%d, %d): Var w = %g, want %g", name, n, m, st.Var, v)
				}
				if s.Kind != Orthogonal && math.Abs(st.TauMean-fi*v) > 1e-14*fi*v {
					t.Errorf("%s(%d, %d): E[tau] = %g, want %g", name, n, m, st.TauMean, fi*v)
				}
			}
		}
	}
}

// TestExactTau: E[τ] is exactly 0.5625 for PyTorch's SELU gain and exactly 1
// for LeCun normal and orthogonal with fan_out ≤ fan_in, for every fan-in.
func TestExactTau(t *testing.T) {
	for n := 1; n <= 5000; n++ {
		p, _ := Lookup("pytorch-selu")
		l, _ := Lookup("lecun-normal")
		o, _ := Lookup("orthogonal")
		if got := p.Stats(n, n).TauMean; got != 0.5625 {
			t.Fatalf("pytorch-selu, n = %d: tau = %.17g, want 0.5625", n, got)
		}
		if got := l.Stats(n, 7).TauMean; got != 1 {
			t.Fatalf("lecun-normal, n = %d: tau = %.17g, want 1", n, got)
		}
		if st := o.Stats(n, n); st.TauMean != 1 || st.TauStd != 0 {
			t.Fatalf("orthogonal, n = %d: tau = %g ± %g, want 1 ± 0", n, st.TauMean, st.TauStd)
		}
	}
}

// TestSampledStats draws many units from each scheme and compares the
// empirical mean and std of ω and τ with Stats (which uses E w⁴: 3σ⁴ normal,
// a⁴/5 uniform, the truncated moments; Beta for orthogonal with fan_out >
// fan_in). Tolerance: 5 standard errors of the empirical mean, and 7.2/√(2N)
// relative on the stds (6 standard errors of a normal sample's std, with 20%
// for excess kurtosis): 5.7% for N = 8000 units.
func TestSampledStats(t *testing.T) {
	cases := []struct {
		name   string
		fi, fo int
	}{
		{"lecun-normal", 16, 8000}, {"lecun-uniform", 16, 8000}, {"truncated-normal", 16, 8000},
		{"truncated-normal-uncorrected", 16, 8000}, {"pytorch-selu", 16, 8000},
		{"xavier-normal", 16, 8000}, {"xavier-uniform", 16, 8000}, {"orthogonal", 1000, 800},
		{"orthogonal", 8, 8000},
	}
	for i, c := range cases {
		s, _ := Lookup(c.name)
		st := s.Stats(c.fi, c.fo)
		w := s.Sample(c.fi, c.fo, rand.NewPCG(uint64(i), 7))
		om := make([]float64, c.fo)
		ta := make([]float64, c.fo)
		for j := range c.fo {
			for k := range c.fi {
				v := w.At(j, k)
				om[j] += v
				ta[j] += v * v
			}
		}
		mo, so := meanStd(om)
		mt, stt := meanStd(ta)
		se := 5 / math.Sqrt(float64(c.fo))
		sdTol := 7.2 / math.Sqrt(2*float64(c.fo))
		if math.Abs(mo-st.OmegaMean) > se*st.OmegaStd || math.Abs(so/st.OmegaStd-1) > sdTol {
			t.Errorf("%s %dx%d: omega %g ± %g, want %g ± %g", c.name, c.fo, c.fi, mo, so, st.OmegaMean, st.OmegaStd)
		}
		if st.TauStd == 0 {
			if math.Abs(mt-st.TauMean) > 1e-12 || stt > 1e-12 {
				t.Errorf("%s: tau %g ± %g, want exactly %g", c.name, mt, stt, st.TauMean)
			}
			continue
		}
		if math.Abs(mt-st.TauMean) > se*st.TauStd || math.Abs(stt/st.TauStd-1) > sdTol {
			t.Errorf("%s %dx%d: tau %g ± %g, want %g ± %g", c.name, c.fo, c.fi, mt, stt, st.TauMean, st.TauStd)
		}
	}
}

func meanStd(d []float64) (m, s float64) {
	for _, v := range d {
		m += v
	}
	m /= float64(len(d))
	for _, v := range d {
		s += (v - m) * (v - m)
	}
	return m, math.Sqrt(s / float64(len(d)-1))
}
