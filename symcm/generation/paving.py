r"""Certified two-parameter regions: set inversion by interval analysis (SIVIA).

For expressions ``lower`` and ``upper`` in two parameters :math:`(p, q)` on a
box :math:`D = [a, b] \times [c, d]`, :func:`pave` approximates the region

.. math::

    R = \{\, (p, q) \in D : \mathrm{lower} < \mathrm{upper} \,\}
      = f^{-1}\big((0, \infty)\big), \qquad f = \mathrm{upper} - \mathrm{lower},

from inside and outside.  SIVIA (Set Inversion Via Interval Analysis,
[Jaulin & Walter 1993]) keeps a list of boxes; for each box :math:`X` it
computes an enclosure :math:`F(X) \ni f(x)` for all :math:`x \in X`
(:mod:`symcm.algebra.intervals`), and

* if :math:`F(X) \subset (0, \infty)`, the box is proved **inside**
  :math:`R`;
* if :math:`F(X) \subset (-\infty, 0]`, the box is proved **outside**;
* otherwise the box is bisected along its longer side, unless both sides are
  already at most ``resolution``: then it is kept as **undecided**.

Hence :math:`\bigcup \text{inside} \subseteq R \subseteq \bigcup
\text{inside} \cup \bigcup \text{undecided}`, and the exact rational areas
of these unions bound the area of :math:`R`: ``inner_area <= area(R) <=
outer_area``.  Undecided boxes cover the boundary :math:`\{f = 0\}` (and
any set where :math:`f` cannot be decided, e.g. the line ``p + q = 1`` where
``C_mu`` of ``binary_markov`` jumps).  The undecided area is
:math:`O(\text{length of the boundary} \times \text{resolution})`.

Each undecided box is first retried with the centred (mean-value) form,
whose overestimation is quadratic in the box width, so the undecided layer
is thin.  The top-level grid of boxes can be processed in parallel
(``workers``); the result does not depend on the number of workers.

References
----------
.. [1] L. Jaulin and E. Walter, "Set inversion via interval analysis for
   nonlinear bounded-error estimation", Automatica 29(4), 1053-1064 (1993).
.. [2] R. E. Moore, R. B. Kearfott and M. J. Cloud, *Introduction to
   Interval Analysis*, SIAM, 2009, sec. 6.4 (centred forms).

Examples
--------
>>> import sympy as sp, symcm as sc
>>> from symcm.generation.paving import pave
>>> p, q = sc.symbols("p q")
>>> P = pave(p + q, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.Rational(1, 16))
>>> P.inner_area <= sp.Rational(1, 2) <= P.outer_area
True
>>> P.counts
{'inside': 23, 'outside': 18, 'undecided': 31}
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from mpmath.libmp import fzero, mpf_gt, mpf_le

from .. import checks
from .crossover import _check_assumptions, _check_expression
from ..algebra.signs import _exact_rational, _frac, _rat, _raw_box
from ..algebra.domain import to_rational
from ..errors import DomainError, MissingDependencyError, ParameterTypeError, TooLargeError
from ..algebra.interval_arithmetic import DEFAULT_PREC
from ..algebra.intervals import compile_interval

__all__ = ["pave", "Paving"]

_INSIDE, _OUTSIDE, _UNDECIDED = 0, 1, 2


def _classify(raw) -> int:
    """Inside if the enclosure is > 0, outside if <= 0, else undecided."""
    if raw is None:
        return _UNDECIDED
    if mpf_gt(raw[0], fzero):
        return _INSIDE
    if mpf_le(raw[1], fzero):
        return _OUTSIDE
    return _UNDECIDED


def _sivia(task):
    """Pave one top-level box; returns three lists of boxes ``(x0, x1, y0, y1)`` (Fractions) and a count."""
    f, symbols, box, resolution, prec, max_boxes, cap = task
    F = compile_interval(f, symbols)
    out = ([], [], [])
    stack = [box]
    evaluations = 0
    while stack:
        x0, x1, y0, y1 = stack.pop()
        evaluations += 1
        if evaluations > max_boxes:
            raise _over_budget(cap)
        if _SHARED is not None and evaluations % 1024 == 0:  # workers: the evaluations of all boxes together
            with _SHARED.get_lock():
                _SHARED.value += 1024
                if _SHARED.value > cap:
                    raise _over_budget(cap)
        env = (_raw_box(x0, x1, prec), _raw_box(y0, y1, prec))
        value = F.raw(env, prec)
        kind = _classify(value)
        if kind == _UNDECIDED and value is not None:
            kind = _classify(F.raw_centred(env, prec, value))
        if kind != _UNDECIDED:
            out[kind].append((x0, x1, y0, y1))
            continue
        wx, wy = x1 - x0, y1 - y0
        if wx <= resolution and wy <= resolution:
            out[_UNDECIDED].append((x0, x1, y0, y1))
        elif wx >= wy:
            xm = (x0 + x1) / 2
            stack.extend([(xm, x1, y0, y1), (x0, xm, y0, y1)])
        else:
            ym = (y0 + y1) / 2
            stack.extend([(x0, x1, ym, y1), (x0, x1, y0, ym)])
    return out, evaluations


#: In a worker process of :func:`pave`: the evaluations counted by all workers (a multiprocessing Value).
_SHARED = None


def _share(counter) -> None:
    global _SHARED
    _SHARED = counter


def _over_budget(cap: int) -> TooLargeError:
    return TooLargeError(
        f"pave: paving evaluated more than max_boxes={cap} boxes in all; pass a larger max_boxes= "
        "to allow it, or a coarser resolution (the cost grows like the length of the boundary / resolution)"
    )


def _area(boxes) -> Fraction:
    return sum(((x1 - x0) * (y1 - y0) for x0, x1, y0, y1 in boxes), Fraction(0))


def _public(boxes) -> tuple:
    return tuple(((_rat(x0), _rat(x1)), (_rat(y0), _rat(y1))) for x0, x1, y0, y1 in boxes)


@dataclass(frozen=True)
class Paving:
    r"""Boxes proved inside, proved outside and undecided for ``lower < upper`` (see :func:`pave`).

    Attributes
    ----------
    symbols : tuple of sympy.Symbol
        ``(p, q)``: the first is the horizontal axis.
    ranges : tuple of (sympy.Rational, sympy.Rational)
    lower, upper : sympy.Expr
    resolution : sympy.Rational
        Undecided boxes have both sides at most this.
    evaluations : int
        Number of boxes evaluated.
    """

    symbols: tuple
    ranges: tuple
    lower: sp.Expr
    upper: sp.Expr
    resolution: sp.Rational
    evaluations: int
    _boxes: tuple  # (inside, outside, undecided): tuples of (x0, x1, y0, y1) Fractions

    @property
    def inside(self) -> tuple:
        """Boxes ``((p0, p1), (q0, q1))`` (sympy Rationals) on which ``lower < upper`` is proved."""
        return _public(self._boxes[_INSIDE])

    @property
    def outside(self) -> tuple:
        """Boxes on which ``lower >= upper`` is proved."""
        return _public(self._boxes[_OUTSIDE])

    @property
    def undecided(self) -> tuple:
        """Boxes of sides at most ``resolution`` where neither could be proved."""
        return _public(self._boxes[_UNDECIDED])

    @property
    def counts(self) -> dict:
        """Numbers of inside, outside and undecided boxes."""
        return {name: len(boxes) for name, boxes in zip(("inside", "outside", "undecided"), self._boxes)}

    @property
    def inner_area(self) -> sp.Rational:
        """Exact area of the inside boxes: a lower bound of the region's area."""
        return _rat(_area(self._boxes[_INSIDE]))

    @property
    def outer_area(self) -> sp.Rational:
        """Exact area of the inside and undecided boxes: an upper bound of the region's area."""
        return _rat(_area(self._boxes[_INSIDE]) + _area(self._boxes[_UNDECIDED]))

    def __repr__(self) -> str:
        p, q = self.symbols
        c = self.counts
        return (
            f"Paving({p}, {q}: {c['inside']} inside, {c['outside']} outside, {c['undecided']} undecided boxes; "
            f"area in [{float(self.inner_area):.6g}, {float(self.outer_area):.6g}], resolution {self.resolution})"
        )

    def contains(self, point: Mapping) -> bool | None:
        """True/False if the exact point lies in a proved inside/outside box, None if undecided.

        Examples
        --------
        >>> import sympy as sp, symcm as sc
        >>> from symcm.generation.paving import pave
        >>> p, q = sc.symbols("p q")
        >>> P = pave(p + q, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.Rational(1, 8))
        >>> P.contains({p: sp.Rational(1, 10), q: sp.Rational(1, 10)}), P.contains({p: 1, q: 1})
        (True, False)
        """
        if not isinstance(point, Mapping):
            raise ParameterTypeError(
                f"Paving.contains: point must be a dict {{{self.symbols[0]}: value, {self.symbols[1]}: value}}, "
                f"received {checks.describe(point)}"
            )
        missing = [str(s) for s in self.symbols if s not in point]
        if missing:
            raise DomainError(
                f"Paving.contains: point must give a value for {', '.join(map(str, self.symbols))}; "
                f"missing {', '.join(missing)} in {checks.describe(point)}"
            )
        x, y = (_exact_rational(point[s], f"the value of {s}", where="Paving.contains") for s in self.symbols)
        for kind, answer in ((_INSIDE, True), (_OUTSIDE, False)):
            for x0, x1, y0, y1 in self._boxes[kind]:
                if x0 <= x <= x1 and y0 <= y <= y1:
                    return answer
        return None

    def plot(self, path=None, ax=None, *, boundary: bool = True, grid: int = 400, title=None, labels=None):
        """Draw the inside, outside and undecided boxes, and the boundary ``lower = upper``.

        Parameters
        ----------
        path : str or path-like, optional
            If given, the figure is saved there (the format follows the
            suffix, e.g. ``.png``).
        ax : matplotlib.axes.Axes, optional
            Axes to draw on; a new figure is created if omitted.
        boundary : bool, optional
            Also draw the numeric contour ``upper - lower = 0`` (an
            uncertified guide; the certified statement is the boxes).
        grid : int, optional
            Grid points per side for the contour.
        title : str, optional
            The title; default: the inequality in mathematical notation,
            e.g. "certified region :math:`H(p/(p+q)) < pq + 1/2`" (``""``: none).
        labels : dict, optional
            Legend texts replacing the defaults, by ``"inside"``,
            ``"outside"``, ``"undecided"`` and ``"boundary"`` (the box
            counts are appended).

        Returns
        -------
        matplotlib.figure.Figure
            The figure drawn on (it shows itself when it is the value of a
            notebook cell).  The legend sits below the axes, covering no box.

        Raises
        ------
        symcm.errors.MissingDependencyError
            If matplotlib is not installed (``pip install "symcm[plot]"``).
        symcm.errors.ParameterTypeError, symcm.errors.DomainError
            For a ``title`` that is not a str or ``labels`` that is not a
            dict of str by those keys.

        Examples
        --------
        >>> import sympy as sp, symcm as sc
        >>> p, q = sc.symbols("p q")
        >>> fig = sc.pave(p + q, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.Rational(1, 4)).plot()
        >>> fig.axes[0].get_title()
        'certified region $p + q < 1$'
        """
        try:
            import matplotlib  # noqa: F401  (fails first when matplotlib is missing)
            from matplotlib.collections import PatchCollection
            from matplotlib.lines import Line2D
            from matplotlib.patches import Patch, Rectangle
        except ImportError as error:
            raise MissingDependencyError(
                'Paving.plot needs matplotlib, which is not installed: pip install "symcm[plot]" '
                "(or pip install matplotlib)"
            ) from error
        keys = ("inside", "outside", "undecided", "boundary")
        if title is not None and not isinstance(title, str):
            raise ParameterTypeError(f"Paving.plot: title must be a str or None, received {checks.describe(title)}")
        if labels is not None and not isinstance(labels, Mapping):
            raise ParameterTypeError(f"Paving.plot: labels must be a dict {{kind: text}}, "
                                     f"received {checks.describe(labels)}")
        labels = dict(labels or {})
        for key, value in labels.items():
            if key not in keys:
                raise DomainError(f"Paving.plot: labels has the key {key!r}; expected some of {', '.join(keys)}")
            if not isinstance(value, str):
                raise ParameterTypeError(f"Paving.plot: labels[{key!r}] must be a str, "
                                         f"received {checks.describe(value)}")
        if ax is None:  # a Figure of its own: no pyplot state; it shows itself in Jupyter
            from .._display import new_figure

            fig = new_figure(figsize=(6, 6.6), layout="constrained")
            ax = fig.add_subplot()
        else:
            fig = ax.figure
        relation = _mathtext(self.lower, self.upper)
        styles = (
            ("inside", f"proved {relation}" if relation else "lower < upper proved", "#4daf4a", _INSIDE),
            ("outside", "proved " + (relation.replace("<", r"\geq") if relation else "lower >= upper"),
             "#d9d9d9", _OUTSIDE),
            ("undecided", "undecided (boxes of side at most the resolution)", "#e41a1c", _UNDECIDED),
        )
        handles = []
        for key, label, colour, kind in styles:
            rects = [Rectangle((float(x0), float(y0)), float(x1 - x0), float(y1 - y0))
                     for x0, x1, y0, y1 in self._boxes[kind]]
            ax.add_collection(PatchCollection(rects, facecolor=colour, edgecolor="none", gid=f"symcm-{key}"))
            handles.append(Patch(facecolor=colour, label=f"{labels.get(key, label)}: {len(rects)} boxes"))
        (a, b), (c, d) = self.ranges
        if boundary and self._draw_contour(ax, grid):
            text = labels.get("boundary", (f"{relation.replace('<', '=')}" if relation else "lower = upper")
                              + " (numeric guide)")
            handles.append(Line2D([], [], color="black", linewidth=0.8, label=text))
        ax.set_xlim(float(a), float(b))
        ax.set_ylim(float(c), float(d))
        ax.set_aspect("equal" if (b - a) == (d - c) else "auto")
        p, q = self.symbols
        ax.set_xlabel(f"${sp.latex(p)}$")
        ax.set_ylabel(f"${sp.latex(q)}$")
        if title is None:
            title = f"certified region {relation}" if relation else "certified region lower < upper"
        if title:
            ax.set_title(title, fontsize=10)
        # below the axes: a legend inside would cover boxes
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), fontsize=8, frameon=False)
        if path is not None:
            fig.savefig(path, dpi=150, bbox_inches="tight")
        return fig

    def _repr_html_(self) -> str:
        """A notebook's view: the inequality, the counts and area bounds, and the picture when matplotlib is there."""
        from ..export._views import paving_html

        return paving_html(self)

    def _draw_contour(self, ax, grid: int) -> bool:
        import numpy as np

        (a, b), (c, d) = self.ranges
        p, q = self.symbols
        try:
            fn = sp.lambdify((p, q), self.upper - self.lower, "numpy")
        except Exception:  # pragma: no cover - lambdify limitations: the boxes remain
            return False
        xs = np.linspace(float(a), float(b), grid)
        ys = np.linspace(float(c), float(d), grid)
        X, Y = np.meshgrid(xs, ys)
        with np.errstate(all="ignore"):
            Z = np.broadcast_to(np.asarray(fn(X, Y), dtype=float), X.shape)
        if np.isfinite(Z).any() and np.nanmin(Z) < 0 < np.nanmax(Z):
            ax.contour(X, Y, Z, levels=[0.0], colors="black", linewidths=0.8).set_gid("symcm-boundary")
            return True
        return False


def _mathtext(lower, upper) -> str | None:
    """``$lower < upper$`` when matplotlib's mathtext can typeset it (short enough to read), else None."""
    from matplotlib.mathtext import MathTextParser

    tex = f"{sp.latex(lower)} < {sp.latex(upper)}".replace(r"\operatorname{", r"\mathrm{")
    if len(tex) > 160:
        return None
    try:
        MathTextParser("path").parse(f"${tex}$")
    except Exception:  # mathtext raises ValueError, sometimes other errors, for unsupported TeX
        return None
    return f"${tex}$"


def _parse_ranges(over):
    if not isinstance(over, Mapping) or len(over) != 2:
        raise ParameterTypeError(
            f"over must be a dict {{p: (a, b), q: (c, d)}} with exactly two parameters, received {over!r}; "
            "use symcm.generation.crossover for one parameter"
        )
    symbols, ranges = [], []
    for s, rng in over.items():
        if not isinstance(s, sp.Symbol):
            raise ParameterTypeError(f"over: keys must be sympy Symbols, received {s!r}")
        try:
            lo, hi = rng
        except (TypeError, ValueError):
            raise ParameterTypeError(f"over[{s}]: expected a pair (a, b), received {rng!r}") from None
        lo, hi = to_rational(lo, where=f"over[{s}][0]"), to_rational(hi, where=f"over[{s}][1]")
        if not lo < hi:
            raise DomainError(f"over[{s}]: expected a < b, received ({lo}, {hi})")
        _check_assumptions(s, lo, hi, where="pave: over")
        symbols.append(s)
        ranges.append((lo, hi))
    return tuple(symbols), tuple(ranges)


#: Least working precision (bits) :func:`pave` accepts: below it interval bounds are too coarse to decide anything.
MIN_PREC = 16

#: Default cap on box evaluations of one paving (``max_boxes``).
MAX_BOXES = 300_000


def _parse_resolution(resolution) -> Fraction:
    if isinstance(resolution, float):
        if not math.isfinite(resolution):
            raise DomainError(f"pave: resolution must be a finite number > 0, received the float {resolution}")
        # a tolerance, not a model parameter: the float's exact binary value is used (2**-10 is exact)
        value = Fraction(resolution)
    else:
        value = _frac(to_rational(resolution, where="resolution"))
    if value <= 0:
        raise DomainError(f"resolution must be positive, received {resolution}")
    return value


def pave(lower, upper, over, resolution=sp.Rational(1, 1024), *, split: int = 4, workers: int | None = 1,
         prec: int = DEFAULT_PREC, max_boxes: int = MAX_BOXES) -> Paving:
    r"""Pave the region where ``lower < upper`` for expressions in two parameters (SIVIA).

    Parameters
    ----------
    lower, upper : sympy.Expr or number
        Expressions in the two parameters of ``over`` (see
        :mod:`symcm.algebra.intervals` for the supported operations).  No floats.
    over : dict
        ``{p: (a, b), q: (c, d)}`` with exact rational ends; ``p`` is the
        horizontal axis of :meth:`Paving.plot`.
    resolution : Rational, int, str or float, optional
        Undecided boxes have both sides at most this (default ``1/1024``).
        A Python float is taken at its exact binary value (``2**-10`` is
        exactly ``1/1024``).
    split : int, optional
        The range is first cut into ``split x split`` top-level boxes, the
        units of parallel work: from 1 (the whole range is one box) to 256.
    workers : int or None, optional
        Processes for the top-level boxes, at least 1 (default 1: in this
        process; None: ``os.cpu_count()``).  The result does not depend on it.
    prec : int, optional
        Working precision in bits (default 53; at least :data:`MIN_PREC`).
    max_boxes : int, optional
        Cap on box evaluations in all (default :data:`MAX_BOXES`, 300,000:
        about ten seconds for a simple expression).  Run in this process
        (``workers=1``), the paving stops as soon as the cap is passed; with
        several workers they count together and stop soon after the total
        passes the cap, so the answer (a paving or this error) does not
        depend on ``workers``.

    Returns
    -------
    Paving

    Raises
    ------
    symcm.errors.ExpressionError
        If the expressions depend on other symbols, contain floats or
        unsupported functions.
    symcm.errors.DomainError, symcm.errors.ParameterTypeError
        For a malformed ``over`` (or a range the parameters' assumptions
        exclude) or ``resolution`` (NaN, infinite, not positive), ``split``
        or ``workers`` below 1, ``prec`` below :data:`MIN_PREC`, or a cap
        that is not a positive int.
    symcm.errors.TooLargeError
        If ``max_boxes`` is exceeded.

    Notes
    -----
    Cost: about (length of the boundary / resolution) undecided boxes, and
    a small multiple of that in evaluations; each evaluation is one natural
    interval extension plus, for boxes it does not decide, a centred form
    (three extensions).

    References
    ----------
    .. [1] L. Jaulin and E. Walter, Automatica 29(4), 1053-1064 (1993).

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.generation.paving import pave
    >>> p, q = sc.symbols("p q")
    >>> P = pave(p**2 + q**2, 1, over={p: (0, 1), q: (0, 1)}, resolution=sp.Rational(1, 64))
    >>> P.inner_area <= sp.pi / 4 <= P.outer_area
    True
    >>> float(P.outer_area - P.inner_area) < 0.05
    True
    """
    symbols, ranges = _parse_ranges(over)
    lower = _check_expression(lower, "lower", symbols)
    upper = _check_expression(upper, "upper", symbols)
    res = _parse_resolution(resolution)
    split = checks.integer(split, "split", where="pave", minimum=1, maximum=256)
    if workers is not None:
        workers = checks.integer(workers, "workers", where="pave", minimum=1)
    prec = checks.integer(prec, "prec", where="pave", minimum=MIN_PREC)
    max_boxes = checks.cap(max_boxes, "max_boxes", where="pave")
    f = upper - lower
    compile_interval(f, symbols)  # fail early on unsupported expressions
    (a, b), (c, d) = ((_frac(lo), _frac(hi)) for lo, hi in ranges)
    xs = [a + (b - a) * Fraction(i, split) for i in range(split + 1)]
    ys = [c + (d - c) * Fraction(j, split) for j in range(split + 1)]
    tasks = [(f, symbols, (xs[i], xs[i + 1], ys[j], ys[j + 1]), res, prec, max_boxes, max_boxes)
             for i in range(split) for j in range(split)]
    workers = (os.cpu_count() or 1) if workers is None else workers
    if workers > 1 and len(tasks) > 1:
        import multiprocessing

        counter = multiprocessing.Value("q", 0)
        with ProcessPoolExecutor(max_workers=min(workers, len(tasks)), initializer=_share,
                                 initargs=(counter,)) as pool:
            results = list(pool.map(_sivia, tasks))
        if sum(count for _, count in results) > max_boxes:
            raise _over_budget(max_boxes)
    else:
        results, left = [], max_boxes  # the budget left for the remaining top-level boxes
        for task in tasks:
            found, count = _sivia(task[:5] + (left, max_boxes))
            results.append((found, count))
            left -= count
    boxes = ([], [], [])
    evaluations = 0
    for (found, count) in results:
        evaluations += count
        for kind in (_INSIDE, _OUTSIDE, _UNDECIDED):
            boxes[kind].extend(found[kind])
    return Paving(symbols, ranges, lower, upper, _rat(res), evaluations, tuple(tuple(b) for b in boxes))

