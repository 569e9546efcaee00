r"""The certified region of a crossover and its ends: Boundary, Span, Region.

:func:`~symcm.generation.crossover.crossover` returns a :class:`Region`, the
set :math:`\{p \in (a, b) : \mathrm{lower}(p) < \mathrm{upper}(p)\}` as a
finite union of :class:`Span` intervals whose ends are exact rationals or
:class:`Boundary` enclosures of roots.  This module owns these result types:
what each end certifies, how they compare, unpack and print (text, LaTeX),
and how the region is rounded to a sympy set of ``Float`` intervals or tested
for membership.

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
  superset of the region) or inward (``kind="inner"``, a subset): each end is
  rounded in decimal to ``digits`` significant digits in the requested
  direction, then to binary in the same direction.
* A :class:`Boundary` compares with a number as the point it encloses, only
  when the enclosure decides it (certified signs,
  :mod:`symcm.algebra.signs`).

Examples
--------
>>> import sympy as sp, symcm as sc
>>> from symcm.generation.crossover import crossover
>>> p = sc.symbols("p")
>>> r = crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=8)
>>> r, r.boundaries[0].kind
(Region(p in (0, 0.70710678...), digits=8), 'root')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath.libmp import dps_to_prec, from_rational, round_ceiling, round_floor

from ..algebra.signs import _exact_rational, _exact_sign, _frac, _rat, _raw_box
from .. import checks
from ..algebra.interval_arithmetic import to_iv
from ..errors import ParameterTypeError, UndecidableError

__all__ = ["Region", "Boundary", "Span", "MAX_DIGITS"]

#: Largest ``digits`` accepted unless ``max_digits`` is raised.
MAX_DIGITS = 10_000


# ---------------------------------------------------------------------------
# certified decimals
# ---------------------------------------------------------------------------


def _check_text_digits(digits, *, where: str) -> int:
    """``digits`` of a text form: an int from 1 to :data:`MAX_DIGITS`."""
    return checks.integer(digits, "digits", where=where, minimum=1, maximum=MAX_DIGITS)


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
    """An exact rational end, written exactly (``1/2``, ``\\frac{1}{2}``): never a decimal that looks rounded."""
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
        """The region as a sympy ``Union`` of ``Interval``s: exact ends stay ``Rational``, certified ones are ``Float``.

        Parameters
        ----------
        kind : {"outer", "inner"}
            ``"outer"``: each end is rounded outward (left ends down, right
            ends up, in the Float's stored binary value), so the set contains
            the region; ``"inner"``: rounded inward, so the set is contained
            in it.  Open/closed ends are kept; exact (rational) ends stay
            exact ``Rational`` numbers.

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
            lo = _rat(lo_a) if lo_a == lo_b else lo  # an exact end (a rational boundary) stays exact
            hi = _rat(hi_b) if hi_a == hi_b else hi
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
