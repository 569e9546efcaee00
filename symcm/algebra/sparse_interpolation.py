"""Sparse interpolation of a null vector over ``ZZ[params]``: Zippel's variable-by-variable support, shared denominator.

:mod:`symcm.algebra.modular` interpolates the primitive null vector ``w`` of a
corank-1 matrix (``w_i / w_last = v_i``, the values ``v`` known modulo a prime
at any point) in the *dense* basis of all monomials up to ``e = deg w``:
``C(e + k, k)`` of them, hopeless for ``k = 8`` parameters even when ``w`` has
a few hundred terms.  This module finds the support first, one variable at a
time, after Zippel ([1]_, [2]_):

1. **Degrees.**  ``e`` comes from the modular probe along a random line; the
   degree ``d_j`` of ``w`` in each ``x_j`` from one more line on which only
   ``x_j`` moves (univariate rational reconstruction with Monagan's maximal
   quotient rule, :func:`~symcm.algebra.interpolation.mqrr`).
2. **Support, variable by variable.**  Fix ``x_{j+1}..x_k`` at a random
   anchor ``alpha``.  Stage ``j`` knows the supports ``S`` (all entries) and
   ``S_L`` (``w_last``) of ``w(x_1..x_{j-1}, alpha_j..alpha_k)``; the
   support after freeing ``x_j`` lies in ``{m x_j^a : m in S, a <= d_j,
   deg m + a <= e}``, Zippel's support pattern times a dense univariate
   basis in the new variable.  The whole stage is one shared-denominator
   solve (:func:`~symcm.algebra.interpolation.shared_denominator`) on that
   basis, at points whose first ``j`` coordinates are random and the rest
   ``alpha``: about one point per candidate monomial, and since every stage
   is solved at once, its scaling (one coefficient of ``w_last`` set to 1)
   never has to agree with another stage's (the normalisation problem of
   sparse rational interpolation, cf. Cuyt and Lee [3]_, does not arise).
   Monomials whose coefficients vanish are dropped.  A coefficient of ``w``
   that vanishes at ``alpha`` by accident loses a monomial (probability at
   most ``deg / p`` per coefficient, Schwartz-Zippel); the certificate then
   fails and the caller uses Bareiss.
3. **Coefficients and lifting.**  With the support known, each prime costs
   one solve on exactly ``|S|`` monomials at fully random points; the
   coefficient tables are lifted by CRT and rational reconstruction
   (:func:`~symcm.algebra.interpolation.lift`) and the vector is accepted only
   if ``M w == 0`` holds exactly over ``ZZ[params]``
   (:func:`~symcm.algebra.modular.certify_null_vector`).

Every dense solve has at most :data:`MAX_BASIS` unknowns; a larger candidate
basis gives up (``None``).  The work follows ``|S| * max d_j`` rather than
``C(e + k, k)``, but it is cubic in that basis, so the method pays only when
``w`` is much smaller than the determinant, where Bareiss's minors are large;
on chains whose answer is as large as the determinant (ring plus chords,
random sparse chains) Bareiss is at its floor and is kept
(:func:`symcm.algebra.modular.prefer_modular`).

References
----------
.. [1] R. Zippel, "Probabilistic algorithms for sparse polynomials", EUROSAM
   1979, LNCS 72, 216-226.
.. [2] R. Zippel, "Interpolating polynomials from their values", J. Symbolic
   Computation 9(3), 375-403, 1990.
.. [3] A. Cuyt and W.-s. Lee, "Sparse interpolation of multivariate rational
   functions", Theoretical Computer Science 412(16), 1445-1456, 2011.
"""

from __future__ import annotations

import random

from .interpolation import lift, line_degrees, shared_denominator
from .ring import PolyBackend

__all__ = ["sparse_coefficients", "sparse_null_vector", "variable_degree"]

#: Largest candidate basis of one dense solve (unknowns); past it the sparse path gives up.
MAX_BASIS = 3000


def _oracle_points(oracle, fixed: list, free: int, count: int, p: int, rng):
    """``count`` points (first ``free`` coordinates random, the rest ``fixed``) where the oracle succeeded."""
    import numpy as np

    k = len(fixed)
    for _ in range(3):
        m = count + 4
        pts = np.array([[rng.randrange(1, p) for _ in range(m)] if v < free else [fixed[v]] * m
                        for v in range(k)], dtype=np.int64).reshape(k, m)
        Y, good = oracle(pts)
        keep = np.flatnonzero(good)[:count]
        if len(keep) == count:
            return pts[:, keep], Y[:, keep]
    return None


def variable_degree(oracle, n: int, base: list, j: int, p: int, rng, limit: int):
    """Degree of ``w`` in ``x_j``: ``max(deg N, deg D)`` of ``sum r_i v_i`` on the line where only ``x_j`` moves.

    ``oracle(points)`` returns ``(Y, good)`` as :meth:`_Schedule.solve` does
    (``Y``: ``n x P`` values of ``v``, ``v_last = 1``).  Points are doubled
    from 8 until the maximal quotient shows 4 redundant points; ``None``
    past ``2 * limit + 8`` points.

    Examples
    --------
    >>> import numpy as np
    >>> P = 2**31 - 1
    >>> def oracle(pts):  # v = (x y^2 + 1, x + y) / (x + y)
    ...     x, y = pts
    ...     den = (x + y) % P
    ...     inv = np.array([pow(int(d), P - 2, P) for d in den], dtype=np.int64)
    ...     return np.array([(x * y % P * y + 1) % P * inv % P, np.ones_like(x)]), den != 0
    >>> rng = random.Random(1)
    >>> [variable_degree(oracle, 2, [3, 5], j, P, rng, 10) for j in (0, 1)]
    [1, 2]
    """
    import numpy as np

    def on_line(ts):
        return oracle(np.array([ts if v == j else [b] * len(ts) for v, b in enumerate(base)], dtype=np.int64))

    degrees = line_degrees(on_line, n, p, rng, 8, limit)
    return None if degrees is None else max(*degrees, 0)


def _stage_basis(support: list, j: int, dj: int, e: int) -> list:
    return [m[:j] + (a,) + m[j + 1:] for m in support for a in range(min(dj, e - sum(m)) + 1)]


def sparse_coefficients(oracle, n: int, k: int, e: int, p: int, rng, max_basis: int = MAX_BASIS):
    """Support and coefficients modulo ``p`` of ``w`` (``v = w / w_last`` given by ``oracle``), or None.

    Parameters
    ----------
    oracle : callable
        ``oracle(points) -> (Y, good)``: ``points`` a ``k x P`` int64 array of
        residues, ``Y`` the ``n x P`` residues of ``v`` (``v_last = 1``),
        ``good`` a mask of the points where ``v`` was found.
    n, k : int
        Entries of ``w`` and variables.
    e : int
        A bound on the total degree of ``w``.
    p : int
        A prime below ``2**31``.
    rng : random.Random
    max_basis : int
        Largest candidate basis of a stage; larger gives up.

    Returns
    -------
    tuple or None
        ``(support, support_last, coeffs, anchor)``: exponent tuples of the
        monomials of ``w`` (all entries) and of ``w_last``, and
        ``coeffs[a][i]``, the coefficient of ``support[a]`` in ``w_i``, with
        the coefficient of ``support_last[anchor]`` in ``w_last`` scaled to 1.

    Examples
    --------
    ``w = (x^3 y^5 + 2 z, x^3 y^5 + z^7 + 1)`` in three variables: the
    dense basis of degree 8 has 165 monomials, the support 4.

    >>> import numpy as np
    >>> P = 2**31 - 1
    >>> def oracle(pts):
    ...     x, y, z = (list(map(int, r)) for r in pts)
    ...     w0 = [(pow(a, 3, P) * pow(b, 5, P) + 2 * c) % P for a, b, c in zip(x, y, z)]
    ...     w1 = [(pow(a, 3, P) * pow(b, 5, P) + pow(c, 7, P) + 1) % P for a, b, c in zip(x, y, z)]
    ...     v0 = [u * pow(d, P - 2, P) % P for u, d in zip(w0, w1)]
    ...     return np.array([v0, [1] * len(v0)], dtype=np.int64), np.array(w1) != 0
    >>> S, S_last, C, anchor = sparse_coefficients(oracle, 2, 3, 8, P, random.Random(3))
    >>> sorted(S)
    [(0, 0, 0), (0, 0, 1), (0, 0, 7), (3, 5, 0)]
    >>> {m: c for m, c in zip(S, C)}[(0, 0, 1)]
    [2, 0]
    """
    alpha = [rng.randrange(1, p) for _ in range(k)]
    degrees = []
    for j in range(k):
        d = variable_degree(oracle, n, alpha, j, p, rng, e)
        if d is None:
            return None
        degrees.append(min(d, e))
    support = support_last = [(0,) * k]
    for j in range(k):
        basis = _stage_basis(support, j, degrees[j], e)
        basis_last = _stage_basis(support_last, j, degrees[j], e)
        if len(basis) > max_basis:
            return None
        got = _solve_on(oracle, n, basis, basis_last, alpha, j + 1, p, rng, None)
        if got is None:
            return None
        coeffs = got[0]
        support = [m for m, row in zip(basis, coeffs) if any(row)]
        support_last = [m for m, row in zip(basis, coeffs) if row[n - 1]]
    got = _solve_on(oracle, n, support, support_last, alpha, k, p, rng, None)
    if got is None:
        return None
    return support, support_last, got[0], got[1]


def _solve_on(oracle, n, basis, basis_last, fixed, free, p, rng, anchor):
    """:func:`shared_denominator` on an explicit basis at points whose first ``free`` coordinates move."""
    got = _oracle_points(oracle, fixed, free, len(basis) + min(12, len(basis_last) + 4), p, rng)
    if got is None:
        return None
    out = shared_denominator(got[0], got[1], (0, 0), p, anchor, rng,
                             lambda count: _oracle_points(oracle, fixed, free, count, p, rng),
                             monos=(basis, basis_last))
    return None if out is None else (out[0], out[1])


def sparse_null_vector(matrix: list[dict], n: int, backend: PolyBackend, solver=None,
                       max_basis: int = MAX_BASIS):
    """The primitive null vector by sparse interpolation, certified exactly, or ``None``.

    Parameters
    ----------
    matrix : list of dict
        Sparse rows of an ``n x n`` corank-1 matrix over ``ZZ[params]``, as
        for :func:`symcm.algebra.modular.modular_null_vector`.
    n : int
    backend : PolyBackend
        The flint backend (else ``None``).
    solver : optional
        The :mod:`symcm.algebra.modular` solver of this matrix (its
        elimination schedule and probed degrees are reused).
    max_basis : int
        Largest dense solve; past it ``None``.

    Returns
    -------
    list or None
        ``w`` with ``matrix @ w == 0`` checked over ``ZZ[params]``, made
        primitive; ``None`` when not available or not certified.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p, q, r = sc.symbols("p q r")
    >>> R = get_backend((p, q, r))  # flint when installed; on pure sympy the answer is None
    >>> x, y, z = (R.from_dict({m: 1}) for m in [(1, 0, 0), (0, 1, 0), (0, 0, 1)])
    >>> w = sparse_null_vector([{0: x * z, 1: -y}, {0: -x * z, 1: y}], 2, R)
    >>> [R.to_expr(v) for v in w] if R.name == "flint" else [q, p*r]
    [q, p*r]
    """
    from . import modular

    if not modular._usable(backend):
        return None
    if n == 1:
        return [backend.one]
    s = solver if solver is not None else modular._Modular(matrix, n, backend)
    if not s.schedule.ok:
        return None
    if s.degrees is None and s.probe(max(modular._det_degree_bound(matrix, n, backend), 1)) is None:
        return None
    k, primes = len(backend.gens), s.primes
    rng = random.Random(s.rng.random())

    def oracle_for(p):
        return lambda pts: s.schedule.solve(pts, p)

    found = sparse_coefficients(oracle_for(primes[0]), n, k, s.degrees[0], primes[0], rng, max_basis)
    if found is None:
        return None
    support, support_last, coeffs, anchor = found
    residues, moduli = [coeffs], [primes[0]]
    for p in primes[1:] + [None]:
        vec = lift(residues, moduli, support, backend)
        if vec is not None and modular.certify_null_vector(matrix, vec, backend):
            return list(backend.primitive(vec))
        if p is None:
            return None
        got = _solve_on(oracle_for(p), n, support, support_last, [1] * k, k, p, rng, anchor)
        if got is not None:
            residues.append(got[0])
            moduli.append(p)
    return None
