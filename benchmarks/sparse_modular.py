"""Benchmark: stationary solves with many parameters, sparse interpolation against Bareiss (issue 12).

Times the solve itself, ``stationary.stationary_weights(m, "flint",
generic=True)`` (ring elements; no conversion to sympy), in one process:

* ``shipped`` - as shipped: :func:`symcm.algebra.modular.prefer_modular`
  decides; past :data:`~symcm.algebra.modular.SPARSE_FROM` dense monomials
  the modular path uses :mod:`symcm.algebra.sparse_interpolation`;
* ``sparse`` - sparse interpolation forced (``prefer_modular`` answering yes,
  the budgeted first elimination skipped), certified, Bareiss if it gives up;
* ``bareiss`` - ``stationary.USE_MODULAR`` off: fraction-free Bareiss, the
  baseline (skipped where it is known to take minutes).

Answers (weights and total) are checked identical before a row is printed.
Families: ``ring_chord`` and ``random_sparse`` from
:mod:`benchmarks.families` (answers as large as the determinant) and
``order_rk``, the order-``R`` chain whose emission probability is chosen by
the number of 1s in the state modulo ``k`` (``k`` parameters; answer of
degree ``R``, far below the determinant's ``2^R - 1``).  ``ring_chord(50, 8)``
is left out: Bareiss (which the shipped path also uses there) failed to
allocate 3.2 GB under a 6 GB limit.  Single cold runs on
a shared machine: compare the ratios within a row.

Run from the repository root::

    python -m benchmarks.sparse_modular
    python -m benchmarks.sparse_modular --quick
"""

from __future__ import annotations

import argparse
import gc
import time

import sympy as sp

import symcm as sc
from symcm.causal import stationary

from .common import cpu_model, usable_cpus
from .families import random_sparse, ring_chord


def order_rk(R: int, k: int) -> sc.HMM:
    """The binary order-``R`` chain emitting 1 with ``p_{(number of 1s) mod k}``."""
    ps = sc.symbols(" ".join(f"p_{i}" for i in range(k)))
    n, mask = 2 ** R, 2 ** R - 1
    edges = []
    for i in range(n):
        one = ps[bin(i).count("1") % k]
        edges.append((i, ((i << 1) | 1) & mask, "1", one))
        edges.append((i, (i << 1) & mask, "0", 1 - one))
    return sc.HMM.from_edges(edges, states=range(n), alphabet=("0", "1"), name=f"order-{R}, {k} parameters")


#: ``(family, builder, size, k, run Bareiss)``.
CASES = [
    ("ring_chord", ring_chord, 20, 4, True), ("ring_chord", ring_chord, 30, 4, True),
    ("ring_chord", ring_chord, 50, 4, True), ("ring_chord", ring_chord, 20, 8, True),
    ("ring_chord", ring_chord, 30, 8, True),
    ("random_sparse", random_sparse, 16, 4, True), ("random_sparse", random_sparse, 16, 8, True),
    ("order_rk", order_rk, 5, 4, True), ("order_rk", order_rk, 6, 3, True),
    ("order_rk", order_rk, 6, 4, False), ("order_rk", order_rk, 7, 6, False),
    ("order_rk", order_rk, 7, 8, False), ("order_rk", order_rk, 8, 8, False),
]
#: Sparse runs forced only where the answer is small enough to finish in seconds.
FORCE_SPARSE = {("ring_chord", 20, 4), ("random_sparse", 16, 4), ("ring_chord", 20, 8)}


def _cold() -> None:
    from symcm.algebra.backends import _backend

    sp.core.cache.clear_cache()
    _backend.cache_clear()
    gc.collect()


def _timed(m, mode: str):
    saved = (stationary.USE_MODULAR, stationary.prefer_modular, stationary.TRY_TERMS)
    if mode == "bareiss":
        stationary.USE_MODULAR = False
    elif mode == "sparse":
        stationary.prefer_modular, stationary.TRY_TERMS = (lambda *a: True), 0
    try:
        _cold()
        start = time.perf_counter()
        ring, w, total = stationary.stationary_weights(m, "flint", generic=True)
        return time.perf_counter() - start, (w, total), ring
    finally:
        stationary.USE_MODULAR, stationary.prefer_modular, stationary.TRY_TERMS = saved


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the cases under a few seconds")
    args = ap.parse_args(argv)
    print(f"CPU: {cpu_model()} ({usable_cpus()} usable); single cold runs, shared machine\n")
    print("| family | n / R | k | shipped (s) | sparse forced (s) | Bareiss (s) | Bareiss / shipped | terms of W |")
    print("|---|---|---|---|---|---|---|---|")
    _timed(order_rk(5, 2), "shipped")  # one-time costs (numpy import, the primes)
    for name, build, size, k, bareiss in CASES:
        if args.quick and (size >= 50 or name == "random_sparse" and k == 8 or name == "order_rk" and size >= 8):
            continue
        m = build(size, k)
        t_ship, ans, ring = _timed(m, "shipped")
        cells = [f"{t_ship:.3f}", "-", "-", "-"]
        if (name, size, k) in FORCE_SPARSE or name == "order_rk":
            t_sp, ans_sp, _ = _timed(m, "sparse")
            assert ans_sp == ans, f"{name} {size} {k}: sparse and shipped answers differ"
            cells[1] = f"{t_sp:.3f}"
        if bareiss:
            t_bar, ans_bar, _ = _timed(m, "bareiss")
            assert ans_bar == ans, f"{name} {size} {k}: Bareiss and shipped answers differ"
            cells[2], cells[3] = f"{t_bar:.3f}", f"{t_bar / t_ship:.1f}"
        terms = len(list(ring.terms(ans[1])))
        print(f"| {name} | {size} | {k} | " + " | ".join(cells) + f" | {terms} |", flush=True)


if __name__ == "__main__":
    main()
