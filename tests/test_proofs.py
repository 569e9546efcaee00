"""Every executable proof in proofs/ runs and asserts its claims."""

import pathlib
import subprocess
import sys

import pytest

PROOFS = sorted((pathlib.Path(__file__).resolve().parents[1] / "proofs").glob("*.py"))


def test_there_are_proofs():
    """The proofs/ folder is not empty."""
    assert PROOFS


@pytest.mark.parametrize("script", PROOFS, ids=[s.stem for s in PROOFS])
def test_proof_holds(script, tmp_path):
    """The proof script exits 0 (all its assertions hold) and writes its LaTeX fragment."""
    proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tex = script.parent / "build" / f"{script.stem}.tex"
    assert tex.exists() and tex.stat().st_size > 100
