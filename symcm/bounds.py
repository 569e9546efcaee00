"""Certified numeric bounds for measures that have no finite exact form.

When a process has infinitely many causal states (the simple nonunifilar
source), its entropy rate is not a finite expression in ``H``.  It is still
pinned down by two monotone sequences [Cover & Thomas 2006, Thm. 4.5.1;
Blackwell 1957]: for a hidden Markov model with states ``S`` and outputs
``X``,

    H(X_L | X_1 ... X_{L-1}, S_1)  <=  h_mu  <=  H(X_L | X_1 ... X_{L-1}),

the lower sequence nondecreasing and the upper nonincreasing in ``L``, both
converging to ``h_mu``.  Each term is a finite sum over *mixed states*
(beliefs about the current state after a word): the upper bound starts the
beliefs at ``pi``, the lower bound at each state ``s`` (weighted by
``pi_s``).  Beliefs are exact rationals and equal beliefs are merged at each
depth, so the cost grows with the number of distinct beliefs, not with
``|A|^L``.  The entropies are summed in interval arithmetic (``mpmath.iv``)
so that the returned enclosure is rigorous, not an estimate.

References
----------
.. [1] T. M. Cover and J. A. Thomas, *Elements of Information Theory*, 2nd
   ed., Wiley, 2006, section 4.5.
.. [2] D. Blackwell, "The entropy of functions of finite-state Markov
   chains", Trans. First Prague Conf. Information Theory, 13-20 (1957).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import mpmath
import sympy as sp

from .errors import NotNumericError, TooLargeError
from .hmm import HMM
from .stationary import stationary_distribution

__all__ = ["Bounds", "entropy_rate_bounds"]


@dataclass(frozen=True)
class Bounds:
    """A certified enclosure ``lower <= value <= upper`` (mpmath numbers, outward rounded).

    Examples
    --------
    >>> from symcm.bounds import Bounds
    >>> import mpmath
    >>> b = Bounds(mpmath.mpf(1) / 3, mpmath.mpf(1) / 3 + mpmath.mpf(10)**-20)
    >>> b.width < 1e-19
    True
    """

    lower: mpmath.mpf
    upper: mpmath.mpf
    note: str = ""

    @property
    def width(self) -> mpmath.mpf:
        """``upper - lower``."""
        return self.upper - self.lower

    @property
    def mid(self) -> mpmath.mpf:
        """The midpoint."""
        return (self.lower + self.upper) / 2

    def contains(self, x) -> bool:
        """Whether ``lower <= x <= upper``."""
        return self.lower <= x <= self.upper

    def __repr__(self) -> str:
        digits = max(5, int(-mpmath.log10(self.width)) + 2) if self.width > 0 else 20
        lo = mpmath.nstr(self.lower, digits, strip_zeros=False)
        hi = mpmath.nstr(self.upper, digits, strip_zeros=False)
        return f"Bounds({lo}, {hi})"


def _frac(x: sp.Rational) -> Fraction:
    x = sp.Rational(x)
    return Fraction(int(x.p), int(x.q))


def _entropy_iv(ps) -> mpmath.ctx_iv.ivmpf:
    iv = mpmath.iv
    total = iv.mpf(0)
    for pr in ps:
        if pr:
            x = iv.mpf(pr.numerator) / pr.denominator
            total -= x * iv.log(x) / iv.log(2)
    return total


def entropy_rate_bounds(m: HMM, digits: int = 30, *, max_length: int = 2000, max_beliefs: int = 20_000) -> Bounds:
    """A certified enclosure of ``h_mu`` of width below ``10**-digits``.

    Parameters
    ----------
    m : HMM
        A model with numeric (rational) probabilities and one recurrent class.
    digits : int
        Requested accuracy.
    max_length, max_beliefs : int
        Caps on the word length ``L`` and on the distinct beliefs per depth.

    Returns
    -------
    Bounds

    Raises
    ------
    NotNumericError
        If the model has free parameters.
    TooLargeError
        If the requested width is not reached within the caps (the message
        gives the best enclosure found).

    Examples
    --------
    >>> import symcm as sc
    >>> b = sc.entropy_rate_bounds(sc.processes.sns(), digits=20)
    >>> b.width < 1e-20
    True
    >>> import mpmath
    >>> mpmath.nstr(b.lower, 12)
    '0.677867181055'
    """
    if not m.is_numeric:
        raise NotNumericError(
            f"certified numeric bounds need numeric probabilities; the model has parameters {m.parameters}"
        )
    pi = stationary_distribution(m)
    states = m.states
    idx = {s: i for i, s in enumerate(states)}
    n = len(states)
    rows = {x: [[] for _ in states] for x in m.alphabet}
    for e in m.edges:
        rows[e.symbol][idx[e.source]].append((idx[e.target], _frac(e.probability)))

    def emit(eta):
        """``[(symbol probability, next belief)]`` for each symbol with nonzero probability."""
        out = []
        for x in m.alphabet:
            v = [Fraction(0)] * n
            for i, w in enumerate(eta):
                if w:
                    for j, pr in rows[x][i]:
                        v[j] += w * pr
            total = sum(v)
            if total:
                out.append((total, tuple(vi / total for vi in v)))
        return out

    cond_cache: dict = {}

    def cond_entropy(eta):
        if eta not in cond_cache:
            cond_cache[eta] = _entropy_iv([pr for pr, _ in emit(eta)])
        return cond_cache[eta]

    start_upper = {tuple(_frac(pi[s]) for s in states): Fraction(1)}
    start_lower = {}
    for s in states:
        w = _frac(pi[s])
        if w:
            delta = tuple(Fraction(int(i == idx[s])) for i in range(n))
            start_lower[delta] = start_lower.get(delta, Fraction(0)) + w
    layers = [start_upper, start_lower]
    target = mpmath.mpf(10) ** (-digits)
    best = None
    with mpmath.workdps(digits + 15):
        iv = mpmath.iv
        iv.dps = mpmath.mp.dps
        for length in range(1, max_length + 1):
            upper = iv.mpf(0)
            for eta, w in layers[0].items():
                upper += iv.mpf(w.numerator) / w.denominator * cond_entropy(eta)
            lower = iv.mpf(0)
            for eta, w in layers[1].items():
                lower += iv.mpf(w.numerator) / w.denominator * cond_entropy(eta)
            lo, hi = mpmath.mpf(lower.a), mpmath.mpf(upper.b)
            if best is None or hi - lo < best[1] - best[0]:
                best = (max(lo, best[0]) if best else lo, min(hi, best[1]) if best else hi)
            if best[1] - best[0] < target:
                return Bounds(best[0], best[1], note=f"L = {length}")
            nxt_layers = []
            for layer in layers:
                nxt: dict = {}
                for eta, w in layer.items():
                    for pr, nu in emit(eta):
                        nxt[nu] = nxt.get(nu, Fraction(0)) + w * pr
                if len(nxt) > max_beliefs:
                    raise TooLargeError(
                        f"{len(nxt)} distinct beliefs at word length {length + 1} exceed max_beliefs={max_beliefs}; "
                        f"best enclosure so far [{mpmath.nstr(best[0], 15)}, {mpmath.nstr(best[1], 15)}]"
                    )
                nxt_layers.append(nxt)
            layers = nxt_layers
    raise TooLargeError(
        f"the bounds did not reach width 1e-{digits} within max_length={max_length}; "
        f"best enclosure [{mpmath.nstr(best[0], 20)}, {mpmath.nstr(best[1], 20)}]"
    )
