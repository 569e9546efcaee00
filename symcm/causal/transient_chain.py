r"""The transient block of the mixed-state presentation over ``ZZ[params]``: powers, resolvents, generating functions.

:mod:`symcm.causal.transients` states its measures as sums over the transient
beliefs of the mixed-state presentation: with :math:`Q` the transient-to-transient
block, :math:`\langle \delta_\pi |` the start and :math:`v` a vector of entropies,

* :math:`\langle \delta_\pi | Q^n` (the law of the belief after :math:`n` symbols),
* :math:`\langle \delta_\pi | (I - Q)^{-1}` and :math:`\langle \delta_\pi | (I - Q)^{-2}`
  (:math:`I - Q` is invertible: every transient belief is left eventually),
* :math:`(I - Q)^{-1} v` and the generating function
  :math:`\langle \delta_\pi | (I - xQ)^{-1} | v \rangle = N(x) / D(x)`, whose coefficients past
  :math:`m_0 = n - \deg_x \det(I - xQ)` are a ``RootSum`` over the reversed denominator
  (partial fractions without computing a root; a Jordan block of size :math:`e` brings
  :math:`\binom{L + e - 1}{e - 1}`) ([1]_, [2]_).

This module owns that linear algebra.  It is exact and stays in the ring
:math:`\mathbb{Z}[\text{params}]` (:mod:`symcm.algebra.ring`): :math:`Q` is converted
once, a vector is a list of ``(numerator, denominator)`` pairs, each system is
solved by :func:`~symcm.algebra.elimination.solve_linear` (sparse fraction-free
elimination [3]_, or modular interpolation with an exact certificate; the
answer cancelled in the ring), the generating function over
:math:`\mathbb{Z}[\text{params}, x]`, whose elimination also gives
:math:`\det(I - xQ)` up to factors free of :math:`x`.  A sum
:math:`\langle u | v \rangle` with :math:`v` a combination of transcendental atoms
(``H``, ``log``) is collected by atom, each rational coefficient summed in the ring
and written as a sympy expression once, in the form ``sympy.cancel`` gives.

References
----------
.. [1] P. M. Riechers and J. P. Crutchfield, "Beyond the spectral theorem:
   spectrally decomposing arbitrary functions of nondiagonalizable
   operators", AIP Advances 8, 065305 (2018).
.. [2] J. P. Crutchfield, P. M. Riechers and C. J. Ellison, "Exact
   complexity: the spectral decomposition of intrinsic computation", Phys.
   Lett. A 380, 998-1002 (2016).
.. [3] E. H. Bareiss, "Sylvester's identity and multistep integer-preserving
   Gaussian elimination", Mathematics of Computation 22(103), 565-578, 1968.
"""

from __future__ import annotations

from functools import lru_cache

import sympy as sp

from ..algebra.backends import get_backend
from ..algebra.elimination import solve_linear
from ..algebra.entropy import H, _entropy_of_valid
from ..algebra.rational import _add_fractions, _cancel_form, _ring_fraction
from ..models.hmm import HMM
from .states import _mixed_states

__all__: list[str] = []


class _Transients:
    """The transient part of one machine's MSP: ``Q``, ``g``, ``H[eta]``, ``h_mu``, the order.

    The linear algebra is done over ``ZZ[params]`` (:mod:`symcm.algebra.ring`):
    ``Q`` converted once, vectors kept as ``(numerator, denominator)`` pairs,
    solves by :func:`~symcm.algebra.elimination.solve_linear` and each sum
    written as a sympy expression once (:meth:`dot`).
    """

    __slots__ = ("q", "g", "hb", "rate", "order", "first", "params", "_x", "_y", "_ring", "_memo", "_q", "_atoms")

    def __init__(self, q, g, hb, rate, order, first, params=()):
        self.q, self.g, self.hb, self.rate, self.order, self.first = q, g, hb, rate, order, first
        self.params = tuple(params)
        self._x = self._y = self._ring = self._q = None
        self._memo: dict = {}
        self._atoms: dict = {}  # id(vector) -> (vector, _by_atom(vector)) of g and H[eta]

    def ring(self):
        """``ZZ[params]`` (flint or sympy, :func:`~symcm.algebra.backends.get_backend`)."""
        if self._ring is None:
            self._ring = get_backend(self.params)
        return self._ring

    def pairs(self, vec: list) -> list:
        """A sympy vector of rational functions as ring pairs ``(N, D)``."""
        return [_ring_fraction(self.ring(), v, self._memo) for v in vec]

    def q_pairs(self) -> dict:
        """``{(i, j): (N, D)}``: the nonzero entries of ``Q`` over the ring."""
        if self._q is None:
            n = len(self.g)
            self._q = {(i, j): _ring_fraction(self.ring(), self.q[i][j], self._memo)
                       for i in range(n) for j in range(n) if self.q[i][j] != 0}
        return self._q

    def unit(self) -> list:
        """``<delta_pi|``: the indicator of the first transient belief, as ring pairs."""
        R = self.ring()
        return [(R.one if i == self.first else R.zero, R.one) for i in range(len(self.g))]

    def solve(self, b: list, *, left: bool = True) -> list:
        """``x (I - Q) = b`` (``left``) or ``(I - Q) x = b`` for ring pairs ``b``, as ring pairs."""
        R = self.ring()
        rows, rhs = _system(R, self.q_pairs(), len(b), b, R.one, left)
        y, d = solve_linear(rows, rhs, R)
        return [(v, d) for v in y]

    def powers_ring(self, count: int) -> list:
        """``a_0, ..., a_{count-1}`` (:meth:`powers`) as ring pairs, one common denominator per vector."""
        R, n = self.ring(), len(self.g)
        qp = self.q_pairs()
        den = R.one
        for _, d in qp.values():
            den = R.exquo(den * d, R.gcd(den, d))
        rows = [[] for _ in range(n)]
        for (i, j), (a, d) in qp.items():
            rows[i].append((j, a * R.exquo(den, d)))
        nums, cur, out = [R.one if i == self.first else R.zero for i in range(n)], R.one, []
        for _ in range(count):
            out.append([(v, cur) for v in nums])
            new = [R.zero] * n
            for i, v in enumerate(nums):
                if v:
                    for j, a in rows[i]:
                        new[j] = new[j] + v * a
            cur = cur * den
            g = cur
            for v in new:
                if v:
                    g = R.gcd(g, v)
            nums, cur = [R.exquo(v, g) if v else R.zero for v in new], R.exquo(cur, g)
        return out

    def powers(self, count: int) -> list:
        """``a_0, ..., a_{count-1}``: the law of the transient belief after ``n`` symbols (row vectors)."""
        if not self.g:
            return [[] for _ in range(count)]
        R = self.ring()
        return [[_cancel_form(R, a, d) for a, d in row] for row in self.powers_ring(count)]

    def resolvent_ring(self) -> tuple[list, list]:
        """``x = <delta_pi| (I - Q)^-1`` and ``y = x (I - Q)^-1`` as ring pairs."""
        if self._x is None:
            n, R = len(self.g), self.ring()
            if not n:
                self._x, self._y = [], []
            elif self.order is not sp.oo:  # nilpotent: finite sums of powers
                rows = self.powers_ring(int(self.order))
                self._x = [_sum(R, (r[i] for r in rows)) for i in range(n)]
                self._y = [_sum(R, ((r[i][0] * R.from_int(k + 1), r[i][1]) for k, r in enumerate(rows)))
                           for i in range(n)]
            else:
                self._x = self.solve(self.unit())
                self._y = self.solve(self._x)
        return self._x, self._y

    def resolvent(self) -> tuple[list, list]:
        """``x = <delta_pi| (I - Q)^-1`` and ``y = x (I - Q)^-1`` (rational functions)."""
        R = self.ring()
        return tuple([_cancel_form(R, a, d) for a, d in v] for v in self.resolvent_ring())

    def dot(self, pairs: list, vec: list) -> sp.Expr:
        """``_dot(u, vec)`` for ``u`` given as ring pairs: each coefficient of ``vec``'s atoms summed in the ring."""
        R, out = self.ring(), []
        got = self._atoms.get(id(vec))
        if got is None or got[0] is not vec:
            got = self._atoms[id(vec)] = (vec, _by_atom(vec))
        for atom, v in got[1].items():
            acc = (R.zero, R.one)
            for (a, d), c in zip(pairs, v):
                if a and c != 0:
                    cn, cd = _ring_fraction(R, c, self._memo)
                    acc = _add_fractions(R, acc, (a * cn, d * cd))
            out.append(_cancel_form(R, *acc) * atom)
        return _tidy_collected(sp.Add(*out))


def _sum(R, pairs) -> tuple:
    acc = (R.zero, R.one)
    for pair in pairs:
        acc = _add_fractions(R, acc, pair)
    return acc


def _system(R, q: dict, n: int, b: list, factor, left: bool) -> tuple[list, list]:
    """Sparse rows and right-hand side of ``(I - factor Q)^T x = b`` (``left``) or ``(I - factor Q) x = b``.

    ``q`` and ``b`` are ring pairs; each row is multiplied by the lcm of its denominators.
    """
    entries = [[] for _ in range(n)]
    for (i, j), (a, d) in q.items():
        entries[j if left else i].append((i if left else j, a, d))
    rows, rhs = [], []
    for r in range(n):
        bn, bd = b[r]
        scale = bd
        for _, _, d in entries[r]:
            scale = R.exquo(scale * d, R.gcd(scale, d))
        row = {r: scale}
        for c, a, d in entries[r]:
            row[c] = row.get(c, R.zero) - factor * a * R.exquo(scale, d)
        rows.append({c: v for c, v in row.items() if v})
        rhs.append(bn * R.exquo(scale, bd) if bn else R.zero)
    return rows, rhs


def _expand(expr) -> sp.Expr:
    """``sympy.expand`` of the rational coefficients, the arguments of ``H`` and ``log`` left as they are."""
    expr = sp.sympify(expr)
    atoms = expr.atoms(H, sp.log)
    if not atoms:
        return sp.expand(expr)
    hide = {a: sp.Dummy() for a in atoms}
    return sp.expand(expr.xreplace(hide)).xreplace({d: a for a, d in hide.items()})


def _collect(expr) -> sp.Expr:
    """Collect a sum of ``rational * transcendental`` terms by the transcendental factor."""
    groups: dict = {}
    for term in sp.Add.make_args(_expand(expr)):
        coeff, rest = [], []
        for f in sp.Mul.make_args(term):
            (rest if f.has(H, sp.log) else coeff).append(f)
        key = sp.Mul(*rest)
        groups[key] = groups.get(key, 0) + sp.Mul(*coeff)
    return sp.Add(*(sp.cancel(c) * k for k, c in groups.items()))


def _tidy(expr) -> sp.Expr:
    """:func:`_collect`, and entropies of rational numbers written as logarithms when that is shorter.

    ``2/3 + H(1/3)`` is ``log2 3``: the sums over transient beliefs of a
    periodic process cancel only in the logarithmic form.
    """
    return _tidy_collected(_collect(sp.sympify(expr)))


def _tidy_collected(expr) -> sp.Expr:
    """The second half of :func:`_tidy`, for an expression already collected."""
    numeric = [a for a in expr.atoms(H) if all(x.is_Rational for x in a.args)]
    if not numeric:
        return expr
    logs = expr.xreplace({a: sp.expand_log(a.rewrite(sp.log), force=True) for a in numeric})
    logs = _collect(logs)
    return logs if sp.count_ops(logs) < sp.count_ops(expr) else expr


def _dot(u: list, v: list) -> sp.Expr:
    return _tidy(sp.Add(*(a * b for a, b in zip(u, v) if a and b)))


@lru_cache(maxsize=64)
def _transients(machine: HMM, max_states: int) -> _Transients:
    """The MSP of one (recurrent, unifilar) machine reduced to its transient beliefs."""
    beliefs, edges = _mixed_states(machine, max_states, public=False)
    emit = {s: {} for s in machine.states}
    for e in machine.edges:
        emit[e.source][e.symbol] = emit[e.source].get(e.symbol, 0) + e.probability
    h_state = [_entropy_of_valid(emit[s].values()) for s in machine.states]
    pi = beliefs[0]
    rate = _tidy(sp.Add(*(w * h for w, h in zip(pi, h_state) if w)))
    transient = [i for i, b in enumerate(beliefs) if sum(1 for w in b if w != 0) > 1]
    index = {b: k for k, b in enumerate(transient)}
    n = len(transient)
    q = [[sp.Integer(0)] * n for _ in range(n)]
    nxt = [dict() for _ in range(n)]
    succ = [set() for _ in range(n)]
    for a, b, x, pr in edges:
        if a in index:
            nxt[index[a]][x] = nxt[index[a]].get(x, 0) + pr
            if b in index:
                q[index[a]][index[b]] += pr
                succ[index[a]].add(index[b])
    g, hb = [], []
    for k, i in enumerate(transient):
        eta = beliefs[i]
        g.append(_tidy(_entropy_of_valid(nxt[k].values())
                       - sp.Add(*(w * h for w, h in zip(eta, h_state) if w))))
        hb.append(_entropy_of_valid(eta))
    first = index.get(0)
    return _Transients(q, g, hb, rate, _longest_path(succ, first), first, machine.parameters)


def _longest_path(succ: list, first) -> sp.Expr:
    """Synchronisation order: 1 + the longest path of transient beliefs from ``first``; ``oo`` on a cycle."""
    if first is None:
        return sp.Integer(0)
    depth: dict = {}
    on_stack: set = set()

    def visit(v):  # the transient graph has at most max_states nodes; recursion depth is bounded by it
        if v in on_stack:
            return None
        if v in depth:
            return depth[v]
        on_stack.add(v)
        best = 0
        for w in succ[v]:
            d = visit(w)
            if d is None:
                return None
            best = max(best, d)
        on_stack.discard(v)
        depth[v] = best + 1
        return best + 1

    d = visit(first)
    return sp.oo if d is None else sp.Integer(d)


def _by_atom(vec: list) -> dict:
    """``{transcendental factor: rational vector}`` with ``vec = sum_k factor_k * vector_k``."""
    out: dict = {}
    for i, entry in enumerate(vec):
        for term in sp.Add.make_args(_expand(entry)):
            coeff, rest = [], []
            for f in sp.Mul.make_args(term):
                (rest if f.has(H, sp.log) else coeff).append(f)
            out.setdefault(sp.Mul(*rest), [sp.Integer(0)] * len(vec))[i] += sp.Mul(*coeff)
    return out


def _spectral(t: _Transients, vec, L, where: str) -> tuple[int, sp.Expr]:
    """``(m0, s)``: ``s = <delta_pi| Q^L |vec>`` for every integer ``L >= m0``, as ``RootSum`` over the spectrum of ``Q``.

    The generating function ``sum_L x^L <delta_pi| Q^L |v> = <delta_pi| (I - xQ)^-1 |v> = N(x) / D(x)``
    is rational with ``D(0) = 1``; its polynomial part has degree below ``m0`` (the multiplicity of the
    eigenvalue 0, ``n - deg det(I - xQ)``) and, when the reversed denominator ``c(lambda)`` is
    squarefree, the coefficient of ``x^L`` is ``sum_{c(lambda) = 0} -lambda N(1/lambda) / D'(1/lambda) lambda^L``
    [Riechers & Crutchfield 2018]: exact, with no root computed.  Repeated roots (Jordan blocks)
    bring binomials in ``L`` (:func:`_coefficient_of_power`).  ``vec`` is a sympy vector or
    ``{atom: ring pairs}``; ``(I - xQ)^T`` is solved over ``ZZ[params, x]``, whose elimination
    gives ``det(I - xQ)`` up to factors free of ``x``.
    """
    n, x, lam = len(t.g), sp.Dummy("x"), sp.Dummy("lambda")
    parts = vec if isinstance(vec, dict) else {atom: t.pairs(v) for atom, v in _by_atom(vec).items()}
    R, k = t.ring(), len(t.params)
    R2 = get_backend(t.params + (x,))

    def lift(el):
        return R2.from_dict({tuple(m) + (0,): int(c) for m, c in R.terms(el)}) if R.name != "integer" \
            else R2.from_int(int(el))

    q2 = {ij: (lift(a), lift(d)) for ij, (a, d) in t.q_pairs().items()}
    unit = [(R2.one if i == t.first else R2.zero, R2.one) for i in range(n)]
    rows, rhs = _system(R2, q2, n, unit, R2.from_dict({(0,) * k + (1,): 1}), True)
    y, d, det = solve_linear(rows, rhs, R2, determinant=True)
    m0 = n - R2.degree(det, k)
    total = sp.Integer(0)
    for atom, v in parts.items():
        acc = (R2.zero, R2.one)
        for yi, (a, b) in zip(y, v):
            if yi and a:
                acc = _add_fractions(R2, acc, (yi * lift(a), d * lift(b)))
        degree, tail = _coefficient_of_power(_cancel_form(R2, *acc), x, L, lam)
        m0 = max(m0, degree)
        total += atom * tail
    return int(m0), total


def _coefficient_of_power(f: sp.Expr, x: sp.Symbol, L, lam: sp.Dummy) -> tuple[int, sp.Expr]:
    """``(d, s)``: for every integer ``L >= d`` the coefficient of ``x^L`` in the rational function ``f`` is ``s``.

    The partial fractions of ``f`` (:func:`sympy.polys.partfrac.apart_list`, no root computed) are
    a polynomial of degree ``d - 1`` plus terms ``sum_{D(w) = 0} a(w) / (x - w)^e``, and
    ``1 / (x - w)^e = (-w)^-e sum_L binomial(L + e - 1, e - 1) (x / w)^L``.  With
    ``lambda = 1 / w`` (an eigenvalue of ``Q``) each term is
    ``RootSum(c, lambda -> a(1/lambda) (-lambda)^e binomial(L + e - 1, e - 1) lambda^L)`` over the
    reversed polynomial ``c`` of ``D``: a Jordan block of size ``e`` brings the polynomial
    ``binomial(L + e - 1, e - 1)`` in ``L`` [Riechers & Crutchfield 2018].
    """
    from sympy.polys.partfrac import apart_list

    if not f.has(x):
        return (1 if f != 0 else 0), sp.Integer(0)
    common, poly, parts = apart_list(f, x)
    total = sp.Integer(0)
    for dpoly, numerator, _, e in parts:
        c = sp.Poly(dpoly.all_coeffs()[::-1], lam)
        weight = sp.together(numerator(1 / lam) * (-lam) ** e) * sp.binomial(L + e - 1, e - 1)
        total += sp.RootSum(c, sp.Lambda(lam, weight * lam**L))
    return (0 if poly.is_zero else poly.degree() + 1), common * total
