#!/usr/bin/python3
"""Generate reference.csv: exp, erfc, erfcx, sqrt and the constants pi,
ln 2, sqrt 2, sqrt pi at 50 significant digits, for the tests of package
bigiv (internal/bigiv/bigiv_test.go).

Method: mpmath at 80 decimal digits (mp.dps = 80; mpmath's exp, erfc and
sqrt are correctly rounded or accurate to a few units in the last place of
the working precision), erfcx(x) = exp(x^2)*erfc(x) evaluated at that
precision (mpmath's erfc keeps its relative accuracy for large x, so the
product has no cancellation), each value printed with 50 significant digits
(mpmath.nstr(v, 50)). The printed value d is within half a unit in its 50th
digit of the exact value: |exact - d| <= 5e-50*|d|.

Arguments are float64 numbers written with Python repr, so that Go's
strconv.ParseFloat gives exactly the double the reference was computed
for; mpf(float) is exact. Points: fixed lists that include the large
arguments (exp near +-700 and beyond, erfc at +-30, erfcx at 1e6) and the
switch between the power series and the continued fraction at 4, plus
random points from a fixed seed.

Columns: func,x,value   (func in exp, erfc, erfcx, sqrt, const; for const, x
is the constant's name: pi, ln2, sqrt2, sqrtpi).

Rerun:  python3 internal/bigiv/testdata/gen_bigiv.py   (Debian python3-mpmath;
mpmath 1.3.0 made the committed file)
"""
import os
import random

from mpmath import mp, mpf, exp, erfc, sqrt, pi, log, nstr

mp.dps = 80
here = os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20240613)

rows = []


def add(func, x, v):
    rows.append((func, repr(float(x)) if func != "const" else x, nstr(v, 50, min_fixed=-5, max_fixed=5)))


# exp: small, moderate, near the float64 overflow and beyond, very negative.
exp_pts = [0.0, 1e-300, -1e-300, 5e-324, 1e-20, -1e-20, 1e-8, 0.5, -0.5, 1.0, -1.0,
           0.34657359027997264, -0.34657359027997264, 0.6931471805599453, 2.0, 10.0,
           -10.0, 50.0, -50.0, 100.0, -100.0, 354.9, 699.0, 700.0, -700.0, 701.5,
           -701.5, 709.782712893384, 710.0, -745.1, 1000.0, -1000.0, 12345.678,
           -12345.678, 1e6, -1e6]
exp_pts += [rng.uniform(-30, 30) for _ in range(40)]
exp_pts += [rng.uniform(-750, 750) for _ in range(30)]
for x in exp_pts:
    add("exp", x, exp(mpf(x)))

# erfc: the series side, the switch at 4, the continued fraction side, +-30.
erfc_pts = [0.0, 1e-300, -1e-300, 1e-10, -1e-10, 0.1, -0.1, 0.5, 1.0, -1.0, 2.0,
            -2.0, 3.0, 3.9999999999999996, 4.0, -4.0, 4.000000000000001, 5.0, 6.0,
            -6.0, 10.0, -10.0, 20.0, 26.5, 27.2, 29.999, 30.0, -30.0, 35.0]
erfc_pts += [rng.uniform(-6, 6) for _ in range(50)]
erfc_pts += [rng.uniform(-30, 30) for _ in range(30)]
for x in erfc_pts:
    add("erfc", x, erfc(mpf(x)))

# erfcx: as erfc, plus large arguments up to 1e6 (and 1e10) and negative
# ones where erfcx ~ 2 e^{x^2}.
erfcx_pts = [0.0, 1e-300, 1e-10, 0.1, 0.5, 1.0, 2.0, 3.5, 3.9999999999999996, 4.0,
             4.000000000000001, 4.5, 6.3, 10.0, 26.0, 30.0, 100.0, 1000.0, 12345.0,
             1e5, 1e6, 1e10, -0.1, -1.0, -3.0, -4.0, -5.0, -10.0, -20.0, -26.5]
erfcx_pts += [rng.uniform(-5, 8) for _ in range(50)]
erfcx_pts += [10 ** rng.uniform(0, 6) for _ in range(30)]
for x in erfcx_pts:
    xm = mpf(x)
    add("erfcx", x, exp(xm * xm) * erfc(xm))

# sqrt.
sqrt_pts = [0.0, 2.0, 3.0, 0.5, 1e-300, 1e300, 0.8, 1.25, 123456.789]
sqrt_pts += [rng.uniform(0, 10) for _ in range(20)]
for x in sqrt_pts:
    add("sqrt", x, sqrt(mpf(x)))

for name, v in [("pi", +pi), ("ln2", log(2)), ("sqrt2", sqrt(2)), ("sqrtpi", sqrt(pi))]:
    add("const", name, v)

with open(os.path.join(here, "reference.csv"), "w") as f:
    f.write("func,x,value\n")
    for r in rows:
        f.write(",".join(r) + "\n")
print(len(rows), "rows")
