"""Building a model: from user edges or labelled matrices to the checked edges of an HMM.

This module owns the validation behind :meth:`HMM.from_edges
<symcm.models.hmm.HMM.from_edges>` and :meth:`HMM.from_matrices
<symcm.models.hmm.HMM.from_matrices>`, and the :class:`Edge` record:

* user input is checked and converted (state names are str or int, never
  bool; symbols are str; probabilities are exact, :func:`~symcm.algebra.numbers.as_exact`;
  matrices are read row by row, never through ``sympy.Matrix``, which would
  evaluate text);
* ``build`` (``HMM._build``) caps degrees, finds the parameters and their
  domain, orders states and alphabet, merges parallel edges, puts every
  probability in canonical form (:mod:`symcm.algebra.rational`), certifies it
  nonnegative on the domain and records where it vanishes, and checks that
  every row of ``T`` sums to 1 identically;
* ``derived`` (``HMM._derived``) builds models derived from validated ones
  (mixed states, quotients, reversals) without the sign certification.

Both fill the slots of an :class:`~symcm.models.hmm.HMM` given as ``cls``;
they are reached through the class, never called by users.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import NamedTuple

import sympy as sp

from .. import checks
from ..algebra.domain import Domain
from ..algebra.numbers import _fmt_expr, as_exact
from ..algebra.positivity import MAX_BOXES
from ..algebra.rational import MAX_DEGREE, _check_degree, _effective, _rational_function, _sign
from ..errors import (
    BudgetExceededError,
    DomainError,
    ModelError,
    NegativeProbabilityError,
    NotStochasticError,
    ParameterTypeError,
    UndecidableError,
    UnknownStateError,
    UnknownSymbolError,
)

__all__ = ["Edge", "MAX_DEGREE", "MAX_SIGN_BOXES"]

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


def _fmt_state(s) -> str:
    return repr(s) if isinstance(s, str) else str(s)


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



def user_edges(edges) -> list:
    """The edges given to :meth:`HMM.from_edges`, checked, as ``(source, target, symbol, exact probability)``."""
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
    return raw


def matrix_edges(matrices, states) -> tuple[list, tuple, tuple]:
    """``(edges, state names, alphabet)`` of the labelled matrices given to :meth:`HMM.from_matrices`."""
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
    return edges, names, tuple(mats)


def _sums_to_one(fractions: list) -> bool:
    """Whether the fractions ``(pn, pd)`` (sympy Polys over QQ in the same generators) sum to 1, exactly.

    ``sum pn_i / pd_i = N / D`` over the product of the distinct denominators,
    and ``N / D = 1`` iff ``N = D``: polynomial arithmetic, no ``cancel``.
    """
    if not fractions:
        return False
    num, den = fractions[0]
    for pn, pd in fractions[1:]:
        if pd == den:
            num = num + pn
        else:
            num, den = num * pd + pn * den, den * pd
    return num == den


def build(cls, raw, *, states, alphabet, domain, name, max_degree=MAX_DEGREE,
           max_sign_boxes=MAX_SIGN_BOXES) -> object:
    """Check and canonicalise the edges ``raw`` and fill a new ``cls`` (``HMM._build``)."""
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
    gens = checks.free_parameters(e[3] for e in raw)
    free, by_name = set(gens), {s.name: s for s in gens}
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
    rows: dict = {s: [] for s in order}
    for e, frac in zip(edges, polys):
        rows[e.source].append(frac)
    for s in order:
        if gens and _sums_to_one(rows[s]):
            continue
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


def derived(cls, edges, *, states, alphabet, domain, name=None, canonical=None) -> object:
    """Build a model derived from validated ones (mixed states, quotients, reversals).

    The probabilities are known to be valid by construction, so the sign
    certification is skipped (rows are still checked to sum to 1, a cheap
    exact guard); vanishing edges are not recorded: callers take them from
    the model they derive from.  ``canonical``, when given, holds for each
    edge (no two with the same source, target and symbol) what
    ``_rational_function(probability, gens)`` returns, ``(value, numerator
    Poly, denominator Poly)`` with the value as the edge's probability (the
    reversal computes them in the ring); they are used when their
    polynomials are over the model's parameters.  Not part of the public API.
    """
    free = set().union(*(sp.sympify(e[3]).free_symbols for e in edges)) if edges else set()
    gens = tuple(sorted(free, key=lambda s: s.name))
    dom = Domain({s: dict(domain)[s] for s in gens})
    index = {s: i for i, s in enumerate(states)}
    out, polys = [], []
    merged: dict[tuple, sp.Expr] = {}
    given: dict[tuple, tuple] = {}
    if canonical is not None and all(c[1].gens == gens for c in canonical) and gens:
        given = {(src, dst, sym): c for (src, dst, sym, _), c in zip(edges, canonical)}
        if len(given) != len(edges):  # pragma: no cover - invariant of the callers
            raise ValueError("derived: canonical forms need edges without duplicates")
    for src, dst, sym, prob in edges:
        merged[(src, dst, sym)] = merged.get((src, dst, sym), 0) + prob
    row_sums = {s: sp.Integer(0) for s in states}
    for (src, dst, sym), prob in sorted(merged.items(), key=lambda kv: (index[kv[0][0]], index[kv[0][1]],
                                                                      alphabet.index(kv[0][2]))):
        known = given.get((src, dst, sym))
        value, pn, pd = known if known is not None else _rational_function(prob, gens, "derived edge")
        if value == 0:
            continue
        out.append(Edge(src, dst, sym, value))
        polys.append((pn, pd))
        row_sums[src] += value
    rows: dict = {st: [] for st in states}
    for e, frac in zip(out, polys):
        rows[e.source].append(frac)
    for st in states:
        if gens and _sums_to_one(rows[st]):
            continue
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
