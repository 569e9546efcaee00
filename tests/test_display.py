"""Jupyter display: models, Cases and Regions render as LaTeX; models as SVG diagrams when matplotlib is there."""

import sys

import sympy as sp

import symcm as sc

p, q = sc.symbols("p q")


def test_model_repr_latex_is_inline_matrices():
    """HMM._repr_latex_ is the labelled matrices in one $...$ block."""
    text = sc.processes.binary_markov(p, q)._repr_latex_()
    assert text.startswith("$") and text.endswith("$")
    assert r"T^{(0)}" in text and r"T^{(1)}" in text and r"\begin{pmatrix}" in text


def test_cases_repr_latex_is_a_cases_environment():
    """Cases._repr_latex_ renders the IID-line case split of binary_markov's C_mu as a cases environment."""
    c = sc.Cases([(sp.Eq(p + q, 1), sp.S.Zero), (sp.Ne(p + q, 1), sc.H(p / (p + q)))])
    text = c._repr_latex_()
    assert text.startswith("$") and r"\begin{cases}" in text and r"p + q = 1" in text and r"\text{otherwise}" in text


def test_cases_of_models_repr_latex():
    """The epsilon-machine Cases of binary_markov(p, q) renders each case's matrices."""
    text = sc.epsilon_machine(sc.processes.binary_markov(p, q))._repr_latex_()
    assert text.count(r"T^{(0)}") == 2


def test_region_repr_latex():
    """Region._repr_latex_ gives the certified interval in LaTeX."""
    r = sc.crossover(p**2, sp.S.Half, over={p: (0, 1)}, digits=5)
    assert r._repr_latex_() == r"$p \in \left(0, 0.70710\ldots\right)$"


def test_model_repr_svg_is_a_diagram():
    """HMM._repr_svg_ returns SVG text of the state diagram when matplotlib is installed."""
    import pytest

    pytest.importorskip("matplotlib")
    svg = sc.processes.lohr_generator(p)._repr_svg_()
    assert svg is not None and "<svg" in svg


def test_model_repr_svg_without_matplotlib_is_none(monkeypatch):
    """Without matplotlib, HMM._repr_svg_ returns None, so Jupyter falls back to LaTeX/text."""
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.setitem(sys.modules, name, None)
    assert sc.processes.golden_mean(p)._repr_svg_() is None
