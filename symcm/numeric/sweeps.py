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

**Backends.**

* ``"serial"``: a loop in this process, the reference.
* ``"process"``: :class:`concurrent.futures.ProcessPoolExecutor` on the
  ``forkserver`` start method where it exists (``spawn`` elsewhere).  A
  plain ``fork`` copies the caller mid-flight and can deadlock when it runs
  threads (a progress bar, a dask client, a GUI); a forkserver worker is
  forked from a clean server process instead (which has imported the main
  script, so symcm too when the script imports it), a spawned one is a
  fresh interpreter.  ``fn`` is sent with :mod:`pickle`, so it must be
  importable by the workers: a function defined at the top level of a
  module, a :func:`functools.partial` of one, or a :class:`MeasureAt`.
* ``"dask"``: :mod:`dask.distributed` (``pip install "symcm[distributed]"``),
  on a :class:`~distributed.LocalCluster` started for the sweep and closed
  afterwards, on a running scheduler given by its address, or through a
  :class:`~distributed.Client` you pass.  ``fn`` travels with cloudpickle.

Points are sent in chunks of consecutive points (``chunksize``), the unit
of parallel work and of progress reports.  A point whose ``fn`` raises is
recorded (:class:`FailedPoint`) or stops the sweep with a
:class:`SweepError` that names the point (``errors=``).

References
----------
.. [1] M. Rocklin, "Dask: parallel computation with blocked algorithms and
   task scheduling", Proceedings of the 14th Python in Science Conference
   (SciPy 2015), 130-136.

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

import contextlib
import inspect
import itertools
import math
import numbers
import os
import pickle
import re
import time
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import sympy as sp

from ..algebra.domain import to_rational
from ..errors import MissingDependencyError, ParameterTypeError, SymcmError, TooLargeError

__all__ = ["sweep", "SweepResult", "FailedPoint", "SweepError", "MeasureAt", "BACKENDS", "MAX_POINTS"]

#: The backends :func:`sweep` accepts.
BACKENDS = ("serial", "process", "dask")

#: Default cap on the number of points of one sweep (the ``max_points`` argument).
MAX_POINTS = 10**6

_ERRORS = ("raise", "collect")
_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*(/\s*[+-]?\d+\s*)?$")
_RESERVED_COLUMNS = ("value", "error")
_INSTALL_DASK = 'pip install "symcm[distributed]"'
_WORKER_HINT = ("fn, the points and fn's values must be picklable, and fn importable by the workers: define it "
                "at the top level of a module (not in a notebook or an interactive session), or run backend='serial'")


# ------------------------------------------------------------------ errors and records


class SweepError(SymcmError, RuntimeError):
    """``fn`` raised at a point of a sweep run with ``errors="raise"``.

    The message names the point, its position in the grid and the original
    exception's type and message.  The original exception is chained as
    ``__cause__`` when it could be brought back from the worker (always for
    ``backend="serial"``).

    Attributes
    ----------
    failure : FailedPoint or None
        The failed point: ``failure.point``, ``failure.index``,
        ``failure.type``, ``failure.message``, ``failure.traceback``.
    """

    def __init__(self, message: str, failure: FailedPoint | None = None):
        super().__init__(message)
        self.failure = failure


@dataclass(frozen=True)
class FailedPoint:
    """A grid point at which ``fn`` raised (or its task could not run in a worker).

    Attributes
    ----------
    index : int
        Position of the point in the grid (row-major order).
    point : dict or tuple
        The point, as ``fn`` received it.
    type : str
        The exception's class name, e.g. ``"ZeroDivisionError"``.
    message : str
        The exception's message.
    traceback : str
        The formatted traceback, from the worker that ran the point.

    Examples
    --------
    >>> from symcm.numeric.sweeps import sweep
    >>> r = sweep(lambda pt: 1 / pt["x"], {"x": [0, 2]}, backend="serial", errors="collect")
    >>> r.values
    [None, 0.5]
    >>> (f,) = r.errors
    >>> f.index, f.point, f.type
    (0, {'x': 0}, 'ZeroDivisionError')
    >>> print(f)
    ZeroDivisionError at {x: 0}: division by zero
    """

    index: int
    point: object
    type: str
    message: str
    traceback: str = field(default="", compare=False, repr=False)
    _exception: object = field(default=None, compare=False, repr=False)

    @property
    def exception(self) -> BaseException | None:
        """The original exception, when it could be brought back from the worker, else None."""
        raw = self._exception
        if isinstance(raw, bytes):
            try:
                return pickle.loads(raw)
            except Exception:  # pragma: no cover - checked in the worker already
                return None
        return raw

    def __str__(self) -> str:
        return f"{self.type} at {_fmt_point(self.point)}: {self.message}"


def _fmt_value(value) -> str:
    return str(value) if isinstance(value, (sp.Basic, int)) else repr(value)


def _fmt_point(point) -> str:
    if isinstance(point, Mapping):
        return "{" + ", ".join(f"{k}: {_fmt_value(v)}" for k, v in point.items()) + "}"
    if isinstance(point, tuple):
        return "(" + ", ".join(map(_fmt_value, point)) + ("," if len(point) == 1 else "") + ")"
    return _fmt_value(point)  # pragma: no cover - points are dicts or tuples


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


# ------------------------------------------------------------------ evaluation (runs in the workers)


def _failure(exc: BaseException, remote: bool) -> tuple:
    """(type name, message, traceback, exception or its pickle) describing ``exc``."""
    text = "".join(traceback.format_exception(exc))
    if not remote:
        return type(exc).__qualname__, str(exc), text, exc
    try:  # bring the exception back only if it survives a round trip
        blob = pickle.dumps(exc)
        pickle.loads(blob)
    except Exception:
        blob = None
    return type(exc).__qualname__, str(exc), text, blob


def _run_chunk(fn: Callable, points: list, remote: bool = True, stop_on_error: bool = False) -> list:
    """``[(True, value) or (False, failure)]`` for consecutive points; never raises for an error of ``fn``.

    With ``stop_on_error``, the list ends at the first failure.
    """
    out = []
    for point in points:
        try:
            out.append((True, fn(dict(point) if isinstance(point, dict) else point)))
        except Exception as exc:
            out.append((False, _failure(exc, remote)))
            if stop_on_error:
                break
    return out


class _Collector:
    """Stores outcomes by index and reports progress; with errors='raise', tracks the first failing point.

    ``cutoff`` is the smallest failing index seen so far.  Chunks that start
    after it are not needed any more; the ones before it still are (one of
    them may fail earlier), so the point finally raised is the first failing
    point in grid order, as in a serial sweep, whatever the backend.
    """

    def __init__(self, points: list, errors: str, report: Callable[[int], None]):
        self.points = points
        self.values: list = [None] * len(points)
        self.failures: dict[int, FailedPoint] = {}
        self.stop_on_error = errors == "raise"
        self.cutoff: int | None = None
        self.report = report
        self.done = 0

    def needs(self, start: int) -> bool:
        """Whether the chunk that starts at index ``start`` must still be evaluated."""
        return self.cutoff is None or start < self.cutoff

    def record(self, start: int, outcomes: list) -> None:
        for offset, (ok, payload) in enumerate(outcomes):
            index = start + offset
            if ok:
                self.values[index] = payload
                continue
            kind, message, text, exc = payload
            self.failures[index] = FailedPoint(index, self.points[index], kind, message, text, exc)
            if self.stop_on_error and (self.cutoff is None or index < self.cutoff):
                self.cutoff = index
        self.done += len(outcomes)
        self.report(self.done)

    def record_broken(self, start: int, stop: int, exc: BaseException) -> None:
        """A chunk whose task failed as a whole (unpicklable fn or value, dead worker): all its points failed."""
        message = f"{exc} (the task could not run in a worker; {_WORKER_HINT})"
        failure = (type(exc).__qualname__, message, "".join(traceback.format_exception(exc)), exc)
        self.record(start, [(False, failure)] * (stop - start))

    def drain(self, spans: dict, completed: Iterable, cancel: Callable[[list], None]) -> None:
        """Record chunks as their futures complete; once a point failed (errors='raise'), cancel later chunks."""
        waiting = set(spans)
        for future in completed:
            waiting.discard(future)
            a, b = spans[future]
            if not self.needs(a):
                continue
            try:
                outcomes = future.result()
            except Exception as exc:
                self.record_broken(a, b, exc)
            else:
                self.record(a, outcomes)
            if self.cutoff is not None:
                late = [f for f in waiting if not self.needs(spans[f][0])]
                if late:
                    cancel(late)
                    waiting.difference_update(late)
                if not waiting:
                    break

    def finish(self) -> list[FailedPoint]:
        """The failures by index; with errors='raise', raise the first failing point instead."""
        if self.cutoff is not None:
            failure = self.failures[self.cutoff]
            raise SweepError(
                f"fn raised {failure.type} at point {_fmt_point(failure.point)} (point {failure.index + 1} of "
                f"{len(self.points)}): {failure.message}; pass errors='collect' to record failures and finish "
                f"the sweep",
                failure,
            ) from failure.exception
        return [self.failures[i] for i in sorted(self.failures)]


def _chunks(n: int, chunksize: int) -> list[tuple[int, int]]:
    return [(a, min(a + chunksize, n)) for a in range(0, n, chunksize)]


def _default_chunksize(n: int, workers: int) -> int:
    # about 32 tasks per worker: balance for uneven per-point costs, few enough tasks for cheap ones
    return max(1, math.ceil(n / (32 * max(1, workers))))


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


# ------------------------------------------------------------------ backends


def _run_serial(fn, collector: _Collector) -> int:
    for i, point in enumerate(collector.points):
        collector.record(i, _run_chunk(fn, [point], remote=False))
        if collector.cutoff is not None:
            break
    return 1


def _start_method(start_method):
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if start_method is None:
        start_method = "forkserver" if "forkserver" in methods else "spawn"
    if not isinstance(start_method, str) or start_method not in methods:
        raise ParameterTypeError(f"start_method must be one of {', '.join(methods)} or None, received {start_method!r}")
    return multiprocessing.get_context(start_method)


def _stop_workers(pool) -> None:
    """Cancel queued tasks and end the workers now: an expensive point still running is not wanted any more."""
    terminate = getattr(pool, "terminate_workers", None)  # Python >= 3.14
    if terminate is not None:  # pragma: no cover - depends on the Python version
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())  # Python < 3.14; gone after shutdown
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()


def _run_process(fn, collector: _Collector, workers, chunksize, start_method) -> int:
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = _start_method(start_method)
    try:
        pickle.dumps(fn)
    except Exception as exc:
        raise ParameterTypeError(
            f"backend='process' sends fn to the workers with pickle, and {fn!r} cannot be pickled "
            f"({type(exc).__name__}: {exc}); use a function defined at the top level of a module, a "
            f"functools.partial of one or symcm.numeric.sweeps.MeasureAt, or backend='serial' or 'dask' (cloudpickle)"
        ) from exc
    n = len(collector.points)
    workers = workers or _cpu_count()
    chunks = _chunks(n, chunksize or _default_chunksize(n, workers))
    workers = min(workers, len(chunks))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    clean = False
    try:
        spans = {pool.submit(_run_chunk, fn, collector.points[a:b], True, collector.stop_on_error): (a, b)
                 for a, b in chunks}
        collector.drain(spans, as_completed(spans), lambda late: [f.cancel() for f in late])
        clean = collector.cutoff is None
    finally:
        if clean:
            pool.shutdown(wait=True)
        else:  # a failure with errors='raise', or an interrupt: do not wait for work that is not needed
            _stop_workers(pool)
    return workers


def _import_distributed():
    try:
        import distributed
    except ImportError as exc:
        raise MissingDependencyError(
            f"backend='dask' needs dask.distributed, which is not installed: {_INSTALL_DASK} "
            f"(or use backend='process' or 'serial')"
        ) from exc
    return distributed


def _dask_client(distributed, address, workers, n_tasks: int):
    """(client, what to close afterwards) for the ``address`` argument."""
    if address is None:
        # one thread per worker: sympy holds the GIL; the scheduler's HTTP server on a free local port, no dashboard
        cluster = distributed.LocalCluster(n_workers=min(workers or _cpu_count(), max(1, n_tasks)),
                                           threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                                           scheduler_kwargs={"dashboard": False})
        try:
            client = distributed.Client(cluster)
        except BaseException:  # pragma: no cover - a cluster that started but cannot be reached
            cluster.close()
            raise
        return client, [client, cluster]
    if isinstance(address, distributed.Client):
        return address, []
    if isinstance(address, str) or hasattr(address, "scheduler_address"):
        client = distributed.Client(address)
        return client, [client]
    raise ParameterTypeError(
        "address: expected None (start a LocalCluster), a scheduler address such as 'tcp://host:8786', "
        f"a cluster object or a distributed.Client, received {address!r}"
    )


def _run_dask(fn, collector: _Collector, workers, chunksize, address) -> int:
    distributed = _import_distributed()
    n = len(collector.points)
    guess = workers or _cpu_count()
    chunk = chunksize or _default_chunksize(n, guess)
    client, owned = _dask_client(distributed, address, workers, math.ceil(n / chunk))
    spans = {}
    clean = False
    try:
        threads = sum(client.nthreads().values()) or guess
        if chunksize is None and address is not None:
            chunk = _default_chunksize(n, threads)
        token = uuid.uuid4().hex[:8]
        for a, b in _chunks(n, chunk):
            future = client.submit(_run_chunk, fn, collector.points[a:b], True, collector.stop_on_error,
                                   key=f"symcm-sweep-{token}-{a}", pure=False)
            spans[future] = (a, b)
        collector.drain(spans, distributed.as_completed(list(spans)), client.cancel)
        clean = collector.cutoff is None
    finally:
        if not clean and spans:
            with contextlib.suppress(Exception):
                client.cancel(list(spans))
        for thing in owned:
            with contextlib.suppress(Exception):
                thing.close()
    return threads


# ------------------------------------------------------------------ progress


@contextlib.contextmanager
def _reporter(progress, total: int, label: str) -> Iterator[Callable[[int], None]]:
    """A ``report(done)`` callback: the user's ``progress(done, total)``, a rich bar on stderr, or nothing."""
    if callable(progress):
        yield lambda done: progress(done, total)
        return
    if progress is False or total == 0:
        yield lambda done: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, \
        TimeRemainingColumn

    console = Console(stderr=True)
    if progress is None and not console.is_terminal:
        yield lambda done: None
        return
    # on a terminal the bar disappears when done; forced elsewhere (a log), its final state stays
    bar = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), TimeRemainingColumn(),
                   console=console, transient=console.is_terminal)
    with bar:
        task = bar.add_task(label, total=total)
        yield lambda done: bar.update(task, completed=done)


# ------------------------------------------------------------------ the result


class SweepResult:
    """The values of a sweep, in grid order, with the failed points and how long it took.

    Attributes
    ----------
    points : list of dict or tuple
        The points, in grid order (dicts ``{p: value}`` for a mapping grid).
    values : list
        ``fn(point)`` for each point; None where ``fn`` raised.
    errors : list of FailedPoint
        The points where ``fn`` raised (empty unless ``errors="collect"``), by index.
    axes : dict or None
        ``{key: values}`` for a mapping grid, else None.
    shape : tuple of int
        ``(len(values_1), ..., len(values_d))`` for a mapping grid, else ``(len(points),)``.
    elapsed : float
        Wall-clock seconds of the whole sweep, pool or cluster start-up included.
    backend : str
        ``"serial"``, ``"process"`` or ``"dask"``.
    workers : int
        Worker processes (dask: worker threads) that ran the points.

    Examples
    --------
    >>> from symcm.numeric.sweeps import sweep
    >>> r = sweep(lambda pt: pt["a"] * pt["b"], {"a": [1, 2], "b": ["1/3", "1/2", "1"]}, backend="serial")
    >>> r
    SweepResult(6 points over a (2) x b (3), backend='serial', 1 worker, all ok, ... s)
    >>> r.array()
    array([[1/3, 1/2, 1],
           [2/3, 1, 2]], dtype=object)
    >>> r.table()[1]
    {'a': 1, 'b': 1/2, 'value': 1/2, 'error': None}
    >>> [value for point, value in r][:2]
    [1/3, 1/2]
    """

    def __init__(self, points: list, values: list, errors: list, *, axes: dict | None, elapsed: float,
                 backend: str, workers: int):
        self._points = points
        self._values = values
        self._errors = errors
        self._axes = axes
        self.elapsed = elapsed
        self.backend = backend
        self.workers = workers

    @staticmethod
    def _copy(point):
        return dict(point) if isinstance(point, dict) else point

    @property
    def points(self) -> list:
        """The points, in grid order (copies: changing them does not change the result)."""
        return [self._copy(p) for p in self._points]

    @property
    def values(self) -> list:
        """``fn(point)`` for each point, in grid order; None where ``fn`` raised."""
        return list(self._values)

    @property
    def errors(self) -> list[FailedPoint]:
        """The failed points, by index (empty unless the sweep ran with ``errors="collect"``)."""
        return list(self._errors)

    @property
    def ok(self) -> bool:
        """True when ``fn`` succeeded at every point."""
        return not self._errors

    @property
    def axes(self) -> dict | None:
        """``{key: tuple of values}`` for a mapping grid, else None."""
        return None if self._axes is None else dict(self._axes)

    @property
    def shape(self) -> tuple[int, ...]:
        """The grid's shape: one length per parameter for a mapping grid, else ``(number of points,)``."""
        if self._axes is None:
            return (len(self._points),)
        return tuple(len(v) for v in self._axes.values())

    def __len__(self) -> int:
        return len(self._points)

    def __iter__(self) -> Iterator[tuple[object, object]]:
        """``(point, value)`` pairs in grid order."""
        return ((self._copy(p), v) for p, v in zip(self._points, self._values))

    def __repr__(self) -> str:
        n = len(self._points)
        if self._axes is not None:
            over = " over " + " x ".join(f"{k} ({len(v)})" for k, v in self._axes.items())
        else:
            over = ""
        status = "all ok" if not self._errors else f"{n - len(self._errors)} ok, {len(self._errors)} failed"
        plural = "" if self.workers == 1 else "s"
        return (f"SweepResult({n} point{'' if n == 1 else 's'}{over}, backend={self.backend!r}, "
                f"{self.workers} worker{plural}, {status}, {self.elapsed:.3g} s)")

    def array(self, dtype=None):
        """The values as a numpy array shaped like the grid.

        Parameters
        ----------
        dtype : numpy dtype, optional
            None or ``object`` (default): the exact values, None where ``fn``
            raised.  ``float`` or ``complex``: numbers (each value evaluated
            with 20 significant digits, then rounded), NaN where ``fn``
            raised.  An integer dtype: values that are exact integers.

        Returns
        -------
        numpy.ndarray
            Of shape :attr:`shape`.

        Raises
        ------
        MissingDependencyError
            numpy is not installed.
        ParameterTypeError
            A value cannot be converted to ``dtype`` (e.g. it has free
            symbols), or the dtype is not numeric.
        """
        try:
            import numpy as np
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise MissingDependencyError('SweepResult.array needs numpy: pip install numpy (or "symcm[numeric]")') \
                from exc
        target = np.dtype(object if dtype is None else dtype)
        failed = {f.index for f in self._errors}
        if target.kind == "O":
            out = np.empty(len(self._values), dtype=object)
            for i, v in enumerate(self._values):
                out[i] = v
            return out.reshape(self.shape)
        if target.kind not in "fciub":
            raise ParameterTypeError(f"array: expected dtype object, a float, complex or integer dtype, received "
                                     f"{target}")
        if failed and target.kind not in "fc":
            first = self._errors[0]
            raise ParameterTypeError(f"array(dtype={target}): fn failed at point {_fmt_point(first.point)} "
                                     f"and {target} has no missing value; use dtype=float (NaN) or object (None)")
        converted = [float("nan") if i in failed else self._number(v, target.kind, i)
                     for i, v in enumerate(self._values)]
        return np.array(converted, dtype=target).reshape(self.shape)

    def _number(self, v, kind: str, i: int):
        try:
            if kind in "iub":
                if isinstance(v, (bool, int)) or (isinstance(v, sp.Basic) and v.is_Integer):
                    return int(v)
                raise TypeError("not an integer")
            if isinstance(v, sp.Basic) and not v.is_Rational:
                v = v.evalf(20)
            return complex(v) if kind == "c" else float(v)
        except (TypeError, ValueError) as exc:
            what = "an integer" if kind in "iub" else "a number"
            raise ParameterTypeError(
                f"array: the value at point {_fmt_point(self._points[i])} is not {what}: {v}; "
                f"use dtype=object for the exact values"
            ) from exc

    def _columns(self, point) -> dict:
        if isinstance(point, dict):
            row = {str(k): v for k, v in point.items()}
        else:
            row = {f"x{j}": v for j, v in enumerate(point)}
        clash = [c for c in _RESERVED_COLUMNS if c in row]
        if clash:
            raise ParameterTypeError(f"table: the grid has a parameter named {clash[0]!r}, which is also the name of "
                                     f"a result column ({', '.join(_RESERVED_COLUMNS)}); rename the parameter")
        return row

    def table(self) -> list[dict]:
        """One row per point: the parameters by name, then ``value`` and ``error``.

        Tuple points have columns ``x0, x1, ...``.  ``error`` is None or
        ``"Type: message"``.

        Returns
        -------
        list of dict
        """
        failed = {f.index: f for f in self._errors}
        rows = []
        for i, (point, value) in enumerate(zip(self._points, self._values)):
            row = self._columns(point)
            f = failed.get(i)
            row["value"] = value
            row["error"] = None if f is None else f"{f.type}: {f.message}"
            rows.append(row)
        return rows

    def to_pandas(self):
        """:meth:`table` as a :class:`pandas.DataFrame` (object columns keep the exact values).

        Raises
        ------
        MissingDependencyError
            pandas is not installed.
        """
        try:
            import pandas as pd
        except ImportError as exc:
            raise MissingDependencyError("SweepResult.to_pandas needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.table())


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
        At a point where ``fn`` raises: stop and raise :class:`SweepError`
        naming the point (default), or record a :class:`FailedPoint` in
        :attr:`SweepResult.errors` (value None) and go on.
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
    symcm.numeric.sweeps.SweepError: fn raised NegativeProbabilityError at point {p: 2, q: 1/2} (point 1 of 1): ...
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
