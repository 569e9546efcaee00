r"""Figures of exact results: measures along a parameter line, colour maps over a box.

symcm derives measures exactly; this module only *draws* them.  The exact
expressions become numbers in :mod:`~symcm.export.generic` (generic values
on an open grid, special points solved exactly); everything numeric here
is a picture of an exact statement made elsewhere.  This module also
re-exports :func:`~symcm.export.diagrams.diagram`,
:func:`~symcm.export.diagrams.diagram_svg` and
:func:`~symcm.export.figures.save`, so ``sc.plots`` holds every figure.

Mathematics
-----------
*Curves along a line.*  For a model with one free parameter :math:`p` on a
range :math:`(a, b)`, :func:`plot_measures` derives exactly

* the statistical complexity :math:`C_\mu = H[\mathcal{S}^+]` (the state
  entropy of the epsilon-machine) [Crutchfield & Young 1989];
* the entropy rate :math:`h_\mu = H[X_0 \mid X_{:0}]`;
* the excess entropy :math:`\mathbf{E} = I[X_{:0} ; X_{0:}]`;
* the crypticity :math:`\chi = C_\mu - \mathbf{E} = H[\mathcal{S}^+ \mid
  \mathcal{S}^-]` [Mahoney, Ellison & Crutchfield 2009];
* the state entropy :math:`H[\pi]` of the given presentation,

and draws each closed form on the open grid of cell centres of
:math:`(a, b)`: the generic curve, broken where it jumps, with the exact
value at each special point as a filled marker and the one-sided limits as
open markers (``C_mu`` of ``binary_markov(p, p)`` is :math:`1` with a hole
at :math:`p = 1/2` and the dot :math:`(1/2, 0)`).

*Prediction versus generation.*  With a ``generator`` (another presentation
of the same process), the region :math:`\{p : H[\pi_G](p) < C_\mu(p)\}`
where the generator needs less memory than the epsilon-machine [Loehr & Ay
2009] is computed by :func:`symcm.generation.crossover` with end points certified by
interval arithmetic, and shaded.  Only the shading is certified; the curves
are numeric.

*Two parameters.*  :func:`plot_map` colours the generic value of an
expression of :math:`(p, q)` on the open grid of cell centres of a box and
draws each set where an ``Eq`` branch applies (the IID line :math:`p + q =
1` of ``binary_markov``) as a line in the colour of its special value.  An
optional region ``lower < upper`` is outlined and hatched from the grid: a
numeric guide; :func:`symcm.pave` certifies it.

matplotlib is an optional dependency (``pip install "symcm[plot]"``); this
module imports without it and imports matplotlib only inside its functions
(see :mod:`~symcm.export.figures`).

References
----------
.. [1] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Phys. Rev. Lett. 63, 105 (1989).
.. [2] J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information
   accessibility and cryptic processes", J. Phys. A 42, 362002 (2009).
.. [3] W. Loehr and N. Ay, "Non-sufficient memories that are sufficient for
   prediction", Complex Sciences, LNICST 4, 265-276 (2009).

Examples
--------
>>> import symcm as sc
>>> from symcm.export import plots
>>> sorted(plots.MEASURES)
['C_mu', 'E', 'H[pi]', 'chi', 'h_mu']
>>> plots.diagram_svg is sc.plots.diagram_svg
True
"""

from __future__ import annotations

import math

import sympy as sp

from .. import checks
from ..algebra.domain import common_interval
from ..causal.complexity import crypticity, excess_entropy, statistical_complexity
from ..causal.measures import entropy_rate, state_entropy
from ..errors import DomainError, ExpressionError, ParameterTypeError, TooLargeError
from ..generation.crossover import crossover
from ..generation.regions import MAX_DIGITS as CROSSOVER_MAX_DIGITS, Boundary
from ..models.hmm import HMM, as_model
from .diagrams import diagram, diagram_svg
from .figures import (
    SUFFIXES,
    _check_ax,
    _check_cmap,
    _check_labels,
    _check_path,
    _check_title,
    _clear_of_lines,
    _draw_special_sets,
    _legend_clear_of_lines,
    _math,
    _model_text,
    _new_axes,
    _plain,
    _require_matplotlib,
    save,
)
from .generic import _as_expression, _check_points, _curve, _evaluator, _generic, _parse_over

__all__ = ["plot_measures", "plot_map", "save", "diagram", "diagram_svg", "MEASURES", "SUFFIXES", "MAX_MAP_POINTS"]

#: Measure names accepted by :func:`plot_measures`: name -> (function of the model, legend label).
MEASURES = {
    "C_mu": (statistical_complexity, r"$C_\mu$"),
    "h_mu": (entropy_rate, r"$h_\mu$"),
    "E": (excess_entropy, r"$\mathbf{E}$"),
    "chi": (crypticity, r"$\chi$"),
    "H[pi]": (state_entropy, r"$H[\pi]$"),
}

# distinct colours and dashes, so that equal curves (h_mu = chi on a Markov chain) stay visible
_STYLES = {
    "C_mu": {"color": "#1f77b4", "linewidth": 2.4},
    "h_mu": {"color": "#ff7f0e", "linewidth": 1.6},
    "E": {"color": "#2ca02c", "linewidth": 1.6, "linestyle": "-."},
    "chi": {"color": "#9467bd", "linewidth": 1.8, "linestyle": (0, (1, 1.5))},
    "H[pi]": {"color": "#8c564b", "linewidth": 1.4, "linestyle": (0, (6, 2, 1, 2))},
}


#: Largest number of grid cells (``points**2``) of :func:`plot_map` unless ``max_points`` is raised.
MAX_MAP_POINTS = 4_000_000

_GENERATOR_STYLE = {"color": "black", "linestyle": "--", "linewidth": 1.6}
# the certified crossover: a yellow no curve uses (the curves are blue, orange, green, purple, brown, black)
_SPAN_COLOUR = "#ffd92f"
_SPAN_TEXT_COLOUR = "#7a5a00"
#: Keys of ``labels=`` in :func:`plot_measures` besides the measure names.
_OTHER_LABELS = ("generator", "crossover")


# ---------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------


def _check_model(m, name: str, where: str) -> HMM:
    return as_model(m, where, name)


def _one_parameter(m: HMM):
    """The single free parameter of ``m``, or a DomainError saying how to restrict the model."""
    params = m.parameters
    if len(params) == 1:
        return params[0]
    label = m.name or "the model"
    if not params:
        raise DomainError(
            f"plot_measures needs a model with one free parameter; {label} has none "
            "(its measures are numbers: call sc.statistical_complexity(m) etc.)"
        )
    p, q = params[0], params[1]
    names = ", ".join(str(s) for s in params)
    raise DomainError(
        f"plot_measures needs a model with exactly one free parameter; {label} has {len(params)}: {names}. "
        f"Restrict it to a line first, e.g. m.subs({{{q}: {p}}}) or m.subs({{{q}: 1 - {p}}})"
    )


def _measure_names(measures) -> tuple:
    if isinstance(measures, str):
        measures = (measures,)
    names = tuple(measures)
    for name in names:
        if name not in MEASURES:
            raise DomainError(f"unknown measure {name!r}; expected some of {', '.join(MEASURES)}")
    return names


def _end_float(end) -> float:
    """A span end as a float: a root enclosure's midpoint (its width is below 10**-digits)."""
    if isinstance(end, Boundary):
        return float((end.lo + end.hi) / 2)
    return float(end)


# ---------------------------------------------------------------------------
# plot_measures
# ---------------------------------------------------------------------------


def plot_measures(m, over=None, *, generator=None, measures=("C_mu", "h_mu", "E"), points: int = 400,
                  digits: int = 10, ax=None, path=None, max_digits: int = CROSSOVER_MAX_DIGITS, title=None,
                  labels=None):
    r"""Plot exact measures of a one-parameter model along its parameter.

    Parameters
    ----------
    m : HMM
        A model with exactly one free parameter ``p`` (restrict a family
        first, e.g. ``m.subs({q: p})``).
    over : dict, optional
        ``{p: (a, b)}`` with exact rational ends inside the model's domain
        (default: the domain of ``p``, intersected with the generator's).
    generator : HMM, optional
        Another presentation of the process, in the same parameter (or
        none).  Its state entropy :math:`H[\pi_G]` is drawn dashed and the
        certified region where :math:`H[\pi_G] < C_\mu` is shaded.
    measures : sequence of str, optional
        Names among ``"C_mu"``, ``"h_mu"``, ``"E"``, ``"chi"`` (crypticity)
        and ``"H[pi]"`` (state entropy of ``m``); see :data:`MEASURES`.
    points : int, optional
        Grid points: the centres of ``points`` equal cells of ``(a, b)``.
    digits : int, optional
        Precision of the certified crossover ends (``10**-digits``).
    max_digits : int, optional
        Cap on ``digits`` (default :data:`symcm.generation.crossover.MAX_DIGITS`); past
        it a :class:`~symcm.errors.TooLargeError`.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new Figure is created if omitted (with the legend
        beside the axes, where it covers no curve).
    path : str or path-like, optional
        Also save the figure there (see :func:`~symcm.export.figures.save`).
    title : str, optional
        The title; default: the measures and the model in mathematical
        notation, e.g. ":math:`C_\mu`, :math:`h_\mu`, :math:`\mathbf{E}` of
        the binary Markov chain, :math:`q = p`" (``""``: no title).
    labels : dict, optional
        Legend texts replacing the defaults, by measure name and
        ``"generator"``, ``"crossover"`` (mathtext between ``$`` signs).

    Returns
    -------
    matplotlib.figure.Figure
        Each curve is a ``Line2D`` with gid ``"symcm-<name>"`` (the
        generator's: ``"symcm-generator"``); each shaded span has gid
        ``"symcm-crossover"``, in a colour no curve uses; the certified end
        of each span is written where the text touches no curve.  The
        figure shows itself when it is the value of a notebook cell.

    Raises
    ------
    symcm.errors.MissingDependencyError
        If matplotlib is not installed (``pip install "symcm[plot]"``).
    symcm.errors.DomainError
        If ``m`` does not have exactly one free parameter, ``over`` leaves
        the domain, or a measure name is unknown.
    symcm.errors.ParameterTypeError
        For a malformed argument.
    symcm.errors.InfiniteStatesError
        If a requested measure has no exact form (infinitely many causal
        states).
    symcm.errors.ExpressionError
        If a measure is not an expression numpy can evaluate.

    Notes
    -----
    The measures are derived exactly, then evaluated with
    :func:`sympy.lambdify` (numpy) on an open grid; the ends of the range are
    never evaluated.  ``Piecewise`` branches on ``Eq`` sets are drawn at
    their exact points as markers (filled: the value; open: the limits of
    the generic curve), see the module notes.  The shaded crossover comes
    from :func:`symcm.generation.crossover` (certified), everything else is numeric.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.export.plots import plot_measures
    >>> p = sc.symbols("p")
    >>> fig = plot_measures(sc.processes.binary_markov(p, p), {p: (sp.Rational(1, 100), sp.Rational(49, 100))},
    ...                     generator=sc.processes.lohr_generator(p), points=50)
    >>> [span.get_gid() for span in fig.axes[0].patches]
    ['symcm-crossover']
    """
    m = _check_model(m, "m", "plot_measures")
    if generator is not None:
        _check_model(generator, "generator", "plot_measures")
    names = _measure_names(measures)
    points = _check_points(points, 2)
    max_digits = checks.cap(max_digits, "max_digits", where="plot_measures")
    digits = checks.digits(digits, where="plot_measures", maximum=max_digits)
    _require_matplotlib("plot_measures")
    _check_ax(ax, "plot_measures")
    path = _check_path(path, "plot_measures")
    title = _check_title(title, "plot_measures")
    labels = _check_labels(labels, (*MEASURES, *_OTHER_LABELS), "plot_measures")
    p = _one_parameter(m)
    domains = [("m", m)]
    if generator is not None:
        generator = _check_model(generator, "generator", "plot_measures")
        extra = set(generator.parameters) - {p}
        if extra:
            raise DomainError(
                f"the generator depends on {', '.join(sorted(map(str, extra)))}, but the model's parameter is {p}; "
                "substitute values or use the same symbol"
            )
        if generator.parameters:
            domains.append(("generator", generator))
    if over is None:
        over = {p: common_interval(p, [model.domain for _, model in domains])}
    ((s, (a, b)),) = _parse_over(over, 1, "plot_measures").items()
    if s != p:
        same = " (same name, other assumptions: create both with sc.symbols)" if s.name == p.name else ""
        raise DomainError(f"plot_measures: over is given for {s}, but the model's parameter is {p}{same}")
    for role, model in domains:
        lo, hi = model.domain[p]
        if a < lo or b > hi:
            raise DomainError(f"plot_measures: the range ({a}, {b}) leaves the {role}'s domain ({lo}, {hi}) of {p}")

    exprs = {}
    for name in names:
        value = MEASURES[name][0](m)
        if not isinstance(value, sp.Basic):
            from ..causal.ergodic import has_decomposition

            if has_decomposition(value):
                where = " or ".join(str(c) for c, v in value if has_decomposition(v))
                raise ExpressionError(
                    f"{name} of {m.name or 'the model'} is one expression per region, and where {where} the "
                    "chain splits into several recurrent classes (one value per class); plot a range that "
                    "avoids it, e.g. m.subs({}, domain=...) on each side")
            raise ExpressionError(f"{name} of {m.name or 'the model'} has no exact form: {value!r}")
        exprs[name] = value

    own_axes = ax is None
    fig, ax = _new_axes(ax, (8.0, 4.2), "plot_measures")
    shown = {name: labels.get(name, MEASURES[name][1]) for name in names}
    for name, expr in exprs.items():
        _draw_curve(ax, expr, p, a, b, points, label=shown[name], gid=f"symcm-{name}", **_STYLES[name])
    notes = []
    if generator is not None:
        lower = state_entropy(generator)
        label = labels.get("generator", r"$H[\pi_G]$ of " + _model_text(generator))
        _draw_curve(ax, lower, p, a, b, points, label=label, gid="symcm-generator", **_GENERATOR_STYLE)
        upper = exprs["C_mu"] if "C_mu" in exprs else statistical_complexity(m)
        region = crossover(lower, upper, over={p: (a, b)}, digits=digits, max_digits=max_digits)
        notes = _shade(ax, region, p, labels.get("crossover", r"certified $H[\pi_G] < C_\mu$"))
    ax.set_xlim(float(a), float(b))
    ax.set_xlabel(f"${sp.latex(p)}$")
    ax.set_ylabel("bits")
    if title is None:
        title = ", ".join(shown.values()) + (f" of {_model_text(m)}" if m.name else "")
    if title:
        ax.set_title(title, fontsize=10)
    if own_axes:  # beside the axes: the curves fill the whole plot
        ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    else:  # inside the caller's axes where it covers no curve, else beside them
        _legend_clear_of_lines(ax, fontsize=9)
    for x, note in notes:  # each certified end where its text touches no curve
        heights = (0.02, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
        _clear_of_lines(ax, note, [((x, y), (dx, 0), ha) for y in heights for dx, ha in ((4, "left"), (-4, "right"))],
                        skip=("symcm-crossover",))
    if path is not None:
        save(fig, path)
    return fig


def _draw_curve(ax, expr, p, a, b, points, *, label, gid, **style):
    """One measure: the generic curve, broken at discontinuities, with markers at the special points."""
    xs, ys, specials = _curve(expr, p, a, b, points)
    (line,) = ax.plot(xs, ys, label=label, gid=gid, **style)
    colour = line.get_color()
    for x, value, limits in specials:
        if math.isfinite(value):
            ax.plot([x], [value], "o", color=colour, markersize=5, zorder=3, gid=f"{gid}-value", label="_nolegend_")
        for limit in limits:
            ax.plot([x], [limit], "o", markerfacecolor="white", markeredgecolor=colour, markersize=5, zorder=3,
                    gid=f"{gid}-limit", label="_nolegend_")
    return line


def _shade(ax, region, p, label) -> list:
    """Shade the certified spans of ``region``, mark its root boundaries; ``[(x, annotation)]`` of the ends."""
    for span in region.intervals:
        lo, hi = _end_float(span.lo), _end_float(span.hi)
        if lo == hi:
            ax.axvline(lo, color=_SPAN_COLOUR, linewidth=1.5, gid="symcm-crossover", label=label)
        else:
            ax.axvspan(lo, hi, color=_SPAN_COLOUR, alpha=0.3, linewidth=0, gid="symcm-crossover", label=label)
        label = "_nolegend_"
    notes = []
    for boundary in region.boundaries:
        if boundary.kind != "root":
            continue
        x = _end_float(boundary)
        ax.axvline(x, color=_SPAN_TEXT_COLOUR, linestyle=":", linewidth=1, gid="symcm-crossover-boundary")
        note = ax.annotate(f"${sp.latex(p)}^* = {boundary.decimal(5)}$".replace("...", r"\ldots"),
                           xy=(x, 0.02), xycoords=("data", "axes fraction"), xytext=(4, 0),
                           textcoords="offset points", ha="left", va="bottom", fontsize=8, color=_SPAN_TEXT_COLOUR,
                           gid="symcm-crossover-note")
        notes.append((x, note))
    return notes


# ---------------------------------------------------------------------------
# plot_map
# ---------------------------------------------------------------------------


def plot_map(expr, over, *, points: int = 200, levels=None, region=None, ax=None, path=None, cmap="viridis",
             max_points: int = MAX_MAP_POINTS, label=None, title=None):
    r"""Colour map of an expression of two parameters over a box.

    Parameters
    ----------
    expr : sympy.Expr or Cases
        An expression in the two parameters of ``over``, e.g. ``C_mu`` of
        ``binary_markov(p, q)`` (a ``Piecewise``); a :class:`~symcm.algebra.cases.Cases`
        of expressions is converted with ``as_piecewise()``.
    over : dict
        ``{p: (a, b), q: (c, d)}`` with exact rational ends; ``p`` is the
        horizontal axis.
    points : int, optional
        Grid cells per side; values are taken at the cell centres (an open
        grid: the edges of the box are never evaluated).
    levels : int or sequence of float, optional
        Also draw labelled contour lines of the generic value at these levels.
    region : (lower, upper), optional
        Outline and hatch where ``lower < upper`` on the grid.  This contour
        is a numeric guide; the certified region is ``sc.pave(lower, upper,
        over)`` (:func:`symcm.pave`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new Figure is created if omitted.
    path : str or path-like, optional
        Also save the figure there (see :func:`~symcm.export.figures.save`).
    cmap : str or matplotlib colormap, optional
        A registered colormap name (``matplotlib.colormaps``) or a Colormap.
    max_points : int, optional
        Cap on the number of grid cells ``points**2`` (default
        :data:`MAX_MAP_POINTS`, 4 000 000); past it a
        :class:`~symcm.errors.TooLargeError`.
    label : str, optional
        The colour bar's label, e.g. ``r"$C_\mu$"``; default: the expression
        in mathtext (its generic branch), or :math:`f(p, q)` when it is too
        long to read.
    title : str, optional
        A title above the axes (default: none; the colour bar names the
        value).

    Returns
    -------
    matplotlib.figure.Figure
        The colour map is a rasterized ``QuadMesh`` with gid ``"symcm-map"``
        and a colour bar; the figure shows itself when it is the value of a
        notebook cell.

    Raises
    ------
    symcm.errors.MissingDependencyError
        If matplotlib is not installed.
    symcm.errors.ExpressionError
        If ``expr`` depends on symbols other than those of ``over``.
    symcm.errors.ParameterTypeError, symcm.errors.DomainError
        For a malformed ``over``, ``points`` or ``region``.

    Notes
    -----
    Cells show the *generic* value (``Eq`` branches of a ``Piecewise`` read
    as false).  Each ``Eq`` set of a branch, e.g. the IID line ``p + q = 1``
    where ``C_mu = 0``, is drawn as a numeric contour line coloured with its
    value when that value is a constant, outlined in black, and listed in
    the legend.  Cost: ``points**2`` numpy evaluations of each expression.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.plots import plot_map
    >>> p, q = sc.symbols("p q")
    >>> c_mu = sc.statistical_complexity(sc.processes.binary_markov(p, q))
    >>> fig = plot_map(c_mu, {p: (0, 1), q: (0, 1)}, points=40)
    >>> fig.axes[0].collections[0].get_gid(), len(fig.axes)       # the map and its colour bar
    ('symcm-map', 2)
    """
    expr = _as_expression(expr, "expr")
    box = _parse_over(over, 2, "plot_map")
    (p, (a, b)), (q, (c, d)) = box.items()
    for name, value in (("expr", expr),) + tuple(zip(("region lower", "region upper"), _region(region))):
        extra = value.free_symbols - {p, q}
        if extra:
            raise ExpressionError(
                f"plot_map: {name} depends on {', '.join(sorted(map(str, extra)))}, but over gives only {p}, {q}; "
                "substitute values for them"
            )
    points = _check_points(points, 2)
    max_points = checks.cap(max_points, "max_points", where="plot_map")
    if points * points > max_points:
        raise TooLargeError(
            f"plot_map: points={checks.number(points)} makes a grid of {checks.number(points * points)} cells, "
            f"past the cap max_points={max_points}; pass a larger max_points= to allow it"
        )
    matplotlib = _require_matplotlib("plot_map")
    _check_ax(ax, "plot_map")
    cmap = _check_cmap(cmap, "plot_map")
    path = _check_path(path, "plot_map")
    label = _check_title(label, "plot_map")
    title = _check_title(title, "plot_map")
    import numpy as np
    from matplotlib.patches import Patch

    fig, ax = _new_axes(ax, (6.0, 4.8), "plot_map")
    xe = np.linspace(float(a), float(b), points + 1)
    ye = np.linspace(float(c), float(d), points + 1)
    X, Y = np.meshgrid((xe[:-1] + xe[1:]) / 2, (ye[:-1] + ye[1:]) / 2)
    Z = _evaluator(_generic(expr), (p, q))(X, Y)
    mesh = ax.pcolormesh(xe, ye, np.ma.masked_invalid(Z), cmap=cmap, shading="flat", rasterized=True)
    mesh.set_gid("symcm-map")
    bar = fig.colorbar(mesh, ax=ax)
    if label is None:
        label = _math(_generic(expr), max_chars=120)
        if not label.startswith("$"):  # too long (or not mathtext): name it, never write it as Python
            label = f"${_math_text_call(p, q)}$"
    bar.set_label(label)
    handles = _draw_special_sets(ax, expr, p, q, X, Y, Z, mesh)
    if levels is not None and np.isfinite(Z).any():
        lines = ax.contour(X, Y, Z, levels=levels, colors="black", linewidths=0.6)
        lines.set_gid("symcm-levels")
        ax.clabel(lines, fontsize=7)
    if region is not None:
        lower, upper = _region(region)
        D = np.ma.masked_invalid(_evaluator(_generic(upper - lower), (p, q))(X, Y))
        if D.count() and D.max() > 0:
            with matplotlib.rc_context({"hatch.linewidth": 0.6, "hatch.color": "black"}):
                hatch = ax.contourf(X, Y, D, levels=[0, np.inf], colors="none", hatches=["/"])
            hatch.set_gid("symcm-region")
            if D.min() < 0:
                ax.contour(X, Y, D, levels=[0], colors="black", linewidths=1.2).set_gid("symcm-region-boundary")
        text = _math(sp.StrictLessThan(_generic(lower), _generic(upper), evaluate=False), max_chars=80)
        if not text.startswith("$"):
            text = "lower < upper"
        handles.append(Patch(facecolor="none", edgecolor="black", hatch="/", label=f"{text} (numeric guide)"))
    ax.set_xlim(float(a), float(b))
    ax.set_ylim(float(c), float(d))
    ax.set_aspect("equal" if (b - a) == (d - c) else "auto")
    ax.set_xlabel(f"${sp.latex(p)}$")
    ax.set_ylabel(f"${sp.latex(q)}$")
    if title:
        ax.set_title(title, fontsize=10)
    if handles:  # outside the axes, below the axis label: no cell of the map is covered, nor the title
        ax.legend(handles=handles, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), frameon=False)
    if path is not None:
        save(fig, path)
    return fig


def _math_text_call(p, q) -> str:
    return f"f({sp.latex(p)}, {sp.latex(q)})"


def _region(region) -> tuple:
    if region is None:
        return ()
    try:
        lower, upper = region
    except (TypeError, ValueError):
        raise ParameterTypeError(f"region must be a pair (lower, upper), received {region!r}") from None
    return _as_expression(lower, "region lower"), _as_expression(upper, "region upper")
