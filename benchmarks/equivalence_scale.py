"""Benchmark: ``same_process`` at scale, the new exact routes against the word route, in one process.

Issue 12, deliverable 2.  The word route compares every word of length
``n1 + n2 - 1`` (its differences' zero set by Groebner bases); the new routes
are the epsilon-machine isomorphism (region by region, one polynomial system
per candidate bijection) and, for models without parameters, Tzeng's basis
of the difference automaton (:mod:`symcm.causal.equivalence`).  Where both
run, the new route and the word route alternate (one cold run each, caches
cleared) and their answers are checked to mean the same (evaluated at grid
points, on every component and on every region where a machine changes);
where the word route is refused (the order-``R`` chain, ``R = 6, 7, 8``) the
new route alone is timed and its answer checked against the derived truth:
the chain and a state-split copy are the same process; the chain with ``p``
and ``q`` exchanged, or the order-``(R - 1)`` chain, only where ``p = q``
(both the biased coin; elsewhere the machines have different sizes or no
isomorphism).  Run from the repository root::

    python -m benchmarks.equivalence_scale          # add --quick for R = 6 only
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import sympy as sp
from sympy.core.cache import clear_cache

import symcm as sc
from symcm.causal import equivalence as eq

from .common import cpu_model, usable_cpus
from .families import order_r

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.test_equivalence import duplicate_state  # noqa: E402
from tests.test_equivalence_scale import (ON_DIAGONAL, assert_same_meaning, lifted, machines,  # noqa: E402
                                          swapped, words)

P = sc.processes
p, q = sc.symbols("p q")
POINT = {p: sp.Rational(1, 3), q: sp.Rational(3, 4)}


def cold() -> None:
    sc.clear_caches()
    clear_cache()


def timed(fn):
    cold()
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def new_route(m1, m2):
    """The route same_process takes past the word threshold: Tzeng for numeric non-unifilar pairs, else machines."""
    if not m1.parameters and not m2.parameters and not (sc.is_unifilar(m1) and sc.is_unifilar(m2)):
        return "Tzeng", eq._by_tzeng(m1, m2)
    return "machines", machines(m1, m2)


def both_run():
    """Pairs the word route still answers (up to 65,536 words)."""
    n3 = order_r(3).subs(POINT)
    return [
        ("binary_markov(p, q) vs binary_markov(q, p)", P.binary_markov(p, q), P.binary_markov(q, p)),
        ("abc(p, q) vs nemo(p, q)", P.abc(p, q), P.nemo(p, q)),
        ("order-2 vs order-1 chain", order_r(2), order_r(1)),
        ("order-2 chain vs p, q swapped", order_r(2), swapped(order_r(2))),
        ("order-2 chain vs its order-3 presentation (2,048 words)", order_r(2), lifted(order_r(2), 2)),
        ("order-2 chain vs a duplicated state (non-unifilar)", order_r(2), duplicate_state(order_r(2), 0)),
        ("numeric order-3 vs a duplicated state (65,536 words)", n3, duplicate_state(n3, 0)),
        ("numeric order-3 vs order-3 at another point", n3, order_r(3).subs({p: sp.Rational(1, 3),
                                                                              q: sp.Rational(3, 5)})),
        ("rrxor vs a duplicated state (1,024 words)", P.rrxor(), duplicate_state(P.rrxor(), P.rrxor().states[0])),
    ]


def refused(rs):
    """Pairs the word route refuses, with their derived answers."""
    out = []
    for R in rs:
        m = order_r(R)
        num = m.subs(POINT)
        out += [
            (f"order-{R} vs its order-{R + 1} presentation", m, lifted(m, R), True),
            (f"order-{R} vs p, q swapped", m, swapped(m), ON_DIAGONAL),
            (f"order-{R} vs order-{R - 1}", m, order_r(R - 1), ON_DIAGONAL),
            (f"order-{R} vs a duplicated state (mixed states)", m, duplicate_state(m, 0), True),
            (f"numeric order-{R} vs a duplicated state", num, duplicate_state(num, 0), True),
        ]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="R = 6 only")
    args = ap.parse_args(argv)
    print(f"machine: {cpu_model()}, {usable_cpus()} usable cpus, Python {platform.python_version()}, "
          f"backend {sc.algebra.backends.backend_name(None)}")
    print("\n| pair | route | new (s) | words (s) | words / new | same meaning |")
    print("|---|---|---:|---:|---:|---|")
    for label, m1, m2 in both_run():
        t_new, (route, a) = timed(lambda: new_route(m1, m2))
        t_old, b = timed(lambda: words(m1, m2))
        assert_same_meaning(m1, m2, a, b)
        print(f"| {label} | {route} | {t_new:.3f} | {t_old:.3f} | {t_old / t_new:.2g}x | True |", flush=True)
    print("\n| pair (word route refused) | route | new (s) | answer as derived |")
    print("|---|---|---:|---|")
    for label, m1, m2, truth in refused([6] if args.quick else [6, 7, 8]):
        t_new, (route, a) = timed(lambda: new_route(m1, m2))
        t_all, b = timed(lambda: sc.same_process(m1, m2))
        assert a == truth and b == truth, (label, a, b)
        shown = "True" if truth is True else "Eq(p, q)"
        print(f"| {label} | {route} | {t_new:.2f} | {shown} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
