"""A ``dict key -> Expr`` whose values stay ring fractions until one is read.

Large exact answers are cheap to compute and expensive to write down: the
stationary distribution of a 100-state chain with two parameters has about
4,000 terms per entry, and turning all of them into sympy expressions took
three times as long as solving the chain (``docs/benchmarks.md``).
:class:`LazyFractions` keeps each value as ``num / den`` over
``ZZ[parameters]`` (:class:`~symcm.algebra.ring.PolyBackend` elements) and
converts it, cancelled and with a positive denominator, the first time it is
read.  It *is* a ``dict`` (``isinstance(pi, dict)`` holds, keys and their
order are there from the start) and every way of reading values goes through
the conversion: indexing, ``get``, ``values``, ``items``, iteration into
``dict(...)`` or ``{**pi}``, ``==``, ``repr``, copying and pickling (which
give plain dicts).  Values that were never read cost nothing, and
:meth:`LazyFractions.at` evaluates entries at a rational point exactly
without converting them at all.

The conversion is the one :func:`symcm.causal.stationary.stationary_distribution`
always made: ``g = gcd(num, den)``, then ``(num / g) / (den / g)`` written by
:meth:`PolyBackend.to_expr`, which remembers the shared denominator.  So a
lazy answer is, entry by entry, identical (``==``, same expression tree) to
the eager one.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

import sympy as sp

from ..errors import DomainError, ParameterTypeError

__all__ = ["LazyFractions"]


class _Pending:
    """The stored value of an entry not yet converted (never visible from outside)."""

    __slots__ = ()

    def __repr__(self) -> str:  # pragma: no cover - never shown
        return "<pending>"


_PENDING = _Pending()


class LazyFractions(dict):
    """``key -> num / den`` (ring elements), converted to a sympy expression on first read.

    Build it with :meth:`from_ring`; ``LazyFractions(...)`` with ordinary
    ``dict`` arguments is an ordinary dict of the given values.

    Examples
    --------
    >>> import sympy as sp
    >>> from symcm.algebra.backends import get_backend
    >>> from symcm.algebra.lazy import LazyFractions
    >>> p, q = sp.symbols("p q")
    >>> R = get_backend((p, q), "sympy")
    >>> P, Q = R.from_expr(p)[0], R.from_expr(q)[0]
    >>> pi = LazyFractions.from_ring(R, {"A": Q, "B": P}, P + Q)
    >>> pi.pending
    2
    >>> pi["A"], pi.pending
    (q/(p + q), 1)
    >>> pi.at({p: sp.Rational(1, 3), q: sp.Rational(1, 6)})
    {'A': 1/3, 'B': 2/3}
    >>> pi == {"A": q / (p + q), "B": p / (p + q)}, isinstance(pi, dict)
    (True, True)
    """

    __slots__ = ("_ring", "_weights", "_total", "_pending")

    @classmethod
    def from_ring(cls, ring, weights: Mapping, total) -> "LazyFractions":
        """``key -> weights[key] / total`` with ``weights`` and ``total`` elements of ``ring``."""
        self = cls()
        self._ring, self._weights, self._total = ring, dict(weights), total
        self._pending = 0
        for key, w in self._weights.items():
            if w:
                dict.__setitem__(self, key, _PENDING)
                self._pending += 1
            else:
                dict.__setitem__(self, key, sp.Integer(0))
        return self

    # --- the conversion ---------------------------------------------------------------

    def _convert(self, key):
        ring, w = self._ring, self._weights[key]
        g = ring.gcd(w, self._total)
        value = ring.to_expr(ring.exquo(w, g)) / ring.to_expr(ring.exquo(self._total, g))
        dict.__setitem__(self, key, value)
        self._pending -= 1
        return value

    @property
    def pending(self) -> int:
        """How many values have not been converted yet."""
        return getattr(self, "_pending", 0)

    def materialize(self) -> "LazyFractions":
        """Convert every value now; returns ``self``."""
        if self.pending:
            for key, value in dict.items(self):
                if value is _PENDING:
                    self._convert(key)
        return self

    def ring_form(self, key) -> tuple:
        """``(ring, num, den)`` of the entry ``key`` before conversion (``num`` not cancelled)."""
        if not hasattr(self, "_ring"):
            raise ParameterTypeError("ring_form: this mapping was built from plain values, not from ring elements")
        return self._ring, self._weights[key], self._total

    def at(self, values: Mapping) -> dict:
        """Every entry at a rational point, exactly: ``key -> sympy Rational``, without converting to expressions.

        ``values`` maps each parameter (Symbol) to a rational number.
        """
        if not hasattr(self, "_ring"):
            return {k: sp.sympify(v).xreplace(dict(values)) for k, v in self.items()}
        ring = self._ring
        point = {}
        for g in ring.gens:
            if g not in values:
                raise DomainError(f"at: expected a rational value for every parameter {list(ring.gens)}; "
                                  f"received none for {g}")
            v = values[g]
            if not isinstance(v, (int, Fraction, sp.Rational)) or isinstance(v, bool):
                raise ParameterTypeError(f"at: expected a rational value for {g} (int, Fraction or sympy "
                                         f"Rational), received {v!r} of type {type(v).__name__}")
            point[g] = sp.Rational(v) if not isinstance(v, Fraction) else sp.Rational(v.numerator, v.denominator)
        den = ring.evaluate(self._total, point)
        if den == 0:
            raise DomainError(f"at: the normalising denominator vanishes at {point}")
        out = {}
        for key, w in self._weights.items():
            f = ring.evaluate(w, point) / den
            out[key] = sp.Rational(f.numerator, f.denominator)
        return out

    # --- every way of reading a value ------------------------------------------------

    def __getitem__(self, key):
        value = dict.__getitem__(self, key)
        return self._convert(key) if value is _PENDING else value

    def get(self, key, default=None):
        return self[key] if key in self else default

    def values(self):
        return dict.values(self.materialize())

    def items(self):
        return dict.items(self.materialize())

    def __iter__(self):  # a Python-level __iter__ sends dict(x) and {**x} through keys() and __getitem__
        return dict.__iter__(self)

    def __eq__(self, other):
        if isinstance(other, Mapping) and len(other) == len(self):
            self.materialize()
            if isinstance(other, LazyFractions):
                other.materialize()
        return dict.__eq__(self, other)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def __repr__(self) -> str:
        return dict.__repr__(self.materialize())

    def copy(self) -> dict:
        return dict(self.items())

    def __copy__(self) -> dict:
        return self.copy()

    def __deepcopy__(self, memo) -> dict:
        import copy

        return copy.deepcopy(self.copy(), memo)

    def __reduce__(self):
        return dict, (self.copy(),)

    def __reduce_ex__(self, protocol):
        return self.__reduce__()

    def __or__(self, other):
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict.__or__(self.copy(), other)

    def __ror__(self, other):
        if not isinstance(other, Mapping):
            return NotImplemented
        return dict.__or__(dict(other), self.copy())

    # --- writing: the entry is a plain value from then on --------------------------------

    def __setitem__(self, key, value):
        if dict.get(self, key) is _PENDING:
            self._pending -= 1
        dict.__setitem__(self, key, value)

    def __delitem__(self, key):
        if dict.get(self, key) is _PENDING:
            self._pending -= 1
        dict.__delitem__(self, key)

    def pop(self, key, *default):
        if key in self:
            value = self[key]
            dict.__delitem__(self, key)
            return value
        if default:
            return default[0]
        raise KeyError(key)

    def popitem(self):
        key = next(reversed(dict.keys(self)))
        return key, self.pop(key)

    def setdefault(self, key, default=None):
        if key in self:
            return self[key]
        dict.__setitem__(self, key, default)
        return default

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other):
        self.update(other)
        return self
