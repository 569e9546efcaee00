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
from mpmath.libmp import mpf_add, mpf_pos, mpf_shift

from ..models.hmm import as_model
from .. import checks
from ..errors import NotNumericError, TooLargeError
from ..models.hmm import HMM
from .stationary import stationary_distribution

__all__ = ["Bounds", "entropy_rate_bounds"]

#: Default cap on the distinct beliefs tracked per word length by a certified enclosure (h_mu, E).
MAX_BELIEFS = 20_000


def _raw(x, rounding: str) -> tuple:
    """The raw mpf of ``x``: exact if ``x`` is already an mpmath number, else rounded in direction ``rounding``."""
    raw = getattr(x, "_mpf_", None)
    if raw is not None:
        return raw
    return mpmath.mpf(x, prec=max(mpmath.mp.prec, 113), rounding=rounding)._mpf_


@dataclass(frozen=True)
class Bounds:
    r"""A certified enclosure ``lower <= value <= upper`` (mpmath numbers, outward rounded).

    Attributes
    ----------
    lower, upper : mpmath.mpf
        The ends; the value is known to lie in ``[lower, upper]``.
    note : str
        How the enclosure was obtained (e.g. ``"L = 47"``, the word length
        at which the entropy-rate bounds met).

    Conversions
    -----------
    A ``Bounds`` is an interval, not a number; the conversions say which
    of the two they give.

    * ``b.interval`` (and ``mpmath.mpi(b)``, ``mpmath.iv.mpf(b)``, any
      ``mpmath.iv`` function): the enclosure itself, as an mpmath interval
      whose ends are exactly ``lower`` and ``upper``.  This is the
      certified form: use it to carry on computing rigorously.
    * ``float(b)``: the midpoint, rounded to the nearest double.  It is
      within ``width / 2`` plus half a unit in the last place of the value.
      An enclosure with an infinite end has no midpoint: ``nan`` (``sp.nan``
      for sympy).
    * ``mpmath.mpf(b)`` (and ``mpmath.mpmathify(b)``, ``mpmath.log(b)``,
      ...): the midpoint, rounded to the working precision.
    * ``sympy.sympify(b)``, ``sympy.N(b)`` and sympy arithmetic: the midpoint
      as a ``Float`` with as many significant digits as the enclosure
      certifies (:attr:`digits`, at least one; all of the dyadic midpoint if
      ``lower == upper``).  ``sympy.N(b, n)`` with ``n`` above
      :attr:`digits` pads the Float as sympy pads any Float: for more
      correct digits, ask for a narrower enclosure (``digits=`` of
      :func:`~symcm.causal.measures.entropy_rate`).

    Examples
    --------
    The entropy rate of the simple nonunifilar source, which has infinitely
    many causal states:

    >>> import mpmath, sympy as sp, symcm as sc
    >>> b = sc.entropy_rate(sc.processes.sns(), digits=20)
    >>> b
    Bounds(0.6778671810551528696075, 0.6778671810551528696140)
    >>> b.width < mpmath.mpf(10)**-20, b.digits
    (True, 20)
    >>> float(b)
    0.6778671810551529
    >>> sp.N(b), sp.N(b, 20)
    (0.677867181055153, 0.67786718105515286961)
    >>> b.interval.a == b.lower and b.interval.b == b.upper
    True
    >>> mpmath.mpi(b) == b.interval
    True
    >>> mpmath.mpf(b)
    mpf('0.67786718105515287')
    >>> with mpmath.workdps(30):
    ...     mpmath.mpf(b) in b.interval
    True
    >>> mpmath.iv.log(b).b < 0   # interval arithmetic on the enclosure
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
    def bounded(self) -> bool:
        """Whether both ends are finite numbers."""
        return bool(mpmath.isfinite(self.lower) and mpmath.isfinite(self.upper))

    @property
    def mid(self) -> mpmath.mpf:
        """The midpoint, exactly (the half-sum of two binary numbers is a binary number); nan if unbounded."""
        if not self.bounded:
            return mpmath.mpf("nan")
        lo, hi = _raw(self.lower, "f"), _raw(self.upper, "c")
        return mpmath.mp.make_mpf(mpf_shift(mpf_add(lo, hi, 0), -1))

    @property
    def digits(self) -> int | None:
        """Significant decimal digits the enclosure certifies: ``floor(log10(|mid| / width))``, at least 1.

        ``None`` when ``lower == upper`` (the value is known exactly); 0 when
        an end is infinite (nothing is certified).
        """
        if not self.bounded:
            return 0
        if self.width == 0:
            return None
        mid = abs(self.mid)
        if mid == 0:
            return 1
        return max(1, int(mpmath.floor(mpmath.log10(mid / self.width))))

    def contains(self, x) -> bool:
        """Whether ``lower <= x <= upper``."""
        return self.lower <= x <= self.upper

    # -- conversions (see the class docstring) ---------------------------------------------------

    @property
    def interval(self) -> mpmath.ctx_iv.ivmpf:
        """The enclosure as an ``mpmath.iv`` interval with ends exactly ``lower`` and ``upper``."""
        return mpmath.iv.mpf(self)

    @property
    def _mpi_(self) -> tuple:
        """mpmath's interval protocol: ``mpmath.iv`` takes a Bounds as the interval ``[lower, upper]``."""
        return _raw(self.lower, "f"), _raw(self.upper, "c")

    def _mpmath_(self, prec: int, rounding: str) -> mpmath.mpf:
        """mpmath's number protocol: the midpoint at precision ``prec``."""
        return mpmath.mp.make_mpf(mpf_pos(self.mid._mpf_, prec, rounding))

    def __float__(self) -> float:
        """The midpoint, rounded to the nearest double."""
        return float(self.mid)

    def _sympy_(self) -> sp.Float:
        """sympy's protocol: the midpoint as a Float of :attr:`digits` significant digits."""
        mid, digits = self.mid, self.digits
        if digits is None:
            return sp.Float(mid, precision=max(53, mid._mpf_[3]))
        return sp.Float(mid, digits) if digits else sp.nan

    def __repr__(self) -> str:
        if not self.bounded:
            return f"Bounds({mpmath.nstr(self.lower, 20)}, {mpmath.nstr(self.upper, 20)})"
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


#: Default cap on the digits asked of :func:`entropy_rate_bounds`.
MAX_DIGITS = 1000


def _bounds_arguments(m, where: str, digits, max_length, max_beliefs, max_digits) -> tuple[int, int, int]:
    """The checked ``(digits, max_length, max_beliefs)`` of a certified enclosure of a numeric model's measure."""
    as_model(m, where)
    max_length = checks.cap(max_length, "max_length", where=where)
    max_beliefs = checks.cap(max_beliefs, "max_beliefs", where=where)
    max_digits = checks.cap(max_digits, "max_digits", where=where)
    digits = checks.digits(digits, where=where, maximum=max_digits)
    if not m.is_numeric:
        raise NotNumericError(f"{where}: certified numeric bounds need numeric probabilities; "
                              f"the model has parameters {m.parameters}")
    return digits, max_length, max_beliefs


def entropy_rate_bounds(m: HMM, digits: int = 30, *, max_length: int = 2000, max_beliefs: int = MAX_BELIEFS,
                        max_digits: int = MAX_DIGITS) -> Bounds:
    """A certified enclosure of ``h_mu`` of width below ``10**-digits``.

    Parameters
    ----------
    m : HMM
        A model with numeric (rational) probabilities and one recurrent class.
    digits : int
        Requested accuracy, from 1 to ``max_digits``.
    max_length, max_beliefs : int
        Caps on the word length ``L`` and on the distinct beliefs per depth.
    max_digits : int
        Cap on ``digits`` (default 1000): each digit costs longer words and
        wider interval arithmetic.

    Returns
    -------
    Bounds

    Raises
    ------
    NotNumericError
        If the model has free parameters.
    TooLargeError
        If the requested width is not reached within the caps (the message
        gives the best enclosure found), or ``digits`` exceeds ``max_digits``.

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
    digits, max_length, max_beliefs = _bounds_arguments(m, "entropy_rate_bounds", digits, max_length, max_beliefs,
                                                        max_digits)
    pi = stationary_distribution(m)
    states = m.states
    idx = {s: i for i, s in enumerate(states)}
    n = len(states)
    emit = _belief_step(m)
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
    iv = mpmath.iv
    saved_prec = iv.prec  # mpmath.workdps scopes mp only: scope iv's precision by hand
    try:
        with mpmath.workdps(digits + 15):
            iv.dps = mpmath.mp.dps
            return _enclose(layers, cond_entropy, emit, digits, max_length, max_beliefs)
    finally:
        iv.prec = saved_prec


def _belief_step(m: HMM):
    """``emit(eta) -> [(Pr(x | eta), belief after x)]`` over the symbols ``x`` with nonzero probability.

    Beliefs are tuples of Fractions over ``m.states`` (numeric ``m``); the
    update is Bayes' rule, ``eta' = eta T^(x) / (eta T^(x) 1)``.
    """
    idx = {s: i for i, s in enumerate(m.states)}
    n = len(m.states)
    rows = {x: [[] for _ in m.states] for x in m.alphabet}
    for e in m.edges:
        rows[e.symbol][idx[e.source]].append((idx[e.target], _frac(e.probability)))

    def emit(eta):
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

    return emit


def _next_layer(layer: dict, emit, length: int, max_beliefs: int, best: tuple) -> dict:
    """The beliefs after one more symbol, weighted (``{belief: probability}``); refused past ``max_beliefs``."""
    nxt: dict = {}
    for eta, w in layer.items():
        for pr, nu in emit(eta):
            nxt[nu] = nxt.get(nu, Fraction(0)) + w * pr
    if len(nxt) > max_beliefs:
        raise TooLargeError(
            f"{len(nxt)} distinct beliefs at word length {length + 1} exceed max_beliefs={max_beliefs}; "
            f"best enclosure so far [{mpmath.nstr(best[0], 15)}, {mpmath.nstr(best[1], 15)}]; pass a larger "
            "max_beliefs (memory grows with it) or ask for fewer digits"
        )
    return nxt


def _enclose(layers, cond_entropy, emit, digits, max_length, max_beliefs) -> Bounds:
    """Iterate the upper and lower layers of beliefs until the enclosure is narrower than ``10**-digits``."""
    iv = mpmath.iv
    target = mpmath.mpf(10) ** (-digits)
    lo_best, hi_best = -mpmath.inf, mpmath.inf  # both sequences are monotone: keep the tightest ends
    for length in range(1, max_length + 1):
        upper, lower = (
            sum((iv.mpf(w.numerator) / w.denominator * cond_entropy(eta) for eta, w in layer.items()), iv.mpf(0))
            for layer in layers
        )
        lo_best, hi_best = max(lo_best, mpmath.mpf(lower.a)), min(hi_best, mpmath.mpf(upper.b))
        if hi_best - lo_best < target:
            return Bounds(lo_best, hi_best, note=f"L = {length}")
        layers = [_next_layer(layer, emit, length, max_beliefs, (lo_best, hi_best)) for layer in layers]
    raise TooLargeError(
        f"the bounds did not reach width 1e-{digits} within max_length={max_length}; "
        f"best enclosure [{mpmath.nstr(lo_best, 20)}, {mpmath.nstr(hi_best, 20)}]; pass a larger max_length "
        "or ask for fewer digits"
    )
