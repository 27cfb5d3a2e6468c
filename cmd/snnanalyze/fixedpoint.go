package main

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

var fixedpointCommand = &command{
	name:    "fixedpoint",
	summary: "the fixed point of g for given weight statistics, its stability and convergence",
	usage:   "[--omega W] [--tau T] [--alpha A] [--lambda L] [--from MU,NU] [--max-iter N] [--tol T] [--certify] [--format text|json|csv]",
	long: `
Finds (μ*, ν*) with g(μ*, ν*) = (μ*, ν*) by Newton's method on g(p) − p
(safeguarded: steps are halved to keep ν > 0 and to decrease the residual,
and replaced by a step of g when that fails), starting from --from.

Stability is reported two ways, because they differ: the spectral radius of
ℋ below 1 (the fixed point attracts: iterating g from nearby converges to it)
and the spectral norm of ℋ below 1 (g is a Euclidean contraction there, the
hypothesis of the paper's Theorem 1). It also counts how many layers (steps of
g) take --from to within --orbit-tol of the fixed point.

--certify proves what the float64 search finds: an interval Krawczyk test
on a small box around it shows that the box holds exactly one fixed point
of g, and interval enclosures of ℋ on the box bound its spectral radius
(below 1 proves the fixed point attracting, above 1 unstable) and its
spectral norm. It rests on IEEE-754 arithmetic and the enclosures of exp,
erfc and erfcx in internal/interval (docs/verify.md), with α and λ widened
by one ulp; SELU, ELU and ReLU only (their moments' closed form).

Exit code 1 when no fixed point with ν > 0 is found (the variance collapses
to 0 or grows without bound, or Newton does not converge), or when
--certify cannot prove the box.`,
	examples: []string{
		"snnanalyze fixedpoint",
		"snnanalyze fixedpoint --omega 0 --tau 0.5625",
		"snnanalyze fixedpoint --omega 0.1 --tau 1.1 --format json",
		"snnanalyze fixedpoint --omega 0 --tau 0.5625 --certify",
		"snnanalyze fixedpoint --alpha 1.9769021954242014 --lambda 1.073851239616046 --omega 1 --tau 1 --from -0.1,2",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var s statFlags
		var format string
		from := pointFlag{p: fixedpoint.Point{Mu: 0, Nu: 1}}
		var maxIter intFlag
		var tol, orbitTol float64
		var certify bool
		floatVar(fs, &s.omega, "omega", 0, anyFinite, "a finite number", "weight sum ω = Σ wᵢ")
		floatVar(fs, &s.tau, "tau", 1, positive, "a finite number > 0", "weight square sum τ = Σ wᵢ²")
		s.defineActivation(fs)
		fs.Var(&from, "from", "start point MU,NU (ν > 0)")
		maxIter = intFlag{p: new(int), min: 1, max: fixedpoint.MaxIterLimit}
		*maxIter.p = 50
		fs.Var(&maxIter, "max-iter", fmt.Sprintf("the most Newton steps (1 to %d)", fixedpoint.MaxIterLimit))
		floatVar(fs, &tol, "tol", 1e-14, func(v float64) bool { return v >= 1e-16 && v <= fixedpoint.MaxTol }, fmt.Sprintf("a number in [1e-16, %g]", fixedpoint.MaxTol), "Newton stops when the step is below tol (μ relative to √ν, ν relative)")
		floatVar(fs, &orbitTol, "orbit-tol", 1e-8, func(v float64) bool { return v >= 1e-15 && v <= 0.1 }, "a number in [1e-15, 0.1]", "distance to the fixed point that counts as reached by iterating g")
		fs.BoolVar(&certify, "certify", false, "prove a box with exactly one fixed point (interval Krawczyk test) and bound ℋ's spectral radius and norm on it")
		formatVar(fs, &format)
		return func(out, errw io.Writer) error {
			return runFixedpoint(out, &s, from.p, *maxIter.p, tol, orbitTol, certify, format)
		}
	},
}

// maxOrbit bounds the layers counted by the orbit.
const maxOrbit = 100000

func runFixedpoint(out io.Writer, s *statFlags, from fixedpoint.Point, maxIter int, tol, orbitTol float64, certify bool, format string) error {
	f, err := s.activationFunc()
	if err != nil {
		return err
	}
	if err := checkWeights(s); err != nil {
		return err
	}
	settings := &fixedpoint.Settings{From: from, MaxIter: maxIter, Tol: tol}
	var cert *verify.CertifiedFixedPoint
	var r fixedpoint.Result
	if certify {
		c, err := certifyFixedPoint(f, s, settings)
		if err != nil {
			return err
		}
		cert, r = &c, c.Approx
	} else if r, err = fixedpoint.Find(f, s.omega, s.tau, settings); err != nil {
		return fixedPointError(err)
	}
	g := mapping.Map{F: f, Omega: s.omega, Tau: s.tau}
	steps, reached, err := fixedpoint.Orbit(g, from, r.Point, orbitTol, maxOrbit, nil)
	if err != nil {
		reached = false
	}
	rec := &record{}
	rec.add("activation", f.Name())
	addActivationParams(rec, f)
	rec.add("omega", s.omega)
	rec.add("tau", s.tau)
	rec.add("mu", r.Mu)
	rec.add("nu", r.Nu)
	rec.add("spectral_norm", r.H.Norm)
	rec.add("spectral_radius", r.H.Radius)
	rec.add("stable", r.Stable)
	rec.add("contracting", r.Contracting)
	rec.add("iterations", r.Iterations)
	rec.add("residual", math.Hypot(r.Residual.Mu, r.Residual.Nu))
	rec.add("jacobian", matrixJSON(r.H.M))
	rec.add("from_mu", from.Mu)
	rec.add("from_nu", from.Nu)
	if reached {
		rec.add("orbit_steps", steps)
	} else {
		rec.add("orbit_steps", -1)
	}
	c := &record{}
	for _, k := range []string{"omega", "tau", "mu", "nu", "spectral_norm", "spectral_radius", "stable", "contracting", "iterations", "orbit_steps"} {
		c.add(k, rec.get(k))
	}
	if cert != nil {
		addCertifiedFixedPoint(rec, c, cert)
	}
	return rec.emit(out, format, c, func() {
		fmt.Fprintf(out, "fixed point of g\n")
		writeActivationLine(out, f)
		fmt.Fprintf(out, "weights     omega = %s, tau = %s\n\n", fmtFloat(s.omega), fmtFloat(s.tau))
		fmt.Fprintf(out, "mu*               %s\n", fmtFloat(r.Mu))
		fmt.Fprintf(out, "nu*               %s\n", fmtFloat(r.Nu))
		fmt.Fprintf(out, "newton steps      %d from (%s, %s), residual %.1e\n", r.Iterations, fmtFloat(from.Mu), fmtFloat(from.Nu), math.Hypot(r.Residual.Mu, r.Residual.Nu))
		fmt.Fprintf(out, "H at mu*, nu*     [[%s, %s], [%s, %s]]\n", fmtFloat(r.H.M[0][0]), fmtFloat(r.H.M[0][1]), fmtFloat(r.H.M[1][0]), fmtFloat(r.H.M[1][1]))
		fmt.Fprintf(out, "spectral norm     %s\n", fmtFloat(r.H.Norm))
		fmt.Fprintf(out, "spectral radius   %s\n", fmtFloat(r.H.Radius))
		if reached {
			fmt.Fprintf(out, "layers            %d steps of g take (%s, %s) to within %g of the fixed point\n", steps, fmtFloat(from.Mu), fmtFloat(from.Nu), orbitTol)
		} else {
			fmt.Fprintf(out, "layers            iterating g from (%s, %s) does not reach the fixed point within %d steps\n", fmtFloat(from.Mu), fmtFloat(from.Nu), maxOrbit)
		}
		fmt.Fprintf(out, "\nverdict: %s\n", verdict(r.H.Norm, r.H.Radius, true))
		if cert != nil {
			writeCertifiedFixedPoint(out, cert)
		}
	})
}

// pointFlag parses MU,NU with ν > 0.
type pointFlag struct{ p fixedpoint.Point }

func (f *pointFlag) String() string { return fmtFloat(f.p.Mu) + "," + fmtFloat(f.p.Nu) }
func (f *pointFlag) Type() string   { return "MU,NU" }
func (f *pointFlag) Set(s string) error {
	parts := strings.Split(s, ",")
	if len(parts) != 2 {
		return fmt.Errorf("want MU,NU with finite MU and NU > 0")
	}
	mu, err1 := parseNumber(parts[0])
	nu, err2 := parseNumber(parts[1])
	if err1 != nil || err2 != nil || !finite(mu) || !finite(nu) || !(nu > 0) {
		return fmt.Errorf("want MU,NU with finite MU and NU > 0")
	}
	f.p = fixedpoint.Point{Mu: mu, Nu: nu}
	return nil
}

// intFlag is an int flag with a range.
type intFlag struct {
	p        *int
	min, max int
}

func (f *intFlag) String() string { return strconv.Itoa(*f.p) }
func (f *intFlag) Type() string   { return "int" }
func (f *intFlag) Set(s string) error {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || v < f.min || v > f.max {
		return fmt.Errorf("want an integer in [%d, %d]", f.min, f.max)
	}
	*f.p = v
	return nil
}
