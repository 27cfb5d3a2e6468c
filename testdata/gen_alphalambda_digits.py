#!/usr/bin/env python3
"""alpha01 and lambda01 to 100 significant digits, for verify's certified solver.

The paper's fixed point (mu, nu) = (0, 1) at omega = 0, tau = 1: the net input
is z ~ N(0, 1), and SELU's mean and variance are
    mu_tilde = lambda (A + alpha B),  xi_tilde = lambda^2 (C + alpha^2 D),
    A = E[z; z > 0],  B = E[exp(z) - 1; z <= 0],
    C = E[z^2; z > 0], D = E[(exp(z) - 1)^2; z <= 0].
mu_tilde = 0 gives alpha01 = -A/B, and nu_tilde = xi_tilde = 1 then gives
lambda01 = 1/sqrt(C + alpha01^2 D).

Method (independent of the closed form): A, B, C, D by direct numerical
integration (mpmath.quad, tanh-sinh, at 140 digits) of their definitions
against the N(0, 1) density, each half-line split at -60, -20, -5, 0, 5, 20,
60 (the integrands are below 1e-780 beyond +-60). Check: the paper's closed
forms (eq. 14),
    alpha01 = -sqrt(2/pi) / (erfc(1/sqrt 2) sqrt(e) - 1),
    lambda01 = (1 - erfc(1/sqrt 2) sqrt(e)) sqrt(2 pi)
               (2 erfc(sqrt 2) e^2 + pi erfc(1/sqrt 2)^2 e
                - 2 (2 + pi) erfc(1/sqrt 2) sqrt(e) + pi + 2)^(-1/2),
evaluated at 140 digits must agree with the integrals to 1e-120 (the script
aborts otherwise), and the published 32-digit constants (bioinf-jku/SNNs
selu.py) must be the values correctly rounded to 32 digits.

Output: testdata/alphalambda_digits.csv, columns name,digits,value, the
values correctly rounded to 100 significant digits (mpmath.nstr).
Run: python3 testdata/gen_alphalambda_digits.py (mpmath 1.3; a few seconds).
"""
import csv
import os

import mpmath
from mpmath import mp, mpf

mp.dps = 140

SPLITS = [-mp.inf, -60, -20, -5, 0]


def integral(h, neg):
    phi = lambda t: mp.exp(-t * t / 2) / mp.sqrt(2 * mp.pi)
    pts = SPLITS if neg else [-s for s in reversed(SPLITS)]
    return mp.quad(lambda t: h(t) * phi(t), pts)


A = integral(lambda t: t, False)
B = integral(lambda t: mp.expm1(t), True)
C = integral(lambda t: t * t, False)
D = integral(lambda t: mp.expm1(t) ** 2, True)
alpha = -A / B
lam = 1 / mp.sqrt(C + alpha**2 * D)

e1 = mp.erfc(1 / mp.sqrt(2))
alpha_cf = -mp.sqrt(2 / mp.pi) / (e1 * mp.sqrt(mp.e) - 1)
lam_cf = (1 - e1 * mp.sqrt(mp.e)) * mp.sqrt(2 * mp.pi) * (
    2 * mp.erfc(mp.sqrt(2)) * mp.e**2 + mp.pi * e1**2 * mp.e
    - 2 * (2 + mp.pi) * e1 * mp.sqrt(mp.e) + mp.pi + 2) ** mpf(-0.5)
for name, a, b in [("alpha01", alpha, alpha_cf), ("lambda01", lam, lam_cf)]:
    if abs(a - b) > mpf(10) ** -120:
        raise SystemExit("%s: integral and closed form differ by %s" % (name, mpmath.nstr(abs(a - b), 5)))

assert mpmath.nstr(alpha, 32) == "1.6732632423543772848170429916717"
assert mpmath.nstr(lam, 32) == "1.0507009873554804934193349852946"

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "alphalambda_digits.csv")
with open(out, "w", newline="") as fh:
    w = csv.writer(fh, lineterminator="\n")
    w.writerow(["name", "digits", "value"])
    for name, v in [("alpha01", alpha), ("lambda01", lam)]:
        w.writerow([name, 100, mpmath.nstr(v, 100, strip_zeros=False)])
print("wrote", out)
