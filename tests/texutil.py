"""Compile LaTeX for real in tests: pdflatex when installed, a clear skip otherwise."""

from __future__ import annotations

import pathlib
import shutil
import re
import subprocess
import zlib

import pytest

PREAMBLE = r"""\documentclass{article}
\usepackage{amsmath,amssymb}
\usepackage{tikz}
\usetikzlibrary{automata,positioning,arrows.meta,quotes}
"""


def require_pdflatex() -> str:
    """The pdflatex path, or skip the calling test with the reason."""
    exe = shutil.which("pdflatex")
    if exe is None:
        pytest.skip("pdflatex is not installed (CI installs TeX Live from Debian packages)")
    return exe


def compile_tex(source: str, tmp_path: pathlib.Path, name: str = "doc") -> pathlib.Path:
    """Compile a complete LaTeX document with pdflatex; fail with the log tail, return the PDF path."""
    exe = require_pdflatex()
    tex = tmp_path / f"{name}.tex"
    tex.write_text(source)
    proc = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", tex.name],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-4000:]
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.stat().st_size > 1000
    return pdf


def compile_body(body: str, tmp_path: pathlib.Path, name: str = "doc", preamble: str = PREAMBLE) -> pathlib.Path:
    """Wrap a LaTeX body in an article with amsmath and TikZ (automata) and compile it."""
    return compile_tex(f"{preamble}\\begin{{document}}\n{body}\n\\end{{document}}\n", tmp_path, name)


def pdf_text(pdf: pathlib.Path) -> bytes:
    """The bytes of a PDF with its compressed streams (object streams too) appended inflated."""
    data = pdf.read_bytes()
    extra = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            extra.append(zlib.decompress(stream))
        except zlib.error:
            pass
    return data + b"".join(extra)
