"""Hypothesis strategies for random, valid symcm models.

Property-based testing checks a claim on many generated inputs instead of a
few hand-picked ones, and *shrinks* a counterexample to a minimal one.  This
module generates the inputs symcm's claims are about: exact probability
vectors, edge-labelled hidden Markov models (numeric or symbolic), rational
points of a parameter domain, and relabellings of a model's states.  The
library's own invariants (``pi T = pi``, ``0 <= h_mu <= H(1)``, concavity of
``H(L)``, ...) are tested with them in ``tests/test_properties.py``; use them
the same way to test a conjecture of your own.

The module needs `hypothesis <https://hypothesis.readthedocs.io>`_, which
is a test dependency of symcm rather than a core one::

    pip install "symcm[test]"

``import symcm`` does not import this module; import it explicitly
(``from symcm.models import strategies`` or ``import symcm.models.strategies as st``).

This module draws the models; the strategies for the inputs of a claim about
a given model (points of its domain, words, relabellings of its states) are
in :mod:`symcm.models.strategies_inputs` and re-exported here, so
``st.domain_points`` works as well.

How the models are built
------------------------
Every generated model is valid *by construction*, so no example is rejected
and shrinking stays fast.

* **Support first.**  States are named ``"A", "B", ...``.  For an
  *irreducible* model a random Hamiltonian cycle ``s_1 -> s_2 -> ... -> s_n
  -> s_1`` is laid down first, each arc on a random symbol; the state graph
  is then strongly connected, so the chain has one recurrent class that
  contains every state, and its stationary distribution is unique and
  positive.  Random extra edges are added on top.  A *unifilar* model never
  gets a second edge on a symbol a state already emits; a *non-unifilar* one
  gets one state with two edges on one symbol to two different states.
* **Numeric probabilities.**  Each state's outgoing edges get the
  probabilities ``w_i / sum(w)`` of small positive integer weights ``w_i``:
  exact rationals with small denominators that sum to exactly 1.
* **Symbolic probabilities.**  With parameters ``p_1, ..., p_k`` on the
  default domain ``(0, 1)^k``, each state's outgoing row is the multilinear
  mixture

  .. math::

      r(p) = \\sum_{e \\in \\{0, 1\\}^k} \\prod_{i=1}^{k}
             t_i^{e_i} (1 - t_i)^{1 - e_i} \\, a^{(e)}, \\qquad
      t_i = \\frac{p_i}{p_i + c_i (1 - p_i)},

  of ``2^k`` random rational distributions ``a^(e)`` over the row's edges,
  with random rationals ``c_i > 0`` (``c_i = 1`` gives ``t_i = p_i``; other
  values give genuine rational functions).  For ``p`` in ``[0, 1]^k`` every
  ``t_i`` is in ``[0, 1]``, so ``r(p)`` is a convex combination of
  distributions: a distribution.  ``a^(0)`` is positive on every edge of the
  support, so inside the open domain no edge probability vanishes and the
  structure (irreducibility, unifilarity) is that of the support
  everywhere.  One state with two or more edges is given distributions that
  differ along every parameter, so the model depends on all of them.
* **Vanishing edges** (``symbolic_hmms(vanishing=True)``).  One parameter
  per state, its *gate*, gets a weight such as ``t = (2p - 1)**2`` that
  vanishes inside the domain, the others weights in ``[1/4, 3/4]``; some
  edges get no weight where ``t = 0``.  Those edges vanish at ``p = 1/2``
  or ``p = 1/3``, where the structure of the model can change: the models
  symcm must answer with a case split or a refusal there.  Every edge
  probability is then a univariate factor times a function positive on the
  closed box, so its sign is always decidable.

Examples
--------
Test a claim on 25 random three-state models:

>>> from hypothesis import given, settings
>>> import symcm as sc
>>> import symcm.models.strategies as sst
>>> @settings(max_examples=25, deadline=None, database=None)
... @given(sst.hmms(max_states=3))
... def test_pi_sums_to_one(m):
...     assert sum(sc.stationary_distribution(m).values()) == 1
>>> test_pi_sums_to_one()

References
----------
.. [1] D. R. MacIver, Z. Hatfield-Dodds et al., "Hypothesis: a new approach
   to property-based testing", Journal of Open Source Software 4(43), 1891,
   2019.
.. [2] J. G. Kemeny and J. L. Snell, *Finite Markov Chains*, Van Nostrand,
   1960 (irreducible chains and their stationary distributions).
"""

from __future__ import annotations

import itertools
import string
from collections.abc import Sequence

try:
    from hypothesis import strategies as _st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'symcm.models.strategies needs hypothesis, a test dependency of symcm: pip install "symcm[test]"'
    ) from exc

import sympy as sp

from ..algebra.domain import symbols, to_rational
from .hmm import HMM
from .strategies_inputs import (
    _check_alphabet,
    _check_int,
    domain_points,
    relabellings,
    state_permutations,
    words,
)

__all__ = [
    "rational_distributions",
    "hmms",
    "unifilar_hmms",
    "symbolic_hmms",
    "domain_points",
    "words",
    "state_permutations",
    "relabellings",
]

#: Largest integer weight drawn for one edge (keeps denominators small).
MAX_WEIGHT = 6

#: Largest number of states :func:`hmms` can name (``"A"`` to ``"Z"``).
MAX_NAMED_STATES = len(string.ascii_uppercase)

_PARAMETER_NAMES = ("p", "q", "r")


# --- argument checks -------------------------------------------------------------

def _check_states(min_states, max_states, unifilar) -> None:
    _check_int("min_states", min_states, 1, MAX_NAMED_STATES)
    _check_int("max_states", max_states, 1, MAX_NAMED_STATES)
    if min_states > max_states:
        raise InvalidArgument(f"expected min_states <= max_states, received {min_states} > {max_states}")
    if unifilar not in (None, True, False):
        raise InvalidArgument(f"unifilar: expected True, False or None, received {unifilar!r}")
    if unifilar is False and max_states < 2:
        raise InvalidArgument(
            "unifilar=False needs two states (a state with two edges on one symbol to different "
            f"states), received max_states={max_states}"
        )


def _check_parameters(parameters) -> tuple:
    if isinstance(parameters, int) and not isinstance(parameters, bool):
        _check_int("parameters", parameters, 1, len(_PARAMETER_NAMES))
        return tuple(symbols(" ".join(_PARAMETER_NAMES[:parameters]) + ","))
    if isinstance(parameters, Sequence) and parameters and all(isinstance(s, sp.Symbol) for s in parameters):
        params = tuple(parameters)
        if len(set(params)) != len(params):
            raise InvalidArgument(f"parameters: expected distinct symbols, received {params}")
        if len(params) > len(_PARAMETER_NAMES):
            raise InvalidArgument(f"parameters: at most {len(_PARAMETER_NAMES)} symbols, received {len(params)}")
        return params
    raise InvalidArgument(
        f"parameters: expected 1, 2 or 3, or a sequence of sympy Symbols (see symcm.symbols), received {parameters!r}"
    )


# --- probability vectors -----------------------------------------------------------

def _normalised(weights, min_value) -> tuple:
    total = sum(weights)
    spare = 1 - len(weights) * min_value
    return tuple(min_value + spare * sp.Rational(w, total) for w in weights)


@_st.composite
def _distributions(draw, n: int, min_value: sp.Rational, max_weight: int, allow_zero: bool):
    low = 0 if allow_zero else 1
    weights = draw(_st.lists(_st.integers(low, max_weight), min_size=n, max_size=n))
    if not any(weights):
        weights[draw(_st.integers(0, n - 1))] = 1
    return _normalised(weights, min_value)


def rational_distributions(n: int, *, min_value=0, max_weight: int = MAX_WEIGHT, allow_zero: bool = False):
    """Probability vectors of ``n`` exact rationals that sum to exactly 1.

    Each vector is ``p_i = m + (1 - n m) w_i / sum(w)`` for random integer
    weights ``w_i`` in ``[1, max_weight]`` (``[0, max_weight]``, not all 0,
    with ``allow_zero``) and ``m = min_value``; denominators stay small.

    Parameters
    ----------
    n : int
        Length of the vector, ``n >= 1``.
    min_value : rational, optional
        A lower bound on every entry, with ``n * min_value <= 1``; exact
        (int, ``Fraction``, sympy ``Rational`` or a string like ``"1/10"``).
        Default 0: the entries are positive (> 0) all the same.
    max_weight : int, optional
        Largest integer weight, ``>= 1``.
    allow_zero : bool, optional
        Allow entries equal to ``min_value`` (so 0 by default).

    Returns
    -------
    SearchStrategy[tuple[sympy.Rational, ...]]

    Raises
    ------
    hypothesis.errors.InvalidArgument
        On a bad argument (when the strategy is built, before any draw).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from symcm.models.strategies import rational_distributions
    >>> @settings(max_examples=20, database=None)
    ... @given(rational_distributions(3, min_value="1/10"))
    ... def check(d):
    ...     assert len(d) == 3 and sum(d) == 1 and min(d) >= sp.Rational(1, 10)
    >>> check()
    """
    _check_int("n", n, 1)
    _check_int("max_weight", max_weight, 1)
    try:
        low = to_rational(min_value, where="min_value")
    except (TypeError, ValueError) as exc:
        raise InvalidArgument(str(exc)) from None
    if low < 0 or n * low > 1:
        raise InvalidArgument(f"min_value: expected 0 <= min_value <= 1/n = 1/{n}, received {low}")
    return _distributions(n, low, max_weight, bool(allow_zero))


# --- model structure --------------------------------------------------------------

def _state_names(n: int) -> tuple:
    return tuple(string.ascii_uppercase[:n])


@_st.composite
def _support(draw, min_states, max_states, alphabet, unifilar, irreducible, need_branch):
    """``(states, {state: [(symbol, target), ...]})``: the edges of a random valid support."""
    low = max(min_states, 2) if unifilar is False else min_states
    n = draw(_st.integers(low, max_states))
    states = _state_names(n)
    rows: dict = {s: [] for s in states}

    def add(src, symbol, dst) -> bool:
        emitted = [t for x, t in rows[src] if x == symbol]
        if dst in emitted or (unifilar and emitted):
            return False
        rows[src].append((symbol, dst))
        return True

    if irreducible:
        cycle = draw(_st.permutations(states))
        for i, src in enumerate(cycle):
            add(src, draw(_st.sampled_from(alphabet)), cycle[(i + 1) % n])
    else:
        for src in states:
            add(src, draw(_st.sampled_from(alphabet)), draw(_st.sampled_from(states)))
    extra = _st.tuples(_st.sampled_from(alphabet), _st.sampled_from(states))
    for src in states:
        for symbol, dst in draw(_st.lists(extra, max_size=len(alphabet))):
            add(src, symbol, dst)

    if unifilar is False and all(len({x for x, _ in r}) == len(r) for r in rows.values()):
        src = draw(_st.sampled_from(states))
        symbol, dst = rows[src][0]
        other = draw(_st.sampled_from([s for s in states if s != dst]))
        add(src, symbol, other)
    if need_branch and all(len(r) < 2 for r in rows.values()):
        src = draw(_st.sampled_from(states))
        used = {x for x, _ in rows[src]}
        symbol = draw(_st.sampled_from([x for x in alphabet if x not in used]))
        add(src, symbol, draw(_st.sampled_from(states)))
    return states, rows


@_st.composite
def _numeric_hmms(draw, min_states, max_states, alphabet, unifilar, irreducible, max_weight):
    states, rows = draw(_support(min_states, max_states, alphabet, unifilar, irreducible, False))
    edges = []
    for src in states:
        probs = draw(_distributions(len(rows[src]), sp.Integer(0), max_weight, False))
        edges += [(src, dst, x, pr) for (x, dst), pr in zip(rows[src], probs)]
    return HMM.from_edges(edges, states=states, alphabet=alphabet)


def hmms(
    *,
    min_states: int = 1,
    max_states: int = 4,
    alphabet: Sequence[str] = ("0", "1"),
    unifilar: bool | None = None,
    irreducible: bool = True,
    max_weight: int = MAX_WEIGHT,
):
    """Random numeric hidden Markov models with exact rational probabilities.

    Parameters
    ----------
    min_states, max_states : int, optional
        Bounds on the number of states, ``1 <= min_states <= max_states <= 26``.
        States are named ``"A", "B", ...`` in that order.
    alphabet : sequence of str, optional
        The model's alphabet (every model has exactly this alphabet, though
        a symbol may be emitted by no edge).
    unifilar : bool or None, optional
        ``True``: every state emits each symbol on at most one edge.
        ``False``: some state has two edges on one symbol to different
        states (needs ``max_states >= 2``; models then have >= 2 states).
        ``None``: either.
    irreducible : bool, optional
        ``True`` (default): the state graph contains a Hamiltonian cycle, so
        the chain has a single recurrent class containing every state and
        :func:`symcm.stationary_distribution` is positive on every state.
        ``False``: no such guarantee (transient states and several recurrent
        classes can occur).
    max_weight : int, optional
        Edge probabilities of a state are ``w_i / sum(w)`` with integer
        weights ``1 <= w_i <= max_weight``.

    Returns
    -------
    SearchStrategy[symcm.HMM]
        Models without parameters.  Shrinking goes towards fewer states,
        fewer edges and equal weights.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        On a bad argument.

    See Also
    --------
    unifilar_hmms, symbolic_hmms

    Examples
    --------
    ``hypothesis.find`` returns the simplest model with a property:

    >>> from hypothesis import find, settings
    >>> from symcm.models.strategies import hmms
    >>> m = find(hmms(unifilar=False), lambda m: True, settings=settings(database=None))
    >>> len(m.states), sc.is_unifilar(m)
    (2, False)
    >>> len(sc.recurrent_classes(m)[0]) == len(m.states)
    True
    """
    alpha = _check_alphabet(alphabet)
    _check_states(min_states, max_states, unifilar)
    _check_int("max_weight", max_weight, 1)
    return _numeric_hmms(min_states, max_states, alpha, unifilar, bool(irreducible), max_weight)


def unifilar_hmms(**kwargs):
    """Random numeric *unifilar* models: ``hmms(unifilar=True, **kwargs)``.

    Unifilar presentations are the ones whose entropy rate symcm computes
    exactly (:func:`symcm.entropy_rate`).

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from symcm.models.strategies import unifilar_hmms
    >>> @settings(max_examples=20, deadline=None, database=None)
    ... @given(unifilar_hmms(max_states=3))
    ... def check(m):
    ...     assert sc.is_unifilar(m) and sc.entropy_rate(m).evalf(30) >= 0
    >>> check()
    """
    if "unifilar" in kwargs:
        raise InvalidArgument("unifilar_hmms() always makes unifilar models; do not pass unifilar")
    return hmms(unifilar=True, **kwargs)


# --- symbolic models -----------------------------------------------------------------

def _mixture_weight(p: sp.Symbol, kind: tuple) -> sp.Expr:
    """A mixing weight ``t(p)`` in ``[0, 1]`` for every ``p`` in ``[0, 1]``.

    * ``("slope", c)``: ``t = p / (p + c (1 - p))``, increasing from 0 to 1;
    * ``("affine", a, b)``: ``t = a + (b - a) p``, between ``a`` and ``b``
      (never 0 or 1 for ``0 < a, b < 1``);
    * ``("square", roots)``: ``t = prod_k (k p - 1)**2 / max``, which vanishes
      at ``p = 1/k`` inside the domain and only there.
    """
    form = kind[0]
    if form == "slope":
        c = kind[1]
        return p if c == 1 else p / (p + c * (1 - p))
    if form == "affine":
        a, b = kind[1:]
        return a + (b - a) * p
    # product of squares: its maximum on [0, 1] is at p = 1 for the roots used here
    g = sp.Mul(*((k * p - 1) ** 2 for k in kind[1]))
    return g / g.subs(p, 1)


#: Weights that vanish inside (0, 1) nowhere (``c = 1`` first: shrinks to ``t = p``).
_SLOPES = tuple(("slope", sp.Rational(c)) for c in ("1", "2", "1/2", "3", "1/3"))
#: Weights that vanish at ``p = 1/2``, ``p = 1/3``, or both.
_SQUARES = (("square", (2,)), ("square", (3,)), ("square", (2, 3)))
#: Weights that stay inside ``[1/4, 3/4]`` on the closed box.
_INTERIOR = tuple(("affine", sp.Rational(a), sp.Rational(b)) for a, b in (("1/3", "2/3"), ("2/3", "1/3"),
                                                                          ("1/4", "3/4")))


@_st.composite
def _corner_weights(draw, size: int, corners: list, max_weight: int, gate: int | None) -> dict:
    """Integer weights per corner; every edge gets weight somewhere, every corner some weight.

    Without a gate the first corner is positive on every edge.  With a gate
    parameter, a random nonempty proper subset of the edges may be *gated*:
    zero in every corner where the gate's weight is 0, so those edges vanish
    where the gate's weight does.
    """
    if gate is None:
        gated = [False] * size
    else:
        gated = draw(_st.lists(_st.booleans(), min_size=size, max_size=size))
        if all(gated):
            gated[draw(_st.integers(0, size - 1))] = False
    weights = {}
    for n, e in enumerate(corners):
        low = 1 if (n == 0 and gate is None) else 0
        w = draw(_st.lists(_st.integers(low, max_weight), min_size=size, max_size=size))
        if gate is not None and not e[gate]:
            w = [0 if g else x for x, g in zip(w, gated)]
        if not any(w):
            w[next(j for j, g in enumerate(gated) if not g)] = 1
        weights[e] = w
    for j in range(size):  # the support of the row is the union of the corners' supports
        if not any(w[j] for w in weights.values()):
            weights[corners[-1]][j] = 1
    return weights


@_st.composite
def _symbolic_hmms(draw, params, min_states, max_states, alphabet, unifilar, irreducible, max_weight, vanishing):
    states, rows = draw(_support(min_states, max_states, alphabet, unifilar, irreducible, True))
    k = len(params)
    corners = list(itertools.product((0, 1), repeat=k))
    # With ``vanishing``, each row has one "gate" parameter whose weight may
    # vanish inside the domain; its other weights stay in [1/4, 3/4], so every
    # edge probability is either positive on the closed box or a univariate
    # factor (the gate's) times such a function: its sign is always decidable.
    gate_kinds = _SQUARES if vanishing else _SLOPES
    witness = draw(_st.sampled_from([s for s in states if len(rows[s]) >= 2]))
    edges = []
    for src in states:
        size = len(rows[src])
        gate = draw(_st.integers(0, k - 1)) if vanishing else None
        ts = [_mixture_weight(p, draw(_st.sampled_from(gate_kinds if gate in (None, i) else _INTERIOR)))
              for i, p in enumerate(params)]
        weights = draw(_corner_weights(size, corners, max_weight, gate))
        dists = {e: _normalised(w, 0) for e, w in weights.items()}
        if src == witness:  # make the row differ along every parameter
            base = dists[corners[0]]
            for i in range(k):
                unit = tuple(int(j == i) for j in range(k))
                if dists[unit] == base:  # move the mass of one edge onto another
                    j = next(j for j, x in enumerate(base) if x)
                    moved = list(base)
                    moved[(j + 1) % size] += moved[j]
                    moved[j] = sp.Integer(0)
                    dists[unit] = tuple(moved)
        probs = [sp.Integer(0)] * size
        for e, dist in dists.items():
            coeff = sp.Mul(*(t if bit else 1 - t for t, bit in zip(ts, e)))
            probs = [acc + coeff * d for acc, d in zip(probs, dist)]
        edges += [(src, dst, x, pr) for (x, dst), pr in zip(rows[src], probs)]
    return HMM.from_edges(edges, states=states, alphabet=alphabet)


def symbolic_hmms(
    parameters=1,
    *,
    min_states: int = 1,
    max_states: int = 3,
    alphabet: Sequence[str] = ("0", "1"),
    unifilar: bool | None = None,
    irreducible: bool = True,
    vanishing: bool = False,
    max_weight: int = 4,
):
    """Random HMMs whose probabilities are rational functions of parameters.

    Every edge probability is a rational function of the parameters that is
    nonnegative on the whole default domain ``(0, 1)^k``, by construction (a
    mixture of rational distributions with weights in ``[0, 1]``; see the
    module notes), and the model depends on every parameter.  By default no
    edge vanishes inside the domain (``m.vanishing_edges == ()``), so the
    model's structure is the same at every point of the domain.

    Parameters
    ----------
    parameters : int or sequence of sympy.Symbol, optional
        ``1``, ``2`` or ``3`` for the parameters ``p``, ``q``, ``r`` made by
        :func:`symcm.symbols`, or the symbols to use (at most 3; make them
        with :func:`symcm.symbols` so they are real and positive).
    min_states, max_states, alphabet, unifilar, irreducible
        As for :func:`hmms`; the alphabet needs two symbols or more.
        ``unifilar`` and ``irreducible`` describe the generic structure
        (the support of the model), which is the structure at every point
        of the domain unless ``vanishing`` is set.
    vanishing : bool, optional
        Also use mixing weights such as ``(2p - 1)**2``, which vanish at
        ``p = 1/2``, ``p = 1/3`` or both: some edges then vanish inside the
        domain (:attr:`HMM.vanishing_edges`), and the structure
        (irreducibility, unifilarity) can change there.  Use it to test case
        splits; draw points with small denominators
        (``domain_points(m, max_denominator=4)``) to hit those places.
    max_weight : int, optional
        Largest integer weight in the mixed distributions.

    Returns
    -------
    SearchStrategy[symcm.HMM]
        Models with ``m.parameters`` the given parameters (sorted by name)
        and ``m.domain`` the unit box.

    Raises
    ------
    hypothesis.errors.InvalidArgument
        On a bad argument.

    Notes
    -----
    The cost of symbolic analyses grows quickly with states and parameters;
    the defaults (at most 3 states, weights at most 4) keep a property test
    of a few dozen examples within seconds.

    Examples
    --------
    Check that ``pi`` is a fixed point of ``T`` identically in ``p, q``:

    >>> from hypothesis import given, settings
    >>> from symcm.models.strategies import symbolic_hmms
    >>> @settings(max_examples=10, deadline=None, database=None)
    ... @given(symbolic_hmms(parameters=2, max_states=2))
    ... def check(m):
    ...     pi = sp.Matrix([[sc.stationary_distribution(m)[s] for s in m.states]])
    ...     assert (pi * m.transition_matrix - pi).applyfunc(sp.cancel).is_zero_matrix
    ...     assert len(m.parameters) == 2 and not m.vanishing_edges
    >>> check()
    """
    params = _check_parameters(parameters)
    alpha = _check_alphabet(alphabet)
    if len(alpha) < 2:
        raise InvalidArgument(f"symbolic_hmms needs an alphabet of two symbols or more, received {alpha!r}")
    _check_states(min_states, max_states, unifilar)
    _check_int("max_weight", max_weight, 1)
    return _symbolic_hmms(params, min_states, max_states, alpha, unifilar, bool(irreducible), max_weight,
                          bool(vanishing))
