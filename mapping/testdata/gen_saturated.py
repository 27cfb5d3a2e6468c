#!/usr/bin/python3
"""Var f(z), z ~ N(y, x), where f is saturated and the variance's mass sits far
from the mean: tanh with |y| >> 1 (the increments tanh(y + h) - tanh(y) grow
like e^{4|h|} towards 0) and SELU far below its kink (they grow like e^{h}).

For tanh, Var f(z) = E[d^2] - E[d]^2 with d = f(z) - f(y), each by mpmath's tanh-sinh
quadrature in t = (z - y)/s, split at the breakpoint and at the peak of the
integrand, at mp.dps = 80 (the difference E[d^2] - E[d]^2 loses no more
than a few digits here) and again at 100 with maxdegree one higher; the two
must agree to 1e-20 relative.  For SELU, tanh-sinh quadrature of the
peaked integrand e^{2(y + s t)} phi(t) did not reach that agreement; the
closed forms of E[f] and E[f^2] (selu_closed) at 400 and 500 digits are
used instead.

Rerun: python3 mapping/testdata/gen_saturated.py > mapping/testdata/saturated.csv
"""
from mpmath import mp, mpf, tanh, exp, npdf, quad, inf, sqrt

A01 = "1.6732632423543772848170429916717"
L01 = "1.0507009873554804934193349852946"

POINTS = [  # (activation, y, x)
    ("tanh", 30.0, 4.0),
    ("tanh", 22.5, 4.0),
    ("tanh", -22.5, 4.0),
    ("tanh", 17.5, 2.0),
    ("tanh", 30.0, 1.0),
    ("selu", -453.3333333333333, 127.41666666666666),
    ("selu", -60.0, 16.0),
]


def var(name, y, x, deg):
    A, L = mpf(A01), mpf(L01)
    y, x = mpf(y), mpf(x)
    s = sqrt(x)
    if name == "tanh":
        f = tanh
        peak = -4 * s if y > 0 else 4 * s
    else:
        f = lambda z: L * z if z > 0 else L * A * (exp(z) - 1)
        peak = 2 * s
    d = lambda t: f(y + s * t) - f(y)
    if name == "selu":
        # f(z) - f(y) as lambda*alpha*(e^z - e^y) on the negative branch: at
        # y = -453, f(y) = -lambda*alpha + 1e-197 and the difference of
        # the two values would need 200 digits.
        d = lambda t: (L * A * (exp(y + s * t) - exp(y)) if y + s * t <= 0
                       else L * (y + s * t) - L * A * (exp(y) - 1))
    # The integrand is a bump of width about 1 around the peak: split there
    # finely enough for tanh-sinh.
    pts = sorted({-y / s, mpf(0)} | {peak + k for k in (-12, -6, -3, -1, 0, 1, 3, 6, 12)})
    pts = [-inf] + pts + [inf]
    m1 = quad(lambda t: npdf(t) * d(t), pts, maxdegree=deg)
    m2 = quad(lambda t: npdf(t) * d(t) ** 2, pts, maxdegree=deg)
    return m2 - m1 ** 2


def selu_closed(y, x):
    """nu~ from the closed forms of E[f] and E[f^2] (truncated-normal
    moments, eqs. 11-13 of the paper written out from the definition of f),
    at the working precision: at y = -453 the difference xi~ - mu~^2
    cancels some 290 digits, so it is evaluated at 400 and 500 digits."""
    A, L = mpf(A01), mpf(L01)
    m, v = mpf(y), mpf(x)
    s = sqrt(v)
    P = lambda u: mp.ncdf(u)
    ez = m * P(m / s) + s * npdf(m / s)
    ez2 = (m * m + v) * P(m / s) + m * s * npdf(m / s)
    e1 = exp(m + v / 2) * P(-(m + v) / s)
    e2 = exp(2 * m + 2 * v) * P(-(m + 2 * v) / s)
    p0 = P(-m / s)
    mean = L * (ez + A * (e1 - p0))
    second = L * L * (ez2 + A * A * (e2 - 2 * e1 + p0))
    return second - mean * mean


print("activation,y,x,var")
for name, y, x in POINTS:
    if name == "selu":
        mp.dps = 400
        v1 = selu_closed(y, x)
        mp.dps = 500
        v2 = selu_closed(y, x)
        if abs(v1 - v2) > mpf("1e-20") * abs(v2):
            raise SystemExit("closed form disagrees at %r: %s %s" % ((name, y, x), v1, v2))
        print("%s,%r,%r,%s" % (name, y, x, mp.nstr(v2, 22)))
        continue
    mp.dps = 80
    v1 = var(name, y, x, 8)
    mp.dps = 100
    v2 = var(name, y, x, 9)
    if abs(v1 - v2) > mpf("1e-20") * abs(v2):
        raise SystemExit("disagree at %r: %s %s" % ((name, y, x), v1, v2))
    print("%s,%r,%r,%s" % (name, y, x, mp.nstr(v2, 22)))
