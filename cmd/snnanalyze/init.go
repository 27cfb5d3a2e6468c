package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/internal/initscheme"
	"github.com/snnanalyze/snnanalyze/mapping"
)

func init() { commands = append(commands, initCommand, simulateCommand) }

// initOrbitTol is the distance to the fixed point (relative, as in
// fixedpoint.Orbit) at which init counts a layer as having arrived: 1%.
const initOrbitTol = 0.01

var initCommand = &command{
	name:    "init",
	summary: "weight statistics ω, τ of an initialisation scheme and the fixed point of g they give",
	usage:   "--scheme NAME --fan-in N [--fan-out M] [--format text|json|csv]",
	long: `
For one unit of a dense layer with n = --fan-in inputs whose weights are drawn
by --scheme, prints the weight variance σ², the exact mean and standard
deviation of ω = Σwᵢ and τ = Σwᵢ² (E[τ] = nσ², std τ = √(n·Var(w²))), the
fixed point of g at (ω, τ) = (0, E[τ]) with SELU's α01, λ01, its stability
(spectral radius and norm of ℋ), and how many layers (steps of g) take (0, 1)
to within 1% of it.

Schemes (formulas from the frameworks' documentation):
  lecun-normal                  N(0, 1/fan_in) (SNN paper; Keras LecunNormal's variance)
  lecun-uniform                 U(±√(3/fan_in)) (Keras LecunUniform)
  truncated-normal              Keras VarianceScaling truncated_normal: stddev
                                √(1/fan_in)/0.87962566103423978 cut at ±2 stddev, variance 1/fan_in
  truncated-normal-uncorrected  stddev √(1/fan_in) cut at ±2 stddev, no correction:
                                variance 0.87962566103423978²/fan_in
  pytorch-selu                  kaiming_normal_(mode='fan_in', nonlinearity='selu'):
                                std (3/4)/√fan_in, E[τ] = 0.5625
  xavier-normal, xavier-uniform N(0, 2/(fan_in+fan_out)), U(±√(6/(fan_in+fan_out)))
                                (aliases glorot-normal, glorot-uniform)
  orthogonal                    Haar (semi-)orthogonal fan_out × fan_in matrix, gain 1:
                                for fan_out ≤ fan_in every row has unit norm, τ = 1 exactly
                                and ω = Σwᵢ has mean 0, variance 1; for fan_out > fan_in,
                                τ ~ Beta(fan_in/2, (fan_out−fan_in)/2), E[τ] = fan_in/fan_out.
--fan-out defaults to --fan-in (a square layer); it matters only for xavier
and orthogonal. ω is exactly normal for normal weights and approximately
(central limit theorem) otherwise. Exit code 1 when g has no fixed point
with ν > 0 at these statistics (the statistics are printed first).`,
	examples: []string{
		"snnanalyze init --scheme pytorch-selu --fan-in 512",
		"snnanalyze init --scheme lecun-normal --fan-in 784 --format json",
		"snnanalyze init --scheme truncated-normal-uncorrected --fan-in 256",
		"snnanalyze init --scheme xavier-uniform --fan-in 784 --fan-out 256",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var scheme, format string
		fanIn := intFlag{p: new(int), min: 1, max: 1 << 30}
		fanOut := intFlag{p: new(int), min: 1, max: 1 << 30}
		fs.StringVar(&scheme, "scheme", "", "initialisation scheme ("+strings.Join(initscheme.Names(), "|")+")")
		fs.Var(&fanIn, "fan-in", "inputs per unit n (1 to 1073741824)")
		fs.Var(&fanOut, "fan-out", "units of the layer (1 to 1073741824; default: --fan-in)")
		formatVar(fs, &format)
		return func(out, errw io.Writer) error {
			s, ok := initscheme.Lookup(scheme)
			if !ok {
				return usagef("--scheme: want one of %s (got %q)", strings.Join(initscheme.Names(), ", "), scheme)
			}
			if !fs.Changed("fan-in") {
				return usagef("--fan-in: required, an integer in [1, 1073741824]")
			}
			if !fs.Changed("fan-out") {
				*fanOut.p = *fanIn.p
			}
			return runInit(out, s, *fanIn.p, *fanOut.p, format)
		}
	},
}

func runInit(out io.Writer, s initscheme.Scheme, fanIn, fanOut int, format string) error {
	st := s.Stats(fanIn, fanOut)
	f := mapping.StandardSELU
	r, ferr := fixedpoint.Find(f, 0, st.TauMean, nil)
	if ferr != nil && !errors.Is(ferr, fixedpoint.ErrNoFixedPoint) {
		return usageError{ferr.Error()}
	}
	found := ferr == nil
	steps, reached := 0, false
	if found {
		var err error
		steps, reached, err = fixedpoint.Orbit(mapping.Map{F: f, Omega: 0, Tau: st.TauMean}, fixedpoint.Point{Mu: 0, Nu: 1}, r.Point, initOrbitTol, maxOrbit, nil)
		if err != nil {
			reached = false
		}
	}
	rec := &record{}
	rec.add("scheme", s.Name)
	rec.add("fan_in", fanIn)
	rec.add("fan_out", fanOut)
	rec.add("weight_var", st.Var)
	om := &record{}
	om.add("mean", st.OmegaMean)
	om.add("std", st.OmegaStd)
	om.add("exactly_normal", st.OmegaExact)
	rec.add("omega", om)
	tr := &record{}
	tr.add("mean", st.TauMean)
	tr.add("std", st.TauStd)
	rec.add("tau_stats", tr)
	rec.add("tau", st.TauMean)
	if found {
		fp := &record{}
		fp.add("mu", r.Mu)
		fp.add("nu", r.Nu)
		rec.add("fixed_point", fp)
		rec.add("spectral_radius", r.H.Radius)
		rec.add("spectral_norm", r.H.Norm)
		rec.add("stable", r.Stable)
		rec.add("contracting", r.Contracting)
		if reached {
			rec.add("layers_to_1pct", steps)
		} else {
			rec.add("layers_to_1pct", -1)
		}
	} else {
		rec.add("fixed_point", null{})
		rec.add("stable", false)
	}
	rec.add("source", s.Source)
	c := &record{}
	for _, k := range []string{"scheme", "fan_in", "fan_out", "weight_var", "omega", "tau_stats", "tau"} {
		c.add(k, rec.get(k))
	}
	if found {
		c.add("mu", r.Mu)
		c.add("nu", r.Nu)
		c.add("spectral_radius", r.H.Radius)
		c.add("spectral_norm", r.H.Norm)
	}
	c.add("stable", rec.get("stable"))
	if err := rec.emit(out, format, c, func() {
		fmt.Fprintf(out, "initialisation %s, fan_in = %d, fan_out = %d\n", s.Name, fanIn, fanOut)
		fmt.Fprintf(out, "formula     %s\n\n", s.Source)
		fmt.Fprintf(out, "weight variance  sigma^2 = %s\n", fmtFloat(st.Var))
		how := "approximately normal (central limit theorem)"
		if st.OmegaExact {
			how = "exactly normal"
		}
		if s.Kind == initscheme.Orthogonal {
			how = "a sum of coordinates of a uniform unit vector"
		}
		fmt.Fprintf(out, "omega = sum w    mean %s, std %s (%s)\n", fmtFloat(st.OmegaMean), fmtFloat(st.OmegaStd), how)
		fmt.Fprintf(out, "tau = sum w^2    mean %s, std %s\n", fmtFloat(st.TauMean), fmtFloat(st.TauStd))
		fmt.Fprintf(out, "\nfixed point of g at (omega, tau) = (0, %s), SELU alpha01, lambda01:\n", fmtFloat(st.TauMean))
		if !found {
			fmt.Fprintf(out, "  none with nu > 0: %v\n", ferr)
			fmt.Fprintf(out, "\nverdict: no fixed point; the variance does not settle at this tau\n")
			return
		}
		fmt.Fprintf(out, "mu*               %s\n", fmtFloat(r.Mu))
		fmt.Fprintf(out, "nu*               %s\n", fmtFloat(r.Nu))
		fmt.Fprintf(out, "spectral radius   %s\n", fmtFloat(r.H.Radius))
		fmt.Fprintf(out, "spectral norm     %s\n", fmtFloat(r.H.Norm))
		if reached {
			fmt.Fprintf(out, "layers            %d steps of g take (0, 1) to within 1%% of the fixed point\n", steps)
		} else {
			fmt.Fprintf(out, "layers            iterating g from (0, 1) does not come within 1%% of the fixed point in %d steps\n", maxOrbit)
		}
		fmt.Fprintf(out, "\nverdict: %s\n", verdict(r.H.Norm, r.H.Radius, true))
	}); err != nil {
		return err
	}
	if !found {
		return silentFail{}
	}
	return nil
}
