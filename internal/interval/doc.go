// Package interval is interval arithmetic with outward rounding for
// certified bounds.
//
// Go has no rounding modes. Every operation here computes the
// round-to-nearest result, which IEEE 754 guarantees to be within half an ulp
// of the exact one for +, −, ×, ÷ and √, and then moves each end one ulp
// outwards (math.Nextafter), so the exact result of the operation on any
// points of the operand intervals lies inside. For exp and erfc, which Go
// documents as accurate to within one ulp (FreeBSD msun), the ends are moved
// outwards by libmUlps ulps; for erfcx (package mapping, measured within 1.0
// ulp of mpmath) by ErfcxUlps. Monotone functions are evaluated at the ends.
package interval
