"""Parameters and their domains.

A symcm model depends on finitely many real parameters ``p, q, ...``.  Each
parameter ranges over an *open* interval ``(lo, hi)`` with rational
endpoints, and the domain of a model is the product of these intervals: an
open box ``D = (lo_1, hi_1) x ... x (lo_k, hi_k)``.  The default interval is
``(0, 1)``, the natural range of a probability.

Results of an analysis are valid on ``D``; where an answer changes inside
``D`` (an edge probability vanishes, two causal states merge), symcm splits
``D`` into regions described by sympy conditions and answers per region.

Examples
--------
>>> import symcm as sc
>>> p, q = sc.symbols("p q")
>>> d = sc.Domain({p: (0, 1), q: (0, "1/2")})
>>> d
Domain({p: (0, 1), q: (0, 1/2)})
>>> d.as_condition()     # p > 0 and q > 0 are implied: the symbols are positive
(p < 1) & (q < 1/2)
>>> d.center()
{p: 1/2, q: 1/4}
"""

from __future__ import annotations

import json
import numbers
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from fractions import Fraction

import sympy as sp

from ..errors import DomainError, ParameterTypeError

__all__ = ["symbols", "Domain", "to_rational", "common_interval"]


def symbols(names: str, **assumptions) -> tuple[sp.Symbol, ...] | sp.Symbol:
    """Create real, positive sympy symbols for model parameters.

    Parameters
    ----------
    names : str
        Space- or comma-separated names, as for :func:`sympy.symbols`.
    **assumptions
        Extra sympy assumptions; ``real=True, positive=True`` are the default.
        Any other keyword is refused (:class:`~symcm.errors.ParameterTypeError`).

    Returns
    -------
    sympy.Symbol or tuple of sympy.Symbol
        One symbol for one name, else a tuple.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> p.is_positive, q.is_real
    (True, True)
    """
    from sympy.core.assumptions import _assume_defined

    unknown = sorted(set(assumptions) - set(_assume_defined))
    if unknown:
        raise ParameterTypeError(
            f"symbols: unknown keyword argument{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))}; "
            f"expected sympy assumptions such as real=True, integer=False"
        )
    if isinstance(names, str):
        text = names
    elif isinstance(names, (list, tuple)) and names and all(isinstance(n, str) for n in names):
        text = ",".join(names)
    else:
        raise ParameterTypeError(
            f"symbols: names must be a str such as 'p q' (or a list of str), received {_describe(names)}"
        )
    if not text.replace(",", " ").strip():
        raise DomainError(f"symbols: expected at least one name such as 'p' or 'p q', received {names!r}")
    assumptions = {"real": True, "positive": True, **assumptions}
    try:
        return sp.symbols(names, **assumptions)
    except ValueError as exc:
        raise DomainError(f"symbols: cannot read the names {names!r}: {exc}") from None


def _describe(value) -> str:
    text = repr(value)
    return f"the {type(value).__name__} " + (text if len(text) <= 80 else text[:77] + "...")


def to_rational(value, *, where: str = "value") -> sp.Rational:
    """Convert an exact number to a sympy ``Rational``.

    Accepts ``int`` (also numpy integers), :class:`fractions.Fraction`,
    finite :class:`decimal.Decimal`, sympy ``Rational``/``Integer`` and
    strings of the form ``"3/7"`` or ``"0.25"``.  Text is never evaluated as
    code: it is read by :func:`symcm.algebra.parse.parse_expression` (numbers and
    ``+ - * / **`` only, with the machine-file caps on digits and exponents),
    so ``"1/2"`` is ``1/2`` and ``"0.3"`` is exactly ``3/10``.  A Python or
    sympy float is refused: write ``Rational(3, 10)`` or ``"0.3"``.

    Raises
    ------
    ParameterTypeError
        A float, bool, ``None`` or any other non-number.
    DomainError
        Text that is not a rational number, a non-finite ``Decimal``, or a
        number past the digit/exponent caps (1000 digits, ``|exponent| <= 1000``).

    Examples
    --------
    >>> from symcm.algebra.domain import to_rational
    >>> to_rational("1/2"), to_rational("0.3"), to_rational(2)
    (1/2, 3/10, 2)
    >>> to_rational("__import__('os')")
    Traceback (most recent call last):
    ...
    symcm.errors.DomainError: value: expected a rational number such as 1/2 or 0.25, received "__import__('os')" (unknown name '__import__' at column 1)
    """
    if isinstance(value, bool):
        raise ParameterTypeError(f"{where}: expected a rational number, received the bool {value!r}")
    if isinstance(value, (int, Fraction)):
        return sp.Rational(value)
    if isinstance(value, sp.Rational):
        return value
    if isinstance(value, numbers.Integral) and not isinstance(value, sp.Basic):  # numpy integers
        return sp.Integer(int(value))
    if isinstance(value, Decimal):
        from .parse import _exact_number  # the parser's caps on digits and exponents (lazy: parse -> rational -> positivity -> domain)

        exact = _exact_number(value)
        if isinstance(exact, str):
            raise DomainError(f"{where}: expected a finite rational number, received Decimal({str(value)[:40]!r}), "
                              f"which {exact}")
        return exact
    if isinstance(value, str):
        from ..errors import MachineFileError
        from .parse import parse_expression

        reason = None
        if len(value) > 2000:
            reason = f"{len(value)} characters long"
        else:
            try:
                result = parse_expression(value, {})
            except MachineFileError as exc:
                reason = str(exc).split(" in ")[0]
            else:
                if result.is_Rational:
                    return result
                reason = f"it is {result}"  # pragma: no cover - constant expressions are rational
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise DomainError(
            f"{where}: expected a rational number such as 1/2 or 0.25, received {json.dumps(shown)} ({reason})"
        )
    if isinstance(value, (float, sp.Float)) or (isinstance(value, numbers.Real) and not isinstance(value, sp.Basic)):
        raise ParameterTypeError(
            f"{where}: expected an exact rational, received the float {value!r}; "
            f"write sympy.Rational or a string like '{value}'"
        )
    text = repr(value)
    text = text if len(text) <= 80 else text[:77] + "..."
    raise ParameterTypeError(f"{where}: expected a rational number, received {text} of type {type(value).__name__}")


class Domain(Mapping):
    """An open box of parameter values: ``Symbol -> (lo, hi)`` with rational bounds.

    Parameters
    ----------
    intervals : mapping of sympy.Symbol to (lo, hi)
        Each parameter's open interval; bounds are exact rationals
        (see :func:`to_rational`).

    Raises
    ------
    DomainError
        If a bound is not rational or ``lo >= hi``, or a positive symbol is
        given a range that reaches below 0.

    Examples
    --------
    >>> import symcm as sc
    >>> (p,) = sc.symbols("p,")
    >>> d = sc.Domain({p: (0, "1/2")})
    >>> d[p]
    (0, 1/2)
    >>> d.contains({p: sc.algebra.domain.to_rational("1/4")})
    True
    """

    __slots__ = ("_intervals", "_hash")

    def __init__(self, intervals: Mapping | Iterable = ()):
        if isinstance(intervals, Mapping):
            items = dict(intervals)
        else:
            try:
                if isinstance(intervals, (str, bytes)):
                    raise TypeError
                items = dict(intervals)
            except (TypeError, ValueError):
                raise ParameterTypeError(
                    f"domain: expected a mapping {{Symbol: (lo, hi)}}, received {_describe(intervals)}"
                ) from None
        checked = {}
        for sym, bounds in items.items():
            if not isinstance(sym, sp.Symbol):
                raise ParameterTypeError(f"domain keys must be sympy Symbols, received {sym!r}")
            if isinstance(bounds, (str, bytes, Mapping)) or not isinstance(bounds, Iterable):
                raise DomainError(f"domain of {sym}: expected a pair (lo, hi), received {_describe(bounds)}")
            try:
                lo, hi = bounds
            except (TypeError, ValueError):
                raise DomainError(
                    f"domain of {sym}: expected a pair (lo, hi), received {bounds!r}"
                ) from None
            lo = to_rational(lo, where=f"lower bound of {sym}")
            hi = to_rational(hi, where=f"upper bound of {sym}")
            if not lo < hi:
                raise DomainError(f"domain of {sym}: expected lo < hi, received ({lo}, {hi})")
            if sym.is_positive and lo < 0:
                raise DomainError(
                    f"domain of {sym}: the symbol is declared positive but its interval ({lo}, {hi}) "
                    "reaches below 0"
                )
            checked[sym] = (lo, hi)
        self._intervals = dict(sorted(checked.items(), key=lambda kv: kv[0].name))
        self._hash = None

    # Mapping protocol -----------------------------------------------------
    def __getitem__(self, sym: sp.Symbol) -> tuple[sp.Rational, sp.Rational]:
        return self._intervals[sym]

    def __iter__(self) -> Iterator[sp.Symbol]:
        return iter(self._intervals)

    def __len__(self) -> int:
        return len(self._intervals)

    def __eq__(self, other) -> bool:
        if isinstance(other, Domain):
            return self._intervals == other._intervals
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(tuple(self._intervals.items()))
        return self._hash

    def __repr__(self) -> str:
        body = ", ".join(f"{s}: ({lo}, {hi})" for s, (lo, hi) in self._intervals.items())
        return f"Domain({{{body}}})"

    # Queries ----------------------------------------------------------------
    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """The parameters, sorted by name."""
        return tuple(self._intervals)

    def as_condition(self) -> sp.Basic:
        """The domain as a sympy condition ``lo < p < hi & ...``."""
        parts = []
        for s, (lo, hi) in self._intervals.items():
            parts += [sp.StrictGreaterThan(s, lo), sp.StrictLessThan(s, hi)]
        return sp.And(*parts)

    def contains(self, point: Mapping, *, closed: bool = False) -> bool:
        """Whether a rational point lies in the (open, or with ``closed=True`` closed) box.

        Parameters not named in ``point`` are not checked.
        """
        if not isinstance(point, Mapping):
            raise ParameterTypeError(
                f"Domain.contains: expected a mapping {{Symbol: value}}, received {_describe(point)}"
            )
        for s, (lo, hi) in self._intervals.items():
            if s in point:
                v = to_rational(point[s], where=f"Domain.contains: value of {s}")
                inside = (lo <= v <= hi) if closed else (lo < v < hi)
                if not inside:
                    return False
        return True

    def center(self) -> dict[sp.Symbol, sp.Rational]:
        """The centre of the box, a rational point inside it."""
        return {s: (lo + hi) / 2 for s, (lo, hi) in self._intervals.items()}

    def restrict(self, **intervals) -> Domain:
        """A new domain with some intervals replaced, by parameter name."""
        by_name = {s.name: s for s in self._intervals}
        new = dict(self._intervals)
        for name, bounds in intervals.items():
            if name not in by_name:
                raise DomainError(f"cannot restrict unknown parameter {name!r}; parameters: {sorted(by_name)}")
            new[by_name[name]] = bounds
        return Domain(new)

    def without(self, syms: Iterable[sp.Symbol]) -> Domain:
        """A new domain without the given parameters."""
        drop = set(syms)
        return Domain({s: b for s, b in self._intervals.items() if s not in drop})


def common_interval(symbol: sp.Symbol, domains) -> tuple[sp.Rational, sp.Rational]:
    """The intersection of ``symbol``'s intervals in the domains that name it.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.domain import common_interval
    >>> p = sc.symbols("p")
    >>> common_interval(p, [sc.Domain({p: (0, 1)}), sc.Domain({p: (0, "1/2")}), sc.Domain()])
    (0, 1/2)
    """
    bounds = [d[symbol] for d in domains if symbol in d]
    if not bounds:
        raise DomainError(f"no domain names the parameter {symbol}")
    return max(lo for lo, _ in bounds), min(hi for _, hi in bounds)
