"""Argument checks shared by symcm's public functions.

Every public function validates its arguments *before* it computes anything,
so bad input gets a clear error and changes nothing.  The checks here give
those errors one shape: each names **where** the value was given (the
function and argument), **what** was expected and **what** was received, and
raises a :class:`~symcm.errors.SymcmError` subclass that also inherits the
builtin a Python user would catch (``TypeError`` for a wrong type,
``ValueError`` for a wrong value, :class:`~symcm.errors.TooLargeError` for a
value past a resource cap, with the cap's keyword named so it can be raised).

>>> from symcm import checks
>>> checks.integer(3, "L", where="block_entropy", minimum=0)
3
>>> checks.integer("3", "L", where="block_entropy", minimum=0)
Traceback (most recent call last):
...
symcm.errors.ParameterTypeError: block_entropy: L must be an int, received the str '3'
"""

from __future__ import annotations

import numbers
from fractions import Fraction

import sympy as sp

from .errors import DomainError, ParameterTypeError, TooLargeError

__all__ = ["describe", "model", "integer", "cap", "digits", "seed", "real", "same_symbols"]


def describe(value) -> str:
    """A short description of a received value for an error message: ``the str 'x'``."""
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    if isinstance(value, sp.Basic):
        return f"the sympy {'number' if value.is_Number else 'expression'} {text}"
    return f"the {type(value).__name__} {text}"


def model(m, where: str, name: str = "the model"):
    """``m`` itself if it is a :class:`~symcm.hmm.HMM`, else :class:`ParameterTypeError`.

    >>> from symcm import checks
    >>> checks.model([1, 2], "entropy_rate")
    Traceback (most recent call last):
    ...
    symcm.errors.ParameterTypeError: entropy_rate: expected the model to be a symcm.HMM, received the list [1, 2]
    """
    from .hmm import HMM  # the models layer imports this module

    if not isinstance(m, HMM):
        raise ParameterTypeError(f"{where}: expected {name} to be a symcm.HMM, received {describe(m)}")
    return m


def integer(value, name: str, *, where: str, minimum: int | None = None, maximum: int | None = None,
            cap: str | None = None) -> int:
    """``value`` as a Python ``int``, checked against its bounds.

    bools, floats, strings and ``None`` are refused (:class:`ParameterTypeError`);
    an int below ``minimum`` is a :class:`DomainError`; above ``maximum`` it is a
    :class:`TooLargeError` naming ``cap`` (the keyword that raises the bound)
    when there is one, else a :class:`DomainError`.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or isinstance(value, sp.Basic) and not value.is_Integer:
        raise ParameterTypeError(f"{where}: {name} must be an int, received {describe(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise DomainError(f"{where}: {name} must be at least {minimum}, received {value}")
    if maximum is not None and value > maximum:
        if cap is not None:
            raise TooLargeError(
                f"{where}: {name}={value} exceeds the cap {cap}={maximum}; pass a larger {cap}= to allow it"
            )
        raise DomainError(f"{where}: {name} must be at most {maximum}, received {value}")
    return value


def cap(value, name: str, *, where: str, minimum: int = 1) -> int:
    """A resource cap (``max_states``, ``max_terms``, ...): an int of at least ``minimum``."""
    return integer(value, name, where=where, minimum=minimum)


def digits(value, *, where: str, maximum: int, cap: str = "max_digits") -> int:
    """A number of significant digits: an int from 1 up to the cap ``maximum``."""
    return integer(value, "digits", where=where, minimum=1, maximum=maximum, cap=cap)


def seed(value, *, where: str) -> int | None:
    """A random seed: ``None`` or a nonnegative int (no floats, strings or sequences)."""
    if value is None:
        return None
    return integer(value, "seed", where=where, minimum=0)


def real(value, name: str, *, where: str) -> sp.Rational:
    """A finite exact real number (int, Fraction, Rational) as a sympy Rational.

    Floats are refused here: callers that accept floats convert them first with
    :func:`symcm.hmm.as_exact`, which says so with a warning.
    """
    if isinstance(value, bool) or isinstance(value, str) or value is None:
        raise ParameterTypeError(f"{where}: {name} must be an exact real number, received {describe(value)}")
    if isinstance(value, (int, Fraction)) or isinstance(value, numbers.Integral):
        return sp.Rational(value)
    if isinstance(value, sp.Basic) and value.is_Rational:
        return value
    raise ParameterTypeError(f"{where}: {name} must be an exact rational number, received {describe(value)}")


def same_symbols(groups, *, where: str) -> None:
    """Refuse two different sympy symbols with one name among the parameters of several objects.

    ``groups`` is a sequence of ``(label, symbols)``, e.g.
    ``[("the first model", m1.parameters), ("the second model", m2.parameters)]``.
    A plain ``sympy.Symbol('p')`` and ``symcm.symbols('p')`` (real, positive)
    print alike but are different parameters to sympy, so an answer mixing
    them (``Eq(p, p)`` that is not true) would read wrong.  Unifying them by
    name is not sound in general (their assumptions differ, and so may the
    simplifications sympy made), so this raises :class:`ParameterTypeError`
    naming the symbol and both assumption sets.

    >>> import sympy as sp, symcm as sc
    >>> from symcm import checks
    >>> checks.same_symbols([("m1", [sp.Symbol("p")]), ("m2", [sc.symbols("p")])], where="same_process")
    Traceback (most recent call last):
    ...
    symcm.errors.ParameterTypeError: same_process: the parameter 'p' of m1 and the parameter 'p' of m2 are different sympy symbols that print alike (assumptions none, a plain sympy.Symbol and {positive=True, real=True}); create every parameter with symcm.symbols so that one name is one parameter
    """
    def assumptions(sym) -> str:
        given = getattr(sym, "_assumptions_orig", None)  # the assumptions the symbol was created with
        if given is None:  # pragma: no cover - older sympy
            given = {k: v for k, v in sym.assumptions0.items() if k != "commutative"}
        if not given:
            return "none, a plain sympy.Symbol"
        return "{" + ", ".join(f"{k}={v}" for k, v in sorted(given.items())) + "}"

    seen: dict = {}
    for label, symbols in groups:
        for sym in symbols:
            if sym.name in seen and seen[sym.name][1] != sym:
                other_label, other = seen[sym.name]
                raise ParameterTypeError(
                    f"{where}: the parameter {sym.name!r} of {other_label} and the parameter {sym.name!r} of "
                    f"{label} are different sympy symbols that print alike (assumptions {assumptions(other)} "
                    f"and {assumptions(sym)}); create every parameter with symcm.symbols so that one name is "
                    "one parameter"
                )
            seen.setdefault(sym.name, (label, sym))
