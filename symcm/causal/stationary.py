r"""Exact stationary distributions.

The **recurrent classes** of a model are the closed strongly connected
components of its support graph, the other states are **transient**; both
depend on the edges alone and are in :mod:`symcm.models.structure`.  A stationary distribution :math:`\pi` (:math:`\pi T = \pi`,
:math:`\sum_s \pi_s = 1`) is unique exactly when there is one recurrent class; it is
zero on transient states and, on the class, is the normalised left null
vector of :math:`I - T` (Perron-Frobenius; see e.g. Kemeny & Snell 1960,
ch. 5).  A periodic class (e.g. the period-n process) has a unique
stationary distribution too, though :math:`T^k` does not converge.

symcm computes it exactly over :math:`\mathbb{Z}[\text{parameters}]` and returns cancelled
rational functions: the null vector of :math:`\operatorname{diag}(d) (I - T)` (rows cleared of
denominators) comes from modular evaluation and interpolation with an exact
certificate (:mod:`symcm.algebra.modular`) when the answer is much smaller
than the determinant and the flint backend is used, from the adjugate's
values on a grid (:mod:`symcm.algebra.grid_interpolation`, certified too)
when there are at most three parameters and the answer is large, else from
fraction-free Bareiss elimination (:mod:`symcm.algebra.elimination`); the weights are
normalised (gcd 1, total positive at the domain's centre), so both give the
same answer.  The
structure is that of the generic point of the domain; if an edge that
vanishes somewhere in the domain (:attr:`HMM.vanishing_edges`) would split
the chain into several recurrent classes where it vanishes, no formula is
the answer there: :func:`stationary_distribution` then answers region by
region (a :class:`~symcm.algebra.cases.Cases` with an
:class:`~symcm.causal.ergodic.ErgodicDecomposition` on each such stratum, see
:mod:`symcm.causal.ergodic`) instead of returning a formula that is wrong on part
of the domain.

References
----------
.. [1] J. G. Kemeny and J. L. Snell, *Finite Markov Chains*, Van Nostrand, 1960.
.. [2] E. Seneta, *Non-negative Matrices and Markov Chains*, 2nd ed., Springer, 1981.
"""

from __future__ import annotations

import sympy as sp

from ..models.hmm import as_model
from .. import checks
from ..errors import NotErgodicError, TooLargeError
from ..models.hmm import HMM
from ..models.structure import recurrent_classes
from ..algebra.backends import backend_name, get_backend
from ..algebra.elimination import MAX_TERMS, TRY_TERMS, solve_null_vector
from ..algebra.lazy import LazyFractions
from ..algebra.grid_interpolation import grid_null_vector, prefer_grid
from ..algebra.modular import modular_null_vector, prefer_modular
from ..algebra.ring import rational_to_backend

#: Whether :func:`_class_weights` may use the modular, certified null vector
#: (:mod:`symcm.algebra.modular`; flint backend only).  Tests switch it off to compare.
USE_MODULAR = True

__all__ = [
    "stationary_distribution",
    "stationary_distributions",
    "stationary_weights",
]


def _check_vanishing(m: HMM, classes: list[tuple], where: str = "the stationary distribution") -> None:
    """Refuse when vanishing edges leave more recurrent classes somewhere in the domain.

    The degenerate strata are those of :func:`symcm.causal.ergodic.ergodic_strata`:
    where an edge vanishes but one class remains per generic class, the
    generic formula is still right (continuity); where more classes appear,
    no single formula is the answer, and the message names the condition.
    Callers that can answer region by region (:func:`stationary_distribution`)
    do so instead of calling this.
    """
    if not m.vanishing_edges:
        return
    from .ergodic import ergodic_strata

    strata = ergodic_strata(m)
    if len(strata) > 1:
        cond, here, other = strata[0]
        raise NotErgodicError(
            f"{where} is not unique where {cond}: edges vanish there and the chain splits into the recurrent "
            f"classes {other}; this computation needs one stationary process (stationary_distribution(m), "
            "entropy_rate(m) and epsilon_machine(m) answer region by region with sc.Cases); restrict the "
            "domain or substitute values"
        )


def _class_matrix(m: HMM, members: tuple, backend) -> tuple[list, list]:
    """``(A^T, d)``: ``A = diag(d) (I - T)`` on one recurrent class, sparse rows over the ring.

    ``d_i`` is the lcm of the denominators of row ``i`` of ``T``; the
    stationary distribution is ``pi_i = d_i x_i / sum_j d_j x_j`` for a null
    vector ``x`` of ``A^T``.
    """
    pos = {s: i for i, s in enumerate(members)}
    k = len(members)
    # row i of T restricted to the class, as (numerator, denominator) pairs
    rows = [dict() for _ in range(k)]
    converted = {}  # each distinct probability converted once (a ring of n states has 2 of them)
    for e, pn, pd in m.edge_polynomials():
        if e.source in pos:
            pair = converted.get((pn, pd))
            if pair is None:
                pair = converted[(pn, pd)] = rational_to_backend(pn, pd, backend)
            rows[pos[e.source]].setdefault(pos[e.target], []).append(pair)
    # d_i = lcm of row i's denominators; A = diag(d) (I - T); store A^T sparsely
    matrix_t = [dict() for _ in range(k)]
    ds = []
    for i in range(k):
        d = backend.one
        for parts in rows[i].values():
            for _, den in parts:
                d = backend.exquo(d * den, backend.gcd(d, den))
        ds.append(d)
        entries = {}
        for j, parts in rows[i].items():
            acc = backend.zero
            for n, den in parts:
                acc = acc + n * backend.exquo(d, den)
            entries[j] = acc
        diag = d - entries.pop(i, backend.zero)
        for j, v in entries.items():
            if v:
                matrix_t[j][i] = -v
        if diag:
            matrix_t[i][i] = diag
    return matrix_t, ds


def _class_weights(m: HMM, members: tuple, backend, max_terms: int = MAX_TERMS):
    """Polynomial weights ``w`` and total ``W`` with ``pi_s = w_s / W`` on one recurrent class.

    ``W`` is positive at the centre of the domain (hence on all of it, since
    ``pi > 0`` there) and ``gcd(w_1, ..., w_k) = 1``.  These normalisations
    make the weights independent of which null vector ``x`` is used.
    """
    matrix_t, ds = _class_matrix(m, members, backend)
    x = _null_vector(matrix_t, len(members), backend, max_terms)
    # pi_i = d_i x_i / sum_j d_j x_j
    weights = [d * xi for d, xi in zip(ds, x)]
    common = weights[0]
    for w in weights[1:]:
        common = backend.gcd(common, w)
    weights = [backend.exquo(w, common) for w in weights]
    total = backend.zero
    for w in weights:
        total = total + w
    if backend.evaluate_sign(total, m.domain.center()) < 0:
        weights, total = [-w for w in weights], -total
    return dict(zip(members, weights)), total


def _null_vector(matrix_t: list, k: int, backend, max_terms: int):
    """A null vector of ``matrix_t``: a budgeted sparse elimination, then modular or grid (certified) when preferred, else Bareiss.

    Both are null vectors of a corank-1 matrix, so they agree up to a
    rational-function factor, which :func:`_class_weights` removes (gcd 1,
    total positive at the domain's centre): the weights are identical.
    """
    if USE_MODULAR and backend.name == "flint" and k >= 2:
        # A sparse elimination that stays tiny (a ring: every entry one or two terms) is cheaper than
        # deciding for the modular method; it gives up as soon as a polynomial outgrows TRY_TERMS.
        try:
            return solve_null_vector(matrix_t, k, backend, min(TRY_TERMS, max_terms))
        except TooLargeError:
            pass
        if prefer_modular(matrix_t, k, backend):
            x = modular_null_vector(matrix_t, k, backend)
            if x is not None:
                return x
        elif prefer_grid(matrix_t, k, backend):
            x = grid_null_vector(matrix_t, k, backend)
            if x is not None:
                return x
    return solve_null_vector(matrix_t, k, backend, max_terms)


def _refuse_several_classes(classes: list[tuple]) -> None:
    if len(classes) > 1:
        raise NotErgodicError(
            f"the chain has {len(classes)} recurrent classes {classes} on the whole domain, so its stationary "
            "distribution is not unique; use stationary_distributions(m) for one per class"
        )


def stationary_weights(m: HMM, backend_name: str | None = None, max_terms: int = MAX_TERMS, *,
                       generic: bool = False):
    """``(backend, weights, total)``: ``pi_s = weights[s] / total`` as ring elements.

    The unique recurrent class is required (raises :class:`NotErgodicError`
    otherwise); transient states get weight 0.  With ``generic=True`` the
    weights are those of the generic point even if vanishing edges split the
    chain somewhere (the caller handles those strata); by default that is
    refused, naming the condition.
    """
    classes = recurrent_classes(m)
    _refuse_several_classes(classes)
    if not generic:
        _check_vanishing(m, classes)
    backend = get_backend(m.parameters, backend_name)
    weights, total = _class_weights(m, classes[0], backend, max_terms)
    return backend, {s: weights.get(s, backend.zero) for s in m.states}, total


def _to_fractions(backend, weights: dict, total) -> dict:
    """``state -> weights[state] / total``, each converted to a cancelled sympy fraction when first read."""
    return LazyFractions.from_ring(backend, weights, total)


def stationary_distributions(m: HMM, *, backend: str | None = None, max_terms: int = MAX_TERMS) -> list[dict]:
    """One stationary distribution per recurrent class.

    Each is a dict ``state -> Expr`` over all states (zero outside its
    class); every stationary distribution of ``m`` is a convex combination
    of these.

    Examples
    --------
    >>> import symcm as sc
    >>> m = sc.HMM.from_edges([("A", "A", "0", 1), ("B", "B", "1", 1)])
    >>> sc.stationary_distributions(m)
    [{'A': 1, 'B': 0}, {'A': 0, 'B': 1}]
    """
    as_model(m, "stationary_distributions")
    max_terms = checks.cap(max_terms, "max_terms", where="stationary_distributions")
    name = backend_name(backend, where="stationary_distributions")
    classes = recurrent_classes(m)
    _check_vanishing(m, classes)
    ring = get_backend(m.parameters, name)
    out = []
    for members in classes:
        weights, total = _class_weights(m, members, ring, max_terms)
        out.append(_to_fractions(ring, {s: weights.get(s, ring.zero) for s in m.states}, total))
    return out


def stationary_distribution(m: HMM, *, backend: str | None = None, max_terms: int = MAX_TERMS) -> dict:
    r"""The unique stationary distribution :math:`\pi` of the model's state chain.

    Parameters
    ----------
    m : HMM
    backend : {'flint', 'sympy'}, optional
        Polynomial arithmetic (default: flint when installed).
    max_terms : int, optional
        Cap on the number of terms of any polynomial formed during the
        elimination (default 1,000,000); past it, :class:`TooLargeError`.

    Returns
    -------
    dict or Cases
        ``state -> Expr``, each a cancelled rational function of the
        parameters, summing to 1; transient states get 0.  The dict is a
        :class:`~symcm.algebra.lazy.LazyFractions`: each value stays in ring
        form until it is first read (a large answer is cheap to compute and
        expensive to write as sympy expressions), and ``pi.at(point)``
        evaluates every entry exactly at a rational point without writing
        any.  If an edge that
        vanishes inside the domain splits the chain into several recurrent
        classes there (see :func:`symcm.causal.ergodic.ergodic_strata`), a
        :class:`~symcm.algebra.cases.Cases`: on each such stratum an
        :class:`~symcm.causal.ergodic.ErgodicDecomposition` (one distribution per
        recurrent class, zero outside it), and the generic dict last.

    Raises
    ------
    NotErgodicError
        If the chain has several recurrent classes on the whole domain (the
        message names them; use :func:`stationary_distributions`).
    TooLargeError
        If an intermediate polynomial exceeds ``max_terms`` terms.

    Notes
    -----
    Fraction-free Bareiss elimination with Markowitz pivoting over
    :math:`\mathbb{Z}[\text{parameters}]` (:mod:`symcm.algebra.elimination`), or, where
    :func:`symcm.algebra.modular.prefer_modular` estimates the answer to be
    much smaller than the determinant (flint backend), evaluation modulo
    primes, interpolation and an exact certificate
    (:mod:`symcm.algebra.modular`), or, with at most three parameters and a
    large answer (:func:`symcm.algebra.grid_interpolation.prefer_grid`),
    values of the adjugate column on a grid, tensor-product interpolation
    and the same certificate (:mod:`symcm.algebra.grid_interpolation`); the
    results are identical.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.stationary_distribution(sc.processes.binary_markov(p, q))
    {'A': q/(p + q), 'B': p/(p + q)}
    >>> sc.stationary_distribution(sc.processes.lohr_generator(p))
    {'A': 1/2 - p, 'B': 2*p, 'C': 1/2 - p}

    Where an edge vanishes and the chain splits, the answer is region by region:

    >>> t = (2*p - 1)**2 / 2
    >>> m = sc.HMM.from_edges([("A", "A", "0", 1 - t), ("A", "B", "1", t),
    ...                        ("B", "B", "1", 1 - t), ("B", "A", "0", t)])
    >>> pi = sc.stationary_distribution(m)
    >>> pi.conditions, pi.generic
    ((Eq(p, 1/2), Ne(p, 1/2)), {'A': 1/2, 'B': 1/2})
    >>> pi[0][1].classes, pi[0][1].values
    ((('A',), ('B',)), ({'A': 1, 'B': 0}, {'A': 0, 'B': 1}))
    """
    as_model(m, "stationary_distribution")
    max_terms = checks.cap(max_terms, "max_terms", where="stationary_distribution")
    from .ergodic import by_strata

    _refuse_several_classes(recurrent_classes(m))

    def generic(model):
        return _to_fractions(*stationary_weights(model, backend_name(backend, where="stationary_distribution"), max_terms, generic=True))

    def per_class(cm, here):
        pi = generic(cm)
        return {s: pi.get(s, sp.Integer(0)) for s in here.states}

    return by_strata(m, generic, per_class, "stationary distribution")
