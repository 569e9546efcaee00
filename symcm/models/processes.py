"""Named processes of the computational-mechanics literature.

Each function returns an :class:`~symcm.models.hmm.HMM` with exactly the edges,
symbols ("0", "1") and parameter conventions of the project's catalog
(``shared/design/processes.md``); published values depend on them.  An edge
``s -> t on x (prob)`` is listed as in that table.  Parameters may be
symbols (their domain is the open interval stated, ``(0, 1)`` unless said
otherwise) or exact numbers (floats are converted with a warning).

References
----------
.. [CY89] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Phys. Rev. Lett. 63, 105 (1989).
.. [CF03] J. P. Crutchfield and D. P. Feldman, "Regularities unseen,
   randomness observed: levels of entropy convergence", Chaos 13, 25 (2003).
.. [CEM09] J. P. Crutchfield, C. J. Ellison and J. R. Mahoney, "Time's
   barbed arrow: irreversibility, crypticity, and stored information",
   Phys. Rev. Lett. 103, 094101 (2009).
.. [JMEC10] R. G. James, J. R. Mahoney, C. J. Ellison and J. P. Crutchfield,
   "Many roads to synchrony: natural time scales and their algorithms",
   Phys. Rev. E 89, 042135 (2014).
.. [LA09] W. Loehr and N. Ay, "Non-sufficient memories that are sufficient for
   prediction", Complex Sciences, LNICST 4, 265-276 (2009).
.. [MEC09] J. R. Mahoney, C. J. Ellison and J. P. Crutchfield, "Information
   accessibility and cryptic processes", J. Phys. A 42, 362002 (2009).
.. [Upp97] D. R. Upper, *Theory and Algorithms for Hidden Markov Models and
   Generalized Hidden Markov Models*, PhD thesis, UC Berkeley (1997).
"""

from __future__ import annotations

import sympy as sp

from .. import checks
from ..algebra.domain import symbols
from ..errors import DomainError
from .hmm import HMM, as_exact
from . import process_examples as _examples
from . import process_families as _families
from .process_examples import *  # noqa: F401,F403  (re-exported: sc.processes.<name>)
from .process_families import *  # noqa: F401,F403
from .process_families import PERIOD_WORDS  # noqa: F401  (the words of named_period)
from .cryptic_machines import CATALOG as _CRYPTIC_CATALOG
from .cryptic_machines import (
    butterfly, even_odd, nemo_redundant, noisy_random_phase_slip, odd, phase_slip_backtrack, rn1c, rn1n,
    rrx_nonminimal, rrxro, three_even_odd, three_hundred,
)
from .literature_machines import CATALOG as _LITERATURE_CATALOG
from .literature_machines import (
    ellison_fig9_forward, golden_mean_forbid_11, irreversible_two_state, misiurewicz, misiurewicz_simplified,
    misiurewicz_uniform, nonunifilar_golden_mean, restricted_golden_mean, rk_golden_mean, rn_golden_mean,
    stretched_golden_mean, tent_map_misiurewicz,
)

__all__ = [
    "biased_coin",
    "period",
    "golden_mean",
    "even",
    "binary_markov",
    "lohr_generator",
    "noisy_period2",
    "abc",
    "rip",
    "nemo",
    "rrxor",
    "sns",
    *_LITERATURE_CATALOG,
    *_CRYPTIC_CATALOG,
    "catalog",
    "integer_parameters",
    "example",
    *_families.__all__,
    *_examples.__all__,
]

#: Parameter names that take a positive int (a length or an order) in the machines of specific papers
#: (:mod:`~symcm.models.literature_machines`, :mod:`~symcm.models.cryptic_machines`); every catalog
#: entry's integer parameters, with sample values, are given by :func:`integer_parameters`.
INTEGER_PARAMETERS = frozenset({"n", "k", "R", "N"})

#: Sample values of the integer parameters of the papers' machines (small sizes).
_PAPER_SAMPLES = {"n": 3, "k": 2, "R": 3, "N": 2}

_HALF = sp.Rational(1, 2)


def _params(**values):
    """Exact values, and the default domain (0, 1) restricted per parameter where needed."""
    return {k: as_exact(v, where=f"parameter {k}") for k, v in values.items()}


def _domain(values: dict, intervals: dict | None = None) -> dict:
    """Domains for the parameters that are bare symbols."""
    intervals = intervals or {}
    return {v: intervals.get(k, (0, 1)) for k, v in values.items() if isinstance(v, sp.Symbol)}


def _model(name, edges, values, intervals=None):
    label = f"{name}({', '.join(str(v) for v in values.values())})"
    return HMM.from_edges(edges, domain=_domain(values, intervals), name=label)


def biased_coin(p) -> HMM:
    """IID coin flips: ``1`` with probability ``p``.

    One state ``A``: ``A -> A on 1 (p)``, ``A -> A on 0 (1-p)``.  Its
    epsilon-machine has one state, so ``C_mu = 0`` and ``h_mu = H(p)``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.processes.biased_coin(sc.symbols("p")).edges
    (Edge(source='A', target='A', symbol='0', probability=1 - p), Edge(source='A', target='A', symbol='1', probability=p))
    """
    v = _params(p=p)
    p = v["p"]
    return _model("biased_coin", [("A", "A", "1", p), ("A", "A", "0", 1 - p)], v)


def period(n: int, *, max_states: int = 10_000) -> HMM:
    """The periodic process repeating the word ``0^(n-1) 1``.

    States ``"0", ..., "n-1"``: ``i -> i+1 on 0 (1)`` for ``i < n-1`` and
    ``n-1 -> 0 on 1 (1)``.  ``C_mu = E = log2 n``, ``h_mu = 0`` [CF03].
    ``n`` is a positive int (a sympy ``Integer`` is accepted) of at most
    ``max_states`` (default 10,000; larger raises :class:`TooLargeError`
    before anything is built).

    Examples
    --------
    >>> import symcm as sc
    >>> [str(e) for e in sc.processes.period(3).edges]
    ["'0' -> '1' on '0' (1)", "'1' -> '2' on '0' (1)", "'2' -> '0' on '1' (1)"]
    """
    max_states = checks.cap(max_states, "max_states", where="period")
    n = checks.integer(n, "n", where="period", minimum=1, maximum=max_states, cap="max_states")
    if n == 1:
        edges = [("0", "0", "1", 1)]
    else:
        edges = [(str(i), str(i + 1), "0", 1) for i in range(n - 1)] + [(str(n - 1), "0", "1", 1)]
    return HMM.from_edges(edges, alphabet=("0", "1"), name=f"period({n})")


def golden_mean(p) -> HMM:
    """The golden mean process: no two 0s in a row.

    ``A -> A on 1 (1-p)``, ``A -> B on 0 (p)``, ``B -> A on 1 (1)`` [CF03].
    This is the variant that forbids ``00`` (CMPy's GoldenMean too); its
    mirror forbidding ``11``, the golden-mean shift of symbolic dynamics, is
    :func:`golden_mean_forbid_11`.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.golden_mean(sc.symbols("p")))
    {'A': 1/(p + 1), 'B': p/(p + 1)}
    """
    v = _params(p=p)
    p = v["p"]
    return _model("golden_mean", [("A", "A", "1", 1 - p), ("A", "B", "0", p), ("B", "A", "1", 1)], v)


def even(p) -> HMM:
    """The even process: 1s come in runs of even length (a strictly sofic process).

    ``A -> A on 0 (p)``, ``A -> B on 1 (1-p)``, ``B -> A on 1 (1)`` [CF03].
    Its Markov order is infinite though it has two causal states.
    """
    v = _params(p=p)
    p = v["p"]
    return _model("even", [("A", "A", "0", p), ("A", "B", "1", 1 - p), ("B", "A", "1", 1)], v)


def binary_markov(p, q) -> HMM:
    """The binary Markov chain: the state is the last symbol.

    ``p = Pr(1 after 0)``, ``q = Pr(0 after 1)``.  Edges ``A -> A on 0
    (1-p)``, ``A -> B on 1 (p)``, ``B -> B on 1 (1-q)``, ``B -> A on 0 (q)``.
    Generically ``C_mu = H(q/(p+q))``; on the line ``p + q = 1`` the process
    is IID and the two states merge (``C_mu = 0``).  See the seed blog post
    "Prediction is not Generation" (2025) and [LA09].

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> sc.processes.binary_markov(p, q).labelled_matrix("0")
    Matrix([
    [1 - p, 0],
    [    q, 0]])
    """
    v = _params(p=p, q=q)
    p, q = v["p"], v["q"]
    edges = [("A", "A", "0", 1 - p), ("A", "B", "1", p), ("B", "B", "1", 1 - q), ("B", "A", "0", q)]
    return _model("binary_markov", edges, v)


def lohr_generator(p) -> HMM:
    """Loehr's three-state non-unifilar generator of ``binary_markov(p, p)``.

    ``A -> A on 0 (1-2p)``, ``A -> B on 0 (2p)``, ``B -> A on 0 (1/2-p)``,
    ``B -> B on 0 (p)``, ``B -> B on 1 (p)``, ``B -> C on 1 (1/2-p)``,
    ``C -> C on 1 (1-2p)``, ``C -> B on 1 (2p)``, for ``0 < p < 1/2`` (the
    edge ``1 - 2p`` vanishes at ``p = 1/2``, where the model changes).  Its
    stationary distribution is ``(1/2 - p, 2p, 1/2 - p)`` [LA09].

    Examples
    --------
    >>> import symcm as sc
    >>> sc.processes.lohr_generator(sc.symbols("p")).domain
    Domain({p: (0, 1/2)})
    """
    v = _params(p=p)
    p = v["p"]
    edges = [
        ("A", "A", "0", 1 - 2 * p), ("A", "B", "0", 2 * p),
        ("B", "A", "0", _HALF - p), ("B", "B", "0", p),
        ("B", "B", "1", p), ("B", "C", "1", _HALF - p),
        ("C", "C", "1", 1 - 2 * p), ("C", "B", "1", 2 * p),
    ]
    return _model("lohr_generator", edges, v, {"p": (0, _HALF)})


def noisy_period2(p) -> HMM:
    """Period-2 process with noise: ``A -> B on 0 (1)``, ``B -> A on 0 (p)``, ``B -> A on 1 (1-p)``."""
    v = _params(p=p)
    p = v["p"]
    return _model("noisy_period2", [("A", "B", "0", 1), ("B", "A", "0", p), ("B", "A", "1", 1 - p)], v)


def abc(p, q) -> HMM:
    """Alternating biased coins: a coin of bias ``p``, then one of bias ``q``, and so on.

    ``A -> B on 0 (p)``, ``A -> B on 1 (1-p)``, ``B -> A on 0 (q)``,
    ``B -> A on 1 (1-q)``.  Unifilar (every state has one successor); the two
    phases emit alike, and the process is IID, exactly when ``p = q``.
    """
    v = _params(p=p, q=q)
    p, q = v["p"], v["q"]
    edges = [("A", "B", "0", p), ("A", "B", "1", 1 - p), ("B", "A", "0", q), ("B", "A", "1", 1 - q)]
    return _model("abc", edges, v)


def rip(p, q) -> HMM:
    """The random insertion process [MEC09, CEM09].

    ``A -> B on 0 (p)``, ``A -> C on 1 (1-p)``, ``B -> C on 0 (q)``,
    ``B -> C on 1 (1-q)``, ``C -> A on 1 (1)``.
    """
    v = _params(p=p, q=q)
    p, q = v["p"], v["q"]
    edges = [("A", "B", "0", p), ("A", "C", "1", 1 - p), ("B", "C", "0", q), ("B", "C", "1", 1 - q),
             ("C", "A", "1", 1)]
    return _model("rip", edges, v)


def nemo(p, q) -> HMM:
    """The Nemo process, a unifilar machine with infinite cryptic order [MEC09].

    ``A -> A on 1 (p)``, ``A -> B on 0 (1-p)``, ``B -> C on 0 (1)``,
    ``C -> A on 0 (q)``, ``C -> A on 1 (1-q)``.
    """
    v = _params(p=p, q=q)
    p, q = v["p"], v["q"]
    edges = [("A", "A", "1", p), ("A", "B", "0", 1 - p), ("B", "C", "0", 1), ("C", "A", "0", q),
             ("C", "A", "1", 1 - q)]
    return _model("nemo", edges, v)


def rrxor() -> HMM:
    """The random-random-XOR process: two random bits, then their XOR [CF03].

    ``S -> T0 on 0 (1/2)``, ``S -> T1 on 1 (1/2)``, ``T0 -> F0 on 0 (1/2)``,
    ``T0 -> F1 on 1 (1/2)``, ``T1 -> F1 on 0 (1/2)``, ``T1 -> F0 on 1 (1/2)``,
    ``F0 -> S on 0 (1)``, ``F1 -> S on 1 (1)``.
    """
    h = _HALF
    edges = [
        ("S", "T0", "0", h), ("S", "T1", "1", h),
        ("T0", "F0", "0", h), ("T0", "F1", "1", h),
        ("T1", "F1", "0", h), ("T1", "F0", "1", h),
        ("F0", "S", "0", 1), ("F1", "S", "1", 1),
    ]
    return HMM.from_edges(edges, name="rrxor()")


def sns(p=_HALF, q=_HALF) -> HMM:
    """The simple non-unifilar source [CF03; Upp97].

    ``A -> A on 1 (p)``, ``A -> B on 1 (1 - p)``, ``B -> B on 1 (q)``,
    ``B -> A on 0 (1 - q)``; ``sns()`` is ``p = q = 1/2``.  Its
    epsilon-machine has infinitely many causal states (``n``, the number of
    1s since the last 0).

    Examples
    --------
    >>> import symcm as sc
    >>> from sympy import Rational
    >>> [str(e) for e in sc.processes.sns(Rational(1, 3)).edges][:2]
    ["'A' -> 'A' on '1' (1/3)", "'A' -> 'B' on '1' (2/3)"]
    """
    if p is _HALF and q is _HALF:
        name = "sns()"
    else:
        name = f"sns({p}, {q})"
    edges = [("A", "A", "1", p), ("A", "B", "1", 1 - p), ("B", "B", "1", q), ("B", "A", "0", 1 - q)]
    return HMM.from_edges(edges, name=name)


def catalog() -> dict:
    """Name -> (function, parameter names) for every named process.

    The twelve processes of ``processes.md`` and the machines from specific
    papers of :mod:`symcm.models.literature_machines` and
    :mod:`symcm.models.cryptic_machines`.  Parameters named in
    :data:`INTEGER_PARAMETERS` take positive ints; the others are real.

    Examples
    --------
    >>> import symcm as sc
    >>> sorted(sc.processes.catalog())[:3]
    ['abc', 'afc', 'afc2']
    """
    return {
        "biased_coin": (biased_coin, ("p",)),
        "period": (period, ("n",)),
        "golden_mean": (golden_mean, ("p",)),
        "even": (even, ("p",)),
        "binary_markov": (binary_markov, ("p", "q")),
        "lohr_generator": (lohr_generator, ("p",)),
        "noisy_period2": (noisy_period2, ("p",)),
        "abc": (abc, ("p", "q")),
        "rip": (rip, ("p", "q")),
        "nemo": (nemo, ("p", "q")),
        "rrxor": (rrxor, ()),
        "sns": (sns, ()),
        **_families.FAMILIES,
        **_examples.EXAMPLES,
        **_LITERATURE_CATALOG,
        **_CRYPTIC_CATALOG,
    }


def integer_parameters(name: str) -> dict:
    """The integer-valued parameters of catalog process ``name``, each with a small sample value.

    ``period`` and the families of :mod:`symcm.models.process_families` take
    integer sizes (``n``, ``N``, ``k``, ...) that cannot be symbols; where the
    catalog is instantiated with symbolic parameters (:func:`example`) these
    samples are used.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.processes.integer_parameters("ehrenfest")
    {'N': 3}
    """
    if name not in catalog():
        raise DomainError(f"integer_parameters: unknown process {name!r}; see processes.catalog()")
    if name in _LITERATURE_CATALOG or name in _CRYPTIC_CATALOG:
        _, params = catalog()[name]
        return {x: _PAPER_SAMPLES[x] for x in params if x in INTEGER_PARAMETERS}
    return {"period": {"n": 3}, **_families.INTEGER_SAMPLES}.get(name, {}).copy()


def example(name: str, **values) -> HMM:
    """Catalog process ``name`` with the given parameter values; symbols or integer samples for the rest.

    A parameter not given is a symbol of its name if it is continuous, or the
    sample of :func:`integer_parameters` if it is an integer.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.processes.example("ehrenfest").states
    ('0', '1', '2', '3')
    """
    table = catalog()
    if name not in table:
        raise DomainError(f"example: unknown process {name!r}; see processes.catalog()")
    func, params = table[name]
    unknown = set(values) - set(params)
    if unknown:
        raise DomainError(f"example: {name} has parameters {params}, received values for {sorted(unknown)}")
    ints = integer_parameters(name)
    return func(*(values.get(x, ints.get(x, symbols(x))) for x in params))
