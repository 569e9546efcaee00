"""Grid interpolation of the adjugate column (symcm/algebra/grid_interpolation.py) against the Bareiss oracle.

Tensor-product interpolation recovers known polynomial vectors modulo a
prime; the exact matrix product modulo ``p`` agrees with Python integers;
on Hypothesis-drawn sparse chains with 1 and 2 parameters the certified
grid vector equals Bareiss's after normalisation; every failure (probe too
low, too few primes, vanishing pivots, pure sympy, too many parameters)
returns ``None`` and ``stationary`` falls back to Bareiss with the same
answer; the dispatch picks the grid where the measured crossover says so.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.families import random_sparse, ring_chord
from symcm.algebra import grid_interpolation as gi
from symcm.algebra.backends import available_backends, get_backend
from symcm.algebra.elimination import solve_null_vector
from symcm.causal import stationary
from symcm.models.structure import recurrent_classes

needs_flint = pytest.mark.skipif("flint" not in available_backends(), reason="python-flint is not installed")
np = pytest.importorskip("numpy")

P = 2147483629  # a prime below 2**31


def class_matrix(m, name="flint"):
    """``(A^T, n, ring)`` of the model's (only) recurrent class, as _class_weights builds it."""
    members = recurrent_classes(m)[0]
    ring = get_backend(m.parameters, name)
    matrix, _ = stationary._class_matrix(m, members, ring)
    return matrix, len(members), ring


def bareiss(matrix, n, ring):
    """The oracle: Bareiss's null vector, made primitive."""
    return list(ring.primitive(solve_null_vector(matrix, n, ring)))


@pytest.mark.parametrize("shape", [(7,), (5, 4), (3, 4, 2)])
def test_interpolate_grid_recovers_known_polynomials(shape):
    """Values of random polynomial vectors on a random grid give back their coefficients modulo p."""
    rng = np.random.default_rng(len(shape))
    coeffs = rng.integers(0, P, size=(3,) + shape)
    nodes = [rng.choice(np.arange(1, 10**6), size=m, replace=False) for m in shape]
    values = np.zeros((3,) + shape, dtype=np.int64)
    for point in np.ndindex(*shape):
        xs = [int(t[a]) for t, a in zip(nodes, point)]
        for i in range(3):
            total = 0
            for exps in np.ndindex(*shape):
                mono = 1
                for x, e in zip(xs, exps):
                    mono = mono * pow(x, e, P) % P
                total += int(coeffs[(i,) + exps]) * mono
            values[(i,) + point] = total % P
    assert np.array_equal(gi.interpolate_grid(values, nodes, P), coeffs)


@given(st.integers(1, 60), st.integers(1, 40), st.integers(0, 2**31))
@settings(max_examples=30, deadline=None)
def test_matmul_mod_is_exact(m, t, seed):
    """The float64 limb product equals the integer product modulo p."""
    rng = np.random.default_rng(seed)
    A, B = rng.integers(0, P, (m, m)), rng.integers(0, P, (m, t))
    exact = (A.astype(object) @ B.astype(object)) % P
    assert np.array_equal(gi._matmul_mod(A, B, P), exact.astype(np.int64))


@needs_flint
@given(st.integers(4, 14), st.sampled_from([1, 2]), st.integers(0, 10**6), st.booleans())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_hypothesis_sparse_chains_match_bareiss(n, k, seed, chord):
    """On random sparse chains with 1-2 parameters the grid vector equals Bareiss's primitive vector."""
    m = (ring_chord if chord else random_sparse)(max(n, 3), k, seed)
    matrix, size, ring = class_matrix(m)
    w = gi.grid_null_vector(matrix, size, ring)
    assert w is not None
    assert list(ring.primitive(w)) == bareiss(matrix, size, ring)


@needs_flint
def test_stationary_identical_with_grid_forced_and_on_sympy(monkeypatch):
    """stationary_weights with the grid forced equals Bareiss's (flint) and the pure sympy backend's."""
    m = random_sparse(20, 2, seed=5)
    monkeypatch.setattr(stationary, "USE_MODULAR", False)
    _, plain, total = stationary.stationary_weights(m, "flint")
    _, sym, sym_total = stationary.stationary_weights(m, "sympy")
    monkeypatch.setattr(stationary, "USE_MODULAR", True)
    monkeypatch.setattr(gi, "GRID_FROM", {1: 0, 2: 0, 3: 0})
    calls = []
    real = gi.grid_null_vector
    monkeypatch.setattr(stationary, "grid_null_vector", lambda *a: calls.append(1) or real(*a))
    ring, grid, grid_total = stationary.stationary_weights(m, "flint")
    assert calls
    assert grid == plain and grid_total == total
    sring = get_backend(m.parameters, "sympy")
    assert {s: ring.to_expr(v) for s, v in grid.items()} == {s: sring.to_expr(v) for s, v in sym.items()}


def test_sympy_backend_returns_none():
    """The grid is flint-only: on pure sympy None and no preference, so the dispatch is unchanged."""
    matrix, n, ring = class_matrix(random_sparse(8, 2, seed=1), "sympy")
    assert gi.grid_null_vector(matrix, n, ring) is None and not gi.prefer_grid(matrix, n, ring)


@needs_flint
def test_many_parameters_return_none():
    """The grid is for at most MAX_PARAMS parameters: otherwise None and no preference."""
    matrix, n, ring = class_matrix(random_sparse(8, 4, seed=1))
    assert gi.grid_null_vector(matrix, n, ring) is None and not gi.prefer_grid(matrix, n, ring)


@needs_flint
def test_probe_too_low_returns_none_and_stationary_falls_back(monkeypatch):
    """Degrees probed too low fail the check at an extra point; _null_vector then uses Bareiss, same answer."""
    m = random_sparse(12, 2, seed=3)
    matrix, n, ring = class_matrix(m)
    expected = bareiss(matrix, n, ring)
    real = gi._Grid.probe

    def low(self, p):
        out = real(self, p)
        self.degrees = [max(d - 1, 0) for d in out]
        return self.degrees

    monkeypatch.setattr(gi._Grid, "probe", low)
    assert gi.grid_null_vector(matrix, n, ring) is None
    monkeypatch.setattr(gi, "GRID_FROM", {1: 0, 2: 0, 3: 0})
    got = stationary._null_vector(matrix, n, ring, stationary.MAX_TERMS)
    assert list(ring.primitive(got)) == expected


@needs_flint
def test_too_few_primes_returns_none(monkeypatch):
    """Coefficients wider than the primes allowed never pass the checks: None, never an unchecked vector."""
    matrix, n, ring = class_matrix(random_sparse(24, 2, seed=2024))  # 23-bit coefficients
    monkeypatch.setattr(gi, "MAX_PRIMES", 1)
    monkeypatch.setattr(gi, "_primes", lambda count: (65521, 65519))  # 16-bit primes: one is not enough
    assert gi.grid_null_vector(matrix, n, ring) is None


@needs_flint
def test_vanishing_pivots_everywhere_return_none(monkeypatch):
    """If pivots vanish at every point (adjugate undefined) the grid gives up."""
    matrix, n, ring = class_matrix(random_sparse(10, 1, seed=4))
    real = gi._Grid.adjugate
    monkeypatch.setattr(gi._Grid, "adjugate",
                        lambda self, pts, p: (real(self, pts, p)[0], np.zeros(pts.shape[1], bool)))
    assert gi.grid_null_vector(matrix, n, ring) is None


@needs_flint
def test_dispatch(monkeypatch):
    """Default crossovers: no grid on random_sparse(32, 2) (Bareiss as fast), grid on (128, 1); lowered: on (32, 2)."""
    matrix, n, ring = class_matrix(random_sparse(32, 2))
    assert not gi.prefer_grid(matrix, n, ring)
    big = class_matrix(random_sparse(128, 1))
    assert gi.prefer_grid(*big)
    gi._CACHE.clear()
    monkeypatch.setattr(gi, "GRID_FROM", {1: 0, 2: 0, 3: 0})
    assert gi.prefer_grid(matrix, n, ring)
    calls = []
    real = gi.grid_null_vector
    monkeypatch.setattr(stationary, "grid_null_vector", lambda *a: calls.append(1) or real(*a))
    got = stationary._null_vector(matrix, n, ring, stationary.MAX_TERMS)
    assert calls and list(ring.primitive(got)) == bareiss(matrix, n, ring)


@given(st.lists(st.integers(1, P - 1), min_size=1, max_size=40, unique=True))
@settings(max_examples=30, deadline=None)
def test_inverse_vandermonde_is_the_inverse(nodes):
    """V(nodes) times the O(m^2) Lagrange inverse is the identity modulo p (Python integers)."""
    inv = gi._inverse_vandermonde(np.array(nodes), P).tolist()
    m = len(nodes)
    V = [[pow(t, e, P) for e in range(m)] for t in nodes]
    prod = [[sum(V[a][e] * inv[e][b] for e in range(m)) % P for b in range(m)] for a in range(m)]
    assert prod == [[int(a == b) for b in range(m)] for a in range(m)]
