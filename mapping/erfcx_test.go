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
