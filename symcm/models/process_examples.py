"""Named single processes of the CMPy catalog, exact (the families with integer sizes are in process_families).

Each function returns an :class:`~symcm.models.hmm.HMM` with edges listed
``s -> t on x (prob)`` as in ``shared/design/processes.md``: symbols are
strings, probabilities exact, parameters symbolic (domain the open interval
stated, ``(0, 1)`` unless said otherwise) or exact numbers.  The facts (edges,
parameter conventions) come from the CMPy catalog as ported to ``dit/sofic``
[CMPy]; where the port writes floats (``0.55``, ``0.6``, ``1/3`` as a float)
the exact values (``11/20``, ``3/5``, ``1/3``) are the defaults of parameters
here.  The port's ``sqrt(2)/2`` (a transient edge of the band-merging
epsilon-machine) is irrational, so not a probability of this model class: it
is a parameter ``s`` there.

Non-ergodic models (:func:`uncoupled_gmps`, :func:`coupled_gmps` at
``epsilon = 0``, :func:`before_after` in the cayley style) have two recurrent classes: the measures of :mod:`symcm`
raise :class:`~symcm.errors.NotErgodicError`, and
:func:`~symcm.causal.stationary.stationary_distributions` gives one
distribution per class, the ergodic components [KS60, ch. 5]; the port's
mixture weight (an initial distribution) is not part of an HMM.

References
----------
.. [CMPy] J. P. Crutchfield et al., CMPy, the Computational Mechanics in Python
   package, process catalog ``cmpy.machines.processes``; ported in
   https://github.com/dit/sofic (``sofic/examples/processes.py``).
.. [CF03] J. P. Crutchfield and D. P. Feldman, "Regularities unseen,
   randomness observed", Chaos 13, 25 (2003).
.. [KS60] J. G. Kemeny and J. L. Snell, *Finite Markov Chains* (1960).
.. [Bax82] R. J. Baxter, *Exactly Solved Models in Statistical Mechanics*
   (1982).
"""

from __future__ import annotations

import sympy as sp

from ..algebra.domain import symbols
from ..errors import DomainError
from ..algebra.numbers import as_exact
from .hmm import HMM
from .process_families import _HALF, _R, _build, _exact

__all__ = [
    "band_merging", "before_after", "cantor", "coupled_gmps", "uncoupled_gmps", "even_redundant",
    "three_even", "four_state_almost_iid", "girvan_fig6b", "girvan_fig6c", "girvan_fig6d",
    "perturbed_coin", "ising_probabilities",
]


def band_merging(presentation: str = "mealy", s=None) -> HMM:
    """The band-merging process (two chaotic bands of the logistic map merged) [CMPy].

    ``presentation="mealy"`` (the recurrent machine): ``A -> B on 1 (1)``,
    ``B -> A on 0 (1/2)``, ``B -> A on 1 (1/2)``.  ``presentation="epsilon_machine"``:
    the same recurrent states with the port's transient states added,
    ``T1 -> A on 0 (1/4)``, ``T1 -> T2 on 1 (3/4)``, ``T2 -> A on 0 (1/3)``,
    ``T2 -> T1 on 1 (2/3)``, ``E -> E on 1 (s)``, ``E -> A on 0 (1 - s)``.  The
    port has ``s = sqrt(2)/2``, irrational, so not an edge probability here:
    ``s`` is a parameter (default the symbol ``s`` on ``(0, 1)``).  Transient
    states carry no stationary mass, so every stationary measure is that of
    the Mealy presentation.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.band_merging())
    {'A': 1/2, 'B': 1/2}
    """
    edges = [("A", "B", "1", 1), ("B", "A", "0", _HALF), ("B", "A", "1", _HALF)]
    if presentation == "mealy":
        return HMM.from_edges(edges, name="band_merging(mealy)")
    if presentation != "epsilon_machine":
        raise DomainError(f"band_merging: presentation must be 'mealy' or 'epsilon_machine', received {presentation!r}")
    v = _exact("band_merging", s=symbols("s") if s is None else s)
    s = v["s"]
    edges += [("T1", "A", "0", _R(1, 4)), ("T1", "T2", "1", _R(3, 4)), ("T2", "A", "0", _R(1, 3)),
              ("T2", "T1", "1", _R(2, 3)), ("E", "E", "1", s), ("E", "A", "0", 1 - s)]
    return _build(f"band_merging(epsilon_machine, {s})", edges, v)


def before_after(a=None, style: str = "simple") -> HMM:
    """The before-after process: runs of 0s separated by markers whose order is constrained [CMPy].

    ``style="simple"`` (``a`` defaults to 1/2): ``A -> A on 0 (a)``, ``A -> B on 1
    (1-a)``, ``B -> B on 0 (a)``, ``B -> A on 2 (1-a)``: markers alternate 1, 2.
    ``style="cayley"`` (``a`` defaults to 3/5, the port's 0.6; ``b = 1 - a``):
    states named by group words, each with a loop ``x -> x on 0 (a)`` and
    ``a -> ca on 2 (b/2)``, ``a -> ba on 1 (b/2)``, ``ca -> bca on 1 (b)``,
    ``bca -> ca on 2 (b)``, ``ba -> cba on 2 (b)``, ``cba -> ba on 1 (b)``.
    The cayley model is **not ergodic**: ``a`` is transient and the chain
    ends in one of two closed classes, ``{ca, bca}`` or ``{ba, cba}`` (the
    measures raise :class:`~symcm.errors.NotErgodicError`;
    ``sc.stationary_distributions`` gives both).

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.processes.before_after(style="cayley").states)
    5
    """
    if style not in ("simple", "cayley"):
        raise DomainError(f"before_after: style must be 'simple' or 'cayley', received {style!r}")
    a = (_HALF if style == "simple" else _R(3, 5)) if a is None else a
    v = _exact("before_after", a=a)
    a = v["a"]
    b = 1 - a
    if style == "simple":
        edges = [("A", "A", "0", a), ("A", "B", "1", b), ("B", "B", "0", a), ("B", "A", "2", b)]
    else:
        edges = [("a", "a", "0", a), ("a", "ca", "2", b / 2), ("a", "ba", "1", b / 2),
                 ("ca", "ca", "0", a), ("ca", "bca", "1", b), ("bca", "bca", "0", a), ("bca", "ca", "2", b),
                 ("ba", "ba", "0", a), ("ba", "cba", "2", b), ("cba", "cba", "0", a), ("cba", "ba", "1", b)]
    return _build(f"before_after({a}, {style})", edges, v)


def cantor() -> HMM:
    """The Cantor process: a non-unifilar two-state generator [CMPy].

    ``A -> A on 0 (11/20)``, ``A -> A on 1 (3/20)``, ``A -> B on 1 (3/10)``,
    ``B -> A on 0 (3/10)``, ``B -> B on 0 (3/20)``, ``B -> B on 1 (11/20)``
    (the port's 0.55, 0.15, 0.30).

    Examples
    --------
    >>> import symcm as sc
    >>> sc.is_unifilar(sc.processes.cantor())
    False
    """
    a, b, c = _R(11, 20), _R(3, 10), _R(3, 20)
    edges = [("A", "A", "0", a), ("A", "A", "1", c), ("A", "B", "1", b),
             ("B", "A", "0", b), ("B", "B", "0", c), ("B", "B", "1", a)]
    return HMM.from_edges(edges, name="cantor()")


def coupled_gmps(epsilon=_R(1, 100), p=_HALF, alternating: bool = True) -> HMM:
    """Two golden-mean processes (one forbids ``00``, the other ``11``) coupled with strength ``epsilon``.

    With ``q1 = epsilon (1-p)``, ``q2 = epsilon p`` [CMPy]: ``alternating=True``:
    ``A -> A on 1 (1/2)``, ``A -> B on 0 (1/2)``, ``B -> A on 1 (1-q1)``,
    ``B -> C on 0 (q1)``, ``C -> C on 0 (1/2)``, ``C -> D on 1 (1/2)``,
    ``D -> C on 0 (1-q2)``, ``D -> A on 1 (q2)``.  ``alternating=False``: the
    switch is a third symbol, ``A -> A on 1 ((1-q1)/2)``, ``A -> B on 0
    ((1-q1)/2)``, ``A -> C on 2 (q1)``, ``B -> A on 1 (1)``, ``C -> C on 0
    ((1-q2)/2)``, ``C -> D on 1 ((1-q2)/2)``, ``C -> A on 2 (q2)``, ``D -> C on 0
    (1)``.  ``epsilon`` and ``p`` lie in ``(0, 1)`` (defaults 1/100, 1/2).  At
    ``epsilon = 0`` the coupling edges vanish: the model is
    :func:`uncoupled_gmps`, **not ergodic** (two recurrent classes).

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.coupled_gmps())
    {'A': 1/3, 'B': 1/6, 'C': 1/3, 'D': 1/6}
    """
    v = _exact("coupled_gmps", epsilon=epsilon, p=p)
    e, p = v["epsilon"], v["p"]
    q1, q2 = e * (1 - p), e * p
    if alternating:
        edges = [("A", "A", "1", _HALF), ("A", "B", "0", _HALF), ("B", "A", "1", 1 - q1), ("B", "C", "0", q1),
                 ("C", "C", "0", _HALF), ("C", "D", "1", _HALF), ("D", "C", "0", 1 - q2), ("D", "A", "1", q2)]
    else:
        edges = [("A", "A", "1", (1 - q1) / 2), ("A", "B", "0", (1 - q1) / 2), ("A", "C", "2", q1),
                 ("B", "A", "1", 1), ("C", "C", "0", (1 - q2) / 2), ("C", "D", "1", (1 - q2) / 2),
                 ("C", "A", "2", q2), ("D", "C", "0", 1)]
    kind = "alternating" if alternating else "switch symbol"
    return _build(f"coupled_gmps({e}, {p}, {kind})", edges, v, states=("A", "B", "C", "D"))


def uncoupled_gmps() -> HMM:
    """Two golden-mean processes side by side: a **non-ergodic** model with two recurrent classes.

    ``A -> A on 1 (1/2)``, ``A -> B on 0 (1/2)``, ``B -> A on 1 (1)``,
    ``C -> C on 0 (1/2)``, ``C -> D on 1 (1/2)``, ``D -> C on 0 (1)`` [CMPy].
    Every stationary process is a mixture, with some weight ``p`` (the port's
    parameter, kept in its initial distribution), of the two ergodic
    components; symcm's measures raise :class:`~symcm.errors.NotErgodicError`
    and ``sc.stationary_distributions`` lists one distribution per class.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distributions(sc.processes.uncoupled_gmps())
    [{'A': 2/3, 'B': 1/3, 'C': 0, 'D': 0}, {'A': 0, 'B': 0, 'C': 2/3, 'D': 1/3}]
    """
    edges = [("A", "A", "1", _HALF), ("A", "B", "0", _HALF), ("B", "A", "1", 1),
             ("C", "C", "0", _HALF), ("C", "D", "1", _HALF), ("D", "C", "0", 1)]
    return HMM.from_edges(edges, name="uncoupled_gmps()")


def even_redundant(p=_HALF) -> HMM:
    """A four-state (non-minimal) presentation of the even process ``even(p)`` [CMPy].

    ``A -> A on 0 (p)``, ``A -> B on 1 (1-p)``, ``B -> C on 1 (1)``,
    ``C -> C on 0 (p)``, ``C -> D on 1 (1-p)``, ``D -> A on 1 (1)``; its
    epsilon-machine is the two-state ``even(p)``.

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.epsilon_machine(sc.processes.even_redundant()).states)
    2
    """
    v = _exact("even_redundant", p=p)
    p = v["p"]
    edges = [("A", "A", "0", p), ("A", "B", "1", 1 - p), ("B", "C", "1", 1),
             ("C", "C", "0", p), ("C", "D", "1", 1 - p), ("D", "A", "1", 1)]
    return _build(f"even_redundant({p})", edges, v)


def three_even() -> HMM:
    """The port's ``ThreEven``: three symbols; 1s and 2s come in even runs [CMPy].

    ``A -> A on 0 (1/3)``, ``A -> B on 1 (1/3)``, ``A -> C on 2 (1/3)``,
    ``B -> A on 1 (1)``, ``C -> A on 2 (1)``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.three_even())
    {'A': 3/5, 'B': 1/5, 'C': 1/5}
    """
    t = _R(1, 3)
    edges = [("A", "A", "0", t), ("A", "B", "1", t), ("A", "C", "2", t), ("B", "A", "1", 1), ("C", "A", "2", 1)]
    return HMM.from_edges(edges, name="three_even()")


def four_state_almost_iid(delta=_R(1, 5)) -> HMM:
    """Four states whose biases ``1/2 - 2 delta, 1/2 - delta, 1/2 + delta, 1/2 + 2 delta`` approach a fair coin.

    With ``p, q, r, s`` those biases [CMPy]: ``A -> A on 0 (p)``, ``A -> B on 1
    (1-p)``, ``B -> C on 0 (q)``, ``B -> C on 1 (1-q)``, ``C -> A on 0 (r)``,
    ``C -> D on 1 (1-r)``, ``D -> A on 0 (s)``, ``D -> D on 1 (1-s)``.
    ``0 < delta < 1/4`` (the port clamps to ``[0, 0.24]``; here values outside
    are refused); ``delta = 0`` is the fair coin.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.processes.four_state_almost_iid(sc.symbols("delta")).domain
    Domain({delta: (0, 1/4)})
    """
    v = _exact("four_state_almost_iid", delta=delta)
    d = v["delta"]
    if d.is_number and not (0 <= d < _R(1, 4)):
        raise DomainError(f"four_state_almost_iid: delta must lie in [0, 1/4), received {d}")
    p, q, r, s = _HALF - 2 * d, _HALF - d, _HALF + d, _HALF + 2 * d
    edges = [("A", "A", "0", p), ("A", "B", "1", 1 - p), ("B", "C", "0", q), ("B", "C", "1", 1 - q),
             ("C", "A", "0", r), ("C", "D", "1", 1 - r), ("D", "A", "0", s), ("D", "D", "1", 1 - s)]
    return _build(f"four_state_almost_iid({d})", edges, v, {"delta": (0, _R(1, 4))})


def girvan_fig6b(alpha=_HALF, p=_R(2, 5)) -> HMM:
    """Girvan's figure 6(b) as named in the CMPy catalog (``p`` is the port's ``pi``).

    ``A -> A on 1 (alpha)``, ``A -> P on 0 (1-alpha)``, ``P -> A on 1 (1-p)``,
    ``P -> P on 0 (p)`` [CMPy]: a binary Markov chain (the state is the last
    symbol).

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.girvan_fig6b())
    {'A': 6/11, 'P': 5/11}
    """
    v = _exact("girvan_fig6b", alpha=alpha, p=p)
    a, p = v["alpha"], v["p"]
    edges = [("A", "A", "1", a), ("A", "P", "0", 1 - a), ("P", "A", "1", 1 - p), ("P", "P", "0", p)]
    return _build(f"girvan_fig6b({a}, {p})", edges, v)


def girvan_fig6c(alpha=_HALF, p=_R(2, 5), rho=_R(3, 10)) -> HMM:
    """Girvan's figure 6(c) as named in the CMPy catalog: a run of 0s remembered up to length 2.

    ``A -> A on 1 (alpha)``, ``A -> P on 0 (1-alpha)``, ``P -> A on 1 (1-p)``,
    ``P -> R on 0 (p)``, ``R -> R on 0 (rho)``, ``R -> A on 1 (1-rho)`` [CMPy].

    Examples
    --------
    >>> import symcm as sc
    >>> sc.markov_order(sc.processes.girvan_fig6c())
    2
    """
    v = _exact("girvan_fig6c", alpha=alpha, p=p, rho=rho)
    a, p, r = v["alpha"], v["p"], v["rho"]
    edges = [("A", "A", "1", a), ("A", "P", "0", 1 - a), ("P", "A", "1", 1 - p), ("P", "R", "0", p),
             ("R", "R", "0", r), ("R", "A", "1", 1 - r)]
    return _build(f"girvan_fig6c({a}, {p}, {r})", edges, v)


def girvan_fig6d(alpha=_HALF, p=_R(2, 5), rho=_R(3, 10), iota=_R(1, 5)) -> HMM:
    """Girvan's figure 6(d) as named in the CMPy catalog: runs of 1s remembered too.

    ``A -> I on 1 (alpha)``, ``A -> P on 0 (1-alpha)``, ``P -> A on 1 (1-p)``,
    ``P -> R on 0 (p)``, ``R -> R on 0 (rho)``, ``R -> A on 1 (1-rho)``,
    ``I -> I on 1 (iota)``, ``I -> P on 0 (1-iota)`` [CMPy].

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.epsilon_machine(sc.processes.girvan_fig6d()).states)
    4
    """
    v = _exact("girvan_fig6d", alpha=alpha, p=p, rho=rho, iota=iota)
    a, p, r, i = v["alpha"], v["p"], v["rho"], v["iota"]
    edges = [("A", "I", "1", a), ("A", "P", "0", 1 - a), ("P", "A", "1", 1 - p), ("P", "R", "0", p),
             ("R", "R", "0", r), ("R", "A", "1", 1 - r), ("I", "I", "1", i), ("I", "P", "0", 1 - i)]
    return _build(f"girvan_fig6d({a}, {p}, {r}, {i})", edges, v)


def perturbed_coin(p=_R(1, 5), q=None) -> HMM:
    """A coin that flips its last outcome: ``binary_markov(p, q)`` under the catalog's name (``q`` defaults to ``p``).

    ``A -> A on 0 (1-p)``, ``A -> B on 1 (p)``, ``B -> A on 0 (q)``, ``B -> B on 1
    (1-q)`` [CMPy].  On ``p + q = 1`` (the port's ``p = 1/2``) it is IID and
    the epsilon-machine has one state.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.perturbed_coin(sc.symbols("p")))
    {'A': 1/2, 'B': 1/2}
    """
    v = _exact("perturbed_coin", p=p, q=p if q is None else q)
    p, q = v["p"], v["q"]
    edges = [("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "A", "0", q), ("B", "B", "1", 1 - q)]
    return _build(f"perturbed_coin({p}, {q})", edges, v)


def ising_probabilities(J, B, T=1) -> tuple:
    """Exact transition probabilities ``(P(+|+), P(-|-))`` of the nearest-neighbour Ising chain.

    The spin chain with coupling ``J``, field ``B`` and temperature ``T``
    (``beta = 1/T``) in equilibrium is the binary Markov chain with
    ``P(+|+) = (1 + 2m + c) / (2(1 + m))`` and ``P(-|-) = (1 - 2m + c) / (2(1 - m))``,
    where ``m = sinh(beta B) / rho`` is the magnetisation,
    ``c = 1 - 2 e^{-4 beta J} / (rho (cosh(beta B) + rho))`` the
    nearest-neighbour correlation and ``rho = sqrt(sinh^2(beta B) + e^{-4 beta J})``
    [Bax82, ch. 2; CMPy].  These are algebraic in ``e^{beta J}``,
    ``e^{beta B}``, not rational functions, so no HMM of this package holds
    them; with spin ``+`` as ``"0"`` the chain is ``binary_markov(1 - p, 1 - q)``,
    and any measure of it is that of ``binary_markov`` with these values
    substituted (exact sympy expressions).  ``T`` must be positive.

    Examples
    --------
    >>> import symcm as sc, sympy as sp
    >>> p, q = sc.processes.ising_probabilities(1, 0, 1)
    >>> sp.simplify(p - sp.exp(1) / (sp.exp(1) + sp.exp(-1))), sp.simplify(p - q)
    (0, 0)
    """
    J, B, T = (sp.sympify(as_exact(x, where=f"ising_probabilities: {n}")) for x, n in ((J, "J"), (B, "B"), (T, "T")))
    if T.is_number and not T > 0:
        raise DomainError(f"ising_probabilities: T must be positive, received {T}")
    beta = 1 / T
    rho = sp.sqrt(sp.sinh(beta * B) ** 2 + sp.exp(-4 * beta * J))
    m = sp.sinh(beta * B) / rho
    c = 1 - 2 * sp.exp(-4 * beta * J) / (rho * (sp.cosh(beta * B) + rho))
    return (1 + 2 * m + c) / (2 * (1 + m)), (1 - 2 * m + c) / (2 * (1 - m))


# name -> (function, parameter names) for processes.catalog(); uncoupled_gmps is left out (not ergodic:
# the catalog's users compute measures that need one stationary process).
EXAMPLES = {
    "band_merging": (band_merging, ()), "before_after": (before_after, ("a",)), "cantor": (cantor, ()),
    "coupled_gmps": (coupled_gmps, ("epsilon", "p")), "even_redundant": (even_redundant, ("p",)),
    "three_even": (three_even, ()), "four_state_almost_iid": (four_state_almost_iid, ("delta",)),
    "girvan_fig6b": (girvan_fig6b, ("alpha", "p")), "girvan_fig6c": (girvan_fig6c, ("alpha", "p", "rho")),
    "girvan_fig6d": (girvan_fig6d, ("alpha", "p", "rho", "iota")), "perturbed_coin": (perturbed_coin, ("p",)),
}
