#!/usr/bin/python3
"""Independent high-precision reference values of SELU's backward factor.

What it computes
----------------
For SELU f(z) = lam*z (z > 0), lam*alpha*(exp(z) - 1) (z <= 0), its
derivative f'(z) = lam (z > 0), lam*alpha*exp(z) (z < 0), and the net input
Z ~ N(y, x), y = mu*omega, x = nu*tau:

    mean_fprime    E[f'(Z)]
    second_fprime  E[f'(Z)^2]
    chi1           tau * E[f'(Z)^2]   (the backward factor of package meanfield)

written to testdata/backward.csv (columns id,alpha,lambda,mu,omega,nu,tau,
mean_fprime,second_fprime,chi1,region) at:

  theorem1      the 16 corners of Theorem 1's domain (mu, omega in
                [-0.1, 0.1], nu in [0.8, 1.5], tau in [0.95, 1.1]), where
                chi1 and E[f'] take their extremes there, its centre and 8
                random interior points;
  fixedpoint    the fixed point of g for the float64 alpha01, lambda01 at
                (omega, tau) = (0, 1), solved here (see below); its mu and nu
                are written with 40 significant digits, NOT as doubles: the
                reference is for the exact fixed point;
  wide          y in {-30, -5, -1, 0, 1, 5, 30} x x in {1e-8, 1e-4, 1, 100, 1e4}
                (mu = y, omega = 1, nu = x, tau = 1);
  alpha-lambda  alpha, lambda in {(0.1, 0.1), (10, 10), (1.9712557503462642,
                1.0607090761030131)} at three points;
  random        12 points with x log-uniform in [1e-8, 1e4], y uniform in
                [-30, 30], mu, omega, nu, tau not (y, 1, x, 1).

Method (the definitions, integrated directly; no closed form is stored)
--------------------------------------------------------------------
E[h(Z)] = integral of h(y + s t) phi(t) dt (s = sqrt(x)) with mpmath.quad at
mp.dps = 50, split at the kink t0 = -y/s and, on each side, by the split
machinery of gen_reference.py (split_points: around the centres of the
Gaussian tilts exp(k s t) phi(t) = exp(k^2 s^2 / 2) phi(t - k s), k = 0, 1,
2, and geometrically in tail pieces), each sub-interval mapped to [0, 1] and
scaled by the integrand's size there, so every value has ~50 RELATIVE
digits even when it is astronomically small.  Every value is computed
twice, with tanh-sinh on gen_reference's split set A and Gauss-Legendre on
split set B, and the two must agree to 1e-30 relative, else the script
aborts.  As a sanity check only (never stored), the closed form
E[f'^k] = lam^k/2 (erfc(-y/r) + alpha^k exp(k y + k^2 x/2) erfc((y + k x)/r)),
r = sqrt(2x), is evaluated at 80 digits and must agree with the integral to
1e-30 relative.

The fixed point: at omega = 0, y = 0 whatever mu, so nu* is the root of
nu_tilde(0, nu) - nu (nu_tilde = Var f(Z) by gen_reference.moments, the
integral of (f - mu_tilde)^2, variant A), found by mpmath.findroot (secant,
from nu = 1, tol 1e-45), and mu* = mu_tilde(0, nu*).  It must agree with
testdata/fixedpoints.csv's row "paper" (gen_dynamics.py, 25 digits) to 1e-24.

Inputs are float64 values (written with repr(float) so that Go's
strconv.ParseFloat returns the identical double); y and x are the EXACT
products of those doubles.  alpha01, lambda01 are the doubles nearest to
the published 32-digit constants (1.6732632423543772, 1.0507009873554805).
Outputs have 30 significant digits.

Rerun
-----
    python3 testdata/gen_backward.py
    (mpmath 1.3, Debian python3-mpmath; a few minutes on one core)
"""

import csv
import os
import random
import sys

from mpmath import mp, mpf

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_reference  # noqa: E402  (split_points, moments)

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "backward.csv")
DPS = 50
TOL = mpf("1e-30")
A01 = 1.6732632423543772848170429916717
L01 = 1.0507009873554804934193349852946


def expectation(al, lam, y, s, k, variant):
    """E[f'(Z)^k], Z ~ N(y, s^2), k = 1 or 2, by quadrature of the
    definition on both sides of the kink."""
    method = "tanh-sinh" if variant == "A" else "gauss-legendre"
    c2pi = 1 / mp.sqrt(2 * mp.pi)

    def phi(t):
        return mp.exp(-t * t / 2) * c2pi

    t0 = -y / s
    la = (lam * al) ** k
    pieces = [
        (-mp.inf, t0, lambda t: la * mp.exp(k * (y + s * t)) * phi(t), [mpf(0), k * s]),
        (t0, mp.inf, lambda t: lam ** k * phi(t), [mpf(0)]),
    ]
    total = mpf(0)
    for a, b, g, tilts in pieces:
        pts = gen_reference.split_points(a, b, tilts, [], variant)
        if pts is None:
            continue
        for p, q in zip(pts, pts[1:]):
            h = q - p
            S = max(abs(g(p + h * mpf(j) / 8)) for j in range(9))
            if S == 0:
                S = mpf(1)
            total += mp.quad(lambda u: g(p + h * u) / S, [0, 1], method=method) * h * S
    return total


def closed(al, lam, y, x, k):
    with mp.workdps(80):
        al, lam, y, x = mpf(al), mpf(lam), mpf(y), mpf(x)
        r = mp.sqrt(2 * x)
        return +(lam ** k / 2 * (mp.erfc(-y / r) + al ** k * mp.exp(k * y + k * k * x / 2) * mp.erfc((y + k * x) / r)))


def backward(al, lam, y, x, tau):
    s = mp.sqrt(x)
    out = []
    for k in (1, 2):
        a = expectation(al, lam, y, s, k, "A")
        b = expectation(al, lam, y, s, k, "B")
        c = closed(al, lam, y, x, k)
        if abs(a - b) > TOL * abs(a) or abs(a - c) > TOL * abs(a):
            raise SystemExit("disagreement at y=%s x=%s k=%d: A %s B %s closed %s" % (y, x, k, a, b, c))
        out.append(a)
    return out[0], out[1], tau * out[1]


def fixed_point():
    """The fixed point (mu*, nu*) of g at omega = 0, tau = 1 (y = 0)."""
    def F(nu):
        (_, _, v), _ = gen_reference.moments("selu", mpf(A01), mpf(L01), mpf(0), nu, "A")
        return v - nu
    nu = mp.findroot(F, mpf(1), solver="secant", tol=mpf("1e-45"))
    (mu, _, _), _ = gen_reference.moments("selu", mpf(A01), mpf(L01), mpf(0), nu, "A")
    with open(os.path.join(os.path.dirname(OUT), "fixedpoints.csv")) as fh:
        for row in csv.DictReader(fh):
            if row["region"] == "paper":
                if abs(mpf(row["nu_star"]) - nu) > mpf("1e-24") or abs(mpf(row["mu_star"]) - mu) > mpf("1e-24"):
                    raise SystemExit("fixed point %s, %s disagrees with fixedpoints.csv %s, %s" % (mu, nu, row["mu_star"], row["nu_star"]))
                break
        else:
            raise SystemExit("fixedpoints.csv has no paper row")
    return mu, nu


def main():
    mp.dps = DPS
    gen_reference.mp.dps = DPS
    a01, l01 = float(A01), float(L01)
    pts = []  # (alpha, lambda, mu, omega, nu, tau, region)
    for mu in (-0.1, 0.1):
        for om in (-0.1, 0.1):
            for nu in (0.8, 1.5):
                for tau in (0.95, 1.1):
                    pts.append((a01, l01, mu, om, nu, tau, "theorem1"))
    pts.append((a01, l01, 0.0, 0.0, 1.15, 1.025, "theorem1"))
    rng = random.Random(20240614)
    for _ in range(8):
        pts.append((a01, l01, rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1), rng.uniform(0.8, 1.5), rng.uniform(0.95, 1.1), "theorem1"))
    for y in (-30.0, -5.0, -1.0, 0.0, 1.0, 5.0, 30.0):
        for x in (1e-8, 1e-4, 1.0, 100.0, 1e4):
            pts.append((a01, l01, y, 1.0, x, 1.0, "wide"))
    for al, lam in ((0.1, 0.1), (10.0, 10.0), (1.9712557503462642, 1.0607090761030131)):
        for y, x in ((0.0, 1.0), (-2.0, 0.5), (1.5, 3.0)):
            pts.append((al, lam, y, 1.0, x, 1.0, "alpha-lambda"))
    for _ in range(12):
        x = 10 ** rng.uniform(-8, 4)
        y = rng.uniform(-30, 30)
        om = rng.choice((-1, 1)) * 10 ** rng.uniform(-1, 0.5)
        tau = 10 ** rng.uniform(-1, 0.5)
        pts.append((a01, l01, y / om, om, x / tau, tau, "random"))

    rows = []
    for i, (al, lam, mu, om, nu, tau, region) in enumerate(pts):
        y = mpf(mu) * mpf(om)
        x = mpf(nu) * mpf(tau)
        m, s2, c = backward(mpf(al), mpf(lam), y, x, mpf(tau))
        rows.append([str(i), repr(al), repr(lam), repr(mu), repr(om), repr(nu), repr(tau),
                     mp.nstr(m, 30), mp.nstr(s2, 30), mp.nstr(c, 30), region])
        print(i, region, mp.nstr(c, 20), file=sys.stderr)
    mu, nu = fixed_point()
    m, s2, c = backward(mpf(A01), mpf(L01), mpf(0), nu, mpf(1))
    rows.append([str(len(rows)), repr(a01), repr(l01), mp.nstr(mu, 40), "0.0", mp.nstr(nu, 40), "1.0",
                 mp.nstr(m, 30), mp.nstr(s2, 30), mp.nstr(c, 30), "fixedpoint"])
    print("fixed point", mp.nstr(mu, 20), mp.nstr(nu, 30), mp.nstr(c, 30), file=sys.stderr)
    with open(OUT, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "alpha", "lambda", "mu", "omega", "nu", "tau", "mean_fprime", "second_fprime", "chi1", "region"])
        w.writerows(rows)


if __name__ == "__main__":
    main()
