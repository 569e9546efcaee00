r"""What a parameter sweep returns: :class:`SweepResult`, :class:`FailedPoint` and :class:`SweepError`.

A sweep (:func:`symcm.numeric.sweeps.sweep`) over a grid
:math:`G = V_1 \times \cdots \times V_d` returns the values
:math:`f(g)` for :math:`g \in G` **in grid order** (row-major: the last
parameter varies fastest), whatever the order in which the workers finished.
This module owns that record:

* :class:`SweepResult`: the points and values in grid order, the failed
  points, and views of them shaped like the grid (:meth:`SweepResult.array`,
  a numpy array of shape :math:`(|V_1|, \dots, |V_d|)`), as rows
  (:meth:`SweepResult.table`) or as a pandas ``DataFrame``;
* :class:`FailedPoint`: a point at which ``fn`` raised, with its flat index
  in the grid and the worker's traceback;
* :class:`SweepError`: raised for the first failing point in grid order
  when a sweep runs with ``errors="raise"``.

numpy and pandas are optional and imported only by the methods that need them.

Examples
--------
>>> from symcm.numeric.sweeps import sweep
>>> r = sweep(lambda pt: 1 / pt["x"], {"x": [0, 2, 4]}, backend="serial", errors="collect")
>>> r.values, r.shape, r.ok
([None, 0.5, 0.25], (3,), False)
>>> r.errors[0].type
'ZeroDivisionError'
"""

from __future__ import annotations

import math
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

import sympy as sp

from ..errors import MissingDependencyError, ParameterTypeError, SymcmError

__all__ = ["FailedPoint", "SweepError", "SweepResult"]

_RESERVED_COLUMNS = ("value", "error")


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

    def table(self, numeric: bool = False) -> list[dict]:
        """One row per point: the parameters by name, then ``value`` and ``error``.

        Tuple points have columns ``x0, x1, ...``.  ``error`` is None or
        ``"Type: message"``.

        Parameters
        ----------
        numeric : bool
            Give the parameters and values as Python floats (``nan`` where a
            value is missing or not a real number) instead of exact sympy
            numbers, so that the table plots directly.

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
            if numeric:
                row = {k: _as_float(v) for k, v in row.items()}
            row["error"] = None if f is None else f"{f.type}: {f.message}"
            rows.append(row)
        return rows

    def to_pandas(self, numeric: bool = False):
        """:meth:`table` as a :class:`pandas.DataFrame`.

        With ``numeric=False`` (default) object columns keep the exact
        values; with ``numeric=True`` the parameter and value columns are
        ``float64`` (``nan`` where a value is missing), ready to plot.

        Raises
        ------
        MissingDependencyError
            pandas is not installed.
        """
        try:
            import pandas as pd
        except ImportError as exc:
            raise MissingDependencyError("SweepResult.to_pandas needs pandas: pip install pandas") from exc
        return pd.DataFrame(self.table(numeric=numeric))


def _as_float(value) -> float:
    """A real number as a float; ``nan`` for None, failures and values that are not real numbers."""
    try:
        number = complex(value)
    except (TypeError, ValueError):
        return math.nan
    return number.real if number.imag == 0 else math.nan
