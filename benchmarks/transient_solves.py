"""Benchmark: the transient measures on the ring engine against the old rational-function route, in one process.

Issue 12, deliverable 2.  ``symcm.causal.transients`` solved ``x (I - Q) = b``
and ``(I - xQ)`` with sympy's ``DomainMatrix.lu_solve`` over the field of
rational functions and summed every ``<x|g>`` with ``sympy.cancel``; it now
solves over ``ZZ[params]`` (``ZZ[params, x]``) with
:func:`symcm.algebra.elimination.solve_linear`, keeps vectors as ring pairs
and writes each coefficient once.  The old route is ``tests.oracles.transient_measure``.

Measured per machine (machines of infinite synchronisation order with many
transient mixed states, numeric and symbolic): ``T``, ``S``, ``H(L)`` with a
symbolic ``L`` and ``E`` by the forward mixed states (the route
``excess_entropy`` takes when the reverse mixed states do not close).  One cold
run each (``sc.clear_caches()`` before every call), old and new alternating;
every pair is checked equal (identical expressions, else ``cancel(a - b) == 0``
on the rational coefficients).  Run from the repository root::

    python -m benchmarks.transient_solves          # --quick: the small machines only
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import sympy as sp

import symcm as sc
from symcm.causal.complexity import _excess_by_forward_mixed_states
from symcm.causal.ergodic import measure_of
from symcm.causal.states import epsilon_machine

from .common import cpu_model, usable_cpus

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.oracles import transient_measure  # noqa: E402

P = sc.processes
p, q, d = sp.symbols("p q delta")
L = sp.Symbol("L", integer=True, nonnegative=True)


def machines(quick: bool) -> list:
    """``(label, model)`` pairs: transient mixed states that cycle (order oo)."""
    out = [("nemo(p, q)", P.nemo(p, q)), ("rip(p, q)", P.rip(p, q)), ("rrxor", P.rrxor()),
           ("multiples_of(5, p)", P.multiples_of(5, p)), ("rn1c(p, q)", P.rn1c(p, q))]
    if not quick:
        out += [("multiples_of(8, p)", P.multiples_of(8, p)), ("rrxro", P.rrxro()),
                ("four_state_almost_iid(delta)", P.four_state_almost_iid(d))]
    return out


def new(m, name):
    if name == "T":
        return sc.transient_information(m)
    if name == "S":
        return sc.synchronization_information(m)
    if name == "E":
        return measure_of(epsilon_machine(m), lambda mach: _excess_by_forward_mixed_states(mach, 200), "E")
    return sc.block_entropy(m, L)


def undummy(expr):
    """``expr`` with each ``Dummy`` (the bound variables of ``RootSum``) replaced by a Symbol of its name."""
    return expr.xreplace({a: sp.Symbol("_" + a.name) for a in expr.atoms(sp.Dummy)})


def equal(a, b) -> bool:
    """Equal after ``cancel`` of the difference of the rational coefficients (``H`` and ``RootSum`` kept as atoms)."""
    return sp.cancel(sp.expand(undummy(a) - undummy(b))) == 0


def timed(fn):
    sc.clear_caches()
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--measures", default="T,S,E,H")
    args = ap.parse_args(argv)
    print(f"# {cpu_model()}, {usable_cpus()} cpus, python {platform.python_version()}, "
          f"sympy {sp.__version__}, backend {sc.algebra.backends.backend_name()}")
    print("| machine | transient beliefs | measure | new (s) | old (s) | old / new | identical | equal |")
    print("|---|---:|---|---:|---:|---:|---|---|")
    from symcm.causal.transients import _transients

    for label, m in machines(args.quick):
        sizes = []
        measure_of(epsilon_machine(m), lambda mach: sizes.append(len(_transients(mach, 200).g)) or 0, "n")
        for name in args.measures.split(","):
            t_old, old = timed(lambda: transient_measure(m, name, L))
            t_new, got = timed(lambda: new(m, name))
            same = undummy(got) == undummy(old)
            print(f"| {label} | {'/'.join(map(str, sizes))} | {name} | {t_new:.2f} | {t_old:.2f} | "
                  f"{t_old / t_new:.1f}x | {same} | {same or equal(got, old)} |", flush=True)


if __name__ == "__main__":
    main()
