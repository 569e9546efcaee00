"""The backends of the polynomial ring: python-flint, pure sympy or plain integers, and how one is chosen.

Every backend is a :class:`~symcm.algebra.ring.PolyBackend`, so all of
symcm's ring code is written once against that API:

* :class:`FlintBackend` on python-flint's ``fmpz_mpoly`` (FLINT's C
  multivariate polynomials), the default when python-flint is installed;
* :class:`SympyBackend` on sympy's sparse ``PolyElement`` over ``ZZ`` (pure
  Python), which divides with a heap of monomials and proves gcds trivial by
  univariate specialisation before falling back to sympy's heuristic gcd
  (:mod:`symcm.algebra.sparse`);
* :class:`IntegerBackend`, the ring ``ZZ`` of a model without parameters.

Both polynomial backends give identical results (``tests/test_ring.py``).
:func:`backend_name` resolves a ``backend=`` argument: ``None`` means
``$SYMCM_BACKEND`` if set, else flint when installed, else sympy; asking for
flint without python-flint is a :class:`~symcm.errors.MissingDependencyError`.
:func:`get_backend` returns the (cached) ring for given generators.  Inside
the backends the generators are named ``x0, x1, ...``, so symbols with equal
names (or dummies) never clash.
"""

from __future__ import annotations

import math
import os
import random
from collections.abc import Mapping
from functools import lru_cache

import sympy as sp
from sympy.polys.domains import ZZ
from sympy.polys.rings import ring as sympy_ring

from ..checks import describe
from ..errors import MissingDependencyError, ParameterTypeError
from .ring import PolyBackend
from .sparse import _certified_constant_gcd, _exact_quotient

__all__ = [
    "BACKENDS",
    "SympyBackend",
    "FlintBackend",
    "IntegerBackend",
    "get_backend",
    "available_backends",
    "backend_name",
]

try:  # python-flint is a dependency; without it (no wheel for the platform) pure sympy takes over
    import flint as _flint
except ImportError:  # pragma: no cover - exercised by CI's run without python-flint
    _flint = None

#: The polynomial backends, in order of preference.
BACKENDS = ("flint", "sympy")


def _names(n: int) -> tuple[str, ...]:
    """Names of the generators inside the backends (distinct whatever the symbols' names)."""
    return tuple(f"x{i}" for i in range(n))


class SympyBackend(PolyBackend):
    """``ZZ[gens]`` with sympy's sparse polynomials (``sympy.polys.rings``)."""

    name = "sympy"

    def __init__(self, gens):
        super().__init__(gens)
        self.ring, *_ = sympy_ring(list(_names(len(self.gens))), ZZ)
        self.zero, self.one = self.ring.zero, self.ring.one
        self._probe = None  # evaluation point of the coprimality certificate in gcd()
        self._spec_memo = []  # recent (element, specialisations) pairs

    def from_dict(self, d: Mapping):
        return self.ring.from_dict({tuple(m): ZZ(int(c)) for m, c in d.items() if c})

    def from_int(self, n: int):
        return self.ring(n)

    def terms(self, el):
        return el.items()

    def exquo(self, a, b):
        """``a / b``, which must be exact (else sympy's ``ExactQuotientFailed``).

        ``PolyElement.exquo`` finds each leading term with ``max`` over the
        whole remainder, which is quadratic in the number of terms; here the
        remainder's monomials are kept in a heap
        (:func:`~symcm.algebra.sparse._exact_quotient`).
        """
        if a and b:
            q = _exact_quotient(a, b)
            if q is not None:
                return a.new(q)
        return a.exquo(b)  # zero divisor or dividend, or an inexact division (raises)

    def try_exquo(self, a, b):
        q = _exact_quotient(a, b)
        return None if q is None else a.new(q)

    def gcd(self, a, b):
        """``gcd(a, b)`` as sympy's ``PolyElement.gcd`` returns it.

        Coprime inputs, the usual case here, are recognised without sympy's
        heuristic gcd by :func:`~symcm.algebra.sparse._certified_constant_gcd`;
        then the gcd is the (positive) gcd of the integer coefficients.
        """
        if len(a) > 1 and len(b) > 1:
            if self._probe is None:
                rng = random.Random(len(self.gens))  # a fixed, seeded evaluation point
                self._probe = tuple(rng.randrange(3, 1 << 10) for _ in self.gens)
            if _certified_constant_gcd(a, b, self._probe, self._spec_memo):
                c = 0
                for v in a.values():
                    c = math.gcd(c, int(v))
                for v in b.values():
                    if c == 1:
                        break
                    c = math.gcd(c, int(v))
                return self.ring(c)
        return a.gcd(b)

    def factors(self, el) -> list:
        return [g for g, _ in el.factor_list()[1] if not self.is_const(g)]

    def size(self, el) -> int:
        return len(el)


class _DivmodDivision:
    """Exact division for rings whose elements support ``divmod`` (FLINT polynomials, Python ints)."""

    def exquo(self, a, b):
        q, r = divmod(a, b)
        if r:
            raise ArithmeticError(f"inexact division {a} / {b}")  # pragma: no cover - invariant
        return q

    def try_exquo(self, a, b):
        q, r = divmod(a, b)
        return None if r else q


class FlintBackend(_DivmodDivision, PolyBackend):
    """``ZZ[gens]`` with python-flint's ``fmpz_mpoly`` (FLINT, in C)."""

    name = "flint"

    def __init__(self, gens):
        if _flint is None:
            raise _missing_flint("backend='flint'")
        super().__init__(gens)
        self.ctx = _flint.fmpz_mpoly_ctx.get(_names(len(self.gens)), "lex")
        self._qctx = None  # fmpq_mpoly context for evaluate_sign, created on first use
        self.zero = self.ctx.from_dict({})
        self.one = self.ctx.from_dict({(0,) * len(self.gens): 1})

    def from_dict(self, d: Mapping):
        return self.ctx.from_dict({tuple(m): int(c) for m, c in d.items() if c})

    def exquo(self, a, b):
        # FLINT's exact division (about 20% faster than divmod on the divisions Bareiss makes)
        try:
            return a / b
        except Exception as exc:  # FLINT raises its DomainError; pragma: no cover - invariant
            raise ArithmeticError(f"inexact division {a} / {b}") from exc

    def from_int(self, n: int):
        return self.ctx.from_dict({(0,) * len(self.gens): n}) if n else self.zero

    def terms(self, el):
        return zip(el.monoms(), el.coeffs())

    def evaluate_sign(self, el, point) -> int:
        """Sign of ``el`` at a rational point, evaluated by FLINT over ``QQ``."""
        if not all(g in point for g in self.gens):
            return super().evaluate_sign(el, point)
        if self._qctx is None:
            self._qctx = _flint.fmpq_mpoly_ctx.get(_names(len(self.gens)), "lex")
        args = [_flint.fmpq(int(sp.Rational(point[g]).p), int(sp.Rational(point[g]).q)) for g in self.gens]
        v = _flint.fmpq_mpoly(el, self._qctx)(*args)
        return (v > 0) - (v < 0)

    def gcd(self, a, b):
        return a.gcd(b)

    def factors(self, el) -> list:
        return [g for g, _ in el.factor()[1] if not self.is_const(g)]

    def size(self, el) -> int:
        return len(el)


class IntegerBackend(_DivmodDivision, PolyBackend):
    """The ring ``ZZ`` itself, for models without parameters (Python ints; the exponent tuple is ``()``)."""

    name = "integer"

    def __init__(self, gens=()):
        super().__init__(())
        self.zero, self.one = 0, 1

    def from_dict(self, d: Mapping):
        return int(sum(int(c) for c in d.values()))

    def terms(self, el):
        return [((), el)] if el else []

    def from_poly(self, poly: sp.Poly):
        return int(poly.as_expr())

    def from_int(self, n: int):
        return int(n)

    def from_expr(self, expr) -> tuple:
        r = sp.Rational(sp.sympify(expr))
        return int(r.p), int(r.q)

    def to_expr(self, el) -> sp.Expr:
        return sp.Integer(el)

    def evaluate_sign(self, el, point) -> int:
        return (el > 0) - (el < 0)

    def leading_sign(self, el) -> int:
        return 1 if el > 0 else -1

    def gcd(self, a, b):
        return math.gcd(a, b)

    def factors(self, el) -> list:
        return []

    def size(self, el) -> int:
        return max(1, abs(el).bit_length() // 64)

    def vector_key(self, vec: Sequence) -> tuple:
        return tuple(vec)


def available_backends() -> tuple[str, ...]:
    """Names of the polynomial backends usable here (``'flint'`` needs python-flint)."""
    return BACKENDS if _flint is not None else ("sympy",)


def _missing_flint(asked: str) -> MissingDependencyError:
    return MissingDependencyError(
        f"{asked} needs python-flint, which is not installed here: pip install python-flint "
        "(a dependency of symcm, with wheels for the common platforms), or use the pure-sympy arithmetic "
        "(backend='sympy' or SYMCM_BACKEND=sympy), which gives identical results, more slowly"
    )


def backend_name(name: str | None = None, *, where: str = "backend") -> str:
    """The polynomial backend a ``backend=`` argument selects: ``'flint'`` or ``'sympy'``.

    ``None`` picks ``$SYMCM_BACKEND`` when it is set (and not empty), else
    ``'flint'`` when python-flint is installed, else ``'sympy'``.

    Parameters
    ----------
    name : {'flint', 'sympy', None}
    where : str
        The function whose argument this is, for the error message.

    Raises
    ------
    ParameterTypeError
        ``name`` (or ``$SYMCM_BACKEND``) is not one of ``'flint'``, ``'sympy'``
        (or None).
    MissingDependencyError
        ``'flint'`` was asked for, explicitly or by ``$SYMCM_BACKEND``, and
        python-flint is not installed (an ``ImportError``).

    Examples
    --------
    >>> from symcm.algebra.backends import backend_name
    >>> backend_name("sympy")
    'sympy'
    >>> backend_name("numpy", where="stationary_distribution")
    Traceback (most recent call last):
    ...
    symcm.errors.ParameterTypeError: stationary_distribution: backend must be 'flint' or 'sympy' (or None for the default), received the str 'numpy'
    """
    if name is None:
        env = os.environ.get("SYMCM_BACKEND")
        if env:
            if env not in BACKENDS:
                raise ParameterTypeError(
                    f"{where}: the environment variable SYMCM_BACKEND must be 'flint' or 'sympy' "
                    f"(or unset), received {env!r}"
                )
            if env == "flint" and _flint is None:
                raise _missing_flint(f"{where}: SYMCM_BACKEND='flint'")
            return env
        return "flint" if _flint is not None else "sympy"
    if not isinstance(name, str) or name not in BACKENDS:
        raise ParameterTypeError(
            f"{where}: backend must be 'flint' or 'sympy' (or None for the default), received {describe(name)}"
        )
    if name == "flint" and _flint is None:
        raise _missing_flint(f"{where}: backend='flint'")
    return name


@lru_cache(maxsize=256)
def _backend(gens: tuple, name: str) -> PolyBackend:
    if not gens:
        return IntegerBackend()
    if name == "flint":
        return FlintBackend(gens)
    return SympyBackend(gens)


def get_backend(gens, name: str | None = None) -> PolyBackend:
    """The polynomial backend for ``ZZ[gens]``.

    Parameters
    ----------
    gens : sequence of sympy.Symbol
        The ring's generators (the model's parameters).
    name : {'flint', 'sympy', None}
        ``None`` picks ``$SYMCM_BACKEND`` if set, else flint when installed
        (see :func:`backend_name`, which also says what is raised).

    Examples
    --------
    >>> import symcm as sc
    >>> from symcm.algebra.backends import get_backend
    >>> p, q = sc.symbols("p q")
    >>> get_backend((p, q), "sympy")
    SympyBackend(p, q)
    """
    return _backend(tuple(gens), backend_name(name))
