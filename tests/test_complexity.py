"""Measures on causal states: C_mu, h_mu, E, chi, Markov order and cryptic order.

Every value symcm returns is checked against a route that does not use symcm's
algorithm for that quantity (``tests/oracles.py``: exact ``Fraction`` forward
recursions on the edges, with the stationary distribution from sympy's
nullspace):

* **h_mu**: for Markov order ``R``, ``H(L) - H(L-1) = h_mu`` for ``L > R``;
  otherwise the sandwich ``H[X_L | X_{0:L}, S_0] <= h_mu <= H(L+1) - H(L)``
  [Cover & Thomas 2006, Thm. 4.5.1], whose lower side is attained by a unifilar
  presentation.
* **E**: ``E = H(R) - R h_mu`` for Markov order ``R``; for infinite ``R``,
  ``E(L) = H(L) - L h_mu`` increases to ``E`` and ``E`` is enclosed by the
  synchronisation series of a unifilar presentation
  (:func:`oracles.excess_entropy_by_synchronisation`), or, for the alternating
  biased coins, by a Bhattacharyya bound derived below.
* **C_mu**: the entropy of the stationary mass of a unifilar presentation
  grouped by future morphs (brute-force word distributions from each state),
  and, for finite ``R``, histories of ``R`` symbols grouped by their
  conditional distribution of futures; closed forms derived in comments.
* **Markov order**: its definition on words,
  ``Pr(x | w) = Pr(x | last R symbols of w)``; for infinite ``R`` a family of
  words that never synchronise.
* **Cryptic order**: its definition ``H[S_k | X_{0:}] = 0``, decided by
  following pairs of causal states (:func:`oracles.cryptic_ambiguity`).

References
----------
J. P. Crutchfield and D. P. Feldman, Chaos 13, 25 (2003) (E from block entropies);
J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, J. Phys. A 42, 362002 (2009)
(crypticity, cryptic order, the Nemo process);
F. Topsoe, "Bounds for entropy and divergence for distributions over a two-element
set", J. Inequal. Pure Appl. Math. 2(2), art. 25 (2001) (``h(x) <= (4x(1-x))^(1/ln 4)``).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import symcm as sc
import symcm.models.strategies as sst
from symcm.errors import FloatConversionWarning, InfiniteStatesError
from tests import oracles

P = sc.processes
R = sp.Rational
p, q = sc.symbols("p q")
DPS = 50
TOL = mpmath.mpf(10) ** -28
oo = sp.oo


def mp(expr):
    """A sympy number (or expression without free symbols) as an mpmath number at DPS digits."""
    value = sp.N(sp.sympify(expr), DPS)
    assert value.is_Number, expr
    return mpmath.mpf(str(value))


def close(a, b, tol=TOL) -> bool:
    return abs(a - b) < tol


def same_value(a, b) -> bool:
    """Equal orders (``oo`` included) or numbers equal to 28 digits."""
    a, b = sp.sympify(a), sp.sympify(b)
    if oo in (a, b):
        return a == b
    with mpmath.workdps(DPS):
        return close(mp(a), mp(b))


def entropy(probs):
    """Shannon entropy in bits of exact numbers, at DPS digits."""
    return oracles.entropy_fractions([Fraction(int(sp.Rational(x).p), int(sp.Rational(x).q)) for x in probs], DPS)


# --- the catalog at rational points ------------------------------------------------------------
#
# Each row: the model, a minimal unifilar presentation of its process (its states are the
# causal states; checked by ``test_presentation_is_minimal_and_generates_the_process``),
# the Markov order R and the cryptic order k (None: infinite), derived by hand:
#
# * biased coin: IID, R = k = 0.
# * period(n): the last n-1 symbols of the cycle 0^(n-1) 1 fix the phase and n-2 do not
#   (0^(n-2) is followed by 0 or 1), so R = n-1; the next symbol fixes the current phase, k = 0.
# * golden mean: the last symbol is the state (1 -> A, 0 -> B), R = 1; S_0 is not fixed by the
#   future (a 1 is emitted from A and from B, both going to A), S_1 is fixed by X_0, k = 1.
# * binary Markov chain: the state is the last symbol, R = k = 1 off the line p + q = 1;
#   on the line the process is IID (R = k = 0).
# * Loehr's generator of binary_markov(p, p): R = k = 1 (its process is binary_markov(p, p)).
# * even: 1^n never tells the parity of the run, R = oo; the future fixes S_0 once a 0 occurs
#   (a.s.), k = 0.
# * noisy period 2: 0^n never tells the phase, R = oo; a 1 (emitted only by B) fixes it, k = 0.
# * alternating biased coins, p != q: no word tells the phase, R = oo; the future tells it
#   almost surely (law of large numbers), k = 0.  p = q: IID.
# * random insertion: 1^n never synchronises, R = oo; k = 1 [MEC09].
# * Nemo: 0^n never synchronises, R = oo; a 1 from A or from C both lead to A, so every S_k
#   stays ambiguous given the future, k = oo [MEC09].
# * RRXOR: 0^n is consistent with every phase, R = oo; k = 0.

def _row(ident, model, pres, r, k, marks=()):
    return pytest.param(model, pres, r, k, id=ident, marks=marks)


CATALOG = [
    _row("biased_coin(1/5)", P.biased_coin(R(1, 5)), P.biased_coin(R(1, 5)), 0, 0),
    _row("biased_coin(1/3)", P.biased_coin(R(1, 3)), P.biased_coin(R(1, 3)), 0, 0),
    _row("biased_coin(2/3)", P.biased_coin(R(2, 3)), P.biased_coin(R(2, 3)), 0, 0),
    *[_row(f"period({n})", P.period(n), P.period(n), n - 1, 0) for n in (1, 2, 3, 4, 5)],
    _row("golden_mean(1/5)", P.golden_mean(R(1, 5)), P.golden_mean(R(1, 5)), 1, 1),
    _row("golden_mean(1/3)", P.golden_mean(R(1, 3)), P.golden_mean(R(1, 3)), 1, 1),
    _row("golden_mean(2/3)", P.golden_mean(R(2, 3)), P.golden_mean(R(2, 3)), 1, 1),
    _row("even(1/5)", P.even(R(1, 5)), P.even(R(1, 5)), None, 0),
    _row("even(1/2)", P.even(R(1, 2)), P.even(R(1, 2)), None, 0),
    _row("even(2/3)", P.even(R(2, 3)), P.even(R(2, 3)), None, 0),
    _row("binary_markov(1/5,1/3)", P.binary_markov(R(1, 5), R(1, 3)), P.binary_markov(R(1, 5), R(1, 3)), 1, 1),
    _row("binary_markov(2/3,1/4)", P.binary_markov(R(2, 3), R(1, 4)), P.binary_markov(R(2, 3), R(1, 4)), 1, 1),
    _row("binary_markov(1/2,1/3)", P.binary_markov(R(1, 2), R(1, 3)), P.binary_markov(R(1, 2), R(1, 3)), 1, 1),
    _row("binary_markov(3/10,7/10)", P.binary_markov(R(3, 10), R(7, 10)), P.biased_coin(R(3, 10)), 0, 0),
    _row("binary_markov(1/2,1/2)", P.binary_markov(R(1, 2), R(1, 2)), P.biased_coin(R(1, 2)), 0, 0),
    _row("lohr_generator(1/5)", P.lohr_generator(R(1, 5)), P.binary_markov(R(1, 5), R(1, 5)), 1, 1),
    _row("lohr_generator(1/4)", P.lohr_generator(R(1, 4)), P.binary_markov(R(1, 4), R(1, 4)), 1, 1),
    _row("lohr_generator(1/3)", P.lohr_generator(R(1, 3)), P.binary_markov(R(1, 3), R(1, 3)), 1, 1),
    _row("noisy_period2(1/5)", P.noisy_period2(R(1, 5)), P.noisy_period2(R(1, 5)), None, 0),
    _row("noisy_period2(1/3)", P.noisy_period2(R(1, 3)), P.noisy_period2(R(1, 3)), None, 0),
    _row("noisy_period2(2/3)", P.noisy_period2(R(2, 3)), P.noisy_period2(R(2, 3)), None, 0),
    _row("abc(1/5,2/3)", P.abc(R(1, 5), R(2, 3)), P.abc(R(1, 5), R(2, 3)), None, 0),
    _row("abc(1/10,9/10)", P.abc(R(1, 10), R(9, 10)), P.abc(R(1, 10), R(9, 10)), None, 0),
    # abc(p, p) emits 0 with probability p at every step: biased_coin(1 - p)
    _row("abc(2/5,2/5)", P.abc(R(2, 5), R(2, 5)), P.biased_coin(R(3, 5)), 0, 0),
    _row("rip(1/3,1/5)", P.rip(R(1, 3), R(1, 5)), P.rip(R(1, 3), R(1, 5)), None, 1),
    _row("rip(2/3,1/2)", P.rip(R(2, 3), R(1, 2)), P.rip(R(2, 3), R(1, 2)), None, 1),
    _row("rip(1/5,3/4)", P.rip(R(1, 5), R(3, 4)), P.rip(R(1, 5), R(3, 4)), None, 1),
    _row("nemo(1/3,1/5)", P.nemo(R(1, 3), R(1, 5)), P.nemo(R(1, 3), R(1, 5)), None, None),
    _row("nemo(2/3,2/3)", P.nemo(R(2, 3), R(2, 3)), P.nemo(R(2, 3), R(2, 3)), None, None),
    _row("nemo(1/2,1/4)", P.nemo(R(1, 2), R(1, 4)), P.nemo(R(1, 2), R(1, 4)), None, None),
    _row("rrxor", P.rrxor(), P.rrxor(), None, 0),
]

#: Non-synchronising word families ``(prefix, symbol, period)``: ``prefix + symbol^(R+i)`` for
#: ``i < period`` share their last R symbols but not their prediction (derived from the edges).
NONSYNC_FAMILIES = {
    "even": ("0", "1", 2),            # after 0 the state is A; each 1 toggles A <-> B
    "noisy_period2": ("1", "0", 2),   # after 1 the state is A; each 0 toggles A <-> B
    "nemo": ("1", "0", 3),            # after 1 the state is A; 0s cycle A -> B -> C -> A
    "rip": ("00", "1", 2),            # after 00 the state is C; 1s alternate C <-> A
    "rrxor": ("1111", "0", 3),        # 1111 leads to F0; 0s cycle F0 -> S -> T0 -> F0
    "abc": ("", "0", 2),              # no word synchronises: the phase is only inferred
}

#: Word length of the brute-force block entropies.
L_MAX = 10


def _family(model):
    return model.name.split("(")[0]


def _pi(pres):
    return oracles.stationary_fractions(pres)


def _morph_classes(pres):
    """Stationary mass of the presentation's states grouped by future morph (words of n symbols)."""
    morphs = oracles.future_morphs(pres, max(1, len(pres.states)))
    groups: dict = {}
    for s, w in zip(pres.states, _pi(pres)):
        groups[morphs[s]] = groups.get(morphs[s], Fraction(0)) + w
    return list(groups.values())


def _block_entropies(model, length):
    dists = oracles.word_distributions(model, length)
    return [oracles.entropy_fractions(d.values(), DPS) for d in dists]


def _h_unifilar(pres):
    """``H[X_0 | S_0] = sum_s pi_s H(row_s)`` of a unifilar presentation, by brute force."""
    rows = oracles.numeric_rows(pres)
    with mpmath.workdps(DPS):
        total = mpmath.mpf(0)
        for i, w in enumerate(_pi(pres)):
            probs = [sum(pr for _, pr in rows[x][i]) for x in pres.alphabet]
            total += mpmath.mpf(w.numerator) / w.denominator * oracles.entropy_fractions(probs, DPS)
        return total


def _blackwell_lower(model, length):
    """``H[X_{L-1} | X_{0:L-1}, S_0] = H(S_0, X_{0:L}) - H(S_0, X_{0:L-1})`` by brute force."""
    pi = _pi(model)
    n = len(model.states)

    def joint(ln):
        probs = []
        for i, w in enumerate(pi):
            start = [w if j == i else Fraction(0) for j in range(n)]
            probs += [sum(v) for v in oracles.forward_vectors(model, ln, start=start).values()]
        return oracles.entropy_fractions(probs, DPS)

    with mpmath.workdps(DPS):
        return joint(length) - joint(length - 1)


def _independent_cmu(model, pres, r):
    with mpmath.workdps(DPS):
        return entropy(_morph_classes(pres))


def _independent_e(model, pres, r):
    """E by brute force: ``H(R) - R h_mu``, or an enclosure for infinite ``R`` (returned as a pair)."""
    with mpmath.workdps(DPS):
        if r is not None:
            hs = _block_entropies(model, r + 1)
            h = hs[r + 1] - hs[r]
            e = hs[r] - r * h
            return e, e
        if _family(pres) == "abc":
            return _abc_enclosure(pres, L_MAX)
        return oracles.excess_entropy_by_synchronisation(pres, mpmath.mpf(10) ** -30, 6, dps=DPS)


def _bhattacharyya(a, b):
    return mpmath.sqrt(mp(a * b)) + mpmath.sqrt(mp((1 - a) * (1 - b)))


def _abc_enclosure(model, length):
    """``E(L) <= E <= E(L) + BC^L / (1 - BC)`` for the alternating biased coins.

    The presentation is unifilar, so ``h(j+1) - h_mu = I[X_j; S_j | X_{0:j}] <= H[S_j | X_{0:j}]``
    and ``E - E(L) <= sum_{j >= L} H[S_j | X_{0:j}]``.  With Topsoe's bound
    ``h2(x) <= (4x(1-x))^(1/ln 4) <= 2 sqrt(x(1-x))`` and ``pi = (1/2, 1/2)``,
    ``H[S_j | X_{0:j}] <= sum_w sqrt(Pr_A(w) Pr_B(w)) = BC(p, q)^j``: from A the coins have
    biases p, q, p, ... and from B q, p, q, ..., and the Bhattacharyya coefficient
    ``BC(p, q) = sqrt(pq) + sqrt((1-p)(1-q))`` multiplies over independent positions.
    """
    a = [e.probability for e in model.edges if e.source == "A" and e.symbol == "0"][0]
    b = [e.probability for e in model.edges if e.source == "B" and e.symbol == "0"][0]
    with mpmath.workdps(DPS):
        hs = _block_entropies(model, length)
        h = _h_unifilar(model)
        lower = hs[length] - length * h
        bc = _bhattacharyya(a, b)
        return lower, lower + bc**length / (1 - bc)


@pytest.mark.parametrize("model, pres, r, k", CATALOG)
def test_presentation_is_minimal_and_generates_the_process(model, pres, r, k):
    """The reference presentation is unifilar, minimal (distinct morphs) and generates the model's process."""
    assert sc.is_unifilar(pres)
    morphs = oracles.future_morphs(pres, max(1, len(pres.states)))
    assert len(set(morphs.values())) == len(pres.states)
    length = len(model.states) + len(pres.states)
    assert oracles.word_distribution(model, length) == oracles.word_distribution(pres, length)


@pytest.mark.parametrize("model, pres, r, k", CATALOG)
def test_statistical_complexity_from_morph_classes(model, pres, r, k):
    """C_mu equals the entropy of the stationary mass grouped by future morph (30 digits)."""
    with mpmath.workdps(DPS):
        assert close(mp(sc.statistical_complexity(model)), _independent_cmu(model, pres, r))


@pytest.mark.parametrize("model, pres, r, k", [c for c in CATALOG if c.values[2] is not None])
def test_statistical_complexity_from_grouped_histories(model, pres, r, k):
    """For Markov order R, histories of R symbols grouped by their futures are the causal states."""
    groups = oracles.causal_state_probabilities(model, r, max(1, len(model.states)))
    with mpmath.workdps(DPS):
        assert close(mp(sc.statistical_complexity(model)), entropy(groups))
    em = sc.epsilon_machine(model)
    assert len(em.states) == len(groups)


@pytest.mark.parametrize("model, pres, r, k", [c for c in CATALOG if c.values[2] is not None])
def test_entropy_rate_from_block_entropy_differences(model, pres, r, k):
    """For Markov order R, H(L) - H(L-1) equals h_mu for L = R+1 and R+2."""
    with mpmath.workdps(DPS):
        hs = _block_entropies(model, r + 2)
        h = mp(sc.entropy_rate(model))
        assert close(h, hs[r + 1] - hs[r])
        assert close(h, hs[r + 2] - hs[r + 1])
        if r >= 1:  # and not before: R is the least such length
            assert hs[r] - hs[r - 1] > h + TOL


@pytest.mark.parametrize("model, pres, r, k", CATALOG)
def test_entropy_rate_sandwich(model, pres, r, k):
    """H[X_L|X_{0:L},S_0] of the unifilar presentation equals h_mu, and H(L+1) - H(L) decreases to it."""
    with mpmath.workdps(DPS):
        h = mp(sc.entropy_rate(model))
        assert close(h, _h_unifilar(pres))
        assert close(h, _blackwell_lower(pres, 3))
        hs = _block_entropies(model, 8)
        diffs = [hs[i + 1] - hs[i] for i in range(8)]
        assert all(b <= a + TOL for a, b in zip(diffs, diffs[1:]))
        assert all(d >= h - TOL for d in diffs)


@pytest.mark.parametrize("model, pres, r, k", CATALOG)
def test_excess_entropy_independent(model, pres, r, k):
    """E equals H(R) - R h_mu (finite R) or lies in the synchronisation enclosure (infinite R)."""
    with mpmath.workdps(DPS):
        e = mp(sc.excess_entropy(model))
        lower, upper = _independent_e(model, pres, r)
        assert lower - TOL <= e <= upper + TOL
        if _family(pres) != "abc":
            assert upper - lower < mpmath.mpf(10) ** -25


@pytest.mark.parametrize("model, pres, r, k", [c for c in CATALOG if c.values[2] is None])
def test_excess_entropy_block_estimates_increase_towards_e(model, pres, r, k):
    """For infinite Markov order, E(L) = H(L) - L h_mu increases in L and stays below E."""
    with mpmath.workdps(DPS):
        e = mp(sc.excess_entropy(model))
        h = _h_unifilar(pres)
        hs = _block_entropies(model, L_MAX)
        estimates = [hs[i] - i * h for i in range(L_MAX + 1)]
        assert all(b >= a - TOL for a, b in zip(estimates, estimates[1:]))
        assert estimates[-1] < e + TOL
        # strictly below for a while: the process has not synchronised by L_MAX
        assert estimates[3] < e - mpmath.mpf(10) ** -6


def test_even_process_block_estimate_converges():
    """Even process, p = 1/2: 0 < E - E(L) <= sum_{j >= L} Pr(1^j), a bound that halves every 2 symbols.

    The presentation is unifilar, so ``E - E(L) = sum_{j >= L} I[X_j; S_j | X_{0:j}]
    <= sum_{j >= L} H[S_j | X_{0:j}]``, and only the word 1^j leaves the state open (after a
    0 it is A), with at most 1 bit: ``E - E(L) <= sum_{j >= L} Pr(1^j)``.  ``T^(1)^2 =
    (1 - p) I`` gives ``Pr(1^(2i)) = (1/2)^i`` and ``Pr(1^(2i+1)) = Pr(1) (1/2)^i``.  The gap
    at L = 12 is about 0.014 (the convergence is slow: 1e-3 needs L near 24).
    """
    m = P.even(R(1, 2))
    with mpmath.workdps(DPS):
        e = mp(sc.excess_entropy(m))
        h = _h_unifilar(m)
        hs = _block_entropies(m, 12)
        pr1 = mp(oracles.word_distribution(m, 1)[("1",)])
        gaps = {}
        for length in (6, 8, 10, 12):
            gaps[length] = e - (hs[length] - length * h)
            tail = sum(mpmath.mpf(2) ** -i * (1 + pr1) for i in range(length // 2, 400))
            assert 0 < gaps[length] <= tail, length
        assert gaps[12] < mpmath.mpf(2) / 100
        assert all(gaps[a + 2] / gaps[a] < mpmath.mpf(6) / 10 for a in (6, 8, 10))
        gains = [hs[i + 1] - hs[i] - h for i in range(4, 12)]
        assert all(b < a for a, b in zip(gains, gains[1:]))


def test_abc_excess_entropy_bhattacharyya():
    """abc(1/10, 9/10): 1 - E(14) is at most BC^14 / (1 - BC) with BC = 0.6, and E = C_mu = 1."""
    m = P.abc(R(1, 10), R(9, 10))
    with mpmath.workdps(DPS):
        lower, upper = _abc_enclosure(m, 14)
        assert lower <= 1 <= upper
        assert upper - lower < mpmath.mpf(2) / 1000
    assert sc.excess_entropy(m) == 1 and sc.statistical_complexity(m) == 1


@pytest.mark.parametrize("model, pres, r, k", CATALOG)
def test_crypticity_is_cmu_minus_e(model, pres, r, k):
    """chi equals the independently obtained C_mu - E, is >= 0, and is 0 exactly when k = 0."""
    with mpmath.workdps(DPS):
        chi = mp(sc.crypticity(model))
        c = _independent_cmu(model, pres, r)
        lower, upper = _independent_e(model, pres, r)
        assert c - upper - TOL <= chi <= c - lower + TOL
        assert chi > -TOL
        assert (abs(chi) < TOL) == (k == 0)


@pytest.mark.parametrize("model, pres, r, k", CATALOG)
def test_markov_order_by_definition(model, pres, r, k):
    """R is the least length with Pr(x | w) = Pr(x | last R symbols of w) for all words up to length 7."""
    expected = oo if r is None else r
    assert sc.markov_order(model) == expected
    assert oracles.markov_order_by_definition(model, 6, 7) == r


@pytest.mark.parametrize("model, pres, r, k", [c for c in CATALOG if c.values[2] is None])
def test_infinite_markov_order_nonsynchronising_family(model, pres, r, k):
    """For R <= 6 words prefix + c^(R+i) share their last R symbols but predict differently."""
    prefix, c, period = NONSYNC_FAMILIES[_family(model)]
    dists = oracles.word_distributions(model, len(prefix) + 6 + period + 1)
    for order in range(7):
        words = [tuple(prefix + c * (order + i)) for i in range(period)]
        assert len({w[len(w) - order:] if order else () for w in words}) == 1
        assert all(dists[len(w)].get(w, 0) > 0 for w in words)
        predictions = {tuple(oracles.conditional(dists, w, x) for x in model.alphabet) for w in words}
        assert len(predictions) > 1, order


@pytest.mark.parametrize("model, pres, r, k", CATALOG)
def test_cryptic_order_by_definition(model, pres, r, k):
    """k is the least length with H[S_k | X_{0:}] = 0 (pairs of causal states), and k <= R."""
    expected = oo if k is None else k
    assert sc.cryptic_order(model) == expected
    assert sc.cryptic_order(model) <= sc.markov_order(model)
    if k is None:
        for j in range(7):
            assert oracles.cryptic_ambiguity(pres, j) == "positive", j
        return
    if k >= 1:
        assert oracles.cryptic_ambiguity(pres, k - 1) == "positive"
    if _family(pres) == "abc":
        # the supports never tell the phases apart; the Bhattacharyya bound does:
        # H[S_0 | X_{0:N}] <= BC^N -> 0 (see _abc_enclosure)
        assert oracles.cryptic_ambiguity(pres, k) == "undecided"
        with mpmath.workdps(DPS):
            a, b = (e.probability for e in pres.edges if e.symbol == "0")
            assert _bhattacharyya(a, b) < 1
    else:
        assert oracles.cryptic_ambiguity(pres, k) == "zero"


def test_nemo_state_stays_ambiguous_after_a_one():
    """Nemo: given 0^(j+2) 1, S_j has two possible values and every continuation starts from A."""
    m = P.nemo(R(1, 3), R(1, 5))
    for j in range(5):
        word = ("0",) * (j + 2) + ("1",)
        posterior, finals = oracles.state_posteriors(m, j, len(word))[word]
        assert finals == {m.states.index("A")}
        assert sum(1 for x in posterior if x) == 2


def test_golden_mean_cryptic_order_one_by_posteriors():
    """Golden mean: S_0 given 1 is A or B whatever follows (both go to A); S_1 is fixed by X_0."""
    m = P.golden_mean(R(1, 3))
    posterior, finals = oracles.state_posteriors(m, 0, 1)[("1",)]
    assert finals == {0} and all(posterior)
    for word, (posterior, _) in oracles.state_posteriors(m, 1, 4).items():
        assert sorted(posterior) == [0, 1], word


def test_even_process_cryptic_order_zero_by_posteriors():
    """Even process: given any future word with a 0, S_0 is known; only 1^N leaves it open."""
    m = P.even(R(1, 3))
    open_words = [w for w, (post, _) in oracles.state_posteriors(m, 0, 8).items() if sum(1 for x in post if x) > 1]
    assert open_words == [("1",) * 8]


# --- closed forms --------------------------------------------------------------------------------

def H(*ps):
    """Shannon entropy of the given probabilities (the rest of the mass added if they sum to < 1)."""
    ps = [sp.sympify(x) for x in ps]
    if len(ps) == 1:
        ps.append(1 - ps[0])
    return sp.Add(*(-x * sp.log(x, 2) for x in ps if x != 0))


CLOSED = [
    # (model, C_mu, h_mu, E) at the symbolic parameters; derived by hand:
    # golden mean: pi = (1/(1+p), p/(1+p)); R = 1 so E = H(1) - h with H(1) = H(p/(1+p)) = C_mu
    (P.golden_mean(p), H(1 / (1 + p)), H(p) / (1 + p), H(1 / (1 + p)) - H(p) / (1 + p)),
    # even: pi = (1/(2-p), (1-p)/(2-p)); chi = 0 so E = C_mu
    (P.even(p), H(1 / (2 - p)), H(p) / (2 - p), H(1 / (2 - p))),
    # binary Markov, off the line: pi = (q, p)/(p+q); E = H(1) - h, H(1) = C_mu (state = last symbol)
    (P.binary_markov(p, q), H(q / (p + q)), (q * H(p) + p * H(q)) / (p + q),
     H(q / (p + q)) - (q * H(p) + p * H(q)) / (p + q)),
    # Loehr: the process of binary_markov(p, p): pi = (1/2, 1/2)
    (P.lohr_generator(p), sp.Integer(1), H(p), 1 - H(p)),
    # noisy period 2: pi = (1/2, 1/2); only B is random; chi = 0
    (P.noisy_period2(p), sp.Integer(1), H(p) / 2, sp.Integer(1)),
    # abc, p != q: pi = (1/2, 1/2), E = C_mu
    (P.abc(p, q), sp.Integer(1), (H(p) + H(q)) / 2, sp.Integer(1)),
    # rip: pi = (1, p, 1)/(p+2); only A and B are random
    (P.rip(p, q), H(1 / (p + 2), p / (p + 2), 1 / (p + 2)), (H(p) + p * H(q)) / (p + 2), None),
    # nemo: pi = (1, 1-p, 1-p)/(3-2p)
    (P.nemo(p, q), H(1 / (3 - 2 * p), (1 - p) / (3 - 2 * p), (1 - p) / (3 - 2 * p)),
     (H(p) + (1 - p) * H(q)) / (3 - 2 * p), None),
    (P.biased_coin(p), sp.Integer(0), H(p), sp.Integer(0)),
    # rrxor: a cycle of 3 steps, S (1/3) then one of two T (1/6 each) then one of two F (1/6 each);
    # two fair bits per three symbols; chi = 0
    (P.rrxor(), H(R(1, 3), *[R(1, 6)] * 4), R(2, 3), H(R(1, 3), *[R(1, 6)] * 4)),
    *[(P.period(n), sp.log(n, 2), sp.Integer(0), sp.log(n, 2)) for n in (1, 2, 3, 6)],
]
POINTS = [{p: R(1, 5), q: R(1, 3)}, {p: R(1, 3), q: R(3, 4)}, {p: R(2, 7), q: R(1, 9)}]


def _generic(expr):
    """The generic (last) branch of a Piecewise, else the expression."""
    return expr.args[-1][0] if isinstance(expr, sp.Piecewise) else sp.sympify(expr)


@pytest.mark.parametrize("model, cmu, h, e", CLOSED, ids=[c[0].name for c in CLOSED])
def test_closed_forms(model, cmu, h, e):
    """Symbolic C_mu, h_mu, E and chi agree with the closed forms at off-line rational points."""
    measures = [(sc.statistical_complexity(model), cmu), (sc.entropy_rate(model), h)]
    if e is not None:
        measures += [(sc.excess_entropy(model), e), (sc.crypticity(model), cmu - e)]
    for point in POINTS:
        pt = {s: v for s, v in point.items() if s in model.parameters}
        if model.domain and not model.domain.contains(pt):
            pt = {s: v / 2 for s, v in pt.items()}
        for got, want in measures:
            with mpmath.workdps(DPS):
                assert close(mp(_generic(got).subs(pt)), mp(want.subs(pt))), (got, want, pt)


# --- symbolic forms and case splits ------------------------------------------------------------------

LINE_POINTS = [{p: R(3, 10), q: R(7, 10)}, {p: R(1, 2), q: R(1, 2)}, {p: R(1, 5), q: R(4, 5)},
               {p: R(2, 3), q: R(1, 3)}]
OFF_POINTS = [{p: R(1, 5), q: R(1, 3)}, {p: R(3, 10), q: R(3, 5)}, {p: R(2, 3), q: R(2, 3)},
              {p: R(1, 2), q: R(1, 4)}]


def test_binary_markov_cmu_is_piecewise_on_the_iid_line():
    """C_mu(binary_markov(p, q)) = Piecewise((0, Eq(p + q, 1)), (H(q/(p+q)), True))."""
    c = sc.statistical_complexity(P.binary_markov(p, q))
    assert isinstance(c, sp.Piecewise)
    assert c.args[0] == (0, sp.Eq(p + q, 1))
    assert c.args[-1][1] == sp.true
    with mpmath.workdps(DPS):
        for pt in OFF_POINTS:
            assert close(mp(c.args[-1][0].subs(pt)), mp(H(q / (p + q)).subs(pt)))


@pytest.mark.parametrize("measure", [sc.statistical_complexity, sc.entropy_rate, sc.excess_entropy,
                                     sc.crypticity, sc.markov_order, sc.cryptic_order])
@pytest.mark.parametrize("point", LINE_POINTS + OFF_POINTS, ids=str)
def test_binary_markov_symbolic_measure_at_points(measure, point):
    """The symbolic measure of binary_markov(p, q) at a point equals the exact computation on m.subs(point)."""
    m = P.binary_markov(p, q)
    symbolic = sp.sympify(measure(m)).subs(point)
    exact = measure(m.subs(point))
    assert same_value(symbolic, exact)


@pytest.mark.parametrize("point", LINE_POINTS, ids=str)
def test_binary_markov_on_the_line_is_iid(point):
    """On p + q = 1: C_mu = E = chi = 0, R = k = 0 and h_mu = H(p), exactly."""
    m = P.binary_markov(p, q).subs(point)
    assert sc.statistical_complexity(m) == 0
    assert sc.excess_entropy(m) == 0 and sc.crypticity(m) == 0
    assert sc.markov_order(m) == 0 and sc.cryptic_order(m) == 0
    with mpmath.workdps(DPS):
        assert close(mp(sc.entropy_rate(m)), mp(H(point[p])))


def test_binary_markov_floats_on_the_line_give_exactly_zero():
    """binary_markov(0.3, 0.7) warns FloatConversionWarning and has C_mu exactly 0 (not 0.88)."""
    with pytest.warns(FloatConversionWarning):
        m = P.binary_markov(0.3, 0.7)
    c = sc.statistical_complexity(m)
    assert c == 0 and c.is_Integer
    assert len(sc.epsilon_machine(m).states) == 1
    # the value a tolerance-free float implementation would report: H(0.3) = 0.8813...
    assert abs(float(H(R(3, 10))) - 0.8813) < 1e-4


def test_abc_measures_split_on_p_equals_q():
    """abc(p, q): C_mu = E = 1 and R = oo off p = q; 0, 0 and 0 on it; chi = k = 0 everywhere."""
    m = P.abc(p, q)
    c, e, r = sc.statistical_complexity(m), sc.excess_entropy(m), sc.markov_order(m)
    for pt in [{p: R(1, 3), q: R(1, 3)}, {p: R(3, 4), q: R(3, 4)}]:
        assert c.subs(pt) == 0 and e.subs(pt) == 0 and r.subs(pt) == 0
        assert sc.statistical_complexity(m.subs(pt)) == 0
    for pt in [{p: R(1, 3), q: R(1, 4)}, {p: R(3, 4), q: R(1, 2)}]:
        assert c.subs(pt) == 1 and e.subs(pt) == 1 and r.subs(pt) == oo
    assert sc.crypticity(m) == 0 and sc.cryptic_order(m) == 0


def test_lohr_measures_equal_binary_markov_on_the_diagonal():
    """Loehr's generator has the measures of binary_markov(p, p) on its domain (0, 1/2)."""
    lohr, bm = P.lohr_generator(p), P.binary_markov(p, p)
    for measure in (sc.statistical_complexity, sc.entropy_rate, sc.excess_entropy, sc.crypticity):
        a, b = measure(lohr), measure(bm)
        for v in (R(1, 7), R(1, 4), R(2, 5)):
            with mpmath.workdps(DPS):
                assert close(mp(_generic(a).subs(p, v)), mp(_generic(b).subs(p, v)))
    assert sc.markov_order(lohr) == 1 and sc.cryptic_order(lohr) == 1


# --- degenerate models ---------------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7])
def test_periodic_measures(n):
    """period(n): C_mu = E = log2 n, h_mu = chi = 0, R = n - 1, k = 0, exactly."""
    m = P.period(n)
    assert sp.simplify(sc.statistical_complexity(m) - sp.log(n, 2)) == 0
    assert sp.simplify(sc.excess_entropy(m) - sp.log(n, 2)) == 0
    assert sc.entropy_rate(m) == 0 and sc.crypticity(m) == 0
    assert sc.markov_order(m) == n - 1 and sc.cryptic_order(m) == 0


@pytest.mark.parametrize("model", [P.biased_coin(p), P.biased_coin(R(1, 7)), P.period(1),
                                   P.binary_markov(R(3, 10), R(7, 10)), P.abc(p, p)],
                         ids=lambda m: m.name)
def test_one_state_machines(model):
    """IID processes: C_mu = E = chi = 0 and R = k = 0 exactly."""
    assert len(sc.epsilon_machine(model).states) == 1
    assert sc.statistical_complexity(model) == 0
    assert sc.excess_entropy(model) == 0 and sc.crypticity(model) == 0
    assert sc.markov_order(model) == 0 and sc.cryptic_order(model) == 0


def _golden_with_transient():
    return sc.HMM.from_edges([("T", "A", "1", R(1, 2)), ("T", "B", "0", R(1, 2)), ("A", "A", "1", 1 - p),
                              ("A", "B", "0", p), ("B", "A", "1", 1)])


def _golden_doubled():
    """Golden mean with every state duplicated: unifilar, irreducible, not minimal.

    A -0-> B -1-> A2 -0-> B2 -1-> A, and A, A2 loop to themselves on 1.
    """
    return sc.HMM.from_edges([("A", "A", "1", 1 - p), ("A", "B", "0", p), ("B", "A2", "1", 1),
                              ("A2", "A2", "1", 1 - p), ("A2", "B2", "0", p), ("B2", "A", "1", 1)])


@pytest.mark.parametrize("model", [_golden_with_transient(), _golden_doubled()], ids=["transient", "doubled"])
def test_measures_of_nonminimal_presentations_of_the_golden_mean(model):
    """A transient state or duplicated states change no measure of the golden mean process."""
    gm = P.golden_mean(p)
    for measure in (sc.statistical_complexity, sc.entropy_rate, sc.excess_entropy, sc.crypticity,
                    sc.markov_order, sc.cryptic_order):
        assert sp.simplify(measure(model) - measure(gm)) == 0, measure.__name__


def test_state_entropy_of_doubled_golden_mean_exceeds_cmu():
    """The doubled golden mean stores one more bit than C_mu: H[pi] = C_mu + 1."""
    m = _golden_doubled()
    with mpmath.workdps(DPS):
        for v in (R(1, 5), R(1, 2)):
            assert close(mp(sc.state_entropy(m).subs(p, v)), mp(sc.statistical_complexity(m).subs(p, v)) + 1)


def test_boundary_points_by_subs():
    """At domain boundaries (via subs) the measures are those of the limiting process."""
    # golden_mean(1): A -0-> B -1-> A, the period-2 process
    g1 = P.golden_mean(p).subs({p: 1})
    assert sc.statistical_complexity(g1) == 1 and sc.entropy_rate(g1) == 0 and sc.markov_order(g1) == 1
    # even(0): all ones; A and B have the same future, one causal state
    e0 = P.even(p).subs({p: 0})
    assert sc.statistical_complexity(e0) == 0 and sc.markov_order(e0) == 0
    # binary_markov(1, q): never two 0s in a row, the golden mean with 0 and 1 exchanged and p = q
    b1 = P.binary_markov(p, q).subs({p: 1})
    with mpmath.workdps(DPS):
        for v in (R(1, 5), R(1, 2)):
            assert close(mp(sc.statistical_complexity(b1).subs(q, v)), mp(H(1 / (1 + q)).subs(q, v)))
            assert close(mp(sc.entropy_rate(b1).subs(q, v)), mp((H(q) / (1 + q)).subs(q, v)))
    assert sc.markov_order(b1) == 1
    # binary_markov(1, 1): 0101..., the period-2 process
    b11 = P.binary_markov(p, q).subs({p: 1, q: 1})
    assert sc.statistical_complexity(b11) == 1 and sc.excess_entropy(b11) == 1


def test_sns_measures_raise_infinite_states():
    """The SNS has infinitely many causal states: E, R and k raise InfiniteStatesError; C_mu is an enclosure."""
    for measure in (sc.excess_entropy, sc.markov_order, sc.cryptic_order):
        with pytest.raises(InfiniteStatesError, match="max_states=200"):
            measure(P.sns())
    assert isinstance(sc.statistical_complexity(P.sns()), sc.Bounds)  # tests/test_excess_without_reverse.py


# --- invariants over generated models --------------------------------------------------------------

def _measures(m, max_states=30):
    try:
        return {f.__name__: f(m, max_states=max_states)
                for f in (sc.statistical_complexity, sc.excess_entropy, sc.crypticity,
                          sc.markov_order, sc.cryptic_order)}
    except InfiniteStatesError:
        assume(False)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(sst.hmms(max_states=3))
def test_invariants_numeric(m):
    """C_mu >= E >= 0, chi = C_mu - E >= 0 and k <= R on random numeric models (30 digits)."""
    ms = _measures(m)
    with mpmath.workdps(DPS):
        c, e, chi = (mp(ms[k]) for k in ("statistical_complexity", "excess_entropy", "crypticity"))
        assert c >= e - TOL and e >= -TOL and chi >= -TOL
        assert close(chi, c - e)
    assert ms["cryptic_order"] <= ms["markov_order"]
    assert (ms["cryptic_order"] == 0) == (abs(chi) < TOL)


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(sst.hmms(max_states=3))
def test_markov_order_and_e_on_random_models_by_brute_force(m):
    """Where symcm says R is finite, R, h_mu, E and C_mu match the word-based definitions."""
    ms = _measures(m)
    r = ms["markov_order"]
    assume(r != oo)
    r = int(r)
    assert oracles.markov_order_by_definition(m, r + 1, r + 3) == r
    with mpmath.workdps(DPS):
        hs = _block_entropies(m, r + 1)
        h = hs[r + 1] - hs[r]
        assert close(mp(sc.entropy_rate(m)), h)
        assert close(mp(ms["excess_entropy"]), hs[r] - r * h)
        groups = oracles.causal_state_probabilities(m, r, len(m.states))
        assert close(mp(ms["statistical_complexity"]), entropy(groups))


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(sst.unifilar_hmms(max_states=3))
def test_state_entropy_of_unifilar_presentation_bounds_cmu(m):
    """Any unifilar presentation stores at least C_mu: H[pi] >= C_mu, equal iff it is minimal."""
    c = sc.statistical_complexity(m)
    with mpmath.workdps(DPS):
        hp = mp(sc.state_entropy(m))
        assert hp >= mp(c) - TOL
        morphs = oracles.future_morphs(m, len(m.states))
        if len(set(morphs.values())) == len(m.states):
            assert close(hp, mp(c))


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_relabelling_preserves_measures(data):
    """Renaming states leaves C_mu, h_mu, E, chi, R and k unchanged, exactly."""
    m = data.draw(sst.hmms(max_states=3))
    ms = _measures(m)
    r = data.draw(sst.relabellings(m))
    relabelled = _measures(r)
    assert all(same_value(relabelled[k], ms[k]) for k in ms)
    assert same_value(sc.entropy_rate(r), sc.entropy_rate(m))


@pytest.mark.slow
@settings(max_examples=10, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_symbolic_measures_at_points_equal_exact_computation(data):
    """For symbolic unifilar models, C_mu, E and R substituted at a point equal the computation at it."""
    m = data.draw(sst.symbolic_hmms(parameters=1, max_states=3, unifilar=True, vanishing=data.draw(st.booleans())))
    try:
        ms = _measures(m)
    except sc.errors.UndecidableError:
        assume(False)  # a component symcm refuses to follow (see test_causal for the known bug)
    for _ in range(3):
        pt = data.draw(sst.domain_points(m, max_denominator=4))
        at = m.subs(pt)
        for name in ("statistical_complexity", "excess_entropy", "markov_order", "cryptic_order"):
            got = sp.sympify(ms[name]).subs(pt)
            assert same_value(got, getattr(sc, name)(at)), (name, pt, ms[name])
        with mpmath.workdps(DPS):
            c, e = mp(sp.sympify(ms["statistical_complexity"]).subs(pt)), mp(sp.sympify(ms["excess_entropy"]).subs(pt))
            assert c >= e - TOL >= -2 * TOL
