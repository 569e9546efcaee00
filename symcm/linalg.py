"""Exact linear algebra over polynomial rings ``ZZ[p, q, ...]``.

The stationary distribution of a chain with symbolic transition matrix ``T``
solves ``pi (I - T) = 0``, ``sum(pi) = 1``.  Entries of ``T`` are rational
functions of the parameters, and solving with rational-function arithmetic
(``Matrix.nullspace`` followed by ``simplify``) spends almost all its time in
gcd computations on intermediate fractions.  symcm instead works
*fraction-free* over the integer polynomial ring:

1. Each row ``i`` of ``I - T`` is multiplied by the lcm ``d_i`` of its
   denominators, giving a polynomial matrix ``A``.  With ``x_i = pi_i / d_i``
   the system becomes ``A^T x = 0``.
2. ``A^T`` of an irreducible chain has rank ``n - 1``; deleting one equation
   and fixing one unknown leaves a nonsingular ``(n-1) x (n-1)`` system, which
   is solved by **Bareiss' fraction-free elimination** [1]_: every division is
   exact, so all intermediate entries stay polynomials (minors of the input).
   Pivots are chosen Markowitz-style (fewest fill-ins, then smallest
   polynomial) to keep sparse chains sparse.
3. Fraction-free back substitution returns ``D * x`` for the final pivot
   ``D = det``, a polynomial null vector; the distribution is
   ``pi_i = d_i x_i / sum_j d_j x_j``, each reduced by one gcd.

Only the final results are converted to sympy expressions.

The arithmetic is pluggable: :class:`FlintBackend` uses python-flint's
``fmpz_mpoly`` (FLINT's C multivariate polynomials), :class:`SympyBackend`
uses sympy's sparse ``PolyElement`` over ``ZZ`` (pure Python), and
:class:`IntegerBackend` handles models without parameters.  The default is
flint when it is installed; set ``SYMCM_BACKEND=sympy`` (or pass
``backend="sympy"``) to force the pure-sympy path.  Both give identical
results (tested).

References
----------
.. [1] E. H. Bareiss, "Sylvester's identity and multistep integer-preserving
   Gaussian elimination", Mathematics of Computation 22(103), 565-578, 1968.
.. [2] H. M. Markowitz, "The elimination form of the inverse and its
   application to linear programming", Management Science 3(3), 255-269, 1957.
"""

from __future__ import annotations

import os
from functools import lru_cache
from math import gcd as int_gcd

import sympy as sp
from sympy.polys.domains import ZZ
from sympy.polys.rings import ring as sympy_ring

from .errors import ParameterTypeError

__all__ = [
    "PolyBackend",
    "SympyBackend",
    "FlintBackend",
    "IntegerBackend",
    "get_backend",
    "available_backends",
    "solve_null_vector",
    "rational_to_backend",
]

try:  # python-flint is an optional extra
    import flint as _flint
except ImportError:  # pragma: no cover - exercised only without the extra
    _flint = None


class PolyBackend:
    """Arithmetic of ``ZZ[gens]``: elements support ``+ - *`` and ``==``.

    Subclasses provide conversion from/to sympy and exact division and gcd.
    """

    name = "abstract"

    def __init__(self, gens: tuple[sp.Symbol, ...]):
        self.gens = tuple(gens)

    def from_poly(self, poly: sp.Poly):  # pragma: no cover - abstract
        raise NotImplementedError

    def to_expr(self, el) -> sp.Expr:  # pragma: no cover - abstract
        raise NotImplementedError

    def exquo(self, a, b):  # pragma: no cover - abstract
        raise NotImplementedError

    def gcd(self, a, b):  # pragma: no cover - abstract
        raise NotImplementedError

    def size(self, el) -> int:
        """A cost measure (number of terms) used for pivot choice."""
        return 1

    def evaluate_sign(self, el, point) -> int:
        """Sign of ``el`` at a rational point (dict Symbol -> Rational)."""
        v = self.to_expr(el).subs(point)
        return 1 if v > 0 else (-1 if v < 0 else 0)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(str, self.gens))})"


class SympyBackend(PolyBackend):
    """``ZZ[gens]`` with sympy's sparse polynomials (``sympy.polys.rings``)."""

    name = "sympy"

    def __init__(self, gens):
        super().__init__(gens)
        self.ring, *_ = sympy_ring([str(g) for g in gens], ZZ)
        self.zero, self.one = self.ring.zero, self.ring.one

    def from_poly(self, poly: sp.Poly):
        return self.ring.from_dict({m: ZZ(int(c)) for m, c in poly.as_dict().items()})

    def from_int(self, n: int):
        return self.ring(n)

    def to_expr(self, el) -> sp.Expr:
        return sp.Poly.from_dict({m: int(c) for m, c in el.items()}, *self.gens).as_expr() if el else sp.Integer(0)

    def exquo(self, a, b):
        return a.exquo(b)

    def gcd(self, a, b):
        return a.gcd(b)

    def size(self, el) -> int:
        return len(el)


class FlintBackend(PolyBackend):
    """``ZZ[gens]`` with python-flint's ``fmpz_mpoly`` (FLINT, in C)."""

    name = "flint"

    def __init__(self, gens):
        if _flint is None:
            raise ImportError('the flint backend needs python-flint: pip install "symcm[flint]"')
        super().__init__(gens)
        self.ctx = _flint.fmpz_mpoly_ctx.get(tuple(str(g) for g in gens), "lex")
        self.zero = self.ctx.from_dict({})
        self.one = self.ctx.from_dict({(0,) * len(gens): 1})

    def from_poly(self, poly: sp.Poly):
        return self.ctx.from_dict({m: int(c) for m, c in poly.as_dict().items()})

    def from_int(self, n: int):
        return self.ctx.from_dict({(0,) * len(self.gens): n}) if n else self.zero

    def to_expr(self, el) -> sp.Expr:
        d = el.to_dict()
        return sp.Poly.from_dict({m: int(c) for m, c in d.items()}, *self.gens).as_expr() if d else sp.Integer(0)

    def exquo(self, a, b):
        q, r = divmod(a, b)
        if r:
            raise ArithmeticError(f"inexact division {a} / {b}")  # pragma: no cover - invariant
        return q

    def gcd(self, a, b):
        return a.gcd(b)

    def size(self, el) -> int:
        return len(el)


class IntegerBackend(PolyBackend):
    """The ring ``ZZ`` itself, for models without parameters (Python ints)."""

    name = "integer"

    def __init__(self, gens=()):
        super().__init__(())
        self.zero, self.one = 0, 1

    def from_poly(self, poly: sp.Poly):
        return int(poly.as_expr())

    def from_int(self, n: int):
        return int(n)

    def to_expr(self, el) -> sp.Expr:
        return sp.Integer(el)

    def exquo(self, a, b):
        q, r = divmod(a, b)
        if r:
            raise ArithmeticError(f"inexact division {a} / {b}")  # pragma: no cover - invariant
        return q

    def gcd(self, a, b):
        return int_gcd(a, b)

    def size(self, el) -> int:
        return max(1, abs(el).bit_length() // 64)


def available_backends() -> tuple[str, ...]:
    """Names of the polynomial backends usable here (``'flint'`` needs python-flint)."""
    return ("flint", "sympy") if _flint is not None else ("sympy",)


@lru_cache(maxsize=256)
def _backend(gens: tuple, name: str) -> PolyBackend:
    if not gens:
        return IntegerBackend()
    if name == "flint":
        return FlintBackend(gens)
    return SympyBackend(gens)


def get_backend(gens, name: str | None = None) -> PolyBackend:
    """The polynomial backend for ``ZZ[gens]``.

    Parameters
    ----------
    gens : sequence of sympy.Symbol
        The ring's generators (the model's parameters).
    name : {'flint', 'sympy', None}
        ``None`` picks ``$SYMCM_BACKEND`` if set, else flint when installed.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.linalg import get_backend
    >>> p, q = sc.symbols("p q")
    >>> get_backend((p, q), "sympy")
    SympyBackend(p, q)
    """
    if name is None:
        name = os.environ.get("SYMCM_BACKEND") or ("flint" if _flint is not None else "sympy")
    if name not in ("flint", "sympy"):
        raise ParameterTypeError(f"backend must be 'flint' or 'sympy', received {name!r}")
    if name == "flint" and _flint is None:
        raise ImportError('backend "flint" needs python-flint: pip install "symcm[flint]"')
    return _backend(tuple(gens), name)


def rational_to_backend(numer: sp.Poly, denom: sp.Poly, backend: PolyBackend):
    """Convert a fraction of rational-coefficient polynomials to ``(N, D)`` over ``ZZ[gens]``."""
    cn, zn = numer.clear_denoms(convert=True)
    cd, zd = denom.clear_denoms(convert=True)
    # numer/denom = (zn / cn) / (zd / cd) = (zn * cd) / (zd * cn)
    n = backend.from_poly(zn) * backend.from_int(int(cd))
    d = backend.from_poly(zd) * backend.from_int(int(cn))
    return n, d


def _bareiss_solve(rows: list[dict], ncols: int, backend: PolyBackend):
    """Solve ``M y = rhs * D`` fraction-free; ``rows`` are sparse, column ``ncols`` is the rhs.

    Returns ``(y, D)`` with ``D`` the final Bareiss pivot (``+-det M``) and
    ``y = D * M^{-1} rhs`` as ring elements.
    """
    size = backend.size
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
        for i in remaining_rows:
            row = rows[i]
            factor = row.pop(c, None)
            new = {}
            if factor is None:
                for j, v in row.items():
                    new[j] = backend.exquo(piv * v, prev)
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
                    if val:
                        val = backend.exquo(val, prev)
                        if val:
                            new[j] = val
            rows[i] = new
        prev = piv
    det = prev
    # fraction-free back substitution: y_c = D * x_c
    y = {}
    for r, c in reversed(order):
        row = rows[r]
        acc = row[ncols] * det if ncols in row else backend.zero
        for j, v in row.items():
            if j != c and j != ncols:
                acc = acc - v * y[j]
        y[c] = backend.exquo(acc, row[c])
    return [y[j] for j in range(ncols)], det


def solve_null_vector(matrix: list[dict], n: int, backend: PolyBackend):
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
    """
    if n == 1:
        return [backend.one]
    last = n - 1
    rows = []
    for i in range(last):
        row = {j: v for j, v in matrix[i].items() if j != last}
        if last in matrix[i]:
            row[last] = -matrix[i][last]  # rhs for v[last] = 1
        rows.append(row)
    y, det = _bareiss_solve(rows, last, backend)
    return y + [det]
