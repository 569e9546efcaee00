"""Every executable proof in proofs/ runs and asserts its claims."""

import functools
import pathlib
import subprocess
import sys

import pytest

PROOFS = sorted((pathlib.Path(__file__).resolve().parents[1] / "proofs").glob("*.py"))


@functools.cache
def _run(script: pathlib.Path) -> subprocess.CompletedProcess:
    """Run one proof script once per session (the LaTeX test reuses the runs of the others)."""
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600)


def test_there_are_proofs():
    """The proofs/ folder is not empty."""
    assert PROOFS


@pytest.mark.parametrize("script", PROOFS, ids=[s.stem for s in PROOFS])
def test_proof_holds(script, tmp_path):
    """The proof script exits 0 (all its assertions hold) and writes its LaTeX fragment."""
    proc = _run(script)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tex = script.parent / "build" / f"{script.stem}.tex"
    assert tex.exists() and tex.stat().st_size > 100


def test_proof_latex_compiles(tmp_path):
    """All proofs' LaTeX fragments compile together in a plain article with pdflatex."""
    import shutil

    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (CI installs TeX Live from Debian packages)")
    for script in PROOFS:
        proc = _run(script)
        assert proc.returncode == 0, f"{script.name} failed:\n{proc.stdout}{proc.stderr}"
    build = PROOFS[0].parent / "build"
    body = "\n\n".join(f"\\section*{{{s.stem.replace('_', ' ')}}}\n\\input{{{build / (s.stem + '.tex')}}}"
                       for s in PROOFS)
    doc = tmp_path / "proofs.tex"
    doc.write_text("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
                   f"{body}\n\\end{{document}}\n")
    proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", doc.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
    assert (tmp_path / "proofs.pdf").stat().st_size > 10_000
