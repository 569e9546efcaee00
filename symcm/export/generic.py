r"""Generic values and special points: exact expressions made numeric for drawing.

symcm derives measures exactly; the figures (:mod:`~symcm.export.plots`)
only *draw* them, and this module is the one place where exact expressions
become floating-point numbers.  Everything numeric it returns is a picture
of an exact statement made elsewhere.

Mathematics
-----------
*Open grids.*  A closed form is evaluated with numpy (through
:func:`sympy.lambdify`; ``H`` with :math:`0 \log 0 = 0`) on the open grid
of cell centres :math:`x_i = a + (b - a)(i + \tfrac12)/n`,
:math:`i = 0, \dots, n - 1`, so the degenerate ends (where probabilities
vanish) are never evaluated; where a value is undefined or not real it is
``nan``.  The box ``{p: (a, b), ...}`` (exact rational ends :math:`a < b`)
and the number of cells are checked here too.

*Generic value and special points.*  A measure that changes with the causal
structure is a ``Piecewise``, e.g. ``C_mu = Piecewise((0, Eq(p, 1/2)), (1,
True))`` for ``binary_markov(p, p)``: the process is IID at :math:`p = 1/2`,
where the two causal states merge.  A condition ``Eq(...)`` holds on a set of
measure zero, so the curve is drawn with the *generic* expression (every
``Eq`` read as false, every ``Ne`` as true).  The points where any condition
of a ``Piecewise`` changes are solved exactly (:func:`sympy.solveset`); at
each one where the function is discontinuous the exact value is drawn as a
filled marker, the one-sided limits as open markers, and the curve is
broken.  A researcher therefore sees :math:`C_\mu = 1` with a hole at
:math:`p = 1/2` and the dot :math:`(1/2, 0)`.

Examples
--------
>>> import sympy as sp
>>> from symcm.export.generic import _generic
>>> p = sp.Symbol("p")
>>> _generic(sp.Piecewise((0, sp.Eq(p, sp.Rational(1, 2))), (1, True)))
1
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping

import sympy as sp
from sympy.core.relational import Relational

from .. import checks
from ..algebra.cases import Cases
from ..algebra.domain import to_rational
from ..errors import DomainError, ExpressionError, ParameterTypeError, SymcmWarning

__all__: list[str] = []


# ---------------------------------------------------------------------------
# exact -> numeric
# ---------------------------------------------------------------------------


def _generic_condition(cond):
    """The condition read off a set of measure zero: ``Eq`` is false, ``Ne`` true."""
    if not isinstance(cond, sp.Basic) or cond in (sp.true, sp.false):
        return cond
    if isinstance(cond, sp.Eq):
        return sp.false
    if isinstance(cond, sp.Ne):
        return sp.true
    if isinstance(cond, (sp.And, sp.Or, sp.Not)):
        return cond.func(*(_generic_condition(c) for c in cond.args))
    return cond


def _generic(expr):
    """``expr`` with every ``Piecewise`` branch that holds only on an ``Eq`` set removed."""
    def rebuild(pw):
        return sp.Piecewise(*((value, _generic_condition(cond)) for value, cond in pw.args))

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), rebuild)


def _as_expression(value, name: str):
    """A sympy expression from an expression, a number or a :class:`Cases` of expressions."""
    if isinstance(value, Cases):
        return value.as_piecewise()
    if isinstance(value, str):
        raise ParameterTypeError(f"{name} must be a sympy expression or sc.Cases, received the string {value!r}")
    try:
        return sp.sympify(checks.no_text(value, name, where="plots"), strict=True)
    except sp.SympifyError:
        raise ParameterTypeError(
            f"{name} must be a sympy expression or sc.Cases, received {type(value).__name__}"
        ) from None


def _numeric(expr, symbols: tuple):
    """``f(*arrays) -> float array`` for ``expr`` (numpy; ``H`` has 0 log 0 = 0), nan where undefined."""
    import numpy as np

    fn = sp.lambdify(symbols, expr, "numpy")

    def evaluate(*arrays):
        shape = np.broadcast(*arrays).shape
        with np.errstate(all="ignore"):
            out = np.asarray(fn(*arrays))
            if np.iscomplexobj(out):
                out = np.where(np.abs(out.imag) == 0, out.real, np.nan)
            out = np.array(np.broadcast_to(out.astype(float), shape))
        out[~np.isfinite(out)] = np.nan
        return out

    return evaluate


def _float(value) -> float:
    """The float of an exact real number, nan when it is undefined or not real."""
    try:
        number = sp.N(value, 20)
        if number.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not number.is_real:
            return math.nan
        return float(number)
    except (TypeError, ValueError, AttributeError):
        return math.nan


def _decide(cond):
    """A condition at a point: sympy's own evaluation, or simplify."""
    if cond in (sp.true, sp.false) or not isinstance(cond, sp.Basic):
        return cond
    try:
        decided = sp.simplify(cond)
    except Exception:  # pragma: no cover - sympy limitations: the branch stays undecided
        return cond
    return decided


def _exact_at(expr, p, c):
    """``expr`` at the exact point ``p = c``, Piecewise conditions decided."""
    value = expr.subs(p, c)
    if value.has(sp.Piecewise):
        value = value.replace(lambda e: isinstance(e, sp.Piecewise),
                              lambda pw: sp.Piecewise(*((v, _decide(cond)) for v, cond in pw.args)))
    return value


def _relations(expr) -> set:
    """Every relation in the conditions of the ``Piecewise`` parts of ``expr``."""
    out = set()
    for pw in expr.atoms(sp.Piecewise):
        for _, cond in pw.args:
            if isinstance(cond, sp.Basic):
                out |= cond.atoms(Relational)
    return out


def _break_points(expr, p, a, b) -> list:
    """Exact points of ``(a, b)`` where a ``Piecewise`` condition of ``expr`` may change, sorted."""
    points = set()
    interval = sp.Interval.open(a, b)
    for rel in _relations(expr):
        try:
            solutions = sp.solveset(rel.lhs - rel.rhs, p, interval)
        except Exception:  # pragma: no cover - sympy limitations, reported below
            solutions = None
        if isinstance(solutions, sp.FiniteSet):
            points |= set(solutions)
        elif solutions is not None and (solutions.is_empty or solutions == interval):
            continue
        else:
            warnings.warn(
                f"could not solve {rel} for {p} on ({a}, {b}); the plot may miss a special point there",
                SymcmWarning,
                stacklevel=4,
            )
    return sorted(points, key=_float)


def _curve(expr, p, a, b, points: int):
    """Grid data of the generic curve and the discontinuities of ``expr`` on ``(a, b)``.

    Returns ``(x, y, specials)`` with ``specials`` a list of ``(c, value,
    limits)``: the exact point as a float, the value there (nan if
    undefined) and the distinct one-sided limits that differ from it.
    """
    import numpy as np

    fa, fb = float(a), float(b)
    xs = fa + (fb - fa) * (np.arange(points) + 0.5) / points
    generic = _evaluator(_generic(expr), (p,))
    ys = generic(xs)
    specials = []
    scale = max(1.0, float(np.nanmax(np.abs(ys))) if np.isfinite(ys).any() else 1.0)
    tol = 1e-3 * scale  # below the resolution of any figure
    delta = (fb - fa) * 1e-9
    for c in _break_points(expr, p, a, b):
        x = _float(c)
        value = _float(_exact_at(expr, p, c))
        left, right = generic(np.array([x - delta, x + delta]))
        limits = []
        for limit in (left, right):
            if math.isfinite(limit) and not (math.isfinite(value) and abs(limit - value) <= tol) \
                    and all(abs(limit - seen) > tol for seen in limits):
                limits.append(float(limit))
        if limits or not math.isfinite(value):
            specials.append((x, value, limits))
    if specials:  # break the line at each discontinuity
        cut = np.array([s[0] for s in specials])
        xs = np.concatenate([xs, cut])
        ys = np.concatenate([ys, np.full(len(cut), np.nan)])
        order = np.argsort(xs, kind="stable")
        xs, ys = xs[order], ys[order]
    return xs, ys, specials


def _evaluator(expr, symbols):
    """:func:`_numeric`, with a clear error for expressions numpy cannot evaluate."""
    try:
        return _numeric(expr, symbols)
    except Exception as error:  # lambdify raises many kinds for unsupported functions
        raise ExpressionError(f"cannot evaluate {expr} numerically with numpy: {error}") from error


# ---------------------------------------------------------------------------
# the box and the grid
# ---------------------------------------------------------------------------


def _parse_over(over, count: int, where: str) -> dict:
    """``{symbol: (a, b)}`` with ``count`` symbols and exact rational ends ``a < b``."""
    if not isinstance(over, Mapping) or len(over) != count:
        shape = "{p: (a, b)}" if count == 1 else "{p: (a, b), q: (c, d)}"
        raise ParameterTypeError(
            f"{where}: over must be a dict {shape} with exactly {count} parameter{'s' * (count > 1)}, "
            f"received {over!r}"
        )
    out = {}
    for s, rng in over.items():
        if not isinstance(s, sp.Symbol):
            raise ParameterTypeError(f"{where}: the keys of over must be sympy Symbols, received {s!r}")
        try:
            lo, hi = rng
        except (TypeError, ValueError):
            raise ParameterTypeError(f"{where}: over[{s}] must be a pair (a, b), received {rng!r}") from None
        lo = to_rational(lo, where=f"{where}: over[{s}][0]")
        hi = to_rational(hi, where=f"{where}: over[{s}][1]")
        if not lo < hi:
            raise DomainError(f"{where}: over[{s}] must satisfy a < b, received ({lo}, {hi})")
        out[s] = (lo, hi)
    return out


def _check_points(points, minimum: int) -> int:
    if isinstance(points, bool) or not isinstance(points, int):
        raise ParameterTypeError(f"points must be an int, received {points!r}")
    if points < minimum:
        raise DomainError(f"points must be at least {minimum}, received {points}")
    return points
