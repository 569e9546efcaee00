"""Writing machine files: a model as TOML, JSON or YAML text that reads back to an equal model.

:func:`dumps` writes every key of the schema (``states``, ``alphabet``,
``parameters`` with their bounds, ``edges``), probabilities and bounds as
exact strings in the grammar of :func:`symcm.algebra.parse.parse_expression`;
the TOML and JSON writers are symcm's own (``tomllib`` only reads), YAML goes
through ``yaml.safe_dump``.  The text is read back and compared before it is
returned, and :func:`dump` builds it completely before opening the file, so
a model that cannot be written leaves no partial file.  Reading is
:mod:`symcm.models.spec`.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys

import sympy

from ..algebra.parse import MAX_DIGITS, parse_expression
from ..errors import MachineFileError, MachineFileIsADirectoryError, MachineFileNotFoundError
from .hmm import as_model
from .spec_formats import (
    SCHEMA_VERSION,
    _PARAMETER_NAME,
    _check_path,
    _format_of,
    _import_yaml,
    _normalize_format,
    _short,
    _toml_escape,
)

__all__ = ["dump", "dumps"]


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
