package mapping_test

import (
	"fmt"

	"github.com/snnanalyze/snnanalyze/mapping"
)

// The published α01, λ01 make (μ, ν) = (0, 1) a fixed point of g at ω = 0,
// τ = 1 (paper eq. 14).
func ExampleEvaluate() {
	e, err := mapping.Evaluate(mapping.StandardSELU, 0, 1, 0, 1, mapping.Auto)
	if err != nil {
		panic(err)
	}
	fmt.Printf("mu~ = %.12f, nu~ = %.12f (%v)\n", e.Mean, e.Var, e.Method)
	// Output: mu~ = 0.000000000000, nu~ = 1.000000000000 (closed-form)
}

// Far on SELU's negative branch the variance is 1e-34 of the squared mean:
// the closed form's ξ̃ − μ̃² has no digit left, so Auto integrates instead.
func ExampleEvaluate_cancellation() {
	e, _ := mapping.Evaluate(mapping.StandardSELU, -30, 1e-8, 1, 1, mapping.Auto)
	cf, _ := mapping.Evaluate(mapping.StandardSELU, -30, 1e-8, 1, 1, mapping.ClosedForm)
	fmt.Printf("auto (%v): nu~ = %.6e\n", e.Method, e.Var)
	fmt.Printf("closed form: nu~ = %.6e\n", cf.Var)
	// Output:
	// auto (quadrature): nu~ = 2.706562e-34
	// closed form: nu~ = 0.000000e+00
}

func ExampleErfcx() {
	fmt.Printf("%.15f\n", mapping.Erfcx(1))
	// Output: 0.427583576155807
}
