"""Slow, obviously correct reference implementations (oracles) for the fast paths.

They share no code with symcm's algorithms: matrices are built here from the
edges, the stationary distribution is sympy's nullspace of ``(T - I)^T``
over the rationals (numeric models) or the rational-function field
(symbolic models), and word probabilities sum over every state path.
"""

from __future__ import annotations

import itertools

import mpmath
import sympy as sp


def matrices(m):
    """``{symbol: sympy.Matrix}`` built directly from the model's edges."""
    n = len(m.states)
    idx = {s: i for i, s in enumerate(m.states)}
    mats = {x: sp.zeros(n, n) for x in m.alphabet}
    for e in m.edges:
        mats[e.symbol][idx[e.source], idx[e.target]] += e.probability
    return mats


def stationary(m):
    """The unique stationary distribution by ``Matrix.nullspace`` (must be one-dimensional)."""
    t = sum(matrices(m).values(), sp.zeros(len(m.states)))
    null = (t - sp.eye(len(m.states))).T.nullspace(simplify=True)
    assert len(null) == 1, f"expected a one-dimensional null space, got {len(null)}"
    v = null[0]
    total = sum(v)
    return {s: sp.cancel(v[i] / total) for i, s in enumerate(m.states)}


def word_probability(m, word):
    """``Pr(w)`` as the sum over all state paths ``s_0 ... s_L`` of their probabilities."""
    mats = matrices(m)
    pi = stationary(m)
    n = len(m.states)
    total = sp.Integer(0)
    for path in itertools.product(range(n), repeat=len(word) + 1):
        term = pi[m.states[path[0]]]
        for k, x in enumerate(word):
            term *= mats[x][path[k], path[k + 1]]
            if term == 0:
                break
        total += term
    return sp.cancel(total)


def block_entropy_numeric(m, length, dps=30):
    """``H(L)`` in bits as an mpmath number, from brute-force word probabilities of a numeric model."""
    with mpmath.workdps(dps):
        h = mpmath.mpf(0)
        for word in itertools.product(m.alphabet, repeat=length):
            pr = word_probability(m, word)
            if pr != 0:
                x = mpmath.mpf(sp.Rational(pr).p) / sp.Rational(pr).q
                h -= x * mpmath.log(x, 2)
        return h


def entropy_numeric(probs, dps=30):
    """Shannon entropy in bits of exact rationals, as an mpmath number."""
    with mpmath.workdps(dps):
        h = mpmath.mpf(0)
        for pr in probs:
            pr = sp.Rational(pr)
            if pr != 0:
                x = mpmath.mpf(pr.p) / pr.q
                h -= x * mpmath.log(x, 2)
        return h


# --- brute-force oracles for the causal-state layer ---------------------------------
# Exact ``fractions.Fraction`` arithmetic on the model's edges and on ``stationary``
# above: no symcm algorithm (stationary solver, word-probability ring, mixed
# states, minimisation) is used.

from fractions import Fraction as _Fraction  # noqa: E402


def _frac(x):
    x = sp.Rational(x)
    return _Fraction(int(x.p), int(x.q))


def numeric_rows(m):
    """``{symbol: [[(target index, Fraction)], ...]}`` (one row per state) of a numeric model."""
    idx = {s: i for i, s in enumerate(m.states)}
    rows = {x: [[] for _ in m.states] for x in m.alphabet}
    for e in m.edges:
        rows[e.symbol][idx[e.source]].append((idx[e.target], _frac(e.probability)))
    return rows


def stationary_fractions(m):
    """The stationary distribution of ``stationary`` as a tuple of Fractions, in state order."""
    pi = stationary(m)
    return tuple(_frac(pi[s]) for s in m.states)


def _step_vector(vec, rows_x):
    out = [_Fraction(0)] * len(vec)
    for i, v in enumerate(vec):
        if v:
            for j, pr in rows_x[i]:
                out[j] += v * pr
    return out


def _forward_layers(m, max_length, start=None):
    """Yield ``{word: alpha}`` for word lengths ``0, 1, ..., max_length`` (words of positive probability).

    ``alpha[s] = Pr(X_{0:L} = word, S_L = s)`` from the initial distribution
    ``start`` (default: the stationary distribution), by the forward recursion
    ``alpha_{wx} = alpha_w T^(x)`` over the tree of words.
    """
    rows = numeric_rows(m)
    layer = {(): list(stationary_fractions(m) if start is None else start)}
    yield layer
    for _ in range(max_length):
        nxt = {}
        for w, vec in layer.items():
            for x in m.alphabet:
                v = _step_vector(vec, rows[x])
                if any(v):
                    nxt[w + (x,)] = v
        layer = nxt
        yield layer


def forward_vectors(m, length, start=None):
    """``{word: alpha}`` for every word of exactly ``length`` symbols with ``Pr(word) > 0``.

    ``alpha[s] = Pr(X_{0:L} = word, S_L = s)`` from the initial distribution
    ``start`` (default: the stationary distribution), by the forward recursion
    ``alpha_{wx} = alpha_w T^(x)`` over the tree of words.
    """
    *_, layer = _forward_layers(m, length, start)
    return layer


def word_distribution(m, length):
    """``{word: Pr(word)}`` (Fractions) for every word of ``length`` symbols with positive probability."""
    return {w: sum(v) for w, v in forward_vectors(m, length).items()}


def word_distributions(m, max_length):
    """``[dist_0, dist_1, ..., dist_max_length]`` with ``dist_L = word_distribution(m, L)``."""
    return [{w: sum(v, _Fraction(0)) for w, v in layer.items()} for layer in _forward_layers(m, max_length)]


def entropy_fractions(probs, dps=30):
    """Shannon entropy in bits of Fractions (zeros skipped), as an mpmath number."""
    with mpmath.workdps(dps):
        h = mpmath.mpf(0)
        for pr in probs:
            if pr:
                x = mpmath.mpf(pr.numerator) / pr.denominator
                h -= x * mpmath.log(x, 2)
        return h


def conditional(dists, word, x):
    """``Pr(x | word)`` from a list of word distributions (``dists[L]`` for length ``L``)."""
    w = tuple(word)
    return dists[len(w) + 1].get(w + (x,), _Fraction(0)) / dists[len(w)][w]


def markov_order_by_definition(m, max_order, max_length):
    """The least ``R <= max_order`` with ``Pr(x | w) = Pr(x | last R symbols of w)`` for all
    words ``w`` of positive probability with ``R <= |w| <= max_length``; None if there is none."""
    dists = word_distributions(m, max_length + 1)
    for r in range(max_order + 1):
        ok = True
        for length in range(r, max_length + 1):
            for w in dists[length]:
                suffix = w[len(w) - r:] if r else ()
                if any(conditional(dists, w, x) != conditional(dists, suffix, x) for x in m.alphabet):
                    ok = False
                    break
            if not ok:
                break
        if ok:
            return r
    return None


def causal_state_probabilities(m, history_length, future_length):
    """Group the histories of ``history_length`` symbols by their conditional distribution of the
    next ``future_length`` symbols; return the groups' probabilities (sorted).

    For a process of Markov order ``R <= history_length`` the groups are the causal states
    (the last ``R`` symbols fix the distribution of the future), provided
    ``future_length`` words tell distinct futures apart (``n - 1`` symbols suffice for a
    presentation with ``n`` states).
    """
    alphas = forward_vectors(m, history_length)
    rows = numeric_rows(m)
    futures = [tuple(w) for w in itertools.product(m.alphabet, repeat=future_length)]
    groups = {}
    for w, vec in alphas.items():
        total = sum(vec)
        belief = [v / total for v in vec]
        key = []
        for v in futures:
            b = belief
            for x in v:
                b = _step_vector(b, rows[x])
            key.append(sum(b))
        groups[tuple(key)] = groups.get(tuple(key), _Fraction(0)) + total
    return sorted(groups.values())


def future_morphs(m, length):
    """``{state: (Pr(v | state) for every word v of ``length`` symbols)}``: each state's future."""
    rows = numeric_rows(m)
    futures = [tuple(w) for w in itertools.product(m.alphabet, repeat=length)]
    out = {}
    for i, s in enumerate(m.states):
        start = [_Fraction(int(j == i)) for j in range(len(m.states))]
        key = []
        for v in futures:
            b = start
            for x in v:
                b = _step_vector(b, rows[x])
            key.append(sum(b))
        out[s] = tuple(key)
    return out


def state_posteriors(m, time, length):
    """``{word: posterior}`` with ``posterior[s] = Pr(S_time = s | X_{0:length} = word)`` (Fractions),
    for every word of ``length >= time`` symbols with positive probability; also the set of
    states the model can be in after the word, as ``{word: (posterior, final support)}``."""
    n = len(m.states)
    out = {}
    for head, alpha in forward_vectors(m, time).items():
        # beta over tails of length - time symbols, from every state at `time`
        for i in range(n):
            if not alpha[i]:
                continue
            start = [_Fraction(int(j == i)) for j in range(n)]
            for tail, vec in forward_vectors(m, length - time, start=start).items():
                word = head + tail
                post, finals = out.setdefault(word, ([_Fraction(0)] * n, set()))
                post[i] += alpha[i] * sum(vec)
                finals.update(j for j, v in enumerate(vec) if v)
    result = {}
    for word, (post, finals) in out.items():
        total = sum(post)
        result[word] = (tuple(v / total for v in post), frozenset(finals))
    return result


def cryptic_ambiguity(m, k):
    """Decide ``H[S_k | X_{0:}] = 0`` for a unifilar presentation ``m`` by following pairs of states.

    ``S_k`` is ambiguous given the future iff two states ``s != t``, both possible after
    some word ``u`` of ``k`` symbols, can both emit the rest of the future.  Follow the
    ordered pairs ``(s, t)`` on symbols both emit (unifilar: each goes to one state):

    * a pair that reaches the diagonal (both paths in one state) stays ambiguous for
      every continuation, with positive probability: ``"positive"``;
    * if no reachable pair reaches the diagonal and from every reachable pair ``(s, t)``
      some word that ``s`` emits is refused by ``t`` (the pair dies), the pairs die with
      probability 1 (a finite chain with an absorbing state reachable from everywhere),
      so the posterior is a point mass almost surely: ``"zero"``;
    * otherwise the supports cannot tell (e.g. states that emit every word, told apart
      only statistically): ``"undecided"``.

    ``m`` must be the epsilon-machine (minimal unifilar, recurrent) for ``S_k`` to be the
    causal state.
    """
    rows = numeric_rows(m)
    delta = {}
    for x, r in rows.items():
        for i, targets in enumerate(r):
            assert len(targets) <= 1, "cryptic_ambiguity needs a unifilar model"
            if targets:
                delta[(i, x)] = targets[0][0]
    start = set()
    for vec in forward_vectors(m, k).values():
        support = [i for i, v in enumerate(vec) if v]
        start.update((s, t) for s in support for t in support if s != t)
    seen, stack = set(start), list(start)
    while stack:
        s, t = stack.pop()
        for x in m.alphabet:
            if (s, x) in delta and (t, x) in delta:
                nxt = (delta[(s, x)], delta[(t, x)])
                if nxt[0] == nxt[1]:
                    return "positive"
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
    # which reachable pairs can die: some symbol the first emits and the second refuses,
    # then propagate backwards along surviving transitions
    dies = {(s, t) for s, t in seen if any((s, x) in delta and (t, x) not in delta for x in m.alphabet)}
    changed = True
    while changed:
        changed = False
        for s, t in seen - dies:
            for x in m.alphabet:
                if (s, x) in delta and (t, x) in delta and (delta[(s, x)], delta[(t, x)]) in dies:
                    dies.add((s, t))
                    changed = True
                    break
    return "zero" if dies == seen else "undecided"


def nonsync_probability(m, length):
    """``Pr`` of the words of ``length`` symbols after which a unifilar ``m`` (started from its
    stationary distribution) may be in two or more states."""
    return sum((sum(v) for v in forward_vectors(m, length).values() if sum(1 for x in v if x) >= 2),
               _Fraction(0))


def nonsync_contraction(m, k):
    """``c_k = max_s Pr_s(v in A^k : delta(all states, v) has two or more states)`` for unifilar ``m``.

    Since a word that synchronises keeps ``m`` synchronised and ``delta(Q, v)`` grows with
    ``Q``, ``Pr(NS_{j+k}) <= c_k Pr(NS_j)`` for the non-synchronising words ``NS_j``.
    """
    rows = numeric_rows(m)
    n = len(m.states)
    delta = {(i, x): r[i][0][0] for x, r in rows.items() for i in range(n) if r[i]}
    worst = _Fraction(0)
    for s in range(n):
        start = [_Fraction(int(j == s)) for j in range(n)]
        total = _Fraction(0)
        for v, vec in forward_vectors(m, k, start=start).items():
            image = set()
            for i in range(n):
                j = i
                for x in v:
                    j = delta.get((j, x))
                    if j is None:
                        break
                if j is not None:
                    image.add(j)
            if len(image) >= 2:
                total += sum(vec)
        worst = max(worst, total)
    return worst


def _belief_layers(m, start=None):
    """Yield ``{belief: probability}`` for words of length 0, 1, 2, ... (equal beliefs merged)."""
    rows = numeric_rows(m)
    start = tuple(stationary_fractions(m) if start is None else start)
    layer = {start: _Fraction(1)}
    while True:
        yield layer
        nxt = {}
        for b, w in layer.items():
            for x in m.alphabet:
                v = _step_vector(b, rows[x])
                t = sum(v)
                if t:
                    nb = tuple(vi / t for vi in v)
                    nxt[nb] = nxt.get(nb, _Fraction(0)) + w * t
        layer = nxt


def _next_symbol_entropy(rows, b, alphabet, dps):
    return entropy_fractions([sum(_step_vector(b, rows[x])) for x in alphabet], dps)


def excess_entropy_by_synchronisation(m, tolerance, k, dps=40, max_length=5000):
    """``(lower, upper)`` enclosing ``E`` of a synchronising unifilar presentation ``m``.

    For a unifilar presentation ``h_mu = H[X_j | S_j]``, so the entropy-rate estimates
    exceed it by ``h(j+1) - h_mu = sum_w Pr(w) [H(X | b_w) - sum_s b_w(s) H(X | s)]``
    over the words ``w`` of ``j`` symbols (``b_w`` the belief about ``S_j``), and
    ``E = sum_j (h(j+1) - h_mu)`` [Crutchfield & Feldman 2003].  Synchronised words
    contribute 0, so the sum runs over the non-synchronising beliefs only.  Each term is at
    most ``log2 |A|`` times ``Pr(NS_j)``, and ``Pr(NS_{j+k}) <= c_k Pr(NS_j)``
    (:func:`nonsync_contraction`), so the tail after ``J`` is at most
    ``log2|A| k Pr(NS_J) / (1 - c_k)``.
    """
    rows = numeric_rows(m)
    c = nonsync_contraction(m, k)
    assert c < 1, f"c_{k} = {c}: choose a larger k"
    with mpmath.workdps(dps):
        own = [_next_symbol_entropy(rows, tuple(_Fraction(int(i == j)) for i in range(len(m.states))),
                                    m.alphabet, dps) for j in range(len(m.states))]
        total = mpmath.mpf(0)
        one_minus_c = 1 - c
        scale = mpmath.log(len(m.alphabet), 2) * k * one_minus_c.denominator / one_minus_c.numerator
        for length, layer in enumerate(_belief_layers(m)):
            nonsync = {b: w for b, w in layer.items() if sum(1 for x in b if x) >= 2}
            mass = sum(nonsync.values(), _Fraction(0))
            tail = scale * mass.numerator / mass.denominator
            if tail < tolerance:
                return total, total + tail
            if length > max_length:  # pragma: no cover - a bad choice of arguments
                raise AssertionError("no convergence")
            for b, w in nonsync.items():
                gap = _next_symbol_entropy(rows, b, m.alphabet, dps) - sum(
                    bi.numerator * own[i] / bi.denominator for i, bi in enumerate(b) if bi)
                total += gap * w.numerator / w.denominator


def mixed_states_sympy(m, max_states: int = 200):
    """Slow oracle for symcm.causal.states._mixed_states: beliefs as sympy expressions, each cancelled with sp.cancel.

    Returns ``(beliefs, edges)`` in the same breadth-first order as the fast
    construction, which keeps beliefs as primitive polynomial vectors.
    """
    from collections import deque

    import sympy as sp

    import symcm as sc

    pi = sc.stationary_distribution(m)
    start = tuple(pi[s] for s in m.states)
    idx = {s: i for i, s in enumerate(m.states)}
    rows = {x: [[] for _ in m.states] for x in m.alphabet}
    for e in m.edges:
        rows[e.symbol][idx[e.source]].append((idx[e.target], e.probability))
    beliefs = {start: 0}
    order = [start]
    edges = []
    queue = deque([start])
    n = len(m.states)
    while queue:
        eta = queue.popleft()
        for x in m.alphabet:
            v = [sp.Integer(0)] * n
            for i, w in enumerate(eta):
                if w != 0:
                    for j, pr in rows[x][i]:
                        v[j] += w * pr
            total = sp.cancel(sp.together(sp.Add(*v)))
            if total == 0:
                continue
            nxt = tuple(sp.cancel(sp.together(vi / total)) for vi in v)
            if nxt not in beliefs:
                if len(order) >= max_states:
                    raise sc.errors.InfiniteStatesError(f"max_states={max_states}")
                beliefs[nxt] = len(order)
                order.append(nxt)
                queue.append(nxt)
            edges.append((beliefs[eta], beliefs[nxt], x, total))
    return order, edges


# --- the causal states before issue 12 (pairwise comparisons, one system per pair) ---------------
# Copied from symcm/causal/states.py as it was before the partition refinement keyed by canonical
# ring elements (symcm/causal/refinement.py); `legacy_causal_states()` makes symcm use them.

from collections import deque  # noqa: E402
from contextlib import contextmanager  # noqa: E402


def _legacy_number(sig, order):
    ids = {}
    return {s: ids.setdefault(sig[s], len(ids)) for s in order}


def legacy_partition(m):
    """Moore refinement with identical (rational-function) comparisons; blocks in state order."""
    from symcm.causal import states as _states

    emit = _states._emissions(m)
    alphabet = m.alphabet
    sig = {s: tuple(emit[s][x][0] if x in emit[s] else sp.Integer(0) for x in alphabet) for s in m.states}
    block = _legacy_number(sig, m.states)
    while True:
        sig = {s: (block[s],) + tuple(block[emit[s][x][1]] if x in emit[s] else None for x in alphabet)
               for s in m.states}
        new = _legacy_number(sig, m.states)
        if len(set(new.values())) == len(set(block.values())):
            block = new
            break
        block = new
    blocks: dict[int, list] = {}
    for s in m.states:
        blocks.setdefault(block[s], []).append(s)
    return [tuple(b) for b in blocks.values()]


def legacy_merge_systems(m, blocks):
    """For each pair of blocks, the polynomials that vanish exactly where they are equivalent."""
    from symcm.causal import states as _states

    emit = _states._emissions(m)
    polys = {(e.source, e.symbol): (pn, pd) for e, pn, pd in m.edge_polynomials()}
    block_of = {s: i for i, b in enumerate(blocks) for s in b}
    reps = [b[0] for b in blocks]
    systems = []
    memo = {}

    def numerator_of_difference(u, v, x):
        # numerator of Pr(x|u) - Pr(x|v) by polynomial arithmetic on the cancelled edge fractions
        # (the probabilities are already in lowest terms), primitive and signed as sp.cancel's numerator
        key = (u, v, x)
        if key not in memo:
            nu, du = polys.get((u, x), (None, None))
            nv, dv = polys.get((v, x), (None, None))
            if nu is None and nv is None:
                memo[key] = sp.Integer(0)
            else:
                if nu is None:
                    diff = -nv
                elif nv is None:
                    diff = nu
                else:
                    diff = nu * dv - nv * du
                    if not diff.is_zero:  # drop factors the denominator cancels
                        diff = diff.exquo(diff.gcd(du * dv))
                memo[key] = sp.numer(sp.cancel(diff.as_expr())) if not diff.is_zero else sp.Integer(0)
        return memo[key]

    for i in range(len(blocks)):
        for j in range(i + 1, len(blocks)):
            eqs, seen = [], {(i, j)}
            queue = deque([(i, j)])
            while queue:
                a, b = queue.popleft()
                u, v = reps[a], reps[b]
                for x in m.alphabet:
                    diff = numerator_of_difference(u, v, x)
                    if diff != 0:
                        eqs.append(diff)
                    if x in emit[u] and x in emit[v]:
                        nxt = tuple(sorted((block_of[emit[u][x][1]], block_of[emit[v][x][1]])))
                        if nxt[0] != nxt[1] and nxt not in seen:
                            seen.add(nxt)
                            queue.append(nxt)
            systems.append(eqs)
    return systems


def legacy_generic(m, max_states: int):
    """The generic epsilon-machine and the polynomial systems where the structure may change."""
    from symcm.causal import states as _states

    base = _states._unifilar_recurrent(m, max_states)
    blocks = legacy_partition(base)
    unifilar_input = _states.is_unifilar(m)
    names = None if unifilar_input else _states._letters(len(blocks))
    machine = _states._quotient(base, blocks, names)
    machine = _states.HMM._derived([tuple(e) for e in machine.edges], states=machine.states,
                                   alphabet=machine.alphabet, domain=dict(machine.domain), name=None)
    systems = legacy_merge_systems(base, blocks) + _states._vanishing_systems(m)
    return machine, systems


def legacy_unifilar_recurrent(m, max_states: int):
    """A unifilar presentation of the recurrent process: ``m`` or its whole mixed-state presentation's recurrent part."""
    from symcm.causal import states as _states

    if _states.is_unifilar(m):
        return _states.recurrent_part(m)
    order, edges = _states._mixed_states(m, max_states, public=False)
    names = [f"M{i}" for i in range(len(order))]
    msp = _states.HMM._derived([(names[a], names[b], x, pr) for a, b, x, pr in edges], states=names,
                               alphabet=m.alphabet, domain=dict(m.domain))
    return _states.recurrent_part(msp)


def legacy_recurrent_mixed_states(m, *, max_states: int = 200):
    """The whole mixed-state presentation (every belief converted), then its recurrent part and their beliefs."""
    from symcm.causal import states as _states

    msp, beliefs = _states.mixed_state_presentation(m, max_states=max_states)
    rec = _states.recurrent_part(msp)
    return rec, {s: beliefs[s] for s in rec.states}


def clear_causal_caches():
    """Forget every cached epsilon-machine (so the next call recomputes with the current code path)."""
    from symcm.causal import states as _states

    _states._strata_cached.cache_clear()
    _states._cases_cached.cache_clear()


@contextmanager
def legacy_causal_states():
    """Make symcm compute causal states with the pre-issue-12 code (caches cleared on entry and exit)."""
    from symcm.causal import complexity, states

    names = [(states, "_generic", legacy_generic), (states, "_partition", legacy_partition),
             (complexity, "_partition", legacy_partition), (states, "_unifilar_recurrent", legacy_unifilar_recurrent),
             (complexity, "_recurrent_mixed_states", legacy_recurrent_mixed_states)]
    saved = [getattr(module, name) for module, name, _ in names]
    for module, name, old in names:
        setattr(module, name, old)
    clear_causal_caches()
    try:
        yield
    finally:
        for (module, name, _), value in zip(names, saved):
            setattr(module, name, value)
        clear_causal_caches()


def same_process_differences(m1, m2):
    """The numerators ``same_process`` decides on, by symcm 0.2's route: every word of length ``n1 + n2 - 1``.

    Word probabilities of both models as sympy expressions
    (``sc.word_probabilities``), the difference of each word cancelled by
    sympy (``numer(cancel(together(.)))``), in lexicographic word order.
    """
    import symcm as sc
    from symcm.causal.equivalence import _with_domain, joint_domain
    from symcm.models.structure import recurrent_classes

    dom = joint_domain(m1, m2)
    m1, m2 = _with_domain(m1, dom), _with_domain(m2, dom)
    n1, n2 = (len(recurrent_classes(m)[0]) if len(recurrent_classes(m)) == 1 else len(m.states) for m in (m1, m2))
    length = n1 + n2 - 1
    w1 = sc.word_probabilities(m1, length, max_words=2**20)
    w2 = sc.word_probabilities(m2, length, max_words=2**20)
    out = []
    for word in itertools.product(sorted(set(m1.alphabet) | set(m2.alphabet)), repeat=length):
        diff = sp.cancel(sp.together(w1.get(word, 0) - w2.get(word, 0)))
        if diff != 0:
            out.append(sp.numer(diff))
    return out


# --- the transient measures over the field of rational functions (the old route of symcm.causal.transients) ---

def transient_solve_left(q, b):
    """The row vector ``x`` with ``x (I - Q) = b``: sympy ``DomainMatrix.lu_solve`` over the rational-function field."""
    from sympy.polys.matrices import DomainMatrix

    n = len(b)
    a = sp.Matrix(n, n, lambda i, j: int(i == j) - q[j][i])  # (I - Q)^T
    both = DomainMatrix.from_Matrix(a.row_join(sp.Matrix(n, 1, b))).to_field()  # one domain for A and b
    sol = both[:, :n].lu_solve(both[:, n:]).to_Matrix()
    return [sp.cancel(sol[i]) for i in range(n)]


def transient_powers(t, count):
    """``a_0 .. a_{count-1}`` by sympy ``cancel`` step by step."""
    n = len(t.g)
    row = [sp.Integer(int(i == t.first)) for i in range(n)]
    out = []
    for _ in range(count):
        out.append(row)
        row = [sp.cancel(sp.Add(*(row[i] * t.q[i][j] for i in range(n) if row[i] and t.q[i][j]))) for j in range(n)]
    return out


def transient_resolvent(t):
    """``(x, y)``: ``x = <delta_pi| (I - Q)^-1``, ``y = x (I - Q)^-1`` in sympy."""
    n = len(t.g)
    if not n:
        return [], []
    if t.order is not sp.oo:
        rows = transient_powers(t, int(t.order))
        return ([sp.cancel(sp.Add(*(r[i] for r in rows))) for i in range(n)],
                [sp.cancel(sp.Add(*((k + 1) * r[i] for k, r in enumerate(rows)))) for i in range(n)])
    x = transient_solve_left(t.q, [sp.Integer(int(i == t.first)) for i in range(n)])
    return x, transient_solve_left(t.q, x)


def transient_spectral(t, vec, L):
    """``(m0, tail)`` of ``symcm.causal.transients._spectral`` with ``(I - xQ)`` solved and its determinant taken by DomainMatrix."""
    from sympy.polys.matrices import DomainMatrix

    from symcm.causal.transient_chain import _by_atom, _coefficient_of_power

    n, x, lam = len(t.g), sp.Dummy("x"), sp.Dummy("lambda")
    dm = DomainMatrix.from_Matrix(sp.Matrix(n, n, lambda i, j: int(i == j) - x * t.q[j][i])).to_field()
    det = sp.cancel(dm.domain.to_sympy(dm.det()))
    m0 = n - sp.degree(sp.fraction(det)[0], x)
    rhs = DomainMatrix.from_Matrix(sp.Matrix(n, 1, [int(i == t.first) for i in range(n)])).convert_to(dm.domain)
    y = dm.lu_solve(rhs).to_Matrix()
    total = sp.Integer(0)
    for atom, v in _by_atom(vec).items():
        f = sp.cancel(sp.Add(*(y[i] * v[i] for i in range(n) if v[i])))
        degree, tail = _coefficient_of_power(f, x, L, lam)
        m0 = max(m0, degree)
        total += atom * tail
    return int(m0), total


def transient_block(t, L):
    """``H(L)`` of one machine by the old route (``L`` an int or a Symbol)."""
    from symcm.causal.transient_chain import _by_atom, _dot, _tidy

    if isinstance(L, sp.Symbol):
        if t.order is sp.oo:
            x, _ = transient_resolvent(t)
            qt = [[t.q[j][i] for j in range(len(t.g))] for i in range(len(t.g))]
            parts = [(atom, transient_solve_left(qt, v)) for atom, v in _by_atom(t.g).items()]
            z = [sp.Add(*(atom * w[i] for atom, w in parts)) for i in range(len(t.g))]
            m0, tail = transient_spectral(t, z, L)
            pieces = [(transient_block(t, n), sp.Eq(L, n)) for n in range(m0)]
            return sp.Piecewise(*pieces, (_tidy(t.rate * L + _dot(x, t.g)) - tail, True))
        k = int(t.order)
        if k == 0:
            return t.rate * L
        rows, total, pieces = transient_powers(t, k), sp.Integer(0), []
        for n in range(k):
            pieces.append((_tidy(n * t.rate + total), sp.Eq(L, n)))
            total += _dot(rows[n], t.g)
        return sp.Piecewise(*pieces, (_tidy(t.rate * L + total), True))
    count = L if t.order is sp.oo else min(L, int(t.order))
    return _tidy(L * t.rate + sp.Add(*(_dot(r, t.g) for r in transient_powers(t, count))))


def transient_gain(t, mach, L):
    """The predictability gain of one machine by the old route (``L`` an int >= 1 or a Symbol)."""
    from symcm.causal.transient_chain import _dot, _tidy

    top = sp.log(len(mach.alphabet)) / sp.log(2)

    def rate_at(n, rows):
        return t.rate + (_dot(rows[n - 1], t.g) if n - 1 < len(rows) else 0)

    if isinstance(L, sp.Symbol) and t.order is sp.oo:
        n = len(t.g)
        vec = [sp.Add(*(t.q[i][j] * t.g[j] for j in range(n))) - t.g[i] for i in range(n)]
        m0, tail = transient_spectral(t, vec, L - 2)
        rows = transient_powers(t, m0 + 1)
        rates = [top] + [rate_at(n, rows) for n in range(1, m0 + 2)]
        pieces = [(_tidy(rates[n] - rates[n - 1]), sp.Eq(L, n)) for n in range(1, m0 + 2)]
        return sp.Piecewise(*pieces, (tail, True))
    if isinstance(L, sp.Symbol):
        k = int(t.order)
        rows = transient_powers(t, k)
        rates = [top] + [rate_at(n, rows) for n in range(1, k + 2)]
        pieces = [(_tidy(rates[n] - rates[n - 1]), sp.Eq(L, n)) for n in range(1, k + 2)]
        return sp.Piecewise(*pieces, (sp.Integer(0), True))
    rows = transient_powers(t, L if t.order is sp.oo else min(L, int(t.order)))
    before = top if L == 1 else rate_at(L - 1, rows)
    return _tidy(rate_at(L, rows) - before)


def transient_measure(m, name, L=None, max_states=200):
    """``T``, ``S``, ``E`` (forward mixed states), ``H(L)`` or the gain ``G(L)`` of ``m`` by the old route, per region."""
    from symcm.causal.ergodic import measure_of
    from symcm.causal.states import epsilon_machine
    from symcm.causal.transient_chain import _dot, _Transients, _transients

    def one(mach):
        t = _transients(mach, max_states)
        t = _Transients(t.q, t.g, t.hb, t.rate, t.order, t.first, t.params)  # fresh: nothing cached
        if name == "H":
            return transient_block(t, L)
        if name == "G":
            return transient_gain(t, mach, L)
        x, y = transient_resolvent(t)
        return _dot(*{"T": (y, t.g), "S": (x, t.hb), "E": (x, t.g)}[name])

    return measure_of(epsilon_machine(m, max_states=max_states), one, name)
