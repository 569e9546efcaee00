"""Before/after timings of ``symcm/linalg.py`` on the random sparse chains.

Loads ``symcm/linalg.py`` as it was at a git revision (``--ref``, default
``ba4be8d``, the commit before the performance work of issue #2) next to the
working-tree version (now ``symcm.algebra.backends``, ``.ring`` and
``.elimination``), and times ``sc.stationary_distribution`` with both, on
both backends, with the same cold-cache protocol as
:mod:`benchmarks.stationary`.  The two versions must return identical
expressions (``==``, i.e. the same sympy trees), which is checked.

Run from the repository root::

    python -m benchmarks.linalg_before_after            # n = 12..16
    python -m benchmarks.linalg_before_after --n 4 16 --ref HEAD
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import types
from contextlib import contextmanager

import symcm as sc
import symcm.algebra.backends
import symcm.algebra.elimination
import symcm.algebra.ring
import symcm.causal.stationary

from .chains import DEFAULT_SEED, random_sparse_chain
from .stationary import best_of, machine

__all__ = ["old_linalg", "new_linalg", "main"]


def new_linalg() -> types.SimpleNamespace:
    """The working tree's counterparts of the old ``linalg`` functions (now in three modules of ``symcm.algebra``)."""
    return types.SimpleNamespace(get_backend=symcm.algebra.backends.get_backend,
                                 rational_to_backend=symcm.algebra.ring.rational_to_backend,
                                 solve_null_vector=symcm.algebra.elimination.solve_null_vector)


def old_linalg(ref: str) -> types.ModuleType:
    """``symcm/linalg.py`` at git revision ``ref``, as a module of the ``symcm`` package."""
    source = subprocess.run(["git", "show", f"{ref}:symcm/linalg.py"], check=True, capture_output=True,
                            text=True).stdout
    module = types.ModuleType("symcm._linalg_before", doc=f"symcm/linalg.py at {ref}")
    module.__package__ = "symcm"
    sys.modules[module.__name__] = module  # so that benchmarks.stationary.clear_caches() clears its caches too
    exec(compile(source, f"symcm/linalg.py@{ref}", "exec"), module.__dict__)
    return module


@contextmanager
def using(linalg):
    """Make :mod:`symcm.causal.stationary` use the functions of ``linalg``."""
    names = ("get_backend", "rational_to_backend", "solve_null_vector")
    saved = {k: getattr(symcm.causal.stationary, k) for k in names}
    for k in names:
        setattr(symcm.causal.stationary, k, getattr(linalg, k))
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(symcm.causal.stationary, k, v)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.linalg_before_after")
    parser.add_argument("--ref", default="ba4be8d", help="git revision of the 'before' linalg.py")
    parser.add_argument("--n", nargs=2, type=int, default=(12, 16), metavar=("FIRST", "LAST"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    before = old_linalg(args.ref)
    lines = ["| n | backend | before | after | speed-up |", "|---|---|---|---|---|"]
    for n in range(args.n[0], args.n[1] + 1):
        m = random_sparse_chain(n, args.seed)
        for backend in ("flint", "sympy"):
            times, answers = [], []
            for linalg in (before, new_linalg()):
                with using(linalg):
                    t, _, res = best_of(lambda: sc.stationary_distribution(m, backend=backend), args.repeat, 5.0)
                times.append(t)
                answers.append(res)
            if answers[0] != answers[1]:
                raise AssertionError(f"n={n} {backend}: before and after return different expressions")
            print(f"n={n} {backend}: {times[0]:.4f} s -> {times[1]:.4f} s", file=sys.stderr, flush=True)
            lines.append(f"| {n} | {backend} | {times[0] * 1e3:.1f} ms | {times[1] * 1e3:.1f} ms "
                         f"| {times[0] / times[1]:.1f}x |")
    print(machine())
    print(f"- linalg.py at {args.ref} vs the working tree; best of {args.repeat} cold runs; "
          "identical expressions checked\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
