"""Known values of every named process in ``symcm.models.processes.catalog()``.

For each process the test states its edges as ``shared/design/processes.md``
lists them, a closed-form stationary distribution derived by hand (the
derivation is in the comment of each entry), and then checks symcm's exact
results against independent computations:

* stationary distributions against the closed form and against
  ``oracles.stationary`` (a nullspace over the rational-function field);
* block entropies ``H(1), H(2), H(3)`` against brute-force enumeration of
  every state path (``oracles.block_entropy_numeric``) at 30 digits, and
  exactly, as linear combinations of logarithms of primes;
* entropy rates of unifilar presentations against an mpmath evaluation of
  ``sum_s pi_s H[X | S = s]`` written here from the edges, and, for processes
  of finite Markov order ``R``, exactly against ``H(R + 1) - H(R)``;
* symbolic results substituted at a rational point against the exact
  computation on ``m.subs(point)``.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Callable

import mpmath
import pytest
import sympy as sp

import symcm as sc
from symcm.models import cryptic_machines, literature_machines
from tests import oracles

P = sc.processes
p, q = sc.symbols("p q")
R = sp.Rational
HALF = R(1, 2)
DIGITS = 30
TOL = mpmath.mpf(10) ** -(DIGITS - 3)


# --------------------------------------------------------------------------- helpers


def _prime_log_form(expr: sp.Expr) -> sp.Expr:
    """``expr`` with H written in logs and every ``log(r)`` (r > 0 rational) as sum e_i * L_prime.

    Logarithms of distinct primes are linearly independent over Q, so two
    such expressions are equal as real numbers exactly when their prime-log
    forms cancel.
    """

    def expand(arg):
        r = sp.Rational(arg)
        assert r > 0, f"log of a non-positive number {r}"
        num = sum((e * sp.Symbol(f"L{pr}") for pr, e in sp.factorint(r.p).items()), sp.Integer(0))
        den = sum((e * sp.Symbol(f"L{pr}") for pr, e in sp.factorint(r.q).items()), sp.Integer(0))
        return num - den

    logged = sp.sympify(expr).rewrite(sp.log)
    return logged.replace(lambda e: isinstance(e, sp.log), lambda e: expand(e.args[0]))


def exactly_equal(a, b) -> bool:
    """Exact equality of two real numbers built from rationals, logarithms and H."""
    return sp.cancel(sp.together(_prime_log_form(a) - _prime_log_form(b))) == 0


def mp(expr):
    """``sp.N(expr, 30)`` as an mpmath number."""
    value = sp.N(expr, DIGITS)
    assert value.is_Number, f"{expr} did not evaluate to a number: {value}"
    with mpmath.workdps(DIGITS + 10):
        return mpmath.mpf(str(value))


def close(a, b) -> bool:
    """Agreement of two mpmath numbers to about 30 significant digits (values here are < 8)."""
    with mpmath.workdps(DIGITS + 10):
        return abs(mpmath.mpf(a) - mpmath.mpf(b)) < TOL


def brute_block_entropy_exact(m, length: int) -> sp.Expr:
    """``-sum Pr(w) log2 Pr(w)`` over all words, word probabilities from the path-sum oracle."""
    total = sp.Integer(0)
    for w in itertools.product(m.alphabet, repeat=length):
        pr = oracles.word_probability(m, w)
        if pr != 0:
            total -= pr * sp.log(pr) / sp.log(2)
    return total


def mp_entropy_rate(m) -> mpmath.mpf:
    """``sum_s pi_s H[X | S = s]`` in bits with mpmath (valid for unifilar numeric models)."""
    pi = oracles.stationary(m)
    cond = defaultdict(lambda: defaultdict(lambda: sp.Integer(0)))
    for e in m.edges:
        cond[e.source][e.symbol] += e.probability
    with mpmath.workdps(DIGITS + 10):
        total = mpmath.mpf(0)
        for s in m.states:
            w = sp.Rational(pi[s])
            if w:
                total += mpmath.mpf(w.p) / w.q * oracles.entropy_numeric(cond[s].values(), DIGITS + 10)
        return total


def edge_table(edges) -> dict:
    """``{(source, target, symbol): probability}`` with probabilities cancelled."""
    out = {}
    for src, dst, sym, pr in edges:
        key = (src, dst, sym)
        assert key not in out, f"duplicate edge {key} in the expected table"
        out[key] = sp.cancel(sp.sympify(pr))
    return out


def assert_edges(m, expected) -> None:
    """The model's edges are exactly the expected ones (identical probabilities)."""
    got = edge_table((e.source, e.target, e.symbol, e.probability) for e in m.edges)
    want = edge_table(expected)
    assert set(got) == set(want), f"edges {sorted(got)} != {sorted(want)}"
    for key, pr in want.items():
        assert sp.cancel(got[key] - pr) == 0, f"edge {key}: {got[key]} != {pr}"


# --------------------------------------------------------------------------- the table


@dataclass
class Case:
    """One catalog process: symbolic factory, rational point, edges and pi as processes.md gives them."""

    id: str
    build: Callable  # (values) -> HMM; values maps parameter name -> value
    params: tuple  # parameter symbols, in the order the factory takes them
    point: dict  # rational point inside the domain
    edges: Callable  # (values) -> list of edges (source, target, symbol, probability)
    pi: Callable  # (values) -> {state: closed-form stationary probability}
    domain: dict = field(default_factory=dict)  # symbol -> (lo, hi); default (0, 1)
    unifilar: bool = True
    markov_order: int | None = None  # finite Markov order R: h_mu = H(R + 1) - H(R)

    def symbolic(self):
        return self.build(dict(zip([s.name for s in self.params], self.params)))

    def at_point(self):
        return self.build({s.name: self.point[s] for s in self.params})

    def values(self, at_point: bool):
        return {s.name: (self.point[s] if at_point else s) for s in self.params}


def _period_case(n: int) -> Case:
    def edges(v, n=n):
        if n == 1:
            return [("0", "0", "1", 1)]
        return [(str(i), str(i + 1), "0", 1) for i in range(n - 1)] + [(str(n - 1), "0", "1", 1)]

    # a deterministic cycle through n states: pi is uniform, 1/n each
    return Case(f"period({n})", lambda v, n=n: P.period(n), (), {}, edges,
                lambda v, n=n: {str(i): R(1, n) for i in range(n)}, markov_order=n - 1)


CASES = [
    # biased_coin: one state, pi_A = 1
    Case("biased_coin", lambda v: P.biased_coin(v["p"]), (p,), {p: R(1, 3)},
         lambda v: [("A", "A", "1", v["p"]), ("A", "A", "0", 1 - v["p"])],
         lambda v: {"A": 1}, markov_order=0),
    _period_case(1),
    _period_case(2),
    _period_case(3),
    _period_case(5),
    # golden_mean: balance at B: pi_B = p pi_A, so pi_A = 1/(1+p), pi_B = p/(1+p)
    Case("golden_mean", lambda v: P.golden_mean(v["p"]), (p,), {p: R(2, 7)},
         lambda v: [("A", "A", "1", 1 - v["p"]), ("A", "B", "0", v["p"]), ("B", "A", "1", 1)],
         lambda v: {"A": 1 / (1 + v["p"]), "B": v["p"] / (1 + v["p"])}, markov_order=1),
    # even: pi_B = (1-p) pi_A, so pi_A = 1/(2-p), pi_B = (1-p)/(2-p)
    Case("even", lambda v: P.even(v["p"]), (p,), {p: R(2, 7)},
         lambda v: [("A", "A", "0", v["p"]), ("A", "B", "1", 1 - v["p"]), ("B", "A", "1", 1)],
         lambda v: {"A": 1 / (2 - v["p"]), "B": (1 - v["p"]) / (2 - v["p"])}),
    # binary_markov: flow A->B (pi_A p) equals flow B->A (pi_B q): pi_A = q/(p+q), pi_B = p/(p+q)
    Case("binary_markov", lambda v: P.binary_markov(v["p"], v["q"]), (p, q), {p: R(1, 5), q: R(1, 3)},
         lambda v: [("A", "A", "0", 1 - v["p"]), ("A", "B", "1", v["p"]),
                    ("B", "B", "1", 1 - v["q"]), ("B", "A", "0", v["q"])],
         lambda v: {"A": v["q"] / (v["p"] + v["q"]), "B": v["p"] / (v["p"] + v["q"])}, markov_order=1),
    # lohr_generator: flow A->B (pi_A 2p) = flow B->A (pi_B (1/2-p)) and symmetrically for C,
    # so pi_A = pi_C = (1/2 - p) t, pi_B = 2p t with t = 1: (1/2 - p, 2p, 1/2 - p)  [Loehr & Ay 2009]
    Case("lohr_generator", lambda v: P.lohr_generator(v["p"]), (p,), {p: R(2, 7)},
         lambda v: [("A", "A", "0", 1 - 2 * v["p"]), ("A", "B", "0", 2 * v["p"]),
                    ("B", "A", "0", HALF - v["p"]), ("B", "B", "0", v["p"]),
                    ("B", "B", "1", v["p"]), ("B", "C", "1", HALF - v["p"]),
                    ("C", "C", "1", 1 - 2 * v["p"]), ("C", "B", "1", 2 * v["p"])],
         lambda v: {"A": HALF - v["p"], "B": 2 * v["p"], "C": HALF - v["p"]},
         domain={p: (0, HALF)}, unifilar=False),
    # noisy_period2: A and B alternate deterministically: pi = (1/2, 1/2)
    Case("noisy_period2", lambda v: P.noisy_period2(v["p"]), (p,), {p: R(2, 7)},
         lambda v: [("A", "B", "0", 1), ("B", "A", "0", v["p"]), ("B", "A", "1", 1 - v["p"])],
         lambda v: {"A": HALF, "B": HALF}),
    # abc: A and B alternate deterministically: pi = (1/2, 1/2)
    Case("abc", lambda v: P.abc(v["p"], v["q"]), (p, q), {p: R(1, 5), q: R(3, 4)},
         lambda v: [("A", "B", "0", v["p"]), ("A", "B", "1", 1 - v["p"]),
                    ("B", "A", "0", v["q"]), ("B", "A", "1", 1 - v["q"])],
         lambda v: {"A": HALF, "B": HALF}),
    # rip: every path returns to A through C once: pi_C = pi_A, pi_B = p pi_A: pi_A = 1/(2+p)
    Case("rip", lambda v: P.rip(v["p"], v["q"]), (p, q), {p: R(2, 5), q: R(1, 3)},
         lambda v: [("A", "B", "0", v["p"]), ("A", "C", "1", 1 - v["p"]), ("B", "C", "0", v["q"]),
                    ("B", "C", "1", 1 - v["q"]), ("C", "A", "1", 1)],
         lambda v: {"A": 1 / (2 + v["p"]), "B": v["p"] / (2 + v["p"]), "C": 1 / (2 + v["p"])}),
    # nemo: pi_B = (1-p) pi_A = pi_C, so pi_A = 1/(3-2p)
    Case("nemo", lambda v: P.nemo(v["p"], v["q"]), (p, q), {p: R(2, 5), q: R(1, 3)},
         lambda v: [("A", "A", "1", v["p"]), ("A", "B", "0", 1 - v["p"]), ("B", "C", "0", 1),
                    ("C", "A", "0", v["q"]), ("C", "A", "1", 1 - v["q"])],
         lambda v: {"A": 1 / (3 - 2 * v["p"]), "B": (1 - v["p"]) / (3 - 2 * v["p"]),
                    "C": (1 - v["p"]) / (3 - 2 * v["p"])}),
    # rrxor: a 3-step cycle S -> T -> F -> S, T and F each split evenly: pi_S = 1/3, others 1/6
    Case("rrxor", lambda v: P.rrxor(), (), {},
         lambda v: [("S", "T0", "0", HALF), ("S", "T1", "1", HALF), ("T0", "F0", "0", HALF),
                    ("T0", "F1", "1", HALF), ("T1", "F1", "0", HALF), ("T1", "F0", "1", HALF),
                    ("F0", "S", "0", 1), ("F1", "S", "1", 1)],
         lambda v: {"S": R(1, 3), "T0": R(1, 6), "T1": R(1, 6), "F0": R(1, 6), "F1": R(1, 6)}),
    # sns: A -> B and B -> A both have probability 1/2: pi = (1/2, 1/2)
    Case("sns", lambda v: P.sns(), (), {},
         lambda v: [("A", "A", "1", HALF), ("A", "B", "1", HALF), ("B", "B", "1", HALF), ("B", "A", "0", HALF)],
         lambda v: {"A": HALF, "B": HALF}, unifilar=False),
]
IDS = [c.id for c in CASES]
SYMBOLIC = [c for c in CASES if c.params]
UNIFILAR = [c for c in CASES if c.unifilar]


# --------------------------------------------------------------------------- structure


PROCESSES_MD = {
    "biased_coin": ("p",), "period": ("n",), "golden_mean": ("p",), "even": ("p",),
    "binary_markov": ("p", "q"), "lohr_generator": ("p",), "noisy_period2": ("p",),
    "abc": ("p", "q"), "rip": ("p", "q"), "nemo": ("p", "q"), "rrxor": (), "sns": (),
}
# machines from specific papers, tested in tests/test_literature_machines.py
LITERATURE = {**literature_machines.CATALOG, **cryptic_machines.CATALOG}


def test_catalog_lists_every_process():
    """catalog() names the twelve processes of processes.md, the CMPy families and the papers' machines, with their parameters."""
    from symcm.models.process_examples import EXAMPLES
    from symcm.models.process_families import FAMILIES

    cat = P.catalog()
    expected = {**PROCESSES_MD, **{n: ps for n, (_, ps) in {**FAMILIES, **EXAMPLES, **LITERATURE}.items()}}
    assert {name: params for name, (_, params) in cat.items()} == expected
    for name, (func, _) in cat.items():
        assert func is getattr(P, name)
    assert {name: cat[name] for name in LITERATURE} == LITERATURE


def test_table_covers_the_catalog():
    """Every processes.md entry has a row in this file's table; the others are tested in their own files."""
    covered = {c.id.split("(")[0] for c in CASES}
    assert covered == set(PROCESSES_MD)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_edges_symbolic(case):
    """With symbolic parameters the edges are exactly those of processes.md."""
    m = case.symbolic()
    assert_edges(m, case.edges(case.values(at_point=False)))
    assert m.alphabet == ("0", "1")
    assert m.parameters == tuple(sorted(case.params, key=lambda s: s.name))


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_edges_at_point(case):
    """With rational arguments the edges are the table's at that point, and equal m.subs(point)."""
    m = case.at_point()
    assert m.is_numeric
    assert_edges(m, case.edges(case.values(at_point=True)))
    assert m == case.symbolic().subs(case.point)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_domain(case):
    """Each parameter's domain is (0, 1), except lohr_generator's p in (0, 1/2)."""
    m = case.symbolic()
    assert dict(m.domain) == {s: case.domain.get(s, (0, 1)) for s in case.params}
    assert m.vanishing_edges == ()


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_unifilarity(case):
    """is_unifilar agrees with the table (only lohr_generator and sns are non-unifilar)."""
    assert sc.is_unifilar(case.symbolic()) is case.unifilar


# --------------------------------------------------------------------------- stationary distribution


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_stationary_closed_form(case):
    """The symbolic stationary distribution equals the hand-derived closed form and the nullspace oracle."""
    m = case.symbolic()
    pi = sc.stationary_distribution(m)
    want = case.pi(case.values(at_point=False))
    oracle = oracles.stationary(m)
    assert list(pi) == list(m.states)
    for s in m.states:
        assert sp.cancel(pi[s] - want[s]) == 0, (s, pi[s], want[s])
        assert sp.cancel(pi[s] - oracle[s]) == 0, (s, pi[s], oracle[s])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_stationary_at_point(case):
    """At the rational point pi is exact, equals the oracle and the symbolic result substituted."""
    m = case.at_point()
    pi = sc.stationary_distribution(m)
    want = case.pi(case.values(at_point=True))
    oracle = oracles.stationary(m)
    symbolic = sc.stationary_distribution(case.symbolic())
    for s in m.states:
        assert isinstance(pi[s], sp.Rational)
        assert pi[s] == sp.Rational(want[s]) == oracle[s] == symbolic[s].subs(case.point)


# --------------------------------------------------------------------------- entropies


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_state_entropy(case):
    """H[pi] matches the entropy of the closed-form pi at 30 digits, and exactly after substitution."""
    m = case.at_point()
    value = sc.state_entropy(m)
    reference = oracles.entropy_numeric(case.pi(case.values(at_point=True)).values(), DIGITS + 10)
    assert close(mp(value), reference)
    assert exactly_equal(sc.state_entropy(case.symbolic()).subs(case.point), value)


@pytest.mark.parametrize("length", [1, 2, 3])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_block_entropy(case, length):
    """H(L), L = 1..3, equals brute-force path enumeration (30 digits and exactly); symbolic H(L) substitutes to it."""
    m = case.at_point()
    value = sc.block_entropy(m, length)
    assert close(mp(value), oracles.block_entropy_numeric(m, length, DIGITS + 10))
    assert exactly_equal(value, brute_block_entropy_exact(m, length))
    assert exactly_equal(sc.block_entropy(case.symbolic(), length).subs(case.point), value)


@pytest.mark.parametrize("case", UNIFILAR, ids=[c.id for c in UNIFILAR])
def test_entropy_rate_unifilar(case):
    """For unifilar presentations h_mu equals sum_s pi_s H[X|S=s] evaluated independently with mpmath."""
    m = case.at_point()
    h = sc.entropy_rate(m)
    assert close(mp(h), mp_entropy_rate(m))
    assert exactly_equal(sc.entropy_rate(case.symbolic()).subs(case.point), h)
    # H(L) - H(L-1) decreases to h_mu from above
    for length in (1, 2, 3):
        gap = mp(sc.block_entropy(m, length)) - mp(sc.block_entropy(m, length - 1))
        assert gap >= mp(h) - TOL


MARKOV = [c for c in CASES if c.markov_order is not None]


@pytest.mark.parametrize("case", MARKOV, ids=[c.id for c in MARKOV])
def test_entropy_rate_finite_markov_order(case):
    """For a process of Markov order R, h_mu = H(R + 1) - H(R) exactly (block entropies by brute force)."""
    m = case.at_point()
    order = case.markov_order
    reference = brute_block_entropy_exact(m, order + 1) - brute_block_entropy_exact(m, order)
    assert exactly_equal(sc.entropy_rate(m), reference)


def test_binary_markov_entropy_rate_symbolic():
    """For binary_markov, symbolically h_mu = H(2) - H(1) as functions of p and q."""
    m = P.binary_markov(p, q)
    diff = (sc.entropy_rate(m) - (sc.block_entropy(m, 2) - sc.block_entropy(m, 1))).rewrite(sp.log)
    diff = sp.expand_log(sp.expand(diff * sp.log(2)), force=True)
    assert sp.simplify(diff) == 0


def test_entropy_rate_lohr_generator():
    """lohr_generator (non-unifilar) has h_mu = H(p), that of binary_markov(p, p); at p = 2/7, exactly H(2) - H(1)."""
    m = P.lohr_generator(p)
    h = sc.entropy_rate(m)
    assert sp.simplify(h - sc.entropy_rate(P.binary_markov(p, p))) == 0
    # it generates binary_markov(p, p), a process of Markov order 1, so h_mu = H(2) - H(1) (brute force)
    at = P.lohr_generator(R(2, 7))
    reference = brute_block_entropy_exact(at, 2) - brute_block_entropy_exact(at, 1)
    assert exactly_equal(sc.entropy_rate(at), reference)
    assert exactly_equal(h.subs(p, R(2, 7)), reference)


def _sns_brackets(m, length):
    """``(lower, upper)`` bounds on h_mu: H[X_L | X^(L-1), S_0] <= h_mu <= H(L) - H(L-1), by enumeration."""
    from fractions import Fraction

    mats = {x: [[Fraction(int(v.p), int(v.q)) for v in row] for row in mat.tolist()]
            for x, mat in oracles.matrices(m).items()}
    pi = [Fraction(int(v.p), int(v.q)) for v in oracles.stationary(m).values()]
    n = len(pi)

    def entropies(k):
        h_words, h_joint = mpmath.mpf(0), mpmath.mpf(0)
        stack = [((), [[pi[s] if i == s else Fraction(0) for i in range(n)] for s in range(n)])]
        while stack:
            word, vecs = stack.pop()
            if len(word) == k:
                joint = [sum(v) for v in vecs]  # Pr(S_0 = s, X^k = word) for each s
                for pr, is_word in [(sum(joint), True)] + [(pr, False) for pr in joint]:
                    if pr:
                        x = mpmath.mpf(pr.numerator) / pr.denominator
                        if is_word:
                            h_words -= x * mpmath.log(x, 2)
                        else:
                            h_joint -= x * mpmath.log(x, 2)
                continue
            for sym, mat in mats.items():
                nxt = [[sum(v[i] * mat[i][j] for i in range(n)) for j in range(n)] for v in vecs]
                if any(any(v) for v in nxt):
                    stack.append((word + (sym,), nxt))
        return h_words, h_joint

    with mpmath.workdps(40):
        w1, j1 = entropies(length - 1)
        w2, j2 = entropies(length)
        return j2 - j1, w2 - w1


def test_entropy_rate_sns_certified_bounds():
    """sns (infinitely many causal states) gets a certified enclosure of h_mu consistent with brute-force brackets."""
    b = sc.entropy_rate(P.sns(), digits=12)
    assert 0 < b.width < 1e-12
    lower, upper = _sns_brackets(P.sns(), 10)
    with mpmath.workdps(40):
        assert lower <= b.upper and b.lower <= upper, (lower, b, upper)
        assert lower < upper  # the brackets are genuine bounds, not equal by accident


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_entropy_bounds(case):
    """0 <= H(1) <= log2 |A| and 0 <= H[pi], numerically at the point; h_mu <= H(1) when unifilar."""
    m = case.at_point()
    h1 = mp(sc.block_entropy(m, 1))
    assert -TOL <= h1 <= 1 + TOL
    assert mp(sc.state_entropy(m)) >= -TOL
    if case.unifilar:
        assert -TOL <= mp(sc.entropy_rate(m)) <= h1 + TOL


# --------------------------------------------------------------------------- published relations


def test_lohr_generator_generates_binary_markov_p_p():
    """lohr_generator(p) gives the same word probabilities as binary_markov(p, p) up to length 4 [Loehr & Ay 2009]."""
    a, b = P.lohr_generator(p), P.binary_markov(p, p)
    for length in range(1, 5):
        for w in itertools.product("01", repeat=length):
            assert sp.cancel(sc.word_probability(a, w) - sc.word_probability(b, w)) == 0, w


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_period_entropies(n):
    """period(n): H[pi] = log2 n exactly, H(L) = log2 n for L >= n - 1 (n >= 2), h_mu = 0."""
    m = P.period(n)
    assert sp.simplify(sc.state_entropy(m) - sp.log(n, 2)) == 0
    assert sc.entropy_rate(m) == 0
    for length in range(max(n - 1, 1), n + 2):
        assert sp.simplify(sc.block_entropy(m, length) - sp.log(n, 2)) == 0


def test_period_caps_n_with_max_states():
    """period(10**6) is refused at once with TooLargeError naming max_states; raising the cap allows more."""
    with pytest.raises(sc.errors.TooLargeError, match=r"period: n=1,?000,?000 exceeds the cap max_states=10,?000"):
        P.period(10**6)
    with pytest.raises(sc.errors.TooLargeError, match="max_states=3"):
        P.period(4, max_states=3)
    assert len(P.period(4, max_states=4).states) == 4
    with pytest.raises(sc.errors.DomainError, match="period: n must be at least 1"):
        P.period(0)


def test_period_accepts_a_sympy_integer():
    """period(sp.Integer(3)) is period(3); a sympy non-integer is still refused."""
    assert P.period(sp.Integer(3)).edges == P.period(3).edges
    with pytest.raises(sc.errors.ParameterTypeError, match="period: n must be an int"):
        P.period(sp.Rational(1, 2))
