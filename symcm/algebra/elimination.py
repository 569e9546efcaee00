"""Fraction-free elimination over ``ZZ[params]``: polynomial null vectors of corank-1 matrices.

The stationary distribution of a chain with symbolic transition matrix ``T``
solves ``pi (I - T) = 0``, ``sum(pi) = 1``.  Entries of ``T`` are rational
functions of the parameters, and solving with rational-function arithmetic
(``Matrix.nullspace`` followed by ``simplify``) spends almost all its time in
gcd computations on intermediate fractions.  symcm instead works
*fraction-free* over the integer polynomial ring (:mod:`symcm.algebra.ring`):

1. Each row ``i`` of ``I - T`` is multiplied by the lcm ``d_i`` of its
   denominators, giving a polynomial matrix ``A``.  With ``x_i = pi_i / d_i``
   the system becomes ``A^T x = 0`` (done by :mod:`symcm.causal.stationary`).
2. ``A^T`` of an irreducible chain has rank ``n - 1``; deleting one equation
   and fixing one unknown leaves a nonsingular ``(n-1) x (n-1)`` system, which
   is solved by **Bareiss' fraction-free elimination** [1]_: every division is
   exact, so all intermediate entries stay polynomials (minors of the input).
   Pivots are chosen Markowitz-style [2]_ (fewest fill-ins, then smallest
   polynomial) to keep sparse chains sparse.
3. Fraction-free back substitution returns ``D * x`` for the final pivot
   ``D = det``, a polynomial null vector; the distribution is
   ``pi_i = d_i x_i / sum_j d_j x_j``, each reduced by one gcd.

This module owns steps 2 and 3 (:func:`solve_null_vector`) and the cap
:data:`MAX_TERMS` on intermediate polynomials.

**Nonsingular systems.**  :func:`solve_linear` solves ``A x = b`` for a
nonsingular ``A`` over ``ZZ[params]`` with the same sparse elimination
(``b`` is the right-hand side column), or, where
:func:`~symcm.algebra.modular.prefer_modular` expects the answer to be much
smaller than the determinant (flint backend), as the null vector ``(x, 1)``
of ``[A | -b]`` by modular evaluation with an exact certificate (a pivot
order that is nonsingular at one point proves ``det A != 0``).  Either way
the answer is returned cancelled in the ring, ``x = y / d`` with
``gcd(y_1, ..., y_n, d) = 1`` and ``d``'s lex-leading coefficient positive:
unique, so both routes and both backends give identical results.

**Sparse elimination: the cost follows the fill.**  Bareiss' step ``k + 1``
replaces every remaining row ``i`` by ``(P_{k+1} a_i - a_ic a_r) / P_k``
(``P_k`` the pivot of step ``k``, ``P_0 = 1``); a row without the pivot
column ``c`` is only multiplied by ``P_{k+1} / P_k``.  Dense code pays for
that on every row at every step, ``O(n^2)`` Python work per step even on a
ring whose fill is ``O(n)``.  :func:`_bareiss_solve` instead keeps, for each
row, its stored entries and its *level* ``t`` (the step at which it was last
rewritten): the Bareiss row after step ``k`` is ``P_k / P_t`` times the
stored row.  A step touches only the rows holding the pivot column, found in
column -> rows incidence sets, and writes the Bareiss row directly,

    ``a_i' = P_k (s_r[c] s_i - s_i[c] s_r) / (P_{t_r} P_{t_i})``,

one exact division (the result is a minor of the input, Sylvester's
identity [1]_), simplified to the dense update when both levels are ``k``
and to a multiplication when ``P_t`` divides ``P_k`` (block-triangular
structure, e.g. a ring: all ``P_k = 1``).  The pivot itself is
``P_{k+1} = P_k s_r[c] / P_{t_r}``.  Back substitution uses the stored pivot
rows (an equation may be scaled freely).  Markowitz costs
``(r_i - 1)(c_j - 1)`` live in a heap with lazy deletion: an entry is
pushed again whenever its row count, column count or size changes (only the
touched rows and the columns of the pivot row), and a popped entry whose key
is out of date is dropped, the incremental Markowitz search of sparse direct
solvers [3]_.  Sparing untouched rows the Bareiss rescaling is the idea of
Lee and Saunders' sparse fraction-free elimination [4]_; here the skipped
factors are applied lazily, so a row, whenever it is rewritten, equals the
dense elimination's row (for the same pivot order), and :func:`_bareiss_solve_dense`, the
dense implementation, is kept as the test oracle.  The answer is unique up
to a common factor, so any pivot order gives the same normalised
distribution.  State elimination over rational functions with gcd
cancellation, the approach of parametric model checkers [5]_, [6]_, avoids
Bareiss' global pivot factors on sparse symbolic chains but pays a gcd per
update; it is not used here.

References
----------
.. [1] E. H. Bareiss, "Sylvester's identity and multistep integer-preserving
   Gaussian elimination", Mathematics of Computation 22(103), 565-578, 1968.
.. [2] H. M. Markowitz, "The elimination form of the inverse and its
   application to linear programming", Management Science 3(3), 255-269, 1957.
.. [3] I. S. Duff, A. M. Erisman and J. K. Reid, *Direct Methods for Sparse
   Matrices*, Oxford University Press, 1986, ch. 7 (Markowitz search with
   row and column counts kept up to date).
.. [4] H. R. Lee and B. D. Saunders, "Fraction free Gaussian elimination for
   sparse matrices", Journal of Symbolic Computation 19(5), 393-402, 1995.
.. [5] C. Daws, "Symbolic and parametric model checking of discrete-time
   Markov chains", ICTAC 2004, LNCS 3407, 280-294.
.. [6] E. M. Hahn, H. Hermanns and L. Zhang, "Probabilistic reachability for
   parametric Markov models", STTT 13(1), 3-19, 2011.
"""

from __future__ import annotations

import heapq

from ..errors import TooLargeError
from .ring import PolyBackend

__all__ = ["MAX_TERMS", "solve_linear", "solve_null_vector"]

#: Default cap on the number of terms of any polynomial formed during elimination.
MAX_TERMS = 1_000_000
#: Term budget of the first, cheap elimination attempt (flint backend) of :func:`solve_linear` and of the
#: stationary engine (:func:`symcm.causal.stationary._null_vector`) before the modular or full routes.
TRY_TERMS = 64


def _too_many_terms(count: int, max_terms: int, where: str) -> TooLargeError:
    return TooLargeError(
        f"{where}: an intermediate polynomial has {count} terms, more than max_terms={max_terms}; pass a larger "
        "max_terms to continue (time and memory grow with it) or substitute values for some parameters"
    )


def _bareiss_solve(rows: list[dict], ncols: int, backend: PolyBackend, max_terms: int = MAX_TERMS):
    """Solve ``M y = rhs * D`` fraction-free; ``rows`` are sparse, column ``ncols`` is the rhs.

    Returns ``(y, D)`` with ``D`` the final Bareiss pivot (``+-det M``) and
    ``y = D * M^{-1} rhs`` as ring elements.  Raises :class:`TooLargeError`
    when a polynomial formed on the way has more than ``max_terms`` terms.

    Each step touches only the rows that hold the pivot column (column ->
    rows incidence sets); the other rows keep their stored entries and a
    *level* ``t``: the Bareiss row after step ``k`` is ``P_k / P_t`` times
    the stored row (``P_k`` the Bareiss pivot after ``k`` steps), a
    rescaling applied only when the row is next touched.  Markowitz costs
    live in a heap with lazy deletion: an entry is pushed again whenever
    its row or column count or its size changes, and a popped entry whose
    key is out of date is dropped.

    Examples
    --------
    >>> import sympy as sp
    >>> from symcm.algebra.backends import get_backend
    >>> ring = get_backend((sp.Symbol("p"),), "sympy")
    >>> p = ring.from_expr(sp.Symbol("p"))[0]
    >>> y, det = _bareiss_solve([{0: p, 1: ring.one}], 1, ring)   # p * y = 1 * det
    >>> [ring.to_expr(v) for v in y], ring.to_expr(det)
    ([1], p)
    """
    size = backend.size
    one = backend.one
    rows = [dict(r) for r in rows]
    col_rows = [set() for _ in range(ncols)]  # column -> remaining rows holding it
    for i, row in enumerate(rows):
        for j in row:
            if j != ncols:
                col_rows[j].add(i)
    live_row = [True] * len(rows)
    live_col = [True] * ncols
    level = [0] * len(rows)  # stored row i = (P[level[i]] / P[k]) * Bareiss row after k steps
    pivots = [one]  # P[k]: the Bareiss pivot of step k (P[0] = 1)
    heap: list = []

    def push(i, j):
        row = rows[i]
        rc = len(row) - (ncols in row)
        heapq.heappush(heap, ((rc - 1) * (len(col_rows[j]) - 1), size(row[j]), i, j))

    for i, row in enumerate(rows):
        for j in row:
            if j != ncols:
                push(i, j)
    order = []  # (row, col) pivots in elimination order
    for k in range(ncols):
        prev = pivots[k]
        ratios: dict = {}

        def ratio(t):
            """``P_k / P_t`` when exact, else None (cached for this step)."""
            if t not in ratios:
                lam = pivots[t]
                ratios[t] = one if lam == prev else backend.try_exquo(prev, lam)
            return ratios[t]

        while True:  # the live entry of least Markowitz cost (fill bound), then least size
            if not heap:
                raise ZeroDivisionError("singular system")  # pragma: no cover - invariant (irreducible chains)
            cost, sz, r, c = heapq.heappop(heap)
            if not (live_row[r] and live_col[c]) or c not in rows[r]:
                continue
            row = rows[r]
            if cost == (len(row) - (ncols in row) - 1) * (len(col_rows[c]) - 1) and sz == size(row[c]):
                break
        piv_row = rows[r]
        lam_r = pivots[level[r]]
        s_piv = piv_row[c]
        if level[r] == k:
            piv = s_piv
        else:
            a = ratio(level[r])
            piv = a * s_piv if a is not None else backend.exquo(prev * s_piv, lam_r)
            if size(piv) > max_terms:
                raise _too_many_terms(size(piv), max_terms, f"fraction-free elimination, step {k + 1} of {ncols}")
        live_row[r] = False
        live_col[c] = False
        changed_cols = set()
        for j in piv_row:
            if j != ncols and j != c:
                col_rows[j].discard(r)
                changed_cols.add(j)
        touched = col_rows[c]
        touched.discard(r)
        for i in touched:
            row = rows[i]
            f = row.pop(c)
            # Bareiss row after this step = P_k * X / (lam_r * lam_i), X = s_piv * S_i - f * S_r
            if level[i] == k:
                mul, div = one, lam_r
            elif level[r] == k:
                mul, div = one, pivots[level[i]]
            else:
                a = ratio(level[i])
                if a is not None:
                    mul, div = a, lam_r
                else:
                    b = ratio(level[r])
                    mul, div = (b, pivots[level[i]]) if b is not None else (prev, lam_r * pivots[level[i]])
            if mul != one and div != one:
                q = backend.try_exquo(mul, div)
                if q is not None:
                    mul, div = q, one
            new = {}
            for j in row.keys() | piv_row.keys():
                if j == c:
                    continue
                v = row.get(j)
                w = piv_row.get(j)
                if v is None:
                    val = -(f * w)
                elif w is None:
                    val = s_piv * v
                else:
                    val = s_piv * v - f * w
                if not val:
                    continue
                if mul != one:
                    val = mul * val
                if div != one:
                    val = backend.exquo(val, div)
                if size(val) > max_terms:
                    raise _too_many_terms(size(val), max_terms, f"fraction-free elimination, step {k + 1} of {ncols}")
                new[j] = val
            for j in row.keys() - new.keys():
                if j != ncols:
                    col_rows[j].discard(i)  # cancelled entries
                    changed_cols.add(j)
            for j in new.keys() - row.keys():
                if j != ncols:
                    col_rows[j].add(i)  # fill-in
                    changed_cols.add(j)
            rows[i] = new
            level[i] = k + 1
        changed_cols.discard(ncols)
        stale = {(i, j) for j in changed_cols for i in col_rows[j]}
        stale.update((i, j) for i in touched for j in rows[i] if j != ncols)
        for i, j in stale:
            push(i, j)
        touched.clear()
        pivots.append(piv)
        order.append((r, c))
    # a pivot row's equation is scale-free, so its stored (not yet rescaled) entries serve
    return _back_substitute(rows, order, ncols, pivots[-1], backend, max_terms)


def _back_substitute(rows: list[dict], order: list, ncols: int, det, backend: PolyBackend, max_terms: int):
    """Fraction-free back substitution ``y_c = D * x_c`` over the pivots ``order`` (row, column); returns ``(y, D)``."""
    y = {}
    for r, c in reversed(order):
        row = rows[r]
        acc = row[ncols] * det if ncols in row else backend.zero
        for j, v in row.items():
            if j != c and j != ncols:
                acc = acc - v * y[j]
        y[c] = backend.exquo(acc, row[c])
        if backend.size(y[c]) > max_terms:
            raise _too_many_terms(backend.size(y[c]), max_terms, "fraction-free back substitution")
    return [y[j] for j in range(ncols)], det


def _bareiss_solve_dense(rows: list[dict], ncols: int, backend: PolyBackend, max_terms: int = MAX_TERMS):
    """The dense reference of :func:`_bareiss_solve` (the test oracle): same inputs, same ``(y, D)`` up to sign.

    Every step recounts every column for the Markowitz choice and rescales
    every remaining row, ``O(n^2)`` Python work per step whatever the fill.
    Solve ``M y = rhs * D`` fraction-free; ``rows`` are sparse, column ``ncols`` is the rhs.

    Returns ``(y, D)`` with ``D`` the final Bareiss pivot (``+-det M``) and
    ``y = D * M^{-1} rhs`` as ring elements.  Raises :class:`TooLargeError`
    when a polynomial formed on the way has more than ``max_terms`` terms.
    """
    size = backend.size
    one = backend.one
    rows = [dict(r) for r in rows]
    remaining_rows = set(range(len(rows)))
    remaining_cols = set(range(ncols))
    prev = backend.one
    order = []  # (row, col) pivots in elimination order
    while remaining_cols:
        # Markowitz pivot: minimise (r_count - 1) * (c_count - 1), then polynomial size
        col_count = {c: 0 for c in remaining_cols}
        for i in remaining_rows:
            for c in rows[i]:
                if c in col_count:
                    col_count[c] += 1
        best = None
        for i in remaining_rows:
            r_count = sum(1 for c in rows[i] if c in col_count)
            for c, v in rows[i].items():
                if c in col_count:
                    key = ((r_count - 1) * (col_count[c] - 1), size(v), i, c)
                    if best is None or key < best:
                        best = key
        if best is None:
            raise ZeroDivisionError("singular system")  # pragma: no cover - invariant (irreducible chains)
        _, _, r, c = best
        piv_row = rows[r]
        piv = piv_row[c]
        remaining_rows.discard(r)
        remaining_cols.discard(c)
        order.append((r, c))
        # rows without the pivot column are only rescaled by piv / prev; when
        # that ratio is a polynomial (often: 1, or a monomial), no division is needed
        divide = prev != one
        ratio = backend.try_exquo(piv, prev) if divide else piv
        for i in remaining_rows:
            row = rows[i]
            factor = row.pop(c, None)
            new = {}
            if factor is None:
                if ratio is None:
                    for j, v in row.items():
                        new[j] = backend.exquo(piv * v, prev)
                elif ratio == one:
                    new = row
                else:
                    for j, v in row.items():
                        new[j] = ratio * v
            else:
                for j in set(row) | set(piv_row):
                    if j == c:
                        continue
                    v = row.get(j)
                    w = piv_row.get(j)
                    if v is None:
                        val = -(factor * w)
                    elif w is None:
                        val = piv * v
                    else:
                        val = piv * v - factor * w
                    if val and divide:
                        val = backend.exquo(val, prev)
                    if val:
                        if size(val) > max_terms:
                            where = f"fraction-free elimination, step {len(order)} of {ncols}"
                            raise _too_many_terms(size(val), max_terms, where)
                        new[j] = val
            rows[i] = new
        prev = piv
    return _back_substitute(rows, order, ncols, prev, backend, max_terms)


def solve_null_vector(matrix: list[dict], n: int, backend: PolyBackend, max_terms: int = MAX_TERMS):
    """A polynomial null vector of an ``n x n`` matrix of corank 1.

    Parameters
    ----------
    matrix : list of dict
        Sparse rows ``{column: ring element}``.
    n : int
        Size.
    backend : PolyBackend

    Returns
    -------
    list
        ``v`` with ``matrix @ v == 0``, entries in the ring, not all zero.

    Notes
    -----
    Deletes the last equation, fixes ``v[n-1]`` and solves the remaining
    nonsingular system with :func:`_bareiss_solve`.  Correct whenever the
    leading ``(n-1) x (n-1)`` block after deleting row and column ``n - 1``
    is nonsingular, which holds for ``(I - T)^T`` of an irreducible chain
    (every proper principal minor of ``I - T`` is positive).

    Examples
    --------
    The plain ring on three states, ``(I - T)^T`` with ``T`` the cyclic shift:

    >>> import sympy as sp
    >>> from symcm.algebra.backends import get_backend
    >>> ring = get_backend((sp.Symbol("p"),), "sympy")
    >>> one = ring.one
    >>> solve_null_vector([{0: one, 2: -one}, {0: -one, 1: one}, {1: -one, 2: one}], 3, ring)
    [1, 1, 1]
    """
    if n == 1:
        return [backend.one]
    y, det = _bareiss_solve(_reduced_system(matrix, n), n - 1, backend, max_terms)
    return y + [det]


def _reduced_system(matrix: list[dict], n: int) -> list[dict]:
    """Rows ``0 .. n-2`` of ``matrix`` without column ``n - 1``, whose negation becomes the rhs column ``n - 1``.

    This is the nonsingular system ``M y = rhs`` that fixes ``v[n-1]``
    (:func:`solve_null_vector`), in the input form of :func:`_bareiss_solve`
    and :func:`_bareiss_solve_dense`.
    """
    last = n - 1
    rows = []
    for i in range(last):
        row = {j: v for j, v in matrix[i].items() if j != last}
        if last in matrix[i]:
            row[last] = -matrix[i][last]  # rhs for v[last] = 1
        rows.append(row)
    return rows


def solve_linear(matrix: list[dict], rhs: list, backend: PolyBackend, max_terms: int = MAX_TERMS, *,
                 determinant: bool = False):
    """The solution ``x = y / d`` of ``A x = b`` for a nonsingular ``n x n`` matrix ``A`` over ``ZZ[params]``.

    Parameters
    ----------
    matrix : list of dict
        The ``n`` sparse rows ``{column: ring element}`` of ``A`` (columns ``0 .. n-1``).
    rhs : list
        ``b``: ``n`` ring elements.
    backend : PolyBackend
    max_terms : int, optional
        Cap on the terms of any polynomial formed during elimination (:class:`TooLargeError` past it).
    determinant : bool, optional
        Also return ``+-det A`` (fraction-free elimination only; the modular route is skipped).

    Returns
    -------
    tuple
        ``(y, d)``, or ``(y, d, det)`` with ``determinant=True``: ring elements with
        ``x_i = y_i / d``, ``gcd(y_1, ..., y_n, d) = 1`` and ``d``'s lex-leading
        coefficient positive, so the pair is unique (identical on both backends and both routes).

    Raises
    ------
    ZeroDivisionError
        If ``A`` is singular (over the field of rational functions).

    Notes
    -----
    A budgeted sparse elimination first (:func:`_bareiss_solve`, at most
    ``TRY_TERMS`` terms per polynomial), then, where
    :func:`~symcm.algebra.modular.prefer_modular` says so (flint backend, large
    systems with small answers), the certified null vector ``(y, d)`` of
    ``[A | -b]`` (:func:`~symcm.algebra.modular.modular_null_vector`: the
    certificate checks ``A y = d b`` exactly and ``d != 0``, and the elimination
    at points proves ``det A != 0``), else the full sparse elimination.

    Examples
    --------
    ``p x_0 + x_1 = 1``, ``x_1 = q``:

    >>> import sympy as sp
    >>> from symcm.algebra.backends import get_backend
    >>> R = get_backend(sp.symbols("p q"), "sympy")
    >>> p, q = R.from_dict({(1, 0): 1}), R.from_dict({(0, 1): 1})
    >>> y, d = solve_linear([{0: p, 1: R.one}, {1: R.one}], [R.one, q], R)
    >>> [R.to_expr(v) for v in y], R.to_expr(d)
    ([1 - q, p*q], p)
    >>> solve_linear([{0: p, 1: q}, {0: p, 1: q}], [R.one, R.one], R)
    Traceback (most recent call last):
    ...
    ZeroDivisionError: solve_linear: the 2 x 2 matrix is singular over the rational functions
    """
    n = len(matrix)
    if len(rhs) != n or any(not 0 <= j < n for row in matrix for j in row):
        raise ValueError(f"solve_linear: expected n = {n} rows over columns 0..{n - 1} and {n} right-hand sides")
    if n == 0:
        return ([], backend.one, backend.one) if determinant else ([], backend.one)
    rows = []
    for row, b in zip(matrix, rhs):
        r = {j: v for j, v in row.items() if v}
        if b:
            r[n] = b
        rows.append(r)
    y = d = None
    if not determinant and backend.name == "flint" and n >= 2:
        try:
            y, d = _bareiss_solve(rows, n, backend, min(TRY_TERMS, max_terms))
        except TooLargeError:
            y = _modular_solution(matrix, rhs, backend)
            if y is not None:
                y, d = y[:n], y[n]
        except ZeroDivisionError:
            raise _singular(n) from None
    if y is None:
        try:
            y, d = _bareiss_solve(rows, n, backend, max_terms)
        except ZeroDivisionError:
            raise _singular(n) from None
    det = d
    d, *y = backend.primitive([d, *y])  # gcd 1, d leading positively
    return (y, d, det) if determinant else (y, d)


def _modular_solution(matrix: list[dict], rhs: list, backend: PolyBackend):
    """The certified null vector ``(y, d)`` of ``[A | -b]`` (one empty row appended), or None."""
    from .modular import modular_null_vector, prefer_modular

    n = len(matrix)
    aug = [dict(row) for row in matrix]
    for row, b in zip(aug, rhs):
        if b:
            row[n] = -b
    aug.append({})
    if not prefer_modular(aug, n + 1, backend):
        return None
    w = modular_null_vector(aug, n + 1, backend)
    return w if w is not None and w[n] else None


def _singular(n: int) -> ZeroDivisionError:
    """The error for a singular system (the elimination ran out of nonzero pivots)."""
    return ZeroDivisionError(f"solve_linear: the {n} x {n} matrix is singular over the rational functions")
