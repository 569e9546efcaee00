r"""Outward-rounded interval arithmetic on raw mpmath endpoints.

The building blocks of :mod:`symcm.algebra.intervals`: an interval is a raw
pair ``(lo, hi)`` of mpmath ``mpf`` tuples (``None`` for the empty set), and
every function here returns an enclosure of the exact result, built on the
outward-rounded operations of mpmath's interval library
(``mpmath.libmp.libmpi``, the arithmetic behind ``mpmath.iv``).  This module
owns the rounding, the enclosures of exact rationals and of the constants
``ln 2``, ``pi``, ``e``, the elementary functions ``log``, ``exp``,
``x**(1/n)``, ``sign`` and the entropy terms, hull and intersection, and the
conversion between raw pairs and ``mpmath.iv`` intervals (:func:`to_iv`,
:func:`from_iv`).

Rounding and precision
    Every endpoint is rounded outward (lower ends toward :math:`-\infty`,
    upper ends toward :math:`+\infty`).  The working precision, in bits, is
    an explicit argument of every evaluation: no global precision (``mp.prec``
    or ``iv.prec``) is read or changed.  The results of ``log``, ``exp`` and
    ``x**(m/n)`` are widened by one further unit in the last place beyond
    mpmath's directed rounding, so the enclosure does not depend on those
    functions being correctly rounded.

Natural domain
    ``log``, ``sqrt``, fractional powers and ``H`` are real only on part of
    the line.  Their interval versions enclose the values at the points of
    the argument interval *where they are defined*: ``log([-1, 2])`` is
    ``[-inf, log 2]``.  An argument interval with no point of the domain
    (``log([-2, -1])``) makes the value *empty*; a top-level empty value is
    reported as :class:`~symcm.errors.ExpressionError`.  Infinite endpoints
    are allowed (``log([0, 1]) = [-inf, 0]``), and products such as
    ``0 * inf`` give the whole line, never NaN, so a removable singularity
    (``x log x`` at 0) yields a valid, if wide, enclosure.

Entropy
    :math:`\varphi(t) = -t \log_2 t` (with :math:`\varphi(0) = 0`) increases
    on :math:`[0, 1/e]` and decreases on :math:`[1/e, \infty)`, with maximum
    :math:`\varphi(1/e) = 1/(e \ln 2)`.  Its interval extension is computed
    from the values at the two ends of the argument on each monotone piece,
    and ``H(p1, ..., pn)`` is :math:`\sum_i \varphi(P_i)`.  The binary
    entropy :math:`H(x) = \varphi(x) + \varphi(1-x)` is concave, increasing
    on :math:`[0, 1/2]` and decreasing on :math:`[1/2, 1]` with maximum 1, so
    its extension is exact up to rounding: ``H([a, b])`` is the hull of
    ``H(a)``, ``H(b)`` (and 1 if :math:`1/2 \in [a, b]`).  Both are exactly 0
    at 0 and 1.

References
----------
.. [1] R. E. Moore, R. B. Kearfott and M. J. Cloud, *Introduction to
   Interval Analysis*, SIAM, 2009.
.. [2] F. Johansson et al., *mpmath: a Python library for arbitrary-precision
   floating-point arithmetic*, version 1.3, section "Interval arithmetic
   (iv)", https://mpmath.org/doc/current/contexts.html.

Examples
--------
>>> import sympy as sp
>>> from symcm.algebra.interval_arithmetic import from_iv, to_iv
>>> print(to_iv(from_iv((sp.Rational(1, 4), 2))))
[0.25, 2.0]
"""

from __future__ import annotations

import functools
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath.libmp import (
    fhalf,
    finf,
    fnan,
    fninf,
    fone,
    from_int,
    from_man_exp,
    from_rational,
    fzero,
    mpf_add,
    mpf_e,
    mpf_exp,
    mpf_ge,
    mpf_gt,
    mpf_le,
    mpf_ln2,
    mpf_log,
    mpf_lt,
    mpf_mul,
    mpf_nthroot,
    mpf_pi,
    mpf_shift,
    mpf_sub,
    round_ceiling,
    round_floor,
)
from mpmath.libmp.libmpi import mpi_add, mpi_div, mpi_mul, mpi_neg

from ..errors import ExpressionError, ParameterTypeError

__all__ = ["to_iv", "from_iv", "DEFAULT_PREC"]

#: Default working precision in bits (that of a double).
DEFAULT_PREC = 53

Raw = tuple  # a pair (lo, hi) of mpmath raw mpf tuples, or None for "empty"

_ENTIRE = (fninf, finf)
_ZERO = (fzero, fzero)
_ONE = (fone, fone)


# ---------------------------------------------------------------------------
# rounding, exact numbers, hull and intersection
# ---------------------------------------------------------------------------


def _ulp_down(x, prec):
    """A number below ``x`` by about one unit in the last of ``prec`` bits (0 and infinities unchanged)."""
    if x in (fzero, finf, fninf, fnan):
        return x
    _, _, exp, bc = x
    return mpf_sub(x, from_man_exp(1, exp + bc - prec), prec, round_floor)


def _ulp_up(x, prec):
    """A number above ``x`` by about one unit in the last of ``prec`` bits (0 and infinities unchanged)."""
    if x in (fzero, finf, fninf, fnan):
        return x
    _, _, exp, bc = x
    return mpf_add(x, from_man_exp(1, exp + bc - prec), prec, round_ceiling)


def _widen(r, prec):
    """``r`` widened outward by one ulp at each finite nonzero end."""
    return (_ulp_down(r[0], prec), _ulp_up(r[1], prec))


def _rational_raw(num: int, den: int, prec: int):
    """Outward-rounded enclosure of ``num/den`` (exact when it is representable)."""
    if den < 0:
        num, den = -num, -den
    if den & (den - 1) == 0:  # dyadic: exact
        x = from_man_exp(num, -(den.bit_length() - 1))
        return (x, x)
    return (from_rational(num, den, prec, round_floor), from_rational(num, den, prec, round_ceiling))


def _fraction_raw(value, prec: int):
    """Enclosure of an int, Fraction or sympy Rational."""
    if isinstance(value, int):
        x = from_int(value)
        return (x, x)
    if isinstance(value, Fraction):
        return _rational_raw(value.numerator, value.denominator, prec)
    value = sp.Rational(value)
    return _rational_raw(int(value.p), int(value.q), prec)


def _hull(r, s):
    """Smallest interval containing ``r`` and ``s`` (either may be None = empty)."""
    if r is None:
        return s
    if s is None:
        return r
    return (r[0] if mpf_le(r[0], s[0]) else s[0], r[1] if mpf_ge(r[1], s[1]) else s[1])


def _intersect(r, s):
    """Intersection of two intervals known to share a point (both contain the true range)."""
    lo = r[0] if mpf_ge(r[0], s[0]) else s[0]
    hi = r[1] if mpf_le(r[1], s[1]) else s[1]
    if mpf_gt(lo, hi):  # cannot happen for two valid enclosures; stay safe
        return _hull(r, s)
    return (lo, hi)


def _clip_nonneg(r):
    """``r`` intersected with ``[0, inf]``, or None if it lies below 0."""
    if mpf_lt(r[1], fzero):
        return None
    if mpf_lt(r[0], fzero):
        return (fzero, r[1])
    return r


def _clip_unit(r):
    """``r`` intersected with ``[0, 1]``, or None if they are disjoint."""
    if mpf_lt(r[1], fzero) or mpf_gt(r[0], fone):
        return None
    lo = fzero if mpf_lt(r[0], fzero) else r[0]
    hi = fone if mpf_gt(r[1], fone) else r[1]
    return (lo, hi)


# ---------------------------------------------------------------------------
# constants and elementary functions
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _constants(prec: int) -> dict:
    """Enclosures of ``ln 2``, ``pi``, ``e``, ``1/e`` and ``1/(e ln 2)`` at ``prec`` bits."""
    ln2 = _widen((mpf_ln2(prec, round_floor), mpf_ln2(prec, round_ceiling)), prec)
    e = _widen((mpf_e(prec, round_floor), mpf_e(prec, round_ceiling)), prec)
    pi = _widen((mpf_pi(prec, round_floor), mpf_pi(prec, round_ceiling)), prec)
    inv_e = mpi_div(_ONE, e, prec)
    phimax = mpi_div(_ONE, mpi_mul(e, ln2, prec), prec)
    return {"ln2": ln2, "e": e, "pi": pi, "inv_e": inv_e, "phimax": phimax}


def _log_raw(r, prec):
    """``log`` on the positive part of ``r`` (None if there is none)."""
    lo, hi = r
    if mpf_le(hi, fzero):
        return None
    a = fninf if mpf_le(lo, fzero) else _ulp_down(mpf_log(lo, prec, round_floor), prec)
    b = _ulp_up(mpf_log(hi, prec, round_ceiling), prec)
    return (a, b)


def _exp_raw(r, prec):
    """``exp`` (monotone), widened by an ulp (exact at 0)."""
    lo, hi = r
    a = fone if lo == fzero else _ulp_down(mpf_exp(lo, prec, round_floor), prec)
    b = fone if hi == fzero else _ulp_up(mpf_exp(hi, prec, round_ceiling), prec)
    return (a, b)


def _root_raw(r, n, prec):
    """``r ** (1/n)`` on the nonnegative part of ``r`` (None if there is none)."""
    r = _clip_nonneg(r)
    if r is None:
        return None
    lo, hi = r
    a = lo if lo in (fzero, finf) else _ulp_down(mpf_nthroot(lo, n, prec, round_floor), prec)
    b = hi if hi in (fzero, finf) else _ulp_up(mpf_nthroot(hi, n, prec, round_ceiling), prec)
    return (a, b)


# ---------------------------------------------------------------------------
# entropy terms
# ---------------------------------------------------------------------------


def _phi_thin(x, prec):
    """Enclosure of ``-x log2 x`` at the point ``x >= 0`` (exactly 0 at 0 and 1)."""
    if x == fzero or x == fone:
        return _ZERO
    if x == finf:
        return (fninf, fninf)
    if x[1] == 1 and x[0] == 0:  # x = 2**k: -x log2 x = -k x exactly
        value = mpf_mul(x, from_int(-x[2]))
        return (value, value)
    log_x = _log_raw((x, x), prec)
    return mpi_neg(mpi_div(mpi_mul((x, x), log_x, prec), _constants(prec)["ln2"], prec))


def _phi_raw(r, prec):
    """Enclosure of ``phi(t) = -t log2 t`` over ``t`` in ``r``, using its monotone pieces."""
    r = _clip_nonneg(r)
    if r is None:
        return None
    lo, hi = r
    inv_e = _constants(prec)["inv_e"]
    if mpf_le(hi, inv_e[0]):  # increasing piece
        return (_phi_thin(lo, prec)[0], _phi_thin(hi, prec)[1])
    if mpf_ge(lo, inv_e[1]):  # decreasing piece
        return (_phi_thin(hi, prec)[0], _phi_thin(lo, prec)[1])
    a, b = _phi_thin(lo, prec)[0], _phi_thin(hi, prec)[0]
    return (a if mpf_le(a, b) else b, _constants(prec)["phimax"][1])


def _binary_h_thin(x, prec):
    """Enclosure of the binary entropy at the point ``0 <= x <= 1``."""
    if x[2] >= -4 * prec:  # 1 - x is exact with few bits: one logarithm per term
        return mpi_add(_phi_thin(x, prec), _phi_thin(mpf_sub(fone, x), prec), prec)
    one_minus = (mpf_sub(fone, x, prec, round_floor), mpf_sub(fone, x, prec, round_ceiling))
    return mpi_add(_phi_thin(x, prec), _phi_raw(one_minus, prec), prec)


def _binary_h_raw(r, prec):
    """Enclosure of the binary entropy over ``r`` (clipped to [0, 1]), from its monotone halves."""
    r = _clip_unit(r)
    if r is None:
        return None
    lo, hi = r
    if mpf_le(hi, fhalf):
        out = (_binary_h_thin(lo, prec)[0], _binary_h_thin(hi, prec)[1])
    elif mpf_ge(lo, fhalf):
        out = (_binary_h_thin(hi, prec)[0], _binary_h_thin(lo, prec)[1])
    else:
        a, b = _binary_h_thin(lo, prec)[0], _binary_h_thin(hi, prec)[0]
        out = (a if mpf_le(a, b) else b, fone)
    # 0 <= H <= 1 on [0, 1]
    return (fzero if mpf_lt(out[0], fzero) else out[0], fone if mpf_gt(out[1], fone) else out[1])


# ---------------------------------------------------------------------------
# signs and midpoints
# ---------------------------------------------------------------------------


def _zero_in(r) -> bool:
    """Whether 0 lies in ``r``."""
    return mpf_le(r[0], fzero) and mpf_ge(r[1], fzero)


def _sign_raw(r, prec):
    """``sign`` on an interval (``[-1, 1]`` when 0 is inside and the sign varies)."""
    lo, hi = r
    a = -1 if mpf_lt(lo, fzero) else (0 if lo == fzero else 1)
    b = -1 if mpf_lt(hi, fzero) else (0 if hi == fzero else 1)
    return (from_int(a), from_int(b))


def _mid(r):
    """Midpoint of a raw interval (a dyadic number inside it)."""
    lo, hi = r
    if lo == fninf or hi == finf:
        return fnan
    return mpf_shift(mpf_add(lo, hi), -1) if lo != hi else lo


def _finite(x) -> bool:
    return x not in (finf, fninf, fnan)


# ---------------------------------------------------------------------------
# conversion between raw pairs and mpmath.iv
# ---------------------------------------------------------------------------


def to_iv(raw) -> mpmath.ctx_iv.ivmpf:
    """An ``mpmath.iv`` interval with the given raw endpoints (no rounding, no precision read).

    Examples
    --------
    >>> from symcm.algebra.interval_arithmetic import to_iv, from_iv
    >>> from fractions import Fraction
    >>> print(to_iv(from_iv((0, Fraction(1, 2)))))
    [0.0, 0.5]
    """
    if raw is None:
        raise ExpressionError("the expression has no real value on this box")
    return mpmath.iv.make_mpf(raw)


def from_iv(value, prec: int = DEFAULT_PREC) -> Raw:
    """Raw endpoints enclosing ``value``.

    Parameters
    ----------
    value : mpmath.iv.mpf, (lo, hi) pair, int, Fraction or sympy Rational
        An interval, or an exact number (a thin interval).  Ends of a pair
        are exact numbers (int, Fraction, sympy Rational, mpmath mpf);
        non-dyadic rationals are rounded outward at ``prec`` bits.
    prec : int
        Bits used to round non-dyadic rational ends.

    Examples
    --------
    >>> import mpmath, sympy as sp
    >>> from symcm.algebra.interval_arithmetic import from_iv
    >>> lo, hi = from_iv(sp.Rational(1, 3), 10)        # 682/2048 <= 1/3 <= 683/2048
    >>> mpmath.mpf(682) / 2048 == mpmath.mp.make_mpf(lo), mpmath.mpf(683) / 2048 == mpmath.mp.make_mpf(hi)
    (True, True)
    """
    if hasattr(value, "_mpi_"):
        return value._mpi_
    if isinstance(value, tuple) and len(value) == 2:
        lo, hi = (_end_raw(v, prec) for v in value)
        return (lo[0], hi[1])
    if isinstance(value, (int, Fraction, sp.Rational)) and not isinstance(value, bool):
        return _fraction_raw(value, prec)
    if isinstance(value, mpmath.mpf):
        return (value._mpf_, value._mpf_)
    raise ParameterTypeError(
        f"expected an interval, an exact rational or a (lo, hi) pair of them, received {value!r}"
    )


def _end_raw(value, prec):
    """Enclosure of one exact end of an interval."""
    if isinstance(value, mpmath.mpf):
        return (value._mpf_, value._mpf_)
    if isinstance(value, (float, sp.Float)) or isinstance(value, bool):
        raise ParameterTypeError(
            f"interval ends must be exact (int, Fraction, sympy Rational or mpmath mpf), received {value!r}"
        )
    try:
        return _fraction_raw(value, prec)
    except (TypeError, ValueError):
        raise ParameterTypeError(f"interval ends must be exact rationals, received {value!r}") from None
