"""Output-sensitive null vectors over ``ZZ[params]``: modular evaluation, interpolation and an exact certificate.

A corank-1 matrix ``M`` over ``ZZ[x_1..x_k]`` (``(I - T)^T`` of an irreducible
chain, rows scaled by their denominators) has a null vector ``w`` whose
entries are polynomials, unique up to a unit once it is primitive.  Bareiss
elimination (:mod:`symcm.algebra.elimination`) reaches it through minors of
``M``, which can be far larger than ``w`` itself: for the order-7 binary
Markov chain the minors have degree 64 and thousands of terms while each
entry of ``w`` has about 20 terms of degree 7.  This module computes ``w``
with work that follows the size of ``w`` instead:

1. **Evaluation modulo a prime.**  ``M`` is evaluated at many points modulo a
   word-size prime ``p`` (``p < 2**31``, so products fit in 64 bits) and the
   normalised null vector ``v = w / w_last`` (row and column ``last`` deleted,
   ``v_last = 1``, as in :func:`~symcm.algebra.elimination.solve_null_vector`)
   is found at all points at once by sparse Gaussian elimination with one
   pivot order: Markowitz pivots [3]_ are chosen once on the sparsity
   pattern, and each elimination step is one vectorised update over all
   points.  Once the shortest remaining row has :data:`DENSE_ROW` entries,
   the rest (the dense front left by the fill, a few hundred rows on the
   order-11 chain) is solved point by point with FLINT's ``nmod_mat``.
   Points where a pivot vanishes are dropped.
2. **Degrees from one random line.**  Along ``x = s + t y`` a random
   combination ``sum_i r_i v_i(t)`` is the ratio of two polynomials of degrees
   ``deg w`` and ``deg w_last`` (total degrees, for a generic line); it is
   recovered by univariate rational reconstruction with Monagan's
   maximal-quotient rule [2]_, adding points on the line until the largest
   quotient shows enough redundant points.
3. **Interpolation with a shared denominator** and 4. **lifting** over
   several primes (CRT and rational number reconstruction) are in
   :mod:`symcm.algebra.interpolation`.
5. **Certificate.**  ``M w == 0`` is checked exactly over ``ZZ[params]`` with
   the ring's arithmetic and ``w != 0``.  With corank 1 this proves ``w`` spans
   the null space; :meth:`PolyBackend.primitive` then makes it unique up to
   sign.  Anything uncertified is discarded: after a bounded number of
   attempts :func:`modular_null_vector` returns ``None`` and the caller uses
   Bareiss.

The monomial basis is dense (all monomials up to the total degree), which
suits few parameters; past :data:`SPARSE_FROM` monomials the support is found
variable by variable instead (:mod:`symcm.algebra.sparse_interpolation`, after
Zippel; compare Cuyt and Lee [1]_).  :func:`prefer_modular` declines when the
answer is not much smaller than the determinant, where Bareiss is already at
the floor.  Only the flint backend (and numpy) is used; otherwise the
functions return ``None``/``False``.

References
----------
.. [1] A. Cuyt and W.-s. Lee, "Sparse interpolation of multivariate rational
   functions", Theoretical Computer Science 412(16), 1445-1456, 2011.
.. [2] M. Monagan, "Maximal quotient rational reconstruction: an almost
   optimal algorithm for rational reconstruction", ISSAC 2004, 243-249.
.. [3] H. M. Markowitz, "The elimination form of the inverse and its
   application to linear programming", Management Science 3(3), 255-269, 1957.
"""

from __future__ import annotations

import heapq
import random
from functools import lru_cache
from math import comb

from .interpolation import lift, line_degrees, shared_denominator
from .ring import PolyBackend

__all__ = ["answer_degree", "certify_null_vector", "modular_null_vector", "prefer_modular"]

#: Dense bases larger than this use sparse interpolation (measured: equal at 84 monomials, 6x faster at 210).
SPARSE_FROM = 100
#: Smallest matrix for which :func:`prefer_modular` considers the modular path.
MIN_SIZE = 48
#: Row length at which the rest of the elimination is done densely, point by point, by FLINT.
DENSE_ROW = 48
#: Primes tried before giving up (each costs one pass over all points).
MAX_PRIMES = 6
#: Bytes of residues held at once during elimination (points are processed in chunks).
_CHUNK_BYTES = 1 << 29
#: Prime of the residues that guide the pivot choice (below 2**30: small Python ints).
_GUIDE_PRIME = 1073741789


@lru_cache(maxsize=8)
def _primes(count: int, start: int = 1 << 31) -> tuple[int, ...]:
    import sympy as sp

    out, p = [], start
    while len(out) < count:
        p = int(sp.prevprime(p))
        out.append(p)
    return tuple(out)


def _numpy():
    try:
        import numpy
    except ImportError:  # pragma: no cover - numpy is an optional extra
        return None
    return numpy


class _Schedule:
    """Pivot order and update lists of a sparse elimination, fixed once from the sparsity pattern.

    Row ``last`` is deleted and column ``last`` is carried along (it is the
    right-hand side of ``v_last = 1``).  Entry ids index a table of residues
    (id 0 is the constant zero); step ``k`` computes, for all points at once,
    ``E[T] = piv * E[A] - E[F] * E[S]`` (``piv`` the pivot's residues), which
    is row ``i`` times the pivot minus the pivot row times row ``i``'s entry
    in the pivot column: no division until back substitution.
    """

    def __init__(self, matrix: list[dict], n: int, backend: PolyBackend, dense_row: int | None = None):
        np = _numpy()
        dense_row = DENSE_ROW if dense_row is None else dense_row
        last = n - 1
        self.n, self.last = n, last
        terms = []  # (entry id, coefficient, exponents)
        rows = []
        nid = 1
        for i in range(last):
            row = {}
            for j, el in matrix[i].items():
                if not el:
                    continue
                row[j] = nid
                for m, c in backend.terms(el):
                    terms.append((nid, int(c), tuple(m)))
                nid += 1
            rows.append(row)
        self.initial = nid
        terms.sort(key=lambda t: t[0])
        self.term_ids = np.array([t[0] for t in terms], dtype=np.int64)
        self.term_coeffs = [t[1] for t in terms]
        self.term_exps = np.array([t[2] for t in terms], dtype=np.int64).reshape(len(terms), len(backend.gens))
        self.max_exp = [int(x) for x in self.term_exps.max(axis=0)] if terms else [0] * len(backend.gens)
        # residues at one random point steer the pivot choice away from entries that
        # vanish identically (cancellation in fill-in), which a pattern cannot see;
        # a residue that vanishes by accident only defers a pivot
        q = _GUIDE_PRIME
        rng = random.Random(n)
        at = [rng.randrange(1, q) for _ in backend.gens]
        val = [0] * nid
        for t_id, c, m in terms:
            term = c
            for x, e in zip(at, m):
                term = term * pow(x, e, q)
            val[t_id] = (val[t_id] + term) % q
        col_rows: dict = {}
        for i, row in enumerate(rows):
            for j in row:
                col_rows.setdefault(j, set()).add(i)
        heap = [(len(r), i) for i, r in enumerate(rows)]
        heapq.heapify(heap)
        done = set()
        deferred = []
        self.steps = []  # (pivot id, other pivot-row ids, pivot-column ids of the targets, T, A)
        self.back = []  # (pivot column, columns of the pivot row, their ids)
        self.ok = True
        while heap:
            length, r = heapq.heappop(heap)
            if r in done or length != len(rows[r]):
                continue
            prow = rows[r]
            if length >= dense_row:
                # the rest is a dense front: solved per point by FLINT's dense nmod_mat
                heapq.heappush(heap, (length, r))
                break
            cands = [c for c in prow if c != last and val[prow[c]]]
            if not cands:
                deferred.append(r)
                continue
            c = min(cands, key=lambda c: (len(col_rows[c]), c))
            done.add(r)
            pid = prow.pop(c)
            inv = pow(val[pid], -1, q)
            pitems = list(prow.items())
            for j, sid in pitems:
                val[sid] = val[sid] * inv % q
            col_rows[c].discard(r)
            for j in prow:
                col_rows[j].discard(r)
            targets, upd = [], []  # upd: (t, a) for target rows in order, pivot-row entries in order
            pvals = [(j, val[sid]) for j, sid in pitems]
            for i in col_rows.pop(c):
                row = rows[i]
                fid = row.pop(c)
                targets.append(fid)
                fv = val[fid]
                for j, sv in pvals:
                    a = row.get(j, 0)
                    if a:
                        t = a
                    else:
                        t = nid
                        nid += 1
                        row[j] = t
                        val.append(0)
                        col_rows.setdefault(j, set()).add(i)
                    val[t] = (val[a] - fv * sv) % q
                    upd.append((t, a))
                heapq.heappush(heap, (len(row), i))
            for i in deferred:
                heapq.heappush(heap, (len(rows[i]), i))
            deferred = []
            ids = np.array([sid for _, sid in pitems], dtype=np.int64)
            ta = np.array(upd, dtype=np.int64).reshape(len(upd), 2)
            self.steps.append((pid, ids, np.array(targets, dtype=np.int64), ta[:, 0].copy(), ta[:, 1].copy()))
            self.back.append((c, np.array([j for j, _ in pitems], dtype=np.int64), ids))
        front_rows = [i for i in range(last) if i not in done]
        pivoted = {b[0] for b in self.back}
        front_cols = [j for j in range(last) if j not in pivoted]
        if len(front_rows) != len(front_cols):
            self.ok = False  # pragma: no cover - a row without entries: singular
        self.front_cols = np.array(front_cols, dtype=np.int64)
        self.front = np.array([[rows[i].get(j, 0) for j in front_cols + [last]] for i in front_rows],
                              dtype=np.int64).reshape(len(front_rows), len(front_cols) + 1)
        self.size = nid

    def solve(self, points, p: int):
        """Null vectors ``v`` (``v_last = 1``) at ``points`` (a ``k x P`` int64 array mod ``p``).

        Returns ``(Y, good)``: ``Y`` is ``n x P`` (residues), ``good`` a boolean
        mask of the points where no pivot vanished.
        """
        np = _numpy()
        k, P = points.shape
        chunk = max(1, min(P, _CHUNK_BYTES // (8 * max(self.size, 1))))
        Ys, goods = [], []
        for lo in range(0, P, chunk):
            Y, good = self._solve_chunk(points[:, lo:lo + chunk], p, np)
            Ys.append(Y), goods.append(good)
        return np.concatenate(Ys, axis=1), np.concatenate(goods)

    def _solve_chunk(self, points, p, np):
        k, P = points.shape
        E = np.zeros((self.size, P), dtype=np.int64)
        # entries: sum of c * prod x_v**e_v, term by term, summed per entry id
        vals = np.ones((len(self.term_ids), P), dtype=np.int64)
        coeffs = np.array([c % p for c in self.term_coeffs], dtype=np.int64)
        vals = vals * coeffs[:, None]
        for v in range(k):
            pw = np.ones((self.max_exp[v] + 1, P), dtype=np.int64)
            for e in range(1, self.max_exp[v] + 1):
                pw[e] = pw[e - 1] * points[v] % p
            vals = vals * pw[self.term_exps[:, v]] % p
        if len(self.term_ids):
            starts = np.flatnonzero(np.r_[True, self.term_ids[1:] != self.term_ids[:-1]])
            sums = np.add.reduceat(vals, starts, axis=0) % p
            E[self.term_ids[starts]] = sums
        good = np.ones(P, dtype=bool)
        for pid, ids, fids, T, A in self.steps:
            piv = E[pid]
            good &= piv != 0
            if not len(ids):
                continue
            S = E[ids] * _powmod(piv, p - 2, p, np) % p  # the pivot row divided by the pivot
            E[ids] = S
            if len(T):
                # row i -= (its entry in the pivot column) * (pivot row): an outer product
                E[T] = (E[A] - (E[fids][:, None, :] * S[None, :, :]).reshape(len(T), P)) % p
        Y = np.zeros((self.n, P), dtype=np.int64)
        Y[self.last] = 1
        if len(self.front_cols):
            import flint

            D = E[self.front]  # rows x (cols + 1) x P
            for m in range(P):
                if not good[m]:
                    continue
                try:
                    sol = flint.nmod_mat(D[:, :-1, m].tolist(), p).solve(
                        flint.nmod_mat((-D[:, -1:, m] % p).tolist(), p))
                except ZeroDivisionError:
                    good[m] = False
                    continue
                Y[self.front_cols, m] = [int(row[0]) for row in sol.tolist()]
        for c, cols, ids in reversed(self.back):
            if len(cols):
                Y[c] = (-(E[ids] * Y[cols] % p).sum(axis=0)) % p
        return Y, good


def _powmod(a, e: int, p: int, np):
    out = np.ones_like(a)
    base = a % p
    while e:
        if e & 1:
            out = out * base % p
        base = base * base % p
        e >>= 1
    return out


# --- the solver ------------------------------------------------------------------------------


class _Modular:
    """One matrix: its elimination schedule, the degree probe and the reconstruction."""

    def __init__(self, matrix: list[dict], n: int, backend: PolyBackend, seed: int = 12):
        self.matrix, self.n, self.backend = matrix, n, backend
        self.k = len(backend.gens)
        self.rng = random.Random(seed)
        self.schedule = _Schedule(matrix, n, backend)
        self.primes = list(_primes(MAX_PRIMES))
        self.degrees = None  # (deg w, deg w_last) once probed
        self.delta = 12  # points beyond the number of monomials (doubled while they leave w_last open)

    def probe(self, max_degree: int):
        """``(deg w, deg w_last)`` along one random line, or None past ``max_degree`` (or on failure).

        Points are added on the same line (16, then doubling) until the
        maximal quotient shows at least 4 redundant points (:func:`~symcm.algebra.interpolation.line_degrees`).
        """
        np = _numpy()
        p = self.primes[0]
        rng = self.rng
        base = [rng.randrange(1, p) for _ in range(self.k)]
        direction = [rng.randrange(1, p) for _ in range(self.k)]

        def on_line(ts):
            return self.schedule.solve(
                np.array([[(b + t * d) % p for t in ts] for b, d in zip(base, direction)], dtype=np.int64), p)

        # strict: pivots vanishing too often mean the pivot order is not generic
        degrees = line_degrees(on_line, self.n, p, rng, 16, max_degree, strict=True)
        if degrees is None:
            return None
        e_num, e_den = degrees
        self.degrees = (max(e_num, e_den), e_den)
        return self.degrees

    def _points(self, count: int, p: int, np):
        """``count`` random points where no pivot vanished, and the null vectors there."""
        rng = self.rng
        pts = np.array([[rng.randrange(1, p) for _ in range(count + 2)] for _ in range(self.k)], dtype=np.int64)
        Y, good = self.schedule.solve(pts, p)
        keep = np.flatnonzero(good)[:count]
        if len(keep) < count:
            return None
        return pts[:, keep], Y[:, keep]

    def coefficients(self, p: int, anchor):
        """Coefficients of ``w`` modulo ``p`` (:func:`~symcm.algebra.interpolation.shared_denominator`), or None."""
        np = _numpy()
        e, e_l = self.degrees
        kl = comb(e_l + self.k, self.k)
        self.delta = min(self.delta, kl + 4)
        got = self._points(comb(e + self.k, self.k) + self.delta, p, np)
        if got is None:
            return None
        out = shared_denominator(got[0], got[1], self.degrees, p, anchor, self.rng,
                                 lambda count: self._points(count, p, np))
        if out is None:
            return None
        coeffs, anchor, monos, extra = out
        self.delta = max(self.delta, extra)  # remember for the next primes
        return coeffs, anchor, monos

    def solve(self):
        """The certified primitive null vector, or None."""
        if self.degrees is None:
            return None
        residues, moduli, anchor = [], [], None
        for p in self.primes:
            got = self.coefficients(p, anchor)
            if got is None:
                continue
            coeffs, anchor, monos = got
            residues.append(coeffs)
            moduli.append(p)
            vec = lift(residues, moduli, monos, self.backend)
            if vec is not None and certify_null_vector(self.matrix, vec, self.backend):
                return list(self.backend.primitive(vec))
        return None

# --- public functions --------------------------------------------------------------------------


def certify_null_vector(matrix: list[dict], vec, backend: PolyBackend) -> bool:
    """Whether ``matrix @ vec == 0`` exactly over the ring and ``vec != 0``.

    With corank 1 this proves that ``vec`` spans the null space.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p = sc.symbols("p")
    >>> R = get_backend((p,))
    >>> x = R.from_dict({(1,): 1})
    >>> M = [{0: x, 1: -R.one}, {0: -x, 1: R.one}]
    >>> certify_null_vector(M, [R.one, x], R), certify_null_vector(M, [R.one, x + 1], R)
    (True, False)
    """
    if not any(vec):
        return False
    for row in matrix:
        acc = backend.zero
        for j, el in row.items():
            if vec[j]:
                acc = acc + el * vec[j]
        if acc:
            return False
    return True


_CACHE: list = []  # [(matrix, n, backend, solver)] of the last prefer_modular call


def _last_call(cache: list, matrix, n, backend, build):
    """The object ``build(matrix, n, backend)`` made for this very matrix by the last call, else a new one.

    ``cache`` holds one entry, so a decision (``prefer_*``) and the solve that
    follows it share one schedule and one degree probe.
    """
    for m, nn, b, obj in cache:
        if m is matrix and nn == n and b is backend:
            return obj
    obj = build(matrix, n, backend)
    cache[:] = [(matrix, n, backend, obj)]
    return obj


def _solver(matrix, n, backend):
    return _last_call(_CACHE, matrix, n, backend, _Modular)


def _usable(backend) -> bool:
    return backend.name == "flint" and len(backend.gens) > 0 and _numpy() is not None


def _det_degree_bound(matrix: list[dict], n: int, backend) -> int:
    """Sum over the rows of ``M`` without row and column ``n - 1`` of their largest total degree."""
    total = 0
    for i in range(n - 1):
        total += max((max((sum(m) for m, _ in backend.terms(el)), default=0)
                      for j, el in matrix[i].items() if j != n - 1 and el), default=0)
    return total


def answer_degree(matrix: list[dict], n: int, backend: PolyBackend):
    """``(deg w, det_bound)``: the null vector's total degree along a random line and the determinant's bound.

    ``None`` when the modular path is not available (not flint, no numpy) or
    the degree was not found below half the determinant's bound.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p = sc.symbols("p")
    >>> R = get_backend((p,))  # flint when installed; on pure sympy the answer is None
    >>> x = R.from_dict({(1,): 1})
    >>> d = answer_degree([{0: x, 1: -R.one}, {0: -x, 1: R.one}], 2, R)
    >>> d if R.name == "flint" else (1, 1)
    (1, 1)
    """
    if not _usable(backend) or n < 2:
        return None
    bound = _det_degree_bound(matrix, n, backend)
    s = _solver(matrix, n, backend)
    if not s.schedule.ok:
        return None
    e = s.degrees or s.probe(max(bound, 1))
    return None if e is None else (e[0], bound)


def prefer_modular(matrix: list[dict], n: int, backend: PolyBackend) -> bool:
    """Whether :func:`modular_null_vector` should be tried before Bareiss.

    Yes when the backend is flint (and numpy is installed), the matrix has
    at least :data:`MIN_SIZE` rows and the null vector's degree along a
    random line is at most half the determinant's degree bound (else the
    answer is about as large as Bareiss's minors: measured 20 to 5000 times
    slower on ring-plus-chord and random sparse chains).  A dense basis of
    more than :data:`SPARSE_FROM` monomials makes :func:`modular_null_vector`
    use sparse interpolation.  The probe is reused by :func:`modular_null_vector`.

    Examples
    --------
    A 2 x 2 system is below :data:`MIN_SIZE`: Bareiss is instant there.

    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p = sc.symbols("p")
    >>> R = get_backend((p,))
    >>> x = R.from_dict({(1,): 1})
    >>> prefer_modular([{0: x, 1: -R.one}, {0: -x, 1: R.one}], 2, R)
    False
    """
    if n < MIN_SIZE or not _usable(backend):
        return False
    cap = _det_degree_bound(matrix, n, backend) // 2
    s = _solver(matrix, n, backend) if cap else None
    if s is None or not s.schedule.ok:
        return False
    e = s.degrees or s.probe(cap)
    if e is None or e[0] > cap:
        _CACHE.clear()  # keep the schedule only for the call that will use it
        return False
    return True


def modular_null_vector(matrix: list[dict], n: int, backend: PolyBackend):
    """The primitive polynomial null vector of a corank-1 matrix, certified exactly, or ``None``.

    Parameters
    ----------
    matrix : list of dict
        Sparse rows ``{column: ring element}`` of an ``n x n`` matrix of corank 1
        whose leading ``(n-1) x (n-1)`` block is nonsingular.
    n : int
    backend : PolyBackend
        Must be the flint backend; otherwise ``None``.

    Returns
    -------
    list or None
        ``w`` with ``matrix @ w == 0`` checked over ``ZZ[params]``, entries with
        gcd 1, or ``None`` when the modular path is unavailable or did not
        certify (the caller then uses Bareiss).

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p, q = sc.symbols("p q")
    >>> R = get_backend((p, q))  # flint when installed; on pure sympy the answer is None
    >>> x, y = R.from_dict({(1, 0): 1}), R.from_dict({(0, 1): 1})
    >>> w = modular_null_vector([{0: x, 1: -y}, {0: -x, 1: y}], 2, R)
    >>> [R.to_expr(v) for v in w] if R.name == "flint" else [q, p]
    [q, p]
    """
    if not _usable(backend):
        return None
    if n == 1:
        return [backend.one]
    s = _solver(matrix, n, backend)
    if not s.schedule.ok:
        return None
    if s.degrees is None and s.probe(max(_det_degree_bound(matrix, n, backend), 1)) is None:
        return None
    try:
        if comb(s.degrees[0] + s.k, s.k) > SPARSE_FROM:
            from .sparse_interpolation import sparse_null_vector

            return sparse_null_vector(matrix, n, backend, s)
        return s.solve()
    finally:
        _CACHE.clear()
