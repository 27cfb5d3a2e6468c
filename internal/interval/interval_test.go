package interval

import (
	"bufio"
	"math"
	"math/big"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// ---------------------------------------------------------------------------
// Exact and high-precision references.

// exactPrec is the big.Float precision of the exact references. The bits of a
// float64 span 2^1023 (top of the largest normal) down to 2^-1074 (the
// smallest subnormal), 2098 bit positions, so a sum or difference of two
// float64 needs at most 2099 bits and a product 106: at 2200 bits +, − and ×
// are exact. Quotients and square roots are rounded at 2200 bits, ~2^-2200
// relative, far below any float64 spacing (and they are also checked exactly
// by cross-multiplication).
const exactPrec = 2200

// refPrec is the precision (bits) of the exp reference, as asked for: 300
// bits is ~90 decimal digits, while the enclosures are float64 (53 bits).
const refPrec = 300

// seed1, seed2 are the fixed PCG seed of every randomized test, so failures
// are reproducible.
const seed1, seed2 = 1, 2

func newRNG() *rand.Rand { return rand.New(rand.NewPCG(seed1, seed2)) }

// bf returns x as a big.Float at exactPrec (SetFloat64 is exact).
func bf(x float64) *big.Float { return new(big.Float).SetPrec(exactPrec).SetFloat64(x) }

func newBig() *big.Float { return new(big.Float).SetPrec(exactPrec) }

// bigExp returns e^x rounded to prec bits: the Taylor series of e^y for
// y = x/2^k with |y| < 2^-10, then k squarings.
func bigExp(x *big.Float, prec uint) *big.Float {
	// 64 guard bits: the k ≤ ~21 squarings (|x| < 2^11 here) multiply the
	// relative rounding error by 2^k, and each series term adds one rounding.
	wp := prec + 64
	k := 0
	if x.Sign() != 0 {
		// |x| < 2^e; +10 makes |y| < 2^-10 so each term shrinks ≥ 2^10-fold.
		if e := x.MantExp(nil) + 10; e > 0 {
			k = e
		}
	}
	y := new(big.Float).SetPrec(wp).SetMantExp(x, -k) // exact: scales by 2^-k
	sum := new(big.Float).SetPrec(wp).SetInt64(1)
	term := new(big.Float).SetPrec(wp).SetInt64(1)
	n := new(big.Float).SetPrec(wp)
	for i := int64(1); ; i++ {
		term.Mul(term, y)
		term.Quo(term, n.SetInt64(i))
		// Stop once a term no longer affects the wp-bit sum; the rest of the
		// series is smaller still (geometric ratio < 2^-10).
		if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-int(wp) {
			break
		}
		sum.Add(sum, term)
	}
	for range k {
		sum.Mul(sum, sum)
	}
	return new(big.Float).SetPrec(prec).Set(sum)
}

// inside reports whether the (exact) value v lies in r, comparing exactly.
func inside(r I, v *big.Float) bool {
	if math.IsNaN(r.Lo) || math.IsNaN(r.Hi) {
		return false
	}
	return bf(r.Lo).Cmp(v) <= 0 && v.Cmp(bf(r.Hi)) <= 0
}

func exactAdd(x, y float64) *big.Float { return newBig().Add(bf(x), bf(y)) }
func exactSub(x, y float64) *big.Float { return newBig().Sub(bf(x), bf(y)) }
func exactMul(x, y float64) *big.Float { return newBig().Mul(bf(x), bf(y)) }
func exactQuo(x, y float64) *big.Float { return newBig().Quo(bf(x), bf(y)) }
func exactSqrt(x float64) *big.Float   { return newBig().Sqrt(bf(x)) }

// ord maps float64 to integers monotonically with consecutive floats mapped
// to consecutive integers (±0 both to 0), so ord(b)−ord(a) counts ulp steps.
func ord(x float64) int64 {
	b := int64(math.Float64bits(x) &^ (1 << 63))
	if math.Signbit(x) {
		return -b
	}
	return b
}

// ---------------------------------------------------------------------------
// Random intervals and sample points.

// randMag returns 10^e · m for e uniform in [e0, e1) and a random mantissa
// m in [0.1, 1), so the bits below the leading ones are random too.
// (Scaling by m after the power keeps the result below 10^e1: no overflow.)
func randMag(r *rand.Rand, e0, e1 float64) float64 {
	return math.Pow(10, e0+(e1-e0)*r.Float64()) * ((1 + 9*r.Float64()) / 10)
}

func randSign(r *rand.Rand, x float64) float64 {
	if r.IntN(2) == 0 {
		return -x
	}
	return x
}

func ordered(x, y float64) I { return New(min(x, y), max(x, y)) }

// randInterval draws an interval from one of several kinds that stress
// rounding: generic, straddling 0, degenerate, one ulp wide, huge (overflow),
// tiny (underflow, subnormal), negative, with an end exactly 0, and mixed.
func randInterval(r *rand.Rand) I {
	switch r.IntN(9) {
	case 0: // generic: magnitudes 1e-3..1e3 (ordinary numbers), random signs
		return ordered(randSign(r, randMag(r, -3, 3)), randSign(r, randMag(r, -3, 3)))
	case 1: // straddles 0 (magnitudes 1e-5..1e5)
		return New(-randMag(r, -5, 5), randMag(r, -5, 5))
	case 2: // degenerate point (magnitudes 1e-5..1e5)
		return Point(randSign(r, randMag(r, -5, 5)))
	case 3: // one ulp wide: [x, Nextafter(x, +Inf)] (magnitudes 1e-5..1e5)
		x := randSign(r, randMag(r, -5, 5))
		return New(x, math.Nextafter(x, math.Inf(1)))
	case 4: // huge: 1e290..1e308 (1.8e308 is MaxFloat64), sums/products overflow
		return ordered(randSign(r, randMag(r, 290, 308)), randSign(r, randMag(r, 290, 308)))
	case 5: // tiny: 1e-310..1e-290 (below 2.2e-308 is subnormal), underflow
		return ordered(randSign(r, randMag(r, -310, -290)), randSign(r, randMag(r, -310, -290)))
	case 6: // negative (magnitudes 1e-5..1e5)
		return ordered(-randMag(r, -5, 5), -randMag(r, -5, 5))
	case 7: // an end exactly 0 (or the point 0)
		x := randMag(r, -5, 5)
		switch r.IntN(3) {
		case 0:
			return New(0, x)
		case 1:
			return New(-x, 0)
		}
		return Point(0)
	}
	// mixed: tiny and huge ends (1e-300 and 1e300 scales), possibly of
	// opposite sign
	return ordered(randSign(r, randMag(r, -300, -290)), randSign(r, randMag(r, 290, 300)))
}

// randIn returns a random point of a (convex combination, clipped to a so
// that rounding cannot leave it; no overflow since |Lo|,|Hi| ≤ MaxFloat64).
func randIn(r *rand.Rand, a I) float64 {
	u := r.Float64()
	p := a.Lo*(1-u) + a.Hi*u
	return math.Min(math.Max(p, a.Lo), a.Hi)
}

// samples returns the end points of a and nRand random points of it.
func samples(r *rand.Rand, a I, nRand int) []float64 {
	s := []float64{a.Lo, a.Hi}
	for range nRand {
		s = append(s, randIn(r, a))
	}
	return s
}

// nRandomIntervals is the number of random operand draws per operation:
// ~2,000 of each of the 9 kinds of randInterval, a few seconds in all.
const nRandomIntervals = 20000

// nInnerPoints is the number of random interior points per operand, besides
// its two ends.
const nInnerPoints = 2

// ---------------------------------------------------------------------------
// 1. Containment of the basic operations.

type binCase struct {
	name  string
	op    func(a, b I) I
	exact func(x, y float64) *big.Float
}

var binOps = []binCase{
	{"Add", Add, exactAdd},
	{"Sub", Sub, exactSub},
	{"Mul", Mul, exactMul},
	{"Div", Div, exactQuo},
	{"Scale", func(a, b I) I { return Scale(a.Lo, b) }, exactMul}, // c = a.Lo
}

// checkBin checks op(a, b) against the exact op(x, y) for all sample pairs.
func checkBin(t *testing.T, c binCase, a, b I, xs, ys []float64) bool {
	t.Helper()
	r := c.op(a, b)
	if !(r.Lo <= r.Hi) {
		t.Errorf("%s(%v, %v) = %v: not an interval", c.name, a, b, r)
		return false
	}
	for _, x := range xs {
		for _, y := range ys {
			v := c.exact(x, y)
			if !inside(r, v) {
				t.Errorf("%s(%v, %v) = %v does not contain exact %s(%v, %v) = %s",
					c.name, a, b, r, c.name, x, y, v.Text('g', 30))
				return false
			}
			if c.name == "Div" && !divInside(r, x, y) {
				t.Errorf("Div(%v, %v) = %v: exact cross-multiplication check fails at %v/%v", a, b, r, x, y)
				return false
			}
		}
	}
	return true
}

// divInside checks Lo ≤ x/y ≤ Hi exactly, without rounding a quotient:
// for y > 0 it is Lo·y ≤ x ≤ Hi·y, for y < 0 the inequalities flip.
func divInside(r I, x, y float64) bool {
	lo := exactMul(r.Lo, y) // exact (also for infinite Lo: y ≠ 0)
	hi := exactMul(r.Hi, y)
	bx := bf(x)
	if y > 0 {
		return lo.Cmp(bx) <= 0 && bx.Cmp(hi) <= 0
	}
	return lo.Cmp(bx) >= 0 && bx.Cmp(hi) >= 0
}

// nonzeroDivisor draws intervals until one excludes 0.
func nonzeroDivisor(r *rand.Rand) I {
	for {
		b := randInterval(r)
		if b.Lo > 0 || b.Hi < 0 {
			return b
		}
	}
}

func TestBinaryOpsContainRandom(t *testing.T) {
	for _, c := range binOps {
		t.Run(c.name, func(t *testing.T) {
			r := newRNG()
			for range nRandomIntervals {
				a := randInterval(r)
				var b I
				if c.name == "Div" {
					b = nonzeroDivisor(r)
				} else {
					b = randInterval(r)
				}
				if c.name == "Scale" {
					a = Point(a.Lo) // Scale takes a number c
				}
				if !checkBin(t, c, a, b, samples(r, a, nInnerPoints), samples(r, b, nInnerPoints)) {
					return
				}
			}
		})
	}
}

// TestBinaryOpsContainTable covers hand-picked edge cases of each operation.
// The ordinary operands are small integers (easy to check by hand) or
// decimals that are inexact in binary (0.1, 0.2, 0.3); the extreme ones are
// MaxFloat64, the smallest subnormal and powers of ten (1e±160, 1e±200,
// 1e±300, 1e-310) whose squares or quotients overflow or underflow.
func TestBinaryOpsContainTable(t *testing.T) {
	const maxF = math.MaxFloat64
	const minSub = math.SmallestNonzeroFloat64
	cases := []struct {
		op   string
		a, b I
	}{
		{"Add", Point(0.1), Point(0.2)},                // 0.1+0.2 is inexact
		{"Add", Point(1), Point(-1)},                   // exact 0
		{"Add", Point(1e300), Point(1e-300)},           // far-apart exponents
		{"Add", Point(maxF), Point(maxF)},              // overflow
		{"Add", Point(-maxF), Point(-maxF)},            // negative overflow
		{"Add", Point(minSub), Point(minSub)},          // subnormal, exact
		{"Add", New(-1, 2), New(-3, 4)},                // straddling
		{"Add", Point(math.Copysign(0, -1)), Point(0)}, // signed zeros
		{"Sub", Point(1), Point(1e-17)},                // below half an ulp of 1
		{"Sub", Point(0.3), Point(0.1)},
		{"Sub", Point(maxF), Point(-maxF)}, // overflow
		{"Sub", New(-1, 2), New(-3, 4)},
		{"Sub", Point(minSub), Point(minSub)},
		{"Mul", Point(0.1), Point(0.1)},
		{"Mul", New(-1, 2), New(-3, 4)},        // products of mixed signs
		{"Mul", New(-2, -1), New(-4, -3)},      // both negative
		{"Mul", Point(1e200), Point(1e200)},    // overflow
		{"Mul", Point(1e-200), Point(-1e-200)}, // underflow to -0
		{"Mul", Point(1e-160), Point(1e-160)},  // subnormal result
		{"Mul", Point(0), New(-1, 1)},          // all products 0
		{"Mul", Point(math.Copysign(0, -1)), Point(5)},
		{"Mul", New(-maxF, maxF), New(-maxF, maxF)},
		{"Div", Point(1), Point(3)},
		{"Div", New(-1, 2), New(3, 4)},
		{"Div", New(-1, 2), New(-4, -3)},
		{"Div", Point(1e300), Point(1e-300)},  // overflow
		{"Div", Point(1e-300), Point(1e300)},  // underflow
		{"Div", Point(minSub), Point(3)},      // subnormal / 3
		{"Div", New(-maxF, maxF), Point(0.5)}, // overflow both ends
		{"Div", Point(0), Point(-7)},
		{"Scale", Point(2), New(-maxF, maxF)}, // overflow both ends
		{"Scale", Point(0.1), New(3, 7)},
		{"Scale", Point(-3), New(-1e-310, 1e-310)},
	}
	ends := func(a I) []float64 { return []float64{a.Lo, a.Hi} }
	for _, tc := range cases {
		for _, c := range binOps {
			if c.name == tc.op {
				checkBin(t, c, tc.a, tc.b, ends(tc.a), ends(tc.b))
			}
		}
	}
}

// TestPointOpsTight checks that on points (no overflow or underflow) the
// results are exactly [down(r), up(r)] around the round-to-nearest r: two
// ulp steps wide, so the outward rounding costs 1 ulp per side and no more.
func TestPointOpsTight(t *testing.T) {
	r := newRNG()
	for range nRandomIntervals {
		// magnitudes 1e-3..1e3: far from overflow and underflow
		x := randSign(r, randMag(r, -3, 3))
		y := randSign(r, randMag(r, -3, 3))
		res := map[string]I{
			"Add": Add(Point(x), Point(y)), "Sub": Sub(Point(x), Point(y)),
			"Mul": Mul(Point(x), Point(y)), "Div": Div(Point(x), Point(y)),
			"Sqr": Sqr(Point(x)), "Sqrt": Sqrt(Point(math.Abs(x))),
		}
		near := map[string]float64{
			"Add": x + y, "Sub": x - y, "Mul": x * y, "Div": x / y,
			"Sqr": x * x, "Sqrt": math.Sqrt(math.Abs(x)),
		}
		for name, got := range res {
			v := near[name]
			if got.Lo != math.Nextafter(v, math.Inf(-1)) || got.Hi != math.Nextafter(v, math.Inf(1)) {
				t.Fatalf("%s(%v, %v) = %v, want [down(%v), up(%v)]", name, x, y, got, v, v)
			}
		}
	}
}

type unCase struct {
	name  string
	op    func(a I) I
	exact func(x float64) *big.Float
	dom   func(a I) I // maps a random interval into the domain
}

func identity(a I) I { return a }

var unOps = []unCase{
	{"Sqr", Sqr, func(x float64) *big.Float { return exactMul(x, x) }, identity},
	{"Sqrt", Sqrt, exactSqrt, Abs}, // √ needs a ≥ 0
	{"Neg", Neg, func(x float64) *big.Float { return newBig().Neg(bf(x)) }, identity},
	{"Abs", Abs, func(x float64) *big.Float { return newBig().Abs(bf(x)) }, identity},
}

func checkUn(t *testing.T, c unCase, a I, xs []float64) bool {
	t.Helper()
	r := c.op(a)
	if !(r.Lo <= r.Hi) {
		t.Errorf("%s(%v) = %v: not an interval", c.name, a, r)
		return false
	}
	for _, x := range xs {
		v := c.exact(x)
		if !inside(r, v) {
			t.Errorf("%s(%v) = %v does not contain exact %s(%v) = %s", c.name, a, r, c.name, x, v.Text('g', 30))
			return false
		}
		// Square roots also exactly: Lo² ≤ x ≤ Hi² (Lo ≥ 0).
		if c.name == "Sqrt" {
			if r.Lo < 0 || exactMul(r.Lo, r.Lo).Cmp(bf(x)) > 0 || exactMul(r.Hi, r.Hi).Cmp(bf(x)) < 0 {
				t.Errorf("Sqrt(%v) = %v: exact squaring check fails at %v", a, r, x)
				return false
			}
		}
	}
	return true
}

func TestUnaryOpsContainRandom(t *testing.T) {
	for _, c := range unOps {
		t.Run(c.name, func(t *testing.T) {
			r := newRNG()
			for range nRandomIntervals {
				a := c.dom(randInterval(r))
				if !checkUn(t, c, a, samples(r, a, nInnerPoints)) {
					return
				}
			}
		})
	}
}

// TestUnaryOpsContainTable: operands chosen as in TestBinaryOpsContainTable
// (small integers, 0.1, and extremes whose squares over- or underflow).
func TestUnaryOpsContainTable(t *testing.T) {
	const maxF = math.MaxFloat64
	const minSub = math.SmallestNonzeroFloat64
	cases := []struct {
		op string
		a  I
	}{
		{"Sqr", Point(0.1)},
		{"Sqr", New(-3, 2)}, // straddles: [0, 9]
		{"Sqr", New(-2, 3)},
		{"Sqr", New(-3, -2)},          // negative: [4, 9]
		{"Sqr", Point(1e200)},         // overflow
		{"Sqr", Point(1e-170)},        // underflow
		{"Sqr", New(-minSub, 0)},      // subnormal
		{"Sqr", New(-maxF, maxF)},     // overflow, straddling
		{"Sqrt", Point(2)},            // irrational
		{"Sqrt", New(0, 2)},           // an end at 0
		{"Sqrt", Point(maxF)},         // largest
		{"Sqrt", Point(minSub)},       // 2^-537 exactly
		{"Sqrt", New(1e-320, 1e-310)}, // subnormal arguments
		{"Sqrt", New(0.01, 1e300)},    // wide, both ends inexact
		{"Neg", New(-1, 2)},
		{"Neg", Point(math.Copysign(0, -1))},
		{"Neg", New(-maxF, minSub)},
		{"Abs", New(-3, 2)},
		{"Abs", New(-2, 3)},
		{"Abs", New(-3, -2)},
		{"Abs", New(2, 3)},
		{"Abs", New(-maxF, -minSub)},
	}
	for _, tc := range cases {
		for _, c := range unOps {
			if c.name == tc.op {
				mid := math.Min(math.Max(tc.a.Lo/2+tc.a.Hi/2, tc.a.Lo), tc.a.Hi) // clipped: [minSub, minSub] halves to 0
				checkUn(t, c, tc.a, []float64{tc.a.Lo, tc.a.Hi, mid})
			}
		}
	}
	// Sqrt clips the negative part (from rounding; −1e-17 is about an ulp of
	// 0.1) of its argument to 0; √4 = 2.
	if got := Sqrt(New(-1e-17, 4)); got.Lo != 0 || !(got.Hi >= 2) {
		t.Errorf("Sqrt([-1e-17, 4]) = %v, want [0, ≥2]", got)
	}
}

// TestSqrTighterThanMul checks Sqr(a) ⊆ Mul(a, a) (Sqr knows both factors
// are the same number, so it never includes negative squares).
func TestSqrTighterThanMul(t *testing.T) {
	r := newRNG()
	for range nRandomIntervals {
		a := randInterval(r)
		s, m := Sqr(a), Mul(a, a)
		if s.Lo < m.Lo || s.Hi > m.Hi {
			t.Fatalf("Sqr(%v) = %v is not inside Mul(a, a) = %v", a, s, m)
		}
	}
}

func TestHull(t *testing.T) {
	r := newRNG()
	for range nRandomIntervals {
		a, b := randInterval(r), randInterval(r)
		h := Hull(a, b)
		// Smallest: the ends are exactly the extreme ends (no widening).
		if h.Lo != math.Min(a.Lo, b.Lo) || h.Hi != math.Max(a.Hi, b.Hi) {
			t.Fatalf("Hull(%v, %v) = %v, want [%v, %v]", a, b, h, math.Min(a.Lo, b.Lo), math.Max(a.Hi, b.Hi))
		}
		for _, x := range append(samples(r, a, nInnerPoints), samples(r, b, nInnerPoints)...) {
			if !inside(h, bf(x)) {
				t.Fatalf("Hull(%v, %v) = %v does not contain %v", a, b, h, x)
			}
		}
		if Hull(a, b) != Hull(b, a) || Hull(a, a) != a {
			t.Fatalf("Hull(%v, %v): not symmetric or not idempotent", a, b)
		}
	}
}

// TestIntervalHelpers covers Point, Width, Contains, Finite and Mid on
// ordinary intervals (small exact numbers: 1.5, [−1, 3] with width 4 and
// midpoint 1).
func TestIntervalHelpers(t *testing.T) {
	if p := Point(1.5); p.Lo != 1.5 || p.Hi != 1.5 || p.Width() != 0 {
		t.Errorf("Point(1.5) = %v", p)
	}
	a := New(-1, 3)
	if a.Width() != 4 || a.Mid() != 1 {
		t.Errorf("[-1, 3]: Width %v Mid %v, want 4 and 1", a.Width(), a.Mid())
	}
	for _, tc := range []struct {
		v    float64
		want bool
	}{{-1, true}, {3, true}, {0, true}, {math.Nextafter(-1, -2), false}, {math.Nextafter(3, 4), false}, {math.NaN(), false}} {
		if got := a.Contains(tc.v); got != tc.want {
			t.Errorf("[-1, 3].Contains(%v) = %v, want %v", tc.v, got, tc.want)
		}
	}
	inf := math.Inf(1)
	for _, tc := range []struct {
		a    I
		want bool
	}{
		{New(-1, 3), true},
		{New(-math.MaxFloat64, math.MaxFloat64), true},
		{I{-inf, 0}, false},
		{I{0, inf}, false},
		{I{math.NaN(), 0}, false},
		{I{0, math.NaN()}, false},
	} {
		if got := tc.a.Finite(); got != tc.want {
			t.Errorf("%v.Finite() = %v, want %v", tc.a, got, tc.want)
		}
	}
	// Mid lies in the interval for random finite intervals whose width does
	// not overflow (see TestMidOverflow for the one that does).
	r := newRNG()
	for range nRandomIntervals {
		a := randInterval(r)
		if math.IsInf(a.Hi-a.Lo, 0) {
			continue
		}
		if m := a.Mid(); !a.Contains(m) {
			t.Fatalf("%v.Mid() = %v is outside", a, m)
		}
	}
}

// TestMidOverflow: for an interval wider than MaxFloat64, Hi − Lo would
// overflow; Mid computes Lo/2 + Hi/2 (a bug this test found, now fixed).
func TestMidOverflow(t *testing.T) {
	a := New(-1e308, 1e308)
	if m := a.Mid(); !a.Contains(m) {
		t.Errorf("%v.Mid() = %v is outside", a, m)
	}
}

// ---------------------------------------------------------------------------
// 2. Exp and Erfc.

// TestBigExp checks the reference itself on known values: e^0 = 1, e^1 = e
// to 60 digits (e = 2.71828…, digits from OEIS A001113), and e^a·e^−a = 1.
func TestBigExp(t *testing.T) {
	if v := bigExp(new(big.Float), refPrec); v.Cmp(big.NewFloat(1)) != 0 {
		t.Errorf("bigExp(0) = %v", v)
	}
	e, _, err := big.ParseFloat("2.71828182845904523536028747135266249775724709369995957496697", 10, refPrec, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	d := new(big.Float).Sub(bigExp(big.NewFloat(1), refPrec), e)
	// |difference| < 1e-58: the e digits above are 60 significant digits.
	if d.Abs(d).Cmp(big.NewFloat(1e-58)) > 0 {
		t.Errorf("bigExp(1) − e = %v", d)
	}
	for _, x := range []float64{-700, -1.5, 1e-20, 3.25, 700} {
		p := new(big.Float).SetPrec(refPrec).Mul(bigExp(big.NewFloat(x), refPrec), bigExp(big.NewFloat(-x), refPrec))
		d := p.Sub(p, big.NewFloat(1))
		// 1e-80 (~2^-266): 300-bit values, a few roundings.
		if d.Abs(d).Cmp(big.NewFloat(1e-80)) > 0 {
			t.Errorf("bigExp(%v)·bigExp(%v) − 1 = %v", x, -x, d)
		}
	}
}

// expRange is the argument range of the Exp tests, as asked for: e^±700 is
// about 1e±304, inside the normal float64 range (2.2e-308..1.8e308).
const expRange = 700

func TestExpContainsRandom(t *testing.T) {
	r := newRNG()
	check := func(a I, x float64) bool {
		got := Exp(a)
		ref := bigExp(bf(x), refPrec)
		if !inside(got, ref) {
			t.Errorf("Exp(%v) = %v does not contain exp(%v) = %s", a, got, x, ref.Text('g', 30))
			return false
		}
		return true
	}
	// Points.
	for range nRandomIntervals {
		x := expRange * (2*r.Float64() - 1)
		if !check(Point(x), x) {
			return
		}
	}
	// Random points of random intervals inside [-700, 700], of widths from
	// one ulp to 1e2.
	for range nRandomIntervals / 4 {
		lo := expRange * (2*r.Float64() - 1)
		var hi float64
		if r.IntN(4) == 0 {
			hi = math.Nextafter(lo, math.Inf(1))
		} else {
			hi = math.Min(lo+randMag(r, -12, 2), expRange) // widths 1e-12..1e2
		}
		a := New(lo, hi)
		for _, x := range samples(r, a, nInnerPoints) {
			if !check(a, x) {
				return
			}
		}
	}
}

func TestExpTable(t *testing.T) {
	for _, x := range []float64{
		0, 1, -1, 0.5, 1e-300, -1e-300, math.Ln2,
		709.4,   // just below 1023.5·ln 2 ≈ 709.436 (see TestExpNearOverflow)
		-708.39, // ≈ ln(2.2e-308), the bottom of the normal range
		-745,    // e^-745 ≈ 4.9e-324, the smallest subnormal
		-800,    // e^-800 underflows to 0: Lo is clipped to 0
		710,     // e^710 overflows: Hi = +Inf, Lo = MaxFloat64 − 3 ulps
	} {
		got := Exp(Point(x))
		ref := bigExp(bf(x), refPrec)
		if !inside(got, ref) || got.Lo < 0 {
			t.Errorf("Exp(%v) = %v does not contain exp(%v) = %s (or Lo < 0)", x, got, x, ref.Text('g', 30))
		}
	}
	if got := Exp(Point(-800)); got.Lo != 0 {
		t.Errorf("Exp(-800).Lo = %v, want 0 (clipped)", got.Lo)
	}
	if got := Exp(Point(710)); !math.IsInf(got.Hi, 1) {
		t.Errorf("Exp(710).Hi = %v, want +Inf", got.Hi)
	}
}

// expSubnormalLo: e^x falls below half the smallest subnormal (2.5e-324)
// and rounds to 0 for x < ln(2^-1075) ≈ −745.13; −745.2 reaches just past.
const expSubnormalLo = -745.2

// expNormalLo ≈ ln(2.2e-308) = ln(2^-1022): below it e^x is subnormal.
const expNormalLo = -708.4

// expSafeHi is the largest x whose e^x the tests expect math.Exp to return
// finite on amd64: just below 1023.5·ln 2 ≈ 709.43614 (TestExpNearOverflow).
const expSafeHi = 709.43

// TestExpExtremeRange covers the ends of the float64 range of e^x: the
// subnormal results (x < −708.4) and the top up to expSafeHi.
func TestExpExtremeRange(t *testing.T) {
	r := newRNG()
	for range nRandomIntervals / 4 {
		var x float64
		if r.IntN(2) == 0 {
			x = expSubnormalLo + (expNormalLo-expSubnormalLo)*r.Float64() // subnormal side
		} else {
			x = 700 + (expSafeHi-700)*r.Float64() // e^700 ≈ 1e304 up to the top
		}
		got := Exp(Point(x))
		ref := bigExp(bf(x), refPrec)
		if !inside(got, ref) || got.Lo < 0 {
			t.Fatalf("Exp(%v) = %v does not contain exp(%v) = %s", x, got, x, ref.Text('g', 30))
		}
	}
}

// TestExpNearOverflow: Go's amd64 assembly math.Exp returns +Inf from
// 1023.5·ln 2 ≈ 709.436 on, below ln(MaxFloat64) ≈ 709.7827; Exp used to
// widen [+Inf, +Inf] to [MaxFloat64 − 4 ulp, +Inf], above the exact value
// (e.g. e^709.436139303104 = 1.27116100615365104e308). Exp now bounds the
// lower end by (e^{x/2})². A bug this test found, now fixed.
func TestExpNearOverflow(t *testing.T) {
	for _, x := range []float64{709.436139303104, 709.5, 709.78, 709.782712893384} {
		got := Exp(Point(x))
		ref := bigExp(bf(x), refPrec)
		if !inside(got, ref) {
			t.Errorf("Exp(%v) = %v does not contain exp(%v) = %s", x, got, x, ref.Text('g', 30))
		}
	}
}

// erfcRow is a row of ../../testdata/erfcx.csv with erfc(x) computed from it.
type erfcRow struct {
	x    float64
	erfc *big.Float
}

// erfcMaxAbsX is the largest |x| used from erfcx.csv, as asked for:
// erfc(26) ≈ 5.7e-296 is still a normal float64 (erfc(27) ≈ 5e-319 is not).
const erfcMaxAbsX = 26

// loadErfc reads erfcx.csv (written by testdata/gen_reference.py with
// mpmath at 50 digits, printed to 25 significant digits; x is a float64
// printed with repr, so ParseFloat recovers it exactly) and returns
// erfc(x) = erfcx(x)·e^{−x²} for |x| ≤ erfcMaxAbsX.
func loadErfc(t *testing.T) []erfcRow {
	t.Helper()
	f, err := os.Open("../../testdata/erfcx.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []erfcRow
	sc := bufio.NewScanner(f)
	for line := 0; sc.Scan(); line++ {
		if line == 0 {
			continue // header x,erfcx
		}
		fields := strings.Split(strings.TrimSpace(sc.Text()), ",")
		if len(fields) != 2 {
			t.Fatalf("erfcx.csv line %d: %q", line+1, sc.Text())
		}
		x, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(x) > erfcMaxAbsX {
			continue
		}
		ex, _, err := big.ParseFloat(fields[1], 10, refPrec, big.ToNearestEven)
		if err != nil {
			t.Fatalf("erfcx.csv line %d: %v", line+1, err)
		}
		x2 := newBig().Mul(bf(x), bf(x)) // exact
		e := bigExp(x2.Neg(x2), refPrec)
		rows = append(rows, erfcRow{x, new(big.Float).SetPrec(refPrec).Mul(ex, e)})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestErfcContainsReference: the 25-digit reference (relative error
// ≤ 5e-25) is far more accurate than the 4-ulp (~9e-16 relative) margin.
func TestErfcContainsReference(t *testing.T) {
	rows := loadErfc(t)
	// erfcx.csv has 193 rows with |x| ≤ 26 (counted when this was written):
	// guard against a truncated or moved file silently testing nothing.
	if len(rows) < 190 {
		t.Fatalf("only %d erfcx.csv rows with |x| ≤ %d", len(rows), erfcMaxAbsX)
	}
	for _, row := range rows {
		got := Erfc(Point(row.x))
		if !inside(got, row.erfc) || got.Lo < 0 {
			t.Errorf("Erfc(%v) = %v does not contain erfc = %s (or Lo < 0)", row.x, got, row.erfc.Text('g', 25))
		}
	}
	// Intervals between reference points (rows are sorted by x): erfc
	// decreases, so both ends' values must be inside.
	for i := range rows {
		for _, j := range []int{i + 1, i + 5} { // neighbours and wider spans
			if j >= len(rows) {
				continue
			}
			a := New(rows[i].x, rows[j].x)
			got := Erfc(a)
			if !inside(got, rows[i].erfc) || !inside(got, rows[j].erfc) {
				t.Errorf("Erfc(%v) = %v does not contain erfc at both ends (%s, %s)",
					a, got, rows[i].erfc.Text('g', 20), rows[j].erfc.Text('g', 20))
			}
		}
	}
}

func TestErfcTails(t *testing.T) {
	// erfc(30) underflows in float64; 0 < erfc(30) < e^-900 (erfc(x) < e^{-x²}
	// for x > 0) ≈ 1e-391, below the smallest subnormal 4.9e-324.
	if got := Erfc(Point(30)); got.Lo != 0 || !(got.Hi > 0) {
		t.Errorf("Erfc(30) = %v, want [0, >0]", got)
	}
	// erfc(-30) = 2 − erfc(30) ∈ (2 − 1e-391, 2): need Lo < 2 ≤ Hi.
	if got := Erfc(Point(-30)); !(got.Lo < 2 && got.Hi >= 2) {
		t.Errorf("Erfc(-30) = %v, want Lo < 2 ≤ Hi", got)
	}
	// erfc(0) = 1 exactly.
	if got := Erfc(Point(0)); !got.Contains(1) {
		t.Errorf("Erfc(0) = %v does not contain 1", got)
	}
}

// ---------------------------------------------------------------------------
// 4. Widen, New and Div panics.

func TestWiden(t *testing.T) {
	maxF := math.MaxFloat64
	minSub := math.SmallestNonzeroFloat64
	cases := []I{
		Point(1),             // below 1 the ulp halves: Lo steps are 2^-53, Hi steps 2^-52
		Point(0),             // crosses zero into the subnormals
		New(-1, 1),           // negative Lo
		Point(-0.75),         // negative point (0.75 = 3/4, exact)
		New(-minSub, minSub), // smallest subnormals, crossing 0
		New(1e-310, 2e-310),  // subnormal
		New(1e300, 1e301),    // huge
		New(-maxF/2, maxF/2), // huge, both signs

	}
	for _, a := range cases {
		for _, k := range []int{0, 1, 2, 4, 8, 100} { // small k's, and a large one
			w := a.Widen(k)
			if d := ord(a.Lo) - ord(w.Lo); d != int64(k) {
				t.Errorf("%v.Widen(%d).Lo = %v: %d ulps below, want %d", a, k, w.Lo, d, k)
			}
			if d := ord(w.Hi) - ord(a.Hi); d != int64(k) {
				t.Errorf("%v.Widen(%d).Hi = %v: %d ulps above, want %d", a, k, w.Hi, d, k)
			}
		}
	}
	// Spot values: 1 ulp below 1 is 1 − 2^-53, above is 1 + 2^-52.
	if w := Point(1).Widen(1); w.Lo != 1-0x1p-53 || w.Hi != 1+0x1p-52 {
		t.Errorf("Point(1).Widen(1) = %v", w)
	}
	if w := Point(0).Widen(1); w.Lo != -minSub || w.Hi != minSub {
		t.Errorf("Point(0).Widen(1) = %v", w)
	}
	// Widening MaxFloat64 by 1 ulp reaches +Inf.
	if w := Point(maxF).Widen(1); !math.IsInf(w.Hi, 1) {
		t.Errorf("Point(MaxFloat64).Widen(1) = %v", w)
	}
	// Random intervals: ulp distance k on each side.
	r := newRNG()
	for range nRandomIntervals {
		a := randInterval(r)
		if math.Abs(a.Lo) == maxF || math.Abs(a.Hi) == maxF {
			continue // would step to ±Inf
		}
		k := r.IntN(20) // 0..19 ulps
		w := a.Widen(k)
		if ord(a.Lo)-ord(w.Lo) != int64(k) || ord(w.Hi)-ord(a.Hi) != int64(k) {
			t.Fatalf("%v.Widen(%d) = %v", a, k, w)
		}
	}
}

// mustPanic reports whether f panics.
func mustPanic(f func()) (panicked bool) {
	defer func() {
		if recover() != nil {
			panicked = true
		}
	}()
	f()
	return false
}

// TestNewPanics: lo > hi or NaN panics (small integers as ordinary ends).
func TestNewPanics(t *testing.T) {
	nan := math.NaN()
	for _, tc := range []struct {
		lo, hi float64
		panics bool
	}{
		{1, 0, true},
		{math.Nextafter(1, 2), 1, true}, // one ulp inverted
		{nan, 1, true},
		{0, nan, true},
		{nan, nan, true},
		{math.Inf(1), math.Inf(-1), true},
		{0, 1, false},
		{1, 1, false},
		{math.Copysign(0, -1), 0, false},
		{math.Inf(-1), math.Inf(1), false},
	} {
		got := mustPanic(func() { New(tc.lo, tc.hi) })
		if got != tc.panics {
			t.Errorf("New(%v, %v): panicked = %v, want %v", tc.lo, tc.hi, got, tc.panics)
		}
		if !tc.panics {
			if a := New(tc.lo, tc.hi); a.Lo != tc.lo || a.Hi != tc.hi {
				t.Errorf("New(%v, %v) = %v", tc.lo, tc.hi, a)
			}
		}
	}
}

// TestDivPanics: Div and DDiv panic iff the divisor contains 0 (±0, a
// straddling interval, or one with an end at 0); small integers otherwise.
func TestDivPanics(t *testing.T) {
	minSub := math.SmallestNonzeroFloat64
	for _, tc := range []struct {
		b      I
		panics bool
	}{
		{New(-1, 1), true},
		{New(0, 1), true},
		{New(-1, 0), true},
		{Point(0), true},
		{Point(math.Copysign(0, -1)), true},
		{New(-minSub, minSub), true},
		{New(minSub, 1), false},
		{New(-1, -minSub), false},
		{Point(3), false},
	} {
		got := mustPanic(func() { Div(Point(1), tc.b) })
		if got != tc.panics {
			t.Errorf("Div(1, %v): panicked = %v, want %v", tc.b, got, tc.panics)
		}
		dgot := mustPanic(func() { DDiv(Const(Point(1)), Var(tc.b, 0)) })
		if dgot != tc.panics {
			t.Errorf("DDiv(1, %v): panicked = %v, want %v", tc.b, dgot, tc.panics)
		}
	}
}

// ---------------------------------------------------------------------------
// 5. Dual numbers.

func TestVarConst(t *testing.T) {
	v := New(1, 2) // any interval
	for k := range N {
		d := Var(v, k)
		if d.V != v {
			t.Errorf("Var(%v, %d).V = %v", v, k, d.V)
		}
		for j := range N {
			want := Point(0)
			if j == k {
				want = Point(1)
			}
			if d.G[j] != want {
				t.Errorf("Var(%v, %d).G[%d] = %v, want %v", v, k, j, d.G[j], want)
			}
		}
	}
	c := Const(v)
	if c.V != v || c.G != [N]I{} || !c.Finite() {
		t.Errorf("Const(%v) = %+v", v, c)
	}
}

// dExpr is a test expression in both interval-dual and float64 form. The
// float form performs the same operations in the same order, so at a point
// its round-to-nearest result lies inside the dual value enclosure.
type dExpr struct {
	name string
	d    func(x [N]D) D
	f    func(p [N]float64) float64
}

func dc(v float64) D { return Const(Point(v)) }

// piI encloses π (math.Pi is the nearest float64 to π).
var piI = Point(math.Pi).Widen(1)

// dExprs are the test expressions. Their constants (0.5, 1, 2.5, 3, 5) are
// arbitrary exact binary numbers; 1, 3 and 5 also keep radicands and
// divisors away from 0 on boxes within [−2.05, 2.05]⁴.
var dExprs = []dExpr{
	{
		"exp(x0·x1)/(x2²+1)",
		func(x [N]D) D { return DDiv(DExp(DMul(x[0], x[1])), DAdd(DSqr(x[2]), dc(1))) },
		func(p [N]float64) float64 { return math.Exp(p[0]*p[1]) / (p[2]*p[2] + 1) },
	},
	{
		"erfc(x0−x3)·√(x2+3)", // x2+3 ≥ 0.95 > 0 on the boxes used
		func(x [N]D) D { return DMul(DErfc(DSub(x[0], x[3])), DSqrt(DAdd(x[2], dc(3)))) },
		func(p [N]float64) float64 { return math.Erfc(p[0]-p[3]) * math.Sqrt(p[2]+3) },
	},
	{
		"0.5·x0·x1·x2 − (−x3²)",
		func(x [N]D) D {
			return DSub(DScale(Point(0.5), DMul(DMul(x[0], x[1]), x[2])), DNeg(DSqr(x[3])))
		},
		func(p [N]float64) float64 { return 0.5*(p[0]*p[1]*p[2]) - (-(p[3] * p[3])) },
	},
	{
		"π·√(x0²+x1²+1)·e^{−x2} + x3/(x0−5)", // x0−5 ≤ −2.95 < 0
		func(x [N]D) D {
			s := DSqrt(DAdd(DAdd(DSqr(x[0]), DSqr(x[1])), dc(1)))
			return DAdd(DMul(Const(piI), DMul(s, DExp(DNeg(x[2])))), DDiv(x[3], DSub(x[0], dc(5))))
		},
		func(p [N]float64) float64 {
			s := math.Sqrt(p[0]*p[0] + p[1]*p[1] + 1)
			return math.Pi*(s*math.Exp(-p[2])) + p[3]/(p[0]-5)
		},
	},
	{
		"erfc(x1·x2)·e^{x3}/(x0·x0+x1+3)", // x0·x0+x1+3 ≥ 0.95 > 0
		func(x [N]D) D {
			return DDiv(DMul(DErfc(DMul(x[1], x[2])), DExp(x[3])), DAdd(DAdd(DMul(x[0], x[0]), x[1]), dc(3)))
		},
		func(p [N]float64) float64 {
			return math.Erfc(p[1]*p[2]) * math.Exp(p[3]) / (p[0]*p[0] + p[1] + 3)
		},
	},
	{
		"x0·x1 − x2·x3 + 2.5·x0",
		func(x [N]D) D { return DAdd(DSub(DMul(x[0], x[1]), DMul(x[2], x[3])), DScale(Point(2.5), x[0])) },
		func(p [N]float64) float64 { return (p[0]*p[1] - p[2]*p[3]) + 2.5*p[0] },
	},
}

// Tolerances of the dual-number checks (float64 computations, not exact).
const (
	// valueRelTol: f(p) in float64 is within a few ulps (~1e-15) of the
	// exact value; 1e-12 relative leaves a wide margin.
	valueRelTol = 1e-12
	// fdStep: central-difference step; truncation error ~h²·f'''/6 ≈ 2e-13,
	// rounding error ~ulp(f)/h ≈ 1e-10·|f|.
	fdStep = 1e-6
	// fdRelTol, fdAbsTol: tolerance of the finite differences, well above
	// those errors for the |f| ≲ 1e2 of these expressions on these boxes.
	fdRelTol = 1e-6
	fdAbsTol = 1e-8
	// pointGradRelTol: on a point box each enclosure is the result of a
	// dozen or so 1-ulp-widened operations on terms of size O(1) (the
	// variables are O(1)), so its width is ~1e-15·max(|enclosure|, 1); 1e-12
	// is a generous bound. The max with 1 matters where terms cancel (e.g.
	// 0.5·x0·x1·x2 + x3² ≈ 1e-3 from terms ≈ 3.3): the width is then a few
	// ulps of the terms, not of the small result.
	pointGradRelTol = 1e-12
)

// nBoxes is the number of random boxes per expression, and nBoxPoints the
// number of random points checked in each (plus one random corner).
const (
	nBoxes     = 2000
	nBoxPoints = 4
)

// boxCentreRange, boxMaxWidth: boxes are [c − w/2, c + w/2] with c uniform
// in [−2, 2] and w uniform in [0, 0.1], as asked for.
const (
	boxCentreRange = 2
	boxMaxWidth    = 0.1
)

func randBox(r *rand.Rand) [N]I {
	var b [N]I
	for k := range b {
		c := boxCentreRange * (2*r.Float64() - 1)
		w := boxMaxWidth * r.Float64()
		b[k] = New(c-w/2, c+w/2)
	}
	return b
}

func vars(b [N]I) [N]D {
	var x [N]D
	for k := range x {
		x[k] = Var(b[k], k)
	}
	return x
}

// within reports whether v ∈ [a.Lo − tol, a.Hi + tol].
func within(a I, v, tol float64) bool { return a.Lo-tol <= v && v <= a.Hi+tol }

func absMax(a I) float64 { return math.Max(math.Abs(a.Lo), math.Abs(a.Hi)) }

// centralDiff returns (f(p + h e_k) − f(p − h e_k))/(2h).
func centralDiff(f func([N]float64) float64, p [N]float64, k int) float64 {
	pp, pm := p, p
	pp[k] += fdStep
	pm[k] -= fdStep
	return (f(pp) - f(pm)) / (2 * fdStep)
}

// checkDual checks the value and the gradient enclosure of d at p.
func checkDual(t *testing.T, name string, box [N]I, d D, f func([N]float64) float64, p [N]float64) bool {
	t.Helper()
	if !d.Finite() {
		t.Errorf("%s on %v: not finite: %+v", name, box, d)
		return false
	}
	if v := f(p); !within(d.V, v, valueRelTol*absMax(d.V)) {
		t.Errorf("%s on %v: V = %v does not contain f(%v) = %v", name, box, d.V, p, v)
		return false
	}
	for k := range N {
		fd := centralDiff(f, p, k)
		if !within(d.G[k], fd, fdRelTol*math.Abs(fd)+fdAbsTol) {
			t.Errorf("%s on %v: G[%d] = %v does not contain the finite difference %v at %v", name, box, k, d.G[k], fd, p)
			return false
		}
	}
	return true
}

func TestDualRandomBoxes(t *testing.T) {
	for _, e := range dExprs {
		t.Run(e.name, func(t *testing.T) {
			r := newRNG()
			for range nBoxes {
				box := randBox(r)
				d := e.d(vars(box))
				var pts [][N]float64
				var corner [N]float64
				for k := range corner {
					corner[k] = box[k].Lo
					if r.IntN(2) == 0 {
						corner[k] = box[k].Hi
					}
				}
				pts = append(pts, corner)
				for range nBoxPoints {
					var p [N]float64
					for k := range p {
						p[k] = randIn(r, box[k])
					}
					pts = append(pts, p)
				}
				for _, p := range pts {
					if !checkDual(t, e.name, box, d, e.f, p) {
						return
					}
				}
			}
		})
	}
}

// checkNarrow checks that on a point box every enclosure (value: 0,
// gradient k: k+1) is narrow: width below pointGradRelTol·max(|enclosure|, 1).
// A gradient that is identically zero (a variable the expression does not
// use) is enclosed by a few subnormals (0 widened by 1 ulp = 4.9e-324).
func checkNarrow(t *testing.T, name string, p [N]float64, d D) bool {
	t.Helper()
	all := append([]I{d.V}, d.G[:]...)
	for i, a := range all {
		if w := a.Width() / math.Max(absMax(a), 1); !(w < pointGradRelTol) {
			t.Errorf("%s at %v: enclosure %d = %v has relative width %g", name, p, i, a, w)
			return false
		}
	}
	return true
}

func TestDualPointBoxes(t *testing.T) {
	for _, e := range dExprs {
		t.Run(e.name, func(t *testing.T) {
			r := newRNG()
			for range nBoxes {
				var p [N]float64
				var box [N]I
				for k := range p {
					p[k] = boxCentreRange * (2*r.Float64() - 1)
					box[k] = Point(p[k])
				}
				d := e.d(vars(box))
				if !checkDual(t, e.name, box, d, e.f, p) || !checkNarrow(t, e.name, p, d) {
					return
				}
			}
		})
	}
}

// TestDualMatchesPlain: the value part of each D operation is the plain
// interval operation.
func TestDualMatchesPlain(t *testing.T) {
	r := newRNG()
	for range nBoxes {
		box := randBox(r)
		x := vars(box)
		a, b := box[0], box[1]
		pos := Add(Sqr(box[2]), Point(1)) // x2²+1 ≥ 1: a valid divisor and radicand
		checks := []struct {
			name      string
			got, want I
		}{
			{"DAdd", DAdd(x[0], x[1]).V, Add(a, b)},
			{"DSub", DSub(x[0], x[1]).V, Sub(a, b)},
			{"DMul", DMul(x[0], x[1]).V, Mul(a, b)},
			{"DNeg", DNeg(x[0]).V, Neg(a)},
			{"DScale", DScale(b, x[0]).V, Mul(b, a)},
			{"DSqr", DSqr(x[0]).V, Sqr(a)},
			{"DExp", DExp(x[0]).V, Exp(a)},
			{"DErfc", DErfc(x[0]).V, Erfc(a)},
			{"DDiv", DDiv(x[0], DAdd(DSqr(x[2]), dc(1))).V, Div(a, pos)},
			{"DSqrt", DSqrt(DAdd(DSqr(x[2]), dc(1))).V, Sqrt(pos)},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Fatalf("%s on %v: V = %v, want %v", c.name, box, c.got, c.want)
			}
		}
	}
}

// ---------------------------------------------------------------------------
// 6. DErfcx.

// erfcxStand is a stand-in for erfcx on [0, 5]: e^{x²}·erfc(x). At x = 5,
// erfc(5) ≈ 1.5e-12 is still a normal number with few-ulp accuracy, so the
// product is accurate to a few ulps, within the tests' tolerance.
func erfcxStand(x float64) float64 { return math.Exp(x*x) * math.Erfc(x) }

// erfcxMax is the upper end of the stand-in's range, as asked for.
const erfcxMax = 5

func TestDErfcx(t *testing.T) {
	exprs := []dExpr{
		{
			"erfcx(x0)",
			func(x [N]D) D { return DErfcx(x[0]) },
			func(p [N]float64) float64 { return erfcxStand(p[0]) },
		},
		{
			"erfcx(x0·x1)·x2", // x0, x1 ∈ [0, 2.2] so x0·x1 ≤ 4.84 ≤ 5
			func(x [N]D) D { return DMul(DErfcx(DMul(x[0], x[1])), x[2]) },
			func(p [N]float64) float64 { return erfcxStand(p[0]*p[1]) * p[2] },
		},
	}
	// sub is the range of x0 (and x1) for each expression: [0, 5] and
	// [0, 2.2] (2.2² = 4.84 keeps the product within [0, 5]).
	sub := []float64{erfcxMax, 2.2}
	twoOverSqrtPiF := 2 / math.Sqrt(math.Pi)
	for i, e := range exprs {
		t.Run(e.name, func(t *testing.T) {
			r := newRNG()
			for n := range nBoxes {
				var box [N]I
				for k := range box {
					top := sub[i]
					if k >= 2 {
						top = boxCentreRange
					}
					lo := top * r.Float64()
					if n%4 == 0 { // every 4th box is a point
						box[k] = Point(lo)
						continue
					}
					box[k] = New(lo, math.Min(lo+boxMaxWidth*r.Float64(), top))
				}
				d := e.d(vars(box))
				for range nBoxPoints {
					var p [N]float64
					for k := range p {
						p[k] = randIn(r, box[k])
					}
					if !checkDual(t, e.name, box, d, e.f, p) {
						return
					}
					if i == 0 {
						// Analytic derivative 2x·erfcx(x) − 2/√π; the float
						// evaluation cancels (erfcx(x) ≈ 1/(x√π) for large x),
						// so the tolerance is relative to the terms' size.
						x := p[0]
						der := 2*x*erfcxStand(x) - twoOverSqrtPiF
						tol := valueRelTol * (math.Abs(2*x*erfcxStand(x)) + twoOverSqrtPiF)
						if !within(d.G[0], der, tol) {
							t.Errorf("erfcx on %v: G[0] = %v does not contain 2x·erfcx(x) − 2/√π = %v at x = %v", box, d.G[0], der, x)
							return
						}
					}
				}
				if n%4 == 0 {
					var p [N]float64
					for k := range p {
						p[k] = box[k].Lo
					}
					if !checkNarrow(t, e.name, p, d) {
						return
					}
				}
			}
		})
	}
}

// TestConstants checks that the constant enclosures contain the true
// constants: π (60 digits, OEIS A000796) and 2/√π computed from it.
func TestConstants(t *testing.T) {
	pi, _, err := big.ParseFloat("3.14159265358979323846264338327950288419716939937510582097494", 10, refPrec, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	if !inside(piI, pi) {
		t.Errorf("piI = %v does not contain π", piI)
	}
	s := new(big.Float).SetPrec(refPrec).Sqrt(pi)
	c := new(big.Float).SetPrec(refPrec).Quo(big.NewFloat(2), s)
	if !inside(twoOverSqrtPi, c) {
		t.Errorf("twoOverSqrtPi = %v does not contain 2/√π = %s", twoOverSqrtPi, c.Text('g', 30))
	}
}

// ---------------------------------------------------------------------------
// 7. DSqrt at 0 and Finite.

func TestDSqrtAtZero(t *testing.T) {
	for _, a := range []I{
		New(0, 1),                    // touches 0
		Point(0),                     // is 0
		New(-1e-20, 1),               // a (tiny) negative part from rounding is clipped to 0
		New(math.Copysign(0, -1), 4), // −0
	} {
		d := DSqrt(Var(a, 1))
		for k, g := range d.G {
			if !math.IsInf(g.Lo, -1) || !math.IsInf(g.Hi, 1) {
				t.Errorf("DSqrt(Var(%v, 1)).G[%d] = %v, want (−∞, ∞)", a, k, g)
			}
		}
		if d.Finite() {
			t.Errorf("DSqrt(Var(%v, 1)).Finite() = true", a)
		}
		if !d.V.Finite() || !inside(d.V, exactSqrt(math.Max(a.Hi, 0))) {
			t.Errorf("DSqrt(Var(%v, 1)).V = %v", a, d.V)
		}
	}
	// Just above 0 the gradient is finite (and huge): √(1e-320) ≈ 1e-160,
	// so ∂√x/∂x ≈ 1/(2·1e-160) = 5e159 at the low end.
	d := DSqrt(Var(New(1e-320, 1), 0))
	if !d.Finite() || !(d.G[0].Hi > 1e159) || !(d.G[0].Lo <= 0.5) {
		t.Errorf("DSqrt(Var([1e-320, 1], 0)) = %+v", d)
	}
	// Finite is also false for an infinite value: e^1000 overflows (> e^709.8).
	if DExp(Var(New(0, 1000), 0)).Finite() {
		t.Errorf("DExp(Var([0, 1000], 0)).Finite() = true")
	}
	// and for an infinite gradient only.
	g := Var(Point(1), 0)
	g.G[3] = I{0, math.Inf(1)}
	if g.Finite() {
		t.Errorf("D with G[3] = [0, +Inf]: Finite() = true")
	}
}
