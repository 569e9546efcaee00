"""griffe extensions used by the documentation build (``mkdocs.yml``), not by symcm.

symcm's docstrings are numpydoc with Sphinx (reStructuredText) markup; the
site renders them with mkdocstrings, which reads the numpydoc sections but
treats the text of each section as Markdown.  Two small extensions close the
gap, without touching the source:

``SphinxToMarkdown``
    rewrites the reStructuredText constructs the docstrings use into their
    Markdown equivalents before griffe parses them: ``:math:`x``` and
    ``.. math::`` blocks become arithmatex maths (``\\(x\\)``, ``\\[ ... \\]``, for
    ``pymdownx.arithmatex``); ``:func:`~symcm.models.hmm.HMM.subs``` and the other
    Python roles become cross-references to the API pages when the target is
    a documented symcm object, and code otherwise; ``.. [1] ...`` references
    become a list (and ``[1]_`` citations plain ``[1]``);
    ``.. code-block:: lang`` and ``::`` literal blocks become fenced code.
    Examples (``>>>`` blocks) are left exactly as they are.

``NewSignature``
    gives a class that defines ``__new__`` and no ``__init__`` the signature
    of ``__new__``.  griffe takes a class's signature (and checks its
    documented parameters) from ``__init__`` only, so ``symcm.algebra.entropy.H``, a
    ``sympy.Function`` called as ``H(*args)``, would be shown as ``H()`` and
    its documented ``*args`` reported as "not in the signature".
"""

from __future__ import annotations

import html
import re
import textwrap

import griffe

_ROLE = re.compile(
    r":(?:py:)?(?P<role>class|func|meth|attr|mod|exc|data|obj|const):`(?P<body>[^`]+)`"
)
_MATH_ROLE = re.compile(r":math:`(?P<tex>[^`]+)`")
_CITATION = re.compile(r"\[(?P<label>[A-Za-z0-9]+)\]_")
_REFERENCE = re.compile(r"^(?P<indent>\s*)\.\. \[(?P<label>[^\]]+)\]\s+(?P<text>.*)$")
_DIRECTIVE = re.compile(r"^(?P<indent>\s*)\.\. (?P<name>math|code-block|code|sourcecode)::\s*(?P<arg>.*)$")
_EXPLICIT_TITLE = re.compile(r"^(?P<title>.+?)\s*<(?P<target>[^<>]+)>$")


def _lookup(collection, path: str, depth: int = 0):
    """The object at ``path`` in the loaded tree, following aliases by their target paths; None if absent."""
    if depth > 10:
        return None
    parts = path.split(".")
    obj = collection.members.get(parts[0])
    for part in parts[1:]:
        if obj is None:
            return None
        if obj.is_alias:
            obj = _lookup(collection, obj.target_path, depth + 1)
            if obj is None:
                return None
        obj = obj.members.get(part)
    if obj is not None and obj.is_alias:
        return _lookup(collection, obj.target_path, depth + 1)
    return obj


def _scopes(obj) -> list[str]:
    """Paths in which a relative name in ``obj``'s docstring is looked up, innermost first."""
    scopes, cur = [], obj
    while cur is not None:
        if cur.is_class or cur.is_module:
            scopes.append(cur.path)
        cur = cur.parent
    return scopes


class SphinxToMarkdown(griffe.Extension):
    """Rewrite the reStructuredText markup of symcm's docstrings as Markdown (see the module docstring)."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs) -> None:
        self._collection = loader.modules_collection
        self._walk(pkg)

    def _walk(self, obj) -> None:
        if obj.docstring is not None:
            obj.docstring.value = self.convert(obj.docstring.value, obj)
        for member in obj.members.values():
            if not member.is_alias:
                self._walk(member)

    # -- roles ------------------------------------------------------------------

    def _resolve(self, name: str, obj) -> str | None:
        candidates = [name] if name.startswith("symcm") else [f"{s}.{name}" for s in _scopes(obj)]
        candidates.append(f"symcm.{name}")
        for candidate in candidates:
            target = _lookup(self._collection, candidate)
            if target is not None:
                return target.path
        return None

    def _role(self, match: re.Match, obj) -> str:
        role, body = match["role"], match["body"].strip()
        explicit = _EXPLICIT_TITLE.match(body)
        if explicit:
            title, name = explicit["title"], explicit["target"]
        else:
            name = body.lstrip("~")
            title = name.rsplit(".", 1)[-1] if body.startswith("~") else name
            if role in {"func", "meth"}:
                title += "()"
        code = f"<code>{html.escape(title)}</code>"
        path = self._resolve(name.lstrip("."), obj)
        if path is None:
            return code
        return f'<autoref identifier="{html.escape(path)}" optional>{code}</autoref>'

    def _inline(self, line: str, obj) -> str:
        line = _MATH_ROLE.sub(lambda m: rf"\({m['tex']}\)", line)
        line = _ROLE.sub(lambda m: self._role(m, obj), line)
        return _CITATION.sub(lambda m: f"[{m['label']}]", line)

    # -- blocks -----------------------------------------------------------------

    def convert(self, text: str, obj) -> str:
        """The docstring ``text`` of ``obj`` with its reStructuredText markup rewritten as Markdown."""
        out, chunk = [], []
        for kind, line in self._blocks(text.split("\n")):
            if kind == "text":
                chunk.append(line)
                continue
            if chunk:
                out.append(self._inline("\n".join(chunk), obj))
                chunk = []
            out.append(line)
        if chunk:
            out.append(self._inline("\n".join(chunk), obj))
        return "\n".join(out)

    def _blocks(self, lines: list[str], section: str = "") -> list[tuple[str, str]]:
        """``(kind, line)`` pairs, kind ``"code"`` (left verbatim) or ``"text"`` (inline markup to convert)."""
        out: list[tuple[str, str]] = []
        i, in_example = 0, False
        while i < len(lines):
            line = lines[i]
            stripped = line.strip()
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if stripped.startswith(">>>"):
                in_example = True
            elif not stripped:
                in_example = False
            if in_example:
                out.append(("code", line))
                i += 1
                continue
            if stripped and set(following.strip()) == {"-"} and len(following.strip()) >= 3:
                section = stripped.lower()  # a numpydoc section header and its underline
                out += [("text", line), ("text", following)]
                i += 2
                continue
            indent = _indent(line)
            directive = _DIRECTIVE.match(line)
            literal = not directive and stripped.endswith("::") and not stripped.startswith("..")
            if directive or literal:
                body, i = _indented_block(lines, i + 1, len(indent))
                if literal:  # "text::" -> "text:", "text ::" -> "text", "::" -> nothing
                    head = line.rstrip()[:-2]
                    head = head.rstrip() if head.endswith(" ") or not head.strip() else head + ":"
                    out += [("text", head), ("text", "")]
                    out += [("code", c) for c in _fence(body, indent, "text")]
                elif directive["name"] == "math":
                    math = [indent + r"\[", *(indent + b for b in body if b.strip()), indent + r"\]"]
                    out += [("code", m) for m in math]
                else:
                    out += [("code", c) for c in _fence(body, indent, directive["arg"].strip() or "text")]
                continue
            previous_blank = not out or not out[-1][1].strip()
            if (stripped and previous_blank and section not in _NO_DEFINITION_LISTS and following.strip()
                    and len(_indent(following)) > len(indent) and not _LIST_ITEM.match(stripped)
                    and not following.strip().startswith(">>>")):
                # a reStructuredText definition list item: "term" + indented body -> "term\n:   body"
                body, i = _indented_block(lines, i + 1, len(indent))
                out.append(("text", line))
                converted = self._blocks(body, section)
                first = next((n for n, (_, b) in enumerate(converted) if b.strip()), 0)
                for n, (kind, b) in enumerate(converted):
                    prefix = indent + (":   " if n == first else "    ")
                    out.append((kind, prefix + b if b.strip() else ""))
                continue
            reference = _REFERENCE.match(line)
            if reference:
                line = f"{reference['indent']}- **[{reference['label']}]** {reference['text']}"
            out.append(("text", line))
            i += 1
        return out


# numpydoc sections that griffe parses itself: "name : type" + indented description items, examples
_NO_DEFINITION_LISTS = {
    "parameters", "other parameters", "returns", "yields", "receives", "raises", "warns",
    "attributes", "methods", "functions", "classes", "modules", "see also", "type parameters",
    "type aliases", "warnings", "examples",
}
_LIST_ITEM = re.compile(r"^([-*+]|\d+[.)]|\.\.)\s")


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _indented_block(lines: list[str], start: int, indent: int) -> tuple[list[str], int]:
    """The lines indented deeper than ``indent`` from ``start`` (leading blank lines skipped), dedented, and the next index."""
    j = start
    while j < len(lines) and not lines[j].strip():
        j += 1
    block_start = j
    while j < len(lines) and (not lines[j].strip() or len(_indent(lines[j])) > indent):
        j += 1
    end = j
    while end > block_start and not lines[end - 1].strip():
        end -= 1
    return textwrap.dedent("\n".join(lines[block_start:end])).split("\n"), end


def _fence(body: list[str], indent: str, language: str) -> list[str]:
    return [indent + "```" + language, *(indent + b if b.strip() else "" for b in body), indent + "```", ""]


class NewSignature(griffe.Extension):
    """Give classes that define only ``__new__`` the signature of ``__new__`` (see the module docstring)."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs) -> None:
        new = cls.members.get("__new__")
        if not isinstance(new, griffe.Function) or "__init__" in cls.members:
            return
        parameters = [
            # griffe gives *args and **kwargs the "defaults" () and {}, which the page would show
            griffe.Parameter(p.name, annotation=p.annotation, kind=p.kind, default=None)
            if p.kind in (griffe.ParameterKind.var_positional, griffe.ParameterKind.var_keyword)
            else p
            for p in new.parameters
        ]
        if parameters and parameters[0].name == "cls":
            first = parameters[0]
            parameters[0] = griffe.Parameter("self", annotation=first.annotation, kind=first.kind)
        init = griffe.Function(
            "__init__",
            lineno=new.lineno,
            endlineno=new.endlineno,
            parameters=griffe.Parameters(*parameters),
            docstring=None,
        )
        init.labels.add("instance-method")
        cls.set_member("__init__", init)
