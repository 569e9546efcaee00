r"""Parameter sweeps: one exact computation at every point of a grid, in parallel.

A **grid** over parameters :math:`p_1, \dots, p_d` with value lists
:math:`V_1, \dots, V_d` is the Cartesian product

.. math::

    G = V_1 \times \cdots \times V_d, \qquad |G| = \prod_k |V_k|,

enumerated in row-major (C) order: the last parameter varies fastest, and
the point with multi-index :math:`(i_1, \dots, i_d)` has the flat index
:math:`(\cdots((i_1 n_2 + i_2) n_3 + i_3) \cdots) n_d + i_d` with
:math:`n_k = |V_k|`.  A grid may also be an explicit list of points.

:func:`sweep` evaluates a function ``fn`` at every point and returns the
values **in grid order**, whatever the order in which the workers finish.
The result is a function of ``fn`` and the grid alone: the backend, the
number of workers and the chunk size change only the time it takes
(provided ``fn`` is deterministic: seed any randomness, as
:func:`symcm.search_generator` does).

**Exactness.**  Values are normalised once, in the calling process, before
anything is sent to a worker: numbers written as strings (``"2/5"``,
``"0.25"``), :class:`fractions.Fraction` and :class:`decimal.Decimal`
become sympy ``Rational``; ``int`` and exact sympy numbers are kept; floats
are refused (write ``"0.3"`` or ``Rational(3, 10)``).  Other values (a
method name, a model) are passed unchanged.  sympy numbers and expressions
pickle exactly, so a worker receives the very ``Rational`` the caller wrote
and returns exact values (``H(3/7)``, ``Piecewise``, ...).

**Backends.**  ``"serial"`` (a loop in this process, the reference),
``"process"`` (a process pool; ``fn`` must be picklable: a function defined
at the top level of a module, a :func:`functools.partial` of one, or a
:class:`MeasureAt`) and ``"dask"`` (:mod:`dask.distributed`).  How each runs
the points, in chunks of consecutive points, and how the first failing point
is found, is in :mod:`symcm.numeric.executors`; the result types
(:class:`~symcm.numeric.sweep_results.SweepResult`,
:class:`~symcm.numeric.sweep_results.FailedPoint`,
:class:`~symcm.numeric.sweep_results.SweepError`) are in
:mod:`symcm.numeric.sweep_results`.  This module owns the grid, its exact
values, the per-point function :class:`MeasureAt` and :func:`sweep` itself.

Examples
--------
>>> import sympy as sp, symcm as sc
>>> from symcm.numeric.sweeps import MeasureAt, sweep
>>> p, q = sc.symbols("p q")
>>> m = sc.processes.binary_markov(p, q)
>>> r = sweep(MeasureAt(sc.statistical_complexity, m), {p: ["1/4", "1/2"], q: ["1/3", "1/2"]}, backend="serial")
>>> r.values
[H(3/7), H(1/3), H(2/5), 0]
>>> r.array().shape
(2, 2)
"""

from __future__ import annotations

import inspect
import itertools
import math
import numbers
import re
import sys
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import sympy as sp

from ..algebra.domain import to_rational
from ..errors import ParameterTypeError, SymcmWarning, TooLargeError
from .executors import (
    _Collector,
    _import_distributed,
    _reporter,
    _run_dask,
    _run_process,
    _run_serial,
    unguarded_script_line,
)
from .sweep_results import SweepResult

__all__ = ["sweep", "MeasureAt", "BACKENDS", "MAX_POINTS"]

#: The backends :func:`sweep` accepts.
BACKENDS = ("serial", "process", "dask")

#: Default cap on the number of points of one sweep (the ``max_points`` argument).
MAX_POINTS = 10**6

_ERRORS = ("raise", "collect")
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*(/\s*[+-]?\d+\s*)?$")


# ------------------------------------------------------------------ the per-point function of a model


class MeasureAt:
    """A picklable per-point function: ``MeasureAt(measure, model)(point) == measure(model.subs(point), **options)``.

    The usual per-point work of a sweep: substitute the point's exact values
    into a symbolic model and compute a measure of the resulting numeric
    model.  Unlike a lambda, it can be sent to worker processes.

    Parameters
    ----------
    measure : callable
        A function of a model, e.g. :func:`symcm.statistical_complexity`;
        it must be importable by the workers (symcm's functions are).
    model : HMM
        A model whose parameters are the grid's keys (Symbols or names).
    **options
        Keyword arguments passed to ``measure``.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.numeric.sweeps import MeasureAt
    >>> p, q = sc.symbols("p q")
    >>> f = MeasureAt(sc.entropy_rate, sc.processes.binary_markov(p, q))
    >>> f({p: sp.Rational(1, 2), q: sp.Rational(1, 2)})
    1
    >>> f
    MeasureAt(entropy_rate, <HMM with 2 states>)
    """

    def __init__(self, measure: Callable, model, **options):
        if not callable(measure):
            raise ParameterTypeError(f"MeasureAt: measure must be callable, received {measure!r}")
        if not hasattr(model, "subs"):
            raise ParameterTypeError(f"MeasureAt: model must be an HMM (with .subs), received {type(model).__name__}")
        try:
            signature = inspect.signature(measure)
        except (TypeError, ValueError):  # builtins without a signature: checked when called
            signature = None
        if signature is not None:
            try:
                signature.bind(model, **options)
            except TypeError as exc:
                name = getattr(measure, "__name__", repr(measure))
                raise ParameterTypeError(f"MeasureAt: {name} does not take these arguments: {exc}") from None
        self.measure = measure
        self.model = model
        self.options = dict(options)

    def __call__(self, point):
        if not isinstance(point, Mapping):
            raise ParameterTypeError(f"MeasureAt needs points given as dicts {{p: value}}, received {point!r}")
        return self.measure(self.model.subs(point), **self.options)

    def __repr__(self) -> str:
        name = getattr(self.measure, "__name__", repr(self.measure))
        states = getattr(self.model, "states", None)
        model = f"<HMM with {len(states)} states>" if states is not None else repr(self.model)
        opts = "".join(f", {k}={v!r}" for k, v in self.options.items())
        return f"MeasureAt({name}, {model}{opts})"


# ------------------------------------------------------------------ grids


def _exact(value, where: str):
    """A grid value, exact: Rational for strings/Fraction/Decimal, int and exact sympy kept, floats refused."""
    if isinstance(value, (bool, int)):
        return value
    if isinstance(value, sp.Basic):
        if value.has(sp.Float):
            raise ParameterTypeError(
                f"{where}: expected an exact value, received {value}, which contains a float; "
                f"write sympy.Rational or a string like '0.3'"
            )
        return value
    if isinstance(value, str):
        # a number ("2/5", "0.25", "1e-3") becomes a Rational; any other string (a name) is kept
        return to_rational(value, where=where) if _NUMBER.match(value) else value
    if isinstance(value, (Fraction, Decimal)):
        return to_rational(value, where=where)
    if isinstance(value, numbers.Integral):  # numpy integers
        return int(value)
    if isinstance(value, numbers.Rational):
        return sp.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, numbers.Complex):  # float, numpy floats, complex
        if isinstance(value, numbers.Real):
            to_rational(float(value), where=where)  # raises, naming the float and how to write it exactly
        raise ParameterTypeError(f"{where}: expected an exact value, received the complex number {value!r}")
    return value  # any other object (a model, a name...) goes to fn unchanged


def _values(values, name: str, max_points: int) -> tuple:
    if isinstance(values, (str, bytes, Mapping, set, frozenset)) or not isinstance(values, Iterable):
        kind = "an unordered set" if isinstance(values, (set, frozenset)) else repr(values)
        raise ParameterTypeError(
            f"grid[{name}]: expected a sequence of values such as ['1/5', '2/5'] or [Rational(1, 5), ...], "
            f"received {kind}"
        )
    raw = list(itertools.islice(values, max_points + 1))
    if len(raw) > max_points:
        raise TooLargeError(
            f"grid[{name}] has more than max_points={max_points} values; pass a larger max_points to sweep it"
        )
    return tuple(_exact(v, f"grid[{name}][{i}]") for i, v in enumerate(raw))


def _parse_grid(grid, max_points: int) -> tuple[list, dict | None]:
    """(points, axes): the normalised points in grid order, and ``{key: values}`` for a mapping grid."""
    if isinstance(grid, Mapping):
        if not grid:
            raise ParameterTypeError("grid: expected at least one parameter {p: values}, received an empty mapping")
        axes, names = {}, {}
        for key, values in grid.items():
            if not (isinstance(key, sp.Symbol) or (isinstance(key, str) and key)):
                raise ParameterTypeError(
                    f"grid keys must be sympy Symbols or parameter names (str), received {key!r} "
                    f"of type {type(key).__name__}"
                )
            name = str(key)
            if name in names:
                raise ParameterTypeError(f"grid: the parameter {name} is given twice ({names[name]!r} and {key!r})")
            names[name] = key
            axes[key] = _values(values, name, max_points)
        total = math.prod(len(v) for v in axes.values())
        if total > max_points:
            shape = " x ".join(f"{len(v)} ({k})" for k, v in axes.items())
            raise TooLargeError(
                f"the grid has {shape} = {total} points, more than max_points={max_points}; "
                f"pass max_points={total} (or more) to sweep it, or use fewer values"
            )
        keys = tuple(axes)
        return [dict(zip(keys, combo)) for combo in itertools.product(*axes.values())], axes
    if isinstance(grid, (str, bytes)) or not isinstance(grid, Iterable):
        raise ParameterTypeError(
            "grid: expected a mapping {p: values, q: values} (swept over its Cartesian product) or an iterable "
            f"of points (dicts {{p: value}} or tuples), received {grid!r} of type {type(grid).__name__}"
        )
    points = []
    for i, point in enumerate(itertools.islice(grid, max_points + 1)):
        if i == max_points:
            raise TooLargeError(
                f"the grid has more than max_points={max_points} points; pass a larger max_points to sweep it, "
                f"or use fewer points"
            )
        if isinstance(point, Mapping):
            points.append({k: _exact(v, f"point {i} [{k}]") for k, v in point.items()})
        elif isinstance(point, (tuple, list)):
            points.append(tuple(_exact(v, f"point {i} [{j}]") for j, v in enumerate(point)))
        else:
            raise ParameterTypeError(
                f"point {i} of the grid: expected a dict {{p: value}} or a tuple of values, received {point!r}"
            )
    return points, None


# ------------------------------------------------------------------ the sweep


def _positive_int(value, name: str, allow_none: bool = True):
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ParameterTypeError(f"{name} must be a positive int{' or None' if allow_none else ''}, "
                                 f"received {value!r}")
    return value


def sweep(fn: Callable, grid, *, backend: str = "process", workers: int | None = None, address=None,
          progress=None, chunksize: int | None = None, errors: str = "raise", max_points: int = MAX_POINTS,
          start_method: str | None = None) -> SweepResult:
    """Evaluate ``fn`` at every point of a parameter grid, in parallel; values come back exact and in grid order.

    Parameters
    ----------
    fn : callable
        A function of one point.  For ``backend="process"`` it must be
        picklable: a function defined at the top level of an importable
        module, a :func:`functools.partial` of one, or a :class:`MeasureAt`.
    grid : mapping or iterable
        Either ``{p: values, q: values}`` (keys sympy Symbols or names;
        values sequences of exact numbers: ``Rational``, ``int``, strings
        such as ``"2/5"`` or ``"0.25"``), swept over the Cartesian product
        with the last key varying fastest, ``fn`` receiving ``{p: value,
        q: value}``; or an iterable of points, each a dict (passed as a
        dict) or a tuple (passed as a tuple).  Floats are refused; values
        that are not numbers (names, models) are passed unchanged.
    backend : {"process", "serial", "dask"}
        Where the points are evaluated (module docstring); the values do not
        depend on it.
    workers : int, optional
        Worker processes (default: the CPUs available to this process).
        For ``"dask"``, the workers of the ``LocalCluster`` started when no
        ``address`` is given.  Ignored by ``"serial"``.
    address : str, cluster or distributed.Client, optional
        Only for ``backend="dask"``: None starts a ``LocalCluster`` (one
        thread per worker, closed afterwards); ``"tcp://host:8786"``
        connects to a running scheduler; a cluster object or a
        ``distributed.Client`` is used as is (and left open).
    progress : bool or callable, optional
        A rich progress bar on stderr (True), nothing (False), or a
        callable ``progress(done, total)`` called after each chunk with the
        number of points finished.  Default: the bar when stderr is a
        terminal.
    chunksize : int, optional
        Consecutive points per task (the unit of parallel work and of
        progress reports).  Default: about 32 tasks per worker.  ``"serial"``
        reports after every point.
    errors : {"raise", "collect"}
        At a point where ``fn`` raises: stop and raise
        :class:`~symcm.numeric.sweep_results.SweepError` naming the point
        (default), or record a :class:`~symcm.numeric.sweep_results.FailedPoint`
        in :attr:`SweepResult.errors` (value None) and go on.
    max_points : int
        Cap on the number of points (default ``10**6``).
    start_method : {"forkserver", "spawn", "fork"}, optional
        The multiprocessing start method of ``backend="process"``
        (default ``forkserver`` where available, else ``spawn``).  ``fork``
        starts fastest but can deadlock when this process runs threads.

    Returns
    -------
    SweepResult
        ``.values`` in grid order, ``.points``, ``.errors``, ``.array()``,
        ``.table()``, ``.elapsed``, ``.backend``.

    Raises
    ------
    SweepError
        ``fn`` raised at a point and ``errors="raise"``; the message names
        the point, and the original exception is the ``__cause__``.
    ParameterTypeError
        A malformed grid, a float value, an unknown backend or ``errors``,
        or an ``fn`` that cannot be pickled for ``backend="process"``.
    DomainError
        A string value that is not a rational number.
    TooLargeError
        The grid has more than ``max_points`` points.
    MissingDependencyError
        ``backend="dask"`` without dask.distributed installed
        (``pip install "symcm[distributed]"``).

    Notes
    -----
    Cost: the serial time divided by the number of workers, plus start-up
    and transfer.  Start-up is about 1-2 s for ``"process"`` (each
    ``forkserver``/``spawn`` worker imports sympy and symcm) and 2-4 s for a
    ``LocalCluster``, so parallel sweeps pay off when the total work is a
    few seconds or more (see ``benchmarks/sweep.py``).  Each task carries
    ``fn`` and its points, pickled; the results come back pickled.  A
    script that uses ``"process"`` or ``"dask"`` must guard its top level
    with ``if __name__ == "__main__":``, as for any multiprocessing code.

    With ``errors="raise"``, the point named is the first failing point in
    grid order, whatever the backend: once a point fails, the chunks after
    it are cancelled and the ones before it are awaited (one of them may
    fail earlier), so parallel sweeps raise what a serial one does.  A task that
    fails as a whole (``fn`` not importable in the worker, an unpicklable
    value, a worker that died) counts as a failure of each of its points.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> from symcm.numeric.sweeps import MeasureAt, sweep
    >>> p, q = sc.symbols("p q")
    >>> c_mu = MeasureAt(sc.statistical_complexity, sc.processes.binary_markov(p, q))
    >>> r = sweep(c_mu, {p: ["1/4", "1/2"], q: ["1/3", "1/2"]}, workers=2)
    >>> r.values
    [H(3/7), H(1/3), H(2/5), 0]
    >>> r.points[0]
    {p: 1/4, q: 1/3}
    >>> r.array(float).round(4)
    array([[0.9852, 0.9183],
           [0.971 , 0.    ]])

    A failing point is named, or recorded:

    >>> sweep(c_mu, [{p: 2, q: "1/2"}], backend="serial")
    Traceback (most recent call last):
    ...
    symcm.numeric.sweep_results.SweepError: fn raised NegativeProbabilityError at point {p: 2, q: 1/2} (point 1 of 1)...
    >>> sweep(c_mu, [{p: 2, q: "1/2"}], backend="serial", errors="collect").errors[0].type
    'NegativeProbabilityError'
    """
    started = time.perf_counter()
    if not callable(fn):
        raise ParameterTypeError(f"fn must be a callable of one point, received {fn!r}")
    if backend not in BACKENDS:
        raise ParameterTypeError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, received {backend!r}")
    if errors not in _ERRORS:
        raise ParameterTypeError(f"errors must be 'raise' or 'collect', received {errors!r}")
    workers = _positive_int(workers, "workers")
    chunksize = _positive_int(chunksize, "chunksize")
    max_points = _positive_int(max_points, "max_points", allow_none=False)
    if not (progress is None or isinstance(progress, bool) or callable(progress)):
        raise ParameterTypeError(f"progress must be True, False, None or a callable progress(done, total), "
                                 f"received {progress!r}")
    if address is not None and backend != "dask":
        raise ParameterTypeError(f"address is for backend='dask', received it with backend={backend!r}")
    if start_method is not None and backend != "process":
        raise ParameterTypeError(f"start_method is for backend='process', received it with backend={backend!r}")
    if backend == "dask":
        _import_distributed()  # fail before any work when dask is missing
    points, axes = _parse_grid(grid, max_points)
    if backend == "process" and start_method != "fork":
        where = unguarded_script_line(sys._getframe(1))
        if where is not None:  # workers would import the script again and start the sweep again
            warnings.warn(
                f"sc.sweep was called from the top level of the script {where[0]} (line {where[1]}), outside "
                f"`if __name__ == \"__main__\":`; a process pool would import the script again in every worker "
                f"and start the sweep there too, so this sweep runs serially in this process. To run it in "
                f"parallel, put the code that calls sc.sweep under `if __name__ == \"__main__\":` (or pass "
                f"backend='serial' to silence this warning).", SymcmWarning, stacklevel=2)
            backend = "serial"
    used = 1
    label = f"sweep ({backend})"
    with _reporter(progress, len(points), label) as report:
        collector = _Collector(points, errors, report)
        if not points:
            pass
        elif backend == "serial":
            used = _run_serial(fn, collector)
        elif backend == "process":
            used = _run_process(fn, collector, workers, chunksize, start_method)
        else:
            used = _run_dask(fn, collector, workers, chunksize, address)
    failures = collector.finish()
    return SweepResult(points, collector.values, failures, axes=axes, elapsed=time.perf_counter() - started,
                       backend=backend, workers=used)
