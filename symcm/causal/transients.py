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
``Piecewise`` (:func:`~symcm.causal.ergodic.measure_of`).

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

from functools import lru_cache

import sympy as sp

from .. import checks
from ..algebra.entropy import H, _entropy_of_valid
from ..errors import InfiniteStatesError, ParameterTypeError
from ..models.hmm import HMM, as_model
from .ergodic import measure_of
from .states import MAX_MIXED_STATES, _mixed_states, epsilon_machine

__all__ = [
    "transient_information",
    "synchronization_information",
    "synchronization_order",
    "predictability_gain",
    "block_entropy_closed_form",
]


class _Transients:
    """The transient part of one machine's MSP: ``Q``, ``g``, ``H[eta]``, ``h_mu``, the order."""

    __slots__ = ("q", "g", "hb", "rate", "order", "first", "_x", "_y")

    def __init__(self, q, g, hb, rate, order, first):
        self.q, self.g, self.hb, self.rate, self.order, self.first = q, g, hb, rate, order, first
        self._x = self._y = None

    def powers(self, count: int) -> list:
        """``a_0, ..., a_{count-1}``: the law of the transient belief after ``n`` symbols (row vectors)."""
        n = len(self.g)
        if not n:
            return [[] for _ in range(count)]
        row = [sp.Integer(1) if i == self.first else sp.Integer(0) for i in range(n)]
        out = []
        for _ in range(count):
            out.append(row)
            row = [sp.cancel(sp.Add(*(row[i] * self.q[i][j] for i in range(n) if row[i] and self.q[i][j])))
                   for j in range(n)]
        return out

    def resolvent(self) -> tuple[list, list]:
        """``x = <delta_pi| (I - Q)^-1`` and ``y = x (I - Q)^-1`` (rational functions)."""
        if self._x is None:
            n = len(self.g)
            if not n:
                self._x, self._y = [], []
            elif self.order is not sp.oo:  # nilpotent: finite sums of powers
                rows = self.powers(int(self.order))
                self._x = [sp.cancel(sp.Add(*(r[i] for r in rows))) for i in range(n)]
                self._y = [sp.cancel(sp.Add(*((k + 1) * r[i] for k, r in enumerate(rows)))) for i in range(n)]
            else:
                self._x = _solve_left(self.q, [sp.Integer(int(i == self.first)) for i in range(n)])
                self._y = _solve_left(self.q, self._x)
        return self._x, self._y


def _solve_left(q: list, b: list) -> list:
    """The row vector ``x`` with ``x (I - Q) = b``, over the field of rational functions."""
    from sympy.polys.matrices import DomainMatrix

    n = len(b)
    a = sp.Matrix(n, n, lambda i, j: int(i == j) - q[j][i])  # (I - Q)^T
    dm = DomainMatrix.from_Matrix(a).to_field()
    rhs = DomainMatrix.from_Matrix(sp.Matrix(n, 1, b)).convert_to(dm.domain)
    sol = dm.lu_solve(rhs).to_Matrix()
    return [sp.cancel(sol[i]) for i in range(n)]


def _expand(expr) -> sp.Expr:
    """``sympy.expand`` of the rational coefficients, the arguments of ``H`` and ``log`` left as they are."""
    expr = sp.sympify(expr)
    atoms = expr.atoms(H, sp.log)
    if not atoms:
        return sp.expand(expr)
    hide = {a: sp.Dummy() for a in atoms}
    return sp.expand(expr.xreplace(hide)).xreplace({d: a for a, d in hide.items()})


def _collect(expr) -> sp.Expr:
    """Collect a sum of ``rational * transcendental`` terms by the transcendental factor."""
    groups: dict = {}
    for term in sp.Add.make_args(_expand(expr)):
        coeff, rest = [], []
        for f in sp.Mul.make_args(term):
            (rest if f.has(H, sp.log) else coeff).append(f)
        key = sp.Mul(*rest)
        groups[key] = groups.get(key, 0) + sp.Mul(*coeff)
    return sp.Add(*(sp.cancel(c) * k for k, c in groups.items()))


def _tidy(expr) -> sp.Expr:
    """:func:`_collect`, and entropies of rational numbers written as logarithms when that is shorter.

    ``2/3 + H(1/3)`` is ``log2 3``: the sums over transient beliefs of a
    periodic process cancel only in the logarithmic form.
    """
    expr = _collect(sp.sympify(expr))
    numeric = [a for a in expr.atoms(H) if all(x.is_Rational for x in a.args)]
    if not numeric:
        return expr
    logs = expr.xreplace({a: sp.expand_log(a.rewrite(sp.log), force=True) for a in numeric})
    logs = _collect(logs)
    return logs if sp.count_ops(logs) < sp.count_ops(expr) else expr


def _dot(u: list, v: list) -> sp.Expr:
    return _tidy(sp.Add(*(a * b for a, b in zip(u, v) if a and b)))


@lru_cache(maxsize=64)
def _transients(machine: HMM, max_states: int) -> _Transients:
    """The MSP of one (recurrent, unifilar) machine reduced to its transient beliefs."""
    beliefs, edges = _mixed_states(machine, max_states, public=False)
    emit = {s: {} for s in machine.states}
    for e in machine.edges:
        emit[e.source][e.symbol] = emit[e.source].get(e.symbol, 0) + e.probability
    h_state = [_entropy_of_valid(emit[s].values()) for s in machine.states]
    pi = beliefs[0]
    rate = _tidy(sp.Add(*(w * h for w, h in zip(pi, h_state) if w)))
    transient = [i for i, b in enumerate(beliefs) if sum(1 for w in b if w != 0) > 1]
    index = {b: k for k, b in enumerate(transient)}
    n = len(transient)
    q = [[sp.Integer(0)] * n for _ in range(n)]
    nxt = [dict() for _ in range(n)]
    succ = [set() for _ in range(n)]
    for a, b, x, pr in edges:
        if a in index:
            nxt[index[a]][x] = nxt[index[a]].get(x, 0) + pr
            if b in index:
                q[index[a]][index[b]] += pr
                succ[index[a]].add(index[b])
    g, hb = [], []
    for k, i in enumerate(transient):
        eta = beliefs[i]
        g.append(_tidy(_entropy_of_valid(nxt[k].values())
                       - sp.Add(*(w * h for w, h in zip(eta, h_state) if w))))
        hb.append(_entropy_of_valid(eta))
    first = index.get(0)
    return _Transients(q, g, hb, rate, _longest_path(succ, first), first)


def _longest_path(succ: list, first) -> sp.Expr:
    """Synchronisation order: 1 + the longest path of transient beliefs from ``first``; ``oo`` on a cycle."""
    if first is None:
        return sp.Integer(0)
    depth: dict = {}
    on_stack: set = set()

    def visit(v):  # the transient graph has at most max_states nodes; recursion depth is bounded by it
        if v in on_stack:
            return None
        if v in depth:
            return depth[v]
        on_stack.add(v)
        best = 0
        for w in succ[v]:
            d = visit(w)
            if d is None:
                return None
            best = max(best, d)
        on_stack.discard(v)
        depth[v] = best + 1
        return best + 1

    d = visit(first)
    return sp.oo if d is None else sp.Integer(d)


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
        _, y = t.resolvent()
        return _dot(y, t.g)

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
        x, _ = t.resolvent()
        return _dot(x, t.hb)

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


def _by_atom(vec: list) -> dict:
    """``{transcendental factor: rational vector}`` with ``vec = sum_k factor_k * vector_k``."""
    out: dict = {}
    for i, entry in enumerate(vec):
        for term in sp.Add.make_args(_expand(entry)):
            coeff, rest = [], []
            for f in sp.Mul.make_args(term):
                (rest if f.has(H, sp.log) else coeff).append(f)
            out.setdefault(sp.Mul(*rest), [sp.Integer(0)] * len(vec))[i] += sp.Mul(*coeff)
    return out


def _spectral(t: _Transients, vec: list, L, where: str) -> tuple[int, sp.Expr]:
    """``(m0, s)``: ``s = <delta_pi| Q^L |vec>`` for every integer ``L >= m0``, as ``RootSum`` over the spectrum of ``Q``.

    The generating function ``sum_L x^L <delta_pi| Q^L |v> = <delta_pi| (I - xQ)^-1 |v> = N(x) / D(x)``
    is rational with ``D(0) = 1``; its polynomial part has degree below ``m0`` (the multiplicity of the
    eigenvalue 0, ``n - deg det(I - xQ)``) and, when the reversed denominator ``c(lambda)`` is
    squarefree, the coefficient of ``x^L`` is ``sum_{c(lambda) = 0} -lambda N(1/lambda) / D'(1/lambda) lambda^L``
    [Riechers & Crutchfield 2018]: exact, with no root computed.  Repeated roots (Jordan blocks)
    bring binomials in ``L`` (:func:`_coefficient_of_power`).
    """
    from sympy.polys.matrices import DomainMatrix

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


def _coefficient_of_power(f: sp.Expr, x: sp.Symbol, L, lam: sp.Dummy) -> tuple[int, sp.Expr]:
    """``(d, s)``: for every integer ``L >= d`` the coefficient of ``x^L`` in the rational function ``f`` is ``s``.

    The partial fractions of ``f`` (:func:`sympy.polys.partfrac.apart_list`, no root computed) are
    a polynomial of degree ``d - 1`` plus terms ``sum_{D(w) = 0} a(w) / (x - w)^e``, and
    ``1 / (x - w)^e = (-w)^-e sum_L binomial(L + e - 1, e - 1) (x / w)^L``.  With
    ``lambda = 1 / w`` (an eigenvalue of ``Q``) each term is
    ``RootSum(c, lambda -> a(1/lambda) (-lambda)^e binomial(L + e - 1, e - 1) lambda^L)`` over the
    reversed polynomial ``c`` of ``D``: a Jordan block of size ``e`` brings the polynomial
    ``binomial(L + e - 1, e - 1)`` in ``L`` [Riechers & Crutchfield 2018].
    """
    from sympy.polys.partfrac import apart_list

    if not f.has(x):
        return (1 if f != 0 else 0), sp.Integer(0)
    common, poly, parts = apart_list(f, x)
    total = sp.Integer(0)
    for dpoly, numerator, _, e in parts:
        c = sp.Poly(dpoly.all_coeffs()[::-1], lam)
        weight = sp.together(numerator(1 / lam) * (-lam) ** e) * sp.binomial(L + e - 1, e - 1)
        total += sp.RootSum(c, sp.Lambda(lam, weight * lam**L))
    return (0 if poly.is_zero else poly.degree() + 1), common * total


def _solve_right(q: list, b: list) -> list:
    """The column vector ``v`` with ``(I - Q) v = b`` (``b`` rational)."""
    n = len(b)
    qt = [[q[j][i] for j in range(n)] for i in range(n)]
    return _solve_left(qt, b)


def _block(t: _Transients, L) -> sp.Expr:
    """``H(L) = L h_mu + sum_{n < L} a_n . g`` for one machine (``L`` an int or a Symbol)."""
    if isinstance(L, sp.Symbol):
        if t.order is sp.oo:  # H(L) = L h_mu + E - <delta_pi| Q^L (I - Q)^-1 |g>
            x, _ = t.resolvent()
            parts = [(atom, _solve_right(t.q, v)) for atom, v in _by_atom(t.g).items()]
            z = [sp.Add(*(atom * w[i] for atom, w in parts)) for i in range(len(t.g))]
            m0, tail = _spectral(t, z, L, "block_entropy")
            pieces = [(_block(t, n), sp.Eq(L, n)) for n in range(m0)]
            return sp.Piecewise(*pieces, (_tidy(t.rate * L + _dot(x, t.g)) - tail, True))
        k = int(t.order)
        if k == 0:
            return t.rate * L
        rows, total, pieces = t.powers(k), sp.Integer(0), []
        for n in range(k):
            pieces.append((_tidy(n * t.rate + total), sp.Eq(L, n)))
            total += _dot(rows[n], t.g)
        return sp.Piecewise(*pieces, (_tidy(t.rate * L + total), True))
    count = L if t.order is sp.oo else min(L, int(t.order))
    return _tidy(L * t.rate + sp.Add(*(_dot(r, t.g) for r in t.powers(count))))


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
        return t.rate + (_dot(rows[n - 1], t.g) if n - 1 < len(rows) else 0)

    if isinstance(L, sp.Symbol) and t.order is sp.oo:  # <delta_pi| Q^(L-2) (Q - I) |g> for L >= m0 + 2
        n = len(t.g)
        vec = [sp.Add(*(t.q[i][j] * t.g[j] for j in range(n))) - t.g[i] for i in range(n)]
        m0, tail = _spectral(t, vec, L - 2, "predictability_gain")
        rows = t.powers(m0 + 1)
        rates = [top] + [rate_at(n, rows) for n in range(1, m0 + 2)]
        pieces = [(_tidy(rates[n] - rates[n - 1]), sp.Eq(L, n)) for n in range(1, m0 + 2)]
        return sp.Piecewise(*pieces, (tail, True))
    if isinstance(L, sp.Symbol):
        k = int(t.order)
        rows = t.powers(k)
        rates = [top] + [rate_at(n, rows) for n in range(1, k + 2)]
        pieces = [(_tidy(rates[n] - rates[n - 1]), sp.Eq(L, n)) for n in range(1, k + 2)]
        return sp.Piecewise(*pieces, (sp.Integer(0), True))
    rows = t.powers(L if t.order is sp.oo else min(L, int(t.order)))
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
