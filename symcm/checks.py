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

import math
import numbers
from fractions import Fraction

import sympy as sp

from .errors import DomainError, ParameterTypeError, TooLargeError

__all__ = ["describe", "number", "integer", "cap", "digits", "seed", "real", "positive_float", "choice", "no_text", "sympy_value", "free_parameters", "same_symbols"]


def number(value: int) -> str:
    """An int for a message, abbreviated past 30 digits (str() of a huge int is slow, and refused past 4300 digits).

    >>> from symcm import checks
    >>> checks.number(12), checks.number(10**100)
    ('12', 'a 101-digit number')
    """
    if abs(value) < 10**30:
        return str(value)
    digits = math.floor(abs(value).bit_length() * math.log10(2)) + 1
    if abs(value) < 10 ** (digits - 1):  # bit_length over-estimates by at most one digit
        digits -= 1
    return f"a {digits}-digit {'negative ' if value < 0 else ''}number"


def describe(value) -> str:
    """A short description of a received value for an error message: ``the str 'x'``."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return f"the int {number(value)}"
    text = repr(value)
    if len(text) > 80:
        text = text[:77] + "..."
    if isinstance(value, sp.Basic):
        return f"the sympy {'number' if value.is_Number else 'expression'} {text}"
    return f"the {type(value).__name__} {text}"



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
        raise DomainError(f"{where}: {name} must be at least {minimum}, received {number(value)}")
    if maximum is not None and value > maximum:
        if cap is not None:
            raise TooLargeError(
                f"{where}: {name}={number(value)} exceeds the cap {cap}={maximum}; pass a larger {cap}= to allow it"
            )
        raise DomainError(f"{where}: {name} must be at most {maximum}, received {number(value)}")
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
    :func:`symcm.models.hmm.as_exact`, which says so with a warning.
    """
    if isinstance(value, bool) or isinstance(value, str) or value is None:
        raise ParameterTypeError(f"{where}: {name} must be an exact real number, received {describe(value)}")
    if isinstance(value, (int, Fraction)) or isinstance(value, numbers.Integral):
        return sp.Rational(value)
    if isinstance(value, sp.Basic) and value.is_Rational:
        return value
    raise ParameterTypeError(f"{where}: {name} must be an exact rational number, received {describe(value)}")


#: Containers whose items sympy converts one by one; it converts a ``str`` item
#: by *evaluating* it (``sympify``), even under ``strict=True`` (``Tuple``,
#: ``Dict`` and ``FiniteSet`` sympify their items without ``strict``).
_CONTAINERS = (tuple, list, dict, set, frozenset)


def no_text(value, name: str, *, where: str, limit: int = 100_000):
    """``value`` itself if no text (``str``/``bytes``) occurs in it, else :class:`ParameterTypeError`.

    sympy turns text into an expression by evaluating it as Python
    (``sympy.sympify``), and it does so for strings *inside* tuples, dicts,
    sets and numpy arrays even when asked to be strict:
    ``p + ("__import__('os')...",)`` runs the code.  Every public function
    that hands a user value to sympy checks it here first; text is accepted
    only where symcm parses it itself (:func:`symcm.models.spec.parse_expression`).
    At most ``limit`` nested items are inspected (more is refused too).

    >>> from symcm import checks
    >>> checks.no_text((1, [2, {3: "1/2"}]), "value", where="H")
    Traceback (most recent call last):
    ...
    symcm.errors.ParameterTypeError: H: value must not contain text (sympy would evaluate it as code), received the str '1/2' inside it
    """
    stack, seen = [value], 0
    while stack:
        item = stack.pop()
        seen += 1
        if seen > limit:
            raise ParameterTypeError(f"{where}: {name} is nested too deeply or too large (more than {limit} items)")
        if isinstance(item, (str, bytes, bytearray)):
            inside = "" if item is value else " inside it"
            hint = ("; symcm does not evaluate text: pass numbers or sympy expressions "
                    "(symcm.models.spec.parse_expression reads text safely)")
            raise ParameterTypeError(
                f"{where}: {name} must not contain text (sympy would evaluate it as code), "
                f"received {describe(item)}{inside}" + (hint if item is value else "")
            )
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, _CONTAINERS):
            stack.extend(item)
        elif type(item).__module__ == "numpy" and hasattr(item, "dtype") and hasattr(item, "ndim"):
            if item.dtype.kind in "USO" and item.ndim > 0:
                stack.extend(item.ravel().tolist())
            elif item.dtype.kind in "US":
                stack.append(item.item())
    return value


def sympy_value(value, name: str, *, where: str) -> sp.Basic:
    """``value`` as a sympy object, converted without evaluating any text (:func:`no_text` first).

    >>> from symcm import checks
    >>> checks.sympy_value(3, "x", where="f")
    3
    >>> checks.sympy_value(object(), "x", where="f")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symcm.errors.ParameterTypeError: f: x must be a number or a sympy expression, received the object <object object at ...>
    """
    no_text(value, name, where=where)
    if isinstance(value, sp.Basic):
        return value
    try:
        return sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError, ValueError):
        raise ParameterTypeError(
            f"{where}: {name} must be a number or a sympy expression, received {describe(value)}"
        ) from None


def positive_float(value, name: str, *, where: str, allow_none: bool = False) -> float | None:
    """A finite number ``> 0`` used as a tolerance or a time limit (not in exact arithmetic), as a float.

    ints and floats are accepted; bools, strings, NaN and infinities are refused.
    With ``allow_none``, ``None`` (no limit) passes through.

    >>> from symcm import checks
    >>> checks.positive_float(float("nan"), "tolerance", where="minimize_state_entropy")
    Traceback (most recent call last):
    ...
    symcm.errors.DomainError: minimize_state_entropy: tolerance must be a finite number > 0, received the float nan
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"{where}: {name} must be a number{' or None' if allow_none else ''}, "
                                 f"received {describe(value)}")
    if not (math.isfinite(float(value)) and value > 0):
        raise DomainError(f"{where}: {name} must be a finite number > 0, received {describe(value)}")
    return float(value)


def choice(value, name: str, options, *, where: str):
    """``value`` if it is one of ``options`` (strings), else an error listing them.

    >>> from symcm import checks
    >>> checks.choice("bogus", "method", ("BFGS", "Powell"), where="search_generator")
    Traceback (most recent call last):
    ...
    symcm.errors.DomainError: search_generator: method must be one of 'BFGS', 'Powell'; received the str 'bogus'
    """
    if not isinstance(value, str):
        raise ParameterTypeError(f"{where}: {name} must be a str, one of {', '.join(map(repr, options))}; "
                                 f"received {describe(value)}")
    if value not in options:
        raise DomainError(f"{where}: {name} must be one of {', '.join(map(repr, options))}; "
                          f"received {describe(value)}")
    return value


def free_parameters(exprs) -> tuple:
    """The free symbols of ``exprs``, sorted by name; two different symbols with one name are refused.

    >>> import sympy as sp, symcm as sc
    >>> from symcm import checks
    >>> p, q = sc.symbols("p q")
    >>> checks.free_parameters([q * p, 1 - p])
    (p, q)
    >>> checks.free_parameters([sp.Symbol("p"), p])
    Traceback (most recent call last):
    ...
    symcm.errors.ParameterTypeError: two different symbols are named 'p' (different sympy assumptions); create parameters with symcm.symbols
    """
    free = set().union(*(e.free_symbols for e in exprs))
    by_name = {}
    for s in free:
        if s.name in by_name and by_name[s.name] != s:
            raise ParameterTypeError(
                f"two different symbols are named {s.name!r} (different sympy assumptions); "
                "create parameters with symcm.symbols"
            )
        by_name[s.name] = s
    return tuple(sorted(free, key=lambda s: s.name))


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
