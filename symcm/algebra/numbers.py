"""Exact numbers from user values: what symcm accepts as a number, and how floats become rationals.

symcm computes with exact rationals and rational functions only.  This module
owns the one conversion of a value given by a user (a probability, a
parameter value, a point of a case split) into an exact sympy expression,
:func:`as_exact`:

* ``int`` (also numpy integers), ``Fraction`` and finite ``Decimal`` become
  ``Rational``; sympy expressions are kept;
* a float (Python, numpy or sympy) becomes the simplest rational agreeing
  with it to 15 significant digits (``0.3`` and ``1 - 0.7`` both become
  ``3/10``), with a :class:`~symcm.errors.FloatConversionWarning` pointed at
  the first caller outside symcm;
* text is refused, never evaluated (a string handed to sympy would be run as
  Python code: :func:`symcm.algebra.parse.parse_expression` reads text), and
  so are bools, containers, relations and non-finite numbers.

It also owns ``_fmt_expr``, the safe ``str`` of a possibly huge number or
expression used in messages.
"""

from __future__ import annotations

import math
import numbers
import os
import sys
import warnings
from decimal import Decimal
from fractions import Fraction

import sympy as sp

from .. import checks
from ..errors import ExpressionError, FloatConversionWarning, ParameterTypeError
from .domain import to_rational

__all__ = ["as_exact"]

#: The directory of the symcm package: warnings point at the first frame outside it.
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _caller_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside the symcm package."""
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(_PACKAGE):
        frame, level = frame.f_back, level + 1
    return level


def _float_to_rational(value, where: str) -> sp.Rational:
    # the simplest rational agreeing with the float to 15 significant digits: 0.3 -> 3/10, and
    # arithmetic noise such as 1 - 0.7 = 0.30000000000000004 -> 3/10 too (STYLE.md item 5)
    r = sp.nsimplify(sp.Float(value, 15), rational=True)
    warnings.warn(
        f"{where}: the float {value!r} was converted to the exact rational {r}",
        FloatConversionWarning,
        stacklevel=_caller_stacklevel(),
    )
    return r


def as_exact(value, *, where: str = "value") -> sp.Expr:
    """Convert a user value to an exact sympy expression.

    ``int`` (also numpy integers), ``Fraction`` and finite ``Decimal`` become
    ``Rational``; sympy expressions are kept; floats (Python, numpy or sympy)
    are converted with ``nsimplify(rational=True)`` to the simplest rational
    that agrees with them to 15 significant digits (``0.3`` and ``1 - 0.7``
    both become ``3/10``), with a :class:`~symcm.errors.FloatConversionWarning`.
    Refused, with a :class:`~symcm.errors.ParameterTypeError` naming ``where``:
    text (symcm never evaluates it: use :func:`symcm.algebra.parse.parse_expression`),
    bools, containers (tuples, lists, ...), sympy objects that are not
    expressions (``p < 1``, ``Eq(p, 1)``, sets, matrices); refused with an
    :class:`~symcm.errors.ExpressionError`: non-finite numbers (``nan``,
    ``inf``, ``Decimal('NaN')``, ``zoo``).

    Examples
    --------
    >>> import warnings, symcm as sc
    >>> from symcm.algebra.numbers import as_exact
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     as_exact(0.3), w[0].category.__name__
    (3/10, 'FloatConversionWarning')
    >>> as_exact(float("nan"), where="probability of edge 'A' -> 'A' on '0'")
    Traceback (most recent call last):
    ...
    symcm.errors.ExpressionError: probability of edge 'A' -> 'A' on '0': expected a finite number or expression, received the float nan
    """
    if isinstance(value, bool):
        raise ParameterTypeError(f"{where}: expected a number or sympy expression, received the bool {value!r}")
    if isinstance(value, (int, Fraction)):
        return sp.Rational(value)
    if isinstance(value, (str, bytes, bytearray)):
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise ParameterTypeError(
            f"{where}: expected a number or sympy expression, received the string {shown!r}; "
            "symcm does not evaluate text (use sympy.Rational, or symcm.parse_expression)"
        )
    if isinstance(value, numbers.Integral) and not isinstance(value, sp.Basic):  # numpy integers
        return sp.Integer(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ExpressionError(
                f"{where}: expected a finite number or expression, received Decimal({str(value)!r})"
            )
        return to_rational(value, where=where)
    if isinstance(value, numbers.Real) and not isinstance(value, sp.Basic):  # float, numpy floats
        if not math.isfinite(float(value)):
            raise ExpressionError(f"{where}: expected a finite number or expression, received the float {value!r}")
        return _float_to_rational(float(value), where)
    if isinstance(value, sp.Basic):
        if not isinstance(value, sp.Expr) or isinstance(value, sp.MatrixBase):
            kind = "a condition" if isinstance(value, sp.logic.boolalg.Boolean) else f"a sympy {type(value).__name__}"
            raise ParameterTypeError(
                f"{where}: expected a number or sympy expression, received {kind} {_fmt_expr(value)}"
                + ("; a probability is an expression such as p or 1 - p, not a relation"
                   if isinstance(value, sp.logic.boolalg.Boolean) else "")
            )
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise ExpressionError(
                f"{where}: expected a finite number or expression, received {_fmt_expr(value)}"
            )
        floats = value.atoms(sp.Float)
        if floats:
            value = value.xreplace({f: _float_to_rational(f, where) for f in floats})
        return value
    raise ParameterTypeError(
        f"{where}: expected a number or sympy expression, received {checks.describe(value)}"
    )


def _fmt_expr(value, limit: int = 200) -> str:
    """``str(value)`` for messages and names, safely: never raises, at most ``limit`` characters.

    A huge rational (``1/10**5000``) is past Python's int-to-str limit, so
    ``str`` raises ValueError; it is shown by its size instead.
    """
    try:
        text = str(value)
    except ValueError:  # int-to-str conversion limit
        if isinstance(value, sp.Rational):
            digits = max(int(abs(value.p)).bit_length(), int(value.q).bit_length()) * 30103 // 100000 + 1
            return f"<a rational of about {digits} digits>"
        return f"<a {type(value).__name__} too large to print>"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text

