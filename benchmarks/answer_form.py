"""Time to the answer against time to write it (issue 12): the stationary distribution in ring form, then as sympy.

``sc.stationary_distribution`` returns a :class:`symcm.algebra.lazy.LazyFractions`:
every entry is computed (and certified) over ``ZZ[params]``, but written as a
sympy expression only when read.  For each model this script times, in one
process with cold caches,

* **solve**: ``sc.stationary_distribution(m)``, the whole distribution in ring form;
* **one entry**: reading ``pi[s]`` for one state;
* **all entries**: ``pi.materialize()``, every entry as a cancelled sympy expression,

checks the answer exactly at a random rational point (``pi.at(x)`` satisfies
``pi T = pi`` and sums to 1) and that the written entries equal the ring form
there, and reports "all entries / solve", the ratio the lazy mapping saves
when a user reads only part of a large answer.

Run from the repository root::

    python -m benchmarks.answer_form              # ring+chord n = 50, 100 (2 parameters), order-8, random sparse (8 parameters)
    python -m benchmarks.answer_form --quick      # small models, seconds
"""

from __future__ import annotations

import argparse
import random
import time

import sympy as sp

import symcm as sc

from . import common
from .families import order_r, random_sparse, ring_chord

__all__ = ["measure", "main"]


def _models(quick: bool) -> list[tuple[str, sc.HMM]]:
    if quick:
        return [("ring+chord n=20, k=2", ring_chord(20, 2)), ("order-5", order_r(5))]
    return [("ring+chord n=50, k=2", ring_chord(50, 2)), ("ring+chord n=100, k=2", ring_chord(100, 2)),
            ("order-8", order_r(8)), ("random sparse n=16, k=8", random_sparse(16, 8))]


def measure(m: sc.HMM, seed: int = 0) -> dict:
    """Seconds to solve, to read one entry and to write all entries, after the exact checks.

    >>> r = measure(order_r(3))
    >>> sorted(r) == ["all", "one", "solve", "terms"] and r["terms"] > 0
    True
    """
    rng = random.Random(seed)
    point = {s: sp.Rational(rng.randint(1, 9), 10) for s in m.parameters}
    sc.clear_caches()
    t0 = time.perf_counter()
    pi = sc.stationary_distribution(m)
    t1 = time.perf_counter()
    at = pi.at(point)
    flow = {s: sp.Integer(0) for s in m.states}
    for e in m.edges:
        flow[e.target] += at[e.source] * sp.sympify(e.probability).xreplace(point)
    if sum(at.values()) != 1 or any(flow[s] != at[s] for s in m.states):
        raise SystemExit(f"the stationary distribution fails its exact check at {point}")
    first = m.states[0]
    t2 = time.perf_counter()
    value = pi[first]
    t3 = time.perf_counter()
    pi.materialize()
    t4 = time.perf_counter()
    for s in m.states[:: max(1, len(m.states) // 8)]:
        if sp.sympify(pi[s]).xreplace(point) != at[s]:
            raise SystemExit(f"entry {s!r} written as an expression differs from its ring form at {point}")
    num, den = sp.fraction(value)
    terms = len(sp.Add.make_args(sp.expand(num))) + len(sp.Add.make_args(sp.expand(den)))
    return {"solve": t1 - t0, "one": t3 - t2, "all": (t3 - t2) + (t4 - t3), "terms": terms}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small models only")
    args = parser.parse_args(argv)
    print(f"# {common.cpu_model()}, {common.usable_cpus()} usable CPUs; one cold run per model")
    print("| model | states | terms of pi_0 | solve (ring form) | one entry | all entries | all / solve |")
    print("|---|---|---|---|---|---|---|")
    for name, m in _models(args.quick):
        r = measure(m)
        print(f"| {name} | {len(m.states)} | {r['terms']} | {r['solve']:.3g} s | {r['one']:.3g} s "
              f"| {r['all']:.3g} s | {r['all'] / r['solve']:.2g} |", flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
