"""Partition refinement of unifilar presentations, keyed by canonical ring elements.

Two states of a unifilar presentation are equivalent (generate the same
future morph) exactly when they emit every symbol with the same probability
and move on every symbol to equivalent states.  The coarsest such partition
is found by **partition refinement** [Moore 1956; Hopcroft 1971]: start from
the blocks of equal emission vectors, and split a block while two of its
states move on some symbol to different blocks; Hopcroft's worklist of
splitters, re-queueing only the smaller half of a split block, does this in
``O(|A| n log n)``.  Comparisons are *identical*
(equal as rational functions): each edge probability is written once as a
canonical pair ``(N, D)`` over ``ZZ[params]`` (lowest terms, ``D`` with a
positive lex-leading coefficient; :mod:`symcm.algebra.ring`), whose terms
are hashed, so no two probabilities are ever compared pairwise.  The
minimisation of unifilar hidden Markov models is the minimisation of
deterministic automata whose letters carry probabilities [Hopcroft 1971;
Shalizi & Crutchfield 2001].

**Where blocks may merge.**  Two blocks ``a != b`` are equivalent at a
parameter point exactly when every polynomial of the *merge system*
``S(a, b)`` vanishes there: the numerators of ``Pr(x | a) - Pr(x | b)`` for
every symbol ``x``, together with ``S(a', b')`` for each pair of successors
``(a', b') = (delta(a, x), delta(b, x))`` in distinct blocks.  So
``S = D(a, b) + union of S(successor pairs)`` is a least fixed point on the
graph of block pairs; it is computed once per strongly connected component
of that graph [Tarjan 1972], sinks first, with each difference numerator
reduced to its primitive form (the same ideal) and named by its hashed key.
A system holding a nonzero constant has no solution, and absorbs: every pair
that reaches it is skipped.  Only the *distinct* systems are returned, in
the order in which the pairs ``(0, 1), (0, 2), ..., (1, 2), ...`` first meet
them, so the caller solves each ideal once (for the order-``R`` binary
Markov chain, ``2^(R-1) (2^R - 1)`` pairs share the single system
``{p - q}``).

References
----------
.. [1] E. F. Moore, "Gedanken-experiments on sequential machines", Automata
   Studies, Princeton, 129-153 (1956).
.. [2] J. E. Hopcroft, "An n log n algorithm for minimizing states in a
   finite automaton", Theory of Machines and Computations, Academic Press,
   189-196 (1971).
.. [3] R. E. Tarjan, "Depth-first search and linear graph algorithms", SIAM
   J. Comput. 1, 146-160 (1972).
.. [4] C. R. Shalizi and J. P. Crutchfield, "Computational mechanics: pattern
   and prediction, structure and simplicity", J. Stat. Phys. 104, 817-879 (2001).
"""

from __future__ import annotations

from ..algebra.backends import get_backend
from ..algebra.ring import rational_to_backend
from ..models.hmm import HMM

__all__ = ["CanonicalEdges", "refine", "merge_systems"]

#: Name of the difference "a nonzero constant": a system holding it has no solution.
_CONSTANT = -1


class CanonicalEdges:
    """A unifilar model's edges as integer ids of canonical probabilities.

    Attributes
    ----------
    ring : PolyBackend
        ``ZZ[params]`` of the model.
    fractions : list of (N, D)
        The distinct edge probabilities in lowest terms, ``D`` with a
        positive lex-leading coefficient (id ``i`` is ``fractions[i]``; id
        ``0`` is the probability 0 of an absent symbol).
    emit : dict
        ``state -> tuple of (probability id, target or None)`` in alphabet order.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> c = CanonicalEdges(sc.processes.binary_markov(p, q))
    >>> c.emit["A"], c.emit["B"]
    (((1, 'A'), (2, 'B')), ((3, 'A'), (4, 'B')))
    """

    def __init__(self, m: HMM, backend: str | None = None):
        ring = get_backend(m.parameters, backend)
        self.ring = ring
        self.fractions = [(ring.zero, ring.one)]
        ids: dict = {((),): 0}
        pos = {x: i for i, x in enumerate(m.alphabet)}
        emit = {s: [(0, None)] * len(m.alphabet) for s in m.states}
        for e, pn, pd in m.edge_polynomials():
            n, d = rational_to_backend(pn, pd, ring)
            g = ring.gcd(n, d)
            n, d = ring.exquo(n, g), ring.exquo(d, g)
            if ring.leading_sign(d) < 0:
                n, d = -n, -d
            key = ring.vector_key((n, d))
            if key not in ids:
                ids[key] = len(self.fractions)
                self.fractions.append((n, d))
            emit[e.source][pos[e.symbol]] = (ids[key], e.target)
        self.emit = {s: tuple(v) for s, v in emit.items()}


def refine(m: HMM, edges: CanonicalEdges | None = None) -> list[tuple]:
    """The coarsest partition of ``m``'s states into identically equivalent blocks, in state order.

    Hopcroft's algorithm [Hopcroft 1971]: the first partition is by the
    vector of emission probability ids (so the states of a block have the
    same symbols); a worklist of splitters ``(block C, symbol x)`` splits
    every block into its states whose ``x``-successor lies in ``C`` and the
    others, and only the smaller half of a split block becomes a new
    splitter, for ``O(|A| n log n)`` work.  Blocks are returned in the order
    of their first state, each in state order (the partition is unique).

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> refine(sc.processes.binary_markov(sp.Rational(3, 10), sp.Rational(7, 10)))
    [('A', 'B')]
    >>> refine(sc.processes.period(3))
    [('0',), ('1',), ('2',)]
    """
    edges = edges or CanonicalEdges(m)
    emit = edges.emit
    states = m.states
    idx = {s: i for i, s in enumerate(states)}
    nsym = len(m.alphabet)
    pre = [[[] for _ in states] for _ in range(nsym)]  # pre[x][t]: the states that move to t on x
    for s in states:
        for x, (_, t) in enumerate(emit[s]):
            if t is not None:
                pre[x][idx[t]].append(idx[s])
    first: dict = {}
    members: list[set] = []
    block_of = [0] * len(states)
    for i, s in enumerate(states):
        b = first.setdefault(tuple(pid for pid, _ in emit[s]), len(members))
        if b == len(members):
            members.append(set())
        members[b].add(i)
        block_of[i] = b
    # every initial block is a splitter: with partial transitions the blocks' preimages do not cover the states
    work = [(b, x) for b in range(len(members)) for x in range(nsym)]
    while work:
        c, x = work.pop()
        hit: dict = {}
        for t in members[c]:
            for s in pre[x][t]:
                hit.setdefault(block_of[s], set()).add(s)
        for b, part in hit.items():
            if len(part) == len(members[b]):
                continue
            rest = members[b] - part
            new, keep = (part, rest) if len(part) <= len(rest) else (rest, part)
            members[b] = keep
            nb = len(members)
            members.append(new)
            for s in new:
                block_of[s] = nb
            # (b, y) pending: it now splits by keep, and (nb, y) by new; else new, the smaller half, suffices
            work.extend((nb, y) for y in range(nsym))
    blocks: dict[int, list] = {}
    for i, s in enumerate(states):
        blocks.setdefault(block_of[i], []).append(s)
    return [tuple(b) for b in blocks.values()]


def _difference_ids(edges: CanonicalEdges):
    """A memoised function ``(id, id) -> difference id`` and the list of difference numerators."""
    ring, fractions = edges.ring, edges.fractions
    polys: list = []  # difference id -> primitive numerator (positive lex-leading coefficient)
    keys: dict = {}
    memo: dict = {}

    def diff(i: int, j: int) -> int:
        pair = (i, j) if i < j else (j, i)
        if pair not in memo:
            (nu, du), (nv, dv) = fractions[pair[0]], fractions[pair[1]]
            num = nu * dv - nv * du  # nonzero: distinct ids are distinct rational functions
            num = ring.exquo(num, ring.gcd(num, du * dv))
            if ring.is_const(num):
                memo[pair] = _CONSTANT
            else:
                num = ring.normal(num)
                key = ring.vector_key((num,))
                if key not in keys:
                    keys[key] = len(polys)
                    polys.append(num)
                memo[pair] = keys[key]
        return memo[pair]

    return diff, polys


def merge_systems(m: HMM, blocks: list[tuple], edges: CanonicalEdges | None = None) -> list[list]:
    """The distinct merge systems of the pairs of ``blocks`` that can merge, as lists of sympy polynomials.

    Systems that hold a nonzero constant are dropped; each remaining one is
    returned once, in the order of the first pair ``(i, j)``, ``i < j``,
    whose system it is, its polynomials sorted by their keys.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> m = sc.processes.binary_markov(p, q)
    >>> merge_systems(m, refine(m))
    [[p + q - 1]]
    """
    edges = edges or CanonicalEdges(m)
    ring, emit = edges.ring, edges.emit
    k = len(blocks)
    if k < 2 or not m.parameters:
        return []  # numeric: distinct blocks differ somewhere by a nonzero number
    block_of = {s: i for i, b in enumerate(blocks) for s in b}
    rows = [[(pid, block_of[t] if t is not None else None) for pid, t in emit[b[0]]] for b in blocks]
    diff, polys = _difference_ids(edges)
    constant = frozenset([_CONSTANT])
    intern: dict = {}

    def local(a: int, b: int):
        """``(own differences, successor pairs)`` of the block pair ``a < b``."""
        own, succ = set(), []
        for (pa, ta), (pb, tb) in zip(rows[a], rows[b]):
            if pa != pb:
                own.add(diff(pa, pb))
            if ta is not None and tb is not None and ta != tb:
                succ.append(ta * k + tb if ta < tb else tb * k + ta)
        return own, succ

    # Tarjan's strongly connected components on the graph of block pairs, iteratively; an SCC's
    # system is the union of its pairs' differences and its successors' systems (sinks come first)
    system: dict = {}
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    info: dict = {}
    counter = 0
    for a in range(k):
        for b in range(a + 1, k):
            root = a * k + b
            if root in index:
                continue
            work = [(root, 0)]
            while work:
                v, i = work.pop()
                if i == 0:
                    index[v] = low[v] = counter
                    counter += 1
                    stack.append(v)
                    on_stack.add(v)
                    info[v] = local(*divmod(v, k))
                succ = info[v][1]
                recurse = False
                while i < len(succ):
                    w = succ[i]
                    i += 1
                    if w not in index:
                        work.append((v, i))
                        work.append((w, 0))
                        recurse = True
                        break
                    if w in on_stack:
                        low[v] = min(low[v], index[w])
                if recurse:
                    continue
                if low[v] == index[v]:
                    members = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        members.append(w)
                        if w == v:
                            break
                    union: set = set()
                    for w in members:
                        union |= info[w][0]
                        for u in info[w][1]:
                            if u in system:
                                union |= system[u]
                    sys_ = constant if _CONSTANT in union else frozenset(union)
                    sys_ = intern.setdefault(sys_, sys_)
                    for w in members:
                        system[w] = sys_
                        del info[w]
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[v])
    out, seen = [], set()
    for a in range(k):
        for b in range(a + 1, k):
            sys_ = system[a * k + b]
            if sys_ is constant or sys_ in seen:
                continue
            seen.add(sys_)
            out.append(sorted(sys_))
    return [[ring.to_expr(polys[d]) for d in ids] for ids in out]
