"""Exact equivalence of stationary processes.

Two models generate the same stationary process when every word has the
same probability under both.  A model with ``n`` states is a weighted
automaton of dimension ``n`` (initial vector ``pi``, matrices ``T^(x)``,
final vector ``1``); two automata of dimensions ``n1`` and ``n2`` agree on
all words as soon as they agree on all words of length at most
``n1 + n2 - 1``, because the row space spanned by ``alpha T^(w)`` of their
difference automaton (dimension ``n1 + n2``) is spanned by words of length
less than ``n1 + n2`` [Schuetzenberger 1961; Paz 1971; Upper 1997, ch. 4].
For *stationary* processes the probabilities of shorter words are sums of
those of length exactly ``N = n1 + n2 - 1`` (``Pr(w) = sum_x Pr(w x)``), so
it suffices to compare the words of length ``N``.

With symbolic parameters the differences ``Pr_1(w) - Pr_2(w)`` are rational
functions: if all vanish identically the processes are the same on the whole
domain; if their numerators have no common zero in the domain, never; else
they are the same exactly on the components of that common zero set
(:mod:`symcm.algebra.varieties`), and :func:`same_process` returns the cases.
That is the **word route**: ``|A|^N`` words, so it serves small models only.

**Epsilon-machine route.**  Two stationary processes with finite
epsilon-machines are equal iff their epsilon-machines are isomorphic: a
bijection of causal states preserving symbols, targets and transition
probabilities ([4]_, [5]_), since the epsilon-machine is the unique minimal
unifilar presentation.  :func:`~symcm.causal.states.epsilon_machine` gives
the machine region by region (its strata: on each region the machine is the
minimal presentation at every point, no edge of it vanishes, and where
vanishing edges split a chain symcm refuses as the word route does).  For
each pair of regions, a bijection between two unifilar strongly connected
machines is fixed by the image of one state (the symbols force the rest,
breadth first), so there are at most ``n`` candidates; each gives the
polynomial system of the numerators of ``prob_1 - prob_2`` over the matched
edges, and the processes are equal at a point of the regions exactly where
one candidate's system vanishes.  The zero set of the word differences is
closed in the domain, so each component found (an irreducible, rationally
parametrised variety) that meets its pair of regions in a nonempty open
subset belongs to it whole; the answer lists those components, as the word
route does.  Identically isomorphic generic machines give ``True`` at once.

**Tzeng's route** (models without parameters, any size): the vectors
``alpha T^(w)`` of the difference automaton of dimension ``n1 + n2``,
``alpha = (pi_1, pi_2)``, are explored breadth first and reduced exactly
against an echelon basis; at most ``n1 + n2`` survive and their successors
span the rest, so the processes are equal iff every basis vector ``v`` has
``v . eta = 0`` with ``eta = (1, ..., 1, -1, ..., -1)`` [6]_: polynomial
instead of exponential in ``N``.

References
----------
.. [1] M. P. Schuetzenberger, "On the definition of a family of automata",
   Information and Control 4, 245-270 (1961).
.. [2] A. Paz, *Introduction to Probabilistic Automata*, Academic Press, 1971.
.. [3] D. R. Upper, *Theory and Algorithms for Hidden Markov Models and
   Generalized Hidden Markov Models*, PhD thesis, UC Berkeley (1997).
.. [4] C. R. Shalizi and J. P. Crutchfield, "Computational mechanics: pattern
   and prediction, structure and simplicity", J. Stat. Phys. 104, 817-879 (2001).
.. [5] N. F. Travers and J. P. Crutchfield, "Equivalence of history and
   generator epsilon-machines", arXiv:1111.4500 (2011).
.. [6] W.-G. Tzeng, "A polynomial-time algorithm for the equivalence of
   probabilistic automata", SIAM J. Comput. 21, 216-227 (1992).
"""

from __future__ import annotations

import math
from collections import deque

import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..algebra.cases import Cases
from ..algebra.domain import Domain
from ..errors import DomainError, InfiniteStatesError, NotErgodicError, TooLargeError, UndecidableError
from ..models.hmm import HMM
from ..algebra.backends import backend_name, get_backend
from ..algebra.rational import _ring_lowest_terms
from .measures import MAX_WORDS, _check_word_count, _ring_matrices, _step
from .stationary import _check_vanishing, _refuse_several_classes, recurrent_classes
from ..models.structure import is_unifilar
from ..algebra.varieties import components

__all__ = ["same_process", "joint_domain"]

#: The word route is taken when both models have at most this many words of length ``n1 + n2 - 1``.
WORD_ROUTE_WORDS = 2**10


def joint_domain(*models: HMM) -> Domain:
    """The intersection of the models' domains (parameters shared by name).

    Raises
    ------
    DomainError
        If a shared parameter's intervals do not overlap.
    ParameterTypeError
        If two models have different sympy symbols of one name (a plain
        ``sympy.Symbol('p')`` and ``sc.symbols('p')``): they print alike but
        are different parameters.
    """
    from ..checks import same_symbols

    same_symbols([(f"model {i + 1}{f' ({m.name})' if m.name else ''}", m.parameters)
                  for i, m in enumerate(models)], where="joint_domain")
    out: dict = {}
    for m in models:
        for s, (lo, hi) in m.domain.items():
            if s in out:
                lo0, hi0 = out[s]
                lo, hi = max(lo, lo0), min(hi, hi0)
                if not lo < hi:
                    raise DomainError(f"the domains of {s} do not overlap: ({lo0}, {hi0}) and {m.domain[s]}")
            out[s] = (lo, hi)
    return Domain(out)


def _with_domain(m: HMM, dom: Domain) -> HMM:
    own = {s: dom[s] for s in m.parameters}
    if own == dict(m.domain):
        return m
    return m.subs({}, domain=own)


def _in_ring(ring, source, el):
    """An element of ``source`` (a ring over some of ``ring``'s generators) as an element of ``ring``."""
    pos = [ring.gens.index(g) for g in source.gens]
    out = {}
    for mono, c in source.terms(el):
        full = [0] * len(ring.gens)
        for i, e in zip(pos, mono):
            full[i] = e
        out[tuple(full)] = int(c)
    return ring.from_dict(out)


def _difference_numerators(m1: HMM, m2: HMM, length: int) -> list:
    """Numerators of ``Pr_1(w) - Pr_2(w)`` over the words ``w`` of ``length`` where they differ, in word order.

    Both models' word probabilities (:func:`~symcm.causal.measures.word_probability`: ``a T^(w) 1 / (b c^L)``
    from the stationary weights of :func:`~symcm.causal.stationary.stationary_weights`) are carried in one
    ring over both models' parameters along a depth-first walk of the words in lexicographic order (the
    prefix is shared, a branch where both vectors vanish is cut), and compared there: only a word whose
    probabilities differ is converted to sympy, as the numerator of the cancelled difference (what
    ``sympy.numer(sympy.cancel(sympy.together(Pr_1(w) - Pr_2(w))))`` gives).
    """
    name = backend_name(None, where="same_process")
    gens = tuple(sorted(set(m1.parameters) | set(m2.parameters), key=lambda s: s.name))
    ring = get_backend(gens, name)
    sides = []
    for m in (m1, m2):
        own, a, b, mats, c = _ring_matrices(m, name)
        conv = lambda el: _in_ring(ring, own, el)  # noqa: E731
        den = conv(b)
        for _ in range(length):
            den = den * conv(c)
        sides.append(([conv(v) for v in a], {x: [{j: conv(t) for j, t in row.items()} for row in mat]
                                             for x, mat in mats.items()}, den))
    (a1, mats1, den1), (a2, mats2, den2) = sides
    empty1, empty2 = [dict() for _ in a1], [dict() for _ in a2]
    alphabet = sorted(set(m1.alphabet) | set(m2.alphabet))
    out = []

    def walk(depth, v1, v2):
        if depth == length:
            s1, s2 = ring.vector_sum(v1), ring.vector_sum(v2)
            num = s1 * den2 - s2 * den1
            if num:
                num, den = _ring_lowest_terms(ring, num, den1 * den2)
                out.append(sp.numer(ring.to_expr(num) / ring.to_expr(den)))
            return
        for x in alphabet:
            n1 = _step(ring, v1, mats1.get(x, empty1))
            n2 = _step(ring, v2, mats2.get(x, empty2))
            if any(n1) or any(n2):
                walk(depth + 1, n1, n2)

    walk(0, a1, a2)
    return out



# --- route 2: epsilon-machine isomorphism, region by region ---------------------------------------

def _strata_of(m: HMM):
    """``[(condition, machine, equations)]`` of :func:`~symcm.causal.states.epsilon_machine`'s regions, or None.

    None when the route does not apply: the mixed states do not close within
    the cap, a region cannot be followed exactly, or a region holds an
    ergodic decomposition (the word route then refuses, naming it).
    ``equations`` are the numerators of ``x - v`` for the region's
    substitution ``x -> v``.
    """
    from .ergodic import ErgodicDecomposition
    from .states import MAX_MIXED_STATES, _strata_cached

    try:
        strata = _strata_cached(m, max(MAX_MIXED_STATES, 4 * len(m.states) + 8))
    except (InfiniteStatesError, NotErgodicError, UndecidableError):
        return None
    if any(isinstance(mach, ErgodicDecomposition) for _, mach, _, _ in strata):
        return None
    return [(cond, mach, [sp.numer(sp.cancel(x - v)) for x, v in sub.items()]) for cond, mach, sub, _ in strata]


def _generic_machine(m: HMM):
    """The epsilon-machine at the generic point of the domain (no case split), or None as for :func:`_strata_of`."""
    from .states import MAX_MIXED_STATES, _generic

    try:
        return _generic(m, max(MAX_MIXED_STATES, 4 * len(m.states) + 8))[0]
    except (InfiniteStatesError, NotErgodicError, UndecidableError):
        return None


class _Canon:
    """Edge probabilities of both models' machines as ids of canonical fractions in one ring, and their differences."""

    def __init__(self, ring):
        self.ring, self.ids, self.fracs, self.memo, self.poly = ring, {}, [], {}, {}
        self.by_expr: dict = {}

    def id(self, expr) -> int:
        if expr not in self.by_expr:
            n, d = self.ring.from_rational_function(expr)
            if self.ring.leading_sign(d) < 0:
                n, d = -n, -d
            key = self.ring.vector_key((n, d))
            self.by_expr[expr] = self.ids.setdefault(key, len(self.fracs))
            if self.by_expr[expr] == len(self.fracs):
                self.fracs.append((n, d))
        return self.by_expr[expr]

    def diff(self, i: int, j: int):
        """The primitive numerator of ``prob_i - prob_j`` (None if equal, False if a nonzero constant)."""
        if i == j:
            return None
        pair = (i, j) if i < j else (j, i)
        if pair not in self.memo:
            ring = self.ring
            (nu, du), (nv, dv) = self.fracs[pair[0]], self.fracs[pair[1]]
            num = nu * dv - nv * du
            num = ring.exquo(num, ring.gcd(num, du * dv))
            if ring.is_const(num):
                self.memo[pair] = False
            else:
                num = ring.normal(num)
                self.memo[pair] = ring.vector_key((num,))
                self.poly.setdefault(self.memo[pair], num)
        return self.memo[pair]


def _table(mach: HMM, canon: _Canon):
    """``(states, {state: {symbol: (probability id, target)}})`` of a unifilar machine."""
    out = {s: {} for s in mach.states}
    for e in mach.edges:
        out[e.source][e.symbol] = (canon.id(e.probability), e.target)
    return mach.states, out


def _isomorphism_systems(t1, t2, canon: _Canon) -> list:
    """The distinct systems (sorted tuples of difference keys) of the candidate bijections ``t1 -> t2``.

    Both machines are unifilar and strongly connected: fixing the image of
    one state of ``t1``, the symbols force the rest by breadth-first search;
    a candidate dies on a structural mismatch or a nonzero constant
    difference.  An empty tuple is an identical isomorphism.
    """
    (states1, e1), (states2, e2) = t1, t2
    if len(states1) != len(states2):
        return []
    start = states1[0]
    sig = lambda row: tuple(sorted(row))  # noqa: E731 - the emitted symbols
    out, seen = [], set()
    for image in states2:
        if sig(e1[start]) != sig(e2[image]):
            continue
        f, used, queue, system, ok = {start: image}, {image}, [start], set(), True
        while queue and ok:
            s = queue.pop()
            row2 = e2[f[s]]
            if sig(e1[s]) != sig(row2):
                ok = False
                break
            for x, (pid, t) in e1[s].items():
                qid, u = row2[x]
                d = canon.diff(pid, qid)
                if d is False:
                    ok = False
                    break
                if d is not None:
                    system.add(d)
                if t in f:
                    if f[t] != u:
                        ok = False
                        break
                elif u in used:
                    ok = False
                    break
                else:
                    f[t] = u
                    used.add(u)
                    queue.append(t)
        if ok and len(f) == len(states1):
            key = tuple(sorted(system))
            if key not in seen:
                seen.add(key)
                out.append(key)
    return out


def _restricted(cond, sub: dict):
    """``cond`` on a component: relations decided after substituting ``sub`` become True/False, others stay."""
    if not sub or cond in (sp.true, sp.false):
        return cond
    reps = {}
    for rel in cond.atoms(sp.core.relational.Relational):
        d = sp.cancel(sp.together((rel.lhs - rel.rhs).subs(sub)))
        if d.is_number:
            reps[rel] = rel.func(d, 0)
    return cond.xreplace(reps)


def _by_machines(m1: HMM, m2: HMM, dom: Domain):
    """The answer from isomorphisms of the epsilon-machines, or None where the route does not apply."""
    name = backend_name(None, where="same_process")
    gens = tuple(sorted(set(m1.parameters) | set(m2.parameters), key=lambda s: s.name))
    canon = _Canon(get_backend(gens, name))
    generic = [_generic_machine(m) for m in (m1, m2)]
    if None in generic:
        return None
    if () in _isomorphism_systems(*(_table(g, canon) for g in generic), canon):
        return True  # the generic machines are identically isomorphic: every word agrees identically
    strata1 = _strata_of(m1)
    strata2 = _strata_of(m2) if strata1 is not None else None
    if strata2 is None:
        return None
    tables1 = [_table(mach, canon) for _, mach, _ in strata1]
    tables2 = [_table(mach, canon) for _, mach, _ in strata2]
    solved: dict = {}
    found = []
    for (c1, _, eq1), t1 in zip(strata1, tables1):
        for (c2, _, eq2), t2 in zip(strata2, tables2):
            for system in _isomorphism_systems(t1, t2, canon):
                polys = [canon.ring.to_expr(canon.poly[k]) for k in system]
                key = tuple(sorted(set(map(str, eq1 + eq2 + polys))))
                if key not in solved:
                    solved[key] = components(eq1 + eq2 + polys, dom)
                for comp in solved[key]:
                    rest = _restricted(sp.And(c1, c2), comp.substitution)
                    if rest is not sp.false:
                        found.append((comp, rest))
    # the set where the processes agree is closed in the domain (the zero set of the word differences), and
    # an isomorphism on an open dense part of an (irreducible) component holds on all of it: keep whole
    # components, larger first, each unless it lies inside one already kept
    found.sort(key=lambda cr: (-len(cr[0].domain), str(cr[0].condition)))
    pieces = []
    for comp, rest in found:
        cond = comp.condition if not rest.atoms(sp.Eq) else sp.And(comp.condition, rest)
        if cond in pieces or any(_restricted(c, comp.substitution) is sp.true for c in pieces):
            continue
        pieces.append(cond)
    if not pieces:
        return False
    cases = [(c, True) for c in pieces]
    cases.append((sp.And(*(sp.Not(c) for c in pieces)), False))
    return Cases(cases)


# --- route 3: Tzeng's basis of the difference automaton (models without parameters) ----------------

def _integer_automaton(m: HMM):
    """``(a, b, mats, c)`` with Python integers: ``pi = a / b`` and ``T^(x) = mats[x] / c`` (sparse rows)."""
    ring, a, b, mats, c = _ring_matrices(m, backend_name(None, where="same_process"))
    k = ring.constant
    return ([k(v) for v in a], k(b), {x: [{j: k(t) for j, t in row.items()} for row in rows]
                                      for x, rows in mats.items()}, k(c))


def _by_tzeng(m1: HMM, m2: HMM) -> bool:
    """Equality of two models without parameters by a basis of the difference automaton's forward space.

    The vectors ``alpha T^(w)`` of the automaton of dimension ``n1 + n2``
    with ``alpha = (pi_1, pi_2)`` and block-diagonal ``T^(x)`` are explored
    breadth first, each reduced exactly (fraction-free, integer rows)
    against an echelon basis and dropped when it lies in its span; at most
    ``n1 + n2`` are kept and each kept one's successors are explored, so the
    span is closed under every ``T^(x)`` [Tzeng 1992].  ``Pr_1(w) - Pr_2(w) =
    alpha T^(w) eta`` with ``eta = (1, ..., 1, -1, ..., -1)``, so the
    processes are equal iff every kept vector ``v`` has ``v . eta = 0``.
    """
    (a1, b1, mats1, c1), (a2, b2, mats2, c2) = _integer_automaton(m1), _integer_automaton(m2)
    n1 = len(a1)
    rows = {}
    for x in sorted(set(mats1) | set(mats2), key=str):
        r1 = mats1.get(x, [{} for _ in a1])
        r2 = mats2.get(x, [{} for _ in a2])
        rows[x] = [{j: t * c2 for j, t in r.items()} for r in r1] + \
                  [{n1 + j: t * c1 for j, t in r.items()} for r in r2]
    dim = n1 + len(a2)
    basis: list = []  # (pivot, row) in insertion order; a row is zero at every earlier pivot
    queue = deque([[v * b2 for v in a1] + [v * b1 for v in a2]])
    while queue:
        v = queue.popleft()
        for piv, row in basis:
            if v[piv]:
                g = math.gcd(v[piv], row[piv])
                f, h = row[piv] // g, v[piv] // g
                v = [f * s - h * t for s, t in zip(v, row)]
        nz = [i for i, s in enumerate(v) if s]
        if not nz:
            continue
        g = 0
        for i in nz:
            g = math.gcd(g, v[i])
        v = [s // g for s in v]
        if sum(v[:n1]) != sum(v[n1:]):
            return False
        basis.append((nz[0], v))
        for x, mat in rows.items():
            out = [0] * dim
            for i in nz:
                for j, t in mat[i].items():
                    out[j] += v[i] * t
            if any(out):
                queue.append(out)
    return True


def same_process(m1: HMM, m2: HMM, *, max_words: int = MAX_WORDS):
    """Whether two models generate the same stationary process.

    Parameters
    ----------
    m1, m2 : HMM
        Models, each with one recurrent class; a symbol in only one alphabet
        has probability 0 under the other.
        Parameters with the same symbol are the same parameter; the answer
        is given on the intersection of the two domains.
    max_words : int
        Cap on the ``|A|^N`` words compared, when no other route applies.

    Returns
    -------
    bool or Cases
        ``True``/``False`` when the answer is the same on the whole joint
        domain; otherwise ``Cases`` of ``(condition, True)`` for each component
        where they agree, and ``(rest, False)``.

    Notes
    -----
    Three exact routes (see the module notes), chosen by size:

    * the **word route** when both models have at most
      ``min(max_words, WORD_ROUTE_WORDS)`` words of length
      ``N = n1 + n2 - 1`` (cheap there, and the answers are those of
      earlier versions): exact by the Schuetzenberger-Paz bound;
    * **Tzeng's basis** for two models without parameters, not both unifilar:
      exact rational arithmetic, polynomial in ``n1 + n2``;
    * the **epsilon-machine isomorphism** otherwise (for unifilar numeric
      models too): exact because the epsilon-machine is the unique minimal
      unifilar presentation, region by region; where a model's machine is not
      finite within the mixed-state cap, Tzeng's route (no parameters) or
      the word route (refused beyond ``max_words``) answers instead.

    Raises
    ------
    TooLargeError
        More than ``max_words`` words would be compared and no other route
        applies (a symbolic model without a finite epsilon-machine).
    NotErgodicError
        A model has several recurrent classes, on the whole domain or where
        vanishing edges split its chain.
    ParameterTypeError
        If the models have different sympy symbols of one name (e.g. a plain
        ``sympy.Symbol('p')`` and ``sc.symbols('p')``, which print alike but
        are different parameters): the message names the symbol and both
        assumption sets.  Create every parameter with :func:`symcm.symbols`.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.same_process(sc.processes.lohr_generator(p), sc.processes.binary_markov(p, p))
    True
    >>> sc.same_process(sc.processes.binary_markov(p, q), sc.processes.biased_coin(p))
    Cases([
      (Eq(p + q, 1), True),
      (Ne(p + q, 1), False)
    ])

    The order-8 parity chain (256 states; ``2^511`` words of length ``N``)
    against its presentation on the last 9 symbols, and against the order-7
    chain:

    >>> def chain(R, lift=0):  # emit 1 with p after an even number of 1s in the last R symbols, else q
    ...     n, edges = 2 ** (R + lift), []
    ...     for i in range(n):
    ...         one = p if bin(i % 2 ** R).count("1") % 2 == 0 else q
    ...         edges += [(i, (2 * i + 1) % n, "1", one), (i, (2 * i) % n, "0", 1 - one)]
    ...     return sc.HMM.from_edges(edges)
    >>> sc.same_process(chain(8), chain(8, lift=1))
    True
    >>> sc.same_process(chain(8), chain(7))
    Cases([
      (Eq(p, q), True),
      (Ne(p, q), False)
    ])
    """
    as_model(m1, "same_process", "m1")
    as_model(m2, "same_process", "m2")
    max_words = checks.cap(max_words, "max_words", where="same_process")
    checks.same_symbols([(f"m1{f' ({m1.name})' if m1.name else ''}", m1.parameters),
                  (f"m2{f' ({m2.name})' if m2.name else ''}", m2.parameters)], where="same_process")
    dom = joint_domain(m1, m2)
    m1, m2 = _with_domain(m1, dom), _with_domain(m2, dom)
    length = _word_length(m1, m2)
    if _words_at_most(m1, m2, length, min(max_words, WORD_ROUTE_WORDS)):
        return _by_words(m1, m2, dom, length, max_words)
    for m in (m1, m2):  # what the word route would refuse (several classes, somewhere or everywhere)
        classes = recurrent_classes(m)
        _refuse_several_classes(classes)
        _check_vanishing(m, classes)
    if not m1.parameters and not m2.parameters and not (is_unifilar(m1) and is_unifilar(m2)):
        return _by_tzeng(m1, m2)
    answer = _by_machines(m1, m2, dom)
    if answer is not None:
        return answer
    if not m1.parameters and not m2.parameters:
        return _by_tzeng(m1, m2)
    return _by_words(m1, m2, dom, length, max_words)


def _word_length(m1: HMM, m2: HMM) -> int:
    """``N = n1 + n2 - 1`` with ``n`` the size of the recurrent class (all states if several classes)."""
    c1, c2 = recurrent_classes(m1), recurrent_classes(m2)
    n1 = len(c1[0]) if len(c1) == 1 else len(m1.states)
    n2 = len(c2[0]) if len(c2) == 1 else len(m2.states)
    return n1 + n2 - 1


def _words_at_most(m1: HMM, m2: HMM, length: int, cap: int) -> bool:
    """Whether both models have at most ``cap`` words of ``length``."""
    try:
        for m in (m1, m2):
            _check_word_count(m, length, cap, "same_process")
    except TooLargeError:
        return False
    return True


def _by_words(m1: HMM, m2: HMM, dom: Domain, length: int, max_words: int = MAX_WORDS):
    """The word route: compare every word of ``length``; refuses more than ``max_words`` words."""
    for m in (m1, m2):  # the refusal of word_probabilities, before any work
        _check_word_count(m, length, max_words, "word_probabilities")
    polys = _difference_numerators(m1, m2, length)
    if not polys:
        return True
    comps = components(polys, dom)
    if not comps:
        return False
    cases = [(c.condition, True) for c in comps]
    cases.append((sp.And(*(sp.Not(c.condition) for c in comps)), False))
    return Cases(cases)
