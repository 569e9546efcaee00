r"""State diagrams of models as TikZ pictures.

:func:`to_tikz` draws an :class:`~symcm.models.hmm.HMM` as a ``tikzpicture`` with
the ``automata`` library: one ``state`` node per state, one arrow per
ordered pair of states that has an edge, labelled ``x | probability`` for
every symbol ``x`` it emits (parallel edges, same source and target on
different symbols, share one arrow with the labels stacked).  It needs only
:data:`TIKZ_PREAMBLE` in the document preamble.

Layout
------
One state sits at the origin, two side by side, ``n >= 3`` on a circle of
radius :math:`r = 1.75 / \sin(\pi / n)` cm (neighbours 3.5 cm apart), the
first state at the top, the others clockwise.  For up to 8 states the order
around the circle is the one that keeps connected states closest (the least
total circular distance over connected pairs, the model's order on ties).
Arrows of a pair of states connected both ways are bent (``bend left=15``)
so that they do not overlap, their labels on the outer side of the bend
(``auto``).  A self-loop points away from the centre of the picture, its
label beyond it.  The label of a straight arrow goes to the first spot, in
a fixed order of candidates (the middle, then towards either end, on the
left and then the right of the arrow), whose estimated box is clear of
other arrows, states and labels; one that fits nowhere stays in the middle
on a white background.  ``positions`` overrides any coordinate.

The output is a deterministic function of the model and the arguments.

Examples
--------
>>> import symcm as sc
>>> from symcm.export.tikz import to_tikz
>>> print(to_tikz(sc.processes.golden_mean(sc.symbols("p"))))
\begin{tikzpicture}[scale=1, >={Stealth[round]}, shorten >=1pt, semithick]
  \node[state] (s0) at (-1.750, 0.000) {$A$};
  \node[state] (s1) at (1.750, 0.000) {$B$};
  \path[->] (s0) edge[loop, out=205, in=155, min distance=9mm, looseness=7] node[anchor=0, font=\small, align=center] {$1 \mid 1 - p$} (s0);
  \path[->] (s0) edge[bend left=15] node[auto, font=\small, align=center] {$0 \mid p$} (s1);
  \path[->] (s1) edge[bend left=15] node[auto, font=\small, align=center] {$1 \mid 1$} (s0);
\end{tikzpicture}
<BLANKLINE>
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from itertools import permutations

import sympy as sp

from ..algebra.cases import Cases
from ..errors import DomainError, ParameterTypeError, UnknownStateError
from ..models.hmm import HMM
from .latex_printer import _name_latex, _Printer, _symbol_names

__all__ = ["TIKZ_PREAMBLE", "to_tikz"]

#: What a document needs in its preamble for :func:`to_tikz` pictures.
TIKZ_PREAMBLE = "\\usepackage{tikz}\n\\usetikzlibrary{automata,positioning,arrows.meta}\n"

_SPACING = 3.5  # cm between neighbouring states
_MAX_SEARCH = 8  # up to this many states the circular order is optimised exhaustively


def _circle_order(m: HMM) -> list[int]:
    """State indices around the circle: least total circular distance between connected states."""
    n = len(m.states)
    pairs = sorted({tuple(sorted((m.index(e.source), m.index(e.target)))) for e in m.edges
                    if e.source != e.target})
    if n <= 3 or n > _MAX_SEARCH or not pairs:
        return list(range(n))

    def cost(order) -> int:
        pos = {s: i for i, s in enumerate(order)}
        total = 0
        for a, b in pairs:
            d = abs(pos[a] - pos[b])
            total += min(d, n - d)
        return total

    best, best_cost = list(range(n)), cost(range(n))
    for rest in permutations(range(1, n)):
        c = cost((0,) + rest)
        if c < best_cost:
            best, best_cost = [0, *rest], c
    return best


def _layout(m: HMM) -> list[tuple[float, float]]:
    n = len(m.states)
    if n == 1:
        return [(0.0, 0.0)]
    if n == 2:
        return [(-_SPACING / 2, 0.0), (_SPACING / 2, 0.0)]
    radius = _SPACING / 2 / math.sin(math.pi / n)
    coords = [(0.0, 0.0)] * n
    for k, i in enumerate(_circle_order(m)):
        angle = math.radians(90 - 360 * k / n)
        coords[i] = (radius * math.cos(angle), radius * math.sin(angle))
    return coords


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


def _positions(m: HMM, positions) -> list[tuple[float, float]]:
    coords = _layout(m)
    if positions is None:
        return coords
    if not isinstance(positions, Mapping):
        raise ParameterTypeError(f"positions: expected a mapping state -> (x, y), received {positions!r}")
    for state, xy in positions.items():
        i = m.index(state) if state in m.states else None
        if i is None:
            raise UnknownStateError(f"positions: {state!r} is not a state; states are {m.states}")
        try:
            x, y = xy
        except (TypeError, ValueError):
            raise ParameterTypeError(f"positions[{state!r}]: expected a pair (x, y), received {xy!r}") from None
        coords[i] = (_number(x, f"positions[{state!r}]"), _number(y, f"positions[{state!r}]"))
    return coords


def _label_size(texts: list[str]) -> tuple[float, float]:
    """Rough width and height (cm) of a stacked edge label in ``\\small``."""
    widest = 0
    for t in texts:
        visible = re.sub(r"\\[a-zA-Z]+|[{}$ ]", "", t)
        widest = max(widest, len(visible) + 1)
    return 0.16 * widest + 0.25, 0.42 * len(texts)


def _hits(rect, segments, circles, rects) -> bool:
    """Whether a label box ``(x, y, w, h)`` (centre, size) meets an edge, a node or another label."""
    x, y, w, h = rect
    hw, hh = w / 2 + 0.05, h / 2 + 0.05
    for (ax, ay), (bx, by) in segments:
        for k in range(21):
            px, py = ax + (bx - ax) * k / 20, ay + (by - ay) * k / 20
            if abs(px - x) < hw and abs(py - y) < hh:
                return True
    for cx, cy, r in circles:
        dx, dy = max(abs(cx - x) - w / 2, 0), max(abs(cy - y) - h / 2, 0)
        if math.hypot(dx, dy) < r:
            return True
    return any(abs(x - ox) < (w + ow) / 2 + 0.1 and abs(y - oy) < (h + oh) / 2 + 0.1 for ox, oy, ow, oh in rects)


def _place_labels(labels: dict, coords: list, bent: set, loops: dict) -> dict:
    """``(i, j) -> (pos, swap, fill)`` for straight arrows: the first spot clear of edges, nodes and labels.

    Candidates are tried in a fixed order (middle first, then towards either
    end, on the left then the right of the arrow); a label that fits nowhere
    stays in the middle on a white background.
    """
    circles = [(x, y, 0.5) for x, y in coords]
    segments, rects = [], []
    for (i, j) in labels:
        if i == j:
            continue
        (ax, ay), (bx, by) = coords[i], coords[j]
        if (i, j) in bent:  # two straight pieces through the bulge of the arc
            length = math.hypot(bx - ax, by - ay) or 1.0
            nx, ny = -(by - ay) / length, (bx - ax) / length
            mx, my = (ax + bx) / 2 + 0.076 * length * nx, (ay + by) / 2 + 0.076 * length * ny
            segments += [((ax, ay), (mx, my)), ((mx, my), (bx, by))]
        else:
            segments.append(((ax, ay), (bx, by)))
    for (i, j), texts in sorted(labels.items()):  # fixed labels: loops and bends
        w, h = _label_size(texts)
        if i == j:
            ux, uy = math.cos(math.radians(loops[i])), math.sin(math.radians(loops[i]))
            d = 1.45 + abs(ux) * w / 2 + abs(uy) * h / 2
            rects.append((coords[i][0] + d * ux, coords[i][1] + d * uy, w, h))
        elif (i, j) in bent:
            (ax, ay), (bx, by) = coords[i], coords[j]
            length = math.hypot(bx - ax, by - ay) or 1.0
            nx, ny = -(by - ay) / length, (bx - ax) / length
            d = 0.076 * length + 0.1 + abs(nx) * w / 2 + abs(ny) * h / 2
            rects.append(((ax + bx) / 2 + d * nx, (ay + by) / 2 + d * ny, w, h))
    placed = {}
    for (i, j), texts in sorted(labels.items()):
        if i == j or (i, j) in bent:
            continue
        w, h = _label_size(texts)
        (ax, ay), (bx, by) = coords[i], coords[j]
        length = math.hypot(bx - ax, by - ay) or 1.0
        own = ((ax, ay), (bx, by))
        others = [sg for sg in segments if sg != own]
        ends = [c for k, c in enumerate(circles) if k not in (i, j)]
        choice = (0.5, False, True)
        for pos in (0.5, 0.4, 0.6, 0.3, 0.7, 0.25, 0.75):
            for swap in (False, True):
                sign = -1 if swap else 1
                nx, ny = -sign * (by - ay) / length, sign * (bx - ax) / length
                d = 0.1 + abs(nx) * w / 2 + abs(ny) * h / 2
                rect = (ax + pos * (bx - ax) + d * nx, ay + pos * (by - ay) + d * ny, w, h)
                if not _hits(rect, others, ends, rects):
                    choice = (pos, swap, False)
                    break
            else:
                continue
            break
        pos, swap, _ = choice
        sign = -1 if swap else 1
        nx, ny = -sign * (by - ay) / length, sign * (bx - ax) / length
        d = 0.1 + abs(nx) * w / 2 + abs(ny) * h / 2
        rects.append((ax + pos * (bx - ax) + d * nx, ay + pos * (by - ay) + d * ny, w, h))
        placed[(i, j)] = choice
    return placed


def to_tikz(m: HMM, *, symbol_names: Mapping | None = None, standalone: bool = False, scale=1.0,
            positions: Mapping | None = None) -> str:
    r"""The state diagram of a model as a TikZ picture (``automata`` library).

    Parameters
    ----------
    m : HMM
        The model.  (For a :class:`~symcm.algebra.cases.Cases` of models, as
        :func:`symcm.epsilon_machine` returns, draw one case:
        ``cases[-1][1]`` is the generic one.)
    symbol_names : mapping, optional
        LaTeX for parameters in the edge labels, as for
        :func:`symcm.export.printing.latex`: ``{p: r"\alpha"}``.
    standalone : bool
        Return a complete document (``article``, empty page style, only
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
        ``m`` is not an HMM, or a malformed ``scale`` / ``positions``.
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
    >>> doc.startswith(r"\documentclass{article}") and TIKZ_PREAMBLE in doc
    True
    """
    if isinstance(m, Cases):
        kinds = {type(v).__name__ for v in m.values}
        raise ParameterTypeError(
            f"to_tikz draws one HMM; received a Cases of {len(m)} values ({', '.join(sorted(kinds))}), one per "
            "parameter region: pick a case, e.g. cases[-1][1] for the generic one (its condition is "
            "cases[-1][0])"
        )
    if not isinstance(m, HMM):
        raise ParameterTypeError(
            f"to_tikz: expected an HMM (e.g. sc.processes.golden_mean(p)), received {m!r} of type {type(m).__name__}"
        )
    s = _number(scale, "scale")
    if s <= 0:
        raise DomainError(f"scale: expected a positive number, received {scale!r}")
    printer = _Printer(_symbol_names(symbol_names))
    coords = _positions(m, positions)
    n = len(m.states)
    cx, cy = sum(x for x, _ in coords) / n, sum(y for _, y in coords) / n

    labels: dict[tuple[int, int], list[str]] = {}
    for e in m.edges:  # in state order, then alphabet order
        key = (m.index(e.source), m.index(e.target))
        labels.setdefault(key, []).append(f"${_name_latex(e.symbol)} \\mid {printer.doprint(e.probability)}$")

    loops = {}
    for i in range(n):
        x, y = coords[i]
        far = math.hypot(x - cx, y - cy) >= 1e-9
        loops[i] = round(math.degrees(math.atan2(y - cy, x - cx))) % 360 if far else 90
    bent = {k for k in labels if k[0] != k[1] and k[::-1] in labels}
    scaled = [(x * s, y * s) for x, y in coords]
    spots = _place_labels(labels, scaled, bent, loops)
    lines = [f"\\begin{{tikzpicture}}[scale={s:g}, >={{Stealth[round]}}, shorten >=1pt, semithick]"]
    for i, state in enumerate(m.states):
        x, y = coords[i]
        lines.append(f"  \\node[state] (s{i}) at ({_num(x)}, {_num(y)}) {{${_name_latex(state)}$}};")
    for (i, j), texts in sorted(labels.items()):
        text = "\\\\".join(texts)
        if i == j:
            angle = loops[i]
            style = f"loop, out={(angle + 25) % 360}, in={(angle - 25) % 360}, min distance=9mm, looseness=7"
            node = f"node[anchor={(angle + 180) % 360}, font=\\small, align=center]"
        else:
            style = "bend left=15" if (i, j) in bent else ""
            pos, swap, fill = spots.get((i, j), (0.5, False, False))
            extra = (f", pos={pos:g}" if pos != 0.5 else "") + (", swap" if swap else "")
            extra += ", fill=white, inner sep=1pt" if fill else ""
            node = f"node[auto{extra}, font=\\small, align=center]"
        edge = f"edge[{style}]" if style else "edge"
        lines.append(f"  \\path[->] (s{i}) {edge} {node} {{{text}}} (s{j});")
    lines.append("\\end{tikzpicture}")
    picture = "\n".join(lines) + "\n"
    if not standalone:
        return picture
    return ("\\documentclass{article}\n" + TIKZ_PREAMBLE + "\\pagestyle{empty}\n\\begin{document}\n"
            + picture + "\\end{document}\n")
