"""Named machines from specific papers: golden-mean relatives, an irreversible process, Misiurewicz machines.

Each function returns an exact :class:`~symcm.models.hmm.HMM`.  Edges are
written ``s -> t on x (prob)``; symbols are the strings ``"0"``, ``"1"`` (and
``"2"``, ... where a machine needs more); real parameters are symbols of an open
interval (``(0, 1)`` unless said otherwise) or exact numbers; integer
parameters (``k``, ``R``, ``N``) are positive ints.  The definitions follow
the papers cited; several were collected in the CMPy library of the
Crutchfield group, whose conventions (which symbol a parameter weighs) are
kept and said wherever they differ from the catalog's own
(``golden_mean``).  The cryptic, synchronization and logic examples are in
:mod:`symcm.models.cryptic_machines`.  All are re-exported by
:mod:`symcm.models.processes` and listed in its ``catalog()``.

References
----------
.. [MEC09a] J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information
   accessibility and cryptic processes", J. Phys. A 42, 362002 (2009),
   arXiv:0905.4787.
.. [MEC09b] J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information
   accessibility and cryptic processes: linear combinations of causal
   states", arXiv:0906.5099 (2009).
.. [JMEC10] R. G. James, J. R. Mahoney, C. J. Ellison and J. P. Crutchfield,
   "Many roads to synchrony: natural time scales and their algorithms",
   Phys. Rev. E 89, 042135 (2014), arXiv:1010.5545.
.. [EMJCR11] C. J. Ellison, J. R. Mahoney, R. G. James, J. P. Crutchfield
   and J. Reichardt, "Information symmetries in irreversible processes",
   Chaos 21, 037107 (2011), arXiv:1107.2168.
.. [JBC13] R. G. James, K. Burke and J. P. Crutchfield, "Chaos forgets and
   remembers: measuring information creation, destruction, and storage",
   Phys. Lett. A 378, 2124 (2014), arXiv:1309.5504.
.. [CMPy] The CMPy library (Crutchfield group, UC Davis), module
   ``cmpy.machines.processes``: RestrictedGM, StretchedGM, RNGM, RkGM,
   NonunifilarGoldenMean, IrreversibleTwoState and the Misiurewicz machines.
"""

from __future__ import annotations

import sympy as sp

from .. import checks
from ..errors import DomainError
from .hmm import HMM, as_exact

__all__ = [
    "restricted_golden_mean", "stretched_golden_mean", "rn_golden_mean", "rk_golden_mean",
    "golden_mean_forbid_11", "nonunifilar_golden_mean", "irreversible_two_state", "ellison_fig9_forward",
    "misiurewicz", "misiurewicz_simplified", "misiurewicz_uniform", "tent_map_misiurewicz", "CATALOG",
]

_R = sp.Rational
_HALF = _R(1, 2)
_MAX = 10_000


def _exact(values: dict) -> dict:
    return {k: as_exact(v, where=f"parameter {k}") for k, v in values.items()}


def _build(name, edges, values=None, intervals=None, *, label=None, alphabet=None):
    """The HMM with a display name; bare-symbol parameters get their open interval, (0, 1) by default."""
    values = values or {}
    intervals = intervals or {}
    domain = {v: intervals.get(k, (0, 1)) for k, v in values.items() if isinstance(v, sp.Symbol)}
    label = label or f"{name}({', '.join(str(v) for v in values.values())})"
    return HMM.from_edges(edges, domain=domain, name=label, alphabet=alphabet)


def _int(value, name, where, minimum=1):
    return checks.integer(value, name, where=where, minimum=minimum, maximum=_MAX, cap="10,000 states")


def _chain(zeros: int, ones: int, p) -> list:
    """State 0 loops on 1 (p) and leaves on 0 (1-p); then ``zeros - 1`` more 0s and ``ones`` 1s lead back to 0."""
    edges = [("0", "0", "1", p), ("0", "1", "0", 1 - p)]
    word = "0" * (zeros - 1) + "1" * ones
    for i, x in enumerate(word, start=1):
        edges.append((str(i), "0" if i == len(word) else str(i + 1), x, 1))
    return edges


# --------------------------------------------------------------------------- golden-mean relatives


def restricted_golden_mean(k: int) -> HMM:
    """The restricted golden mean process RGM(k): every 0 is followed by at least k 1s; k-cryptic.

    States ``"0", ..., "k"``: ``0 -> 0 on 1 (1/2)``, ``0 -> 1 on 0 (1/2)``,
    ``i-1 -> i on 1 (1)`` for ``i = 2..k``, ``k -> 0 on 1 (1)`` [MEC09a; MEC09b].
    ``pi = (2, 1, ..., 1)/(k+2)``, so ``C_mu = log2(k+2) - 2/(k+2)``,
    ``h_mu = 2/(k+2)``; its Markov order and its cryptic order are both ``k``.
    ``restricted_golden_mean(1)`` is ``golden_mean(1/2)`` with the states renamed.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.statistical_complexity(sc.processes.restricted_golden_mean(2))
    H(1/4, 1/4, 1/2)
    """
    k = _int(k, "k", "restricted_golden_mean")
    edges = [("0", "0", "1", _HALF), ("0", "1", "0", _HALF)]
    edges += [(str(i - 1), str(i), "1", 1) for i in range(2, k + 1)] + [(str(k), "0", "1", 1)]
    return _build("restricted_golden_mean", edges, label=f"restricted_golden_mean({k})", alphabet=("0", "1"))


def stretched_golden_mean(k: int) -> HMM:
    """The stretched golden mean process SGM(k): 0s come in blocks of exactly k.

    States ``"0", ..., "k"``: ``0 -> 0 on 1 (1/2)``, ``0 -> 1 on 0 (1/2)``,
    ``i-1 -> i on 0 (1)`` for ``i = 2..k``, ``k -> 0 on 1 (1)`` [MEC09a; MEC09b].
    It has the same stationary distribution as ``restricted_golden_mean(k)``
    (so the same ``C_mu`` and ``h_mu``); its Markov order is ``k``, its cryptic
    order is 1 for every ``k``, below RGM(k)'s ``k`` for ``k > 1``.

    Examples
    --------
    >>> import symcm as sc
    >>> [str(e) for e in sc.processes.stretched_golden_mean(2).edges][2:]
    ["'1' -> '2' on '0' (1)", "'2' -> '0' on '1' (1)"]
    """
    k = _int(k, "k", "stretched_golden_mean")
    edges = [("0", "0", "1", _HALF), ("0", "1", "0", _HALF)]
    edges += [(str(i - 1), str(i), "0", 1) for i in range(2, k + 1)] + [(str(k), "0", "1", 1)]
    return _build("stretched_golden_mean", edges, label=f"stretched_golden_mean({k})", alphabet=("0", "1"))


def rk_golden_mean(R: int, k: int, p) -> HMM:
    """The R-k golden mean process: Markov order R, cryptic order k [JMEC10].

    States ``"0", ..., "R+k-1"``: ``0 -> 0 on 1 (p)``, ``0 -> 1 on 0 (1-p)``,
    then a path spelling ``0^(R-1) 1^k`` back to ``"0"``: after leaving the
    loop the machine emits a block of exactly ``R`` 0s and then ``k`` 1s.
    ``p = Pr(1 | state 0)`` (CMPy's convention; ``golden_mean(p)`` weighs the
    0).  ``R >= 1``, ``k >= 1``; the orders are as named for ``k <= R`` (for
    ``k > R`` both are ``k``).  ``pi_0 = 1/(1 + (1-p)(R+k-1))``, the other
    states ``(1-p) pi_0`` each.

    Examples
    --------
    >>> import symcm as sc
    >>> m = sc.processes.rk_golden_mean(2, 1, sc.symbols("p"))
    >>> (sc.markov_order(m), sc.cryptic_order(m))
    (2, 1)
    """
    R = _int(R, "R", "rk_golden_mean")
    k = _int(k, "k", "rk_golden_mean")
    v = _exact({"p": p})
    return _build("rk_golden_mean", _chain(R, k, v["p"]), v,
                  label=f"rk_golden_mean({R}, {k}, {v['p']})", alphabet=("0", "1"))


def rn_golden_mean(R: int, N: int, p) -> HMM:
    """The R-N golden mean process (CMPy's RNGM): blocks of exactly N 0s, then R 1s, for 1 <= N <= R.

    States ``"0", ..., "N+R-1"``: ``0 -> 0 on 1 (p)``, ``0 -> 1 on 0 (1-p)``,
    then a path spelling ``0^(N-1) 1^R`` back to ``"0"``.  Edge for edge this
    is ``rk_golden_mean(N, R, p)`` (the arguments exchanged), restricted to
    ``N <= R`` [JMEC10; CMPy].

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> sc.processes.rn_golden_mean(2, 1, p).edges == sc.processes.rk_golden_mean(1, 2, p).edges
    True
    """
    R = _int(R, "R", "rn_golden_mean")
    N = _int(N, "N", "rn_golden_mean")
    if N > R:
        raise DomainError(f"rn_golden_mean: expected 1 <= N <= R, received R = {R}, N = {N} "
                          f"(rk_golden_mean({N}, {R}, p) has no such restriction)")
    v = _exact({"p": p})
    return _build("rn_golden_mean", _chain(N, R, v["p"]), v,
                  label=f"rn_golden_mean({R}, {N}, {v['p']})", alphabet=("0", "1"))


def golden_mean_forbid_11(p) -> HMM:
    """The golden mean process with 0 and 1 exchanged: no two 1s in a row.

    ``A -> A on 0 (1-p)``, ``A -> B on 1 (p)``, ``B -> A on 0 (1)``.  The
    catalog's ``golden_mean(p)`` forbids ``00`` (the convention of [MEC09a]
    and [EMJCR11]; CMPy's GoldenMean too); this mirror forbids ``11``, the
    golden-mean shift of symbolic dynamics.  At ``p = (3 - sqrt 5)/2`` it is the
    shift's measure of maximal entropy (Parry), ``h_mu = log2 of the golden
    ratio``; that point is irrational, so pass ``p`` symbolic and substitute.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.processes.golden_mean_forbid_11(sc.symbols("p")).labelled_matrix("1")
    Matrix([
    [0, p],
    [0, 0]])
    """
    v = _exact({"p": p})
    p = v["p"]
    return _build("golden_mean_forbid_11", [("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "A", "0", 1)], v)


def nonunifilar_golden_mean(p, free) -> HMM:
    """A non-unifilar two-state generator of ``golden_mean(p)`` with one free edge probability (CMPy).

    With ``f = free``: ``A -> B on 0 (f)``, ``A -> B on 1 ((f-p)(1-f)/f)``,
    ``A -> A on 1 (p(1-f)/f)``, ``B -> A on 1 (p/f)``, ``B -> B on 1 ((f-p)/f)``,
    for ``0 < p < f < 1``.  CMPy derives these rows by matching ``Pr(0)`` and
    ``Pr(010)`` of the golden mean; at ``f = p`` they reduce to
    ``golden_mean(p)`` itself.  The admissible set ``p < f < 1`` is not a box:
    with both symbolic the domain is the box ``p in (0, 1/2)``, ``f in (1/2, 1)``
    inside it; with one of them a number the other ranges over its whole
    interval (``p in (0, f)`` or ``f in (p, 1)``).

    Examples
    --------
    >>> import sympy, symcm as sc
    >>> sc.processes.nonunifilar_golden_mean(sc.symbols("p"), sympy.Rational(3, 4)).domain
    Domain({p: (0, 3/4)})
    """
    v = _exact({"p": p, "free": free})
    p, f = v["p"], v["free"]
    symbolic = [isinstance(x, sp.Symbol) for x in (p, f)]
    if all(symbolic):
        intervals = {"p": (0, _HALF), "free": (_HALF, 1)}
    elif symbolic[0] and f.is_Rational:
        if not 0 < f < 1:
            raise DomainError(f"nonunifilar_golden_mean: expected 0 < free < 1, received free = {f}")
        intervals = {"p": (0, f)}
    elif symbolic[1] and p.is_Rational:
        if not 0 < p < 1:
            raise DomainError(f"nonunifilar_golden_mean: expected 0 < p < 1, received p = {p}")
        intervals = {"free": (p, 1)}
    else:
        if p.is_Rational and f.is_Rational and not 0 < p < f < 1:
            raise DomainError(f"nonunifilar_golden_mean: expected 0 < p < free < 1, received p = {p}, free = {f}")
        intervals = {}
    edges = [("A", "B", "0", f), ("A", "B", "1", (f - p) * (1 - f) / f), ("A", "A", "1", p * (1 - f) / f),
             ("B", "A", "1", p / f), ("B", "B", "1", (f - p) / f)]
    return _build("nonunifilar_golden_mean", edges, v, intervals)


# --------------------------------------------------------------------------- irreversibility


def irreversible_two_state(p, q) -> HMM:
    """A two-state, three-symbol process whose forward and reverse machines differ [EMJCR11].

    ``A -> A on 0 (p)``, ``A -> B on 1 (1-p)``, ``B -> B on 1 (q)``,
    ``B -> A on 2 (1-q)`` (CMPy's IrreversibleTwoState).  ``pi_A = (1-q)/(2-p-q)``.

    Examples
    --------
    >>> import sympy, symcm as sc
    >>> sc.processes.irreversible_two_state(sympy.Rational(1, 2), sympy.Rational(1, 2)).alphabet
    ('0', '1', '2')
    """
    v = _exact({"p": p, "q": q})
    p, q = v["p"], v["q"]
    edges = [("A", "A", "0", p), ("A", "B", "1", 1 - p), ("B", "B", "1", q), ("B", "A", "2", 1 - q)]
    return _build("irreversible_two_state", edges, v)


def ellison_fig9_forward() -> HMM:
    """The forward epsilon-machine of [EMJCR11], Fig. 9: ``irreversible_two_state(1/2, 1/2)``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.statistical_complexity(sc.processes.ellison_fig9_forward())
    1
    """
    m = irreversible_two_state(_HALF, _HALF)
    return HMM.from_edges([tuple(e) for e in m.edges], name="ellison_fig9_forward()")


# --------------------------------------------------------------------------- Misiurewicz and the tent map


def _misiurewicz_edges(a0, b0, d0) -> list:
    """CMPy's Misiurewicz topology: A on 0 (a0) to B, B on 0 (b0) to C, C on 1 to D, D on 0 (d0) to B."""
    return [("A", "B", "0", a0), ("A", "A", "1", 1 - a0), ("B", "C", "0", b0), ("B", "A", "1", 1 - b0),
            ("C", "D", "1", 1), ("D", "B", "0", d0), ("D", "C", "1", 1 - d0)]


def misiurewicz() -> HMM:
    """CMPy's Misiurewicz process, its three-decimal probabilities taken as exact rationals.

    ``A -> B on 0 (0.364)``, ``A -> A on 1 (0.636)``, ``B -> C on 0 (0.276)``,
    ``B -> A on 1 (0.724)``, ``C -> D on 1 (1)``, ``D -> B on 0 (0.521)``,
    ``D -> C on 1 (0.479)`` [CMPy].  These numbers are *not* roundings of the
    tent map's machine at its Misiurewicz slope (:func:`tent_map_misiurewicz`,
    same topology, ``Pr(0 | A) = 0.4348...``, ``h_mu = log2 a = 0.8232...``);
    this machine has ``h_mu = 0.80537...`` and ``E = 0.3436...``, and no closed
    form is known here for whatever map produced them, so they are kept as
    the decimals CMPy states (``91/250``, ...).

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.misiurewicz())["C"]
    6279/47986
    """
    return _build("misiurewicz", _misiurewicz_edges(_R(364, 1000), _R(276, 1000), _R(521, 1000)),
                  label="misiurewicz()")


def misiurewicz_simplified() -> HMM:
    """CMPy's simplified Misiurewicz process: :func:`misiurewicz` with ``Pr(0)`` of 2/5, 1/4, 1/2 at A, B, D.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.misiurewicz_simplified())["A"]
    15/31
    """
    return _build("misiurewicz_simplified", _misiurewicz_edges(_R(2, 5), _R(1, 4), _HALF),
                  label="misiurewicz_simplified()")


def misiurewicz_uniform() -> HMM:
    """CMPy's uniform Misiurewicz process: :func:`misiurewicz` with every branching at 1/2.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.entropy_rate(sc.processes.misiurewicz_uniform())
    3/4
    """
    return _build("misiurewicz_uniform", _misiurewicz_edges(_HALF, _HALF, _HALF), label="misiurewicz_uniform()")


def tent_map_misiurewicz(a=None) -> HMM:
    """The tent map's symbolic dynamics at its Misiurewicz slope, exactly: [JBC13], supplement Fig. 7.

    The tent map ``x -> a min(x, 1 - x)`` read through the kneading partition
    at ``1/2``.  At ``a = a*``, the real root of ``a**3 = 2a + 2``
    (``a* = alpha + 2/(3 alpha)``, ``alpha = (1 + sqrt(19/27))**(1/3)``,
    ``a* = 1.76929...``) the critical orbit is eventually periodic and the
    epsilon-machine is finite: ``A -> B on 1 (1)``,
    ``B -> C on 0 ((a+2)/(2a+2))``, ``B -> A on 1 (a/(2a+2))``,
    ``C -> A on 0 (1/(a+2))``, ``C -> D on 1 ((a+1)/(a+2))``,
    ``D -> C on 0 ((a**2+2a)/(2(a+1)**2))``,
    ``D -> D on 1 ((a**2+2a+2)/(2(a+1)**2))``.  Its entropy rate at ``a*`` is
    the map's Lyapunov exponent, ``h_mu = log2 a*`` (Pesin).

    symcm's probabilities are rational functions with rational coefficients,
    so the algebraic number ``a*`` enters as the parameter ``a``: by default a
    symbol on ``(1, 2)`` (the tent map's chaotic slopes); every measure is then
    an exact function of ``a``, to be evaluated at ``a*``, e.g.
    ``expr.subs(a, sympy.CRootOf(a**3 - 2*a - 2, 0))``.  At other slopes the
    same edges define a valid machine, but not the tent map's process.  A
    numeric ``a > 0`` is accepted.

    Examples
    --------
    >>> import symcm as sc, sympy
    >>> m = sc.processes.tent_map_misiurewicz()
    >>> a = m.parameters[0]
    >>> h = sc.entropy_rate(m).subs(a, sympy.CRootOf(a**3 - 2*a - 2, 0))
    >>> round(float(h), 12), round(float(sympy.log(sympy.CRootOf(a**3 - 2*a - 2, 0), 2)), 12)
    (0.823172455695, 0.823172455695)
    """
    v = _exact({"a": sp.Symbol("a", positive=True, real=True) if a is None else a})
    a = v["a"]
    if a.is_number and not a > 0:
        raise DomainError(f"tent_map_misiurewicz: expected a slope a > 0, received a = {a}")
    d = 2 * (a + 1) ** 2
    edges = [("A", "B", "1", 1), ("B", "C", "0", (a + 2) / (2 * a + 2)), ("B", "A", "1", a / (2 * a + 2)),
             ("C", "A", "0", 1 / (a + 2)), ("C", "D", "1", (a + 1) / (a + 2)),
             ("D", "C", "0", (a ** 2 + 2 * a) / d), ("D", "D", "1", (a ** 2 + 2 * a + 2) / d)]
    return _build("tent_map_misiurewicz", edges, v, {"a": (1, 2)})


CATALOG = {
    "restricted_golden_mean": (restricted_golden_mean, ("k",)),
    "stretched_golden_mean": (stretched_golden_mean, ("k",)),
    "rn_golden_mean": (rn_golden_mean, ("R", "N", "p")),
    "rk_golden_mean": (rk_golden_mean, ("R", "k", "p")),
    "golden_mean_forbid_11": (golden_mean_forbid_11, ("p",)),
    "nonunifilar_golden_mean": (nonunifilar_golden_mean, ("p", "free")),
    "irreversible_two_state": (irreversible_two_state, ("p", "q")),
    "ellison_fig9_forward": (ellison_fig9_forward, ()),
    "misiurewicz": (misiurewicz, ()),
    "misiurewicz_simplified": (misiurewicz_simplified, ()),
    "misiurewicz_uniform": (misiurewicz_uniform, ()),
    "tent_map_misiurewicz": (tent_map_misiurewicz, ("a",)),
}
