r"""Crypticity without the reverse machine: the pair-graph criterion, the cryptic expansion, enclosures of E.

Let :math:`M` be a finite epsilon-machine (unifilar, recurrent, minimal, every
state of positive stationary probability :math:`\pi`), :math:`\delta(s, w)` the state
reached from :math:`s` on the word :math:`w` (when :math:`w` has positive probability from
:math:`s`), :math:`S_L` the causal state at time :math:`L` of the stationary process and
:math:`\mu_t` the law of the future emitted from state :math:`t`.  The crypticity is
:math:`\chi = C_\mu - \mathbf{E} = H[S_0 \mid X_{0:}]` and the **cryptic order** is the least
:math:`k` with :math:`H[S_k \mid X_{0:}] = 0` [Mahoney, Ellison & Crutchfield 2009;
Mahoney, Ellison, James & Crutchfield 2011].

**The pair-graph criterion.**  Call two states :math:`t \ne t'` *mergeable* when
some word :math:`u` with positive probability from both has :math:`\delta(t, u) = \delta(t', u)`:
in the pair graph (nodes: pairs of states, an edge
:math:`(a, b) \to (\delta(a, x), \delta(b, x))` for every symbol :math:`x` both emit) the pair
reaches the diagonal.  Let :math:`F_L` be the family of sets :math:`\delta(\mathcal{S}, w)` over
words :math:`w` of length :math:`L` (the subset construction of
:func:`~symcm.causal.complexity.markov_order`).  Then

.. math::

    k = \min \{ L : \text{no set of } F_L \text{ contains a mergeable pair} \} \quad (\infty \text{ if none}).

*Proof.*  Fix :math:`L`.  Given :math:`X_{0:L} = w`, the future :math:`X_{L:}` is the
mixture :math:`\sum_t c_t \mu_t` over :math:`t` in :math:`\delta(\mathcal{S}, w)` with
:math:`c_t = \Pr(X_{0:L} = w, S_L = t) > 0` (:math:`\pi > 0`).  :math:`S_L` is almost surely a
function of :math:`X_{0:}` iff, for every :math:`w`, the components of this mixture
are pairwise mutually singular.  (i) If :math:`t, t'` merge on :math:`u` into :math:`s`,
both :math:`\mu_t` and :math:`\mu_{t'}` dominate a positive multiple of the measure
":math:`u`, then :math:`\mu_s`", so they are not singular.  (ii) If they never merge,
follow the two state paths :math:`(a_n, b_n)` along a future :math:`y` drawn from
:math:`\mu_t`: :math:`a_n \ne b_n` whenever both exist, and the likelihood ratio
:math:`Z_n = \mu_{t'}(y_{0:n}) / \mu_t(y_{0:n})` is a nonnegative :math:`\mu_t`-martingale
converging to :math:`Z`; :math:`\mu_{t'}` and :math:`\mu_t` are singular iff :math:`Z = 0`
:math:`\mu_t`-a.s. [Durrett 2019, Thm. 4.3.5].  On the event that :math:`b_n`
exists forever some pair :math:`(a, b)`, :math:`a \ne b`, is visited
infinitely often; minimality gives a word :math:`v` (say of length :math:`m`) with
:math:`\Pr_a(v) > \Pr_b(v)`, so :math:`\Pr_b(v) / \Pr_a(v) \le 1 - \epsilon`.  At visits
spaced :math:`m` apart the next :math:`m` symbols are :math:`v` with probability
:math:`\Pr_a(v) > 0` (Markov property of the unifilar machine), hence infinitely
often (Levy's conditional Borel-Cantelli lemma), and each time :math:`Z_n` drops
by the factor :math:`1 - \epsilon`: :math:`Z = 0`.  So singularity is exactly
"not mergeable".  :math:`H[S_L \mid X_{0:}] = 0` for :math:`L \ge k` once it holds at
:math:`k` (:math:`S_L` is a function of :math:`S_k` and :math:`X_{k:L}`).  QED.  No reverse
machine is built: the criterion reads the edges of :math:`M` only, so :math:`k` is
constant on each region of :func:`~symcm.causal.ergodic.measure_of`.  (Where
the reverse presentation is unifilar no two edges share a target and a
symbol, nothing is mergeable and :math:`k = 0`.)

**The cryptic expansion.**  At the cryptic order :math:`S_k` is a function of
the future, and given :math:`S_k` the future :math:`X_{k:}` is independent of
:math:`(S_0, X_{0:k})`, so :math:`\chi = H[S_0 \mid X_{0:}] = H[S_0 \mid X_{0:k}, S_k]`
[Mahoney, Ellison, James & Crutchfield 2011, Eq. (19)].  By unifilarity
:math:`S_k` is a function of :math:`(S_0, X_{0:k})`, so
:math:`\chi = H[S_0, X_{0:k}] - H[X_{0:k}, S_k] = C_\mu + k h_\mu - H[X_{0:k}, S_k]` and

.. math::

    \mathbf{E} = C_\mu - \chi = H[X_{0:k}, S_k] - k h_\mu,

a finite sum over the pairs (word of length :math:`k`, state), exact in ``H``
(at the Markov order :math:`R \ge k` it is the familiar :math:`H(R) - R h_\mu`).

**Enclosures.**  For every :math:`L`, conditioning reduces entropy and the
Markov property give :math:`H[S_0 \mid X_{0:L}, S_L] \le \chi \le H[S_0 \mid X_{0:L}]`,
i.e. :math:`H(L) - L h_\mu \le \mathbf{E} \le H(L) + H[S_L \mid X_{0:L}] - L h_\mu`; the lower
end is nondecreasing, the upper nonincreasing in :math:`L`, and their gap, the
state uncertainty :math:`H[S_L \mid X_{0:L}]`, tends to 0 (finite epsilon-machines
synchronise asymptotically [Travers & Crutchfield 2011]).  Both are sums over
the mixed states at depth :math:`L` (beliefs merged when equal), evaluated in
outward-rounded interval arithmetic: a certified enclosure of :math:`\mathbf{E}` where no
finite exact form is found (the cryptic order and both mixed-state
presentations infinite, as for the Misiurewicz processes).

References
----------
.. [1] J. R. Mahoney, C. J. Ellison, R. G. James and J. P. Crutchfield,
   "How hidden are hidden processes? A primer on crypticity and entropy
   convergence", Chaos 21, 037112 (2011).
.. [2] J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information
   accessibility and cryptic processes", J. Phys. A 42, 362002 (2009).
.. [3] N. F. Travers and J. P. Crutchfield, "Asymptotic synchronization for
   finite-state sources", J. Stat. Phys. 145, 1202-1223 (2011).
.. [4] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd
   ed., Wiley, 2006, ch. 2 (conditioning reduces entropy).
.. [5] R. Durrett, *Probability: Theory and Examples*, 5th ed., Cambridge
   University Press, 2019, section 4.3 (likelihood-ratio martingales, Levy's
   extension of Borel-Cantelli).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import combinations

import mpmath
import sympy as sp

from ..errors import InfiniteStatesError, TooLargeError
from ..models.hmm import HMM
from .bounds import MAX_BELIEFS, Bounds, _belief_step, _bounds_arguments, _entropy_iv, _frac, _next_layer
from .stationary import stationary_distribution

__all__ = ["excess_entropy_bounds"]


def mergeable_pairs(machine: HMM) -> set:
    """The pairs ``frozenset({t, t'})`` of distinct states that some common word sends to one state.

    The backward closure of the diagonal in the pair graph (module docstring):
    a pair is mergeable when one symbol sends it to one state or to a
    mergeable pair.

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> sorted(map(sorted, mergeable_pairs(sc.epsilon_machine(sc.processes.golden_mean(p)))))
    [['A', 'B']]
    """
    delta = {(e.source, e.symbol): e.target for e in machine.edges}
    pairs = [frozenset(q) for q in combinations(machine.states, 2)]
    steps = {q: [] for q in pairs}
    found: set = set()
    for q in pairs:
        a, b = tuple(q)
        for x in machine.alphabet:
            if (a, x) in delta and (b, x) in delta:
                ta, tb = delta[(a, x)], delta[(b, x)]
                if ta == tb:
                    found.add(q)
                else:
                    steps[q].append(frozenset((ta, tb)))
    changed = True
    while changed:  # at most |pairs| rounds
        changed = False
        for q in pairs:
            if q not in found and any(r in found for r in steps[q]):
                found.add(q)
                changed = True
    return found


def cryptic_order_of(machine: HMM):
    """The cryptic order of one epsilon-machine by the pair-graph criterion (an int or ``oo``).

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> even, nemo = sc.epsilon_machine(sc.processes.even(p)), sc.epsilon_machine(sc.processes.nemo(p, q))
    >>> cryptic_order_of(even), cryptic_order_of(nemo)
    (0, oo)
    """
    from .complexity import _order

    bad = mergeable_pairs(machine)
    if not bad:
        return sp.Integer(0)
    return _order(machine, lambda q: not any(frozenset(r) in bad for r in combinations(q, 2)))


def excess_entropy_bounds(m: HMM, digits: int = 30, *, max_length: int = 2000, max_beliefs: int = MAX_BELIEFS,
                          max_digits: int = 1000) -> Bounds:
    r"""A certified enclosure of :math:`\mathbf{E}` of width below :math:`10^{-\mathrm{digits}}`, for a numeric finite epsilon-machine.

    :math:`H(L) - L h_\mu \le \mathbf{E} \le H(L) + H[S_L \mid X_{0:L}] - L h_\mu` at growing
    :math:`L` (module docstring), summed over the mixed states of the
    epsilon-machine in interval arithmetic.  :func:`~symcm.excess_entropy`
    returns this when no exact route applies to a numeric model.

    Parameters
    ----------
    m : HMM
        A model with rational probabilities whose epsilon-machine is finite
        and has one recurrent class.
    digits : int
        Requested accuracy, from 1 to ``max_digits``.
    max_length, max_beliefs : int
        Caps on ``L`` and on the distinct beliefs at one depth.
    max_digits : int
        Cap on ``digits``.

    Raises
    ------
    NotNumericError
        If the model has free parameters.
    TooLargeError
        If the width is not reached within the caps (the message gives the best enclosure).
    InfiniteStatesError
        If the epsilon-machine itself is infinite.

    Examples
    --------
    >>> import symcm as sc
    >>> from sympy import Rational
    >>> gm = sc.processes.golden_mean(Rational(1, 2))
    >>> b = excess_entropy_bounds(gm, digits=20)
    >>> b.contains(sc.excess_entropy(gm).evalf(40))
    True

    References
    ----------
    Mahoney, Ellison, James & Crutchfield 2011; Crutchfield & Feldman 2003, Eq. (38).
    """
    digits, max_length, max_beliefs = _bounds_arguments(m, "excess_entropy_bounds", digits, max_length, max_beliefs,
                                                        max_digits)
    from .states import epsilon_machine

    return _enclose_excess(epsilon_machine(m), digits, max_length, max_beliefs)


def _enclose_excess(machine: HMM, digits: int, max_length: int, max_beliefs: int, shift=None) -> Bounds:
    """The sandwich of the module docstring on one numeric machine; ``shift(iv) -> iv`` maps E to another measure."""
    states = machine.states
    idx = {s: i for i, s in enumerate(states)}
    n = len(states)
    pi = stationary_distribution(machine)
    step = {(idx[e.source], e.symbol): (idx[e.target], _frac(e.probability)) for e in machine.edges}
    emit = _belief_step(machine)
    iv = mpmath.iv
    saved = iv.prec
    try:
        with mpmath.workdps(digits + 15):
            iv.dps = mpmath.mp.dps
            rows = [[pr for (i, _), (_, pr) in step.items() if i == k] for k in range(n)]
            h_state = [_entropy_iv(r) for r in rows]
            rate = sum((iv.mpf(_frac(pi[s]).numerator) / _frac(pi[s]).denominator * h_state[idx[s]]
                        for s in states), iv.mpf(0))
            cache: dict = {}

            def expand(eta):
                """``(H[X | eta], H[eta], [(Pr(x | eta), next belief)])``, cached."""
                if eta not in cache:
                    out = emit(eta)
                    cache[eta] = (_entropy_iv([t for t, _ in out]), _entropy_iv(eta), out)
                return cache[eta]

            layer = {tuple(_frac(pi[s]) for s in states): Fraction(1)}
            block = iv.mpf(0)  # H(L)
            target = mpmath.mpf(10) ** (-digits)
            lo_best, hi_best = -mpmath.inf, mpmath.inf
            for length in range(0, max_length + 1):
                unsure = sum((iv.mpf(w.numerator) / w.denominator * expand(eta)[1] for eta, w in layer.items()),
                             iv.mpf(0))
                lower = block - length * rate
                upper = lower + unsure
                if shift is not None:
                    lower, upper = shift(upper), shift(lower)  # a decreasing map: chi = C_mu - E
                lo_best, hi_best = max(lo_best, mpmath.mpf(lower.a)), min(hi_best, mpmath.mpf(upper.b))
                if hi_best - lo_best < target:
                    return Bounds(lo_best, hi_best, note=f"L = {length}")
                block += sum((iv.mpf(w.numerator) / w.denominator * expand(eta)[0] for eta, w in layer.items()),
                             iv.mpf(0))
                layer = _next_layer(layer, lambda eta: expand(eta)[2], length, max_beliefs, (lo_best, hi_best))
    finally:
        iv.prec = saved
    raise TooLargeError(
        f"the bounds on E did not reach width 1e-{digits} within max_length={max_length}; best enclosure "
        f"[{mpmath.nstr(lo_best, 20)}, {mpmath.nstr(hi_best, 20)}]; pass a larger max_length or ask for fewer digits")


def _chi_bounds(machine: HMM, e: Bounds, digits: int) -> Bounds:
    """``chi = C_mu - E`` from an enclosure of ``E``: ``C_mu`` of the (numeric) machine in interval arithmetic."""
    pi = stationary_distribution(machine)
    iv = mpmath.iv
    saved = iv.prec
    try:
        with mpmath.workdps(digits + 15):
            iv.dps = mpmath.mp.dps
            c_mu = _entropy_iv([_frac(pi[s]) for s in machine.states])
            lo, hi = c_mu - iv.mpf(e.upper), c_mu - iv.mpf(e.lower)
            return Bounds(mpmath.mpf(lo.a), mpmath.mpf(hi.b), note=e.note)
    finally:
        iv.prec = saved


def _refusal(where: str, machine: HMM, max_states: int, k) -> InfiniteStatesError:
    """The error naming every infinite object when no exact route gives E."""
    why = ("its cryptic order is infinite" if k is sp.oo else
           f"its cryptic order {k} needs more words than the cap of the word route")
    return InfiniteStatesError(
        f"{where}: no exact form of E for {machine.name or 'this machine'}: its Markov order is infinite, {why}, "
        f"and neither the forward nor the reverse mixed-state presentation closes within max_states={max_states}; "
        "substitute numeric values for a certified enclosure (excess_entropy_bounds), or pass a larger max_states")
