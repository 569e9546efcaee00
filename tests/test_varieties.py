"""Components of polynomial systems inside the parameter box (the case-split engine)."""

import pytest
import sympy as sp

import symcm as sc
from symcm.errors import UndecidableError
from symcm.algebra.varieties import components

p, q = sc.symbols("p q")
UNIT = sc.Domain({p: (0, 1), q: (0, 1)})
R = sp.Rational


def test_linear_line_through_the_box():
    """p + q = 1 meets the open unit square in one component, parametrised q = 1 - p."""
    (c,) = components([p + q - 1], UNIT)
    assert c.condition == sp.Eq(p + q, 1)
    assert {k: sp.expand(v) for k, v in c.substitution.items()} in ({q: 1 - p}, {p: 1 - q})


def test_linear_line_outside_the_box_is_dropped():
    """p + q = -1 does not meet the positive box: no component (decided by the domain test)."""
    assert components([p + q + 1], UNIT) == []


def test_linear_with_a_parameter_coefficient():
    """p*q = 1/4 is linear in q: q = 1/(4p), inside the box for p in (1/4, 1)."""
    (c,) = components([4 * p * q - 1], UNIT)
    (var, value), = c.substitution.items()
    assert sp.simplify(value.subs(p if var == q else q, R(1, 2)) - R(1, 2)) == 0
    assert (R(1, 4), 1) in [tuple(b) for b in c.domain.values()]


def test_nonlinear_point():
    """(2p - 1)^2 = 0 has the single component p = 1/2."""
    (c,) = components([(2 * p - 1) ** 2], UNIT)
    assert c.substitution == {p: R(1, 2)}


def test_irrational_component_is_undecidable():
    """p^2 = 1/2 meets the box at an irrational point: symcm refuses rather than guesses."""
    with pytest.raises(UndecidableError, match="not a rational point"):
        components([2 * p**2 - 1], UNIT)


def test_linear_fast_path_agrees_with_sympy_solve():
    """For one linear equation the direct solution equals sympy.solve's (when sympy keeps it)."""
    for f in (p + q - 1, 3 * p - 2 * q, p * q + p - R(1, 2), 2 * q - p**2):
        (c,) = components([f], UNIT)
        (var, value), = c.substitution.items()
        (solved,) = sp.solve(f, var, dict=True)
        assert sp.cancel(solved[var] - value) == 0
