// Package quadrature computes expectations E[f(Z)] and variances Var f(Z) of
// a function of a normal variable, Z ~ N(m, s²), where f is analytic except
// at a few breakpoints (the kinks of an activation such as SELU).
//
// Gauss–Hermite quadrature over the whole line converges only algebraically
// across a kink (errors of 1e-3 to 1e-4 even with hundreds of nodes). This
// package splits the line at the mean and at every breakpoint and uses, on
// each piece, a rule that converges exponentially for analytic integrands:
//
//   - a half-line that starts at the mean, or at a breakpoint within six
//     standard deviations of it, uses the 24-point Gaussian rule for the
//     half-normal density 2φ(u) on [0, ∞) (HalfNormal), built once by
//     Golub–Welsch from the recurrence coefficients of its orthogonal
//     polynomials;
//   - other pieces use 20-point Gauss–Legendre panels (gonum's
//     quad.Legendre), truncated where φ has fallen by e^{-46}, graded
//     geometrically towards breakpoints when f varies on a scale below the
//     standard deviation, and short enough that log φ drops by at most 16
//     across one panel.
//
// Nodes are computed once and cached; Moments and Expectation allocate
// nothing. The variance is accumulated from the function's exact increments
// f(m + h) − f(m) (Function.Increment), never as E[f²] − E[f]², so it keeps
// its relative accuracy when Var f(Z) ≪ E[f(Z)]². MomentsError estimates the
// error by comparing with lower orders (16-point half-normal, 13-point
// Gauss–Legendre) on the same layout.
package quadrature
