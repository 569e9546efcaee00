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

from collections.abc import Iterable, Mapping

import networkx as nx
import sympy as sp

from .. import checks
from ..algebra.domain import Domain
from ..algebra.numbers import _fmt_expr, as_exact
from ..algebra.rational import _effective
from ..errors import DomainError, ParameterTypeError, UnknownStateError, UnknownSymbolError
from . import construction
from .construction import MAX_DEGREE, MAX_SIGN_BOXES, Edge, _check_state, _fmt_state, matrix_edges, user_edges

__all__ = ["Edge", "HMM", "as_exact", "MAX_DEGREE", "MAX_SIGN_BOXES"]


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
        text with :func:`symcm.load` / :func:`symcm.parse_expression`.

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
        raw = user_edges(edges)
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
        edges, names, alphabet = matrix_edges(matrices, states)
        return cls.from_edges(edges, states=names, alphabet=alphabet, domain=domain, name=name,
                              max_degree=max_degree, max_sign_boxes=max_sign_boxes)

    _build = classmethod(construction.build)
    _derived = classmethod(construction.derived)

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
        attribute ``probability`` (a sympy expression); the graph attributes
        are ``name``, ``alphabet`` and ``domain`` (``{Symbol: (lo, hi)}``).
        :func:`symcm.from_networkx` reads it back.

        Examples
        --------
        >>> import symcm as sc
        >>> g = sc.processes.golden_mean(sc.symbols("p")).to_networkx()
        >>> sorted(g.edges(keys=True))
        [('A', 'A', '1'), ('A', 'B', '0'), ('B', 'A', '1')]
        """
        g = nx.MultiDiGraph(name=self._name or "", alphabet=self._alphabet, domain=dict(self._domain.items()))
        g.add_nodes_from(self._states)
        for e in self._edges:
            g.add_edge(e.source, e.target, key=e.symbol, symbol=e.symbol, probability=e.probability)
        return g

    # --- value semantics ----------------------------------------------------------
    def _key(self):
        # The vanishing edges belong to the content: a model derived by symcm (reverse, quotient,
        # mixed states) records none and answers for the generic point, so it must not share a
        # cache entry with a user's model of the same edges whose probabilities vanish inside the domain.
        return (self._states, self._alphabet, self._edges, self._domain, self._vanishing)

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
