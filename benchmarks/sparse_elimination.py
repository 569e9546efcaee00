"""Sparse against dense fraction-free elimination (issue 12): ratios measured in one process.

``symcm.algebra.elimination._bareiss_solve`` touches only the rows that hold
the pivot column and keeps Markowitz costs in a heap;
``_bareiss_solve_dense`` is the previous implementation, kept as the
oracle, which rescales every row and recounts every column at every step.
For each model the benchmark builds the polynomial system exactly as
:func:`symcm.causal.stationary._class_weights` does (it records the call to
``solve_null_vector``), then times both solvers on that same system, best of
``--repeat`` runs, and checks that their null vectors agree up to sign
(``D`` is ``+-det``, so ``(y, D)`` may differ by a common sign only) before
any time is reported.  It also times ``sc.stationary_distribution`` end to
end with the sparse solver.

Families (seeded):

* ``ring``: the plain ring ``period(n)`` (a one-term answer);
* ``chord``: a directed ring where state ``i`` also has one edge to a random
  state ``j`` not in ``{i, i+1}``; the two probabilities are ``x`` and
  ``1 - x`` with ``x`` drawn from ``p, q, 1 - p, 1 - q, (p + q)/2``;
* ``sparse``: :func:`benchmarks.chains.random_sparse_chain` (``n``
  parameters, one per state).

Run from the repository root::

    python -m benchmarks.sparse_elimination                       # default sizes
    python -m benchmarks.sparse_elimination --family ring --n 250 500 1000 2000 4000
    python -m benchmarks.sparse_elimination --family chord --n 30 50 --backend sympy

Timings on a shared machine are noisy; the ratio new/old is measured in one
process on the same input.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

import symcm as sc
import symcm.causal.stationary as stationary
from symcm.algebra import elimination
from symcm.algebra.backends import get_backend

from .chains import DEFAULT_SEED, random_sparse_chain
from .common import cpu_model

__all__ = ["ring_chord_chain", "recorded_system", "main"]

p, q = sc.symbols("p q")
CHOICES = (p, q, 1 - p, 1 - q, (p + q) / 2)


def ring_chord_chain(n: int, seed: int = DEFAULT_SEED) -> sc.HMM:
    """The ring-plus-random-chord chain on ``n >= 3`` states with parameters ``p, q``.

    Examples
    --------
    >>> m = ring_chord_chain(5, seed=1)
    >>> len(m.states), len(m.edges), m.parameters
    (5, 10, (p, q))
    """
    rng = random.Random(seed)
    names = [f"s{i}" for i in range(n)]
    edges = []
    for i in range(n):
        j = rng.choice([k for k in range(n) if k not in (i, (i + 1) % n)])
        x = rng.choice(CHOICES)
        edges.append((names[i], names[(i + 1) % n], "0", x))
        edges.append((names[i], names[j], "1", 1 - x))
    return sc.HMM.from_edges(edges, states=names, alphabet=("0", "1"), name=f"ring+chord (n={n}, seed={seed})")


def recorded_system(m: sc.HMM, backend: str):
    """``(rows, ncols, ring)``: the reduced system ``_class_weights`` hands to the elimination for ``m``."""
    seen = []

    def record(matrix, n, ring, max_terms=elimination.MAX_TERMS):
        seen.append((matrix, n, ring))
        return [ring.one] * n  # a stand-in: only the system is wanted

    saved = stationary.solve_null_vector
    stationary.solve_null_vector = record
    try:
        stationary._class_weights(m, tuple(m.states), get_backend(m.parameters, backend))
    finally:
        stationary.solve_null_vector = saved
    matrix, n, ring = seen[0]
    return elimination._reduced_system(matrix, n), n - 1, ring


def timed(fn, repeat: int) -> tuple[float, object]:
    """``(best seconds, result)`` over ``repeat`` runs."""
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def model(family: str, n: int, seed: int) -> sc.HMM:
    if family == "ring":
        return sc.processes.period(n)
    if family == "chord":
        return ring_chord_chain(n, seed)
    return random_sparse_chain(n, seed)


def compare(family: str, n: int, backend: str, repeat: int, seed: int, dense_cap: int) -> dict:
    """Time sparse and dense elimination on one system; their answers must agree up to sign."""
    m = model(family, n, seed)
    rows, ncols, ring = recorded_system(m, backend)
    t_new, (y_new, d_new) = timed(lambda: elimination._bareiss_solve(rows, ncols, ring), repeat)
    t_old = None
    if n <= dense_cap:
        t_old, (y_old, d_old) = timed(lambda: elimination._bareiss_solve_dense(rows, ncols, ring), repeat)
        sign = 1 if d_new == d_old else -1
        assert d_new == sign * d_old and all(a == sign * b for a, b in zip(y_new, y_old)), (family, n)
    start = time.perf_counter()
    pi = sc.stationary_distribution(m, backend=backend)
    t_total = time.perf_counter() - start
    terms = max(ring.size(v) for v in y_new + [d_new])
    return dict(family=family, n=n, backend=backend, new=t_new, old=t_old, total=t_total, terms=terms,
                states=len(pi))


DEFAULTS = {"ring": [250, 500, 1000, 2000, 4000], "chord": [30, 50, 100], "sparse": [8, 12, 16]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sparse_elimination")
    parser.add_argument("--family", choices=sorted(DEFAULTS), nargs="*", default=sorted(DEFAULTS))
    parser.add_argument("--n", type=int, nargs="*", help="sizes (default per family)")
    parser.add_argument("--backend", choices=("flint", "sympy"), default="flint")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--dense-cap", type=int, default=4000, help="skip the dense oracle above this n")
    args = parser.parse_args(argv)
    print(f"CPU: {cpu_model()}; backend {args.backend}; best of {args.repeat}; seed {args.seed}")
    print("| family | n | sparse elimination | dense (old) | new/old | stationary_distribution | max terms |")
    print("|---|---|---|---|---|---|---|")
    for family in args.family:
        for n in args.n or DEFAULTS[family]:
            r = compare(family, n, args.backend, args.repeat, args.seed, args.dense_cap)
            old = "-" if r["old"] is None else f"{r['old']:.4f} s"
            ratio = "-" if r["old"] is None else f"{r['new'] / r['old']:.3f}"
            print(f"| {family} | {n} | {r['new']:.4f} s | {old} | {ratio} | {r['total']:.3f} s | {r['terms']} |",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
