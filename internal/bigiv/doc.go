// Package bigiv is interval arithmetic on math/big's arbitrary-precision
// floating-point numbers, with directed rounding, its own elementary
// functions and forward-mode automatic differentiation. It serves the
// independent certificate checker of package verify (verify.CheckIndependent)
// and shares no numerical code with the float64 evaluators of the module: it
// imports nothing from the module.
//
// What it trusts: math/big's +, −, × and ÷ (big.Float.Add, Sub, Mul, Quo),
// which round the exact result to the receiver's precision in the receiver's
// rounding mode (big.ToNegativeInf for lower ends, big.ToPositiveInf for
// upper ends), and exact operations (a change of exponent, comparisons,
// conversions of float64 and integers that fit). Nothing else: big.Float's
// Sqrt, which does not promise a correctly rounded result in every mode, is
// only used as a first guess that is then checked by squaring exactly (Sqrt);
// exp, erfc, erfcx and the constants π, ln 2 are sums of series whose
// truncation errors are bounded in the comments of each function, and every
// term of those sums is computed in interval arithmetic.
//
// An I is a closed interval [Lo, Hi] with Lo ≤ Hi, both finite. Every
// operation z.Op(x, …) sets z to an interval that contains the exact result
// of the operation at every point of its operands, rounded outwards to z's
// precision (as in math/big, a z of precision 0 takes the largest precision
// of the operands). The receiver may alias the operands.
//
// A D is an interval with enclosures of its partial derivatives in N = 4
// variables (value and gradient over a box), for the mean-value form and the
// monotonicity test of branch-and-bound proofs.
//
// Contents:
//
//	I, New, NewFloat64, Point     intervals; Add, Sub, Neg, Mul, Quo, Sqr,
//	                              Sqrt, Exp, Erfc, Erfcx, Hull, MulInt, …
//	Pi, Ln2, Sqrt2, SqrtPi        constants enclosed by convergent series
//	D, Var, Const                 forward-mode automatic differentiation
package bigiv
