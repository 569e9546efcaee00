"""Benchmark: symcm against the tools a researcher would otherwise use (sofic, Maxima, plain sympy).

Every figure is a ratio against a peer run in the same process, moments
apart, next to the absolute times; every peer's answer is checked against
symcm's before its time is reported (a mismatch aborts the run).

1. **Stationary distribution** of the random sparse chains of
   :mod:`benchmarks.chains`, end to end from the list of edges to sympy
   expressions, for ``n = 4 .. 18``:

   * ``symcm`` - ``sc.stationary_distribution(sc.HMM.from_edges(edges, ...))``
     (exact validation of every edge, then the fraction-free elimination with
     the default backend, python-flint when installed);
   * ``naive`` - the sympy route of :func:`benchmarks.stationary.naive_stationary`
     (``Matrix(T - I).T.nullspace()`` and ``simplify`` of every entry), the
     matrix built from the same edge list inside the timing;
   * ``sofic`` - ``MealyHMM`` built from the edges (``add_transition`` with the
     same sympy probabilities), ``validate()``, ``stationary_distribution()``
     (sofic solves ``pi P = pi, sum(pi) = 1`` with ``sympy.solve`` and
     ``simplify`` s every entry);
   * ``Maxima`` - the same linear system written as Maxima input,
     ``linsolve`` and ``ratsimp`` of every entry, run with
     ``maxima --very-quiet --batch-string=...``; timed inside Maxima
     (``elapsed_real_time()`` around ``linsolve`` + ``ratsimp``; the clock
     ticks in 10 ms steps, so a solve under 0.5 s is repeated in the session
     and the mean taken) and as the wall time of one solve as a subprocess
     (start-up, parsing of the input and printing of the result included).

   Checks: symcm's answer satisfies ``pi T = pi`` and ``sum(pi) = 1`` exactly
   at random rational points; the naive and sofic answers equal symcm's state
   by state (``sp.cancel(a - b) == 0``); Maxima's printed answers are read
   back with a restricted parser (digits, ``p_k``, ``+ - * / ^`` and
   parentheses, nothing evaluated as code) and must equal symcm's exactly at
   two random rational points (and as rational functions for ``n <= 8``).
   The peers run under a cap (``--cap``, SIGALRM for the Python peers, a
   subprocess timeout for Maxima) and are not run for larger ``n`` once over it.

2. **C_mu of binary_markov(p, q)**, cold: ``sc.statistical_complexity`` (with
   the case split on the line ``p + q = 1``) against sofic's
   ``EpsilonMachine.from_hmm(MealyHMM ...).statistical_complexity()``; both
   values are compared at rational points to 1e-12, and on ``p + q = 1``.

3. **Mixed-state presentations** of named symbolic processes (symcm's
   ``sc.mixed_state_presentation`` against sofic's
   ``MealyHMM.mixed_state_presentation``, the same beliefs checked exactly) and
   **process equivalence** (``sc.same_process``; sofic's ``is_equal_process``
   is numeric only: it is timed on float instances at a rational point).

4. **Growth with no peer**: ``sc.crossover`` against ``mpmath.findroot``
   (uncertified) for 10 .. 1000 digits, and ``sc.pave`` against a naive grid
   (numpy at the cell centres, uncertified) for resolutions ``2^-5 .. 2^-9``.

sofic and Maxima are not dependencies of symcm: a missing peer is skipped,
and said so.  Every run starts cold (sympy's cache and symcm's caches
cleared, the garbage collector run).  Figures are the best of ``--repeat``
runs; runs longer than ``--long`` seconds are not repeated.  symcm's
stationary distribution (tens of milliseconds) is run ``3 x --repeat`` times
and twice more after each peer's run, so that its best and the peers' come
from the same stretch of time on a shared machine.

Run from the repository root::

    python -m benchmarks.peers --repeat 5            # everything, about 12 minutes
    python -m benchmarks.peers --quick               # n = 4..9, 10 s caps, best of 2: under 2 minutes
    python -m benchmarks.peers --plot docs/img/stationary-growth.png --json /tmp/peers.json
    python -m benchmarks.peers --profile             # cProfile of symcm's side

Markdown tables go to stdout (machine description first); progress to stderr.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import math
import os
import pstats
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from fractions import Fraction
from types import SimpleNamespace

import sympy as sp

import symcm as sc
from symcm.algebra import rational as rational_module

from .chains import DEFAULT_SEED, random_sparse_chain_edges
from .stationary import clear_caches, naive_stationary

__all__ = ["maxima_program", "read_maxima", "stationary_rows", "growth_factors", "cmu_rows", "msp_rows",
           "equivalence_rows", "crossover_rows", "paving_rows", "main"]

STATIONARY_METHODS = ("symcm", "naive", "sofic", "Maxima")


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


# --- the peers: found or skipped ------------------------------------------------------------

def find_sofic():
    """The ``sofic`` module, or ``None`` (said on stderr) when it is not installed."""
    try:
        import sofic
    except ImportError:
        log("sofic is not installed: its columns are skipped (pip install 'sofic[symbolic]')")
        return None
    return sofic


def find_maxima() -> str | None:
    """The path of the ``maxima`` executable, or ``None`` (said on stderr) when there is none."""
    path = shutil.which("maxima")
    if path is None:
        log("maxima is not on PATH: its columns are skipped (e.g. apt-get install maxima)")
    return path


# --- timing ------------------------------------------------------------------------------------

class _OverCap(BaseException):
    """Raised by SIGALRM at the cap; a BaseException so that no ``except Exception`` in a peer swallows it."""


def _alarm(signum, frame):
    raise _OverCap


def timed(fn, cap: float | None = None):
    """``(seconds, CPU seconds of this process, result)`` of one cold run of ``fn()``.

    ``(None, None, None)`` when it exceeds ``cap`` seconds.
    """
    clear_caches()
    if cap is not None:
        signal.signal(signal.SIGALRM, _alarm)
        # re-fire every second in case the first alarm lands somewhere that defers it
        signal.setitimer(signal.ITIMER_REAL, cap, 1.0)
    try:
        cpu, start = time.process_time(), time.perf_counter()
        result = fn()
        return time.perf_counter() - start, time.process_time() - cpu, result
    except _OverCap:
        return None, None, None
    finally:
        if cap is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
        gc.collect()


def best(fn, repeat: int, long: float, cap: float | None = None, cpu: list | None = None):
    """``(best seconds, runs, result)`` over up to ``repeat`` cold runs; ``(None, 0, None)`` past ``cap``.

    When ``cpu`` is a list, the least CPU time of the runs is appended to it.
    """
    best_t, best_cpu, result, runs = None, None, None, 0
    for _ in range(repeat):
        t, c, res = timed(fn, cap)
        if t is None:
            return None, 0, None
        runs += 1
        best_t, result = (t if best_t is None else min(best_t, t)), res
        best_cpu = c if best_cpu is None else min(best_cpu, c)
        if t > long:
            break
    if cpu is not None:
        cpu.append(best_cpu)
    return best_t, runs, result


def race(fns: dict, repeat: int) -> dict:
    """``{name: (best seconds, result)}``, the functions run in turn ``repeat`` times (cold each time)."""
    out = {}
    for _ in range(repeat):
        for name, fn in fns.items():
            t, _, res = timed(fn)
            prev = out.get(name)
            out[name] = (t, res) if prev is None or t < prev[0] else (prev[0], res)
    return out


# --- Maxima: the program and a restricted reader for its answers ----------------------------------

def maxima_program(edges, n: int, simplify: str = "ratsimp", min_seconds: float = 0.5, max_runs: int = 50) -> str:
    """Maxima input solving ``pi (T - I) = 0, sum(pi) = 1`` with ``linsolve``, then ``simplify`` of each entry.

    The unknowns are ``x0 .. x{n-1}`` (state ``s_i``); the parameters keep
    their names ``p_i``.  Maxima's clock (``elapsed_real_time``) ticks in
    10 ms steps, so the solve is repeated until ``min_seconds`` have passed
    (at most ``max_runs`` times; once when a solve takes longer).  The program
    prints ``SYMCM-TIME real cpu k`` (mean seconds per solve, wall and CPU,
    over ``k`` solves) and one line ``SYMCM-SOL x_i expression`` per state.
    """
    weight: dict = {}
    for source, target, _symbol, prob in edges:
        key = (int(source[1:]), int(target[1:]))
        weight[key] = weight.get(key, sp.Integer(0)) + prob
    eqs = []
    for j in range(n):
        terms = [f"x{i}*({_maxima_text(weight[(i, j)])})" for i in range(n) if (i, j) in weight]
        eqs.append(" + ".join(terms) + f" - x{j} = 0")
    eqs.append(" + ".join(f"x{i}" for i in range(n)) + " = 1")
    unknowns = ", ".join(f"x{i}" for i in range(n))
    return (
        "display2d: false$ linel: 1000000$\n"
        f"eqs: [{', '.join(eqs)}]$\n"
        f"unknowns: [{unknowns}]$\n"
        "k: 0$ t0: elapsed_real_time()$ r0: elapsed_run_time()$\n"
        "do (k: k + 1,\n"
        "    sol: linsolve(eqs, unknowns),\n"
        f"    sol: map(lambda([e], lhs(e) = {simplify}(rhs(e))), sol),\n"
        f"    if elapsed_real_time() - t0 >= {min_seconds} or k >= {max_runs} then return(done))$\n"
        "t1: elapsed_real_time()$ r1: elapsed_run_time()$\n"
        'print("SYMCM-TIME", (t1 - t0) / k, (r1 - r0) / k, k)$\n'
        'for e in sol do print("SYMCM-SOL", string(lhs(e)), string(rhs(e)))$\n'
    )


def _maxima_text(expr) -> str:
    text = sp.sstr(expr).replace("**", "^")
    if not re.fullmatch(r"[0-9p_+\-*/^() ]+", text):
        raise ValueError(f"unexpected characters in an edge probability for Maxima: {text!r}")
    return text


def run_maxima(path: str, program: str, timeout: float | None):
    """``(wall s, inside s per solve, inside CPU s per solve, {index: answer text}, solves)``.

    ``None`` when the run exceeds ``timeout`` seconds.
    """
    start = time.perf_counter()
    try:
        proc = subprocess.run([path, "--very-quiet", "--batch-string=" + program], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - start
    inside = cpu = None
    answers = {}
    for line in proc.stdout.splitlines():
        if line.startswith("SYMCM-TIME "):
            _, real, run, k = line.split()
            inside, cpu, solves = float(real), float(run), int(k)
        elif line.startswith("SYMCM-SOL "):
            _, name, text = line.split(" ", 2)
            answers[int(name[1:])] = text.strip()
    if inside is None or not answers:
        raise RuntimeError(f"Maxima printed no answer; stderr: {proc.stderr[-2000:]!r}; "
                           f"stdout ends: {proc.stdout[-2000:]!r}")
    return wall, inside, cpu, answers, solves


_TOKEN = re.compile(r"\s*(?:(\d+)|(p_\d+)|([-+*/^()]))")


def read_maxima(text: str, env: dict, number=Fraction):
    """Evaluate Maxima's printed rational expression ``text`` with ``p_k`` bound by ``env``.

    A restricted recursive-descent reader: integers (made with ``number``),
    names ``p_k`` (looked up in ``env``), ``+ - * / ^`` and parentheses;
    anything else is an error.  Nothing is evaluated as code.  With
    ``number=Fraction`` and Fraction values the result is exact; with
    ``number=sp.Integer`` and sympy symbols it is a sympy expression.

    Examples
    --------
    >>> read_maxima("((-p_1*p_2)+p_1-1)/(p_2^2+3)", {"p_1": Fraction(1, 2), "p_2": Fraction(1, 3)})
    Fraction(-3, 14)
    """
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            if text[pos:].strip() == "":
                break
            raise ValueError(f"unexpected text in Maxima's answer at {pos}: {text[pos:pos + 20]!r}")
        tokens.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    tokens.append(None)
    i = 0

    def peek():
        return tokens[i]

    def take(expected=None):
        nonlocal i
        tok = tokens[i]
        if expected is not None and tok != expected:
            raise ValueError(f"expected {expected!r} in Maxima's answer, found {tok!r}")
        i += 1
        return tok

    def expression():
        value = term()
        while peek() in ("+", "-"):
            value = value + term() if take() == "+" else value - term()
        return value

    def term():
        value = unary()
        while peek() in ("*", "/"):
            value = value * unary() if take() == "*" else value / unary()
        return value

    def unary():
        if peek() == "-":
            take()
            return -unary()
        if peek() == "+":
            take()
            return unary()
        return power()

    def power():
        base = atom()
        if peek() == "^":
            take()
            exponent = unary()  # Maxima's ^ is right-associative and binds tighter than unary minus
            if not (isinstance(exponent, (int, Fraction)) or getattr(exponent, "is_Integer", False)):
                raise ValueError("non-integer exponent in Maxima's answer")
            return base ** int(exponent)
        return base

    def atom():
        tok = take()
        if tok == "(":
            value = expression()
            take(")")
            return value
        if tok is not None and tok.isdigit():
            return number(int(tok))
        if tok is not None and tok.startswith("p_"):
            return env[tok]
        raise ValueError(f"unexpected token {tok!r} in Maxima's answer")

    value = expression()
    if peek() is not None:
        raise ValueError(f"trailing text in Maxima's answer: {tokens[i:i + 5]}")
    return value


# --- 1. stationary distributions ---------------------------------------------------------------

def _names(n):
    return [f"s{i}" for i in range(n)]


def symcm_stationary(edges, n):
    m = sc.HMM.from_edges(edges, states=_names(n), alphabet=("0", "1"))
    return sc.stationary_distribution(m)


def naive_end_to_end(edges, n):
    """:func:`benchmarks.stationary.naive_stationary` on the transition matrix built from the edges."""
    t = sp.zeros(n, n)
    for source, target, _symbol, prob in edges:
        t[int(source[1:]), int(target[1:])] += prob
    return naive_stationary(SimpleNamespace(states=_names(n), transition_matrix=t))


def sofic_stationary(sofic, edges):
    """sofic end to end: ``MealyHMM`` from the edges, ``validate()``, ``stationary_distribution()``."""
    h = sofic.MealyHMM()
    for source, target, symbol, prob in edges:
        h.add_transition(source, target, symbol, prob)
    h.validate()
    pi = h.stationary_distribution()
    return dict(zip(h.reindex().states, pi))


def _rational_point(params, rng):
    return {s: Fraction(rng.randint(1, 10**6 - 1), 10**6) for s in params}


def _values_at(pi: dict, point: dict) -> dict:
    sub = {s: sp.Rational(v.numerator, v.denominator) for s, v in point.items()}
    return {s: Fraction(int(v.p), int(v.q)) for s, v in
            ((s, sp.Rational(e.xreplace(sub))) for s, e in pi.items())}


def _check_invariant(edges, at: dict, point: dict, n: int) -> None:
    """``pi T = pi`` and ``sum(pi) = 1`` exactly, with ``pi`` the values ``at`` the rational ``point``."""
    if sum(at.values()) != 1:
        raise AssertionError(f"n={n}: sum(pi) = {sum(at.values())} at a rational point")
    flow = {s: Fraction(0) for s in at}
    for source, target, _symbol, prob in edges:
        p_val = prob.xreplace({s: sp.Rational(v.numerator, v.denominator) for s, v in point.items()})
        flow[target] += at[source] * Fraction(int(p_val.p), int(p_val.q))
    if flow != at:
        raise AssertionError(f"n={n}: symcm's pi T != pi at a rational point")


def _check_same(reference: dict, other: dict, what: str) -> None:
    for s, a in reference.items():
        if sp.cancel(a - other[s]) != 0:
            raise AssertionError(f"{what}: pi[{s}] = {other[s]} differs from symcm's {a}")


def stationary_rows(ns, *, repeat: int, long: float, cap: float, seed: int, sofic, maxima,
                    symcm_repeat: int | None = None, naive: bool = True) -> list[dict]:
    """Time and check symcm (best of ``symcm_repeat`` runs) and every available peer (``repeat``) at every ``n``."""
    rows = []
    over = {"naive": not naive, "sofic": sofic is None, "Maxima": maxima is None}
    for n in ns:
        edges, params = random_sparse_chain_edges(n, seed)
        row = {"n": n}
        cpu = []
        t, runs, ref = best(lambda: symcm_stationary(edges, n), symcm_repeat or repeat, long, cpu=cpu)
        row["symcm"], row["symcm_cpu"], row["symcm_runs"] = t, cpu[0], runs

        def more_symcm(k=2):
            """Run symcm again between the peers' runs, so its best is taken over the same stretch of time."""
            more = []
            t2, runs2, _ = best(lambda: symcm_stationary(edges, n), k, long, cpu=more)
            row["symcm"], row["symcm_cpu"] = min(row["symcm"], t2), min(row["symcm_cpu"], more[0])
            row["symcm_runs"] += runs2

        rng = random.Random(seed * 1000 + n)
        points = [_rational_point(params, rng) for _ in range(2)]
        ref_at = [_values_at(ref, pt) for pt in points]
        for pt, at in zip(points, ref_at):
            _check_invariant(edges, at, pt, n)

        for method in ("naive", "sofic"):
            if over[method]:
                skipped = (method == "sofic" and sofic is None) or (method == "naive" and not naive)
                row[method] = "skip" if skipped else "not run"
                continue
            fn = (lambda: naive_end_to_end(edges, n)) if method == "naive" else (lambda: sofic_stationary(sofic, edges))
            t, runs, res = best(fn, repeat, long, cap)
            more_symcm()
            if t is None:
                over[method] = True
                row[method] = None
                log(f"n={n:2d} {method:6}: > {cap:g} s (stopped at the cap; not run for larger n)")
                continue
            _check_same(ref, res, f"n={n} {method}")
            row[method] = t
            log(f"n={n:2d} {method:6}: {t:.4f} s ({runs} runs), checked equal")

        if maxima is None:
            row["Maxima"] = "skip"
        elif over["Maxima"]:
            row["Maxima"] = "not run"
        else:
            looped, single = maxima_program(edges, n), maxima_program(edges, n, max_runs=1)
            best_wall = best_inside = best_cpu = None
            answers = None
            for _ in range(repeat):
                clear_caches()
                got = run_maxima(maxima, looped, cap)
                if got is not None and got[4] > 1:  # the wall time of one solve needs its own run
                    wall = run_maxima(maxima, single, cap)
                    got = None if wall is None else (wall[0],) + got[1:]
                if got is None:
                    over["Maxima"] = True
                    break
                wall, inside, cpu, answers, _k = got
                more_symcm()
                best_wall = wall if best_wall is None else min(best_wall, wall)
                best_inside = inside if best_inside is None else min(best_inside, inside)
                best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
                if wall > long:
                    break
            if over["Maxima"]:
                row["Maxima"] = None
                log(f"n={n:2d} Maxima: > {cap:g} s (stopped at the cap)")
            else:
                _check_maxima(answers, ref, ref_at, points, params, n)
                row["Maxima"], row["Maxima_wall"], row["Maxima_cpu"] = best_inside, best_wall, best_cpu
                row["Maxima_chars"] = sum(len(a) for a in answers.values())
                log(f"n={n:2d} Maxima: {best_inside:.3f} s inside, {best_wall:.3f} s wall, checked equal")
        log(f"n={n:2d} symcm : {row['symcm']:.4f} s (best of {row['symcm_runs']} runs, spread over the peers' runs)")
        rows.append(row)
    return rows


def _check_maxima(answers: dict, ref: dict, ref_at: list, points: list, params, n: int) -> None:
    if sorted(answers) != list(range(n)):
        raise AssertionError(f"n={n}: Maxima answered for x{sorted(answers)}")
    for pt, at in zip(points, ref_at):
        env = {str(s): v for s, v in pt.items()}
        for i in range(n):
            if read_maxima(answers[i], env) != at[f"s{i}"]:
                raise AssertionError(f"n={n}: Maxima's pi[s{i}] differs from symcm's at a rational point")
    if n <= 8:
        env = {str(s): s for s in params}
        _check_same(ref, {f"s{i}": read_maxima(answers[i], env, sp.Integer) for i in range(n)}, f"n={n} Maxima")


def growth_factors(rows: list[dict], key: str, first: int = 8):
    """``(factor per added state, log-log slope, n range)`` fitted by least squares on ``n >= first``."""
    pts = [(r["n"], r[key]) for r in rows if isinstance(r.get(key), float) and r["n"] >= first and r[key] > 0]
    if len(pts) < 3:
        return None
    def slope(xs, ys):
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    ys = [math.log(t) for _, t in pts]
    per_state = math.exp(slope([n for n, _ in pts], ys))
    loglog = slope([math.log(n) for n, _ in pts], ys)
    return per_state, loglog, (pts[0][0], pts[-1][0])


# --- 2. C_mu of binary_markov ------------------------------------------------------------------

def cmu_rows(sofic, repeat: int):
    """symcm's C_mu (with the IID case) and its generic state entropy against sofic's, raced in turn."""
    p, q = sc.symbols("p q")
    edges = [("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "B", "1", 1 - q), ("B", "A", "0", q)]
    fns = {
        "symcm C_mu": lambda: sc.statistical_complexity(sc.processes.binary_markov(p, q)),
        "symcm H[pi] (no case split)": lambda: sc.state_entropy(sc.processes.binary_markov(p, q)),
    }
    if sofic is not None:
        def sofic_cmu():
            h = sofic.MealyHMM()
            for e in edges:
                h.add_transition(*e)
            return sofic.EpsilonMachine.from_hmm(h).statistical_complexity()
        fns["sofic C_mu"] = sofic_cmu
        sofic_cmu()  # imports dit and its symbolic layer outside the timing
    for fn in fns.values():
        fn()
    out = race(fns, repeat)
    cmu = out["symcm C_mu"][1]
    points = [(sp.Rational(1, 5), sp.Rational(1, 3)), (sp.Rational(2, 7), sp.Rational(3, 11)),
              (sp.Rational(9, 10), sp.Rational(1, 20)), (sp.Rational(1, 2), sp.Rational(1, 4)),
              (sp.Rational(1, 100), sp.Rational(97, 100))]
    notes = []
    for name, (_, value) in out.items():
        if name == "symcm C_mu":
            continue
        for a, b in points:
            x = sp.N(cmu.subs({p: a, q: b}), 30)
            y = sp.N(value.subs({p: a, q: b}), 30)
            if abs(x - y) > 1e-12:
                raise AssertionError(f"{name} = {y} differs from symcm's C_mu = {x} at p = {a}, q = {b}")
        a, b = sp.Rational(3, 10), sp.Rational(7, 10)
        on_line = sp.N(value.subs({p: a, q: b}), 15)
        notes.append(f"{name} at p = 3/10, q = 7/10 (on p + q = 1): {on_line} "
                     f"(symcm's C_mu: {cmu.subs({p: a, q: b})}, the true value: the causal states merge)")
    if cmu.subs({p: sp.Rational(3, 10), q: sp.Rational(7, 10)}) != 0:
        raise AssertionError("symcm's C_mu is not 0 on p + q = 1")
    return out, notes


# --- 3. mixed states and process equivalence ---------------------------------------------------

def _msp_cases():
    p, q = sc.symbols("p q")
    return [("lohr_generator(p)", sc.processes.lohr_generator(p)), ("even(p)", sc.processes.even(p)),
            ("nemo(p, q)", sc.processes.nemo(p, q)), ("rip(p, q)", sc.processes.rip(p, q)),
            ("rrxor()", sc.processes.rrxor())]


def _edges(m):
    return [(e.source, e.target, e.symbol, e.probability) for e in m.edges]


def msp_rows(sofic, repeat: int):
    """``[(name, states, symcm s, sofic s or None)]``: mixed-state presentations built from the edge lists."""
    rows = []
    for name, m in _msp_cases():
        edges, states, alphabet, domain = _edges(m), m.states, m.alphabet, dict(m.domain.items())
        fns = {"symcm": lambda: sc.mixed_state_presentation(
            sc.HMM.from_edges(edges, states=states, alphabet=alphabet, domain=domain))}
        if sofic is not None:
            def sofic_msp():
                h = sofic.MealyHMM()
                for e in edges:
                    h.add_transition(*e)
                return h.mixed_state_presentation()
            fns["sofic"] = sofic_msp
        out = race(fns, repeat)
        msp, beliefs = out["symcm"][1]
        if sofic is not None:
            s = out["sofic"][1]
            theirs = [dict(zip(s.basis_states, ms.belief)) for ms in s.states()]
            if len(theirs) != len(msp.states):
                raise AssertionError(f"{name}: sofic has {len(theirs)} mixed states, symcm {len(msp.states)}")
            for b in beliefs.values():
                if not any(all(sp.cancel(b[k] - t[k]) == 0 for k in states) for t in theirs):
                    raise AssertionError(f"{name}: symcm's belief {b} is not among sofic's")
        rows.append((name, len(msp.states), out["symcm"][0], out["sofic"][0] if sofic is not None else None))
        log(f"mixed states {name}: {len(msp.states)} states, symcm {out['symcm'][0]:.4f} s"
            + (f", sofic {out['sofic'][0]:.4f} s" if sofic is not None else ""))
    return rows


def equivalence_rows(sofic, repeat: int):
    """``same_process`` symbolic (no sofic equivalent) and at rational points (against sofic's floats)."""
    p, q = sc.symbols("p q")
    half = {p: (0, sp.S.Half)}
    lohr, bm = _edges(sc.processes.lohr_generator(p)), _edges(sc.processes.binary_markov(p, p))
    bmq = _edges(sc.processes.binary_markov(p, q))
    rows = []

    out = race({"symcm": lambda: sc.same_process(sc.HMM.from_edges(lohr, domain=half), sc.HMM.from_edges(bm))},
               repeat)
    if out["symcm"][1] is not True:
        raise AssertionError("same_process(lohr_generator(p), binary_markov(p, p)) is not True")
    sofic_note = "sofic not installed"
    if sofic is not None:
        try:
            _sofic_model(sofic, lohr).is_equal_process(_sofic_model(sofic, bm))
            sofic_note = "sofic accepted symbolic models"
        except Exception as exc:  # noqa: BLE001 - we report what sofic does with symbols
            sofic_note = f"sofic: {type(exc).__name__}: {exc}"
    rows.append(("lohr_generator(p) vs binary_markov(p, p), symbolic", "True", out["symcm"][0], None, sofic_note))

    for label, other, at, expected in (
            ("lohr_generator(2/5) vs binary_markov(2/5, 2/5)", bm, {p: sp.Rational(2, 5)}, True),
            ("lohr_generator(2/5) vs binary_markov(2/5, 1/3)", bmq, {p: sp.Rational(2, 5), q: sp.Rational(1, 3)},
             False)):
        a = [(s, t, x, sp.sympify(pr).xreplace(at)) for s, t, x, pr in lohr]
        b = [(s, t, x, sp.sympify(pr).xreplace(at)) for s, t, x, pr in other]
        fns = {"symcm": lambda: sc.same_process(sc.HMM.from_edges(a), sc.HMM.from_edges(b))}
        if sofic is not None:
            af = [(s, t, x, float(pr)) for s, t, x, pr in a]
            bf = [(s, t, x, float(pr)) for s, t, x, pr in b]
            fns["sofic"] = lambda: _sofic_model(sofic, af).is_equal_process(_sofic_model(sofic, bf))
        out = race(fns, repeat)
        for name, (_, res) in out.items():
            if bool(res) is not expected:
                raise AssertionError(f"{label}: {name} says {res}, expected {expected}")
        rows.append((label, str(expected), out["symcm"][0], out["sofic"][0] if sofic is not None else None,
                     "symcm exact (rationals), sofic floats (rtol 1e-9)"))
    return rows


def _sofic_model(sofic, edges):
    h = sofic.MealyHMM()
    for e in edges:
        h.add_transition(*e)
    return h


# --- 4. growth with no peer: crossover digits, paving resolution -----------------------------------

def crossover_rows(digit_list, repeat: int):
    """Loehr's crossover ``p*`` to ``digits`` digits: ``sc.crossover`` (certified) vs ``mpmath.findroot``."""
    import mpmath

    p = sc.symbols("p")
    lower = sc.state_entropy(sc.processes.lohr_generator(p))
    upper = sc.statistical_complexity(sc.processes.lohr_generator(p))
    rows = []
    for digits in digit_list:
        def findroot():
            with mpmath.workdps(digits + 10):
                half = mpmath.mpf(1) / 2
                def f(x):
                    return -2 * x * mpmath.log(2 * x, 2) - 2 * (half - x) * mpmath.log(half - x, 2) - 1
                return +mpmath.findroot(f, (mpmath.mpf("0.38"), mpmath.mpf("0.39")), solver="secant")
        out = race({"crossover": lambda: sc.crossover(lower, upper, over={p: (0, sp.S.Half)},
                                                      digits=digits),
                    "findroot": findroot}, repeat)
        (b,) = out["crossover"][1].boundaries
        with mpmath.workdps(digits + 10):
            root = out["findroot"][1]
            if not mpmath.mpf(b.lo.p) / b.lo.q <= root <= mpmath.mpf(b.hi.p) / b.hi.q:
                raise AssertionError(f"findroot's {root} is outside the certified enclosure at {digits} digits")
        rows.append((digits, out["crossover"][0], out["findroot"][0]))
        log(f"crossover {digits} digits: {out['crossover'][0]:.4f} s, findroot {out['findroot'][0]:.4f} s")
    return rows


def paving_rows(exponents):
    """``sc.pave`` of ``H(p/(p+q)) < 1/2 + pq`` at ``2^-k`` against numpy at the centres of the ``2^k x 2^k`` grid.

    Check: every grid centre inside a box proved inside (outside) evaluates
    below (not below) zero.
    """
    import numpy as np

    p, q = sc.symbols("p q")
    lower, upper = sc.H(p / (p + q)), sp.S.Half + p * q
    rows = []
    for k in exponents:
        def grid():
            f = sp.lambdify((p, q), lower - upper, "numpy")
            c = (np.arange(2**k) + 0.5) / 2**k
            return f(c[:, None], c[None, :])
        out = race({"pave": lambda: sc.pave(lower, upper, over={p: (0, 1), q: (0, 1)},
                                            resolution=sp.Rational(1, 2**k)),
                    "grid": grid}, 1)
        paving, values = out["pave"][1], out["grid"][1]
        for boxes, inside in ((paving.inside, True), (paving.outside, False)):
            for (x0, x1), (y0, y1) in boxes:
                corners = [x0 * 2**k, x1 * 2**k, y0 * 2**k, y1 * 2**k]
                if not all(sp.Rational(c).q == 1 for c in corners):
                    continue  # a box smaller than a grid cell: no centre to compare
                block = values[int(corners[0]):int(corners[1]), int(corners[2]):int(corners[3])]
                if not bool((block < 0).all() if inside else (block >= 0).all()):
                    raise AssertionError(f"grid centres disagree with a box proved {'in' if inside else 'out'}side "
                                         f"at 2^-{k}: {(x0, x1), (y0, y1)}")
        c = paving.counts
        rows.append((k, out["pave"][0], paving.evaluations, c["undecided"], float(paving.inner_area),
                     float(paving.outer_area), out["grid"][0], float((values < 0).mean())))
        log(f"paving 2^-{k}: {out['pave'][0]:.3f} s, grid {out['grid'][0]:.4f} s")
    return rows


# --- output ---------------------------------------------------------------------------------

def fmt_time(t) -> str:
    if t is None or isinstance(t, str):
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.0f} us"
    return f"{t * 1e3:.1f} ms" if t < 1 else f"{t:.2f} s"


def fmt_ratio(num, den, capped=None) -> str:
    if isinstance(num, str) or den is None:
        return "-"
    if num is None:
        return f"> {capped / den:,.0f}x" if capped is not None else "-"
    r = num / den
    return f"{r:,.0f}x" if r >= 10 else (f"{r:.1f}x" if r >= 1 else f"{r:.2g}x")


def stationary_table(rows, cap: float) -> str:
    head = ("| n | symcm | symcm (CPU) | naive sympy | sofic | Maxima (inside) | Maxima (wall) "
            "| Maxima (user CPU) | naive / symcm | sofic / symcm | Maxima inside / symcm | Maxima wall / symcm |")
    lines = [head, "|" + "---:|" * (head.count("|") - 1)]
    for r in rows:
        cells = []
        for key in ("naive", "sofic"):
            v = r.get(key)
            cells.append("skipped" if v == "skip" else (f"> {cap:g} s" if v is None else fmt_time(v)))
        mx = r.get("Maxima")
        mx_in = "skipped" if mx == "skip" else (f"> {cap:g} s" if mx is None else fmt_time(mx))
        mx_wall = fmt_time(r.get("Maxima_wall")) if isinstance(mx, float) else mx_in
        lines.append(
            f"| {r['n']} | {fmt_time(r['symcm'])} | {fmt_time(r['symcm_cpu'])} | {cells[0]} | {cells[1]} "
            f"| {mx_in} | {mx_wall} "
            f"| {fmt_time(r.get('Maxima_cpu')) if isinstance(mx, float) else mx_in} "
            f"| {fmt_ratio(r.get('naive'), r['symcm'], cap)} | {fmt_ratio(r.get('sofic'), r['symcm'], cap)} "
            f"| {fmt_ratio(r.get('Maxima'), r['symcm'], cap)} "
            f"| {fmt_ratio(r.get('Maxima_wall'), r['symcm'], cap) if isinstance(mx, float) else '-'} |")
    return "\n".join(lines)


def targets(rows, cmu) -> list[str]:
    by_n = {r["n"]: r for r in rows}
    out = []

    def line(label, num, den, goal, capped=None):
        if den is None or isinstance(num, str) or (num is None and capped is None):
            out.append(f"- {label}: not measured")
            return
        ratio = (capped if num is None else num) / den
        bound = "> " if num is None else ""
        met = "met" if ratio >= goal else "NOT met"
        shown = f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:.1f}"
        out.append(f"- {label}: {bound}{shown}x (target {goal:,}x): {met}")

    r10, r16 = by_n.get(10), by_n.get(16)
    line("stationary n = 10, sofic / symcm", r10 and r10.get("sofic"), r10 and r10["symcm"], 1000)
    line("stationary n = 16, Maxima (inside) / symcm", r16 and r16.get("Maxima"), r16 and r16["symcm"], 10)
    line("stationary n = 16, Maxima (wall) / symcm", r16 and r16.get("Maxima_wall"), r16 and r16["symcm"], 10)
    if cmu is not None and "sofic C_mu" in cmu:
        line("C_mu(p, q), sofic / symcm", cmu["sofic C_mu"][0], cmu["symcm C_mu"][0], 100)
    return out


def machine(sofic, maxima) -> str:
    from .stationary import machine as base

    lines = [base()]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=root).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "symcm"],
                               capture_output=True, text=True, cwd=root).stdout.strip()
        lines.append(f"- symcm at commit {head or '?'}" + (" (tracked files in symcm/ modified)" if dirty else ""))
    except OSError:  # pragma: no cover - no git
        pass
    lines.append(f"- sofic {getattr(sofic, '__version__', '?')}" if sofic is not None else "- sofic: not installed")
    if maxima is not None:
        out = subprocess.run([maxima, "--very-quiet", "--batch-string=display2d: false$ "
                              'print("SYMCM-V", build_info()@version, "/", build_info()@lisp_name, '
                              'build_info()@lisp_version)$'], capture_output=True, text=True).stdout
        info = [ln for ln in out.splitlines() if ln.startswith("SYMCM-V")]
        lines.append(f"- Maxima {info[0][8:].strip() if info else '?'} ({maxima})")
    else:
        lines.append("- Maxima: not installed")
    return "\n".join(lines)


def profile(seed: int, top: int = 18) -> None:
    """cProfile (cumulative) of symcm's end-to-end stationary distribution at n = 10 and 16, and of C_mu."""
    p, q = sc.symbols("p q")
    jobs = [(f"stationary end to end, n = {n}", (lambda n=n: symcm_stationary(random_sparse_chain_edges(n, seed)[0],
                                                                             n))) for n in (10, 16)]
    jobs.append(("C_mu of binary_markov(p, q)", lambda: sc.statistical_complexity(sc.processes.binary_markov(p, q))))
    log("breakdown without the profiler (best of 5 cold runs):")
    for n in (10, 16):
        edges = random_sparse_chain_edges(n, seed)[0]
        t_build, _, m = best(lambda: sc.HMM.from_edges(edges, states=_names(n), alphabet=("0", "1")), 5, 5.0)
        t_cancel, _, _ = best(lambda: [rational_module._cancelled(e[3]) for e in edges], 5, 5.0)
        t_pi, _, _ = best(lambda: sc.stationary_distribution(m), 5, 5.0)
        t_all, _, _ = best(lambda: symcm_stationary(edges, n), 5, 5.0)
        print(f"- n = {n}: end to end {fmt_time(t_all)}; HMM.from_edges {fmt_time(t_build)} (of which the first "
              f"cancel(together(.)) of every edge, symcm.algebra.rational._cancelled: {fmt_time(t_cancel)}); "
              f"stationary_distribution on the built model {fmt_time(t_pi)}")
    t_bm, _, _ = best(lambda: sc.processes.binary_markov(p, q), 5, 5.0)
    t_cmu, _, _ = best(lambda: sc.statistical_complexity(sc.processes.binary_markov(p, q)), 5, 5.0)
    t_h, _, _ = best(lambda: sc.state_entropy(sc.processes.binary_markov(p, q)), 5, 5.0)
    print(f"- C_mu of binary_markov(p, q): {fmt_time(t_cmu)}; building binary_markov(p, q) {fmt_time(t_bm)}; "
          f"its state entropy H[pi] (no minimisation, no case split) {fmt_time(t_h)}\n")
    for what, fn in jobs:
        fn()
        clear_caches()
        prof = cProfile.Profile()
        prof.runcall(fn)
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(top)
        print(f"### {what}\n\n```text\n{out.getvalue().strip()}\n```\n")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.peers", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="n = 4..9, 10 s caps, best of 2, fewer digits and resolutions")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure, best kept (default 3; quick 2)")
    parser.add_argument("--symcm-repeat", type=int, default=None,
                        help="runs of symcm's stationary distribution per n (default 3 x --repeat: each run is short, "
                             "and the best of more runs is steadier on a shared machine)")
    parser.add_argument("--cap", type=float, default=None, help="cap of a peer's run in s (default 120; quick 10)")
    parser.add_argument("--long", type=float, default=5.0, help="runs longer than this are not repeated (s)")
    parser.add_argument("--n", nargs=2, type=int, metavar=("FIRST", "LAST"), help="range of n (default 4 18)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"chain seed (default {DEFAULT_SEED})")
    parser.add_argument("--only", nargs="+", choices=("stationary", "cmu", "msp", "equivalence", "crossover", "paving"),
                        help="run only these parts")
    parser.add_argument("--skip", nargs="+", choices=("naive", "sofic", "maxima"), default=(),
                        help="leave these peers out of the stationary part")
    parser.add_argument("--plot", metavar="PNG", help="write the log-log growth figure of the stationary part here")
    parser.add_argument("--json", metavar="FILE", help="save the stationary part's figures (re-plot with "
                                                        "python -m benchmarks.growth FILE PNG)")
    parser.add_argument("--profile", action="store_true", help="print cProfile tables of symcm's side and stop")
    args = parser.parse_args(argv)
    if args.profile:
        profile(args.seed)
        return 0
    parts = set(args.only or ("stationary", "cmu", "msp", "equivalence", "crossover", "paving"))
    first, last = args.n or ((4, 9) if args.quick else (4, 18))
    cap = args.cap if args.cap is not None else (10.0 if args.quick else 120.0)
    if args.repeat is None:
        args.repeat = 2 if args.quick else 3
    sofic, maxima = find_sofic(), find_maxima()
    description = machine(sofic, maxima)
    start, load_before = time.perf_counter(), os.getloadavg()
    sections = []

    rows, cmu = [], None
    if "stationary" in parts:
        rows = stationary_rows(range(first, last + 1), repeat=args.repeat, long=args.long, cap=cap, seed=args.seed,
                               sofic=None if "sofic" in args.skip else sofic,
                               maxima=None if "maxima" in args.skip else maxima,
                               symcm_repeat=args.symcm_repeat or 3 * args.repeat, naive="naive" not in args.skip)
        text = ["### Stationary distribution, end to end (random sparse chains)\n", stationary_table(rows, cap), ""]
        fits = [(label, growth_factors(rows, key)) for key, label in (
            ("symcm", "symcm"), ("naive", "naive sympy"), ("sofic", "sofic"), ("Maxima", "Maxima (inside)"),
            ("Maxima_wall", "Maxima (wall)"))]
        fits = [(label, fit) for label, fit in fits if fit is not None]
        if fits:
            text.append("Growth, least-squares fit of log(time) on n >= 8 over the measured points:\n")
            text.append("| method | factor per added state | log-log slope | fitted on n |")
            text.append("|---|---:|---:|---|")
            for label, fit in fits:
                text.append(f"| {label} | {fit[0]:.2f} | {fit[1]:.1f} | {fit[2][0]}..{fit[2][1]} |")
        sections.append("\n".join(text))
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"cap": cap, "seed": args.seed, "repeat": args.repeat, "rows": rows}, f, indent=1)
            log(f"wrote {args.json}")
        if args.plot:
            from .growth import plot_growth

            plot_growth(rows, args.plot, cap)
            log(f"wrote {args.plot}")
    if "cmu" in parts:
        cmu, notes = cmu_rows(sofic, args.repeat)
        base = cmu["symcm C_mu"][0]
        text = ["### C_mu of binary_markov(p, q), symbolic, cold\n", "| method | time | time / symcm C_mu |",
                "|---|---:|---:|"]
        for name, (t, _) in cmu.items():
            text.append(f"| {name} | {fmt_time(t)} | {t / base:.2f}x |")
        text.append("")
        text.extend(f"- {note}" for note in notes)
        if sofic is None:
            text.append("- sofic: skipped (not installed)")
        sections.append("\n".join(text))
    if "msp" in parts:
        msp = msp_rows(sofic, args.repeat)
        text = ["### Mixed-state presentations (symbolic, from the stationary distribution)\n",
                "| process | mixed states | symcm | sofic | sofic / symcm |", "|---|---:|---:|---:|---:|"]
        for name, count, ts, tf in msp:
            text.append(f"| {name} | {count} | {fmt_time(ts)} | {fmt_time(tf) if tf is not None else 'skipped'} "
                        f"| {fmt_ratio(tf, ts)} |")
        sections.append("\n".join(text))
    if "equivalence" in parts:
        eq = equivalence_rows(sofic, args.repeat)
        text = ["### Process equivalence\n", "| pair | same process | symcm | sofic | note |",
                "|---|---|---:|---:|---|"]
        for label, answer, ts, tf, note in eq:
            text.append(f"| {label} | {answer} | {fmt_time(ts)} | {fmt_time(tf) if tf is not None else '-'} "
                        f"| {note} |")
        sections.append("\n".join(text))
    if "crossover" in parts:
        digit_list = (10, 30, 100) if args.quick else (10, 30, 100, 300, 1000)
        cr = crossover_rows(digit_list, args.repeat)
        text = ["### Crossover digits (no peer): sc.crossover (certified) vs mpmath.findroot (uncertified)\n",
                "| digits | sc.crossover | mpmath.findroot | crossover / findroot |", "|---:|---:|---:|---:|"]
        for digits, tc, tf in cr:
            text.append(f"| {digits} | {fmt_time(tc)} | {fmt_time(tf)} | {tc / tf:.1f}x |")
        sections.append("\n".join(text))
    if "paving" in parts:
        exps = (4, 5, 6) if args.quick else (5, 6, 7, 8, 9)
        pv = paving_rows(exps)
        text = ["### Paving resolution (no peer): sc.pave (certified) vs a numpy grid (uncertified)\n",
                "| resolution | sc.pave | boxes evaluated | undecided | area bounds | numpy grid | grid area "
                "| pave / grid |", "|---:|---:|---:|---:|---|---:|---:|---:|"]
        for k, tp, evals, und, inner, outer, tg, area in pv:
            text.append(f"| 2^-{k} | {fmt_time(tp)} | {evals} | {und} | [{inner:.5f}, {outer:.5f}] "
                        f"| {fmt_time(tg)} | {area:.5f} | {tp / tg:,.0f}x |")
        sections.append("\n".join(text))

    load_after, elapsed = os.getloadavg(), time.perf_counter() - start
    print(description)
    print(f"- load average (1, 5, 15 min) {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} at the "
          f"start, {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} at the end; run time "
          f"{elapsed / 60:.1f} min")
    print(f"- chain seed {args.seed}; best of {args.repeat} cold runs (runs over {args.long:g} s not repeated; "
          f"symcm's stationary distribution: best of {args.symcm_repeat or 3 * args.repeat} runs plus 2 after "
          "each peer's run, so that its best and the peers' are taken over the same stretch of time); "
          f"peers capped at {cap:g} s\n")
    if rows or cmu:
        print("### Targets\n")
        print("\n".join(targets(rows, cmu)) + "\n")
    print("\n\n".join(sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
