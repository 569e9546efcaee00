"""Canonical forms, degree bounds and certified signs of the rational functions that are edge probabilities.

An edge probability is a rational function ``N / D`` of the parameters with
rational coefficients.  This module owns the algebra a model needs to accept
one, below the model itself:

* ``_degree_bound`` / ``_check_degree``: upper bounds on the degrees of ``N``
  and ``D`` read from the expression tree without expanding anything, so a
  huge degree (``p**10**6``) is refused (:data:`MAX_DEGREE`) before a
  polynomial is built;
* ``_polynomial_terms``: the terms of a polynomial written with ``+``, ``*``
  and integer powers, read directly (the common probabilities ``p``,
  ``1 - p``, ``p*(1 - q)``), bypassing sympy's ``together``/``cancel``;
* ``_canonical`` / ``_rational_function``: the cancelled form ``N / D``
  (denominator with positive leading coefficient) with ``N`` and ``D`` as
  ``Poly`` over ``QQ`` (``_canonical_of_ring``: the same triple for a
  quotient of two elements of the ring ``ZZ[params]`` of
  :mod:`symcm.algebra.ring`, by ring arithmetic instead of ``cancel``);
  ``_effective`` / ``_cancelled``: an expression with
  the symbols that cancel out removed;
* ``_sign``: the certified sign of ``N / D`` on an open box
  (:func:`symcm.algebra.positivity.rational_function_sign`), with a shortcut
  for multilinear numerators (``_positive_multilinear``: such a polynomial
  attains its minimum over a box at a vertex).

``_ring_fraction``, ``_add_fractions`` and ``_cancel_form`` carry exact
rational functions through ring arithmetic (``(N, D)`` pairs over
``ZZ[params]``) and write the result once, in the form ``sympy.cancel``
gives, for the linear algebra of :mod:`symcm.causal.transients`.

``_canonical`` and ``_sign`` are cached (``symcm.clear_caches`` empties them).
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from functools import lru_cache

import sympy as sp

from ..errors import ExpressionError, TooLargeError
from .positivity import MAX_BOXES, SignReport, rational_function_sign

__all__ = ["MAX_DEGREE"]

#: Default cap on the degree of a numerator or denominator (of an edge probability: the
#: ``max_degree`` keyword of the model constructors; of an expression read from text).
MAX_DEGREE = 256


def _degree_bound(expr, cache: dict | None = None):
    """Upper bounds ``(num, den)`` on the total degrees of ``expr`` over a common denominator.

    Read from the expression tree without expanding anything (``p**10**6``
    costs nothing here), so a constructor can refuse a huge degree before a
    polynomial is built.  None when the tree is not made of ``+``, ``*``,
    integer powers, symbols and numbers (such expressions are refused later).
    """
    if cache is None:
        cache = {}
    if expr in cache:
        return cache[expr]
    if expr.is_Number or not expr.free_symbols:
        out = (0, 0)
    elif expr.is_Symbol:
        out = (1, 0)
    elif expr.is_Add or expr.is_Mul:
        parts = [_degree_bound(a, cache) for a in expr.args]
        if any(b is None for b in parts):
            out = None
        elif expr.is_Mul:
            out = (sum(b[0] for b in parts), sum(b[1] for b in parts))
        else:
            den = sum(b[1] for b in parts)
            out = (max(b[0] + den - b[1] for b in parts), den)
    elif expr.is_Pow and expr.exp.is_Integer:
        n = int(expr.exp)
        base = _degree_bound(expr.base, cache)
        if base is None:
            base = (1, 0)  # a non-constant base of unknown kind: its power has degree >= |n| in something
        out = (base[0] * n, base[1] * n) if n >= 0 else (base[1] * -n, base[0] * -n)
    else:
        out = None
    cache[expr] = out
    return out


def _check_degree(expr, where: str, max_degree: int) -> None:
    try:
        bound = _degree_bound(expr)
    except RecursionError:
        raise ExpressionError(f"{where}: the expression is nested too deeply") from None
    if bound is not None and max(bound) > max_degree:
        raise TooLargeError(
            f"{where} has degree up to {max(bound)}, more than the cap max_degree={max_degree}; "
            f"pass a larger max_degree= to allow it (the cost grows quickly with the degree)"
        )



def _polynomial_terms(expr, symbols: tuple) -> dict | None:
    """``{exponents: Rational}`` of a polynomial written with ``+``, ``*`` and integer powers, else None.

    The common probabilities (``p``, ``1 - p``, ``p*(1 - q)``) are such
    expression trees; reading their terms directly avoids sympy's
    ``together``/``cancel`` and its generic ``Poly`` constructor, which
    dominate model construction.  Anything else (a quotient, a function, a
    float) returns None and takes the general route.
    """
    n = len(symbols)
    zero = (0,) * n
    if expr.is_Rational:
        return {zero: expr} if expr else {}
    if expr.is_Symbol:
        if expr not in symbols:
            return None
        mono = [0] * n
        mono[symbols.index(expr)] = 1
        return {tuple(mono): sp.Integer(1)}
    if expr.is_Add:
        out: dict = {}
        for arg in expr.args:
            t = _polynomial_terms(arg, symbols)
            if t is None:
                return None
            for m, c in t.items():
                c = out.get(m, 0) + c
                if c:
                    out[m] = c
                else:
                    out.pop(m, None)
        return out
    if expr.is_Mul:
        out = {zero: sp.Integer(1)}
        for arg in expr.args:
            t = _polynomial_terms(arg, symbols)
            if t is None:
                return None
            out = _times(out, t)
        return out
    if expr.is_Pow and expr.exp.is_Integer and 0 <= expr.exp <= 64:
        base = _polynomial_terms(expr.base, symbols)
        if base is None:
            return None
        out = {zero: sp.Integer(1)}
        for _ in range(int(expr.exp)):
            out = _times(out, base)
        return out
    return None


def _times(a: dict, b: dict) -> dict:
    out: dict = {}
    for m1, c1 in a.items():
        for m2, c2 in b.items():
            m = tuple(x + y for x, y in zip(m1, m2))
            c = out.get(m, 0) + c1 * c2
            if c:
                out[m] = c
            else:
                out.pop(m, None)
    return out


@lru_cache(maxsize=4096)
def _canonical(expr: sp.Expr, gens: tuple) -> tuple[sp.Expr, sp.Poly, sp.Poly]:
    """Cancelled form of a rational function and its numerator/denominator polynomials."""
    terms = _polynomial_terms(expr, gens) if gens else None
    if terms is not None:  # a polynomial: its expanded form is its cancelled form
        pn = sp.Poly.from_dict(terms, *gens, domain=sp.QQ) if terms else sp.Poly(0, *gens, domain=sp.QQ)
        pd = sp.Poly(1, *gens, domain=sp.QQ)
        return pn.as_expr(), pn, pd
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    pn = sp.Poly(num, *gens, domain=sp.QQ) if gens else sp.Poly(num, sp.Dummy(), domain=sp.QQ)
    pd = sp.Poly(den, *gens, domain=sp.QQ) if gens else sp.Poly(den, sp.Dummy(), domain=sp.QQ)
    # normalise: denominator monic in its leading coefficient sign
    lc = pd.LC()
    if lc < 0:
        pn, pd = -pn, -pd
    if pd.is_ground:  # a polynomial: its expanded form is already the cancelled one
        value = pn.quo_ground(pd.LC()).as_expr()
    else:
        value = sp.cancel(pn.as_expr() / pd.as_expr())
    return value, pn, pd


def _ring_lowest_terms(ring, num, den) -> tuple:
    """``num / den`` in lowest terms over the ring, the denominator's lex-leading coefficient positive."""
    g = ring.gcd(num, den)
    if not ring.is_const(g) or ring.constant(g) != 1:
        num, den = ring.exquo(num, g), ring.exquo(den, g)
    if ring.leading_sign(den) < 0:
        num, den = -num, -den
    return num, den


def _canonical_of_ring(ring, num, den, gens: tuple, reduced: bool = False) -> tuple[sp.Expr, sp.Poly, sp.Poly]:
    """``_canonical(num / den, gens)`` for ring elements ``num, den`` (``den != 0``), without ``cancel``.

    The gcd is removed in the ring and the denominator's lex-leading
    coefficient made positive; a constant denominator is divided into the
    numerator (the polynomial form of ``_canonical``).  ``gens`` are the
    symbols to build the polynomials over, a subset of ``ring.gens`` (in
    its order) that holds every symbol of ``num`` and ``den``.  Equal to
    ``_canonical`` term for term (tested on random quotients and on every
    reversed model of the catalogue), at ring cost: the ``together`` and
    ``cancel`` of a quotient of polynomials with hundreds of terms take
    seconds in sympy.  ``reduced=True`` says the caller already applied
    :func:`_ring_lowest_terms`.
    """
    if not num:
        return sp.Integer(0), sp.Poly(0, *gens, domain=sp.QQ), sp.Poly(1, *gens, domain=sp.QQ)
    if not reduced:
        num, den = _ring_lowest_terms(ring, num, den)
    pos = [ring.gens.index(s) for s in gens]

    def poly(el, scale=1):
        return sp.Poly.from_dict({tuple(m[i] for i in pos): sp.QQ(int(c), scale) for m, c in ring.terms(el)},
                                 *gens, domain=sp.QQ)

    if ring.is_const(den):
        pn = poly(num, ring.constant(den))
        return pn.as_expr(), pn, sp.Poly(1, *gens, domain=sp.QQ)
    return ring.to_expr(num) / ring.to_expr(den), poly(num), poly(den)


def _ring_fraction(ring, expr, memo: dict) -> tuple:
    """A rational function of ``ring.gens`` (a sympy expression) as ``(N, D)`` over the ring, memoised in ``memo``."""
    got = memo.get(expr)
    if got is None:
        num, den = sp.fraction(sp.together(expr))
        n, cn = ring.from_expr(num)
        d, cd = ring.from_expr(den)
        got = memo[expr] = (n * ring.from_int(cd), d * ring.from_int(cn))
    return got


def _add_fractions(ring, a: tuple, b: tuple) -> tuple:
    """``a + b`` for pairs ``(N, D)``, over ``lcm`` of the denominators (not reduced further)."""
    (an, ad), (bn, bd) = a, b
    if not an:
        return b
    if ad == bd:
        return an + bn, ad
    g = ring.gcd(ad, bd)
    return an * ring.exquo(bd, g) + bn * ring.exquo(ad, g), ad * ring.exquo(bd, g)


def _cancel_form(ring, num, den) -> sp.Expr:
    """``sympy.cancel(num / den)`` for ring elements, computed in the ring: the gcd removed, one conversion.

    The form is that of ``cancel``: numerator over a denominator with a
    positive lex-leading coefficient (a constant denominator divided into
    the numerator).  The lex order is that of ``ring.gens``; with generators
    whose names sort differently in sympy's natural order (``p2``, ``p10``)
    the sign of both parts may differ from ``cancel``'s, never the value.
    """
    if not num:
        return sp.Integer(0)
    num, den = _ring_lowest_terms(ring, num, den)
    if ring.is_const(den):
        return ring.to_expr(num) / ring.constant(den)
    return ring.to_expr(num) / ring.to_expr(den)


def _effective(expr: sp.Expr) -> sp.Expr:
    """``expr`` with symbols that cancel out removed: polynomials read directly, else ``cancel(together(.))``."""
    if isinstance(expr, sp.Expr):
        syms = tuple(sorted(expr.free_symbols, key=lambda x: x.name))
        terms = _polynomial_terms(expr, syms)
        if terms is not None:
            if not terms:
                return sp.Integer(0)
            used = {x for m in terms for x, e in zip(syms, m) if e}
            if used == set(syms):
                return expr
            return sp.Poly.from_dict(terms, *syms, domain=sp.QQ).as_expr()
    return _cancelled(expr)


def _cancelled(expr: sp.Expr) -> sp.Expr:
    """``cancel(together(expr))`` for rational functions; other expressions unchanged (refused later)."""
    try:
        return sp.cancel(sp.together(expr))
    except (sp.PolynomialError, TypeError):  # pragma: no cover - non-rational input
        return expr


def _rational_function(expr: sp.Expr, gens: tuple, where: str):
    try:
        return _canonical(expr, gens)
    except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded) as exc:
        raise ExpressionError(
            f"{where}: expected a rational function of the parameters with rational coefficients, "
            f"received {expr}"
        ) from exc


@lru_cache(maxsize=4096)
def _sign(pn: sp.Poly, pd: sp.Poly, box: tuple, max_boxes: int = MAX_BOXES) -> SignReport:
    if pd.is_ground and _positive_multilinear(pn, dict(box)):
        return SignReport(True, None)
    return rational_function_sign(pn, pd, dict(box), max_boxes=max_boxes)


def _positive_multilinear(pn: sp.Poly, box: dict) -> bool:
    """True if ``pn`` is nonzero, of degree <= 1 in each variable, and >= 0 at every vertex of the box.

    A multilinear polynomial is affine along every coordinate line, so its
    minimum over the closed box is attained at a vertex; and if it vanished
    at an interior point while nonnegative at the vertices it would vanish on
    every coordinate line through that point, hence everywhere.  So such a
    polynomial is strictly positive on the open box: no factorisation needed
    (the common case ``p``, ``1 - p``, ``p*q``).  Anything else (or more than
    10 variables) returns False and is decided by the general routine.
    """
    terms = pn.as_dict()
    if not terms:
        return False
    used = [i for i in range(len(pn.gens)) if any(m[i] for m in terms)]
    if len(used) > 10 or any(m[i] > 1 for m in terms for i in used):
        return False
    bounds = [(Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q)))
              for lo, hi in (tuple(map(sp.Rational, box[pn.gens[i]])) for i in used)]
    coeffs = [(m, Fraction(int(c.p), int(c.q))) for m, c in ((m, sp.Rational(c)) for m, c in terms.items())]
    for corner in itertools.product(*bounds):
        value = Fraction(0)
        for m, c in coeffs:
            t = c
            for k, i in enumerate(used):
                if m[i]:
                    t *= corner[k]
            value += t
        if value < 0:
            return False
    return True

