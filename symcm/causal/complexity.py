r"""Measures defined on causal states: C_mu, E, chi, Markov and cryptic orders.

Let :math:`S^+` be the forward causal state (the epsilon-machine's state) and
:math:`S^-` the reverse causal state of a stationary process :math:`\ldots X_{-1} X_0 X_1 \ldots`.

* **Statistical complexity** :math:`C_\mu = H[S^+]`: the state entropy of the
  epsilon-machine [Crutchfield & Young 1989].
* **Excess entropy** :math:`\mathbf{E} = I[X_{:0} ; X_{0:}]`, the information the past
  shares with the future.  Since :math:`S^+` is a sufficient statistic of the
  past, :math:`\mathbf{E} = I[S^+ ; X_{0:}] = H[S^+] - H[S^+ \mid X_{0:}]`, and :math:`S^-` is a
  sufficient statistic of the future, so :math:`\mathbf{E} = I[S^+ ; S^-]` [Crutchfield,
  Ellison & Mahoney 2009].  symcm obtains the distribution of
  :math:`\Pr(S^+ \mid X_{0:})` as the recurrent mixed states of the *time-reversed*
  epsilon-machine (their beliefs are distributions over forward causal
  states), so :math:`\mathbf{E} = C_\mu - \sum_\eta \pi(\eta) H[\eta]`, exactly.  When the
  reverse machine is unifilar, :math:`S^-` is a function of :math:`S^+` and
  :math:`\mathbf{E} = H[S^-]`, the :math:`C_\mu` of the reverse process.  When the machine has
  finite Markov order :math:`R` (below), :math:`H[X_L \mid X_{0:L}] = h_\mu` for every
  :math:`L \ge R` (the last :math:`R` symbols determine the state), so the sum
  :math:`\mathbf{E} = \sum_{L \ge 1} (H(L) - H(L-1) - h_\mu)` stops at :math:`R`:
  :math:`\mathbf{E} = H(R) - R\, h_\mu` [Crutchfield & Feldman 2003], which needs only the
  words of length :math:`R` (:math:`2^R` for the binary order-:math:`R` chain, against
  :math:`2^{R+1} - 1` reverse beliefs of :math:`2^R` entries each).  symcm takes
  this route when the reverse machine is not unifilar and there are at most
  ``max(MAX_WORDS, 4 * states)`` such words; the same value, a shorter form.
* **Crypticity** :math:`\chi = C_\mu - \mathbf{E} = H[S^+ \mid S^-]`: the part of the stored
  information that the future does not reveal [Mahoney, Ellison & Crutchfield
  2009].
* **Markov order** :math:`R`: the least :math:`L` with :math:`H[S^+_0 \mid X_{-L:0}] = 0`,
  i.e. the last :math:`L` symbols always determine the causal state.  Computed by
  the subset construction on the epsilon-machine: with :math:`F_0 = \{\text{all states}\}`
  and :math:`F_L` the nonempty sets :math:`\delta(F_0, u)` over words of
  length :math:`L`, :math:`R` is the least :math:`L` at which every set in :math:`F_L` is a
  singleton, and :math:`\infty` if the families cycle before that.
* **Cryptic order** :math:`k`: the least :math:`L` with :math:`H[S^+_L \mid X_{0:}] = 0`
  [Mahoney, Ellison & Crutchfield 2009].  Decided on the epsilon-machine
  alone: the least :math:`L` at which no set of :math:`F_L` contains two states that
  some common word merges (the pair-graph criterion, proved in
  :mod:`symcm.causal.cryptic`); :math:`k \le R`.  At a finite :math:`k`,
  :math:`\chi = H[S_0 \mid X_{0:k}, S_k]` and :math:`\mathbf{E} = H[X_{0:k}, S_k] - k h_\mu`
  [Mahoney, Ellison, James & Crutchfield 2011], the route of E after the
  Markov order; then the reverse mixed states (the literature's route, whose
  forms are the familiar ones), then the forward mixed states
  (:math:`\mathbf{E} = \langle \delta_\pi | (I - Q)^{-1} | g \rangle`, :mod:`symcm.causal.transients`).
  With none of these finite a numeric model gets a certified enclosure of E
  (:func:`~symcm.causal.cryptic.excess_entropy_bounds`), a symbolic one an
  :class:`~symcm.errors.InfiniteStatesError` naming what is infinite.

When a measure changes across the domain the answer is a ``Piecewise``.

References
----------
.. [1] J. P. Crutchfield and K. Young, Phys. Rev. Lett. 63, 105 (1989).
.. [2] J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed
   arrow: irreversibility, crypticity, and stored information", Phys. Rev.
   Lett. 103, 094101 (2009).
.. [3] J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information
   accessibility and cryptic processes", J. Phys. A 42, 362002 (2009).
.. [4] R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a bit:
   information in a time series observation", Chaos 21, 037109 (2011).
.. [5] J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness
   observed: levels of entropy convergence", Chaos 13, 25-54 (2003).
"""

from __future__ import annotations

import sympy as sp

from ..models.hmm import as_model
from ..errors import InfiniteStatesError
from .. import checks
from ..algebra.cases import piecewise
from .ergodic import measure_of
from .states import (
    MAX_MIXED_STATES,
    _partition,
    _recurrent_mixed_states,
    epsilon_machine,
    recurrent_part,
    strata,
)
from ..algebra.entropy import entropy_of
from ..models.hmm import HMM
from ..models.structure import is_unifilar
from .measures import state_entropy
from .stationary import stationary_distribution

#: Words of length R the finite-Markov-order route of E enumerates at least before giving up.
MAX_WORDS = 4096

__all__ = [
    "reverse",
    "statistical_complexity",
    "excess_entropy",
    "crypticity",
    "markov_order",
    "cryptic_order",
    "reverse_mixed_states",
]


def reverse(m: HMM) -> HMM:
    r"""A presentation of the time-reversed process.

    On the recurrent states, :math:`t \to s` on :math:`x` with probability
    :math:`\pi_s T^{(x)}_{st} / \pi_t` (Bayes' rule for the stationary chain run
    backwards); transient states are dropped.  The result is usually not
    unifilar; ``epsilon_machine(reverse(m))`` is the reverse epsilon-machine.
    Where vanishing edges split the chain (see
    :func:`~symcm.causal.stationary.stationary_distribution`), a
    :class:`~symcm.algebra.cases.Cases` with an
    :class:`~symcm.causal.ergodic.ErgodicDecomposition` (the reverse of each
    recurrent class) on each such stratum.

    Examples
    --------
    >>> import symcm as sc
    >>> r = sc.reverse(sc.processes.golden_mean(sc.symbols("p")))
    >>> [str(e) for e in r.edges]
    ["'A' -> 'A' on '1' (1 - p)", "'A' -> 'B' on '1' (p)", "'B' -> 'A' on '0' (1)"]
    """
    as_model(m, "reverse")
    from .ergodic import by_strata

    rec = recurrent_part(m)

    def generic(model):
        name = f"reverse of {m.name}" if m.name else None
        edges, canonical = _reversed_edges(model)
        if model.vanishing_edges:  # rebuilt in full, so the reversed edges' vanishing conditions are recorded
            return HMM._build(edges, states=model.states, alphabet=model.alphabet, domain=dict(model.domain),
                              name=name)
        return HMM._derived(edges, states=model.states, alphabet=model.alphabet, domain=dict(model.domain),
                            name=name, canonical=canonical)

    return by_strata(rec, generic, lambda cm, here: reverse(cm), "reverse")


def _reversed_edges(model: HMM) -> tuple[list, list | None]:
    """The reversed edges ``t -> s on x``, probability ``pi_s T^(x)[s, t] / pi_t``, and their canonical forms.

    Computed in the ring of :func:`~symcm.causal.stationary.stationary_weights`
    (``pi = w / W``): the probability is ``w_s n / (w_t d)`` for the edge
    probability ``n / d``, cancelled by a ring gcd
    (:func:`symcm.algebra.rational._canonical_of_ring`), so no quotient of
    large polynomials is cancelled by sympy.  A model without parameters
    returns no canonical forms (its probabilities are rationals, cheap either way).
    """
    from ..algebra.rational import _canonical_of_ring, _ring_lowest_terms
    from ..algebra.ring import rational_to_backend
    from .stationary import stationary_weights

    ring, weights, _ = stationary_weights(model, generic=True)
    pairs = []
    converted: dict = {}
    for e, pn, pd in model.edge_polynomials():
        n_d = converted.get((pn, pd))
        if n_d is None:
            n_d = converted[(pn, pd)] = rational_to_backend(pn, pd, ring)
        num, den = weights[e.source] * n_d[0], weights[e.target] * n_d[1]
        pairs.append((e, *(_ring_lowest_terms(ring, num, den) if num else (num, den))))
    if not model.parameters:
        edges = [(e.target, e.source, e.symbol, ring.to_expr(num) / ring.to_expr(den)) for e, num, den in pairs]
        return edges, None
    used: set = set()
    for _, num, den in pairs:
        used |= ring.used(num) | ring.used(den)
    gens = tuple(g for i, g in enumerate(ring.gens) if i in used)
    canonical = [_canonical_of_ring(ring, num, den, gens, reduced=True) for _, num, den in pairs]
    edges = [(e.target, e.source, e.symbol, c[0]) for (e, _, _), c in zip(pairs, canonical)]
    return edges, canonical


def reverse_mixed_states(machine: HMM, *, max_states: int = MAX_MIXED_STATES) -> list[tuple]:
    r"""Recurrent beliefs :math:`\Pr(S^+ \mid \text{future})` with their stationary probabilities.

    Built as the recurrent part of the mixed-state presentation of
    ``reverse(machine)``; it exists when the reverse beliefs synchronise in
    finite time.

    Parameters
    ----------
    machine : HMM
        A unifilar presentation (normally the epsilon-machine).

    Returns
    -------
    list of (probability, belief dict)

    Raises
    ------
    InfiniteStatesError
        When the reverse mixed states do not close.
    """
    rec, beliefs = _recurrent_mixed_states(reverse(machine), max_states=max_states)
    pi = stationary_distribution(rec)
    return [(pi[s], beliefs[s]) for s in rec.states]


def _reverse_strata(machine: HMM, max_states: int):
    """``[(condition, reverse-class supports, machine on that region, reversed model)]``.

    If ``reverse(machine)`` is unifilar, the reverse causal state ``S-`` is the
    class of ``S+`` under the reverse equivalence, a function of ``S+``; the
    classes depend on the region (computed per stratum of the reverse model).
    Otherwise the supports of the recurrent reverse mixed states.
    """
    rev = reverse(machine)
    if not is_unifilar(rev):
        supports = [frozenset(s for s, w in b.items() if w != 0)
                    for _, b in reverse_mixed_states(machine, max_states=max_states)]
        return [(sp.true, supports, machine, None)]
    out = []
    for cond, subst, dom in strata(rev, max_states=max_states):
        rev_here = rev.subs(subst, domain=dom) if subst else rev
        mach_here = machine.subs(subst, domain=dom) if subst else machine
        out.append((cond, [frozenset(b) for b in _partition(rev_here)], mach_here, rev_here))
    return out


def _excess(machine: HMM, max_states: int, *, markov: bool = True, where: str = "excess_entropy"):
    """``E`` of one machine, by the first exact route that applies (module docstring).

    Reverse machine unifilar; finite Markov order (``markov``); finite cryptic
    order; reverse mixed states close; forward mixed states close; else an
    :class:`~symcm.errors.InfiniteStatesError` naming what is infinite (the
    public functions then enclose E for a numeric machine).  ``markov=False``
    takes the reverse routes only (the original route, kept as the tests' oracle).
    """
    if _reverse_is_unifilar(machine):
        # S- is a function of S+, so E = I[S+; S-] = H[S-] = C_mu of the reverse process
        return statistical_complexity(reverse(machine), max_states=max_states)
    from .cryptic import cryptic_order_of

    k = None
    if markov:
        order = _order(machine, lambda q: len(q) == 1)
        if order is not sp.oo:
            value = _excess_by_markov_order(machine, int(order))
            if value is not None:
                return value
        k = cryptic_order_of(machine)
        if k is not sp.oo:  # E = H[X_{0:k}, S_k] - k h_mu (symcm.causal.cryptic)
            value = _excess_by_markov_order(machine, int(k))
            if value is not None:
                return value
    try:  # the route of the literature (E = C_mu - chi over the reverse beliefs): its forms are the familiar ones
        return _excess_by_reverse_mixed_states(machine, max_states)
    except InfiniteStatesError as exc:
        if not markov:
            raise
        try:
            return _excess_by_forward_mixed_states(machine, max_states)
        except InfiniteStatesError:
            pass
        from .cryptic import _refusal

        raise _refusal(where, machine, max_states, k) from exc


def _excess_by_forward_mixed_states(machine: HMM, max_states: int) -> sp.Expr:
    """``E = <delta_pi| (I - Q)^-1 |g>`` over the transient forward mixed states (symcm.causal.transients)."""
    from .transients import _transients

    t = _transients(machine, max_states)
    x, _ = t.resolvent_ring()
    return t.dot(x, t.g)


def _reverse_is_unifilar(machine: HMM) -> bool:
    """``is_unifilar(reverse(machine))`` without building the reverse.

    The reverse has the edge ``t -> s on x`` for each recurrent edge
    ``s -> t on x``, with probability ``pi_s T^(x)[s, t] / pi_t``, which is
    not identically zero; so it is unifilar iff no two recurrent edges share
    their target and symbol.
    """
    seen = set()
    for e in recurrent_part(machine).edges:
        if (e.target, e.symbol) in seen:
            return False
        seen.add((e.target, e.symbol))
    return True


def _excess_by_reverse_mixed_states(machine: HMM, max_states: int) -> sp.Expr:
    """``E = C_mu - sum_eta pi(eta) H[eta]`` over the recurrent reverse mixed states (any finite case)."""
    chi = sp.Add(*(w * entropy_of(b.values()) for w, b in reverse_mixed_states(machine, max_states=max_states)))
    return state_entropy(machine) - chi


def _excess_by_markov_order(machine: HMM, order: int, backend: str | None = None,
                            max_words: int | None = None) -> sp.Expr | None:
    """``E = H(R) - R h_mu`` for a machine of finite Markov order ``R``; None past ``max_words`` words.

    ``H(R)`` is the entropy of the stationary words of length ``R`` (each
    word's probability ``pi A_w 1`` accumulated in the polynomial ring along
    the unique path from every state, then converted once); ``h_mu =
    sum_s pi_s H[X | S = s]`` is summed in the ring over the states with the
    same next-symbol entropy, so it reads ``sum_k c_k H(...)`` with one
    rational coefficient per distinct entropy.  A word's probability equal to
    the stationary probability of the state it leads to is written as that
    stationary probability (so ``H(R)`` of an order-``R`` chain whose states
    are its words is literally ``C_mu``).  The default cap on words is
    ``max(MAX_WORDS, 4 * states)``.
    """
    from ..algebra.ring import rational_to_backend
    from .measures import _generic_pi, _symbol_distribution
    from .stationary import stationary_weights

    cap = max(MAX_WORDS, 4 * len(machine.states)) if max_words is None else max_words
    ring, weights, total = stationary_weights(machine, backend, generic=True)
    centre = machine.domain.center()
    parts = [(e, *rational_to_backend(pn, pd, ring)) for e, pn, pd in machine.edge_polynomials()]
    common = ring.one
    for _, _, den in parts:
        common = ring.exquo(common * den, ring.gcd(common, den))
    step = {(e.source, e.symbol): (e.target, num * ring.exquo(common, den)) for e, num, den in parts}
    layer = [{s: w for s, w in weights.items() if w}]  # Pr(w, S_L = t) * total * common^L, one dict per word
    for _ in range(order):
        nxt = []
        for vec in layer:
            for x in machine.alphabet:
                u = {}
                for s, w in vec.items():
                    if (s, x) in step:
                        t, a = step[(s, x)]
                        u[t] = u[t] + w * a if t in u else w * a
                u = {t: v for t, v in u.items() if v}
                if u:
                    nxt.append(u)
        if len(nxt) > cap:
            return None
        layer = nxt
    scale = total * ring.power(common, order)
    pi = _generic_pi(machine)
    words = []
    for vec in layer:  # Pr(w, S_k = t): one state per word at the Markov order, several below it
        for t, v in vec.items():
            words.append(pi[t] if v == weights[t] * ring.power(common, order) else ring.fraction(v, scale, centre))
    dist = _symbol_distribution(machine)
    groups: dict = {}
    entropies: dict = {}  # the next-symbol entropy of each distinct row, built once
    for s, w in weights.items():
        if w:
            row = tuple(sorted(dist[s].items()))
            if row not in entropies:
                entropies[row] = entropy_of(dist[s].values())
            h = entropies[row]
            groups[h] = groups[h] + w if h in groups else w
    rate = sp.Add(*(ring.fraction(w, total, centre) * h for h, w in groups.items()))
    return entropy_of(words) - order * rate


def statistical_complexity(m: HMM, *, max_states: int = MAX_MIXED_STATES, digits: int = 30):
    r""":math:`C_\mu`: the state entropy of the epsilon-machine, ``Piecewise`` where the causal structure changes.

    For the simple nonunifilar source ``SNS(p, q)`` with numeric ``p, q``
    (countably many causal states) a certified
    :class:`~symcm.causal.bounds.Bounds` of width below :math:`10^{-\mathrm{digits}}`
    encloses the series :math:`-\sum_n \pi_n \log_2 \pi_n` (tail bound proved in
    :mod:`symcm.causal.countable`).

    Raises
    ------
    InfiniteStatesError
        When the mixed states do not close within ``max_states`` and no
        enclosure is derived for the model (only the SNS family has one).

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.statistical_complexity(sc.processes.binary_markov(p, q))
    Piecewise((0, Eq(p + q, 1)), (H(p/(p + q)), True))
    >>> sc.statistical_complexity(sc.processes.lohr_generator(p))
    1
    >>> b = sc.statistical_complexity(sc.processes.sns(), digits=12)     # countably many causal states
    >>> b.width < 1e-12, b.contains(2.711468724220611)
    (True, True)
    """
    as_model(m, "statistical_complexity")
    max_states = checks.cap(max_states, "max_states", where="statistical_complexity")
    digits = checks.digits(digits, where="statistical_complexity", maximum=1000, cap=None)
    try:
        machine = epsilon_machine(m, max_states=max_states)
    except InfiniteStatesError as exc:
        from .countable import sns_complexity_bounds, sns_parameters

        pq = sns_parameters(m)
        if pq is None:
            raise InfiniteStatesError(
                f"{exc}. statistical_complexity: no certified enclosure of C_mu is derived for this model "
                "(only for the simple nonunifilar source, sc.processes.sns(p, q) with numeric p, q)") from exc
        return sns_complexity_bounds(*pq, digits=digits)
    return measure_of(machine, state_entropy, "statistical complexity")


def _enclosed(m: HMM, max_states: int, digits: int, where: str, measure):
    """``measure(machine, E)`` per region; a numeric machine without an exact route gets an enclosure of E."""
    from .cryptic import _enclose_excess

    def one(mach):
        try:
            return measure(mach, _excess(mach, max_states, where=where))
        except InfiniteStatesError:
            if not mach.is_numeric:
                raise
            return measure(mach, _enclose_excess(mach, digits, 2000, 20_000))

    return one


def excess_entropy(m: HMM, *, max_states: int = MAX_MIXED_STATES, digits: int = 30):
    r""":math:`\mathbf{E} = I[\text{past}; \text{future}] = C_\mu - H[S^+ \mid S^-]`, exactly, or a certified enclosure.

    Routes, first that applies per region (module docstring and
    :mod:`symcm.causal.cryptic`): the reverse machine is unifilar
    (:math:`\mathbf{E} = H[S^-]`); finite Markov order :math:`R` (:math:`H(R) - R h_\mu`); finite
    cryptic order :math:`k` (:math:`\mathbf{E} = H[X_{0:k}, S_k] - k h_\mu`, decided on the
    pair graph of the epsilon-machine); the reverse mixed states close; the
    forward mixed states close (:math:`\langle \delta_\pi | (I - Q)^{-1} | g \rangle`).  When
    none does, a model with numeric probabilities gets a certified
    :class:`~symcm.causal.bounds.Bounds` of width below :math:`10^{-\mathrm{digits}}`
    (``digits`` from 1 to 1000; :func:`~symcm.causal.cryptic.excess_entropy_bounds`
    has the caps for more).

    Raises
    ------
    InfiniteStatesError
        With free parameters and no exact route (the message names what is
        infinite), or when the epsilon-machine itself does not close.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.excess_entropy(sc.processes.period(4))
    2
    >>> sc.excess_entropy(sc.processes.golden_mean(sc.symbols("p")))   # H(1) - h_mu
    H(1/(p + 1)) - H(p)/(p + 1)
    >>> from sympy import Rational
    >>> half = Rational(1, 2)
    >>> rn1n = sc.HMM.from_edges([("A", "B", "0", half), ("A", "C", "1", half), ("B", "A", "1", 1),
    ...                           ("C", "A", "1", Rational(1, 10)), ("C", "A", "0", Rational(9, 10))])
    >>> e = sc.excess_entropy(rn1n)      # cryptic order 1; both mixed-state presentations are infinite
    >>> e.evalf(16)
    1.379138328596584
    """
    as_model(m, "excess_entropy")
    max_states = checks.cap(max_states, "max_states", where="excess_entropy")
    digits = checks.digits(digits, where="excess_entropy", maximum=1000, cap=None)
    return measure_of(epsilon_machine(m, max_states=max_states),
                      _enclosed(m, max_states, digits, "excess_entropy", lambda mach, e: e), "excess entropy")


def crypticity(m: HMM, *, max_states: int = MAX_MIXED_STATES, digits: int = 30):
    r""":math:`\chi = C_\mu - \mathbf{E} = H[S^+ \mid S^-] = H[S_0 \mid X_{0:}]`: stored information the future does not reveal.

    The routes of :func:`excess_entropy`; at a finite cryptic order :math:`k`
    it is :math:`H[S_0 \mid X_{0:k}, S_k]` [Mahoney, Ellison, James & Crutchfield
    2011].  A numeric model without an exact route gets a certified
    :class:`~symcm.causal.bounds.Bounds` (:math:`C_\mu` minus the enclosure of :math:`\mathbf{E}`).

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> sc.crypticity(sc.processes.golden_mean(p))     # = h_mu: an order-1 Markov chain
    H(p)/(p + 1)
    >>> sc.crypticity(sc.processes.even(p))            # the future reveals the state
    0
    """
    as_model(m, "crypticity")
    max_states = checks.cap(max_states, "max_states", where="crypticity")
    digits = checks.digits(digits, where="crypticity", maximum=1000, cap=None)

    def chi(mach, e):
        if isinstance(e, sp.Basic):
            return state_entropy(mach) - e
        from .cryptic import _chi_bounds

        return _chi_bounds(mach, e, digits)

    return measure_of(epsilon_machine(m, max_states=max_states),
                      _enclosed(m, max_states, digits, "crypticity", chi), "crypticity")


# --- orders -----------------------------------------------------------------------------

def _families(machine: HMM):
    """Yield ``F_0, F_1, ...`` (frozensets of frozensets of states) until they cycle; then yield None."""
    delta = {}
    for e in machine.edges:
        delta[(e.source, e.symbol)] = e.target
    family = frozenset([frozenset(machine.states)])
    seen = set()
    while family not in seen:
        seen.add(family)
        yield family
        nxt = set()
        for q in family:
            for x in machine.alphabet:
                image = frozenset(delta[(s, x)] for s in q if (s, x) in delta)
                if image:
                    nxt.add(image)
        family = frozenset(nxt)
    yield None


def _order(machine: HMM, ok) -> int | sp.Expr:
    for length, family in enumerate(_families(machine)):
        if family is None:
            return sp.oo
        if all(ok(q) for q in family):
            return sp.Integer(length)
    raise AssertionError("unreachable")  # pragma: no cover


def markov_order(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    """The Markov order :math:`R` of the process (an integer or ``oo``), ``Piecewise`` where it changes.

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> sc.markov_order(sc.processes.golden_mean(p)), sc.markov_order(sc.processes.even(p))
    (1, oo)
    """
    as_model(m, "markov_order")
    max_states = checks.cap(max_states, "max_states", where="markov_order")
    return measure_of(epsilon_machine(m, max_states=max_states), lambda mach: _order(mach, lambda q: len(q) == 1),
                      "Markov order")


def cryptic_order(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r"""The cryptic order :math:`k` (an integer or ``oo``), ``Piecewise`` where it changes; :math:`k \le R`.

    The least :math:`k` with :math:`H[S_k \mid X_{0:}] = 0`, decided without the reverse
    machine: the least :math:`L` at which no set of states reachable on one word
    of length :math:`L` contains a pair of states that some common word merges
    (the pair-graph criterion proved in :mod:`symcm.causal.cryptic`).

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.cryptic_order(sc.processes.even(p)), sc.cryptic_order(sc.processes.nemo(p, q))
    (0, oo)
    """
    from .cryptic import cryptic_order_of

    as_model(m, "cryptic_order")
    max_states = checks.cap(max_states, "max_states", where="cryptic_order")
    return measure_of(epsilon_machine(m, max_states=max_states), cryptic_order_of, "cryptic order")
