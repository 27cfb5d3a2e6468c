package verify

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/big"
	"strconv"
	"testing"

	"github.com/snnanalyze/snnanalyze/internal/interval"
)

// exactMath are the functions of package math that a certified bound may
// use: exact operations only (internal/interval has the same list and
// encloses exp, erfc and erfcx itself).
var exactMath = map[string]bool{
	"Nextafter": true, "Float64bits": true, "Float64frombits": true, "Sqrt": true, "FMA": true,
	"Floor": true, "Abs": true, "Inf": true, "IsInf": true, "IsNaN": true, "NaN": true,
	"MaxFloat64": true, "SmallestNonzeroFloat64": true, "Copysign": true, "Signbit": true,
	"Max": true, "Min": true, // exact comparisons
	"Sqrt2": true, // a constant, enclosed by Widen(1) and checked in TestEncloseConstants
}

// certifiedPath lists, per file, the functions whose results a certified
// bound rests on ("" = the whole file).
var certifiedPath = map[string][]string{
	"enclose.go": {""},
	"certify.go": {"params", "Enclose", "enclose", "signedUpper", "boxBound", "up", "signedGrad", "baumann", "hansen", "searchBound", "makeFull", "Check", "buildCertificate", "bisect", "mirrorable"},
	// The backward factor (enclose.go's encloseBackward and expErfcxIv are
	// covered with the whole file), and what the conclusions derive from
	// certified bounds: χ₁ᴸ rounded down, the printed ranges rounded
	// outward, the fixed point's boxes.
	"conclude_range.go": {"powDown", "outward", "decimalRange", "fixedPointBoxes", "fixedPointIn"},
	"decimal.go":        {"DirectedDecimal", "OutwardDecimal", "nearestDecimal"},
}

// TestCertifiedPathUsesNoLibm fails if the code a certified bound rests on
// calls a function that approximates (math.Exp, math.Erfc, mapping.Erfcx,
// jacobian's float64 evaluation, …): the bound would then depend on that
// function's accuracy, which nothing proves.
func TestCertifiedPathUsesNoLibm(t *testing.T) {
	for file, funcs := range certifiedPath {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		var nodes []ast.Node
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if funcs[0] == "" {
				nodes = append(nodes, d)
				continue
			}
			if !ok {
				continue
			}
			for _, name := range funcs {
				if fd.Name.Name == name {
					nodes = append(nodes, fd)
				}
			}
		}
		if funcs[0] != "" && len(nodes) != len(funcs) {
			t.Fatalf("%s: found %d of the functions %v (renamed? update certifiedPath)", file, len(nodes), funcs)
		}
		if funcs[0] == "" {
			for _, im := range f.Imports {
				if p, _ := strconv.Unquote(im.Path.Value); p == "github.com/snnanalyze/snnanalyze/mapping" {
					t.Errorf("%s imports mapping, whose special functions are float64 approximations", file)
				}
			}
		}
		for _, n := range nodes {
			ast.Inspect(n, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				id, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				switch {
				case id.Name == "math" && !exactMath[sel.Sel.Name]:
					t.Errorf("%s uses math.%s on the certified path", file, sel.Sel.Name)
				case id.Name == "mapping":
					t.Errorf("%s uses mapping.%s on the certified path", file, sel.Sel.Name)
				case id.Name == "jacobian" && sel.Sel.Name != "SecondMoment" && sel.Sel.Name != "Variance":
					t.Errorf("%s uses jacobian.%s on the certified path", file, sel.Sel.Name)
				}
				return true
			})
		}
	}
}

// TestEncloseConstants: the interval constants of enclose.go contain the
// true values, computed with math/big from π's published digits (OEIS
// A000796, 60 digits).
func TestEncloseConstants(t *testing.T) {
	const prec = 256
	pi, _, err := big.ParseFloat("3.14159265358979323846264338327950288419716939937510582097494", 10, prec, big.ToNearestEven)
	if err != nil {
		t.Fatal(err)
	}
	two := new(big.Float).SetPrec(prec).SetInt64(2)
	sqrt2 := new(big.Float).SetPrec(prec).Sqrt(two)
	sqrt2OverPi := new(big.Float).SetPrec(prec).Sqrt(new(big.Float).SetPrec(prec).Quo(two, pi))
	twoPi := new(big.Float).SetPrec(prec).Mul(two, pi)
	invSqrt2Pi := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1), new(big.Float).SetPrec(prec).Sqrt(twoPi))
	for _, c := range []struct {
		name string
		iv   interval.I
		v    *big.Float
	}{{"√2", ivSqrt2, sqrt2}, {"√(2/π)", ivSqrt2OverPi, sqrt2OverPi}, {"1/√(2π)", ivInvSqrt2Pi, invSqrt2Pi}} {
		if big.NewFloat(c.iv.Lo).Cmp(c.v) > 0 || c.v.Cmp(big.NewFloat(c.iv.Hi)) > 0 {
			t.Errorf("%s: [%v, %v] does not contain %s", c.name, c.iv.Lo, c.iv.Hi, c.v.Text('g', 25))
		}
	}
}
