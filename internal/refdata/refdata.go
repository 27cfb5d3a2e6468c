package refdata

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Rows reads testdata/name (a CSV file with a header line) as rows of named
// fields. The testdata folder is found at the module root, above the test's
// working directory.
func Rows(t testing.TB, name string) []map[string]string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("refdata: no go.mod above the working directory")
		}
		dir = parent
	}
	return read(t, filepath.Join(dir, "testdata", name))
}

// Local reads testdata/name of the test's own package (a CSV file with a
// header line) as Rows does.
func Local(t testing.TB, name string) []map[string]string {
	t.Helper()
	return read(t, filepath.Join("testdata", name))
}

func read(t testing.TB, path string) []map[string]string {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) < 2 {
		t.Fatalf("refdata: %s has no rows", path)
	}
	rows := make([]map[string]string, 0, len(recs)-1)
	for _, r := range recs[1:] {
		row := make(map[string]string, len(r))
		for i, k := range recs[0] {
			row[k] = r[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// Float parses a reference value (Go's ParseFloat rounds the decimal
// correctly to the nearest float64).
func Float(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("refdata: parse %q: %v", s, err)
	}
	return v
}
