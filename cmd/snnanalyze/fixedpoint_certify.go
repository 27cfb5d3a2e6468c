package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/snnanalyze/snnanalyze/fixedpoint"
	"github.com/snnanalyze/snnanalyze/mapping"
	"github.com/snnanalyze/snnanalyze/verify"
)

// certifyFixedPoint runs verify.CertifyFixedPoint for the activation of the
// flags (SELU, ELU = SELU with λ = 1, ReLU = SELU with α = 0, λ = 1).
func certifyFixedPoint(f mapping.Activation, s *statFlags, settings *fixedpoint.Settings) (verify.CertifiedFixedPoint, error) {
	var alpha, lambda float64
	switch a := f.(type) {
	case mapping.SELU:
		alpha, lambda = a.Alpha, a.Lambda
	case mapping.ELU:
		alpha, lambda = a.Alpha, 1
	case mapping.ReLU:
		alpha, lambda = 0, 1
	default:
		return verify.CertifiedFixedPoint{}, usagef("--certify: needs --activation selu, elu or relu (the closed form of their moments), got %s", f.Name())
	}
	c, err := verify.CertifyFixedPoint(alpha, lambda, s.omega, s.tau, &verify.FixedPointSettings{Find: settings})
	switch {
	case err == nil:
		return c, nil
	case errors.Is(err, fixedpoint.ErrNoFixedPoint):
		return c, failError{err.Error()}
	case errors.Is(err, verify.ErrNotCertified):
		return c, failError{"--certify: " + err.Error()}
	}
	return c, usageError{err.Error()}
}

// addCertifiedFixedPoint adds the certified results to the JSON record (as
// "certified") and to the flat CSV record.
func addCertifiedFixedPoint(rec, csv *record, c *verify.CertifiedFixedPoint) {
	h := &record{}
	h.add("mu", c.Mu[:])
	h.add("nu", c.Nu[:])
	h.add("krawczyk_mu", c.ProofMu[:])
	h.add("krawczyk_nu", c.ProofNu[:])
	h.add("jacobian_lo", [][]float64{{c.H[0][0][0], c.H[0][1][0]}, {c.H[1][0][0], c.H[1][1][0]}})
	h.add("jacobian_hi", [][]float64{{c.H[0][0][1], c.H[0][1][1]}, {c.H[1][0][1], c.H[1][1][1]}})
	h.add("spectral_radius", c.Radius[:])
	h.add("spectral_norm", c.Norm[:])
	h.add("stability", c.Stability.String())
	h.add("attracting", c.Stability == verify.Attracting)
	h.add("contracting", c.Contracting)
	h.add("assumes", verify.FixedPointAssumes)
	rec.add("certified", h)
	for _, kv := range []struct {
		k string
		v [2]float64
	}{{"mu", c.Mu}, {"nu", c.Nu}, {"spectral_radius", c.Radius}, {"spectral_norm", c.Norm}} {
		csv.add("certified_"+kv.k+"_lo", kv.v[0])
		csv.add("certified_"+kv.k+"_hi", kv.v[1])
	}
	csv.add("certified_stability", c.Stability.String())
}

// writeCertifiedFixedPoint is the text output of --certify.
func writeCertifiedFixedPoint(out io.Writer, c *verify.CertifiedFixedPoint) {
	fmt.Fprintf(out, "\ncertified (interval Krawczyk test on g(p) - p)\n")
	fmt.Fprintf(out, "mu*               in %s\n", verify.FormatEnclosure(c.Mu[0], c.Mu[1]))
	fmt.Fprintf(out, "nu*               in %s\n", verify.FormatEnclosure(c.Nu[0], c.Nu[1]))
	fmt.Fprintf(out, "uniqueness        no other fixed point in mu in %s, nu in %s\n", verify.FormatEnclosure(c.ProofMu[0], c.ProofMu[1]), verify.FormatEnclosure(c.ProofNu[0], c.ProofNu[1]))
	var rv, nv string
	switch c.Stability {
	case verify.Attracting:
		rv = "< 1: the fixed point attracts (proved)"
	case verify.Unstable:
		rv = "> 1: the fixed point is unstable (proved)"
	default:
		rv = "contains 1: stability not decided"
	}
	switch {
	case c.Contracting:
		nv = "< 1: g is a Euclidean contraction on the box"
	case c.Norm[0] > 1:
		nv = "> 1: g is not a Euclidean contraction near the fixed point"
	default:
		nv = "contains 1: not decided"
	}
	fmt.Fprintf(out, "spectral radius   in %s %s\n", verify.FormatEnclosure(c.Radius[0], c.Radius[1]), rv)
	fmt.Fprintf(out, "spectral norm     in %s %s\n", verify.FormatEnclosure(c.Norm[0], c.Norm[1]), nv)
	fmt.Fprintf(out, "assumes           %s\n", verify.FixedPointAssumes)
}
