package bigiv

import (
	"bufio"
	"math"
	"math/big"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// refRow is one line of testdata/reference.csv (gen_bigiv.py: mpmath at 80
// digits, printed with 50 significant digits).
type refRow struct {
	fn, arg string
	x       float64
	value   *big.Float
}

func readReference(t *testing.T) []refRow {
	t.Helper()
	f, err := os.Open("testdata/reference.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows []refRow
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	for sc.Scan() {
		parts := strings.Split(sc.Text(), ",")
		if len(parts) != 3 {
			t.Fatalf("bad line %q", sc.Text())
		}
		r := refRow{fn: parts[0], arg: parts[1]}
		if r.fn != "const" {
			if r.x, err = strconv.ParseFloat(parts[1], 64); err != nil {
				t.Fatal(err)
			}
		}
		// 400 bits hold the 50-digit decimal far below its own 5e-50.
		if r.value, _, err = big.ParseFloat(parts[2], 10, 400, big.ToNearestEven); err != nil {
			t.Fatalf("%q: %v", parts[2], err)
		}
		rows = append(rows, r)
	}
	if len(rows) < 300 {
		t.Fatalf("only %d reference rows", len(rows))
	}
	return rows
}

// refInterval is where the exact value lies: the 50-digit value d within
// half a unit of its 50th digit, |exact − d| ≤ 5e-50·|d|.
func refInterval(d *big.Float) (lo, hi *big.Float) {
	e := new(big.Float).SetPrec(400).Abs(d)
	e.Mul(e, new(big.Float).SetPrec(400).SetFloat64(5.000001e-50))
	lo = new(big.Float).SetPrec(400).Sub(d, e)
	hi = new(big.Float).SetPrec(400).Add(d, e)
	return lo, hi
}

func evalRef(t *testing.T, r refRow, prec uint) *I {
	t.Helper()
	x := Point(prec, r.x)
	z := New(prec)
	var err error
	switch r.fn {
	case "exp":
		_, err = z.Exp(x)
	case "erfc":
		z.Erfc(x)
	case "erfcx":
		_, err = z.Erfcx(x)
	case "sqrt":
		_, err = z.Sqrt(x)
	case "const":
		switch r.arg {
		case "pi":
			z = Pi(prec)
		case "ln2":
			z = Ln2(prec)
		case "sqrt2":
			z = Sqrt2(prec)
		case "sqrtpi":
			z = SqrtPi(prec)
		default:
			t.Fatalf("unknown constant %q", r.arg)
		}
	default:
		t.Fatalf("unknown function %q", r.fn)
	}
	if err != nil {
		t.Fatalf("%s(%v): %v", r.fn, r.x, err)
	}
	return z
}

// TestReference: at 128, 200 and 1024 bits, every enclosure meets the interval
// where mpmath's 50-digit value puts the exact value (it must: the exact
// value is in both), and is tight: relative width below 2^−(prec−8).
func TestReference(t *testing.T) {
	rows := readReference(t)
	for _, prec := range []uint{128, 200, 1024} {
		widths := map[string][]float64{}
		for _, r := range rows {
			z := evalRef(t, r, prec)
			lo, hi := refInterval(r.value)
			if z.lo.Cmp(hi) > 0 || z.hi.Cmp(lo) < 0 {
				t.Errorf("prec %d: %s(%s) = %s, enclosure %v misses it", prec, r.fn, r.arg, r.value.Text('g', 50), z)
				continue
			}
			w := z.RelWidth()
			if r.value.Sign() == 0 {
				w = 0
				if z.lo.Sign() != 0 || z.hi.Sign() != 0 {
					t.Errorf("prec %d: %s(%s) = 0, enclosure %v", prec, r.fn, r.arg, z)
				}
			}
			// The true value is tiny beyond big.Float's range nowhere here,
			// so every enclosure must be tight.
			if !(w <= math.Ldexp(1, -int(prec)+8)) {
				t.Errorf("prec %d: %s(%s): relative width %.3g", prec, r.fn, r.arg, w)
			}
			widths[r.fn] = append(widths[r.fn], w)
		}
		for _, fn := range []string{"exp", "erfc", "erfcx", "sqrt", "const"} {
			ws := widths[fn]
			slices.Sort(ws)
			if len(ws) == 0 {
				t.Errorf("no %s rows", fn)
				continue
			}
			t.Logf("prec %d: %-5s %3d points, relative width median %.3g, max %.3g", prec, fn, len(ws), ws[len(ws)/2], ws[len(ws)-1])
		}
	}
}

// TestExpExtremes: beyond MaxExpArg e^x is refused; below MinExpArg it is
// enclosed by [0, 2^−1442695].
func TestExpExtremes(t *testing.T) {
	if _, err := New(128).Exp(Point(128, 2e9)); err != ErrRange {
		t.Errorf("exp(2e9): err %v, want ErrRange", err)
	}
	z, err := New(128).Exp(Point(128, -2e9))
	if err != nil || z.lo.Sign() != 0 || z.hi.Sign() <= 0 || z.hi.MantExp(nil) > -1442694 {
		t.Errorf("exp(-2e9) = %v, %v", z, err)
	}
	if _, err := New(128).Erfcx(Point(128, -4e4)); err != ErrRange {
		t.Errorf("erfcx(-4e4): err %v, want ErrRange", err)
	}
}

// TestIntervalOps checks the four operations, Sqr and Sqrt against exact
// results: for random intervals with float64 ends at 64 bits, the exact
// results at the ends (computed at 2200 bits, where + − × of float64 are
// exact) must lie inside, and the ends must be the exact extremes rounded
// outwards (at most one ulp of 64 bits away).
func TestIntervalOps(t *testing.T) {
	const prec = 64
	vals := []float64{-3.5, -1, -1e-300, 0, 1e-300, 0.1, 1, 2.75, 1e300, -7.25e-5}
	exact := func(v float64) *big.Float { return new(big.Float).SetPrec(2200).SetFloat64(v) }
	for _, a := range vals {
		for _, b := range vals {
			if a > b {
				continue
			}
			for _, c := range vals {
				for _, d := range vals {
					if c > d {
						continue
					}
					x, y := NewFloat64(prec, a, b), NewFloat64(prec, c, d)
					ops := []struct {
						name string
						z    *I
						f    func(u, v *big.Float) *big.Float
						ok   bool
					}{
						{"add", new(I).Add(x, y), func(u, v *big.Float) *big.Float { return new(big.Float).SetPrec(2200).Add(u, v) }, true},
						{"sub", new(I).Sub(x, y), func(u, v *big.Float) *big.Float { return new(big.Float).SetPrec(2200).Sub(u, v) }, true},
						{"mul", new(I).Mul(x, y), func(u, v *big.Float) *big.Float { return new(big.Float).SetPrec(2200).Mul(u, v) }, true},
					}
					q, err := new(I).Quo(x, y)
					if (c <= 0 && d >= 0) != (err == ErrDivByZero) {
						t.Errorf("quo %v/%v: err %v", x, y, err)
					}
					ops = append(ops, struct {
						name string
						z    *I
						f    func(u, v *big.Float) *big.Float
						ok   bool
					}{"quo", q, func(u, v *big.Float) *big.Float { return new(big.Float).SetPrec(2200).Quo(u, v) }, err == nil})
					for _, op := range ops {
						if !op.ok {
							continue
						}
						var mn, mx *big.Float
						for _, u := range []float64{a, b} {
							for _, v := range []float64{c, d} {
								r := op.f(exact(u), exact(v))
								if mn == nil || r.Cmp(mn) < 0 {
									mn = r
								}
								if mx == nil || r.Cmp(mx) > 0 {
									mx = r
								}
							}
						}
						if op.z.lo.Cmp(mn) > 0 || op.z.hi.Cmp(mx) < 0 {
							t.Errorf("%s %v %v = %v misses [%v, %v]", op.name, x, y, op.z, mn, mx)
						}
						// Tight: lo is mn rounded down to 64 bits.
						wantLo := new(big.Float).SetPrec(prec).SetMode(big.ToNegativeInf).Set(mn)
						wantHi := new(big.Float).SetPrec(prec).SetMode(big.ToPositiveInf).Set(mx)
						if op.z.lo.Cmp(wantLo) != 0 || op.z.hi.Cmp(wantHi) != 0 {
							t.Errorf("%s %v %v = %v, want [%v, %v]", op.name, x, y, op.z, wantLo, wantHi)
						}
					}
				}
			}
			x := NewFloat64(prec, a, b)
			s := new(I).Sqr(x)
			if s.lo.Sign() < 0 || (a <= 0 && b >= 0 && s.lo.Sign() != 0) {
				t.Errorf("sqr %v = %v", x, s)
			}
			for _, u := range []float64{a, b} {
				sq := new(big.Float).SetPrec(2200).Mul(exact(u), exact(u))
				if !s.Contains(sq) {
					t.Errorf("sqr %v = %v misses %v", x, s, sq)
				}
			}
			r, err := new(I).Sqrt(x)
			if (a < 0) != (err == ErrDomain) {
				t.Errorf("sqrt %v: err %v", x, err)
			}
			if err == nil {
				// r.lo² ≤ a and r.hi² ≥ b exactly, and one ulp more (less)
				// would break it.
				lo2 := new(big.Float).SetPrec(2200).Mul(&r.lo, &r.lo)
				hi2 := new(big.Float).SetPrec(2200).Mul(&r.hi, &r.hi)
				if lo2.Cmp(exact(a)) > 0 || hi2.Cmp(exact(b)) < 0 {
					t.Errorf("sqrt %v = %v", x, r)
				}
			}
		}
	}
}

// TestAliasing: every operation may write into one of its operands.
func TestAliasing(t *testing.T) {
	for _, v := range [][4]float64{{-2, 3, -5, 7}, {1, 2, 3, 4}, {-4, -1, 2, 5}} {
		x, y := NewFloat64(128, v[0], v[1]), NewFloat64(128, v[2], v[3])
		cases := []struct {
			name string
			f    func(z, a, b *I) *I
		}{
			{"add", func(z, a, b *I) *I { return z.Add(a, b) }},
			{"sub", func(z, a, b *I) *I { return z.Sub(a, b) }},
			{"mul", func(z, a, b *I) *I { return z.Mul(a, b) }},
			{"quo", func(z, a, b *I) *I {
				if b.Sign() == 0 {
					return z.Set(a)
				}
				z.Quo(a, b)
				return z
			}},
			{"hull", func(z, a, b *I) *I { return z.Hull(a, b) }},
		}
		for _, c := range cases {
			want := c.f(new(I), x, y)
			a := new(I).Set(x)
			if got := c.f(a, a, y); got.lo.Cmp(&want.lo) != 0 || got.hi.Cmp(&want.hi) != 0 {
				t.Errorf("%s z=x: %v, want %v", c.name, got, want)
			}
			b := new(I).Set(y)
			if got := c.f(b, x, b); got.lo.Cmp(&want.lo) != 0 || got.hi.Cmp(&want.hi) != 0 {
				t.Errorf("%s z=y: %v, want %v", c.name, got, want)
			}
		}
		a := new(I).Set(x)
		if a.Neg(a); a.lo.Cmp(new(big.Float).Neg(&x.hi)) != 0 || a.hi.Cmp(new(big.Float).Neg(&x.lo)) != 0 {
			t.Errorf("neg z=x: %v", a)
		}
	}
}

// TestDual checks the derivatives of a composite function against the
// derivative formula evaluated in interval arithmetic at the ends, and that
// the gradient over a box contains the derivatives at points inside.
func TestDual(t *testing.T) {
	const prec = 128
	// f(u, v) = erfc(u·v)·e^{u} / √(v) + u²; at points of [0.3, 0.4] × [1.5, 1.6].
	eval := func(u, v *D) *D {
		w := DMul(u, v)
		e, err := DExp(u)
		if err != nil {
			t.Fatal(err)
		}
		s, err := DSqrt(v)
		if err != nil {
			t.Fatal(err)
		}
		q, err := DQuo(DMul(DErfc(w), e), s)
		if err != nil {
			t.Fatal(err)
		}
		return DAdd(q, DSqr(u))
	}
	box := eval(Var(NewFloat64(prec, 0.3, 0.4), 0), Var(NewFloat64(prec, 1.5, 1.6), 1))
	for _, p := range [][2]float64{{0.3, 1.5}, {0.35, 1.55}, {0.4, 1.6}, {0.31, 1.59}} {
		pt := eval(Var(Point(prec, p[0]), 0), Var(Point(prec, p[1]), 1))
		if !box.V.ContainsI(pt.V) {
			t.Errorf("value at %v: %v not in %v", p, pt.V, box.V)
		}
		// Central differences with h = 2^-40: truncation error ~h² ~ 1e-24,
		// rounding 2^-128/h ~ 3e-27, far below the box's gradient widths.
		for k := range 2 {
			h := new(big.Float).SetMantExp(big.NewFloat(1), -40)
			pv := func(i int, s int) *D {
				v := new(big.Float).SetPrec(prec).SetFloat64(p[i])
				if i == k {
					d := new(big.Float).Mul(h, big.NewFloat(float64(s)))
					v.Add(v, d)
				}
				return Var(New(prec).SetBig(v, v), i)
			}
			fa := eval(pv(0, -1), pv(1, -1))
			fb := eval(pv(0, 1), pv(1, 1))
			fd := new(big.Float).SetPrec(prec).Sub(fb.V.Mid(), fa.V.Mid())
			fd.SetMantExp(fd, 39) // divide by 2h
			if !box.G[k].Contains(fd) {
				t.Errorf("d/dx%d at %v: %v not in %v", k, p, fd, box.G[k])
			}
			lo := new(big.Float).Sub(&pt.G[k].lo, big.NewFloat(1e-22))
			hi := new(big.Float).Add(&pt.G[k].hi, big.NewFloat(1e-22))
			if fd.Cmp(lo) < 0 || fd.Cmp(hi) > 0 {
				t.Errorf("d/dx%d at point %v: %v vs %v", k, p, fd, pt.G[k])
			}
		}
	}
	if box.G[2] != nil || box.G[3] != nil || box.Unbounded {
		t.Errorf("gradient in unused variables: %v", box.G)
	}
	// √ at an interval reaching 0 has no bounded gradient.
	s, err := DSqrt(Var(NewFloat64(prec, 0, 1), 0))
	if err != nil || !s.Unbounded {
		t.Errorf("sqrt at 0: %v %v", s, err)
	}
	if _, err := DQuo(Const(Point(prec, 1)), Var(NewFloat64(prec, -1, 1), 0)); err != ErrDivByZero {
		t.Errorf("1/[-1, 1]: %v", err)
	}
}

func BenchmarkExp(b *testing.B) {
	x := Point(128, 0.7316)
	z := New(128)
	for b.Loop() {
		z.Exp(x)
	}
}

func BenchmarkErfc(b *testing.B) {
	x := Point(128, 1.3)
	z := New(128)
	for b.Loop() {
		z.Erfc(x)
	}
}

func BenchmarkErfcCF(b *testing.B) {
	x := Point(128, 5.3)
	z := New(128)
	for b.Loop() {
		z.Erfc(x)
	}
}

func BenchmarkMul(b *testing.B) {
	x, y := NewFloat64(128, 0.3, 0.4), NewFloat64(128, -1.5, 1.6)
	z := New(128)
	for b.Loop() {
		z.Mul(x, y)
	}
}

// TestExponentRange: sums of numbers whose exponents are far apart are
// rounded correctly without aligning them bit by bit, and results that
// leave big.Float's exponent range keep their bounds.
func TestExponentRange(t *testing.T) {
	tiny := new(big.Float).SetMantExp(big.NewFloat(1), -(1<<30)-100) // 2^-(2^30+100); do not print it (its decimal form is slow)
	one := Point(128, 1)
	x := new(I).SetBig(tiny, tiny)
	s := New(128).Add(one, x)
	// 1 < 1 + tiny < 1 + 2^-127: the sum rounds to [1, 1 + 2^-127].
	next := new(big.Float).SetPrec(128).Set(new(big.Float).SetMantExp(big.NewFloat(1), -127))
	next.Add(next, big.NewFloat(1))
	if s.lo.Cmp(big.NewFloat(1)) != 0 || s.hi.Cmp(next) != 0 {
		t.Errorf("1 + 2^-2^30 = [%.5g, %.5g]", s.LoFloat64(), s.HiFloat64())
	}
	d := New(128).Sub(one, x)
	if d.hi.Cmp(big.NewFloat(1)) != 0 || d.lo.Cmp(big.NewFloat(1)) >= 0 {
		t.Errorf("1 - 2^-2^30 = [%.5g, %.5g]", d.LoFloat64(), d.HiFloat64())
	}
	// tiny² underflows big.Float: the upper end must stay positive.
	p := New(128).Mul(x, x)
	if p.lo.Sign() != 0 || p.hi.Sign() <= 0 {
		t.Errorf("(2^-2^30)^2: signs %d, %d", p.lo.Sign(), p.hi.Sign())
	}
	q := New(128).Sqr(x)
	if q.lo.Sign() != 0 || q.hi.Sign() <= 0 {
		t.Errorf("sqr(2^-2^30): signs %d, %d", q.lo.Sign(), q.hi.Sign())
	}
	n := New(128).Neg(x)
	if m := New(128).Mul(n, x); m.hi.Sign() != 0 || m.lo.Sign() >= 0 {
		t.Errorf("-(2^-2^30)^2: signs %d, %d", m.lo.Sign(), m.hi.Sign())
	}
}
