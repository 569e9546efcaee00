"""Structural predicates of a model: what its edges alone decide, before any probability is weighed.

A model's *structure* is its set of edges with nonzero probability (at the
generic point of the domain: an edge that vanishes somewhere inside the
domain, :attr:`HMM.vanishing_edges <symcm.models.hmm.HMM.vanishing_edges>`,
counts as present).  This module owns the questions that structure answers:

* **unifilarity** (:func:`is_unifilar`): the current state and the next
  symbol determine the next state, i.e. no state has two edges with the same
  symbol [Crutchfield & Young 1989; Shalizi & Crutchfield 2001];
* the **support graph** (:func:`support_graph`), with an arc ``s -> t``
  whenever some edge ``s -> t`` has nonzero probability; its strongly
  connected components that no arc leaves are the **recurrent classes**
  (:func:`recurrent_classes`), the other states are **transient**
  (:func:`transient_states`) [Kemeny & Snell 1960, ch. 2].

Stationary distributions, which need the probabilities, are in
:mod:`symcm.causal.stationary`.

References
----------
.. [1] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Physical Review Letters 63, 105-108, 1989.
.. [2] C. R. Shalizi and J. P. Crutchfield, "Computational mechanics: pattern
   and prediction, structure and simplicity", Journal of Statistical Physics
   104, 817-879, 2001.
.. [3] J. G. Kemeny and J. L. Snell, *Finite Markov Chains*, Van Nostrand, 1960.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx

from .hmm import HMM, as_model

__all__ = ["is_unifilar", "support_graph", "recurrent_classes", "transient_states"]


def is_unifilar(m: HMM) -> bool:
    """Whether the current state and next symbol determine the next state.

    True when no state has two edges with the same symbol.  This is the
    generic structure on the domain; an edge that vanishes somewhere does
    not make a model unifilar on the whole domain.

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> sc.is_unifilar(sc.processes.binary_markov(p, p)), sc.is_unifilar(sc.processes.lohr_generator(p))
    (True, False)
    """
    as_model(m, "is_unifilar")
    seen = set()
    for e in m.edges:
        key = (e.source, e.symbol)
        if key in seen:
            return False
        seen.add(key)
    return True


def support_graph(m: HMM, *, without=()) -> nx.DiGraph:
    """The directed graph of states with an arc wherever some edge has nonzero probability.

    ``without`` is a collection of edges to leave out.
    """
    g = nx.DiGraph()
    g.add_nodes_from(m.states)
    skip = set(without)
    g.add_edges_from((e.source, e.target) for e in m.edges if e not in skip)
    return g


def _classes(g: nx.DiGraph, order: tuple) -> list[tuple]:
    cond = nx.condensation(g)
    pos = {s: i for i, s in enumerate(order)}
    out = []
    for c in cond.nodes:
        if cond.out_degree(c) == 0:
            out.append(tuple(sorted(cond.nodes[c]["members"], key=pos.__getitem__)))
    return sorted(out, key=lambda c: pos[c[0]])


def recurrent_classes(m: HMM) -> list[tuple]:
    """The recurrent classes (closed communicating classes), each a tuple of states in model order.

    Examples
    --------
    >>> import symcm as sc
    >>> m = sc.HMM.from_edges([("T", "A", "0", 1), ("A", "A", "1", 1)])
    >>> sc.recurrent_classes(m), sc.transient_states(m)
    ([('A',)], ('T',))
    """
    as_model(m, "recurrent_classes")
    return list(_recurrent_classes(m))


@lru_cache(maxsize=256)
def _recurrent_classes(m: HMM) -> tuple:
    """:func:`recurrent_classes`, remembered per model (models are immutable; a large chain asks several times)."""
    return tuple(_classes(support_graph(m), m.states))


def transient_states(m: HMM) -> tuple:
    """States outside every recurrent class, in model order."""
    as_model(m, "transient_states")
    rec = {s for c in recurrent_classes(m) for s in c}
    return tuple(s for s in m.states if s not in rec)
