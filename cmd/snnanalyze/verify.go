package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/jacobian"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

var verifyCommand = &command{
	name:      "verify",
	takesArgs: true,
	summary:   "check the paper's Theorems 1–3, or a claim on your own box, by grid scan or certified bound",
	usage:     "NAME... | KIND --mu-range A:B --omega-range A:B --nu-range A:B --tau-range A:B [--grid N | --paper-grid] [--certify] [flags]",
	long: `
Named checks (α01, λ01):
  theorem1             Theorem 1 on Ω: μ, ω ∈ [−0.1, 0.1], ν ∈ [0.8, 1.5], τ ∈ [0.95, 1.1]: the
                       contraction (max ‖ℋ‖₂ < 1) and the self-map (μ̃ ∈ [−0.1, 0.1], ν̃ ∈ [0.8, 1.5]),
                       then the conclusion they license (Banach's fixed point theorem, --certify);
                       beside them max ‖𝒥‖₂ on τ ∈ [0.8, 1.25], what the paper's proof bounds
  theorem1-extended    the same on τ ∈ [0.8, 1.25], the domain of the paper's proof (Lemma 12)
  mapping              min and max of μ̃ and ν̃ on Ω, against Lemma 13's bounds (−0.03106, 0.06773), (0.80009, 1.48617)
  theorem2             max of ν̃ − ν on μ ∈ [−1, 1], ω ∈ [−0.1, 0.1], ν ∈ [3, 16], τ ∈ [0.8, 1.25] (claim: < 0)
  theorem3-a           min of ν̃ − ν on μ, ω ∈ [−0.1, 0.1], ν ∈ [0.02, 0.16], τ ∈ [0.8, 1.25] (claim: > 0)
  theorem3-b           the same with ν ∈ [0.02, 0.24], τ ∈ [0.9, 1.25]
  theorem3-appendix-a  theorem3-a with ν from 0.05, as in the appendix and the proof
  theorem3-appendix-b  theorem3-b with ν from 0.05
  chi1-fixed-point     the backward factor χ₁ = τ·E[f′(z)²] at the paper's fixed point: χ₁ > 1
                       (and < 1.07158) on μ ∈ ±1e-12, ω = 0, ν ∈ 1 ± 1e-12, τ = 1, and, with
                       --certify, the proof that the fixed point of g for (ω, τ) = (0, 1) lies
                       there (Krawczyk's test): the gradient grows, the chaotic phase
  chi1-theorem1        the range of χ₁ and of E[f′(z)] on Ω (docs/gradients.md's statement:
                       χ₁ ∈ (0.95266, 1.2090), E[f′] ∈ (0.92263, 1.0198))
  all                  every check above
User checks on a box (--alpha, --lambda in [0.1, 10]): contraction (max spectral norm
< 1), mapping (g maps the box's μ and ν ranges into themselves),
variance-decreases (ν̃ − ν < 0), variance-increases (ν̃ − ν > 0), gradient-grows
(χ₁ > 1 on the whole box), gradient-shrinks (χ₁ < 1).

A grid scan (the default; --grid N points per axis, --paper-grid for Lemma
12's spacings) evaluates every grid point, faces and corners included, and
reports the extreme and where it is: it says nothing about the points in
between and is never called a proof. --certify bounds the quantity over the
whole continuous box: interval arithmetic with outward rounding and
automatic differentiation (a mean-value form taken axis by axis, monotone
axes at their ends) on an adaptive bisection of the box, or of its half
μ ≤ 0 when the box is symmetric in μ and ω (every quantity is the same at
(−μ, −ω)), with α and λ widened by one ulp to cover the exact constants; it
reports the rigorous bound, the best point found and the number of boxes.
A claim that two named checks share is computed once.
--certificate FILE writes the partition. --check-certificate FILE checks
each certificate twice: with the float64 evaluator that made it, then with
an independent checker in math/big interval arithmetic (128 bits, its own
exp, erfc and erfcx with proved error bounds, no numerical code shared);
it accepts a certificate only if both reproduce every leaf's bound.
--shard K/N runs part K of N of a grid scan; --merge FILE... combines the
parts' JSON outputs. --of second-moment uses 𝒥 instead of ℋ in user
checks; with named checks, --of variance or second-moment runs only their
spectral-norm claims of ℋ or 𝒥.

Exit code 0 when every check holds, 1 when one fails (or is partial, or a
certificate is refused), 2 for bad usage. Progress goes to stderr when it
is a terminal; Ctrl-C stops and prints what was done, marked partial.`,
	examples: []string{
		"snnanalyze verify theorem1",
		"snnanalyze verify theorem1-extended --certify",
		"snnanalyze verify theorem1-extended --paper-grid --of second-moment",
		"snnanalyze verify all --certify --format json",
		"snnanalyze verify contraction --mu-range -1:1 --omega-range -1:1 --nu-range 0.8:1.5 --tau-range 0.9:1.1",
		"snnanalyze verify chi1-fixed-point --certify",
		"snnanalyze verify gradient-grows --mu-range -0.1:0.1 --omega-range -0.1:0.1 --nu-range 0.9:1.1 --tau-range 1:1.1 --certify",
		"snnanalyze verify theorem1 --paper-grid --shard 1/2 --format json > part1.json",
		"snnanalyze verify --merge part1.json part2.json",
		"snnanalyze verify theorem1 --certify --certificate t1.json",
		"snnanalyze verify --check-certificate t1.json",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		o := &verifyOptions{}
		var ranges [4]rangeFlag
		for i, name := range verify.AxisNames {
			ranges[i] = rangeFlag{axis: name}
			fs.Var(&ranges[i], name+"-range", "the box's "+name+" range A:B (user checks)")
		}
		var grid intFlag
		grid = intFlag{p: &o.grid, min: 2, max: 100000}
		o.grid = 21
		fs.Var(&grid, "grid", fmt.Sprintf("grid points per axis (2 to 100000, and at most %.0e points in all: --grid 251 on a full 4-d box)", float64(verify.MaxGridPoints)))
		fs.BoolVar(&o.paperGrid, "paper-grid", false, "use the spacings of the paper's Lemma 12 (3,396,720,096 points on theorem1-extended)")
		fs.BoolVar(&o.certify, "certify", false, "bound the quantity over the whole continuous box (rigorous)")
		choiceVar(fs, &o.of, "of", "variance", []string{"variance", "second-moment"}, "which Jacobian the spectral norm is of: ℋ or 𝒥 (named checks: only their norms of it)")
		workers := intFlag{p: &o.workers, min: 0, max: 1024}
		fs.Var(&workers, "workers", "goroutines (0 = all cores)")
		floatVar(fs, &o.alpha, "alpha", mapping.Alpha01, func(v float64) bool { return v >= verify.MinParam && v <= verify.MaxParam },
			fmt.Sprintf("a number in [%g, %g]", float64(verify.MinParam), float64(verify.MaxParam)), "SELU α for user checks (default α01)")
		floatVar(fs, &o.lambda, "lambda", mapping.Lambda01, func(v float64) bool { return v >= verify.MinParam && v <= verify.MaxParam },
			fmt.Sprintf("a number in [%g, %g]", float64(verify.MinParam), float64(verify.MaxParam)), "SELU λ for user checks (default λ01)")
		floatVar(fs, &o.gap, "gap", 1e-5, func(v float64) bool { return v >= 1e-12 && v <= 1 }, "a number in [1e-12, 1]", "certify: stop refining a box within this of the best value")
		maxBoxes := intFlag{p: &o.maxBoxes, min: 1000, max: 100000000}
		o.maxBoxes = verify.DefaultMaxBoxes
		fs.Var(&maxBoxes, "max-boxes", "certify: the most boxes evaluated per check (1000 to 1e8); past it the bound is partial")
		fs.StringVar(&o.certificate, "certificate", "", "certify: write the certified partitions to FILE (JSON)")
		fs.StringVar(&o.checkCert, "check-certificate", "", "check the certificates in FILE (float64 re-check and the independent math/big checker)")
		fs.Var(&o.shard, "shard", "grid scans: run part K of N (K/N, 1-based)")
		fs.BoolVar(&o.merge, "merge", false, "merge the JSON outputs of shards given as arguments")
		choiceVar(fs, &o.format, "format", "text", []string{"text", "json"}, "output format")
		return func(out, errw io.Writer) error {
			for i := range ranges {
				if ranges[i].set {
					o.box[i] = ranges[i].r
					o.boxSet[i] = true
				}
			}
			o.alphaSet, o.lambdaSet = fs.Changed("alpha"), fs.Changed("lambda")
			o.gridSet = fs.Changed("grid")
			o.changed = map[string]bool{}
			fs.Visit(func(f *pflag.Flag) { o.changed[f.Name] = true })
			return runVerify(out, errw, o, fs.Args())
		}
	},
}

type verifyOptions struct {
	box                 [4][2]float64
	boxSet              [4]bool
	grid, workers       int
	gridSet, paperGrid  bool
	certify, merge      bool
	of, format          string
	alpha, lambda, gap  float64
	alphaSet, lambdaSet bool
	certificate         string
	checkCert           string
	shard               shardFlag
	maxBoxes            int
	changed             map[string]bool // flags given on the command line
}

// modes lists, per way of running verify, the flags it takes; any other flag
// given is refused rather than silently ignored.
var verifyModes = map[string][]string{
	"check-certificate": {"check-certificate", "workers", "format"},
	"merge":             {"merge", "format"},
	"certify":           {"certify", "gap", "max-boxes", "certificate", "of", "workers", "alpha", "lambda", "format", "mu-range", "omega-range", "nu-range", "tau-range"},
	"grid":              {"grid", "paper-grid", "shard", "of", "workers", "alpha", "lambda", "format", "mu-range", "omega-range", "nu-range", "tau-range"},
}

// checkMode refuses the flags that do not apply to a mode.
func (o *verifyOptions) checkMode(mode string) error {
	var extra []string
	for name := range o.changed {
		if !slices.Contains(verifyModes[mode], name) {
			extra = append(extra, "--"+name)
		}
	}
	if len(extra) == 0 {
		return nil
	}
	sort.Strings(extra)
	what := map[string]string{"check-certificate": "--check-certificate", "merge": "--merge", "certify": "--certify", "grid": "a grid scan (no --certify)"}[mode]
	return usagef("%s does not apply to %s (it takes %s)", strings.Join(extra, ", "), what, "--"+strings.Join(verifyModes[mode], ", --"))
}

// rangeFlag parses A:B.
type rangeFlag struct {
	axis string
	r    [2]float64
	set  bool
}

func (f *rangeFlag) String() string {
	if !f.set {
		return ""
	}
	return fmtFloat(f.r[0]) + ":" + fmtFloat(f.r[1])
}
func (f *rangeFlag) Type() string { return "A:B" }
func (f *rangeFlag) Set(s string) error {
	parts := strings.Split(s, ":")
	if len(parts) != 2 {
		return fmt.Errorf("want A:B with finite A <= B")
	}
	a, err1 := parseNumber(parts[0])
	b, err2 := parseNumber(parts[1])
	if err1 != nil || err2 != nil || !finite(a) || !finite(b) {
		return fmt.Errorf("want A:B with finite A <= B")
	}
	if a > b {
		return fmt.Errorf("range is reversed (%s > %s); want A:B with A <= B", fmtFloat(a), fmtFloat(b))
	}
	if (f.axis == "nu" || f.axis == "tau") && !(a > 0) {
		return fmt.Errorf("want A:B with 0 < A <= B")
	}
	f.r, f.set = [2]float64{a, b}, true
	return nil
}

// shardFlag parses K/N.
type shardFlag struct{ k, n int }

func (f *shardFlag) String() string {
	if f.n == 0 {
		return ""
	}
	return fmt.Sprintf("%d/%d", f.k, f.n)
}
func (f *shardFlag) Type() string { return "K/N" }
func (f *shardFlag) Set(s string) error {
	var k, n int
	if _, err := fmt.Sscanf(s, "%d/%d", &k, &n); err != nil || n < 1 || n > 100000 || k < 1 || k > n || fmt.Sprintf("%d/%d", k, n) != s {
		return fmt.Errorf("want K/N with 1 <= K <= N <= 100000")
	}
	f.k, f.n = k, n
	return nil
}

func runVerify(out, errw io.Writer, o *verifyOptions, args []string) error {
	for _, name := range []string{"certificate", "check-certificate"} {
		if !o.changed[name] {
			continue
		}
		v := map[string]string{"certificate": o.certificate, "check-certificate": o.checkCert}[name]
		switch {
		case strings.TrimSpace(v) == "":
			return usagef("--%s: want a file name", name)
		case v == "-" && name == "certificate":
			return usagef("--certificate -: standard output holds the report; name a file")
		}
	}
	switch {
	case o.changed["check-certificate"]:
		if len(args) > 0 {
			return usagef("--check-certificate takes no check names (got %q)", args[0])
		}
		if err := o.checkMode("check-certificate"); err != nil {
			return err
		}
		return runCheckCertificate(out, errw, o)
	case o.merge:
		if err := o.checkMode("merge"); err != nil {
			return err
		}
		return runMerge(out, o, args)
	}
	if len(args) == 0 {
		return usagef("name a check (%s, all) or a user check (%s); see 'snnanalyze help verify'",
			strings.Join(verify.CheckNames, ", "), strings.Join(verify.UserKinds, ", "))
	}
	if o.paperGrid && o.gridSet {
		return usagef("--grid and --paper-grid exclude each other")
	}
	if o.certify {
		if err := o.checkMode("certify"); err != nil {
			return err
		}
	} else if err := o.checkMode("grid"); err != nil {
		return err
	}
	of := jacobian.Variance
	if o.of == "second-moment" {
		of = jacobian.SecondMoment
	}
	claims, err := collectClaims(o, args, of)
	if err != nil {
		return err
	}
	hasNorm := false
	for _, c := range claims {
		if err := c.Validate(); err != nil {
			return boxError(err)
		}
		hasNorm = hasNorm || c.Quantity == verify.MaxSpectralNorm
	}
	if o.changed["of"] && !hasNorm {
		return usagef("--of: none of these checks bounds a spectral norm")
	}
	if o.certificate != "" {
		if err := checkWritable(o.certificate); err != nil {
			return err
		}
	}

	// Ctrl-C stops the work; what was done is printed, marked partial.
	interrupted, release := signal.NotifyContext(context.Background(), os.Interrupt)
	defer release()
	stop := interrupted.Done()
	progress := isTerminal(errw)

	res := verify.NewReport()
	var certs []verify.CertificateFile
	// A claim that two checks share (theorem1's and theorem1-extended's
	// norm of 𝒥) is computed once.
	type computed struct {
		r    verify.Result
		cert *verify.Certificate
	}
	seen := map[string]computed{}
	for _, c := range claims {
		key := fmt.Sprintf("%v %v", c.Problem, c.Limit)
		r, cert := seen[key].r, seen[key].cert
		if prev, ok := seen[key]; ok {
			r.Name, r.Part, r.SameAs = c.Name, c.Part, prev.r.Name
		} else {
			var err error
			if r, cert, err = runClaim(c, o, stop, progress, errw); err != nil {
				return err
			}
			seen[key] = computed{r, cert}
		}
		if cert != nil {
			certs = append(certs, verify.NewCertificateFile(cert, c))
		}
		res.Add(r)
		if stopped(stop) {
			break
		}
	}
	res.Conclude()
	if o.certificate != "" && len(certs) > 0 {
		data, err := json.MarshalIndent(certs, "", " ")
		if err != nil {
			return err
		}
		if err := writeFileAtomic(o.certificate, append(data, '\n')); err != nil {
			return usagef("--certificate: %v", err)
		}
	}
	return writeVerify(out, o.format, res)
}

// boxError names the flags of a verify.BoxError (an unusable user box, α
// or λ).
func boxError(err error) error {
	var be *verify.BoxError
	if !errors.As(err, &be) {
		return usageError{err.Error()}
	}
	var flags []string
	for _, a := range be.Axes {
		flags = append(flags, "--"+verify.AxisNames[a]+"-range")
	}
	if len(flags) == 0 {
		flags = []string{"--alpha", "--lambda"}
	}
	return usagef("%s: %s", strings.Join(flags, ", "), be.Msg)
}

// writeVerify prints the results and turns a failed check into exit 1.
func writeVerify(out io.Writer, format string, res verify.Report) error {
	if format == "json" {
		data, err := json.MarshalIndent(res, "", "  ")
		if err != nil {
			return failError{fmt.Sprintf("cannot write the report as JSON: %v", err)}
		}
		fmt.Fprintln(out, string(data))
	} else {
		res.WriteText(out)
	}
	if !res.Holds {
		return silentFail{}
	}
	return nil
}

// silentFail exits 1 without a message (the output says what failed).
type silentFail struct{}

func (silentFail) Error() string { return "" }

func stopped(c <-chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

func collectClaims(o *verifyOptions, args []string, of jacobian.Of) ([]verify.Claim, error) {
	var claims []verify.Claim
	anyBox := o.boxSet[0] || o.boxSet[1] || o.boxSet[2] || o.boxSet[3]
	// named returns a named check's claims; with --of, only its
	// spectral-norm claims of that Jacobian.
	named := func(n string) []verify.Claim {
		cs := verify.NamedClaims(n)
		if !o.changed["of"] {
			return cs
		}
		var keep []verify.Claim
		for _, c := range cs {
			if c.Quantity == verify.MaxSpectralNorm && c.Of == of {
				keep = append(keep, c)
			}
		}
		return keep
	}
	for _, a := range args {
		switch {
		case a == "all":
			for _, n := range verify.CheckNames {
				claims = append(claims, named(n)...)
			}
		case verify.NamedClaims(a) != nil && !(a == "mapping" && anyBox):
			claims = append(claims, named(a)...)
		case verify.IsUserKind(a):
			for i, set := range o.boxSet {
				if !set {
					return nil, usagef("user check %s needs --%s-range A:B", a, verify.AxisNames[i])
				}
			}
			box := verify.BoxFromAxes(o.box)
			if err := box.Validate(); err != nil {
				return nil, boxError(err)
			}
			f := mapping.SELU{Alpha: o.alpha, Lambda: o.lambda}
			claims = append(claims, verify.UserClaims(a, box, f, of)...)
		default:
			return nil, usagef("unknown check %q (accepted: %s, all, %s)", a, strings.Join(verify.CheckNames, ", "), strings.Join(verify.UserKinds, ", "))
		}
	}
	isNamed := false
	for _, c := range claims {
		if c.Name != "" && !verify.IsUserKind(c.Name) {
			isNamed = true
		}
	}
	if isNamed && (o.alphaSet || o.lambdaSet) {
		return nil, usagef("--alpha and --lambda apply to user checks; the named checks use α01, λ01")
	}
	if isNamed && anyBox {
		return nil, usagef("--mu-range etc. apply to user checks (%s); named checks have their own domains", strings.Join(verify.UserKinds, ", "))
	}
	return claims, nil
}

// runClaim runs one claim with the options' method, with a progress line on
// errw when progress is set.
func runClaim(c verify.Claim, o *verifyOptions, stop <-chan struct{}, progress bool, errw io.Writer) (verify.Result, *verify.Certificate, error) {
	start := time.Now()
	label := c.Name + " " + c.Quantity.String()
	set := &verify.RunSettings{Certify: o.certify, Gap: o.gap, MaxBoxes: int64(o.maxBoxes), Workers: o.workers, Stop: stop,
		Grid: verify.Grid{Points: [4]int{o.grid, o.grid, o.grid, o.grid}}}
	if o.paperGrid {
		set.Grid = verify.Grid{Spacing: verify.PaperSpacing}
	}
	if o.shard.n > 0 {
		set.Shard, set.Shards = o.shard.k-1, o.shard.n
	}
	if progress {
		set.CertifyProgress = func(boxes int64, bound, best float64) {
			fmt.Fprintf(errw, "\r%s: %d boxes, bound %.10g, best %.10g, %.1f s   ", label, boxes, bound, best, time.Since(start).Seconds())
		}
		set.ScanProgress = func(done, total int64) {
			el := time.Since(start).Seconds()
			rate := float64(done) / el
			left := 0.0
			if rate > 0 {
				left = float64(total-done) / rate
			}
			fmt.Fprintf(errw, "\r%s: %.3g of %.3g points, %.3g points/s, %.0f s left   ", label, float64(done), float64(total), rate, left)
		}
	}
	r, cert, err := c.Run(set)
	if progress {
		fmt.Fprintln(errw)
	}
	switch {
	case errors.Is(err, verify.ErrStopped):
		return r, nil, failError{"interrupted before any point was evaluated"}
	case errors.Is(err, verify.ErrGridSize) && o.paperGrid:
		return r, nil, usagef("--paper-grid: %v on this box", err)
	case errors.Is(err, verify.ErrGridSize):
		return r, nil, usagef("--grid %d: %v", o.grid, err)
	case errors.Is(err, verify.ErrShards):
		return r, nil, usagef("--shard %s: %v", o.shard.String(), err)
	case err != nil:
		return r, nil, usagef("%s: %v", c.Name, err)
	}
	return r, cert, nil
}

// runMerge combines the JSON outputs of grid shards (verify.Merge).
func runMerge(out io.Writer, o *verifyOptions, files []string) error {
	if len(files) == 0 {
		return usagef("--merge needs the shards' JSON files as arguments")
	}
	parts := make([]verify.Report, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return usagef("--merge: %v", err)
		}
		if parts[i], err = verify.ReadReport(data); err != nil {
			return usagef("--merge: %s is not a verify JSON output: %v", f, err)
		}
	}
	seen := map[string]int{}
	for i, f := range files {
		abs, _ := filepath.Abs(f)
		if j, dup := seen[abs]; dup {
			return usagef("--merge: %s is given twice (arguments %d and %d)", f, j+1, i+1)
		}
		seen[abs] = i
	}
	res, err := verify.Merge(parts)
	var pe *verify.PartError
	if errors.As(err, &pe) {
		return usagef("--merge: %s %v", files[pe.Part], pe.Err)
	}
	if err != nil {
		return usagef("--merge: %v", err)
	}
	return writeVerify(out, o.format, res)
}
