r"""The normal form in which symcm prints an expression: one value, one string.

:func:`~symcm.export.printing.latex` leaves the mathematics unchanged and
chooses only its *form*, the same way every time, so that one value always
prints as one string whichever way it was constructed.  This module owns
that form; :mod:`~symcm.export.latex_printer` writes it as LaTeX.

Mathematics
-----------
An expression is written as a polynomial in its "transcendental" atoms
(``H(...)``, ``log(...)``, roots) whose coefficients are rational functions
of the parameters in lowest terms:

.. math::

    E = \sum_k \frac{N_k}{D_k}, \qquad
    N_k = \sum_m c_{k,m}(p, q, \dots)\, M_m(\mathrm{H}(\cdot), \dots),

with the atoms' arguments normalised the same way, recursively.  Terms with
the same denominator share one fraction (so the entropy rate of the binary
Markov chain reads :math:`\frac{q\,\mathrm{H}(p) + p\,\mathrm{H}(q)}{p + q}`);
a denominator is a primitive integer polynomial whose constant term is
positive (:math:`1 - p`, not :math:`p - 1`); a polynomial factor is shown
factored when that exposes a product (:math:`(1 - p)(1 - q)` rather than
:math:`p q - p - q + 1`).  Terms are sorted by degree (graded
lexicographic order, parameters by name) and a sum starts with a positive
term where there is one: ``1 - p`` stays :math:`1 - p`.  A base-2 logarithm
``log(x)/log(2)`` (what ``H`` gives for a uniform distribution) is written
:math:`\log_{2} x`.

Cost: one ``cancel`` per expression and at most one multivariate
factorisation per polynomial shown, both cached.

Examples
--------
>>> import sympy as sp
>>> from symcm.export.normal_form import _form
>>> p, q = sp.symbols("p q")
>>> _form(1 - q / (q + p)).as_expr()
p/(p + q)
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

__all__: list[str] = []


class _Log2(sp.Function):
    r"""Internal: ``log(x)/log(2)``, printed :math:`\log_{2} x`; never returned to users."""

    nargs = 1

    def _latex(self, printer, exp=None):
        arg = self.args[0]
        inner = printer._print(arg)
        if not (arg.is_Atom and (arg.is_Symbol or (arg.is_Integer and arg > 0))):
            inner = rf"\left({inner}\right)"
        head = r"\log_{2}" if exp is None else rf"\log_{{2}}^{{{exp}}}"
        return f"{head} {inner}"


def _is_log2_ratio(e) -> bool:
    return (e.is_Mul and sp.Pow(sp.log(2), -1) in e.args
            and sum(isinstance(f, sp.log) for f in e.args) == 1)


def _log2_ratio(e):
    (lg,) = [f for f in e.args if isinstance(f, sp.log)]
    return e * sp.log(2) / lg * _Log2(lg.args[0])


def _to_plain(expr):
    """Replace the internal ``_Log2`` by ``log(x)/log(2)``."""
    return expr.replace(lambda e: isinstance(e, _Log2), lambda e: sp.log(e.args[0]) / sp.log(2))


def _atoms(expr, found: dict) -> None:
    """Collect the maximal subexpressions that are not rational in the parameters."""
    if expr.is_Symbol or expr.is_Rational:
        return
    if expr.is_Add or expr.is_Mul:
        for a in expr.args:
            _atoms(a, found)
        return
    if expr.is_Pow and expr.exp.is_Integer:
        _atoms(expr.base, found)
        return
    found.setdefault(expr, None)


def _canonical_atom(atom):
    """The atom with its arguments in normal form (``H(1 - q/(p + q))`` -> ``H(p/(p + q))``)."""
    if isinstance(atom, sp.Function) or (atom.is_Pow and not atom.exp.is_Integer):
        args = [_normal_expr(a) if isinstance(a, sp.Expr) else a for a in atom.args]
        if list(args) != list(atom.args):
            return atom.func(*args)
    return atom


def _order_key(monom: tuple, nparams: int) -> tuple:
    """Graded lexicographic order: atoms first, then higher degree, then by exponents."""
    pe, ae = monom[:nparams], monom[nparams:]
    return (-sum(ae), tuple(-e for e in ae), -sum(pe), tuple(-e for e in pe))


def _preferred_sign(terms: dict, nparams: int) -> int:
    """+1 or -1: the sign that makes a polynomial read positively (positive constant term, ...)."""
    zero = (0,) * len(next(iter(terms)))
    if terms.get(zero):
        return 1 if terms[zero] > 0 else -1
    pos = sum(1 for c in terms.values() if c > 0)
    neg = len(terms) - pos
    if pos != neg:
        return 1 if pos > neg else -1
    first = min(terms, key=lambda m: _order_key(m, nparams))
    return 1 if terms[first] > 0 else -1


def _primitive(terms: dict) -> tuple[sp.Rational, dict]:
    """``(c, P)`` with ``terms = c * P``, ``c > 0`` rational and ``P`` a primitive integer polynomial."""
    coeffs = [sp.Rational(c) for c in terms.values()]
    den = sp.ilcm(*[c.q for c in coeffs]) if len(coeffs) > 1 else coeffs[0].q
    num = sp.igcd(*[c.p for c in coeffs]) if len(coeffs) > 1 else abs(coeffs[0].p)
    c = sp.Rational(num, den)
    return c, {m: sp.Rational(v) / c for m, v in terms.items()}


def _factor_data(params: tuple, terms: dict):
    """``(content, [(factor terms, multiplicity)])`` to show a polynomial factored, or None.

    Factors are primitive integer polynomials of preferred sign, single
    symbols first; a negative content is moved into a factor of odd
    multiplicity with mixed signs (``p (p - 1)``, not ``- p (1 - p)``).
    None when factoring shows no product: no factor with two terms, or a
    single such factor with content 1.
    """
    np_ = len(params)
    content, factors = sp.Poly.from_dict(terms, *params, domain=sp.QQ).factor_list()
    content = sp.Rational(content)
    shown = []
    for f, k in factors:
        c, d = _primitive(dict(f.terms()))
        if _preferred_sign(d, np_) < 0:
            c, d = -c, {m: -v for m, v in d.items()}
        content *= c**k
        shown.append((len(d) > 1, sum(sum(m) for m in d), d, k))
    count = sum(s[3] for s in shown)
    if not any(s[0] for s in shown) or not (count >= 2 or (content.is_Integer and abs(content) != 1)):
        return None
    shown.sort(key=lambda s: (s[0], s[1], sp.default_sort_key(
        sp.Add(*[v * sp.Mul(*[g**e for g, e in zip(params, m)]) for m, v in s[2].items()]))))
    if content < 0:
        for i, (is_multi, deg, d, k) in enumerate(shown):
            if is_multi and k % 2 and any(v < 0 for v in d.values()):
                shown[i] = (is_multi, deg, {m: -v for m, v in d.items()}, k)
                content = -content
                break
    return content, [(d, k) for _, _, d, k in shown]


class _Form:
    """Normal form of an expression: polynomial part plus fractions grouped by denominator.

    ``groups`` is a tuple of ``(numerator, denominator)`` dicts ``monomial -> Rational`` over the
    generators ``params + atoms``; the first group has denominator ``{0: 1}`` (it may be empty),
    the others integer primitive denominators of preferred sign, sorted.
    """

    __slots__ = ("params", "atoms", "groups")

    def __init__(self, params, atoms, groups):
        self.params, self.atoms, self.groups = params, atoms, groups

    @property
    def gens(self) -> tuple:
        return self.params + self.atoms

    def monomial(self, monom: tuple):
        return sp.Mul(*[g**e for g, e in zip(self.gens, monom) if e])

    def poly_expr(self, terms: dict):
        return sp.Add(*[c * self.monomial(m) for m, c in terms.items()])

    def as_expr(self):
        """The value as a sympy expression (``_Log2`` written back as ``log(x)/log(2)``)."""
        return _to_plain(sp.Add(*[self.poly_expr(n) / self.poly_expr(d) for n, d in self.groups]))


@lru_cache(maxsize=4096)
def _form(expr) -> _Form | None:
    """The normal form of an expression, or None where it does not apply (floats, infinities)."""
    if expr.has(sp.Float, sp.oo, -sp.oo, sp.zoo, sp.nan) or expr.has(sp.Piecewise):
        return None
    expr = expr.replace(_is_log2_ratio, _log2_ratio)
    found: dict = {}
    _atoms(expr, found)
    canon = {a: _canonical_atom(a) for a in found}
    atoms = tuple(sorted(set(canon.values()), key=sp.default_sort_key))
    dummies = {a: sp.Dummy(f"t{i}") for i, a in enumerate(atoms)}
    replaced = expr.xreplace({a: dummies[c] for a, c in canon.items()})
    params = tuple(sorted(replaced.free_symbols - set(dummies.values()),
                          key=lambda s: (s.name, str(s.assumptions0))))
    gens = params + tuple(dummies[a] for a in atoms)
    try:
        if not gens:
            value = sp.Rational(replaced)
            return _Form((), (), (({(): value} if value else {}, {(): sp.Integer(1)}),))
        num, den = sp.fraction(sp.cancel(sp.together(replaced)))
        pn = sp.Poly(num, *gens, domain=sp.QQ)
        pd = sp.Poly(den, *gens, domain=sp.QQ)
    except (sp.PolynomialError, sp.CoercionFailed, TypeError, ValueError):  # pragma: no cover - defensive
        return None
    np_ = len(params)
    one = (0,) * len(gens)
    if any(any(m[np_:]) for m in pd.monoms()):
        # atoms in the denominator: one fraction
        c, d = _primitive(dict(pd.terms()))
        if _preferred_sign(d, np_) < 0:
            c, d = -c, {m: -v for m, v in d.items()}
        n = {m: sp.Rational(v) / c for m, v in pn.terms()}
        groups = [({}, {one: sp.Integer(1)}), (n, d)]
        return _Form(params, atoms, tuple(groups))
    # split the numerator by atom monomial, each coefficient over the denominator in lowest terms
    by_den: dict = {}
    pd_params = sp.Poly(pd.as_expr(), *params, domain=sp.QQ) if params else None
    atom_parts = sorted({m[np_:] for m in pn.monoms()})
    for ap in atom_parts:
        coef = {m[:np_]: v for m, v in pn.terms() if m[np_:] == ap}
        if params:
            pc = sp.Poly.from_dict(coef, *params, domain=sp.QQ)
            g = sp.gcd(pc, pd_params)
            pc, dd = sp.div(pc, g)[0], sp.div(pd_params, g)[0]
            dterms = dict(dd.terms())
            nterms = dict(pc.terms())
        else:
            dterms = {(): pd.as_expr()}
            nterms = coef
        c, d = _primitive(dterms)
        if _preferred_sign(d, np_) < 0:
            c, d = -c, {m: -v for m, v in d.items()}
        key = tuple(sorted(d.items()))
        entry = by_den.setdefault(key, {})
        for m, v in nterms.items():
            entry[m + ap] = entry.get(m + ap, 0) + sp.Rational(v) / c
    poly_key = (((0,) * np_, sp.Integer(1)),)
    poly = by_den.pop(poly_key, {})
    groups = [(poly, {one: sp.Integer(1)})]
    def den_key(k):
        return len(k), sp.default_sort_key(sp.Tuple(*[sp.Tuple(*m, v) for m, v in k]))

    for key in sorted(by_den, key=den_key):
        groups.append((by_den[key], {m + (0,) * len(atoms): v for m, v in key}))
    return _Form(params, atoms, tuple(groups))


def _normal_expr(expr):
    """A sympy expression equal to ``expr``, built from its normal form (used for atom arguments)."""
    form = _form(expr)
    return expr if form is None else form.as_expr()
