r"""The bidirectional machine, causal irreversibility, the anatomy of a bit, gauge and oracular information.

Let :math:`S^+_t` be the forward causal state (a function of the past
:math:`X_{:t}`) and :math:`S^-_t` the reverse causal state (a function of the future
:math:`X_{t:}`) of a stationary process.

* **Joint distribution.**  The recurrent reverse causal states are the
  recurrent mixed states :math:`\eta_b = \Pr(S^+_0 \mid S^-_0 = b)` of the reversed
  epsilon-machine (:func:`~symcm.causal.complexity.reverse_mixed_states`), so
  :math:`\Pr(S^+ = a, S^- = b) = \Pr(S^- = b) \, \eta_b(a)`.  When the reversed
  epsilon-machine is unifilar, :math:`S^-` is the class of :math:`S^+` under the
  equivalence of its states (a function of :math:`S^+`).
* **Bidirectional machine** [Ellison, Mahoney & Crutchfield 2009, Sec. V]:
  states the pairs :math:`(a, b)` of positive probability.  :math:`S^+` moves
  unifilarly forward, :math:`a' = \delta^+(a, x)`, and :math:`S^-` unifilarly backward,
  :math:`b = \delta^-(b', x)`; since the future beyond :math:`t + 1` is independent of
  :math:`(S^+_t, X_t)` given :math:`S^+_{t+1}`,
  :math:`\Pr(S^+_t = a, X_t = x, S^-_{t+1} = b') = \pi(a) \, T^{(x)}_{a a'} \Pr(b' \mid a')`
  and the edge :math:`(a, b) \to (a', b')` on :math:`x` has probability
  :math:`T^{(x)}_{a a'} \Pr(b' \mid a') / \Pr(b \mid a)` (the machine is generally not
  unifilar).  Its state entropy is :math:`C^{\pm} = H[S^+, S^-]`, with
  :math:`C^{\pm} = C^+ + \chi^- = C^- + \chi^+` and :math:`\mathbf{E} = I[S^+; S^-]`, where
  :math:`\chi^+ = H[S^+ \mid S^-]` and :math:`\chi^- = H[S^- \mid S^+]` are the forward and
  reverse crypticities.
* **Causal irreversibility** :math:`\Xi = C^+ - C^- = \chi^+ - \chi^-`
  [Crutchfield, Ellison & Mahoney 2009].
* **Anatomy of a bit** [James, Ellison & Crutchfield 2011]:
  :math:`H[X_0] = \rho_\mu + h_\mu` with :math:`\rho_\mu = I[X_{:0}; X_0]`;
  :math:`h_\mu = r_\mu + b_\mu` with the *ephemeral information*
  :math:`r_\mu = H[X_0 \mid X_{:0}, X_{1:}]` and the *bound information*
  :math:`b_\mu = I[X_0; X_{1:} \mid X_{:0}]`; :math:`\rho_\mu = q_\mu + b_\mu` with the
  *enigmatic information* (a co-information, possibly negative)
  :math:`q_\mu = I[X_{:0}; X_0; X_{1:}]`; the *local exogenous information*
  :math:`w_\mu = I[X_0; X_{:0}, X_{1:}] = b_\mu + \rho_\mu = H[X_0] - r_\mu`.
  Given :math:`(S^+_0, S^-_1)` the symbol :math:`X_0` is independent of the rest of
  the past and future (its conditional law is proportional to
  :math:`\Pr(x \mid a) \Pr(b' \mid \delta^+(a, x)) / \pi(\delta^+(a, x))`), so
  :math:`r_\mu = H[X_0 \mid S^+_0, S^-_1]`, read off the bidirectional machine's edges.
* **Gauge and oracular information** of a presentation with state :math:`R_0`
  (between :math:`X_{:0}` and :math:`X_{0:}`) [Crutchfield, Ellison, James & Mahoney
  2010]: :math:`\varphi = H[R_0 \mid X_{:0}, X_{0:}]` (gauge) and
  :math:`\zeta = I[R_0; X_{0:} \mid X_{:0}]` (oracular); with the presentation's
  crypticity :math:`\chi = I[R_0; X_{:0} \mid X_{0:}]`,
  :math:`H[R_0] = \mathbf{E} + \chi + \zeta + \varphi` (past and future are independent given
  :math:`R_0`).  symcm computes them from the recurrent forward mixed states
  :math:`\eta = \Pr(R_0 \mid \text{past})` and reverse mixed states :math:`\xi = \Pr(R_0 \mid \text{future})`
  of the presentation: they are independent given :math:`R_0`, so
  :math:`\Pr(\eta, \xi) = \Pr(\eta) \Pr(\xi) \sum_r \eta(r) \xi(r) / \pi(r)` and
  :math:`\Pr(r \mid \eta, \xi)` is proportional to :math:`\eta(r) \xi(r) / \pi(r)`.

Where the causal structure changes with the parameters the scalar measures
are a ``Piecewise`` and the machine and the anatomy a
:class:`~symcm.algebra.cases.Cases`.  Where the reverse mixed states do not
close, :class:`~symcm.errors.InfiniteStatesError` names the cap.

References
----------
.. [1] J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's barbed
   arrow: irreversibility, crypticity, and stored information", Phys. Rev.
   Lett. 103, 094101 (2009).
.. [2] C. J. Ellison, J. R. Mahoney and J. P. Crutchfield, "Prediction,
   retrodiction, and the amount of information stored in the present",
   J. Stat. Phys. 136, 1005-1034 (2009).
.. [3] R. G. James, C. J. Ellison and J. P. Crutchfield, "Anatomy of a bit:
   information in a time series observation", Chaos 21, 037109 (2011).
.. [4] J. P. Crutchfield, C. J. Ellison, R. G. James and J. R. Mahoney,
   "Synchronization and control in intrinsic and designed computation: an
   information-theoretic analysis of competing models of stochastic
   computation", Chaos 20, 037105 (2010).
.. [5] N. F. Travers and J. P. Crutchfield, "Asymptotic synchronization for
   finite-state sources", J. Stat. Phys. 145, 1202-1223 (2011).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .. import checks
from ..algebra.cases import Cases
from ..algebra.entropy import entropy_of
from ..models.hmm import HMM, as_model
from ..models.structure import is_unifilar
from .ergodic import ErgodicDecomposition, by_strata, measure_of
from .states import MAX_MIXED_STATES, _partition, _recurrent_mixed_states, epsilon_machine, recurrent_part, strata

__all__ = ["InformationAnatomy", "bidirectional_machine", "causal_irreversibility", "information_anatomy",
           "gauge_information", "oracular_information"]


@dataclass(frozen=True)
class InformationAnatomy:
    r"""The decomposition of :math:`H[X_0]` of James, Ellison & Crutchfield (2011), exact.

    Attributes
    ----------
    H_1 : Expr
        :math:`H[X_0]`.
    h_mu : Expr
        :math:`h_\mu = H[X_0 \mid X_{:0}]`, the entropy rate.
    rho_mu : Expr
        :math:`\rho_\mu = I[X_{:0}; X_0] = H[X_0] - h_\mu`.
    r_mu : Expr
        :math:`r_\mu = H[X_0 \mid X_{:0}, X_{1:}]`, the ephemeral information.
    b_mu : Expr
        :math:`b_\mu = I[X_0; X_{1:} \mid X_{:0}] = h_\mu - r_\mu`, the bound information.
    q_mu : Expr
        :math:`q_\mu = I[X_{:0}; X_0; X_{1:}] = \rho_\mu - b_\mu`, the enigmatic information.
    w_mu : Expr
        :math:`w_\mu = I[X_0; X_{:0}, X_{1:}] = \rho_\mu + b_\mu`, the local exogenous information.

    Examples
    --------
    >>> import symcm as sc
    >>> a = sc.information_anatomy(sc.processes.rrxor())
    >>> a.H_1, a.h_mu, a.r_mu, a.b_mu, a.q_mu, a.w_mu
    (1, 2/3, 0, 2/3, -1/3, 1)
    """

    H_1: sp.Expr
    h_mu: sp.Expr
    rho_mu: sp.Expr
    r_mu: sp.Expr
    b_mu: sp.Expr
    q_mu: sp.Expr
    w_mu: sp.Expr


# --- the joint structure of (S+, S-) ----------------------------------------------------

def _generic_pi(m: HMM) -> dict:
    from .measures import _generic_pi as pi

    return pi(m)


def _bistructures(machine: HMM, max_states: int) -> list[tuple]:
    """``[(condition, machine here, reverse states [(Pr(b), eta_b)], {(b', x): b})]``, generic last.

    ``eta_b`` is the belief ``Pr(S+ | S- = b)`` over the machine's states and
    ``{(b', x): b}`` the backward transition ``S-_t = delta-(S-_{t+1}, X_t)``.
    """
    from .complexity import reverse

    rev = reverse(machine)
    if isinstance(rev, Cases):  # vanishing edges: the generic case (the epsilon-machine's strata hold the rest)
        rev = rev.values[-1]
    if not is_unifilar(rev):
        rec, beliefs = _recurrent_mixed_states(rev, max_states=max_states)
        pr = _generic_pi(rec)
        index = {s: i for i, s in enumerate(rec.states)}
        states = [(pr[s], {a: sp.sympify(beliefs[s].get(a, 0)) for a in machine.states}) for s in rec.states]
        back = {(index[e.source], e.symbol): index[e.target] for e in rec.edges}
        return [(sp.true, machine, states, back)]
    out = []
    for cond, subst, dom in strata(rev, max_states=max_states):
        rev_here = rev.subs(subst, domain=dom) if subst else rev
        mach_here = machine.subs(subst, domain=dom) if subst else machine
        pi = _generic_pi(mach_here)
        blocks = _partition(rev_here)
        block_of = {a: i for i, b in enumerate(blocks) for a in b}
        states = []
        for b in blocks:
            total = sp.Add(*(pi[a] for a in b))
            states.append((sp.factor(total), {a: (sp.factor(pi[a] / total) if a in b else sp.Integer(0))
                                              for a in mach_here.states}))
        back = {(block_of[e.source], e.symbol): block_of[e.target] for e in rev_here.edges}
        out.append((cond, mach_here, states, back))
    return out


def _given_forward(machine: HMM, states: list) -> tuple[dict, dict]:
    """``pi`` and ``Pr(S- = b | S+ = a)`` as ``{(a, b): value}`` (positive entries only)."""
    pi = _generic_pi(machine)
    cond = {}
    for j, (pr, eta) in enumerate(states):
        for a, v in eta.items():
            if v != 0:
                cond[(a, j)] = sp.factor(pr * v / pi[a])
    return pi, cond


def _weights(machine: HMM, states: list, back: dict):
    """``[(a, b, x, a', b', Pr(S+_t=a, X_t=x, S-_{t+1}=b'), edge probability)]`` of the bidirectional machine."""
    pi, cond = _given_forward(machine, states)
    out = []
    for e in machine.edges:
        a, x, a2 = e.source, e.symbol, e.target
        for (s, j2), c2 in cond.items():
            if s != a2:
                continue
            j = back[(j2, x)]
            out.append((a, j, x, a2, j2, sp.factor(pi[a] * e.probability * c2),
                        sp.factor(e.probability * c2 / cond[(a, j)])))
    return pi, cond, out


def _over_structures(machine: HMM, max_states: int, func, scalar: bool):
    """``func(machine, states, back)`` per bistructure: one value, a ``Piecewise`` (scalar) or ``Cases``."""
    pieces = [(cond, func(mach, states, back)) for cond, mach, states, back in _bistructures(machine, max_states)]
    if len(pieces) == 1:
        return pieces[0][1]
    if scalar:
        if all(v == pieces[-1][1] for _, v in pieces):
            return pieces[-1][1]
        return sp.Piecewise(*((v, c) for c, v in pieces[:-1]), (pieces[-1][1], True))
    return Cases(pieces)


def _cases_of(value, func):
    """``func`` of each epsilon-machine in an :func:`epsilon_machine` answer, flattening nested ``Cases``."""
    if isinstance(value, ErgodicDecomposition):
        return value.map(lambda v: _cases_of(v, func))
    if not isinstance(value, Cases):
        return func(value)
    pairs = []
    for cond, v in value:
        inner = _cases_of(v, func)
        if isinstance(inner, Cases):
            pairs.extend((sp.And(cond, c), w) for c, w in inner)
        else:
            pairs.append((cond, inner))
    return Cases(pairs)


# --- public measures --------------------------------------------------------------------

def bidirectional_machine(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r"""The bidirectional machine: an HMM on the pairs :math:`(S^+, S^-)` of positive probability.

    States are named ``"a|b"`` with ``a`` the forward causal state (the
    epsilon-machine's state name) and ``b`` the index of the reverse causal
    state; the edge :math:`(a, b) \to (a', b')` on :math:`x` has probability
    :math:`T^{(x)}_{a a'} \Pr(b' \mid a') / \Pr(b \mid a)` [Ellison, Mahoney & Crutchfield
    2009].  Its stationary distribution is :math:`\Pr(S^+, S^-)`, so
    :math:`C^{\pm} = H[S^+, S^-]` is its :func:`~symcm.causal.measures.state_entropy`.

    Returns
    -------
    HMM, or Cases
        A :class:`~symcm.algebra.cases.Cases` where the causal structure
        (forward or reverse) changes with the parameters.

    Raises
    ------
    InfiniteStatesError
        If the reverse mixed states do not close within ``max_states``.

    Examples
    --------
    >>> import symcm as sc
    >>> b = sc.bidirectional_machine(sc.processes.even(sc.symbols("p")))
    >>> b.states
    ('A|0', 'B|1')
    >>> sc.state_entropy(b)       # = C^+: the even process is not cryptic
    H(1/(2 - p))
    """
    as_model(m, "bidirectional_machine")
    max_states = checks.cap(max_states, "max_states", where="bidirectional_machine")

    def build(machine, states, back):
        _, _, weights = _weights(machine, states, back)
        edges = [(f"{a}|{j}", f"{a2}|{j2}", x, p) for a, j, x, a2, j2, _, p in weights]
        name = f"bidirectional machine of {m.name}" if m.name else "bidirectional machine"
        return HMM.from_edges(edges, alphabet=machine.alphabet, domain=dict(machine.domain), name=name)

    return _cases_of(epsilon_machine(m, max_states=max_states),
                     lambda mach: _over_structures(mach, max_states, build, scalar=False))


def causal_irreversibility(m: HMM, *, max_states: int = MAX_MIXED_STATES) -> sp.Expr:
    r""":math:`\Xi = C^+ - C^- = H[S^+] - H[S^-]`, exactly; ``Piecewise`` where the structure changes.

    Zero for every time-reversible process, and also for some irreversible
    ones; nonzero values certify that the process is not reversible
    [Crutchfield, Ellison & Mahoney 2009].

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> sc.causal_irreversibility(sc.processes.golden_mean(sc.symbols("p")))
    0
    >>> sc.causal_irreversibility(sc.processes.rip(sp.Rational(1, 2), sp.Rational(1, 2)))
    -H(1/10, 1/5, 3/10, 2/5) + H(1/5, 2/5, 2/5)
    """
    as_model(m, "causal_irreversibility")
    max_states = checks.cap(max_states, "max_states", where="causal_irreversibility")

    def xi(machine, states, back):
        pi = _generic_pi(machine)
        return entropy_of([sp.factor(v) for v in pi.values()]) - entropy_of([sp.factor(pr) for pr, _ in states])

    return measure_of(epsilon_machine(m, max_states=max_states),
                      lambda mach: _over_structures(mach, max_states, xi, scalar=True), "causal irreversibility")


def _anatomy(machine: HMM, states: list, back: dict) -> InformationAnatomy:
    pi, _, weights = _weights(machine, states, back)
    symbol: dict = {}
    per_state: dict = {}
    for e in machine.edges:
        symbol[e.symbol] = symbol.get(e.symbol, 0) + pi[e.source] * e.probability
        row = per_state.setdefault(e.source, {})
        row[e.symbol] = row.get(e.symbol, 0) + e.probability
    H_1 = entropy_of([sp.factor(v) for v in symbol.values()])
    h_mu = sp.Add(*(pi[a] * entropy_of(row.values()) for a, row in per_state.items()))
    groups: dict = {}  # (S+_0, S-_1) -> {x: Pr(S+_0, X_0 = x, S-_1)}
    for a, _, x, _, j2, w, _ in weights:
        row = groups.setdefault((a, j2), {})
        row[x] = row.get(x, 0) + w
    r_mu = sp.Integer(0)
    for row in groups.values():
        total = sp.factor(sp.Add(*row.values()))
        r_mu += total * entropy_of([sp.factor(v / total) for v in row.values()])
    rho = H_1 - h_mu
    b = h_mu - r_mu
    return InformationAnatomy(H_1=H_1, h_mu=h_mu, rho_mu=rho, r_mu=r_mu, b_mu=b, q_mu=rho - b, w_mu=rho + b)


def information_anatomy(m: HMM, *, max_states: int = MAX_MIXED_STATES):
    r""":math:`\rho_\mu, r_\mu, b_\mu, q_\mu, w_\mu` (with :math:`H[X_0]` and :math:`h_\mu`) of the process, exactly.

    :math:`H[X_0] = \rho_\mu + h_\mu`, :math:`h_\mu = r_\mu + b_\mu`,
    :math:`\rho_\mu = q_\mu + b_\mu`, :math:`w_\mu = \rho_\mu + b_\mu = H[X_0] - r_\mu`
    [James, Ellison & Crutchfield 2011]; :math:`r_\mu = H[X_0 \mid S^+_0, S^-_1]` from
    the bidirectional machine (see the module notes).

    Returns
    -------
    InformationAnatomy, or Cases
        A :class:`~symcm.algebra.cases.Cases` of records where the causal
        structure changes with the parameters.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> a = sc.information_anatomy(sc.processes.golden_mean(sp.Rational(1, 2)))
    >>> a.h_mu, a.r_mu, a.b_mu
    (2/3, H(1/3)/2, 2/3 - H(1/3)/2)
    """
    as_model(m, "information_anatomy")
    max_states = checks.cap(max_states, "max_states", where="information_anatomy")
    return _cases_of(epsilon_machine(m, max_states=max_states),
                     lambda mach: _over_structures(mach, max_states, _anatomy, scalar=False))


# --- gauge and oracular information of a presentation --------------------------------------

def _presentation_parts(model: HMM, max_states: int) -> tuple[sp.Expr, sp.Expr]:
    """``(phi, zeta)`` of one presentation on its generic structure (one recurrent class)."""
    from .complexity import reverse

    rec = recurrent_part(model)
    if is_unifilar(rec):
        pieces = []
        for cond, subst, dom in strata(rec, max_states=max_states):
            here = rec.subs(subst, domain=dom) if subst else rec
            if len(_partition(here)) == len(here.states):
                # R_0 is the causal state: a function of the past, so zeta = phi = 0 [Travers & Crutchfield 2011]
                pieces.append(((sp.Integer(0), sp.Integer(0)), cond))
            else:
                pieces.append((_mixed_parts(here, reverse, max_states), cond))
        if all(v == pieces[-1][0] for v, _ in pieces):
            return pieces[-1][0]
        return tuple(sp.Piecewise(*((v[k], c) for v, c in pieces[:-1]), (pieces[-1][0][k], True)) for k in (0, 1))
    return _mixed_parts(rec, reverse, max_states)


def _mixed_parts(rec: HMM, reverse, max_states: int) -> tuple[sp.Expr, sp.Expr]:
    pi = _generic_pi(rec)
    rev = reverse(rec)
    if isinstance(rev, Cases):
        rev = rev.values[-1]
    f_rec, f_bel = _recurrent_mixed_states(rec, max_states=max_states)
    r_rec, r_bel = _recurrent_mixed_states(rev, max_states=max_states)
    f_pi, r_pi = _generic_pi(f_rec), _generic_pi(r_rec)
    given_past = sp.Add(*(f_pi[e] * entropy_of(f_bel[e].values()) for e in f_rec.states))
    phi = sp.Integer(0)
    for e in f_rec.states:
        eta = f_bel[e]
        for f in r_rec.states:
            xi = r_bel[f]
            terms = {r: sp.factor(eta.get(r, 0) * xi.get(r, 0) / pi[r]) for r in rec.states}
            z = sp.factor(sp.Add(*terms.values()))
            if z != 0:
                phi += f_pi[e] * r_pi[f] * z * entropy_of([sp.factor(t / z) for t in terms.values() if t != 0])
    return phi, given_past - phi


def _presentation_measure(m: HMM, k: int, where: str, max_states: int):
    from .stationary import _refuse_several_classes, recurrent_classes

    as_model(m, where)
    max_states = checks.cap(max_states, "max_states", where=where)
    _refuse_several_classes(recurrent_classes(m))
    return by_strata(m, lambda model: _presentation_parts(model, max_states)[k],
                     lambda cm, here: _presentation_measure(cm, k, where, max_states), where.replace("_", " "))


def gauge_information(m: HMM, *, max_states: int = MAX_MIXED_STATES) -> sp.Expr:
    r""":math:`\varphi = H[R_0 \mid X_{:0}, X_{0:}]`: state information of the presentation ``m`` neither past nor future fixes.

    Computed for ``m`` itself (not its epsilon-machine) from its recurrent
    forward and reverse mixed states [Crutchfield, Ellison, James & Mahoney
    2010]; zero for a minimal unifilar presentation (an epsilon-machine).

    Raises
    ------
    InfiniteStatesError
        If the forward or reverse mixed states of ``m`` do not close.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> sc.gauge_information(sc.processes.golden_mean(sc.symbols("p")))
    0
    >>> half = sp.Rational(1, 2)    # a fair coin presented with two copies of one state
    >>> m = sc.HMM.from_edges([("A", "A", "0", half / 2), ("A", "B", "0", half / 2), ("A", "A", "1", half / 2),
    ...                        ("A", "B", "1", half / 2), ("B", "A", "0", half / 2), ("B", "B", "0", half / 2),
    ...                        ("B", "A", "1", half / 2), ("B", "B", "1", half / 2)])
    >>> sc.gauge_information(m)
    1
    """
    return _presentation_measure(m, 0, "gauge_information", max_states)


def oracular_information(m: HMM, *, max_states: int = MAX_MIXED_STATES) -> sp.Expr:
    r""":math:`\zeta = I[R_0; X_{0:} \mid X_{:0}]`: state information of ``m`` about the future the past does not give.

    Computed for ``m`` itself from its recurrent forward and reverse mixed
    states [Crutchfield, Ellison, James & Mahoney 2010]; zero for a unifilar
    minimal presentation.  With the gauge information :math:`\varphi`, the
    presentation's crypticity :math:`\chi` and the excess entropy,
    :math:`H[R_0] = \mathbf{E} + \chi + \zeta + \varphi`.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.oracular_information(sc.processes.golden_mean(sc.symbols("p")))
    0
    """
    return _presentation_measure(m, 1, "oracular_information", max_states)
