r"""Rigorous interval evaluation of sympy expressions.

An *interval extension* of a real function :math:`f` is a map :math:`F` from
boxes to intervals with the inclusion property

.. math::

    x \in X \implies f(x) \in F(X)

[Moore, Kearfott & Cloud 2009, ch. 5].  This module builds :math:`F` for the
expressions symcm produces (``Add``, ``Mul``, ``Pow`` with integer, rational
or symbolic exponents, exact numbers, ``pi``, ``E``, ``log``, ``exp``,
``sqrt``, ``Abs``, ``sign``, the entropy :class:`~symcm.algebra.entropy.H` and
``Piecewise``) by replacing every operation with its outward-rounded interval
counterpart from mpmath's interval library (``mpmath.libmp.libmpi``, the
arithmetic behind ``mpmath.iv``).

Rounding and precision
    Every endpoint is rounded outward (lower ends toward :math:`-\infty`,
    upper ends toward :math:`+\infty`).  The working precision, in bits, is
    an explicit argument of every evaluation: no global precision (``mp.prec``
    or ``iv.prec``) is read or changed.  The results of ``log``, ``exp`` and
    ``x**(m/n)`` are widened by one further unit in the last place beyond
    mpmath's directed rounding, so the enclosure does not depend on those
    functions being correctly rounded.

Natural domain
    ``log``, ``sqrt``, fractional powers and ``H`` are real only on part of
    the line.  Their interval versions enclose the values at the points of
    the argument interval *where they are defined*: ``log([-1, 2])`` is
    ``[-inf, log 2]``.  An argument interval with no point of the domain
    (``log([-2, -1])``) makes the value *empty*; a top-level empty value is
    reported as :class:`~symcm.errors.ExpressionError`.  Infinite endpoints
    are allowed (``log([0, 1]) = [-inf, 0]``), and products such as
    ``0 * inf`` give the whole line, never NaN, so a removable singularity
    (``x log x`` at 0) yields a valid, if wide, enclosure.

Entropy
    :math:`\varphi(t) = -t \log_2 t` (with :math:`\varphi(0) = 0`) increases
    on :math:`[0, 1/e]` and decreases on :math:`[1/e, \infty)`, with maximum
    :math:`\varphi(1/e) = 1/(e \ln 2)`.  Its interval extension is computed
    from the values at the two ends of the argument on each monotone piece,
    and ``H(p1, ..., pn)`` is :math:`\sum_i \varphi(P_i)`.  The binary
    entropy :math:`H(x) = \varphi(x) + \varphi(1-x)` is concave, increasing
    on :math:`[0, 1/2]` and decreasing on :math:`[1/2, 1]` with maximum 1, so
    its extension is exact up to rounding: ``H([a, b])`` is the hull of
    ``H(a)``, ``H(b)`` (and 1 if :math:`1/2 \in [a, b]`).  Both are exactly 0
    at 0 and 1.

Piecewise
    Each condition is decided on the box with the interval extension of
    ``lhs - rhs``: certainly true, certainly false, or undecided.  The value
    is the branch that certainly applies, or the hull of the branches that
    may apply.  In *strict* mode (used for derivatives) an undecided
    condition gives the whole line instead, because the function may jump
    there and a derivative enclosure must not pretend otherwise.

Centred form
    For boxes of small width :math:`w` the natural extension overestimates
    by :math:`O(w)` through the dependency problem.  The mean-value (centred)
    form [Moore, Kearfott & Cloud 2009, sec. 6.4]

    .. math::

        f(X) \subseteq f(c) + \sum_i F_{x_i}'(X) (X_i - c_i),

    with the derivative enclosures computed from ``sympy.diff`` (``H`` has
    ``fdiff``) in strict mode, overestimates by :math:`O(w^2)`;
    :meth:`IntervalFunction.enclose` intersects both.

References
----------
.. [1] R. E. Moore, R. B. Kearfott and M. J. Cloud, *Introduction to
   Interval Analysis*, SIAM, 2009.
.. [2] F. Johansson et al., *mpmath: a Python library for arbitrary-precision
   floating-point arithmetic*, version 1.3, section "Interval arithmetic
   (iv)", https://mpmath.org/doc/current/contexts.html.

Examples
--------
>>> import sympy as sp
>>> from symcm.algebra.intervals import interval_eval
>>> x = sp.Symbol("x", positive=True)
>>> print(interval_eval(x**2 - 2, {x: (1, 2)}))
[-1.0, 2.0]
>>> print(interval_eval(x * sp.log(x), {x: (0, sp.Rational(1, 10))}))   # valid, not NaN
[-inf, 0.0]
>>> interval_eval(sp.sqrt(2), {}, prec=30).delta < 1e-8
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath.libmp import (
    fhalf,
    finf,
    fnan,
    fninf,
    fone,
    from_int,
    from_man_exp,
    from_rational,
    fzero,
    mpf_add,
    mpf_e,
    mpf_exp,
    mpf_ge,
    mpf_gt,
    mpf_le,
    mpf_ln2,
    mpf_log,
    mpf_lt,
    mpf_mul,
    mpf_nthroot,
    mpf_pi,
    mpf_shift,
    mpf_sub,
    round_ceiling,
    round_floor,
)
from mpmath.libmp.libmpi import (
    mpi_abs,
    mpi_add,
    mpi_div,
    mpi_mul,
    mpi_neg,
    mpi_pow_int,
    mpi_sqrt,
    mpi_square,
    mpi_sub,
)

from .entropy import H
from .. import checks
from ..errors import ExpressionError, ParameterTypeError

__all__ = [
    "IntervalFunction",
    "compile_interval",
    "interval_eval",
    "to_iv",
    "from_iv",
    "DEFAULT_PREC",
]

#: Default working precision in bits (that of a double).
DEFAULT_PREC = 53

Raw = tuple  # a pair (lo, hi) of mpmath raw mpf tuples, or None for "empty"
Node = Callable[[tuple, int], "Raw | None"]

_ENTIRE = (fninf, finf)
_ZERO = (fzero, fzero)
_ONE = (fone, fone)
_MISSING = object()


# ---------------------------------------------------------------------------
# raw helpers
# ---------------------------------------------------------------------------


def _ulp_down(x, prec):
    """A number below ``x`` by about one unit in the last of ``prec`` bits (0 and infinities unchanged)."""
    if x in (fzero, finf, fninf, fnan):
        return x
    _, _, exp, bc = x
    return mpf_sub(x, from_man_exp(1, exp + bc - prec), prec, round_floor)


def _ulp_up(x, prec):
    """A number above ``x`` by about one unit in the last of ``prec`` bits (0 and infinities unchanged)."""
    if x in (fzero, finf, fninf, fnan):
        return x
    _, _, exp, bc = x
    return mpf_add(x, from_man_exp(1, exp + bc - prec), prec, round_ceiling)


def _widen(r, prec):
    """``r`` widened outward by one ulp at each finite nonzero end."""
    return (_ulp_down(r[0], prec), _ulp_up(r[1], prec))


def _rational_raw(num: int, den: int, prec: int):
    """Outward-rounded enclosure of ``num/den`` (exact when it is representable)."""
    if den < 0:
        num, den = -num, -den
    if den & (den - 1) == 0:  # dyadic: exact
        x = from_man_exp(num, -(den.bit_length() - 1))
        return (x, x)
    return (from_rational(num, den, prec, round_floor), from_rational(num, den, prec, round_ceiling))


def _fraction_raw(value, prec: int):
    """Enclosure of an int, Fraction or sympy Rational."""
    if isinstance(value, int):
        x = from_int(value)
        return (x, x)
    if isinstance(value, Fraction):
        return _rational_raw(value.numerator, value.denominator, prec)
    value = sp.Rational(value)
    return _rational_raw(int(value.p), int(value.q), prec)


def _hull(r, s):
    """Smallest interval containing ``r`` and ``s`` (either may be None = empty)."""
    if r is None:
        return s
    if s is None:
        return r
    return (r[0] if mpf_le(r[0], s[0]) else s[0], r[1] if mpf_ge(r[1], s[1]) else s[1])


def _intersect(r, s):
    """Intersection of two intervals known to share a point (both contain the true range)."""
    lo = r[0] if mpf_ge(r[0], s[0]) else s[0]
    hi = r[1] if mpf_le(r[1], s[1]) else s[1]
    if mpf_gt(lo, hi):  # cannot happen for two valid enclosures; stay safe
        return _hull(r, s)
    return (lo, hi)


def _clip_nonneg(r):
    """``r`` intersected with ``[0, inf]``, or None if it lies below 0."""
    if mpf_lt(r[1], fzero):
        return None
    if mpf_lt(r[0], fzero):
        return (fzero, r[1])
    return r


def _clip_unit(r):
    """``r`` intersected with ``[0, 1]``, or None if they are disjoint."""
    if mpf_lt(r[1], fzero) or mpf_gt(r[0], fone):
        return None
    lo = fzero if mpf_lt(r[0], fzero) else r[0]
    hi = fone if mpf_gt(r[1], fone) else r[1]
    return (lo, hi)


@functools.lru_cache(maxsize=64)
def _constants(prec: int) -> dict:
    """Enclosures of ``ln 2``, ``pi``, ``e``, ``1/e`` and ``1/(e ln 2)`` at ``prec`` bits."""
    ln2 = _widen((mpf_ln2(prec, round_floor), mpf_ln2(prec, round_ceiling)), prec)
    e = _widen((mpf_e(prec, round_floor), mpf_e(prec, round_ceiling)), prec)
    pi = _widen((mpf_pi(prec, round_floor), mpf_pi(prec, round_ceiling)), prec)
    inv_e = mpi_div(_ONE, e, prec)
    phimax = mpi_div(_ONE, mpi_mul(e, ln2, prec), prec)
    return {"ln2": ln2, "e": e, "pi": pi, "inv_e": inv_e, "phimax": phimax}


def _log_raw(r, prec):
    """``log`` on the positive part of ``r`` (None if there is none)."""
    lo, hi = r
    if mpf_le(hi, fzero):
        return None
    a = fninf if mpf_le(lo, fzero) else _ulp_down(mpf_log(lo, prec, round_floor), prec)
    b = _ulp_up(mpf_log(hi, prec, round_ceiling), prec)
    return (a, b)


def _exp_raw(r, prec):
    """``exp`` (monotone), widened by an ulp (exact at 0)."""
    lo, hi = r
    a = fone if lo == fzero else _ulp_down(mpf_exp(lo, prec, round_floor), prec)
    b = fone if hi == fzero else _ulp_up(mpf_exp(hi, prec, round_ceiling), prec)
    return (a, b)


def _root_raw(r, n, prec):
    """``r ** (1/n)`` on the nonnegative part of ``r`` (None if there is none)."""
    r = _clip_nonneg(r)
    if r is None:
        return None
    lo, hi = r
    a = lo if lo in (fzero, finf) else _ulp_down(mpf_nthroot(lo, n, prec, round_floor), prec)
    b = hi if hi in (fzero, finf) else _ulp_up(mpf_nthroot(hi, n, prec, round_ceiling), prec)
    return (a, b)


def _phi_thin(x, prec):
    """Enclosure of ``-x log2 x`` at the point ``x >= 0`` (exactly 0 at 0 and 1)."""
    if x == fzero or x == fone:
        return _ZERO
    if x == finf:
        return (fninf, fninf)
    if x[1] == 1 and x[0] == 0:  # x = 2**k: -x log2 x = -k x exactly
        value = mpf_mul(x, from_int(-x[2]))
        return (value, value)
    log_x = _log_raw((x, x), prec)
    return mpi_neg(mpi_div(mpi_mul((x, x), log_x, prec), _constants(prec)["ln2"], prec))


def _phi_raw(r, prec):
    """Enclosure of ``phi(t) = -t log2 t`` over ``t`` in ``r``, using its monotone pieces."""
    r = _clip_nonneg(r)
    if r is None:
        return None
    lo, hi = r
    inv_e = _constants(prec)["inv_e"]
    if mpf_le(hi, inv_e[0]):  # increasing piece
        return (_phi_thin(lo, prec)[0], _phi_thin(hi, prec)[1])
    if mpf_ge(lo, inv_e[1]):  # decreasing piece
        return (_phi_thin(hi, prec)[0], _phi_thin(lo, prec)[1])
    a, b = _phi_thin(lo, prec)[0], _phi_thin(hi, prec)[0]
    return (a if mpf_le(a, b) else b, _constants(prec)["phimax"][1])


def _binary_h_thin(x, prec):
    """Enclosure of the binary entropy at the point ``0 <= x <= 1``."""
    if x[2] >= -4 * prec:  # 1 - x is exact with few bits: one logarithm per term
        return mpi_add(_phi_thin(x, prec), _phi_thin(mpf_sub(fone, x), prec), prec)
    one_minus = (mpf_sub(fone, x, prec, round_floor), mpf_sub(fone, x, prec, round_ceiling))
    return mpi_add(_phi_thin(x, prec), _phi_raw(one_minus, prec), prec)


def _binary_h_raw(r, prec):
    """Enclosure of the binary entropy over ``r`` (clipped to [0, 1]), from its monotone halves."""
    r = _clip_unit(r)
    if r is None:
        return None
    lo, hi = r
    if mpf_le(hi, fhalf):
        out = (_binary_h_thin(lo, prec)[0], _binary_h_thin(hi, prec)[1])
    elif mpf_ge(lo, fhalf):
        out = (_binary_h_thin(hi, prec)[0], _binary_h_thin(lo, prec)[1])
    else:
        a, b = _binary_h_thin(lo, prec)[0], _binary_h_thin(hi, prec)[0]
        out = (a if mpf_le(a, b) else b, fone)
    # 0 <= H <= 1 on [0, 1]
    return (fzero if mpf_lt(out[0], fzero) else out[0], fone if mpf_gt(out[1], fone) else out[1])


def _zero_in(r) -> bool:
    """Whether 0 lies in ``r``."""
    return mpf_le(r[0], fzero) and mpf_ge(r[1], fzero)


# ---------------------------------------------------------------------------
# conversion between raw pairs and mpmath.iv
# ---------------------------------------------------------------------------


def to_iv(raw) -> mpmath.ctx_iv.ivmpf:
    """An ``mpmath.iv`` interval with the given raw endpoints (no rounding, no precision read).

    Examples
    --------
    >>> from symcm.algebra.intervals import to_iv, from_iv
    >>> from fractions import Fraction
    >>> print(to_iv(from_iv((0, Fraction(1, 2)))))
    [0.0, 0.5]
    """
    if raw is None:
        raise ExpressionError("the expression has no real value on this box")
    return mpmath.iv.make_mpf(raw)


def from_iv(value, prec: int = DEFAULT_PREC) -> Raw:
    """Raw endpoints enclosing ``value``.

    Parameters
    ----------
    value : mpmath.iv.mpf, (lo, hi) pair, int, Fraction or sympy Rational
        An interval, or an exact number (a thin interval).  Ends of a pair
        are exact numbers (int, Fraction, sympy Rational, mpmath mpf);
        non-dyadic rationals are rounded outward at ``prec`` bits.
    prec : int
        Bits used to round non-dyadic rational ends.

    Examples
    --------
    >>> import mpmath, sympy as sp
    >>> from symcm.algebra.intervals import from_iv
    >>> lo, hi = from_iv(sp.Rational(1, 3), 10)        # 682/2048 <= 1/3 <= 683/2048
    >>> mpmath.mpf(682) / 2048 == mpmath.mp.make_mpf(lo), mpmath.mpf(683) / 2048 == mpmath.mp.make_mpf(hi)
    (True, True)
    """
    if hasattr(value, "_mpi_"):
        return value._mpi_
    if isinstance(value, tuple) and len(value) == 2:
        lo, hi = (_end_raw(v, prec) for v in value)
        return (lo[0], hi[1])
    if isinstance(value, (int, Fraction, sp.Rational)) and not isinstance(value, bool):
        return _fraction_raw(value, prec)
    if isinstance(value, mpmath.mpf):
        return (value._mpf_, value._mpf_)
    raise ParameterTypeError(
        f"expected an interval, an exact rational or a (lo, hi) pair of them, received {value!r}"
    )


def _end_raw(value, prec):
    """Enclosure of one exact end of an interval."""
    if isinstance(value, mpmath.mpf):
        return (value._mpf_, value._mpf_)
    if isinstance(value, (float, sp.Float)) or isinstance(value, bool):
        raise ParameterTypeError(
            f"interval ends must be exact (int, Fraction, sympy Rational or mpmath mpf), received {value!r}"
        )
    try:
        return _fraction_raw(value, prec)
    except (TypeError, ValueError):
        raise ParameterTypeError(f"interval ends must be exact rationals, received {value!r}") from None


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


def _sign_raw(r, prec):
    """``sign`` on an interval (``[-1, 1]`` when 0 is inside and the sign varies)."""
    lo, hi = r
    a = -1 if mpf_lt(lo, fzero) else (0 if lo == fzero else 1)
    b = -1 if mpf_lt(hi, fzero) else (0 if hi == fzero else 1)
    return (from_int(a), from_int(b))


# ---------------------------------------------------------------------------
# public interface
# ---------------------------------------------------------------------------


class IntervalFunction:
    r"""A compiled interval extension of a sympy expression in given symbols.

    Create it with :func:`compile_interval`.  Calling it with one interval
    per symbol returns an ``mpmath.iv`` interval enclosing the range of the
    expression over the box.  The closure tree is built once; each call
    costs a few microseconds per operation at double precision.

    Parameters
    ----------
    expr : sympy.Expr
    symbols : sequence of sympy.Symbol
    strict : bool
        Strict ``Piecewise`` semantics (see the module notes).

    Examples
    --------
    >>> import sympy as sp
    >>> from symcm.algebra.entropy import H
    >>> from symcm.algebra.intervals import compile_interval
    >>> p = sp.Symbol("p", positive=True)
    >>> f = compile_interval(H(p), [p])
    >>> print(f((0, sp.Rational(1, 2))), f(sp.Rational(1, 2)))
    [0.0, 1.0] [1.0, 1.0]
    >>> g = compile_interval(p * (1 - p), [p])
    >>> X = (sp.Rational(1, 4), sp.Rational(3, 8))
    >>> print(g(X), g.enclose(X))        # natural form, then intersected with the centred form
    [0.15625, 0.28125] [0.18359375, 0.24609375]
    """

    __slots__ = ("expr", "symbols", "strict", "_node", "_gradient", "_conditions")

    def __init__(self, expr: sp.Expr, symbols: Sequence[sp.Symbol], strict: bool = False):
        self.expr = expr
        self.symbols = tuple(symbols)
        self.strict = strict
        compiler = _Compiler(self.symbols, strict)
        self._node = compiler.compile(expr)
        self._conditions = tuple(compiler.piecewise_conditions)
        self._gradient = None

    def __repr__(self) -> str:
        names = ", ".join(str(s) for s in self.symbols)
        return f"IntervalFunction({self.expr}, [{names}])"

    # -- raw fast paths (used by crossover and paving) ----------------------------------

    def raw(self, env: tuple, prec: int):
        """Raw enclosure for raw argument intervals ``env`` at ``prec`` bits; None if empty."""
        return self._node(env, prec)

    @property
    def gradient(self) -> tuple[IntervalFunction, ...] | None:
        """Compiled partial derivatives (strict ``Piecewise``), one per symbol; None if unsupported.

        A derivative may need a function with no interval extension (the
        derivative of ``sign`` is a ``DiracDelta``); then there is no
        gradient and :meth:`raw_centred` falls back to the natural extension.
        """
        if self._gradient is None:
            try:
                self._gradient = tuple(
                    compile_interval(sp.diff(self.expr, s), self.symbols, strict=True) for s in self.symbols
                )
            except ExpressionError:
                self._gradient = ()
        return self._gradient or None

    def smooth_on(self, env: tuple, prec: int) -> bool:
        """Whether every ``Piecewise`` condition is decided on the box, so one branch holds throughout.

        Only then is the expression a composition of smooth functions on the
        box, as the mean-value form and monotonicity arguments require (a
        derivative alone cannot tell: sympy differentiates
        ``Piecewise((1, Eq(p, 1/2)), (0, True))`` to 0).
        """
        return all(cond(env, prec) is not None for cond in self._conditions)

    def raw_centred(self, env: tuple, prec: int, value=_MISSING):
        """Natural enclosure intersected with the mean-value form (``value``: a precomputed natural one).

        The mean-value form is used only where :meth:`smooth_on` holds.
        """
        natural = self._node(env, prec) if value is _MISSING else value
        if natural is None:
            return None
        if self._conditions and not self.smooth_on(env, prec):
            return natural
        gradient = self.gradient
        if gradient is None:
            return natural
        centre = tuple((_mid(r),) * 2 for r in env)
        if any(not _finite(c[0]) for c in centre):
            return natural
        fc = self._node(centre, prec)
        if fc is None:
            return natural
        total = fc
        for g, r, c in zip(gradient, env, centre):
            d = g._node(env, prec)
            if d is None:
                return natural
            total = mpi_add(total, mpi_mul(d, mpi_sub(r, c, prec), prec), prec)
        return _intersect(natural, total)

    # -- user-facing -----------------------------------------------------------------------

    def _env(self, args, prec):
        if len(args) != len(self.symbols):
            raise ParameterTypeError(
                f"expected {len(self.symbols)} interval(s), for {', '.join(map(str, self.symbols))}; received {len(args)}"
            )
        return tuple(from_iv(a, prec) for a in args)

    def __call__(self, *intervals, prec: int = DEFAULT_PREC) -> mpmath.ctx_iv.ivmpf:
        """Natural interval extension over the box ``intervals`` at ``prec`` bits."""
        return to_iv(self._node(self._env(intervals, prec), prec))

    def enclose(self, *intervals, prec: int = DEFAULT_PREC) -> mpmath.ctx_iv.ivmpf:
        """Natural extension intersected with the centred (mean-value) form."""
        return to_iv(self.raw_centred(self._env(intervals, prec), prec))


def _mid(r):
    """Midpoint of a raw interval (a dyadic number inside it)."""
    lo, hi = r
    if lo == fninf or hi == finf:
        return fnan
    return mpf_shift(mpf_add(lo, hi), -1) if lo != hi else lo


def _finite(x) -> bool:
    return x not in (finf, fninf, fnan)


@functools.lru_cache(maxsize=512)
def _compile_cached(expr, symbols, strict):
    return IntervalFunction(expr, symbols, strict)


def compile_interval(expr, symbols: Iterable[sp.Symbol], *, strict: bool = False) -> IntervalFunction:
    """Compile ``expr`` into an :class:`IntervalFunction` of ``symbols`` (cached).

    Parameters
    ----------
    expr : sympy.Expr
        Built from the supported operations (see the module docstring).
    symbols : iterable of sympy.Symbol
        The variables, in the order the intervals will be passed.
    strict : bool, optional
        If True, a ``Piecewise`` whose condition is undecided on a box gives
        the whole line (for derivative enclosures).

    Returns
    -------
    IntervalFunction

    Raises
    ------
    symcm.errors.ExpressionError
        If ``expr`` contains an unsupported operation, a float, a symbol not
        in ``symbols``, or a non-real constant.

    Examples
    --------
    >>> import sympy as sp
    >>> from symcm.algebra.intervals import compile_interval
    >>> x = sp.Symbol("x")
    >>> f = compile_interval(sp.exp(x) - 2, [x])
    >>> y = f((0, 1), prec=20)          # exp(0) - 2 = -1 exactly; e - 2 rounded up at 20 bits
    >>> y.a == -1, 0.71828 < y.b < 0.71829
    (True, True)
    >>> compile_interval(sp.sin(x), [x])
    Traceback (most recent call last):
    ...
    symcm.errors.ExpressionError: interval evaluation does not support sin (in sin(x)); supported: +, *, powers, exact numbers, pi, E, log, exp, sqrt, Abs, sign, H, Piecewise
    """
    expr = checks.sympy_value(expr, "expr", where="compile_interval")  # text is refused, never evaluated
    return _compile_cached(expr, tuple(symbols), bool(strict))


def interval_eval(expr, values: Mapping, *, prec: int = DEFAULT_PREC, centred: bool = False) -> mpmath.ctx_iv.ivmpf:
    """Enclosure of the range of ``expr`` when each symbol ranges over its interval.

    Parameters
    ----------
    expr : sympy.Expr
    values : mapping
        ``{symbol: interval}``; an interval is an ``mpmath.iv`` interval, a
        ``(lo, hi)`` pair of exact numbers or an exact number.
    prec : int, optional
        Working precision in bits (default 53).
    centred : bool, optional
        Also apply the mean-value form and intersect (tighter on small boxes).

    Returns
    -------
    mpmath.iv.mpf
        An interval containing ``expr(x)`` for every ``x`` in the box where
        ``expr`` is real.

    Raises
    ------
    symcm.errors.ExpressionError
        If the expression is unsupported or has no real value on the box.

    Examples
    --------
    >>> import sympy as sp
    >>> from symcm.algebra.entropy import H
    >>> from symcm.algebra.intervals import interval_eval
    >>> p = sp.Symbol("p", positive=True)
    >>> print(interval_eval(H(2*p, sp.S.Half - p, sp.S.Half - p), {p: 0}))     # exact at the end
    [1.0, 1.0]
    >>> y = interval_eval(H(p) - sp.S.Half, {p: (sp.Rational(11, 100), sp.Rational(12, 100))}, prec=80)
    >>> y.a < 0 < y.b
    True
    """
    symbols = tuple(values)
    f = compile_interval(expr, symbols)
    args = [values[s] for s in symbols]
    return f.enclose(*args, prec=prec) if centred else f(*args, prec=prec)
