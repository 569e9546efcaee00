r"""Where the points of a sweep are evaluated: a serial loop, a process pool or Dask.

The executors of :func:`symcm.numeric.sweeps.sweep`.  The :math:`n` points of
a grid, already exact and in grid order, are cut into chunks of consecutive
points :math:`[a, b)` (``chunksize``, by default about 32 chunks per
worker), the unit of parallel work and of progress reports.  A chunk is
evaluated by :func:`_run_chunk`, which never raises for an error of ``fn``:
it returns ``(True, value)`` or ``(False, failure)`` per point.  The
outcomes are stored by index (:class:`_Collector`), so the values come back
in grid order whatever the order in which the chunks finish.

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
  module, a :func:`functools.partial` of one, or a
  :class:`~symcm.numeric.sweeps.MeasureAt`.
* ``"dask"``: :mod:`dask.distributed` (``pip install "symcm[distributed]"``),
  on a :class:`~distributed.LocalCluster` started for the sweep and closed
  afterwards, on a running scheduler given by its address, or through a
  :class:`~distributed.Client` you pass.  ``fn`` travels with cloudpickle.

**The first failure.**  With ``errors="raise"`` the point raised is the
first failing point in grid order, as in a serial sweep, whatever the
backend: once a point at index :math:`k` failed, chunks starting after
:math:`k` are cancelled and the ones before it are awaited (one of them may
fail earlier).  A task that fails as a whole (``fn`` not importable in the
worker, an unpicklable value, a dead worker) counts as a failure of each of
its points.

dask and multiprocessing are imported only when their backend runs; rich
only for a progress bar.

References
----------
.. [1] M. Rocklin, "Dask: parallel computation with blocked algorithms and
   task scheduling", Proceedings of the 14th Python in Science Conference
   (SciPy 2015), 130-136.
"""

from __future__ import annotations

import contextlib
import math
import os
import pickle
import traceback
import uuid
from collections.abc import Callable, Iterable, Iterator

from ..errors import MissingDependencyError, ParameterTypeError
from .sweep_results import FailedPoint, SweepError, _fmt_point

_INSTALL_DASK = 'pip install "symcm[distributed]"'
_WORKER_HINT = ("fn, the points and fn's values must be picklable, and fn importable by the workers: define it "
                "at the top level of a module (not in a notebook or an interactive session), or run backend='serial'")


# ------------------------------------------------------------------ the caller's script


def _guards(tree) -> list[tuple[int, int]]:
    """Line spans of the bodies of ``if __name__ == "__main__":`` blocks in a module's syntax tree."""
    import ast

    spans = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        if (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)
                and {type(test.left), type(test.comparators[0])} == {ast.Name, ast.Constant}):
            names = {getattr(test.left, "id", None), getattr(test.comparators[0], "id", None)}
            values = {getattr(test.left, "value", None), getattr(test.comparators[0], "value", None)}
            if "__name__" in names and "__main__" in values:
                spans.append((node.body[0].lineno, node.body[-1].end_lineno or node.body[-1].lineno))
    return spans


def unguarded_script_line(frame=None) -> tuple[str, int] | None:
    """``(script, line)`` when the call comes from a script's top level outside ``if __name__ == "__main__":``.

    A process pool started with ``forkserver`` or ``spawn`` imports the main
    script again in its workers; a script that starts the pool from its top
    level, unguarded, would start it again in every worker (Python's
    "bootstrapping phase" error).  A notebook, ``python -c`` or an
    interactive session has no script file: None.
    """
    import ast
    import sys

    frame = frame or sys._getframe(1)
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if not path or not str(path).endswith(".py"):
        return None
    while frame is not None:
        if frame.f_globals.get("__name__") == "__main__" and frame.f_code.co_name == "<module>":
            try:
                with open(path, encoding="utf-8") as handle:
                    tree = ast.parse(handle.read())
            except (OSError, SyntaxError, ValueError):
                return None
            line = frame.f_lineno
            if any(a <= line <= b for a, b in _guards(tree)):
                return None
            return str(path), line
        frame = frame.f_back
    return None


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
