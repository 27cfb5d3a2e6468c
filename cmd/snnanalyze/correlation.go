package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/meanfield"
)

var correlationCommand = &command{
	name:    "correlation",
	summary: "the correlation map of two inputs: c̃(c), fixed points, slopes, depth scales, phase",
	usage:   "[--omega W] [--tau T] [--mu M --nu V] [--c C]... [--format text|json|csv]",
	long: `
Two inputs whose activations have mean μ, variance ν and correlation c give
net inputs z₁, z₂ ~ N(μω, ντ) with correlation c. Prints, for each --c
(repeatable), the centred correlation map c̃(c) = Cov(f(z₁), f(z₂))/ν̃, the
uncentred E[f(z₁)f(z₂)]/E[f(z)²] (they coincide where μ̃ = 0) and the slope
dc̃/dc = ντ·E[f′(z₁)f′(z₂)]/ν̃; then the fixed points of the centred map (c = 0
and c = 1 always, others by a scan of [−1, 1)), its slopes there, the depth
scales −1/ln|slope| (layers per factor e; negative where deviations grow) of
the correlation at c = 1 and of the two directions of (μ, ν) (eigenvalues of
ℋ), and the phase: chaotic where c = 1 is unstable (slope above 1; it is χ₁
at a fixed point of g), ordered where it is stable. Without --mu and --nu the
point is the fixed point of g for (--omega, --tau).

For SELU, ELU and ReLU the covariance is one integral over the correlation
(Price's theorem twice; about 1.5 µs a value) where that is accurate, else
E[f(z₁)f(z₂)] is integrated over z₁ with the inner expectation over z₂ in
closed form, or by quadrature (tanh: milliseconds a value); see
docs/gradients.md. The map is computed for |μω| ≤ 30 and ντ ≤ 1e4, the
domain where it is tested; outside, the command exits 2.`,
	examples: []string{
		"snnanalyze correlation",
		"snnanalyze correlation --c -0.5 --c 0.5 --c 0.99",
		"snnanalyze correlation --tau 0.5625 --format json",
		"snnanalyze correlation --mu 0.5 --nu 2 --omega 1 --tau 0.8 --c 0.2 --format csv",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		var s statFlags
		var format string
		s.define(fs)
		cs := &corrFlag{}
		fs.Var(cs, "c", "input correlation c in [-1, 1] (repeatable; default 0.5)")
		formatVar(fs, &format)
		return func(out, errw io.Writer) error {
			vals := cs.v
			if len(vals) == 0 {
				vals = []float64{0.5}
			}
			return runCorrelation(out, &s, fs.Changed("mu"), fs.Changed("nu"), vals, format)
		}
	},
}

// corrFlag is the repeatable --c.
type corrFlag struct{ v []float64 }

// maxCorrValues bounds the number of --c values.
const maxCorrValues = 1000

func (f *corrFlag) String() string {
	parts := make([]string, len(f.v))
	for i, v := range f.v {
		parts[i] = fmtFloat(v)
	}
	return strings.Join(parts, ",")
}
func (f *corrFlag) Type() string { return "float" }
func (f *corrFlag) Set(s string) error {
	v, err := parseNumber(s)
	if err != nil || !(v >= -1 && v <= 1) {
		return fmt.Errorf("want a number in [-1, 1]")
	}
	if len(f.v) >= maxCorrValues {
		return fmt.Errorf("at most %d values", maxCorrValues)
	}
	f.v = append(f.v, v)
	return nil
}

// orNull is v, or JSON null where v is ±Inf (a depth scale at slope 1).
func orNull(v float64) any {
	if math.IsInf(v, 0) {
		return null{}
	}
	return v
}

func runCorrelation(out io.Writer, s *statFlags, muSet, nuSet bool, cs []float64, format string) error {
	f, err := s.activationFunc()
	if err != nil {
		return err
	}
	atFixed, err := atPoint(s, f, muSet, nuSet)
	if err != nil {
		return err
	}
	m, err := meanfield.NewMap(f, s.mu, s.nu, s.omega, s.tau)
	if errors.Is(err, meanfield.ErrDomain) {
		return usagef("--mu, --omega, --nu, --tau: the correlation map needs |mu*omega| <= %v and nu*tau <= %v (got %s, %s)",
			meanfield.MaxMean, meanfield.MaxVariance, fmtFloat(s.mu*s.omega), fmtFloat(s.nu*s.tau))
	}
	if err != nil {
		return usageError{err.Error()}
	}
	type entry struct {
		v     meanfield.Value
		slope float64
	}
	entries := make([]entry, len(cs))
	for i, c := range cs {
		v, err := m.At(c)
		if err != nil {
			return usageError{err.Error()}
		}
		sl, err := m.Slope(c)
		if err != nil {
			return usageError{err.Error()}
		}
		entries[i] = entry{v, sl}
	}
	an, err := m.Analyze()
	if err != nil {
		return usageError{err.Error()}
	}
	eig, vscales, err := meanfield.VarianceDepthScales(f, s.mu, s.nu, s.omega, s.tau)
	if err != nil {
		return usageError{err.Error()}
	}

	rec := &record{}
	rec.add("activation", f.Name())
	addActivationParams(rec, f)
	rec.add("mu", s.mu)
	rec.add("nu", s.nu)
	rec.add("omega", s.omega)
	rec.add("tau", s.tau)
	rec.add("at_fixed_point", atFixed)
	rec.add("mu_tilde", m.Moments.Mean)
	rec.add("nu_tilde", m.Moments.Var)
	var mp []*record
	for _, e := range entries {
		r := &record{}
		r.add("c", e.v.C)
		r.add("c_tilde", e.v.Centred)
		r.add("c_tilde_uncentred", e.v.Uncentred)
		r.add("slope", e.slope)
		mp = append(mp, r)
	}
	rec.add("map", mp)
	var fps []*record
	for _, p := range an.FixedPoints {
		r := &record{}
		r.add("c", p.C)
		r.add("slope", p.Slope)
		r.add("depth_scale", orNull(p.DepthScale))
		r.add("stable", p.Stable)
		fps = append(fps, r)
	}
	rec.add("fixed_points", fps)
	sl := &record{}
	sl.add("c0", an.Slope0)
	sl.add("c1", an.Slope1)
	sl.add("c1_uncentred", an.UncentredSlope1)
	rec.add("slopes", sl)
	ds := &record{}
	ds.add("correlation", orNull(meanfield.DepthScale(an.Slope1)))
	if math.IsInf(vscales[0], 0) || math.IsInf(vscales[1], 0) {
		ds.add("variance", null{})
	} else {
		ds.add("variance", []float64{vscales[0], vscales[1]})
	}
	ds.add("variance_eigenvalues", [][]float64{{real(eig[0]), imag(eig[0])}, {real(eig[1]), imag(eig[1])}})
	rec.add("depth_scales", ds)
	rec.add("phase", an.Phase.String())
	rec.add("near_identity", an.NearIdentity)

	if err := rec.checkFinite(); err != nil {
		return err
	}
	switch format {
	case "json":
		fmt.Fprintln(out, rec.json())
		return nil
	case "csv":
		fmt.Fprintln(out, "mu,nu,omega,tau,c,c_tilde,c_tilde_uncentred,slope,slope_c1,phase")
		for _, e := range entries {
			fmt.Fprintf(out, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", fmtFloat(s.mu), fmtFloat(s.nu), fmtFloat(s.omega), fmtFloat(s.tau),
				fmtFloat(e.v.C), fmtFloat(e.v.Centred), fmtFloat(e.v.Uncentred), fmtFloat(e.slope), fmtFloat(an.Slope1), an.Phase)
		}
		return nil
	}
	fmt.Fprintf(out, "correlation map of two inputs\n")
	writeActivationLine(out, f)
	where := ""
	if atFixed {
		where = "  (the fixed point of g)"
	}
	fmt.Fprintf(out, "at          mu = %s, nu = %s%s\n", fmtFloat(s.mu), fmtFloat(s.nu), where)
	fmt.Fprintf(out, "weights     omega = %s, tau = %s\n", fmtFloat(s.omega), fmtFloat(s.tau))
	fmt.Fprintf(out, "moments     mu~ = %s, nu~ = %s\n\n", fmtFloat(m.Moments.Mean), fmtFloat(m.Moments.Var))
	fmt.Fprintf(out, "%-22s  %-22s  %-22s  %s\n", "c", "c~ (centred)", "c~ (uncentred)", "slope dc~/dc")
	for _, e := range entries {
		fmt.Fprintf(out, "%-22s  %-22s  %-22s  %s\n", fmtFloat(e.v.C), fmtFloat(e.v.Centred), fmtFloat(e.v.Uncentred), fmtFloat(e.slope))
	}
	fmt.Fprintf(out, "\nfixed points of the centred map\n")
	for _, p := range an.FixedPoints {
		st := "unstable"
		if p.Stable {
			st = "stable"
		}
		fmt.Fprintf(out, "  c* = %-6s  slope %-20s  depth scale %-10s  %s\n", fmtFloat(p.C), fmtFloat(p.Slope), fmtDepth(p.DepthScale), st)
	}
	if an.NearIdentity {
		fmt.Fprintf(out, "  (c~(c) = c to within 1e-9 at every scanned c: f is linear on the net input's range)\n")
	}
	fmt.Fprintf(out, "\nslope at c = 1, uncentred map   %s\n", fmtFloat(an.UncentredSlope1))
	fmt.Fprintf(out, "depth scale of the correlation  %s layers (at c = 1)\n", fmtDepth(meanfield.DepthScale(an.Slope1)))
	fmt.Fprintf(out, "depth scales of (mu, nu)        %s, %s layers (eigenvalues of H: %s, %s)\n\n",
		fmtDepth(vscales[0]), fmtDepth(vscales[1]), fmtComplex(eig[0]), fmtComplex(eig[1]))
	fmt.Fprintf(out, "phase: %s\n", phaseVerdict(an.Phase))
	return nil
}

func fmtDepth(v float64) string {
	if math.IsInf(v, 0) {
		return "unbounded"
	}
	return fmt.Sprintf("%.6g", v)
}

func phaseVerdict(p meanfield.Phase) string {
	switch p {
	case meanfield.Chaotic:
		return "chaotic (c = 1 is unstable: nearby inputs decorrelate with depth)"
	case meanfield.Ordered:
		return "ordered (c = 1 is stable: nearby inputs converge with depth)"
	}
	return "edge of chaos (slope 1 at c = 1)"
}
