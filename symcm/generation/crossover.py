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

The work is shared by four modules: :mod:`symcm.generation.roots` (the
certified sign analysis: bisection, root isolation, interval Newton
refinement, exact special points), :mod:`symcm.generation.regions` (the
result types :class:`~symcm.generation.regions.Region`,
:class:`~symcm.generation.regions.Span` and
:class:`~symcm.generation.regions.Boundary`, and their conventions),
:mod:`symcm.algebra.signs` (certified signs of exact numbers) and this
module, which owns the problem itself: checking the inputs, refusing a pole
of :math:`f` inside the range (interval arithmetic cannot follow a sign
across one), writing ``sign`` and ``Abs`` as ``Piecewise`` so their breaks
are found like any other, recognising :math:`f \equiv 0`, and assembling the
signs found by the analysis into maximal intervals.

Assembly
--------
The analysis returns, left to right, stretches of constant sign separated by
points (certified roots and exact special points).  The region is the union
of the positive stretches and of the special points where :math:`f > 0`; a
point whose membership equals that of both neighbours changes nothing and is
dropped, and an exact zero outside the region on both sides is reported as a
*tangency*.

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

import sympy as sp

from .regions import MAX_DIGITS, Boundary, Region, Span
from .roots import _Analysis
from ..algebra.signs import _exact_sign, _frac, _rat
from .. import checks
from ..algebra.domain import to_rational as _to_rational
from ..errors import DomainError, ExpressionError, ParameterTypeError, TooLargeError

__all__ = ["crossover"]

_MAX_NUMBER_BITS = 14_000  # about 4200 decimal digits: Python refuses str() of an int past 4300 digits


# ---------------------------------------------------------------------------
# assembly and input checks
# ---------------------------------------------------------------------------


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
