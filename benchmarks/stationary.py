"""Benchmark: exact stationary distributions of random sparse chains (issue #2).

For each ``n`` the random sparse chain of :mod:`benchmarks.chains` is built
and its stationary distribution computed, as sympy expressions, by

* ``flint``  - ``sc.stationary_distribution(m, backend="flint")``;
* ``sympy``  - ``sc.stationary_distribution(m, backend="sympy")``;
* ``DomainMatrix`` - baseline: ``(I - T)^T`` as a sympy ``DomainMatrix`` over
  ``ZZ[p_0, ..]``, its fraction-free ``nullspace()``, each entry over the sum
  reduced by the ring gcd and converted with ``to_sympy``;
* ``naive`` - baseline: ``Matrix(T - I).T.nullspace()`` and ``simplify`` of
  every normalised entry, run under a time cap (``--cap``, default 60 s; a
  SIGALRM timer interrupts it) and skipped for larger ``n`` once it has
  exceeded the cap.

The HMM construction (exact validation of every edge probability) is timed
separately (``build``), and ``build + flint`` is timed end to end.

Every run starts cold: sympy's cache, symcm's ``lru_cache`` s (edge
canonicalisation, sign certificates, polynomial backends and their
conversion memo) are cleared and the garbage collector run before it.
Figures are the best of ``--repeat`` runs (default 3); a run longer than
``--long`` seconds (default 5) is not repeated.

Before a time is reported, every method's answer is checked against the
flint answer: ``sp.cancel(a - b) == 0`` at every state.  The flint answer
is also checked at a rational point of the domain: ``pi T = pi`` and
``sum(pi) = 1`` exactly.  A mismatch aborts the benchmark.

Run from the repository root::

    python -m benchmarks.stationary            # n = 4..16
    python -m benchmarks.stationary --quick    # n = 4..8, naive cap 10 s
    python -m benchmarks.stationary --profile 12 16   # cProfile of build / flint / sympy

The markdown table goes to stdout (machine description first); progress to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import os
import platform
import pstats
import random
import signal
import sys
import time

import sympy as sp
from sympy.polys.matrices import DomainMatrix

import symcm as sc

from .common import cpu_model, usable_cpus
from .chains import DEFAULT_SEED, random_sparse_chain

__all__ = ["domainmatrix_stationary", "naive_stationary", "run", "main"]

METHODS = ("flint", "sympy", "DomainMatrix", "naive")


# --- the two baselines ---------------------------------------------------------

def domainmatrix_stationary(m: sc.HMM) -> dict:
    """Baseline: fraction-free nullspace of ``(I - T)^T`` as a ``DomainMatrix`` over ``ZZ[params]``.

    Written as a sympy user would: the transition matrix (polynomial entries
    for the random sparse chains) is converted to a ``DomainMatrix`` over
    the polynomial ring, ``nullspace()`` runs fraction-free over that ring,
    and each ``v_i / sum(v)`` is reduced by the ring gcd before ``to_sympy``.
    """
    n = len(m.states)
    ring = sp.ZZ[m.parameters] if m.parameters else sp.ZZ
    a = DomainMatrix.from_Matrix((sp.eye(n) - m.transition_matrix).T).convert_to(ring)
    (v,) = a.nullspace().to_list()
    total = sum(v, ring.zero)
    out = {}
    for s, x in zip(m.states, v):
        g = ring.gcd(x, total)
        out[s] = ring.to_sympy(ring.exquo(x, g)) / ring.to_sympy(ring.exquo(total, g))
    return out


def naive_stationary(m: sc.HMM) -> dict:
    """Baseline: ``Matrix(T - I).T.nullspace()`` and ``simplify`` of each normalised entry."""
    n = len(m.states)
    t = sp.Matrix(m.transition_matrix)
    (v,) = (t - sp.eye(n)).T.nullspace()
    total = sum(v)
    return {s: sp.simplify(x / total) for s, x in zip(m.states, v)}


# --- timing ----------------------------------------------------------------------

class _Timeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise _Timeout


def clear_caches() -> None:
    """Forget everything memoised: sympy's cache, ``sc.clear_caches()`` and every ``lru_cache`` in symcm's modules.

    Clearing ``symcm.algebra.backends``' backend cache also drops the backends' conversion memos.
    """
    sp.core.cache.clear_cache()
    if hasattr(sc, "clear_caches"):
        sc.clear_caches()
    for name, module in list(sys.modules.items()):
        if name == "symcm" or name.startswith("symcm."):
            for obj in list(vars(module).values()):
                clear = getattr(obj, "cache_clear", None)
                if callable(clear):
                    clear()
    gc.collect()


def best_of(fn, repeat: int, long: float, cap: float | None = None):
    """``(best seconds, runs, result)`` of ``fn()`` over cold runs; ``(None, 0, None)`` past ``cap``."""
    best, result, runs = None, None, 0
    for _ in range(repeat):
        clear_caches()
        if cap is not None:
            signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, cap)
        try:
            start = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - start
        except _Timeout:
            return None, runs, None
        finally:
            if cap is not None:
                signal.setitimer(signal.ITIMER_REAL, 0)
        runs += 1
        best = elapsed if best is None else min(best, elapsed)
        if elapsed > long:
            break
    return best, runs, result


# --- checks --------------------------------------------------------------------------

def check_same(reference: dict, other: dict, what: str) -> None:
    """Raise unless ``other`` equals ``reference`` as rational functions at every state."""
    for s, a in reference.items():
        if sp.cancel(a - other[s]) != 0:
            raise AssertionError(f"{what}: pi[{s}] = {other[s]} differs from the flint answer {a}")


def check_stationary(m: sc.HMM, pi: dict, seed: int) -> None:
    """Raise unless ``pi T = pi`` and ``sum(pi) = 1`` exactly at a rational point of the domain."""
    rng = random.Random(seed)
    point = {s: lo + (hi - lo) * sp.Rational(rng.randint(1, 99), 100) for s, (lo, hi) in m.domain.items()}
    at = {s: sp.Rational(v.xreplace(point)) for s, v in pi.items()}
    if sum(at.values()) != 1:
        raise AssertionError(f"sum(pi) = {sum(at.values())} at {point}")
    flow = {s: sp.Integer(0) for s in m.states}
    for e in m.edges:
        flow[e.target] += at[e.source] * e.probability.xreplace(point)
    if flow != at:
        raise AssertionError(f"pi T != pi at {point}")


# --- the benchmark ---------------------------------------------------------------------

def run(ns, *, repeat: int, cap: float, long: float, seed: int, log=sys.stderr) -> list[dict]:
    """Time and check every method for every ``n``; one dict of results per ``n``."""
    rows = []
    naive_over_cap = False
    for n in ns:
        row = {"n": n}
        row["build"], row["build_runs"], m = best_of(lambda: random_sparse_chain(n, seed), repeat, long)
        row["e2e"], row["e2e_runs"], _ = best_of(
            lambda: sc.stationary_distribution(random_sparse_chain(n, seed), backend="flint"), repeat, long)
        results = {}
        for method in METHODS:
            if method == "flint":
                fn = lambda: sc.stationary_distribution(m, backend="flint")  # noqa: E731
            elif method == "sympy":
                fn = lambda: sc.stationary_distribution(m, backend="sympy")  # noqa: E731
            elif method == "DomainMatrix":
                fn = lambda: domainmatrix_stationary(m)  # noqa: E731
            else:
                if naive_over_cap:
                    row[method], row[method + "_runs"] = None, 0
                    continue
                fn = lambda: naive_stationary(m)  # noqa: E731
            capped = cap if method in ("DomainMatrix", "naive") else None
            t, runs, res = best_of(fn, repeat, long, capped)
            row[method], row[method + "_runs"] = t, runs
            if t is None and method == "naive":
                naive_over_cap = True
            if res is not None:
                results[method] = res
            print(f"n={n:2d} {method:>12}: " + (f"{t:.4f} s ({runs} runs)" if t is not None else f"> {cap:g} s"),
                  file=log, flush=True)
        check_stationary(m, results["flint"], seed)
        for method, res in results.items():
            if method != "flint":
                check_same(results["flint"], res, f"n={n} {method}")
        if results["sympy"] != results["flint"]:
            raise AssertionError(f"n={n}: the sympy and flint backends return different expressions")
        row["checked"] = ", ".join(results)
        rows.append(row)
    return rows


def _fmt_time(t, runs=None, long=None) -> str:
    if t is None:
        return "-"
    text = f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"
    return text + (" †" if runs == 1 and long is not None and t > long else "")


def _fmt_ratio(num, den) -> str:
    if num is None or den is None:
        return "-"
    return f"{num / den:.0f}x" if num / den >= 10 else f"{num / den:.1f}x"


def table(rows: list[dict], *, cap: float, long: float) -> str:
    """The markdown table of :func:`run`'s results."""
    head = ("| n | build (validation) | flint | sympy | DomainMatrix | naive | build + flint "
            "| DomainMatrix / flint | DomainMatrix / sympy | naive / flint | sympy / flint |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        naive = _fmt_time(r["naive"], r["naive_runs"], long) if r["naive"] is not None else f"> {cap:g} s"
        dm = _fmt_time(r["DomainMatrix"], r["DomainMatrix_runs"], long) if r["DomainMatrix"] is not None \
            else f"> {cap:g} s"
        lines.append(
            f"| {r['n']} | {_fmt_time(r['build'])} | {_fmt_time(r['flint'])} | {_fmt_time(r['sympy'])} "
            f"| {dm} | {naive} | {_fmt_time(r['e2e'])} "
            f"| {_fmt_ratio(r['DomainMatrix'], r['flint'])} | {_fmt_ratio(r['DomainMatrix'], r['sympy'])} "
            f"| {_fmt_ratio(r['naive'], r['flint'])} | {_fmt_ratio(r['sympy'], r['flint'])} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """A description of the machine and library versions."""
    cpu = cpu_model()
    try:
        import flint

        flint_version = flint.__version__
    except ImportError:  # pragma: no cover
        flint_version = "not installed"
    from sympy.external.gmpy import GROUND_TYPES

    usable = usable_cpus()
    return (f"- CPU: {cpu}; nproc: {usable}\n"
            f"- Python {platform.python_version()}, sympy {sp.__version__} (ground types: {GROUND_TYPES}), "
            f"python-flint {flint_version}")


def profile(ns, seed: int, top: int = 15) -> None:
    """Print cProfile's top entries (cumulative) for build, flint and sympy at each ``n``."""
    for n in ns:
        m = random_sparse_chain(n, seed)
        for what, stmt in (("build", lambda: random_sparse_chain(n, seed)),
                           ("flint", lambda: sc.stationary_distribution(m, backend="flint")),
                           ("sympy", lambda: sc.stationary_distribution(m, backend="sympy"))):
            clear_caches()
            prof = cProfile.Profile()
            prof.runcall(stmt)
            out = io.StringIO()
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
            print(f"### n = {n}: {what}\n\n```\n{out.getvalue().strip()}\n```\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.stationary", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="n = 4..8 and a 10 s cap")
    parser.add_argument("--n", nargs=2, type=int, metavar=("FIRST", "LAST"), help="range of n (default 4 16)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, best kept (default 3)")
    parser.add_argument("--cap", type=float, default=None, help="time cap of a baseline run in s (default 60)")
    parser.add_argument("--long", type=float, default=5.0, help="runs longer than this are not repeated (s)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"chain seed (default {DEFAULT_SEED})")
    parser.add_argument("--profile", nargs="*", type=int, metavar="N", help="print cProfile tables at these n")
    args = parser.parse_args(argv)
    if args.profile is not None:
        profile(args.profile or [12, 16], args.seed)
        return 0
    first, last = args.n or ((4, 8) if args.quick else (4, 16))
    cap = args.cap if args.cap is not None else (10.0 if args.quick else 60.0)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rows = run(range(first, last + 1), repeat=args.repeat, cap=cap, long=args.long, seed=args.seed)
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(machine())
    print(f"- 1-minute load average {load_before:.2f} before and {load_after:.2f} after the run "
          "(other work on the machine inflates the figures)")
    print(f"- chain seed {args.seed}; best of {args.repeat} cold runs († = a single run, longer than "
          f"{args.long:g} s); baselines capped at {cap:g} s; every answer checked against flint\n")
    print(table(rows, cap=cap, long=args.long))
    return 0


if __name__ == "__main__":
    sys.exit(main())
