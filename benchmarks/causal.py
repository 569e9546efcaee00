"""Benchmarks of the causal-state layer, each as a ratio against a baseline run in the same process.

1. ``C_mu`` of ``binary_markov(p, q)`` (symbolic, with the IID-line case
   split), cold caches.  Baseline: the naive route a user might write with
   plain sympy: ``Matrix.nullspace`` of ``(T - I)^T`` + ``simplify`` + the
   binary entropy of the first entry (which is *wrong* on ``p + q = 1``; it
   is timed only as a reference point).
2. The epsilon-machine of a seeded 10-state symbolic unifilar machine that
   contains duplicated (non-minimal) states and a merge line.  Baseline:
   brute-force Moore equivalence, comparing the future word probabilities
   ``Pr(w | s)`` of every pair of states for all words up to length ``n - 1``
   with sympy matrices and ``cancel``.
3. ``same_process(lohr_generator(p), binary_markov(p, p))``.  Baseline:
   the probabilities of all words of length ``n1 + n2 - 1 = 4``, each summed
   over all state paths (``tests/oracles.py``), differences simplified.

Every method's answer is checked against the baseline's before its time is
reported.

Run: ``python -m benchmarks.causal`` (``--repeat K`` for best of K).
"""

from __future__ import annotations

import argparse
import itertools
import platform
import random
import sys

import sympy as sp

import symcm as sc

from . import common

sys.path.insert(0, ".")
from tests import oracles  # noqa: E402  (the slow obvious reference implementations)


def best_of(fn, repeat: int) -> tuple[float, object]:
    """Best time of ``repeat`` runs, symcm's caches cleared before each (:func:`benchmarks.common.best_of`)."""
    return common.best_of(fn, repeat, sc.clear_caches)


# --- 1. C_mu of binary_markov --------------------------------------------------------------

def naive_cmu(m):
    t = sum((oracles.matrices(m)[x] for x in m.alphabet), sp.zeros(len(m.states)))
    v = (t - sp.eye(len(m.states))).T.nullspace()[0]
    pi0 = sp.simplify(v[0] / sum(v))
    return sc.H(pi0)


# --- 2. a 10-state symbolic unifilar machine ------------------------------------------------

def ten_state_machine(seed: int = 7):
    """A seeded unifilar machine: 5 distinct states, each duplicated once (10 states).

    State ``k`` (and its twin ``k'``) emits ``0`` with probability ``p`` or
    ``q`` (alternating by state), moving along a random successor table; the
    twins copy the successors, so the minimal machine has at most 5 states,
    and states with ``p`` and ``q`` merge on the line ``p = q`` when their
    successors do.
    """
    rng = random.Random(seed)
    p, q = sc.symbols("p q")
    base = 5
    succ = {(k, x): rng.randrange(base) for k in range(base) for x in "01"}
    succ[(base - 1, "0")] = 0  # keep it irreducible
    for k in range(base - 1):
        succ[(k, "0")] = k + 1
    edges = []
    for k in range(base):
        pr = p if k % 2 == 0 else q
        for twin in (f"s{k}", f"t{k}"):
            edges.append((twin, f"s{succ[(k, '0')]}" if twin.startswith("s") else f"t{succ[(k, '0')]}", "0", pr))
            edges.append((twin, f"t{succ[(k, '1')]}" if twin.startswith("s") else f"s{succ[(k, '1')]}", "1", 1 - pr))
    return sc.HMM.from_edges(edges, name="ten-state machine")


def brute_force_classes(m):
    """Partition by future morphs ``Pr(w | s)`` for all words up to length ``n - 1`` (Moore's bound)."""
    mats = oracles.matrices(m)
    n = len(m.states)
    vectors = {}
    for i, s in enumerate(m.states):
        row = sp.zeros(1, n)
        row[i] = 1
        morph = []
        for length in range(1, n):
            for w in itertools.product(m.alphabet, repeat=length):
                v = row
                for x in w:
                    v = v * mats[x]
                morph.append(sp.cancel(sum(v)))
        vectors[s] = tuple(morph)
    classes = {}
    for s in m.states:
        classes.setdefault(vectors[s], []).append(s)
    return sorted(len(c) for c in classes.values())


# --- 3. same_process ----------------------------------------------------------------------------

def brute_force_same(m1, m2, length):
    for w in itertools.product(m1.alphabet, repeat=length):
        if sp.simplify(oracles.word_probability(m1, w) - oracles.word_probability(m2, w)) != 0:
            return False
    return True


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    p, q = sc.symbols("p q")
    rows = []

    # 1
    bm = sc.processes.binary_markov(p, q)
    t_sym, cmu = best_of(lambda: sc.statistical_complexity(sc.processes.binary_markov(p, q)), args.repeat)
    t_naive, naive = best_of(lambda: naive_cmu(bm), args.repeat)
    # H(x) = H(1 - x): the generic branch and the naive formula agree (checked at 40 digits at a point)
    point = {p: sp.Rational(1, 5), q: sp.Rational(1, 3)}
    assert abs(sp.N((cmu.args[-1][0] - naive).subs(point), 40)) < sp.Float(10) ** -35
    assert cmu.subs({p: sp.Rational(3, 10), q: sp.Rational(7, 10)}) == 0  # the IID line
    rows.append(("C_mu of binary_markov(p, q), with the IID case", t_sym, "nullspace + simplify + H (no case split)", t_naive))

    # 2
    m10 = ten_state_machine()
    t_em, em = best_of(lambda: sc.epsilon_machine(m10), args.repeat)
    t_bf, classes = best_of(lambda: brute_force_classes(m10), 1)
    generic = em[-1][1] if isinstance(em, sc.Cases) else em
    assert len(generic.states) == len(classes), (generic.states, classes)
    rows.append(("epsilon-machine of a 10-state symbolic unifilar machine", t_em,
                 "brute-force future morphs up to length n - 1", t_bf))

    # 3
    g, b = sc.processes.lohr_generator(p), sc.processes.binary_markov(p, p)
    t_same, same = best_of(lambda: sc.same_process(sc.processes.lohr_generator(p), sc.processes.binary_markov(p, p)),
                           args.repeat)
    t_bfs, same_bf = best_of(lambda: brute_force_same(g, b, 4), 1)
    assert same is True and same_bf is True
    rows.append(("same_process(lohr_generator(p), binary_markov(p, p))", t_same,
                 "all 16 words of length 4, summed over state paths", t_bfs))

    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"sympy {sp.__version__}, backend {sc.algebra.backends.get_backend((p,)).name}")
    print(f"best of {args.repeat} (baselines best of 1), caches cleared before each run\n")
    print("| task | symcm (s) | baseline | baseline (s) | speed-up |")
    print("|---|---:|---|---:|---:|")
    for task, t, base, tb in rows:
        print(f"| {task} | {t:.4f} | {base} | {tb:.3f} | {tb / t:.3g}x |")
    if isinstance(em, sc.Cases):
        print(f"\n10-state machine: {len(em)} cases: " + "; ".join(f"{c}: {len(mm.states)} states" for c, mm in em))
    return 0


if __name__ == "__main__":
    sys.exit(main())
