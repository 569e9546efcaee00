r"""Figures of exact results: measures along a parameter line, colour maps, state diagrams.

symcm derives measures exactly; this module only *draws* them, so it is the
one place where exact expressions become floating-point numbers.  Everything
numeric here is a picture of an exact statement made elsewhere.

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

and evaluates the closed forms on the *open* grid of cell centres
:math:`x_i = a + (b - a)(i + \tfrac12)/n`, :math:`i = 0, \dots, n - 1`, so
the degenerate ends (where probabilities vanish) are never evaluated.

*Generic value and special points.*  A measure that changes with the causal
structure is a ``Piecewise``, e.g. ``C_mu = Piecewise((0, Eq(p, 1/2)), (1,
True))`` for ``binary_markov(p, p)``: the process is IID at :math:`p = 1/2`,
where the two causal states merge.  A condition ``Eq(...)`` holds on a set of
measure zero, so the curve is drawn with the *generic* expression (every
``Eq`` read as false, every ``Ne`` as true).  The points where any condition
of a ``Piecewise`` changes are solved exactly (:func:`sympy.solveset`); at
each one where the function is discontinuous the exact value is drawn as a
filled marker, the one-sided limits as open markers, and the curve is
broken.  A researcher therefore sees :math:`C_\mu = 1` with a hole at
:math:`p = 1/2` and the dot :math:`(1/2, 0)`.

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

*State diagrams.*  :func:`diagram` draws an edge-labelled HMM: an edge
:math:`s \xrightarrow{x \mid \Pr} t` is an arrow labelled ``x | Pr``,
parallel edges (same source and target, several symbols) share one arrow
with one line per symbol.

matplotlib is an optional dependency (``pip install "symcm[plot]"``); this
module imports without it and imports matplotlib only inside its functions.
Figures are built with :class:`matplotlib.figure.Figure` directly, so no
pyplot state or backend is touched (safe in notebooks and servers).

References
----------
.. [1] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Phys. Rev. Lett. 63, 105 (1989).
.. [2] J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information
   accessibility and cryptic processes", J. Phys. A 42, 362002 (2009).
.. [3] W. Loehr and N. Ay, "Non-sufficient memories that are sufficient for
   prediction", Complex Sciences, LNICST 4, 265-276 (2009).
.. [4] J. D. Hunter, "Matplotlib: a 2D graphics environment", Computing in
   Science & Engineering 9(3), 90-95 (2007).

Examples
--------
>>> import symcm as sc
>>> from symcm.export.plots import diagram_svg
>>> svg = diagram_svg(sc.processes.golden_mean(sc.symbols("p")))
>>> svg is None or "<svg" in svg          # None only without matplotlib
True
"""

from __future__ import annotations

import functools
import io
import math
import pathlib
import shutil
import warnings
from collections.abc import Mapping

import sympy as sp
from sympy.core.relational import Relational

from ..models.hmm import as_model
from .. import checks
from ..algebra.cases import Cases
from ..causal.complexity import crypticity, excess_entropy, statistical_complexity
from ..generation.crossover import crossover
from ..generation.regions import MAX_DIGITS as CROSSOVER_MAX_DIGITS, Boundary
from ..algebra.domain import common_interval, to_rational
from .. import checks
from ..errors import DomainError, ExpressionError, MissingDependencyError, ParameterTypeError, SymcmWarning, TooLargeError
from ..models.hmm import HMM
from ..causal.measures import entropy_rate, state_entropy

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

#: File suffixes :func:`save` writes.
SUFFIXES = (".pdf", ".png", ".pgf")

#: Largest number of grid cells (``points**2``) of :func:`plot_map` unless ``max_points`` is raised.
MAX_MAP_POINTS = 4_000_000

_TEX_ENGINES = ("xelatex", "lualatex", "pdflatex")
_PNG_DPI = 200
_GENERATOR_STYLE = {"color": "black", "linestyle": "--", "linewidth": 1.6}
_SPAN_COLOUR = "#4daf4a"


# ---------------------------------------------------------------------------
# matplotlib, imported lazily
# ---------------------------------------------------------------------------


def _require_matplotlib(what: str):
    """Import and return matplotlib, or raise MissingDependencyError naming the extra to install."""
    try:
        import matplotlib
        import matplotlib.figure  # noqa: F401  (the only entry point used: no pyplot, no backend switch)
    except ImportError as error:
        raise MissingDependencyError(
            f'{what} needs matplotlib, which is not installed: pip install "symcm[plot]" (or pip install matplotlib)'
        ) from error
    return matplotlib


def _check_ax(ax, what: str):
    """``ax`` if it is ``None`` or a matplotlib Axes, else :class:`ParameterTypeError`."""
    if ax is None:
        return None
    _require_matplotlib(what)
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise ParameterTypeError(f"{what}: ax must be a matplotlib Axes or None, received {checks.describe(ax)}")
    return ax


def _check_path(path, what: str):
    """``path`` as a ``pathlib.Path`` (or ``None``): a str or path-like with a known suffix in an existing directory."""
    if path is None:
        return None
    if isinstance(path, bool) or not isinstance(path, (str, pathlib.PurePath)) and not hasattr(path, "__fspath__"):
        raise ParameterTypeError(f"{what}: path must be a str or a path-like object, received {checks.describe(path)}")
    try:
        path = pathlib.Path(path)
    except TypeError:
        raise ParameterTypeError(f"{what}: path must be a str or a path-like object, "
                                 f"received {checks.describe(path)}") from None
    if path.suffix.lower() not in SUFFIXES:
        raise DomainError(f"cannot save {path.name!r}: the suffix must be one of {', '.join(SUFFIXES)}")
    parent = path.parent
    if not parent.is_dir():
        raise DomainError(f"{what}: cannot save {str(path)!r}: the directory {str(parent)!r} does not exist "
                          "(create it first)")
    if path.is_dir():
        raise DomainError(f"{what}: cannot save {str(path)!r}: it is a directory")
    return path


def _check_cmap(cmap, what: str):
    """``cmap`` if matplotlib knows it (a registered name, a Colormap, or ``None``), else an error."""
    if cmap is None:
        return None
    _require_matplotlib(what)
    import matplotlib
    from matplotlib.colors import Colormap

    if isinstance(cmap, Colormap):
        return cmap
    if not isinstance(cmap, str):
        raise ParameterTypeError(f"{what}: cmap must be a colormap name or a matplotlib Colormap, "
                                 f"received {checks.describe(cmap)}")
    if cmap not in matplotlib.colormaps:
        raise DomainError(f"{what}: cmap must be the name of a matplotlib colormap (see "
                          f"matplotlib.colormaps, e.g. 'viridis'), received {checks.describe(cmap)}")
    return cmap


def _new_axes(ax, figsize, what: str):
    """``(figure, axes)``: the root figure of ``ax``, or a new constrained-layout Figure and Axes (no pyplot)."""
    _require_matplotlib(what)
    ax = _check_ax(ax, what)
    if ax is not None:
        try:
            return ax.get_figure(root=True), ax
        except TypeError:  # matplotlib < 3.10: no root keyword
            return ax.figure, ax
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.add_subplot()


@functools.lru_cache(maxsize=1)
def _mathtext_parser():
    from matplotlib.mathtext import MathTextParser

    return MathTextParser("path")


@functools.lru_cache(maxsize=4096)
def _mathtext_ok(tex: str) -> bool:
    """Whether matplotlib's mathtext can typeset ``$tex$``."""
    try:
        _mathtext_parser().parse(f"${tex}$")
    except Exception:  # mathtext raises ValueError, sometimes other errors, for unsupported TeX
        return False
    return True


def _plain(text: str) -> str:
    """Text drawn literally by matplotlib (a ``$`` would start mathtext)."""
    return str(text).replace("$", r"\$")


def _math(expr, *, max_chars: int = 400) -> str:
    """``$latex$`` when mathtext can parse it (``\\operatorname`` read as ``\\mathrm``), else plain ``str``."""
    tex = sp.latex(expr).replace(r"\operatorname{", r"\mathrm{")
    if len(tex) <= max_chars and _mathtext_ok(tex):
        return f"${tex}$"
    return _plain(str(expr))


# ---------------------------------------------------------------------------
# exact -> numeric
# ---------------------------------------------------------------------------


def _generic_condition(cond):
    """The condition read off a set of measure zero: ``Eq`` is false, ``Ne`` true."""
    if not isinstance(cond, sp.Basic) or cond in (sp.true, sp.false):
        return cond
    if isinstance(cond, sp.Eq):
        return sp.false
    if isinstance(cond, sp.Ne):
        return sp.true
    if isinstance(cond, (sp.And, sp.Or, sp.Not)):
        return cond.func(*(_generic_condition(c) for c in cond.args))
    return cond


def _generic(expr):
    """``expr`` with every ``Piecewise`` branch that holds only on an ``Eq`` set removed."""
    def rebuild(pw):
        return sp.Piecewise(*((value, _generic_condition(cond)) for value, cond in pw.args))

    return expr.replace(lambda e: isinstance(e, sp.Piecewise), rebuild)


def _as_expression(value, name: str):
    """A sympy expression from an expression, a number or a :class:`Cases` of expressions."""
    if isinstance(value, Cases):
        return value.as_piecewise()
    if isinstance(value, str):
        raise ParameterTypeError(f"{name} must be a sympy expression or sc.Cases, received the string {value!r}")
    try:
        return sp.sympify(checks.no_text(value, name, where="plots"), strict=True)
    except sp.SympifyError:
        raise ParameterTypeError(
            f"{name} must be a sympy expression or sc.Cases, received {type(value).__name__}"
        ) from None


def _numeric(expr, symbols: tuple):
    """``f(*arrays) -> float array`` for ``expr`` (numpy; ``H`` has 0 log 0 = 0), nan where undefined."""
    import numpy as np

    fn = sp.lambdify(symbols, expr, "numpy")

    def evaluate(*arrays):
        shape = np.broadcast(*arrays).shape
        with np.errstate(all="ignore"):
            out = np.asarray(fn(*arrays))
            if np.iscomplexobj(out):
                out = np.where(np.abs(out.imag) == 0, out.real, np.nan)
            out = np.array(np.broadcast_to(out.astype(float), shape))
        out[~np.isfinite(out)] = np.nan
        return out

    return evaluate


def _float(value) -> float:
    """The float of an exact real number, nan when it is undefined or not real."""
    try:
        number = sp.N(value, 20)
        if number.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or not number.is_real:
            return math.nan
        return float(number)
    except (TypeError, ValueError, AttributeError):
        return math.nan


def _decide(cond):
    """A condition at a point: sympy's own evaluation, or simplify."""
    if cond in (sp.true, sp.false) or not isinstance(cond, sp.Basic):
        return cond
    try:
        decided = sp.simplify(cond)
    except Exception:  # pragma: no cover - sympy limitations: the branch stays undecided
        return cond
    return decided


def _exact_at(expr, p, c):
    """``expr`` at the exact point ``p = c``, Piecewise conditions decided."""
    value = expr.subs(p, c)
    if value.has(sp.Piecewise):
        value = value.replace(lambda e: isinstance(e, sp.Piecewise),
                              lambda pw: sp.Piecewise(*((v, _decide(cond)) for v, cond in pw.args)))
    return value


def _relations(expr) -> set:
    """Every relation in the conditions of the ``Piecewise`` parts of ``expr``."""
    out = set()
    for pw in expr.atoms(sp.Piecewise):
        for _, cond in pw.args:
            if isinstance(cond, sp.Basic):
                out |= cond.atoms(Relational)
    return out


def _break_points(expr, p, a, b) -> list:
    """Exact points of ``(a, b)`` where a ``Piecewise`` condition of ``expr`` may change, sorted."""
    points = set()
    interval = sp.Interval.open(a, b)
    for rel in _relations(expr):
        try:
            solutions = sp.solveset(rel.lhs - rel.rhs, p, interval)
        except Exception:  # pragma: no cover - sympy limitations, reported below
            solutions = None
        if isinstance(solutions, sp.FiniteSet):
            points |= set(solutions)
        elif solutions is not None and (solutions.is_empty or solutions == interval):
            continue
        else:
            warnings.warn(
                f"could not solve {rel} for {p} on ({a}, {b}); the plot may miss a special point there",
                SymcmWarning,
                stacklevel=4,
            )
    return sorted(points, key=_float)


def _curve(expr, p, a, b, points: int):
    """Grid data of the generic curve and the discontinuities of ``expr`` on ``(a, b)``.

    Returns ``(x, y, specials)`` with ``specials`` a list of ``(c, value,
    limits)``: the exact point as a float, the value there (nan if
    undefined) and the distinct one-sided limits that differ from it.
    """
    import numpy as np

    fa, fb = float(a), float(b)
    xs = fa + (fb - fa) * (np.arange(points) + 0.5) / points
    generic = _evaluator(_generic(expr), (p,))
    ys = generic(xs)
    specials = []
    scale = max(1.0, float(np.nanmax(np.abs(ys))) if np.isfinite(ys).any() else 1.0)
    tol = 1e-3 * scale  # below the resolution of any figure
    delta = (fb - fa) * 1e-9
    for c in _break_points(expr, p, a, b):
        x = _float(c)
        value = _float(_exact_at(expr, p, c))
        left, right = generic(np.array([x - delta, x + delta]))
        limits = []
        for limit in (left, right):
            if math.isfinite(limit) and not (math.isfinite(value) and abs(limit - value) <= tol) \
                    and all(abs(limit - seen) > tol for seen in limits):
                limits.append(float(limit))
        if limits or not math.isfinite(value):
            specials.append((x, value, limits))
    if specials:  # break the line at each discontinuity
        cut = np.array([s[0] for s in specials])
        xs = np.concatenate([xs, cut])
        ys = np.concatenate([ys, np.full(len(cut), np.nan)])
        order = np.argsort(xs, kind="stable")
        xs, ys = xs[order], ys[order]
    return xs, ys, specials


def _evaluator(expr, symbols):
    """:func:`_numeric`, with a clear error for expressions numpy cannot evaluate."""
    try:
        return _numeric(expr, symbols)
    except Exception as error:  # lambdify raises many kinds for unsupported functions
        raise ExpressionError(f"cannot evaluate {expr} numerically with numpy: {error}") from error


# ---------------------------------------------------------------------------
# argument checks
# ---------------------------------------------------------------------------


def _parse_over(over, count: int, where: str) -> dict:
    """``{symbol: (a, b)}`` with ``count`` symbols and exact rational ends ``a < b``."""
    if not isinstance(over, Mapping) or len(over) != count:
        shape = "{p: (a, b)}" if count == 1 else "{p: (a, b), q: (c, d)}"
        raise ParameterTypeError(
            f"{where}: over must be a dict {shape} with exactly {count} parameter{'s' * (count > 1)}, "
            f"received {over!r}"
        )
    out = {}
    for s, rng in over.items():
        if not isinstance(s, sp.Symbol):
            raise ParameterTypeError(f"{where}: the keys of over must be sympy Symbols, received {s!r}")
        try:
            lo, hi = rng
        except (TypeError, ValueError):
            raise ParameterTypeError(f"{where}: over[{s}] must be a pair (a, b), received {rng!r}") from None
        lo = to_rational(lo, where=f"{where}: over[{s}][0]")
        hi = to_rational(hi, where=f"{where}: over[{s}][1]")
        if not lo < hi:
            raise DomainError(f"{where}: over[{s}] must satisfy a < b, received ({lo}, {hi})")
        out[s] = (lo, hi)
    return out


def _check_model(m, name: str, where: str) -> HMM:
    return as_model(m, where, name)


def _check_points(points, minimum: int) -> int:
    if isinstance(points, bool) or not isinstance(points, int):
        raise ParameterTypeError(f"points must be an int, received {points!r}")
    if points < minimum:
        raise DomainError(f"points must be at least {minimum}, received {points}")
    return points


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
                  digits: int = 10, ax=None, path=None, max_digits: int = CROSSOVER_MAX_DIGITS):
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
        Axes to draw on; a new Figure is created if omitted.
    path : str or path-like, optional
        Also save the figure there (see :func:`save`).

    Returns
    -------
    matplotlib.figure.Figure
        Each curve is a ``Line2D`` with gid ``"symcm-<name>"`` (the
        generator's: ``"symcm-generator"``); each shaded span has gid
        ``"symcm-crossover"``.

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
    for name, expr in exprs.items():
        _draw_curve(ax, expr, p, a, b, points, label=MEASURES[name][1], gid=f"symcm-{name}", **_STYLES[name])
    if generator is not None:
        lower = state_entropy(generator)
        label = r"$H[\pi]$ of " + _plain(generator.name or "generator")
        _draw_curve(ax, lower, p, a, b, points, label=label, gid="symcm-generator", **_GENERATOR_STYLE)
        upper = exprs["C_mu"] if "C_mu" in exprs else statistical_complexity(m)
        region = crossover(lower, upper, over={p: (a, b)}, digits=digits, max_digits=max_digits)
        _shade(ax, region, p)
    ax.set_xlim(float(a), float(b))
    ax.set_xlabel(f"${sp.latex(p)}$")
    ax.set_ylabel("bits")
    if m.name:
        ax.set_title(_plain(m.name), fontsize=10)
    if own_axes:  # beside the axes: the curves fill the whole plot
        ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    else:
        ax.legend(fontsize=9, loc="best")
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


def _shade(ax, region, p):
    """Shade the certified spans of ``region`` and mark its root boundaries with their certified decimals."""
    label = r"certified $H[\pi]$ of generator $< C_\mu$"
    for span in region.intervals:
        lo, hi = _end_float(span.lo), _end_float(span.hi)
        if lo == hi:
            ax.axvline(lo, color=_SPAN_COLOUR, linewidth=1.5, gid="symcm-crossover", label=label)
        else:
            ax.axvspan(lo, hi, color=_SPAN_COLOUR, alpha=0.18, linewidth=0, gid="symcm-crossover", label=label)
        label = "_nolegend_"
    for boundary in region.boundaries:
        if boundary.kind != "root":
            continue
        x = _end_float(boundary)
        ax.axvline(x, color=_SPAN_COLOUR, linestyle=":", linewidth=1, gid="symcm-crossover-boundary")
        ax.annotate(f"${sp.latex(p)}^* = {boundary.decimal(5)}$".replace("...", r"\ldots"),
                    xy=(x, 0), xycoords=("data", "axes fraction"), xytext=(3, 3), textcoords="offset points",
                    ha="left", va="bottom", fontsize=8, color="#1e5b1c")


# ---------------------------------------------------------------------------
# plot_map
# ---------------------------------------------------------------------------


def plot_map(expr, over, *, points: int = 200, levels=None, region=None, ax=None, path=None, cmap="viridis",
             max_points: int = MAX_MAP_POINTS):
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
        Also save the figure there (see :func:`save`).
    cmap : str or matplotlib colormap, optional
        A registered colormap name (``matplotlib.colormaps``) or a Colormap.
    max_points : int, optional
        Cap on the number of grid cells ``points**2`` (default
        :data:`MAX_MAP_POINTS`, 4 000 000); past it a
        :class:`~symcm.errors.TooLargeError`.

    Returns
    -------
    matplotlib.figure.Figure
        The colour map is a rasterized ``QuadMesh`` with gid ``"symcm-map"``
        and a colour bar.

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
    bar.set_label(_math(_generic(expr), max_chars=120))
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
    if handles:
        ax.legend(handles=handles, fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.01), frameon=False)
    if path is not None:
        save(fig, path)
    return fig


def _region(region) -> tuple:
    if region is None:
        return ()
    try:
        lower, upper = region
    except (TypeError, ValueError):
        raise ParameterTypeError(f"region must be a pair (lower, upper), received {region!r}") from None
    return _as_expression(lower, "region lower"), _as_expression(upper, "region upper")


def _draw_special_sets(ax, expr, p, q, X, Y, Z, mesh) -> list:
    """Draw each set ``lhs = rhs`` of an ``Eq``/``Ne`` condition where the value differs from the generic one.

    On the set, the relation is decided (``Eq`` true, ``Ne`` false) and every
    other ``Eq``/``Ne`` read generically; the line is drawn (numerically, as a
    contour of ``lhs - rhs``) where that value differs from the generic value
    ``Z``, in the colour of the value when it is constant there.
    """
    import numpy as np
    from matplotlib import patheffects
    from matplotlib.lines import Line2D

    handles = []
    outline = [patheffects.Stroke(linewidth=4, foreground="black"), patheffects.Normal()]
    seen = set()
    for pw in sorted(expr.atoms(sp.Piecewise), key=sp.default_sort_key):
        relations = set()
        for _, cond in pw.args:
            if isinstance(cond, sp.Basic):
                relations |= cond.atoms(sp.Eq, sp.Ne)
        for rel in sorted(relations, key=sp.default_sort_key):
            on_set = sp.Eq(rel.lhs, rel.rhs)
            key = sp.default_sort_key(on_set)
            if key in seen or on_set in (sp.true, sp.false):
                continue
            seen.add(key)
            decided = pw.xreplace({rel: sp.true if isinstance(rel, sp.Eq) else sp.false})
            value = _generic(expr.xreplace({pw: decided}))
            V = _evaluator(value, (p, q))(X, Y)
            differs = np.isfinite(V) & ~(np.abs(V - Z) <= 1e-9 * (1 + np.abs(Z)))
            F = np.where(differs, _evaluator(rel.lhs - rel.rhs, (p, q))(X, Y), np.nan)
            finite = F[np.isfinite(F)]
            if not finite.size or not (finite.min() < 0 < finite.max()):
                continue  # no crossing of the set on the grid (or the value is the generic one there)
            values = V[differs]
            constant = float(values.max() - values.min()) <= 1e-9 * (1 + float(np.abs(values).max()))
            colour = mesh.cmap(mesh.norm(float(values.mean()))) if constant else "white"
            lines = ax.contour(X, Y, F, levels=[0], colors=[colour], linewidths=2)
            lines.set_gid("symcm-special")
            lines.set_path_effects(outline)
            if not value.free_symbols:
                shown = _math(value, max_chars=80)
            else:
                shown = f"${float(values.mean()):.4g}$" if constant else "another value"
            label = f"{_math(on_set, max_chars=80)}: {shown}"
            handles.append(Line2D([], [], color=colour, linewidth=2, path_effects=outline, label=label))
    return handles


# ---------------------------------------------------------------------------
# save
# ---------------------------------------------------------------------------


# TeX engines found on the PATH that failed to start (e.g. lualatex without luaotfload), with the reason
_BROKEN_TEX_ENGINES: dict = {}


def _save_pgf(matplotlib, fig, path: pathlib.Path) -> None:
    """Save as PGF with the first TeX engine that works: matplotlib's choice, then xelatex, lualatex, pdflatex."""
    from matplotlib.backends.backend_pgf import LatexError

    preferred = matplotlib.rcParams["pgf.texsystem"]
    found = [engine for engine in dict.fromkeys((preferred, *_TEX_ENGINES)) if shutil.which(engine)]
    for engine in found:
        if engine in _BROKEN_TEX_ENGINES:
            continue
        try:
            with matplotlib.rc_context({"pgf.texsystem": engine}):
                fig.savefig(path, format="pgf", bbox_inches="tight")
            return
        except LatexError as error:  # the engine does not start; text errors are other exceptions
            _BROKEN_TEX_ENGINES[engine] = (str(error).strip().splitlines() or ["failed"])[0]
    path.unlink(missing_ok=True)
    if not found:
        detail = "none of xelatex, lualatex, pdflatex is on the PATH"
    else:
        detail = "; ".join(f"{engine}: {_BROKEN_TEX_ENGINES[engine]}" for engine in found)
    raise MissingDependencyError(
        f"saving {path.name!r} as PGF needs a working TeX engine to measure text ({detail}); "
        "install a TeX distribution (e.g. TeX Live) or save as .pdf"
    )


def save(fig, path) -> pathlib.Path:
    """Write a figure as PDF, PNG (200 dpi) or PGF, chosen by the suffix of ``path``.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or path-like
        Ends in ``.pdf``, ``.png`` or ``.pgf`` (any case).  A PGF file of a
        figure with rasterized parts (the colour map of :func:`plot_map`)
        comes with PNG files beside it, which ``\\input`` needs.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    symcm.errors.DomainError
        If the suffix is not one of :data:`SUFFIXES`.
    symcm.errors.MissingDependencyError
        If matplotlib is not installed, or for PGF no TeX engine
        (xelatex, lualatex, pdflatex) is on the PATH: matplotlib's PGF
        backend runs one to measure text.
    symcm.errors.ParameterTypeError
        If ``fig`` is not a figure.

    Notes
    -----
    The PDF carries no creation date, so the same figure gives the same
    file.  For PGF the engine of ``rcParams["pgf.texsystem"]`` is used when
    it is installed and starts, else the first of xelatex, lualatex,
    pdflatex that does (an engine that fails to start is remembered for the
    session).

    Examples
    --------
    >>> from symcm.export.plots import save
    >>> save(None, "figure.svg")
    Traceback (most recent call last):
    ...
    symcm.errors.DomainError: cannot save 'figure.svg': the suffix must be one of .pdf, .png, .pgf
    """
    path = _check_path(path, "save")
    if path is None:
        raise ParameterTypeError("save: path must be a str or a path-like object, received None")
    suffix = path.suffix.lower()
    matplotlib = _require_matplotlib("save")
    if not hasattr(fig, "savefig"):
        raise ParameterTypeError(f"save expects a matplotlib Figure, received {type(fig).__name__}")
    if suffix == ".png":
        fig.savefig(path, format="png", dpi=_PNG_DPI, bbox_inches="tight")
    elif suffix == ".pdf":
        fig.savefig(path, format="pdf", bbox_inches="tight", metadata={"CreationDate": None})
    else:
        _save_pgf(matplotlib, fig, path)
    return path


# ---------------------------------------------------------------------------
# state diagrams
# ---------------------------------------------------------------------------

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
        Also save the figure there (see :func:`save`).

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
    >>> from symcm.export.plots import diagram
    >>> fig = diagram(sc.processes.golden_mean(sc.symbols("p")))
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['0 $|$ $p$', '1 $|$ $1 - p$', '1 $|$ $1$', 'A', 'B', 'golden_mean(p)']
    """
    m = _check_model(m, "m", "diagram")
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
    >>> from symcm.export.plots import diagram_svg
    >>> svg = diagram_svg(sc.processes.even(sc.symbols("p")))
    >>> svg is None or svg.count("<svg") == 1
    True
    """
    m = _check_model(m, "m", "diagram_svg")
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
