"""Parametrized families of the CMPy process catalog, exact: sizes are integers, probabilities exact.

Each function returns an :class:`~symcm.models.hmm.HMM` whose edges are
listed ``s -> t on x (prob)`` as in ``shared/design/processes.md``; symbols are
strings (``"0"``, ``"1"``, ...), probabilities exact (sympy rationals or
rational functions of symbolic parameters, whose domain is the open interval
stated, ``(0, 1)`` unless said otherwise).  The facts (edges, parameter
conventions) are those of the process catalog of the CMPy package of the
Crutchfield group, as ported to the public ``dit/sofic`` repository
(``sofic/examples/processes.py``) [CMPy]; that port uses floats and random
Dirichlet draws where this module uses exact values and uniform defaults.
Deviations from the port are stated where they occur (its ``Period7`` is the
period-8 word; its ``Lollipop`` with ``N = 2`` has a row summing to
``1 - p + q``).  The named single processes of the same catalog (band merging,
Cantor, coupled golden means, Girvan's figures, ...) are in
:mod:`symcm.models.process_examples`.

Left out on purpose: the quasi-probability generalized HMMs (negative
"probabilities": not an HMM), the transducers (an input alphabet: not a
process), the random constructors (``RandomEven``, ``uniform_mealyhmm``,
``uniform_mealymc``: not exact).  The Ising chain's transition
probabilities are algebraic, not rational, in its parameters: they are given
exactly by :func:`~symcm.models.process_examples.ising_probabilities`, but no
HMM of this package holds them.

References
----------
.. [CMPy] J. P. Crutchfield et al., CMPy, the Computational Mechanics in Python
   package, process catalog ``cmpy.machines.processes``; ported in
   https://github.com/dit/sofic (``sofic/examples/processes.py``).
.. [CF03] J. P. Crutchfield and D. P. Feldman, "Regularities unseen,
   randomness observed", Chaos 13, 25 (2003).
.. [Kac47] M. Kac, "Random walk and the theory of Brownian motion", Amer.
   Math. Monthly 54, 369 (1947) (the Ehrenfest urn; binomial stationary law).
"""

from __future__ import annotations

import sympy as sp

from .. import checks
from ..algebra.numbers import as_exact
from ..errors import DomainError, ParameterTypeError
from .hmm import HMM

__all__ = [
    "afc", "afc2", "beads_on_necklace", "iid", "cyclic_branching", "ehrenfest", "flower",
    "lollipop", "markov_skeleton", "multiples_of", "periodic", "named_period",
]

_R = sp.Rational
_HALF = _R(1, 2)
_MAX_STATES = 10_000


def _exact(where: str, **values) -> dict:
    return {k: as_exact(v, where=f"{where}: parameter {k}") for k, v in values.items()}


def _build(label: str, edges, values: dict, intervals: dict | None = None, **kw) -> HMM:
    intervals = intervals or {}
    edges = list(edges)
    used = set().union(*(sp.sympify(e[3]).free_symbols for e in edges))
    domain = {v: intervals.get(k, (0, 1)) for k, v in values.items() if isinstance(v, sp.Symbol) and v in used}
    return HMM.from_edges(edges, domain=domain, name=label, **kw)


def _int(value, name: str, where: str, minimum: int = 1) -> int:
    return checks.integer(value, name, where=where, minimum=minimum, maximum=_MAX_STATES)


def afc(n: int) -> HMM:
    """The almost fair coin of order ``n``: a fair coin that never shows ``n + 1`` ones in a row.

    States ``B, A1, ..., An`` (``Ai``: the last ``i`` symbols were ones):
    ``B -> B on 0 (1/2)``, ``B -> A1 on 1 (1/2)``, ``Ai -> A(i+1) on 1 (1/2)``
    and ``Ai -> B on 0 (1/2)`` for ``i < n``, ``An -> B on 0 (1)`` [CMPy].
    Unifilar and minimal: ``n + 1`` causal states, Markov order ``n``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.markov_order(sc.processes.afc(3))
    3
    """
    n = _int(n, "n", "afc")
    edges = [("B", "B", "0", _HALF), ("B", "A1", "1", _HALF)]
    for i in range(1, n):
        edges += [(f"A{i}", f"A{i + 1}", "1", _HALF), (f"A{i}", "B", "0", _HALF)]
    edges.append((f"A{n}", "B", "0", 1))
    return HMM.from_edges(edges, name=f"afc({n})")


def afc2(n: int) -> HMM:
    """The two-sided almost fair coin: fair flips whose runs (of 0s and of 1s) are at most ``n`` long.

    States ``Ai`` (a run of ``i`` zeros) and ``Bi`` (of ``i`` ones):
    ``Ai -> A(i+1) on 0 (1/2)``, ``Ai -> B1 on 1 (1/2)``, ``Bi -> B(i+1) on 1
    (1/2)``, ``Bi -> A1 on 0 (1/2)`` for ``i < n``; ``An -> B1 on 1 (1)``,
    ``Bn -> A1 on 0 (1)`` [CMPy].  ``2n`` causal states; ``n = 1`` is the
    period-2 process.

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.processes.afc2(2).states)
    4
    """
    n = _int(n, "n", "afc2")
    edges = []
    for i in range(1, n):
        edges += [(f"A{i}", f"A{i + 1}", "0", _HALF), (f"A{i}", "B1", "1", _HALF),
                  (f"B{i}", f"B{i + 1}", "1", _HALF), (f"B{i}", "A1", "0", _HALF)]
    edges += [(f"A{n}", "B1", "1", 1), (f"B{n}", "A1", "0", 1)]
    return HMM.from_edges(edges, name=f"afc2({n})")


def beads_on_necklace(p=_HALF, beads=("a", "b"), necklace=("0", "1", "3")) -> HMM:
    """Beads on a necklace: at each necklace stop, strings of beads, then the next stop [CMPy].

    Stop ``j`` has an attach state ``Sj``; with probability ``p`` the process
    moves on, ``Sj -> S(j+1) on necklace[j] (p)`` (cyclically), else it emits
    the bead word ``b1 ... bm`` and returns: ``Sj -> Bj.1 on b1 (1-p)``,
    ``Bj.i -> Bj.(i+1) on b(i+1) (1)``, ``Bj.(m-1) -> Sj on bm (1)`` (a one-symbol
    bead is a loop ``Sj -> Sj on b1 (1-p)``).  ``beads`` is one word for every
    stop or a list of words, one per stop; ``p`` a number or one per stop.

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.processes.beads_on_necklace().states)
    6
    """
    necklace = tuple(str(x) for x in necklace)
    k = len(necklace)
    rows = list(beads) if beads and isinstance(beads[0], (list, tuple)) else [beads] * k
    ps = list(p) if isinstance(p, (list, tuple)) else [p] * k
    if k == 0 or len(rows) != k or len(ps) != k:
        raise DomainError(f"beads_on_necklace: need one bead word and one p per necklace stop ({k}), "
                          f"received {len(rows)} words and {len(ps)} values")
    ps = [as_exact(x, where="beads_on_necklace: p") for x in ps]
    edges = []
    for j, (row, pj) in enumerate(zip(rows, ps)):
        row = tuple(str(x) for x in row)
        stop, nxt = f"S{j}", f"S{(j + 1) % k}"
        if not row:
            edges.append((stop, nxt, necklace[j], 1))
            continue
        edges.append((stop, nxt, necklace[j], pj))
        if len(row) == 1:
            edges.append((stop, stop, row[0], 1 - pj))
            continue
        chain = [stop] + [f"B{j}.{i}" for i in range(1, len(row))] + [stop]
        for i, x in enumerate(row):
            edges.append((chain[i], chain[i + 1], x, 1 - pj if i == 0 else 1))
    values = {f"p{j}": x for j, x in enumerate(ps)}
    return _build(f"beads_on_necklace({', '.join(map(str, ps))})", edges, values)


def iid(k: int, probabilities=None) -> HMM:
    """IID symbols ``"0", ..., "k-1"``, uniform unless ``probabilities`` (one per symbol) is given.

    One state ``A`` with ``A -> A on i (p_i)``; ``C_mu = 0``,
    ``h_mu = H(p_0, ..., p_{k-1})`` (``log2 k`` when uniform) [CF03].

    Examples
    --------
    >>> import symcm as sc
    >>> sc.entropy_rate(sc.processes.iid(4))
    2
    """
    k = _int(k, "k", "iid")
    probs = [_R(1, k)] * k if probabilities is None else list(probabilities)
    if len(probs) != k:
        raise DomainError(f"iid: expected {k} probabilities, received {len(probs)}")
    values = _exact("iid", **{f"p{i}": x for i, x in enumerate(probs)})
    edges = [("A", "A", str(i), values[f"p{i}"]) for i in range(k)]
    return _build(f"iid({k})", edges, values)


def cyclic_branching(num_states: int, num_branchings: int, num_symbols: int = 2) -> HMM:
    """A noisy period-``n`` cycle whose last ``b`` steps emit a uniformly random symbol [CMPy].

    States ``"0", ..., "n-1"`` on a cycle ``x -> x+1 (mod n)``; the last ``b``
    states (``x >= n - b``) branch, ``x -> x+1 on s (1/k)`` for each of the
    ``k = num_symbols`` symbols; the others emit ``0`` (``1`` on the closing
    step ``n-1 -> 0``) with probability 1.  Requires ``0 <= b < n``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.entropy_rate(sc.processes.cyclic_branching(4, 2))
    1/2
    """
    n = _int(num_states, "num_states", "cyclic_branching")
    b = _int(num_branchings, "num_branchings", "cyclic_branching", minimum=0)
    k = _int(num_symbols, "num_symbols", "cyclic_branching")
    if b >= n:
        raise DomainError(f"cyclic_branching: num_branchings must be below num_states={n}, received {b}")
    edges = []
    for x in range(n):
        y = (x + 1) % n
        if x >= n - b:
            edges += [(str(x), str(y), str(s), _R(1, k)) for s in range(k)]
        else:
            edges.append((str(x), str(y), "1" if x == n - 1 else "0", 1))
    return HMM.from_edges(edges, alphabet=[str(s) for s in range(max(k, 2))], name=f"cyclic_branching({n}, {b}, {k})")


def ehrenfest(p=_HALF, N: int = 5) -> HMM:
    """The Ehrenfest urn, lazy with probability ``1 - p``: the symbol is the new count of balls.

    States ``"0", ..., "N"``: ``i -> i on i (1-p)``, ``i -> i+1 on i+1
    (p (N-i)/N)``, ``i -> i-1 on i-1 (p i/N)`` [CMPy; Kac47].  Unifilar (the
    symbol names the target); stationary law binomial, ``pi(i) = C(N, i) / 2^N``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.ehrenfest(sc.symbols("p"), 2))
    {'0': 1/4, '1': 1/2, '2': 1/4}
    """
    N = _int(N, "N", "ehrenfest")
    v = _exact("ehrenfest", p=p)
    p = v["p"]
    edges = []
    for i in range(N + 1):
        edges.append((str(i), str(i), str(i), 1 - p))
        if i < N:
            edges.append((str(i), str(i + 1), str(i + 1), p * _R(N - i, N)))
        if i > 0:
            edges.append((str(i), str(i - 1), str(i - 1), p * _R(i, N)))
    return _build(f"ehrenfest({p}, {N})", edges, v, states=[str(i) for i in range(N + 1)])


def flower(N: int = 4, M: int = 3, forward=None, reverse=None) -> HMM:
    """The flower process: a centre ``"0"`` and ``N - 1`` petals, each left and entered on its own symbols.

    ``0 -> i on i (f_i)`` for petals ``i = 1..N-1`` and ``i -> 0 on N+j (r_ij)``
    for ``j = 0..M-2`` [CMPy].  ``forward`` (``N-1`` values) and ``reverse``
    (``N-1`` rows of ``M-1``) default to uniform (the port draws ``reverse`` at
    random).  Unifilar; ``pi(0) = 1/2``, ``pi(i) = f_i/2``.

    Examples
    --------
    >>> import symcm as sc
    >>> sc.stationary_distribution(sc.processes.flower(3, 2))["0"]
    1/2
    """
    N = _int(N, "N", "flower", minimum=2)
    M = _int(M, "M", "flower", minimum=2)
    f = [_R(1, N - 1)] * (N - 1) if forward is None else list(forward)
    r = [[_R(1, M - 1)] * (M - 1) for _ in range(N - 1)] if reverse is None else [list(x) for x in reverse]
    if len(f) != N - 1 or len(r) != N - 1 or any(len(x) != M - 1 for x in r):
        raise DomainError(f"flower: expected {N - 1} forward values and {N - 1} rows of {M - 1} reverse values")
    edges = []
    for i in range(1, N):
        edges.append(("0", str(i), str(i), as_exact(f[i - 1], where="flower: forward")))
        edges += [(str(i), "0", str(N + j), as_exact(r[i - 1][j], where="flower: reverse")) for j in range(M - 1)]
    return HMM.from_edges(edges, name=f"flower({N}, {M})")


def lollipop(N: int = 3, M: int = 2, p=_HALF, q=_HALF, r=_R(1, 10)) -> HMM:
    """The lollipop: a head cycle of ``N`` states on 0s and two sticks of 1s that rejoin and restart [CMPy].

    Head ``"0", ..., "N-1"``: ``0 -> 1 on 0 (1-p)``, ``1 -> 2 on 0 (1-q)``,
    ``i -> i+1 on 0 (1)``, ``N-1 -> 0 on 0`` (the rest).  Sticks of ``M - 1``
    states ``"N", ..., "N+M-2"`` (from head 0, entered on 1 with ``p``) and
    ``"N+M-1", ..., "N+2M-3"`` (from head 1, entered on 1 with ``q``), each
    advancing on 1; both end in ``T = "N+2M-2"``: the first on 1 (1), the
    second on 1 (``1-r``) and 0 (``r``); ``T -> 0 on 2 (1)``.  ``N >= 2``,
    ``M >= 2``.  For ``N = 2`` the port's row of head 1 is ``1 - p`` plus
    ``q``; here it is ``1 - q`` plus ``q``, as the row must sum to 1.

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.processes.lollipop(3, 2).states)
    6
    """
    N = _int(N, "N", "lollipop", minimum=2)
    M = _int(M, "M", "lollipop", minimum=2)
    v = _exact("lollipop", p=p, q=q, r=r)
    p, q, r = v["p"], v["q"], v["r"]
    head = [str(i) for i in range(N)]
    stick = [str(i) for i in range(N, N + 2 * (M - 1) + 1)]
    leave = {0: 1 - p, 1: 1 - q}
    edges = [(head[i], head[(i + 1) % N], "0", leave.get(i, 1)) for i in range(N)]
    first = [head[0]] + stick[:M - 1]
    second = [head[1]] + stick[M - 1:2 * (M - 1)]
    for path, entry in ((first, p), (second, q)):
        edges += [(path[i], path[i + 1], "1", entry if i == 0 else 1) for i in range(M - 1)]
    end = stick[-1]
    edges += [(first[-1], end, "1", 1), (second[-1], end, "1", 1 - r), (second[-1], end, "0", r),
              (end, head[0], "2", 1)]
    return _build(f"lollipop({N}, {M}, {p}, {q}, {r})", edges, v, states=head + stick)


def markov_skeleton(R: int, k: int = 2) -> HMM:
    """The order-``R`` Markov skeleton on ``k`` symbols, given uniform probabilities.

    States: the words of length ``R`` over ``"0".."k-1"`` (one state ``""`` for
    ``R = 0``); ``w -> w[1:] + x on x (1/k)`` [CMPy].  The port builds the
    topology only; with the uniform probabilities given here the process is
    IID uniform, so its epsilon-machine has one state though the presentation
    has ``k^R``.

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.processes.markov_skeleton(2).states)
    4
    """
    R = _int(R, "R", "markov_skeleton", minimum=0)
    k = _int(k, "k", "markov_skeleton", minimum=2)
    if k > 10 or k ** R > _MAX_STATES:
        raise DomainError(f"markov_skeleton: needs k <= 10 and k^R <= {_MAX_STATES}, received k={k}, R={R}")
    import itertools

    alphabet = [str(x) for x in range(k)]
    words = ["".join(w) for w in itertools.product(alphabet, repeat=R)]
    edges = [(w, (w + x)[1:] if R else "", x, _R(1, k)) for w in words for x in alphabet]
    return HMM.from_edges(edges, name=f"markov_skeleton({R}, {k})")


def multiples_of(n: int, p=_HALF) -> HMM:
    """Runs of 1s whose lengths are multiples of ``n`` (the port's ``MultipleN``).

    ``0 -> 0 on 0 (p)``, ``0 -> 1 on 1 (1-p)``, ``x -> x+1 on 1 (1)`` for
    ``0 < x < n``, the last back to ``0`` [CMPy].  ``n = 2`` is ``even(p)``;
    ``n = 1`` is the biased coin.

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.processes.multiples_of(3).states)
    3
    """
    n = _int(n, "n", "multiples_of")
    v = _exact("multiples_of", p=p)
    p = v["p"]
    edges = [("0", "0", "0", p), ("0", str(1 % n), "1", 1 - p)]
    edges += [(str(x), str((x + 1) % n), "1", 1) for x in range(1, n)]
    return _build(f"multiples_of({n}, {p})", edges, v)


def periodic(word: str) -> HMM:
    """The periodic process repeating ``word``, reduced to its primitive period.

    For the primitive root ``w`` of length ``L``: ``i -> i+1 (mod L) on w[i] (1)``
    [CMPy].  ``C_mu = E = log2 L``, ``h_mu = 0`` [CF03].

    Examples
    --------
    >>> import symcm as sc
    >>> sc.processes.periodic("0101").states
    ('0', '1')
    """
    if not isinstance(word, str) or not word:
        raise ParameterTypeError(f"periodic: word must be a non-empty str, received {checks.describe(word)}")
    L = next(d for d in range(1, len(word) + 1) if len(word) % d == 0 and word[:d] * (len(word) // d) == word)
    base = word[:L]
    edges = [(str(i), str((i + 1) % L), x, 1) for i, x in enumerate(base)]
    return HMM.from_edges(edges, alphabet=sorted(set(base) | {"0", "1"}), name=f"periodic({base})")


PERIOD_WORDS = {1: "1", 2: "01", 4: "1110", 7: "1010111", 8: "10101110", 12: "101011101110",
                16: "1010111011101110"}
"""The words of the catalog's ``Period1``, ..., ``Period16``; ``7`` is the period-8 word minus its last 0
(the port's ``Period7`` returns the period-8 word ``10101110``, a bug)."""


def named_period(n: int) -> HMM:
    """The catalog's ``Period<n>`` process, ``n`` in 1, 2, 4, 7, 8, 12, 16: ``periodic(PERIOD_WORDS[n])``.

    The port's ``Period7`` repeats the 8-symbol word ``10101110``; here the
    period is 7 (``1010111``).

    Examples
    --------
    >>> import symcm as sc
    >>> len(sc.processes.named_period(7).states)
    7
    """
    n = _int(n, "n", "named_period")
    if n not in PERIOD_WORDS:
        raise DomainError(f"named_period: n must be one of {sorted(PERIOD_WORDS)}, received {n}")
    return periodic(PERIOD_WORDS[n])


# name -> (function, parameter names) for processes.catalog(); each integer parameter has a sample in
# INTEGER_SAMPLES (used where the catalog is instantiated with symbols: processes.example).
FAMILIES = {
    "afc": (afc, ("n",)), "afc2": (afc2, ("n",)), "beads_on_necklace": (beads_on_necklace, ("p",)),
    "iid": (iid, ("k",)), "cyclic_branching": (cyclic_branching, ("num_states", "num_branchings")),
    "ehrenfest": (ehrenfest, ("p", "N")), "flower": (flower, ("N", "M")),
    "lollipop": (lollipop, ("N", "M", "p", "q", "r")), "markov_skeleton": (markov_skeleton, ("R",)),
    "multiples_of": (multiples_of, ("n", "p")), "named_period": (named_period, ("n",)),
}

INTEGER_SAMPLES = {
    "afc": {"n": 3}, "afc2": {"n": 2}, "iid": {"k": 3}, "cyclic_branching": {"num_states": 4, "num_branchings": 2},
    "ehrenfest": {"N": 3}, "flower": {"N": 3, "M": 3}, "lollipop": {"N": 3, "M": 2},
    "markov_skeleton": {"R": 2}, "multiples_of": {"n": 3}, "named_period": {"n": 7},
}
