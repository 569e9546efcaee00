r"""Quantum statistical complexity: the von Neumann entropy of the q-machine's stationary state.

Mathematics
-----------
Let the epsilon-machine have causal states :math:`\sigma_j` with stationary
probabilities :math:`\pi_j`, and write :math:`\Pr(w, \sigma_k \mid \sigma_j)`
for the probability of emitting the word :math:`w` from :math:`\sigma_j` and
ending in :math:`\sigma_k` (one path at most: the machine is unifilar).  The
**q-machine of codeword length** :math:`L` encodes each causal state as the
pure state

.. math::

    |\eta_j(L)\rangle = \sum_{w \in \mathcal{A}^L} \sum_k
        \sqrt{\Pr(w, \sigma_k \mid \sigma_j)}\; |w\rangle |\sigma_k\rangle .

For :math:`L = 1` these are the quantum causal states of Gu, Wiesner, Rieper
& Vedral [1]_; general :math:`L` is the construction of Mahoney,
Aghamohammadi & Crutchfield [2]_.  The **quantum statistical complexity**
is the von Neumann entropy (in bits) of the stationary ensemble,

.. math::

    C_q(L) = S(\rho), \qquad \rho = \sum_j \pi_j\, |\eta_j(L)\rangle\langle \eta_j(L)| .

The nonzero eigenvalues of :math:`\rho` are those of the Gram matrix
:math:`G_{jk} = \sqrt{\pi_j \pi_k}\, \langle \eta_j | \eta_k \rangle`
(:math:`\rho = A A^\dagger`, :math:`G = A^\dagger A` with
:math:`A = [\sqrt{\pi_j} |\eta_j\rangle]_j`), and also those of
:math:`D O` with :math:`D = \operatorname{diag}(\pi)` and the overlap matrix

.. math::

    O_{jk} = \langle \eta_j(L) | \eta_k(L) \rangle
        = \sum_{w:\ \delta(\sigma_j, w) = \delta(\sigma_k, w)}
          \sqrt{\Pr(w \mid \sigma_j) \Pr(w \mid \sigma_k)}

(a word counts only when it leads both states to the *same* state: the
state register is part of the codeword; without it the ensemble could not
be continued by a unitary, and :math:`C_q \ge \mathbf{E}` could fail).  :math:`D O` is
similar to :math:`G` and has no square roots of :math:`\pi`, so its characteristic
polynomial is the one symcm works with.

:math:`C_q(L)` does not increase with :math:`L`, and it stops decreasing at
the cryptic order :math:`k` of the process: :math:`C_q(L) = C_q(k)` for
every :math:`L \ge k` ([2]_, [3]_).  Always
:math:`E \le C_q(L) \le C_\mu` ([1]_, [2]_), with :math:`C_q(0) = C_\mu`
(orthogonal codewords).

Exact forms
    The Gram matrix splits into blocks over the classes of states joined by
    nonzero overlaps.  A block of one state contributes the eigenvalue
    :math:`\pi_j`; a block of two, :math:`\tfrac12\bigl(t \pm \sqrt{(\pi_a -
    \pi_b)^2 + 4\pi_a\pi_b O_{ab}^2}\bigr)` with :math:`t = \pi_a + \pi_b`,
    so a two-state machine has :math:`C_q = H(\lambda)`, :math:`\lambda` a
    radical expression in the parameters.  A larger block with rational
    coefficients contributes the roots of its factors (radicals up to
    degree 2, ``CRootOf`` beyond); otherwise the answer is
    :math:`-\tfrac{1}{\ln 2}\sum_{\chi(\lambda) = 0} \lambda \ln \lambda`,
    a ``RootSum`` over the characteristic polynomial :math:`\chi` of
    :math:`D O` (exact, also with symbolic parameters).

Certified enclosures
    At a numeric point ``enclose=True`` returns an interval certified to
    contain :math:`C_q`: the entries of :math:`G` are enclosed in interval
    arithmetic, an approximate orthonormal eigenbasis :math:`V` is computed
    in floating point, and with :math:`B = V^T G V` and
    :math:`F = V^T V - I` (both in interval arithmetic) the sorted
    eigenvalues satisfy :math:`\lambda_i(B) \in b_{(i)} \pm
    \lVert B - \operatorname{diag} B \rVert_F` (Weyl's inequality) and
    :math:`\lambda_i(B) = \theta_i \lambda_i(G)` with :math:`\theta_i \in
    [1 - \lVert F\rVert_F, 1 + \lVert F\rVert_F]` (Ostrowski's theorem)
    [4]_.  The entropy terms :math:`-\lambda \log_2 \lambda` are enclosed on
    their monotone pieces.

References
----------
.. [1] M. Gu, K. Wiesner, E. Rieper and V. Vedral, "Quantum mechanics can
   reduce the complexity of classical models", Nat. Commun. 3, 762 (2012).
.. [2] J. R. Mahoney, C. Aghamohammadi and J. P. Crutchfield, "Occam's
   quantum strop: synchronizing and compressing classical cryptic processes
   via a quantum channel", Sci. Rep. 6, 20495 (2016).
.. [3] P. M. Riechers, J. R. Mahoney, C. Aghamohammadi and J. P.
   Crutchfield, "Minimized state complexity of quantum-encoded cryptic
   processes", Phys. Rev. A 93, 052317 (2016).
.. [4] R. A. Horn and C. R. Johnson, *Matrix Analysis*, 2nd ed., Cambridge
   University Press, 2013, Thm. 4.3.1 (Weyl) and Thm. 4.5.9 (Ostrowski).
"""

from __future__ import annotations

import sympy as sp

from .. import checks
from ..algebra.entropy import entropy_of
from ..causal.complexity import _order, _reverse_strata
from ..causal.ergodic import measure_of
from ..causal.measures import _generic_pi
from ..causal.states import MAX_MIXED_STATES, epsilon_machine
from ..errors import DomainError, NotNumericError, TooLargeError
from ..models.hmm import HMM, as_model

__all__ = ["quantum_complexity", "overlap_matrix"]

#: Most words of length L (over all causal states) the overlaps enumerate before giving up.
MAX_CODEWORDS = 20_000

_X = sp.Dummy("x")


def _cryptic_order(machine: HMM, max_states: int):
    """The cryptic order of one epsilon-machine: the largest over its reverse strata (``oo`` if infinite)."""
    values = []
    for _cond, supports, mach_here, _ in _reverse_strata(machine, max_states):
        values.append(_order(mach_here, lambda q, supports=supports: all(len(q & v) <= 1 for v in supports)))
    return max(values)


def _amplitudes(machine: HMM, length: int) -> dict:
    """``state -> {word: (end state, sqrt Pr(w | state))}`` over the words of positive probability."""
    step = {(e.source, e.symbol): (e.target, sp.sqrt(e.probability)) for e in machine.edges
            if e.probability != 0}
    out, total = {}, 0
    for s in machine.states:
        layer = {(): (s, sp.Integer(1))}
        for _ in range(length):
            nxt = {}
            for w, (t, a) in layer.items():
                for x in machine.alphabet:
                    if (t, x) in step:
                        u, b = step[(t, x)]
                        nxt[w + (x,)] = (u, a * b)
            layer = nxt
            if total + len(layer) > MAX_CODEWORDS:
                raise TooLargeError(
                    f"quantum_complexity: codewords of length {length} number more than {MAX_CODEWORDS} "
                    f"over the {len(machine.states)} causal states; pass a smaller L")
        total += len(layer)
        out[s] = layer
    return out


def overlap_matrix(machine: HMM, L: int) -> sp.Matrix:
    r"""The overlaps :math:`O_{jk} = \langle \eta_j(L) | \eta_k(L) \rangle` of the length-:math:`L` q-machine.

    :math:`O_{jk} = \sum_w \sqrt{\Pr(w \mid \sigma_j)\Pr(w \mid \sigma_k)}`
    over the words :math:`w` of length :math:`L` that lead both states to the same
    state [Mahoney, Aghamohammadi & Crutchfield 2016]; :math:`L = 1` gives the
    overlaps of Gu et al. (2012).  Rows and columns follow ``machine.states``.

    Parameters
    ----------
    machine : HMM
        A unifilar presentation (normally the epsilon-machine).
    L : int
        The codeword length, :math:`L \ge 0` (:math:`L = 0`: the identity).

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> from symcm.information.quantum import overlap_matrix
    >>> overlap_matrix(sc.processes.golden_mean(p), 1)
    Matrix([
    [           1, sqrt(1 - p)],
    [sqrt(1 - p),            1]])
    """
    from ..models.structure import is_unifilar
    from ..errors import NotUnifilarError

    as_model(machine, "overlap_matrix")
    L = checks.integer(L, "L", where="overlap_matrix", minimum=0)
    if not is_unifilar(machine):
        raise NotUnifilarError("overlap_matrix: expected a unifilar machine (the epsilon-machine), "
                               "received a non-unifilar presentation")
    amp = _amplitudes(machine, L)
    states = machine.states
    n = len(states)
    out = sp.zeros(n, n)
    for i, a in enumerate(states):
        for j in range(i, n):
            b = states[j]
            if i == j:
                out[i, i] = sp.Integer(1)
                continue
            terms = [u[1] * amp[b][w][1] for w, u in amp[a].items() if w in amp[b] and amp[b][w][0] == u[0]]
            out[i, j] = out[j, i] = sp.Add(*terms)
    return out


def _blocks(overlaps: sp.Matrix) -> list[list[int]]:
    """Index classes joined by nonzero overlaps (connected components)."""
    n = overlaps.shape[0]
    seen, blocks = set(), []
    for start in range(n):
        if start in seen:
            continue
        comp, stack = [], [start]
        seen.add(start)
        while stack:
            i = stack.pop()
            comp.append(i)
            for j in range(n):
                if j not in seen and overlaps[i, j] != 0:
                    seen.add(j)
                    stack.append(j)
        blocks.append(sorted(comp))
    return blocks


def _tidy(expr):
    """A rational function of the parameters in lowest terms; anything with radicals as it is."""
    return sp.factor(sp.cancel(expr)) if expr.is_rational_function() else expr


def _radicand(pa, pb, o):
    """``(pa - pb)**2 + 4 pa pb o**2`` grouped by the radicals of ``o**2``, each coefficient in lowest terms."""
    groups: dict = {}
    for term in sp.Add.make_args(sp.expand(o ** 2)):
        rad = [f for f in sp.Mul.make_args(term) if f.is_Pow and not f.exp.is_Integer]
        key = sp.Mul(*rad)
        groups[key] = groups.get(key, 0) + term / key
    groups[sp.Integer(1)] = (pa - pb) ** 2 + 4 * pa * pb * groups.get(sp.Integer(1), 0)
    return sp.Add(*(_tidy(c if key == 1 else 4 * pa * pb * c) * key for key, c in groups.items()))


def _exact(machine: HMM, L: int):
    """``C_q(L)`` of one machine, exactly (see the module docstring)."""
    overlaps = overlap_matrix(machine, L)
    pi = _generic_pi(machine)
    p = [pi[s] for s in machine.states]
    eigen, polys = [], []
    for block in _blocks(overlaps):
        if len(block) == 1:
            eigen.append(p[block[0]])
        elif len(block) == 2:
            a, b = block
            t = _tidy(p[a] + p[b])
            radicand = _radicand(p[a], p[b], overlaps[a, b])
            root = sp.sqrt(radicand)
            eigen += [(t + root) / 2, (t - root) / 2]
        else:
            mat = sp.Matrix([[p[i] * overlaps[i, j] for j in block] for i in block])
            chi = sp.Poly(mat.charpoly().all_coeffs(), _X)
            if all(c.is_Rational for c in chi.all_coeffs()):
                for factor, mult in sp.factor_list(chi)[1]:
                    if factor.degree() <= 2:
                        roots = sp.roots(factor, multiple=True)
                    else:
                        roots = factor.all_roots()
                    eigen += list(roots) * mult
            else:
                polys.append(chi)
    eigen = [e for e in eigen if e != 0]
    if not polys:
        return entropy_of(eigen)
    body = sp.Lambda(_X, _X * sp.log(_X))
    chi = sp.prod([poly.as_expr() for poly in polys])
    return -(sp.Add(*(e * sp.log(e) for e in eigen)) + sp.RootSum(sp.Poly(chi, _X), body)) / sp.log(2)


def _gram_numeric(machine: HMM, L: int) -> list[list]:
    """The exact Gram matrix ``sqrt(pi_j pi_k) O_jk`` at a numeric point."""
    overlaps = overlap_matrix(machine, L)
    pi = _generic_pi(machine)
    p = [sp.sympify(pi[s]) for s in machine.states]
    n = len(p)
    return [[sp.sqrt(p[i] * p[j]) * overlaps[i, j] for j in range(n)] for i in range(n)]


def _enclosure(machine: HMM, L: int, dps: int):
    """A certified interval containing ``C_q(L)`` of one machine without parameters (module docstring)."""
    import mpmath
    from mpmath.libmp.libmpi import mpi_add

    from ..algebra.interval_arithmetic import _phi_raw, to_iv
    from ..algebra.intervals import interval_eval

    gram = _gram_numeric(machine, L)
    n = len(gram)
    prec = int(dps * 3.33) + 30
    iv = mpmath.iv
    saved = iv.prec
    iv.prec = prec
    try:
        ivs = [[interval_eval(gram[i][j], {}, prec=prec) for j in range(n)] for i in range(n)]
        with mpmath.workprec(prec):
            mid = mpmath.matrix([[mpmath.mpf(ivs[i][j].mid) for j in range(n)] for i in range(n)])
            _, vecs = mpmath.eigsy(mid)
        V = [[iv.mpf(vecs[i, j]) for j in range(n)] for i in range(n)]
        GV = [[sum((ivs[i][k] * V[k][j] for k in range(n)), iv.mpf(0)) for j in range(n)] for i in range(n)]
        B = [[sum((V[k][i] * GV[k][j] for k in range(n)), iv.mpf(0)) for j in range(n)] for i in range(n)]
        F = [[sum((V[k][i] * V[k][j] for k in range(n)), iv.mpf(0)) - (1 if i == j else 0) for j in range(n)]
             for i in range(n)]
        off = iv.sqrt(sum((B[i][j] ** 2 for i in range(n) for j in range(n) if i != j), iv.mpf(0)))
        err = iv.sqrt(sum((F[i][j] ** 2 for i in range(n) for j in range(n)), iv.mpf(0)))
        if not err.b < 1:
            raise DomainError("quantum_complexity: the numeric eigenbasis is too far from orthonormal to "
                              f"certify the eigenvalues; received dps={dps}, raise it")
        lows = sorted(B[i][i].a for i in range(n))
        highs = sorted(B[i][i].b for i in range(n))
        theta = iv.mpf([1 - err.b, 1 + err.b])
        total = (mpmath.mpf(0)._mpf_, mpmath.mpf(0)._mpf_)
        for lo, hi in zip(lows, highs):
            lam = (iv.mpf([lo, hi]) + iv.mpf([-off.b, off.b])) / theta
            lam_raw = lam._mpi_
            term = _phi_raw(lam_raw, prec)
            total = mpi_add(total, term, prec)
        return to_iv(total)
    finally:
        iv.prec = saved


def quantum_complexity(m: HMM, *, L=None, enclose: bool = False, dps: int = 30,
                       max_states: int = MAX_MIXED_STATES):
    r""":math:`C_q`: the von Neumann entropy of the q-machine's stationary state, in bits.

    .. math::

        C_q(L) = S\Bigl(\sum_j \pi_j |\eta_j(L)\rangle\langle\eta_j(L)|\Bigr),
        \quad |\eta_j(L)\rangle = \sum_{w, k} \sqrt{\Pr(w, \sigma_k \mid \sigma_j)}\,|w\rangle|\sigma_k\rangle,

    over the epsilon-machine's causal states (module docstring).  :math:`L = 1`
    is the q-machine of Gu, Wiesner, Rieper & Vedral (Nat. Commun. 3, 762,
    2012); the default ``L = None`` takes ``L`` equal to the cryptic order
    :math:`k`, where :math:`C_q(L)` reaches its least value over all :math:`L`
    (Mahoney, Aghamohammadi & Crutchfield, Sci. Rep. 6, 20495, 2016).
    :math:`\mathbf{E} \le C_q(L) \le C_\mu`.  ``Piecewise`` (or a ``Cases``) where the causal
    structure changes, as :func:`~symcm.causal.complexity.statistical_complexity`.

    Parameters
    ----------
    m : HMM
        Any presentation of the process.
    L : int or None, optional
        The codeword length (:math:`L \ge 0`).  ``None``: the cryptic order
        (:class:`~symcm.errors.DomainError` if it is infinite; pass an ``L``).
    enclose : bool, optional
        At a numeric point (no parameters), return an ``mpmath.iv`` interval
        certified to contain :math:`C_q` instead of the exact expression.
    dps : int, optional
        Decimal digits of the enclosure's arithmetic.
    max_states : int, optional
        Cap on mixed states while building the epsilon-machine.

    Returns
    -------
    sympy.Expr or mpmath.iv.mpf
        ``H(...)`` of the eigenvalues (radicals for blocks of two states,
        ``CRootOf`` for larger blocks with rational coefficients), or a
        ``RootSum`` over the characteristic polynomial otherwise.

    Raises
    ------
    DomainError
        When ``L`` is ``None`` and the cryptic order is infinite.
    NotNumericError
        When ``enclose=True`` and the model has parameters.
    TooLargeError
        When there are more than ``MAX_CODEWORDS`` codewords.

    Examples
    --------
    >>> import symcm as sc, sympy as sp
    >>> p = sc.symbols("p")
    >>> sc.quantum_complexity(sc.processes.binary_markov(p, p))   # Gu et al.'s perturbed coin
    Piecewise((0, Eq(p, 1/2)), (H(sqrt(p)*sqrt(1 - p) + 1/2), True))
    >>> sc.quantum_complexity(sc.processes.period(3))
    log(3)/log(2)
    >>> box = sc.quantum_complexity(sc.processes.golden_mean(sp.Rational(1, 2)), enclose=True)
    >>> float(box.a), float(box.b), box.delta < 1e-25
    (0.5500477595827574, 0.5500477595827574, True)
    """
    as_model(m, "quantum_complexity")
    max_states = checks.cap(max_states, "max_states", where="quantum_complexity")
    if L is not None:
        L = checks.integer(L, "L", where="quantum_complexity", minimum=0)
    dps = checks.integer(dps, "dps", where="quantum_complexity", minimum=5)
    if enclose and m.parameters:
        raise NotNumericError(f"quantum_complexity: enclose=True needs a model without parameters; "
                              f"received one with parameters {m.parameters}")

    def one(machine: HMM):
        length = L
        if length is None:
            length = _cryptic_order(machine, max_states)
            if length is sp.oo:
                raise DomainError("quantum_complexity: the cryptic order is infinite, so C_q(L) decreases "
                                  "for every L; received L=None, pass a codeword length L")
            length = int(length)
        if enclose:
            return _enclosure(machine, length, dps)
        return _exact(machine, length)

    return measure_of(epsilon_machine(m, max_states=max_states), one, "quantum statistical complexity")
