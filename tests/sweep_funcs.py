"""Per-point functions for tests/test_sweep.py, importable by worker processes as ``tests.sweep_funcs``.

Functions given to ``sc.sweep`` with the process or dask backends travel by
reference (module and name), so they must live in a module the workers can
import; the workers inherit the test process's ``sys.path``, which has the
repository root on it.
"""

from __future__ import annotations

import os
import time

import sympy as sp

import symcm as sc

__all__ = ["c_mu", "echo", "fail_at_half", "sleep_then_index", "Unpicklable", "misbehave", "worker_pid"]


def _by_name(point) -> dict:
    return {str(k): v for k, v in point.items()}


def c_mu(point):
    """C_mu of binary_markov at the point (keys p, q as Symbols or names), exact."""
    values = _by_name(point)
    return sc.statistical_complexity(sc.processes.binary_markov(values["p"], values["q"]))


def echo(point):
    """The point as received, with the type name of each value: shows what crossed the process boundary."""
    values = point.items() if isinstance(point, dict) else enumerate(point)
    return {str(k): (v, type(v).__name__) for k, v in values}


def fail_at_half(point):
    """p / q, but ValueError at p = 1/2."""
    values = _by_name(point)
    if values["p"] == sp.S.Half:
        raise ValueError(f"no value at p = {values['p']}")
    return values["p"] / values["q"]


def sleep_then_index(point):
    """Sleep ``delay`` seconds, then return ``i`` (or raise ValueError if ``fail``): later points finish first."""
    time.sleep(float(point["delay"]))
    if point.get("fail"):
        raise ValueError(f"failed at i = {point['i']}")
    return point["i"]


class Unpicklable(Exception):
    """An exception that pickles but cannot be unpickled (its __init__ needs two arguments)."""

    def __init__(self, a, b):
        super().__init__(f"{a} and {b}")


def misbehave(point):
    """By ``point["do"]``: return 1 ("ok"), raise ValueError ("raise"), raise :class:`Unpicklable`
    ("raise unpicklable") or return a value that cannot be pickled ("return unpicklable")."""
    do = point["do"]
    if do == "raise":
        raise ValueError("as asked")
    if do == "raise unpicklable":
        raise Unpicklable(point["do"], "friends")
    if do == "return unpicklable":
        return lambda: None
    return 1


def worker_pid(point):
    """The id of the process that evaluated the point."""
    return os.getpid()
