"""Causal states at scale (issue 12): C_mu, h_mu and E of large machines, new against old in one process.

Families:

* the **order-R binary Markov chain** (``2^R`` states, the last ``R``
  symbols; emit ``1`` with probability ``p`` when the state holds an even
  number of 1s, else ``q``; two parameters), ``R = 3..8``.  Its
  epsilon-machine has ``2^R`` states off the line ``p = q`` and one (an IID
  coin) on it, so every measure is a ``Piecewise``;
* the numeric **period-n** process ``sc.processes.period(n)``.

"machine" is ``sc.epsilon_machine`` alone (the causal states and their case
splits, no stationary distribution); ``C_mu`` and ``E`` add the stationary
distributions and entropies of the machines.

"new" is the working tree (partition refinement keyed by canonical ring
elements, merge systems by a fixed point on the graph of block pairs, each
distinct system solved once: :mod:`symcm.causal.refinement`); "old" is the
pre-issue-12 code kept as the test oracle (``tests/oracles.py``,
``legacy_causal_states``), run in the same process with cold caches.  Where
both run, their answers must be identical (``==``) before a time is
reported; the old path is skipped past ``--old-max-r`` / ``--old-max-n``
(it takes 37 s at R = 6 and 107 s at n = 500).  ``h_mu`` of a unifilar
model does not build causal states (it is ``sum_s pi_s H[X | s]`` on the
model's own strata), so old and new share its code; it is listed for the
target of issue 12.  Each row also reports the time of the stationary
solves inside (``symcm.causal.stationary._class_weights``), which other work on issue 12 accelerates.

A second table times ``E`` two ways on the same cold caches: the
finite-Markov-order route ``E = H(R) - R h_mu`` [Crutchfield & Feldman,
Chaos 13, 25 (2003)] that ``sc.excess_entropy`` takes for the order-``R``
chain, against the route it took before, ``E = C_mu - sum_eta pi(eta)
H[eta]`` over the ``2^(R+1) - 1`` reverse mixed states (kept as the oracle
of ``tests/test_excess_markov.py``).  The forms differ, so the values are
compared at one rational point to 50 digits before a time is reported; the
reverse route is skipped past ``--e-old-max-r``.

Run from the repository root::

    python -m benchmarks.causal_scale                   # R = 3..8, n = 50..500
    python -m benchmarks.causal_scale --r 3 6 --n 50 200 --cap 120
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

import sympy as sp

import symcm as sc
import symcm.causal.stationary as _stationary
from symcm.models.hmm import HMM

from . import common
from .stationary import clear_caches

sys.path.insert(0, ".")
from tests.oracles import legacy_causal_states  # noqa: E402  (the pre-issue-12 causal states)

__all__ = ["order_markov", "main"]

MEASURES = {"machine": sc.epsilon_machine, "C_mu": sc.statistical_complexity, "h_mu": sc.entropy_rate,
            # the reverse mixed states of order-R number 2^(R+1) - 1: past the default cap from R = 7
            "E": lambda m: sc.excess_entropy(m, max_states=4 * len(m.states))}


def order_markov(R: int, p=None, q=None) -> HMM:
    """The order-``R`` binary Markov chain: state = last ``R`` symbols, ``Pr(1) = p`` if it holds an even number of 1s, else ``q``.

    Examples
    --------
    >>> m = order_markov(2)
    >>> m.states, len(m.edges), m.parameters
    (('s00', 's01', 's10', 's11'), 8, (p, q))
    """
    if p is None or q is None:
        p, q = sc.symbols("p q")
    edges = []
    for s in range(2 ** R):
        bits = format(s, f"0{R}b") if R else ""
        one = p if bits.count("1") % 2 == 0 else q
        for x, pr in (("0", 1 - one), ("1", one)):
            edges.append(("s" + bits, "s" + (bits + x)[1:], x, pr))
    domain = {v: (0, 1) for v in (p, q) if isinstance(v, sp.Symbol)}
    return HMM.from_edges(edges, domain=domain, name=f"order_markov({R})")


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - timing guard
    raise _Timeout


class _SolveClock:
    """Adds up the time spent in ``symcm.causal.stationary._class_weights`` (every stationary solve) while active."""

    def __init__(self):
        self.seconds = 0.0
        self._original = getattr(_stationary, "_class_weights", None)

    def __enter__(self):
        original = self._original
        if original is None:  # the stationary module changed: no split of the time
            self.seconds = None
            return self

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        _stationary._class_weights = timed
        return self

    def __exit__(self, *exc):
        if self._original is not None:
            _stationary._class_weights = self._original


def timed(fn, m, cap: float):
    """``(seconds, stationary seconds, result)`` of one cold run, ``(None, None, None)`` past ``cap`` seconds."""
    clear_caches()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    try:
        with _SolveClock() as clock:
            start = time.perf_counter()
            result = fn(m)
            return time.perf_counter() - start, clock.seconds, result
    except _Timeout:
        return None, None, None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _fmt(t) -> str:
    return "> cap" if t is None else f"{t:.3f}"


def row(label: str, measure: str, m, cap: float, run_old: bool) -> str:
    new_t, new_solve, new = timed(MEASURES[measure], m, cap)
    old_t, ratio = None, ""
    if run_old:
        with legacy_causal_states():
            old_t, _, old = timed(MEASURES[measure], m, cap)
        if old_t is not None and new_t is not None:
            if new != old:
                raise AssertionError(f"{measure} of {label}: new and old answers differ")
            ratio = f"{old_t / new_t:.1f}x"
    old_text = _fmt(old_t) if run_old else "not run"
    return f"| {label} | {measure} | {_fmt(new_t)} | {_fmt(new_solve)} | {old_text} | {ratio} |"


def excess_by_reverse_mixed_states(m):
    """``E`` by the reverse mixed states only (the route before the Markov-order one), case by case."""
    from symcm.causal.complexity import _excess
    from symcm.causal.ergodic import measure_of

    cap = 4 * len(m.states)
    return measure_of(sc.epsilon_machine(m, max_states=cap), lambda mach: _excess(mach, cap, markov=False),
                      "excess entropy")


def e_row(R: int, cap: float, run_old: bool) -> str:
    """One row of the E table: the Markov-order route against the reverse mixed states (values checked to 50 digits)."""
    m = order_markov(R)
    new_t, _, new = timed(MEASURES["E"], m, cap)
    old_t, ratio = None, ""
    if run_old:
        old_t, _, old = timed(excess_by_reverse_mixed_states, m, cap)
        if old_t is not None and new_t is not None:
            p, q = sc.symbols("p q")
            point = {p: sp.Rational(2, 7), q: sp.Rational(5, 9)}
            if abs(sp.sympify(new).subs(point).evalf(50) - sp.sympify(old).subs(point).evalf(50)) > sp.Float(10) ** -45:
                raise AssertionError(f"E of order-{R}: the two routes differ")
            ratio = f"{old_t / new_t:.1f}x"
    old_text = _fmt(old_t) if run_old else "not run"
    return f"| order-{R} ({2 ** R} states) | {_fmt(new_t)} | {old_text} | {ratio} |"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.causal_scale")
    parser.add_argument("--r", nargs=2, type=int, default=(3, 8), metavar=("FIRST", "LAST"))
    parser.add_argument("--n", nargs="+", type=int, default=(50, 100, 200, 500), help="period lengths")
    parser.add_argument("--measures", nargs="+", default=list(MEASURES), choices=list(MEASURES))
    parser.add_argument("--old-max-r", type=int, default=5, help="largest R for the old path")
    parser.add_argument("--old-max-n", type=int, default=200, help="largest period for the old path")
    parser.add_argument("--cap", type=float, default=300.0, help="seconds per run before giving up")
    parser.add_argument("--e-old-max-r", type=int, default=8, help="largest R for E by the reverse mixed states")
    args = parser.parse_args(argv)
    print(f"# causal states at scale; {common.cpu_model()}, {common.usable_cpus()} CPUs; cold caches, one run each")
    print("| model | measure | new (s) | of which stationary solves (s) | old (s) | old / new |")
    print("|---|---|---|---|---|---|")
    for measure in args.measures:  # warm up: imports and first-call costs are not the paths' doing
        MEASURES[measure](order_markov(2))
    for R in range(args.r[0], args.r[1] + 1):
        m = order_markov(R)
        for measure in args.measures:
            print(row(f"order-{R} ({2 ** R} states)", measure, m, args.cap, R <= args.old_max_r), flush=True)
    for n in args.n:
        for measure in [x for x in args.measures if x in ("machine", "C_mu")]:
            print(row(f"period({n})", measure, sc.processes.period(n), args.cap, n <= args.old_max_n), flush=True)
    if "E" in args.measures:
        print()
        print("| model | E by Markov order (s) | E by reverse mixed states (s) | reverse / Markov |")
        print("|---|---|---|---|")
        for R in range(args.r[0], args.r[1] + 1):
            print(e_row(R, args.cap, R <= args.e_old_max_r), flush=True)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
