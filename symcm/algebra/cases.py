"""Answers that depend on the parameter region: ``sc.Cases``.

Many questions about a symbolic model have different answers in different
parts of its domain: binary_markov(p, q) has two causal states except on the
line ``p + q = 1``, where the process is IID and they merge.  symcm never
returns the generic answer where it is wrong.  Instead it returns a
:class:`Cases`: a sequence of ``(condition, value)`` pairs whose conditions
(sympy relations and their ``And``/``Or``) are pairwise disjoint and together
cover the domain, with the generic case last.

A condition is read *inside the model's domain*: ``Eq(p + q, 1)`` for a
model on ``(0, 1)^2`` means the open segment of that line in the square.  A
special case may be empty when symcm could not decide its emptiness (it
keeps the case rather than guess); its conditions still partition the domain.

Examples
--------
>>> import symcm as sc, sympy as sp
>>> p, q = sc.symbols("p q")
>>> c = sc.Cases([(sp.Eq(p + q, 1), 0), (sp.Ne(p + q, 1), sc.H(p / (p + q)))])
>>> c.at({p: sp.Rational(1, 3), q: sp.Rational(2, 3)})
0
>>> c.as_piecewise()
Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import sympy as sp

from ..errors import DomainError, ParameterTypeError
from .numbers import as_exact

__all__ = ["Cases", "piecewise", "cases_map"]


class Cases:
    """A region-by-region answer: ``[(condition, value), ...]``, generic case last.

    Parameters
    ----------
    pairs : iterable of (condition, value)
        Conditions are sympy booleans (``Eq``, ``Ne``, ``And``, ``Or``, ``True``).
        The caller guarantees they are disjoint and cover the domain.

    Notes
    -----
    Values can be anything (models, expressions, booleans).  Equality is by
    the sequence of pairs.
    """

    __slots__ = ("_pairs",)

    def __init__(self, pairs: Iterable):
        if isinstance(pairs, (str, bytes, Mapping)) or not isinstance(pairs, Iterable):
            from ..checks import describe

            raise ParameterTypeError(
                f"Cases: pairs must be an iterable of (condition, value) pairs, received {describe(pairs)}"
            )
        out = []
        for item in pairs:
            try:
                cond, value = item
            except (TypeError, ValueError):
                raise ParameterTypeError(f"expected (condition, value) pairs, received {item!r}") from None
            cond = sp.sympify(cond) if isinstance(cond, bool) else cond
            if not isinstance(cond, sp.Basic) or not (cond.is_Boolean or isinstance(cond, sp.logic.boolalg.Boolean)):
                raise ParameterTypeError(f"a case condition must be a sympy boolean, received {cond!r}")
            out.append((cond, value))
        if not out:
            raise ParameterTypeError("Cases needs at least one (condition, value) pair")
        self._pairs = tuple(out)

    # sequence protocol -----------------------------------------------------
    def __iter__(self):
        return iter(self._pairs)

    def __len__(self) -> int:
        return len(self._pairs)

    def __getitem__(self, i):
        return self._pairs[i]

    @property
    def conditions(self) -> tuple:
        """The conditions, in order."""
        return tuple(c for c, _ in self._pairs)

    @property
    def values(self) -> tuple:
        """The values, in order."""
        return tuple(v for _, v in self._pairs)

    @property
    def generic(self):
        """The value of the last (generic) case."""
        return self._pairs[-1][1]

    def __eq__(self, other) -> bool:
        if not isinstance(other, Cases):
            return NotImplemented
        return self._pairs == other._pairs

    def __hash__(self) -> int:
        return hash(self._pairs)

    def __repr__(self) -> str:
        body = ",\n".join(f"  ({c}, {v!r})" for c, v in self._pairs)
        return f"Cases([\n{body}\n])"

    def _repr_latex_(self) -> str:
        """A ``cases`` environment for Jupyter (see :func:`symcm.export.printing.latex`)."""
        from ..export.printing import latex

        return latex(self, mode="inline")

    def _repr_svg_(self) -> str | None:
        """For a Cases of HMMs: one state diagram per case headed by its condition (matplotlib), else None."""
        from ..export.diagrams import cases_svg

        return cases_svg(self)

    # queries ---------------------------------------------------------------
    def at(self, point: Mapping):
        """The value of the case whose condition holds at a point.

        Parameters
        ----------
        point : mapping
            ``{parameter: value}``; a parameter is a sympy Symbol or its
            name.  Values are converted by the one rule symcm uses for every
            user number (:func:`symcm.algebra.numbers.as_exact`, as in :meth:`HMM.subs`):
            ints, ``Fraction`` and sympy numbers stay exact; a float becomes
            the simplest rational agreeing with it to 15 significant digits
            (``0.3`` is ``3/10``, not the binary fraction the float stores),
            with a :class:`~symcm.errors.FloatConversionWarning`.

        Raises
        ------
        ParameterTypeError
            If ``point`` is not a mapping, a key is neither a Symbol nor the
            name of one in the conditions, or a value is not a number
            (strings are refused, never parsed).
        DomainError
            If a value is not a finite real number, no condition (or more
            than one) holds, or a condition cannot be decided at the point
            (a free parameter left unassigned).

        Examples
        --------
        >>> import warnings, symcm as sc, sympy as sp
        >>> p, q = sc.symbols("p q")
        >>> c = sc.Cases([(sp.Eq(p + q, 1), "IID"), (sp.Ne(p + q, 1), "Markov")])
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     c.at({p: 0.3, q: 0.7})       # 3/10 + 7/10 = 1, as m.subs({p: 0.3, q: 0.7}) reads it
        'IID'
        """
        from ..checks import describe

        if not isinstance(point, Mapping):
            raise ParameterTypeError(f"Cases.at: expected a mapping {{parameter: value}}, received {describe(point)}")
        by_name: dict = {}
        for cond in self.conditions:
            for sym in getattr(cond, "free_symbols", ()):
                by_name.setdefault(sym.name, sym)
        exact = {}
        for key, value in point.items():
            if isinstance(key, str):
                if key not in by_name:
                    raise ParameterTypeError(
                        f"Cases.at: {key!r} is not the name of a parameter of these cases; "
                        f"parameters: {', '.join(sorted(by_name)) or 'none'}")
                key = by_name[key]
            elif not isinstance(key, sp.Symbol):
                raise ParameterTypeError(f"Cases.at: a parameter must be a sympy Symbol or its name, "
                                         f"received {describe(key)}")
            elif key.name in by_name and by_name[key.name] != key:
                from ..checks import same_symbols

                same_symbols([("the point", [key]), ("the cases", [by_name[key.name]])], where="Cases.at")
            where = f"Cases.at: value of {key}"
            value = as_exact(value, where=where)
            if not (isinstance(value, sp.Expr) and value.is_number):
                raise ParameterTypeError(f"{where} must be a number, received {describe(value)}")
            if value.is_real is not True or value.is_finite is not True:
                raise DomainError(f"{where} must be a finite real number, received {value}")
            exact[key] = value
        hits = []
        for cond, value in self._pairs:
            truth = cond.subs(exact) if isinstance(cond, sp.Basic) else cond
            truth = sp.simplify(truth) if truth not in (sp.true, sp.false) else truth
            if truth not in (sp.true, sp.false):
                raise DomainError(f"cannot decide the condition {cond} at {exact}: assign every parameter")
            if truth is sp.true:
                hits.append(value)
        if len(hits) != 1:
            raise DomainError(f"{len(hits)} cases hold at {exact}; expected exactly one")
        return hits[0]

    def map(self, func: Callable) -> Cases:
        """Apply ``func`` to every value; adjacent equal results are kept as separate cases."""
        return Cases((c, func(v)) for c, v in self._pairs)

    def simplify(self) -> Cases | object:
        """Merge cases with equal values (conditions ``Or``-ed); a single case returns its value."""
        merged: list[list] = []
        for cond, value in self._pairs:
            for entry in merged:
                if entry[1] == value:
                    entry[0] = sp.Or(entry[0], cond)
                    break
            else:
                merged.append([cond, value])
        if len(merged) == 1:
            return merged[0][1]
        # the generic (last) case keeps the True-like role: express it as its own condition
        return Cases((c, v) for c, v in merged)

    def as_piecewise(self) -> sp.Piecewise:
        """A sympy ``Piecewise`` (values must be expressions); the last case becomes ``True``."""
        args = []
        for i, (cond, value) in enumerate(self._pairs):
            if not isinstance(value, (sp.Basic, int)):
                hint = ""
                if type(value).__name__ == "ErgodicDecomposition":
                    hint = ("; there the chain splits into several recurrent classes and the answer is one value "
                            "per class: take the Cases as it is, or a class's value from value.values")
                raise ParameterTypeError(f"as_piecewise needs expression values, case {i} ({cond}) holds "
                                         f"{value!r}{hint}")
            args.append((sp.sympify(value), sp.true if i == len(self._pairs) - 1 else cond))
        return sp.Piecewise(*args)


def cases_map(value, func: Callable):
    """``func(value)``, or the same applied case by case when ``value`` is a :class:`Cases`."""
    return value.map(func) if isinstance(value, Cases) else func(value)


def piecewise(value, func: Callable) -> sp.Expr:
    """``func`` of a value or of each case, as one expression (``Piecewise`` when cases differ).

    Examples
    --------
    >>> import symcm as sc, sympy as sp
    >>> p = sc.symbols("p")
    >>> sc.algebra.cases.piecewise(sc.Cases([(sp.Eq(p, sp.Rational(1, 2)), 1), (sp.Ne(p, sp.Rational(1, 2)), 2)]),
    ...                    lambda v: v + p)
    Piecewise((3/2, Eq(p, 1/2)), (p + 2, True))
    """
    if not isinstance(value, Cases):
        return func(value)
    results = value.map(func)
    args = []
    for i, (cond, expr) in enumerate(results):
        expr = sp.sympify(expr)
        if i < len(results) - 1 and isinstance(cond, sp.Basic):
            # evaluate the expression on its case where a parameter is pinned by an equation
            pins = {}
            for eq in (cond.args if isinstance(cond, sp.And) else (cond,)):
                if isinstance(eq, sp.Eq) and isinstance(eq.lhs, sp.Symbol):
                    pins[eq.lhs] = eq.rhs
            if pins:
                expr = expr.subs(pins)
        args.append((expr, sp.true if i == len(results) - 1 else cond))
    if all(a[0] == args[-1][0] for a in args):
        return args[-1][0]
    # values may themselves be Piecewise (e.g. a reverse-process case split): fold them into
    # one flat Piecewise whose conditions are conjoined and pruned
    return sp.piecewise_fold(sp.Piecewise(*args))
