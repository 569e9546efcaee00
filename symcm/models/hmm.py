"""Edge-labelled hidden Markov models with symbolic probabilities.

An **edge-labelled (Mealy) hidden Markov model** over a finite alphabet
``A`` is a finite set of states ``S`` with, for every symbol ``x`` in ``A``,
a substochastic matrix ``T^(x)``: ``T^(x)[s, t]`` is the probability that,
in state ``s``, the model emits ``x`` and moves to ``t``.  The *transition
matrix* ``T = sum_x T^(x)`` is stochastic: every row sums to 1.  Each
nonzero entry is an *edge* ``s -> t on x (probability)``.

A presentation is **unifilar** when the current state and the next symbol
determine the next state: every row of every ``T^(x)`` has at most one
nonzero entry [Crutchfield & Young 1989; Shalizi & Crutchfield 2001].

In symcm the probabilities are exact rational functions of real parameters
``p, q, ...`` ranging over an open box (:class:`~symcm.algebra.domain.Domain`).  At
construction symcm checks, exactly, that

* every row of ``T`` sums to 1 *identically* (after cancellation), and
* every edge probability is nonnegative on the whole domain (decided with
  :mod:`symcm.algebra.positivity`; a question it cannot decide is refused).

An edge whose probability **vanishes** somewhere inside the domain (e.g.
``(2p - 1)**2`` at ``p = 1/2``) is recorded in :attr:`HMM.vanishing_edges`
with the condition where it vanishes, because the model's structure changes
there; analyses split cases on those conditions rather than treat the edge
as present everywhere.

Models are immutable values: equality and hashing are by content, and
methods that "change" a model return a new one.

References
----------
.. [1] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Physical Review Letters 63, 105-108, 1989.
.. [2] C. R. Shalizi and J. P. Crutchfield, "Computational mechanics: pattern
   and prediction, structure and simplicity", Journal of Statistical Physics
   104, 817-879, 2001.
"""

from __future__ import annotations

import itertools
import math
import numbers
import os
import sys
import warnings
from collections.abc import Hashable, Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

import networkx as nx
import sympy as sp

from .. import checks
from ..algebra.domain import Domain, to_rational
from ..errors import (
    BudgetExceededError,
    DomainError,
    ExpressionError,
    FloatConversionWarning,
    ModelError,
    NegativeProbabilityError,
    NotStochasticError,
    ParameterTypeError,
    TooLargeError,
    UndecidableError,
    UnknownStateError,
    UnknownSymbolError,
)
from ..algebra.positivity import MAX_BOXES, SignReport, rational_function_sign

__all__ = ["Edge", "HMM", "as_exact", "MAX_DEGREE", "MAX_SIGN_BOXES"]

#: Default cap on the degree of an edge probability's numerator or denominator (the
#: ``max_degree`` keyword of the constructors; the machine-file parser has the same cap).
MAX_DEGREE = 256
#: Default budget of the sign certification: Bernstein subdivisions per polynomial factor
#: (the ``max_sign_boxes`` keyword of the constructors).
MAX_SIGN_BOXES = MAX_BOXES


class Edge(NamedTuple):
    """One edge ``source -> target on symbol`` with its probability."""

    source: Hashable
    target: Hashable
    symbol: str
    probability: sp.Expr

    def __str__(self) -> str:
        return (f"{_fmt_state(self.source)} -> {_fmt_state(self.target)} on {self.symbol!r} "
                f"({_fmt_expr(self.probability, 2000)})")


# --- exact conversion of user numbers and expressions -----------------------

def _caller_stacklevel() -> int:
    """The ``stacklevel`` that points a warning at the first frame outside the symcm package."""
    package = os.path.dirname(os.path.abspath(sys.modules[__name__.partition(".")[0]].__file__))  # symcm/
    frame, level = sys._getframe(1), 1
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def _float_to_rational(value, where: str) -> sp.Rational:
    # the simplest rational agreeing with the float to 15 significant digits: 0.3 -> 3/10, and
    # arithmetic noise such as 1 - 0.7 = 0.30000000000000004 -> 3/10 too (STYLE.md item 5)
    r = sp.nsimplify(sp.Float(value, 15), rational=True)
    warnings.warn(
        f"{where}: the float {value!r} was converted to the exact rational {r}",
        FloatConversionWarning,
        stacklevel=_caller_stacklevel(),
    )
    return r


def as_exact(value, *, where: str = "value") -> sp.Expr:
    """Convert a user value to an exact sympy expression.

    ``int`` (also numpy integers), ``Fraction`` and finite ``Decimal`` become
    ``Rational``; sympy expressions are kept; floats (Python, numpy or sympy)
    are converted with ``nsimplify(rational=True)`` to the simplest rational
    that agrees with them to 15 significant digits (``0.3`` and ``1 - 0.7``
    both become ``3/10``), with a :class:`~symcm.errors.FloatConversionWarning`.
    Refused, with a :class:`~symcm.errors.ParameterTypeError` naming ``where``:
    text (symcm never evaluates it: use :func:`symcm.models.spec.parse_expression`),
    bools, containers (tuples, lists, ...), sympy objects that are not
    expressions (``p < 1``, ``Eq(p, 1)``, sets, matrices); refused with an
    :class:`~symcm.errors.ExpressionError`: non-finite numbers (``nan``,
    ``inf``, ``Decimal('NaN')``, ``zoo``).

    Examples
    --------
    >>> import warnings, symcm as sc
    >>> from symcm.models.hmm import as_exact
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     as_exact(0.3), w[0].category.__name__
    (3/10, 'FloatConversionWarning')
    >>> as_exact(float("nan"), where="probability of edge 'A' -> 'A' on '0'")
    Traceback (most recent call last):
    ...
    symcm.errors.ExpressionError: probability of edge 'A' -> 'A' on '0': expected a finite number or expression, received the float nan
    """
    if isinstance(value, bool):
        raise ParameterTypeError(f"{where}: expected a number or sympy expression, received the bool {value!r}")
    if isinstance(value, (int, Fraction)):
        return sp.Rational(value)
    if isinstance(value, (str, bytes, bytearray)):
        shown = value if len(value) <= 80 else value[:77] + "..."
        raise ParameterTypeError(
            f"{where}: expected a number or sympy expression, received the string {shown!r}; "
            "symcm does not evaluate text (use sympy.Rational, or symcm.models.spec.parse_expression)"
        )
    if isinstance(value, numbers.Integral) and not isinstance(value, sp.Basic):  # numpy integers
        return sp.Integer(int(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ExpressionError(
                f"{where}: expected a finite number or expression, received Decimal({str(value)!r})"
            )
        return to_rational(value, where=where)
    if isinstance(value, numbers.Real) and not isinstance(value, sp.Basic):  # float, numpy floats
        if not math.isfinite(float(value)):
            raise ExpressionError(f"{where}: expected a finite number or expression, received the float {value!r}")
        return _float_to_rational(float(value), where)
    if isinstance(value, sp.Basic):
        if not isinstance(value, sp.Expr) or isinstance(value, sp.MatrixBase):
            kind = "a condition" if isinstance(value, sp.logic.boolalg.Boolean) else f"a sympy {type(value).__name__}"
            raise ParameterTypeError(
                f"{where}: expected a number or sympy expression, received {kind} {_fmt_expr(value)}"
                + ("; a probability is an expression such as p or 1 - p, not a relation"
                   if isinstance(value, sp.logic.boolalg.Boolean) else "")
            )
        if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            raise ExpressionError(
                f"{where}: expected a finite number or expression, received {_fmt_expr(value)}"
            )
        floats = value.atoms(sp.Float)
        if floats:
            value = value.xreplace({f: _float_to_rational(f, where) for f in floats})
        return value
    raise ParameterTypeError(
        f"{where}: expected a number or sympy expression, received {checks.describe(value)}"
    )


def _fmt_expr(value, limit: int = 200) -> str:
    """``str(value)`` for messages and names, safely: never raises, at most ``limit`` characters.

    A huge rational (``1/10**5000``) is past Python's int-to-str limit, so
    ``str`` raises ValueError; it is shown by its size instead.
    """
    try:
        text = str(value)
    except ValueError:  # int-to-str conversion limit
        if isinstance(value, sp.Rational):
            digits = max(int(abs(value.p)).bit_length(), int(value.q).bit_length()) * 30103 // 100000 + 1
            return f"<a rational of about {digits} digits>"
        return f"<a {type(value).__name__} too large to print>"
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def _degree_bound(expr, cache: dict | None = None):
    """Upper bounds ``(num, den)`` on the total degrees of ``expr`` over a common denominator.

    Read from the expression tree without expanding anything (``p**10**6``
    costs nothing here), so a constructor can refuse a huge degree before a
    polynomial is built.  None when the tree is not made of ``+``, ``*``,
    integer powers, symbols and numbers (such expressions are refused later).
    """
    if cache is None:
        cache = {}
    if expr in cache:
        return cache[expr]
    if expr.is_Number or not expr.free_symbols:
        out = (0, 0)
    elif expr.is_Symbol:
        out = (1, 0)
    elif expr.is_Add or expr.is_Mul:
        parts = [_degree_bound(a, cache) for a in expr.args]
        if any(b is None for b in parts):
            out = None
        elif expr.is_Mul:
            out = (sum(b[0] for b in parts), sum(b[1] for b in parts))
        else:
            den = sum(b[1] for b in parts)
            out = (max(b[0] + den - b[1] for b in parts), den)
    elif expr.is_Pow and expr.exp.is_Integer:
        n = int(expr.exp)
        base = _degree_bound(expr.base, cache)
        if base is None:
            base = (1, 0)  # a non-constant base of unknown kind: its power has degree >= |n| in something
        out = (base[0] * n, base[1] * n) if n >= 0 else (base[1] * -n, base[0] * -n)
    else:
        out = None
    cache[expr] = out
    return out


def _check_degree(expr, where: str, max_degree: int) -> None:
    try:
        bound = _degree_bound(expr)
    except RecursionError:
        raise ExpressionError(f"{where}: the expression is nested too deeply") from None
    if bound is not None and max(bound) > max_degree:
        raise TooLargeError(
            f"{where} has degree up to {max(bound)}, more than the cap max_degree={max_degree}; "
            f"pass a larger max_degree= to allow it (the cost grows quickly with the degree)"
        )


def _check_state(state, where: str):
    """A state name: a str or an int (a bool is refused: True and 1 are the same dict key)."""
    if isinstance(state, bool):
        raise ParameterTypeError(
            f"{where}: a state name must be a str or an int, received the bool {state!r} "
            f"(True == 1 and False == 0 as dict keys, so bools would merge with the integer states)"
        )
    if not isinstance(state, (str, int)):
        raise ParameterTypeError(f"{where}: a state name must be a str or an int, received {checks.describe(state)}")
    return state


def _open_unit_fits(sym) -> bool:
    """False when ``sym``'s sympy assumptions rule out every value of the open interval (0, 1)."""
    return not (
        sym.is_positive is False or sym.is_real is False or sym.is_integer is True or sym.is_zero is True
    )


def _assumption_text(sym) -> str:
    given = getattr(sym, "_assumptions_orig", None)
    if given is None:  # pragma: no cover - older sympy
        given = {k: v for k, v in sym.assumptions0.items() if k != "commutative"}
    return ", ".join(f"{k}={v}" for k, v in sorted(given.items())) or "none"


def _sequence(value, name: str, where: str) -> tuple:
    """A finite sequence given by the user (not text, not a mapping) as a tuple."""
    if isinstance(value, (str, bytes, bytearray, Mapping)) or not isinstance(value, Iterable):
        raise ParameterTypeError(f"{where}: {name} must be a list or tuple, received {checks.describe(value)}")
    return tuple(value)


def _polynomial_terms(expr, symbols: tuple) -> dict | None:
    """``{exponents: Rational}`` of a polynomial written with ``+``, ``*`` and integer powers, else None.

    The common probabilities (``p``, ``1 - p``, ``p*(1 - q)``) are such
    expression trees; reading their terms directly avoids sympy's
    ``together``/``cancel`` and its generic ``Poly`` constructor, which
    dominate model construction.  Anything else (a quotient, a function, a
    float) returns None and takes the general route.
    """
    n = len(symbols)
    zero = (0,) * n
    if expr.is_Rational:
        return {zero: expr} if expr else {}
    if expr.is_Symbol:
        if expr not in symbols:
            return None
        mono = [0] * n
        mono[symbols.index(expr)] = 1
        return {tuple(mono): sp.Integer(1)}
    if expr.is_Add:
        out: dict = {}
        for arg in expr.args:
            t = _polynomial_terms(arg, symbols)
            if t is None:
                return None
            for m, c in t.items():
                c = out.get(m, 0) + c
                if c:
                    out[m] = c
                else:
                    out.pop(m, None)
        return out
    if expr.is_Mul:
        out = {zero: sp.Integer(1)}
        for arg in expr.args:
            t = _polynomial_terms(arg, symbols)
            if t is None:
                return None
            out = _times(out, t)
        return out
    if expr.is_Pow and expr.exp.is_Integer and 0 <= expr.exp <= 64:
        base = _polynomial_terms(expr.base, symbols)
        if base is None:
            return None
        out = {zero: sp.Integer(1)}
        for _ in range(int(expr.exp)):
            out = _times(out, base)
        return out
    return None


def _times(a: dict, b: dict) -> dict:
    out: dict = {}
    for m1, c1 in a.items():
        for m2, c2 in b.items():
            m = tuple(x + y for x, y in zip(m1, m2))
            c = out.get(m, 0) + c1 * c2
            if c:
                out[m] = c
            else:
                out.pop(m, None)
    return out


@lru_cache(maxsize=4096)
def _canonical(expr: sp.Expr, gens: tuple) -> tuple[sp.Expr, sp.Poly, sp.Poly]:
    """Cancelled form of a rational function and its numerator/denominator polynomials."""
    terms = _polynomial_terms(expr, gens) if gens else None
    if terms is not None:  # a polynomial: its expanded form is its cancelled form
        pn = sp.Poly.from_dict(terms, *gens, domain=sp.QQ) if terms else sp.Poly(0, *gens, domain=sp.QQ)
        pd = sp.Poly(1, *gens, domain=sp.QQ)
        return pn.as_expr(), pn, pd
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    pn = sp.Poly(num, *gens, domain=sp.QQ) if gens else sp.Poly(num, sp.Dummy(), domain=sp.QQ)
    pd = sp.Poly(den, *gens, domain=sp.QQ) if gens else sp.Poly(den, sp.Dummy(), domain=sp.QQ)
    # normalise: denominator monic in its leading coefficient sign
    lc = pd.LC()
    if lc < 0:
        pn, pd = -pn, -pd
    if pd.is_ground:  # a polynomial: its expanded form is already the cancelled one
        value = pn.quo_ground(pd.LC()).as_expr()
    else:
        value = sp.cancel(pn.as_expr() / pd.as_expr())
    return value, pn, pd


def _effective(expr: sp.Expr) -> sp.Expr:
    """``expr`` with symbols that cancel out removed: polynomials read directly, else ``cancel(together(.))``."""
    if isinstance(expr, sp.Expr):
        syms = tuple(sorted(expr.free_symbols, key=lambda x: x.name))
        terms = _polynomial_terms(expr, syms)
        if terms is not None:
            if not terms:
                return sp.Integer(0)
            used = {x for m in terms for x, e in zip(syms, m) if e}
            if used == set(syms):
                return expr
            return sp.Poly.from_dict(terms, *syms, domain=sp.QQ).as_expr()
    return _cancelled(expr)


def _cancelled(expr: sp.Expr) -> sp.Expr:
    """``cancel(together(expr))`` for rational functions; other expressions unchanged (refused later)."""
    try:
        return sp.cancel(sp.together(expr))
    except (sp.PolynomialError, TypeError):  # pragma: no cover - non-rational input
        return expr


def _rational_function(expr: sp.Expr, gens: tuple, where: str):
    try:
        return _canonical(expr, gens)
    except (sp.PolynomialError, sp.CoercionFailed, sp.GeneratorsNeeded) as exc:
        raise ExpressionError(
            f"{where}: expected a rational function of the parameters with rational coefficients, "
            f"received {expr}"
        ) from exc


@lru_cache(maxsize=4096)
def _sign(pn: sp.Poly, pd: sp.Poly, box: tuple, max_boxes: int = MAX_SIGN_BOXES) -> SignReport:
    if pd.is_ground and _positive_multilinear(pn, dict(box)):
        return SignReport(True, None)
    return rational_function_sign(pn, pd, dict(box), max_boxes=max_boxes)


def _positive_multilinear(pn: sp.Poly, box: dict) -> bool:
    """True if ``pn`` is nonzero, of degree <= 1 in each variable, and >= 0 at every vertex of the box.

    A multilinear polynomial is affine along every coordinate line, so its
    minimum over the closed box is attained at a vertex; and if it vanished
    at an interior point while nonnegative at the vertices it would vanish on
    every coordinate line through that point, hence everywhere.  So such a
    polynomial is strictly positive on the open box: no factorisation needed
    (the common case ``p``, ``1 - p``, ``p*q``).  Anything else (or more than
    10 variables) returns False and is decided by the general routine.
    """
    terms = pn.as_dict()
    if not terms:
        return False
    used = [i for i in range(len(pn.gens)) if any(m[i] for m in terms)]
    if len(used) > 10 or any(m[i] > 1 for m in terms for i in used):
        return False
    bounds = [(Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q)))
              for lo, hi in (tuple(map(sp.Rational, box[pn.gens[i]])) for i in used)]
    coeffs = [(m, Fraction(int(c.p), int(c.q))) for m, c in ((m, sp.Rational(c)) for m, c in terms.items())]
    for corner in itertools.product(*bounds):
        value = Fraction(0)
        for m, c in coeffs:
            t = c
            for k, i in enumerate(used):
                if m[i]:
                    t *= corner[k]
            value += t
        if value < 0:
            return False
    return True


def _matrix_rows(mat, where: str) -> list:
    """The rows of a user matrix as lists of its (unconverted) entries, never through ``sympy.Matrix``."""
    if isinstance(mat, sp.MatrixBase):
        return [[mat[i, j] for j in range(mat.cols)] for i in range(mat.rows)]
    if type(mat).__module__ == "numpy" and hasattr(mat, "ndim"):
        if mat.ndim != 2:
            raise ModelError(f"{where}: expected a square 2-d array, received an array of shape {mat.shape}")
        return [list(row) for row in mat]
    if isinstance(mat, (str, bytes, Mapping)) or not isinstance(mat, Iterable):
        raise ParameterTypeError(
            f"{where}: expected a square matrix (sympy Matrix, numpy array or list of rows), "
            f"received {checks.describe(mat)}"
        )
    rows = []
    for i, row in enumerate(mat):
        if type(row).__module__ == "numpy" and hasattr(row, "ndim") and row.ndim == 1:
            row = list(row)
        if isinstance(row, (str, bytes, Mapping)) or not isinstance(row, Iterable):
            raise ParameterTypeError(f"{where}: row {i} must be a list of entries, received {checks.describe(row)}")
        rows.append(list(row))
    return rows


def _fmt_state(s) -> str:
    return repr(s) if isinstance(s, str) else str(s)


# --- the model ----------------------------------------------------------------

class HMM:
    """An immutable edge-labelled hidden Markov model with exact probabilities.

    Build models with :meth:`from_edges` or :meth:`from_matrices` (or load a
    machine file with :func:`symcm.load`); the constructor is private.

    Attributes
    ----------
    states : tuple
        State names, in a fixed order (rows and columns of the matrices).
    alphabet : tuple of str
        The symbols.
    parameters : tuple of sympy.Symbol
        Free parameters, sorted by name.
    domain : Domain
        The open box of parameter values on which the model is valid.
    edges : tuple of Edge
        Edges with nonzero probability, parallel edges merged, in state order.
    vanishing_edges : tuple of (Edge, condition)
        Edges whose probability vanishes somewhere inside the domain, with
        the sympy condition describing where.
    name : str or None
        A display name.

    Examples
    --------
    >>> import symcm as sc
    >>> p, q = sc.symbols("p q")
    >>> m = sc.HMM.from_edges([("A", "A", "0", 1 - p), ("A", "B", "1", p),
    ...                        ("B", "B", "1", 1 - q), ("B", "A", "0", q)])
    >>> m
    HMM(states=('A', 'B'), alphabet=('0', '1'), parameters=(p, q), edges=4)
    >>> m.labelled_matrix("1")
    Matrix([
    [0,     p],
    [0, 1 - q]])
    >>> m.subs({p: sp.Rational(2, 5)}).parameters
    (q,)
    """

    __slots__ = ("_states", "_alphabet", "_edges", "_domain", "_name", "_index",
                 "_vanishing", "_polys", "_hash", "_matrices")

    def __init__(self, *args, **kwargs):
        raise ParameterTypeError(
            "HMM(): an HMM is not built by calling the class; build it with HMM.from_edges(edges, ...) "
            "or HMM.from_matrices(matrices, ...)"
        )

    # --- construction ---------------------------------------------------------
    @classmethod
    def from_edges(
        cls,
        edges: Iterable,
        *,
        states: Iterable | None = None,
        alphabet: Iterable[str] | None = None,
        domain: Mapping | None = None,
        name: str | None = None,
        max_degree: int = MAX_DEGREE,
        max_sign_boxes: int = MAX_SIGN_BOXES,
    ) -> HMM:
        """Build a model from edges ``(source, target, symbol, probability)``.

        Parameters
        ----------
        edges : iterable of 4-tuples
            ``source`` and ``target`` are state names (str or int), ``symbol``
            a str, ``probability`` a number or sympy expression (a rational
            function of the parameters).  Parallel edges (same source, target
            and symbol) are summed; edges of probability exactly 0 are dropped.
        states : iterable, optional
            The state order; default: order of first appearance in ``edges``.
        alphabet : iterable of str, optional
            The alphabet (may contain symbols no edge emits); default: the
            sorted symbols of the edges.
        domain : mapping Symbol -> (lo, hi), optional
            Open interval of each parameter with rational bounds; parameters
            not named get ``(0, 1)``.
        name : str, optional
            Display name.
        max_degree : int
            Cap on the degree of each probability's numerator and denominator
            (default 256, as for machine files), checked on the expression
            tree before any polynomial is built.
        max_sign_boxes : int
            Budget of the sign certification: Bernstein subdivisions per
            polynomial factor of a multivariate probability (default 4096).

        Returns
        -------
        HMM

        Raises
        ------
        NotStochasticError
            A state's outgoing probabilities do not sum to exactly 1.
        NegativeProbabilityError
            A probability is negative (or has a pole) somewhere in the domain.
        BudgetExceededError
            The sign of a probability could not be decided within
            ``max_sign_boxes`` (an :class:`UndecidableError` and a :class:`TooLargeError`).
        TooLargeError
            A probability's degree exceeds ``max_degree``.
        ExpressionError
            A probability is not a finite rational function with rational coefficients.
        UnknownStateError, ParameterTypeError, DomainError
            Malformed edges, states, symbols, values, domains or names
            (state names are str or int, never bool; text is never evaluated).

        Notes
        -----
        Text is refused everywhere (``"1/2"`` as a probability): symcm never
        hands a string to sympy, which would evaluate it as Python code.  Read
        text with :func:`symcm.load` / :func:`symcm.models.spec.parse_expression`.

        Examples
        --------
        >>> import symcm as sc
        >>> (p,) = sc.symbols("p,")
        >>> sc.HMM.from_edges([("A", "A", "0", 1 - 2*p), ("A", "A", "1", 2*p)],
        ...                   domain={p: (0, "1/2")}).domain
        Domain({p: (0, 1/2)})
        >>> sc.HMM.from_edges([("A", "A", "0", 1 - 2*p), ("A", "A", "1", 2*p)])
        Traceback (most recent call last):
        ...
        symcm.errors.NegativeProbabilityError: probability of edge 'A' -> 'A' on '0' is 1 - 2*p, which is negative at p = 3/4 in the domain Domain({p: (0, 1)})
        """
        edges = _sequence(edges, "edges", "HMM.from_edges")
        raw = []
        for k, e in enumerate(edges):
            if isinstance(e, (str, bytes, Mapping)):
                raise ParameterTypeError(
                    f"edge #{k}: expected a tuple (source, target, symbol, probability), received {checks.describe(e)}"
                )
            try:
                source, target, symbol, prob = e
            except (TypeError, ValueError):
                raise ParameterTypeError(
                    f"edge #{k}: expected a tuple (source, target, symbol, probability), received {checks.describe(e)}"
                ) from None
            for what, s in (("source", source), ("target", target)):
                _check_state(s, f"edge #{k}: the {what} state")
            if not isinstance(symbol, str):
                raise ParameterTypeError(
                    f"edge #{k} ({source!r} -> {target!r}): expected the symbol to be a str such as "
                    f"{str(symbol)!r}, received {symbol!r} of type {type(symbol).__name__}"
                )
            where = f"probability of edge {_fmt_state(source)} -> {_fmt_state(target)} on {symbol!r}"
            raw.append((source, target, symbol, as_exact(prob, where=where)))
        return cls._build(raw, states=states, alphabet=alphabet, domain=domain, name=name,
                          max_degree=max_degree, max_sign_boxes=max_sign_boxes)

    @classmethod
    def from_matrices(
        cls,
        matrices: Mapping[str, object],
        *,
        states: Iterable | None = None,
        domain: Mapping | None = None,
        name: str | None = None,
        max_degree: int = MAX_DEGREE,
        max_sign_boxes: int = MAX_SIGN_BOXES,
    ) -> HMM:
        """Build a model from labelled transition matrices ``{symbol: T^(symbol)}``.

        Parameters
        ----------
        matrices : mapping str -> square matrix
            sympy matrices, 2-d numpy arrays or nested lists/tuples, all
            ``n x n``.  Entries are numbers or sympy expressions, exactly as
            edge probabilities for :meth:`from_edges`: text is refused,
            never evaluated (``sympy.Matrix`` would evaluate it as code).
        states : iterable, optional
            The ``n`` state names; default ``('0', ..., 'n-1')`` as strings.
        domain, name, max_degree, max_sign_boxes
            As for :meth:`from_edges`.

        Raises
        ------
        ModelError
            Matrices that are not square, not all of one size, or ragged.
        ParameterTypeError
            A matrix or entry of the wrong type (text included), a symbol that
            is not a str, wrong ``states``.
        (and everything :meth:`from_edges` raises)

        Examples
        --------
        >>> import sympy as sp, symcm as sc
        >>> half = sp.Rational(1, 2)
        >>> m = sc.HMM.from_matrices({"0": [[half, 0], [0, 0]], "1": [[0, half], [1, 0]]},
        ...                          states=("A", "B"))
        >>> m.edges[0]
        Edge(source='A', target='A', symbol='0', probability=1/2)
        """
        where = "HMM.from_matrices"
        if not isinstance(matrices, Mapping) or not matrices:
            raise ParameterTypeError(
                f"{where}: expected a non-empty mapping symbol -> matrix, received {checks.describe(matrices)}"
            )
        mats = {}
        size = None
        for symbol, mat in matrices.items():
            if not isinstance(symbol, str):
                raise ParameterTypeError(
                    f"{where}: the symbols (keys) must be str such as {str(symbol)!r}, "
                    f"received {checks.describe(symbol)}"
                )
            rows = _matrix_rows(mat, f"{where}: labelled matrix for {symbol!r}")
            n = len(rows)
            if any(len(r) != n for r in rows) or (size is not None and n != size):
                shape = f"{n}x{len(rows[0])}" if rows and len({len(r) for r in rows}) == 1 else (
                    f"{n} rows of lengths {[len(r) for r in rows]}")
                raise ModelError(
                    f"{where}: labelled matrix for {symbol!r}: expected a square {size or n}x{size or n} "
                    f"matrix, received {shape}"
                )
            size = n
            mats[symbol] = rows
        if states is not None:
            names = _sequence(states, "states", where)
        else:
            names = tuple(str(i) for i in range(size))
        if len(names) != size:
            raise ModelError(f"{where}: expected {size} state names for {size}x{size} matrices, received {len(names)}")
        for k, st in enumerate(names):
            _check_state(st, f"{where}: states[{k}]")
        edges = []
        for symbol, rows in mats.items():
            for i in range(size):
                for j in range(size):
                    where_ij = f"{where}: entry [{i}, {j}] of the matrix for {symbol!r}"
                    value = as_exact(rows[i][j], where=where_ij)
                    if value != 0:
                        edges.append((names[i], names[j], symbol, value))
        return cls.from_edges(edges, states=names, alphabet=tuple(mats), domain=domain, name=name,
                              max_degree=max_degree, max_sign_boxes=max_sign_boxes)

    @classmethod
    def _build(cls, raw, *, states, alphabet, domain, name, max_degree=MAX_DEGREE,
               max_sign_boxes=MAX_SIGN_BOXES) -> HMM:
        # arguments -------------------------------------------------------------
        max_degree = checks.cap(max_degree, "max_degree", where="HMM")
        max_sign_boxes = checks.cap(max_sign_boxes, "max_sign_boxes", where="HMM")
        if name is not None and not isinstance(name, str):
            raise ParameterTypeError(f"HMM: name must be a str or None, received {checks.describe(name)}")
        if domain is not None and not isinstance(domain, Mapping):
            raise ParameterTypeError(
                f"HMM: domain must be a mapping {{Symbol: (lo, hi)}} or None, received {checks.describe(domain)}"
            )
        if states is not None:
            states = _sequence(states, "states", "HMM")
            for k, st in enumerate(states):
                _check_state(st, f"HMM: states[{k}]")
        if alphabet is not None:
            alphabet = _sequence(alphabet, "alphabet", "HMM")
        for src, dst, sym, prob in raw:
            _check_state(src, "HMM: an edge's source")
            _check_state(dst, "HMM: an edge's target")
            _check_degree(prob, f"probability of edge {_fmt_state(src)} -> {_fmt_state(dst)} on {sym!r}",
                          max_degree)
        # parameters and domain ------------------------------------------------
        # cancel first, so a symbol that cancels out ((p**2 - 1)/(p - 1) - p) is not a parameter
        raw = [(src, dst, sym, _effective(prob)) for src, dst, sym, prob in raw]
        free = set().union(*(e[3].free_symbols for e in raw)) if raw else set()
        by_name = {}
        for s in free:
            if s.name in by_name and by_name[s.name] != s:
                raise ParameterTypeError(
                    f"two different symbols are named {s.name!r} (different sympy assumptions); "
                    "create parameters with symcm.symbols"
                )
            by_name[s.name] = s
        gens = tuple(sorted(free, key=lambda s: s.name))
        given = {}
        for key, bounds in dict(domain or {}).items():
            # a parameter may be named by its string name: {"p": (0, "1/2")}
            given[by_name.get(key, key) if isinstance(key, str) else key] = bounds
        for s in given:
            if s not in free:
                hint = ""
                if isinstance(s, sp.Symbol) and s.name in by_name:
                    hint = " (a symbol of that name with other assumptions occurs; use symcm.symbols)"
                raise DomainError(
                    f"the domain names {s}, which does not occur in the probabilities{hint}; "
                    f"parameters: {', '.join(map(str, gens)) or 'none'}"
                )
        for s in gens:
            if s not in given and not _open_unit_fits(s):
                raise DomainError(
                    f"HMM: the parameter {s} has no domain given, and the default open interval (0, 1) "
                    f"contradicts its sympy assumptions ({_assumption_text(s)}); pass a domain for it, "
                    f"e.g. domain={{{s}: (lo, hi)}}, or create it with symcm.symbols"
                )
        dom = Domain({s: given.get(s, (0, 1)) for s in gens})
        box = tuple((s, dom[s]) for s in gens)

        # states and alphabet ----------------------------------------------------
        if states is not None:
            order = tuple(states)
            if len(set(order)) != len(order):
                dup = sorted({_fmt_state(s) for s in order if order.count(s) > 1})
                raise ModelError(f"states must be distinct, received duplicates {', '.join(dup)}")
            known = set(order)
            for src, dst, sym, _ in raw:
                for s in (src, dst):
                    if s not in known:
                        raise UnknownStateError(
                            f"edge {_fmt_state(src)} -> {_fmt_state(dst)} on {sym!r} names the state "
                            f"{_fmt_state(s)}, which is not among the states {order}"
                        )
        else:
            order = tuple(dict.fromkeys(s for e in raw for s in e[:2]))
        if not order:
            raise ModelError("a model needs at least one state and one edge; received no edges")
        used = sorted({e[2] for e in raw})
        if alphabet is not None:
            alpha = tuple(alphabet)
            for sym in used:
                if sym not in alpha:
                    raise UnknownSymbolError(f"an edge emits {sym!r}, which is not in the alphabet {alpha}")
            if len(set(alpha)) != len(alpha) or not all(isinstance(a, str) for a in alpha):
                raise ParameterTypeError(f"the alphabet must be distinct strings, received {alpha}")
        else:
            alpha = tuple(used)

        # merge parallel edges, canonicalise --------------------------------------
        merged: dict[tuple, sp.Expr] = {}
        for src, dst, sym, prob in raw:
            key = (src, dst, sym)
            merged[key] = merged[key] + prob if key in merged else prob
        index = {s: i for i, s in enumerate(order)}
        edges, polys, vanishing = [], [], []
        row_sums = {s: sp.Integer(0) for s in order}
        for (src, dst, sym), prob in sorted(merged.items(), key=lambda kv: (index[kv[0][0]], index[kv[0][1]],
                                                                          alpha.index(kv[0][2]))):
            where = f"probability of edge {_fmt_state(src)} -> {_fmt_state(dst)} on {sym!r}"
            value, pn, pd = _rational_function(prob, gens, where)
            if value == 0:
                continue
            if not gens:  # a number: its sign is its sign
                if value < 0:
                    raise NegativeProbabilityError(f"{where} is {value}, which is negative")
                edges.append(Edge(src, dst, sym, value))
                polys.append((pn, pd))
                row_sums[src] += value
                continue
            try:
                report = _sign(pn, pd, box, max_sign_boxes)
            except UndecidableError as exc:
                raise BudgetExceededError(
                    f"{where} is {_fmt_expr(value)}: {exc}. The sign certification budget is "
                    f"max_sign_boxes={max_sign_boxes} subdivisions per factor: pass a larger max_sign_boxes= "
                    "to allow more, restrict the domain, or substitute values"
                ) from exc
            if report.pole_factors:
                raise NegativeProbabilityError(
                    f"{where} is {value}, which is undefined where "
                    f"{' or '.join(f'{f} = 0' for f in report.pole_factors)} inside the domain {dom}"
                )
            if not report.nonnegative:
                at = ", ".join(f"{s} = {v}" for s, v in report.witness.items())
                raise NegativeProbabilityError(f"{where} is {value}, which is negative at {at} in the domain {dom}")
            edge = Edge(src, dst, sym, value)
            edges.append(edge)
            polys.append((pn, pd))
            if report.zero_condition is not None:
                vanishing.append((edge, report.zero_condition))
            row_sums[src] += value
        for s in order:
            total = sp.cancel(row_sums[s])
            if total != 1:
                raise NotStochasticError(
                    f"row of state {_fmt_state(s)} sums to {_fmt_expr(total, 2000)}, not 1"
                    + (" (the state has no outgoing edges)" if total == 0 else "")
                )

        self = object.__new__(cls)
        self._states = order
        self._alphabet = alpha
        self._edges = tuple(edges)
        self._polys = tuple(polys)
        self._domain = dom
        self._name = name
        self._index = index
        self._vanishing = tuple(vanishing)
        self._hash = None
        self._matrices = None
        return self

    @classmethod
    def _derived(cls, edges, *, states, alphabet, domain, name=None) -> HMM:
        """Build a model derived from validated ones (mixed states, quotients, reversals).

        The probabilities are known to be valid by construction, so the sign
        certification is skipped (rows are still checked to sum to 1, a cheap
        exact guard); vanishing edges are not recorded: callers take them from
        the model they derive from.  Not part of the public API.
        """
        free = set().union(*(sp.sympify(e[3]).free_symbols for e in edges)) if edges else set()
        gens = tuple(sorted(free, key=lambda s: s.name))
        dom = Domain({s: dict(domain)[s] for s in gens})
        index = {s: i for i, s in enumerate(states)}
        out, polys = [], []
        merged: dict[tuple, sp.Expr] = {}
        for src, dst, sym, prob in edges:
            merged[(src, dst, sym)] = merged.get((src, dst, sym), 0) + prob
        row_sums = {s: sp.Integer(0) for s in states}
        for (src, dst, sym), prob in sorted(merged.items(), key=lambda kv: (index[kv[0][0]], index[kv[0][1]],
                                                                          alphabet.index(kv[0][2]))):
            value, pn, pd = _rational_function(prob, gens, "derived edge")
            if value == 0:
                continue
            out.append(Edge(src, dst, sym, value))
            polys.append((pn, pd))
            row_sums[src] += value
        for st in states:
            if sp.cancel(row_sums[st]) != 1:  # pragma: no cover - invariant of the derivations
                raise NotStochasticError(f"derived model: row of state {_fmt_state(st)} sums to {row_sums[st]}")
        self = object.__new__(cls)
        self._states = tuple(states)
        self._alphabet = tuple(alphabet)
        self._edges = tuple(out)
        self._polys = tuple(polys)
        self._domain = dom
        self._name = name
        self._index = index
        self._vanishing = ()
        self._hash = None
        self._matrices = None
        return self

    def _with_name(self, name: str | None) -> HMM:
        """The same model under another display name (cached results are shared by content, not name)."""
        if name == self._name:
            return self
        out = object.__new__(HMM)
        for slot in ("_states", "_alphabet", "_edges", "_polys", "_domain", "_index", "_vanishing"):
            object.__setattr__(out, slot, getattr(self, slot))
        object.__setattr__(out, "_name", name)
        object.__setattr__(out, "_hash", self._hash)
        object.__setattr__(out, "_matrices", self._matrices)
        return out

    # --- read-only views ------------------------------------------------------
    @property
    def states(self) -> tuple:
        """State names in matrix order."""
        return self._states

    @property
    def alphabet(self) -> tuple:
        """The symbols."""
        return self._alphabet

    @property
    def parameters(self) -> tuple:
        """Free parameters, sorted by name."""
        return self._domain.symbols

    @property
    def domain(self) -> Domain:
        """The open parameter box on which the model is valid."""
        return self._domain

    @property
    def edges(self) -> tuple:
        """Edges with nonzero probability (parallel edges merged)."""
        return self._edges

    @property
    def vanishing_edges(self) -> tuple:
        """``(edge, condition)`` for edges whose probability vanishes inside the domain."""
        return self._vanishing

    @property
    def name(self) -> str | None:
        """Display name, or None."""
        return self._name

    @property
    def is_numeric(self) -> bool:
        """True when the model has no free parameters."""
        return not self._domain

    def index(self, state) -> int:
        """Position of ``state`` in :attr:`states`."""
        try:
            hash(state)
        except TypeError:
            raise ParameterTypeError(
                f"HMM.index: a state name must be a str or an int, received {checks.describe(state)}"
            ) from None
        try:
            return self._index[state]
        except KeyError:
            raise UnknownStateError(f"unknown state {_fmt_state(state)}; states are {self._states}") from None

    def edge_polynomials(self):
        """``(Edge, numerator Poly, denominator Poly)`` for every edge (rational coefficients)."""
        return tuple((e, pn, pd) for e, (pn, pd) in zip(self._edges, self._polys))

    # --- matrices ----------------------------------------------------------------
    def _build_matrices(self) -> dict:
        if self._matrices is None:
            n = len(self._states)
            mats = {x: [[sp.Integer(0)] * n for _ in range(n)] for x in self._alphabet}
            for e in self._edges:
                mats[e.symbol][self._index[e.source]][self._index[e.target]] = e.probability
            self._matrices = {x: sp.ImmutableMatrix(m) for x, m in mats.items()}
        return self._matrices

    def labelled_matrix(self, symbol: str) -> sp.ImmutableMatrix:
        """The substochastic matrix ``T^(symbol)`` (rows: from, columns: to).

        Raises
        ------
        UnknownSymbolError
            If ``symbol`` is not in the alphabet.
        """
        mats = self._build_matrices()
        if symbol not in mats:
            raise UnknownSymbolError(f"unknown symbol {symbol!r}; the alphabet is {self._alphabet}")
        return mats[symbol]

    @property
    def transition_matrix(self) -> sp.ImmutableMatrix:
        """The stochastic matrix ``T = sum_x T^(x)`` (entries cancelled)."""
        total = sum(self._build_matrices().values(), sp.zeros(len(self._states)))
        return sp.ImmutableMatrix(total.applyfunc(sp.cancel))

    # --- derived models ----------------------------------------------------------
    def subs(self, values: Mapping, *, domain: Mapping | None = None, max_degree: int = MAX_DEGREE,
             max_sign_boxes: int = MAX_SIGN_BOXES) -> HMM:
        """A new model with some parameters replaced by numbers or expressions.

        Keys are Symbols or parameter names; values are exact numbers (floats
        are converted with a warning) or expressions.  The remaining
        parameters keep their intervals unless ``domain`` gives new ones
        (e.g. on ``p = 2q`` with ``p`` in ``(0, 1)``, ``q`` ranges over ``(0, 1/2)``).  The point need not lie in the open
        domain: evaluating on its boundary is allowed (edges whose probability
        becomes 0 disappear), as long as the result is a valid model.

        Values are converted as by :func:`as_exact`: text is refused, never
        evaluated; ``max_degree`` and ``max_sign_boxes`` are as for
        :meth:`from_edges`.  The name of the result names the values (huge
        numbers by their size).

        Examples
        --------
        >>> import sympy as sp, symcm as sc
        >>> m = sc.processes.binary_markov(*sc.symbols("p q"))
        >>> m.subs({"p": sp.Rational(1, 3), "q": sp.Rational(1, 3)}).is_numeric
        True
        """
        if not isinstance(values, Mapping):
            raise ParameterTypeError(
                f"HMM.subs: expected a mapping {{parameter: value}}, received {checks.describe(values)}"
            )
        by_name = {s.name: s for s in self.parameters}
        mapping = {}
        for key, val in values.items():
            if not isinstance(key, (str, sp.Symbol)):
                raise ParameterTypeError(
                    f"HMM.subs: the keys must be parameters (sympy Symbols) or their names, "
                    f"received {checks.describe(key)}"
                )
            sym = by_name.get(key) if isinstance(key, str) else key
            if sym not in self._domain:
                shown = key if len(str(key)) <= 80 else str(key)[:77] + "..."
                raise DomainError(
                    f"cannot substitute {shown}: it is not a parameter of this model; "
                    f"parameters: {', '.join(map(str, self.parameters)) or 'none'}"
                )
            mapping[sym] = as_exact(val, where=f"value of {sym}")
        raw = []
        for e in self._edges:
            value = e.probability.subs(mapping, simultaneous=True)
            if value.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
                at = ", ".join(f"{k} = {_fmt_expr(v)}" for k, v in mapping.items())
                raise DomainError(
                    f"the probability {e.probability} of edge {_fmt_state(e.source)} -> "
                    f"{_fmt_state(e.target)} on {e.symbol!r} is undefined at {at}"
                )
            raw.append((e.source, e.target, e.symbol, value))
        # every parameter still free keeps its interval (also one substituted by itself, p -> p)
        keep = dict(self._domain.items())
        if domain is not None and not isinstance(domain, Mapping):
            raise ParameterTypeError(
                f"HMM.subs: domain must be a mapping {{Symbol: (lo, hi)}} or None, received {checks.describe(domain)}"
            )
        keep.update(dict(domain or {}))
        free = set().union(*(_effective(r[3]).free_symbols for r in raw))
        name = None
        if self._name:
            name = f"{self._name} at " + ", ".join(f"{s} = {_fmt_expr(v)}" for s, v in mapping.items())
        return HMM._build(raw, states=self._states, alphabet=self._alphabet,
                          domain={s: b for s, b in keep.items() if s in free}, name=name,
                          max_degree=max_degree, max_sign_boxes=max_sign_boxes)

    def relabel(self, mapping: Mapping) -> HMM:
        """A new model with states renamed by ``mapping`` (unmapped names kept).

        New names are str or int (not bool) and must stay distinct
        (:class:`~symcm.errors.ParameterTypeError`, :class:`~symcm.errors.ModelError`).
        """
        if not isinstance(mapping, Mapping):
            raise ParameterTypeError(
                f"HMM.relabel: expected a mapping {{old state: new state}}, received {checks.describe(mapping)}"
            )
        for old, new in mapping.items():
            try:
                known = old in self._index
            except TypeError:  # unhashable
                known = False
            if not known:
                raise UnknownStateError(
                    f"HMM.relabel: the mapping renames {_fmt_state(old) if isinstance(old, (str, int)) else checks.describe(old)}, "
                    f"which is not a state of the model; states are {self._states}"
                )
            _check_state(new, f"HMM.relabel: the new name of {_fmt_state(old)}")
        ren = [mapping.get(s, s) for s in self._states]
        return HMM._build(
            [(mapping.get(e.source, e.source), mapping.get(e.target, e.target), e.symbol, e.probability)
             for e in self._edges],
            states=ren, alphabet=self._alphabet, domain=dict(self._domain), name=self._name,
        )

    def to_networkx(self) -> nx.MultiDiGraph:
        """The state diagram as a ``networkx.MultiDiGraph``.

        Nodes are states; each edge has key and attribute ``symbol`` and the
        attribute ``probability`` (a sympy expression).

        Examples
        --------
        >>> import symcm as sc
        >>> g = sc.processes.golden_mean(sc.symbols("p")).to_networkx()
        >>> sorted(g.edges(keys=True))
        [('A', 'A', '1'), ('A', 'B', '0'), ('B', 'A', '1')]
        """
        g = nx.MultiDiGraph(name=self._name or "", alphabet=self._alphabet)
        g.add_nodes_from(self._states)
        for e in self._edges:
            g.add_edge(e.source, e.target, key=e.symbol, symbol=e.symbol, probability=e.probability)
        return g

    # --- value semantics ----------------------------------------------------------
    def _key(self):
        return (self._states, self._alphabet, self._edges, self._domain)

    def __eq__(self, other) -> bool:
        if not isinstance(other, HMM):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(self._key())
        return self._hash

    def __setattr__(self, name, value):
        if name in HMM.__slots__ and not hasattr(self, name):
            object.__setattr__(self, name, value)  # first assignment, during _build
            return
        if name == "_matrices" and getattr(self, "_matrices", None) is None:
            object.__setattr__(self, name, value)  # lazily computed cache
            return
        if name == "_hash" and getattr(self, "_hash", None) is None:
            object.__setattr__(self, name, value)  # lazily computed hash, set once
            return
        raise AttributeError(f"HMM is immutable: cannot set {name!r}; use subs() or from_edges() to build a new model")

    def __reduce__(self):
        return (_rebuild, (tuple(self._edges), self._states, self._alphabet,
                           tuple(self._domain.items()), self._name))

    def __repr__(self) -> str:
        label = f"{self._name!r}, " if self._name else ""
        return (f"HMM({label}states={self._states}, alphabet={self._alphabet}, "
                f"parameters={self.parameters}, edges={len(self._edges)})")

    def __str__(self) -> str:
        lines = [repr(self)]
        lines += [f"  {_fmt_state(e.source)} -> {_fmt_state(e.target)} on {e.symbol!r}: "
                  f"{_fmt_expr(e.probability, 2000)}"
                  for e in self._edges]
        if self._domain:
            lines.append("  domain: " + ", ".join(f"{lo} < {s} < {hi}" for s, (lo, hi) in self._domain.items()))
        return "\n".join(lines)

    # -- rich display (Jupyter) ---------------------------------------------------------

    def _repr_latex_(self) -> str:
        """The labelled transition matrices, for Jupyter (see :func:`symcm.export.printing.latex_matrices`)."""
        from ..export.printing import latex_matrices

        return latex_matrices(self, mode="inline")

    def _repr_svg_(self) -> str | None:
        """The state diagram as SVG when matplotlib is installed, else None (Jupyter then skips it)."""
        from ..export.diagrams import diagram_svg

        return diagram_svg(self)


def as_model(m, where: str, name: str = "the model"):
    """``m`` itself if it is a :class:`~symcm.models.hmm.HMM`, else :class:`ParameterTypeError`.

    >>> from symcm.models.hmm import as_model
    >>> as_model([1, 2], "entropy_rate")
    Traceback (most recent call last):
    ...
    symcm.errors.ParameterTypeError: entropy_rate: expected the model to be a symcm.HMM, received the list [1, 2]
    """
    if not isinstance(m, HMM):
        raise ParameterTypeError(f"{where}: expected {name} to be a symcm.HMM, received {checks.describe(m)}")
    return m


def _rebuild(edges, states, alphabet, domain, name):
    return HMM._build([tuple(e) for e in edges], states=states, alphabet=alphabet,
                      domain=dict(domain), name=name)
