"""Hypothesis strategies for the inputs of a claim about a given model: points, words, relabellings.

A property of a model usually quantifies over something more: the points of
its parameter domain, the words over its alphabet, the renamings of its
states.  This module draws those, for a model drawn by
:mod:`symcm.models.strategies` (which re-exports every strategy here) or
given by hand:

* :func:`domain_points`: rational points strictly inside the domain box,
  shrinking to its centre;
* :func:`words`: words over the alphabet, as tuples of symbols;
* :func:`state_permutations` and :func:`relabellings`: permutations of the
  state names, and the model relabelled by them (the same process, with its
  matrix rows permuted).

Like :mod:`symcm.models.strategies` it needs hypothesis (``pip install
"symcm[test]"``) and is not imported by ``import symcm``.  It also holds the
argument checks the strategies share (``_check_int``, ``_check_alphabet``).
"""

from __future__ import annotations

from collections.abc import Sequence

try:
    from hypothesis import strategies as _st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        'symcm.models.strategies_inputs needs hypothesis, a test dependency of symcm: pip install "symcm[test]"'
    ) from exc

import sympy as sp

from ..algebra.domain import Domain
from .hmm import HMM

__all__ = ["domain_points", "words", "state_permutations", "relabellings"]


def _check_int(name: str, value, low: int, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{name}: expected an int, received {value!r}")
    if value < low or (high is not None and value > high):
        bound = f">= {low}" if high is None else f"in [{low}, {high}]"
        raise InvalidArgument(f"{name}: expected an int {bound}, received {value}")


def _check_alphabet(alphabet) -> tuple:
    if isinstance(alphabet, str) or not isinstance(alphabet, Sequence):
        raise InvalidArgument(f"alphabet: expected a sequence of str such as ('0', '1'), received {alphabet!r}")
    alpha = tuple(alphabet)
    if not alpha or not all(isinstance(x, str) and x for x in alpha) or len(set(alpha)) != len(alpha):
        raise InvalidArgument(f"alphabet: expected distinct non-empty str symbols, received {alpha!r}")
    return alpha


@_st.composite
def _points(draw, intervals, max_denominator):
    point = {}
    for sym, (lo, hi) in intervals:
        den = draw(_st.integers(2, max_denominator))
        num = draw(_st.integers(1, den - 1))
        point[sym] = lo + (hi - lo) * sp.Rational(num, den)
    return point


def domain_points(model, *, max_denominator: int = 12):
    """Rational points strictly inside a model's (or a domain's) parameter box.

    Each coordinate is ``lo + (hi - lo) * k / d`` with ``2 <= d <=
    max_denominator`` and ``0 < k < d``; shrinking goes to the centre.

    Parameters
    ----------
    model : HMM or Domain
    max_denominator : int, optional

    Returns
    -------
    SearchStrategy[dict[sympy.Symbol, sympy.Rational]]
        ``{}`` for a model without parameters.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from symcm.models.strategies_inputs import domain_points
    >>> m = sc.processes.binary_markov(*sc.symbols("p q"))
    >>> @settings(max_examples=20, database=None)
    ... @given(domain_points(m))
    ... def check(point):
    ...     assert m.domain.contains(point) and set(point) == set(m.parameters)
    >>> check()
    """
    if isinstance(model, HMM):
        domain = model.domain
    elif isinstance(model, Domain):
        domain = model
    else:
        raise InvalidArgument(f"expected a symcm HMM or Domain, received {model!r}")
    _check_int("max_denominator", max_denominator, 2)
    return _points(tuple(domain.items()), max_denominator)


def words(model, *, min_length: int = 0, max_length: int = 3):
    """Words over a model's alphabet, as tuples of symbols.

    Parameters
    ----------
    model : HMM or sequence of str
        A model, or an alphabet.
    min_length, max_length : int, optional

    Returns
    -------
    SearchStrategy[tuple[str, ...]]

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from symcm.models.strategies_inputs import words
    >>> m = sc.processes.golden_mean(sp.Rational(1, 2))
    >>> @settings(max_examples=20, database=None)
    ... @given(words(m, max_length=4))
    ... def check(w):
    ...     assert (sc.word_probability(m, w) == 0) == (("0", "0") in zip(w, w[1:]))
    >>> check()
    """
    alpha = model.alphabet if isinstance(model, HMM) else _check_alphabet(model)
    _check_int("min_length", min_length, 0)
    _check_int("max_length", max_length, min_length)
    return _st.lists(_st.sampled_from(alpha), min_size=min_length, max_size=max_length).map(tuple)


def state_permutations(model: HMM):
    """Random permutations of a model's state names, as dicts ``old -> new``.

    Returns
    -------
    SearchStrategy[dict]
        Shrinks towards the identity.

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from symcm.models.strategies_inputs import state_permutations
    >>> m = sc.processes.golden_mean(sp.Rational(1, 3))
    >>> @settings(max_examples=5, database=None)
    ... @given(state_permutations(m))
    ... def check(mapping):
    ...     assert sorted(mapping) == sorted(mapping.values()) == ["A", "B"]
    >>> check()
    """
    if not isinstance(model, HMM):
        raise InvalidArgument(f"expected a symcm HMM, received {model!r}")
    states = model.states
    return _st.permutations(states).map(lambda perm: dict(zip(states, perm)))


def relabellings(model: HMM, *, with_mapping: bool = False):
    """The model with its state names randomly permuted, via :meth:`HMM.relabel`.

    The relabelled model describes the same process; its states (in matrix
    order) are the permuted names, so matrix rows are permuted too.

    Parameters
    ----------
    model : HMM
    with_mapping : bool, optional
        Draw ``(mapping, relabelled model)`` instead, ``mapping`` being the
        dict ``old name -> new name``.

    Returns
    -------
    SearchStrategy[HMM] or SearchStrategy[tuple[dict, HMM]]

    Examples
    --------
    >>> from hypothesis import given, settings
    >>> from symcm.models.strategies_inputs import relabellings
    >>> m = sc.processes.binary_markov(sp.Rational(1, 3), sp.Rational(1, 4))
    >>> @settings(max_examples=5, database=None)
    ... @given(relabellings(m, with_mapping=True))
    ... def check(drawn):
    ...     mapping, r = drawn
    ...     pi, rho = sc.stationary_distribution(m), sc.stationary_distribution(r)
    ...     assert all(rho[mapping[s]] == pi[s] for s in m.states)
    >>> check()
    """
    perms = state_permutations(model)
    if with_mapping:
        return perms.map(lambda mapping: (mapping, model.relabel(mapping)))
    return perms.map(model.relabel)
