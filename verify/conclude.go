package verify

import (
	"fmt"
	"io"
	"strings"
)

// Conclusion is what the parts of a whole theorem prove together (Conclude).
//
// Theorem 1 follows from Banach's fixed point theorem. Fix (ω, τ) in the
// weight ranges and let D be the (μ, ν) rectangle of the domain, a closed
// convex subset of ℝ² with the Euclidean norm. If g = g(·; ω, τ) maps D into
// D (the self-map part: the extremes of μ̃ and ν̃ over the domain lie in D's
// ranges) and ‖ℋ‖₂ ≤ L < 1 on D (the contraction part, with ℋ the Jacobian
// of (μ̃, ν̃) in (μ, ν)), then for p, q in D, g(p) − g(q) =
// ∫₀¹ ℋ(q + t(p − q))·(p − q) dt (the segment lies in D, and g is smooth
// there), so ‖g(p) − g(q)‖ ≤ L‖p − q‖: g is a contraction of D. Hence g
// has exactly one fixed point p* in D, and for every p in D the iterates
// converge to it: ‖gⁿ(p) − p*‖ ≤ Lⁿ‖p − p*‖. Since p* = g(p*), it lies in
// the range of g on D, which the self-map part bounds. The bounds hold for
// all (ω, τ) of the domain at once (the domain is a box in (μ, ω, ν, τ)).
type Conclusion struct {
	// Check is the named check (theorem1, theorem1-extended).
	Check string `json:"check"`
	// Licensed: every part the conclusion needs was certified and holds.
	Licensed bool `json:"licensed"`
	// Certified: every needed part was run with --certify.
	Certified bool `json:"certified"`
	// Statement is what is proved (when licensed), Reason why nothing is
	// (when not).
	Statement string `json:"statement,omitempty"`
	Reason    string `json:"reason,omitempty"`
	// statementText is Statement with the spaces the text output keeps
	// (nbsp).
	statementText string
	// Domain is D, the (μ, ν) rectangle; Weights the (ω, τ) ranges.
	Domain  map[string]Range `json:"domain"`
	Weights map[string]Range `json:"weights"`
	// ContractionConstant is L, the certified bound of ‖ℋ‖₂ (when
	// licensed), and FixedPointRegion the certified range of g on D, where
	// the fixed point lies.
	ContractionConstant float64          `json:"contraction_constant,omitempty"`
	FixedPointRegion    map[string]Range `json:"fixed_point_region,omitempty"`
	// Ranges: for a check of ranges (PartRange, PartFixedPoint), the
	// certified enclosure of each quantity (chi1, mean_fprime) on its box,
	// or at the fixed point (when licensed).
	Ranges map[string]Range `json:"ranges,omitempty"`
	// FixedPoint is the box in (μ, ν) that holds the fixed point of g for
	// the check's (ω, τ), and FixedPointUnique the box of the Krawczyk test,
	// which holds no other (CertifyFixedPoint; PartFixedPoint, when
	// licensed).
	FixedPoint       map[string]Range `json:"fixed_point,omitempty"`
	FixedPointUnique map[string]Range `json:"fixed_point_unique,omitempty"`
	// Assumes says what the conclusion rests on beyond its parts (each
	// part's result has its own assumes): for a fixed-point conclusion the
	// Krawczyk test's assumptions, and how the backward factor is read.
	Assumes string `json:"assumes,omitempty"`
	// Parts are the checks the conclusion rests on, then those shown beside
	// it (PartReference).
	Parts []ConclusionPart `json:"parts"`
	// argument names what draws the conclusion, for the text output.
	argument string
}

// ConclusionPart is one claim of a whole theorem.
type ConclusionPart struct {
	Part      string  `json:"part"`
	Quantity  string  `json:"quantity"`
	Of        string  `json:"of,omitempty"`
	Bound     float64 `json:"bound"`
	Limit     float64 `json:"limit"`
	Margin    float64 `json:"margin"`
	Holds     bool    `json:"holds"`
	Certified bool    `json:"certified"`
	Partial   bool    `json:"partial"`
	Violated  bool    `json:"violated,omitempty"`
}

// selfMapQuantities are the four extremes of the self-map part.
var selfMapQuantities = []string{MinMuTilde.String(), MaxMuTilde.String(), MinNuTilde.String(), MaxNuTilde.String()}

// Conclude sets the report's conclusions: one for each check that has
// theorem parts (Claim.Part), in the order of the checks.
func (r *Report) Conclude() {
	r.Conclusions = nil
	var names []string
	byName := map[string][]Result{}
	for _, c := range r.Checks {
		if c.Part == "" {
			continue
		}
		if _, ok := byName[c.Name]; !ok {
			names = append(names, c.Name)
		}
		byName[c.Name] = append(byName[c.Name], c)
	}
	for _, n := range names {
		if isRangeCheck(byName[n]) {
			r.Conclusions = append(r.Conclusions, concludeRange(n, byName[n]))
			continue
		}
		r.Conclusions = append(r.Conclusions, conclude(n, byName[n]))
	}
}

// conclude draws the conclusion of one theorem from its parts' results
// (Banach's fixed point theorem).
func conclude(name string, rs []Result) Conclusion {
	c := Conclusion{Check: name, argument: "Banach's fixed point theorem; every part certified"}
	var contraction *Result
	selfMap := map[string]*Result{}
	for i := range rs {
		r := &rs[i]
		p := ConclusionPart{Part: r.Part, Quantity: r.Quantity, Of: r.Of, Bound: r.Bound, Limit: r.Limit, Margin: r.Margin,
			Holds: r.Holds, Certified: r.Certified, Partial: r.Partial, Violated: r.Violated}
		c.Parts = append(c.Parts, p)
		switch r.Part {
		case PartContraction:
			contraction = r
		case PartSelfMap:
			selfMap[r.Quantity] = r
		}
	}
	// The parts needed, and that they are about one domain.
	var missing []string
	if contraction == nil {
		missing = append(missing, "max_spectral_norm of H")
	}
	for _, q := range selfMapQuantities {
		if selfMap[q] == nil {
			missing = append(missing, q)
		}
	}
	if len(missing) > 0 {
		c.Reason = "not drawn: " + strings.Join(missing, ", ") + " did not run (with --of, verify runs only the spectral-norm " +
			"claims); the conclusion needs the contraction part (max_spectral_norm of H) and the four self-map parts"
		return c
	}
	box := contraction.Box
	c.Domain = map[string]Range{"mu": box["mu"], "nu": box["nu"]}
	c.Weights = map[string]Range{"omega": box["omega"], "tau": box["tau"]}
	want := map[string]float64{MinMuTilde.String(): box["mu"][0], MaxMuTilde.String(): box["mu"][1], MinNuTilde.String(): box["nu"][0], MaxNuTilde.String(): box["nu"][1]}
	fit := contraction.Quantity == MaxSpectralNorm.String() && contraction.Of == "variance" && contraction.Limit == 1
	for q, r := range selfMap {
		fit = fit && sameBox(r.Box, box) && r.Limit == want[q] && r.Alpha == contraction.Alpha && r.Lambda == contraction.Lambda
	}
	if !fit {
		c.Reason = "not drawn: the parts are not the contraction of H and the self-map of one domain"
		return c
	}
	needed := append([]*Result{contraction}, selfMap[selfMapQuantities[0]], selfMap[selfMapQuantities[1]], selfMap[selfMapQuantities[2]], selfMap[selfMapQuantities[3]])
	if !c.judge(needed) {
		return c
	}
	L := contraction.Bound
	c.ContractionConstant = L
	c.FixedPointRegion = map[string]Range{
		"mu": {selfMap[MinMuTilde.String()].Bound, selfMap[MaxMuTilde.String()].Bound},
		"nu": {selfMap[MinNuTilde.String()].Bound, selfMap[MaxNuTilde.String()].Bound},
	}
	st := fmt.Sprintf("for every (omega, tau) in %s x %s, g(.; omega, tau) maps D = %s x %s (mu x nu) into itself and "+
		"is a contraction of D in the Euclidean norm with constant L <= %s < 1; by Banach's fixed point theorem it has exactly one "+
		"fixed point p* in D, stable and attracting: the iterates of every p in D converge to it, |g^n(p) - p*| <= L^n |p - p*|; "+
		"and p* lies in mu %s, nu %s",
		rangeText(c.Weights["omega"]), rangeText(c.Weights["tau"]), rangeText(c.Domain["mu"]), rangeText(c.Domain["nu"]), fmtFloat(L),
		rangeText(c.FixedPointRegion["mu"]), rangeText(c.FixedPointRegion["nu"]))
	for _, keep := range []string{"(omega, tau)", "g(.; omega, tau)", "(mu x nu)", "L <= ", " < 1", "p* in D", "|g^n(p) - p*| <= L^n |p - p*|"} {
		st = strings.ReplaceAll(st, keep, strings.ReplaceAll(keep, " ", nbsp))
	}
	c.Statement = strings.ReplaceAll(st, nbsp, " ")
	c.statementText = st
	return c
}

// judge sets c.Certified, and c.Licensed when every needed part is
// certified, complete and holds; otherwise c.Reason says why not. It
// reports c.Licensed.
func (c *Conclusion) judge(needed []*Result) bool {
	c.Certified = true
	var failed, partial, grid []string
	for _, r := range needed {
		what := r.Part + " " + r.Quantity
		switch {
		case r.Partial:
			partial = append(partial, what)
		case !r.Holds:
			rel, value := ">", "bound"
			if strings.HasPrefix(r.Quantity, "max") {
				rel = "<"
			}
			switch {
			case r.Violated:
				value = "value"
			case !r.Certified:
				value = "grid extreme"
			}
			failed = append(failed, fmt.Sprintf("the %s part fails: %s %s %s at (mu, omega, nu, tau) = (%s, %s, %s, %s) is not %s %s",
				r.Part, r.Quantity, value, fmtFloat(r.Bound), fmtFloat(r.At["mu"]), fmtFloat(r.At["omega"]), fmtFloat(r.At["nu"]), fmtFloat(r.At["tau"]), rel, fmtFloat(r.Limit)))
		}
		if !r.Certified {
			c.Certified = false
			grid = append(grid, what)
		}
	}
	switch {
	case len(failed) > 0:
		c.Reason = "not licensed: " + strings.Join(failed, "; ")
	case len(partial) > 0:
		c.Reason = "not licensed: stopped early (" + strings.Join(partial, ", ") + ")"
	case len(grid) > 0:
		c.Reason = "not licensed: the parts are grid scans, which are not proofs (run with --certify)"
	default:
		c.Licensed = true
	}
	return c.Licensed
}

func sameBox(a, b map[string]Range) bool {
	for _, n := range AxisNames {
		if a[n] != b[n] {
			return false
		}
	}
	return len(a) == len(b)
}

// nbsp joins words that the text output keeps on one line (wrap).
const nbsp = "\u00a0"

func rangeText(r Range) string { return "[" + fmtFloat(r[0]) + "," + nbsp + fmtFloat(r[1]) + "]" }

// partText describes each part of a whole theorem in the text output.
var partText = map[string]string{
	PartContraction: "contraction (Theorem 1's hypothesis (i): ||H||_2 < 1)",
	PartSelfMap:     "self-map (Theorem 1's hypothesis (ii): g maps Omega into itself)",
	PartReference:   "reference: the norm the paper's proof bounds (Lemma 12); not needed by the conclusion",
	PartRange:       "range (with the check's other extremes, encloses the quantity on the box)",
	PartFixedPoint:  "fixed-point (the box holds the fixed point of g for its omega, tau: proved in the conclusion)",
}

// WriteText prints the conclusion: the verdict, each part's bound, limit
// and margin, and what is proved or why nothing is.
func (c Conclusion) WriteText(out io.Writer) {
	verdict := "PROVED (" + c.argument + ")"
	if !c.Licensed {
		verdict = "NOT LICENSED"
		if strings.HasPrefix(c.Reason, "not drawn") {
			verdict = "NOT DRAWN"
		}
	}
	fmt.Fprintf(out, "%s: conclusion %s\n", c.Check, verdict)
	fmt.Fprintf(out, "  %-12s %-22s %-4s %-24s %-10s %s\n", "part", "quantity", "of", "bound", "limit", "margin")
	for _, p := range c.Parts {
		rel := ">"
		if strings.HasPrefix(p.Quantity, "max") {
			rel = "<"
		}
		of := map[string]string{"variance": "H", "second-moment": "J"}[p.Of]
		what := "bound"
		switch {
		case p.Violated:
			what = "counterexample"
		case !p.Certified:
			what = "grid extreme"
		}
		note := ""
		if what != "bound" || p.Partial {
			note = " (" + what
			if p.Partial {
				note += ", partial"
			}
			note += ")"
		}
		fmt.Fprintf(out, "  %-12s %-22s %-4s %-24s %-10s %.6g%s\n", p.Part, p.Quantity, of, fmtFloat(p.Bound), rel+" "+fmtFloat(p.Limit), p.Margin, note)
	}
	text := c.Reason
	if c.Licensed {
		text = "proved: " + c.statementText
	}
	for _, line := range wrap(text, 96) {
		fmt.Fprintf(out, "  %s\n", line)
	}
	if c.Licensed && c.Assumes != "" {
		for _, line := range wrap("assumes, beyond the parts: "+c.Assumes, 96) {
			fmt.Fprintf(out, "  %s\n", line)
		}
	}
	fmt.Fprintln(out)
}

// wrap breaks text into lines of at most width characters at spaces (not
// at nbsp, which it prints as a space).
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Split(text, " ") {
		if w == "" {
			continue
		}
		if line != "" && len([]rune(line))+1+len([]rune(w)) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	lines = append(lines, line)
	for i := range lines {
		lines[i] = strings.ReplaceAll(lines[i], nbsp, " ")
	}
	return lines
}
