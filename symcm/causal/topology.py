r"""Topological measures of a process: the entropy and the size of its support language.

The **support language** :math:`\mathcal{L}` of a stationary process is the set of words
of positive probability.  Its growth and its minimal deterministic
presentation give the two *topological* measures of computational
mechanics, which see only which words occur, never how often [Crutchfield
& Young 1989].

**The language from any presentation.**  For a model with one recurrent
class :math:`R` the stationary distribution is positive exactly on :math:`R`, so a
word occurs iff it labels a path of the support graph of :math:`R` (the edges
of positive probability).  If that graph is right-resolving (the model is
unifilar on :math:`R`) it presents :math:`\mathcal{L}` directly.  Otherwise the subset
construction from the set :math:`R` (:math:`\delta(Q, x) = \{t : s \xrightarrow{x} t, \ s \in Q\}`,
nonempty images only) is a deterministic automaton :math:`D` whose paths from
:math:`R` are in bijection with the words of :math:`\mathcal{L}`.  Merging states of :math:`D`
with equal *follower sets* (Moore's refinement of the labelled graph,
probabilities ignored [Moore 1956]) gives the follower-set graph; its
unique terminal strongly connected component is the **topological
epsilon-machine**, the minimal right-resolving (Fischer) presentation of the
irreducible sofic shift of :math:`\mathcal{L}` [Lind & Marcus 1995, Sec. 3.3, Thm 3.3.18]
(every terminal component meets the follower sets of synchronizing words,
which form one closed irreducible component).  No probability is
evaluated, so this needs neither the epsilon-machine nor a finite set of
causal states: the simple nonunifilar source has infinitely many causal
states and a two-state topological machine.

* **Topological entropy** :math:`h_{\mathrm{top}} = \lim_{L \to \infty} \log_2 N(L) / L`, with
  :math:`N(L) = |\mathcal{L} \cap \mathcal{A}^L|`.  For an irreducible right-resolving presentation with
  adjacency count matrix :math:`A` (:math:`A_{st}` = the number of symbols on edges
  :math:`s \to t`), :math:`h_{\mathrm{top}} = \log_2 \lambda(A)`, :math:`\lambda` the Perron root
  [Lind & Marcus 1995, Thm 4.3.3]: a real algebraic integer :math:`\ge 1`, the
  largest real root of :math:`\det(x I - A)`.  symcm writes it in radicals when
  it is rational or quadratic (:math:`(1 + \sqrt{5})/2` for the golden mean) and
  as a ``sympy.CRootOf`` (an exact algebraic number, evaluable to any
  precision) otherwise; :math:`h_{\mathrm{top}} = \log \lambda / \log 2` bits, the ``log2``
  form of :func:`symcm.H`, rational when :math:`\lambda = c^{1/k}` with :math:`c` a
  power of 2 (``2/3`` for the RRXOR process).
* **Topological complexity** :math:`C_0 = \log_2 |V|`, :math:`V` the states of the
  topological epsilon-machine.  It may have fewer states than the
  epsilon-machine: the generic binary Markov chain has two causal states
  but its support is the full shift, :math:`C_0 = 0`, while :math:`C_\mu > 0`.  The
  topological state is a function of the causal state, so
  :math:`C_0 \le \log_2 |\mathcal{S}^+|` and the topological Markov order (the subset
  construction of :func:`symcm.markov_order` run on the topological machine)
  is at most the Markov order of the process.

**Where edges vanish.**  The support changes exactly where edge
probabilities vanish.  symcm splits the domain on the components of the
zero sets of the vanishing edges (:attr:`HMM.vanishing_edges
<symcm.models.hmm.HMM.vanishing_edges>`), followed recursively into their
intersections, as :func:`~symcm.causal.states.epsilon_machine` does; off
them every edge is positive.  The answer is a ``Piecewise`` where it
changes, and, where vanishing edges split the chain into several recurrent
classes, a :class:`~symcm.Cases` holding an
:class:`~symcm.ErgodicDecomposition` (one value per ergodic component).

References
----------
.. [1] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Phys. Rev. Lett. 63, 105-108 (1989).
.. [2] D. Lind and B. Marcus, *An Introduction to Symbolic Dynamics and
   Coding*, Cambridge University Press (1995), Sec. 3.3 and 4.3.
.. [3] E. F. Moore, "Gedanken-experiments on sequential machines", Automata
   Studies, Princeton, 129-153 (1956).
"""

from __future__ import annotations

import networkx as nx
import sympy as sp

from .. import checks
from ..algebra.backends import backend_name
from ..algebra.cases import Cases
from ..errors import NotErgodicError, TooLargeError
from ..models.hmm import HMM, as_model
from ..models.structure import recurrent_classes
from .ergodic import ErgodicDecomposition, _prune, _vanishing_components, class_model, measure_of

__all__ = ["topological_entropy", "topological_complexity", "topological_machine", "MAX_SUBSETS"]

#: Default cap on the states of the subset construction (``max_states``).
MAX_SUBSETS = 4096


def _deterministic(m: HMM, cls: tuple, max_states: int, where: str) -> tuple[list, dict, object]:
    """``(nodes, delta, start)``: a deterministic automaton whose paths from ``start`` spell the language."""
    succ: dict = {}
    keep = set(cls)
    for e in m.edges:
        if e.source in keep:
            succ.setdefault((e.source, e.symbol), []).append(e.target)
    if all(len(t) == 1 for t in succ.values()):  # unifilar on the class: irreducible, right-resolving
        return list(cls), {k: t[0] for k, t in succ.items()}, cls[0]
    order = {s: i for i, s in enumerate(m.states)}
    start = frozenset(cls)
    nodes, delta, queue = [start], {}, [start]
    seen = {start}
    while queue:
        node = queue.pop(0)
        for x in m.alphabet:
            image = frozenset(t for s in sorted(node, key=order.get) for t in succ.get((s, x), ()))
            if not image:
                continue
            delta[(node, x)] = image
            if image not in seen:
                if len(nodes) >= max_states:
                    raise TooLargeError(
                        f"{where}: the subset construction on the support of {m.name or 'the model'} passed "
                        f"max_states={max_states} sets of states; pass a larger max_states"
                    )
                seen.add(image)
                nodes.append(image)
                queue.append(image)
    return nodes, delta, start


def _follower_blocks(nodes: list, delta: dict) -> dict:
    """``node -> block id``: Moore's refinement by follower sets (all states accepting, partial moves)."""
    out = {s: sorted(x for (t, x) in delta if t == s) for s in nodes}
    block = {s: tuple(out[s]) for s in nodes}  # equal follower sets agree on the first symbol
    count = len(set(block.values()))
    while True:
        keys = {s: (block[s], tuple(block[delta[(s, x)]] for x in out[s])) for s in nodes}
        ids: dict = {}
        block = {s: ids.setdefault(keys[s], len(ids)) for s in nodes}
        if len(ids) == count:
            return block
        count = len(ids)


def _fischer(m: HMM, cls: tuple, max_states: int, where: str) -> tuple[tuple, dict]:
    """The topological epsilon-machine of the class ``cls``: ``(states, delta)``, states named by a member."""
    nodes, delta, _ = _deterministic(m, cls, max_states, where)
    block = _follower_blocks(nodes, delta)
    first: dict = {}
    for s in nodes:
        first.setdefault(block[s], s)
    g = nx.DiGraph()
    g.add_nodes_from(first)
    g.add_edges_from((block[s], block[t]) for (s, _x), t in delta.items())
    cond = nx.condensation(g)
    (sink,) = [c for c in cond.nodes if cond.out_degree(c) == 0]  # unique for an irreducible sofic shift
    members = sorted(cond.nodes[sink]["members"])
    keep = set(members)
    states = tuple(first[b] for b in members)
    reduced = {(first[block[s]], x): first[block[t]]
               for (s, x), t in delta.items() if first[block[s]] == s and block[s] in keep}
    return states, reduced


def topological_machine(m: HMM, *, max_states: int = MAX_SUBSETS) -> tuple[tuple, dict]:
    """The topological epsilon-machine at the generic point: ``(states, delta)``.

    ``delta[(state, symbol)]`` is the successor.  For a model unifilar on
    its recurrent class the states are named after the first member of
    their follower-set class; otherwise they are frozensets of the model's
    states (the beliefs' supports).  The region-by-region answers are
    :func:`topological_entropy` and :func:`topological_complexity`.

    Raises
    ------
    NotErgodicError
        Several recurrent classes.
    TooLargeError
        The subset construction passed ``max_states``.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> topological_machine(sc.processes.binary_markov(p, q))      # the full shift
    (('A',), {('A', '0'): 'A', ('A', '1'): 'A'})
    >>> len(topological_machine(sc.processes.sns())[0])              # infinitely many causal states
    2
    """
    as_model(m, "topological_machine")
    max_states = checks.cap(max_states, "max_states", where="topological_machine")
    classes = recurrent_classes(m)
    if len(classes) > 1:
        raise NotErgodicError(
            f"topological_machine: {m.name or 'the model'} has {len(classes)} recurrent classes {classes}; "
            "analyse each class separately"
        )
    return _fischer(m, classes[0], max_states, "topological_machine")


def _count_matrix(states: tuple, delta: dict) -> list[list[int]]:
    index = {s: i for i, s in enumerate(states)}
    a = [[0] * len(states) for _ in states]
    for (s, _x), t in delta.items():
        a[index[s]][index[t]] += 1
    return a


def _charpoly(a: list[list[int]], backend: str | None = None) -> sp.Poly:
    """The characteristic polynomial ``det(x I - A)`` of an integer matrix, in ``x``."""
    x = sp.Symbol("x")
    if (backend or backend_name()) == "flint":
        import flint

        coeffs = [int(c) for c in flint.fmpz_mat(a).charpoly().coeffs()]  # lowest degree first
        return sp.Poly(list(reversed(coeffs)), x, domain=sp.ZZ)
    return sp.Matrix(a).charpoly(x)


def _perron_root(a: list[list[int]], backend: str | None = None) -> sp.Expr:
    """The spectral radius of a nonnegative integer matrix with a positive entry in every row, exactly.

    It is the largest real root of the characteristic polynomial (Perron-Frobenius);
    in radicals for factors of degree at most 2, else a ``CRootOf``.
    """
    best, best_factor = None, None
    for factor, _mult in _charpoly(a, backend).factor_list()[1]:
        count = factor.count_roots()  # real roots
        if not count:
            continue
        root = sp.CRootOf(factor, count - 1)  # real roots come first, in increasing order
        if best is None or bool(root > best):  # exact comparison of real algebraic numbers
            best, best_factor = root, factor
    if best_factor.degree() == 2:
        best = max(sp.roots(best_factor, filter="R"), key=lambda r: sp.N(r, 50))
    return best


def _log2(value: sp.Expr) -> sp.Expr:
    """``log2(value)`` in symcm's form: an integer for powers of 2, else ``log(value)/log(2)``."""
    if value.is_Integer and value > 0 and (int(value) & (int(value) - 1)) == 0:
        return sp.Integer(int(value).bit_length() - 1)
    return sp.log(value) / sp.log(2)


def _entropy_of(states: tuple, delta: dict, backend: str | None = None) -> sp.Expr:
    """``log2`` of the Perron root of a right-resolving presentation, in symcm's exact form."""
    root = _perron_root(_count_matrix(states, delta), backend)
    if isinstance(root, sp.CRootOf):
        coeffs = root.poly.all_coeffs()
        if all(c == 0 for c in coeffs[1:-1]) and coeffs[0] == 1:  # x**k - c: lambda = c**(1/k)
            return _log2(-coeffs[-1]) / (len(coeffs) - 1)
    elif root.is_Pow and root.base.is_Integer and root.exp.is_Rational:  # sqrt(c)
        return _log2(root.base) * root.exp
    return _log2(root)


def _support_strata(m: HMM) -> list[tuple]:
    """``[(condition, model_here), ...]``: regions of constant support, disjoint, covering, generic last.

    On each region every edge of ``model_here`` (``m`` with the region's
    equations substituted) is positive; the regions are the components of
    the zero sets of the vanishing edges, followed recursively.
    """
    if not m.vanishing_edges:
        return [(sp.true, m)]
    out, excluded = [], []
    for comp in _vanishing_components(m):
        sub = m.subs(comp.substitution, domain=comp.domain)
        for cond, here in _support_strata(sub):
            full = _prune(sp.And(comp.condition, cond, *(sp.Not(e) for e in excluded)))
            if full is not sp.false:
                out.append((full, here))
        excluded.append(comp.condition)
    out.append((sp.And(*(sp.Not(e) for e in excluded)), m))
    return out


def _by_support(m: HMM, value, quantity: str, max_states: int, where: str):
    """``value(states, delta)`` of the topological machine, region by region (see the module notes)."""
    classes = recurrent_classes(m)
    if len(classes) > 1:
        raise NotErgodicError(
            f"{where}: the chain of {m.name or 'the model'} has {len(classes)} recurrent classes {classes} on "
            "the whole domain; its process is a mixture of several processes: analyse each class separately"
        )

    def one(model: HMM, cls: tuple):
        return value(*_fischer(model, cls, max_states, where))

    pairs = []
    for cond, here in _support_strata(m):
        cls_here = recurrent_classes(here)
        if len(cls_here) == 1:
            pairs.append((cond, one(here, cls_here[0])))
        else:
            pairs.append((cond, ErgodicDecomposition(quantity, here, cls_here,
                                                     [one(class_model(here, c), c) for c in cls_here])))
    if len(pairs) == 1:
        return pairs[0][1]
    return measure_of(Cases(pairs), lambda v: v, quantity)


def topological_entropy(m: HMM, *, max_states: int = MAX_SUBSETS):
    r"""The topological entropy :math:`h_{\mathrm{top}} = \log_2 \lambda` of the process's support language, exactly.

    .. math::

        h_{\mathrm{top}} = \lim_{L \to \infty} \frac{\log_2 N(L)}{L} = \log_2 \lambda(A),

    with :math:`N(L)` the number of words of length :math:`L` of positive
    probability and :math:`A` the adjacency count matrix of the topological
    epsilon-machine, a right-resolving presentation of the language
    [Lind & Marcus 1995, Thm 4.3.3].  :math:`\lambda(A)`, the Perron root, is
    the largest real root of :math:`\det(x I - A)`: in radicals up to degree 2,
    else a ``CRootOf``.  :math:`h_{\mathrm{top}} \ge h_\mu`, with equality for the measure of
    maximal entropy.

    Parameters
    ----------
    m : HMM
        Any presentation (unifilar or not) with one recurrent class.
    max_states : int
        Cap on the sets of states of the subset construction (a model that
        is not unifilar on its recurrent class); default 4096.

    Returns
    -------
    sympy.Expr or Cases
        ``log(lambda)/log(2)`` (an integer when :math:`\lambda` is a power of 2), a
        ``Piecewise`` where the support changes across the domain, a
        :class:`~symcm.Cases` holding an :class:`~symcm.ErgodicDecomposition`
        where vanishing edges split the chain.

    Raises
    ------
    NotErgodicError
        Several recurrent classes on the whole domain.
    TooLargeError
        The subset construction passed ``max_states``.
    UndecidableError
        A region where edges vanish could not be followed exactly.

    Notes
    -----
    sympy evaluates a ``CRootOf`` by refining its isolating interval, which
    is slow for a high-degree root very close to a rational (``evalf`` of the
    Perron root of ``x**21 - x**20 - ... - 1``, about ``2 - 5e-7``, takes
    about 20 s); ``mpmath.polyroots`` on ``root.poly.all_coeffs()`` is fast.

    References
    ----------
    Crutchfield & Young, Phys. Rev. Lett. 63, 105 (1989); Lind & Marcus,
    *An Introduction to Symbolic Dynamics and Coding* (1995), Thm 4.3.3.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.topological_entropy(sc.processes.golden_mean(p))
    log(1/2 + sqrt(5)/2)/log(2)
    >>> sc.topological_entropy(sc.processes.binary_markov(p, q)), sc.topological_entropy(sc.processes.period(3))
    (1, 0)
    >>> sc.topological_entropy(sc.processes.rip(p, q))
    log(CRootOf(x**3 - x - 2, 0))/log(2)
    """
    as_model(m, "topological_entropy")
    max_states = checks.cap(max_states, "max_states", where="topological_entropy")
    return _by_support(m, _entropy_of, "topological entropy", max_states, "topological_entropy")


def topological_complexity(m: HMM, *, max_states: int = MAX_SUBSETS):
    r"""The topological complexity :math:`C_0 = \log_2 |V|` of the topological epsilon-machine.

    .. math::

        C_0 = \log_2 |V|,

    :math:`V` the states of the minimal right-resolving presentation of the
    support language: the support graph of a unifilar presentation with
    states of equal follower sets merged, or the terminal component of the
    merged subset construction (see the module notes) [Crutchfield & Young
    1989; Lind & Marcus 1995, Sec. 3.3].  :math:`C_0 \le \log_2 |\mathcal{S}^+|`; unlike :math:`C_\mu` it ignores the
    probabilities (generic binary Markov chain: :math:`C_0 = 0 < C_\mu`).

    Parameters
    ----------
    m : HMM
        Any presentation (unifilar or not) with one recurrent class.
    max_states : int
        Cap on the sets of states of the subset construction (a model that
        is not unifilar on its recurrent class); default 4096.

    Returns
    -------
    sympy.Expr or Cases
        An integer for a power of 2 states, else ``log(n)/log(2)``;
        ``Piecewise`` / :class:`~symcm.Cases` as for :func:`topological_entropy`.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.topological_complexity(sc.processes.even(p)), sc.topological_complexity(sc.processes.binary_markov(p, q))
    (1, 0)
    >>> sc.topological_complexity(sc.processes.period(3))
    log(3)/log(2)
    >>> sc.topological_complexity(sc.processes.sns())      # infinitely many causal states
    1

    Raises
    ------
    NotErgodicError, TooLargeError, UndecidableError
        As :func:`topological_entropy`.
    """
    as_model(m, "topological_complexity")
    max_states = checks.cap(max_states, "max_states", where="topological_complexity")
    return _by_support(m, lambda states, _delta: _log2(sp.Integer(len(states))), "topological complexity",
                       max_states, "topological_complexity")
