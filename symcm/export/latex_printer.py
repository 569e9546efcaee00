r"""sympy's LaTeX printer with symcm's normal form, case splits, conditions, matrices and names.

:func:`~symcm.export.printing.latex` and :func:`~symcm.export.tikz.to_tikz`
print through the printer of this module.  It writes the normal form of
:mod:`~symcm.export.normal_form` (sums, shared denominators, factored
polynomials, signs) and owns the LaTeX conventions below; the output needs
``amsmath`` (``cases``, ``pmatrix`` and ``\text``).

Conventions
-----------
*Case splits.*  ``Piecewise`` (also nested in a sum, which is folded first
with :func:`sympy.piecewise_fold`) and :class:`~symcm.algebra.cases.Cases` become one
``cases`` environment ``value & \text{if } condition``; the last case reads
``\text{otherwise}`` (a ``Cases`` lists its generic case last, and its
conditions partition the domain).  In conditions, ``Eq`` is ``=``, ``Ne`` is
``\neq``, ``And``/``Or`` are ``\text{ and }``/``\text{ or }``; a polynomial
relation is moved to positive terms on both sides
(``Eq(p + q - 1, 0)`` and ``Eq(q, 1 - p)`` both print :math:`p + q = 1`).

*Matrices.*  A ``pmatrix`` up to 10 columns (amsmath's limit), wider ones a
parenthesised ``array``.

*Names.*  Parameters are printed with sympy's names unless ``symbol_names``
maps them to other LaTeX (``{p: r"\alpha"}``).  State names and symbols are
printed with ``str``, LaTeX special characters escaped, names longer than
one letter or digit in ``\mathrm{}``.

Examples
--------
>>> import sympy as sp
>>> from symcm.export.latex_printer import _Printer, _name_latex
>>> p, q = sp.symbols("p q")
>>> _Printer({"p": r"\alpha"}).doprint(sp.Piecewise((0, sp.Eq(q, 1 - p)), (1, True)))
'\\begin{cases} 0 & \\text{if } \\alpha + q = 1 \\\\ 1 & \\text{otherwise} \\end{cases}'
>>> _name_latex("a_b")
'\\mathrm{a\\_b}'
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

import sympy as sp
from sympy.printing.latex import LatexPrinter

from ..errors import ParameterTypeError
from .normal_form import _Form, _factor_data, _form, _order_key, _preferred_sign

__all__: list[str] = []

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


def state_names(states) -> list[str]:
    r"""LaTeX for the state names of one diagram, in one convention: all upright if any needs ``\mathrm``.

    >>> state_names(["S", "T0"]), state_names(["A", "B"])
    (['\\mathrm{S}', '\\mathrm{T0}'], ['A', 'B'])
    """
    names = [_name_latex(s) for s in states]
    if any(t.startswith(r"\mathrm") for t in names):
        names = [t if t.startswith(r"\mathrm") else r"\mathrm{" + t + "}" for t in names]
    return names
