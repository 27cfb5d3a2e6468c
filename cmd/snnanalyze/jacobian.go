package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/cmplx"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
)

var jacobianCommand = &command{
	name:    "jacobian",
	summary: "the Jacobian of g, its singular values, eigenvalues, spectral norm and radius",
	usage:   "[--omega W] [--tau T] [--mu M --nu V] [--of variance|second-moment] [--format text|json|csv]",
	long: `
Prints ℋ = ∂(μ̃, ν̃)/∂(μ, ν), the Jacobian of g (--of variance, the default), or
𝒥 = ∂(μ̃, ξ̃)/∂(μ, ν) with the second moment ξ̃ (--of second-moment; the
paper's 0.99125 grid maximum is a norm of 𝒥). Without --mu and --nu it is
evaluated at the fixed point of g for (--omega, --tau), found as by the
fixedpoint command.

The spectral norm (largest singular value) below 1 means g contracts in the
Euclidean norm near the point (the hypothesis of Banach's theorem); the
spectral radius (largest |eigenvalue|) below 1 means a fixed point attracts.
The entries come from exact derivative formulas: SELU's closed form where its
rounding-error bound is below 1e-13 relative, differentiation under the
integral (quadrature) elsewhere.`,
	examples: []string{
		"snnanalyze jacobian",
		"snnanalyze jacobian --omega 0 --tau 0.5625",
		"snnanalyze jacobian --mu -0.1 --omega -0.1 --nu 0.8 --tau 1.25 --of second-moment",
		"snnanalyze jacobian --mu 0.5 --nu 2 --format json",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var s statFlags
		var of, method, format string
		s.define(fs)
		choiceVar(fs, &of, "of", "variance", []string{"variance", "second-moment"}, "which Jacobian: ℋ (mean, variance) or 𝒥 (mean, second moment)")
		choiceVar(fs, &method, "method", "auto", []string{"auto", "quadrature", "closed-form"}, "evaluator of the derivatives")
		formatVar(fs, &format)
		return func(out, errw io.Writer) error {
			return runJacobian(out, &s, fs.Changed("mu"), fs.Changed("nu"), of, method, format)
		}
	},
}

func parseMethod(name string) mapping.Method {
	switch name {
	case "quadrature":
		return mapping.Quadrature
	case "closed-form":
		return mapping.ClosedForm
	}
	return mapping.Auto
}

func runJacobian(out io.Writer, s *statFlags, muSet, nuSet bool, ofName, method, format string) error {
	f, err := s.activationFunc()
	if err != nil {
		return err
	}
	if muSet != nuSet {
		return usagef("--mu and --nu go together (without both, the Jacobian is taken at the fixed point)")
	}
	if _, isSELU := f.(mapping.ClosedFormer); !isSELU && method == "closed-form" {
		return usagef("--method closed-form: activation %s has no closed form (use auto or quadrature)", f.Name())
	}
	atFixed := !muSet
	var fp fixedpoint.Result
	if atFixed {
		if err := checkWeights(s); err != nil {
			return err
		}
		fp, err = fixedpoint.Find(f, s.omega, s.tau, nil)
		if err != nil {
			return fixedPointError(err)
		}
		s.mu, s.nu = fp.Mu, fp.Nu
	}
	if err := s.checkNormal(); err != nil {
		return err
	}
	of := jacobian.Variance
	if ofName == "second-moment" {
		of = jacobian.SecondMoment
	}
	r, err := jacobian.At(f, s.mu, s.nu, s.omega, s.tau, of, &jacobian.Settings{Method: parseMethod(method)})
	if err != nil {
		return usageError{err.Error()}
	}
	for _, v := range []float64{r.M[0][0], r.M[0][1], r.M[1][0], r.M[1][1], r.Norm, r.Radius} {
		if !finite(v) {
			return failError{"the Jacobian is not finite at these inputs"}
		}
	}
	s1, s2 := jacobian.SingularValues(r.M)
	l1, l2 := jacobian.Eigenvalues(r.M)

	rec := &record{}
	rec.add("of", r.Of.String())
	rec.add("activation", f.Name())
	addActivationParams(rec, f)
	rec.add("mu", s.mu)
	rec.add("nu", s.nu)
	rec.add("omega", s.omega)
	rec.add("tau", s.tau)
	rec.add("at_fixed_point", atFixed)
	rec.add("method", r.Method.String())
	rec.add("jacobian", matrixJSON(r.M))
	rec.add("spectral_norm", r.Norm)
	rec.add("spectral_radius", r.Radius)
	rec.add("singular_values", []float64{s1, s2})
	rec.add("eigenvalues", [][]float64{{real(l1), imag(l1)}, {real(l2), imag(l2)}})
	if r.Of != jacobian.SecondMoment {
		// Readings of g's Jacobian ℋ; 𝒥 is not g's Jacobian (verdictJ).
		rec.add("contracting", r.Norm < 1)
		rec.add("attracting", r.Radius < 1)
	}

	c := &record{}
	for _, k := range []string{"of", "mu", "nu", "omega", "tau", "method"} {
		c.add(k, rec.get(k))
	}
	c.add("j11", r.M[0][0])
	c.add("j12", r.M[0][1])
	c.add("j21", r.M[1][0])
	c.add("j22", r.M[1][1])
	c.add("spectral_norm", r.Norm)
	c.add("spectral_radius", r.Radius)
	return rec.emit(out, format, c, func() {
		writeJacobianText(out, f, s, r, atFixed, s1, s2, l1, l2)
	})
}

func writeJacobianText(out io.Writer, f mapping.Activation, s *statFlags, r jacobian.Result, atFixed bool, s1, s2 float64, l1, l2 complex128) {
	name, second := "H = d(mu~, nu~)/d(mu, nu), the Jacobian of g", "nu~"
	if r.Of == jacobian.SecondMoment {
		name, second = "J = d(mu~, xi~)/d(mu, nu), mean and second moment", "xi~"
	}
	fmt.Fprintf(out, "%s\n", name)
	writeActivationLine(out, f)
	where := ""
	if atFixed {
		where = "  (the fixed point of g)"
	}
	fmt.Fprintf(out, "at          mu = %s, nu = %s%s\n", fmtFloat(s.mu), fmtFloat(s.nu), where)
	fmt.Fprintf(out, "weights     omega = %s, tau = %s\n", fmtFloat(s.omega), fmtFloat(s.tau))
	fmt.Fprintf(out, "method      %s\n\n", r.Method)
	fmt.Fprintf(out, "            %-24s  %s\n", "d/dmu", "d/dnu")
	fmt.Fprintf(out, "%-10s  %-24s  %s\n", "mu~", fmtFloat(r.M[0][0]), fmtFloat(r.M[0][1]))
	fmt.Fprintf(out, "%-10s  %-24s  %s\n\n", second, fmtFloat(r.M[1][0]), fmtFloat(r.M[1][1]))
	fmt.Fprintf(out, "singular values   %s, %s\n", fmtFloat(s1), fmtFloat(s2))
	fmt.Fprintf(out, "eigenvalues       %s, %s\n", fmtComplex(l1), fmtComplex(l2))
	fmt.Fprintf(out, "spectral norm     %s\n", fmtFloat(r.Norm))
	fmt.Fprintf(out, "spectral radius   %s\n\n", fmtFloat(r.Radius))
	if r.Of == jacobian.SecondMoment {
		fmt.Fprintf(out, "verdict: %s\n", verdictJ(r.Norm))
		return
	}
	fmt.Fprintf(out, "verdict: %s\n", verdict(r.Norm, r.Radius, atFixed))
}

// verdictJ reads 𝒥's norm: 𝒥 is the Jacobian of (μ̃, ξ̃) in (μ, ν), the
// matrix the paper's proof bounds, not the Jacobian of g, so it says nothing
// by itself about g contracting or the fixed point's stability.
func verdictJ(norm float64) string {
	cmp := "< 1"
	if !(norm < 1) {
		cmp = ">= 1"
	}
	return "norm " + cmp + " (J is not g's Jacobian: for g's contraction and stability use H, the default --of variance; docs/conventions.md)"
}

// verdict is the one-line reading of a Jacobian's norm and radius.
func verdict(norm, radius float64, atFixed bool) string {
	var a, b string
	if norm < 1 {
		a = "norm < 1: g contracts near this point (Euclidean norm)"
	} else {
		a = "norm >= 1: g is not a Euclidean contraction here"
	}
	switch {
	case !atFixed && radius < 1:
		b = "radius < 1"
	case !atFixed:
		b = "radius >= 1"
	case radius < 1:
		b = "radius < 1: the fixed point is stable (attracting)"
	default:
		b = "radius >= 1: the fixed point is unstable"
	}
	return a + "; " + b
}

func fmtComplex(c complex128) string {
	if imag(c) == 0 {
		return fmtFloat(real(c))
	}
	return fmt.Sprintf("%s %s %si (modulus %s)", fmtFloat(real(c)), map[bool]string{true: "-", false: "+"}[imag(c) < 0],
		fmtFloat(math.Abs(imag(c))), fmtFloat(cmplx.Abs(c)))
}

func matrixJSON(m jacobian.Matrix) [][]float64 {
	return [][]float64{m[0][:], m[1][:]}
}

// checkWeights checks ω and τ for commands that do not take (μ, ν).
func checkWeights(s *statFlags) error {
	if _, _, err := mapping.Normal(0, 1, s.omega, s.tau); err != nil {
		return usagef("--tau: must be in (0, 1e12] (got %s)", fmtFloat(s.tau))
	}
	return nil
}

// fixedPointError maps fixedpoint's errors to exit codes: no fixed point or
// no convergence is a failed computation (exit 1).
func fixedPointError(err error) error {
	if errors.Is(err, fixedpoint.ErrNoFixedPoint) {
		return failError{err.Error()}
	}
	return usageError{err.Error()}
}
