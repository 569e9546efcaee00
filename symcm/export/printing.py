r"""LaTeX for papers: measures, case splits, transition matrices, distributions.

:func:`latex` renders what symcm computes as LaTeX source that can be pasted
into a paper (it needs ``amsmath``: ``cases``, ``pmatrix``, ``align`` and
``\text``).  The mathematics is left unchanged; only its *form* is chosen,
and chosen the same way every time, so that one value always prints as one
string whichever way it was constructed.

This module owns the values :func:`latex` accepts and the environments it
writes; the form of an expression is defined in
:mod:`~symcm.export.normal_form`, and the printing of expressions, case
splits, conditions, matrices and names in
:mod:`~symcm.export.latex_printer`.

Conventions
-----------
*Expressions and case splits.*  Rational functions in lowest terms with a
fixed term order (:mod:`~symcm.export.normal_form`); ``Piecewise`` and
:class:`~symcm.algebra.cases.Cases` as one ``cases`` environment whose last
case reads ``\text{otherwise}`` (:mod:`~symcm.export.latex_printer`).

*Models.*  An :class:`~symcm.models.hmm.HMM` is its labelled matrices
:math:`T^{(x)}`, one per symbol, with the order of the states (rows and
columns) stated (:func:`latex_matrices`); its stationary distribution is
:math:`\pi = (\pi_A, \pi_B, \dots) = (\dots)` (:func:`latex_stationary`).
Certified :class:`~symcm.causal.bounds.Bounds` are intervals with the ends
rounded outward.

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

import mpmath
import sympy as sp

from ..algebra.cases import Cases
from ..causal.bounds import Bounds
from ..errors import DomainError, ParameterTypeError, UnknownStateError
from ..generation.regions import Region
from ..models.hmm import HMM
from .latex_printer import _name_latex, _Printer, _symbol_names, state_names

__all__ = ["MODES", "latex", "latex_matrices", "latex_stationary"]

#: The output modes accepted by :func:`latex`, :func:`latex_matrices` and :func:`latex_stationary`.
MODES = ("plain", "inline", "equation", "equation*", "align", "align*")


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
    note = r"\text{(rows and columns: }" + ", ".join(state_names(m.states)) + r"\text{)}"
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
    names = ", ".join(rf"\pi_{{{s}}}" for s in state_names(m.states))
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
