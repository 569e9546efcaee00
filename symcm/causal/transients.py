"""Entropy convergence and synchronisation: H(L) in closed form, T, S, the synchronisation order.

Let ``M`` be the epsilon-machine (causal states ``s``, stationary ``pi``,
next-symbol entropies ``H_s = H[X_0 | S_0 = s]``, ``h_mu = sum_s pi_s H_s``)
and build its **mixed-state presentation** (MSP) from ``pi``: the belief
``eta_w = Pr(S_L | X_{0:L} = w)`` after each word, a unifilar chain ``W`` on
the beliefs started at ``eta_0 = pi`` [Blackwell 1957; Upper 1997;
Crutchfield, Riechers & Ellison 2016].  ``eta`` determines the distribution
of the next symbol, so with ``a_n = <delta_pi| W^n`` the law of the belief
after ``n`` symbols,

* ``h_mu(L) = H(L) - H(L-1) = H[X_{L-1} | X_{0:L-1}] = <delta_pi| W^(L-1) |H(W^A)>``
  (the expected next-symbol entropy of the belief after ``L - 1`` symbols);
* ``H[S_L | X_{0:L}] = <delta_pi| W^L |H[eta]>`` (the state uncertainty).

For a finite MSP the recurrent beliefs are the point masses on the causal
states (every epsilon-machine synchronises asymptotically [Travers &
Crutchfield 2011]).  A finite epsilon-machine may have infinitely many
transient beliefs (a word that keeps the observer unsure in ever new ways);
then the construction stops at ``max_states`` with an
:class:`~symcm.errors.InfiniteStatesError` and nothing here is answered.  Split ``a_n`` into its transient part (a row vector
over the transient beliefs, ``a_n = <delta_pi| Q^n`` with ``Q`` the
transient-to-transient block of ``W``) and its recurrent part ``b_n``.  The
mean belief is stationary at every ``n`` (``sum_eta Pr(eta_n = eta) eta =
pi``), so ``b_n(s) = pi_s - sum_{eta transient} a_n(eta) eta_s`` and

    ``h_mu(n + 1) - h_mu = a_n . g``,   ``g(eta) = H[X | eta] - sum_s eta_s H_s >= 0``,

a sum over the transient beliefs only: the recurrent part, whose sums need
the Drazin inverse of ``I - W`` [Riechers & Crutchfield 2018], cancels
exactly.  ``Q`` is substochastic with every transient belief leaving
eventually, so ``I - Q`` is invertible and, with rational-function linear
algebra only (no eigenvalues) [Crutchfield & Feldman 2003; Crutchfield,
Riechers & Ellison 2016]:

* excess entropy ``E = sum_{L >= 1} (h_mu(L) - h_mu) = <delta_pi| (I - Q)^-1 |g>``;
* transient information ``T = sum_{L >= 0} (E + L h_mu - H(L)) = sum_{L >= 1} L (h_mu(L) - h_mu)
  = <delta_pi| (I - Q)^-2 |g>``;
* synchronisation information ``S = sum_{L >= 0} H[S_L | X_{0:L}] = <delta_pi| (I - Q)^-1 |H[eta]>``;
* block entropy ``H(L) = L h_mu + E - <delta_pi| Q^L (I - Q)^-1 |g>``;
* predictability gain ``Delta^2 H(L) = h_mu(L) - h_mu(L-1)`` (``L >= 1``, with
  ``h_mu(0) = log2 |A|``) [Crutchfield & Feldman 2003, Sec. IV].

The **synchronisation order** ``k`` is the least ``L`` at which every word
of length ``L`` synchronises (every belief reachable in ``L`` steps is a
causal state): one more than the longest path of transient beliefs, ``oo``
when they contain a cycle (the even process: ``1^n`` never synchronises).
When ``k`` is finite ``Q`` is nilpotent (``Q^k = 0``), so ``H(L) = L h_mu +
E`` for ``L >= k`` and the closed form in a symbolic ``L`` is a
``Piecewise`` over ``L = 0, ..., k - 1`` and ``L >= k``.  For ``k = oo``
the tail ``<delta_pi| Q^L |v>`` is the coefficient of ``x^L`` in the
rational generating function ``<delta_pi| (I - xQ)^-1 |v> = N(x) / D(x)``
(``D(x) = det(I - xQ)`` up to a common factor): past ``m0``, the
multiplicity of the eigenvalue 0 of ``Q``, it is
``sum_{c(lambda) = 0} -lambda N(1/lambda) / D'(1/lambda) lambda^L`` over the
roots of the reversed denominator ``c(lambda) = lambda^deg D D(1/lambda)``,
written as a ``sympy.RootSum`` (exact, no root computed; it evaluates to a
rational function at every integer ``L``) -- the spectral decomposition of
``Q^L`` of Riechers & Crutchfield 2018 for a diagonalisable non-nilpotent
part.  A repeated nonzero root (a Jordan block of size ``e``) contributes
``binomial(L + e - 1, e - 1) lambda^L`` terms: the partial fractions of
``N(x) / D(x)`` are taken without computing a root
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
    """The transient information ``T = sum_{L >= 0} [E + L h_mu - H(L)] = sum_{L >= 1} L (h_mu(L) - h_mu)``, in bits x symbols.

    Computed as ``<delta_pi| (I - Q)^-2 |g>`` over the transient mixed states
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
    """The synchronisation information ``S = sum_{L >= 0} H[S_L | X_{0:L}]`` of the epsilon-machine, in bits x symbols.

    ``H[S_L | X_{0:L}]`` is the mean entropy of the belief over causal states
    after ``L`` symbols (``C_mu`` at ``L = 0``); ``S = <delta_pi| (I - Q)^-1 |H[eta]>``.

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
    """The least ``L`` at which every word of length ``L`` synchronises to a causal state (``oo`` if none).

    Equivalently the least ``L`` with ``H[S_L | X_{0:L}] = 0``; for the
    epsilon-machine it agrees with :func:`~symcm.causal.complexity.markov_order`
    (both are the least ``L`` at which the last ``L`` symbols fix the causal
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
    """The block entropy ``H(L) = L h_mu + E - <delta_pi| Q^L (I - Q)^-1 |g>`` from the mixed states.

    For an ``int`` ``L`` the exact value without enumerating words (``L``
    steps of the transient chain, none past the synchronisation order).  For
    a sympy ``Symbol`` ``L`` (standing for a nonnegative integer) the closed
    form: with a finite synchronisation order ``k``,
    ``Piecewise((H(0), Eq(L, 0)), ..., (H(k-1), Eq(L, k-1)), (E + L h_mu, True))``;
    with ``k = oo``, explicit values below ``m0`` and
    ``L h_mu + E - sum_atoms atom * RootSum(c, Lambda(lambda, w(lambda) lambda^L))``
    from ``m0`` on (module docstring).  :func:`symcm.block_entropy` with a
    Symbol ``L`` calls this.

    A repeated nonzero eigenvalue of the transient block (a Jordan block
    of size ``e``) brings the factor ``binomial(L + e - 1, e - 1)`` to its
    ``lambda^L`` terms.

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
    """The predictability gain ``Delta^2 H(L) = h_mu(L) - h_mu(L-1)`` (``L >= 1``), in bits per symbol^2.

    ``h_mu(L) = H(L) - H(L-1)`` for ``L >= 1`` and ``h_mu(0) = log2 |A|``
    (the alphabet size), so ``Delta^2 H(1) = H(1) - log2 |A|`` and
    ``sum_{L >= 1} Delta^2 H(L) = h_mu - log2 |A|``.  ``L`` may be a sympy
    Symbol (a positive integer) when the synchronisation order ``k`` is
    finite: a ``Piecewise`` over ``L = 1, ..., k + 1``, zero beyond.

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
