package verify

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// IndependentCheck is what the independent checker (CheckIndependent)
// found for one certificate file: what it proved or why it refused.
type IndependentCheck struct {
	// Checker names the evaluator and its precision.
	Checker string `json:"checker"`
	// Valid: every leaf's recorded bound is reproduced, the tree covers
	// Root, Root contains the box widened by one ulp, and the bound is the
	// largest leaf bound (smallest for a minimum).
	Valid bool `json:"valid"`
	// Proves: Valid, and the bound proves the claim (the limit).
	Proves bool `json:"proves"`
	// What was proved: the quantity ≤ Bound (≥ for a minimum) on Root (⊇
	// the claim's box), for α in Alpha and λ in Lambda.
	Root   map[string]Range `json:"root"`
	Alpha  Range            `json:"alpha"`
	Lambda Range            `json:"lambda"`
	Bound  float64          `json:"bound"`
	Limit  float64          `json:"limit"`
	Leaves int              `json:"leaves"`
	// Subdivided counts the leaves bisected further to reproduce their
	// bound.
	Subdivided int  `json:"subdivided"`
	Precision  uint `json:"precision_bits"`
	// Error says why the certificate is not valid; FailedLeaves and
	// Failures list the leaves not reproduced (at most 100).
	Error        string        `json:"error,omitempty"`
	FailedLeaves int           `json:"failed_leaves"`
	Failures     []LeafFailure `json:"failures,omitempty"`
	Assumes      string        `json:"assumes"`
	Seconds      float64       `json:"seconds"`
}

// CheckIndependent binds the file to its claim (an error if it cannot be
// bound: it is not what its name says) and re-checks it with
// CheckIndependent.
func (f CertificateFile) CheckIndependent(s *IndependentSettings) (IndependentCheck, error) {
	claim, c, err := f.Claim()
	if err != nil {
		return IndependentCheck{}, err
	}
	return checkIndependentClaim(claim, c, s)
}

func checkIndependentClaim(claim Claim, c *Certificate, s *IndependentSettings) (IndependentCheck, error) {
	start := time.Now()
	res, err := CheckIndependent(c, s)
	if err != nil {
		return IndependentCheck{}, err
	}
	r := IndependentCheck{
		Checker: fmt.Sprintf("math/big interval arithmetic at %d bits", res.Prec),
		Valid:   res.Accepted, Root: boxMap(BoxFromAxes(res.Root)), Alpha: Range(res.Alpha), Lambda: Range(res.Lambda),
		Bound: res.Bound, Limit: claim.Limit, Leaves: res.Leaves, Subdivided: res.Subdivided, Precision: res.Prec,
		FailedLeaves: res.Failed, Failures: res.Failures, Assumes: IndependentAssumes,
	}
	r.Proves = r.Valid && claim.Holds(res.Bound)
	if len(res.Reasons) > 0 {
		r.Error = strings.Join(res.Reasons, "; ")
	}
	r.Seconds = math.Round(time.Since(start).Seconds()*1000) / 1000
	return r, nil
}

// CertificateReview is what verify --check-certificate reports for one
// certificate: the float64 re-check (Certificate.Check, with the evaluator
// that made the certificate) and the independent checker
// (CheckIndependent), which both run. The certificate is Valid only if both
// accept it.
type CertificateReview struct {
	Name     string           `json:"name"`
	Quantity string           `json:"quantity"`
	Of       string           `json:"of,omitempty"`
	Box      map[string]Range `json:"box"`
	Alpha    float64          `json:"alpha"`
	Lambda   float64          `json:"lambda"`
	Limit    float64          `json:"limit"`
	Bound    float64          `json:"bound"`
	Leaves   int              `json:"leaves"`
	// Valid: accepted by both checks; Proves: and the bound proves the
	// claim.
	Valid  bool `json:"valid"`
	Proves bool `json:"proves"`
	// Error says which check refused the certificate and why.
	Error string `json:"error,omitempty"`
	// Assumes is what an accepted certificate rests on: the independent
	// checker's assumptions.
	Assumes string  `json:"assumes"`
	Seconds float64 `json:"seconds"`
	// CheckedBy says which checks ran, in order.
	CheckedBy   string           `json:"checked_by"`
	Float64     Float64Check     `json:"float64"`
	Independent IndependentCheck `json:"independent"`
	// FixedPoint: for a certificate of a fixed-point part (chi1-fixed-point),
	// whether the fixed point of g lies in its box (Krawczyk's test, in
	// float64 interval arithmetic, run again; not by the independent
	// checker). Proves needs it.
	FixedPoint *FixedPointReview `json:"fixed_point,omitempty"`
}

// Float64Check is the outcome of the float64 re-check (Certificate.Check).
type Float64Check struct {
	Valid   bool    `json:"valid"`
	Error   string  `json:"error,omitempty"`
	Assumes string  `json:"assumes"`
	Seconds float64 `json:"seconds"`
}

// Review binds the file to its claim (an error if it cannot be bound) and
// runs both checks: the float64 re-check, then the independent checker
// with settings s.
func (f CertificateFile) Review(s *IndependentSettings) (CertificateReview, error) {
	claim, c, err := f.Claim()
	if err != nil {
		return CertificateReview{}, err
	}
	fc, err := f.Check()
	if err != nil {
		return CertificateReview{}, err
	}
	ic, err := checkIndependentClaim(claim, c, s)
	if err != nil {
		return CertificateReview{}, err
	}
	r := CertificateReview{Name: fc.Name, Quantity: fc.Quantity, Of: fc.Of, Box: fc.Box, Alpha: fc.Alpha, Lambda: fc.Lambda,
		Limit: fc.Limit, Bound: fc.Bound, Leaves: ic.Leaves, Assumes: IndependentAssumes,
		Seconds:     math.Round((fc.Seconds+ic.Seconds)*1000) / 1000,
		CheckedBy:   "the float64 re-check, then the independent checker",
		Float64:     Float64Check{Valid: fc.Valid, Error: fc.Error, Assumes: fc.Assumes, Seconds: fc.Seconds},
		Independent: ic, Valid: fc.Valid && ic.Valid, Proves: fc.Proves && ic.Proves}
	if claim.Part == PartFixedPoint {
		r.FixedPoint = reviewFixedPoint(claim)
		r.Proves = r.Proves && r.FixedPoint.Proved
	}
	switch {
	case !fc.Valid && !ic.Valid:
		r.Error = "both checks refuse it; the float64 re-check: " + fc.Error + "; the independent checker: " + ic.Error
	case !fc.Valid:
		r.Error = "the float64 re-check refuses it (the independent checker accepts it): " + fc.Error
	case !ic.Valid:
		r.Error = "the independent checker refuses it (the float64 re-check accepts it): " + ic.Error
	}
	return r, nil
}

// WriteText prints the review: the verdict, what was proved (quantity,
// bound, limit, box, α, λ), each check with its time, and what the proof
// assumes; for a refused certificate, why, with the first refused leaves.
func (r CertificateReview) WriteText(out io.Writer) {
	ic := &r.Independent
	verdict := "valid, and the bound proves the claim"
	switch {
	case !r.Valid:
		verdict = "REFUSED"
	case r.FixedPoint != nil && !r.FixedPoint.Proved:
		verdict = "valid, but the fixed point is not proved to lie in its box"
	case !r.Proves:
		verdict = "valid, but the bound does not prove the claim"
	}
	fmt.Fprintf(out, "%-20s %-22s %s: bound %s over %d boxes\n", r.Name, r.Quantity, verdict, fmtFloat(r.Bound), r.Leaves)
	q, rel, claim := r.Quantity, "<=", "<"
	if r.Of != "" {
		q += " of " + map[string]string{"variance": "H", "second-moment": "J"}[r.Of]
	}
	if !strings.HasPrefix(r.Quantity, "max") {
		rel, claim = ">=", ">"
	}
	what := "proved"
	if !r.Valid {
		what = "claimed"
	}
	fmt.Fprintf(out, "  %-13s %s %s %s (claim %s %s) on mu %v, omega %v, nu %v, tau %v\n", what, q, rel, fmtFloat(r.Bound), claim, fmtFloat(r.Limit),
		r.Box["mu"], r.Box["omega"], r.Box["nu"], r.Box["tau"])
	fmt.Fprintf(out, "  for           SELU alpha in [%s, %s], lambda in [%s, %s] (%s, %s widened by one ulp)\n",
		fmtFloat(ic.Alpha[0]), fmtFloat(ic.Alpha[1]), fmtFloat(ic.Lambda[0]), fmtFloat(ic.Lambda[1]), fmtFloat(r.Alpha), fmtFloat(r.Lambda))
	f64 := "every leaf's bound reproduced"
	if !r.Float64.Valid {
		f64 = "REFUSED: " + r.Float64.Error
	}
	fmt.Fprintf(out, "  checked by    1. the float64 evaluator that made it: %s, re-checked in %.2f s\n", f64, r.Float64.Seconds)
	fmt.Fprintf(out, "                2. the independent checker (%s, no numerical code shared with 1.):\n", ic.Checker)
	if ic.Valid {
		fmt.Fprintf(out, "                   every leaf's bound reproduced, %d leaves subdivided, re-checked in %.2f s\n", ic.Subdivided, ic.Seconds)
	} else {
		fmt.Fprintf(out, "                   REFUSED: %s, re-checked in %.2f s\n", ic.Error, ic.Seconds)
		for i, f := range ic.Failures {
			if i == 5 {
				fmt.Fprintf(out, "                   … %d more leaves not reproduced\n", ic.FailedLeaves-5)
				break
			}
			fmt.Fprintf(out, "                   leaf %d: %s\n", f.Leaf, f.Error)
		}
	}
	if fp := r.FixedPoint; fp != nil {
		if fp.Proved {
			fmt.Fprintf(out, "  fixed point   g for (omega, tau) = (%s, %s) has exactly one fixed point in mu %s x nu %s; it lies in mu %s x nu %s, inside the box\n",
				fmtFloat(r.Box["omega"][0]), fmtFloat(r.Box["tau"][0]), plainRange(fp.Unique["mu"]), plainRange(fp.Unique["nu"]), plainRange(fp.Box["mu"]), plainRange(fp.Box["nu"]))
			fmt.Fprintf(out, "                (Krawczyk's test in float64 interval arithmetic, run again; not re-checked by 2.; assumes %s)\n", fp.Assumes)
		} else {
			fmt.Fprintf(out, "  fixed point   NOT PROVED: %s\n", fp.Error)
		}
	}
	if r.Valid {
		fmt.Fprintf(out, "  assumes       %s\n", r.Assumes)
	}
}
