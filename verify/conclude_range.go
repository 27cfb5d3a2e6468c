package verify

import (
	"fmt"
	"math"
	"math/big"
	"strings"

	"github.com/snnanalyze/snnanalyze/internal/interval"
)

// isRangeCheck reports whether a check's parts are ranges (PartRange or
// PartFixedPoint), concluded by concludeRange.
func isRangeCheck(rs []Result) bool {
	for _, r := range rs {
		if r.Part != PartRange && r.Part != PartFixedPoint {
			return false
		}
	}
	return len(rs) > 0
}

// rangeQuantities describes the quantities a range conclusion encloses, by
// the name of their extremes without "min_"/"max_".
var rangeQuantities = map[string]string{
	"chi1":        "chi1 = tau E[f'(z)^2]",
	"mean_fprime": "E[f'(z)]",
}

// chi1Reading is what reading χ₁ as the gradient's growth factor assumes
// (package meanfield, Backward).
const chi1Reading = "chi1 is the per-layer factor of a zero-mean gradient's second moment under gradient independence " +
	"(the backward pass's weights independent of the forward pass's, outgoing weight statistics equal to the incoming omega, tau)"

// rangeDigits is the number of significant digits of the ranges a
// conclusion prints (rounded outward), at least.
const rangeDigits = 6

// growthLayers is the depth over which a fixed-point conclusion states the
// growth (or decay) of the gradient's second moment.
const growthLayers = 100

// concludeRange draws the conclusion of a check whose parts are the minimum
// and maximum of quantities on one box (PartRange): each quantity lies
// between its certified bounds at every point of the box. When the parts
// are PartFixedPoint, the box's ω and τ must be single values, and the
// conclusion proves with CertifyFixedPoint (the Krawczyk test) that g for
// that (ω, τ) has exactly one fixed point in a box inside the check's (μ, ν)
// ranges: the bounds then hold at the fixed point. For χ₁ there, ν̃ = ν, so
// χ₁ = ντ·E[f′²]/ν̃ is also the slope of the centred correlation map at
// c = 1 (package meanfield): χ₁ > 1 makes c = 1 unstable (the chaotic
// phase), χ₁ < 1 stable (the ordered phase).
func concludeRange(name string, rs []Result) Conclusion {
	c := Conclusion{Check: name, argument: "every part certified"}
	type extremes struct{ min, max *Result }
	byBase := map[string]*extremes{}
	var bases []string
	fixed := false
	for i := range rs {
		r := &rs[i]
		c.Parts = append(c.Parts, ConclusionPart{Part: r.Part, Quantity: r.Quantity, Of: r.Of, Bound: r.Bound, Limit: r.Limit, Margin: r.Margin,
			Holds: r.Holds, Certified: r.Certified, Partial: r.Partial, Violated: r.Violated})
		fixed = fixed || r.Part == PartFixedPoint
		base, isMin := strings.CutPrefix(r.Quantity, "min_")
		if !isMin {
			base = strings.TrimPrefix(r.Quantity, "max_")
		}
		e := byBase[base]
		if e == nil {
			e = &extremes{}
			byBase[base] = e
			bases = append(bases, base)
		}
		if isMin {
			e.min = r
		} else {
			e.max = r
		}
	}
	if fixed {
		c.argument = "Krawczyk's test for the fixed point; every part certified"
	}
	// The parts needed: both extremes of every quantity, on one box, for
	// one α, λ, of one kind.
	var missing []string
	for _, b := range bases {
		if byBase[b].min == nil {
			missing = append(missing, "min_"+b)
		}
		if byBase[b].max == nil {
			missing = append(missing, "max_"+b)
		}
	}
	if len(missing) > 0 {
		c.Reason = "not drawn: " + strings.Join(missing, ", ") + " did not run; the conclusion needs both extremes of every quantity"
		return c
	}
	first := &rs[0]
	box := first.Box
	for i := range rs {
		r := &rs[i]
		if !sameBox(r.Box, box) || r.Alpha != first.Alpha || r.Lambda != first.Lambda || r.Part != first.Part {
			c.Reason = "not drawn: the parts are not the extremes of one box, for one alpha and lambda"
			return c
		}
	}
	c.Domain = map[string]Range{"mu": box["mu"], "nu": box["nu"]}
	c.Weights = map[string]Range{"omega": box["omega"], "tau": box["tau"]}
	var needed []*Result
	for _, b := range bases {
		needed = append(needed, byBase[b].min, byBase[b].max)
	}
	if !c.judge(needed) {
		return c
	}
	c.Ranges = map[string]Range{}
	for _, b := range bases {
		c.Ranges[b] = Range{byBase[b].min.Bound, byBase[b].max.Bound}
	}
	if _, ok := c.Ranges["chi1"]; ok {
		c.Assumes = chi1Reading
	}
	var st strings.Builder
	params := fmt.Sprintf("SELU alpha, lambda within one ulp of %s, %s", fmtFloat(first.Alpha), fmtFloat(first.Lambda))
	if !fixed {
		fmt.Fprintf(&st, "for every (mu, omega, nu, tau) in mu %s x omega %s x nu %s x tau %s, and %s: ",
			rangeText(box["mu"]), rangeText(box["omega"]), rangeText(box["nu"]), rangeText(box["tau"]), params)
		writeRanges(&st, bases, c.Ranges, rangeDigits)
		st.WriteString(", z ~ N(mu omega, nu tau) (the certified bounds, rounded outward)")
		if r, ok := c.Ranges["chi1"]; ok {
			lo, hi := outward(r, rangeDigits)
			fmt.Fprintf(&st, "; under gradient independence a zero-mean gradient's second moment changes by a factor in [%s, %s] per layer", lo, hi)
			switch {
			case r[0] > 1:
				st.WriteString(" (it grows on the whole box)")
			case r[1] < 1:
				st.WriteString(" (it shrinks on the whole box)")
			}
		}
		if r, ok := c.Ranges["mean_fprime"]; ok {
			// |ω·E[f′]| ≤ max|ω|·max E[f′] (E[f′] > 0), rounded up.
			w := math.Max(math.Abs(box["omega"][0]), math.Abs(box["omega"][1]))
			m := interval.Mul(interval.Point(w), interval.Point(math.Max(math.Abs(r[0]), math.Abs(r[1])))).Hi
			fmt.Fprintf(&st, ", and a mean of the gradient by omega E[f'(z)], |omega E[f'(z)]| <= %s", DirectedDecimal(new(big.Float).SetFloat64(m), rangeDigits, true))
		}
		c.setStatement(st.String())
		return c
	}

	// The fixed point: (ω, τ) single values, and the Krawczyk box inside
	// the check's (μ, ν) ranges.
	omega, tau := box["omega"], box["tau"]
	if omega[0] != omega[1] || tau[0] != tau[1] {
		c.Licensed = false
		c.Reason = "not drawn: a fixed-point check needs a single omega and tau"
		return c
	}
	fp, err := fixedPointIn(first.Alpha, first.Lambda, box)
	if err != nil {
		c.Licensed = false
		c.Reason = "not licensed: " + err.Error()
		return c
	}
	c.Assumes = "for the fixed point, " + FixedPointAssumes
	if _, ok := c.Ranges["chi1"]; ok {
		c.Assumes += "; " + chi1Reading
	}
	c.FixedPoint = map[string]Range{"mu": Range(fp.Mu), "nu": Range(fp.Nu)}
	c.FixedPointUnique = map[string]Range{"mu": Range(fp.ProofMu), "nu": Range(fp.ProofNu)}
	inMu, inNu := fixedPointBoxes(fp)
	fmt.Fprintf(&st, "for %s and (omega, tau) = (%s, %s): g(.; omega, tau) has exactly one fixed point p* in mu %s x nu %s, "+
		"and p* lies in mu %s x nu %s (Krawczyk's test), inside the box of the parts; at p*, ",
		params, fmtFloat(omega[0]), fmtFloat(tau[0]), inMu, inNu, decimalRange(Range(fp.Mu), true), decimalRange(Range(fp.Nu), true))
	digits := rangeDigits
	for _, b := range bases {
		digits = max(digits, enclosureDigits(c.Ranges[b]))
	}
	writeRanges(&st, bases, c.Ranges, digits)
	st.WriteString(" (the certified bounds, rounded outward)")
	if r, ok := c.Ranges["chi1"]; ok {
		lo, hi := outward(r, digits)
		switch {
		case r[0] > 1:
			g := DirectedDecimal(new(big.Float).SetFloat64(powDown(r[0], growthLayers)), 5, false)
			fmt.Fprintf(&st, ", so chi1 > 1: under gradient independence a zero-mean gradient's second moment grows by a factor of at least %s per layer, "+
				"at least %s over %d layers; and since nu~ = nu at p*, chi1 is there the slope of the centred correlation map at c = 1, "+
				"which is therefore unstable: the chaotic phase", lo, g, growthLayers)
		case r[1] < 1:
			fmt.Fprintf(&st, ", so chi1 < 1: under gradient independence a zero-mean gradient's second moment shrinks by a factor of at most %s per layer; "+
				"and since nu~ = nu at p*, chi1 is there the slope of the centred correlation map at c = 1, which is therefore stable: the ordered phase", hi)
		}
	}
	c.setStatement(st.String())
	return c
}

// fixedPointIn proves with CertifyFixedPoint (the Krawczyk test) that g
// for SELU(α, λ) at the box's (ω, τ), both single values, has exactly one
// fixed point in a box of (μ, ν) inside the box's μ and ν ranges, or says
// why not.
func fixedPointIn(alpha, lambda float64, box map[string]Range) (CertifiedFixedPoint, error) {
	omega, tau, mu, nu := box["omega"], box["tau"], box["mu"], box["nu"]
	if omega[0] != omega[1] || tau[0] != tau[1] {
		return CertifiedFixedPoint{}, fmt.Errorf("the box has an omega range %s and a tau range %s: a fixed point of g needs single values", plainRange(omega), plainRange(tau))
	}
	fp, err := CertifyFixedPoint(alpha, lambda, omega[0], tau[0], nil)
	if err != nil {
		return fp, fmt.Errorf("the fixed point of g for (omega, tau) = (%s, %s) is not certified: %v", fmtFloat(omega[0]), fmtFloat(tau[0]), err)
	}
	if !(mu[0] <= fp.Mu[0] && fp.Mu[1] <= mu[1] && nu[0] <= fp.Nu[0] && fp.Nu[1] <= nu[1]) {
		return fp, fmt.Errorf("the box that holds the fixed point of g for (omega, tau) = (%s, %s), mu %s x nu %s (Krawczyk's test), is not inside mu %s x nu %s",
			fmtFloat(omega[0]), fmtFloat(tau[0]), plainRange(Range(fp.Mu)), plainRange(Range(fp.Nu)), plainRange(mu), plainRange(nu))
	}
	return fp, nil
}

// FixedPointReview is what verify --check-certificate adds for a
// certificate of a fixed-point part (PartFixedPoint): the certificate bounds
// the quantity on its box, and this says whether the fixed point of g for
// the box's (ω, τ) lies in it (CertifyFixedPoint, run again).
type FixedPointReview struct {
	// Proved: g has exactly one fixed point in Unique (μ, ν), and it lies
	// in Box, inside the certificate's box.
	Proved bool             `json:"proved"`
	Box    map[string]Range `json:"box,omitempty"`
	Unique map[string]Range `json:"unique_in,omitempty"`
	Error  string           `json:"error,omitempty"`
	// Assumes is FixedPointAssumes; the independent checker does not
	// re-check this part.
	Assumes string `json:"assumes"`
}

// reviewFixedPoint runs fixedPointIn for a certificate's claim.
func reviewFixedPoint(cl Claim) *FixedPointReview {
	r := &FixedPointReview{Assumes: FixedPointAssumes}
	fp, err := fixedPointIn(cl.F.Alpha, cl.F.Lambda, boxMap(cl.Box))
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.Proved = true
	r.Box = map[string]Range{"mu": Range(fp.Mu), "nu": Range(fp.Nu)}
	r.Unique = map[string]Range{"mu": Range(fp.ProofMu), "nu": Range(fp.ProofNu)}
	return r
}

// plainRange formats r as "[lo, hi]" (exact ends).
func plainRange(r Range) string { return "[" + fmtFloat(r[0]) + ", " + fmtFloat(r[1]) + "]" }

// decimalRange formats r in decimal with decimalDigits significant digits,
// rounded outward (out) or inward.
func decimalRange(r Range, out bool) string {
	n := decimalDigits(r[0], r[1])
	lo := DirectedDecimal(new(big.Float).SetFloat64(r[0]), n, !out)
	hi := DirectedDecimal(new(big.Float).SetFloat64(r[1]), n, out)
	return "[" + lo + "," + nbsp + hi + "]"
}

// fixedPointBoxes returns the box of the Krawczyk test in decimal, for "g
// has exactly one fixed point in …": rounded inward (a smaller box has no
// other fixed point either), unless that would leave out the box that holds
// the fixed point, rounded outward; then exactly.
func fixedPointBoxes(fp CertifiedFixedPoint) (mu, nu string) {
	inside := func(inner, outer Range) bool {
		n := decimalDigits(inner[0], inner[1])
		m := decimalDigits(outer[0], outer[1])
		olo, _ := new(big.Rat).SetString(DirectedDecimal(new(big.Float).SetFloat64(outer[0]), m, true))
		ohi, _ := new(big.Rat).SetString(DirectedDecimal(new(big.Float).SetFloat64(outer[1]), m, false))
		ilo, _ := new(big.Rat).SetString(DirectedDecimal(new(big.Float).SetFloat64(inner[0]), n, false))
		ihi, _ := new(big.Rat).SetString(DirectedDecimal(new(big.Float).SetFloat64(inner[1]), n, true))
		return olo.Cmp(ilo) <= 0 && ihi.Cmp(ohi) <= 0
	}
	if inside(Range(fp.Mu), Range(fp.ProofMu)) && inside(Range(fp.Nu), Range(fp.ProofNu)) {
		return decimalRange(Range(fp.ProofMu), false), decimalRange(Range(fp.ProofNu), false)
	}
	return rangeText(Range(fp.ProofMu)), rangeText(Range(fp.ProofNu))
}

// writeRanges writes "Q in [lo, hi] and …" for the quantities, rounded
// outward to digits significant digits.
func writeRanges(st *strings.Builder, bases []string, ranges map[string]Range, digits int) {
	for i, b := range bases {
		if i > 0 {
			st.WriteString(" and ")
		}
		name := rangeQuantities[b]
		if name == "" {
			name = b
		}
		lo, hi := outward(ranges[b], digits)
		fmt.Fprintf(st, "%s in [%s, %s]", name, lo, hi)
	}
}

// outward rounds a range outward to n significant digits.
func outward(r Range, n int) (lo, hi string) {
	return OutwardDecimal(new(big.Float).SetFloat64(r[0]), new(big.Float).SetFloat64(r[1]), n)
}

// enclosureDigits is the number of significant digits that shows a narrow
// enclosure: its last digit at most a tenth of its width (decimalDigits),
// at most 15.
func enclosureDigits(r Range) int { return min(decimalDigits(r[0], r[1]), 15) }

// powDown returns a lower bound of x^n for x ≥ 1 (n multiplications, each
// rounded down).
func powDown(x float64, n int) float64 {
	p := 1.0
	for range n {
		p = interval.Mul(interval.Point(p), interval.Point(x)).Lo
	}
	return p
}

// setStatement sets the statement (licensed), keeping the phrases the text
// output must not break across lines.
func (c *Conclusion) setStatement(st string) {
	for _, keep := range []string{"(mu, omega, nu, tau)", "(omega, tau)", "g(.; omega, tau)", "tau E[f'(z)^2]", "E[f'(z)]", "N(mu omega, nu tau)",
		"omega E[f'(z)]", "p* in", "c = 1", "nu~ = nu"} {
		st = strings.ReplaceAll(st, keep, strings.ReplaceAll(keep, " ", nbsp))
	}
	c.Statement = strings.ReplaceAll(st, nbsp, " ")
	c.statementText = st
}
