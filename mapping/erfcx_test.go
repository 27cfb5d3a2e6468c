package mapping

import (
	"math"
	"strconv"
	"testing"

	"github.com/snnanalyze/snnanalyze/internal/refdata"
)

// Reference tables of testdata/.
var (
	readCSV = refdata.Rows
	parse   = refdata.Float
)

// ulps returns |got − want| in units of the last place of want.
func ulps(got, want float64) float64 {
	if got == want {
		return 0
	}
	u := math.Nextafter(math.Abs(want), math.Inf(1)) - math.Abs(want)
	return math.Abs(got-want) / u
}

// TestErfcxReference compares Erfcx with mpmath's e^{x²}·erfc(x) at 50 digits
// over the whole line: testdata/erfcx.csv (testdata/gen_reference.py: about
// 300 points from −26.5 to 1e300) and testdata/erfcx_dense.csv
// (testdata/gen_erfcx.py: every end of the polynomial intervals, its float64
// neighbours, the switch to the asymptotic series at 12, and 2000 random
// points).
func TestErfcxReference(t *testing.T) {
	for _, file := range []string{"erfcx.csv", "erfcx_dense.csv"} {
		t.Run(file, func(t *testing.T) { testErfcxFile(t, file) })
	}
}

func testErfcxFile(t *testing.T, file string) {
	const maxULP = 4 // "a few ulps" (issue 2)
	worst, worstX := 0.0, 0.0
	for _, row := range readCSV(t, file) {
		x, want := parse(t, row["x"]), parse(t, row["erfcx"])
		got := Erfcx(x)
		if math.IsInf(want, 1) {
			if !math.IsInf(got, 1) {
				t.Errorf("Erfcx(%v) = %v, want +Inf", x, got)
			}
			continue
		}
		e := ulps(got, want)
		if e > worst {
			worst, worstX = e, x
		}
		if e > maxULP {
			t.Errorf("Erfcx(%v) = %.17g, want %.17g (%.1f ulp)", x, got, want, e)
		}
	}
	t.Logf("worst error %.2f ulp at x = %v", worst, worstX)
}

func TestErfcxSpecial(t *testing.T) {
	if !math.IsNaN(Erfcx(math.NaN())) {
		t.Error("Erfcx(NaN) is not NaN")
	}
	if got := Erfcx(math.Inf(1)); got != 0 {
		t.Errorf("Erfcx(+Inf) = %v, want 0", got)
	}
	if got := Erfcx(-30); !math.IsInf(got, 1) {
		t.Errorf("Erfcx(-30) = %v, want +Inf (e^900 overflows)", got)
	}
	if got := Erfcx(0); got != 1 {
		t.Errorf("Erfcx(0) = %v, want 1", got)
	}
}

// BenchmarkErfcx times one call on each branch.
func BenchmarkErfcx(b *testing.B) {
	for _, x := range []float64{-3, 0.7, 4, 11, 30} {
		b.Run(strconv.FormatFloat(x, 'g', -1, 64), func(b *testing.B) {
			var sink float64
			for b.Loop() {
				sink += Erfcx(x)
			}
			_ = sink
		})
	}
}

// TestErfcx3SameAsErfcx: the interleaved evaluation of three points gives
// Erfcx's results bit for bit (every piece, its ends, random points).
func TestErfcx3SameAsErfcx(t *testing.T) {
	var xs []float64
	for k := 0; k <= 12*16; k++ {
		x := float64(k) / 16
		xs = append(xs, x, math.Nextafter(x, 0), math.Nextafter(x, 13))
	}
	r := uint64(1)
	for range 3000 {
		r = r*6364136223846793005 + 1442695040888963407
		xs = append(xs, 12*float64(r>>11)/(1<<53))
	}
	for i := 0; i+2 < len(xs); i++ {
		x0, x1, x2 := xs[i], xs[i+1], xs[(i*7)%len(xs)]
		if x0 >= 12 || x1 >= 12 || x2 >= 12 || x0 < 0 || x1 < 0 || x2 < 0 {
			continue
		}
		a, b, c := erfcx3(x0, x1, x2)
		if a != Erfcx(x0) || b != Erfcx(x1) || c != Erfcx(x2) {
			t.Fatalf("erfcx3(%v, %v, %v) = %v, %v, %v; Erfcx %v, %v, %v", x0, x1, x2, a, b, c, Erfcx(x0), Erfcx(x1), Erfcx(x2))
		}
	}
}

// TestClosedFormPairSameAsAt: the interleaved pair gives closedFormAt's
// moments bit for bit, on the usual and the unusual paths (erfcx arguments
// beyond 12 or below 0).
func TestClosedFormPairSameAsAt(t *testing.T) {
	ys := []float64{-30, -3, -0.5, -1e-9, 0, 1e-300, 0.01, 0.7, 4, 25}
	xs := []float64{1e-8, 0.01, 0.3, 1, 2.5, 40, 1e4}
	for _, f := range []SELU{StandardSELU, {Alpha: 0.3, Lambda: 4}} {
		for _, x0 := range xs {
			for _, x1 := range xs {
				v0, v1 := NewVariance(x0), NewVariance(x1)
				for _, y0 := range ys {
					for _, y1 := range ys {
						var t0, t1, u cfTerms
						a, b := f.closedFormPair(y0, y1, &v0, &v1, &t0, &t1)
						wa, wb := f.closedFormAt(y0, &v0, &u), f.closedFormAt(y1, &v1, &u)
						if !sameMoments(a, wa) || !sameMoments(b, wb) {
							t.Fatalf("(%v, %v), (%v, %v): pair %+v %+v, single %+v %+v", y0, x0, y1, x1, a, b, wa, wb)
						}
					}
				}
			}
		}
	}
}

// sameMoments compares bit for bit (NaN equals NaN).
func sameMoments(a, b Moments) bool {
	return math.Float64bits(a.Mean) == math.Float64bits(b.Mean) && math.Float64bits(a.Second) == math.Float64bits(b.Second) && math.Float64bits(a.Var) == math.Float64bits(b.Var)
}
