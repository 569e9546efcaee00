r"""Compiling LaTeX documents, and the text a document shows: TeX engines, escaping, reasons in words.

:func:`compile_pdf` runs a TeX engine (:func:`tex_engine`: pdflatex,
lualatex or xelatex, whichever is installed) in batch mode in a temporary
directory; only the PDF reaches the target directory.  The helpers write
text for a reader: ``_escape_text`` escapes LaTeX's special characters,
``_text_with_math`` keeps ``$...$`` mathematics in otherwise escaped text,
``_in_words`` says why a result is missing without the programmer's advice
(``Pass a larger max_states``), and ``_decimal`` writes a certified
enclosure's ends rounded outward.
"""

from __future__ import annotations

import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from ..errors import DomainError, MissingDependencyError, ParameterTypeError, TexError

__all__ = ["TEX_ENGINES", "compile_pdf", "tex_engine"]

#: TeX engines tried in order by :func:`compile_pdf`.
TEX_ENGINES = ("pdflatex", "lualatex", "xelatex")


def tex_engine(engine: str | None = None) -> str:
    """The path of a TeX engine: ``engine`` if given, else the first of :data:`TEX_ENGINES` installed.

    Raises
    ------
    symcm.errors.MissingDependencyError
        If none is installed.
    """
    names = (engine,) if engine else TEX_ENGINES
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    raise MissingDependencyError(
        f"no TeX engine found (looked for {', '.join(names)} on PATH); install TeX Live, e.g. "
        "`apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures`, "
        "or write the .tex with to_latex() and compile it elsewhere"
    )


def compile_pdf(source: str, path, *, engine: str | None = None, timeout: float = 300) -> pathlib.Path:
    """Compile a complete LaTeX document to ``path`` (a ``.pdf``).

    The engine runs in a temporary directory, in batch mode, halting on the
    first error; ``path``'s directory receives only the PDF (and, on
    failure, the ``.tex`` next to it for inspection).

    Raises
    ------
    symcm.errors.DomainError
        If the directory of ``path`` does not exist (it is not created).
    symcm.errors.MissingDependencyError
        If no TeX engine is installed.
    symcm.errors.TexError
        If compilation fails.
    """
    path = pathlib.Path(path)
    if path.suffix.lower() != ".pdf":
        raise ParameterTypeError(f"compile_pdf writes a .pdf file, received the path {str(path)!r}")
    if not path.parent.is_dir():
        raise DomainError(f"compile_pdf: the directory {str(path.parent)!r} of the path does not exist; "
                          f"create it first (received the path {str(path)!r})")
    exe = tex_engine(engine)
    with tempfile.TemporaryDirectory(prefix="symcm-tex-") as tmp:
        tex = pathlib.Path(tmp) / "report.tex"
        tex.write_text(source, encoding="utf-8")
        try:
            proc = subprocess.run(
                [exe, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name],
                cwd=tmp, capture_output=True, text=True, timeout=timeout,
            )
        except subprocess.TimeoutExpired:
            raise TexError(f"{pathlib.Path(exe).name} did not finish within timeout={timeout} s") from None
        pdf = pathlib.Path(tmp) / "report.pdf"
        if proc.returncode != 0 or not pdf.exists():
            kept = path.with_suffix(".tex")
            kept.write_text(source, encoding="utf-8")
            tail = "\n".join(proc.stdout.splitlines()[-25:])
            raise TexError(
                f"{pathlib.Path(exe).name} failed (exit {proc.returncode}) on the source kept at {kept}:\n{tail}"
            )
        shutil.copyfile(pdf, path)
    return path


def _decimal(x, digits: int, up: bool = False) -> str:
    """A rational as a decimal of ``digits`` places, rounded down (or ``up``): an enclosure stays an enclosure."""
    import math
    from fractions import Fraction

    f = Fraction(int(x.p), int(x.q)) * 10**digits
    n = math.ceil(f) if up else math.floor(f)
    sign, n = ("-" if n < 0 else ""), abs(n)
    whole, frac = divmod(n, 10**digits)
    return f"{sign}{whole}.{frac:0{digits}d}"


def _version() -> str:
    """symcm's version (the package has finished importing by the time anything is derived or written)."""
    return sys.modules[__name__.split(".")[0]].__version__


def _without_advice(exc: Exception) -> str:
    """An error's message on one line, cut before the advice to a programmer (``...; pass a larger max_states``)."""
    text = " ".join(str(exc).split())
    return re.split(r"(?:;|\.) (?:pass|raise|give|increase|use) ", text, flags=re.IGNORECASE)[0].rstrip(".")


def _in_words(exc: Exception) -> str:
    """Why a result is missing, for a reader: no keyword advice to a programmer (``Pass a larger max_states``)."""
    text = _without_advice(exc)
    text = re.sub(r"\bwithin max_[a-z_]+=\d+ \(explored (\d+) ([a-z -]+)\)", r"after \1 \2", text)
    text = re.sub(r"\bwithin max_[a-z_]+=(\d+)", r"within \1", text)
    return re.sub(r"\bmax_([a-z]+)_?([a-z]*)=(\d+)", lambda m: f"{m.group(3)} {m.group(1)} {m.group(2)}".strip(), text)


def _text_with_math(text: str) -> str:
    """Text with ``$...$`` mathematics: the text escaped for LaTeX, the mathematics kept."""
    parts = str(text).split("$")
    if len(parts) % 2 == 0:  # an unpaired $: all text
        return _escape_text(text)
    return "".join(_escape_text(p) if i % 2 == 0 else f"${p}$" for i, p in enumerate(parts))


def _escape_text(text: str) -> str:
    table = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
             "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
    return "".join(table.get(c, c) for c in str(text))
