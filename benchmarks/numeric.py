"""Benchmark: numerics of exact results, ``sc.lambdify`` (issue #6, part 3).

The measures (exact results of symcm):

* ``C_mu``, ``E``, ``h_mu`` of ``binary_markov(p, q)`` - ``C_mu`` and ``E``
  are ``Piecewise`` with the IID line ``Eq(p + q, 1)``, ``h_mu`` is
  ``p H(q)/(p + q) + q H(p)/(p + q)``;
* ``H[pi]`` of Loehr's generator, ``H(2p, 1/2 - p, 1/2 - p)`` (a
  three-argument entropy, one parameter),

evaluated on 10**6 points: the 1000 x 1000 ``np.meshgrid`` of the cell centres
of the unit square (``p, q = (i + 1/2)/1000``) for the two-parameter measures,
the 10**6 cell centres of ``(0, 1/2)`` for ``H[pi]``.

The methods:

* ``symcm`` - ``sc.numeric.lambdify(expr)`` (numpy backend: common
  subexpressions eliminated, ``H`` as in-place ``numpy.log2`` code, blocks of
  65536 elements through a buffered ``nditer``);
* ``one pass`` - the same generated code called once on the whole arrays
  (no blocks), to show what the blocks buy;
* ``sympy + H printer`` - ``sympy.lambdify(params, expr, "numpy")``: sympy's
  numpy printer with the ``numpy.where``-guarded code of ``H._numpycode``
  (no common subexpressions);
* ``baseline`` - ``sympy.lambdify(params, expr.rewrite(sp.log), "numpy")``: the
  plain sympy route, ``H`` rewritten to logarithms (``nan`` where an entropy
  argument is exactly 0 or 1, which the open grid avoids; its values are
  checked against symcm's, and its ``nan`` counted on the closed domain, the
  1000 x 1000 ``linspace`` grid of ``[0, 1]^2`` or 10**6 points of ``[0, 1/2]``);
* ``math loop`` - the ``math`` backend called point by point in a Python loop
  over ``--loop`` points (default 10**4), extrapolated to 10**6;
* ``sp.N loop`` - ``sp.N(expr.subs({p: a, q: b}))`` in a Python loop over
  ``--loop`` points, extrapolated to 10**6;
* ``mpmath 50 digits`` - the ``mpmath`` backend at ``dps=50``, point by point
  from the exact rationals ``(2i + 1)/2000``, over ``--mp-loop`` points
  (default 2000), extrapolated to 10**6.

Grid figures are the best of ``--repeat`` runs (default 7); loops are timed
once.  Code generation (``lambdify`` itself, sympy's cache cleared) is timed separately.  Before a
time is reported the answers are checked: symcm against the ``math`` backend
and against ``sp.N`` at the loop points (relative 1e-12), the baseline and
the variants against symcm on the whole grid (1e-12), mpmath against ``sp.N``
at 60 digits (1e-45); a mismatch aborts the benchmark.

Run from the repository root::

    python -m benchmarks.numeric            # about three minutes, most of it in the sp.N loops
    python -m benchmarks.numeric --quick    # 10**3 loop points, 3 repeats

The markdown tables go to stdout (machine description first); progress to stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
import warnings

import mpmath
import numpy as np
import sympy as sp

import symcm as sc

from .common import cpu_model, usable_cpus
from symcm.numeric import lambdify

__all__ = ["measures", "run", "main"]

N_POINTS = 10**6


def measures() -> list[tuple[str, sp.Expr, tuple, tuple]]:
    """``(name, expression, params, (low, high) of each parameter)`` of the benchmarked measures."""
    p, q = sc.symbols("p q")
    m = sc.processes.binary_markov(p, q)
    g = sc.processes.lohr_generator(p)
    unit = (sp.Integer(0), sp.Integer(1))
    return [
        ("C_mu(p, q) binary_markov", sc.statistical_complexity(m), (p, q), (unit, unit)),
        ("E(p, q) binary_markov", sc.excess_entropy(m), (p, q), (unit, unit)),
        ("h_mu(p, q) binary_markov", sc.entropy_rate(m), (p, q), (unit, unit)),
        ("H[pi](p) lohr_generator", sc.state_entropy(g), (p,), ((sp.Integer(0), sp.Rational(1, 2)),)),
    ]


def _grid(ranges: tuple, closed: bool = False) -> tuple:
    """Float arrays of 10**6 cell centres (or ``linspace`` points including the ends, if ``closed``):
    a 1000 x 1000 meshgrid for two parameters, a line for one."""
    side = round(N_POINTS ** (1 / len(ranges)))
    if closed:
        axes = [np.linspace(float(a), float(b), side) for a, b in ranges]
    else:
        axes = [float(a) + float(b - a) * (np.arange(side) + 0.5) / side for a, b in ranges]
    return tuple(np.meshgrid(*axes)) if len(axes) > 1 else (axes[0],)


def _exact_points(ranges: tuple, count: int, seed: int) -> list[tuple]:
    """``count`` exact grid points ``(low + (high - low)(2i + 1)/2000, ...)`` spread over the domain."""
    rng = np.random.default_rng(seed)
    side = round(N_POINTS ** (1 / len(ranges)))
    out = []
    for _ in range(count):
        out.append(tuple(a + (b - a) * sp.Rational(2 * int(rng.integers(side)) + 1, 2 * side) for a, b in ranges))
    return out


def _best(fn, args, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def _quiet(fn):
    """``fn`` under ``numpy.errstate(all="ignore")``, as the baselines would be used on a grid."""
    def call(*args):
        with np.errstate(all="ignore"):
            return fn(*args)
    return call


def _check(name: str, got, expected, tol: float = 1e-12) -> None:
    got, expected = np.asarray(got, dtype=float), np.asarray(expected, dtype=float)
    bad = ~(np.abs(got - expected) <= tol * np.maximum(1.0, np.abs(expected)))
    if bad.any():
        i = np.flatnonzero(bad)[0]
        raise AssertionError(f"{name}: {bad.sum()} mismatches, e.g. {got.flat[i]!r} != {expected.flat[i]!r}")


def run(*, repeat: int, loop: int, mp_loop: int, seed: int, log=sys.stderr) -> list[dict]:
    """Time every method on every measure; returns one row (a dict of seconds) per measure."""
    lambdify(sc.H(sp.Symbol("x")))(np.zeros(3))  # one-off imports (numpy, printers) before any timing
    rows = []
    for name, expr, params, ranges in measures():
        row = {"name": name}
        grid = _grid(ranges)
        sp.core.cache.clear_cache()
        start = time.perf_counter()
        f = lambdify(expr, params)
        row["compile"] = time.perf_counter() - start
        row["symcm"], reference = _best(f, grid, repeat)
        assert reference.shape == grid[0].shape and np.isfinite(reference).all(), name

        row["one pass"], one = _best(_quiet(f._function), grid, repeat)
        _check(f"{name}: one pass", one, reference)
        printer = _quiet(sp.lambdify(params, expr, "numpy"))
        row["sympy + H printer"], values = _best(printer, grid, repeat)
        _check(f"{name}: sympy + H printer", values, reference)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the rewrite must work on the open grid without warnings
            baseline = sp.lambdify(params, expr.rewrite(sp.log), "numpy")
            row["baseline"], values = _best(baseline, grid, repeat)
        _check(f"{name}: baseline rewrite(log)", values, reference)
        closed = _grid(ranges, closed=True)
        row["closed nan"] = (int(np.isnan(_quiet(baseline)(*closed)).sum()), int(np.isnan(f(*closed)).sum()))
        print(f"{name}: compile {row['compile']:.3f} s, symcm {row['symcm'] * 1e3:.1f} ms, one pass "
              f"{row['one pass'] * 1e3:.1f} ms, sympy+H {row['sympy + H printer'] * 1e3:.1f} ms, "
              f"baseline {row['baseline'] * 1e3:.1f} ms", file=log, flush=True)

        points = _exact_points(ranges, loop, seed)
        floats = [tuple(float(v) for v in point) for point in points]
        columns = [np.array(column) for column in zip(*floats)]
        vectorised = f(*columns)
        g = lambdify(expr, params, backend="math")
        start = time.perf_counter()
        scalar = [g(*point) for point in floats]
        row["math loop"] = (time.perf_counter() - start) * N_POINTS / loop
        _check(f"{name}: math backend", scalar, vectorised)
        start = time.perf_counter()
        exact = [sp.N(expr.subs(dict(zip(params, point)))) for point in floats]
        row["sp.N loop"] = (time.perf_counter() - start) * N_POINTS / loop
        _check(f"{name}: sp.N", vectorised, [float(v) for v in exact])
        print(f"{name}: math loop {row['math loop']:.1f} s, sp.N loop {row['sp.N loop']:.0f} s (per 10^6 points)",
              file=log, flush=True)

        h = lambdify(expr, params, backend="mpmath", dps=50)
        exact_points = points[:mp_loop]
        start = time.perf_counter()
        high = [h(*point) for point in exact_points]
        row["mpmath 50 digits"] = (time.perf_counter() - start) * N_POINTS / len(exact_points)
        with mpmath.workdps(70):
            for point, value in zip(exact_points[:50], high):
                truth = mpmath.mpf(sp.N(expr.subs(dict(zip(params, point))), 60))
                if not abs(value - truth) <= mpmath.mpf(10) ** -45 * max(1, abs(truth)):
                    raise AssertionError(f"{name}: mpmath {value} != {truth} at {point}")
        print(f"{name}: mpmath 50 digits {row['mpmath 50 digits']:.0f} s per 10^6 points", file=log, flush=True)
        rows.append(row)
    return rows


def _fmt_time(t: float) -> str:
    if t < 1:
        return f"{t * 1e3:.1f} ms"
    if t < 600:
        return f"{t:.1f} s"
    return f"{t / 60:.0f} min"


def _fmt_ratio(num: float, den: float) -> str:
    r = num / den
    return f"{r:,.0f}x" if r >= 10 else f"{r:.1f}x"


def table(rows: list[dict]) -> str:
    """Two markdown tables: vectorised grids, and point-by-point loops (extrapolated to 10**6 points)."""
    head = ("| measure (10^6 points) | symcm | one pass (no blocks) | sympy + H printer | baseline rewrite(log) "
            "| baseline / symcm | sympy + H / symcm | lambdify (compile) | nan on the closed domain: baseline, symcm |")
    lines = [head, "|" + "---|" * head.count(" | ") + "---|"]
    for r in rows:
        lines.append(
            f"| {r['name']} | {_fmt_time(r['symcm'])} | {_fmt_time(r['one pass'])} "
            f"| {_fmt_time(r['sympy + H printer'])} | {_fmt_time(r['baseline'])} "
            f"| {_fmt_ratio(r['baseline'], r['symcm'])} | {_fmt_ratio(r['sympy + H printer'], r['symcm'])} "
            f"| {_fmt_time(r['compile'])} | {r['closed nan'][0]:,}, {r['closed nan'][1]:,} |")
    head2 = ("| measure, per 10^6 points | symcm numpy | math loop | sp.N loop | mpmath 50 digits "
             "| math / symcm | sp.N / symcm | mpmath per point |")
    lines += ["", head2, "|" + "---|" * head2.count(" | ") + "---|"]
    for r in rows:
        lines.append(
            f"| {r['name']} | {_fmt_time(r['symcm'])} | {_fmt_time(r['math loop'])} | {_fmt_time(r['sp.N loop'])} "
            f"| {_fmt_time(r['mpmath 50 digits'])} | {_fmt_ratio(r['math loop'], r['symcm'])} "
            f"| {_fmt_ratio(r['sp.N loop'], r['symcm'])} | {r['mpmath 50 digits'] / N_POINTS * 1e6:.0f} µs |")
    return "\n".join(lines)


def machine() -> str:
    """A description of the machine and library versions."""
    cpu = cpu_model()
    usable = usable_cpus()
    return (f"- CPU: {cpu}; nproc: {usable}\n"
            f"- Python {platform.python_version()}, numpy {np.__version__}, sympy {sp.__version__}, "
            f"mpmath {mpmath.__version__}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.numeric", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="grid runs per method (best is reported)")
    parser.add_argument("--loop", type=int, default=10**4, help="points of the math and sp.N loops")
    parser.add_argument("--mp-loop", type=int, default=2000, help="points of the mpmath loop")
    parser.add_argument("--seed", type=int, default=6, help="seed of the loop points")
    parser.add_argument("--quick", action="store_true", help="--loop 1000 --mp-loop 500 --repeat 3")
    args = parser.parse_args(argv)
    if args.quick:
        args.loop, args.mp_loop, args.repeat = 1000, 500, 3
    load_before = os.getloadavg()[0]
    rows = run(repeat=args.repeat, loop=args.loop, mp_loop=min(args.mp_loop, args.loop), seed=args.seed)
    load_after = os.getloadavg()[0]
    print(machine())
    print(f"- 1-minute load average {load_before:.2f} before and {load_after:.2f} after the run")
    print(f"- grids: best of {args.repeat} runs; loops: {args.loop} points (mpmath: {min(args.mp_loop, args.loop)}), "
          f"timed once and extrapolated to 10^6 points\n")
    print(table(rows))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
