r"""Vectorised numerics from exact results: :func:`lambdify`.

symcm derives measures exactly; this module turns a derived expression into a
fast numerical function, for grids (numpy), for arbitrary precision (mpmath)
or for plain floats (the ``math`` module).  It is the one sanctioned way from
an exact result to numbers, and it keeps the conventions of the exact
result: the :math:`0 \log 0 = 0` of the entropy and the case split of a
``Piecewise``.

Mathematics
-----------
*Entropy.*  Every expression symcm derives is built from rational functions
of the parameters, logarithms, powers and the entropy function
:class:`~symcm.algebra.entropy.H` (in bits),

.. math::

    H(x) = -x \log_2 x - (1 - x) \log_2 (1 - x), \qquad
    H(p_1, \dots, p_n) = -\sum_i p_i \log_2 p_i ,

with :math:`0 \log 0 = 0`, so :math:`H(0) = H(1) = 0`.  Every backend keeps
the convention: an argument equal to 0 (or, for the binary form, to 1)
contributes exactly 0, never ``nan``.  An argument outside the domain of the
formula (negative; above 1 for the binary form) gives ``nan``.

*Cases.*  A measure that changes with the causal structure is a
``Piecewise`` (or a :class:`~symcm.algebra.cases.Cases`, converted with
:meth:`~symcm.algebra.cases.Cases.as_piecewise`), e.g. for ``binary_markov(p, q)``

.. math::

    C_\mu(p, q) = \begin{cases} 0 & p + q = 1 \\
                   H\!\left(\tfrac{p}{p + q}\right) & \text{otherwise.} \end{cases}

The conditions are decided as follows.

* ``numpy`` and ``math``: in floating point, *as written*: ``Eq(p + q, 1)``
  is the float comparison ``p + q == 1`` of the float inputs.  A grid point
  gets the special value exactly when the floating-point arithmetic of the
  condition lands on it: ``(0.25, 0.75)``, ``(0.5, 0.5)`` and the literals
  ``(0.45, 0.55)`` do, but ``np.linspace(0.05, 0.95, 10)`` holds
  ``0.44999999999999996`` and ``0.5499999999999999``, whose float sum is not
  1, so that grid point gets the generic value.  This is the
  honest reading of a float grid: the line ``p + q = 1`` has measure zero,
  the value on it is not the limit of the values near it, and no tolerance
  is invented.  Figures (:mod:`symcm.export.plots`) draw the generic branch and mark
  the special sets separately, from their exact solutions.
* ``mpmath``: exactly.  Every input is converted to an exact rational (a
  string ``"1/3"`` or ``"0.1"``, a ``Fraction``, an ``int``, the binary value
  of a float), and every relation whose two sides are rational functions of
  the parameters with rational coefficients is decided in exact rational
  arithmetic, so ``("1/3", "2/3")`` lies on ``p + q = 1``.  Other relations
  (with logarithms, roots, floats) are decided at the working precision, as
  written.

*Branches not taken.*  ``math`` and ``mpmath`` evaluate only the branch whose
condition holds (a division by zero elsewhere is never performed).  ``numpy``
evaluates every branch on the whole array and *selects* (``numpy.select``)
the value of the branch that holds at each element: values of other
branches are never combined with it by arithmetic, so a ``nan`` or ``inf``
there (``H(p/(p + q))`` at ``p = q = 0``) cannot leak, and the floating-point
warnings they raise are silenced (``numpy.errstate``).

*Undefined points.*  Where the expression itself is undefined (a division by
zero, the logarithm of a negative number, a non-real value, no branch
holding), every backend returns ``nan``; ``numpy`` may return ``inf`` where
IEEE arithmetic does (``1/p`` at ``p = 0``).  A condition that is itself
undefined at a point (it divides by zero there) makes the value ``nan`` with
``math`` and ``mpmath``; ``numpy`` compares the IEEE ``inf`` or ``nan`` as
written (false for ``==``).  No backend emits a warning.

How each backend is compiled and called (code generation, the blockwise numpy
evaluation, exact inputs of mpmath, and the measurements behind these
choices) is in :mod:`symcm.numeric.codegen`; this module owns the
conventions above, the parameters of the function and :func:`lambdify`.

numpy is an optional dependency (``pip install "symcm[numeric]"``): this
module imports without it and imports numpy only for the ``numpy`` backend.

References
----------
.. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd
   ed., Wiley, 2006, ch. 2.

Examples
--------
>>> import numpy as np
>>> import symcm as sc
>>> from symcm.numeric import lambdify
>>> p, q = sc.symbols("p q")
>>> C = sc.statistical_complexity(sc.processes.binary_markov(p, q))
>>> f = lambdify(C)
>>> f
<symcm lambdified Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True)) of (p, q), numpy>
>>> f(np.array([0.25, 0.25, 0.0]), np.array([0.75, 0.25, 0.5]))
array([0., 1., 0.])
"""

from __future__ import annotations

import decimal
import numbers
import re
from collections.abc import Iterable, Mapping
from fractions import Fraction

import sympy as sp
from sympy.core.function import AppliedUndef

from .. import checks
from ..algebra.cases import Cases
from ..algebra.domain import to_rational
from ..errors import DomainError, ExpressionError, ParameterTypeError
from .codegen import (
    _math_call,
    _math_function,
    _mpmath_call,
    _mpmath_function,
    _numpy_call,
    _numpy_function,
    _require_numpy,
)

__all__ = ["lambdify", "Lambdified", "BACKENDS", "DEFAULT_DPS"]

#: The backends :func:`lambdify` accepts.
BACKENDS = ("numpy", "mpmath", "math")

#: Significant digits of the ``mpmath`` backend when ``dps`` is not given.
DEFAULT_DPS = 30

#: Default cap on ``dps`` (each evaluation works at ``dps`` plus guard digits).
MAX_DPS = 10_000

# Longest expression shown in full by Lambdified.__repr__.
_REPR_WIDTH = 80


# ---------------------------------------------------------------------------
# the expression and its parameters
# ---------------------------------------------------------------------------


def _as_expression(expr) -> sp.Expr:
    """A sympy expression from an expression, a number or a :class:`Cases` of expressions."""
    if isinstance(expr, Cases):
        return expr.as_piecewise()
    if isinstance(expr, str):
        raise ParameterTypeError(
            f"lambdify expects a sympy expression, a number or sc.Cases, received the string {expr!r}"
        )
    if isinstance(expr, decimal.Decimal):
        expr = Fraction(expr)
    try:
        value = sp.sympify(checks.no_text(expr, "expr", where="lambdify"), strict=True)
    except sp.SympifyError:
        raise ParameterTypeError(
            f"lambdify expects a sympy expression, a number or sc.Cases, received {type(expr).__name__}"
        ) from None
    if not isinstance(value, sp.Expr):
        raise ExpressionError(f"lambdify expects a numerical expression, received {value!r}")
    undefined = sorted({str(f.func) for f in value.atoms(AppliedUndef)})
    if undefined:
        raise ExpressionError(
            f"cannot evaluate the undefined function(s) {', '.join(undefined)} in {value}"
        )
    return value


def _by_name(expr: sp.Expr) -> dict:
    """``name -> [symbols of expr with that name]``."""
    names: dict = {}
    for s in expr.free_symbols:
        names.setdefault(s.name, []).append(s)
    return names


def _name_key(symbol: sp.Symbol) -> tuple:
    """Sort key of a symbol: its name with runs of digits compared as numbers (``p_2`` before ``p_10``)."""
    parts = re.split(r"(\d+)", symbol.name)
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in parts), sp.default_sort_key(symbol)


def _parameters(expr: sp.Expr, params) -> tuple:
    """The ordered parameters: ``params`` checked against ``expr``, or its symbols sorted by name."""
    if params is None:
        return tuple(sorted(expr.free_symbols, key=_name_key))
    if isinstance(params, str):
        items = [name for name in re.split(r"[\s,]+", params.strip()) if name]
    elif isinstance(params, sp.Symbol):
        items = [params]
    elif isinstance(params, Iterable):
        items = list(params)
    else:
        raise ParameterTypeError(
            f"params must be a sequence of sympy Symbols (or names), received {type(params).__name__}"
        )
    names = _by_name(expr)
    out = []
    for item in items:
        if isinstance(item, str):
            found = names.get(item, [])
            if len(found) > 1:
                raise ExpressionError(
                    f"params: the name {item!r} is ambiguous, the expression has {len(found)} symbols "
                    f"called so (with different assumptions); pass the Symbols themselves"
                )
            item = found[0] if found else sp.Symbol(item)
        if not isinstance(item, sp.Symbol):
            raise ParameterTypeError(f"params must be sympy Symbols (or names), received {item!r}")
        if item in out:
            raise ExpressionError(f"params lists {item} twice")
        out.append(item)
    missing = sorted(expr.free_symbols - set(out), key=lambda s: s.name)
    if missing:
        listed = ", ".join(map(str, missing))
        raise ExpressionError(
            f"the expression has the free symbol(s) {listed}, which params ({', '.join(map(str, out))}) "
            f"does not list; add them to params or substitute values for them"
        )
    return tuple(out)


# ---------------------------------------------------------------------------
# the public function and its result
# ---------------------------------------------------------------------------


class Lambdified:
    """A numerical function of an exact expression, made by :func:`lambdify`.

    Call it with one value per parameter, in the order of :attr:`params`
    (positionally, or by parameter name as keywords).

    Attributes
    ----------
    expr : sympy.Expr
        The expression evaluated (a :class:`~symcm.algebra.cases.Cases` is stored as
        its ``Piecewise``).
    params : tuple of sympy.Symbol
        The parameters, in call order.
    backend : str
        ``"numpy"``, ``"mpmath"`` or ``"math"``.
    dps : int or None
        Significant decimal digits of an ``mpmath`` result; None otherwise.
    domain : dict or None
        ``{parameter: (low, high)}``: outside these open intervals the
        function gives ``nan``; None when no domain was given.
    """

    __slots__ = ("_expr", "_params", "_backend", "_dps", "_function", "_names", "_domain")

    def __init__(self, expr: sp.Expr, params: tuple, backend: str, dps: int | None, function, domain=None):
        self._expr = expr
        self._params = params
        self._backend = backend
        self._dps = dps
        self._function = function
        self._names = tuple(s.name for s in params)
        self._domain = domain

    def __reduce__(self):
        """Pickled as its expression, parameters, domain and backend; the code is generated again on load.

        So a lambdified measure can be sent to the worker processes of
        :func:`symcm.numeric.sweeps.sweep`.
        """
        return _rebuild, (self._expr, self._params, self._domain, self._backend, self._dps)

    expr = property(lambda self: self._expr, doc="The expression evaluated.")
    params = property(lambda self: self._params, doc="The parameters, in call order.")
    backend = property(lambda self: self._backend, doc="The backend: numpy, mpmath or math.")
    dps = property(lambda self: self._dps, doc="Digits of an mpmath result (None for other backends).")
    domain = property(lambda self: self._domain, doc="The open intervals outside which the value is nan, or None.")

    def __call__(self, *args, **kwargs):
        """The value at the given parameter values (see :func:`lambdify` for types and semantics)."""
        if kwargs:
            args = self._bind(args, kwargs)
        elif len(args) != len(self._params):
            raise ParameterTypeError(
                f"{self!r} takes {len(self._params)} argument(s) ({', '.join(self._names)}), received {len(args)}"
            )
        if self._backend == "numpy":
            return _numpy_call(self._function, args, self._names)
        if self._backend == "math":
            return _math_call(self._function, args, self._names)
        return _mpmath_call(self._function, args, self._names, self._dps)

    def _bind(self, args: tuple, kwargs: dict) -> tuple:
        """Positional and keyword arguments as one positional tuple, in the order of params."""
        if len(set(self._names)) != len(self._names):
            raise ParameterTypeError(f"{self!r}: parameters share a name; pass the values positionally")
        values = dict(zip(self._names, args))
        if len(args) > len(self._names):
            raise ParameterTypeError(f"{self!r} takes {len(self._names)} argument(s), received {len(args)}")
        for key, value in kwargs.items():
            if key not in self._names:
                raise ParameterTypeError(
                    f"{self!r} has no parameter {key!r}; its parameters are {', '.join(self._names)}"
                )
            if key in values:
                raise ParameterTypeError(f"{self!r} received two values for {key}")
            values[key] = value
        missing = [n for n in self._names if n not in values]
        if missing:
            raise ParameterTypeError(f"{self!r} received no value for {', '.join(missing)}")
        return tuple(values[n] for n in self._names)

    def __repr__(self) -> str:
        text = str(self._expr)
        if len(text) > _REPR_WIDTH:
            text = text[: _REPR_WIDTH - 3] + "..."
        backend = f"mpmath, {self._dps} digits" if self._backend == "mpmath" else self._backend
        return f"<symcm lambdified {text} of ({', '.join(self._names)}), {backend}>"


def _rebuild(expr, params, domain, backend, dps) -> Lambdified:
    """Unpickle a :class:`Lambdified` (:meth:`Lambdified.__reduce__`)."""
    return lambdify(expr, params, domain=domain, backend=backend, dps=dps)


def _domain_box(domain, symbols: tuple, where: str) -> tuple[sp.Basic, dict]:
    """The condition "every parameter lies in its open interval" for the call's parameters, and the intervals."""
    from ..models.hmm import HMM

    if isinstance(domain, HMM):
        domain = domain.domain
    if not isinstance(domain, Mapping):
        raise ParameterTypeError(f"{where}: domain must be a model, its .domain or a mapping "
                                 f"{{parameter: (low, high)}}, received {domain!r}")
    by_name = {s.name: s for s in symbols}
    terms, intervals = [], {}
    for key, interval in domain.items():
        name = key.name if isinstance(key, sp.Symbol) else key
        if not isinstance(name, str):
            raise ParameterTypeError(f"{where}: domain keys must be Symbols or names, received {key!r}")
        if name not in by_name:
            continue  # a parameter the function does not take
        try:
            lo, hi = (to_rational(v, where=f"{where}: domain of {name}") for v in interval)
        except (TypeError, ValueError) as exc:
            raise ParameterTypeError(f"{where}: the domain of {name} must be (low, high), received {interval!r}") from exc
        terms.append(sp.StrictLessThan(lo, by_name[name], evaluate=False))
        terms.append(sp.StrictLessThan(by_name[name], hi, evaluate=False))
        intervals[by_name[name]] = (lo, hi)
    return sp.And(*terms, evaluate=False), intervals


def lambdify(expr, params=None, *, domain=None, backend: str = "numpy", dps: int | None = None,
             max_dps: int = MAX_DPS) -> Lambdified:
    r"""A fast numerical function of an exact result, keeping ``0 log 0 = 0`` and its cases.

    Parameters
    ----------
    expr : sympy.Expr, sc.Cases or number
        A derived result: rational functions, :class:`~symcm.algebra.entropy.H`
        with any number of arguments, logarithms, powers, ``Piecewise``
        with ``Eq``/``Ne``/``And``/``Or``/inequality conditions, or a
        :class:`~symcm.algebra.cases.Cases` of expressions.
    params : sequence of sympy.Symbol (or names), optional
        The order of the arguments of the returned function.  Default: the
        free symbols of ``expr`` sorted by name.  Names (``"p q"`` or
        ``["p", "q"]``) are resolved against the free symbols of ``expr``.
        Parameters that ``expr`` does not contain are allowed (the value
        does not depend on them; numpy results still broadcast over them).
        Digits in names sort as numbers: ``p_2`` comes before ``p_10``.
    domain : HMM or mapping, optional
        Where the expression holds: a model (its ``.domain``) or a mapping
        ``{parameter: (low, high)}`` of open intervals.  The returned
        function gives ``nan`` at every point outside it, boundary included
        (``binary_markov``'s formulas at ``p = q = 1`` are not its values
        there).  Default: no check, the expression is evaluated wherever
        the arithmetic allows.
    backend : {"numpy", "mpmath", "math"}
        ``"numpy"`` (default): vectorised over arrays with broadcasting,
        float64 results.  ``"mpmath"``: one point at a time, ``dps`` digits,
        conditions decided exactly.  ``"math"``: one point at a time, Python
        floats.
    dps : int, optional
        Significant decimal digits of the ``mpmath`` backend (default
        :data:`DEFAULT_DPS` = 30).  Only for ``backend="mpmath"``.
    max_dps : int, optional
        Cap on ``dps`` (default :data:`MAX_DPS` = 10,000).

    Returns
    -------
    Lambdified
        A callable with attributes ``expr``, ``params``, ``backend`` and
        ``dps``.  Its arguments and results by backend:

        * numpy: array-likes of reals (scalars, lists, arrays, broadcast
          together); strings such as ``"2/5"``, Fractions and sympy numbers
          as scalars.  Returns a float64 array of the broadcast shape, or a
          ``numpy.float64`` when every input is a scalar.
        * mpmath: real scalars, converted *exactly* (``int``, ``Fraction``,
          strings ``"2/5"``/``"0.1"``, ``Decimal``, the binary value of a
          ``float`` or ``mpf``; other sympy numbers at the working
          precision).  Returns an ``mpmath.mpf`` rounded to ``dps`` digits
          (``nan`` for a ``nan`` or infinite input).
        * math: real scalars (strings as for mpmath, rounded once).  Returns
          a ``float``.

    Raises
    ------
    symcm.errors.ExpressionError
        If ``expr`` has free symbols that ``params`` does not list,
        ``params`` repeats a symbol, or ``expr`` is not a numerical
        expression (a relation, an undefined function) or cannot be printed
        for the backend.
    symcm.errors.ParameterTypeError
        If ``expr`` is a string or not convertible, a ``Cases`` value is not
        an expression, ``params`` holds something other than Symbols and
        names, ``backend`` is unknown, or ``dps`` is given for another
        backend or is not an int.  The returned function raises it for a
        wrong number of arguments or a non-real argument.
    symcm.errors.DomainError
        If ``dps`` is less than 1.
    symcm.errors.TooLargeError
        If ``dps`` exceeds ``max_dps``.
    symcm.errors.MissingDependencyError
        If ``backend="numpy"`` and numpy is not installed.

    Notes
    -----
    Semantics (see the module documentation for the reasons):

    * ``H`` is 0 where its arguments are 0 (or 1 for the binary form), and
      ``nan`` for arguments outside its domain.
    * ``numpy``/``math`` decide ``Piecewise`` conditions in floating point,
      as written (``Eq(p + q, 1)`` is ``p + q == 1`` on floats); ``mpmath``
      decides relations between rational functions exactly at the exact
      value of the inputs.
    * Values of branches not taken never reach the result; no warning is
      emitted; undefined points give ``nan``.
    * With ``domain``, points outside the open box give ``nan`` (the choice
      of undefined points); the box is decided like a ``Piecewise``
      condition (floats as written; mpmath exactly).

    Cost: code generation once (a few milliseconds for the measures of
    small models); then, numpy, a few nanoseconds per element and operation
    (``C_mu`` of ``binary_markov`` on a 1000 x 1000 grid in about 5 ms);
    math, one to two microseconds per point; mpmath at 50 digits, about
    100 microseconds per point.

    Examples
    --------
    >>> import mpmath, numpy as np, sympy as sp
    >>> import symcm as sc
    >>> from symcm.numeric import lambdify
    >>> p, q = sc.symbols("p q")
    >>> m = sc.processes.binary_markov(p, q)
    >>> C = lambdify(sc.statistical_complexity(m))
    >>> C.params, C.backend
    ((p, q), 'numpy')
    >>> P, Q = np.meshgrid(np.linspace(0, 1, 5), np.linspace(0, 1, 5))
    >>> C(P, Q).round(4)       # 0 on the line p + q = 1 (floats land on it here), nan at p = q = 0
    array([[   nan, 0.    , 0.    , 0.    , 0.    ],
           [0.    , 1.    , 0.9183, 0.    , 0.7219],
           [0.    , 0.9183, 0.    , 0.971 , 0.9183],
           [0.    , 0.    , 0.971 , 1.    , 0.9852],
           [0.    , 0.7219, 0.9183, 0.9852, 1.    ]])

    Floats decide ``Eq(p + q, 1)`` as written: the cell centres of a grid
    may miss the line where exact arithmetic is on it.  mpmath decides it
    exactly, at the exact value of its inputs:

    >>> x = np.linspace(0.05, 0.95, 10).tolist()
    >>> x[4], x[5], x[4] + x[5] == 1
    (0.44999999999999996, 0.5499999999999999, False)
    >>> round(float(C(x[4], x[5])), 6), float(C(0.45, 0.55))
    (0.992774, 0.0)
    >>> Cmp = lambdify(sc.statistical_complexity(m), backend="mpmath", dps=40)
    >>> Cmp("0.45", "0.55"), Cmp("1/3", "2/3")
    (mpf('0.0'), mpf('0.0'))
    >>> mpmath.nstr(Cmp("1/10", "1/5"), 40)          # H(1/3)
    '0.9182958340544895147870722772811498420931'

    With the model's domain, points on or outside its boundary are ``nan``:

    >>> C_in = lambdify(sc.statistical_complexity(m), domain=m)
    >>> float(C(1.0, 1.0)), float(C_in(1.0, 1.0)), float(C_in(0.1, 0.2)) == float(C(0.1, 0.2))
    (1.0, nan, True)

    Plain floats, and a distribution entropy of several arguments:

    >>> lambdify(sc.H(2 * p, sp.Rational(1, 2) - p, sp.Rational(1, 2) - p), backend="math")(0.25)
    1.5
    """
    max_dps = checks.cap(max_dps, "max_dps", where="lambdify")
    value = _as_expression(expr)
    if backend not in BACKENDS:
        raise ParameterTypeError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, received {backend!r}")
    if backend == "mpmath":
        if dps is None:
            dps = DEFAULT_DPS
        if not isinstance(dps, numbers.Integral) or isinstance(dps, bool):
            raise ParameterTypeError(f"dps must be an int, received {dps!r}")
        if dps < 1:
            raise DomainError(f"dps must be at least 1, received {dps}")
        dps = checks.integer(dps, "dps", where="lambdify", maximum=max_dps, cap="max_dps")
    elif dps is not None:
        raise ParameterTypeError(f"dps sets the digits of the mpmath backend; backend={backend!r} takes no dps")
    symbols = _parameters(value, params)
    box, intervals = (None, None) if domain is None else _domain_box(domain, symbols, "lambdify")
    # generated code names its arguments _a0, _a1, ...: any Symbol name works, none can shadow a module name
    # (and, having no assumptions, none makes the box's 0 < p true before it is tested)
    args = tuple(sp.Symbol(f"_a{i}") for i in range(len(symbols)))
    code = value.xreplace(dict(zip(symbols, args)))
    if box is not None:
        code = sp.Piecewise((code, box.xreplace(dict(zip(symbols, args)))), (sp.nan, True))
    if backend == "numpy":
        _require_numpy()
        make = _numpy_function
    elif backend == "math":
        make = _math_function
    else:
        make = _mpmath_function
    try:
        function = make(code, args)
    except Exception as error:  # printers and compile raise many kinds for unsupported functions
        raise ExpressionError(f"cannot generate {backend} code for {value}: {error}") from error
    return Lambdified(value, symbols, backend, dps, function, intervals)
