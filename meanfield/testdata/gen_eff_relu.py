#!/usr/bin/python3
"""E[f(z1) f(z2)] for ReLU where it is far below mu~^2 (c -> -1, mu*omega <= 0).

z1, z2 ~ N(y, x) with correlation c, f(z) = max(z, 0):

    E[f(z1) f(z2)] = int phi(t) f(y + s t) E[f(a + b T)] dt,
    a = y + c s t,  b = s sqrt(1 - c^2),  E[f(a + b T)] = a Phi(a/b) + b phi(a/b),

the outer integral by mpmath's tanh-sinh quadrature from the kink t = -y/s
to infinity (f(z1) = 0 below it), split where the inner mean crosses the
kink, at mp.dps = 40 (the inner closed form cancels in its tail; 40 digits
leave more than 20 after it here) and again at 60 with maxdegree one
higher; the two must agree to 1e-20 relative.  At y = 0 the result is
also the arc-cosine kernel x/(2 pi) (sqrt(1 - c^2) + c (pi - acos c)) (Cho
and Saul 2009), checked here at 60 digits.

Rerun: python3 meanfield/testdata/gen_eff_relu.py > meanfield/testdata/eff_relu.csv
"""
from mpmath import mp, mpf, sqrt, npdf, ncdf, quad, inf, acos, pi

POINTS = [  # (y, x, c)
    (0.0, 1.0, -0.999999),
    (0.0, 100.0, -0.99),
    (-0.1, 1.0, -0.99),
    (-0.5, 2.0, -0.9),
    (-1.0, 10.0, -0.95),
    (0.3, 1.0, -0.999999),
]


def eff(y, x, c, deg):
    y, x, c = mpf(y), mpf(x), mpf(c)
    s = sqrt(x)
    b = s * sqrt((1 - c) * (1 + c))
    inner = lambda a: a * ncdf(a / b) + b * npdf(a / b)
    g = lambda t: npdf(t) * (y + s * t) * inner(y + c * s * t)
    t0, t1 = -y / s, -y / (s * c) if y != 0 else None
    pts = [t0] + ([t1] if t1 is not None and t1 > t0 else []) + [inf]
    return quad(g, pts, maxdegree=deg)


print("y,x,c,e_ff")
for y, x, c in POINTS:
    mp.dps = 40
    v1 = eff(y, x, c, 8)
    mp.dps = 60
    v2 = eff(y, x, c, 9)
    if abs(v1 - v2) > mpf("1e-20") * abs(v2):
        raise SystemExit("disagree at %r: %s %s" % ((y, x, c), v1, v2))
    if y == 0:
        cc = mpf(c)
        ac = mpf(x) / (2 * pi) * (sqrt(1 - cc * cc) + cc * (pi - acos(cc)))
        if abs(ac - v2) > mpf("1e-20") * abs(v2):
            raise SystemExit("arc-cosine kernel disagrees at %r: %s %s" % ((y, x, c), ac, v2))
    print("%r,%r,%r,%s" % (y, x, c, mp.nstr(v2, 22)))
