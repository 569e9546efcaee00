"""Word probabilities, block entropies, entropy rate and unifilarity.

The fast paths (fraction-free products of labelled matrices) are checked
against ``tests/oracles.py``, which sums the probabilities of every state
path, and against the defining identities of a stationary process
(``sum_x Pr(wx) = Pr(w) = sum_x Pr(xw)``).
"""

from __future__ import annotations

import itertools

import mpmath
import pytest
import sympy as sp

import symcm as sc
from symcm.errors import DomainError, ParameterTypeError, TooLargeError, UnknownSymbolError
from symcm.algebra.backends import available_backends
from tests import oracles

P = sc.processes
p, q = sc.symbols("p q")
R = sp.Rational
HALF = R(1, 2)
TOL = mpmath.mpf(10) ** -27

needs_flint = pytest.mark.skipif("flint" not in available_backends(), reason="python-flint is not installed")

MODELS = {
    "binary_markov(p,q)": P.binary_markov(p, q),
    "golden_mean(p)": P.golden_mean(p),
    "even(p)": P.even(p),
    "rip(p,q)": P.rip(p, q),
    "nemo(p,q)": P.nemo(p, q),
    "lohr_generator(p)": P.lohr_generator(p),
    "abc(p,q)": P.abc(p, q),
    "rrxor": P.rrxor(),
    "sns": P.sns(),
    "period(3)": P.period(3),
    "binary_markov(1/5,1/3)": P.binary_markov(R(1, 5), R(1, 3)),
    "nemo(2/5,1/3)": P.nemo(R(2, 5), R(1, 3)),
    "lohr_generator(1/5)": P.lohr_generator(R(1, 5)),
    "transient": sc.HMM.from_edges([("T", "A", "1", HALF), ("T", "B", "0", HALF), ("A", "A", "1", 1 - p),
                                    ("A", "B", "0", p), ("B", "A", "1", 1)]),
}
NAMES = list(MODELS)
POINT = {p: R(2, 7), q: R(3, 5)}


def words(m, length):
    return [tuple(w) for w in itertools.product(m.alphabet, repeat=length)]


def mp(expr):
    """``sp.N(expr, 30)`` as an mpmath number."""
    value = sp.N(expr, 30)
    assert value.is_Number, value
    with mpmath.workdps(40):
        return mpmath.mpf(str(value))


def at_point(m):
    return m.subs({k: v for k, v in POINT.items() if k in m.parameters})


# --------------------------------------------------------------------------- word probabilities


@pytest.mark.parametrize("name", NAMES)
def test_word_probability_against_oracle(name):
    """word_probability equals the all-state-paths oracle for every word of length 0..3."""
    m = MODELS[name]
    for length in range(4):
        for w in words(m, length):
            assert sp.cancel(sc.word_probability(m, w) - oracles.word_probability(m, w)) == 0, w


@pytest.mark.parametrize("name", NAMES)
def test_word_probability_symbolic_substitutes(name):
    """Symbolic word probabilities substituted at a rational point equal the exact values of m.subs(point)."""
    m = MODELS[name]
    mp_ = at_point(m)
    for w in words(m, 3):
        exact = sc.word_probability(mp_, w)
        assert isinstance(exact, sp.Rational)
        assert sc.word_probability(m, w).subs(POINT) == exact


@pytest.mark.parametrize("name", NAMES)
def test_word_probabilities_sum_to_one_and_omit_zeros(name):
    """word_probabilities(m, L) sums to exactly 1, lists exactly the words of nonzero probability."""
    m = MODELS[name]
    for length in range(4):
        table = sc.word_probabilities(m, length)
        assert sp.cancel(sum(table.values()) - 1) == 0
        nonzero = {w for w in words(m, length) if sp.cancel(oracles.word_probability(m, w)) != 0}
        assert set(table) == nonzero
        for w, pr in table.items():
            assert pr != 0 and sp.cancel(pr - sc.word_probability(m, w)) == 0


@pytest.mark.parametrize("name", NAMES)
def test_stationarity_identities(name):
    """sum_x Pr(wx) = Pr(w) = sum_x Pr(xw) exactly for every word of length <= 2."""
    m = MODELS[name]
    for length in range(3):
        for w in words(m, length):
            pw = sc.word_probability(m, w)
            right = sum(sc.word_probability(m, w + (x,)) for x in m.alphabet)
            left = sum(sc.word_probability(m, (x,) + w) for x in m.alphabet)
            assert sp.cancel(right - pw) == 0 and sp.cancel(left - pw) == 0, w


@pytest.mark.parametrize(
    ("m", "word", "value"),
    [
        (P.golden_mean(p), "00", 0),
        (P.golden_mean(p), "0", p / (1 + p)),
        (P.golden_mean(p), "10", p / (1 + p)),
        (P.binary_markov(p, q), "01", p * q / (p + q)),
        (P.binary_markov(p, q), "1", p / (p + q)),
        (P.even(p), "010", 0),
        (P.even(p), "0110", p ** 2 * (1 - p) / (2 - p)),  # pi_A: A on 0 (p), A->B on 1 (1-p), B->A on 1, A on 0 (p)
        (P.period(3), "001", R(1, 3)),
        (P.period(3), "011", 0),
        (P.rrxor(), "000", R(1, 3) / 4 + R(1, 6) / 4 + R(1, 6) / 4),  # start in S, T0 or F0: two fair 0s each
        (P.sns(), "00", 0),
        (P.biased_coin(p), "", 1),
    ],
    ids=["gm 00", "gm 0", "gm 10", "bm 01", "bm 1", "even 010", "even 0110", "p3 001", "p3 011", "rrxor 000",
         "sns 00", "empty"],
)
def test_word_probability_known_values(m, word, value):
    """Hand-computed word probabilities (forbidden words have probability 0)."""
    assert sp.cancel(sc.word_probability(m, word) - value) == 0


def test_word_forms():
    """A word may be a string, a list or a tuple of symbols; multi-character symbols need a sequence."""
    m = P.binary_markov(p, q)
    assert sc.word_probability(m, "01") == sc.word_probability(m, ["0", "1"]) == sc.word_probability(m, ("0", "1"))
    multi = sc.HMM.from_edges([("A", "A", "a", HALF), ("A", "A", "bb", HALF)])
    assert sc.word_probability(multi, "bb") == HALF
    assert sc.word_probability(multi, ("a", "bb")) == R(1, 4)


def test_word_with_unknown_symbol():
    """A word containing a symbol outside the alphabet raises UnknownSymbolError naming it."""
    with pytest.raises(UnknownSymbolError, match=r"'2'.*alphabet \('0', '1'\)"):
        sc.word_probability(P.golden_mean(p), "012")


@pytest.mark.parametrize("bad", [5, None, 1.5])
def test_word_of_wrong_type(bad):
    """A word that is not a string or sequence raises ParameterTypeError."""
    with pytest.raises(ParameterTypeError, match="expected a word"):
        sc.word_probability(P.golden_mean(p), bad)


@pytest.mark.parametrize("bad", [1.0, "2", True, None])
def test_word_length_of_wrong_type(bad):
    """word_probabilities needs an int length: anything else is a ParameterTypeError naming it."""
    with pytest.raises(ParameterTypeError, match="word_probabilities: length must be an int"):
        sc.word_probabilities(P.golden_mean(p), bad)


def test_negative_word_length():
    """A negative length is a DomainError saying the least length allowed."""
    with pytest.raises(DomainError, match="length must be at least 0, received -1"):
        sc.word_probabilities(P.golden_mean(p), -1)


@pytest.mark.parametrize("length", [10**6, 2**64, 10**5000], ids=["1e6", "2^64", "1e5000"])
def test_huge_block_length_is_refused_at_once(length):
    """block_entropy(m, 10**6 | 2**64 | 10**5000) raises TooLargeError naming max_words, without forming |A|^L
    (it raised ValueError from the int-to-str limit, or hung)."""
    with pytest.raises(TooLargeError, match="max_words=65536"):
        sc.block_entropy(P.golden_mean(p), length)
    with pytest.raises(TooLargeError, match="max_words=65536"):
        sc.word_probabilities(P.golden_mean(p), length)


@pytest.mark.parametrize("length", [0, 1, 5, 10**6, 2**64])
def test_one_symbol_alphabet_has_zero_block_entropy(length):
    """With a one-symbol alphabet H(L) = 0 for every L, returned at once (it recursed to RecursionError)."""
    assert sc.block_entropy(sc.HMM.from_edges([("A", "A", "0", 1)]), length) == 0


def test_one_symbol_alphabet_word_probabilities():
    """With one symbol the only word of length L has probability 1; its length is held to max_words."""
    one = sc.HMM.from_edges([("A", "A", "0", 1)])
    assert sc.word_probabilities(one, 3) == {("0", "0", "0"): 1}
    assert sc.word_probabilities(one, 5000) == {("0",) * 5000: 1}
    with pytest.raises(TooLargeError, match="max_words=65536"):
        sc.word_probabilities(one, 10**6)


def test_length_zero():
    """The empty word has probability 1 and H(0) = 0."""
    m = P.nemo(p, q)
    assert sc.word_probabilities(m, 0) == {(): 1}
    assert sc.block_entropy(m, 0) == 0


@needs_flint
@pytest.mark.parametrize("name", NAMES)
def test_word_probability_backends_agree(name):
    """backend='sympy' and backend='flint' give identical word probabilities."""
    m = MODELS[name]
    for w in words(m, 3):
        assert sc.word_probability(m, w, backend="sympy") == sc.word_probability(m, w, backend="flint")
    assert sc.word_probabilities(m, 2, backend="sympy") == sc.word_probabilities(m, 2, backend="flint")


# --------------------------------------------------------------------------- block entropy


@pytest.mark.parametrize("length", [1, 2, 3, 4])
@pytest.mark.parametrize("name", NAMES)
def test_block_entropy_against_brute_force(name, length):
    """H(L) at a rational point equals the brute-force oracle at 30 digits; symbolic H(L) substitutes to it."""
    m = at_point(MODELS[name])
    value = sc.block_entropy(m, length)
    with mpmath.workdps(40):
        assert abs(mp(value) - oracles.block_entropy_numeric(m, length, 40)) < TOL
        assert abs(mp(sc.block_entropy(MODELS[name], length).subs(POINT)) - mp(value)) < TOL


@pytest.mark.parametrize(
    ("m", "length", "value"),
    [
        (P.period(3), 2, sp.log(3, 2)),
        (P.period(4), 5, 2),
        (P.biased_coin(HALF), 5, 5),
        (P.biased_coin(p), 1, sc.H(p)),
        (P.binary_markov(R(1, 5), R(1, 3)), 2, sc.H(R(1, 8), R(1, 8), R(1, 4), HALF)),
    ],
    ids=["period(3) L=2", "period(4) L=5", "fair coin L=5", "coin(p) L=1", "bm L=2"],
)
def test_block_entropy_known_values(m, length, value):
    """Block entropies with known exact values."""
    assert sp.simplify(sc.block_entropy(m, length) - value) == 0


def test_too_large():
    """More than max_words words raises TooLargeError naming max_words and the count."""
    m = P.binary_markov(p, q)
    with pytest.raises(TooLargeError, match=r"2\^3 = 8 words exceed max_words=4.*max_words"):
        sc.word_probabilities(m, 3, max_words=4)
    with pytest.raises(TooLargeError, match="max_words=65536"):
        sc.block_entropy(m, 17)
    assert len(sc.word_probabilities(m, 3, max_words=8)) == 8


# --------------------------------------------------------------------------- entropy rate, unifilarity


def _naive_rate(m):
    """sum_s pi_s H[X | S = s] = H[X_0 | S_0]: h_mu for unifilar presentations, a lower bound otherwise."""
    pi = oracles.stationary(m)
    out = {}
    for e in m.edges:
        out.setdefault(e.source, {}).setdefault(e.symbol, 0)
        out[e.source][e.symbol] += e.probability
    with mpmath.workdps(40):
        return sum(mpmath.mpf(pi[s].p) / pi[s].q * oracles.entropy_numeric(d.values(), 40) for s, d in out.items())


@pytest.mark.parametrize("m", [P.lohr_generator(R(1, 5)), P.lohr_generator(R(2, 7))],
                         ids=["lohr_generator(1/5)", "lohr_generator(2/7)"])
def test_entropy_rate_non_unifilar_is_not_the_naive_sum(m):
    """Non-unifilar: H[X_0|S_0] = sum_s pi_s H[X|S=s] < h_mu <= H(L) - H(L-1) (the state screens off the past)."""
    h = mp(sc.entropy_rate(m))
    with mpmath.workdps(40):
        assert h > _naive_rate(m) + mpmath.mpf(10) ** -3
        for length in (1, 2, 3):
            assert h <= mp(sc.block_entropy(m, length)) - mp(sc.block_entropy(m, length - 1)) + TOL


@pytest.mark.parametrize(
    ("m", "unifilar"),
    [
        (P.biased_coin(p), True),
        (P.period(5), True),
        (P.golden_mean(p), True),
        (P.even(p), True),
        (P.binary_markov(p, q), True),
        (P.lohr_generator(p), False),
        (P.noisy_period2(p), True),
        (P.abc(p, q), True),
        (P.rip(p, q), True),
        (P.nemo(p, q), True),
        (P.rrxor(), True),
        (P.sns(), False),
        (sc.HMM.from_edges([("A", "A", "0", HALF), ("A", "B", "0", HALF), ("B", "A", "1", 1)]), False),
        (sc.HMM.from_edges([("A", "A", "0", HALF), ("A", "B", "1", HALF), ("B", "A", "1", 1)]), True),
        # lohr at p = 1/2 loses its parallel edges: A -> B on 0, B -> B on 0 and 1, C -> B on 1
        (P.lohr_generator(p).subs({p: HALF}), True),
    ],
    ids=["biased_coin", "period(5)", "golden_mean", "even", "binary_markov", "lohr_generator", "noisy_period2",
         "abc", "rip", "nemo", "rrxor", "sns", "two 0-edges", "distinct symbols", "lohr p=1/2"],
)
def test_is_unifilar_table(m, unifilar):
    """is_unifilar is True exactly when no state has two edges with the same symbol."""
    assert sc.is_unifilar(m) is unifilar


@pytest.mark.parametrize(
    ("m", "value"),
    [
        (P.biased_coin(p), sc.H(p)),
        (P.period(4), 0),
        (P.golden_mean(p), sc.H(p) / (1 + p)),  # only A is uncertain: pi_A H(p)
        (P.even(p), sc.H(p) / (2 - p)),
        (P.binary_markov(p, q), (q * sc.H(p) + p * sc.H(q)) / (p + q)),
        (P.rrxor(), R(2, 3)),  # S and T states emit a fair bit (1/3 + 1/6 + 1/6), F states are determined
        (P.abc(p, q), (sc.H(p) + sc.H(q)) / 2),
    ],
    ids=["coin", "period(4)", "golden_mean", "even", "binary_markov", "rrxor", "abc"],
)
def test_entropy_rate_known_values(m, value):
    """h_mu = sum_s pi_s H[X|S=s] for unifilar presentations, against hand-derived formulas."""
    assert sp.simplify(sc.entropy_rate(m) - value) == 0


@pytest.mark.parametrize("name", [n for n in NAMES if sc.is_unifilar(MODELS[n])])
@pytest.mark.parametrize("point", [{p: R(1, 7), q: R(5, 6)}, {p: R(1, 2), q: R(1, 2)}, {p: R(9, 20), q: R(1, 50)}])
def test_entropy_inequalities(name, point):
    """0 <= h_mu <= H(1) <= log2 |A| numerically at rational points."""
    m = MODELS[name].subs({k: v for k, v in point.items() if k in MODELS[name].parameters})
    h = mp(sc.entropy_rate(m))
    h1 = mp(sc.block_entropy(m, 1))
    with mpmath.workdps(40):
        assert -TOL <= h <= h1 + TOL
        assert h1 <= mpmath.log(len(m.alphabet), 2) + TOL


@pytest.mark.parametrize("name", NAMES)
def test_state_entropy_is_entropy_of_pi(name):
    """state_entropy(m) is the entropy of stationary_distribution(m) (numerically, at a point)."""
    m = at_point(MODELS[name])
    pi = sc.stationary_distribution(m)
    with mpmath.workdps(40):
        assert abs(mp(sc.state_entropy(m)) - oracles.entropy_numeric(pi.values(), 40)) < TOL


def test_word_probability_ambiguous_string_word_refused():
    """A string word that splits into the symbols a, b, ab in two ways is refused, asking for a tuple."""
    third = sp.Rational(1, 3)
    m = sc.HMM.from_edges([("A", "A", "a", third), ("A", "A", "b", third), ("A", "A", "ab", third)])
    with pytest.raises(DomainError, match=r"word_probability: the word 'ab' splits .* more than one way.*tuple of symbols"):
        sc.word_probability(m, "ab")
    assert sc.word_probability(m, ("ab",)) == third
    assert sc.word_probability(m, ("a", "b")) == third**2
    assert sc.word_probability(m, "ba") == third**2  # one split only
    with pytest.raises(UnknownSymbolError, match="cannot be split"):
        sc.word_probability(m, "c")
    unique = sc.HMM.from_edges([("A", "A", "ab", third), ("A", "A", "c", 2 * third)])
    assert sc.word_probability(unique, "abc") == 2 * third**2
