package archtest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/snnanalyze/snnanalyze/"

// allowed lists, for each package of the module, the packages of the module
// its non-test files may import. A package missing here fails the test, so
// a new package must take its place in the layout.
var allowed = map[string][]string{
	"quadrature":          {},
	"mapping":             {"quadrature"},
	"jacobian":            {"mapping", "quadrature"},
	"fixedpoint":          {"jacobian", "mapping", "quadrature"},
	"meanfield":           {"jacobian", "mapping", "quadrature"},
	"verify":              {"fixedpoint", "meanfield", "jacobian", "mapping", "quadrature", "internal/interval", "internal/bigiv"}, // meanfield: the float64 χ₁ and E[f′] of grid scans and Problem.Value
	"simulate":            {"meanfield", "mapping", "quadrature", "internal/initscheme"},
	"figure":              {"verify", "fixedpoint", "meanfield", "jacobian", "mapping", "quadrature"},
	"train":               {"fixedpoint", "jacobian", "mapping", "quadrature"},
	"internal/interval":   {},
	"internal/bigiv":      {},
	"internal/initscheme": {},
	"internal/refdata":    {},
	"internal/archtest":   {},
	"cmd/snnanalyze": {"figure", "simulate", "train", "verify", "fixedpoint", "meanfield", "jacobian", "mapping", "quadrature",
		"internal/initscheme"},
}

// imports returns the module packages imported by the non-test Go files of
// dir.
func imports(t *testing.T, dir string) []string {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		ast, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range ast.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if rest, ok := strings.CutPrefix(p, module); ok {
				set[rest] = true
			}
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// TestImportsFlowOneWay fails when a package imports one it may not (one to
// its right in the layout, or internal/interval outside verify).
func TestImportsFlowOneWay(t *testing.T) {
	root := filepath.Join("..", "..")
	found := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "docs") {
			return filepath.SkipDir
		}
		if m, _ := filepath.Glob(filepath.Join(path, "*.go")); len(m) == 0 {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		ok, known := allowed[rel]
		if !known {
			t.Errorf("package %s is not in the layout (add it to allowed, in its place)", rel)
			return nil
		}
		found++
		for _, im := range imports(t, path) {
			if !slices.Contains(ok, im) {
				t.Errorf("%s imports %s, which the layout does not allow", rel, im)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 8 {
		t.Fatalf("found only %d packages", found)
	}
}
