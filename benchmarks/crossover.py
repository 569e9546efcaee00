"""Benchmark: certified crossovers (1-D) and pavings (2-D) (issue #4).

1-D: the Loehr crossover.  ``lower = sc.state_entropy(sc.processes.lohr_generator(p))``
(= ``H(2p, 1/2 - p, 1/2 - p)``) and ``upper = C_mu = 1`` on ``(0, 1/2)``; the
region where Loehr's generator has lower state entropy than the epsilon-machine
is ``(p*, 1/2)``.  For each number of digits:

* ``sc.crossover`` - certified: an enclosure of width < 10**-digits proved to
  contain exactly one root, plus the exact analysis of both range ends (``p = 0``
  is an exact equality point), compile and sympy work included;
* ``mpmath.findroot`` - uncertified secant iteration from 0.38 at the same
  precision, in the same process, on a hand-written mpmath function.

Every run starts cold (sympy cache and the compiled-interval cache cleared).
The findroot value must lie in the certified enclosure, else the benchmark aborts.

2-D: SIVIA paving of ``H(p/(p+q)) < 1/2 + p q`` on the unit square (the
generic-branch ``C_mu`` of ``binary_markov(p, q)`` against a smooth 2-parameter
comparison) at resolution 2**-10, with 1 and 2 worker processes; and of
``h_mu < C_mu`` for ``binary_markov(p, q)`` (``C_mu`` a ``Piecewise`` on the IID
line ``p + q = 1``) at 2**-7.

Run from the repository root::

    python -m benchmarks.crossover            # full
    python -m benchmarks.crossover --quick    # smaller digits and resolutions

The markdown tables go to stdout (machine description first); progress to stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys

import mpmath
import sympy as sp

import symcm as sc
from symcm.algebra import interval_arithmetic, intervals
from symcm.generation.crossover import crossover
from symcm.generation.paving import pave

from . import common

__all__ = ["loehr_rows", "paving_rows", "main"]


def _cold() -> None:
    sp.core.cache.clear_cache()
    intervals._compile_cached.cache_clear()
    interval_arithmetic._constants.cache_clear()


def _best(fn, repeat: int):
    """(best time in seconds, last result) over ``repeat`` cold runs."""
    return common.best_of(fn, repeat, _cold)


def _findroot(digits: int):
    with mpmath.workdps(digits + 10):
        half = mpmath.mpf(1) / 2

        def f(x):
            return -2 * x * mpmath.log(2 * x, 2) - 2 * (half - x) * mpmath.log(half - x, 2) - 1

        return +mpmath.findroot(f, (mpmath.mpf("0.38"), mpmath.mpf("0.39")), solver="secant")


def loehr_rows(digit_list, repeat: int):
    p = sc.symbols("p")
    lower = sc.state_entropy(sc.processes.lohr_generator(p))
    upper = sc.statistical_complexity(sc.processes.lohr_generator(p))
    rows = []
    for digits in digit_list:
        print(f"loehr: {digits} digits", file=sys.stderr)
        t_cert, region = _best(lambda: crossover(lower, upper, over={p: (0, sp.S.Half)}, digits=digits), repeat)
        t_find, root = _best(lambda: _findroot(digits), repeat)
        (b,) = region.boundaries
        with mpmath.workdps(digits + 10):
            inside = mpmath.mpf(b.lo.p) / b.lo.q <= root <= mpmath.mpf(b.hi.p) / b.hi.q
        if not inside:
            raise SystemExit(f"findroot value {root} is outside the certified enclosure {b}")
        width = float(sp.log(b.hi - b.lo, 10).evalf(5))
        rows.append((digits, t_cert, t_find, width, b.decimal(20)))
    return rows


def paving_rows(cases, repeat: int):
    p, q = sc.symbols("p q")
    m = sc.processes.binary_markov(p, q)
    exprs = {
        "H(p/(p+q)) < 1/2 + pq": (sc.H(p / (p + q)), sp.S.Half + p * q),
        "h_mu < C_mu (Piecewise)": (sc.entropy_rate(m), sc.statistical_complexity(m)),
    }
    rows = []
    for name, exponent, workers in cases:
        print(f"paving: {name} at 2^-{exponent}, {workers} worker(s)", file=sys.stderr)
        lower, upper = exprs[name]
        seconds, P = _best(
            lambda: pave(lower, upper, over={p: (0, 1), q: (0, 1)}, resolution=sp.Rational(1, 2**exponent),
                         workers=workers),
            repeat,
        )
        c = P.counts
        rows.append((name, exponent, workers, seconds, P.evaluations, c["inside"], c["outside"], c["undecided"],
                     float(P.inner_area), float(P.outer_area)))
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller digits and resolutions")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many cold runs (1-D)")
    args = parser.parse_args(argv)
    digit_list = (30, 100) if args.quick else (30, 100, 300, 1000)
    cases = ([("H(p/(p+q)) < 1/2 + pq", 7, 1), ("h_mu < C_mu (Piecewise)", 5, 1)] if args.quick else
             [("H(p/(p+q)) < 1/2 + pq", 10, 1), ("H(p/(p+q)) < 1/2 + pq", 10, 2),
              ("h_mu < C_mu (Piecewise)", 7, 1)])
    print(f"Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} logical CPUs, "
          f"Python {platform.python_version()}, sympy {sp.__version__}, mpmath {mpmath.__version__} "
          f"(backend {mpmath.libmp.BACKEND})\n")
    print("### Loehr crossover p* (certified vs mpmath.findroot)\n")
    print("| digits | sc.crossover (certified) | mpmath.findroot (uncertified) | log10 width | p* |")
    print("|---:|---:|---:|---:|:---|")
    for digits, t_cert, t_find, width, text in loehr_rows(digit_list, args.repeat):
        print(f"| {digits} | {t_cert * 1000:.1f} ms | {t_find * 1000:.1f} ms | {width:.1f} | {text} |")
    print("\n### SIVIA paving of the unit square\n")
    print("| comparison | resolution | workers | time | evaluations | inside | outside | undecided | area bounds |")
    print("|:---|---:|---:|---:|---:|---:|---:|---:|:---|")
    for name, exponent, workers, seconds, evals, n_in, n_out, n_und, inner, outer in paving_rows(cases, 1):
        print(f"| {name} | 2^-{exponent} | {workers} | {seconds:.1f} s | {evals} | {n_in} | {n_out} | {n_und} | "
              f"[{inner:.6f}, {outer:.6f}] |")


if __name__ == "__main__":
    main()
