#!/usr/bin/python3
"""Independent reference values for the phase diagram (figure.Phase).

What it computes
----------------
SELU f(z) = lam*z (z > 0), lam*alpha*(exp(z) - 1) (z <= 0) with the float64
alpha01 = 1.6732632423543772, lambda01 = 1.0507009873554805 (repr of the
doubles the Go code uses), net input z ~ N(y, x), y = mu*omega, x = nu*tau.

  tau0           the tau at which chi1 = tau * E[f'(z)^2] equals 1 for
                 standardised inputs (mu, nu) = (0, 1): z ~ N(0, tau).  The
                 edge-of-chaos contour of the phase diagram with At = (0, 1)
                 is the vertical line tau = tau0 (at mu = 0 nothing depends
                 on omega).
  omega_up,      the omega > 0 and < 0 at which the spectral radius of H,
  omega_down     the Jacobian of g(mu, nu) = (mu~, nu~), at the fixed point
                 (mu, nu) = (0, 1) of tau = 1 equals 1 (at tau = 1, (0, 1)
                 is the fixed point for every omega, since mu*omega = 0):
                 where the dashed contour rho(H) = 1 crosses tau = 1.

Method (the definitions, integrated directly; no closed form is used)
--------------------------------------------------------------------
E[h(z)] = int h(y + sqrt(x) t) phi(t) dt by mpmath.quad at mp.dps = 40,
split at the kink t = -y/sqrt(x).  f' is the piecewise derivative
(lam for z > 0, lam*alpha*e^z for z <= 0).  With m = E[f], q = E[f^2] as
functions of (y, x), H = [[omega m_y, tau m_x], [omega (q_y - 2 m m_y),
tau (q_x - 2 m m_x)]] (d/dmu = omega d/dy, d/dnu = tau d/dx), the
derivatives by the Gaussian score identities
    d/dy E[h] = E[h(z) (z - y)] / x,
    d/dx E[h] = E[h(z) ((z - y)^2 - x)] / (2 x^2),
(no derivative of f), and m_y checked against E[f'(z)] to 1e-30.  The
spectral radius of the 2x2 is max |eigenvalue| from its trace and
determinant.  tau0 and the omegas are found by bisection to 1e-30 on a
bracket found by a scan.

Rerun
-----
    python3 figure/testdata/gen_phase.py > figure/testdata/phase.txt
    (mpmath 1.3; about 3.5 minutes of CPU)
"""
from mpmath import mp, mpf, quad, exp, sqrt, pi, inf, nstr

mp.dps = 40
ALPHA = mpf(1.6732632423543772)
LAM = mpf(1.0507009873554805)


def f(z):
    return LAM * z if z > 0 else LAM * ALPHA * (exp(z) - 1)


def fp(z):
    return LAM if z > 0 else LAM * ALPHA * exp(z)


def expect(h, y, x):
    s = sqrt(x)
    phi = lambda t: exp(-t * t / 2) / sqrt(2 * pi)
    return quad(lambda t: h(y + s * t) * phi(t), [-inf, -y / s, inf])


def bisect(g, a, b, tol=mpf(10) ** -30):
    ga = g(a)
    assert (ga > 0) != (g(b) > 0), (a, b)
    while b - a > tol:
        m = (a + b) / 2
        gm = g(m)
        if (gm > 0) == (ga > 0):
            a, ga = m, gm
        else:
            b = m
    return (a + b) / 2


def chi1(tau):
    return tau * expect(lambda z: fp(z) ** 2, 0, tau)


def rho(omega, tau=mpf(1), mu=mpf(0), nu=mpf(1)):
    y, x = mu * omega, nu * tau
    m = expect(f, y, x)
    d_y = lambda h: expect(lambda z: h(z) * (z - y), y, x) / x
    d_x = lambda h: expect(lambda z: h(z) * ((z - y) ** 2 - x), y, x) / (2 * x * x)
    sq = lambda z: f(z) ** 2
    m_y, m_x, q_y, q_x = d_y(f), d_x(f), d_y(sq), d_x(sq)
    assert abs(m_y - expect(fp, y, x)) < mpf(10) ** -30
    a, b = omega * m_y, tau * m_x
    c, d = omega * (q_y - 2 * m * m_y), tau * (q_x - 2 * m * m_x)
    tr, det = a + d, a * d - b * c
    disc = tr * tr - 4 * det
    if disc >= 0:
        return max(abs((tr + sqrt(disc)) / 2), abs((tr - sqrt(disc)) / 2))
    return sqrt(det)


def scan(g, lo, hi, n):
    """The first sub-interval of [lo, hi] (n pieces) where g changes sign."""
    xs = [lo + (hi - lo) * k / n for k in range(n + 1)]
    for a, b in zip(xs, xs[1:]):
        if (g(a) > 0) != (g(b) > 0):
            return a, b
    raise ValueError("no sign change")


tau0 = bisect(lambda t: chi1(t) - 1, *scan(lambda t: chi1(t) - 1, mpf("0.5"), mpf("1.5"), 10))
up = bisect(lambda w: rho(w) - 1, *scan(lambda w: rho(w) - 1, mpf(0), mpf(2), 20))
down = bisect(lambda w: rho(w) - 1, *scan(lambda w: rho(w) - 1, mpf(-2), mpf(0), 20))
print("tau0", nstr(tau0, 25))
print("omega_up", nstr(up, 25))
print("omega_down", nstr(down, 25))
