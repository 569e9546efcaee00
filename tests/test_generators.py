"""Generators of a process: families, generator conditions, minimal state entropy, search.

Every generator these tests receive is checked with ``sc.same_process`` (exact)
and against the bounds ``E <= C_g <= H[pi_G]`` and ``H[pi_G] <= C_mu``.
"""

from __future__ import annotations

import sys

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symcm as sc
import symcm.models.strategies as sst
from symcm.algebra.backends import available_backends
from symcm.errors import (
    DomainError,
    InfiniteStatesError,
    MissingDependencyError,
    NotNumericError,
    ParameterTypeError,
    TooLargeError,
)
from symcm.generation.conditions import generator_conditions
from symcm.generation.families import GeneratorFamily, general_family, split_state
from symcm.generation.minimisation import minimize_state_entropy
from symcm.generation.search import search_generator

R = sp.Rational
p, q = sc.symbols("p q")


def _le(a, b, digits: int = 30) -> bool:
    """``a <= b`` for exact real expressions, decided at ``digits`` digits (ties allowed)."""
    return bool(sp.N(a, digits) <= sp.N(b, digits) + sp.Float(10) ** (-digits + 5))


def _same_value(a, b, digits: int = 50) -> bool:
    """Equality of exact reals at ``digits`` digits (``H(5/6)`` and ``H(1/6)`` are different expressions)."""
    return abs(sp.N(a - b, digits)) < sp.Float(10) ** (-digits + 5)


def _two_state_closed_form(pv, qv):
    """The minimal state entropy of two-state generators of binary_markov(p, q) (module docstring)."""
    d = 1 - pv - qv
    if d > 0:
        hi = qv / ((1 - pv) * (pv + qv))
        lo = qv * d / ((1 - qv) * (pv + qv))
        far = hi if abs(hi - R(1, 2)) >= abs(lo - R(1, 2)) else lo
        return sc.H(far)
    return sc.H((pv + qv - 1) / (pv + qv))


@pytest.fixture(scope="module")
def two_state_family():
    """The two-state generators of binary_markov(p, q), derived once."""
    fam, free = general_family(2)
    (sub,) = generator_conditions(fam, sc.processes.binary_markov(p, q), free)
    return sub


# --- families ---------------------------------------------------------------------------

@pytest.mark.parametrize("states, alphabet, count", [(1, ("0", "1"), 1), (2, ("0", "1"), 6),
                                                     (3, ("0", "1"), 15), (2, ("a", "b", "c"), 10)])
def test_general_family_parameter_count(states, alphabet, count):
    """The general family has states * (|A| states - 1) parameters, and is a valid model on the open box."""
    fam, free = general_family(states, alphabet)
    assert len(free) == count == len(fam.parameters)
    assert len(fam.states) == states and fam.alphabet == tuple(alphabet)


def test_general_family_contains_the_epsilon_machine():
    """binary_markov(p, q) is the member e_A = 1 - p, e_B = q, t_A0 = t_B0 = 1, t_A1 = t_B1 = 0."""
    fam, free = general_family(2)
    e_a, e_b, ta0, ta1, tb0, tb1 = free
    member = GeneratorFamily.from_hmm(fam, free).at({e_a: 1 - R(1, 5), e_b: R(2, 7), ta0: 1, ta1: 0,
                                                      tb0: 1, tb1: 0})
    assert sc.same_process(member, sc.processes.binary_markov(R(1, 5), R(2, 7))) is True


def test_family_values_are_immutable(two_state_family):
    """A GeneratorFamily is a frozen, hashable value."""
    with pytest.raises(TypeError):
        two_state_family.bounds[p] = (0, 1)
    with pytest.raises(AttributeError):
        two_state_family.free = ()
    assert hash(two_state_family) == hash(two_state_family)


@pytest.mark.parametrize("model, state, fraction", [
    (sc.processes.golden_mean(R(1, 3)), "A", R(1, 4)),
    (sc.processes.even(R(1, 2)), "B", {("A", "1"): R(1, 5)}),
    (sc.processes.binary_markov(R(1, 5), R(2, 7)), "A", {("A", "0"): R(1, 3), ("B", "0"): R(3, 4)}),
    (sc.processes.binary_markov(p, q), "B", R(1, 2)),
    (sc.processes.rrxor(), "S", R(2, 3)),
])
def test_split_state_is_a_generator(model, state, fraction):
    """Splitting a state into two copies with the same future keeps the process and adds a state."""
    g = split_state(model, state, fraction)
    assert len(g.states) == len(model.states) + 1
    assert sc.same_process(g, model) is True


def test_split_state_refuses_bad_fraction():
    """A fraction outside [0, 1] is refused with a message."""
    with pytest.raises(DomainError, match="fraction"):
        split_state(sc.processes.golden_mean(R(1, 3)), "A", R(3, 2))


def test_split_state_refuses_fraction_0_and_1():
    """fraction 0 or 1 (or a mapping all 0 / all 1) would leave a copy with no incoming edge: DomainError."""
    bm = sc.processes.binary_markov(p, q)
    for f in (0, 1, R(0), R(1)):
        with pytest.raises(DomainError, match="split_state: fraction must be strictly between 0 and 1"):
            split_state(bm, "A", f)
    with pytest.raises(DomainError, match="fraction is 0 on every edge into 'A'"):
        split_state(bm, "A", {("A", "0"): 0, ("B", "0"): 0})
    with pytest.raises(DomainError, match="fraction is 1 on every edge into 'A'"):
        split_state(bm, "A", {("A", "0"): 1, ("B", "0"): 1})
    g = split_state(bm, "A", {("A", "0"): 0, ("B", "0"): 1})  # each copy still has an incoming edge
    assert len(g.states) == 3


@pytest.mark.parametrize("names", [("X",), ("X", "Y", "Z"), "XY", 5, ["X"]])
def test_split_state_refuses_names_not_a_pair(names):
    """names must be a pair of new names: a wrong length, a str or an int is a ParameterTypeError."""
    with pytest.raises(ParameterTypeError, match="split_state: names must be a pair"):
        split_state(sc.processes.binary_markov(p, q), "A", names=names)


@pytest.mark.parametrize("model", [None, [1, 2], "binary_markov", 5])
def test_from_hmm_refuses_a_non_model(model):
    """GeneratorFamily.from_hmm of None, a list, a str, an int is a ParameterTypeError naming the function."""
    u = sc.symbols("u")
    with pytest.raises(ParameterTypeError, match="GeneratorFamily.from_hmm: expected the model to be a symcm.HMM"):
        GeneratorFamily.from_hmm(model, [u])


def test_from_hmm_refuses_a_networkx_graph():
    """GeneratorFamily.from_hmm of a networkx graph is a ParameterTypeError (it raised AttributeError)."""
    import networkx as nx

    with pytest.raises(ParameterTypeError, match="GeneratorFamily.from_hmm: expected the model"):
        GeneratorFamily.from_hmm(nx.DiGraph([("A", "B")]), None)


@pytest.mark.parametrize("free", [5, "p", 1.5, {p: 1}])
def test_from_hmm_refuses_free_not_symbols(free):
    """free=5 (or a str, float, dict) is a ParameterTypeError naming free (5 raised a raw TypeError)."""
    with pytest.raises(ParameterTypeError, match="GeneratorFamily.from_hmm: free must be"):
        GeneratorFamily.from_hmm(sc.processes.lohr_generator(p), free)


def _u_family():
    u = sc.symbols("u")
    return GeneratorFamily.from_hmm(sc.HMM.from_edges([("A", "B", "0", 1), ("B", "B", "1", u),
                                                      ("B", "B", "0", 1 - u)]), [u])


@pytest.mark.parametrize("keep", [5, "u", 1.5, [5]])
def test_generator_conditions_refuses_bad_keep(keep):
    """keep=5 (or a str, a float, a list of ints) is a ParameterTypeError naming keep (5 raised a raw TypeError)."""
    with pytest.raises(ParameterTypeError, match="generator_conditions: keep must"):
        generator_conditions(_u_family(), sc.processes.biased_coin(R(1, 2)), keep=keep)


@pytest.mark.parametrize("constraints", [5, "u >= 0", 1.5, [5], [True]])
def test_minimize_state_entropy_refuses_bad_constraints(constraints):
    """constraints=5 (or a str, float, list of non-relations) is a ParameterTypeError naming constraints."""
    with pytest.raises(ParameterTypeError, match="minimize_state_entropy: constraints must"):
        minimize_state_entropy(_u_family(), constraints=constraints)


# --- generator conditions ------------------------------------------------------------------------

def test_two_state_generators_of_binary_markov(two_state_family):
    """All two-state generators of binary_markov(p, q): the symbol alone decides the next state."""
    fam, free = general_family(2)
    e_a, e_b, ta0, ta1, tb0, tb1 = free
    sub = two_state_family
    assert sub.free == (ta0, ta1)
    a, b = ta0, ta1
    assert sub.substitution[tb0] == a and sub.substitution[tb1] == b
    assert sp.cancel(sub.substitution[e_a] - (q * a - (1 - p) * b + 1 - p - q) / (a - b)) == 0
    assert sp.cancel(sub.substitution[e_b] - (q * a - (1 - p) * b) / (a - b)) == 0
    assert sp.cancel(sub.stationary_distribution()["A"] - (q * a + p * b) / (p + q)) == 0
    assert [sp.expand(g) for g in sub.generic] == [p + q - 1]


@pytest.mark.parametrize("point", [
    {p: R(2, 5), q: R(2, 5), "t_A0": 1, "t_A1": R(2, 3)},
    {p: R(1, 5), q: R(2, 7), "t_A0": R(9, 10), "t_A1": R(1, 10)},
    {p: R(4, 5), q: R(3, 5), "t_A0": 0, "t_A1": R(3, 4)},
])
def test_family_members_generate_the_process(two_state_family, point):
    """Every feasible member of the derived family generates binary_markov(p, q), exactly."""
    process = sc.processes.binary_markov(point[p], point[q])
    member = two_state_family.subs({p: point[p], q: point[q]})
    values = {k: v for k, v in point.items() if isinstance(k, str)}
    assert member.contains(values)
    assert sc.same_process(member.at(values), process) is True


def test_family_subs_point_outside_region_is_refused(two_state_family):
    """A point where a probability is negative does not give a model."""
    member = two_state_family.subs({p: R(2, 5), q: R(2, 5)})
    values = {"t_A0": R(1, 2), "t_A1": R(2, 5)}
    assert not member.contains(values)
    with pytest.raises(sc.errors.NegativeProbabilityError):
        member.at(values)


def loehr_family():
    """``(family, process, free)``: Loehr's topology with the middle state's stay probability ``s`` free."""
    s = sc.symbols("s")
    half = R(1, 2)
    fam = sc.HMM.from_edges([
        ("A", "A", "0", 1 - 2 * p), ("A", "B", "0", 2 * p),
        ("B", "A", "0", half - s / 2), ("B", "B", "0", s / 2),
        ("B", "B", "1", s / 2), ("B", "C", "1", half - s / 2),
        ("C", "C", "1", 1 - 2 * p), ("C", "B", "1", 2 * p)], domain={p: (0, half)})
    return fam, sc.processes.binary_markov(p, p), [s]


def test_generator_conditions_loehr_family():
    """Loehr's topology with the middle state's stay probability s free generates the chain iff s = 2p."""
    fam, process, (s,) = loehr_family()
    (sub,) = generator_conditions(fam, process, [s])
    assert sub.substitution == {s: 2 * p} and sub.free == ()


def test_generator_conditions_empty_when_impossible():
    """No IID coin generates a Markov chain with p + q != 1: the answer is the empty list."""
    a = sc.symbols("a")
    coin = sc.HMM.from_edges([("A", "A", "0", 1 - a), ("A", "A", "1", a)])
    assert generator_conditions(coin, sc.processes.binary_markov(R(1, 5), R(2, 7)), [a]) == []


def test_generator_conditions_backends_agree():
    """The FLINT and the pure-sympy polynomial arithmetic give the same sub-families."""
    pytest.importorskip("flint")
    fam, free = general_family(2)
    process = sc.processes.binary_markov(R(1, 5), R(2, 7))
    flint = generator_conditions(fam, process, free, backend="flint")
    pure = generator_conditions(fam, process, free, backend="sympy")
    assert [f.substitution for f in flint] == [f.substitution for f in pure]


@pytest.mark.parametrize("backend", available_backends())
def test_generator_conditions_with_a_transient_state(backend):
    """A family with a transient state (weight 0, so x = 0 is substituted) is solved on every backend: u = 1/3."""
    u = sc.symbols("u")
    gen = sc.HMM.from_edges([("A", "B", "0", 1), ("B", "B", "1", u), ("B", "B", "0", 1 - u)])  # A transient
    fam = GeneratorFamily.from_hmm(gen, [u])
    (sub,) = generator_conditions(fam, sc.processes.biased_coin(R(1, 3)), backend=backend)
    assert sub.substitution == {u: R(1, 3)} and sub.free == ()


def test_generator_conditions_time_cap():
    """The general three-state family is out of reach: max_seconds stops it with TooLargeError."""
    fam, free = general_family(3)
    with pytest.raises(TooLargeError, match="max_seconds"):
        generator_conditions(fam, sc.processes.binary_markov(R(2, 5), R(2, 5)), free, max_seconds=1)


def test_generator_conditions_node_cap():
    """A tiny max_nodes raises TooLargeError naming the cap."""
    fam, free = general_family(2)
    with pytest.raises(TooLargeError, match="max_nodes=2"):
        generator_conditions(fam, sc.processes.binary_markov(p, q), free, max_nodes=2)


# --- minimal state entropy ------------------------------------------------------------------------

@pytest.mark.parametrize("pv", [R(1, 10), R(1, 5), R(3, 10), R(2, 5), R(9, 20)])
def test_minimal_two_state_entropy_on_the_diagonal(two_state_family, pv):
    """For p = q < 1/2 the best two-state generator has H = H(1/(2(1-p))) < C_mu = 1, exactly."""
    process = sc.processes.binary_markov(pv, pv)
    res = minimize_state_entropy(two_state_family.subs({p: pv, q: pv}))
    assert res.exact and res.method.startswith("exact")
    assert _same_value(res.value, sc.H(1 / (2 * (1 - pv))))
    assert sc.same_process(res.generator, process) is True
    assert sc.state_entropy(res.generator) == res.value
    assert _le(sc.excess_entropy(process), res.value) and _le(res.value, 1)
    assert res.bounds.lower <= float(res.value) + 1e-12 and res.bounds.upper >= float(res.value) - 1e-12


@pytest.mark.parametrize("pv, qv", [(R(1, 5), R(2, 7)), (R(1, 10), R(3, 5)), (R(4, 5), R(4, 5)),
                                    (R(7, 10), R(3, 5)), (R(1, 3), R(9, 10))])
def test_minimal_two_state_entropy_closed_form(two_state_family, pv, qv):
    """Off the diagonal the vertex minimum matches the closed form and beats C_mu."""
    process = sc.processes.binary_markov(pv, qv)
    res = minimize_state_entropy(two_state_family.subs({p: pv, q: qv}))
    assert res.exact
    assert _same_value(res.value, _two_state_closed_form(pv, qv))
    assert sc.same_process(res.generator, process) is True
    cmu = sc.statistical_complexity(process)
    assert _le(res.value, cmu) and sp.N(cmu - res.value, 30) > 0


def test_minimize_from_the_general_family_with_process():
    """minimize_state_entropy(general family, process=...) derives the conditions itself."""
    fam, free = general_family(2)
    process = sc.processes.binary_markov(R(2, 5), R(2, 5))
    res = minimize_state_entropy(fam, free, process=process)
    assert res.value == sc.H(R(1, 6)) and res.exact
    assert sc.same_process(res.generator, process) is True


def test_minimize_certified_path():
    """A family whose pi is not affine gets a certified enclosure around the exact best point."""
    a = sc.symbols("a")
    fam = sc.HMM.from_edges([("A", "A", "1", 1 - a), ("A", "B", "0", a), ("B", "A", "1", 1)])
    res = minimize_state_entropy(fam, [a], constraints=[a >= R(1, 4)], tolerance=1e-8)
    assert not res.exact and res.method.startswith("certified bounds")
    assert res.point == {a: R(1, 4)} and res.value == sc.H(R(1, 5))
    assert res.bounds.lower <= float(res.value) <= res.bounds.upper + 1e-15
    assert res.bounds.width < 1e-7


def test_minimize_refuses_symbolic_process_parameters(two_state_family):
    """Symbolic process parameters are refused with a message saying what to substitute."""
    with pytest.raises(NotNumericError, match="substitute"):
        minimize_state_entropy(two_state_family)


def test_minimize_infeasible_family():
    """A family with no feasible member raises DomainError."""
    a = sc.symbols("a")
    fam = sc.HMM.from_edges([("A", "A", "0", a), ("A", "A", "1", 1 - a)])
    with pytest.raises(DomainError):
        minimize_state_entropy(fam, [a], constraints=[a >= 2])


# --- search -------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bm25_search():
    """search_generator(binary_markov(2/5, 2/5), states=3, seed=0), run once."""
    return search_generator(sc.processes.binary_markov(R(2, 5), R(2, 5)), states=3, seed=0)


def test_search_beats_cmu_and_loehr(bm25_search):
    """At p = q = 2/5 the search finds an exact generator with H < Loehr's 0.9219... < C_mu = 1."""
    process = sc.processes.binary_markov(R(2, 5), R(2, 5))
    r = bm25_search
    assert r.found and r.beats_statistical_complexity
    assert sc.same_process(r.generator, process) is True
    assert r.state_entropy == sc.state_entropy(r.generator)
    loehr = sc.state_entropy(sc.processes.lohr_generator(R(2, 5)))
    assert sp.N(loehr, 20) == pytest.approx(0.9219280948873623)
    assert r.state_entropy_float < float(loehr) < 1
    assert _le(r.excess_entropy, r.state_entropy)


def test_search_is_reproducible(bm25_search):
    """The same seed gives the same generator and the same numeric optima."""
    again = search_generator(sc.processes.binary_markov(R(2, 5), R(2, 5)), states=3, seed=0)
    assert again.generator == bm25_search.generator
    assert again.diagnostics["numeric_optima"] == bm25_search.diagnostics["numeric_optima"]


@pytest.mark.parametrize("model, k", [
    (sc.processes.golden_mean(R(1, 3)), 2),
    (sc.processes.even(R(1, 3)), 3),
    (sc.processes.biased_coin(R(1, 3)), 2),
    (sc.processes.binary_markov(R(1, 5), R(2, 7)), 2),
    (sc.processes.binary_markov(R(4, 5), R(4, 5)), 3),
    (sc.processes.rip(R(1, 2), R(1, 3)), 3),
])
def test_search_returns_certified_generators(model, k):
    """Whatever the search returns generates the process and satisfies E <= H[pi] <= C_mu."""
    r = search_generator(model, states=k, seed=1, restarts=4)
    assert sc.same_process(r.generator, model) is True
    assert r.state_entropy == sc.state_entropy(r.generator)
    assert _le(r.excess_entropy, r.state_entropy) and _le(r.state_entropy, r.statistical_complexity)
    assert r.excess_entropy == sc.excess_entropy(model)


def test_search_falls_back_to_the_epsilon_machine():
    """Two states cannot generate a period-3 process: the epsilon-machine is returned and found is False."""
    model = sc.processes.period(3)
    r = search_generator(model, states=2, seed=0, restarts=2)
    assert not r.found and "epsilon-machine" in r.diagnostics["note"]
    assert r.generator == sc.epsilon_machine(model) and r.state_entropy == r.statistical_complexity


# --- argument checks (issue 10) ------------------------------------------------------------------

_COIN = sc.processes.biased_coin(R(1, 3))


@pytest.mark.parametrize("kwargs, error, match", [
    ({"states": 1}, DomainError, "search_generator: states must be at least 2, received 1"),
    ({"states": 0}, DomainError, "states must be at least 2"),
    ({"states": 2.0}, ParameterTypeError, "search_generator: states must be an int"),
    ({"states": 2, "restarts": 0}, DomainError, "search_generator: restarts must be at least 1, received 0"),
    ({"states": 2, "max_denominator": 0}, DomainError, "search_generator: max_denominator must be at least 1"),
    ({"states": 2, "max_snaps": 0}, DomainError, "search_generator: max_snaps must be at least 1"),
    ({"states": 2, "method": "bogus"}, DomainError, "search_generator: method must be one of 'L-BFGS-B'"),
    ({"states": 2, "method": None}, ParameterTypeError, "search_generator: method must be a str"),
    ({"states": 2, "seed": "abc"}, ParameterTypeError, "search_generator: seed must be an int"),
    ({"states": 2, "seed": -1}, DomainError, "search_generator: seed must be at least 0"),
    ({"states": 2, "penalties": ()}, DomainError, "penalties must hold at least one weight"),
    ({"states": 2, "penalties": (1e3, float("nan"))}, DomainError, "each penalty must be a finite number > 0"),
    ({"states": 2, "penalties": "1e3"}, ParameterTypeError, "penalties must be a sequence of numbers"),
])
def test_search_arguments_are_checked_first(kwargs, error, match):
    """search_generator(states=1 | restarts=0 | max_denominator=0 | method='bogus' ...) is refused before any work
    (states=1 and restarts=0 were accepted, max_denominator=0 hung, method='bogus' was a raw scipy ValueError)."""
    with pytest.raises(error, match=match):
        search_generator(_COIN, **kwargs)


def test_search_states_cap():
    """search_generator(states=100) is refused at once naming the cap max_states and how to raise it (it hung)."""
    with pytest.raises(TooLargeError, match=r"states=100 exceeds the cap max_states=6; pass a larger max_states="):
        search_generator(_COIN, states=100)


def test_general_family_parameter_cap():
    """general_family(30) is refused at once naming max_parameters (it ran for minutes); the cap can be raised."""
    with pytest.raises(TooLargeError, match=r"1770 parameters, more than the cap max_parameters=100"):
        general_family(30)
    with pytest.raises(TooLargeError, match="max_parameters=5"):
        general_family(2, max_parameters=5)
    assert len(general_family(2, max_parameters=6)[1]) == 6


@pytest.mark.parametrize("bad", [0, -1, 2.5, "2", None])
def test_general_family_states_are_checked(bad):
    """general_family's states must be a positive int."""
    with pytest.raises((DomainError, ParameterTypeError), match="general_family: states must be"):
        general_family(bad)


@pytest.mark.parametrize("kwargs", [{"tolerance": 0}, {"tolerance": float("nan")}, {"tolerance": "1e-9"}])
def test_minimize_state_entropy_tolerance_is_checked(kwargs):
    """minimize_state_entropy refuses a tolerance that is not a finite number > 0."""
    fam, free = general_family(2)
    with pytest.raises((DomainError, ParameterTypeError), match="minimize_state_entropy: tolerance must be"):
        minimize_state_entropy(fam, free, process=sc.processes.binary_markov(R(2, 5), R(2, 5)), **kwargs)


def test_search_refuses_symbolic_models():
    """A model with free parameters is refused with a message."""
    with pytest.raises(NotNumericError, match="numeric"):
        search_generator(sc.processes.binary_markov(p, q), states=2)


def test_search_without_scipy(monkeypatch):
    """Without scipy the search raises MissingDependencyError (an ImportError) naming the package."""
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)
    with pytest.raises(MissingDependencyError, match="scipy"):
        search_generator(sc.processes.binary_markov(R(2, 5), R(2, 5)), states=2)


# --- property: generators built by construction ----------------------------------------------------

@st.composite
def _split_generators(draw):
    m = draw(sst.unifilar_hmms(max_states=3))
    g = m
    for _ in range(draw(st.integers(1, 2))):
        state = draw(st.sampled_from(g.states))
        incoming = sorted({(e.source, e.symbol) for e in g.edges if e.target == state})
        fractions = {key: draw(st.fractions(0, 1, max_denominator=6)) for key in incoming}
        assume(any(v != 0 for v in fractions.values()) and any(v != 1 for v in fractions.values()))
        g = split_state(g, state, {k: R(v.numerator, v.denominator) for k, v in fractions.items()},
                        names=(f"{state}1", f"{state}2"))
    return m, g


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(_split_generators())
def test_split_generators_carry_the_excess_entropy(pair):
    """For g built by splitting states of a unifilar m: same_process(g, m) and E(m) <= H[pi_g] (30 digits)."""
    m, g = pair
    assert sc.same_process(g, m) is True
    try:
        excess = sc.excess_entropy(m)
    except InfiniteStatesError:
        assume(False)
    h = sc.state_entropy(g)
    with mpmath.workdps(30):
        assert sp.N(excess, 30) <= sp.N(h, 30) + sp.Float(10) ** -25
        assert sp.N(sc.statistical_complexity(m), 30) <= sp.N(h, 30) + sp.Float(10) ** -25
