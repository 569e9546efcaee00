"""Algorithms on sparse integer polynomials given by their terms, used by the ring backends.

A polynomial of ``ZZ[x_1, ..., x_n]`` is here a dict ``{exponent tuple:
int}`` (or a list of such pairs), independent of any backend object.  This
module owns three algorithms on that representation:

* **Canonical sympy expressions** (:class:`_ExprBuilder`): sympy's canonical
  ``Add`` of ``Mul`` trees written down directly from the terms, identical to
  ``Poly.from_dict(...).as_expr()`` but without the flattening constructors,
  which dominate the cost of large results (``benchmarks/stationary.py``,
  ``docs/benchmarks.md``).
* **Exact division** (:func:`_exact_quotient`): division by leading terms in
  lex order with a heap of the remainder's monomials, so a step costs
  ``O(len(b) log)`` instead of a scan of the whole remainder (sympy's
  ``PolyElement.div`` rescans it for each leading term).
* **Coprimality certificates** (:func:`_certified_constant_gcd`): univariate
  specialisations of degree-0 gcd prove a multivariate gcd constant, so the
  pure-sympy backend skips the heuristic gcd in the usual coprime case.

None of these changes any result: the expressions, quotients and gcds are
those of the plain constructions (tested in ``tests/test_ring.py`` and
``tests/test_stationary.py``).  The backends themselves are in
:mod:`symcm.algebra.ring`.
"""

from __future__ import annotations

import heapq
from functools import cmp_to_key
from operator import add, itemgetter, neg, sub

import sympy as sp
from sympy.polys.densebasic import dup_strip
from sympy.polys.domains import ZZ
from sympy.polys.euclidtools import dup_gcd

#: Sums with at least this many terms are sorted with ``_ExprBuilder._term_key``.
_FAST_KEY_MIN_TERMS = 16

#: sympy's canonical order of arguments (``Basic.compare``), as Add and Mul sort them.
_canonical_key = cmp_to_key(sp.Basic.compare)


class _ExprBuilder:
    """Build the sympy expression of a polynomial from its terms, without ``Add``/``Mul`` flattening.

    ``sp.Poly.from_dict(d, *gens).as_expr()`` builds ``Mul(c, x**e, ...)``
    for every term and then ``Add(*terms)``; both constructors re-derive
    what is already known here (distinct monomials, integer coefficients,
    distinct generators) and dominate the cost of large results.  For
    generators that are plain commutative ``Symbol`` with distinct names, the
    canonical form can be written down directly:

    * a monomial's factors are its generators of exponent 1, then its powers
      ``x**e`` (``e >= 2``), each group in ``Basic.compare`` order of the
      generators (sympy orders ``Symbol`` before ``Pow``), preceded by the
      coefficient unless it is 1 - exactly what ``Mul.flatten`` produces;
    * the sum is the constant term (if any) followed by the other terms
      sorted with ``Basic.compare`` - exactly what ``Add.flatten`` produces.

    Other generators fall back to ``Poly.from_dict(...).as_expr()``.
    """

    __slots__ = ("gens", "fast", "order", "by_rank", "permute", "pows", "sort_key")

    def __init__(self, gens: tuple):
        self.gens = gens
        self.fast = (all(type(g) is sp.Symbol and g.is_commutative for g in gens)
                     and len({g.name for g in gens}) == len(gens))
        # generators in Basic.compare order: the rank of a generator is its position here
        self.order = sorted(range(len(gens)), key=lambda i: _canonical_key(gens[i]))
        self.by_rank = [gens[i] for i in self.order]
        self.permute = itemgetter(*self.order) if len(gens) > 1 else None  # exponents in rank order
        self.pows = [{} for _ in gens]  # by rank: exponent -> Pow
        self.sort_key = None  # _term_key once _term_key_agrees() (checked on the first large sum), else False

    # Add.flatten sorts the terms with Basic.compare, which dominates for large
    # sums.  For the terms built here the comparison reduces to comparing
    # tuples: class (ordering_of_classes), then for Mul the number of factors,
    # then factor by factor (numbers by value, symbols by generator rank, powers
    # by base then exponent).  _term_key_agrees() checks this against
    # Basic.compare on sample terms, so a sympy with another order falls back.
    _CLASS_RANK = {"NegativeOne": 0, "Integer": 1, "Symbol": 2, "Pow": 3, "Mul": 4}

    def _nonzero(self, monom) -> list:
        """``(rank, exponent)`` of the generators in ``monom``, in rank order."""
        if len(monom) > 1:
            monom = self.permute(monom)
        return [(r, e) for r, e in enumerate(monom) if e]

    def _term_key(self, nz: list, c: int) -> tuple:
        """The sort key of the (non-constant) term ``c * prod(x**e)``, ``nz`` from :meth:`_nonzero`."""
        factors = [(2, r) for r, e in nz if e == 1]
        if len(factors) < len(nz):
            factors += [(3, r, e) for r, e in nz if e > 1]
        if c == 1:
            if len(factors) == 1:
                return factors[0]
        else:
            factors.insert(0, (0, -1) if c == -1 else (1, c))
        return (4, len(factors), tuple(factors))

    def _term_key_agrees(self) -> bool:
        """Whether sorting by :meth:`_term_key` reproduces ``Basic.compare`` on sample terms."""
        n = len(self.gens)
        if not n:
            return False
        monoms = {tuple(e if k in (i, j) else 0 for k in range(n))
                  for i in range(min(n, 3)) for j in range(min(n, 3)) for e in (1, 2)}
        monoms |= {tuple(1 if k != i else 2 for k in range(n)) for i in range(min(n, 3))}
        monoms.add((1,) * n)
        sample = [(m, c) for m in sorted(monoms) for c in (1, -1, 2, -3)]
        keyed = sorted((self._term_key(self._nonzero(m), c), self._build_term(self._nonzero(m), c))
                       for m, c in sample)
        exprs = [e for _, e in keyed]
        return exprs == sorted(exprs, key=_canonical_key) and all(
            type(e).__name__ in self._CLASS_RANK for e in exprs)

    def _pow(self, r: int, e: int) -> sp.Expr:
        cache = self.pows[r]
        p = cache.get(e)
        if p is None:
            p = cache[e] = sp.Pow(self.by_rank[r], sp.Integer(e))
        return p

    def _build_term(self, nz: list, c: int) -> sp.Expr:
        """``c * prod(x**e)`` in the form ``Mul.flatten`` gives; ``nz`` from :meth:`_nonzero`, not empty."""
        by_rank = self.by_rank
        factors = [by_rank[r] for r, e in nz if e == 1]
        if len(factors) < len(nz):
            factors += [self._pow(r, e) for r, e in nz if e > 1]
        if c == 1:
            return factors[0] if len(factors) == 1 else sp.Mul._from_args(factors, True)
        factors.insert(0, sp.Integer(c))
        return sp.Mul._from_args(factors, True)

    def build(self, terms) -> sp.Expr:
        """The expression of the polynomial with ``(exponent tuple, coefficient)`` pairs ``terms``."""
        if not self.fast:
            return sp.Poly.from_dict({m: int(c) for m, c in terms}, *self.gens).as_expr()
        terms = list(terms)
        key = None
        if len(terms) >= _FAST_KEY_MIN_TERMS:
            if self.sort_key is None:
                self.sort_key = self._term_key if self._term_key_agrees() else False
            key = self.sort_key or None
        nonzero, build_term = self._nonzero, self._build_term
        const = None
        args = []
        for monom, c in terms:
            c = int(c)
            if not c:
                continue
            nz = nonzero(monom)
            if not nz:
                const = sp.Integer(c)
            elif key is None:
                args.append(build_term(nz, c))
            else:
                args.append((key(nz, c), nz, c))
        if key is not None:
            args.sort()
            args = [build_term(nz, c) for _, nz, c in args]
        if not args:
            return const if const is not None else sp.Integer(0)
        if len(args) == 1 and const is None:
            return args[0]
        if key is None:
            args.sort(key=_canonical_key)
        if const is not None:
            args.insert(0, const)
        return sp.Add._from_args(args, True)


def _exact_quotient(a: dict, b: dict) -> dict | None:
    """The quotient ``a / b`` of sparse integer polynomials ``{monomial: coefficient}``, or None if inexact.

    Division by leading terms in lex order (the order of exponent tuples).
    The remainder's next leading monomial is the larger of the next live
    monomial of ``a`` (sorted once) and the top of a heap holding only the
    monomials created by the subtractions (keys negated for a max-heap; stale
    entries are skipped).  So a step costs ``O(len(b) log)`` instead of a
    scan of the whole remainder, as in ``PolyElement.div``.  Every monomial
    added is below the one just removed, so the loop ends; it fails as soon
    as a leading term is not divisible.
    """
    lm = max(b)
    lc = b[lm]
    if len(b) == 1:  # a monomial: divide term by term
        q = {}
        for m, c in a.items():
            qm = tuple(map(sub, m, lm))
            qc, rem = divmod(c, lc)
            if rem or min(qm) < 0:
                return None
            q[qm] = qc
        return q
    rest = [(m, c) for m, c in b.items() if m != lm]
    r = dict(a)
    from_a = sorted(r, reverse=True)
    pos, end = 0, len(from_a)
    heap = []  # (negated monomial, monomial) of monomials not in a
    q = {}
    while True:
        while pos < end and from_a[pos] not in r:
            pos += 1
        while heap and heap[0][1] not in r:
            heapq.heappop(heap)
        if heap and (pos == end or heap[0][1] > from_a[pos]):
            m = heapq.heappop(heap)[1]
        elif pos < end:
            m = from_a[pos]
            pos += 1
        else:
            return q
        c = r.pop(m)
        qm = tuple(map(sub, m, lm))
        if min(qm) < 0:
            return None
        qc, rem = divmod(c, lc)
        if rem:
            return None
        q[qm] = qc
        for mb, cb in rest:
            mm = tuple(map(add, qm, mb))
            v = r.get(mm)
            if v is None:
                r[mm] = -qc * cb
                heapq.heappush(heap, (tuple(map(neg, mm)), mm))
            else:
                v -= qc * cb
                if v:
                    r[mm] = v
                else:
                    del r[mm]


def _specialisations(p: dict, point: tuple) -> list:
    """For every variable ``k``: ``p`` with the other variables set to ``point``, as ``{exponent: int}``."""
    n = len(point)
    powers = {}
    spec = [{} for _ in range(n)]
    moved = [0] * n  # sum of the term values with x_k present, per k
    total = 0
    for m, c in p.items():
        v = int(c)
        nz = [(i, e) for i, e in enumerate(m) if e]
        pws = []
        for i, e in nz:
            pw = powers.get((i, e))
            if pw is None:
                pw = powers[i, e] = point[i] ** e
            pws.append(pw)
            v *= pw
        total += v
        for (i, e), pw in zip(nz, pws):
            d = spec[i]
            d[e] = d.get(e, 0) + v // pw
            moved[i] += v
    for i in range(n):
        if spec[i]:
            spec[i][0] = spec[i].get(0, 0) + total - moved[i]
    return spec


def _certified_constant_gcd(a: dict, b: dict, point: tuple, memo: list) -> bool:
    """True only if ``gcd(a, b)`` is a constant (a proof, not a probability).

    If ``g = gcd(a, b)`` has degree ``d > 0`` in ``x_k``, then ``lc_k(g)``
    divides ``lc_k(a)``; at a point where ``lc_k(a) != 0`` the specialisation
    of ``g`` (all variables but ``x_k`` fixed) has degree ``d`` and divides
    both specialisations, so their gcd has degree ``>= d``.  Hence univariate
    gcds of degree 0 for every variable prove ``g`` constant.  An unlucky
    point (a vanishing leading coefficient, or a spurious common factor)
    returns False and the caller falls back to the general gcd.
    """
    specs = []
    for p in (a, b):
        for old, spec in memo:
            if old == p:
                break
        else:
            spec = _specialisations(p, point)
            memo.append((p, spec))
            del memo[:-4]
        specs.append(spec)
    for sa, sb in zip(*specs):
        if not sa or not sb:
            continue  # one of them is free of this variable: so is the gcd
        da, db = max(sa), max(sb)
        if sa.get(da, 0) == 0 and sb.get(db, 0) == 0:
            return False
        fa = [ZZ(sa.get(e, 0)) for e in range(da, -1, -1)]
        fb = [ZZ(sb.get(e, 0)) for e in range(db, -1, -1)]
        if len(dup_strip(dup_gcd(dup_strip(fa), dup_strip(fb), ZZ))) > 1:
            return False
    return True
