"""Stationary distributions kept in ring form until read (``symcm.algebra.lazy.LazyFractions``).

The lazy answer must be, entry by entry, the expression the eager
conversion gives (same tree, not merely equal), on both polynomial
backends; every way of reading a dict must see converted values; copies
and pickles are plain dicts; ``at`` evaluates exactly without converting.
"""

from __future__ import annotations

import copy
import pickle
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings

import symcm as sc
from symcm.algebra.backends import available_backends, get_backend
from symcm.algebra.lazy import LazyFractions
from symcm.models.strategies import symbolic_hmms
from symcm.errors import DomainError, ParameterTypeError

p, q = sc.symbols("p q")
BACKENDS = available_backends()[:2] if "flint" in available_backends() else ["sympy"]


def eager(ring, weights: dict, total) -> dict:
    """The pre-lazy conversion: cancel by the gcd, write numerator and denominator."""
    out = {}
    for s, w in weights.items():
        if not w:
            out[s] = sp.Integer(0)
            continue
        g = ring.gcd(w, total)
        out[s] = ring.to_expr(ring.exquo(w, g)) / ring.to_expr(ring.exquo(total, g))
    return out


def sample(backend: str = "sympy") -> LazyFractions:
    """q/(p+q), p/(p+q) and a zero entry, nothing converted."""
    R = get_backend((p, q), backend)
    P, Q = R.from_expr(p)[0], R.from_expr(q)[0]
    return LazyFractions.from_ring(R, {"A": Q, "B": P, "C": R.zero}, P + Q)


EXPECTED = {"A": q / (p + q), "B": p / (p + q), "C": 0}


def test_stationary_distribution_is_a_lazy_dict():
    """sc.stationary_distribution returns a dict that has converted nothing until it is read."""
    pi = sc.stationary_distribution(sc.processes.binary_markov(p, q))
    assert isinstance(pi, dict) and isinstance(pi, LazyFractions)
    assert pi.pending == 2 and list(pi) == ["A", "B"]
    assert pi == {"A": q / (p + q), "B": p / (p + q)} and pi.pending == 0


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=25, deadline=None)
@given(m=symbolic_hmms(2, max_states=4))
def test_lazy_entries_are_the_eager_expressions(backend, m):
    """Every entry read lazily is the identical expression tree the eager conversion builds."""
    from symcm.causal.stationary import stationary_weights
    from symcm.models.structure import recurrent_classes

    if len(recurrent_classes(m)) != 1:
        return
    ring, weights, total = stationary_weights(m, backend, generic=True)
    lazy = LazyFractions.from_ring(ring, weights, total)
    reference = eager(ring, weights, total)
    for s in reversed(m.states):  # read out of order: each entry on its own
        assert lazy[s] == reference[s] and sp.srepr(lazy[s]) == sp.srepr(reference[s])
    assert lazy.pending == 0


def test_every_read_converts():
    """get, values, items, dict(), {**x}, ==, repr, copy, deepcopy, pickle and | all see expressions."""
    for read in (lambda d: {k: d.get(k) for k in d}, lambda d: dict(zip(d, d.values())),
                 lambda d: dict(d.items()), dict, lambda d: {**d}, lambda d: d.copy(),
                 copy.copy, copy.deepcopy, lambda d: pickle.loads(pickle.dumps(d)),
                 lambda d: d | {}, lambda d: {} | d, lambda d: dict(sorted(d.items()))):
        got = read(sample())
        assert got == EXPECTED and all(isinstance(v, sp.Basic) for v in got.values()), read
    assert repr(sample()) == "{'A': q/(p + q), 'B': p/(p + q), 'C': 0}"
    assert sample() == sample() and not (sample() != EXPECTED)
    assert type(copy.copy(sample())) is dict and type(pickle.loads(pickle.dumps(sample()))) is dict


def test_writes_replace_the_entry():
    """Assignment, del, pop, popitem, setdefault and update behave as on a dict and keep the count right."""
    d = sample()
    d["A"] = 7
    assert d.pending == 1 and d["A"] == 7
    del d["B"]
    assert d.pending == 0 and list(d) == ["A", "C"]
    d = sample()
    assert d.pop("B") == p / (p + q) and d.pop("X", None) is None and d.popitem() == ("C", 0)
    assert d.setdefault("A") == q / (p + q) and d.setdefault("Z", 1) == 1
    d.update({"A": 0}, B=2)
    d |= {"C": 3}
    assert d == {"A": 0, "Z": 1, "B": 2, "C": 3}
    with pytest.raises(KeyError):
        sample().pop("X")


def test_at_is_exact_and_converts_nothing():
    """at() gives the exact rationals the expressions give, leaving every entry unconverted."""
    d = sample()
    point = {p: sp.Rational(2, 7), q: Fraction(3, 5)}
    got = d.at(point)
    assert d.pending == 2
    assert got == {k: sp.sympify(v).subs({p: sp.Rational(2, 7), q: sp.Rational(3, 5)}) for k, v in EXPECTED.items()}
    assert all(type(v) in (sp.Rational, sp.Integer, sp.core.numbers.Zero) or isinstance(v, sp.Rational)
               for v in got.values())


def test_at_refuses_bad_points():
    """A missing parameter, a float or a vanishing denominator is a clear error."""
    with pytest.raises(DomainError, match="received none for q"):
        sample().at({p: 1})
    with pytest.raises(ParameterTypeError, match="received 0.5 of type float"):
        sample().at({p: 0.5, q: 1})
    with pytest.raises(DomainError, match="vanishes"):
        sample().at({p: 0, q: 0})


def test_plain_construction_is_a_plain_dict():
    """LazyFractions(...) with dict arguments holds the given values and has no ring form."""
    d = LazyFractions({"A": 1}, B=2)
    assert d == {"A": 1, "B": 2} and d.pending == 0
    with pytest.raises(ParameterTypeError, match="plain values"):
        d.ring_form("A")


# the pure-sympy backend has no modular path: order 8 takes minutes there, order 5 is enough
@pytest.mark.parametrize("backend, order", [(b, 8 if b == "flint" else 5) for b in BACKENDS])
def test_order_r_chain_reads_one_state(backend, order):
    """On the order-R chain (2^R states) one entry can be read without converting the others."""
    import random

    from benchmarks.families import order_r

    m = order_r(order)
    pi = sc.stationary_distribution(m, backend=backend)
    s = m.states[17]
    value = pi[s]
    assert pi.pending == 2 ** order - 1
    point = {sym: sp.Rational(random.Random(5).randint(1, 9), 10) for sym in m.parameters}
    assert sp.sympify(value).subs(point) == pi.at(point)[s]
    assert sum(pi.at(point).values()) == 1
