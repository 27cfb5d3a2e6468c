package main

import (
	"bytes"
	"compress/gzip"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeIDX writes an idx file of unsigned bytes, gzip-compressed if zip.
func writeIDX(t *testing.T, path string, dims []int, data []byte, zip bool) {
	t.Helper()
	b := []byte{0, 0, 8, byte(len(dims))}
	for _, d := range dims {
		b = append(b, byte(d>>24), byte(d>>16), byte(d>>8), byte(d))
	}
	b = append(b, data...)
	if zip {
		var buf bytes.Buffer
		w := gzip.NewWriter(&buf)
		w.Write(b)
		w.Close()
		b = buf.Bytes()
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeMNIST writes n random 28 × 28 images whose label is set by the
// brightness of one pixel block (learnable) in MNIST's file names.
func fakeMNIST(t *testing.T, dir string, n int) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	img := make([]byte, n*784)
	lab := make([]byte, n)
	for i := range n {
		lab[i] = byte(rng.IntN(10))
		for j := range 784 {
			img[i*784+j] = byte(rng.IntN(64))
		}
		for j := range 20 {
			img[i*784+int(lab[i])*70+j] = 255
		}
	}
	writeIDX(t, filepath.Join(dir, "train-images-idx3-ubyte.gz"), []int{n, 28, 28}, img, true)
	writeIDX(t, filepath.Join(dir, "train-labels-idx1-ubyte"), []int{n}, lab, false)
}

func TestTrainSmall(t *testing.T) {
	dir := t.TempDir()
	fakeMNIST(t, dir, 240)
	out := func(n string) string { return filepath.Join(dir, n) }
	args := []string{"train", "--data", dir, "--depths", "2,4", "--width", "16", "--epochs", "3", "--subset", "96", "--batch", "16", "--lr", "0.01",
		"--csv", out("loss.csv"), "-o", out("fig.svg"), "--watch", "2", "--watch-csv", out("watch.csv")}
	code, stdout, stderr := runCLI(args...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"SNN Depth 4", "BatchNorm Depth 2", "noise ratio SNN / BatchNorm at depth 4", "wrote " + out("fig.svg")} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "epoch 3/3:") || !strings.Contains(stderr, "ETA") {
		t.Errorf("no progress on stderr:\n%s", stderr)
	}
	csv1, err := os.ReadFile(out("loss.csv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(csv1)), "\n")
	if len(lines) != 5 || lines[0] != "epoch,BatchNorm Depth 2,BatchNorm Depth 4,SNN Depth 2,SNN Depth 4" {
		t.Errorf("loss CSV:\n%s", csv1)
	}
	w, _ := os.ReadFile(out("watch.csv"))
	// Epochs 0, 2, 3 × (2 + 4) layers × 2 kinds + the header.
	if n := strings.Count(string(w), "\n"); n != 37 {
		t.Errorf("watch CSV has %d lines, want 37", n)
	}
	if svg, _ := os.ReadFile(out("fig.svg")); !bytes.Contains(svg, []byte("SNN Depth 4")) {
		t.Errorf("figure lacks the legend")
	}
	// The same flags give the same numbers.
	runCLI(args...)
	csv2, _ := os.ReadFile(out("loss.csv"))
	if !bytes.Equal(csv1, csv2) {
		t.Errorf("second run differs:\n%s\n%s", csv1, csv2)
	}
}

func TestTrainBadInput(t *testing.T) {
	dir := t.TempDir()
	fakeMNIST(t, dir, 60)
	garbage := t.TempDir()
	os.WriteFile(filepath.Join(garbage, "train-images-idx3-ubyte"), []byte("<html>not found</html>"), 0o644)
	os.WriteFile(filepath.Join(garbage, "train-labels-idx1-ubyte"), []byte("x"), 0o644)
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"--depths", "0"}, "--depths"},
		{[]string{"--depths", "8,x"}, "--depths"},
		{[]string{"--lr", "-1"}, "--lr"},
		{[]string{"--lr", "NaN"}, "--lr"},
		{[]string{"--batch", "0"}, "--batch"},
		{[]string{"--epochs", "0"}, "--epochs"},
		{[]string{"--width", "0"}, "--width"},
		{[]string{"--data", filepath.Join(dir, "nosuch")}, "--data"},
		{[]string{"--data", garbage, "--subset", "10", "--batch", "5"}, "--data"},
		{[]string{"--data", dir, "--subset", "1000", "--batch", "5"}, "--subset"},
		{[]string{"--data", dir, "--subset", "10", "--batch", "20"}, "--batch"},
		{[]string{"--watch-csv", filepath.Join(dir, "w.csv")}, "--watch-csv"},
		{[]string{"-o", filepath.Join(dir, "x.pdf")}, "-o/--output"},
		{[]string{"--csv", filepath.Join(dir, "nosuch", "x.csv")}, "--csv"},
		{[]string{"--preset", "slow"}, "--preset"},
	} {
		code, _, stderr := runCLI(append([]string{"train"}, c.args...)...)
		if code != 2 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, c.flag) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line naming %s", c.args, code, stderr, c.flag)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files left behind: %d entries", len(entries))
	}
}
