"""Benchmark: the issue-6 fast paths of the exact core against their slow routes, in one process.

* mixed-state construction: beliefs as primitive polynomial vectors over
  ``ZZ[params]`` (python-flint, and the pure-sympy ring) against the sympy
  route kept as the test oracle (``tests.oracles.mixed_states_sympy``:
  beliefs as sympy expressions, ``cancel(together(...))`` at every step);
* model validation: multilinear probabilities certified at the vertices of
  the box against the general route (factorisation and root isolation),
  for the random sparse chains of :mod:`benchmarks.chains`.

Every timed answer is checked: the fast mixed states have the oracle's
beliefs (as rational functions) without its duplicates; both validation
routes build equal models.  Best of ``--repeat`` cold runs (all caches
cleared).  Run from the repository root::

    python -m benchmarks.core_paths --repeat 5
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from unittest import mock

import sympy as sp
from sympy.core.cache import clear_cache

import symcm as sc
import symcm.models.hmm
from symcm.causal.states import _mixed_states

from . import common
from .chains import random_sparse_chain

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.oracles import mixed_states_sympy  # noqa: E402


def _cold():
    sc.clear_caches()
    clear_cache()


def best(fn, repeat):
    """Best time of ``repeat`` runs, symcm's and sympy's caches cleared before each."""
    return common.best_of(fn, repeat, _cold)


def _same_beliefs(fast, slow):
    same = lambda a, b: all(sp.cancel(x - y) == 0 for x, y in zip(a, b))  # noqa: E731
    return all(any(same(a, b) for a in fast) for b in slow)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    p, q = sc.symbols("p q")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}, "
          f"sympy {sp.__version__}, load {os.getloadavg()[0]:.2f}; best of {args.repeat}, caches cleared\n")
    print("| mixed states of | states (oracle) | flint (ms) | pure sympy ring (ms) | sympy oracle (ms) | speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    models = {"lohr_generator(p)": sc.processes.lohr_generator(p), "nemo(p, q)": sc.processes.nemo(p, q),
              "rip(p, q)": sc.processes.rip(p, q), "rrxor()": sc.processes.rrxor()}
    for label, m in list(models.items()) + [(f"reverse of {k}", sc.reverse(v)) for k, v in models.items()]:
        t_fast, fast = best(lambda: _mixed_states(m, 200, "flint"), args.repeat)
        t_ring, ring = best(lambda: _mixed_states(m, 200, "sympy"), args.repeat)
        t_slow, slow = best(lambda: mixed_states_sympy(m), args.repeat)
        assert fast == ring and _same_beliefs(fast[0], slow[0]), label
        print(f"| {label} | {len(fast[0])} ({len(slow[0])}) | {t_fast * 1e3:.1f} | {t_ring * 1e3:.1f} | "
              f"{t_slow * 1e3:.1f} | {t_slow / t_fast:.1f}x |")
    print("\n| random sparse chain | edges | build, vertex test (ms) | build, general route (ms) | speed-up |")
    print("|---:|---:|---:|---:|---:|")
    for n in (8, 12, 16):
        chain = random_sparse_chain(n, 0)
        edges = [(e.source, e.target, e.symbol, e.probability) for e in chain.edges]
        t_fast, a = best(lambda: sc.HMM.from_edges(edges), args.repeat)
        with mock.patch.object(symcm.models.hmm, "_positive_multilinear", lambda pn, box: False):
            t_slow, b = best(lambda: sc.HMM.from_edges(edges), args.repeat)
        assert a == b
        print(f"| n = {n} | {len(edges)} | {t_fast * 1e3:.1f} | {t_slow * 1e3:.1f} | {t_slow / t_fast:.1f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
