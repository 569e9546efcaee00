r"""State diagrams of HMMs drawn with matplotlib: layout, arrows, labels, SVG for Jupyter.

:func:`diagram` draws an edge-labelled HMM: an edge
:math:`s \xrightarrow{x \mid \Pr} t` is an arrow labelled ``x | Pr``;
parallel edges (same source and target, several symbols) share one arrow
with one line per symbol.  :func:`diagram_svg` is the same drawing as SVG
text, the ``_repr_svg_`` of an :class:`~symcm.models.hmm.HMM` in Jupyter.

This module owns the layout: one state centred, two side by side, ``n``
on a regular polygon whose side is a fixed distance (first state at the
top, then clockwise); self-loops point away from the centre, opposite
edges bend apart as two arcs, and each edge label is placed where it
clears the states and the labels placed before it.  No graphviz is
needed.  matplotlib is imported only inside the functions, through
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
import math
import warnings

from ..errors import MissingDependencyError, SymcmWarning
from ..models.hmm import HMM, as_model
from .figures import _check_ax, _check_path, _math, _new_axes, _plain, _require_matplotlib, save

__all__ = ["diagram", "diagram_svg"]

_NODE_RADIUS = 0.3
_SPACING = 1.9  # distance between neighbouring states
_LOOP = 0.7  # how far the control points of a self-loop reach beyond its state
_MARGIN = 0.55  # room for labels beyond the outermost loops
_PAIR_OFFSET = 0.15  # how far each arc of a pair of opposite edges bends away from the chord
_SINGLE_OFFSET = 0.08  # how far a single edge bends towards the centre (more than three states)
_INCHES_PER_UNIT = 0.95


def _layout(n: int) -> list:
    """Centres of ``n`` states: one centred, two side by side, else a regular polygon (first at the top)."""
    if n == 1:
        return [(0.0, 0.0)]
    if n == 2:
        return [(-_SPACING / 2, 0.0), (_SPACING / 2, 0.0)]
    radius = _SPACING / (2 * math.sin(math.pi / n))
    return [(radius * math.cos(math.pi / 2 - 2 * math.pi * k / n), radius * math.sin(math.pi / 2 - 2 * math.pi * k / n))
            for k in range(n)]


def _edge_labels(m: HMM, math_labels: bool) -> dict:
    """``(source, target) -> label``, one ``x | p`` line per symbol (parallel edges merged)."""
    out: dict = {}
    for e in m.edges:
        prob = _math(e.probability) if math_labels else _plain(str(e.probability))
        line = f"{_plain(e.symbol)} $|$ {prob}" if math_labels else f"{_plain(e.symbol)} | {prob}"
        out.setdefault((e.source, e.target), []).append(line)
    return {key: "\n".join(lines) for key, lines in out.items()}


def _draw_diagram(ax, m: HMM, math_labels: bool = True) -> None:
    from matplotlib.patches import Circle, FancyArrowPatch
    from matplotlib.path import Path

    n = len(m.states)
    centres = dict(zip(m.states, _layout(n)))
    label_box = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}
    for state, (x, y) in centres.items():
        ax.add_patch(Circle((x, y), _NODE_RADIUS, facecolor="#eef3fb", edgecolor="black", linewidth=1.2, zorder=2))
        name = _plain(state)
        ax.text(x, y, name, ha="center", va="center", fontsize=11 if len(name) <= 3 else 8, zorder=3)
    labels = _edge_labels(m, math_labels)
    placed: list = []  # edge-label positions so far
    arrow = {"arrowstyle": "-|>", "mutation_scale": 11, "linewidth": 1.0, "color": "black", "zorder": 1}
    for (source, target), text in labels.items():
        x0, y0 = centres[source]
        if source == target:
            theta = math.pi / 2 if n == 1 else math.atan2(y0, x0)  # away from the centre
            r, alpha, beta = _NODE_RADIUS, math.radians(25), math.radians(35)

            def at(radius, angle, x0=x0, y0=y0):
                return (x0 + radius * math.cos(angle), y0 + radius * math.sin(angle))

            verts = [at(r, theta - alpha), at(r + _LOOP, theta - beta), at(r + _LOOP, theta + beta),
                     at(r, theta + alpha)]
            path = Path(verts, [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4])
            ax.add_patch(FancyArrowPatch(path=path, **arrow))
            apex = 0.25 * r * math.cos(alpha) + 0.75 * (r + _LOOP) * math.cos(beta)  # the cubic at t = 1/2
            lx, ly = at(apex + 0.06, theta)
            c, s = math.cos(theta), math.sin(theta)
            ha = "left" if c > 0.35 else "right" if c < -0.35 else "center"
            va = "bottom" if s > 0.35 else "top" if s < -0.35 else "center"
            ax.text(lx, ly, text, ha=ha, va=va, fontsize=8, bbox=label_box, zorder=4)
            continue
        x1, y1 = centres[target]
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        # matplotlib's "arc3" curve: a quadratic Bezier with control point M + rad * (dy, -dx).  A pair of
        # opposite edges bends to both sides (same rad, opposite directions) by a fixed offset, small enough
        # to clear the states beside the chord; a single edge bends slightly towards the centre, so that
        # chords through the centre do not share their midpoint.
        if (target, source) in labels:
            rad = 2 * _PAIR_OFFSET / length
        elif n > 3:
            mx, my = (x0 + x1) / 2, (y0 + y1) / 2
            rad = 2 * _SINGLE_OFFSET / length * (-1 if mx * dy - my * dx > 0 else 1)
        else:
            rad = 0.0
        cx, cy = (x0 + x1) / 2 + rad * dy, (y0 + y1) / 2 - rad * dx
        start = _towards((x0, y0), (cx, cy), _NODE_RADIUS)
        end = _towards((x1, y1), (cx, cy), _NODE_RADIUS)
        ax.add_patch(FancyArrowPatch(path=Path([start, (cx, cy), end], [Path.MOVETO, Path.CURVE3, Path.CURVE3]),
                                     **arrow))
        lx, ly = _label_point(start, (cx, cy), end, centres.values(), placed)
        placed.append((lx, ly))
        ax.text(lx, ly, text, ha="center", va="center", fontsize=8, bbox=label_box, zorder=4)
    extent = _extent(n)
    ax.set_xlim(-extent, extent)
    ax.set_ylim(-extent, extent)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if m.name:
        ax.text(0.5, 0.995, _plain(m.name), transform=ax.transAxes, ha="center", va="top", fontsize=10)


def _label_point(start, control, end, centres, placed) -> tuple:
    """A point of the quadratic Bezier for an edge label: the middle unless it is near a state or another label."""
    def at(t):
        u = 1 - t
        return (u * u * start[0] + 2 * t * u * control[0] + t * t * end[0],
                u * u * start[1] + 2 * t * u * control[1] + t * t * end[1])

    def clearance(point):
        near_state = min(math.dist(point, c) for c in centres) - (_NODE_RADIUS + 0.22)
        near_label = min((math.dist(point, q) for q in placed), default=math.inf) - 0.32
        return min(near_state, near_label)

    candidates = [at(t) for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73)]
    for point in candidates:
        if clearance(point) >= 0:
            return point
    return max(candidates, key=clearance)


def _towards(centre, point, distance):
    """The point at ``distance`` from ``centre`` in the direction of ``point``."""
    (x, y), (px, py) = centre, point
    length = math.hypot(px - x, py - y)
    return (x + distance * (px - x) / length, y + distance * (py - y) / length)


def _extent(n: int) -> float:
    """Half-width of the drawing: outermost centre, node, loop and label room."""
    radius = max(math.hypot(x, y) for x, y in _layout(max(n, 1)))
    return radius + _NODE_RADIUS + 0.75 * _LOOP + _MARGIN


def _diagram_size(n: int) -> float:
    return max(3.0, 2 * _extent(n) * _INCHES_PER_UNIT)


def _diagram_figure(m: HMM, math_labels: bool):
    """A new Figure holding only the diagram (axes filling it: no layout engine, one draw)."""
    _require_matplotlib("diagram")
    from matplotlib.figure import Figure

    size = _diagram_size(len(m.states))
    fig = Figure(figsize=(size, size))
    _draw_diagram(fig.add_axes((0, 0, 1, 1)), m, math_labels)
    return fig


def diagram(m, *, ax=None, path=None):
    """Draw the state diagram of an HMM with matplotlib (no graphviz).

    Parameters
    ----------
    m : HMM
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new Figure is created if omitted.
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
        If ``m`` is not an HMM.

    Notes
    -----
    Layout: one state centred, two side by side, three as a triangle, ``n``
    on a circle (first state at the top, then clockwise) whose radius keeps
    neighbouring states a fixed distance apart, so the figure grows with
    ``n`` and stays readable up to about ten states.  Edges
    in both directions between two states are drawn as two arcs, self-loops
    as small loops pointing away from the centre; parallel edges share one
    arrow whose label has one line ``x | p`` per symbol.  Probabilities are
    typeset with mathtext from :func:`sympy.latex` when it can parse them,
    else printed with ``str``.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.diagrams import diagram
    >>> fig = diagram(sc.processes.golden_mean(sc.symbols("p")))
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['0 $|$ $p$', '1 $|$ $1 - p$', '1 $|$ $1$', 'A', 'B', 'golden_mean(p)']
    """
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
