"""Certified signs of rational functions on open boxes.

An edge probability of a symbolic model is a rational function
``f = N / D`` of the parameters with rational coefficients.  A model is valid
only if ``f >= 0`` on the whole (open) domain box ``B``, and an edge whose
probability *vanishes* somewhere in ``B`` changes the model's structure there.
This module decides both questions exactly, or says that it cannot.

Method
------
``N`` and ``D`` are first split into square-free parts ``g_k`` (the product
of the factors of multiplicity ``k``, by gcds: cheap), and each part is then
factored over the rationals into irreducible factors ``g`` (python-flint when
it is installed and ``SYMCM_BACKEND`` is not ``sympy``; with sympy alone only parts of total degree at most 12 in
several variables, larger ones are kept whole: the sign test below is valid
for any polynomial, the factoring only makes zero conditions finer).  So
``((p + q)/2)**30`` costs one linear factor of multiplicity 30.  A factor of
even multiplicity is ``>= 0``; the sign of ``f`` is the product of the signs
of the factors of odd multiplicity.  For every factor we decide whether it has a constant sign on
``B`` and whether it vanishes in ``B``:

* **one variable** - exact real-root isolation (``Poly.intervals``) gives
  every root inside ``(lo, hi)``; the sign between consecutive roots is the
  sign at a rational point of the gap.  This always decides.
* **several variables** - the factor is expanded in the tensor Bernstein basis
  of the box [Garloff 1986; Farouki 2012]; since the Bernstein basis
  polynomials are positive inside the box, all coefficients ``>= 0`` with the
  ones on shared faces ``> 0`` certifies ``g > 0`` there.  Boxes that are not
  certified are bisected (exactly, with rationals) and the centre of each box
  is evaluated; two centres of opposite sign prove a sign change (and hence a
  zero inside ``B``).  A factor that is not settled within ``max_boxes`` boxes
  is reported undecided and the caller refuses the model rather than guess.

References
----------
.. [1] J. Garloff, "Convergent bounds for the range of multivariate
   polynomials", Interval Mathematics 1985, LNCS 212, pp. 37-56, 1986.
.. [2] R. T. Farouki, "The Bernstein polynomial basis: a centennial
   retrospective", Computer Aided Geometric Design 29(6), 379-419, 2012.
"""

from __future__ import annotations

import itertools
import math
import os
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import comb

import sympy as sp

from .domain import to_rational
from ..errors import DomainError, ParameterTypeError, UndecidableError

__all__ = ["FactorSign", "SignReport", "factor_sign", "rational_function_sign"]

#: Bisection budget for one multivariate factor.
MAX_BOXES = 4096
#: A Bernstein form of more than this many coefficients per unit of the box budget is not attempted.
COEFFICIENTS_PER_BOX = 64
#: With sympy alone, multivariate square-free parts of larger total degree are not factored.
SYMPY_FACTOR_DEGREE = 12

try:  # python-flint factors multivariate polynomials fast; optional
    import flint as _flint
except ImportError:  # pragma: no cover - exercised by the no-flint CI run
    _flint = None


@dataclass(frozen=True)
class FactorSign:
    """The sign behaviour of one polynomial factor on the open box.

    Attributes
    ----------
    sign : int
        +1 if the factor is ``>= 0`` on the box, -1 if ``<= 0``, 0 if it takes
        both signs.
    vanishes : bool or None
        Whether it has a zero inside the open box (None: undecided; only
        possible for multivariate factors that are certified ``>= 0`` or
        ``<= 0`` but whose zeros could not be excluded).
    witnesses : tuple of dict
        Rational points inside the box (at most one per sign) found on the way.
    """

    sign: int
    vanishes: bool | None
    witnesses: tuple = ()


@dataclass(frozen=True)
class SignReport:
    """Sign of a rational function ``f`` on an open box.

    Attributes
    ----------
    nonnegative : bool
        ``f >= 0`` at every point of the box where it is defined.
    zero_condition : sympy condition or None
        A condition that holds exactly where (inside the box) ``f`` vanishes;
        ``None`` if ``f`` has no zero in the box.  It may be conservative
        (``Eq(g, 0)`` for a factor ``g`` whose zeros could not be excluded).
    pole_factors : tuple of sympy.Expr
        Denominator factors that vanish inside the box (``f`` undefined there).
    witness : dict or None
        A rational point in the box where ``f < 0`` (when not nonnegative).
    """

    nonnegative: bool
    zero_condition: sp.Basic | None
    pole_factors: tuple = ()
    witness: dict | None = None
    factors: tuple = field(default=(), repr=False)


def _zero_condition(g: sp.Poly) -> sp.Basic:
    """``Eq(g, 0)``, solved for a variable when ``g`` is linear in it."""
    expr = g.as_expr()
    for x in g.gens:
        if g.degree(x) == 1:
            coeff = expr.coeff(x, 1)
            if not coeff.free_symbols:
                rest = sp.expand(expr - coeff * x)
                return sp.Eq(x, sp.expand(-rest / coeff))
    return sp.Eq(expr, 0)


def _short(expr, limit: int = 200) -> str:
    try:
        text = str(expr)
    except ValueError:  # pragma: no cover - past the int-to-str limit
        return "<an expression too large to print>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _flint_usable(g: sp.Poly) -> bool:
    """Whether python-flint factors ``g``: installed, not turned off, and ``g`` in several variables."""
    if _flint is None or os.environ.get("SYMCM_BACKEND", "flint") == "sympy":
        return False
    return sum(1 for x in g.gens if g.degree(x) > 0) >= 2


def _irreducible(g: sp.Poly) -> list:
    """``(c, [h, ...])`` with ``g = c * prod(h)``, the ``h`` irreducible when factoring is affordable.

    One variable: sympy factors.  Several: python-flint when installed, else
    sympy up to total degree :data:`SYMPY_FACTOR_DEGREE`; a part that is not
    factored is returned whole (its sign is still decided exactly below).
    """
    if g.total_degree() <= 1:
        return sp.Integer(1), [g]
    used = [x for x in g.gens if g.degree(x) > 0]
    if _flint_usable(g):
        names = tuple(f"x{i}" for i in range(len(g.gens)))
        ctx = _flint.fmpq_mpoly_ctx.get(names, "lex")
        fg = ctx.from_dict({m: _flint.fmpq(int(c.p), int(c.q)) for m, c in g.terms()})
        c, facs = fg.factor()
        out = []
        for h, k in facs:
            poly = sp.Poly.from_dict({tuple(int(e) for e in m): sp.Rational(int(v.p), int(v.q))
                                      for m, v in zip(h.monoms(), h.coeffs())}, *g.gens, domain=sp.QQ)
            out += [poly] * int(k)
        return sp.Rational(int(c.p), int(c.q)), out
    if len(used) >= 2 and g.total_degree() > SYMPY_FACTOR_DEGREE:
        return sp.Integer(1), [g]
    c, facs = g.factor_list()
    return c, [h for h, k in facs for _ in range(k)]


def _factors(poly: sp.Poly) -> tuple:
    """``(c, [(g, k), ...])`` with ``poly = c * prod(g**k)``: square-free parts first, then factored.

    See :func:`_irreducible`; each ``g`` is primitive with integer coefficients and a positive
    leading coefficient (``2*p - 1``, not ``p - 1/2``), so messages and zero conditions read well.
    """
    if _flint_usable(poly):
        coeff, hs = _irreducible(poly)  # flint factors with multiplicities at once
        counts = {}
        for h in hs:
            counts[h] = counts.get(h, 0) + 1
        parts = [(h, k) for h, k in counts.items()]
        hs_split = True
    else:
        coeff, parts = poly.sqf_list()
        hs_split = False
    out = []
    for part, k in parts:
        c, hs = (sp.Integer(1), [part]) if hs_split else _irreducible(part)
        coeff *= c**k
        merged = {}
        for h in hs:
            # primitive with integer coefficients and a positive leading coefficient: 2*p - 1, not p - 1/2
            den = math.lcm(*(int(sp.Rational(v).q) for v in h.coeffs()))
            num = math.gcd(*(int(sp.Rational(v) * den) for v in h.coeffs()))
            scale = sp.Rational(den, num)
            if h.LC() < 0:
                scale = -scale
            h = h.mul_ground(scale)
            coeff /= scale**k
            merged[h] = merged.get(h, 0) + k
        out += list(merged.items())
    return coeff, out


def _eval_poly(g: sp.Poly, point: dict) -> sp.Rational:
    return g.eval({x: point[x] for x in g.gens}) if g.gens else g.LC()


# --- one variable: exact root isolation -------------------------------------

def _univariate_sign(g: sp.Poly, lo: sp.Rational, hi: sp.Rational) -> FactorSign:
    x = g.gens[0]
    signed = g
    # isolate on the square-free part with the roots at the two ends divided out, so every
    # remaining isolating interval holds a root that is strictly inside or strictly outside
    g = g.sqf_part()
    for end in (lo, hi):
        while g.degree() > 0 and g.eval(end) == 0:
            g = sp.Poly(sp.quo(g.as_expr(), x - end, x), x)
    roots = []  # isolating intervals [a, b] of the roots strictly inside (lo, hi)
    if g.degree() > 0:
        for (a, b), _mult in g.intervals(inf=lo, sup=hi):
            a, b = sp.Rational(a), sp.Rational(b)
            while a != b and not (lo < a and b < hi):
                if b <= lo or a >= hi:
                    break
                a, b = (sp.Rational(t) for t in g.refine_root(a, b, eps=(b - a) / 4))
            if lo < a and b < hi:
                roots.append([a, b])
    roots.sort()
    # make neighbouring intervals strictly disjoint so every gap has a midpoint
    for left, right in zip(roots, roots[1:]):
        while left[1] >= right[0]:
            for iv in (left, right):
                if iv[0] != iv[1]:
                    iv[:] = (sp.Rational(t) for t in g.refine_root(iv[0], iv[1], eps=(iv[1] - iv[0]) / 4))
    cuts = [lo] + [t for ab in roots for t in ab] + [hi]
    signs = {}
    for i in range(len(roots) + 1):
        t = (cuts[2 * i] + cuts[2 * i + 1]) / 2
        v = signed.eval(t)  # a gap holds no root, so v != 0
        signs.setdefault(1 if v > 0 else -1, {x: t})
    if len(signs) == 2:
        return FactorSign(0, True, tuple(signs.values()))
    ((sign, wit),) = signs.items()
    return FactorSign(sign, bool(roots), (wit,))


def _bernstein(coeffs: dict, degrees: tuple) -> dict:
    """Bernstein coefficients on the unit cube from power-basis coefficients.

    The tensor basis change is applied one axis at a time,
    ``b_i = sum_{j <= i} C(i, j) / C(d, j) a_j``, so the cost is
    ``prod(d + 1) * sum(d + 1)`` rather than ``prod(d + 1)**2``.
    """
    table = {idx: Fraction(0) for idx in itertools.product(*(range(d + 1) for d in degrees))}
    for m, a in coeffs.items():
        table[tuple(m)] = Fraction(a)
    for axis, d in enumerate(degrees):
        weights = [[Fraction(comb(i, j), comb(d, j)) for j in range(i + 1)] for i in range(d + 1)]
        others = [range(k + 1) for i, k in enumerate(degrees) if i != axis]
        for rest in itertools.product(*others):
            keys = [rest[:axis] + (j,) + rest[axis:] for j in range(d + 1)]
            line = [table[k] for k in keys]
            for i, k in enumerate(keys):
                table[k] = sum((w * a for w, a in zip(weights[i], line) if a), Fraction(0))
    return table


def _split(b: dict, degrees: tuple, axis: int) -> tuple[dict, dict]:
    """de Casteljau at 1/2 along ``axis``: Bernstein coefficients of both halves."""
    d = degrees[axis]
    left, right = {}, {}
    others = [range(k + 1) for i, k in enumerate(degrees) if i != axis]
    for rest in itertools.product(*others):
        def key(j, rest=rest):
            return rest[:axis] + (j,) + rest[axis:]
        row = [b[key(j)] for j in range(d + 1)]
        lefts, rights = [row[0]], [row[-1]]
        while len(row) > 1:
            row = [(u + v) / 2 for u, v in zip(row, row[1:])]
            lefts.append(row[0])
            rights.append(row[-1])
        for j in range(d + 1):
            left[key(j)] = lefts[j]
            right[key(j)] = rights[d - j]
    return left, right


def _certified(b: dict, degrees: tuple, inner_faces: tuple, sign: int, strict: bool) -> bool:
    """All coefficients have ``sign`` (>= / <=); with ``strict``, strictly on faces shared with other boxes.

    Non-strict certification proves ``sign * g >= 0`` on the closed box; strict
    certification also proves ``g != 0`` inside the box and on its shared faces.
    """
    nonzero = False
    for idx, v in b.items():
        sv = sign * v
        if sv < 0:
            return False
        if sv == 0 and strict:
            for axis, (low_inner, high_inner) in enumerate(inner_faces):
                if (idx[axis] == 0 and low_inner) or (idx[axis] == degrees[axis] and high_inner):
                    return False
        else:
            nonzero = True
    return nonzero


def _multivariate_sign(g: sp.Poly, box: dict, max_boxes: int) -> FactorSign:
    gens = g.gens
    lows = [box[x][0] for x in gens]
    widths = [box[x][1] - box[x][0] for x in gens]
    t = sp.symbols(f"_t0:{len(gens)}")
    moved = sp.Poly(g.as_expr().subs({x: lo + w * ti for x, lo, w, ti in zip(gens, lows, widths, t)},
                                     simultaneous=True), *t)
    degrees = tuple(moved.degree(ti) for ti in t)
    size = math.prod(d + 1 for d in degrees)
    if size > COEFFICIENTS_PER_BOX * max_boxes:
        raise UndecidableError(
            f"could not decide the sign of {_short(g.as_expr())} on the box: its Bernstein form has {size} "
            f"coefficients, more than {COEFFICIENTS_PER_BOX} x {max_boxes} subdivisions allow; "
            "restrict the domain or substitute parameter values"
        )
    coeffs = {m: Fraction(int(c.p), int(c.q)) for m, c in moved.terms()}
    root_box = (tuple(Fraction(0) for _ in gens), tuple(Fraction(1) for _ in gens))
    queue = deque([(_bernstein(coeffs, degrees), root_box)])
    found = {}
    found_zero = zero_unknown = undecided = False
    sign_bounds = set()  # signs of boxes certified >= 0 / <= 0
    processed = 0
    while queue:
        b, (blo, bhi) = queue.popleft()  # breadth first: coarse witnesses first
        processed += 1
        inner = tuple((blo[i] > 0, bhi[i] < 1) for i in range(len(gens)))
        centre = {x: lo + w * sp.Rational((l + h) / 2)
                  for x, lo, w, l, h in zip(gens, lows, widths, blo, bhi)}
        certified = next((s for s in (1, -1) if _certified(b, degrees, inner, s, strict=not found_zero)), None)
        if certified is not None:
            # g has the sign strictly inside a certified box, so its centre is a witness
            found.setdefault(certified, centre)
            sign_bounds.add(certified)
        else:
            v = _eval_poly(g, centre)
            if v == 0:
                found_zero = True
            else:
                found.setdefault(1 if v > 0 else -1, centre)
        if len(found) == 2:
            return FactorSign(0, True, tuple(found.values()))
        if certified is not None:
            continue
        if processed >= max_boxes:
            # out of budget: keep the weak bound (all coefficients of one sign)
            weak = [s for s in (1, -1) if all(s * v >= 0 for v in b.values())]
            if not weak:
                undecided = True
            else:
                sign_bounds.add(weak[0])
                zero_unknown = True
            continue
        axis = max(range(len(gens)), key=lambda i: bhi[i] - blo[i])
        left, right = _split(b, degrees, axis)
        mid = (blo[axis] + bhi[axis]) / 2
        queue.append((left, (blo, bhi[:axis] + (mid,) + bhi[axis + 1:])))
        queue.append((right, (blo[:axis] + (mid,) + blo[axis + 1:], bhi)))
    signs = sign_bounds | set(found)
    if undecided or len(signs) != 1:
        raise UndecidableError(
            f"could not decide the sign of {_short(g.as_expr())} on the box "
            f"{ {x: box[x] for x in gens} } within {max_boxes} subdivisions; "
            "restrict the domain or substitute parameter values"
        )
    (sign,) = signs
    vanishes = True if found_zero else (None if zero_unknown else False)
    return FactorSign(sign, vanishes, tuple(found.values()))


# --- public ---------------------------------------------------------------------

def factor_sign(g: sp.Poly, box: dict, *, max_boxes: int = MAX_BOXES) -> FactorSign:
    """Sign behaviour of a polynomial on an open box.

    Parameters
    ----------
    g : sympy.Poly
        A polynomial with rational coefficients (ideally irreducible or
        square-free; the answer is correct for any polynomial).
    box : dict
        ``Symbol -> (lo, hi)`` rational bounds for every generator of ``g``.
    max_boxes : int
        Bisection budget for multivariate polynomials.

    Returns
    -------
    FactorSign

    Raises
    ------
    UndecidableError
        A multivariate polynomial whose sign could not be certified.

    Examples
    --------
    >>> import sympy as sp
    >>> from symcm.algebra.positivity import factor_sign
    >>> p = sp.Symbol("p")
    >>> factor_sign(sp.Poly(1 - 2*p, p), {p: (0, 1)}).sign   # changes sign at 1/2
    0
    >>> factor_sign(sp.Poly(1 - 2*p, p), {p: (0, sp.Rational(1, 2))})
    FactorSign(sign=1, vanishes=False, witnesses=({p: 1/4},))
    """
    if not isinstance(g, sp.Poly):
        raise ParameterTypeError(f"factor_sign: expected a sympy Poly, received the {type(g).__name__} {g!r:.80}")
    if not isinstance(box, Mapping):
        raise ParameterTypeError(f"factor_sign: expected the box as a mapping {{Symbol: (lo, hi)}}, "
                                 f"received the {type(box).__name__} {box!r:.80}")
    gens = [x for x in g.gens if g.degree(x) > 0]
    for x in gens:
        if x not in box:
            raise DomainError(f"factor_sign: the box gives no interval for {x}")
        try:
            lo, hi = box[x]
        except (TypeError, ValueError):
            raise DomainError(
                f"factor_sign: the interval of {x} must be a pair (lo, hi), received {box[x]!r:.80}"
            ) from None
        box = {**box, x: (to_rational(lo, where=f"factor_sign: lower bound of {x}"),
                          to_rational(hi, where=f"factor_sign: upper bound of {x}"))}
    if not gens:
        c = g.LC() if not g.is_zero else sp.Integer(0)
        return FactorSign(1 if c >= 0 else -1, c == 0, ())
    g = sp.Poly(g.as_expr(), *gens)
    if len(gens) == 1:
        lo, hi = box[gens[0]]
        return _univariate_sign(g, sp.Rational(lo), sp.Rational(hi))
    return _multivariate_sign(g, {x: (sp.Rational(box[x][0]), sp.Rational(box[x][1])) for x in gens}, max_boxes)


def rational_function_sign(numer: sp.Poly, denom: sp.Poly, box: dict, *, max_boxes: int = MAX_BOXES) -> SignReport:
    """Decide whether ``numer / denom >= 0`` on an open box, and where it vanishes.

    Parameters
    ----------
    numer, denom : sympy.Poly
        Coprime polynomials over the rationals (a cancelled fraction).
    box : dict
        ``Symbol -> (lo, hi)`` for every parameter (open intervals).
    max_boxes : int
        Bisection budget per multivariate factor (see :func:`factor_sign`).

    Returns
    -------
    SignReport

    Raises
    ------
    UndecidableError
        A multivariate factor whose sign could not be certified within ``max_boxes``.

    Notes
    -----
    The polynomials are split into square-free parts before they are
    factored (module docstring), so powers of a factor cost what the factor
    costs.

    Examples
    --------
    >>> import sympy as sp
    >>> from symcm.algebra.positivity import rational_function_sign
    >>> p, q = sp.symbols("p q")
    >>> r = rational_function_sign(sp.Poly(p*q, p, q), sp.Poly(p + q, p, q), {p: (0, 1), q: (0, 1)})
    >>> r.nonnegative, r.zero_condition
    (True, None)
    >>> r = rational_function_sign(sp.Poly((2*p - 1)**2, p), sp.Poly(1, p), {p: (0, 1)})
    >>> r.nonnegative, r.zero_condition
    (True, Eq(p, 1/2))
    """
    sign = 1
    zeros = []
    poles = []
    witnesses = []
    indefinite = False
    factors = []
    for poly, is_numer in ((numer, True), (denom, False)):
        coeff, flist = _factors(poly)
        if coeff < 0:
            sign = -sign
        for g, k in flist:
            fs = factor_sign(g, box, max_boxes=max_boxes)
            factors.append((g, k, fs))
            witnesses.extend(fs.witnesses)
            if fs.vanishes is not False:
                (zeros if is_numer else poles).append(g)
            if k % 2 == 1:
                if fs.sign == 0:
                    indefinite = True
                else:
                    sign *= fs.sign
    if poles:
        return SignReport(False, None, tuple(g.as_expr() for g in poles), None, tuple(factors))
    zero_condition = sp.Or(*(_zero_condition(g) for g in zeros)) if zeros else None
    if not indefinite and sign > 0:
        return SignReport(True, zero_condition, (), None, tuple(factors))
    gens = numer.gens
    centre = {x: (sp.Rational(box[x][0]) + sp.Rational(box[x][1])) / 2 for x in gens}
    if not indefinite:  # every factor is sign-definite and the product is negative
        witness = next((w for w in witnesses if _eval_poly(numer, {**centre, **w}) * _eval_poly(denom, {**centre, **w}) < 0),
                       centre)
        return SignReport(False, zero_condition, (), {**centre, **witness}, tuple(factors))
    # some factors change sign: decide the sign of the whole product N * D (same sign as N / D)
    whole = factor_sign(sp.Poly((numer * denom).as_expr(), *gens), box, max_boxes=max_boxes)
    if whole.sign > 0:
        return SignReport(True, zero_condition, (), None, tuple(factors))
    witness = next(w for w in whole.witnesses
                   if _eval_poly(numer, {**centre, **w}) * _eval_poly(denom, {**centre, **w}) < 0)
    return SignReport(False, zero_condition, (), {**centre, **witness}, tuple(factors))
