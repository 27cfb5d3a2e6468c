#!/usr/bin/python3
"""Spot references for the covariance of SELU's correlation map near c = +-1.

For z1, z2 ~ N(y, x) with correlation c and f = SELU(alpha01, lambda01):

    cov = Cov(f(z1), f(z2)) = E[(f(z1) - mu)(E[f(z2) | z1] - mu)],  mu = E[f(z)],

with the inner conditional expectation E[f(a + bT)], a = y + c s t,
b = s sqrt(1 - c^2), in its closed form (truncated-normal moments, written
out below from the definition of f; no code of snnanalyze is used), and
the outer integral over t by mpmath's tanh-sinh quadrature (mp.quad) split
at the kink of f(z1) (t = -y/s) and where the inner mean crosses the kink
(t = -y/(s c)).  Computed at mp.dps = 30 and again at 40 with maxdegree
one higher; the two must agree to 1e-20 relative, else the script aborts.

These are the points where package meanfield's outer quadrature layout
was found wrong by up to 6.4e-11 (a half-line rule started next to a
smoothed kink); they are kept as a regression reference.

Rerun: python3 meanfield/testdata/gen_cov_spots.py > meanfield/testdata/cov_spots.csv
(mpmath 1.3; a few seconds.)
"""
from mpmath import mp, mpf, exp, sqrt, npdf, ncdf, quad, inf

A01 = "1.6732632423543772848170429916717"  # nearest double to alpha01 (bioinf-jku/SNNs)
L01 = "1.0507009873554804934193349852946"  # nearest double to lambda01

# (y = mu*omega, x = nu*tau, c), all exactly representable or given by repr(float)
POINTS = [
    (-0.3, 1.0, 0.99),
    (-3e-05, 1e-08, 0.99),
    (0.6, 4.0, 0.98),
    (1.0, 4.0, 0.99),
    (1.4142135623730951, 8.0, 0.99),
    (-0.3, 1.0, -0.999999),
    (-0.848528137423857, 8.0, -0.999999),
    (0.0, 1.0, 0.5),
    (2.0, 16.0, 0.9),
    (-1.0, 0.25, 0.95),
]


def cov(y, x, c, deg):
    A, L = mpf(A01), mpf(L01)
    f = lambda z: L * z if z > 0 else L * A * (exp(z) - 1)

    def inner(a, b):  # E[f(a + b T)], T ~ N(0, 1)
        u = a / b
        return L * (a * ncdf(u) + b * npdf(u) + A * (exp(a + b * b / 2) * ncdf(-u - b) - ncdf(-u)))

    y, x, c = mpf(y), mpf(x), mpf(c)
    s = sqrt(x)
    b = s * sqrt((1 - c) * (1 + c))
    mu = quad(lambda t: npdf(t) * f(y + s * t), [-inf, -y / s, inf], maxdegree=deg)
    pts = sorted({-y / s, -y / (s * c)})
    g = lambda t: npdf(t) * (f(y + s * t) - mu) * (inner(y + c * s * t, b) - mu)
    return quad(g, [-inf] + pts + [inf], maxdegree=deg)


print("y,x,c,cov")
for y, x, c in POINTS:
    mp.dps = 30
    v1 = cov(y, x, c, 8)
    mp.dps = 40
    v2 = cov(y, x, c, 9)
    if abs(v1 - v2) > mpf("1e-20") * abs(v2):
        raise SystemExit("disagree at %r: %s %s" % ((y, x, c), v1, v2))
    print("%r,%r,%r,%s" % (y, x, c, mp.nstr(v2, 22)))
