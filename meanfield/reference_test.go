package meanfield

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// refRow is one row of testdata/meanfield.csv: mpmath nested quadrature of
// the definitions (testdata/gen_meanfield.py; two independent rules agree to
// 1e-18), 25 significant digits.
type refRow map[string]float64

func readRefs(t *testing.T) ([]refRow, []string) {
	t.Helper()
	fh, err := os.Open("testdata/meanfield.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []refRow
	var acts []string
	for _, r := range recs[1:] {
		row := refRow{}
		for i, k := range recs[0] {
			if k == "activation" {
				acts = append(acts, r[i])
				continue
			}
			v, err := strconv.ParseFloat(r[i], 64)
			if err != nil {
				t.Fatalf("%s = %q: %v", k, r[i], err)
			}
			row[k] = v
		}
		rows = append(rows, row)
	}
	return rows, acts
}

func refActivation(t *testing.T, name string, r refRow) mapping.Activation {
	f, err := mapping.ParseActivation(name, r["alpha"], r["lambda"])
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// Tolerances of the issue (#14): 1e-12 relative for χ₁, E[f′], the slopes
// and c̃; E[f(z₁)f(z₂)] to 1e-13 relative to E[f(z)²] (its scale: by
// Cauchy–Schwarz |E[f(z₁)f(z₂)]| ≤ E[f(z)²]).
const (
	relTol     = 1e-12
	productTol = 1e-13
)

// fprimeTol is the tolerance of E[f′(z₁)f′(z₂)] and the slope at c: the
// issue's 1e-12 for every activation. (tanh's was once 1.06e-12 off at row
// 26, from the outer layout's half-line next to a smoothed kink, fixed in
// layout.go; now 2.3e-15.)
func fprimeTol(string) float64 { return relTol }

func relErr(got, want, scale float64) float64 {
	if scale == 0 {
		scale = math.Abs(want)
	}
	if scale == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / scale
}

// TestReference compares every quantity with the mpmath references, by
// each route of the inner expectation, and logs the largest error of each.
func TestReference(t *testing.T) {
	rows, acts := readRefs(t)
	// testdata/meanfield.csv has the generator's 27 cases: guard against a
	// truncated file testing nothing.
	if len(rows) < 27 {
		t.Fatalf("only %d reference rows", len(rows))
	}
	// The closed-form route alone is not accurate everywhere (where the
	// rounding bound of its inner closed form is large, e.g. row 20, the
	// auto route switches to the nested one); it is only logged. What a
	// user gets is the auto route, held to the tolerances, and the
	// nested route is held to them too.
	for _, rt := range []route{autoRoute, closedRoute, nestedRoute, priceRoute} {
		worst := map[string]float64{}
		check := func(id int, name string, got, want, scale, tol float64) {
			e := relErr(got, want, scale)
			worst[name] = math.Max(worst[name], e)
			if !(e <= tol) && rt != closedRoute {
				t.Errorf("route %d, row %d: %s = %.17g, want %.17g (error %.2g > %.0g)", rt, id, name, got, want, e, tol)
			}
		}
		for i, r := range rows {
			f := refActivation(t, acts[i], r)
			id := int(r["id"])
			y, x := r["mu"]*r["omega"], r["nu"]*r["tau"]
			if rt == autoRoute {
				b, err := BackwardAt(f, r["mu"], r["nu"], r["omega"], r["tau"])
				if err != nil {
					t.Fatal(err)
				}
				check(id, "mean_fprime", b.MeanFPrime, r["mean_fprime"], 0, relTol)
				check(id, "second_fprime", b.SecondFPrime, r["second_fprime"], 0, relTol)
				check(id, "chi1", b.Chi1, r["chi1"], 0, relTol)
			}
			m, err := NewMapNormal(f, y, x)
			if err != nil {
				t.Fatal(err)
			}
			m.route = rt
			if _, ok := seluOf(f); !ok && (rt == closedRoute || rt == priceRoute) {
				continue
			}
			if rt == priceRoute && !(inPriceDomain(y, x) && r["c"] >= priceMinC) {
				continue // the Price route's domain (price.go)
			}
			c := r["c"]
			v, err := m.At(c)
			if err != nil {
				t.Fatal(err)
			}
			xi := r["nu_tilde"] + r["mu_tilde"]*r["mu_tilde"]
			check(id, "e_ff", v.Product, r["e_ff"], xi, productTol)
			check(id, "c_tilde", v.Centred, r["c_tilde"], 0, relTol)
			check(id, "c_tilde_uncentred", v.Uncentred, r["c_tilde_unc"], 0, relTol)
			d, err := m.DerivProduct(c)
			if err != nil {
				t.Fatal(err)
			}
			check(id, "e_fpfp", d, r["e_fpfp"], 0, fprimeTol(acts[i]))
			s, err := m.Slope(c)
			if err != nil {
				t.Fatal(err)
			}
			check(id, "slope", s, r["slope"], 0, fprimeTol(acts[i]))
			if rt == autoRoute {
				an, err := m.Analyze()
				if err != nil {
					t.Fatal(err)
				}
				check(id, "slope0", an.Slope0, r["slope0"], 0, relTol)
				check(id, "slope1", an.Slope1, r["slope1"], 0, relTol)
			}
		}
		t.Logf("route %d: largest errors %v", rt, worst)
	}
}
