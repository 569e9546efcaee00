"""mkdocs hook (``mkdocs.yml`` ``hooks:``): every formula of the site typeset as MathML at build time.

``pymdownx.arithmatex`` (generic mode) leaves each formula as TeX in
``<span class="arithmatex">\\(...\\)</span>`` (inline) or
``<div class="arithmatex">\\[...\\]</div>`` (display), for a JavaScript
renderer to typeset in the browser.  This hook converts them instead, with the
pure-Python ``latex2mathml``, into ``<math>`` elements that browsers render
natively: the built site shows its formulas with no script and no network.
It sees every page's HTML, the API reference included
(``scripts/griffe_extensions.py`` turns the docstrings' ``:math:`` into the
same arithmatex markup).

A formula ``latex2mathml`` cannot convert -- it raises, leaves a ``\\command``
it does not know as text, or drops an environment it does not know -- fails
the build, with the page and the formula named (all of them at once).  What
it gets wrong is corrected around it: ``\\mathrm{H}`` (one letter)
would come out italic and ``\\operatorname{diag}`` spaced as an operator, so
both become an upright identifier; ``\\log``, ``\\ln``, ... get TeX's thin
spaces around them (they would run into their neighbours); and the named widths of ``\\!``/``\\:``
(``negativethinmathspace``, ...), which MathML Core dropped, become lengths.
"""

from __future__ import annotations

import html
import re

from mkdocs.exceptions import PluginError

_ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">(?P<tex>.*?)</(?P=tag)>', re.S
)
_UPRIGHT = re.compile(r"\\(?:mathrm|operatorname)\s*\{\s*(?P<word>[A-Za-z]+)\s*\}")
_UPRIGHT_MARK = "symcmupright"
_UPRIGHT_OUT = re.compile(rf"<mtext>{_UPRIGHT_MARK}(?P<word>[A-Za-z]+)</mtext>")
_ENVIRONMENT = re.compile(r"\\begin\s*\{(?P<name>[^}]*)\}")
_KNOWN_ENVIRONMENTS = {
    "matrix", "pmatrix", "bmatrix", "Bmatrix", "vmatrix", "Vmatrix", "smallmatrix",
    "array", "cases", "split", "align", "align*", "aligned", "substack",
}
_NAMED_WIDTHS = {
    "negativeveryverythinmathspace": "-0.056em", "negativeverythinmathspace": "-0.111em",
    "negativethinmathspace": "-0.167em", "negativemediummathspace": "-0.222em",
    "negativethickmathspace": "-0.278em", "veryverythinmathspace": "0.056em",
    "verythinmathspace": "0.111em", "thinmathspace": "0.167em", "mediummathspace": "0.222em",
    "thickmathspace": "0.278em", "verythickmathspace": "0.333em",
}
_NAMED_WIDTH = re.compile(r'width="(?P<name>[a-z]+mathspace)"')
_TEXT = re.compile(r">([^<]*)<")
# \log, \ln, ... come out as plain identifiers, run into their neighbours ("0log0"): TeX's thin spaces
_FUNCTION_NAME = re.compile(r"<mi>(?P<name>log|ln|exp|sin|cos|tan|det|dim|ker|deg|gcd|arg|sinh|cosh|tanh)</mi>")

_failures: list[tuple[str, str, str]] = []


def _strip_delimiters(tex: str) -> tuple[str, bool]:
    """The TeX inside arithmatex's delimiters and whether it is display maths."""
    tex = tex.strip()
    if tex.startswith(r"\(") and tex.endswith(r"\)"):
        return tex[2:-2], False
    if tex.startswith(r"\[") and tex.endswith(r"\]"):
        return tex[2:-2], True
    return tex, True  # a bare \begin{env}...\end{env} block


def to_mathml(tex: str, display: bool) -> str:
    """The ``<math>`` element of the TeX formula ``tex``; ValueError saying why when it cannot be converted."""
    from latex2mathml.converter import convert

    unknown = sorted({m["name"] for m in _ENVIRONMENT.finditer(tex)} - _KNOWN_ENVIRONMENTS)
    if unknown:
        raise ValueError(f"unknown environment(s) {', '.join(unknown)}")
    prepared = _UPRIGHT.sub(lambda m: rf"\text{{{_UPRIGHT_MARK}{m['word']}}}", tex)
    try:
        mathml = convert(prepared, display="block" if display else "inline")
    except Exception as error:  # latex2mathml's own exceptions name no formula
        raise ValueError(f"latex2mathml: {type(error).__name__} {error}".strip()) from None
    leftover = [text for text in _TEXT.findall(mathml) if "\\" in text]
    if leftover:
        raise ValueError(f"unknown command(s) {', '.join(leftover)}")
    mathml = _UPRIGHT_OUT.sub(
        lambda m: f'<mi mathvariant="normal">{m["word"]}</mi>' if len(m["word"]) == 1 else f"<mi>{m['word']}</mi>",
        mathml,
    )
    mathml = _FUNCTION_NAME.sub(r'<mo lspace="0.167em" rspace="0.167em">\g<name></mo>', mathml)
    mathml = _NAMED_WIDTH.sub(lambda m: f'width="{_NAMED_WIDTHS.get(m["name"], "0em")}"', mathml)
    return mathml.replace(' xmlns="http://www.w3.org/1998/Math/MathML"', "", 1)


def convert_page(content: str, where: str) -> str:
    """``content`` (a page's HTML) with every arithmatex formula replaced by MathML; failures recorded."""

    def replace(match: re.Match) -> str:
        tex, display = _strip_delimiters(html.unescape(match["tex"]))
        try:
            mathml = to_mathml(tex, display)
        except ValueError as error:
            _failures.append((where, tex, str(error)))
            return match[0]
        if display:  # a wide formula scrolls sideways instead of widening the page
            return f'<div class="math-display" style="overflow-x: auto; overflow-y: hidden">{mathml}</div>'
        return mathml

    return _ARITHMATEX.sub(replace, content)


def on_pre_build(config, **kwargs) -> None:
    _failures.clear()
    try:
        import latex2mathml  # noqa: F401
    except ImportError:
        raise PluginError(
            "the docs typeset their formulas with latex2mathml, which is not installed: "
            "pip install -e '.[docs]'"
        ) from None


def on_page_content(html_text: str, page, config, files) -> str:
    return convert_page(html_text, page.file.src_uri)


def on_post_build(config, **kwargs) -> None:
    if _failures:
        lines = [f"  {where}: {tex.strip()!r}: {why}" for where, tex, why in _failures]
        raise PluginError("formulas latex2mathml cannot typeset:\n" + "\n".join(lines))
