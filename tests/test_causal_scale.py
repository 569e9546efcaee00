"""Causal states at scale (issue 12): the refinement keyed by canonical ring elements against the old path.

The pre-issue-12 code (pairwise comparisons of sympy expressions, one merge
system per pair of blocks, every system solved) is kept in
``tests/oracles.py``; here the new path must give *identical* results: the
same blocks, the same ``Cases`` of the same machines, the same ``Piecewise``.
"""

from __future__ import annotations

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symcm as sc
from tests.catalog_args import catalog_arguments
from benchmarks.causal_scale import order_markov
from symcm.causal.refinement import CanonicalEdges, merge_systems, refine
from symcm.errors import SymcmError
from symcm.models.strategies import hmms, symbolic_hmms
from tests import oracles

_SETTINGS = settings(max_examples=30, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _outcome(fn, m):
    """``fn(m)``, or the type and message of the symcm error it raises."""
    try:
        return fn(m)
    except SymcmError as exc:
        return type(exc), str(exc)


def _both(fn, m):
    """``(new, old)`` results of ``fn(m)``, caches cleared around each."""
    oracles.clear_causal_caches()
    new = _outcome(fn, m)
    with oracles.legacy_causal_states():
        old = _outcome(fn, m)
    return new, old


def _catalog_models():
    out = []
    for name, (func, params) in sorted(sc.processes.catalog().items()):
        if name == "sns":
            continue  # infinitely many causal states: both paths raise before any refinement
        args = catalog_arguments(name, params, integers={"n": 7})
        out.append(pytest.param(func(*args), id=name))
    return out


@pytest.mark.parametrize("m", _catalog_models())
def test_catalog_epsilon_machines_identical_to_the_old_path(m):
    """Every catalog process has the same epsilon-machine Cases, C_mu and E with the new and the old causal states."""
    for fn in (sc.causal_cases, sc.statistical_complexity, sc.excess_entropy):
        new, old = _both(fn, m)
        assert new == old


@pytest.mark.parametrize("R", [2, 3, 4, 5])
def test_order_r_epsilon_machine_identical_to_the_old_path(R):
    """The order-R chain (R = 2..5) has the same epsilon-machine Cases with the new and the old causal states."""
    new, old = _both(sc.epsilon_machine, order_markov(R))
    assert new == old
    assert [str(c) for c, _ in new] == ["Eq(p, q)", "Ne(p, q)"]
    assert len(new.generic.states) == 2 ** R


@pytest.mark.parametrize("R", [2, 3])
def test_order_r_measures_identical_to_the_old_path(R):
    """C_mu and E of the order-R chain (R = 2, 3) are the same Piecewise with the new and the old causal states."""
    for fn in (sc.statistical_complexity, sc.excess_entropy):
        new, old = _both(fn, order_markov(R))
        assert new == old and isinstance(new, sp.Piecewise)


def test_order_r_has_one_merge_system():
    """All 2^(R-1) (2^R - 1) pairs of generic causal states of the order-4 chain share the one system p - q = 0."""
    m = order_markov(4)
    p, q = m.parameters
    assert merge_systems(m, refine(m)) == [[p - q]]


def test_numeric_models_have_no_merge_systems():
    """A numeric machine's distinct blocks differ by numbers: no system is built (period(500) stays fast)."""
    m = sc.processes.period(12)
    assert merge_systems(m, refine(m)) == []
    assert len(refine(m)) == 12


@_SETTINGS
@given(st.one_of(hmms(unifilar=True, max_states=6, irreducible=False),
                 symbolic_hmms(parameters=2, unifilar=True, max_states=5, irreducible=False)))
def test_refinement_matches_moore_on_sympy_expressions(m):
    """Hopcroft's refinement on canonical ring ids gives Moore's partition on sympy expressions, block for block."""
    assert refine(m) == oracles.legacy_partition(m)


@_SETTINGS
@given(st.one_of(symbolic_hmms(parameters=1, unifilar=True, max_states=4, vanishing=True),
                 symbolic_hmms(parameters=2, unifilar=True, max_states=4, vanishing=True)))
def test_symbolic_unifilar_epsilon_machines_identical_to_the_old_path(m):
    """Hypothesis-drawn symbolic unifilar models (vanishing edges too) have the same epsilon-machine either way."""
    new, old = _both(sc.causal_cases, m)
    assert new == old


@_SETTINGS
@given(st.one_of(symbolic_hmms(parameters=1, unifilar=False, max_states=3),
                 hmms(unifilar=False, max_states=3)))
def test_nonunifilar_epsilon_machines_identical_to_the_old_path(m):
    """Hypothesis-drawn non-unifilar models (mixed states first) have the same epsilon-machine either way."""
    new, old = _both(lambda model: sc.causal_cases(model, max_states=40), m)
    assert new == old


def test_canonical_edges_share_ids_of_equal_probabilities():
    """Equal probabilities written differently get one id; the absent symbol is id 0."""
    p = sc.symbols("p")
    m = sc.HMM.from_edges([("A", "B", "0", (1 - p**2) / (1 + p)), ("A", "A", "1", p), ("B", "A", "0", 1 - p),
                           ("B", "B", "1", p)])
    c = CanonicalEdges(m)
    assert c.emit["A"][0][0] == c.emit["B"][0][0] and c.emit["A"][1][0] == c.emit["B"][1][0]
    g = sc.processes.golden_mean(p)
    assert 0 in [pid for pid, _ in CanonicalEdges(g).emit["B"]]


def _old_recurrent_presentation(m, max_states=200):
    """The whole mixed-state presentation, then its recurrent part (the path before issue 12)."""
    from symcm.causal.states import recurrent_part

    msp, beliefs = sc.mixed_state_presentation(m, max_states=max_states)
    rec = recurrent_part(msp)
    return rec, {s: beliefs[s] for s in rec.states}


_MSP = ["lohr_generator", "nemo", "rip", "rrxor", "even", "noisy_period2", "golden_mean"]


@pytest.mark.parametrize("name", _MSP)
@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_recurrent_mixed_states_identical_to_the_whole_presentation_restricted(name, reverse):
    """Converting only the recurrent mixed states gives the recurrent part and beliefs of the whole presentation."""
    from symcm.causal.states import _recurrent_mixed_states, _unifilar_recurrent, recurrent_part

    func, params = sc.processes.catalog()[name]
    m = func(*(sc.symbols(x) for x in params))
    m = sc.reverse(m) if reverse else m
    new = _recurrent_mixed_states(m)
    old = _old_recurrent_presentation(m)
    assert new[0] == old[0] and new[0].name == old[0].name and new[1] == old[1]
    if not sc.is_unifilar(m):
        msp = sc.HMM._derived([tuple(e) for e in sc.mixed_state_presentation(m)[0].edges],
                              states=sc.mixed_state_presentation(m)[0].states, alphabet=m.alphabet,
                              domain=dict(m.domain))
        assert _unifilar_recurrent(m, 200) == recurrent_part(msp)


@_SETTINGS
@given(st.one_of(symbolic_hmms(parameters=1, unifilar=False, max_states=3), hmms(unifilar=False, max_states=4)))
def test_recurrent_mixed_states_identical_on_drawn_models(m):
    """Hypothesis-drawn non-unifilar models: only-recurrent conversion equals the whole presentation restricted."""
    from symcm.causal.states import _recurrent_mixed_states

    new = _outcome(lambda model: _recurrent_mixed_states(model, max_states=40), m)
    assert new == _outcome(lambda model: _old_recurrent_presentation(model, 40), m)


@pytest.mark.parametrize("R", [3, 4])
def test_refinement_identical_on_both_backends(R):
    """flint and pure-sympy rings give the same blocks and the same merge systems (order-R and catalog models)."""
    from symcm.algebra.backends import available_backends

    if "flint" not in available_backends():
        pytest.skip("python-flint is not installed")
    p, q = sc.symbols("p q")
    for m in (order_markov(R), sc.processes.binary_markov(p, q), sc.processes.golden_mean(p)):
        runs = []
        for backend in ("flint", "sympy"):
            edges = CanonicalEdges(m, backend)
            blocks = refine(m, edges)
            runs.append((blocks, merge_systems(m, blocks, edges)))
        assert runs[0] == runs[1]
