"""Machine-file formats: paths and extensions, safe TOML/JSON/YAML parsing, and where text is in a file.

The syntax layer of :mod:`symcm.models.spec` and :mod:`symcm.models.spec_write`,
below the schema of a machine file:

* the three formats and their extensions (``.toml``, ``.json``, ``.yaml`` /
  ``.yml``), the checks of a path and a format name, and the schema version;
* parsing a file's text into plain data with ``tomllib``, ``json`` and
  ``yaml.safe_load`` only (decimals kept exact, duplicate keys and JSON's
  non-standard constants ``NaN``/``Infinity`` refused, PyYAML optional);
* ``_Source``: finding the 1-based line of a key, a value or an edge in the
  text, so that every :class:`~symcm.errors.MachineFileError` can name it.
"""

from __future__ import annotations

import decimal
import json
import os
import pathlib
import re

from ..errors import MachineFileError, MissingDependencyError, ParameterTypeError

#: The schema version this module reads and writes (the ``symcm`` key).
SCHEMA_VERSION = 1

_FORMATS = {"toml": "toml", "json": "json", "yaml": "yaml", "yml": "yaml"}
_EDGE_KEYS = ("source", "target", "symbol", "probability")
_PARAMETER_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}\Z")


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:20] + "..." + text[-10:]


def _check_path(path, where: str) -> None:
    """Refuse a path that is not a str or os.PathLike (naming ``where``)."""
    if not isinstance(path, (str, os.PathLike)):
        raise ParameterTypeError(
            f"{where}: expected a path (str or os.PathLike) to a .toml, .json, .yaml or .yml file, "
            f"received the {type(path).__name__} {_short(repr(path))}"
            + ("; to read the text of a machine file use symcm.loads(text, format)"
               if isinstance(path, bytes) and where == "load" else "")
        )


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
