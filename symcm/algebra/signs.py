r"""Certified signs of exact numbers and of interval enclosures, on exact rationals.

The crossover analysis (:mod:`symcm.generation.roots`), its results
(:mod:`symcm.generation.regions`) and the paving (:mod:`symcm.generation.paving`)
decide signs without estimating anything; this module owns those decisions
and the exact rationals (``fractions.Fraction``) they work on.

*Sign of an enclosure.*  If an interval :math:`F(X)` that encloses the range
of :math:`f` over a box :math:`X` excludes 0, then :math:`f` has that sign on
the whole box (:func:`_sign_of`).  Boxes with exact rational ends are rounded
outward to binary ends first (:func:`_raw_box`), so they contain the exact box.

*Sign of an exact number.*  A nonzero sign of a constant sympy expression is
decided by outward-rounded interval evaluation at increasing precision
(:mod:`symcm.algebra.intervals`); no precision can prove a zero, so 0 is
accepted only from a symbolic proof: the number is exactly 0, simplifies to 0,
or is algebraic with minimal polynomial :math:`x` (:func:`_exact_sign`).

*Simplest rational.*  The rational with the smallest denominator in
:math:`[l, h]` is read off the continued fractions of the ends
(:func:`_simplest_between`); the analysis tests such short rationals
exactly, where a root or a ``Piecewise`` break is likely to be rational.

Examples
--------
>>> import sympy as sp
>>> from fractions import Fraction
>>> from symcm.algebra.signs import _exact_sign, _simplest_between
>>> _exact_sign(sp.log(3) - sp.Rational(11, 10)), _exact_sign(sp.sqrt(8) - 2 * sp.sqrt(2))
(-1, 0)
>>> _simplest_between(Fraction(3, 10), Fraction(7, 20))
Fraction(1, 3)
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy as sp
from mpmath.libmp import fzero, mpf_gt, mpf_lt, to_rational

from .. import checks
from .interval_arithmetic import _rational_raw
from .intervals import compile_interval
from ..errors import ExpressionError, ParameterTypeError

__all__: list[str] = []


# ---------------------------------------------------------------------------
# exact rationals
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


# ---------------------------------------------------------------------------
# certified signs
# ---------------------------------------------------------------------------


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
