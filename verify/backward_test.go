package verify

import (
	"encoding/json"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/internal/bigiv"
	"github.com/snnanalyze/snnanalyze/internal/interval"
	"github.com/snnanalyze/snnanalyze/internal/refdata"
	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// bigContains reports whether the big.Float enclosure [lo, hi] meets the
// reference ref ± 1e-28·|ref| (the reference has 30 significant digits,
// gen_backward.py, accurate to 1e-30 relative).
func bigContains(t *testing.T, lo, hi *big.Float, ref string) bool {
	t.Helper()
	r, _, err := big.ParseFloat(ref, 10, 300, big.ToNearestEven)
	if err != nil {
		t.Fatalf("%q: %v", ref, err)
	}
	e := new(big.Float).SetPrec(300).Abs(r)
	e.Mul(e, big.NewFloat(1e-28))
	rlo := new(big.Float).SetPrec(300).Sub(r, e)
	rhi := new(big.Float).SetPrec(300).Add(r, e)
	return lo.Cmp(rhi) <= 0 && rlo.Cmp(hi) <= 0
}

// ivContains is bigContains for a float64 interval.
func ivContains(t *testing.T, iv interval.I, ref string) bool {
	t.Helper()
	return bigContains(t, new(big.Float).SetFloat64(iv.Lo), new(big.Float).SetFloat64(iv.Hi), ref)
}

// TestBackwardReference holds the enclosures of E[f′] and χ₁ = τ·E[f′²]
// against testdata/backward.csv (gen_backward.py: mpmath quadrature of the
// definitions at 50 digits, two rules agreeing to 1e-30; no closed form
// stored): at every point the float64 interval enclosure (encloseBackward)
// and the independent checker's (bigEval.backward), with α and λ exact,
// contain the reference; where the point is regular (Theorem 1's domain,
// the α, λ rows) they are tight (relative width below 1e-14 and 1e-30);
// and the float64 value (Problem.Value, meanfield's closed form) is within
// 1e-14 relative of it.
func TestBackwardReference(t *testing.T) {
	ev := newBigEval(DefaultIndependentPrec)
	checked := 0
	for _, row := range refdata.Rows(t, "backward.csv") {
		if row["region"] == "fixedpoint" {
			continue // not a float64 point: TestChi1FixedPoint
		}
		f := func(k string) float64 { return refdata.Float(t, row[k]) }
		p := [4]float64{f("mu"), f("omega"), f("nu"), f("tau")}
		regular := row["region"] == "theorem1" || row["region"] == "alpha-lambda"
		// float64 intervals, α, λ and the point exact.
		M, W := interval.Const(interval.Point(p[0])), interval.Const(interval.Point(p[1]))
		N, T := interval.Const(interval.Point(p[2])), interval.Const(interval.Point(p[3]))
		A, L := interval.Const(interval.Point(f("alpha"))), interval.Const(interval.Point(f("lambda")))
		mean, second, err := encloseBackward(A, L, interval.DMul(M, W), interval.DMul(N, T), true)
		if err != nil {
			if regular {
				t.Errorf("row %s: %v", row["id"], err)
			}
		} else {
			chi := interval.Mul(T.V, second.V)
			for _, c := range []struct {
				name string
				iv   interval.I
			}{{"mean_fprime", mean.V}, {"chi1", chi}} {
				if !ivContains(t, c.iv, row[c.name]) {
					t.Errorf("row %s (%s) %s: reference %s outside [%.17g, %.17g]", row["id"], row["region"], c.name, row[c.name], c.iv.Lo, c.iv.Hi)
				}
				// A few dozen operations, each widened by one ulp: 1e-13
				// (measured: at most 1.9e-14, at α = λ = 0.1, μω = −2, ντ = 0.5).
				if w := (c.iv.Hi - c.iv.Lo) / c.iv.Hi; regular && !(w < 1e-13) {
					t.Errorf("row %s %s: float64 enclosure relative width %.3g", row["id"], c.name, w)
				}
				checked++
			}
		}
		// The independent checker's evaluator.
		var v [4]*bigiv.D
		for k := range 4 {
			v[k] = bigiv.Const(bigiv.Point(ev.prec, p[k]))
		}
		Ab := bigiv.Const(bigiv.Point(ev.prec, f("alpha")))
		Lb := bigiv.Const(bigiv.Point(ev.prec, f("lambda")))
		Y, X := bigiv.DMul(v[0], v[1]), bigiv.DMul(v[2], v[3])
		ev.err = nil
		bm := ev.backward(true, Ab, Lb, Y, X)
		bs := ev.backward(false, Ab, Lb, Y, X)
		if ev.err != nil {
			if regular {
				t.Errorf("row %s: independent checker: %v", row["id"], ev.err)
			}
			continue
		}
		bc := bigiv.DMul(v[3], bs)
		for _, c := range []struct {
			name string
			iv   *bigiv.I
		}{{"mean_fprime", bm.V}, {"chi1", bc.V}} {
			if !bigContains(t, c.iv.Lo(), c.iv.Hi(), row[c.name]) {
				t.Errorf("row %s (%s) %s: reference %s outside the independent checker's %v", row["id"], row["region"], c.name, row[c.name], c.iv)
			}
			if w := c.iv.RelWidth(); regular && !(w < 1e-30) {
				t.Errorf("row %s %s: independent relative width %.3g", row["id"], c.name, w)
			}
			checked++
		}
		// The float64 value of the grid scans and of Problem.Value.
		for _, q := range []Quantity{MinChi1, MaxMeanFPrime} {
			pr := Problem{Quantity: q, Box: BoxFromAxes([4][2]float64{{p[0], p[0]}, {p[1], p[1]}, {p[2], p[2]}, {p[3], p[3]}}),
				F: mapping.SELU{Alpha: f("alpha"), Lambda: f("lambda")}}
			got, err := pr.Value(p)
			key := map[Quantity]string{MinChi1: "chi1", MaxMeanFPrime: "mean_fprime"}[q]
			want := refdata.Float(t, row[key])
			if err != nil {
				if regular {
					t.Errorf("row %s %v: %v", row["id"], q, err)
				}
				continue
			}
			if want != 0 && math.Abs(got-want) > 1e-14*math.Abs(want) {
				t.Errorf("row %s %v: %.17g, reference %s", row["id"], q, got, row[key])
			}
		}
	}
	t.Logf("%d enclosures hold their reference", checked)
	if checked < 200 {
		t.Errorf("only %d enclosures checked", checked)
	}
}

// fixedPointRow returns testdata/backward.csv's row at the exact fixed
// point of g for α01, λ01 at (ω, τ) = (0, 1).
func fixedPointRow(t *testing.T) map[string]string {
	for _, row := range refdata.Rows(t, "backward.csv") {
		if row["region"] == "fixedpoint" {
			return row
		}
	}
	t.Fatal("backward.csv has no fixedpoint row")
	return nil
}

// certifyChecks certifies the claims of named checks (their own limits as
// thresholds) into a report with its conclusions, with the certificates.
func certifyChecks(t *testing.T, names ...string) (Report, []*Certificate) {
	t.Helper()
	rep := NewReport()
	var certs []*Certificate
	for _, n := range names {
		for _, c := range NamedClaims(n) {
			r, cert, err := c.Run(&RunSettings{Certify: true})
			if err != nil {
				t.Fatal(err)
			}
			rep.Add(r)
			certs = append(certs, cert)
		}
	}
	rep.Conclude()
	return rep, certs
}

// bigRat reads a decimal exactly.
func bigRat(t *testing.T, s string) *big.Rat {
	t.Helper()
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		t.Fatalf("not a decimal: %q", s)
	}
	return r
}

// TestChi1FixedPoint: chi1-fixed-point is certified and its conclusion
// licensed; the exact fixed point (gen_backward.py, 40 digits; it agrees
// with testdata/fixedpoints.csv) lies in the conclusion's Krawczyk box,
// the reference χ₁ there lies between the certified bounds, which are
// within 1e-12 of each other and above 1, and the statement prints them
// rounded outward.
func TestChi1FixedPoint(t *testing.T) {
	rep, _ := certifyChecks(t, "chi1-fixed-point")
	if !rep.Holds || len(rep.Conclusions) != 1 {
		t.Fatalf("holds %v, %d conclusions", rep.Holds, len(rep.Conclusions))
	}
	c := rep.Conclusions[0]
	if !c.Licensed || !c.Certified {
		t.Fatalf("not licensed: %+v", c)
	}
	row := fixedPointRow(t)
	lo, hi := c.Ranges["chi1"][0], c.Ranges["chi1"][1]
	if !(lo > 1) || !(hi-lo < 1e-12) {
		t.Errorf("chi1 in [%.17g, %.17g]", lo, hi)
	}
	if !bigContains(t, new(big.Float).SetFloat64(lo), new(big.Float).SetFloat64(hi), row["chi1"]) {
		t.Errorf("reference chi1 %s outside the certified [%.17g, %.17g]", row["chi1"], lo, hi)
	}
	for _, k := range []string{"mu", "nu"} {
		r := c.FixedPoint[k]
		ref := bigRat(t, row[k])
		if new(big.Rat).SetFloat64(r[0]).Cmp(ref) > 0 || ref.Cmp(new(big.Rat).SetFloat64(r[1])) > 0 {
			t.Errorf("the exact %s* = %s is outside the certified box %v", k, row[k], r)
		}
		u := c.FixedPointUnique[k]
		if !(u[0] <= r[0] && r[1] <= u[1]) {
			t.Errorf("%s: the fixed point's box %v is not inside the Krawczyk box %v", k, r, u)
		}
		if b := map[string][2]float64{"mu": FixedPointBox.Mu, "nu": FixedPointBox.Nu}[k]; !(b[0] <= r[0] && r[1] <= b[1]) {
			t.Errorf("%s: the fixed point's box %v is not inside the claim's %v", k, r, b)
		}
	}
	// The statement's outward rounding: "chi1 = tau E[f'(z)^2] in [a, b]"
	// with a <= lo and b >= hi, exactly.
	_, after, ok := strings.Cut(c.Statement, "chi1 = tau E[f'(z)^2] in [")
	if !ok {
		t.Fatalf("statement: %s", c.Statement)
	}
	ab, _, _ := strings.Cut(after, "]")
	a, b, _ := strings.Cut(ab, ", ")
	if bigRat(t, a).Cmp(new(big.Rat).SetFloat64(lo)) > 0 || bigRat(t, b).Cmp(new(big.Rat).SetFloat64(hi)) < 0 {
		t.Errorf("printed [%s, %s] does not contain [%.17g, %.17g]", a, b, lo, hi)
	}
	for _, want := range []string{"chaotic phase", "at least 1005.2 over 100 layers"} {
		if !strings.Contains(c.Statement, want) {
			t.Errorf("statement lacks %q: %s", want, c.Statement)
		}
	}
}

// TestChi1Theorem1: on Theorem 1's domain the certified bounds of χ₁ and
// E[f′] enclose every reference value of the domain (testdata/backward.csv:
// its 16 corners, where the extremes are, the centre and random points),
// lie within the search gap (1e-5) of the extreme corner's reference, the
// claims' limits are those bounds rounded outward to five digits (what
// docs/gradients.md states), and the conclusion prints them rounded outward
// to six.
func TestChi1Theorem1(t *testing.T) {
	rep, _ := certifyChecks(t, "chi1-theorem1")
	if !rep.Holds || len(rep.Conclusions) != 1 || !rep.Conclusions[0].Licensed {
		t.Fatalf("holds %v, conclusions %+v", rep.Holds, rep.Conclusions)
	}
	c := rep.Conclusions[0]
	for _, base := range []string{"chi1", "mean_fprime"} {
		lo, hi := c.Ranges[base][0], c.Ranges[base][1]
		minRef, maxRef := math.Inf(1), math.Inf(-1)
		for _, row := range refdata.Rows(t, "backward.csv") {
			if row["region"] != "theorem1" {
				continue
			}
			v := refdata.Float(t, row[base])
			minRef, maxRef = math.Min(minRef, v), math.Max(maxRef, v)
			ref := bigRat(t, row[base])
			if new(big.Rat).SetFloat64(lo).Cmp(ref) > 0 || ref.Cmp(new(big.Rat).SetFloat64(hi)) > 0 {
				t.Errorf("%s: reference %s at row %s outside the certified [%.17g, %.17g]", base, row[base], row["id"], lo, hi)
			}
		}
		if !(minRef-lo < 1e-5 && hi-maxRef < 1e-5) {
			t.Errorf("%s: certified [%.17g, %.17g], references [%.17g, %.17g]", base, lo, hi, minRef, maxRef)
		}
	}
	limits := map[string]float64{}
	for _, r := range rep.Checks {
		limits[r.Quantity] = r.Limit
		up := r.Quantity[:3] == "max"
		if got := DirectedDecimal(new(big.Float).SetFloat64(r.Bound), 5, up); refdata.Float(t, got) != r.Limit {
			t.Errorf("%s: limit %v, the bound %.17g rounded outward to five digits is %s", r.Quantity, r.Limit, r.Bound, got)
		}
	}
	for _, want := range []string{"chi1 = tau E[f'(z)^2] in [0.952668, 1.20898]", "E[f'(z)] in [0.922638, 1.01977]", "|omega E[f'(z)]| <= 0.101977"} {
		if !strings.Contains(c.Statement, want) {
			t.Errorf("statement lacks %q: %s", want, c.Statement)
		}
	}
	if len(limits) != 4 {
		t.Errorf("limits %v", limits)
	}
	// The text keeps phrases on one line with no-break spaces, and prints
	// them as spaces (the last line too).
	var text strings.Builder
	rep.WriteText(&text)
	if strings.Contains(text.String(), nbsp) || !strings.Contains(text.String(), "|omega E[f'(z)]| <= 0.101977") {
		t.Errorf("text output:\n%s", text.String())
	}
}

// TestChi1Certificates: the certificates of both χ₁ checks are accepted by
// both checkers (the fixed-point one with its fixed point re-proved), and
// tampered ones are refused: a leaf bound or the bound moved inwards, the
// name, box, limit or quantity changed.
func TestChi1Certificates(t *testing.T) {
	rep, certs := certifyChecks(t, "chi1-fixed-point", "chi1-theorem1")
	claims := append(NamedClaims("chi1-fixed-point"), NamedClaims("chi1-theorem1")...)
	if len(certs) != len(claims) || !rep.Holds {
		t.Fatalf("%d certificates for %d claims", len(certs), len(claims))
	}
	for i, cert := range certs {
		good := NewCertificateFile(cert, claims[i])
		rv, err := good.Review(nil)
		if err != nil || !rv.Valid || !rv.Proves {
			t.Fatalf("%s %s: %+v, %v", good.Name, good.Quantity, rv, err)
		}
		if (claims[i].Part == PartFixedPoint) != (rv.FixedPoint != nil && rv.FixedPoint.Proved) {
			t.Errorf("%s %s: fixed point review %+v", good.Name, good.Quantity, rv.FixedPoint)
		}
		clone := func() CertificateFile {
			data, _ := json.Marshal(good)
			var f CertificateFile
			if err := json.Unmarshal(data, &f); err != nil {
				t.Fatal(err)
			}
			return f
		}
		sg := claims[i].Quantity.sign()
		best := rep.Checks[i].Value // attained in the box (to 1e-15)
		invalid := map[string]func(*CertificateFile){
			// The leaf that sets the bound claims 1e-7 more than the value
			// at a point of the box: false, so no checker may reproduce it.
			"false leaf": func(f *CertificateFile) {
				for k, v := range f.Leaves {
					if v == f.Bound {
						f.Leaves[k] = best - sg*1e-7
					}
				}
				f.Bound = best - sg*1e-7
			},
			// The bound moved inwards past its leaves.
			"bound inwards": func(f *CertificateFile) { f.Bound -= sg * 1e-9 },
		}
		for name, edit := range invalid {
			f := clone()
			edit(&f)
			rv, err := f.Review(&IndependentSettings{MaxDepth: 2})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if rv.Valid || rv.Proves || rv.Float64.Valid || rv.Independent.Valid {
				t.Errorf("%s %s, %s: float64 %v, independent %v", good.Name, good.Quantity, name, rv.Float64.Valid, rv.Independent.Valid)
			}
		}
		refused := map[string]func(*CertificateFile){
			"renamed": func(f *CertificateFile) {
				f.Name = map[string]string{"chi1-fixed-point": "chi1-theorem1", "chi1-theorem1": "chi1-fixed-point"}[f.Name]
			},
			"other box":      func(f *CertificateFile) { f.Box["nu"] = Range{0.9, 1.1} },
			"other limit":    func(f *CertificateFile) { f.Limit = sg * 0.5 },
			"other quantity": func(f *CertificateFile) { f.Quantity = map[bool]string{true: "min_chi1", false: "max_chi1"}[sg > 0] },
		}
		if claims[i].Limit != 1 {
			// A certificate of χ₁ > 1 (or < 1) on its box is one of
			// gradient-grows (gradient-shrinks) on that box too, and binds
			// as such (without the fixed point); with another limit it
			// does not.
			refused["user kind"] = func(f *CertificateFile) {
				f.Name = map[bool]string{true: "gradient-shrinks", false: "gradient-grows"}[sg > 0]
			}
		}
		for name, edit := range refused {
			f := clone()
			edit(&f)
			if _, err := f.Review(nil); err == nil {
				t.Errorf("%s %s, %s: bound to a claim", good.Name, good.Quantity, name)
			}
		}
	}
}

// TestChi1UserKinds: gradient-grows holds on a box around the paper's
// fixed point and is refused with a counterexample where χ₁ < 1;
// gradient-shrinks the reverse (χ₁ at ν = 1.5, τ = 0.95 is 0.9527, at
// ν = 0.8, τ = 1.1 it is 1.209: testdata/backward.csv, theorem1 rows).
func TestChi1UserKinds(t *testing.T) {
	near := Box{Mu: [2]float64{-0.1, 0.1}, Omega: [2]float64{-0.1, 0.1}, Nu: [2]float64{0.9, 1.1}, Tau: [2]float64{1, 1.1}}
	low := Box{Mu: [2]float64{-0.1, 0.1}, Omega: [2]float64{-0.1, 0.1}, Nu: [2]float64{1.45, 1.5}, Tau: [2]float64{0.95, 0.96}}
	for _, c := range []struct {
		kind  string
		box   Box
		holds bool
	}{{"gradient-grows", near, true}, {"gradient-grows", low, false}, {"gradient-shrinks", low, true}, {"gradient-shrinks", near, false}} {
		cl := UserClaims(c.kind, c.box, mapping.StandardSELU, jacobian.Variance)
		if len(cl) != 1 {
			t.Fatalf("%s: %d claims", c.kind, len(cl))
		}
		r, _, err := cl[0].Run(&RunSettings{Certify: true})
		if err != nil {
			t.Fatal(err)
		}
		if r.Holds != c.holds || r.Certified != c.holds || r.Violated == c.holds {
			t.Errorf("%s on %v: holds %v, certified %v, violated %v", c.kind, c.box, r.Holds, r.Certified, r.Violated)
		}
	}
}
