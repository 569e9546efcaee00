"""Benchmark: stationary distributions of the order-R binary Markov chain, modular path against Bareiss (issue 12).

The order-R chain has ``2**R`` states (the last R symbols); it emits 1 with
probability ``p`` when the state holds an even number of 1s, else ``q``, and
shifts the symbol in.  For each R, ``sc.stationary_distribution(m)`` is
timed with the flint backend

* ``modular`` - as shipped: :func:`symcm.algebra.modular.prefer_modular`
  decides, and the modular, certified null vector is used;
* ``bareiss`` - baseline in the same process: ``stationary.USE_MODULAR``
  switched off, so fraction-free Bareiss
  (:func:`symcm.algebra.elimination.solve_null_vector`) is used; skipped
  past ``--bareiss-max`` (default R = 7; R = 8 takes minutes).

Both answers are checked identical (the same dicts of expressions) before a
time is reported; the modular answer is also checked at a rational point
(``pi T = pi``, ``sum(pi) = 1``) when the baseline is skipped.  Model
construction is not timed.  Every run starts cold (sympy's cache and the
backends' caches cleared).  Figures are single runs, wall clock and the
process's CPU time: this machine is shared, so compare the ratio within a
row, not rows across runs.  A warm-up run on R = 6 takes the one-time costs
(numpy import, the primes; about 0.2 s).

Run from the repository root::

    python -m benchmarks.modular              # R = 5..10
    python -m benchmarks.modular 5 6 7 8 12   # chosen R
"""

from __future__ import annotations

import argparse
import gc
import sys
import time

import sympy as sp

import symcm as sc
from symcm.causal import stationary

from .common import cpu_model, usable_cpus
from .families import order_r as order_r_chain


def _cold() -> None:
    from symcm.algebra.backends import _backend

    sp.core.cache.clear_cache()
    _backend.cache_clear()
    gc.collect()


def _timed(m, modular: bool):
    stationary.USE_MODULAR = modular
    try:
        _cold()
        start, cpu = time.perf_counter(), time.process_time()
        pi = sc.stationary_distribution(m, backend="flint")
        return time.perf_counter() - start, time.process_time() - cpu, pi
    finally:
        stationary.USE_MODULAR = True


def _check_at_point(m, pi) -> None:
    p, q = m.parameters
    at = {p: sp.Rational(2, 7), q: sp.Rational(3, 5)}
    vals = {s: sp.Rational(pi[s].subs(at)) for s in m.states}
    assert sum(vals.values()) == 1
    T = m.transition_matrix.subs(at)
    for j, t in enumerate(m.states):
        assert sum(vals[s] * T[i, j] for i, s in enumerate(m.states)) == vals[t]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("orders", nargs="*", type=int, default=[5, 6, 7, 8, 9, 10])
    ap.add_argument("--bareiss-max", type=int, default=7)
    args = ap.parse_args(argv)
    print(f"CPU: {cpu_model()} ({usable_cpus()} usable); single cold runs, shared machine\n")
    print("| R | states | modular (s) | modular CPU (s) | Bareiss (s) | Bareiss / modular | terms of pi_0's numerator |")
    print("|---|---|---|---|---|---|---|")
    _timed(order_r_chain(6), True)  # one-time costs (numpy import, the primes) out of the table
    for R in args.orders:
        m = order_r_chain(R)
        t_mod, cpu_mod, pi = _timed(m, True)
        if R <= args.bareiss_max:
            t_bar, _, pi_bar = _timed(m, False)
            if pi != pi_bar:
                raise SystemExit(f"R={R}: modular and Bareiss answers differ")
            bar, ratio = f"{t_bar:.3f}", f"{t_bar / t_mod:.1f}"
        else:
            _check_at_point(m, pi)
            bar, ratio = "-", "-"
        terms = len(sp.Add.make_args(sp.fraction(pi[m.states[0]])[0].expand()))
        print(f"| {R} | {1 << R} | {t_mod:.3f} | {cpu_mod:.3f} | {bar} | {ratio} | {terms} |", flush=True)
        print(f"R={R} done", file=sys.stderr)


if __name__ == "__main__":
    main()
