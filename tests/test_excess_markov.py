"""E by the Markov order (``E = H(R) - R h_mu``) against E by the reverse mixed states.

For a machine of finite Markov order ``R`` whose reverse is not unifilar,
:func:`symcm.excess_entropy` (and :func:`symcm.crypticity`) use
``E = H(R) - R h_mu`` [Crutchfield & Feldman, Chaos 13, 25 (2003)]; the
previous route, ``E = C_mu - sum_eta pi(eta) H[eta]`` over the recurrent reverse
mixed states (``_excess(..., markov=False)``, still the route for infinite
Markov order), is the oracle: both forms must have the same value, checked to
50 digits at random rational points of the domain, with the same case split.
"""

from __future__ import annotations

import random

import pytest
import sympy as sp

import symcm as sc
from benchmarks.families import order_r
from symcm.algebra.backends import backend_name
from symcm.causal.complexity import _excess, _excess_by_markov_order, _order, _reverse_is_unifilar, reverse
from symcm.causal.ergodic import measure_of
from symcm.models.structure import is_unifilar

p, q = sc.symbols("p q")
DIGITS = 50


def _points(k: int, seed: int) -> list[dict]:
    """``k`` random rational points of the open square ``(0, 1)^2`` off the line ``p = q``."""
    rng = random.Random(seed)
    out = []
    while len(out) < k:
        a, b = (sp.Rational(rng.randint(1, 96), 97) for _ in range(2))
        if a != b:
            out.append({p: a, q: b})
    return out


_OLD: dict = {}


def _at(expr, point: dict):
    """``expr`` at a rational point, to DIGITS digits (``xreplace``: much faster than ``subs`` on large sums)."""
    return sp.sympify(expr).xreplace(point).evalf(DIGITS)


def _old(m, cap: int):
    """E by the reverse mixed states (the route before the Markov-order one), case by case; remembered per model."""
    if (m, cap) not in _OLD:
        _OLD[(m, cap)] = _old_uncached(m, cap)
    return _OLD[(m, cap)]


def _old_uncached(m, cap: int):
    return measure_of(sc.epsilon_machine(m, max_states=cap), lambda mach: _excess(mach, cap, markov=False),
                      "excess entropy")


def _generic_machine(m, cap: int):
    """The generic (last) epsilon-machine of ``m``."""
    em = sc.epsilon_machine(m, max_states=cap)
    return em.values[-1] if isinstance(em, sc.Cases) else em


def _flint_available() -> bool:
    try:
        backend_name("flint")
    except Exception:
        return False
    return True


@pytest.mark.parametrize("R", [3, 4, 5, 6])
def test_order_r_excess_entropy_equals_the_reverse_mixed_states_route(R):
    """E of the order-R chain by the Markov order equals E by the reverse mixed states to 50 digits, with p = q giving 0."""
    m, cap = order_r(R), 4 * 2 ** R
    new, old = sc.excess_entropy(m, max_states=cap), _old(m, cap)
    assert isinstance(new, sp.Piecewise) and new.args[0] == (0, sp.Eq(p, q)) and new.args[-1][1] == sp.true
    assert old.args[0] == new.args[0]
    for pt in _points(3, seed=R):
        a, b = _at(new, pt), _at(old, pt)
        assert abs(a - b) < sp.Float(10) ** (5 - DIGITS), (pt, a, b)


@pytest.mark.parametrize("R", [3, 4, 5, 6])
def test_order_r_crypticity_is_r_times_the_entropy_rate(R):
    """chi of the order-R chain is R h_mu off p = q (H(R) = C_mu cancels exactly) and equals C_mu minus the old E."""
    m, cap = order_r(R), 4 * 2 ** R
    chi = sc.crypticity(m, max_states=cap)
    generic = chi.args[-1][0]
    h = sc.entropy_rate(m)
    h = h.args[-1][0] if isinstance(h, sp.Piecewise) else h
    assert generic.atoms(sc.H) == {sc.H(p), sc.H(q)}
    old_chi = sc.statistical_complexity(m, max_states=cap) - _old(m, cap)
    for pt in _points(2, seed=10 + R):
        assert abs(_at(generic, pt) - _at(R * h, pt)) < sp.Float(10) ** (5 - DIGITS)
        assert abs(_at(chi, pt) - _at(old_chi, pt)) < sp.Float(10) ** (5 - DIGITS)


@pytest.mark.parametrize("R", [2, 3, 4])
def test_markov_order_route_identical_on_both_backends(R):
    """The flint and pure-sympy polynomial backends give the identical E by the Markov order."""
    if not _flint_available():
        pytest.skip("python-flint is not installed")
    mach = _generic_machine(order_r(R), 4 * 2 ** R)
    assert _excess_by_markov_order(mach, R, backend="flint") == _excess_by_markov_order(mach, R, backend="sympy")


def test_word_cap_falls_back_to_the_reverse_mixed_states():
    """Past its cap on words the word routes give up (None); _excess then falls back to a mixed-state route, same E."""
    import symcm.causal.complexity as cx

    mach = _generic_machine(order_r(3), 32)
    assert _excess_by_markov_order(mach, 3, max_words=4) is None
    assert _excess_by_markov_order(mach, 3, max_words=8) is not None
    original = cx._excess_by_markov_order
    try:
        cx._excess_by_markov_order = lambda machine, order: original(machine, order, max_words=1)
        fallback, oracle = _excess(mach, 32), _excess(mach, 32, markov=False)
        point = {x: sp.Rational(k + 2, 7 + 2 * k) for k, x in enumerate(sorted(mach.parameters, key=str))}
        assert abs(sp.N(fallback.subs(point) - oracle.subs(point), 40)) < sp.Float(10) ** -35
    finally:
        cx._excess_by_markov_order = original


@pytest.mark.parametrize("model", [sc.processes.golden_mean(p), sc.processes.even(p), sc.processes.nemo(p, q),
                                   sc.processes.binary_markov(p, q), sc.processes.period(4), order_r(3)],
                         ids=["golden_mean", "even", "nemo", "binary_markov", "period4", "order3"])
def test_reverse_unifilar_test_matches_building_the_reverse(model):
    """The structural test of the reverse's unifilarity agrees with building the reverse machine."""
    em = sc.epsilon_machine(model)
    for mach in (em.values if isinstance(em, sc.Cases) else [em]):
        assert _reverse_is_unifilar(mach) == is_unifilar(reverse(mach))


@pytest.mark.parametrize("model", [sc.processes.golden_mean(p), sc.processes.nemo(p, q)], ids=["golden_mean", "nemo"])
def test_finite_and_infinite_order_processes_agree_with_the_old_route(model):
    """Golden mean (R = 1, reverse not unifilar) by the Markov order and Nemo (R = oo) by mixed states match the old route's value."""
    new, old = sc.excess_entropy(model), _old(model, 200)
    point = {s: sp.Rational(3 + i, 11) for i, s in enumerate(sorted(model.parameters, key=str))}
    assert abs(_at(new, point) - _at(old, point)) < sp.Float(10) ** (5 - DIGITS)
    if _order(sc.epsilon_machine(model), lambda s: len(s) == 1) == sp.oo:
        # no Markov order: Nemo's E now comes from the forward mixed states (cryptic order oo), the same value
        other = {s: sp.Rational(2 + 3 * i, 13) for i, s in enumerate(sorted(model.parameters, key=str))}
        assert abs(_at(new, other) - _at(old, other)) < sp.Float(10) ** (5 - DIGITS)
