r"""Certified crossovers: where one measure is below another, in one parameter.

Given two expressions ``lower`` and ``upper`` in one parameter :math:`p` on
an open range :math:`(a, b)`, :func:`crossover` computes the region

.. math::

    R = \{\, p \in (a, b) : \mathrm{lower}(p) < \mathrm{upper}(p) \,\}
      = \{\, p : f(p) > 0 \,\}, \qquad f = \mathrm{upper} - \mathrm{lower},

as a finite union of intervals whose ends are either exact rationals or
certified roots of :math:`f`, each enclosed in an interval of width below
:math:`10^{-\text{digits}}` that provably contains exactly one root.  Nothing
is estimated: every statement is proved with outward-rounded interval
arithmetic (:mod:`symcm.algebra.intervals`) or with exact sympy arithmetic at rational
points.

Mathematics
-----------
*Sign on a box.*  If the interval extension :math:`F(X)` excludes 0, then
:math:`f` has that sign on the whole box :math:`X`.

*Exactly one root.*  If the derivative enclosure :math:`F'(X)` excludes 0,
then :math:`f` is strictly monotone on :math:`X` and has at most one root
there; if moreover :math:`f` has strictly opposite signs at the two ends of
:math:`X`, it has exactly one (intermediate value theorem).  The root is then
refined with the interval Newton operator [Moore, Kearfott & Cloud 2009,
sec. 8.1]

.. math::

    N(X) = c - f(c) / F'(X), \qquad X_{k+1} = X_k \cap N(X_k),

which keeps every root of :math:`X_k` and converges quadratically; an
iterate with :math:`N(X) \subset \operatorname{int} X` is an independent
certificate (Moore's theorem, the Newton form of Krawczyk's test [Krawczyk
1969]) that :math:`X` contains exactly one root.

*Exact special points.*  Bisection cannot certify a point where
:math:`f` vanishes without changing sign (a tangency such as
:math:`(p - 1/3)^2`), a point where lower and upper are equal exactly (the
IID point of a family, where both vanish), or an isolated point where a
``Piecewise`` branch applies (``Eq(p, 1/2)``).  When a small box stays
undecided, the *simplest rational* near it (fewest digits; continued
fractions) is tested exactly with sympy: :math:`f(c) = 0`, or a ``Piecewise``
condition changes at :math:`c`.  If so :math:`c` becomes an exact break point
and each side is analysed on its own.

*One side of a point.*  The sign of :math:`f` on :math:`(c, c + \delta]`
is decided, in this order: (i) the branch of every ``Piecewise`` that holds
on that side (recursively, from the signs of its conditions); (ii) the
interval extension on :math:`[c, c + \delta]` for decreasing
:math:`\delta`; (iii) the exact value :math:`f(c)` (a one-sided limit if
:math:`f` has a removable singularity at :math:`c`, as :math:`p \log p`
at 0) together with the sign of :math:`f'` on the same side, obtained
recursively: if :math:`f' \ne 0` there, :math:`f` is strictly monotone on
:math:`[c, c + \delta]`.  Up to six derivatives are used, which decides any
zero of finite order at a rational point.

Conventions
-----------
* The range is open: :math:`a` and :math:`b` are never in the region.
* A boundary of kind ``"root"`` is given by exact dyadic rationals
  ``lo < hi`` with ``hi - lo < 10**-digits`` and exactly one root inside.
  Kinds ``"exact"`` (:math:`f(c) = 0`) and ``"jump"`` (:math:`f(c) \ne 0`
  but the sign differs on a side) are exact rational points.
* Printed decimals ``0.3813...`` are *certified truncations*: every shown
  digit is correct, i.e. the point lies in ``[0.3813, 0.3814)``.
* :meth:`Region.as_set` rounds the ends outward (``kind="outer"``, a
  superset of the region) or inward (``kind="inner"``, a subset).

References
----------
.. [1] R. E. Moore, R. B. Kearfott and M. J. Cloud, *Introduction to
   Interval Analysis*, SIAM, 2009, ch. 8.
.. [2] R. Krawczyk, "Newton-Algorithmen zur Bestimmung von Nullstellen mit
   Fehlerschranken", Computing 4, 187-201 (1969).
.. [3] W. Loehr and N. Ay, "Non-sufficient memories that are sufficient for
   prediction", Complex Sciences, LNICST 4, 265-276 (2009).

Examples
--------
>>> import sympy as sp, symcm as sc
>>> from symcm.generation.crossover import crossover
>>> p = sc.symbols("p")
>>> r = crossover(sc.state_entropy(sc.processes.lohr_generator(p)), 1, over={p: (0, sp.S.Half)}, digits=20)
>>> print(r)
p in (0.38645390239032590639..., 1/2)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath.libmp import dps_to_prec, from_rational, fzero, mpf_gt, mpf_lt, round_ceiling, round_floor, to_rational

from .. import checks
from ..algebra.domain import to_rational as _to_rational
from .. import checks
from ..errors import DomainError, ExpressionError, ParameterTypeError, TooLargeError, UndecidableError
from mpmath.libmp.libmpi import mpi_div, mpi_sub

from ..algebra.intervals import IntervalFunction, _finite, _rational_raw, _zero_in, compile_interval, to_iv

__all__ = ["crossover", "Region", "Boundary", "Span", "MAX_DIGITS"]

#: Largest ``digits`` accepted unless ``max_digits`` is raised.
MAX_DIGITS = 10_000

_MAX_NUMBER_BITS = 14_000  # about 4200 decimal digits: Python refuses str() of an int past 4300 digits
_MAX_ORDER = 6  # derivatives used to decide the sign beside a zero of finite order
_SIDE_TRIES = 12  # shrinking steps of the direct side test
_CANDIDATE_EVERY = 6  # bisection depths between two searches for an exact special point


class _Special(Exception):
    """Internal: an exact special point was found at ``point``; split the gap there."""

    def __init__(self, point: Fraction):
        super().__init__(point)
        self.point = point


# ---------------------------------------------------------------------------
# exact helpers
# ---------------------------------------------------------------------------


def _frac(x) -> Fraction:
    x = sp.Rational(x)
    return Fraction(int(x.p), int(x.q))


def _exact_rational(x, name: str, *, where: str) -> Fraction:
    """A user's exact rational (int, Fraction, sympy Rational) as a Fraction; text and other kinds are refused."""
    value = checks.sympy_value(x, name, where=where)  # text is refused, never evaluated
    if not (isinstance(value, sp.Basic) and value.is_Rational):
        raise ParameterTypeError(f"{where}: {name} must be an exact rational number, received {checks.describe(x)}")
    return _frac(value)


def _check_text_digits(digits, *, where: str) -> int:
    """``digits`` of a text form: an int from 1 to :data:`MAX_DIGITS`."""
    return checks.integer(digits, "digits", where=where, minimum=1, maximum=MAX_DIGITS)


def _rat(x: Fraction) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


def _simplest_between(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator in ``[lo, hi]`` (continued fractions)."""
    shift = math.floor(lo)
    lo, hi = lo - shift, hi - shift
    terms = []
    a, b = lo, hi
    while True:
        fa = math.floor(a)
        if fa == a:
            terms.append(fa)
            break
        if fa + 1 <= b:
            terms.append(fa + 1)
            break
        terms.append(fa)
        a, b = 1 / (b - fa), 1 / (a - fa)
    value = Fraction(terms[-1])
    for t in reversed(terms[:-1]):
        value = t + 1 / value
    return value + shift


def _mpf_frac(raw) -> Fraction:
    """Exact value of a finite raw mpf."""
    num, den = to_rational(raw)
    return Fraction(num, den)


def _raw_box(lo: Fraction, hi: Fraction, prec: int):
    """Outward-rounded raw interval containing ``[lo, hi]``."""
    return (_rational_raw(lo.numerator, lo.denominator, prec)[0], _rational_raw(hi.numerator, hi.denominator, prec)[1])


def _sign_of(raw) -> int | None:
    """+1 / -1 if ``raw`` excludes 0, else None."""
    if raw is None:
        return None
    if mpf_gt(raw[0], fzero):
        return 1
    if mpf_lt(raw[1], fzero):
        return -1
    return None


def _exact_sign(value, precisions=(64, 256, 1024)) -> int | None:
    """Sign (+1, 0, -1) of an exact sympy number, or None if it cannot be decided or is undefined.

    Interval evaluation at the given ``precisions`` (bits) decides a nonzero
    sign; a zero is only accepted from a symbolic proof: the number is
    exactly 0, simplifies to 0, or is algebraic with minimal polynomial
    ``x``.  The symbolic steps are skipped for expressions with huge
    rationals (simplifying logs of them would factor huge integers).
    """
    value = checks.sympy_value(value, "value", where="crossover")
    if value is sp.S.Zero:
        return 0
    if value is sp.oo:
        return 1
    if value is sp.S.NegativeInfinity:
        return -1
    if value.has(sp.nan, sp.zoo, sp.I) or value.free_symbols:
        return None
    try:
        g = compile_interval(value, ())
    except ExpressionError:
        return None
    for prec in precisions:
        raw = g.raw((), prec)
        if raw is None:
            return None
        s = _sign_of(raw)
        if s is not None:
            return s
        if raw == (fzero, fzero):
            return 0
    # maybe exactly zero: only symbolic proofs are accepted
    if any(abs(r.p) > 10**30 or r.q > 10**30 for r in value.atoms(sp.Rational)) or sp.count_ops(value) > 200:
        return None
    try:
        if sp.simplify(value.rewrite(sp.log)) == 0:
            return 0
        if value.is_algebraic:
            x = sp.Dummy("x")
            return 0 if sp.minimal_polynomial(value, x) == x else None
    except (NotImplementedError, ValueError, TypeError):  # pragma: no cover - sympy limitations
        return None
    return None


def _truncated(lo: Fraction, hi: Fraction, digits: int) -> str | None:
    """The decimal digits shared by every number of ``[lo, hi]`` (truncation), up to ``digits`` decimals."""
    negative = hi < 0
    if negative:
        lo, hi = -hi, -lo
    if lo < 0:
        return None
    for d in range(digits, 0, -1):
        scale = 10**d
        a, b = math.floor(lo * scale), math.floor(hi * scale)
        if a == b:
            whole, frac = divmod(a, scale)
            text = f"{whole}.{frac:0{d}d}"
            return ("-" if negative else "") + text
    return None


def _rational_text(x: sp.Rational, digits: int, latex: bool) -> str:
    """An exact rational: a terminating decimal when it has one (within ``digits``), else a fraction."""
    if x.q == 1:
        return str(x.p)
    q = int(x.q)
    twos = fives = 0
    while q % 2 == 0:
        q //= 2
        twos += 1
    while q % 5 == 0:
        q //= 5
        fives += 1
    if q == 1 and max(twos, fives) <= digits and latex:
        return _truncated(_frac(x), _frac(x), max(twos, fives))
    return sp.latex(x) if latex else str(x)


def _directed_float(x: Fraction, digits: int, down: bool) -> sp.Float:
    """A Float of ``digits`` significant digits at or below ``x`` (``down``) or at or above it.

    ``x`` is first rounded in decimal to ``digits`` significant digits in
    the requested direction, then to binary in the same direction; the Float
    prints as that decimal and its stored value is on the requested side.
    """
    bits = dps_to_prec(digits)
    if x == 0:
        return sp.Float(0, precision=bits)
    exponent = len(str(abs(x.numerator))) - len(str(x.denominator))  # within 1 of floor(log10 |x|)
    while abs(x) >= Fraction(10) ** (exponent + 1):
        exponent += 1
    while abs(x) < Fraction(10) ** exponent:
        exponent -= 1
    scale = Fraction(10) ** (digits - 1 - exponent)
    scaled = x * scale
    n = math.floor(scaled) if down else math.ceil(scaled)
    d = n / scale
    raw = from_rational(d.numerator, d.denominator, bits, round_floor if down else round_ceiling)
    return sp.Float(mpmath.mp.make_mpf(raw), precision=bits)


# ---------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------


class _Pair:
    """Unpacks as the pair ``(lo, hi)`` (``lo, hi = x``, ``x[0]``, ``len(x) == 2``), as API.md promises."""

    __slots__ = ()

    def __iter__(self):
        return iter((self.lo, self.hi))

    def __len__(self) -> int:
        return 2

    def __getitem__(self, index):
        return (self.lo, self.hi)[index]


@dataclass(frozen=True)
class Boundary(_Pair):
    """A point of the range where the region ``lower < upper`` begins or ends.

    Attributes
    ----------
    lo, hi : sympy.Rational
        The enclosure ``[lo, hi]`` of the point (``lo == hi`` for an exact point).
    kind : str
        ``"root"``: exactly one root of ``upper - lower`` lies in ``[lo, hi]``
        (``hi - lo < 10**-digits``), where the sign changes;
        ``"exact"``: ``upper - lower`` is exactly 0 at the rational ``lo == hi``;
        ``"jump"``: ``upper - lower`` is not 0 at ``lo == hi`` but its sign
        there differs from a side (a ``Piecewise`` branch for that point).
    left, right : int
        Sign (+1 or -1) of ``upper - lower`` just left and just right of the point.
    sign : int or None
        Sign of ``upper - lower`` at the point (0 for roots and exact zeros;
        None where it is undefined).
    certificate : str
        How uniqueness and existence were proved.

    Notes
    -----
    A boundary *is* its enclosure ``[lo, hi]`` as far as unpacking goes:
    ``lo, hi = b``, ``b[0]``, ``b[1]``, ``len(b) == 2`` and ``tuple(b) ==
    (b.lo, b.hi)``, so ``sympy.Interval(*b)`` is the enclosure as a sympy
    set.  Equality compares every attribute (two boundaries are equal when
    they are the same enclosure of the same kind, with the same signs and
    certificate); compare ``tuple(b)`` to compare the enclosures alone.
    ``str(b)`` is the certified decimal (:meth:`decimal`); the repr adds the
    kind and the signs on each side; the exact ends are ``b.lo`` and ``b.hi``.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.generation.crossover import crossover
    >>> p = sc.symbols("p")
    >>> b, = crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=15).boundaries
    >>> b
    Boundary(0.707106781186547524..., kind='root', left=1, right=-1)
    >>> b.kind, b.left, b.right, b.hi - b.lo < sp.Rational(1, 10**15)
    ('root', 1, -1, True)
    >>> b.contains(sp.sqrt(2) / 2), b.decimal()
    (True, '0.707106781186547...')
    >>> lo, hi = b
    >>> (lo, hi) == (b.lo, b.hi) == (b[0], b[1]) and len(b) == 2
    True
    >>> sp.Interval(*b).contains(sp.sqrt(2) / 2)
    True

    A boundary compares (``<``, ``<=``, ``>``, ``>=``) with a real number or
    another boundary as the point it encloses, when the enclosure decides it
    (:class:`~symcm.errors.UndecidableError` when the number lies inside it):

    >>> 0 < b < 1, b > sp.Rational(7, 10), b < sp.Rational(71, 100)
    (True, True, True)
    """

    lo: sp.Rational
    hi: sp.Rational
    kind: str
    left: int
    right: int
    sign: int | None = 0
    certificate: str = ""

    @property
    def point(self) -> sp.Rational | None:
        """The exact point (kinds ``"exact"`` and ``"jump"``), else None."""
        return self.lo if self.lo == self.hi else None

    @property
    def width(self) -> sp.Rational:
        """``hi - lo`` (exact)."""
        return self.hi - self.lo

    @property
    def interval(self) -> mpmath.ctx_iv.ivmpf:
        """The enclosure as an ``mpmath.iv`` interval (outward rounded if the ends are not dyadic)."""
        lo, hi = _frac(self.lo), _frac(self.hi)
        return to_iv(_raw_box(lo, hi, dps_to_prec(60)))

    def contains(self, x) -> bool:
        """Whether the exact number ``x`` lies in ``[lo, hi]`` (decided exactly or with certified numerics)."""
        x = checks.sympy_value(x, "x", where="Boundary.contains")  # text is refused, never evaluated
        return bool(_exact_sign(x - self.lo) in (0, 1) and _exact_sign(self.hi - x) in (0, 1))

    def decimal(self, digits: int | None = None) -> str:
        """Certified decimal truncation: every digit shown is correct, ``...`` marks truncation."""
        if digits is not None:
            digits = _check_text_digits(digits, where="Boundary.decimal")
        if self.point is not None:
            return str(self.point)
        if digits is None:  # as many decimals as the width can certify
            digits = len(str(math.floor(1 / _frac(self.hi - self.lo)))) if self.hi > self.lo else 1
        text = _truncated(_frac(self.lo), _frac(self.hi), digits)
        return f"{text}..." if text is not None else f"[{self.lo}, {self.hi}]"

    # -- order: the boundary as the point it encloses --------------------------------------------

    def _compare(self, other, op: str) -> int:
        """-1, 0 or +1: the point enclosed compared with ``other`` (a number or a Boundary), when certain."""
        if isinstance(other, Boundary):
            if self.hi < other.lo:
                return -1
            if self.lo > other.hi:
                return 1
            if self.point is not None and self.point == other.point or (
                    tuple(self) == tuple(other) and self.kind == other.kind == "root"):
                return 0  # one exact point, or the enclosure of one root
            shown = other.decimal()
        else:
            x = checks.sympy_value(other, "the other side", where=f"Boundary {op}")
            if not (isinstance(x, sp.Expr) and x.is_number and x.is_real is not False):
                raise ParameterTypeError(
                    f"Boundary {op}: a boundary compares with a real number or another Boundary, "
                    f"received {checks.describe(other)}"
                )
            if _exact_sign(self.hi - x) == -1:
                return -1
            if _exact_sign(x - self.lo) == -1:
                return 1
            if self.point is not None and _exact_sign(self.point - x) == 0:
                return 0
            shown = str(x)
        raise UndecidableError(
            f"Boundary {op}: cannot decide whether the boundary {self.decimal()} {op} {shown}: it lies in the "
            f"enclosure [{self.lo}, {self.hi}]; compare its ends b.lo and b.hi, or compute it with more digits"
        )

    def __lt__(self, other):
        return self._compare(other, "<") < 0

    def __le__(self, other):
        return self._compare(other, "<=") <= 0

    def __gt__(self, other):
        return self._compare(other, ">") > 0

    def __ge__(self, other):
        return self._compare(other, ">=") >= 0

    def __repr__(self) -> str:
        return f"Boundary({self.decimal()}, kind={self.kind!r}, left={self.left}, right={self.right})"

    def __str__(self) -> str:
        return self.decimal()


@dataclass(frozen=True)
class Span(_Pair):
    """One interval of the region: ends are exact rationals or root :class:`Boundary` objects.

    Attributes
    ----------
    lo, hi : sympy.Rational or Boundary
        The ends: an exact rational, or the certified enclosure of a root
        (a :class:`Boundary` of kind ``"root"``, never in the region).
    closed_lo, closed_hi : bool
        Whether an (exact) end belongs to the region.

    Notes
    -----
    A span unpacks as its ends: ``lo, hi = s``, ``s[0]``, ``s[1]``,
    ``len(s) == 2``, so ``for lo, hi in region.intervals`` walks the
    region.  Each end that is a :class:`Boundary` unpacks in turn as its
    enclosure.  Equality compares the ends and whether they are closed.
    ``str(s)`` is interval notation with certified decimals for root ends.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.generation.crossover import crossover
    >>> p = sc.symbols("p")
    >>> r = crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=15)
    >>> r.intervals
    (Span(0, 0.707106781186547524...),)
    >>> lo, hi = r.intervals[0]
    >>> lo, hi.kind, hi == r.boundaries[0]
    (0, 'root', True)
    >>> print(r.intervals[0])
    (0, 0.707106781186547524...)
    >>> [(lo, hi) for lo, hi in crossover(0, (p - sp.Rational(1, 3))**2, over={p: (0, 1)}).intervals]
    [(0, 1/3), (1/3, 1)]
    """

    lo: sp.Rational | Boundary
    hi: sp.Rational | Boundary
    closed_lo: bool = False
    closed_hi: bool = False

    def __repr__(self) -> str:
        closed = [f"{name}=True" for name, flag in (("closed_lo", self.closed_lo), ("closed_hi", self.closed_hi)) if flag]
        return "Span(" + ", ".join([str(self.lo), str(self.hi), *closed]) + ")"

    def __str__(self) -> str:
        """Interval notation: ``(0.3864..., 1/2)``, ``[1/3, 1/2)``, or ``{1/2}`` for a single point."""
        if self.lo == self.hi and not isinstance(self.lo, Boundary):
            return "{" + str(self.lo) + "}"
        return f"{'[' if self.closed_lo else '('}{self.lo}, {self.hi}{']' if self.closed_hi else ')'}"

    def _end_bounds(self, end) -> tuple[Fraction, Fraction]:
        if isinstance(end, Boundary):
            return _frac(end.lo), _frac(end.hi)
        return _frac(end), _frac(end)


@dataclass(frozen=True)
class Region:
    r"""The certified region ``{p in (a, b) : lower(p) < upper(p)}`` (see :func:`crossover`).

    Attributes
    ----------
    symbol : sympy.Symbol
    range : tuple of sympy.Rational
        The open range ``(a, b)``.
    lower, upper : sympy.Expr
    digits : int
    intervals : tuple of Span
        The maximal intervals of the region, left to right; each unpacks as
        its ends ``(lo, hi)``.
    boundaries : tuple of Boundary
        The points of ``(a, b)`` where membership changes, left to right;
        each unpacks as its enclosure ``(lo, hi)``.
    tangencies : tuple of sympy.Rational
        Exact points where ``lower == upper`` without the region changing
        (outside the region on both sides).
    """

    symbol: sp.Symbol
    range: tuple
    lower: sp.Expr
    upper: sp.Expr
    digits: int
    intervals: tuple
    boundaries: tuple
    tangencies: tuple = field(default=())

    # -- text --------------------------------------------------------------------------------

    def _end_text(self, end, digits: int, latex: bool) -> str:
        if isinstance(end, Boundary):
            text = end.decimal(digits)
            return text.replace("...", r"\ldots") if latex else text
        return _rational_text(end, digits, latex)

    def _span_text(self, span: Span, digits: int, latex: bool) -> str:
        lo, hi = self._end_text(span.lo, digits, latex), self._end_text(span.hi, digits, latex)
        if span.lo == span.hi and not isinstance(span.lo, Boundary):
            return rf"\left\{{{lo}\right\}}" if latex else "{" + lo + "}"
        left = "[" if span.closed_lo else "("
        right = "]" if span.closed_hi else ")"
        if latex:
            return rf"\left{left}{lo}, {hi}\right{right}"
        return f"{left}{lo}, {hi}{right}"

    def to_string(self, digits: int | None = None) -> str:
        """Plain-text form ``p in (0.3813..., 1/2) U ...`` with ``digits`` certified decimals."""
        digits = self.digits if digits is None else _check_text_digits(digits, where="Region.to_string")
        if not self.intervals:
            return f"{self.symbol} in {{}} (empty)"
        return f"{self.symbol} in " + " U ".join(self._span_text(s, digits, False) for s in self.intervals)

    def __str__(self) -> str:
        return self.to_string()

    def __repr__(self) -> str:
        return f"Region({self.to_string()}, digits={self.digits})"

    def latex(self, digits: int | None = None) -> str:
        r"""LaTeX ``p \in \left(0.3813\ldots, \frac{1}{2}\right)`` with ``digits`` certified decimals.

        Examples
        --------
        >>> import sympy as sp, symcm as sc
        >>> from symcm.generation.crossover import crossover
        >>> p = sc.symbols("p")
        >>> crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=10).latex(4)
        'p \\in \\left(0, 0.7071\\ldots\\right)'
        """
        digits = self.digits if digits is None else _check_text_digits(digits, where="Region.latex")
        name = sp.latex(self.symbol)
        if not self.intervals:
            return rf"{name} \in \emptyset"
        return rf"{name} \in " + r" \cup ".join(self._span_text(s, digits, True) for s in self.intervals)

    def _repr_latex_(self) -> str:
        return f"${self.latex()}$"

    # -- sets ---------------------------------------------------------------------------------

    def as_set(self, kind: str = "outer") -> sp.Set:
        """The region as a sympy ``Union`` of ``Interval``s with ``Float`` ends of ``digits`` digits.

        Parameters
        ----------
        kind : {"outer", "inner"}
            ``"outer"``: each end is rounded outward (left ends down, right
            ends up, in the Float's stored binary value), so the set contains
            the region; ``"inner"``: rounded inward, so the set is contained
            in it.  Open/closed ends are kept; ends exactly representable stay
            exact.

        Examples
        --------
        >>> import sympy as sp, symcm as sc
        >>> from symcm.generation.crossover import crossover
        >>> p = sc.symbols("p")
        >>> r = crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=10)
        >>> r.as_set()
        Interval.open(0, 0.7071067812)
        >>> r.as_set("inner").is_subset(r.as_set("outer"))
        True
        """
        if kind not in ("outer", "inner"):
            raise ParameterTypeError(f"kind must be 'outer' or 'inner', received {kind!r}")
        outer = kind == "outer"
        pieces = []
        for span in self.intervals:
            lo_a, lo_b = span._end_bounds(span.lo)
            hi_a, hi_b = span._end_bounds(span.hi)
            lo = _directed_float(lo_a if outer else lo_b, self.digits, down=outer)
            hi = _directed_float(hi_b if outer else hi_a, self.digits, down=not outer)
            lo = sp.Rational(lo) if sp.Rational(lo) == _rat(lo_a) and lo_a == lo_b and lo_a.denominator == 1 else lo
            hi = sp.Rational(hi) if sp.Rational(hi) == _rat(hi_b) and hi_a == hi_b and hi_b.denominator == 1 else hi
            if lo > hi:
                continue
            pieces.append(sp.Interval(lo, hi, not span.closed_lo, not span.closed_hi))
        return sp.Union(*pieces) if pieces else sp.S.EmptySet

    def contains(self, x) -> bool | None:
        """Whether the exact rational ``x`` is in the region; None if ``x`` lies in a root enclosure.

        Examples
        --------
        >>> import sympy as sp, symcm as sc
        >>> from symcm.generation.crossover import crossover
        >>> p = sc.symbols("p")
        >>> r = crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=10)
        >>> r.contains(sp.Rational(1, 2)), r.contains(sp.Rational(3, 4)), r.contains(1)
        (True, False, False)
        """
        x = _exact_rational(x, "x", where="Region.contains")
        a, b = _frac(self.range[0]), _frac(self.range[1])
        if not a < x < b:
            return False
        for boundary in self.boundaries:
            if boundary.kind == "root" and _frac(boundary.lo) <= x <= _frac(boundary.hi):
                return None
        for span in self.intervals:
            lo_a, lo_b = span._end_bounds(span.lo)
            hi_a, hi_b = span._end_bounds(span.hi)
            after_lo = x > lo_b or (x == lo_a == lo_b and span.closed_lo)
            before_hi = x < hi_a or (x == hi_a == hi_b and span.closed_hi)
            if after_lo and before_hi:
                return True
        return False


# ---------------------------------------------------------------------------
# the analysis
# ---------------------------------------------------------------------------


class _Analysis:
    """Sign analysis of ``f`` on the open range ``(a, b)``."""

    def __init__(self, f, p, a: Fraction, b: Fraction, digits: int, max_depth: int, max_boxes: int):
        self.f, self.p, self.a, self.b = f, p, a, b
        self.digits = digits
        self.max_depth = max_depth
        self.max_boxes = max_boxes
        self.boxes = 0
        self.F = compile_interval(f, (p,))
        if self.F.gradient is None:
            raise ExpressionError(
                f"crossover needs an interval extension of the derivative of upper - lower = {f}, "
                "which uses an unsupported function"
            )
        self.DF = self.F.gradient[0]
        self.conditions = sorted(
            {rel.lhs - rel.rhs for pw in f.atoms(sp.Piecewise) for _, c in pw.args for rel in c.atoms(sp.core.relational.Relational)},
            key=sp.default_sort_key,
        )
        self.H = [compile_interval(h, (p,)) for h in self.conditions]
        self.tested: set = set()
        self.target = Fraction(1, 10**digits)
        self.final_prec = dps_to_prec(digits) + 40 + max(0, max(abs(a), abs(b), 1).__ceil__().bit_length())

    # -- small tools ------------------------------------------------------------------------------

    def where(self, lo: Fraction, hi: Fraction) -> str:
        return f"{self.p} in [{mpmath.nstr(mpmath.mpf(lo.numerator) / lo.denominator, 15)}, " \
               f"{mpmath.nstr(mpmath.mpf(hi.numerator) / hi.denominator, 15)}]"

    def depth(self, width: Fraction) -> int:
        return max(0, ((self.b - self.a) / width).__floor__().bit_length() - 1)

    def prec(self, width: Fraction) -> int:
        return min(53 + 2 * self.depth(width), 2 * self.final_prec)

    def count(self, lo, hi):
        self.boxes += 1
        if self.boxes > self.max_boxes:
            raise TooLargeError(
                f"crossover evaluated more than max_boxes={self.max_boxes} boxes (last near {self.where(lo, hi)}); "
                "raise max_boxes, lower digits or narrow the range"
            )

    def point_sign(self, G: IntervalFunction, x: Fraction, prec: int) -> int | None:
        return _sign_of(G.raw((_rational_raw(x.numerator, x.denominator, prec),), prec))

    def is_special(self, c: Fraction) -> bool:
        """Exact test: ``f(c) == 0``, ``f`` undefined at ``c``, or a Piecewise condition changes at ``c``."""
        if c in self.tested:
            return False
        self.tested.add(c)
        C = _rat(c)
        for h in self.conditions:
            if _exact_sign(h.subs(self.p, C)) == 0:
                return True
        value = self.f.subs(self.p, C)
        if value.has(sp.nan, sp.zoo):
            return True
        return _exact_sign(value) == 0

    # -- one side of an exact point --------------------------------------------------------------------

    def resolve(self, g, c: Fraction, direction: int, max_delta: Fraction):
        """``g`` with each Piecewise replaced by the branch valid on the side; and the side length where it is."""
        cap = [max_delta]

        def visit(e):
            if isinstance(e, sp.Piecewise):
                for value, cond in e.args:
                    truth, delta = self.condition_side(cond, c, direction, max_delta)
                    cap[0] = min(cap[0], delta)
                    if truth:
                        return visit(value)
                raise ExpressionError(f"{e} is undefined beside {self.p} = {_rat(c)}")
            if e.args and e.has(sp.Piecewise):
                return e.func(*[visit(a) for a in e.args])
            return e

        return visit(g), cap[0]

    def condition_side(self, cond, c, direction, max_delta):
        if cond is sp.true or cond is sp.false:
            return bool(cond), max_delta
        if isinstance(cond, sp.Not):
            truth, d = self.condition_side(cond.args[0], c, direction, max_delta)
            return not truth, d
        if isinstance(cond, (sp.And, sp.Or)):
            results = [self.condition_side(a, c, direction, max_delta) for a in cond.args]
            delta = min(d for _, d in results)
            truths = [t for t, _ in results]
            return (all(truths) if isinstance(cond, sp.And) else any(truths)), delta
        if isinstance(cond, sp.core.relational.Relational):
            h = cond.lhs - cond.rhs
            if sp.expand(h) == 0:
                s, delta = 0, max_delta
            else:
                s, delta = self.side(h, c, direction, max_delta)
            truth = {
                sp.Equality: s == 0, sp.Unequality: s != 0,
                sp.StrictGreaterThan: s > 0, sp.GreaterThan: s >= 0,
                sp.StrictLessThan: s < 0, sp.LessThan: s <= 0,
            }[type(cond)]
            return truth, delta
        raise ExpressionError(f"crossover cannot decide the condition {cond}")

    def value_at(self, g, c: Fraction, direction: int):
        """Exact value of ``g`` at ``c``, or its one-sided limit if ``g`` is undefined there."""
        value = g.subs(self.p, _rat(c))
        if not value.has(sp.nan, sp.zoo):
            return value
        try:
            return sp.limit(g.rewrite(sp.log), self.p, _rat(c), "+" if direction > 0 else "-")
        except (NotImplementedError, ValueError, TypeError):  # pragma: no cover - sympy limitations
            return None

    def side(self, g, c: Fraction, direction: int, max_delta: Fraction, order: int = 0) -> tuple[int, Fraction]:
        """``(s, delta)``: ``g`` has the strict sign ``s`` on ``(c, c + delta]`` (direction +1) or ``[c - delta, c)``."""
        g, max_delta = self.resolve(g, c, direction, max_delta)
        if g == 0:
            side = "right" if direction > 0 else "left"
            raise UndecidableError(
                f"lower and upper coincide on an interval just {side} of {self.p} = {_rat(c)}; "
                "crossover needs them to differ except at isolated points"
            )
        G = compile_interval(g, (self.p,))
        delta = max_delta
        for _ in range(_SIDE_TRIES):
            lo, hi = (c, c + delta) if direction > 0 else (c - delta, c)
            prec = self.prec(delta)
            self.count(lo, hi)
            box = (_raw_box(lo, hi, prec),)
            value = G.raw(box, prec)
            if value is None:
                raise ExpressionError(f"{g} is not real for {self.where(lo, hi)}")
            s = _sign_of(value)
            if s is None:
                s = _sign_of(G.raw_centred(box, prec, value))
            if s is not None:
                return s, delta
            delta /= 4
        v0 = self.value_at(g, c, direction)
        s0 = None if v0 is None else _exact_sign(v0)
        if s0 is None or order >= _MAX_ORDER:
            side = "right" if direction > 0 else "left"
            raise UndecidableError(
                f"could not decide the sign of {g} just {side} of {self.p} = {_rat(c)} "
                f"(value there: {v0}; {order} derivatives used); narrow the range or simplify the expressions"
            )
        sd, dd = self.side(sp.diff(g, self.p), c, direction, max_delta, order + 1)
        away = sd * direction  # +1: g increases moving away from c
        if s0 == 0 or s0 == away:
            return (away if s0 == 0 else s0), dd
        d = dd
        for _ in range(4 * _SIDE_TRIES):
            x = c + direction * d
            if self.point_sign(G, x, self.prec(d)) == s0:
                return s0, d
            d /= 4
        raise UndecidableError(f"could not decide the sign of {g} beside {self.p} = {_rat(c)}")

    # -- a gap between exact points ------------------------------------------------------------------

    def split_point(self, lo: Fraction, hi: Fraction, prec: int) -> tuple[Fraction, int]:
        """A short dyadic ``c`` in ``(lo, hi)`` where ``f`` has a certified sign and is continuous."""
        width = hi - lo
        k = (8 / width).__ceil__().bit_length()
        scale = 1 << k
        undecided = []
        for t in (Fraction(1, 2), Fraction(3, 8), Fraction(5, 8), Fraction(7, 16), Fraction(9, 16)):
            c = Fraction(round((lo + t * width) * scale), scale)
            if not lo < c < hi:
                continue
            for q in (prec, 4 * prec):
                s = self.point_sign(self.F, c, q)
                if s is not None and all(self.point_sign(h, c, q) is not None for h in self.H):
                    return c, s
            if self.is_special(c):
                raise _Special(c)
            undecided.append(c)
        raise UndecidableError(
            f"could not find a point of certified sign in {self.where(lo, hi)}; "
            f"upper - lower is too close to 0 there (tried {', '.join(str(_rat(c)) for c in undecided)})"
        )

    def candidate(self, lo: Fraction, hi: Fraction, u: Fraction, v: Fraction):
        """Test the simplest rational near an undecided box; raise _Special if it is a special point."""
        width = hi - lo
        for window in ((lo - width, hi + width), (lo, hi)):
            w_lo, w_hi = max(window[0], u), min(window[1], v)
            if w_lo > w_hi:
                continue
            c = _simplest_between(w_lo, w_hi)
            if u < c < v and self.is_special(c):
                raise _Special(c)

    def gap(self, u: Fraction, v: Fraction):
        """Tokens for the open gap ``(u, v)``: ``("stretch", sign)`` and ``("root", lo, hi, left, right)``."""
        quarter = (v - u) / 4
        su, du = self.side(self.f, u, +1, quarter)
        sv, dv = self.side(self.f, v, -1, quarter)
        tokens = [("stretch", su)]
        stack = [(u + du, v - dv, su, sv)]
        while stack:
            lo, hi, sl, sr = stack.pop()
            width = hi - lo
            prec = self.prec(width)
            self.count(lo, hi)
            box = (_raw_box(lo, hi, prec),)
            value = self.F.raw(box, prec)
            if value is None:
                raise ExpressionError(f"upper - lower = {self.f} is not real for {self.where(lo, hi)}")
            s = _sign_of(value)
            if s is None:
                s = _sign_of(self.F.raw_centred(box, prec, value))
            if s is not None:
                tokens.append(("stretch", s))
                continue
            slope = self.DF.raw(box, prec)
            if slope is not None and not _zero_in(slope) and self.F.smooth_on(box, prec):
                if sl == sr:
                    tokens.append(("stretch", sl))
                else:
                    tokens.extend([("stretch", sl), ("root", lo, hi, sl, sr), ("stretch", sr)])
                continue
            depth = self.depth(width)
            if depth and depth % _CANDIDATE_EVERY == 0:
                self.candidate(lo, hi, u, v)
            if depth > self.max_depth:
                raise UndecidableError(
                    f"could not decide the sign of upper - lower = {self.f} near {self.where(lo, hi)} "
                    f"(bisection depth {depth} > max_depth={self.max_depth}): it touches or crosses 0 there "
                    "with zero slope, or jumps, at a point that is not a simple rational (a tangency, a multiple "
                    "root, or a Piecewise condition changing at an irrational point?); "
                    "raise max_depth, narrow the range or lower digits"
                )
            c, sc_ = self.split_point(lo, hi, prec)
            stack.append((c, hi, sc_, sr))
            stack.append((lo, c, sl, sc_))
        tokens.append(("stretch", sv))
        return tokens

    # -- Newton refinement --------------------------------------------------------------------------

    def refine(self, lo: Fraction, hi: Fraction, left: int, right: int) -> Boundary:
        """Interval Newton on a box with one simple root, to width < 10**-digits / 4."""
        target = self.target / 4
        box0 = (lo, hi)
        prec = max(64, self.prec(hi - lo))  # at least the precision that isolated the root
        certified = False
        steps = 0
        while True:
            steps += 1
            if steps > 10_000:  # pragma: no cover - defensive
                raise UndecidableError(f"interval Newton did not converge near {self.where(lo, hi)}")
            width = hi - lo
            if width < target:
                break
            c = (lo + hi) / 2
            if c.denominator & (c.denominator - 1):  # keep the midpoint dyadic and short
                k = (64 / width).__ceil__().bit_length()
                c = Fraction(round(c * (1 << k)), 1 << k)
            box = (_raw_box(lo, hi, prec),)
            slope = self.DF.raw(box, prec)
            fc = self.F.raw((_raw_box(c, c, prec),), prec)
            if slope is None or _zero_in(slope) or fc is None or not self.F.smooth_on(box, prec):
                prec = self.raise_prec(prec, lo, hi)
                continue
            if fc[0] == fzero and fc[1] == fzero and c.denominator & (c.denominator - 1) == 0:
                return Boundary(_rat(c), _rat(c), "exact", left, right, 0, "f(c) = 0 exactly")
            cc = _raw_box(c, c, prec)
            newton = mpi_sub(cc, mpi_div(fc, slope, prec), prec)
            n_lo = _mpf_frac(newton[0]) if _finite(newton[0]) else lo
            n_hi = _mpf_frac(newton[1]) if _finite(newton[1]) else hi
            if lo < n_lo and n_hi < hi:
                certified = True
            new_lo, new_hi = max(lo, n_lo), min(hi, n_hi)
            if new_lo > new_hi:  # pragma: no cover - impossible for a box with a root
                raise UndecidableError(f"interval Newton found no root near {self.where(lo, hi)}; please report")
            shrink = (new_hi - new_lo) / width if width else 0
            lo, hi = new_lo, new_hi
            if hi - lo == 0:
                return Boundary(_rat(lo), _rat(hi), "exact", left, right, 0, "f(c) = 0 exactly")
            if shrink > Fraction(1, 2):
                prec = self.raise_prec(prec, lo, hi)
            else:
                needed = 2 * max(1, (1 / (hi - lo)).__ceil__().bit_length()) + 40
                prec = max(prec, min(needed, self.final_prec))
        # a rational root is reported exactly: test the simplest rational of the enclosure
        c = _simplest_between(lo, hi)
        if lo < c < hi and _exact_sign(self.f.subs(self.p, _rat(c)), (64, 2 * self.final_prec)) == 0:
            return Boundary(_rat(c), _rat(c), "exact", left, right, 0, "f(c) = 0 exactly")
        # the ends must carry strict opposite signs: a self-contained certificate
        lo, hi = self.certify_ends(lo, hi, left, right, box0)
        if not certified:
            certified = self.newton_inclusion(lo, hi)
        how = "F' excludes 0 and the sign changes at the ends"
        if certified:
            how += "; interval Newton image inside the box"
        return Boundary(_rat(lo), _rat(hi), "root", left, right, 0, how)

    def newton_inclusion(self, lo: Fraction, hi: Fraction) -> bool:
        """Moore's test on ``[lo, hi]`` inflated by its width (epsilon-inflation): ``N(X)`` inside ``int X``."""
        width = hi - lo
        lo, hi = lo - width, hi + width
        prec = 2 * self.final_prec
        c = (lo + hi) / 2
        box = (_raw_box(lo, hi, prec),)
        slope = self.DF.raw(box, prec)
        fc = self.F.raw((_raw_box(c, c, prec),), prec)
        if slope is None or fc is None or _zero_in(slope):
            return False
        newton = mpi_sub(_raw_box(c, c, prec), mpi_div(fc, slope, prec), prec)
        if not (_finite(newton[0]) and _finite(newton[1])):
            return False
        return lo < _mpf_frac(newton[0]) and _mpf_frac(newton[1]) < hi

    def raise_prec(self, prec: int, lo: Fraction, hi: Fraction) -> int:
        if prec >= 4 * self.final_prec:
            raise UndecidableError(
                f"could not refine the root near {self.where(lo, hi)} to 1e-{self.digits} "
                f"even at {prec} bits of precision"
            )
        return min(2 * prec, 4 * self.final_prec)

    def certify_ends(self, lo: Fraction, hi: Fraction, left: int, right: int, box0):
        """Move the ends outward (within the width budget and the isolating box) until f has strict opposite signs there."""
        budget = self.target - (hi - lo)
        step = Fraction(1, 1 << (8 / budget).__ceil__().bit_length())  # a power of 2 below budget / 8
        prec = self.final_prec
        for _ in range(40):
            s_lo = self.point_sign(self.F, lo, prec)
            s_hi = self.point_sign(self.F, hi, prec)
            if s_lo == left and s_hi == right:
                return lo, hi
            if s_lo != left:
                lo = max(lo - step, box0[0])
            if s_hi != right:
                hi = min(hi + step, box0[1])
            step /= 2
            prec *= 2
        raise UndecidableError(f"could not certify the signs at the ends of the root enclosure {self.where(lo, hi)}")

    # -- the whole range ---------------------------------------------------------------------------

    def run(self):
        gaps = [(self.a, self.b)]
        done: dict = {}
        specials: list = []
        while gaps:
            u, v = gaps.pop()
            try:
                done[(u, v)] = self.gap(u, v)
            except _Special as found:
                c = found.point
                if len(specials) >= 1000:
                    raise TooLargeError("more than 1000 exact special points; the expressions may coincide on an interval")
                specials.append(c)
                gaps.extend([(u, c), (c, v)])
        specials.sort()
        points = [self.a, *specials, self.b]
        tokens = []
        for i, (u, v) in enumerate(zip(points, points[1:])):
            if i:
                value = self.f.subs(self.p, _rat(u))
                tokens.append(("point", u, None if value.has(sp.nan, sp.zoo) else _exact_sign(value)))
            tokens.extend(done[(u, v)])
        return tokens


def _assemble(tokens, analysis: _Analysis):
    """Build spans, boundaries and tangencies from the left-to-right tokens of the analysis.

    The tokens alternate (after merging equal neighbours) as stretch, point,
    stretch, ..., stretch: a stretch is an open piece of constant sign, a
    point is a certified root or an exact special point.  A point whose
    membership equals that of both neighbours changes nothing and is
    dropped (a tangency from outside is remembered as such).
    """
    seq: list = []  # ("stretch", sign) or ("point", Boundary or (c, sign))
    for tok in tokens:
        if tok[0] == "stretch":
            if seq and seq[-1][0] == "stretch":
                if seq[-1][1] != tok[1]:  # pragma: no cover - would be a bug
                    raise AssertionError("adjacent stretches of opposite sign without a point between them")
                continue
            seq.append(tok)
        elif tok[0] == "root":
            _, lo, hi, left, right = tok
            seq.append(("point", analysis.refine(lo, hi, left, right)))
        else:
            seq.append(("point", (tok[1], tok[2])))
    elements: list = []  # (member?, end or None, Boundary or None)
    tangencies = []
    for i, item in enumerate(seq):
        if item[0] == "stretch":
            member = item[1] > 0
            if elements and elements[-1][1] is None and elements[-1][0] == member:
                continue
            elements.append((member, None, None))
            continue
        left, right = seq[i - 1][1], seq[i + 1][1]
        if isinstance(item[1], Boundary):
            bnd = item[1]
            if bnd.kind == "root":
                elements.append((False, bnd, bnd))
                continue
            member, c = False, bnd.lo
        else:
            c, sign = item[1]
            kind = "exact" if sign == 0 else "jump"
            bnd = Boundary(_rat(c), _rat(c), kind, left, right, sign, "exact sympy evaluation at a rational point")
            member, c = (sign is not None and sign > 0), bnd.lo
        if (left > 0) == member == (right > 0):
            if bnd.sign == 0 and not member:
                tangencies.append(c)
            continue  # nothing changes here: the stretch goes on
        elements.append((member, c, bnd))
    # merge stretches that became adjacent
    merged: list = []
    for el in elements:
        if el[1] is None and merged and merged[-1][1] is None:
            continue
        merged.append(el)
    boundaries = tuple(el[2] for el in merged if el[1] is not None)
    a, b = _rat(analysis.a), _rat(analysis.b)
    spans = []
    n = len(merged)
    i = 0
    while i < n:
        if not merged[i][0]:
            i += 1
            continue
        j = i
        while j + 1 < n and merged[j + 1][0]:
            j += 1
        first, last = merged[i], merged[j]
        if first[1] is None:
            lo, closed_lo = (merged[i - 1][1] if i > 0 else a), False
        else:
            lo, closed_lo = first[1], True
        if last[1] is None:
            hi, closed_hi = (merged[j + 1][1] if j + 1 < n else b), False
        else:
            hi, closed_hi = last[1], True
        spans.append(Span(lo, hi, closed_lo, closed_hi))
        i = j + 1
    return tuple(spans), boundaries, tuple(tangencies)


def _as_piecewise(f):
    """``sign`` and ``Abs`` written as ``Piecewise``, so that their break points are found like any other."""
    f = f.replace(sp.sign, lambda x: sp.Piecewise((1, x > 0), (-1, x < 0), (0, True)))
    return f.replace(sp.Abs, lambda x: sp.Piecewise((x, x >= 0), (-x, True)))


def _identically_zero(f, p, a, b) -> bool:
    """Whether ``f`` is provably 0 on the whole range (then ``lower < upper`` nowhere)."""
    if f == 0:
        return True
    points = [a + (b - a) * sp.Rational(k, 7) for k in (2, 3, 5)]
    if any(_exact_sign(f.subs(p, x)) != 0 for x in points):
        return False
    try:
        return sp.simplify(f.rewrite(sp.log)) == 0
    except (NotImplementedError, ValueError, TypeError):  # pragma: no cover - sympy limitations
        return False


def _parse_over(over):
    if not isinstance(over, Mapping) or len(over) != 1:
        raise ParameterTypeError(
            f"over must be a dict {{symbol: (a, b)}} with exactly one parameter, received {over!r}; "
            "use symcm.pave for two parameters"
        )
    ((p, rng),) = over.items()
    if not isinstance(p, sp.Symbol):
        raise ParameterTypeError(f"over: the key must be a sympy Symbol, received {p!r}")
    try:
        a, b = rng
    except (TypeError, ValueError):
        raise ParameterTypeError(f"over[{p}]: expected a pair (a, b), received {rng!r}") from None
    if any(x in (sp.oo, -sp.oo) for x in (a, b) if isinstance(x, sp.Basic)):
        raise DomainError(f"over[{p}]: the range must be bounded, received ({a}, {b})")
    a, b = _to_rational(a, where=f"over[{p}][0]"), _to_rational(b, where=f"over[{p}][1]")
    if not a < b:
        raise DomainError(f"over[{p}]: expected a < b, received ({a}, {b})")
    _check_assumptions(p, a, b, where="over")
    return p, a, b


def _check_assumptions(p: sp.Symbol, a, b, *, where: str) -> None:
    """Refuse a range ``(a, b)`` that reaches values the symbol's assumptions exclude.

    ``sc.symbols`` makes positive symbols: ``over={p: (-1, 0)}`` asks about
    values ``p`` cannot take, and sympy would simplify the expressions under
    the false assumption (``sqrt(p**2) = p``), so the answer could be wrong.
    """
    bounds = []
    if p.is_positive or p.is_nonnegative:
        bounds.append(("positive" if p.is_positive else "nonnegative", a < 0, "(0, oo)"))
    if p.is_negative or p.is_nonpositive:
        bounds.append(("negative" if p.is_negative else "nonpositive", b > 0, "(-oo, 0)"))
    for kind, outside, allowed in bounds:
        if outside:
            raise DomainError(
                f"{where}[{p}]: the range ({a}, {b}) reaches values {p} cannot take: {p} is {kind} "
                f"(created with {kind}=True, as sc.symbols does); give a range inside {allowed}"
            )
    if p.is_integer:
        raise DomainError(f"{where}[{p}]: {p} is an integer symbol; crossover and pave need a real parameter")


def _check_poles(f: sp.Expr, p: sp.Symbol, a, b) -> None:
    """Refuse ``f`` when a denominator (a polynomial in ``p``) vanishes inside the open range ``(a, b)``.

    Interval arithmetic cannot cross a pole: without this check the bisection
    reports an undecided box or a root it "could not refine" next to it.
    """
    for power in f.atoms(sp.Pow):
        base, exp = power.as_base_exp()
        if not (exp.is_number and exp.is_negative) or not base.has(p) or not base.is_polynomial(p):
            continue
        poly = sp.Poly(base, p)
        if poly.degree() > 64:  # pragma: no cover - beyond any model's expressions; left to the bisection
            continue
        for root in poly.real_roots():
            if a < root < b:
                at = root if root.is_Rational else f"{sp.N(root, 15)} (a root of {base})"
                raise ExpressionError(
                    f"upper - lower has a pole at {p} = {at}, inside the range ({a}, {b}): the denominator "
                    f"{base} vanishes there, so the sign of upper - lower cannot be followed across it; "
                    f"split the range at the pole, e.g. over={{{p}: ({a}, {root if root.is_Rational else '...'})}}"
                )


def _check_expression(expr, name: str, params: tuple) -> sp.Expr:
    if isinstance(expr, str):
        raise ParameterTypeError(f"{name} must be a sympy expression or a number, received the string {expr!r}")
    try:
        expr = sp.sympify(checks.no_text(expr, name, where="crossover"), strict=True)
    except sp.SympifyError as error:
        raise ParameterTypeError(f"{name} must be a sympy expression or a number, received {expr!r}") from error
    if not isinstance(expr, sp.Expr):
        kind = "relation" if isinstance(expr, sp.core.relational.Relational) else "sympy object"
        raise ParameterTypeError(
            f"{name} must be a sympy expression or a number, received the {kind} {expr}; give the two sides to "
            "compare as lower and upper (crossover finds where lower < upper)"
        )
    floats = expr.atoms(sp.Float)
    if floats:
        raise ExpressionError(
            f"{name} contains the float {sorted(floats, key=str)[0]}; symcm is exact: write a Rational"
        )
    for r in expr.atoms(sp.Rational):
        bits = max(abs(int(r.p)).bit_length(), int(r.q).bit_length())
        if bits > _MAX_NUMBER_BITS:
            raise ExpressionError(
                f"{name} contains a number of about {int(bits * 0.30103)} digits; numbers of more than "
                f"{int(_MAX_NUMBER_BITS * 0.30103)} digits are refused (Python cannot print them in a message): "
                "rescale the parameter or the expressions"
            )
    extra = expr.free_symbols - set(params)
    if extra:
        names = ", ".join(sorted(str(s) for s in extra))
        same = [s for s in extra if any(s.name == q.name for q in params)]
        hint = (
            f" ({same[0]} has the same name as the parameter in over but other assumptions; "
            "create both with sc.symbols)" if same else
            "; substitute values for them" + (", or use symcm.pave for two parameters" if len(params) == 1 else "")
        )
        wanted = ", ".join(str(q) for q in params)
        raise ExpressionError(f"{name} depends on {names}, but over gives only {wanted}{hint}")
    return expr


def _check_digits(digits, max_digits: int) -> int:
    max_digits = checks.cap(max_digits, "max_digits", where="crossover")
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise ParameterTypeError(f"crossover: digits must be an int, received {checks.describe(digits)}")
    if digits < 1:
        raise DomainError(f"crossover: digits must be at least 1, received {digits}")
    if digits > max_digits:
        raise TooLargeError(
            f"crossover: digits={digits} exceeds max_digits={max_digits}; pass max_digits= to allow it "
            "(cost grows like digits**2)"
        )
    return digits


def crossover(lower, upper, over, digits: int = 30, *, max_depth: int | None = None,
              max_boxes: int = 200_000, max_digits: int = MAX_DIGITS) -> Region:
    r"""The certified region where ``lower < upper``, for expressions in one parameter.

    Parameters
    ----------
    lower, upper : sympy.Expr or number
        Expressions in the single parameter of ``over`` (``H``, logs, powers,
        ``Piecewise`` ... see :mod:`symcm.algebra.intervals`).  No floats.
    over : dict
        ``{p: (a, b)}``: the parameter and its open range, exact rational ends.
    digits : int, optional
        Each crossing point is enclosed in an interval of width below
        ``10**-digits`` (default 30).
    max_depth : int, optional
        Bisection depth (relative to the range) at which an undecided box is
        reported; default ``3.33 * digits + 16``.
    max_boxes : int, optional
        Cap on interval evaluations.
    max_digits : int, optional
        Largest ``digits`` accepted (default 10000).

    Returns
    -------
    Region
        ``intervals`` (a tuple of :class:`Span`), ``boundaries`` (a tuple of
        :class:`Boundary`), ``tangencies``; ``str``, ``latex()``,
        ``as_set()``, ``contains(x)``.

    Raises
    ------
    symcm.errors.ExpressionError
        If ``lower`` or ``upper`` depends on another symbol, contains a float
        or an unsupported function, is not real on part of the range, or has
        a pole inside it (a denominator vanishing at a point of the range; the
        message says where).
    symcm.errors.UndecidableError
        If the sign of ``upper - lower`` cannot be decided near some point
        (the message says where), e.g. a tangency at an irrational point.
    symcm.errors.ParameterTypeError, symcm.errors.DomainError, symcm.errors.TooLargeError
        For a malformed ``over`` (or a range the parameter's assumptions
        exclude, such as negative values of a positive symbol), ``lower`` or
        ``upper`` a relation instead of an expression, ``digits`` not an
        integer in ``[1, max_digits]``, a cap that is not a positive int, or
        when ``max_boxes`` is exceeded.

    Notes
    -----
    Algorithm (see the module docstring): exact analysis at the range ends;
    bisection with interval and centred-form enclosures at a precision that
    grows with the depth; boxes where ``upper - lower`` is strictly monotone
    with a sign change are refined by interval Newton with doubling
    precision (cost: a few evaluations per doubling of the digits); exact
    sympy tests at simplest rationals near persistent undecided boxes.

    References
    ----------
    .. [1] R. E. Moore, R. B. Kearfott and M. J. Cloud, *Introduction to
       Interval Analysis*, SIAM, 2009.
    .. [2] R. Krawczyk, Computing 4, 187-201 (1969).

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.generation.crossover import crossover
    >>> p = sc.symbols("p")
    >>> r = crossover(sc.H(p), sp.S.Half, over={p: (0, sp.S.Half)}, digits=12)
    >>> print(r)
    p in (0, 0.110027864438...)
    >>> r.boundaries[0].kind, r.boundaries[0].left, r.boundaries[0].right
    ('root', 1, -1)

    A tangency is found exactly and excluded from the region:

    >>> print(crossover(0, (p - sp.Rational(1, 3))**2, over={p: (0, 1)}))
    p in (0, 1/3) U (1/3, 1)

    At the IID point ``p = 1/2`` of ``binary_markov(p, p)`` both ``E`` and
    ``C_mu`` vanish; everywhere else ``E < C_mu``:

    >>> m = sc.processes.binary_markov(p, p)
    >>> print(crossover(sc.excess_entropy(m), sc.statistical_complexity(m), over={p: (0, 1)}))
    p in (0, 1/2) U (1/2, 1)
    """
    p, a, b = _parse_over(over)
    digits = _check_digits(digits, max_digits)
    max_boxes = checks.cap(max_boxes, "max_boxes", where="crossover")
    if max_depth is not None:
        max_depth = checks.cap(max_depth, "max_depth", where="crossover")
    lower = _check_expression(lower, "lower", (p,))
    upper = _check_expression(upper, "upper", (p,))
    if max_depth is None:
        max_depth = math.ceil(digits * math.log2(10)) + 16
    _check_poles(upper - lower, p, a, b)
    f = _as_piecewise(upper - lower)
    if _identically_zero(f, p, a, b):
        return Region(p, (a, b), lower, upper, digits, (), (), ())
    analysis = _Analysis(f, p, _frac(a), _frac(b), digits, max_depth, max_boxes)
    tokens = analysis.run()
    spans, boundaries, tangencies = _assemble(tokens, analysis)
    return Region(p, (a, b), lower, upper, digits, spans, boundaries, tangencies)
