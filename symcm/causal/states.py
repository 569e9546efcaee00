"""Causal states and epsilon-machines, exactly and per parameter region.

Two pasts are **causally equivalent** when they give the same conditional
distribution of futures; the equivalence classes are the **causal states**
and the **epsilon-machine** is the unifilar presentation whose states they
are: the minimal unifilar presentation of the process, unique up to state
names [Crutchfield & Young 1989; Shalizi & Crutchfield 2001].  Its state
entropy is the **statistical complexity** ``C_mu``.

From a *unifilar* presentation, causal states are obtained by merging states
with the same future morph: ``s ~ t`` iff ``Pr(w | s) = Pr(w | t)`` for every
word ``w``.  For a unifilar presentation this is Moore's partition
refinement [Moore 1956; Hopcroft 1971]: start from the partition by the
emission vector ``(Pr(x | s))_x`` and split blocks until the successors
``delta(s, x)`` of every block lie in a common block.

From a *non-unifilar* presentation, symcm first builds the **mixed-state
presentation** [Blackwell 1957; Upper 1997]: the beliefs
``eta_w = Pr(S | X = w)`` reached from the stationary distribution, with
transitions ``eta -> eta T^(x) / (eta T^(x) 1)`` on ``x``.  It is unifilar;
when its recurrent part is finite it is (after minimisation) the
epsilon-machine.  The simple nonunifilar source has infinitely many causal
states; the construction stops at ``max_states`` and says so.

**Case splits.**  With symbolic probabilities "the same" has three
answers: identically, never, or on a subvariety of the domain.  symcm
minimises with *identical* comparisons (the generic structure), then finds
every polynomial system on which the structure can change: two generic
classes merging (all their emission probabilities agree along the joint
successor closure) and an edge of the model vanishing; the refinement hashes
canonical ring elements and each distinct merge system is built once
(:mod:`symcm.causal.refinement`).  On each component
of those systems inside the domain it substitutes a rational
parametrisation into the *original* model and recurses; the generic
structure holds off all of them.  The result is an :class:`~symcm.Cases`
whose conditions are disjoint and cover the domain, generic case last.
Where vanishing edges split the chain into several recurrent classes, the
process is not unique; that case holds an
:class:`~symcm.causal.ergodic.ErgodicDecomposition` with one epsilon-machine per
recurrent class (see :mod:`symcm.causal.ergodic`).

References
----------
.. [1] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Phys. Rev. Lett. 63, 105-108 (1989).
.. [2] C. R. Shalizi and J. P. Crutchfield, "Computational mechanics: pattern
   and prediction, structure and simplicity", J. Stat. Phys. 104, 817-879 (2001).
.. [3] E. F. Moore, "Gedanken-experiments on sequential machines", Automata
   Studies, Princeton, 129-153 (1956).
.. [4] D. Blackwell, "The entropy of functions of finite-state Markov
   chains", Trans. First Prague Conf. Information Theory, 13-20 (1957).
.. [5] D. R. Upper, *Theory and Algorithms for Hidden Markov Models and
   Generalized Hidden Markov Models*, PhD thesis, UC Berkeley (1997).
"""

from __future__ import annotations

import string
from functools import lru_cache

import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..algebra.cases import Cases
from ..errors import InfiniteStatesError, NotErgodicError
from ..models.hmm import HMM
from ..algebra.backends import backend_name
from ..algebra.ring import rational_to_backend
from ..models.structure import is_unifilar
from .stationary import recurrent_classes
from ..algebra.varieties import components
from .refinement import CanonicalEdges, merge_systems, refine

__all__ = [
    "mixed_state_presentation",
    "epsilon_machine",
    "causal_cases",
    "minimize",
    "strata",
    "recurrent_part",
    "MAX_MIXED_STATES",
]

#: Default cap on the number of mixed states explored.
MAX_MIXED_STATES = 200


# --- helpers ---------------------------------------------------------------------

def _letters(k: int) -> list[str]:
    """State names A, B, ..., Z, A1, B1, ... for derived machines."""
    out = []
    for i in range(k):
        out.append(string.ascii_uppercase[i % 26] + (str(i // 26) if i >= 26 else ""))
    return out


def recurrent_part(m: HMM) -> HMM:
    """The model restricted to its unique recurrent class (transient states dropped)."""
    classes = recurrent_classes(m)
    if len(classes) > 1:
        raise NotErgodicError(
            f"the chain of {m.name or 'the model'} has {len(classes)} recurrent classes {classes} on the whole "
            "domain; its process is a mixture of several processes and has no single epsilon-machine: "
            "analyse each class separately"
        )
    keep = set(classes[0])
    if len(keep) == len(m.states):
        return m
    edges = [tuple(e) for e in m.edges if e.source in keep]
    return HMM._derived(edges, states=[s for s in m.states if s in keep], alphabet=m.alphabet,
                        domain=dict(m.domain), name=m.name)


def _emissions(m: HMM) -> dict:
    """``state -> {symbol: (probability, target)}`` for a unifilar model."""
    out = {s: {} for s in m.states}
    for e in m.edges:
        out[e.source][e.symbol] = (e.probability, e.target)
    return out


def _partition(m: HMM) -> list[tuple]:
    """Moore refinement with identical (rational-function) comparisons; blocks in state order.

    Hashes canonical ring elements (:func:`symcm.causal.refinement.refine`).
    """
    return refine(m)


def _quotient(m: HMM, blocks: list[tuple], names: list | None = None) -> HMM:
    rep_of = {s: b[0] for b in blocks for s in b}
    names = names or [b[0] for b in blocks]
    name_of = {b[0]: n for b, n in zip(blocks, names)}
    emit = _emissions(m)
    edges = [(name_of[b[0]], name_of[rep_of[t]], x, pr)
             for b in blocks for x, (pr, t) in emit[b[0]].items()]
    return HMM._derived(edges, states=names, alphabet=m.alphabet, domain=dict(m.domain), name=None)


def minimize(m: HMM) -> HMM:
    """Merge the states of a unifilar model that are identically equivalent (generic structure).

    States keep the name of the first member of their block.  Use
    :func:`epsilon_machine` for the region-by-region answer.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> sc.minimize(sc.processes.binary_markov(sp.Rational(3, 10), sp.Rational(7, 10))).states
    ('A',)
    """
    as_model(m, "minimize")
    if not is_unifilar(m):
        from ..errors import NotUnifilarError

        seen = {}
        for e in m.edges:
            if (e.source, e.symbol) in seen:
                raise NotUnifilarError(
                    f"minimize needs a unifilar model, but state {e.source!r} emits {e.symbol!r} on edges to "
                    f"{seen[(e.source, e.symbol)]!r} and {e.target!r}; use epsilon_machine for any model"
                )
            seen[(e.source, e.symbol)] = e.target
    return _quotient(m, _partition(m))


def _vanishing_systems(m: HMM) -> list[list]:
    """Numerators of the model's edges that vanish somewhere inside the domain."""
    vanishing = {e for e, _ in m.vanishing_edges}
    return [[pn.as_expr()] for e, pn, _ in m.edge_polynomials() if e in vanishing]


# --- mixed states ------------------------------------------------------------------

def _generic_point(m: HMM) -> dict:
    """A rational point inside the domain away from its centre and from simple fractions."""
    primes = (7919, 7927, 7933, 7937, 7949, 7951, 7963, 7993)
    return {s: lo + (hi - lo) * sp.Rational(primes[i % len(primes)] % 1000 + 1000, 3001)
            for i, (s, (lo, hi)) in enumerate(m.domain.items())}


def _mixed_states(m: HMM, max_states: int, backend: str | None = None, public: bool = True, *,
                  recurrent: bool = False, beliefs: bool = True):
    """BFS over beliefs from the stationary distribution: ``(beliefs, edges)``.

    With ``recurrent=True``: ``(beliefs, edges, keep)``, where ``keep`` lists
    the states of the presentation's recurrent class and only they (their
    beliefs and outgoing edges) are converted to sympy; ``keep`` is None, and
    everything is converted, when there are several classes.  With
    ``beliefs=False`` no belief is converted (None in their place).

    Beliefs are kept as primitive polynomial vectors over ``ZZ[params]``
    (python-flint when installed, see :mod:`symcm.algebra.ring`): with all edge
    probabilities over one common denominator ``D`` (``T_x = A_x / D``), the
    belief after ``x`` from ``w / sum(w)`` is ``u / sum(u)`` with ``u = w A_x``,
    and the edge probability is ``sum(u) / (sum(w) D)``.  Only the results
    are converted to sympy expressions.

    For a symbolic model the construction is first run at one rational point
    of the domain (exact and fast): beliefs that differ at a point differ as
    functions, so if the point's presentation does not close within the cap,
    the symbolic one cannot either, and symcm says so at once instead of
    grinding through rational functions of growing degree.
    """
    from .stationary import stationary_weights

    if not m.is_numeric:
        _mixed_states(m.subs(_generic_point(m)), max_states, backend, public=False)
    # the generic stationary distribution: where vanishing edges split the chain, the strata of
    # epsilon_machine substitute and recurse (the public mixed_state_presentation refuses such models)
    ring, weights, _ = stationary_weights(m, backend, generic=not public)
    n = len(m.states)
    idx = {s: i for i, s in enumerate(m.states)}
    parts = [(e, *rational_to_backend(pn, pd, ring)) for e, pn, pd in m.edge_polynomials()]
    common = ring.one
    for _, _, den in parts:
        common = ring.exquo(common * den, ring.gcd(common, den))
    rows = {x: [[] for _ in m.states] for x in m.alphabet}
    for e, num, den in parts:
        rows[e.symbol][idx[e.source]].append((idx[e.target], num * ring.exquo(common, den)))
    start = ring.primitive([weights[s] for s in m.states])
    beliefs = {ring.vector_key(start): 0}
    order, masses = [start], [ring.vector_sum(start)]  # beliefs in breadth-first order, and their sums
    raw_edges = []
    done = 0
    while done < len(order):  # order doubles as the breadth-first queue
        src, eta = done, order[done]
        done += 1
        for x in m.alphabet:
            u = [ring.zero] * n
            for i, w in enumerate(eta):
                if w:
                    for j, a in rows[x][i]:
                        u[j] = u[j] + w * a
            total = ring.vector_sum(u)
            if not total:
                continue
            nxt = ring.primitive(u)
            key = ring.vector_key(nxt)
            if key not in beliefs:
                if len(order) >= max_states:
                    raise InfiniteStatesError(
                        f"the mixed-state presentation of {m.name or 'the model'} did not close within "
                        f"max_states={max_states} (explored {len(order)} mixed states); the process may have "
                        "infinitely many causal states, as the simple nonunifilar source does. Pass a larger "
                        "max_states to explore further"
                    )
                beliefs[key] = len(order)
                order.append(nxt)
                masses.append(ring.vector_sum(nxt))
            raw_edges.append((src, beliefs[key], x, total))
    keep = _sink_class(len(order), raw_edges) if recurrent else None
    wanted = set(range(len(order)) if keep is None else keep) if beliefs else set()
    if keep is not None:
        raw_edges = [edge for edge in raw_edges if edge[0] in wanted]
    centre = m.domain.center()
    edges = [(a, b, x, ring.fraction(total, masses[a] * common, centre)) for a, b, x, total in raw_edges]
    out = [tuple(ring.fraction(w, mass, centre) for w in eta) if i in wanted else None
           for i, (eta, mass) in enumerate(zip(order, masses))]
    return (out, edges, keep) if recurrent else (out, edges)


def _sink_class(n: int, edges: list) -> list | None:
    """The states of the one closed communicating class of the graph ``range(n)``, ``edges``; None if several."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from((a, b) for a, b, *_ in edges)
    cond = nx.condensation(g)
    sinks = [c for c in cond.nodes if cond.out_degree(c) == 0]
    return sorted(cond.nodes[sinks[0]]["members"]) if len(sinks) == 1 else None


def _recurrent_presentation(m: HMM, max_states: int, *, public: bool, beliefs: bool, name: str | None):
    """``recurrent_part`` of the mixed-state presentation and ``{state: belief}`` of its states.

    The same model and beliefs as building the whole presentation and
    dropping its transient states, without converting what is dropped.
    """
    order, edges, keep = _mixed_states(m, max_states, public=public, recurrent=True, beliefs=beliefs)
    names = [f"M{i}" for i in range(len(order))]
    states = names if keep is None else [names[i] for i in keep]
    msp = HMM._derived([(names[a], names[b], x, pr) for a, b, x, pr in edges], states=states,
                       alphabet=m.alphabet, domain=dict(m.domain), name=name)
    if keep is None:
        msp = recurrent_part(msp)  # several recurrent classes: raises, naming them
    return msp, {n: dict(zip(m.states, order[int(n[1:])])) for n in msp.states} if beliefs else None


def _recurrent_mixed_states(m: HMM, *, max_states: int = MAX_MIXED_STATES) -> tuple[HMM, dict]:
    """``recurrent_part`` of :func:`mixed_state_presentation` and the beliefs of its states (transient ones never converted).

    Examples
    --------
    >>> import symcm as sc
    >>> rec, beliefs = _recurrent_mixed_states(sc.processes.lohr_generator(sc.symbols("p")))
    >>> rec.states, beliefs["M1"]
    (('M1', 'M2'), {'A': 1 - 2*p, 'B': 2*p, 'C': 0})
    """
    as_model(m, "mixed_state_presentation")
    max_states = checks.cap(max_states, "max_states", where="mixed_state_presentation")
    backend_name(None, where="mixed_state_presentation")
    return _recurrent_presentation(m, max_states, public=True, beliefs=True,
                                   name=f"mixed states of {m.name or 'model'}")


def mixed_state_presentation(m: HMM, *, max_states: int = MAX_MIXED_STATES,
                             backend: str | None = None) -> tuple[HMM, dict]:
    """The mixed-state presentation: beliefs over ``m``'s states reached from its stationary distribution.

    Parameters
    ----------
    m : HMM
    max_states : int
        Cap on the number of mixed states.
    backend : {'flint', 'sympy'}, optional
        Polynomial arithmetic for the beliefs (default: flint when
        installed); both give identical results.

    Returns
    -------
    (HMM, dict)
        The presentation (unifilar; states ``"M0"`` (the stationary
        distribution), ``"M1"``, ... in breadth-first order, transient ones
        included) and ``{state name: belief dict}``.

    Raises
    ------
    InfiniteStatesError
        If more than ``max_states`` beliefs are reached.

    Examples
    --------
    >>> import symcm as sc
    >>> msp, beliefs = sc.mixed_state_presentation(sc.processes.lohr_generator(sc.symbols("p")))
    >>> msp.states, beliefs["M1"]
    (('M0', 'M1', 'M2'), {'A': 1 - 2*p, 'B': 2*p, 'C': 0})
    """
    as_model(m, "mixed_state_presentation")
    max_states = checks.cap(max_states, "max_states", where="mixed_state_presentation")
    order, edges = _mixed_states(m, max_states, backend_name(backend, where="mixed_state_presentation"))
    names = [f"M{i}" for i in range(len(order))]
    hmm = HMM._derived([(names[a], names[b], x, pr) for a, b, x, pr in edges], states=names,
                       alphabet=m.alphabet, domain=dict(m.domain), name=f"mixed states of {m.name or 'model'}")
    return hmm, {n: dict(zip(m.states, eta)) for n, eta in zip(names, order)}


# --- epsilon-machine -----------------------------------------------------------------

def _unifilar_recurrent(m: HMM, max_states: int) -> HMM:
    """A unifilar presentation of the recurrent process: ``m`` itself or its mixed states."""
    if is_unifilar(m):
        return recurrent_part(m)
    return _recurrent_presentation(m, max_states, public=False, beliefs=False, name=None)[0]


def _generic(m: HMM, max_states: int):
    """The generic epsilon-machine and the polynomial systems where the structure may change."""
    base = _unifilar_recurrent(m, max_states)
    edges = CanonicalEdges(base)
    blocks = refine(base, edges)
    unifilar_input = is_unifilar(m)
    names = None if unifilar_input else _letters(len(blocks))
    machine = _quotient(base, blocks, names)
    machine = HMM._derived([tuple(e) for e in machine.edges], states=machine.states, alphabet=machine.alphabet,
                           domain=dict(machine.domain), name=None)  # named on the way out (_named)
    systems = merge_systems(base, blocks, edges) + _vanishing_systems(m)
    return machine, systems


def _prune(cond) -> sp.Basic:
    """Decide conditions whose equations pin every parameter (substitute and evaluate)."""
    if cond in (sp.true, sp.false):
        return cond
    parts = cond.args if isinstance(cond, sp.And) else (cond,)
    pins = {}
    for c in parts:
        if isinstance(c, sp.Eq) and isinstance(c.lhs, sp.Symbol) and not c.rhs.free_symbols:
            pins[c.lhs] = c.rhs
    if not pins:
        return cond
    rest = [c for c in parts if not (isinstance(c, sp.Eq) and c.lhs in pins and not c.rhs.free_symbols)]
    evaluated = sp.And(*(c.subs(pins) for c in rest))
    if evaluated is sp.false:
        return sp.false
    return cond


def _strata(m: HMM, max_states: int, top: bool = True) -> list[tuple]:
    """``(condition, machine, substitution, domain)`` for every region of constant causal structure.

    ``m.subs(substitution, domain=domain)`` is the model on that region (an
    empty substitution for the generic region).  On a region where vanishing
    edges split the chain into several recurrent classes (``top`` is False:
    a region of the original model), ``machine`` is an
    :class:`~symcm.causal.ergodic.ErgodicDecomposition` of the classes'
    epsilon-machines.
    """
    classes = recurrent_classes(m)
    if len(classes) > 1:
        if top:
            recurrent_part(m)  # raises, naming the classes
        from .ergodic import ErgodicDecomposition, class_model

        values = [epsilon_machine(class_model(m, c), max_states=max_states) for c in classes]
        return [(sp.true, ErgodicDecomposition("epsilon-machine", m, classes, values), {}, dict(m.domain))]
    machine, systems = _generic(m, max_states)
    comps = []
    seen = set()
    for system in systems:
        for comp in components(system, m.domain):
            if comp.key() not in seen:
                seen.add(comp.key())
                comps.append(comp)
    generic = (sp.true, machine, {}, dict(m.domain))
    if not comps:
        return [generic]
    comps.sort(key=lambda c: (len(c.domain), str(c.condition)))  # lowest-dimensional first
    out, excluded = [], []
    for comp in comps:
        sub_model = m.subs(comp.substitution, domain=comp.domain)
        for cond, mach, subst, dom in _strata(sub_model, max_states, top=False):
            full = _prune(sp.And(comp.condition, cond, *(sp.Not(e) for e in excluded)))
            if full is not sp.false:
                composed = {k: sp.cancel(v.subs(subst)) for k, v in comp.substitution.items()}
                composed.update(subst)
                out.append((full, mach, composed, dom))
        excluded.append(comp.condition)
    out.append((sp.And(*(sp.Not(e) for e in excluded)), machine, {}, dict(m.domain)))
    return out


def strata(m: HMM, *, max_states: int = MAX_MIXED_STATES) -> list[tuple]:
    """Regions of constant causal structure: ``[(condition, substitution, domain), ...]``.

    The conditions are disjoint and cover the domain, generic region last;
    ``m.subs(substitution, domain=domain)`` is the model restricted to a
    region (parameters pinned by the region's equations substituted).
    """
    as_model(m, "strata")
    max_states = checks.cap(max_states, "max_states", where="strata")
    return [(c, dict(s), dict(d)) for c, _, s, d in _strata_cached(m, max_states)]


@lru_cache(maxsize=128)
def _strata_cached(m: HMM, max_states: int):
    return tuple(_strata(m, max_states))


@lru_cache(maxsize=128)
def _cases_cached(m: HMM, max_states: int):
    """``((condition, machine), ...)`` with equal machines merged (conditions Or-ed)."""
    merged: list[list] = []
    for cond, mach, _, _ in _strata_cached(m, max_states):
        for entry in merged:
            if entry[1] == mach:
                entry[0] = sp.Or(entry[0], cond)
                break
        else:
            merged.append([cond, mach])
    return tuple((c, mach) for c, mach in merged)


def _named(value, name: str | None, where: str = ""):
    """A cached result renamed after the model asked about.

    The caches are keyed on content, which ignores names, so a machine
    cached for one model must not carry that model's name to another.
    """
    from .ergodic import ErgodicDecomposition

    if isinstance(value, HMM):
        return value._with_name(f"epsilon-machine of {name}{where}" if name else None)
    if isinstance(value, ErgodicDecomposition):
        here = f"{name}{where}" if name else None
        return ErgodicDecomposition(
            value.quantity, value.model._with_name(here), value.classes,
            [_named(v, name, f"{where} on the class {c}") for c, v in value])
    if isinstance(value, Cases):
        last = len(value) - 1  # the generic case keeps the plain name
        return Cases((c, _named(v, name, where if i == last else f"{where} where {c}"))
                     for i, (c, v) in enumerate(value))
    return value


def causal_cases(m: HMM, *, max_states: int = MAX_MIXED_STATES) -> Cases:
    """The epsilon-machine region by region, always as a :class:`Cases` (one case if it never changes)."""
    as_model(m, "causal_cases")
    max_states = checks.cap(max_states, "max_states", where="causal_cases")
    return _named(Cases(_cases_cached(m, max_states)), m.name)


def epsilon_machine(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    """The epsilon-machine of the process generated by ``m``.

    Parameters
    ----------
    m : HMM
        Any presentation (unifilar or not) with one recurrent class.
    max_states : int
        Cap on mixed states for non-unifilar ``m``.

    Returns
    -------
    HMM or Cases
        The machine if one causal structure holds on the whole domain; else
        ``Cases`` of ``(condition, machine)``, disjoint and covering the
        domain, generic case last.  Where edges that vanish inside the
        domain split the chain into several recurrent classes, the value of
        that case is an :class:`~symcm.causal.ergodic.ErgodicDecomposition`: the
        epsilon-machine of each ergodic component (one per class), since the
        stationary process is not unique there.  Machines are named after
        ``m`` (``"epsilon-machine of <name>"``, with ``" where <condition>"``
        for a special case), whatever model of the same content was cached
        first.  States of a unifilar ``m`` keep the name
        of the first state of their class; machines from mixed states are
        named ``A``, ``B``, ... in breadth-first order.

    Raises
    ------
    InfiniteStatesError
        The mixed-state presentation did not close within ``max_states``.
    NotErgodicError
        Several recurrent classes on the whole domain.
    UndecidableError
        A region where the structure changes could not be followed exactly.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> em = sc.epsilon_machine(sc.processes.binary_markov(p, q))
    >>> [(cond, mach.states) for cond, mach in em]
    [(Eq(p + q, 1), ('A',)), (Ne(p + q, 1), ('A', 'B'))]
    >>> sc.epsilon_machine(sc.processes.lohr_generator(p)).edges
    (Edge(source='A', target='A', symbol='0', probability=1 - p), Edge(source='A', target='B', symbol='1', probability=p), Edge(source='B', target='A', symbol='0', probability=p), Edge(source='B', target='B', symbol='1', probability=1 - p))

    References
    ----------
    Crutchfield & Young 1989; Shalizi & Crutchfield 2001; Upper 1997.
    """
    as_model(m, "epsilon_machine")
    max_states = checks.cap(max_states, "max_states", where="epsilon_machine")
    cases = _cases_cached(m, max_states)
    if len(cases) == 1:
        return _named(cases[0][1], m.name)
    return _named(Cases(cases), m.name)
