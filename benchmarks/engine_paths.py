"""Benchmark: the paths that build on the stationary engine, new against old, in one process.

Issue 12, deliverable 2.  Every path that needs a stationary vector takes it
from :func:`symcm.causal.stationary.stationary_weights` (budgeted sparse
elimination, modular interpolation with a certificate, Bareiss); what this
measures is the algebra and bookkeeping around it, on the large models of
:mod:`benchmarks.families` (the order-8 chain: 256 states; ring + chord
``n = 50``):

* ``reverse``: reversed probabilities ``w_s T[s, t] / w_t`` cancelled by a
  ring gcd, the canonical forms handed to the model (old: the quotient built
  in sympy and cancelled by ``sympy.cancel`` in the model constructor);
* ``block_entropy`` and ``state_entropy``: the entropy of probabilities known
  valid, without the assumption queries of ``entropy_of`` and with one
  ``sympy.ordered`` instead of three checks and two orderings (old:
  ``entropy_of``);
* ``same_process``: both models' word probabilities walked in one ring over
  the words of length ``n1 + n2 - 1`` (prefixes shared), only differing
  words converted (old: both word tables in sympy and ``cancel(together(.))``
  of every difference; ``tests.oracles.same_process_differences``);
* ``word_distribution``: the word probabilities cancelled in the ring into
  the distribution's canonical form, and its entropy without checks (old:
  ``JointDistribution._derived`` cancelling every word and their sum in
  sympy, then ``entropy_of``);
* ``word_probabilities(., 8)``, ``stationary_distribution`` and the entropy
  rate of a non-unifilar model (the reverse of the order-6 chain) are timed
  as they are (no old route: they were on the engine already).

Every old/new pair is checked equal (structurally: ``srepr``).  One cold run
each (caches cleared), old and new alternating in this process; on a shared
machine the ratios are what to read.  Run from the repository root::

    python -m benchmarks.engine_paths            # add --quick for the small sizes only
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

import sympy as sp
from sympy.core.cache import clear_cache

import symcm as sc
from symcm.algebra.entropy import entropy_of
from symcm.causal.equivalence import _difference_numerators
from symcm.causal.measures import _generic_pi
from symcm.models.hmm import HMM

from .families import order_r, ring_chord

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from tests.oracles import same_process_differences  # noqa: E402


def split_state(m: HMM, state) -> HMM:
    """The same process with ``state`` split into two copies that share its out-edges, entered half and half.

    Examples
    --------
    >>> m = split_state(order_r(2), 0)
    >>> len(m.states), sc.same_process(m, order_r(2))
    (5, True)
    """
    a, b = f"{state}a", f"{state}b"
    edges = []
    for e in m.edges:
        sources = (a, b) if e.source == state else (e.source,)
        for s in sources:
            if e.target == state:
                edges += [(s, a, e.symbol, e.probability / 2), (s, b, e.symbol, e.probability / 2)]
            else:
                edges.append((s, e.target, e.symbol, e.probability))
    states = [x for s in m.states for x in ((a, b) if s == state else (s,))]
    return HMM.from_edges(edges, states=states, alphabet=m.alphabet, name=f"{m.name}, {state} split")


def old_reverse(m: HMM) -> HMM:
    """The reversal before issue 12: ``pi_s p / pi_t`` in sympy, cancelled by the model constructor."""
    rec = sc.causal.states.recurrent_part(m)
    pi = _generic_pi(rec)
    edges = [(e.target, e.source, e.symbol, pi[e.source] * e.probability / pi[e.target]) for e in rec.edges]
    return HMM._derived(edges, states=rec.states, alphabet=rec.alphabet, domain=dict(rec.domain),
                        name=f"reverse of {m.name}" if m.name else None)


def old_block_entropy(m: HMM, length: int) -> sp.Expr:
    return entropy_of(sc.word_probabilities(m, length).values())


def old_state_entropy(m: HMM) -> sp.Expr:
    return entropy_of(_generic_pi(m).values())


def _cold():
    sc.clear_caches()
    clear_cache()


def timed(fn):
    _cold()
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def same(a, b) -> bool:
    if isinstance(a, HMM):
        return a == b and all(sp.srepr(x.probability) == sp.srepr(y.probability) for x, y in zip(a.edges, b.edges))
    if isinstance(a, tuple):
        return a[0] == b[0] and all(same(x, y) for x, y in zip(a[0].outcomes.values(), b[0].outcomes.values())) \
            and same(a[1], b[1])
    if isinstance(a, list):
        return [sp.srepr(x) for x in a] == [sp.srepr(x) for x in b]
    return sp.srepr(a) == sp.srepr(b)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small models only (order 4, ring n = 12)")
    args = ap.parse_args(argv)
    big = not args.quick
    o8, o6 = order_r(8 if big else 4), order_r(6 if big else 3)
    rc = ring_chord(50 if big else 12, 2)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}, "
          f"sympy {sp.__version__}, backend {sc.algebra.backends.backend_name(None)}, "
          f"load {os.getloadavg()[0]:.2f}; one cold run each\n")
    print("| path | model | new (s) | old (s) | old / new | equal |")
    print("|---|---|---:|---:|---:|---|")

    def row(label, model, new, old=None):
        t_new, a = timed(new)
        if old is None:
            print(f"| {label} | {model} | {t_new:.2f} | - | - | - |", flush=True)
            return
        t_old, b = timed(old)
        ok = same(a, b)
        print(f"| {label} | {model} | {t_new:.2f} | {t_old:.2f} | {t_old / t_new:.1f}x | {ok} |", flush=True)
        assert ok, label

    for label, m in ((o8.name, o8), (rc.name, rc)):
        row("stationary_distribution", label, lambda: sc.stationary_distribution(m))
        row("word_probabilities(8)", label, lambda: sc.word_probabilities(m, 8))
        row("block_entropy(8)", label, lambda: sc.block_entropy(m, 8), lambda: old_block_entropy(m, 8))
        row("state_entropy", label, lambda: sc.state_entropy(m), lambda: old_state_entropy(m))
        row("reverse", label, lambda: sc.reverse(m), lambda: old_reverse(m))
        row("entropy_rate (unifilar)", label, lambda: sc.entropy_rate(m))
    from symcm.information import entropy, word_distribution
    from symcm.information.joint import JointDistribution

    def old_word_entropy(m, length):
        d = JointDistribution._derived(sc.word_probabilities(m, length), tuple(f"X{t + 1}" for t in range(length)),
                                       m.domain)
        return d, entropy_of(d._outcomes.values())

    def new_word_entropy(m, length):
        d = word_distribution(m, length)
        return d, entropy(d)

    wd = ring_chord(12, 2)
    row("word_distribution(6) + entropy", wd.name, lambda: new_word_entropy(wd, 6), lambda: old_word_entropy(wd, 6))
    small = order_r(3)
    dup = split_state(small, 0)
    row("same_process (differences)", f"{small.name} vs a split state", lambda: _difference_numerators(small, dup, 16),
        lambda: same_process_differences(small, dup))
    other = order_r(2)
    row("same_process (differences)", f"{small.name} vs order-2", lambda: _difference_numerators(small, other, 11),
        lambda: same_process_differences(small, other))
    rev = sc.reverse(o6)
    row("entropy_rate (non-unifilar)", f"reverse of {o6.name}", lambda: sc.entropy_rate(rev))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
