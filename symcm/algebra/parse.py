"""Text to exact sympy expressions, without evaluating code: the restricted arithmetic grammar.

Machine files, domains given as text (``"1/2"``) and :func:`symcm.parse_expression`
read arithmetic written by people.  Handing such text to sympy
(``sympify``, ``parse_expr``) would run it as Python code, so symcm reads it
itself: :func:`parse_expression` is a hand-written tokenizer and
recursive-descent parser that accepts numbers, declared parameter names,
``+ - * / **`` and parentheses, and nothing else, and builds the result with
sympy's constructors (``Integer``, ``Rational``, ``Add``, ``Mul``, ``Pow``).
No ``eval``, ``exec``, ``sympify`` or ``parse_expr`` is involved.

Numbers are exact (``0.3`` is ``3/10``), and the size of every expression is
capped while it is parsed, before anything is expanded: its length, nesting,
exponents, the degree and number of terms of its numerator and denominator
once expanded, the bits of powers of numbers and the digits and decimal
exponents of literals (the ``MAX_*`` constants below).  ``_exact_number``
applies the same caps on digits and exponents to numbers already loaded by a
file parser (TOML, JSON, YAML) or given as ``Decimal``.

Every problem is a :class:`~symcm.errors.MachineFileError` naming the
offending text and its 1-based column.
"""

from __future__ import annotations

import decimal
import json
import math
import re
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

import sympy

from .. import checks
from ..errors import MachineFileError, ParameterTypeError
from .rational import MAX_DEGREE

__all__ = [
    "parse_expression",
    "MAX_EXPRESSION_LENGTH",
    "MAX_NESTING",
    "MAX_EXPONENT",
    "MAX_DEGREE",
    "MAX_TERMS",
    "MAX_POWER_BITS",
    "MAX_DIGITS",
    "MAX_DECIMAL_EXPONENT",
]

#: Longest accepted expression string, in characters.
MAX_EXPRESSION_LENGTH = 2000
#: Deepest accepted nesting of parentheses and exponents.
MAX_NESTING = 50
#: Largest accepted ``|n|`` in ``x**n``.
MAX_EXPONENT = 64
#: Largest accepted number of terms of the numerator or denominator, once expanded.
MAX_TERMS = 10_000
#: Largest accepted size, in bits, of a numerator or denominator built by ``**``.
MAX_POWER_BITS = 10_000
#: Largest accepted number of significant digits in a number literal.
MAX_DIGITS = 1000
#: Largest accepted ``|e|`` in a decimal literal ``d.ddde<e>``.
MAX_DECIMAL_EXPONENT = 1000

_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_ASCII_DIGITS = frozenset("0123456789")
_WHITESPACE = frozenset(" \t\r\n")
_NUMBER = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = ("**", "+", "-", "*", "/", "(", ")")

_BAD_CHAR_HINTS = {
    "^": "; use ** for powers",
    ".": "; attribute access is not allowed",
    "'": "; strings are not allowed",
    '"': "; strings are not allowed",
    "[": "; brackets are not allowed, use parentheses",
    "]": "; brackets are not allowed, use parentheses",
    "{": "; braces are not allowed, use parentheses",
    "}": "; braces are not allowed, use parentheses",
    ",": "; commas are not allowed (write decimals with a point, e.g. 0.5)",
    ";": "; statements are not allowed",
    "=": "; assignments and comparisons are not allowed",
}


def _quote(text: str, column: int | None = None) -> str:
    """Quote ``text`` for a message, shortening it around ``column`` when long."""
    if len(text) > 80:
        c = (column or 1) - 1
        lo, hi = max(0, c - 30), min(len(text), c + 30)
        excerpt = ("..." if lo > 0 else "") + text[lo:hi] + ("..." if hi < len(text) else "")
        return json.dumps(excerpt, ensure_ascii=True)
    return json.dumps(text, ensure_ascii=True)


def _describe_char(ch: str) -> str:
    if " " < ch < "\x7f":
        return repr(ch)
    name = unicodedata.name(ch, "")
    return f"{ch!r} (U+{ord(ch):04X}{' ' + name if name else ''})"


class _Token:
    __slots__ = ("kind", "text", "column")

    def __init__(self, kind: str, text: str, column: int):
        self.kind = kind  # "num", "name", "op", "bad", "end"
        self.text = text
        self.column = column

    def describe(self) -> str:
        if self.kind == "end":
            return "end of expression"
        if self.kind == "bad":
            return "character " + _describe_char(self.text)
        if self.kind == "name":
            return f"name {self.text!r}"
        if self.kind == "num":
            return f"number {self.text}"
        return repr(self.text)


def _tokenize(text: str):
    """Yield tokens lazily, so errors are reported in left-to-right order."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in _WHITESPACE:
            i += 1
            continue
        if ch in _ASCII_DIGITS or (ch == "." and i + 1 < n and text[i + 1] in _ASCII_DIGITS):
            m = _NUMBER.match(text, i)
            yield _Token("num", m.group(), i + 1)
            i = m.end()
            continue
        if ch in _ASCII_LETTERS:
            m = _NAME.match(text, i)
            yield _Token("name", m.group(), i + 1)
            i = m.end()
            continue
        for op in _OPERATORS:
            if text.startswith(op, i):
                yield _Token("op", op, i + 1)
                i += len(op)
                break
        else:
            yield _Token("bad", ch, i + 1)
            i += 1
    yield _Token("end", "", n + 1)


def _decimal_to_rational(sign: int, digits: str, exponent: int) -> sympy.Rational:
    """``(-1)**sign * int(digits) * 10**exponent`` as an exact Rational (caps checked by caller)."""
    mantissa = int(digits) if digits else 0
    if sign:
        mantissa = -mantissa
    if exponent >= 0:
        return sympy.Integer(mantissa * 10**exponent)
    return sympy.Rational(mantissa, 10 ** (-exponent))


def _number_literal(text: str) -> tuple[sympy.Rational | None, str | None]:
    """Exact value of a number literal, or ``(None, reason)`` if it exceeds a cap."""
    mantissa, _, exp_text = text.lower().partition("e")
    exponent = int(exp_text) if exp_text else 0
    whole, _, frac = mantissa.partition(".")
    digits = (whole + frac).lstrip("0")
    if len(digits) > MAX_DIGITS:
        return None, f"has {len(digits)} significant digits, more than the cap of {MAX_DIGITS}"
    if abs(exponent) > MAX_DECIMAL_EXPONENT:
        return None, f"has decimal exponent {exponent}, beyond the cap of {MAX_DECIMAL_EXPONENT}"
    return _decimal_to_rational(0, whole + frac, exponent - len(frac)), None


def _bits(r: sympy.Rational) -> int:
    return max(int(r.p).bit_length(), int(r.q).bit_length())


class _Size(NamedTuple):
    """Upper bounds on the expanded size of a rational function ``num/den``.

    ``tn``/``td`` bound the number of terms and ``dn``/``dd`` the total degree
    of the numerator and denominator once everything is brought over a common
    denominator and expanded (what the model constructor does).
    """

    tn: int
    td: int
    dn: int
    dd: int


_CONSTANT = _Size(1, 1, 0, 0)
_SYMBOL = _Size(1, 1, 1, 0)


class _Parser:
    """Recursive-descent parser; every parse method returns ``(expr, size)``."""

    def __init__(self, text: str, parameters: Mapping, where: str | None):
        self.text = text
        self.parameters = parameters
        self.where = where
        self.tokens = _tokenize(text)
        self.tok = next(self.tokens)
        self.depth = 0

    # -- helpers ---------------------------------------------------------------
    def advance(self) -> _Token:
        tok = self.tok
        self.tok = next(self.tokens)
        return tok

    def expected_atom(self) -> str:
        if self.parameters:
            names = ", ".join(sorted(self.parameters))
            return f"expected a number or one of the parameters {names}"
        return "expected a number (no parameters are declared here)"

    def fail(self, problem: str, column: int | None, hint: str = "") -> MachineFileError:
        where = f" at column {column}" if column is not None else ""
        msg = f"{problem}{where} in {_quote(self.text, column)}{hint}"
        if self.where:
            msg = f"{self.where}: {msg}"
        return MachineFileError(msg)

    def unexpected(self, tok: _Token, expected: str) -> MachineFileError:
        if tok.kind == "bad":
            hint = _BAD_CHAR_HINTS.get(tok.text, "")
            return self.fail(f"unexpected character {_describe_char(tok.text)}", tok.column, hint + f"; {expected}")
        return self.fail(f"unexpected {tok.describe()}", tok.column, f"; {expected}")

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(f"nesting deeper than the cap of {MAX_NESTING} levels", tok.column)

    def checked(self, size: _Size, column: int, expr: sympy.Expr) -> _Size:
        """Clamp a size bound by the number of monomials, and enforce the caps."""
        if max(size.dn, size.dd) > MAX_DEGREE:
            raise self.fail(f"the expression's degree would exceed the cap of {MAX_DEGREE}", column)
        k = len(expr.free_symbols)  # a degree-d polynomial in k variables has <= comb(d + k, k) terms
        size = _Size(
            min(size.tn, math.comb(size.dn + k, k)), min(size.td, math.comb(size.dd + k, k)), size.dn, size.dd
        )
        if max(size.tn, size.td) > MAX_TERMS:
            raise self.fail(f"the expression would expand to more than the cap of {MAX_TERMS} terms", column)
        return size

    # -- grammar ---------------------------------------------------------------
    def parse(self):
        if not self.text.strip():
            raise self.fail("empty expression", None, f"; {self.expected_atom()}")
        expr, _ = self.expression()
        if self.tok.kind != "end":
            tok = self.tok
            if tok.kind == "op" and tok.text == "(":
                hint = "function calls are not allowed; use * for multiplication"
            elif tok.kind in ("name", "num"):
                hint = "expected an operator (+ - * / **); implicit multiplication is not supported, use *"
            else:
                hint = "expected an operator (+ - * / **) or the end of the expression"
            raise self.unexpected(tok, hint)
        if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):  # pragma: no cover - division by zero is caught
            raise self.fail(f"expression is undefined (it evaluates to {expr})", None)
        return expr

    def expression(self):
        expr, a = self.term()
        while self.tok.kind == "op" and self.tok.text in "+-":
            op = self.advance()
            rhs, b = self.term()
            if op.text == "-":
                rhs = sympy.Mul(sympy.Integer(-1), rhs)
            expr = sympy.Add(expr, rhs)
            a = self.checked(
                _Size(a.tn * b.td + b.tn * a.td, a.td * b.td, max(a.dn + b.dd, b.dn + a.dd), a.dd + b.dd),
                op.column,
                expr,
            )
        return expr, a

    def term(self):
        expr, a = self.unary()
        while self.tok.kind == "op" and self.tok.text in ("*", "/"):
            op = self.advance()
            rhs, b = self.unary()
            if op.text == "/":
                if rhs.is_zero:
                    raise self.fail("division by zero", op.column)
                rhs = sympy.Pow(rhs, sympy.Integer(-1))
                b = _Size(b.td, b.tn, b.dd, b.dn)
            expr = sympy.Mul(expr, rhs)
            a = self.checked(_Size(a.tn * b.tn, a.td * b.td, a.dn + b.dn, a.dd + b.dd), op.column, expr)
        return expr, a

    def unary(self):
        negative = False
        while self.tok.kind == "op" and self.tok.text in "+-":
            if self.advance().text == "-":
                negative = not negative
        expr, size = self.power()
        if negative:
            expr = sympy.Mul(sympy.Integer(-1), expr)
        return expr, size

    def power(self):
        base, size = self.atom()
        if self.tok.kind == "bad" and self.tok.text == "^":
            raise self.fail("'^' is not an operator here", self.tok.column, "; use ** for powers, e.g. p**2")
        if not (self.tok.kind == "op" and self.tok.text == "**"):
            return base, size
        op = self.advance()
        self.enter(op)
        start = self.tok.column
        exponent, _ = self.unary()  # right-associative: 2**3**2 == 2**(3**2); 2**-1 allowed
        self.depth -= 1
        if not exponent.is_Integer:
            raise self.fail(
                f"exponent {exponent} is not an integer constant", start, "; only integer powers are allowed"
            )
        n = int(exponent)
        if abs(n) > MAX_EXPONENT:
            raise self.fail(f"exponent {n} exceeds the cap of {MAX_EXPONENT}", start)
        if base.is_Rational:
            if base.is_zero and n < 0:
                raise self.fail("division by zero (0 to a negative power)", op.column)
            if _bits(base) * abs(n) > MAX_POWER_BITS:
                shown = str(base) if len(str(base)) <= 40 else f"(a number of {_bits(base)} bits)"
                raise self.fail(f"the power {shown}**{n} would have more than {MAX_POWER_BITS} bits", op.column)
        m = abs(n)
        if n < 0:
            size = _Size(size.td, size.tn, size.dd, size.dn)
        if m:
            # (t terms)**m has at most comb(t + m - 1, m) terms
            size = _Size(math.comb(size.tn + m - 1, m), math.comb(size.td + m - 1, m), size.dn * m, size.dd * m)
        else:
            size = _CONSTANT
        result = sympy.Pow(base, sympy.Integer(n))
        return result, self.checked(size, op.column, result)

    def atom(self):
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            value, reason = _number_literal(tok.text)
            if value is None:
                raise self.fail(f"number {tok.text[:40]} {reason}", tok.column)
            return value, _CONSTANT
        if tok.kind == "name":
            self.advance()
            if tok.text not in self.parameters:
                hint = f"; {self.expected_atom()}"
                if self.tok.kind == "op" and self.tok.text == "(":
                    hint += "; function calls are not allowed"
                raise self.fail(f"unknown name {tok.text!r}", tok.column, hint)
            return self.parameters[tok.text], _SYMBOL
        if tok.kind == "op" and tok.text == "(":
            self.advance()
            self.enter(tok)
            expr, size = self.expression()
            self.depth -= 1
            if not (self.tok.kind == "op" and self.tok.text == ")"):
                raise self.unexpected(self.tok, f"expected ')' to close the '(' at column {tok.column}")
            self.advance()
            return expr, size
        raise self.unexpected(tok, self.expected_atom())


def parse_expression(text: str, parameters: Mapping, *, where: str | None = None) -> sympy.Expr:
    """Parse an arithmetic expression exactly, without evaluating any code.

    The grammar is deliberately tiny::

        expression := term (("+" | "-") term)*
        term       := unary (("*" | "/") unary)*
        unary      := ("+" | "-")* power
        power      := atom ("**" unary)?          # right-associative
        atom       := NUMBER | NAME | "(" expression ")"
        NUMBER     := digits ["." digits] [("e" | "E") ["+" | "-"] digits]

    Numbers are exact: ``0.3`` is ``3/10`` and ``2.5e-3`` is ``1/400``.
    Names must be keys of ``parameters``.  Precedence and associativity are
    Python's: ``-p**2`` is ``-(p**2)``, ``2**3**2`` is ``2**9`` and
    ``p/q/2`` is ``(p/q)/2``.

    Parameters
    ----------
    text : str
        The expression, at most 2000 characters.
    parameters : mapping of str to sympy.Symbol
        The names the expression may use and the symbols they stand for.
    where : str, optional
        Prefix for error messages, e.g. ``"edge A -> B on '1'"``.

    Returns
    -------
    sympy.Expr
        Built with ``sympy.Integer``, ``Rational``, ``Add``, ``Mul`` and ``Pow``.

    Raises
    ------
    MachineFileError
        For anything outside the grammar (unknown names, calls, attribute
        access, strings, brackets, ``^``, ...), for division by zero, and when
        a cap is exceeded: length 2000, nesting depth 50, ``|exponent| <= 64``
        (the exponent must evaluate to an integer constant), numerator and
        denominator of degree at most 256 and at most 10000 terms once
        expanded over a common denominator (an upper bound computed while
        parsing, so ``(1 + p + q)**64**2`` is refused before anything is
        expanded), powers of numbers of at most 10000 bits, number literals
        of at most 1000 significant digits and decimal exponents ``|e| <= 1000``.
        The message names the offending text and its 1-based column.
    ParameterTypeError
        If ``text`` is not a string or ``parameters`` not a mapping.

    Examples
    --------
    >>> import sympy
    >>> from symcm.algebra.parse import parse_expression
    >>> p, q = sympy.symbols("p q", real=True, positive=True)
    >>> parse_expression("(1-p)/(2-p-q)", {"p": p, "q": q})
    (1 - p)/(-p - q + 2)
    >>> parse_expression("0.3", {})
    3/10
    >>> parse_expression("2**3**2", {})
    512
    >>> parse_expression("os.system('x')", {"p": p, "q": q})
    Traceback (most recent call last):
    ...
    symcm.errors.MachineFileError: unknown name 'os' at column 1 in "os.system('x')"; expected a number or one of the parameters p, q
    >>> parse_expression("p**100000000", {"p": p})
    Traceback (most recent call last):
    ...
    symcm.errors.MachineFileError: exponent 100000000 exceeds the cap of 64 at column 4 in "p**100000000"
    """
    if not isinstance(text, str):
        raise ParameterTypeError(f"expression must be a string, not {type(text).__name__}")
    if len(text) > MAX_EXPRESSION_LENGTH:
        msg = (
            f"expression is {len(text)} characters long, more than the cap of "
            f"{MAX_EXPRESSION_LENGTH}: {_quote(text, 1)}"
        )
        raise MachineFileError(f"{where}: {msg}" if where else msg)
    if not isinstance(parameters, Mapping):
        raise ParameterTypeError(
            "parse_expression: parameters must be a mapping of names to sympy symbols (e.g. {'p': p}, or {} for "
            f"none), received {checks.describe(parameters)}"
        )
    return _Parser(text, parameters, where).parse()


def _exact_number(value) -> sympy.Rational | None | str:
    """Exact Rational of a loaded number; a string reason if refused; None if not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if value.bit_length() > MAX_POWER_BITS:
            return f"has more than {MAX_POWER_BITS} bits"
        return sympy.Integer(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return "is not finite"
        value = decimal.Decimal(repr(value))  # the shortest decimal that reads back as this float
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return "is not finite"
        sign, digits, exponent = value.as_tuple()
        text = "".join(map(str, digits)).lstrip("0")
        if len(text) > MAX_DIGITS:
            return f"has {len(text)} significant digits, more than the cap of {MAX_DIGITS}"
        if abs(value.adjusted()) > MAX_DECIMAL_EXPONENT:
            return f"has a decimal exponent beyond the cap of {MAX_DECIMAL_EXPONENT}"
        return _decimal_to_rational(sign, "".join(map(str, digits)), exponent)
    return None
