r"""Compilation of sympy expressions into trees of interval closures.

:class:`_Compiler` walks a sympy expression once and returns a closure
``node(env, prec) -> raw`` that evaluates its interval extension on a box
``env`` (one raw interval per symbol) at ``prec`` bits, with the outward-
rounded operations of :mod:`symcm.algebra.interval_arithmetic`.  Repeated
subexpressions are compiled once, and symbol-free ones are evaluated once per
precision.  The supported operations are ``Add``, ``Mul``, ``Pow`` with
integer, rational or symbolic exponents (:math:`x^y = e^{y \log x}` on
:math:`x > 0`), exact numbers, ``pi``, ``E`` and other number symbols,
``log``, ``exp``, ``sqrt``, ``Abs``, ``sign``, the entropy
:class:`~symcm.algebra.entropy.H` and ``Piecewise``.  The public interface is
:mod:`symcm.algebra.intervals`.

Piecewise
    Each condition is decided on the box with the interval extension of
    ``lhs - rhs``: certainly true, certainly false, or undecided.  The value
    is the branch that certainly applies, or the hull of the branches that
    may apply.  In *strict* mode (used for derivatives) an undecided
    condition gives the whole line instead, because the function may jump
    there and a derivative enclosure must not pretend otherwise.  The tests
    of every condition (and of the points where a ``sign`` jumps) are kept in
    ``piecewise_conditions``, so that a caller can check that one branch
    holds on a whole box.

References
----------
.. [1] R. E. Moore, R. B. Kearfott and M. J. Cloud, *Introduction to
   Interval Analysis*, SIAM, 2009, ch. 5.

Examples
--------
>>> import sympy as sp
>>> from symcm.algebra.interval_arithmetic import from_iv, to_iv
>>> from symcm.algebra.interval_compiler import _Compiler
>>> x = sp.Symbol("x")
>>> node = _Compiler([x], strict=False).compile(sp.Piecewise((x, x < 0), (x**2, True)))
>>> print(to_iv(node((from_iv((-1, 2)),), 53)))           # the hull of both branches
[-1.0, 4.0]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy as sp
from mpmath.libmp import fzero, mpf_ge, mpf_gt, mpf_le, mpf_lt
from mpmath.libmp.libmpi import (
    mpi_abs,
    mpi_add,
    mpi_div,
    mpi_mul,
    mpi_neg,
    mpi_pow_int,
    mpi_sqrt,
    mpi_square,
)

from .entropy import H
from .interval_arithmetic import (
    _ENTIRE,
    _ONE,
    _ZERO,
    Raw,
    _binary_h_raw,
    _clip_nonneg,
    _constants,
    _exp_raw,
    _hull,
    _log_raw,
    _phi_raw,
    _rational_raw,
    _root_raw,
    _sign_raw,
    _ulp_down,
    _ulp_up,
    _zero_in,
)
from ..errors import ExpressionError

__all__: list[str] = []

Node = Callable[[tuple, int], "Raw | None"]

_MISSING = object()


# ---------------------------------------------------------------------------
# the compiler: sympy expression -> closure tree
# ---------------------------------------------------------------------------

_REL_TESTS = {
    # relation h = lhs - rhs compared with 0: (certainly true?, certainly false?)
    sp.StrictGreaterThan: (lambda lo, hi: mpf_gt(lo, fzero), lambda lo, hi: mpf_le(hi, fzero)),
    sp.GreaterThan: (lambda lo, hi: mpf_ge(lo, fzero), lambda lo, hi: mpf_lt(hi, fzero)),
    sp.StrictLessThan: (lambda lo, hi: mpf_lt(hi, fzero), lambda lo, hi: mpf_ge(lo, fzero)),
    sp.LessThan: (lambda lo, hi: mpf_le(hi, fzero), lambda lo, hi: mpf_gt(lo, fzero)),
    sp.Equality: (lambda lo, hi: lo == fzero and hi == fzero, lambda lo, hi: mpf_gt(lo, fzero) or mpf_lt(hi, fzero)),
    sp.Unequality: (lambda lo, hi: mpf_gt(lo, fzero) or mpf_lt(hi, fzero), lambda lo, hi: lo == fzero and hi == fzero),
}


class _Compiler:
    """Turns a sympy expression into a tree of closures ``node(env, prec) -> raw``."""

    def __init__(self, symbols: Sequence[sp.Symbol], strict: bool):
        self.index = {s: i for i, s in enumerate(symbols)}
        self.strict = strict
        self.memo: dict = {}
        self.piecewise_conditions: list = []  # condition tests of every Piecewise, for continuity checks

    def compile(self, expr) -> Node:
        node = self.memo.get(expr)
        if node is None:
            if not expr.free_symbols and not isinstance(expr, sp.Rational):
                node = self._constant(expr)
            else:
                node = self._compile(expr)
            self.memo[expr] = node
        return node

    # -- leaves ---------------------------------------------------------------------

    def _constant(self, expr) -> Node:
        """A symbol-free subexpression: computed once per precision."""
        inner = self._compile(expr)
        cache: dict = {}

        def node(env, prec):
            value = cache.get(prec, _MISSING)
            if value is _MISSING:
                value = cache[prec] = inner((), prec)
            return value

        return node

    def _compile(self, expr) -> Node:
        if isinstance(expr, sp.Symbol):
            if expr not in self.index:
                raise ExpressionError(f"the expression depends on {expr}, which has no interval")
            i = self.index[expr]
            return lambda env, prec: env[i]
        if isinstance(expr, sp.Rational):
            num, den = int(expr.p), int(expr.q)
            if den & (den - 1) == 0:
                exact = _rational_raw(num, den, 0)
                return lambda env, prec: exact
            return lambda env, prec: _rational_raw(num, den, prec)
        if isinstance(expr, sp.Float):
            raise ExpressionError(
                f"the expression contains the float {expr}; symcm is exact: write a Rational instead"
            )
        if expr is sp.pi:
            return lambda env, prec: _constants(prec)["pi"]
        if expr is sp.E:
            return lambda env, prec: _constants(prec)["e"]
        if isinstance(expr, sp.NumberSymbol):
            return self._number_symbol(expr)
        if expr.is_Add:
            return self._fold([self.compile(a) for a in expr.args], mpi_add)
        if expr.is_Mul:
            return self._mul(expr)
        if expr.is_Pow:
            return self._pow(*expr.args)
        if isinstance(expr, sp.exp):
            return self._unary(self.compile(expr.args[0]), _exp_raw)
        if isinstance(expr, sp.log):
            return self._unary(self.compile(expr.args[0]), _log_raw)
        if isinstance(expr, sp.Abs):
            return self._unary(self.compile(expr.args[0]), mpi_abs)
        if isinstance(expr, sp.sign):
            inner = self.compile(expr.args[0])
            # sign jumps where its argument vanishes: record that as a condition for smooth_on()
            self.piecewise_conditions.append(
                lambda env, prec: None if (v := inner(env, prec)) is None or _zero_in(v) else True
            )
            return self._unary(inner, _sign_raw)
        if isinstance(expr, H):
            return self._entropy(expr)
        if isinstance(expr, sp.Piecewise):
            return self._piecewise(expr)
        if expr in (sp.nan, sp.zoo, sp.oo, -sp.oo) or expr.has(sp.I):
            raise ExpressionError(f"interval evaluation needs a finite real expression, received {expr}")
        raise ExpressionError(
            f"interval evaluation does not support {type(expr).__name__} (in {expr}); "
            "supported: +, *, powers, exact numbers, pi, E, log, exp, sqrt, Abs, sign, H, Piecewise"
        )

    def _number_symbol(self, expr) -> Node:
        def node(env, prec):
            value = expr._as_mpf_val(prec + 20)
            return (_ulp_down(_ulp_down(value, prec), prec), _ulp_up(_ulp_up(value, prec), prec))

        return node

    # -- operations -------------------------------------------------------------------

    @staticmethod
    def _fold(children: list, op) -> Node:
        if len(children) == 2:
            first, second = children

            def node2(env, prec):
                a = first(env, prec)
                if a is None:
                    return None
                b = second(env, prec)
                if b is None:
                    return None
                return op(a, b, prec)

            return node2

        def node(env, prec):
            acc = None
            for child in children:
                value = child(env, prec)
                if value is None:
                    return None
                acc = value if acc is None else op(acc, value, prec)
            return acc

        return node

    def _mul(self, expr) -> Node:
        coeff, rest = expr.as_coeff_Mul()
        if coeff == -1:
            inner = self.compile(rest)
            return self._unary(inner, mpi_neg)
        return self._fold([self.compile(a) for a in expr.args], mpi_mul)

    @staticmethod
    def _unary(inner: Node, op) -> Node:
        def node(env, prec):
            value = inner(env, prec)
            if value is None:
                return None
            return op(value, prec)

        return node

    def _pow(self, base, exponent) -> Node:
        b = self.compile(base)
        if isinstance(exponent, sp.Integer):
            n = int(exponent)
            if n == 2:
                return self._unary(b, mpi_square)
            if n == -1:
                return self._unary(b, lambda v, prec: mpi_div(_ONE, v, prec))
            return self._unary(b, lambda v, prec: mpi_pow_int(v, n, prec))
        if isinstance(exponent, sp.Rational):
            m, n = int(exponent.p), int(exponent.q)

            def rational_power(v, prec):
                if n == 2:
                    root = _clip_nonneg(v)
                    root = None if root is None else mpi_sqrt(root, prec)
                else:
                    root = _root_raw(v, n, prec + 10)
                if root is None:
                    return None
                if m == 1:
                    return root
                return mpi_pow_int(root, m, prec) if m != -1 else mpi_div(_ONE, root, prec)

            return self._unary(b, rational_power)
        # general x**y = exp(y log x) on x > 0
        e = self.compile(exponent)

        def general(env, prec):
            x = b(env, prec)
            y = e(env, prec)
            if x is None or y is None:
                return None
            log_x = _log_raw(x, prec + 10)
            if log_x is None:
                return None
            return _exp_raw(mpi_mul(y, log_x, prec + 10), prec)

        return general

    def _entropy(self, expr) -> Node:
        args = [self.compile(a) for a in expr.args]
        if len(args) == 1:
            return self._unary(args[0], _binary_h_raw)

        def node(env, prec):
            acc = _ZERO
            for child in args:
                value = child(env, prec)
                if value is None:
                    return None
                term = _phi_raw(value, prec)
                if term is None:
                    return None
                acc = mpi_add(acc, term, prec)
            return acc

        return node

    # -- Piecewise ----------------------------------------------------------------------

    def condition(self, cond) -> Callable[[tuple, int], "bool | None"]:
        """Tri-state test of a sympy boolean on a box: True, False or None (undecided)."""
        if cond is sp.true:
            return lambda env, prec: True
        if cond is sp.false:
            return lambda env, prec: False
        if isinstance(cond, sp.Not):
            inner = self.condition(cond.args[0])

            def negation(env, prec):
                value = inner(env, prec)
                return None if value is None else not value

            return negation
        if isinstance(cond, (sp.And, sp.Or)):
            parts = [self.condition(c) for c in cond.args]
            is_and = isinstance(cond, sp.And)

            def combined(env, prec):
                undecided = False
                for part in parts:
                    value = part(env, prec)
                    if value is None:
                        undecided = True
                    elif value is not is_and:  # False in an And, True in an Or
                        return value
                return None if undecided else is_and

            return combined
        for kind, (certainly, never) in _REL_TESTS.items():
            if isinstance(cond, kind):
                h = self.compile(cond.lhs - cond.rhs)

                def relation(env, prec, h=h, certainly=certainly, never=never):
                    value = h(env, prec)
                    if value is None:
                        return None
                    lo, hi = value
                    if certainly(lo, hi):
                        return True
                    if never(lo, hi):
                        return False
                    return None

                return relation
        raise ExpressionError(f"interval evaluation does not support the condition {cond}")

    def _piecewise(self, expr) -> Node:
        pieces = [(self.compile(e), self.condition(c)) for e, c in expr.args]
        self.piecewise_conditions.extend(cond for _, cond in pieces)
        strict = self.strict

        def node(env, prec):
            acc = None
            for value_node, cond in pieces:
                decided = cond(env, prec)
                if decided is False:
                    continue
                if decided is None and strict:
                    return _ENTIRE
                acc = _hull(acc, value_node(env, prec))
                if decided:
                    return acc
            return acc  # None if no branch can apply: the Piecewise is undefined here

        return node
