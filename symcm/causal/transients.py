r"""Entropy convergence and synchronisation: H(L) in closed form, T, S, the synchronisation order.

Let :math:`M` be the epsilon-machine (causal states :math:`s`, stationary :math:`\pi`,
next-symbol entropies :math:`H_s = H[X_0 \mid S_0 = s]`, :math:`h_\mu = \sum_s \pi_s H_s`)
and build its **mixed-state presentation** (MSP) from :math:`\pi`: the belief
:math:`\eta_w = \Pr(S_L \mid X_{0:L} = w)` after each word, a unifilar chain :math:`W` on
the beliefs started at :math:`\eta_0 = \pi` [Blackwell 1957; Upper 1997;
Crutchfield, Riechers & Ellison 2016].  :math:`\eta` determines the distribution
of the next symbol, so with :math:`a_n = \langle \delta_\pi | W^n` the law of the belief
after :math:`n` symbols,

* :math:`h_\mu(L) = H(L) - H(L-1) = H[X_{L-1} \mid X_{0:L-1}] = \langle \delta_\pi | W^{L-1} | H(W^{\mathcal{A}}) \rangle`
  (the expected next-symbol entropy of the belief after :math:`L - 1` symbols);
* :math:`H[S_L \mid X_{0:L}] = \langle \delta_\pi | W^L | H[\eta] \rangle` (the state uncertainty).

For a finite MSP the recurrent beliefs are the point masses on the causal
states (every epsilon-machine synchronises asymptotically [Travers &
Crutchfield 2011]).  A finite epsilon-machine may have infinitely many
transient beliefs (a word that keeps the observer unsure in ever new ways);
then the construction stops at ``max_states`` with an
:class:`~symcm.errors.InfiniteStatesError` and nothing here is answered.  Split :math:`a_n` into its transient part (a row vector
over the transient beliefs, :math:`a_n = \langle \delta_\pi | Q^n` with :math:`Q` the
transient-to-transient block of :math:`W`) and its recurrent part :math:`b_n`.  The
mean belief is stationary at every :math:`n` (:math:`\sum_\eta \Pr(\eta_n = \eta) \, \eta = \pi`),
so :math:`b_n(s) = \pi_s - \sum_{\eta \text{ transient}} a_n(\eta) \eta_s` and

.. math::

    h_\mu(n + 1) - h_\mu = a_n \cdot g, \qquad g(\eta) = H[X \mid \eta] - \sum_s \eta_s H_s \ge 0,

a sum over the transient beliefs only: the recurrent part, whose sums need
the Drazin inverse of :math:`I - W` [Riechers & Crutchfield 2018], cancels
exactly.  :math:`Q` is substochastic with every transient belief leaving
eventually, so :math:`I - Q` is invertible and, with rational-function linear
algebra only (no eigenvalues) [Crutchfield & Feldman 2003; Crutchfield,
Riechers & Ellison 2016]:

* excess entropy :math:`\mathbf{E} = \sum_{L \ge 1} (h_\mu(L) - h_\mu) = \langle \delta_\pi | (I - Q)^{-1} | g \rangle`;
* transient information :math:`\mathbf{T} = \sum_{L \ge 0} (\mathbf{E} + L h_\mu - H(L)) = \sum_{L \ge 1} L (h_\mu(L) - h_\mu) = \langle \delta_\pi | (I - Q)^{-2} | g \rangle`;
* synchronisation information :math:`\mathbf{S} = \sum_{L \ge 0} H[S_L \mid X_{0:L}] = \langle \delta_\pi | (I - Q)^{-1} | H[\eta] \rangle`;
* block entropy :math:`H(L) = L h_\mu + \mathbf{E} - \langle \delta_\pi | Q^L (I - Q)^{-1} | g \rangle`;
* predictability gain :math:`\Delta^2 H(L) = h_\mu(L) - h_\mu(L-1)` (:math:`L \ge 1`, with
  :math:`h_\mu(0) = \log_2 |\mathcal{A}|`) [Crutchfield & Feldman 2003, Sec. IV].

The **synchronisation order** :math:`k` is the least :math:`L` at which every word
of length :math:`L` synchronises (every belief reachable in :math:`L` steps is a
causal state): one more than the longest path of transient beliefs, :math:`\infty`
when they contain a cycle (the even process: :math:`1^n` never synchronises).
When :math:`k` is finite :math:`Q` is nilpotent (:math:`Q^k = 0`), so :math:`H(L) = L h_\mu + \mathbf{E}`
for :math:`L \ge k` and the closed form in a symbolic :math:`L` is a
``Piecewise`` over :math:`L = 0, \ldots, k - 1` and :math:`L \ge k`.  For :math:`k = \infty`
the tail :math:`\langle \delta_\pi | Q^L | v \rangle` is the coefficient of :math:`x^L` in the
rational generating function :math:`\langle \delta_\pi | (I - xQ)^{-1} | v \rangle = N(x) / D(x)`
(:math:`D(x) = \det(I - xQ)` up to a common factor): past :math:`m_0`, the
multiplicity of the eigenvalue 0 of :math:`Q`, it is

.. math::

    \sum_{c(\lambda) = 0} \frac{-\lambda \, N(1/\lambda)}{D'(1/\lambda)} \lambda^L

over the roots of the reversed denominator :math:`c(\lambda) = \lambda^{\deg D} D(1/\lambda)`,
written as a ``sympy.RootSum`` (exact, no root computed; it evaluates to a
rational function at every integer :math:`L`) -- the spectral decomposition of
:math:`Q^L` of Riechers & Crutchfield 2018 for a diagonalisable non-nilpotent
part.  A repeated nonzero root (a Jordan block of size :math:`e`) contributes
:math:`\binom{L + e - 1}{e - 1} \lambda^L` terms: the partial fractions of
:math:`N(x) / D(x)` are taken without computing a root
(:func:`sympy.polys.partfrac.apart_list`), the general case of [2]_.

Where the epsilon-machine changes with the parameters the answer is a
``Piecewise`` (:func:`~symcm.causal.ergodic.measure_of`).  The linear algebra
of the transient block (powers, :math:`(I - Q)^{-1}`, the generating function)
is done over :math:`\mathbb{Z}[\text{params}]` by :mod:`symcm.causal.transient_chain`.

References
----------
.. [1] J. P. Crutchfield and D. P. Feldman, "Regularities unseen, randomness
   observed: levels of entropy convergence", Chaos 13, 25-54 (2003).
.. [2] P. M. Riechers and J. P. Crutchfield, "Beyond the spectral theorem:
   spectrally decomposing arbitrary functions of nondiagonalizable
   operators", AIP Advances 8, 065305 (2018).
.. [3] J. P. Crutchfield, P. M. Riechers and C. J. Ellison, "Exact
   complexity: the spectral decomposition of intrinsic computation", Phys.
   Lett. A 380, 998-1002 (2016).
.. [4] N. F. Travers and J. P. Crutchfield, "Exact synchronization for
   finite-state sources", J. Stat. Phys. 145, 1181-1201 (2011).
.. [5] D. Blackwell, "The entropy of functions of finite-state Markov
   chains" (1957); D. R. Upper, PhD thesis, UC Berkeley (1997).
"""

from __future__ import annotations

import sympy as sp

from .. import checks
from ..errors import InfiniteStatesError, ParameterTypeError
from ..models.hmm import HMM, as_model
from .ergodic import measure_of
from .states import MAX_MIXED_STATES, epsilon_machine
from .transient_chain import (  # noqa: F401 (_dot, _spectral, _Transients: the tests and complexity use them from here)
    _by_atom, _dot, _spectral, _tidy, _transients, _Transients,
)

__all__ = [
    "transient_information",
    "synchronization_information",
    "synchronization_order",
    "predictability_gain",
    "block_entropy_closed_form",
]


def _machine_measure(m, max_states, where, func, quantity):
    as_model(m, where)
    max_states = checks.cap(max_states, "max_states", where=where)
    return measure_of(epsilon_machine(m, max_states=max_states),
                      lambda mach: func(_transients(mach, max_states), mach), quantity)


def transient_information(m: HMM, *, max_states: int = MAX_MIXED_STATES) -> sp.Expr:
    r"""The transient information :math:`\mathbf{T} = \sum_{L \ge 0} [\mathbf{E} + L h_\mu - H(L)] = \sum_{L \ge 1} L (h_\mu(L) - h_\mu)`, in bits x symbols.

    Computed as :math:`\langle \delta_\pi | (I - Q)^{-2} | g \rangle` over the transient mixed states
    of the epsilon-machine (module docstring): exact, also when the
    synchronisation order is infinite, as long as the mixed states close.

    Raises
    ------
    InfiniteStatesError
        If the mixed states of the epsilon-machine do not close within ``max_states``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.transient_information(sc.processes.period(2))
    1
    >>> sc.transient_information(sc.processes.golden_mean(sc.symbols("p")))    # = E (synchronises in one step)
    H(1/(p + 1)) - H(p)/(p + 1)

    References
    ----------
    Crutchfield & Feldman 2003, Sec. V (Eq. 52); Crutchfield, Riechers & Ellison 2016.
    """
    def one(t, mach):
        _, y = t.resolvent_ring()
        return t.dot(y, t.g)

    return _machine_measure(m, max_states, "transient_information", one, "transient information")


def synchronization_information(m: HMM, *, max_states: int = MAX_MIXED_STATES) -> sp.Expr:
    r"""The synchronisation information :math:`\mathbf{S} = \sum_{L \ge 0} H[S_L \mid X_{0:L}]` of the epsilon-machine, in bits x symbols.

    :math:`H[S_L \mid X_{0:L}]` is the mean entropy of the belief over causal states
    after :math:`L` symbols (:math:`C_\mu` at :math:`L = 0`); :math:`\mathbf{S} = \langle \delta_\pi | (I - Q)^{-1} | H[\eta] \rangle`.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.synchronization_information(sc.processes.period(2))
    1
    >>> sc.synchronization_information(sc.processes.golden_mean(sc.symbols("p")))   # = C_mu
    H(1/(p + 1))

    References
    ----------
    Crutchfield & Feldman 2003, Sec. VII (Eq. 80).
    """
    def one(t, mach):
        x, _ = t.resolvent_ring()
        return t.dot(x, t.hb)

    return _machine_measure(m, max_states, "synchronization_information", one, "synchronization information")


def synchronization_order(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r"""The least :math:`L` at which every word of length :math:`L` synchronises to a causal state (``oo`` if none).

    Equivalently the least :math:`L` with :math:`H[S_L \mid X_{0:L}] = 0`; for the
    epsilon-machine it agrees with :func:`~symcm.causal.complexity.markov_order`
    (both are the least :math:`L` at which the last :math:`L` symbols fix the causal
    state).  Here it is read off the mixed states; where they do not close
    within ``max_states``, from the supports of the beliefs alone (the
    subset construction of :func:`~symcm.causal.complexity.markov_order`).

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> sc.synchronization_order(sc.processes.period(4)), sc.synchronization_order(sc.processes.even(p))
    (3, oo)

    References
    ----------
    Crutchfield & Feldman 2003, Sec. VII; James, Mahoney, Ellison & Crutchfield 2014
    ("Many roads to synchrony", Phys. Rev. E 89, 042135).
    """
    where = "synchronization_order"
    as_model(m, where)
    max_states = checks.cap(max_states, "max_states", where=where)

    def one(mach):
        try:
            return _transients(mach, max_states).order
        except InfiniteStatesError:  # too many beliefs to list: the supports alone decide (subset construction)
            from .complexity import _order

            return _order(mach, lambda q: len(q) == 1)

    return measure_of(epsilon_machine(m, max_states=max_states), one, "synchronization order")


def _length(value, where: str, minimum: int):
    """An int ``L >= minimum`` or a sympy Symbol (a nonnegative integer in the closed form)."""
    if isinstance(value, sp.Symbol):
        return value
    return checks.integer(value, "L", where=where, minimum=minimum)


def _block(t: _Transients, L) -> sp.Expr:
    """``H(L) = L h_mu + sum_{n < L} a_n . g`` for one machine (``L`` an int or a Symbol)."""
    if isinstance(L, sp.Symbol):
        if t.order is sp.oo:  # H(L) = L h_mu + E - <delta_pi| Q^L (I - Q)^-1 |g>
            x, _ = t.resolvent_ring()
            parts = {atom: t.solve(t.pairs(v), left=False) for atom, v in _by_atom(t.g).items()}
            m0, tail = _spectral(t, parts, L, "block_entropy")
            dots = [t.dot(r, t.g) for r in t.powers_ring(m0)]
            pieces = [(_tidy(n * t.rate + sp.Add(*dots[:n])), sp.Eq(L, n)) for n in range(m0)]
            return sp.Piecewise(*pieces, (_tidy(t.rate * L + t.dot(x, t.g)) - tail, True))
        k = int(t.order)
        if k == 0:
            return t.rate * L
        rows, total, pieces = t.powers_ring(k), sp.Integer(0), []
        for n in range(k):
            pieces.append((_tidy(n * t.rate + total), sp.Eq(L, n)))
            total += t.dot(rows[n], t.g)
        return sp.Piecewise(*pieces, (_tidy(t.rate * L + total), True))
    count = L if t.order is sp.oo else min(L, int(t.order))
    return _tidy(L * t.rate + sp.Add(*(t.dot(r, t.g) for r in t.powers_ring(count))))


def block_entropy_closed_form(m: HMM, L, *, max_states: int = MAX_MIXED_STATES) -> sp.Expr:
    r"""The block entropy :math:`H(L) = L h_\mu + \mathbf{E} - \langle \delta_\pi | Q^L (I - Q)^{-1} | g \rangle` from the mixed states.

    For an ``int`` ``L`` the exact value without enumerating words (``L``
    steps of the transient chain, none past the synchronisation order).  For
    a sympy ``Symbol`` ``L`` (standing for a nonnegative integer) the closed
    form: with a finite synchronisation order :math:`k`,
    ``Piecewise((H(0), Eq(L, 0)), ..., (H(k-1), Eq(L, k-1)), (E + L h_mu, True))``;
    with :math:`k = \infty`, explicit values below :math:`m_0` and
    ``L h_mu + E - sum_atoms atom * RootSum(c, Lambda(lambda, w(lambda) lambda^L))``
    from :math:`m_0` on (module docstring).  :func:`symcm.block_entropy` with a
    Symbol ``L`` calls this.

    A repeated nonzero eigenvalue of the transient block (a Jordan block
    of size :math:`e`) brings the factor :math:`\binom{L + e - 1}{e - 1}` to its
    :math:`\lambda^L` terms.

    Examples
    --------
    >>> import symcm as sc
    >>> import sympy
    >>> L = sympy.Symbol("L", integer=True, nonnegative=True)
    >>> block_entropy_closed_form(sc.processes.period(3), L)
    Piecewise((0, Eq(L, 0)), (H(1/3), Eq(L, 1)), (log(3)/log(2), True))
    >>> even = sc.processes.even(sympy.Rational(1, 3))      # k = oo: a RootSum over lambda**2 = 2/3
    >>> h = block_entropy_closed_form(even, L)
    >>> h.has(sympy.RootSum), h.subs(L, 5).evalf(15), sc.block_entropy(even, 5).evalf(15)
    (True, 3.37028254106258, 3.37028254106258)

    References
    ----------
    Crutchfield & Feldman 2003, Eq. (25); Crutchfield, Riechers & Ellison 2016.
    """
    where = "block_entropy"
    L = _length(L, where, 0)
    return _machine_measure(m, max_states, where, lambda t, mach: _block(t, L), "block entropy")


def _gain(t: _Transients, mach: HMM, L) -> sp.Expr:
    """``h_mu(L) - h_mu(L-1)`` with ``h_mu(0) = log2 |A|`` and ``h_mu(n+1) = h_mu + a_n . g``."""
    top = sp.log(len(mach.alphabet)) / sp.log(2)

    def rate_at(n: int, rows) -> sp.Expr:  # h_mu(n), n >= 1
        return t.rate + (t.dot(rows[n - 1], t.g) if n - 1 < len(rows) else 0)

    if isinstance(L, sp.Symbol) and t.order is sp.oo:  # <delta_pi| Q^(L-2) (Q - I) |g> for L >= m0 + 2
        n = len(t.g)
        vec = [sp.Add(*(t.q[i][j] * t.g[j] for j in range(n))) - t.g[i] for i in range(n)]
        m0, tail = _spectral(t, vec, L - 2, "predictability_gain")
        rows = t.powers_ring(m0 + 1)
        rates = [top] + [rate_at(n, rows) for n in range(1, m0 + 2)]
        pieces = [(_tidy(rates[n] - rates[n - 1]), sp.Eq(L, n)) for n in range(1, m0 + 2)]
        return sp.Piecewise(*pieces, (tail, True))
    if isinstance(L, sp.Symbol):
        k = int(t.order)
        rows = t.powers_ring(k)
        rates = [top] + [rate_at(n, rows) for n in range(1, k + 2)]
        pieces = [(_tidy(rates[n] - rates[n - 1]), sp.Eq(L, n)) for n in range(1, k + 2)]
        return sp.Piecewise(*pieces, (sp.Integer(0), True))
    rows = t.powers_ring(L if t.order is sp.oo else min(L, int(t.order)))
    before = top if L == 1 else rate_at(L - 1, rows)
    return _tidy(rate_at(L, rows) - before)


def predictability_gain(m: HMM, L, *, max_states: int = MAX_MIXED_STATES) -> sp.Expr:
    r"""The predictability gain :math:`\Delta^2 H(L) = h_\mu(L) - h_\mu(L-1)` (:math:`L \ge 1`), in bits per symbol^2.

    :math:`h_\mu(L) = H(L) - H(L-1)` for :math:`L \ge 1` and :math:`h_\mu(0) = \log_2 |\mathcal{A}|`
    (:math:`|\mathcal{A}|` the alphabet size), so :math:`\Delta^2 H(1) = H(1) - \log_2 |\mathcal{A}|` and
    :math:`\sum_{L \ge 1} \Delta^2 H(L) = h_\mu - \log_2 |\mathcal{A}|`.  ``L`` may be a sympy
    Symbol (a positive integer) when the synchronisation order :math:`k` is
    finite: a ``Piecewise`` over :math:`L = 1, \ldots, k + 1`, zero beyond.

    Examples
    --------
    >>> import symcm as sc
    >>> import sympy
    >>> sc.predictability_gain(sc.processes.period(2), 1), sc.predictability_gain(sc.processes.period(2), 2)
    (0, -1)
    >>> sc.predictability_gain(sc.processes.golden_mean(sc.symbols("p")), sympy.Symbol("L", integer=True, positive=True))
    Piecewise((H(1/(p + 1)) - 1, Eq(L, 1)), (-H(1/(p + 1)) + H(p)/(p + 1), Eq(L, 2)), (0, True))

    References
    ----------
    Crutchfield & Feldman 2003, Sec. IV (Eq. 40).
    """
    where = "predictability_gain"
    L = _length(L, where, 1)
    if not isinstance(L, (int, sp.Symbol)):  # pragma: no cover (checks.integer returns an int)
        raise ParameterTypeError(f"{where}: L must be an int or a sympy Symbol, received {L!r}")
    return _machine_measure(m, max_states, where, lambda t, mach: _gain(t, mach, L), "predictability gain")
