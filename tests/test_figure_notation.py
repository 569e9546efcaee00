"""Figures a paper can use (issue 14): mathematical titles and legends, title=/labels=, LaTeX colour bars,
shading in a colour of its own, annotations and legends clear of the data, and notebook displays."""

from __future__ import annotations

import re

import pytest
import sympy as sp

import symcm as sc

matplotlib = pytest.importorskip("matplotlib")

p, q = sc.symbols("p q")
UNIT = {p: (0, 1), q: (0, 1)}
PYTHON_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\(")


def _outside_math(text: str) -> str:
    """The parts of a matplotlib text not between ``$`` signs."""
    return "".join(text.split("$")[0::2])


def _words_are_readable(text: str) -> bool:
    """No Python call and no underscore outside the mathematics."""
    plain = _outside_math(text)
    return "_" not in plain and not PYTHON_CALL.search(plain)


@pytest.fixture(scope="module")
def markov_figure():
    """binary_markov(p, p) with Loehr's generator: every element of plot_measures at once."""
    return sc.plot_measures(sc.processes.binary_markov(p, p), generator=sc.processes.lohr_generator(p),
                            points=200, digits=8)


def _legend_texts(ax) -> list:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def _curve_pieces(ax, skip=("symcm-crossover",)):
    """Every line of ``ax`` (but the crossover marks) as runs of finite points in display coordinates."""
    import numpy as np

    pieces = []
    for line in ax.lines:
        if (line.get_gid() or "").startswith(skip):
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        finite = np.isfinite(xy).all(axis=1)
        run = []
        for point, ok in zip(xy, finite):
            if ok:
                run.append(point)
            elif run:
                pieces.append(np.array(run))
                run = []
        if run:
            pieces.append(np.array(run))
    return pieces


def _touches(box, pieces) -> bool:
    from matplotlib.path import Path

    return any(box.count_contains(piece) or (len(piece) > 1 and Path(piece).intersects_bbox(box, filled=False))
               for piece in pieces)


def test_plot_measures_title_and_legend_are_mathematics(markov_figure):
    """The default title names the measures and the model in mathematics and words, never as a Python call."""
    ax = markov_figure.axes[0]
    title = ax.get_title()
    assert _words_are_readable(title), title
    assert r"$C_\mu$" in title and "binary Markov chain" in title and "$q = p$" in title
    for text in _legend_texts(ax):
        assert _words_are_readable(text), text
    assert any("Loehr" in text for text in _legend_texts(ax))


def test_golden_mean_title():
    """golden_mean(p): the title is the measures 'of the golden mean process'."""
    fig = sc.plot_measures(sc.processes.golden_mean(p), measures=("C_mu", "chi"), points=50)
    assert fig.axes[0].get_title() == r"$C_\mu$, $\chi$ of the golden mean process"


def test_plot_measures_title_and_labels_arguments():
    """title= replaces the title ('' removes it); labels= replaces legend entries by measure name."""
    m = sc.processes.golden_mean(p)
    fig = sc.plot_measures(m, points=50, title="Golden mean", labels={"C_mu": "memory $C_\\mu$"})
    ax = fig.axes[0]
    assert ax.get_title() == "Golden mean"
    assert _legend_texts(ax)[0] == "memory $C_\\mu$"
    assert sc.plot_measures(m, points=50, title="").axes[0].get_title() == ""
    with pytest.raises(sc.errors.DomainError, match="labels"):
        sc.plot_measures(m, points=50, labels={"C_m": "x"})
    with pytest.raises(sc.errors.ParameterTypeError, match="title"):
        sc.plot_measures(m, points=50, title=3)


def test_crossover_shading_in_a_colour_no_curve_uses(markov_figure):
    """The certified crossover's shading is far (in RGB) from the colour of every curve."""
    import numpy as np
    from matplotlib.colors import to_rgb

    ax = markov_figure.axes[0]
    shades = [patch for patch in ax.patches if patch.get_gid() == "symcm-crossover"]
    curves = [line.get_color() for line in ax.lines if not (line.get_gid() or "").startswith("symcm-crossover")]
    assert shades and curves
    for shade in shades:
        colour = np.array(shade.get_facecolor()[:3])
        distances = [np.linalg.norm(colour - np.array(to_rgb(c))) for c in curves]
        assert min(distances) >= 0.3, (shade.get_facecolor(), curves)


def test_crossover_annotation_touches_no_curve(markov_figure):
    """The certified end's text box (p* = 0.38645...) intersects no curve of the figure."""
    ax = markov_figure.axes[0]
    markov_figure.draw_without_rendering()
    notes = [t for t in ax.texts if "^*" in t.get_text()]
    assert notes
    pieces = _curve_pieces(ax)
    for note in notes:
        assert not _touches(note.get_window_extent(), pieces), note.get_text()


def test_legends_cover_no_data(markov_figure):
    """plot_measures' and Paving.plot's legends lie where no curve or box is (outside the axes)."""
    markov_figure.draw_without_rendering()
    ax = markov_figure.axes[0]
    assert not _touches(ax.get_legend().get_window_extent(), _curve_pieces(ax, skip=()))
    pv = sc.pave(sc.H(p / (p + q)), sp.S.Half + p * q, over=UNIT, resolution=sp.Rational(1, 8))
    drawn = pv.plot(grid=80)
    fig = getattr(drawn, "figure", drawn)  # the Figure (older versions returned its Axes)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    assert not ax.get_legend().get_window_extent().overlaps(ax.get_window_extent())


def test_paving_plot_title_and_labels():
    """Paving.plot: the inequality as mathematics in the title; title= and labels= override."""
    pv = sc.pave(p + q, 1, over=UNIT, resolution=sp.Rational(1, 4))
    ax = pv.plot(grid=40).axes[0]
    assert ax.get_title() == "certified region $p + q < 1$"
    assert all("lower" not in text and "upper" not in text for text in _legend_texts(ax))
    ax = pv.plot(grid=40, title="R", labels={"inside": "in"}).axes[0]
    assert ax.get_title() == "R" and _legend_texts(ax)[0].startswith("in: ")
    with pytest.raises(sc.errors.DomainError, match="labels"):
        pv.plot(labels={"in": "x"})


def test_plot_map_colour_bar_label_is_latex():
    """plot_map's colour bar is labelled in mathtext: label= as given; a long expression is f(p, q), not Python."""
    m = sc.processes.binary_markov(p, q)
    fig = sc.plot_map(sc.statistical_complexity(m), UNIT, points=20, label=r"$C_\mu$", title=r"$C_\mu$")
    bar = fig.axes[1]
    assert bar.get_ylabel() == r"$C_\mu$" and fig.axes[0].get_title() == r"$C_\mu$"
    long = sc.excess_entropy(m)
    label = sc.plot_map(long, UNIT, points=20).axes[1].get_ylabel()
    assert label.startswith("$") and label.endswith("$"), label
    assert "H(" not in _outside_math(label)


def test_figures_display_themselves_once():
    """plot_measures, plot_map and Paving.plot return Figures with _repr_png_, unknown to pyplot (shown once)."""
    import matplotlib.pyplot as plt

    plt.close("all")
    figures = [
        sc.plot_measures(sc.processes.golden_mean(p), points=30),
        sc.plot_map(p * q, UNIT, points=10),
        sc.pave(p + q, 1, over=UNIT, resolution=sp.Rational(1, 4)).plot(grid=20),
    ]
    for fig in figures:
        assert isinstance(fig, matplotlib.figure.Figure)
        assert fig._repr_png_()[:8] == b"\x89PNG\r\n\x1a\n"
    assert plt.get_fignums() == []  # the inline backend has nothing of ours to show a second time


def test_report_repr_is_short_and_html_is_a_summary():
    """A Report's repr is one short line; its notebook view gives title, measures as LaTeX and the crossover."""
    r = sc.report(sc.processes.binary_markov(p, p), sc.processes.lohr_generator(p), digits=12)
    text = repr(r)
    assert text == "<Report 'Derivation: the binary Markov chain, $q = p$': 5 sections; .to_pdf(path), .to_latex()>"
    view = r._repr_html_()
    assert len(view) < 5000
    assert r"$C_\mu$" in view and r"$\mathbf{E}$" in view and "crossover" in view and "0.3864539" in view


def test_paving_has_a_rich_display():
    """A Paving shows the inequality, its counts and area bounds, and its picture in a notebook."""
    pv = sc.pave(p + q, 1, over=UNIT, resolution=sp.Rational(1, 4))
    view = pv._repr_html_()
    assert "$p + q &lt; 1$" in view and "undecided" in view and "data:image/png;base64," in view


def test_every_catalog_name_reads_as_words_and_mathematics():
    """The title helper writes every catalog example without Python calls or underscores."""
    from symcm.export.figures import _model_text

    for name in sc.processes.catalog():
        text = _model_text(sc.processes.example(name))
        assert _words_are_readable(text), (name, text)


def test_crossover_annotation_near_the_right_end_stays_inside():
    """With the crossover near the range's end, its text moves left of the line: inside the axes, off the curves."""
    fig = sc.plot_measures(sc.processes.binary_markov(p, p), {p: (sp.Rational(1, 5), sp.Rational(2, 5))},
                           generator=sc.processes.lohr_generator(p), points=100, digits=8)
    fig.draw_without_rendering()
    ax = fig.axes[0]
    (note,) = [t for t in ax.texts if "^*" in t.get_text()]
    box, frame = note.get_window_extent(), ax.get_window_extent()
    assert frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
    assert not _touches(box, _curve_pieces(ax))


def test_legend_on_callers_axes_covers_no_curve():
    """On the caller's axes (a panel of a figure) the legend sits where no curve is, or beside the axes."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4), layout="constrained")
    left, right = fig.subplots(1, 2)
    sc.plot_measures(sc.processes.binary_markov(p, p), generator=sc.processes.lohr_generator(p), points=200,
                     digits=8, ax=left)
    sc.plot_measures(sc.processes.golden_mean(p), points=200, ax=right)
    fig.draw_without_rendering()
    for ax in (left, right):
        assert not _touches(ax.get_legend().get_window_extent(), _curve_pieces(ax, skip=()))
