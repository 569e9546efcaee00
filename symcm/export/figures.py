r"""Figures as files, and the boundary to matplotlib: lazy import, axes, text, :func:`save`.

Every figure of the export layer (:mod:`~symcm.export.plots`,
:mod:`~symcm.export.diagrams`) is made through this module, which owns

* the import of matplotlib, an optional dependency (``pip install
  "symcm[plot]"``): only inside functions, never at module level, so symcm
  imports without it, and a missing matplotlib is a
  :class:`~symcm.errors.MissingDependencyError` naming the extra;
* new figures, built with :class:`matplotlib.figure.Figure` directly, so no
  pyplot state or backend is touched (safe in notebooks and servers), and
  the checks of the ``ax``, ``path`` and ``cmap`` arguments;
* text: an exact expression is typeset with mathtext when mathtext can
  parse its :func:`sympy.latex`, else written literally;
* notation: a catalog model is named in words and mathematics in titles
  and legends ("the binary Markov chain, :math:`q = p`", never the Python
  call ``binary_markov(p, p)``; :data:`DISPLAY_NAMES`);
* placement: legends and the notes of certified points go where their box
  touches no drawn line (tested segment by segment in display
  coordinates), and a figure of its own shows itself in Jupyter;
* the special sets of a colour map (``Eq`` branches drawn as lines);
* :func:`save`: PDF (without a creation date, so one figure gives one
  file), PNG at 200 dpi, or PGF through the first TeX engine that starts.

References
----------
.. [1] J. D. Hunter, "Matplotlib: a 2D graphics environment", Computing in
   Science & Engineering 9(3), 90-95 (2007).

Examples
--------
>>> from symcm.export.figures import SUFFIXES, save
>>> SUFFIXES
('.pdf', '.png', '.pgf')
"""

from __future__ import annotations

import functools
import pathlib
import re
import shutil

import sympy as sp

from .. import checks
from ..errors import DomainError, MissingDependencyError, ParameterTypeError
from .generic import _evaluator, _generic

__all__ = ["save", "SUFFIXES"]

#: File suffixes :func:`save` writes.
SUFFIXES = (".pdf", ".png", ".pgf")

_TEX_ENGINES = ("xelatex", "lualatex", "pdflatex")
_PNG_DPI = 200


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
    from .._display import new_figure

    fig = new_figure(figsize=figsize, layout="constrained")  # shows itself in Jupyter (_repr_png_)
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
# titles and labels: models and measures in words and mathematics
# ---------------------------------------------------------------------------

#: Catalog name -> how a title names the process (else the first clause of its docstring).
DISPLAY_NAMES = {
    "biased_coin": "the biased coin",
    "binary_markov": "the binary Markov chain",
    "lohr_generator": "Loehr's generator",
    "golden_mean": "the golden mean process",
    "even": "the even process",
    "period": "the periodic process",
    "noisy_period2": "the noisy period-2 process",
    "abc": "alternating biased coins",
    "rip": "the random insertion process",
    "nemo": "the Nemo process",
    "rrxor": "the RRXOR process",
    "sns": "the simple non-unifilar source",
    "perturbed_coin": "the perturbed coin",
    "afc": "the almost fair coin",
    "afc2": "the two-sided almost fair coin",
    "iid": "the IID process",
    "cyclic_branching": "the cyclic branching process",
    "markov_skeleton": "the Markov skeleton",
    "multiples_of": "the multiples-of-$n$ process",
    "named_period": "the periodic process",
    "periodic": "the periodic process",
    "three_even": "the three-symbol even process",
    "four_state_almost_iid": "the four-state almost IID process",
    "coupled_gmps": "coupled golden-mean processes",
    "even_redundant": "a redundant presentation of the even process",
    "beads_on_necklace": "beads on a necklace",
    "girvan_fig6b": "Girvan's figure 6(b)",
    "girvan_fig6c": "Girvan's figure 6(c)",
    "girvan_fig6d": "Girvan's figure 6(d)",
}

_CALL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\((.*?)\)((?: at .*)?)$")


def _process_words(name: str, function) -> str:
    """``DISPLAY_NAMES[name]``, else the docstring's first clause when it is plain words, else the name in words."""
    if name in DISPLAY_NAMES:
        return DISPLAY_NAMES[name]
    first = ((getattr(function, "__doc__", None) or "").strip().splitlines() or [""])[0]
    clause = re.split(r"[:.;,(\[]", first, maxsplit=1)[0].strip()
    if clause and not re.search(r"[`_*$\\]", clause) and len(clause) <= 60:
        first_word = clause.split(" ", 1)[0]
        return clause[0].lower() + clause[1:] if first_word in ("The", "A", "An") else clause
    return name.replace("_", " ")


def _math_text(text: str, symbols) -> str | None:
    """LaTeX of an expression written as text in a model's name, or None if it is not mathematics.

    Mathematics: it parses in the restricted grammar, every name in it is a
    parameter of the model or a one-letter or Greek name, and mathtext can
    typeset it.  Anything else (``num_states``, ``mealy``) is left to the
    caller to write as words.
    """
    from ..algebra.parse import parse_expression

    names = {s.name: s for s in symbols}
    for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text):
        if word not in names and len(word) > 1 and word not in _GREEK:
            return None
        names.setdefault(word, sp.Symbol(word))
    try:
        tex = sp.latex(parse_expression(text, names))
    except Exception:  # not an expression of the tiny grammar: the caller writes the text literally
        return None
    return tex if _mathtext_ok(tex) else None


_GREEK = frozenset("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau "
                   "upsilon phi chi psi omega".split())


def _model_text(model) -> str:
    """A model named in words and mathematics for a title or legend, never as a Python call.

    ``binary_markov(p, p)`` becomes ``the binary Markov chain, $q = p$``:
    the catalog function's display name, then each argument that is not the
    parameter's own symbol as an equation (and the substitutions of
    ``HMM.subs``, named ``... at q = 1 - p``).  A name that is not a catalog
    call is written literally.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.figures import _model_text
    >>> p, q = sc.symbols("p q")
    >>> _model_text(sc.processes.binary_markov(p, p))
    'the binary Markov chain, $q = p$'
    >>> _model_text(sc.processes.binary_markov(p, q).subs({q: 1 - p}))
    'the binary Markov chain, $q = 1 - p$'
    >>> _model_text(sc.processes.golden_mean(p))
    'the golden mean process'
    """
    from ..models.processes import catalog

    name = getattr(model, "name", None) or ""
    match = _CALL.match(name)
    entry = catalog().get(match.group(1)) if match else None
    if entry is None and match and match.group(1) in DISPLAY_NAMES:  # e.g. periodic(1010111) of named_period
        return _plain(f"{DISPLAY_NAMES[match.group(1)]} {match.group(2)}{match.group(3)}")
    if entry is None:
        return _plain(name) if name else "the model"
    function, parameters = entry
    args = [a.strip() for a in match.group(2).split(",")] if match.group(2).strip() else []
    symbols = tuple(getattr(model, "parameters", ()))
    equations = [(k, v) for k, v in zip(parameters, args) if v != k]
    for part in match.group(3)[len(" at "):].split(", ") if match.group(3) else ():
        lhs, _, rhs = part.partition(" = ")
        equations.append((lhs.strip(), rhs.strip()))
    shown = []
    for lhs, rhs in equations:
        left, right = _math_text(lhs, symbols), _math_text(rhs, symbols)
        words = f"{lhs} = {rhs}".replace("_", " ")
        shown.append(f"${left} = {right}$" if left and right else _plain(words))
    return ", ".join([_process_words(match.group(1), function), *shown])


def _check_title(title, what: str):
    """``title``: None (the default title), or a str (``""``: no title)."""
    if title is not None and not isinstance(title, str):
        raise ParameterTypeError(f"{what}: title must be a str or None, received {checks.describe(title)}")
    return title


def _check_labels(labels, keys, what: str) -> dict:
    """``labels`` as a dict whose keys are among ``keys`` and whose values are str (legend texts)."""
    if labels is None:
        return {}
    if not isinstance(labels, dict):
        raise ParameterTypeError(f"{what}: labels must be a dict {{name: text}}, received {checks.describe(labels)}")
    for key, value in labels.items():
        if key not in keys:
            raise DomainError(f"{what}: labels has the key {key!r}; expected some of {', '.join(map(repr, keys))}")
        if not isinstance(value, str):
            raise ParameterTypeError(f"{what}: labels[{key!r}] must be a str, received {checks.describe(value)}")
    return dict(labels)


def _line_pieces(ax, skip=()) -> list:
    """Every visible line of ``ax`` as runs of finite points in display coordinates (gids in ``skip`` left out)."""
    import numpy as np

    pieces = []
    for line in ax.lines:
        if any((line.get_gid() or "").startswith(prefix) for prefix in skip) or not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        finite = np.isfinite(xy).all(axis=1)
        cuts = np.flatnonzero(np.diff(np.r_[0, finite.astype(int), 0]))
        pieces += [xy[start:stop] for start, stop in zip(cuts[::2], cuts[1::2])]
    return pieces


def _box_is_clear(box, frame, pieces, avoid=()) -> bool:
    """Whether the display box lies inside ``frame`` and misses every piece of line and every box of ``avoid``."""
    from matplotlib.path import Path

    if not (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1):
        return False
    if any(box.overlaps(other) for other in avoid):
        return False
    return not any(box.count_contains(piece) or (len(piece) > 1 and Path(piece).intersects_bbox(box, filled=False))
                   for piece in pieces)


#: Places tried, in order, for a legend inside the axes before it goes beside them.
_LEGEND_PLACES = ("upper right", "upper left", "lower right", "lower left", "center right", "center left",
                  "upper center", "lower center", "center")


def _legend_clear_of_lines(ax, **style):
    """A legend inside ``ax`` where it covers no line (the first clear place of ``_LEGEND_PLACES``), else beside it.

    matplotlib's ``loc="best"`` weighs overlaps and may still cover a curve;
    here a place is taken only if the legend's box touches no segment of any
    line, else the legend goes outside, to the right of the axes.
    """
    fig = ax.figure
    fig.draw_without_rendering()
    pieces = _line_pieces(ax)
    frame = ax.get_window_extent()
    pad = 2 * fig.dpi / 72
    for loc in _LEGEND_PLACES:
        legend = ax.legend(loc=loc, **style)
        if _box_is_clear(legend.get_window_extent().padded(pad), frame, pieces):
            return legend
    return ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0, **style)


def _clear_of_lines(ax, note, candidates, skip=()) -> bool:
    """Move the annotation ``note`` to the first candidate whose text box touches no line of ``ax``.

    Each candidate is ``(xy, offset, ha)``: the annotated point (in the
    note's ``xycoords``), the text's offset from it in points, and the
    horizontal alignment.  A line is ignored if its gid starts with one of
    ``skip``.  The text box, padded by 2 points, must lie inside the axes,
    off the legend, and miss every segment of every other line in display
    coordinates (the samples the curves are drawn from).  Returns whether a
    clear place was found; if not, the note stays at the first candidate.
    """
    fig = ax.figure
    fig.draw_without_rendering()  # the layout (constrained, legend outside) fixes the axes' place first
    pieces = _line_pieces(ax, skip)
    legend = ax.get_legend()
    avoid = (legend.get_window_extent(),) if legend is not None else ()
    frame = ax.get_window_extent()
    pad = 2 * fig.dpi / 72

    def place(candidate):
        xy, offset, ha = candidate
        note.xy = xy
        note.set_position(offset)
        note.set_horizontalalignment(ha)

    for candidate in candidates:
        place(candidate)
        if _box_is_clear(note.get_window_extent().padded(pad), frame, pieces, avoid):
            return True
    place(candidates[0])
    return False


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
        figure with rasterized parts (the colour map of :func:`~symcm.export.plots.plot_map`)
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
    >>> from symcm.export.figures import save
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
