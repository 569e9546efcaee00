"""Synchronising words, reset thresholds and exact/asymptotic synchronisation (symcm.causal.synchronization).

Independent routes: a brute-force oracle enumerating every word in length-then-lexicographic order
and updating the mixed state by Bayes' rule from the stationary distribution (exact fractions);
reset words checked as products of 0/1 transition matrices equal to ``1 e_r^T``; hand-derived
words of the catalog processes; the Cerny automata's published reset threshold ``(n - 1)^2``;
invariants over Hypothesis models (Markov order, the Pin-Frankl bound, word probabilities).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings

import symcm as sc
from symcm.algebra.backends import available_backends
from symcm.models.strategies import unifilar_hmms

p, q = sc.symbols("p q")
HALF, THIRD = sp.Rational(1, 2), sp.Rational(1, 3)


def _coins(a=p, b=q):
    """Two biased coins, alternating on '1': every symbol permutes the states (no synchronising word)."""
    return sc.HMM.from_edges([("A", "A", "0", a), ("A", "B", "1", 1 - a),
                              ("B", "B", "0", b), ("B", "A", "1", 1 - b)], name="coins")


def _cerny(n: int) -> sc.HMM:
    """The Cerny automaton C_n ('a' rotates, 'b' sends state 0 to 1), with distinct emission probabilities."""
    edges = []
    for i in range(n):
        pa = sp.Rational(i + 1, n + 2)
        edges.append((str(i), str((i + 1) % n), "a", pa))
        edges.append((str(i), "1" if i == 0 else str(i), "b", 1 - pa))
    return sc.HMM.from_edges(edges, alphabet=("a", "b"), name=f"cerny({n})")


def _oracle_sync(machine: sc.HMM, max_length: int):
    """The first word (length, then alphabet-lexicographic order) whose Bayesian mixed state is a point mass.

    Words are extended level by level in lexicographic order; a word of probability 0 is dropped
    (its extensions have probability 0 too).
    """
    states = list(machine.states)
    n = len(states)
    pi = sc.stationary_distribution(machine)
    mats = {x: [[Fraction(0)] * n for _ in states] for x in machine.alphabet}
    for e in machine.edges:
        mats[e.symbol][states.index(e.source)][states.index(e.target)] += Fraction(str(e.probability))
    level = [((), [Fraction(str(sp.nsimplify(pi[s]))) for s in states])]
    for _length in range(max_length + 1):
        for word, eta in level:
            if sum(1 for v in eta if v != 0) == 1:
                return word
        nxt = []
        for word, eta in level:
            for x in machine.alphabet:
                new = [sum(eta[i] * mats[x][i][j] for i in range(n)) for j in range(n)]
                if sum(new) > 0:
                    nxt.append((word + (x,), new))
        level = nxt
    return None


def _oracle_reset(machine: sc.HMM, max_length: int):
    """The least length of a word whose 0/1 transition-matrix product is 1 e_r^T (every row the same unit vector).

    A product with a zero row stays one when extended, so such words are dropped.
    """
    states = list(machine.states)
    n = len(states)
    mats = {x: sp.zeros(n, n) for x in machine.alphabet}
    for e in machine.edges:
        mats[e.symbol][states.index(e.source), states.index(e.target)] = 1
    level = [sp.eye(n)]
    for length in range(max_length + 1):
        for prod in level:
            if any(all(prod[i, r] == 1 and sum(prod.row(i)) == 1 for i in range(n)) for r in range(n)):
                return length
        level = [prod * mats[x] for prod in level for x in machine.alphabet
                 if all(any(v != 0 for v in (prod * mats[x]).row(i)) for i in range(n))]
    return sp.oo


def _subset_bound(n: int) -> int:
    """A shortest path through images of >= 2 states visits each at most once: length <= 2^n - n - 1."""
    return max(2 ** n - n - 1, 0)


CATALOG = [
    (sc.processes.golden_mean(THIRD), ("0",), 1),
    (sc.processes.even(THIRD), ("0",), sp.oo),
    (sc.processes.period(1), (), 0),
    (sc.processes.period(2), ("0",), sp.oo),
    (sc.processes.period(3), ("1",), sp.oo),
    (sc.processes.period(4), ("1",), sp.oo),
    (sc.processes.binary_markov(THIRD, HALF), ("0",), 1),
    (sc.processes.lohr_generator(THIRD), ("0",), 1),
    (sc.processes.noisy_period2(THIRD), ("1",), sp.oo),
    (sc.processes.nemo(THIRD, HALF), ("1",), sp.oo),
    (sc.processes.biased_coin(THIRD), (), 0),
    (sc.processes.abc(THIRD, HALF), None, sp.oo),
    (_coins(THIRD, HALF), None, sp.oo),
]


@pytest.mark.parametrize("m, word, threshold", CATALOG, ids=[m.name or "model" for m, _, _ in CATALOG])
def test_catalog_values_by_hand(m, word, threshold):
    """Hand-derived shortest synchronising words and reset thresholds of the catalog processes."""
    assert sc.synchronizing_word(m) == word
    assert sc.reset_threshold(m) == threshold
    assert sc.synchronization_type(m) == ("asymptotic" if word is None else "exact")


@pytest.mark.parametrize("m", [c[0] for c in CATALOG] + [sc.processes.rrxor(), sc.processes.rip(THIRD, HALF)],
                         ids=[c[0].name or "model" for c in CATALOG] + ["rrxor", "rip"])
def test_brute_force_bayesian_oracle(m):
    """The word equals the first point-mass mixed state found by enumerating words and updating by Bayes' rule."""
    machine = sc.epsilon_machine(m)
    word = sc.synchronizing_word(m)
    bound = len(word) if word is not None else _subset_bound(len(machine.states))
    assert _oracle_sync(machine, bound) == word
    threshold = sc.reset_threshold(m)
    assert _oracle_reset(machine, threshold if threshold != sp.oo else _subset_bound(len(machine.states))) == threshold


def test_rrxor_and_rip_values():
    """RRXOR (5 causal states) is synchronised by 0010 at the earliest, RIP by 00; neither has a reset word."""
    assert sc.synchronizing_word(sc.processes.rrxor()) == ("0", "0", "1", "0")
    assert sc.synchronizing_word(sc.processes.rip(p, q)) == ("0", "0")
    assert sc.reset_threshold(sc.processes.rrxor()) == sp.oo == sc.reset_threshold(sc.processes.rip(p, q))
    assert sc.word_probability(sc.processes.rrxor(), "0010") > 0


def test_alternating_biased_coins_catalog():
    """sc.processes.abc: each symbol swaps the phases, so asymptotic for p != q, IID (exact, empty word) at p = q."""
    assert sc.synchronization_type(sc.processes.abc(p, q)) == sc.Cases(
        [(sp.Eq(p, q), "exact"), (sp.Ne(p, q), "asymptotic")])
    assert sc.synchronizing_word(sc.processes.abc(p, q)) == sc.Cases([(sp.Eq(p, q), ()), (sp.Ne(p, q), None)])


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_cerny_automata_reset_threshold(n):
    """The Cerny automaton on n states has reset threshold (n-1)^2 (Cerny 1964; Volkov 2008); complete, so = sync length."""
    m = _cerny(n)
    assert len(sc.epsilon_machine(m).states) == n
    assert sc.reset_threshold(m) == (n - 1) ** 2
    assert len(sc.synchronizing_word(m)) == (n - 1) ** 2


def test_case_split_binary_markov():
    """Binary Markov: IID on p + q = 1 (empty word, threshold 0), one symbol elsewhere."""
    assert sc.synchronizing_word(sc.processes.binary_markov(p, q)) == sc.Cases(
        [(sp.Eq(p + q, 1), ()), (sp.Ne(p + q, 1), ("0",))])
    assert sc.reset_threshold(sc.processes.binary_markov(p, q)) == sp.Piecewise((0, sp.Eq(p + q, 1)), (1, True))


def test_asymptotic_coins_split_where_the_coins_agree():
    """Alternating coins: asymptotic for p != q (Travers & Crutchfield 2011b), IID and exact at p = q."""
    assert sc.synchronizing_word(_coins()) == sc.Cases([(sp.Eq(p, q), ()), (sp.Ne(p, q), None)])
    assert sc.synchronization_type(_coins()) == sc.Cases([(sp.Eq(p, q), "exact"), (sp.Ne(p, q), "asymptotic")])
    assert sc.reset_threshold(_coins()) == sp.Piecewise((0, sp.Eq(p, q)), (sp.oo, True))
    for a, b in [(THIRD, HALF), (HALF, THIRD)]:  # the generic case at a point, against the oracle
        assert _oracle_sync(sc.epsilon_machine(_coins(a, b)), _subset_bound(2)) is None


def test_vanishing_edge_and_ergodic_split():
    """An edge vanishing at p = 1/2 leaves a one-state machine there; a split chain answers per ergodic component."""
    t = (2 * p - 1) ** 2 / 2
    g = sc.HMM.from_edges([("A", "A", "1", 1 - t), ("A", "B", "0", t), ("B", "A", "1", 1)])
    assert sc.synchronizing_word(g) == sc.Cases([(sp.Eq(p, HALF), ()), (sp.Ne(p, HALF), ("0",))])
    assert sc.reset_threshold(g) == sp.Piecewise((0, sp.Eq(p, HALF)), (1, True))
    split = sc.HMM.from_edges([("A", "A", "0", 1 - t), ("A", "B", "1", t), ("B", "B", "1", 1 - t), ("B", "A", "0", t)])
    word = sc.synchronizing_word(split)
    assert isinstance(word[0][1], sc.ErgodicDecomposition) and word[0][1].values == ((), ())
    assert word[1] == (sp.Ne(p, HALF), ("0",))
    assert sc.synchronization_type(split)[1][1] == "exact"


def test_reverse_process():
    """The reverse of the even process is synchronised too (its reverse machine is the even machine mirrored)."""
    r = sc.reverse(sc.processes.even(THIRD))
    word = sc.synchronizing_word(r)
    assert _oracle_sync(sc.epsilon_machine(r), len(word)) == word


def test_both_backends_agree(monkeypatch):
    """The flint and pure-sympy polynomial backends give identical answers on case-splitting models."""
    if "flint" not in available_backends():
        pytest.skip("python-flint is not installed")
    t = (2 * p - 1) ** 2 / 2
    models = [sc.processes.binary_markov(p, q), _coins(), sc.processes.nemo(p, q),
              sc.HMM.from_edges([("A", "A", "0", 1 - t), ("A", "B", "1", t),
                                 ("B", "B", "1", 1 - t), ("B", "A", "0", t)])]
    answers = {}
    for backend in ("flint", "sympy"):
        monkeypatch.setenv("SYMCM_BACKEND", backend)
        sc.clear_caches()
        answers[backend] = [(sc.synchronizing_word(m), sc.reset_threshold(m), sc.synchronization_type(m))
                            for m in models]
    sc.clear_caches()
    assert answers["flint"] == answers["sympy"]


@settings(max_examples=40, deadline=None, database=None)
@given(unifilar_hmms(max_states=4))
def test_invariants_over_unifilar_models(m):
    """len(sync word) <= Markov order, <= reset threshold, <= 2^n-n-1; Pr(w) > 0; complete machines obey Pin-Frankl."""
    machine = sc.epsilon_machine(m)
    n = len(machine.states)
    word, threshold = sc.synchronizing_word(m), sc.reset_threshold(m)
    order = sc.markov_order(m)
    if order != sp.oo:
        assert word is not None and len(word) <= order
    if word is None:
        assert threshold == sp.oo and sc.synchronization_type(m) == "asymptotic"
        return
    assert sc.synchronization_type(m) == "exact"
    assert len(word) <= threshold and len(word) <= _subset_bound(n)
    assert sc.word_probability(m, "".join(word)) > 0 or word == ()
    complete = all(any(e.source == s and e.symbol == x for e in machine.edges)
                   for s in machine.states for x in machine.alphabet)
    if complete and threshold != sp.oo:
        assert threshold == len(word) and threshold <= (n ** 3 - n) // 6


@settings(max_examples=25, deadline=None, database=None)
@given(unifilar_hmms(max_states=3))
def test_oracle_over_unifilar_models(m):
    """On random unifilar models the word is the Bayesian oracle's, and the threshold the matrix-product oracle's."""
    machine = sc.epsilon_machine(m)
    bound = _subset_bound(len(machine.states))
    word = sc.synchronizing_word(m)
    assert _oracle_sync(machine, bound if word is None else len(word)) == word
    threshold = sc.reset_threshold(m)
    assert _oracle_reset(machine, bound if threshold == sp.oo else threshold) == threshold
