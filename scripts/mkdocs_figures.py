"""mkdocs hook (``mkdocs.yml`` ``hooks:``): the figures of the tutorial and the export page, drawn during the build.

Each figure is drawn by symcm itself (``sc.diagram``, ``sc.plot_measures``,
``sc.plot_map``, ``Paving.plot``: matplotlib only, no TeX, no graphviz, no
network) from the same calls the pages show, and added to the site as a
generated file under ``img/generated/``.  Nothing is written into ``docs/``,
so no committed picture can go stale, and the pages link them with ordinary
Markdown images (``![...](img/generated/lohr-generator.svg)``) that
``mkdocs build --strict`` checks like any other link.

matplotlib is part of the ``docs`` (and ``test``) extra; without it the build
stops with an error that says so.
"""

from __future__ import annotations

import io

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

FOLDER = "img/generated"


def _figures() -> dict:
    """File name -> a function drawing it (a matplotlib Figure or Axes)."""
    import sympy as sp

    import symcm as sc

    p, q = sc.symbols("p q")
    m = sc.processes.binary_markov(p, q)
    g = sc.processes.lohr_generator(p)

    def paving():
        pv = sc.pave(sc.H(p / (p + q)), sp.Rational(1, 2) + p * q, over={p: (0, 1), q: (0, 1)},
                     resolution=sp.Rational(1, 16))
        return pv.plot()

    return {
        "binary-markov.svg": lambda: sc.diagram(m),
        "lohr-generator.svg": lambda: sc.diagram(g),
        "binary-markov-measures.svg": lambda: sc.plot_measures(
            sc.processes.binary_markov(p, p), generator=g, digits=12),
        "c-mu-map.svg": lambda: sc.plot_map(
            sc.statistical_complexity(m), over={p: (0, 1), q: (0, 1)}, points=60, label=r"$C_\mu$"),
        "paving.svg": paving,
    }


def _svg(drawing) -> bytes:
    """The SVG bytes of a Figure (or of an Axes' figure), reproducible (no date, fixed ids)."""
    import matplotlib

    fig = getattr(drawing, "figure", drawing)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "symcm-docs"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def on_files(files, config, **kwargs):
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise PluginError(
            "the docs' figures are drawn with matplotlib, which is not installed: "
            "pip install -e '.[docs]' (or '.[plot]')"
        ) from None
    for name, draw in _figures().items():
        try:
            content = _svg(draw())
        except Exception as error:
            raise PluginError(f"drawing the docs figure {FOLDER}/{name} failed: {type(error).__name__}: {error}") from error
        files.append(File.generated(config, f"{FOLDER}/{name}", content=content))
    return files
