"""Seeded families of symbolic models for symcm's benchmarks.

The **random sparse chain** ``random_sparse_chain(n, seed)`` has ``n`` states
``s0 .. s{n-1}`` and ``n`` parameters ``p_0 .. p_{n-1}`` (real, positive,
domain ``(0, 1)``).  From state ``i`` there are two edges:

* ``s_i -> s_{(i+1) mod n}`` on symbol ``"0"`` with probability ``p_i``;
* ``s_i -> s_j`` on symbol ``"1"`` with probability ``1 - p_i``, where ``j``
  is drawn uniformly from the states other than ``i`` with
  ``random.Random(seed)`` (states are visited in order ``i = 0 .. n-1``, one
  draw each).  ``j`` may equal ``i + 1``: the state then has two parallel
  edges to ``s_{i+1}`` with different symbols.

The ring ``s0 -> s1 -> ... -> s0`` makes every chain irreducible, so its
stationary distribution is unique; each entry is a rational function of all
``n`` parameters whose size grows quickly with ``n`` (the numerators are sums
of spanning-tree weights, by the Markov chain tree theorem).

Examples
--------
>>> from benchmarks.chains import random_sparse_chain_edges
>>> edges, params = random_sparse_chain_edges(3, seed=0)
>>> params
(p_0, p_1, p_2)
>>> edges[:2]
[('s0', 's1', '0', p_0), ('s0', 's2', '1', 1 - p_0)]
"""

from __future__ import annotations

import random

import sympy as sp

import symcm as sc

__all__ = ["chain_parameters", "random_sparse_chain_edges", "random_sparse_chain"]

#: The seed used by the benchmarks unless told otherwise.
DEFAULT_SEED = 2024


def chain_parameters(n: int) -> tuple[sp.Symbol, ...]:
    """The parameters ``p_0 .. p_{n-1}``, created with :func:`symcm.symbols` (real, positive)."""
    if n < 1:
        raise ValueError(f"a chain needs at least one state, received n = {n}")
    syms = sc.symbols(" ".join(f"p_{i}" for i in range(n)))
    return syms if isinstance(syms, tuple) else (syms,)


def random_sparse_chain_edges(n: int, seed: int = DEFAULT_SEED):
    """``(edges, parameters)`` of the random sparse chain, edges as ``HMM.from_edges`` takes them.

    Parameters
    ----------
    n : int
        Number of states, ``n >= 2``.
    seed : int
        Seed of the ``random.Random`` that draws the targets of the ``"1"`` edges.

    Returns
    -------
    edges : list of (source, target, symbol, probability)
    parameters : tuple of sympy.Symbol
    """
    if n < 2:
        raise ValueError(f"the random sparse chain needs n >= 2 states, received n = {n}")
    rng = random.Random(seed)
    params = chain_parameters(n)
    names = [f"s{i}" for i in range(n)]
    edges = []
    for i in range(n):
        j = rng.choice([k for k in range(n) if k != i])
        edges.append((names[i], names[(i + 1) % n], "0", params[i]))
        edges.append((names[i], names[j], "1", 1 - params[i]))
    return edges, params


def random_sparse_chain(n: int, seed: int = DEFAULT_SEED) -> sc.HMM:
    """The random sparse chain on ``n`` states as a validated :class:`symcm.HMM`.

    Construction validates every edge probability exactly (see
    :meth:`symcm.HMM.from_edges`); benchmarks time it separately.

    Examples
    --------
    >>> from benchmarks.chains import random_sparse_chain
    >>> m = random_sparse_chain(4, seed=1)
    >>> m.states, len(m.edges), len(m.parameters)
    (('s0', 's1', 's2', 's3'), 8, 4)
    """
    edges, _ = random_sparse_chain_edges(n, seed)
    return sc.HMM.from_edges(edges, states=[f"s{i}" for i in range(n)], alphabet=("0", "1"),
                             name=f"random sparse chain (n={n}, seed={seed})")
