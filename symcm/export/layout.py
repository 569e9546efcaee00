r"""Where the states, arrows and labels of a state diagram go (shared by TikZ and matplotlib).

:func:`layout` computes, in centimetres, a collision-free drawing of an
:class:`~symcm.models.hmm.HMM`: state centres, one cubic Bezier curve per
ordered pair of states with an edge, and the centre of every label.

* States: one at the origin, two side by side, ``n >= 3`` on a circle whose
  neighbours are ``spacing`` apart, first state at the top, the others
  clockwise; up to 8 states in the order that keeps connected states closest.
* Arrows: straight, except the two arrows of a pair of states connected both
  ways, bent apart (each to its own left by 20 degrees).
* Loops: on the side of their state with the widest free angle between its
  arrows (ties: away from the centre), their label beyond them.
* Labels: beside their own arrow (middle first, then towards either end, the
  side away from the centre first), at the first spot whose box clears every
  state, every other arrow and every label placed before; the arrows with
  the fewest free spots are labelled first.  If some label fits nowhere, the
  circle is enlarged (up to four times) and everything is placed again.

Label boxes are estimated from the LaTeX text (:func:`label_size`); the
tests measure the boxes TikZ really draws.

Examples
--------
>>> import symcm as sc
>>> from symcm.export.layout import layout
>>> d = layout(sc.processes.golden_mean(sc.symbols("p")), {(0, 0): (1.2, 0.5), (0, 1): (0.8, 0.5),
...                                                        (1, 0): (0.8, 0.5)})
>>> [tuple(round(v, 2) for v in c) for c in d.centres]
[(-1.75, 0.0), (1.75, 0.0)]
>>> d.collisions
0
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from itertools import permutations

__all__ = ["Drawing", "label_size", "layout"]

NODE_RADIUS = 0.45  # cm: the automata library's state (2.5em at 10pt) and a little air
SPACING = 3.5  # cm between neighbouring states
BEND = 20  # degrees each arrow of a two-way pair bends to its left
_K = 0.3915  # TikZ's control-point distance for looseness 1 (fraction of the chord)
_LOOP_SPREAD = 22  # degrees either side of a loop's direction where it leaves and enters
_LOOP_REACH = 1.05  # cm from the state's border to the loop's control points
_GAP = 0.06  # cm between a label and its own arrow
_CLEAR = 0.14  # cm a label keeps from states, other arrows and other labels
_MAX_SEARCH = 8


@dataclass
class Drawing:
    """A laid-out diagram, all in cm: state centres, curves ``(i, j) -> 4 control points``, label centres."""

    centres: list
    curves: dict = field(default_factory=dict)
    loops: dict = field(default_factory=dict)  # i -> direction of the loop (degrees)
    labels: dict = field(default_factory=dict)  # (i, j) -> (x, y, anchor): where the label's TikZ ``anchor`` goes
    sizes: dict = field(default_factory=dict)  # (i, j) -> (w, h)
    collisions: int = 0  # labels that found no free spot (0 for every catalog process)


def label_size(lines: list[str]) -> tuple[float, float]:
    r"""Estimated width and height (cm) of a label of LaTeX lines in ``\small`` (``\frac`` counted as stacked).

    Examples
    --------
    >>> tuple(round(v, 2) for v in label_size([r"$0 \mid \frac{1}{2} - p$"]))
    (1.46, 0.64)
    """
    def bare(t: str) -> str:  # the characters that take width, one per glyph
        t = re.sub(r"\\mathrm|\\operatorname|\\text", "", t)
        t = re.sub(r"\\[a-zA-Z]+", "x", t)
        return re.sub(r"[{}$ ^_]", "", t)

    widest, height = 0.0, 0.0
    for text in lines:
        tall = r"\frac" in text
        t = text.replace(r"\mid", "||").replace(r"\left", "").replace(r"\right", "")
        for _ in range(10):  # innermost first: scripts (half width), then fractions (the wider of the two)
            t2 = re.sub(r"[\^_]\{([^{}]*)\}", lambda g: "x" * ((len(bare(g[1])) + 1) // 2), t)
            t2 = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}",
                        lambda g: "x" * max(len(bare(g[1])), len(bare(g[2]))), t2)
            if t2 == t:
                break
            t = t2
        t = bare(t)
        ops = sum(t.count(c) for c in "+-=")
        widest = max(widest, 0.165 * (len(t) + ops) + 0.3)
        height += 0.64 if tall else 0.44
    return widest, height


def _circle_order(n: int, pairs: list) -> list[int]:
    if n <= 3 or n > _MAX_SEARCH or not pairs:
        return list(range(n))

    def cost(order) -> int:
        pos = {s: i for i, s in enumerate(order)}
        return sum(min(abs(pos[a] - pos[b]), n - abs(pos[a] - pos[b])) for a, b in pairs)

    best, best_cost = list(range(n)), cost(range(n))
    for rest in permutations(range(1, n)):
        c = cost((0,) + rest)
        if c < best_cost:
            best, best_cost = [0, *rest], c
    return best


def _circle(n: int, order: list, spacing: float) -> list:
    if n == 1:
        return [(0.0, 0.0)]
    if n == 2:
        return [(-spacing / 2, 0.0), (spacing / 2, 0.0)]
    radius = spacing / 2 / math.sin(math.pi / n)
    coords = [(0.0, 0.0)] * n
    for k, i in enumerate(order):
        angle = math.radians(90 - 360 * k / n)
        coords[i] = (radius * math.cos(angle), radius * math.sin(angle))
    return coords


def _unit(deg: float) -> tuple:
    return math.cos(math.radians(deg)), math.sin(math.radians(deg))


def bezier(c, t: float) -> tuple:
    """The point at ``t`` of the cubic Bezier with control points ``c``."""
    u = 1 - t
    a, b, d, e = u ** 3, 3 * u * u * t, 3 * u * t * t, t ** 3
    return (a * c[0][0] + b * c[1][0] + d * c[2][0] + e * c[3][0], a * c[0][1] + b * c[1][1] + d * c[2][1] + e * c[3][1])


def _tangent(c, t: float) -> tuple:
    u = 1 - t
    dx = 3 * u * u * (c[1][0] - c[0][0]) + 6 * u * t * (c[2][0] - c[1][0]) + 3 * t * t * (c[3][0] - c[2][0])
    dy = 3 * u * u * (c[1][1] - c[0][1]) + 6 * u * t * (c[2][1] - c[1][1]) + 3 * t * t * (c[3][1] - c[2][1])
    length = math.hypot(dx, dy) or 1.0
    return dx / length, dy / length


def edge_curve(a, b, bend: float, radius: float = NODE_RADIUS) -> tuple:
    """Control points of the arrow from centre ``a`` to centre ``b`` bent ``bend`` degrees to its left."""
    direction = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
    out, into = direction + bend, direction + 180 - bend
    start = (a[0] + radius * _unit(out)[0], a[1] + radius * _unit(out)[1])
    end = (b[0] + radius * _unit(into)[0], b[1] + radius * _unit(into)[1])
    reach = _K * math.dist(start, end) if bend else math.dist(start, end) / 3
    return (start, (start[0] + reach * _unit(out)[0], start[1] + reach * _unit(out)[1]),
            (end[0] + reach * _unit(into)[0], end[1] + reach * _unit(into)[1]), end)


def loop_curve(a, direction: float, radius: float = NODE_RADIUS) -> tuple:
    """Control points of a self-loop of the state at ``a`` pointing towards ``direction`` (degrees)."""
    out, into = direction + _LOOP_SPREAD, direction - _LOOP_SPREAD
    far = radius + _LOOP_REACH
    wide = _LOOP_SPREAD + 18
    return ((a[0] + radius * _unit(out)[0], a[1] + radius * _unit(out)[1]),
            (a[0] + far * _unit(direction + wide)[0], a[1] + far * _unit(direction + wide)[1]),
            (a[0] + far * _unit(direction - wide)[0], a[1] + far * _unit(direction - wide)[1]),
            (a[0] + radius * _unit(into)[0], a[1] + radius * _unit(into)[1]))


def _samples(curve, k: int = 48) -> tuple:
    """``(points, (xmin, xmax, ymin, ymax))``: the curve sampled, and the extent of the samples."""
    points = [bezier(curve, i / k) for i in range(k + 1)]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return points, (min(xs), max(xs), min(ys), max(ys))


def _box_hits(box, circles, polylines, boxes) -> int:
    """How many states, arrows (sampled) and label boxes the box ``(x, y, w, h)`` comes too close to."""
    x, y, w, h = box
    hw, hh = w / 2 + _CLEAR, h / 2 + _CLEAR
    count = 0
    for cx, cy, r in circles:
        if math.hypot(max(abs(cx - x) - w / 2, 0), max(abs(cy - y) - h / 2, 0)) < r + _CLEAR:
            count += 1
    for points, (x0, x1, y0, y1) in polylines:
        if x0 - hw < x < x1 + hw and y0 - hh < y < y1 + hh and any(
                abs(px - x) < hw and abs(py - y) < hh for px, py in points):
            count += 1
    for ox, oy, ow, oh in boxes:
        if abs(x - ox) < (w + ow) / 2 + _CLEAR and abs(y - oy) < (h + oh) / 2 + _CLEAR:
            count += 1
    return count


_ANCHORS = {(0, 1): "south", (0, -1): "north", (1, 0): "west", (-1, 0): "east", (1, 1): "south west",
            (-1, 1): "south east", (1, -1): "north west", (-1, -1): "north east"}


def _beside(point, nx, ny, w, h, gap=_GAP) -> tuple:
    """A ``w`` x ``h`` box just beyond ``point`` in the direction ``(nx, ny)``: ``(x, y, w, h, anchor)``.

    The box's side or corner nearest ``point`` sits ``gap`` beyond it, so
    the whole box lies on the far side of the line through ``point``
    perpendicular to ``(nx, ny)``, whatever its real size: ``anchor`` is
    ``(x, y, name)``, that TikZ anchor of the label at that point.
    """
    sx = 0 if abs(nx) < 0.05 else (1 if nx > 0 else -1)
    sy = 0 if abs(ny) < 0.05 else (1 if ny > 0 else -1)
    ax, ay = point[0] + gap * nx, point[1] + gap * ny
    return ax + sx * w / 2, ay + sy * h / 2, w, h, (ax, ay, _ANCHORS[(sx, sy)])


def _loop_directions(i, coords, pairs, centroid) -> list:
    """Candidate loop directions for state ``i``: widest free angle first, then away from the centre."""
    x, y = coords[i]
    taken = [math.degrees(math.atan2(coords[j][1] - y, coords[j][0] - x)) for j in pairs]
    away = math.degrees(math.atan2(y - centroid[1], x - centroid[0])) if math.dist((x, y), centroid) > 1e-9 else 90.0

    def gap(d):
        return min((abs((d - t + 180) % 360 - 180) for t in taken), default=180.0)

    def turn(d):
        return abs((d - away + 180) % 360 - 180)

    candidates = [away + k for k in range(-180, 180, 15)]
    return sorted(candidates, key=lambda d: (-min(round(gap(d)), 90), turn(d)))


def _attempt(n, keys, sizes, coords) -> Drawing:
    pairs = {(i, j) for i, j in keys if i != j}
    centroid = (sum(x for x, _ in coords) / n, sum(y for _, y in coords) / n)
    drawing = Drawing(centres=coords)
    for i, j in sorted(pairs):
        drawing.curves[(i, j)] = edge_curve(coords[i], coords[j], BEND if (j, i) in pairs else 0)
    circles = [(x, y, NODE_RADIUS) for x, y in coords]
    lines = {k: _samples(c) for k, c in drawing.curves.items()}
    boxes: list = []
    for i in sorted({i for i, j in keys if i == j}):  # loops first: they take the free side of their state
        nbrs = [j for j in range(n) if j != i and ((i, j) in pairs or (j, i) in pairs)]
        w, h = sizes[(i, i)]
        best = None
        for direction in _loop_directions(i, coords, nbrs, centroid):
            curve = loop_curve(coords[i], direction)
            own = _samples(curve)[0]
            for gap in (0.06, 0.12, 0.18, 0.24, 0.3, 0.4, 0.5):  # just clear of its own loop
                box = _beside(bezier(curve, 0.5), *_unit(direction), w, h, gap=gap)
                if not any(abs(px - box[0]) < w / 2 + 0.05 and abs(py - box[1]) < h / 2 + 0.05 for px, py in own):
                    break
            hits = _box_hits(box[:4], circles, list(lines.values()), boxes) + _box_hits(
                (*bezier(curve, 0.5), 0.6, 0.6), [c for k, c in enumerate(circles) if k != i], [], boxes)
            if best is None or hits < best[0]:
                best = (hits, direction, curve, box)
            if hits == 0:
                break
        hits, direction, curve, box = best
        drawing.collisions += hits > 0
        drawing.loops[i], drawing.curves[(i, i)] = direction, curve
        lines[(i, i)] = _samples(curve)
        boxes.append(box[:4])
        drawing.labels[(i, i)] = box[4]

    def candidates(key):
        curve = drawing.curves[key]
        w, h = sizes[key]
        mid = bezier(curve, 0.5)
        outward = 1 if (-(_tangent(curve, 0.5)[1]) * (mid[0] - centroid[0])
                        + _tangent(curve, 0.5)[0] * (mid[1] - centroid[1])) >= 0 else -1
        sides = (1, -1) if key[::-1] in pairs else (outward, -outward)  # a bent arrow: its outer side first
        for gap in (_GAP, 3 * _GAP):  # just beside the arrow; then a little farther out, still its own
            for t in (0.5, 0.42, 0.58, 0.34, 0.66, 0.27, 0.73):
                tx, ty = _tangent(curve, t)
                for side in sides:
                    yield _beside(bezier(curve, t), -side * ty, side * tx, w, h, gap=gap)

    def free(key, placed):
        others = [pts for k, pts in lines.items() if k != key]
        return [b for b in candidates(key) if _box_hits(b[:4], circles, others, placed) == 0]

    todo = sorted(pairs, key=lambda k: (len(free(k, boxes)), k))
    for key in todo:
        options = free(key, boxes)
        if options:
            box = options[0]
        else:
            others = [pts for k, pts in lines.items() if k != key]
            box = min(candidates(key), key=lambda b: _box_hits(b[:4], circles, others, boxes))
            drawing.collisions += 1
        boxes.append(box[:4])
        drawing.labels[key] = box[4]
    drawing.sizes = dict(sizes)
    return drawing


def layout(m, sizes: dict, positions: dict | None = None) -> Drawing:
    """Lay out ``m`` (an HMM) with label sizes ``(i, j) -> (w, h)`` in cm; ``positions``: ``i -> (x, y)``.

    Without ``positions`` the circle grows (by 25% at a time, at most four
    times) until every label has a free spot.

    Examples
    --------
    >>> import symcm as sc
    >>> m = sc.processes.lohr_generator(sc.symbols("p"))
    >>> keys = {(m.index(e.source), m.index(e.target)) for e in m.edges}
    >>> d = layout(m, {k: (1.4, 0.5) for k in keys})
    >>> d.collisions, sorted(d.loops), d.labels[(1, 0)][2]
    (0, [0, 1, 2], 'north east')
    """
    n = len(m.states)
    keys = sorted(sizes)
    pairs = sorted({tuple(sorted(k)) for k in keys if k[0] != k[1]})
    order = _circle_order(n, pairs)
    best = None
    for grow in range(5):
        coords = _circle(n, order, SPACING * 1.25 ** grow)
        if positions:
            coords = [positions.get(i, c) for i, c in enumerate(coords)]
        drawing = _attempt(n, keys, sizes, coords)
        if best is None or drawing.collisions < best.collisions:
            best = drawing
        if drawing.collisions == 0 or positions:
            break
    return best
