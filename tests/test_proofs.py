"""Every executable proof in proofs/ runs and asserts its claims."""

import doctest
import functools
import importlib.util
import os
import pathlib
import subprocess
import sys

import pytest

PROOF_DIR = pathlib.Path(__file__).resolve().parents[1] / "proofs"
CLAIMS = PROOF_DIR / "claims.py"  # the scripts' shared helpers, not a proof
PROOFS = sorted(s for s in PROOF_DIR.glob("*.py") if s != CLAIMS)


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


def _claims():
    """proofs/claims.py as a module (the scripts import it as ``claims``, from their own folder)."""
    spec = importlib.util.spec_from_file_location("claims", CLAIMS)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_claims_doctests():
    """The examples in the docstring of proofs/claims.py hold (proofs/ is outside pytest's testpaths)."""
    result = doctest.testmod(_claims())
    assert result.attempted > 0 and result.failed == 0


def test_failing_claim_raises_with_its_message(capsys):
    """A claim that holds is reported; one that fails raises ClaimFailed with its message, silently."""
    claims = _claims()
    claims.claim(True, "this holds")
    assert capsys.readouterr().out == "  holds: this holds\n"
    for decide in (claims.claim, claims.check):
        with pytest.raises(claims.ClaimFailed, match=r"^1 \+ 1 = 3$"):
            decide(False, "1 + 1 = 3")
    assert capsys.readouterr().out == ""
    assert issubclass(claims.ClaimFailed, AssertionError)


def test_exact_zero_refuses_floats():
    """``is_zero`` decides a rational identity exactly and refuses an expression with a float in it."""
    import sympy as sp

    claims, x = _claims(), sp.Symbol("x")
    assert claims.is_zero((x**2 - 1) / (x - 1) - (x + 1)) is True
    assert claims.is_zero(x / (x + 1)) is False
    with pytest.raises(TypeError, match="not an exact expression"):
        claims.is_zero(x - sp.Float(0.5))


@pytest.mark.parametrize("optimize", [[], ["-O"]], ids=["plain", "-O"])
def test_script_exits_nonzero_on_a_failed_claim(tmp_path, optimize):
    """A script written like the proofs stops at its first failed claim with a non-zero exit status and writes
    nothing after it, also under ``python -O`` (which strips ``assert``)."""
    script = tmp_path / "failing.py"
    marker = tmp_path / "not-written"
    script.write_text(
        "import sys\n"
        "from claims import check, claim\n"
        "def main():\n"
        "    claim(True, 'the first claim')\n"
        "    check(1 + 1 == 3, 'the second claim')\n"
        f"    open({str(marker)!r}, 'w').close()\n"
        "    return 0\n"
        "sys.exit(main())\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROOF_DIR), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, *optimize, str(script)], capture_output=True, text=True, timeout=120,
                          env=env)
    assert proc.returncode != 0
    assert "  holds: the first claim" in proc.stdout
    assert "ClaimFailed: the second claim" in proc.stderr
    assert not marker.exists()
