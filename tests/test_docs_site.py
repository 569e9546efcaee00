"""The documentation site: mkdocs.yml's nav matches docs/, and the strict build passes."""

import os
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
    assert '<span class="arithmatex">' in page
    assert 'href="#symcm.algebra.entropy.H"' in page
