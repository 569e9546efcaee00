r"""Certified sign analysis of one expression on an open range: root isolation and refinement.

:class:`_Analysis` finds the sign of :math:`f` (``upper - lower`` for
:func:`~symcm.generation.crossover.crossover`) everywhere on an open range
:math:`(a, b)`: it returns, left to right, stretches of constant sign,
certified roots (each a :class:`~symcm.generation.regions.Boundary`) and
exact special points.  Nothing is estimated: every statement is proved with
outward-rounded interval arithmetic (:mod:`symcm.algebra.intervals`) or with
exact sympy arithmetic at rational points (:mod:`symcm.algebra.signs`).

Mathematics
-----------
*Sign on a box.*  If the interval extension :math:`F(X)` excludes 0, then
:math:`f` has that sign on the whole box :math:`X`.  Boxes that stay
undecided are bisected, at a precision that grows with the depth.

*Exactly one root.*  If the derivative enclosure :math:`F'(X)` excludes 0,
then :math:`f` is strictly monotone on :math:`X` and has at most one root
there; if moreover :math:`f` has strictly opposite signs at the two ends of
:math:`X`, it has exactly one (intermediate value theorem).  The root is then
refined with the interval Newton operator [Moore, Kearfott & Cloud 2009,
sec. 8.1]

.. math::

    N(X) = c - f(c) / F'(X), \qquad X_{k+1} = X_k \cap N(X_k),

which keeps every root of :math:`X_k` and converges quadratically; an
iterate with :math:`N(X) \subset \operatorname{int} X` is an independent
certificate (Moore's theorem, the Newton form of Krawczyk's test [Krawczyk
1969]) that :math:`X` contains exactly one root.

*Exact special points.*  Bisection cannot certify a point where
:math:`f` vanishes without changing sign (a tangency such as
:math:`(p - 1/3)^2`), a point where lower and upper are equal exactly (the
IID point of a family, where both vanish), or an isolated point where a
``Piecewise`` branch applies (``Eq(p, 1/2)``).  When a small box stays
undecided, the *simplest rational* near it (fewest digits; continued
fractions) is tested exactly with sympy: :math:`f(c) = 0`, or a ``Piecewise``
condition changes at :math:`c`.  If so :math:`c` becomes an exact break point
and each side is analysed on its own.

*One side of a point.*  The sign of :math:`f` on :math:`(c, c + \delta]`
is decided, in this order: (i) the branch of every ``Piecewise`` that holds
on that side (recursively, from the signs of its conditions); (ii) the
interval extension on :math:`[c, c + \delta]` for decreasing
:math:`\delta`; (iii) the exact value :math:`f(c)` (a one-sided limit if
:math:`f` has a removable singularity at :math:`c`, as :math:`p \log p`
at 0) together with the sign of :math:`f'` on the same side, obtained
recursively: if :math:`f' \ne 0` there, :math:`f` is strictly monotone on
:math:`[c, c + \delta]`.  Up to six derivatives are used, which decides any
zero of finite order at a rational point.

References
----------
.. [1] R. E. Moore, R. B. Kearfott and M. J. Cloud, *Introduction to
   Interval Analysis*, SIAM, 2009, ch. 8.
.. [2] R. Krawczyk, "Newton-Algorithmen zur Bestimmung von Nullstellen mit
   Fehlerschranken", Computing 4, 187-201 (1969).

Examples
--------
>>> import sympy as sp
>>> from fractions import Fraction
>>> from symcm.generation.roots import _Analysis
>>> p = sp.Symbol("p", positive=True)
>>> tokens = _Analysis(p**2 - 2, p, Fraction(1), Fraction(2), 10, 60, 10_000).run()
>>> [t[0] for t in tokens]
['stretch', 'stretch', 'root', 'stretch', 'stretch']
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import sympy as sp
from mpmath.libmp import dps_to_prec, fzero
from mpmath.libmp.libmpi import mpi_div, mpi_sub

from .regions import Boundary
from ..algebra.signs import _exact_sign, _mpf_frac, _rat, _raw_box, _sign_of, _simplest_between
from ..algebra.interval_arithmetic import _finite, _rational_raw, _zero_in
from ..algebra.intervals import IntervalFunction, compile_interval
from ..errors import ExpressionError, TooLargeError, UndecidableError

__all__: list[str] = []


_MAX_ORDER = 6  # derivatives used to decide the sign beside a zero of finite order
_SIDE_TRIES = 12  # shrinking steps of the direct side test
_CANDIDATE_EVERY = 6  # bisection depths between two searches for an exact special point


class _Special(Exception):
    """Internal: an exact special point was found at ``point``; split the gap there."""

    def __init__(self, point: Fraction):
        super().__init__(point)
        self.point = point


# ---------------------------------------------------------------------------
# the analysis
# ---------------------------------------------------------------------------


class _Analysis:
    """Sign analysis of ``f`` on the open range ``(a, b)``."""

    def __init__(self, f, p, a: Fraction, b: Fraction, digits: int, max_depth: int, max_boxes: int):
        self.f, self.p, self.a, self.b = f, p, a, b
        self.digits = digits
        self.max_depth = max_depth
        self.max_boxes = max_boxes
        self.boxes = 0
        self.F = compile_interval(f, (p,))
        if self.F.gradient is None:
            raise ExpressionError(
                f"crossover needs an interval extension of the derivative of upper - lower = {f}, "
                "which uses an unsupported function"
            )
        self.DF = self.F.gradient[0]
        self.conditions = sorted(
            {rel.lhs - rel.rhs for pw in f.atoms(sp.Piecewise) for _, c in pw.args for rel in c.atoms(sp.core.relational.Relational)},
            key=sp.default_sort_key,
        )
        self.H = [compile_interval(h, (p,)) for h in self.conditions]
        self.tested: set = set()
        self.target = Fraction(1, 10**digits)
        self.final_prec = dps_to_prec(digits) + 40 + max(0, max(abs(a), abs(b), 1).__ceil__().bit_length())

    # -- small tools ------------------------------------------------------------------------------

    def where(self, lo: Fraction, hi: Fraction) -> str:
        return f"{self.p} in [{mpmath.nstr(mpmath.mpf(lo.numerator) / lo.denominator, 15)}, " \
               f"{mpmath.nstr(mpmath.mpf(hi.numerator) / hi.denominator, 15)}]"

    def depth(self, width: Fraction) -> int:
        return max(0, ((self.b - self.a) / width).__floor__().bit_length() - 1)

    def prec(self, width: Fraction) -> int:
        return min(53 + 2 * self.depth(width), 2 * self.final_prec)

    def count(self, lo, hi):
        self.boxes += 1
        if self.boxes > self.max_boxes:
            raise TooLargeError(
                f"crossover evaluated more than max_boxes={self.max_boxes} boxes (last near {self.where(lo, hi)}); "
                "raise max_boxes, lower digits or narrow the range"
            )

    def point_sign(self, G: IntervalFunction, x: Fraction, prec: int) -> int | None:
        return _sign_of(G.raw((_rational_raw(x.numerator, x.denominator, prec),), prec))

    def is_special(self, c: Fraction) -> bool:
        """Exact test: ``f(c) == 0``, ``f`` undefined at ``c``, or a Piecewise condition changes at ``c``."""
        if c in self.tested:
            return False
        self.tested.add(c)
        C = _rat(c)
        for h in self.conditions:
            if _exact_sign(h.subs(self.p, C)) == 0:
                return True
        value = self.f.subs(self.p, C)
        if value.has(sp.nan, sp.zoo):
            return True
        return _exact_sign(value) == 0

    # -- one side of an exact point --------------------------------------------------------------------

    def resolve(self, g, c: Fraction, direction: int, max_delta: Fraction):
        """``g`` with each Piecewise replaced by the branch valid on the side; and the side length where it is."""
        cap = [max_delta]

        def visit(e):
            if isinstance(e, sp.Piecewise):
                for value, cond in e.args:
                    truth, delta = self.condition_side(cond, c, direction, max_delta)
                    cap[0] = min(cap[0], delta)
                    if truth:
                        return visit(value)
                raise ExpressionError(f"{e} is undefined beside {self.p} = {_rat(c)}")
            if e.args and e.has(sp.Piecewise):
                return e.func(*[visit(a) for a in e.args])
            return e

        return visit(g), cap[0]

    def condition_side(self, cond, c, direction, max_delta):
        if cond is sp.true or cond is sp.false:
            return bool(cond), max_delta
        if isinstance(cond, sp.Not):
            truth, d = self.condition_side(cond.args[0], c, direction, max_delta)
            return not truth, d
        if isinstance(cond, (sp.And, sp.Or)):
            results = [self.condition_side(a, c, direction, max_delta) for a in cond.args]
            delta = min(d for _, d in results)
            truths = [t for t, _ in results]
            return (all(truths) if isinstance(cond, sp.And) else any(truths)), delta
        if isinstance(cond, sp.core.relational.Relational):
            h = cond.lhs - cond.rhs
            if sp.expand(h) == 0:
                s, delta = 0, max_delta
            else:
                s, delta = self.side(h, c, direction, max_delta)
            truth = {
                sp.Equality: s == 0, sp.Unequality: s != 0,
                sp.StrictGreaterThan: s > 0, sp.GreaterThan: s >= 0,
                sp.StrictLessThan: s < 0, sp.LessThan: s <= 0,
            }[type(cond)]
            return truth, delta
        raise ExpressionError(f"crossover cannot decide the condition {cond}")

    def value_at(self, g, c: Fraction, direction: int):
        """Exact value of ``g`` at ``c``, or its one-sided limit if ``g`` is undefined there."""
        value = g.subs(self.p, _rat(c))
        if not value.has(sp.nan, sp.zoo):
            return value
        try:
            return sp.limit(g.rewrite(sp.log), self.p, _rat(c), "+" if direction > 0 else "-")
        except (NotImplementedError, ValueError, TypeError):  # pragma: no cover - sympy limitations
            return None

    def side(self, g, c: Fraction, direction: int, max_delta: Fraction, order: int = 0) -> tuple[int, Fraction]:
        """``(s, delta)``: ``g`` has the strict sign ``s`` on ``(c, c + delta]`` (direction +1) or ``[c - delta, c)``."""
        g, max_delta = self.resolve(g, c, direction, max_delta)
        if g == 0:
            side = "right" if direction > 0 else "left"
            raise UndecidableError(
                f"lower and upper coincide on an interval just {side} of {self.p} = {_rat(c)}; "
                "crossover needs them to differ except at isolated points"
            )
        G = compile_interval(g, (self.p,))
        delta = max_delta
        for _ in range(_SIDE_TRIES):
            lo, hi = (c, c + delta) if direction > 0 else (c - delta, c)
            prec = self.prec(delta)
            self.count(lo, hi)
            box = (_raw_box(lo, hi, prec),)
            value = G.raw(box, prec)
            if value is None:
                raise ExpressionError(f"{g} is not real for {self.where(lo, hi)}")
            s = _sign_of(value)
            if s is None:
                s = _sign_of(G.raw_centred(box, prec, value))
            if s is not None:
                return s, delta
            delta /= 4
        v0 = self.value_at(g, c, direction)
        s0 = None if v0 is None else _exact_sign(v0)
        if s0 is None or order >= _MAX_ORDER:
            side = "right" if direction > 0 else "left"
            raise UndecidableError(
                f"could not decide the sign of {g} just {side} of {self.p} = {_rat(c)} "
                f"(value there: {v0}; {order} derivatives used); narrow the range or simplify the expressions"
            )
        sd, dd = self.side(sp.diff(g, self.p), c, direction, max_delta, order + 1)
        away = sd * direction  # +1: g increases moving away from c
        if s0 == 0 or s0 == away:
            return (away if s0 == 0 else s0), dd
        d = dd
        for _ in range(4 * _SIDE_TRIES):
            x = c + direction * d
            if self.point_sign(G, x, self.prec(d)) == s0:
                return s0, d
            d /= 4
        raise UndecidableError(f"could not decide the sign of {g} beside {self.p} = {_rat(c)}")

    # -- a gap between exact points ------------------------------------------------------------------

    def split_point(self, lo: Fraction, hi: Fraction, prec: int) -> tuple[Fraction, int]:
        """A short dyadic ``c`` in ``(lo, hi)`` where ``f`` has a certified sign and is continuous."""
        width = hi - lo
        k = (8 / width).__ceil__().bit_length()
        scale = 1 << k
        undecided = []
        for t in (Fraction(1, 2), Fraction(3, 8), Fraction(5, 8), Fraction(7, 16), Fraction(9, 16)):
            c = Fraction(round((lo + t * width) * scale), scale)
            if not lo < c < hi:
                continue
            for q in (prec, 4 * prec):
                s = self.point_sign(self.F, c, q)
                if s is not None and all(self.point_sign(h, c, q) is not None for h in self.H):
                    return c, s
            if self.is_special(c):
                raise _Special(c)
            undecided.append(c)
        raise UndecidableError(
            f"could not find a point of certified sign in {self.where(lo, hi)}; "
            f"upper - lower is too close to 0 there (tried {', '.join(str(_rat(c)) for c in undecided)})"
        )

    def candidate(self, lo: Fraction, hi: Fraction, u: Fraction, v: Fraction):
        """Test the simplest rational near an undecided box; raise _Special if it is a special point."""
        width = hi - lo
        for window in ((lo - width, hi + width), (lo, hi)):
            w_lo, w_hi = max(window[0], u), min(window[1], v)
            if w_lo > w_hi:
                continue
            c = _simplest_between(w_lo, w_hi)
            if u < c < v and self.is_special(c):
                raise _Special(c)

    def gap(self, u: Fraction, v: Fraction):
        """Tokens for the open gap ``(u, v)``: ``("stretch", sign)`` and ``("root", lo, hi, left, right)``."""
        quarter = (v - u) / 4
        su, du = self.side(self.f, u, +1, quarter)
        sv, dv = self.side(self.f, v, -1, quarter)
        tokens = [("stretch", su)]
        stack = [(u + du, v - dv, su, sv)]
        while stack:
            lo, hi, sl, sr = stack.pop()
            width = hi - lo
            prec = self.prec(width)
            self.count(lo, hi)
            box = (_raw_box(lo, hi, prec),)
            value = self.F.raw(box, prec)
            if value is None:
                raise ExpressionError(f"upper - lower = {self.f} is not real for {self.where(lo, hi)}")
            s = _sign_of(value)
            if s is None:
                s = _sign_of(self.F.raw_centred(box, prec, value))
            if s is not None:
                tokens.append(("stretch", s))
                continue
            slope = self.DF.raw(box, prec)
            if slope is not None and not _zero_in(slope) and self.F.smooth_on(box, prec):
                if sl == sr:
                    tokens.append(("stretch", sl))
                else:
                    tokens.extend([("stretch", sl), ("root", lo, hi, sl, sr), ("stretch", sr)])
                continue
            depth = self.depth(width)
            if depth and depth % _CANDIDATE_EVERY == 0:
                self.candidate(lo, hi, u, v)
            if depth > self.max_depth:
                raise UndecidableError(
                    f"could not decide the sign of upper - lower = {self.f} near {self.where(lo, hi)} "
                    f"(bisection depth {depth} > max_depth={self.max_depth}): it touches or crosses 0 there "
                    "with zero slope, or jumps, at a point that is not a simple rational (a tangency, a multiple "
                    "root, or a Piecewise condition changing at an irrational point?); "
                    "raise max_depth, narrow the range or lower digits"
                )
            c, sc_ = self.split_point(lo, hi, prec)
            stack.append((c, hi, sc_, sr))
            stack.append((lo, c, sl, sc_))
        tokens.append(("stretch", sv))
        return tokens

    # -- Newton refinement --------------------------------------------------------------------------

    def refine(self, lo: Fraction, hi: Fraction, left: int, right: int) -> Boundary:
        """Interval Newton on a box with one simple root, to width < 10**-digits / 4."""
        target = self.target / 4
        box0 = (lo, hi)
        prec = max(64, self.prec(hi - lo))  # at least the precision that isolated the root
        certified = False
        steps = 0
        while True:
            steps += 1
            if steps > 10_000:  # pragma: no cover - defensive
                raise UndecidableError(f"interval Newton did not converge near {self.where(lo, hi)}")
            width = hi - lo
            if width < target:
                break
            c = (lo + hi) / 2
            if c.denominator & (c.denominator - 1):  # keep the midpoint dyadic and short
                k = (64 / width).__ceil__().bit_length()
                c = Fraction(round(c * (1 << k)), 1 << k)
            box = (_raw_box(lo, hi, prec),)
            slope = self.DF.raw(box, prec)
            fc = self.F.raw((_raw_box(c, c, prec),), prec)
            if slope is None or _zero_in(slope) or fc is None or not self.F.smooth_on(box, prec):
                prec = self.raise_prec(prec, lo, hi)
                continue
            if fc[0] == fzero and fc[1] == fzero and c.denominator & (c.denominator - 1) == 0:
                return Boundary(_rat(c), _rat(c), "exact", left, right, 0, "f(c) = 0 exactly")
            cc = _raw_box(c, c, prec)
            newton = mpi_sub(cc, mpi_div(fc, slope, prec), prec)
            n_lo = _mpf_frac(newton[0]) if _finite(newton[0]) else lo
            n_hi = _mpf_frac(newton[1]) if _finite(newton[1]) else hi
            if lo < n_lo and n_hi < hi:
                certified = True
            new_lo, new_hi = max(lo, n_lo), min(hi, n_hi)
            if new_lo > new_hi:  # pragma: no cover - impossible for a box with a root
                raise UndecidableError(f"interval Newton found no root near {self.where(lo, hi)}; please report")
            shrink = (new_hi - new_lo) / width if width else 0
            lo, hi = new_lo, new_hi
            if hi - lo == 0:
                return Boundary(_rat(lo), _rat(hi), "exact", left, right, 0, "f(c) = 0 exactly")
            if shrink > Fraction(1, 2):
                prec = self.raise_prec(prec, lo, hi)
            else:
                needed = 2 * max(1, (1 / (hi - lo)).__ceil__().bit_length()) + 40
                prec = max(prec, min(needed, self.final_prec))
        # a rational root is reported exactly: test the simplest rational of the enclosure
        c = _simplest_between(lo, hi)
        if lo < c < hi and _exact_sign(self.f.subs(self.p, _rat(c)), (64, 2 * self.final_prec)) == 0:
            return Boundary(_rat(c), _rat(c), "exact", left, right, 0, "f(c) = 0 exactly")
        # the ends must carry strict opposite signs: a self-contained certificate
        lo, hi = self.certify_ends(lo, hi, left, right, box0)
        if not certified:
            certified = self.newton_inclusion(lo, hi)
        how = "F' excludes 0 and the sign changes at the ends"
        if certified:
            how += "; interval Newton image inside the box"
        return Boundary(_rat(lo), _rat(hi), "root", left, right, 0, how)

    def newton_inclusion(self, lo: Fraction, hi: Fraction) -> bool:
        """Moore's test on ``[lo, hi]`` inflated by its width (epsilon-inflation): ``N(X)`` inside ``int X``."""
        width = hi - lo
        lo, hi = lo - width, hi + width
        prec = 2 * self.final_prec
        c = (lo + hi) / 2
        box = (_raw_box(lo, hi, prec),)
        slope = self.DF.raw(box, prec)
        fc = self.F.raw((_raw_box(c, c, prec),), prec)
        if slope is None or fc is None or _zero_in(slope):
            return False
        newton = mpi_sub(_raw_box(c, c, prec), mpi_div(fc, slope, prec), prec)
        if not (_finite(newton[0]) and _finite(newton[1])):
            return False
        return lo < _mpf_frac(newton[0]) and _mpf_frac(newton[1]) < hi

    def raise_prec(self, prec: int, lo: Fraction, hi: Fraction) -> int:
        if prec >= 4 * self.final_prec:
            raise UndecidableError(
                f"could not refine the root near {self.where(lo, hi)} to 1e-{self.digits} "
                f"even at {prec} bits of precision"
            )
        return min(2 * prec, 4 * self.final_prec)

    def certify_ends(self, lo: Fraction, hi: Fraction, left: int, right: int, box0):
        """Move the ends outward (within the width budget and the isolating box) until f has strict opposite signs there."""
        budget = self.target - (hi - lo)
        step = Fraction(1, 1 << (8 / budget).__ceil__().bit_length())  # a power of 2 below budget / 8
        prec = self.final_prec
        for _ in range(40):
            s_lo = self.point_sign(self.F, lo, prec)
            s_hi = self.point_sign(self.F, hi, prec)
            if s_lo == left and s_hi == right:
                return lo, hi
            if s_lo != left:
                lo = max(lo - step, box0[0])
            if s_hi != right:
                hi = min(hi + step, box0[1])
            step /= 2
            prec *= 2
        raise UndecidableError(f"could not certify the signs at the ends of the root enclosure {self.where(lo, hi)}")

    # -- the whole range ---------------------------------------------------------------------------

    def run(self):
        gaps = [(self.a, self.b)]
        done: dict = {}
        specials: list = []
        while gaps:
            u, v = gaps.pop()
            try:
                done[(u, v)] = self.gap(u, v)
            except _Special as found:
                c = found.point
                if len(specials) >= 1000:
                    raise TooLargeError("more than 1000 exact special points; the expressions may coincide on an interval")
                specials.append(c)
                gaps.extend([(u, c), (c, v)])
        specials.sort()
        points = [self.a, *specials, self.b]
        tokens = []
        for i, (u, v) in enumerate(zip(points, points[1:])):
            if i:
                value = self.f.subs(self.p, _rat(u))
                tokens.append(("point", u, None if value.has(sp.nan, sp.zoo) else _exact_sign(value)))
            tokens.extend(done[(u, v)])
        return tokens
