"""Figures that show themselves in Jupyter: a matplotlib ``Figure`` with ``_repr_png_``.

symcm makes its figures with :class:`matplotlib.figure.Figure` directly (no
pyplot, no backend switch).  Jupyter draws a returned plain ``Figure`` only
when matplotlib's inline backend has registered its formatter, which happens
when pyplot is imported; otherwise a cell ending in ``sc.plot_measures(m)``
shows ``<Figure size ...>``.  :func:`new_figure` returns a ``Figure``
subclass whose ``_repr_png_`` renders it, so the returned figure is shown
once, whether or not pyplot was imported (it is never registered with
pyplot, so the inline backend does not show it a second time).

matplotlib is imported only inside the functions (it is an optional extra);
the class is built on first use and found by name, so figures still pickle.

Examples
--------
>>> from symcm._display import new_figure
>>> fig = new_figure(figsize=(2, 1))
>>> fig._repr_png_()[:8]
b'\\x89PNG\\r\\n\\x1a\\n'
"""

from __future__ import annotations

import functools
import io

__all__ = ["new_figure"]

#: Resolution of the PNG a notebook shows (the figure's own size in inches is kept).
NOTEBOOK_DPI = 100


@functools.lru_cache(maxsize=1)
def _figure_class():
    from matplotlib.figure import Figure

    class DisplayFigure(Figure):
        """A matplotlib Figure that Jupyter displays as a PNG when it is the value of a cell."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=NOTEBOOK_DPI, bbox_inches="tight")
            return buffer.getvalue()

    DisplayFigure.__module__ = __name__
    DisplayFigure.__qualname__ = "DisplayFigure"
    return DisplayFigure


def __getattr__(name: str):
    """``DisplayFigure``, built on first access (so pickle finds the class by name)."""
    if name == "DisplayFigure":
        return _figure_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def new_figure(**kwargs):
    """A new figure (keywords as for :class:`matplotlib.figure.Figure`) that displays itself in Jupyter."""
    return _figure_class()(**kwargs)
