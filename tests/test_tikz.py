"""Tests of symcm.export.tikz: structure of the pictures, layout rules, errors, and real pdflatex runs."""

from __future__ import annotations

import math
import re

import pytest
import sympy as sp

import symcm as sc
from symcm.errors import DomainError, ParameterTypeError, UnknownStateError
from symcm.export.tikz import TIKZ_PREAMBLE, to_tikz

from .texutil import compile_body, compile_tex, pdf_text

p, q = sc.symbols("p q")
R = sp.Rational
NODE = re.compile(r"\\node\[state\] \(s(\d+)\) at \((-?[\d.]+), (-?[\d.]+)\) \{\$(.*)\$\};")
LOOP = re.compile(r"\\draw\[->\] \(s(\d+)\.(\d+)\) \.\. controls [^%]* \(s\1\.(\d+)\) % loop")
ARROW = re.compile(r"\\draw\[->\] \(s(\d+)\.(\d+)\) \.\. controls [^%]* \(s(\d+)\.(\d+)\) % (?:bent|straight)")


def catalog_models(point: bool = False) -> list:
    """Every catalog process: symbolic parameters (integer sizes at their samples; period with n = 1, 3, 6), or at a rational point."""
    models = []
    for name, (func, names) in sorted(sc.processes.catalog().items()):
        if name == "period":
            models += [func(n) for n in (1, 3, 6)]
        elif point:  # the centre of the symbolic model's domain box: a point inside it for every process
            m = sc.processes.example(name)
            models.append(m.subs(m.domain.center()) if m.parameters else m)
        else:
            models.append(sc.processes.example(name))
    return models


MODELS = catalog_models() + catalog_models(point=True)


@pytest.mark.parametrize("m", MODELS, ids=lambda m: m.name)
def test_structure(m):
    """One state node per state, one arrow per (source, target) pair, labels merged, output deterministic."""
    pic = to_tikz(m)
    assert pic.startswith(r"\begin{tikzpicture}") and pic.endswith("\\end{tikzpicture}\n")
    assert pic.count(r"\node[state") == len(m.states)
    assert [int(g[0]) for g in NODE.findall(pic)] == list(range(len(m.states)))
    pairs = {(e.source, e.target) for e in m.edges}
    assert pic.count(r"\draw[->]") == len(pairs)
    assert pic.count(r"\mid") == len(m.edges)  # every symbol labelled once, parallel ones on one arrow
    assert to_tikz(m) == pic == to_tikz(sc.HMM.from_edges([tuple(e) for e in reversed(m.edges)],
                                                           states=m.states, alphabet=m.alphabet, domain=dict(m.domain)))
    assert "fill=white" not in pic  # every label of the catalog finds a free spot


@pytest.mark.parametrize("m", MODELS, ids=lambda m: m.name)
def test_loops_take_the_free_side(m):
    """Each looped state has one loop, pointing at least 60 degrees away from every arrow at that state."""
    pic = to_tikz(m)
    looped = sorted({m.index(e.source) for e in m.edges if e.source == e.target})
    loops = LOOP.findall(pic)
    assert [int(i) for i, _, _ in loops] == looped
    ends: dict = {}
    for i, a, j, b in ARROW.findall(pic):
        ends.setdefault(int(i), []).append(int(a))
        ends.setdefault(int(j), []).append(int(b))
    for i, out, into in loops:
        bisector = (int(into) + ((int(out) - int(into)) % 360) / 2) % 360
        assert all(abs((bisector - a + 180) % 360 - 180) >= 60 for a in ends.get(int(i), [])), (i, bisector)


def test_binary_markov_picture():
    """binary_markov: A left, B right, loops outward, the two arrows between them bent apart."""
    pic = to_tikz(sc.processes.binary_markov(p, q))
    assert r"\node[state] (s0) at (-1.750, 0.000) {$A$};" in pic
    assert r"\node[state] (s1) at (1.750, 0.000) {$B$};" in pic
    assert [(i, round(int(b) + ((int(a) - int(b)) % 360) / 2) % 360) for i, a, b in LOOP.findall(pic)] == [
        ("0", 180), ("1", 0)]
    assert pic.count("% bent") == 2 and pic.count("% straight") == 0
    assert r"{$1 \mid p$};" in pic and r"{$0 \mid q$};" in pic


def test_parallel_edges_are_stacked():
    """abc emits 0 and 1 on both arrows: one arrow each way, two stacked labels each."""
    pic = to_tikz(sc.processes.abc(p, q))
    assert r"{$0 \mid p$\\$1 \mid 1 - p$};" in pic
    assert r"{$0 \mid q$\\$1 \mid 1 - q$};" in pic
    assert pic.count(r"\draw[->]") == 2


def test_one_way_arrows_are_straight():
    """An arrow without a reverse is straight; period(6) is a hexagon of six straight arrows."""
    pic = to_tikz(sc.processes.period(6))
    assert "bent" not in pic and pic.count("% straight") == 6
    radii = {round(math.hypot(float(x), float(y)), 3) for _, x, y, _ in NODE.findall(pic)}
    assert radii == {3.5}  # neighbours 3.5 cm apart: r = 1.75 / sin(pi/6)


def test_symbol_names_and_escaping():
    """Edge labels use symbol_names; state and symbol names are escaped as in symcm.export.latex_printer."""
    m = sc.HMM.from_edges([("a_b", "a_b", "x&y", 1 - p), ("a_b", "50%", "1", p), ("50%", "a_b", "1", 1)])
    pic = to_tikz(m, symbol_names={"p": r"\alpha"})
    assert r"{$\mathrm{a\_b}$}" in pic and r"{$\mathrm{50\%}$}" in pic
    assert r"$\mathrm{x\&y} \mid 1 - \alpha$" in pic and r"$1 \mid \alpha$" in pic


def test_positions_and_scale():
    """positions overrides coordinates of the states given; scale goes to the picture options."""
    m = sc.processes.golden_mean(p)
    pic = to_tikz(m, positions={"B": (0, -3)}, scale=R(3, 2))
    assert pic.startswith(r"\begin{tikzpicture}[scale=1.5,")
    assert r"(s1) at (0.000, -3.000)" in pic and r"(s0) at (-1.750, 0.000)" in pic
    with pytest.raises(UnknownStateError, match="positions: 'C' is not a state"):
        to_tikz(m, positions={"C": (0, 0)})
    with pytest.raises(ParameterTypeError, match=r"positions\['A'\]: expected a pair"):
        to_tikz(m, positions={"A": 3})
    with pytest.raises(DomainError, match="scale: expected a positive number"):
        to_tikz(m, scale=0)
    with pytest.raises(ParameterTypeError, match="scale: expected a real number"):
        to_tikz(m, scale=True)


def test_cases_give_one_captioned_picture_per_case(tmp_path):
    """A Cases of HMMs gives one picture per case captioned with its condition; standalone: one page per case."""
    cases = sc.epsilon_machine(sc.processes.binary_markov(p, q))
    pic = to_tikz(cases)
    assert pic.count(r"\begin{tikzpicture}") == 2 and pic.count(r"\node[state") == 1 + 2
    assert "{Case 1: $p + q = 1$};" in pic and "{Case 2: otherwise};" in pic
    assert pic.index("Case 1") < pic.index(r"\begin{tikzpicture}", 1)
    doc = to_tikz(cases, standalone=True)
    assert doc.startswith("\\documentclass[border=2mm,tikz]{standalone}")
    pdf = compile_tex(doc, tmp_path, "cases")
    assert len(re.findall(rb"/MediaBox", pdf_text(pdf))) == 2


def test_errors_for_other_inputs():
    """A Cases holding something other than HMMs is refused naming the case; anything else as not an HMM."""
    odd = sc.Cases([(sp.Lt(p, R(1, 2)), sc.processes.even(p)), (sp.true, sc.H(p))])
    with pytest.raises(ParameterTypeError, match=r"case 2 holds a") as info:
        to_tikz(odd)
    assert isinstance(info.value, TypeError)
    with pytest.raises(ParameterTypeError, match="to_tikz: expected an HMM"):
        to_tikz(sc.H(p))


def test_standalone_document():
    """standalone=True wraps the picture in the standalone class (a page cropped to the figure) with TIKZ_PREAMBLE."""
    m = sc.processes.even(p)
    doc = to_tikz(m, standalone=True)
    assert doc == ("\\documentclass[border=2mm]{standalone}\n" + TIKZ_PREAMBLE + "\\begin{document}\n"
                   + to_tikz(m) + "\\end{document}\n")
    assert TIKZ_PREAMBLE == "\\usepackage{tikz}\n\\usetikzlibrary{automata,positioning,arrows.meta}\n"


def test_every_catalog_picture_compiles(tmp_path):
    """One document with every catalog process (symbolic and at a rational point) compiles with pdflatex."""
    odd = sc.HMM.from_edges([("a_b", "T0", "x&y", 1 - p), ("T0", "a_b", "1", 1), ("a_b", "a_b", "~", p)])
    pictures = [to_tikz(m) for m in MODELS]
    pictures.append(to_tikz(odd, symbol_names={p: r"\alpha"}, scale=0.8, positions={"T0": (2, 2)}))
    compile_body("\n\n".join(pictures), tmp_path, "tikz")


def test_standalone_compiles_as_is(tmp_path):
    """The standalone output of lohr_generator compiles as is, to one page the size of the figure (not A4 or letter)."""
    pdf = compile_tex(to_tikz(sc.processes.lohr_generator(p), standalone=True), tmp_path, "standalone")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf_text(pdf))
    assert len(boxes) == 1
    width, height = (float(v) / 72 * 2.54 for v in boxes[0])  # cm
    assert 6 < width < 12 and 5 < height < 10, (width, height)
