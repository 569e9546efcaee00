"""Recurrent classes and exact stationary distributions, including the degenerate cases.

Known values (one-state and periodic chains, reducible chains, transient
states, boundary parameter values, vanishing edges), the invariant
``pi T = pi`` exactly, the nullspace oracle of ``tests/oracles.py``, and the
agreement of the two polynomial backends (flint and pure sympy).
"""

from __future__ import annotations

import itertools
import random
import re

import pytest
import sympy as sp

import symcm as sc
from tests.catalog_args import catalog_arguments
from symcm.errors import NegativeProbabilityError, NotErgodicError, ParameterTypeError
from symcm.algebra.backends import available_backends
from tests import oracles

P = sc.processes
p, q = sc.symbols("p q")
R = sp.Rational
HALF = R(1, 2)
H = sc.HMM.from_edges

needs_flint = pytest.mark.skipif("flint" not in available_backends(), reason="python-flint is not installed")


def assert_stationary(m, pi) -> None:
    """``pi`` is a probability vector over m.states with ``pi T = pi`` exactly."""
    assert list(pi) == list(m.states)
    vec = sp.Matrix([[pi[s] for s in m.states]])
    assert sp.cancel(sum(vec) - 1) == 0
    residual = (vec * m.transition_matrix - vec).applyfunc(sp.cancel)
    assert residual == sp.zeros(1, len(m.states)), residual


def catalog_models():
    """Every catalog process with symbolic parameters (period(n) for a few n)."""
    out = []
    for name, (func, params) in P.catalog().items():
        if name == "period":
            out += [(f"period({n})", func(n)) for n in (1, 2, 3, 5)]
        else:
            out.append((name, func(*catalog_arguments(name, params))))
    return out


CATALOG = catalog_models()


def random_chain(seed: int, n: int = 6):
    """A random irreducible n-state chain whose rows are symbolic splits (a cycle plus random extra edges)."""
    rng = random.Random(seed)
    states = [f"s{i}" for i in range(n)]
    splits = [
        lambda: [p, 1 - p],
        lambda: [q, 1 - q],
        lambda: [p * q, p * (1 - q), 1 - p],
        lambda: [R(1, 3), R(2, 3) * q, R(2, 3) * (1 - q)],
        lambda: [p / (1 + p), 1 / (1 + p)],
        lambda: [(1 - p) * (1 - q), p + q - p * q],
    ]
    edges = []
    for i, s in enumerate(states):
        probs = rng.choice(splits)()
        targets = [states[(i + 1) % n]] + rng.sample(states, len(probs) - 1)
        for t, pr in zip(targets, probs):
            edges.append((s, t, rng.choice("01"), pr))
    return H(edges, states=states)


# --------------------------------------------------------------------------- one state, periodic


@pytest.mark.parametrize(
    "m",
    [
        P.biased_coin(p),
        P.biased_coin(R(1, 3)),
        H([("X", "X", "a", 1)]),
        P.period(1),
    ],
    ids=["biased_coin(p)", "biased_coin(1/3)", "one edge", "period(1)"],
)
def test_one_state_chain(m):
    """A one-state chain has pi = 1 on its state, one recurrent class, no transient state, H[pi] = 0."""
    (state,) = m.states
    assert sc.stationary_distribution(m) == {state: 1}
    assert sc.recurrent_classes(m) == [(state,)]
    assert sc.transient_states(m) == ()
    assert sc.state_entropy(m) == 0


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 8])
def test_period_uniform(n):
    """period(n) is periodic (T^n = I) yet has the unique pi = uniform, H[pi] = log2 n exactly."""
    m = P.period(n)
    assert m.transition_matrix ** n == sp.eye(n)
    pi = sc.stationary_distribution(m)
    assert pi == {str(i): R(1, n) for i in range(n)}
    h = sc.state_entropy(m)
    assert sp.simplify(h - sp.log(n, 2)) == 0
    if n & (n - 1) == 0:
        assert h == sp.Integer(n.bit_length() - 1)  # an exact integer for powers of 2


# --------------------------------------------------------------------------- reducible chains


REDUCIBLE = H([
    ("A", "A", "0", 1),
    ("B", "C", "1", 1), ("C", "B", "0", HALF), ("C", "C", "1", HALF),
    ("T", "A", "0", R(1, 3)), ("T", "B", "1", R(2, 3)),
])


def test_reducible_chain_refused_naming_both_classes():
    """Two recurrent classes: stationary_distribution raises NotErgodicError naming both classes."""
    assert sc.recurrent_classes(REDUCIBLE) == [("A",), ("B", "C")]
    with pytest.raises(NotErgodicError) as info:
        sc.stationary_distribution(REDUCIBLE)
    msg = str(info.value)
    assert "recurrent" in msg and "2" in msg
    for cls in (("A",), ("B", "C")):
        assert all(repr(s) in msg for s in cls), msg
    assert "stationary_distributions" in msg  # says what to use instead
    assert isinstance(info.value, ValueError)


def test_reducible_chain_one_distribution_per_class():
    """stationary_distributions returns one stationary pi per recurrent class, supported on it."""
    dists = sc.stationary_distributions(REDUCIBLE)
    assert dists == [
        {"A": 1, "B": 0, "C": 0, "T": 0},
        {"A": 0, "B": R(1, 3), "C": R(2, 3), "T": 0},  # C: inflow B (1) = outflow C (1/2), so pi_C = 2 pi_B
    ]
    for pi in dists:
        assert_stationary(REDUCIBLE, pi)


def test_reducible_symbolic_chain():
    """A symbolic reducible chain: one formula per class, each stationary, the error lists the classes."""
    m = H([("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "A", "0", q), ("B", "B", "1", 1 - q),
           ("C", "C", "1", 1)])
    with pytest.raises(NotErgodicError, match=r"\('A', 'B'\).*\('C',\)"):
        sc.stationary_distribution(m)
    first, second = sc.stationary_distributions(m)
    assert first == {"A": q / (p + q), "B": p / (p + q), "C": 0}
    assert second == {"A": 0, "B": 0, "C": 1}
    assert_stationary(m, first)
    assert_stationary(m, second)


def test_transient_states_get_zero():
    """Transient states are listed in model order and get probability 0; the class gets the golden-mean pi."""
    m = H([
        ("T1", "T2", "0", HALF), ("T1", "A", "1", HALF),
        ("T2", "T2", "1", R(1, 4)), ("T2", "B", "0", R(3, 4)),
        ("A", "A", "1", 1 - p), ("A", "B", "0", p), ("B", "A", "1", 1),
    ])
    assert sc.transient_states(m) == ("T1", "T2")
    assert sc.recurrent_classes(m) == [("A", "B")]
    pi = sc.stationary_distribution(m)
    assert pi == {"T1": 0, "T2": 0, "A": 1 / (1 + p), "B": p / (1 + p)}
    assert_stationary(m, pi)


@pytest.mark.parametrize(
    ("m", "classes", "transient"),
    [
        (P.binary_markov(p, q), [("A", "B")], ()),
        (P.rrxor(), [("S", "T0", "T1", "F0", "F1")], ()),
        (REDUCIBLE, [("A",), ("B", "C")], ("T",)),
        (H([("T", "A", "0", 1), ("A", "A", "1", 1)]), [("A",)], ("T",)),
        (H([("A", "B", "0", 1), ("B", "B", "1", 1)]), [("B",)], ("A",)),
        (H([("A", "A", "0", 1), ("B", "B", "0", 1), ("C", "C", "0", 1)]), [("A",), ("B",), ("C",)], ()),
    ],
    ids=["binary_markov", "rrxor", "reducible", "T->A", "A->B", "three absorbing"],
)
def test_recurrent_classes_table(m, classes, transient):
    """recurrent_classes and transient_states agree with a hand-drawn table."""
    assert sc.recurrent_classes(m) == classes
    assert sc.transient_states(m) == transient


# --------------------------------------------------------------------------- boundary parameter values


def test_binary_markov_at_p_equal_1():
    """binary_markov at p = 1: the edge A->A (probability 0) disappears; pi is the generic pi at p = 1."""
    m = P.binary_markov(p, q).subs({p: 1})
    assert ("A", "A") not in {(e.source, e.target) for e in m.edges}
    assert len(m.edges) == 3 and m.parameters == (q,)
    pi = sc.stationary_distribution(m)
    assert pi == {"A": q / (1 + q), "B": 1 / (1 + q)}
    generic = sc.stationary_distribution(P.binary_markov(p, q))
    assert all(sp.cancel(pi[s] - generic[s].subs(p, 1)) == 0 for s in m.states)


@pytest.mark.parametrize(
    ("model", "point", "n_edges", "pi", "transient"),
    [
        (P.binary_markov(p, q), {p: 0}, 3, {"A": 1, "B": 0}, ("B",)),
        (P.binary_markov(p, q), {p: 1, q: 1}, 2, {"A": HALF, "B": HALF}, ()),
        (P.binary_markov(p, q), {p: 1, q: HALF}, 3, {"A": R(1, 3), "B": R(2, 3)}, ()),
        (P.golden_mean(p), {p: 1}, 2, {"A": HALF, "B": HALF}, ()),
        (P.golden_mean(p), {p: 0}, 2, {"A": 1, "B": 0}, ("B",)),
        (P.even(p), {p: 1}, 2, {"A": 1, "B": 0}, ("B",)),
        (P.lohr_generator(p), {p: HALF}, 4, {"A": 0, "B": 1, "C": 0}, ("A", "C")),
        (P.nemo(p, q), {p: 0, q: 1}, 3, {"A": R(1, 3), "B": R(1, 3), "C": R(1, 3)}, ()),
    ],
    ids=["bm p=0", "bm p=q=1", "bm p=1 q=1/2", "golden p=1", "golden p=0", "even p=1", "lohr p=1/2",
         "nemo p=0 q=1"],
)
def test_boundary_values(model, point, n_edges, pi, transient):
    """At a boundary point edges of probability 0 disappear and pi is computed exactly for the new structure."""
    m = model.subs(point)
    assert len(m.edges) == n_edges
    assert all(e.probability != 0 for e in m.edges)
    got = sc.stationary_distribution(m)
    assert got == pi
    assert got == oracles.stationary(m)
    assert sc.transient_states(m) == transient


@pytest.mark.parametrize(
    ("model", "point", "classes"),
    [
        (P.binary_markov(p, q), {p: 0, q: 0}, [("A",), ("B",)]),
        (P.lohr_generator(p), {p: 0}, [("A",), ("C",)]),
        (P.abc(p, q), {p: 0, q: 0}, [("A", "B")]),
    ],
    ids=["bm p=q=0", "lohr p=0", "abc p=q=0"],
)
def test_boundary_values_classes(model, point, classes):
    """At a boundary point the recurrent classes are those of the new structure; several classes are refused."""
    m = model.subs(point)
    assert sc.recurrent_classes(m) == classes
    if len(classes) > 1:
        with pytest.raises(NotErgodicError):
            sc.stationary_distribution(m)
        assert len(sc.stationary_distributions(m)) == len(classes)
    else:
        assert_stationary(m, sc.stationary_distribution(m))


def test_lohr_generator_domain():
    """lohr_generator's p ranges over (0, 1/2); on (0, 1) an edge would be negative at a witness p > 1/2."""
    m = P.lohr_generator(p)
    assert m.domain[p] == (0, HALF)
    edges = [(e.source, e.target, e.symbol, e.probability) for e in m.edges]
    with pytest.raises(NegativeProbabilityError, match=r"negative at p = (\d+/\d+)") as info:
        H(edges, domain={p: (0, 1)})
    witness = R(re.search(r"negative at p = (\d+/\d+)", str(info.value)).group(1))
    assert HALF < witness < 1


def test_lohr_generator_outside_domain_refused():
    """lohr_generator(3/4) (outside 0 < p < 1/2) is refused with NegativeProbabilityError."""
    with pytest.raises(NegativeProbabilityError):
        P.lohr_generator(R(3, 4))
    with pytest.raises(NegativeProbabilityError):
        P.lohr_generator(p).subs({p: R(3, 4)})


# --------------------------------------------------------------------------- vanishing edges


VANISHING = H([("A", "A", "0", (2 * p - 1) ** 2 / 2), ("A", "B", "1", 1 - (2 * p - 1) ** 2 / 2),
               ("B", "A", "0", 1)])


def test_vanishing_edge_recorded():
    """An edge (2p - 1)^2 / 2 that vanishes inside (0, 1) is recorded with the condition Eq(p, 1/2)."""
    ((edge, condition),) = VANISHING.vanishing_edges
    assert (edge.source, edge.target, edge.symbol) == ("A", "A", "0")
    assert sp.expand(edge.probability - (2 * p - 1) ** 2 / 2) == 0
    assert condition == sp.Eq(p, HALF)


def test_vanishing_edge_generic_answer_still_valid():
    """When the classes do not change where the edge vanishes, the generic pi is returned and is right at p = 1/2."""
    pi = sc.stationary_distribution(VANISHING)
    assert_stationary(VANISHING, pi)
    at_half = VANISHING.subs({p: HALF})
    assert len(at_half.edges) == 2
    assert sc.stationary_distribution(at_half) == {s: pi[s].subs(p, HALF) for s in VANISHING.states}


def test_vanishing_edge_making_state_transient():
    """An edge whose absence at p = 1/2 leaves B transient (one class remains): the generic pi is right there too."""
    m = H([("A", "A", "0", 1 - (2 * p - 1) ** 2), ("A", "B", "1", (2 * p - 1) ** 2),
           ("B", "A", "0", HALF), ("B", "B", "1", HALF)])
    assert [c for _, c in m.vanishing_edges] == [sp.Eq(p, HALF)]
    pi = sc.stationary_distribution(m)
    assert_stationary(m, pi)
    at_half = m.subs({p: HALF})
    assert sc.transient_states(at_half) == ("B",)
    assert sc.stationary_distribution(at_half) == {"A": 1, "B": 0} == {s: pi[s].subs(p, HALF) for s in m.states}


def _switching_chain():
    """The issue-10 reproducer: A <-> B switching edges t = (2p - 1)**2 / 2 vanish at p = 1/2 only."""
    t = (2 * p - 1) ** 2 / 2
    return H([("A", "A", "0", 1 - t), ("A", "B", "1", t), ("B", "A", "0", t), ("B", "B", "1", 1 - t)])


def assert_cases_match_points(m, answer, points):
    """At each rational point the case that holds is checked against the model substituted there.

    Where the substituted chain has one recurrent class, the case must be a dict
    equal to its own stationary distribution (the nullspace oracle); where it has
    several, the case must be an ErgodicDecomposition listing exactly those
    classes, each with the oracle distribution of that class alone.
    """
    for point in points:
        at = m.subs(point)
        value = answer.at(point)
        classes = sc.recurrent_classes(at)
        if len(classes) == 1:
            assert {s: sp.sympify(v).subs(point) for s, v in value.items()} == oracles.stationary(at), point
        else:
            assert isinstance(value, sc.ErgodicDecomposition), (point, value)
            assert list(value.classes) == classes
            for members, pi in value:
                alone = sc.HMM.from_edges([tuple(e) for e in at.edges if e.source in members])
                expected = oracles.stationary(alone)
                assert pi == {s: expected.get(s, 0) for s in m.states}, (point, members)


def test_vanishing_edges_making_chain_reducible():
    """Edges A->B and B->A both vanishing at p = 1/2: Cases with the generic pi off p = 1/2 and both classes at it."""
    m = _switching_chain()
    assert [c for _, c in m.vanishing_edges] == [sp.Eq(p, HALF)] * 2
    assert sc.recurrent_classes(m.subs({p: HALF})) == [("A",), ("B",)]
    pi = sc.stationary_distribution(m)
    assert isinstance(pi, sc.Cases)
    assert pi.conditions == (sp.Eq(p, HALF), sp.Ne(p, HALF))
    assert pi.generic == {"A": HALF, "B": HALF}
    assert_stationary(m, pi.generic)
    decomposition = pi[0][1]
    assert decomposition.classes == (("A",), ("B",)) and decomposition.model == m.subs({p: HALF})
    assert_cases_match_points(m, pi, [{p: R(1, 3)}, {p: HALF}, {p: R(3, 4)}])
    # restricting the domain away from p = 1/2 gives the plain dict (the API contract's type)
    edges = [(e.source, e.target, e.symbol, e.probability) for e in m.edges]
    left = H(edges, domain={p: (0, HALF)})
    assert left.vanishing_edges == ()
    assert sc.stationary_distribution(left) == {"A": HALF, "B": HALF}


def test_reducible_point_refused_where_no_cases_can_be_given():
    """word_probability needs one stationary process: refused at such a model, naming the condition Eq(p, 1/2)."""
    with pytest.raises(NotErgodicError, match=re.escape(str(sp.Eq(p, HALF)))) as info:
        sc.word_probability(_switching_chain(), "01")
    assert "('A',), ('B',)" in str(info.value)


def _jointly_vanishing_two_parameters():
    a, b = (2 * p - 1) ** 2, (2 * q - 1) ** 2
    return H([("A", "A", "0", 1 - a / 4 - b / 4), ("A", "B", "1", a / 4), ("A", "B", "0", b / 4),
              ("B", "B", "1", 1 - a / 4 - b / 2), ("B", "A", "1", a / 4), ("B", "A", "0", b / 2)]), {p: HALF, q: HALF}


def _overlapping_conditions_one_parameter():
    # A -> B vanishes where p = 1/4 or p = 1/2, B -> A where p = 1/2: both vanish at p = 1/2
    a, b = (2 * p - 1) ** 2 * (4 * p - 1) ** 2 / 9, (2 * p - 1) ** 2 / 2
    return H([("A", "A", "0", 1 - a), ("A", "B", "1", a), ("B", "A", "0", b), ("B", "B", "1", 1 - b)]), {p: HALF}


@pytest.mark.parametrize("build", [_jointly_vanishing_two_parameters, _overlapping_conditions_one_parameter],
                         ids=["Eq(p,1/2) & Eq(q,1/2)", "Eq(p,1/4)|Eq(p,1/2) & Eq(p,1/2)"])
def test_jointly_vanishing_edges_making_chain_reducible(build):
    """Edges with different vanishing conditions that together split the chain at a point: a case at that point."""
    m, point = build()
    # at the point both A and B are absorbing, so no single formula can be the answer there
    assert sc.recurrent_classes(m.subs(point)) == [("A",), ("B",)]
    pi = sc.stationary_distribution(m)
    assert isinstance(pi, sc.Cases) and len(pi) == 2
    assert isinstance(pi.at(point), sc.ErgodicDecomposition)
    assert_stationary(m, pi.generic)
    near = [{k: v + d for k, v in point.items()} for d in (R(-1, 7), R(1, 9))]
    near += [{k: (v if k == p else v + R(1, 5)) for k, v in point.items()}]
    assert_cases_match_points(m, pi, [point] + near)


# --------------------------------------------------------------------------- invariants and oracles


@pytest.mark.parametrize("name,m", CATALOG, ids=[n for n, _ in CATALOG])
def test_catalog_pi_is_stationary(name, m):
    """For every catalog process pi T = pi and sum(pi) = 1 hold identically in the parameters."""
    assert_stationary(m, sc.stationary_distribution(m))


@pytest.mark.parametrize("seed", range(6))
def test_random_chains_against_oracle(seed):
    """Random 6-state symbolic chains: pi T = pi exactly, and pi at a rational point equals the nullspace oracle."""
    m = random_chain(seed)
    pi = sc.stationary_distribution(m)
    assert_stationary(m, pi)
    point = {p: R(2, 7), q: R(3, 5)}
    at = m.subs({k: v for k, v in point.items() if k in m.parameters})
    assert sc.stationary_distribution(at) == oracles.stationary(at) == {
        s: pi[s].subs(point) for s in m.states}


@pytest.mark.parametrize("seed", range(4))
def test_random_numeric_chains_against_oracle(seed):
    """Random numeric chains (rational probabilities, some transient states) match the oracle exactly."""
    rng = random.Random(100 + seed)
    n = 7
    states = [f"s{i}" for i in range(n)]
    edges = []
    for i, s in enumerate(states):
        pool = states[max(0, i - 1):] if i < n - 2 else states[n - 2:]
        k = rng.randint(1, min(3, len(pool)))
        weights = [rng.randint(1, 9) for _ in range(k)]
        targets = rng.sample(pool, k)
        for t, w in zip(targets, weights):
            edges.append((s, t, rng.choice("01"), R(w, sum(weights))))
    m = H(edges, states=states)
    classes = sc.recurrent_classes(m)
    if len(classes) == 1:
        assert sc.stationary_distribution(m) == oracles.stationary(m)
    for pi in sc.stationary_distributions(m):
        assert_stationary(m, pi)
        assert all(pi[s] == 0 for s in sc.transient_states(m))


# --------------------------------------------------------------------------- backends


@needs_flint
@pytest.mark.parametrize("name,m", CATALOG, ids=[n for n, _ in CATALOG])
def test_backends_agree_catalog(name, m):
    """backend='sympy' and backend='flint' give identical stationary distributions on every catalog process."""
    assert sc.stationary_distribution(m, backend="sympy") == sc.stationary_distribution(m, backend="flint")


@needs_flint
@pytest.mark.parametrize("seed", range(6))
def test_backends_agree_random(seed):
    """backend='sympy' and backend='flint' agree exactly on random 6-state symbolic chains."""
    m = random_chain(seed)
    a = sc.stationary_distribution(m, backend="sympy")
    b = sc.stationary_distribution(m, backend="flint")
    assert all(sp.cancel(a[s] - b[s]) == 0 for s in m.states)
    assert a == b


@needs_flint
@pytest.mark.parametrize("name,m", CATALOG, ids=[n for n, _ in CATALOG])
def test_word_probability_backends_agree_catalog(name, m):
    """backend='sympy' and backend='flint' give identical word probabilities (all words up to length 3)."""
    for length in range(4):
        for w in itertools.product(m.alphabet, repeat=length):
            assert sc.word_probability(m, w, backend="sympy") == sc.word_probability(m, w, backend="flint"), w


@needs_flint
@pytest.mark.parametrize("seed", range(6))
def test_word_probability_backends_agree_random(seed):
    """backend='sympy' and backend='flint' give identical word probabilities on random 6-state chains."""
    m = random_chain(seed)
    for w in ["0", "1", "01", "110", "0101"]:
        assert sc.word_probability(m, w, backend="sympy") == sc.word_probability(m, w, backend="flint"), w


def test_default_backend_is_available():
    """available_backends lists sympy always, and the default backend gives the same answer as sympy."""
    assert "sympy" in available_backends()
    m = P.rip(p, q)
    assert sc.stationary_distribution(m) == sc.stationary_distribution(m, backend="sympy")


def test_unknown_backend_refused():
    """An unknown backend name is refused with ParameterTypeError naming the choices."""
    with pytest.raises(ParameterTypeError, match="'flint' or 'sympy'.*'numpy'"):
        sc.stationary_distribution(P.binary_markov(p, q), backend="numpy")


def test_numeric_result_is_exact():
    """A numeric model's pi consists of sympy Rationals (no floats)."""
    pi = sc.stationary_distribution(P.binary_markov(R(1, 5), R(1, 3)))
    assert pi == {"A": R(5, 8), "B": R(3, 8)}
    assert all(isinstance(v, sp.Rational) for v in pi.values())
