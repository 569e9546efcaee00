"""Null vectors with few parameters and no swell: adjugate values on a grid, tensor-product interpolation.

A corank-1 matrix ``M`` over ``ZZ[x_1..x_k]`` (``(I - T)^T`` of an irreducible
chain, rows scaled by their denominators) has the polynomial null vector

.. math::

    a = \\det(M') \\, v, \\qquad v_{n-1} = 1,

where ``M'`` is ``M`` without its last row and column and ``v`` solves the
remaining equations: by Cramer's rule each :math:`a_j` is a determinant
(``M'`` with column ``j`` replaced by minus the last column), an integer
polynomial, and :math:`a_{n-1} = \\det M'`.  When the chain has no swell
(no large common factor of the :math:`a_j`, unlike the order-``R`` chains that
:mod:`symcm.algebra.modular` handles by rational reconstruction), ``a`` is the
answer ``w`` times a small content, so it can be interpolated directly: no
shared denominator, no rational reconstruction.

1. **Values.**  The pivot order of :class:`symcm.algebra.modular._Schedule` is
   fixed once, so at every point and for every prime the elimination's
   pivots multiply to the same signed determinant, :math:`\\pm\\det M'` (the sign
   of the fixed permutation).  One vectorised elimination over all points
   gives ``v`` and the pivots, hence ``a`` modulo a word-size prime ``p``.
2. **Degrees.**  A rigorous bound on :math:`\\deg_{x_i} a_j` is the sum over the
   rows of ``M'`` (the last column included) of their largest degree in
   :math:`x_i`.  Along a line parallel to the :math:`x_i` axis through a random
   point, ``bound + 1`` values fix every entry exactly (modulo ``p``), so the
   degree :math:`d_i` in :math:`x_i` is read off (correct unless the random
   point is unlucky, which the certificate catches).
3. **Interpolation on a grid.**  On the box of nodes
   :math:`(t_{0..d_1}) \\times \\dots \\times (t_{0..d_k})` the coefficient
   array is the value array multiplied along each axis by the inverse of
   that axis's Vandermonde matrix (tensor-product interpolation), so for
   ``k = 2`` and ``n`` entries the cost is :math:`O(n d^3)`, not the
   :math:`O(K^3)` of a dense solve in the number ``K`` of monomials.  Points
   where a pivot vanishes are replaced by moving their node.
4. **Lifting and certificate.**  Coefficients over several primes are
   combined by Garner's Chinese remaindering into symmetric residues
   ([1]_, section 5.4); once a fresh prime at a random point agrees, ``M a = 0``
   is checked exactly over ``ZZ[params]``
   (:func:`~symcm.algebra.modular.certify_null_vector`) and ``a`` is made
   primitive.  Anything uncertified returns ``None`` and the caller uses
   Bareiss.

Interpolation on a tensor grid is the classical multivariate Newton/Lagrange
scheme ([1]_, section 5.11; [2]_); evaluating at points modulo primes and
interpolating is Brown's modular method ([3]_, there for gcds; for
determinants and linear systems see [1]_, chapter 5).  The solver needs the
flint backend and numpy; :func:`interpolate_grid` needs numpy only.

References
----------
.. [1] J. von zur Gathen and J. Gerhard, *Modern Computer Algebra*, 3rd ed.,
   Cambridge University Press, 2013.
.. [2] M. Gasca and T. Sauer, "Polynomial interpolation in several
   variables", Advances in Computational Mathematics 12, 377-410, 2000.
.. [3] W. S. Brown, "On Euclid's algorithm and the computation of polynomial
   greatest common divisors", Journal of the ACM 18(4), 478-504, 1971.
"""

from __future__ import annotations

import random

from .modular import _last_call, _numpy, _primes, _Schedule, _usable, certify_null_vector
from .ring import PolyBackend

__all__ = ["grid_null_vector", "interpolate_grid", "prefer_grid"]

#: Largest number of parameters the grid is used for.
MAX_PARAMS = 3
#: Primes tried before giving up (31 bits each: coefficients up to about 490 bits).
MAX_PRIMES = 16
#: Monomials in the box of probed degrees from which the grid is preferred to Bareiss, by number of
#: parameters: the measured crossovers (``benchmarks/grid_modular.py``; Bareiss's cost grows like
#: the square or cube of the box, the grid's like the box times the number of primes).
GRID_FROM = {1: 200, 2: 2000, 3: 6000}
#: Bytes of residues held at once during elimination.
_CHUNK_BYTES = 1 << 28


def _matmul_mod(A, B, p: int):
    """``A @ B mod p`` for int64 residues below ``p < 2**31``, exactly, with floating-point BLAS.

    ``A`` (``m x m``, ``m <= 2048``) is split into three 11-bit limbs and
    ``B`` is used whole: a limb times an entry of ``B`` is below ``2**42``
    and a sum of ``m`` of them below ``2**53``, so the three float64
    products are exact.  Larger ``m`` splits both factors into 16-bit limbs.
    """
    np = _numpy()
    m = A.shape[1]
    Bf = B.astype(np.float64)
    if m <= 2048:
        hi, mid, lo = [(((A >> s) & 0x7FF).astype(np.float64) @ Bf).astype(np.int64) % p for s in (22, 11, 0)]
        return (hi * (1 << 22) % p + mid * 2048 + lo) % p
    Bl, Bh = (B & 0xFFFF).astype(np.float64), (B >> 16).astype(np.float64)  # pragma: no cover - degree > 2047
    Al, Ah = (A & 0xFFFF).astype(np.float64), (A >> 16).astype(np.float64)
    ll = (Al @ Bl).astype(np.int64) % p
    mid = (Al @ Bh + Ah @ Bl).astype(np.int64) % p
    hh = (Ah @ Bh).astype(np.int64) % p
    return ((hh * ((1 << 32) % p) % p) + mid * 65536 + ll) % p


def _inverse_vandermonde(nodes, p: int):
    """The inverse modulo ``p`` of the Vandermonde matrix ``V[a, e] = nodes[a]**e`` (int64), in ``O(m^2)``.

    Column ``a`` holds the coefficients of the Lagrange polynomial
    :math:`L_a = \\prod_{b \\ne a} (x - t_b) / (t_a - t_b)`: the master
    polynomial divided by :math:`x - t_a` (synthetic division, all ``a`` at
    once), scaled by the inverse of its value at :math:`t_a`.
    """
    np = _numpy()
    t = np.asarray(nodes, dtype=np.int64) % p
    m = len(t)
    master = np.zeros(m + 1, dtype=np.int64)  # coefficients of prod (x - t_b), lowest first
    master[0] = 1
    for tb in t.tolist():
        master[1:] = (master[:-1] - tb * master[1:]) % p
        master[0] = (-tb * master[0]) % p
    # quotients: q[m-1] = 1, q[j-1] = master[j] + t_a q[j]
    q = np.zeros((m, m), dtype=np.int64)
    q[m - 1] = 1
    for j in range(m - 1, 0, -1):
        q[j - 1] = (master[j] + t * q[j]) % p
    value = np.zeros(m, dtype=np.int64)  # q_a(t_a) = prod_{b != a} (t_a - t_b), by Horner
    for j in range(m - 1, -1, -1):
        value = (value * t + q[j]) % p
    inv = np.array([pow(int(v), -1, p) for v in value], dtype=np.int64)
    return q * inv[None, :] % p


def interpolate_grid(values, nodes: list, p: int):
    """Coefficients modulo ``p`` of polynomials from their values on a tensor grid.

    Parameters
    ----------
    values : numpy.ndarray
        ``n x m_1 x ... x m_k`` residues: ``values[i, a_1, ..., a_k]`` is entry
        ``i`` at :math:`(t^{(1)}_{a_1}, \\dots, t^{(k)}_{a_k})`.
    nodes : list of numpy.ndarray
        The ``k`` node arrays, each of distinct residues.
    p : int
        A prime below ``2**31``.

    Returns
    -------
    numpy.ndarray
        Same shape: ``[i, e_1, ..., e_k]`` is the coefficient of
        :math:`x_1^{e_1} \\cdots x_k^{e_k}` in entry ``i`` (degree in
        :math:`x_v` below ``m_v``).

    Examples
    --------
    >>> import numpy as np
    >>> p = 2**31 - 1
    >>> xs, ys = np.array([2, 3, 5]), np.array([7, 11])
    >>> vals = np.array([[[(1 + 4 * x * x * y) % p for y in ys] for x in xs]])   # 1 + 4 x^2 y
    >>> interpolate_grid(vals, [xs, ys], p)[0].tolist()
    [[1, 0], [0, 0], [0, 4]]
    """
    np = _numpy()
    out = np.asarray(values, dtype=np.int64) % p
    for axis, ts in enumerate(nodes, start=1):
        inv = _inverse_vandermonde(np.asarray(ts, dtype=np.int64) % p, p)
        moved = np.moveaxis(out, axis, 0)
        shape = moved.shape
        flat = _matmul_mod(inv, np.ascontiguousarray(moved).reshape(shape[0], -1), p)
        out = np.moveaxis(flat.reshape(shape), 0, axis)
    return np.ascontiguousarray(out)


def _degree_bounds(matrix: list[dict], n: int, backend: PolyBackend) -> list[int]:
    """Per parameter: the sum over the rows of ``M'`` (last column included) of their largest degree in it."""
    k = len(backend.gens)
    out = [0] * k
    for i in range(n - 1):
        top = [0] * k
        for el in matrix[i].values():
            for m, _ in backend.terms(el):
                top = [max(t, int(e)) for t, e in zip(top, m)]
        out = [o + t for o, t in zip(out, top)]
    return out


class _Grid:
    """One matrix: a pivot order without dense front, degrees per parameter, values and coefficients per prime."""

    def __init__(self, matrix: list[dict], n: int, backend: PolyBackend, seed: int = 12):
        self.matrix, self.n, self.backend = matrix, n, backend
        self.k = len(backend.gens)
        self.rng = random.Random(seed)
        self.schedule = _Schedule(matrix, n, backend, dense_row=n + 1)
        self.ok = self.schedule.ok and not len(self.schedule.front_cols)
        self.bounds = _degree_bounds(matrix, n, backend)
        self.degrees = None
        # entries = coefficient matrix (entries x distinct monomials) times the monomials' values
        s, np = self.schedule, _numpy()
        self.entry_ids, entry_of = np.unique(s.term_ids, return_inverse=True)
        self.monos, mono_of = np.unique(s.term_exps.reshape(len(s.term_ids), self.k), axis=0, return_inverse=True)
        self.coeffs = np.zeros((len(self.entry_ids), len(self.monos)), dtype=object)
        for e, m, c in zip(entry_of.ravel().tolist(), mono_of.ravel().tolist(), s.term_coeffs):
            self.coeffs[e, m] += c
        # small coefficients (the usual case) allow one int64 product without reduction: no overflow
        top = max((abs(int(c)) for c in self.coeffs.ravel()), default=0)
        self.small = (top * len(self.monos)).bit_length() <= 31
        if self.small:
            self.coeffs = self.coeffs.astype(np.int64)

    def adjugate(self, points, p: int):
        """``(a, good)``: ``n x P`` residues of :math:`\\pm\\det(M') v` at ``points`` (``k x P``) and where defined."""
        np = _numpy()
        P = points.shape[1]
        chunk = max(1, min(P, _CHUNK_BYTES // (8 * max(self.schedule.size, 1))))
        outs, goods = [], []
        for lo in range(0, P, chunk):
            a, good = self._chunk(points[:, lo:lo + chunk], p, np)
            outs.append(a), goods.append(good)
        return np.concatenate(outs, axis=1), np.concatenate(goods)

    def _chunk(self, points, p, np):
        from .modular import _powmod

        s = self.schedule
        P = points.shape[1]
        E = np.zeros((s.size, P), dtype=np.int64)
        values = np.ones((len(self.monos), P), dtype=np.int64)
        for v in range(self.k):
            pw = np.ones((int(self.monos[:, v].max(initial=0)) + 1, P), dtype=np.int64)
            for e in range(1, len(pw)):
                pw[e] = pw[e - 1] * points[v] % p
            values = values * pw[self.monos[:, v]] % p
        if self.small:
            E[self.entry_ids] = (self.coeffs @ values) % p
        else:
            E[self.entry_ids] = _matmul_mod((self.coeffs % p).astype(np.int64), values, p)
        good = np.ones(P, dtype=bool)
        det = np.ones(P, dtype=np.int64)
        for pid, ids, fids, T, A in s.steps:
            piv = E[pid]
            good &= piv != 0
            det = det * piv % p
            if not len(ids):
                continue
            S = E[ids] * _powmod(piv, p - 2, p, np) % p
            E[ids] = S
            if len(T):
                E[T] = (E[A] - (E[fids][:, None, :] * S[None, :, :]).reshape(len(T), P)) % p
        Y = np.zeros((self.n, P), dtype=np.int64)
        Y[s.last] = 1
        for c, cols, ids in reversed(s.back):
            if len(cols):
                Y[c] = (-(E[ids] * Y[cols] % p).sum(axis=0)) % p
        return Y * det[None, :] % p, good

    def probe(self, p: int):
        """Degree in each parameter (max over the entries) along an axis-parallel line; None on failure."""
        np = _numpy()
        rng = self.rng
        degrees = []
        for v in range(self.k):
            m = self.bounds[v] + 1
            ts = np.array(rng.sample(range(1, p), m), dtype=np.int64)
            pts = np.array([[rng.randrange(1, p)] * m for _ in range(self.k)], dtype=np.int64)
            pts[v] = ts
            a, good = self.adjugate(pts, p)
            if not good.all():
                return None
            coeffs = interpolate_grid(a, [ts], p)
            nz = np.flatnonzero(coeffs.any(axis=0))
            if not len(nz):
                return None
            degrees.append(int(nz[-1]))
        self.degrees = degrees
        return degrees

    def coefficients(self, p: int):
        """``n x (d_1 + 1) x ... x (d_k + 1)`` coefficients of ``a`` modulo ``p``, or None."""
        np = _numpy()
        rng = self.rng
        nodes = [np.array(rng.sample(range(1, p), d + 1), dtype=np.int64) for d in self.degrees]
        grid = np.stack([g.ravel() for g in np.meshgrid(*nodes, indexing="ij")])
        a, good = self.adjugate(grid, p)
        shape = tuple(len(t) for t in nodes)
        for _ in range(4):
            if good.all():
                break
            # move the first-axis node of every bad point and recompute those slices
            bad = np.unique(np.unravel_index(np.flatnonzero(~good), shape)[0])
            for b in bad:
                nodes[0][b] = rng.randrange(1, p)
            if len(set(nodes[0].tolist())) < len(nodes[0]):
                return None
            grid = np.stack([g.ravel() for g in np.meshgrid(*nodes, indexing="ij")])
            sel = np.isin(np.unravel_index(np.arange(grid.shape[1]), shape)[0], bad)
            a2, g2 = self.adjugate(grid[:, sel], p)
            a[:, sel], good[sel] = a2, g2
        else:
            return None
        return interpolate_grid(a.reshape((self.n,) + shape), nodes, p)

    def agrees(self, residues, q: int) -> bool:
        """Whether coefficients (``n x m_1 x ... x m_k`` residues mod ``q``) give ``a`` at a random point mod ``q``."""
        np = _numpy()
        pt = np.array([[self.rng.randrange(1, q)] for _ in range(self.k)], dtype=np.int64)
        a, good = self.adjugate(pt, q)
        if not good.all():
            return True  # no information: the exact certificate decides
        c = residues
        for v in range(self.k):  # evaluate along the next axis: a matrix-vector product
            x = int(pt[v, 0])
            pw = np.ones(c.shape[1], dtype=np.int64)
            for e in range(1, len(pw)):
                pw[e] = pw[e - 1] * x % q
            moved = np.moveaxis(c, 1, -1)
            c = _matmul_mod(moved.reshape(-1, len(pw)), pw[:, None], q).reshape(moved.shape[:-1])
        return bool(np.array_equal(c, a[:, 0]))

    def solve(self):
        """The certified primitive null vector, or None."""
        np = _numpy()
        primes = _primes(MAX_PRIMES + 1)
        if self.degrees is None and self.probe(primes[0]) is None:
            return None
        digits, moduli = [], []  # symmetric mixed-radix digits of the coefficients (Garner)
        for j, p in enumerate(primes[:-1]):
            c = self.coefficients(p)
            if c is None:
                continue
            if not self.agrees(c, p):
                return None  # the probed degrees are too low (an unlucky probe): Bareiss
            r = (c - _mixed_radix_mod(digits, moduli, p)) % p
            if moduli:
                base = 1
                for m in moduli:
                    base = base * m % p
                r = r * pow(base, -1, p) % p
            digits.append(np.where(r > p // 2, r - p, r))
            moduli.append(p)
            if not self.agrees(_mixed_radix_mod(digits, moduli, primes[j + 1]), primes[j + 1]):
                continue
            vec = self._to_ring(digits, moduli)
            if any(vec) and certify_null_vector(self.matrix, vec, self.backend):
                return list(self.backend.primitive(vec))
        return None

    def _to_ring(self, digits: list, moduli: list):
        """Ring elements from the mixed-radix digits (integers built only where a coefficient is nonzero)."""
        np = _numpy()
        idx = np.nonzero(np.any(np.stack(digits), axis=0))
        coeffs = [0] * len(idx[0])
        base = 1
        for j in range(0, len(digits), 2):  # pairs of digits fit in int64: r_j + p_j r_{j+1}
            pair = digits[j][idx]
            step = moduli[j]
            if j + 1 < len(digits):
                pair = pair + moduli[j] * digits[j + 1][idx]
                step *= moduli[j + 1]
            coeffs = [c + base * x for c, x in zip(coeffs, pair.tolist())]
            base *= step
        exps = list(zip(*[e.tolist() for e in idx[1:]]))
        starts = np.searchsorted(idx[0], np.arange(self.n + 1)).tolist()
        # flint only (see _usable): the context builds each polynomial from its dict in C
        make = self.backend.ctx.from_dict
        return [make(dict(zip(exps[lo:hi], coeffs[lo:hi]))) for lo, hi in zip(starts, starts[1:])]


def _mixed_radix_mod(digits: list, moduli: list, q: int):
    """``sum_j digits[j] * prod_{i<j} moduli[i]`` modulo ``q`` (Horner, int64; zero without digits)."""
    out = 0
    for r, m in zip(reversed(digits), reversed(moduli)):
        out = (r + (m % q) * out) % q
    return out


_CACHE: list = []  # [(matrix, n, backend, grid)] of the last prefer_grid call


def _grid(matrix, n, backend):
    return _last_call(_CACHE, matrix, n, backend, _Grid)


def _box(degrees) -> int:
    out = 1
    for d in degrees:
        out *= d + 1
    return out


def prefer_grid(matrix: list[dict], n: int, backend: PolyBackend) -> bool:
    """Whether :func:`grid_null_vector` should be tried before Bareiss.

    Yes when the backend is flint (and numpy is installed), there are at
    most :data:`MAX_PARAMS` parameters and the box of monomials of the probed
    degrees (:math:`\\prod_i (d_i + 1)`) has at least ``GRID_FROM[k]``
    monomials.  Below that Bareiss is as fast or faster (measured on
    ring-plus-chord and random sparse chains, ``benchmarks/grid_modular.py``).
    The box of the matrix's degree bounds is checked first, so small
    systems cost no probe.  The probe is reused by :func:`grid_null_vector`.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p, q = sc.symbols("p q")
    >>> R = get_backend((p, q))
    >>> x, y = R.from_dict({(1, 0): 1}), R.from_dict({(0, 1): 1})
    >>> prefer_grid([{0: x, 1: -y}, {0: -x, 1: y}], 2, R)
    False
    """
    k = len(backend.gens)
    if not _usable(backend) or not 1 <= k <= MAX_PARAMS or n < 3:
        return False
    if _box(_degree_bounds(matrix, n, backend)) < GRID_FROM[k]:
        return False
    g = _grid(matrix, n, backend)
    if not g.ok or (g.degrees is None and g.probe(_primes(MAX_PRIMES + 1)[0]) is None) \
            or _box(g.degrees) < GRID_FROM[k]:
        _CACHE.clear()
        return False
    return True


def grid_null_vector(matrix: list[dict], n: int, backend: PolyBackend):
    """The primitive polynomial null vector of a corank-1 matrix by grid interpolation, certified, or ``None``.

    Parameters
    ----------
    matrix : list of dict
        Sparse rows ``{column: ring element}`` of an ``n x n`` matrix of corank 1
        whose leading ``(n-1) x (n-1)`` block is nonsingular.
    n : int
    backend : PolyBackend
        The flint backend with at most :data:`MAX_PARAMS` parameters; otherwise ``None``.

    Returns
    -------
    list or None
        ``w`` with ``matrix @ w == 0`` checked over ``ZZ[params]`` and entries
        with gcd 1 (first nonzero entry with a positive leading coefficient), or
        ``None`` when the path is unavailable or did not certify (the caller
        then uses Bareiss).

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p, q = sc.symbols("p q")
    >>> R = get_backend((p, q))  # flint when installed; on pure sympy the answer is None
    >>> x, y = R.from_dict({(1, 0): 1}), R.from_dict({(0, 1): 1})
    >>> w = grid_null_vector([{0: x, 1: -y}, {0: -x, 1: y}], 2, R)
    >>> [R.to_expr(v) for v in w] if R.name == "flint" else [q, p]
    [q, p]
    """
    if not _usable(backend) or len(backend.gens) > MAX_PARAMS:
        return None
    if n == 1:
        return [backend.one]
    g = _grid(matrix, n, backend)
    try:
        return g.solve() if g.ok else None
    finally:
        _CACHE.clear()
