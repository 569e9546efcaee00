r"""Rigorous interval evaluation of sympy expressions.

An *interval extension* of a real function :math:`f` is a map :math:`F` from
boxes to intervals with the inclusion property

.. math::

    x \in X \implies f(x) \in F(X)

[Moore, Kearfott & Cloud 2009, ch. 5].  This module is the public
interface: :func:`compile_interval` builds :math:`F` as an
:class:`IntervalFunction` for the expressions symcm produces (``Add``,
``Mul``, ``Pow`` with integer, rational or symbolic exponents, exact numbers,
``pi``, ``E``, ``log``, ``exp``, ``sqrt``, ``Abs``, ``sign``, the entropy
:class:`~symcm.algebra.entropy.H` and ``Piecewise``), :func:`interval_eval`
evaluates it once, and this module owns the centred form below.  Every
operation is replaced by its outward-rounded interval counterpart from
mpmath's interval library (``mpmath.libmp.libmpi``, the arithmetic behind
``mpmath.iv``):

* :mod:`symcm.algebra.interval_arithmetic`: rounding and precision (an
  explicit argument, no global state), the natural domain of ``log``,
  ``sqrt`` and ``H`` (an empty value is an
  :class:`~symcm.errors.ExpressionError`), the entropy enclosures, and the
  conversions :func:`~symcm.algebra.interval_arithmetic.to_iv` and
  :func:`~symcm.algebra.interval_arithmetic.from_iv`;
* :mod:`symcm.algebra.interval_compiler`: the translation of an expression
  into a tree of closures, and the semantics of ``Piecewise`` (the hull of
  the branches that may apply; in *strict* mode, for derivatives, the whole
  line where a condition is undecided).

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
from collections.abc import Iterable, Mapping, Sequence

import mpmath
import sympy as sp
from mpmath.libmp.libmpi import mpi_add, mpi_mul, mpi_sub

from .interval_arithmetic import DEFAULT_PREC, _finite, _intersect, _mid, from_iv, to_iv
from .interval_compiler import _MISSING, _Compiler
from .. import checks
from ..errors import ExpressionError, ParameterTypeError

__all__ = ["IntervalFunction", "compile_interval", "interval_eval"]


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
