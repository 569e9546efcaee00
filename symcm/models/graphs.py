"""Models from networkx graphs: the inverse of :meth:`HMM.to_networkx <symcm.models.hmm.HMM.to_networkx>`.

A state diagram is a directed multigraph: nodes are states, and each edge
``s -> t`` carries the attributes ``symbol`` (a str, the emitted symbol
``x``) and ``probability`` (``T^(x)[s, t]``, an exact number or a sympy
expression in the parameters).  :meth:`~symcm.models.hmm.HMM.to_networkx`
writes exactly this, keying each edge by its symbol, with the graph
attributes ``alphabet``, ``name`` and ``domain`` (``{Symbol: (lo, hi)}``);
:func:`from_networkx` reads it back, so ``from_networkx(m.to_networkx()) == m``.

Nothing in a graph is evaluated: a probability given as text (as graph file
formats such as GraphML store it) is read with the restricted grammar of
:func:`symcm.algebra.parse.parse_expression`, whose only names are the
declared parameters; everything else goes through
:func:`~symcm.algebra.numbers.as_exact` and then the same validation as
:meth:`HMM.from_edges <symcm.models.hmm.HMM.from_edges>` (rows summing to 1
exactly, probabilities nonnegative on the domain) [Crutchfield & Young 1989
for the edge-labelled presentation].

References
----------
.. [1] J. P. Crutchfield and K. Young, "Inferring statistical complexity",
   Phys. Rev. Lett. 63, 105-108 (1989).
.. [2] A. A. Hagberg, D. A. Schult and P. J. Swart, "Exploring network
   structure, dynamics, and function using NetworkX", Proc. 7th Python in
   Science Conference (SciPy 2008), 11-15.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx
import sympy as sp

from .. import checks
from ..algebra.parse import parse_expression
from ..errors import ModelError, ParameterTypeError
from .construction import _fmt_state
from .hmm import HMM

__all__ = ["from_networkx"]


def _parameter_names(parameters, domain) -> dict:
    """``{name: Symbol}`` from the ``parameters`` argument and the domain's symbols."""
    names = {}
    if parameters is not None:
        if isinstance(parameters, (str, bytes)) or not isinstance(parameters, Iterable):
            raise ParameterTypeError(
                "from_networkx: parameters must be an iterable of sympy Symbols (e.g. sc.symbols('p q')), "
                f"received {checks.describe(parameters)}"
            )
        for sym in parameters:
            if not isinstance(sym, sp.Symbol):
                raise ParameterTypeError(
                    f"from_networkx: parameters must be sympy Symbols, received {checks.describe(sym)}"
                )
            names[sym.name] = sym
    for sym in (domain or {}):
        if isinstance(sym, sp.Symbol):
            names.setdefault(sym.name, sym)
    return names


def _probability(value, names: dict, where: str):
    """An edge probability: text through the safe grammar, anything else left to ``HMM.from_edges``."""
    if isinstance(value, (bytes, bytearray)):
        raise ParameterTypeError(f"{where}: expected a number, a sympy expression or text, received bytes {value!r}")
    if isinstance(value, str):
        return parse_expression(value, names, where=where)
    return value


def from_networkx(g, *, domain: Mapping | None = None, parameters: Iterable | None = None,
                  name: str | None = None) -> HMM:
    """The model whose state diagram is the networkx graph ``g``.

    Every edge ``s -> t`` of ``g`` becomes the model edge
    ``(s, t, g[s][t][k]["symbol"], g[s][t][k]["probability"])``: the entry
    ``T^(x)[s, t]`` of the labelled matrix of ``x``.  States are the nodes in
    ``g``'s order; the alphabet, name and domain are the graph attributes
    ``alphabet``, ``name`` and ``domain`` when present (what
    :meth:`HMM.to_networkx <symcm.models.hmm.HMM.to_networkx>` writes), the
    keywords override them.

    Parameters
    ----------
    g : networkx.MultiDiGraph or networkx.DiGraph
        A directed graph; edges need the attributes ``symbol`` (str) and
        ``probability`` (a number, sympy expression, or text in the
        grammar of :func:`symcm.parse_expression`).
    domain : mapping Symbol -> (lo, hi), optional
        The parameter box (default: the graph's ``domain``, else ``(0, 1)``
        per parameter).
    parameters : iterable of sympy.Symbol, optional
        The names text probabilities may use (the domain's symbols are
        always allowed).
    name : str, optional
        Display name (default: the graph's ``name``, if not empty).

    Returns
    -------
    HMM

    Raises
    ------
    ParameterTypeError
        ``g`` is not a directed networkx graph, or a value of the wrong type
        (bytes, a bool, text where a symbol name is expected, ...).
    ModelError
        An edge lacks ``symbol`` or ``probability``, or a multigraph edge
        keyed by a str names another symbol than its ``symbol``.
    MachineFileError
        A text probability outside the restricted grammar (never evaluated).
    NotStochasticError, NegativeProbabilityError, ...
        As :meth:`HMM.from_edges <symcm.models.hmm.HMM.from_edges>`.

    Examples
    --------
    >>> import symcm as sc
    >>> p = sc.symbols("p")
    >>> m = sc.processes.golden_mean(p)
    >>> sc.from_networkx(m.to_networkx()) == m
    True
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edges_from([("A", "A", {"symbol": "1", "probability": "1 - p"}),   # text: the safe grammar
    ...                   ("A", "B", {"symbol": "0", "probability": "p"}),
    ...                   ("B", "A", {"symbol": "1", "probability": 1})])
    [0, 0, 0]
    >>> sc.from_networkx(g, parameters=[p]) == m
    True
    >>> g["B"]["A"][0]["probability"] = "1/2"
    >>> sc.from_networkx(g, parameters=[p])
    Traceback (most recent call last):
    ...
    symcm.errors.NotStochasticError: row of state 'B' sums to 1/2, not 1
    """
    if not isinstance(g, nx.Graph) or not g.is_directed():
        raise ParameterTypeError(
            "from_networkx: expected a directed networkx graph (MultiDiGraph or DiGraph, as HMM.to_networkx "
            f"writes), received {checks.describe(g) if not isinstance(g, nx.Graph) else 'an undirected ' + type(g).__name__}"
        )
    attrs = g.graph
    if domain is None:
        domain = attrs.get("domain")
        if domain is not None and not isinstance(domain, Mapping):
            raise ParameterTypeError(
                "from_networkx: the graph attribute 'domain' must be a mapping {Symbol: (lo, hi)}, "
                f"received {checks.describe(domain)}"
            )
    names = _parameter_names(parameters, domain)
    alphabet = attrs.get("alphabet")
    if name is None:
        name = attrs.get("name") or None
    edges = []
    multi = g.is_multigraph()
    for item in (g.edges(keys=True, data=True) if multi else g.edges(data=True)):
        source, target, data = item[0], item[1], item[-1]
        where = f"from_networkx: edge {_fmt_state(source)} -> {_fmt_state(target)}"
        if multi:
            where += f" (key {item[2]!r})"
        missing = [a for a in ("symbol", "probability") if a not in data]
        if missing:
            raise ModelError(
                f"{where} has no attribute {' or '.join(map(repr, missing))}; every edge needs 'symbol' (a str) "
                f"and 'probability' (as HMM.to_networkx writes); its attributes are {sorted(map(str, data))}"
            )
        symbol = data["symbol"]
        if multi and isinstance(item[2], str) and item[2] != symbol:
            raise ModelError(f"{where}: the key {item[2]!r} names another symbol than the attribute "
                             f"symbol={symbol!r}")
        where = f"{where} on {symbol!r}"
        edges.append((source, target, symbol, _probability(data["probability"], names, f"probability of {where}")))
    return HMM.from_edges(edges, states=list(g.nodes), alphabet=alphabet, domain=domain, name=name)
