"""Tests of the figures (export.plots, diagrams, figures, generic): files, values, special points, no matplotlib."""

from __future__ import annotations

import importlib.util
import math
import shutil
import sys

import pytest
import sympy as sp

import symcm as sc
from tests.catalog_args import catalog_arguments
from symcm.export import diagrams, generic, plots
from symcm.export import figures as export_figures
from symcm.errors import DomainError, MissingDependencyError, ParameterTypeError, SymcmError

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
HAS_TEX = any(shutil.which(engine) for engine in ("xelatex", "lualatex", "pdflatex"))
needs_matplotlib = pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed (extra symcm[plot])")

p, q = sc.symbols("p q")
R = sp.Rational
LOHR_RANGE = {p: (R(1, 100), R(49, 100))}
UNIT_SQUARE = {p: (0, 1), q: (0, 1)}
P_STAR = 0.38645390239032590639  # certified crossover of Loehr's generator (tests/test_crossover.py)


def catalog_models():
    """(name, model) for every catalog process, parameters as symbols and period with n = 3."""
    out = []
    for name, (function, params) in sorted(sc.processes.catalog().items()):
        if name == "period":
            out.append((name, function(3)))
        else:
            out.append((name, function(*catalog_arguments(name, params,
                                                          symbol=lambda s: sp.Symbol(s, positive=True, real=True)))))
    return out


def line(fig, gid):
    """The Line2D with this gid on the first axes."""
    (found,) = [ln for ln in fig.axes[0].get_lines() if ln.get_gid() == gid]
    return found


def exact(expr, x: float) -> float:
    """``expr`` at the exact binary value of the float ``x``, to 30 digits."""
    return float(sp.sympify(expr).subs(p, sp.Rational(x)).evalf(30))


@pytest.fixture(scope="module")
def figures():
    """One figure of each plotting function (built once: they are compared, not mutated)."""
    if not HAS_MATPLOTLIB:
        pytest.skip("matplotlib is not installed")
    c_mu = sc.statistical_complexity(sc.processes.binary_markov(p, q))
    return {
        "plot_measures": plots.plot_measures(sc.processes.binary_markov(p, p), LOHR_RANGE,
                                             generator=sc.processes.lohr_generator(p), points=200),
        "plot_map": plots.plot_map(c_mu, UNIT_SQUARE, points=80, levels=4,
                                   region=(sc.excess_entropy(sc.processes.binary_markov(p, q)), R(1, 2))),
        "diagram": plots.diagram(sc.processes.lohr_generator(p)),
    }


# ---------------------------------------------------------------------------
# files
# ---------------------------------------------------------------------------


@needs_matplotlib
@pytest.mark.parametrize("kind", ["plot_measures", "plot_map", "diagram"])
@pytest.mark.parametrize("suffix", [".pdf", ".png", ".pgf"])
def test_save_writes_nontrivial_files(figures, kind, suffix, tmp_path):
    """Every figure is written as PDF, PNG and PGF files of several KB; the PNG has non-blank pixels."""
    if suffix == ".pgf" and not HAS_TEX:
        pytest.skip("no TeX engine on the PATH: the PGF backend needs one to measure text")
    out = plots.save(figures[kind], tmp_path / f"{kind}{suffix}")
    assert out == tmp_path / f"{kind}{suffix}"
    assert out.stat().st_size > 5_000
    if suffix == ".png":
        import matplotlib.image

        pixels = matplotlib.image.imread(out)
        assert pixels.ndim == 3 and min(pixels.shape[:2]) > 400  # 200 dpi
        assert (pixels != pixels[0, 0]).any(axis=-1).mean() > 0.02  # not one colour
    if suffix == ".pgf":
        assert b"\\begin{pgfpicture}" in out.read_bytes()


@needs_matplotlib
def test_path_argument_saves(tmp_path):
    """path= saves the figure through save(), with the format of the suffix."""
    target = tmp_path / "diagram.pdf"
    plots.diagram(sc.processes.golden_mean(p), path=target)
    assert target.read_bytes().startswith(b"%PDF") and target.stat().st_size > 5_000


@needs_matplotlib
def test_pdf_is_reproducible(tmp_path):
    """The PDF carries no creation date: saving the same figure twice gives the same bytes."""
    fig = plots.diagram(sc.processes.even(p))
    first, second = plots.save(fig, tmp_path / "a.pdf"), plots.save(fig, tmp_path / "b.pdf")
    assert first.read_bytes() == second.read_bytes()


def test_bad_suffix_is_a_clear_value_error():
    """An unsupported suffix raises a SymcmError that is a ValueError and lists .pdf, .png, .pgf."""
    with pytest.raises(DomainError, match=r"\.pdf, \.png, \.pgf") as info:
        plots.save(object(), "figure.svg")
    assert isinstance(info.value, SymcmError) and isinstance(info.value, ValueError)


@needs_matplotlib
def test_pgf_without_tex_engine_is_a_clear_error(monkeypatch, tmp_path):
    """Without any TeX engine on the PATH, saving PGF raises MissingDependencyError naming TeX, and no file."""
    monkeypatch.setattr(export_figures.shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match="TeX"):
        plots.save(plots.diagram(sc.processes.biased_coin(p)), tmp_path / "x.pgf")
    assert not (tmp_path / "x.pgf").exists()


# ---------------------------------------------------------------------------
# plot_measures
# ---------------------------------------------------------------------------


@needs_matplotlib
def test_crossover_shading_is_the_certified_span(figures):
    """Loehr vs binary_markov(p, p) on (1/100, 49/100): one shaded span, from p* = 0.38645... to 49/100."""
    ax = figures["plot_measures"].axes[0]
    spans = [patch for patch in ax.patches if patch.get_gid() == "symcm-crossover"]
    assert len(spans) == 1
    xs = spans[0].get_patch_transform().transform(spans[0].get_path().vertices)[:, 0]
    assert abs(xs.min() - P_STAR) < 1e-9
    assert abs(xs.max() - 0.49) < 1e-12


@needs_matplotlib
def test_curves_equal_exact_values(figures):
    """Line data at grid points equal the exact measures (and the generator's state entropy) to 1e-12."""
    fig = figures["plot_measures"]
    m = sc.processes.binary_markov(p, p)
    expected = {
        "symcm-C_mu": sc.statistical_complexity(m),
        "symcm-h_mu": sc.entropy_rate(m),
        "symcm-E": sc.excess_entropy(m),
        "symcm-generator": sc.state_entropy(sc.processes.lohr_generator(p)),
    }
    for gid, expr in expected.items():
        ln = line(fig, gid)
        xs, ys = ln.get_xdata(), ln.get_ydata()
        assert len(xs) == 200 and xs.min() > 0.01 and xs.max() < 0.49  # open grid: the ends are not evaluated
        for i in (0, 37, 100, 199):
            assert abs(ys[i] - exact(expr, xs[i])) < 1e-12, (gid, xs[i])


@needs_matplotlib
def test_grid_is_cell_centres():
    """The grid is the centres of equal cells of the open range: a + (b - a)(i + 1/2)/n."""
    fig = plots.plot_measures(sc.processes.golden_mean(p), {p: (R(1, 4), R(3, 4))}, measures=["h_mu"], points=5)
    assert list(line(fig, "symcm-h_mu").get_xdata()) == pytest.approx([0.3, 0.4, 0.5, 0.6, 0.7], abs=1e-15)


@needs_matplotlib
def test_iid_line_is_zero():
    """binary_markov(p, 1 - p) is IID for every p: the plotted C_mu, E and chi are 0 and h_mu = H(p)."""
    m = sc.processes.binary_markov(p, 1 - p)
    fig = plots.plot_measures(m, measures=("C_mu", "h_mu", "E", "chi"), points=101)
    for gid in ("symcm-C_mu", "symcm-E", "symcm-chi"):
        ys = line(fig, gid).get_ydata()
        assert len(ys) == 101 and (ys == 0).all()
    h = line(fig, "symcm-h_mu")
    assert abs(h.get_ydata()[17] - exact(sc.H(p), h.get_xdata()[17])) < 1e-12
    assert not [ln for ln in fig.axes[0].get_lines() if ln.get_gid().endswith(("-value", "-limit"))]


@needs_matplotlib
def test_piecewise_special_point_is_marked():
    """C_mu of binary_markov(p, p) is 1 except 0 at p = 1/2: a filled dot (1/2, 0), an open dot (1/2, 1), a gap."""
    fig = plots.plot_measures(sc.processes.binary_markov(p, p), measures=("C_mu", "E"), points=100)
    c_mu = line(fig, "symcm-C_mu")
    xs, ys = c_mu.get_xdata(), c_mu.get_ydata()
    gap = list(xs).index(0.5)
    assert math.isnan(ys[gap])  # the line is broken at 1/2
    assert all(y == 1 for i, y in enumerate(ys) if i != gap)
    value, limit = line(fig, "symcm-C_mu-value"), line(fig, "symcm-C_mu-limit")
    assert (value.get_xdata()[0], value.get_ydata()[0]) == (0.5, 0.0)
    assert (limit.get_xdata()[0], limit.get_ydata()[0]) == (0.5, 1.0)
    assert limit.get_markerfacecolor() == "white"
    gids = {ln.get_gid() for ln in fig.axes[0].get_lines()}
    assert "symcm-E-value" not in gids  # E = 1 - H(p) is continuous at 1/2: nothing to mark


@needs_matplotlib
def test_jump_at_an_inequality_is_broken_and_marked():
    """A jump of Piecewise((p, p < 1/3), (1 - p, True)) at 1/3: value 2/3 filled, left limit 1/3 open, line cut."""
    xs, ys, specials = generic._curve(sp.Piecewise((p, p < R(1, 3)), (1 - p, True)), p, 0, 1, 60)
    ((c, value, limits),) = specials
    assert (c, value) == (pytest.approx(1 / 3, abs=1e-15), pytest.approx(2 / 3, abs=1e-15))
    assert limits == [pytest.approx(1 / 3, abs=1e-6)]
    assert math.isnan(ys[list(xs).index(c)])


@needs_matplotlib
def test_irrational_special_point_is_exact():
    """Piecewise((0, Eq(p**2, 1/2)), (1, True)): the special point is sqrt(2)/2, found exactly."""
    _, _, specials = generic._curve(sp.Piecewise((0, sp.Eq(p**2, R(1, 2))), (1, True)), p, 0, 1, 50)
    assert specials == [(pytest.approx(2**-0.5, abs=1e-15), 0.0, [1.0])]


@needs_matplotlib
def test_unsolvable_condition_warns():
    """A condition sympy cannot solve (H(p) = 1/2) draws the generic curve and warns that a point may be missing."""
    with pytest.warns(sc.errors.SymcmWarning, match="could not solve"):
        xs, ys, specials = generic._curve(sp.Piecewise((0, sp.Eq(sc.H(p), R(1, 2))), (1, True)), p, 0, 1, 20)
    assert specials == [] and (ys == 1).all()


@needs_matplotlib
def test_labels_and_axes():
    """Legend labels are LaTeX ($C_\\mu$, $h_\\mu$, $\\mathbf{E}$, $\\chi$, $H[\\pi]$); x is $p$, y is bits."""
    fig = plots.plot_measures(sc.processes.golden_mean(p), measures=("C_mu", "h_mu", "E", "chi", "H[pi]"),
                              points=20)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == [r"$C_\mu$", r"$h_\mu$", r"$\mathbf{E}$", r"$\chi$", r"$H[\pi]$"]
    assert ax.get_xlabel() == "$p$" and ax.get_ylabel() == "bits"


@needs_matplotlib
def test_draws_on_given_axes():
    """With ax=, the curves go on that Axes and its figure is returned."""
    from matplotlib.figure import Figure

    fig = Figure()
    ax1, ax2 = fig.subplots(1, 2)
    assert plots.plot_measures(sc.processes.even(p), ax=ax2, points=10) is fig
    assert not ax1.get_lines() and ax2.get_lines()


def test_two_parameters_is_a_clear_error():
    """A model with two free parameters raises a ValueError-type SymcmError saying how to restrict it."""
    with pytest.raises(DomainError, match=r"exactly one free parameter.*m\.subs\(\{q: p\}\)") as info:
        plots.plot_measures(sc.processes.binary_markov(p, q))
    assert isinstance(info.value, ValueError)


def test_subs_restricts_to_a_line():
    """HMM.subs accepts a symbol as value, so the hint m.subs({q: p}) gives a one-parameter model."""
    assert sc.processes.binary_markov(p, q).subs({q: p}).parameters == (p,)


@needs_matplotlib
@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"over": {p: (0, 1)}, "generator": sc.processes.lohr_generator(p)}, DomainError, "generator's domain"),
        ({"over": {q: (0, 1)}}, DomainError, "parameter is p"),
        ({"over": {p: (R(1, 2), R(1, 4))}}, DomainError, "a < b"),
        ({"over": {p: (0.1, 0.2)}}, ParameterTypeError, "float"),
        ({"measures": ("C_mu", "Cmu")}, DomainError, "unknown measure 'Cmu'"),
        ({"points": 1}, DomainError, "at least 2"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    """Ranges outside the domains, other symbols, floats, unknown measures and tiny grids are refused clearly."""
    with pytest.raises(error, match=match):
        plots.plot_measures(sc.processes.binary_markov(p, p), **kwargs)


# ---------------------------------------------------------------------------
# plot_map
# ---------------------------------------------------------------------------


@needs_matplotlib
def test_map_values_are_finite_generic(figures):
    """The C_mu map is a QuadMesh of finite values in [0, 1] on the open grid, with a colour bar."""
    from matplotlib.collections import QuadMesh

    fig = figures["plot_map"]
    (mesh,) = [c for c in fig.axes[0].collections if c.get_gid() == "symcm-map"]
    assert isinstance(mesh, QuadMesh)
    values = mesh.get_array()
    assert values.size == 80 * 80 and values.count() == values.size
    assert 0 <= values.min() and values.max() <= 1
    assert len(fig.axes) == 2  # the map and its colour bar
    gids = {c.get_gid() for c in fig.axes[0].collections}
    assert {"symcm-special", "symcm-levels", "symcm-region"} <= gids


@needs_matplotlib
def test_map_iid_line_uses_generic_value_and_is_drawn():
    """Cells centred exactly on p + q = 1 show the generic H(p/(p+q)); the IID line is drawn with the value 0."""
    c_mu = sc.statistical_complexity(sc.processes.binary_markov(p, q))
    fig = plots.plot_map(c_mu, UNIT_SQUARE, points=4)  # centres 1/8, 3/8, 5/8, 7/8: 1/8 + 7/8 == 1 exactly
    values = fig.axes[0].collections[0].get_array()
    assert abs(values[3, 0] - float(sc.H(R(1, 8)).evalf(30))) < 1e-12  # row q = 7/8, column p = 1/8
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["$p + q = 1$: $0$"]


@needs_matplotlib
def test_map_accepts_cases():
    """A sc.Cases of expressions is drawn like its as_piecewise()."""
    cases = sc.Cases([(sp.Eq(p + q, 1), 0), (sp.Ne(p + q, 1), sc.H(p / (p + q)))])
    a = plots.plot_map(cases, UNIT_SQUARE, points=30).axes[0].collections[0].get_array()
    b = plots.plot_map(cases.as_piecewise(), UNIT_SQUARE, points=30).axes[0].collections[0].get_array()
    assert (a == b).all()


def test_map_other_symbol_is_an_error():
    """An expression in a symbol that over does not give raises ExpressionError."""
    r = sp.Symbol("r", positive=True)
    with pytest.raises(sc.errors.ExpressionError, match="depends on r"):
        plots.plot_map(p + q + r, UNIT_SQUARE)


# ---------------------------------------------------------------------------
# diagrams
# ---------------------------------------------------------------------------


@needs_matplotlib
@pytest.mark.parametrize("name, model", catalog_models(), ids=[name for name, _ in catalog_models()])
def test_diagram_of_every_catalog_process(name, model):
    """diagram() draws every state and diagram_svg() returns SVG text for every catalog process."""
    fig = plots.diagram(model)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert {str(s) for s in model.states} <= texts
    svg = plots.diagram_svg(model)
    assert isinstance(svg, str) and "<svg" in svg and len(svg) > 2_000


@needs_matplotlib
def test_parallel_edges_share_one_label():
    """Parallel edges B -> B on 0 and on 1 of Loehr's generator get one label with one line per symbol."""
    texts = [t.get_text() for t in plots.diagram(sc.processes.lohr_generator(p)).axes[0].texts]
    assert "0 $|$ $p$\n1 $|$ $p$" in texts
    assert r"0 $|$ $\frac{1}{2} - p$" in texts


def test_unparseable_latex_falls_back_to_text():
    """A probability whose LaTeX mathtext cannot parse is written with str; H's \\operatorname becomes \\mathrm."""
    if not HAS_MATPLOTLIB:
        pytest.skip("matplotlib is not installed")
    assert export_figures._math(sp.Symbol(r"\notacommand")) == r"\notacommand"
    assert export_figures._math(sc.H(p)) == r"$\mathrm{H}\left(p\right)$"


@needs_matplotlib
def test_diagram_svg_of_ten_states_is_drawn_once(monkeypatch):
    """diagram_svg of 10 states and 30 edges draws the figure once: one circle and name per state, one arrow and label per arc.

    Its time (target 0.3 s) is measured by ``python -m benchmarks.diagram``, not here.
    """
    from matplotlib.figure import Figure

    edges = []
    for i in range(10):
        edges += [(f"S{i}", f"S{(i + 1) % 10}", "0", p / 2), (f"S{i}", f"S{(i + 3) % 10}", "1", p / 2),
                  (f"S{i}", f"S{i}", "0", 1 - p)]
    m = sc.HMM.from_edges(edges, domain={p: (0, 1)})
    draws, figures = [], []
    original = Figure.draw

    def counting_draw(fig, renderer):
        draws.append(fig)
        return original(fig, renderer)

    monkeypatch.setattr(Figure, "draw", counting_draw)
    make_figure = diagrams._diagram_figure

    def recording_figure(*args):
        figures.append(make_figure(*args))
        return figures[-1]

    monkeypatch.setattr(diagrams, "_diagram_figure", recording_figure)
    svg = plots.diagram_svg(m)
    assert svg.count("<svg") == 1 and all(f"S{i}" in svg for i in range(10))
    (fig,) = figures
    assert draws == [fig] and fig.get_layout_engine() is None  # one draw: no layout pass, no tight bbox
    ax = fig.axes[0]
    kinds = sorted(type(a).__name__ for a in ax.patches)
    assert kinds == ["Circle"] * 10 + ["FancyArrowPatch"] * 30
    assert len(ax.texts) == 10 + 30


# ---------------------------------------------------------------------------
# without matplotlib
# ---------------------------------------------------------------------------


def test_missing_matplotlib(monkeypatch):
    """Without matplotlib every plot raises MissingDependencyError naming symcm[plot]; diagram_svg gives None."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # makes `import matplotlib` fail
    m = sc.processes.binary_markov(p, p)
    calls = [
        lambda: plots.plot_measures(m),
        lambda: plots.plot_map(p + q, UNIT_SQUARE),
        lambda: plots.save(object(), "figure.png"),
        lambda: plots.diagram(m),
    ]
    for call in calls:
        with pytest.raises(MissingDependencyError, match=r'pip install "symcm\[plot\]"') as info:
            call()
        assert isinstance(info.value, ImportError)
    assert plots.diagram_svg(m) is None


@pytest.mark.parametrize("module", [plots, diagrams, export_figures, generic], ids=lambda module: module.__name__)
def test_module_imports_without_matplotlib(monkeypatch, module):
    """The figure modules import with matplotlib missing (they import matplotlib only inside functions)."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    # a fresh copy of the module under another name in the same package: sys.modules[module.__name__] and
    # sc.plots stay untouched
    name = module.__name__.rpartition(".")[0] + "._probe_" + module.__name__.rpartition(".")[2]
    spec = importlib.util.spec_from_file_location(name, module.__file__)
    probe = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(probe)
    if hasattr(probe, "diagram_svg"):
        assert probe.diagram_svg(sc.processes.even(p)) is None


@needs_matplotlib
def test_diagram_ax_not_axes_refused():
    """diagram(m, ax=5) is a ParameterTypeError naming ax, not a raw AttributeError."""
    with pytest.raises(ParameterTypeError, match=r"diagram: ax must be a matplotlib Axes.*the int 5"):
        plots.diagram(sc.processes.binary_markov(p, q), ax=5)


@needs_matplotlib
def test_plot_map_unknown_cmap_refused():
    """plot_map(cmap='bogus') is a DomainError naming cmap."""
    with pytest.raises(DomainError, match=r"plot_map: cmap must be the name of a matplotlib colormap.*'bogus'"):
        plots.plot_map(p * q, UNIT_SQUARE, points=5, cmap="bogus")
    with pytest.raises(ParameterTypeError, match=r"plot_map: cmap"):
        plots.plot_map(p * q, UNIT_SQUARE, points=5, cmap=5)


def test_plot_map_points_past_cap_refused():
    """plot_map(points=10**9) is a TooLargeError naming max_points, not a MemoryError."""
    from symcm.errors import TooLargeError

    with pytest.raises(TooLargeError, match=r"plot_map: points=1000000000 .*max_points=4000000"):
        plots.plot_map(p * q, UNIT_SQUARE, points=10**9)
    with pytest.raises(TooLargeError, match=r"max_points=100;"):
        plots.plot_map(p * q, UNIT_SQUARE, points=11, max_points=100)


@needs_matplotlib
def test_plot_measures_path_in_missing_directory_refused(tmp_path):
    """plot_measures(path=<missing dir>/x.png) is a DomainError before any work, not a raw FileNotFoundError."""
    target = tmp_path / "missing" / "x.png"
    with pytest.raises(DomainError, match=r"plot_measures: cannot save .*does not exist"):
        plots.plot_measures(sc.processes.golden_mean(p), points=5, path=target)
    assert not target.parent.exists()


def test_plot_measures_digits_past_cap_refused():
    """plot_measures(digits=10**6) is a TooLargeError naming max_digits."""
    from symcm.errors import TooLargeError

    with pytest.raises(TooLargeError, match=r"plot_measures: digits=1000000 exceeds the cap max_digits=10000"):
        plots.plot_measures(sc.processes.golden_mean(p), digits=10**6)
