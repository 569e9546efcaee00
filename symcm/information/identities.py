r"""Exact identities between entropy expressions: :func:`log_form` and :func:`entropy_equal`.

sympy does not cancel logarithms of rational functions, so expressions such
as :math:`I[X; Y]` of independent variables do not simplify to 0 by
themselves.  This module decides such identities exactly.

:func:`log_form` writes an entropy expression (a sum of rational-function
multiples of :class:`~symcm.algebra.entropy.H` of rational functions, of
:math:`\log a / \log 2` and of rational functions) exactly as

.. math::

    \sum_f c_f \log_2 |f|

over pairwise coprime integers and irreducible primitive polynomials
:math:`f` with rational-function coefficients :math:`c_f`, using
:math:`\log|f g| = \log|f| + \log|g|` after factoring every logarithm's
argument over the rationals.  :func:`entropy_equal` decides equalities with
it: an empty form proves an identity; for numbers a nonempty form proves a
difference (logarithms of pairwise coprime integers are linearly
independent over the rationals); for parametric expressions a difference is
proved by an exact witness point.

It works on any expression of that shape: the entropies, conditional
entropies and mutual informations of :mod:`symcm.information.shannon` and the
measures of :mod:`symcm.causal.measures`.

Examples
--------
>>> import sympy as sp, symcm as sc
>>> from symcm.information import entropy_equal, log_form
>>> p = sc.symbols("p")
>>> entropy_equal(sc.H(p, p, 1 - 2*p), 2*p + sc.H(2*p))
True
>>> log_form(sc.H(sp.Rational(1, 4)))
{2: 2, 3: -3/4}
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import sympy as sp

from ..algebra.entropy import H
from ..models.hmm import as_exact

__all__ = ["entropy_equal", "log_form"]

_LOG2 = sp.log(2)


def _cancel(expr) -> sp.Expr:
    return sp.cancel(sp.together(expr))


def _log_terms(expr: sp.Expr) -> list | None:
    """``[(c, a), ...]`` with ``expr == sum c * log2(a)`` and log-free ``c``, ``a``; None if not of that shape."""
    if not expr.has(H, sp.log):
        return [(expr, sp.Integer(2))] if expr != 0 else []
    if expr.is_Add:
        out = []
        for term in expr.args:
            t = _log_terms(term)
            if t is None:
                return None
            out += t
        return out
    if isinstance(expr, H):
        args = expr.args if len(expr.args) > 1 else (expr.args[0], 1 - expr.args[0])
        if any(a.has(H, sp.log) for a in args):
            return None
        return [(-a, a) for a in args if a != 0]
    if expr.is_Mul:
        plain = [f for f in expr.args if not f.has(H, sp.log)]
        logs = [f for f in expr.args if f.has(H, sp.log)]
        coeff = sp.Mul(*plain)
        inverse_log2 = [f for f in logs if f == 1 / _LOG2]
        others = [f for f in logs if f != 1 / _LOG2]
        if len(others) != 1:
            return None
        (inner,) = others
        if len(inverse_log2) == 1 and isinstance(inner, sp.log):
            if inner.args[0].has(H, sp.log):
                return None
            return [(coeff, inner.args[0])]
        if not inverse_log2:
            t = _log_terms(inner)
            return None if t is None else [(coeff * c, a) for c, a in t]
        return None
    return None


def _factor_rational_function(a: sp.Expr, gens: tuple) -> list | None:
    """``[(base, k), ...]`` with ``|a| = prod |base|**k``: integers and primitive irreducible polynomials."""
    num, den = sp.fraction(_cancel(a))
    out = []
    for part, sign in ((num, 1), (den, -1)):
        try:
            const, factors = sp.factor_list(part, *gens) if gens else (part, [])
        except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded):
            return None
        if not isinstance(const, sp.Rational) or const == 0:
            return None
        out += [(sp.Integer(abs(const.p)), sign), (sp.Integer(const.q), -sign)]
        for f, k in factors:
            poly = sp.Poly(f, *gens)
            if poly.is_ground:
                return None  # pragma: no cover - factor_list puts constants in const
            if poly.LC() < 0:
                poly = -poly
            out.append((poly.as_expr(), sign * k))
    return out


def _gcd_free(form: dict) -> dict:
    """Rewrite the integer bases over pairwise coprime integers (logs of those are independent over Q)."""
    ints = {n: c for n, c in form.items() if n.is_Integer}
    rest = {n: c for n, c in form.items() if not n.is_Integer}
    basis: list[int] = []
    work = [int(n) for n in ints if n > 1]
    while work:
        x = work.pop()
        if x == 1:
            continue
        for b in basis:
            g = math.gcd(x, b)
            if g > 1:
                basis.remove(b)
                work += [g, b // g, x // g]
                break
        else:
            basis.append(x)
    roots = {}
    for b in basis:  # 4 -> 2**2: the smallest base (still pairwise coprime)
        power = sp.perfect_power(b)
        roots[b] = (sp.Integer(power[0]), power[1]) if power else (sp.Integer(b), 1)
    out: dict = {}
    for n, c in ints.items():
        n = int(n)
        for b in basis:
            root, k = roots[b]
            while n % b == 0:
                n //= b
                out[root] = out.get(root, 0) + k * c
    out.update(rest)
    return out


def log_form(expr) -> dict | None:
    r"""An entropy expression as a combination of base-2 logarithms: ``{base: coefficient}``.

    Writes ``expr`` exactly as :math:`\sum_f c_f \log_2 |f|`, where the bases
    :math:`f` are pairwise coprime integers ``> 1`` and irreducible
    primitive polynomials with positive leading coefficient, and the
    coefficients :math:`c_f` are nonzero cancelled rational functions.  A
    rational (log-free) part ``r`` is ``r log2(2)``.

    Parameters
    ----------
    expr : sympy.Expr
        A sum of rational multiples (rational functions) of ``H(...)`` of
        rational functions, of ``log(a)/log(2)`` and of rational functions:
        the form of every entropy that :mod:`symcm.information.shannon` and
        :mod:`symcm.causal.measures` return.

    Returns
    -------
    dict or None
        ``{}`` when the expression is identically 0; None when it is not of
        the shape above (e.g. ``Piecewise``, ``sqrt``).

    Notes
    -----
    Uses :math:`\log_2|ab| = \log_2|a| + \log_2|b|` after factoring the
    numerator and denominator of every logarithm's argument over the
    rationals; valid wherever no base vanishes, hence, by continuity of the
    entropy, everywhere on the domain.  Cost: one multivariate factorisation
    per distinct argument.

    Examples
    --------
    >>> from symcm.information import log_form
    >>> p = sc.symbols("p")
    >>> log_form(sc.H(p, p, 1 - 2*p) - 2*p - sc.H(2*p))
    {}
    >>> log_form(sc.H(sp.Rational(1, 4)))
    {2: 2, 3: -3/4}
    """
    expr = as_exact(expr, where="log_form")
    terms = _log_terms(sp.expand(expr, deep=False, log=False, multinomial=False, power_exp=False,
                                 power_base=False, mul=True))
    if terms is None:
        return None
    gens = tuple(sorted(set().union(*(c.free_symbols | a.free_symbols for c, a in terms)) if terms else set(),
                        key=lambda s: s.name))
    form: dict = {}
    for coeff, arg in terms:
        if not (coeff.is_rational_function(*gens) and arg.is_rational_function(*gens)):
            return None
        factors = _factor_rational_function(arg, gens)
        if factors is None:
            return None
        for base, k in factors:
            if base == 1:
                continue
            form[base] = form.get(base, 0) + k * coeff
    form = _gcd_free(form)
    out = {}
    for base, c in form.items():
        try:
            c = _cancel(c)
        except sp.PolynomialError:  # pragma: no cover - coefficients are rational functions
            return None
        if c.has(H, sp.log):
            return None
        if c != 0:
            out[base] = c
    return out


def _sample_points(syms: tuple, domain: Mapping | None) -> list[dict]:
    """A few rational points inside the domain (default ``(0, 1)`` per parameter)."""
    given = dict(domain or {})
    box = {s: tuple(sp.Rational(b) for b in given.get(s, (0, 1))) for s in syms}
    fractions = [sp.Rational(1, 2), sp.Rational(2, 7), sp.Rational(5, 8), sp.Rational(3, 11), sp.Rational(7, 9)]
    return [{s: box[s][0] + (box[s][1] - box[s][0]) * fractions[(k + j) % len(fractions)]
             for j, s in enumerate(syms)} for k in range(len(fractions))]


def entropy_equal(a, b, *, domain: Mapping | None = None) -> bool | None:
    """Decide exactly whether two entropy expressions are equal (identically in the parameters).

    Parameters
    ----------
    a, b : sympy.Expr or number
        Expressions of the shape :func:`log_form` understands.
    domain : mapping Symbol -> (lo, hi), optional
        Where to look for a witness of a difference; default ``(0, 1)`` for
        every parameter.

    Returns
    -------
    bool or None
        True: the log form of ``a - b`` is empty, so ``a == b`` identically.
        False: the expressions differ at an exhibited rational point (for
        numbers: the log form over pairwise coprime integers is not empty,
        and logarithms of pairwise coprime integers are linearly independent
        over the rationals).  None: not decided (an expression of another
        shape, or no witness found among the points tried).

    Examples
    --------
    >>> from symcm.information import entropy_equal
    >>> p = sc.symbols("p")
    >>> entropy_equal(sc.H(sp.Rational(1, 4), sp.Rational(1, 4), sp.Rational(1, 2)), sp.Rational(3, 2))
    True
    >>> entropy_equal(sc.H(p), sc.H(1 - p)), entropy_equal(sc.H(p), p)
    (True, False)
    >>> entropy_equal(sp.sqrt(p), p) is None
    True
    """
    a = as_exact(a, where="entropy_equal: first expression")
    b = as_exact(b, where="entropy_equal: second expression")
    diff = sp.Add(a, -b)
    form = log_form(diff)
    if form is None:
        return None
    if not form:
        return True
    syms = tuple(sorted(diff.free_symbols, key=lambda s: s.name))
    if not syms:
        return False
    for point in _sample_points(syms, domain):
        value = diff.subs(point)
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            continue
        at = log_form(value)
        if at:  # nonzero over pairwise coprime integers: a witness
            return False
    return None

