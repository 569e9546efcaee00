r"""Synchronisation to the causal state: synchronising words, reset words, exact or asymptotic.

An observer who knows a process's epsilon-machine but not its current state
starts from the stationary distribution :math:`\pi` over the causal states and,
after seeing a word :math:`w` with :math:`\Pr(w) > 0`, holds the **mixed state**
:math:`\eta(w) = \pi T^{(w)} / (\pi T^{(w)} \mathbf{1})` (Bayes' rule; :math:`T^{(x)}` the labelled
transition matrices) [Crutchfield, Ellison, James & Mahoney 2010].

* A **synchronising word** is a word :math:`w` with :math:`\Pr(w) > 0` after which
  :math:`\eta(w)` is a point mass: the observer knows the causal state with
  certainty [Travers & Crutchfield 2011a, Def. 4].  The epsilon-machine is
  unifilar and :math:`\pi` is positive on every (recurrent) causal state, so the
  support of :math:`\eta(w)` is the image :math:`\delta(Q, w)` of the whole state set
  :math:`Q` under the partial transition function :math:`\delta`, and
  :math:`\Pr(w) > 0` iff that image is not empty.  A synchronising word is
  therefore a word with :math:`|\delta(Q, w)| = 1`, and the shortest one is found
  by breadth-first search over the images :math:`\delta(Q, u)` (the subset
  construction), expanding symbols in the machine's alphabet order; the
  first singleton reached is the **shortest** synchronising word and, among
  the shortest, the **least in the lexicographic order the alphabet order
  induces** (by induction on the length, the breadth-first queue lists
  each level's images in the order of their least words).  Since the path
  visits distinct images of at least two states, its length is at most
  :math:`2^n - n - 1` for :math:`n` causal states.
* The epsilon-machine is **exactly synchronisable** when it has a
  synchronising word [Travers & Crutchfield 2011a]; every other finite-state
  epsilon-machine is **asymptotically synchronisable**: the observer's
  average state uncertainty :math:`H[S_L \mid X_{0:L}]` vanishes (exponentially
  fast) although no finite word makes it zero [Travers & Crutchfield 2011b].
  For finite epsilon-machines these two exhaust the possibilities (the
  causal states are probabilistically distinct); a presentation whose
  states are not (two states with the same future morph) would not
  synchronise at all, which is why everything here is computed on the
  epsilon-machine.
* The **reset threshold** is the automata-theoretic notion, kept distinct:
  the epsilon-machine's labelled graph is a *partial* deterministic
  automaton :math:`(Q, \mathcal{A}, \delta)` (:math:`\delta(s, x)` undefined when :math:`s` cannot
  emit :math:`x`), and a **reset word** (a *careful* synchronising word of the
  partial automaton [Ito & Shikishima-Tsuji 2004; Martyugin 2010]) is a word
  :math:`w` such that :math:`\delta(s, w)` is *defined for every* state :math:`s` and is
  the same state for all of them.  The reset threshold is the length of the
  shortest reset word, :math:`\infty` when there is none [Cerny 1964; Volkov 2008].
  Every reset word is a synchronising word, not conversely: the period-3
  process ``001`` is synchronised by ``1`` but has no reset word (no symbol
  is defined on all three states).  For a *complete* machine (every state
  can emit every symbol) the two notions coincide, and the Cerny automaton
  on :math:`n` states has reset threshold :math:`(n - 1)^2` [Cerny 1964].

**Parameters.** Both notions depend only on which edges are present; the
epsilon-machine's edges are nonzero throughout each region of
:func:`~symcm.causal.states.epsilon_machine` (the regions split where an edge
vanishes or states merge), so the answer is computed region by region: one
value where it holds on the whole domain, else a
:class:`~symcm.algebra.cases.Cases` (words, types) or a ``Piecewise``
(thresholds), with an :class:`~symcm.causal.ergodic.ErgodicDecomposition`
(one answer per ergodic component) where the chain splits.

The transient structure before synchronisation is the transient part of the
mixed-state presentation (:func:`~symcm.causal.states.mixed_state_presentation`);
for the reverse process apply these functions to
:func:`~symcm.causal.complexity.reverse` of the model.

References
----------
.. [1] N. F. Travers and J. P. Crutchfield, "Exact synchronization for
   finite-state sources", J. Stat. Phys. 145, 1181-1201 (2011).
.. [2] N. F. Travers and J. P. Crutchfield, "Asymptotic synchronization for
   finite-state sources", J. Stat. Phys. 145, 1202-1223 (2011).
.. [3] J. P. Crutchfield, C. J. Ellison, R. G. James and J. R. Mahoney,
   "Synchronization and control in intrinsic and designed computation: an
   information-theoretic analysis of competing models of stochastic
   computation", Chaos 20, 037105 (2010).
.. [4] J. Cerny, "Poznamka k homogennym eksperimentom s konecnymi
   automatami", Mat.-Fyz. Cas. Slovensk. Akad. Vied 14, 208-216 (1964).
.. [5] M. V. Volkov, "Synchronizing automata and the Cerny conjecture",
   LATA 2008, LNCS 5196, 11-27 (2008).
.. [6] M. Ito and K. Shikishima-Tsuji, "Some results on directable
   automata", Theory Is Forever, LNCS 3113, 125-133 (2004); P. V. Martyugin,
   "Complexity of problems concerning carefully synchronizing words for PFA
   and directing words for NFA", CSR 2010, LNCS 6072, 288-302 (2010).
"""

from __future__ import annotations

from collections import deque

import sympy as sp

from .. import checks
from ..algebra.cases import Cases
from ..models.hmm import HMM, as_model
from .ergodic import ErgodicDecomposition, has_decomposition, measure_of
from .states import MAX_MIXED_STATES, epsilon_machine

__all__ = ["synchronizing_word", "reset_threshold", "synchronization_type"]


def _shortest(machine: HMM, careful: bool) -> tuple | None:
    """The least shortest word taking all states to one (``careful``: defined on every state), or None."""
    delta = {(e.source, e.symbol): e.target for e in machine.edges}
    start = frozenset(machine.states)
    if len(start) == 1:
        return ()
    parent: dict = {start: None}
    queue = deque([start])
    while queue:
        image = queue.popleft()
        for x in machine.alphabet:
            if careful and any((s, x) not in delta for s in image):
                continue
            nxt = frozenset(delta[(s, x)] for s in image if (s, x) in delta)
            if not nxt or nxt in parent:
                continue
            parent[nxt] = (image, x)
            if len(nxt) == 1:
                word, node = [], nxt
                while parent[node] is not None:
                    node, symbol = parent[node]
                    word.append(symbol)
                return tuple(reversed(word))
            queue.append(nxt)
    return None


def _per_case(value, func, quantity: str):
    """``func`` of each machine of an epsilon-machine result, as a value or ``Cases`` (non-expression values)."""
    if isinstance(value, ErgodicDecomposition):
        return value.map(lambda mach: _per_case(mach, func, quantity), quantity)
    if isinstance(value, Cases):
        out = Cases((cond, _per_case(v, func, quantity)) for cond, v in value)
        if not has_decomposition(out) and all(v == out.generic for v in out.values):
            return out.generic
        return out
    return func(value)


def synchronizing_word(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r"""The shortest word after which the causal state is known with certainty (``None`` if none exists).

    Starting from the stationary distribution :math:`\pi` over the causal states,
    a word :math:`w` is **synchronising** when :math:`\Pr(w) > 0` and the mixed state
    :math:`\eta(w) = \pi T^{(w)} / (\pi T^{(w)} \mathbf{1})` is a point mass [Travers &
    Crutchfield 2011a, Def. 4; Crutchfield, Ellison, James & Mahoney 2010].
    On the unifilar epsilon-machine this means :math:`|\delta(Q, w)| = 1` (the
    image of all states under the partial transition function has one
    state); the answer is the shortest such word found by breadth-first
    search over these images, ties broken by the lexicographic order of the
    machine's alphabet (see the module docstring).

    Parameters
    ----------
    m : HMM
        Any presentation of the process (its epsilon-machine is used).
    max_states : int
        Cap on mixed states for a non-unifilar ``m``.

    Returns
    -------
    tuple of str, None, or Cases
        The word as a tuple of symbols (``()`` for a one-state machine, as
        :func:`~symcm.causal.measures.word_probabilities` writes words);
        ``None`` when the machine is only asymptotically synchronisable;
        a ``Cases`` of these where the answer changes over the domain
        (with an ``ErgodicDecomposition`` where the chain splits).

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.synchronizing_word(sc.processes.even(p))
    ('0',)
    >>> sc.synchronizing_word(sc.processes.period(3))
    ('1',)
    >>> sc.synchronizing_word(sc.processes.binary_markov(p, q))
    Cases([
      (Eq(p + q, 1), ()),
      (Ne(p + q, 1), ('0',))
    ])

    References
    ----------
    Travers & Crutchfield, J. Stat. Phys. 145, 1181 (2011).
    """
    as_model(m, "synchronizing_word")
    max_states = checks.cap(max_states, "max_states", where="synchronizing_word")
    return _per_case(epsilon_machine(m, max_states=max_states), lambda mach: _shortest(mach, careful=False),
                     "synchronizing word")


def reset_threshold(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r"""The length of the shortest reset word of the epsilon-machine as a partial automaton, or ``oo``.

    A **reset word** (careful synchronising word) of the partial
    deterministic automaton :math:`(Q, \mathcal{A}, \delta)` given by the epsilon-machine's
    labelled edges is a word :math:`w` with :math:`\delta(s, w)` defined for *every*
    state :math:`s` and equal to one state :math:`r` for all of them:
    :math:`\delta(Q, w) = \{r\}` without any path dying.  The reset threshold is the
    least length of a reset word [Cerny 1964; Volkov 2008], ``oo`` when none
    exists.  Every reset word is a synchronising word
    (:func:`synchronizing_word`), so the threshold is at least that word's
    length; they agree when every state can emit every symbol.

    Parameters
    ----------
    m : HMM
        Any presentation of the process (its epsilon-machine is used).
    max_states : int
        Cap on mixed states for a non-unifilar ``m``.

    Returns
    -------
    sympy.Integer, sympy.oo or Piecewise
        ``Piecewise`` where it changes over the domain (a ``Cases`` with an
        ``ErgodicDecomposition`` where the chain splits).

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> sc.reset_threshold(sc.processes.even(p))      # '1' is defined on both states but permutes them
    oo
    >>> sc.reset_threshold(sc.processes.lohr_generator(p))
    1

    References
    ----------
    Cerny 1964; Volkov, LATA 2008; Martyugin, CSR 2010 (careful synchronisation).
    """
    as_model(m, "reset_threshold")
    max_states = checks.cap(max_states, "max_states", where="reset_threshold")

    def threshold(mach):
        word = _shortest(mach, careful=True)
        return sp.oo if word is None else sp.Integer(len(word))

    return measure_of(epsilon_machine(m, max_states=max_states), threshold, "reset threshold")


def synchronization_type(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r"""``"exact"`` if the epsilon-machine has a synchronising word, else ``"asymptotic"``.

    Exact synchronisation: some word :math:`w` with :math:`\Pr(w) > 0` makes the
    state uncertainty :math:`H[S \mid X = w]` zero [Travers & Crutchfield 2011a].
    Otherwise (for a finite epsilon-machine, whose causal states are
    probabilistically distinct) the average uncertainty
    :math:`H[S_L \mid X_{0:L}]` still vanishes as :math:`L \to \infty`, exponentially fast,
    but never at a finite :math:`L` [Travers & Crutchfield 2011b]:
    asymptotic synchronisation.  There is no third value for a finite
    epsilon-machine; an infinite one raises
    :class:`~symcm.errors.InfiniteStatesError` (from
    :func:`~symcm.causal.states.epsilon_machine`).

    Parameters
    ----------
    m : HMM
        Any presentation of the process (its epsilon-machine is used).
    max_states : int
        Cap on mixed states for a non-unifilar ``m``.

    Returns
    -------
    str or Cases
        ``"exact"`` or ``"asymptotic"``; ``Cases`` of them where the answer
        changes over the domain (an ``ErgodicDecomposition`` where the
        chain splits).

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.synchronization_type(sc.processes.golden_mean(p))
    'exact'
    >>> coins = sc.HMM.from_edges([("A", "A", "0", p), ("A", "B", "1", 1 - p),
    ...                            ("B", "B", "0", q), ("B", "A", "1", 1 - q)])
    >>> sc.synchronization_type(coins)     # each symbol permutes the two states
    Cases([
      (Eq(p, q), 'exact'),
      (Ne(p, q), 'asymptotic')
    ])

    References
    ----------
    Travers & Crutchfield, J. Stat. Phys. 145, 1181 and 1202 (2011).
    """
    as_model(m, "synchronization_type")
    max_states = checks.cap(max_states, "max_states", where="synchronization_type")
    return _per_case(epsilon_machine(m, max_states=max_states),
                     lambda mach: "asymptotic" if _shortest(mach, careful=False) is None else "exact",
                     "synchronization type")
