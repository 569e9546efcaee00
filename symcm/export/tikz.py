r"""State diagrams of models as TikZ pictures.

:func:`to_tikz` draws an :class:`~symcm.models.hmm.HMM` as a ``tikzpicture`` with
the ``automata`` library: one ``state`` node per state, one arrow per
ordered pair of states that has an edge, labelled ``x | probability`` for
every symbol ``x`` it emits (parallel edges, same source and target on
different symbols, share one arrow with the labels stacked).  It needs only
:data:`TIKZ_PREAMBLE` in the document preamble.

Layout
------
:func:`symcm.export.layout.layout` places everything (states on a circle,
the two arrows of a two-way pair bent apart, loops on the free side of
their state, every label beside its own arrow where its box clears every
state, arrow and label); the picture draws each arrow as the exact Bezier
curve the layout computed, and each label at the point it chose.  State
names follow one convention per picture: all upright (``\mathrm``) as soon
as one name has more than one character (RRXOR's ``S``, ``T0``, ...), else
single letters in math italic.  ``positions`` overrides any coordinate.

The output is a deterministic function of the model and the arguments.

Examples
--------
>>> import symcm as sc
>>> from symcm.export.tikz import to_tikz
>>> print(to_tikz(sc.processes.golden_mean(sc.symbols("p"))))
\begin{tikzpicture}[scale=1, >={Stealth[round]}, shorten >=1pt, semithick]
  \node[state] (s0) at (-1.750, 0.000) {$A$};
  \node[state] (s1) at (1.750, 0.000) {$B$};
  \draw[->] (s0.202) .. controls (-2.899, -0.964) and (-2.899, 0.964) .. (s0.158) % loop
    node[anchor=east, font=\small, align=center, inner sep=2pt] (l0x0) at (-2.776, 0.000) {$1 \mid 1 - p$};
  \draw[->] (s0.20) .. controls (-0.351, 0.509) and (0.351, 0.509) .. (s1.160) % bent
    node[anchor=south, font=\small, align=center, inner sep=2pt] (l0x1) at (0.000, 0.480) {$0 \mid p$};
  \draw[->] (s1.200) .. controls (0.351, -0.509) and (-0.351, -0.509) .. (s0.340) % bent
    node[anchor=north, font=\small, align=center, inner sep=2pt] (l1x0) at (0.000, -0.480) {$1 \mid 1$};
\end{tikzpicture}
<BLANKLINE>
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping

import sympy as sp

from ..algebra.cases import Cases
from ..errors import DomainError, ParameterTypeError, UnknownStateError
from ..models.hmm import HMM
from .latex_printer import _name_latex, _Printer, _symbol_names, state_names  # noqa: F401  (state_names: its old home)
from .layout import label_size, layout

__all__ = ["TIKZ_PREAMBLE", "to_tikz"]

_BREAK = "\\\\"

#: What a document needs in its preamble for :func:`to_tikz` pictures.
TIKZ_PREAMBLE = "\\usepackage{tikz}\n\\usetikzlibrary{automata,positioning,arrows.meta}\n"

def _num(x: float) -> str:
    text = f"{x:.3f}"
    return "0.000" if text == "-0.000" else text


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, sp.Basic)):
        raise ParameterTypeError(f"{what}: expected a real number, received {value!r}")
    try:
        out = float(value)
    except (TypeError, ValueError):
        raise ParameterTypeError(f"{what}: expected a real number, received {value!r}") from None
    if not math.isfinite(out):
        raise DomainError(f"{what}: expected a finite number, received {value!r}")
    return out


def _positions(m: HMM, positions) -> dict:
    """``state index -> (x, y)`` from the user's mapping ``state -> (x, y)`` (checked)."""
    if positions is None:
        return {}
    if not isinstance(positions, Mapping):
        raise ParameterTypeError(f"positions: expected a mapping state -> (x, y), received {positions!r}")
    out = {}
    for state, xy in positions.items():
        i = m.index(state) if state in m.states else None
        if i is None:
            raise UnknownStateError(f"positions: {state!r} is not a state; states are {m.states}")
        try:
            x, y = xy
        except (TypeError, ValueError):
            raise ParameterTypeError(f"positions[{state!r}]: expected a pair (x, y), received {xy!r}") from None
        out[i] = (_number(x, f"positions[{state!r}]"), _number(y, f"positions[{state!r}]"))
    return out


def _angle(centre, point) -> str:
    """The anchor angle (degrees, rounded) of ``point`` seen from ``centre``."""
    return f"{round(math.degrees(math.atan2(point[1] - centre[1], point[0] - centre[0]))) % 360}"


def to_tikz(m: HMM, *, symbol_names: Mapping | None = None, standalone: bool = False, scale=1.0,
            positions: Mapping | None = None) -> str:
    r"""The state diagram of a model as a TikZ picture (``automata`` library).

    Parameters
    ----------
    m : HMM or Cases of HMMs
        The model; for a :class:`~symcm.algebra.cases.Cases` of models, as
        :func:`symcm.epsilon_machine` returns, one picture per case, each
        captioned ``Case k:`` and its condition (the last: ``otherwise``).
    symbol_names : mapping, optional
        LaTeX for parameters in the edge labels, as for
        :func:`symcm.export.printing.latex`: ``{p: r"\alpha"}``.
    standalone : bool
        Return a complete document (the ``standalone`` class, so the PDF
        page is the figure with a 2 mm border; one page per case; only
        :data:`TIKZ_PREAMBLE`) that compiles with ``pdflatex``.
    scale : number
        The picture's ``scale`` (distances only; node and text size stay).
    positions : mapping state -> (x, y), optional
        Coordinates (cm, before scaling) that replace the automatic layout
        for the states given.

    Returns
    -------
    str
        ``\begin{tikzpicture} ... \end{tikzpicture}`` (or a document).
        Nodes are named ``s0, s1, ...`` in the model's state order.

    Raises
    ------
    ParameterTypeError
        ``m`` is not an HMM (or a Cases of HMMs), or a malformed ``scale`` /
        ``positions``.
    UnknownStateError
        ``positions`` names a state the model does not have.
    DomainError
        ``scale`` is not positive.

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.export.tikz import to_tikz, TIKZ_PREAMBLE
    >>> p, q = sc.symbols("p q")
    >>> pic = to_tikz(sc.processes.binary_markov(p, q), symbol_names={p: r"\alpha"})
    >>> pic.count(r"\node[state]"), r"$1 \mid \alpha$" in pic
    (2, True)
    >>> doc = to_tikz(sc.processes.even(p), standalone=True)
    >>> doc.startswith(r"\documentclass[border=2mm]{standalone}") and TIKZ_PREAMBLE in doc
    True
    >>> cases = sc.epsilon_machine(sc.processes.binary_markov(p, q))
    >>> [line.split(") ")[-1] for line in to_tikz(cases).splitlines() if "Case" in line]
    ['{Case 1: $p + q = 1$};', '{Case 2: otherwise};']
    """
    if isinstance(m, Cases):
        return _cases_tikz(m, symbol_names, standalone, scale, positions)
    if not isinstance(m, HMM):
        raise ParameterTypeError(
            f"to_tikz: expected an HMM (e.g. sc.processes.golden_mean(p)), received {m!r} of type {type(m).__name__}"
        )
    s = _number(scale, "scale")
    if s <= 0:
        raise DomainError(f"scale: expected a positive number, received {scale!r}")
    printer = _Printer(_symbol_names(symbol_names))
    fixed = _positions(m, positions)
    labels: dict[tuple[int, int], list[str]] = {}
    for e in m.edges:  # in state order, then alphabet order
        key = (m.index(e.source), m.index(e.target))
        labels.setdefault(key, []).append(f"${_name_latex(e.symbol)} \\mid {printer.doprint(e.probability)}$")
    sizes = {k: tuple(v / s for v in label_size(texts)) for k, texts in labels.items()}
    d = layout(m, sizes, fixed)
    lines = [f"\\begin{{tikzpicture}}[scale={s:g}, >={{Stealth[round]}}, shorten >=1pt, semithick]"]
    for i, name in enumerate(state_names(m.states)):
        x, y = d.centres[i]
        lines.append(f"  \\node[state] (s{i}) at ({_num(x)}, {_num(y)}) {{${name}$}};")
    fill = ", fill=white, inner sep=1pt" if d.collisions else ""
    for (i, j), texts in sorted(labels.items()):
        c = d.curves[(i, j)]
        start, end = (_angle(d.centres[i], c[0]), _angle(d.centres[j], c[3]))
        kind = "loop" if i == j else "bent" if (j, i) in labels else "straight"
        x, y, anchor = d.labels[(i, j)]
        lines.append(f"  \\draw[->] (s{i}.{start}) .. controls ({_num(c[1][0])}, {_num(c[1][1])}) and "
                     f"({_num(c[2][0])}, {_num(c[2][1])}) .. (s{j}.{end}) % {kind}\n"
                     f"    node[anchor={anchor}, font=\\small, align=center, inner sep=2pt{fill}] (l{i}x{j}) at ({_num(x)}, {_num(y)}) "
                     f"{{{_BREAK.join(texts)}}};")
    lines.append("\\end{tikzpicture}")
    picture = "\n".join(lines) + "\n"
    if not standalone:
        return picture
    return ("\\documentclass[border=2mm]{standalone}\n" + TIKZ_PREAMBLE + "\\begin{document}\n"
            + picture + "\\end{document}\n")


def case_models(cases: Cases, where: str) -> list:
    """The HMM of each case, or a ParameterTypeError naming the first case that holds something else."""
    for k, (_, value) in enumerate(cases):
        if not isinstance(value, HMM):
            raise ParameterTypeError(
                f"{where}: expected a Cases of HMMs (as sc.epsilon_machine returns), received one whose case "
                f"{k + 1} holds a {type(value).__name__}: draw its parts one by one"
            )
    return list(cases.values)


def _cases_tikz(cases: Cases, symbol_names, standalone, scale, positions) -> str:
    """One picture per case, each captioned ``Case k: condition`` (the last: ``otherwise``) below it."""
    models = case_models(cases, "to_tikz")
    printer = _Printer(_symbol_names(symbol_names))
    pictures = []
    for k, (cond, model) in enumerate(zip(cases.conditions, models)):
        where = "otherwise" if k == len(models) - 1 and len(models) > 1 else f"${printer.doprint(cond)}$"
        caption = (f"  \\node[anchor=north, font=\\small, align=center] at ([yshift=-1mm]current bounding box.south) "
                   f"{{Case {k + 1}: {where}}};\n")
        pic = to_tikz(model, symbol_names=symbol_names, scale=scale, positions=positions)
        pictures.append(pic.replace("\\end{tikzpicture}", caption + "\\end{tikzpicture}"))
    body = "\n".join(pictures)
    if not standalone:
        return body
    return ("\\documentclass[border=2mm,tikz]{standalone}\n" + TIKZ_PREAMBLE + "\\begin{document}\n"
            + body + "\\end{document}\n")
