#!/usr/bin/env python3
"""The reference for BenchmarkThroughputSNN (train/bench_test.go): one SGD step
(forward, backward, update) of the depth-32, width-784 SNN of Figure 1 on a
batch of 128, in NumPy, float64, the same operations as train.Network.Step.
Prints images per second. Run: python3 train/testdata/bench_numpy.py [STEPS]
(Debian: apt-get install python3-numpy; NumPy uses whichever BLAS the system
provides, which it prints.)"""
import sys, time
import numpy as np

ALPHA, LAMBDA = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946
depth, width, rows, classes = 32, 784, 128, 10
steps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
rng = np.random.default_rng(1)
W = [rng.standard_normal((width, width)) / np.sqrt(width) for _ in range(depth)]
W.append(rng.uniform(-1, 1, (width, classes)) * np.sqrt(6 / (width + classes)))
B = [np.zeros(w.shape[1]) for w in W]
x = rng.standard_normal((rows, width))
y = rng.integers(0, classes, rows)

def step(lr=1e-5):
    zs, acts, a = [], [x], x
    for l in range(depth):
        z = a @ W[l] + B[l]
        a = np.where(z >= 0, LAMBDA * z, LAMBDA * ALPHA * np.expm1(np.minimum(z, 0)))
        zs.append(z); acts.append(a)
    logits = a @ W[depth] + B[depth]
    m = logits.max(axis=1, keepdims=True)
    p = np.exp(logits - m); p /= p.sum(axis=1, keepdims=True)
    dz = p; dz[np.arange(rows), y] -= 1
    for l in range(depth, -1, -1):
        dW = acts[l].T @ dz; db = dz.sum(axis=0)
        if l > 0:
            da = dz @ W[l].T
            z, a = zs[l - 1], acts[l]
            dz = da * np.where(z >= 0, LAMBDA, a + LAMBDA * ALPHA)
        W[l] -= lr * dW; B[l] -= lr * db

step()  # warm-up
t = time.perf_counter()
for _ in range(steps):
    step()
dt = time.perf_counter() - t
try:  # the BLAS actually loaded (Debian switches libblas.so.3 by alternatives)
    blas = sorted({l.split()[-1] for l in open("/proc/self/maps") if "blas" in l})
except OSError:
    blas = ["?"]
print(f"numpy {np.__version__}, BLAS {', '.join(blas)}: {rows * steps / dt:.2f} images/s ({steps} steps, {dt:.1f} s)")
