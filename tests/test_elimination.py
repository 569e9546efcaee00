"""Sparse fraction-free elimination against the dense oracle (issue 12).

``_bareiss_solve`` (rows touched only where the pivot column occurs, lazy
Bareiss rescaling, Markowitz costs in a heap) must give the dense
``_bareiss_solve_dense``'s ``(y, D)`` up to one common sign (``D = +-det``),
hence after ``_class_weights``' normalisation the identical stationary
weights, on both polynomial backends.
"""

from __future__ import annotations

from unittest import mock

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symcm as sc
from symcm.algebra import elimination
from symcm.algebra.backends import available_backends, get_backend
from symcm.causal import stationary
from symcm.errors import TooLargeError

BACKENDS = available_backends()
PARAMS = sc.symbols("p q r")
p, q, r = PARAMS


def same_up_to_sign(a, b) -> bool:
    """Whether the ``(y, D)`` pairs ``a`` and ``b`` agree up to one common sign."""
    (ya, da), (yb, db) = a, b
    sign = 1 if da == db else -1
    return da == sign * db and len(ya) == len(yb) and all(u == sign * v for u, v in zip(ya, yb))


def system(m, backend_name):
    """The reduced system ``_class_weights`` hands to the elimination for ``m`` (recorded, not solved)."""
    seen = []

    def record(matrix, n, ring, max_terms=elimination.MAX_TERMS):
        seen.append((matrix, n, ring))
        return elimination.solve_null_vector(matrix, n, ring, max_terms)

    with mock.patch.object(stationary, "solve_null_vector", record):
        stationary._class_weights(m, tuple(m.states), get_backend(m.parameters, backend_name))
    matrix, n, ring = seen[0]
    return elimination._reduced_system(matrix, n), n - 1, ring


def weights(m, backend_name, solver):
    """``_class_weights`` of ``m`` with the elimination done by ``solver``."""
    ring = get_backend(m.parameters, backend_name)
    with mock.patch.object(elimination, "_bareiss_solve", solver):
        w, total = stationary._class_weights(m, tuple(m.states), ring)
    return {s: ring.to_expr(v) for s, v in w.items()}, ring.to_expr(total)


WEIGHTS = (1, 2, p, q, r, 1 + p, p + q, 2 * r + 1, p * q + 1)


@st.composite
def sparse_chains(draw):
    """An irreducible chain: a ring plus 0..n-1 random extra edges per state, weights in 1-3 parameters."""
    k = draw(st.integers(1, 3))
    n = draw(st.integers(2, 9))
    density = draw(st.sampled_from([0, 1, 2, n - 1]))  # rings, chords, near-dense
    names = [f"s{i}" for i in range(n)]
    pool = [w for w in WEIGHTS if not (sp.sympify(w).free_symbols - set(PARAMS[:k]))]
    edges = []
    for i in range(n):
        targets = {(i + 1) % n}
        extra = draw(st.integers(0, density))
        targets |= set(draw(st.lists(st.integers(0, n - 1), min_size=extra, max_size=extra)))
        ws = [sp.sympify(draw(st.sampled_from(pool))) for _ in targets]
        total = sum(ws)
        for t, w in zip(sorted(targets), ws):
            edges.append((names[i], names[t], "0", sp.cancel(w / total)))
    return sc.HMM.from_edges(edges, states=names)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(m=sparse_chains())
def test_sparse_matches_dense_oracle(backend, m):
    """On random sparse symbolic chains the sparse solver's (y, D) is the dense oracle's up to sign, and the normalised weights are identical."""
    rows, ncols, ring = system(m, backend)
    assert same_up_to_sign(elimination._bareiss_solve(rows, ncols, ring),
                           elimination._bareiss_solve_dense(rows, ncols, ring))
    assert weights(m, backend, elimination._bareiss_solve) == weights(m, backend, elimination._bareiss_solve_dense)


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(m=sparse_chains())
def test_backends_agree(m):
    """Both polynomial backends give the identical stationary distribution through the sparse solver."""
    if len(BACKENDS) < 2:
        pytest.skip("python-flint is not installed")
    assert sc.stationary_distribution(m, backend="flint") == sc.stationary_distribution(m, backend="sympy")


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("n", [2, 3, 7, 300])
def test_ring_is_uniform(backend, n):
    """The plain ring of n states has the uniform stationary distribution."""
    pi = sc.stationary_distribution(sc.processes.period(n), backend=backend)
    assert set(pi.values()) == {sp.Rational(1, n)}


@pytest.mark.parametrize("backend", BACKENDS)
def test_symbolic_ring_matches_oracle(backend):
    """A ring with symbolic holding probabilities: lazy rescaling across many untouched steps still matches the oracle."""
    names = [f"s{i}" for i in range(12)]
    edges = []
    for i, s in enumerate(names):
        x = (p, q, (p + q) / 2)[i % 3]
        edges += [(s, names[(i + 1) % 12], "0", x), (s, s, "1", 1 - x)]
    m = sc.HMM.from_edges(edges, states=names)
    rows, ncols, ring = system(m, backend)
    assert same_up_to_sign(elimination._bareiss_solve(rows, ncols, ring),
                           elimination._bareiss_solve_dense(rows, ncols, ring))


@pytest.mark.parametrize("backend", BACKENDS)
def test_row_exchange(backend):
    """A corank-1 matrix whose leading block has a zero diagonal (pivots off the diagonal) gives its null vector."""
    ring = get_backend((p, q), backend)
    P, Q = (ring.from_expr(x)[0] for x in (p, q))
    matrix = [{1: P, 2: -P}, {0: Q, 2: -Q}, {0: -Q, 1: -P, 2: P + Q}]
    v = elimination.solve_null_vector(matrix, 3, ring)
    assert v[0] == v[1] == v[2] and v[0]
    rows = elimination._reduced_system(matrix, 3)
    assert same_up_to_sign(elimination._bareiss_solve(rows, 2, ring), elimination._bareiss_solve_dense(rows, 2, ring))


@pytest.mark.parametrize("backend", BACKENDS)
def test_max_terms_still_raises(backend):
    """An intermediate polynomial past max_terms raises TooLargeError naming the cap, as the dense path does."""
    rng_edges = []
    names = [f"s{i}" for i in range(6)]
    for i, s in enumerate(names):
        rng_edges += [(s, names[(i + 1) % 6], "0", (p + q * i) / (1 + i)), (s, names[(i + 3) % 6], "1",
                                                                         1 - (p + q * i) / (1 + i))]
    m = sc.HMM.from_edges(rng_edges, states=names)
    with pytest.raises(TooLargeError, match="max_terms=3"):
        sc.stationary_distribution(m, backend=backend, max_terms=3)
    rows, ncols, ring = system(m, backend)
    with pytest.raises(TooLargeError, match="max_terms=3"):
        elimination._bareiss_solve_dense(rows, ncols, ring, max_terms=3)


ENTRIES = (1, -1, 2, p, q, p - q, p + 1, p * q - 2, q**2 + p, 3 * p - 1)


@st.composite
def sparse_systems(draw):
    """A random sparse polynomial system ``(rows, ncols)`` (any matrix, not only a chain's), rhs in column ``ncols``."""
    n = draw(st.integers(1, 8))
    cells = draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n)), min_size=n, max_size=3 * n))
    rows = [dict() for _ in range(n)]
    for i, j in cells:
        rows[i][j] = draw(st.sampled_from(ENTRIES))
    for i in range(n):
        rows[i].setdefault(i, draw(st.sampled_from(ENTRIES)))
    return rows, n


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(drawn=sparse_systems())
def test_general_systems_match_dense_oracle(backend, drawn):
    """On random sparse polynomial systems (pivots that need not divide one another) both solvers agree up to sign."""
    exprs, ncols = drawn
    ring = get_backend((p, q), backend)
    rows = [{j: ring.from_expr(sp.sympify(v))[0] for j, v in row.items()} for row in exprs]
    try:
        dense = elimination._bareiss_solve_dense(rows, ncols, ring)
    except ZeroDivisionError:
        with pytest.raises(ZeroDivisionError):
            elimination._bareiss_solve(rows, ncols, ring)
        return
    assert same_up_to_sign(elimination._bareiss_solve(rows, ncols, ring), dense)


# found by search: a row left at an older level whose pivot does not divide the current one
NON_DIVIDING = [
    [{2: p, 6: 1, 0: p - q}, {3: q, 1: p}, {0: q, 4: 1, 1: q, 5: 3 * p - 1, 2: -1},
     {1: p + 1, 4: p * q - 2, 3: p - q}, {6: 3 * p - 1, 4: p - q, 3: -1}, {1: q, 0: 3 * p - 1, 5: -1}],
    [{4: 2, 3: p + 1, 2: q, 0: p}, {6: 3 * p - 1, 5: p * q - 2, 4: -1, 1: p + q**2},
     {0: 3 * p - 1, 2: -1, 4: 1, 5: p + q**2}, {2: 2, 6: p - q, 3: p + 1}, {0: p * q - 2, 4: q},
     {5: p * q - 2, 1: q, 6: 3 * p - 1}],
]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("exprs", NON_DIVIDING, ids=["neither-ratio-exact", "pivot-row-ratio-exact"])
def test_lazy_rescaling_without_exact_ratio(backend, exprs):
    """Where P_k / P_t is not a polynomial for a lazily scaled row, the combined exact division still gives the oracle's answer."""
    ring = get_backend((p, q), backend)
    rows = [{j: ring.from_expr(sp.sympify(v))[0] for j, v in row.items()} for row in exprs]
    assert same_up_to_sign(elimination._bareiss_solve(rows, 6, ring), elimination._bareiss_solve_dense(rows, 6, ring))
