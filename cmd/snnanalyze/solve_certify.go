package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"

	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

// The digits solve-alpha-lambda --certify can certify: at least 10; at most
// 300 (the relative width 10^−(digits+3) stays a normal float64, and 300
// digits take about 0.2 s).
const (
	minCertDigits = 10
	maxCertDigits = 300
)

// certifyAlphaLambda runs verify.CertifyAlphaLambda for the flags' target,
// asking for enclosures 1000 times narrower than the last digit wanted.
func certifyAlphaLambda(s *statFlags, digits int) (verify.CertifiedAlphaLambda, error) {
	set := &verify.AlphaLambdaSettings{
		RelWidth: math.Pow(10, -float64(digits+3)),
		// 3.33 bits a digit, and room to double four times for cancellation.
		MaxPrec: uint(max(8192, 16*int(3.33*float64(digits+3)))),
	}
	c, err := verify.CertifyAlphaLambda(s.mu, s.nu, s.omega, s.tau, set)
	switch {
	case err == nil:
		return c, nil
	case errors.Is(err, verify.ErrAlphaLambdaNotCertified):
		return c, failError{"--certify: " + err.Error()}
	}
	return c, usageError{err.Error()}
}

// encView is an enclosure as printed.
type encView struct {
	lo, hi  string // outward-rounded decimals
	width   string // hi − lo, rounded up to 2 digits (it may lie below float64's range)
	digits  string // the certified digits (correctly rounded)
	ndigits int
	nearest float64 // the float64 nearest to every point, or NaN
}

func viewEnclosure(e [2]*big.Float, digits int) encView {
	var v encView
	v.lo, v.hi = verify.OutwardDecimal(e[0], e[1], digits+3)
	w := new(big.Float).SetPrec(64).SetMode(big.ToPositiveInf).Sub(e[1], e[0])
	v.width = verify.DirectedDecimal(w, 2, true)
	v.digits, v.ndigits = verify.CertifiedDigits(e[0], e[1], digits)
	lo, _ := new(big.Float).Copy(e[0]).SetMode(big.ToNearestEven).Float64()
	hi, _ := new(big.Float).Copy(e[1]).SetMode(big.ToNearestEven).Float64()
	v.nearest = math.NaN()
	if lo == hi {
		v.nearest = lo
	}
	return v
}

// publishedView compares one published pair with the enclosures.
type publishedView struct {
	p      verify.PublishedAlphaLambda
	ka, kl int // digits right
	na, nl int // digits published
}

type certifiedAlphaLambdaView struct {
	c             *verify.CertifiedAlphaLambda
	alpha, lambda encView
	solved        [2]float64 // the float64 solution printed above
	unique        string
	published     []publishedView
}

func viewCertifiedAlphaLambda(c *verify.CertifiedAlphaLambda, s *statFlags, sol mapping.AlphaLambda, digits int) certifiedAlphaLambdaView {
	v := certifiedAlphaLambdaView{c: c, alpha: viewEnclosure(c.Alpha, digits), lambda: viewEnclosure(c.Lambda, digits),
		solved: [2]float64{sol.Alpha, sol.Lambda}}
	if c.Other == nil {
		v.unique = "no other alpha > 0, lambda > 0 solves mu~ = mu, nu~ = nu (for mu = 0 the mean equation is linear in alpha)"
	} else {
		lo, hi := verify.OutwardDecimal(c.Other[0], c.Other[1], 10)
		v.unique = fmt.Sprintf("no other alpha > 0, lambda > 0 solves mu~ = mu, nu~ = nu: the quadratic's other root, alpha in [%s, %s], does not: %s", lo, hi, c.OtherReason)
	}
	for _, p := range verify.PublishedFor(s.mu, s.nu, s.omega, s.tau) {
		pv := publishedView{p: p, na: verify.SignificantDigits(p.Alpha), nl: verify.SignificantDigits(p.Lambda)}
		pv.ka, _ = verify.DigitsAgree(c.Alpha[0], c.Alpha[1], p.Alpha)
		pv.kl, _ = verify.DigitsAgree(c.Lambda[0], c.Lambda[1], p.Lambda)
		v.published = append(v.published, pv)
	}
	return v
}

// ulpsFrom returns (v − d)/ulp(d) for the double d.
func ulpsFrom(v, d float64) int {
	u := math.Nextafter(math.Abs(d), math.Inf(1)) - math.Abs(d)
	return int(math.Round((v - d) / u))
}

// add adds the certified results to the JSON record (as "certified") and
// the flat CSV record.
func (v certifiedAlphaLambdaView) add(rec, csv *record) {
	h := &record{}
	for _, e := range []struct {
		name string
		ev   encView
		f    float64
	}{{"alpha", v.alpha, v.solved[0]}, {"lambda", v.lambda, v.solved[1]}} {
		h.add(e.name, []string{e.ev.lo, e.ev.hi})
		h.add(e.name+"_width", e.ev.width)
		h.add(e.name+"_digits", e.ev.digits)
		if !math.IsNaN(e.ev.nearest) {
			h.add(e.name+"_nearest_float64", e.ev.nearest)
			h.add(e.name+"_solved_ulps", ulpsFrom(e.f, e.ev.nearest))
		} else {
			h.add(e.name+"_nearest_float64", null{})
			h.add(e.name+"_solved_ulps", null{})
		}
		csv.add("certified_"+e.name+"_lo", e.ev.lo)
		csv.add("certified_"+e.name+"_hi", e.ev.hi)
		csv.add("certified_"+e.name+"_digits", e.ev.digits)
	}
	h.add("precision_bits", int(v.c.Prec))
	h.add("unique", true)
	var pubs []*record
	for _, p := range v.published {
		r := &record{}
		r.add("source", p.p.Source)
		r.add("alpha", p.p.Alpha)
		r.add("lambda", p.p.Lambda)
		r.add("alpha_digits_right", p.ka)
		r.add("lambda_digits_right", p.kl)
		r.add("correctly_rounded", p.ka == p.na && p.kl == p.nl)
		pubs = append(pubs, r)
	}
	if pubs == nil {
		pubs = []*record{}
	}
	h.add("published", pubs)
	h.add("assumes", verify.AlphaLambdaAssumes)
	rec.add("certified", h)
}

// writeText is the text output of --certify.
func (v certifiedAlphaLambdaView) writeText(out io.Writer) {
	fmt.Fprintf(out, "\ncertified (interval arithmetic on big.Float, %d bits; the target as given)\n", v.c.Prec)
	fmt.Fprintf(out, "alpha             in [%s, %s]\n", v.alpha.lo, v.alpha.hi)
	fmt.Fprintf(out, "lambda            in [%s, %s]\n", v.lambda.lo, v.lambda.hi)
	fmt.Fprintf(out, "widths            %s, %s\n", v.alpha.width, v.lambda.width)
	fmt.Fprintf(out, "alpha digits      %s  (%d significant digits, correctly rounded)\n", v.alpha.digits, v.alpha.ndigits)
	fmt.Fprintf(out, "lambda digits     %s  (%d significant digits, correctly rounded)\n", v.lambda.digits, v.lambda.ndigits)
	fmt.Fprintf(out, "uniqueness        %s\n", v.unique)
	for i, e := range []encView{v.alpha, v.lambda} {
		name := [2]string{"alpha", "lambda"}[i]
		if math.IsNaN(e.nearest) {
			continue
		}
		switch k := ulpsFrom(v.solved[i], e.nearest); k {
		case 0:
			fmt.Fprintf(out, "float64 %-9s %s above is the double nearest to the exact value\n", name, fmtFloat(v.solved[i]))
		default:
			unit := "ulps"
			n := max(k, -k)
			if n == 1 {
				unit = "ulp"
			}
			fmt.Fprintf(out, "float64 %-9s %s above is %d %s from %s, the double nearest to the exact value\n", name, fmtFloat(v.solved[i]), n, unit, fmtFloat(e.nearest))
		}
	}
	for _, p := range v.published {
		fmt.Fprintf(out, "published         alpha %s, lambda %s (%s)\n", p.p.Alpha, p.p.Lambda, p.p.Source)
		switch {
		case p.ka == p.na && p.kl == p.nl:
			fmt.Fprintf(out, "                  confirmed: all %d digits of alpha and %d of lambda are the exact values correctly rounded\n", p.na, p.nl)
		case p.p.Rounded:
			fmt.Fprintf(out, "                  NOT confirmed: only %d of %d and %d of %d digits are right\n", p.ka, p.na, p.kl, p.nl)
		default:
			fmt.Fprintf(out, "                  %d of %d and %d of %d digits right (a double-precision result)\n", p.ka, p.na, p.kl, p.nl)
		}
	}
	fmt.Fprintf(out, "assumes           %s\n", verify.AlphaLambdaAssumes)
}
