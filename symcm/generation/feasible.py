r"""The feasible set of a numeric generator family, and the exact and certified minima of ``H[pi]`` over it.

The machinery of :func:`~symcm.generation.minimisation.minimize_state_entropy`.
A :class:`~symcm.generation.families.GeneratorFamily` at numeric process
parameters becomes a :class:`_Problem`: its edge probabilities, stationary
distribution and extra constraints as rational functions of the ``k`` free
parameters (:class:`_RatFun`), evaluated exactly at rational points and
enclosed on boxes of intervals (``mpmath.iv``).  The feasible set (every
edge probability in ``[0, 1]``, each free parameter in its interval, each
constraint ``>= 0``) is semialgebraic, bounded by the zero sets of the
irreducible factors of those rational functions.

* **Vertex enumeration** (:func:`_vertex_minimum`, the exact path).  When
  every factor is affine, the sign pattern -- hence feasibility -- is
  constant on each open cell of the arrangement of their hyperplanes, so
  the feasible set is a union of closed cells (polytopes); when ``pi`` is
  affine in the free parameters too, ``H[pi]`` is concave on every segment
  and its minimum over each closed cell is attained at a vertex.  All
  ``C(m, k)`` intersections of ``k`` of the ``m`` hyperplanes are solved
  in exact rational arithmetic.  A vertex where the family is undefined (a
  vanishing denominator) but whose entropy would be lower is reported when
  feasible points approach it (decided for ``k <= 2``, probing one point in
  each sector around it: :func:`_sector_points`).
* **Candidate points** (:func:`_candidate_points`).  Otherwise the points
  where ``k`` boundary factors vanish are solved exactly, where they are
  rational, by the triangular solver of :mod:`symcm.generation.conditions`.
* **Interval branch and bound** (:func:`_branch_and_bound`, the certified
  path).  Boxes of the free parameters, taken in order of their lower bound
  and bisected along their widest side: a box on which some probability is
  certainly outside ``[0, 1]`` (or a constraint certainly negative) is
  dropped; on the others ``-sum pi log2 pi`` is bounded below from the
  interval enclosure of ``pi`` (``-x log2 x`` is concave: its least value
  on an interval is at an end, its greatest at ``1/e`` when inside,
  :func:`_plogp_iv`), and the feasible box centres improve the best exactly
  feasible rational point, whose exact entropy is the upper end.
"""

from __future__ import annotations

import heapq
import itertools
import math
from fractions import Fraction

import mpmath
import sympy as sp

from ..algebra.backends import backend_name, get_backend
from ..causal.stationary import recurrent_classes
from ..errors import DomainError, ParameterTypeError, TooLargeError
from .conditions import _TriangularSolver
from .families import GeneratorFamily


class _RatFun:
    """A rational function of the free parameters with rational coefficients, evaluated exactly or on boxes."""

    __slots__ = ("expr", "num", "den", "syms")

    def __init__(self, expr, syms):
        self.syms = tuple(syms)
        self.expr = sp.cancel(sp.sympify(expr))
        n, d = sp.fraction(self.expr)
        gens = self.syms or (sp.Dummy(),)
        self.num = {m: Fraction(int(c.p), int(c.q)) for m, c in sp.Poly(n, *gens, domain=sp.QQ).as_dict().items()}
        self.den = {m: Fraction(int(c.p), int(c.q)) for m, c in sp.Poly(d, *gens, domain=sp.QQ).as_dict().items()}

    @staticmethod
    def _poly(coeffs, x):
        total = Fraction(0)
        for m, c in coeffs.items():
            term = c
            for xi, e in zip(x, m):
                if e:
                    term *= xi**e
            total += term
        return total

    def exact(self, x) -> Fraction | None:
        """The value at a rational point, or None where the denominator vanishes."""
        d = self._poly(self.den, x)
        return None if d == 0 else self._poly(self.num, x) / d

    def numerator_at(self, x) -> Fraction:
        return self._poly(self.num, x)

    def denominator_at(self, x) -> Fraction:
        return self._poly(self.den, x)

    @staticmethod
    def _ipoly(coeffs, box):
        iv = mpmath.iv
        total = iv.mpf(0)
        for m, c in coeffs.items():
            term = iv.mpf(c.numerator) / c.denominator
            for xi, e in zip(box, m):
                if e:
                    term = term * xi**e
            total = total + term
        return total

    def interval(self, box):
        """An enclosure on a box of intervals (``[-inf, inf]`` where the denominator may vanish)."""
        iv = mpmath.iv
        d = self._ipoly(self.den, box)
        if d.a <= 0 <= d.b:
            return iv.mpf([-mpmath.inf, mpmath.inf])
        return self._ipoly(self.num, box) / d

    def is_affine(self) -> bool:
        return (all(sum(m) <= 1 for m in self.num) and all(sum(m) == 0 for m in self.den))


def _affine_form(expr, syms):
    """``(a, b)`` with ``expr = a . x + b`` (Fractions), or None if not affine."""
    poly = sp.Poly(sp.expand(expr), *syms, domain=sp.QQ)
    if poly.total_degree() > 1:
        return None
    a = [Fraction(0)] * len(syms)
    b = Fraction(0)
    for m, c in poly.as_dict().items():
        c = Fraction(int(c.p), int(c.q))
        if sum(m) == 0:
            b = c
        else:
            a[m.index(1)] = c
    return tuple(a), b


def _constraint_exprs(constraints, syms) -> list:
    """User constraints as expressions ``g`` meaning ``g >= 0``."""
    out = []
    for c in constraints or ():
        if isinstance(c, (sp.GreaterThan, sp.StrictGreaterThan)):
            out.append(c.lhs - c.rhs)
        elif isinstance(c, (sp.LessThan, sp.StrictLessThan)):
            out.append(c.rhs - c.lhs)
        elif isinstance(c, sp.Basic) and not isinstance(c, sp.logic.boolalg.Boolean):
            out.append(sp.sympify(c))
        else:
            raise ParameterTypeError(
                f"constraints: expected inequalities such as a >= b (or expressions meaning >= 0), received {c!r}"
            )
        stray = out[-1].free_symbols - set(syms)
        if stray:
            raise DomainError(f"constraint {c} involves {', '.join(map(str, stray))}, which are not free parameters")
    return out


def _entropy_value(pi) -> mpmath.mpf:
    """``H`` of exact rationals, to about 40 digits (for ranking candidates)."""
    with mpmath.workdps(45):
        return -sum((mpmath.mpf(x.numerator) / x.denominator) * mpmath.log(mpmath.mpf(x.numerator) / x.denominator, 2)
                    for x in pi if x)


def _plogp_iv(lo, hi):
    """An enclosure of ``-x log2 x`` over ``[lo, hi]`` intersected with ``[0, 1]`` (mpmath interval)."""
    iv = mpmath.iv
    lo, hi = max(lo, mpmath.mpf(0)), min(hi, mpmath.mpf(1))
    if lo > hi:
        return None

    def f(x):
        if x == 0:
            return iv.mpf(0)
        xi = iv.mpf(x)
        return -xi * iv.log(xi) / iv.log(2)

    flo, fhi = f(lo), f(hi)
    low = min(mpmath.mpf(flo.a), mpmath.mpf(fhi.a))
    top = max(mpmath.mpf(flo.b), mpmath.mpf(fhi.b))
    inv_e = 1 / mpmath.e
    if lo <= inv_e <= hi:
        top = mpmath.mpf(1) / (mpmath.e * mpmath.log(2)) * (1 + mpmath.mpf(2) ** (-iv.prec + 8))
    return low, top


class _Problem:
    """A family at numeric process parameters, as exact/interval-evaluable pieces."""

    def __init__(self, fam: GeneratorFamily, constraints):
        self.fam = fam
        self.syms = fam.free
        self.bounds = [tuple(Fraction(int(sp.Rational(v).p), int(sp.Rational(v).q)) for v in fam.bounds[s])
                       for s in self.syms]
        self.edges = [_RatFun(pr, self.syms) for *_, pr in fam.edges]
        pi = fam.stationary_distribution()
        self.states = fam.states
        self.pi = [_RatFun(pi[s], self.syms) for s in fam.states]
        self.user = [_RatFun(g, self.syms) for g in _constraint_exprs(constraints, self.syms)]
        self.nonzero = [_RatFun(f, self.syms) for f in fam.nonzero]
        # the irreducible factors that bound the feasible set
        facs = {}
        for expr in [pr for *_, pr in fam.edges] + [g.expr for g in self.user] + list(fam.nonzero):
            n, d = sp.fraction(sp.cancel(expr))
            for part in (n, d):
                for f, _ in sp.factor_list(part, *self.syms)[1] if self.syms else []:
                    if f.free_symbols & set(self.syms):
                        facs[sp.expand(f)] = None
        for s, (lo, hi) in zip(self.syms, self.bounds):
            facs[s - sp.Rational(lo.numerator, lo.denominator)] = None
            facs[s - sp.Rational(hi.numerator, hi.denominator)] = None
        self.factors = list(facs)

    def feasible(self, x) -> bool | None:
        """Exact feasibility of a rational point; None where some probability is undefined."""
        for xi, (lo, hi) in zip(x, self.bounds):
            if not lo <= xi <= hi:
                return False
        for f in self.nonzero:
            if f.numerator_at(x) == 0:
                return None
        for g in self.user:
            v = g.exact(x)
            if v is None:
                return None
            if v < 0:
                return False
        for e in self.edges:
            v = e.exact(x)
            if v is None:
                return None
            if v < 0 or v > 1:
                return False
        return True

    def pi_at(self, x) -> list | None:
        vals = [r.exact(x) for r in self.pi]
        return None if any(v is None for v in vals) else vals

    def point(self, x) -> dict:
        return {s: sp.Rational(v.numerator, v.denominator) for s, v in zip(self.syms, x)}

    def single_class(self, x) -> bool:
        """Whether the model at a feasible point has one recurrent class (so its process is defined)."""
        return len(recurrent_classes(self.fam.at(self.point(x)))) == 1


def _solve_linear(rows) -> tuple | None:
    """The unique solution of ``a . x + b = 0`` for the given ``(a, b)`` rows (Fractions), or None."""
    k = len(rows)
    m = [list(a) + [-b] for a, b in rows]
    for col in range(k):
        piv = next((r for r in range(col, k) if m[r][col] != 0), None)
        if piv is None:
            return None
        m[col], m[piv] = m[piv], m[col]
        for r in range(k):
            if r != col and m[r][col] != 0:
                f = m[r][col] / m[col][col]
                m[r] = [a - f * b for a, b in zip(m[r], m[col])]
    return tuple(m[i][k] / m[i][i] for i in range(k))


def _sector_points(v, planes, others):
    """Rational points near ``v`` (2 free parameters), one inside each open sector cut by the lines through ``v``."""
    rays = []
    for a, _ in planes:
        d = (-a[1], a[0])
        rays += [d, (-d[0], -d[1])]
    uniq = {}
    for r in rays:
        uniq[math.atan2(float(r[1]), float(r[0]))] = r
    order = [uniq[k] for k in sorted(uniq)]
    dirs = []
    if len(order) == 2:  # a single line: the two half-planes
        a = planes[0][0]
        dirs = [a, (-a[0], -a[1])]
    else:
        for r1, r2 in zip(order, order[1:] + order[:1]):
            dirs.append((r1[0] + r2[0], r1[1] + r2[1]))
    out = []
    for d in dirs:
        eps = Fraction(1)
        for a, b in others:
            slope = a[0] * d[0] + a[1] * d[1]
            val = a[0] * v[0] + a[1] * v[1] + b
            if slope != 0 and val != 0:
                eps = min(eps, abs(val / slope) / 2)
        out.append((v[0] + eps * d[0], v[1] + eps * d[1]))
    return out


def _vertex_minimum(prob: _Problem, max_vertices: int):
    """Exact minimum over the vertices of the hyperplane arrangement (affine case)."""
    k = len(prob.syms)
    planes = {}
    for f in prob.factors:
        form = _affine_form(f, prob.syms)
        a, b = form
        scale = next(c for c in a if c != 0)
        planes[(tuple(c / scale for c in a), b / scale)] = None
    planes = list(planes)
    count = math.comb(len(planes), k)
    if count > max_vertices:
        raise TooLargeError(f"{count} vertex candidates exceed max_vertices={max_vertices}; pass a larger "
                            "max_vertices or fix some free parameters")
    feasible, poles, seen = [], [], set()
    for subset in itertools.combinations(planes, k):
        x = _solve_linear(subset)
        if x is None or x in seen:
            continue
        seen.add(x)
        ok = prob.feasible(x)
        pi = prob.pi_at(x)
        if pi is None or any(w < 0 for w in pi):
            continue
        val = _entropy_value(pi)
        if ok is None:
            poles.append((val, x))
        elif ok:
            feasible.append((val, x))
    notes = []
    best = None
    for val, x in sorted(feasible):
        if prob.single_class(x):
            best = (val, x)
            break
        notes.append(f"at the vertex {prob.point(x)} the model has several recurrent classes; skipped")
    if best is not None:
        for val, x in poles:  # an undefined vertex in the closure of the feasible set would make inf < min
            if val >= best[0] - mpmath.mpf(10) ** -35:
                continue
            through = [(a, b) for a, b in planes if sum(ai * xi for ai, xi in zip(a, x)) + b == 0]
            others = [(a, b) for a, b in planes if (a, b) not in through]
            if k == 1:
                near = []
                for sgn in (1, -1):
                    eps = min([abs((a[0] * x[0] + b) / a[0]) / 2 for a, b in others if a[0] != 0
                               and a[0] * x[0] + b != 0] + [Fraction(1, 2)])
                    near.append((x[0] + sgn * eps,))
            elif k == 2:
                near = _sector_points(x, through, others)
            else:
                notes.append(f"the family is undefined at the vertex {prob.point(x)}, whose entropy would be lower; "
                             "symcm did not decide whether it is a limit of feasible points")
                continue
            if any(prob.feasible(y) for y in near):
                notes.append(f"the infimum {mpmath.nstr(val, 15)} is approached near {prob.point(x)}, where the "
                             "family is undefined; the value reported is the least over points where it is defined")
    return best, notes


def _candidate_points(prob: _Problem, max_subsets: int = 2000) -> list:
    """Rational points where ``k`` of the boundary factors vanish (solved exactly where rational)."""
    k = len(prob.syms)
    R = get_backend(prob.syms, backend_name(where="minimize_state_entropy"))
    polys = [R.from_expr(f)[0] for f in prob.factors]
    out = []
    for n_sub, subset in enumerate(itertools.combinations(polys, k)):
        if n_sub >= max_subsets:
            break
        try:
            solver = _TriangularSolver(R, range(k), {}, {}, [], lambda g: False, 200).run(list(subset))
        except TooLargeError:  # pragma: no cover - tiny systems
            continue
        for sol, _ in solver.results:
            if len(sol) == k and all(R.is_const(n) and R.is_const(d) for n, d in sol.values()):
                out.append(tuple(Fraction(R.constant(sol[i][0]), R.constant(sol[i][1])) for i in range(k)))
    return out


def _branch_and_bound(prob: _Problem, best, tol, max_boxes: int):
    """Certified lower bound of min H[pi] over the feasible set; improves ``best`` with feasible box centres."""
    iv = mpmath.iv
    k = len(prob.syms)

    def lower(box):
        ibox = []
        for lo, hi in box:  # outward-rounded enclosure of [lo, hi]
            left, right = iv.mpf(lo.numerator) / lo.denominator, iv.mpf(hi.numerator) / hi.denominator
            ibox.append(iv.mpf([left.a, right.b]))
        for e in prob.edges:
            val = e.interval(ibox)
            if val.b < 0 or val.a > 1:
                return None  # certainly infeasible
        for g in prob.user:
            val = g.interval(ibox)
            if val.b < 0:
                return None
        total = mpmath.mpf(0)
        for r in prob.pi:
            val = r.interval(ibox)
            rng = _plogp_iv(mpmath.mpf(val.a), mpmath.mpf(val.b))
            if rng is None:
                return None
            total += rng[0]
        return total

    def consider(x):
        nonlocal best
        if prob.feasible(x):
            pi = prob.pi_at(x)
            if pi is not None and all(w >= 0 for w in pi):
                val = _entropy_value(pi)
                if (best is None or val < best[0]) and prob.single_class(x):
                    best = (val, x)

    root = [tuple(b) for b in prob.bounds]
    heap = []
    counter = itertools.count()
    lb = lower(root)
    if lb is not None:
        heapq.heappush(heap, (lb, next(counter), root))
    processed = 0
    global_lower = mpmath.inf if not heap else heap[0][0]
    while heap:
        global_lower = heap[0][0]
        if best is not None and best[0] - global_lower <= tol:
            break
        if processed >= max_boxes:
            break
        lb, _, box = heapq.heappop(heap)
        processed += 1
        if best is not None and lb > best[0]:
            continue
        consider(tuple((lo + hi) / 2 for lo, hi in box))
        axis = max(range(k), key=lambda i: box[i][1] - box[i][0])
        lo, hi = box[axis]
        mid = (lo + hi) / 2
        for part in ((lo, mid), (mid, hi)):
            child = list(box)
            child[axis] = part
            child = tuple(child)
            clb = lower(child)
            if clb is not None and (best is None or clb <= best[0]):
                heapq.heappush(heap, (clb, next(counter), child))
    if not heap:
        global_lower = best[0] if best is not None else mpmath.inf
    return best, global_lower, processed

