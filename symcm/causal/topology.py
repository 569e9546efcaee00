r"""Topological measures of a process: the entropy and the size of its support language.

The **support language** of a stationary process is the set of words of
positive probability.  Its growth and its minimal deterministic presentation
give the two *topological* measures of computational mechanics, which see
only which words occur, never how often [Crutchfield & Young 1989].

* **Topological entropy** ``h_top = lim_L log2 N(L) / L``, with ``N(L)`` the
  number of words of length ``L`` of positive probability.  If ``G`` is a
  right-resolving (deterministic) presentation of the language with adjacency
  count matrix ``A`` (``A[s, t]`` = the number of symbols on edges
  ``s -> t``), then ``h_top = log2 lambda(A)``, ``lambda`` the spectral radius
  of ``A`` [Lind & Marcus 1995, Thm 4.3.3].  The recurrent
  epsilon-machine restricted to its edges of positive probability is such a
  presentation: from the stationary distribution (positive on every
  recurrent causal state) a word has positive probability exactly when it
  labels a path.  For an irreducible ``A``, ``lambda`` is its Perron root:
  a real algebraic integer ``>= 1``, the largest real root of the
  characteristic polynomial.  symcm writes it in radicals when it is
  rational or quadratic (``(1 + sqrt(5))/2`` for the golden mean) and as a
  ``sympy.CRootOf`` (an exact algebraic number, evaluable to any precision)
  otherwise; ``h_top = log(lambda) / log(2)`` bits, the ``log2`` form of
  :func:`symcm.H`, rational when ``lambda = c**(1/k)`` with ``c`` a power of 2
  (``2/3`` for the RRXOR process).
* **Topological complexity** ``C_0 = log2 |V|``, ``V`` the states of the
  *topological epsilon-machine*: the minimal right-resolving presentation of
  the support language (its Fischer cover).  It is the epsilon-machine's
  support graph with states of equal *follower sets* merged (Moore's
  refinement on the labelled graph, probabilities ignored), which is
  follower-separated and so minimal [Lind & Marcus 1995, Sec. 3.3].  It may have fewer states than the
  epsilon-machine: the generic binary Markov chain has two causal states but
  its support is the full shift, ``C_0 = 0``, while ``C_mu > 0``.  The
  topological state is a function of the causal state, so
  ``C_0 <= log2 |S+|`` and the topological Markov order (the subset
  construction of :func:`symcm.markov_order` run on the topological machine)
  is at most the Markov order of the process.

**Where edges vanish.**  The support changes exactly where edge
probabilities vanish.  :func:`~symcm.causal.states.epsilon_machine` already
splits the domain where an edge of the model vanishes (and where causal
states merge), and inside each of its regions every edge of the region's
machine is positive: with positive model edges the stationary distribution
and the reachable beliefs are, entry by entry, either identically zero or
positive, so each belief's emission probability is too.  Both measures are
therefore computed region by region with
:func:`~symcm.causal.ergodic.measure_of` (a ``Piecewise`` where they change,
per recurrent class where vanishing edges split the chain).

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

import sympy as sp

from .. import checks
from ..algebra.backends import backend_name
from ..models.hmm import HMM, as_model
from .ergodic import measure_of
from .states import MAX_MIXED_STATES, epsilon_machine

__all__ = ["topological_entropy", "topological_complexity", "support_graph"]


def support_graph(machine: HMM) -> tuple[tuple, dict]:
    """The topological epsilon-machine of a recurrent unifilar machine: ``(states, delta)``.

    ``delta[(state, symbol)]`` is the successor; states of equal follower
    sets are merged (Moore's refinement of the labelled graph, starting from
    the sets of emitted symbols) and named after the first member of their
    block in ``machine.states`` order.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> support_graph(sc.processes.binary_markov(p, q))[0]      # the full shift
    ('A',)
    >>> support_graph(sc.processes.even(p))[0]
    ('A', 'B')
    """
    delta = {(e.source, e.symbol): e.target for e in machine.edges}
    out = {s: sorted(x for (t, x) in delta if t == s) for s in machine.states}
    block = {s: tuple(out[s]) for s in machine.states}  # follower sets agree on the first symbol
    count = len(set(block.values()))
    while True:
        keys = {s: (block[s], tuple(block[delta[(s, x)]] for x in out[s])) for s in machine.states}
        ids = {}
        new = {s: ids.setdefault(keys[s], len(ids)) for s in machine.states}
        block = new
        if len(ids) == count:
            break
        count = len(ids)
    first = {}
    for s in machine.states:
        first.setdefault(new[s], s)
    states = tuple(first.values())
    reduced = {(first[new[s]], x): first[new[t]] for (s, x), t in delta.items() if first[new[s]] == s}
    return states, reduced


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


def _entropy_of_machine(machine: HMM, backend: str | None = None) -> sp.Expr:
    states, delta = support_graph(machine)
    root = _perron_root(_count_matrix(states, delta), backend)
    if isinstance(root, sp.CRootOf):
        coeffs = root.poly.all_coeffs()
        if all(c == 0 for c in coeffs[1:-1]) and coeffs[0] == 1:  # x**k - c: lambda = c**(1/k)
            return _log2(-coeffs[-1]) / (len(coeffs) - 1)
    elif root.is_Pow and root.base.is_Integer and root.exp.is_Rational:  # sqrt(c)
        return _log2(root.base) * root.exp
    return _log2(root)


def _complexity_of_machine(machine: HMM) -> sp.Expr:
    return _log2(sp.Integer(len(support_graph(machine)[0])))


def topological_entropy(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r"""The topological entropy ``h_top = log2 lambda`` of the process's support language, exactly.

    .. math::

        h_{top} = \lim_{L \to \infty} \frac{\log_2 N(L)}{L} = \log_2 \lambda(A),

    with ``N(L)`` the number of words of length ``L`` of positive
    probability and ``A`` the adjacency count matrix of the topological
    epsilon-machine, a right-resolving presentation of the language
    [Lind & Marcus 1995, Thm 4.3.3].  ``lambda(A)``, the Perron root, is
    the largest real root of ``det(x I - A)``: in radicals up to degree 2,
    else a ``CRootOf``.  ``h_top >= h_mu``, with equality for the measure of
    maximal entropy.

    Parameters
    ----------
    m : HMM
        Any presentation with one recurrent class (generically).
    max_states : int
        Cap on mixed states for a non-unifilar ``m``.

    Returns
    -------
    sympy.Expr or Cases
        ``log(lambda)/log(2)`` (an integer when ``lambda`` is a power of 2), a
        ``Piecewise`` where the support changes across the domain, a
        :class:`~symcm.Cases` holding an :class:`~symcm.ErgodicDecomposition`
        where vanishing edges split the chain.

    Raises
    ------
    InfiniteStatesError, NotErgodicError, UndecidableError
        As :func:`symcm.epsilon_machine`.

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
    """
    as_model(m, "topological_entropy")
    max_states = checks.cap(max_states, "max_states", where="topological_entropy")
    return measure_of(epsilon_machine(m, max_states=max_states), _entropy_of_machine, "topological entropy")


def topological_complexity(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r"""The topological complexity ``C_0 = log2 |V|`` of the topological epsilon-machine.

    .. math::

        C_0 = \log_2 |V|,

    ``V`` the states of the minimal right-resolving presentation of the
    support language (the epsilon-machine's support graph with states of
    equal follower sets merged) [Crutchfield & Young 1989; Lind & Marcus
    1995, Sec. 3.3].  ``C_0 <= log2 |S+|``; unlike ``C_mu`` it ignores the
    probabilities (generic binary Markov chain: ``C_0 = 0 < C_mu``).

    Parameters
    ----------
    m : HMM
        Any presentation with one recurrent class (generically).
    max_states : int
        Cap on mixed states for a non-unifilar ``m``.

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
    """
    as_model(m, "topological_complexity")
    max_states = checks.cap(max_states, "max_states", where="topological_complexity")
    return measure_of(epsilon_machine(m, max_states=max_states), _complexity_of_machine, "topological complexity")
