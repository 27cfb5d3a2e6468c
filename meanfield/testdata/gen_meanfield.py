#!/usr/bin/python3
"""Independent high-precision reference values for package meanfield.

What it computes
----------------
For an activation f, the net input z ~ N(y, x) with y = mu*omega, x = nu*tau,
s = sqrt(x), and a pair (z1, z2) of such net inputs with correlation c:

    mean_fprime    E[f'(z)]
    second_fprime  E[f'(z)^2]
    chi1           tau * E[f'(z)^2]
    mu_tilde       E[f(z)]
    nu_tilde       Var f(z) = E[(f(z) - mu_tilde)^2]
    cov            Cov(f(z1), f(z2)) = E[(f(z1) - mu_tilde)(f(z2) - mu_tilde)]
    e_ff           E[f(z1) f(z2)] = cov + mu_tilde^2
    c_tilde        cov / nu_tilde                  (centred correlation map)
    c_tilde_unc    e_ff / E[f(z)^2]                (uncentred map)
    e_fpfp         E[f'(z1) f'(z2)]
    slope          x * e_fpfp / nu_tilde           (d c_tilde / dc, Price's theorem)
    slope0         x * E[f']^2 / nu_tilde          (the slope at c = 0)
    slope1         x * E[f'^2] / nu_tilde          (the slope at c = 1)

with f in {selu(alpha, lambda), elu(alpha), relu, tanh}; f' is the
derivative (SELU: lambda for z > 0, lambda*alpha*e^z for z <= 0).

Method (the definitions, integrated directly; no closed form is used)
--------------------------------------------------------------------
Write z1 = y + s t and z2 = y + s (c t + sqrt(1 - c^2) T) with t, T
independent standard normal.  Every expectation is a nested integral

    E[g1(z1) g2(z2)] = int phi(t) g1(y + s t) [ int phi(T) g2(a + b T) dT ] dt,
    a = y + s c t,  b = s sqrt((1 - c)(1 + c)),

evaluated at mp.dps = DPS (45 where mu*omega = +-30) with composite
Gauss-Legendre rules (nodes computed here by Newton's method on P_n).  Both
integrals run over [-10, 10] (phi(10)/phi(0) = e^-50 = 2e-22), split at the
kinks of the integrand (outer: t0 = -y/s and t1 = -y/(s c), where the inner
integrand's kink crosses the inner mean; inner: T* = -a/b), with panels
graded geometrically away from each kink (first length 1/4 or 1/3 of
min(1, 1/s, b/(s|c|)), the scale of the exponential branch and of the
smoothed kink) and at most 2.5 or 2 long.
For c = +-1 (b = 0) the inner integral is g2(y + c s t) itself.  cov and
nu_tilde integrate the centred products (never E[f f] - mu^2).

Every value is computed twice, with rules A and B (different orders and
panels, see VARIANT), and the two must agree to 1e-18 relative (cov
and e_ff relative to E[f^2], mu_tilde to max(|mu_tilde|, sqrt(nu_tilde)),
the others relative to themselves), otherwise the script aborts.  Only A is written.

Inputs are float64 values: every input is the nearest double to the decimal
given, the integrals use the products of those doubles at the working
precision (80 bits or more; Go's float64 products differ by at most
1.1e-16 relative), and the CSV
input columns are written with repr(float) so that Go's strconv.ParseFloat
returns the identical double.  Outputs have 25 significant digits.

Rerun
-----
    PROCS=2 python3 meanfield/testdata/gen_meanfield.py
    (mpmath 1.3; about an hour of CPU; writes meanfield/testdata/meanfield.csv)
"""

import os
import sys
from multiprocessing import Pool

import mpmath
from mpmath import mp, mpf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "meanfield.csv")
DPS = 24
A01 = 1.6732632423543772848170429916717  # nearest double (bioinf-jku/SNNs selu.py)
L01 = 1.0507009873554804934193349852946

# (activation, alpha, lambda, mu, omega, nu, tau, c)
CASES = []
for c in ["-1", "-0.9", "-0.5", "0.3", "0.5", "0.9", "0.999999", "1"]:
    CASES.append(("selu", A01, L01, 0.0, 0.0, 1.0, 1.0, c))  # the paper's fixed point
CASES += [
    ("selu", A01, L01, 0.5, 1.0, 2.0, 0.8, "-0.7"),
    ("selu", A01, L01, 0.5, 1.0, 2.0, 0.8, "0.2"),
    ("selu", A01, L01, 0.5, 1.0, 2.0, 0.8, "0.8"),
    ("selu", A01, L01, -1.0, 0.5, 0.3, 1.2, "0.5"),
    ("selu", A01, L01, -1.0, 0.5, 0.3, 1.2, "-0.3"),
    ("selu", A01, L01, 3.0, 1.0, 0.5, 1.0, "0.6"),
    ("selu", A01, L01, -2.0, 1.0, 4.0, 1.0, "0.7"),
    ("selu", A01, L01, 0.0, 0.0, 1.0, 0.5625, "0.5"),  # PyTorch's gain 3/4
    ("selu", A01, L01, 0.0, 0.0, 100.0, 1.0, "0.9"),
    ("selu", A01, L01, 0.0, 0.0, 1e4, 1.0, "0.5"),
    ("selu", A01, L01, 0.0, 0.0, 1e-8, 1.0, "0.5"),
    ("selu", A01, L01, 0.1, 1.0, 1e-4, 1.0, "0.5"),
    ("selu", A01, L01, -30.0, 1.0, 1.0, 1.0, "0.5"),
    ("selu", A01, L01, 30.0, 1.0, 1.0, 1.0, "-0.5"),
    ("selu", 1.9712557503462642, 1.0607090761030131, 0.0, 0.0, 2.0, 1.0, "0.5"),
    ("elu", 1.0, 1.0, 0.2, 1.0, 1.0, 1.0, "0.5"),
    ("relu", 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, "0.5"),
    ("relu", 0.0, 1.0, 0.5, 1.0, 1.0, 1.0, "-0.4"),
    ("tanh", 0.0, 1.0, 0.3, 1.0, 2.0, 1.0, "0.4"),
]


def activation(name, alpha, lam):
    alpha, lam = mpf(alpha), mpf(lam)
    if name in ("selu", "elu"):
        if name == "elu":
            lam = mpf(1)
        f = lambda z: lam * z if z > 0 else lam * alpha * mp.expm1(z)
        d = lambda z: lam if z > 0 else lam * alpha * mp.exp(z)
        return f, d, [mpf(0)]
    if name == "relu":
        return (lambda z: z if z > 0 else mpf(0)), (lambda z: mpf(1) if z > 0 else mpf(0)), [mpf(0)]
    if name == "tanh":
        return mp.tanh, (lambda z: mp.sech(z) ** 2), []
    raise ValueError(name)


LIM = mpf(10)
_RULES = {}


def gl_rule(n):
    """n-point Gauss-Legendre nodes and weights on [-1, 1] at the working
    precision (Newton's method on P_n from the Chebyshev-like guesses)."""
    key = (n, mp.prec)
    if key not in _RULES:
        xs, ws = [], []
        for i in range(1, n + 1):
            x = mp.cos(mp.pi * (i - mpf(1) / 4) / (n + mpf(1) / 2))
            for _ in range(100):
                p0, p1 = mpf(1), x
                for k in range(2, n + 1):
                    p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
                dp = n * (x * p1 - p0) / (x * x - 1)
                dx = p1 / dp
                x -= dx
                if abs(dx) < mpf(10) ** (-mp.dps - 5):
                    break
            p0, p1 = mpf(1), x
            for k in range(2, n + 1):
                p0, p1 = p1, ((2 * k - 1) * x * p1 - (k - 1) * p0) / k
            dp = n * (x * p1 - p0) / (x * x - 1)
            xs.append(x)
            ws.append(2 / ((1 - x * x) * dp * dp))
        _RULES[key] = (xs, ws)
    return _RULES[key]


# Variant A: 20-point panels at most 2.5 long, graded towards every kink from
# a first panel of length first/4; variant B: 24 points, at most 2 long,
# first panel first/3.
VARIANT = {"A": (20, mpf("2.5"), mpf(1) / 4), "B": (24, mpf(2), mpf(1) / 3)}


def panels(kinks, first, variant, maxscale=None):
    """Panel end points covering [-LIM, LIM]: split at every kink, panels
    graded geometrically away from each kink (first length first*f0),
    at most maxlen long (and at most maxscale, if given)."""
    n, maxlen, f0 = VARIANT[variant]
    if maxscale is not None:
        maxlen = min(maxlen, maxscale)
    ks = sorted(set(k for k in kinks if -LIM < k < LIM))
    ends = [-LIM] + ks + [LIM]
    out = []
    for i in range(len(ends) - 1):
        p, q = ends[i], ends[i + 1]
        gp = i > 0  # p is a kink
        gq = i + 1 < len(ends) - 1
        mid = (p + q) / 2
        left, right = [p], [q]
        h = first * f0
        if gp:
            pos = p
            while True:
                step = min(h, maxlen)
                lim = mid if gq else q
                if pos + step >= lim:
                    break
                pos += step
                left.append(pos)
                h *= 2
        h = first * f0
        if gq:
            pos = q
            while True:
                step = min(h, maxlen)
                lim = mid if gp else p
                if pos - step <= lim:
                    break
                pos -= step
                right.append(pos)
                h *= 2
        a, b = left[-1], right[-1]
        inner = [a]
        m = int(mp.ceil((b - a) / maxlen))
        for j in range(1, m):
            inner.append(a + (b - a) * j / m)
        pts = left + inner[1:] + list(reversed(right))
        out.append(pts)
    res = []
    for pts in out:
        for j in range(len(pts) - 1):
            if pts[j + 1] > pts[j]:
                res.append((pts[j], pts[j + 1]))
    return res


# For tanh, whose poles at +-i*pi/2 limit Gauss-Legendre's convergence, panels
# are at most MAXSCALE_TANH/s long in t (set per case by compute()).
MAXSCALE = None
MAXSCALE_TANH = mpf("0.5")


def integrate(h, kinks, first, variant):
    """int h(t) phi(t) dt over [-LIM, LIM]."""
    n = VARIANT[variant][0]
    xs, ws = gl_rule(n)
    total = mpf(0)
    for a, b in panels(kinks, first, variant, MAXSCALE):
        hw, mid = (b - a) / 2, (a + b) / 2
        for x, w in zip(xs, ws):
            t = mid + hw * x
            total += hw * w * h(t) * mp.exp(-t * t / 2)
    return total / mp.sqrt(2 * mp.pi)


def one(y, s, g, kinks, variant):
    return integrate(lambda t: g(y + s * t), [(k - y) / s for k in kinks], min(1, 1 / s), variant)


def two(y, s, c, g1, g2, kinks, variant):
    """E[g1(z1) g2(z2)], nested."""
    if c == 1 or c == -1:
        ex = [(k - y) / s for k in kinks] + [(k - y) / (s * c) for k in kinks]
        return integrate(lambda t: g1(y + s * t) * g2(y + c * s * t), ex, min(1, 1 / s), variant)
    b = s * mp.sqrt((1 - c) * (1 + c))

    def outer(t):
        a = y + s * c * t
        return g1(y + s * t) * integrate(lambda T: g2(a + b * T), [(k - a) / b for k in kinks], min(1, 1 / b), variant)

    ex = [(k - y) / s for k in kinks]
    first = min(1, 1 / s)
    if c != 0:
        ex += [(k - y) / (s * c) for k in kinks]
        first = min(first, b / (s * abs(c)))
    return integrate(outer, ex, first, variant)


def compute(case, variant):
    global MAXSCALE
    name, alpha, lam, mu, omega, nu, tau, cs = case
    MAXSCALE = MAXSCALE_TANH / mp.sqrt(mpf(nu) * mpf(tau)) if name == "tanh" else None
    f, d, kinks = activation(name, alpha, lam)
    y = mpf(mu) * mpf(omega)
    x = mpf(nu) * mpf(tau)
    s = mp.sqrt(x)
    c = mpf(float(cs))
    r = {}
    r["mean_fprime"] = one(y, s, d, kinks, variant)
    r["second_fprime"] = one(y, s, lambda z: d(z) ** 2, kinks, variant)
    r["chi1"] = mpf(tau) * r["second_fprime"]
    m = one(y, s, f, kinks, variant)
    r["mu_tilde"] = m
    r["nu_tilde"] = one(y, s, lambda z: (f(z) - m) ** 2, kinks, variant)
    xi = r["nu_tilde"] + m * m
    r["cov"] = two(y, s, c, lambda z: f(z) - m, lambda z: f(z) - m, kinks, variant)
    r["e_ff"] = r["cov"] + m * m
    r["c_tilde"] = r["cov"] / r["nu_tilde"]
    r["c_tilde_unc"] = r["e_ff"] / xi
    r["e_fpfp"] = two(y, s, c, d, d, kinks, variant)
    r["slope"] = x * r["e_fpfp"] / r["nu_tilde"]
    r["slope0"] = x * r["mean_fprime"] ** 2 / r["nu_tilde"]
    r["slope1"] = x * r["second_fprime"] / r["nu_tilde"]
    r["_xi"] = xi
    return r


KEYS = ["mean_fprime", "second_fprime", "chi1", "mu_tilde", "nu_tilde", "cov", "e_ff",
        "c_tilde", "c_tilde_unc", "e_fpfp", "slope", "slope0", "slope1"]


def work(i):
    mp.dps = DPS
    case = CASES[i]
    if case[3] * case[4] in (-30.0, 30.0):
        mp.dps = 45  # f - mu_tilde ~ e^-30 against f ~ 1
    a = compute(case, "A")
    b = compute(case, "B")
    for k in KEYS:
        scale = a["_xi"] if k in ("cov", "e_ff") else abs(a[k])
        if k == "mu_tilde":
            scale = max(abs(a[k]), mp.sqrt(a["nu_tilde"]))
        if scale == 0:
            scale = mpf(1)
        if abs(a[k] - b[k]) > mpf("1e-18") * scale:
            raise RuntimeError("case %d %s: variants A %s and B %s disagree" % (i, k, a[k], b[k]))
    name, alpha, lam, mu, omega, nu, tau, cs = case
    row = [str(i), name, repr(alpha), repr(lam), repr(mu), repr(omega), repr(nu), repr(tau), repr(float(cs))]
    row += [mpmath.nstr(a[k], 25) for k in KEYS]
    print("case %d done" % i, file=sys.stderr, flush=True)
    return ",".join(row)


def work_indexed(i):
    return i, work(i)


def main():
    procs = int(os.environ.get("PROCS", "1"))
    rows = [None] * len(CASES)
    with Pool(procs) as p, open(OUT + ".partial", "w") as part:
        # Rows are also appended to OUT.partial as they finish, so that a
        # long run that is stopped keeps what it computed.
        for i, row in p.imap_unordered(work_indexed, range(len(CASES))):
            rows[i] = row
            part.write(row + "\n")
            part.flush()
    os.remove(OUT + ".partial")
    with open(OUT, "w") as fh:
        fh.write(",".join(["id", "activation", "alpha", "lambda", "mu", "omega", "nu", "tau", "c"] + KEYS) + "\n")
        for r in rows:
            fh.write(r + "\n")


if __name__ == "__main__":
    main()
