"""Exact equivalence of processes: ``sc.same_process``.

Independent route: two numeric models generate the same stationary process
iff their word distributions agree; by the Schuetzenberger-Paz bound it is
enough to compare words up to length ``n1 + n2 - 1``, and the oracle
(``tests/oracles.py``, exact forward recursion on the edges) compares all
words up to ``n1 + n2``.  Symbolic answers are checked point by point.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symcm as sc
import symcm.models.strategies as sst
from symcm.errors import DomainError, InfiniteStatesError, TooLargeError
from tests import oracles

P = sc.processes
R = sp.Rational
p, q = sc.symbols("p q")


def same_words(m1, m2, extra=1) -> bool:
    """Brute force: equal probabilities for every word of length n1 + n2 - 1 + extra (numeric models)."""
    length = len(m1.states) + len(m2.states) - 1 + extra
    d1, d2 = oracles.word_distribution(m1, length), oracles.word_distribution(m2, length)
    return d1 == d2


def duplicate_state(m, s, suffix="'"):
    """A non-minimal presentation of m's process: s is split into s and s', each receiving half of every
    edge into s, and s' copies s's outgoing edges (the pair is lumpable, so the process is unchanged)."""
    twin = f"{s}{suffix}"
    edges = []
    for e in m.edges:
        sources = [e.source, twin] if e.source == s else [e.source]
        for src in sources:
            if e.target == s:
                edges += [(src, s, e.symbol, e.probability / 2), (src, twin, e.symbol, e.probability / 2)]
            else:
                edges.append((src, e.target, e.symbol, e.probability))
    return sc.HMM.from_edges(edges, states=list(m.states) + [twin], alphabet=m.alphabet,
                             domain=dict(m.domain))


def holds(cond, point) -> bool:
    value = sp.simplify(cond.subs(point))
    assert value in (sp.true, sp.false), (cond, point)
    return bool(value)


# --- named pairs -------------------------------------------------------------------------------

def test_lohr_generates_binary_markov_on_the_diagonal():
    """Loehr's generator and binary_markov(p, p) are the same process on (0, 1/2), exactly (symbolic)."""
    assert sc.same_process(P.lohr_generator(p), P.binary_markov(p, p)) is True
    assert sc.same_process(P.binary_markov(p, p), P.lohr_generator(p)) is True
    for v in (R(1, 5), R(1, 3), R(9, 20)):
        assert same_words(P.lohr_generator(v), P.binary_markov(v, v))


def test_binary_markov_vs_biased_coin_is_the_iid_line():
    """binary_markov(p, q) vs biased_coin(p): Cases [(Eq(p + q, 1), True), (rest, False)]."""
    answer = sc.same_process(P.binary_markov(p, q), P.biased_coin(p))
    assert isinstance(answer, sc.Cases)
    assert answer.conditions[0] == sp.Eq(p + q, 1)
    assert answer.values == (True, False)
    for d in (3, 4, 5, 7, 10):
        for a in range(1, d):
            for b in range(1, d):
                point = {p: R(a, d), q: R(b, d)}
                hits = [v for c, v in answer if holds(c, point)]
                assert len(hits) == 1
                truth = same_words(P.binary_markov(*point.values()), P.biased_coin(point[p]))
                assert hits[0] == truth == (a + b == d), point


def test_binary_markov_symmetry_split():
    """binary_markov(p, q) vs binary_markov(q, p) (0 and 1 exchanged is not the same process): same iff p = q."""
    answer = sc.same_process(P.binary_markov(p, q), P.binary_markov(q, p))
    assert isinstance(answer, sc.Cases)
    for point in [{p: R(1, 3), q: R(1, 3)}, {p: R(1, 3), q: R(2, 3)}, {p: R(1, 5), q: R(1, 2)},
                  {p: R(3, 4), q: R(3, 4)}]:
        hits = [v for c, v in answer if holds(c, point)]
        assert hits == [point[p] == point[q]]
        assert same_words(P.binary_markov(point[p], point[q]), P.binary_markov(point[q], point[p])) == hits[0]


DIFFERENT = [
    (P.golden_mean(R(1, 3)), P.even(R(1, 3))),
    (P.period(2), P.period(3)),
    (P.biased_coin(R(1, 3)), P.biased_coin(R(1, 4))),
    (P.rip(R(1, 3), R(1, 5)), P.nemo(R(1, 3), R(1, 5))),
    # RRXOR agrees with fair coin flips on every word of length <= 2: the first difference is at length 3
    (P.rrxor(), P.biased_coin(R(1, 2))),
    (P.abc(R(1, 5), R(2, 3)), P.abc(R(1, 5), R(3, 4))),
    (P.sns(), P.golden_mean(R(1, 2))),
    (P.golden_mean(p), P.even(p)),
    (P.nemo(p, q), P.rip(p, q)),
]


@pytest.mark.parametrize("m1, m2", DIFFERENT, ids=lambda m: m.name)
def test_different_processes(m1, m2):
    """Different processes: False (symbolic: nowhere on the joint domain), and brute force agrees."""
    assert sc.same_process(m1, m2) is False
    if m1.is_numeric and m2.is_numeric:
        assert not same_words(m1, m2)


def test_rrxor_differs_from_fair_coin_only_at_length_three():
    """RRXOR's words of length 2 are uniform (so a short comparison would say equal); length 3 is not."""
    words2 = oracles.word_distribution(P.rrxor(), 2)
    assert set(words2.values()) == {Fraction(1, 4)} and len(words2) == 4
    assert len(set(oracles.word_distribution(P.rrxor(), 3).values())) > 1


SAME = [
    (P.golden_mean(p), P.golden_mean(p).relabel({"A": "X", "B": "Y"})),
    (P.nemo(p, q), P.nemo(p, q).relabel({"A": "C", "C": "A"})),
    (P.golden_mean(p), duplicate_state(P.golden_mean(p), "A")),
    (P.even(R(1, 3)), duplicate_state(P.even(R(1, 3)), "B")),
    (P.rrxor(), duplicate_state(P.rrxor(), "S")),
    (P.lohr_generator(p), duplicate_state(P.lohr_generator(p), "B")),
    (P.binary_markov(R(3, 10), R(7, 10)), P.biased_coin(R(3, 10))),
    (P.abc(p, p), P.biased_coin(1 - p)),
    # the stationary phase is uniform, so exchanging the two coins gives the same process
    (P.abc(R(1, 5), R(2, 3)), P.abc(R(2, 3), R(1, 5))),
    (P.golden_mean(p), sc.epsilon_machine(P.golden_mean(p))),
    (P.lohr_generator(R(1, 5)), sc.epsilon_machine(P.lohr_generator(R(1, 5)))),
]


@pytest.mark.parametrize("m1, m2", SAME, ids=lambda m: m.name or "derived")
def test_same_processes(m1, m2):
    """Relabelled copies, duplicated-state presentations and epsilon-machines: True, both ways."""
    assert sc.same_process(m1, m2) is True
    assert sc.same_process(m2, m1) is True
    if m1.is_numeric and m2.is_numeric:
        assert same_words(m1, m2)
    else:
        point = {s: R(1, 5) for s in set(m1.parameters) | set(m2.parameters)}
        sub = lambda m: m.subs({s: v for s, v in point.items() if s in m.parameters})  # noqa: E731
        assert same_words(sub(m1), sub(m2))


@pytest.mark.parametrize("m1, m2, special", [
    (P.biased_coin(p), P.biased_coin(q), lambda a, b: a == b),
    # abc(q', q') emits 1 with probability 1 - q': equal to biased_coin(a) iff both coins are fair
    (P.biased_coin(p), P.abc(p, q), lambda a, b: a == b == R(1, 2)),
], ids=["coin-vs-coin", "coin-vs-abc"])
def test_two_parameter_cases_match_brute_force(m1, m2, special):
    """Two-parameter answers (a line, a point) hold exactly where brute-force word distributions agree."""
    answer = sc.same_process(m1, m2)
    assert isinstance(answer, sc.Cases) and answer.values == (True, False)
    for d in (2, 3, 4, 6):
        for a in range(1, d):
            for b in range(1, d):
                point = {p: R(a, d), q: R(b, d)}
                hits = [v for c, v in answer if holds(c, point)]
                sub = lambda m: m.subs({s: v for s, v in point.items() if s in m.parameters})  # noqa: E731
                assert hits == [special(point[p], point[q])] == [same_words(sub(m1), sub(m2))], point


def test_abc_is_symmetric_in_its_coins():
    """abc(p, q) and abc(q, p) are the same process identically (the stationary phase is uniform)."""
    assert sc.same_process(P.abc(p, q), P.abc(q, p)) is True


def test_irrational_agreement_point_outside_domain_gives_false():
    """biased_coin((p^2 + 1)/3) vs biased_coin(3/4) agree only at p = sqrt(5)/2 > 1: False on (0, 1)."""
    assert sc.same_process(P.biased_coin((p**2 + 1) / 3), P.biased_coin(R(3, 4))) is False


def test_symbols_missing_from_one_alphabet_have_probability_zero():
    """A model whose alphabet has an extra, never-emitted symbol is the same process; one that emits it is not."""
    coin3 = sc.HMM.from_edges([("A", "A", "0", R(2, 3)), ("A", "A", "1", R(1, 3))], alphabet=("0", "1", "2"))
    assert sc.same_process(coin3, P.biased_coin(R(1, 3))) is True
    emits2 = sc.HMM.from_edges([("A", "A", "0", R(2, 3)), ("A", "A", "2", R(1, 3))])
    assert sc.same_process(emits2, P.biased_coin(R(1, 3))) is False


def test_joint_domain_and_disjoint_domains():
    """The answer is given on the intersection of the domains; disjoint domains raise DomainError."""
    narrow = sc.HMM.from_edges([("A", "A", "0", 1 - p), ("A", "A", "1", p)], domain={p: (0, R(1, 4))})
    wide = sc.HMM.from_edges([("A", "A", "0", 1 - p), ("A", "A", "1", p)], domain={p: (R(1, 2), 1)})
    assert sc.same_process(narrow, P.biased_coin(p)) is True
    with pytest.raises(DomainError, match="do not overlap"):
        sc.same_process(narrow, wide)


def symbolic_sns():
    """The simple nonunifilar source with a parameter: infinitely many causal states, so no finite machine."""
    return sc.HMM.from_edges([("A", "A", "1", p), ("A", "B", "1", 1 - p),
                              ("B", "A", "0", R(1, 2)), ("B", "B", "1", R(1, 2))])


def test_max_words_cap():
    """Too many words raise TooLargeError naming max_words when no other route applies (symbolic, no finite machine)."""
    with pytest.raises(TooLargeError, match="max_words=4"):
        sc.same_process(symbolic_sns(), symbolic_sns(), max_words=4)
    assert sc.same_process(P.rrxor(), P.rrxor(), max_words=8) is True  # numeric: another route applies


# --- properties over generated pairs ---------------------------------------------------------------

@st.composite
def model_pairs(draw):
    """A random model and a second one that is random, a relabelling, a duplicated-state copy or its machine."""
    m1 = draw(sst.hmms(max_states=3))
    kind = draw(st.sampled_from(["random", "relabel", "duplicate", "machine", "self"]))
    if kind == "random":
        m2 = draw(sst.hmms(max_states=3))
    elif kind == "relabel":
        m2 = draw(sst.relabellings(m1))
    elif kind == "duplicate":
        m2 = duplicate_state(m1, draw(st.sampled_from(m1.states)))
    elif kind == "machine":
        try:
            m2 = sc.epsilon_machine(m1, max_states=20)
        except InfiniteStatesError:
            m2 = m1
    else:
        m2 = m1
    return m1, m2


@settings(max_examples=80, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(model_pairs())
def test_same_process_agrees_with_brute_force(pair):
    """same_process(m1, m2) is True iff all words up to length n1 + n2 have equal probabilities."""
    m1, m2 = pair
    answer = sc.same_process(m1, m2)
    assert answer in (True, False)
    assert answer == same_words(m1, m2)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(model_pairs())
def test_same_process_is_reflexive_and_symmetric(pair):
    """same_process(m, m) is True and same_process(m1, m2) == same_process(m2, m1)."""
    m1, m2 = pair
    assert sc.same_process(m1, m1) is True
    assert sc.same_process(m1, m2) == sc.same_process(m2, m1)


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_symbolic_same_process_at_points(data):
    """Symbolic pairs (a model vs a point-specialised copy of it): the cases agree with brute force at points."""
    m = data.draw(sst.symbolic_hmms(parameters=1, max_states=2))
    (x,) = m.parameters
    anchor = data.draw(sst.domain_points(m, max_denominator=4))[x]
    other = m.subs({x: anchor})  # the process at one point: same as m exactly there (and maybe elsewhere)
    try:
        answer = sc.same_process(m, other)
    except sc.errors.UndecidableError:
        assume(False)
    cases = answer if isinstance(answer, sc.Cases) else sc.Cases([(sp.true, answer)])
    points = [{x: anchor}] + [data.draw(sst.domain_points(m, max_denominator=6)) for _ in range(3)]
    for point in points:
        hits = [v for c, v in cases if holds(c, point)]
        assert len(hits) == 1, point
        assert hits[0] == same_words(m.subs(point), other), point
