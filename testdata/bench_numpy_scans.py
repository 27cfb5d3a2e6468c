#!/usr/bin/env python3
"""The NumPy side of the scan benchmarks (docs/numerics.md, "Speed"): what a
Python user would write, vectorised, float64, to compare with

    BenchmarkGrid200, BenchmarkGrid200Omega   (mapping/grid_test.go)
    BenchmarkTheorem1Grid50                   (verify/check_test.go)

- grid200: g = (mu~, xi~, nu~) on 200 x 200 points, mu in [-0.5, 0.5],
  nu in [0.5, 2], omega = 0, tau = 1 (the paper's closed form, eqs. 11-13);
- grid200omega: the same at omega = 0.5, mu in [-1, 1];
- theorem1grid50: the largest singular value of H = d(mu~, nu~)/d(mu, nu)
  (the analytic Jacobian of appendix A3.4.1 and the 2 x 2 norm of eq. 69)
  on the 50^4 grid of Theorem 1's domain (mu, omega in [-0.1, 0.1],
  nu in [0.8, 1.5], tau in [0.95, 1.1]), one nu at a time (125,000 points
  per array), and its maximum and argmax.

NumPy's elementwise operations run on one core; the Go benchmarks use all
cores (two here). erfc comes from scipy.special (Debian: apt-get install
python3-numpy python3-scipy). Each task is timed REPEAT times after a
warm-up; the median and the minimum are printed.

Run: python3 testdata/bench_numpy_scans.py [REPEAT]
"""
import sys
import time

import numpy as np
from scipy.special import erfc

ALPHA, LAMBDA = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
SQRT2PI = np.sqrt(2 * np.pi)


def terms(y, x):
    """The closed form's terms at net input N(y, x), the paper's eqs. 11-13
    as written (e^{...} erfc(...)); finite on these grids (x <= 2)."""
    s = np.sqrt(x)
    r = np.sqrt(2) * s
    e0 = erfc(y / r)
    e0c = 2 - e0
    e1 = np.exp(y + x / 2) * erfc((y + x) / r)
    e2 = np.exp(2 * (y + x)) * erfc((y + 2 * x) / r)
    gauss = np.exp(-y * y / (2 * x))
    g = np.sqrt(2 / np.pi) * s * gauss
    return s, e0, e0c, e1, e2, gauss, g


def moments(y, x):
    a, l = ALPHA, LAMBDA
    s, e0, e0c, e1, e2, gauss, g = terms(y, x)
    mean = 0.5 * l * (-a * e0 + y * e0c + a * e1 + g)
    second = 0.5 * l * l * ((y * y + x) * e0c + a * a * (-2 * e1 + e2 + e0) + y * g)
    return mean, second, second - mean * mean


def norm_h(y, x, omega, tau):
    """Largest singular value of H at (y, x) with weights (omega, tau)."""
    a, l = ALPHA, LAMBDA
    s, e0, e0c, e1, e2, gauss, g = terms(y, x)
    mean = 0.5 * l * (-a * e0 + y * e0c + a * e1 + g)
    p0 = gauss / (SQRT2PI * s)
    mean_y = 0.5 * l * (e0c + a * e1)
    mean_x = 0.25 * l * a * e1 + 0.5 * l * (1 - a) * p0
    second_y = l * l * (y * e0c + g) + l * l * a * a * (e2 - e1)
    second_x = 0.5 * l * l * e0c + l * l * a * a * (e2 - 0.5 * e1)
    h11, h12 = omega * mean_y, tau * mean_x
    h21, h22 = omega * (second_y - 2 * mean * mean_y), tau * (second_x - 2 * mean * mean_x)
    return 0.5 * (np.hypot(h11 + h22, h21 - h12) + np.hypot(h11 - h22, h12 + h21))


def grid200(omega, mu_range):
    mus = np.linspace(mu_range[0], mu_range[1], 200)
    nus = np.linspace(0.5, 2, 200)
    y = (mus * omega)[None, :]
    x = (nus * 1.0)[:, None]
    return moments(y, x)


def theorem1grid50():
    n = 50
    mu = np.linspace(-0.1, 0.1, n)
    om = np.linspace(-0.1, 0.1, n)
    nu = np.linspace(0.8, 1.5, n)
    ta = np.linspace(0.95, 1.1, n)
    M, O = np.meshgrid(mu, om, indexing="ij")
    y = (M * O).reshape(-1, 1)  # (mu, omega) pairs down
    o = O.reshape(-1, 1)
    best, at = -np.inf, None
    for i, v in enumerate(nu):
        x = (v * ta)[None, :]  # tau across
        h = norm_h(y, x, o, ta[None, :])
        k = int(np.argmax(h))
        if h.flat[k] > best:
            p, t = divmod(k, n)
            best, at = h.flat[k], (mu[p // n], om[p % n], v, ta[t])
    return best, at


def timed(f, repeat):
    f()  # warm-up
    ts = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    return np.median(ts), min(ts)


def main():
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    print(f"numpy {np.__version__}, one core, median (min) of {repeat}")
    for name, f in [
        ("grid200 (omega = 0)", lambda: grid200(0.0, (-0.5, 0.5))),
        ("grid200omega (omega = 0.5)", lambda: grid200(0.5, (-1, 1))),
        ("theorem1grid50 (max ||H||, 50^4)", theorem1grid50),
    ]:
        med, mn = timed(f, repeat)
        unit, scale = ("ms", 1e3) if med < 1 else ("s", 1)
        print(f"{name:34s} {med * scale:8.3f} {unit} ({mn * scale:.3f})")
    best, at = theorem1grid50()
    print(f"theorem1grid50: max ||H|| = {best!r} at (mu, omega, nu, tau) = {tuple(float(v) for v in at)}")


if __name__ == "__main__":
    main()
