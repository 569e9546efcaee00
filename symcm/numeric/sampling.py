"""Sampling sequences from a model (numeric parameters only).

A sample path starts in a state drawn from the stationary distribution
``pi`` and then follows edges ``s -> t on x`` with their probabilities,
emitting ``x``.  Because every probability is an exact rational, each draw
is made *exactly*: with a common denominator ``D`` of a state's outgoing
probabilities, an integer ``k`` uniform on ``{0, ..., D-1}`` selects the edge
whose integer interval contains ``k``.  No floating point is involved, and
the same ``seed`` always gives the same sequence (Python's
``random.Random``, Mersenne Twister).
"""

from __future__ import annotations

import random
from math import lcm

from ..models.hmm import as_model
from .. import checks
from ..errors import NotNumericError
from ..models.hmm import HMM
from ..causal.stationary import stationary_distribution

__all__ = ["sample"]


def _table(items):
    """``(D, [(cumulative numerator, item), ...])`` for exact integer draws."""
    items = [(v, it) for it, v in items if v != 0]
    den = lcm(*(int(v.q) for v, _ in items))
    acc, out = 0, []
    for v, it in items:
        acc += int(v.p) * (den // int(v.q))
        out.append((acc, it))
    return den, out


def _draw(rng: random.Random, table):
    den, cum = table
    k = rng.randrange(den)
    for bound, item in cum:
        if k < bound:
            return item
    raise AssertionError("probabilities do not sum to 1")  # pragma: no cover - validated at construction


def sample(m: HMM, n: int, seed: int | None = 0, *, return_states: bool = False, max_length: int = 10**7):
    """Generate ``n`` symbols of the stationary process.

    Parameters
    ----------
    m : HMM
        A model without free parameters (substitute values with ``m.subs``).
    n : int
        Number of symbols.
    seed : int or None
        Seed of the random generator, a nonnegative int (``None``: fresh
        entropy from the system); the same seed gives the same sequence.
    return_states : bool
        Also return the ``n + 1`` visited states.
    max_length : int
        Cap on ``n`` (default ``10**7``); a longer sample raises
        :class:`TooLargeError` before anything is drawn.

    Returns
    -------
    str or tuple
        The symbols joined into a string when every symbol is one character,
        else a tuple of symbols; with ``return_states``, ``(symbols, states)``.

    Raises
    ------
    ParameterTypeError
        If ``m`` is not an HMM, or ``n`` or ``seed`` is not an int (a float,
        string or list seed is refused rather than hashed).
    DomainError
        If ``n`` or ``seed`` is negative.
    TooLargeError
        If ``n`` exceeds ``max_length``.
    NotNumericError
        If the model still has free parameters.

    Examples
    --------
    >>> import sympy as sp, symcm as sc
    >>> m = sc.processes.golden_mean(sp.Rational(1, 2))
    >>> s = sc.sample(m, 20, seed=1)
    >>> len(s), "00" in s
    (20, False)
    >>> s == sc.sample(m, 20, seed=1)
    True
    """
    as_model(m, "sample")
    max_length = checks.cap(max_length, "max_length", where="sample")
    n = checks.integer(n, "n", where="sample", minimum=0, maximum=max_length, cap="max_length")
    seed = checks.seed(seed, where="sample")
    if not m.is_numeric:
        raise NotNumericError(
            f"sampling needs numeric probabilities; the model has free parameters {m.parameters}: "
            "substitute values first, e.g. m.subs({p: Rational(2, 5)})"
        )
    rng = random.Random(seed)
    start = _table(stationary_distribution(m).items())
    rows = {s: [] for s in m.states}
    for e in m.edges:
        rows[e.source].append(((e.symbol, e.target), e.probability))
    tables = {s: _table(r) for s, r in rows.items()}
    state = _draw(rng, start)
    symbols, states = [], [state]
    for _ in range(n):
        symbol, state = _draw(rng, tables[state])
        symbols.append(symbol)
        states.append(state)
    out = "".join(symbols) if all(len(x) == 1 for x in m.alphabet) else tuple(symbols)
    return (out, tuple(states)) if return_states else out
