package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/big"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

var solveCommand = &command{
	name:    "solve-alpha-lambda",
	summary: "SELU's α and λ that make (μ, ν) a fixed point of g, with a stability verdict",
	usage:   "[--mu M] [--nu V] [--omega W] [--tau T] [--notebook] [--certify [--digits N]] [--format text|json|csv]",
	long: `
Solves μ̃(μ, ν) = μ and ν̃(μ, ν) = ν for SELU's α > 0 and λ > 0 at weight
statistics (ω, τ). The defaults (0, 1, 0, 1) give the published α01, λ01
(paper eq. 14). Since μ̃/√ν̃ does not depend on λ, α is the root of a
one-dimensional equation (solved in closed form, then polished by Newton's
method on the accurate moments), and λ = √(ν/ν̃). A target whose μ/√ν no
α > 0 can reach is refused with the reachable interval.

The paper's analysis uses ω = 0, τ = 1. The authors' notebook
(getSELUparameters.ipynb) feeds N(mean, var) straight into SELU, which is
ω = τ = 1; --notebook selects that convention (it equals --omega 1 --tau 1).
The two agree when the target mean is 0.

The verdict uses ℋ, the Jacobian of g, at the fixed point: spectral radius
below 1 means the fixed point attracts (stable); spectral norm below 1 means
g is also a Euclidean contraction there.

--certify encloses the exact α and λ in interval arithmetic on big.Float
(internal/bigiv: directed rounding, exp and erfc by series with proved
remainder bounds): eliminating λ leaves a quadratic equation in α, whose
roots are enclosed and decided, and a sign change of the equation across
the enclosure confirms the root. It prints the enclosures, the digits they
certify (--digits, default 40), whether the other root is excluded, and how
the published values compare (paper eq. 14 and selu.py for (0, 1); appendix
A5 for (0, 2); the authors' notebook). The target (μ, ν, ω, τ) is taken
exactly as the float64 values given. Exit code 1 when the enclosure fails.`,
	examples: []string{
		"snnanalyze solve-alpha-lambda",
		"snnanalyze solve-alpha-lambda --nu 2",
		"snnanalyze solve-alpha-lambda --mu -0.1 --nu 2 --notebook",
		"snnanalyze solve-alpha-lambda --mu 0.05 --nu 1 --omega 0.1 --tau 1.1 --format json",
		"snnanalyze solve-alpha-lambda --certify",
		"snnanalyze solve-alpha-lambda --mu -0.1 --nu 2 --notebook --certify --digits 20",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var s statFlags
		var format string
		var notebook bool
		floatVar(fs, &s.mu, "mu", 0, anyFinite, "a finite number", "target fixed-point mean μ*")
		floatVar(fs, &s.nu, "nu", 1, positive, "a finite number > 0", "target fixed-point variance ν*")
		floatVar(fs, &s.omega, "omega", 0, anyFinite, "a finite number", "weight sum ω = Σ wᵢ")
		floatVar(fs, &s.tau, "tau", 1, positive, "a finite number > 0", "weight square sum τ = Σ wᵢ²")
		fs.BoolVar(&notebook, "notebook", false, "use the official notebook's convention ω = τ = 1")
		var certify bool
		digits := intFlag{p: new(int), min: minCertDigits, max: maxCertDigits}
		*digits.p = 40
		fs.BoolVar(&certify, "certify", false, "enclose the exact α and λ (big.Float interval arithmetic) and compare with the published digits")
		fs.Var(&digits, "digits", fmt.Sprintf("significant digits --certify certifies (%d to %d)", minCertDigits, maxCertDigits))
		formatVar(fs, &format)
		return func(out, errw io.Writer) error {
			if notebook {
				if fs.Changed("omega") || fs.Changed("tau") {
					return usagef("--notebook sets omega = tau = 1; do not combine it with --omega or --tau")
				}
				s.omega, s.tau = 1, 1
			}
			if fs.Changed("digits") && !certify {
				return usagef("--digits needs --certify")
			}
			cd := 0
			if certify {
				cd = *digits.p
			}
			return runSolve(out, &s, notebook, cd, format)
		}
	},
}

// runSolve solves for α, λ; certDigits > 0 asks for certified enclosures
// with that many digits.
func runSolve(out io.Writer, s *statFlags, notebook bool, certDigits int, format string) error {
	if err := s.checkNormal(); err != nil {
		return err
	}
	sol, err := mapping.SolveAlphaLambda(s.mu, s.nu, s.omega, s.tau)
	if err != nil {
		if errors.Is(err, mapping.ErrUnreachable) {
			return usagef("--mu, --nu: %v", err)
		}
		return usageError{err.Error()}
	}
	nearest := nearestAlphaLambda(s, &sol)
	f := mapping.SELU{Alpha: sol.Alpha, Lambda: sol.Lambda}
	h, err := jacobian.At(f, s.mu, s.nu, s.omega, s.tau, jacobian.Variance, nil)
	if err != nil {
		return failError{err.Error()}
	}
	stable := h.Radius < 1
	var cert *verify.CertifiedAlphaLambda
	if certDigits > 0 {
		c, err := certifyAlphaLambda(s, certDigits)
		if err != nil {
			return err
		}
		cert = &c
	}

	rec := &record{}
	rec.add("mu", s.mu)
	rec.add("nu", s.nu)
	rec.add("omega", s.omega)
	rec.add("tau", s.tau)
	rec.add("alpha", sol.Alpha)
	rec.add("lambda", sol.Lambda)
	rec.add("nearest_double", nearest)
	rec.add("residual_mu", sol.Residual.Mean)
	rec.add("residual_nu", sol.Residual.Var)
	rec.add("spectral_norm", h.Norm)
	rec.add("spectral_radius", h.Radius)
	rec.add("stable", stable)
	rec.add("contracting", h.Norm < 1)
	rec.add("jacobian", matrixJSON(h.M))
	rec.add("reachable_min", sol.Reachable[0])
	rec.add("reachable_max", sol.Reachable[1])
	c := &record{}
	for _, k := range []string{"mu", "nu", "omega", "tau", "alpha", "lambda", "residual_mu", "residual_nu", "spectral_norm", "spectral_radius", "stable"} {
		c.add(k, rec.get(k))
	}
	var cv certifiedAlphaLambdaView
	if cert != nil {
		cv = viewCertifiedAlphaLambda(cert, s, sol, certDigits)
		cv.add(rec, c)
	}
	return rec.emit(out, format, c, func() {
		conv := ""
		if notebook {
			conv = "  (the official notebook's convention)"
		}
		fmt.Fprintf(out, "SELU parameters for the fixed point (mu, nu) = (%s, %s)\n", fmtFloat(s.mu), fmtFloat(s.nu))
		fmt.Fprintf(out, "weights     omega = %s, tau = %s%s\n\n", fmtFloat(s.omega), fmtFloat(s.tau), conv)
		fmt.Fprintf(out, "alpha             %s\n", fmtFloat(sol.Alpha))
		fmt.Fprintf(out, "lambda            %s\n", fmtFloat(sol.Lambda))
		if nearest {
			fmt.Fprintf(out, "accuracy          the doubles nearest the exact values (enclosed with math/big)\n")
		} else {
			fmt.Fprintf(out, "accuracy          float64 solver, about 1e-13 relative (math/big could not enclose the exact values)\n")
		}
		fmt.Fprintf(out, "residual          mu~ - mu = %.1e, nu~ - nu = %.1e\n", sol.Residual.Mean, sol.Residual.Var)
		fmt.Fprintf(out, "reachable         mu/sqrt(nu) in (%.6g, %.6g) for alpha > 0\n\n", sol.Reachable[0], sol.Reachable[1])
		fmt.Fprintf(out, "H at the point    [[%s, %s], [%s, %s]]\n", fmtFloat(h.M[0][0]), fmtFloat(h.M[0][1]), fmtFloat(h.M[1][0]), fmtFloat(h.M[1][1]))
		fmt.Fprintf(out, "spectral norm     %s\n", fmtFloat(h.Norm))
		fmt.Fprintf(out, "spectral radius   %s\n\n", fmtFloat(h.Radius))
		if stable {
			fmt.Fprintf(out, "verdict: stable: %s\n", verdict(h.Norm, h.Radius, true))
		} else {
			fmt.Fprintf(out, "verdict: UNSTABLE: %s; iterating g moves away from this point\n", verdict(h.Norm, h.Radius, true))
		}
		if cert != nil {
			cv.writeText(out)
		}
	})
}

// nearestAlphaLambda replaces the float64 solver's α, λ (about 1e-13
// relative, a few ulps on the reference targets and hundreds near the ends
// of the reachable interval) by the doubles nearest the exact values, where
// verify.CertifyAlphaLambda encloses them narrowly enough that every point
// of each enclosure rounds to the same double (about 10 ms). It recomputes
// the residual and reports whether it did.
func nearestAlphaLambda(s *statFlags, sol *mapping.AlphaLambda) bool {
	c, err := verify.CertifyAlphaLambda(s.mu, s.nu, s.omega, s.tau, &verify.AlphaLambdaSettings{RelWidth: 1e-25, MaxPrec: 1024})
	if err != nil {
		return false
	}
	a, l := nearestDouble(c.Alpha), nearestDouble(c.Lambda)
	if math.IsNaN(a) || math.IsNaN(l) {
		return false
	}
	g := mapping.Map{F: mapping.SELU{Alpha: a, Lambda: l}, Omega: s.omega, Tau: s.tau}
	m, err := g.Apply(s.mu, s.nu)
	if err != nil {
		return false
	}
	sol.Alpha, sol.Lambda = a, l
	sol.Residual = mapping.Moments{Mean: m.Mean - s.mu, Second: m.Second - (s.nu + s.mu*s.mu), Var: m.Var - s.nu}
	return true
}

// nearestDouble returns the float64 nearest to every point of [lo, hi], or
// NaN if the ends round to different doubles.
func nearestDouble(e [2]*big.Float) float64 {
	lo, _ := e[0].Float64()
	hi, _ := e[1].Float64()
	if lo != hi {
		return math.NaN()
	}
	return lo
}

var dropoutCommand = &command{
	name:    "dropout",
	summary: "alpha-dropout parameters a, b (and α′) for a dropout rate and a fixed point",
	usage:   "--rate R [--mu M --nu V] [--alpha A --lambda L] [--format text|json|csv]",
	long: `
Alpha dropout sets dropped units to α′ = −λα (SELU's negative saturation)
and then applies a·x + b so that the activations keep the fixed point's mean
μ* and variance ν*. With keep probability q = 1 − rate:

    a = √(ν* / (q((1 − q)(α′ − μ*)² + ν*))),   b = μ* − a(qμ* + (1 − q)α′)

(bioinf-jku/SNNs selu.py). --rate is the dropout rate, not the keep
probability; the paper recommends 0.05 or 0.1. The fixed point defaults to
(0, 1) with α01, λ01. Given --mu/--nu without --alpha/--lambda, α and λ are
solved for that fixed point (at --omega, --tau, default 0 and 1) first. The
output checks the parameters by computing the mean and variance after
dropout.`,
	examples: []string{
		"snnanalyze dropout --rate 0.05",
		"snnanalyze dropout --rate 0.1 --nu 2 --format json",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var s statFlags
		var rate float64
		var format string
		floatVar(fs, &rate, "rate", 0.05, func(v float64) bool { return v >= 0 && v < 1 }, "a number in [0, 1)", "dropout rate 1 − q (q is the keep probability)")
		floatVar(fs, &s.mu, "mu", 0, anyFinite, "a finite number", "fixed-point mean μ* of the activations")
		floatVar(fs, &s.nu, "nu", 1, positive, "a finite number > 0", "fixed-point variance ν* of the activations")
		floatVar(fs, &s.omega, "omega", 0, anyFinite, "a finite number", "weight sum ω, used when α, λ are solved")
		floatVar(fs, &s.tau, "tau", 1, positive, "a finite number > 0", "weight square sum τ, used when α, λ are solved")
		alphaVar(fs, &s.alpha, false, "SELU α (default α01)")
		lambdaVar(fs, &s.lambda, "SELU λ (default λ01)")
		formatVar(fs, &format)
		return func(out, errw io.Writer) error {
			solve := (fs.Changed("mu") || fs.Changed("nu")) && !fs.Changed("alpha") && !fs.Changed("lambda")
			if fs.Changed("alpha") != fs.Changed("lambda") {
				return usagef("--alpha and --lambda go together")
			}
			return runDropout(out, &s, rate, solve, format)
		}
	},
}

func runDropout(out io.Writer, s *statFlags, rate float64, solve bool, format string) error {
	if solve {
		if err := s.checkNormal(); err != nil {
			return err
		}
		sol, err := mapping.SolveAlphaLambda(s.mu, s.nu, s.omega, s.tau)
		if err != nil {
			return usagef("--mu, --nu: %v", err)
		}
		s.alpha, s.lambda = sol.Alpha, sol.Lambda
	}
	d, err := mapping.NewAlphaDropout(rate, s.alpha, s.lambda, s.mu, s.nu)
	if err != nil {
		return usageError{err.Error()}
	}
	cm, cv := d.Moments(s.mu, s.nu)
	rec := &record{}
	rec.add("rate", rate)
	rec.add("q", d.Q)
	rec.add("mu", s.mu)
	rec.add("nu", s.nu)
	rec.add("alpha", s.alpha)
	rec.add("lambda", s.lambda)
	rec.add("alpha_prime", d.AlphaPrime)
	rec.add("a", d.A)
	rec.add("b", d.B)
	rec.add("check_mean", cm)
	rec.add("check_var", cv)
	return rec.emit(out, format, nil, func() {
		fmt.Fprintf(out, "alpha dropout, rate %s (keep probability q = %s)\n", fmtFloat(rate), fmtFloat(d.Q))
		how := ""
		if solve {
			how = "  (solved for this fixed point)"
		}
		fmt.Fprintf(out, "SELU        alpha = %s, lambda = %s%s\n", fmtFloat(s.alpha), fmtFloat(s.lambda), how)
		fmt.Fprintf(out, "fixed point mu* = %s, nu* = %s\n\n", fmtFloat(s.mu), fmtFloat(s.nu))
		fmt.Fprintf(out, "alpha'      %s   (value of dropped units, -lambda*alpha)\n", fmtFloat(d.AlphaPrime))
		fmt.Fprintf(out, "a           %s\n", fmtFloat(d.A))
		fmt.Fprintf(out, "b           %s\n\n", fmtFloat(d.B))
		fmt.Fprintf(out, "check: after dropout and a*x + b, mean = %s, variance = %s\n", fmtFloat(cm), fmtFloat(cv))
	})
}
