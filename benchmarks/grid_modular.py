"""Benchmark: no swell, few parameters; grid interpolation of the adjugate against Bareiss (issue 12).

Times, in one process, the solve itself, ``stationary.stationary_weights(m,
"flint", generic=True)`` (ring elements), on chains whose answer is as large
as the determinant (no common factor to exploit):

* ``grid`` - :mod:`symcm.algebra.grid_interpolation` forced (its crossover
  ``GRID_FROM`` set to 0), certified, Bareiss if it gives up;
* ``shipped`` - as shipped: :func:`~symcm.algebra.grid_interpolation.prefer_grid`
  decides from the probed degrees;
* ``bareiss`` - ``stationary.USE_MODULAR`` off: fraction-free Bareiss, the
  baseline, run in a forked worker and stopped after ``--cap`` seconds
  (reported as ``> cap``);
* ``end to end`` - ``sc.stationary_distribution(m)`` as shipped (lazy
  fractions; includes finding the recurrent class and building the matrix).

Answers (weights and total) of grid, shipped and Bareiss are checked
identical before a row is printed.  Families from :mod:`benchmarks.families`:
``random_sparse(n, 2)`` and ``ring_chord(n, 2)``, plus a few with 1 and 3
parameters.  Single cold runs on a shared machine: compare the ratios within
a row.

Run from the repository root::

    python -m benchmarks.grid_modular
    python -m benchmarks.grid_modular --quick
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import time

import sympy as sp

import symcm as sc
from symcm.algebra import grid_interpolation as gi
from symcm.causal import stationary

from .common import cpu_model, usable_cpus
from .families import random_sparse, ring_chord

#: ``(family, builder, n, k)``.
CASES = [
    ("random_sparse", random_sparse, 16, 2), ("random_sparse", random_sparse, 32, 2),
    ("random_sparse", random_sparse, 64, 2), ("random_sparse", random_sparse, 128, 2),
    ("ring_chord", ring_chord, 50, 2), ("ring_chord", ring_chord, 100, 2), ("ring_chord", ring_chord, 200, 2),
    ("random_sparse", random_sparse, 128, 1), ("ring_chord", ring_chord, 400, 1),
    ("random_sparse", random_sparse, 32, 3), ("ring_chord", ring_chord, 60, 3),
]
QUICK = {("random_sparse", 16, 2), ("random_sparse", 32, 2), ("ring_chord", 50, 2), ("random_sparse", 32, 3)}


def _cold() -> None:
    from symcm.algebra.backends import _backend

    sp.core.cache.clear_cache()
    _backend.cache_clear()
    gc.collect()


def _plain(ring, answer):
    """Weights and total as plain dicts (comparable across processes)."""
    w, total = answer
    return {s: ring.to_dict(v) for s, v in w.items()}, ring.to_dict(total)


def _timed(m, mode: str):
    saved = (stationary.USE_MODULAR, gi.GRID_FROM)
    if mode == "bareiss":
        stationary.USE_MODULAR = False
    elif mode == "grid":
        gi.GRID_FROM = {1: 0, 2: 0, 3: 0}
    try:
        _cold()
        start = time.perf_counter()
        ring, w, total = stationary.stationary_weights(m, "flint", generic=True)
        return time.perf_counter() - start, _plain(ring, (w, total))
    finally:
        stationary.USE_MODULAR, gi.GRID_FROM = saved


def _worker(m, conn) -> None:
    conn.send(_timed(m, "bareiss"))
    conn.close()


def _bareiss(m, cap: float):
    """``(seconds, answer)`` of Bareiss in a forked worker, or ``None`` past ``cap`` seconds."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_worker, args=(m, child))
    proc.start()
    child.close()
    got = parent.recv() if parent.poll(cap) else None
    proc.join(5)
    if proc.is_alive():
        proc.kill()
        proc.join()
    return got


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="only the cases under a second")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds after which Bareiss is stopped")
    args = ap.parse_args(argv)
    print(f"CPU: {cpu_model()} ({usable_cpus()} usable); single cold runs, shared machine\n")
    print("| family | n | k | box of degrees | grid (s) | shipped (s) | Bareiss (s) | Bareiss / grid | "
          "end to end (s) | terms of W |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    _timed(random_sparse(12, 2), "grid")  # one-time costs (numpy import, the primes)
    for name, build, n, k in CASES:
        if args.quick and (name, n, k) not in QUICK:
            continue
        m = build(n, k)
        t_grid, ans = _timed(m, "grid")
        t_ship, ans_ship = _timed(m, "shipped")
        assert ans_ship == ans, f"{name} {n} {k}: shipped and grid answers differ"
        got = _bareiss(m, args.cap)
        if got is None:
            bar, ratio = f"> {args.cap:.0f}", f"> {args.cap / t_grid:.0f}"
        else:
            assert got[1] == ans, f"{name} {n} {k}: Bareiss and grid answers differ"
            bar, ratio = f"{got[0]:.3f}", f"{got[0] / t_grid:.1f}"
        _cold()
        start = time.perf_counter()
        sc.stationary_distribution(m)
        t_end = time.perf_counter() - start
        members = stationary.recurrent_classes(m)[0]
        ring = stationary.get_backend(m.parameters, "flint")
        g = gi._Grid(stationary._class_matrix(m, members, ring)[0], len(members), ring)
        box = "x".join(str(d + 1) for d in g.probe(gi._primes(2)[0]))
        print(f"| {name} | {n} | {k} | {box} | {t_grid:.3f} | {t_ship:.3f} | {bar} | {ratio} | {t_end:.3f} | "
              f"{len(ans[1])} |", flush=True)


if __name__ == "__main__":
    main()
