"""Benchmark: parameter sweeps, serial vs process pool vs dask LocalCluster (issue #6).

Two per-point workloads, each swept with ``sc.sweep`` (``symcm.numeric.sweeps.sweep``)
on every backend; the values must be identical (exact ``==``) across
backends, else the benchmark aborts.

* **measures**: ``C_mu``, ``E`` and ``chi`` of ``nemo(p, q)`` (three states,
  non-unifilar) at the 8 x 8 = 64 rational points ``p, q in {1/9, ..., 8/9}``
  (``--quick``: 4 x 4) - exact, about 10-60 ms per point;
* **control**: a pure-Python loop of fixed length (about 0.3 s) at 8
  points: no symcm, no transfer to speak of; its speed-up is what the
  machine offers at that moment (2 on two idle cores, less when other jobs
  share them), the yardstick for the other workloads;
* **search**: ``search_generator(binary_markov(p, q), states=2, seed=0)``
  (12 restarts) at 2 x 4 = 8 rational points - seeded numeric search plus
  exact snap, about 1 s per point (``--quick``: 2 x 2).

Each sweep runs ``Timed(fn)``, which also returns the CPU seconds spent in
``fn`` in the process that ran the point: their sum (``CPU in fn``) is the
work, independent of the number of workers; on a machine shared with other
jobs the wall times vary much more than it does.

Backends: ``serial`` (the reference), ``process`` (``ProcessPoolExecutor``,
forkserver, a new pool per sweep), ``dask`` with ``address=None`` (a
``LocalCluster`` started and closed inside the sweep) and ``dask`` on a
cluster started beforehand (``address=cluster.scheduler_address``; its
workers stay warm between sweeps).  Times are wall-clock for the whole
``sweep`` call, start-up included; before every run sympy's and symcm's
caches are cleared in this process; the rounds of the backends are
interleaved and the best wall time of each is kept.  The ``overhead`` rows
sweep a trivial function over 2 points: the fixed cost of each backend.

Run from the repository root::

    python -m benchmarks.sweep            # full
    python -m benchmarks.sweep --quick    # smaller grids

The markdown table goes to stdout (machine description first); progress to stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import sympy as sp

import symcm as sc

from .common import cpu_model, usable_cpus

__all__ = ["measures_at", "search_at", "spin", "trivial", "Timed", "rows", "main"]

R = sp.Rational


def measures_at(point):
    """(C_mu, E, chi) of nemo at the point: exact."""
    m = sc.processes.nemo(point["p"], point["q"])
    return sc.statistical_complexity(m), sc.excess_entropy(m), sc.crypticity(m)


def search_at(point):
    """The state entropy of the best 2-state generator of binary_markov found by a small seeded search."""
    from symcm.generation.search import search_generator

    r = search_generator(sc.processes.binary_markov(point["p"], point["q"]), states=2, seed=0)
    return r.state_entropy


def spin(point):
    """A fixed amount of pure-Python work (about 0.3 s): what parallelism the machine offers right now."""
    return sum(i * i for i in range(5_000_000)) % int(point["q"].q)


def trivial(point):
    """The point itself (the fixed cost of a backend)."""
    return point


def _cold() -> None:
    sc.clear_caches()
    sp.core.cache.clear_cache()


def _machine() -> str:
    cpu = cpu_model()
    usable = usable_cpus()
    import distributed

    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return (f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} logical CPUs ({usable} usable), "
            f"load average {load} at start; Python {platform.python_version()}, sympy {sp.__version__}, "
            f"dask.distributed {distributed.__version__}")


class Timed:
    """``Timed(fn)(point) == (fn(point), CPU seconds spent in fn)``, measured in the process that ran the point."""

    def __init__(self, fn):
        self.fn = fn

    def __call__(self, point):
        start = time.process_time()
        value = self.fn(point)
        return value, time.process_time() - start


def _run(fn, grid, backend: str, workers: int, address=None):
    from symcm.numeric.sweeps import sweep

    _cold()
    kwargs = {"backend": backend, "progress": False}
    if backend != "serial":
        kwargs["workers"] = workers
    if address is not None:
        kwargs["address"] = address
    start = time.perf_counter()
    result = sweep(Timed(fn), grid, **kwargs)
    return time.perf_counter() - start, result


def rows(workloads, workers: int, repeat: int):
    """One row per (workload, backend): best wall time over ``repeat`` rounds, the backends interleaved."""
    import distributed

    out = []
    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                  dashboard_address="127.0.0.1:0", scheduler_kwargs={"dashboard": False}) as cluster:
        backends = [("serial", "serial", None), ("process", "process", None),
                    ("dask, LocalCluster started by sweep", "dask", None),
                    ("dask, running LocalCluster (warm)", "dask", cluster.scheduler_address)]
        for name, fn, grid in workloads:
            n = len(grid["p"]) * len(grid["q"])
            best = {label: (float("inf"), None) for label, _, _ in backends}
            for round_ in range(repeat):  # interleaved, so that load from other users spreads over all backends
                for label, backend, address in backends:
                    print(f"{name}: {label} (round {round_ + 1})", file=sys.stderr)
                    seconds, result = _run(fn, grid, backend, workers, address)
                    if seconds < best[label][0]:
                        best[label] = (seconds, result)
            reference = [v for v, _ in best["serial"][1].values]
            serial_time = best["serial"][0]
            for label, backend, _address in backends:
                seconds, result = best[label]
                if [v for v, _ in result.values] != reference:
                    raise SystemExit(f"{name}: {label} returned values different from the serial sweep")
                cpu = sum(c for _, c in result.values)
                used = 1 if backend == "serial" else result.workers
                out.append((name, n, label, used, seconds, cpu, serial_time / seconds))
    return out


def _fmt(rows_) -> str:
    lines = ["| workload | points | backend | workers | wall time (s) | CPU in fn (s) | speed-up vs serial |",
             "|---|---:|---|---:|---:|---:|---:|"]
    for name, n, label, used, seconds, cpu, ratio in rows_:
        lines.append(f"| {name} | {n} | {label} | {used} | {seconds:.2f} | {cpu:.2f} | {ratio:.2f}x |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller grids")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs per backend (default 1)")
    args = parser.parse_args(argv)

    # the per-point functions travel by reference: take them from the importable module, not from __main__
    from benchmarks import sweep as module

    k = 4 if args.quick else 8
    measures_grid = {"p": [R(i, k + 1) for i in range(1, k + 1)], "q": [R(i, k + 1) for i in range(1, k + 1)]}
    search_grid = {"p": [R(1, 5), R(2, 5)], "q": [R(1, 7), R(2, 7), R(3, 7), R(4, 7)][: 2 if args.quick else 4]}
    workloads = [
        ("overhead (trivial fn)", module.trivial, {"p": [R(1, 2)], "q": [R(1, 3), R(2, 3)]}),
        ("control: pure-Python loop", module.spin, {"p": [R(1, 2), R(1, 3)], "q": [R(i, 5) for i in range(1, 5)]}),
        ("measures: C_mu, E, chi of nemo", module.measures_at, measures_grid),
        ("search: search_generator, 2 states", module.search_at, search_grid),
    ]
    print(f"Machine: {_machine()}\n")
    table = _fmt(rows(workloads, args.workers, args.repeat))
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(table)
    print(f"\nBest of {args.repeat} interleaved round(s); load average {load} at the end.")


if __name__ == "__main__":
    main()
