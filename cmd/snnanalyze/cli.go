package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// Exit codes (design.md, "Command line").
const (
	exitOK    = 0
	exitFail  = 1 // a check failed or a computation did not converge
	exitUsage = 2 // bad usage or input
)

// command is one subcommand: its flags are defined by setup, and run does the
// work once they are parsed and checked.
type command struct {
	name      string
	takesArgs bool   // positional arguments allowed (the body reads fs.Args())
	summary   string // one line for the command list
	usage     string // the synopsis after "snnanalyze NAME"
	long      string // what it does, wrapped by hand
	examples  []string
	// setup defines the flags and returns the function that runs the command.
	setup func(fs *pflag.FlagSet) func(out, errw io.Writer) error
}

// commands lists the subcommands in the order of the help text.
var commands = []*command{solveCommand, mapCommand, jacobianCommand, fixedpointCommand, dropoutCommand, verifyCommand}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usageError is bad usage or input: exit code 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// failError is a failed check or computation: exit code 1.
type failError struct{ msg string }

func (e failError) Error() string { return e.msg }

// run is the whole program: it returns the exit code.
func run(args []string, out, errw io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintf(errw, "usage: snnanalyze <command> [flags] ('snnanalyze help' lists the commands)\n")
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "--help":
		if len(args) > 2 && args[0] == "help" {
			fmt.Fprintf(errw, "snnanalyze help: takes one command, got %d (%s)\n", len(args)-1, strings.Join(args[1:], " "))
			return exitUsage
		}
		if len(args) > 1 && args[0] == "help" {
			switch args[1] {
			case "help":
				fmt.Fprintf(out, "snnanalyze help: show help\n\nUsage:\n  snnanalyze help             the list of commands\n  snnanalyze help <command>   a command's flags and examples (also: snnanalyze <command> --help)\n")
				return exitOK
			case "version":
				fmt.Fprintf(out, "snnanalyze version: print the version of the tool, of Go and the platform (also --version)\n\nUsage:\n  snnanalyze version\n")
				return exitOK
			}
			c := lookup(args[1])
			if c == nil {
				fmt.Fprintf(errw, "snnanalyze help: unknown command %q (accepted: %s, help, version)\n", args[1], commandNames())
				return exitUsage
			}
			printHelp(out, c)
			return exitOK
		}
		if len(args) > 1 {
			fmt.Fprintf(errw, "snnanalyze: %s takes no arguments (for a command's help: snnanalyze help <command>)\n", args[0])
			return exitUsage
		}
		printOverview(out)
		return exitOK
	case "version", "--version", "-v":
		if len(args) > 1 {
			fmt.Fprintf(errw, "snnanalyze: %s takes no arguments\n", args[0])
			return exitUsage
		}
		fmt.Fprintf(out, "snnanalyze %s (%s, %s/%s)\n", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return exitOK
	}
	c := lookup(args[0])
	if c == nil {
		fmt.Fprintf(errw, "snnanalyze: unknown command %q (accepted: %s; see 'snnanalyze help')\n", args[0], commandNames())
		return exitUsage
	}
	return c.execute(args[1:], out, errw)
}

func (c *command) flagSet() (*pflag.FlagSet, func(out, errw io.Writer) error) {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SortFlags = false
	body := c.setup(fs)
	fs.BoolP("help", "h", false, "show this help")
	return fs, body
}

func (c *command) execute(args []string, out, errw io.Writer) int {
	fs, body := c.flagSet()
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			printHelp(out, c)
			return exitOK
		}
		fmt.Fprintf(errw, "snnanalyze %s: %s\n", c.name, oneLine(err.Error()))
		return exitUsage
	}
	if h, _ := fs.GetBool("help"); h {
		printHelp(out, c)
		return exitOK
	}
	if fs.NArg() > 0 && !c.takesArgs {
		fmt.Fprintf(errw, "snnanalyze %s: unexpected argument %q (flags are written --name value)\n", c.name, fs.Arg(0))
		return exitUsage
	}
	err := body(out, errw)
	if err == nil {
		return exitOK
	}
	if _, silent := err.(silentFail); silent {
		return exitFail
	}
	fmt.Fprintf(errw, "snnanalyze %s: %s\n", c.name, oneLine(err.Error()))
	var ue usageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFail
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func commandNames() string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

func printOverview(w io.Writer) {
	fmt.Fprintf(w, "snnanalyze %s: numerical analysis of self-normalizing neural networks\n", version)
	fmt.Fprintf(w, "(the mean/variance mapping g of a SELU layer, Klambauer et al. 2017)\n\n")
	fmt.Fprintf(w, "Usage:\n  snnanalyze <command> [flags]\n  snnanalyze help <command>\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-20s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "  %-20s %s\n", "help", "show help for a command")
	fmt.Fprintf(w, "  %-20s %s\n", "version", "print the version (also --version)")
	fmt.Fprintf(w, "\nExit codes: 0 done, 1 a check failed or did not converge, 2 bad usage or input.\n")
}

func printHelp(w io.Writer, c *command) {
	fmt.Fprint(w, helpText(c))
}

// helpText is the full help of a command (also used for docs/commands.md).
func helpText(c *command) string {
	fs, _ := c.flagSet()
	var b strings.Builder
	fmt.Fprintf(&b, "snnanalyze %s: %s\n\nUsage:\n  snnanalyze %s %s\n\n", c.name, c.summary, c.name, c.usage)
	if c.long != "" {
		fmt.Fprintf(&b, "%s\n\n", strings.TrimSpace(c.long))
	}
	fmt.Fprintf(&b, "Flags:\n%s\nExamples:\n", fs.FlagUsagesWrapped(100))
	for _, e := range c.examples {
		fmt.Fprintf(&b, "  %s\n", e)
	}
	return b.String()
}

// floatFlag is a float64 flag that accepts only finite numbers in a range; its
// errors name the range, and pflag prefixes the flag's name.
type floatFlag struct {
	p     *float64
	check func(float64) bool
	want  string // the accepted range, in words
}

func (f *floatFlag) String() string { return fmtFloat(*f.p) }
func (f *floatFlag) Type() string   { return "float" }
func (f *floatFlag) Set(s string) error {
	v, err := parseNumber(s)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || !f.check(v) {
		return fmt.Errorf("want %s", f.want)
	}
	*f.p = v
	return nil
}

// parseNumber reads a decimal or hexadecimal floating-point number (spaces
// around it allowed), without Go's digit-separating underscores, which
// would read 1_0 as 10.
func parseNumber(s string) (float64, error) {
	if strings.Contains(s, "_") {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	return strconv.ParseFloat(strings.TrimSpace(s), 64)
}

// Ranges of the shared flags.
func anyFinite(float64) bool  { return true }
func positive(v float64) bool { return v > 0 }

// floatVar defines a checked float flag.
func floatVar(fs *pflag.FlagSet, p *float64, name string, value float64, check func(float64) bool, want, usage string) {
	*p = value
	fs.Var(&floatFlag{p: p, check: check, want: want}, name, usage)
}

// alphaVar and lambdaVar define --alpha and --lambda with the ranges the
// library evaluates (mapping.MaxAlpha etc.); α = 0 (a ReLU-like SELU) only
// where zeroOK.
func alphaVar(fs *pflag.FlagSet, p *float64, zeroOK bool, usage string) {
	want := fmt.Sprintf("a number in (0, %g]", mapping.MaxAlpha)
	if zeroOK {
		want = fmt.Sprintf("a number in [0, %g]", mapping.MaxAlpha)
	}
	floatVar(fs, p, "alpha", mapping.Alpha01, func(v float64) bool { return (v > 0 || zeroOK && v == 0) && v <= mapping.MaxAlpha }, want, usage)
}

func lambdaVar(fs *pflag.FlagSet, p *float64, usage string) {
	floatVar(fs, p, "lambda", mapping.Lambda01, func(v float64) bool { return v >= mapping.MinLambda && v <= mapping.MaxLambda },
		fmt.Sprintf("a number in [%g, %g]", mapping.MinLambda, mapping.MaxLambda), usage)
}

// choiceFlag is a string flag with a fixed set of values.
type choiceFlag struct {
	p       *string
	choices []string
}

func (f *choiceFlag) String() string { return *f.p }
func (f *choiceFlag) Type() string   { return "string" }
func (f *choiceFlag) Set(s string) error {
	for _, c := range f.choices {
		if s == c {
			*f.p = s
			return nil
		}
	}
	return fmt.Errorf("want one of %s", strings.Join(f.choices, ", "))
}

func choiceVar(fs *pflag.FlagSet, p *string, name, value string, choices []string, usage string) {
	*p = value
	fs.Var(&choiceFlag{p: p, choices: choices}, name, usage+" ("+strings.Join(choices, "|")+")")
}

// statFlags are the shared flags for a point (μ, ν), weight statistics (ω, τ)
// and the activation.
type statFlags struct {
	mu, nu, omega, tau float64
	alpha, lambda      float64
	activation         string
}

func (s *statFlags) define(fs *pflag.FlagSet) {
	floatVar(fs, &s.mu, "mu", 0, anyFinite, "a finite number", "mean μ of the layer's inputs")
	floatVar(fs, &s.nu, "nu", 1, positive, "a finite number > 0", "variance ν of the layer's inputs")
	floatVar(fs, &s.omega, "omega", 0, anyFinite, "a finite number", "weight sum ω = Σ wᵢ")
	floatVar(fs, &s.tau, "tau", 1, positive, "a finite number > 0", "weight square sum τ = Σ wᵢ²")
	s.defineActivation(fs)
}

func (s *statFlags) defineActivation(fs *pflag.FlagSet) {
	alphaVar(fs, &s.alpha, true, "SELU/ELU α (default α01)")
	lambdaVar(fs, &s.lambda, "SELU λ (default λ01)")
	choiceVar(fs, &s.activation, "activation", "selu", mapping.ActivationNames, "activation function")
}

func (s *statFlags) activationFunc() (mapping.Activation, error) {
	f, err := mapping.ParseActivation(s.activation, s.alpha, s.lambda)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	return f, nil
}

// checkNormal checks that the net input N(μω, ντ) can be evaluated.
func (s *statFlags) checkNormal() error {
	if _, _, err := mapping.Normal(s.mu, s.nu, s.omega, s.tau); err != nil {
		y, x := s.mu*s.omega, s.nu*s.tau
		switch {
		case errors.Is(err, mapping.ErrMean):
			return usagef("--mu, --omega: |mu*omega| must be at most 1e6 (got %s)", fmtFloat(y))
		default:
			return usagef("--nu, --tau: nu*tau must be in [1e-300, 1e12] (got %s)", fmtFloat(x))
		}
	}
	return nil
}

// formatFlag is the shared --format flag.
func formatVar(fs *pflag.FlagSet, p *string) {
	choiceVar(fs, p, "format", "text", []string{"text", "json", "csv"}, "output format")
}

// fmtFloat formats a float with the fewest digits that read back exactly.
func fmtFloat(v float64) string {
	if v == 0 {
		v = 0 // no "-0"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// record is an ordered list of key/value pairs for JSON and CSV output.
// Values are float64, int, bool, string, *record, []float64, [][]float64,
// []*record, []string or null.
type record struct {
	keys []string
	vals []any
}

func (r *record) add(k string, v any) { r.keys = append(r.keys, k); r.vals = append(r.vals, v) }

// null is JSON's null (an absent value).
type null struct{}

// nonFinite returns the key of the first value that is NaN or infinite
// (nested keys joined by dots), or "" when every number is finite.
func (r *record) nonFinite() string {
	for i, k := range r.keys {
		if sub := nonFiniteValue(r.vals[i]); sub != "" {
			if sub == "." {
				return k
			}
			return k + "." + sub
		}
	}
	return ""
}

func nonFiniteValue(v any) string {
	bad := func(x float64) bool { return math.IsNaN(x) || math.IsInf(x, 0) }
	switch v := v.(type) {
	case float64:
		if bad(v) {
			return "."
		}
	case []float64:
		if slices.ContainsFunc(v, bad) {
			return "."
		}
	case [][]float64:
		for _, row := range v {
			if slices.ContainsFunc(row, bad) {
				return "."
			}
		}
	case *record:
		return v.nonFinite()
	case []*record:
		for i, sub := range v {
			if k := sub.nonFinite(); k != "" {
				return strconv.Itoa(i) + "." + k
			}
		}
	}
	return ""
}

// checkFinite is the error for a record with a non-finite number: float64
// cannot represent the result at these inputs.
func (r *record) checkFinite() error {
	if k := r.nonFinite(); k != "" {
		return usagef("the result %s is outside the range of float64 at these inputs (it over- or underflows); see docs/numerics.md, \"Limits and errors\"", k)
	}
	return nil
}

// emit checks that every number of r is finite, then writes r as JSON or CSV
// (csv, if not nil, is the flat record for CSV; r itself otherwise) or, for
// the text format, calls text. A non-finite number is an error before
// anything is written: float64 cannot represent the result at these inputs.
func (r *record) emit(out io.Writer, format string, csv *record, text func()) error {
	if err := r.checkFinite(); err != nil {
		return err
	}
	if csv == nil {
		csv = r
	}
	switch format {
	case "json":
		fmt.Fprintln(out, r.json())
	case "csv":
		fmt.Fprintln(out, csv.csvHeader())
		fmt.Fprintln(out, csv.csvRow())
	default:
		text()
	}
	return nil
}

// json writes r as a JSON object (floats in shortest round-trip form).
func (r *record) json() string {
	var b strings.Builder
	b.WriteString("{")
	for i, k := range r.keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q: %s", k, jsonValue(r.vals[i]))
	}
	b.WriteString("}")
	return b.String()
}

// jsonValue writes one value; a non-finite number is a programmer error
// (emit checks for them first).
func jsonValue(v any) string {
	switch v := v.(type) {
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			panic("snnanalyze: non-finite number in output")
		}
		return fmtFloat(v)
	case int:
		return strconv.Itoa(v)
	case bool:
		return strconv.FormatBool(v)
	case string:
		return strconv.Quote(v)
	case null:
		return "null"
	case *record:
		return v.json()
	case []float64:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = jsonValue(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case [][]float64:
		parts := make([]string, len(v))
		for i, row := range v {
			parts[i] = jsonValue(row)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []*record:
		parts := make([]string, len(v))
		for i, sub := range v {
			parts[i] = sub.json()
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case []string:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = strconv.Quote(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	panic(fmt.Sprintf("snnanalyze: cannot write %T as JSON", v))
}

// get returns the value of key k.
func (r *record) get(k string) any {
	for i, key := range r.keys {
		if key == k {
			return r.vals[i]
		}
	}
	return nil
}

// csvHeader and csvRow write the flat (non-nested) fields of r.
func (r *record) csvHeader() string { return strings.Join(r.flatKeys(""), ",") }
func (r *record) csvRow() string    { return strings.Join(r.flatVals(), ",") }

func (r *record) flatKeys(prefix string) []string {
	var ks []string
	for i, k := range r.keys {
		if sub, ok := r.vals[i].(*record); ok {
			ks = append(ks, sub.flatKeys(prefix+k+".")...)
			continue
		}
		ks = append(ks, prefix+k)
	}
	return ks
}

func (r *record) flatVals() []string {
	var vs []string
	for _, v := range r.vals {
		switch v := v.(type) {
		case *record:
			vs = append(vs, v.flatVals()...)
		case string:
			vs = append(vs, v)
		default:
			vs = append(vs, jsonValue(v))
		}
	}
	return vs
}
