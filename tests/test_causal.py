"""Causal states: epsilon-machines, mixed states, minimisation and case splits.

Checks are independent of symcm's algorithms: causal states are compared with
future morphs and grouped histories computed by brute force
(``tests/oracles.py``), machines with hand-derived edge lists, mixed states with
Bayes' rule applied to the labelled matrices, and case splits by evaluating
every condition at many rational points (on and off the special lines).
"""

from __future__ import annotations

import itertools
import time
import warnings

import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symcm as sc
import symcm.models.strategies as sst
from symcm.errors import (
    FloatConversionWarning,
    InfiniteStatesError,
    NotErgodicError,
    NotUnifilarError,
    TooLargeError,
    UndecidableError,
)
from tests import oracles

P = sc.processes
R = sp.Rational
p, q = sc.symbols("p q")


def edge_set(m):
    """Edges as a set of ``(source, target, symbol, cancelled probability)``."""
    return {(e.source, e.target, e.symbol, sp.cancel(e.probability)) for e in m.edges}


def isomorphic(m1, m2) -> bool:
    """Whether some renaming of m1's states gives m2's edges exactly (brute force over bijections)."""
    if len(m1.states) != len(m2.states):
        return False
    target = edge_set(m2)
    for perm in itertools.permutations(m2.states):
        ren = dict(zip(m1.states, perm))
        if {(ren[a], ren[b], x, pr) for a, b, x, pr in edge_set(m1)} == target:
            return True
    return False


def same_words(m1, m2) -> bool:
    """Brute-force equality of the word distributions up to length n1 + n2 (numeric models)."""
    length = len(m1.states) + len(m2.states)
    return oracles.word_distribution(m1, length) == oracles.word_distribution(m2, length)


def holds(cond, point) -> bool:
    """Decide a case condition at a rational point (must evaluate to True or False)."""
    value = sp.simplify(cond.subs(point))
    assert value in (sp.true, sp.false), (cond, point, value)
    return bool(value)


# --- catalog machines --------------------------------------------------------------------------

#: Minimal unifilar catalog models (whose states have pairwise distinct futures at every point of
#: the domain): each is its own epsilon-machine, state names and edges included.
MINIMAL = [P.golden_mean(p), P.even(p), P.noisy_period2(p), P.rip(p, q), P.nemo(p, q), P.rrxor(),
           P.period(1), P.period(2), P.period(5)]


@pytest.mark.parametrize("m", MINIMAL, ids=lambda m: m.name)
def test_minimal_unifilar_model_is_its_own_epsilon_machine(m):
    """The epsilon-machine of a minimal unifilar model has exactly the model's states and edges."""
    em = sc.epsilon_machine(m)
    assert isinstance(em, sc.HMM)
    assert em.states == m.states
    assert edge_set(em) == edge_set(m)


POINT_MODELS = [
    P.golden_mean(R(1, 3)), P.even(R(1, 5)), P.noisy_period2(R(2, 3)), P.rip(R(1, 3), R(1, 5)),
    P.nemo(R(1, 3), R(1, 5)), P.rrxor(), P.binary_markov(R(1, 5), R(1, 3)), P.binary_markov(R(3, 10), R(7, 10)),
    P.abc(R(1, 5), R(2, 3)), P.abc(R(2, 5), R(2, 5)), P.biased_coin(R(1, 3)), P.period(4),
]


@pytest.mark.parametrize("m", POINT_MODELS, ids=lambda m: m.name)
def test_causal_states_are_the_morph_classes(m):
    """For unifilar models the epsilon-machine's states carry the stationary mass of the morph classes."""
    morphs = oracles.future_morphs(m, max(1, len(m.states)))
    mass: dict = {}
    for s, w in zip(m.states, oracles.stationary_fractions(m)):
        mass[morphs[s]] = mass.get(morphs[s], 0) + w
    em = sc.epsilon_machine(m)
    pi = sc.stationary_distribution(em)
    assert sorted(mass.values()) == sorted(pi.values())
    assert same_words(m, em)


@pytest.mark.parametrize("m, order", [(P.golden_mean(R(1, 3)), 1), (P.binary_markov(R(2, 3), R(1, 4)), 1),
                                      (P.lohr_generator(R(1, 5)), 1), (P.lohr_generator(R(1, 3)), 1),
                                      (P.period(3), 2), (P.binary_markov(R(1, 2), R(1, 2)), 0)],
                         ids=lambda v: getattr(v, "name", str(v)))
def test_causal_states_are_grouped_histories(m, order):
    """For Markov order R, histories of R symbols grouped by their futures give the causal states' masses."""
    groups = oracles.causal_state_probabilities(m, order, len(m.states))
    em = sc.epsilon_machine(m)
    assert sorted(sc.stationary_distribution(em).values()) == groups


def test_binary_markov_epsilon_machine_cases():
    """binary_markov(p, q): Cases [(Eq(p + q, 1), 1 state), (generic, 2 states)], generic last."""
    em = sc.epsilon_machine(P.binary_markov(p, q))
    assert isinstance(em, sc.Cases) and len(em) == 2
    (line, iid), (rest, generic) = em
    assert line == sp.Eq(p + q, 1)
    assert len(iid.states) == 1 and len(generic.states) == 2
    assert em.generic is generic
    # the generic machine is the model itself; the line machine is a biased coin with Pr(1) = 1 - q
    assert edge_set(generic) == edge_set(P.binary_markov(p, q))
    assert edge_set(iid) == {("A", "A", "0", q), ("A", "A", "1", 1 - q)}


GRID = [{p: R(a, d), q: R(b, d)} for d in (2, 3, 4, 5, 6, 10) for a in range(1, d) for b in range(1, d)]


def test_binary_markov_cases_partition_the_square():
    """At every point of a rational grid (on and off p + q = 1) exactly one condition holds, the right one."""
    m = P.binary_markov(p, q)
    em = sc.epsilon_machine(m)
    on_line = 0
    for point in GRID:
        hits = [mach for cond, mach in em if holds(cond, point)]
        assert len(hits) == 1, point
        iid = point[p] + point[q] == 1
        on_line += iid
        assert len(hits[0].states) == (1 if iid else 2), point
    assert on_line >= 10


@pytest.mark.parametrize("point", [GRID[i] for i in range(0, len(GRID), 7)], ids=str)
def test_binary_markov_case_machine_at_point(point):
    """The case machine substituted at a point generates m.subs(point) and has its causal-state count."""
    m = P.binary_markov(p, q)
    mach = sc.Cases(list(sc.epsilon_machine(m))).at(point)
    here = mach.subs({s: v for s, v in point.items() if s in mach.parameters})
    at = m.subs(point)
    assert same_words(here, at)
    assert len(here.states) == len(sc.epsilon_machine(at).states)


def test_abc_epsilon_machine_cases():
    """abc(p, q): the two phases merge exactly on the line p = q."""
    em = sc.epsilon_machine(P.abc(p, q))
    assert isinstance(em, sc.Cases) and len(em) == 2
    assert em.conditions[0] == sp.Eq(p, q)
    assert [len(mach.states) for mach in em.values] == [1, 2]
    for point in GRID:
        hits = [mach for cond, mach in em if holds(cond, point)]
        assert len(hits) == 1
        assert len(hits[0].states) == (1 if point[p] == point[q] else 2)


def test_lohr_epsilon_machine_has_binary_markov_edges():
    """Loehr's generator: its epsilon-machine has the edges of binary_markov(p, p); domains (0, 1/2) vs (0, 1)."""
    em = sc.epsilon_machine(P.lohr_generator(p))
    bm = P.binary_markov(p, p)
    assert isinstance(em, sc.HMM)
    assert edge_set(em) == edge_set(bm)
    assert dict(em.domain) == {p: (0, R(1, 2))}
    assert dict(bm.domain) == {p: (0, 1)}


def test_lohr_mixed_states_are_bayes_updates():
    """Each mixed-state edge is eta -> eta T^(x) / Pr(x | eta) with probability Pr(x | eta) (oracle matrices)."""
    m = P.lohr_generator(R(1, 5))
    msp, beliefs = sc.mixed_state_presentation(m)
    mats = oracles.matrices(m)
    pi = oracles.stationary(m)
    assert beliefs["M0"] == pi
    assert sc.is_unifilar(msp)
    for e in msp.edges:
        eta = sp.Matrix([[beliefs[e.source][s] for s in m.states]])
        nxt = eta * mats[e.symbol]
        total = sum(nxt)
        assert e.probability == total
        assert [beliefs[e.target][s] for s in m.states] == [v / total for v in nxt]
    # symbol-emission probabilities of each mixed state sum to 1
    for s in msp.states:
        assert sum(e.probability for e in msp.edges if e.source == s) == 1


def test_lohr_symbolic_mixed_states():
    """Symbolic mixed states of Loehr's generator start at pi and include the belief (1 - 2p, 2p, 0) after a 0."""
    msp, beliefs = sc.mixed_state_presentation(P.lohr_generator(p))
    assert beliefs["M0"] == {"A": R(1, 2) - p, "B": 2 * p, "C": R(1, 2) - p}
    # Bayes by hand: after 0 from pi, weights A: (1/2-p)(1-2p) + 2p(1/2-p) = (1/2-p), B: (1/2-p)2p + 2p p = p,
    # C: 0; normalised by Pr(0) = 1/2: (1 - 2p, 2p, 0)
    assert {"A": 1 - 2 * p, "B": 2 * p, "C": 0} in [{k: sp.cancel(v) for k, v in b.items()} for b in beliefs.values()]


def test_transient_states_are_dropped():
    """A unifilar model with a transient state T: the epsilon-machine is the golden mean on A, B."""
    m = sc.HMM.from_edges([("T", "A", "1", R(1, 2)), ("T", "B", "0", R(1, 2)), ("A", "A", "1", 1 - p),
                           ("A", "B", "0", p), ("B", "A", "1", 1)])
    em = sc.epsilon_machine(m)
    assert em.states == ("A", "B")
    assert edge_set(em) == edge_set(P.golden_mean(p))


def _golden_doubled(prob=p):
    return sc.HMM.from_edges([("A", "A", "1", 1 - prob), ("A", "B", "0", prob), ("B", "A2", "1", 1),
                              ("A2", "A2", "1", 1 - prob), ("A2", "B2", "0", prob), ("B2", "A", "1", 1)])


def test_nonminimal_unifilar_model_minimises_to_golden_mean():
    """Duplicating the golden mean's states (4 states, unifilar) minimises to the 2-state machine."""
    m = _golden_doubled()
    em = sc.epsilon_machine(m)
    assert len(em.states) == 2 and isomorphic(em, P.golden_mean(p))
    assert isomorphic(sc.minimize(m), P.golden_mean(p))
    # and the brute-force morphs agree: A ~ A2, B ~ B2 at a point
    morphs = oracles.future_morphs(_golden_doubled(R(1, 3)), 4)
    assert morphs["A"] == morphs["A2"] and morphs["B"] == morphs["B2"] and morphs["A"] != morphs["B"]


@pytest.mark.parametrize("m", [P.biased_coin(p), P.biased_coin(R(2, 7)), P.period(1), P.abc(p, p),
                               P.binary_markov(R(3, 10), R(7, 10)), P.binary_markov(p, 1 - p)],
                         ids=lambda m: m.name)
def test_one_state_machines(m):
    """IID processes have a one-state epsilon-machine (also when the model has two states)."""
    em = sc.epsilon_machine(m)
    assert isinstance(em, sc.HMM) and len(em.states) == 1


def test_floats_on_the_iid_line_merge_exactly():
    """binary_markov(0.3, 0.7): floats convert with a warning and the two states merge exactly."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = P.binary_markov(0.3, 0.7)
    messages = [str(w.message) for w in caught if issubclass(w.category, FloatConversionWarning)]
    assert len(messages) == 2 and "3/10" in messages[0] and "7/10" in messages[1]
    em = sc.epsilon_machine(m)
    assert len(em.states) == 1
    assert edge_set(em) == {("A", "A", "0", R(7, 10)), ("A", "A", "1", R(3, 10))}


def test_boundary_points_by_subs():
    """Boundary values via subs: golden_mean(1) is period 2, even(0) is all ones, binary_markov(1, 1) is period 2."""
    assert isomorphic(sc.epsilon_machine(P.golden_mean(p).subs({p: 1})), P.period(2))
    e0 = sc.epsilon_machine(P.even(p).subs({p: 0}))
    assert len(e0.states) == 1 and edge_set(e0) == {("A", "A", "1", 1)}
    assert isomorphic(sc.epsilon_machine(P.binary_markov(p, q).subs({p: 1, q: 1})), P.period(2))
    # binary_markov(1, q): A -1-> B always; B -1-> B (1 - q), B -0-> A (q): two causal states
    b1 = sc.epsilon_machine(P.binary_markov(p, q).subs({p: 1}))
    assert isinstance(b1, sc.HMM) and len(b1.states) == 2


def test_period_machines():
    """period(n) is its own n-state epsilon-machine; renaming states keeps it isomorphic."""
    for n in range(1, 7):
        em = sc.epsilon_machine(P.period(n))
        assert len(em.states) == n and isomorphic(em, P.period(n))


def test_sns_has_no_finite_machine():
    """The SNS raises InfiniteStatesError quickly; the message names max_states and the states explored."""
    start = time.perf_counter()
    with pytest.raises(InfiniteStatesError, match=r"max_states=200 \(explored 200 mixed states\)"):
        sc.epsilon_machine(P.sns())
    assert time.perf_counter() - start < 10
    with pytest.raises(InfiniteStatesError, match=r"max_states=17 \(explored 17"):
        sc.epsilon_machine(P.sns(), max_states=17)
    assert issubclass(InfiniteStatesError, TooLargeError)


def test_sns_beliefs_never_repeat():
    """SNS: the belief after 0 1^n is (1/(n+1), n/(n+1)), all distinct, so no finite machine; symcm says so.

    After a 0 the state is A; from A, ``Pr(1^n, A) = 2^-n`` and ``Pr(1^n, B) = n 2^-n``.
    """
    with pytest.raises(InfiniteStatesError):
        sc.mixed_state_presentation(P.sns(), max_states=30)
    for n in range(8):
        word = ("0",) + ("1",) * n
        vec = oracles.forward_vectors(P.sns(), len(word))[word]
        total = sum(vec)
        assert [v / total for v in vec] == [sp.Rational(1, n + 1), sp.Rational(n, n + 1)]


def test_symbolic_sns_like_model_raises():
    """A symbolic SNS-like model: the symbolic mixed states do not close, InfiniteStatesError."""
    m = sc.HMM.from_edges([("A", "A", "1", p), ("A", "B", "1", 1 - p), ("B", "B", "1", R(1, 2)),
                           ("B", "A", "0", R(1, 2))])
    with pytest.raises(InfiniteStatesError, match="max_states=12"):
        sc.epsilon_machine(m, max_states=12)


def test_several_recurrent_classes_raise():
    """Two disconnected components have no single epsilon-machine: NotErgodicError names the classes."""
    m = sc.HMM.from_edges([("A", "A", "0", 1), ("B", "B", "1", 1)])
    with pytest.raises(NotErgodicError, match="recurrent classes"):
        sc.epsilon_machine(m)


def test_minimize_refuses_nonunifilar():
    """minimize needs a unifilar model."""
    with pytest.raises(NotUnifilarError):
        sc.minimize(P.lohr_generator(p))


def test_strata_of_binary_markov():
    """strata: (Eq(p + q, 1), {p: 1 - q}, {q: (0, 1)}) then the generic region with no substitution."""
    (c1, s1, d1), (c2, s2, d2) = sc.strata(P.binary_markov(p, q))
    assert c1 == sp.Eq(p + q, 1) and s1 == {p: 1 - q} and d1 == {q: (0, 1)}
    assert s2 == {} and d2 == {p: (0, 1), q: (0, 1)}
    for point in GRID:
        assert holds(c1, point) != holds(c2, point)


def test_causal_cases_always_returns_cases():
    """causal_cases wraps a single machine in a one-case Cases with condition True."""
    cases = sc.causal_cases(P.golden_mean(p))
    assert isinstance(cases, sc.Cases) and len(cases) == 1 and cases.conditions == (sp.true,)


# --- the known case-split bug -----------------------------------------------------------------

def test_irrational_merge_point_outside_domain_is_ignored():
    """B's emission (p^2 + 1)/3 never equals A's (1) in (0, 1) (only at p = sqrt 2): one generic machine."""
    m = sc.HMM.from_edges([("A", "B", "0", 1), ("B", "B", "0", (p**2 + 1) / 3), ("B", "A", "1", (2 - p**2) / 3)])
    em = sc.epsilon_machine(m)
    assert isinstance(em, sc.HMM) and len(em.states) == 2


# --- invariants over generated models ------------------------------------------------------------

def _machine(m, max_states=30):
    try:
        return sc.epsilon_machine(m, max_states=max_states)
    except InfiniteStatesError:
        assume(False)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(sst.hmms(max_states=3))
def test_epsilon_machine_is_idempotent_and_generates_the_process(m):
    """em(em(m)) = em(m) (same edges); em(m) is unifilar, minimal and generates m's process."""
    em = _machine(m)
    assert sc.is_unifilar(em)
    assert edge_set(sc.epsilon_machine(em)) == edge_set(em)
    assert sc.same_process(m, em) is True
    assert same_words(m, em)
    morphs = oracles.future_morphs(em, len(em.states))
    assert len(set(morphs.values())) == len(em.states)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_relabelling_gives_an_isomorphic_machine(data):
    """Renaming a model's states gives an isomorphic epsilon-machine."""
    m = data.draw(sst.hmms(max_states=3))
    em = _machine(m)
    assert isomorphic(_machine(data.draw(sst.relabellings(m))), em)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(sst.unifilar_hmms(max_states=3))
def test_unifilar_machine_states_are_morph_classes(m):
    """For unifilar models the number of causal states is the number of distinct recurrent morphs."""
    em = _machine(m)
    morphs = oracles.future_morphs(m, len(m.states))
    assert len(em.states) == len(set(morphs.values()))


@pytest.mark.slow
@settings(max_examples=20, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_symbolic_cases_partition_the_domain(data):
    """Symbolic unifilar models with vanishing edges: one condition holds at each point, with the right machine.

    The machine of the case that holds generates ``m.subs(point)`` with as many states as
    its epsilon-machine, and no special case has more states than the generic one.
    """
    m = data.draw(sst.symbolic_hmms(parameters=1, max_states=3, unifilar=True, vanishing=True))
    try:
        em = sc.epsilon_machine(m, max_states=30)
    except UndecidableError:
        assume(False)  # irrational components (and the bug above)
    cases = em if isinstance(em, sc.Cases) else sc.Cases([(sp.true, em)])
    assert all(len(mach.states) <= len(cases.generic.states) for mach in cases.values if isinstance(mach, sc.HMM))
    for _ in range(4):
        point = data.draw(sst.domain_points(m, max_denominator=4))
        hits = [mach for cond, mach in cases if holds(cond, point)]
        assert len(hits) == 1, point
        at = m.subs(point)
        if isinstance(hits[0], sc.ErgodicDecomposition):
            # vanishing edges split the chain here: one machine per recurrent class of m at the point
            assert list(hits[0].classes) == sc.recurrent_classes(at), point
            for members, mach in hits[0]:
                alone = sc.HMM.from_edges([tuple(e) for e in at.edges if e.source in members])
                assert len(mach.states) == len(sc.epsilon_machine(alone).states)
                assert same_words(mach, alone)
            continue
        assert len(sc.recurrent_classes(at)) == 1, point
        here = hits[0].subs({s: v for s, v in point.items() if s in hits[0].parameters})
        assert len(here.states) == len(sc.epsilon_machine(at).states)
        assert same_words(here, at)


@pytest.mark.slow
@settings(max_examples=8, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_symbolic_two_parameter_machine_at_points(data):
    """Two-parameter symbolic unifilar models: the epsilon-machine at a point generates the substituted process."""
    m = data.draw(sst.symbolic_hmms(parameters=2, max_states=3, unifilar=True))
    try:
        em = sc.epsilon_machine(m, max_states=20)
    except (UndecidableError, InfiniteStatesError):
        assume(False)
    cases = em if isinstance(em, sc.Cases) else sc.Cases([(sp.true, em)])
    for _ in range(3):
        point = data.draw(sst.domain_points(m, max_denominator=5))
        mach = cases.at(point)
        here = mach.subs({s: v for s, v in point.items() if s in mach.parameters})
        try:
            at_em = sc.epsilon_machine(m.subs(point), max_states=40)
        except InfiniteStatesError:
            continue
        assert len(here.states) == len(at_em.states)
        assert same_words(here, m.subs(point))


# --- mixed states on polynomial vectors: backends and the sympy oracle ------------------

_MSP_MODELS = ["lohr_generator", "nemo", "rip", "rrxor", "even", "noisy_period2", "golden_mean"]


def _catalog_model(name):
    func, params = sc.processes.catalog()[name]
    return func(*(sc.symbols(x) for x in params))


@pytest.mark.parametrize("name", _MSP_MODELS)
@pytest.mark.parametrize("reverse", [False, True], ids=["forward", "reverse"])
def test_mixed_states_flint_and_sympy_backends_identical(name, reverse):
    """The flint and pure-sympy polynomial backends give identical mixed-state presentations and beliefs."""
    from symcm.algebra.backends import available_backends

    if "flint" not in available_backends():
        pytest.skip("python-flint is not installed")
    m = _catalog_model(name)
    m = sc.reverse(m) if reverse else m
    assert sc.mixed_state_presentation(m, backend="flint") == sc.mixed_state_presentation(m, backend="sympy")


@pytest.mark.parametrize("name", _MSP_MODELS)
def test_mixed_states_match_the_sympy_oracle(name):
    """Every belief of the slow sympy construction equals one of the fast construction's, which has no duplicates."""
    from tests.oracles import mixed_states_sympy

    m = sc.reverse(_catalog_model(name))
    _, beliefs = sc.mixed_state_presentation(m)
    fast_beliefs = [tuple(b[s] for s in m.states) for b in beliefs.values()]
    slow, _ = mixed_states_sympy(m)
    same = lambda a, b: all(sp.cancel(x - y) == 0 for x, y in zip(a, b))  # noqa: E731
    for i, a in enumerate(fast_beliefs):
        assert not any(same(a, b) for b in fast_beliefs[:i]), f"duplicate belief {a}"
    for b in slow:
        assert any(same(a, b) for a in fast_beliefs), f"oracle belief {b} missing"
    assert len(fast_beliefs) <= len(slow)  # the oracle's keys are not canonical: it may hold duplicates


def test_mixed_states_no_sign_duplicates_in_nemo():
    """Nemo's mixed states: 6 distinct beliefs (sympy-cancelled keys split one belief into two signs)."""
    p, q = sc.symbols("p q")
    msp, beliefs = sc.mixed_state_presentation(sc.processes.nemo(p, q))
    assert len(msp.states) == 6


@pytest.mark.parametrize("name", ["binary_markov", "golden_mean", "even", "abc", "noisy_period2"])
def test_merge_systems_match_the_sympy_cancel_oracle(name):
    """The distinct solvable merge systems equal those of sympy's cancelled differences pair by pair, up to constants."""
    from collections import deque

    from symcm.causal.refinement import merge_systems
    from symcm.causal.states import _emissions

    m = sc.epsilon_machine(_catalog_model(name))
    m = m.generic if isinstance(m, sc.Cases) else m
    blocks = [(s,) for s in m.states]
    fast = merge_systems(m, blocks)
    emit = _emissions(m)
    slow = []
    for i in range(len(blocks)):
        for j in range(i + 1, len(blocks)):
            eqs, seen, queue = [], {(i, j)}, deque([(i, j)])
            while queue:
                a, b = queue.popleft()
                u, v = m.states[a], m.states[b]
                for x in m.alphabet:
                    pu = emit[u][x][0] if x in emit[u] else 0
                    pv = emit[v][x][0] if x in emit[v] else 0
                    diff = sp.numer(sp.cancel(sp.together(pu - pv)))
                    if diff != 0:
                        eqs.append(diff)
                    if x in emit[u] and x in emit[v]:
                        nxt = tuple(sorted((m.index(emit[u][x][1]), m.index(emit[v][x][1]))))
                        if nxt[0] != nxt[1] and nxt not in seen:
                            seen.add(nxt)
                            queue.append(nxt)
            slow.append(eqs)

    def normal(f):  # primitive, positive lex-leading coefficient: the same polynomial up to a constant
        poly = sp.Poly(f, *m.parameters).primitive()[1]
        return (-poly if poly.LC() < 0 else poly).as_expr()

    distinct = []  # the oracle's systems without a nonzero constant, each once, in order of first pair
    for eqs in slow:
        system = frozenset(normal(f) for f in eqs)
        if not any(f.is_number for f in system) and system not in distinct:
            distinct.append(system)
    assert [frozenset(normal(f) for f in eqs) for eqs in fast] == distinct
    assert all(len(eqs) == len(set(eqs)) for eqs in fast)


def test_a_derived_model_does_not_answer_for_a_users_model_with_vanishing_edges():
    """E of a model caches its reverse, which has the same edges as a user's model whose edge vanishes at p = 1/2: the user's model keeps its split."""
    half = sp.Rational(1, 2)
    dip = 2 * (p - half) ** 2  # vanishes at p = 1/2 only, without changing sign
    a = sc.HMM.from_edges([("A", "B", "0", 1), ("B", "A", "0", dip), ("B", "A", "1", 1 - dip)])
    b = sc.HMM.from_edges([("A", "B", "0", dip), ("A", "B", "1", 1 - dip), ("B", "A", "0", 1)])
    sc.clear_caches()
    fresh = sc.markov_order(b)
    assert fresh == sp.Piecewise((1, sp.Eq(p, half)), (sp.oo, True))
    sc.clear_caches()
    sc.excess_entropy(a)  # computes the epsilon-machine of reverse(a), whose edges are b's
    assert sc.markov_order(b) == fresh
    assert isinstance(sc.epsilon_machine(b), sc.Cases)
    assert sc.markov_order(b.subs({p: half})) == 1
    sc.clear_caches()
