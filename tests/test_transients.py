"""Entropy convergence and synchronisation: H(L) in closed form, T, S, the synchronisation order.

Independent routes (none uses the mixed-state sums of :mod:`symcm.causal.transients`):

* **block entropies from words** (:func:`sc.block_entropy`, the entropy of the
  enumerated word probabilities) for the closed form ``H(L)`` at ``L = 0..8``,
  for the predictability gain ``h_mu(L) - h_mu(L-1)`` and, with
  :func:`sc.entropy_rate`, for the truncated sums ``T = sum_L (E + L h_mu - H(L))``
  (exact once ``h_mu(L) = h_mu``, i.e. past the synchronisation order ``k``:
  ``E = H(k) - k h_mu``; Crutchfield & Feldman 2003, Eqs. 25 and 52);
* **the state uncertainty from words**: ``H[S_L | X_{0:L}]`` summed over words
  of the forward vectors ``pi T^(w)`` built from the machine's edges
  (``tests/oracles.py``), for ``S`` (Crutchfield & Feldman 2003, Sec. VII);
* **sc.excess_entropy** (time-reversed machine) for ``E = sum_L (h_mu(L) - h_mu)``;
* **sc.markov_order** (subset construction on the machine) for the synchronisation order;
* **a closed form derived by hand** for the period-``n`` process of the cycle
  ``0^(n-1) 1``: for ``L < n`` the words of length ``L`` are ``0^L`` (probability
  ``(n-L)/n``) and the ``L`` words with one 1 (``1/n`` each), so
  ``E - H(L) = ((n-L)/n) log2(n-L)`` and ``T = (1/n) sum_{j=1}^{n} j log2 j``;
  since the phase ``S_L`` and ``S_0`` determine each other and ``h_mu = 0``,
  ``H[S_L | X_{0:L}] = E - H(L)``, so ``S = T`` for every periodic process;
* for infinite synchronisation order (even, noisy period 2) convergent partial
  sums of the defining series at a rational point, whose terms are nonnegative;
  the ``RootSum`` closed form in ``L`` against word entropies at ``L = 0..9``.
"""

from __future__ import annotations

import itertools

import mpmath
import pytest

from symcm.algebra.backends import available_backends
import sympy as sp
from hypothesis import HealthCheck, given, reject, settings

import symcm as sc
import symcm.models.strategies as sst
from symcm.errors import DomainError, InfiniteStatesError, ParameterTypeError
from tests import oracles

P = sc.processes
R = sp.Rational
p, q = sc.symbols("p q")
L = sp.Symbol("L", integer=True, nonnegative=True)
DPS = 40
TOL = mpmath.mpf(10) ** -25
oo = sp.oo


def num(expr, point=None):
    """An expression without free symbols (after ``point``) as an mpmath number."""
    expr = sp.sympify(expr)
    if point:
        expr = expr.subs(point)
    value = sp.N(expr, DPS)
    assert value.is_Number, expr
    return mpmath.mpf(str(value))


def same(a, b, point=None) -> bool:
    with mpmath.workdps(DPS):
        return abs(num(a, point) - num(b, point)) < TOL


# (id, model, a rational point, the synchronisation order there) -- finite order: exact sums
FINITE = [
    ("coin", P.biased_coin(p), {p: R(1, 3)}, 0),
    ("period2", P.period(2), {}, 1),
    ("period3", P.period(3), {}, 2),
    ("period5", P.period(5), {}, 4),
    ("golden", P.golden_mean(p), {p: R(2, 7)}, 1),
    ("markov", P.binary_markov(p, q), {p: R(1, 5), q: R(2, 3)}, 1),
    ("markov-iid", P.binary_markov(p, q), {p: R(1, 5), q: R(4, 5)}, 0),
    ("lohr", P.lohr_generator(p), {p: R(1, 7)}, 1),
]
INFINITE = [
    ("even", P.even(p), {p: R(4, 5)}),
    ("noisy-period2", P.noisy_period2(p), {p: R(1, 5)}),
]


def at(m, point):
    return m.subs(point) if point else m


def words_block(m, n):
    return sc.block_entropy(m, n)


def state_uncertainty(machine, length) -> mpmath.mpf:
    """``H[S_L | X_{0:L}]`` of a numeric unifilar machine by enumerating words (oracle matrices)."""
    mats = oracles.matrices(machine)
    pi = oracles.stationary(machine)
    start = sp.Matrix([[pi[s] for s in machine.states]])
    total = mpmath.mpf(0)
    for word in itertools.product(machine.alphabet, repeat=length):
        v = start
        for x in word:
            v = v * mats[x]
        mass = sum(v)
        if mass == 0:
            continue
        probs = [x / mass for x in v if x != 0]
        total += num(mass) * -sum(num(x) * mpmath.log(num(x), 2) for x in probs)
    return total


@pytest.mark.parametrize("ident, m, point, k", FINITE, ids=[r[0] for r in FINITE])
def test_order_and_closed_form_block_entropy_match_words(ident, m, point, k):
    """The synchronisation order is sc.markov_order's, and H(L) in symbolic L equals the word entropy at L = 0..8."""
    here = at(m, point)
    assert sc.synchronization_order(here) == k == sc.markov_order(here)
    closed = sc.block_entropy(m, L)
    for n in range(9):
        assert same(closed.subs(L, n), words_block(here, n), point), n


@pytest.mark.parametrize("ident, m, point, k", FINITE, ids=[r[0] for r in FINITE])
def test_transient_and_synchronization_information_by_truncated_sums(ident, m, point, k):
    """T = sum_{L<=k} (E + L h_mu - H(L)) and S = sum_{L<k} H[S_L | X_{0:L}] from words, h_mu(L) = h_mu past k."""
    here = at(m, point)
    rate = sc.entropy_rate(here)
    blocks = [words_block(here, n) for n in range(k + 3)]
    for n in range(k + 1, k + 3):  # h_mu(L) = h_mu exactly for L > k
        assert same(blocks[n] - blocks[n - 1], rate)
    e = blocks[k] - k * rate
    assert same(e, sc.excess_entropy(here))
    t = sum((e + n * rate - blocks[n] for n in range(k + 1)), sp.Integer(0))
    assert same(sc.transient_information(m), t, point)
    machine = sc.epsilon_machine(here)
    with mpmath.workdps(DPS):
        s = sum((state_uncertainty(machine, n) for n in range(k + 1)), mpmath.mpf(0))
        assert state_uncertainty(machine, k) < TOL  # synchronised at k
        assert abs(num(sc.synchronization_information(m), point) - s) < TOL


@pytest.mark.parametrize("ident, m, point, k", FINITE, ids=[r[0] for r in FINITE])
def test_predictability_gain_from_block_entropies(ident, m, point, k):
    """Delta^2 H(L) = H(L) - 2 H(L-1) + H(L-2) (h_mu(0) = log2|A|) at L = 1..6, as an int and in symbolic L."""
    here = at(m, point)
    blocks = [words_block(here, n) for n in range(7)]
    rates = [sp.log(len(here.alphabet), 2)] + [blocks[n] - blocks[n - 1] for n in range(1, 7)]
    symbolic = sc.predictability_gain(m, sp.Symbol("L", integer=True, positive=True))
    for n in range(1, 7):
        assert same(sc.predictability_gain(here, n), rates[n] - rates[n - 1]), n
        assert same(symbolic.subs(sp.Symbol("L", integer=True, positive=True), n), rates[n] - rates[n - 1], point)


@pytest.mark.parametrize("n", [2, 3, 4, 6])
def test_period_n_closed_forms(n):
    """period(n): T = S = (1/n) sum_j j log2 j, E = log2 n, order n - 1 (derived in the module docstring of the tests)."""
    m = P.period(n)
    expected = sp.Add(*(sp.Rational(j, n) * sp.log(j, 2) for j in range(1, n + 1)))
    assert same(sc.transient_information(m), expected)
    assert same(sc.synchronization_information(m), expected)
    assert sc.synchronization_order(m) == n - 1
    assert same(sc.block_entropy(m, L).subs(L, n + 5), sp.log(n, 2))


def test_golden_mean_symbolic_values():
    """Golden mean synchronises in one symbol: T = E = H(1) - h_mu and S = C_mu, symbolically."""
    m = P.golden_mean(p)
    for value in (R(1, 9), R(1, 2), R(5, 6)):
        pt = {p: value}
        assert same(sc.transient_information(m), sc.excess_entropy(m), pt)
        assert same(sc.synchronization_information(m), sc.statistical_complexity(m), pt)
        assert same(sc.transient_information(m), sc.block_entropy(m.subs(pt), 1) - sc.entropy_rate(m.subs(pt)), pt)


def test_binary_markov_case_split():
    """binary_markov(p, q) is IID on p + q = 1: T = S = 0 and order 0 there, its Markov-chain values elsewhere."""
    m = P.binary_markov(p, q)
    t, s, k = sc.transient_information(m), sc.synchronization_information(m), sc.synchronization_order(m)
    assert isinstance(t, sp.Piecewise) and isinstance(s, sp.Piecewise)
    line = {q: 1 - p}
    assert sp.simplify(t.subs(line)) == 0 and sp.simplify(s.subs(line)) == 0 and k.subs(line) == 0
    assert sc.transient_information(P.binary_markov(p, 1 - p)) == 0
    assert sc.synchronization_order(P.binary_markov(p, 1 - p)) == 0
    assert k.subs({p: R(1, 3), q: R(1, 3)}) == 1


def _partial_t(m, n_max):
    rate = num(sc.entropy_rate(m))
    blocks = [num(words_block(m, n)) for n in range(n_max + 1)]
    terms = [n * (blocks[n] - blocks[n - 1] - rate) for n in range(1, n_max + 1)]
    return terms, sum((blocks[n] - blocks[n - 1] - rate for n in range(1, n_max + 1)), mpmath.mpf(0))


@pytest.mark.parametrize("ident, m, point", INFINITE, ids=[r[0] for r in INFINITE])
def test_infinite_order_series_converge_to_the_exact_values(ident, m, point):
    """Order oo: E, T, S are exact; partial sums of their series (nonnegative terms) increase to them."""
    here = at(m, point)
    assert sc.synchronization_order(here) == oo == sc.markov_order(here)
    with mpmath.workdps(DPS):
        terms, e_partial = _partial_t(here, 11)
        assert all(t > -TOL for t in terms)
        t_exact, e_exact = num(sc.transient_information(m), point), num(sc.excess_entropy(here))
        assert 0 <= t_exact - sum(terms) < mpmath.mpf("0.02")
        assert 0 <= e_exact - e_partial < mpmath.mpf("0.002")
        machine = sc.epsilon_machine(here)
        s_partial = sum((state_uncertainty(machine, n) for n in range(9)), mpmath.mpf(0))
        assert 0 <= num(sc.synchronization_information(m), point) - s_partial < mpmath.mpf("0.02")


def test_rrxor_excess_entropy_from_the_mixed_states():
    """RRXOR (order oo, 2^n words slow to converge): the mixed-state sum for E is sc.excess_entropy; S >= C_mu."""
    from symcm.causal.transients import _dot, _transients

    m = P.rrxor()
    t = _transients(sc.epsilon_machine(m), sc.causal.MAX_MIXED_STATES)
    x, _ = t.resolvent()
    assert same(_dot(x, t.g), sc.excess_entropy(m))
    assert num(sc.synchronization_information(m)) > num(sc.statistical_complexity(m))


@pytest.mark.parametrize("ident, m, point", INFINITE + [("rrxor", P.rrxor(), {})], ids=[r[0] for r in INFINITE] + ["rrxor"])
def test_integer_length_block_entropy_without_words(ident, m, point):
    """block_entropy_closed_form at an int L (no word enumeration) equals the word entropy, L = 0..7."""
    from symcm.causal.transients import block_entropy_closed_form

    here = at(m, point)
    for n in range(8):
        assert same(block_entropy_closed_form(here, n), words_block(here, n)), n


@pytest.mark.parametrize("ident, m, point", INFINITE + [("rrxor", P.rrxor(), {})],
                         ids=[r[0] for r in INFINITE] + ["rrxor"])
def test_spectral_closed_form_in_l_for_infinite_order(ident, m, point):
    """Order oo: H(L) and the predictability gain in symbolic L (RootSum) equal the word entropies up to L = 9.

    RRXOR's RootSum part starts at m0 = 7: L = 7, 8 check it (its gain's from L = 9).
    """
    here = at(m, point)
    top = 9 if ident == "rrxor" else 10
    closed = sc.block_entropy(m, L)
    assert closed.has(sp.RootSum)
    positive = sp.Symbol("L", integer=True, positive=True)
    gain = sc.predictability_gain(m, positive)
    blocks = [words_block(here, n) for n in range(top + 1)]
    rates = [sp.log(len(here.alphabet), 2)] + [blocks[n] - blocks[n - 1] for n in range(1, top + 1)]
    for n in range(top):
        assert same(closed.subs(L, n), blocks[n], point), n
        if n and (ident != "rrxor" or n >= 8):
            assert same(gain.subs(positive, n), rates[n] - rates[n - 1], point), n


def test_bad_lengths_are_refused():
    """L below its minimum or not an int/Symbol is refused naming the function; so is a non-model."""
    with pytest.raises(DomainError, match=r"predictability_gain: L must be at least 1, received 0"):
        sc.predictability_gain(P.even(p), 0)
    with pytest.raises(DomainError, match=r"block_entropy: L must be at least 0, received -1"):
        sc.causal.transients.block_entropy_closed_form(P.even(p), -1)
    with pytest.raises(ParameterTypeError, match=r"predictability_gain: L must be an int"):
        sc.predictability_gain(P.even(p), 1.5)
    with pytest.raises(ParameterTypeError, match=r"transient_information: expected"):
        sc.transient_information("not a model")


@pytest.mark.skipif("flint" not in available_backends(), reason="compares python-flint with pure sympy")
@pytest.mark.parametrize("backend", ["flint", "sympy"])
def test_backends_agree(backend, monkeypatch):
    """Both polynomial backends give the same T, S and H(L) (the caches cleared between them)."""
    sc.clear_caches()
    monkeypatch.setenv("SYMCM_BACKEND", backend)
    m = P.golden_mean(p)
    assert sc.transient_information(m) == sp.sympify("H(1/(p + 1)) - H(p)/(p + 1)", locals={"H": sc.H, "p": p})
    assert sc.synchronization_information(P.even(p)) == sc.synchronization_information(P.even(p))
    values = (sc.transient_information(P.even(p)), sc.synchronization_information(P.rrxor()),
              sc.block_entropy(P.binary_markov(p, q), L))
    sc.clear_caches()
    monkeypatch.setenv("SYMCM_BACKEND", "sympy" if backend == "flint" else "flint")
    assert values == (sc.transient_information(P.even(p)), sc.synchronization_information(P.rrxor()),
                      sc.block_entropy(P.binary_markov(p, q), L))
    sc.clear_caches()


@settings(max_examples=12, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(sst.unifilar_hmms(max_states=3))
def test_invariants_over_unifilar_models(m):
    """E from the mixed states is sc.excess_entropy, T >= 0, S >= C_mu, and H(L) at L = 3 is the word entropy."""
    from symcm.causal.transients import _dot, _transients, block_entropy_closed_form

    machine = sc.epsilon_machine(m)
    try:  # a finite machine may have infinitely many transient mixed states: refused, not answered
        t = _transients(machine, 60)
        e = sc.excess_entropy(m, max_states=60)
    except InfiniteStatesError:
        reject()
    x, _ = t.resolvent()
    with mpmath.workdps(DPS):
        assert abs(num(_dot(x, t.g)) - num(e)) < TOL
        assert num(sc.transient_information(m, max_states=60)) > -TOL
        assert num(sc.synchronization_information(m, max_states=60)) - num(sc.statistical_complexity(m)) > -TOL
        assert abs(num(block_entropy_closed_form(m, 3, max_states=60)) - num(sc.block_entropy(m, 3))) < TOL


def test_infinitely_many_transient_mixed_states_are_refused():
    """Transient beliefs that never close: T refused (InfiniteStatesError), the order decided from supports."""
    m = sc.HMM.from_edges([("A", "A", "1", R(1, 2)), ("A", "C", "0", R(1, 2)), ("B", "A", "0", R(3, 8)),
                           ("B", "B", "1", R(5, 8)), ("C", "B", "0", 1)])
    with pytest.raises(InfiniteStatesError, match="max_states=40"):
        sc.transient_information(m, max_states=40)
    # the order is still decided, from the supports (as sc.markov_order decides it)
    assert sc.synchronization_order(m, max_states=40) == oo == sc.markov_order(m)
    # period(8) synchronises at 7 but has more transient beliefs than max_states=5 allows
    assert sc.synchronization_order(P.period(8), max_states=5) == 7


@pytest.mark.parametrize(
    "rows",
    [
        [[R(1, 2), R(1, 4)], [0, R(1, 2)]],  # one Jordan block of size 2 (eigenvalue 1/2 twice)
        [[R(1, 2), R(1, 4)], [0, R(1, 4)]],  # diagonalisable, distinct eigenvalues
        [[R(1, 3), 1, 0], [0, R(1, 3), 1], [0, 0, R(1, 3)]],  # a Jordan block of size 3
        [[0, R(1, 2), 0], [0, R(1, 2), R(1, 2)], [0, 0, R(1, 2)]],  # eigenvalue 0 beside a Jordan block
    ],
)
def test_spectral_tail_equals_matrix_powers(rows):
    """<e0| Q^L |v> in closed form (RootSums with binomials in L for Jordan blocks) equals the matrix power at L = 0..11."""
    from symcm.causal.transients import _spectral, _Transients

    n = len(rows)
    ones = [sp.Integer(1)] * n
    t = _Transients(rows, ones, [0] * n, 0, oo, 0)
    m0, s = _spectral(t, ones, L, "block_entropy")
    q = sp.Matrix(rows)
    for k in range(m0, 12):
        expected = (sp.Matrix([[1] + [0] * (n - 1)]) * q**k * sp.Matrix(ones))[0]
        assert sp.nsimplify(sp.N(s.subs(L, k), 50), rational=True, tolerance=sp.Rational(1, 10**40)) == expected


def test_block_entropy_closed_form_with_a_jordan_block_in_the_mixed_states():
    """A machine whose transient beliefs have a repeated eigenvalue: H(L) in closed form equals H(L) at L = 0..13."""
    m = sc.HMM.from_edges([("A", "B", "0", R(3, 4)), ("A", "B", "1", R(1, 4)), ("B", "D", "1", R(3, 4)),
                           ("B", "C", "0", R(1, 4)), ("C", "A", "1", 1), ("D", "C", "1", 1)])
    h = sc.block_entropy(m, L)
    for k in range(14):
        assert abs(sp.N(h.subs(L, k) - sc.block_entropy(m, k), 40)) < sp.Rational(1, 10**35)
