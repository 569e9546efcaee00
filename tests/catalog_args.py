"""Arguments for every catalog process, for the tests that iterate over ``sc.processes.catalog()``.

Parameters named in ``sc.processes.INTEGER_PARAMETERS`` (lengths and orders)
get small ints; real parameters get symbols, or a rational point inside the
process's domain.
"""

from __future__ import annotations

import sympy as sp

import symcm as sc

R = sp.Rational
INTEGER_VALUES = {"n": 3, "k": 2, "R": 3, "N": 2}
POINT = (R(1, 3), R(1, 4), R(1, 5))
# processes whose real parameters are not independent (0 < p < free < 1): a point inside
SPECIAL_POINTS = {"nonunifilar_golden_mean": (R(1, 3), R(3, 4))}


def catalog_arguments(name: str, params, *, point: bool = False, integers: dict | None = None,
                      symbol=sc.symbols) -> list:
    """Arguments for ``catalog()[name]``: ints for integer parameters; symbols, or a point, for the others."""
    ints = {**INTEGER_VALUES, **(integers or {})}
    reals = [x for x in params if x not in sc.processes.INTEGER_PARAMETERS]
    values = dict(zip(reals, SPECIAL_POINTS.get(name, POINT))) if point else {x: symbol(x) for x in reals}
    return [ints[x] if x in sc.processes.INTEGER_PARAMETERS else values[x] for x in params]
