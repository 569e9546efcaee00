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

Where the time goes (``benchmarks/stationary.py``, ``docs/benchmarks.md``):
on sparse chains the elimination itself is cheap and the cost lies in the
large polynomials of the answer.  Hence (a) :meth:`PolyBackend.to_expr`
writes sympy's canonical ``Add``/``Mul`` trees directly instead of going
through their flattening constructors, and remembers the last few large
conversions (the normalising denominator is shared by every state);
(b) signs at a point are evaluated by FLINT or with integers, not with
``subs``; (c) a row that does not meet the pivot column is rescaled by
``pivot / previous pivot`` when that quotient is exact (often 1 or a
monomial) instead of dividing every entry; (d) the sympy backend divides
with a heap of monomials (sympy's ``PolyElement.div`` rescans the whole
remainder for each leading term) and proves gcds trivial by univariate
specialisation before falling back to sympy's heuristic gcd.  None of these
changes any result: the expressions are identical to the plain
constructions (tested).

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

import heapq
import os
import random
from fractions import Fraction
from functools import cmp_to_key, lru_cache
from math import gcd as int_gcd
from operator import add, itemgetter, neg, sub

import sympy as sp
from sympy.polys.densebasic import dup_strip
from sympy.polys.domains import ZZ
from sympy.polys.euclidtools import dup_gcd

from sympy.polys.rings import ring as sympy_ring

from ..checks import describe
from ..errors import MissingDependencyError, ParameterTypeError, TooLargeError

__all__ = [
    "PolyBackend",
    "SympyBackend",
    "FlintBackend",
    "IntegerBackend",
    "get_backend",
    "available_backends",
    "backend_name",
    "solve_null_vector",
    "rational_to_backend",
]

try:  # python-flint is a dependency; without it (no wheel for the platform) pure sympy takes over
    import flint as _flint
except ImportError:  # pragma: no cover - exercised by CI's run without python-flint
    _flint = None

#: The polynomial backends, in order of preference.
BACKENDS = ("flint", "sympy")


class PolyBackend:
    """Arithmetic of ``ZZ[gens]``: elements support ``+ - *`` and ``==``.

    Subclasses provide conversion from sympy, exact division and gcd, and
    :meth:`terms`; conversion back to sympy (:meth:`to_expr`) and signs at
    rational points (:meth:`evaluate_sign`) are built on the terms.
    """

    name = "abstract"

    def __init__(self, gens: tuple[sp.Symbol, ...]):
        self.gens = tuple(gens)
        self._builder = _ExprBuilder(self.gens)
        self._memo = []  # recent (element, Expr) pairs of large elements, newest last

    def from_poly(self, poly: sp.Poly):  # pragma: no cover - abstract
        raise NotImplementedError

    def terms(self, el):  # pragma: no cover - abstract
        """``(exponent tuple, int-like coefficient)`` pairs of ``el``."""
        raise NotImplementedError

    def to_expr(self, el) -> sp.Expr:
        """``el`` as a sympy expression, identical to ``Poly.from_dict(...).as_expr()``.

        The terms are assembled directly into a canonical ``Add`` of ``Mul``
        (see :class:`_ExprBuilder`), which is several times faster than
        sympy's generic constructors.  The last few large conversions are
        remembered, because callers convert the same normalising denominator
        once per state (expressions are immutable, so sharing them is safe).
        """
        if not el:
            return sp.Integer(0)
        if len(el) < _MEMO_MIN_TERMS:
            return self._builder.build(self.terms(el))
        memo = self._memo
        for old, expr in memo:
            if old == el:
                break
        else:
            old, expr = el, self._builder.build(self.terms(el))
        # least recently used first; a new list, so a concurrent reader never sees a half update
        kept = [item for item in memo if item[0] is not old]
        kept.append((old, expr))
        self._memo = kept[-_MEMO_SIZE:]
        return expr

    def exquo(self, a, b):  # pragma: no cover - abstract
        raise NotImplementedError

    def try_exquo(self, a, b):  # pragma: no cover - abstract
        """``a / b`` if ``b`` (nonzero) divides ``a``, else None."""
        raise NotImplementedError

    def gcd(self, a, b):  # pragma: no cover - abstract
        raise NotImplementedError

    def size(self, el) -> int:
        """A cost measure (number of terms) used for pivot choice."""
        return 1

    def evaluate_sign(self, el, point) -> int:
        """Sign of ``el`` at a rational point (dict Symbol -> Rational).

        Exact integer arithmetic on the terms: with ``x_i = a_i / b_i`` and
        ``D_i`` the degree of ``el`` in ``x_i``, ``el(x) * prod b_i**D_i`` is
        the integer ``sum c * prod a_i**e_i * b_i**(D_i - e_i)`` (``b_i > 0``).
        """
        if not all(g in point for g in self.gens):
            v = self.to_expr(el).subs(point)
            return 1 if v > 0 else (-1 if v < 0 else 0)
        values = [Fraction(int(sp.Rational(point[g]).p), int(sp.Rational(point[g]).q)) for g in self.gens]
        terms = list(self.terms(el))
        if not terms:
            return 0
        degs = [max(m[i] for m, _ in terms) for i in range(len(self.gens))]
        # factor i of a term with exponent e: a_i**e * b_i**(D_i - e), tabulated
        tables = [[v.numerator ** e * v.denominator ** (d - e) for e in range(d + 1)]
                  for v, d in zip(values, degs)]
        total = 0
        for monom, c in terms:
            t = int(c)
            for table, e in zip(tables, monom):
                t *= table[e]
            total += t
        return (total > 0) - (total < 0)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(str, self.gens))})"


#: Elements with at least this many terms are remembered by ``to_expr``.
_MEMO_MIN_TERMS = 32
#: How many recent conversions ``to_expr`` remembers per backend.
_MEMO_SIZE = 4

#: Sums with at least this many terms are sorted with ``_ExprBuilder._term_key``.
_FAST_KEY_MIN_TERMS = 16

#: sympy's canonical order of arguments (``Basic.compare``), as Add and Mul sort them.
_canonical_key = cmp_to_key(sp.Basic.compare)


class _ExprBuilder:
    """Build the sympy expression of a polynomial from its terms, without ``Add``/``Mul`` flattening.

    ``sp.Poly.from_dict(d, *gens).as_expr()`` builds ``Mul(c, x**e, ...)``
    for every term and then ``Add(*terms)``; both constructors re-derive
    what is already known here (distinct monomials, integer coefficients,
    distinct generators) and dominate the cost of large results.  For
    generators that are plain commutative ``Symbol`` with distinct names, the
    canonical form can be written down directly:

    * a monomial's factors are its generators of exponent 1, then its powers
      ``x**e`` (``e >= 2``), each group in ``Basic.compare`` order of the
      generators (sympy orders ``Symbol`` before ``Pow``), preceded by the
      coefficient unless it is 1 - exactly what ``Mul.flatten`` produces;
    * the sum is the constant term (if any) followed by the other terms
      sorted with ``Basic.compare`` - exactly what ``Add.flatten`` produces.

    Other generators fall back to ``Poly.from_dict(...).as_expr()``.
    """

    __slots__ = ("gens", "fast", "order", "by_rank", "permute", "pows", "sort_key")

    def __init__(self, gens: tuple):
        self.gens = gens
        self.fast = (all(type(g) is sp.Symbol and g.is_commutative for g in gens)
                     and len({g.name for g in gens}) == len(gens))
        # generators in Basic.compare order: the rank of a generator is its position here
        self.order = sorted(range(len(gens)), key=lambda i: _canonical_key(gens[i]))
        self.by_rank = [gens[i] for i in self.order]
        self.permute = itemgetter(*self.order) if len(gens) > 1 else None  # exponents in rank order
        self.pows = [{} for _ in gens]  # by rank: exponent -> Pow
        self.sort_key = None  # _term_key once _term_key_agrees() (checked on the first large sum), else False

    # Add.flatten sorts the terms with Basic.compare, which dominates for large
    # sums.  For the terms built here the comparison reduces to comparing
    # tuples: class (ordering_of_classes), then for Mul the number of factors,
    # then factor by factor (numbers by value, symbols by generator rank, powers
    # by base then exponent).  _term_key_agrees() checks this against
    # Basic.compare on sample terms, so a sympy with another order falls back.
    _CLASS_RANK = {"NegativeOne": 0, "Integer": 1, "Symbol": 2, "Pow": 3, "Mul": 4}

    def _nonzero(self, monom) -> list:
        """``(rank, exponent)`` of the generators in ``monom``, in rank order."""
        if len(monom) > 1:
            monom = self.permute(monom)
        return [(r, e) for r, e in enumerate(monom) if e]

    def _term_key(self, nz: list, c: int) -> tuple:
        """The sort key of the (non-constant) term ``c * prod(x**e)``, ``nz`` from :meth:`_nonzero`."""
        factors = [(2, r) for r, e in nz if e == 1]
        if len(factors) < len(nz):
            factors += [(3, r, e) for r, e in nz if e > 1]
        if c == 1:
            if len(factors) == 1:
                return factors[0]
        else:
            factors.insert(0, (0, -1) if c == -1 else (1, c))
        return (4, len(factors), tuple(factors))

    def _term_key_agrees(self) -> bool:
        """Whether sorting by :meth:`_term_key` reproduces ``Basic.compare`` on sample terms."""
        n = len(self.gens)
        if not n:
            return False
        monoms = {tuple(e if k in (i, j) else 0 for k in range(n))
                  for i in range(min(n, 3)) for j in range(min(n, 3)) for e in (1, 2)}
        monoms |= {tuple(1 if k != i else 2 for k in range(n)) for i in range(min(n, 3))}
        monoms.add((1,) * n)
        sample = [(m, c) for m in sorted(monoms) for c in (1, -1, 2, -3)]
        keyed = sorted((self._term_key(self._nonzero(m), c), self._build_term(self._nonzero(m), c))
                       for m, c in sample)
        exprs = [e for _, e in keyed]
        return exprs == sorted(exprs, key=_canonical_key) and all(
            type(e).__name__ in self._CLASS_RANK for e in exprs)

    def _pow(self, r: int, e: int) -> sp.Expr:
        cache = self.pows[r]
        p = cache.get(e)
        if p is None:
            p = cache[e] = sp.Pow(self.by_rank[r], sp.Integer(e))
        return p

    def _build_term(self, nz: list, c: int) -> sp.Expr:
        """``c * prod(x**e)`` in the form ``Mul.flatten`` gives; ``nz`` from :meth:`_nonzero`, not empty."""
        by_rank = self.by_rank
        factors = [by_rank[r] for r, e in nz if e == 1]
        if len(factors) < len(nz):
            factors += [self._pow(r, e) for r, e in nz if e > 1]
        if c == 1:
            return factors[0] if len(factors) == 1 else sp.Mul._from_args(factors, True)
        factors.insert(0, sp.Integer(c))
        return sp.Mul._from_args(factors, True)

    def build(self, terms) -> sp.Expr:
        """The expression of the polynomial with ``(exponent tuple, coefficient)`` pairs ``terms``."""
        if not self.fast:
            return sp.Poly.from_dict({m: int(c) for m, c in terms}, *self.gens).as_expr()
        terms = list(terms)
        key = None
        if len(terms) >= _FAST_KEY_MIN_TERMS:
            if self.sort_key is None:
                self.sort_key = self._term_key if self._term_key_agrees() else False
            key = self.sort_key or None
        nonzero, build_term = self._nonzero, self._build_term
        const = None
        args = []
        for monom, c in terms:
            c = int(c)
            if not c:
                continue
            nz = nonzero(monom)
            if not nz:
                const = sp.Integer(c)
            elif key is None:
                args.append(build_term(nz, c))
            else:
                args.append((key(nz, c), nz, c))
        if key is not None:
            args.sort()
            args = [build_term(nz, c) for _, nz, c in args]
        if not args:
            return const if const is not None else sp.Integer(0)
        if len(args) == 1 and const is None:
            return args[0]
        if key is None:
            args.sort(key=_canonical_key)
        if const is not None:
            args.insert(0, const)
        return sp.Add._from_args(args, True)


class SympyBackend(PolyBackend):
    """``ZZ[gens]`` with sympy's sparse polynomials (``sympy.polys.rings``)."""

    name = "sympy"

    def __init__(self, gens):
        super().__init__(gens)
        self.ring, *_ = sympy_ring([str(g) for g in gens], ZZ)
        self.zero, self.one = self.ring.zero, self.ring.one
        self._probe = None  # evaluation point of the coprimality certificate in gcd()
        self._spec_memo = []  # recent (element, specialisations) pairs

    def from_poly(self, poly: sp.Poly):
        return self.ring.from_dict({m: ZZ(int(c)) for m, c in poly.as_dict().items()})

    def from_int(self, n: int):
        return self.ring(n)

    def terms(self, el):
        return el.items()

    def exquo(self, a, b):
        """``a / b``, which must be exact (else sympy's ``ExactQuotientFailed``).

        ``PolyElement.exquo`` finds each leading term with ``max`` over the
        whole remainder, which is quadratic in the number of terms; here the
        remainder's monomials are kept in a heap (:func:`_exact_quotient`).
        """
        if a and b:
            q = _exact_quotient(a, b)
            if q is not None:
                return a.new(q)
        return a.exquo(b)  # zero divisor or dividend, or an inexact division (raises)

    def try_exquo(self, a, b):
        q = _exact_quotient(a, b)
        return None if q is None else a.new(q)

    def gcd(self, a, b):
        """``gcd(a, b)`` as sympy's ``PolyElement.gcd`` returns it.

        Coprime inputs, the usual case here, are recognised without sympy's
        heuristic gcd by :func:`_certified_constant_gcd`; then the gcd is the
        (positive) gcd of the integer coefficients.
        """
        if len(a) > 1 and len(b) > 1:
            if self._probe is None:
                rng = random.Random(len(self.gens))  # a fixed, seeded evaluation point
                self._probe = tuple(rng.randrange(3, 1 << 10) for _ in self.gens)
            if _certified_constant_gcd(a, b, self._probe, self._spec_memo):
                c = 0
                for v in a.values():
                    c = int_gcd(c, int(v))
                for v in b.values():
                    if c == 1:
                        break
                    c = int_gcd(c, int(v))
                return self.ring(c)
        return a.gcd(b)

    def size(self, el) -> int:
        return len(el)


def _exact_quotient(a: dict, b: dict) -> dict | None:
    """The quotient ``a / b`` of sparse integer polynomials ``{monomial: coefficient}``, or None if inexact.

    Division by leading terms in lex order (the order of exponent tuples).
    The remainder's next leading monomial is the larger of the next live
    monomial of ``a`` (sorted once) and the top of a heap holding only the
    monomials created by the subtractions (keys negated for a max-heap; stale
    entries are skipped).  So a step costs ``O(len(b) log)`` instead of a
    scan of the whole remainder, as in ``PolyElement.div``.  Every monomial
    added is below the one just removed, so the loop ends; it fails as soon
    as a leading term is not divisible.
    """
    lm = max(b)
    lc = b[lm]
    if len(b) == 1:  # a monomial: divide term by term
        q = {}
        for m, c in a.items():
            qm = tuple(map(sub, m, lm))
            qc, rem = divmod(c, lc)
            if rem or min(qm) < 0:
                return None
            q[qm] = qc
        return q
    rest = [(m, c) for m, c in b.items() if m != lm]
    r = dict(a)
    from_a = sorted(r, reverse=True)
    pos, end = 0, len(from_a)
    heap = []  # (negated monomial, monomial) of monomials not in a
    q = {}
    while True:
        while pos < end and from_a[pos] not in r:
            pos += 1
        while heap and heap[0][1] not in r:
            heapq.heappop(heap)
        if heap and (pos == end or heap[0][1] > from_a[pos]):
            m = heapq.heappop(heap)[1]
        elif pos < end:
            m = from_a[pos]
            pos += 1
        else:
            return q
        c = r.pop(m)
        qm = tuple(map(sub, m, lm))
        if min(qm) < 0:
            return None
        qc, rem = divmod(c, lc)
        if rem:
            return None
        q[qm] = qc
        for mb, cb in rest:
            mm = tuple(map(add, qm, mb))
            v = r.get(mm)
            if v is None:
                r[mm] = -qc * cb
                heapq.heappush(heap, (tuple(map(neg, mm)), mm))
            else:
                v -= qc * cb
                if v:
                    r[mm] = v
                else:
                    del r[mm]


def _specialisations(p: dict, point: tuple) -> list:
    """For every variable ``k``: ``p`` with the other variables set to ``point``, as ``{exponent: int}``."""
    n = len(point)
    powers = {}
    spec = [{} for _ in range(n)]
    moved = [0] * n  # sum of the term values with x_k present, per k
    total = 0
    for m, c in p.items():
        v = int(c)
        nz = [(i, e) for i, e in enumerate(m) if e]
        pws = []
        for i, e in nz:
            pw = powers.get((i, e))
            if pw is None:
                pw = powers[i, e] = point[i] ** e
            pws.append(pw)
            v *= pw
        total += v
        for (i, e), pw in zip(nz, pws):
            d = spec[i]
            d[e] = d.get(e, 0) + v // pw
            moved[i] += v
    for i in range(n):
        if spec[i]:
            spec[i][0] = spec[i].get(0, 0) + total - moved[i]
    return spec


def _certified_constant_gcd(a: dict, b: dict, point: tuple, memo: list) -> bool:
    """True only if ``gcd(a, b)`` is a constant (a proof, not a probability).

    If ``g = gcd(a, b)`` has degree ``d > 0`` in ``x_k``, then ``lc_k(g)``
    divides ``lc_k(a)``; at a point where ``lc_k(a) != 0`` the specialisation
    of ``g`` (all variables but ``x_k`` fixed) has degree ``d`` and divides
    both specialisations, so their gcd has degree ``>= d``.  Hence univariate
    gcds of degree 0 for every variable prove ``g`` constant.  An unlucky
    point (a vanishing leading coefficient, or a spurious common factor)
    returns False and the caller falls back to the general gcd.
    """
    specs = []
    for p in (a, b):
        for old, spec in memo:
            if old == p:
                break
        else:
            spec = _specialisations(p, point)
            memo.append((p, spec))
            del memo[:-4]
        specs.append(spec)
    for sa, sb in zip(*specs):
        if not sa or not sb:
            continue  # one of them is free of this variable: so is the gcd
        da, db = max(sa), max(sb)
        if sa.get(da, 0) == 0 and sb.get(db, 0) == 0:
            return False
        fa = [ZZ(sa.get(e, 0)) for e in range(da, -1, -1)]
        fb = [ZZ(sb.get(e, 0)) for e in range(db, -1, -1)]
        if len(dup_strip(dup_gcd(dup_strip(fa), dup_strip(fb), ZZ))) > 1:
            return False
    return True


class _DivmodDivision:
    """Exact division for rings whose elements support ``divmod`` (FLINT polynomials, Python ints)."""

    def exquo(self, a, b):
        q, r = divmod(a, b)
        if r:
            raise ArithmeticError(f"inexact division {a} / {b}")  # pragma: no cover - invariant
        return q

    def try_exquo(self, a, b):
        q, r = divmod(a, b)
        return None if r else q


class FlintBackend(_DivmodDivision, PolyBackend):
    """``ZZ[gens]`` with python-flint's ``fmpz_mpoly`` (FLINT, in C)."""

    name = "flint"

    def __init__(self, gens):
        if _flint is None:
            raise _missing_flint("backend='flint'")
        super().__init__(gens)
        self.ctx = _flint.fmpz_mpoly_ctx.get(tuple(str(g) for g in gens), "lex")
        self._qctx = None  # fmpq_mpoly context for evaluate_sign, created on first use
        self.zero = self.ctx.from_dict({})
        self.one = self.ctx.from_dict({(0,) * len(gens): 1})

    def from_poly(self, poly: sp.Poly):
        return self.ctx.from_dict({m: int(c) for m, c in poly.as_dict().items()})

    def from_int(self, n: int):
        return self.ctx.from_dict({(0,) * len(self.gens): n}) if n else self.zero

    def terms(self, el):
        return zip(el.monoms(), el.coeffs())

    def evaluate_sign(self, el, point) -> int:
        """Sign of ``el`` at a rational point, evaluated by FLINT over ``QQ``."""
        if not all(g in point for g in self.gens):
            return super().evaluate_sign(el, point)
        if self._qctx is None:
            self._qctx = _flint.fmpq_mpoly_ctx.get(tuple(str(g) for g in self.gens), "lex")
        args = [_flint.fmpq(int(sp.Rational(point[g]).p), int(sp.Rational(point[g]).q)) for g in self.gens]
        v = _flint.fmpq_mpoly(el, self._qctx)(*args)
        return (v > 0) - (v < 0)

    def gcd(self, a, b):
        return a.gcd(b)

    def size(self, el) -> int:
        return len(el)


class IntegerBackend(_DivmodDivision, PolyBackend):
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

    def evaluate_sign(self, el, point) -> int:
        return (el > 0) - (el < 0)

    def gcd(self, a, b):
        return int_gcd(a, b)

    def size(self, el) -> int:
        return max(1, abs(el).bit_length() // 64)


def available_backends() -> tuple[str, ...]:
    """Names of the polynomial backends usable here (``'flint'`` needs python-flint)."""
    return BACKENDS if _flint is not None else ("sympy",)


def _missing_flint(asked: str) -> MissingDependencyError:
    return MissingDependencyError(
        f"{asked} needs python-flint, which is not installed here: pip install python-flint "
        "(a dependency of symcm, with wheels for the common platforms), or use the pure-sympy arithmetic "
        "(backend='sympy' or SYMCM_BACKEND=sympy), which gives identical results, more slowly"
    )


def backend_name(name: str | None = None, *, where: str = "backend") -> str:
    """The polynomial backend a ``backend=`` argument selects: ``'flint'`` or ``'sympy'``.

    ``None`` picks ``$SYMCM_BACKEND`` when it is set (and not empty), else
    ``'flint'`` when python-flint is installed, else ``'sympy'``.

    Parameters
    ----------
    name : {'flint', 'sympy', None}
    where : str
        The function whose argument this is, for the error message.

    Raises
    ------
    ParameterTypeError
        ``name`` (or ``$SYMCM_BACKEND``) is not one of ``'flint'``, ``'sympy'``
        (or None).
    MissingDependencyError
        ``'flint'`` was asked for, explicitly or by ``$SYMCM_BACKEND``, and
        python-flint is not installed (an ``ImportError``).

    Examples
    --------
    >>> from symcm.algebra.linalg import backend_name
    >>> backend_name("sympy")
    'sympy'
    >>> backend_name("numpy", where="stationary_distribution")
    Traceback (most recent call last):
    ...
    symcm.errors.ParameterTypeError: stationary_distribution: backend must be 'flint' or 'sympy' (or None for the default), received the str 'numpy'
    """
    if name is None:
        env = os.environ.get("SYMCM_BACKEND")
        if env:
            if env not in BACKENDS:
                raise ParameterTypeError(
                    f"{where}: the environment variable SYMCM_BACKEND must be 'flint' or 'sympy' "
                    f"(or unset), received {env!r}"
                )
            if env == "flint" and _flint is None:
                raise _missing_flint(f"{where}: SYMCM_BACKEND='flint'")
            return env
        return "flint" if _flint is not None else "sympy"
    if not isinstance(name, str) or name not in BACKENDS:
        raise ParameterTypeError(
            f"{where}: backend must be 'flint' or 'sympy' (or None for the default), received {describe(name)}"
        )
    if name == "flint" and _flint is None:
        raise _missing_flint(f"{where}: backend='flint'")
    return name


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
        ``None`` picks ``$SYMCM_BACKEND`` if set, else flint when installed
        (see :func:`backend_name`, which also says what is raised).

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.linalg import get_backend
    >>> p, q = sc.symbols("p q")
    >>> get_backend((p, q), "sympy")
    SympyBackend(p, q)
    """
    return _backend(tuple(gens), backend_name(name))


def rational_to_backend(numer: sp.Poly, denom: sp.Poly, backend: PolyBackend):
    """Convert a fraction of rational-coefficient polynomials to ``(N, D)`` over ``ZZ[gens]``."""
    cn, zn = numer.clear_denoms(convert=True)
    cd, zd = denom.clear_denoms(convert=True)
    # numer/denom = (zn / cn) / (zd / cd) = (zn * cd) / (zd * cn)
    n = backend.from_poly(zn) * backend.from_int(int(cd))
    d = backend.from_poly(zd) * backend.from_int(int(cn))
    return n, d


#: Default cap on the number of terms of any polynomial formed during elimination.
MAX_TERMS = 1_000_000


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
        if size(y[c]) > max_terms:
            raise _too_many_terms(size(y[c]), max_terms, "fraction-free back substitution")
    return [y[j] for j in range(ncols)], det


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
    y, det = _bareiss_solve(rows, last, backend, max_terms)
    return y + [det]
