"""The modular, certified null vector (symcm/algebra/modular.py) against the Bareiss oracle.

Every modular answer must equal Bareiss's after the normalisation of
``_class_weights`` (primitive, sign), on Hypothesis-drawn symbolic chains,
on the order-R binary Markov chains (answer far smaller than the
determinant), and on ring-plus-chord chains (answer as large as the
determinant); the exact certificate must reject a wrong vector; the pure
sympy backend never takes the modular path; and ``stationary_distribution``
gives the same dicts with and without it.  The reconstruction helpers of
symcm/algebra/interpolation.py are checked on known fractions.
"""

from __future__ import annotations

import random

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symcm as sc
from benchmarks.families import order_r as order_r_chain
from symcm.algebra import interpolation, modular
from symcm.algebra.backends import available_backends, get_backend
from symcm.algebra.elimination import solve_null_vector
from symcm.causal import stationary
from symcm.models.strategies import symbolic_hmms
from symcm.models.structure import recurrent_classes

pytestmark = pytest.mark.skipif("flint" not in available_backends(), reason="python-flint is not installed")
pytest.importorskip("numpy")

p, q = sc.symbols("p q")


def ring_chord_chain(n: int, seed: int) -> sc.HMM:
    """A ring with one random chord per state, probabilities from p and q (answer about as large as det)."""
    rng = random.Random(seed)
    probs = [p, q, (p + q) / 2, p * q]
    edges = []
    for i in range(n):
        j = rng.choice([k for k in range(n) if k not in (i, (i + 1) % n)])
        a = probs[rng.randrange(len(probs))]
        edges.append((f"s{i}", f"s{(i + 1) % n}", "0", a))
        edges.append((f"s{i}", f"s{j}", "1", 1 - a))
    return sc.HMM.from_edges(edges)


def class_matrix(m, name="flint"):
    """``(A^T, n, ring)`` of the model's (only) recurrent class, as _class_weights builds it."""
    members = recurrent_classes(m)[0]
    ring = get_backend(m.parameters, name)
    matrix, _ = stationary._class_matrix(m, members, ring)
    return matrix, len(members), ring


def same_up_to_sign(ring, u, v) -> bool:
    """Whether the primitive forms of ``u`` and ``v`` agree (the Bareiss vector made primitive here)."""
    a, b = list(ring.primitive(u)), list(ring.primitive(v))
    return a == b or a == [-x for x in b]


def check_against_bareiss(m) -> None:
    """The modular vector is certified, primitive and equals Bareiss's up to sign."""
    matrix, n, ring = class_matrix(m)
    w = modular.modular_null_vector(matrix, n, ring)
    assert w is not None
    assert modular.certify_null_vector(matrix, w, ring)
    assert list(ring.primitive(w)) in (w, [-x for x in w])
    assert same_up_to_sign(ring, w, solve_null_vector(matrix, n, ring))


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 3).flatmap(lambda k: symbolic_hmms(parameters=k, min_states=2, max_states=4)))
def test_hypothesis_chains_match_bareiss(m):
    """On drawn sparse symbolic chains with 1-3 parameters the modular vector equals Bareiss's."""
    check_against_bareiss(m)


@pytest.mark.parametrize("R", [2, 3, 4, 5, 6])
def test_order_r_matches_bareiss(R):
    """On the order-R binary Markov chain (answer much smaller than det) the vectors agree."""
    check_against_bareiss(order_r_chain(R))


@pytest.mark.parametrize("n, seed", [(5, 1), (8, 2), (12, 3)])
def test_large_answer_chains_match_bareiss(n, seed):
    """Where the answer is as large as the determinant the modular vector is still right."""
    check_against_bareiss(ring_chord_chain(n, seed))


@pytest.mark.parametrize("dense_row", [2, 4])
def test_dense_front_matches_bareiss(dense_row, monkeypatch):
    """Switching to FLINT's dense solve early (a large dense front) gives the same vectors."""
    monkeypatch.setattr(modular, "DENSE_ROW", dense_row)
    check_against_bareiss(order_r_chain(5))
    check_against_bareiss(ring_chord_chain(10, 6))
    matrix, n, ring = class_matrix(order_r_chain(5))
    assert modular._Schedule(matrix, n, ring).front.shape[0] > 0


def test_large_coefficients_need_several_primes(monkeypatch):
    """Coefficients past one prime's reconstruction bound are lifted by CRT over several primes."""
    big = [sp.Rational(1000003, 2000011), sp.Rational(999983, 3000017), sp.Rational(7, 5000011)]
    edges = []
    n = 6
    for i in range(n):
        a = big[i % 3] * p + (1 - big[i % 3]) * q
        edges.append((f"s{i}", f"s{(i + 1) % n}", "0", a))
        edges.append((f"s{i}", f"s{(i + 3) % n}", "1", 1 - a))
    m = sc.HMM.from_edges(edges)
    counts = []
    real = modular.lift

    def spy(residues, moduli, monos, backend):
        counts.append(len(moduli))
        return real(residues, moduli, monos, backend)

    monkeypatch.setattr(modular, "lift", spy)
    check_against_bareiss(m)
    assert max(counts) > 1


def test_prefer_modular_decides_by_degrees():
    """Preferred on order-6 (degree 6 against a det bound 63), not on a 60-state ring with chords."""
    matrix, n, ring = class_matrix(order_r_chain(6))
    assert modular.prefer_modular(matrix, n, ring)
    assert modular.answer_degree(matrix, n, ring) == (6, 63)
    matrix, n, ring = class_matrix(ring_chord_chain(60, 4))
    assert not modular.prefer_modular(matrix, n, ring)


def test_certificate_rejects_wrong_vectors():
    """A perturbed coefficient, a scaled-wrong entry and the zero vector all fail the exact check."""
    matrix, n, ring = class_matrix(order_r_chain(4))
    w = modular.modular_null_vector(matrix, n, ring)
    assert modular.certify_null_vector(matrix, w, ring)
    bad = list(w)
    bad[3] = bad[3] + ring.one
    assert not modular.certify_null_vector(matrix, bad, ring)
    bad = list(w)
    bad[0] = bad[0] * ring.from_int(2)
    assert not modular.certify_null_vector(matrix, bad, ring)
    assert not modular.certify_null_vector(matrix, [ring.zero] * n, ring)


def test_failed_certificate_returns_none(monkeypatch):
    """When no candidate certifies, the modular path gives up with None (never an unchecked vector)."""
    matrix, n, ring = class_matrix(order_r_chain(4))
    monkeypatch.setattr(modular, "certify_null_vector", lambda *args: False)
    assert modular.modular_null_vector(matrix, n, ring) is None


def test_sympy_backend_declines():
    """On the pure-sympy backend the modular path returns None and is never preferred."""
    matrix, n, ring = class_matrix(order_r_chain(6), "sympy")
    assert modular.modular_null_vector(matrix, n, ring) is None
    assert not modular.prefer_modular(matrix, n, ring)
    assert modular.answer_degree(matrix, n, ring) is None


@pytest.mark.parametrize("m", [order_r_chain(5), ring_chord_chain(9, 5)], ids=["order-5", "ring-chord-9"])
def test_stationary_distribution_same_with_and_without(m, monkeypatch):
    """sc.stationary_distribution is identical with the modular path, without it, and on sympy."""
    monkeypatch.setattr(stationary, "prefer_modular", lambda *args: True)
    monkeypatch.setattr(stationary, "TRY_TERMS", 0)  # skip the cheap budgeted elimination
    used = []
    real = stationary.modular_null_vector

    def spy(*args):
        used.append(real(*args))
        return used[-1]

    monkeypatch.setattr(stationary, "modular_null_vector", spy)
    with_modular = sc.stationary_distribution(m, backend="flint")
    assert used and used[0] is not None
    monkeypatch.setattr(stationary, "USE_MODULAR", False)
    assert sc.stationary_distribution(m, backend="flint") == with_modular
    assert sc.stationary_distribution(m, backend="sympy") == with_modular


def test_stationary_distribution_order_7_at_a_point():
    """The order-7 distribution (modular path) is stationary and sums to 1 at a rational point."""
    m = order_r_chain(7)
    pi = sc.stationary_distribution(m)
    at = {p: sp.Rational(1, 3), q: sp.Rational(3, 4)}
    vals = [sp.Rational(pi[s].subs(at)) for s in m.states]
    assert sum(vals) == 1
    T = m.transition_matrix.subs(at)
    assert list(sp.Matrix([vals]) * T) == vals


def test_rational_reconstruction_helpers():
    """ratrec recovers small fractions modulo a prime and mqrr a univariate rational function."""
    import flint

    P = modular._primes(1)[0]
    assert interpolation.ratrec(-3 * pow(7, -1, P) % P, P, 10_000) == (-3, 7)
    assert interpolation.ratrec(123456789, P, 1000) is None
    ts = list(range(1, 12))
    vals = [(t * t + 1) * pow(t + 5, -1, P) % P for t in ts]
    master, u = interpolation.interpolate_univariate(ts, vals, P)
    num, den, gap = interpolation.mqrr(master, u)
    scale = pow(int(den.leading_coefficient()), -1, P)
    assert (num * scale, den * scale) == (flint.nmod_poly([1, 0, 1], P), flint.nmod_poly([5, 1], P))
    assert gap >= 11 - 3


def test_small_elimination_is_tried_before_deciding(monkeypatch):
    """A ring whose elimination stays tiny is solved by the budgeted elimination: the modular path is not asked."""
    asked = []
    monkeypatch.setattr(stationary, "prefer_modular", lambda *args: asked.append(args) or True)
    p = sc.symbols("p")
    n = 60
    m = sc.HMM.from_edges([(i, (i + 1) % n, "1", p) for i in range(n)] + [(i, i, "0", 1 - p) for i in range(n)])
    pi = sc.stationary_distribution(m, backend="flint")
    assert asked == [] and set(pi.values()) == {sp.Rational(1, n)}


# --- sparse interpolation (symcm/algebra/sparse_interpolation.py) --------------------------------

from benchmarks.families import random_sparse, ring_chord  # noqa: E402
from benchmarks.sparse_modular import order_rk  # noqa: E402
from symcm.algebra import sparse_interpolation  # noqa: E402

PRIME = modular._primes(1)[0]


def _term_strategy(k):
    """One term ``(exponents, coefficient)`` in ``k`` variables, total degree at most 6."""
    return st.tuples(st.tuples(*[st.integers(0, 3)] * k).filter(lambda e: sum(e) <= 6),
                     st.integers(1, PRIME - 1))


@st.composite
def sparse_vectors(draw):
    """``(k, w)``: 2-4 sparse polynomials in 3-8 variables (dicts exponents -> coefficient mod PRIME), w_0 = 1."""
    k = draw(st.integers(3, 8))
    entries = [{(0,) * k: 1}]
    for _ in range(draw(st.integers(1, 3))):
        entries.append(dict(draw(st.lists(_term_strategy(k), min_size=1, max_size=6))))
    return k, entries


def _oracle(entries):
    """``v = w / w_last`` modulo PRIME at points, as the elimination schedule reports it."""
    import numpy as np

    def value(poly, pt):
        total = 0
        for e, c in poly.items():
            term = c
            for x, a in zip(pt, e):
                term = term * pow(x, a, PRIME) % PRIME
            total += term
        return total % PRIME

    def oracle(pts):
        cols = [list(map(int, col)) for col in pts.T]
        last = [value(entries[-1], pt) for pt in cols]
        inv = [pow(d, PRIME - 2, PRIME) if d else 0 for d in last]
        Y = [[value(poly, pt) * i % PRIME for pt, i in zip(cols, inv)] for poly in entries[:-1]]
        return np.array(Y + [[1] * len(cols)], dtype=np.int64), np.array(last) != 0
    return oracle


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(sparse_vectors(), st.integers(0, 2**32))
def test_sparse_coefficients_recover_known_polynomials(drawn, seed):
    """Zippel's stages recover the support and coefficients (mod p) of drawn sparse vectors, up to the anchor's scale."""
    k, entries = drawn
    degree = max(sum(e) for poly in entries for e in poly)
    got = sparse_interpolation.sparse_coefficients(_oracle(entries), len(entries), k, degree, PRIME,
                                                   random.Random(seed))
    assert got is not None
    support, support_last, coeffs, anchor = got
    assert set(support) == {e for poly in entries for e in poly}
    assert set(support_last) == set(entries[-1])
    scale = pow(entries[-1][support_last[anchor]], PRIME - 2, PRIME)
    for m, row in zip(support, coeffs):
        assert row == [poly.get(m, 0) * scale % PRIME for poly in entries]


def test_sparse_coefficients_failure_paths():
    """A basis past max_basis and an oracle that never succeeds both give None."""
    import numpy as np

    entries = [{(0, 0, 0): 1}, {(3, 2, 1): 5, (0, 0, 4): 1, (1, 1, 1): 7}]
    assert sparse_interpolation.sparse_coefficients(_oracle(entries), 2, 3, 6, PRIME, random.Random(1)) is not None
    assert sparse_interpolation.sparse_coefficients(_oracle(entries), 2, 3, 6, PRIME, random.Random(1),
                                                    max_basis=2) is None

    def failing(pts):
        return np.zeros((2, pts.shape[1]), dtype=np.int64), np.zeros(pts.shape[1], dtype=bool)
    assert sparse_interpolation.sparse_coefficients(failing, 2, 3, 6, PRIME, random.Random(1)) is None


# derandomized: the method is randomised (a seeded generator) and may legitimately give up (None, then
# Bareiss); a fixed set of draws keeps this claim about them reproducible
@settings(max_examples=12, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([ring_chord, random_sparse]), st.integers(4, 6), st.integers(3, 8), st.integers(0, 10**6))
def test_sparse_null_vector_matches_bareiss(family, n, k, seed):
    """On drawn ring+chord and random sparse chains with 3-8 parameters the certified sparse vector equals Bareiss's.

    Up to 6 states: past that, random sparse chains have answers as large as
    the determinant and the stages' bases grow to thousands (minutes).
    """
    matrix, size, ring = class_matrix(family(n, k, seed))
    w = sparse_interpolation.sparse_null_vector(matrix, size, ring)
    assert w is not None
    assert modular.certify_null_vector(matrix, w, ring)
    assert same_up_to_sign(ring, w, solve_null_vector(matrix, size, ring))


def test_sparse_null_vector_failure_paths(monkeypatch):
    """Sparse interpolation returns None on sympy, past its basis budget, and when nothing certifies."""
    m = order_rk(4, 3)
    matrix, n, ring = class_matrix(m, "sympy")
    assert sparse_interpolation.sparse_null_vector(matrix, n, ring) is None
    matrix, n, ring = class_matrix(m)
    assert sparse_interpolation.sparse_null_vector(matrix, n, ring, max_basis=3) is None
    assert sparse_interpolation.sparse_null_vector(matrix, n, ring) is not None
    monkeypatch.setattr(modular, "certify_null_vector", lambda *args: False)
    assert sparse_interpolation.sparse_null_vector(matrix, n, ring) is None


def test_many_parameters_take_the_sparse_path(monkeypatch):
    """Order-6 with 4 parameters (dense basis 210) is preferred, solved sparsely, and equals the dense modular vector."""
    matrix, n, ring = class_matrix(order_rk(6, 4))
    used = []
    real = sparse_interpolation.sparse_null_vector
    monkeypatch.setattr(sparse_interpolation, "sparse_null_vector", lambda *a: used.append(1) or real(*a))
    assert modular.prefer_modular(matrix, n, ring)
    w = modular.modular_null_vector(matrix, n, ring)
    assert used and w is not None
    dense = modular._Modular(matrix, n, ring)
    dense.probe(63)
    assert same_up_to_sign(ring, w, dense.solve())
