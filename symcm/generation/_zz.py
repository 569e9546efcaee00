"""Polynomials over ``ZZ`` in a fixed list of generators, on FLINT or sympy: the arithmetic of the generator solvers.

:class:`_Ring` is ``ZZ[x_0, ..., x_{n-1}]`` for a tuple of sympy symbols,
with the few operations the triangular elimination of
:mod:`symcm.generation.conditions` needs: conversion from and to sympy
expressions (a rational function becomes two integer polynomials), content
normalisation, the coefficients in one variable, the distinct irreducible
factors, exact division, and substitution of ``x_i = num / den`` into a
polynomial or a reduced fraction.  The arithmetic is python-flint's
``fmpz_mpoly`` when it is installed (FLINT's multivariate factorisation is
about 100 times faster than sympy's), else sympy's sparse polynomials; the
results are identical, and ``backend=`` or ``$SYMCM_BACKEND`` choose (see
:func:`symcm.algebra.linalg.backend_name`).  Used by
:mod:`symcm.generation.conditions` and :mod:`symcm.generation.feasible`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import sympy as sp
from sympy.polys.rings import ring as _sympy_ring

from ..algebra.linalg import backend_name

try:  # FLINT's multivariate factorisation is ~100x faster than sympy's; sympy's is the fallback
    import flint as _flint
except ImportError:  # pragma: no cover - exercised by CI's run without python-flint
    _flint = None


class _Ring:
    """``ZZ[gens]``: the few operations the triangular solver needs, on FLINT or sympy polynomials."""

    def __init__(self, gens: Sequence[sp.Symbol], backend: str | None = None, *, where: str = "generator_conditions"):
        self.gens = tuple(gens)
        self.n = len(self.gens)
        names = tuple(f"x{i}" for i in range(self.n))
        self.kind = backend_name(backend, where=where)  # None: $SYMCM_BACKEND, else flint when installed
        if self.kind == "flint":
            self._ctx = _flint.fmpz_mpoly_ctx.get(names, "lex")
        else:
            self._ring = _sympy_ring(",".join(names), sp.ZZ)[0]
        self.zero = self.from_dict({})
        self.one = self.from_dict({(0,) * self.n: 1})

    def from_dict(self, d: Mapping) -> object:
        if self.kind == "flint":
            return self._ctx.from_dict({tuple(m): int(c) for m, c in d.items() if c})
        return self._ring.from_dict({tuple(m): sp.ZZ(int(c)) for m, c in d.items() if c})

    def to_dict(self, f) -> dict:
        if self.kind == "flint":
            return {tuple(m): int(c) for m, c in zip(f.monoms(), f.coeffs())}
        return {tuple(m): int(c) for m, c in f.to_dict().items()}

    def from_expr(self, expr) -> tuple:
        """A polynomial with rational coefficients as ``(integer polynomial, positive integer denominator)``."""
        expr = sp.sympify(expr)
        if expr == 0:
            return self.zero, 1
        poly = sp.Poly(expr, *self.gens, domain=sp.QQ)
        den, poly = poly.clear_denoms(convert=True)
        return self.from_dict(poly.as_dict()), int(den)

    def from_rational_function(self, expr) -> tuple:
        """``expr = N / D`` as two integer polynomials."""
        num, den = sp.fraction(sp.cancel(sp.together(sp.sympify(expr))))
        n, cn = self.from_expr(num)
        d, cd = self.from_expr(den)
        return n * cd, d * cn

    def to_expr(self, f) -> sp.Expr:
        return sp.Add(*(sp.Integer(c) * sp.Mul(*(g**e for g, e in zip(self.gens, m) if e))
                        for m, c in self.to_dict(f).items()))

    def used(self, f) -> set:
        out = set()
        for m in self.to_dict(f):
            out.update(i for i, e in enumerate(m) if e)
        return out

    def degree(self, f, i: int) -> int:
        return max((m[i] for m in self.to_dict(f)), default=-1)

    def coeffs(self, f, i: int) -> dict:
        """``{k: c_k}`` with ``f = sum_k c_k x_i^k``."""
        groups: dict = {}
        for m, c in self.to_dict(f).items():
            mm = list(m)
            k, mm[i] = mm[i], 0
            groups.setdefault(k, {})[tuple(mm)] = c
        return {k: self.from_dict(v) for k, v in groups.items()}

    def factors(self, f) -> list:
        """The distinct irreducible factors of ``f`` (constants dropped)."""
        fl = f.factor()[1] if self.kind == "flint" else f.factor_list()[1]
        return [g for g, _ in fl if not self.is_const(g)]

    def normal(self, f):
        """``f`` divided by its content, with a positive leading coefficient."""
        d = self.to_dict(f)
        g = 0
        for c in d.values():
            g = math.gcd(g, c)
        if d[max(d)] < 0:
            g = -g
        return self.from_dict({m: c // g for m, c in d.items()})

    def key(self, f) -> tuple:
        return tuple(sorted(self.to_dict(self.normal(f)).items()))

    def is_const(self, f) -> bool:
        return all(not any(m) for m in self.to_dict(f))

    def constant(self, f) -> int:
        return self.to_dict(f).get((0,) * self.n, 0)

    def size(self, f) -> int:
        return len(self.to_dict(f))

    def gcd(self, a, b):
        return a.gcd(b)

    def exquo(self, a, b):
        if self.kind == "flint":
            quo, rem = divmod(a, b)
            if rem != 0:  # pragma: no cover - callers divide by true divisors
                raise ArithmeticError("inexact polynomial division")
            return quo
        return a.exquo(b)

    def power(self, f, k: int):
        """``f**k`` with ``f**0 = 1`` for every ``f``, ``0**0`` included.

        FLINT follows that convention; sympy's ``PolyElement`` raises
        ``ValueError: 0**0``, which substituting ``x_i = 0`` would reach.
        """
        return self.one if k == 0 else f**k

    def subst(self, f, i: int, num, den) -> tuple:
        """``(den**d * f(x_i = num/den), d)`` with ``d = deg_i f``: the numerator of the substitution."""
        cs = self.coeffs(f, i)
        if not cs:
            return self.zero, 0
        d = max(cs)
        out = self.zero
        for k, c in cs.items():
            out = out + c * self.power(num, k) * self.power(den, d - k)
        return out, d

    def subst_fraction(self, n, d, i: int, num, den) -> tuple:
        """The reduced fraction ``(n/d)(x_i = num/den)``."""
        top, dn = self.subst(n, i, num, den)
        bottom, dd = self.subst(d, i, num, den)
        if dd >= dn:
            top = top * self.power(den, dd - dn)
        else:
            bottom = bottom * self.power(den, dn - dd)
        g = self.gcd(top, bottom)
        top, bottom = self.exquo(top, g), self.exquo(bottom, g)
        if self.to_dict(bottom)[max(self.to_dict(bottom))] < 0:
            top, bottom = -top, -bottom
        return top, bottom

