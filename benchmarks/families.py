"""Model families shared by the benchmarks against Storm, with a PRISM writer.

Every builder is deterministic (seeded ``random.Random``), returns a validated
:class:`symcm.HMM` whose states are ``0 .. n-1`` in order (so that a state's
index is its PRISM value), and every chain it builds is irreducible on the
open box ``(0, 1)^k`` of its parameters, so its stationary distribution is
unique and equals the long-run fraction of time spent in each state (the
ergodic theorem for finite Markov chains; Kemeny & Snell, *Finite Markov
Chains*, 1960, Thm 4.2.1).  That is what Storm's long-run average operator
``LRA=? ["target"]`` computes for the state labelled ``target``.

* :func:`order_r` - the binary order-``R`` Markov chain: ``2^R`` states, the
  last ``R`` symbols (state ``i`` is the binary word of ``i``, most recent
  symbol last); emit ``1`` with probability ``p`` when the state holds an even
  number of 1s, else ``q``; the next state is the word shifted by the symbol.
* :func:`ring_chord` - the ring ``i -> i+1`` plus one random chord per state
  ``i -> j`` (``j != i``); state ``i`` takes the ring with probability
  ``p_c`` and the chord with ``1 - p_c``, where ``c`` is drawn from the ``k``
  parameters.
* :func:`plain_ring` - the ring ``i -> i+1`` with probability ``p`` and a
  self-loop with ``1 - p`` (doubly stochastic: the answer is ``1/n``, one
  term, whatever ``n``).
* :func:`random_sparse` - the ring plus two random targets per state,
  probabilities ``p_a``, ``(1 - p_a) p_b`` and ``(1 - p_a)(1 - p_b)`` with
  ``a, b`` drawn from the ``k`` parameters (degree-2 edge probabilities).

:func:`to_prism` writes any such model as a PRISM ``dtmc`` with one bounded
integer variable ``s``, one ``const double`` per parameter (undefined, hence
parametric for Storm), parallel edges to the same target summed, and the label
``"target"`` on state ``0``.

Examples
--------
>>> from benchmarks.families import order_r, to_prism
>>> m = order_r(2)
>>> m.states, len(m.edges), m.parameters
((0, 1, 2, 3), 8, (p, q))
>>> print(to_prism(m).splitlines()[7])
  [] s=0 -> (1 - p) : (s'=0) + (p) : (s'=1);
"""

from __future__ import annotations

import random

import sympy as sp
from sympy.printing.str import StrPrinter

import symcm as sc

__all__ = ["order_r", "ring_chord", "plain_ring", "random_sparse", "to_prism", "FAMILIES"]

#: The seed used by the benchmarks unless told otherwise.
DEFAULT_SEED = 2024


def _params(k: int) -> tuple[sp.Symbol, ...]:
    if k < 1:
        raise ValueError(f"at least one parameter is needed, received k = {k}")
    syms = sc.symbols(" ".join(f"p_{i}" for i in range(k)))
    return syms if isinstance(syms, tuple) else (syms,)


def order_r(R: int) -> sc.HMM:
    """The binary order-``R`` Markov chain on ``2^R`` states, parameters ``p, q``.

    Examples
    --------
    >>> m = order_r(3)
    >>> len(m.states), len(m.edges)
    (8, 16)
    """
    if R < 1:
        raise ValueError(f"order_r needs R >= 1, received R = {R}")
    p, q = sc.symbols("p q")
    n, mask = 2 ** R, 2 ** R - 1
    edges = []
    for i in range(n):
        one = p if bin(i).count("1") % 2 == 0 else q
        edges.append((i, ((i << 1) | 1) & mask, "1", one))
        edges.append((i, (i << 1) & mask, "0", 1 - one))
    return sc.HMM.from_edges(edges, states=range(n), alphabet=("0", "1"), name=f"order-{R} Markov chain")


def ring_chord(n: int, k: int = 2, seed: int = DEFAULT_SEED) -> sc.HMM:
    """The ring on ``n`` states plus one random chord per state, ``k`` parameters.

    Examples
    --------
    >>> m = ring_chord(10, 3, seed=1)
    >>> len(m.states), len(m.parameters)
    (10, 3)
    """
    if n < 3:
        raise ValueError(f"ring_chord needs n >= 3 states, received n = {n}")
    params = _params(k)
    rng = random.Random(seed)
    edges = []
    for i in range(n):
        j = rng.choice([t for t in range(n) if t != i])
        c = params[i % k] if i < k else params[rng.randrange(k)]  # every parameter used at least once
        edges.append((i, (i + 1) % n, "0", c))
        edges.append((i, j, "1", 1 - c))
    return sc.HMM.from_edges(edges, states=range(n), alphabet=("0", "1"),
                             name=f"ring + chord (n={n}, k={k}, seed={seed})")


def plain_ring(n: int) -> sc.HMM:
    """The ring on ``n`` states: forward with probability ``p``, stay with ``1 - p``.

    Examples
    --------
    >>> plain_ring(5).parameters
    (p,)
    """
    if n < 2:
        raise ValueError(f"plain_ring needs n >= 2 states, received n = {n}")
    (p,) = sc.symbols("p,")
    edges = [e for i in range(n) for e in ((i, (i + 1) % n, "1", p), (i, i, "0", 1 - p))]
    return sc.HMM.from_edges(edges, states=range(n), alphabet=("0", "1"), name=f"plain ring (n={n})")


def random_sparse(n: int, k: int = 2, seed: int = DEFAULT_SEED) -> sc.HMM:
    """The ring plus two random targets per state; degree-2 probabilities from ``k`` parameters.

    Examples
    --------
    >>> m = random_sparse(16, 4, seed=3)
    >>> len(m.states), len(m.parameters)
    (16, 4)
    """
    if n < 3:
        raise ValueError(f"random_sparse needs n >= 3 states, received n = {n}")
    params = _params(k)
    rng = random.Random(seed)
    edges = []
    for i in range(n):
        j1, j2 = (rng.choice([t for t in range(n) if t != i]) for _ in range(2))
        a = params[i % k] if i < k else params[rng.randrange(k)]
        b = params[rng.randrange(k)]
        edges.append((i, (i + 1) % n, "0", a))
        edges.append((i, j1, "1", (1 - a) * b))
        edges.append((i, j2, "2", (1 - a) * (1 - b)))
    return sc.HMM.from_edges(edges, states=range(n), alphabet=("0", "1", "2"),
                             name=f"random sparse (n={n}, k={k}, seed={seed})")


#: ``name -> builder(size, k, seed)``: the families the benchmark iterates over.
FAMILIES = {
    "order_r": lambda size, k=2, seed=DEFAULT_SEED: order_r(size),
    "ring_chord": ring_chord,
    "plain_ring": lambda size, k=1, seed=DEFAULT_SEED: plain_ring(size),
    "random_sparse": random_sparse,
}


class _PrismPrinter(StrPrinter):
    """sympy's str printer with ``pow(b, e)`` for powers (PRISM has no ``**``)."""

    def _print_Pow(self, expr, rational=False):
        base, exp = expr.as_base_exp()
        if exp.is_Integer and exp < 0:
            return f"1/({self._print(sp.Pow(base, -exp))})"
        return f"pow({self._print(base)}, {self._print(exp)})"


def _prism_expr(expr) -> str:
    return _PrismPrinter().doprint(sp.sympify(expr))


def to_prism(m: sc.HMM, target=None) -> str:
    """The model's state chain as a parametric PRISM ``dtmc`` (symbols forgotten).

    States must be ``0 .. n-1`` (as the builders of this module make them);
    ``target`` (default: state ``0``) gets the label ``"target"``, the initial
    state is ``0``.  Parameters become undefined ``const double`` constants.

    Examples
    --------
    >>> print(to_prism(plain_ring(2)))
    dtmc
    <BLANKLINE>
    const double p;
    <BLANKLINE>
    module chain
      s : [0..1] init 0;
      [] s=0 -> (1 - p) : (s'=0) + (p) : (s'=1);
      [] s=1 -> (p) : (s'=0) + (1 - p) : (s'=1);
    endmodule
    <BLANKLINE>
    label "target" = s=0;
    <BLANKLINE>
    """
    n = len(m.states)
    if tuple(m.states) != tuple(range(n)):
        raise ValueError("to_prism needs states 0 .. n-1 in order")
    rows: list[dict] = [{} for _ in range(n)]
    for e in m.edges:
        rows[e.source][e.target] = rows[e.source].get(e.target, 0) + e.probability
    lines = ["dtmc", ""]
    lines += [f"const double {p};" for p in m.parameters]
    lines += ["", "module chain", f"  s : [0..{n - 1}] init 0;"]
    for i, row in enumerate(rows):
        updates = " + ".join(f"({_prism_expr(prob)}) : (s'={j})" for j, prob in sorted(row.items()))
        lines.append(f"  [] s={i} -> {updates};")
    lines += ["endmodule", "", f'label "target" = s={0 if target is None else target};', ""]
    return "\n".join(lines)
