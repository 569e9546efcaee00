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

This module reads machine files (:func:`load`, :func:`loads`: the schema,
its checks and the model they build); writing is in
:mod:`symcm.models.spec_write` (:func:`dump`, :func:`dumps`, re-exported
here), the file formats and the location of text in a file in
:mod:`symcm.models.spec_formats`, and the expression grammar in
:mod:`symcm.algebra.parse`.

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
import os
import re

import sympy

from ..algebra.domain import symbols
from ..algebra.parse import _exact_number, _quote, parse_expression
from ..errors import (
    MachineFileError,
    MachineFileIsADirectoryError,
    MachineFileNotFoundError,
    ParameterTypeError,
    SymcmError,
)
from .spec_formats import (
    SCHEMA_VERSION,
    _EDGE_KEYS,
    _PARAMETER_NAME,
    _Source,
    _check_path,
    _format_of,
    _key_pattern,
    _normalize_format,
    _parse_json,
    _parse_toml,
    _parse_yaml,
    _short,
)
from .spec_write import dump, dumps

__all__ = ["parse_expression", "load", "loads", "dump", "dumps"]


#: Largest accepted machine file, in characters.
MAX_FILE_CHARS = 1_000_000
_TOP_LEVEL_KEYS = ("symcm", "name", "states", "alphabet", "parameters", "edges")


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
