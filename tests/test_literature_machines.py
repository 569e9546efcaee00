"""The machines from specific papers (symcm.models.literature_machines, symcm.models.cryptic_machines).

Every value is checked against a route that shares no code with symcm's
algorithms: edges against the definitions written out here; stationary
distributions against hand-derived closed forms and the nullspace oracle;
h_mu against ``sum_s pi_s H[X | S = s]`` in mpmath; C_mu against the entropy
of the states grouped by their exact future word distributions (words up to
length n - 1 decide equivalence of the states of an n-state presentation);
Markov and cryptic orders against exhaustive word enumeration on the
machine's graph; E exactly against ``H(R) - R h_mu`` for processes that
synchronize in R steps, and against published values.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import mpmath
import pytest
import sympy as sp

import symcm as sc
from tests import oracles
from tests.test_catalog import close, exactly_equal, mp

P = sc.processes
R = sp.Rational
HALF = R(1, 2)
p, q, r, a = sc.symbols("p q r a")
f, b1, b2, noise, bias = sc.symbols("free bias1 bias2 noise bias")
A_STAR = sp.CRootOf(sp.Symbol("x") ** 3 - 2 * sp.Symbol("x") - 2, 0)  # the tent map's Misiurewicz slope


# --------------------------------------------------------------------------- brute force on the graph


def fraction_matrices(m):
    """``{symbol: [[Fraction]]}`` from the edges of a numeric model."""
    n, idx = len(m.states), {s: i for i, s in enumerate(m.states)}
    mats = {x: [[Fraction(0)] * n for _ in range(n)] for x in m.alphabet}
    for e in m.edges:
        pr = sp.Rational(e.probability)
        mats[e.symbol][idx[e.source]][idx[e.target]] += Fraction(int(pr.p), int(pr.q))
    return mats


def word_distribution(m, length):
    """``{word: Pr(word)}`` (positive ones) by forward vectors from the oracle's stationary distribution."""
    mats = fraction_matrices(m)
    pi = [Fraction(int(R(v).p), int(R(v).q)) for v in oracles.stationary(m).values()]
    n, out, stack = len(pi), {}, [((), pi)]
    while stack:
        word, vec = stack.pop()
        if len(word) == length:
            out[word] = sum(vec)
            continue
        for x, mat in mats.items():
            nxt = [sum(vec[i] * mat[i][j] for i in range(n)) for j in range(n)]
            if any(nxt):
                stack.append((word + (x,), nxt))
    return out


def block_entropy(m, length):
    """Exact ``H(L)`` in bits (sympy logarithms of rationals) from the enumerated word distribution."""
    return sum((-sp.Rational(v.numerator, v.denominator) * sp.log(sp.Rational(v.numerator, v.denominator), 2)
                for v in word_distribution(m, length).values()), sp.Integer(0))


def successor(m):
    """The unifilar transition function ``(state, symbol) -> state`` (edges of positive probability)."""
    out = {}
    for e in m.edges:
        assert (e.source, e.symbol) not in out, "not unifilar"
        out[e.source, e.symbol] = e.target
    return out


def paths(m, word):
    """The state paths reading ``word`` from every state (the stationary support is every state here)."""
    delta, found = successor(m), []
    for s in m.states:
        path = [s]
        for x in word:
            if (path[-1], x) not in delta:
                break
            path.append(delta[path[-1], x])
        else:
            found.append(path)
    return found


def sync_length(m, limit=8):
    """Least L with every allowed word of length L ending in one state (None if none up to ``limit``)."""
    for length in range(limit + 1):
        if all(len({pth[-1] for pth in paths(m, w)}) <= 1 for w in itertools.product(m.alphabet, repeat=length)):
            return length
    return None


def cryptic_order(m, sync):
    """Least k with H[S_k | X_0:oo] = 0 for a machine that synchronizes in ``sync`` steps, by enumeration.

    Reading ``sync`` symbols fixes S_sync, and the later symbols depend on the
    earlier states only through it, so H[S_k | X_0:oo] = H[S_k | X_0:max(k, sync)]:
    zero exactly when every allowed word of that length passes one state at time k.
    """
    for k in range(sync + 1):
        length = max(k, sync)
        if all(len({pth[k] for pth in paths(m, w)}) <= 1 for w in itertools.product(m.alphabet, repeat=length)):
            return k
    raise AssertionError("S_sync is fixed by the first sync symbols")


def causal_state_entropy(m):
    """H of the stationary distribution over classes of states with identical future word distributions.

    Two states of an n-state presentation generate the same future exactly
    when their word probabilities agree for every word of length <= n - 1
    (the span of the vectors T(w)1 stops growing within n - 1 steps); for a
    unifilar presentation these classes are the causal states.
    """
    mats = fraction_matrices(m)
    n = len(m.states)
    keys = {i: [] for i in range(n)}
    vectors = [[Fraction(1)] * n]
    for _ in range(n - 1):
        vectors = [[sum(mat[i][j] * v[j] for j in range(n)) for i in range(n)] for v in vectors for mat in mats.values()]
        for v in vectors:
            for i in range(n):
                keys[i].append(v[i])
    pi = oracles.stationary(m)
    classes = {}
    for i, s in enumerate(m.states):
        classes[tuple(keys[i])] = classes.get(tuple(keys[i]), 0) + pi[s]
    return sum((-w * sp.log(w, 2) for w in classes.values()), sp.Integer(0)), len(classes)


def mp_entropy_rate(m):
    """``sum_s pi_s H[X | S = s]`` in mpmath for a unifilar numeric presentation."""
    pi = oracles.stationary(m)
    rows = {s: [] for s in m.states}
    for e in m.edges:
        rows[e.source].append(e.probability)
    with mpmath.workdps(40):
        return sum(mp(pi[s]) * oracles.entropy_numeric(rows[s], 40) for s in m.states)


def e_lower_bounds(m, lengths):
    """``E(L) = H(L) - L h_mu`` in floats (numpy, level by level), a lower bound increasing to E."""
    import numpy as np

    n, idx = len(m.states), {s: i for i, s in enumerate(m.states)}
    mats = [np.zeros((n, n)) for _ in m.alphabet]
    for e in m.edges:
        mats[m.alphabet.index(e.symbol)][idx[e.source], idx[e.target]] += float(e.probability)
    h = float(mp_entropy_rate(m))
    vecs = np.array([[float(v) for v in oracles.stationary(m).values()]])
    out = {}
    for length in range(1, max(lengths) + 1):
        vecs = np.concatenate([vecs @ t for t in mats])
        vecs = vecs[vecs.sum(axis=1) > 0]
        if length in lengths:
            w = vecs.sum(axis=1)
            out[length] = float(-(w * np.log2(w)).sum()) - length * h
    return out


# --------------------------------------------------------------------------- the definitions


EDGES = [  # (model, edges written out from the definitions)
    (P.restricted_golden_mean(3), [("0", "0", "1", HALF), ("0", "1", "0", HALF), ("1", "2", "1", 1),
                                   ("2", "3", "1", 1), ("3", "0", "1", 1)]),
    (P.stretched_golden_mean(3), [("0", "0", "1", HALF), ("0", "1", "0", HALF), ("1", "2", "0", 1),
                                  ("2", "3", "0", 1), ("3", "0", "1", 1)]),
    (P.rk_golden_mean(2, 3, p), [("0", "0", "1", p), ("0", "1", "0", 1 - p), ("1", "2", "0", 1), ("2", "3", "1", 1),
                                 ("3", "4", "1", 1), ("4", "0", "1", 1)]),
    (P.rn_golden_mean(3, 2, p), [("0", "0", "1", p), ("0", "1", "0", 1 - p), ("1", "2", "0", 1), ("2", "3", "1", 1),
                                 ("3", "4", "1", 1), ("4", "0", "1", 1)]),
    (P.golden_mean_forbid_11(p), [("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "A", "0", 1)]),
    (P.nonunifilar_golden_mean(p, f), [("A", "B", "0", f), ("A", "B", "1", (f - p) * (1 - f) / f),
                                       ("A", "A", "1", p * (1 - f) / f), ("B", "A", "1", p / f),
                                       ("B", "B", "1", (f - p) / f)]),
    (P.irreversible_two_state(p, q), [("A", "A", "0", p), ("A", "B", "1", 1 - p), ("B", "B", "1", q),
                                      ("B", "A", "2", 1 - q)]),
    (P.ellison_fig9_forward(), [("A", "A", "0", HALF), ("A", "B", "1", HALF), ("B", "B", "1", HALF),
                                ("B", "A", "2", HALF)]),
    (P.misiurewicz(), [("A", "B", "0", R(364, 1000)), ("B", "C", "0", R(276, 1000)), ("D", "B", "0", R(521, 1000)),
                       ("A", "A", "1", R(636, 1000)), ("B", "A", "1", R(724, 1000)), ("C", "D", "1", 1),
                       ("D", "C", "1", R(479, 1000))]),
    (P.misiurewicz_simplified(), [("A", "B", "0", R(2, 5)), ("B", "C", "0", R(1, 4)), ("D", "B", "0", HALF),
                                  ("A", "A", "1", R(3, 5)), ("B", "A", "1", R(3, 4)), ("C", "D", "1", 1),
                                  ("D", "C", "1", HALF)]),
    (P.misiurewicz_uniform(), [("A", "B", "0", HALF), ("B", "C", "0", HALF), ("D", "B", "0", HALF),
                               ("A", "A", "1", HALF), ("B", "A", "1", HALF), ("C", "D", "1", 1), ("D", "C", "1", HALF)]),
    (P.tent_map_misiurewicz(a), [("A", "B", "1", 1), ("B", "C", "0", (a + 2) / (2 * a + 2)),
                                 ("B", "A", "1", a / (2 * a + 2)), ("C", "A", "0", 1 / (a + 2)),
                                 ("C", "D", "1", (a + 1) / (a + 2)), ("D", "C", "0", (a**2 + 2 * a) / (2 * a**2 + 4 * a + 2)),
                                 ("D", "D", "1", (a**2 + 2 * a + 2) / (2 * a**2 + 4 * a + 2))]),
    (P.nemo_redundant(p, q), [("A", "A", "1", p), ("A", "B", "0", 1 - p), ("B", "C", "0", 1), ("C", "D", "0", q),
                              ("C", "D", "1", 1 - q), ("D", "D", "1", p), ("D", "E", "0", 1 - p), ("E", "F", "0", 1),
                              ("F", "A", "0", q), ("F", "A", "1", 1 - q)]),
    (P.noisy_random_phase_slip(), [("A", "A", "0", HALF), ("A", "B", "1", HALF), ("B", "C", "0", 1),
                                   ("C", "D", "1", 1), ("D", "E", "0", HALF), ("D", "E", "1", HALF), ("E", "A", "0", 1)]),
    (P.odd(b1, b2), [("A", "A", "0", b1), ("A", "B", "1", 1 - b1), ("B", "A", "0", b2), ("B", "C", "1", 1 - b2),
                     ("C", "B", "1", 1)]),
    (P.even_odd(), [("A", "B", "0", HALF), ("B", "A", "0", 1), ("A", "C", "1", HALF), ("C", "B", "0", HALF),
                    ("C", "D", "1", HALF), ("D", "C", "1", 1)]),
    (P.three_even_odd(), [("A", "A", "0", R(1, 3)), ("A", "B", "1", R(1, 3)), ("B", "A", "1", 1),
                          ("A", "C", "2", R(1, 3)), ("C", "A", "0", R(1, 3)), ("C", "B", "1", R(1, 3)),
                          ("C", "D", "2", R(1, 3)), ("D", "C", "2", 1)]),
    (P.phase_slip_backtrack(), [("A", "B", "1", HALF), ("A", "D", "0", HALF), ("B", "B", "1", HALF),
                                ("B", "C", "0", HALF), ("C", "D", "0", 1), ("D", "A", "1", 1)]),
    (P.rn1c(noise, bias), [("A", "B", "0", bias), ("B", "A", "0", 1), ("A", "C", "1", 1 - bias),
                           ("C", "A", "0", noise), ("C", "A", "1", 1 - noise)]),
    (P.rn1n(bias, noise), [("A", "B", "0", bias), ("A", "C", "1", 1 - bias), ("B", "A", "1", 1),
                           ("C", "A", "1", noise), ("C", "A", "0", 1 - noise)]),
    (P.rrx_nonminimal(), [("A", "B", "0", HALF), ("A", "C", "1", HALF), ("B", "D", "0", HALF), ("B", "E", "1", HALF),
                          ("C", "F", "0", HALF), ("C", "G", "1", HALF), ("D", "A", "0", 1), ("E", "A", "1", 1),
                          ("F", "A", "1", 1), ("G", "A", "0", 1)]),
    (P.rrxro(), [("S", "0", "0", HALF), ("S", "1", "1", HALF), ("0", "00", "0", HALF), ("0", "01", "1", HALF),
                 ("1", "10", "0", HALF), ("1", "11", "1", HALF), ("01", "orTrue", "1", 1), ("10", "orTrue", "1", 1),
                 ("00", "000", "0", 1), ("000", "orFalse", "0", HALF), ("000", "orTrue", "1", HALF),
                 ("11", "110", "0", 1), ("110", "orFalse", "0", HALF), ("110", "orTrue", "1", HALF),
                 ("orFalse", "S", "0", 1), ("orTrue", "S", "1", 1)]),
    (P.three_hundred(p, q, r), [("A", "B", "0", p), ("A", "C", "1", 1 - p), ("B", "D", "0", 1), ("C", "E", "0", 1),
                                ("D", "F", "0", q), ("D", "F", "1", 1 - q), ("E", "A", "0", 1), ("F", "A", "0", r),
                                ("F", "A", "1", 1 - r)]),
    (P.butterfly(), [("A", "B", "2", HALF), ("A", "D", "3", HALF), ("B", "C", "0", HALF), ("B", "B", "4", HALF),
                     ("C", "A", "1", HALF), ("C", "C", "6", HALF), ("D", "E", "0", HALF), ("D", "D", "5", HALF),
                     ("E", "A", "1", HALF), ("E", "E", "7", HALF)]),
]


@pytest.mark.parametrize("m, edges", EDGES, ids=[m.name for m, _ in EDGES])
def test_edges(m, edges):
    """Each machine has exactly the edges of its definition (symbols as strings, probabilities identical)."""
    got = {(e.source, e.target, e.symbol): e.probability for e in m.edges}
    want = {(s, t, x): sp.sympify(pr) for s, t, x, pr in edges}
    assert set(got) == set(want)
    assert all(sp.cancel(got[k] - want[k]) == 0 for k in want)


def test_every_literature_entry_has_its_definition_here():
    """Every catalog entry of the two modules is one of the machines whose edges are written out above."""
    from symcm.models import cryptic_machines, literature_machines

    names = {m.name.split("(")[0] for m, _ in EDGES}
    assert names == set(literature_machines.CATALOG) | set(cryptic_machines.CATALOG)


def test_domains():
    """Open-interval domains: (0, 1) by default, the tent map's slope in (1, 2), p < free inside a box."""
    assert dict(P.three_hundred(p, q, r).domain) == {p: (0, 1), q: (0, 1), r: (0, 1)}
    assert dict(P.tent_map_misiurewicz().domain) == {sc.symbols("a"): (1, 2)}
    assert dict(P.nonunifilar_golden_mean(p, f).domain) == {p: (0, HALF), f: (HALF, 1)}
    assert dict(P.nonunifilar_golden_mean(R(1, 3), f).domain) == {f: (R(1, 3), 1)}
    assert dict(P.nonunifilar_golden_mean(p, R(3, 4)).domain) == {p: (0, R(3, 4))}
    assert all(m.vanishing_edges == () for m, _ in EDGES)


@pytest.mark.parametrize("call, message", [
    (lambda: P.restricted_golden_mean(0), "k"),
    (lambda: P.restricted_golden_mean(p), "k"),
    (lambda: P.rn_golden_mean(1, 2, p), "N <= R"),
    (lambda: P.nonunifilar_golden_mean(R(1, 2), R(1, 3)), "p < free"),
    (lambda: P.nonunifilar_golden_mean(p, R(3, 2)), "free"),
    (lambda: P.tent_map_misiurewicz(-1), "a > 0"),
])
def test_bad_arguments_are_refused(call, message):
    """Integers below 1, N > R, free <= p and negative slopes are refused with a SymcmError naming them."""
    with pytest.raises(sc.SymcmError, match=message):
        call()


# --------------------------------------------------------------------------- stationary distributions and h_mu

# hand-derived: follow the probability flow through each chain of forced moves
PI = [
    # RGM, SGM: state 0 is left with prob 1/2 into a k-step path back: pi_0 = 2/(k+2), the others 1/(k+2)
    (P.restricted_golden_mean(3), {"0": R(2, 5), "1": R(1, 5), "2": R(1, 5), "3": R(1, 5)}),
    (P.stretched_golden_mean(2), {"0": HALF, "1": R(1, 4), "2": R(1, 4)}),
    # R-k: state 0 is left with prob 1-p into an (R+k-1)-step path back
    (P.rk_golden_mean(2, 3, p), {"0": 1 / (1 + 4 * (1 - p)), **{str(i): (1 - p) / (1 + 4 * (1 - p)) for i in range(1, 5)}}),
    (P.golden_mean_forbid_11(p), {"A": 1 / (1 + p), "B": p / (1 + p)}),
    # flow A -> B is pi_A (1 - p(1-f)/f), flow B -> A is pi_B p/f
    (P.nonunifilar_golden_mean(p, f), {"A": p / (f * (1 + p)), "B": (f - p + p * f) / (f * (1 + p))}),
    (P.irreversible_two_state(p, q), {"A": (1 - q) / (2 - p - q), "B": (1 - p) / (2 - p - q)}),
    (P.nemo_redundant(p, q), {"A": 1 / (6 - 4 * p), "B": (1 - p) / (6 - 4 * p), "C": (1 - p) / (6 - 4 * p),
                              "D": 1 / (6 - 4 * p), "E": (1 - p) / (6 - 4 * p), "F": (1 - p) / (6 - 4 * p)}),
    (P.odd(b1, b2), {"A": b2 / (b2 + (1 - b1) * (2 - b2)), "B": (1 - b1) / (b2 + (1 - b1) * (2 - b2)),
                     "C": (1 - b1) * (1 - b2) / (b2 + (1 - b1) * (2 - b2))}),
    (P.rn1c(noise, bias), {"A": HALF, "B": bias / 2, "C": (1 - bias) / 2}),
    (P.rn1n(bias, noise), {"A": HALF, "B": bias / 2, "C": (1 - bias) / 2}),
    (P.three_hundred(p, q, r), {"A": 1 / (3 + p), "B": p / (3 + p), "C": (1 - p) / (3 + p), "D": p / (3 + p),
                                "E": (1 - p) / (3 + p), "F": p / (3 + p)}),
    (P.noisy_random_phase_slip(), {"A": R(1, 3), "B": R(1, 6), "C": R(1, 6), "D": R(1, 6), "E": R(1, 6)}),
    (P.even_odd(), {"A": R(2, 7), "B": R(2, 7), "C": R(2, 7), "D": R(1, 7)}),
    (P.phase_slip_backtrack(), {"A": R(2, 7), "B": R(2, 7), "C": R(1, 7), "D": R(2, 7)}),
    (P.butterfly(), {s: R(1, 5) for s in "ABCDE"}),
]


@pytest.mark.parametrize("m, pi", PI, ids=[m.name for m, _ in PI])
def test_stationary_closed_form(m, pi):
    """The stationary distribution equals the hand-derived closed form."""
    got = sc.stationary_distribution(m)
    assert all(sp.cancel(got[s] - pi[s]) == 0 for s in m.states)


@pytest.mark.parametrize("m", [m for m, _ in EDGES], ids=[m.name for m, _ in EDGES])
def test_stationary_against_the_nullspace_oracle(m):
    """The stationary distribution equals sympy's nullspace of (T - I)^T, symbolic parameters included."""
    got, want = sc.stationary_distribution(m), oracles.stationary(m)
    assert all(sp.cancel(got[s] - want[s]) == 0 for s in m.states)


POINTS = [  # numeric instances: (model, synchronization length of the presentation or None)
    (P.restricted_golden_mean(1), 1), (P.restricted_golden_mean(2), 2), (P.restricted_golden_mean(4), 4),
    (P.stretched_golden_mean(2), 2), (P.stretched_golden_mean(4), 4),
    (P.rk_golden_mean(3, 2, R(1, 3)), 3), (P.rk_golden_mean(2, 2, R(2, 5)), 2), (P.rn_golden_mean(3, 1, R(1, 3)), 3),
    (P.golden_mean_forbid_11(R(2, 7)), 1), (P.irreversible_two_state(R(1, 3), R(3, 4)), 1),
    (P.ellison_fig9_forward(), 1), (P.misiurewicz(), None), (P.misiurewicz_simplified(), None),
    (P.misiurewicz_uniform(), None), (P.tent_map_misiurewicz(R(7, 4)), None),
    (P.nemo_redundant(R(1, 3), R(1, 4)), None), (P.noisy_random_phase_slip(), 5),
    (P.odd(R(1, 3), R(1, 4)), None), (P.even_odd(), None), (P.three_even_odd(), None),
    (P.phase_slip_backtrack(), 3), (P.rn1c(R(1, 10), HALF), None), (P.rn1n(HALF, R(1, 10)), None),
    (P.rrx_nonminimal(), None), (P.rrxro(), None), (P.three_hundred(R(1, 3), R(1, 4), R(1, 5)), None),
    (P.butterfly(), 2),
]
POINT_IDS = [m.name for m, _ in POINTS]


@pytest.mark.parametrize("m, sync", POINTS, ids=POINT_IDS)
def test_entropy_rate_and_statistical_complexity(m, sync):
    """h_mu = sum_s pi_s H[X|S=s] (mpmath) and C_mu = H[pi over classes of equal futures], exactly."""
    assert close(mp(sc.entropy_rate(m)), mp_entropy_rate(m))
    c_mu, n_causal = causal_state_entropy(m)
    assert exactly_equal(sc.statistical_complexity(m), c_mu)
    assert len(sc.epsilon_machine(m).states) == n_causal
    assert sync_length(m) == sync


@pytest.mark.parametrize("m, sync", [x for x in POINTS if x[1] is not None],
                         ids=[m.name for m, s in POINTS if s is not None])
def test_excess_entropy_of_processes_that_synchronize(m, sync):
    """A process whose presentation synchronizes in R steps has E = H(R) - R h_mu, from enumerated words."""
    assert exactly_equal(sc.excess_entropy(m), block_entropy(m, sync) - sync * sc.entropy_rate(m))


def aitken(bounds, lengths):
    """Aitken's extrapolation of three equally spaced E(L): the limit of a geometrically converging sequence."""
    e1, e2, e3 = (bounds[n] for n in lengths)
    return e3 - (e3 - e2) ** 2 / ((e3 - e2) - (e2 - e1))


INFINITE = [(P.nemo_redundant(R(1, 3), R(1, 4)), (6, 10, 14)), (P.odd(R(1, 3), R(1, 4)), (14, 18, 22)),
            (P.even_odd(), (10, 14, 18)), (P.three_even_odd(), (8, 10, 12)), (P.rn1c(R(1, 10), HALF), (10, 14, 18)),
            (P.rrx_nonminimal(), (14, 18, 22)), (P.rrxro(), (14, 18, 22))]


@pytest.mark.parametrize("m, lengths", INFINITE, ids=[m.name for m, _ in INFINITE])
def test_excess_entropy_of_infinite_markov_order(m, lengths):
    """E(L) = H(L) - L h_mu increases to E: E(L) < E, and the geometric extrapolation of E(L) is E (to 1e-3)."""
    e = float(sc.excess_entropy(m))
    bounds = e_lower_bounds(m, set(lengths))
    assert bounds[lengths[0]] < bounds[lengths[1]] < bounds[lengths[2]] < e
    assert abs(aitken(bounds, lengths) - e) < 1e-3


# --------------------------------------------------------------------------- published values and orders


@pytest.mark.parametrize("k", [1, 2, 3, 4])
def test_restricted_and_stretched_golden_mean_closed_forms(k):
    """RGM(k), SGM(k) [MEC09a]: C_mu = log2(k+2) - 2/(k+2), h_mu = 2/(k+2); RGM: E = log2(k+2) - 2(k+1)/(k+2)."""
    closed = sp.log(k + 2, 2) - R(2, k + 2)
    for m in (P.restricted_golden_mean(k), P.stretched_golden_mean(k)):
        assert exactly_equal(sc.statistical_complexity(m), closed)
        assert sc.entropy_rate(m) == R(2, k + 2)
    assert exactly_equal(sc.excess_entropy(P.restricted_golden_mean(k)), sp.log(k + 2, 2) - R(2 * (k + 1), k + 2))


ORDERS = [  # (model, Markov order, cryptic order, where stated)
    *[(P.restricted_golden_mean(k), k, k, "RGM(k) is k-cryptic [MEC09a]") for k in (1, 2, 3, 4)],
    *[(P.stretched_golden_mean(k), k, 1, "computed") for k in (2, 3, 4)],
    *[(P.rk_golden_mean(R_, k, R(1, 3)), R_, k, "R-k GM [JMEC10]") for R_, k in [(1, 1), (2, 1), (3, 1), (3, 2), (4, 3)]],
    (P.rn_golden_mean(3, 2, R(1, 3)), 3, 3, "rk_golden_mean(2, 3, p)"),
    (P.phase_slip_backtrack(), 3, 2, "PSB: R = 3, k = 2 [JMEC10]"),
    (P.butterfly(), 2, 2, "Butterfly is 2-cryptic [MEC09b]"),
    (P.noisy_random_phase_slip(), 5, 3, "computed"),
    (P.ellison_fig9_forward(), 1, 1, "computed"),
]


@pytest.mark.parametrize("m, markov, cryptic, source", ORDERS, ids=[f"{m.name}" for m, *_ in ORDERS])
def test_markov_and_cryptic_orders(m, markov, cryptic, source):
    """Markov and cryptic orders equal the published ones and the exhaustive word enumeration on the machine."""
    assert sync_length(m) == markov and cryptic_order(m, markov) == cryptic
    assert sc.markov_order(m) == markov and sc.cryptic_order(m) == cryptic


def test_symbolic_orders_of_the_golden_mean_relatives():
    """With p symbolic, rk_golden_mean(3, 2, p) keeps Markov order 3 and cryptic order 2 on all of (0, 1)."""
    m = P.rk_golden_mean(3, 2, p)
    assert sc.markov_order(m) == 3 and sc.cryptic_order(m) == 2


def test_infinite_orders():
    """Nemo's redundant presentation is infinitely cryptic [MEC09a]; the odd and logic processes have Markov order oo."""
    assert sc.cryptic_order(P.nemo_redundant(R(1, 3), R(1, 4))) == sp.oo
    for m in (P.odd(R(1, 3), R(1, 4)), P.even_odd(), P.rn1c(R(1, 10), HALF), P.misiurewicz()):
        assert sc.markov_order(m) == sp.oo
        assert sync_length(m, limit=10) is None


PUBLISHED_E = [  # values quoted in issue 13, item 8: (model, E, its precision, lengths for the extrapolation)
    (P.rn1n(HALF, R(1, 10)), "1.379138328596584", "1e-12", (16, 20, 24)),
    (P.three_hundred(R(1, 3), R(1, 4), R(1, 5)), "2.315837465579048", "1e-12", (18, 21, 24)),
    (P.misiurewicz(), "0.343599", "1e-6", (12, 16, 20)),
    (P.misiurewicz_simplified(), "0.356111", "1e-6", (12, 16, 20)),
    (P.misiurewicz_uniform(), "0.746156", "1e-6", (12, 16, 20)),
]
PUBLISHED_IDS = [m.name for m, *_ in PUBLISHED_E]


@pytest.mark.parametrize("m, value, tol, lengths", PUBLISHED_E, ids=PUBLISHED_IDS)
def test_published_excess_entropy_extrapolated(m, value, tol, lengths):
    """The published E lies above E(L) = H(L) - L h_mu and equals its extrapolation to 1e-4: the edges match."""
    bounds = e_lower_bounds(m, set(lengths))
    assert bounds[lengths[2]] < float(value)
    assert abs(aitken(bounds, lengths) - float(value)) < 1e-4


@pytest.mark.parametrize("m, value, tol, lengths", PUBLISHED_E, ids=PUBLISHED_IDS)
def test_published_excess_entropy(m, value, tol, lengths):
    """sc.excess_entropy equals the published E: exactly for Rn1N and ThreeHundred, a certified enclosure for Misiurewicz."""
    e = sc.excess_entropy(m)
    if isinstance(e, sc.Bounds):  # infinite cryptic order, infinite mixed states: E only as an enclosure
        assert e.upper - e.lower < mpmath.mpf(10) ** -20
        assert abs(e.mid - mpmath.mpf(value)) < mpmath.mpf(tol)
    else:
        assert abs(mpmath.mpf(str(sp.N(e, 30))) - mpmath.mpf(value)) < mpmath.mpf(tol)


# --------------------------------------------------------------------------- same processes


def test_presentations_of_catalog_processes():
    """Redundant presentations generate the catalog's processes (same_process, and words to length 6 exactly)."""
    pairs = [(P.nemo_redundant(p, q), P.nemo(p, q)), (P.rrx_nonminimal(), P.rrxor()),
             (P.nonunifilar_golden_mean(p, f), P.golden_mean(p)), (P.restricted_golden_mean(1), P.golden_mean(HALF)),
             (P.ellison_fig9_forward(), P.irreversible_two_state(HALF, HALF))]
    for m1, m2 in pairs:
        assert sc.same_process(m1, m2)
    point = {p: R(1, 3), q: R(1, 4), f: R(3, 4)}
    for m1, m2 in pairs:
        m1, m2 = (m.subs({x: v for x, v in point.items() if x in m.parameters}) for m in (m1, m2))
        assert word_distribution(m1, 6) == word_distribution(m2, 6)


def test_rn_golden_mean_is_rk_golden_mean_with_the_arguments_exchanged():
    """rn_golden_mean(R, N, p) and rk_golden_mean(N, R, p) have identical edges for 1 <= N <= R."""
    for R_, N in [(1, 1), (2, 1), (3, 2), (4, 4)]:
        assert P.rn_golden_mean(R_, N, p).edges == P.rk_golden_mean(N, R_, p).edges


def test_golden_mean_forbid_11_is_the_mirror_of_golden_mean():
    """golden_mean forbids 00, golden_mean_forbid_11 forbids 11; word probabilities agree with 0 and 1 exchanged."""
    m, mirror = P.golden_mean(R(2, 7)), P.golden_mean_forbid_11(R(2, 7))
    flip = {"0": "1", "1": "0"}
    words, mirrored = word_distribution(m, 5), word_distribution(mirror, 5)
    assert {tuple(flip[x] for x in w): v for w, v in words.items()} == mirrored
    assert ("0", "0") not in word_distribution(m, 2) and ("1", "1") not in word_distribution(mirror, 2)


def test_golden_mean_forbid_11_at_the_parry_measure():
    """At p = (3 - sqrt 5)/2 the entropy rate is log2 of the golden ratio, the shift's topological entropy."""
    h = sc.entropy_rate(P.golden_mean_forbid_11(p)).subs(p, (3 - sp.sqrt(5)) / 2)
    assert close(mp(h), mp(sp.log((1 + sp.sqrt(5)) / 2, 2)))


def test_ellison_fig9_reverse_machine():
    """[EMJCR11] Fig. 9 is irreversible: C_mu+ = 1 but C_mu- = H[X_0] = 3/2 (three distinct backward predictions)."""
    m = P.ellison_fig9_forward()
    assert sc.statistical_complexity(m) == 1
    pairs = word_distribution(m, 2)
    one = word_distribution(m, 1)
    backward = {x: tuple(pairs.get((y, x), 0) / one[(x,)] for y in m.alphabet) for (x,) in one}
    assert len(set(backward.values())) == 3  # Markov order 1: the reverse causal state is the present symbol
    assert exactly_equal(sc.statistical_complexity(sc.reverse(m)), block_entropy(m, 1))


# --------------------------------------------------------------------------- the tent map


def test_tent_map_entropy_rate_is_log_of_the_slope():
    """At a* (a**3 = 2a + 2) h_mu = log2 a*, the tent map's Lyapunov exponent [JBC13] (40 digits)."""
    m = P.tent_map_misiurewicz()
    a_ = m.parameters[0]
    h = sc.entropy_rate(m).subs(a_, A_STAR)
    with mpmath.workdps(45):
        assert abs(mpmath.mpf(str(sp.N(h, 45))) - mpmath.log(mpmath.mpf(str(sp.N(A_STAR, 45))), 2)) < mpmath.mpf(10) ** -40


def test_tent_map_probabilities_reduce_to_the_interval_chain():
    """Fig. 7's rows equal the kneading partition's quadratics in a modulo a**3 - 2a - 2 (states D, C, B, A)."""
    m = P.tent_map_misiurewicz(a)
    x = sp.Symbol("x")
    reduced = {  # the interval Markov chain's probabilities, reduced by the minimal polynomial
        ("D", "C", "0"): (4 - x**2) / 2, ("D", "D", "1"): (x**2 - 2) / 2,
        ("C", "A", "0"): (2 - 2 * x + x**2) / 6, ("C", "D", "1"): (4 + 2 * x - x**2) / 6,
        ("B", "C", "0"): (x**2 - x) / 2, ("B", "A", "1"): (2 + x - x**2) / 2,
    }
    got = {(e.source, e.target, e.symbol): e.probability.subs(a, x) for e in m.edges}
    for key, want in reduced.items():
        num, den = sp.fraction(sp.together(got[key] - want))
        assert sp.rem(sp.Poly(num, x), sp.Poly(x**3 - 2 * x - 2, x)).is_zero, key


def test_cmpy_misiurewicz_is_not_the_tent_map():
    """CMPy's three-decimal Misiurewicz machine is not a rounding of the tent map's: h_mu 0.8054 vs log2 a* = 0.8232."""
    h = float(sc.entropy_rate(P.misiurewicz()))
    assert abs(h - math.log2(float(sp.N(A_STAR)))) > 0.01
    assert abs(float(sp.N(sc.stationary_distribution(P.misiurewicz())["A"])) - 0.4913) < 1e-3
