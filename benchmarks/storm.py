"""Benchmark: symcm against the Storm model checker on exact parametric steady states.

For each family of :mod:`benchmarks.families` and each size, two timings:

* **Storm** (stormpy, its sparse parametric engine over rational functions):
  the PRISM program of :func:`benchmarks.families.to_prism` parsed from a
  file, ``stormpy.build_model[stormpy.RationalFunction](program, properties)``
  and ``stormpy.model_checking(model, LRA=? ["target"], only_initial_states=True)``:
  the long-run fraction of time in state ``0``, i.e. **one state's**
  stationary probability as a rational function of the parameters;
* **symcm**: ``sc.stationary_distribution(m)``, **all states'** rational
  functions (the model built beforehand, outside the timing).

Every measurement runs in its own worker process (``python -m
benchmarks.storm --worker ...``): it builds the model (not timed), writes
``ready`` to its result file, runs the timed call and writes the time.  The
parent kills a worker ``--timeout`` seconds (default 120) after ``ready``
(interpreter start-up, imports and model construction are not charged) and
records ``> timeout``; a family's series stops for a tool once it has timed
out.  Workers run one at a time under an address-space limit (``--memory``).

**Checks before any time is reported.**  The parent draws a random rational
point ``x`` in ``(0, 1)^k`` per model.  The symcm worker checks its whole
answer there exactly (``pi(x) T(x) = pi(x)`` and ``sum pi(x) = 1`` in exact
rationals; the chains are irreducible, so this pins the unique stationary
distribution at ``x``); Storm's rational function evaluated at ``x`` must
equal symcm's ``pi_0(x)`` exactly.  When symcm timed out, Storm's value is
checked against an exact rational solve of the numeric chain at ``x``
(python-flint ``fmpq_mat``, ``n <= 1024``), otherwise reported unchecked.
A mismatch aborts the run.

Also, symcm only: ``C_mu`` (``sc.statistical_complexity``, with its case
splits), ``h_mu`` (``sc.entropy_rate``) and ``E`` (``sc.excess_entropy``) of
the order-``R`` chain, each in its own worker under the same timeout.

Run from the repository root (stormpy is the ``bench`` extra)::

    python -m benchmarks.storm --json /tmp/storm.json --markdown /tmp/storm.md --plots docs/img
    python -m benchmarks.storm --quick            # small sizes, 30 s timeout
    python -m benchmarks.storm --plot-only /tmp/storm.json --plots docs/img
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

from .common import cpu_model, usable_cpus

__all__ = ["cases", "main"]

#: (family, parameters k, sizes) in the order they are run (most wanted first).
FULL = [
    ("order_r", 2, list(range(3, 13))),
    ("ring_chord", 2, [10, 20, 30, 50, 100, 200, 400]),
    ("plain_ring", 1, [100, 250, 500, 1000, 2000, 4096]),
    ("ring_chord", 4, [10, 20, 30, 50]),
    ("ring_chord", 8, [10, 20, 30]),
    ("random_sparse", 2, [16, 32, 64, 128, 256, 512, 1024, 2048, 4096]),
    ("random_sparse", 4, [16, 32, 64, 128, 256, 512, 1024, 2048, 4096]),
    ("random_sparse", 8, [16, 32, 64, 128, 256, 512, 1024, 2048, 4096]),
]
QUICK = [
    ("order_r", 2, [3, 4, 5]),
    ("ring_chord", 2, [10, 20]),
    ("plain_ring", 1, [100, 200]),
    ("ring_chord", 4, [10]),
    ("random_sparse", 2, [16]),
]
MEASURES = ("C_mu", "h_mu", "E")
SEED = 2024


def cases(quick: bool = False) -> list[tuple[str, int, list[int]]]:
    """The ``(family, k, sizes)`` series of a full or ``--quick`` run."""
    return QUICK if quick else FULL


def states_of(family: str, size: int) -> int:
    """Number of states of the family's model of the given size (``2^R`` for order-``R``)."""
    return 2 ** size if family == "order_r" else size


def random_point(family: str, k: int, size: int) -> list[str]:
    """A seeded random rational point of ``(0, 1)^k``, one ``"a/b"`` per parameter."""
    rng = random.Random(f"{family}/{k}/{size}/{SEED}")
    n_params = 2 if family == "order_r" else k
    return [str(Fraction(rng.randint(1, 996), 997)) for _ in range(n_params)]


# --- workers (run in a child process) -------------------------------------------------
def _write(path: str, record: dict) -> None:
    with open(path + ".tmp", "w") as f:
        json.dump(record, f)
    os.replace(path + ".tmp", path)


def _build(family: str, size: int, k: int):
    from .families import FAMILIES
    return FAMILIES[family](size, k, SEED)


def _worker(tool: str, family: str, size: int, k: int, point: list[str], out: str) -> None:
    import sympy as sp

    import symcm as sc

    m = _build(family, size, k)
    values = {p: sp.Rational(v) for p, v in zip(m.parameters, point)}
    record: dict = {"phase": "ready"}
    if tool == "storm":
        import stormpy

        from .families import to_prism
        fd, path = tempfile.mkstemp(suffix=".pm")
        with os.fdopen(fd, "w") as f:
            f.write(to_prism(m))
        _write(out, record)
        t0 = time.perf_counter()
        program = stormpy.parse_prism_program(path)
        props = stormpy.parse_properties('LRA=? ["target"]', program)
        model = stormpy.build_model[stormpy.RationalFunction](program, props)
        t1 = time.perf_counter()
        result = stormpy.model_checking(model, props[0], only_initial_states=True)
        value = result.get_value(model.initial_states[0])
        t2 = time.perf_counter()
        record.update(phase="done", seconds=t2 - t0, build=t1 - t0, check=t2 - t1, states=model.nr_states)
        _write(out, record)
        os.unlink(path)
        rational = stormpy.numbers.developer.cln.Rational
        variables = {v.name: v for v in model.collect_all_parameters()}
        at = {variables[str(p)]: rational(v) for p, v in zip(m.parameters, point) if str(p) in variables}
        record["value"] = str(value.evaluate(at))
        try:
            rf = value.rational_function()
            record["terms"] = [rf.numerator.nr_terms(), rf.denominator.nr_terms()]
        except Exception:  # pragma: no cover - older stormpy
            pass
    elif tool == "symcm":
        _write(out, record)
        t0 = time.perf_counter()
        pi = sc.stationary_distribution(m)  # every entry, in ring form until read
        record.update(phase="solved", seconds=time.perf_counter() - t0)
        _write(out, record)
        at = pi.at(values)  # exact values at the point, no expression written (not timed)
        flow = {s: sp.Integer(0) for s in m.states}
        for e in m.edges:
            flow[e.target] += at[e.source] * sp.sympify(e.probability).xreplace(values)
        record["self_check"] = bool(sum(at.values()) == 1 and all(flow[s] == at[s] for s in m.states))
        record["value"] = str(at[0])
        _write(out, record)
        t1 = time.perf_counter()
        pi.materialize()  # every entry written as a sympy expression
        record.update(phase="done", convert=time.perf_counter() - t1)
        _write(out, record)
        assert sp.sympify(pi[0]).xreplace(values) == at[0]
        num, den = sp.fraction(sp.together(pi[0]))
        record["terms"] = [len(sp.Add.make_args(sp.expand(num))), len(sp.Add.make_args(sp.expand(den)))]
    else:  # a measure of the order-R chain
        fn = {"C_mu": sc.statistical_complexity, "h_mu": sc.entropy_rate, "E": sc.excess_entropy}[tool]
        kwargs = {"max_states": 4 * len(m.states) + 100}
        _write(out, record)
        t0 = time.perf_counter()
        answer = fn(m, **kwargs)
        record.update(phase="done", seconds=time.perf_counter() - t0)
        _write(out, record)
        record["answer_chars"] = len(str(answer))
        record["piecewise"] = isinstance(answer, sp.Piecewise) or type(answer).__name__ == "Cases"
    _write(out, record)


def run_worker(tool, family, size, k, point, timeout, memory_gb, setup_cap=900.0) -> dict:
    """Run one worker; ``{"seconds": ...}`` etc., or ``{"timeout": True}`` / ``{"error": ...}``."""
    fd, out = tempfile.mkstemp(suffix=".json")
    os.close(fd)
    os.unlink(out)
    cmd = [sys.executable, "-m", "benchmarks.storm", "--worker",
           json.dumps([tool, family, size, k, point, out])]

    def limit():  # pragma: no cover - runs in the child
        import resource
        cap = int(memory_gb * 2 ** 30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=limit)
    start, ready, record, killed = time.monotonic(), None, {}, False
    while True:
        try:
            proc.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            pass
        if os.path.exists(out):
            with open(out) as f:
                record = json.load(f)
            if ready is None:
                ready = time.monotonic()
        if proc.returncode is not None:
            break
        now = time.monotonic()
        if (ready is not None and now - ready > timeout and record.get("phase") != "done") or \
                now - start > setup_cap + timeout + 600:
            proc.kill()
            proc.wait()
            killed = True
            break
    _, err = proc.communicate()
    if os.path.exists(out):
        with open(out) as f:
            record = json.load(f)
        os.unlink(out)
    if record.get("phase") == "done":
        return record
    if killed and record.get("phase") == "solved":  # solved in time, killed while writing the expressions
        return {**record, "convert_timeout": True}
    if killed:
        return {"timeout": True}
    return {"error": (err.decode(errors="replace").strip().splitlines() or ["no output"])[-1][:300]}


def _reference(family, size, k, point) -> Fraction | None:
    """``pi_0`` of the numeric chain at ``point`` by an exact rational solve (``n <= 1024``)."""
    import flint
    import sympy as sp
    m = _build(family, size, k)
    n = len(m.states)
    if n > 1024:
        return None
    values = {p: sp.Rational(v) for p, v in zip(m.parameters, point)}
    a = flint.fmpq_mat(n, n)
    for e in m.edges:  # column i of A is row i of (T - I)^T: A[j, i] = T[i, j]
        a[e.target, e.source] += flint.fmpq(str(sp.sympify(e.probability).xreplace(values)))
    for i in range(n):
        a[i, i] -= 1
    for i in range(n):
        a[n - 1, i] = 1
    b = flint.fmpq_mat(n, 1)
    b[n - 1, 0] = 1
    return Fraction(str(a.solve(b)[0, 0]))


def measure(args, family, k, size, stopped: set) -> dict:
    """Both tools on one model, checked; the row of the table."""
    point = random_point(family, k, size)
    row = {"family": family, "k": 2 if family == "order_r" else k, "size": size,
           "states": states_of(family, size), "point": point}
    for tool in ("symcm", "storm"):
        if (family, k, tool) in stopped:
            row[tool] = {"skipped": True}
            continue
        res = run_worker(tool, family, size, k, point, args.timeout, args.memory)
        row[tool] = res
        if "seconds" not in res:
            stopped.add((family, k, tool))
    sym, sto = row["symcm"], row["storm"]
    if "seconds" in sym and not sym.get("self_check"):
        raise SystemExit(f"symcm's answer fails its exact check at {point}: {row}")
    if "seconds" in sto:
        if "seconds" in sym:
            expected, how = Fraction(sym["value"]), "symcm"
        else:
            expected, how = _reference(family, size, k, point), "exact numeric solve"
        if expected is None:
            sto["checked"] = "unchecked"
        elif Fraction(sto["value"]) != expected:
            raise SystemExit(f"Storm and symcm disagree at {point}: {sto['value']} != {expected} ({row})")
        else:
            sto["checked"] = how
    return row


def measure_cmu(args, R: int, stopped: set) -> dict:
    """C_mu, h_mu and E of the order-R chain with symcm, each in its own worker."""
    row = {"R": R, "states": 2 ** R}
    for name in MEASURES:
        if name in stopped:
            row[name] = {"skipped": True}
            continue
        row[name] = run_worker(name, "order_r", R, 2, [], args.timeout, args.memory)
        if "seconds" not in row[name]:
            stopped.add(name)
    return row


def environment() -> dict:
    """Machine and versions."""
    import flint
    import sympy
    info = {"cpu": cpu_model(), "cpus": usable_cpus(), "python": platform.python_version(),
            "sympy": sympy.__version__, "python-flint": flint.__version__, "load_start": os.getloadavg()[0]}
    try:
        import stormpy
        import stormpy.info
        info["stormpy"] = stormpy.__version__
        info["storm"] = stormpy.info.storm_version()
    except ImportError:
        info["stormpy"] = None
    try:
        info["symcm_commit"] = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        info["symcm_commit"] = "unknown"
    return info


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.storm", description=__doc__.split("\n")[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="small sizes only, 30 s timeout unless given")
    parser.add_argument("--timeout", type=float, default=None, help="seconds per timed call (default 120)")
    parser.add_argument("--memory", type=float, default=8.0, help="address-space limit per worker, GiB (default 8)")
    parser.add_argument("--only", nargs="*", help="families to run (default all), 'measures' for C_mu/h_mu/E")
    parser.add_argument("--measures-R", type=int, nargs="*", default=None, help="R values of C_mu/h_mu/E (3..8)")
    parser.add_argument("--json", default="storm-bench.json", help="where to write the figures (rewritten as it goes)")
    parser.add_argument("--markdown", default=None, help="where to write the Markdown tables")
    parser.add_argument("--plots", default=None, help="folder for the growth plots (PNG, needs matplotlib)")
    parser.add_argument("--plot-only", default=None, help="redraw the plots and tables from a JSON file")
    args = parser.parse_args(argv)
    if args.worker:
        _worker(*json.loads(args.worker))
        return 0
    from .storm_report import markdown, plot_all
    if args.plot_only:
        with open(args.plot_only) as f:
            data = json.load(f)
    else:
        if args.timeout is None:
            args.timeout = 30.0 if args.quick else 120.0
        try:
            import stormpy  # noqa: F401
        except ImportError:
            raise SystemExit("stormpy is not installed: pip install 'symcm[bench]'")
        data = {"env": environment(), "timeout": args.timeout, "command": " ".join(["python -m benchmarks.storm"]
                + (argv if argv is not None else sys.argv[1:])), "rows": [], "measures": []}
        only = set(args.only) if args.only else None
        stopped: set = set()
        for family, k, sizes in cases(args.quick):
            if only is not None and family not in only:
                continue
            for size in sizes:
                row = measure(args, family, k, size, stopped)
                data["rows"].append(row)
                print(json.dumps({key: row[key] for key in ("family", "k", "states")}),
                      {t: row[t].get("seconds", "timeout" if row[t].get("timeout") else
                                     "skipped" if row[t].get("skipped") else row[t].get("error"))
                       for t in ("symcm", "storm")}, flush=True)
                with open(args.json, "w") as f:
                    json.dump(data, f, indent=1)
                if all((family, k, t) in stopped for t in ("symcm", "storm")):
                    break
        if only is None or "measures" in only:
            stopped = set()
            for R in args.measures_R or ([3, 4] if args.quick else list(range(3, 9))):
                row = measure_cmu(args, R, stopped)
                data["measures"].append(row)
                print(json.dumps({n: row[n].get("seconds", "-") for n in MEASURES} | {"R": R}), flush=True)
                with open(args.json, "w") as f:
                    json.dump(data, f, indent=1)
        data["env"]["load_end"] = os.getloadavg()[0]
        with open(args.json, "w") as f:
            json.dump(data, f, indent=1)
    text = markdown(data)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(text)
    print(text)
    if args.plots:
        for path in plot_all(data, args.plots):
            print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
