"""The documentation site: mkdocs.yml's nav matches docs/, and the strict build passes."""

import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _nav_pages(nav) -> list[str]:
    """The page paths of an mkdocs nav (nested lists of {title: path-or-list}), in order."""
    pages = []
    for item in nav:
        entries = item.values() if isinstance(item, dict) else [item]
        for entry in entries:
            if isinstance(entry, list):
                pages.extend(_nav_pages(entry))
            elif "://" not in entry:
                pages.append(entry)
    return pages


@pytest.fixture(scope="module")
def nav_pages():
    yaml = pytest.importorskip("yaml", reason="PyYAML reads mkdocs.yml (installed with mkdocs)")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return _nav_pages(config["nav"])


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip("mkdocs", reason="mkdocs builds the site: pip install -e '.[test]' or '.[docs]'")
    pytest.importorskip("mkdocstrings", reason="mkdocstrings renders the API reference: pip install -e '.[docs]'")
    site_dir = tmp_path_factory.mktemp("docs") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return site_dir


def test_every_nav_page_exists(nav_pages):
    """Every page listed in mkdocs.yml's nav is a file under docs/."""
    missing = [page for page in nav_pages if not (DOCS / page).is_file()]
    assert not missing, f"pages in the nav but not in docs/: {missing}"


def test_every_docs_page_is_in_the_nav(nav_pages):
    """Every Markdown file under docs/ (recursively) is listed in the nav, exactly once."""
    pages = sorted(path.relative_to(DOCS).as_posix() for path in DOCS.rglob("*.md"))
    assert sorted(set(nav_pages)) == pages
    assert len(nav_pages) == len(set(nav_pages)), "a page is listed twice in the nav"


def test_strict_build_renders_the_api_reference_and_the_tutorial(site):
    """`mkdocs build --strict` exits 0 and writes the API reference (with its functions) and the tutorial."""
    reference = (site / "reference" / "causal" / "stationary" / "index.html").read_text(encoding="utf-8")
    assert 'id="symcm.causal.stationary.stationary_distribution"' in reference
    assert "stationary_distribution" in reference
    tutorial = (site / "tutorial" / "index.html").read_text(encoding="utf-8")
    assert "Tutorial: prediction is not generation" in tutorial


def test_sphinx_markup_is_translated(site):
    """Docstrings' :math:, :func:/:class: and `.. [1]` markup is rendered, not shown as raw reStructuredText."""
    page = (site / "reference" / "algebra" / "entropy" / "index.html").read_text(encoding="utf-8")
    for raw in (":math:", ":class:", ":func:", ".. math::", ".. [1]"):
        assert raw not in page, raw
    assert '<math' in page  # typeset as MathML (scripts/mkdocs_mathml.py)
    assert 'href="#symcm.algebra.entropy.H"' in page


# -- maths, figures and examples as the reader sees them (issue 14) ----------------------------

_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)


def _hook(name: str):
    """A build hook of scripts/ (mkdocs loads them by path, not as a package), imported by path."""
    pytest.importorskip("mkdocs", reason="the hooks import mkdocs")
    spec = importlib.util.spec_from_file_location(f"_docs_hook_{name}", ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_formulas_are_mathml_with_nothing_from_a_cdn(site):
    """Every formula of the built site is a <math> element: no TeX delimiters outside code, no arithmatex TeX left, no remote script."""
    pages = sorted(site.rglob("*.html"))
    leftovers, remote = [], []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        prose = _CODE.sub("", text)
        for raw in (r"\(", r"\[", 'class="arithmatex">\\'):
            if raw in prose:
                leftovers.append((page.relative_to(site).as_posix(), raw))
        remote += [(page.name, src) for src in re.findall(r'<script[^>]*src="([^"]*)"', text) if "://" in src]
        if re.search(r"mathjax|cdn\.jsdelivr|unpkg\.com|cdnjs", text, re.I):
            remote.append((page.relative_to(site).as_posix(), "mathjax/cdn"))
    assert not leftovers, leftovers
    assert not remote, remote
    entropy = (site / "reference" / "algebra" / "entropy" / "index.html").read_text(encoding="utf-8")
    assert entropy.count("<math") >= 10 and '<math display="block">' in entropy
    tutorial = (site / "tutorial" / "index.html").read_text(encoding="utf-8")
    assert "<mfrac>" in tutorial and "<msub>" in tutorial


def test_mathml_hook_names_what_it_cannot_convert():
    """The MathML hook refuses unknown commands and environments (the build lists page and formula) and sets \\mathrm/\\operatorname upright."""
    pytest.importorskip("latex2mathml", reason="the docs convert TeX with latex2mathml: pip install -e '.[docs]'")
    mathml = _hook("mkdocs_mathml")
    assert '<mi mathvariant="normal">H</mi>' in mathml.to_mathml(r"\mathrm{H}(p)", False)
    assert "<mi>diag</mi>" in mathml.to_mathml(r"\operatorname{diag}(\pi)", False)
    assert mathml.to_mathml("x", True).startswith('<math display="block">')
    for bad in (r"\frobnicate x", r"\begin{weird} x \end{weird}", r"\frac{1}{"):
        with pytest.raises(ValueError):
            mathml.to_mathml(bad, False)
    mathml._failures.clear()
    page = '<p><span class="arithmatex">\\(\\frobnicate x\\)</span> <span class="arithmatex">\\(a_1\\)</span></p>'
    out = mathml.convert_page(page, "some/page.md")
    assert "<msub>" in out and mathml._failures[0][:2] == ("some/page.md", r"\frobnicate x")
    with pytest.raises(Exception, match=r"some/page\.md.*frobnicate"):
        mathml.on_post_build(None)
    mathml._failures.clear()


def test_chromium_typesets_the_mathml(site, tmp_path):
    """In headless Chromium, the tutorial's fractions stack (numerator above denominator) and subscripts sit lower and smaller."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        pytest.skip("chromium is not installed: the rendered MathML cannot be measured")
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "tutorial" / "index.html"
    probe = """<script>
(function () {
  const box = (e) => e.getBoundingClientRect();
  const size = (e) => parseFloat(getComputedStyle(e).fontSize);
  const fracs = [...document.querySelectorAll("math mfrac")].map((f) => {
    const [num, den] = f.children; return box(num).bottom <= box(den).top + 1; });
  const subs = [...document.querySelectorAll("math msub")].map((s) => {
    const [base, sub] = s.children;
    return box(sub).bottom > box(base).bottom && size(sub) < size(base); });
  const out = document.createElement("pre");
  out.id = "mathml-probe";
  out.textContent = JSON.stringify({fracs, subs});
  document.body.appendChild(out);
})();
</script></body>"""
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</body>", probe, 1), encoding="utf-8")
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )
    found = re.search(r'<pre id="mathml-probe">(.*?)</pre>', result.stdout, re.S)
    assert found, f"no probe result in Chromium's DOM:\n{result.stderr[-2000:]}"
    measured = json.loads(html.unescape(found.group(1)))
    assert measured["fracs"] and all(measured["fracs"]), measured
    assert measured["subs"] and all(measured["subs"]), measured


def test_tutorial_and_export_pages_show_figures_drawn_during_the_build(site):
    """The tutorial and export pages link figures that the build drew (SVG in the site), none committed under docs/."""
    expected = {
        "tutorial": {"binary-markov.svg", "lohr-generator.svg", "binary-markov-measures.svg", "paving.svg"},
        "howto/export": {"binary-markov.svg", "binary-markov-measures.svg", "c-mu-map.svg"},
    }
    for page, figures in expected.items():
        text = (site / page / "index.html").read_text(encoding="utf-8")
        linked = set(re.findall(r'<img [^>]*src="(?:\.\./)+img/generated/([^"]+)"', text))
        assert linked == figures, (page, linked)
    for svg in (site / "img" / "generated").iterdir():
        content = svg.read_text(encoding="utf-8")
        assert "<svg" in content and content.count("<path") > 10, svg.name
    assert not (DOCS / "img" / "generated").exists(), "generated figures must not be written into docs/"


def test_no_doctest_markers_on_the_pages(site):
    """Doctest directives such as <BLANKLINE> never reach a built page."""
    shown = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if "&lt;BLANKLINE&gt;" in p.read_text(encoding="utf-8")]
    assert not shown, shown
