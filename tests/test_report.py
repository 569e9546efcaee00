"""Derivation reports: content, exactness, real compilation, errors."""

import re

import mpmath
import pytest
import sympy as sp

import symcm as sc
from symcm.errors import MissingDependencyError, ModelError, ParameterTypeError, TexError
from symcm.export.report import compile_pdf, tex_engine
from tests.texutil import compile_tex, require_pdflatex

p, q = sc.symbols("p q")


@pytest.fixture(scope="module")
def seed_report():
    """The seed example: binary_markov(p, q) with Loehr's generator."""
    return sc.report(sc.processes.binary_markov(p, q), generator=sc.processes.lohr_generator(p), digits=20)


def test_report_results_are_the_exact_measures(seed_report):
    """Every result in the report equals the package's exact measure of the model."""
    m = sc.processes.binary_markov(p, q)
    r = seed_report.results
    assert r["pi"] == sc.stationary_distribution(m)
    assert r["C_mu"] == sc.statistical_complexity(m)
    assert r["h_mu"] == sc.entropy_rate(m)
    assert r["E"] == sc.excess_entropy(m)
    assert r["chi"] == sc.crypticity(m)
    assert isinstance(r["epsilon_machine"], sc.Cases) and len(r["epsilon_machine"]) == 2


def test_report_generator_section_is_loehrs_region(seed_report):
    """The generator section restricts to q = p and certifies the crossing where H(2p, 1/2-p, 1/2-p) = 1."""
    r = seed_report.results
    assert r["restriction"] == {q: p}
    region = r["crossover"]
    (b,) = region.boundaries
    with mpmath.workdps(40):
        f = lambda x: -2 * x * mpmath.log(2 * x, 2) - 2 * (0.5 - x) * mpmath.log(0.5 - x, 2) - 1  # noqa: E731
        root = mpmath.findroot(f, (mpmath.mpf("0.38"), mpmath.mpf("0.39")), solver="anderson")
        assert abs(root - mpmath.mpf(b.lo.p) / b.lo.q) < mpmath.mpf(10) ** -19  # digits=20 enclosure
    assert region.intervals[0].hi == sp.S.Half


def test_report_latex_is_a_complete_document(seed_report):
    """to_latex() gives a full document with diagrams, matrices, cases and the certified region."""
    tex = seed_report.to_latex()
    assert tex.startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    for needle in (r"\begin{tikzpicture}", r"T^{(0)}", r"\begin{cases}", r"\operatorname{H}",
                   r"p \in \left(0.386453902390325906", r"\section{Epsilon-machine}"):
        assert needle in tex, needle
    assert tex.count(r"\begin{tikzpicture}") == 4  # model, two causal-state cases, generator


def test_report_compiles_with_pdflatex(seed_report, tmp_path):
    """The seed report's LaTeX compiles with pdflatex into a multi-page PDF."""
    pdf = compile_tex(seed_report.to_latex(), tmp_path, "seed")
    assert pdf.stat().st_size > 30_000


def test_report_to_pdf_writes_the_file(tmp_path):
    """Report.to_pdf writes a PDF where asked (golden mean, no generator)."""
    require_pdflatex()
    (tmp_path / "sub").mkdir()
    out = sc.report(sc.processes.golden_mean(p)).to_pdf(tmp_path / "sub" / "gm.pdf")
    assert out.read_bytes()[:5] == b"%PDF-"


def test_report_of_an_infinite_machine_says_what_is_missing(tmp_path):
    """For the SNS the report prints h_mu's certified bounds and says in words what is missing (no keyword advice), and compiles."""
    r = sc.report(sc.processes.sns())
    assert isinstance(r.results["C_mu"], sc.Bounds)
    assert isinstance(r.results["E"], sc.errors.InfiniteStatesError)
    tex = r.to_latex()
    assert "Not available exactly:" in tex and r"\mathbf{E}" in tex and "(certified enclosure)" in tex
    assert "max_states" not in tex and "Pass a larger" not in tex and "Bounds(" not in tex
    assert tex.count("Reason:") == 1  # one sentence for the measures sharing a reason
    compile_tex(tex, tmp_path, "sns")


def test_report_defines_its_notation_and_is_stamped():
    """The report defines H and each measure, and every page's footer names the symcm version and the date."""
    import datetime

    tex = sc.report(sc.processes.golden_mean(p)).to_latex()
    assert r"\mathrm{H}(p_1, \dots, p_n) = -\sum_i p_i \log_2 p_i" in tex
    assert r"C_\mu = \mathrm{H}[\mathcal{S}]" in tex and r"\chi = C_\mu - \mathbf{E}" in tex
    stamp = f"Derived exactly with symcm {sc.__version__}, {datetime.date.today().isoformat()}"
    assert rf"\lfoot{{\footnotesize {stamp}}}" in tex and r"\pagestyle{fancy}" in tex


def test_generator_section_lives_on_the_generator_domain():
    """With Loehr's generator on (0, 1/2), C_mu is 1 there (no case at p = 1/2); the boundary equation and exact end 1/2 are printed."""
    r = sc.report(sc.processes.binary_markov(p, q), generator=sc.processes.lohr_generator(p), digits=12)
    assert r.results["restricted C_mu"] == 1
    tex = r.to_latex()
    text = re.sub(r"\\begin\{tikzpicture\}.*?\\end\{tikzpicture\}", "", tex, flags=re.S)  # not coordinates
    assert r"C_\mu &= 1" in tex and r"\frac{1}{2}\right)" in tex and "0.5" not in text
    assert r"H[\pi_{\mathrm{gen}}](p) = C_\mu(p)" in tex and r"p^*_{1} &\in \left[0.386453902390" in tex


def test_report_symbol_names_reach_the_latex():
    """symbol_names maps p to alpha everywhere in the document."""
    tex = sc.report(sc.processes.golden_mean(p), symbol_names={p: r"\alpha"}).to_latex()
    assert r"\alpha" in tex and "1 - p" not in tex


def test_report_text_summary(seed_report):
    """str(report) is a readable plain-text summary with the C_mu case split and the region."""
    text = str(seed_report)
    assert "C_mu = Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True))" in text
    assert "H[pi_gen] < C_mu on p in (0.38645390239032590639..., 1/2)" in text


def test_report_progress_callback_sees_every_step():
    """The progress callback is called once per step, in order."""
    seen = []
    sc.report(sc.processes.golden_mean(p), progress=seen.append)
    assert seen[:3] == ["model and state diagram", "stationary distribution", "epsilon-machine"]
    assert "measure C_mu" in seen


def test_restrict_to_generator_cases():
    """Generators on the whole domain need no restriction; a non-generator is refused."""
    m = sc.processes.binary_markov(p, p)
    assert sc.restrict_to_generator(m, sc.processes.lohr_generator(p)) == (m, {})
    with pytest.raises(ModelError, match="does not generate"):
        sc.restrict_to_generator(sc.processes.binary_markov(p, q), sc.processes.golden_mean(p))
    with pytest.raises(ParameterTypeError, match="must be an HMM"):
        sc.restrict_to_generator("binary_markov", m)


def test_report_refuses_non_models():
    """report() of a Cases or a string is a ParameterTypeError (and a TypeError)."""
    eps = sc.epsilon_machine(sc.processes.binary_markov(p, q))
    with pytest.raises(TypeError, match="pick a case"):
        sc.report(eps)
    with pytest.raises(ParameterTypeError, match="generator must be an HMM"):
        sc.report(sc.processes.golden_mean(p), generator="lohr")


def test_missing_tex_engine_is_a_clear_error(monkeypatch, tmp_path):
    """Without any TeX engine, to_pdf raises MissingDependencyError (an ImportError) saying what to install."""
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingDependencyError, match="texlive-latex-base"):
        tex_engine()
    with pytest.raises(ImportError, match="no TeX engine"):
        sc.report(sc.processes.biased_coin(p)).to_pdf(tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_tex_failure_is_a_tex_error_with_the_log(tmp_path):
    """A document TeX cannot compile raises TexError with the log tail and keeps the .tex beside the target."""
    require_pdflatex()
    bad = "\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}"
    with pytest.raises(TexError, match="Undefined control sequence"):
        compile_pdf(bad, tmp_path / "bad.pdf")
    assert (tmp_path / "bad.tex").read_text() == bad
    assert not (tmp_path / "bad.pdf").exists()


def test_compile_pdf_wants_a_pdf_path(tmp_path):
    """compile_pdf refuses an output path that is not .pdf."""
    with pytest.raises(ParameterTypeError, match=r"\.pdf"):
        compile_pdf("x", tmp_path / "x.tex")


def test_to_pdf_refuses_a_missing_directory(tmp_path):
    """to_pdf / compile_pdf into a missing directory is a DomainError naming it; nothing is created."""
    from symcm.errors import DomainError

    target = tmp_path / "missing" / "dir" / "r.pdf"
    with pytest.raises(DomainError, match=r"Report\.to_pdf: the directory .*missing.*dir.* does not exist"):
        sc.report(sc.processes.biased_coin(p)).to_pdf(target)
    with pytest.raises(ValueError, match=r"compile_pdf: the directory .*missing.*dir.* does not exist"):
        compile_pdf("x", target)
    assert list(tmp_path.iterdir()) == []


def test_report_digits_capped_by_max_digits():
    """report(digits=10**6) is refused at once with TooLargeError naming max_digits (default 1000)."""
    from symcm.errors import TooLargeError

    with pytest.raises(TooLargeError, match=r"report: digits=.* exceeds the cap max_digits=1,?000"):
        sc.report(sc.processes.golden_mean(p), digits=10**6)
    with pytest.raises(TooLargeError, match="max_digits=5"):
        sc.report(sc.processes.golden_mean(p), digits=6, max_digits=5)
