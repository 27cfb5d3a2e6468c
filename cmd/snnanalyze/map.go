package main

import (
	"fmt"
	"io"
	"math"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/mapping"
)

var mapCommand = &command{
	name:    "map",
	summary: "the moments μ̃, ξ̃, ν̃ of one layer at (μ, ν, ω, τ)",
	usage:   "[--mu M] [--nu V] [--omega W] [--tau T] [--activation selu|elu|relu|tanh] [--method auto|quadrature|closed-form|both] [--format text|json|csv]",
	long: `
Evaluates the mapping g : (μ, ν) ↦ (μ̃, ν̃) of one layer (paper eqs. 4-5): with
net input z ~ N(μω, ντ), μ̃ = E[f(z)], ξ̃ = E[f(z)²] and ν̃ = Var f(z).

--method auto (the default) uses the closed form (paper eqs. 11-13, written
with erfcx) where its rounding-error bound is below 1e-14, and the kink-aware
Gaussian quadrature elsewhere (for example where ν̃ ≪ μ̃² and ξ̃ − μ̃² cancels).
--method both prints the two evaluators and their difference. tanh has no
closed form. The reported error estimates are relative: μ̃'s to
max(|μ̃|, √ν̃), ξ̃'s and ν̃'s to themselves.`,
	examples: []string{
		"snnanalyze map",
		"snnanalyze map --mu 0.1 --omega 0.1 --nu 1.5 --tau 1.1",
		"snnanalyze map --mu -30 --omega 1 --nu 1e-8 --method both",
		"snnanalyze map --activation relu --format json",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var s statFlags
		var method, format string
		s.define(fs)
		choiceVar(fs, &method, "method", "auto", []string{"auto", "quadrature", "closed-form", "both"}, "evaluator")
		formatVar(fs, &format)
		return func(out, errw io.Writer) error { return runMap(out, &s, method, format) }
	},
}

func runMap(out io.Writer, s *statFlags, method, format string) error {
	f, err := s.activationFunc()
	if err != nil {
		return err
	}
	if err := s.checkNormal(); err != nil {
		return err
	}
	if _, ok := f.(mapping.ClosedFormer); !ok && (method == "closed-form" || method == "both") {
		return usagef("--method %s: activation %s has no closed form (use auto or quadrature)", method, f.Name())
	}
	eval := func(m mapping.Method) (mapping.Evaluation, error) {
		e, err := mapping.Evaluate(f, s.mu, s.nu, s.omega, s.tau, m)
		if err != nil {
			return e, usageError{err.Error()}
		}
		if !finite(e.Mean) || !finite(e.Second) || !finite(e.Var) {
			return e, failError{fmt.Sprintf("the %v evaluation is not finite at these inputs", e.Method)}
		}
		return e, nil
	}

	rec := &record{}
	rec.add("activation", f.Name())
	addActivationParams(rec, f)
	rec.add("mu", s.mu)
	rec.add("nu", s.nu)
	rec.add("omega", s.omega)
	rec.add("tau", s.tau)

	var main mapping.Evaluation
	var others []mapping.Evaluation
	switch method {
	case "auto":
		main, err = eval(mapping.Auto)
	case "quadrature":
		main, err = eval(mapping.Quadrature)
	case "closed-form":
		main, err = eval(mapping.ClosedForm)
	case "both":
		if main, err = eval(mapping.Auto); err == nil {
			var q, c mapping.Evaluation
			if q, err = evalWithError(f, s, mapping.Quadrature); err == nil {
				c, err = eval(mapping.ClosedForm)
				others = []mapping.Evaluation{q, c}
			}
		}
	}
	if err != nil {
		return err
	}
	rec.add("method", main.Method.String())
	addMoments(rec, main)
	if len(others) == 2 {
		q, c := others[0], others[1]
		rec.add("quadrature", momentsRecord(q))
		rec.add("closed_form", momentsRecord(c))
		diff := &record{}
		diff.add("mu_tilde", q.Mean-c.Mean)
		diff.add("xi_tilde", q.Second-c.Second)
		diff.add("nu_tilde", q.Var-c.Var)
		rec.add("difference", diff)
	}

	return rec.emit(out, format, nil, func() {
		writeMapText(out, f, s, main, others)
	})
}

// evalWithError evaluates with an error estimate even for the quadrature
// (which Evaluate skips for speed unless it is choosing for Auto).
func evalWithError(f mapping.Activation, s *statFlags, m mapping.Method) (mapping.Evaluation, error) {
	y, x, err := mapping.Normal(s.mu, s.nu, s.omega, s.tau)
	if err != nil {
		return mapping.Evaluation{}, usageError{err.Error()}
	}
	return mapping.QuadratureWithError(f, y, x), nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func addMoments(r *record, e mapping.Evaluation) {
	r.add("mu_tilde", e.Mean)
	r.add("xi_tilde", e.Second)
	r.add("nu_tilde", e.Var)
	r.add("rel_err_estimate", relErrRecord(e))
}

func momentsRecord(e mapping.Evaluation) *record {
	r := &record{}
	addMoments(r, e)
	return r
}

func relErrRecord(e mapping.Evaluation) *record {
	r := &record{}
	r.add("mu_tilde", e.RelErr.Mean)
	r.add("xi_tilde", e.RelErr.Second)
	r.add("nu_tilde", e.RelErr.Var)
	return r
}

// addActivationParams adds α and λ where the activation has them.
func addActivationParams(rec *record, f mapping.Activation) {
	switch a := f.(type) {
	case mapping.SELU:
		rec.add("alpha", a.Alpha)
		rec.add("lambda", a.Lambda)
	case mapping.ELU:
		rec.add("alpha", a.Alpha)
	}
}

// writeActivationLine prints the activation and its parameters.
func writeActivationLine(out io.Writer, f mapping.Activation) {
	switch a := f.(type) {
	case mapping.SELU:
		fmt.Fprintf(out, "activation  selu (alpha = %s, lambda = %s)\n", fmtFloat(a.Alpha), fmtFloat(a.Lambda))
	case mapping.ELU:
		fmt.Fprintf(out, "activation  elu (alpha = %s)\n", fmtFloat(a.Alpha))
	default:
		fmt.Fprintf(out, "activation  %s\n", f.Name())
	}
}

func writeMapText(out io.Writer, f mapping.Activation, s *statFlags, main mapping.Evaluation, others []mapping.Evaluation) {
	writeActivationLine(out, f)
	fmt.Fprintf(out, "input       mu = %s, nu = %s, omega = %s, tau = %s\n", fmtFloat(s.mu), fmtFloat(s.nu), fmtFloat(s.omega), fmtFloat(s.tau))
	fmt.Fprintf(out, "net input   z ~ N(mu*omega, nu*tau) = N(%s, %s)\n", fmtFloat(s.mu*s.omega), fmtFloat(s.nu*s.tau))
	fmt.Fprintf(out, "method      %s\n\n", main.Method)
	if len(others) == 0 {
		fmt.Fprintf(out, "            %-24s  %s\n", "value", "rel. error estimate")
		line := func(name string, v, e float64) {
			fmt.Fprintf(out, "%-10s  %-24s  %.1e\n", name, fmtFloat(v), e)
		}
		line("mu~", main.Mean, main.RelErr.Mean)
		line("xi~", main.Second, main.RelErr.Second)
		line("nu~", main.Var, main.RelErr.Var)
		return
	}
	q, c := others[0], others[1]
	fmt.Fprintf(out, "            %-24s  %-24s  %-10s  %s\n", "quadrature", "closed form", "difference", "estimates (q / cf)")
	line := func(name string, a, b, ea, eb float64) {
		fmt.Fprintf(out, "%-10s  %-24s  %-24s  %-10.2e  %.1e / %.1e\n", name, fmtFloat(a), fmtFloat(b), a-b, ea, eb)
	}
	line("mu~", q.Mean, c.Mean, q.RelErr.Mean, c.RelErr.Mean)
	line("xi~", q.Second, c.Second, q.RelErr.Second, c.RelErr.Second)
	line("nu~", q.Var, c.Var, q.RelErr.Var, c.RelErr.Var)
	fmt.Fprintf(out, "\nauto picks %s: mu~ = %s, nu~ = %s\n", main.Method, fmtFloat(main.Mean), fmtFloat(main.Var))
}
