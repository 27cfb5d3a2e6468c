package verify

import (
	"math"
	"strings"
	"testing"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

// runAll runs the named check's claims (certified or on a 5⁴ grid) into a
// report with its conclusions.
func runAll(t *testing.T, name string, certify bool) Report {
	t.Helper()
	rep := NewReport()
	for _, c := range NamedClaims(name) {
		r, _, err := c.Run(&RunSettings{Certify: certify, Grid: Grid{Points: [4]int{5, 5, 5, 5}}, Gap: 1e-4})
		if err != nil {
			t.Fatal(err)
		}
		rep.Add(r)
	}
	rep.Conclude()
	return rep
}

// TestConcludeTheorem1 (gap 1e-4): certified, Theorem 1 is proved on Ω, with the
// contraction constant the bound of ‖ℋ‖₂ and the fixed point inside the
// certified range of g; on the extended domain the self-map fails, and
// nothing is licensed; a grid scan licenses nothing.
func TestConcludeTheorem1(t *testing.T) {
	if testing.Short() {
		t.Skip("certification takes a few seconds")
	}
	rep := runAll(t, "theorem1", true)
	if len(rep.Conclusions) != 1 {
		t.Fatalf("%d conclusions", len(rep.Conclusions))
	}
	c := rep.Conclusions[0]
	if !c.Licensed || !c.Certified || c.Reason != "" || !rep.Holds {
		t.Fatalf("theorem1 certified: %+v", c)
	}
	byPart := map[string]Result{}
	for _, r := range rep.Checks {
		byPart[r.Part+" "+r.Quantity+" "+r.Of] = r
	}
	h := byPart["contraction max_spectral_norm variance"]
	if c.ContractionConstant != h.Bound || !(h.Bound < 1) || h.Margin != 1-h.Bound {
		t.Errorf("contraction constant %v, bound of H %v, margin %v", c.ContractionConstant, h.Bound, h.Margin)
	}
	if c.FixedPointRegion["mu"] != (Range{byPart["self-map min_mu_tilde "].Bound, byPart["self-map max_mu_tilde "].Bound}) ||
		c.FixedPointRegion["nu"] != (Range{byPart["self-map min_nu_tilde "].Bound, byPart["self-map max_nu_tilde "].Bound}) {
		t.Errorf("fixed point region %v", c.FixedPointRegion)
	}
	// The fixed point for ω = 0, τ = 1 is (0, 1); it must be inside.
	if r := c.FixedPointRegion; !(r["mu"][0] <= 0 && 0 <= r["mu"][1] && r["nu"][0] <= 1 && 1 <= r["nu"][1]) {
		t.Errorf("(0, 1) outside the fixed point region %v", r)
	}
	if c.Domain["mu"] != (Range{-0.1, 0.1}) || c.Domain["nu"] != (Range{0.8, 1.5}) || c.Weights["tau"] != (Range{0.95, 1.1}) {
		t.Errorf("domain %v, weights %v", c.Domain, c.Weights)
	}
	if len(c.Parts) != 6 || c.Parts[5].Part != PartReference || c.Parts[5].Of != jacobian.SecondMoment.String() {
		t.Errorf("parts %+v", c.Parts)
	}
	// The reference: 𝒥 on the extended domain, next to the paper's grid
	// maximum and bound.
	j := byPart["reference max_spectral_norm second-moment"]
	if j.Paper == nil || *j.Paper != 0.9912524171058772 || j.PaperBound == nil || math.Abs(*j.PaperBound-0.9999994171058772) > 1e-16 ||
		!(j.Bound >= 0.9912524171058748 && j.Bound <= 0.9912524171058748+1e-4) {
		t.Errorf("reference: %+v", j)
	}

	ext := runAll(t, "theorem1-extended", true)
	c = ext.Conclusions[0]
	if c.Licensed || ext.Holds || !strings.Contains(c.Reason, "self-map part fails: min_nu_tilde") || !strings.Contains(c.Reason, "max_nu_tilde") {
		t.Errorf("theorem1-extended: %+v", c)
	}

	grid := runAll(t, "theorem1", false)
	c = grid.Conclusions[0]
	if c.Licensed || c.Certified || !strings.Contains(c.Reason, "grid scans") || !grid.Holds {
		t.Errorf("theorem1 grid: %+v", c)
	}
}

// TestConcludeRefuses: without all parts, with parts that are not of one
// domain, or with a part stopped early, nothing is licensed.
func TestConcludeRefuses(t *testing.T) {
	part := func(q Quantity, of string, bound, limit float64) Result {
		b := boxMap(Theorem1Box)
		return Result{Name: "theorem1", Quantity: q.String(), Of: of, Bound: bound, Limit: limit, Holds: true, Certified: true,
			Method: "certified", Box: b, Alpha: 1.6732632423543772, Lambda: 1.0507009873554805, Part: map[bool]string{true: PartContraction, false: PartSelfMap}[q == MaxSpectralNorm]}
	}
	whole := func() []Result {
		return []Result{part(MaxSpectralNorm, "variance", 0.9, 1), part(MinMuTilde, "", -0.04, -0.1), part(MaxMuTilde, "", 0.07, 0.1),
			part(MinNuTilde, "", 0.81, 0.8), part(MaxNuTilde, "", 1.49, 1.5)}
	}
	conclude := func(rs []Result) Conclusion {
		rep := NewReport()
		for _, r := range rs {
			rep.Add(r)
		}
		rep.Conclude()
		return rep.Conclusions[0]
	}
	if c := conclude(whole()); !c.Licensed {
		t.Fatalf("whole: %+v", c)
	}
	cases := map[string]func([]Result) []Result{
		"missing part":  func(rs []Result) []Result { return rs[:4] },
		"other limit":   func(rs []Result) []Result { rs[3].Limit = 0.7; return rs },
		"other box":     func(rs []Result) []Result { rs[2].Box = boxMap(Theorem1ExtendedBox); return rs },
		"J contraction": func(rs []Result) []Result { rs[0].Of = "second-moment"; return rs },
		"partial":       func(rs []Result) []Result { rs[1].Partial = true; return rs },
		"fails":         func(rs []Result) []Result { rs[4].Holds = false; return rs },
		"grid":          func(rs []Result) []Result { rs[0].Certified = false; return rs },
	}
	for name, edit := range cases {
		c := conclude(edit(whole()))
		if c.Licensed || c.Reason == "" || c.Statement != "" {
			t.Errorf("%s: licensed %+v", name, c)
		}
	}
}

// TestBindTheoremClaims: a certificate of each claim of the whole theorems
// binds to that claim, the norms of ℋ and 𝒥 (on their own boxes) included.
func TestBindTheoremClaims(t *testing.T) {
	for _, name := range []string{"theorem1", "theorem1-extended"} {
		for _, c := range NamedClaims(name) {
			of := ""
			if c.Quantity == MaxSpectralNorm {
				of = c.Of.String()
			}
			got, err := BindClaim(name, c.Quantity.String(), of, boxMap(c.Box), c.F.Alpha, c.F.Lambda, c.Limit)
			if err != nil || got.Box != c.Box || got.Of != c.Of || got.Part != c.Part {
				t.Errorf("%s %v %s: %v, %+v", name, c.Quantity, of, err, got)
			}
		}
	}
	// The reference norm of 𝒥 on Ω (not the catalogue's box) is refused.
	if _, err := BindClaim("theorem1", "max_spectral_norm", "second-moment", boxMap(Theorem1Box), 1.6732632423543772, 1.0507009873554805, 1); err == nil {
		t.Error("theorem1's norm of J on Omega bound")
	}
}

// TestBindUserMapping: "mapping" is both a named check (Lemma 13's limits)
// and a user kind (the box's own limits). A certificate of the user check
// on Theorem 1's box — the same box as the named check's — binds to the
// user claim (it was once refused: "has the limit -0.03106, not the -0.1
// given"), and one with a limit of neither is refused.
func TestBindUserMapping(t *testing.T) {
	f := mapping.StandardSELU
	for _, c := range UserClaims("mapping", Theorem1Box, f, jacobian.Variance) {
		got, err := BindClaim("mapping", c.Quantity.String(), "", boxMap(c.Box), f.Alpha, f.Lambda, c.Limit)
		if err != nil || got.Limit != c.Limit || got.Quantity != c.Quantity {
			t.Errorf("user mapping %v (limit %v): %v, %+v", c.Quantity, c.Limit, err, got)
		}
	}
	for _, c := range NamedClaims("mapping") {
		if _, err := BindClaim("mapping", c.Quantity.String(), "", boxMap(c.Box), c.F.Alpha, c.F.Lambda, c.Limit); err != nil {
			t.Errorf("named mapping %v: %v", c.Quantity, err)
		}
	}
	if _, err := BindClaim("mapping", "min_mu_tilde", "", boxMap(Theorem1Box), f.Alpha, f.Lambda, -0.05); err == nil {
		t.Error("a mapping certificate with the limit -0.05 bound")
	}
}
