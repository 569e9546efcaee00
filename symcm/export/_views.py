r"""Notebook views of results: short HTML summaries of a report and of a paving.

Jupyter shows the value of a cell through its ``_repr_html_`` method when
there is one.  A :class:`~symcm.export.report.Report` is a whole document
(its ``repr`` would be kilobytes of LaTeX); its notebook view is its title,
the measures as formulas and the crossover, with the methods that give the
rest.  A :class:`~symcm.generation.paving.Paving` shows the inequality, the
box counts, the certified bounds of the area and, when matplotlib is
installed, its picture.  Formulas are written ``$...$``, which Jupyter
typesets with MathJax in HTML output.

Examples
--------
>>> import symcm as sc
>>> p = sc.symbols("p")
>>> html = sc.report(sc.processes.golden_mean(p))._repr_html_()
>>> "$C_\\mu$" in html and len(html) < 4000
True
"""

from __future__ import annotations

import base64
import html

from ..errors import SymcmError
from .printing import latex

__all__ = ["report_html", "paving_html"]

#: Results a report's notebook view lists: key -> symbol (LaTeX).
_ROWS = (
    ("H[pi]", r"H[\pi]"),
    ("C_mu", r"C_\mu"),
    ("h_mu", r"h_\mu"),
    ("E", r"\mathbf{E}"),
    ("chi", r"\chi"),
    ("generator H[pi]", r"H[\pi_G]"),
)

#: Longest formula shown in a notebook view; longer ones point to the report itself.
_MAX_TEX = 600


def _value_tex(value) -> str:
    """A result as ``$...$`` HTML, its reason in words when it is an error, or a pointer when too long."""
    if isinstance(value, SymcmError):
        from .report import _in_words

        return "not available: " + html.escape(_in_words(value))
    try:
        tex = latex(value)
    except Exception:  # an object latex() does not know: say what it is, never fail a display
        return html.escape(str(value)[:200])
    if len(tex) > _MAX_TEX:
        return "(long: see <code>.to_latex()</code>)"
    if hasattr(value, "lo") and hasattr(value, "hi"):  # certified bounds, not a closed form
        return f"in ${html.escape(tex)}$ (certified enclosure)"
    return f"${html.escape(tex)}$"


def report_html(report) -> str:
    """The notebook view of a :class:`~symcm.export.report.Report`: title, measures, crossover, what else there is.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export._views import report_html
    >>> p = sc.symbols("p")
    >>> print(report_html(sc.report(sc.processes.golden_mean(p))).splitlines()[0])
    <div class="symcm-report"><strong>Derivation: the golden mean process</strong>
    """
    rows = []
    for key, symbol in _ROWS:
        if key in report.results:
            rows.append(f"<tr><td>${symbol}$</td><td>{_value_tex(report.results[key])}</td></tr>")
    region = report.results.get("crossover")
    if region is not None and hasattr(region, "latex"):
        where = f"where $H[\\pi_G] &lt; C_\\mu$: ${html.escape(region.latex(digits=12))}$"
        rows.append(f"<tr><td>crossover</td><td>{where} (certified)</td></tr>")
    sections = ", ".join(html.escape(s.title) for s in report.sections)
    return (f'<div class="symcm-report"><strong>{html.escape(report.title)}</strong>\n'
            f"<table>{''.join(rows)}</table>\n"
            f"<p>{len(report.sections)} sections ({sections}); <code>.to_pdf(path)</code>, "
            f"<code>.to_latex()</code>, <code>print(report)</code> for the text.</p></div>")


def paving_html(paving) -> str:
    """The notebook view of a :class:`~symcm.generation.paving.Paving`: the inequality, counts, area, picture.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.export._views import paving_html
    >>> p, q = sc.symbols("p q")
    >>> view = paving_html(sc.pave(p + q, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.Rational(1, 4)))
    >>> "$p + q &lt; 1$" in view, "<img" in view
    (True, True)
    """
    p, q = paving.symbols
    (a, b), (c, d) = paving.ranges
    box = f"({latex(a)}, {latex(b)}) \\times ({latex(c)}, {latex(d)})"
    counts = paving.counts
    text = (f'<div class="symcm-paving"><strong>Certified region</strong> '
            f"${html.escape(latex(paving.lower))} &lt; {html.escape(latex(paving.upper))}$ "
            f"for $({latex(p)}, {latex(q)}) \\in {box}$<br>\n"
            f"{counts['inside']} boxes proved inside, {counts['outside']} proved outside, "
            f"{counts['undecided']} undecided (resolution ${latex(paving.resolution)}$); "
            f"area in $[{latex(paving.inner_area)}, {latex(paving.outer_area)}]$ "
            f"$\\approx [{float(paving.inner_area):.4g}, {float(paving.outer_area):.4g}]$.")
    picture = _png(paving)
    if picture:
        text += f'<br>\n<img alt="the paving" width="420" src="data:image/png;base64,{picture}">'
    return text + "</div>"


def _png(paving) -> str:
    """The paving's picture as base64 PNG, or ``""`` without matplotlib."""
    try:
        fig = paving.plot(grid=200)
    except ImportError:  # MissingDependencyError is one: the summary stands alone
        return ""
    return base64.b64encode(fig._repr_png_()).decode("ascii")
