"""Issue 10, item 2: answers at degenerate points, one float rule, symbols that print alike, names through caches.

Every answer given region by region is checked at rational points on both
sides of the degenerate point and at it, against the model substituted there
(``m.subs``) and analysed independently (brute-force oracles of tests/oracles.py).
"""

from __future__ import annotations

import warnings

import pytest
import sympy as sp

import symcm as sc
from symcm.errors import FloatConversionWarning, NotErgodicError, ParameterTypeError
from tests import oracles

R = sp.Rational
HALF = R(1, 2)
p, q = sc.symbols("p q")
T = (2 * p - 1) ** 2 / 2  # vanishes at p = 1/2 only
POINTS = [{p: R(1, 5)}, {p: R(1, 3)}, {p: HALF}, {p: R(2, 3)}, {p: R(7, 8)}]


def switching(name=None):
    """Unifilar: A <-> B switching edges of probability T, so A and B are both absorbing at p = 1/2."""
    return sc.HMM.from_edges([("A", "A", "0", 1 - T), ("A", "B", "1", T),
                              ("B", "B", "1", 1 - T), ("B", "A", "0", T)], name=name)


def switching_hidden():
    """Non-unifilar: A emits 0 both when staying and when switching; reducible at p = 1/2 only."""
    return sc.HMM.from_edges([("A", "A", "0", 1 - T), ("A", "B", "0", T),
                              ("B", "B", "1", 1 - T), ("B", "A", "1", T)])


def alone(model, members):
    """The numeric model restricted to one recurrent class, built afresh."""
    return sc.HMM.from_edges([tuple(e) for e in model.edges if e.source in members])


def same_words(m1, m2) -> bool:
    """Brute-force equality of the word distributions up to length n1 + n2 (numeric models)."""
    length = len(m1.states) + len(m2.states)
    return oracles.word_distribution(m1, length) == oracles.word_distribution(m2, length)


def unifilar_rate(model) -> sp.Expr:
    """sum_s pi_s H[X | s] of a numeric unifilar model, with pi from the nullspace oracle."""
    pi = oracles.stationary(model)
    rows = {s: [] for s in model.states}
    for e in model.edges:
        rows[e.source].append(e.probability)
    return sp.nsimplify(sum(pi[s] * sc.entropy_of(rows[s]) for s in model.states))


def value_at(value, point):
    """A case's value evaluated at the point (expressions substituted)."""
    return sp.nsimplify(sp.sympify(value).subs(point))


# --- item 2.1: Cases instead of refusing the whole domain ------------------------------------------

@pytest.mark.parametrize("build", [switching, switching_hidden], ids=["unifilar", "non-unifilar"])
def test_entropy_rate_cases_match_points(build):
    """entropy_rate: the formula off p = 1/2, and at p = 1/2 one rate per recurrent class, each equal to the point's."""
    m = build()
    h = sc.entropy_rate(m)
    assert isinstance(h, sc.Cases) and h.conditions == (sp.Eq(p, HALF), sp.Ne(p, HALF))
    for point in POINTS:
        at = m.subs(point)
        value = h.at(point)
        if point[p] == HALF:
            assert isinstance(value, sc.ErgodicDecomposition)
            assert list(value.classes) == sc.recurrent_classes(at) == [("A",), ("B",)]
            for members, rate in value:
                assert rate == unifilar_rate(sc.epsilon_machine(alone(at, members)))
        else:
            expected = unifilar_rate(sc.epsilon_machine(at)) if not sc.is_unifilar(at) else unifilar_rate(at)
            assert sp.simplify(value_at(value, point) - expected) == 0, point


@pytest.mark.parametrize("build", [switching, switching_hidden], ids=["unifilar", "non-unifilar"])
def test_epsilon_machine_cases_match_points(build):
    """epsilon_machine: the generic machine generates m.subs(point) off 1/2; at 1/2 one machine per class."""
    m = build()
    em = sc.epsilon_machine(m)
    assert isinstance(em, sc.Cases) and em.conditions[0] == sp.Eq(p, HALF)
    for point in POINTS:
        at = m.subs(point)
        value = em.at(point)
        if point[p] == HALF:
            assert isinstance(value, sc.ErgodicDecomposition) and value.quantity == "epsilon-machine"
            assert value.model == at
            for members, machine in value:
                assert len(machine.states) == 1 and same_words(machine, alone(at, members))
        else:
            here = value.subs({s: v for s, v in point.items() if s in value.parameters})
            assert same_words(here, at), point
            morphs = oracles.future_morphs(here, len(here.states))
            assert len(set(morphs.values())) == len(here.states), point  # minimal


def test_stationary_and_state_entropy_of_the_issue_reproducer():
    """stationary_distribution and state_entropy: (1/2, 1/2) and 1 bit off p = 1/2, two point masses at it."""
    m = switching()
    pi, h = sc.stationary_distribution(m), sc.state_entropy(m)
    assert pi.generic == {"A": HALF, "B": HALF} and h.generic == 1
    assert dict(pi.at({p: HALF})) == {("A",): {"A": 1, "B": 0}, ("B",): {"A": 0, "B": 1}}
    assert dict(h.at({p: HALF})) == {("A",): 0, ("B",): 0}
    for point in POINTS:
        if point[p] != HALF:
            assert pi.at(point) == oracles.stationary(m.subs(point))


def test_measures_downstream_of_the_machine_give_cases():
    """C_mu, E, chi and the orders: Cases with one value per class at p = 1/2 and the point's values elsewhere."""
    m = switching()
    for func in (sc.statistical_complexity, sc.excess_entropy, sc.crypticity, sc.markov_order, sc.cryptic_order):
        value = func(m)
        assert isinstance(value, sc.Cases), func.__name__
        assert dict(value.at({p: HALF})) == {("A",): 0, ("B",): 0}, func.__name__
        for point in ({p: R(1, 3)}, {p: R(3, 4)}):
            assert value_at(value.at(point), point) == value_at(func(m.subs(point)), point), (func.__name__, point)


def test_reverse_gives_cases_and_the_generic_reverse_keeps_its_vanishing_edges():
    """reverse: a decomposition at p = 1/2; the generic reversed model still records where its edges vanish."""
    r = sc.reverse(switching())
    assert isinstance(r, sc.Cases) and isinstance(r.at({p: HALF}), sc.ErgodicDecomposition)
    assert {str(c) for _, c in r.generic.vanishing_edges} == {str(sp.Eq(p, HALF))}


def test_ergodic_everywhere_keeps_the_contract_types():
    """A chain ergodic on the whole domain keeps dict / Expr / HMM (no Cases) and a reducible one still raises."""
    gm = sc.processes.golden_mean(p)
    assert isinstance(sc.stationary_distribution(gm), dict)
    assert isinstance(sc.entropy_rate(gm), sp.Expr)
    assert isinstance(sc.epsilon_machine(gm), sc.HMM)
    two = sc.HMM.from_edges([("A", "A", "0", 1), ("B", "B", "1", 1)])
    for func in (sc.stationary_distribution, sc.entropy_rate, sc.epsilon_machine):
        with pytest.raises(NotErgodicError, match="2 recurrent classes"):
            func(two)


def test_printing_report_and_cli_handle_decompositions():
    """latex, latex_stationary, report and 'symcm derive' print the per-class values at p = 1/2."""
    m = switching(name="switch")
    text = sc.latex(sc.entropy_rate(m))
    assert r"\text{by recurrent class: }\{A\}\colon\ 0;\ \{B\}\colon\ 0 & \text{if } p = \frac{1}{2}" in text
    assert r"\frac{1}{2}" in sc.latex_stationary(m)
    assert "class ('A',): 1 causal state; class ('B',): 1 causal state" in str(sc.report(m))
    from symcm.cli import derive

    labels = dict(derive(m))
    assert isinstance(labels["pi"], sc.Cases) and isinstance(labels["h_mu"], sc.Cases)


def test_remaining_refusals_name_the_condition():
    """Computations needing one stationary process refuse such a model and name Eq(p, 1/2) and the classes."""
    for call in (lambda: sc.word_probability(switching(), "01"),
                 lambda: sc.mixed_state_presentation(switching_hidden())):
        with pytest.raises(NotErgodicError, match=r"where Eq\(p, 1/2\).*\[\('A',\), \('B',\)\]"):
            call()


def test_as_piecewise_of_a_decomposition_says_why():
    """A Cases holding a decomposition has no single Piecewise: the error says the chain splits there."""
    with pytest.raises(ParameterTypeError, match="several recurrent classes"):
        sc.entropy_rate(switching()).as_piecewise()


def test_ergodic_decomposition_is_an_immutable_value():
    """ErgodicDecomposition: immutable, equal by content, a mapping class -> value."""
    d = sc.stationary_distribution(switching()).at({p: HALF})
    assert d == sc.stationary_distribution(switching()).at({p: HALF})
    assert d[("A",)] == {"A": 1, "B": 0} and d["B"] == {"A": 0, "B": 1} and len(d) == 2
    with pytest.raises(AttributeError):
        d.classes = ()


# --- item 2.2: one float rule ---------------------------------------------------------------------

def test_cases_at_converts_floats_like_subs():
    """Cases.at({p: 0.3, q: 0.7}) reads 3/10 + 7/10 = 1 (the IID line), as m.subs does, and warns."""
    m = sc.processes.binary_markov(p, q)
    with pytest.warns(FloatConversionWarning):
        picked = sc.epsilon_machine(m).at({p: 0.3, q: 0.7})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FloatConversionWarning)
        direct = sc.epsilon_machine(m.subs({p: 0.3, q: 0.7}))
    assert len(picked.states) == len(direct.states) == 1


@pytest.mark.parametrize("point", [{p: "1/2", q: "1/2"}, {p: "__import__('os').getcwd()", q: 1}, {p: [1], q: 1},
                                   {p: None, q: 1}, {p: q, q: 1}, [(p, 1)], {1: 2}])
def test_cases_at_refuses_non_numbers(point):
    """Cases.at refuses strings (never sympified), other non-numbers, symbols and non-mappings with a TypeError."""
    with pytest.raises(ParameterTypeError, match="Cases.at"):
        sc.epsilon_machine(sc.processes.binary_markov(p, q)).at(point)


def test_cases_at_refuses_non_finite_values():
    """Cases.at refuses nan and oo as parameter values (a SymcmError and ValueError naming the parameter)."""
    for bad in (sp.nan, sp.oo, float("nan")):
        with pytest.raises((sc.errors.DomainError, sc.errors.ExpressionError), match="value of p"), warnings.catch_warnings():
            warnings.simplefilter("ignore", FloatConversionWarning)
            sc.epsilon_machine(sc.processes.binary_markov(p, q)).at({p: bad, q: HALF})


# --- item 2.3: symbols that print alike -----------------------------------------------------------

def test_same_process_refuses_symbols_that_print_alike():
    """A plain Symbol('p') and sc.symbols('p'): refused, naming 'p' and both assumption sets (was Eq(p, p))."""
    plain = sc.processes.biased_coin(sp.Symbol("p"))
    ours = sc.processes.biased_coin(p)
    for call, where in ((lambda: sc.same_process(plain, ours), "same_process"),
                        (lambda: sc.restrict_to_generator(plain, ours), "restrict_to_generator"),
                        (lambda: sc.report(plain, generator=ours), "report")):
        with pytest.raises(ParameterTypeError, match=where) as info:
            call()
        assert "'p'" in str(info.value) and "plain sympy.Symbol" in str(info.value)
        assert "positive=True, real=True" in str(info.value)


def test_cases_at_refuses_a_symbol_that_prints_alike():
    """Cases.at with a plain Symbol('p') for cases in sc.symbols('p') names the trap instead of 'cannot decide'."""
    with pytest.raises(ParameterTypeError, match="Cases.at: the parameter 'p' of the point"):
        sc.epsilon_machine(sc.processes.binary_markov(p, q)).at({sp.Symbol("p"): HALF, q: HALF})


def test_crossover_refuses_symbols_that_print_alike():
    """crossover names the same trap (an expression in a symbol of the same name but other assumptions)."""
    with pytest.raises(sc.errors.ExpressionError, match="same name"):
        sc.crossover(sc.H(sp.Symbol("p")), HALF, over={p: (0, HALF)})


# --- item 2.4: names through the caches -----------------------------------------------------------

def test_names_follow_the_model_asked_about():
    """After the issue's call sequence, the machine of a renamed copy of even(p) carries the new name."""
    even = sc.processes.even(p)
    sc.epsilon_machine(sc.reverse(sc.epsilon_machine(even)))
    mine = sc.HMM.from_edges([tuple(e) for e in even.edges], name="my process")
    assert sc.epsilon_machine(mine).name == "epsilon-machine of my process"
    assert sc.epsilon_machine(sc.HMM.from_edges([tuple(e) for e in even.edges])).name is None
    assert sc.reverse(sc.epsilon_machine(mine)).name == "reverse of epsilon-machine of my process"
    assert sc.epsilon_machine(even).name == "epsilon-machine of even(p)"


def test_names_in_cases_follow_the_model_asked_about():
    """Every machine of a Cases answer (and of a decomposition) is named after the model asked about."""
    bm = sc.processes.binary_markov(p, q)
    sc.epsilon_machine(bm)
    other = sc.HMM.from_edges([tuple(e) for e in bm.edges], name="other")
    assert all(mach.name.startswith("epsilon-machine of other") for mach in sc.epsilon_machine(other).values)
    sc.epsilon_machine(switching(name="first"))
    d = sc.epsilon_machine(switching(name="second")).at({p: HALF})
    assert d.model.name.startswith("second") and all(v.name.startswith("epsilon-machine of second")
                                                      for v in d.values)
