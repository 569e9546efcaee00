r"""State diagrams of HMMs drawn with matplotlib: layout, arrows, labels, SVG for Jupyter.

:func:`diagram` draws an edge-labelled HMM: an edge
:math:`s \xrightarrow{x \mid \Pr} t` is an arrow labelled ``x | Pr``;
parallel edges (same source and target, several symbols) share one arrow
with one line per symbol.  :func:`diagram_svg` is the same drawing as SVG
text, the ``_repr_svg_`` of an :class:`~symcm.models.hmm.HMM` in Jupyter.

The layout is the one of the TikZ pictures,
:func:`symcm.export.layout.layout`, in centimetres, drawn at its natural
size: states on a circle, the arrows of a two-way pair bent apart, loops on
the free side of their state, each label beside its own arrow clear of
every state, arrow and label.  A :class:`~symcm.algebra.cases.Cases` of
HMMs gives one diagram per case side by side, each headed by its
condition (the ``_repr_svg_`` of such a Cases).  No graphviz is needed.  matplotlib is imported only inside the functions, through
:mod:`~symcm.export.figures`, which also writes the files.  The same
diagram as LaTeX source is :func:`symcm.export.tikz.to_tikz`.

Examples
--------
>>> import symcm as sc
>>> from symcm.export.diagrams import diagram_svg
>>> svg = diagram_svg(sc.processes.golden_mean(sc.symbols("p")))
>>> svg is None or "<svg" in svg          # None only without matplotlib
True
"""

from __future__ import annotations

import io
import re
import warnings

import sympy as sp

from ..errors import MissingDependencyError, ParameterTypeError, SymcmWarning
from ..algebra.cases import Cases
from ..models.hmm import HMM, as_model
from .figures import _check_ax, _check_path, _math, _new_axes, _plain, _require_matplotlib, save
from .layout import NODE_RADIUS, bezier, label_size, layout
from .tikz import case_models

__all__ = ["cases_svg", "diagram", "diagram_svg"]

_ALIGN = {"south": ("center", "bottom"), "north": ("center", "top"), "west": ("left", "center"),
          "east": ("right", "center"), "south west": ("left", "bottom"), "south east": ("right", "bottom"),
          "north west": ("left", "top"), "north east": ("right", "top")}
_MARGIN = 0.25  # cm around the drawing
_TITLE = 0.6  # cm above it for the model's name or a case's condition


def _edge_labels(m: HMM, math_labels: bool) -> dict:
    """``(i, j) -> (text, size)``: one ``x | p`` line per symbol (parallel edges merged), its estimated box in cm."""
    lines: dict = {}
    tex: dict = {}
    for e in m.edges:
        key = (m.index(e.source), m.index(e.target))
        prob = _math(e.probability) if math_labels else _plain(str(e.probability))
        line = f"{_plain(e.symbol)} $|$ {prob}" if math_labels else f"{_plain(e.symbol)} | {prob}"
        lines.setdefault(key, []).append(line)
        tex.setdefault(key, []).append(f"${e.symbol} \\mid {sp.latex(e.probability)}$")
    return {key: ("\n".join(lines[key]), label_size(tex[key])) for key in lines}


def _bounds(d) -> tuple:
    """``(xmin, xmax, ymin, ymax)`` of the states, arrows and label boxes of a layout (cm)."""
    xs, ys = [], []
    for x, y in d.centres:
        xs += [x - NODE_RADIUS, x + NODE_RADIUS]
        ys += [y - NODE_RADIUS, y + NODE_RADIUS]
    for curve in d.curves.values():
        for t in range(11):
            x, y = bezier(curve, t / 10)
            xs.append(x)
            ys.append(y)
    for key, (x, y, anchor) in d.labels.items():
        w, h = d.sizes[key]
        ha, va = _ALIGN[anchor]
        cx = x + {"left": w / 2, "right": -w / 2, "center": 0}[ha]
        cy = y + {"bottom": h / 2, "top": -h / 2, "center": 0}[va]
        xs += [cx - w / 2, cx + w / 2]
        ys += [cy - h / 2, cy + h / 2]
    return min(xs) - _MARGIN, max(xs) + _MARGIN, min(ys) - _MARGIN, max(ys) + _MARGIN + _TITLE


def _draw_diagram(ax, m: HMM, math_labels: bool = True, title: str | None = None):
    """Draw ``m`` on ``ax`` with the layout of :func:`symcm.export.layout.layout` (cm); return its bounds."""
    from matplotlib.patches import Circle, FancyArrowPatch
    from matplotlib.path import Path

    labels = _edge_labels(m, math_labels)
    d = layout(m, {key: size for key, (_, size) in labels.items()})
    label_box = {"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}
    for state, (x, y) in zip(m.states, d.centres):
        ax.add_patch(Circle((x, y), NODE_RADIUS - 0.02, facecolor="#eef3fb", edgecolor="black", linewidth=1.0,
                            zorder=2))
        name = _plain(state)
        ax.text(x, y, name, ha="center", va="center", fontsize=10 if len(name) <= 3 else 7, zorder=3)
    arrow = {"arrowstyle": "-|>", "mutation_scale": 10, "linewidth": 0.9, "color": "black", "zorder": 1}
    for key, (text, _) in labels.items():
        curve = d.curves[key]
        path = Path(list(curve), [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
        ax.add_patch(FancyArrowPatch(path=path, **arrow))
        x, y, anchor = d.labels[key]
        ha, va = _ALIGN[anchor]
        ax.text(x, y, text, ha=ha, va=va, fontsize=8, bbox=label_box, zorder=4, linespacing=1.3)
    x0, x1, y0, y1 = _bounds(d)
    heading = title if title is not None else (_plain(m.name) if m.name else None)
    if heading:  # wide enough for the heading (about 0.2 cm a character at 10 pt)
        extra = 0.22 * len(re.sub(r"\\[a-zA-Z]+|[${}\\]", "", heading)) + 0.3 - (x1 - x0)
        x0, x1 = x0 - max(extra, 0) / 2, x1 + max(extra, 0) / 2
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if heading:
        ax.text(0.5, 0.995, heading, transform=ax.transAxes, ha="center", va="top", fontsize=10)
    return x0, x1, y0, y1


def _diagram_figure(m, math_labels: bool):
    """A new Figure holding only the diagram at its natural size (1 cm of layout = 1 cm of paper); for a Cases,
    one diagram per case side by side, each headed ``Case k: condition``."""
    _require_matplotlib("diagram")
    from matplotlib.figure import Figure

    if isinstance(m, Cases):
        models = case_models(m, "diagram")
        titles = [f"Case {k + 1}: " + ("otherwise" if k == len(models) - 1 and len(models) > 1
                                       else (_math(c) if math_labels else _plain(str(c))))
                  for k, c in enumerate(m.conditions)]
    else:
        models, titles = [m], [None]
    fig = Figure()
    spans = []
    for model, title in zip(models, titles):
        ax = fig.add_axes((0, 0, 1, 1))
        bounds = _draw_diagram(ax, model, math_labels, title)
        spans.append((ax, bounds[1] - bounds[0], bounds[3] - bounds[2]))
    width = sum(w for _, w, _ in spans)
    height = max(max(h for _, _, h in spans), 3.0)
    left = 0.0
    for ax, w, h in spans:  # side by side, each at the same scale, vertically centred
        ax.set_position((left / width, (height - h) / 2 / height, w / width, h / height))
        left += w
    fig.set_size_inches(max(width, 3.0) / 2.54, height / 2.54)
    return fig


def diagram(m, *, ax=None, path=None):
    """Draw the state diagram of an HMM with matplotlib (no graphviz).

    Parameters
    ----------
    m : HMM or Cases of HMMs
        A Cases gives one diagram per case, side by side in one new
        figure, each headed ``Case k:`` and its condition.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (an HMM only); a new Figure is created if omitted.
    path : str or path-like, optional
        Also save the figure there (see :func:`~symcm.export.figures.save`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    symcm.errors.MissingDependencyError
        If matplotlib is not installed.
    symcm.errors.ParameterTypeError
        If ``m`` is not an HMM or a Cases of HMMs, or ``ax`` is given with a Cases.

    Notes
    -----
    Layout: :func:`symcm.export.layout.layout` (as :func:`symcm.to_tikz`),
    1 cm of layout per cm of paper, so the figure grows with the number of
    states and stays readable; parallel edges share one arrow whose label
    has one line ``x | p`` per symbol.  Probabilities are
    typeset with mathtext from :func:`sympy.latex` when it can parse them,
    else printed with ``str``.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.diagrams import diagram
    >>> fig = diagram(sc.processes.golden_mean(sc.symbols("p")))
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['0 $|$ $p$', '1 $|$ $1 - p$', '1 $|$ $1$', 'A', 'B', 'golden_mean(p)']
    >>> p, q = sc.symbols("p q")
    >>> fig = diagram(sc.epsilon_machine(sc.processes.binary_markov(p, q)))
    >>> [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text().startswith("Case")]
    ['Case 1: $p + q = 1$', 'Case 2: otherwise']
    """
    if isinstance(m, Cases):
        case_models(m, "diagram")
        if ax is not None:
            raise ParameterTypeError("diagram: a Cases is drawn as one axes per case in a new figure; omit ax, "
                                     f"or draw one case on your axes (diagram(cases[k][1], ax=ax)), received ax={ax!r}")
    else:
        m = as_model(m, "diagram", "m")
    _check_ax(ax, "diagram")
    path = _check_path(path, "diagram")
    if ax is None:
        fig = _diagram_figure(m, math_labels=True)
    else:
        fig, ax = _new_axes(ax, None, "diagram")
        _draw_diagram(ax, m)
    if path is not None:
        save(fig, path)
    return fig


def diagram_svg(m) -> str | None:
    """The SVG text of :func:`diagram`, or None when matplotlib is not installed.

    Meant for Jupyter's ``_repr_svg_``: it never raises for a valid HMM.
    If typesetting fails, labels are drawn as plain text; if drawing still
    fails, a :class:`~symcm.errors.SymcmWarning` is issued and None returned.

    Parameters
    ----------
    m : HMM

    Returns
    -------
    str or None

    Raises
    ------
    symcm.errors.ParameterTypeError
        If ``m`` is not an HMM.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.diagrams import diagram_svg
    >>> svg = diagram_svg(sc.processes.even(sc.symbols("p")))
    >>> svg is None or svg.count("<svg") == 1
    True
    """
    if isinstance(m, Cases):
        case_models(m, "diagram_svg")
    else:
        m = as_model(m, "diagram_svg", "m")
    try:
        _require_matplotlib("diagram_svg")
    except MissingDependencyError:
        return None

    failure = None
    for math_labels in (True, False):
        try:
            fig = _diagram_figure(m, math_labels)
            buffer = io.StringIO()
            fig.savefig(buffer, format="svg", metadata={"Date": None})
            return buffer.getvalue()
        except Exception as error:  # never raise from a notebook's repr
            failure = error
    warnings.warn(f"could not draw the state diagram of {m!r}: {failure}", SymcmWarning, stacklevel=2)
    return None


def cases_svg(cases: Cases) -> str | None:
    """The SVG of :func:`diagram` for a Cases whose every value is an HMM, else None (``Cases._repr_svg_``).

    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> svg = cases_svg(sc.epsilon_machine(sc.processes.binary_markov(p, q)))
    >>> svg is None or (svg.count("<svg") == 1 and "Case 2" in svg)
    True
    >>> import sympy
    >>> cases_svg(sc.Cases([(p < 1, 1), (sympy.true, 2)])) is None
    True
    """
    if not isinstance(cases, Cases) or not all(isinstance(v, HMM) for v in cases.values):
        return None
    return diagram_svg(cases)
