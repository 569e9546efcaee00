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
import shutil

import sympy as sp

from .. import checks
from ..errors import DomainError, MissingDependencyError, ParameterTypeError

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
