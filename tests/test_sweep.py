"""Tests of symcm.numeric.sweeps: exact parameter sweeps, serial = process = dask, order, errors, caps, progress.

The dask tests (``test_dask_*``) are the CI tests of the ``symcm[distributed]``
extra: they start real ``LocalCluster``s with two single-threaded worker
*processes* (``processes=True``), so ``fn``, the exact points and the results
really are pickled across process boundaries.  They are skipped only when
dask.distributed is not installed (it is in the ``test`` extra CI installs).
"""

from __future__ import annotations

import functools
import importlib.util
import math
import os
import subprocess
import sys
import time
from fractions import Fraction

import pytest
import sympy as sp

import symcm as sc
from symcm.errors import DomainError, MissingDependencyError, ParameterTypeError, SymcmError, TooLargeError
from symcm.numeric.sweep_results import FailedPoint, SweepError, SweepResult
from symcm.numeric.sweeps import MeasureAt, sweep
from tests import sweep_funcs

R = sp.Rational
p, q = sc.symbols("p q")
GRID = {p: ["1/4", "1/2", "2/3"], q: [R(1, 3), Fraction(1, 2)]}  # two points on the IID line p + q = 1 (C_mu = 0)
HAS_DASK = importlib.util.find_spec("distributed") is not None
HAS_PANDAS = importlib.util.find_spec("pandas") is not None
needs_dask = pytest.mark.skipif(not HAS_DASK,
                                reason='dask.distributed is not installed: pip install "symcm[distributed]"')


def expected_c_mu(grid=GRID):
    """C_mu computed directly, point by point, in row-major order."""
    return [sc.statistical_complexity(sc.processes.binary_markov(R(str(a)), R(str(b))))
            for a in grid[p] for b in grid[q]]


EXPECTED = expected_c_mu()


# ------------------------------------------------------------------ serial: the reference


def test_serial_values_points_and_order():
    """A mapping grid is swept in row-major order (last key fastest), each value exactly fn(point)."""
    r = sweep(sweep_funcs.c_mu, GRID, backend="serial")
    assert r.values == EXPECTED
    assert r.points == [{p: R(a), q: R(str(b))} for a in GRID[p] for b in GRID[q]]
    assert r.shape == (3, 2) and len(r) == 6 and r.backend == "serial" and r.ok
    assert r.values[3] == 0  # p = 1/2, q = 1/2: IID, one causal state
    assert all(isinstance(v, sp.Basic) for v in r.values)


def test_sweep_returns_a_result_with_elapsed_time():
    """sweep returns a SweepResult carrying the backend, the workers used and the elapsed time of the sweep."""
    r = sweep(sweep_funcs.c_mu, {p: ["1/4"], q: ["1/3"]}, backend="serial")
    assert isinstance(r, SweepResult) and r.elapsed >= 0 and r.workers == 1 and r.backend == "serial"


def test_values_are_normalised_to_exact_numbers():
    """Strings, Fractions and Decimals become Rationals; ints and exact sympy values are kept."""
    from decimal import Decimal

    r = sweep(sweep_funcs.echo, {"a": ["2/5", "0.25", Fraction(1, 3), Decimal("0.5"), 3, sp.sqrt(2)]},
              backend="serial")
    assert [v for (v, _kind) in (row["a"] for row in r.values)] == [R(2, 5), R(1, 4), R(1, 3), R(1, 2), 3, sp.sqrt(2)]
    assert [kind for (_v, kind) in (row["a"] for row in r.values)] == [
        "Rational", "Rational", "Rational", "Half", "int", "Pow"]


@pytest.mark.parametrize("grid, error, words", [
    ({p: [0.3]}, ParameterTypeError, ["float 0.3", "'0.3'"]),
    ({p: [sp.Float("0.5")]}, ParameterTypeError, ["float"]),
    ({p: ["1/0"]}, DomainError, ["grid[p][0]", "rational number"]),
    ({p: "1/2"}, ParameterTypeError, ["grid[p]", "sequence of values"]),
    ({p: {R(1, 2), R(1, 3)}}, ParameterTypeError, ["unordered set"]),
    ({3: [1]}, ParameterTypeError, ["Symbols or parameter names"]),
    ({p: [1], "p": [2]}, ParameterTypeError, ["given twice"]),
    ({}, ParameterTypeError, ["at least one parameter"]),
    ("p=1/2", ParameterTypeError, ["mapping {p: values", "iterable of points"]),
    (42, ParameterTypeError, ["mapping {p: values", "iterable of points"]),
    ([R(1, 2)], ParameterTypeError, ["point 0", "dict {p: value} or a tuple"]),
    ([{p: 1.5}], ParameterTypeError, ["point 0 [p]", "float"]),
])
def test_bad_grids_are_refused_with_what_was_expected(grid, error, words):
    """A malformed grid raises a SymcmError (ValueError or TypeError) saying what was expected and received."""
    with pytest.raises(error) as info:
        sweep(sweep_funcs.echo, grid, backend="serial")
    assert isinstance(info.value, SymcmError) and isinstance(info.value, (ValueError, TypeError))
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("kwargs, words", [
    ({"backend": "gpu"}, ["backend must be one of", "'serial', 'process', 'dask'", "'gpu'"]),
    ({"errors": "ignore"}, ["'raise' or 'collect'", "'ignore'"]),
    ({"workers": 0}, ["workers must be a positive int"]),
    ({"chunksize": 2.5}, ["chunksize must be a positive int"]),
    ({"max_points": None}, ["max_points must be a positive int"]),
    ({"progress": "yes"}, ["progress must be True, False, None or a callable"]),
    ({"backend": "serial", "address": "tcp://localhost:8786"}, ["address is for backend='dask'"]),
    ({"backend": "serial", "start_method": "spawn"}, ["start_method is for backend='process'"]),
    ({"start_method": "teleport"}, ["start_method must be one of"]),
])
def test_bad_options_are_refused(kwargs, words):
    """Unknown backends, error policies and malformed options raise ParameterTypeError naming the choices."""
    with pytest.raises(ParameterTypeError) as info:
        sweep(sweep_funcs.echo, {p: [1]}, **kwargs)
    for word in words:
        assert word in str(info.value)


def test_fn_must_be_callable_and_picklable_for_processes():
    """A non-callable fn is refused; a lambda is refused by backend='process' before any worker starts."""
    with pytest.raises(ParameterTypeError, match="callable"):
        sweep(42, {p: [1]}, backend="serial")
    with pytest.raises(ParameterTypeError, match="cannot be pickled.*backend='serial' or 'dask'"):
        sweep(lambda point: 1, {p: [1]}, backend="process")
    assert sweep(lambda point: point[p] + 1, {p: [1]}, backend="serial").values == [2]


def test_strings_that_are_not_numbers_are_passed_as_names():
    """A string that is not a number (a method or process name) reaches fn unchanged, next to exact numbers."""
    r = sweep(sweep_funcs.echo, {"method": ["L-BFGS-B", "SLSQP"], "p": ["1e-3"]}, backend="serial")
    assert r.values[0] == {"method": ("L-BFGS-B", "str"), "p": (R(1, 1000), "Rational")}
    assert r.points[1] == {"method": "SLSQP", "p": R(1, 1000)}


def test_explicit_points_dicts_and_tuples():
    """An iterable of points is swept in its order; dicts arrive as dicts and tuples as tuples."""
    r = sweep(sweep_funcs.echo, iter([{"a": "1/2"}, ("1/3", 2)]), backend="serial")
    assert r.values == [{"a": (R(1, 2), "Half")}, {"0": (R(1, 3), "Rational"), "1": (2, "int")}]
    assert r.points == [{"a": R(1, 2)}, (R(1, 3), 2)]
    assert r.shape == (2,) and r.axes is None


def test_fn_cannot_change_the_recorded_points():
    """fn receives a copy of each point, and .points hands out copies."""

    def scribble(point):
        point[p] = 99
        return 0

    r = sweep(scribble, {p: [1, 2]}, backend="serial")
    assert r.points == [{p: 1}, {p: 2}]
    r.points[0][p] = 7
    assert r.points[0] == {p: 1}


def test_empty_grid_gives_an_empty_result():
    """A grid with no points returns at once with an empty, well-shaped result."""
    r = sweep(sweep_funcs.c_mu, {p: [], q: [1]}, backend="process")
    assert len(r) == 0 and r.values == [] and r.shape == (0, 1) and r.array().shape == (0, 1)


# ------------------------------------------------------------------ caps


def test_max_points_caps_a_mapping_grid_before_any_work():
    """3 x 4 = 12 points with max_points=10 raises TooLargeError naming the cap and how to raise it."""
    with pytest.raises(TooLargeError) as info:
        sweep(sweep_funcs.echo, {p: [1, 2, 3], q: [1, 2, 3, 4]}, backend="serial", max_points=10)
    assert "max_points=10" in str(info.value) and "pass max_points=12" in str(info.value)
    assert "3 (p) x 4 (q) = 12 points" in str(info.value)
    assert len(sweep(sweep_funcs.echo, {p: [1, 2, 3], q: [1, 2, 3, 4]}, backend="serial", max_points=12)) == 12


def test_max_points_caps_an_endless_iterable():
    """An endless iterable of points stops at the cap with TooLargeError instead of running forever."""
    import itertools

    with pytest.raises(TooLargeError, match="more than max_points=5 points; pass a larger max_points"):
        sweep(sweep_funcs.echo, ((i,) for i in itertools.count()), backend="serial", max_points=5)
    with pytest.raises(TooLargeError, match=r"grid\[p\] has more than max_points=5 values"):
        sweep(sweep_funcs.echo, {p: itertools.count()}, backend="serial", max_points=5)


def test_default_cap_is_a_million():
    """The default cap is 10**6 points: a 1001 x 1000 grid is refused without being built."""
    with pytest.raises(TooLargeError, match="1001000 points, more than max_points=1000000"):
        sweep(sweep_funcs.echo, {p: range(1001), q: range(1000)}, backend="serial")


# ------------------------------------------------------------------ errors


def test_errors_raise_names_the_point():
    """errors='raise' (default) stops at a failing point with SweepError naming the point and the cause."""
    with pytest.raises(SweepError) as info:
        sweep(sweep_funcs.fail_at_half, GRID, backend="serial")
    err = info.value
    assert isinstance(err, SymcmError) and isinstance(err, RuntimeError)
    assert "fn raised ValueError at point {p: 1/2, q: 1/3} (point 3 of 6): no value at p = 1/2" in str(err)
    assert "errors='collect'" in str(err)
    assert isinstance(err.__cause__, ValueError)
    assert err.failure.index == 2 and err.failure.point == {p: R(1, 2), q: R(1, 3)}


def test_errors_collect_records_each_failure():
    """errors='collect' finishes the sweep: failed points have value None and a FailedPoint with type and message."""
    r = sweep(sweep_funcs.fail_at_half, GRID, backend="serial", errors="collect")
    assert [v is None for v in r.values] == [False, False, True, True, False, False]
    assert r.errors == [
        FailedPoint(2, {p: R(1, 2), q: R(1, 3)}, "ValueError", "no value at p = 1/2"),
        FailedPoint(3, {p: R(1, 2), q: R(1, 2)}, "ValueError", "no value at p = 1/2"),
    ]
    assert not r.ok and "4 ok, 2 failed" in repr(r)
    assert "fail_at_half" in r.errors[0].traceback and isinstance(r.errors[0].exception, ValueError)
    assert str(r.errors[0]) == "ValueError at {p: 1/2, q: 1/3}: no value at p = 1/2"
    assert r.values[0] == R(3, 4)


def test_sweep_error_survives_pickling():
    """SweepError can be pickled (sent between processes) with its message and failure."""
    import pickle

    with pytest.raises(SweepError) as info:
        sweep(sweep_funcs.fail_at_half, {"p": ["1/2"], "q": [1]}, backend="serial")
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value) and again.failure == info.value.failure


# ------------------------------------------------------------------ the result object


def test_array_table_iteration_and_repr():
    """array() is shaped like the grid (exact objects, floats, ints); table() has one row per point."""
    r = sweep(sweep_funcs.fail_at_half, GRID, backend="serial", errors="collect")
    exact = r.array()
    assert exact.shape == (3, 2) and exact.dtype == object
    assert exact[0, 1] == R(1, 2) and exact[1, 0] is None
    numeric = r.array(float)
    assert numeric.dtype.kind == "f" and numeric[0, 1] == 0.5 and numeric[1, 0] != numeric[1, 0]  # NaN
    with pytest.raises(ParameterTypeError, match="has no missing value"):
        r.array(int)
    rows = r.table()
    assert rows[0] == {"p": R(1, 4), "q": R(1, 3), "value": R(3, 4), "error": None}
    assert rows[2]["error"] == "ValueError: no value at p = 1/2"
    assert list(r)[0] == ({p: R(1, 4), q: R(1, 3)}, R(3, 4))
    assert repr(r).startswith("SweepResult(6 points over p (3) x q (2), backend='serial', 1 worker, 4 ok, 2 failed")
    assert r.axes == {p: (R(1, 4), R(1, 2), R(2, 3)), q: (R(1, 3), R(1, 2))}


def test_array_of_transcendental_and_integer_values():
    """Exact entropies convert to floats (via 20 digits); exact integers convert to an integer dtype."""
    c = sweep(sweep_funcs.c_mu, GRID, backend="serial").array(float)
    assert abs(c[0, 0] - float(sp.N(EXPECTED[0], 30))) < 1e-15
    orders = sweep(MeasureAt(sc.markov_order, sc.processes.binary_markov(p, q)), GRID, backend="serial")
    assert orders.array(int).tolist() == [[1, 1], [1, 0], [0, 1]]  # order 0 on the IID line
    with pytest.raises(ParameterTypeError, match="not an integer"):
        sweep(sweep_funcs.c_mu, GRID, backend="serial").array(int)
    with pytest.raises(ParameterTypeError, match="float, complex or integer"):
        orders.array("U3")


def test_tuple_points_table_columns_and_reserved_names():
    """Tuple points get columns x0, x1...; a parameter named 'value' clashes with the result column."""
    assert sweep(sweep_funcs.echo, [(1, 2)], backend="serial").table()[0]["x1"] == 2
    with pytest.raises(ParameterTypeError, match="named 'value'"):
        sweep(sweep_funcs.echo, {"value": [1]}, backend="serial").table()


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed (optional)")
def test_to_pandas():
    """to_pandas() is table() as a DataFrame, exact values kept in object columns."""
    df = sweep(sweep_funcs.c_mu, GRID, backend="serial").to_pandas()
    assert list(df.columns) == ["p", "q", "value", "error"] and len(df) == 6
    assert df["value"].tolist() == EXPECTED


def test_to_pandas_without_pandas(monkeypatch):
    """Without pandas, to_pandas() raises MissingDependencyError naming pip install pandas."""
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match="pip install pandas"):
        sweep(sweep_funcs.echo, {p: [1]}, backend="serial").to_pandas()


def test_measure_at_pickles_and_accepts_names():
    """MeasureAt survives pickling and substitutes points keyed by Symbols or by names."""
    import pickle

    f = pickle.loads(pickle.dumps(MeasureAt(sc.statistical_complexity, sc.processes.binary_markov(p, q))))
    assert f({"p": R(1, 4), "q": R(1, 3)}) == f({p: R(1, 4), q: R(1, 3)}) == EXPECTED[0]
    with pytest.raises(ParameterTypeError, match="dicts"):
        f((R(1, 4), R(1, 3)))
    with pytest.raises(ParameterTypeError, match="callable"):
        MeasureAt("C_mu", sc.processes.binary_markov(p, q))


# ------------------------------------------------------------------ progress


def test_progress_callback_counts_serial():
    """A progress callable is called after every point with (done, total), ending at (total, total)."""
    calls = []
    sweep(sweep_funcs.c_mu, GRID, backend="serial", progress=lambda done, total: calls.append((done, total)))
    assert calls == [(i, 6) for i in range(1, 7)]


def test_progress_bar_draws(capsys):
    """progress=True draws a rich bar on stderr even off a terminal, leaving its final state (6/6) there."""
    r = sweep(sweep_funcs.c_mu, GRID, backend="serial", progress=True)
    assert r.values == EXPECTED
    err = capsys.readouterr().err
    assert "sweep (serial)" in err and "6/6" in err


def test_no_progress_off_a_terminal(capsys):
    """By default nothing is drawn when stderr is not a terminal (a pipe, CI, pytest)."""
    sweep(sweep_funcs.c_mu, GRID, backend="serial")
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------ process backend


def test_process_equals_serial_exactly():
    """backend='process' (2 workers, forkserver) returns the serial values exactly, sympy objects included."""
    r = sweep(sweep_funcs.c_mu, GRID, backend="process", workers=2, chunksize=1)
    assert r.values == EXPECTED and r.backend == "process" and r.workers == 2
    assert all(isinstance(v, sp.Basic) for v in r.values)


def test_process_exact_values_cross_the_process_boundary():
    """Points reach worker processes as sympy Rationals (ints as ints), in order despite completion order."""
    points = [{"i": i, "delay": d} for i, d in enumerate(["1", "0", "0", "0", "0"])]
    calls = []
    r = sweep(sweep_funcs.sleep_then_index, points, backend="process", workers=2, chunksize=2,
              progress=lambda done, total: calls.append((done, total)))
    assert r.values == [0, 1, 2, 3, 4]  # the first chunk (1 s) finishes last
    assert calls[-1] == (5, 5) and len(calls) == 3 and [d for d, _ in calls] == sorted(d for d, _ in calls)
    echo = sweep(sweep_funcs.echo, {"a": ["2/5", 3]}, backend="process", workers=1)
    assert echo.values == [{"a": (R(2, 5), "Rational")}, {"a": (3, "int")}]


def test_process_errors_collected_by_point():
    """Process workers report failures by point, as serial does; an exception that cannot come back keeps its text."""
    points = [{"do": do} for do in ("ok", "raise", "raise unpicklable", "return unpicklable")]
    r = sweep(sweep_funcs.misbehave, points, backend="process", workers=2, chunksize=1, errors="collect")
    serial = sweep(sweep_funcs.misbehave, points[:3], backend="serial", errors="collect")
    assert r.values == [1, None, None, None] and r.errors[:2] == serial.errors
    raised, unpicklable, returned = r.errors
    assert isinstance(raised.exception, ValueError) and "misbehave" in raised.traceback
    assert unpicklable.message == "raise unpicklable and friends" and unpicklable.exception is None
    assert returned.index == 3 and "the task could not run in a worker" in returned.message
    assert "fn's values must be picklable" in returned.message


def test_process_raises_the_first_failing_point_in_grid_order():
    """With errors='raise', parallel workers raise the serial sweep's point even when a later one fails first."""
    points = [{"i": 0, "delay": "0.8", "fail": True}, {"i": 1, "delay": "0", "fail": True},
              {"i": 2, "delay": "0", "fail": False}, {"i": 3, "delay": "60", "fail": False}]
    t0 = time.perf_counter()
    with pytest.raises(SweepError) as info:
        sweep(sweep_funcs.sleep_then_index, points, backend="process", workers=2, chunksize=1)
    assert "failed at i = 0" in str(info.value) and "(point 1 of 4)" in str(info.value)
    assert time.perf_counter() - t0 < 30  # the 60 s point after the failure is not awaited (its worker is ended)
    with pytest.raises(SweepError, match="failed at i = 0"):
        sweep(sweep_funcs.sleep_then_index, points[:2], backend="serial")


# ------------------------------------------------------------------ dask backend (the CI dask tests)


def test_dask_missing_raises_missing_dependency(monkeypatch):
    """Without dask.distributed, backend='dask' raises MissingDependencyError naming symcm[distributed]."""
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.setitem(sys.modules, "dask", None)
    with pytest.raises(MissingDependencyError) as info:
        sweep(sweep_funcs.c_mu, GRID, backend="dask")
    assert 'pip install "symcm[distributed]"' in str(info.value) and isinstance(info.value, ImportError)


def test_module_imports_without_dask_or_numpy():
    """symcm.numeric.sweeps imports, and a serial sweep runs, with dask and numpy unavailable (both imported lazily)."""
    code = ("import sys; sys.modules['distributed'] = sys.modules['dask'] = sys.modules['numpy'] = None; "
            "from symcm.numeric.sweeps import sweep; print(sweep(lambda pt: pt['a'] + 1, {'a': ['1/2']}, backend='serial')"
            ".values)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[3/2]"]


@pytest.fixture(scope="module")
def cluster():
    """A LocalCluster with 2 single-threaded worker processes, shared by the dask tests of this module."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False}) as c:
        yield c


@needs_dask
@pytest.mark.slow
@pytest.mark.dask
def test_dask_local_cluster_by_address_equals_serial(cluster):
    """CI dask test: a sweep on a running LocalCluster, reached by its address, equals the serial sweep exactly."""
    r = sweep(sweep_funcs.c_mu, GRID, backend="dask", address=cluster.scheduler_address, chunksize=1)
    assert r.values == EXPECTED and r.backend == "dask" and r.workers == 2
    pids = sweep(sweep_funcs.worker_pid, {"i": range(8)}, backend="dask", address=cluster.scheduler_address,
                 chunksize=1).values
    assert os.getpid() not in pids  # evaluated in the worker processes


@needs_dask
@pytest.mark.slow
@pytest.mark.dask
def test_dask_client_is_used_and_left_open(cluster):
    """CI dask test: a Client passed as address is used and not closed; order and progress as with processes."""
    import distributed

    with distributed.Client(cluster) as client:
        calls = []
        points = [{"i": i, "delay": d} for i, d in enumerate(["0.5", "0", "0", "0"])]
        r = sweep(sweep_funcs.sleep_then_index, points, backend="dask", address=client, chunksize=1,
                  progress=lambda done, total: calls.append(done))
        assert r.values == [0, 1, 2, 3] and calls == [1, 2, 3, 4]
        assert client.status == "running"
        echo = sweep(sweep_funcs.echo, {"a": ["2/5", 3]}, backend="dask", address=client)
        assert echo.values == [{"a": (R(2, 5), "Rational")}, {"a": (3, "int")}]


@needs_dask
@pytest.mark.slow
@pytest.mark.dask
def test_dask_errors_and_lambdas(cluster):
    """CI dask test: failures are collected or raised with the point named; cloudpickle sends lambdas."""
    address = cluster.scheduler_address
    r = sweep(sweep_funcs.fail_at_half, GRID, backend="dask", address=address, errors="collect")
    assert r.errors == sweep(sweep_funcs.fail_at_half, GRID, backend="serial", errors="collect").errors
    assert isinstance(r.errors[0].exception, ValueError)
    with pytest.raises(SweepError, match=r"at point \{p: 1/2, q: 1/3\} \(point 3 of 6\)"):
        sweep(sweep_funcs.fail_at_half, GRID, backend="dask", address=address, chunksize=1)
    late_first = [{"i": 0, "delay": "0.5", "fail": True}, {"i": 1, "delay": "0", "fail": True}]
    with pytest.raises(SweepError, match="failed at i = 0"):  # the first failing point in grid order
        sweep(sweep_funcs.sleep_then_index, late_first, backend="dask", address=address, chunksize=1)
    assert sweep(lambda pt: pt["a"] * 2, {"a": ["1/3"]}, backend="dask", address=address).values == [R(2, 3)]


@needs_dask
@pytest.mark.slow
@pytest.mark.dask
def test_dask_starts_and_closes_its_own_local_cluster(monkeypatch):
    """CI dask test: address=None starts a LocalCluster of `workers` processes, equals serial, and closes it."""
    import distributed

    started = []

    class Recording(distributed.LocalCluster):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            started.append((self, kwargs))

    monkeypatch.setattr(distributed, "LocalCluster", Recording)
    t0 = time.perf_counter()
    r = sweep(functools.partial(sweep_funcs.c_mu), GRID, backend="dask", workers=2)
    assert r.values == EXPECTED and r.elapsed <= time.perf_counter() - t0
    ((c, kwargs),) = started
    assert kwargs["n_workers"] == 2 and kwargs["threads_per_worker"] == 1 and kwargs["processes"] is True
    assert c.status.name == "closed"


# --- issue 10: user values are never evaluated -------------------------------------------------------------------

def test_sweep_grid_values_never_evaluate_text(tmp_path):
    """Code in a sweep grid is not evaluated: a numeric-looking string is read exactly, other text fails clearly at its point."""
    p, q = sc.symbols("p q")
    marker = tmp_path / "ran"
    payload = f"__import__('pathlib').Path({str(marker)!r}).touch() or 1"
    f = MeasureAt(sc.entropy_rate, sc.processes.binary_markov(p, q))
    for values in ([payload], [(payload,)]):
        with pytest.raises(SweepError, match="ParameterTypeError") as info:
            sweep(f, {p: values, q: ["1/2"]}, backend="serial")
        assert isinstance(info.value.__cause__, ParameterTypeError)
    with pytest.raises(DomainError, match="exponent .* beyond the cap"):
        sweep(f, {p: ["1e999999999"], q: ["1/2"]}, backend="serial")
    assert not marker.exists()
    assert sweep(f, {p: ["1/2"], q: ["1/2"]}, backend="serial").values == [1]


def test_table_numeric_gives_floats():
    """table(numeric=True) gives floats equal to the exact values (nan for a failed point), ready to plot."""
    rows = sweep(sweep_funcs.c_mu, GRID, backend="serial").table(numeric=True)
    assert all(isinstance(r["value"], float) and isinstance(r["p"], float) for r in rows)
    assert [r["value"] for r in rows] == [float(v) for v in EXPECTED]
    failed = sweep(sweep_funcs.fail_at_half, {p: [R(1, 4), R(1, 2)], q: [1]}, backend="serial", errors="collect")
    values = [r["value"] for r in failed.table(numeric=True)]
    assert values[0] == 0.25 and math.isnan(values[1])


@pytest.mark.skipif(not HAS_PANDAS, reason="pandas is not installed (optional)")
def test_to_pandas_numeric_has_float_columns():
    """to_pandas(numeric=True) has float64 parameter and value columns that plot directly."""
    df = sweep(sweep_funcs.c_mu, GRID, backend="serial").to_pandas(numeric=True)
    assert [str(df[c].dtype) for c in ("p", "q", "value")] == ["float64"] * 3
    assert df["value"].tolist() == [float(v) for v in EXPECTED]


def _run_script(tmp_path, name: str, call: str) -> subprocess.CompletedProcess:
    """Run, as `python script.py`, a script that derives C_mu of the golden mean and sweeps it with ``call``."""
    script = tmp_path / name
    script.write_text(
        "import symcm as sc\n"
        "p = sc.symbols('p')\n"
        "c = sc.statistical_complexity(sc.processes.golden_mean(p))\n"
        "def f(point):\n"
        "    return c.subs(point)\n" + call
    )
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, cwd=tmp_path)


def test_unguarded_script_falls_back_to_serial_with_advice(tmp_path):
    """A plain script calling sc.sweep at top level (no __main__ guard) runs serially with one warning, no traceback."""
    proc = _run_script(tmp_path, "plain.py", "r = sc.sweep(f, {p: ['1/10', '1/5']})\nprint(r.backend, r.values)\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "serial [H(1/11), H(1/6)]"
    assert "Traceback" not in proc.stderr and proc.stderr.count("SymcmWarning") == 1
    assert 'if __name__ == "__main__":' in proc.stderr and "line 6" in proc.stderr


def test_guarded_script_still_runs_in_processes(tmp_path):
    """The same script with the call under `if __name__ == "__main__":` uses the process pool, silently."""
    proc = _run_script(tmp_path, "guarded.py", "if __name__ == '__main__':\n"
                                               "    r = sc.sweep(f, {p: ['1/10', '1/5']}, workers=2)\n"
                                               "    print(r.backend, r.values)\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "process [H(1/11), H(1/6)]" and "SymcmWarning" not in proc.stderr
