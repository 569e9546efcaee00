"""Benchmark: the SVG state diagram (``symcm.export.diagrams.diagram_svg``, Jupyter's ``_repr_svg_``).

The model: ten states ``S0 .. S9`` on a ring, from ``S_i`` an edge to
``S_{i+1}`` on ``"0"`` and one to ``S_{i+3}`` on ``"1"`` (probability
``p/2`` each) and a self-loop on ``"0"`` (``1 - p``): 30 edges, 30 arcs, 30
mathtext labels.  Its target was 0.3 s per diagram (issue #5), so a notebook
shows a model at once.

Times (best of ``--repeat``, the first, cold call timed separately because it
fills matplotlib's mathtext and font caches):

* ``ten states`` - ``diagram_svg`` of the model above;
* ``two states`` - ``diagram_svg`` of ``golden_mean(p)`` (3 edges), the
  baseline in the same process: the ratio says how the cost grows with the
  size of the model;
* ``plain figure`` - a bare matplotlib ``Figure`` of the same size with the
  same 41 texts as plain strings (no arrows, no mathtext) saved as SVG: what
  matplotlib alone costs for that much text.

Each SVG is checked (one ``<svg`` element, every state name present) before
its time is reported.  Run from the repository root::

    python -m benchmarks.diagram --repeat 7

The markdown table goes to stdout (machine description first).  The test
suite keeps only untimed checks (``tests/test_plots.py``: one draw, one text
per state and per arc).
"""

from __future__ import annotations

import argparse
import io
import platform
import time

import symcm as sc
from symcm.export import diagrams

from . import common

__all__ = ["ten_state_model", "run", "main"]


def ten_state_model() -> sc.HMM:
    """The benchmark's model: 10 states, 30 edges, one parameter ``p``."""
    p = sc.symbols("p")
    edges = []
    for i in range(10):
        edges += [(f"S{i}", f"S{(i + 1) % 10}", "0", p / 2), (f"S{i}", f"S{(i + 3) % 10}", "1", p / 2),
                  (f"S{i}", f"S{i}", "0", 1 - p)]
    return sc.HMM.from_edges(edges, domain={p: (0, 1)}, name="ten states")


def _plain_figure_svg(texts: list[str], size: float) -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size, size))
    ax = fig.add_axes((0, 0, 1, 1))
    for k, text in enumerate(texts):
        ax.text((k % 7) / 7, (k // 7) / 7, text)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def _checked(m: sc.HMM):
    def draw():
        svg = diagrams.diagram_svg(m)
        assert svg is not None and svg.count("<svg") == 1, "not one SVG document"
        return svg

    return draw


def run(repeat: int) -> list[tuple[str, float, float]]:
    """``(name, first call seconds, best seconds)`` for each row of the table."""
    ten, two = ten_state_model(), sc.processes.golden_mean(sc.symbols("p"))
    fig = diagrams._diagram_figure(ten, True)
    texts = [t.get_text().replace("$", "") for t in fig.axes[0].texts]
    size = fig.get_figwidth()
    rows = []
    for name, fn in (("ten states", _checked(ten)), ("two states", _checked(two)),
                     ("plain figure", lambda: _plain_figure_svg(texts, size))):
        start = time.perf_counter()
        fn()
        first = time.perf_counter() - start
        best, _ = common.best_of(fn, repeat, lambda: None)  # warm: the caches are matplotlib's
        rows.append((name, first, best))
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    import matplotlib

    rows = run(args.repeat)
    base = dict((name, best) for name, _, best in rows)
    print(f"# diagram_svg ({common.cpu_model()}, {common.usable_cpus()} CPUs, {platform.python_implementation()} "
          f"{platform.python_version()}, matplotlib {matplotlib.__version__}, best of {args.repeat})\n")
    print("| diagram | first call | best | / two states | / plain figure |")
    print("|---|---:|---:|---:|---:|")
    for name, first, best in rows:
        print(f"| {name} | {first * 1e3:.0f} ms | {best * 1e3:.0f} ms | {best / base['two states']:.1f}x "
              f"| {best / base['plain figure']:.1f}x |")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
