"""The polynomial ring ``ZZ[x_1, ..., x_n]`` that symcm computes in, and every operation on its elements.

Exact answers in symcm are rational functions of the parameters; inside, they
are kept as pairs of integer polynomials and only the results are written as
sympy expressions.  :class:`PolyBackend` is that ring for fixed generators
``gens``, one object per backend (python-flint or pure sympy, in
:mod:`symcm.algebra.backends`); its methods are the whole ring API:

* conversion from and to dicts ``{exponent tuple: int}``, sympy polynomials
  and expressions (rational coefficients are cleared into a positive integer
  denominator, :func:`rational_to_backend`), and reduced fractions as sympy
  expressions with a sign convention;
* exact division, gcd and the distinct irreducible factors;
* the content-free **normal form** (positive lex-leading coefficient) and a
  hashable key of it, so factors can be collected up to units;
* coefficients, degree and the substitution ``x_i = num / den`` in one
  generator, with ``f**0 = 1`` for every ``f``, ``0**0`` included (sympy's
  ``PolyElement`` raises there, FLINT does not);
* signs at rational points, by exact integer arithmetic on the terms;
* vectors of elements: their sum, and their **primitive form** (entries
  divided by their gcd, the first nonzero one with a positive leading
  coefficient) with its hashable key.  Two vectors are proportional over the
  field of fractions exactly when their primitive forms agree, because
  ``ZZ[gens]`` is a unique factorisation domain; so the key identifies the
  point ``vec / sum(vec)`` (a belief, in :mod:`symcm.causal.states`).

Conversion to sympy is where large results spend their time
(``docs/benchmarks.md``): :meth:`PolyBackend.to_expr` writes sympy's canonical
``Add``/``Mul`` trees directly (:mod:`symcm.algebra.sparse`) and remembers the
last few large conversions (a normalising denominator is shared by every
state); this changes no expression.  Fraction-free elimination over the ring
is in :mod:`symcm.algebra.elimination`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

import sympy as sp

from ..errors import DomainError
from .sparse import _ExprBuilder

__all__ = ["PolyBackend", "rational_to_backend"]

#: Elements with at least this many terms are remembered by ``to_expr``.
_MEMO_MIN_TERMS = 32
#: How many recent conversions ``to_expr`` remembers per backend.
_MEMO_SIZE = 4


class PolyBackend:
    """The ring ``ZZ[gens]``: its elements support ``+ - *``, ``==`` and truth; the operations are methods.

    Subclasses provide :meth:`from_dict`, :meth:`terms`, exact division,
    gcd and :meth:`factors`; everything else is built on those.  Generator
    ``i`` is ``gens[i]``: exponent tuples and the index arguments refer to it.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p, q = sc.symbols("p q")
    >>> R = get_backend((p, q), "sympy")
    >>> f, den = R.from_expr(p**2 / 2 - q)
    >>> den, R.to_expr(f)
    (2, p**2 - 2*q)
    >>> R.to_expr(R.subst(f, 0, R.from_dict({(0, 0): 1}), R.one)[0])
    1 - 2*q
    """

    name = "abstract"

    def __init__(self, gens: tuple[sp.Symbol, ...]):
        self.gens = tuple(gens)
        self._builder = _ExprBuilder(self.gens)
        self._memo = []  # recent (element, Expr) pairs of large elements, newest last

    # --- conversions ------------------------------------------------------------

    def from_dict(self, d: Mapping):  # pragma: no cover - abstract
        """The element with terms ``{exponent tuple: int}`` (zero coefficients allowed)."""
        raise NotImplementedError

    def terms(self, el):  # pragma: no cover - abstract
        """``(exponent tuple, int-like coefficient)`` pairs of ``el``."""
        raise NotImplementedError

    def to_dict(self, el) -> dict:
        """``{exponent tuple: int}`` of ``el`` (no zero coefficients)."""
        return {tuple(m): int(c) for m, c in self.terms(el)}

    def from_int(self, n: int):
        """The constant ``n``."""
        return self.from_dict({(0,) * len(self.gens): n})

    def from_poly(self, poly: sp.Poly):
        """A sympy ``Poly`` in ``gens`` with integer coefficients."""
        return self.from_dict(poly.as_dict())

    def from_expr(self, expr) -> tuple:
        """A polynomial with rational coefficients as ``(integer polynomial, positive integer denominator)``."""
        expr = sp.sympify(expr)
        if expr == 0:
            return self.zero, 1
        poly = sp.Poly(expr, *self.gens, domain=sp.QQ)
        den, poly = poly.clear_denoms(convert=True)
        return self.from_dict(poly.as_dict()), int(den)

    def from_rational_function(self, expr) -> tuple:
        """``expr = N / D`` as two integer polynomials (cancelled)."""
        num, den = sp.fraction(sp.cancel(sp.together(sp.sympify(expr))))
        n, cn = self.from_expr(num)
        d, cd = self.from_expr(den)
        return n * self.from_int(cd), d * self.from_int(cn)

    def to_expr(self, el) -> sp.Expr:
        """``el`` as a sympy expression, identical to ``Poly.from_dict(...).as_expr()``.

        The terms are assembled directly into a canonical ``Add`` of ``Mul``
        (see :class:`~symcm.algebra.sparse._ExprBuilder`), which is several
        times faster than sympy's generic constructors.  The last few large
        conversions are remembered, because callers convert the same
        normalising denominator once per state (expressions are immutable,
        so sharing them is safe).
        """
        if not el:
            return sp.Integer(0)
        if self.size(el) < _MEMO_MIN_TERMS:
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

    def fraction(self, num, den, point: Mapping) -> sp.Expr:
        """``num / den`` in lowest terms as a sympy expression, the denominator positive at ``point``.

        Where ``den`` vanishes at ``point`` its lex-leading coefficient is
        made positive instead (the sign convention of ``sp.cancel``).  This
        is the convention of :func:`symcm.causal.stationary.stationary_distribution`
        (``q/(p + q)``, ``1/(3 - 2*p)``) when ``point`` is the domain's centre.
        """
        if not num:
            return sp.Integer(0)
        g = self.gcd(num, den)
        num, den = self.exquo(num, g), self.exquo(den, g)
        sign = self.evaluate_sign(den, point) or self.leading_sign(den)
        if sign < 0:
            num, den = -num, -den
        return self.to_expr(num) / self.to_expr(den)

    # --- structure -----------------------------------------------------------------

    def size(self, el) -> int:
        """A cost measure (number of terms) used for pivot choice and ordering."""
        return 1

    def used(self, el) -> set:
        """Indices of the generators that occur in ``el``."""
        out = set()
        for m, _ in self.terms(el):
            out.update(i for i, e in enumerate(m) if e)
        return out

    def degree(self, el, i: int) -> int:
        """The degree of ``el`` in generator ``i`` (``-1`` for zero)."""
        return max((m[i] for m, _ in self.terms(el)), default=-1)

    def coeffs(self, el, i: int) -> dict:
        """``{k: c_k}`` with ``el = sum_k c_k x_i^k`` (the ``c_k`` free of ``x_i``, nonzero)."""
        groups: dict = {}
        for m, c in self.terms(el):
            mm = list(m)
            k, mm[i] = mm[i], 0
            groups.setdefault(k, {})[tuple(mm)] = int(c)
        return {k: self.from_dict(v) for k, v in groups.items()}

    def is_const(self, el) -> bool:
        """Whether ``el`` is an integer (zero included)."""
        return all(not any(m) for m, _ in self.terms(el))

    def constant(self, el) -> int:
        """The constant term of ``el``."""
        return self.to_dict(el).get((0,) * len(self.gens), 0)

    def leading_sign(self, el) -> int:
        """Sign of the lex-leading coefficient of a nonzero element (the sign convention of ``sp.cancel``)."""
        _, c = max(self.terms(el), key=lambda t: tuple(t[0]))
        return 1 if int(c) > 0 else -1

    # --- arithmetic ----------------------------------------------------------------

    def exquo(self, a, b):  # pragma: no cover - abstract
        """``a / b``, which must be exact."""
        raise NotImplementedError

    def try_exquo(self, a, b):  # pragma: no cover - abstract
        """``a / b`` if ``b`` (nonzero) divides ``a``, else None."""
        raise NotImplementedError

    def gcd(self, a, b):  # pragma: no cover - abstract
        raise NotImplementedError

    def factors(self, el) -> list:  # pragma: no cover - abstract
        """The distinct irreducible factors of ``el`` (constants dropped)."""
        raise NotImplementedError

    def power(self, el, k: int):
        """``el**k`` with ``el**0 = 1`` for every ``el``, ``0**0`` included.

        FLINT follows that convention; sympy's ``PolyElement`` raises
        ``ValueError: 0**0``, which substituting ``x_i = 0`` would reach.
        """
        return self.one if k == 0 else el**k

    def normal(self, el):
        """``el`` divided by its content, with a positive lex-leading coefficient (``el`` nonzero)."""
        d = self.to_dict(el)
        g = 0
        for c in d.values():
            g = math.gcd(g, c)
        if d[max(d)] < 0:
            g = -g
        return self.from_dict({m: c // g for m, c in d.items()})

    def key(self, el) -> tuple:
        """A hashable key of ``el`` up to integer factors: equal keys iff the normal forms are equal."""
        return tuple(sorted(self.to_dict(self.normal(el)).items()))

    def subst(self, el, i: int, num, den) -> tuple:
        """``(den**d * el(x_i = num/den), d)`` with ``d = deg_i el``: the numerator of the substitution."""
        cs = self.coeffs(el, i)
        if not cs:
            return self.zero, 0
        d = max(cs)
        out = self.zero
        for k, c in cs.items():
            out = out + c * self.power(num, k) * self.power(den, d - k)
        return out, d

    def subst_fraction(self, n, d, i: int, num, den) -> tuple:
        """The reduced fraction ``(n/d)(x_i = num/den)``, its denominator with a positive leading coefficient."""
        top, dn = self.subst(n, i, num, den)
        bottom, dd = self.subst(d, i, num, den)
        if dd >= dn:
            top = top * self.power(den, dd - dn)
        else:
            bottom = bottom * self.power(den, dn - dd)
        g = self.gcd(top, bottom)
        top, bottom = self.exquo(top, g), self.exquo(bottom, g)
        if self.leading_sign(bottom) < 0:
            top, bottom = -top, -bottom
        return top, bottom

    def _scaled_value(self, el, point) -> tuple[int, int]:
        """``(N, B)`` with ``el(point) = N / B``, ``B > 0``, by integer arithmetic on the terms.

        With ``x_i = a_i / b_i`` and ``D_i`` the degree of ``el`` in ``x_i``,
        ``el(x) * prod b_i**D_i`` is the integer
        ``N = sum c * prod a_i**e_i * b_i**(D_i - e_i)`` and ``B = prod b_i**D_i``.
        """
        values = [Fraction(int(sp.Rational(point[g]).p), int(sp.Rational(point[g]).q)) for g in self.gens]
        terms = list(self.terms(el))
        if not terms:
            return 0, 1
        degs = [int(max(m[i] for m, _ in terms)) for i in range(len(self.gens))]
        # factor i of a term with exponent e: a_i**e * b_i**(D_i - e), tabulated
        tables = [[v.numerator ** e * v.denominator ** (d - e) for e in range(d + 1)]
                  for v, d in zip(values, degs)]
        total = 0
        for monom, c in terms:
            t = int(c)
            for table, e in zip(tables, monom):
                t *= table[e]
            total += t
        return int(total), int(math.prod(v.denominator ** d for v, d in zip(values, degs)))

    def evaluate(self, el, point) -> Fraction:
        """The exact value of ``el`` at a rational point (dict Symbol -> rational), every generator given.

        Examples
        --------
        >>> import sympy as sp
        >>> from symcm.algebra.backends import get_backend
        >>> p, q = sp.symbols("p q")
        >>> R = get_backend((p, q), "sympy")
        >>> R.evaluate(R.from_expr(3*p**2 - q)[0], {p: sp.Rational(1, 3), q: 2})
        Fraction(-5, 3)
        """
        missing = [g for g in self.gens if g not in point]
        if missing:
            raise DomainError(f"evaluate: expected a rational value for every parameter {list(self.gens)}; "
                              f"received none for {missing}")
        num, den = self._scaled_value(el, point)
        return Fraction(num, den)

    def evaluate_sign(self, el, point) -> int:
        """Sign of ``el`` at a rational point (dict Symbol -> Rational), by :meth:`_scaled_value`."""
        if not all(g in point for g in self.gens):
            v = self.to_expr(el).subs(point)
            return 1 if v > 0 else (-1 if v < 0 else 0)
        total, _ = self._scaled_value(el, point)
        return (total > 0) - (total < 0)

    # --- vectors -------------------------------------------------------------------

    def vector_sum(self, vec: Sequence):
        """The sum of the entries of ``vec``."""
        total = self.zero
        for v in vec:
            total = total + v
        return total

    def primitive(self, vec: Sequence) -> tuple:
        """``vec / g`` with ``g`` the gcd of its entries, signed so its first nonzero entry leads positively.

        Two vectors are proportional over the field of rational functions
        exactly when their primitive forms are equal (``ZZ[gens]`` is a
        unique factorisation domain), so with :meth:`vector_key` this is a
        canonical key of the point ``vec / sum(vec)``.  ``vec`` must not be zero.
        """
        g = self.zero
        for v in vec:
            if v:
                g = self.gcd(g, v) if g else v
        first = next(v for v in vec if v)
        if self.leading_sign(self.exquo(first, g)) < 0:
            g = -g
        return tuple(self.exquo(v, g) if v else self.zero for v in vec)

    def vector_key(self, vec: Sequence) -> tuple:
        """A hashable, canonical key of a vector of elements (flint polynomials are unhashable)."""
        return tuple(tuple(sorted(self.to_dict(v).items())) for v in vec)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(map(str, self.gens))})"


def rational_to_backend(numer: sp.Poly, denom: sp.Poly, backend: PolyBackend):
    """Convert a fraction of rational-coefficient polynomials to ``(N, D)`` over ``ZZ[gens]``."""
    cn, zn = numer.clear_denoms(convert=True)
    cd, zd = denom.clear_denoms(convert=True)
    # numer/denom = (zn / cn) / (zd / cd) = (zn * cd) / (zd * cn)
    n = backend.from_poly(zn) * backend.from_int(int(cd))
    d = backend.from_poly(zd) * backend.from_int(int(cn))
    return n, d
