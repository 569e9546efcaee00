"""Benchmark of the generator search and of the exact two-state minimisation at one point.

Point: ``binary_markov(2/5, 2/5)`` (``C_mu = 1``; Loehr's three-state generator
has ``H[pi] = H(1/10, 4/5, 1/10) = 0.9219...``).

1. ``search_generator(m, states=3, seed=0)`` with default settings: wall time
   (best of K, cold caches), the exact state entropy found, and its checks
   (``same_process`` exactly True, ``E <= H <= C_mu``).
2. ``minimize_state_entropy`` over all two-state generators (the family is
   derived from the general two-state model by ``generator_conditions``):
   the exact minimum, for comparison.

Prints a markdown table.  Run: ``python -m benchmarks.generators`` (``--repeat K``).
"""

from __future__ import annotations

import argparse
import platform

import sympy as sp

import symcm as sc
from symcm.generation.families import general_family
from symcm.generation.minimisation import minimize_state_entropy
from symcm.generation.search import search_generator

from . import common

R = sp.Rational


def best_of(fn, repeat: int):
    """Best time of ``repeat`` runs, symcm's caches cleared before each (:func:`benchmarks.common.best_of`)."""
    return common.best_of(fn, repeat, sc.clear_caches)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    m = sc.processes.binary_markov(R(2, 5), R(2, 5))
    cmu = sc.statistical_complexity(m)
    excess = sc.excess_entropy(m)
    loehr = sc.state_entropy(sc.processes.lohr_generator(R(2, 5)))

    t_search, res = best_of(lambda: search_generator(m, states=3, seed=0), args.repeat)
    assert sc.same_process(res.generator, m) is True
    assert sp.N(excess, 30) <= sp.N(res.state_entropy, 30) <= sp.N(cmu, 30)
    again = search_generator(m, states=3, seed=0)
    assert again.generator == res.generator, "not reproducible by seed"

    fam, free = general_family(2)
    t_min, best2 = best_of(lambda: minimize_state_entropy(fam, free, process=m), args.repeat)
    assert best2.exact and sc.same_process(best2.generator, m) is True

    def f(x):
        return f"{float(sp.N(x, 20)):.6f}"

    print(f"# generator search at binary_markov(2/5, 2/5) ({platform.python_implementation()} "
          f"{platform.python_version()}, best of {args.repeat})\n")
    print("| method | time (s) | H[pi] found | exact value | vs C_mu = 1 | vs Loehr | certified |")
    print("|---|---:|---:|---|---|---|---|")
    print(f"| search_generator(states=3, seed=0), {res.diagnostics['restarts']} restarts "
          f"| {t_search:.2f} | {f(res.state_entropy)} | ${sp.latex(res.state_entropy)}$ "
          f"| {'below' if res.beats_statistical_complexity else 'not below'} "
          f"| {'below' if sp.N(res.state_entropy - loehr, 30) < 0 else 'not below'} "
          f"| same_process True; snap: {res.diagnostics.get('snap')} |")
    print(f"| minimize_state_entropy (all 2-state generators) | {t_min:.2f} | {f(best2.value)} "
          f"| ${sp.latex(best2.value)}$ | below | below | exact ({best2.method.split(':')[1].split('(')[0].strip()}) |")
    print(f"\nC_mu = {f(cmu)}, Loehr's generator {f(loehr)}, E = {f(excess)}; "
          f"recurrent states of the 3-state result: {len(sc.recurrent_classes(res.generator)[0])}; "
          f"distinct numeric optima that match the words (H): "
          f"{sorted({round(h, 6) for h, m_ in res.diagnostics['numeric_optima'] if m_ < 1e-9})}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
