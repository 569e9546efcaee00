"""The CMPy catalog families and named processes (symcm.models.process_families, process_examples).

Each model builds (construction validates the rows), round-trips through its
machine file, and at exact sample parameters has its stationary distribution
checked against an independent nullspace (``oracles.stationary``) and closed
forms derived by hand below, its word probabilities against a brute-force
forward recursion in Fractions (``oracles.word_distribution``), and known
closed forms: ``C_mu = E = log2 L`` of a period-``L`` process [Crutchfield &
Feldman, Chaos 13, 25 (2003)], ``h_mu = H(p)`` of IID, the binomial law of the
Ehrenfest urn [Kac, Amer. Math. Monthly 54, 369 (1947)], the Markov order of
the almost fair coin counted by definition (``oracles.markov_order_by_definition``).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy as sp

import symcm as sc
from symcm.algebra.entropy import entropy_of
from symcm.errors import DomainError, NotErgodicError, ParameterTypeError, SymcmError
from symcm.models.process_examples import EXAMPLES
from symcm.models.process_families import FAMILIES
from symcm.models.spec import loads
from symcm.models.spec_write import dumps
from tests import oracles

P = sc.processes
R = sp.Rational
NAMES = sorted({**FAMILIES, **EXAMPLES})


def at_point(name):
    """Catalog process ``name`` at exact sample values (integer sizes at their samples)."""
    free = [x for x in P.catalog()[name][1] if x not in P.integer_parameters(name)]
    values = {x: R(1, 5) if x == "delta" else R(1, 3 + i) for i, x in enumerate(free)}
    return P.example(name, **values)


EXTRA = {
    "band_merging(epsilon_machine)": lambda: P.band_merging("epsilon_machine", R(7, 10)),
    "before_after(cayley)": lambda: P.before_after(style="cayley"),
    "coupled_gmps(switch)": lambda: P.coupled_gmps(R(1, 10), R(1, 3), alternating=False),
    "uncoupled_gmps": P.uncoupled_gmps,
    "periodic(0110)": lambda: P.periodic("0110"),
    "iid(3, biased)": lambda: P.iid(3, [R(1, 2), R(1, 3), R(1, 6)]),
    "flower(3,3, given)": lambda: P.flower(3, 3, [R(1, 4), R(3, 4)], [[R(1, 3), R(2, 3)], [R(1, 2), R(1, 2)]]),
    "beads_on_necklace(mixed)": lambda: P.beads_on_necklace([R(1, 2), R(1, 3), R(1, 4)], [("a",), ("a", "b", "a"), ()]),
}
POINT_MODELS = [(n, lambda n=n: at_point(n)) for n in NAMES] + list(EXTRA.items())
NON_ERGODIC = {"before_after(cayley)", "uncoupled_gmps"}


@pytest.mark.parametrize("name", NAMES)
def test_symbolic_build_and_machine_file_round_trip(name):
    """The catalog model with symbolic parameters round-trips through TOML and JSON machine files."""
    m = P.example(name)
    for fmt in ("toml", "json"):
        assert loads(dumps(m, fmt), fmt) == m


@pytest.mark.parametrize("label, build", POINT_MODELS, ids=[n for n, _ in POINT_MODELS])
def test_point_round_trip_stationary_and_words(label, build):
    """At exact values: machine-file round trip, stationary law = nullspace oracle, words = forward recursion."""
    m = build()
    assert loads(dumps(m, "toml"), "toml") == m
    if label in NON_ERGODIC:
        with pytest.raises(NotErgodicError):
            sc.stationary_distribution(m)
        return
    assert sc.stationary_distribution(m) == oracles.stationary(m)
    length = 3 if len(m.alphabet) <= 3 else 2
    brute = oracles.word_distribution(m, length)
    assert sum(brute.values()) == 1
    words = sc.word_probabilities(m, length)
    for w in itertools.product(m.alphabet, repeat=length):
        assert Fraction(str(words.get(w, 0))) == brute.get(w, 0), w


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_afc_order_states_and_entropy_rate(n):
    """afc(n): n+1 causal states, Markov order n (by definition), h_mu = 1 - 1/(2^(n+1) - 1) = H(n+1) - H(n)."""
    m = P.afc(n)
    assert len(sc.epsilon_machine(m).states) == n + 1
    assert sc.markov_order(m) == n == oracles.markov_order_by_definition(m, n + 1, n + 2)
    h = 1 - R(1, 2 ** (n + 1) - 1)
    assert sp.simplify(sc.entropy_rate(m) - h) == 0
    hs = [oracles.entropy_fractions(oracles.word_distribution(m, L).values()) for L in (n, n + 1)]
    assert abs(hs[1] - hs[0] - float(h)) < 1e-25
    # pi(B) = 2^n/(2^(n+1)-1), pi(Ai) = 2^(n-i)/(2^(n+1)-1): the run length of 1s is truncated geometric
    pi = sc.stationary_distribution(m)
    assert pi["B"] == R(2 ** n, 2 ** (n + 1) - 1)
    assert all(pi[f"A{i}"] == R(2 ** (n - i), 2 ** (n + 1) - 1) for i in range(1, n + 1))


@pytest.mark.parametrize("n", [1, 2, 3])
def test_afc2_states_and_order(n):
    """afc2(n): 2n causal states, Markov order n; afc2(1) is the period-2 process."""
    m = P.afc2(n)
    assert len(sc.epsilon_machine(m).states) == 2 * n
    assert sc.markov_order(m) == n == oracles.markov_order_by_definition(m, n + 1, n + 2)
    if n == 1:
        assert sc.statistical_complexity(m) == 1 and sc.entropy_rate(m) == 0


@pytest.mark.parametrize("n", sorted(P.PERIOD_WORDS))
def test_named_periods(n):
    """named_period(n) has period n (Period7 included, the port's bug fixed): n causal states, C_mu = E = log2 n."""
    m = P.named_period(n)
    assert len(P.PERIOD_WORDS[n]) == n and len(sc.epsilon_machine(m).states) == n
    assert sc.entropy_rate(m) == 0
    assert sp.simplify(sc.statistical_complexity(m) - sp.log(n, 2)) == 0
    assert sp.simplify(sc.excess_entropy(m) - sp.log(n, 2)) == 0
    # Markov order: the least R for which every cyclic R-window of the word is distinct (n > 1)
    w = P.PERIOD_WORDS[n]
    windows = lambda r: {(w * 2)[i:i + r] for i in range(n)}  # noqa: E731
    expected = 0 if n == 1 else min(r for r in range(1, n + 1) if len(windows(r)) == n)
    assert sc.markov_order(m) == expected


def test_periodic_reduces_to_the_primitive_period():
    """periodic repeats the primitive root: '0101' has 2 states, '10101110' 8; cyclic_branching(n, 0) is period(n)."""
    assert len(P.periodic("0101").states) == 2
    assert len(P.periodic("10101110").states) == 8
    assert P.cyclic_branching(5, 0).edges == P.period(5).edges


@pytest.mark.parametrize("k", [1, 2, 3, 5])
def test_iid_entropy_rate(k):
    """iid(k): one causal state, C_mu = 0, h_mu = log2 k; with given probabilities h_mu = H(p)."""
    m = P.iid(k)
    assert sc.statistical_complexity(m) == 0
    assert sp.simplify(sc.entropy_rate(m) - sp.log(k, 2)) == 0
    probs = [R(1, 2), R(1, 3), R(1, 6)]
    assert sp.simplify(sc.entropy_rate(P.iid(3, probs)) - entropy_of(probs)) == 0


@pytest.mark.parametrize("N", [1, 2, 3, 4])
def test_ehrenfest_binomial_law(N):
    """ehrenfest(p, N): stationary law C(N, i)/2^N for symbolic p [Kac47]; N+1 causal states."""
    m = P.ehrenfest(sc.symbols("p"), N)
    assert sc.stationary_distribution(m) == {str(i): R(sp.binomial(N, i), 2 ** N) for i in range(N + 1)}
    assert len(sc.epsilon_machine(P.ehrenfest(R(1, 3), N)).states) == N + 1


def test_flower_stationary_and_entropy_rate():
    """flower: pi(0) = 1/2, pi(i) = f_i/2; h_mu = H(f)/2 + sum f_i H(r_i)/2 (unifilar, written from the edges)."""
    f, r = [R(1, 4), R(3, 4)], [[R(1, 3), R(2, 3)], [R(1, 2), R(1, 2)]]
    m = P.flower(3, 3, f, r)
    assert sc.stationary_distribution(m) == {"0": R(1, 2), "1": R(1, 8), "2": R(3, 8)}
    h = entropy_of(f) / 2 + sum(fi * entropy_of(ri) for fi, ri in zip(f, r)) / 2
    assert sp.simplify(sc.entropy_rate(m) - h) == 0
    assert len(sc.epsilon_machine(m).states) == 3


@pytest.mark.parametrize("n, b, k", [(4, 2, 2), (5, 1, 3), (3, 2, 2)])
def test_cyclic_branching_rates(n, b, k):
    """cyclic_branching(n, b, k): uniform on the cycle, h_mu = b log2(k)/n, C_mu = log2 n."""
    m = P.cyclic_branching(n, b, k)
    assert sc.stationary_distribution(m) == {str(i): R(1, n) for i in range(n)}
    assert sp.simplify(sc.entropy_rate(m) - b * sp.log(k, 2) / n) == 0
    assert sp.simplify(sc.statistical_complexity(m) - sp.log(n, 2)) == 0


def test_multiples_of_two_is_the_even_process():
    """multiples_of(2, p) generates even(p) (same word probabilities, symbolic); multiples_of(1, p) is IID."""
    p = sc.symbols("p")
    assert oracles.same_process_differences(P.multiples_of(2, p), P.even(p)) == []
    assert len(sc.epsilon_machine(P.multiples_of(1, R(1, 3))).states) == 1
    assert len(sc.epsilon_machine(P.multiples_of(4, R(1, 3))).states) == 4


def test_even_redundant_is_the_even_process():
    """even_redundant(p) generates even(p) and its epsilon-machine has the even process's two states."""
    p = sc.symbols("p")
    assert oracles.same_process_differences(P.even_redundant(p), P.even(p)) == []
    assert len(sc.epsilon_machine(P.even_redundant(R(1, 3))).states) == 2


def test_perturbed_coin_is_binary_markov():
    """perturbed_coin(p, q) has binary_markov(p, q)'s edges; at p + q = 1 its epsilon-machine has one state."""
    p, q = sc.symbols("p q")
    assert P.perturbed_coin(p, q).edges == P.binary_markov(p, q).edges
    assert len(sc.epsilon_machine(P.perturbed_coin(R(1, 2))).states) == 1


def test_markov_skeleton_is_uniform_iid():
    """markov_skeleton(R, k) with uniform probabilities: k^R states, one causal state, h_mu = log2 k."""
    m = P.markov_skeleton(3, 3)
    assert len(m.states) == 27
    assert len(sc.epsilon_machine(m).states) == 1
    assert sp.simplify(sc.entropy_rate(m) - sp.log(3, 2)) == 0
    assert P.markov_skeleton(0).states == ("",)


def test_band_merging_presentations_agree():
    """Both band-merging presentations have the same 2-state epsilon-machine; the transient states carry no mass."""
    mealy, em = P.band_merging(), P.band_merging("epsilon_machine")
    assert sc.stationary_distribution(em) == {"A": R(1, 2), "B": R(1, 2), "T1": 0, "T2": 0, "E": 0}
    assert sc.epsilon_machine(em).edges == sc.epsilon_machine(mealy).edges
    assert sc.statistical_complexity(mealy) == 1 and sc.entropy_rate(mealy) == R(1, 2)


def test_coupled_gmps_stationary_closed_form_and_epsilon_zero():
    """coupled_gmps: pi = (2p/3, p/3, 2(1-p)/3, (1-p)/3) for all epsilon in (0,1) (the coupling flows balance);
    at epsilon = 0 the model has two recurrent classes (refused by measures, two ergodic components)."""
    e, p = sc.symbols("epsilon p")
    assert sc.stationary_distribution(P.coupled_gmps(e, p)) == {
        "A": 2 * p / 3, "B": p / 3, "C": R(2, 3) - 2 * p / 3, "D": R(1, 3) - p / 3}
    for alternating in (True, False):
        m = P.coupled_gmps(0, p, alternating=alternating)
        with pytest.raises(NotErgodicError):
            sc.entropy_rate(m)
        golden = [{"A": R(2, 3), "B": R(1, 3), "C": 0, "D": 0}, {"A": 0, "B": 0, "C": R(2, 3), "D": R(1, 3)}]
        assert sc.stationary_distributions(m) == golden
    assert sc.stationary_distributions(P.uncoupled_gmps()) == golden


def test_three_even_and_cantor_closed_forms():
    """three_even: pi = (3/5, 1/5, 1/5), h_mu = (3/5) log2 3; cantor: pi = (1/2, 1/2) by its 0<->1, A<->B symmetry."""
    m = P.three_even()
    assert sc.stationary_distribution(m) == {"A": R(3, 5), "B": R(1, 5), "C": R(1, 5)}
    assert sp.simplify(sc.entropy_rate(m) - R(3, 5) * sp.log(3, 2)) == 0
    assert sc.stationary_distribution(P.cantor()) == {"A": R(1, 2), "B": R(1, 2)}
    assert not sc.is_unifilar(P.cantor())


def test_girvan_markov_chains():
    """girvan_fig6b is a binary Markov chain: pi(A) = (1-p)/(2-alpha-p), order 1; fig6c has order 2 (by definition)."""
    a, p = sc.symbols("alpha p")
    pi = sc.stationary_distribution(P.girvan_fig6b(a, p))
    assert sp.cancel(pi["A"] - (1 - p) / (2 - a - p)) == 0
    for m, order in ((P.girvan_fig6b(), 1), (P.girvan_fig6c(), 2), (P.girvan_fig6d(), 2)):
        assert sc.markov_order(m) == order == oracles.markov_order_by_definition(m, 3, 4)


@pytest.mark.parametrize("name, states", [("lollipop", 6), ("beads_on_necklace", 6), ("girvan_fig6d", 4),
                                          ("four_state_almost_iid", 4), ("coupled_gmps", 4), ("ehrenfest", 4),
                                          ("afc", 4), ("multiples_of", 3), ("three_even", 3), ("before_after", 2)])
def test_unifilar_models_are_minimal(name, states):
    """The unifilar catalog models at sample values are their own epsilon-machines (all states distinct)."""
    m = at_point(name)
    assert sc.is_unifilar(m) and len(m.states) == states == len(sc.epsilon_machine(m).states)


def test_four_state_almost_iid_at_zero_is_the_fair_coin():
    """four_state_almost_iid(0): every bias is 1/2, the epsilon-machine has one state and h_mu = 1."""
    m = P.four_state_almost_iid(0)
    assert len(sc.epsilon_machine(m).states) == 1 and sc.entropy_rate(m) == 1


@pytest.mark.parametrize("call, error", [
    (lambda: P.afc(0), DomainError), (lambda: P.afc(1.5), ParameterTypeError), (lambda: P.iid(0), DomainError),
    (lambda: P.iid(2, [R(1, 2)]), DomainError), (lambda: P.cyclic_branching(3, 3), DomainError),
    (lambda: P.flower(1, 3), DomainError), (lambda: P.flower(3, 3, [1]), DomainError),
    (lambda: P.lollipop(1, 2), DomainError), (lambda: P.markov_skeleton(2, 11), DomainError),
    (lambda: P.periodic(""), ParameterTypeError), (lambda: P.named_period(3), DomainError),
    (lambda: P.band_merging("moore"), DomainError), (lambda: P.before_after(style="x"), DomainError),
    (lambda: P.four_state_almost_iid(R(1, 4)), DomainError), (lambda: P.four_state_almost_iid(-1), DomainError),
    (lambda: P.ehrenfest(R(3, 2), 2), SymcmError), (lambda: P.example("nonesuch"), DomainError),
    (lambda: P.example("afc", q=1), DomainError), (lambda: P.integer_parameters("nonesuch"), DomainError),
])
def test_bad_arguments_are_clear_errors(call, error):
    """Degenerate or malformed arguments raise a SymcmError subclass that is also the builtin."""
    with pytest.raises(error) as info:
        call()
    assert isinstance(info.value, SymcmError) and isinstance(info.value, (ValueError, TypeError))


def test_catalog_samples_cover_integer_parameters():
    """Every catalog parameter is continuous or has an integer sample, so example(name) builds every entry."""
    for name, (_, params) in P.catalog().items():
        ints = P.integer_parameters(name)
        assert set(ints) <= set(params)
        assert P.example(name).parameters == tuple(sorted(
            (sc.symbols(x) for x in params if x not in ints), key=lambda s: s.name))


@pytest.mark.parametrize("J, B, T", [(1, R(3, 10), 1), (R(1, 2), -1, 2), (-1, R(1, 5), R(3, 2))])
def test_ising_probabilities_match_the_transfer_matrix(J, B, T):
    """ising_probabilities equals P(s'|s) = T_ss' v_s' / (lambda v_s) from the numeric transfer matrix (30 digits)."""
    import mpmath

    p, q = P.ising_probabilities(J, B, T)
    with mpmath.workdps(40):
        beta = mpmath.mpf(1) / mpmath.mpf(sp.Rational(T).p) * sp.Rational(T).q
        j, b = (mpmath.mpf(sp.Rational(x).p) / sp.Rational(x).q for x in (J, B))
        tm = mpmath.matrix([[mpmath.exp(beta * (j + b)), mpmath.exp(-beta * j)],
                            [mpmath.exp(-beta * j), mpmath.exp(beta * (j - b))]])
        vals, vecs = mpmath.eigsy(tm)
        k = 0 if vals[0] > vals[1] else 1
        lam, v = vals[k], [vecs[0, k], vecs[1, k]]
        up, down = tm[0, 0] * v[0] / (lam * v[0]), tm[1, 1] * v[1] / (lam * v[1])
        assert abs(sp.N(p, 35) - sp.Float(mpmath.nstr(up, 35), 35)) < 1e-28
        assert abs(sp.N(q, 35) - sp.Float(mpmath.nstr(down, 35), 35)) < 1e-28


def test_ising_zero_field_and_measures_by_substitution():
    """At B = 0, P(+|+) = P(-|-) = e^(J/T)/(2 cosh(J/T)); h_mu is binary_markov's with 1 - p, 1 - q substituted."""
    J, T = sc.symbols("J T")
    p, q = P.ising_probabilities(J, 0, T)
    y = sp.Symbol("y", positive=True)  # y = e^(J/T): both sides become rational functions of y
    diff = (p - sp.exp(J / T) / (sp.exp(J / T) + sp.exp(-J / T))).subs(J, T * sp.log(y))
    assert sp.cancel(sp.expand(diff)) == 0 and p == q
    a, b = sc.symbols("a b")
    p1, q1 = P.ising_probabilities(1, R(3, 10), 1)
    exact = sc.entropy_rate(P.binary_markov(a, b)).subs({a: 1 - p1, b: 1 - q1})
    # the chain's entropy rate written from its rows: pi(+) H(p) + pi(-) H(q), pi(+) = (1-q)/(2-p-q)
    pi_up = (1 - q1) / (2 - p1 - q1)
    rows = pi_up * entropy_of([p1, 1 - p1]) + (1 - pi_up) * entropy_of([q1, 1 - q1])
    assert abs(sp.N(exact, 35) - sp.N(rows, 35)) < 1e-28
    with pytest.raises(DomainError):
        P.ising_probabilities(1, 0, 0)
