package verify

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// TestBoxBoundSound: on random boxes of every size in the paper's domains
// and beyond, boxBound's bound (Hansen's form with Baumann's centres and
// monotone axes) is not beaten by the quantity at any corner, the centre or
// random points of the box (each evaluated in float64, accurate to about
// 1e-14: the tolerance), for every quantity and both Jacobians.
func TestBoxBoundSound(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	domains := []Box{Theorem1ExtendedBox, Theorem2Box, theorem3Box(0.02, 0.24, 0.8),
		{Mu: [2]float64{-2, 2}, Omega: [2]float64{-1, 1}, Nu: [2]float64{0.01, 5}, Tau: [2]float64{0.5, 2}}}
	for _, dom := range domains {
		ax := dom.Axes()
		for q := range Quantity(len(quantityNames)) {
			for _, of := range []jacobian.Of{jacobian.Variance, jacobian.SecondMoment} {
				if of == jacobian.SecondMoment && q != MaxSpectralNorm {
					continue
				}
				pr := Problem{Quantity: q, Box: dom, F: mapping.StandardSELU, Of: of}
				sg := q.sign()
				for range 40 {
					var b [4][2]float64
					for k := range 4 {
						w := (ax[k][1] - ax[k][0]) * math.Pow(2, -float64(rng.IntN(12)))
						lo := ax[k][0] + rng.Float64()*(ax[k][1]-ax[k][0]-w)
						b[k] = [2]float64{lo, lo + w}
					}
					bound, _, probe, err := pr.boxBound(b)
					if err != nil {
						t.Fatal(err)
					}
					in := func(p [4]float64) bool {
						for k := range 4 {
							if p[k] < b[k][0] || p[k] > b[k][1] {
								return false
							}
						}
						return true
					}
					if !in(probe) {
						t.Errorf("%v %v: probe %v outside the box %v", q, of, probe, b)
					}
					pts := [][4]float64{probe}
					for c := range 16 {
						var p [4]float64
						for k := range 4 {
							p[k] = b[k][(c>>k)&1]
						}
						pts = append(pts, p)
					}
					for range 20 {
						var p [4]float64
						for k := range 4 {
							p[k] = b[k][0] + rng.Float64()*(b[k][1]-b[k][0])
						}
						pts = append(pts, p)
					}
					for _, p := range pts {
						v, err := pr.Value(p)
						if err != nil {
							t.Fatal(err)
						}
						if sg*v > bound+1e-13*math.Max(1, math.Abs(v)) {
							t.Errorf("%v %v on %v: value %.17g at %v beyond the bound %.17g", q, of, b, v, p, sg*bound)
						}
					}
				}
			}
		}
	}
}

// TestMirror: every quantity takes the same value at (−μ, −ω) (what lets a
// certificate cover half of a symmetric box by the mirror image of the
// other), a symmetric box is certified with a mirror image and re-checked,
// and a mirror where the tree may not have one is refused.
func TestMirror(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for q := range Quantity(len(quantityNames)) {
		for _, of := range []jacobian.Of{jacobian.Variance, jacobian.SecondMoment} {
			pr := Problem{Quantity: q, Box: Theorem2Box, F: mapping.SELU{Alpha: 2, Lambda: 1.2}, Of: of}
			for range 50 {
				p := [4]float64{rng.Float64()*4 - 2, rng.Float64()*2 - 1, 0.05 + rng.Float64()*5, 0.5 + rng.Float64()}
				v1, err1 := pr.Value(p)
				v2, err2 := pr.Value([4]float64{-p[0], -p[1], p[2], p[3]})
				if err1 != nil || err2 != nil || math.Abs(v1-v2) > 1e-14*math.Max(1, math.Abs(v1)) {
					t.Errorf("%v %v at %v: %v, mirrored %v (%v, %v)", q, of, p, v1, v2, err1, err2)
				}
			}
		}
	}
	// Certified with a mirror image; the asymmetric box without.
	sym := Box{Mu: [2]float64{-0.1, 0.1}, Omega: [2]float64{-0.1, 0.1}, Nu: [2]float64{0.8, 1.5}, Tau: [2]float64{0.95, 1.1}}
	asym := sym
	asym.Mu = [2]float64{-0.1, 0.12}
	for _, box := range []Box{sym, asym} {
		pr := Problem{Quantity: MaxMuTilde, Box: box, F: mapping.StandardSELU}
		r, err := pr.Certify(&CertifySettings{Threshold: math.NaN()})
		if err != nil {
			t.Fatal(err)
		}
		mirrored := strings.HasPrefix(r.Certificate.Tree, "0") && strings.HasSuffix(r.Certificate.Tree, "M")
		if mirrored != (box == sym) {
			t.Errorf("box %v: tree %.20s…, mirrored %v", box, r.Certificate.Tree, mirrored)
		}
		if n, err := r.Certificate.Check(); err != nil || n != r.Leaves {
			t.Errorf("box %v: check %d leaves of %d: %v", box, n, r.Leaves, err)
		}
		if box == asym {
			// A mirror image in an asymmetric box is refused.
			bad := halfLeaf(t, r.Certificate, 0)
			if _, err := bad.Check(); err == nil || !strings.Contains(err.Error(), "mirror") {
				t.Errorf("mirror image in an asymmetric box: %v", err)
			}
			continue
		}
		// A mirror image after a split of another axis is refused.
		bad := halfLeaf(t, r.Certificate, 2)
		if _, err := bad.Check(); err == nil || !strings.Contains(err.Error(), "mirror") {
			t.Errorf("mirror image of a nu split: %v", err)
		}
	}
}

// halfLeaf returns c with the tree "<axis>LM": the lower half along axis a
// leaf with its true bound, the upper half a mirror image.
func halfLeaf(t *testing.T, c *Certificate, axis int) Certificate {
	lo, _ := bisect(c.Root, axis)
	b, _, _, err := c.Problem.boxBound(lo)
	if err != nil {
		t.Fatal(err)
	}
	v := c.Problem.Quantity.sign() * b
	bad := *c
	bad.Tree = string(rune('0'+axis)) + "LM"
	bad.Leaves, bad.Bound = []float64{v}, v
	return bad
}
