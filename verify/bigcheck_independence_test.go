package verify

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// checkerFiles are the independent checker's files.
var checkerFiles = []string{"bigselu.go", "bigcheck.go", "bigcheckfile.go"}

// TestCheckerIndependence keeps the independent checker independent: its
// files import no numerical package of the module other than
// internal/bigiv (jacobian only for the names of its two Jacobians), and
// call none of the float64 path's functions (the evaluators, enclosures,
// box bounds and bisection of certify.go, enclose.go and check.go).
func TestCheckerIndependence(t *testing.T) {
	allowed := map[string]bool{
		"fmt": true, "io": true, "math": true, "math/big": true, "runtime": true, "strings": true,
		"sync": true, "sync/atomic": true, "time": true,
		"github.com/snnanalyze/snnanalyze/internal/bigiv": true,
		"github.com/snnanalyze/snnanalyze/jacobian":       true, // jacobian.Of, its two values
	}
	// The float64 path's functions and methods (of this package, and of
	// mapping and jacobian, were they reached through a value).
	forbidden := map[string]bool{
		"enclose": true, "Enclose": true, "encloseSELU": true, "expErfcIv": true, "spectralNormIv": true,
		"boxBound": true, "Value": true, "valueYX": true, "assembleYX": true, "derivAccurate": true, "Scaled": true,
		"Certify": true, "Check": true, "params": true, "signedUpper": true, "splitAxis": true, "splittable": true,
		"bisect": true, "buildCertificate": true, "Evaluate": true, "ClosedForm": true, "ClosedFormDerivatives": true,
		"SpectralNorm": true, "At": true,
	}
	fset := token.NewFileSet()
	for _, name := range checkerFiles {
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			if !allowed[p] {
				t.Errorf("%s imports %s", name, p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var id string
			switch fn := call.Fun.(type) {
			case *ast.Ident:
				id = fn.Name
			case *ast.SelectorExpr:
				id = fn.Sel.Name
				// Methods called on the checker's own evaluator are its own.
				if x, ok := fn.X.(*ast.Ident); ok && x.Name == "ev" {
					return true
				}
				// The float64 re-check is called by Review, on purpose, as
				// the first of the two checks; nothing of its result feeds
				// the independent one.
				if id == "Check" && name == "bigcheckfile.go" {
					return true
				}
			}
			if forbidden[id] {
				t.Errorf("%s: calls %s of the float64 path", fset.Position(call.Pos()), id)
			}
			return true
		})
	}
}
