"""The bidirectional machine, Xi, the anatomy of a bit, gauge and oracular information, by independent routes.

Routes: brute force from exact word probabilities (two-sided conditional
entropies that are exact at finite length for Markov-order processes), the
existing C_mu / E / chi of symcm (epsilon-machine, reversed epsilon-machine,
reverse mixed states or Markov-order route), the process the bidirectional
machine generates (word by word), and the identities of the papers.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp
from hypothesis import assume, given, settings

import symcm as sc
from symcm.models import strategies as st
from symcm.errors import InfiniteStatesError

P = sc.processes
R = sp.Rational
p, q = sc.symbols("p q")
DPS = 50


def num(expr, point=None):
    """``expr`` at a rational point, to DPS digits."""
    expr = sp.sympify(expr)
    if point:
        expr = expr.subs(point)
    return sp.N(expr, DPS)


def close(a, b, point=None):
    return abs(num(a, point) - num(b, point)) < sp.Float(10) ** (-(DPS - 5))


def _entropy(values) -> sp.Float:
    with mpmath.workdps(DPS + 10):
        total = -sum(mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q
                     * mpmath.log(mpmath.mpf(sp.Rational(v).p) / sp.Rational(v).q, 2) for v in values if v)
        return sp.Float(total, DPS + 10)


def two_sided(m, length):
    """``H[X_0 | X_{-L:0}, X_{1:L+1}]`` from the exact words of length ``2L + 1``."""
    words = sc.word_probabilities(m, 2 * length + 1)
    holes: dict = {}
    for w, pr in words.items():
        key = w[:length] + w[length + 1:]
        holes[key] = holes.get(key, 0) + pr
    return _entropy(words.values()) - _entropy(holes.values())


def order2_chain():
    """A binary Markov chain of order 2 with rational transition probabilities (states are the last two symbols)."""
    up = {"00": R(1, 3), "01": R(3, 5), "10": R(1, 4), "11": R(5, 7)}
    edges = []
    for s, pr in up.items():
        edges += [(s, s[1] + "1", "1", pr), (s, s[1] + "0", "0", 1 - pr)]
    return sc.HMM.from_edges(edges)


MARKOV = [  # (model, Markov order): the two-sided conditional entropy is exact at L = R
    (P.golden_mean(R(1, 3)), 1),
    (P.binary_markov(R(1, 5), R(2, 7)), 1),
    (order2_chain(), 2),
    (P.period(3), 3),
    (P.biased_coin(R(1, 3)), 0),
]


@pytest.mark.parametrize("m, order", MARKOV)
def test_anatomy_by_brute_force(m, order):
    """r_mu equals H[X_0 | X_{-R:0}, X_{1:R+1}] and H[X_0], h_mu the word and rate routes, for Markov-order processes."""
    a = sc.information_anatomy(m)
    assert abs(num(a.r_mu) - two_sided(m, max(order, 1))) < 1e-45
    assert close(a.H_1, sc.block_entropy(m, 1))
    assert close(a.h_mu, sc.entropy_rate(m))
    assert close(a.b_mu, sc.entropy_rate(m) - two_sided(m, max(order, 1)))


def test_anatomy_even_process_limit():
    """Even process (infinite Markov order): H[X_0 | X_{-L:0}, X_{1:L+1}] <= 2 Pr(1^L) -> 0 = r_mu, so b_mu = h_mu.

    When both windows hold a 0, the parities of the two runs of 1s next to
    X_0 fix it (runs are even); otherwise (probability <= 2 Pr(1^L)) at most 1 bit is unknown.
    """
    a = sc.information_anatomy(P.even(p))
    assert a.r_mu == 0 and a.b_mu == a.h_mu
    m = P.even(R(1, 2))
    for length in (1, 3, 5):
        assert 0 < two_sided(m, length) <= 2 * sc.word_probability(m, "1" * length)
    assert sc.word_probability(m, "1" * 60) < R(1, 10**8)


@pytest.mark.parametrize("m", [P.golden_mean(p), P.even(p), P.rip(R(1, 2), R(1, 2)), P.rrxor(),
                               P.nemo(R(1, 2), R(1, 2)), order2_chain()])
def test_anatomy_identities(m):
    """H[X_0] = rho + h = r + 2b + q, h = r + b, rho = b + q, w = rho + b = H[X_0] - r (James et al. 2011)."""
    a = sc.information_anatomy(m)
    assert sp.expand(a.H_1 - (a.rho_mu + a.h_mu)) == 0
    assert sp.expand(a.H_1 - (a.r_mu + 2 * a.b_mu + a.q_mu)) == 0
    assert sp.expand(a.h_mu - (a.r_mu + a.b_mu)) == 0
    assert sp.expand(a.w_mu - (a.H_1 - a.r_mu)) == 0
    point = {s: R(2, 7) for s in sp.sympify(a.H_1 + a.r_mu).free_symbols}
    assert num(a.r_mu, point) >= 0 and num(a.b_mu, point) >= 0 and num(a.w_mu, point) >= 0


def test_anatomy_published_values():
    """Period-3: all of H[X_0] is predictable, rho = q = w = H(1/3), r = b = 0; IID: r = h = H[X_0] (James et al. 2011, Sec. IV)."""
    a = sc.information_anatomy(P.period(3))
    assert (a.h_mu, a.r_mu, a.b_mu) == (0, 0, 0) and a.q_mu == a.rho_mu == a.w_mu == a.H_1
    c = sc.information_anatomy(P.biased_coin(p))
    assert c.r_mu == c.h_mu == c.H_1 and (c.b_mu, c.q_mu, c.w_mu) == (0, 0, 0)


def test_anatomy_cases_where_the_structure_changes():
    """Binary Markov: a Cases of records, the IID record on p + q = 1 (r_mu = h_mu = H(q)) and the chain elsewhere."""
    a = sc.information_anatomy(P.binary_markov(p, q))
    assert isinstance(a, sc.Cases) and len(a) == 2
    (c0, iid), (_, chain) = a
    assert c0 == sp.Eq(p + q, 1) and iid.r_mu == iid.h_mu and iid.b_mu == 0
    pt = {p: R(1, 5), q: R(2, 7)}
    assert abs(num(chain.r_mu, pt) - two_sided(P.binary_markov(R(1, 5), R(2, 7)), 1)) < 1e-45


BIMACHINE = [P.golden_mean(p), P.even(p), P.rip(R(1, 2), R(1, 2)), P.rip(R(1, 3), R(3, 4)), P.rip(p, q), P.rrxor(),
             P.nemo(R(1, 2), R(1, 2)), order2_chain(), P.period(3)]


@pytest.mark.parametrize("m", BIMACHINE)
def test_bidirectional_machine_generates_the_process(m):
    """The bidirectional machine is a presentation of the same process (word probabilities to length 5 agree)."""
    b = sc.bidirectional_machine(m)
    for length in (1, 3, 5):
        assert {w: sp.cancel(v) for w, v in sc.word_probabilities(b, length).items()} == \
               {w: sp.cancel(v) for w, v in sc.word_probabilities(m, length).items() if v != 0}


@pytest.mark.parametrize("m", BIMACHINE)
def test_bidirectional_identities(m):
    """C^{+-} = H[S+,S-] gives E = C+ + C- - C^{+-} and chi+ = C^{+-} - C-, against sc.excess_entropy and sc.crypticity."""
    b = sc.bidirectional_machine(m)
    c_pm = sc.state_entropy(b)
    c_plus = sc.statistical_complexity(m)
    c_minus = sc.statistical_complexity(sc.reverse(m))
    point = {s: R(2, 7) for s in sp.sympify(c_pm).free_symbols}
    assert close(c_plus + c_minus - c_pm, sc.excess_entropy(m), point)
    assert close(c_pm - c_minus, sc.crypticity(m), point)
    chi_minus = c_pm - c_plus  # = H[S- | S+] >= 0, and C^{+-} = C+ + chi- = C- + chi+
    assert num(chi_minus, point) >= -1e-45
    assert close(sc.causal_irreversibility(m), c_plus - c_minus, point)


def test_irreversibility_reversible_processes():
    """Xi = 0 for reversible processes: golden mean, binary Markov, even, period-3, RRXOR (symbolically)."""
    assert sc.causal_irreversibility(P.golden_mean(p)) == 0
    assert sc.causal_irreversibility(P.binary_markov(p, q)) == 0
    assert sc.causal_irreversibility(P.even(p)) == 0
    assert sc.causal_irreversibility(P.period(3)) == 0
    assert sc.causal_irreversibility(P.rrxor()) == 0


def test_irreversibility_rip():
    """RIP (Crutchfield, Ellison & Mahoney 2009, their irreversible example): Xi = C+ - C- < 0 at p = q = 1/2."""
    xi = sc.causal_irreversibility(P.rip(R(1, 2), R(1, 2)))
    assert xi == sc.H(R(1, 5), R(2, 5), R(2, 5)) - sc.H(R(1, 10), R(1, 5), R(3, 10), R(2, 5))
    assert num(xi) < -0.3


def test_bidirectional_machine_shape():
    """Golden mean: three pairs (A,A-), (A,B-) and (B,A-) -- S- lags S+ by one symbol; even process: two pairs."""
    b = sc.bidirectional_machine(P.golden_mean(p))
    assert len(b.states) == 3 and not sc.is_unifilar(b)
    assert sc.bidirectional_machine(P.even(p)).states == ("A|0", "B|1")


def test_gauge_and_oracular_of_epsilon_machines():
    """An epsilon-machine has phi = zeta = 0 (its state is a function of the past)."""
    for m in (P.golden_mean(p), P.even(p), P.rip(R(1, 2), R(1, 2))):
        assert sc.gauge_information(m) == 0 and sc.oracular_information(m) == 0


@pytest.mark.parametrize("m", [P.golden_mean(p), P.rip(R(1, 2), R(1, 2)), P.nemo(R(1, 2), R(1, 2))])
def test_oracular_of_a_reversed_machine_is_the_crypticity(m):
    """reverse(M) presents the reversed process with state S+ of M, a function of its future: zeta = chi(M), phi = 0."""
    rev = sc.reverse(sc.epsilon_machine(m))
    assert sc.gauge_information(rev) == 0
    diff = sc.oracular_information(rev) - sc.crypticity(m)  # entropies of numbers: compared in the log form
    assert sp.simplify(diff) == 0 or sp.simplify(sp.expand_log(diff.rewrite(sp.log), force=True)) == 0


def test_gauge_of_a_redundant_copy():
    """A fair coin presented with two interchangeable states: the state is pure gauge, phi = H[R] = 1, zeta = 0."""
    half = R(1, 4)
    m = sc.HMM.from_edges([(s, t, x, half) for s in "AB" for t in "AB" for x in "01"])
    assert sc.gauge_information(m) == 1 and sc.oracular_information(m) == 0


def test_gauge_of_unifilar_nonminimal_presentations():
    """Unifilar but not minimal: a parity-tracking fair coin has phi = 1 (parity never observed); a golden mean whose
    A is split by the parity of the run of 1s has its state fixed by the past, phi = zeta = 0."""
    half = R(1, 2)
    parity = sc.HMM.from_edges([("A", "A", "0", half), ("A", "B", "1", half), ("B", "B", "0", half), ("B", "A", "1", half)])
    assert sc.is_unifilar(parity)
    assert sc.gauge_information(parity) == 1 and sc.oracular_information(parity) == 0
    split = sc.HMM.from_edges([("A1", "A2", "1", 1 - p), ("A1", "B", "0", p), ("A2", "A1", "1", 1 - p),
                               ("A2", "B", "0", p), ("B", "A1", "1", 1)])
    assert sc.is_unifilar(split) and len(sc.epsilon_machine(split).states) == 2
    assert sc.gauge_information(split) == 0 and sc.oracular_information(split) == 0


def test_presentation_identity_lohr():
    """Lohr generator: phi >= 0, zeta >= 0 and phi + zeta = H[R | past] <= H[R] (a nonunifilar presentation)."""
    m = P.lohr_generator(p)
    phi, zeta = sc.gauge_information(m), sc.oracular_information(m)
    for val in (R(1, 7), R(1, 4), R(2, 5)):
        assert num(phi, {p: val}) > 0 and num(zeta, {p: val}) > 0
        assert num(phi + zeta, {p: val}) <= num(sc.state_entropy(m), {p: val})


def presentation_by_words(m, length):
    """``(H[R_0 | U, V], H[R_0 | U])`` for the words ``U = X_{-L:0}``, ``V = X_{0:L}``: ``Pr(u, r, v) = (pi T_u)_r (T_v 1)_r``."""
    from itertools import product

    pi = sc.stationary_distribution(m)
    step = {}
    for e in m.edges:
        step.setdefault(e.symbol, []).append((e.source, e.target, e.probability))
    words = ["".join(w) for w in product(m.alphabet, repeat=length)]
    alpha, beta = {}, {}
    for w in words:
        a = dict(pi)
        for x in w:
            b = {s: 0 for s in m.states}
            for s, t, pr in step[x]:
                b[t] += a[s] * pr
            a = b
        alpha[w] = a
        c = {s: 1 for s in m.states}
        for x in reversed(w):
            d = {s: 0 for s in m.states}
            for s, t, pr in step[x]:
                d[s] += pr * c[t]
            c = d
        beta[w] = c
    full = [alpha[u][r] * beta[v][r] for u in words for v in words for r in m.states]
    pairs = [sum(alpha[u][r] * beta[v][r] for r in m.states) for u in words for v in words]
    past = [alpha[u][r] for u in words for r in m.states]
    past_words = [sum(alpha[u].values()) for u in words]
    return _entropy(full) - _entropy(pairs), _entropy(past) - _entropy(past_words)


def test_gauge_and_oracular_by_words():
    """Lohr generator at p = 1/5 (its beliefs synchronise after one symbol both ways): phi and phi + zeta from words of length 1 and 2."""
    m = P.lohr_generator(R(1, 5))
    phi, zeta = sc.gauge_information(m), sc.oracular_information(m)
    for length in (1, 2):
        given_both, given_past = presentation_by_words(m, length)
        assert abs(num(phi) - given_both) < 1e-45
        assert abs(num(phi + zeta) - given_past) < 1e-45


def test_infinite_reverse_states_raise():
    """Reverse mixed states past the cap (RIP has 3 forward but more reverse beliefs) raise, naming the cap; so does the SNS."""
    with pytest.raises(InfiniteStatesError, match=r"reverse of epsilon-machine .*max_states=4"):
        sc.information_anatomy(P.rip(R(1, 2), R(1, 2)), max_states=4)
    with pytest.raises(InfiniteStatesError, match="max_states=20"):
        sc.causal_irreversibility(P.sns(), max_states=20)


def test_backends_agree(monkeypatch):
    """The anatomy and Xi are identical on the sympy backend (fresh symbols, so nothing is cached)."""
    s = sc.symbols("s")
    flint = sc.information_anatomy(P.golden_mean(s)), sc.causal_irreversibility(P.rip(R(1, 3), R(3, 4)))
    monkeypatch.setenv("SYMCM_BACKEND", "sympy")
    t = sc.symbols("t")
    other = sc.information_anatomy(P.golden_mean(t)), sc.causal_irreversibility(P.rip(R(1, 3), R(3, 4)))
    assert other[0].r_mu.subs(t, s) == flint[0].r_mu and other[1] == flint[1]


@settings(max_examples=20, deadline=None, database=None, derandomize=True)
@given(st.unifilar_hmms(max_states=3), st.hmms(max_states=3, unifilar=False))
def test_invariants_on_random_models(m, presentation):
    """Random unifilar models: the bidirectional machine generates the process, E = C+ + C- - C^{+-}, r, b, w >= 0,
    w <= H[X_0]; random nonunifilar presentations: phi, zeta >= 0 and phi + zeta <= H[R]."""
    try:
        b = sc.bidirectional_machine(m, max_states=40)
        a = sc.information_anatomy(m, max_states=40)
    except InfiniteStatesError:
        assume(False)
    assert {w: v for w, v in sc.word_probabilities(b, 3).items() if v} == \
           {w: v for w, v in sc.word_probabilities(m, 3).items() if v}
    c_pm = sc.state_entropy(b)
    e = sc.statistical_complexity(m) + sc.statistical_complexity(sc.reverse(m)) - c_pm
    assert close(e, sc.excess_entropy(m))
    for v in (a.r_mu, a.b_mu, a.w_mu, a.H_1 - a.w_mu):
        assert num(v) > -1e-45
    try:
        phi = sc.gauge_information(presentation, max_states=40)
        zeta = sc.oracular_information(presentation, max_states=40)
    except InfiniteStatesError:
        return
    assert num(phi) > -1e-45 and num(zeta) > -1e-45
    assert num(phi + zeta) <= num(sc.state_entropy(presentation)) + 1e-45


def test_record_is_frozen():
    """InformationAnatomy is an immutable record."""
    a = sc.information_anatomy(P.golden_mean(p))
    with pytest.raises(AttributeError):
        a.r_mu = 0


def test_bad_input():
    """A non-model or a bad cap is refused with the function's name."""
    for func in (sc.information_anatomy, sc.bidirectional_machine, sc.causal_irreversibility,
                 sc.gauge_information, sc.oracular_information):
        with pytest.raises(TypeError, match=func.__name__):
            func("golden mean")
        with pytest.raises((TypeError, ValueError), match="max_states"):
            func(P.golden_mean(p), max_states=0)
