"""Machine files: hidden Markov models stored as TOML, JSON or YAML.

A *machine file* is a small data file that describes one edge-labelled hidden
Markov model (:class:`symcm.models.hmm.HMM`): its states, its alphabet, its
parameters with their open intervals, and its edges ``source -> target`` on a
symbol with a probability.  Probabilities are exact: a decimal such as
``0.3`` means the rational ``3/10``, and symbolic probabilities are written
as strings in a small arithmetic language (``"1 - p"``, ``"p*q/(p + q)"``).
The full schema is documented in ``docs/machine-files.md``.

**Guarantee: reading a machine file never evaluates code.**  Files are parsed
with ``tomllib``, ``json`` and ``yaml.safe_load`` only, and expression strings
are read by :func:`parse_expression`, a hand-written tokenizer and
recursive-descent parser that accepts numbers, declared parameter names,
``+ - * / **`` and parentheses, and nothing else; the result is built with
sympy's constructors (``Integer``, ``Rational``, ``Add``, ``Mul``, ``Pow``).
No ``eval``, ``exec``, ``sympify`` or ``parse_expr`` is involved, the size of
every expression is capped (length, nesting, exponents, expanded degree and
number of terms, digits), and
reading is a pure function: on failure nothing has changed.

Every problem in a file is reported as a :class:`~symcm.errors.MachineFileError`
that names the offending text and carries the file ``path`` and the 1-based
``line`` where that text is, when it can be found.

Examples
--------
>>> from symcm.models.spec import dumps, loads, parse_expression
>>> import sympy
>>> p = sympy.Symbol("p", real=True, positive=True)
>>> parse_expression("(1 - p)/2 + 0.25", {"p": p})
3/4 - p/2
>>> text = '''
... symcm = 1
... edges = [["A", "A", "0", "1 - p"], ["A", "B", "1", "p"], ["B", "A", "0", "1"]]
... [parameters]
... p = ["0", "1"]
... '''
>>> m = loads(text, "toml")
>>> m.states, m.alphabet, m.parameters
(('A', 'B'), ('0', '1'), (p,))
>>> loads(dumps(m, "json"), "json") == m
True
"""

from __future__ import annotations

import decimal
import json
import math
import os
import pathlib
import re
import sys
import unicodedata
from collections.abc import Mapping
from typing import NamedTuple

import sympy

from .hmm import as_model
from .. import checks
from ..algebra.domain import symbols
from ..errors import MachineFileError, MissingDependencyError, ParameterTypeError, SymcmError

__all__ = ["parse_expression", "load", "loads", "dump", "dumps"]


class MachineFileNotFoundError(MachineFileError, FileNotFoundError):
    """A machine file to read, or the directory to write one in, does not exist.

    Both a :class:`~symcm.errors.MachineFileError` and the builtin
    ``FileNotFoundError`` (an ``OSError``); ``path`` is the file.
    """


class MachineFileIsADirectoryError(MachineFileError, IsADirectoryError):
    """The path of a machine file to read or write is a directory.

    Both a :class:`~symcm.errors.MachineFileError` and the builtin
    ``IsADirectoryError`` (an ``OSError``); ``path`` is the path given.
    """


def _check_path(path, where: str) -> None:
    """Refuse a path that is not a str or os.PathLike (naming ``where``)."""
    if not isinstance(path, (str, os.PathLike)):
        raise ParameterTypeError(
            f"{where}: expected a path (str or os.PathLike) to a .toml, .json, .yaml or .yml file, "
            f"received the {type(path).__name__} {_short(repr(path))}"
            + ("; to read the text of a machine file use symcm.loads(text, format)"
               if isinstance(path, bytes) and where == "load" else "")
        )

#: The schema version this module reads and writes (the ``symcm`` key).
SCHEMA_VERSION = 1

#: Longest accepted expression string, in characters.
MAX_EXPRESSION_LENGTH = 2000
#: Deepest accepted nesting of parentheses and exponents.
MAX_NESTING = 50
#: Largest accepted ``|n|`` in ``x**n``.
MAX_EXPONENT = 64
#: Largest accepted degree of the numerator or denominator, once expanded.
MAX_DEGREE = 256
#: Largest accepted number of terms of the numerator or denominator, once expanded.
MAX_TERMS = 10_000
#: Largest accepted size, in bits, of a numerator or denominator built by ``**``.
MAX_POWER_BITS = 10_000
#: Largest accepted number of significant digits in a number literal.
MAX_DIGITS = 1000
#: Largest accepted ``|e|`` in a decimal literal ``d.ddde<e>``.
MAX_DECIMAL_EXPONENT = 1000
#: Largest accepted machine file, in characters.
MAX_FILE_CHARS = 1_000_000

_FORMATS = {"toml": "toml", "json": "json", "yaml": "yaml", "yml": "yaml"}
_TOP_LEVEL_KEYS = ("symcm", "name", "states", "alphabet", "parameters", "edges")
_EDGE_KEYS = ("source", "target", "symbol", "probability")
_PARAMETER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}\Z")


# ---------------------------------------------------------------------------
# Expressions
# ---------------------------------------------------------------------------

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
    >>> from symcm.models.spec import parse_expression
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


# ---------------------------------------------------------------------------
# Locating text in a file
# ---------------------------------------------------------------------------


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _string_alternatives(value: str) -> list[str]:
    """Regexes for the ways a string value may be spelled in TOML/JSON/YAML."""
    forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1], _toml_escape(value)}
    return [re.escape(f) for f in sorted(forms, key=len, reverse=True) if f]


def _value_pattern(value) -> str:
    """A regex matching how ``value`` (as loaded) appears in the raw text."""
    if isinstance(value, str):
        alts = "|".join(_string_alternatives(value)) or ""
        return rf"""(?:"(?:{alts})"|'(?:{alts})'|(?<![\w"'])(?:{alts})(?![\w"']))""" if alts else r"""(?:""|'')"""
    if isinstance(value, bool):
        return r"(?:true|false|True|False|yes|no|on|off)"
    if isinstance(value, (int, float, decimal.Decimal)):
        return r"[-+]?(?:[0-9.][0-9_.eE+\-]*|inf|nan|\.inf|\.nan|NaN|Infinity|-Infinity)"
    if value is None:
        return r"(?:null|~|)"
    if isinstance(value, list):
        return r"\["
    if isinstance(value, dict):
        return r"\{"
    return r"\S"


def _key_pattern(key: str) -> str:
    alts = "|".join(_string_alternatives(key))
    return rf"""(?:(?<![\w"'])(?:{alts})(?![\w"'])|"(?:{alts})"|'(?:{alts})')[ \t]*[=:]"""


class _Source:
    """The raw text of a machine file, for locating offending values."""

    def __init__(self, text: str, path, fmt: str):
        self.text = text
        self.path = None if path is None else str(path)
        self.fmt = fmt

    def error(self, message: str, line: int | None = None) -> MachineFileError:
        return MachineFileError(message, path=self.path, line=line)

    def search(self, pattern: str, start: int = 0, nth: int = 1, group: str | None = None):
        """Position of the ``nth`` match of ``pattern`` at or after ``start``, or None."""
        try:
            matches = re.finditer(pattern, self.text[start:], re.M)
            for i, m in enumerate(matches, 1):
                if i == nth:
                    return start + (m.start(group) if group else m.start())
        except re.error:  # pragma: no cover - patterns are built from escaped text
            return None
        return None

    def line(self, pattern: str, start: int = 0, nth: int = 1, group: str | None = None) -> int | None:
        pos = self.search(pattern, start, nth, group)
        return None if pos is None else _line_at(self.text, pos)

    def key_start(self, key: str) -> int:
        """Position of a top-level key (or TOML table header); 0 if not found."""
        pos = self.search(rf"^[ \t]*\[\[?[ \t]*{re.escape(key)}[ \t]*\]")
        if pos is None:
            pos = self.search(rf"(?:^|[{{,])[ \t]*{_key_pattern(key)}")
        return pos or 0

    def key_line(self, key: str, start: int = 0) -> int | None:
        pos = self.search(rf"^[ \t]*\[\[?[ \t]*{re.escape(key)}[ \t]*\]", start)
        if pos is None:
            pos = self.search(_key_pattern(key), start)
        return None if pos is None else _line_at(self.text, pos)

    def value_line(self, value, start: int = 0, nth: int = 1) -> int | None:
        line = self.line(_value_pattern(value), start, nth)
        if line is None and start:
            line = self.line(_value_pattern(value), 0, nth)
        return line

    def item_line(self, key: str, value, start: int = 0) -> int | None:
        """Line of ``key = value`` / ``key: value`` at or after ``start``."""
        return self.line(rf"{_key_pattern(key)}\s*(?P<v>{_value_pattern(value)})", start, group="v")

    def edge_line(self, edge, field: int | None, start: int) -> int | None:
        """Line of field ``field`` (0..3, or None for the whole edge) of a raw edge."""
        if isinstance(edge, list) and len(edge) == 4:
            sep = r"(?:[\s,]|-\s)*"
            parts = [rf"(?P<f{i}>{_value_pattern(v)})" for i, v in enumerate(edge)]
            group = f"f{field}" if field is not None else "f0"
            line = self.line(sep.join(parts), start, group=group)
            if line is not None:
                return line
            if field is not None:
                return self.value_line(edge[field], start)
            return None
        if isinstance(edge, dict):
            keys = [k for k in _EDGE_KEYS if k in edge]
            if field is not None and _EDGE_KEYS[field] in edge:
                keys = [_EDGE_KEYS[field]]
            for key in keys:
                line = self.item_line(key, edge[key], start)
                if line is not None:
                    return line
        if isinstance(edge, list) and field is not None and field < len(edge):
            return self.value_line(edge[field], start)
        return None


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def _type_name(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, str):
        return f"the string {_quote(value)}"
    if isinstance(value, int):
        return f"the integer {_short(value)}"
    if isinstance(value, (float, decimal.Decimal)):
        return f"the number {_short(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:20] + "..." + text[-10:]


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


def _parse_toml(text: str, src: _Source):
    import tomllib

    try:
        return tomllib.loads(text, parse_float=decimal.Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = getattr(exc, "lineno", None)
        m = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if line is None and m:
            line = int(m.group(1))
        if line is None and "end of document" in message:
            line = max(1, text.rstrip("\n").count("\n") + 1)
        raise src.error(f"TOML syntax error: {message}", line) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer literal with too many digits
        raise src.error(f"TOML cannot be read: {exc}") from None


def _parse_json(text: str, src: _Source):
    def pairs(items):
        result = {}
        for key, value in items:
            if key in result:
                raise _DuplicateKey(key)
            result[key] = value
        return result

    def constant(name):
        raise _BadConstant(name)

    try:
        return json.loads(text, parse_float=decimal.Decimal, parse_constant=constant, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise src.error(f"JSON syntax error: {exc.msg} at column {exc.colno}", exc.lineno) from None
    except _DuplicateKey as exc:
        key = exc.args[0]
        raise src.error(f"duplicate key {key!r}", src.line(_key_pattern(key), 0, nth=2)) from None
    except _BadConstant as exc:
        name = exc.args[0]
        line = src.line(rf"(?<![\w\"']){re.escape(name)}(?![\w\"'])")
        raise src.error(f"{name} is not a number machine files accept (numbers must be finite)", line) from None
    except (ValueError, RecursionError) as exc:  # e.g. an integer literal with too many digits
        raise src.error(f"JSON cannot be read: {exc}") from None


class _DuplicateKey(Exception):
    pass


class _BadConstant(Exception):
    pass


def _import_yaml():
    try:
        import yaml
    except ImportError as exc:
        raise MissingDependencyError(
            'reading and writing YAML machine files needs PyYAML: pip install "symcm[yaml]"'
        ) from exc
    return yaml


def _parse_yaml(text: str, src: _Source):
    yaml = _import_yaml()

    def mark_line(exc):
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        return None if mark is None else mark.line + 1

    try:
        # Composing builds only syntax nodes (no Python objects); it is used to
        # find duplicate keys, which yaml.safe_load silently overwrites.
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        _yaml_duplicates(root, src, yaml)
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        problem = exc.problem or str(exc)
        if exc.context:
            problem = f"{exc.context}: {problem}"
        if isinstance(exc, yaml.constructor.ConstructorError) and "unhashable key" in problem:
            kind = "YAML key not allowed (a key must be a plain string or number, not a list or mapping)"
        elif isinstance(exc, yaml.constructor.ConstructorError):
            kind = "YAML tag not allowed"
        else:
            kind = "YAML syntax error"
        raise src.error(f"{kind}: {problem}", mark_line(exc)) from None
    except yaml.YAMLError as exc:
        raise src.error(f"YAML cannot be read: {exc}") from None
    except RecursionError:
        raise src.error("YAML cannot be read: nested too deeply") from None


def _yaml_duplicates(root, src: _Source, yaml) -> None:
    seen, stack = set(), [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys = set()
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value != "<<":
                    if (key.tag, key.value) in keys:
                        raise src.error(f"duplicate key {key.value!r}", key.start_mark.line + 1)
                    keys.add((key.tag, key.value))
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def _make_symbol(name: str) -> sympy.Symbol:
    """The parameter symbol for ``name``, exactly as ``symcm.symbols(name)`` creates it."""
    sym = symbols(name)
    return sym[0] if isinstance(sym, (tuple, list)) else sym


def _read(text: str, fmt: str, path=None):
    """Parse ``text`` of format ``fmt`` into an HMM (the core of load/loads)."""
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            line = bytes(text)[: exc.start].count(b"\n") + 1
            raise MachineFileError(f"the file is not UTF-8 text: {exc.reason}", path=path, line=line) from None
    if not isinstance(text, str):
        raise ParameterTypeError(
            f"loads: expected the text of a machine file (str or bytes), received the {type(text).__name__} "
            f"{_short(repr(text))}" + ("; to read a file use symcm.load(path)" if isinstance(text, os.PathLike) else "")
        )
    text = text.removeprefix("\ufeff")
    src = _Source(text, path, fmt)
    if len(text) > MAX_FILE_CHARS:
        raise src.error(f"the file has {len(text)} characters, more than the cap of {MAX_FILE_CHARS}")
    if fmt == "toml":
        data = _parse_toml(text, src)
    elif fmt == "json":
        data = _parse_json(text, src)
    else:
        data = _parse_yaml(text, src)
    return _build(data, src)


def _check_version(data: dict, src: _Source) -> None:
    if "symcm" not in data:
        raise src.error(f"missing required key 'symcm' (the schema version); write symcm = {SCHEMA_VERSION}")
    version = data["symcm"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise src.error(
            f"symcm (the schema version) must be the integer {SCHEMA_VERSION}, not {_type_name(version)}",
            src.key_line("symcm"),
        )
    if version != SCHEMA_VERSION:
        raise src.error(
            f"unsupported schema version symcm = {version}; this version of symcm reads version {SCHEMA_VERSION}",
            src.key_line("symcm"),
        )


def _name_list(data: dict, key: str, what: str, src: _Source) -> tuple | None:
    value = data.get(key)
    if value is None:
        return None
    start = src.key_start(key)
    if not isinstance(value, list):
        raise src.error(f"{key} must be a list of {what} names, not {_type_name(value)}", src.key_line(key))
    seen = {}
    for i, item in enumerate(value, 1):
        if not (isinstance(item, str) or (what == "state" and _is_state(item))):
            kinds = "a string or an integer" if what == "state" else "a string"
            hint = f'; quote it: "{item}"' if isinstance(item, (int, float, decimal.Decimal)) else ""
            raise src.error(
                f"{key}[{i}] must be a {what} name ({kinds}), not {_type_name(item)}{hint}",
                src.value_line(item, start),
            )
        if item in seen:
            raise src.error(f"{what} {item!r} is listed twice in {key}", src.value_line(item, start, nth=2))
        seen[item] = i
    return tuple(value)


def _bound(value, name: str, which: str, src: _Source, start: int) -> sympy.Rational:
    where = f"{which} bound of parameter {name!r}"
    if isinstance(value, str):
        try:
            result = parse_expression(value, {}, where=where)
        except MachineFileError as exc:
            raise src.error(str(exc), src.value_line(value, start)) from None
        if not result.is_Rational:  # pragma: no cover - constant expressions are rational
            raise src.error(f"{where} must be a rational number, not {result}", src.value_line(value, start))
        return result
    exact = _exact_number(value)
    if isinstance(exact, str):
        raise src.error(f"{where}: the number {_short(value)} {exact}", src.value_line(value, start))
    if exact is None:
        raise src.error(
            f"{where} must be a number or a string such as \"1/2\", not {_type_name(value)}",
            src.value_line(value, start) if not isinstance(value, (list, dict)) else src.key_line(name, start),
        )
    return exact


def _parameters(data: dict, src: _Source):
    """Declared parameters: ``({name: Symbol}, {Symbol: (lo, hi)})``."""
    value = data.get("parameters")
    if value is None:
        return {}, {}
    start = src.key_start("parameters")
    if isinstance(value, list):
        entries = {}
        for item in value:
            if not isinstance(item, str):
                raise src.error(
                    f"parameters must be a list of names or a table of name = [lo, hi], "
                    f"but an entry is {_type_name(item)}",
                    src.value_line(item, start),
                )
            if item in entries:
                raise src.error(f"duplicate parameter name {item!r}", src.value_line(item, start, nth=2))
            entries[item] = [0, 1]
        explicit = False
    elif isinstance(value, dict):
        entries, explicit = value, True
    else:
        raise src.error(
            f"parameters must be a table of name = [lo, hi] (or a list of names), not {_type_name(value)}",
            src.key_line("parameters"),
        )
    names, domain = {}, {}
    for name, bounds in entries.items():
        if explicit and src.fmt == "toml" and name in _TOP_LEVEL_KEYS and name not in data:
            raise src.error(
                f"{name!r} is inside the [parameters] table: in TOML every key after a [table] header "
                f"belongs to that table; move {name} = ... above [parameters]"
                + (", or write the edges as [[edges]] tables" if name == "edges" else ""),
                src.key_line(name, start),
            )
        if not isinstance(name, str) or not _PARAMETER_NAME.match(name):
            line = src.key_line(name, start) if explicit and isinstance(name, str) else src.value_line(name, start)
            raise src.error(
                f"parameter name {name!r} is not allowed; use a letter followed by letters, digits "
                "or underscores (at most 64 characters)",
                line,
            )
        if not isinstance(bounds, list) or len(bounds) != 2:
            raise src.error(
                f"bounds of parameter {name!r} must be a list [lo, hi] of two numbers, not "
                + (f"a list of {len(bounds)} items" if isinstance(bounds, list) else _type_name(bounds)),
                src.key_line(name, start),
            )
        key_pos = src.search(_key_pattern(name), start) if explicit else None
        bstart = key_pos if key_pos is not None else start
        lo = _bound(bounds[0], name, "lower", src, bstart)
        hi = _bound(bounds[1], name, "upper", src, bstart)
        if not lo < hi:
            raise src.error(
                f"bounds of parameter {name!r} must satisfy lo < hi, received ({lo}, {hi})",
                src.key_line(name, start) if explicit else src.key_line("parameters"),
            )
        sym = _make_symbol(name)
        names[name] = sym
        domain[sym] = (lo, hi)
    return names, domain


def _is_state(value) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def _edge_description(source, target, symbol) -> str:
    return f"edge {source} -> {target} on {symbol!r}"


def _edges(data: dict, names: dict, src: _Source, states, alphabet):
    if "edges" not in data:
        raise src.error("missing required key 'edges' (a list of [source, target, symbol, probability])")
    raw = data["edges"]
    start = src.key_start("edges")
    if not isinstance(raw, list):
        raise src.error(
            f"edges must be a list of [source, target, symbol, probability], not {_type_name(raw)}",
            src.key_line("edges"),
        )
    if not raw:
        raise src.error("edges is empty; a model needs at least one edge", src.key_line("edges"))
    result = []
    for i, edge in enumerate(raw, 1):
        label = f"edge {i}"
        if isinstance(edge, dict):
            unknown = [k for k in edge if k not in _EDGE_KEYS]
            if unknown:
                raise src.error(
                    f"{label}: unknown key {unknown[0]!r}; an edge has the keys source, target, symbol, probability",
                    src.key_line(unknown[0], start) if isinstance(unknown[0], str) else None,
                )
            missing = [k for k in _EDGE_KEYS if k not in edge]
            if missing:
                raise src.error(
                    f"{label}: missing key {missing[0]!r}; an edge has the keys source, target, symbol, probability",
                    src.edge_line(edge, None, start),
                )
            fields = [edge[k] for k in _EDGE_KEYS]
        elif isinstance(edge, list):
            if len(edge) != 4:
                raise src.error(
                    f"{label} has {len(edge)} entries; expected [source, target, symbol, probability]",
                    src.edge_line(edge, 0, start) if edge else None,
                )
            fields = edge
        else:
            raise src.error(
                f"{label} must be a list [source, target, symbol, probability] or a table, not {_type_name(edge)}",
                src.value_line(edge, start),
            )
        source, target, symbol, prob = fields
        for field, value in enumerate(fields[:2]):
            if not _is_state(value):
                raise src.error(
                    f"{label}: the {_EDGE_KEYS[field]} must be a state name (a string or an integer), "
                    f"not {_type_name(value)}",
                    src.edge_line(edge, field, start),
                )
        if not isinstance(symbol, str):
            hint = f'; quote it: "{symbol}"' if isinstance(symbol, (int, float, decimal.Decimal)) else ""
            raise src.error(
                f"{label}: the symbol must be a string, not {_type_name(symbol)}{hint}",
                src.edge_line(edge, 2, start),
            )
        label = _edge_description(source, target, symbol)
        if states is not None:
            for field, state in ((0, source), (1, target)):
                if state not in states:
                    raise src.error(
                        f"{label}: unknown state {state!r}; the states are {', '.join(map(repr, states))}",
                        src.edge_line(edge, field, start),
                    )
        if alphabet is not None and symbol not in alphabet:
            raise src.error(
                f"{label}: unknown symbol {symbol!r}; the alphabet is {', '.join(map(repr, alphabet))}",
                src.edge_line(edge, 2, start),
            )
        if isinstance(prob, str):
            try:
                value = parse_expression(prob, names, where=label)
            except MachineFileError as exc:
                raise src.error(str(exc), src.edge_line(edge, 3, start)) from None
        else:
            value = _exact_number(prob)
            if isinstance(value, str):
                raise src.error(f"{label}: the probability {_short(prob)} {value}", src.edge_line(edge, 3, start))
            if value is None:
                raise src.error(
                    f"{label}: the probability must be a string expression or a number, not {_type_name(prob)}",
                    src.edge_line(edge, 3, start),
                )
        result.append((source, target, symbol, value))
    return result


def _model_error_line(exc: Exception, data: dict, src: _Source) -> int | None:
    """Best-effort line for an error raised by the HMM constructor.

    The constructor names parameters as ``domain of p``, edges as
    ``edge 'A' -> 'B' on '1'`` and rows as ``row of state 'A'``; the first
    matching parameter, edge or state of the file is located.
    """
    message = str(exc)
    m = re.search(r"domain of ([A-Za-z][A-Za-z0-9_]*)", message)
    if m:
        return src.key_line(m.group(1), src.key_start("parameters"))

    def fmt(state):
        return repr(state) if isinstance(state, str) else str(state)

    raw_edges = data.get("edges") or []
    rows = [[edge.get(k) for k in _EDGE_KEYS] if isinstance(edge, dict) else edge for edge in raw_edges]
    start = src.key_start("edges")
    for edge, (s, t, a, _) in zip(raw_edges, rows):
        if f"edge {fmt(s)} -> {fmt(t)} on {a!r}" in message:
            return src.edge_line(edge, 3, start)
    for edge, (s, *_) in zip(raw_edges, rows):
        if re.search(rf"state {re.escape(fmt(s))}(?![\w'])", message):
            return src.edge_line(edge, 0, start)
    for state in data.get("states") or []:
        if re.search(rf"state {re.escape(fmt(state))}(?![\w'])", message):
            return src.value_line(state, src.key_start("states"))
    return None


def _build(data, src: _Source):
    from .hmm import HMM

    if not isinstance(data, dict):
        raise src.error(f"the file must contain a table (mapping) at the top level, not {_type_name(data)}", 1)
    unknown = [k for k in data if k not in _TOP_LEVEL_KEYS]
    if unknown:
        listed = ", ".join(repr(k) if isinstance(k, str) else _short(k) for k in unknown[:5])
        listed += ", ..." if len(unknown) > 5 else ""
        raise src.error(
            f"unknown top-level key{'s' if len(unknown) > 1 else ''} {listed}; "
            f"the keys are {', '.join(_TOP_LEVEL_KEYS)}",
            src.key_line(unknown[0]) if isinstance(unknown[0], str) else None,
        )
    _check_version(data, src)
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        raise src.error(f"name must be a string, not {_type_name(name)}", src.key_line("name"))
    names, domain = _parameters(data, src)
    states = _name_list(data, "states", "state", src)
    alphabet = _name_list(data, "alphabet", "symbol", src)
    edges = _edges(data, names, src, states, alphabet)
    used = set().union(*(e[3].free_symbols for e in edges))
    for pname, sym in names.items():
        if sym not in used:
            raise src.error(
                f"parameter {pname!r} is declared but no probability uses it",
                src.key_line(pname, src.key_start("parameters")) or src.key_line("parameters"),
            )
    try:
        return HMM.from_edges(edges, states=states, alphabet=alphabet, domain=domain, name=name)
    except MachineFileError:  # pragma: no cover - the constructor does not read files
        raise
    except SymcmError as exc:
        raise src.error(str(exc), _model_error_line(exc, data, src)) from exc


def _format_of(path) -> str:
    suffix = pathlib.Path(path).suffix.lower().lstrip(".")
    if suffix not in _FORMATS:
        raise MachineFileError(
            f"cannot tell the format of {str(path)!r} from its extension {('.' + suffix) if suffix else '(none)'}; "
            "use .toml, .json, .yaml or .yml",
            path=str(path),
        )
    return _FORMATS[suffix]


def _normalize_format(format) -> str:
    if not isinstance(format, str):
        raise ParameterTypeError(
            f"format must be one of 'toml', 'json', 'yaml' (a str), received the {type(format).__name__} "
            f"{_short(repr(format))}"
        )
    if format.lower().lstrip(".") not in _FORMATS:
        raise MachineFileError(f"unknown machine file format {format!r}; expected one of toml, json, yaml")
    return _FORMATS[format.lower().lstrip(".")]


def loads(text: str, format: str):
    """Read a model from the text of a machine file.

    Parameters
    ----------
    text : str or bytes
        The file's contents (bytes are decoded as UTF-8).
    format : {"toml", "json", "yaml"}
        The format (``"yml"`` is accepted for ``"yaml"``).

    Returns
    -------
    HMM

    Raises
    ------
    MachineFileError
        If the text is not a valid machine file; ``line`` is set when the
        offending text can be located.  Errors raised by the model
        constructor (not stochastic, negative probability, bad domain) are
        re-raised as ``MachineFileError`` with the original as ``__cause__``.
    SymcmError
        If ``format`` is YAML and PyYAML is not installed.

    Examples
    --------
    >>> from symcm.models.spec import loads
    >>> m = loads('{"symcm": 1, "edges": [["A", "A", "x", 1]]}', "json")
    >>> m.states, m.alphabet
    (('A',), ('x',))
    >>> loads('{"symcm": 1, "edgse": []}', "json")
    Traceback (most recent call last):
    ...
    symcm.errors.MachineFileError: line 1: unknown top-level key 'edgse'; the keys are symcm, name, states, alphabet, parameters, edges
    """
    return _read(text, _normalize_format(format))


def load(path):
    """Read a model from a machine file; the format comes from the extension.

    Parameters
    ----------
    path : str or os.PathLike
        A ``.toml``, ``.json``, ``.yaml`` or ``.yml`` file (UTF-8).

    Returns
    -------
    HMM

    Raises
    ------
    MachineFileError
        For an unknown extension or an invalid file; the error carries
        ``path`` and, where it can be found, the 1-based ``line``.
        A missing file is a :class:`MachineFileNotFoundError` (also a
        ``FileNotFoundError``), a directory a
        :class:`MachineFileIsADirectoryError` (also an ``IsADirectoryError``).
    ParameterTypeError
        If ``path`` is not a str or os.PathLike.
    OSError
        If the file cannot be read for another reason (permissions).

    Examples
    --------
    >>> import os, tempfile
    >>> from symcm.models.spec import load, dump, loads
    >>> m = loads('symcm = 1\\nedges = [["A", "A", "0", "1"]]', "toml")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load(dump(m, os.path.join(tmp, "m.yaml"))) == m
    True
    """
    _check_path(path, "load")
    fmt = _format_of(path)
    limit = 4 * MAX_FILE_CHARS  # a UTF-8 character has at most 4 bytes
    if os.path.isdir(path):
        raise MachineFileIsADirectoryError("load: expected a machine file, but this is a directory",
                                           path=os.fspath(path))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise MachineFileNotFoundError("load: no such file", path=os.fspath(path)) from None
    if len(data) > limit:
        raise MachineFileError(f"the file is larger than the cap of {limit} bytes", path=os.fspath(path))
    return _read(data, fmt, os.fspath(path))


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _toml_escape(s: str) -> str:
    out = []
    for ch in s:
        if ch in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[ch])
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _toml_str(s) -> str:
    """A TOML basic string for ``s`` (an integer state name is written as an integer)."""
    if isinstance(s, int) and not isinstance(s, bool):
        return str(s)
    return '"' + _toml_escape(s) + '"'


def _model_data(model) -> dict:
    """The schema as plain Python data (strings, ints, lists, dicts), checked to read back."""
    from .. import checks

    as_model(model, "dumps")
    params = {}
    for sym in model.parameters:
        if not _PARAMETER_NAME.match(sym.name):
            raise MachineFileError(
                f"cannot write parameter {sym.name!r}: machine file parameter names are a letter "
                "followed by letters, digits or underscores"
            )
        lo, hi = model.domain[sym]
        if not (isinstance(lo, sympy.Rational) and isinstance(hi, sympy.Rational)):
            raise MachineFileError(f"cannot write the domain ({lo}, {hi}) of {sym.name}: bounds must be rational")
        params[sym.name] = sym
    edges = []
    for edge in model.edges:
        prob = edge.probability
        label = f"edge {edge.source} -> {edge.target} on {edge.symbol!r}"
        try:
            text = str(prob)
        except ValueError:  # a number past Python's int-to-str limit
            raise MachineFileError(
                f"cannot write the probability of {label}: it holds a number of more than "
                f"{sys.get_int_max_str_digits()} digits, past the machine-file cap of {MAX_DIGITS} digits"
            ) from None
        try:
            back = parse_expression(text, params)
        except MachineFileError as exc:
            # the expression is a rational function, but past a cap of the reader (exponent, degree,
            # terms, digits, length): say which, since a file that cannot be read back is not written
            raise MachineFileError(
                f"cannot write the probability {_short(text)} of {label}: machine files read it back with "
                f"caps, and {exc}"
            ) from None
        if back != prob and sympy.cancel(back - prob) != 0:  # pragma: no cover - str() of a rational function
            raise MachineFileError(
                f"cannot write the probability {_short(text)} of {label}: it does not read back as the same "
                "rational function"
            )
        edges.append([edge.source, edge.target, edge.symbol, text])
    data = {"symcm": SCHEMA_VERSION}
    if getattr(model, "name", None) is not None:
        data["name"] = str(model.name)
    data["states"] = list(model.states)
    data["alphabet"] = list(model.alphabet)
    if model.parameters:
        data["parameters"] = {s.name: [str(model.domain[s][0]), str(model.domain[s][1])] for s in model.parameters}
    data["edges"] = edges
    return data


def _write_toml(data: dict) -> str:
    lines = [f"symcm = {data['symcm']}"]
    if "name" in data:
        lines.append(f"name = {_toml_str(data['name'])}")
    lines.append("states = [" + ", ".join(map(_toml_str, data["states"])) + "]")
    lines.append("alphabet = [" + ", ".join(map(_toml_str, data["alphabet"])) + "]")
    lines.append("edges = [")
    lines += ["  [" + ", ".join(map(_toml_str, e)) + "]," for e in data["edges"]]
    lines.append("]")
    if "parameters" in data:
        lines += ["", "[parameters]"]
        lines += [f"{k} = [{_toml_str(lo)}, {_toml_str(hi)}]" for k, (lo, hi) in data["parameters"].items()]
    return "\n".join(lines) + "\n"


def _write_json(data: dict) -> str:
    def enc(v):
        return json.dumps(v, ensure_ascii=False)

    lines = ["{", f'  "symcm": {data["symcm"]},']
    if "name" in data:
        lines.append(f'  "name": {enc(data["name"])},')
    lines.append(f'  "states": {enc(data["states"])},')
    lines.append(f'  "alphabet": {enc(data["alphabet"])},')
    if "parameters" in data:
        params = ", ".join(f"{enc(k)}: {enc(v)}" for k, v in data["parameters"].items())
        lines.append(f'  "parameters": {{{params}}},')
    lines.append('  "edges": [')
    lines.append(",\n".join("    " + enc(e) for e in data["edges"]))
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"


def _write_yaml(data: dict) -> str:
    yaml = _import_yaml()
    text = ""
    # Readable Unicode first; PyYAML folds a few characters (e.g. U+0085) in
    # that mode, so fall back to escaped ASCII when the text does not read back.
    for allow_unicode in (True, False):
        text = yaml.safe_dump(
            data, sort_keys=False, default_flow_style=None, allow_unicode=allow_unicode, width=1 << 30
        )
        if yaml.safe_load(text) == data:
            break
    return text


def _reads_back(text: str, fmt: str) -> dict:
    if fmt == "toml":
        import tomllib

        return tomllib.loads(text)
    if fmt == "json":
        return json.loads(text)
    return _import_yaml().safe_load(text)


def dumps(model, format: str) -> str:
    """Write a model as the text of a machine file.

    Parameters
    ----------
    model : HMM
    format : {"toml", "json", "yaml"}

    Returns
    -------
    str
        Text that :func:`loads` reads back to a model equal to ``model``.  All
        keys are written (``states``, ``alphabet``, ``parameters`` with their
        bounds); probabilities and bounds are written as exact strings.

    Raises
    ------
    MachineFileError
        If the model cannot be expressed in a machine file (a probability
        that is not a rational function with integer powers, a parameter
        name that is not an identifier).
    SymcmError
        If ``format`` is YAML and PyYAML is not installed.

    Examples
    --------
    >>> from symcm.models.spec import dumps, loads
    >>> m = loads('{"symcm": 1, "name": "coin", "edges": [["A", "A", "H", "1/2"], ["A", "A", "T", 0.5]]}', "json")
    >>> print(dumps(m, "toml"), end="")
    symcm = 1
    name = "coin"
    states = ["A"]
    alphabet = ["H", "T"]
    edges = [
      ["A", "A", "H", "1/2"],
      ["A", "A", "T", "1/2"],
    ]
    """
    as_model(model, "dumps")
    fmt = _normalize_format(format)
    data = _model_data(model)
    writer = {"toml": _write_toml, "json": _write_json, "yaml": _write_yaml}[fmt]
    text = writer(data)
    if _reads_back(text, fmt) != data:  # pragma: no cover - a writer bug, never silently written
        raise MachineFileError(f"internal error: the {fmt.upper()} written for this model does not read back")
    return text


def dump(model, path) -> pathlib.Path:
    """Write a model to a machine file; the format comes from the extension.

    The text is built (and checked) completely before the file is opened, so
    a model that cannot be written leaves no partial file behind.

    Parameters
    ----------
    model : HMM
    path : str or os.PathLike
        A ``.toml``, ``.json``, ``.yaml`` or ``.yml`` path; it is overwritten.

    Returns
    -------
    pathlib.Path
        ``path``, so that ``load(dump(m, path)) == m``.

    Raises
    ------
    ParameterTypeError
        If ``model`` is not an HMM or ``path`` not a str or os.PathLike.
    MachineFileError
        For an unknown extension; :class:`MachineFileNotFoundError` (also a
        ``FileNotFoundError``) when the directory does not exist, and
        :class:`MachineFileIsADirectoryError` when ``path`` is a directory.
        Nothing is written then.

    Examples
    --------
    >>> import os, tempfile
    >>> from symcm.models.spec import dump, load, loads
    >>> m = loads('symcm = 1\\nedges = [["A", "A", "0", "1"]]', "toml")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     load(dump(m, os.path.join(tmp, "m.toml"))) == m
    True
    """
    as_model(model, "dump")
    _check_path(path, "dump")
    fmt = _format_of(path)
    out = pathlib.Path(path)
    if out.is_dir():
        raise MachineFileIsADirectoryError("dump: cannot write a machine file over a directory", path=os.fspath(path))
    if not out.parent.is_dir():
        raise MachineFileNotFoundError(
            f"dump: the directory {os.fspath(out.parent)!r} does not exist; create it first",
            path=os.fspath(path),
        )
    text = dumps(model, fmt)
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise MachineFileError(f"cannot write {exc.object[exc.start:exc.end]!r}: not encodable as UTF-8") from None
    out.write_bytes(encoded)
    return out
