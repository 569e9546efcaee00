r"""LaTeX for papers: measures, case splits, transition matrices, distributions.

:func:`latex` renders what symcm computes as LaTeX source that can be pasted
into a paper (it needs ``amsmath``: ``cases``, ``pmatrix``, ``align`` and
``\text``).  The mathematics is left unchanged; only its *form* is chosen,
and chosen the same way every time, so that one value always prints as one
string whichever way it was constructed.

Conventions
-----------
*Expressions.*  An expression is written as a polynomial in its
"transcendental" atoms (``H(...)``, ``log(...)``, roots) whose coefficients
are rational functions of the parameters in lowest terms:

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

*Case splits.*  ``Piecewise`` (also nested in a sum, which is folded first
with :func:`sympy.piecewise_fold`) and :class:`~symcm.algebra.cases.Cases` become one
``cases`` environment ``value & \text{if } condition``; the last case reads
``\text{otherwise}`` (a ``Cases`` lists its generic case last, and its
conditions partition the domain).  In conditions, ``Eq`` is ``=``, ``Ne`` is
``\neq``, ``And``/``Or`` are ``\text{ and }``/``\text{ or }``; a polynomial
relation is moved to positive terms on both sides
(``Eq(p + q - 1, 0)`` and ``Eq(q, 1 - p)`` both print :math:`p + q = 1`).

*Models.*  An :class:`~symcm.models.hmm.HMM` is its labelled matrices
:math:`T^{(x)}`, one per symbol, with the order of the states (rows and
columns) stated.  State names and symbols are printed with ``str``, LaTeX
special characters escaped, names longer than one letter or digit in
``\mathrm{}``.

*Modes.*  ``"plain"`` (no delimiters), ``"inline"`` (``$...$``),
``"equation"``, ``"equation*"``, ``"align"`` and ``"align*"`` (one row
``label &= value`` per value).

Examples
--------
>>> import symcm as sc
>>> from symcm.export.printing import latex
>>> p, q = sc.symbols("p q")
>>> latex(sc.statistical_complexity(sc.processes.binary_markov(p, q)), label=r"C_\mu")
'C_\\mu = \\begin{cases} 0 & \\text{if } p + q = 1 \\\\ \\operatorname{H}\\left(\\frac{p}{p + q}\\right) & \\text{otherwise} \\end{cases}'
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from fractions import Fraction
from functools import lru_cache
from itertools import groupby

import mpmath
import sympy as sp
from sympy.printing.latex import LatexPrinter

from ..causal.bounds import Bounds
from ..algebra.cases import Cases
from ..generation.regions import Region
from ..errors import DomainError, ParameterTypeError, UnknownStateError
from ..models.hmm import HMM

__all__ = ["MODES", "latex", "latex_matrices", "latex_stationary"]

#: The output modes accepted by :func:`latex`, :func:`latex_matrices` and :func:`latex_stationary`.
MODES = ("plain", "inline", "equation", "equation*", "align", "align*")

_MAX_FACTOR_TERMS = 60  # polynomials with more terms are shown expanded (factoring them costs too much)

_ESCAPES = {
    "\\": r"\backslash ", "_": r"\_", "&": r"\&", "%": r"\%", "#": r"\#", "{": r"\{", "}": r"\}",
    "$": r"\$", "^": r"\mbox{\textasciicircum}", "~": r"\mbox{\textasciitilde}", " ": r"\ ",
}


# --- names -------------------------------------------------------------------------------------

def _name_latex(name) -> str:
    r"""A state or symbol name for math mode: ``A``, ``0``, ``\mathrm{T0}``, ``\mathrm{a\_b}``."""
    text = str(name)
    if len(text) == 1 and text.isascii() and text.isalnum():
        return text
    return r"\mathrm{" + "".join(_ESCAPES.get(ch, ch) for ch in text) + "}"


def _symbol_names(symbol_names) -> dict:
    """``{name: LaTeX}`` from a mapping keyed by Symbols or names."""
    if symbol_names is None:
        return {}
    if not isinstance(symbol_names, Mapping):
        raise ParameterTypeError(
            f"symbol_names: expected a mapping from Symbol or name to LaTeX, received {symbol_names!r}"
        )
    out = {}
    for key, value in symbol_names.items():
        if isinstance(key, sp.Symbol):
            key = key.name
        if not isinstance(key, str) or not isinstance(value, str):
            raise ParameterTypeError(
                "symbol_names: expected Symbol or str keys and str LaTeX values, "
                f"received {key!r}: {value!r}"
            )
        out[key] = value
    return out


# --- the normal form of an expression ----------------------------------------------------------

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


# --- the printer ---------------------------------------------------------------------------------

_REL_OPS = {"==": "=", "!=": r"\neq", "<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq"}
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _join(chunks) -> str:
    """``[(sign, text), ...]`` -> ``a - b + c`` (a leading ``- `` if the first is negative)."""
    out = ""
    for i, (sign, text) in enumerate(chunks):
        if i == 0:
            out = text if sign > 0 else f"- {text}"
        else:
            out += (" + " if sign > 0 else " - ") + text
    return out


def _rotate(chunks: list) -> list:
    """Move the first positive chunk to the front: ``- p + 1`` -> ``1 - p``."""
    for i, (sign, _) in enumerate(chunks):
        if sign > 0:
            return [chunks[i]] + chunks[:i] + chunks[i + 1:]
    return chunks


class _Printer(LatexPrinter):
    """sympy's LaTeX printer with symcm's normal form, conditions and symbol names."""

    def __init__(self, names: dict | None = None):
        super().__init__({})
        self._names = names or {}

    # leaves -------------------------------------------------------------------------------
    def _print_Symbol(self, expr, style="plain"):
        if expr.name in self._names:
            return self._names[expr.name]
        return super()._print_Symbol(expr, style=style)

    def _base(self, expr) -> str:
        """Print a monomial (or atom) with sympy's own methods, bypassing the normal form."""
        if expr.is_Mul:
            return LatexPrinter._print_Mul(self, expr)
        if expr.is_Pow:
            return LatexPrinter._print_Pow(self, expr)
        return self._print(expr)

    def _print_Add(self, expr, order=None):
        return self._render(expr)

    def _print_Mul(self, expr):
        return self._render(expr)

    def _print_Pow(self, expr):
        return self._render(expr)

    # polynomials ------------------------------------------------------------------------------
    def _poly(self, form: _Form, terms: dict, factor: bool) -> tuple[int, str, bool]:
        """``(sign, text, is_sum)`` for a polynomial: expanded, or factored when that shows a product."""
        np_ = len(form.params)
        if factor and len(terms) > 1 and len(terms) <= _MAX_FACTOR_TERMS and not any(
                any(m[np_:]) for m in terms) and np_:
            shown = self._factored(form, terms)
            if shown is not None:
                return shown
        chunks = []
        for m in sorted(terms, key=lambda m: _order_key(m, np_)):
            c = terms[m]
            chunks.append((1 if c > 0 else -1, self._base(abs(c) * form.monomial(m))))
        if all(s < 0 for s, _ in chunks):
            return -1, _join([(1, t) for _, t in chunks]), len(chunks) > 1
        return 1, _join(_rotate(chunks)), len(chunks) > 1

    def _factored(self, form: _Form, terms: dict):
        np_ = len(form.params)
        data = _factor_data(form.params, {m[:np_]: v for m, v in terms.items()})
        if data is None:
            return None
        content, factors = data
        pad = (0,) * len(form.atoms)
        parts = [self._base(abs(content))] if abs(content) != 1 else []
        for d, k in factors:
            d = {m + pad: v for m, v in d.items()}
            if len(d) > 1:
                _, inner, _ = self._poly(form, d, False)
                text = rf"\left({inner}\right)"
                parts.append(text if k == 1 else f"{text}^{{{k}}}")
            else:
                parts.append(self._base(form.poly_expr(d)**k))
        return (1 if content > 0 else -1), " ".join(parts), False

    def _chunks(self, form: _Form, terms: dict) -> list:
        """Signed pieces of a numerator: one per atom monomial (its coefficient factored), one per term."""
        np_ = len(form.params)
        chunks = []
        pad = (0,) * np_
        keyed = sorted(terms, key=lambda m: _order_key(m, np_))
        for ap, ms in groupby(keyed, key=lambda m: m[np_:]):
            ms = list(ms)
            if not any(ap) or len(ms) == 1:
                for m in ms:
                    c = terms[m]
                    chunks.append((1 if c > 0 else -1, self._base(abs(c) * form.monomial(m))))
                continue
            coef = {m[:np_] + (0,) * len(ap): terms[m] for m in ms}
            sign, text, is_sum = self._poly(form, coef, True)
            if is_sum:
                sign = _preferred_sign(coef, np_)
                _, text, _ = self._poly(form, {m: sign * v for m, v in coef.items()}, True)
                text = rf"\left({text}\right)"
            chunks.append((sign, f"{text} {self._base(form.monomial(pad + ap))}"))
        return chunks

    def _form_text(self, form: _Form) -> str:
        poly = form.groups[0][0]
        if len(form.groups) == 1 and not form.atoms and len(poly) > 1:
            sign, text, _ = self._poly(form, poly, True)  # a polynomial: factored if that shows a product
            return _join([(sign, text)])
        top = self._chunks(form, poly)
        for num, den in form.groups[1:]:
            # rational coefficients of the numerator move to the denominator: p/(2 (p + q))
            scale = sp.ilcm(1, 1, *[sp.Rational(v).q for v in num.values()])
            num = {m: v * scale for m, v in num.items()}
            den = {m: v * scale for m, v in den.items()}
            if any(any(m[len(form.params):]) for m in num):
                chunks = self._chunks(form, num)
                nsign = -1 if all(s < 0 for s, _ in chunks) else 1
                ntext = _join(_rotate([(s * nsign, t) for s, t in chunks]))
            else:
                nsign, ntext, _ = self._poly(form, num, True)
            dsign, dtext, _ = self._poly(form, den, True)
            top.append((nsign * dsign, rf"\frac{{{ntext}}}{{{dtext}}}"))
        if not top:
            return "0"
        return _join(_rotate(top))

    def _render(self, expr) -> str:
        form = _form(expr)
        if form is None:
            return self._fallback(expr)
        groups = form.groups
        if len(groups) == 1 and len(groups[0][0]) == 1:
            ((m, c),) = groups[0][0].items()
            mono = form.monomial(m)
            if c == 1 and mono == expr:
                return self._base(expr)  # a monomial already: sympy prints it
        return self._form_text(form)

    def _fallback(self, expr) -> str:
        if expr.has(sp.Piecewise):
            folded = sp.piecewise_fold(expr)
            if folded != expr:
                return self._print(folded)
        if expr.is_Add:
            return LatexPrinter._print_Add(self, expr)
        return self._base(expr)

    # case splits and conditions ------------------------------------------------------------
    def cases(self, rows) -> str:
        """``rows = [(value text, condition or None for otherwise), ...]`` -> a cases environment."""
        lines = []
        for value, cond in rows:
            where = r"\text{otherwise}" if cond is None else r"\text{if } " + self._print(cond)
            lines.append(f"{value} & {where}")
        return r"\begin{cases} " + r" \\ ".join(lines) + r" \end{cases}"

    def _print_Piecewise(self, expr):
        rows = []
        for i, (value, cond) in enumerate(expr.args):
            last = i == len(expr.args) - 1
            rows.append((self._print(value), None if (last and cond == sp.true) else cond))
        return self.cases(rows)

    def _print_Relational(self, expr):
        op = expr.rel_op
        form = _form(expr.lhs - expr.rhs) if isinstance(expr.lhs, sp.Expr) else None
        if form is not None and len(form.groups) == 1 and form.groups[0][0]:
            terms = form.groups[0][0]
            np_ = len(form.params)
            first = min(terms, key=lambda m: _order_key(m, np_))
            if terms[first] < 0:
                terms = {m: -v for m, v in terms.items()}
                op = _FLIP[op]
            left = {m: v for m, v in terms.items() if v > 0}
            right = {m: -v for m, v in terms.items() if v < 0}
            lt = _join(_rotate(self._chunks(form, left)))
            rt = _join(_rotate(self._chunks(form, right))) if right else "0"
            return f"{lt} {_REL_OPS[op]} {rt}"
        return f"{self._print(expr.lhs)} {_REL_OPS[op]} {self._print(expr.rhs)}"

    def _bool_args(self, expr, joiner: str, wrap: type) -> str:
        parts = []
        for a in expr.args:
            text = self._print(a)
            parts.append(rf"\left({text}\right)" if isinstance(a, wrap) else text)
        return joiner.join(parts)

    def _print_And(self, expr):
        return self._bool_args(expr, r" \text{ and } ", sp.Or)

    def _print_Or(self, expr):
        return self._bool_args(expr, r" \text{ or } ", sp.And)

    def _print_Not(self, expr):
        return r"\text{not } \left(" + self._print(expr.args[0]) + r"\right)"

    def _print_BooleanTrue(self, expr):
        return r"\text{true}"

    def _print_BooleanFalse(self, expr):
        return r"\text{false}"

    # matrices ------------------------------------------------------------------------------------
    def matrix(self, mat) -> str:
        """``pmatrix`` (amsmath allows 10 columns), or a parenthesised ``array`` for wider matrices."""
        rows = [" & ".join(self._print(sp.sympify(mat[i, j])) for j in range(mat.cols)) for i in range(mat.rows)]
        body = r" \\ ".join(rows)
        if mat.cols <= 10:
            return r"\begin{pmatrix} " + body + r" \end{pmatrix}"
        return r"\left(\begin{array}{" + "c" * mat.cols + "} " + body + r" \end{array}\right)"

    def _print_MatrixBase(self, expr):
        return self.matrix(expr)

    _print_ImmutableDenseMatrix = _print_MutableDenseMatrix = _print_MatrixBase


# --- values ----------------------------------------------------------------------------------------

_EXPECTED = ("a sympy expression or condition, Piecewise, sc.Cases, int, bool, Fraction, sympy Matrix, "
             "Bounds, Region, HMM, or a mapping / list of (label, value) pairs")


def _type_error(x, what: str = _EXPECTED, where: str = "latex") -> ParameterTypeError:
    hint = ""
    if isinstance(x, float):
        hint = "; symcm is exact: pass sympy.Rational(...) or sympy.nsimplify(x, rational=True)"
    return ParameterTypeError(f"{where}: expected {what}; received {x!r} of type {type(x).__name__}{hint}")


def _bounds_text(b: Bounds) -> str:
    r"""``\left[lo, hi\right]`` with the ends rounded outward (lower down, upper up)."""
    lo = Fraction(*mpmath.libmp.to_rational(mpmath.mpf(b.lower)._mpf_))
    hi = Fraction(*mpmath.libmp.to_rational(mpmath.mpf(b.upper)._mpf_))
    width = hi - lo
    if width > 0:
        places = min(60, max(3, 1 - math.floor(math.log10(width))))
    else:
        places = 15
    scale = 10**places

    def fmt(x: Fraction, up: bool) -> str:
        n = math.ceil(x * scale) if up else math.floor(x * scale)
        sign = "-" if n < 0 else ""
        whole, frac = divmod(abs(n), scale)
        return f"{sign}{whole}.{frac:0{places}d}"

    return rf"\left[{fmt(lo, False)}, {fmt(hi, True)}\right]"


def _value(x, printer: _Printer) -> str:
    """LaTeX of one value (no label, no environment)."""
    if isinstance(x, bool):
        return r"\text{true}" if x else r"\text{false}"
    if isinstance(x, Fraction):
        x = sp.Rational(x.numerator, x.denominator)
    elif isinstance(x, numbers.Integral):
        x = sp.Integer(int(x))
    if isinstance(x, sp.MatrixBase):
        return printer.matrix(x)
    if isinstance(x, sp.Basic) and (isinstance(x, sp.Expr) or x.is_Boolean or isinstance(x, sp.logic.boolalg.Boolean)):
        if x.has(sp.Piecewise) and isinstance(x, sp.Expr):
            x = sp.piecewise_fold(x)
        return printer.doprint(x)
    if isinstance(x, Cases):
        rows = []
        for i, (cond, value) in enumerate(x):
            rows.append((_value(value, printer), None if i == len(x) - 1 else cond))
        return printer.cases(rows)
    if isinstance(x, HMM):
        return _join_rows(*_matrix_rows(x, printer))
    if isinstance(x, Bounds):
        return _bounds_text(x)
    from ..causal.ergodic import ErgodicDecomposition

    if isinstance(x, ErgodicDecomposition):
        # several recurrent classes: one value per ergodic component, each after its class
        parts = []
        for members, value in x:
            cls = r"\{" + ", ".join(_name_latex(s) for s in members) + r"\}"
            parts.append(rf"{cls}\colon\ {_value(value, printer)}")
        return (r"\text{by recurrent class: }" if len(parts) else "") + r";\ ".join(parts)
    if isinstance(x, Mapping) and x and all(isinstance(v, (sp.Basic, numbers.Number)) for v in x.values()):
        # a distribution over states (a case of a stationary distribution)
        return r"\left(" + ", ".join(rf"{_name_latex(k)}\colon {_value(v, printer)}" for k, v in x.items()) \
            + r"\right)"
    raise _type_error(x)


def _region_text(r: Region, printer: _Printer) -> str:
    text = r.latex()
    name = sp.latex(r.symbol)
    if text.startswith(name + " "):
        text = printer._print(r.symbol) + text[len(name):]
    return text


def _matrix_rows(m: HMM, printer: _Printer):
    rows = [(f"T^{{({_name_latex(x)})}}", "=", printer.matrix(m.labelled_matrix(x))) for x in m.alphabet]
    note = r"\text{(rows and columns: }" + ", ".join(_name_latex(s) for s in m.states) + r"\text{)}"
    return rows, note


# --- assembling rows into a mode ----------------------------------------------------------------

def _check_mode(mode) -> str:
    if not isinstance(mode, str) or mode not in MODES:
        raise DomainError(f"mode must be one of {', '.join(repr(m) for m in MODES)}; received {mode!r}")
    return mode


def _join_rows(rows, note=None) -> str:
    """``label rel value`` rows joined with ``,\\quad`` (and the note after ``\\qquad``)."""
    parts = [f"{lhs} {rel} {rhs}" if lhs is not None else rhs for lhs, rel, rhs in rows]
    text = r",\quad ".join(parts)
    if note:
        text += r" \qquad " + note
    return text


def _emit(rows, mode: str, note: str | None = None) -> str:
    if mode.startswith("align"):
        lines = [f"{lhs} &{rel} {rhs}" if lhs is not None else f"& {rhs}" for lhs, rel, rhs in rows]
        if note:
            lines[-1] += r" \qquad " + note
        return f"\\begin{{{mode}}}\n" + " \\\\\n".join(lines) + f"\n\\end{{{mode}}}"
    body = _join_rows(rows, note)
    if mode == "plain":
        return body
    if mode == "inline":
        return f"${body}$"
    return f"\\begin{{{mode}}}\n{body}\n\\end{{{mode}}}"


def _pairs(x):
    """``[(label, value)]`` for a mapping or a list of 2-tuples, else None."""
    if isinstance(x, Mapping):
        return list(x.items())
    if isinstance(x, (list, tuple)) and x and all(isinstance(i, tuple) and len(i) == 2 for i in x):
        return list(x)
    return None


def _label_text(label, printer: _Printer) -> str:
    if isinstance(label, str):
        return label
    if isinstance(label, sp.Basic):
        return printer.doprint(label)
    raise ParameterTypeError(f"a label must be a LaTeX string or a sympy object, received {label!r}")


# --- public functions ---------------------------------------------------------------------------

def latex(x, *, mode: str = "plain", symbol_names: Mapping | None = None, label: str | None = None) -> str:
    r"""LaTeX source for a symcm result.

    Parameters
    ----------
    x : object
        A sympy expression (with ``H``, ``Piecewise``, ``oo``, ...) or
        condition; a :class:`~symcm.algebra.cases.Cases` (values: expressions,
        booleans, ints or models); an ``int``, ``bool`` or ``Fraction``; a
        sympy matrix; :class:`~symcm.causal.bounds.Bounds` (the interval
        ``[lower, upper]``, ends rounded outward); a
        :class:`~symcm.generation.crossover.Region` (its :meth:`~symcm.generation.crossover.Region.latex`);
        an :class:`~symcm.models.hmm.HMM` (its labelled matrices, see
        :func:`latex_matrices`); or a mapping / list of ``(label, value)``
        pairs, labels being LaTeX strings (one row each in align mode).
    mode : str
        One of :data:`MODES`: ``"plain"`` (no delimiters), ``"inline"``
        (``$...$``), ``"equation"``, ``"equation*"``, ``"align"``,
        ``"align*"``.
    symbol_names : mapping, optional
        LaTeX for parameters, keyed by Symbol or name: ``{p: r"\alpha"}`` or
        ``{"p": r"\alpha"}``; applied in expressions, conditions and matrices.
    label : str, optional
        LaTeX for the left-hand side of a single value: ``label = value``
        (``label \in [lo, hi]`` for Bounds); the row label in align mode.

    Returns
    -------
    str

    Raises
    ------
    ParameterTypeError
        ``x`` is of another type (a float: symcm is exact), or a label is
        given for a model, a region or a mapping (they carry their own).
    DomainError
        ``mode`` is not one of :data:`MODES`.

    Notes
    -----
    The form of an expression is normalised (see the module docstring):
    rational functions in lowest terms with a fixed term order, so equal
    rational functions print equally, however they were built.  The value
    is never changed.  Cost: one ``cancel`` and at most one multivariate
    factorisation per polynomial shown, cached.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.export.printing import latex
    >>> p, q = sc.symbols("p q")
    >>> latex(sc.H(p / (p + q)))
    '\\operatorname{H}\\left(\\frac{p}{p + q}\\right)'
    >>> latex(1 - q / (q + p)) == latex(p / (p + q)) == r"\frac{p}{p + q}"
    True
    >>> latex(sc.entropy_rate(sc.processes.binary_markov(p, q)), symbol_names={p: r"\alpha"})
    '\\frac{q \\operatorname{H}\\left(\\alpha\\right) + \\alpha \\operatorname{H}\\left(q\\right)}{\\alpha + q}'
    >>> print(latex(sc.stationary_distribution(sc.processes.golden_mean(p)), mode="align*"))
    \begin{align*}
    A &= \frac{1}{p + 1} \\
    B &= \frac{p}{p + 1}
    \end{align*}
    >>> latex(sc.state_entropy(sc.processes.period(3)), mode="inline", label=r"C_\mu")
    '$C_\\mu = \\log_{2} 3$'
    """
    mode = _check_mode(mode)
    printer = _Printer(_symbol_names(symbol_names))
    if label is not None:
        label = _label_text(label, printer)
    if isinstance(x, HMM):
        _no_label(label, "a model")
        return _emit_hmm(x, printer, mode)
    if isinstance(x, Region):
        _no_label(label, "a region")
        return _emit([(None, None, _region_text(x, printer))], mode)
    pairs = None if isinstance(x, (Cases, sp.Basic)) else _pairs(x)
    if pairs is not None:
        _no_label(label, "a mapping of labelled values")
        rows = []
        for key, value in pairs:
            if isinstance(value, (HMM, Region)) or _pairs(value) is not None and not isinstance(value, Cases):
                raise _type_error(value, "a single value (expression, cases, number, Bounds) for each label")
            rows.append((_label_text(key, printer), r"\in" if isinstance(value, Bounds) else "=",
                         _value(value, printer)))
        return _emit(rows, mode)
    text = _value(x, printer)
    rel = r"\in" if isinstance(x, Bounds) else "="
    return _emit([(label, rel, text)], mode)


def _no_label(label, what: str) -> None:
    if label is not None:
        raise ParameterTypeError(f"label applies to a single value; {what} carries its own left-hand sides")


def _emit_hmm(m: HMM, printer: _Printer, mode: str) -> str:
    rows, note = _matrix_rows(m, printer)
    return _emit(rows, mode, note)


def latex_matrices(m: HMM, *, mode: str = "equation*", symbol_names: Mapping | None = None) -> str:
    r"""The labelled transition matrices :math:`T^{(x)}` of a model, with its state order.

    Parameters
    ----------
    m : HMM
    mode : str
        One of :data:`MODES` (default ``"equation*"``); in align modes one
        row per symbol.
    symbol_names : mapping, optional
        As for :func:`latex`.

    Returns
    -------
    str
        ``T^{(0)} = \begin{pmatrix}...\end{pmatrix},\quad T^{(1)} = ...``
        followed by ``\text{(rows and columns: } A, B\text{)}``.  Matrices
        wider than 10 columns (amsmath's ``pmatrix`` limit) are written as a
        parenthesised ``array``.

    Raises
    ------
    ParameterTypeError
        ``m`` is not an HMM.
    DomainError
        Unknown ``mode``.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.printing import latex_matrices
    >>> print(latex_matrices(sc.processes.golden_mean(sc.symbols("p"))))
    \begin{equation*}
    T^{(0)} = \begin{pmatrix} 0 & p \\ 0 & 0 \end{pmatrix},\quad T^{(1)} = \begin{pmatrix} 1 - p & 0 \\ 1 & 0 \end{pmatrix} \qquad \text{(rows and columns: }A, B\text{)}
    \end{equation*}
    """
    mode = _check_mode(mode)
    if not isinstance(m, HMM):
        raise _type_error(m, "an HMM", "latex_matrices")
    return _emit_hmm(m, _Printer(_symbol_names(symbol_names)), mode)


def latex_stationary(m: HMM, pi=None, *, mode: str = "equation*", symbol_names: Mapping | None = None) -> str:
    r"""The stationary distribution :math:`\pi = (\pi_A, \pi_B, \dots) = (\dots)`.

    Parameters
    ----------
    m : HMM
    pi : mapping state -> value, or sequence in state order, optional
        Default :func:`symcm.stationary_distribution` of ``m``.
    mode : str
        One of :data:`MODES` (default ``"equation*"``).
    symbol_names : mapping, optional
        As for :func:`latex`.

    Returns
    -------
    str

    Raises
    ------
    ParameterTypeError
        ``m`` is not an HMM, or ``pi`` neither a mapping nor a sequence.
    UnknownStateError
        ``pi`` names a state the model does not have, or misses one.
    NotErgodicError
        ``pi`` is not given and the model has several stationary distributions.
    DomainError
        Unknown ``mode``, or a sequence ``pi`` of the wrong length.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.printing import latex_stationary
    >>> p, q = sc.symbols("p q")
    >>> latex_stationary(sc.processes.binary_markov(p, q), mode="plain")
    '\\pi = \\left(\\pi_{A}, \\pi_{B}\\right) = \\left(\\frac{q}{p + q}, \\frac{p}{p + q}\\right)'
    """
    mode = _check_mode(mode)
    if not isinstance(m, HMM):
        raise _type_error(m, "an HMM", "latex_stationary")
    printer = _Printer(_symbol_names(symbol_names))
    if pi is None:
        from ..causal.stationary import stationary_distribution

        pi = stationary_distribution(m)
    names = ", ".join(rf"\pi_{{{_name_latex(s)}}}" for s in m.states)
    if isinstance(pi, Cases):
        # vanishing edges split the chain somewhere: the distribution case by case
        rows = []
        for i, (cond, value) in enumerate(pi):
            rows.append((_value(value, printer), None if i == len(pi) - 1 else cond))
        return _emit([(r"\pi", "=", printer.cases(rows))], mode)
    if isinstance(pi, Mapping):
        for s in pi:
            if s not in m.states:
                raise UnknownStateError(f"pi gives a value for {s!r}, which is not a state; states are {m.states}")
        for s in m.states:
            if s not in pi:
                raise UnknownStateError(f"pi has no value for the state {s!r}; states are {m.states}")
        values = [pi[s] for s in m.states]
    elif isinstance(pi, (list, tuple, sp.MatrixBase)):
        values = list(pi)
        if len(values) != len(m.states):
            raise DomainError(f"pi: expected {len(m.states)} values (one per state, in the order {m.states}), "
                              f"received {len(values)}")
    else:
        raise _type_error(pi, "a mapping state -> value or a sequence in state order", "latex_stationary")
    shown = ", ".join(_value(v, printer) for v in values)
    return _emit([(r"\pi", "=", rf"\left({names}\right) = \left({shown}\right)")], mode)
