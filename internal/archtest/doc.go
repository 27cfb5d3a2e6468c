// Package archtest holds no code: its test checks that the module's packages
// import each other in one direction only (the layout of the design notes):
//
//	quadrature ← mapping ← jacobian ← fixedpoint ← verify
//
// with internal/interval used by verify alone, the figures (figure) and the
// network simulation (simulate) above the analysis packages, and
// cmd/snnanalyze on top.
package archtest
