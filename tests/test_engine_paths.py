"""Every path that needs a stationary vector takes it from the engine, and its answer equals a slow oracle.

The engine is :func:`symcm.causal.stationary._null_vector` (budgeted sparse
elimination, modular interpolation with a certificate, Bareiss), reached
through ``stationary_weights``/``_class_weights``.  The oracles build the
stationary distribution with sympy's ``nullspace`` and sum word
probabilities over state paths (:mod:`tests.oracles`); the old routes of the
rewritten paths (sympy cancellation) are kept here or in the oracles.
"""

from __future__ import annotations

import random

import pytest
import sympy as sp

import symcm as sc
import symcm.causal.stationary as stationary
from symcm.algebra.backends import get_backend
from symcm.algebra.entropy import _entropy_of_valid, entropy_of
from symcm.algebra.rational import _canonical, _canonical_of_ring
from symcm.causal.equivalence import _difference_numerators
from symcm.information import word_distribution
from symcm.models.hmm import HMM
from benchmarks.engine_paths import old_reverse, split_state
from benchmarks.families import order_r, ring_chord
from tests import oracles

from symcm.algebra.backends import available_backends

#: both ring backends where python-flint is installed; only sympy in CI's run without it
BACKENDS = tuple(b for b in ("flint", "sympy") if b in available_backends())

p, q = sc.symbols("p q")
P = sc.processes
SMALL = [P.binary_markov(p, q), P.golden_mean(p), P.even(p), P.lohr_generator(p), P.nemo(p, q), P.rrxor(),
         order_r(2), ring_chord(5, 2)]
IDS = ["binary_markov", "golden_mean", "even", "lohr", "nemo", "rrxor", "order_2", "ring_chord_5"]


@pytest.fixture
def engine_calls(monkeypatch):
    """Count the calls of the engine's null-vector solver (caches cleared first)."""
    sc.clear_caches()
    calls = []
    real = stationary._null_vector

    def counting(*args, **kwargs):
        calls.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(stationary, "_null_vector", counting)
    return calls


PATHS = {
    "word_probability": lambda m: sc.word_probability(m, "01"),
    "word_probabilities": lambda m: sc.word_probabilities(m, 3),
    "block_entropy": lambda m: sc.block_entropy(m, 3),
    "state_entropy": lambda m: sc.state_entropy(m),
    "entropy_rate": lambda m: sc.entropy_rate(m),
    "reverse": lambda m: sc.reverse(m),
    "same_process": lambda m: sc.same_process(m, m),
    "mixed_state_presentation": lambda m: sc.mixed_state_presentation(m),
    "word_distribution": lambda m: word_distribution(m, 2),
    "stationary_distribution": lambda m: sc.stationary_distribution(m),
}


@pytest.mark.parametrize("path", sorted(PATHS))
def test_path_goes_through_the_engine(path, engine_calls):
    """Each path that needs the stationary vector of a parametric model calls the engine's null-vector solver."""
    PATHS[path](P.binary_markov(p, q))
    assert engine_calls, path


def test_non_unifilar_entropy_rate_goes_through_the_engine(engine_calls):
    """h_mu of a non-unifilar model: the mixed states start from the engine's stationary vector."""
    assert sc.entropy_rate(P.lohr_generator(p)) == sc.entropy_rate(P.biased_coin(p))
    assert engine_calls


@pytest.mark.parametrize("m", SMALL[:4] + SMALL[6:], ids=IDS[:4] + IDS[6:])
def test_word_probabilities_equal_the_path_sum_oracle(m):
    """Pr(w) for every word of length 2 equals the sum over state paths with sympy's stationary vector."""
    words = sc.word_probabilities(m, 2)
    for w in [(a, b) for a in m.alphabet for b in m.alphabet]:
        assert sp.cancel(words.get(w, 0) - oracles.word_probability(m, w)) == 0
        assert sp.cancel(sc.word_probability(m, w) - oracles.word_probability(m, w)) == 0


@pytest.mark.parametrize("m", SMALL, ids=IDS)
def test_block_and_state_entropy_equal_the_checked_route(m):
    """block_entropy and state_entropy are the very expressions entropy_of gives, with both backends."""
    words = sc.word_probabilities(m, 3)
    expected = entropy_of(words.values())
    assert sp.srepr(sc.block_entropy(m, 3)) == sp.srepr(expected)
    assert sp.srepr(sc.block_entropy(m, 3, backend="sympy")) == sp.srepr(expected)
    rec = sc.causal.states.recurrent_part(m)
    pi = oracles.stationary(rec)
    assert sp.srepr(sc.state_entropy(rec)) == sp.srepr(entropy_of(sc.stationary_distribution(rec).values()))
    assert all(sp.cancel(sc.stationary_distribution(rec)[s] - pi[s]) == 0 for s in rec.states)


def test_entropy_of_valid_equals_entropy_of():
    """The unchecked entropy of valid probabilities is entropy_of's expression (binary, uniform, many, rational)."""
    half = sp.Rational(1, 2)
    for probs in ([p, 1 - p], [p / 2, 0, p / 2, 1 - p], [half, half], [sp.Rational(1, 4)] * 4,
                  [half, sp.Rational(1, 3), sp.Rational(1, 6)], [1, 0], [q * p, q * (1 - p), 1 - q],
                  [sp.Rational(1, 3)] * 3):
        assert sp.srepr(_entropy_of_valid(probs)) == sp.srepr(entropy_of(probs))


@pytest.mark.parametrize("m", SMALL, ids=IDS)
def test_reverse_equals_the_sympy_route(m):
    """reverse(m) has the edges, canonical polynomials and domain of the sympy route, with both backends."""
    old = old_reverse(m)
    for backend in BACKENDS:
        sc.clear_caches()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SYMCM_BACKEND", backend)
            new = sc.reverse(m)
        assert new == old and new.domain == old.domain
        if m.parameters:  # without parameters the polynomials are over a fresh Dummy each time
            assert new._polys == old._polys
        assert [sp.srepr(e.probability) for e in new.edges] == [sp.srepr(e.probability) for e in old.edges]


def test_reverse_probabilities_are_bayes_rule_with_the_oracle_distribution():
    """Each reversed edge is pi_s T[s, t] / pi_t with sympy's nullspace distribution."""
    m = P.nemo(p, q)
    pi = oracles.stationary(m)
    r = sc.reverse(m)
    for e in m.edges:
        back = r.probability(e.target, e.source, e.symbol) if hasattr(r, "probability") else None
        if back is None:
            back = sum(f.probability for f in r.edges
                       if (f.source, f.target, f.symbol) == (e.target, e.source, e.symbol))
        assert sp.cancel(back - pi[e.source] * e.probability / pi[e.target]) == 0


def test_canonical_of_ring_equals_canonical_on_random_quotients():
    """The ring's canonical quotient is _canonical's (value, numerator, denominator), term for term."""
    rng = random.Random(12)
    gens = (p, q)
    for name in BACKENDS:
        ring = get_backend(gens, name)
        for _ in range(60):
            def draw():
                return ring.from_dict({(rng.randint(0, 2), rng.randint(0, 2)): rng.choice([-4, -3, -2, -1, 1, 2, 3, 6])
                                       for _ in range(rng.randint(1, 3))})
            num, den = draw() * draw(), draw() * draw()
            expr = ring.to_expr(num) / ring.to_expr(den)
            value, pn, pd = _canonical_of_ring(ring, num, den, gens)
            ref = _canonical(sp.together(expr), gens)
            assert (sp.srepr(value), pn, pd) == (sp.srepr(ref[0]), ref[1], ref[2])


PAIRS = [(P.binary_markov(p, q), P.biased_coin(p)), (P.lohr_generator(p), P.binary_markov(p, p)),
         (P.golden_mean(p), P.even(p)), (P.period(3), P.period(2)), (order_r(2), split_state(order_r(2), 1)),
         (P.golden_mean(p), P.biased_coin(q))]


@pytest.mark.parametrize("pair", range(len(PAIRS)))
def test_same_process_differences_equal_the_sympy_route(pair):
    """The numerators same_process decides on equal those of every word compared in sympy, with both backends."""
    m1, m2 = PAIRS[pair]
    old = oracles.same_process_differences(m1, m2)
    from symcm.causal.equivalence import _with_domain, joint_domain
    from symcm.models.structure import recurrent_classes

    dom = joint_domain(m1, m2)
    a, b = _with_domain(m1, dom), _with_domain(m2, dom)
    length = len(recurrent_classes(a)[0]) + len(recurrent_classes(b)[0]) - 1
    for backend in BACKENDS:
        sc.clear_caches()
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("SYMCM_BACKEND", backend)
            new = _difference_numerators(a, b, length)
        assert [sp.srepr(x) for x in new] == [sp.srepr(x) for x in old]


def test_same_process_answers():
    """same_process: equal presentations True, a split state True, a one-parameter overlap as Cases."""
    assert sc.same_process(order_r(2), split_state(order_r(2), 3)) is True
    assert sc.same_process(P.golden_mean(p), P.even(p)) is False
    cases = sc.same_process(P.binary_markov(p, q), P.biased_coin(p))
    assert isinstance(cases, sc.Cases)


def test_same_process_refuses_too_many_words_only_where_no_other_route_applies():
    """Past max_words a numeric pair goes by Tzeng's basis; a symbolic model without a finite machine gets word_probabilities' refusal."""
    assert sc.same_process(order_r(3), split_state(order_r(3), 0), max_words=100) is True
    sns = HMM.from_edges([("A", "A", "1", p), ("A", "B", "1", 1 - p),
                          ("B", "A", "0", sp.Rational(1, 2)), ("B", "B", "1", sp.Rational(1, 2))])
    with pytest.raises(sc.errors.TooLargeError, match="word_probabilities"):
        sc.same_process(sns, sns, max_words=4)


def test_reverse_of_a_numeric_model_is_the_rational_reversal():
    """Without parameters the reversed probabilities are the exact rationals of Bayes' rule."""
    m = HMM.from_edges([("A", "A", "0", sp.Rational(1, 3)), ("A", "B", "1", sp.Rational(2, 3)),
                        ("B", "A", "0", 1)])
    assert sc.reverse(m) == old_reverse(m)


@pytest.mark.parametrize("m", SMALL, ids=IDS)
def test_word_distribution_equals_the_sympy_route(m):
    """word_distribution's outcomes (form and order) and domain are those of cancelling each word in sympy."""
    from symcm.information import entropy
    from symcm.information.joint import JointDistribution

    for backend in BACKENDS:
        new = word_distribution(m, 3, backend=backend)
        old = JointDistribution._derived(sc.word_probabilities(m, 3), new.names, m.domain)
        assert new == old and list(new.outcomes) == list(old.outcomes)
        assert [sp.srepr(v) for v in new.outcomes.values()] == [sp.srepr(v) for v in old.outcomes.values()]
        assert sp.srepr(entropy(new)) == sp.srepr(entropy_of(old.marginal(old.names).outcomes.values()))
        assert sp.srepr(entropy(new, "X2")) == sp.srepr(entropy_of(old.marginal("X2").outcomes.values()))
