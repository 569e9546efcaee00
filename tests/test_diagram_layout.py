"""Diagrams are readable: in every catalog diagram, as TikZ really draws it, no label box meets another
label, a state or another arrow (boxes measured by pdflatex in one run)."""

from __future__ import annotations

import importlib.util
import math
import re
import shutil
import subprocess

import pytest
import sympy as sp

import symcm as sc
from symcm.export.tikz import to_tikz

from .test_tikz import catalog_models
from .texutil import PREAMBLE, require_pdflatex

R = sp.Rational
PT_PER_CM = 72.27 / 2.54
LABEL = re.compile(r"\((l\d+x\d+)\) at")
STATE = re.compile(r"\\node\[state\] \((s\d+)\)")
CURVE = re.compile(r"\\draw\[->\] \(s(\d+)\.(\d+)\) \.\. controls \((-?[\d.]+), (-?[\d.]+)\) and "
                   r"\((-?[\d.]+), (-?[\d.]+)\) \.\. \(s(\d+)\.(\d+)\)")


def _ad_hoc() -> list:
    """Larger machines: a 5-state ring with chords and loops, a 6-state two-way chain, 8 states with skips."""
    p, q = sc.symbols("p q")
    ring = [(f"S{i}", f"S{(i + 1) % 5}", "0", p) for i in range(5)]
    ring += [(f"S{i}", f"S{(i + 2) % 5}", "1", 1 - p) for i in range(5)]
    chain = []
    for i in range(6):
        out = [(f"C{j}", s) for j, s in ((i - 1, "0"), (i + 1, "1")) if 0 <= j < 6]
        for j, s in out:
            chain.append((f"C{i}", j, s, R(1, len(out) + 1)))
        chain.append((f"C{i}", f"C{i}", "2", R(1, len(out) + 1)))
    eight = [(str(i), str((i + 1) % 8), "a", q) for i in range(8)] + [(str(i), str((i + 3) % 8), "b", 1 - q)
                                                                      for i in range(8)]
    return [sc.HMM.from_edges(ring, name="ring5"),
            sc.HMM.from_edges([(a, f"C{b}" if isinstance(b, int) else b, s, v) for a, b, s, v in chain], name="chain6"),
            sc.HMM.from_edges(eight, name="skip8")]


def _models(point: bool = True) -> list:
    """The catalog as test_tikz draws it (symbolic, and at a rational point unless ``point`` is False), and _ad_hoc."""
    return catalog_models() + (catalog_models(point=True) if point else []) + _ad_hoc()


def _measure(pic: str, k: int) -> str:
    """The picture, writing the box of every label and the centre and radius of every state to the log."""
    probes = []
    for name in STATE.findall(pic) + LABEL.findall(pic):
        a, b = ("center", "east") if name[0] == "s" else ("south west", "north east")
        probes.append(f"\\pgfextractx{{\\bxa}}{{\\pgfpointanchor{{{name}}}{{{a}}}}}"
                      f"\\pgfextracty{{\\bya}}{{\\pgfpointanchor{{{name}}}{{{a}}}}}"
                      f"\\pgfextractx{{\\bxb}}{{\\pgfpointanchor{{{name}}}{{{b}}}}}"
                      f"\\pgfextracty{{\\byb}}{{\\pgfpointanchor{{{name}}}{{{b}}}}}"
                      f"\\typeout{{BOX {k} {name} \\the\\bxa\\space\\the\\bya\\space\\the\\bxb\\space\\the\\byb}}")
    return pic.replace("\\end{tikzpicture}", "\n".join(probes) + "\n\\end{tikzpicture}")


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """Every diagram compiled in one pdflatex run: ``[(model, picture, {node: numbers in cm})]``."""
    exe = require_pdflatex()
    models = _models()
    pictures = [to_tikz(m) for m in models]
    body = "\n\n".join(_measure(pic, k) for k, pic in enumerate(pictures))
    tmp = tmp_path_factory.mktemp("layout")
    (tmp / "boxes.tex").write_text(PREAMBLE + "\\newdimen\\bxa\\newdimen\\bya\\newdimen\\bxb\\newdimen\\byb\n"
                                   "\\begin{document}\n" + body + "\n\\end{document}\n")
    proc = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", "boxes.tex"], cwd=tmp,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    boxes: dict = {}
    for k, name, *values in re.findall(r"^BOX (\d+) (\S+) (\S+)pt (\S+)pt (\S+)pt (\S+)pt$",
                                       (tmp / "boxes.log").read_text(), re.M):
        boxes.setdefault(int(k), {})[name] = [float(v) / PT_PER_CM for v in values]
    return [(m, pic, boxes.get(k, {})) for k, (m, pic) in enumerate(zip(models, pictures))]


def _curves(pic: str, states: dict) -> dict:
    """``label name -> sampled points`` of each arrow, its ends on the measured state circles."""
    out = {}
    for i, a, x1, y1, x2, y2, j, b in CURVE.findall(pic):
        (cx, cy, r), (dx, dy, rr) = states[f"s{i}"], states[f"s{j}"]
        ctrl = [(cx + r * math.cos(math.radians(int(a))), cy + r * math.sin(math.radians(int(a)))),
                (float(x1), float(y1)), (float(x2), float(y2)),
                (dx + rr * math.cos(math.radians(int(b))), dy + rr * math.sin(math.radians(int(b))))]
        pts = []
        for s in range(101):
            t, u = s / 100, 1 - s / 100
            w = (u ** 3, 3 * u * u * t, 3 * u * t * t, t ** 3)
            pts.append((sum(wk * c[0] for wk, c in zip(w, ctrl)), sum(wk * c[1] for wk, c in zip(w, ctrl))))
        out[f"l{i}x{j}"] = pts
    return out


def test_every_diagram_is_collision_free(measured):
    """For every catalog process (symbolic and at a point) and three larger machines: no two label boxes overlap,
    no label box meets a state circle or an arrow (its own included), and each label lies beside its own arrow."""
    problems = []
    for m, pic, nodes in measured:
        states = {n: (x, y, math.hypot(ex - x, ey - y)) for n, (x, y, ex, ey) in nodes.items() if n[0] == "s"}
        labels = {n: v for n, v in nodes.items() if n[0] == "l"}
        assert len(states) == len(m.states) and len(labels) == len({(e.source, e.target) for e in m.edges}), m.name
        curves = _curves(pic, states)
        names = sorted(labels)
        inner = 1.5 / PT_PER_CM  # the text inside inner sep must be clear; the padding may touch
        for a, name in enumerate(names):
            x0, y0, x1, y1 = labels[name]
            for other in names[a + 1:]:
                u0, v0, u1, v1 = labels[other]
                if min(x1, u1) - max(x0, u0) > inner and min(y1, v1) - max(y0, v0) > inner:
                    problems.append(f"{m.name}: labels {name} and {other} overlap")
            for s, (cx, cy, r) in states.items():
                if math.hypot(max(x0 - cx, 0, cx - x1), max(y0 - cy, 0, cy - y1)) < r:
                    problems.append(f"{m.name}: label {name} covers state {s}")
            for other, pts in curves.items():
                if any(x0 + inner < px < x1 - inner and y0 + inner < py < y1 - inner
                                         for px, py in pts):
                    problems.append(f"{m.name}: the arrow of {other} crosses label {name}")  # its own too
            near = min(math.hypot(max(x0 - px, 0, px - x1), max(y0 - py, 0, py - y1)) for px, py in curves[name])
            if near > 0.25:
                problems.append(f"{m.name}: label {name} is {near:.2f} cm from its arrow")
    assert not problems, "\n".join(problems)


def test_state_names_share_one_convention(measured):
    """RRXOR's states are all upright (S with T0, F1, ...); single-letter machines keep italic A, B, C."""
    pics = {m.name: pic for m, pic, _ in measured}
    rrxor = pics[sc.processes.rrxor().name]
    assert re.findall(r"\\node\[state\] \(s\d+\) at \([^)]*\) \{\$(.*?)\$\}", rrxor) == [
        rf"\mathrm{{{s}}}" for s in sc.processes.rrxor().states]
    assert r"{$A$}" in to_tikz(sc.processes.even(sc.symbols("p")))


HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None
needs_matplotlib = pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed (extra symcm[plot])")
P, Q = sc.symbols("p q")


def _cases():
    return sc.epsilon_machine(sc.processes.binary_markov(P, Q))


@needs_matplotlib
def test_matplotlib_labels_clear_each_other_and_the_states():
    """sc.diagram (same layout): for every catalog process, no two drawn label boxes overlap, none covers a state."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from symcm.export.diagrams import _diagram_figure

    problems = []
    for m in _models(point=False):
        fig = _diagram_figure(m, True)
        FigureCanvasAgg(fig)
        renderer = fig.canvas.get_renderer()
        ax = fig.axes[0]
        names = {str(s) for s in m.states}
        labels = [t.get_window_extent(renderer) for t in ax.texts if "|" in t.get_text()]
        circles = [c.get_window_extent(renderer) for c in ax.patches if type(c).__name__ == "Circle"]
        assert len(circles) == len(names)
        for a, box in enumerate(labels):
            if any(box.overlaps(other) for other in labels[a + 1:]):
                problems.append(f"{m.name}: two labels overlap")
            for c in circles:
                r, cx, cy = c.width / 2, (c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2
                if math.hypot(max(box.x0 - cx, 0, cx - box.x1), max(box.y0 - cy, 0, cy - box.y1)) < r:
                    problems.append(f"{m.name}: a label covers a state")
    assert not problems, "\n".join(problems)


@needs_matplotlib
def test_diagram_of_cases_one_axes_per_case():
    """sc.diagram of a Cases: one axes per case, headed 'Case k: condition'; with ax it is refused; Jupyter gets SVG."""
    cases = _cases()
    fig = sc.diagram(cases)
    headings = [t.get_text() for ax in fig.axes for t in ax.texts if t.get_text().startswith("Case")]
    assert len(fig.axes) == 2 and headings == ["Case 1: $p + q = 1$", "Case 2: otherwise"]
    with pytest.raises(sc.errors.ParameterTypeError, match="one axes per case"):
        sc.diagram(cases, ax=fig.axes[0])
    svg = cases._repr_svg_()
    assert svg.count("<svg") == 1 and "Case 1" in svg and "Case 2" in svg
    assert sc.Cases([(P < 1, 1), (sp.true, 2)])._repr_svg_() is None  # not models: Jupyter shows the LaTeX


def test_to_dot_of_cases_one_cluster_per_case(tmp_path):
    """sc.to_dot of a Cases: one cluster per case labelled with its condition, node ids unique per case."""
    dot = sc.to_dot(_cases())
    assert dot.count("subgraph") == 2 and 'label="case 1: p + q = 1";' in dot and 'label="case 2: otherwise";' in dot
    assert '"1/A" [label="A"];' in dot and '"2/A" -> "2/B" [label="1 | p"];' in dot
    with pytest.raises(sc.errors.ParameterTypeError, match="case 2 holds a"):
        sc.to_dot(sc.Cases([(P < R(1, 2), sc.processes.even(P)), (sp.true, sc.H(P))]))
    exe = shutil.which("dot")
    if exe:  # Graphviz reads it
        (tmp_path / "c.dot").write_text(dot)
        subprocess.run([exe, "-Tsvg", "c.dot", "-o", "c.svg"], cwd=tmp_path, check=True, timeout=60)
        assert "case 1: p + q = 1" in (tmp_path / "c.svg").read_text()
